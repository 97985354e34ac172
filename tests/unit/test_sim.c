/* test_sim.c: the simulator against closed forms (each derived in its test's comment),
 * common random numbers, thread-count invariance and its error paths. Scenarios are
 * built by hand here (no scenario parser). Seeds are fixed and printed on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "engine/sim.h"
#include "engine/trend.h"

#define SEED 20240611ULL
#define START 2024
#define HORIZON 2028
#define NY (HORIZON - START + 1)
/* Monte Carlo checks pass when the estimate is within Z_MC standard errors of the closed
 * form: a false alarm has probability about 6e-7 per check (two-sided normal). */
#define Z_MC 5.0
#define EXACT_REL 1e-12 /* closed forms evaluated in another order of operations */

static const char *const UNITS[2] = {"Cẩm Thành", "Cẩm Bình"};

static ntm_sim_indicator ind_binary(const char *code, int met)
{
    ntm_sim_indicator x;
    memset(&x, 0, sizeof x);
    x.code = code;
    x.kind = NTM_KIND_BINARY;
    x.direction = NTM_DIR_YES;
    x.lower = x.upper = x.value = x.risk = x.population = NAN;
    x.met = met;
    return x;
}

/* A rate, met when <= UPPER (MAX) or >= LOWER (MIN). */
static ntm_sim_indicator ind_rate(const char *code, ntm_direction dir, double bound, double value,
                                  double population)
{
    ntm_sim_indicator x = ind_binary(code, 0);
    x.kind = NTM_KIND_RATE;
    x.direction = dir;
    if (dir == NTM_DIR_MAX)
        x.upper = bound;
    else
        x.lower = bound;
    x.value = value;
    x.population = population;
    x.met = dir == NTM_DIR_MAX ? value <= bound : value >= bound;
    return x;
}

static ntm_intervention iv_new(const char *name, ntm_iv_type type)
{
    ntm_intervention v;
    memset(&v, 0, sizeof v);
    v.name = (char *)name;
    v.type = type;
    v.unit_cost = v.unit_cost_sigma = v.efficacy = v.lag = v.decay = v.population = NAN;
    v.cost = v.contingency = v.overrun_sigma = v.duration = v.delay_prob = NAN;
    v.value_when_done = v.done = v.total = v.rate = v.rate_sd = NAN;
    return v;
}

static ntm_sim_input input_new(long draws)
{
    ntm_sim_input in;
    memset(&in, 0, sizeof in);
    in.seed = SEED;
    in.start_year = START;
    in.horizon = HORIZON;
    in.deadline = HORIZON;
    in.draws = draws;
    in.threads = 1;
    in.unit_names = UNITS;
    in.n_units = 1;
    return in;
}

static ntm_sim *run(const ntm_sim_input *in)
{
    ntm_sim *sim = NULL;
    ntm_error err;
    ntm_status st = ntm_sim_new(&sim, in, &err);
    if (st != NTM_OK)
        fail_msg("ntm_sim_new: %s (seed %llu)", err.msg, (unsigned long long)in->seed);
    while (!ntm_sim_done(sim))
        assert_true(ntm_sim_step(sim, 777) > 0);
    assert_int_equal(ntm_sim_step(sim, 10), 0);
    return sim;
}

static void near_mc(double est, double truth, double se, const char *what)
{
    if (fabs(est - truth) > Z_MC * se + 1e-12)
        fail_msg("%s: %.6f vs %.6f (se %.6f, seed %llu)", what, est, truth, se,
                 (unsigned long long)SEED);
}

/* ---- projects ----------------------------------------------------------------------- */

/* A project with cost C, no contingency, overrun or delay, fully funded in year F, is
 * complete at the end of year F + duration: not met before, met from then on. A shortfall
 * in F paid the next year moves F one year; the shared disbursement delay with
 * probability 1 moves every arrival one year; its own delay with probability 1 adds one. */
static void project_exact_year(void **state)
{
    (void)state;
    struct {
        double spend[NY];
        double duration, shared_delay, own_delay;
        int met_from; /* year index */
    } cases[] = {
        {{500e6, 0, 0, 0, 0}, 1, 0, 0, 1},      /* funded 2024, built 2025 */
        {{500e6, 0, 0, 0, 0}, 2, 0, 0, 2},      /* two years */
        {{500e6, 0, 0, 0, 0}, 0, 0, 0, 0},      /* built the year it is funded */
        {{300e6, 200e6, 0, 0, 0}, 1, 0, 0, 2},  /* shortfall paid in 2025 */
        {{300e6, 100e6, 0, 0, 0}, 1, 0, 0, NY}, /* never fully funded */
        {{500e6, 0, 0, 0, 0}, 1, 1, 0, 2},      /* shared delay: money arrives 2025 */
        {{500e6, 0, 0, 0, 0}, 1, 0, 1, 2},      /* its own one-year delay */
        {{0, 0, 0, 250e6, 250e6}, 0, 1, 0, NY}, /* the last year's money comes too late */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ntm_sim_indicator ind = ind_binary("6.2", 0);
        size_t idx = 0;
        ntm_sim_criterion cr = {0, "6", &idx, 1, 0, NAN};
        ntm_intervention p = iv_new("bể bơi", NTM_IV_PROJECT);
        p.cost = 500e6;
        p.duration = cases[c].duration;
        p.delay_prob = cases[c].own_delay;
        ntm_sim_iv iv = {&p, 0, cases[c].spend, NULL, NAN};
        ntm_sim_input in = input_new(50);
        in.shared.delay_prob = cases[c].shared_delay;
        in.ind = &ind;
        in.n_ind = 1;
        in.crit = &cr;
        in.n_crit = 1;
        in.iv = &iv;
        in.n_iv = 1;
        ntm_sim *sim = run(&in);
        const ntm_sim_summary *r = ntm_sim_results(sim);
        assert_int_equal(r->draws, 50);
        for (int y = 0; y < NY; y++) {
            double want = y >= cases[c].met_from ? 1.0 : 0.0;
            if (r->ind[0].p_met[y] != want || r->crit[0].p_met[y] != want ||
                r->unit[0].p_met[y] != want)
                fail_msg("case %zu year %d: P = %g, want %g", c, START + y, r->ind[0].p_met[y],
                         want);
        }
        assert_true(r->ind[0].first_met[cases[c].met_from] == 1.0);
        assert_false(r->ind[0].skipped);
        ntm_sim_free(sim);
    }
}

/* A project with cost C = 500 triệu and 10% contingency, funded exactly C in 2024 (duration
 * 0, no overrun): its need is 550 triệu, so with no other money it is never finished.
 * With 100 triệu of its key unallocated in 2025 (ntm_sim_iv.room) the 50 triệu shortfall is
 * paid then: finished at the end of 2025, one year late, in every draw. Room already in
 * 2024 finishes it in 2024. Funded below C, room never makes up the estimate itself. */
