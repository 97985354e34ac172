/* import_follow.c: follow-up files into the database (see import_follow.h). */
#include "plan/import_follow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/tasks.h"
#include "io/text.h"
#include "model/budget.h"
#include "store/store_follow.h"

/* Disbursed amounts within this many đồng of the allocation are equal to it. */
#define MONEY_TOL_DONG 1.0

ntm_follow_kind ntm_import_follow_kind(const char *as)
{
    if (strcmp(as, "tasks") == 0)
        return NTM_FOLLOW_TASKS;
    if (strcmp(as, "dossiers") == 0)
        return NTM_FOLLOW_DOSSIERS;
    if (strcmp(as, "registrations") == 0)
        return NTM_FOLLOW_REGISTRATIONS;
    if (strcmp(as, "disbursements") == 0 || strcmp(as, "money") == 0)
        return NTM_FOLLOW_MONEY;
    return NTM_FOLLOW_NONE;
}

/* The stored unit NAME refers to (exact, else the one unit with its match key), as a new
 * string; NULL with a diagnostic at FILE:LINE. */
static char *resolve(ntm_store *st, const char *name, const char *file, long line, ntm_diag_list *d)
{
    char *key = ntm_text_key(name);
    ntm_unit *u = NULL;
    size_t n = 0;
    ntm_error e = {0};
    if (!key || ntm_store_find_units(st, key, &u, &n, &e) != NTM_OK) {
        free(key);
        ntm_diag_add(d, NTM_ERROR, file, line, 0, "unit", "store", "%s", e.msg);
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
        ntm_diag_add(d, NTM_ERROR, file, line, 0, "unit", "unknown-unit",
                     _("unit '%s' is not in the database (import the units file first)"), name);
    else if (!found)
        ntm_diag_add(d, NTM_ERROR, file, line, 0, "unit", "ambiguous-unit",
                     _("'%s' matches %zu units; write the name exactly"), name, n);
    ntm_store_free_units(u, n);
    return found;
}

/* Replaces *NAME by the stored unit's name; 0, or -1 (diagnostic added). */
static int fix_unit(ntm_store *st, char **name, const char *file, long line, ntm_diag_list *d)
{
    char *u = resolve(st, *name, file, line, d);
    if (!u)
        return -1;
    free(*name);
    *name = u;
    return 0;
}

static void store_diag(ntm_diag_list *d, const char *file, long line, const ntm_error *e)
{
    ntm_diag_add(d, NTM_ERROR, file, line, 0, NULL, "store", "%s", e->msg);
}

/* After the money rows are written: each tranche's disbursements, in date order, must stay
 * within its allocation (an error with the amounts); a tranche disbursed without a recorded
 * allocation is a warning (its rate cannot be computed). */
static void check_tranches(ntm_lang lang, ntm_store *st, const char *unit, ntm_diag_list *d)
{
    ntm_money *m = NULL;
    size_t n = 0;
    ntm_error e = {0};
    if (ntm_store_get_money(st, unit, &m, &n, &e) != NTM_OK) {
        store_diag(d, NULL, 0, &e);
        return;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double alloc = 0, paid = 0;
        int over = 0;
        while (j < n && m[j].tranche == m[i].tranche && ntm_fund_key_equal(&m[j].key, &m[i].key)) {
            if (m[j].kind == NTM_MONEY_ALLOCATION) {
                alloc += m[j].amount;
            } else {
                paid += m[j].amount;
                char key[160], a[64], p[64], x[64];
                ntm_fund_key_text(key, sizeof key, &m[j].key, lang);
                if (alloc <= 0 && paid == m[j].amount)
                    ntm_diag_add(d, NTM_WARNING, m[j].file, m[j].line, 0, "allocated",
                                 "no-allocation",
                                 ntm_i18n(lang, "no allocation of the %d tranche (%s) is recorded; "
                                                "its disbursement rate cannot be computed"),
                                 m[j].tranche, key);
                else if (alloc > 0 && !over && paid > alloc + MONEY_TOL_DONG) {
                    over = 1;
                    ntm_diag_add(
                        d, NTM_ERROR, m[j].file, m[j].line, 0, "disbursed", "over-allocation",
                        ntm_i18n(lang, "disbursements of the %d tranche (%s) reach %s, above "
                                       "its allocation of %s by %s"),
                        m[j].tranche, key, ntm_fmt_money(p, sizeof p, paid, lang),
                        ntm_fmt_money(a, sizeof a, alloc, lang),
                        ntm_fmt_money(x, sizeof x, paid - alloc, lang));
                }
            }
            j++;
        }
        i = j;
    }
    ntm_store_free_money(m, n);
}

/* The criteria set of the last unit looked up, so a file's rows load it once. */
typedef struct set_cache {
    char *unit;
    int have;
    ntm_catalog cat;
} set_cache;

static void set_cache_release(set_cache *c)
{
    free(c->unit);
    if (c->have)
        ntm_catalog_release(&c->cat);
    memset(c, 0, sizeof *c);
}

/* A criterion code the unit's criteria set does not have is a warning (a slip, or a task
 * kept under a code of an older set). */
static void check_criterion(ntm_store *st, set_cache *c, const char *unit, const char *code,
                            const char *file, long line, ntm_diag_list *d)
{
    if (!c->unit || strcmp(c->unit, unit) != 0) {
        set_cache_release(c);
        c->unit = strdup(unit);
        char *key = ntm_text_key(unit);
        ntm_unit *u = NULL;
        size_t n = 0;
        ntm_error e = {0};
        if (key && ntm_store_find_units(st, key, &u, &n, &e) == NTM_OK)
            for (size_t i = 0; i < n && !c->have; i++)
                if (strcmp(u[i].name, unit) == 0 && u[i].set_id)
                    c->have = ntm_store_get_catalog(st, u[i].set_id, &c->cat, &e) == NTM_OK;
        ntm_store_free_units(u, n);
        free(key);
    }
    if (c->have && !ntm_catalog_criterion(&c->cat, code))
        ntm_diag_add(d, NTM_WARNING, file, line, 0, "criterion", "unknown-criterion",
                     _("criterion '%s' is not in the criteria set '%s' of '%s'"), code, c->cat.id,
                     unit);
}

/* Writes every row of the file; counts[changed]++ for each. */
static void put_all(ntm_lang lang, ntm_store *st, ntm_follow_kind kind, ntm_task_file *tf,
                    ntm_follow_file *ff, ntm_diag_list *d, int counts[3])
{
    size_t n = kind == NTM_FOLLOW_TASKS ? tf->n : ff->n;
    set_cache cache = {0};
    for (size_t i = 0; i < n; i++) {
        int changed = 0;
        ntm_error e = {0};
        ntm_status rc = NTM_OK;
        char **unit = kind == NTM_FOLLOW_TASKS      ? &tf->tasks[i].unit
                      : kind == NTM_FOLLOW_DOSSIERS ? &ff->docs[i].unit
                      : kind == NTM_FOLLOW_MONEY    ? &ff->money[i].unit
                                                    : &ff->regs[i].unit;
        long line = kind == NTM_FOLLOW_TASKS      ? tf->tasks[i].line
                    : kind == NTM_FOLLOW_DOSSIERS ? ff->docs[i].line
                    : kind == NTM_FOLLOW_MONEY    ? ff->money[i].line
                                                  : ff->regs[i].line;
        const char *file = kind == NTM_FOLLOW_TASKS ? tf->file : ff->file;
        if (fix_unit(st, unit, file, line, d) != 0)
            continue;
        const char *crit = kind == NTM_FOLLOW_TASKS           ? tf->tasks[i].criterion
                           : kind == NTM_FOLLOW_DOSSIERS      ? ff->docs[i].criterion
                           : kind == NTM_FOLLOW_REGISTRATIONS ? ff->regs[i].criterion
                                                              : NULL;
        if (crit)
            check_criterion(st, &cache, *unit, crit, file, line, d);
        if (kind == NTM_FOLLOW_TASKS)
            rc = ntm_store_put_task(st, &tf->tasks[i], &changed, &e);
        else if (kind == NTM_FOLLOW_DOSSIERS)
            rc = ntm_store_put_dossier_item(st, &ff->docs[i], &changed, &e);
        else if (kind == NTM_FOLLOW_MONEY)
            rc = ntm_store_put_money(st, &ff->money[i], &changed, &e);
        else
            rc = ntm_store_put_registration(st, &ff->regs[i], &changed, &e);
        if (rc != NTM_OK)
            store_diag(d, file, line, &e);
        else
            counts[changed]++;
    }
    set_cache_release(&cache);
    if (kind != NTM_FOLLOW_MONEY || d->n_errors)
        return;
    for (size_t i = 0; i < ff->n; i++) { /* each unit once */
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(ff->money[j].unit, ff->money[i].unit) == 0;
        if (!seen)
            check_tranches(lang, st, ff->money[i].unit, d);
    }
}

ntm_status ntm_import_follow(ntm_store *st, const char *path, ntm_follow_kind kind,
                             ntm_numstyle style, ntm_lang lang, ntm_follow_import *out,
                             ntm_diag_list *d, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    if (kind == NTM_FOLLOW_NONE)
        kind = ntm_follow_probe(path);
    out->kind = kind;
    ntm_task_file tf = {0};
    ntm_follow_file ff = {0};
    ntm_status rc = kind == NTM_FOLLOW_TASKS ? ntm_tasks_read(path, style, &tf, d, err)
                                             : ntm_follow_read(path, kind, style, &ff, d, err);
    if (rc == NTM_OK)
        rc = ntm_store_begin(st, err);
    if (rc == NTM_OK) {
        put_all(lang, st, kind, &tf, &ff, d, out->counts);
        if (d->n_errors > 0) {
            ntm_store_rollback(st);
            rc = NTM_EINPUT;
        } else if ((rc = ntm_store_commit(st, err)) != NTM_OK) {
            ntm_store_rollback(st);
        }
    }
    out->n = kind == NTM_FOLLOW_TASKS ? tf.n : ff.n;
    out->numstyle = kind == NTM_FOLLOW_TASKS ? tf.numstyle : ff.numstyle;
    const char *enc = kind == NTM_FOLLOW_TASKS ? tf.encoding : ff.encoding;
    snprintf(out->encoding, sizeof out->encoding, "%s", enc ? enc : "");
    ntm_task_file_release(&tf);
    ntm_follow_file_release(&ff);
    return rc;
}
