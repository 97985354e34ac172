/* trend.c: trend fits, predictive quantiles and draws (trend.h).
 *
 * The Bayesian line on the z scale (every model but the estimated-ceiling logistic).
 * With x_i centred (sum x_i = 0), z_i = a + b x_i + e_i, e_i ~ N(0, s^2):
 *   sum (z_i - a - b x_i)^2 = sum (z_i - zbar - b x_i)^2 + n (zbar - a)^2,
 * so with a flat prior on a, a | s^2 ~ N(zbar, s^2 / n) independently of b, and a
 * integrates out leaving (s^2)^(-(n-1)/2) exp(-[Syy - 2 b Sxy + b^2 Sxx] / (2 s^2)).
 * Prior b | s^2 ~ N(b0, s^2 / kappa0) (a factor (s^2)^(-1/2)), s^2 ~ Inv-chi^2(nu0, s0^2).
 * Completing the square in b (Gelman et al., Bayesian Data Analysis, 3rd ed., 14.8):
 *   kappa_n = kappa0 + Sxx
 *   b_n     = (kappa0 b0 + Sxx bhat) / kappa_n     (precision-weighted average)
 *   nu_n    = nu0 + n - 1   (informative slope)   or   nu0 + n - 2   (flat slope)
 *   nu_n s_n^2 = nu0 s0^2 + SSE + (kappa0 Sxx / kappa_n) (bhat - b0)^2
 * and b | s^2 ~ N(b_n, s^2 / kappa_n), s^2 ~ Inv-chi^2(nu_n, s_n^2). The predictive at x:
 *   z ~ t_{nu_n}(zbar + b_n x, s_n^2 (1 + 1/n + x^2 / kappa_n)).
 * Flat (kappa0 = 0, nu0 = 0): b_n = bhat, nu_n = n - 2, s_n^2 = SSE / (n - 2): ordinary
 * least squares and the classical prediction interval. The constant model drops b:
 *   nu_n = nu0 + n - 1, nu_n s_n^2 = nu0 s0^2 + SSE.
 * When the prior gives a slope but no sigma, kappa0 uses the least-squares s (n >= 3).
 *
 * Akaike weights use the maximum-likelihood fit on the y scale: for z = g(y),
 *   log L_y = -n/2 (log(2 pi SSE/n) + 1) + sum log |g'(y_i)|,
 *   AICc = -2 log L_y + 2k + 2k(k+1) / (n - k - 1)   (Hurvich & Tsai 1989),
 * weights w_c = exp(-(AICc_c - min AICc)/2) / sum (Burnham & Anderson 2002, 2.9). */
#include "engine/trend.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>

#include "engine/rng.h"
#include "engine/trend_nls.h"
#include "engine/trend_pooled.h"

#define PHI_MIN 0.8 /* damping range (DESIGN.md) */
#define PHI_MAX 0.98
#define PHI_TOL 1e-7       /* golden-section tolerance on phi */
#define PHI_CURV_STEP 1e-4 /* step for the profile curvature (se of phi) */
#define DAMPED_MIN_N 7
#define SIGMA_FLOOR_REL 1e-9 /* sigma_ML >= this times the RMS of z (exact fits) */
#define QUANTILE_MAXITER 200
#define QUANTILE_NEWTON_STEPS 30 /* then bisection: 170 halvings are ample */
#define MAX_COMPONENTS                                                                             \
    NTM_TREND_MAX_COMPONENTS /* constant, linear, loglinear, logistic                              \
(L fixed and estimated), damped, drift, logdrift, rw, logrw */
#define RATE_MAX 100.0

typedef enum xform { XF_ID, XF_LOG, XF_LOGIT } xform;

typedef struct comp {
    ntm_model model;
    int nls; /* 1: logistic with estimated ceiling (y scale, nonlinear) */
    xform g;
    double L;   /* logit ceiling */
    double phi; /* damped: phi; else 0 */
    int has_slope;
    int drift;    /* random walk with drift: zbar is the last z, t_ref the last t */
    double t_ref; /* linear-type: x = t - t_ref; damped: x = S(t - t_ref) - xbar */
    double xbar;
    double n;
    double zbar, bn, kappan, nun, s2n;
    double lnorm;                         /* log of the t density's constant for nun */
    double th[3], chol[3][3], covu[3][3]; /* nls: estimate, Cholesky of (J'J)^-1 */
    ntm_trend_component info;
} comp;

struct ntm_trend_fit {
    ntm_model model;
    size_t n;
    double t_last;
    double lo, hi; /* bounds of y */
    size_t nc;
    ntm_tp *tp; /* the pooled model (auto), else NULL */
    comp c[MAX_COMPONENTS];
};

/* ---- names ------------------------------------------------------------------------ */

static const char *const model_names[] = {"auto",   "linear",   "loglinear", "logistic",
                                          "damped", "constant", "drift",     "logdrift",
                                          "rw",     "logrw",    "aicc",      "pooled"};

const char *ntm_model_name(ntm_model m)
{
    if ((unsigned)m < sizeof model_names / sizeof model_names[0])
        return model_names[m];
    return "unknown";
}

int ntm_model_from_name(const char *s, ntm_model *out)
{
    for (size_t i = 0; s && i < sizeof model_names / sizeof model_names[0]; i++)
        if (strcmp(s, model_names[i]) == 0) {
            *out = (ntm_model)i;
            return 0;
        }
    return -1;
}

void ntm_trend_spec_init(ntm_trend_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->model = NTM_MODEL_AUTO;
    spec->ceiling = NAN;
    spec->prior = NULL;
    spec->prior_model = NTM_MODEL_AUTO;
}

/* ---- transforms --------------------------------------------------------------------- */

static double g_fwd(xform g, double L, double y)
{
    switch (g) {
    case XF_LOG: return log(y);
    case XF_LOGIT: return log(y / (L - y));
    case XF_ID: break;
    }
    return y;
}

static double g_inv(xform g, double L, double z)
{
    switch (g) {
    case XF_LOG: return exp(z);
    case XF_LOGIT: return z >= 0 ? L / (1.0 + exp(-z)) : L * exp(z) / (1.0 + exp(z));
    case XF_ID: break;
    }
    return z;
}

/* |dz/dy| */
static double g_deriv(xform g, double L, double y)
{
    switch (g) {
    case XF_LOG: return 1.0 / y;
    case XF_LOGIT: return L / (y * (L - y));
    case XF_ID: break;
    }
    return 1.0;
}

/* ---- the data, prepared once ---------------------------------------------------------- */

typedef struct series {
    size_t n;
    double *t, *y, *d; /* sorted by t; d NaN where unknown */
    int is_rate;
    double lo, hi;
    const ntm_prior *prior;
} series;

typedef struct tyd {
    double t, y, d;
} tyd;

static int cmp_t(const void *a, const void *b)
{
    double x = ((const tyd *)a)->t, z = ((const tyd *)b)->t;
    return (x > z) - (x < z);
}

static int prior_has_slope(const ntm_prior *p)
{
    return p && isfinite(p->slope) && isfinite(p->slope_sd) && p->slope_sd > 0;
}

static int prior_has_sigma(const ntm_prior *p)
{
    return p && isfinite(p->sigma) && p->sigma > 0 && isfinite(p->nu) && p->nu > 0;
}

/* ---- the Bayesian line ---------------------------------------------------------------- */

/* Golden-section search state is not needed elsewhere; S(h) for the damped model. */
static double damp_sum(double phi, double h)
{
    return phi * (1.0 - pow(phi, h)) / (1.0 - phi);
}

static double comp_x(const comp *c, double t)
{
    if (c->model == NTM_MODEL_DAMPED)
        return damp_sum(c->phi, t - c->t_ref) - c->xbar;
    return t - c->t_ref;
}

/* Least squares of z on raw regressor x (both length n): centred sums, two passes. */
typedef struct ls {
    double zbar, xbar, sxx, sxy, sse, bhat;
} ls;

