/* test_cli.c: the CLI's output helpers: CSV fields (quoting, spreadsheet formulas) and JSON
 * strings (escapes), written to memory and compared with hand-written expectations; the
 * common --today option. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef void (*writer)(FILE *out, const char *s);

/* What W writes for S. */
static char *written(writer w, const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    w(f, s);
    fclose(f);
    return buf;
}

static void expect(writer w, const char *s, const char *want)
{
    char *got = written(w, s);
    assert_string_equal(got, want);
    free(got);
}

static void csv_quoting(void **state)
{
    (void)state;
    expect(ntm_csv_field, "Cẩm Thành", "Cẩm Thành");
    expect(ntm_csv_field, "a,b", "\"a,b\"");
    expect(ntm_csv_field, "say \"hi\"", "\"say \"\"hi\"\"\"");
    expect(ntm_csv_field, "two\nlines", "\"two\nlines\"");
    expect(ntm_csv_field, "", "");
}

/* OWASP's CSV injection advice: a cell a spreadsheet would evaluate (=, +, -, @ first) is
 * written as text with a leading apostrophe; negative numbers stay numbers. */
static void csv_formulas(void **state)
{
    (void)state;
    expect(ntm_csv_field, "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
    expect(ntm_csv_field, "+1+2", "\"'+1+2\"");
    expect(ntm_csv_field, "@SUM(A1)", "\"'@SUM(A1)\"");
    expect(ntm_csv_field, "-cmd", "\"'-cmd\"");
    expect(ntm_csv_field, "-0.5", "-0.5");
    expect(ntm_csv_field, "-12", "-12");
    expect(ntm_csv_field, "-", "-");
}

static void json_escapes(void **state)
{
    (void)state;
    expect(ntm_json_string, "Cẩm Thành", "\"Cẩm Thành\"");
    expect(ntm_json_string, "a\"b\\c", "\"a\\\"b\\\\c\"");
    expect(ntm_json_string, "tab\there\nnl\x01", "\"tab\\there\\nnl\\u0001\"");
    expect(ntm_json_string, NULL, "null");
}

/* --today takes a date, optionally with an hour: one that cannot be read is a usage error (2) and
 * is not kept (it used to be ignored and the clock used); the forms of io/date.h are accepted. */
static void today_option(void **state)
{
    (void)state;
    ntm_cli cli = {.prog = "ntmplan", .lang = NTM_LANG_EN};
    static const char *const bad[] = {"yesterday", "2023-02-30", "31/13/2023", "", "20230731"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(ntm_cli_common(&cli, NTM_OPT_TODAY, bad[i]), NTM_EXIT_USAGE);
        assert_null(cli.today);
    }
    /* the day as ISO for the commands that read dates, the text as written for those that
     * compare deadlines with an hour (progress) */
    static const char *const good[][2] = {{"2023-07-31", "2023-07-31"},
                                          {"31/07/2023", "2023-07-31"},
                                          {"07/2023", "2023-07-31"},
                                          {"2023", "2023-12-31"},
                                          {"10h 10/6/2024", "2024-06-10"}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(ntm_cli_common(&cli, NTM_OPT_TODAY, good[i][0]), 0);
        assert_string_equal(cli.today, good[i][1]);
        assert_string_equal(cli.today_at, good[i][0]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_quoting),
        cmocka_unit_test(csv_formulas),
        cmocka_unit_test(json_escapes),
        cmocka_unit_test(today_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
