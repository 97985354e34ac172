/* workbook.c: tables as an .xlsx workbook (see workbook.h). */
#include "render/workbook.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/numfmt.h"

#define MAX_COLS 64
/* Header cells are bold: a little wider per character. */
#define HEADER_WIDTH_FACTOR 1.1
/* Room for the autofilter's drop-down button beside a header. */
#define FILTER_BUTTON_WIDTH 2.5

struct ntm_workbook {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *header, *text, *fmt[NTM_WB_YEAR + 1];
    ntm_wb_fmt col_fmt[MAX_COLS];
    double width[MAX_COLS];
    size_t n_cols;
    lxw_row_t row; /* next row to write */
    char *title, *subject;
    lxw_doc_properties props;
};

/* Characters (code points) in S: its width in Excel's units, near enough for NFC text. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

static void widen(ntm_workbook *wb, size_t col, double w)
{
    if (w > wb->width[col])
        wb->width[col] = w;
}

/* Fits the current sheet's columns to what was written, and its filter to the rows. */
static void finish_sheet(ntm_workbook *wb)
{
    if (!wb->ws)
        return;
    for (size_t c = 0; c < wb->n_cols; c++) {
        double w = wb->width[c] + 1;
        w = w < NTM_WB_MIN_WIDTH ? NTM_WB_MIN_WIDTH : w > NTM_WB_MAX_WIDTH ? NTM_WB_MAX_WIDTH : w;
        worksheet_set_column(wb->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
    worksheet_autofilter(wb->ws, 0, 0, wb->row > 1 ? wb->row - 1 : 1, (lxw_col_t)(wb->n_cols - 1));
    wb->ws = NULL;
}

static char *dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

ntm_status ntm_workbook_new(ntm_workbook **out, const char *path, const char *title,
                            const char *subject, time_t created, ntm_error *err)
{
    *out = NULL;
    ntm_workbook *wb = calloc(1, sizeof *wb);
    if (!wb)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    lxw_workbook_options opt = {
        .constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    wb->wb = workbook_new_opt(path, &opt);
    wb->title = dup(title);
    wb->subject = dup(subject);
    if (!wb->wb || (title && !wb->title) || (subject && !wb->subject)) {
        ntm_workbook_free(wb);
        return ntm_error_set(err, NTM_EIO, "cannot start workbook '%s'", path);
    }
    /* Document properties come from the run, never the clock: libxlsxwriter uses the
     * current time when `created` is 0, so a run time of 0 is moved to 1 s. */
    wb->props.title = wb->title;
    wb->props.subject = wb->subject;
    wb->props.author = "ntmplan";
    wb->props.comments = "ntmplan";
    wb->props.created = created ? created : 1;
    if (workbook_set_properties(wb->wb, &wb->props) != LXW_NO_ERROR) {
        ntm_workbook_free(wb);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    static const char *const numfmt[] = {NULL,   "#,##0", "#,##0.0", "#,##0.00",
                                         "0.0%", "#,##0", "0"};
    wb->header = workbook_add_format(wb->wb);
    wb->text = workbook_add_format(wb->wb);
    for (size_t i = 0; i <= NTM_WB_YEAR; i++)
        wb->fmt[i] = i == NTM_WB_TEXT ? wb->text : workbook_add_format(wb->wb);
    if (!wb->header || !wb->text) {
        ntm_workbook_free(wb);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    format_set_bold(wb->header);
    format_set_text_wrap(wb->header);
    format_set_align(wb->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(wb->header, 0xDCE6F1);
    format_set_bottom(wb->header, LXW_BORDER_THIN);
    format_set_text_wrap(wb->text);
    format_set_align(wb->text, LXW_ALIGN_VERTICAL_TOP);
    for (size_t i = 1; i <= NTM_WB_YEAR; i++) {
        if (!wb->fmt[i]) {
            ntm_workbook_free(wb);
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        }
        format_set_num_format(wb->fmt[i], numfmt[i]);
        format_set_align(wb->fmt[i], LXW_ALIGN_VERTICAL_TOP);
    }
    *out = wb;
    return NTM_OK;
}

ntm_status ntm_workbook_sheet(ntm_workbook *wb, const char *name, const ntm_wb_column *cols,
                              size_t n, ntm_error *err)
{
    if (n == 0 || n > MAX_COLS)
        return ntm_error_set(err, NTM_EINPUT, "sheet '%s': %zu columns (1 to %d)", name, n,
                             MAX_COLS);
    lxw_error e = workbook_validate_sheet_name(wb->wb, name);
    if (e != LXW_NO_ERROR)
        return ntm_error_set(err, NTM_EINPUT, "sheet '%s': %s", name, lxw_strerror(e));
    finish_sheet(wb);
    wb->ws = workbook_add_worksheet(wb->wb, name);
    if (!wb->ws)
        return ntm_error_set(err, NTM_EINPUT, "sheet '%s' cannot be added", name);
    wb->n_cols = n;
    wb->row = 1;
    for (size_t c = 0; c < n; c++) {
        const char *h = cols[c].header ? cols[c].header : "";
        wb->col_fmt[c] = cols[c].fmt;
        wb->width[c] = 0;
        /* A header wraps onto two lines rather than widen a column of short numbers. */
        double hw = (double)utf8_chars(h) * HEADER_WIDTH_FACTOR + FILTER_BUTTON_WIDTH;
        widen(wb, c, cols[c].fmt == NTM_WB_TEXT ? hw : hw / 2 + FILTER_BUTTON_WIDTH);
        if (worksheet_write_string(wb->ws, 0, (lxw_col_t)c, h, wb->header) != LXW_NO_ERROR)
            return ntm_error_set(err, NTM_EIO, "sheet '%s': cannot write header %zu", name, c + 1);
    }
    worksheet_freeze_panes(wb->ws, 1, 0);
    return NTM_OK;
}

/* S cut to NTM_WB_MAX_TEXT bytes at a character boundary, with "…", into *tmp (freed by
 * the caller) when it is longer. */
static const char *clip(const char *s, char **tmp)
{
    size_t len = strlen(s);
    *tmp = NULL;
    if (len <= NTM_WB_MAX_TEXT)
        return s;
    size_t cut = NTM_WB_MAX_TEXT;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    *tmp = malloc(cut + sizeof "…");
    if (!*tmp)
        return NULL;
    memcpy(*tmp, s, cut);
    memcpy(*tmp + cut, "…", sizeof "…");
    return *tmp;
}

/* Width of a number as shown with FMT: its digits, separators and sign. */
static double number_width(double v, ntm_wb_fmt fmt)
{
    char b[64];
    if (fmt == NTM_WB_PERCENT)
        return 7;
    int decimals = fmt == NTM_WB_DEC1 ? 1 : fmt == NTM_WB_DEC2 ? 2 : 0;
    ntm_fmt_number(b, sizeof b, v, decimals, NTM_LANG_EN);
    return (double)strlen(b) + 1;
}

ntm_status ntm_workbook_row(ntm_workbook *wb, const ntm_wb_cell *cells, size_t n, ntm_error *err)
{
    if (!wb->ws)
        return ntm_error_set(err, NTM_EUSAGE, "workbook: a row before any sheet");
    if (n > wb->n_cols)
        return ntm_error_set(err, NTM_EUSAGE, "workbook: %zu cells in a row of %zu columns", n,
                             wb->n_cols);
    for (size_t c = 0; c < n; c++) {
        lxw_error e;
        const ntm_wb_cell *cell = &cells[c];
        if (cell->text || !isfinite(cell->value)) {
            char *tmp;
            const char *s = clip(cell->text ? cell->text : NTM_FMT_NONE, &tmp);
            if (!s)
                return ntm_error_set(err, NTM_ENOMEM, "out of memory");
            /* Each line of a wrapped cell counts on its own for the width. */
            size_t longest = 0, line = 0;
            for (const char *p = s; *p; p++) {
                if (*p == '\n') {
                    line = 0;
                    continue;
                }
                line += ((unsigned char)*p & 0xC0) != 0x80;
                if (line > longest)
                    longest = line;
            }
            widen(wb, c, (double)longest);
            e = worksheet_write_string(wb->ws, wb->row, (lxw_col_t)c, s, wb->text);
            free(tmp);
        } else {
            widen(wb, c, number_width(cell->value, wb->col_fmt[c]));
            e = worksheet_write_number(wb->ws, wb->row, (lxw_col_t)c, cell->value,
                                       wb->fmt[wb->col_fmt[c]]);
        }
        if (e != LXW_NO_ERROR)
            return ntm_error_set(err, NTM_EIO, "workbook: row %u, column %zu: %s",
                                 (unsigned)wb->row + 1, c + 1, lxw_strerror(e));
    }
    wb->row++;
    return NTM_OK;
}

ntm_status ntm_workbook_close(ntm_workbook *wb, ntm_error *err)
{
    if (!wb)
        return NTM_OK;
    finish_sheet(wb);
    char *path = dup(wb->wb->filename);
    lxw_error e = workbook_close(wb->wb);
    wb->wb = NULL;
    ntm_workbook_free(wb);
    ntm_status rc = NTM_OK;
    if (e != LXW_NO_ERROR)
        rc = ntm_error_set(err, NTM_EIO, "cannot write '%s': %s", path ? path : "workbook",
                           lxw_strerror(e));
    free(path);
    return rc;
}

void ntm_workbook_free(ntm_workbook *wb)
{
    if (!wb)
        return;
    if (wb->wb)
        lxw_workbook_free(wb->wb);
    free(wb->title);
    free(wb->subject);
    free(wb);
}

int ntm_workbook_parse_time(const char *iso, time_t *out)
{
    int y, mo, d, h, mi, s;
    char z;
    if (!iso || strlen(iso) != 20 ||
        sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z' ||
        mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970)
        return -1;
    /* Days from the civil date (Howard Hinnant, "chrono-Compatible Low-Level Date
     * Algorithms", days_from_civil), so no timegm or TZ is needed. */
    long yy = y - (mo <= 2);
    long era = yy / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    *out = (time_t)(days * 86400L + h * 3600L + mi * 60L + s);
    return 0;
}
