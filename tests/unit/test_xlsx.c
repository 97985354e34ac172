/* test_xlsx.c: the workbook reader (io/xlsx.h): Excel serial dates against the calendar
 * by hand, date formats, cell references, the committed fixtures of tests/data/xlsx/
 * (written by make_fixtures.py there) and the hostile ones, each refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "io/xlsx.h"

/* tests/data/xlsx/NAME, found from this file's own path. */
static void data_path(char *buf, size_t size, const char *name)
{
    const char *me = __FILE__;
    const char *slash = strrchr(me, '/');
    size_t dir = slash ? (size_t)(slash - me) + 1 : 0;
    snprintf(buf, size, "%.*s../data/xlsx/%s", (int)dir, me, name);
}

static void date_is(double serial, int date1904, int y, int m, int d)
{
    int yy = 0, mm = 0, dd = 0;
    if (ntm_xlsx_serial_date(serial, date1904, &yy, &mm, &dd) != 0)
        fail_msg("serial %g (%s) refused", serial, date1904 ? "1904" : "1900");
    if (yy != y || mm != m || dd != d)
        fail_msg("serial %g (%s): %04d-%02d-%02d, expected %04d-%02d-%02d", serial,
                 date1904 ? "1904" : "1900", yy, mm, dd, y, m, d);
}

/* 1900 system. 1 is 1900-01-01. Excel counts a 29 February 1900 (serial 60) that never
 * was, so from 1900-03-01 (61) on a serial is the days since 1899-12-30. 2023-07-31: the
 * days from 1900-01-01 are 123 years of 365 days plus 30 leap days (1904 ... 2020) =
 * 44 925, plus 211 days from 1 January to 31 July 2023 = 45 136; serial 1 is day 0 and
 * the fictitious day adds one: 45 136 + 1 + 1 = 45 138. */
static void serial_dates_1900(void **state)
{
    (void)state;
    date_is(1, 0, 1900, 1, 1);
    date_is(31, 0, 1900, 1, 31);
    date_is(59, 0, 1900, 2, 28);
    date_is(60, 0, 1900, 2, 29); /* the fictitious day, returned as Excel shows it */
    date_is(61, 0, 1900, 3, 1);
    date_is(366, 0, 1900, 12, 31); /* 365 real days + the fictitious one */
    date_is(45138, 0, 2023, 7, 31);
    date_is(45138.75, 0, 2023, 7, 31); /* 18:00 the same day */
    date_is(45292, 0, 2024, 1, 1);     /* 45138 + 31 + 30 + 31 + 30 + 31 + 1 */
    date_is(2958465, 0, 9999, 12, 31);
    int y, m, d;
    assert_int_equal(ntm_xlsx_serial_date(0, 0, &y, &m, &d), -1); /* "1900-01-00" */
    assert_int_equal(ntm_xlsx_serial_date(-5, 0, &y, &m, &d), -1);
    assert_int_equal(ntm_xlsx_serial_date(2958466, 0, &y, &m, &d), -1);
    assert_int_equal(ntm_xlsx_serial_date(NAN, 0, &y, &m, &d), -1);
}

/* 1904 system: 0 is 1904-01-01, and a serial is 1462 smaller than in the 1900 system
 * (4 years of 365 days + 1900-02-29 counted + 1 for serial 1 = 1461 + 1). */
static void serial_dates_1904(void **state)
{
    (void)state;
    date_is(0, 1, 1904, 1, 1);
    date_is(1, 1, 1904, 1, 2);
    date_is(59, 1, 1904, 2, 29); /* 1904 is a leap year: 31 + 28 days later */
    date_is(45138 - 1462, 1, 2023, 7, 31);
    date_is(2958465 - 1462, 1, 9999, 12, 31);
    int y, m, d;
    assert_int_equal(ntm_xlsx_serial_date(-1, 1, &y, &m, &d), -1);
    assert_int_equal(ntm_xlsx_serial_date(2958465 - 1461, 1, &y, &m, &d), -1);
}

