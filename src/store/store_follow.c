/* store_follow.c: the follow-up tables (see store_follow.h). Text is bound, never pasted
 * into SQL; NaN numbers are stored as NULL and read back as NaN. */
#include "store/store_follow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "store/store_db.h"

static ntm_status db_fail(ntm_store *st, ntm_error *err, const char *what)
{
    return ntm_error_set(err, NTM_EDB, "%s: %s: %s", ntm_store_path(st), what,
                         sqlite3_errmsg(ntm_store_sqlite(st)));
}

static ntm_status prepare(ntm_store *st, sqlite3_stmt **s, const char *sql, ntm_error *err)
{
    if (sqlite3_prepare_v2(ntm_store_sqlite(st), sql, -1, s, NULL) != SQLITE_OK)
        return db_fail(st, err, _("prepare"));
    return NTM_OK;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static void bind_real(sqlite3_stmt *s, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

/* A moment as two columns (minutes, has-time), NULL when unknown. */
static void bind_when(sqlite3_stmt *s, int i, const ntm_when *w)
{
    if (w->known) {
        sqlite3_bind_int64(s, i, w->minutes);
        sqlite3_bind_int(s, i + 1, w->has_time);
    } else {
        sqlite3_bind_null(s, i);
        sqlite3_bind_null(s, i + 1);
    }
}

static char *col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t && *t ? strdup((const char *)t) : NULL;
}

static double col_real(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static ntm_when col_when(sqlite3_stmt *s, int i)
{
    ntm_when w = {0, 0, 0};
    if (sqlite3_column_type(s, i) != SQLITE_NULL) {
        w.minutes = (long)sqlite3_column_int64(s, i);
        w.has_time = sqlite3_column_int(s, i + 1);
        w.known = 1;
    }
    return w;
}

/* ---- row digests: the row's content as one text ------------------------------------- */

typedef struct digest {
    char *s;
    size_t n, cap;
} digest;

static void dg_add(digest *d, const char *text)
{
    size_t len = strlen(text) + 1;
    if (d->n + len + 1 > d->cap) {
        size_t cap = (d->cap + len + 1) * 2;
        char *p = realloc(d->s, cap);
        if (!p)
            return;
        d->s = p;
        d->cap = cap;
    }
    memcpy(d->s + d->n, text, len - 1);
    d->n += len - 1;
    d->s[d->n++] = '\x1f';
    d->s[d->n] = '\0';
}

static void dg_real(digest *d, double v)
{
    char b[40];
    snprintf(b, sizeof b, "%.17g", isfinite(v) ? v : 0.0);
    dg_add(d, isfinite(v) ? b : "-");
}

static void dg_long(digest *d, long v)
{
    char b[32];
    snprintf(b, sizeof b, "%ld", v);
    dg_add(d, b);
}

static void dg_when(digest *d, const ntm_when *w)
{
    dg_long(d, w->known ? w->minutes : -1);
    dg_long(d, w->has_time);
}

static ntm_status unit_id(ntm_store *st, const char *name, long *id, ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s, "SELECT id FROM unit WHERE name = ?", err);
    if (rc)
        return rc;
    bind_text(s, 1, name);
    *id = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (!*id)
        return ntm_error_set(err, NTM_ENOTFOUND,
                             _("unit '%s' is not in the database (import the units file first)"),
                             name);
    return NTM_OK;
}

/* Binds a row's key (the first NKEY parameters) or its whole content. */
typedef void (*binder)(sqlite3_stmt *s, long uid, const void *row, const char *digest, int all);

/* Looks the row up by its key; inserts or replaces it unless its digest is the same. */
static ntm_status put_row(ntm_store *st, const char *unit, const char *select_sql,
                          const char *insert_sql, binder bind, const void *row, const char *dg,
                          int *changed, ntm_error *err)
{
    *changed = 0;
    long uid;
    ntm_status rc = unit_id(st, unit, &uid, err);
    if (rc)
        return rc;
    sqlite3_stmt *s;
    if ((rc = prepare(st, &s, select_sql, err)))
        return rc;
    bind(s, uid, row, dg, 0);
    int exists = 0, same = 0;
    if (sqlite3_step(s) == SQLITE_ROW) {
        exists = 1;
        const unsigned char *old = sqlite3_column_text(s, 0);
        same = old && dg && strcmp((const char *)old, dg) == 0;
    }
    sqlite3_finalize(s);
    if (same)
        return NTM_OK;
    if ((rc = prepare(st, &s, insert_sql, err)))
        return rc;
    bind(s, uid, row, dg, 1);
    int step = sqlite3_step(s);
    sqlite3_finalize(s);
    if (step != SQLITE_DONE)
        return db_fail(st, err, _("write"));
    *changed = exists ? 2 : 1;
    return NTM_OK;
}

/* ---- tasks ----------------------------------------------------------------------------- */

static void bind_task(sqlite3_stmt *s, long uid, const void *row, const char *dg, int all)
{
    const ntm_task *t = row;
    sqlite3_bind_int64(s, 1, uid);
    bind_text(s, 2, t->criterion);
    bind_text(s, 3, t->indicator ? t->indicator : "");
    bind_text(s, 4, t->name);
    sqlite3_bind_int64(s, 5, t->updated.minutes);
    if (!all)
        return;
    sqlite3_bind_int(s, 6, t->updated.has_time);
    bind_real(s, 7, t->volume);
    bind_text(s, 8, t->volume_unit);
    bind_text(s, 9, t->owner);
    bind_text(s, 10, t->director);
    bind_real(s, 11, t->money);
    bind_text(s, 12, t->resources);
    bind_when(s, 13, &t->start);
    bind_when(s, 15, &t->due);
    bind_real(s, 17, t->progress);
    bind_real(s, 18, t->done);
    bind_real(s, 19, t->total);
    bind_text(s, 20, ntm_task_state_name(t->state));
    bind_text(s, 21, t->difficulties);
    bind_text(s, 22, t->solutions);
    bind_text(s, 23, t->source);
    bind_text(s, 24, t->note);
    bind_text(s, 25, t->file);
    sqlite3_bind_int64(s, 26, t->line);
    bind_text(s, 27, dg);
}

ntm_status ntm_store_put_task(ntm_store *st, const ntm_task *t, int *changed, ntm_error *err)
{
    digest d = {0};
    const char *texts[] = {t->volume_unit,  t->owner,     t->director, t->resources,
                           t->difficulties, t->solutions, t->source,   t->note};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        dg_add(&d, texts[i] ? texts[i] : "");
    dg_real(&d, t->volume);
    dg_real(&d, t->money);
    dg_real(&d, t->progress);
    dg_real(&d, t->done);
    dg_real(&d, t->total);
    dg_when(&d, &t->start);
    dg_when(&d, &t->due);
    dg_long(&d, t->updated.has_time);
    dg_add(&d, ntm_task_state_name(t->state));
    ntm_status rc = put_row(
        st, t->unit,
        "SELECT digest FROM task_update WHERE unit_id = ? AND criterion = ? AND indicator = ?"
        " AND name = ? AND updated = ?",
        "INSERT OR REPLACE INTO task_update (unit_id, criterion, indicator, name, updated,"
        " updated_time, volume, volume_unit, owner, director, money, resources, start,"
        " start_time, due, due_time, progress, done, total, state, difficulties, solutions,"
        " source, note, file, line, digest)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        bind_task, t, d.s, changed, err);
    free(d.s);
    return rc;
}

ntm_status ntm_store_get_tasks(ntm_store *st, const char *unit, ntm_task **tasks, size_t *n,
                               ntm_error *err)
{
    *tasks = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(
        st, &s,
        "SELECT u.name, t.criterion, t.indicator, t.name, t.updated, t.updated_time, t.volume,"
        " t.volume_unit, t.owner, t.director, t.money, t.resources, t.start, t.start_time, t.due,"
        " t.due_time, t.progress, t.done, t.total, t.state, t.difficulties, t.solutions,"
        " t.source, t.note, t.file, t.line FROM task_update t JOIN unit u ON u.id = t.unit_id"
        " WHERE u.name = ? ORDER BY t.criterion, t.indicator, t.name, t.updated",
        err);
    if (rc)
        return rc;
    bind_text(s, 1, unit);
    size_t cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            ntm_task *p = realloc(*tasks, nc * sizeof *p);
            if (!p) {
                sqlite3_finalize(s);
                return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            }
            *tasks = p;
            cap = nc;
        }
        ntm_task *t = &(*tasks)[(*n)++];
        memset(t, 0, sizeof *t);
        t->unit = col_text(s, 0);
        t->criterion = col_text(s, 1);
        t->indicator = col_text(s, 2);
        t->name = col_text(s, 3);
        t->updated = col_when(s, 4);
        t->volume = col_real(s, 6);
        t->volume_unit = col_text(s, 7);
        t->owner = col_text(s, 8);
        t->director = col_text(s, 9);
        t->money = col_real(s, 10);
        t->resources = col_text(s, 11);
        t->start = col_when(s, 12);
        t->due = col_when(s, 14);
        t->progress = col_real(s, 16);
        t->done = col_real(s, 17);
        t->total = col_real(s, 18);
        t->state = ntm_task_state_from_name((const char *)sqlite3_column_text(s, 19));
        t->difficulties = col_text(s, 20);
        t->solutions = col_text(s, 21);
        t->source = col_text(s, 22);
        t->note = col_text(s, 23);
        t->file = col_text(s, 24);
        t->line = (long)sqlite3_column_int64(s, 25);
    }
    sqlite3_finalize(s);
    return NTM_OK;
}

