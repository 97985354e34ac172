/* test_gapcost.c: least money for a confidence (engine/gapcost.h) against closed forms:
 * a lognormal response whose quantiles are known, a step response, the program inverse
 * s = -(c R / e) ln(1 - reached / R) (DESIGN.md, "Interventions"), and the simulator
 * driven through the same search on a deterministic program (zero spread). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "engine/gapcost.h"
#include "engine/sim.h"

#define SEED 3

/* ---- synthetic responses ------------------------------------------------------------------ */

/* P(s) = Phi((ln s - mu) / sigma): the money for confidence q is exp(mu + sigma z_q). */
typedef struct lognormal {
    double mu, sigma;
    int calls;
} lognormal;

static ntm_status p_lognormal(void *user, double s, double *p, ntm_error *err)
{
    (void)err;
    lognormal *l = user;
    l->calls++;
    *p = s <= 0 ? 0 : gsl_cdf_ugaussian_P((log(s) - l->mu) / l->sigma);
    return NTM_OK;
}

/* P jumps from LOW to HIGH at AT. */
typedef struct step {
    double at, low, high;
} step;

static ntm_status p_step(void *user, double s, double *p, ntm_error *err)
{
    (void)err;
    const step *st = user;
    *p = s >= st->at ? st->high : st->low;
    return NTM_OK;
}

static ntm_status p_fail(void *user, double s, double *p, ntm_error *err)
{
    (void)user;
    (void)s;
    (void)p;
    return ntm_error_set(err, NTM_EDB, "the callback failed on purpose");
}

static ntm_status p_bad(void *user, double s, double *p, ntm_error *err)
{
    (void)user;
    (void)err;
    *p = s > 0 ? 1.5 : 0; /* outside [0, 1] */
    return NTM_OK;
}

static const double CONF3[3] = {0.5, 0.8, 0.95};

static void test_lognormal_quantiles(void **state)
{
    (void)state;
    /* median 2 tỷ, sigma 0.5: q = 0.8 needs exp(ln 2e9 + 0.5 * 0.8416) = 3.045 tỷ */
    lognormal l = {.mu = log(2e9), .sigma = 0.5};
    ntm_gapcost_opts o = {.draws = 2000, .scale = 1e8, .max_money = 1e13};
    ntm_gapcost_result r[3];
    double p_max = NAN;
    size_t evals = 0;
    ntm_error err;
    assert_int_equal(ntm_gapcost_solve(p_lognormal, &l, &o, CONF3, 3, r, &p_max, &evals, &err),
                     NTM_OK);
    for (int k = 0; k < 3; k++) {
        double exact = exp(l.mu + l.sigma * gsl_cdf_ugaussian_Pinv(CONF3[k]));
        assert_true(r[k].found);
        assert_true(r[k].money >= exact * (1 - 1e-12));
        assert_true(r[k].money - exact <= NTM_GAPCOST_REL_TOL * r[k].money);
        assert_true(r[k].p >= CONF3[k]);
        /* MC error: half the spread of the amounts at q -+ se(q), here by the closed form */
        double se = sqrt(CONF3[k] * (1 - CONF3[k]) / 2000);
        double lo = exp(l.mu + l.sigma * gsl_cdf_ugaussian_Pinv(CONF3[k] - se));
        double hi = exp(l.mu + l.sigma * gsl_cdf_ugaussian_Pinv(CONF3[k] + se));
        assert_true(fabs(r[k].money_se - 0.5 * (hi - lo)) <= 2 * NTM_GAPCOST_REL_TOL * hi);
        assert_false(r[k].se_one_sided);
    }
    /* the money rises with the confidence */
    assert_true(r[0].money < r[1].money && r[1].money < r[2].money);
    assert_true(evals > 0 && evals <= NTM_GAPCOST_MAX_EVALS);
    assert_int_equal((int)evals, l.calls);
    assert_true(p_max >= 0.95);
}

