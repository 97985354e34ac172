/* test_pooled.c: the pooled damped drift (engine/pooled.h, pooled_tune.h) against values
 * computed independently: the closed-form marginal likelihood against direct numerical
 * integration over the drift, the limits tau -> 0 and tau -> infinity, the random walk
 * with drift's Student-t interval, the recovery of a simulated panel's theta, and the
 * leave-fold-out rule (a unit's data never enters its own prior). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine/pooled.h"
#include "engine/pooled_tune.h"
#include "engine/trend.h"

/* A short unit with uneven gaps: t = 2010, 2012, 2013, 2014, 2016. */
static const double T5[5] = {2010, 2012, 2013, 2014, 2016};
static const double Z5[5] = {1.00, 1.09, 1.11, 1.19, 1.24};

typedef struct integrand {
    const double *t, *z;
    size_t n;
    double mu, tau, s2;
} integrand;

/* prod_k N(d_k; b D_k, s2 D_k) * N(b; mu, tau^2), written out directly. */
static double joint_density(double b, void *p)
{
    const integrand *q = p;
    double lp =
        -0.5 * log(2 * M_PI * q->tau * q->tau) - (b - q->mu) * (b - q->mu) / (2 * q->tau * q->tau);
    for (size_t k = 1; k < q->n; k++) {
        double D = q->t[k] - q->t[k - 1], d = q->z[k] - q->z[k - 1], v = q->s2 * D;
        lp += -0.5 * log(2 * M_PI * v) - (d - b * D) * (d - b * D) / (2 * v);
    }
    return exp(lp);
}

static void marginal_vs_integration(void **state)
{
    (void)state;
    ntm_pooled_stats st;
    ntm_pooled_stats_of(T5, Z5, 5, &st);
    static const double cases[][3] = {{0.05, 0.1, 0.001}, {-0.2, 0.02, 0.0004}, {0, 1.5, 0.05}};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        integrand q = {T5, Z5, 5, cases[i][0], cases[i][1], cases[i][2]};
        gsl_function fn = {joint_density, &q};
        double v, e;
        assert_int_equal(gsl_integration_qagi(&fn, 0, 1e-12, 1000, w, &v, &e), GSL_SUCCESS);
        double closed = ntm_pooled_loglik_s2(&st, q.mu, q.tau, q.s2);
        assert_true(fabs(closed - log(v)) < 1e-8);
    }
    gsl_integration_workspace_free(w);
}

static ntm_pooled_prior prior_of(double mu, double tau, double nu0, double s0)
{
    ntm_pooled_prior p;
    ntm_pooled_prior_flat(&p, NTM_SCALE_ID, NAN);
    p.origin = NTM_PRIOR_CATALOG;
    p.mu = mu;
    p.tau = tau;
    p.nu0 = nu0;
    p.s0 = s0;
    return p;
}

/* tau -> 0: the drift is the prior mean, whatever the data. */
static void tau_zero_gives_mu(void **state)
{
    (void)state;
    ntm_pooled_stats st;
    ntm_pooled_stats_of(T5, Z5, 5, &st);
    ntm_pooled_prior p = prior_of(-0.3, 1e-7, 4, 0.05);
    ntm_pooled_post q;
    assert_int_equal(ntm_pooled_posterior(&st, &p, &q, NULL), NTM_OK);
    assert_true(fabs(q.bmean - (-0.3)) < 1e-9);
    assert_true(q.omega < 1e-6); /* no weight on the unit's own data */
}

/* tau -> infinity with a flat noise prior (nu0 = 0): the flat drift Sxy / Sxx. */
static void tau_infinite_gives_flat_drift(void **state)
{
    (void)state;
    ntm_pooled_stats st;
    ntm_pooled_stats_of(T5, Z5, 5, &st);
    ntm_pooled_prior p = prior_of(5, 1e5, 0, NAN);
    ntm_pooled_post q, qf;
    assert_int_equal(ntm_pooled_posterior(&st, &p, &q, NULL), NTM_OK);
    double bflat = (1.24 - 1.00) / 6.0;
    assert_true(fabs(q.bmean - bflat) < 1e-9);
    ntm_pooled_prior flat;
    ntm_pooled_prior_flat(&flat, NTM_SCALE_ID, NAN);
    assert_int_equal(ntm_pooled_posterior(&st, &flat, &qf, NULL), NTM_OK);
    assert_true(fabs(qf.bmean - bflat) < 1e-15);
    assert_true(fabs(q.s2mean - qf.s2mean) < 1e-9 * qf.s2mean);
}

/* phi = 1, c = 1, lambda = 0 and the flat prior: the random walk with drift's t interval,
 *   z ~ t_{m-1}(z_n + bhat h, s^2 (h + h^2 / Sxx)),  s^2 = (Syy - Sxy^2 / Sxx) / (m - 1)
 * (yearly gaps: bhat = (z_n - z_1) / (n - 1) and s^2 the differences' sample variance). */
