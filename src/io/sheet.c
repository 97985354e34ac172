/* sheet.c: a CSV table with named columns (see sheet.h). */
#include "io/sheet.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/csv.h"
#include "io/text.h"

char *ntm_sheet_dup(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

void ntm_sheet_release(ntm_sheet *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_rows; i++) {
        for (size_t k = 0; k < s->n_cells[i]; k++)
            free(s->cells[i][k]);
        free(s->cells[i]);
    }
    free(s->cells);
    free(s->n_cells);
    free(s->line);
    free(s->pos);
    free(s->file);
    memset(s, 0, sizeof *s);
}

static int add_row(ntm_sheet *s, const ntm_csv_row *r)
{
    if (s->n_rows == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 32;
        char ***c = realloc(s->cells, cap * sizeof *c);
        if (!c)
            return -1;
        s->cells = c;
        size_t *nc = realloc(s->n_cells, cap * sizeof *nc);
        if (!nc)
            return -1;
        s->n_cells = nc;
        long *l = realloc(s->line, cap * sizeof *l);
        if (!l)
            return -1;
        s->line = l;
        s->cap = cap;
    }
    char **cells = calloc(r->n, sizeof *cells);
    if (!cells)
        return -1;
    for (size_t k = 0; k < r->n; k++)
        cells[k] = strdup(r->field[k]);
    s->cells[s->n_rows] = cells;
    s->n_cells[s->n_rows] = r->n;
    s->line[s->n_rows] = r->line;
    s->n_rows++;
    return 0;
}

static int known(const ntm_sheet_col *cols, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; cols[i].keys[k]; k++)
            if (strcmp(cols[i].keys[k], key) == 0)
                return (int)i;
    return -1;
}

/* Maps the header row to the columns; unknown, repeated and missing columns are errors. */
static void map_header(ntm_sheet *s, const ntm_csv_row *h, ntm_diag_list *d)
{
    for (size_t i = 0; i < s->n_cols; i++)
        s->pos[i] = -1;
    for (size_t k = 0; k < h->n; k++) {
        if (!*h->field[k])
            continue;
        char *key = ntm_text_key(h->field[k]);
        int c = key ? known(s->cols, s->n_cols, key) : -1;
        free(key);
        if (c < 0) {
            char list[400] = "";
            size_t len = 0;
            for (size_t j = 0; j < s->n_cols && len < sizeof list; j++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", j ? ", " : "",
                                        s->cols[j].name);
            ntm_diag_add(d, NTM_ERROR, s->file, h->line, (long)k + 1, h->field[k], "unknown-column",
                         _("unknown column '%s' (the columns are: %s)"), h->field[k], list);
        } else if (s->pos[c] >= 0) {
            ntm_diag_add(d, NTM_ERROR, s->file, h->line, (long)k + 1, h->field[k],
                         "duplicate-column",
                         _("column '%s' is given twice (columns %ld and %ld); keep one"),
                         s->cols[c].name, (long)s->pos[c] + 1, (long)k + 1);
        } else {
            s->pos[c] = (int)k;
        }
    }
    for (size_t i = 0; i < s->n_cols; i++)
        if (s->cols[i].required && s->pos[i] < 0)
            ntm_diag_add(d, NTM_ERROR, s->file, h->line, 0, s->cols[i].name, "missing-column",
                         _("the header has no '%s' column"), s->cols[i].name);
}

/* Checks a data row against the header: no field past it, no value under a nameless cell. */
static void check_row(const ntm_sheet *s, size_t n_header, const char *unnamed,
                      const ntm_csv_row *r, char sep, ntm_diag_list *d)
{
    size_t used = r->n;
    while (used > n_header && !*r->field[used - 1])
        used--;
    if (used > n_header)
        ntm_diag_add(d, NTM_ERROR, s->file, r->line, (long)n_header + 1, NULL, "extra-fields",
                     _("the row has %zu fields but the header has %zu; put text that "
                       "contains '%c' in double quotes"),
                     used, n_header, sep);
    for (size_t k = 0; k < n_header && k < r->n; k++)
        if (unnamed[k] && *r->field[k])
            ntm_diag_add(d, NTM_ERROR, s->file, r->line, (long)k + 1, NULL, "unnamed-column",
                         _("column %zu has a value but no name in the header (line %ld)"), k + 1,
                         s->header_line);
}