static ls ls_fit(const double *x, const double *z, size_t n, int has_slope)
{
    ls r = {0};
    for (size_t i = 0; i < n; i++) {
        r.zbar += z[i];
        r.xbar += has_slope ? x[i] : 0;
    }
    r.zbar /= (double)n;
    r.xbar /= (double)n;
    if (has_slope) {
        for (size_t i = 0; i < n; i++) {
            double dx = x[i] - r.xbar;
            r.sxx += dx * dx;
            r.sxy += dx * (z[i] - r.zbar);
        }
        r.bhat = r.sxx > 0 ? r.sxy / r.sxx : 0;
    }
    for (size_t i = 0; i < n; i++) {
        double e = z[i] - r.zbar - r.bhat * (has_slope ? x[i] - r.xbar : 0);
        r.sse += e * e;
    }
    return r;
}

static double damped_sse(const series *s, const double *z, double *x, double phi, ls *out)
{
    double tl = s->t[s->n - 1];
    for (size_t i = 0; i < s->n; i++)
        x[i] = damp_sum(phi, s->t[i] - tl);
    *out = ls_fit(x, z, s->n, 1);
    return out->sse;
}

/* Chooses phi in [PHI_MIN, PHI_MAX] minimising the SSE (golden section, then the ends). */
static double damped_phi(const series *s, const double *z, double *x)
{
    const double gr = 0.5 * (sqrt(5.0) - 1.0);
    double a = PHI_MIN, b = PHI_MAX, c = b - gr * (b - a), d = a + gr * (b - a);
    ls tmp;
    double fc = damped_sse(s, z, x, c, &tmp), fd = damped_sse(s, z, x, d, &tmp);
    while (b - a > PHI_TOL) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - gr * (b - a);
            fc = damped_sse(s, z, x, c, &tmp);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + gr * (b - a);
            fd = damped_sse(s, z, x, d, &tmp);
        }
    }
    double best = 0.5 * (a + b), fb = damped_sse(s, z, x, best, &tmp);
    double f0 = damped_sse(s, z, x, PHI_MIN, &tmp), f1 = damped_sse(s, z, x, PHI_MAX, &tmp);
    if (f0 < fb) {
        best = PHI_MIN;
        fb = f0;
    }
    if (f1 < fb)
        best = PHI_MAX;
    return best;
}

/* The transform's z for each point and the binomial floor; 0, or -1 with ERR set. */
static int make_z(const series *s, xform g, double L, double *z, double *vbar, ntm_error *err,
                  const char *model)
{
    double vsum = 0;
    size_t vn = 0;
    for (size_t i = 0; i < s->n; i++) {
        double y = s->y[i], d = s->d[i];
        if (g == XF_LOG || g == XF_LOGIT) {
            double top = g == XF_LOGIT ? L : INFINITY;
            if (y > top) {
                ntm_error_set(err, NTM_EINPUT,
                              "%s: ceiling %.10g is below the data (y = %.10g at t = %.10g)", model,
                              L, y, s->t[i]);
                return -1;
            }
            if (y <= 0 || y >= top) {
                int at_top = y >= top;
                if (s->is_rate && isfinite(d) && (!at_top || L == RATE_MAX))
                    y = at_top ? RATE_MAX * (d - 0.5) / d : RATE_MAX * 0.5 / d;
                else {
                    if (at_top)
                        ntm_error_set(err, NTM_EINPUT,
                                      "%s: value %.10g at t = %.10g is at the ceiling %.10g "
                                      "(give the denominator for a continuity correction)",
                                      model, y, s->t[i], L);
                    else
                        ntm_error_set(err, NTM_EINPUT,
                                      "%s needs positive values: y = %.10g at t = %.10g%s", model,
                                      y, s->t[i],
                                      s->is_rate ? " (give the denominator for a continuity "
                                                   "correction)"
                                                 : "");
                    return -1;
                }
            }
        }
        z[i] = g_fwd(g, L, y);
        if (s->is_rate && isfinite(d)) {
            double p = y / RATE_MAX;
            if (p <= 0 || p >= 1) /* linear scale at 0% or 100%: half-count correction */
                p = p <= 0 ? 0.5 / d : (d - 0.5) / d;
            double gd = g_deriv(g, L, y);
            vsum += gd * gd * RATE_MAX * RATE_MAX * p * (1 - p) / d;
            vn++;
        }
    }
    *vbar = vn ? vsum / (double)vn : 0;
    return 0;
}

/* Log-likelihood on the y scale of the least-squares fit with SSE on the z scale. */
static double loglik_y(const series *s, xform g, double L, const double *z, double sse)
{
    double rms = 0;
    for (size_t i = 0; i < s->n; i++)
        rms += z[i] * z[i];
    rms = sqrt(rms / (double)s->n);
    double floor = SIGMA_FLOOR_REL * (rms > 0 ? rms : 1.0);
    double s2 = sse / (double)s->n;
    if (s2 < floor * floor)
        s2 = floor * floor;
    double n = (double)s->n;
    double ll = -0.5 * n * (log(2 * M_PI * s2) + 1.0);
    for (size_t i = 0; i < s->n; i++) {
        double y = g == XF_ID ? 0 : g_inv(g, L, z[i]); /* the (corrected) y */
        if (g != XF_ID)
            ll += log(fabs(g_deriv(g, L, y)));
    }
    return ll;
}

static void set_aicc(comp *c, size_t n)
{
    double k = c->info.k, nn = (double)n;
    c->info.aicc = nn >= k + 2 ? -2 * c->info.loglik + 2 * k + 2 * k * (k + 1) / (nn - k - 1) : NAN;
}

static void set_param(ntm_trend_component *info, size_t i, const char *name, double v, double se,
                      const char *why)
{
    info->param[i].name = name;
    info->param[i].value = v;
    info->param[i].se = se;
    info->param[i].why = why;
}

