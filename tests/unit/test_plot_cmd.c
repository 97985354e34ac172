/* test_plot_cmd.c: `plot` of a scenario chart releases what it loaded when loading fails.
 * Its report record once started with whatever the stack held, so `plot gaps` freed
 * garbage now and then (a segfault in `make demo` about one run in three). The stack is
 * filled with 0xA5 first, so a record left uninitialised has a huge scenario count and the
 * release reads past the one scenario allocated: AddressSanitizer stops the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd/cmd.h"
#include "store/store.h"

static __attribute__((noinline)) void dirty_stack(void)
{
    volatile unsigned char junk[1 << 15];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = 0xA5;
}

static void plot_missing_scenario(void **state)
{
    (void)state;
    char dir[] = "/tmp/ntm_plot_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[64], out[64], missing[64];
    snprintf(db, sizeof db, "%s/t.db", dir);
    snprintf(out, sizeof out, "%s/gaps.svg", dir);
    snprintf(missing, sizeof missing, "%s/no-such-scenario.ini", dir);
    ntm_store *st;
    ntm_error err = {0};
    assert_int_equal(ntm_store_init(&st, db, NTM_JOURNAL_AUTO, NULL, NULL, &err), NTM_OK);
    ntm_store_close(st);

    ntm_cli cli = {.prog = "ntmplan",
                   .lang = NTM_LANG_EN,
                   .format = NTM_FORMAT_TABLE,
                   .db_path = db,
                   .models_dir = "models"};
    char *argv[] = {"plot", "gaps", missing, "--out", out, NULL};
    dirty_stack();
    assert_int_equal(cmd_plot(5, argv, &cli), NTM_EXIT_FAIL);
    assert_int_equal(access(out, F_OK), -1); /* nothing drawn */

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plot_missing_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
