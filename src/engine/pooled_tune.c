/* pooled_tune.c: priors from siblings, and phi, c, lambda from their own past
 * (pooled_tune.h). Only the data given are used: what is held back for tuning is the
 * panel's own last points, never anything after them. */
#include "engine/pooled_tune.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_J 6
#define N_PHI 7
#define N_C 9
#define N_LAMBDA 5
#define TUNE_KEEP 1e-6 /* nodes below this share of the largest are left out of tuning */

static const double phis[N_PHI] = {0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0};
static const double cs[N_C] = {0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0};
static const double lambdas[N_LAMBDA] = {0, 0.1, 0.2, 0.4, 0.8};

/* The statistics of unit I's first K points, on z / zunit. */
static void unit_stats(const ntm_pooled_panel *pn, size_t i, size_t k, double zunit,
                       ntm_pooled_stats *s)
{
    memset(s, 0, sizeof *s);
    const double *t = pn->t[i], *z = pn->z[i];
    for (size_t j = 1; j < k; j++) {
        double D = t[j] - t[j - 1], d = (z[j] - z[j - 1]) / zunit;
        s->m += 1;
        s->sxx += D;
        s->sxy += d;
        s->syy += d * d / D;
        s->slogd += log(D);
    }
}

static size_t max_holdback(const ntm_pooled_panel *pn)
{
    size_t jm = 0;
    for (size_t i = 0; i < pn->n_units; i++)
        if (pn->n[i] >= 3 && pn->n[i] - 2 > jm)
            jm = pn->n[i] - 2;
    return jm > MAX_J ? MAX_J : jm;
}

static double lphi(double phi, double h)
{
    double L = 0, whole = floor(h);
    for (double j = 0; j < whole; j++) {
        double a = 1.0 + ntm_pooled_sphi(phi, j);
        L += a * a;
    }
    double a = 1.0 + ntm_pooled_sphi(phi, whole);
    return L + (h - whole) * a * a;
}

static double smape1(double f, double a)
{
    double d = fabs(a) + fabs(f);
    return d > 0 ? 200 * fabs(f - a) / d : 0;
}

/* Log of the mixture density of the held-back Z at horizon H. */
static double mix_logpdf(const ntm_pooled_post *q, double zl, double S, double gr_c, double gr_l,
                         double c, double lambda, double z)
{
    double p = 0, wmax = 0;
    for (size_t k = 0; k < q->k; k++)
        wmax = fmax(wmax, q->w[k]);
    for (size_t k = 0; k < q->k; k++) {
        if (q->w[k] < TUNE_KEEP * wmax)
            continue;
        double var = q->s2[k] * (c * gr_c + lambda * gr_l) + S * S * q->v[k];
        double u = z - zl - q->b[k] * S;
        p += q->w[k] * exp(-0.5 * u * u / var) / sqrt(6.283185307179586 * var);
    }
    return p > 1e-300 ? log(p) : log(1e-300);
}

typedef struct tune_acc {
    double smape[N_PHI][MAX_J + 1], lpd[N_C][N_LAMBDA];
    double count[MAX_J + 1];
} tune_acc;

/* One pass over the held-back points at every J: sMAPE for every phi (PASS 0), or the
 * log predictive density of every (c, lambda) at P->phi (PASS 1). */
