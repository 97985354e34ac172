/* period_report.c: the period report as data (see period_report.h). */
#include "plan/period_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/date.h"

#define MINUTES_PER_DAY 1440L

static long day_start(const ntm_date *d)
{
    return ntm_days_from_civil(d->year, d->month, d->day) * MINUTES_PER_DAY;
}

static long day_end(const ntm_date *d)
{
    return day_start(d) + MINUTES_PER_DAY - 1;
}

static ntm_pr_item *add(ntm_period_report *r, size_t *cap, ntm_pr_section sec)
{
    if (r->n_items == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        ntm_pr_item *p = realloc(r->items, nc * sizeof *p);
        if (!p)
            return NULL;
        r->items = p;
        *cap = nc;
    }
    ntm_pr_item *it = &r->items[r->n_items++];
    memset(it, 0, sizeof *it);
    it->section = sec;
    it->from = it->to = NAN;
    return it;
}

static void task_item(ntm_pr_item *it, const ntm_task_view *v)
{
    it->criterion = v->last->criterion;
    it->indicator = v->last->indicator;
    it->text = v->last->name;
    it->owner = v->last->owner;
    it->director = v->last->director;
    it->task = v;
}

static int in_range(const ntm_when *w, long from, long to)
{
    return w->known && w->minutes >= from && w->minutes <= to;
}

static int cmp_owner(const void *pa, const void *pb)
{
    const ntm_pr_item *a = pa, *b = pb;
    int c = strcmp(a->owner ? a->owner : "\xff", b->owner ? b->owner : "\xff");
    if (c)
        return c;
    long da = a->task->last->due.minutes, db = b->task->last->due.minutes;
    return (da > db) - (da < db);
}

/* Tasks: planned, done, late (sorted by owner), next. */
static int task_items(ntm_period_report *r, size_t *cap, long pfrom, long pto)
{
    long nfrom = day_start(&r->next.first), nto = day_end(&r->next.last);
    for (size_t i = 0; i < r->n_views; i++) {
        const ntm_task_view *v = &r->views[i];
        ntm_pr_item *it;
        if (in_range(&v->last->due, pfrom, pto)) {
            if (!(it = add(r, cap, NTM_PR_PLANNED)))
                return -1;
            task_item(it, v);
            r->n_planned++;
        }
        if (v->done_at >= pfrom && v->done_at <= pto) {
            if (!(it = add(r, cap, NTM_PR_DONE)))
                return -1;
            task_item(it, v);
            if (v->flag == NTM_FLAG_DONE_LATE)
                r->n_done_late++;
            else
                r->n_done++;
        }
    }
    size_t late0 = r->n_items;
    for (size_t i = 0; i < r->n_views; i++) {
        const ntm_task_view *v = &r->views[i];
        if (v->flag != NTM_FLAG_OVERDUE && v->flag != NTM_FLAG_BEHIND)
            continue;
        ntm_pr_item *it = add(r, cap, NTM_PR_LATE);
        if (!it)
            return -1;
        task_item(it, v);
        if (v->flag == NTM_FLAG_OVERDUE)
            r->n_overdue++;
        else
            r->n_behind++;
    }
    qsort(r->items + late0, r->n_items - late0, sizeof *r->items, cmp_owner);
    for (size_t i = 0; i < r->n_views; i++) {
        const ntm_task_view *v = &r->views[i];
        if (v->done_at < 0 && in_range(&v->last->due, nfrom, nto)) {
            ntm_pr_item *it = add(r, cap, NTM_PR_NEXT);
            if (!it)
                return -1;
            task_item(it, v);
        }
    }
    return 0;
}

static const char *criterion_name(const ntm_catalog *cat, const char *code)
{
    const ntm_criterion *c = cat && code ? ntm_catalog_criterion(cat, code) : NULL;
    return c ? c->name_vi : NULL;
}

static int registered_items(ntm_period_report *r, size_t *cap, const ntm_pr_input *in)
{
    for (size_t i = 0; i < in->n_regs; i++) {
        if (in->regs[i].year != r->period.year)
            continue;
        ntm_pr_item *it = add(r, cap, NTM_PR_REGISTERED);
        if (!it)
            return -1;
        it->criterion = in->regs[i].criterion;
        it->text = criterion_name(in->cat, in->regs[i].criterion);
    }
    return 0;
}

