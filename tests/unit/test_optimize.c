/* test_optimize.c: the knapsack over valued options (engine/optimize.h): hand-solved cases,
 * the carry-over rule, every error path, and on a small simulated commune (3 programs,
 * 2 years, 5 options each) the GLPK plan against exhaustive enumeration, every plan scored
 * by the full joint simulation on the same draws (seed printed on failure). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/optimize.h"
#include "engine/sim.h"

static double score_sum(void *user, const size_t *choice)
{
    const ntm_opt_problem *p = user;
    double s = 0;
    size_t first = 0;
    for (size_t g = 0; g < p->n_groups; g++) {
        s += p->value[first + choice[g]];
        first += p->n_options[g];
    }
    return s;
}

/* Two groups, one key, one year, cap 10.
 * group 0: {0: v 0 c 0, 1: v 5 c 6, 2: v 7 c 9}; group 1: {0: v 0 c 0, 1: v 4 c 4}.
 * By hand: (1,1) costs 10, value 9; (2,0) value 7; (2,1) costs 13 > 10. Best (1,1) = 9. */
static void test_hand_case(void **state)
{
    (void)state;
    size_t nopt[2] = {3, 2};
    double val[5] = {0, 5, 7, 0, 4};
    double cost[5] = {0, 6, 9, 0, 4};
    double cap[1] = {10};
    ntm_opt_problem p = {2, nopt, val, cost, {1, 1, cap, 0}, INFINITY};
    size_t choice[2];
    double obj;
    ntm_error err = {0};
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_OK);
    assert_int_equal(choice[0], 1);
    assert_int_equal(choice[1], 1);
    assert_true(fabs(obj - 9) < 1e-9);
    /* Money amounts in đồng (GLPK works in scaled units): costs 6, 9, 4 tỷ, a cap of 10 tỷ. */
    double cost_d[5] = {0, 6e9, 9e9, 0, 4e9};
    double cap_d[1] = {10e9};
    ntm_opt_problem pd = {2, nopt, val, cost_d, {1, 1, cap_d, 0}, INFINITY};
    assert_int_equal(ntm_opt_solve(&pd, choice, &obj, &err), NTM_OK);
    assert_int_equal(choice[0], 1);
    assert_int_equal(choice[1], 1);
    /* A total cap of 9 tỷ: (2,0) = 7 beats (1,0) = 5 and (0,1) = 4. */
    pd.total_cap = 9e9;
    assert_int_equal(ntm_opt_solve(&pd, choice, &obj, &err), NTM_OK);
    assert_int_equal(choice[0], 2);
    assert_int_equal(choice[1], 0);
    /* Enumeration agrees (score = the sum of values). */
    size_t best[2], n_plans;
    double bs;
    assert_int_equal(ntm_opt_enumerate(&pd, score_sum, &pd, best, &bs, &n_plans, &err), NTM_OK);
    assert_int_equal(best[0], 2);
    assert_int_equal(best[1], 0);
    assert_true(fabs(bs - 7) < 1e-12);
    assert_int_equal(n_plans, 4); /* (0,0) (0,1) (1,0) (2,0) fit a total of 9 */
}

/* Carry-over: one key, two years, caps (10, 0). An option spending 6 in year 1 fits only
 * with carry-over (year 0's 10 unspent carries into year 1), never two years on. */
