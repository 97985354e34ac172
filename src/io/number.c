/* number.c: the strict number parser (see number.h for the rules). */
#include "io/number.h"

#include "core/i18n.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Length of a blank at P (ASCII space or tab, U+00A0, U+202F), 0 if none. */
static size_t blank_len(const char *p)
{
    if (*p == ' ' || *p == '\t')
        return 1;
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
        return 3;
    return 0;
}

static const char *skip_blanks(const char *p)
{
    size_t n;
    while ((n = blank_len(p)) > 0)
        p += n;
    return p;
}

/* The digits-and-separators part of a number, split out of the text. */
typedef struct body {
    char text[128]; /* digits, '.' and ',' only */
    char expo[16];  /* "e-3" or "" */
    int negative;
    int percent;
} body;

static const char *split_body(const char *s, body *b)
{
    memset(b, 0, sizeof *b);
    const char *p = skip_blanks(s);
    if (*p == '+' || *p == '-') {
        b->negative = *p == '-';
        p++;
    } else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 &&
               (unsigned char)p[2] == 0x92) { /* U+2212 minus sign */
        b->negative = 1;
        p += 3;
    }
    size_t n = 0;
    while (isdigit((unsigned char)*p) || *p == '.' || *p == ',') {
        if (n + 1 >= sizeof b->text)
            return _("number too long");
        b->text[n++] = *p++;
    }
    if (n == 0)
        return *skip_blanks(s) ? _("not a number") : _("empty");
    if (*p == 'e' || *p == 'E') {
        size_t e = 0;
        b->expo[e++] = 'e';
        p++;
        if (*p == '+' || *p == '-')
            b->expo[e++] = *p++;
        if (!isdigit((unsigned char)*p))
            return _("not a number");
        while (isdigit((unsigned char)*p)) {
            if (e + 1 >= sizeof b->expo)
                return _("exponent too long");
            b->expo[e++] = *p++;
        }
    }
    p = skip_blanks(p);
    if (*p == '%') {
        b->percent = 1;
        p = skip_blanks(p + 1);
    }
    if (*p)
        return _("not a number");
    return NULL;
}

/* Style a bare body implies (see ntm_number_vote). */
static ntm_numstyle vote_body(const char *t)
{
    const char *last_dot = strrchr(t, '.'), *last_comma = strrchr(t, ',');
    if (last_dot && last_comma)
        return last_dot > last_comma ? NTM_NUM_EN : NTM_NUM_VI;
    const char *sep = last_dot ? last_dot : last_comma;
    if (!sep)
        return NTM_NUM_AUTO;
    char c = *sep;
    int count = 0;
    for (const char *q = t; *q; q++)
        count += *q == c;
    /* Several of one separator can only be grouping, and only if it groups in threes
     * ("1.234.567"); anything else ("0,5,1") is not a number in either style. */
    ntm_numstyle grouping = c == '.' ? NTM_NUM_VI : NTM_NUM_EN;
    ntm_numstyle decimal = c == '.' ? NTM_NUM_EN : NTM_NUM_VI;
    if (count > 1) {
        size_t run = 0, groups = 0;
        for (const char *q = t;; q++) {
            if (*q == c || !*q) {
                if (run == 0 || run > 3 || (groups > 0 && run != 3))
                    return NTM_NUM_AUTO;
                groups++;
                run = 0;
                if (!*q)
                    break;
            } else {
                run++;
            }
        }
        return grouping;
    }
    size_t after = strlen(sep + 1), before = (size_t)(sep - t);
    if (after != 3 || before == 0 || before > 3 || t[0] == '0')
        return decimal;
    return NTM_NUM_AUTO;
}

ntm_numstyle ntm_number_vote(const char *s)
{
    body b;
    if (split_body(s, &b))
        return NTM_NUM_AUTO;
    /* An exponent is only written with a decimal point ("9.000E0"). */
    if (b.expo[0] && !strchr(b.text, ','))
        return NTM_NUM_EN;
    return vote_body(b.text);
}

ntm_status ntm_number_parse(const char *s, ntm_numstyle style, ntm_number *out, const char **why)
{
    static const char *dummy;
    if (!why)
        why = &dummy;
    if (!s) {
        *why = _("empty");
        return NTM_EINPUT;
    }
    body b;
    const char *bad = split_body(s, &b);
    if (bad) {
        *why = bad;
        return NTM_EINPUT;
    }
    if (style == NTM_NUM_AUTO)
        style = vote_body(b.text) == NTM_NUM_EN ? NTM_NUM_EN : NTM_NUM_VI;
    char dec = style == NTM_NUM_EN ? '.' : ',';
    char grp = style == NTM_NUM_EN ? ',' : '.';

    char c_form[160];
    size_t o = 0;
    if (b.negative)
        c_form[o++] = '-';
    const char *t = b.text;
    const char *dec_at = strchr(t, dec);
    if (dec_at && strchr(dec_at + 1, dec)) {
        *why = _("more than one decimal separator");
        return NTM_EINPUT;
    }
    size_t int_len = dec_at ? (size_t)(dec_at - t) : strlen(t);
    /* Integer part: digits, optionally grouped in threes by GRP. */
    size_t group = 0, groups = 0, first_group = 0;
    int digits = 0;
    for (size_t i = 0; i < int_len; i++) {
        if (t[i] == grp) {
            if (group == 0 || (groups > 0 && group != 3) || (groups == 0 && group > 3)) {
                *why = _("thousands separator out of place");
                return NTM_EINPUT;
            }
            if (groups == 0)
                first_group = group;
            groups++;
            group = 0;
        } else if (isdigit((unsigned char)t[i])) {
            c_form[o++] = t[i];
            group++;
            digits++;
        } else {
            *why = _("thousands separator out of place");
            return NTM_EINPUT;
        }
    }
    (void)first_group;
    if (groups > 0 && group != 3) {
        *why = _("thousands separator out of place");
        return NTM_EINPUT;
    }
    if (digits == 0) {
        *why = _("no digits before the decimal separator");
        return NTM_EINPUT;
    }
    if (dec_at) {
        const char *f = dec_at + 1;
        if (!*f) {
            *why = _("no digits after the decimal separator");
            return NTM_EINPUT;
        }
        c_form[o++] = '.';
        for (; *f; f++) {
            if (!isdigit((unsigned char)*f)) {
                *why = _("thousands separator after the decimal separator");
                return NTM_EINPUT;
            }
            c_form[o++] = *f;
        }
    }
    if (b.expo[0]) {
        if (dec != '.') {
            *why = _("exponent in a Vietnamese-style number");
            return NTM_EINPUT;
        }
        for (const char *e = b.expo; *e; e++)
            c_form[o++] = *e;
    }
    c_form[o] = '\0';
    errno = 0;
    char *end;
    double v = strtod(c_form, &end);
    if (*end || errno == ERANGE || !isfinite(v)) {
        *why = _("number out of range");
        return NTM_EINPUT;
    }
    if (out) {
        out->value = v == 0 ? 0.0 : v; /* no negative zero */
        out->percent = b.percent;
    }
    return NTM_OK;
}