void ntm_store_free_tasks(ntm_task *tasks, size_t n)
{
    for (size_t i = 0; tasks && i < n; i++)
        ntm_task_release(&tasks[i]);
    free(tasks);
}

/* ---- dossiers ---------------------------------------------------------------------------- */

static void bind_doc(sqlite3_stmt *s, long uid, const void *row, const char *dg, int all)
{
    const ntm_dossier_item *d = row;
    sqlite3_bind_int64(s, 1, uid);
    bind_text(s, 2, d->criterion);
    bind_text(s, 3, d->name);
    if (!all)
        return;
    bind_text(s, 4, ntm_doc_kind_name(d->kind));
    sqlite3_bind_int(s, 5, d->present);
    bind_when(s, 6, &d->date);
    bind_text(s, 8, d->keeper);
    bind_text(s, 9, d->source);
    bind_text(s, 10, d->note);
    bind_text(s, 11, d->file);
    sqlite3_bind_int64(s, 12, d->line);
    bind_text(s, 13, dg);
}

ntm_status ntm_store_put_dossier_item(ntm_store *st, const ntm_dossier_item *it, int *changed,
                                      ntm_error *err)
{
    digest d = {0};
    dg_add(&d, ntm_doc_kind_name(it->kind));
    dg_long(&d, it->present);
    dg_when(&d, &it->date);
    dg_add(&d, it->keeper ? it->keeper : "");
    dg_add(&d, it->source ? it->source : "");
    dg_add(&d, it->note ? it->note : "");
    ntm_status rc =
        put_row(st, it->unit,
                "SELECT digest FROM dossier_item WHERE unit_id = ? AND criterion = ? AND name = ?",
                "INSERT OR REPLACE INTO dossier_item (unit_id, criterion, name, kind, present,"
                " date, date_time, keeper, source, note, file, line, digest)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                bind_doc, it, d.s, changed, err);
    free(d.s);
    return rc;
}

ntm_status ntm_store_get_dossier(ntm_store *st, const char *unit, ntm_dossier_item **items,
                                 size_t *n, ntm_error *err)
{
    *items = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc =
        prepare(st, &s,
                "SELECT u.name, d.criterion, d.name, d.kind, d.present, d.date, d.date_time,"
                " d.keeper, d.source, d.note, d.file, d.line FROM dossier_item d"
                " JOIN unit u ON u.id = d.unit_id WHERE u.name = ?"
                " ORDER BY CAST(d.criterion AS INTEGER), d.criterion, d.name",
                err);
    if (rc)
        return rc;
    bind_text(s, 1, unit);
    size_t cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            ntm_dossier_item *p = realloc(*items, nc * sizeof *p);
            if (!p) {
                sqlite3_finalize(s);
                return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            }
            *items = p;
            cap = nc;
        }
        ntm_dossier_item *d = &(*items)[(*n)++];
        memset(d, 0, sizeof *d);
        d->unit = col_text(s, 0);
        d->criterion = col_text(s, 1);
        d->name = col_text(s, 2);
        d->kind = ntm_doc_kind_from_name((const char *)sqlite3_column_text(s, 3));
        d->present = sqlite3_column_int(s, 4);
        d->date = col_when(s, 5);
        d->keeper = col_text(s, 7);
        d->source = col_text(s, 8);
        d->note = col_text(s, 9);
        d->file = col_text(s, 10);
        d->line = (long)sqlite3_column_int64(s, 11);
    }
    sqlite3_finalize(s);
    return NTM_OK;
}

