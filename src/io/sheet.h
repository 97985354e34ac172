/* sheet.h: a CSV table with named columns, the shared first step of the follow-up
 * readers (io/tasks.h, io/follow_records.h). The file is read whole through io/csv.h; the
 * header row names the columns (English or Vietnamese aliases, compared by match key,
 * io/text.h). Every named header cell must be one of the kind's columns, and only once;
 * a required column that is missing, a row longer than the header and a value under an
 * unnamed header cell are errors with file:line:column. */
#ifndef NTM_SHEET_H
#define NTM_SHEET_H

#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"
#include "io/number.h"

/* One column of a kind: its English name (for messages), its aliases as match keys,
 * and whether the header must have it. */
typedef struct ntm_sheet_col {
    const char *name;
    const char *const *keys;
    int required;
} ntm_sheet_col;

typedef struct ntm_sheet {
    char *file;
    const char *encoding;
    long header_line;
    const ntm_sheet_col *cols;
    size_t n_cols;
    int *pos; /* header position of each column, -1 when absent */
    char ***cells;
    size_t *n_cells;
    long *line;
    size_t n_rows, cap;
} ntm_sheet;

/* Reads PATH with the N_COLS columns COLS. Header problems go to DIAGS; returns NTM_OK
 * (also when DIAGS got errors: check diags->n_errors), or the status of a file that
 * cannot be read (ERR set). Release with ntm_sheet_release. */
ntm_status ntm_sheet_read(const char *path, const ntm_sheet_col *cols, size_t n_cols,
                          ntm_sheet *out, ntm_diag_list *diags, ntm_error *err);
void ntm_sheet_release(ntm_sheet *s);

/* The text of column COL in row ROW ("" when absent). */
const char *ntm_sheet_cell(const ntm_sheet *s, size_t row, size_t col);

/* The 1-based file column of COL (0 when absent), for messages. */
long ntm_sheet_column(const ntm_sheet *s, size_t col);

/* Reads the header of PATH only: *found[i] is 1 when column i of COLS is there. Returns
 * NTM_OK, or the status of a file that cannot be read. */
ntm_status ntm_sheet_probe(const char *path, const ntm_sheet_col *cols, size_t n_cols, int *found,
                           ntm_error *err);

/* One number style for the file from the leading number of every cell of the columns
 * COLS[0..N): NTM_NUM_VI unless an English-only form is seen; a file with both is an
 * error naming the English line. */
ntm_numstyle ntm_sheet_style(const ntm_sheet *s, const size_t *cols, size_t n, ntm_diag_list *d);

/* Adds an error about row ROW, column COL to D (field: the column's name). */
void ntm_sheet_error(const ntm_sheet *s, ntm_diag_list *d, size_t row, size_t col, const char *code,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void ntm_sheet_warning(const ntm_sheet *s, ntm_diag_list *d, size_t row, size_t col,
                       const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* A copy of S, or NULL when S is empty. */
char *ntm_sheet_dup(const char *s);

#endif
