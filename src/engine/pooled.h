/* pooled.h: the damped drift for short series, its prior learned from sibling units
 * (units measuring the same indicator concept). Pure numerics: no I/O.
 *
 * On the model's scale z (logit for rates, log for positive amounts, else z = y), a unit's
 * differences d_k = z_k - z_{k-1} over gaps D_k (m = n - 1 of them) follow
 *   d_k = b D_k + e_k,  e_k ~ N(0, s2 D_k),  b ~ N(mu, tau^2),  s2 ~ scaled-Inv-chi^2(nu0, s0^2)
 * with b and s2 independent a priori. b integrates out in closed form
 * (ntm_pooled_loglik_s2); s2 on a fixed grid of NTM_POOLED_GRID log-spaced nodes. The
 * forecast h after the last point, given node k:
 *   z | k ~ N(z_n + b_k S(h), s2_k (c h + lambda L(h)) + S(h)^2 V_k),
 * S(h) = phi (1 - phi^h) / (1 - phi) (h when phi = 1), L(h) = sum_{j<h} (1 + S(j))^2,
 * mixed over the nodes. theta = (mu, tau, nu0, s0) maximises the siblings' marginal
 * likelihood; phi, c and lambda are tuned on the siblings' own past (ntm_pooled_tune). */
#ifndef NTM_POOLED_H
#define NTM_POOLED_H

#include <stddef.h>

#include "core/error.h"

#define NTM_POOLED_GRID 160 /* s2 nodes, log-spaced in [GRID_LO, GRID_HI] */
#define NTM_POOLED_GRID_LO 1e-8
#define NTM_POOLED_GRID_HI 4.0
#define NTM_POOLED_MIN_SIBLINGS 20 /* fewer: the catalog's prior, else the flat drift */
#define NTM_POOLED_FOLDS 10        /* leave-fold-out pooling: a unit never in its own prior */
#define NTM_POOLED_DEFAULT_C 2.0   /* range growth when nothing tunes it (documented default) */
#define NTM_POOLED_DEFAULT_LAMBDA 0.1

typedef enum ntm_scale { NTM_SCALE_ID, NTM_SCALE_LOG, NTM_SCALE_LOGIT } ntm_scale;

/* "y", "log", "logit". */
const char *ntm_scale_name(ntm_scale s);
/* z = g(y) and back; L is the logit ceiling (ignored otherwise). */
double ntm_scale_fwd(ntm_scale s, double L, double y);
double ntm_scale_inv(ntm_scale s, double L, double z);

/* Where the prior came from. */
typedef enum ntm_prior_origin {
    NTM_PRIOR_SIBLINGS, /* learned from sibling units */
    NTM_PRIOR_CATALOG,  /* the catalog's (or a prior file's) documented numbers */
    NTM_PRIOR_FLAT      /* none: flat drift and flat noise prior */
} ntm_prior_origin;

typedef struct ntm_pooled_prior {
    double mu, tau, nu0, s0; /* theta; unused when origin is FLAT */
    double phi, c, lambda;   /* damping and range growth */
    ntm_scale scale;
    double ceiling; /* logit ceiling (100 for rates) */
    double zunit;   /* the model works on z / zunit (1 for log and logit; for z = y a
                       typical size, so that the s2 grid fits the data) */
    ntm_prior_origin origin;
    size_t n_siblings; /* units theta was learned from (0 unless SIBLINGS) */
} ntm_pooled_prior;

/* Sets P to the flat prior with the documented defaults (phi 1, c and lambda defaults). */
void ntm_pooled_prior_flat(ntm_pooled_prior *p, ntm_scale scale, double ceiling);

/* Sufficient statistics of one unit's differences: m, Sxx = sum D, Sxy = sum d,
 * Syy = sum d^2 / D, slogd = sum log D. */
typedef struct ntm_pooled_stats {
    double m, sxx, sxy, syy, slogd;
} ntm_pooled_stats;

/* The statistics of the N points (T ascending, Z on the model's scale). */
void ntm_pooled_stats_of(const double *t, const double *z, size_t n, ntm_pooled_stats *out);

/* log p(d | s2) with b ~ N(MU, TAU^2) integrated out (TAU = INFINITY: the flat drift,
 * up to a constant). */
double ntm_pooled_loglik_s2(const ntm_pooled_stats *s, double mu, double tau, double s2);

/* log p(d | theta): s2 integrated on the grid against the scaled-Inv-chi^2 prior. */
double ntm_pooled_marginal(const ntm_pooled_stats *s, double mu, double tau, double nu0, double s0);

/* theta maximising the sum of ntm_pooled_marginal over the N units (those with m = 0 add
 * nothing), within the bounds of pooled.c, by Nelder-Mead from START (NULL: moments).
 * Writes mu, tau, nu0, s0 of *OUT (the rest untouched). NTM_EINPUT with fewer than 2
 * usable units. */
ntm_status ntm_pooled_learn(const ntm_pooled_stats *u, size_t n, const ntm_pooled_prior *start,
                            ntm_pooled_prior *out, ntm_error *err);

/* One unit's posterior: the nodes kept (weight above a relative 1e-10). */
typedef struct ntm_pooled_post {
    size_t k;
    double w[NTM_POOLED_GRID], s2[NTM_POOLED_GRID], b[NTM_POOLED_GRID], v[NTM_POOLED_GRID];
    double bmean; /* posterior mean of b */
    double s2mean;
    double omega; /* own-data weight 1 - E[V] / tau^2 (1 for the flat prior) */
} ntm_pooled_post;

/* The posterior of a unit with statistics S under prior P. NTM_EINPUT when the flat prior
 * has fewer than 2 differences. */
ntm_status ntm_pooled_posterior(const ntm_pooled_stats *s, const ntm_pooled_prior *p,
                                ntm_pooled_post *out, ntm_error *err);

/* S(h) and the noise growth c h + lambda L(h) (fractional h: the last term pro rata). */
double ntm_pooled_sphi(double phi, double h);
double ntm_pooled_growth(const ntm_pooled_prior *p, double h);

/* The predictive of z at H after the last point (Z_LAST): per node mean and SD. */
void ntm_pooled_moments(const ntm_pooled_post *q, const ntm_pooled_prior *p, double z_last,
                        double h, double *mean, double *sd);
double ntm_pooled_cdf(const ntm_pooled_post *q, const double *mean, const double *sd, double z);
double ntm_pooled_quantile(const ntm_pooled_post *q, const double *mean, const double *sd,
                           double prob);
/* The same, Newton started from START (a nearby quantile; NaN: a normal's). */
double ntm_pooled_quantile_near(const ntm_pooled_post *q, const double *mean, const double *sd,
                                double prob, double start);

#endif
