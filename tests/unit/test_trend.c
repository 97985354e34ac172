/* test_trend.c: the trend engine against published reference values (NIST StRD Norris
 * and Rat42), closed forms written out below, and its error paths. Data files are in
 * tests/data/nist/ (see its README); the tests run from the repository root. */
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
#include <gsl/gsl_rng.h>

#include "engine/trend.h"
#include "engine/trend_nls.h"
#include "io/number.h"

#define MAXPTS 64
#define DRAWS 20000
#define SEED 20240611UL

/* Log relative error: the number of correct significant digits (NIST's LRE). */
static double lre(double est, double cert)
{
    if (est == cert)
        return 17;
    return -log10(fabs(est - cert) / fabs(cert));
}

/* Reads a NIST CSV (comment line, header "y,x", then y,x rows). Returns the count. */
static size_t read_nist(const char *path, double *x, double *y)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        fail_msg("cannot open %s (run from the repository root)", path);
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == 'y')
            continue;
        char *comma = strchr(line, ',');
        if (!comma)
            continue;
        *comma = '\0';
        line[strcspn(line, "\r\n")] = '\0';
        comma[1 + strcspn(comma + 1, "\r\n")] = '\0';
        const char *why;
        assert_true(n < MAXPTS);
        assert_int_equal(ntm_parse_double(line, NTM_NUM_EN, &y[n], &why), NTM_OK);
        assert_int_equal(ntm_parse_double(comma + 1, NTM_NUM_EN, &x[n], &why), NTM_OK);
        n++;
    }
    fclose(fp);
    return n;
}

static ntm_trend_fit *fit_ok(const ntm_trend_spec *spec, const double *t, const double *y,
                             const double *d, size_t n)
{
    ntm_trend_fit *f = NULL;
    ntm_error err = {0};
    ntm_status st = ntm_trend_fit_new(&f, spec, t, y, d, n, &err);
    if (st != NTM_OK)
        fail_msg("fit failed: %s", err.msg);
    return f;
}

static ntm_trend_spec spec_of(ntm_model m)
{
    ntm_trend_spec s;
    ntm_trend_spec_init(&s);
    s.model = m;
    return s;
}

/* NIST Norris: certified estimates, their SDs and the residual SD to >= 9 digits; the 95%
 * prediction interval equals the classical yhat +- t_{0.975,n-2} s sqrt(1 + 1/n +
 * (x - xbar)^2 / Sxx), computed here in long double from the data. */
static void norris(void **state)
{
    (void)state;
    double x[MAXPTS], y[MAXPTS];
    size_t n = read_nist("tests/data/nist/Norris.csv", x, y);
    assert_int_equal(n, 36);
    /* "12.345" must stay 12.345 (English decimals): the first row is 0.1, 0.2. */
    assert_true(y[0] == 0.1 && x[0] == 0.2);
    ntm_trend_spec sp = spec_of(NTM_MODEL_LINEAR);
    ntm_error err;
    ntm_trend_fit *f = NULL;
    /* Norris repeats x = 0.3 and others: a regression, not a time series */
    assert_int_equal(ntm_trend_fit_new(&f, &sp, x, y, NULL, n, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "appears twice"));
    sp.allow_ties = 1;
    f = fit_ok(&sp, x, y, NULL, n);
    ntm_trend_component c;
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    assert_string_equal(c.param[0].name, "intercept");
    assert_string_equal(c.param[1].name, "slope");
    assert_true(lre(c.param[0].value, -0.262323073774029) >= 9);
    assert_true(lre(c.param[1].value, 1.00211681802045) >= 9);
    assert_true(lre(c.param[0].se, 0.232818234301152) >= 9);
    assert_true(lre(c.param[1].se, 0.429796848199937E-03) >= 9);
    assert_true(lre(c.sigma, 0.884796396144373) >= 9);
    assert_true(lre(c.rss, 26.6173985294224) >= 9);
    assert_true(c.dof == 34);

    long double sx = 0, sy = 0;
    for (size_t i = 0; i < n; i++) {
        sx += x[i];
        sy += y[i];
    }
    long double xb = sx / n, yb = sy / n, sxx = 0, sxy = 0, sse = 0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - xb) * (x[i] - xb);
        sxy += (x[i] - xb) * (y[i] - yb);
    }
    long double b = sxy / sxx, a = yb - b * xb;
    for (size_t i = 0; i < n; i++)
        sse += (y[i] - a - b * x[i]) * (y[i] - a - b * x[i]);
    long double s = sqrtl(sse / (n - 2));
    const double x0 = 1000.0, tq = 2.032244509317718; /* t_{0.975, 34} (tables) */
    assert_true(fabs(gsl_cdf_tdist_Pinv(0.975, 34) - tq) < 1e-12);
    double half = (double)(tq * s * sqrtl(1 + 1.0L / n + (x0 - xb) * (x0 - xb) / sxx));
    double yhat = (double)(a + b * x0), lo, hi, med;
    assert_int_equal(ntm_trend_quantile(f, x0, 0.025, &lo), NTM_OK);
    assert_int_equal(ntm_trend_quantile(f, x0, 0.975, &hi), NTM_OK);
    assert_int_equal(ntm_trend_quantile(f, x0, 0.5, &med), NTM_OK);
    assert_true(lre(med, yhat) >= 12);
    assert_true(lre(hi, yhat + half) >= 10);
    assert_true(lre(lo, yhat - half) >= 10);
    ntm_trend_forecast fc;
    assert_int_equal(ntm_trend_forecast_at(f, x0, &fc), NTM_OK);
    assert_true(fc.mean == fc.median || lre(fc.mean, fc.median) >= 12); /* unclamped: symmetric */
    assert_true(fc.lo95 < fc.lo80 && fc.lo80 < fc.median && fc.median < fc.hi80 &&
                fc.hi80 < fc.hi95);
    ntm_trend_fit_free(f);
}

/* NIST Rat42: y = b1 / (1 + exp(b2 - b3 x)) = L / (1 + exp(-k (x - t_mid))) with
 * L = b1, k = b3, t_mid = b2 / b3. Certified values to >= 6 digits; the SD of b2 = k t_mid
 * by the delta method from the reported covariance. */
