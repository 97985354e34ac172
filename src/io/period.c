/* period.c: reporting periods and moments (see period.h). */
#include "io/period.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/text.h"

#define MINUTES_PER_DAY 1440L

/* Howard Hinnant's days_from_civil (proleptic Gregorian, era of 400 years). */
long ntm_days_from_civil(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ntm_civil_from_days(long z, int *year, int *month, int *day)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

static void make_date(int y, int m, int d, ntm_date *out)
{
    out->year = y;
    out->month = m;
    out->day = d;
    snprintf(out->iso, sizeof out->iso, "%04d-%02d-%02d", y, m, d);
    out->t = ntm_date_decimal(y, m, d);
}

static void date_of_days(long days, ntm_date *out)
{
    int y, m, d;
    ntm_civil_from_days(days, &y, &m, &d);
    make_date(y, m, d, out);
}

static int month_days(int y, int m)
{
    return (int)(ntm_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
                 ntm_days_from_civil(y, m, 1));
}

/* Monday = 0 ... Sunday = 6 (01/01/1970 was a Thursday). */
static int weekday(long days)
{
    return (int)(((days % 7) + 7 + 3) % 7);
}

/* The Monday of ISO week 1 of YEAR: the week holding 4 January. */
static long iso_week1(int year)
{
    long d4 = ntm_days_from_civil(year, 1, 4);
    return d4 - weekday(d4);
}

static void iso_week_of(long days, int *year, int *week)
{
    long thursday = days - weekday(days) + 3;
    int y, m, d;
    ntm_civil_from_days(thursday, &y, &m, &d);
    *year = y;
    *week = (int)((thursday - ntm_days_from_civil(y, 1, 1)) / 7 + 1);
}

static void fill(ntm_period *p, ntm_period_kind kind, int year, int num)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->year = year;
    p->num = num;
    switch (kind) {
    case NTM_PERIOD_YEAR:
        make_date(year, 1, 1, &p->first);
        make_date(year, 12, 31, &p->last);
        snprintf(p->label, sizeof p->label, "%04d", year);
        break;
    case NTM_PERIOD_HALF1:
        make_date(year, 1, 1, &p->first);
        make_date(year, 6, 30, &p->last);
        snprintf(p->label, sizeof p->label, "6T/%04d", year);
        break;
    case NTM_PERIOD_HALF2:
        make_date(year, 7, 1, &p->first);
        make_date(year, 12, 31, &p->last);
        snprintf(p->label, sizeof p->label, "6TC/%04d", year);
        break;
    case NTM_PERIOD_NINE:
        make_date(year, 1, 1, &p->first);
        make_date(year, 9, 30, &p->last);
        snprintf(p->label, sizeof p->label, "9T/%04d", year);
        break;
    case NTM_PERIOD_QUARTER:
        make_date(year, 3 * num - 2, 1, &p->first);
        make_date(year, 3 * num, month_days(year, 3 * num), &p->last);
        snprintf(p->label, sizeof p->label, "Q%d/%04d", num, year);
        break;
    case NTM_PERIOD_MONTH:
        make_date(year, num, 1, &p->first);
        make_date(year, num, month_days(year, num), &p->last);
        snprintf(p->label, sizeof p->label, "%02d/%04d", num, year);
        break;
    case NTM_PERIOD_WEEK: {
        long mon = iso_week1(year) + 7L * (num - 1);
        date_of_days(mon, &p->first);
        date_of_days(mon + 6, &p->last);
        snprintf(p->label, sizeof p->label, "W%02d/%04d", num, year);
        break;
    }
    }
}

/* Reads 1..MAXD digits at *P into *V; returns the count read. */
static int digits(const char **p, int maxd, int *v)
{
    int n = 0;
    *v = 0;
    while (n < maxd && isdigit((unsigned char)**p)) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n;
}

static int skip_word(const char **p, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(*p, w, n) != 0)
        return 0;
    *p += n;
    return 1;
}

static void skip_blanks(const char **p)
{
    while (**p == ' ')
        (*p)++;
}

