/* trend_nls.h: the logistic with an estimated ceiling, y = L / (1 + exp(-k (t - t_mid))),
 * fitted by nonlinear least squares (GSL multifit_nlinear, trust region with
 * Levenberg-Marquardt steps). Pure numerics; used by trend.c, tested on NIST Rat42
 * (b1 = L, b3 = k, b2 = k t_mid). */
#ifndef NTM_TREND_NLS_H
#define NTM_TREND_NLS_H

#include <stddef.h>

#include "core/error.h"

/* Convergence: scaled step, gradient and cost tolerances, iteration limit. */
#define NTM_NLS_XTOL 1e-12
#define NTM_NLS_GTOL 1e-12
#define NTM_NLS_FTOL 0.0
#define NTM_NLS_MAXITER 500

typedef struct ntm_trend_nls {
    double L, k, t_mid;   /* estimates */
    double cov[3][3];     /* (J'J)^-1 at the estimate (unscaled: times s^2 for the covariance) */
    double rss;           /* residual sum of squares */
    int iterations;       /* of the best start */
    int starts_converged; /* how many of the starting points converged */
} ntm_trend_nls;

/* Fits the logistic to the N points (T[i], Y[i]), N >= 4, from several robust starting
 * points (L0 = c * max y for a few c > 1; k0 and t_mid0 from least squares on
 * logit(y / L0)), keeping the converged fit with the smallest RSS.
 * Returns NTM_OK, NTM_EINPUT (fewer than 4 points, non-positive max y), NTM_ENUMERIC (no
 * start converged to a finite fit with k != 0 and L > 0), NTM_ENOMEM. */
ntm_status ntm_trend_nls_logistic(const double *t, const double *y, size_t n, ntm_trend_nls *out,
                                  ntm_error *err);

/* The logistic and its gradient (dL, dk, dt_mid) at T; stable for large |k (t - t_mid)|. */
double ntm_trend_nls_eval(double L, double k, double t_mid, double t, double grad[3]);

#endif