static void rat42(void **state)
{
    (void)state;
    double x[MAXPTS], y[MAXPTS];
    size_t n = read_nist("tests/data/nist/Rat42.csv", x, y);
    assert_int_equal(n, 9);
    ntm_trend_spec sp = spec_of(NTM_MODEL_LOGISTIC);
    sp.estimate_ceiling = 1;
    ntm_trend_fit *f = fit_ok(&sp, x, y, NULL, n);
    ntm_trend_component c;
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    assert_true(c.ceiling_estimated);
    assert_string_equal(c.param[0].name, "L");
    double L = c.param[0].value, k = c.param[1].value, tm = c.param[2].value;
    const double b1 = 7.2462237576E+01, b2 = 2.6180768402E+00, b3 = 6.7359200066E-02;
    assert_true(lre(L, b1) >= 6);
    assert_true(lre(k, b3) >= 6);
    assert_true(lre(k * tm, b2) >= 6);
    assert_true(lre(c.rss, 8.0565229338E+00) >= 6);
    assert_true(lre(c.sigma, 1.1587725499E+00) >= 6);
    assert_true(lre(c.param[0].se, 1.7340283401E+00) >= 6);
    assert_true(lre(c.param[1].se, 3.4465663377E-03) >= 6);
    /* var(b2) = g' C g with g = d(k tm)/d(L, k, tm) = (0, tm, k) */
    double g[3] = {0, tm, k}, v = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            v += g[i] * c.cov[i][j] * g[j];
    assert_true(lre(sqrt(v), 8.8295217536E-02) >= 6);
    assert_true(c.iterations > 0);
    ntm_trend_fit_free(f);
}

/* Share of DRAWS predictive draws below the analytic q-quantile: binomial with mean q and
 * SD sqrt(q(1-q)/N); we allow 4 SD (failure probability about 6e-5 per check). */
static void check_draws(ntm_trend_fit *f, double t, gsl_rng *r)
{
    static const double qs[] = {0.05, 0.2, 0.5, 0.8, 0.95};
    double qv[5];
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(ntm_trend_quantile(f, t, qs[i], &qv[i]), NTM_OK);
    size_t below[5] = {0};
    for (size_t d = 0; d < DRAWS; d++) {
        double yv;
        assert_int_equal(ntm_trend_draw(f, r, &t, 1, &yv), NTM_OK);
        assert_true(isfinite(yv));
        for (size_t i = 0; i < 5; i++)
            below[i] += yv <= qv[i];
    }
    for (size_t i = 0; i < 5; i++) {
        double share = (double)below[i] / DRAWS, bound = 4 * sqrt(qs[i] * (1 - qs[i]) / DRAWS);
        if (fabs(share - qs[i]) > bound)
            fail_msg("q = %g: share %g outside +-%g (seed %lu)", qs[i], share, bound, SEED);
    }
}

static void draws_match_analytic(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, SEED);
    printf("# draws seed %lu\n", SEED);
    const double t[6] = {2018, 2019, 2020, 2021, 2022, 2023};
    const double ylin[6] = {10.2, 11.9, 12.1, 14.3, 14.8, 16.9};
    const double yexp[6] = {10.04, 8.03, 6.24, 5.4, 4.1, 3.5};
    ntm_trend_spec sp = spec_of(NTM_MODEL_LINEAR);
    ntm_trend_fit *f = fit_ok(&sp, t, ylin, NULL, 6);
    check_draws(f, 2026, r);
    ntm_trend_fit_free(f);
    sp = spec_of(NTM_MODEL_LOGLINEAR);
    f = fit_ok(&sp, t, yexp, NULL, 6);
    check_draws(f, 2026, r);
    /* a joint path: one parameter draw for all times, 5 + m variates */
    double times[3] = {2024, 2025, 2026}, path[3];
    assert_int_equal(ntm_trend_draw(f, r, times, 3, path), NTM_OK);
    assert_true(path[0] > 0 && path[1] > 0 && path[2] > 0);
    assert_int_equal(ntm_trend_draw_variates(3), 8);
    ntm_trend_fit_free(f);
    gsl_rng_free(r);
}

/* Conjugate prior by hand. t = 0..3, z = y = 1, 3, 2, 5 (linear):
 *   tbar = 1.5, zbar = 2.75, Sxx = 5, Sxy = 5.5, bhat = 1.1, Syy = 8.75, SSE = 8.75 - 1.1*5.5
 * = 2.7. Prior slope 0.5, slope_sd 0.5, sigma 1, nu 4: kappa0 = sigma^2 / slope_sd^2 = 4. kappa_n =
 * 4 + 5 = 9; b_n = (4*0.5 + 5*1.1) / 9 = 7.5/9 (the precision-weighted mean); nu_n = 4 + 4 - 1 = 7;
 * nu_n s_n^2 = 4*1 + 2.7 + (4*5/9)(1.1 - 0.5)^2 = 7.5, s_n^2 = 7.5/7. Predictive at t = 5 (x
 * = 3.5): centre 2.75 + 3.5 * 7.5/9, scale^2 = s_n^2 (1 + 1/4 + 3.5^2/9), df 7. */
