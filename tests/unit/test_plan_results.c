/* test_plan_results.c: the results view's rules (plan/results.h) on runs and scorecards
 * built by hand: which criteria hold the standard back, which are at risk, and which P a
 * task's due date is read against. Expected values are the inputs' own figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "plan/results.h"

#define S(x) ((char *)(x))
#define NY 3 /* 2023 .. 2025 */

typedef struct fixture {
    ntm_criterion crit[5];
    ntm_criterion_result cr[5];
    ntm_indicator ind[1];
    ntm_indicator_result ir[1];
    ntm_eval_unit eu;
    ntm_run_item items[6];
    double p[6][NY];
    ntm_run run;
} fixture;

/* Criteria 1..5 of "Cẩm Thành" with P(met) by 2024 of 0,999, 0,40, 0,10, 0,40 and 0,20
 * (criterion 5 unknown now); indicator 12.2 with P(met) 0,51 / 0,90 / 0,97 by 2023..2025
 * and target year 2023. */
static void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    static const char *const codes[5] = {"1", "2", "3", "4", "5"};
    const double p24[5] = {0.999, 0.40, 0.10, 0.40, 0.20};
    for (size_t c = 0; c < 5; c++) {
        f->crit[c].code = S(codes[c]);
        f->cr[c].crit = &f->crit[c];
        f->cr[c].state = c == 0 ? NTM_STATE_MET : c == 4 ? NTM_STATE_UNKNOWN : NTM_STATE_UNMET;
        ntm_run_item *it = &f->items[c];
        it->level = NTM_RUN_CRITERION;
        it->unit = S("Cẩm Thành");
        it->code = S(codes[c]);
        it->n_years = NY;
        it->p_met = f->p[c];
        f->p[c][0] = p24[c] / 2;
        f->p[c][1] = p24[c];
        f->p[c][2] = p24[c];
    }
    f->ind[0].code = S("12.2");
    f->ir[0].ind = &f->ind[0];
    f->ir[0].state = NTM_STATE_UNMET;
    ntm_run_item *it = &f->items[5];
    it->level = NTM_RUN_INDICATOR;
    it->unit = S("Cẩm Thành");
    it->code = S("12.2");
    it->n_years = NY;
    it->p_met = f->p[5];
    it->target_year = 2023;
    it->p_target = 0.51;
    f->p[5][0] = 0.51;
    f->p[5][1] = 0.90;
    f->p[5][2] = 0.97;
    f->eu.unit.name = S("Cẩm Thành");
    f->eu.sc.crit = f->cr;
    f->eu.sc.n_crit = 5;
    f->eu.sc.ind = f->ir;
    f->eu.sc.n_ind = 1;
    f->run.items = f->items;
    f->run.n_items = 6;
    f->run.meta.start_year = 2023;
    f->run.meta.horizon = 2025;
}

/* Lowest P first, ties in catalog order (2 before 4), at most three; 0,999 is not
 * holding anything back; the unknown criterion 5 (no data) is among them. */
static void hold_back_lowest_first(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    const ntm_criterion_result *out[NTM_HOLD_BACK_MAX];
    double p[NTM_HOLD_BACK_MAX];
    size_t n = ntm_results_hold_back(&f.run, 1, &f.eu, out, p);
    assert_int_equal(n, 3);
    assert_string_equal(out[0]->crit->code, "3");
    assert_string_equal(out[1]->crit->code, "5");
    assert_string_equal(out[2]->crit->code, "2");
    assert_true(p[0] == 0.10 && p[1] == 0.20 && p[2] == 0.40);
    assert_int_equal(ntm_results_hold_back(&f.run, 7, &f.eu, out, p), 0); /* no such year */
}

static void at_risk_rule(void **state)
{
    (void)state;
    assert_true(ntm_results_at_risk(NTM_STATE_MET, 0.94));
    assert_false(ntm_results_at_risk(NTM_STATE_MET, 0.95));
    assert_false(ntm_results_at_risk(NTM_STATE_UNMET, 0.10)); /* unmet is not "at risk" */
    assert_false(ntm_results_at_risk(NTM_STATE_MET, NAN));
}

