/* records_xlsx.h: the sheets of a workbook as records for `ntmplan import FILE.xlsx`.
 *
 * A sheet is read when its name says what it holds ("Đơn vị"/"units", "Quan sát"/
 * "observations", marks and case folded) or when its header does; the header is the
 * first row, among a sheet's first NTM_XLSX_HEADER_ROWS rows with a value, that names a
 * kind's columns (a title row above it, merged or not, is passed over). Other sheets
 * (those named as `ntmplan template` names its guide, lists and criteria set, and any
 * whose header is neither kind) are skipped and named. Cells keep their type: a
 * number cell is its number, a date cell its date. A cell with an error value or a
 * formula without a saved value, in a sheet that is read, is an error naming the cell.
 * Every message names FILE.xlsx:Sheet:row:column and the cell ("ô C7"). */
#ifndef NTM_RECORDS_XLSX_H
#define NTM_RECORDS_XLSX_H

#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"
#include "io/number.h"
#include "io/records.h"

#define NTM_XLSX_HEADER_ROWS 10
/* Columns a data sheet may use (its tables have 10): a value further right is an error,
 * so that a stray cell in XFD does not lay every row out 16.384 columns wide. */
#define NTM_XLSX_IMPORT_COLS 64

/* Reads PATH's sheets into *RECS (N of them, units first; release each with
 * ntm_records_release and the array with free), the skipped sheets' names into
 * SKIPPED (", "-separated, at most SIZE bytes). Returns NTM_OK, or an error with ERR
 * set (DIAGS may hold the details; no records are returned then). */
ntm_status ntm_import_xlsx_read(const char *path, ntm_numstyle style, ntm_records **recs, size_t *n,
                                char *skipped, size_t size, ntm_diag_list *diags, ntm_error *err);

/* Appends the cell reference (" (ô C7)") to every message of DIAGS that has a row and a
 * column. */
void ntm_import_xlsx_cell_refs(ntm_diag_list *diags);

#endif