static void conjugate_prior(void **state)
{
    (void)state;
    const double t[4] = {0, 1, 2, 3}, y[4] = {1, 3, 2, 5};
    ntm_prior pr = {
        .slope = 0.5, .slope_sd = 0.5, .sigma = 1, .nu = 4, .ceiling = NAN, .source = "test"};
    ntm_trend_spec sp = spec_of(NTM_MODEL_LINEAR);
    sp.prior = &pr;
    ntm_trend_fit *f = fit_ok(&sp, t, y, NULL, 4);
    ntm_trend_component c;
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    double bn = 7.5 / 9, s2n = 7.5 / 7;
    assert_true(fabs(c.param[1].value - bn) < 1e-14);
    assert_true(fabs(c.param[1].se - sqrt(s2n / 9)) < 1e-14);
    assert_true(fabs(c.param[0].value - (2.75 - 1.5 * bn)) < 1e-14);
    assert_true(fabs(c.sigma - sqrt(s2n)) < 1e-14);
    assert_true(c.dof == 7);
    double centre = 2.75 + 3.5 * bn, scale = sqrt(s2n * (1 + 0.25 + 12.25 / 9)), q;
    assert_int_equal(ntm_trend_quantile(f, 5, 0.9, &q), NTM_OK);
    assert_true(fabs(q - (centre + scale * gsl_cdf_tdist_Pinv(0.9, 7))) < 1e-12);
    ntm_trend_fit_free(f);

    /* n = 1: the slope is the prior's and the level the point: median at t1 + 2 is
     * y1 + 2 b0; nu_n = nu0, s_n = sigma0; scale^2 = s0^2 (1 + 1 + 2^2 / kappa0). */
    const double t1 = 2023, y1 = 12.21;
    ntm_prior p1 = {
        .slope = -1.5, .slope_sd = 0.5, .sigma = 0.4, .nu = 3, .ceiling = NAN, .source = "test"};
    sp.prior = &p1;
    f = fit_ok(&sp, &t1, &y1, NULL, 1);
    double med, hi;
    assert_int_equal(ntm_trend_quantile(f, 2025, 0.5, &med), NTM_OK);
    assert_true(fabs(med - (12.21 - 3.0)) < 1e-12);
    double k0 = 0.16 / 0.25, sc1 = 0.4 * sqrt(2 + 4 / k0);
    assert_int_equal(ntm_trend_quantile(f, 2025, 0.975, &hi), NTM_OK);
    assert_true(fabs(hi - (med + sc1 * gsl_cdf_tdist_Pinv(0.975, 3))) < 1e-12);
    ntm_trend_fit_free(f);
}

/* Each bad input: status, a message naming the problem, no fit returned. */
static void expect_error(const ntm_trend_spec *sp, const double *t, const double *y,
                         const double *d, size_t n, ntm_status want, const char *needle)
{
    ntm_trend_fit *f = (ntm_trend_fit *)&f; /* poison: must come back NULL */
    ntm_error err = {0};
    ntm_status st = ntm_trend_fit_new(&f, sp, t, y, d, n, &err);
    if (st != want || !strstr(err.msg, needle))
        fail_msg("want %d '%s', got %d '%s'", want, needle, st, err.msg);
    assert_null(f);
}

static void bad_inputs(void **state)
{
    (void)state;
    const double t3[3] = {1, 2, 3}, y3[3] = {4, 5, 7};
    ntm_trend_spec lin = spec_of(NTM_MODEL_LINEAR), ll = spec_of(NTM_MODEL_LOGLINEAR),
                   au = spec_of(NTM_MODEL_AUTO);
    expect_error(&lin, t3, y3, NULL, 0, NTM_EINPUT, "no data points");
    expect_error(&lin, t3, y3, NULL, 2, NTM_EINPUT, "too few points for linear: 2, needs 3");
    expect_error(&lin, t3, y3, NULL, 1, NTM_EINPUT, "cannot give a slope");
    expect_error(&au, t3, y3, NULL, 1, NTM_EINPUT, "auto (1 points");
    const double tn[3] = {1, NAN, 3}, yn[3] = {4, INFINITY, 7}, td[3] = {1, 2, 2};
    expect_error(&lin, tn, y3, NULL, 3, NTM_EINPUT, "point 2: time is not a finite number");
    expect_error(&lin, t3, yn, NULL, 3, NTM_EINPUT, "point 2 (t = 2): value is not a finite");
    expect_error(&lin, td, y3, NULL, 3, NTM_EINPUT, "time 2 appears twice");
    const double yc[4] = {5, 5, 5, 5}, t4[4] = {1, 2, 3, 4};
    expect_error(&lin, t4, yc, NULL, 4, NTM_EINPUT, "all 4 values are equal");
    const double yz[4] = {5, 0, 3, 4};
    expect_error(&ll, t4, yz, NULL, 4, NTM_EINPUT, "loglinear needs positive values: y = 0");
    ntm_trend_spec lg = spec_of(NTM_MODEL_LOGISTIC);
    expect_error(&lg, t4, yz, NULL, 4, NTM_EINPUT, "logistic needs a ceiling");
    lg.ceiling = 4.5;
    expect_error(&lg, t4, yz, NULL, 4, NTM_EINPUT, "ceiling 4.5 is below the data (y = 5");
    lg.ceiling = -1;
    expect_error(&lg, t4, yz, NULL, 4, NTM_EINPUT, "ceiling -1 is not positive");
    ntm_trend_spec rate = spec_of(NTM_MODEL_LINEAR);
    rate.is_rate = 1;
    const double yr[4] = {5, 101, 3, 4}, dneg[4] = {10, 10, -1, 10};
    expect_error(&rate, t4, yr, NULL, 4, NTM_EINPUT, "rate 101% is outside [0, 100]");
    expect_error(&rate, t4, yz, dneg, 4, NTM_EINPUT, "denominator -1 is not positive");
    ntm_trend_spec cnt = spec_of(NTM_MODEL_LINEAR);
    cnt.nonnegative = 1;
    const double yneg[4] = {5, -1, 3, 4};
    expect_error(&cnt, t4, yneg, NULL, 4, NTM_EINPUT, "value -1 is negative");
    ntm_trend_spec dm = spec_of(NTM_MODEL_DAMPED);
    expect_error(&dm, t4, yz, NULL, 4, NTM_EINPUT, "damped needs at least 7 points, got 4");
    ntm_prior ps = {
        .slope = 1, .slope_sd = 1, .sigma = NAN, .nu = NAN, .ceiling = NAN, .source = "x"};
    lin.prior = &ps;
    expect_error(&lin, t3, y3, NULL, 2, NTM_EINPUT, "prior gives a slope but no sigma");
    ntm_trend_spec est = spec_of(NTM_MODEL_LOGISTIC);
    est.estimate_ceiling = 1;
    expect_error(&est, t3, y3, NULL, 3, NTM_EINPUT, "needs at least 4 points");
    ntm_trend_spec badm = spec_of((ntm_model)42);
    expect_error(&badm, t3, y3, NULL, 3, NTM_EINPUT, "unknown trend model");
    expect_error(&lin, NULL, y3, NULL, 3, NTM_EINPUT, "missing argument");

    /* API misuse on a good fit: out-of-range component, bad quantile, bad time. */
    ntm_trend_spec ok = spec_of(NTM_MODEL_LINEAR);
    ntm_trend_fit *f = fit_ok(&ok, t3, y3, NULL, 3);
    ntm_trend_component c;
    double v;
    assert_int_equal(ntm_trend_component_get(f, 1, &c), NTM_EINPUT);
    assert_int_equal(ntm_trend_quantile(f, 4, 0, &v), NTM_EINPUT);
    assert_int_equal(ntm_trend_quantile(f, 4, 1, &v), NTM_EINPUT);
    assert_int_equal(ntm_trend_quantile(f, NAN, 0.5, &v), NTM_EINPUT);
    assert_int_equal(ntm_trend_prob_below(f, 4, NAN, &v), NTM_EINPUT);
    assert_int_equal(ntm_trend_mean(f, INFINITY, &v), NTM_EINPUT);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double tt = NAN;
    assert_int_equal(ntm_trend_draw(f, r, &tt, 1, &v), NTM_EINPUT);
    gsl_rng_free(r);
    ntm_trend_fit_free(f);
    ntm_trend_fit_free(NULL);
}

