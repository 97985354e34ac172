/* records.c: units and observations from CSV (see records.h). */
#include "io/records.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/csv.h"
#include "io/date.h"
#include "io/text.h"

/* Header aliases, compared by match key (case and marks folded). */
static const char *const K_NAME[] = {"name", "ten", "ten don vi", "don vi", NULL};
static const char *const K_LEVEL[] = {"level", "cap", "cap hanh chinh", NULL};
static const char *const K_PARENT[] = {"parent", "truc thuoc", "don vi cap tren", "cap tren", NULL};
static const char *const K_CLASS[] = {"class",   "region",    "group",     "vung", "nhom",
                                      "nhom xa", "vung/nhom", "vung nhom", NULL};
static const char *const K_FLAGS[] = {"flags", "dac diem", "dac thu", NULL};
static const char *const K_SET[] = {"set", "criteria set", "bo tieu chi", NULL};
static const char *const K_HH[] = {"households", "so ho", "ho", NULL};
static const char *const K_POP[] = {"population", "dan so", "so dan", NULL};
static const char *const K_NOTE[] = {"note", "ghi chu", NULL};
static const char *const K_UNIT[] = {"unit", "don vi", "ten don vi", "xa", NULL};
static const char *const K_CRIT[] = {"criterion", "tieu chi", NULL};
static const char *const K_IND[] = {"indicator", "chi tieu", "ma chi tieu", "code", NULL};
static const char *const K_DATE[] = {"date", "ngay", "thoi diem", "year", "nam", NULL};
static const char *const K_VALUE[] = {"value", "gia tri", "ty le", NULL};
static const char *const K_NUM[] = {"numerator", "tu so", "so dat", NULL};
static const char *const K_DEN[] = {"denominator", "mau so", "tong so", NULL};
static const char *const K_STATUS[] = {"status", "danh gia", "tinh trang", "ket qua", NULL};
static const char *const K_SOURCE[] = {"source", "nguon", NULL};

int ntm_assess_parse(const char *s, ntm_assess *out)
{
    if (!s || !*s) {
        *out = NTM_ASSESS_NONE;
        return 0;
    }
    char *k = ntm_text_key(s);
    if (!k)
        return -1;
    static const char *const met[] = {"dat", "met", "yes", "co", "x", NULL};
    static const char *const unmet[] = {"chua dat", "khong dat", "unmet", "not met", "no", NULL};
    int rc = -1;
    for (int i = 0; met[i]; i++)
        if (strcmp(k, met[i]) == 0) {
            *out = NTM_ASSESS_MET;
            rc = 0;
        }
    for (int i = 0; unmet[i]; i++)
        if (strcmp(k, unmet[i]) == 0) {
            *out = NTM_ASSESS_UNMET;
            rc = 0;
        }
    free(k);
    return rc;
}

/* The column positions of one file. */
typedef struct columns {
    int name, level, parent, klass, flags, set, hh, pop, note;
    int unit, crit, ind, date, value, num, den, status, source;
} columns;

/* The columns of each kind: the English name (used in messages), its aliases, its slot. */
typedef struct coldef {
    const char *name;
    const char *const *keys;
    size_t slot;
} coldef;

static const coldef UNIT_COLS[] = {
    {"name", K_NAME, offsetof(columns, name)},       {"level", K_LEVEL, offsetof(columns, level)},
    {"parent", K_PARENT, offsetof(columns, parent)}, {"class", K_CLASS, offsetof(columns, klass)},
    {"flags", K_FLAGS, offsetof(columns, flags)},    {"set", K_SET, offsetof(columns, set)},
    {"households", K_HH, offsetof(columns, hh)},     {"population", K_POP, offsetof(columns, pop)},
    {"note", K_NOTE, offsetof(columns, note)},
};
static const coldef OBS_COLS[] = {
    {"unit", K_UNIT, offsetof(columns, unit)},
    {"criterion", K_CRIT, offsetof(columns, crit)},
    {"indicator", K_IND, offsetof(columns, ind)},
    {"date", K_DATE, offsetof(columns, date)},
    {"value", K_VALUE, offsetof(columns, value)},
    {"numerator", K_NUM, offsetof(columns, num)},
    {"denominator", K_DEN, offsetof(columns, den)},
    {"status", K_STATUS, offsetof(columns, status)},
    {"source", K_SOURCE, offsetof(columns, source)},
    {"note", K_NOTE, offsetof(columns, note)},
};
#define N_UNIT_COLS (sizeof UNIT_COLS / sizeof UNIT_COLS[0])
#define N_OBS_COLS (sizeof OBS_COLS / sizeof OBS_COLS[0])

/* An unknown header name this close (in edits of its match key) to a known one gets a
 * "did you mean" (one or two typing slips: "indicatr", "denominater"). */
#define SUGGEST_MAX_EDITS 2
#define EDIT_MAX_LEN 64

static int *slot_of(columns *c, size_t off)
{
    return (int *)(void *)((char *)c + off);
}

static void find_columns(const ntm_csv_row *h, columns *c)
{
    for (size_t i = 0; i < N_UNIT_COLS; i++)
        *slot_of(c, UNIT_COLS[i].slot) = ntm_csv_find_column(h, UNIT_COLS[i].keys);
    for (size_t i = 0; i < N_OBS_COLS; i++)
        *slot_of(c, OBS_COLS[i].slot) = ntm_csv_find_column(h, OBS_COLS[i].keys);
}

