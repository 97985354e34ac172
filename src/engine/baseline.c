/* baseline.c: series and trend fits of indicators (see baseline.h). */
#include "engine/baseline.h"

#include <stdlib.h>
#include "engine/pooled_tune.h"

#include <math.h>
#include <string.h>

int ntm_baseline_has_prior(const ntm_indicator *ind)
{
    return isfinite(ind->prior.slope) || isfinite(ind->prior.sigma);
}

/* Orders S by time (insertion sort: a handful of points). */
static void sort_series(ntm_series *s)
{
    for (size_t i = 1; i < s->n; i++)
        for (size_t j = i; j > 0 && s->t[j - 1] > s->t[j]; j--) {
            double a = s->t[j], b = s->y[j], c = s->den[j];
            s->t[j] = s->t[j - 1];
            s->y[j] = s->y[j - 1];
            s->den[j] = s->den[j - 1];
            s->t[j - 1] = a;
            s->y[j - 1] = b;
            s->den[j - 1] = c;
        }
}

/* A part's value at observation O: reported, else 100 x numerator / denominator. */
static double part_value(const ntm_observation *o)
{
    if (isfinite(o->value))
        return o->value;
    if (isfinite(o->numerator) && isfinite(o->denominator) && o->denominator > 0)
        return 100.0 * o->numerator / o->denominator;
    return NAN;
}

/* Dates where the sum SUM was not reported but its parts were: the parts' combined value,
 * 100 x (sum of numerators) / (the common denominator) when every part gives its counts
 * over the same denominator, else the sum of the parts' values. */
static void sum_of_parts(const ntm_catalog *cat, const ntm_indicator *sum,
                         const ntm_observation *obs, size_t n_obs, double as_of, ntm_series *s)
{
    for (size_t i = 0; i < n_obs && s->n < NTM_SERIES_MAX; i++) {
        const ntm_indicator *p =
            obs[i].indicator ? ntm_catalog_indicator(cat, obs[i].indicator) : NULL;
        double t = obs[i].t;
        if (!p || !p->part_of || strcmp(p->part_of, sum->code) != 0 || !(t < as_of))
            continue;
        size_t j = 0;
        while (j < s->n && s->t[j] != t)
            j++;
        if (j < s->n)
            continue; /* the sum itself, or this date's parts, already counted */
        double v = 0, num = 0, den = NAN;
        int counts = 1, any = 0;
        for (size_t k = 0; k < n_obs; k++) {
            const ntm_indicator *q =
                obs[k].indicator ? ntm_catalog_indicator(cat, obs[k].indicator) : NULL;
            if (!q || !q->part_of || strcmp(q->part_of, sum->code) != 0 || obs[k].t != t)
                continue;
            double pv = part_value(&obs[k]);
            if (!isfinite(pv))
                continue;
            any = 1;
            v += pv;
            if (isfinite(obs[k].numerator) && isfinite(obs[k].denominator) &&
                (isnan(den) || den == obs[k].denominator)) {
                num += obs[k].numerator;
                den = obs[k].denominator;
            } else
                counts = 0;
        }
        if (!any)
            continue;
        s->t[s->n] = t;
        s->y[s->n] = counts && den > 0 ? 100.0 * num / den : v;
        s->den[s->n] = den;
        s->n++;
        if (!(t <= s->t_last))
            s->t_last = t;
    }
}

void ntm_baseline_series(const ntm_catalog *cat, const ntm_indicator *ind,
                         const ntm_observation *obs, size_t n_obs, double as_of, ntm_series *s)
{
    s->n = 0;
    s->t_last = NAN;
    for (size_t i = 0; i < n_obs && s->n < NTM_SERIES_MAX; i++) {
        const ntm_observation *o = &obs[i];
        if (!o->indicator || strcmp(o->indicator, ind->code) != 0 || !(o->t < as_of))
            continue;
        double v = o->value, den = o->denominator;
        if (!isfinite(v) && isfinite(o->numerator) && isfinite(o->denominator) &&
            o->denominator > 0)
            v = 100.0 * o->numerator / o->denominator;
        if (ind->kind == NTM_KIND_SUM && !isfinite(den)) {
            for (size_t k = 0; k < n_obs; k++) {
                const ntm_indicator *p =
                    obs[k].indicator ? ntm_catalog_indicator(cat, obs[k].indicator) : NULL;
                if (p && p->part_of && strcmp(p->part_of, ind->code) == 0 && obs[k].t == o->t &&
                    isfinite(obs[k].denominator) && !(obs[k].denominator <= den))
                    den = obs[k].denominator;
            }
        }
        if (!isfinite(v))
            continue;
        size_t j = 0;
        while (j < s->n && s->t[j] != o->t)
            j++;
        if (j < s->n) {
            int worse = ind->direction == NTM_DIR_MAX ? v > s->y[j] : v < s->y[j];
            if (worse) {
                s->y[j] = v;
                s->den[j] = den;
            }
            continue;
        }
        s->t[s->n] = o->t;
        s->y[s->n] = v;
        s->den[s->n] = den;
        s->n++;
        if (!(o->t <= s->t_last))
            s->t_last = o->t;
    }
    if (ind->kind == NTM_KIND_SUM)
        sum_of_parts(cat, ind, obs, n_obs, as_of, s);
}

