/* test_lineage.c: a merged commune's history from its former communes, against hand
 * calculations: rates through their counts, counts summed, amounts per person weighted,
 * the last figure of a year, nothing from on or after the merger date, and the years and
 * kinds that cannot combine with their reasons. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/date.h"
#include "io/mergers.h"
#include "model/lineage.h"

static char *parts[] = {"Cẩm Thành", "Cẩm Bình"};
static ntm_merger merger(void)
{
    ntm_merger m = {0};
    m.unit = "Cẩm Thành mới";
    snprintf(m.date, sizeof m.date, "2025-07-01");
    m.t = ntm_date_decimal(2025, 7, 1);
    m.parts = parts;
    m.n_parts = 2;
    return m;
}

/* An observation of UNIT, indicator CODE (of criterion "11" for "11.1"), dated ISO, with VALUE and
 * counts NUM / DEN (NaN for none). */
static ntm_observation ob(const char *unit, const char *code, const char *iso, double value,
                          double num, double den)
{
    ntm_observation o = {0};
    o.unit = (char *)unit;
    static char crit[8][8];
    static int k;
    char *c = crit[k++ % 8]; /* the criterion: the code before its dot */
    snprintf(c, 8, "%.*s", (int)strcspn(code, "."), code);
    o.criterion = c;
    o.indicator = (char *)code;
    o.date = (char *)iso;
    ntm_date d;
    const char *why;
    assert_int_equal(ntm_date_parse(iso, &d, &why), NTM_OK);
    o.t = d.t;
    o.value = value;
    o.numerator = num;
    o.denominator = den;
    return o;
}

static void rates_through_counts(void **state)
{
    (void)state;
    ntm_merger m = merger();
    ntm_observation o[] = {
        ob("Cẩm Thành", "11.1", "2022-12-31", 5.0, 90, 1790),
        ob("Cẩm Thành", "11.1", "2023-07-31", 3.98, 71, 1784), /* the year's last: used */
        ob("Cẩm Bình", "11.1", "2023-12-31", 3.33, 40, 1200),
        ob("Cẩm Bình", "11.1", "2022-12-31", 4.0, 48, 1200),
        ob("Cẩm Bình", "11.1", "2025-07-01", 1.0, 12, 1200),  /* on the merger day: not used */
        ob("Cẩm Tâm", "11.1", "2023-12-31", 9.0, 90, 1000),   /* not a part */
        ob("Cẩm Thành", "11.2", "2023-12-31", 9.0, 90, 1000), /* another indicator */
        ob("Cẩm Thành", "11.1", "2024-12-31", 2.5, 45, 1800), /* 2024: Cẩm Bình has none */
    };
    ntm_combined_point *p;
    long n = ntm_lineage_combine(&m, "11", "11.1", NTM_KIND_RATE, o, 8, &p);
    assert_int_equal(n, 3);
    /* 2022: (90 + 48) / (1790 + 1200) = 138 / 2990 = 4,6154 % (not the mean 4,5 %) */
    assert_int_equal(p[0].year, 2022);
    assert_int_equal(p[0].why, NTM_COMBINE_OK);
    assert_true(fabs(p[0].value - 100.0 * 138 / 2990) < 1e-12);
    /* 2023: 71 + 40 = 111 over 1784 + 1200 = 2984: 3,7198 %, dated at the later figure */
    assert_true(fabs(p[1].value - 3.719839142091153) < 1e-12);
    assert_true(p[1].numerator == 111 && p[1].denominator == 2984);
    assert_string_equal(p[1].date, "2023-12-31");
    /* 2024: a part is missing */
    assert_int_equal(p[2].why, NTM_COMBINE_PART_MISSING);
    assert_string_equal(p[2].missing_part, "Cẩm Bình");
    assert_true(isnan(p[2].value));
    free(p);
    /* a rate given without its counts does not combine */
    o[2].numerator = o[2].denominator = NAN;
    n = ntm_lineage_combine(&m, "11", "11.1", NTM_KIND_RATE, o, 8, &p);
    assert_int_equal(p[1].why, NTM_COMBINE_NO_COUNTS);
    assert_true(strlen(ntm_combine_reason(p[1].why)) > 0);
    free(p);
}