/* Levenshtein distance between A and B (bytes), or a large number when either is longer
 * than EDIT_MAX_LEN (a header that long is no slip of the keyboard). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > EDIT_MAX_LEN || nb > EDIT_MAX_LEN)
        return (size_t)-1;
    size_t row[EDIT_MAX_LEN + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Index in DEFS of the column whose aliases include the match key KEY, or -1. */
static int known_column(const coldef *defs, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; defs[i].keys[k]; k++)
            if (strcmp(defs[i].keys[k], key) == 0) /* the tables are written as keys */
                return (int)i;
    return -1;
}

/* Every named header field must be a column of KIND, and only once. Empty header cells
 * are allowed (Excel's trailing separators); a value under one is refused later. */
static void check_header(const ntm_csv_row *h, ntm_records_kind kind, const char *file,
                         ntm_diag_list *d)
{
    const coldef *defs = kind == NTM_RECORDS_UNITS ? UNIT_COLS : OBS_COLS;
    size_t ndefs = kind == NTM_RECORDS_UNITS ? N_UNIT_COLS : N_OBS_COLS;
    const coldef *other = kind == NTM_RECORDS_UNITS ? OBS_COLS : UNIT_COLS;
    size_t nother = kind == NTM_RECORDS_UNITS ? N_OBS_COLS : N_UNIT_COLS;
    long seen[N_OBS_COLS > N_UNIT_COLS ? N_OBS_COLS : N_UNIT_COLS] = {0};
    for (size_t i = 0; i < h->n; i++) {
        const char *text = h->field[i];
        if (!*text)
            continue;
        long col = (long)i + 1;
        char *key = ntm_text_key(text);
        int k = key ? known_column(defs, ndefs, key) : -1;
        if (k >= 0) {
            if (seen[k])
                ntm_diag_add(d, NTM_ERROR, file, h->line, col, text, "duplicate-column",
                             _("column '%s' is given twice (columns %ld and %ld); keep one"),
                             defs[k].name, seen[k], col);
            else
                seen[k] = col;
        } else if (key && known_column(other, nother, key) >= 0) {
            ntm_diag_add(d, NTM_ERROR, file, h->line, col, text, "unknown-column",
                         kind == NTM_RECORDS_UNITS
                             ? _("'%s' is a column of observation files, not of unit files")
                             : _("'%s' is a column of unit files, not of observation files"),
                         text);
        } else {
            const char *near = NULL;
            size_t best = SUGGEST_MAX_EDITS + 1;
            for (size_t j = 0; key && j < ndefs; j++)
                for (size_t a = 0; defs[j].keys[a]; a++) {
                    size_t e = edit_distance(key, defs[j].keys[a]);
                    if (e < best) {
                        best = e;
                        near = defs[j].keys[a];
                    }
                }
            if (near) {
                ntm_diag_add(d, NTM_ERROR, file, h->line, col, text, "unknown-column",
                             _("unknown column '%s'; did you mean '%s'?"), text, near);
            } else {
                char list[256] = "";
                size_t len = 0;
                for (size_t j = 0; j < ndefs && len < sizeof list; j++)
                    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", j ? ", " : "",
                                            defs[j].name);
                ntm_diag_add(d, NTM_ERROR, file, h->line, col, text, "unknown-column",
                             _("unknown column '%s' (the columns are: %s)"), text, list);
            }
        }
        free(key);
    }
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

/* All rows of the file after the header, copied (the reader reuses its buffers). */
typedef struct rows {
    char ***cells;
    size_t *ncells;
    long *line;
    double **num; /* a sheet's number cells (NaN: text), or NULL rows for CSV */
    size_t n, cap;
} rows;

static void rows_free(rows *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        for (size_t k = 0; k < rs->ncells[i]; k++)
            free(rs->cells[i][k]);
        free(rs->cells[i]);
        free(rs->num ? rs->num[i] : NULL);
    }
    free(rs->num);
    free(rs->cells);
    free(rs->ncells);
    free(rs->line);
}

static int rows_add(rows *rs, const ntm_csv_row *r, const double *nums)
{
    if (rs->n == rs->cap) {
        double **nm = realloc(rs->num, (rs->cap ? rs->cap * 2 : 64) * sizeof *nm);
        if (!nm)
            return -1;
        rs->num = nm;
        size_t cap = rs->cap ? rs->cap * 2 : 64;
        char ***c = realloc(rs->cells, cap * sizeof *c);
        if (!c)
            return -1;
        rs->cells = c;
        size_t *nc = realloc(rs->ncells, cap * sizeof *nc);
        if (!nc)
            return -1;
        rs->ncells = nc;
        long *l = realloc(rs->line, cap * sizeof *l);
        if (!l)
            return -1;
        rs->line = l;
        rs->cap = cap;
    }
    char **cells = calloc(r->n, sizeof *cells);
    if (!cells)
        return -1;
    for (size_t k = 0; k < r->n; k++)
        if (!(cells[k] = strdup(r->field[k]))) {
            for (size_t j = 0; j < k; j++)
                free(cells[j]);
            free(cells);
            return -1;
        }
    rs->num[rs->n] = NULL;
    if (nums && r->n && !(rs->num[rs->n] = malloc(r->n * sizeof *nums))) {
        for (size_t j = 0; j < r->n; j++)
            free(cells[j]);
        free(cells);
        return -1;
    }
    if (nums && r->n)
        memcpy(rs->num[rs->n], nums, r->n * sizeof *nums);
    rs->cells[rs->n] = cells;
    rs->ncells[rs->n] = r->n;
    rs->line[rs->n] = r->line;
    rs->n++;
    return 0;
}