static void test_step_and_already_met(void **state)
{
    (void)state;
    step st = {.at = 7e9, .low = 0, .high = 1};
    ntm_gapcost_opts o = {.draws = 500, .scale = 1e9, .max_money = 1e12};
    ntm_gapcost_result r[3];
    assert_int_equal(ntm_gapcost_solve(p_step, &st, &o, CONF3, 3, r, NULL, NULL, NULL), NTM_OK);
    for (int k = 0; k < 3; k++) {
        assert_true(r[k].found);
        assert_true(r[k].money >= 7e9 && r[k].money <= 7e9 * (1 + NTM_GAPCOST_REL_TOL));
        /* deterministic: every confidence gives the same amount, the error is within the
           bisection's tolerance */
        assert_true(r[k].money_se <= NTM_GAPCOST_REL_TOL * 7e9);
    }
    /* P(0) already above the confidence: nothing extra */
    step met = {.at = 1e9, .low = 0.9, .high = 1};
    assert_int_equal(ntm_gapcost_solve(p_step, &met, &o, CONF3, 2, r, NULL, NULL, NULL), NTM_OK);
    assert_true(r[0].found && r[0].money == 0);
    assert_true(r[1].found && r[1].money == 0);
    assert_true(r[0].p == 0.9);
}

static void test_no_amount_suffices(void **state)
{
    (void)state;
    /* P levels off at 0.6 (e.g. a one-year delay with probability 0.4) */
    step st = {.at = 1e9, .low = 0, .high = 0.6};
    ntm_gapcost_opts o = {.draws = 1000, .scale = 1e8, .max_money = 1e11};
    ntm_gapcost_result r[3];
    double p_max = NAN;
    assert_int_equal(ntm_gapcost_solve(p_step, &st, &o, CONF3, 3, r, &p_max, NULL, NULL), NTM_OK);
    assert_true(r[0].found); /* 50% is reachable */
    assert_false(r[1].found);
    assert_false(r[2].found);
    assert_true(r[1].money == 1e11);
    assert_true(p_max == 0.6);
    /* 0.58 + se(0.58) > 0.6: the upper band cannot be reached, the error is one-sided */
    double c = 0.59;
    assert_int_equal(ntm_gapcost_solve(p_step, &st, &o, &c, 1, r, NULL, NULL, NULL), NTM_OK);
    assert_true(r[0].found && r[0].se_one_sided);
}

static void test_errors(void **state)
{
    (void)state;
    step st = {.at = 1, .low = 0, .high = 1};
    ntm_gapcost_opts o = {.draws = 100, .scale = 1e6, .max_money = 1e9};
    ntm_gapcost_result r[1];
    ntm_error err;
    double bad[] = {0, 1, -0.1, NAN};
    for (int k = 0; k < 4; k++)
        assert_int_equal(ntm_gapcost_solve(p_step, &st, &o, &bad[k], 1, r, NULL, NULL, &err),
                         NTM_EINPUT);
    assert_non_null(strstr(err.msg, "confidence"));
    ntm_gapcost_opts o2 = o;
    o2.draws = 0;
    assert_int_equal(ntm_gapcost_solve(p_step, &st, &o2, CONF3, 1, r, NULL, NULL, &err),
                     NTM_EINPUT);
    o2 = o;
    o2.scale = 0;
    assert_int_equal(ntm_gapcost_solve(p_step, &st, &o2, CONF3, 1, r, NULL, NULL, &err),
                     NTM_EINPUT);
    o2 = o;
    o2.max_money = 1;
    assert_int_equal(ntm_gapcost_solve(p_step, &st, &o2, CONF3, 1, r, NULL, NULL, &err),
                     NTM_EINPUT);
    o2 = o;
    o2.rel_tol = -1;
    assert_int_equal(ntm_gapcost_solve(p_step, &st, &o2, CONF3, 1, r, NULL, NULL, &err),
                     NTM_EINPUT);
    assert_int_equal(ntm_gapcost_solve(NULL, &st, &o, CONF3, 1, r, NULL, NULL, &err), NTM_EINPUT);
    assert_int_equal(ntm_gapcost_solve(p_step, &st, NULL, CONF3, 1, r, NULL, NULL, &err),
                     NTM_EINPUT);
    /* the callback's failure comes back as it is */
    assert_int_equal(ntm_gapcost_solve(p_fail, NULL, &o, CONF3, 1, r, NULL, NULL, &err), NTM_EDB);
    assert_non_null(strstr(err.msg, "on purpose"));
    /* a P outside [0, 1] */
    assert_int_equal(ntm_gapcost_solve(p_bad, NULL, &o, CONF3, 1, r, NULL, NULL, &err),
                     NTM_ENUMERIC);
    /* tolerances too fine for doubles still end (the bracket cannot narrow further) */
    step far = {.at = 123456789.0, .low = 0, .high = 1};
    o2 = o;
    o2.rel_tol = 1e-300;
    o2.abs_tol = 1e-300;
    assert_int_equal(ntm_gapcost_solve(p_step, &far, &o2, CONF3, 1, r, NULL, NULL, &err), NTM_OK);
    assert_true(r[0].money >= far.at && r[0].money <= far.at * (1 + 1e-12));
}