static ntm_status holdback_pass(const ntm_pooled_panel *pn, ntm_pooled_prior *th, size_t jmax,
                                int pass, tune_acc *acc, ntm_error *err)
{
    ntm_pooled_stats *st = malloc(pn->n_units * sizeof *st);
    ntm_pooled_post *q = malloc(sizeof *q);
    if (!st || !q) {
        free(st);
        free(q);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    ntm_status rc = NTM_OK;
    for (size_t J = 1; J <= jmax && rc == NTM_OK; J++) {
        for (size_t i = 0; i < pn->n_units; i++) {
            if (pn->n[i] >= J + 2)
                unit_stats(pn, i, pn->n[i] - J, th[J].zunit, &st[i]);
            else
                memset(&st[i], 0, sizeof st[i]);
        }
        if (pass == 0 && ntm_pooled_learn(st, pn->n_units, &th[J - 1], &th[J], err) != NTM_OK) {
            rc = NTM_EINPUT;
            break;
        }
        for (size_t i = 0; i < pn->n_units; i++) {
            if (st[i].m == 0 || ntm_pooled_posterior(&st[i], &th[J], q, NULL) != NTM_OK)
                continue;
            size_t last = pn->n[i] - J - 1;
            double zl = pn->z[i][last] / th[J].zunit;
            for (size_t h = 1; h <= J; h++) {
                double H = pn->t[i][last + h] - pn->t[i][last], za = pn->z[i][last + h];
                double ya = ntm_scale_inv(th->scale, th->ceiling, za);
                acc->count[h]++;
                if (pass == 0) {
                    for (int f = 0; f < N_PHI; f++) {
                        double zf = th[J].zunit * (zl + q->bmean * ntm_pooled_sphi(phis[f], H));
                        acc->smape[f][h] += smape1(ntm_scale_inv(th->scale, th->ceiling, zf), ya);
                    }
                    continue;
                }
                double S = ntm_pooled_sphi(th->phi, H), gl = lphi(th->phi, H);
                for (int a = 0; a < N_C; a++)
                    for (int b = 0; b < N_LAMBDA; b++)
                        acc->lpd[a][b] +=
                            mix_logpdf(q, zl, S, H, gl, cs[a], lambdas[b], za / th[J].zunit);
            }
        }
    }
    free(st);
    free(q);
    return rc;
}

ntm_status ntm_pooled_tune(const ntm_pooled_panel *pn, ntm_pooled_prior *p, ntm_error *err)
{
    size_t jmax = max_holdback(pn);
    if (jmax == 0)
        return NTM_OK; /* nothing to learn from: the defaults stay */
    ntm_pooled_prior th[MAX_J + 1];
    for (size_t j = 0; j <= MAX_J; j++)
        th[j] = *p;
    th[0].tau = NAN; /* the first J starts from moments */
    tune_acc acc;
    memset(&acc, 0, sizeof acc);
    ntm_status rc = holdback_pass(pn, th, jmax, 0, &acc, err);
    if (rc != NTM_OK)
        return rc;
    /* sMAPE averaged over the horizons, each horizon weighing the same (as in the
     * forecasts that count), not over the points (which would favour one step ahead). */
    int best = N_PHI - 1;
    double sm[N_PHI];
    for (int f = 0; f < N_PHI; f++) {
        sm[f] = 0;
        for (size_t h = 1; h <= jmax; h++)
            sm[f] += acc.count[h] > 0 ? acc.smape[f][h] / acc.count[h] : 0;
    }
    for (int f = 0; f < N_PHI; f++)
        if (sm[f] < sm[best])
            best = f;
    for (size_t j = 0; j <= MAX_J; j++)
        th[j].phi = phis[best];
    rc = holdback_pass(pn, th, jmax, 1, &acc, err);
    if (rc != NTM_OK)
        return rc;
    int ba = 0, bb = 1; /* with one-step errors only, lambda stays at its default 0.1 */
    for (int a = 0; a < N_C; a++)
        for (int b = 0; b < N_LAMBDA; b++)
            if ((jmax > 1 || b == 1) && acc.lpd[a][b] > acc.lpd[ba][bb]) {
                ba = a;
                bb = b;
            }
    p->phi = phis[best];
    p->c = cs[ba];
    p->lambda = jmax > 1 ? lambdas[bb] : NTM_POOLED_DEFAULT_LAMBDA;
    return NTM_OK;
}

/* For z = y: the typical yearly change, so that theta's bounds and the grid fit. */
static double panel_zunit(const ntm_pooled_panel *pn)
{
    double *r = malloc(pn->n_units * sizeof *r);
    size_t k = 0;
    if (!r)
        return 1.0;
    for (size_t i = 0; i < pn->n_units; i++) {
        ntm_pooled_stats s;
        unit_stats(pn, i, pn->n[i], 1.0, &s);
        if (s.m > 0 && s.syy > 0)
            r[k++] = sqrt(s.syy / s.m);
    }
    double u = 1.0;
    if (k) {
        for (size_t i = 1; i < k; i++) /* insertion sort: the median */
            for (size_t j = i; j > 0 && r[j - 1] > r[j]; j--) {
                double x = r[j];
                r[j] = r[j - 1];
                r[j - 1] = x;
            }
        u = r[k / 2] / 0.05;
    }
    free(r);
    return u > 0 && isfinite(u) ? u : 1.0;
}

ntm_status ntm_pooled_priors(const ntm_pooled_panel *pn, const ntm_pooled_prior *p, int tune,
                             ntm_pooled_prior *out, ntm_error *err)
{
    size_t usable = 0;
    for (size_t i = 0; i < pn->n_units; i++)
        usable += pn->n[i] >= 2;
    for (size_t i = 0; i < pn->n_units; i++)
        out[i] = *p;
    if (usable < NTM_POOLED_MIN_SIBLINGS + 1)
        return NTM_OK;
    ntm_pooled_prior base = *p;
    base.zunit = p->scale == NTM_SCALE_ID ? panel_zunit(pn) : 1.0;
    base.origin = NTM_PRIOR_SIBLINGS;
    ntm_status rc = tune ? ntm_pooled_tune(pn, &base, err) : NTM_OK;
    ntm_pooled_stats *st = malloc(pn->n_units * sizeof *st);
    ntm_pooled_stats *fold = malloc(pn->n_units * sizeof *fold);
    if (!st || !fold)
        rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
    if (rc == NTM_OK) {
        for (size_t i = 0; i < pn->n_units; i++)
            unit_stats(pn, i, pn->n[i], base.zunit, &st[i]);
        base.tau = NAN;
        rc = ntm_pooled_learn(st, pn->n_units, NULL, &base, err);
    }
    size_t nf = pn->n_units < NTM_POOLED_FOLDS ? pn->n_units : NTM_POOLED_FOLDS;
    for (size_t f = 0; f < nf && rc == NTM_OK; f++) {
        size_t sib = 0;
        for (size_t i = 0; i < pn->n_units; i++) {
            int own = i % nf == f;
            fold[i] = own ? (ntm_pooled_stats){0} : st[i];
            sib += !own && st[i].m > 0;
        }
        ntm_pooled_prior th = base; /* started from the fold's own moments: nothing of */
        rc = ntm_pooled_learn(fold, pn->n_units, NULL, &th, err); /* the unit, not even there */
        th.n_siblings = sib;
        for (size_t i = f; i < pn->n_units && rc == NTM_OK; i += nf)
            out[i] = th;
    }
    free(st);
    free(fold);
    return rc;
}

ntm_status ntm_pooled_panel_prior(const ntm_pooled_panel *pn0, const ntm_pooled_prior *p,
                                  ntm_pooled_prior *out, ntm_error *err)
{
    size_t usable = 0;
    for (size_t i = 0; i < pn0->n_units; i++)
        usable += pn0->n[i] >= 2;
    *out = *p;
    if (usable < NTM_POOLED_MIN_SIBLINGS)
        return NTM_OK;
    /* Many siblings: an evenly spread sample of them is enough for four numbers and the
     * three tuned ones (and keeps a country's panel fast). */
    ntm_pooled_panel pn = *pn0;
    size_t keep = pn0->n_units, stride = 1;
    if (usable > NTM_POOLED_MAX_PANEL) {
        stride = (pn0->n_units + NTM_POOLED_MAX_PANEL - 1) / NTM_POOLED_MAX_PANEL;
        keep = (pn0->n_units + stride - 1) / stride;
    }
    size_t *nn = malloc(keep * sizeof *nn);
    const double **tz = malloc(2 * keep * sizeof *tz);
    ntm_pooled_stats *st = malloc(keep * sizeof *st);
    if (!nn || !tz || !st) {
        free(nn);
        free(tz);
        free(st);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    for (size_t i = 0, k = 0; k < keep; i += stride, k++) {
        nn[k] = pn0->n[i];
        tz[k] = pn0->t[i];
        tz[keep + k] = pn0->z[i];
    }
    pn.n_units = keep;
    pn.n = nn;
    pn.t = tz;
    pn.z = tz + keep;
    ntm_pooled_prior th = *p;
    th.zunit = p->scale == NTM_SCALE_ID ? panel_zunit(&pn) : 1.0;
    th.origin = NTM_PRIOR_SIBLINGS;
    ntm_status rc = ntm_pooled_tune(&pn, &th, err);
    for (size_t i = 0; i < pn.n_units; i++)
        unit_stats(&pn, i, pn.n[i], th.zunit, &st[i]);
    if (rc == NTM_OK)
        rc = ntm_pooled_learn(st, pn.n_units, NULL, &th, err);
    free(st);
    free(nn);
    free(tz);
    th.n_siblings = usable;
    if (rc == NTM_OK)
        *out = th;
    return rc;
}
