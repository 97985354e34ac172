/* test_period_report.c: the period report's assembly (plan/period_report.h) on a small case
 * worked by hand: the third quarter of 2023 judged on 02/10/2023. Owner A reported on
 * 31/08/2023, owner B last on 30/06/2023 (before the quarter): B has not reported. A's task
 * due 30/09/2023 is overdue, B's due 31/12/2023 falls in the next quarter. Indicator 12.2 had
 * two figures on 31/07/2023 (a claim of 25,27 and the evidence 11,58) and 16,72 on
 * 30/09/2023: without a catalog the direction is unknown, so the first figure of the quarter
 * is the claim; the change is 16,72 - 25,27. One dossier item is missing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "plan/period_report.h"

static long at(const char *s, ntm_moment_default def)
{
    ntm_moment m;
    const char *why = NULL;
    if (ntm_moment_parse(s, def, &m, &why) != NTM_OK)
        fail_msg("'%s': %s", s, why);
    return m.minutes;
}

static ntm_task task(const char *name, const char *owner, const char *due, const char *updated)
{
    ntm_task t;
    memset(&t, 0, sizeof t);
    t.unit = (char *)"Cẩm Thành";
    t.criterion = (char *)"12";
    t.name = (char *)name;
    t.owner = (char *)owner;
    t.due = (ntm_when){at(due, NTM_MOMENT_END), 0, 1};
    t.updated = (ntm_when){at(updated, NTM_MOMENT_START), 0, 1};
    t.progress = 50;
    t.volume = t.money = t.done = t.total = NAN;
    t.state = NTM_TASK_DOING;
    return t;
}

static ntm_observation obs(const char *date, double t, double value)
{
    ntm_observation o;
    memset(&o, 0, sizeof o);
    o.unit = (char *)"Cẩm Thành";
    o.criterion = (char *)"12";
    o.indicator = (char *)"12.2";
    o.date = (char *)date;
    o.t = t;
    o.value = value;
    o.numerator = o.denominator = NAN;
    return o;
}

static size_t count(const ntm_period_report *r, ntm_pr_section s)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_items; i++)
        n += r->items[i].section == s;
    return n;
}

static const ntm_pr_item *first(const ntm_period_report *r, ntm_pr_section s)
{
    for (size_t i = 0; i < r->n_items; i++)
        if (r->items[i].section == s)
            return &r->items[i];
    return NULL;
}

static void quarter_three(void **state)
{
    (void)state;
    ntm_task t[] = {task("A1", "A", "30/09/2023", "31/08/2023"),
                    task("B1", "B", "31/12/2023", "30/06/2023")};
    ntm_observation o[] = {obs("2023-07-31", 2023.58, 25.27), obs("2023-07-31", 2023.58, 11.58),
                           obs("2023-09-30", 2023.75, 16.72)};
    ntm_dossier_item doc;
    memset(&doc, 0, sizeof doc);
    doc.unit = (char *)"Cẩm Thành";
    doc.criterion = (char *)"12";
    doc.name = (char *)"Báo cáo đánh giá tiêu chí 12";
    doc.kind = NTM_DOC_REPORT;
    ntm_period p;
    assert_int_equal(ntm_period_parse("Q3/2023", &p, NULL), NTM_OK);
    long now = at("02/10/2023", NTM_MOMENT_START);
    ntm_pr_input in = {"Cẩm Thành", &p, now,  now,  at("30/09/2023", NTM_MOMENT_END),
                       0,           t,  2,    &doc, 1,
                       NULL,        0,  NULL, 0,    NULL,
                       NULL,        o,  3};
    ntm_period_report r;
    assert_int_equal(ntm_period_report_build(&r, &in, NULL), NTM_OK);
    assert_int_equal(r.n_planned, 1);
    assert_int_equal(r.n_overdue, 1);
    assert_string_equal(first(&r, NTM_PR_LATE)->owner, "A");
    assert_int_equal(count(&r, NTM_PR_NEXT), 1);
    assert_string_equal(first(&r, NTM_PR_NEXT)->text, "B1");
    assert_int_equal(r.n_silent, 1);
    assert_string_equal(first(&r, NTM_PR_SILENT)->owner, "B");
    assert_int_equal(r.n_missing, 1);
    const ntm_pr_item *m = first(&r, NTM_PR_MOVED);
    assert_non_null(m);
    assert_float_equal(m->from, 25.27, 0);
    assert_float_equal(m->to, 16.72, 0);
    assert_int_equal(r.n_tranches, 0);
    ntm_period_report_release(&r);
    /* with the deadline moved before A's report, A has not reported either */
    in.deadline = at("30/08/2023", NTM_MOMENT_END);
    assert_int_equal(ntm_period_report_build(&r, &in, NULL), NTM_OK);
    assert_int_equal(r.n_silent, 2);
    ntm_period_report_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(quarter_three)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
