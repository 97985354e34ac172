/* date.c: date parsing (see date.h). */
#include "io/date.h"

#include "core/calendar.h"

#include "core/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

double ntm_date_decimal(int year, int month, int day)
{
    return ntm_decimal_year(year, month, day);
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

ntm_status ntm_date_parse(const char *s, ntm_date *out, const char **why)
{
    static const char *dummy;
    if (!why)
        why = &dummy;
    if (!s) {
        *why = _("empty");
        return NTM_EINPUT;
    }
    while (*s == ' ')
        s++;
    int a = 0, b = 0, c = 0, y = 0, m = 12, d = -1; /* -1: no day given */
    const char *p = s;
    int na = digits(&p, 4, &a);
    if (na == 4 && *p == '-') { /* 2023-07 or 2023-07-31 */
        p++;
        y = a;
        if (digits(&p, 2, &b) == 0) {
            *why = _("not a date");
            return NTM_EINPUT;
        }
        m = b;
        if (*p == '-') {
            p++;
            if (digits(&p, 2, &c) == 0) {
                *why = _("not a date");
                return NTM_EINPUT;
            }
            d = c;
        }
    } else if (na == 4) {
        y = a;
    } else if (na >= 1 && na <= 2 && (*p == '/' || *p == '.' || *p == '-')) {
        char sep = *p++;
        int nb = digits(&p, 4, &b);
        if (nb >= 1 && nb <= 2 && *p == sep) { /* dd/mm/yyyy */
            p++;
            if (digits(&p, 4, &c) != 4) {
                *why = _("year must have four digits");
                return NTM_EINPUT;
            }
            d = a;
            m = b;
            y = c;
        } else if (nb == 4) { /* mm/yyyy */
            m = a;
            y = b;
        } else {
            *why = _("not a date (use dd/mm/yyyy, mm/yyyy or yyyy)");
            return NTM_EINPUT;
        }
    } else {
        *why = na ? _("not a date (use dd/mm/yyyy, mm/yyyy or yyyy)") : _("empty");
        if (!na && *p)
            *why = _("not a date (use dd/mm/yyyy, mm/yyyy or yyyy)");
        return NTM_EINPUT;
    }
    while (*p == ' ')
        p++;
    if (*p) {
        *why = _("not a date (use dd/mm/yyyy, mm/yyyy or yyyy)");
        return NTM_EINPUT;
    }
    if (y < 1900 || y > 2200) {
        *why = _("year out of range (1900-2200)");
        return NTM_EINPUT;
    }
    if (m < 1 || m > 12) {
        *why = _("month out of range");
        return NTM_EINPUT;
    }
    if (d < 0)
        d = days_in_month(y, m);
    if (d < 1 || d > days_in_month(y, m)) {
        *why = _("day out of range for its month");
        return NTM_EINPUT;
    }
    if (out) {
        out->year = y;
        out->month = m;
        out->day = d;
        snprintf(out->iso, sizeof out->iso, "%04d-%02d-%02d", y, m, d);
        out->t = ntm_date_decimal(y, m, d);
    }
    return NTM_OK;
}
