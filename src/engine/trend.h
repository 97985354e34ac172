/* trend.h: trend models for short indicator series (DESIGN.md, "The numeric model":
 * Trend and Predictive draws). Pure numerics: no I/O, no printing, no environment.
 * Every function that can fail returns an ntm_status and leaves the message in the
 * ntm_error passed in (NULL allowed).
 *
 * Models. A transform z = g(y) puts the series on a scale where a straight line is
 * fitted:
 *   linear     z = y
 *   loglinear  z = log y
 *   logistic   z = logit(y / L) = log(y / (L - y)), ceiling L fixed (spec.ceiling, or
 *              100 for rates); with spec.estimate_ceiling, L is estimated instead by
 *              nonlinear least squares on y = L / (1 + exp(-k (t - t_mid))) (trend_nls.h)
 *   damped     z = level + slope * S(t - t_last), S(h) = sum_{j=1..h} phi^j
 *              = phi (1 - phi^h) / (1 - phi) (also for h <= 0 and fractional h), phi in
 *              [0.8, 0.98] chosen by least squares (golden section); only for n >= 7.
 *              For h >= 1 this is the damped-trend forecast level + slope * sum phi^j.
 *   constant   z = level
 *   drift      z = y,     a random walk with drift anchored at the last value (below)
 *   logdrift   z = log y, the same on the log scale (b = the yearly growth rate)
 *   rw, logrw  the random walk without drift (b = 0): the naive forecast, honest intervals
 * The line models (all but the walks): on the z scale: z = a + b x(t) + e, x centred on the data, e
 * ~ N(0, sigma^2), with the conjugate prior b | sigma^2 ~ N(b0, sigma^2 / kappa0), kappa0 =
 * sigma0^2 / tau^2 (so at sigma = sigma0 the slope's prior SD is tau), sigma^2 ~ Inv-chi^2(nu0,
 * sigma0^2), a flat. The posterior (derived in trend.c) is closed form; with a flat prior it is
 * ordinary least squares and the predictive is the classical t interval.
 *
 *
 * The random walk with drift (derivation and likelihood in trend.c, fit_drift): with gaps
 * D_i = t_i - t_{i-1} > 0, z_i - z_{i-1} = b D_i + e_i, e_i ~ N(0, sigma^2 D_i), the same
 * conjugate prior on (b, sigma^2) (the slope prior is a prior on the drift b, the yearly
 * change of z, so a catalog prior keeps its meaning), and h = t - t_n:
 *   z ~ t_{nu_n}(z_n + b_n h, s_n^2 (|h| + h^2 / kappa_n)),
 * kappa_n = kappa0 + t_n - t_1, nu_n = nu0 + n - 1 (prior slope) or nu0 + n - 2 (flat).
 * Flat and yearly: b_n = (z_n - z_1)/(n - 1), s_n^2 = the sample variance of the yearly
 * differences, dof n - 2. At h = 0 the predictive is the observed value (a point mass);
 * for h < 0 the walk runs backwards from the last point. rw fixes b = 0: 1/kappa_n = 0,
 * nu_n = nu0 + n - 1, s_n^2 = (nu0 s0^2 + sum d_i^2 / D_i) / nu_n. Parameters (fit --format
 * json): "level" (z_n, se 0: observed) and "drift" (b_n); rw: "level". A prior stated for
 * linear applies to drift and rw too, one for loglinear to logdrift and logrw (same scale,
 * same meaning of the slope and of the year-to-year noise), and vice versa.
 *
 * Predictive: Student-t on the z scale (the logistic with estimated ceiling: a t on the
 * y scale from the linearised model), back-transformed; quantiles commute with the
 * monotone g^-1 and with the clamp to the bounds (rates [0, 100], counts >= 0).
 * `auto` mixes the candidates (n >= k + 2, k counting sigma) with Akaike weights from
 * AICc on the original y scale (log-Jacobian of g included). Candidates: constant (k = 2),
 * linear, loglinear (3), logistic with L fixed (3) and with L estimated (4) when asked,
 * damped (4, n >= 7), drift, logdrift (3), rw, logrw (2). Every likelihood is of all n
 * points; for the walks the initial level is a parameter (k counts it), as in state-space
 * models (trend.c). When no candidate has n >= k + 2 (n <= 3), auto fits one model: the
 * prior's model when a prior is given, else rw from the last value (n >= 2), else
 * constant. */