/* aicc (the Akaike mixture): weights sum to 1; on exactly exponential data loglinear wins. */
static void auto_weights(void **state)
{
    (void)state;
    double t[8], y[8];
    for (int i = 0; i < 8; i++) {
        t[i] = 2016 + i;
        y[i] = 50 * pow(1.2, i); /* +20% a year, exactly (a decline 0.8^i would also be a
                                    damped curve with phi = 0.8, exactly) */
    }
    ntm_trend_spec sp = spec_of(NTM_MODEL_AICC);
    ntm_trend_fit *f = fit_ok(&sp, t, y, NULL, 8);
    size_t nc = ntm_trend_n_components(f);
    assert_true(nc >= 3);
    double sum = 0, wll = 0;
    for (size_t i = 0; i < nc; i++) {
        ntm_trend_component c;
        assert_int_equal(ntm_trend_component_get(f, i, &c), NTM_OK);
        assert_true(isfinite(c.aicc));
        sum += c.weight;
        /* the exact exponential is both a log line and a log walk with constant drift */
        if (c.model == NTM_MODEL_LOGLINEAR || c.model == NTM_MODEL_LOGDRIFT) {
            wll += c.weight;
            assert_true(fabs(c.param[1].value - log(1.2)) < 1e-9);
        }
    }
    assert_true(fabs(sum - 1) < 1e-12);
    assert_true(wll > 0.999);
    ntm_trend_fit_free(f);

    /* A noisy series: a real mixture; its quantiles invert its CDF. */
    const double yn[8] = {10.2, 11.9, 12.1, 14.3, 14.8, 16.9, 17.1, 19.5};
    f = fit_ok(&sp, t, yn, NULL, 8);
    nc = ntm_trend_n_components(f);
    assert_true(nc >= 3);
    sum = 0;
    for (size_t i = 0; i < nc; i++) {
        ntm_trend_component c;
        ntm_trend_component_get(f, i, &c);
        sum += c.weight;
    }
    assert_true(fabs(sum - 1) < 1e-12);
    for (double q = 0.025; q < 1; q += 0.1) {
        double yq, p;
        assert_int_equal(ntm_trend_quantile(f, 2026, q, &yq), NTM_OK);
        assert_int_equal(ntm_trend_prob_below(f, 2026, yq, &p), NTM_OK);
        assert_true(fabs(p - q) < 1e-8);
    }
    ntm_trend_forecast fc;
    assert_int_equal(ntm_trend_forecast_at(f, 2026, &fc), NTM_OK);
    assert_true(fc.lo95 < fc.lo80 && fc.lo80 < fc.median && fc.median < fc.hi80 &&
                fc.hi80 < fc.hi95 && isfinite(fc.mean));
    ntm_trend_fit_free(f);

    /* Two points, no prior: too few to compare, the random walk from the last value. */
    f = fit_ok(&sp, t, yn, NULL, 2);
    ntm_trend_component c;
    ntm_trend_component_get(f, 0, &c);
    assert_int_equal(c.model, NTM_MODEL_RW);
    assert_true(isnan(c.aicc));
    ntm_trend_fit_free(f);
}

/* Rates at 0% and 100% under logit with denominators: half-count correction, no NaN;
 * an unchanging 100% rate gets its spread from the binomial floor:
 *   p = (d - 0.5)/d, v = 100^2 p (1 - p) / d on the linear scale. */
static void rates_at_bounds(void **state)
{
    (void)state;
    const double t[5] = {2019, 2020, 2021, 2022, 2023}, y[5] = {0, 20, 55, 90, 100};
    const double d[5] = {400, 410, 420, 430, 440};
    ntm_trend_spec sp = spec_of(NTM_MODEL_LOGISTIC);
    sp.is_rate = 1;
    ntm_trend_fit *f = fit_ok(&sp, t, y, d, 5);
    ntm_trend_forecast fc;
    assert_int_equal(ntm_trend_forecast_at(f, 2025, &fc), NTM_OK);
    assert_true(fc.lo95 >= 0 && fc.hi95 <= 100 && isfinite(fc.mean) && fc.median > 90);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, SEED);
    for (int i = 0; i < 1000; i++) {
        double v;
        ntm_trend_draw(f, r, &t[4], 1, &v);
        assert_true(v >= 0 && v <= 100);
    }
    gsl_rng_free(r);
    ntm_trend_fit_free(f);
    /* the same without denominators is refused for an explicit logit */
    ntm_error err;
    assert_int_equal(ntm_trend_fit_new(&f, &sp, t, y, NULL, 5, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "give the denominator"));
    /* aicc drops the log/logit candidates and still fits */
    sp.model = NTM_MODEL_AICC;
    f = fit_ok(&sp, t, y, NULL, 5);
    for (size_t i = 0; i < ntm_trend_n_components(f); i++) {
        ntm_trend_component c;
        ntm_trend_component_get(f, i, &c);
        assert_true(c.model == NTM_MODEL_LINEAR || c.model == NTM_MODEL_CONSTANT ||
                    c.model == NTM_MODEL_DRIFT || c.model == NTM_MODEL_RW);
    }
    ntm_trend_fit_free(f);

    const double yc[4] = {100, 100, 100, 100}, dc[4] = {500, 500, 500, 500};
    sp = spec_of(NTM_MODEL_LINEAR);
    sp.is_rate = 1;
    f = fit_ok(&sp, t, yc, dc, 4);
    ntm_trend_component c;
    ntm_trend_component_get(f, 0, &c);
    double p = 499.5 / 500, v = 1e4 * p * (1 - p) / 500;
    assert_true(fabs(c.sigma - sqrt(v)) < 1e-12);
    double hi;
    ntm_trend_quantile(f, 2025, 0.975, &hi);
    assert_true(hi == 100); /* clamped */
    ntm_trend_fit_free(f);
}

