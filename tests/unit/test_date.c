/* test_date.c: dates as planners write them (io/date.h), checked against the calendar
 * by hand. The decimal year is year + (day of year - 0.5) / days in year. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "io/date.h"

/* Decimal years are sums of small rationals: this is far below a day (1/366 ≈ 0.0027). */
#define T_TOL 1e-12

static ntm_date parse_ok(const char *s)
{
    ntm_date d;
    const char *why = NULL;
    memset(&d, 0, sizeof d);
    if (ntm_date_parse(s, &d, &why) != NTM_OK)
        fail_msg("'%s' refused: %s", s, why ? why : "(no reason)");
    return d;
}

static void refused(const char *s, const char *reason)
{
    ntm_date d;
    const char *why = NULL;
    assert_int_equal(ntm_date_parse(s, &d, &why), NTM_EINPUT);
    assert_non_null(why);
    if (reason && strcmp(why, reason) != 0)
        fail_msg("'%s': reason '%s', expected '%s'", s ? s : "(null)", why, reason);
}

/* A bare year means 31/12: day 365 of a common year, t = 2023 + 364,5/365. */
static void bare_year_is_end_of_year(void **state)
{
    (void)state;
    ntm_date d = parse_ok("2023");
    assert_int_equal(d.year, 2023);
    assert_int_equal(d.month, 12);
    assert_int_equal(d.day, 31);
    assert_string_equal(d.iso, "2023-12-31");
    assert_float_equal(d.t, 2023 + 364.5 / 365, T_TOL);
    assert_true(d.t < 2024); /* "end of 2023" is any t < 2024 */
    /* Leap year: 31/12/2024 is day 366 of 366. */
    d = parse_ok("2024");
    assert_string_equal(d.iso, "2024-12-31");
    assert_float_equal(d.t, 2024 + 365.5 / 366, T_TOL);
}

/* mm/yyyy means the last day of that month. 31/07/2023 is day 31+28+31+30+31+30+31 = 212. */
static void month_year_is_last_day(void **state)
{
    (void)state;
    ntm_date d = parse_ok("07/2023");
    assert_string_equal(d.iso, "2023-07-31");
    assert_float_equal(d.t, 2023 + 211.5 / 365, T_TOL);
    assert_string_equal(parse_ok("7/2023").iso, "2023-07-31");
    assert_string_equal(parse_ok("02/2023").iso, "2023-02-28");
    assert_string_equal(parse_ok("02/2024").iso, "2024-02-29");
    assert_string_equal(parse_ok("06/2024").iso, "2024-06-30");
}

/* dd/mm/yyyy, day before month always (Vietnamese order); '.' and '-' separators too. */
static void day_month_year(void **state)
{
    (void)state;
    ntm_date d = parse_ok("31/07/2023");
    assert_int_equal(d.day, 31);
    assert_int_equal(d.month, 7);
    assert_string_equal(d.iso, "2023-07-31");
    assert_string_equal(parse_ok("05/03/2023").iso, "2023-03-05"); /* 5 March, not May 3 */
    assert_string_equal(parse_ok("5/3/2023").iso, "2023-03-05");
    assert_string_equal(parse_ok("31.12.2022").iso, "2022-12-31");
    assert_string_equal(parse_ok("01-01-2021").iso, "2021-01-01");
    /* 1/1: day 1, t = year + 0,5/365. */
    assert_float_equal(parse_ok("01/01/2021").t, 2021 + 0.5 / 365, T_TOL);
    assert_string_equal(parse_ok(" 31/07/2023 ").iso, "2023-07-31"); /* blanks around */
}

/* 29 February exists only in leap years (2024 yes; 2023 no; 1900 no; 2000 yes). */
static void leap_days(void **state)
{
    (void)state;
    refused("29/02/2023", "day out of range for its month");
    ntm_date d = parse_ok("29/02/2024");
    assert_string_equal(d.iso, "2024-02-29");
    assert_float_equal(d.t, 2024 + 59.5 / 366, T_TOL); /* day 31 + 29 = 60 */
    refused("29/02/1900", "day out of range for its month");
    assert_string_equal(parse_ok("29/02/2000").iso, "2000-02-29");
    refused("31/04/2023", "day out of range for its month");
    refused("32/01/2023", "day out of range for its month");
}

/* ISO forms: yyyy-mm (last day) and yyyy-mm-dd. */
static void iso_forms(void **state)
{
    (void)state;
    assert_string_equal(parse_ok("2023-07").iso, "2023-07-31");
    assert_string_equal(parse_ok("2024-02").iso, "2024-02-29");
    ntm_date d = parse_ok("2023-07-15");
    assert_string_equal(d.iso, "2023-07-15");
    assert_float_equal(d.t, 2023 + (181 + 15 - 0.5) / 365, T_TOL);
    refused("2023-13", "month out of range");
    refused("2023-00-10", "month out of range");
    refused("2023-", "not a date");
    refused("2023-07-", "not a date");
}

/* Anything else is refused with a reason. */
static void garbage(void **state)
{
    (void)state;
    refused(NULL, "empty");
    refused("", "empty");
    refused("   ", "empty");
    refused("abc", NULL);
    refused("năm 2023", NULL);
    refused("2023.5", NULL);
    refused("20231", NULL);
    refused("2023/07", NULL);
    refused("-2023", NULL);
    refused("31/07/23", "year must have four digits");
    refused("31/07-2023", NULL);
    refused("123/2023", NULL);
    refused("13/2023", "month out of range");
    refused("0/2023", "month out of range");
    refused("31/07/2023 x", NULL);
    refused("2023-07-31T00:00", NULL);
    /* WHY and OUT may be NULL. */
    assert_int_equal(ntm_date_parse("abc", NULL, NULL), NTM_EINPUT);
    assert_int_equal(ntm_date_parse("2023", NULL, NULL), NTM_OK);
}

/* Years outside 1900-2200 are typing errors, not dates. */
static void year_range(void **state)
{
    (void)state;
    refused("1899", "year out of range (1900-2200)");
    assert_string_equal(parse_ok("1900").iso, "1900-12-31");
    assert_string_equal(parse_ok("2200").iso, "2200-12-31");
    refused("2201", "year out of range (1900-2200)");
    refused("0000", "year out of range (1900-2200)");
    refused("01/01/9999", "year out of range (1900-2200)");
}

/* Regression: a day of 0 is taken as "no day given" and silently becomes the month's last day:
 * "00/01/2023" is read as 31/01/2023 and "2023-07-00" as 2023-07-31. Both must be
 * refused ("day out of range for its month"). */
static void day_zero_refused(void **state)
{
    (void)state;
    refused("00/01/2023", "day out of range for its month");
    refused("2023-07-00", "day out of range for its month");
}

/* ntm_date_decimal agrees with the parser and needs no validation. */
static void decimal_direct(void **state)
{
    (void)state;
    assert_float_equal(ntm_date_decimal(2023, 12, 31), 2023 + 364.5 / 365, T_TOL);
    assert_float_equal(ntm_date_decimal(2024, 3, 1), 2024 + 60.5 / 366, T_TOL);
    assert_float_equal(ntm_date_decimal(2023, 3, 1), 2023 + 59.5 / 365, T_TOL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bare_year_is_end_of_year),
        cmocka_unit_test(month_year_is_last_day),
        cmocka_unit_test(day_month_year),
        cmocka_unit_test(leap_days),
        cmocka_unit_test(iso_forms),
        cmocka_unit_test(garbage),
        cmocka_unit_test(year_range),
        cmocka_unit_test(day_zero_refused),
        cmocka_unit_test(decimal_direct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
