/* test_catalog.c: the catalog INI reader on the shipped catalogs (models/criteria/) and on
 * small bad files (tests/data/catalog/), each provoking one error kind at a known line.
 * Run from the repository root (make unit T=test_catalog). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/catalog_ini.h"

#define DATA "tests/data/catalog/"
#define MODELS "models/criteria/"
/* Numbers in the files are short decimals; the parser must return the nearest double. */
#define EXACT 1e-12

static void print_diags(const ntm_diag_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        char buf[2048];
        ntm_diag_format(&d->items[i], buf, sizeof buf);
        print_message("  %s [%s]\n", buf, d->items[i].code);
    }
}

/* Reads PATH expecting NTM_OK and no diagnostic at all (NO_WARNINGS) or no error. */
static void read_ok(const char *path, ntm_catalog *cat, int no_warnings)
{
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_status st = ntm_catalog_read(path, cat, &d);
    if (st != NTM_OK || d.n_errors || (no_warnings && d.n)) {
        print_diags(&d);
        ntm_diag_list_release(&d);
        fail_msg("%s: status %d, %zu diagnostics", path, st, d.n);
    }
    ntm_diag_list_release(&d);
}

static const ntm_indicator *ind(const ntm_catalog *cat, const char *code)
{
    const ntm_indicator *i = ntm_catalog_indicator(cat, code);
    if (!i)
        fail_msg("no indicator %s in %s", code, cat->id);
    return i;
}

static void shipped_parse_cleanly(void **state)
{
    (void)state;
    static const char *files[] = {MODELS "qd318-2021.ini", MODELS "thanh-hoa-2022.ini",
                                  MODELS "qd51-2026.ini"};
    for (size_t i = 0; i < 3; i++) {
        ntm_catalog cat;
        read_ok(files[i], &cat, 1);
        assert_non_null(cat.id);
        assert_non_null(cat.source);
        /* every threshold of a shipped catalog carries its source */
        for (size_t k = 0; k < cat.n_indicators; k++)
            for (size_t t = 0; t < cat.indicators[k].n_thresholds; t++)
                assert_non_null(cat.indicators[k].thresholds[t].source);
        ntm_catalog_release(&cat);
    }
}

/* Thanh Hóa, the Cẩm Thành plan of 07/2023: 11.1 = 11.1a + 11.1b, at most 6,5% for every commune.
 */