/* ---- the program's closed form ------------------------------------------------------------ */

static void test_program_inverse(void **state)
{
    (void)state;
    /* Cẩm Thành poverty: N = 1.807 households at 12,21%: R = 220,6; to 6,5% needs
       1.807 * 5,71% = 103,2 households reached. c = 20 triệu, e = 0,5:
       s = -(2e7 * 220.6347 / 0.5) ln(1 - 103.1797 / 220.6347) = 5,564 tỷ (by hand:
       ln(0.532353) = -0.6304531; 8.825388e9 * 0.6304531 = 5.563993e9) */
    double N = 1807, R = N * 0.1221, need = N * (0.1221 - 0.065), s;
    assert_int_equal(ntm_gapcost_program_money(2e7, 0.5, R, need, &s, NULL), NTM_OK);
    double hand = (2e7 * R / 0.5) * -log(1 - need / R);
    assert_true(fabs(s - hand) <= 1e-9 * hand);
    assert_true(fabs(s - 5.563993e9) <= 1e-6 * 5.563993e9);
    /* forward and back */
    assert_true(fabs(ntm_gapcost_program_reach(2e7, 0.5, R, s) - need) <= 1e-9 * need);
    /* small money costs c / e per unit */
    assert_true(fabs(ntm_gapcost_program_reach(2e7, 0.5, R, 1e3) / (1e3 * 0.5 / 2e7) - 1) <= 1e-6);
    assert_int_equal(ntm_gapcost_program_money(2e7, 0.5, R, 0, &s, NULL), NTM_OK);
    assert_true(s == 0);
    ntm_error err;
    assert_int_equal(ntm_gapcost_program_money(2e7, 0.5, R, R, &s, &err), NTM_ENUMERIC);
    assert_int_equal(ntm_gapcost_program_money(0, 0.5, R, 1, &s, &err), NTM_EINPUT);
    assert_int_equal(ntm_gapcost_program_money(2e7, 1.5, R, 1, &s, &err), NTM_EINPUT);
    assert_int_equal(ntm_gapcost_program_money(2e7, 0.5, -1, 1, &s, &err), NTM_EINPUT);
    assert_true(isnan(ntm_gapcost_program_reach(2e7, 0.5, R, -1)));
}

/* ---- the simulator through the same search -------------------------------------------------- */

static const char *const UNITS[1] = {"Cẩm Thành"};

typedef struct simprobe {
    ntm_sim *sim;
    size_t ny, year;
    long draws;
    uint8_t ind[400 * 4], crit[1], unit[400 * 4];
} simprobe;

/* P(met at the end of year index YEAR) with S đồng spent in the first year. */
static ntm_status p_sim(void *user, double s, double *p, ntm_error *err)
{
    simprobe *sp = user;
    double spend[4] = {s, 0, 0, 0};
    ntm_status rc = ntm_sim_set_spend(sp->sim, 0, spend, err);
    if (rc != NTM_OK)
        return rc;
    ntm_sim_block b = {.ind_met = sp->ind, .crit_met = sp->crit, .unit_met = sp->unit};
    if ((rc = ntm_sim_eval_block(sp->sim, 0, (size_t)sp->draws, &b, err)) != NTM_OK)
        return rc;
    long met = 0;
    for (long d = 0; d < sp->draws; d++)
        met += sp->ind[(size_t)d * sp->ny + sp->year];
    *p = (double)met / (double)sp->draws;
    return NTM_OK;
}

