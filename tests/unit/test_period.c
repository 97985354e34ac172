/* test_period.c: named periods and moments (io/period.h), checked against the calendar by
 * hand: quarters end on 31/3, 30/6, 30/9, 31/12; 6T is 01/01-30/06, 9T 01/01-30/09; February
 * has 29 days in 2024 (divisible by 4) and 2000 (by 400), 28 in 2023 and 1900 (by 100 only);
 * ISO week 1 holds 4 January (2024-W01 starts Monday 01/01/2024; 2020 has 53 weeks, 2021 52). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "io/period.h"

static ntm_period period_ok(const char *s)
{
    ntm_period p;
    const char *why = NULL;
    if (ntm_period_parse(s, &p, &why) != NTM_OK)
        fail_msg("'%s' refused: %s", s, why ? why : "(no reason)");
    return p;
}

static void span_is(const char *s, const char *first, const char *last, const char *label)
{
    ntm_period p = period_ok(s);
    if (strcmp(p.first.iso, first) != 0 || strcmp(p.last.iso, last) != 0 ||
        strcmp(p.label, label) != 0)
        fail_msg("'%s': %s..%s (%s), expected %s..%s (%s)", s, p.first.iso, p.last.iso, p.label,
                 first, last, label);
}

static void quarters(void **state)
{
    (void)state;
    span_is("Q1/2023", "2023-01-01", "2023-03-31", "Q1/2023");
    span_is("Q2/2024", "2024-04-01", "2024-06-30", "Q2/2024");
    span_is("quý II/2024", "2024-04-01", "2024-06-30", "Q2/2024");
    span_is("Quý III/2023", "2023-07-01", "2023-09-30", "Q3/2023");
    span_is("quy 4 nam 2023", "2023-10-01", "2023-12-31", "Q4/2023");
    span_is("q4-2023", "2023-10-01", "2023-12-31", "Q4/2023");
}

static void half_and_nine_months(void **state)
{
    (void)state;
    span_is("6T/2024", "2024-01-01", "2024-06-30", "6T/2024");
    span_is("6 tháng đầu năm 2024", "2024-01-01", "2024-06-30", "6T/2024");
    span_is("9T/2023", "2023-01-01", "2023-09-30", "9T/2023");
    span_is("9 tháng/2023", "2023-01-01", "2023-09-30", "9T/2023");
    span_is("2024", "2024-01-01", "2024-12-31", "2024");
}

static void months_and_leap_years(void **state)
{
    (void)state;
    span_is("02/2024", "2024-02-01", "2024-02-29", "02/2024");
    span_is("2/2023", "2023-02-01", "2023-02-28", "02/2023");
    span_is("2000-02", "2000-02-01", "2000-02-29", "02/2000");
    span_is("02/1900", "1900-02-01", "1900-02-28", "02/1900");
    span_is("07/2024", "2024-07-01", "2024-07-31", "07/2024");
}

static void iso_weeks(void **state)
{
    (void)state;
    span_is("W01/2024", "2024-01-01", "2024-01-07", "W01/2024");
    span_is("tuần 23/2024", "2024-06-03", "2024-06-09", "W23/2024");
    span_is("2020-W53", "2020-12-28", "2021-01-03", "W53/2020");
    /* 2021-W01 starts on Monday 04/01/2021 (1-3 January belong to 2020-W53) */
    span_is("W1/2021", "2021-01-04", "2021-01-10", "W01/2021");
    ntm_period p;
    const char *why;
    assert_int_equal(ntm_period_parse("W53/2021", &p, &why), NTM_EINPUT);
}

static void next_and_previous(void **state)
{
    (void)state;
    ntm_period p = period_ok("9T/2023"), q;
    ntm_period_next(&p, &q);
    assert_string_equal(q.label, "Q4/2023");
    p = period_ok("6T/2024");
    ntm_period_next(&p, &q);
    assert_string_equal(q.first.iso, "2024-07-01");
    assert_string_equal(q.last.iso, "2024-12-31");
    p = period_ok("Q4/2023");
    ntm_period_next(&p, &q);
    assert_string_equal(q.label, "Q1/2024");
    ntm_period_previous(&p, &q);
    assert_string_equal(q.label, "Q3/2023");
    p = period_ok("12/2023");
    ntm_period_next(&p, &q);
    assert_string_equal(q.label, "01/2024");
    p = period_ok("W53/2020");
    ntm_period_next(&p, &q);
    assert_string_equal(q.label, "W01/2021");
    ntm_period_previous(&q, &p);
    assert_string_equal(p.label, "W53/2020");
}

