/* test_followup.c: the follow-up rules (plan/followup.h) and the disbursement projection
 * (plan/disburse.h) against hand calculations written out in each test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/period.h"
#include "plan/disburse.h"
#include "plan/followup.h"

#define DAY 1440L
#define P_TOL 1e-9

static long at(const char *s, ntm_moment_default def)
{
    ntm_moment m;
    const char *why = NULL;
    if (ntm_moment_parse(s, def, &m, &why) != NTM_OK)
        fail_msg("'%s': %s", s, why);
    return m.minutes;
}

static ntm_when when(const char *s, ntm_moment_default def)
{
    ntm_when w = {at(s, def), strchr(s, 'h') || strchr(s, ':'), 1};
    return w;
}

/* One update of task NAME (static strings: the test never releases them). */
static ntm_task upd(const char *name, const char *updated, double progress, ntm_task_state st)
{
    ntm_task t;
    memset(&t, 0, sizeof t);
    t.unit = (char *)"Cẩm Thành";
    t.criterion = (char *)"12";
    t.name = (char *)name;
    t.updated = when(updated, NTM_MOMENT_START);
    t.progress = progress;
    t.volume = t.money = t.done = t.total = NAN;
    t.state = st;
    return t;
}

static ntm_task_view judge1(const ntm_task *u, size_t n, long now)
{
    ntm_followup_opts o = {now, now, NTM_FOLLOW_SOON_DAYS * DAY};
    ntm_task_view *v;
    size_t nv;
    assert_int_equal(ntm_followup_tasks(u, n, &o, &v, &nv, NULL, NULL), NTM_OK);
    assert_int_equal(nv, 1);
    ntm_task_view r = *v;
    free(v);
    return r;
}

/* Due 30/10/2022 (no hour: the end of the day, 23:59): on 30/10 at 23:59 it is still due
 * (due soon), at 00:00 on 31/10 it is overdue. Due 10h 10/6/2024: 10:00 is in time, 10:01
 * is late. */
static void overdue_to_the_minute(void **state)
{
    (void)state;
    ntm_task t = upd("Hoàn thiện hồ sơ thôn", "01/10/2022", 60, NTM_TASK_DOING);
    t.due = when("30/10/2022", NTM_MOMENT_END);
    assert_int_equal(judge1(&t, 1, at("23:59 30/10/2022", NTM_MOMENT_START)).flag, NTM_FLAG_SOON);
    assert_int_equal(judge1(&t, 1, at("31/10/2022", NTM_MOMENT_START)).flag, NTM_FLAG_OVERDUE);
    assert_int_equal(judge1(&t, 1, at("15/11/2022", NTM_MOMENT_START)).flag, NTM_FLAG_OVERDUE);
    t.due = when("10h 10/6/2024", NTM_MOMENT_END);
    t.updated = when("01/06/2024", NTM_MOMENT_START);
    assert_int_equal(judge1(&t, 1, at("10:00 10/06/2024", NTM_MOMENT_START)).flag, NTM_FLAG_SOON);
    assert_int_equal(judge1(&t, 1, at("10:01 10/06/2024", NTM_MOMENT_START)).flag,
                     NTM_FLAG_OVERDUE);
    /* more than 14 days from the due moment: on time */
    t.due = when("10h 10/12/2024", NTM_MOMENT_END);
    assert_int_equal(judge1(&t, 1, at("02/06/2024", NTM_MOMENT_START)).flag, NTM_FLAG_ON_TIME);
}

/* Start 01/07/2023, due 31/12/2023 00:00: 183 days. On 01/10/2023 92 days have passed, so
 * the straight line asks 100 * 92 / 183 = 50,2732%: 50% is behind, 51% is not. */
static void behind_the_straight_line(void **state)
{
    (void)state;
    ntm_task t = upd("Thu bản sao bằng cấp", "25/09/2023", 50, NTM_TASK_DOING);
    t.start = when("01/07/2023", NTM_MOMENT_START);
    t.due = when("00:00 31/12/2023", NTM_MOMENT_END);
    long now = at("01/10/2023", NTM_MOMENT_START);
    ntm_task_view v = judge1(&t, 1, now);
    assert_int_equal(v.flag, NTM_FLAG_BEHIND);
    assert_float_equal(v.expected, 100.0 * 92 / 183, 1e-9);
    assert_int_equal(v.method, NTM_PDONE_STRAIGHT);
    t.progress = 51;
    assert_int_equal(judge1(&t, 1, now).flag, NTM_FLAG_ON_TIME);
    assert_float_equal(ntm_followup_expected(0, 100, 150), 100, 0);
    assert_float_equal(ntm_followup_expected(0, 100, -5), 0, 0);
}

/* Done on 05/11 for a due date of 31/10: done late; done on 31/10: done. A later update that
 * reopens the task makes it not done. */