/* Fits one Bayesian-line component (every model but the nonlinear logistic). */
static ntm_status fit_line(comp *c, const series *s, ntm_model model, double L, int use_prior,
                           double *z, double *x, ntm_error *err)
{
    const char *name = ntm_model_name(model);
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < NTM_TREND_MAX_PARAMS; i++)
        for (size_t j = 0; j < NTM_TREND_MAX_PARAMS; j++)
            c->info.cov[i][j] = NAN;
    c->model = model;
    c->g = model == NTM_MODEL_LOGLINEAR ? XF_LOG : model == NTM_MODEL_LOGISTIC ? XF_LOGIT : XF_ID;
    c->L = L;
    c->has_slope = model != NTM_MODEL_CONSTANT;
    c->n = (double)s->n;
    const ntm_prior *pr = use_prior ? s->prior : NULL;
    int pslope = c->has_slope && prior_has_slope(pr), psigma = prior_has_sigma(pr);
    size_t n = s->n;

    if (model == NTM_MODEL_DAMPED && n < DAMPED_MIN_N)
        return ntm_error_set(err, NTM_EINPUT, "damped needs at least %d points, got %zu",
                             DAMPED_MIN_N, n);
    double vbar = 0;
    if (make_z(s, c->g, L, z, &vbar, err, name) != 0)
        return NTM_EINPUT;

    ls r;
    if (model == NTM_MODEL_DAMPED) {
        c->phi = damped_phi(s, z, x);
        damped_sse(s, z, x, c->phi, &r);
        c->t_ref = s->t[n - 1];
    } else {
        for (size_t i = 0; i < n; i++)
            x[i] = s->t[i];
        r = ls_fit(x, z, n, c->has_slope);
        c->t_ref = r.xbar;
        r.xbar = c->has_slope ? r.xbar : 0;
    }
    c->xbar = model == NTM_MODEL_DAMPED ? r.xbar : 0;

    /* Prior pieces. */
    double nu0 = psigma ? pr->nu : 0, s0sq = psigma ? pr->sigma * pr->sigma : 0;
    double kappa0 = 0, b0 = 0;
    if (pslope) {
        double s0 = psigma ? pr->sigma : NAN;
        if (!psigma) {
            if (n < 3 || !(r.sse > 0))
                return ntm_error_set(err, NTM_EINPUT,
                                     "%s: the prior gives a slope but no sigma and nu, and %zu "
                                     "points cannot estimate sigma",
                                     name, n);
            s0 = sqrt(r.sse / (double)(n - 2));
        }
        kappa0 = s0 * s0 / (pr->slope_sd * pr->slope_sd);
        b0 = pr->slope;
    }
    double nun;
    if (c->has_slope) {
        c->kappan = kappa0 + r.sxx;
        if (!(c->kappan > 0))
            return ntm_error_set(err, NTM_EINPUT,
                                 "%s: %zu point%s cannot give a slope without a prior slope", name,
                                 n, n == 1 ? "" : "s");
        c->bn = (kappa0 * b0 + r.sxy) / c->kappan;
        nun = nu0 + (double)n - (pslope ? 1.0 : 2.0);
    } else {
        nun = nu0 + (double)n - 1.0;
    }
    if (!(nun > 0))
        return ntm_error_set(err, NTM_EINPUT,
                             "too few points for %s: %zu, needs %d (or a prior with sigma and nu)",
                             name, n, c->has_slope ? 3 : 2);
    double rss = nu0 * s0sq + r.sse;
    if (pslope && r.sxx > 0)
        rss += kappa0 * r.sxx / c->kappan * (r.bhat - b0) * (r.bhat - b0);
    c->nun = nun;
    c->s2n = rss / nun;
    if (c->s2n < vbar)
        c->s2n = vbar; /* binomial floor */
    if (!(c->s2n > 0))
        return ntm_error_set(err, NTM_EINPUT,
                             c->has_slope && r.bhat != 0
                                 ? "%s: the %zu values lie exactly on a line (no scatter), so "
                                   "the spread cannot be estimated (give a prior with sigma "
                                   "and nu, or the denominators of a rate)"
                                 : "%s: all %zu values are equal, so the spread cannot be "
                                   "estimated (give a prior with sigma and nu, or the "
                                   "denominators of a rate)",
                             name, n);
    c->zbar = r.zbar;

    /* Report. */
    ntm_trend_component *in = &c->info;
    in->model = model;
    in->weight = 1;
    in->rss = r.sse;
    in->sigma = sqrt(c->s2n);
    in->dof = nun;
    in->k = model == NTM_MODEL_CONSTANT ? 2 : model == NTM_MODEL_DAMPED ? 4 : 3;
    in->loglik = loglik_y(s, c->g, L, z, r.sse);
    set_aicc(c, n);
    double s2 = c->s2n, vb = c->has_slope ? s2 / c->kappan : 0, va = s2 / c->n;
    switch (model) {
    case NTM_MODEL_LINEAR:
    case NTM_MODEL_LOGLINEAR: {
        double tb = c->t_ref; /* intercept at t = 0: a0 = zbar - b tbar */
        in->n_params = 2;
        set_param(in, 0, "intercept", c->zbar - c->bn * tb, sqrt(va + tb * tb * vb), NULL);
        set_param(in, 1, "slope", c->bn, sqrt(vb), NULL);
        in->cov[0][0] = va + tb * tb * vb;
        in->cov[0][1] = in->cov[1][0] = -tb * vb;
        in->cov[1][1] = vb;
        break;
    }
    case NTM_MODEL_LOGISTIC: {
        in->n_params = 3;
        set_param(in, 0, "L", L, NAN, "fixed ceiling");
        set_param(in, 1, "k", c->bn, sqrt(vb), NULL);
        in->cov[1][1] = vb;
        if (c->bn != 0) {
            /* t_mid = tbar - zbar / b; delta method with zbar and b independent */
            double b = c->bn, tm = c->t_ref - c->zbar / b;
            double var = va / (b * b) + c->zbar * c->zbar / (b * b * b * b) * vb;
            set_param(in, 2, "t_mid", tm, sqrt(var), NULL);
            in->cov[2][2] = var;
            in->cov[1][2] = in->cov[2][1] = c->zbar / (b * b) * vb;
        } else {
            set_param(in, 2, "t_mid", NAN, NAN, "no slope: the curve never crosses L/2");
        }
        break;
    }
    case NTM_MODEL_DAMPED: {
        /* level at t_last: x = S(0) - xbar = -xbar */
        double xb = c->xbar;
        in->n_params = 3;
        set_param(in, 0, "level", c->zbar - c->bn * xb, sqrt(va + xb * xb * vb), NULL);
        set_param(in, 1, "slope", c->bn, sqrt(vb), NULL);
        in->cov[0][0] = va + xb * xb * vb;
        in->cov[0][1] = in->cov[1][0] = -xb * vb;
        in->cov[1][1] = vb;
        in->cov[0][2] = in->cov[2][0] = in->cov[1][2] = in->cov[2][1] = 0; /* given phi */
        /* se(phi) from the profile: -log L = SSE/(2 s^2) + ..., so var = 2 s^2 / SSE'' */
        double h = PHI_CURV_STEP, p = c->phi;
        if (p - h >= PHI_MIN && p + h <= PHI_MAX) {
            ls tmp;
            double fm = damped_sse(s, z, x, p - h, &tmp), f0 = damped_sse(s, z, x, p, &tmp),
                   fp = damped_sse(s, z, x, p + h, &tmp);
            double curv = (fp - 2 * f0 + fm) / (h * h);
            if (curv > 0) {
                set_param(in, 2, "phi", p, sqrt(2 * s2 / curv), NULL);
                in->cov[2][2] = 2 * s2 / curv;
            } else
                set_param(in, 2, "phi", p, NAN, "flat profile: phi not identified");
        } else {
            set_param(in, 2, "phi", p, NAN, "phi at a bound of [0.8, 0.98]");
        }
        break;
    }
    case NTM_MODEL_CONSTANT:
    default:
        in->n_params = 1;
        set_param(in, 0, "level", c->zbar, sqrt(va), NULL);
        in->cov[0][0] = va;
        break;
    }
    return NTM_OK;
}

/* ---- the random walk with drift ----------------------------------------------------------- */

/* Fits the random walk with drift on the z scale (trend.h, "drift"): with gaps
 * D_i = t_i - t_{i-1} and differences d_i = z_i - z_{i-1} (i = 2..n, m = n - 1 of them),
 *   d_i = b D_i + e_i,  e_i ~ N(0, s^2 D_i)  (the walk's variance grows with the gap),
 * so w_i = d_i / sqrt(D_i) = b sqrt(D_i) + N(0, s^2): a regression through the origin on
 * x_i = sqrt(D_i) with Sxx = sum D_i = t_n - t_1 and Sxy = sum d_i = z_n - z_1, hence
 *   bhat = (z_n - z_1) / (t_n - t_1),  SSE = sum (d_i - bhat D_i)^2 / D_i.
 * The conjugate algebra is the line's (top of the file) without the intercept: the
 * likelihood is (s^2)^(-m/2) exp(-[SSE + Sxx (b - bhat)^2] / (2 s^2)); with the prior
 * b | s^2 ~ N(b0, s^2 / kappa0) and s^2 ~ Inv-chi^2(nu0, s0^2), completing the square,
 *   kappa_n = kappa0 + Sxx,  b_n = (kappa0 b0 + Sxy) / kappa_n,
 *   nu_n = nu0 + m (informative slope) or nu0 + m - 1 (flat), i.e. nu0 + n - 1 or nu0 + n - 2,
 *   nu_n s_n^2 = nu0 s0^2 + SSE + (kappa0 Sxx / kappa_n) (bhat - b0)^2.
 * The predictive h = t - t_n ahead: z_n + b h + (walk over h), b | s^2 ~ N(b_n, s^2/kappa_n)
 * independent of the walk, so z ~ t_{nu_n}(z_n + b_n h, s_n^2 (|h| + h^2 / kappa_n)).
 * (For h < 0 the same walk run backwards from the last point.) Flat and evenly spaced:
 * b_n = (z_n - z_1)/(n - 1), s_n^2 = the sample variance of the differences, kappa_n = n - 1.
 *
 * The likelihood for AICc is that of all n points, as for the other candidates, with the
 * initial level l0 a parameter (z_1 = l0 + e_1, the convention of state-space models such
 * as ETS(A,A,N) with alpha = 1, which this is: Hyndman et al., Forecasting with Exponential
 * Smoothing, 2008, ch. 5): the MLE puts e_1 = 0, s^2_ML = SSE / n, and
 *   log L_z = -n/2 (log(2 pi s^2_ML) + 1) - 1/2 sum_{i>=2} log D_i,
 * counting the first point as one unit gap; k = 3 (l0, b, s), as for the line. */