static void thanh_hoa_values(void **state)
{
    (void)state;
    ntm_catalog cat;
    read_ok(MODELS "thanh-hoa-2022.ini", &cat, 1);
    assert_string_equal(cat.id, "thanh-hoa-2022");
    assert_int_equal(cat.scheme, NTM_SCHEME_NONE);
    assert_string_equal(cat.effective, "2022-08-10");
    assert_int_equal(cat.n_criteria, 19);
    assert_int_equal(cat.indicators_declared, 57);
    assert_int_equal(cat.n_indicators,
                     12); /* 10 named in the Cẩm Thành plan of 07/2023 + 2 parts of 11.1 */
    /* continuation lines are joined with one space */
    assert_non_null(strstr(cat.source, "(text not read; number, date and the 19 criteria"));

    const ntm_indicator *p = ind(&cat, "11.1");
    assert_int_equal(p->kind, NTM_KIND_SUM);
    assert_int_equal(p->direction, NTM_DIR_MAX);
    const char *classes[] = {"BTB", "TDMNPB", "DBSCL", NULL};
    for (size_t i = 0; i < 4; i++) {
        const ntm_threshold *t = ntm_indicator_threshold(p, classes[i]);
        assert_non_null(t);
        assert_true(isnan(t->lower));
        assert_true(fabs(t->upper - 6.5) < EXACT);
        assert_string_equal(t->text, "≤ 6,5%");
        assert_string_equal(t->source, "Kế hoạch UBND xã Cẩm Thành 07/2023, mục 1.2.3");
    }
    /* parts follow their parent, as rates with the sum's direction */
    size_t at = (size_t)(p - cat.indicators);
    assert_string_equal(cat.indicators[at + 1].code, "11.1a");
    assert_string_equal(cat.indicators[at + 2].code, "11.1b");
    assert_string_equal(cat.indicators[at + 1].part_of, "11.1");
    assert_string_equal(cat.indicators[at + 2].criterion, "11");
    assert_int_equal(cat.indicators[at + 2].kind, NTM_KIND_RATE);
    assert_int_equal(cat.indicators[at + 2].direction, NTM_DIR_MAX);
    /* prior slope: ln(6,24/10,04)/2 = -0,23780 (criteria-and-data.md §2.1), written -0,238 */
    assert_string_equal(p->model, "loglinear");
    assert_true(fabs(p->prior.slope - log(6.24 / 10.04) / 2) < 5e-4);
    assert_true(fabs(p->prior.slope - -0.238) < EXACT);
    assert_true(fabs(p->prior.slope_sd - 0.15) < EXACT);
    assert_true(fabs(p->prior.sigma - 0.10) < EXACT);
    assert_true(fabs(p->prior.nu - 5) < EXACT);
    assert_true(isnan(p->prior.ceiling));
    assert_non_null(strstr(p->prior.source, "assumption"));
    assert_true(fabs(p->risk - 0.05) < EXACT);
    assert_string_equal(p->risk_source, "assumption");

    /* unconfirmed thresholds are absent, not invented */
    static const char *none[] = {"5", "12.2", "15.1", "15.4", "17.1", "17.7"};
    for (size_t i = 0; i < 6; i++) {
        const ntm_indicator *x = ind(&cat, none[i]);
        assert_int_equal(x->n_thresholds, 0);
        assert_int_equal(x->kind, NTM_KIND_RATE);
        assert_int_equal(x->direction, NTM_DIR_MIN);
    }
    assert_null(ntm_indicator_threshold(ind(&cat, "15.4"), "BTB"));
    static const char *bin[] = {"6.2", "13.3", "19.2"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(ind(&cat, bin[i])->kind, NTM_KIND_BINARY);
        assert_int_equal(ind(&cat, bin[i])->direction, NTM_DIR_YES);
    }
    assert_non_null(strstr(ind(&cat, "17.1")->note, "15% đến 20%"));
    ntm_catalog_release(&cat);
}

/* QĐ 318: the stunting ceilings and e-health floors read in the source, by region. */
static void qd318_values(void **state)
{
    (void)state;
    ntm_catalog cat;
    read_ok(MODELS "qd318-2021.ini", &cat, 1);
    assert_int_equal(cat.scheme, NTM_SCHEME_REGION7);
    assert_int_equal(cat.n_classes, 7);
    assert_int_equal(cat.n_criteria, 19);
    assert_int_equal(cat.indicators_declared, 57);
    assert_string_equal(cat.hardest_class, "TDMNPB");
    assert_string_equal(ntm_catalog_criterion(&cat, "18")->group, "V");

    const ntm_indicator *s = ind(&cat, "15.3");
    assert_int_equal(s->direction, NTM_DIR_MAX);
    static const struct {
        const char *key;
        double upper;
    } stunting[] = {{"TDMNPB", 24}, {"DBSH", 16.5}, {"BTB", 25},  {"DHNTB", 22},
                    {"TN", 26.5},   {"DNB", 14.5},  {"DBSCL", 19}};
    for (size_t i = 0; i < 7; i++) {
        const ntm_threshold *t = ntm_indicator_threshold(s, stunting[i].key);
        assert_non_null(t);
        assert_string_equal(t->class_key, stunting[i].key);
        assert_true(fabs(t->upper - stunting[i].upper) < EXACT);
        assert_true(isnan(t->lower));
    }
    const ntm_indicator *e = ind(&cat, "15.4");
    assert_true(fabs(ntm_indicator_threshold(e, "TDMNPB")->lower - 50) < EXACT);
    assert_true(fabs(ntm_indicator_threshold(e, "DBSH")->lower - 70) < EXACT);
    assert_null(ntm_indicator_threshold(e, "BTB")); /* unconfirmed: left out */
    assert_true(fabs(ntm_indicator_threshold(ind(&cat, "3.1"), "TN")->lower - 80) < EXACT);
    /* criterion 5: conditions in words only, with their source */
    const ntm_threshold *t5 = ntm_indicator_threshold(ind(&cat, "5"), "DBSH");
    assert_true(isnan(t5->lower) && isnan(t5->upper));
    assert_non_null(strstr(t5->text, "mức độ 1"));
    assert_non_null(strstr(t5->source, "1491"));
    /* 14.1: sub-conditions that must all hold */
    const ntm_indicator *g = ind(&cat, "14.1");
    assert_true(g->combine_all);
    size_t n_parts = 0;
    for (size_t i = 0; i < cat.n_indicators; i++)
        n_parts += cat.indicators[i].part_of && strcmp(cat.indicators[i].part_of, "14.1") == 0;
    assert_int_equal(n_parts, 5);
    assert_true(fabs(ntm_indicator_threshold(ind(&cat, "14.1a"), "BTB")->lower - 98) < EXACT);
    assert_string_equal(ntm_indicator_threshold(ind(&cat, "14.1b"), "TN")->text, "Đạt");
    assert_int_equal(ind(&cat, "11.1")->n_thresholds, 0);
    ntm_catalog_release(&cat);
}