static const char *cell(const rows *rs, size_t i, int col)
{
    return col >= 0 && (size_t)col < rs->ncells[i] ? rs->cells[i][col] : "";
}

/* The value of a sheet's number cell, else NaN (text, or a CSV file). */
static double typed_number(const rows *rs, size_t i, int col)
{
    if (col < 0 || (size_t)col >= rs->ncells[i] || !rs->num || !rs->num[i])
        return NAN;
    return rs->num[i][col];
}

/* Chooses one number style for the file from the numeric columns COLS. */
static ntm_status choose_style(const rows *rs, const int *cols, const char *const *names,
                               size_t ncols, const char *file, ntm_numstyle *style,
                               ntm_diag_list *d)
{
    long vi_line = 0, en_line = 0;
    int vi_col = 0, en_col = 0;
    const char *en_name = NULL;
    for (size_t i = 0; i < rs->n; i++)
        for (size_t k = 0; k < ncols; k++) {
            if (!isnan(typed_number(rs, i, cols[k])))
                continue; /* a number cell has no style */
            ntm_numstyle v = ntm_number_vote(cell(rs, i, cols[k]));
            if (v == NTM_NUM_VI && !vi_line) {
                vi_line = rs->line[i];
                vi_col = cols[k] + 1;
            }
            if (v == NTM_NUM_EN && !en_line) {
                en_line = rs->line[i];
                en_col = cols[k] + 1;
                en_name = names[k];
            }
        }
    if (vi_line && en_line) {
        ntm_diag_add(d, NTM_ERROR, file, en_line, en_col, en_name, "mixed-number-styles",
                     _("numbers are written both the Vietnamese way (line %ld: decimal comma) "
                       "and the English way (here: decimal point); use one style in a file"),
                     vi_line);
        (void)vi_col;
        return NTM_EINPUT;
    }
    *style = en_line ? NTM_NUM_EN : NTM_NUM_VI;
    return NTM_OK;
}

/* Reads a number cell; empty gives NaN. Errors go to D. Returns 0 ok, -1 bad. */
static int number_cell(const rows *rs, size_t i, int col, const char *name, ntm_numstyle style,
                       const char *file, double *out, ntm_diag_list *d)
{
    const char *s = cell(rs, i, col);
    *out = NAN;
    if (!isnan(typed_number(rs, i, col))) {
        *out = typed_number(rs, i, col);
        return 0;
    }
    if (!*s)
        return 0;
    const char *why;
    if (ntm_parse_double(s, style, out, &why) != NTM_OK) {
        /* "1e400" reads in English style as a number no double can hold: say so rather
         * than what the file's style makes of the exponent. */
        const char *why_en = NULL;
        double v;
        if (ntm_parse_double(s, NTM_NUM_EN, &v, &why_en) != NTM_OK && why_en &&
            strcmp(why_en, _("number out of range")) == 0 && strpbrk(s, "eE"))
            ntm_diag_add(d, NTM_ERROR, file, rs->line[i], col + 1, name, "bad-number",
                         _("'%s' is too large (or too small) to be stored as a number"), s);
        else
            ntm_diag_add(d, NTM_ERROR, file, rs->line[i], col + 1, name, "bad-number",
                         _("'%s' is not a number: %s"), s, why);
        *out = NAN;
        return -1;
    }
    return 0;
}

static int cmp_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* A cell that clears a stored value on re-import (an empty cell leaves it alone). */
#define CLEAR_MARK "-"

/* An optional text cell of a unit: "" (or no such column) sets BIT in *keep, so the
 * stored value stays; CLEAR_MARK gives NULL (cleared); anything else a copy. */
static char *optional_text(const rows *rs, size_t i, int col, unsigned bit, unsigned *keep)
{
    const char *v = cell(rs, i, col);
    if (!*v) {
        *keep |= bit;
        return NULL;
    }
    return strcmp(v, CLEAR_MARK) == 0 ? NULL : strdup(v);
}

/* An optional count of a unit, as optional_text; a bad number is an error. */
static int optional_count(const rows *rs, size_t i, int col, const char *name, unsigned bit,
                          ntm_numstyle style, const char *file, double *out, unsigned *keep,
                          const char *range_msg, ntm_diag_list *d)
{
    const char *v = cell(rs, i, col);
    *out = NAN;
    if (!*v) {
        *keep |= bit;
        return 0;
    }
    if (strcmp(v, CLEAR_MARK) == 0)
        return 0;
    if (number_cell(rs, i, col, name, style, file, out, d) != 0)
        return -1;
    if (isfinite(*out) && (*out < 0 || *out != floor(*out))) {
        ntm_diag_add(d, NTM_ERROR, file, rs->line[i], col + 1, name, "range", "%s", range_msg);
        return -1;
    }
    return 0;
}