static int same_series(const ntm_observation *a, const ntm_observation *b)
{
    return strcmp(a->criterion, b->criterion) == 0 &&
           strcmp(a->indicator ? a->indicator : "", b->indicator ? b->indicator : "") == 0;
}

/* The start of an observation's day, in minutes (its date is ISO in the store). */
static long obs_minutes(const ntm_observation *o)
{
    ntm_date d;
    if (!o->date || ntm_date_parse(o->date, &d, NULL) != NTM_OK)
        return 0;
    return day_start(&d);
}

/* Of the observations in O[from..to) dated like PICK, the least favourable for DIR (a claim
 * and its evidence on one date: the evidence decides, as in the scorecard). */
static const ntm_observation *least_favourable(const ntm_observation *o, size_t from, size_t to,
                                               const ntm_observation *pick, ntm_direction dir)
{
    if (!pick || dir == NTM_DIR_YES)
        return pick;
    for (size_t k = from; k < to; k++) {
        const ntm_observation *c = &o[k];
        if (strcmp(c->date, pick->date) != 0 || !isfinite(c->value) || !isfinite(pick->value))
            continue;
        if ((dir == NTM_DIR_MIN && c->value < pick->value) ||
            (dir == NTM_DIR_MAX && c->value > pick->value))
            pick = c;
    }
    return pick;
}

/* Indicators (and criterion-level assessments) whose figure moved in the period. */
static int moved_items(ntm_period_report *r, size_t *cap, const ntm_pr_input *in)
{
    long t0 = day_start(&r->period.first), t1 = day_end(&r->period.last);
    if (t1 > in->cutoff)
        t1 = in->cutoff;
    for (size_t i = 0; i < in->n_obs;) {
        size_t j = i;
        const ntm_observation *before = NULL, *first = NULL, *last = NULL;
        for (; j < in->n_obs && same_series(&in->obs[i], &in->obs[j]); j++) {
            const ntm_observation *o = &in->obs[j];
            long m = obs_minutes(o);
            if (m < t0)
                before = o;
            else if (m <= t1) {
                if (!first)
                    first = o;
                last = o;
            }
        }
        const ntm_observation *o0 = &in->obs[i];
        const ntm_indicator *ind =
            in->cat && o0->indicator ? ntm_catalog_indicator(in->cat, o0->indicator) : NULL;
        ntm_direction dir = ind ? ind->direction : NTM_DIR_YES;
        const ntm_observation *from = before                                          ? before
                                      : first && strcmp(first->date, last->date) != 0 ? first
                                                                                      : NULL;
        from = least_favourable(in->obs, i, j, from, dir);
        last = least_favourable(in->obs, i, j, last, dir);
        i = j;
        if (!last || !from)
            continue;
        int value_moved =
            isfinite(last->value) && isfinite(from->value) && last->value != from->value;
        int status_moved = last->status != NTM_ASSESS_NONE && last->status != from->status;
        if (!value_moved && !status_moved)
            continue;
        ntm_pr_item *it = add(r, cap, NTM_PR_MOVED);
        if (!it)
            return -1;
        it->criterion = last->criterion;
        it->indicator = last->indicator;
        it->text = ind ? ind->name_vi : criterion_name(in->cat, last->criterion);
        it->unit_of_value = ind ? ind->unit : NULL;
        it->from = from->value;
        it->to = last->value;
        it->status_from = from->status;
        it->status_to = last->status;
    }
    return 0;
}

static int money_items(ntm_period_report *r, size_t *cap)
{
    for (size_t i = 0; i < r->n_tranches; i++) {
        const ntm_tranche_view *t = &r->tranches[i];
        ntm_pr_item *it = add(r, cap, NTM_PR_MONEY);
        if (!it)
            return -1;
        it->money = t;
        r->allocated += t->allocated;
        r->disbursed += t->disbursed;
        r->disbursed_period += t->disbursed_period;
        if (isfinite(t->at_risk))
            r->at_risk += t->at_risk;
    }
    return 0;
}