static void flat_walk_t_interval(void **state)
{
    (void)state;
    const double t[6] = {1, 2, 3, 4, 5, 6}, y[6] = {10.0, 10.3, 10.5, 11.0, 11.1, 11.6};
    ntm_pooled_prior p;
    ntm_pooled_prior_flat(&p, NTM_SCALE_ID, NAN);
    p.c = 1;
    p.lambda = 0;
    ntm_trend_spec sp;
    ntm_trend_spec_init(&sp);
    sp.pooled = &p;
    ntm_trend_fit *f;
    assert_int_equal(ntm_trend_fit_new(&f, &sp, t, y, NULL, 6, NULL), NTM_OK);
    /* differences 0.3 0.2 0.5 0.1 0.5: mean 0.32, sample variance 0.032 */
    double b = 0.32, s2 = 0.032, m = 5;
    for (double h = 1; h <= 4; h++) {
        for (int k = 0; k < 3; k++) {
            double qq = (double[]){0.5, 0.9, 0.975}[k], yq;
            assert_int_equal(ntm_trend_quantile(f, 6 + h, qq, &yq), NTM_OK);
            double mid = 11.6 + b * h;
            double want = mid + gsl_cdf_tdist_Pinv(qq, m - 1) * sqrt(s2 * (h + h * h / m));
            /* The s2 grid stops at 4: the posterior mass above it (an inverse gamma with
             * shape 2 and scale 0,064: about 1,3e-4) moves the 97,5% point by 4e-4 of its spread.
             */
            assert_true(fabs(yq - want) <= 1e-9 + 1e-3 * fabs(want - mid));
        }
    }
    ntm_trend_fit_free(f);
}

/* A simulated panel: U units of N yearly points, b ~ N(MU, TAU^2), s2 ~ scaled-Inv-chi^2. */
#define PANEL_SEED 20261204UL
#define U 400
#define N 8
static const double TRUE_TH[4] = {0.03, 0.02, 6.0, 0.05}; /* mu, tau, nu0, s0 */

static double neg_sum(const ntm_pooled_stats *st, const double *x)
{
    double s = 0;
    for (size_t j = 0; j < U; j++)
        s -= ntm_pooled_marginal(&st[j], x[0], exp(x[1]), exp(x[2]), exp(x[3]));
    return s;
}

static void panel_theta_recovered(void **state)
{
    (void)state;
    printf("panel seed %lu\n", PANEL_SEED);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, PANEL_SEED);
    static ntm_pooled_stats st[U];
    for (size_t j = 0; j < U; j++) {
        double b = TRUE_TH[0] + TRUE_TH[1] * gsl_ran_ugaussian(r);
        double s2 = TRUE_TH[2] * TRUE_TH[3] * TRUE_TH[3] / gsl_ran_chisq(r, TRUE_TH[2]);
        double t[N], z[N];
        for (size_t i = 0; i < N; i++) {
            t[i] = (double)i;
            z[i] = i ? z[i - 1] + b + sqrt(s2) * gsl_ran_ugaussian(r) : 0;
        }
        ntm_pooled_stats_of(t, z, N, &st[j]);
    }
    gsl_rng_free(r);
    ntm_pooled_prior est;
    ntm_pooled_prior_flat(&est, NTM_SCALE_LOG, NAN);
    assert_int_equal(ntm_pooled_learn(st, U, NULL, &est, NULL), NTM_OK);
    double x[4] = {est.mu, log(est.tau), log(est.nu0), log(est.s0)};
    double truth[4] = {TRUE_TH[0], log(TRUE_TH[1]), log(TRUE_TH[2]), log(TRUE_TH[3])};
    /* standard errors from the observed information (central differences) */
    const double hstep[4] = {1e-3, 1e-2, 1e-2, 1e-2};
    gsl_matrix *H = gsl_matrix_alloc(4, 4);
    for (int a = 0; a < 4; a++)
        for (int c = 0; c < 4; c++) {
            double v[4];
            double sum = 0;
            for (int sa = -1; sa <= 1; sa += 2)
                for (int sc = -1; sc <= 1; sc += 2) {
                    memcpy(v, x, sizeof v);
                    v[a] += sa * hstep[a];
                    v[c] += sc * hstep[c];
                    sum += sa * sc * neg_sum(st, v);
                }
            gsl_matrix_set(H, a, c, sum / (4 * hstep[a] * hstep[c]));
        }
    assert_int_equal(gsl_linalg_cholesky_decomp1(H), GSL_SUCCESS);
    gsl_linalg_cholesky_invert(H);
    for (int a = 0; a < 4; a++) {
        double se = sqrt(gsl_matrix_get(H, a, a));
        printf("theta[%d]: estimate %.5g, true %.5g, s.e. %.3g\n", a, x[a], truth[a], se);
        assert_true(fabs(x[a] - truth[a]) <= 3 * se);
    }
    gsl_matrix_free(H);
}

/* Leave-fold-out: changing unit 0's data leaves unit 0's theta unchanged (it was learned
 * without it), and changes the prior of a unit in another fold. */
