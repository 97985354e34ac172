/* xlsx.h: reading the cells of an Excel workbook (.xlsx, Office Open XML).
 *
 * The ZIP container is read with libzip and the XML parts with libxml2's streaming
 * reader (no network, no entity substitution, no DTD: a part with a document type
 * declaration is refused, which also refuses "billion laughs" entity expansion). What is
 * read: xl/workbook.xml (sheet names and order, the 1904 date system), the workbook's
 * relationships (where each sheet is), xl/sharedStrings.xml, xl/styles.xml (which number
 * formats are dates) and every worksheet's cells. Cells come typed:
 *   t="s" (shared string), t="inlineStr", t="str" (a formula's text)  -> TEXT
 *   t="n" or none: a number; with a date number format                  -> NUMBER / DATE
 *   t="b" -> BOOL ("TRUE"/"FALSE"), t="d" (an ISO date)                -> DATE
 *   t="e" (#DIV/0! ...) and a formula without a saved value            -> ERROR
 * A formula cell is its saved (cached) value. Cells without a value are left out, so are
 * rows without cells (Excel's empty trailing rows). A date format is one of the built-in
 * formats 14-22 and 45-47, or a custom format with d, m, y, h or s outside quotes and
 * brackets. Merged cells keep their value in the top-left cell only.
 *
 * Refused, with a message naming the file (and the part or the cell):
 *   an OLE2 container: a password-protected workbook ("tệp có mật khẩu") or an Excel
 *   97-2003 .xls (with how to save it as .xlsx); not a ZIP; no xl/workbook.xml;
 *   a part whose uncompressed size is over NTM_XLSX_MAX_PART, or that expands more than
 *   NTM_XLSX_MAX_RATIO times (a zip bomb), checked against the sizes the ZIP declares
 *   before reading and counted again while reading (a part that expands to more than
 *   its entry declares is refused there); more than NTM_XLSX_MAX_TOTAL bytes
 *   read in all; a cell over NTM_XLSX_MAX_CELL bytes; more than NTM_XLSX_MAX_CELLS cells;
 *   a row past NTM_XLSX_MAX_ROWS (Excel's own limit); malformed XML. */
#ifndef NTM_XLSX_H
#define NTM_XLSX_H

#include <stddef.h>

#include "core/error.h"

#define NTM_XLSX_MAX_PART ((size_t)256 * 1024 * 1024)  /* one part, uncompressed */
#define NTM_XLSX_MAX_TOTAL ((size_t)512 * 1024 * 1024) /* all parts read */
#define NTM_XLSX_MAX_RATIO 200         /* uncompressed / compressed, for parts over 16 MiB */
#define NTM_XLSX_MAX_CELL (128 * 1024) /* bytes of one cell (Excel: 32.767 characters) */
#define NTM_XLSX_MAX_CELLS 4000000L    /* cells with a value, all sheets */
#define NTM_XLSX_MAX_ROWS 1048576L     /* Excel's last row */

typedef enum ntm_xlsx_type {
    NTM_XLSX_TEXT,
    NTM_XLSX_NUMBER,
    NTM_XLSX_DATE, /* text is "YYYY-MM-DD", num the serial day */
    NTM_XLSX_BOOL,
    NTM_XLSX_ERROR /* text is the error ("#DIV/0!") or the formula without a value */
} ntm_xlsx_type;

typedef struct ntm_xlsx_cell {
    long row, col; /* 1-based: C7 is row 7, column 3 */
    ntm_xlsx_type type;
    char *text;  /* never NULL; numbers in the shortest form that reads back ("12.21") */
    double num;  /* NUMBER, DATE (serial), BOOL (0/1); NaN otherwise */
    int formula; /* 1 when the cell holds a formula */
} ntm_xlsx_cell;

typedef struct ntm_xlsx_sheet {
    char *name;
    ntm_xlsx_cell *cells; /* in row, then column order */
    size_t n_cells;
} ntm_xlsx_sheet;

typedef struct ntm_xlsx {
    int date1904;           /* the workbook counts days from 1904-01-01 */
    ntm_xlsx_sheet *sheets; /* in the workbook's order */
    size_t n_sheets;
} ntm_xlsx;

/* Reads every sheet of PATH. Returns NTM_OK and fills *OUT (release with
 * ntm_xlsx_release); NTM_EIO when the file cannot be opened; NTM_EINPUT for a file that
 * is refused (see above); NTM_ENOMEM. On failure *OUT is empty and ERR has the message. */
ntm_status ntm_xlsx_read(const char *path, ntm_xlsx *out, ntm_error *err);
void ntm_xlsx_release(ntm_xlsx *x);

/* 1 when the first bytes of PATH are an OLE2 (CFB) or ZIP signature, else 0. */
int ntm_xlsx_is_workbook(const char *path);

/* The calendar date of Excel serial day SERIAL (the fraction, a time of day, is
 * dropped). 1900 system: 1 is 1900-01-01 and 60 the 1900-02-29 Excel counts (Lotus's
 * leap-year slip), which is returned as such; 61 is 1900-03-01. 1904 system: 0 is
 * 1904-01-01. Returns 0, or -1 for a serial before the first day or after 9999-12-31. */
int ntm_xlsx_serial_date(double serial, int date1904, int *year, int *month, int *day);

/* 1 when number format ID (with its code CODE for custom formats, may be NULL) shows a
 * date or time. */
int ntm_xlsx_format_is_date(long id, const char *code);

/* The reference of ROW, COL ("C7") into BUF (at least 16 bytes). */
void ntm_xlsx_cell_ref(long row, long col, char *buf, size_t size);

#endif