static int dossier_items(ntm_period_report *r, size_t *cap, const ntm_pr_input *in,
                         const ntm_scorecard *sc)
{
    for (size_t i = 0; i < in->n_docs; i++) {
        const ntm_dossier_item *d = &in->docs[i];
        if (d->present)
            continue;
        ntm_pr_item *it = add(r, cap, NTM_PR_DOSSIER);
        if (!it)
            return -1;
        it->criterion = d->criterion;
        it->text = d->name;
        it->owner = d->keeper;
        it->doc = d;
        for (size_t k = 0; sc && k < sc->n_crit; k++)
            if (strcmp(sc->crit[k].crit->code, d->criterion) == 0)
                it->criterion_met = sc->crit[k].state == NTM_STATE_MET;
        r->n_missing++;
    }
    return 0;
}

/* 1 when one of OWNER's tasks has an update dated in [FROM, TO]. */
static int owner_reported(const ntm_period_report *r, const char *owner, long from, long to)
{
    for (size_t i = 0; i < r->n_views; i++) {
        const ntm_task_view *v = &r->views[i];
        if (!v->last->owner || strcmp(v->last->owner, owner) != 0)
            continue;
        for (const ntm_task *u = v->first; u <= v->last; u++)
            if (u->updated.known && u->updated.minutes >= from && u->updated.minutes <= to)
                return 1;
    }
    return 0;
}

/* Owners with an open task and no report between the period's start and the deadline. */
static int silent_items(ntm_period_report *r, size_t *cap, long pfrom, long pto)
{
    long to = r->deadline < r->cutoff ? r->deadline : r->cutoff;
    for (size_t i = 0; i < r->n_views; i++) {
        const ntm_task_view *v = &r->views[i];
        const char *owner = v->last->owner;
        int open = (v->done_at < 0 || v->done_at >= pfrom) &&
                   (!v->last->start.known || v->last->start.minutes <= pto);
        if (!owner || !open)
            continue;
        int listed = 0;
        for (size_t k = 0; k < r->n_items && !listed; k++)
            listed = r->items[k].section == NTM_PR_SILENT && strcmp(r->items[k].owner, owner) == 0;
        if (listed || owner_reported(r, owner, pfrom, to))
            continue;
        ntm_pr_item *it = add(r, cap, NTM_PR_SILENT);
        if (!it)
            return -1;
        it->owner = owner;
        it->task = v;
        r->n_silent++;
    }
    return 0;
}

ntm_status ntm_period_report_build(ntm_period_report *r, const ntm_pr_input *in, ntm_error *err)
{
    memset(r, 0, sizeof *r);
    r->unit = strdup(in->unit);
    r->period = *in->period;
    ntm_period_next(in->period, &r->next);
    r->now = in->now;
    r->cutoff = in->cutoff;
    r->deadline = in->deadline;
    long pfrom = day_start(&r->period.first), pto = day_end(&r->period.last);
    ntm_followup_opts o = {in->now, in->cutoff, in->soon};
    ntm_status rc =
        ntm_followup_tasks(in->tasks, in->n_tasks, &o, &r->views, &r->n_views, &r->sigma2, err);
    if (rc == NTM_OK)
        rc = ntm_disburse_view(in->money, in->n_money, r->period.year, pfrom, pto, in->cutoff,
                               &r->tranches, &r->n_tranches, err);
    ntm_scorecard sc;
    int have_sc = 0;
    if (rc == NTM_OK && in->cat && in->unit_row) {
        int y, m, d; /* everything dated on the cut-off's day or before counts */
        ntm_civil_from_days(in->cutoff / MINUTES_PER_DAY, &y, &m, &d);
        rc = ntm_scorecard_compute(&sc, in->cat, in->unit_row, in->obs, in->n_obs,
                                   ntm_date_decimal(y, m, d) + 1e-6, err);
        have_sc = rc == NTM_OK;
    }
    size_t cap = 0;
    if (rc == NTM_OK &&
        (task_items(r, &cap, pfrom, pto) || registered_items(r, &cap, in) ||
         moved_items(r, &cap, in) || money_items(r, &cap) ||
         dossier_items(r, &cap, in, have_sc ? &sc : NULL) || silent_items(r, &cap, pfrom, pto)))
        rc = ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    if (have_sc)
        ntm_scorecard_release(&sc);
    if (rc != NTM_OK)
        ntm_period_report_release(r);
    return rc;
}

void ntm_period_report_release(ntm_period_report *r)
{
    if (!r)
        return;
    free(r->unit);
    free(r->views);
    free(r->tranches);
    free(r->items);
    memset(r, 0, sizeof *r);
}