static void counts_amounts_binary(void **state)
{
    (void)state;
    ntm_merger m = merger();
    ntm_observation c[] = {ob("Cẩm Thành", "5.1", "2024", 3, NAN, NAN),
                           ob("Cẩm Bình", "5.1", "2024", 2, NAN, NAN)};
    ntm_combined_point *p;
    assert_int_equal(ntm_lineage_combine(&m, "5", "5.1", NTM_KIND_COUNT, c, 2, &p), 1);
    assert_true(p[0].value == 5); /* schools: 3 + 2 */
    free(p);
    /* income per person: 60 triệu over 7.000 people and 50 triệu over 3.000:
     * (60 · 7000 + 50 · 3000) / 10000 = 57 triệu, not 110 nor 55 */
    ntm_observation a[] = {ob("Cẩm Thành", "10.1", "2024", 60e6, NAN, 7000),
                           ob("Cẩm Bình", "10.1", "2024", 50e6, NAN, 3000)};
    assert_int_equal(ntm_lineage_combine(&m, "10", "10.1", NTM_KIND_AMOUNT, a, 2, &p), 1);
    assert_true(fabs(p[0].value - 57e6) < 1e-6);
    free(p);
    ntm_observation b[] = {ob("Cẩm Thành", "2.1", "2024", NAN, NAN, NAN),
                           ob("Cẩm Bình", "2.1", "2024", NAN, NAN, NAN)};
    assert_int_equal(ntm_lineage_combine(&m, "2", "2.1", NTM_KIND_BINARY, b, 2, &p), 1);
    assert_int_equal(p[0].why, NTM_COMBINE_BINARY);
    free(p);
    b[0].indicator = b[1].indicator = NULL; /* criterion-level assessments */
    assert_int_equal(ntm_lineage_combine(&m, "2", NULL, NTM_KIND_BINARY, b, 2, &p), 1);
    assert_int_equal(p[0].why, NTM_COMBINE_CRITERION);
    free(p);
    assert_int_equal(ntm_lineage_combine(&m, "9", "9.9", NTM_KIND_RATE, b, 2, &p), 0);
    assert_null(p);
}

/* tests/data/mergers/NAME, found from this file's own path. */
static const char *data_path(const char *name)
{
    static char buf[4096];
    const char *me = __FILE__, *slash = strrchr(me, '/');
    size_t dir = slash ? (size_t)(slash - me) + 1 : 0;
    snprintf(buf, sizeof buf, "%.*s../data/mergers/%s", (int)dir, me, name);
    return buf;
}

static void read_mergers(void **state)
{
    (void)state;
    ntm_merger *m;
    size_t n;
    ntm_error err = {0};
    assert_int_equal(ntm_mergers_read(data_path("good.csv"), &m, &n, &err), NTM_OK);
    assert_int_equal(n, 2);
    assert_string_equal(m[0].unit, "Cẩm Thành mới");
    assert_string_equal(m[0].date, "2025-07-01");
    assert_int_equal(m[0].n_parts, 2);
    assert_string_equal(m[0].parts[1], "Cẩm Bình");
    assert_int_equal(m[0].line, 2);
    assert_null(m[1].source);
    for (size_t i = 0; i < n; i++)
        ntm_merger_release(&m[i]);
    free(m);
    static const struct {
        const char *file, *msg;
    } bad[] = {
        {"twice.csv", ":3: field 'former unit': 'B' is already merged into 'A' (line 2)"},
        {"bad-date.csv", ":2: field 'date': '2025-13-01' is not a date"},
        {"self.csv", ":2: field 'former unit': 'A' cannot be merged into itself"},
        {"no-part-column.csv", ":1: a merger file needs the columns"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(ntm_mergers_read(data_path(bad[k].file), &m, &n, &err), NTM_EINPUT);
        if (!strstr(err.msg, bad[k].msg))
            fail_msg("%s: '%s'", bad[k].file, err.msg);
        assert_null(m);
        assert_int_equal(n, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rates_through_counts),
        cmocka_unit_test(counts_amounts_binary),
        cmocka_unit_test(read_mergers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
