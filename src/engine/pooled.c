/* pooled.c: the pooled damped drift (pooled.h).
 *
 * The marginal likelihood given s2. With d_k = b D_k + e_k, e_k ~ N(0, s2 D_k) and
 * b ~ N(mu, tau^2), the d are jointly normal; writing Sxx = sum D_k, Sxy = sum d_k,
 * Syy = sum d_k^2 / D_k and completing the square in b:
 *   log p(d | s2) = -(m/2) log 2 pi - ((m-1)/2) log s2 - (1/2) log(s2 + tau^2 Sxx)
 *                   - (1/2) sum log D_k
 *                   - [Syy - 2 mu Sxy + mu^2 Sxx - tau^2 (Sxy - mu Sxx)^2 / (s2 + tau^2 Sxx)]
 *                     / (2 s2)
 * and b | d, s2 ~ N(b_k, V), V = 1 / (Sxx / s2 + 1 / tau^2), b_k = V (Sxy / s2 + mu / tau^2).
 * As tau -> infinity the terms in tau leave -(1/2) log(tau^2 Sxx) - (Syy - Sxy^2/Sxx)/(2 s2):
 * the flat drift, whose constant we drop (node weights are normalised).
 * The node masses of s2 ~ scaled-Inv-chi^2(nu0, s0^2): its density in log s2 is
 * proportional to s2^(-nu0/2) exp(-nu0 s0^2 / (2 s2)), normalised over the grid; the flat
 * noise prior (density 1/s2) is uniform in log s2. */
#include "engine/pooled.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_multimin.h>

#define G NTM_POOLED_GRID
#define LN_2PI 1.8378770664093453
#define MU_LO -3.0 /* bounds of theta (on z / zunit) */
#define MU_HI 3.0
#define TAU_LO 0.003
#define TAU_HI 1.7
#define NU_LO 0.5
#define NU_HI 200.0
#define S0_LO 0.01
#define S0_HI 1.2
#define KEEP_REL 1e-10 /* posterior nodes below this share of the largest are dropped */
#define NM_MAXITER 400
#define NM_SIZE_TOL 1e-3 /* on the transformed theta: far inside its standard errors */

const char *ntm_scale_name(ntm_scale s)
{
    return s == NTM_SCALE_LOG ? "log" : s == NTM_SCALE_LOGIT ? "logit" : "y";
}

double ntm_scale_fwd(ntm_scale s, double L, double y)
{
    if (s == NTM_SCALE_LOG)
        return log(y);
    if (s == NTM_SCALE_LOGIT)
        return log(y / (L - y));
    return y;
}

double ntm_scale_inv(ntm_scale s, double L, double z)
{
    if (s == NTM_SCALE_LOG)
        return exp(z);
    if (s == NTM_SCALE_LOGIT)
        return z >= 0 ? L / (1.0 + exp(-z)) : L * exp(z) / (1.0 + exp(z));
    return z;
}

void ntm_pooled_prior_flat(ntm_pooled_prior *p, ntm_scale scale, double ceiling)
{
    memset(p, 0, sizeof *p);
    p->mu = 0;
    p->tau = INFINITY;
    p->nu0 = 0;
    p->s0 = NAN;
    p->phi = 1.0;
    p->c = NTM_POOLED_DEFAULT_C;
    p->lambda = NTM_POOLED_DEFAULT_LAMBDA;
    p->scale = scale;
    p->ceiling = ceiling;
    p->zunit = 1.0;
    p->origin = NTM_PRIOR_FLAT;
}

void ntm_pooled_stats_of(const double *t, const double *z, size_t n, ntm_pooled_stats *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 1; i < n; i++) {
        double D = t[i] - t[i - 1], d = z[i] - z[i - 1];
        out->m += 1;
        out->sxx += D;
        out->sxy += d;
        out->syy += d * d / D;
        out->slogd += log(D);
    }
}