static void test_carry_over(void **state)
{
    (void)state;
    double cap[2] = {10, 0};
    ntm_opt_budget b = {1, 2, cap, 0};
    double s1[2] = {0, 6}, s2[2] = {5, 5}, s3[2] = {10, 0.5}, s4[2] = {10, 1.5};
    assert_int_equal(ntm_opt_fits(&b, s1), 0);
    b.carry_over = 1;
    assert_int_equal(ntm_opt_fits(&b, s1), 1);
    assert_int_equal(ntm_opt_fits(&b, s2), 1);
    assert_int_equal(ntm_opt_fits(&b, s3), 1); /* 0,5 within the 1 đồng tolerance */
    assert_int_equal(ntm_opt_fits(&b, s4), 0);
    /* Three years, caps (10, 0, 0): year 0's money may not reach year 2. */
    double cap3[3] = {10, 0, 0}, s5[3] = {0, 0, 6};
    ntm_opt_budget b3 = {1, 3, cap3, 1};
    assert_int_equal(ntm_opt_fits(&b3, s5), 0);
    /* The MIP: group {0: nothing, 1: v 3, spends 6 in year 1}; without carry-over it must
     * choose nothing, with it the option. */
    size_t nopt[1] = {2};
    double val[2] = {0, 3};
    double cost[4] = {0, 0, 0, 6};
    ntm_opt_problem p = {1, nopt, val, cost, {1, 2, cap, 0}, INFINITY};
    size_t choice[1];
    double obj;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, NULL), NTM_OK);
    assert_int_equal(choice[0], 0);
    p.budget.carry_over = 1;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, NULL), NTM_OK);
    assert_int_equal(choice[0], 1);
    /* Three years: the option spending 6 in year 2 is refused even with carry-over. */
    double cost3[6] = {0, 0, 0, 0, 0, 6};
    ntm_opt_problem p3 = {1, nopt, val, cost3, {1, 3, cap3, 1}, INFINITY};
    assert_int_equal(ntm_opt_solve(&p3, choice, &obj, NULL), NTM_OK);
    assert_int_equal(choice[0], 0);
}

static double score_nan(void *user, const size_t *choice)
{
    (void)user;
    (void)choice;
    return NAN;
}

static void test_errors(void **state)
{
    (void)state;
    size_t nopt[2] = {2, 1};
    double val[3] = {0, 1, 0};
    double cost[3] = {0, 1, 0};
    double cap[1] = {5};
    size_t choice[2];
    double obj;
    ntm_error err = {0};
    ntm_opt_problem p = {2, nopt, val, cost, {1, 1, cap, 0}, INFINITY};
    size_t zero[2] = {2, 0};
    p.n_options = zero;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "no options"));
    p.n_options = nopt;
    double neg[3] = {0, -1, 0};
    p.cost = neg;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "negative"));
    p.cost = cost;
    double nanv[3] = {0, NAN, 0};
    p.value = nanv;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_EINPUT);
    p.value = val;
    double badcap[1] = {-1};
    p.budget.cap = badcap;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_EINPUT);
    p.budget.cap = cap;
    p.total_cap = NAN;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_EINPUT);
    p.total_cap = INFINITY;
    p.cost = NULL;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_EINPUT);
    p.cost = cost;
    /* Nothing fits: the only option of group 1 costs 7 > 5. */
    double dear[3] = {0, 1, 7};
    p.cost = dear;
    assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_ENOTFOUND);
    assert_int_equal(ntm_opt_enumerate(&p, score_sum, &p, choice, &obj, NULL, &err), NTM_ENOTFOUND);
    p.cost = cost;
    assert_int_equal(ntm_opt_enumerate(&p, score_nan, NULL, choice, &obj, NULL, &err), NTM_EINPUT);
    assert_int_equal(ntm_opt_enumerate(&p, NULL, NULL, choice, &obj, NULL, &err), NTM_EINPUT);
    /* Too many plans: 8 groups of 10 options = 10^8. */
    size_t many[8];
    double *v = calloc(80, sizeof *v), *c = calloc(80, sizeof *c);
    assert_non_null(v);
    assert_non_null(c);
    for (int g = 0; g < 8; g++)
        many[g] = 10;
    ntm_opt_problem pm = {8, many, v, c, {1, 1, cap, 0}, INFINITY};
    size_t ch8[8];
    assert_int_equal(ntm_opt_enumerate(&pm, score_sum, &pm, ch8, &obj, NULL, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "too many"));
    /* ...which GLPK solves: every value 0, any plan. */
    assert_int_equal(ntm_opt_solve(&pm, ch8, &obj, &err), NTM_OK);
    free(v);
    free(c);
    /* No groups: nothing to choose. */
    ntm_opt_problem p0 = {0, NULL, NULL, NULL, {0, 0, NULL, 0}, INFINITY};
    assert_int_equal(ntm_opt_solve(&p0, choice, &obj, &err), NTM_OK);
    assert_true(obj == 0);
}

