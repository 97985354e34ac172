/* test_report.c: the meeting pack's writers: HTML escaping and page structure
 * (render/report_html.h) and the xlsx workbook (render/workbook.h), read back with
 * xlsx2csv (a reader that is not libxlsxwriter) and checked for reproducible bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "render/report_html.h"
#include "render/workbook.h"

/* ---- helpers ------------------------------------------------------------------------- */

/* Runs FN writing to a memory stream; returns the text (caller frees). */
static char *escaped(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    ntm_html_escape(f, s);
    fclose(f);
    return buf;
}

static char *read_cmd(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    pclose(p);
    return buf;
}

static char tmpdir[] = "/tmp/ntm_test_report_XXXXXX";

/* ---- escaping -------------------------------------------------------------------------- */

static void test_escape_markup(void **state)
{
    (void)state;
    char *s = escaped("<script>alert(1)</script>");
    assert_string_equal(s, "&lt;script&gt;alert(1)&lt;/script&gt;");
    free(s);
    s = escaped("a & b \"c\" 'd'");
    assert_string_equal(s, "a &amp; b &quot;c&quot; &#39;d&#39;");
    free(s);
    /* Vietnamese passes through untouched (NFC, 2- and 3-byte characters). */
    s = escaped("Cẩm Thành 12,21% ≤ 6,5%");
    assert_string_equal(s, "Cẩm Thành 12,21% ≤ 6,5%");
    free(s);
    s = escaped(NULL);
    assert_string_equal(s, "");
    free(s);
}