double ntm_pooled_loglik_s2(const ntm_pooled_stats *s, double mu, double tau, double s2)
{
    if (s->m == 0)
        return 0;
    double base = -0.5 * s->m * LN_2PI - 0.5 * (s->m - 1) * log(s2) - 0.5 * s->slogd;
    if (!isfinite(tau))
        return base - 0.5 * log(s->sxx) - (s->syy - s->sxy * s->sxy / s->sxx) / (2 * s2);
    double t2 = tau * tau, den = s2 + t2 * s->sxx, r = s->sxy - mu * s->sxx;
    double q = s->syy - 2 * mu * s->sxy + mu * mu * s->sxx - t2 * r * r / den;
    return base - 0.5 * log(den) - q / (2 * s2);
}

static void grid_nodes(double *s2, double *ls2)
{
    double a = log(NTM_POOLED_GRID_LO), step = (log(NTM_POOLED_GRID_HI) - a) / (G - 1);
    for (int k = 0; k < G; k++) {
        ls2[k] = a + step * k;
        s2[k] = exp(ls2[k]);
    }
}

/* log prior mass of each node (normalised); NU0 <= 0 or S0 not finite: flat. */
static void node_prior(double nu0, double s0, const double *s2, const double *ls2, double *lp)
{
    double mx = -INFINITY;
    for (int k = 0; k < G; k++) {
        lp[k] = nu0 > 0 && isfinite(s0) ? -0.5 * nu0 * ls2[k] - nu0 * s0 * s0 / (2 * s2[k]) : 0;
        if (lp[k] > mx)
            mx = lp[k];
    }
    double sum = 0;
    for (int k = 0; k < G; k++)
        sum += exp(lp[k] - mx);
    double c = mx + log(sum);
    for (int k = 0; k < G; k++)
        lp[k] -= c;
}

static double lse_unit(const ntm_pooled_stats *s, double mu, double tau, const double *s2,
                       const double *lp, double *tmp)
{
    double mx = -INFINITY;
    for (int k = 0; k < G; k++) {
        tmp[k] = lp[k] + ntm_pooled_loglik_s2(s, mu, tau, s2[k]);
        if (tmp[k] > mx)
            mx = tmp[k];
    }
    double sum = 0;
    for (int k = 0; k < G; k++)
        sum += exp(tmp[k] - mx);
    return mx + log(sum);
}

double ntm_pooled_marginal(const ntm_pooled_stats *s, double mu, double tau, double nu0, double s0)
{
    double s2[G], ls2[G], lp[G], tmp[G];
    grid_nodes(s2, ls2);
    node_prior(nu0, s0, s2, ls2, lp);
    return lse_unit(s, mu, tau, s2, lp, tmp);
}

/* ---- learning theta ----------------------------------------------------------------- */

typedef struct learn_ctx {
    ntm_pooled_stats *u; /* the usable units, sorted by Sxx (yearly series share it) */
    size_t n;
    double s2[G], ls2[G], inv2s2[G];
} learn_ctx;

static double bounded(double x, double lo, double hi)
{
    return lo + (hi - lo) / (1.0 + exp(-x));
}

static double unbounded(double v, double lo, double hi)
{
    double p = (v - lo) / (hi - lo);
    p = p < 1e-6 ? 1e-6 : p > 1 - 1e-6 ? 1 - 1e-6 : p;
    return log(p / (1 - p));
}

static void theta_of(const gsl_vector *x, double *th)
{
    th[0] = bounded(gsl_vector_get(x, 0), MU_LO, MU_HI);
    th[1] = exp(bounded(gsl_vector_get(x, 1), log(TAU_LO), log(TAU_HI)));
    th[2] = exp(bounded(gsl_vector_get(x, 2), log(NU_LO), log(NU_HI)));
    th[3] = exp(bounded(gsl_vector_get(x, 3), log(S0_LO), log(S0_HI)));
}

/* The sum over units of ntm_pooled_marginal, the terms in s2 and Sxx shared by the units
 * with the same Sxx (the same formula as ntm_pooled_loglik_s2, rearranged). */
