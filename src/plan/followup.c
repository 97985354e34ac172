/* followup.c: tasks judged against now (see followup.h). */
#include "plan/followup.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

#define MINUTES_PER_DAY 1440.0

int ntm_followup_is_done(const ntm_task *t)
{
    return t->state == NTM_TASK_DONE || (t->state == NTM_TASK_UNSET && t->progress >= 100);
}

double ntm_followup_expected(long start, long due, long now)
{
    if (due <= start)
        return NAN;
    double f = (double)(now - start) / (double)(due - start);
    return 100.0 * (f < 0 ? 0 : f > 1 ? 1 : f);
}

double ntm_followup_p_done(double p_last, double mu, double sigma2, double t, double span)
{
    if (p_last >= 100)
        return 1.0;
    if (t <= 0)
        return 0.0;
    double mean = p_last + mu * t;
    double var = sigma2 * (t + (span > 0 ? t * t / span : 0));
    if (!(var > 0))
        return mean >= 100 ? 1.0 : 0.0;
    return gsl_cdf_gaussian_Q(100.0 - mean, sqrt(var));
}

static int same_task(const ntm_task *a, const ntm_task *b)
{
    return strcmp(a->unit, b->unit) == 0 && strcmp(a->criterion, b->criterion) == 0 &&
           strcmp(a->indicator ? a->indicator : "", b->indicator ? b->indicator : "") == 0 &&
           strcmp(a->name, b->name) == 0;
}

/* The drift of the updates U[0..m) with progress known by the cut-off, and the residual sum
 * of squares sum (dp - mu dt)^2 / dt. Returns the number of such updates. */
static size_t drift_of(const ntm_task *u, size_t m, long cutoff, double *mu, double *ss,
                       double *span)
{
    const ntm_task *first = NULL, *last = NULL;
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (u[i].updated.minutes <= cutoff && isfinite(u[i].progress)) {
            if (!first)
                first = &u[i];
            last = &u[i];
            k++;
        }
    *mu = *ss = *span = NAN;
    if (k < 2)
        return k;
    *span = (double)(last->updated.minutes - first->updated.minutes) / MINUTES_PER_DAY;
    if (!(*span > 0))
        return 1;
    *mu = (last->progress - first->progress) / *span;
    double s = 0;
    const ntm_task *prev = NULL;
    for (size_t i = 0; i < m; i++) {
        if (u[i].updated.minutes > cutoff || !isfinite(u[i].progress))
            continue;
        if (prev) {
            double dt = (double)(u[i].updated.minutes - prev->updated.minutes) / MINUTES_PER_DAY;
            double r = (u[i].progress - prev->progress) - *mu * dt;
            if (dt > 0)
                s += r * r / dt;
        }
        prev = &u[i];
    }
    *ss = s;
    return k;
}

/* The flag of a task from its latest update L and first done moment DONE_AT. */
static ntm_task_flag judge(const ntm_task *l, long done_at, const ntm_followup_opts *o,
                           double *expected)
{
    *expected = NAN;
    if (done_at >= 0)
        return l->due.known && done_at > l->due.minutes ? NTM_FLAG_DONE_LATE : NTM_FLAG_DONE;
    if (!l->due.known)
        return NTM_FLAG_NO_DUE;
    if (l->due.minutes < o->now)
        return NTM_FLAG_OVERDUE;
    if (l->start.known) {
        *expected = ntm_followup_expected(l->start.minutes, l->due.minutes, o->now);
        double p = isfinite(l->progress) ? l->progress : l->state == NTM_TASK_NOT_STARTED ? 0 : NAN;
        if (isfinite(p) && isfinite(*expected) && p < *expected - NTM_FOLLOW_BEHIND_MARGIN)
            return NTM_FLAG_BEHIND;
    }
    if (l->due.minutes - o->now <= o->soon)
        return NTM_FLAG_SOON;
    return NTM_FLAG_ON_TIME;
}

ntm_status ntm_followup_tasks(const ntm_task *u, size_t n, const ntm_followup_opts *o,
                              ntm_task_view **views, size_t *n_views, double *sigma2,
                              ntm_error *err)
{
    *views = NULL;
    *n_views = 0;
    ntm_task_view *v = calloc(n ? n : 1, sizeof *v);
    double *mu = calloc(n ? n : 1, sizeof *mu), *span = calloc(n ? n : 1, sizeof *span);
    if (!v || !mu || !span) {
        free(v);
        free(mu);
        free(span);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    double ss_all = 0, df_all = 0;
    size_t nv = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && same_task(&u[i], &u[j]))
            j++;
        ntm_task_view *t = &v[nv];
        memset(t, 0, sizeof *t);
        t->done_at = -1;
        for (size_t k = i; k < j; k++)
            if (u[k].updated.minutes <= o->cutoff) {
                if (!t->first)
                    t->first = &u[k];
                t->last = &u[k];
                t->n_updates++;
                if (t->done_at < 0 && ntm_followup_is_done(&u[k]))
                    t->done_at = u[k].updated.minutes;
            }
        if (t->last) {
            double ss;
            t->n_progress = drift_of(&u[i], j - i, o->cutoff, &mu[nv], &ss, &span[nv]);
            t->drift = mu[nv];
            if (t->n_progress > 2 && isfinite(ss)) {
                ss_all += ss;
                df_all += (double)t->n_progress - 2;
            }
            if (!ntm_followup_is_done(t->last))
                t->done_at = -1; /* reopened since */
            t->flag = judge(t->last, t->done_at, o, &t->expected);
            nv++;
        }
        i = j;
    }
    double s2 = df_all > 0 ? ss_all / df_all : NAN;
    for (size_t k = 0; k < nv; k++) {
        ntm_task_view *t = &v[k];
        t->p_done = NAN;
        t->method = NTM_PDONE_NONE;
        if (t->flag == NTM_FLAG_DONE || t->flag == NTM_FLAG_DONE_LATE ||
            t->flag == NTM_FLAG_OVERDUE || t->flag == NTM_FLAG_NO_DUE)
            continue;
        if (t->n_progress >= 2 && isfinite(mu[k]) && isfinite(s2) && isfinite(t->last->progress)) {
            double days =
                (double)(t->last->due.minutes - t->last->updated.minutes) / MINUTES_PER_DAY;
            t->p_done = ntm_followup_p_done(t->last->progress, mu[k], s2, days, span[k]);
            t->method = NTM_PDONE_DRIFT;
        } else {
            t->method = NTM_PDONE_STRAIGHT;
        }
    }
    free(mu);
    free(span);
    if (sigma2)
        *sigma2 = s2;
    *views = v;
    *n_views = nv;
    return NTM_OK;
}
