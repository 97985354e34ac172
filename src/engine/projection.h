/* projection.h: what a fitted trend says about a threshold, year by year: the forecast
 * at each year-end, P(met) at each year-end (analytic, from the predictive
 * distribution) and the distribution of the first year the threshold is met (from
 * predictive paths: a path meets it in the first year-end where it is on the right side).
 * Pure numerics on a trend fit (engine/trend.h). */
#ifndef NTM_PROJECTION_H
#define NTM_PROJECTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/error.h"
#include "engine/trend.h"

/* ntm_year_end (the year-end time) is in core/calendar.h. */

typedef struct ntm_projection_spec {
    const ntm_trend_fit *fit;
    double lower, upper;       /* threshold: met when lower <= y <= upper (NaN: no bound) */
    int first_year, last_year; /* year-ends evaluated, inclusive */
    size_t draws;              /* predictive paths for the first-year-met distribution */
    uint64_t seed;
} ntm_projection_spec;

#define NTM_PROJECTION_MAX_YEARS 64

typedef struct ntm_projection {
    int n_years;
    int year[NTM_PROJECTION_MAX_YEARS];
    ntm_trend_forecast forecast[NTM_PROJECTION_MAX_YEARS];
    double p_met[NTM_PROJECTION_MAX_YEARS];   /* P(met at that year-end), analytic */
    double p_first[NTM_PROJECTION_MAX_YEARS]; /* P(first met in that year), from paths */
    double p_never;                           /* P(not met by last_year), from paths */
    /* Quantiles of the first year met: 0 when that quantile is "not by last_year". */
    int first_q10, first_q50, first_q90;
    double mc_se_max; /* largest Monte Carlo standard error of p_first */
} ntm_projection;

/* Computes the projection. Returns NTM_EINPUT for a bad spec (no bound, years out of
 * order or more than NTM_PROJECTION_MAX_YEARS, no draws), or the trend's error. */
ntm_status ntm_projection_compute(const ntm_projection_spec *spec, ntm_projection *out,
                                  ntm_error *err);

#endif
