/* test_plan_optimize.c: the parts of the optimisation method (plan/optimize.h) that need
 * no simulation: the recognition year read from a unit's flags, the objective names, and
 * the plan written back as scenario money (plan/plan_write.h). The program itself is
 * tested against exhaustive enumeration in test_optimize.c (engine/optimize.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "plan/optimize.h"

static void recognised_year_from_flags(void **state)
{
    (void)state;
    ntm_unit u;
    memset(&u, 0, sizeof u);
    u.flags = (char *)"dbkk, ntm-2019";
    assert_int_equal(ntm_optimize_recognised_year(&u), 2019);
    u.flags = (char *)"ntm-2021,dbkk";
    assert_int_equal(ntm_optimize_recognised_year(&u), 2021);
    u.flags = (char *)"ntm-19";
    assert_int_equal(ntm_optimize_recognised_year(&u), 0);
    u.flags = (char *)"xntm-2019";
    assert_int_equal(ntm_optimize_recognised_year(&u), 0);
    u.flags = NULL;
    assert_int_equal(ntm_optimize_recognised_year(&u), 0);
}

/* Money is written rounded down to whole đồng with dots between thousands, so the plan
 * never exceeds an envelope: 437.500.000,9 đ is written 437.500.000 đ. */
static void plan_money(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(ntm_plan_money(b, sizeof b, 437500000.9), "437.500.000 đ");
    assert_string_equal(ntm_plan_money(b, sizeof b, 999), "999 đ");
    assert_string_equal(ntm_plan_money(b, sizeof b, 1000), "1.000 đ");
    assert_string_equal(ntm_objective_names[NTM_OBJ_COMMUNES], "communes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recognised_year_from_flags),
        cmocka_unit_test(plan_money),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