static void test_escape_bad_bytes(void **state)
{
    (void)state;
    /* A lone continuation byte, an overlong '<' (C0 BC), a surrogate (ED A0 80) and a cut
     * sequence become U+FFFD each byte; controls but tab and newline are dropped. */
    char *s = escaped("a\x80"
                      "b\xC0\xBC"
                      "c\xED\xA0\x80"
                      "d\x01\x1B\x7F\t\ne\xE1\xBA");
    assert_string_equal(s, "a\xEF\xBF\xBD"
                           "b\xEF\xBF\xBD\xEF\xBF\xBD"
                           "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                           "d\t\ne\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_null(strchr(s, '<'));
    free(s);
    /* C1 control U+0085 (C2 85) is dropped, U+00A0 kept. */
    s = escaped("x\xC2\x85y\xC2\xA0z");
    assert_string_equal(s, "xy\xC2\xA0z");
    free(s);
}

/* ---- the page ---------------------------------------------------------------------------- */

static void test_page_structure(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ntm_html h;
    ntm_html_begin(&h, f, NTM_LANG_VI, "Tài liệu <họp>", "Kịch bản \"A\"", NULL);
    ntm_html_section(&h, "status\"><script>", "1. Hiện trạng");
    ntm_html_keyfig k[] = {{"11/19", "tiêu chí đạt", "good"}, {NULL, "<b>", "evil\" onload=\"x"}};
    ntm_html_keyfigs(&h, k, 2);
    const char *hd[] = {"Mã", "Tên"};
    ntm_html_table_begin(&h, "Bảng", hd, 2, "lr");
    const char *row[] = {"11.1", "<img src=x onerror=alert(1)>"};
    const char *cl[] = {"bad", "x\" onclick=\"y"};
    ntm_html_row(&h, row, cl);
    const char *row2[] = {NULL, "12,21%"};
    ntm_html_row(&h, row2, NULL);
    ntm_html_section(&h, "next", "2. Xu hướng");
    ntm_html_figure(&h, "charts/a\".svg", "<alt>", "cap & tion");
    ntm_html_p(&h, "ghi chú", "note");
    ntm_html_p(&h, "x", "onload");
    const char *items[] = {"một", "<hai>"};
    ntm_html_list(&h, items, 2);
    assert_int_equal(ntm_html_end(&h, NULL), NTM_OK);
    fclose(f);

    assert_non_null(strstr(buf, "<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert_non_null(strstr(buf, "@page{size:A4 portrait"));
    assert_non_null(strstr(buf, "section+section{break-before:page"));
    assert_non_null(strstr(buf, "Content-Security-Policy"));
    assert_null(strstr(buf, "<script"));
    assert_null(strstr(buf, "<img src=x"));
    assert_null(strstr(buf, "http://"));
    assert_null(strstr(buf, "https://"));
    /* The id keeps letters only; unknown classes are dropped; a NULL cell is "—". */
    assert_non_null(strstr(buf, "<section id=\"statusscript\">"));
    assert_non_null(strstr(buf, "<td class=\"bad\">11.1</td>"));
    assert_non_null(strstr(buf, "<td class=\"r\">&lt;img src=x onerror=alert(1)&gt;</td>"));
    assert_non_null(strstr(buf, "<td>—</td>"));
    assert_non_null(
        strstr(buf, "<div class=\"keyfig\"><div class=\"v\">—</div><div class=\"l\">&lt;b&gt;"));
    assert_non_null(strstr(buf, "<img src=\"charts/a&quot;.svg\" alt=\"&lt;alt&gt;\">"));
    assert_non_null(strstr(buf, "<p>x</p>"));
    assert_non_null(strstr(buf, "<li>&lt;hai&gt;</li>"));
    /* Sections are closed: two opened, two closed, and the page ends. */
    size_t open = 0, close = 0;
    for (const char *p = buf; (p = strstr(p, "<section")); p++)
        open++;
    for (const char *p = buf; (p = strstr(p, "</section>")); p++)
        close++;
    assert_int_equal(open, 2);
    assert_int_equal(close, 2);
    assert_non_null(strstr(buf, "</table>\n</section>"));
    assert_non_null(strstr(buf, "</body>\n</html>\n"));
    free(buf);
}

static void test_page_write_error(void **state)
{
    (void)state;
    /* /dev/full accepts the open and fails the writes: the page reports NTM_EIO. */
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    ntm_html h;
    ntm_html_begin(&h, f, NTM_LANG_EN, "t", NULL, NULL);
    ntm_error err = {0};
    assert_int_equal(ntm_html_end(&h, &err), NTM_EIO);
    assert_non_null(strstr(err.msg, "cannot write"));
    fclose(f);
}

/* ---- the workbook ------------------------------------------------------------------------ */

/* 1700000000 s = 2023-11-14T22:13:20Z (date -u -d @1700000000). */
#define RUN_TIME 1700000000

static void write_book(const char *path)
{
    ntm_workbook *wb;
    ntm_error err = {0};
    assert_int_equal(ntm_workbook_new(&wb, path, "Bảng <họp>", "Kế hoạch", RUN_TIME, &err), NTM_OK);
    const ntm_wb_column cols[] = {{"Đơn vị", NTM_WB_TEXT},
                                  {"Xác suất", NTM_WB_PERCENT},
                                  {"Kinh phí (đồng)", NTM_WB_MONEY},
                                  {"Năm", NTM_WB_YEAR}};
    assert_int_equal(ntm_workbook_sheet(wb, "Tình trạng", cols, 4, &err), NTM_OK);
    ntm_wb_cell r1[] = {ntm_wb_text("<script>alert(1)</script>"), ntm_wb_num(0.3821),
                        ntm_wb_num(7e9), ntm_wb_num(2024)};
    ntm_wb_cell r2[] = {ntm_wb_text("=1+2"), ntm_wb_num(NAN), ntm_wb_num(INFINITY),
                        ntm_wb_num(2025)};
    ntm_wb_cell r3[] = {ntm_wb_text("Cẩm Thành & \"xã\"")};
    assert_int_equal(ntm_workbook_row(wb, r1, 4, &err), NTM_OK);
    assert_int_equal(ntm_workbook_row(wb, r2, 4, &err), NTM_OK);
    assert_int_equal(ntm_workbook_row(wb, r3, 1, &err), NTM_OK);
    const ntm_wb_column c2[] = {{"Mục", NTM_WB_TEXT}, {"Số", NTM_WB_INT}};
    assert_int_equal(ntm_workbook_sheet(wb, "Cách tính", c2, 2, &err), NTM_OK);
    ntm_wb_cell r4[] = {ntm_wb_text("hộ"), ntm_wb_num(1784)};
    assert_int_equal(ntm_workbook_row(wb, r4, 2, &err), NTM_OK);
    assert_int_equal(ntm_workbook_close(wb, &err), NTM_OK);
}

static void test_workbook_read_back(void **state)
{
    (void)state;
    char path[256], cmd[600];
    snprintf(path, sizeof path, "%s/a.xlsx", tmpdir);
    write_book(path);
    snprintf(cmd, sizeof cmd, "xlsx2csv -d tab -n 'Tình trạng' '%s' 2>&1", path);
    char *out = read_cmd(cmd);
    /* The header, the escaped-as-text name, the share (xlsx2csv shows the fraction),
     * the money and the year; NaN and Inf as "—"; a formula-looking text stays text;
     * quotes come back CSV-quoted. */
    assert_string_equal(out, "Đơn vị\tXác suất\tKinh phí (đồng)\tNăm\n"
                             "<script>alert(1)</script>\t0.382\t7000000000\t2024\n"
                             "=1+2\t—\t—\t2025\n"
                             "\"Cẩm Thành & \"\"xã\"\"\"\t\t\t\n");
    free(out);
    snprintf(cmd, sizeof cmd, "xlsx2csv -d tab -n 'Cách tính' '%s' 2>&1", path);
    out = read_cmd(cmd);
    assert_string_equal(out, "Mục\tSố\nhộ\t1784\n");
    free(out);
    /* The properties: created is the run's time, the author ntmplan, the title escaped. */
    snprintf(cmd, sizeof cmd, "unzip -p '%s' docProps/core.xml 2>&1", path);
    out = read_cmd(cmd);
    if (strstr(out, "not found") == NULL && strstr(out, "<?xml")) {
        assert_non_null(
            strstr(out, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2023-11-14T22:13:20Z"));
        assert_non_null(strstr(out, "<dc:creator>ntmplan</dc:creator>"));
        assert_non_null(strstr(out, "<dc:title>Bảng &lt;họp&gt;</dc:title>"));
    }
    free(out);
    /* The header row is frozen. */
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml 2>&1", path);
    out = read_cmd(cmd);
    if (strstr(out, "<?xml"))
        assert_non_null(strstr(
            out,
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    free(out);
}

static void test_workbook_same_bytes(void **state)
{
    (void)state;
    char a[256], b[256], cmd[600];
    snprintf(a, sizeof a, "%s/one.xlsx", tmpdir);
    snprintf(b, sizeof b, "%s/two.xlsx", tmpdir);
    write_book(a);
    sleep(1); /* a clock-stamped file would differ now */
    write_book(b);
    snprintf(cmd, sizeof cmd, "cmp '%s' '%s' && echo same", a, b);
    char *out = read_cmd(cmd);
    assert_string_equal(out, "same\n");
    free(out);
}

static void test_workbook_errors(void **state)
{
    (void)state;
    ntm_workbook *wb;
    ntm_error err = {0};
    char path[256];
    snprintf(path, sizeof path, "%s/e.xlsx", tmpdir);
    assert_int_equal(ntm_workbook_new(&wb, path, "t", NULL, RUN_TIME, &err), NTM_OK);
    ntm_wb_cell c[] = {ntm_wb_text("x"), ntm_wb_text("y")};
    /* A row before any sheet. */
    assert_int_equal(ntm_workbook_row(wb, c, 1, &err), NTM_EUSAGE);
    const ntm_wb_column cols[] = {{"A", NTM_WB_TEXT}};
    /* Bad sheet names: too long (32 characters), a forbidden character, a duplicate. */
    assert_int_equal(ntm_workbook_sheet(wb, "abcdefghijklmnopqrstuvwxyzabcdef", cols, 1, &err),
                     NTM_EINPUT);
    assert_int_equal(ntm_workbook_sheet(wb, "a[b]", cols, 1, &err), NTM_EINPUT);
    assert_int_equal(ntm_workbook_sheet(wb, "ok", cols, 0, &err), NTM_EINPUT);
    assert_int_equal(ntm_workbook_sheet(wb, "ok", cols, 1, &err), NTM_OK);
    assert_int_equal(ntm_workbook_sheet(wb, "ok", cols, 1, &err), NTM_EINPUT);
    /* More cells than columns. */
    assert_int_equal(ntm_workbook_row(wb, c, 2, &err), NTM_EUSAGE);
    assert_non_null(strstr(err.msg, "2 cells in a row of 1 columns"));
    ntm_workbook_free(wb);
    ntm_workbook_free(NULL);
    /* A folder that does not exist: the write fails on close. */
    assert_int_equal(ntm_workbook_new(&wb, "/nonexistent/dir/x.xlsx", "t", NULL, RUN_TIME, &err),
                     NTM_OK);
    assert_int_equal(ntm_workbook_sheet(wb, "s", cols, 1, &err), NTM_OK);
    assert_int_equal(ntm_workbook_close(wb, &err), NTM_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/dir/x.xlsx"));
}

static void test_parse_time(void **state)
{
    (void)state;
    time_t t;
    assert_int_equal(ntm_workbook_parse_time("2023-11-14T22:13:20Z", &t), 0);
    assert_int_equal((long long)t, 1700000000LL);
    assert_int_equal(ntm_workbook_parse_time("1970-01-01T00:00:00Z", &t), 0);
    assert_int_equal((long long)t, 0);
    /* 2024-02-29 (leap day): 1709164800 (date -u -d 2024-02-29 +%s). */
    assert_int_equal(ntm_workbook_parse_time("2024-02-29T00:00:00Z", &t), 0);
    assert_int_equal((long long)t, 1709164800LL);
    assert_int_equal(ntm_workbook_parse_time("2023-11-14 22:13:20", &t), -1);
    assert_int_equal(ntm_workbook_parse_time("2023-13-01T00:00:00Z", &t), -1);
    assert_int_equal(ntm_workbook_parse_time(NULL, &t), -1);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    /* Vietnamese texts come from the gettext catalog, as in the CLI. */
    ntm_cli_i18n_setup(ntm_cli_localedir());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_markup),      cmocka_unit_test(test_escape_bad_bytes),
        cmocka_unit_test(test_page_structure),     cmocka_unit_test(test_page_write_error),
        cmocka_unit_test(test_workbook_read_back), cmocka_unit_test(test_workbook_same_bytes),
        cmocka_unit_test(test_workbook_errors),    cmocka_unit_test(test_parse_time),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
