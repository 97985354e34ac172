/* baseline.c: series and trend fits of indicators (see baseline.h). */
#include "engine/baseline.h"

#include <math.h>
#include <string.h>

int ntm_baseline_has_prior(const ntm_indicator *ind)
{
    return isfinite(ind->prior.slope) || isfinite(ind->prior.sigma);
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
}

ntm_status ntm_baseline_fit(const ntm_indicator *ind, const ntm_series *s, ntm_trend_fit **fit,
                            ntm_error *err)
{
    *fit = NULL;
    int prior = ntm_baseline_has_prior(ind);
    if (s->n == 0)
        return ntm_error_set(err, NTM_EINPUT, "indicator %s has no data", ind->code);
    if (s->n < 2 && !prior)
        return ntm_error_set(err, NTM_EINPUT,
                             "indicator %s has one point and no prior in the catalog", ind->code);
    ntm_trend_spec spec;
    ntm_trend_spec_init(&spec);
    ntm_model model = NTM_MODEL_AUTO;
    if (ind->model)
        ntm_model_from_name(ind->model, &model);
    spec.model = s->n >= 3 ? NTM_MODEL_AUTO : model;
    spec.is_rate = ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM;
    spec.nonnegative = 1;
    spec.prior = prior ? &ind->prior : NULL;
    spec.prior_model = model;
    if (isfinite(ind->prior.ceiling))
        spec.ceiling = ind->prior.ceiling;
    int any_den = 0;
    for (size_t i = 0; i < s->n; i++)
        any_den |= isfinite(s->den[i]);
    return ntm_trend_fit_new(fit, &spec, s->t, s->y, any_den ? s->den : NULL, s->n, err);
}