static ntm_intervention program(double lag)
{
    ntm_intervention v;
    memset(&v, 0, sizeof v);
    v.name = (char *)"Giảm nghèo";
    v.type = NTM_IV_PROGRAM;
    v.unit_cost = 2e7;
    v.unit_cost_sigma = 0; /* zero spread: P jumps from 0 to 1 */
    v.efficacy = 0.5;
    v.lag = lag;
    v.decay = 0;
    v.population = NAN;
    v.cost = v.contingency = v.overrun_sigma = v.duration = v.delay_prob = NAN;
    v.value_when_done = v.done = v.total = v.rate = v.rate_sd = NAN;
    return v;
}

static void sim_case(double lag, size_t year, ntm_gapcost_result *r, double *p_max)
{
    ntm_sim_indicator x;
    memset(&x, 0, sizeof x);
    x.code = "11.1";
    x.kind = NTM_KIND_RATE;
    x.direction = NTM_DIR_MAX;
    x.lower = NAN;
    x.upper = 6.5;
    x.value = 12.21;
    x.risk = NAN;
    x.population = 1807;
    ntm_intervention iv = program(lag);
    double zero[4] = {0};
    ntm_sim_iv siv = {.iv = &iv, .indicator = 0, .spend = zero};
    ntm_sim_input in;
    memset(&in, 0, sizeof in);
    in.seed = SEED;
    in.start_year = 2023;
    in.horizon = 2026;
    in.deadline = 2024;
    in.draws = 400;
    in.threads = 1;
    in.unit_names = UNITS;
    in.n_units = 1;
    in.ind = &x;
    in.n_ind = 1;
    in.iv = &siv;
    in.n_iv = 1;
    simprobe sp = {.ny = 4, .year = year, .draws = 400};
    ntm_error err;
    if (ntm_sim_new(&sp.sim, &in, &err) != NTM_OK)
        fail_msg("ntm_sim_new: %s (seed %d)", err.msg, SEED);
    ntm_gapcost_opts o = {.draws = 400, .scale = 1e9, .max_money = 1e12};
    ntm_status rc = ntm_gapcost_solve(p_sim, &sp, &o, CONF3, 3, r, p_max, NULL, &err);
    ntm_sim_free(sp.sim);
    if (rc != NTM_OK)
        fail_msg("solve: %s (seed %d)", err.msg, SEED);
}

static void test_sim_matches_closed_form(void **state)
{
    (void)state;
    ntm_gapcost_result r[3];
    double p_max;
    sim_case(0, 0, r, &p_max);
    double N = 1807, R = N * 12.21 / 100, need = N * (12.21 - 6.5) / 100, exact;
    assert_int_equal(ntm_gapcost_program_money(2e7, 0.5, R, need, &exact, NULL), NTM_OK);
    for (int k = 0; k < 3; k++) {
        assert_true(r[k].found);
        assert_true(r[k].money >= exact * (1 - 1e-9));
        assert_true(r[k].money <= exact * (1 + NTM_GAPCOST_REL_TOL));
        assert_true(r[k].money_se <= NTM_GAPCOST_REL_TOL * exact);
    }
}

static void test_sim_lag_no_amount(void **state)
{
    (void)state;
    /* money acts a year after it is spent: by the end of the first year no amount helps */
    ntm_gapcost_result r[3];
    double p_max = NAN;
    sim_case(1, 0, r, &p_max);
    for (int k = 0; k < 3; k++)
        assert_false(r[k].found);
    assert_true(p_max == 0);
    /* by the end of the second year it does, at the same closed-form amount */
    sim_case(1, 1, r, &p_max);
    assert_true(r[1].found);
    double N = 1807, R = N * 12.21 / 100, need = N * (12.21 - 6.5) / 100, exact;
    assert_int_equal(ntm_gapcost_program_money(2e7, 0.5, R, need, &exact, NULL), NTM_OK);
    assert_true(r[1].money >= exact * (1 - 1e-9) &&
                r[1].money <= exact * (1 + NTM_GAPCOST_REL_TOL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lognormal_quantiles), cmocka_unit_test(test_step_and_already_met),
        cmocka_unit_test(test_no_amount_suffices),  cmocka_unit_test(test_errors),
        cmocka_unit_test(test_program_inverse),     cmocka_unit_test(test_sim_matches_closed_form),
        cmocka_unit_test(test_sim_lag_no_amount),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
