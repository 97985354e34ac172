/* workbook.h: tables written as an Excel workbook (.xlsx) with libxlsxwriter, for the
 * meeting pack (DESIGN.md, "What users see").
 *
 * One sheet per table: a bold header row that stays frozen when scrolling, an autofilter,
 * number formats per column (0.0% for shares, #,##0 for money and counts) and column
 * widths that fit the longest entry. Excel shows the separators of the reader's locale,
 * so a Vietnamese Excel shows 1.784 and 12,2% from the same file.
 *
 * Reproducible bytes: the document's "created" time is the run's (never the clock), and
 * libxlsxwriter stamps every zip entry with the fixed DOS date 1980-01-01, so the same
 * tables give a byte-identical file. User text is written as text cells (a name starting
 * with "=" never becomes a formula); libxlsxwriter escapes it as XML. Non-finite numbers
 * are written as an empty cell with NTM_FMT_NONE, never as a number. Nothing here prints. */
#ifndef NTM_WORKBOOK_H
#define NTM_WORKBOOK_H

#include <stddef.h>
#include <time.h>

#include "core/error.h"

typedef struct ntm_workbook ntm_workbook; /* opaque */

/* How a column's numbers are shown. */
typedef enum ntm_wb_fmt {
    NTM_WB_TEXT = 0, /* text */
    NTM_WB_INT,      /* #,##0: counts, households */
    NTM_WB_DEC1,     /* #,##0.0: expected criteria met */
    NTM_WB_DEC2,     /* #,##0.00: values in an indicator's own unit */
    NTM_WB_PERCENT,  /* 0.0%: a share stored as a fraction (0.38 shows 38.0%) */
    NTM_WB_MONEY,    /* #,##0: đồng */
    NTM_WB_YEAR      /* 0: a year, no grouping */
} ntm_wb_fmt;

typedef struct ntm_wb_column {
    const char *header;
    ntm_wb_fmt fmt;
} ntm_wb_column;

/* One cell: TEXT when not NULL, else the number VALUE (non-finite: written as text
 * NTM_FMT_NONE). */
typedef struct ntm_wb_cell {
    const char *text;
    double value;
} ntm_wb_cell;

/* Text and number cell initialisers. */
static inline ntm_wb_cell ntm_wb_text(const char *s)
{
    ntm_wb_cell c = {s ? s : "", 0};
    return c;
}
static inline ntm_wb_cell ntm_wb_num(double v)
{
    ntm_wb_cell c = {NULL, v};
    return c;
}

/* Longest text written in one cell (Excel's limit is 32.767 characters); longer text is
 * cut at a character boundary and ends in "…". */
#define NTM_WB_MAX_TEXT 32000
/* Column widths are fitted to their content between these (Excel character units). */
#define NTM_WB_MIN_WIDTH 6.0
#define NTM_WB_MAX_WIDTH 60.0

/* Starts a workbook that will be written to PATH, with document properties TITLE,
 * SUBJECT (may be NULL), author "ntmplan" and CREATED (the run's time, UTC).
 * On success *out owns it: finish with ntm_workbook_close (which writes the file) or
 * drop it with ntm_workbook_free. Returns NTM_OK, NTM_EIO or NTM_ENOMEM. */
ntm_status ntm_workbook_new(ntm_workbook **out, const char *path, const char *title,
                            const char *subject, time_t created, ntm_error *err);

/* Adds a sheet NAME (at most 31 characters, none of []:*?/\) with the N column headers
 * of COLS (copied) and makes it the one rows are added to. Returns NTM_OK or NTM_EINPUT
 * (bad or duplicate name, N == 0). */
ntm_status ntm_workbook_sheet(ntm_workbook *wb, const char *name, const ntm_wb_column *cols,
                              size_t n, ntm_error *err);

/* Appends a row of N cells (N at most the sheet's columns) to the current sheet.
 * Returns NTM_OK, NTM_EUSAGE (no sheet, too many cells) or NTM_EIO. */
ntm_status ntm_workbook_row(ntm_workbook *wb, const ntm_wb_cell *cells, size_t n, ntm_error *err);

/* Writes the file and frees WB (whatever it returns). Returns NTM_OK or NTM_EIO with
 * libxlsxwriter's reason. */
ntm_status ntm_workbook_close(ntm_workbook *wb, ntm_error *err);

/* Frees WB without writing the file. NULL is fine. */
void ntm_workbook_free(ntm_workbook *wb);

/* "2023-11-14T22:13:20Z" -> seconds since the epoch (UTC). Returns 0, or -1 when ISO is
 * not in that form. */
int ntm_workbook_parse_time(const char *iso, time_t *out);

#endif
