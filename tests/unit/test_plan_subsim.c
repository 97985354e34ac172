/* test_plan_subsim.c: one simulator's input over a subset of a prepared scenario
 * (plan/subsim.h), on a scenario built by hand: two units, three indicators, two
 * criteria, three interventions. The subset keeps exactly the indicators asked, the
 * interventions acting on them (with their indices rebased and mapped back), and the
 * unit's criteria when asked; a subset cutting a criterion in two is refused. Then a
 * subset simulates what the whole scenario simulates for the same indicators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "plan/subsim.h"

typedef struct fixture {
    ntm_sim_indicator ind[3];
    size_t m0[1], m1[2];
    ntm_sim_criterion crit[2];
    ntm_intervention iv[3];
    ntm_sim_iv siv[3];
    double spend[3][2];
    const char *units[2];
    ntm_eval ev;
} fixture;

static void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    static const char *const codes[3] = {"6.2", "6.3", "12.2"};
    for (int i = 0; i < 3; i++) {
        ntm_sim_indicator *x = &f->ind[i];
        x->unit = i == 0 ? 0 : 1;
        x->code = codes[i];
        x->kind = NTM_KIND_BINARY;
        x->direction = NTM_DIR_YES;
        x->lower = x->upper = x->value = x->risk = x->population = NAN;
        x->quantiles = 1;
    }
    /* unit 0: criterion 6 of 6.2; unit 1: criterion 6 of 6.3 and 12.2 */
    f->m0[0] = 0;
    f->m1[0] = 1;
    f->m1[1] = 2;
    f->crit[0] = (ntm_sim_criterion){0, "6", f->m0, 1, 0, NAN};
    f->crit[1] = (ntm_sim_criterion){1, "6", f->m1, 2, 0, NAN};
    static const char *const names[3] = {"Bể bơi", "Nhà văn hóa", "Hồ sơ"};
    const size_t on[3] = {0, 1, 2};
    for (int k = 0; k < 3; k++) {
        f->iv[k].name = (char *)names[k];
        f->iv[k].type = k == 2 ? NTM_IV_EFFORT : NTM_IV_PROJECT;
        f->iv[k].cost = 100e6;
        f->iv[k].contingency = f->iv[k].overrun_sigma = f->iv[k].duration = NAN;
        f->iv[k].delay_prob = f->iv[k].value_when_done = NAN;
        f->iv[k].done = 0;
        f->iv[k].total = 1;
        f->iv[k].rate = 1;
        f->iv[k].rate_sd = 0;
        f->spend[k][0] = 100e6;
        f->siv[k] = (ntm_sim_iv){&f->iv[k], on[k], f->spend[k], NULL, NAN};
    }
    f->units[0] = "Cẩm Thành";
    f->units[1] = "Cẩm Bình";
    ntm_eval *ev = &f->ev;
    ev->unit_names = f->units;
    ev->n_units = 2;
    ev->ind = f->ind;
    ev->n_ind = 3;
    ev->crit = f->crit;
    ev->n_crit = 2;
    ev->iv = f->siv;
    ev->n_iv = 3;
    ev->n_years = 2;
    ev->input = (ntm_sim_input){.seed = 5,
                                .start_year = 2024,
                                .horizon = 2025,
                                .deadline = 2025,
                                .draws = 40,
                                .threads = 1,
                                .unit_names = f->units,
                                .n_units = 2,
                                .ind = f->ind,
                                .n_ind = 3,
                                .crit = f->crit,
                                .n_crit = 2,
                                .iv = f->siv,
                                .n_iv = 3};
}

static void subset_of_one_unit(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    ntm_subsim s;
    ntm_error err = {0};
    const size_t both[2] = {1, 2};
    assert_int_equal(ntm_subsim_input(&s, &f.ev, 1, both, 2, 1, &err), NTM_OK);
    assert_int_equal(s.n_ind, 2);
    assert_string_equal(s.ind[0].code, "6.3");
    assert_int_equal(s.ind[1].unit, 0);
    assert_int_equal(s.ind[1].quantiles, 0);
    assert_int_equal(s.n_crit, 1);
    assert_int_equal(s.crit[0].n_indicators, 2);
    assert_int_equal(s.crit[0].indicators[1], 1);
    assert_int_equal(s.n_iv, 2);
    assert_int_equal(s.iv_of[0], 1);
    assert_int_equal(s.iv_of[1], 2);
    assert_int_equal(s.iv[1].indicator, 1);
    assert_int_equal(s.in.n_units, 1);
    assert_string_equal(s.in.unit_names[0], "Cẩm Bình");
    ntm_subsim_release(&s);
    /* 12.2 alone, without criteria: one intervention */
    const size_t one[1] = {2};
    assert_int_equal(ntm_subsim_input(&s, &f.ev, 1, one, 1, 0, &err), NTM_OK);
    assert_int_equal(s.n_crit, 0);
    assert_int_equal(s.n_iv, 1);
    assert_int_equal(s.iv_of[0], 2);
    ntm_subsim_release(&s);
    /* with criteria, 12.2 alone cuts criterion 6 of Cẩm Bình in two */
    assert_int_equal(ntm_subsim_input(&s, &f.ev, 1, one, 1, 1, &err), NTM_EINPUT);
    ntm_subsim_release(&s);
}

/* Streams are keyed by names: the subset's P(met) per year for 6.3 and 12.2 is the whole
 * scenario's, draw for draw. */
static void subset_draws_what_the_whole_draws(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    f.iv[1].delay_prob = 0.5; /* something random */
    ntm_error err = {0};
    ntm_sim *whole = NULL, *part = NULL;
    assert_int_equal(ntm_sim_new(&whole, &f.ev.input, &err), NTM_OK);
    ntm_subsim s;
    const size_t both[2] = {1, 2};
    assert_int_equal(ntm_subsim_input(&s, &f.ev, 1, both, 2, 1, &err), NTM_OK);
    assert_int_equal(ntm_sim_new(&part, &s.in, &err), NTM_OK);
    while (!ntm_sim_done(whole))
        ntm_sim_step(whole, 1000);
    while (!ntm_sim_done(part))
        ntm_sim_step(part, 1000);
    const ntm_sim_summary *a = ntm_sim_results(whole), *b = ntm_sim_results(part);
    for (int i = 0; i < 2; i++)
        for (int y = 0; y < 2; y++)
            assert_true(a->ind[1 + i].p_met[y] == b->ind[i].p_met[y]);
    assert_true(a->ind[1].p_met[0] > 0 && a->ind[1].p_met[0] < 1); /* the delay does act */
    ntm_sim_free(whole);
    ntm_sim_free(part);
    ntm_subsim_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(subset_of_one_unit),
        cmocka_unit_test(subset_draws_what_the_whole_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