static double neg_loglik(const gsl_vector *x, void *params)
{
    learn_ctx *c = params;
    double th[4], lp[G], tmp[G], lden[G], iden[G], sum = 0, sxx = NAN;
    theta_of(x, th);
    node_prior(th[2], th[3], c->s2, c->ls2, lp);
    double mu = th[0], t2 = th[1] * th[1];
    for (size_t j = 0; j < c->n; j++) {
        const ntm_pooled_stats *u = &c->u[j];
        if (u->sxx != sxx) {
            sxx = u->sxx;
            for (int k = 0; k < G; k++) {
                double den = c->s2[k] + t2 * sxx;
                lden[k] = log(den);
                iden[k] = 1.0 / den;
            }
        }
        double a = u->syy - 2 * mu * u->sxy + mu * mu * u->sxx, r = u->sxy - mu * u->sxx;
        double c0 = -0.5 * u->m * LN_2PI - 0.5 * u->slogd, h = 0.5 * (u->m - 1), mx = -INFINITY;
        for (int k = 0; k < G; k++) {
            double q = a - t2 * r * r * iden[k];
            tmp[k] = lp[k] + c0 - h * c->ls2[k] - 0.5 * lden[k] - q * c->inv2s2[k];
            mx = tmp[k] > mx ? tmp[k] : mx;
        }
        double e = 0;
        for (int k = 0; k < G; k++)
            if (tmp[k] > mx - 40) /* below that, exp adds nothing a double can hold */
                e += exp(tmp[k] - mx);
        sum += mx + log(e);
    }
    return isfinite(sum) ? -sum : DBL_MAX;
}

static int cmp_sxx(const void *a, const void *b)
{
    double x = ((const ntm_pooled_stats *)a)->sxx, y = ((const ntm_pooled_stats *)b)->sxx;
    return (x > y) - (x < y);
}

static double clampd(double v, double lo, double hi)
{
    return !(v >= lo) ? lo : v > hi ? hi : v;
}

/* Moment starting values: the units' mean drift, its SD, the mean noise variance. */
static void moment_start(const ntm_pooled_stats *u, size_t n, double *th)
{
    double sb = 0, sbb = 0, sv = 0, k = 0, kv = 0;
    for (size_t j = 0; j < n; j++) {
        if (u[j].m == 0)
            continue;
        double b = u[j].sxy / u[j].sxx;
        sb += b;
        sbb += b * b;
        k++;
        if (u[j].m >= 2) {
            sv += (u[j].syy - u[j].sxy * u[j].sxy / u[j].sxx) / (u[j].m - 1);
            kv++;
        }
    }
    double mb = k ? sb / k : 0, vb = k > 1 ? (sbb - k * mb * mb) / (k - 1) : 0.01;
    th[0] = clampd(mb, MU_LO, MU_HI);
    th[1] = clampd(sqrt(fmax(vb, 0) * 0.5), TAU_LO * 2, TAU_HI / 2);
    th[2] = 4;
    th[3] = clampd(kv ? sqrt(sv / kv) : 0.1, S0_LO * 2, S0_HI / 2);
}