/* The levels a unit may have, by match key, and the name stored. */
static const char *unit_level(const char *text)
{
    static const struct {
        const char *key, *level;
    } levels[] = {{"province", "province"}, {"tinh", "province"},   {"district", "district"},
                  {"huyen", "district"},    {"quan", "district"},   {"thi xa", "district"},
                  {"commune", "commune"},   {"xa", "commune"},      {"phuong", "commune"},
                  {"thi tran", "commune"},  {"village", "village"}, {"thon", "village"},
                  {"ban", "village"},       {"ap", "village"},      {"to dan pho", "village"}};
    char *k = ntm_text_key(text);
    const char *found = NULL;
    for (size_t i = 0; k && i < sizeof levels / sizeof levels[0] && !found; i++)
        if (strcmp(k, levels[i].key) == 0)
            found = levels[i].level;
    free(k);
    return found;
}

/* Refuses a name that lies about itself (control and bidirectional characters) and
 * warns on one that may (invisible, confusable). Returns -1 when refused. */
static int check_name(const char *name, const char *file, long line, int col, const char *field,
                      ntm_diag_list *d)
{
    long cp = 0;
    switch (ntm_text_name_check(name, &cp)) {
    case NTM_NAME_CONTROL:
        ntm_diag_add(d, NTM_ERROR, file, line, col, field, "control-character",
                     _("the name holds the control character U+%04lX (a line break, escape or "
                       "bell); names cannot hold control characters"),
                     cp);
        return -1;
    case NTM_NAME_BIDI:
        ntm_diag_add(d, NTM_ERROR, file, line, col, field, "bidi-character",
                     _("the name holds the text-direction character U+%04lX, which makes it "
                       "show differently from what it is; remove it"),
                     cp);
        return -1;
    case NTM_NAME_INVISIBLE:
        ntm_diag_add(d, NTM_WARNING, file, line, col, field, "invisible-character",
                     _("'%s' holds the invisible character U+%04lX: it looks like a name "
                       "without it but is another name"),
                     name, cp);
        return 0;
    case NTM_NAME_CONFUSABLE:
        ntm_diag_add(d, NTM_WARNING, file, line, col, field, "confusable-name",
                     _("'%s' mixes letters of different scripts that look alike (such as a "
                       "Cyrillic 'а' for a Latin 'a')"),
                     name);
        return 0;
    case NTM_NAME_OK: break;
    }
    return 0;
}

/* One row of a units file into U (its optional fields as optional_text says). Returns
 * -1 (with a diagnostic) when the row is refused. */
static int read_unit_row(const rows *rs, size_t i, const columns *c, ntm_numstyle style,
                         const char *f, ntm_unit *u, ntm_diag_list *d)
{
    const char *name = cell(rs, i, c->name), *level = cell(rs, i, c->level);
    long line = rs->line[i];
    if (!*name) {
        ntm_diag_add(d, NTM_ERROR, f, line, c->name + 1, "name", "missing",
                     _("a unit needs a name"));
        return -1;
    }
    if (check_name(name, f, line, c->name + 1, "name", d) != 0)
        return -1;
    if (!*level) {
        ntm_diag_add(d, NTM_ERROR, f, line, c->level + 1, "level", "missing",
                     _("unit '%s' needs a level (province, district, commune, village)"), name);
        return -1;
    }
    const char *lv = unit_level(level);
    if (!lv) {
        ntm_diag_add(d, NTM_ERROR, f, line, c->level + 1, "level", "bad-level",
                     _("'%s' is not a level; use province, district, commune or village (tỉnh, "
                       "huyện, xã, thôn)"),
                     level);
        return -1;
    }
    const char *parent = cell(rs, i, c->parent);
    if (*parent && strcmp(parent, CLEAR_MARK) != 0 &&
        check_name(parent, f, line, c->parent + 1, "parent", d) != 0)
        return -1;
    /* (A parent that matches the name only by key may be another unit: "Xa A" under
     * "Xã A"; a loop through the stored units is found when they are written.) */
    if (strcmp(parent, name) == 0) {
        ntm_diag_add(d, NTM_ERROR, f, line, c->parent + 1, "parent", "cycle",
                     _("unit '%s' cannot be its own parent"), name);
        return -1;
    }
    u->name = strdup(name);
    u->level = strdup(lv);
    u->parent = optional_text(rs, i, c->parent, NTM_KEEP_PARENT, &u->keep);
    u->class_key = optional_text(rs, i, c->klass, NTM_KEEP_CLASS, &u->keep);
    u->flags = optional_text(rs, i, c->flags, NTM_KEEP_FLAGS, &u->keep);
    u->set_id = optional_text(rs, i, c->set, NTM_KEEP_SET, &u->keep);
    u->note = optional_text(rs, i, c->note, NTM_KEEP_NOTE, &u->keep);
    int bad =
        optional_count(rs, i, c->hh, "households", NTM_KEEP_HOUSEHOLDS, style, f, &u->households,
                       &u->keep, _("households must be a whole number >= 0"), d);
    bad |= optional_count(rs, i, c->pop, "population", NTM_KEEP_POPULATION, style, f,
                          &u->population, &u->keep, _("population must be a whole number >= 0"), d);
    return bad ? -1 : 0;
}

/* A unit's name and its match key, sorted to find repeats in O(n log n). */
typedef struct name_ref {
    const char *name;
    char *key;
    size_t idx;
} name_ref;

