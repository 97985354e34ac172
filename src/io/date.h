/* date.h: dates as planners write them, to ISO text and a decimal year.
 * Accepted: "2023" (a bare year means 31/12/2023), "07/2023" or "7/2023" (the last day
 * of that month), "31/07/2023", "2023-07" and "2023-07-31". Day before month, always
 * (Vietnamese order). The decimal year is year + (day of year - 0.5) / days in year, so
 * 31/12/2023 is 2023.9986 and "end of 2023" is any t < 2024. */
#ifndef NTM_DATE_H
#define NTM_DATE_H

#include "core/error.h"

typedef struct ntm_date {
    int year, month, day;
    char iso[11]; /* "2023-07-31" */
    double t;     /* decimal year */
} ntm_date;

/* Parses S; on failure returns NTM_EINPUT and a static English reason in *WHY. */
ntm_status ntm_date_parse(const char *s, ntm_date *out, const char **why);

/* Decimal year of a calendar date (no validation). */
double ntm_date_decimal(int year, int month, int day);

#endif