static void refused(void **state)
{
    (void)state;
    const char *bad[] = {"",        "Q5/2024",     "quý V/2024", "6T",
                         "13/2024", "tuần 0/2024", "abc",        "31/12/2024"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ntm_period p;
        const char *why = NULL;
        if (ntm_period_parse(bad[i], &p, &why) != NTM_EINPUT)
            fail_msg("'%s' accepted as %s", bad[i], p.label);
        assert_non_null(why);
    }
}

/* Days since 1970: 01/01/1970 is 0, 01/03/2024 is 19783 (19723 for 01/01/2024 + 31 + 29). */
static void day_numbers(void **state)
{
    (void)state;
    assert_int_equal(ntm_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(ntm_days_from_civil(2024, 1, 1), 19723);
    assert_int_equal(ntm_days_from_civil(2024, 3, 1), 19723 + 31 + 29);
    assert_int_equal(ntm_days_from_civil(2023, 3, 1) - ntm_days_from_civil(2023, 2, 1), 28);
    int y, m, d;
    ntm_civil_from_days(19723 + 59, &y, &m, &d);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
}

static long minutes(const char *s, ntm_moment_default def, int *has_time)
{
    ntm_moment m;
    const char *why = NULL;
    if (ntm_moment_parse(s, def, &m, &why) != NTM_OK)
        fail_msg("'%s' refused: %s", s, why ? why : "(no reason)");
    if (has_time)
        *has_time = m.has_time;
    return m.minutes;
}

/* 10/06/2024 is day 19884 (19723 + 161: Jan 31, Feb 29, Mar 31, Apr 30, May 31, 9 days of
 * June); 10:00 that day is 19884 * 1440 + 600 minutes. */
static void hours(void **state)
{
    (void)state;
    const long ten = 19884L * 1440 + 600;
    int ht = 0;
    assert_int_equal(minutes("10h 10/6/2024", NTM_MOMENT_END, &ht), ten);
    assert_int_equal(ht, 1);
    assert_int_equal(minutes("10h ngày 10/6/2024", NTM_MOMENT_END, NULL), ten);
    assert_int_equal(minutes("10:00 10/06/2024", NTM_MOMENT_END, NULL), ten);
    assert_int_equal(minutes("10/06/2024 10:00", NTM_MOMENT_END, NULL), ten);
    assert_int_equal(minutes("2024-06-10T10:00", NTM_MOMENT_END, NULL), ten);
    assert_int_equal(minutes("10h30 10/6/2024", NTM_MOMENT_END, NULL), ten + 30);
    assert_int_equal(minutes("10 giờ 30 phút ngày 10/6/2024", NTM_MOMENT_END, NULL), ten + 30);
    /* without an hour: the start or the end of the day, as the caller says */
    assert_int_equal(minutes("10/06/2024", NTM_MOMENT_START, &ht), 19884L * 1440);
    assert_int_equal(ht, 0);
    assert_int_equal(minutes("10/06/2024", NTM_MOMENT_END, NULL), 19884L * 1440 + 23 * 60 + 59);
    ntm_moment m;
    const char *why;
    assert_int_equal(ntm_moment_parse("25h 10/6/2024", NTM_MOMENT_END, &m, &why), NTM_EINPUT);
    assert_int_equal(ntm_moment_parse("10:61 10/6/2024", NTM_MOMENT_END, &m, &why), NTM_EINPUT);
    assert_int_equal(ntm_moment_parse("10h 31/6/2024", NTM_MOMENT_END, &m, &why), NTM_EINPUT);
    char buf[32];
    ntm_moment_parse("10h 10/6/2024", NTM_MOMENT_END, &m, &why);
    assert_string_equal(ntm_moment_text(&m, 0, buf, sizeof buf), "10h00 10/06/2024");
    assert_string_equal(ntm_moment_text(&m, 1, buf, sizeof buf), "2024-06-10 10:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quarters),
        cmocka_unit_test(half_and_nine_months),
        cmocka_unit_test(months_and_leap_years),
        cmocka_unit_test(iso_weeks),
        cmocka_unit_test(next_and_previous),
        cmocka_unit_test(refused),
        cmocka_unit_test(day_numbers),
        cmocka_unit_test(hours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
