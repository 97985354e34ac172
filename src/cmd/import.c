/* import.c: `ntmplan import FILE.csv`: units or observations into the database, all or
 * nothing, in one transaction. Importing the same file again changes nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd/cmd.h"
#include "plan/asof.h"
#include "io/date.h"
#include "io/csv.h"
#include "io/mergers.h"
#include "io/recognitions.h"
#include "io/xlsx.h"
#include "io/records.h"
#include "io/records_xlsx.h"
#include "io/text.h"
#include "model/validate.h"
#include "plan/import_follow.h"
#include "store/store.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan import [--as units|observations] [--numbers auto|vi|en] FILE.csv...\n\n"
            "Imports administrative units or indicator observations from CSV (Excel: UTF-8, "
            "UTF-16,\n"
            "Windows-1258; separator , ; or tab). The kind is recognised from the header. Each "
            "file\n"
            "is imported whole or not at all; errors name file:line:column and the field.\n"
            "  --numbers vi   1.784 is one thousand seven hundred eighty-four, 12,21 is 12.21\n"
            "  --numbers en   English forms: 1,784 and 12.21\n"
            "  --numbers auto (default) one style for the whole file; ambiguous 1.784 reads as "
            "Vietnamese"));
    printf("%s\n",
           ntm_tr(cli, "  --as tasks|dossiers|registrations|disbursements   the follow-up files "
                       "(tasks, dossier items,\n"
                       "                 registered criteria, money allocated and disbursed); "
                       "recognised from the header too"));
    printf("%s\n", ntm_tr(cli, "An Excel workbook (FILE.xlsx, see `ntmplan template`) is read "
                               "sheet by sheet: every sheet of\n"
                               "units or observations, in one transaction; errors name "
                               "FILE.xlsx:sheet:row:column and the cell."));
    printf("%s\n",
           ntm_tr(cli, "  --wait S       wait at most S seconds for another writer (default "
                       "$NTMPLAN_WAIT or 60)\n"
                       "  --undo         (ntmplan import --undo) undo the last import: rows it "
                       "changed get their\n"
                       "                 old values back, rows it added go\n"
                       "A re-import leaves a stored value alone where the file has no column or "
                       "an empty cell;\n"
                       "a cell '-' clears it."));
}

/* At most this many diagnostics of one kind (severity and code) are printed; a file of
 * 200 000 rows with the same slip would otherwise print a line for each. */
#define DIAGS_PER_CODE 20

/* A kind of diagnostic: how many the list holds and how many were printed. */
typedef struct diag_kind {
    ntm_severity severity;
    const char *code;
    size_t total, printed;
} diag_kind;

static diag_kind *kind_of(diag_kind *kinds, size_t n, const ntm_diag *g)
{
    const char *code = g->code ? g->code : "";
    for (size_t k = 0; k < n; k++)
        if (kinds[k].severity == g->severity && strcmp(kinds[k].code, code) == 0)
            return &kinds[k];
    return NULL;
}

/* Prints D in order, the first DIAGS_PER_CODE of each kind, each kind's rest counted in
 * one line after its last printed one. */
static void print_diags(const ntm_cli *cli, const ntm_diag_list *d)
{
    diag_kind *kinds = calloc(d->n ? d->n : 1, sizeof *kinds);
    size_t n_kinds = 0;
    for (size_t i = 0; kinds && i < d->n; i++) {
        diag_kind *k = kind_of(kinds, n_kinds, &d->items[i]);
        if (!k) {
            k = &kinds[n_kinds++];
            k->severity = d->items[i].severity;
            k->code = d->items[i].code ? d->items[i].code : "";
        }
        k->total++;
    }
    for (size_t i = 0; i < d->n; i++) {
        diag_kind *k = kinds ? kind_of(kinds, n_kinds, &d->items[i]) : NULL;
        if (k && k->printed == DIAGS_PER_CODE)
            continue;
        char line[1400];
        ntm_diag_format(&d->items[i], line, sizeof line);
        fprintf(stderr, "%s\n", line);
        if (k && ++k->printed == DIAGS_PER_CODE && k->total > DIAGS_PER_CODE) {
            fprintf(stderr, ntm_tr(cli, "%s: … and %zu more like this"),
                    d->items[i].file ? d->items[i].file : "", k->total - DIAGS_PER_CODE);
            fputc('\n', stderr);
        }
    }
    free(kinds);
}

