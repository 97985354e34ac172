/* projection.c: thresholds against a trend (see projection.h). */
#include "engine/projection.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

ntm_status ntm_projection_compute(const ntm_projection_spec *spec, ntm_projection *out,
                                  ntm_error *err)
{
    memset(out, 0, sizeof *out);
    int n = spec->last_year - spec->first_year + 1;
    if (!spec->fit || (!isfinite(spec->lower) && !isfinite(spec->upper)))
        return ntm_error_set(err, NTM_EINPUT, "projection needs a fit and a threshold bound");
    if (n < 1 || n > NTM_PROJECTION_MAX_YEARS)
        return ntm_error_set(err, NTM_EINPUT, "projection years %d..%d out of range",
                             spec->first_year, spec->last_year);
    if (spec->draws == 0)
        return ntm_error_set(err, NTM_EINPUT, "projection needs at least one draw");
    out->n_years = n;
    double times[NTM_PROJECTION_MAX_YEARS];
    for (int i = 0; i < n; i++) {
        out->year[i] = spec->first_year + i;
        times[i] = ntm_year_end(out->year[i]);
        ntm_status rc = ntm_trend_forecast_at(spec->fit, times[i], &out->forecast[i]);
        if (rc != NTM_OK)
            return ntm_error_set(err, rc, "forecast at %d failed", out->year[i]);
        double below_hi = 1, below_lo = 0;
        if (isfinite(spec->upper) &&
            (rc = ntm_trend_prob_below(spec->fit, times[i], spec->upper, &below_hi)) != NTM_OK)
            return ntm_error_set(err, rc, "probability at %d failed", out->year[i]);
        if (isfinite(spec->lower) &&
            (rc = ntm_trend_prob_below(spec->fit, times[i], spec->lower, &below_lo)) != NTM_OK)
            return ntm_error_set(err, rc, "probability at %d failed", out->year[i]);
        double p = below_hi - below_lo;
        out->p_met[i] = p < 0 ? 0 : p > 1 ? 1 : p;
    }
    /* First year met, from joint predictive paths (one parameter draw per path). */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    gsl_rng_set(r, (unsigned long)(spec->seed ? spec->seed : 1));
    double path[NTM_PROJECTION_MAX_YEARS];
    size_t count[NTM_PROJECTION_MAX_YEARS + 1] = {0};
    for (size_t d = 0; d < spec->draws; d++) {
        ntm_status rc = ntm_trend_draw(spec->fit, r, times, (size_t)n, path);
        if (rc != NTM_OK) {
            gsl_rng_free(r);
            return ntm_error_set(err, rc, "predictive draw failed");
        }
        int k = 0;
        while (k < n && !ntm_threshold_meets(path[k], spec->lower, spec->upper))
            k++;
        count[k]++;
    }
    gsl_rng_free(r);
    double N = (double)spec->draws, cum = 0;
    out->first_q10 = out->first_q50 = out->first_q90 = 0;
    for (int i = 0; i < n; i++) {
        out->p_first[i] = count[i] / N;
        double se = sqrt(out->p_first[i] * (1 - out->p_first[i]) / N);
        if (se > out->mc_se_max)
            out->mc_se_max = se;
        double before = cum;
        cum += out->p_first[i];
        if (before < 0.1 && cum >= 0.1)
            out->first_q10 = out->year[i];
        if (before < 0.5 && cum >= 0.5)
            out->first_q50 = out->year[i];
        if (before < 0.9 && cum >= 0.9)
            out->first_q90 = out->year[i];
    }
    out->p_never = count[n] / N;
    return NTM_OK;
}
