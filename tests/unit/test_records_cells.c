/* test_records_cells.c: a sheet's cells read with the import's rules
 * (ntm_records_read_cells, io/records.h): a number cell is its number whatever the text
 * would say, text cells keep the number styles, gaps are empty fields, a value right of
 * the header is an unnamed column, and messages name the sheet's row and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "io/records.h"

#define VAL_TOL 1e-12

typedef struct sheet {
    ntm_records r;
    ntm_diag_list d;
    ntm_error err;
    ntm_status rc;
} sheet;

static void read_cells(sheet *s, const ntm_records_cell *cells, size_t n)
{
    memset(s, 0, sizeof *s);
    ntm_diag_list_init(&s->d);
    s->rc = ntm_records_read_cells("book.xlsx:Quan sát", cells, n, NTM_RECORDS_AUTO, NTM_NUM_AUTO,
                                   &s->r, &s->d, &s->err);
}

static void done(sheet *s)
{
    ntm_records_release(&s->r);
    ntm_diag_list_release(&s->d);
}

#define HEADER(r)                                                                                  \
    {r, 1, "đơn vị", NAN}, {r, 2, "chỉ tiêu", NAN}, {r, 3, "ngày", NAN}, {r, 4, "giá trị", NAN},   \
        {r, 5, "mẫu số", NAN},                                                                     \
    {                                                                                              \
        r, 6, "đánh giá", NAN                                                                      \
    }

/* 1.784 typed in a number cell is 1.784 (it shows "1.784" in an English Excel); as text
 * it would be read the Vietnamese way, 1784. Number cells give no style, so the text
 * "12,5" alone decides the Vietnamese style without a mixed-style refusal. */
static void number_cells_are_numbers(void **state)
{
    (void)state;
    const ntm_records_cell cells[] = {
        HEADER(1),
        {2, 1, " Cẩm Thành ", NAN},
        {2, 2, "11.1", NAN},
        {2, 3, "2023-07-31", NAN},
        {2, 4, "1.784", 1.784},
        {2, 5, "1784", 1784},
        {4, 1, "Cẩm Thành", NAN},
        {4, 2, "11.2", NAN},
        {4, 3, "2023", 2023},
        {4, 4, "12,5", NAN},
        {4, 6, "đạt", NAN},
    };
    sheet s;
    read_cells(&s, cells, sizeof cells / sizeof cells[0]);
    assert_int_equal(s.rc, NTM_OK);
    assert_int_equal(s.r.kind, NTM_RECORDS_OBSERVATIONS);
    assert_int_equal(s.r.n_obs, 2);
    assert_string_equal(s.r.obs[0].unit, "Cẩm Thành"); /* trimmed as CSV fields are */
    assert_float_equal(s.r.obs[0].value, 1.784, VAL_TOL);
    assert_float_equal(s.r.obs[0].denominator, 1784, 0);
    assert_int_equal(s.r.obs[0].line, 2);
    assert_string_equal(s.r.obs[1].date, "2023-12-31"); /* a year typed as a number */
    assert_float_equal(s.r.obs[1].value, 12.5, VAL_TOL);
    assert_int_equal(s.r.obs[1].status, NTM_ASSESS_MET);
    assert_int_equal(s.r.obs[1].line, 4); /* the sheet's row: row 3 is empty */
    assert_int_equal(s.r.numstyle, NTM_NUM_VI);
    done(&s);
}

/* Errors name the sheet's row and column: a bad assessment in F3, a value in H2 right of
 * the header's last name. */
static void errors_name_rows_and_columns(void **state)
{
    (void)state;
    const ntm_records_cell cells[] = {
        HEADER(1),
        {2, 1, "Cẩm Thành", NAN},
        {2, 2, "11.1", NAN},
        {2, 3, "2023-07-31", NAN},
        {2, 4, "12.21", 12.21},
        {2, 8, "stray", NAN},
        {3, 1, "Cẩm Thành", NAN},
        {3, 2, "11.2", NAN},
        {3, 3, "2023-07-31", NAN},
        {3, 6, "đạt rồi", NAN},
    };
    sheet s;
    read_cells(&s, cells, sizeof cells / sizeof cells[0]);
    assert_int_equal(s.rc, NTM_EINPUT);
    assert_int_equal(s.r.n_obs, 0);
    assert_int_equal(s.d.n_errors, 1); /* the unnamed column stops the file before rows */
    assert_string_equal(s.d.items[0].code, "unnamed-column");
    assert_int_equal(s.d.items[0].line, 2);
    assert_int_equal(s.d.items[0].column, 8);
    assert_string_equal(s.d.items[0].file, "book.xlsx:Quan sát");
    done(&s);
    const ntm_records_cell fixed[] = {
        HEADER(1),
        {2, 1, "Cẩm Thành", NAN},
        {2, 2, "11.2", NAN},
        {2, 3, "2023-07-31", NAN},
        {2, 6, "đạt rồi", NAN},
    };
    read_cells(&s, fixed, sizeof fixed / sizeof fixed[0]);
    assert_int_equal(s.rc, NTM_EINPUT);
    assert_int_equal(s.d.n_errors, 1);
    assert_string_equal(s.d.items[0].code, "bad-status");
    assert_int_equal(s.d.items[0].line, 2);
    assert_int_equal(s.d.items[0].column, 6);
    done(&s);
}

static void header_kinds(void **state)
{
    (void)state;
    char *units[] = {"Tên", "", "cấp"};
    char *obs[] = {"unit", "criterion"};
    char *neither[] = {"levels", "indicators", "units"};
    assert_int_equal(ntm_records_header_kind(units, 3), NTM_RECORDS_UNITS);
    assert_int_equal(ntm_records_header_kind(obs, 2), NTM_RECORDS_OBSERVATIONS);
    assert_int_equal(ntm_records_header_kind(neither, 3), NTM_RECORDS_AUTO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(number_cells_are_numbers),
        cmocka_unit_test(errors_name_rows_and_columns),
        cmocka_unit_test(header_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