/* ---- a small commune simulated: GLPK against enumeration on full joint scores ---------- */

#define NIV 3
#define NOPT 5
#define NY 2
#define DRAWS 400
#define SEED 7

typedef struct world {
    ntm_sim *sim;
    double spend[NIV][NOPT][NY];
    ntm_sim_block blk;
    size_t n_crit;
} world;

static void set_plan(world *w, const size_t *choice)
{
    for (size_t i = 0; i < NIV; i++)
        assert_int_equal(ntm_sim_set_spend(w->sim, i, w->spend[i][choice[i]], NULL), NTM_OK);
}

/* Expected criteria met by the end of year 2 (index 1) over all draws, its standard error. */
static double full_score(world *w, const size_t *choice, double *se)
{
    set_plan(w, choice);
    assert_int_equal(ntm_sim_eval_block(w->sim, 0, DRAWS, &w->blk, NULL), NTM_OK);
    double s = 0, s2 = 0;
    for (size_t d = 0; d < DRAWS; d++) {
        double n = 0;
        for (size_t c = 0; c < w->n_crit; c++)
            n += w->blk.crit_met[(d * w->n_crit + c) * NY + 1];
        s += n;
        s2 += n * n;
    }
    double m = s / DRAWS;
    if (se)
        *se = sqrt(fmax(0, s2 / DRAWS - m * m) / (DRAWS - 1));
    return m;
}

static double score_world(void *user, const size_t *choice)
{
    return full_score(user, choice, NULL);
}