void ntm_store_free_dossier(ntm_dossier_item *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        ntm_dossier_item_release(&items[i]);
    free(items);
}

/* ---- registrations ---------------------------------------------------------------------- */

static void bind_reg(sqlite3_stmt *s, long uid, const void *row, const char *dg, int all)
{
    const ntm_registration *r = row;
    sqlite3_bind_int64(s, 1, uid);
    sqlite3_bind_int(s, 2, r->year);
    bind_text(s, 3, r->criterion);
    if (!all)
        return;
    bind_text(s, 4, r->source);
    bind_text(s, 5, r->note);
    bind_text(s, 6, r->file);
    sqlite3_bind_int64(s, 7, r->line);
    bind_text(s, 8, dg);
}

ntm_status ntm_store_put_registration(ntm_store *st, const ntm_registration *r, int *changed,
                                      ntm_error *err)
{
    digest d = {0};
    dg_add(&d, r->source ? r->source : "");
    dg_add(&d, r->note ? r->note : "");
    ntm_status rc =
        put_row(st, r->unit,
                "SELECT digest FROM registration WHERE unit_id = ? AND year = ? AND criterion = ?",
                "INSERT OR REPLACE INTO registration (unit_id, year, criterion, source, note,"
                " file, line, digest) VALUES (?,?,?,?,?,?,?,?)",
                bind_reg, r, d.s, changed, err);
    free(d.s);
    return rc;
}

