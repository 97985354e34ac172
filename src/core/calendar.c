/* calendar.c: the decimal-year scale (see calendar.h). */
#include "core/calendar.h"

int ntm_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

double ntm_decimal_year(int year, int month, int day)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int doy = day;
    for (int m = 1; m < month && m <= 12; m++)
        doy += days[m - 1] + (m == 2 && ntm_leap_year(year));
    return year + (doy - 0.5) / (ntm_leap_year(year) ? 366.0 : 365.0);
}

double ntm_year_end(int year)
{
    return ntm_decimal_year(year, 12, 31);
}