static void test_against_enumeration(void **state)
{
    (void)state;
    print_message("seed %d, %d draws\n", SEED, DRAWS);
    const char *names[1] = {"Xã Thử"};
    const char *codes[NIV] = {"11.1", "15.1", "12.1"};
    double cost_median[NIV] = {20e6, 30e6, 15e6};
    ntm_sim_indicator ind[NIV];
    ntm_sim_criterion crit[NIV];
    size_t members[NIV];
    ntm_intervention ivs[NIV];
    ntm_sim_iv siv[NIV];
    char ivname[NIV][16];
    memset(ind, 0, sizeof ind);
    memset(crit, 0, sizeof crit);
    memset(ivs, 0, sizeof ivs);
    for (size_t i = 0; i < NIV; i++) {
        /* a rate of 11% against <= 10% on 1.000 households: 10 households to reach */
        ind[i] = (ntm_sim_indicator){.unit = 0,
                                     .code = codes[i],
                                     .kind = NTM_KIND_RATE,
                                     .direction = NTM_DIR_MAX,
                                     .lower = NAN,
                                     .upper = 10,
                                     .value = 11,
                                     .met = 0,
                                     .risk = NAN,
                                     .population = 1000};
        members[i] = i;
        crit[i] = (ntm_sim_criterion){
            .unit = 0, .code = codes[i], .indicators = &members[i], .n_indicators = 1, .risk = NAN};
        snprintf(ivname[i], sizeof ivname[i], "CT %zu", i);
        ntm_intervention *iv = &ivs[i];
        iv->name = ivname[i];
        iv->type = NTM_IV_PROGRAM;
        iv->indicator = (char *)codes[i];
        iv->unit_cost = cost_median[i];
        iv->unit_cost_sigma = 0.4;
        iv->efficacy = 0.5;
        iv->lag = 0;
        iv->decay = 0;
        iv->population = NAN;
        iv->cost = iv->contingency = iv->overrun_sigma = iv->duration = iv->delay_prob = NAN;
        iv->value_when_done = iv->done = iv->total = iv->rate = iv->rate_sd = NAN;
        siv[i] = (ntm_sim_iv){.iv = iv, .indicator = i, .spend = NULL};
    }
    ntm_sim_input in = {.seed = SEED,
                        .start_year = 2024,
                        .horizon = 2025,
                        .deadline = 2025,
                        .draws = DRAWS,
                        .threads = 1,
                        .unit_names = names,
                        .n_units = 1,
                        .ind = ind,
                        .n_ind = NIV,
                        .crit = crit,
                        .n_crit = NIV,
                        .iv = siv,
                        .n_iv = NIV};
    world w = {0};
    w.n_crit = NIV;
    ntm_error err = {0};
    assert_int_equal(ntm_sim_new(&w.sim, &in, &err), NTM_OK);
    w.blk.ind_met = malloc(DRAWS * NIV * NY);
    w.blk.crit_met = malloc(DRAWS * NIV * NY);
    w.blk.unit_met = malloc(DRAWS * NY);
    assert_non_null(w.blk.ind_met);
    /* Options: nothing, 0,3 / 0,5 / 0,8 tỷ in 2024, 0,5 tỷ in 2025. */
    const double amounts[NOPT][NY] = {{0, 0}, {0.3e9, 0}, {0.5e9, 0}, {0.8e9, 0}, {0, 0.5e9}};
    memcpy(w.spend[0], amounts, sizeof amounts);
    memcpy(w.spend[1], amounts, sizeof amounts);
    memcpy(w.spend[2], amounts, sizeof amounts);
    /* Value each option on its own (others at nothing): P(criterion met by 2025). */
    size_t nopt[NIV];
    double val[NIV * NOPT], cost[NIV * NOPT * NY];
    size_t zero[NIV] = {0, 0, 0};
    for (size_t i = 0; i < NIV; i++) {
        nopt[i] = NOPT;
        for (size_t o = 0; o < NOPT; o++) {
            size_t ch[NIV];
            memcpy(ch, zero, sizeof ch);
            ch[i] = o;
            set_plan(&w, ch);
            assert_int_equal(ntm_sim_eval_block(w.sim, 0, DRAWS, &w.blk, NULL), NTM_OK);
            long met = 0;
            for (size_t d = 0; d < DRAWS; d++)
                met += w.blk.crit_met[(d * NIV + i) * NY + 1];
            val[i * NOPT + o] = (double)met / DRAWS;
            cost[(i * NOPT + o) * NY + 0] = amounts[o][0];
            cost[(i * NOPT + o) * NY + 1] = amounts[o][1];
        }
    }
    /* Envelopes 1,3 tỷ in 2024 and 0,5 tỷ in 2025: not every criterion can have the most. */
    double cap[NY] = {1.3e9, 0.5e9};
    for (int carry = 0; carry < 2; carry++) {
        ntm_opt_problem p = {NIV, nopt, val, cost, {1, NY, cap, carry}, INFINITY};
        size_t choice[NIV], best[NIV];
        double obj, best_score, se;
        assert_int_equal(ntm_opt_solve(&p, choice, &obj, &err), NTM_OK);
        size_t n_plans;
        assert_int_equal(ntm_opt_enumerate(&p, score_world, &w, best, &best_score, &n_plans, &err),
                         NTM_OK);
        double mip_score = full_score(&w, choice, &se);
        print_message("carry %d: GLPK %.4f (+- %.4f), best of %zu plans %.4f\n", carry, mip_score,
                      se, n_plans, best_score);
        assert_true(mip_score >= best_score - 2 * se);
        /* The plan keeps the envelopes. */
        double spent[NY] = {0, 0};
        for (size_t i = 0; i < NIV; i++)
            for (size_t y = 0; y < NY; y++)
                spent[y] += amounts[choice[i]][y];
        assert_int_equal(ntm_opt_fits(&p.budget, spent), 1);
        /* ...and beats a hand-written plan (0,5 tỷ each in 2024) on the same draws. */
        size_t hand[NIV] = {2, 2, 0};
        assert_true(mip_score >= full_score(&w, hand, NULL) - 1e-12);
        assert_true(n_plans < (size_t)(NOPT * NOPT * NOPT));
    }
    free(w.blk.ind_met);
    free(w.blk.crit_met);
    free(w.blk.unit_met);
    ntm_sim_free(w.sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_case),
        cmocka_unit_test(test_carry_over),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_against_enumeration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