#ifndef NTM_TREND_H
#define NTM_TREND_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "core/error.h"
#include "engine/pooled.h"
#include "model/catalog.h"

typedef enum ntm_model {
    NTM_MODEL_AUTO,
    NTM_MODEL_LINEAR,
    NTM_MODEL_LOGLINEAR,
    NTM_MODEL_LOGISTIC,
    NTM_MODEL_DAMPED,
    NTM_MODEL_CONSTANT,
    NTM_MODEL_DRIFT,    /* random walk with drift, z = y (added after the others: the */
    NTM_MODEL_LOGDRIFT, /* numeric values of the older names are unchanged)  z = log y */
    NTM_MODEL_RW,       /* random walk without drift (the naive forecast),  z = y */
    NTM_MODEL_LOGRW,    /*                                                  z = log y */
    NTM_MODEL_AICC,     /* the Akaike mixture of the candidates above (auto before the */
    NTM_MODEL_POOLED    /* pooled model); the pooled damped drift (pooled.h), = auto */
} ntm_model;

/* "auto", "linear", "loglinear", "logistic", "damped", "constant", "drift", "logdrift",
 * "rw", "logrw", "aicc", "pooled". */
const char *ntm_model_name(ntm_model m);
/* Reads a model name (as above). Returns 0, or -1 for an unknown name. */
int ntm_model_from_name(const char *s, ntm_model *out);

typedef struct ntm_trend_spec {
    ntm_model model;                /* the model, or NTM_MODEL_AUTO */
    double ceiling;                 /* logistic ceiling L; NaN: 100 for rates, else none */
    int estimate_ceiling;           /* logistic: estimate L (and in auto: the logistic candidate) */
    int is_rate;                    /* y is a percent: kept in [0, 100]; 0% and 100% corrected */
    int nonnegative;                /* y is a count or amount: kept >= 0 (implied by is_rate) */
    const ntm_prior *prior;         /* NULL or all-NaN = flat; see prior_model */
    int allow_ties;                 /* accept repeated t (a regression, e.g. NIST Norris; not for
                                       time series, where a repeated year is an input error) */
    ntm_model prior_model;          /* the model whose z scale the prior is on. With an explicit
                                       model the prior applies when prior_model is AUTO or that
                                       model; in aicc only to the candidate of this model. In auto
                                       it also gives the pooled model's scale (logistic: logit,
                                       log models: log, others: y), prior or not. */
    const ntm_pooled_prior *pooled; /* auto: the siblings' prior (NULL: the catalog's
                                       prior when it has all four numbers, else flat) */
} ntm_trend_spec;

/* Defaults: auto, no ceiling, no bounds, flat prior. */
void ntm_trend_spec_init(ntm_trend_spec *spec);

/* The pooled model's scale for SPEC and the N values Y, with its ceiling in *CEILING
 * (logit), and one value on that scale (a 0 or the ceiling moved inside by half a count
 * of denominator DEN, or without one by half a rounding unit, 0,05 of 100). Sibling
 * panels are built with these so that they share the unit's scale. */
ntm_scale ntm_trend_scale(const ntm_trend_spec *spec, const double *y, size_t n, double *ceiling);
double ntm_trend_z(ntm_scale s, double ceiling, double y, double den);

typedef struct ntm_trend_fit ntm_trend_fit; /* opaque: a fitted model or a mixture */