static void date_formats(void **state)
{
    (void)state;
    for (long id = 14; id <= 22; id++)
        assert_true(ntm_xlsx_format_is_date(id, NULL));
    for (long id = 45; id <= 47; id++)
        assert_true(ntm_xlsx_format_is_date(id, NULL));
    long plain[] = {0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 23, 37, 44, 48, 49};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        assert_false(ntm_xlsx_format_is_date(plain[i], NULL));
    assert_true(ntm_xlsx_format_is_date(164, "DD/MM/YYYY"));
    assert_true(ntm_xlsx_format_is_date(165, "[$-42A]dd/mm/yyyy"));
    assert_true(ntm_xlsx_format_is_date(166, "hh:mm"));
    assert_true(ntm_xlsx_format_is_date(167, "\"Ngày\" d"));
    assert_false(ntm_xlsx_format_is_date(168, "#,##0.00\" d\""));    /* d in quotes */
    assert_false(ntm_xlsx_format_is_date(169, "[Red]0.00;[Blue]0")); /* brackets */
    assert_false(ntm_xlsx_format_is_date(170, "0\\d"));              /* escaped */
    assert_false(ntm_xlsx_format_is_date(171, "0.00_m"));            /* a space as wide */
    assert_false(ntm_xlsx_format_is_date(172, "General"));
    assert_false(ntm_xlsx_format_is_date(173, "0%"));
}

static void cell_refs(void **state)
{
    (void)state;
    char buf[16];
    ntm_xlsx_cell_ref(7, 3, buf, sizeof buf);
    assert_string_equal(buf, "C7");
    ntm_xlsx_cell_ref(1, 26, buf, sizeof buf);
    assert_string_equal(buf, "Z1");
    ntm_xlsx_cell_ref(1, 27, buf, sizeof buf);
    assert_string_equal(buf, "AA1");
    ntm_xlsx_cell_ref(2, 52, buf, sizeof buf);
    assert_string_equal(buf, "AZ2");
    ntm_xlsx_cell_ref(1048576, 16384, buf, sizeof buf); /* Excel's last cell */
    assert_string_equal(buf, "XFD1048576");
}

static const ntm_xlsx_cell *find_cell(const ntm_xlsx_sheet *sh, long row, long col)
{
    for (size_t i = 0; i < sh->n_cells; i++)
        if (sh->cells[i].row == row && sh->cells[i].col == col)
            return &sh->cells[i];
    return NULL;
}

static void read_fixture(const char *name, ntm_xlsx *x)
{
    char path[4096];
    data_path(path, sizeof path, name);
    ntm_error err = {0};
    if (ntm_xlsx_read(path, x, &err) != NTM_OK)
        fail_msg("%s: %s", name, err.msg);
}

/* calc-1900.xlsx, as LibreOffice Calc writes: inline strings, a custom date format, a
 * merged title row, a formula with its saved value, empty trailing rows. */