ntm_status ntm_pooled_learn(const ntm_pooled_stats *u, size_t n, const ntm_pooled_prior *start,
                            ntm_pooled_prior *out, ntm_error *err)
{
    size_t usable = 0;
    for (size_t j = 0; j < n; j++)
        usable += u[j].m > 0;
    if (usable < 2)
        return ntm_error_set(err, NTM_EINPUT, "too few sibling series to learn a prior (%zu)",
                             usable);
    learn_ctx ctx = {.u = malloc(usable * sizeof *ctx.u), .n = 0};
    if (!ctx.u)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t j = 0; j < n; j++)
        if (u[j].m > 0)
            ctx.u[ctx.n++] = u[j];
    qsort(ctx.u, ctx.n, sizeof *ctx.u, cmp_sxx);
    grid_nodes(ctx.s2, ctx.ls2);
    for (int k = 0; k < G; k++)
        ctx.inv2s2[k] = 0.5 / ctx.s2[k];
    double th[4];
    if (start && isfinite(start->tau) && start->nu0 > 0 && isfinite(start->s0)) {
        th[0] = start->mu;
        th[1] = start->tau;
        th[2] = start->nu0;
        th[3] = start->s0;
    } else
        moment_start(u, n, th);
    gsl_vector *x = gsl_vector_alloc(4), *step = gsl_vector_alloc(4);
    gsl_multimin_fminimizer *mm =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 4);
    if (!x || !step || !mm) {
        free(ctx.u);
        gsl_vector_free(x);
        gsl_vector_free(step);
        if (mm)
            gsl_multimin_fminimizer_free(mm);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    gsl_vector_set(x, 0, unbounded(th[0], MU_LO, MU_HI));
    gsl_vector_set(x, 1, unbounded(log(th[1]), log(TAU_LO), log(TAU_HI)));
    gsl_vector_set(x, 2, unbounded(log(th[2]), log(NU_LO), log(NU_HI)));
    gsl_vector_set(x, 3, unbounded(log(th[3]), log(S0_LO), log(S0_HI)));
    gsl_vector_set_all(step, start ? 0.3 : 0.8);
    gsl_multimin_function fn = {.f = neg_loglik, .n = 4, .params = &ctx};
    gsl_multimin_fminimizer_set(mm, &fn, x, step);
    for (int it = 0; it < NM_MAXITER; it++) {
        if (gsl_multimin_fminimizer_iterate(mm))
            break;
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(mm), NM_SIZE_TOL) == GSL_SUCCESS)
            break;
    }
    theta_of(gsl_multimin_fminimizer_x(mm), th);
    out->mu = th[0];
    out->tau = th[1];
    out->nu0 = th[2];
    out->s0 = th[3];
    gsl_multimin_fminimizer_free(mm);
    gsl_vector_free(x);
    gsl_vector_free(step);
    free(ctx.u);
    return NTM_OK;
}

/* ---- one unit ------------------------------------------------------------------------ */

ntm_status ntm_pooled_posterior(const ntm_pooled_stats *s, const ntm_pooled_prior *p,
                                ntm_pooled_post *out, ntm_error *err)
{
    int flat = p->origin == NTM_PRIOR_FLAT || !isfinite(p->tau);
    if (flat && s->m < 2)
        return ntm_error_set(err, NTM_EINPUT,
                             "a trend without a prior needs at least 3 points (%g given)",
                             s->m + 1);
    double s2[G], ls2[G], lp[G], lw[G], mx = -INFINITY;
    grid_nodes(s2, ls2);
    node_prior(flat ? 0 : p->nu0, flat ? NAN : p->s0, s2, ls2, lp);
    for (int k = 0; k < G; k++) {
        lw[k] = lp[k] + ntm_pooled_loglik_s2(s, p->mu, flat ? INFINITY : p->tau, s2[k]);
        if (lw[k] > mx)
            mx = lw[k];
    }
    double thr = mx + log(KEEP_REL), sum = 0;
    out->k = 0;
    for (int k = 0; k < G; k++) {
        if (!(lw[k] >= thr))
            continue;
        size_t j = out->k++;
        out->w[j] = exp(lw[k] - mx);
        out->s2[j] = s2[k];
        if (flat) {
            out->v[j] = s2[k] / s->sxx;
            out->b[j] = s->sxy / s->sxx;
        } else {
            double prec = s->sxx / s2[k] + 1.0 / (p->tau * p->tau);
            out->v[j] = 1.0 / prec;
            out->b[j] = out->v[j] * (s->sxy / s2[k] + p->mu / (p->tau * p->tau));
        }
        sum += out->w[j];
    }
    double bm = 0, vm = 0, sm = 0;
    for (size_t j = 0; j < out->k; j++) {
        out->w[j] /= sum;
        bm += out->w[j] * out->b[j];
        vm += out->w[j] * out->v[j];
        sm += out->w[j] * out->s2[j];
    }
    out->bmean = bm;
    out->s2mean = sm;
    out->omega = flat ? 1.0 : 1.0 - vm / (p->tau * p->tau);
    return NTM_OK;
}

