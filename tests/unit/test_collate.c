/* test_collate.c: Vietnamese alphabetical order. Expected orders follow the alphabet
 * (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) and the dictionary order of
 * tones (ngang, huyền, hỏi, ngã, sắc, nặng), as in Từ điển tiếng Việt (Hoàng Phê). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/collate.h"

/* Each name must sort strictly before the next, whatever order they are given in. */
static void check_sorted(const char *const *want, size_t n)
{
    const char **v = malloc(n * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++)
        v[i] = want[n - 1 - i]; /* reversed */
    qsort(v, n, sizeof *v, ntm_collate_vi_qsort);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], want[i]) != 0)
            fail_msg("position %zu: %s, expected %s", i, v[i], want[i]);
        if (i > 0)
            assert_true(ntm_collate_vi(want[i - 1], want[i]) < 0);
    }
    free(v);
}

static void letters(void **state)
{
    (void)state;
    static const char *const names[] = {"An Bình", "Ăn",       "Âu Lâu", "Bắc Sơn",   "Cẩm Thành",
                                        "Dân Chủ", "Đông Sơn", "Ê Đê",   "Hòa Thắng", "Minh Tiến",
                                        "Ô Môn",   "Ơn",       "Uông",   "Ưng Hòe",   "Yên Bái"};
    check_sorted(names, sizeof names / sizeof names[0]);
    /* Đ is its own letter after D, not after Z and not equal to D */
    assert_true(ntm_collate_vi("Đông", "Zê") < 0);
    assert_true(ntm_collate_vi("Dương", "Đa") < 0);
}

static void tones(void **state)
{
    (void)state;
    static const char *const names[] = {"Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bac"};
    check_sorted(names, sizeof names / sizeof names[0]);
    /* letters decide before tones: Bá Thước < Bà Vì */
    assert_true(ntm_collate_vi("Bá Thước", "Bà Vì") < 0);
}

static void forms_and_case(void **state)
{
    (void)state;
    /* NFC and NFD of one name: the same place, the bytes then decide */
    const char *nfc = "Cẩm Thành", *nfd = "Ca\xcc\x82\xcc\x89m Tha\xcc\x80nh";
    assert_true(ntm_collate_vi(nfc, nfd) != 0);
    assert_true(ntm_collate_vi("Cẩm Tâm", nfd) < 0 && ntm_collate_vi("Cẩm Tâm", nfc) < 0);
    assert_true(ntm_collate_vi("cẩm thành", "Cẩm Thành") < 0); /* lower case first */
    assert_true(ntm_collate_vi("Thôn 2", "Thôn 10") < 0);      /* numbers as numbers */
    assert_true(ntm_collate_vi("Thôn 10", "Thôn 10A") < 0);
    assert_true(ntm_collate_vi("Tân Lập", "Tân Lập (Hữu Lũng)") < 0);
    assert_true(ntm_collate_vi(NULL, "a") < 0 && ntm_collate_vi("a", "a") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(letters),
        cmocka_unit_test(tones),
        cmocka_unit_test(forms_and_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
