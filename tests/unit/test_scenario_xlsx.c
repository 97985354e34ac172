/* test_scenario_xlsx.c: a scenario exported to the sheet "Kịch bản" and read back
 * (io/scenario_xlsx.h) is the scenario of the INI file, field by field, with every line
 * one row further down (the sheet's header row); errors keep their code and name the
 * sheet. Run from the repository root, as test_scenario.c is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/scenario_ini.h"
#include "io/scenario_xlsx.h"

#define DEFAULTS "models/defaults.ini"

static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void same_iv(const ntm_intervention *a, const ntm_intervention *b)
{
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->type, b->type);
    assert_true(same_text(a->unit, b->unit));
    assert_true(same_text(a->indicator, b->indicator));
    assert_true(same(a->unit_cost, b->unit_cost) && same(a->efficacy, b->efficacy));
    assert_true(same(a->cost, b->cost) && same(a->duration, b->duration));
    assert_true(same(a->done, b->done) && same(a->total, b->total) && same(a->rate, b->rate));
    assert_true(same(a->population, b->population) && same(a->lag, b->lag));
    assert_int_equal(a->n_alloc, b->n_alloc);
    for (size_t k = 0; k < a->n_alloc; k++) {
        assert_int_equal(a->alloc[k].year, b->alloc[k].year);
        assert_true(a->alloc[k].amount == b->alloc[k].amount);
        assert_int_equal(a->alloc[k].line + 1, b->alloc[k].line);
    }
    assert_int_equal(a->n_profile, b->n_profile);
    assert_int_equal(a->n_keys, b->n_keys);
    assert_true(same_text(a->owner, b->owner) && same_text(a->task, b->task));
    assert_true(same_text(a->due, b->due));
    assert_true((!a->origin && !b->origin) || (a->origin && b->origin)); /* names its file */
    assert_int_equal(a->line + 1, b->line);
}

/* A = the INI file's scenario, B = the workbook's. */
static void same_scenario(const ntm_scenario *a, const ntm_scenario *b)
{
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->n_units, b->n_units);
    assert_int_equal(a->start_year, b->start_year);
    assert_int_equal(a->horizon, b->horizon);
    assert_int_equal(a->deadline, b->deadline);
    assert_int_equal(a->draws, b->draws);
    assert_true(a->seed == b->seed);
    assert_int_equal(a->carry_over, b->carry_over);
    assert_true(same(a->shared.price_sigma, b->shared.price_sigma));
    assert_int_equal(a->n_targets, b->n_targets);
    for (size_t i = 0; i < a->n_targets; i++) {
        assert_string_equal(a->targets[i].indicator, b->targets[i].indicator);
        assert_int_equal(a->targets[i].year, b->targets[i].year);
        assert_int_equal(a->targets[i].line + 1, b->targets[i].line);
    }
    assert_int_equal(a->n_envelopes, b->n_envelopes);
    for (size_t i = 0; i < a->n_envelopes; i++) {
        assert_int_equal(a->envelopes[i].year, b->envelopes[i].year);
        assert_true(a->envelopes[i].amount == b->envelopes[i].amount);
        assert_int_equal(a->envelopes[i].key.source, b->envelopes[i].key.source);
    }
    assert_int_equal(a->n_iv, b->n_iv);
    for (size_t i = 0; i < a->n_iv; i++)
        same_iv(&a->iv[i], &b->iv[i]);
    assert_int_equal(a->n_assume, b->n_assume);
    for (size_t i = 0; i < a->n_assume; i++) {
        assert_true(same(a->assume[i].value, b->assume[i].value));
        assert_true(same(a->assume[i].lower, b->assume[i].lower));
        assert_string_equal(a->assume[i].source, b->assume[i].source); /* continued lines */
    }
}

/* Exports INI to a temporary workbook, whose path goes into XLSX. */
static void export(const char *ini, char *xlsx, size_t size)
{
    snprintf(xlsx, size, "/tmp/ntm-scen-XXXXXX");
    int fd = mkstemp(xlsx);
    assert_true(fd >= 0);
    close(fd);
    ntm_error err = {0};
    if (ntm_scenario_export_xlsx(ini, xlsx, NTM_LANG_VI, &err) != NTM_OK)
        fail_msg("%s: %s", ini, err.msg);
}

static void round_trip(const char *ini)
{
    char xlsx[64];
    export(ini, xlsx, sizeof xlsx);
    ntm_scenario a, b;
    ntm_diag_list da, db;
    ntm_diag_list_init(&da);
    ntm_diag_list_init(&db);
    if (ntm_scenario_read(ini, DEFAULTS, &a, &da) != NTM_OK)
        fail_msg("%s is refused", ini);
    ntm_status rc = ntm_scenario_read_xlsx(xlsx, DEFAULTS, &b, &db);
    if (rc != NTM_OK) {
        char buf[1400];
        ntm_diag_format(&db.items[0], buf, sizeof buf);
        fail_msg("%s as a workbook: %s", ini, buf);
    }
    assert_true(ntm_scenario_is_workbook(xlsx));
    assert_false(ntm_scenario_is_workbook(ini));
    assert_string_equal(b.path, xlsx);
    same_scenario(&a, &b);
    assert_int_equal(da.n, db.n); /* the same warnings, one row further down */
    for (size_t i = 0; i < da.n; i++) {
        assert_string_equal(da.items[i].code, db.items[i].code);
        assert_int_equal(da.items[i].line + 1, db.items[i].line);
    }
    unlink(xlsx);
    ntm_scenario_release(&a);
    ntm_scenario_release(&b);
    ntm_diag_list_release(&da);
    ntm_diag_list_release(&db);
}

static void scenarios_round_trip(void **state)
{
    (void)state;
    round_trip("scenarios/cam-thanh/plan.ini");
    round_trip("scenarios/cam-thanh/baseline.ini");
    round_trip("scenarios/cam-thanh/tight.ini");
    round_trip("tests/data/scenario/minimal.ini");
    round_trip("tests/data/scenario/carry-over.ini");
    round_trip("tests/data/scenario/training-investment.ini");
}

/* tests/data/scenario/syntax.ini: "11.1 2023" without '=' on line 15 (test_scenario.c).
 * In the sheet it is a key (column A) without a value: an error on row 16. */
static void errors_name_the_sheet(void **state)
{
    (void)state;
    char xlsx[64];
    export("tests/data/scenario/syntax.ini", xlsx, sizeof xlsx);
    ntm_scenario b;
    ntm_diag_list db;
    ntm_diag_list_init(&db);
    assert_int_equal(ntm_scenario_read_xlsx(xlsx, DEFAULTS, &b, &db), NTM_EINPUT);
    int found = 0;
    for (size_t i = 0; i < db.n; i++)
        if (db.items[i].severity == NTM_ERROR && db.items[i].line == 16) {
            char want[80];
            snprintf(want, sizeof want, "%s:Kịch bản", xlsx);
            assert_string_equal(db.items[i].file, want);
            found = 1;
        }
    assert_true(found);
    unlink(xlsx);
    ntm_diag_list_release(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenarios_round_trip),
        cmocka_unit_test(errors_name_the_sheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