/* The year after a period's name: separators ("/", "-", ",", blanks, "nam", "dau nam"),
 * then four digits and the end of the text. */
static int tail_year(const char *p, int *year)
{
    for (;;) {
        skip_blanks(&p);
        if (*p == '/' || *p == '-' || *p == ',' || *p == '.') {
            p++;
            continue;
        }
        if (skip_word(&p, "dau nam") || skip_word(&p, "nam"))
            continue;
        break;
    }
    if (digits(&p, 4, year) != 4)
        return 0;
    skip_blanks(&p);
    return *p == '\0' && *year >= 1900 && *year <= 2200;
}

/* A quarter number: 1-4 or I, II, III, IV (folded to lower case). */
static int quarter_number(const char **p)
{
    static const char *const roman[] = {"iv", "iii", "ii", "i"};
    static const int value[] = {4, 3, 2, 1};
    if (**p >= '1' && **p <= '4' && !isdigit((unsigned char)(*p)[1]))
        return *(*p)++ - '0';
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(roman[i]);
        if (strncmp(*p, roman[i], n) == 0 && !isalpha((unsigned char)(*p)[n])) {
            *p += n;
            return value[i];
        }
    }
    return 0;
}

/* Named periods on the match key K; 1 when one was read into OUT. */
static int named_period(const char *k, ntm_period *out, const char **why)
{
    const char *p = k;
    int year, q, w;
    if (skip_word(&p, "quy") || skip_word(&p, "q")) {
        skip_blanks(&p);
        if (!(q = quarter_number(&p)) || !tail_year(p, &year)) {
            *why = _("not a quarter (write Q2/2024 or quý II/2024)");
            return -1;
        }
        fill(out, NTM_PERIOD_QUARTER, year, q);
        return 1;
    }
    if (skip_word(&p, "tuan") || skip_word(&p, "w")) {
        skip_blanks(&p);
        if (digits(&p, 2, &w) == 0 || !tail_year(p, &year)) {
            *why = _("not a week (write W23/2024 or tuần 23/2024)");
            return -1;
        }
        goto week;
    }
    if ((k[0] == '6' || k[0] == '9') && (k[1] == 't' || k[1] == ' ')) {
        p = k + 1;
        skip_blanks(&p);
        if (!(skip_word(&p, "thang") || skip_word(&p, "t")) || !tail_year(p, &year)) {
            *why = _("not a period (write 6T/2024 or 9T/2024)");
            return -1;
        }
        fill(out, k[0] == '6' ? NTM_PERIOD_HALF1 : NTM_PERIOD_NINE, year, 0);
        return 1;
    }
    if (strlen(k) >= 7 && digits(&p, 4, &year) == 4 && skip_word(&p, "-w") &&
        digits(&p, 2, &w) > 0 && *p == '\0')
        goto week;
    return 0;
week:
    if (w < 1 || w > 53 || (w == 53 && iso_week1(year + 1) - iso_week1(year) < 371)) {
        *why = _("week number out of range for that year");
        return -1;
    }
    fill(out, NTM_PERIOD_WEEK, year, w);
    return 1;
}

ntm_status ntm_period_parse(const char *s, ntm_period *out, const char **why)
{
    static const char *dummy;
    if (!why)
        why = &dummy;
    char *k = s ? ntm_text_key(s) : NULL;
    if (!k || !*k) {
        free(k);
        *why = _("empty");
        return NTM_EINPUT;
    }
    int r = named_period(k, out, why);
    if (r != 0) {
        free(k);
        return r > 0 ? NTM_OK : NTM_EINPUT;
    }
    /* A year, or a month: the date forms without a day. */
    const char *p = k;
    int a, b;
    int na = digits(&p, 4, &a);
    int month_form = 0;
    if (na == 4 && *p == '\0') {
        free(k);
        if (a < 1900 || a > 2200) {
            *why = _("year out of range (1900-2200)");
            return NTM_EINPUT;
        }
        fill(out, NTM_PERIOD_YEAR, a, 0);
        return NTM_OK;
    }
    if (na >= 1 && na <= 2 && (*p == '/' || *p == '-' || *p == '.')) {
        p++;
        month_form = digits(&p, 4, &b) == 4 && *p == '\0';
    } else if (na == 4 && *p == '-') {
        p++;
        month_form = digits(&p, 2, &b) > 0 && *p == '\0';
    }
    ntm_date d;
    const char *dwhy = NULL;
    ntm_status rc = ntm_date_parse(k, &d, &dwhy);
    free(k);
    if (!month_form || rc != NTM_OK) {
        *why = rc != NTM_OK && month_form ? dwhy
                                          : _("not a period (write 2024, Q2/2024, quý II/2024, "
                                              "6T/2024, 9T/2024, 07/2024 or W23/2024)");
        return NTM_EINPUT;
    }
    fill(out, NTM_PERIOD_MONTH, d.year, d.month);
    return NTM_OK;
}