/* damped: data on level + slope S(t - t_last), phi = 0.9 exactly, plus a tiny wiggle. */
static void damped_recovers_phi(void **state)
{
    (void)state;
    double t[10], y[10];
    for (int i = 0; i < 10; i++) {
        double h = i - 9.0;
        t[i] = 2014 + i;
        y[i] = 50 + 3 * 0.9 * (1 - pow(0.9, h)) / (1 - 0.9) + 1e-3 * ((i % 3) - 1);
    }
    ntm_trend_spec sp = spec_of(NTM_MODEL_DAMPED);
    ntm_trend_fit *f = fit_ok(&sp, t, y, NULL, 10);
    ntm_trend_component c;
    ntm_trend_component_get(f, 0, &c);
    assert_string_equal(c.param[2].name, "phi");
    assert_true(fabs(c.param[2].value - 0.9) < 1e-3);
    assert_true(fabs(c.param[0].value - 50) < 1e-2);
    assert_true(fabs(c.param[1].value - 3) < 1e-2);
    assert_true(isfinite(c.param[2].se) && c.param[2].se > 0);
    double med;
    ntm_trend_quantile(f, 2025, 0.5, &med); /* h = 2: 50 + 3 (0.9 + 0.81) */
    assert_true(fabs(med - (50 + 3 * 1.71)) < 0.02);
    ntm_trend_fit_free(f);
}

static void names(void **state)
{
    (void)state;
    ntm_model m;
    assert_int_equal(ntm_model_from_name("loglinear", &m), 0);
    assert_int_equal(m, NTM_MODEL_LOGLINEAR);
    assert_int_equal(ntm_model_from_name("cubic", &m), -1);
    assert_string_equal(ntm_model_name(NTM_MODEL_DAMPED), "damped");
    static const char *const nm[4] = {"drift", "logdrift", "rw", "logrw"};
    static const ntm_model md[4] = {NTM_MODEL_DRIFT, NTM_MODEL_LOGDRIFT, NTM_MODEL_RW,
                                    NTM_MODEL_LOGRW};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(ntm_model_from_name(nm[i], &m), 0);
        assert_int_equal(m, md[i]);
        assert_string_equal(ntm_model_name(md[i]), nm[i]);
    }
    assert_string_equal(ntm_model_name((ntm_model)99), "unknown");
}

/* ---- the random walk with drift ----------------------------------------------------------- */

#define DRIFT_TOL 1e-12 /* closed forms below are a few operations: agree to rounding */

/* Flat prior, evenly spaced: the drift is the mean difference and the predictive the
 * classical one. Derivation: with d_i = z_i - z_{i-1} = b + e_i, e_i ~ N(0, s^2) (m = n - 1
 * of them), the OLS mean is bhat = dbar = (z_n - z_1)/(n - 1) with Var(bhat) = s^2/(n - 1),
 * s^2 = sum (d_i - dbar)^2 / (n - 2) (the sample variance, m - 1 = n - 2 dof). The value h
 * years ahead is z_n + b h + (e_{n+1} + ... + e_{n+h}); the future noise (variance h s^2)
 * is independent of bhat, so z_{n+h} - z_n - h bhat has variance s^2 (h + h^2/(n - 1)), and
 * its ratio to the estimated SD is Student t with n - 2 dof:
 *   Q(q) = z_n + h bhat + t_{n-2}(q) s sqrt(h + h^2/(n - 1)).
 * Data: 10, 12, 11, 15, 16 at 2019..2023: d = 2, -1, 4, 1; dbar = 1.5;
 * sum (d - dbar)^2 = 0.25 + 6.25 + 6.25 + 0.25 = 13, s^2 = 13/3. */