ntm_status ntm_parse_double(const char *s, ntm_numstyle style, double *out, const char **why)
{
    ntm_number n;
    ntm_status st = ntm_number_parse(s, style, &n, why);
    if (st == NTM_OK && out)
        *out = n.value;
    return st;
}

ntm_status ntm_parse_long(const char *s, ntm_numstyle style, long min, long max, long *out,
                          const char **why)
{
    static const char *dummy;
    if (!why)
        why = &dummy;
    ntm_number n;
    ntm_status st = ntm_number_parse(s, style, &n, why);
    if (st != NTM_OK)
        return st;
    if (n.percent || n.value != floor(n.value)) {
        *why = _("not a whole number");
        return NTM_EINPUT;
    }
    if (n.value < (double)min || n.value > (double)max) {
        *why = _("number out of range");
        return NTM_EINPUT;
    }
    if (out)
        *out = (long)n.value;
    return NTM_OK;
}

/* Unit words for money, lower case (ASCII folded), with their multipliers. */
static const struct {
    const char *word;
    double mult;
} money_units[] = {
    {"tỷ", 1e9},    {"tỉ", 1e9},    {"ty", 1e9},    {"ti", 1e9},   {"billion", 1e9},
    {"bn", 1e9},    {"triệu", 1e6}, {"trieu", 1e6}, {"tr", 1e6},   {"million", 1e6},
    {"nghìn", 1e3}, {"ngàn", 1e3},  {"nghin", 1e3}, {"ngan", 1e3}, {"thousand", 1e3},
};
static const char *currency_words[] = {"đồng", "đ", "dong", "vnd", "vnđ", "d"};

/* Matches WORD at *P (case-insensitive for ASCII, first letter for Vietnamese words
 * too: "Tỷ"), followed by a blank or the end; advances *P past it. */
static int eat_word(const char **p, const char *word)
{
    size_t n = strlen(word);
    const char *q = *p;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)q[i], b = (unsigned char)word[i];
        if (!a)
            return 0;
        if (a < 0x80)
            a = (unsigned char)tolower(a);
        if (a == 0xC4 && b == 0xC4 && (unsigned char)q[i + 1] == 0x90 &&
            (unsigned char)word[i + 1] == 0x91) { /* Đ matches đ */
            i++;
            continue;
        }
        if (a != b)
            return 0;
    }
    q += n;
    if (*q && !blank_len(q))
        return 0;
    *p = skip_blanks(q);
    return 1;
}

ntm_status ntm_money_parse(const char *s, ntm_numstyle style, double *dong, const char **why)
{
    static const char *dummy;
    if (!why)
        why = &dummy;
    if (!s) {
        *why = _("empty");
        return NTM_EINPUT;
    }
    /* The number is everything up to the first letter. */
    const char *p = skip_blanks(s);
    const char *q = p;
    while (*q && (isdigit((unsigned char)*q) || *q == '.' || *q == ',' || *q == '-' || *q == '+' ||
                  blank_len(q)))
        q += blank_len(q) ? blank_len(q) : 1;
    char num[128];
    size_t len = (size_t)(q - p);
    if (len >= sizeof num) {
        *why = _("number too long");
        return NTM_EINPUT;
    }
    memcpy(num, p, len);
    num[len] = '\0';
    ntm_number n;
    ntm_status st = ntm_number_parse(num, style, &n, why);
    if (st != NTM_OK)
        return st;
    if (n.percent) {
        *why = _("a percentage is not an amount of money");
        return NTM_EINPUT;
    }
    double mult = 1;
    const char *r = skip_blanks(q);
    for (size_t i = 0; i < sizeof money_units / sizeof money_units[0]; i++)
        if (eat_word(&r, money_units[i].word)) {
            mult = money_units[i].mult;
            break;
        }
    for (size_t i = 0; i < sizeof currency_words / sizeof currency_words[0]; i++)
        if (eat_word(&r, currency_words[i]))
            break;
    if (*r) {
        *why = _("unknown money unit (use tỷ, triệu, nghìn or đồng)");
        return NTM_EINPUT;
    }
    if (n.value < 0) {
        *why = _("negative amount");
        return NTM_EINPUT;
    }
    double v = n.value * mult;
    if (!isfinite(v)) {
        *why = _("number out of range");
        return NTM_EINPUT;
    }
    if (dong)
        *dong = v;
    return NTM_OK;
}
