/* test_rng.c: keyed counter-based streams: published test vectors of the two hashes,
 * keying, draw independence (in order, reversed, on threads), the GSL wrapper's variate
 * count, and uniformity by chi-square with bounds derived below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "engine/rng.h"
#include "engine/trend.h"

#define SEED 20240611ULL
/* False-alarm probability of each chi-square check: the bound is the chi-square
 * (K - 1 degrees of freedom) upper quantile at this level, so a correct generator fails
 * one check in a million runs; the seeds are fixed, so the run is replayable. */
#define CHISQ_ALPHA 1e-6

/* Published vectors: FNV-1a 64 ("" , "a", "foobar") from the FNV reference test suite
 * (isthe.com/chongo/tech/comp/fnv); the first SplitMix64 output from state 0 is
 * mix(0x9e3779b97f4a7c15) = 0xe220a8397b1dcdaf (Vigna's splitmix64.c). */
static void hash_vectors(void **state)
{
    (void)state;
    assert_true(ntm_rng_fnv1a(NTM_RNG_FNV_OFFSET, "", 0) == 0xcbf29ce484222325ULL);
    assert_true(ntm_rng_fnv1a(NTM_RNG_FNV_OFFSET, "a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(ntm_rng_fnv1a(NTM_RNG_FNV_OFFSET, "foobar", 6) == 0x85944171f73967e8ULL);
    assert_true(ntm_rng_mix64(0x9e3779b97f4a7c15ULL) == 0xe220a8397b1dcdafULL);
    /* sub-stream 0, output 0 is SplitMix64's first output from state 0 */
    assert_true(ntm_rng_bits(0, 0) == 0xe220a8397b1dcdafULL);
    /* and the key follows the documented recipe */
    uint64_t h = ntm_rng_fnv1a(NTM_RNG_FNV_OFFSET, "trend", 5);
    h = ntm_rng_fnv1a(h, "\0", 1);
    h = ntm_rng_fnv1a(h, "Cẩm Thành", strlen("Cẩm Thành"));
    h = ntm_rng_fnv1a(h, "\x1f", 1);
    h = ntm_rng_fnv1a(h, "11.1", 4);
    uint64_t k = ntm_rng_mix64(h ^ ntm_rng_mix64(SEED + 0x9e3779b97f4a7c15ULL));
    assert_true(ntm_rng_key(SEED, "trend", "Cẩm Thành", "11.1") == k);
}

static void keys_distinct(void **state)
{
    (void)state;
    uint64_t k[8] = {
        ntm_rng_key(SEED, "trend", "A", "1.1"),   ntm_rng_key(SEED, "trend", "A", "1.2"),
        ntm_rng_key(SEED, "risk", "A", "1.1"),    ntm_rng_key(SEED + 1, "trend", "A", "1.1"),
        ntm_rng_key(SEED, "trend", "A", NULL),    ntm_rng_key(SEED, "trend", "A", ""),
        ntm_rng_key(SEED, "trend", "A1.1", NULL), ntm_rng_key(SEED, "trendA", "", "1.1"),
    };
    for (int i = 0; i < 8; i++)
        for (int j = i + 1; j < 8; j++)
            assert_true(k[i] != k[j]);
    /* the same key twice gives the same numbers */
    assert_true(ntm_rng_key(SEED, "trend", "A", "1.1") == k[0]);
    for (uint64_t i = 0; i < 16; i++)
        assert_true(ntm_rng_uniform_at(k[0], 7, i) == ntm_rng_uniform_at(k[0], 7, i));
    /* different keys and draws differ */
    assert_true(ntm_rng_uniform_at(k[0], 7, 0) != ntm_rng_uniform_at(k[1], 7, 0));
    assert_true(ntm_rng_uniform_at(k[0], 7, 0) != ntm_rng_uniform_at(k[0], 8, 0));
    assert_true(ntm_rng_substream(k[0], 0) != ntm_rng_substream(k[0], 1));
}

/* ---- draws in any order ------------------------------------------------------------- */

#define ND 4000
#define NV 8
typedef struct par_job {
    uint64_t key;
    int t, nt;
    double *out;
} par_job;

static void *par_run(void *arg)
{
    par_job *j = arg;
    gsl_rng *r = ntm_rng_new();
    for (int d = j->t; d < ND; d += j->nt) {
        ntm_rng_at(r, j->key, (uint64_t)d);
        for (int i = 0; i < NV; i++)
            j->out[d * NV + i] = gsl_rng_uniform(r);
    }
    ntm_rng_free(r);
    return NULL;
}

static void draw_order_free(void **state)
{
    (void)state;
    static double fwd[ND * NV], rev[ND * NV], par[ND * NV];
    uint64_t key = ntm_rng_key(SEED, "trend", "Cẩm Thành", "11.1");
    gsl_rng *r = ntm_rng_new();
    assert_non_null(r);
    for (int d = 0; d < ND; d++) {
        ntm_rng_at(r, key, (uint64_t)d);
        for (int i = 0; i < NV; i++)
            fwd[d * NV + i] = gsl_rng_uniform(r);
        assert_true(ntm_rng_consumed(r) == NV);
    }
    for (int d = ND - 1; d >= 0; d--)
        for (int i = NV - 1; i >= 0; i--)
            rev[d * NV + i] = ntm_rng_uniform_at(key, (uint64_t)d, (uint64_t)i);
    pthread_t tid[4];
    par_job jobs[4];
    for (int t = 0; t < 4; t++) {
        jobs[t] = (par_job){key, t, 4, par};
        assert_int_equal(pthread_create(&tid[t], NULL, par_run, &jobs[t]), 0);
    }
    for (int t = 0; t < 4; t++)
        pthread_join(tid[t], NULL);
    assert_memory_equal(fwd, rev, sizeof fwd);
    assert_memory_equal(fwd, par, sizeof fwd);
    ntm_rng_free(r);
    ntm_rng_free(NULL);
}

/* The GSL wrapper: one output per uniform, never 0 or 1, gsl_rng_set = draw 0. */
static void gsl_wrapper(void **state)
{
    (void)state;
    gsl_rng *r = ntm_rng_new();
    assert_non_null(r);
    assert_string_equal(gsl_rng_name(r), "ntm-splitmix64");
    assert_true(gsl_rng_max(r) == 0xffffffffUL && gsl_rng_min(r) == 0);
    gsl_rng_set(r, 42);
    double a = gsl_rng_uniform_pos(r);
    unsigned long b = gsl_rng_get(r);
    assert_true(ntm_rng_consumed(r) == 2);
    assert_true(a == ntm_rng_uniform_at(42, 0, 0));
    assert_true(b == (unsigned long)(ntm_rng_bits(ntm_rng_substream(42, 0), 1) >> 32));
    /* extremes of the documented formula: the smallest and largest 52-bit cells stay
     * strictly inside (0, 1) */
    double lo = ((double)0 + 0.5) / 4503599627370496.0;
    double hi = ((double)((1ULL << 52) - 1) + 0.5) / 4503599627370496.0;
    assert_true(lo > 0 && hi < 1);
    ntm_rng_free(r);
}

/* ntm_trend_draw takes exactly ntm_trend_draw_variates(m) outputs (common random numbers
 * across branches depend on it). */
static void trend_variates(void **state)
{
    (void)state;
    double t[5] = {2019, 2020, 2021, 2022, 2023}, y[5] = {10.04, 8.03, 6.24, 5.1, 4.2};
    ntm_trend_spec sp;
    ntm_trend_spec_init(&sp);
    sp.model = NTM_MODEL_AUTO;
    sp.is_rate = 1;
    ntm_trend_fit *f = NULL;
    assert_int_equal(ntm_trend_fit_new(&f, &sp, t, y, NULL, 5, NULL), NTM_OK);
    gsl_rng *r = ntm_rng_new();
    double times[4] = {2024, 2025, 2026, 2027}, out[4];
    for (uint64_t d = 0; d < 200; d++) {
        ntm_rng_at(r, 99, d);
        assert_int_equal(ntm_trend_draw(f, r, times, 4, out), NTM_OK);
        assert_true(ntm_rng_consumed(r) == ntm_trend_draw_variates(4));
    }
    ntm_rng_free(r);
    ntm_trend_fit_free(f);
}

/* ntm_rng_fill gives what as many gsl_rng_uniform_pos calls give, and leaves the
 * generator where they would: on our type (its fast path) and on another GSL type. */
static void fill_as_calls(void **state)
{
    (void)state;
    gsl_rng *a = ntm_rng_new(), *b = ntm_rng_new();
    assert_true(a && b);
    ntm_rng_at(a, 1234, 56);
    ntm_rng_at(b, 1234, 56);
    double u[7];
    (void)gsl_rng_uniform_pos(a); /* from the middle of a draw, too */
    (void)gsl_rng_uniform_pos(b);
    ntm_rng_fill(a, u, 7);
    for (int k = 0; k < 7; k++)
        assert_true(u[k] == gsl_rng_uniform_pos(b));
    assert_true(ntm_rng_consumed(a) == 8 && ntm_rng_consumed(b) == 8);
    assert_true(gsl_rng_uniform_pos(a) == gsl_rng_uniform_pos(b));
    ntm_rng_fill(a, u, 0);
    assert_true(ntm_rng_consumed(a) == 9);
    ntm_rng_free(a);
    ntm_rng_free(b);
    gsl_rng *m1 = gsl_rng_alloc(gsl_rng_mt19937), *m2 = gsl_rng_alloc(gsl_rng_mt19937);
    assert_true(m1 && m2);
    ntm_rng_fill(m1, u, 7);
    for (int k = 0; k < 7; k++)
        assert_true(u[k] == gsl_rng_uniform_pos(m2));
    assert_true(gsl_rng_get(m1) == gsl_rng_get(m2));
    gsl_rng_free(m1);
    gsl_rng_free(m2);
}

/* The normal quantile (AS 241). Reference values: the root of Phi(z) = p computed at 60
 * digits (mpmath findroot on ncdf), rounded to 16: Phi^-1(0.975) = 1.959963984540054,
 * Phi^-1(0.999) = 3.090232306167814 (intermediate region), Phi^-1(1e-10) =
 * -6.361340902404056, Phi^-1(1e-300) = -37.04709629936120 (far tail). And bit for bit
 * GSL's gsl_cdf_ugaussian_Pinv (the simulator switched from it to this without changing
 * a number), on a million points spread over the three regions and on their edges. */
#define QNORM_REL 1e-15
static void normal_quantile(void **state)
{
    (void)state;
    struct {
        double p, z;
    } ref[] = {{0.975, 1.959963984540054},
               {0.025, -1.959963984540054},
               {0.999, 3.090232306167814},
               {1e-10, -6.361340902404056},
               {1e-300, -37.04709629936120}};
    for (size_t k = 0; k < sizeof ref / sizeof ref[0]; k++) {
        double z = ntm_rng_normal_inv(ref[k].p);
        if (fabs(z - ref[k].z) > QNORM_REL * fabs(ref[k].z))
            fail_msg("Phi^-1(%g) = %.17g, want %.17g", ref[k].p, z, ref[k].z);
    }
    assert_true(ntm_rng_normal_inv(0.5) == 0);
    assert_true(isinf(ntm_rng_normal_inv(0.0)) && ntm_rng_normal_inv(0.0) < 0);
    assert_true(isinf(ntm_rng_normal_inv(1.0)) && ntm_rng_normal_inv(1.0) > 0);
    assert_true(isnan(ntm_rng_normal_inv(NAN)));
    double edge[] = {0.075,
                     0.925,
                     nextafter(0.075, 0),
                     nextafter(0.925, 1),
                     exp(-25.0),
                     nextafter(exp(-25.0), 0),
                     nextafter(exp(-25.0), 1),
                     1 - exp(-25.0),
                     4.9e-324,
                     1e-300,
                     1 - 0x1p-53,
                     0x1p-53,
                     0.5 + 0x1p-53};
    for (size_t k = 0; k < sizeof edge / sizeof edge[0]; k++) {
        double a = ntm_rng_normal_inv(edge[k]), b = gsl_cdf_ugaussian_Pinv(edge[k]);
        if (memcmp(&a, &b, sizeof a) != 0)
            fail_msg("Phi^-1(%.17g): %.17g, GSL %.17g", edge[k], a, b);
    }
    uint64_t sub = ntm_rng_substream(ntm_rng_key(SEED, "test", "normal", NULL), 0);
    for (uint64_t i = 0; i < 1000000; i++) {
        double u = ntm_rng_uniform(sub, i);
        if (i % 3 == 1) /* the tails down to 2^-1000 */
            u = ldexp(u, -(int)(i % 1000));
        else if (i % 3 == 2)
            u = 1 - ldexp(u, -(int)(i % 53));
        double a = ntm_rng_normal_inv(u), b = gsl_cdf_ugaussian_Pinv(u);
        if (memcmp(&a, &b, sizeof a) != 0)
            fail_msg("Phi^-1(%.17g): %.17g, GSL %.17g", u, a, b);
    }
}

/* Pearson chi-square of N counts in K equal cells; under uniformity ~ chi^2(K - 1). */
static double chisq(const long *cnt, int k, long n)
{
    double e = (double)n / k, x = 0;
    for (int i = 0; i < k; i++)
        x += (cnt[i] - e) * (cnt[i] - e) / e;
    return x;
}

static void uniformity(void **state)
{
    (void)state;
    enum { K = 100, N = 1000000, K2 = 10 };
    double bound = gsl_cdf_chisq_Qinv(CHISQ_ALPHA, K - 1);
    double bound2 = gsl_cdf_chisq_Qinv(CHISQ_ALPHA, K2 * K2 - 1);
    long c1[K] = {0}, c2[K] = {0}, c3[K] = {0}, c4[K2 * K2] = {0};
    uint64_t key = ntm_rng_key(SEED, "cost", "school", NULL);
    uint64_t sub = ntm_rng_substream(key, 0);
    double prev = 0.5;
    for (long i = 0; i < N; i++) {
        double u = ntm_rng_uniform(sub, (uint64_t)i); /* along one sub-stream */
        c1[(int)(u * K)]++;
        double v = ntm_rng_uniform_at(key, (uint64_t)i, 0); /* first value of each draw */
        c2[(int)(v * K)]++;
        char name[32];
        snprintf(name, sizeof name, "iv%ld", i % 100000); /* first value across keys */
        double w =
            ntm_rng_uniform_at(ntm_rng_key(SEED, "cost", name, NULL), (uint64_t)(i / 100000), 0);
        c3[(int)(w * K)]++;
        if (i & 1) /* consecutive pairs: serial independence */
            c4[(int)(prev * K2) * K2 + (int)(u * K2)]++;
        prev = u;
    }
    double x1 = chisq(c1, K, N), x2 = chisq(c2, K, N), x3 = chisq(c3, K, N);
    double x4 = chisq(c4, K2 * K2, N / 2);
    print_message("chi-square: %.1f %.1f %.1f (bound %.1f), pairs %.1f (bound %.1f)\n", x1, x2, x3,
                  bound, x4, bound2);
    assert_true(x1 < bound && x2 < bound && x3 < bound);
    assert_true(x4 < bound2);
    /* and not suspiciously good: the lower quantile at the same level */
    double low = gsl_cdf_chisq_Pinv(CHISQ_ALPHA, K - 1);
    assert_true(x1 > low && x2 > low && x3 > low);
}

/* The ziggurat normal against the normal law itself: 2.10^6 draws binned into 200 cells
 * of equal probability (edges from GSL's quantile, an independent implementation), the
 * tail beyond the base layer's edge r (P = 2 Phi(-r), the ziggurat's own slow path) and
 * the first four moments within 6 standard errors (var of the sample mean 1/n, of the
 * variance 2/n, of the third moment 15/n, of the fourth 96/n). */
static void ziggurat_normal(void **state)
{
    (void)state;
    enum { K = 200, N = 2000000 };
    double edge[K - 1];
    for (int k = 1; k < K; k++)
        edge[k - 1] = gsl_cdf_ugaussian_Pinv((double)k / K);
    static long cnt[K];
    memset(cnt, 0, sizeof cnt);
    double r = 3.65415288536100879635, m[5] = {0};
    long tail = 0;
    uint64_t key = ntm_rng_key(SEED, "test", "ziggurat", NULL);
    for (long n = 0; n < N; n++) {
        uint64_t sub = ntm_rng_substream(key, (uint64_t)(n / 50));
        double z = ntm_rng_normal(sub, (uint64_t)(n % 50));
        assert_true(isfinite(z));
        int lo = 0, hi = K - 1; /* the cell: first edge above z */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (z < edge[mid])
                hi = mid;
            else
                lo = mid + 1;
        }
        cnt[lo]++;
        tail += fabs(z) > r;
        double p = 1;
        for (int j = 1; j <= 4; j++)
            m[j] += (p *= z);
    }
    double x = chisq(cnt, K, N);
    double bound = gsl_cdf_chisq_Qinv(CHISQ_ALPHA, K - 1);
    double low = gsl_cdf_chisq_Pinv(CHISQ_ALPHA, K - 1);
    double pt = 2 * gsl_cdf_ugaussian_Q(r), et = pt * N, sdt = sqrt(N * pt * (1 - pt));
    print_message("ziggurat: chi-square %.1f (bounds %.1f, %.1f); tail %ld (expected %.1f)\n", x,
                  low, bound, tail, et);
    assert_true(x < bound && x > low);
    assert_true(fabs((double)tail - et) < 6 * sdt);
    double mean = m[1] / N, var = m[2] / N, m3 = m[3] / N, m4 = m[4] / N;
    assert_true(fabs(mean) < 6 / sqrt(N));
    assert_true(fabs(var - 1) < 6 * sqrt(2.0 / N));
    assert_true(fabs(m3) < 6 * sqrt(15.0 / N));
    assert_true(fabs(m4 - 3) < 6 * sqrt(96.0 / N));
}

/* Normal I of a sub-stream is a function of (SUB, I) alone: the same in any order, and
 * the layer table is the documented one (x_1 = r, x_256 = 0, equal layer areas). */
static void ziggurat_addressable(void **state)
{
    (void)state;
    uint64_t sub = ntm_rng_substream(ntm_rng_key(SEED, "test", "zig-order", NULL), 7);
    double fwd[1000];
    for (int i = 0; i < 1000; i++)
        fwd[i] = ntm_rng_normal(sub, (uint64_t)i);
    for (int i = 999; i >= 0; i--)
        assert_true(memcmp(&fwd[i], &(double){ntm_rng_normal(sub, (uint64_t)i)}, 8) == 0);
    assert_true(ntm_rng_zig_x[1] == 3.65415288536100879635 && ntm_rng_zig_x[256] == 0);
    double v = ntm_rng_zig_x[1] * exp(-0.5 * ntm_rng_zig_x[1] * ntm_rng_zig_x[1]) +
               sqrt(M_PI / 2) * erfc(ntm_rng_zig_x[1] / sqrt(2.0));
    for (int i = 1; i < 256; i++) { /* layer i: width x_i, height f(x_{i+1}) - f(x_i) */
        double area = ntm_rng_zig_x[i] * (ntm_rng_zig_f[i + 1] - ntm_rng_zig_f[i]);
        assert_true(fabs(area - v) < 1e-12);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash_vectors),    cmocka_unit_test(keys_distinct),
        cmocka_unit_test(draw_order_free), cmocka_unit_test(gsl_wrapper),
        cmocka_unit_test(trend_variates),  cmocka_unit_test(uniformity),
        cmocka_unit_test(fill_as_calls),   cmocka_unit_test(normal_quantile),
        cmocka_unit_test(ziggurat_normal), cmocka_unit_test(ziggurat_addressable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
