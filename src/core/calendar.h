/* calendar.h: the one home of the decimal-year scale every layer uses: year + (day of
 * year - 0.5) / days in year, so 31/12/2023 is 2023.9986, "the end of 2023" is that
 * instant (31/12 at noon) and "by the end of 2023" is any t < 2024. */
#ifndef NTM_CALENDAR_H
#define NTM_CALENDAR_H

/* 1 for a Gregorian leap year. */
int ntm_leap_year(int year);

/* Decimal year of a calendar date (no validation). */
double ntm_decimal_year(int year, int month, int day);

/* The year-end time of calendar year YEAR: ntm_decimal_year(YEAR, 12, 31). */
double ntm_year_end(int year);

#endif
