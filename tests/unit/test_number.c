/* test_number.c: the number parser and formatter against hand-written cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "cli.h"
#include "core/numfmt.h"
#include "io/number.h"

static double parse(const char *s, ntm_numstyle st)
{
    double v = NAN;
    const char *why = NULL;
    ntm_status rc = ntm_parse_double(s, st, &v, &why);
    if (rc != NTM_OK)
        fail_msg("'%s' refused: %s", s, why);
    return v;
}

static void refused(const char *s, ntm_numstyle st, const char *reason)
{
    const char *why = NULL;
    double v;
    assert_int_equal(ntm_parse_double(s, st, &v, &why), NTM_EINPUT);
    assert_non_null(why);
    if (reason)
        assert_string_equal(why, reason);
}

static void vietnamese_forms(void **state)
{
    (void)state;
    assert_true(parse("12,21", NTM_NUM_VI) == 12.21);
    assert_true(parse("1.784", NTM_NUM_VI) == 1784);
    assert_true(parse("1.234.567,5", NTM_NUM_VI) == 1234567.5);
    assert_true(parse("-3,97", NTM_NUM_VI) == -3.97);
    assert_true(parse("\xC2\xA0 6,5 % ", NTM_NUM_VI) == 6.5); /* no-break space */
    refused("12.5.1", NTM_NUM_VI, "thousands separator out of place");
    refused("1,5e3", NTM_NUM_VI, "exponent in a Vietnamese-style number");
}

static void english_forms(void **state)
{
    (void)state;
    assert_true(parse("12.21", NTM_NUM_EN) == 12.21);
    assert_true(parse("1,784", NTM_NUM_EN) == 1784);
    assert_true(parse("1,234,567.5", NTM_NUM_EN) == 1234567.5);
    assert_true(parse("1.5E-3", NTM_NUM_EN) == 1.5e-3);
    assert_true(parse("\xE2\x88\x92"
                      "2.5",
                      NTM_NUM_EN) == -2.5); /* U+2212 */
}

/* Auto: unambiguous forms decide; ambiguous ones are Vietnamese (documented rule). */
static void auto_rule(void **state)
{
    (void)state;
    assert_true(parse("12.5", NTM_NUM_AUTO) == 12.5);
    assert_true(parse("0.784", NTM_NUM_AUTO) == 0.784);
    assert_true(parse("1234.567", NTM_NUM_AUTO) == 1234.567);
    assert_true(parse("12,5", NTM_NUM_AUTO) == 12.5);
    assert_true(parse("1.784", NTM_NUM_AUTO) == 1784);  /* ambiguous → thousands dot */
    assert_true(parse("1,784", NTM_NUM_AUTO) == 1.784); /* ambiguous → decimal comma */
    assert_true(parse("1,234.5", NTM_NUM_AUTO) == 1234.5);
    assert_true(parse("1.234,5", NTM_NUM_AUTO) == 1234.5);
    assert_true(parse("1,234,567", NTM_NUM_AUTO) == 1234567);
    assert_int_equal(ntm_number_vote("1.784"), NTM_NUM_AUTO);
    assert_int_equal(ntm_number_vote("12,21"), NTM_NUM_VI);
    assert_int_equal(ntm_number_vote("12.21"), NTM_NUM_EN);
    assert_int_equal(ntm_number_vote("7"), NTM_NUM_AUTO);
}

static void malformed(void **state)
{
    (void)state;
    refused("", NTM_NUM_AUTO, "empty");
    refused("   ", NTM_NUM_AUTO, "empty");
    refused("abc", NTM_NUM_AUTO, "not a number");
    refused("12,5x", NTM_NUM_AUTO, "not a number");
    refused("1..2", NTM_NUM_VI, NULL);
    refused(",5", NTM_NUM_VI, "no digits before the decimal separator");
    refused("5,", NTM_NUM_VI, "no digits after the decimal separator");
    refused("1e999", NTM_NUM_EN, "number out of range");
    refused("12,21,1", NTM_NUM_VI, "more than one decimal separator");
    long n;
    const char *why;
    assert_int_equal(ntm_parse_long("1.807", NTM_NUM_AUTO, 0, 1000000, &n, &why), NTM_OK);
    assert_int_equal(n, 1807);
    assert_int_equal(ntm_parse_long("2,5", NTM_NUM_AUTO, 0, 10, &n, &why), NTM_EINPUT);
    assert_string_equal(why, "not a whole number");
    assert_int_equal(ntm_parse_long("20", NTM_NUM_AUTO, 0, 10, &n, &why), NTM_EINPUT);
}

static void percent_flag(void **state)
{
    (void)state;
    ntm_number n;
    assert_int_equal(ntm_number_parse("12,21%", NTM_NUM_AUTO, &n, NULL), NTM_OK);
    assert_true(n.value == 12.21 && n.percent == 1);
    assert_int_equal(ntm_number_parse("12,21", NTM_NUM_AUTO, &n, NULL), NTM_OK);
    assert_int_equal(n.percent, 0);
}

