/* records_xlsx.c: workbook sheets as records (see records_xlsx.h). */
#include "io/records_xlsx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/text.h"
#include "io/xlsx.h"

static const char *const UNIT_SHEETS[] = {"units", "don vi", "danh sach don vi", NULL};
static const char *const OBS_SHEETS[] = {"observations", "quan sat", "so lieu", NULL};
/* The sheets `ntmplan template` writes that are not data. */
static const char *const OTHER_SHEETS[] = {"huong dan",
                                           "guide",
                                           "danh muc",
                                           "lists",
                                           "bo tieu chi",
                                           "criteria set",
                                           "tep bo tieu chi",
                                           "criteria set file",
                                           "kich ban",
                                           "scenario",
                                           NULL};

static int key_in(const char *name, const char *const *keys)
{
    char *k = ntm_text_key(name);
    int found = 0;
    for (size_t i = 0; k && keys[i] && !found; i++)
        found = strcmp(k, keys[i]) == 0;
    free(k);
    return found;
}

/* The kind of the row whose cells are CELLS[first..last). */
static ntm_records_kind row_kind(const ntm_xlsx_cell *cells, size_t first, size_t last)
{
    long width = cells[last - 1].col;
    if (width > 64)
        return NTM_RECORDS_AUTO;
    char *fields[64];
    for (long k = 0; k < width; k++)
        fields[k] = "";
    for (size_t i = first; i < last; i++)
        if (cells[i].type == NTM_XLSX_TEXT)
            fields[cells[i].col - 1] = cells[i].text;
    return ntm_records_header_kind(fields, (size_t)width);
}

/* Finds the header row of SH: *START is the index of its first cell. Returns its kind
 * (by name when the name says, else by the header), or AUTO for a sheet to skip. */
static ntm_records_kind sheet_kind(const ntm_xlsx_sheet *sh, size_t *start)
{
    ntm_records_kind by_name = key_in(sh->name, UNIT_SHEETS)  ? NTM_RECORDS_UNITS
                               : key_in(sh->name, OBS_SHEETS) ? NTM_RECORDS_OBSERVATIONS
                                                              : NTM_RECORDS_AUTO;
    *start = 0;
    if (key_in(sh->name, OTHER_SHEETS))
        return NTM_RECORDS_AUTO;
    size_t first = 0;
    for (int rows = 0; first < sh->n_cells && rows < NTM_XLSX_HEADER_ROWS; rows++) {
        size_t last = first;
        while (last < sh->n_cells && sh->cells[last].row == sh->cells[first].row)
            last++;
        ntm_records_kind k = row_kind(sh->cells, first, last);
        if (k != NTM_RECORDS_AUTO && (by_name == NTM_RECORDS_AUTO || k == by_name)) {
            *start = first;
            return k;
        }
        first = last;
    }
    return by_name;
}

/* Appends the diagnostics of FROM to TO. */
static void append_diags(ntm_diag_list *to, const ntm_diag_list *from)
{
    for (size_t i = 0; i < from->n; i++) {
        const ntm_diag *g = &from->items[i];
        ntm_diag_add(to, g->severity, g->file, g->line, g->column, g->field, g->code, "%s", g->msg);
    }
}

/* Reads sheet SH of PATH (from cell START on) as KIND into *OUT. Cells the rows cannot
 * hold (errors, formulas without a value, far right) are reported after the rows' own
 * checks, which run only while there is no error. */