/* A task due 31/12/2024 is read against P(met by 2024) = 0,90, not P by the indicator's
 * target year 2023 (0,51); without a readable due date, or one outside 2023..2025, it is
 * the target year's. */
static void task_due_year(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    int y = 0;
    assert_true(ntm_results_p_by_due(&f.run, &f.items[5], "31/12/2024", &y) == 0.90);
    assert_int_equal(y, 2024);
    assert_true(ntm_results_p_by_due(&f.run, &f.items[5], "2025", &y) == 0.97);
    assert_int_equal(y, 2025);
    assert_true(ntm_results_p_by_due(&f.run, &f.items[5], NULL, &y) == 0.51);
    assert_int_equal(y, 2023);
    assert_true(ntm_results_p_by_due(&f.run, &f.items[5], "31/12/2030", &y) == 0.51);
    assert_true(ntm_results_p_by_due(&f.run, &f.items[5], "sớm", &y) == 0.51);
}

static void indicator_state(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    assert_int_equal(ntm_results_indicator_state(&f.eu, "12.2"), NTM_STATE_UNMET);
    assert_int_equal(ntm_results_indicator_state(&f.eu, "99.9"), NTM_STATE_UNKNOWN);
}

/* The results view: one row per run item with the scorecard's state, P at the year asked,
 * and the hold-back rank (3 first, then 5, then 2, as above); criterion 1, met now with
 * P 0,999, is not at risk (>= 95%); a year outside the run is refused. */
static void view_rows(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    ntm_eval ev;
    memset(&ev, 0, sizeof ev);
    ev.units = &f.eu;
    ev.n_units = 1;
    ntm_results res;
    ntm_error err = {0};
    assert_int_equal(ntm_results_build(&ev, &f.run, 2024, &res, &err), NTM_OK);
    assert_int_equal(res.n, 6);
    assert_int_equal(res.yi, 1);
    const int rank[5] = {0, 3, 1, 0, 2};
    for (int c = 0; c < 5; c++) {
        const ntm_result_row *w = &res.rows[c];
        assert_int_equal(w->level, NTM_RUN_CRITERION);
        assert_int_equal(w->state, f.cr[c].state);
        assert_true(w->p_year == f.p[c][1]);
        if (w->hold_back != rank[c])
            fail_msg("criterion %d: rank %d, want %d", c + 1, w->hold_back, rank[c]);
        assert_false(w->at_risk);
    }
    const ntm_result_row *w = &res.rows[5];
    assert_int_equal(w->state, NTM_STATE_UNMET);
    assert_true(w->p_year == 0.90 && w->p_target == 0.51 && w->target_year == 2023);
    assert_true(w->money == 0 && w->n_iv == 0);
    ntm_results_release(&res);
    assert_int_equal(ntm_results_build(&ev, &f.run, 2030, &res, &err), NTM_EINPUT);
    ntm_results_release(&res);
}

/* The one-home rules the results read: a rate's count from the unit (1.784 households,
 * 7.012 people), the name in the reader's language. */
static void unit_count_and_names(void **state)
{
    (void)state;
    ntm_unit u;
    memset(&u, 0, sizeof u);
    u.households = 1784;
    u.population = 7012;
    assert_true(ntm_unit_count(&u, "hộ") == 1784);
    assert_true(ntm_unit_count(&u, "người") == 7012);
    assert_true(isnan(ntm_unit_count(&u, "%")));
    assert_true(isnan(ntm_unit_count(&u, NULL)));
    assert_string_equal(ntm_name_in(NTM_LANG_VI, "Y tế", "Health"), "Y tế");
    assert_string_equal(ntm_name_in(NTM_LANG_EN, "Y tế", "Health"), "Health");
    assert_string_equal(ntm_name_in(NTM_LANG_EN, "Y tế", NULL), "Y tế");
    assert_string_equal(ntm_name_in(NTM_LANG_VI, NULL, "Health"), "Health");
    assert_string_equal(ntm_name_in(NTM_LANG_VI, NULL, NULL), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hold_back_lowest_first), cmocka_unit_test(at_risk_rule),
        cmocka_unit_test(task_due_year),          cmocka_unit_test(indicator_state),
        cmocka_unit_test(unit_count_and_names),   cmocka_unit_test(view_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
