/* period.h: reporting periods and moments as committees write them.
 *
 * Periods (a first and a last day, both included):
 *   "2024"                      the year
 *   "Q2/2024", "quý II/2024", "quý 2/2024", "q2-2024"    a quarter
 *   "6T/2024", "6 tháng/2024", "6 tháng đầu năm 2024"     01/01 to 30/06 (six-month reports)
 *   "9T/2024", "9 tháng/2024"                             01/01 to 30/09
 *   "07/2024", "2024-07"        a month
 *   "W23/2024", "2024-W23", "tuần 23/2024"               an ISO 8601 week (Monday to Sunday)
 * The period after one (for "next period's tasks") is the next quarter, month, week or year;
 * after 6T the second half-year ("6 tháng cuối năm"), after 9T the fourth quarter.
 *
 * Moments (to the minute): a date (io/date.h) optionally with an hour before or after it:
 * "10h 10/6/2024", "10h30 10/6/2024", "10h ngày 10/6/2024", "10:00 10/06/2024",
 * "10/06/2024 10:00", "2024-06-10T10:00". A moment is a count of minutes since
 * 01/01/1970 00:00 (local time of the document: no time zones). A date without an hour is
 * the start of that day as a "from", the end of it (23:59) as a deadline: the caller
 * chooses (NTM_MOMENT_START / NTM_MOMENT_END). */
#ifndef NTM_PERIOD_H
#define NTM_PERIOD_H

#include "core/error.h"
#include "io/date.h"

typedef enum ntm_period_kind {
    NTM_PERIOD_YEAR,
    NTM_PERIOD_HALF1, /* 6T: first six months */
    NTM_PERIOD_HALF2, /* second six months (only as the period after 6T) */
    NTM_PERIOD_NINE,  /* 9T: first nine months */
    NTM_PERIOD_QUARTER,
    NTM_PERIOD_MONTH,
    NTM_PERIOD_WEEK
} ntm_period_kind;

typedef struct ntm_period {
    ntm_period_kind kind;
    int year; /* the calendar year, or the ISO week-year for weeks */
    int num;  /* quarter 1-4, month 1-12, ISO week 1-53; 0 otherwise */
    ntm_date first, last;
    char label[24]; /* canonical: "2024", "6T/2024", "9T/2024", "Q2/2024", "07/2024", "W23/2024",
                       "6TC/2024" for the second half */
} ntm_period;

/* Parses S. On failure returns NTM_EINPUT with a static reason in *WHY (English msgid,
 * translated by _()). */
ntm_status ntm_period_parse(const char *s, ntm_period *out, const char **why);

/* The period after P (see above). */
void ntm_period_next(const ntm_period *p, ntm_period *out);

/* The period of the same kind before P (for 6T: the previous year's 6T; for the second
 * half: the first half). */
void ntm_period_previous(const ntm_period *p, ntm_period *out);

/* Days since 01/01/1970 of a calendar date (proleptic Gregorian; no validation), and back. */
long ntm_days_from_civil(int year, int month, int day);
void ntm_civil_from_days(long days, int *year, int *month, int *day);

/* ---- moments ------------------------------------------------------------------------ */

typedef enum ntm_moment_default { NTM_MOMENT_START, NTM_MOMENT_END } ntm_moment_default;

typedef struct ntm_moment {
    ntm_date date;
    int has_time;     /* 1 when an hour was written */
    int hour, minute; /* as written, or 0:00 / 23:59 from the default */
    long minutes;     /* minutes since 01/01/1970 00:00 */
} ntm_moment;

/* Parses S (see above); a date without an hour takes DEF. Returns NTM_EINPUT with a static
 * reason in *WHY. */
ntm_status ntm_moment_parse(const char *s, ntm_moment_default def, ntm_moment *out,
                            const char **why);

/* The moment at DAY (a calendar date) HOUR:MINUTE. */
void ntm_moment_at(const ntm_date *day, int hour, int minute, ntm_moment *out);

/* "10h00 10/06/2024" (with an hour) or "10/06/2024" (without) into BUF; ISO "2024-06-10 10:00"
 * or "2024-06-10" when ISO is set. Returns BUF. */
char *ntm_moment_text(const ntm_moment *m, int iso, char *buf, size_t size);

#endif
