/* test_unitlist.c: the official unit list: reading, refusals with line and field, and the
 * search by name without marks (both tone placements), province and code. The data file is
 * a 43-row extract of models/units/vn-commune-units-2026-04-30.csv (Hà Nội's first wards,
 * Thanh Hoá's first communes, and the units named Thạnh Hoá and Thanh Hoà). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/unitlist.h"

/* tests/data/units/NAME, found from this file's own path. */
static const char *data_path(const char *name)
{
    static char buf[4096];
    const char *me = __FILE__, *slash = strrchr(me, '/');
    size_t dir = slash ? (size_t)(slash - me) + 1 : 0;
    snprintf(buf, sizeof buf, "%.*s../data/units/%s", (int)dir, me, name);
    return buf;
}
#define LIST data_path("vn-commune-units-2026-04-30.csv")

static void reads_extract(void **state)
{
    (void)state;
    ntm_unitlist l;
    ntm_error err = {0};
    assert_int_equal(ntm_unitlist_read(LIST, &l, &err), NTM_OK);
    assert_int_equal(l.n, 43);
    assert_string_equal(l.date, "2026-04-30");
    assert_string_equal(l.u[0].code, "00004");
    assert_string_equal(l.u[0].name, "Ba Đình");
    assert_string_equal(l.u[0].type, "Phường");
    assert_string_equal(l.u[0].province, "Hà Nội");
    ntm_unitlist_release(&l);
}

/* Search one query; returns the number found and the first code in FIRST. */
static long find(const ntm_unitlist *l, const char *name, const char *prov, const char *code,
                 const char **first)
{
    ntm_unitlist_query q = {name, prov, code};
    size_t *idx;
    long n = ntm_unitlist_find(l, &q, &idx);
    *first = n > 0 ? l->u[idx[0]].code : NULL;
    free(idx);
    return n;
}

static void search(void **state)
{
    (void)state;
    ntm_unitlist l;
    ntm_error err = {0};
    assert_int_equal(ntm_unitlist_read(LIST, &l, &err), NTM_OK);
    const char *c;
    /* the tone on either letter, marks and case folded: the list writes "Thanh Hoá" */
    long a = find(&l, NULL, "Thanh Hóa", NULL, &c), b = find(&l, NULL, "thanh hoá", NULL, &c);
    assert_int_equal(a, 38); /* 38 of the extract's rows are in Thanh Hoá */
    assert_int_equal(a, b);
    assert_int_equal(find(&l, NULL, "38", NULL, &c), a); /* by province code */
    assert_int_equal(find(&l, NULL, NULL, "00004", &c), 1);
    assert_string_equal(c, "00004");
    assert_int_equal(find(&l, "ba dinh", NULL, NULL, &c), 1);
    /* whole names first, then names containing the query */
    assert_int_equal(find(&l, "thanh hoa", NULL, NULL, &c), 3);
    assert_int_equal(find(&l, "hoa", NULL, NULL, &c) >= 3, 1);
    assert_int_equal(find(&l, "nowhere", NULL, NULL, &c), 0);
    assert_null(c);
    assert_int_equal(find(&l, "ba dinh", "38", NULL, &c), 0); /* both conditions hold */
    ntm_unitlist_release(&l);
}

/* Writes TEXT to a list file named for DATE in a temporary folder; returns its path. */
static char *write_list(const char *date, const char *text)
{
    static char path[256];
    char dir[] = "/tmp/ntm-unitlist-XXXXXX";
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/vn-commune-units-%s.csv", dir, date);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void refusals(void **state)
{
    (void)state;
    static const char head[] = "unit_code,unit_name,unit_type,province_code,province_name\n";
    char text[512];
    ntm_unitlist l;
    ntm_error err = {0};
    snprintf(text, sizeof text, "%s00004,Ba Đình,Phường,01,Hà Nội\n00004,X,Xã,01,Hà Nội\n", head);
    assert_int_equal(ntm_unitlist_read(write_list("2026-04-30", text), &l, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "00004 is given twice"));
    snprintf(text, sizeof text, "%s00004,Ba Đình,Phường,01,Hà Nội\n4,X,Xã,01,Hà Nội\n", head);
    assert_int_equal(ntm_unitlist_read(write_list("2026-04-30", text), &l, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, ":3: field 'unit_code'"));
    snprintf(text, sizeof text, "%s00004,,Phường,01,Hà Nội\n", head);
    assert_int_equal(ntm_unitlist_read(write_list("2026-04-30", text), &l, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, ":2: field 'unit_name' is empty"));
    assert_int_equal(ntm_unitlist_read(write_list("2026-04-30", "code,name\n1,2\n"), &l, &err),
                     NTM_EINPUT);
    assert_non_null(strstr(err.msg, ":1: column 1 must be 'unit_code'"));
    assert_int_equal(ntm_unitlist_read(data_path("units.csv"), &l, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "vn-commune-units-YYYY-MM-DD.csv"));
}

static void newest(void **state)
{
    (void)state;
    char *p = write_list("2025-07-01", "x");
    char dir[256], later[300], buf[512];
    snprintf(dir, sizeof dir, "%s", p);
    *strrchr(dir, '/') = '\0';
    snprintf(later, sizeof later, "%s/vn-commune-units-2026-04-30.csv", dir);
    FILE *f = fopen(later, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(ntm_unitlist_newest(dir, buf, sizeof buf), 0);
    assert_string_equal(buf, later);
    assert_int_equal(ntm_unitlist_newest("/nonexistent-dir", buf, sizeof buf), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_extract),
        cmocka_unit_test(search),
        cmocka_unit_test(refusals),
        cmocka_unit_test(newest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