static void done_and_done_late(void **state)
{
    (void)state;
    ntm_task u[2] = {upd("Kích hoạt tài khoản", "01/09/2023", 50, NTM_TASK_DOING),
                     upd("Kích hoạt tài khoản", "05/11/2023", 100, NTM_TASK_DONE)};
    u[0].due = u[1].due = when("31/10/2023", NTM_MOMENT_END);
    long now = at("30/11/2023", NTM_MOMENT_START);
    ntm_task_view v = judge1(u, 2, now);
    assert_int_equal(v.flag, NTM_FLAG_DONE_LATE);
    assert_int_equal(v.done_at, at("05/11/2023", NTM_MOMENT_START));
    u[1].updated = when("31/10/2023", NTM_MOMENT_START);
    assert_int_equal(judge1(u, 2, now).flag, NTM_FLAG_DONE);
    /* the cut-off hides the second update: as of 15/10 it was still being done */
    ntm_followup_opts o = {now, at("15/10/2023", NTM_MOMENT_START), 0};
    ntm_task_view *vv;
    size_t nv;
    assert_int_equal(ntm_followup_tasks(u, 2, &o, &vv, &nv, NULL, NULL), NTM_OK);
    assert_int_equal(vv[0].flag, NTM_FLAG_OVERDUE);
    assert_int_equal(vv[0].n_updates, 1);
    free(vv);
}

/* Task A: 10% on day 0, 40% on day 30, 60% on day 60: drift mu = 50/60 per day; residuals
 * 30 - 25 = 5 and 20 - 25 = -5 give sum r^2/dt = 25/30 + 25/30 = 5/3 on 1 degree of freedom,
 * sigma^2 = 5/3. Task B: 0% on day 0, 30% on day 30 (drift 1, no degree of freedom of its
 * own: it takes the pooled sigma^2). Now: day 60. A due on day 100: T = 40, mean 60 + 40·5/6 =
 * 93,333, variance 5/3·(40 + 40²/60) = 111,11, P = Q((100 - 93,333)/10,541) = 0,263545.
 * B due on day 80: T = 50, mean 80, variance 5/3·(50 + 50²/30) = 222,22, P = Q(20/14,907) =
 * 0,089856. (Q is the standard normal upper tail.) */
static void p_done_from_drift(void **state)
{
    (void)state;
    const char *d0 = "01/01/2024", *d30 = "31/01/2024", *d60 = "01/03/2024";
    ntm_task u[5] = {upd("A", d0, 10, NTM_TASK_DOING), upd("A", d30, 40, NTM_TASK_DOING),
                     upd("A", d60, 60, NTM_TASK_DOING), upd("B", d0, 0, NTM_TASK_DOING),
                     upd("B", d30, 30, NTM_TASK_DOING)};
    long day0 = at(d0, NTM_MOMENT_START);
    for (int i = 0; i < 3; i++)
        u[i].due = (ntm_when){day0 + 100 * DAY, 1, 1};
    for (int i = 3; i < 5; i++)
        u[i].due = (ntm_when){day0 + 80 * DAY, 1, 1};
    ntm_followup_opts o = {day0 + 60 * DAY, day0 + 60 * DAY, 0};
    ntm_task_view *v;
    size_t nv;
    double s2;
    assert_int_equal(ntm_followup_tasks(u, 5, &o, &v, &nv, &s2, NULL), NTM_OK);
    assert_int_equal(nv, 2);
    assert_float_equal(s2, 5.0 / 3.0, 1e-12);
    assert_int_equal(v[0].method, NTM_PDONE_DRIFT);
    assert_float_equal(v[0].drift, 50.0 / 60.0, 1e-12);
    assert_float_equal(v[0].p_done, 0.2635446284327694, P_TOL);
    assert_int_equal(v[1].method, NTM_PDONE_DRIFT);
    assert_float_equal(v[1].p_done, 0.08985624743949994, P_TOL);
    free(v);
    /* B alone has no degree of freedom: the straight-line rule only */
    assert_int_equal(ntm_followup_tasks(u + 3, 2, &o, &v, &nv, &s2, NULL), NTM_OK);
    assert_true(isnan(s2));
    assert_int_equal(v[0].method, NTM_PDONE_STRAIGHT);
    assert_true(isnan(v[0].p_done));
    free(v);
}

static ntm_money pay(int tranche, const char *date, double amount, ntm_money_kind kind)
{
    ntm_money m;
    memset(&m, 0, sizeof m);
    m.unit = (char *)"Cẩm Thành";
    m.kind = kind;
    m.tranche = tranche;
    m.key = (ntm_fund_key){NTM_SRC_PROVINCE, NTM_CAP_RECURRENT, NTM_PROG_NTM};
    if (date)
        m.date = when(date, NTM_MOMENT_START);
    m.amount = amount;
    return m;
}

/* History: the 2022 tranche paid 400 on 15/03/2022 and 400 on 15/10/2022: by 30/06 it had
 * 400/800 = 0,5 of its year's disbursement; the 2023 tranche 300 on 20/05/2023 and 500 on
 * 15/11/2023: 300/800 = 0,375 (its 50 paid in 2024 is carry-over, not its year's pattern).
 * 2024: 1000 allocated, 300 paid by 30/06/2024: rate 0,3; mean share 0,4375; projection
 * 0,3/0,4375 = 0,685714. The range: sd = 0,125/√2, t(0,9; 1) = tan(0,4π) = 3,0777, half-width
 * 3,0777·0,088388·√1,5 = 0,33317; share 0,77067 gives 0,389272; share 0,10433 is below the rate
 * 0,3 and is kept at 0,3, giving 100%. At risk 1000·(1 - 0,685714) = 314,29. The 2023 tranche
 * (1000 allocated, 800 paid in 2023) carries over: 50 paid by 30/06/2024 (182 of 366 days)
 * projects (800 + 50·366/182)/1000 = 0,900549 by a straight line. The 2022 tranche is spent. */
