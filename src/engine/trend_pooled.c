/* trend_pooled.c: the pooled damped drift as a trend fit (trend_pooled.h).
 *
 * The prior, in order: the siblings' (spec.pooled), the catalog's documented numbers
 * (spec.prior with slope, slope_sd, sigma and nu: mu = slope, tau = slope_sd, s0 = sigma,
 * nu0 = nu on the scale of spec.prior_model), else the flat drift (n >= 3) with the
 * default range growth. Quantiles invert the node mixture's CDF on z, then go back
 * through g^-1 and the clamp (both monotone). */
#include "engine/trend_pooled.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rng.h"

#define RATE_MAX 100.0
#define HALF_ROUNDING 0.0005 /* a reported 0 or L moves this share of L inside */
#define ZUNIT_TARGET 0.1     /* z = y: the prior's (or the data's) noise maps to this */

struct ntm_tp {
    ntm_pooled_prior prior;
    ntm_pooled_post post;
    size_t n;
    double t_last, z_last; /* z_last on z / zunit */
    double lo, hi;
};

static int catalog_theta(const ntm_prior *p)
{
    return p && isfinite(p->slope) && isfinite(p->slope_sd) && p->slope_sd > 0 &&
           isfinite(p->sigma) && p->sigma > 0 && isfinite(p->nu) && p->nu > 0;
}

int ntm_tp_applies(const ntm_trend_spec *spec, size_t n)
{
    if (spec->model != NTM_MODEL_AUTO && spec->model != NTM_MODEL_POOLED)
        return 0;
    return spec->pooled || catalog_theta(spec->prior) || n >= 3;
}

ntm_scale ntm_trend_scale(const ntm_trend_spec *spec, const double *y, size_t n, double *ceiling)
{
    double L = spec->ceiling;
    if (!isfinite(L) && spec->prior && isfinite(spec->prior->ceiling))
        L = spec->prior->ceiling;
    if (!isfinite(L) && spec->is_rate)
        L = RATE_MAX;
    *ceiling = L;
    if (spec->pooled) {
        *ceiling = spec->pooled->ceiling;
        return spec->pooled->scale;
    }
    int pos = 1;
    for (size_t i = 0; i < n; i++)
        pos &= y[i] > 0;
    switch (spec->prior_model) {
    case NTM_MODEL_LOGISTIC: return isfinite(L) ? NTM_SCALE_LOGIT : NTM_SCALE_ID;
    case NTM_MODEL_LOGLINEAR:
    case NTM_MODEL_LOGDRIFT:
    case NTM_MODEL_LOGRW: return pos ? NTM_SCALE_LOG : NTM_SCALE_ID;
    case NTM_MODEL_AUTO:
    case NTM_MODEL_POOLED:
    case NTM_MODEL_AICC: break;
    default: return NTM_SCALE_ID;
    }
    if (spec->is_rate && isfinite(L))
        return NTM_SCALE_LOGIT;
    return (spec->nonnegative || spec->is_rate) && pos ? NTM_SCALE_LOG : NTM_SCALE_ID;
}

double ntm_trend_z(ntm_scale s, double L, double y, double den)
{
    if (s == NTM_SCALE_LOGIT) {
        double half = isfinite(den) && den > 0 ? L * 0.5 / den : HALF_ROUNDING * L;
        if (y < half)
            y = half;
        if (y > L - half)
            y = L - half;
    }
    return ntm_scale_fwd(s, L, y);
}

/* The prior for this fit, and the z unit when z = y. */
static void choose_prior(const ntm_trend_spec *spec, ntm_scale sc, double L, const double *z,
                         size_t n, ntm_pooled_prior *p)
{
    if (spec->pooled) {
        *p = *spec->pooled;
        return;
    }
    ntm_pooled_prior_flat(p, sc, L);
    if (catalog_theta(spec->prior)) {
        const ntm_prior *c = spec->prior;
        p->origin = NTM_PRIOR_CATALOG;
        p->zunit = sc == NTM_SCALE_ID ? c->sigma / ZUNIT_TARGET : 1.0;
        p->mu = c->slope / p->zunit;
        p->tau = c->slope_sd / p->zunit;
        p->s0 = c->sigma / p->zunit;
        p->nu0 = c->nu;
        return;
    }
    if (sc == NTM_SCALE_ID) { /* flat: any unit gives the same answer; one that fits */
        double ss = 0, k = 0;
        for (size_t i = 1; i < n; i++, k++)
            ss += (z[i] - z[i - 1]) * (z[i] - z[i - 1]);
        double rms = k ? sqrt(ss / k) : 0;
        p->zunit = rms > 0 ? rms / ZUNIT_TARGET : 1.0;
    }
}