static ntm_status fit_drift(comp *c, const series *s, ntm_model model, int use_prior, double *z,
                            ntm_error *err)
{
    const char *name = ntm_model_name(model);
    size_t n = s->n;
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < NTM_TREND_MAX_PARAMS; i++)
        for (size_t j = 0; j < NTM_TREND_MAX_PARAMS; j++)
            c->info.cov[i][j] = NAN;
    c->model = model;
    c->drift = 1;
    c->has_slope = model == NTM_MODEL_DRIFT || model == NTM_MODEL_LOGDRIFT; /* else rw: b = 0 */
    c->g = model == NTM_MODEL_LOGDRIFT || model == NTM_MODEL_LOGRW ? XF_LOG : XF_ID;
    c->L = NAN;
    c->n = (double)n;
    const ntm_prior *pr = use_prior ? s->prior : NULL;
    int pslope = c->has_slope && prior_has_slope(pr), psigma = prior_has_sigma(pr);
    for (size_t i = 1; i < n; i++)
        if (!(s->t[i] > s->t[i - 1]))
            return ntm_error_set(err, NTM_EINPUT,
                                 "%s: time %.10g appears twice (a random walk needs distinct "
                                 "times)",
                                 name, s->t[i]);
    double vbar = 0;
    if (make_z(s, c->g, NAN, z, &vbar, err, name) != 0)
        return NTM_EINPUT;

    double sxx = s->t[n - 1] - s->t[0], sxy = z[n - 1] - z[0];
    double bhat = n > 1 && c->has_slope ? sxy / sxx : 0, sse = 0, logdt = 0;
    for (size_t i = 1; i < n; i++) {
        double dt = s->t[i] - s->t[i - 1], e = (z[i] - z[i - 1]) - bhat * dt;
        sse += e * e / dt;
        logdt += log(dt);
    }
    double nu0 = psigma ? pr->nu : 0, s0sq = psigma ? pr->sigma * pr->sigma : 0;
    double kappa0 = 0, b0 = 0;
    if (pslope) {
        double s0 = psigma ? pr->sigma : NAN;
        if (!psigma) {
            if (n < 3 || !(sse > 0))
                return ntm_error_set(err, NTM_EINPUT,
                                     "%s: the prior gives a slope but no sigma and nu, and %zu "
                                     "points cannot estimate sigma",
                                     name, n);
            s0 = sqrt(sse / (double)(n - 2));
        }
        kappa0 = s0 * s0 / (pr->slope_sd * pr->slope_sd);
        b0 = pr->slope;
    }
    double nun;
    if (c->has_slope) {
        c->kappan = kappa0 + sxx;
        if (!(c->kappan > 0))
            return ntm_error_set(err, NTM_EINPUT,
                                 "%s: 1 point cannot give a drift without a prior slope", name);
        c->bn = (kappa0 * b0 + sxy) / c->kappan;
        nun = nu0 + (double)n - (pslope ? 1.0 : 2.0);
    } else { /* rw: b = 0 known, so no h^2 term (1 / kappa_n = 0) and no dof spent on it */
        c->kappan = INFINITY;
        c->bn = 0;
        nun = nu0 + (double)n - 1.0;
    }
    if (!(nun > 0))
        return ntm_error_set(err, NTM_EINPUT,
                             "too few points for %s: %zu, needs %d (or a prior with sigma and nu)",
                             name, n, c->has_slope ? 3 : 2);
    double rss = nu0 * s0sq + sse;
    if (pslope && sxx > 0)
        rss += kappa0 * sxx / c->kappan * (bhat - b0) * (bhat - b0);
    c->nun = nun;
    c->s2n = rss / nun;
    if (c->s2n < vbar)
        c->s2n = vbar; /* binomial floor, as for the line */
    if (!(c->s2n > 0))
        return ntm_error_set(err, NTM_EINPUT,
                             "%s: the %zu values change by exactly the same amount each year, so "
                             "the spread cannot be estimated (give a prior with sigma and nu, or "
                             "the denominators of a rate)",
                             name, n);
    c->zbar = z[n - 1];
    c->t_ref = s->t[n - 1];

    ntm_trend_component *in = &c->info;
    in->model = model;
    in->weight = 1;
    in->rss = sse;
    in->sigma = sqrt(c->s2n);
    in->dof = nun;
    in->k = c->has_slope ? 3 : 2;
    /* loglik_y with SSE / n as the ML variance is exactly the formula above (the first
     * residual being 0); add the gaps' term. */
    in->loglik = loglik_y(s, c->g, NAN, z, sse) - 0.5 * logdt;
    set_aicc(c, n);
    double vb = c->s2n / c->kappan;
    in->n_params = c->has_slope ? 2 : 1;
    set_param(in, 0, "level", c->zbar, 0, NULL);
    in->cov[0][0] = 0; /* the level is the observed last z */
    if (c->has_slope) {
        set_param(in, 1, "drift", c->bn, sqrt(vb), NULL);
        in->cov[0][1] = in->cov[1][0] = 0;
        in->cov[1][1] = vb;
    }
    return NTM_OK;
}

/* ---- the logistic with estimated ceiling ---------------------------------------------- */

static ntm_status fit_nls(comp *c, const series *s, ntm_error *err)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < NTM_TREND_MAX_PARAMS; i++)
        for (size_t j = 0; j < NTM_TREND_MAX_PARAMS; j++)
            c->info.cov[i][j] = NAN;
    c->model = NTM_MODEL_LOGISTIC;
    c->nls = 1;
    c->g = XF_ID;
    c->n = (double)s->n;
    ntm_trend_nls r;
    ntm_status st = ntm_trend_nls_logistic(s->t, s->y, s->n, &r, err);
    if (st != NTM_OK)
        return st;
    double dof = (double)s->n - 3.0, s2 = r.rss / dof;
    double vsum = 0;
    size_t vn = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->is_rate && isfinite(s->d[i])) {
            double p = s->y[i] / RATE_MAX, d = s->d[i];
            if (p <= 0 || p >= 1)
                p = p <= 0 ? 0.5 / d : (d - 0.5) / d;
            vsum += RATE_MAX * RATE_MAX * p * (1 - p) / d;
            vn++;
        }
    if (vn && s2 < vsum / (double)vn)
        s2 = vsum / (double)vn; /* binomial floor */
    if (!(s2 > 0))
        return ntm_error_set(err, NTM_EINPUT,
                             "logistic: the curve fits the %zu points exactly, so the spread "
                             "cannot be estimated",
                             s->n);
    c->th[0] = r.L;
    c->th[1] = r.k;
    c->th[2] = r.t_mid;
    memcpy(c->covu, r.cov, sizeof c->covu);
    /* Cholesky of (J'J)^-1 for the draws. */
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j <= i; j++) {
            double sum = c->covu[i][j];
            for (size_t k = 0; k < j; k++)
                sum -= c->chol[i][k] * c->chol[j][k];
            if (i == j) {
                if (!(sum > 0))
                    return ntm_error_set(err, NTM_ENUMERIC,
                                         "logistic: parameter covariance not positive definite");
                c->chol[i][i] = sqrt(sum);
            } else
                c->chol[i][j] = sum / c->chol[j][j];
        }
    c->s2n = s2;
    c->nun = dof;
    ntm_trend_component *in = &c->info;
    in->model = NTM_MODEL_LOGISTIC;
    in->ceiling_estimated = 1;
    in->weight = 1;
    in->k = 4;
    in->rss = r.rss;
    in->sigma = sqrt(s2);
    in->dof = dof;
    in->iterations = r.iterations;
    double ms = 0;
    for (size_t i = 0; i < s->n; i++)
        ms += s->y[i] * s->y[i];
    double floor = SIGMA_FLOOR_REL * sqrt(ms / c->n), s2ml = r.rss / c->n;
    if (s2ml < floor * floor)
        s2ml = floor * floor;
    in->loglik = -0.5 * c->n * (log(2 * M_PI * s2ml) + 1.0);
    set_aicc(c, s->n);
    in->n_params = 3;
    static const char *const names[3] = {"L", "k", "t_mid"};
    for (size_t i = 0; i < 3; i++) {
        set_param(in, i, names[i], c->th[i], sqrt(s2 * c->covu[i][i]), NULL);
        for (size_t j = 0; j < 3; j++)
            in->cov[i][j] = s2 * c->covu[i][j];
    }
    return NTM_OK;
}

/* ---- fitting --------------------------------------------------------------------------- */

