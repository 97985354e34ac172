/* import.c: `ntmplan import FILE.csv`: units or observations into the database, all or
 * nothing, in one transaction. Importing the same file again changes nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "plan/asof.h"
#include "io/date.h"
#include "io/records.h"
#include "io/text.h"
#include "model/validate.h"
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

/* Finds the stored unit NAME refers to: exact name, else the one unit with the same
 * match key. Returns a new string with the stored name, or NULL (with a diagnostic). */
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

static int import_units(const ntm_cli *cli, ntm_store *st, ntm_records *r, ntm_diag_list *d,
                        ntm_error *err, int counts[3])
{
    /* Parents first: repeat passes until no unit waits for a parent still to come. */
    size_t n = r->n_units, done_n = 0;
    char *done = calloc(n ? n : 1, 1);
    if (!done)
        return ntm_error_set(err, NTM_ENOMEM, "%s", ntm_tr(cli, "out of memory"));
    int progress = 1;
    while (done_n < n && progress) {
        progress = 0;
        for (size_t i = 0; i < n; i++) {
            if (done[i])
                continue;
            ntm_unit *u = &r->units[i];
            if (u->parent) {
                int waits = 0;
                for (size_t j = 0; j < n; j++)
                    if (!done[j] && j != i && strcmp(r->units[j].name, u->parent) == 0)
                        waits = 1;
                if (waits)
                    continue;
                char *p = resolve_unit(st, u->parent, r->file, r->unit_lines[i], "parent", d, err);
                if (!p) {
                    done[i] = 1;
                    done_n++;
                    continue;
                }
                free(u->parent);
                u->parent = p;
            }
            char *key = ntm_text_key(u->name);
            int changed = 0;
            ntm_error e = {0};
            if (ntm_store_put_unit(st, u, key ? key : u->name, &changed, &e) != NTM_OK) {
                ntm_diag_add(d, NTM_ERROR, r->file, r->unit_lines[i], 0,
                             e.status == NTM_ENOTFOUND ? "set" : NULL, "store", "%s", e.msg);
            } else {
                counts[changed]++;
            }
            free(key);
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
    free(done);
    (void)cli;
    return 0;
}

static int import_observations(const ntm_cli *cli, ntm_store *st, ntm_records *r, ntm_diag_list *d,
                               ntm_error *err, int counts[3])
{
    size_t n = r->n_obs;
    const ntm_catalog **cat_of = calloc(n ? n : 1, sizeof *cat_of);
    ntm_catalog *cats = calloc(n ? n : 1, sizeof *cats);
    size_t n_cats = 0;
    if (!cat_of || !cats) {
        free(cat_of);
        free(cats);
        return ntm_error_set(err, NTM_ENOMEM, "%s", ntm_tr(cli, "out of memory"));
    }
    for (size_t i = 0; i < n; i++) {
        ntm_observation *o = &r->obs[i];
        char *name = resolve_unit(st, o->unit, o->file, o->line, "unit", d, err);
        if (!name)
            continue;
        free(o->unit);
        o->unit = name;
        char *key = ntm_text_key(name);
        ntm_unit *u = NULL;
        size_t nu = 0;
        if (key && ntm_store_find_units(st, key, &u, &nu, err) == NTM_OK) {
            for (size_t k = 0; k < nu; k++) {
                if (strcmp(u[k].name, name) != 0 || !u[k].set_id)
                    continue;
                for (size_t c = 0; c < n_cats && !cat_of[i]; c++)
                    if (strcmp(cats[c].id, u[k].set_id) == 0)
                        cat_of[i] = &cats[c];
                if (!cat_of[i] &&
                    ntm_store_get_catalog(st, u[k].set_id, &cats[n_cats], err) == NTM_OK)
                    cat_of[i] = &cats[n_cats++];
            }
        }
        ntm_store_free_units(u, nu);
        free(key);
    }
    if (d->n_errors == 0) {
        ntm_validate_observations(r->obs, n, cat_of, ntm_asof_today(cli->today), cli->lang, d);
        for (size_t i = 0; i < n; i++) {
            int changed = 0;
            ntm_error e = {0};
            if (ntm_store_put_observation(st, &r->obs[i], &changed, &e) != NTM_OK)
                ntm_diag_add(d, NTM_ERROR, r->obs[i].file, r->obs[i].line, 0, NULL, "store", "%s",
                             e.msg);
            else
                counts[changed]++;
        }
    }
    for (size_t c = 0; c < n_cats; c++)
        ntm_catalog_release(&cats[c]);
    free(cats);
    free(cat_of);
    return 0;
}

static int import_file(const ntm_cli *cli, ntm_store *st, const char *path, ntm_records_kind kind,
                       ntm_numstyle style)
{
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
    if (r.kind == NTM_RECORDS_UNITS)
        import_units(cli, st, &r, &d, &err, counts);
    else
        import_observations(cli, st, &r, &d, &err, counts);
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

int cmd_import(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"as", required_argument, NULL, 'a'},
                                         {"numbers", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    ntm_records_kind kind = NTM_RECORDS_AUTO;
    ntm_numstyle style = NTM_NUM_AUTO;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'a') {
            if (strcmp(optarg, "units") == 0)
                kind = NTM_RECORDS_UNITS;
            else if (strcmp(optarg, "observations") == 0)
                kind = NTM_RECORDS_OBSERVATIONS;
            else
                return ntm_cli_usage(cli, ntm_tr(cli, "--as takes units or observations, not '%s'"),
                                     optarg);
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
    if (optind >= argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give at least one CSV file"));
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    int code = NTM_EXIT_OK;
    for (int i = optind; i < argc && code == NTM_EXIT_OK; i++)
        code = import_file(cli, st, argv[i], kind, style);
    ntm_store_close(st);
    return code;
}
