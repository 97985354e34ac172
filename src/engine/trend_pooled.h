/* trend_pooled.h: the pooled damped drift (pooled.h) behind the ntm_trend_fit interface:
 * the model of `auto`. trend.c hands over the sorted, checked series. */
#ifndef NTM_TREND_POOLED_H
#define NTM_TREND_POOLED_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "core/error.h"
#include "engine/pooled.h"
#include "engine/trend.h"

typedef struct ntm_tp ntm_tp;

/* Whether SPEC and N points call for the pooled model (auto or pooled, and a prior or
 * enough points for the flat drift). */
int ntm_tp_applies(const ntm_trend_spec *spec, size_t n);

/* Fits the N points (T ascending and distinct, Y checked, DEN NaN or a denominator). */
ntm_status ntm_tp_fit(ntm_tp **out, const ntm_trend_spec *spec, const double *t, const double *y,
                      const double *den, size_t n, double lo, double hi, ntm_error *err);
void ntm_tp_free(ntm_tp *tp);

void ntm_tp_component(const ntm_tp *tp, ntm_trend_component *out);
const ntm_pooled_prior *ntm_tp_prior(const ntm_tp *tp);
double ntm_tp_omega(const ntm_tp *tp);
double ntm_tp_cdf(const ntm_tp *tp, double t, double y);
ntm_status ntm_tp_quantile(const ntm_tp *tp, double t, double q, double *y);
ntm_status ntm_tp_forecast(const ntm_tp *tp, double t, ntm_trend_forecast *out);
ntm_status ntm_tp_draw(const ntm_tp *tp, gsl_rng *r, const double *times, size_t m, double *y_out);

#endif