static void qd51_structure(void **state)
{
    (void)state;
    ntm_catalog cat;
    read_ok(MODELS "qd51-2026.ini", &cat, 1);
    assert_int_equal(cat.scheme, NTM_SCHEME_GROUP3);
    assert_int_equal(cat.n_classes, 3);
    assert_string_equal(cat.classes[2].key, "3");
    assert_int_equal(cat.n_criteria, 10);
    assert_int_equal(cat.n_indicators, 0);
    assert_int_equal(cat.indicators_declared, 47);
    assert_string_equal(cat.effective, "2026-02-15");
    ntm_catalog_release(&cat);
}

/* Threshold, number and date forms (tests/data/catalog/forms.ini). */
static void accepted_forms(void **state)
{
    (void)state;
    ntm_catalog cat;
    read_ok(DATA "forms.ini", &cat, 1);
    assert_string_equal(cat.effective, "2022-03-08"); /* from 8/3/2022 */
    assert_string_equal(cat.level, "village");
    const ntm_threshold *t = ntm_indicator_threshold(ind(&cat, "a"), "*");
    assert_true(fabs(t->lower - 80) < EXACT && isnan(t->upper)); /* ≥ 80% */
    assert_string_equal(t->source, "test");                      /* threshold.source */
    t = ntm_indicator_threshold(ind(&cat, "b"), NULL);
    assert_true(isnan(t->lower) && fabs(t->upper - 16.5) < EXACT); /* bare, max */
    t = ntm_indicator_threshold(ind(&cat, "c"), "1");
    assert_true(fabs(t->lower - 2) < EXACT && fabs(t->upper - 3) < EXACT); /* 2..3 */
    assert_string_equal(t->text, "từ 2 đến 3 trường");
    assert_string_equal(ind(&cat, "c")->unit, "trường");
    t = ntm_indicator_threshold(ind(&cat, "d"), NULL);
    assert_string_equal(t->text, "Đạt");
    assert_true(fabs(ind(&cat, "d")->risk - 0.05) < EXACT); /* 5% */
    const ntm_indicator *e = ind(&cat, "e");
    t = ntm_indicator_threshold(e, NULL);
    assert_true(fabs(t->lower - 1234.5) < EXACT); /* => 1.234,5 */
    assert_true(fabs(e->prior.slope - 2.5) < EXACT && fabs(e->prior.sigma - 0.5) < EXACT);
    assert_true(e->prior.nu == 0);
    t = ntm_indicator_threshold(ind(&cat, "f"), NULL);
    assert_true(isnan(t->lower) && isnan(t->upper));
    assert_string_equal(t->text, "theo quy định");
    assert_string_equal(ind(&cat, "a")->unit, "%"); /* default unit of a rate */
    ntm_catalog_release(&cat);
}

typedef struct bad_case {
    const char *file;
    const char *code;
    long line;
    const char *key; /* NULL: the diagnostic names no key */
} bad_case;