ntm_status ntm_sheet_read(const char *path, const ntm_sheet_col *cols, size_t n_cols,
                          ntm_sheet *out, ntm_diag_list *diags, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    ntm_csv *csv;
    ntm_status rc = ntm_csv_open(&csv, path, err);
    if (rc != NTM_OK)
        return rc;
    out->file = strdup(path);
    out->encoding = ntm_csv_encoding(csv);
    out->cols = cols;
    out->n_cols = n_cols;
    out->pos = calloc(n_cols, sizeof *out->pos);
    const ntm_csv_row *r;
    int got = ntm_csv_next(csv, &r, err);
    if (got <= 0 || !out->pos || !out->file) {
        ntm_csv_free(csv);
        ntm_sheet_release(out);
        if (got == 0)
            return ntm_error_set(err, NTM_EINPUT, _("%s: the file is empty"), path);
        return got < 0 && err ? err->status
                              : ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    out->header_line = r->line;
    map_header(out, r, diags);
    size_t n_header = r->n;
    char *unnamed = calloc(n_header, 1);
    for (size_t k = 0; unnamed && k < n_header; k++)
        unnamed[k] = !*r->field[k];
    char sep = ntm_csv_separator(csv);
    while (unnamed && (got = ntm_csv_next(csv, &r, err)) == 1) {
        check_row(out, n_header, unnamed, r, sep, diags);
        if (add_row(out, r) != 0) {
            got = -1;
            ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            break;
        }
    }
    if (!unnamed)
        got = -1, ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    free(unnamed);
    ntm_csv_free(csv);
    if (got < 0) {
        ntm_sheet_release(out);
        return err ? err->status : NTM_EINPUT;
    }
    return NTM_OK;
}

ntm_status ntm_sheet_probe(const char *path, const ntm_sheet_col *cols, size_t n_cols, int *found,
                           ntm_error *err)
{
    ntm_csv *csv;
    ntm_status rc = ntm_csv_open(&csv, path, err);
    if (rc != NTM_OK)
        return rc;
    for (size_t i = 0; i < n_cols; i++)
        found[i] = 0;
    const ntm_csv_row *r;
    if (ntm_csv_next(csv, &r, err) == 1)
        for (size_t i = 0; i < n_cols; i++)
            found[i] = ntm_csv_find_column(r, cols[i].keys) >= 0;
    ntm_csv_free(csv);
    return NTM_OK;
}

const char *ntm_sheet_cell(const ntm_sheet *s, size_t row, size_t col)
{
    int p = col < s->n_cols ? s->pos[col] : -1;
    return p >= 0 && (size_t)p < s->n_cells[row] ? s->cells[row][p] : "";
}

long ntm_sheet_column(const ntm_sheet *s, size_t col)
{
    return col < s->n_cols && s->pos[col] >= 0 ? s->pos[col] + 1 : 0;
}

/* The leading number of S ("1,8" of "1,8 km", "3" of "3/7"), in BUF. */
static void leading_number(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    while (*s && strchr("0123456789.,+-", *s) && n + 1 < size)
        buf[n++] = *s++;
    while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == ','))
        n--;
    buf[n] = '\0';
}

ntm_numstyle ntm_sheet_style(const ntm_sheet *s, const size_t *cols, size_t n, ntm_diag_list *d)
{
    long vi_line = 0, en_line = 0;
    size_t en_col = 0;
    for (size_t i = 0; i < s->n_rows; i++)
        for (size_t k = 0; k < n; k++) {
            char num[64];
            leading_number(ntm_sheet_cell(s, i, cols[k]), num, sizeof num);
            ntm_numstyle v = ntm_number_vote(num);
            if (v == NTM_NUM_VI && !vi_line)
                vi_line = s->line[i];
            if (v == NTM_NUM_EN && !en_line) {
                en_line = s->line[i];
                en_col = cols[k];
            }
        }
    if (vi_line && en_line)
        ntm_diag_add(d, NTM_ERROR, s->file, en_line, ntm_sheet_column(s, en_col),
                     s->cols[en_col].name, "mixed-number-styles",
                     _("numbers are written both the Vietnamese way (line %ld: decimal comma) "
                       "and the English way (here: decimal point); use one style in a file"),
                     vi_line);
    return en_line ? NTM_NUM_EN : NTM_NUM_VI;
}

static void add(const ntm_sheet *s, ntm_diag_list *d, ntm_severity sev, size_t row, size_t col,
                const char *code, const char *fmt, va_list ap)
{
    char msg[900];
    vsnprintf(msg, sizeof msg, fmt, ap);
    ntm_diag_add(d, sev, s->file, s->line[row], ntm_sheet_column(s, col),
                 col < s->n_cols ? s->cols[col].name : NULL, code, "%s", msg);
}

void ntm_sheet_error(const ntm_sheet *s, ntm_diag_list *d, size_t row, size_t col, const char *code,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(s, d, NTM_ERROR, row, col, code, fmt, ap);
    va_end(ap);
}

void ntm_sheet_warning(const ntm_sheet *s, ntm_diag_list *d, size_t row, size_t col,
                       const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(s, d, NTM_WARNING, row, col, code, fmt, ap);
    va_end(ap);
}