double ntm_pooled_sphi(double phi, double h)
{
    if (phi >= 1.0)
        return h;
    return phi * (1.0 - pow(phi, h)) / (1.0 - phi);
}

double ntm_pooled_growth(const ntm_pooled_prior *p, double h)
{
    if (!(h > 0))
        return 0;
    double L = 0, whole = floor(h);
    for (double j = 0; j < whole; j++) {
        double a = 1.0 + ntm_pooled_sphi(p->phi, j);
        L += a * a;
    }
    double a = 1.0 + ntm_pooled_sphi(p->phi, whole);
    L += (h - whole) * a * a;
    return p->c * h + p->lambda * L;
}

void ntm_pooled_moments(const ntm_pooled_post *q, const ntm_pooled_prior *p, double z_last,
                        double h, double *mean, double *sd)
{
    double ah = fabs(h), S = h >= 0 ? ntm_pooled_sphi(p->phi, h) : h, gr = ntm_pooled_growth(p, ah);
    for (size_t k = 0; k < q->k; k++) {
        mean[k] = z_last + q->b[k] * S;
        sd[k] = sqrt(q->s2[k] * gr + S * S * q->v[k]);
    }
}

static double norm_cdf(double x)
{
    return 0.5 * erfc(-x * M_SQRT1_2);
}

/* A starting value only: the inverse error function to about 2e-3 (Winitzki 2008). */
static double erfinv_approx(double x)
{
    const double a = 0.147;
    double l = log(1 - x * x), b = 2 / (M_PI * a) + 0.5 * l;
    double r = sqrt(sqrt(b * b - l / a) - b);
    return x < 0 ? -r : r;
}

double ntm_pooled_cdf(const ntm_pooled_post *q, const double *mean, const double *sd, double z)
{
    double p = 0;
    for (size_t k = 0; k < q->k; k++)
        p += q->w[k] * (sd[k] > 0 ? norm_cdf((z - mean[k]) / sd[k]) : (z >= mean[k]));
    return p;
}

double ntm_pooled_quantile(const ntm_pooled_post *q, const double *mean, const double *sd,
                           double prob)
{
    return ntm_pooled_quantile_near(q, mean, sd, prob, NAN);
}

double ntm_pooled_quantile_near(const ntm_pooled_post *q, const double *mean, const double *sd,
                                double prob, double start)
{
    double lo = INFINITY, hi = -INFINITY, mm = 0, vv = 0;
    for (size_t k = 0; k < q->k; k++) {
        lo = fmin(lo, mean[k] - 9 * sd[k]);
        hi = fmax(hi, mean[k] + 9 * sd[k]);
        mm += q->w[k] * mean[k];
        vv += q->w[k] * sd[k] * sd[k];
    }
    if (!(hi > lo))
        return lo;
    /* Newton from the normal with the mixture's mean and average variance, kept inside a
     * bisection bracket (the CDF is monotone, Newton steps leaving the bracket bisect). */
    double x = isfinite(start) ? start : mm + sqrt(vv) * M_SQRT2 * erfinv_approx(2 * prob - 1);
    if (!(x > lo && x < hi))
        x = 0.5 * (lo + hi);
    for (int it = 0; it < 200 && hi - lo > 1e-12 * (1 + fabs(x)); it++) {
        double F = 0, f = 0;
        for (size_t k = 0; k < q->k; k++) {
            if (!(sd[k] > 0)) {
                F += q->w[k] * (x >= mean[k]);
                continue;
            }
            double u = (x - mean[k]) / sd[k];
            F += q->w[k] * norm_cdf(u);
            f += q->w[k] * exp(-0.5 * u * u) / (sd[k] * 2.5066282746310002);
        }
        if (F < prob)
            lo = x;
        else
            hi = x;
        if (fabs(F - prob) < 1e-13)
            return x;
        double nx = f > 0 ? x - (F - prob) / f : NAN;
        x = nx > lo && nx < hi ? nx : 0.5 * (lo + hi);
    }
    return x;
}
