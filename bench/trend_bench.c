/* trend_bench.c: the pooled trend at the country's scale: 3.321 commune-level units x 57
 * indicators, 5 yearly points each (generated, fixed seed: rates on the logit scale for
 * even indicators, positive amounts on the log scale for odd ones). For each indicator:
 * the siblings' prior (ntm_pooled_panel_prior: tuning phi, c, lambda on the panel's past,
 * then theta), then every unit's fit with that prior. Reports the time of pooling and
 * tuning, of the fits, and of one unit's fit (and with 6 forecasts) once the prior is
 * known. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine/pooled_tune.h"
#include "engine/trend.h"

#define UNITS 3321
#define INDICATORS 57
#define NPTS 5
#define SEED 20261204UL

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double T[NPTS] = {2019, 2020, 2021, 2022, 2023};
static double Y[UNITS][NPTS], Z[UNITS][NPTS];

/* Indicator J's panel: drift ~ N(mu, tau^2), noise s2 ~ scaled-Inv-chi^2(6, s0^2). */
static void generate(gsl_rng *r, int j, ntm_scale sc)
{
    double mu = sc == NTM_SCALE_LOGIT ? 0.05 + 0.01 * (j % 7) : 0.03 + 0.005 * (j % 5);
    double tau = 0.02 + 0.005 * (j % 3), s0 = 0.03 + 0.01 * (j % 4);
    for (size_t u = 0; u < UNITS; u++) {
        double b = mu + tau * gsl_ran_ugaussian(r), s2 = 6 * s0 * s0 / gsl_ran_chisq(r, 6);
        double z = sc == NTM_SCALE_LOGIT ? gsl_ran_flat(r, -1.5, 1.5) : gsl_ran_flat(r, 2, 8);
        for (size_t i = 0; i < NPTS; i++) {
            if (i)
                z += b + sqrt(s2) * gsl_ran_ugaussian(r);
            Z[u][i] = z;
            Y[u][i] = ntm_scale_inv(sc, 100, z);
        }
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, SEED);
    static const double *tp[UNITS], *zp[UNITS];
    static size_t nn[UNITS];
    double t_pool = 0, t_fit = 0, c_pool = 0, c_fit = 0;
    size_t failed = 0, fits = 0;
    ntm_pooled_prior pr = {0};
    ntm_scale last_sc = NTM_SCALE_LOG;
    for (int j = 0; j < INDICATORS; j++) {
        ntm_scale sc = j % 2 == 0 ? NTM_SCALE_LOGIT : NTM_SCALE_LOG;
        generate(r, j, sc);
        for (size_t u = 0; u < UNITS; u++) {
            tp[u] = T;
            zp[u] = Z[u];
            nn[u] = NPTS;
        }
        ntm_pooled_panel pn = {UNITS, nn, tp, zp};
        ntm_pooled_prior base;
        ntm_pooled_prior_flat(&base, sc, sc == NTM_SCALE_LOGIT ? 100 : NAN);
        double t0 = now(), c0 = cpu();
        if (ntm_pooled_panel_prior(&pn, &base, &pr, NULL) != NTM_OK) {
            fprintf(stderr, "trend_bench: pooling failed for indicator %d\n", j);
            return 1;
        }
        double t1 = now(), c1 = cpu();
        ntm_trend_spec sp;
        ntm_trend_spec_init(&sp);
        sp.is_rate = sc == NTM_SCALE_LOGIT;
        sp.nonnegative = 1;
        sp.pooled = &pr;
        for (size_t u = 0; u < UNITS; u++) {
            ntm_trend_fit *f;
            if (ntm_trend_fit_new(&f, &sp, T, Y[u], NULL, NPTS, NULL) != NTM_OK) {
                failed++;
                continue;
            }
            fits++;
            ntm_trend_fit_free(f);
        }
        t_pool += t1 - t0;
        t_fit += now() - t1;
        c_pool += c1 - c0;
        c_fit += cpu() - c1;
        last_sc = sc;
    }
    printf("pooled trend: %d units x %d indicators, %d yearly points (seed %lu)\n", UNITS,
           INDICATORS, NPTS, SEED);
    printf("pooling and tuning: %.2f s (%.3f s an indicator; theta and tuning on a sample of "
           "%d siblings when there are more); fitting every unit: %.2f s; together %.2f s "
           "(target < 10 s); %zu fits, %zu failed\n",
           t_pool, t_pool / INDICATORS, NTM_POOLED_MAX_PANEL, t_fit, t_pool + t_fit, fits, failed);
    printf("the same in CPU time of this process (1 thread; the machine may be shared): pooling "
           "and tuning %.2f s, fitting %.2f s, together %.2f s\n",
           c_pool, c_fit, c_pool + c_fit);
    /* one unit, the prior known: the fit alone, then with 6 forecasts */
    ntm_trend_spec sp;
    ntm_trend_spec_init(&sp);
    sp.is_rate = last_sc == NTM_SCALE_LOGIT;
    sp.nonnegative = 1;
    sp.pooled = &pr;
    const int reps = 20000;
    double t0 = cpu();
    for (int k = 0; k < reps; k++) {
        ntm_trend_fit *f;
        if (ntm_trend_fit_new(&f, &sp, T, Y[k % UNITS], NULL, NPTS, NULL) == NTM_OK)
            ntm_trend_fit_free(f);
    }
    double t1 = cpu();
    double times[6] = {2024, 2025, 2026, 2027, 2028, 2029};
    ntm_trend_forecast fc[6];
    for (int k = 0; k < reps / 10; k++) {
        ntm_trend_fit *f;
        if (ntm_trend_fit_new(&f, &sp, T, Y[k % UNITS], NULL, NPTS, NULL) == NTM_OK) {
            ntm_trend_forecast_many(f, times, 6, fc);
            ntm_trend_fit_free(f);
        }
    }
    double t2 = cpu();
    printf("one unit, prior known (CPU time): fit %.1f us; fit and 6 forecasts (median, mean, "
           "80%%, 95%%) "
           "%.0f us\n",
           1e6 * (t1 - t0) / reps, 1e6 * (t2 - t1) / (reps / 10));
    gsl_rng_free(r);
    return 0;
}