ntm_status ntm_tp_fit(ntm_tp **out, const ntm_trend_spec *spec, const double *t, const double *y,
                      const double *den, size_t n, double lo, double hi, ntm_error *err)
{
    *out = NULL;
    double L;
    ntm_scale sc = ntm_trend_scale(spec, y, n, &L);
    if (sc == NTM_SCALE_LOGIT)
        for (size_t i = 0; i < n; i++)
            if (!(y[i] >= 0 && y[i] <= L))
                return ntm_error_set(err, NTM_EINPUT,
                                     "point %zu (t = %.10g): %.10g is outside [0, %.10g]", i + 1,
                                     t[i], y[i], L);
    if (sc == NTM_SCALE_LOG)
        for (size_t i = 0; i < n; i++)
            if (!(y[i] > 0))
                return ntm_error_set(err, NTM_EINPUT,
                                     "point %zu (t = %.10g): %.10g is not positive (log scale)",
                                     i + 1, t[i], y[i]);
    ntm_tp *tp = calloc(1, sizeof *tp);
    double *z = malloc(n * sizeof *z);
    if (!tp || !z) {
        free(tp);
        free(z);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory fitting a trend");
    }
    for (size_t i = 0; i < n; i++)
        z[i] = ntm_trend_z(sc, L, y[i], den ? den[i] : NAN);
    choose_prior(spec, sc, L, z, n, &tp->prior);
    for (size_t i = 0; i < n; i++)
        z[i] /= tp->prior.zunit;
    ntm_pooled_stats st;
    ntm_pooled_stats_of(t, z, n, &st);
    ntm_status rc = ntm_pooled_posterior(&st, &tp->prior, &tp->post, err);
    tp->n = n;
    tp->t_last = t[n - 1];
    tp->z_last = z[n - 1];
    tp->lo = lo;
    tp->hi = sc == NTM_SCALE_LOGIT ? fmin(hi, L) : hi;
    if (sc != NTM_SCALE_ID)
        tp->lo = fmax(lo, 0);
    free(z);
    if (rc != NTM_OK) {
        free(tp);
        return rc;
    }
    *out = tp;
    return NTM_OK;
}

void ntm_tp_free(ntm_tp *tp)
{
    free(tp);
}

const ntm_pooled_prior *ntm_tp_prior(const ntm_tp *tp)
{
    return &tp->prior;
}

double ntm_tp_omega(const ntm_tp *tp)
{
    return tp->post.omega;
}

void ntm_tp_component(const ntm_tp *tp, ntm_trend_component *out)
{
    memset(out, 0, sizeof *out);
    const ntm_pooled_prior *p = &tp->prior;
    const ntm_pooled_post *q = &tp->post;
    double vb = 0;
    for (size_t k = 0; k < q->k; k++)
        vb += q->w[k] * (q->v[k] + (q->b[k] - q->bmean) * (q->b[k] - q->bmean));
    out->model = NTM_MODEL_POOLED;
    out->weight = 1;
    out->aicc = NAN;
    out->loglik = NAN;
    out->k = 2;
    out->rss = NAN;
    out->sigma = p->zunit * sqrt(q->s2mean);
    out->dof = NAN;
    out->n_params = 3;
    out->param[0] = (ntm_trend_param){"level", p->zunit * tp->z_last, 0, NULL};
    out->param[1] = (ntm_trend_param){"drift", p->zunit * q->bmean, p->zunit * sqrt(vb), NULL};
    out->param[2] = (ntm_trend_param){
        "phi", p->phi, NAN,
        p->origin == NTM_PRIOR_SIBLINGS ? "tuned on the siblings' past" : "documented default"};
    out->cov[1][1] = p->zunit * p->zunit * vb;
}

static double to_y(const ntm_tp *tp, double zs)
{
    double y = ntm_scale_inv(tp->prior.scale, tp->prior.ceiling, tp->prior.zunit * zs);
    if (isnan(y))
        y = tp->lo > -INFINITY ? tp->lo : 0;
    y = y < tp->lo ? tp->lo : y > tp->hi ? tp->hi : y;
    if (!isfinite(y))
        y = y > 0 ? DBL_MAX : -DBL_MAX;
    return y;
}

static double from_y(const ntm_tp *tp, double y)
{
    const ntm_pooled_prior *p = &tp->prior;
    if (p->scale == NTM_SCALE_LOG && !(y > 0))
        return -INFINITY;
    if (p->scale == NTM_SCALE_LOGIT && !(y > 0))
        return -INFINITY;
    if (p->scale == NTM_SCALE_LOGIT && !(y < p->ceiling))
        return INFINITY;
    return ntm_scale_fwd(p->scale, p->ceiling, y) / p->zunit;
}