/* The stored units, sorted by match key, so that each imported row finds its unit
 * without a query (a national file has hundreds of thousands of rows). */
typedef struct unit_index {
    ntm_unit *units;
    size_t n;
    char **keys; /* keys[i] is the match key of units[order[i]] */
    size_t *order;
} unit_index;

static const unit_index *sort_index;

static int cmp_index(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int c = strcmp(sort_index->keys[a], sort_index->keys[b]);
    return c ? c : a < b ? -1 : a > b;
}

static void index_release(unit_index *x)
{
    for (size_t i = 0; x->keys && i < x->n; i++)
        free(x->keys[i]);
    free(x->keys);
    free(x->order);
    ntm_store_free_units(x->units, x->n);
    memset(x, 0, sizeof *x);
}

static ntm_status index_load(ntm_store *st, unit_index *x, ntm_error *err)
{
    memset(x, 0, sizeof *x);
    ntm_status rc = ntm_store_find_units(st, NULL, &x->units, &x->n, err);
    if (rc)
        return rc;
    x->keys = calloc(x->n ? x->n : 1, sizeof *x->keys);
    size_t *tmp = calloc(x->n ? x->n : 1, sizeof *tmp);
    for (size_t i = 0; x->keys && i < x->n; i++)
        x->keys[i] = ntm_text_key(x->units[i].name);
    for (size_t i = 0; x->keys && tmp && i < x->n; i++)
        if (!x->keys[i] && !(x->keys[i] = strdup("")))
            break;
    if (!x->keys || !tmp) {
        free(tmp);
        index_release(x);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    for (size_t i = 0; i < x->n; i++)
        tmp[i] = i;
    sort_index = x;
    qsort(tmp, x->n, sizeof *tmp, cmp_index);
    sort_index = NULL;
    /* keys in sorted order, for bsearch */
    char **sorted = calloc(x->n ? x->n : 1, sizeof *sorted);
    if (!sorted) {
        free(tmp);
        index_release(x);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    for (size_t i = 0; i < x->n; i++)
        sorted[i] = x->keys[tmp[i]];
    free(x->keys);
    x->keys = sorted;
    x->order = tmp;
    return NTM_OK;
}

/* The stored unit NAME refers to: the exact name, else the one unit with its match key;
 * NULL with a diagnostic. */
static const ntm_unit *index_find(const unit_index *x, const char *name, const char *file,
                                  long line, const char *field, ntm_diag_list *d)
{
    char *key = ntm_text_key(name);
    size_t lo = 0, hi = x->n;
    while (key && lo < hi) { /* the first entry with a key >= KEY */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(x->keys[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (key && end < x->n && strcmp(x->keys[end], key) == 0)
        end++;
    free(key);
    const ntm_unit *found = NULL;
    for (size_t i = lo; i < end && !found; i++)
        if (strcmp(x->units[x->order[i]].name, name) == 0)
            found = &x->units[x->order[i]];
    if (!found && end - lo == 1)
        found = &x->units[x->order[lo]];
    if (!found && end == lo)
        ntm_diag_add(d, NTM_ERROR, file, line, 0, field, "unknown-unit",
                     _("unit '%s' is not in the database (import the units file first)"), name);
    else if (!found)
        ntm_diag_add(d, NTM_ERROR, file, line, 0, field, "ambiguous-unit",
                     _("'%s' matches %zu units; write the name exactly"), name, end - lo);
    return found;
}

/* Finds the stored unit NAME refers to (as index_find, from the database). Returns a new
 * string with the stored name, or NULL (with a diagnostic). */
static char *resolve_unit(ntm_store *st, const char *name, const char *file, long line,
                          const char *field, ntm_diag_list *d, ntm_error *err)
{
    char *key = ntm_text_key(name);
    ntm_unit *u = NULL;
    size_t n = 0;
    if (!key || ntm_store_find_units(st, key, &u, &n, err) != NTM_OK) {
        free(key);
        return NULL;
    }
    free(key);
    char *found = NULL;
    for (size_t i = 0; i < n && !found; i++)
        if (strcmp(u[i].name, name) == 0)
            found = strdup(u[i].name);
    if (!found && n == 1)
        found = strdup(u[0].name);
    if (!found && n == 0)
        ntm_diag_add(d, NTM_ERROR, file, line, 0, field, "unknown-unit",
                     _("unit '%s' is not in the database (import the units file first)"), name);
    else if (!found)
        ntm_diag_add(d, NTM_ERROR, file, line, 0, field, "ambiguous-unit",
                     _("'%s' matches %zu units; write the name exactly"), name, n);
    ntm_store_free_units(u, n);
    return found;
}

/* A name and where it comes from, sorted by what it looks like on a screen. */
typedef struct look {
    char *skel;
    const char *name;
    long line; /* 0: stored before this import */
} look;

static int cmp_look(const void *pa, const void *pb)
{
    const look *a = pa, *b = pb;
    int c = strcmp(a->skel, b->skel);
    return c ? c : a->line < b->line ? -1 : a->line > b->line;
}

/* Warns on each new unit of R whose name looks the same on a screen as another unit's
 * (stored or in the file) but is another name: a zero-width space or a Cyrillic letter
 * would otherwise make a second unit that looks identical. */
static void warn_lookalikes(const ntm_records *r, const unit_index *x, const char *is_new,
                            ntm_diag_list *d)
{
    size_t n = 0;
    look *v = calloc(x->n + r->n_units + 1, sizeof *v);
    for (size_t i = 0; v && i < x->n + r->n_units; i++) {
        int stored = i < x->n;
        size_t k = stored ? i : i - x->n;
        if (!stored && !is_new[k])
            continue;
        const char *name = stored ? x->units[k].name : r->units[k].name;
        char *skel = ntm_text_lookalike(name);
        if (skel)
            v[n++] = (look){skel, name, stored ? 0 : r->unit_lines[k]};
    }
    if (v)
        qsort(v, n, sizeof *v, cmp_look);
    for (size_t i = 0, g = 0; v && i < n; i++) {
        if (strcmp(v[i].skel, v[g].skel) != 0)
            g = i;
        if (!v[i].line)
            continue;
        for (size_t j = g; j < i; j++)
            if (strcmp(v[j].name, v[i].name) != 0) {
                ntm_diag_add(d, NTM_WARNING, r->file, v[i].line, 0, "name", "lookalike-name",
                             _("new unit '%s' looks the same as unit '%s' but is another name "
                               "(an invisible or look-alike character); check the name"),
                             v[i].name, v[j].name);
                break;
            }
    }
    for (size_t i = 0; v && i < n; i++)
        free(v[i].skel);
    free(v);
}

/* A unit of the file by exact name, for parents that come in the same file. */
typedef struct file_name {
    const char *name;
    size_t idx;
} file_name;

static int cmp_file_name(const void *pa, const void *pb)
{
    const file_name *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Index in R of the unit named NAME (in NAMES, sorted), or -1. */
static long file_unit(const file_name *names, size_t n, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(names[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(names[lo].name, name) == 0 ? (long)names[lo].idx : -1;
}

/* Writes unit I of R (its parent resolved first). */
static void put_one_unit(ntm_store *st, ntm_records *r, size_t i, ntm_diag_list *d, ntm_error *err,
                         int counts[3], char *is_new)
{
    ntm_unit *u = &r->units[i];
    if (u->parent) {
        char *p = resolve_unit(st, u->parent, r->file, r->unit_lines[i], "parent", d, err);
        if (!p)
            return;
        free(u->parent);
        u->parent = p;
    }
    char *key = ntm_text_key(u->name);
    int changed = 0;
    ntm_error e = {0};
    if (ntm_store_put_unit(st, u, key ? key : u->name, &changed, &e) != NTM_OK) {
        ntm_diag_add(d, NTM_ERROR, r->file, r->unit_lines[i], 0,
                     e.status == NTM_ENOTFOUND ? "set" : NULL, "store", "%s", e.msg);
        if (e.status == NTM_EDB || e.status == NTM_ENOMEM)
            *err = e; /* the database failed: stop at once */
    } else {
        counts[changed]++;
        is_new[i] = changed == 1;
    }
    free(key);
}

/* After the writes: a parent chain through stored units that comes back (Thanh Hóa
 * under Cẩm Thành, under Cẩm Thủy, under Thanh Hóa) is refused at the line that closed
 * it. */
static void check_stored_cycles(ntm_store *st, const ntm_records *r, ntm_diag_list *d,
                                ntm_error *err)
{
    for (size_t i = 0; i < r->n_units && err->status == NTM_OK; i++) {
        const ntm_unit *u = &r->units[i];
        int cycle = 0;
        if (!u->parent || ntm_store_unit_cycle(st, u->name, &cycle, err) != NTM_OK || !cycle)
            continue;
        ntm_diag_add(d, NTM_ERROR, r->file, r->unit_lines[i], 0, "parent", "cycle",
                     _("unit '%s' under '%s' makes a loop: '%s' is already (through the units "
                       "stored) under '%s'"),
                     u->name, u->parent, u->parent, u->name);
    }
}

static int import_units(const ntm_cli *cli, ntm_store *st, ntm_records *r, ntm_diag_list *d,
                        ntm_error *err, int counts[3])
{
    /* Parents first: repeat passes until no unit waits for a parent still to come. */
    size_t n = r->n_units, done_n = 0;
    char *done = calloc(n ? n : 1, 1), *is_new = calloc(n ? n : 1, 1);
    file_name *names = calloc(n ? n : 1, sizeof *names);
    unit_index x = {0};
    if (!done || !is_new || !names || index_load(st, &x, err) != NTM_OK) {
        free(done);
        free(is_new);
        free(names);
        return err->status ? err->status
                           : ntm_error_set(err, NTM_ENOMEM, "%s", ntm_tr(cli, "out of memory"));
    }
    for (size_t i = 0; i < n; i++)
        names[i] = (file_name){r->units[i].name, i};
    qsort(names, n, sizeof *names, cmp_file_name);
    int progress = 1;
    while (done_n < n && progress) {
        progress = 0;
        for (size_t i = 0; i < n; i++) {
            if (done[i])
                continue;
            long j = r->units[i].parent ? file_unit(names, n, r->units[i].parent) : -1;
            if (j >= 0 && (size_t)j != i && !done[j])
                continue; /* waits for its parent */
            if (err->status != NTM_OK)
                break;
            put_one_unit(st, r, i, d, err, counts, is_new);
            done[i] = 1;
            done_n++;
            progress = 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!done[i])
            ntm_diag_add(d, NTM_ERROR, r->file, r->unit_lines[i], 0, "parent", "cycle",
                         ntm_tr(cli, "units '%s' and its parent '%s' refer to each other"),
                         r->units[i].name, r->units[i].parent);
    if (d->n_errors == 0)
        check_stored_cycles(st, r, d, err);
    if (d->n_errors == 0)
        warn_lookalikes(r, &x, is_new, d);
    index_release(&x);
    free(names);
    free(done);
    free(is_new);
    return 0;
}

/* The catalog of unit U (loaded once per set into CATS), or NULL. */
static const ntm_catalog *catalog_of(ntm_store *st, const ntm_unit *u, ntm_catalog *cats,
                                     size_t *n_cats, size_t max, ntm_error *err)
{
    if (!u->set_id)
        return NULL;
    for (size_t c = 0; c < *n_cats; c++)
        if (strcmp(cats[c].id, u->set_id) == 0)
            return &cats[c];
    if (*n_cats < max && ntm_store_get_catalog(st, u->set_id, &cats[*n_cats], err) == NTM_OK)
        return &cats[(*n_cats)++];
    return NULL;
}

static int import_observations(const ntm_cli *cli, ntm_store *st, ntm_records *r, ntm_diag_list *d,
                               ntm_error *err, int counts[3])
{
    size_t n = r->n_obs;
    const ntm_catalog **cat_of = calloc(n ? n : 1, sizeof *cat_of);
    ntm_catalog *cats = calloc(n ? n : 1, sizeof *cats);
    size_t n_cats = 0;
    unit_index x = {0};
    if (!cat_of || !cats || index_load(st, &x, err) != NTM_OK) {
        free(cat_of);
        free(cats);
        return err->status ? err->status
                           : ntm_error_set(err, NTM_ENOMEM, "%s", ntm_tr(cli, "out of memory"));
    }
    const ntm_unit *last = NULL; /* rows of one unit usually follow each other */
    const char *last_name = NULL;
    for (size_t i = 0; i < n; i++) {
        ntm_observation *o = &r->obs[i];
        const ntm_unit *u = last && strcmp(o->unit, last_name) == 0
                                ? last
                                : index_find(&x, o->unit, o->file, o->line, "unit", d);
        last = NULL;
        if (!u)
            continue;
        if (strcmp(o->unit, u->name) != 0) {
            char *name = strdup(u->name);
            if (!name)
                continue;
            free(o->unit);
            o->unit = name;
        }
        last = u; /* the stored name: a next row spelt so is this unit (exact name wins) */
        last_name = o->unit;
        cat_of[i] = catalog_of(st, u, cats, &n_cats, n, err);
    }
    index_release(&x);
    if (d->n_errors == 0) {
        ntm_validate_observations(r->obs, n, cat_of, ntm_asof_today(cli->today), cli->lang, d);
        for (size_t i = 0; i < n; i++) {
            int changed = 0;
            ntm_error e = {0};
            if (ntm_store_put_observation(st, &r->obs[i], &changed, &e) == NTM_OK) {
                counts[changed]++;
                continue;
            }
            ntm_diag_add(d, NTM_ERROR, r->obs[i].file, r->obs[i].line, 0, NULL, "store", "%s",
                         e.msg);
            if (e.status == NTM_EDB || e.status == NTM_ENOMEM)
                break; /* the database failed: the rows after it would only repeat that */
        }
    }
    for (size_t c = 0; c < n_cats; c++)
        ntm_catalog_release(&cats[c]);
    free(cats);
    free(cat_of);
    return 0;
}

/* A merger file: all its mergers in one transaction, or nothing. */
static int import_mergers(const ntm_cli *cli, ntm_store *st, const char *path)
{
    ntm_error err = {0};
    ntm_merger *m;
    size_t n;
    if (ntm_mergers_read(path, &m, &n, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_status rc = ntm_store_begin(st, &err);
    for (size_t i = 0; rc == NTM_OK && i < n; i++)
        rc = ntm_store_put_merger(st, &m[i], &err);
    if (rc == NTM_OK)
        rc = ntm_store_commit(st, &err);
    else
        ntm_store_rollback(st);
    size_t parts = 0;
    for (size_t i = 0; i < n; i++)
        parts += m[i].n_parts;
    ntm_store_free_mergers(m, n);
    if (rc != NTM_OK)
        return ntm_cli_fail(cli, &err);
    printf(ntm_tr(cli, "%s: %zu merger(s) of %zu former units\n"), path, n, parts);
    return NTM_EXIT_OK;
}

/* A recognition file: all its records in one transaction, or nothing. */
static int import_recognitions(const ntm_cli *cli, ntm_store *st, const char *path)
{
    ntm_error err = {0};
    ntm_recognition *r;
    size_t n;
    if (ntm_recognitions_read(path, &r, &n, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_status rc = ntm_store_begin(st, &err);
    for (size_t i = 0; rc == NTM_OK && i < n; i++)
        rc = ntm_store_put_recognition(st, &r[i], &err);
    if (rc == NTM_OK)
        rc = ntm_store_commit(st, &err);
    else
        ntm_store_rollback(st);
    ntm_store_free_recognitions(r, n);
    if (rc != NTM_OK)
        return ntm_cli_fail(cli, &err);
    printf(ntm_tr(cli, "%s: %zu recognition record(s)\n"), path, n);
    return NTM_EXIT_OK;
}

/* A workbook (.xlsx): every sheet of units or observations, in one transaction. */
static int import_workbook(const ntm_cli *cli, ntm_store *st, const char *path, ntm_numstyle style)
{
    ntm_error err = {0};
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_records *recs;
    size_t n;
    char skipped[512];
    int failed =
        ntm_import_xlsx_read(path, style, &recs, &n, skipped, sizeof skipped, &d, &err) != NTM_OK;
    int(*counts)[3] = failed ? NULL : calloc(n ? n : 1, sizeof *counts);
    if (!failed && !counts)
        failed = 2, ntm_error_set(&err, NTM_ENOMEM, "%s", ntm_tr(cli, "out of memory"));
    if (!failed && ntm_store_begin(st, &err) != NTM_OK)
        failed = 2; /* nothing to roll back */
    for (size_t i = 0; !failed && i < n; i++) {
        if (recs[i].kind == NTM_RECORDS_UNITS)
            import_units(cli, st, &recs[i], &d, &err, counts[i]);
        else
            import_observations(cli, st, &recs[i], &d, &err, counts[i]);
    }
    ntm_import_xlsx_cell_refs(&d);
    print_diags(cli, &d);
    if (!failed && (d.n_errors > 0 || err.status != NTM_OK))
        failed = 1, ntm_store_rollback(st);
    else if (!failed && ntm_store_commit(st, &err) != NTM_OK)
        failed = 1;
    if (failed && err.status == NTM_OK)
        ntm_error_set(&err, NTM_EINPUT, "%s: %zu %s", path, d.n_errors,
                      ntm_tr(cli, "error(s); nothing was imported, the database is unchanged"));
    for (size_t i = 0; !failed && i < n; i++) {
        int u = recs[i].kind == NTM_RECORDS_UNITS;
        printf(ntm_tr(cli, "%s: %zu %s (new %d, updated %d, unchanged %d)"), recs[i].file,
               u ? recs[i].n_units : recs[i].n_obs,
               u ? ntm_tr(cli, "units") : ntm_tr(cli, "observations"), counts[i][1], counts[i][2],
               counts[i][0]);
        printf("\n");
    }
    if (!failed && d.n > d.n_errors)
        printf(ntm_tr(cli, "%s: %zu warning(s)\n"), path, d.n - d.n_errors);
    if (!failed && skipped[0])
        printf(ntm_tr(cli, "%s: sheets not read: %s\n"), path, skipped);
    for (size_t i = 0; i < n; i++)
        ntm_records_release(&recs[i]);
    free(recs);
    free(counts);
    ntm_diag_list_release(&d);
    return failed ? ntm_cli_fail(cli, &err) : NTM_EXIT_OK;
}

/* An .xlsx by its name, or anything that starts as a ZIP or an OLE2 file (.xls). */
static int is_workbook(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 &&
            (strcasecmp(path + n - 5, ".xlsx") == 0 || strcasecmp(path + n - 5, ".xlsm") == 0)) ||
           ntm_xlsx_is_workbook(path);
}

static const char *follow_words(const ntm_cli *cli, ntm_follow_kind k)
{
    switch (k) {
    case NTM_FOLLOW_TASKS: return ntm_tr(cli, "task reports");
    case NTM_FOLLOW_DOSSIERS: return ntm_tr(cli, "dossier items");
    case NTM_FOLLOW_REGISTRATIONS: return ntm_tr(cli, "registered criteria");
    case NTM_FOLLOW_MONEY: return ntm_tr(cli, "allocations and disbursements");
    case NTM_FOLLOW_NONE: break;
    }
    return "";
}

/* A follow-up file (plan/import_follow.h): its problems, then its summary. */
static int import_follow(const ntm_cli *cli, ntm_store *st, const char *path, ntm_follow_kind kind,
                         ntm_numstyle style)
{
    ntm_error err = {0};
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_follow_import fi;
    ntm_status rc = ntm_import_follow(st, path, kind, style, cli->lang, &fi, &d, &err);
    print_diags(cli, &d);
    if (rc == NTM_EINPUT && err.status == NTM_OK)
        ntm_error_set(&err, NTM_EINPUT, "%s: %zu %s", path, d.n_errors,
                      ntm_tr(cli, "error(s); nothing was imported, the database is unchanged"));
    if (rc == NTM_OK) {
        printf(ntm_tr(cli, "%s: %zu %s (new %d, updated %d, unchanged %d); encoding %s, %s "
                           "numbers"),
               path, fi.n, follow_words(cli, fi.kind), fi.counts[1], fi.counts[2], fi.counts[0],
               fi.encoding,
               fi.numstyle == NTM_NUM_EN ? ntm_tr(cli, "English") : ntm_tr(cli, "Vietnamese"));
        if (d.n > d.n_errors)
            printf(ntm_tr(cli, "; %zu warning(s)"), d.n - d.n_errors);
        printf("\n");
    }
    ntm_diag_list_release(&d);
    return rc == NTM_OK ? NTM_EXIT_OK : ntm_cli_fail(cli, &err);
}

static int import_file(const ntm_cli *cli, ntm_store *st, const char *path, ntm_records_kind kind,
                       ntm_numstyle style, ntm_follow_kind follow)
{
    if (is_workbook(path))
        return import_workbook(cli, st, path, style);
    /* Tasks, dossiers, registrations and money have readers of their own. */
    if (follow != NTM_FOLLOW_NONE ||
        (kind == NTM_RECORDS_AUTO && (follow = ntm_follow_probe(path)) != NTM_FOLLOW_NONE))
        return import_follow(cli, st, path, follow, style);
    if (kind == NTM_RECORDS_AUTO && ntm_csv_header_is(path, ntm_mergers_header))
        return import_mergers(cli, st, path);
    if (kind == NTM_RECORDS_AUTO && ntm_csv_header_is(path, ntm_recognitions_header))
        return import_recognitions(cli, st, path);
    ntm_error err = {0};
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_records r;
    ntm_status rc = ntm_records_read(path, kind, style, &r, &d, &err);
    if (rc != NTM_OK) {
        print_diags(cli, &d);
        ntm_diag_list_release(&d);
        return ntm_cli_fail(cli, &err);
    }
    int counts[3] = {0, 0, 0};
    if (ntm_store_begin(st, &err) != NTM_OK) {
        ntm_records_release(&r);
        ntm_diag_list_release(&d);
        return ntm_cli_fail(cli, &err);
    }
    int is_units = r.kind == NTM_RECORDS_UNITS;
    if (ntm_store_import_begin(st, path, is_units ? "units" : "observations", &err) == NTM_OK) {
        if (is_units)
            import_units(cli, st, &r, &d, &err, counts);
        else
            import_observations(cli, st, &r, &d, &err, counts);
        if (err.status == NTM_OK)
            ntm_store_import_end(st, &err);
    }
    print_diags(cli, &d);
    int failed = d.n_errors > 0 || err.status != NTM_OK;
    if (!failed && ntm_store_commit(st, &err) != NTM_OK)
        failed = 1;
    if (failed) {
        ntm_store_rollback(st);
        if (err.status == NTM_OK)
            ntm_error_set(&err, NTM_EINPUT, "%s: %zu %s", path, d.n_errors,
                          ntm_tr(cli, "error(s); nothing was imported, the database is unchanged"));
        ntm_records_release(&r);
        ntm_diag_list_release(&d);
        return ntm_cli_fail(cli, &err);
    }
    size_t warnings = d.n - d.n_errors;
    const char *what =
        r.kind == NTM_RECORDS_UNITS ? ntm_tr(cli, "units") : ntm_tr(cli, "observations");
    printf(ntm_tr(cli, "%s: %zu %s (new %d, updated %d, unchanged %d); encoding %s, %s numbers"),
           path, r.kind == NTM_RECORDS_UNITS ? r.n_units : r.n_obs, what, counts[1], counts[2],
           counts[0], r.encoding,
           r.numstyle == NTM_NUM_EN ? ntm_tr(cli, "English") : ntm_tr(cli, "Vietnamese"));
    if (warnings)
        printf(ntm_tr(cli, "; %zu warning(s)"), warnings);
    printf("\n");
    ntm_records_release(&r);
    ntm_diag_list_release(&d);
    return NTM_EXIT_OK;
}

/* `import --undo`: the latest import not yet undone is taken back. */
static int undo_last(const ntm_cli *cli)
{
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    char *file = NULL;
    long units = 0, obs = 0;
    if (ntm_store_begin(st, &err) != NTM_OK ||
        ntm_store_import_undo(st, &file, &units, &obs, &err) != NTM_OK ||
        ntm_store_commit(st, &err) != NTM_OK) {
        ntm_store_rollback(st);
        ntm_store_close(st);
        free(file);
        return ntm_cli_fail(cli, &err);
    }
    printf(ntm_tr(cli, "undid the import of %s: %ld units and %ld observations as they were "
                       "before it"),
           file, units, obs);
    printf("\n");
    free(file);
    ntm_store_close(st);
    return NTM_EXIT_OK;
}

int cmd_import(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"as", required_argument, NULL, 'a'},
                                         {"numbers", required_argument, NULL, 'n'},
                                         {"undo", no_argument, NULL, 'u'},
                                         {"wait", required_argument, NULL, 'w'},
                                         {NULL, 0, NULL, 0}};
    ntm_records_kind kind = NTM_RECORDS_AUTO;
    ntm_follow_kind follow = NTM_FOLLOW_NONE;
    ntm_numstyle style = NTM_NUM_AUTO;
    int c, undo = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'u') {
            undo = 1;
        } else if (c == 'w') {
            char *end;
            double w = strtod(optarg, &end);
            if (*end || !(w >= 0 && w <= 86400))
                return ntm_cli_usage(
                    cli, ntm_tr(cli, "--wait takes seconds (0 to 86400), not '%s'"), optarg);
            ntm_store_set_wait(w);
        } else if (c == 'a') {
            if (strcmp(optarg, "units") == 0)
                kind = NTM_RECORDS_UNITS;
            else if (strcmp(optarg, "observations") == 0)
                kind = NTM_RECORDS_OBSERVATIONS;
            else if ((follow = ntm_import_follow_kind(optarg)) != NTM_FOLLOW_NONE)
                kind = NTM_RECORDS_AUTO;
            else {
                char first[300];
                snprintf(first, sizeof first,
                         ntm_tr(cli, "--as takes units or observations, not '%s'"), optarg);
                return ntm_cli_usage(
                    cli, "%s %s", first,
                    ntm_tr(cli, "(or tasks, dossiers, registrations, disbursements)"));
            }
        } else if (c == 'n') {
            if (strcmp(optarg, "auto") == 0)
                style = NTM_NUM_AUTO;
            else if (strcmp(optarg, "vi") == 0)
                style = NTM_NUM_VI;
            else if (strcmp(optarg, "en") == 0)
                style = NTM_NUM_EN;
            else
                return ntm_cli_usage(cli, ntm_tr(cli, "--numbers takes auto, vi or en, not '%s'"),
                                     optarg);
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (undo && optind < argc)
        return ntm_cli_usage(cli, "%s",
                             ntm_tr(cli, "--undo takes no file: it undoes the last import"));
    if (undo)
        return undo_last(cli);
    if (optind >= argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give at least one CSV file"));
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    int code = NTM_EXIT_OK;
    for (int i = optind; i < argc && code == NTM_EXIT_OK; i++)
        code = import_file(cli, st, argv[i], kind, style, follow);
    ntm_store_close(st);
    return code;
}