static ntm_status fit_one(comp *c, const series *s, ntm_model model, double L, int est_ceiling,
                          int use_prior, double *z, double *x, ntm_error *err)
{
    ntm_status st;
    if (model == NTM_MODEL_LOGISTIC && est_ceiling)
        st = fit_nls(c, s, err);
    else if (model == NTM_MODEL_LOGISTIC && !isfinite(L))
        return ntm_error_set(err, NTM_EINPUT,
                             "logistic needs a ceiling: give one, or ask to estimate it");
    else if (model == NTM_MODEL_DRIFT || model == NTM_MODEL_LOGDRIFT || model == NTM_MODEL_RW ||
             model == NTM_MODEL_LOGRW)
        st = fit_drift(c, s, model, use_prior, z, err);
    else
        st = fit_line(c, s, model, L, use_prior, z, x, err);
    if (st == NTM_OK) /* t density: Gamma((v+1)/2) / (Gamma(v/2) sqrt(v pi)) */
        c->lnorm = lgamma(0.5 * (c->nun + 1)) - lgamma(0.5 * c->nun) - 0.5 * log(c->nun * M_PI);
    return st;
}

/* Whether a prior stated for PRIOR_MODEL applies to MODEL: the same model, or the line and
 * the random walk with drift on the same scale (linear and drift, loglinear and logdrift),
 * whose slope b is the same yearly change of z. */
static int prior_applies(ntm_model prior_model, ntm_model model)
{
    if (prior_model == model)
        return 1;
    int lin = prior_model == NTM_MODEL_LINEAR || prior_model == NTM_MODEL_DRIFT ||
              prior_model == NTM_MODEL_RW;
    int log = prior_model == NTM_MODEL_LOGLINEAR || prior_model == NTM_MODEL_LOGDRIFT ||
              prior_model == NTM_MODEL_LOGRW;
    return (lin &&
            (model == NTM_MODEL_LINEAR || model == NTM_MODEL_DRIFT || model == NTM_MODEL_RW)) ||
           (log && (model == NTM_MODEL_LOGLINEAR || model == NTM_MODEL_LOGDRIFT ||
                    model == NTM_MODEL_LOGRW));
}

/* In auto, with no candidate meeting n >= k + 2: the model used for short series. */
static ntm_model short_series_model(size_t n)
{
    /* A random walk from the last value claims no trend the data cannot support; it
     * needs 2 points (one difference) where a line needs 3 and a comparison 4-5. */
    return n >= 2 ? NTM_MODEL_RW : NTM_MODEL_CONSTANT;
}

static double comp_quantile(const ntm_trend_fit *f, const comp *c, double t, double q);

ntm_status ntm_trend_fit_new(ntm_trend_fit **out, const ntm_trend_spec *spec, const double *t,
                             const double *y, const double *denominator, size_t n, ntm_error *err)
{
    if (out)
        *out = NULL;
    if (!out || !spec || (n && (!t || !y)))
        return ntm_error_set(err, NTM_EINPUT, "trend: missing argument");
    if (n == 0)
        return ntm_error_set(err, NTM_EINPUT, "no data points to fit");
    if ((unsigned)spec->model > NTM_MODEL_POOLED)
        return ntm_error_set(err, NTM_EINPUT, "unknown trend model %d", (int)spec->model);
    int is_rate = spec->is_rate != 0, nonneg = is_rate || spec->nonnegative;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]))
            return ntm_error_set(err, NTM_EINPUT, "point %zu: time is not a finite number", i + 1);
        if (!isfinite(y[i]))
            return ntm_error_set(err, NTM_EINPUT,
                                 "point %zu (t = %.10g): value is not a finite "
                                 "number",
                                 i + 1, t[i]);
        if (is_rate && (y[i] < 0 || y[i] > RATE_MAX))
            return ntm_error_set(err, NTM_EINPUT,
                                 "point %zu (t = %.10g): rate %.10g%% is outside [0, 100]", i + 1,
                                 t[i], y[i]);
        if (nonneg && y[i] < 0)
            return ntm_error_set(err, NTM_EINPUT, "point %zu (t = %.10g): value %.10g is negative",
                                 i + 1, t[i], y[i]);
        if (denominator && !isnan(denominator[i]) &&
            !(isfinite(denominator[i]) && denominator[i] > 0))
            return ntm_error_set(err, NTM_EINPUT,
                                 "point %zu (t = %.10g): denominator %.10g is not positive", i + 1,
                                 t[i], denominator[i]);
    }
    double L = spec->ceiling;
    if (!isfinite(L) && spec->prior && isfinite(spec->prior->ceiling))
        L = spec->prior->ceiling;
    if (!isfinite(L) && is_rate)
        L = RATE_MAX;
    if (isfinite(L) && !(L > 0))
        return ntm_error_set(err, NTM_EINPUT, "ceiling %.10g is not positive", L);

    tyd *p = malloc(n * sizeof *p);
    double *buf = malloc(5 * n * sizeof *buf);
    ntm_trend_fit *f = calloc(1, sizeof *f);
    if (!p || !buf || !f) {
        free(p);
        free(buf);
        free(f);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory fitting a trend");
    }
    for (size_t i = 0; i < n; i++)
        p[i] = (tyd){t[i], y[i], denominator ? denominator[i] : NAN};
    qsort(p, n, sizeof *p, cmp_t);
    series s = {n,
                buf,
                buf + n,
                buf + 2 * n,
                is_rate,
                nonneg ? 0 : -INFINITY,
                is_rate ? RATE_MAX : INFINITY,
                spec->prior};
    double *z = buf + 3 * n, *x = buf + 4 * n;
    ntm_status st = NTM_OK;
    for (size_t i = 0; i < n; i++) {
        s.t[i] = p[i].t;
        s.y[i] = p[i].y;
        s.d[i] = p[i].d;
        if (i && s.t[i] == s.t[i - 1] && !spec->allow_ties) {
            st = ntm_error_set(err, NTM_EINPUT, "time %.10g appears twice", s.t[i]);
            goto fail;
        }
    }
    f->model = spec->model;
    f->n = n;
    f->t_last = s.t[n - 1];
    f->lo = s.lo;
    f->hi = s.hi;

    int mixture = spec->model == NTM_MODEL_AUTO || spec->model == NTM_MODEL_AICC ||
                  spec->model == NTM_MODEL_POOLED;
    if (ntm_tp_applies(spec, n)) {
        st = ntm_tp_fit(&f->tp, spec, s.t, s.y, s.d, n, s.lo, s.hi, err);
        if (st != NTM_OK)
            goto fail;
        ntm_tp_component(f->tp, &f->c[0].info);
        f->nc = 1;
    } else if (!mixture) {
        int use_prior =
            spec->prior_model == NTM_MODEL_AUTO || prior_applies(spec->prior_model, spec->model);
        st = fit_one(&f->c[0], &s, spec->model, L, spec->estimate_ceiling, use_prior, z, x, err);
        if (st != NTM_OK)
            goto fail;
        f->nc = 1;
    } else {
        static const ntm_model cand[] = {
            NTM_MODEL_CONSTANT, NTM_MODEL_LINEAR, NTM_MODEL_LOGLINEAR, NTM_MODEL_LOGISTIC,
            NTM_MODEL_LOGISTIC, NTM_MODEL_DAMPED, NTM_MODEL_DRIFT,     NTM_MODEL_LOGDRIFT,
            NTM_MODEL_RW,       NTM_MODEL_LOGRW};
        for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
            int est = i == 4;
            if (cand[i] == NTM_MODEL_LOGISTIC && (est ? !spec->estimate_ceiling : !isfinite(L)))
                continue;
            if (cand[i] == NTM_MODEL_DAMPED && n < DAMPED_MIN_N)
                continue;
            ntm_error tmp;
            comp *c = &f->c[f->nc];
            ntm_status cs = fit_one(c, &s, cand[i], L, est,
                                    prior_applies(spec->prior_model, cand[i]), z, x, &tmp);
            if (cs == NTM_ENOMEM) {
                st = ntm_error_set(err, NTM_ENOMEM, "%s", tmp.msg);
                goto fail;
            }
            /* A candidate whose forecast a year ahead overflows (a walk fitted to two
             * observations a moment apart) cannot be part of the mixture. */
            if (cs == NTM_OK && isfinite(c->info.aicc) &&
                isfinite(comp_quantile(f, c, f->t_last + 1, 0.025)) &&
                isfinite(comp_quantile(f, c, f->t_last + 1, 0.975)))
                f->nc++;
        }
        if (f->nc == 0) {
            ntm_model m = spec->prior && spec->prior_model != NTM_MODEL_AUTO
                              ? spec->prior_model
                              : short_series_model(n);
            st = fit_one(&f->c[0], &s, m, L, spec->estimate_ceiling, 1, z, x, err);
            if (st != NTM_OK) {
                /* No candidate could be fitted: say why, for the fallback model. Only short
                 * series lack candidates for their length. */
                if (n < 4)
                    ntm_error_prefix(err, "auto (%zu points, too few to compare models): ", n);
                else
                    ntm_error_prefix(err, "auto (%zu points, no model could be fitted): ", n);
                goto fail;
            }
            f->nc = 1;
        } else {
            double amin = INFINITY, sum = 0;
            for (size_t i = 0; i < f->nc; i++)
                amin = fmin(amin, f->c[i].info.aicc);
            for (size_t i = 0; i < f->nc; i++)
                sum += f->c[i].info.weight = exp(-0.5 * (f->c[i].info.aicc - amin));
            for (size_t i = 0; i < f->nc; i++)
                f->c[i].info.weight /= sum;
        }
    }
    free(p);
    free(buf);
    *out = f;
    return NTM_OK;