static int cmp_name_ref(const void *pa, const void *pb)
{
    const name_ref *a = pa, *b = pb;
    int c = strcmp(a->key ? a->key : "", b->key ? b->key : "");
    return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Two rows with one name are an error; names with one match key (case, marks, spaces)
 * a warning: either can only be chosen by typing it exactly. Reported in file order. */
static void check_unit_names(ntm_records *out, ntm_diag_list *d, int name_col)
{
    size_t n = out->n_units;
    name_ref *refs = calloc(n ? n : 1, sizeof *refs);
    if (!refs)
        return;
    for (size_t i = 0; i < n; i++)
        refs[i] = (name_ref){out->units[i].name, ntm_text_key(out->units[i].name), i};
    qsort(refs, n, sizeof *refs, cmp_name_ref);
    /* For each unit, the first earlier unit with its key and whether the name is equal. */
    size_t *first = malloc((n ? n : 1) * sizeof *first);
    for (size_t i = 0, g = 0; first && i < n; i++) {
        if (i > 0 && cmp_text(refs[i].key, refs[g].key) != 0)
            g = i;
        size_t same = g; /* an equal name wins over a similar one */
        for (size_t j = g; j < i; j++)
            if (strcmp(refs[j].name, refs[i].name) == 0) {
                same = j;
                break;
            }
        first[refs[i].idx] = i == g ? (size_t)-1 : refs[same].idx;
    }
    for (size_t i = 0; first && i < n; i++) {
        if (first[i] == (size_t)-1)
            continue;
        const ntm_unit *u = &out->units[i], *p = &out->units[first[i]];
        if (strcmp(u->name, p->name) == 0)
            ntm_diag_add(d, NTM_ERROR, out->file, out->unit_lines[i], name_col + 1, "name",
                         "duplicate", _("unit '%s' is already on line %ld"), u->name,
                         out->unit_lines[first[i]]);
        else
            ntm_diag_add(d, NTM_WARNING, out->file, out->unit_lines[i], name_col + 1, "name",
                         "similar-name",
                         _("unit '%s' differs from '%s' (line %ld) only in accents, case "
                           "or spaces; to choose either, its name must be typed exactly"),
                         u->name, p->name, out->unit_lines[first[i]]);
    }
    for (size_t i = 0; i < n; i++)
        free(refs[i].key);
    free(refs);
    free(first);
}

static void read_units(const rows *rs, const columns *c, ntm_numstyle style, ntm_records *out,
                       ntm_diag_list *d)
{
    out->units = calloc(rs->n ? rs->n : 1, sizeof *out->units);
    out->unit_lines = calloc(rs->n ? rs->n : 1, sizeof *out->unit_lines);
    if (!out->units || !out->unit_lines)
        return;
    for (size_t i = 0; i < rs->n; i++) {
        ntm_unit *u = &out->units[out->n_units];
        memset(u, 0, sizeof *u);
        if (read_unit_row(rs, i, c, style, out->file, u, d) != 0) {
            ntm_unit_release(u);
            continue;
        }
        out->unit_lines[out->n_units] = rs->line[i];
        out->n_units++;
    }
    check_unit_names(out, d, c->name);
}

/* An observation and its place in the file, sorted by the store's key. */
typedef struct obs_ref {
    const ntm_observation *o;
    size_t idx;
} obs_ref;

/* The store's key: (unit, criterion, indicator, date, source); then file order. */
static int cmp_obs_key(const void *pa, const void *pb)
{
    const obs_ref *a = pa, *b = pb;
    int c = strcmp(a->o->unit, b->o->unit);
    if (!c)
        c = strcmp(a->o->criterion, b->o->criterion);
    if (!c)
        c = cmp_text(a->o->indicator, b->o->indicator);
    if (!c)
        c = strcmp(a->o->date, b->o->date);
    if (!c)
        c = cmp_text(a->o->source, b->o->source);
    if (!c)
        c = a->idx < b->idx ? -1 : a->idx > b->idx;
    return c;
}

static int same_key(const ntm_observation *a, const ntm_observation *b)
{
    return strcmp(a->unit, b->unit) == 0 && strcmp(a->criterion, b->criterion) == 0 &&
           cmp_text(a->indicator, b->indicator) == 0 && strcmp(a->date, b->date) == 0 &&
           cmp_text(a->source, b->source) == 0;
}

static int same_number(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* A repeat of an earlier row, found by check_repeats. */
typedef struct repeat {
    size_t idx, first; /* indices into out->obs */
    int conflict;
} repeat;

static int cmp_repeat(const void *pa, const void *pb)
{
    const repeat *a = pa, *b = pb;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Rows with the same key as an earlier row (unit, criterion, indicator, date, source)
 * would overwrite it in the store: a different value, counts or assessment is an error
 * naming both lines; an identical repeat is a warning and is dropped. Sorting keeps this
 * O(n log n) for files of hundreds of thousands of rows. */
static void check_repeats(ntm_records *out, ntm_diag_list *d)
{
    size_t n = out->n_obs;
    if (n < 2)
        return;
    for (size_t i = 0; i < n; i++)
        if (!out->obs[i].unit || !out->obs[i].criterion || !out->obs[i].date)
            return; /* a copy failed (out of memory): no key to compare */
    obs_ref *refs = malloc(n * sizeof *refs);
    repeat *reps = malloc(n * sizeof *reps);
    if (!refs || !reps) {
        free(refs);
        free(reps);
        ntm_diag_add(d, NTM_ERROR, out->file, 0, 0, NULL, "memory", "%s", _("out of memory"));
        return;
    }
    for (size_t i = 0; i < n; i++)
        refs[i] = (obs_ref){&out->obs[i], i};
    qsort(refs, n, sizeof *refs, cmp_obs_key);
    size_t nrep = 0;
    for (size_t i = 1, first = 0; i < n; i++) {
        if (!same_key(refs[first].o, refs[i].o)) {
            first = i;
            continue;
        }
        const ntm_observation *a = refs[first].o, *b = refs[i].o;
        int conflict = !same_number(a->value, b->value) ||
                       !same_number(a->numerator, b->numerator) ||
                       !same_number(a->denominator, b->denominator) || a->status != b->status;
        reps[nrep++] = (repeat){refs[i].idx, refs[first].idx, conflict};
    }
    qsort(reps, nrep, sizeof *reps, cmp_repeat); /* report in file order */
    for (size_t k = 0; k < nrep; k++) {
        const ntm_observation *o = &out->obs[reps[k].idx];
        long first_line = out->obs[reps[k].first].line;
        if (reps[k].conflict)
            ntm_diag_add(d, NTM_ERROR, out->file, o->line, 0, NULL, "duplicate-conflict",
                         _("this row and line %ld are for the same unit, indicator, date and "
                           "source but give different figures or assessments; keep one"),
                         first_line);
        else
            ntm_diag_add(d, NTM_WARNING, out->file, o->line, 0, NULL, "duplicate",
                         _("this row repeats line %ld; it is imported once"), first_line);
    }
    /* Drop the repeats (reps is in index order). */
    size_t w = 0;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (k < nrep && reps[k].idx == i) {
            ntm_observation_release(&out->obs[i]);
            k++;
            continue;
        }
        if (w != i)
            out->obs[w] = out->obs[i];
        w++;
    }
    out->n_obs = w;
    free(refs);
    free(reps);
}

static void read_observations(const rows *rs, const columns *c, ntm_numstyle style,
                              ntm_records *out, ntm_diag_list *d)
{
    const char *f = out->file;
    out->obs = calloc(rs->n ? rs->n : 1, sizeof *out->obs);
    if (!out->obs)
        return;
    for (size_t i = 0; i < rs->n; i++) {
        ntm_observation *o = &out->obs[out->n_obs];
        memset(o, 0, sizeof *o);
        long line = rs->line[i];
        const char *unit = cell(rs, i, c->unit), *crit = cell(rs, i, c->crit);
        const char *ind = cell(rs, i, c->ind), *date = cell(rs, i, c->date);
        if (!*unit) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->unit + 1, "unit", "missing",
                         _("an observation needs a unit"));
            continue;
        }
        /* Rows of one unit usually follow each other: its name is checked once. */
        if ((i == 0 || strcmp(unit, cell(rs, i - 1, c->unit)) != 0) &&
            check_name(unit, f, line, c->unit + 1, "unit", d) != 0)
            continue;
        if (!*crit && !*ind) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->ind + 1, "indicator", "missing",
                         _("give an indicator code (11.1) or, for a criterion-level "
                           "assessment, a criterion (11)"));
            continue;
        }
        ntm_date dt;
        const char *why;
        if (ntm_date_parse(date, &dt, &why) != NTM_OK) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->date + 1, "date", "bad-date", "'%s': %s", date,
                         why);
            continue;
        }
        double value, num, den;
        int bad = number_cell(rs, i, c->value, "value", style, f, &value, d);
        bad |= number_cell(rs, i, c->num, "numerator", style, f, &num, d);
        bad |= number_cell(rs, i, c->den, "denominator", style, f, &den, d);
        ntm_assess st;
        const char *status = cell(rs, i, c->status);
        if (ntm_assess_parse(status, &st) != 0) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->status + 1, "status", "bad-status",
                         _("'%s' is not an assessment (use đạt or chưa đạt)"), status);
            bad = 1;
        }
        if (bad)
            continue;
        if (!isfinite(value) && !isfinite(num) && st == NTM_ASSESS_NONE) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->value + 1, "value", "empty",
                         _("the row has no value, no counts and no assessment"));
            continue;
        }
        if (isfinite(den) && den <= 0) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->den + 1, "denominator", "range",
                         _("a denominator must be positive"));
            continue;
        }
        if (isfinite(num) && num < 0) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->num + 1, "numerator", "range",
                         _("a numerator cannot be negative"));
            continue;
        }
        /* Numerators and denominators count households or people. */
        if (isfinite(num) && num != floor(num)) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->num + 1, "numerator", "range",
                         _("a numerator counts households or people: it must be a whole "
                           "number"));
            continue;
        }
        if (isfinite(den) && den != floor(den)) {
            ntm_diag_add(d, NTM_ERROR, f, line, c->den + 1, "denominator", "range",
                         _("a denominator counts households or people: it must be a whole "
                           "number"));
            continue;
        }
        o->unit = strdup(unit);
        if (*crit) {
            o->criterion = strdup(crit);
        } else { /* the criterion is the code before the first dot: "11.1" -> "11" */
            size_t n = strcspn(ind, ".");
            o->criterion = strndup(ind, n);
        }
        o->indicator = dup_or_null(ind);
        o->date = strdup(dt.iso);
        o->t = dt.t;
        o->value = value;
        o->numerator = num;
        o->denominator = den;
        o->status = st;
        o->source = dup_or_null(cell(rs, i, c->source));
        o->note = optional_text(rs, i, c->note, NTM_KEEP_NOTE, &o->keep);
        o->file = strdup(f);
        o->line = line;
        out->n_obs++;
    }
    check_repeats(out, d);
}