static void drift_closed_form(void **state)
{
    (void)state;
    const double t[5] = {2019, 2020, 2021, 2022, 2023}, y[5] = {10, 12, 11, 15, 16};
    ntm_trend_spec sp = spec_of(NTM_MODEL_DRIFT);
    ntm_trend_fit *f = fit_ok(&sp, t, y, NULL, 5);
    ntm_trend_component c;
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    double b = 1.5, s2 = 13.0 / 3;
    assert_int_equal(c.n_params, 2);
    assert_string_equal(c.param[0].name, "level");
    assert_string_equal(c.param[1].name, "drift");
    assert_true(c.param[0].value == 16 && c.param[0].se == 0);
    assert_true(fabs(c.param[1].value - b) < DRIFT_TOL);
    assert_true(fabs(c.param[1].se - sqrt(s2 / 4)) < DRIFT_TOL);
    assert_true(fabs(c.sigma - sqrt(s2)) < DRIFT_TOL);
    assert_true(c.dof == 3 && c.k == 3);
    assert_true(fabs(c.rss - 13) < DRIFT_TOL);
    /* AICc likelihood (trend.c): all 5 points, the first residual 0, s2_ML = SSE / n. */
    double ll = -2.5 * (log(2 * M_PI * 13.0 / 5) + 1);
    assert_true(fabs(c.loglik - ll) < DRIFT_TOL);
    assert_true(fabs(c.aicc - (-2 * ll + 6 + 24.0 / 1)) < 1e-10);
    static const double qs[4] = {0.025, 0.1, 0.5, 0.9};
    for (int h = 1; h <= 6; h++)
        for (int k = 0; k < 4; k++) {
            double q,
                want = 16 + h * b + gsl_cdf_tdist_Pinv(qs[k], 3) * sqrt(s2 * (h + h * h / 4.0));
            assert_int_equal(ntm_trend_quantile(f, 2023 + h, qs[k], &q), NTM_OK);
            if (fabs(q - want) > 1e-10)
                fail_msg("h = %d, q = %g: %.15g, want %.15g", h, qs[k], q, want);
        }
    /* the forecast table agrees; the mean of a symmetric unclamped t is its centre */
    ntm_trend_forecast fc;
    assert_int_equal(ntm_trend_forecast_at(f, 2026, &fc), NTM_OK);
    assert_true(fabs(fc.median - 20.5) < 1e-10 && fabs(fc.mean - 20.5) < 1e-10);
    /* at the last time the value is observed: a point mass at y_n */
    double q, p;
    assert_int_equal(ntm_trend_quantile(f, 2023, 0.9, &q), NTM_OK);
    assert_true(q == 16);
    assert_int_equal(ntm_trend_prob_below(f, 2023, 15.999, &p), NTM_OK);
    assert_true(p == 0);
    assert_int_equal(ntm_trend_prob_below(f, 2023, 16, &p), NTM_OK);
    assert_true(p == 1);
    ntm_trend_fit_free(f);

    /* logdrift: the same on log y; quantiles commute with exp. */
    double yl[5];
    for (int i = 0; i < 5; i++)
        yl[i] = exp(y[i] / 10);
    sp = spec_of(NTM_MODEL_LOGDRIFT);
    f = fit_ok(&sp, t, yl, NULL, 5);
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    assert_true(fabs(c.param[1].value - 0.15) < DRIFT_TOL);
    double want = exp(1.6 + 2 * 0.15 + gsl_cdf_tdist_Pinv(0.9, 3) * sqrt(s2 / 100 * (2 + 1.0)));
    assert_int_equal(ntm_trend_quantile(f, 2025, 0.9, &q), NTM_OK);
    assert_true(fabs(q - want) < 1e-10 * want);
    /* its likelihood on the y scale has the Jacobian sum log(1/y_i) = -sum z_i */
    ll = -2.5 * (log(2 * M_PI * 0.13 / 5) + 1) - (1.0 + 1.2 + 1.1 + 1.5 + 1.6);
    assert_true(fabs(c.loglik - ll) < 1e-10);
    ntm_trend_fit_free(f);

    /* rw (no drift): s^2 = sum d_i^2 / (n - 1) = (4 + 1 + 16 + 1)/4 = 5.5, no h^2 term,
     * t with n - 1 = 4 dof: Q(q) = z_n + t_4(q) s sqrt(h). */
    sp = spec_of(NTM_MODEL_RW);
    f = fit_ok(&sp, t, y, NULL, 5);
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    assert_true(c.n_params == 1 && c.dof == 4 && c.k == 2);
    assert_true(fabs(c.sigma - sqrt(5.5)) < DRIFT_TOL);
    assert_int_equal(ntm_trend_quantile(f, 2026, 0.975, &q), NTM_OK);
    assert_true(fabs(q - (16 + gsl_cdf_tdist_Pinv(0.975, 4) * sqrt(5.5 * 3))) < 1e-10);
    ntm_trend_fit_free(f);
}

/* Uneven spacing: d_i = b D_i + e_i, Var e_i = s^2 D_i (trend.c). t = 0, 1, 3, 4 and
 * z = 1, 3, 2, 5: D = 1, 2, 1; d = 2, -1, 3; bhat = (5 - 1)/4 = 1;
 * SSE = (2 - 1)^2/1 + (-1 - 2)^2/2 + (3 - 1)^2/1 = 1 + 4.5 + 4 = 9.5, nu = 2, s^2 = 4.75,
 * kappa = t_n - t_1 = 4. At t = 6 (h = 2): centre 5 + 2, scale^2 = 4.75 (2 + 4/4). The
 * likelihood adds -1/2 sum log D_i = -1/2 log 2. */
static void drift_uneven(void **state)
{
    (void)state;
    const double t[4] = {3, 0, 4, 1}, y[4] = {2, 1, 5, 3}; /* any order */
    ntm_trend_spec sp = spec_of(NTM_MODEL_DRIFT);
    ntm_trend_fit *f = fit_ok(&sp, t, y, NULL, 4);
    ntm_trend_component c;
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    assert_true(fabs(c.param[1].value - 1) < DRIFT_TOL);
    assert_true(fabs(c.sigma - sqrt(4.75)) < DRIFT_TOL);
    assert_true(fabs(c.param[1].se - sqrt(4.75 / 4)) < DRIFT_TOL);
    double ll = -2.0 * (log(2 * M_PI * 9.5 / 4) + 1) - 0.5 * log(2.0), q;
    assert_true(fabs(c.loglik - ll) < DRIFT_TOL);
    assert_int_equal(ntm_trend_quantile(f, 6, 0.8, &q), NTM_OK);
    assert_true(fabs(q - (7 + gsl_cdf_tdist_Pinv(0.8, 2) * sqrt(4.75 * 3))) < 1e-10);
    /* before the last point: the walk run backwards, |h| = 1.5 */
    assert_int_equal(ntm_trend_quantile(f, 2.5, 0.8, &q), NTM_OK);
    assert_true(fabs(q - (5 - 1.5 + gsl_cdf_tdist_Pinv(0.8, 2) * sqrt(4.75 * (1.5 + 2.25 / 4)))) <
                1e-10);
    ntm_trend_fit_free(f);
}

/* Conjugate prior on the drift by hand (trend.c). t = 0..3, z = 1, 3, 2, 5: d = 2, -1, 3,
 * Sxx = 3, Sxy = 4, bhat = 4/3, SSE = (2/3)^2 + (7/3)^2 + (5/3)^2 = 78/9 = 26/3.
 * Prior slope 0.5, slope_sd 0.5, sigma 1, nu 4: kappa0 = 1/0.25 = 4, kappa_n = 7,
 * b_n = (4 * 0.5 + 4)/7 = 6/7; nu_n = 4 + 3 = 7;
 * nu_n s_n^2 = 4 + 26/3 + (4 * 3/7)(4/3 - 1/2)^2 = 4 + 26/3 + 25/21 = 97/7, s_n^2 = 97/49.
 * At t = 5 (h = 2): centre 5 + 2 * 6/7, scale^2 = s_n^2 (2 + 4/7), 7 dof.
 * The same numbers given for the linear model (prior_model linear) apply to drift too. */