fail:
    free(p);
    free(buf);
    free(f);
    return st;
}

void ntm_trend_fit_free(ntm_trend_fit *f)
{
    if (f)
        ntm_tp_free(f->tp);
    free(f);
}

const ntm_pooled_prior *ntm_trend_pooled_prior(const ntm_trend_fit *f)
{
    return f->tp ? ntm_tp_prior(f->tp) : NULL;
}

double ntm_trend_omega(const ntm_trend_fit *f)
{
    return f->tp ? ntm_tp_omega(f->tp) : NAN;
}

ntm_model ntm_trend_model(const ntm_trend_fit *f)
{
    return f->model;
}
size_t ntm_trend_n(const ntm_trend_fit *f)
{
    return f->n;
}
double ntm_trend_t_last(const ntm_trend_fit *f)
{
    return f->t_last;
}
size_t ntm_trend_n_components(const ntm_trend_fit *f)
{
    return f->nc;
}

ntm_status ntm_trend_component_get(const ntm_trend_fit *f, size_t i, ntm_trend_component *out)
{
    if (i >= f->nc)
        return ntm_error_set(NULL, NTM_EINPUT, "no component %zu", i);
    *out = f->c[i].info;
    return NTM_OK;
}

/* ---- the predictive --------------------------------------------------------------------- */

/* Location and scale of the predictive t at time T on the component's scale. */
static void comp_pred(const comp *c, double t, double *m, double *scale)
{
    if (c->nls) {
        double g[3];
        *m = ntm_trend_nls_eval(c->th[0], c->th[1], c->th[2], t, g);
        double q = 0;
        for (size_t i = 0; i < 3; i++)
            for (size_t j = 0; j < 3; j++)
                q += g[i] * c->covu[i][j] * g[j];
        *scale = sqrt(c->s2n * (1.0 + q));
        return;
    }
    if (c->drift) { /* trend.h: anchored at the last value, variance growing with |h| */
        double h = t - c->t_ref;
        *m = c->zbar + c->bn * h;
        *scale = sqrt(c->s2n * (fabs(h) + h * h / c->kappan));
        return;
    }
    double v = 1.0 + 1.0 / c->n;
    *m = c->zbar;
    if (c->has_slope) {
        double x = comp_x(c, t);
        *m += c->bn * x;
        v += x * x / c->kappan;
    }
    *scale = sqrt(c->s2n * v);
}

static double clamp(double y, double lo, double hi)
{
    return y < lo ? lo : y > hi ? hi : y;
}

/* y for the standard-t value TQ of component C at T. */
static double comp_y(const ntm_trend_fit *f, const comp *c, double m, double scale, double tq)
{
    return clamp(g_inv(c->g, c->L, m + scale * tq), f->lo, f->hi);
}

static double comp_quantile(const ntm_trend_fit *f, const comp *c, double t, double q)
{
    double m, sc;
    comp_pred(c, t, &m, &sc);
    return comp_y(f, c, m, sc, gsl_cdf_tdist_Pinv(q, c->nun));
}

static double comp_cdf(const ntm_trend_fit *f, const comp *c, double t, double y)
{
    if (y < f->lo)
        return 0;
    if (y >= f->hi)
        return 1;
    if (c->g != XF_ID && y <= 0)
        return 0;
    if (c->g == XF_LOGIT && y >= c->L)
        return 1;
    double m, sc;
    comp_pred(c, t, &m, &sc);
    double zy = g_fwd(c->g, c->L, y);
    if (!(sc > 0)) /* drift at the last time: the observed value, a point mass */
        return zy >= m ? 1 : 0;
    return gsl_cdf_tdist_P((zy - m) / sc, c->nun);
}

static double mix_cdf(const ntm_trend_fit *f, double t, double y)
{
    double p = 0;
    for (size_t i = 0; i < f->nc; i++)
        p += f->c[i].info.weight * comp_cdf(f, &f->c[i], t, y);
    return p;
}

#define T_CDF_SERIES_MAX 64 /* integer dof up to this: the finite series below */

/* Student-t CDF P(T <= u) with NU dof. For integer NU <= T_CDF_SERIES_MAX the finite
 * series of Abramowitz & Stegun 26.7.3-4 (exact, a few operations: the mixture quantile
 * evaluates it many times), with theta = atan(u / sqrt(nu)), c2 = cos^2 theta = nu/(nu + u^2),
 * s = sin theta and A = P(|T| <= |u|):
 *   nu even: A = s [1 + c2/2 + (1*3)/(2*4) c2^2 + ... + (1*3...(nu-3))/(2*4...(nu-2)) c2^(nu/2-1)]
 *   nu odd:  A = (2/pi) [theta + s cos theta (1 + (2/3) c2 + ... + (2*4...(nu-3))/(3*5...(nu-2))
 *            c2^((nu-3)/2))]  (the bracket's sum only for nu >= 3).
 * P = (1 + A)/2 with the sign of u (s carries it). Else GSL's. */
static double t_cdf(double u, double nu)
{
    if (!(nu == floor(nu) && nu >= 1 && nu <= T_CDF_SERIES_MAX) || !isfinite(u))
        return gsl_cdf_tdist_P(u, nu);
    int v = (int)nu;
    double r = sqrt(nu + u * u), sn = u / r, c2 = nu / (nu + u * u), a;
    if (v % 2 == 0) {
        double term = 1, sum = 1;
        for (int k = 2; k <= v - 2; k += 2) {
            term *= c2 * (double)(k - 1) / (double)k;
            sum += term;
        }
        a = sn * sum;
    } else {
        double th = atan(u / sqrt(nu)), sum = 0;
        if (v >= 3) {
            double term = 1;
            sum = 1;
            for (int k = 3; k <= v - 2; k += 2) {
                term *= c2 * (double)(k - 1) / (double)k;
                sum += term;
            }
        }
        a = (2 / M_PI) * (th + sn * sqrt(c2) * sum);
    }
    return 0.5 * (1 + a);
}

/* Mixture CDF and density at Y from the components' predictive location M and scale SC
 * (precomputed for one time), for the Newton steps of the quantile. */
static double mix_cdf_pdf(const ntm_trend_fit *f, const double *m, const double *sc, double y,
                          double *pdf)
{
    double p = 0, d = 0;
    for (size_t i = 0; i < f->nc; i++) {
        const comp *c = &f->c[i];
        double w = c->info.weight, cp;
        if (y < f->lo || (c->g != XF_ID && y <= 0))
            cp = 0;
        else if (y >= f->hi || (c->g == XF_LOGIT && y >= c->L))
            cp = 1;
        else if (!(sc[i] > 0))
            cp = g_fwd(c->g, c->L, y) >= m[i] ? 1 : 0; /* point mass (drift at t_last) */
        else {
            double u = (g_fwd(c->g, c->L, y) - m[i]) / sc[i];
            cp = t_cdf(u, c->nun);
            double pdf_u = exp(c->lnorm - 0.5 * (c->nun + 1) * log1p(u * u / c->nun));
            d += w * pdf_u / sc[i] * g_deriv(c->g, c->L, y);
        }
        p += w * cp;
    }
    *pdf = d;
    return p;
}