static ntm_status read_sheet(const char *path, ntm_xlsx_sheet *sh, size_t start,
                             ntm_records_kind kind, ntm_numstyle style, ntm_records *out,
                             ntm_diag_list *d, ntm_error *err)
{
    size_t n = sh->n_cells - start, before = d->n_errors;
    ntm_diag_list cd; /* the cells' own problems */
    ntm_diag_list_init(&cd);
    char name[600];
    snprintf(name, sizeof name, "%s:%s", path, sh->name);
    ntm_records_cell *cells = calloc(n ? n : 1, sizeof *cells);
    if (!cells)
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    ntm_diag_list *cells_d = &cd;
    size_t m = 0, far = 0;
    for (size_t i = 0; i < n; i++) {
        const ntm_xlsx_cell *c = &sh->cells[start + i];
        if (c->col > NTM_XLSX_IMPORT_COLS) { /* rows are laid out up to their last cell */
            if (!far++)
                ntm_diag_add(cells_d, NTM_ERROR, name, c->row, c->col, NULL, "unnamed-column",
                             _("a value far right of the table (past column %d); delete it"),
                             NTM_XLSX_IMPORT_COLS);
            continue;
        }
        ntm_records_cell *rcell = &cells[m++];
        *rcell =
            (ntm_records_cell){c->row, c->col, c->text, c->type == NTM_XLSX_NUMBER ? c->num : NAN};
        if (c->type != NTM_XLSX_ERROR)
            continue;
        rcell->text = "";
        if (c->formula && c->text[0] == '=')
            ntm_diag_add(cells_d, NTM_ERROR, name, c->row, c->col, NULL, "formula-no-value",
                         _("the formula %s has no saved value (the file was written by a "
                           "program that does not calculate); open the file in Excel or "
                           "LibreOffice Calc and save it again"),
                         c->text);
        else
            ntm_diag_add(cells_d, NTM_ERROR, name, c->row, c->col, NULL, "cell-error",
                         _("the cell holds the error %s; correct it in the workbook"), c->text);
    }
    ntm_status rc = ntm_records_read_cells(name, cells, m, kind, style, out, d, err);
    free(cells);
    append_diags(d, &cd);
    if (cd.n_errors > 0 && (rc == NTM_OK || rc == NTM_EINPUT)) {
        if (rc == NTM_OK)
            ntm_records_release(out);
        rc = ntm_error_set(err, NTM_EINPUT, _("%s: %zu error(s); nothing was imported"), name,
                           d->n_errors - before);
    }
    ntm_diag_list_release(&cd);
    return rc;
}

ntm_status ntm_import_xlsx_read(const char *path, ntm_numstyle style, ntm_records **recs, size_t *n,
                                char *skipped, size_t size, ntm_diag_list *diags, ntm_error *err)
{
    *recs = NULL;
    *n = 0;
    skipped[0] = '\0';
    ntm_xlsx x;
    ntm_status rc = ntm_xlsx_read(path, &x, err);
    if (rc != NTM_OK)
        return rc;
    ntm_records *out = calloc(x.n_sheets ? x.n_sheets : 1, sizeof *out);
    if (!out) {
        ntm_xlsx_release(&x);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    size_t got = 0, len = 0;
    /* Units first, so that observations find their units in the same transaction. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < x.n_sheets; i++) {
            ntm_xlsx_sheet *sh = &x.sheets[i];
            size_t start;
            ntm_records_kind k = sh->n_cells ? sheet_kind(sh, &start) : NTM_RECORDS_AUTO;
            if (k == NTM_RECORDS_AUTO && pass == 1 && len + 3 < size)
                len +=
                    (size_t)snprintf(skipped + len, size - len, "%s%s", len ? ", " : "", sh->name);
            if (k != (pass == 0 ? NTM_RECORDS_UNITS : NTM_RECORDS_OBSERVATIONS))
                continue;
            ntm_error e = {0};
            if (read_sheet(path, sh, start, k, style, &out[got], diags, &e) == NTM_OK)
                got++;
            else if (rc == NTM_OK)
                rc = ntm_error_set(err, e.status, "%s", e.msg);
        }
    ntm_xlsx_release(&x);
    if (rc == NTM_OK && got == 0)
        rc = ntm_error_set(err, NTM_EINPUT,
                           _("%s: no sheet holds units or observations (a sheet named 'Đơn vị' "
                             "or 'Quan sát', or with their header row)"),
                           path);
    if (rc == NTM_OK && diags->n_errors > 0)
        rc = ntm_error_set(err, NTM_EINPUT, _("%s: %zu error(s); nothing was imported"), path,
                           diags->n_errors);
    if (rc != NTM_OK) {
        for (size_t i = 0; i < got; i++)
            ntm_records_release(&out[i]);
        free(out);
        return rc;
    }
    *recs = out;
    *n = got;
    return NTM_OK;
}

void ntm_import_xlsx_cell_refs(ntm_diag_list *diags)
{
    for (size_t i = 0; i < diags->n; i++) {
        ntm_diag *g = &diags->items[i];
        if (g->line <= 0 || g->column <= 0 || !g->msg)
            continue;
        char ref[16], tail[48];
        ntm_xlsx_cell_ref(g->line, g->column, ref, sizeof ref);
        snprintf(tail, sizeof tail, _(" (cell %s)"), ref);
        size_t len = strlen(g->msg), add = strlen(tail);
        char *m = realloc(g->msg, len + add + 1);
        if (!m)
            continue;
        memcpy(m + len, tail, add + 1);
        g->msg = m;
    }
}