/* Fits SPEC to the N points (T[i], Y[i]) (any order; T distinct and finite).
 * DENOMINATOR (may be NULL; NaN entries unknown) gives, for rates, the number of
 * households (or persons) each percentage was computed over. It serves twice:
 *  - 0% and 100% under log and logit get a half-count continuity correction:
 *    y = 100 * 0.5 / d and y = 100 * (d - 0.5) / d (without a denominator such a
 *    value is refused for an explicit model, and the candidate dropped in auto);
 *  - the binomial floor: the delta-method variance on the z scale,
 *    v_i = g'(y_i)^2 * 100^2 p_i (1 - p_i) / d_i, p_i = y_i / 100, averaged over the
 *    points with a denominator, is a floor on the posterior scale sigma_n^2. The
 *    residual variance estimates sigma^2 + v (DESIGN.md: sigma^2 + p(1-p)/n, the
 *    binomial term a floor, since commune rates come from full household reviews),
 *    so the floor only binds when the residuals are implausibly small.
 * Series of 1-2 points need a prior (sigma, nu and, for n = 1, the slope): with n = 1
 * the slope is the prior's and the level is the point.
 * Returns NTM_OK and a new fit in *OUT (free with ntm_trend_fit_free); NTM_EINPUT with a
 * message for bad input (too few points, non-finite or duplicate t, non-finite y, all y
 * equal with nothing to give sigma, y <= 0 under loglinear, a ceiling at or below the
 * data, no candidate model); NTM_ENUMERIC when the nonlinear fit does not converge;
 * NTM_ENOMEM. On failure *OUT is NULL. */
ntm_status ntm_trend_fit_new(ntm_trend_fit **out, const ntm_trend_spec *spec, const double *t,
                             const double *y, const double *denominator, size_t n, ntm_error *err);

void ntm_trend_fit_free(ntm_trend_fit *f); /* NULL is fine */

/* The model asked for (AUTO for a mixture), the number of points, the last t. */
ntm_model ntm_trend_model(const ntm_trend_fit *f);
size_t ntm_trend_n(const ntm_trend_fit *f);
double ntm_trend_t_last(const ntm_trend_fit *f);

/* The pooled model's prior (its origin, theta, phi, c, lambda) and the own-data weight
 * omega; NULL and NaN for the other models. */
const ntm_pooled_prior *ntm_trend_pooled_prior(const ntm_trend_fit *f);
double ntm_trend_omega(const ntm_trend_fit *f);

/* Number of components in the mixture (1 for an explicit model), at most this: */
#define NTM_TREND_MAX_COMPONENTS 10
size_t ntm_trend_n_components(const ntm_trend_fit *f);

#define NTM_TREND_MAX_PARAMS 3

typedef struct ntm_trend_param {
    const char *name; /* "intercept", "slope", "L", "k", "t_mid", "level", "phi",
                         "drift" */
    double value;     /* NaN when undefined: see why */
    double se;        /* standard error (posterior scale), NaN when undefined */
    const char *why;  /* NULL, or why the value or se is undefined (static text) */
} ntm_trend_param;

/* What one component reports. Parameters are on the z scale with t as given:
 *   linear, loglinear: intercept (at t = 0), slope
 *   logistic:          L, k (= slope of logit), t_mid (where y = L/2; undefined when k = 0)
 *   damped:            level (at t_last), slope, phi
 *   constant:          level
 *   drift, logdrift:   level (z at t_last, observed: se 0), drift (b per unit of t)
 *   rw, logrw:         level
 * COV is the covariance of the parameters in that order (posterior scale for the
 * Bayesian models: sigma_n^2 times the unscaled covariance; s^2 (J'J)^-1 for the
 * nonlinear logistic; phi's row from the profile curvature). */
