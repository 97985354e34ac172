/* test_text.c: NFC, match keys, UTF-8 validity and display width. Expected values are
 * from the Unicode Character Database (code points written out in the comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "io/text.h"

static void nfc_is(const char *in, const char *want)
{
    char *got = ntm_text_nfc(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void nfc(void **state)
{
    (void)state;
    /* a U+0302 U+0309 -> U+1EA9 ẩ (E1 BA A9); a U+0300 -> U+00E0 à (C3 A0). */
    nfc_is("Ca\xCC\x82\xCC\x89m Tha\xCC\x80nh", "C\xE1\xBA\xA9m Th\xC3\xA0nh");
    /* Canonical reordering: dot below (ccc 220) sorts before circumflex (ccc 230), so
     * both orders compose to U+1EAD ậ (E1 BA AD). */
    nfc_is("a\xCC\xA3\xCC\x82", "\xE1\xBA\xAD");
    nfc_is("a\xCC\x82\xCC\xA3", "\xE1\xBA\xAD");
    nfc_is("C\xE1\xBA\xA9m", "C\xE1\xBA\xA9m"); /* already NFC: unchanged */
    nfc_is("", "");
    /* U+00A0 has only a compatibility decomposition: NFC keeps it. */
    nfc_is("a\xC2\xA0"
           "b",
           "a\xC2\xA0"
           "b");
    assert_null(ntm_text_nfc("\xC3\x28"));     /* bad continuation byte */
    assert_null(ntm_text_nfc("\xC0\xAF"));     /* overlong '/' */
    assert_null(ntm_text_nfc("\xED\xA0\x80")); /* surrogate U+D800 */
    assert_null(ntm_text_nfc(NULL));
}