/* The trend spec of IND for S (its scale comes from the catalog's model). */
static void baseline_spec(const ntm_indicator *ind, ntm_trend_spec *spec)
{
    ntm_trend_spec_init(spec);
    ntm_model model = NTM_MODEL_AUTO;
    if (ind->model)
        ntm_model_from_name(ind->model, &model);
    spec->model = NTM_MODEL_AUTO; /* the pooled model at every n; its scale is the catalog
                                     model's (prior_model), its prior the catalog's */
    spec->is_rate = ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM;
    spec->nonnegative = 1;
    spec->prior = ntm_baseline_has_prior(ind) ? &ind->prior : NULL;
    spec->prior_model = model;
    if (isfinite(ind->prior.ceiling))
        spec->ceiling = ind->prior.ceiling;
}

ntm_status ntm_baseline_fit(const ntm_indicator *ind, const ntm_series *s, ntm_trend_fit **fit,
                            ntm_error *err)
{
    return ntm_baseline_fit_with(ind, s, NULL, fit, err);
}

ntm_status ntm_baseline_fit_with(const ntm_indicator *ind, const ntm_series *s,
                                 const ntm_pooled_prior *pooled, ntm_trend_fit **fit,
                                 ntm_error *err)
{
    *fit = NULL;
    int prior = ntm_baseline_has_prior(ind) || pooled;
    if (s->n == 0)
        return ntm_error_set(err, NTM_EINPUT, "indicator %s has no data", ind->code);
    if (s->n < 2 && !prior)
        return ntm_error_set(err, NTM_EINPUT,
                             "indicator %s has one point and no prior in the catalog", ind->code);
    ntm_trend_spec spec;
    baseline_spec(ind, &spec);
    spec.pooled = pooled && pooled->origin == NTM_PRIOR_SIBLINGS ? pooled : NULL;
    int any_den = 0;
    for (size_t i = 0; i < s->n; i++)
        any_den |= isfinite(s->den[i]);
    return ntm_trend_fit_new(fit, &spec, s->t, s->y, any_den ? s->den : NULL, s->n, err);
}

ntm_status ntm_baseline_sibling_prior(const ntm_catalog *cat, const ntm_indicator *ind,
                                      const ntm_observation *sib, size_t n_sib, double as_of,
                                      const ntm_series *own, ntm_pooled_prior *out, ntm_error *err)
{
    ntm_trend_spec spec;
    baseline_spec(ind, &spec);
    double L;
    ntm_scale sc = ntm_trend_scale(&spec, own->y, own->n, &L);
    ntm_pooled_prior_flat(out, sc, L);
    size_t units = 0;
    for (size_t i = 0; i < n_sib; i++)
        units += i == 0 || strcmp(sib[i].unit, sib[i - 1].unit) != 0;
    if (units < NTM_POOLED_MIN_SIBLINGS)
        return NTM_OK;
    ntm_series *ser = malloc(units * sizeof *ser);
    size_t *nn = malloc(units * sizeof *nn);
    const double **tz = malloc(2 * units * sizeof *tz);
    double *zbuf = malloc(units * NTM_SERIES_MAX * sizeof *zbuf);
    if (!ser || !nn || !tz || !zbuf) {
        free(ser);
        free(nn);
        free(tz);
        free(zbuf);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0, j; i < n_sib; i = j) {
        for (j = i + 1; j < n_sib && strcmp(sib[j].unit, sib[i].unit) == 0; j++)
            ;
        ntm_series *u = &ser[k];
        ntm_baseline_series(cat, ind, sib + i, j - i, as_of, u);
        sort_series(u);
        int ok = u->n >= 1;
        for (size_t m = 0; m < u->n; m++) {
            ok &= !(sc == NTM_SCALE_LOG && !(u->y[m] > 0));
            zbuf[k * NTM_SERIES_MAX + m] = ntm_trend_z(sc, L, u->y[m], u->den[m]);
        }
        if (!ok)
            continue; /* a series off the scale (a 0 under log) says nothing here */
        nn[k] = u->n;
        tz[k] = u->t;
        tz[units + k] = zbuf + k * NTM_SERIES_MAX;
        k++;
    }
    for (size_t m = 0; m < k; m++) /* z pointers follow the t pointers */
        tz[k + m] = tz[units + m];
    ntm_pooled_panel pn = {k, nn, tz, tz + k};
    ntm_status rc = ntm_pooled_panel_prior(&pn, out, out, err);
    free(ser);
    free(nn);
    free(tz);
    free(zbuf);
    return rc;
}
