/* test_plan_gaps.c: gap costing (plan/gaps.h) on a prepared scenario built by hand, against
 * the closed form of DESIGN.md: money s on a program reaches R(1 - exp(-s e / (c R))) of
 * the R households still poor, so closing a gap of G households costs
 * s = -(c R / e) ln(1 - G / R). With a fixed unit cost, no trend and no shocks P(met) jumps
 * from 0 to 1 at s, so the figure at every confidence is s within the search's tolerance.
 * Then the gaps chart's rows (render/report_gaps.h) add up to the text's total. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/gaps.h"
#include "render/report_gaps.h"

#define S(x) ((char *)(x))

/* Seed 003's poverty: 12,21% of 1.784 households, threshold <= 6,5%: R = 217,8264 poor
 * households, G = (12,21 - 6,5)% x 1.784 = 101,8664. Unit cost 10 triệu, efficacy 0,5:
 * s = -(1e7 x 217,8264 / 0,5) ln(1 - 101,8664 / 217,8264) = 4,356528e9 x 0,630453...
 * = 2,746588e9 đồng (2,7 tỷ), computed below from the same formula. */
#define N_HH 1784.0
#define VALUE 12.21
#define BOUND 6.5
#define UNIT_COST 1e7
#define EFFICACY 0.5

typedef struct fixture {
    ntm_indicator cind;
    ntm_criterion ccrit;
    ntm_indicator_result ir;
    ntm_criterion_result cr;
    const ntm_indicator_result *ir_p;
    const ntm_criterion_result *cr_p;
    ntm_intervention iv;
    ntm_fund_key key[2];
    double share[2];
    ntm_sim_indicator ind;
    ntm_sim_criterion crit;
    size_t member;
    ntm_sim_iv siv;
    double spend[2];
    const char *unit_names[1];
    ntm_eval ev;
} fixture;

static void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->cind.code = S("11.1");
    f->cind.criterion = S("11");
    f->cind.name_vi = S("Tỷ lệ nghèo đa chiều");
    f->ccrit.code = S("11");
    f->ccrit.name_vi = S("Nghèo đa chiều");
    f->ir.ind = &f->cind;
    f->ir.state = NTM_STATE_UNMET;
    f->cr.crit = &f->ccrit;
    f->cr.state = NTM_STATE_UNMET;
    f->ir_p = &f->ir;
    f->cr_p = &f->cr;
    f->iv.name = S("Giảm nghèo");
    f->iv.type = NTM_IV_PROGRAM;
    f->iv.unit_cost = UNIT_COST;
    f->iv.unit_cost_sigma = 0;
    f->iv.efficacy = EFFICACY;
    f->iv.lag = 0;
    f->iv.decay = 0;
    f->iv.population = NAN;
    f->iv.cost = f->iv.contingency = f->iv.overrun_sigma = f->iv.duration = NAN;
    f->iv.delay_prob = f->iv.value_when_done = f->iv.done = f->iv.total = NAN;
    f->iv.rate = f->iv.rate_sd = NAN;
    /* 3/4 province poverty money, 1/4 commune */
    f->key[0] = (ntm_fund_key){NTM_SRC_PROVINCE, NTM_CAP_RECURRENT, NTM_PROG_POVERTY};
    f->key[1] = (ntm_fund_key){NTM_SRC_COMMUNE, NTM_CAP_RECURRENT, NTM_PROG_NTM};
    f->share[0] = 0.75;
    f->share[1] = 0.25;
    f->iv.keys = f->key;
    f->iv.key_share = f->share;
    f->iv.n_keys = 2;
    f->ind.code = "11.1";
    f->ind.kind = NTM_KIND_RATE;
    f->ind.direction = NTM_DIR_MAX;
    f->ind.lower = NAN;
    f->ind.upper = BOUND;
    f->ind.value = VALUE;
    f->ind.risk = NAN;
    f->ind.population = N_HH;
    f->ind.target_year = 2023;
    f->member = 0;
    f->crit.code = "11";
    f->crit.indicators = &f->member;
    f->crit.n_indicators = 1;
    f->crit.risk = NAN;
    f->siv.iv = &f->iv;
    f->siv.spend = f->spend;
    f->siv.from = NAN;
    f->unit_names[0] = "Cẩm Thành";
    ntm_eval *ev = &f->ev;
    ev->sc.start_year = 2023;
    ev->sc.horizon = 2024;
    ev->sc.deadline = 2024;
    ev->unit_names = f->unit_names;
    ev->n_units = 1;
    ev->ind = &f->ind;
    ev->ind_res = &f->ir_p;
    ev->n_ind = 1;
    ev->crit = &f->crit;
    ev->crit_res = &f->cr_p;
    ev->n_crit = 1;
    ev->iv = &f->siv;
    ev->n_iv = 1;
    ev->n_years = 2;
    ev->input.seed = 3;
    ev->input.start_year = 2023;
    ev->input.horizon = 2024;
    ev->input.deadline = 2024;
    ev->input.draws = 200;
    ev->input.threads = 1;
    ev->input.unit_names = f->unit_names;
    ev->input.n_units = 1;
    ev->input.ind = &f->ind;
    ev->input.n_ind = 1;
    ev->input.crit = &f->crit;
    ev->input.n_crit = 1;
    ev->input.iv = &f->siv;
    ev->input.n_iv = 1;
}