ntm_status ntm_store_get_registrations(ntm_store *st, const char *unit, ntm_registration **regs,
                                       size_t *n, ntm_error *err)
{
    *regs = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT u.name, r.year, r.criterion, r.source, r.note, r.file, r.line"
                            " FROM registration r JOIN unit u ON u.id = r.unit_id WHERE u.name = ?"
                            " ORDER BY r.year, CAST(r.criterion AS INTEGER), r.criterion",
                            err);
    if (rc)
        return rc;
    bind_text(s, 1, unit);
    size_t cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            ntm_registration *p = realloc(*regs, nc * sizeof *p);
            if (!p) {
                sqlite3_finalize(s);
                return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            }
            *regs = p;
            cap = nc;
        }
        ntm_registration *r = &(*regs)[(*n)++];
        memset(r, 0, sizeof *r);
        r->unit = col_text(s, 0);
        r->year = sqlite3_column_int(s, 1);
        r->criterion = col_text(s, 2);
        r->source = col_text(s, 3);
        r->note = col_text(s, 4);
        r->file = col_text(s, 5);
        r->line = (long)sqlite3_column_int64(s, 6);
    }
    sqlite3_finalize(s);
    return NTM_OK;
}

void ntm_store_free_registrations(ntm_registration *regs, size_t n)
{
    for (size_t i = 0; regs && i < n; i++)
        ntm_registration_release(&regs[i]);
    free(regs);
}

/* ---- money ------------------------------------------------------------------------------ */

static void bind_money(sqlite3_stmt *s, long uid, const void *row, const char *dg, int all)
{
    const ntm_money *m = row;
    sqlite3_bind_int64(s, 1, uid);
    bind_text(s, 2, m->kind == NTM_MONEY_ALLOCATION ? "allocation" : "disbursement");
    sqlite3_bind_int(s, 3, m->tranche);
    bind_text(s, 4, ntm_fund_source_name(m->key.source));
    bind_text(s, 5, ntm_capital_name(m->key.capital));
    bind_text(s, 6, ntm_programme_name(m->key.programme));
    sqlite3_bind_int(s, 7, m->date.known);
    sqlite3_bind_int64(s, 8, m->date.known ? m->date.minutes : 0);
    bind_text(s, 9, m->ref ? m->ref : "");
    if (!all)
        return;
    sqlite3_bind_int(s, 10, m->date.has_time);
    sqlite3_bind_double(s, 11, m->amount);
    bind_text(s, 12, m->task);
    bind_text(s, 13, m->source);
    bind_text(s, 14, m->note);
    bind_text(s, 15, m->file);
    sqlite3_bind_int64(s, 16, m->line);
    bind_text(s, 17, dg);
}

