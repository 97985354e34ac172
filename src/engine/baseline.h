/* baseline.h: an indicator's history as a series, and its trend fit with the catalog's
 * model and prior: what `project`, `plot` and the simulator's baselines share. */
#ifndef NTM_BASELINE_H
#define NTM_BASELINE_H

#include <stddef.h>

#include "core/error.h"
#include "engine/trend.h"
#include "model/catalog.h"
#include "model/unit.h"

#define NTM_SERIES_MAX 64

typedef struct ntm_series {
    double t[NTM_SERIES_MAX], y[NTM_SERIES_MAX], den[NTM_SERIES_MAX]; /* den: NaN unknown */
    size_t n;
    double t_last; /* latest t (NaN when n == 0) */
} ntm_series;

/* The history of IND among OBS (dated before AS_OF): one value per date, the reported
 * value or else 100 × numerator / denominator; where several reports share a date, the
 * less favourable one (as the status rule does). A sum's denominator is its parts'
 * largest on that date. */
void ntm_baseline_series(const ntm_catalog *cat, const ntm_indicator *ind,
                         const ntm_observation *obs, size_t n_obs, double as_of, ntm_series *s);

/* Fits IND's trend to S: the catalog's model and prior (model "auto" once there are 3
 * points or more), rates kept in [0, 100], counts >= 0. Returns NTM_EINPUT with a
 * reason in ERR when the series is too short for a fit without a prior. */
ntm_status ntm_baseline_fit(const ntm_indicator *ind, const ntm_series *s, ntm_trend_fit **fit,
                            ntm_error *err);

/* The same with the siblings' prior POOLED (NULL: the catalog's prior, else flat). */
ntm_status ntm_baseline_fit_with(const ntm_indicator *ind, const ntm_series *s,
                                 const ntm_pooled_prior *pooled, ntm_trend_fit **fit,
                                 ntm_error *err);

/* The siblings' prior for IND from SIB (the other units' observations of IND and its
 * parts, ordered by unit: store_series.h), on the scale IND's fit uses for the unit's own
 * series OWN. *OUT gets origin SIBLINGS and the number of siblings when at least
 * NTM_POOLED_MIN_SIBLINGS have 2 points or more; else origin FLAT (use the catalog's). */
ntm_status ntm_baseline_sibling_prior(const ntm_catalog *cat, const ntm_indicator *ind,
                                      const ntm_observation *sib, size_t n_sib, double as_of,
                                      const ntm_series *own, ntm_pooled_prior *out, ntm_error *err);

/* 1 when the catalog gives IND a usable prior (a slope or a sigma). */
int ntm_baseline_has_prior(const ntm_indicator *ind);

#endif