double ntm_tp_cdf(const ntm_tp *tp, double t, double y)
{
    if (y < tp->lo)
        return 0;
    if (y >= tp->hi)
        return 1;
    double m[NTM_POOLED_GRID], s[NTM_POOLED_GRID];
    ntm_pooled_moments(&tp->post, &tp->prior, tp->z_last, t - tp->t_last, m, s);
    return ntm_pooled_cdf(&tp->post, m, s, from_y(tp, y));
}

ntm_status ntm_tp_quantile(const ntm_tp *tp, double t, double q, double *y)
{
    double m[NTM_POOLED_GRID], s[NTM_POOLED_GRID];
    ntm_pooled_moments(&tp->post, &tp->prior, tp->z_last, t - tp->t_last, m, s);
    *y = to_y(tp, ntm_pooled_quantile(&tp->post, m, s, q));
    return isfinite(*y) ? NTM_OK : NTM_ENUMERIC;
}

/* E[y]: z = y unbounded exactly; else the predictive discretised at NTM_TREND_MEAN_NODES
 * equiprobable points (the midpoint rule on the mixture's quantile function), as the
 * other models do: exp or logit of a heavy-tailed mixture has no finite mean otherwise. */
static double tp_mean(const ntm_tp *tp, const double *m, const double *s)
{
    const ntm_pooled_post *q = &tp->post;
    const ntm_pooled_prior *p = &tp->prior;
    double sum = 0;
    if (p->scale == NTM_SCALE_ID && tp->lo == -INFINITY && tp->hi == INFINITY) {
        for (size_t k = 0; k < q->k; k++)
            sum += q->w[k] * p->zunit * m[k];
        return sum;
    }
    double x = NAN; /* each quantile starts from the one before: a few Newton steps */
    for (int i = 0; i < NTM_TREND_MEAN_NODES; i++) {
        x = ntm_pooled_quantile_near(q, m, s, (i + 0.5) / NTM_TREND_MEAN_NODES, x);
        sum += to_y(tp, x);
    }
    return sum / NTM_TREND_MEAN_NODES;
}

ntm_status ntm_tp_forecast(const ntm_tp *tp, double t, ntm_trend_forecast *out)
{
    static const double qs[5] = {0.5, 0.1, 0.9, 0.025, 0.975};
    double m[NTM_POOLED_GRID], s[NTM_POOLED_GRID], v[5];
    ntm_pooled_moments(&tp->post, &tp->prior, tp->z_last, t - tp->t_last, m, s);
    for (int k = 0; k < 5; k++) {
        v[k] = to_y(tp, ntm_pooled_quantile(&tp->post, m, s, qs[k]));
        if (!isfinite(v[k]) || fabs(v[k]) == DBL_MAX)
            return NTM_ENUMERIC;
    }
    double mean = tp_mean(tp, m, s);
    if (!isfinite(mean))
        return NTM_ENUMERIC;
    *out = (ntm_trend_forecast){t, v[0], mean, v[1], v[2], v[3], v[4]};
    return NTM_OK;
}

/* One path: u0 picks the node, u1 the drift, u2..u4 are taken unused (the draw layout of
 * trend.h), then M normals in index order; the times are visited in increasing h, each
 * adding the noise of its own stretch so that the value at h has the predictive variance
 * and later values share earlier ones' noise. */
ntm_status ntm_tp_draw(const ntm_tp *tp, gsl_rng *r, const double *times, size_t m, double *y_out)
{
    const ntm_pooled_post *q = &tp->post;
    const ntm_pooled_prior *p = &tp->prior;
    double u[5];
    ntm_rng_fill(r, u, 5);
    size_t k = 0;
    double cum = q->w[0];
    while (k + 1 < q->k && u[0] > cum)
        cum += q->w[++k];
    double b = q->b[k] + sqrt(q->v[k]) * ntm_rng_normal_inv(u[1]);
    ntm_rng_fill(r, y_out, m);
    for (size_t j = 0; j < m; j++)
        y_out[j] = ntm_rng_normal_inv(y_out[j]);
    double walk = 0, gprev = 0, hprev = -INFINITY;
    size_t iprev = 0;
    for (size_t done = 0; done < m; done++) {
        size_t best = m;
        double hb = INFINITY;
        for (size_t j = 0; j < m; j++) {
            double h = fabs(times[j] - tp->t_last);
            int after = h > hprev || (h == hprev && j > iprev);
            if (after && (h < hb || (h == hb && j < best))) {
                hb = h;
                best = j;
            }
        }
        double g = q->s2[k] * ntm_pooled_growth(p, hb);
        walk += sqrt(fmax(g - gprev, 0)) * y_out[best];
        gprev = g;
        double h = times[best] - tp->t_last, S = h >= 0 ? ntm_pooled_sphi(p->phi, h) : h;
        y_out[best] = to_y(tp, tp->z_last + b * S + walk);
        hprev = hb;
        iprev = best;
    }
    return NTM_OK;
}