static void drift_prior(void **state)
{
    (void)state;
    const double t[4] = {0, 1, 2, 3}, y[4] = {1, 3, 2, 5};
    ntm_prior pr = {
        .slope = 0.5, .slope_sd = 0.5, .sigma = 1, .nu = 4, .ceiling = NAN, .source = "test"};
    ntm_trend_spec sp = spec_of(NTM_MODEL_DRIFT);
    sp.prior = &pr;
    sp.prior_model = NTM_MODEL_LINEAR;
    ntm_trend_fit *f = fit_ok(&sp, t, y, NULL, 4);
    ntm_trend_component c;
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    double bn = 6.0 / 7, s2n = 97.0 / 49, q;
    assert_true(fabs(c.param[1].value - bn) < DRIFT_TOL);
    assert_true(fabs(c.sigma - sqrt(s2n)) < DRIFT_TOL);
    assert_true(fabs(c.param[1].se - sqrt(s2n / 7)) < DRIFT_TOL);
    assert_true(c.dof == 7);
    assert_int_equal(ntm_trend_quantile(f, 5, 0.9, &q), NTM_OK);
    assert_true(fabs(q - (5 + 2 * bn + gsl_cdf_tdist_Pinv(0.9, 7) * sqrt(s2n * (2 + 4.0 / 7)))) <
                1e-10);
    ntm_trend_fit_free(f);
    /* a prior for loglinear is on another scale: drift ignores it (flat: bhat = 4/3) */
    sp.prior_model = NTM_MODEL_LOGLINEAR;
    f = fit_ok(&sp, t, y, NULL, 4);
    assert_int_equal(ntm_trend_component_get(f, 0, &c), NTM_OK);
    assert_true(fabs(c.param[1].value - 4.0 / 3) < DRIFT_TOL);
    ntm_trend_fit_free(f);
    /* one point: the level is the point, the drift the prior's, nu_n = nu0, s_n = sigma0;
     * at h = 2: scale^2 = 1 * (2 + 4/4) */
    sp.prior_model = NTM_MODEL_AUTO;
    f = fit_ok(&sp, &t[3], &y[3], NULL, 1);
    assert_int_equal(ntm_trend_quantile(f, 5, 0.975, &q), NTM_OK);
    assert_true(fabs(q - (6 + gsl_cdf_tdist_Pinv(0.975, 4) * sqrt(3.0))) < 1e-10);
    ntm_trend_fit_free(f);
}

/* Draws: one (sigma^2, b) draw and the walk's cumulative noise give, at each time, the
 * analytic t predictive (binomial bound, as check_draws); a path given in any order has
 * the same marginals, and its values share their past: with b and sigma drawn once,
 * y(2026) - y(2025) has the one-year spread, far below the three-year one. */
static void drift_draws(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, SEED);
    printf("# drift draws seed %lu\n", SEED);
    const double t[6] = {2018, 2019, 2020, 2021, 2022, 2023};
    const double y[6] = {10.2, 11.9, 12.1, 14.3, 14.8, 16.9};
    ntm_trend_spec sp = spec_of(NTM_MODEL_DRIFT);
    ntm_trend_fit *f = fit_ok(&sp, t, y, NULL, 6);
    check_draws(f, 2026, r);
    sp = spec_of(NTM_MODEL_LOGDRIFT);
    ntm_trend_fit *fl = fit_ok(&sp, t, y, NULL, 6);
    check_draws(fl, 2025.5, r);
    ntm_trend_fit_free(fl);

    static const double qs[3] = {0.1, 0.5, 0.9};
    const double times[4] = {2026, 2024, 2025, 2023}; /* unsorted, one at t_last */
    double qv[3][3];
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 3; i++)
            assert_int_equal(ntm_trend_quantile(f, times[j], qs[i], &qv[j][i]), NTM_OK);
    size_t below[3][3] = {{0}};
    double sdd = 0;
    for (size_t d = 0; d < DRAWS; d++) {
        double path[4];
        assert_int_equal(ntm_trend_draw(f, r, times, 4, path), NTM_OK);
        assert_true(path[3] == 16.9);
        for (int j = 0; j < 3; j++)
            for (int i = 0; i < 3; i++)
                below[j][i] += path[j] <= qv[j][i];
        sdd += (path[0] - path[2]) * (path[0] - path[2]);
    }
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 3; i++) {
            double share = (double)below[j][i] / DRAWS;
            double bound = 4 * sqrt(qs[i] * (1 - qs[i]) / DRAWS);
            if (fabs(share - qs[i]) > bound)
                fail_msg("t = %g, q = %g: share %g outside +-%g (seed %lu)", times[j], qs[i], share,
                         bound, SEED);
        }
    /* E (y(2026) - y(2025))^2 = E sigma^2 + E b^2 ~ s^2 nu/(nu-2) + b^2 + Var b; well
     * below the 3-year variance: the path is joint, not independent draws. */
    ntm_trend_component c;
    ntm_trend_component_get(f, 0, &c);
    double s2 = c.sigma * c.sigma, b = c.param[1].value, nu = c.dof;
    double want = s2 * nu / (nu - 2) * (1 + 1 / 5.0) + b * b;
    assert_true(fabs(sdd / DRAWS - want) < 0.15 * want); /* sigma^2 is heavy-tailed at nu = 4 */
    assert_int_equal(ntm_trend_draw_variates(4), 9);
    ntm_trend_fit_free(f);
    gsl_rng_free(r);
}