static ntm_status check_finite(double v, ntm_error *err)
{
    if (isfinite(v))
        return NTM_OK;
    return ntm_error_set(err, NTM_ENUMERIC,
                         "the forecast overflows (the series grows too fast "
                         "for this horizon)");
}

/* The Q-quantile at T given TQ[i], the standard-t Q-quantile for component i's dof. */
static ntm_status mix_quantile(const ntm_trend_fit *f, double t, double q, const double *tq,
                               double *y)
{
    /* The mixture quantile lies between the components' quantiles [a, b]. Newton steps
     * on F(y) - q, kept inside the shrinking bracket (bisection when a step leaves it). */
    double m[MAX_COMPONENTS], sc[MAX_COMPONENTS], a = INFINITY, b = -INFINITY, wq = 0;
    for (size_t i = 0; i < f->nc; i++) {
        comp_pred(&f->c[i], t, &m[i], &sc[i]);
        double v = comp_y(f, &f->c[i], m[i], sc[i], tq[i]);
        a = fmin(a, v);
        b = fmax(b, v);
        wq += f->c[i].info.weight * v;
    }
    if (!isfinite(a) || !isfinite(b))
        return check_finite(NAN, NULL);
    double tol = NTM_TREND_QUANTILE_TOL * fmax(fmax(fabs(a), fabs(b)), b - a);
    if (b - a <= tol) {
        *y = a;
        return NTM_OK;
    }
    /* An atom at the lower end (rates and counts clamped at 0) may already hold the
     * quantile: then it is a itself, and the relative tolerance near 0 would never be
     * reached by bisection. */
    double pdf_a;
    if (mix_cdf_pdf(f, m, sc, a, &pdf_a) >= q) {
        *y = a;
        return NTM_OK;
    }
    double x = wq > a && wq < b ? wq : 0.5 * (a + b);
    for (int it = 0; it < QUANTILE_MAXITER; it++) {
        double pdf, fx = mix_cdf_pdf(f, m, sc, x, &pdf) - q;
        if (fx == 0) {
            *y = x;
            return NTM_OK;
        }
        if (fx < 0)
            a = x;
        else
            b = x;
        /* Newton, unless it leaves the bracket; after NEWTON_STEPS steps without
         * convergence (a kink where a clamped component's atom sits) plain bisection,
         * which always ends. */
        double nx = pdf > 0 && it < QUANTILE_NEWTON_STEPS ? x - fx / pdf : NAN;
        if (!(nx > a && nx < b))
            nx = 0.5 * (a + b);
        if (fabs(nx - x) <= tol || b - a <= tol) {
            *y = nx;
            return NTM_OK;
        }
        x = nx;
    }
    return ntm_error_set(NULL, NTM_ENUMERIC, "mixture quantile did not converge");
}

ntm_status ntm_trend_quantile(const ntm_trend_fit *f, double t, double q, double *y)
{
    if (!(q > 0 && q < 1) || !isfinite(t))
        return ntm_error_set(NULL, NTM_EINPUT, "bad quantile or time");
    if (f->tp)
        return ntm_tp_quantile(f->tp, t, q, y);
    if (f->nc == 1) {
        *y = comp_quantile(f, &f->c[0], t, q);
        return check_finite(*y, NULL);
    }
    double tq[MAX_COMPONENTS];
    for (size_t i = 0; i < f->nc; i++)
        tq[i] = gsl_cdf_tdist_Pinv(q, f->c[i].nun);
    ntm_status st = mix_quantile(f, t, q, tq, y);
    return st == NTM_OK ? check_finite(*y, NULL) : st;
}

ntm_status ntm_trend_prob_below(const ntm_trend_fit *f, double t, double threshold, double *p)
{
    if (!isfinite(t) || isnan(threshold))
        return ntm_error_set(NULL, NTM_EINPUT, "bad time or threshold");
    *p = f->tp ? ntm_tp_cdf(f->tp, t, threshold) : mix_cdf(f, t, threshold);
    return NTM_OK;
}

/* Mean of component C at T: the midpoint rule on its quantile function, in symmetric
 * pairs (so an unclamped linear model gives its centre exactly). */
#define HALF_NODES (NTM_TREND_MEAN_NODES / 2)

/* The standard-t quantiles at the lower midpoints (i + 0.5) / NODES for DOF. */
static void mean_table(double dof, double tab[HALF_NODES])
{
    for (int i = 0; i < HALF_NODES; i++)
        tab[i] = gsl_cdf_tdist_Pinv((i + 0.5) / NTM_TREND_MEAN_NODES, dof);
}

static double comp_mean_tab(const ntm_trend_fit *f, const comp *c, double t,
                            const double tab[HALF_NODES])
{
    double m, sc, sum = 0;
    comp_pred(c, t, &m, &sc);
    if (c->g == XF_ID && f->lo == -INFINITY && f->hi == INFINITY)
        return m;
    for (int i = 0; i < HALF_NODES; i++)
        sum += comp_y(f, c, m, sc, tab[i]) + comp_y(f, c, m, sc, -tab[i]);
    return sum / NTM_TREND_MEAN_NODES;
}

/* Mean of component C at T: the midpoint rule on its quantile function, in symmetric
 * pairs (so an unclamped linear model gives its centre exactly). */
static double comp_mean(const ntm_trend_fit *f, const comp *c, double t)
{
    double tab[HALF_NODES];
    if (c->g == XF_ID && f->lo == -INFINITY && f->hi == INFINITY)
        return comp_mean_tab(f, c, t, tab); /* table unused */
    mean_table(c->nun, tab);
    return comp_mean_tab(f, c, t, tab);
}

ntm_status ntm_trend_mean(const ntm_trend_fit *f, double t, double *y)
{
    if (!isfinite(t))
        return ntm_error_set(NULL, NTM_EINPUT, "bad time");
    if (f->tp) {
        ntm_trend_forecast fc;
        ntm_status st = ntm_tp_forecast(f->tp, t, &fc);
        *y = fc.mean;
        return st;
    }
    double s = 0;
    for (size_t i = 0; i < f->nc; i++)
        s += f->c[i].info.weight * comp_mean(f, &f->c[i], t);
    *y = s;
    return check_finite(s, NULL);
}

ntm_status ntm_trend_forecast_many(const ntm_trend_fit *f, const double *times, size_t m,
                                   ntm_trend_forecast *out)
{
    static const double q[5] = {0.5, 0.1, 0.9, 0.025, 0.975};
    double tq[5][MAX_COMPONENTS], tab[MAX_COMPONENTS][HALF_NODES];
    for (size_t j = 0; j < m; j++)
        if (!isfinite(times[j]))
            return ntm_error_set(NULL, NTM_EINPUT, "bad time");
    if (f->tp) {
        for (size_t j = 0; j < m; j++) {
            ntm_status st = ntm_tp_forecast(f->tp, times[j], &out[j]);
            if (st != NTM_OK)
                return ntm_error_set(NULL, st, "the forecast overflows");
        }
        return NTM_OK;
    }
    /* Standard-t quantiles once per distinct dof (components share a few), shared by
     * every time. */
    for (size_t i = 0; i < f->nc; i++) {
        size_t same = 0;
        while (same < i && f->c[same].nun != f->c[i].nun)
            same++;
        if (same < i) {
            for (size_t k = 0; k < 5; k++)
                tq[k][i] = tq[k][same];
            memcpy(tab[i], tab[same], sizeof tab[i]);
            continue;
        }
        for (size_t k = 0; k < 5; k++)
            tq[k][i] = gsl_cdf_tdist_Pinv(q[k], f->c[i].nun);
        mean_table(f->c[i].nun, tab[i]);
    }
    for (size_t j = 0; j < m; j++) {
        double v[5], t = times[j], mean = 0;
        for (size_t k = 0; k < 5; k++) {
            if (f->nc == 1) {
                double mm, sc;
                comp_pred(&f->c[0], t, &mm, &sc);
                v[k] = comp_y(f, &f->c[0], mm, sc, tq[k][0]);
            } else {
                ntm_status st = mix_quantile(f, t, q[k], tq[k], &v[k]);
                if (st != NTM_OK)
                    return st;
            }
            if (!isfinite(v[k]))
                return check_finite(v[k], NULL);
        }
        for (size_t i = 0; i < f->nc; i++)
            mean += f->c[i].info.weight * comp_mean_tab(f, &f->c[i], t, tab[i]);
        if (!isfinite(mean))
            return check_finite(mean, NULL);
        out[j] = (ntm_trend_forecast){t, v[0], mean, v[1], v[2], v[3], v[4]};
    }
    return NTM_OK;
}