static void calc_workbook(void **state)
{
    (void)state;
    ntm_xlsx x;
    read_fixture("calc-1900.xlsx", &x);
    assert_int_equal(x.n_sheets, 3);
    assert_false(x.date1904);
    assert_string_equal(x.sheets[0].name, "Đơn vị");
    assert_string_equal(x.sheets[1].name, "Quan sát");
    assert_string_equal(x.sheets[2].name, "Hướng dẫn");
    const ntm_xlsx_sheet *units = &x.sheets[0], *obs = &x.sheets[1];
    const ntm_xlsx_cell *c = find_cell(units, 1, 1); /* the merged title */
    assert_non_null(c);
    assert_int_equal(c->type, NTM_XLSX_TEXT);
    assert_null(find_cell(units, 1, 2)); /* covered by the merge: no value */
    c = find_cell(units, 3, 1);
    assert_non_null(c);
    assert_string_equal(c->text, "name");
    assert_int_equal(units->cells[units->n_cells - 1].row, 6); /* trailing rows are empty */
    c = find_cell(obs, 2, 4); /* 07/2023, a date serial with format DD/MM/YYYY */
    assert_non_null(c);
    assert_int_equal(c->type, NTM_XLSX_DATE);
    assert_string_equal(c->text, "2023-07-31");
    assert_float_equal(c->num, 45138, 0);
    size_t formulas = 0, numbers = 0;
    for (size_t i = 0; i < obs->n_cells; i++) {
        formulas += obs->cells[i].formula;
        numbers += obs->cells[i].type == NTM_XLSX_NUMBER;
        if (obs->cells[i].formula) {
            assert_int_equal(obs->cells[i].type, NTM_XLSX_NUMBER);
            assert_string_equal(obs->cells[i].text, "3.97");
        }
        if (obs->cells[i].type == NTM_XLSX_NUMBER && obs->cells[i].num == 1784)
            assert_string_equal(obs->cells[i].text, "1784");
    }
    assert_int_equal(formulas, 1);
    assert_true(numbers >= 10);
    ntm_xlsx_release(&x);
}

/* The same workbook in the 1904 date system gives the same cells. */
static void dates_1904_match_1900(void **state)
{
    (void)state;
    ntm_xlsx a, b;
    read_fixture("calc-1900.xlsx", &a);
    read_fixture("calc-1904.xlsx", &b);
    assert_true(b.date1904);
    assert_int_equal(a.n_sheets, b.n_sheets);
    size_t dates = 0;
    for (size_t s = 0; s < a.n_sheets; s++) {
        assert_int_equal(a.sheets[s].n_cells, b.sheets[s].n_cells);
        for (size_t i = 0; i < a.sheets[s].n_cells; i++) {
            const ntm_xlsx_cell *p = &a.sheets[s].cells[i], *q = &b.sheets[s].cells[i];
            assert_int_equal(p->type, q->type);
            assert_string_equal(p->text, q->text);
            if (p->type == NTM_XLSX_DATE) {
                assert_float_equal(p->num - q->num, 1462, 0);
                dates++;
            }
        }
    }
    assert_int_equal(dates, 24);
    ntm_xlsx_release(&a);
    ntm_xlsx_release(&b);
}

static void refused(const char *name, const char *words)
{
    char path[4096];
    data_path(path, sizeof path, name);
    ntm_xlsx x;
    ntm_error err = {0};
    assert_int_equal(ntm_xlsx_read(path, &x, &err), NTM_EINPUT);
    assert_int_equal(x.n_sheets, 0);
    if (!strstr(err.msg, words))
        fail_msg("%s: '%s' does not say '%s'", name, err.msg, words);
}

static void hostile_files(void **state)
{
    (void)state;
    refused("hostile/zip-bomb.xlsx", "zip bomb");
    refused("hostile/declared-1gb.xlsx", "would expand to 1024 MiB");
    refused("hostile/zip-bomb-lying.xlsx", "more than its ZIP entry declares");
    refused("hostile/billion-laughs.xlsx", "declares entities");
    refused("hostile/cell-10mb.xlsx", "a text of more than 10 MB");
    refused("hostile/cell-1mb-inline.xlsx", "cell H3: holds more than 128 KiB");
    refused("hostile/row-past-limit.xlsx", "row 1048577");
    refused("hostile/password.xlsx", "password-protected");
    refused("hostile/xls-renamed.xlsx", "Excel 97-2003");
    refused("hostile/not-a-zip.xlsx", "not a ZIP");
    /* A formula without a saved value is read, as such: the importer names the cell. */
    ntm_xlsx x;
    read_fixture("hostile/formula-no-value.xlsx", &x);
    const ntm_xlsx_cell *c = find_cell(&x.sheets[0], 3, 7);
    assert_non_null(c);
    assert_int_equal(c->type, NTM_XLSX_ERROR);
    assert_string_equal(c->text, "=SUM(G1:G2)*10");
    ntm_xlsx_release(&x);
}

