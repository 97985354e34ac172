/* test_plan_asof.c: observations dated after today are left out (plan/asof.h). Dates on
 * the decimal-year scale of core/calendar.h, worked out in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "plan/asof.h"

/* --today wins; 14/11/2023 is day 318 of 365: 2023 + 317,5/365. SOURCE_DATE_EPOCH
 * 1700000000 is 2023-11-14T22:13:20Z: the same day. */
static void today_sources(void **state)
{
    (void)state;
    assert_true(fabs(ntm_asof_today("2023-11-14") - (2023 + 317.5 / 365)) < 1e-12);
    assert_true(fabs(ntm_asof_today("14/11/2023") - (2023 + 317.5 / 365)) < 1e-12);
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_true(fabs(ntm_asof_today(NULL) - (2023 + 317.5 / 365)) < 1e-12);
    assert_true(fabs(ntm_asof_today("not a date") - (2023 + 317.5 / 365)) < 1e-12);
}

/* 07/2027 (a typo for 07/2023) is moved after the others, which keep their order. */
static void keep_moves_future_last(void **state)
{
    (void)state;
    ntm_observation o[4];
    memset(o, 0, sizeof o);
    const char *code[4] = {"11.1", "12.2", "15.1", "17.1"};
    double t[4] = {ntm_decimal_year(2023, 7, 31), ntm_decimal_year(2027, 7, 31),
                   ntm_decimal_year(2023, 11, 14), ntm_decimal_year(2023, 11, 15)};
    for (int i = 0; i < 4; i++) {
        o[i].indicator = (char *)code[i];
        o[i].t = t[i];
    }
    size_t kept = ntm_asof_keep(o, 4, ntm_asof_today("2023-11-14"));
    assert_int_equal(kept, 2); /* the day itself is kept, the day after is not */
    assert_string_equal(o[0].indicator, "11.1");
    assert_string_equal(o[1].indicator, "15.1");
    assert_string_equal(o[2].indicator, "12.2");
    assert_string_equal(o[3].indicator, "17.1");
    assert_int_equal(ntm_asof_keep(o, 2, ntm_asof_today("2023-11-14")), 2);
    char msg[600];
    assert_int_equal(
        ntm_plan_future_text(NTM_LANG_EN, "2023-11-14", "Cẩm Thành", o, 0, msg, sizeof msg), 0);
    o[2].date = (char *)"2027-07-31";
    assert_int_equal(
        ntm_plan_future_text(NTM_LANG_EN, "2023-11-14", "Cẩm Thành", o + 2, 2, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "14/11/2023"));
    assert_non_null(strstr(msg, "12.2"));
    assert_non_null(strstr(msg, "31/07/2027"));
}

/* The year end is 31/12 at noon: 2023 + 364,5/365, 2024 + 365,5/366 (leap); 2100 is not
 * a leap year, 2000 is. */
static void year_end_one_rule(void **state)
{
    (void)state;
    assert_true(fabs(ntm_year_end(2023) - (2023 + 364.5 / 365)) < 1e-12);
    assert_true(fabs(ntm_year_end(2024) - (2024 + 365.5 / 366)) < 1e-12);
    assert_true(fabs(ntm_year_end(2100) - (2100 + 364.5 / 365)) < 1e-12);
    assert_true(ntm_leap_year(2000) && !ntm_leap_year(2100) && ntm_leap_year(2024));
    assert_true(fabs(ntm_decimal_year(2024, 3, 1) - (2024 + 60.5 / 366)) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(today_sources),
        cmocka_unit_test(keep_moves_future_last),
        cmocka_unit_test(year_end_one_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