static void own_data_never_in_own_prior(void **state)
{
    (void)state;
    enum { K = 30, M = 6 };
    static double t[K][M], z[K][M];
    const double *tp[K], *zp[K];
    size_t nn[K];
    for (size_t j = 0; j < K; j++) {
        for (size_t i = 0; i < M; i++) {
            t[j][i] = (double)i;
            z[j][i] = 0.02 * (double)i * (double)(1 + j % 4) + 0.01 * sin((double)(7 * j + i));
        }
        tp[j] = t[j];
        zp[j] = z[j];
        nn[j] = M;
    }
    ntm_pooled_panel pn = {K, nn, tp, zp};
    ntm_pooled_prior base, a[K], b[K];
    ntm_pooled_prior_flat(&base, NTM_SCALE_LOG, NAN);
    assert_int_equal(ntm_pooled_priors(&pn, &base, 0, a, NULL), NTM_OK);
    assert_int_equal(a[0].origin, NTM_PRIOR_SIBLINGS);
    for (size_t i = 0; i < M; i++)
        z[0][i] = -0.5 * (double)i * (double)i; /* unit 0 now falls steeply */
    assert_int_equal(ntm_pooled_priors(&pn, &base, 0, b, NULL), NTM_OK);
    assert_true(a[0].mu == b[0].mu && a[0].tau == b[0].tau && a[0].nu0 == b[0].nu0 &&
                a[0].s0 == b[0].s0);
    assert_true(a[1].mu != b[1].mu);
    assert_int_equal(a[0].n_siblings, K - K / NTM_POOLED_FOLDS);
}

/* Fewer than NTM_POOLED_MIN_SIBLINGS: the prior given is kept (its origin says which). */
static void few_siblings_keep_given_prior(void **state)
{
    (void)state;
    double t[3] = {0, 1, 2}, z[3] = {0, 0.1, 0.2};
    const double *tp[5] = {t, t, t, t, t}, *zp[5] = {z, z, z, z, z};
    size_t nn[5] = {3, 3, 3, 3, 3};
    ntm_pooled_panel pn = {5, nn, tp, zp};
    ntm_pooled_prior base, out[5];
    ntm_pooled_prior_flat(&base, NTM_SCALE_LOG, NAN);
    assert_int_equal(ntm_pooled_priors(&pn, &base, 1, out, NULL), NTM_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(out[i].origin, NTM_PRIOR_FLAT);
}

/* The whole-panel prior (project's siblings): 20 or more usable units give origin SIBLINGS
 * and count every usable unit, even when theta is learned on a sample of them. */
static void panel_prior_counts_siblings(void **state)
{
    (void)state;
    enum { K = 450, M = 4 };
    static double t[K][M], z[K][M];
    static const double *tp[K], *zp[K];
    static size_t nn[K];
    for (size_t j = 0; j < K; j++) {
        for (size_t i = 0; i < M; i++) {
            t[j][i] = (double)i;
            z[j][i] = 0.03 * (double)i + 0.02 * sin((double)(5 * j + 3 * i));
        }
        tp[j] = t[j];
        zp[j] = z[j];
        nn[j] = j % 9 == 0 ? 1 : M; /* one point: not usable */
    }
    ntm_pooled_prior base, out;
    ntm_pooled_prior_flat(&base, NTM_SCALE_LOG, NAN);
    ntm_pooled_panel few = {19, nn + 1, tp + 1, zp + 1}; /* 19 usable: too few */
    assert_int_equal(ntm_pooled_panel_prior(&few, &base, &out, NULL), NTM_OK);
    assert_int_equal(out.origin, NTM_PRIOR_FLAT);
    ntm_pooled_panel all = {K, nn, tp, zp};
    assert_int_equal(ntm_pooled_panel_prior(&all, &base, &out, NULL), NTM_OK);
    assert_int_equal(out.origin, NTM_PRIOR_SIBLINGS);
    assert_int_equal(out.n_siblings, K - K / 9); /* 400 of the 450 have 4 points */
    assert_true(fabs(out.mu - 0.03) < 0.01);
}

/* Rates at 0 and 100 move inside: half a count of the denominator, else half a rounding
 * unit (0,05 of 100): logit(0,25%) with 200 households, logit(99,95%) without. */
static void rate_bounds_move_inside(void **state)
{
    (void)state;
    assert_true(fabs(ntm_trend_z(NTM_SCALE_LOGIT, 100, 0, 200) - log(0.25 / 99.75)) < 1e-12);
    assert_true(fabs(ntm_trend_z(NTM_SCALE_LOGIT, 100, 100, NAN) - log(99.95 / 0.05)) < 1e-9);
    assert_true(fabs(ntm_trend_z(NTM_SCALE_LOG, 100, 8, NAN) - log(8)) < 1e-15);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(marginal_vs_integration),
        cmocka_unit_test(tau_zero_gives_mu),
        cmocka_unit_test(tau_infinite_gives_flat_drift),
        cmocka_unit_test(flat_walk_t_interval),
        cmocka_unit_test(panel_theta_recovered),
        cmocka_unit_test(own_data_never_in_own_prior),
        cmocka_unit_test(few_siblings_keep_given_prior),
        cmocka_unit_test(panel_prior_counts_siblings),
        cmocka_unit_test(rate_bounds_move_inside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