/* Writes a workbook of one sheet holding XML (LEN bytes) into a temporary file PATH. */
static void write_workbook(char *path, const char *xml, size_t len)
{
    static const char wb[] =
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"Nhật ký\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    static const char rels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
        "2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/></Relationships>";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int zerr;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                           "xl/worksheets/sheet1.xml"};
    const char *data[] = {wb, rels, xml};
    size_t lens[] = {sizeof wb - 1, sizeof rels - 1, len};
    for (int i = 0; i < 3; i++) {
        zip_source_t *src = zip_source_buffer(z, data[i], lens[i], 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

/* A sheet of Excel's full 1.048.576 rows is read whole (one number a row). */
static void full_height_sheet(void **state)
{
    (void)state;
    size_t cap = (size_t)NTM_XLSX_MAX_ROWS * 64 + 256, n = 0; /* a row is at most 53 bytes */
    char *xml = malloc(cap);
    assert_non_null(xml);
    n += (size_t)snprintf(xml + n, cap - n,
                          "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
                          "2006/main\"><sheetData>");
    for (long r = 1; r <= NTM_XLSX_MAX_ROWS; r++)
        n += (size_t)snprintf(xml + n, cap - n, "<row r=\"%ld\"><c r=\"A%ld\"><v>%ld</v></c></row>",
                              r, r, r % 1000);
    n += (size_t)snprintf(xml + n, cap - n, "</sheetData></worksheet>");
    char path[] = "/tmp/ntm-xlsx-XXXXXX";
    write_workbook(path, xml, n);
    ntm_xlsx x;
    ntm_error err = {0};
    ntm_status rc = ntm_xlsx_read(path, &x, &err);
    unlink(path);
    free(xml);
    if (rc != NTM_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(x.n_sheets, 1);
    assert_int_equal(x.sheets[0].n_cells, NTM_XLSX_MAX_ROWS);
    const ntm_xlsx_cell *last = &x.sheets[0].cells[x.sheets[0].n_cells - 1];
    assert_int_equal(last->row, 1048576);
    assert_float_equal(last->num, 576, 0);
    assert_string_equal(last->text, "576");
    ntm_xlsx_release(&x);
}

/* Cells written out of order (the format allows it) come back in row, column order;
 * a cell without a reference follows the one before it. */
static void cells_in_order(void **state)
{
    (void)state;
    static const char xml[] =
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>b2</t></is></c></row>"
        "<row r=\"1\"><c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c><c><v>2</v></c>"
        "</row></sheetData></worksheet>";
    char path[] = "/tmp/ntm-xlsx-XXXXXX";
    write_workbook(path, xml, sizeof xml - 1);
    ntm_xlsx x;
    ntm_error err = {0};
    ntm_status rc = ntm_xlsx_read(path, &x, &err);
    unlink(path);
    if (rc != NTM_OK)
        fail_msg("%s", err.msg);
    const ntm_xlsx_sheet *sh = &x.sheets[0];
    assert_int_equal(sh->n_cells, 4);
    const char *want[] = {"1", "2", "3", "b2"};
    long rows[] = {1, 1, 1, 2}, cols[] = {1, 2, 3, 2};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(sh->cells[i].text, want[i]);
        assert_int_equal(sh->cells[i].row, rows[i]);
        assert_int_equal(sh->cells[i].col, cols[i]);
    }
    ntm_xlsx_release(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(serial_dates_1900), cmocka_unit_test(serial_dates_1904),
        cmocka_unit_test(date_formats),      cmocka_unit_test(cell_refs),
        cmocka_unit_test(calc_workbook),     cmocka_unit_test(dates_1904_match_1900),
        cmocka_unit_test(hostile_files),     cmocka_unit_test(full_height_sheet),
        cmocka_unit_test(cells_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