typedef struct ntm_trend_component {
    ntm_model model;
    int ceiling_estimated; /* logistic with L estimated by nonlinear least squares */
    double weight;         /* Akaike weight (1 for an explicit model) */
    double aicc;           /* AICc on the y scale; NaN when n < k + 2 */
    double loglik;         /* maximised log-likelihood on the y scale (Jacobian included) */
    int k;                 /* parameters counted in AICc, sigma included */
    double rss;            /* residual sum of squares on the z scale (least squares fit) */
    double sigma;          /* posterior scale sigma_n on the z scale (after the floor) */
    double dof;            /* degrees of freedom of the predictive t */
    size_t n_params;
    ntm_trend_param param[NTM_TREND_MAX_PARAMS];
    double cov[NTM_TREND_MAX_PARAMS][NTM_TREND_MAX_PARAMS];
    int iterations; /* nonlinear fit: iterations used (else 0) */
} ntm_trend_component;

/* Copies what component I (0 <= I < n_components) reports into *OUT.
 * Returns NTM_OK, or NTM_EINPUT for I out of range. */
ntm_status ntm_trend_component_get(const ntm_trend_fit *f, size_t i, ntm_trend_component *out);

/* The predictive Q-quantile (0 < Q < 1) of y at time T (any T, usually beyond the data).
 * One component: analytic. A mixture: the mixture CDF inverted by Newton steps kept
 * inside a bisection bracket (the components' quantiles) to NTM_TREND_QUANTILE_TOL. Returns NTM_OK,
 * NTM_EINPUT for a bad Q or non-finite T, NTM_ENUMERIC if the inversion fails. */
ntm_status ntm_trend_quantile(const ntm_trend_fit *f, double t, double q, double *y);

/* P(y_T <= THRESHOLD) under the predictive distribution into *P. */
ntm_status ntm_trend_prob_below(const ntm_trend_fit *f, double t, double threshold, double *p);

/* The predictive mean of y at T. Under log or logit the Student-t predictive has no
 * finite mean after back-transformation (exp of a t), so the mean is that of the
 * predictive discretised at NTM_TREND_MEAN_NODES equiprobable points (midpoint rule
 * on the quantile function, clamp included); exact for an unclamped linear model. */
ntm_status ntm_trend_mean(const ntm_trend_fit *f, double t, double *y);

/* Everything a forecast table shows at one time, computed together. */
typedef struct ntm_trend_forecast {
    double t, median, mean, lo80, hi80, lo95, hi95;
} ntm_trend_forecast;
ntm_status ntm_trend_forecast_at(const ntm_trend_fit *f, double t, ntm_trend_forecast *out);

/* The same at the M times TIMES into OUT (M entries), sharing the work that does not
 * depend on time (use this for a forecast table). Returns NTM_OK, NTM_EINPUT for a
 * non-finite time, NTM_ENUMERIC when a value overflows. */
ntm_status ntm_trend_forecast_many(const ntm_trend_fit *f, const double *times, size_t m,
                                   ntm_trend_forecast *out);

/* Number of uniform variates one call of ntm_trend_draw takes from the stream for M
 * times: always 5 + M whatever component or branch (common random numbers). */
size_t ntm_trend_draw_variates(size_t m);

/* One joint predictive path at the M times TIMES into Y_OUT (M values): a component
 * by its weight, sigma^2 from its posterior scaled-inverse-chi^2, the parameters from
 * their posterior normal given sigma^2, then independent noise at each time (the walks:
 * the walk's cumulative noise from the last value, so the path's values share their past
 * in whatever order TIMES come; each time's marginal is the analytic predictive);
 * y = g^-1(z) clamped to the bounds. Takes exactly ntm_trend_draw_variates(M) uniforms
 * from R whatever the model: normals by inverting their CDF; the chi-square from one
 * uniform that seeds a private SplitMix64 for a gamma rejection sampler (Marsaglia &
 * Tsang), so common random numbers hold. Returns NTM_OK or NTM_EINPUT (non-finite time). */
ntm_status ntm_trend_draw(const ntm_trend_fit *f, gsl_rng *r, const double *times, size_t m,
                          double *y_out);

/* Tolerances, named (DESIGN: tolerances are parameters). */
#define NTM_TREND_QUANTILE_TOL 1e-10 /* relative, on y, for mixture quantiles */
#define NTM_TREND_MEAN_NODES 24      /* equiprobable points for the mean */

#endif