/* The drift models' errors, and auto on a random walk. */
static void drift_errors_and_auto(void **state)
{
    (void)state;
    const double t4[4] = {1, 2, 3, 4}, y4[4] = {4, 5, 7, 6};
    ntm_trend_spec dr = spec_of(NTM_MODEL_DRIFT), rw = spec_of(NTM_MODEL_RW),
                   ld = spec_of(NTM_MODEL_LOGDRIFT);
    expect_error(&dr, t4, y4, NULL, 2, NTM_EINPUT, "too few points for drift: 2, needs 3");
    expect_error(&rw, t4, y4, NULL, 1, NTM_EINPUT, "too few points for rw: 1, needs 2");
    expect_error(&dr, t4, y4, NULL, 1, NTM_EINPUT, "1 point cannot give a drift");
    const double yl[4] = {4, 6, 8, 10}, y0[4] = {4, 0, 8, 10}, tt[4] = {1, 2, 2, 3};
    expect_error(&dr, t4, yl, NULL, 4, NTM_EINPUT, "change by exactly the same amount");
    expect_error(&ld, t4, y0, NULL, 4, NTM_EINPUT, "logdrift needs positive values: y = 0");
    dr.allow_ties = 1;
    expect_error(&dr, tt, y4, NULL, 4, NTM_EINPUT, "drift: time 2 appears twice");
    ntm_prior ps = {
        .slope = 1, .slope_sd = 1, .sigma = NAN, .nu = NAN, .ceiling = NAN, .source = "x"};
    dr.prior = &ps;
    dr.allow_ties = 0;
    expect_error(&dr, t4, y4, NULL, 2, NTM_EINPUT, "prior gives a slope but no sigma");
    /* a slope prior without sigma: kappa0 from the flat s (trend.h), n >= 3 */
    ntm_trend_fit *f = fit_ok(&dr, t4, y4, NULL, 4);
    ntm_trend_fit_free(f);

    /* aicc on a simulated Gaussian random walk of 30 steps (seed printed): the walks take
     * most of the weight from the lines, and the weights sum to 1 */
    double t[30], y[30];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, SEED);
    printf("# random walk seed %lu\n", SEED);
    for (int i = 0; i < 30; i++) {
        t[i] = 1994 + i;
        y[i] = (i ? y[i - 1] : 100) + 0.5 + 3 * gsl_cdf_ugaussian_Pinv(gsl_rng_uniform_pos(r));
    }
    gsl_rng_free(r);
    ntm_trend_spec au = spec_of(NTM_MODEL_AICC);
    f = fit_ok(&au, t, y, NULL, 30);
    double sum = 0, walks = 0;
    for (size_t i = 0; i < ntm_trend_n_components(f); i++) {
        ntm_trend_component c;
        ntm_trend_component_get(f, i, &c);
        sum += c.weight;
        if (c.model == NTM_MODEL_DRIFT || c.model == NTM_MODEL_LOGDRIFT ||
            c.model == NTM_MODEL_RW || c.model == NTM_MODEL_LOGRW)
            walks += c.weight;
    }
    assert_true(fabs(sum - 1) < 1e-12);
    printf("# random walk: weight of the walks %.3f\n", walks);
    assert_true(walks > 0.5);
    ntm_trend_fit_free(f);
    /* three points: too few to compare, the rw from the last value */
    f = fit_ok(&au, t, y, NULL, 3);
    double med;
    ntm_trend_quantile(f, 1997, 0.5, &med);
    assert_true(med == y[2]);
    ntm_trend_fit_free(f);
}

/* Regression: a mixture whose linear component is clamped at 0 (a count or rate) has an
 * atom at 0 and a kink above it; the median must still be found (Newton then bisection).
 * The series falls by about a quarter a year; 5 years out linear goes below 0. */
static void mixture_with_atom_at_zero(void **state)
{
    (void)state;
    double t[] = {2019, 2020, 2021, 2022, 2023};
    double y[] = {30.2386, 24.5492, 20.9996, 17.1567, 12.7786};
    ntm_trend_spec spec;
    ntm_trend_spec_init(&spec);
    spec.nonnegative = 1;
    ntm_trend_fit *f = NULL;
    ntm_error err = {0};
    assert_int_equal(ntm_trend_fit_new(&f, &spec, t, y, NULL, 5, &err), NTM_OK);
    double prev = INFINITY;
    for (int h = 1; h <= 6; h++) {
        ntm_trend_forecast fc;
        assert_int_equal(ntm_trend_forecast_at(f, 2023 + h, &fc), NTM_OK);
        assert_true(fc.lo95 >= 0 && fc.lo95 <= fc.lo80 && fc.lo80 <= fc.median);
        assert_true(fc.median <= fc.hi80 && fc.hi80 <= fc.hi95);
        assert_true(fc.median < prev); /* a falling series keeps falling in the median */
        prev = fc.median;
        double p;
        assert_int_equal(ntm_trend_prob_below(f, 2023 + h, fc.median, &p), NTM_OK);
        assert_true(fabs(p - 0.5) < 1e-6);
    }
    ntm_trend_fit_free(f);
}

/* Regression: two observations a moment apart make a random walk's variance per year
 * explode; auto must leave that candidate out and still forecast (it used to fail). */
static void auto_near_equal_times(void **state)
{
    (void)state;
    double t[] = {2020, 2020.0000001, 2021, 2022, 2023}, y[] = {1, 2, 3, 4, 5};
    ntm_trend_spec spec;
    ntm_trend_spec_init(&spec);
    ntm_trend_fit *f = NULL;
    ntm_error err = {0};
    assert_int_equal(ntm_trend_fit_new(&f, &spec, t, y, NULL, 5, &err), NTM_OK);
    ntm_trend_forecast fc;
    assert_int_equal(ntm_trend_forecast_at(f, 2024, &fc), NTM_OK);
    assert_true(isfinite(fc.lo95) && isfinite(fc.hi95) && fc.lo95 <= fc.median);
    double wsum = 0;
    for (size_t i = 0; i < ntm_trend_n_components(f); i++) {
        ntm_trend_component c;
        assert_int_equal(ntm_trend_component_get(f, i, &c), NTM_OK);
        wsum += c.weight;
    }
    assert_true(fabs(wsum - 1) < 1e-12);
    ntm_trend_fit_free(f);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(norris),
        cmocka_unit_test(rat42),
        cmocka_unit_test(draws_match_analytic),
        cmocka_unit_test(conjugate_prior),
        cmocka_unit_test(bad_inputs),
        cmocka_unit_test(auto_weights),
        cmocka_unit_test(rates_at_bounds),
        cmocka_unit_test(damped_recovers_phi),
        cmocka_unit_test(names),
        cmocka_unit_test(drift_closed_form),
        cmocka_unit_test(drift_uneven),
        cmocka_unit_test(drift_prior),
        cmocka_unit_test(drift_draws),
        cmocka_unit_test(drift_errors_and_auto),
        cmocka_unit_test(mixture_with_atom_at_zero),
        cmocka_unit_test(auto_near_equal_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