/* Each file differs from good.ini in one place; the line is where the problem is. */
static const bad_case bad_cases[] = {
    {"unknown-key.ini", "unknown-key", 21, "colour"},
    {"bad-number.ini", "bad-number", 27, "prior.slope"},
    {"bad-kind.ini", "bad-value", 21, "kind"},
    {"bad-direction.ini", "bad-value", 23, "direction"},
    {"bad-scheme.ini", "bad-value", 7, "scheme"},
    {"bad-date.ini", "bad-value", 8, "effective"},
    {"combine-bad.ini", "bad-value", 22, "combine"},
    {"unknown-class.ini", "unknown-class", 24, "threshold.XYZ"},
    {"scheme-none-class.ini", "unknown-class", 21, "threshold.BTB"},
    {"lower-above-upper.ini", "lower-above-upper", 24, "threshold.BTB"},
    {"direction-mismatch.ini", "direction-mismatch", 24, "threshold.BTB"},
    {"out-of-range.ini", "out-of-range", 24, "threshold.BTB"},
    {"threshold-no-source.ini", "threshold-no-source", 24, "threshold.BTB"},
    {"duplicate-code.ini", "duplicate", 42, NULL},
    {"duplicate-key.ini", "duplicate", 22, "kind"},
    {"missing-criterion.ini", "missing-criterion", 19, "criterion"},
    {"missing-parent.ini", "missing-parent", 38, "part_of"},
    {"part-of-part.ini", "part-of-part", 44, "part_of"},
    {"parts-mismatch.ini", "parts-mismatch", 22, "parts"},
    {"sum-part-not-rate.ini", "sum-part-not-rate", 40, "kind"},
    {"sum-parts.ini", "sum-parts", 21, "kind"},
    {"prior-no-source.ini", "prior-no-source", 27, "prior.slope"},
    {"risk-range.ini", "risk-range", 29, "risk"},
    {"risk-no-source.ini", "risk-no-source", 29, "risk"},
    {"missing-key.ini", "missing-key", 32, "kind"},
    {"missing-set-key.ini", "missing-key", 2, "source"},
    {"missing-section.ini", "missing-section", 0, NULL},
    {"declared-count.ini", "declared-count", 10, "indicators_declared"},
    {"invalid-utf8.ini", "invalid-utf8", 20, NULL},
    {"syntax.ini", "syntax", 20, NULL},
    {"unknown-section.ini", "unknown-section", 42, NULL},
};

static void each_error_kind(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        char path[256];
        snprintf(path, sizeof path, DATA "%s", c->file);
        ntm_catalog cat;
        ntm_diag_list d;
        ntm_diag_list_init(&d);
        ntm_status st = ntm_catalog_read(path, &cat, &d);
        int found = 0;
        for (size_t k = 0; k < d.n; k++) {
            const ntm_diag *g = &d.items[k];
            if (g->severity == NTM_ERROR && strcmp(g->code, c->code) == 0 && g->line == c->line &&
                strcmp(g->file, path) == 0 &&
                (c->key ? g->field && strcmp(g->field, c->key) == 0 : g->field == NULL))
                found = 1;
        }
        if (st != NTM_EINPUT || !found) {
            print_diags(&d);
            fail_msg("%s: want %s at line %ld key %s; status %d", c->file, c->code, c->line,
                     c->key ? c->key : "(none)", st);
        }
        ntm_catalog_release(&cat);
        ntm_diag_list_release(&d);
    }
}

/* Warnings only: the file is accepted. */
static void warnings_only(void **state)
{
    (void)state;
    ntm_catalog cat;
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    /* not NFC: "Tỷ le\u0323\u0302 nghe\u0300o" is read as the composed "Tỷ lệ nghèo" */
    assert_int_equal(ntm_catalog_read(DATA "not-nfc.ini", &cat, &d), NTM_OK);
    int warned = 0;
    for (size_t k = 0; k < d.n; k++)
        warned |= strcmp(d.items[k].code, "not-nfc") == 0 && d.items[k].line == 20;
    assert_true(warned);
    assert_string_equal(ind(&cat, "11.1")->name_vi, "T\xe1\xbb\xb7 l\xe1\xbb\x87 ngh\xc3\xa8o");
    ntm_catalog_release(&cat);
    ntm_diag_list_release(&d);

    /* an indented key continues the previous value (inih's multi-line rule): warned */
    ntm_diag_list_init(&d);
    assert_int_equal(ntm_catalog_read(DATA "continuation.ini", &cat, &d), NTM_EINPUT);
    warned = 0;
    for (size_t k = 0; k < d.n; k++)
        warned |= strcmp(d.items[k].code, "continuation") == 0 && d.items[k].line == 21 &&
                  d.items[k].severity == NTM_WARNING && strcmp(d.items[k].field, "name_vi") == 0;
    assert_true(warned);
    assert_string_equal(ind(&cat, "11.1")->name_vi, "Tỷ lệ nghèo đa chiều kind = sum");
    ntm_catalog_release(&cat);
    ntm_diag_list_release(&d);

    /* good.ini: only the warning that six region classes have no names */
    ntm_diag_list_init(&d);
    assert_int_equal(ntm_catalog_read(DATA "good.ini", &cat, &d), NTM_OK);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].code, "missing-class");
    assert_int_equal(d.items[0].severity, NTM_WARNING);
    ntm_catalog_release(&cat);
    ntm_diag_list_release(&d);
}