/* A refusal of the whole file ("PATH: empty", "PATH: TCVN3") points at its first line,
 * as every refusal names a line: "PATH:1: ...". Returns RC. */
static ntm_status whole_file_line(ntm_status rc, const char *path, ntm_error *err)
{
    size_t n = strlen(path);
    if (rc != NTM_EINPUT || !err || strncmp(err->msg, path, n) != 0 || err->msg[n] != ':' ||
        err->msg[n + 1] != ' ')
        return rc;
    char rest[sizeof err->msg];
    snprintf(rest, sizeof rest, "%s", err->msg + n + 1);
    snprintf(err->msg, sizeof err->msg, "%s:1:%s", path, rest);
    return rc;
}

/* Where the rows come from: a CSV file, or the cells of a sheet (ntm_records_read_cells). */
typedef struct source {
    ntm_csv *csv;
    const ntm_records_cell *cells;
    size_t n_cells, pos;
    ntm_csv_row row; /* a sheet's current row: fields owned here */
    double *nums;
    size_t cap;
} source;

static void source_clear_row(source *src)
{
    for (size_t k = 0; k < src->row.n; k++)
        free(src->row.field[k]);
    src->row.n = 0;
}

/* A sheet's cell text as a CSV field reads: trimmed of white space and U+00A0. */
static char *trimmed(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        else if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
            s += 2;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n && strchr(" \t\n\r", s[n - 1]))
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    return strndup(s, n);
}

