/* records.h: the CSV files `ntmplan import` reads, turned into units and observations.
 *
 * Two kinds, recognised from the header row (or forced with NTM_RECORDS_UNITS / _OBS):
 *   units:        name, level, parent, class, flags, set, households, population, note
 *   observations: unit, criterion, indicator, date, value, numerator, denominator,
 *                 status, source, note
 * Headers may be written in English or Vietnamese, with or without marks and in any case
 * ("Đơn vị", "don vi", "unit"): see the alias tables in records.c. Every named header
 * cell must be a column of the file's kind, and only once: an unknown name is an error
 * (with "did you mean" when a known name is within 2 edits), so is a repeated column;
 * empty header cells are allowed (Excel's trailing separators) while no row has a value
 * under them. Numbers are read in one style for the whole file (io/number.h): forms
 * only one style can read decide; a file that mixes "12,5" and "12.5" is refused with
 * both lines named. Numerators and denominators are whole numbers (counts). A row that
 * repeats an earlier row's (unit, criterion, indicator, date, source) is an error naming
 * both lines when its value, counts or assessment differ, else a warning (the repeat is
 * dropped). Unit names that differ only in case, marks or spaces get a warning. Every
 * error names file:line:column and the field; nothing is returned unless the whole file
 * is good. */
#ifndef NTM_RECORDS_H
#define NTM_RECORDS_H

#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"
#include "io/number.h"
#include "model/unit.h"

typedef enum ntm_records_kind {
    NTM_RECORDS_AUTO,
    NTM_RECORDS_UNITS,
    NTM_RECORDS_OBSERVATIONS
} ntm_records_kind;

typedef struct ntm_records {
    ntm_records_kind kind;
    char *file;
    const char *encoding;  /* static: "UTF-8", "Windows-1258" ... */
    ntm_numstyle numstyle; /* the style the file was read in */
    ntm_unit *units;       /* kind == UNITS */
    long *unit_lines;
    size_t n_units;
    ntm_observation *obs; /* kind == OBSERVATIONS (file and line set) */
    size_t n_obs;
} ntm_records;

/* Reads PATH as KIND (AUTO: from the header) with numbers in STYLE (AUTO: chosen for
 * the file). Problems go to DIAGS (errors and warnings, with file:line:column:field);
 * returns NTM_OK when there is no error, NTM_EINPUT when DIAGS has errors, or the
 * status of a file that cannot be read at all (with ERR set). Release with
 * ntm_records_release. */
ntm_status ntm_records_read(const char *path, ntm_records_kind kind, ntm_numstyle style,
                            ntm_records *out, ntm_diag_list *diags, ntm_error *err);
void ntm_records_release(ntm_records *r);

/* A cell of a sheet (io/xlsx.h), for ntm_records_read_cells. */
typedef struct ntm_records_cell {
    long row, col;    /* 1-based */
    const char *text; /* as shown: a date as "2023-07-31", a number as "12.21" */
    double num;       /* a number cell's value, read as such (no number style); else NaN */
} ntm_records_cell;

/* Reads the N CELLS of a sheet (in row, then column order; the first row with a value
 * is the header) with the rules of ntm_records_read. NAME ("FILE.xlsx:Sheet") goes in
 * messages, with the row as the line and the column's number. Text is trimmed as CSV
 * fields are; a value right of the header's last name is an unnamed column. */
ntm_status ntm_records_read_cells(const char *name, const ntm_records_cell *cells, size_t n,
                                  ntm_records_kind kind, ntm_numstyle style, ntm_records *out,
                                  ntm_diag_list *diags, ntm_error *err);

/* The kind a header row of N FIELDS names (NTM_RECORDS_AUTO: neither). */
ntm_records_kind ntm_records_header_kind(char *const *fields, size_t n);

/* Parses an assessment: "đạt"/"dat"/"met"/"yes" -> MET, "chưa đạt"/"không đạt"/
 * "unmet"/"no" -> UNMET, "" -> NONE. Returns -1 for anything else. */
int ntm_assess_parse(const char *s, ntm_assess *out);

#endif
