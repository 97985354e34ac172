/* numfmt.c: number formatting (see numfmt.h). */
#include "core/numfmt.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rewrites the C-locale rendering of a number ("-1234.50") with grouping and the
 * language's separators into BUF. */
static char *localise(char *buf, size_t size, const char *c_form, ntm_lang lang)
{
    char dec = lang == NTM_LANG_VI ? ',' : '.';
    char grp = lang == NTM_LANG_VI ? '.' : ',';
    const char *p = c_form;
    char out[128];
    size_t o = 0;
    if (*p == '-') {
        out[o++] = '-';
        p++;
    }
    const char *dot = strchr(p, '.');
    size_t int_len = dot ? (size_t)(dot - p) : strlen(p);
    for (size_t i = 0; i < int_len && o < sizeof out - 2; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            out[o++] = grp;
        out[o++] = p[i];
    }
    if (dot) {
        out[o++] = dec;
        for (const char *q = dot + 1; *q && o < sizeof out - 1; q++)
            out[o++] = *q;
    }
    out[o] = '\0';
    /* "-0" and "-0,0" read as a negative zero: drop the sign. */
    if (out[0] == '-') {
        int all_zero = 1;
        for (size_t i = 1; i < o; i++)
            if (out[i] >= '1' && out[i] <= '9')
                all_zero = 0;
        if (all_zero)
            memmove(out, out + 1, o);
    }
    snprintf(buf, size, "%s", out);
    return buf;
}

char *ntm_fmt_number(char *buf, size_t size, double v, int decimals, ntm_lang lang)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", NTM_FMT_NONE);
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 12)
        decimals = 12;
    char c_form[96];
    snprintf(c_form, sizeof c_form, "%.*f", decimals, v);
    return localise(buf, size, c_form, lang);
}

char *ntm_fmt_percent(char *buf, size_t size, double v, int decimals, ntm_lang lang)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", NTM_FMT_NONE);
        return buf;
    }
    char num[96];
    ntm_fmt_number(num, sizeof num, v, decimals, lang);
    snprintf(buf, size, "%s%%", num);
    return buf;
}

char *ntm_fmt_money(char *buf, size_t size, double dong, ntm_lang lang)
{
    if (!isfinite(dong)) {
        snprintf(buf, size, "%s", NTM_FMT_NONE);
        return buf;
    }
    char num[96];
    double a = fabs(dong);
    /* Decide the unit on the rounded figure (0,95 tỷ is 0,9499... in binary). */
    if (round(a / 1e8) >= 10) { /* rounds to at least 1,0 tỷ */
        ntm_fmt_number(num, sizeof num, round(dong / 1e8) / 10, 1, lang);
        snprintf(buf, size, ntm_i18n(lang, "%s billion VND"), num);
    } else if (round(a / 1e5) >= 10) {    /* rounds to at least 1,0 triệu */
        int small = round(a / 1e5) < 100; /* below 10,0 triệu: one decimal */
        ntm_fmt_number(num, sizeof num, small ? round(dong / 1e5) / 10 : round(dong / 1e6),
                       small ? 1 : 0, lang);
        snprintf(buf, size, ntm_i18n(lang, "%s million VND"), num);
    } else {
        ntm_fmt_number(num, sizeof num, dong, 0, lang);
        snprintf(buf, size, ntm_i18n(lang, "%s VND"), num);
    }
    return buf;
}

char *ntm_fmt_plain(char *buf, size_t size, double v, int json)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", json ? "null" : "");
        return buf;
    }
    /* Shortest %.{15,16,17}g that reads back to the same double. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}