static void money(void **state)
{
    (void)state;
    double d;
    assert_int_equal(ntm_money_parse("7 tỷ", NTM_NUM_AUTO, &d, NULL), NTM_OK);
    assert_true(d == 7e9);
    assert_int_equal(ntm_money_parse("500 triệu đồng", NTM_NUM_AUTO, &d, NULL), NTM_OK);
    assert_true(d == 5e8);
    assert_int_equal(ntm_money_parse("1,5 Tỷ", NTM_NUM_AUTO, &d, NULL), NTM_OK);
    assert_true(d == 1.5e9);
    assert_int_equal(ntm_money_parse("7.000.000.000 đ", NTM_NUM_AUTO, &d, NULL), NTM_OK);
    assert_true(d == 7e9);
    assert_int_equal(ntm_money_parse("1.263.600", NTM_NUM_AUTO, &d, NULL), NTM_OK);
    assert_true(d == 1263600);
    assert_int_equal(ntm_money_parse("2.5 billion VND", NTM_NUM_AUTO, &d, NULL), NTM_OK);
    assert_true(d == 2.5e9);
    const char *why;
    assert_int_equal(ntm_money_parse("5 đô", NTM_NUM_AUTO, &d, &why), NTM_EINPUT);
    assert_int_equal(ntm_money_parse("-5 tỷ", NTM_NUM_AUTO, &d, &why), NTM_EINPUT);
    assert_string_equal(why, "negative amount");
}

/* The reasons above are the English msgids; in Vietnamese they come from po/vi.po. */
static void reasons_in_vietnamese(void **state)
{
    (void)state;
    refused("12.5.1", NTM_NUM_VI, "dấu phân cách hàng nghìn sai chỗ");
    refused("abc", NTM_NUM_AUTO, "không phải là số");
    refused("", NTM_NUM_AUTO, "trống");
    long n;
    const char *why;
    assert_int_equal(ntm_parse_long("2,5", NTM_NUM_AUTO, 0, 10, &n, &why), NTM_EINPUT);
    assert_string_equal(why, "không phải là số nguyên");
}

/* Parser reasons follow the process's message language (core/i18n.h _()): the tests
 * that check the English texts run with English selected, then Vietnamese again. */
static int english(void **state)
{
    (void)state;
    ntm_cli_i18n_language(NTM_LANG_EN);
    return 0;
}

static int vietnamese(void **state)
{
    (void)state;
    ntm_cli_i18n_language(NTM_LANG_VI);
    return 0;
}

static void formatting(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(ntm_fmt_percent(b, sizeof b, 12.21, 2, NTM_LANG_VI), "12,21%");
    assert_string_equal(ntm_fmt_percent(b, sizeof b, 12.21, 2, NTM_LANG_EN), "12.21%");
    assert_string_equal(ntm_fmt_number(b, sizeof b, 1784, 0, NTM_LANG_VI), "1.784");
    assert_string_equal(ntm_fmt_number(b, sizeof b, 1784, 0, NTM_LANG_EN), "1,784");
    assert_string_equal(ntm_fmt_number(b, sizeof b, -1234567.25, 1, NTM_LANG_VI),
                        "-1.234.567,2"); /* .25 is exact in binary: printf rounds half to even */
    assert_string_equal(ntm_fmt_number(b, sizeof b, -0.001, 1, NTM_LANG_VI), "0,0");
    assert_string_equal(ntm_fmt_money(b, sizeof b, 7e9, NTM_LANG_VI), "7,0 tỷ đồng");
    assert_string_equal(ntm_fmt_money(b, sizeof b, 5e8, NTM_LANG_VI), "500 triệu đồng");
    assert_string_equal(ntm_fmt_money(b, sizeof b, 1263600, NTM_LANG_VI), "1,3 triệu đồng");
    assert_string_equal(ntm_fmt_money(b, sizeof b, 7e9, NTM_LANG_EN), "7.0 billion VND");
    /* The unit follows the rounded figure: 950 triệu rounds to 1,0 tỷ (0,95 is 0,9499... in
     * binary), 949 triệu stays in triệu. */
    assert_string_equal(ntm_fmt_money(b, sizeof b, 950e6, NTM_LANG_VI), "1,0 tỷ đồng");
    assert_string_equal(ntm_fmt_money(b, sizeof b, 949e6, NTM_LANG_VI), "949 triệu đồng");
    assert_string_equal(ntm_fmt_money(b, sizeof b, 999999, NTM_LANG_VI), "1,0 triệu đồng");
    assert_string_equal(ntm_fmt_number(b, sizeof b, NAN, 2, NTM_LANG_VI), NTM_FMT_NONE);
    assert_string_equal(ntm_fmt_plain(b, sizeof b, 0.1, 0), "0.1");
    assert_string_equal(ntm_fmt_plain(b, sizeof b, INFINITY, 1), "null");
}

int main(void)
{
    /* Vietnamese texts come from the gettext catalog, as in the CLI. */
    ntm_cli_i18n_setup(ntm_cli_localedir());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(vietnamese_forms, english, vietnamese),
        cmocka_unit_test(english_forms),
        cmocka_unit_test(auto_rule),
        cmocka_unit_test_setup_teardown(malformed, english, vietnamese),
        cmocka_unit_test(percent_flag),
        cmocka_unit_test_setup_teardown(money, english, vietnamese),
        cmocka_unit_test(reasons_in_vietnamese),
        cmocka_unit_test(formatting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