/* The next row of a sheet: its cells laid out by column, gaps empty; rows whose cells
 * are all empty are skipped as CSV skips blank records. Returns 1, 0 at the end, -1. */
static int cells_next(source *src, const ntm_csv_row **r, const double **nums, ntm_error *err)
{
    for (;;) {
        source_clear_row(src);
        if (src->pos >= src->n_cells)
            return 0;
        size_t first = src->pos, last = first;
        long row = src->cells[first].row, width = 0;
        while (last < src->n_cells && src->cells[last].row == row) {
            if (src->cells[last].col > width)
                width = src->cells[last].col;
            last++;
        }
        src->pos = last;
        if ((size_t)width > src->cap) {
            char **f = realloc(src->row.field, (size_t)width * sizeof *f);
            double *nm = f ? realloc(src->nums, (size_t)width * sizeof *nm) : NULL;
            if (f)
                src->row.field = f;
            if (!nm)
                return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory")), -1;
            src->nums = nm;
            src->cap = (size_t)width;
        }
        int any = 0;
        for (long k = 0; k < width; k++) {
            src->row.field[k] = strdup("");
            src->nums[k] = NAN;
            src->row.n = (size_t)k + 1;
            if (!src->row.field[k])
                return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory")), -1;
        }
        for (size_t i = first; i < last; i++) {
            const ntm_records_cell *c = &src->cells[i];
            if (c->col < 1)
                continue;
            char *t = trimmed(c->text ? c->text : "");
            if (!t)
                return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory")), -1;
            free(src->row.field[c->col - 1]);
            src->row.field[c->col - 1] = t;
            src->nums[c->col - 1] = c->num;
            any |= *t != '\0';
        }
        if (!any)
            continue;
        src->row.line = row;
        *r = &src->row;
        *nums = src->nums;
        return 1;
    }
}

static int source_next(source *src, const ntm_csv_row **r, const double **nums, ntm_error *err)
{
    *nums = NULL;
    if (src->csv)
        return ntm_csv_next(src->csv, r, err);
    return cells_next(src, r, nums, err);
}

static void source_release(source *src)
{
    ntm_csv_free(src->csv);
    source_clear_row(src);
    free(src->row.field);
    free(src->nums);
}