void ntm_period_next(const ntm_period *p, ntm_period *out)
{
    switch (p->kind) {
    case NTM_PERIOD_YEAR: fill(out, NTM_PERIOD_YEAR, p->year + 1, 0); break;
    case NTM_PERIOD_HALF1: fill(out, NTM_PERIOD_HALF2, p->year, 0); break;
    case NTM_PERIOD_HALF2: fill(out, NTM_PERIOD_HALF1, p->year + 1, 0); break;
    case NTM_PERIOD_NINE: fill(out, NTM_PERIOD_QUARTER, p->year, 4); break;
    case NTM_PERIOD_QUARTER:
        fill(out, NTM_PERIOD_QUARTER, p->num == 4 ? p->year + 1 : p->year,
             p->num == 4 ? 1 : p->num + 1);
        break;
    case NTM_PERIOD_MONTH:
        fill(out, NTM_PERIOD_MONTH, p->num == 12 ? p->year + 1 : p->year,
             p->num == 12 ? 1 : p->num + 1);
        break;
    case NTM_PERIOD_WEEK: {
        int y, w;
        iso_week_of(ntm_days_from_civil(p->first.year, p->first.month, p->first.day) + 7, &y, &w);
        fill(out, NTM_PERIOD_WEEK, y, w);
        break;
    }
    }
}

void ntm_period_previous(const ntm_period *p, ntm_period *out)
{
    switch (p->kind) {
    case NTM_PERIOD_YEAR:
    case NTM_PERIOD_HALF1:
    case NTM_PERIOD_NINE: fill(out, p->kind, p->year - 1, 0); break;
    case NTM_PERIOD_HALF2: fill(out, NTM_PERIOD_HALF1, p->year, 0); break;
    case NTM_PERIOD_QUARTER:
        fill(out, NTM_PERIOD_QUARTER, p->num == 1 ? p->year - 1 : p->year,
             p->num == 1 ? 4 : p->num - 1);
        break;
    case NTM_PERIOD_MONTH:
        fill(out, NTM_PERIOD_MONTH, p->num == 1 ? p->year - 1 : p->year,
             p->num == 1 ? 12 : p->num - 1);
        break;
    case NTM_PERIOD_WEEK: {
        int y, w;
        iso_week_of(ntm_days_from_civil(p->first.year, p->first.month, p->first.day) - 7, &y, &w);
        fill(out, NTM_PERIOD_WEEK, y, w);
        break;
    }
    }
}

/* ---- moments ------------------------------------------------------------------------ */

void ntm_moment_at(const ntm_date *day, int hour, int minute, ntm_moment *out)
{
    memset(out, 0, sizeof *out);
    out->date = *day;
    out->hour = hour;
    out->minute = minute;
    out->minutes = ntm_days_from_civil(day->year, day->month, day->day) * MINUTES_PER_DAY +
                   hour * 60L + minute;
}

/* An hour at *P: "10h", "10h30", "10:00", "10 gio", "10 gio 30"; 1 when read (P advanced),
 * 0 when P holds no hour, -1 for an hour out of range. */