static void program_gap_closed_form(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    double R = VALUE / 100 * N_HH, G = (VALUE - BOUND) / 100 * N_HH;
    double s = -(UNIT_COST * R / EFFICACY) * log(1 - G / R);
    assert_true(fabs(s - 2.746588e9) < 1e4); /* the comment's hand figure */
    ntm_gaps gs;
    ntm_error err = {0};
    if (ntm_gaps_compute(&f.ev, 0.8, 0, &gs, &err) != NTM_OK)
        fail_msg("gaps: %s", err.msg);
    assert_int_equal(gs.n_gap, 1);
    assert_int_equal(gs.n_crit, 1);
    const ntm_gap *g = &gs.gap[0];
    assert_int_equal(g->cls, NTM_GAP_CLASS_MONEY);
    assert_true(g->p_now == 0);
    for (size_t k = 0; k < NTM_GAPS_NCONF; k++) {
        assert_true(g->fig[k].found);
        if (fabs(g->fig[k].money - s) > 2e-3 * s + 2e3)
            fail_msg("figure %zu: %.0f, closed form %.0f", k, g->fig[k].money, s);
    }
    /* split 3:1 by key; the criterion's total is the gap's, and the whole total */
    assert_true(fabs(g->key_money[0] - 0.75 * g->fig[1].money) < 1);
    assert_true(fabs(gs.total - gs.crit[0].fig[1].money) < 1);
    assert_true(fabs(gs.crit[0].fig[1].money - s) < 2e-3 * s + 2e3);

    /* the chart: one bar per criterion summing to the text's total, stacked in the
     * legend's keys, its error bar the text's ± (one standard error) */
    ntm_report_gap_rows rows;
    assert_int_equal(ntm_report_gap_rows_build(&gs, NTM_LANG_VI, &rows), NTM_OK);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.n_keys, gs.n_keys);
    double sum = 0;
    for (size_t k = 0; k < rows.n_keys; k++)
        sum += rows.rows[0].by_key[k];
    assert_true(fabs(sum - gs.total) < 1);
    for (size_t k = 0; k < gs.n_keys; k++)
        assert_true(fabs(rows.rows[0].by_key[k] - gs.key_total[k]) < 1);
    assert_true(rows.rows[0].mc_err == gs.crit[0].fig[1].money_se);
    ntm_report_gap_rows_release(&rows);
    ntm_gaps_release(&gs);
}

/* An effort's lead is 0 wherever it is used, a program's its lag, a project's its
 * duration, rounded up (model/scenario.h). */
static void lead_years_one_rule(void **state)
{
    (void)state;
    ntm_intervention iv;
    memset(&iv, 0, sizeof iv);
    iv.type = NTM_IV_EFFORT;
    iv.lag = 2;
    iv.duration = 3;
    assert_int_equal(ntm_iv_lead_years(&iv), 0);
    iv.type = NTM_IV_PROGRAM;
    assert_int_equal(ntm_iv_lead_years(&iv), 2);
    iv.type = NTM_IV_PROJECT;
    iv.duration = 0.5;
    assert_int_equal(ntm_iv_lead_years(&iv), 1);
    iv.duration = NAN;
    assert_int_equal(ntm_iv_lead_years(&iv), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(program_gap_closed_form),
        cmocka_unit_test(lead_years_one_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