ntm_status ntm_store_put_money(ntm_store *st, const ntm_money *m, int *changed, ntm_error *err)
{
    digest d = {0};
    dg_real(&d, m->amount);
    dg_long(&d, m->date.has_time);
    dg_add(&d, m->task ? m->task : "");
    dg_add(&d, m->source ? m->source : "");
    dg_add(&d, m->note ? m->note : "");
    ntm_status rc = put_row(
        st, m->unit,
        "SELECT digest FROM money WHERE unit_id = ? AND kind = ? AND tranche = ? AND source = ?"
        " AND capital = ? AND programme = ? AND date_known = ? AND date = ? AND ref = ?",
        "INSERT OR REPLACE INTO money (unit_id, kind, tranche, source, capital, programme,"
        " date_known, date, ref, date_time, amount, task, doc_source, note, file, line, digest)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        bind_money, m, d.s, changed, err);
    free(d.s);
    return rc;
}

ntm_status ntm_store_get_money(ntm_store *st, const char *unit, ntm_money **rows, size_t *n,
                               ntm_error *err)
{
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(
        st, &s,
        "SELECT u.name, m.kind, m.tranche, m.source, m.capital, m.programme, m.date_known,"
        " m.date, m.date_time, m.ref, m.amount, m.task, m.doc_source, m.note, m.file, m.line"
        " FROM money m JOIN unit u ON u.id = m.unit_id WHERE u.name = ?"
        " ORDER BY m.tranche, m.source, m.capital, m.programme, m.kind, m.date, m.ref",
        err);
    if (rc)
        return rc;
    bind_text(s, 1, unit);
    size_t cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            ntm_money *p = realloc(*rows, nc * sizeof *p);
            if (!p) {
                sqlite3_finalize(s);
                return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            }
            *rows = p;
            cap = nc;
        }
        ntm_money *m = &(*rows)[(*n)++];
        memset(m, 0, sizeof *m);
        m->unit = col_text(s, 0);
        const char *kind = (const char *)sqlite3_column_text(s, 1);
        m->kind =
            kind && strcmp(kind, "allocation") == 0 ? NTM_MONEY_ALLOCATION : NTM_MONEY_DISBURSEMENT;
        m->tranche = sqlite3_column_int(s, 2);
        ntm_fund_source_from_name((const char *)sqlite3_column_text(s, 3), &m->key.source);
        ntm_capital_from_name((const char *)sqlite3_column_text(s, 4), &m->key.capital);
        ntm_programme_from_name((const char *)sqlite3_column_text(s, 5), &m->key.programme);
        m->date.known = sqlite3_column_int(s, 6);
        m->date.minutes = (long)sqlite3_column_int64(s, 7);
        m->date.has_time = sqlite3_column_int(s, 8);
        m->ref = col_text(s, 9);
        m->amount = sqlite3_column_double(s, 10);
        m->task = col_text(s, 11);
        m->source = col_text(s, 12);
        m->note = col_text(s, 13);
        m->file = col_text(s, 14);
        m->line = (long)sqlite3_column_int64(s, 15);
    }
    sqlite3_finalize(s);
    return NTM_OK;
}

void ntm_store_free_money(ntm_money *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        ntm_money_release(&rows[i]);
    free(rows);
}

static long count(ntm_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    long v = -1;
    if (sqlite3_prepare_v2(ntm_store_sqlite(st), sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

ntm_status ntm_store_follow_counts(ntm_store *st, long *tasks, long *dossier, long *regs,
                                   long *money, ntm_error *err)
{
    long v[4] = {count(st, "SELECT count(*) FROM task_update"),
                 count(st, "SELECT count(*) FROM dossier_item"),
                 count(st, "SELECT count(*) FROM registration"),
                 count(st, "SELECT count(*) FROM money")};
    long *out[4] = {tasks, dossier, regs, money};
    for (int i = 0; i < 4; i++) {
        if (v[i] < 0)
            return db_fail(st, err, _("count"));
        if (out[i])
            *out[i] = v[i];
    }
    return NTM_OK;
}