static int read_time(const char **p, int *hour, int *minute)
{
    const char *q = *p;
    int h, m = 0;
    if (digits(&q, 2, &h) == 0)
        return 0;
    if (*q == ':') {
        q++;
        if (digits(&q, 2, &m) != 2)
            return 0;
    } else if (*q == 'h' || skip_word(&q, " gio") || skip_word(&q, "gio")) {
        if (*q == 'h')
            q++;
        const char *r = q;
        skip_blanks(&r);
        int mm;
        const char *r2 = r;
        if (digits(&r2, 2, &mm) > 0 &&
            (*r2 == '\0' || *r2 == ' ' || *r2 == ',' || skip_word(&r2, "phut") || *r2 == 'p')) {
            /* "10h30" or "10 giờ 30 phút": a minute, unless it is the day of a date */
            if (*r2 == 'p')
                r2++;
            if (r == q || *r2 != '/') {
                m = mm;
                q = r2;
            }
        }
    } else {
        return 0;
    }
    if (*q && *q != ' ' && *q != ',')
        return 0;
    *p = q;
    *hour = h;
    *minute = m;
    return h <= 23 && m <= 59 ? 1 : -1;
}

ntm_status ntm_moment_parse(const char *s, ntm_moment_default def, ntm_moment *out,
                            const char **why)
{
    static const char *dummy;
    if (!why)
        why = &dummy;
    char *k = s ? ntm_text_key(s) : NULL;
    if (!k || !*k) {
        free(k);
        *why = _("empty");
        return NTM_EINPUT;
    }
    int hour = -1, minute = 0, r = 0;
    char *date_part = k;
    const char *p = k;
    char *tee = strchr(k, 't'); /* 2024-06-10T10:00 (folded to lower case) */
    if (tee && tee - k == 10 && isdigit((unsigned char)tee[1])) {
        *tee = '\0';
        p = tee + 1;
        r = read_time(&p, &hour, &minute);
        if (r > 0 && *p)
            r = 0;
    } else if ((r = read_time(&p, &hour, &minute)) > 0) {
        for (;;) { /* "10h ngày 10/6/2024", "10:00, 10/06/2024" */
            skip_blanks(&p);
            if (*p == ',' || *p == '-') {
                p++;
                continue;
            }
            if (skip_word(&p, "ngay") || skip_word(&p, "phut"))
                continue;
            break;
        }
        date_part = (char *)p;
    } else if (r == 0) {
        char *sp = strrchr(k, ' '); /* "10/06/2024 10:00" */
        if (sp) {
            p = sp + 1;
            r = read_time(&p, &hour, &minute);
            if (r > 0 && *p)
                r = 0;
            if (r > 0) {
                *sp = '\0';
                if (sp > k && sp[-1] == ',')
                    sp[-1] = '\0';
            }
        }
    }
    if (r < 0) {
        free(k);
        *why = _("hour out of range (0:00 to 23:59)");
        return NTM_EINPUT;
    }
    ntm_date d;
    const char *dwhy = NULL;
    if (ntm_date_parse(date_part, &d, &dwhy) != NTM_OK) {
        free(k);
        *why = dwhy ? dwhy
                    : _("not a date or time (write 10/06/2024, 10h 10/6/2024 or "
                        "10:00 10/06/2024)");
        return NTM_EINPUT;
    }
    free(k);
    if (r > 0) {
        ntm_moment_at(&d, hour, minute, out);
        out->has_time = 1;
    } else if (def == NTM_MOMENT_END) {
        ntm_moment_at(&d, 23, 59, out);
    } else {
        ntm_moment_at(&d, 0, 0, out);
    }
    return NTM_OK;
}

char *ntm_moment_text(const ntm_moment *m, int iso, char *buf, size_t size)
{
    const ntm_date *d = &m->date;
    if (iso && m->has_time)
        snprintf(buf, size, "%s %02d:%02d", d->iso, m->hour, m->minute);
    else if (iso)
        snprintf(buf, size, "%s", d->iso);
    else if (m->has_time)
        snprintf(buf, size, "%02dh%02d %02d/%02d/%04d", m->hour, m->minute, d->day, d->month,
                 d->year);
    else
        snprintf(buf, size, "%02d/%02d/%04d", d->day, d->month, d->year);
    return buf;
}