static void key_is(const char *in, const char *want)
{
    char *got = ntm_text_key(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void match_key(void **state)
{
    (void)state;
    key_is("  Cẩm  Thành ", "cam thanh");
    key_is("Ca\xCC\x82\xCC\x89m Tha\xCC\x80nh", "cam thanh"); /* NFD input, same key */
    key_is("ĐÔNG HƯNG", "dong hung");                         /* Đ -> d, Ư (U + horn) -> u */
    key_is("Xã\xC2\xA0Đông\tHưng\r\n", "xa dong hung");       /* U+00A0, tab, CRLF */
    key_is("Ưu\xE3\x80\x80tiên", "uu tien");                  /* U+3000 ideographic space */
    key_is("Thị trấn Ngọc Lặc", "thi tran ngoc lac");
    key_is("đơn vị", "don vi");
    key_is("don_vi", "don_vi");
    key_is("", "");
    key_is(" \t\xC2\xA0 ", "");
    assert_null(ntm_text_key("a\xFF"));
    assert_null(ntm_text_key(NULL));
}

static void valid_utf8(void **state)
{
    (void)state;
    const char ok[] = "Cẩm Thành";
    assert_int_equal(ntm_text_valid_utf8(ok, strlen(ok)), 1);
    assert_int_equal(ntm_text_valid_utf8("a\0b", 3), 1); /* NUL is valid UTF-8 */
    assert_int_equal(ntm_text_valid_utf8("", 0), 1);
    assert_int_equal(ntm_text_valid_utf8(NULL, 0), 1);
    assert_int_equal(ntm_text_valid_utf8("\xF0\x9F\x98\x80", 4), 1);     /* U+1F600 */
    assert_int_equal(ntm_text_valid_utf8("\xE1\xBA", 2), 0);             /* truncated ẩ */
    assert_int_equal(ntm_text_valid_utf8("\xE1\xBA\xA9", 2), 0);         /* cut by LEN */
    assert_int_equal(ntm_text_valid_utf8("\xC0\xAF", 2), 0);             /* overlong */
    assert_int_equal(ntm_text_valid_utf8("\xED\xA0\x80", 3), 0);         /* surrogate */
    assert_int_equal(ntm_text_valid_utf8("\xF4\x90\x80\x80", 4), 0);     /* > U+10FFFF */
    assert_int_equal(ntm_text_valid_utf8("\xF8\x88\x80\x80\x80", 5), 0); /* 5-byte form */
    assert_int_equal(ntm_text_valid_utf8("C\xE2\xD2m", 4), 0);           /* Windows-1258 bytes */
    assert_int_equal(ntm_text_valid_utf8("\x80", 1), 0);                 /* lone continuation */
}

static void width(void **state)
{
    (void)state;
    assert_int_equal(ntm_text_width("Cẩm Thành"), 9);
    assert_int_equal(ntm_text_width("Ca\xCC\x82\xCC\x89m"), 3);      /* marks are 0 wide */
    assert_int_equal(ntm_text_width("\xE4\xB8\xAD\xE6\x96\x87"), 4); /* 中文: wide */
    assert_int_equal(ntm_text_width("a\xFF"
                                    "b"),
                     3); /* bad byte: 1 column */
    assert_int_equal(ntm_text_width(""), 0);
    assert_int_equal(ntm_text_width(NULL), 0);
}

/* Names that lie: control characters (C0, DEL, C1, line separators) and text-direction
 * characters are the worst; zero-width and other invisible characters next; letters of
 * Cyrillic among Latin are confusable (ICU uspoof); Vietnamese with every mark is fine. */
static void name_check(void **state)
{
    (void)state;
    long cp = 0;
    assert_int_equal(ntm_text_name_check("Cẩm Thành", &cp), NTM_NAME_OK);
    assert_int_equal(ntm_text_name_check("Hữu Lũng, Lạng Sơn (xã Đồng Tân)", &cp), NTM_NAME_OK);
    assert_int_equal(ntm_text_name_check("Xã \x1b[31mĐỏ", &cp), NTM_NAME_CONTROL);
    assert_int_equal(cp, 0x1B);
    assert_int_equal(ntm_text_name_check("Chuông\x07", &cp), NTM_NAME_CONTROL);
    assert_int_equal(ntm_text_name_check("Hai\nDòng", &cp), NTM_NAME_CONTROL);
    assert_int_equal(ntm_text_name_check("Xã\xc2\x85Thử", &cp), NTM_NAME_CONTROL); /* U+0085 */
    assert_int_equal(cp, 0x85);
    assert_int_equal(ntm_text_name_check("Xã \xe2\x80\xaeThử", &cp), NTM_NAME_BIDI); /* U+202E */
    assert_int_equal(cp, 0x202E);
    assert_int_equal(ntm_text_name_check("Xã\xe2\x80\x8eThử", &cp), NTM_NAME_BIDI); /* LRM */
    assert_int_equal(ntm_text_name_check("Cẩm\xe2\x80\x8bThành", &cp), NTM_NAME_INVISIBLE);
    assert_int_equal(cp, 0x200B);
    assert_int_equal(ntm_text_name_check("Xã\xef\xbb\xbfThử", &cp), NTM_NAME_INVISIBLE); /* BOM */
    /* "Cẩm Thаnh" with U+0430 CYRILLIC SMALL LETTER A */
    assert_int_equal(ntm_text_name_check("Cẩm Th\xd0\xb0nh", &cp), NTM_NAME_CONFUSABLE);
    /* the worst wins: an invisible and a control character */
    assert_int_equal(ntm_text_name_check("A\xe2\x80\x8b\x1b", &cp), NTM_NAME_CONTROL);
}

/* Names that look the same on a screen share a look-alike key; names that differ in a
 * mark do not (they are told apart by the match key's similar-name warning). */
static void lookalike(void **state)
{
    (void)state;
    char *a = ntm_text_lookalike("Cẩm Thành");
    char *b = ntm_text_lookalike("Cẩm\xe2\x80\x8bThành");
    char *c = ntm_text_lookalike("CẩmThành");
    char *d = ntm_text_lookalike("Cẩm Th\xd0\xb0nh");         /* Cyrillic а, no grave */
    char *e = ntm_text_lookalike("Cẩm Th\xd0\xb0\xcc\x80nh"); /* Cyrillic а + grave */
    char *f = ntm_text_lookalike("Cẩm Thạnh");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    assert_string_not_equal(a, d);
    assert_string_equal(a, e);
    assert_string_not_equal(a, f);
    free(a);
    free(b);
    free(c);
    free(d);
    free(e);
    free(f);
    assert_null(ntm_text_lookalike("\xff"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nfc),   cmocka_unit_test(match_key),  cmocka_unit_test(valid_utf8),
        cmocka_unit_test(width), cmocka_unit_test(name_check), cmocka_unit_test(lookalike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
