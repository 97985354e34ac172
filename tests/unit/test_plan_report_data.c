/* test_plan_report_data.c: the wordings the pack's parts and check share
 * (plan/report_data.h), in English (--lang en, no catalog needed) on runs built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "plan/report_data.h"

#define S(x) ((char *)(x))

/* A task due 31/12/2024 on an indicator with P(met) 0,51 / 0,90 by 2023 / 2024 (target
 * year 2023): its status reads P by 2024, 90%. Met now: "already met"; no data: unknown. */
static void task_status_reads_due_year(void **state)
{
    (void)state;
    ntm_cli cli;
    memset(&cli, 0, sizeof cli);
    cli.lang = NTM_LANG_EN;
    double p[2] = {0.51, 0.90};
    ntm_run_item it;
    memset(&it, 0, sizeof it);
    it.n_years = 2;
    it.p_met = p;
    it.target_year = 2023;
    it.p_target = 0.51;
    ntm_run run;
    memset(&run, 0, sizeof run);
    run.meta.start_year = 2023;
    run.meta.horizon = 2024;
    char b[200];
    double pd;
    ntm_report_task_status(&cli, &run, 0, NTM_STATE_UNMET, &it, "31/12/2024", &pd, b, sizeof b);
    assert_string_equal(b, "not met, P(met) by 2024: 90%");
    assert_true(pd == 0.90);
    ntm_report_task_status(&cli, &run, 0, NTM_STATE_UNMET, &it, NULL, &pd, b, sizeof b);
    assert_string_equal(b, "not met, P(met) by 2023: 51%");
    ntm_report_task_status(&cli, &run, 1, NTM_STATE_MET, &it, "31/12/2024", &pd, b, sizeof b);
    assert_string_equal(b, "already met");
    assert_true(isnan(pd));
    ntm_report_task_status(&cli, &run, 0, NTM_STATE_UNKNOWN, &it, "31/12/2024", &pd, b, sizeof b);
    assert_string_equal(b, "unknown: no data");
}

static void dates_and_percents(void **state)
{
    (void)state;
    ntm_cli cli;
    memset(&cli, 0, sizeof cli);
    cli.lang = NTM_LANG_VI;
    char b[64];
    assert_string_equal(ntm_report_date("2023-07-31", b, sizeof b), "31/07/2023");
    assert_string_equal(ntm_report_date("2023", b, sizeof b), "2023");
    assert_string_equal(ntm_report_pct(&cli, 0.3135, b, sizeof b), "31%");
    assert_string_equal(ntm_report_name(&cli, "Nghèo đa chiều", "Poverty"), "Nghèo đa chiều");
    cli.lang = NTM_LANG_EN;
    assert_string_equal(ntm_report_name(&cli, "Nghèo đa chiều", "Poverty"), "Poverty");
    assert_string_equal(ntm_report_name(&cli, "Nghèo đa chiều", NULL), "Nghèo đa chiều");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(task_status_reads_due_year),
        cmocka_unit_test(dates_and_percents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