ntm_status ntm_trend_forecast_at(const ntm_trend_fit *f, double t, ntm_trend_forecast *out)
{
    return ntm_trend_forecast_many(f, &t, 1, out);
}

/* ---- draws ------------------------------------------------------------------------------- */

size_t ntm_trend_draw_variates(size_t m)
{
    return 5 + m;
}

/* y = g^-1(z) clamped to the bounds, never NaN or infinite. */
static double draw_y(const ntm_trend_fit *f, const comp *c, double z)
{
    double yv = g_inv(c->g, c->L, z);
    if (isnan(yv))
        yv = f->lo > -INFINITY ? f->lo : 0;
    yv = clamp(yv, f->lo, f->hi);
    if (!isfinite(yv))
        yv = yv > 0 ? DBL_MAX : -DBL_MAX;
    return yv;
}

/* A joint path of the random walk with drift B and step SD per unit time: the M standard
 * normals are taken in index order (the common-random-number layout), then the times are
 * visited in increasing |h| (h = t - t_last; ties by index) on each side of t_last, each
 * adding the walk's increment over its own gap, so the value at h has variance
 * SD^2 |h| and consecutive values share their past (O(m^2) ordering, no allocation). */
static void draw_drift(const ntm_trend_fit *f, const comp *c, gsl_rng *r, double sd, double b,
                       const double *times, size_t m, double *y_out)
{
    ntm_rng_fill(r, y_out, m);
    for (size_t j = 0; j < m; j++)
        y_out[j] = ntm_rng_normal_inv(y_out[j]);
    double w[2] = {0, 0}, hprev[2] = {0, 0}; /* walk and |h| so far: after, before t_last */
    double kprev = -1;
    size_t iprev = 0;
    for (size_t done = 0; done < m; done++) {
        size_t best = m;
        double kbest = INFINITY;
        for (size_t j = 0; j < m; j++) {
            double k = fabs(times[j] - c->t_ref);
            int after = k > kprev || (k == kprev && j > iprev); /* (k, j) > (kprev, iprev) */
            if (after && (k < kbest || (k == kbest && j < best))) {
                kbest = k;
                best = j;
            }
        }
        double h = times[best] - c->t_ref;
        int side = h < 0;
        w[side] += sd * sqrt(kbest - hprev[side]) * y_out[best];
        hprev[side] = kbest;
        y_out[best] = draw_y(f, c, c->zbar + b * h + w[side]);
        kprev = kbest;
        iprev = best;
    }
}

/* ---- chi-square variates from one uniform ------------------------------------------ */

/* SplitMix64 (Steele, Lea & Flood 2014): a private generator seeded from one uniform of
 * the caller's stream, so a draw still takes a fixed number of uniforms from that stream
 * while the chi-square below may use a rejection sampler. The same uniform gives the same
 * chi-square: common random numbers hold across scenarios. */
static uint64_t splitmix_next(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double splitmix_uniform(uint64_t *x)
{
    return ((double)(splitmix_next(x) >> 11) + 0.5) * 0x1.0p-53; /* in (0, 1) */
}

/* A standard normal by the polar method (Marsaglia & Bray 1964). */
static double splitmix_normal(uint64_t *x)
{
    for (;;) {
        double v1 = 2 * splitmix_uniform(x) - 1, v2 = 2 * splitmix_uniform(x) - 1;
        double w = v1 * v1 + v2 * v2;
        if (w > 0 && w < 1)
            return v1 * sqrt(-2 * log(w) / w);
    }
}

/* Gamma(A, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", with Gamma(A) = Gamma(A + 1) U^(1/A) for A < 1. */
static double splitmix_gamma(uint64_t *x, double a)
{
    double boost = 1;
    if (a < 1) {
        boost = pow(splitmix_uniform(x), 1 / a);
        a += 1;
    }
    double d = a - 1.0 / 3, cc = 1 / sqrt(9 * d);
    for (;;) {
        double z = splitmix_normal(x), v = 1 + cc * z;
        if (v <= 0)
            continue;
        v = v * v * v;
        double uu = splitmix_uniform(x);
        if (uu < 1 - 0.0331 * z * z * z * z || log(uu) < 0.5 * z * z + d * (1 - v + log(v)))
            return boost * d * v;
    }
}

/* A chi-square variate with NU degrees of freedom from the uniform U: 2 Gamma(NU/2).
 * (Inverting the chi-square CDF, gsl_cdf_chisq_Pinv, took 1,6 µs a draw: most of a
 * province's simulation.) */
static double chisq_from_uniform(double u, double nu)
{
    uint64_t x = (uint64_t)(u * 0x1.0p53) ^ 0x5DEECE66DULL;
    return 2 * splitmix_gamma(&x, 0.5 * nu);
}

ntm_status ntm_trend_draw(const ntm_trend_fit *f, gsl_rng *r, const double *times, size_t m,
                          double *y_out)
{
    for (size_t j = 0; j < m; j++)
        if (!isfinite(times[j]))
            return ntm_error_set(NULL, NTM_EINPUT, "bad time");
    if (f->tp)
        return ntm_tp_draw(f->tp, r, times, m, y_out);
    double u[5];
    ntm_rng_fill(r, u, 5);
    size_t k = 0;
    double cum = f->c[0].info.weight;
    while (k + 1 < f->nc && u[0] > cum)
        cum += f->c[++k].info.weight;
    const comp *c = &f->c[k];
    double chi = chisq_from_uniform(u[1], c->nun);
    if (!(chi > DBL_MIN))
        chi = DBL_MIN;
    double s2 = c->nun * c->s2n / chi, sd = sqrt(s2);
    /* The normals u[2..4] by inversion (bit for bit gsl_cdf_ugaussian_Pinv, rng.h), each
     * only where this component uses it: the uniforms are taken all the same. */
    if (c->drift) {
        double b = c->bn + sqrt(s2 / c->kappan) * ntm_rng_normal_inv(u[2]);
        draw_drift(f, c, r, sd, b, times, m, y_out);
        return NTM_OK;
    }
    double a = 0, b = 0, th[3] = {0, 0, 0};
    if (c->nls) {
        double nn[3] = {ntm_rng_normal_inv(u[2]), ntm_rng_normal_inv(u[3]),
                        ntm_rng_normal_inv(u[4])};
        for (size_t i = 0; i < 3; i++) {
            th[i] = c->th[i];
            for (size_t j = 0; j <= i; j++)
                th[i] += sd * c->chol[i][j] * nn[j];
        }
    } else {
        b = c->has_slope ? c->bn + sqrt(s2 / c->kappan) * ntm_rng_normal_inv(u[2]) : 0;
        a = c->zbar + sqrt(s2 / c->n) * ntm_rng_normal_inv(u[3]);
    }
    /* the M noise uniforms, in time order, straight into Y_OUT; replaced by values below */
    ntm_rng_fill(r, y_out, m);
    for (size_t j = 0; j < m; j++) {
        double e = sd * ntm_rng_normal_inv(y_out[j]), yv;
        if (c->nls) {
            yv = ntm_trend_nls_eval(th[0], th[1], th[2], times[j], NULL) + e;
        } else { /* g_inv, its two common cases in place (a call a year otherwise) */
            double zv = a + b * (c->has_slope ? comp_x(c, times[j]) : 0) + e;
            yv = c->g == XF_ID ? zv : c->g == XF_LOG ? exp(zv) : g_inv(c->g, c->L, zv);
        }
        if (isnan(yv))
            yv = f->lo > -INFINITY ? f->lo : 0;
        yv = clamp(yv, f->lo, f->hi);
        if (!isfinite(yv))
            yv = yv > 0 ? DBL_MAX : -DBL_MAX;
        y_out[j] = yv;
    }
    return NTM_OK;
}