static void missing_file_and_inih_settings(void **state)
{
    (void)state;
    int max_line = ini_max_line;
    bool stack = ini_use_stack;
    ntm_catalog cat;
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    assert_int_equal(ntm_catalog_read(DATA "no-such-file.ini", &cat, &d), NTM_EIO);
    assert_int_equal(d.n_errors, 1);
    assert_string_equal(d.items[0].code, "io");
    assert_int_equal(cat.n_indicators, 0);
    ntm_catalog_release(&cat);
    ntm_diag_list_release(&d);
    /* a read restores inih's process-wide settings */
    read_ok(MODELS "qd318-2021.ini", &cat, 1);
    ntm_catalog_release(&cat);
    assert_int_equal(ini_max_line, max_line);
    assert_int_equal(ini_use_stack, stack);
}

/* Writes LEN bytes of TEXT to a new temporary file; its path goes to PATH. */
static void temp_file(char *path, size_t size, const char *text, size_t len)
{
    snprintf(path, size, "/tmp/test_catalog_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int has_diag(const ntm_diag_list *d, const char *code, long line)
{
    for (size_t k = 0; k < d->n; k++)
        if (strcmp(d->items[k].code, code) == 0 && d->items[k].line == line)
            return 1;
    return 0;
}

/* A line over 16 KiB and a NUL byte are refused with their line (not an INI-reader crash). */
static void long_line_and_nul(void **state)
{
    (void)state;
    static char text[20100];
    const char *head = "[set]\nid = x\nversion = 1\nlevel = commune\nname_vi = ";
    size_t n = strlen(head);
    memcpy(text, head, n);
    memset(text + n, 'a', 20000);
    memcpy(text + n + 20000, "\n", 2);
    char path[64];
    temp_file(path, sizeof path, text, strlen(text));
    ntm_catalog cat;
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    assert_int_equal(ntm_catalog_read(path, &cat, &d), NTM_EINPUT);
    assert_true(has_diag(&d, "line-too-long", 5));
    ntm_catalog_release(&cat);
    ntm_diag_list_release(&d);
    remove(path);

    static const char nul[] = "[set]\nid = a\0b\n";
    temp_file(path, sizeof path, nul, sizeof nul - 1);
    ntm_diag_list_init(&d);
    assert_int_equal(ntm_catalog_read(path, &cat, &d), NTM_EINPUT);
    assert_true(has_diag(&d, "invalid-utf8", 2));
    ntm_catalog_release(&cat);
    ntm_diag_list_release(&d);
    remove(path);
}

static void scheme_classes(void **state)
{
    (void)state;
    const char *const *keys;
    assert_int_equal(ntm_catalog_scheme_classes(NTM_SCHEME_REGION7, &keys), 7);
    assert_string_equal(keys[0], "TDMNPB");
    assert_string_equal(keys[6], "DBSCL");
    assert_int_equal(ntm_catalog_scheme_classes(NTM_SCHEME_GROUP3, &keys), 3);
    assert_string_equal(keys[1], "2");
    assert_int_equal(ntm_catalog_scheme_classes(NTM_SCHEME_NONE, &keys), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_parse_cleanly), cmocka_unit_test(thanh_hoa_values),
        cmocka_unit_test(qd318_values),          cmocka_unit_test(qd51_structure),
        cmocka_unit_test(accepted_forms),        cmocka_unit_test(each_error_kind),
        cmocka_unit_test(warnings_only),         cmocka_unit_test(missing_file_and_inih_settings),
        cmocka_unit_test(long_line_and_nul),     cmocka_unit_test(scheme_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