static void project_shortfall_from_room(void **state)
{
    (void)state;
    struct {
        double spend[NY], room[NY];
        int met_from;
    } cases[] = {
        {{500e6, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, NY},      /* no room: never */
        {{500e6, 0, 0, 0, 0}, {0, 100e6, 0, 0, 0}, 1},   /* paid in 2025 */
        {{500e6, 0, 0, 0, 0}, {60e6, 0, 0, 0, 0}, 0},    /* room in 2024 already */
        {{500e6, 0, 0, 0, 0}, {0, 30e6, 30e6, 0, 0}, 2}, /* 30 + 30 by 2026 */
        {{400e6, 0, 0, 0, 0}, {0, 900e6, 0, 0, 0}, NY},  /* below the estimate: never */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ntm_sim_indicator ind = ind_binary("6.2", 0);
        ntm_intervention p = iv_new("bể bơi", NTM_IV_PROJECT);
        p.cost = 500e6;
        p.contingency = 0.10;
        p.duration = 0;
        ntm_sim_iv iv = {&p, 0, cases[c].spend, cases[c].room, NAN};
        ntm_sim_input in = input_new(20);
        in.ind = &ind;
        in.n_ind = 1;
        in.iv = &iv;
        in.n_iv = 1;
        ntm_sim *sim = run(&in);
        const ntm_sim_summary *r = ntm_sim_results(sim);
        for (int y = 0; y < NY; y++)
            if (r->ind[0].p_met[y] != (y >= cases[c].met_from ? 1.0 : 0.0))
                fail_msg("case %zu year %d: P = %g", c, START + y, r->ind[0].p_met[y]);
        ntm_sim_free(sim);
    }
}

/* An effort's progress counts from the date its `done` was observed: 417 of 910 on
 * 31/07/2024 (t = 2024.58), 250 a year, no spread. From 1 January: 667 by the end of 2024,
 * 917 >= 910 by 2025. From July, only 1 - 0,58 = 0,42 of 2024 is left: 417 + 105 = 522,
 * then 772 by 2025, 1.022 by 2026: met from 2026. */
static void effort_from_observation_date(void **state)
{
    (void)state;
    for (int dated = 0; dated <= 1; dated++) {
        ntm_sim_indicator ind = ind_binary("12.2", 0);
        ntm_intervention p = iv_new("hồ sơ", NTM_IV_EFFORT);
        p.done = 417;
        p.total = 910;
        p.rate = 250;
        ntm_sim_iv iv = {&p, 0, NULL, NULL, dated ? 2024.58 : NAN};
        ntm_sim_input in = input_new(10);
        in.ind = &ind;
        in.n_ind = 1;
        in.iv = &iv;
        in.n_iv = 1;
        ntm_sim *sim = run(&in);
        const ntm_sim_summary *r = ntm_sim_results(sim);
        double want[2][NY] = {{0, 1, 1, 1, 1}, {0, 0, 1, 1, 1}};
        assert_memory_equal(r->ind[0].p_met, want[dated], sizeof want[dated]);
        ntm_sim_free(sim);
    }
}

/* A range threshold [80, 90] is judged on both bounds, as the status does: a value of 95
 * is not met (the simulator used to look at the direction's bound alone and called it
 * met), 85 is, 75 is not; the same function decides everywhere (model/catalog.h). */
static void range_threshold_both_bounds(void **state)
{
    (void)state;
    const double values[3] = {95, 85, 75};
    const double want[3] = {0, 1, 0};
    for (int c = 0; c < 3; c++) {
        ntm_sim_indicator ind = ind_rate("17.2", NTM_DIR_MIN, 80, values[c], NAN);
        ind.upper = 90;
        ind.met = c == 1;
        ntm_sim_input in = input_new(10);
        in.ind = &ind;
        in.n_ind = 1;
        ntm_sim *sim = run(&in);
        const ntm_sim_summary *r = ntm_sim_results(sim);
        for (int y = 0; y < NY; y++)
            if (r->ind[0].p_met[y] != want[c])
                fail_msg("value %g year %d: P = %g", values[c], START + y, r->ind[0].p_met[y]);
        ntm_sim_free(sim);
    }
    assert_true(ntm_threshold_meets(85, 80, 90) && !ntm_threshold_meets(95, 80, 90));
    assert_true(ntm_threshold_meets(95, 80, NAN) && ntm_threshold_meets(5, NAN, 6.5));
    assert_false(ntm_threshold_meets(NAN, 80, NAN));
}

/* k-of-m: three components costing C/3 each, two needed; money C/3 a year: component j is
 * funded in year j, so with duration 1 the second is complete at the end of year 2. A
 * value_when_done on a rate sets the value from then on (met by its threshold). */
static void project_components(void **state)
{
    (void)state;
    ntm_sim_indicator ind = ind_rate("5.1", NTM_DIR_MIN, 100, 60, NAN);
    double spend[NY] = {1e9, 1e9, 1e9, 0, 0};
    ntm_intervention p = iv_new("trường học", NTM_IV_PROJECT);
    p.cost = 3e9;
    p.duration = 1;
    p.components = 3;
    p.k_required = 2;
    p.value_when_done = 100;
    ntm_sim_iv iv = {&p, 0, spend, NULL, NAN};
    ntm_sim_input in = input_new(20);
    in.ind = &ind;
    in.n_ind = 1;
    in.iv = &iv;
    in.n_iv = 1;
    ntm_sim *sim = run(&in);
    const ntm_sim_summary *r = ntm_sim_results(sim);
    double want[NY] = {0, 0, 1, 1, 1};
    assert_memory_equal(r->ind[0].p_met, want, sizeof want);
    ntm_sim_free(sim);
}

/* ---- programs ----------------------------------------------------------------------- */

/* Seed 003: poverty 12,21% of N = 1.784 households (MAX, threshold 6,5). A program with
 * a fixed unit cost c = 20 million, efficacy e = 0,5, spending s1 = 1 tỷ in 2024 and
 * s2 = 0,5 tỷ in 2025, decay d = 0,2, lag 0. By the model:
 *   R1 = 12,21% N; reached1 = R1 (1 - exp(-s1 e / (c R1))); v1 = 12,21 - 100 reached1 / N
 *   2025: the first effect shrinks to (1 - d) of itself: v = 12,21 - (1 - d) D1,
 *   R2 = v N / 100, reached2 = R2 (1 - exp(-s2 e / (c R2))), v2 = v - 100 reached2 / N
 *   2026: v3 = 12,21 - (1 - d)^2 D1 - (1 - d) D2.
 * With lag 1 the same money acts one year later. */
static void program_closed_form(void **state)
{
    (void)state;
    const double v0 = 12.21, N = 1784, c = 20e6, e = 0.5, s1 = 1e9, s2 = 0.5e9, d = 0.2;
    for (int lag = 0; lag <= 1; lag++) {
        ntm_sim_indicator ind = ind_rate("11.1", NTM_DIR_MAX, 6.5, v0, N);
        double spend[NY] = {s1, s2, 0, 0, 0};
        ntm_intervention p = iv_new("giảm nghèo", NTM_IV_PROGRAM);
        p.unit_cost = c;
        p.unit_cost_sigma = 0;
        p.efficacy = e;
        p.decay = d;
        p.lag = lag;
        ntm_sim_iv iv = {&p, 0, spend, NULL, NAN};
        ntm_sim_input in = input_new(4);
        in.ind = &ind;
        in.n_ind = 1;
        in.iv = &iv;
        in.n_iv = 1;
        ntm_sim *sim = NULL;
        assert_int_equal(ntm_sim_new(&sim, &in, NULL), NTM_OK);
        uint8_t im[4 * NY], cm[1], um[4 * NY];
        double val[4 * NY];
        ntm_sim_block b = {im, cm, um, val};
        assert_int_equal(ntm_sim_eval_block(sim, 0, 4, &b, NULL), NTM_OK);

        double R1 = v0 / 100 * N, D1 = 100 * R1 * (1 - exp(-s1 * e / (c * R1))) / N;
        double vb = v0 - (1 - d) * D1, R2 = vb / 100 * N;
        double D2 = 100 * R2 * (1 - exp(-s2 * e / (c * R2))) / N;
        double want[NY] = {v0 - D1, vb - D2, v0 - (1 - d) * (1 - d) * D1 - (1 - d) * D2,
                           v0 - pow(1 - d, 3) * D1 - pow(1 - d, 2) * D2,
                           v0 - pow(1 - d, 4) * D1 - pow(1 - d, 3) * D2};
        if (lag) { /* everything one year later */
            for (int y = NY - 1; y > 0; y--)
                want[y] = want[y - 1];
            want[0] = v0;
        }
        for (int k = 0; k < 4; k++)
            for (int y = 0; y < NY; y++)
                if (fabs(val[k * NY + y] - want[y]) > EXACT_REL * v0)
                    fail_msg("lag %d draw %d year %d: %.15g vs %.15g", lag, k, START + y,
                             val[k * NY + y], want[y]);
        /* the first year's reach in households, as the design states it */
        if (!lag)
            assert_true(fabs((v0 - val[0]) * N / 100 - R1 * (1 - exp(-s1 * e / (c * R1)))) <
                        EXACT_REL * R1);
        ntm_sim_free(sim);
    }
}

/* Recurring premium support (1.263.600 đ per person-year): insurance uptake 85% of
 * N = 6.000 persons (MIN, threshold 95). Money s in 2024 covers min(R, e s / c) persons
 * that year only: s = 3 tỷ, e = 1: 2.374,2 persons but R = 900, so the rate reaches
 * 100% in 2024; s = 0,5 tỷ in 2025: 395,7 persons -> 85 + 6,595%; nothing after. */
static void recurring_closed_form(void **state)
{
    (void)state;
    const double N = 6000, c = 1263600;
    ntm_sim_indicator ind = ind_rate("15.1", NTM_DIR_MIN, 95, 85, N);
    double spend[NY] = {3e9, 0.5e9, 0, 0, 0};
    ntm_intervention p = iv_new("bhyt", NTM_IV_RECURRING);
    p.unit_cost = c;
    p.efficacy = 1;
    ntm_sim_iv iv = {&p, 0, spend, NULL, NAN};
    ntm_sim_input in = input_new(3);
    in.ind = &ind;
    in.n_ind = 1;
    in.iv = &iv;
    in.n_iv = 1;
    ntm_sim *sim = run(&in);
    uint8_t im[NY], um[NY], cm[1];
    double val[NY];
    ntm_sim_block b = {im, cm, um, val};
    assert_int_equal(ntm_sim_eval_block(sim, 1, 1, &b, NULL), NTM_OK);
    double want[NY] = {100, 85 + 100 * (0.5e9 / c) / N, 85, 85, 85};
    for (int y = 0; y < NY; y++)
        assert_true(fabs(val[y] - want[y]) < EXACT_REL * 100);
    uint8_t wm[NY] = {1, 0, 0, 0, 0};
    assert_memory_equal(im, wm, NY);
    ntm_sim_free(sim);
}

/* ---- effort ------------------------------------------------------------------------- */

/* 417 of 910 certificates. Without spread, 200 a year: 617, 817, 1017 -> met from 2026.
 * With rate 250 and sd 50 (truncation at 0 is 5 sd away: negligible), done by 2025 is
 * 417 + X1 + X2, X1 + X2 ~ N(500, 2 * 50^2): P(met by 2025) = P(X1 + X2 >= 493)
 * = Phi((500 - 493) / sqrt(5000)); by 2026 Phi((750 - 493) / sqrt(7500)). By 2024:
 * P(X1 >= 493) = Phi((250 - 493) / 50) ~ 6e-7, so none in 20000 draws (this seed). */
static void effort_closed_form(void **state)
{
    (void)state;
    for (int spread = 0; spread <= 1; spread++) {
        ntm_sim_indicator ind = ind_binary("12.2", 0);
        ntm_intervention p = iv_new("hồ sơ", NTM_IV_EFFORT);
        p.done = 417;
        p.total = 910;
        p.rate = spread ? 250 : 200;
        p.rate_sd = spread ? 50 : 0;
        ntm_sim_iv iv = {&p, 0, NULL, NULL, NAN};
        ntm_sim_input in = input_new(spread ? 20000 : 10);
        in.ind = &ind;
        in.n_ind = 1;
        in.iv = &iv;
        in.n_iv = 1;
        in.threads = 2;
        ntm_sim *sim = run(&in);
        const ntm_sim_summary *r = ntm_sim_results(sim);
        if (!spread) {
            double want[NY] = {0, 0, 1, 1, 1};
            assert_memory_equal(r->ind[0].p_met, want, sizeof want);
        } else {
            double p25 = gsl_cdf_ugaussian_P(7 / sqrt(5000));
            assert_true(r->ind[0].p_met[0] == 0);
            near_mc(r->ind[0].p_met[1], p25, sqrt(p25 * (1 - p25) / 20000), "effort 2025");
            double p26 = gsl_cdf_ugaussian_P((750 - 493) / sqrt(7500));
            near_mc(r->ind[0].p_met[2], p26, sqrt(p26 * (1 - p26) / 20000), "effort 2026");
        }
        ntm_sim_free(sim);
    }
}

/* ---- maintenance risk and skipped indicators ---------------------------------------- */

/* A met binary indicator with yearly slip probability r stays met at the end of year k
 * (k = 0 for the start year) with probability (1 - r)^(k + 1); once slipped it stays
 * unmet. A criterion met by assessment with its own risk follows the same law. */
static void risk_slip(void **state)
{
    (void)state;
    const double risk = 0.1;
    const long n = 20000;
    ntm_sim_indicator ind[2] = {ind_binary("9.1", 1), ind_binary("9.2", 1)};
    ind[0].risk = risk;
    size_t i0 = 0, i1 = 1;
    ntm_sim_criterion cr[2] = {{0, "9", &i0, 1, 0, NAN}, {0, "19", NULL, 0, 1, risk}};
    (void)i1;
    ntm_sim_input in = input_new(n);
    in.ind = ind;
    in.n_ind = 2;
    in.crit = cr;
    in.n_crit = 2;
    ntm_sim *sim = run(&in);
    const ntm_sim_summary *r = ntm_sim_results(sim);
    for (int y = 0; y < NY; y++) {
        double p = pow(1 - risk, y + 1), se = sqrt(p * (1 - p) / n);
        near_mc(r->ind[0].p_met[y], p, se, "indicator slip");
        near_mc(r->crit[1].p_met[y], p, se, "criterion slip");
        assert_true(r->ind[0].p_met_se[y] > 0);
        /* two criteria with independent risks */
        near_mc(r->unit[0].p_met[y], p * p, sqrt(p * p * (1 - p * p) / n), "standard");
        near_mc(r->unit[0].mean_met[y], 2 * p, sqrt(2 * p * (1 - p) / n), "E[criteria met]");
    }
    near_mc(r->ind[0].first_met[0], 1 - risk, sqrt(risk * (1 - risk) / n), "first met");
    assert_true(r->ind[1].skipped && r->ind[1].p_met[0] == 1);
    ntm_sim_free(sim);
}

/* Indicators that need no draws are skipped and reported with P = 0 or 1. */
static void skipped_constant(void **state)
{
    (void)state;
    ntm_sim_indicator ind[4] = {ind_binary("2.1", 1), ind_binary("2.2", 0),
                                ind_rate("4.1", NTM_DIR_MIN, 95, 97, 1000),
                                ind_rate("4.2", NTM_DIR_MAX, 6.5, 8, 1000)};
    ind[0].risk = 0;
    ind[2].quantiles = 1;
    size_t a[2] = {0, 2}, b[2] = {1, 3};
    ntm_sim_criterion cr[2] = {{0, "2", a, 2, 0, NAN}, {0, "4", b, 2, 0, NAN}};
    ntm_sim_input in = input_new(100);
    in.ind = ind;
    in.n_ind = 4;
    in.crit = cr;
    in.n_crit = 2;
    ntm_sim *sim = run(&in);
    const ntm_sim_summary *r = ntm_sim_results(sim);
    double want[4] = {1, 0, 1, 0};
    for (int i = 0; i < 4; i++) {
        assert_true(r->ind[i].skipped);
        for (int y = 0; y < NY; y++)
            assert_true(r->ind[i].p_met[y] == want[i] && r->ind[i].p_met_se[y] == 0);
        assert_true(r->ind[i].first_met[want[i] ? 0 : NY] == 1);
    }
    assert_true(r->ind[2].quant[NTM_SIM_NQ * 2 + 4] == 97 && r->ind[2].quant_se[0] == 0);
    assert_null(r->ind[0].quant);
    assert_true(r->crit[0].p_met[0] == 1 && r->crit[1].p_met[0] == 0);
    assert_true(r->unit[0].p_met[0] == 0 && r->unit[0].mean_met[0] == 1);
    assert_true(r->unit[0].first_met[NY] == 1);
    ntm_sim_free(sim);
}

/* A unit whose every outcome is fixed is simulated once and counted for every draw; an
 * effort that cannot progress (rate 0, no spread) leaves its indicator skipped. Unit
 * "Cẩm Thành": 2.1 met (no risk), 2.2 unmet with such an effort, criterion 2 of both
 * (unmet), criterion 19 met by assessment without risk: P(standard) = 0, E[criteria met]
 * = 1 exactly, first met "never" for 2 and the standard, year 0 for 19. Unit "Cẩm Bình"
 * beside it is simulated: 9.1 met with risk r = 0.5 and a project with no money (cost > 0:
 * never complete, P = 0, yet not skipped: money may come by ntm_sim_set_spend). Its
 * standard (criterion 9 of 9.1) has P = (1 - r)^(k + 1). The block interface shows the
 * same fixed outcome in every draw, and threads and blocks change nothing. */
static void skipped_units(void **state)
{
    (void)state;
    ntm_sim_indicator ind[4] = {ind_binary("2.1", 1), ind_binary("2.2", 0), ind_binary("9.1", 1),
                                ind_binary("6.2", 0)};
    ind[2].unit = ind[3].unit = 1;
    ind[2].risk = 0.5;
    size_t a[2] = {0, 1}, b[1] = {2}, c[1] = {3};
    ntm_sim_criterion cr[4] = {{0, "2", a, 2, 0, NAN},
                               {0, "19", NULL, 0, 1, 0},
                               {1, "9", b, 1, 0, NAN},
                               {1, "6", c, 1, 0, NAN}};
    ntm_intervention ef = iv_new("hồ sơ", NTM_IV_EFFORT), pr = iv_new("bể bơi", NTM_IV_PROJECT);
    ef.done = 417;
    ef.total = 910;
    ef.rate = 0;
    pr.cost = 500e6;
    ntm_sim_iv iv[2] = {{&ef, 1, NULL, NULL, NAN}, {&pr, 3, NULL, NULL, NAN}};
    double first[2][NY + 1];
    for (int pass = 0; pass < 2; pass++) {
        ntm_sim_input in = input_new(4000);
        in.n_units = 2;
        in.ind = ind;
        in.n_ind = 4;
        in.crit = cr;
        in.n_crit = 4;
        in.iv = iv;
        in.n_iv = 2;
        in.threads = pass ? 3 : 1;
        in.block = pass ? 5 : 0;
        ntm_sim *sim = run(&in);
        const ntm_sim_summary *r = ntm_sim_results(sim);
        assert_true(r->ind[0].skipped && r->ind[1].skipped);
        assert_false(r->ind[2].skipped || r->ind[3].skipped);
        for (int y = 0; y < NY; y++) {
            assert_true(r->ind[0].p_met[y] == 1 && r->ind[1].p_met[y] == 0);
            assert_true(r->crit[0].p_met[y] == 0 && r->crit[1].p_met[y] == 1);
            assert_true(r->unit[0].p_met[y] == 0 && r->unit[0].p_met_se[y] == 0);
            assert_true(r->unit[0].mean_met[y] == 1 && r->unit[0].mean_met_se[y] == 0);
            assert_true(r->ind[3].p_met[y] == 0 && r->unit[1].p_met[y] == 0);
            double p = pow(0.5, y + 1);
            near_mc(r->crit[2].p_met[y], p, sqrt(p * (1 - p) / 4000), "9 slips");
        }
        assert_true(r->crit[0].first_met[NY] == 1 && r->crit[1].first_met[0] == 1);
        assert_true(r->unit[0].first_met[NY] == 1);
        memcpy(first[pass], r->crit[2].first_met, sizeof first[pass]);
        /* the block interface: fixed outcomes in every draw, the others as counted */
        enum { N = 40 };
        uint8_t im[N * 4 * NY], cm[N * 4 * NY], um[N * 2 * NY];
        double iv_val[N * 4 * NY];
        ntm_sim_block blk = {im, cm, um, iv_val};
        assert_int_equal(ntm_sim_eval_block(sim, 100, N, &blk, NULL), NTM_OK);
        for (int k = 0; k < N; k++)
            for (int y = 0; y < NY; y++) {
                assert_true(im[(k * 4 + 0) * NY + y] == 1 && im[(k * 4 + 1) * NY + y] == 0);
                assert_true(cm[(k * 4 + 1) * NY + y] == 1 && um[(k * 2 + 0) * NY + y] == 0);
                assert_true(cm[(k * 4 + 2) * NY + y] == im[(k * 4 + 2) * NY + y]);
                assert_true(isnan(iv_val[(k * 4 + 0) * NY + y]));
            }
        ntm_sim_free(sim);
    }
    assert_memory_equal(first[0], first[1], sizeof first[0]);
}

/* ---- trend baseline ----------------------------------------------------------------- */

/* A flat-prior linear fit: the simulated quantiles must match the analytic predictive
 * ntm_trend_quantile. The sample p-quantile of n draws has standard error
 * sqrt(p (1 - p) / n) / f(x_p) (asymptotic normality of order statistics), with the
 * density f(x_p) = 1 / Q'(p) taken from the analytic quantile function by a central
 * difference: Q'(p) ~ (Q(p + h) - Q(p - h)) / (2 h). P(met) = 1 - P(y <= lower) is
 * checked the same way with the binomial error. */
static void trend_quantiles(void **state)
{
    (void)state;
    const long n = 20000;
    double t[5] = {2019.9986, 2020.9986, 2021.9986, 2022.9986, 2023.9986};
    double y[5] = {50.2, 52.1, 52.9, 55.3, 56.0};
    ntm_trend_spec sp;
    ntm_trend_spec_init(&sp);
    sp.model = NTM_MODEL_LINEAR;
    sp.is_rate = 1;
    ntm_trend_fit *f = NULL;
    assert_int_equal(ntm_trend_fit_new(&f, &sp, t, y, NULL, 5, NULL), NTM_OK);
    ntm_sim_indicator ind = ind_rate("17.1", NTM_DIR_MIN, 60, 56, NAN);
    ind.fit = f;
    ind.quantiles = 1;
    ntm_sim_input in = input_new(n);
    in.ind = &ind;
    in.n_ind = 1;
    in.threads = 2;
    ntm_sim *sim = run(&in);
    const ntm_sim_summary *r = ntm_sim_results(sim);
    const double h = 1e-3;
    for (int yr = 0; yr < NY; yr++) {
        double te = ntm_sim_year_end(START + yr);
        for (int q = 0; q < NTM_SIM_NQ; q++) {
            double p = ntm_sim_quantile_levels[q], want, qa, qb;
            assert_int_equal(ntm_trend_quantile(f, te, p, &want), NTM_OK);
            assert_int_equal(ntm_trend_quantile(f, te, p + h, &qb), NTM_OK);
            assert_int_equal(ntm_trend_quantile(f, te, p - h, &qa), NTM_OK);
            double se = sqrt(p * (1 - p) / n) * (qb - qa) / (2 * h);
            near_mc(r->ind[0].quant[yr * NTM_SIM_NQ + q], want, se, "trend quantile");
            /* the reported MC error is of the same size */
            assert_true(r->ind[0].quant_se[yr * NTM_SIM_NQ + q] < 2 * se &&
                        r->ind[0].quant_se[yr * NTM_SIM_NQ + q] > se / 2);
        }
        double below;
        assert_int_equal(ntm_trend_prob_below(f, te, 60, &below), NTM_OK);
        near_mc(r->ind[0].p_met[yr], 1 - below, sqrt(below * (1 - below) / n), "trend P(met)");
    }
    ntm_sim_free(sim);
    ntm_trend_fit_free(f);
}

/* ---- shared factors ----------------------------------------------------------------- */

/* Two projects of one criterion, each costing C, each given exactly C in the first year,
 * duration 0: each is met iff its cost factor is <= 1, i.e. X_i = so Z_i + sp S <= 0
 * (own overrun Z_i, shared price S, independent standard normals). P(each) = 1/2.
 * Without a shared factor P(both) = 1/4 = the product. With so = sp the X_i are
 * bivariate normal with correlation rho = sp^2 / (so^2 + sp^2) = 1/2, and the orthant
 * probability is P(both) = 1/4 + asin(rho) / (2 pi) = 1/3 (Sheppard's formula), not 1/4.
 * With the shared factor alone, the two are the same event: P(both) = 1/2. */
static void shared_factor_joint(void **state)
{
    (void)state;
    const long n = 20000;
    struct {
        double so, sp, want;
    } cases[] = {{0.5, 0, 0.25}, {0.5, 0.5, 1.0 / 3}, {0, 0.5, 0.5}};
    for (size_t c = 0; c < 3; c++) {
        ntm_sim_indicator ind[2] = {ind_binary("6.1", 0), ind_binary("6.2", 0)};
        size_t idx[2] = {0, 1};
        ntm_sim_criterion cr = {0, "6", idx, 2, 0, NAN};
        double spend[NY] = {1e9, 0, 0, 0, 0};
        ntm_intervention p[2] = {iv_new("nhà văn hóa", NTM_IV_PROJECT),
                                 iv_new("sân thể thao", NTM_IV_PROJECT)};
        ntm_sim_iv iv[2];
        for (int k = 0; k < 2; k++) {
            p[k].cost = 1e9;
            p[k].duration = 0;
            p[k].overrun_sigma = cases[c].so;
            iv[k] = (ntm_sim_iv){&p[k], (size_t)k, spend, NULL, NAN};
        }
        ntm_sim_input in = input_new(n);
        in.shared.price_sigma = cases[c].sp;
        in.ind = ind;
        in.n_ind = 2;
        in.crit = &cr;
        in.n_crit = 1;
        in.iv = iv;
        in.n_iv = 2;
        in.threads = 2;
        ntm_sim *sim = run(&in);
        const ntm_sim_summary *r = ntm_sim_results(sim);
        for (int k = 0; k < 2; k++)
            near_mc(r->ind[k].p_met[0], 0.5, sqrt(0.25 / n), "P(each)");
        double w = cases[c].want;
        near_mc(r->crit[0].p_met[0], w, sqrt(w * (1 - w) / n), "P(criterion)");
        if (c == 1) /* and it is far from the product of the indicators' P */
            assert_true(fabs(r->crit[0].p_met[0] - r->ind[0].p_met[0] * r->ind[1].p_met[0]) >
                        Z_MC * sqrt(w * (1 - w) / n));
        ntm_sim_free(sim);
    }
}

/* Regression: a token amount in an earlier year must not change a project's draws. The
 * construction price factor is the draw's, not the first funded year's: with it tied to
 * the first year with money, 1 000 đồng more in year 0 swapped every draw's price and
 * P(met) could fall as money rose. */
static void monotone_token_earlier_money(void **state)
{
    (void)state;
    const long n = 2000;
    ntm_sim_indicator ind[1] = {ind_binary("6.2", 0)};
    size_t a = 0;
    ntm_sim_criterion cr[1] = {{0, "6", &a, 1, 0, NAN}};
    double spend[NY] = {0, 0.5e9, 0, 0, 0};
    ntm_intervention p = iv_new("bể bơi", NTM_IV_PROJECT);
    p.cost = 500e6;
    p.duration = 1;
    p.overrun_sigma = 0.3;
    ntm_sim_iv iv[1] = {{&p, 0, spend, NULL, NAN}};
    ntm_sim_input in = input_new(n);
    in.shared = (ntm_shared_factors){0.3, 0, 0}; /* a price shock only */
    in.ind = ind;
    in.n_ind = 1;
    in.crit = cr;
    in.n_crit = 1;
    in.iv = iv;
    in.n_iv = 1;
    ntm_sim *sim = NULL;
    assert_int_equal(ntm_sim_new(&sim, &in, NULL), NTM_OK);
    size_t cells = (size_t)n * NY;
    uint8_t *before = malloc(cells), *after = malloc(cells), *cm = malloc(cells),
            *um = malloc(cells);
    ntm_sim_block blk = {before, cm, um, NULL};
    assert_int_equal(ntm_sim_eval_block(sim, 0, (size_t)n, &blk, NULL), NTM_OK);
    double more[NY] = {1000, 0.5e9, 0, 0, 0};
    assert_int_equal(ntm_sim_set_spend(sim, 0, more, NULL), NTM_OK);
    blk.ind_met = after;
    assert_int_equal(ntm_sim_eval_block(sim, 0, (size_t)n, &blk, NULL), NTM_OK);
    for (size_t k = 0; k < cells; k++)
        if (after[k] < before[k])
            fail_msg("draw %zu lost a met year when 1 000 đồng came a year earlier", k / NY);
    free(before);
    free(after);
    free(cm);
    free(um);
    ntm_sim_free(sim);
}

/* ---- common random numbers: monotone in money --------------------------------------- */

/* The same draws at rising money: in every draw and year, met can only switch on. A
 * program's remaining count after spending, R exp(-s e / (c R)), rises with R, so
 * spending earlier never hurts later; a project is funded no later with more money. */
static void monotone_in_money(void **state)
{
    (void)state;
    const long n = 2000;
    double t[4] = {2020.9986, 2021.9986, 2022.9986, 2023.9986}, y[4] = {16.0, 14.9, 13.1, 12.21};
    ntm_trend_spec sp;
    ntm_trend_spec_init(&sp);
    sp.model = NTM_MODEL_LOGLINEAR;
    sp.is_rate = 1;
    ntm_trend_fit *f = NULL;
    assert_int_equal(ntm_trend_fit_new(&f, &sp, t, y, NULL, 4, NULL), NTM_OK);
    ntm_sim_indicator ind[2] = {ind_rate("11.1", NTM_DIR_MAX, 6.5, 12.21, 1784),
                                ind_binary("6.2", 0)};
    ind[0].fit = f;
    ind[0].economy = 1;
    size_t a = 0, b = 1;
    ntm_sim_criterion cr[2] = {{0, "11", &a, 1, 0, NAN}, {0, "6", &b, 1, 0, NAN}};
    double base0[NY] = {0.6e9, 0.4e9, 0.2e9, 0, 0}, base1[NY] = {0.3e9, 0.2e9, 0.1e9, 0, 0};
    ntm_intervention p0 = iv_new("giảm nghèo", NTM_IV_PROGRAM);
    p0.unit_cost = 20e6;
    p0.unit_cost_sigma = 0.4;
    p0.efficacy = 0.6;
    p0.decay = 0.1;
    ntm_intervention p1 = iv_new("bể bơi", NTM_IV_PROJECT);
    p1.cost = 500e6;
    p1.duration = 1;
    p1.overrun_sigma = 0.3;
    p1.delay_prob = 0.2;
    ntm_sim_iv iv[2] = {{&p0, 0, base0, NULL, NAN}, {&p1, 1, base1, NULL, NAN}};
    ntm_sim_input in = input_new(n);
    in.shared = (ntm_shared_factors){0.2, 0.1, 0.5};
    in.ind = ind;
    in.n_ind = 2;
    in.crit = cr;
    in.n_crit = 2;
    in.iv = iv;
    in.n_iv = 2;
    in.threads = 2;
    ntm_sim *sim = NULL;
    assert_int_equal(ntm_sim_new(&sim, &in, NULL), NTM_OK);
    size_t cells = (size_t)n * 2 * NY;
    uint8_t *prev_i = calloc(cells, 1), *cur_i = malloc(cells), *cm = malloc(cells);
    uint8_t *um = malloc((size_t)n * NY);
    double prev_p[2][NY] = {{0}};
    static const double mult[] = {0, 0.25, 0.5, 1, 2, 4, 16};
    for (size_t m = 0; m < sizeof mult / sizeof mult[0]; m++) {
        double s0[NY], s1[NY];
        for (int k = 0; k < NY; k++) {
            s0[k] = base0[k] * mult[m];
            s1[k] = base1[k] * mult[m];
        }
        assert_int_equal(ntm_sim_set_spend(sim, 0, s0, NULL), NTM_OK);
        assert_int_equal(ntm_sim_set_spend(sim, 1, s1, NULL), NTM_OK);
        ntm_sim_block blk = {cur_i, cm, um, NULL};
        assert_int_equal(ntm_sim_eval_block(sim, 0, (size_t)n, &blk, NULL), NTM_OK);
        for (size_t k = 0; k < cells; k++)
            if (cur_i[k] < prev_i[k])
                fail_msg("money x%g: draw %zu lost a met year", mult[m], k / (2 * NY));
        memcpy(prev_i, cur_i, cells);
        while (!ntm_sim_done(sim))
            ntm_sim_step(sim, n);
        const ntm_sim_summary *r = ntm_sim_results(sim);
        for (int i = 0; i < 2; i++)
            for (int yy = 0; yy < NY; yy++) {
                assert_true(r->ind[i].p_met[yy] >= prev_p[i][yy]);
                prev_p[i][yy] = r->ind[i].p_met[yy];
            }
    }
    /* the top of the range does reach the threshold in most draws */
    assert_true(prev_p[0][NY - 1] > 0.5 && prev_p[1][NY - 1] > 0.5);
    free(prev_i);
    free(cur_i);
    free(cm);
    free(um);
    ntm_sim_free(sim);
    ntm_trend_fit_free(f);
}

/* ---- byte-identical at any thread count --------------------------------------------- */

typedef struct snapshot {
    double *v;
    size_t n;
} snapshot;

static void snap_add(snapshot *s, const double *a, size_t n)
{
    if (!a)
        return;
    s->v = realloc(s->v, (s->n + n) * sizeof(double));
    assert_non_null(s->v);
    memcpy(s->v + s->n, a, n * sizeof(double));
    s->n += n;
}

static void snap_stats(snapshot *s, const ntm_sim_stats *st, size_t ny)
{
    snap_add(s, st->p_met, ny);
    snap_add(s, st->p_met_se, ny);
    snap_add(s, st->first_met, ny + 1);
    snap_add(s, st->quant, ny * NTM_SIM_NQ);
    snap_add(s, st->quant_se, ny * NTM_SIM_NQ);
    snap_add(s, st->mean_met, ny);
    snap_add(s, st->mean_met_se, ny);
    double extra[4] = {st->p_target, st->p_target_se, st->p_deadline, st->p_deadline_se};
    snap_add(s, extra, 4);
}

static snapshot province_run(int threads, size_t block, long step, const char *variant)
{
    double t[5] = {2019.9986, 2020.9986, 2021.9986, 2022.9986, 2023.9986};
    double y1[5] = {10.04, 8.03, 6.24, 7.1, 6.9}, y2[5] = {80, 83, 85, 86, 88};
    ntm_trend_spec sp;
    ntm_trend_spec_init(&sp);
    sp.model = NTM_MODEL_AUTO;
    sp.is_rate = 1;
    ntm_trend_fit *f1 = NULL, *f2 = NULL;
    assert_int_equal(ntm_trend_fit_new(&f1, &sp, t, y1, NULL, 5, NULL), NTM_OK);
    assert_int_equal(ntm_trend_fit_new(&f2, &sp, t, y2, NULL, 5, NULL), NTM_OK);
    enum { NU = 2, PER = 5 };
    ntm_sim_indicator ind[NU * PER];
    ntm_sim_criterion cr[NU * 3];
    size_t lists[NU][3][2];
    ntm_intervention p[NU * 3];
    ntm_sim_iv iv[NU * 3];
    double spend[NU][3][NY];
    char names[NU * 3][32];
    for (int u = 0; u < NU; u++) {
        ntm_sim_indicator *x = ind + u * PER;
        x[0] = ind_rate("11.1", NTM_DIR_MAX, 6.5, 6.9, 1784 + 100 * u);
        x[0].fit = f1;
        x[0].economy = 1;
        x[0].quantiles = 1;
        x[0].target_year = 2025;
        x[1] = ind_rate("17.1", NTM_DIR_MIN, 95, 88, 2000);
        x[1].fit = f2;
        x[1].quantiles = 1;
        x[2] = ind_binary("6.2", 0);
        x[3] = ind_binary("12.2", 0);
        x[4] = ind_binary("9.1", 1);
        x[4].risk = 0.05;
        for (int k = 0; k < PER; k++)
            x[k].unit = (size_t)u;
        size_t base = (size_t)u * PER;
        size_t l0[2] = {base, base + 1}, l1[2] = {base + 2, base + 3}, l2[1] = {base + 4};
        memcpy(lists[u][0], l0, sizeof l0);
        memcpy(lists[u][1], l1, sizeof l1);
        memcpy(lists[u][2], l2, sizeof l2);
        cr[u * 3 + 0] = (ntm_sim_criterion){(size_t)u, "11", lists[u][0], 2, 0, NAN};
        cr[u * 3 + 1] = (ntm_sim_criterion){(size_t)u, "6", lists[u][1], 2, 0, NAN};
        cr[u * 3 + 2] = (ntm_sim_criterion){(size_t)u, "9", lists[u][2], 1, 0, NAN};
        for (int k = 0; k < 3; k++) {
            snprintf(names[u * 3 + k], sizeof names[0], "iv-%d-%d", u, k);
            for (int yy = 0; yy < NY; yy++)
                spend[u][k][yy] = yy < 3 ? 3e8 : 0;
        }
        ntm_intervention *q = p + u * 3;
        q[0] = iv_new(names[u * 3], NTM_IV_PROGRAM);
        q[0].unit_cost = 15e6;
        q[0].unit_cost_sigma = 0.3;
        q[0].efficacy = 0.7;
        q[0].decay = 0.1;
        q[1] = iv_new(names[u * 3 + 1], NTM_IV_PROJECT);
        q[1].cost = 5e8;
        q[1].overrun_sigma = 0.2;
        q[1].duration = 1;
        q[1].delay_prob = 0.3;
        q[2] = iv_new(names[u * 3 + 2], NTM_IV_EFFORT);
        q[2].done = 417;
        q[2].total = 910;
        q[2].rate = 200;
        q[2].rate_sd = 80;
        iv[u * 3 + 0] = (ntm_sim_iv){&q[0], (size_t)(u * PER + 0), spend[u][0], NULL, NAN};
        iv[u * 3 + 1] = (ntm_sim_iv){&q[1], (size_t)(u * PER + 2), spend[u][1], NULL, NAN};
        iv[u * 3 + 2] = (ntm_sim_iv){&q[2], (size_t)(u * PER + 3), NULL, NULL, NAN};
    }
    ntm_sim_input in = input_new(3001);
    in.variant = variant;
    in.n_units = NU;
    in.shared = (ntm_shared_factors){0.15, 0.2, 0.4};
    in.ind = ind;
    in.n_ind = NU * PER;
    in.crit = cr;
    in.n_crit = NU * 3;
    in.iv = iv;
    in.n_iv = NU * 3;
    in.threads = threads;
    in.block = block;
    in.deadline = 2026;
    ntm_sim *sim = NULL;
    ntm_error err;
    if (ntm_sim_new(&sim, &in, &err) != NTM_OK)
        fail_msg("%s", err.msg);
    while (ntm_sim_step(sim, step) > 0)
        ;
    const ntm_sim_summary *r = ntm_sim_results(sim);
    snapshot s = {NULL, 0};
    for (size_t i = 0; i < r->n_ind; i++)
        snap_stats(&s, &r->ind[i], r->n_years);
    for (size_t c = 0; c < r->n_crit; c++)
        snap_stats(&s, &r->crit[c], r->n_years);
    for (size_t u = 0; u < r->n_units; u++)
        snap_stats(&s, &r->unit[u], r->n_years);
    /* sanity: targets and deadline read from the right years */
    assert_true(r->ind[0].target_year == 2025 && r->ind[0].p_target == r->ind[0].p_met[1]);
    assert_true(r->crit[0].target_year == 2026 && r->unit[0].p_deadline == r->unit[0].p_met[2]);
    /* the block interface agrees with the counters */
    uint8_t *im = malloc((size_t)3001 * NU * PER * NY), *cm = malloc((size_t)3001 * NU * 3 * NY);
    uint8_t *um = malloc((size_t)3001 * NU * NY);
    ntm_sim_block blk = {im, cm, um, NULL};
    assert_int_equal(ntm_sim_eval_block(sim, 0, 3001, &blk, NULL), NTM_OK);
    long cnt = 0;
    for (long d = 0; d < 3001; d++)
        cnt += um[(size_t)d * NU * NY + 1 * NY + 2]; /* unit 1, year 2026 */
    assert_true((double)cnt / 3001 == r->unit[1].p_met[2]);
    free(im);
    free(cm);
    free(um);
    ntm_sim_free(sim);
    ntm_trend_fit_free(f1);
    ntm_trend_fit_free(f2);
    return s;
}

static void threads_identical(void **state)
{
    (void)state;
    snapshot a = province_run(1, 0, 3001, NULL);
    snapshot b = province_run(2, 64, 500, NULL);
    snapshot c = province_run(4, 7, 1234, NULL);
    snapshot d = province_run(3, 1000, 1, NULL);
    assert_true(a.n == b.n && a.n == c.n && a.n == d.n && a.n > 0);
    assert_memory_equal(a.v, b.v, a.n * sizeof(double));
    assert_memory_equal(a.v, c.v, a.n * sizeof(double));
    assert_memory_equal(a.v, d.v, a.n * sizeof(double));
    for (size_t i = 0; i < a.n; i++)
        assert_true(isfinite(a.v[i]));
    /* a fresh set of streams ("recheck") gives other numbers of the same kind */
    snapshot e = province_run(2, 0, 3001, "recheck");
    assert_true(e.n == a.n && memcmp(a.v, e.v, a.n * sizeof(double)) != 0);
    free(a.v);
    free(b.v);
    free(c.v);
    free(d.v);
    free(e.v);
}

/* ---- error paths -------------------------------------------------------------------- */

static void expect_error(const ntm_sim_input *in, const char *needle)
{
    ntm_sim *sim = (ntm_sim *)1;
    ntm_error err;
    assert_int_equal(ntm_sim_new(&sim, in, &err), NTM_EINPUT);
    assert_null(sim);
    if (!strstr(err.msg, needle))
        fail_msg("message '%s' lacks '%s'", err.msg, needle);
}

static void errors(void **state)
{
    (void)state;
    ntm_error err;
    assert_int_equal(ntm_sim_new(NULL, NULL, &err), NTM_EINPUT);
    ntm_sim *sim = NULL;
    assert_int_equal(ntm_sim_new(&sim, NULL, &err), NTM_EINPUT);

    ntm_sim_indicator ind = ind_rate("11.1", NTM_DIR_MAX, 6.5, 12.21, 1784);
    size_t idx = 0, bad = 5;
    ntm_sim_criterion cr = {0, "11", &idx, 1, 0, NAN};
    double spend[NY] = {1e9, 0, 0, 0, 0};
    ntm_intervention p = iv_new("giảm nghèo", NTM_IV_PROGRAM);
    p.unit_cost = 20e6;
    p.efficacy = 0.5;
    ntm_sim_iv iv = {&p, 0, spend, NULL, NAN};
    ntm_sim_input ok = input_new(10);
    ok.ind = &ind;
    ok.n_ind = 1;
    ok.crit = &cr;
    ok.n_crit = 1;
    ok.iv = &iv;
    ok.n_iv = 1;
    ntm_sim_input in;

    in = ok, in.horizon = 2020, expect_error(&in, "before the start");
    in = ok, in.horizon = 2200, expect_error(&in, "at most");
    in = ok, in.deadline = 2030, expect_error(&in, "deadline");
    in = ok, in.draws = 0, expect_error(&in, "draws");
    in = ok, in.threads = 0, expect_error(&in, "threads");
    in = ok, in.shared.price_sigma = -1, expect_error(&in, "price_sigma");
    in = ok, in.shared.economy_sigma = INFINITY, expect_error(&in, "economy_sigma");
    in = ok, in.shared.delay_prob = 1.5, expect_error(&in, "delay_prob");
    in = ok, in.ind = NULL, expect_error(&in, "missing");
    const char *const no_names[1] = {NULL};
    in = ok, in.unit_names = no_names, expect_error(&in, "no name");

    ntm_sim_indicator bi = ind;
    in = ok, in.ind = &bi;
    bi = ind, bi.code = NULL, expect_error(&in, "no code");
    bi = ind, bi.unit = 3, expect_error(&in, "unit index");
    bi = ind, bi.risk = 2, expect_error(&in, "risk");
    bi = ind, bi.population = -1, expect_error(&in, "population");
    bi = ind, bi.target_year = 2040, expect_error(&in, "target year");
    bi = ind, bi.value = INFINITY, expect_error(&in, "infinite");
    bi = ind, bi.upper = NAN, bi.fit = (const ntm_trend_fit *)&bi,
    expect_error(&in, "needs a threshold");

    ntm_sim_criterion bc = cr;
    in = ok, in.crit = &bc;
    bc = cr, bc.code = NULL, expect_error(&in, "no code");
    bc = cr, bc.unit = 9, expect_error(&in, "unit index");
    bc = cr, bc.indicators = NULL, expect_error(&in, "list missing");
    bc = cr, bc.indicators = &bad, expect_error(&in, "out of range");
    bc = cr, bc.n_indicators = 0, bc.risk = -0.5, expect_error(&in, "risk");
    {
        ntm_sim_indicator two[2] = {ind, ind};
        size_t both[2] = {0, 1};
        two[1].unit = 1;
        in = ok, in.n_units = 2, in.ind = two, in.n_ind = 2, in.crit = &bc;
        bc = cr, bc.indicators = both, bc.n_indicators = 2;
        expect_error(&in, "another unit");
    }

    ntm_intervention bp;
    ntm_sim_iv biv = iv;
    biv.iv = &bp;
    in = ok, in.iv = &biv;
    bp = p, bp.name = NULL, expect_error(&in, "no name");
    bp = p, biv.indicator = 4, expect_error(&in, "index out of range");
    biv.indicator = 0;
    bp = p, bp.unit_cost = 0, expect_error(&in, "unit_cost");
    bp = p, bp.unit_cost_sigma = -1, expect_error(&in, "unit_cost_sigma");
    bp = p, bp.efficacy = 1.5, expect_error(&in, "efficacy");
    bp = p, bp.lag = -1, expect_error(&in, "lag");
    bp = p, bp.decay = 2, expect_error(&in, "decay");
    {
        ntm_sim_indicator noN = ind;
        noN.population = NAN;
        in.ind = &noN;
        bp = p, expect_error(&in, "population N");
        noN = ind_binary("6.2", 0);
        expect_error(&in, "acts on a rate");
        noN = ind_rate("11.1", NTM_DIR_MAX, 6.5, NAN, 1784);
        expect_error(&in, "neither a value nor a trend");
        in.ind = &ind;
    }
    double neg[NY] = {-1, 0, 0, 0, 0};
    biv.spend = neg, bp = p, expect_error(&in, "money for 2024");
    biv.spend = spend;
    bp = iv_new("pool", NTM_IV_PROJECT);
    bp.cost = -1, expect_error(&in, "cost");
    bp.cost = 1, bp.contingency = -1, expect_error(&in, "contingency");
    bp.contingency = 0, bp.overrun_sigma = -1, expect_error(&in, "overrun_sigma");
    bp.overrun_sigma = 0, bp.duration = -1, expect_error(&in, "duration");
    bp.duration = 1, bp.delay_prob = 2, expect_error(&in, "delay_prob");
    bp.delay_prob = 0, bp.components = 2, bp.k_required = 3, expect_error(&in, "impossible");
    bp.components = 1, bp.k_required = 1, bp.value_when_done = INFINITY,
    expect_error(&in, "infinite");
    {
        ntm_sim_indicator b2 = ind_binary("6.2", 0);
        in.ind = &b2;
        bp.value_when_done = 100, expect_error(&in, "takes no value_when_done");
        in.ind = &ind;
    }
    bp = iv_new("dossiers", NTM_IV_EFFORT);
    bp.total = 0, expect_error(&in, "total");
    bp.total = 910, bp.done = -1, expect_error(&in, "done");
    bp.done = 0, bp.rate = -1, expect_error(&in, "rate");
    bp.rate = 1, bp.rate_sd = -1, expect_error(&in, "rate_sd");
    bp = p, bp.type = (ntm_iv_type)99, expect_error(&in, "unknown type");

    /* errors after construction */
    assert_int_equal(ntm_sim_new(&sim, &ok, &err), NTM_OK);
    assert_int_equal(ntm_sim_set_spend(sim, 3, spend, &err), NTM_EINPUT);
    assert_int_equal(ntm_sim_set_spend(sim, 0, neg, &err), NTM_EINPUT);
    assert_int_equal(ntm_sim_set_spend(sim, 0, NULL, &err), NTM_OK);
    uint8_t im[NY], cm[NY], um[NY];
    ntm_sim_block blk = {im, cm, um, NULL}, none = {NULL, cm, um, NULL};
    assert_int_equal(ntm_sim_eval_block(sim, 0, 1, NULL, &err), NTM_EINPUT);
    assert_int_equal(ntm_sim_eval_block(sim, 0, 1, &none, &err), NTM_EINPUT);
    assert_int_equal(ntm_sim_eval_block(sim, 10, 1, &blk, &err), NTM_EINPUT);
    assert_int_equal(ntm_sim_eval_block(sim, -1, 1, &blk, &err), NTM_EINPUT);
    assert_int_equal(ntm_sim_eval_block(sim, 9, 1, &blk, &err), NTM_OK);
    assert_int_equal(ntm_sim_step(sim, 0), 0);
    assert_int_equal(ntm_sim_draws_done(sim), 0);
    assert_int_equal(ntm_sim_results(sim)->draws, 0);
    assert_int_equal(ntm_sim_n_years(sim), NY);
    ntm_sim_free(sim);
    ntm_sim_free(NULL);
}

/* The year-end convention matches io/date.h: 31/12/2023 is 2023 + 364.5 / 365. */
static void year_end(void **state)
{
    (void)state;
    assert_true(fabs(ntm_sim_year_end(2023) - (2023 + 364.5 / 365)) < 1e-12);
    assert_true(fabs(ntm_sim_year_end(2024) - (2024 + 365.5 / 366)) < 1e-12);
    assert_true(fabs(ntm_sim_year_end(2100) - (2100 + 364.5 / 365)) < 1e-12);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(project_exact_year),
        cmocka_unit_test(project_components),
        cmocka_unit_test(project_shortfall_from_room),
        cmocka_unit_test(effort_from_observation_date),
        cmocka_unit_test(range_threshold_both_bounds),
        cmocka_unit_test(program_closed_form),
        cmocka_unit_test(recurring_closed_form),
        cmocka_unit_test(effort_closed_form),
        cmocka_unit_test(risk_slip),
        cmocka_unit_test(skipped_constant),
        cmocka_unit_test(skipped_units),
        cmocka_unit_test(trend_quantiles),
        cmocka_unit_test(shared_factor_joint),
        cmocka_unit_test(monotone_in_money),
        cmocka_unit_test(monotone_token_earlier_money),
        cmocka_unit_test(threads_identical),
        cmocka_unit_test(errors),
        cmocka_unit_test(year_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