static void projection_from_pattern(void **state)
{
    (void)state;
    ntm_money m[] = {
        pay(2022, NULL, 800, NTM_MONEY_ALLOCATION),
        pay(2022, "15/03/2022", 400, NTM_MONEY_DISBURSEMENT),
        pay(2022, "15/10/2022", 400, NTM_MONEY_DISBURSEMENT),
        pay(2023, NULL, 1000, NTM_MONEY_ALLOCATION),
        pay(2023, "20/05/2023", 300, NTM_MONEY_DISBURSEMENT),
        pay(2023, "15/11/2023", 500, NTM_MONEY_DISBURSEMENT),
        pay(2023, "10/04/2024", 50, NTM_MONEY_DISBURSEMENT),
        pay(2024, NULL, 1000, NTM_MONEY_ALLOCATION),
        pay(2024, "15/05/2024", 300, NTM_MONEY_DISBURSEMENT),
        pay(2024, "15/07/2024", 200, NTM_MONEY_DISBURSEMENT), /* after the cut-off */
    };
    size_t n = sizeof m / sizeof m[0];
    long cutoff = at("30/06/2024", NTM_MOMENT_END);
    int years[8];
    double s[8];
    assert_int_equal(ntm_disburse_pattern(m, n, 2024, cutoff, years, s, 8), 2);
    assert_int_equal(years[0], 2022);
    assert_float_equal(s[0], 0.5, 1e-12);
    assert_float_equal(s[1], 0.375, 1e-12);
    ntm_tranche_view *v;
    size_t nv;
    assert_int_equal(ntm_disburse_view(m, n, 2024, at("01/04/2024", NTM_MOMENT_START), cutoff,
                                       cutoff, &v, &nv, NULL),
                     NTM_OK);
    assert_int_equal(nv, 2);
    assert_int_equal(v[0].tranche, 2023);
    assert_int_equal(v[0].method, NTM_PROJ_STRAIGHT);
    assert_float_equal(v[0].rate, 0.85, 1e-12);
    assert_float_equal(v[0].proj, 0.9005494505494505, 1e-12);
    assert_float_equal(v[0].disbursed_period, 50, 0);
    assert_int_equal(v[1].tranche, 2024);
    assert_int_equal(v[1].method, NTM_PROJ_PATTERN);
    assert_float_equal(v[1].rate, 0.3, 1e-12);
    assert_float_equal(v[1].proj, 0.6857142857142857, 1e-12);
    assert_float_equal(v[1].proj_lo, 0.38927216972721534, 1e-9);
    assert_float_equal(v[1].proj_hi, 1.0, 0);
    assert_float_equal(v[1].at_risk, 1000 * (1 - 0.6857142857142857), 1e-9);
    assert_float_equal(v[1].at_risk_lo, 0, 1e-9);
    free(v);
}

/* Without history, a straight line: 300 of 1000 by 30/06/2023 (181 of 365 days) projects
 * 0,3·365/181 = 0,604972; with one earlier year (share 0,5) 0,3/0,5 = 0,6 and no range. */
static void projection_without_history(void **state)
{
    (void)state;
    double proj, lo, hi;
    ntm_proj_method method;
    ntm_disburse_project(0.3, NULL, 0, 181.0 / 365.0, &proj, &lo, &hi, &method);
    assert_int_equal(method, NTM_PROJ_STRAIGHT);
    assert_float_equal(proj, 0.6049723756906077, 1e-12);
    ntm_money m[] = {pay(2023, NULL, 1000, NTM_MONEY_ALLOCATION),
                     pay(2023, "20/05/2023", 300, NTM_MONEY_DISBURSEMENT)};
    ntm_tranche_view *v;
    size_t nv;
    long cutoff = at("30/06/2023", NTM_MOMENT_END);
    assert_int_equal(ntm_disburse_view(m, 2, 2023, 0, cutoff, cutoff, &v, &nv, NULL), NTM_OK);
    assert_int_equal(nv, 1);
    assert_float_equal(v[0].proj, 0.6049723756906077, 1e-12);
    free(v);
    double one = 0.5;
    ntm_disburse_project(0.3, &one, 1, 0.5, &proj, &lo, &hi, &method);
    assert_int_equal(method, NTM_PROJ_ONE_YEAR);
    assert_float_equal(proj, 0.6, 1e-12);
    assert_float_equal(lo, hi, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overdue_to_the_minute),   cmocka_unit_test(behind_the_straight_line),
        cmocka_unit_test(done_and_done_late),      cmocka_unit_test(p_done_from_drift),
        cmocka_unit_test(projection_from_pattern), cmocka_unit_test(projection_without_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