/* Reads the rows of SRC (released by the caller) named PATH in messages. */
static ntm_status read_source(source *src, const char *path, ntm_records_kind kind,
                              ntm_numstyle style, ntm_records *out, ntm_diag_list *diags,
                              ntm_error *err)
{
    out->file = strdup(path);
    out->encoding = src->csv ? ntm_csv_encoding(src->csv) : "xlsx";
    const ntm_csv_row *r;
    const double *nums;
    int got = source_next(src, &r, &nums, err);
    if (got <= 0) {
        ntm_records_release(out);
        if (got == 0)
            ntm_error_set(err, NTM_EINPUT, _("%s: the file is empty"), path);
        return whole_file_line(err ? err->status : NTM_EINPUT, path, err);
    }
    columns c;
    find_columns(r, &c);
    if (kind == NTM_RECORDS_AUTO) {
        if (c.unit >= 0 && (c.ind >= 0 || c.crit >= 0))
            kind = NTM_RECORDS_OBSERVATIONS;
        else if (c.name >= 0 && c.level >= 0)
            kind = NTM_RECORDS_UNITS;
        else {
            long hline = r->line;
            ntm_records_release(out);
            return ntm_error_set(err, NTM_EINPUT,
                                 _("%s:%ld: cannot tell what this file holds from its header: "
                                   "units need 'name' and 'level' columns, observations 'unit' "
                                   "and 'indicator' (or 'criterion'); or say --as "
                                   "units|observations"),
                                 path, hline);
        }
    }
    out->kind = kind;
    const char *need_obs[] = {"unit", "date"};
    int need_obs_col[] = {c.unit, c.date};
    const char *need_units[] = {"name", "level"};
    int need_units_col[] = {c.name, c.level};
    for (int i = 0; i < 2; i++) {
        const char *nm = kind == NTM_RECORDS_UNITS ? need_units[i] : need_obs[i];
        int col = kind == NTM_RECORDS_UNITS ? need_units_col[i] : need_obs_col[i];
        if (col < 0)
            ntm_diag_add(diags, NTM_ERROR, path, r->line, 0, nm, "missing-column",
                         _("the header has no '%s' column"), nm);
    }
    if (kind == NTM_RECORDS_OBSERVATIONS && c.ind < 0 && c.crit < 0)
        ntm_diag_add(diags, NTM_ERROR, path, r->line, 0, "indicator", "missing-column",
                     _("the header has no 'indicator' or 'criterion' column"));
    check_header(r, kind, path, diags);
    rows rs = {0};
    size_t n_header = r->n;
    long header_line = r->line;
    /* Header cells without a name: 1 while no row has been seen with a value there. */
    char *unnamed = calloc(n_header, 1);
    if (!unnamed) {
        ntm_records_release(out);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    for (size_t k = 0; k < n_header; k++)
        unnamed[k] = !*r->field[k];
    int more;
    int extra_told = 0;
    while ((more = source_next(src, &r, &nums, err)) == 1) {
        /* A row longer than the header has a field that would be dropped silently:
         * usually a separator inside an unquoted text. */
        size_t used = r->n;
        while (used > n_header && !*r->field[used - 1])
            used--;
        if (used > n_header && !src->csv && !extra_told) {
            extra_told = 1; /* a sheet: a value right of the header's last name */
            ntm_diag_add(diags, NTM_ERROR, path, r->line, (long)used, NULL, "unnamed-column",
                         _("column %zu has a value but no name in the header (line %ld)"), used,
                         header_line);
        } else if (used > n_header && src->csv)
            ntm_diag_add(diags, NTM_ERROR, path, r->line, (long)n_header + 1, NULL, "extra-fields",
                         _("the row has %zu fields but the header has %zu; put text that "
                           "contains '%c' in double quotes"),
                         used, n_header, ntm_csv_separator(src->csv));
        /* So is a value under a header cell without a name (reported once a column). */
        for (size_t k = 0; k < n_header && k < r->n; k++)
            if (unnamed[k] && *r->field[k]) {
                unnamed[k] = 0;
                ntm_diag_add(diags, NTM_ERROR, path, r->line, (long)k + 1, NULL, "unnamed-column",
                             _("column %zu has a value but no name in the header (line %ld)"),
                             k + 1, header_line);
            }
        if (rows_add(&rs, r, nums) != 0) {
            more = -1;
            ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            break;
        }
    }
    free(unnamed);
    if (more < 0) {
        rows_free(&rs);
        ntm_records_release(out);
        return err ? err->status : NTM_EINPUT;
    }
    if (diags->n_errors == 0) {
        int numeric[] = {c.value, c.num, c.den, c.hh, c.pop};
        static const char *const names[] = {"value", "numerator", "denominator", "households",
                                            "population"};
        if (style == NTM_NUM_AUTO)
            choose_style(&rs, numeric, names, 5, path, &style, diags);
        out->numstyle = style;
    }
    if (diags->n_errors == 0) {
        if (kind == NTM_RECORDS_UNITS)
            read_units(&rs, &c, style, out, diags);
        else
            read_observations(&rs, &c, style, out, diags);
    }
    rows_free(&rs);
    if (diags->n_errors > 0) {
        ntm_records_release(out);
        return ntm_error_set(err, NTM_EINPUT, _("%s: %zu error(s); nothing was imported"), path,
                             diags->n_errors);
    }
    return NTM_OK;
}

ntm_status ntm_records_read(const char *path, ntm_records_kind kind, ntm_numstyle style,
                            ntm_records *out, ntm_diag_list *diags, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    source src = {0};
    ntm_status rc = ntm_csv_open(&src.csv, path, err);
    if (rc != NTM_OK)
        return whole_file_line(rc, path, err);
    rc = read_source(&src, path, kind, style, out, diags, err);
    source_release(&src);
    return rc;
}

ntm_status ntm_records_read_cells(const char *name, const ntm_records_cell *cells, size_t n,
                                  ntm_records_kind kind, ntm_numstyle style, ntm_records *out,
                                  ntm_diag_list *diags, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    source src = {.cells = cells, .n_cells = n};
    ntm_status rc = read_source(&src, name, kind, style, out, diags, err);
    source_release(&src);
    return rc;
}

ntm_records_kind ntm_records_header_kind(char *const *fields, size_t n)
{
    ntm_csv_row h = {.n = n, .field = (char **)fields, .line = 1};
    columns c;
    find_columns(&h, &c);
    if (c.unit >= 0 && (c.ind >= 0 || c.crit >= 0))
        return NTM_RECORDS_OBSERVATIONS;
    if (c.name >= 0 && c.level >= 0)
        return NTM_RECORDS_UNITS;
    return NTM_RECORDS_AUTO;
}

void ntm_records_release(ntm_records *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_units; i++)
        ntm_unit_release(&r->units[i]);
    free(r->units);
    free(r->unit_lines);
    for (size_t i = 0; i < r->n_obs; i++)
        ntm_observation_release(&r->obs[i]);
    free(r->obs);
    free(r->file);
    memset(r, 0, sizeof *r);
}
