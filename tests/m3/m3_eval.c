/* m3_eval.c: the trend engine on the M3 competition's 645 yearly series (Makridakis &
 * Hibon 2000), against the naive forecast. Usage: m3_eval DIR, where DIR holds train.csv
 * (series_id, n, h, values...) and test.csv (series_id, h, values...).
 *
 * For each series, cut to its last 3, 5 and 8 observations and uncut, both methods
 * forecast h = 1..6 and we report sMAPE of the median (mean over h of
 * 200 |F - A| / (|A| + |F|), then over series) and the share of holdout values inside
 * the 80% and 95% intervals. Naive: the last value, intervals from the random walk
 * y_n + z sqrt(h) s with s^2 the mean squared first difference (R forecast::naive).
 * Then the speed: fits per second for 10 000 series of 5 points (auto). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "engine/pooled_tune.h"
#include "engine/trend.h"
#include "io/number.h"

#define MAXS 1000
#define MAXN 64
#define H 6

typedef struct m3 {
    char id[16];
    char cat[16]; /* M3 category (meta.csv) */
    size_t n;
    double y[MAXN], test[H];
} m3;

static m3 series[MAXS];
static size_t n_series;

/* Splits LINE at commas into at most MAX fields; returns the count. */
static size_t split(char *line, char **f, size_t max)
{
    size_t k = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; k < max;) {
        f[k++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    return k;
}

static int read_file(const char *dir, const char *name, int is_test)
{
    char path[1024], line[8192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "m3_eval: cannot open '%s'\n", path);
        return -1;
    }
    long lineno = 0;
    while (fgets(line, sizeof line, fp)) {
        char *f[MAXN + 8];
        lineno++;
        if (lineno == 1)
            continue;
        size_t k = split(line, f, MAXN + 8);
        size_t first = is_test ? 2 : 3;
        if (k <= first)
            continue;
        m3 *s = NULL;
        if (!is_test) {
            if (n_series == MAXS)
                break;
            s = &series[n_series++];
            snprintf(s->id, sizeof s->id, "%s", f[0]);
            s->n = 0;
        } else {
            for (size_t i = 0; i < n_series; i++)
                if (strcmp(series[i].id, f[0]) == 0)
                    s = &series[i];
            if (!s)
                continue;
        }
        for (size_t i = first; i < k; i++) {
            double v;
            const char *why;
            if (ntm_parse_double(f[i], NTM_NUM_EN, &v, &why) != NTM_OK) {
                fprintf(stderr, "m3_eval: %s:%ld: field %zu: %s\n", path, lineno, i + 1, why);
                fclose(fp);
                return -1;
            }
            if (is_test) {
                if (i - first < H)
                    s->test[i - first] = v;
            } else if (s->n < MAXN)
                s->y[s->n++] = v;
        }
    }
    fclose(fp);
    return 0;
}

typedef struct score {
    double smape, in80, in95;
    size_t count, failed;
} score;

static void add(score *sc, const double *a, const double f[H][5])
{
    double sm = 0;
    for (size_t h = 0; h < H; h++) {
        sm += 200 * fabs(f[h][0] - a[h]) / (fabs(a[h]) + fabs(f[h][0]));
        sc->in80 += a[h] >= f[h][1] && a[h] <= f[h][2];
        sc->in95 += a[h] >= f[h][3] && a[h] <= f[h][4];
    }
    sc->smape += sm / H;
    sc->count++;
}

static void naive(const double *y, size_t n, double f[H][5])
{
    double s2 = 0;
    for (size_t i = 1; i < n; i++)
        s2 += (y[i] - y[i - 1]) * (y[i] - y[i - 1]);
    s2 /= (double)(n - 1);
    double z80 = gsl_cdf_ugaussian_Pinv(0.9), z95 = gsl_cdf_ugaussian_Pinv(0.975);
    for (size_t h = 0; h < H; h++) {
        double sd = sqrt(s2 * (double)(h + 1)), yl = y[n - 1];
        f[h][0] = yl;
        f[h][1] = yl - z80 * sd;
        f[h][2] = yl + z80 * sd;
        f[h][3] = yl - z95 * sd;
        f[h][4] = yl + z95 * sd;
    }
}

/* ---- probabilities: P(y above a threshold h years ahead) ------------------------------ */

#define N_THR 4
#define N_PM 3 /* auto, naive, on-track rule */
#define N_BINS 10
static const double thr_mult[N_THR] = {0.75, 0.9, 1.1, 1.25};

typedef struct brier {
    double sum, count;
    double bin_n[N_BINS], bin_p[N_BINS], bin_o[N_BINS];
} brier;

static void brier_add(brier *b, double p, int event)
{
    b->sum += (p - event) * (p - event);
    b->count++;
    int k = (int)(p * N_BINS);
    k = k < 0 ? 0 : k >= N_BINS ? N_BINS - 1 : k;
    b->bin_n[k]++;
    b->bin_p[k] += p;
    b->bin_o[k] += event;
}

/* The Open SDG on-track rule (sdg-build's progress measure, methodology 2): progress =
 * the observed compound annual growth rate since the base year (the cut's first point)
 * divided by the rate required from the base year to reach the threshold by the target
 * year; "on track" (predicted 1) when already at or above the threshold or progress
 * >= 0,95; else 0. */
static double on_track(const double *y, size_t n, double thr, size_t h)
{
    if (y[n - 1] >= thr)
        return 1;
    double years = (double)(n - 1);
    double obs = pow(y[n - 1] / y[0], 1.0 / years) - 1;
    double req = pow(thr / y[0], 1.0 / (years + (double)h)) - 1;
    return req > 0 && obs / req >= 0.95 ? 1 : 0;
}

/* P(above) for every horizon and threshold of series Y (N points), by the three methods,
 * scored against the holdout A. */
static int probs_add(const ntm_trend_spec *sp, const double *y, size_t n, const double *a,
                     brier b[N_PM])
{
    double t[MAXN];
    for (size_t i = 0; i < n; i++)
        t[i] = (double)(i + 1);
    ntm_trend_fit *fit;
    if (ntm_trend_fit_new(&fit, sp, t, y, NULL, n, NULL) != NTM_OK)
        return -1;
    double s2 = 0;
    for (size_t i = 1; i < n; i++)
        s2 += (y[i] - y[i - 1]) * (y[i] - y[i - 1]);
    s2 /= (double)(n - 1);
    for (size_t h = 0; h < H; h++)
        for (int k = 0; k < N_THR; k++) {
            double thr = thr_mult[k] * y[n - 1], below;
            int event = a[h] > thr;
            if (ntm_trend_prob_below(fit, (double)(n + h + 1), thr, &below) != NTM_OK)
                below = 0.5;
            brier_add(&b[0], 1 - below, event);
            double sd = sqrt(s2 * (double)(h + 1));
            brier_add(&b[1],
                      sd > 0 ? 1 - gsl_cdf_ugaussian_P((thr - y[n - 1]) / sd) : thr < y[n - 1],
                      event);
            brier_add(&b[2], on_track(y, n, thr, h + 1), event);
        }
    ntm_trend_fit_free(fit);
    return 0;
}

static void brier_print(const char *cut, brier b[N_PM])
{
    static const char *const nm[N_PM] = {"auto", "naive", "on-track"};
    printf("%-6s P(above last value x 0.75, 0.9, 1.1, 1.25 at h = 1..6): Brier", cut);
    for (int m = 0; m < N_PM; m++)
        printf("  %s %.4f", nm[m], b[m].sum / b[m].count);
    printf("\n%-6s reliability (predicted bin: n, mean predicted, observed share)\n", cut);
    for (int k = 0; k < N_BINS; k++) {
        printf("%-6s   %3d-%3d%%", cut, 10 * k, 10 * k + 10);
        for (int m = 0; m < N_PM; m++)
            if (b[m].bin_n[k] > 0)
                printf("  %-8s %5.0f %.3f %.3f", nm[m], b[m].bin_n[k],
                       b[m].bin_p[k] / b[m].bin_n[k], b[m].bin_o[k] / b[m].bin_n[k]);
            else
                printf("  %-8s %5s %5s %5s", nm[m], "0", "-", "-");
        putchar('\n');
    }
}

static int trend(const ntm_trend_spec *sp, const double *y, size_t n, double f[H][5])
{
    double t[MAXN];
    for (size_t i = 0; i < n; i++)
        t[i] = (double)(i + 1);
    ntm_trend_fit *fit;
    ntm_error err;
    if (ntm_trend_fit_new(&fit, sp, t, y, NULL, n, &err) != NTM_OK)
        return -1;
    double times[H];
    ntm_trend_forecast fc[H];
    for (size_t h = 0; h < H; h++)
        times[h] = (double)(n + h + 1);
    if (ntm_trend_forecast_many(fit, times, H, fc) != NTM_OK) {
        ntm_trend_fit_free(fit);
        return -1;
    }
    for (size_t h = 0; h < H; h++) {
        f[h][0] = fc[h].median;
        f[h][1] = fc[h].lo80;
        f[h][2] = fc[h].hi80;
        f[h][3] = fc[h].lo95;
        f[h][4] = fc[h].hi95;
    }
    ntm_trend_fit_free(fit);
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The category of each series from meta.csv (series_id, m3_id, category, ...). */
static int read_meta(const char *dir)
{
    char path[1024], line[8192];
    snprintf(path, sizeof path, "%s/meta.csv", dir);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "m3_eval: cannot open '%s'\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, fp)) {
        char *f[8];
        if (split(line, f, 8) < 3)
            continue;
        for (size_t i = 0; i < n_series; i++)
            if (strcmp(series[i].id, f[0]) == 0)
                snprintf(series[i].cat, sizeof series[i].cat, "%s", f[2]);
    }
    fclose(fp);
    return 0;
}

/* Each series' prior from the other series of the same cut (pooled_tune.h): theta with the
 * series' fold left out, phi, c, lambda tuned on the panel's own past (training data only:
 * the holdout is never read). */
static ntm_status pooled_priors(size_t cut, int by_cat, ntm_pooled_prior *out, double *seconds)
{
    static double tt[MAXS][MAXN], zz[MAXS][MAXN];
    static const double *tp[MAXS], *zp[MAXS];
    static size_t nn[MAXS];
    for (size_t i = 0; i < n_series; i++) {
        const m3 *s = &series[i];
        size_t n = cut && cut < s->n ? cut : s->n;
        for (size_t k = 0; k < n; k++) {
            tt[i][k] = (double)(k + 1);
            zz[i][k] = log(s->y[s->n - n + k]);
        }
        nn[i] = n;
        tp[i] = tt[i];
        zp[i] = zz[i];
    }
    ntm_pooled_panel pn = {n_series, nn, tp, zp};
    ntm_pooled_prior base;
    ntm_pooled_prior_flat(&base, NTM_SCALE_LOG, NAN);
    double t0 = now();
    ntm_status st = ntm_pooled_priors(&pn, &base, 1, out, NULL);
    *seconds = now() - t0;
    if (st != NTM_OK || !by_cat)
        return st;
    /* phi, c, lambda tuned within each category of at least 20 series (theta stays the
     * whole cut's): the M3 analogue of siblings measuring the same kind of thing. */
    for (size_t i = 0; i < n_series; i++) {
        size_t k = 0, first = i;
        for (size_t j = 0; j < i; j++)
            if (strcmp(series[j].cat, series[i].cat) == 0)
                first = j < first ? j : first;
        if (first != i)
            continue;
        static const double *ct[MAXS], *cz[MAXS];
        static size_t cn[MAXS];
        for (size_t j = 0; j < n_series; j++)
            if (strcmp(series[j].cat, series[i].cat) == 0) {
                ct[k] = tp[j];
                cz[k] = zp[j];
                cn[k++] = nn[j];
            }
        if (k < NTM_POOLED_MIN_SIBLINGS)
            continue;
        ntm_pooled_panel cp = {k, cn, ct, cz};
        ntm_pooled_prior p = out[i];
        if (ntm_pooled_tune(&cp, &p, NULL) != NTM_OK)
            return NTM_EINPUT;
        for (size_t j = 0; j < n_series; j++)
            if (strcmp(series[j].cat, series[i].cat) == 0) {
                out[j].phi = p.phi;
                out[j].c = p.c;
                out[j].lambda = p.lambda;
            }
    }
    *seconds = now() - t0;
    return st;
}

#define N_METHODS 4

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fprintf(stderr, "usage: m3_eval DIR (with train.csv and test.csv)\n");
        return 2;
    }
    if (read_file(argv[1], "train.csv", 0) || read_file(argv[1], "test.csv", 1) ||
        read_meta(argv[1]))
        return 1;
    /* auto (the pooled damped drift, siblings = the other series of the same cut), the
     * Akaike mixture, naive */
    static const char *const nm[N_METHODS] = {"auto", "auto/cat", "aicc", "naive"};
    static const size_t cuts[] = {3, 4, 6, 0};
    static ntm_pooled_prior pri[MAXS], prc[MAXS];
    printf("M3 yearly, %zu series, h = 1..%d; auto: the pooled damped drift, each series' "
           "prior from the other series of its cut\n",
           n_series, H);
    printf("%-6s %-9s %8s %7s %7s %7s\n", "cut", "method", "sMAPE", "in80", "in95", "failed");
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        score sc[N_METHODS] = {{0}};
        brier br[N_PM];
        memset(br, 0, sizeof br);
        double secs;
        double secs_cat;
        if (pooled_priors(cuts[c], 0, pri, &secs) != NTM_OK ||
            pooled_priors(cuts[c], 1, prc, &secs_cat) != NTM_OK) {
            fprintf(stderr, "m3_eval: pooling failed\n");
            return 1;
        }
        for (size_t i = 0; i < n_series; i++) {
            const m3 *s = &series[i];
            size_t n = cuts[c] && cuts[c] < s->n ? cuts[c] : s->n;
            const double *y = s->y + (s->n - n);
            for (size_t k = 0; k < N_METHODS; k++) {
                double f[H][5];
                if (k == N_METHODS - 1) {
                    naive(y, n, f);
                    add(&sc[k], s->test, f);
                    continue;
                }
                ntm_trend_spec sp;
                ntm_trend_spec_init(&sp);
                sp.model = k < 2 ? NTM_MODEL_AUTO : NTM_MODEL_AICC;
                sp.nonnegative = 1;
                if (k < 2)
                    sp.pooled = k == 0 ? &pri[i] : &prc[i];
                if (trend(&sp, y, n, f) != 0) {
                    sc[k].failed++;
                    naive(y, n, f); /* scored as naive so the table covers every series */
                }
                add(&sc[k], s->test, f);
                if (k == 0)
                    probs_add(&sp, y, n, s->test, br);
            }
        }
        char cut[16];
        snprintf(cut, sizeof cut, cuts[c] ? "last%zu" : "all", cuts[c]);
        for (size_t k = 0; k < N_METHODS; k++)
            printf("%-6s %-9s %8.2f %7.3f %7.3f %7zu\n", cut, nm[k],
                   sc[k].smape / (double)sc[k].count, sc[k].in80 / (H * (double)sc[k].count),
                   sc[k].in95 / (H * (double)sc[k].count), sc[k].failed);
        printf("%-6s pooling and tuning %.2f s: phi %.2f, c %.2f, lambda %.2f; theta (fold 1) mu "
               "%.4f tau %.4f nu0 %.2f s0 %.4f\n",
               cut, secs, pri[0].phi, pri[0].c, pri[0].lambda, pri[0].mu, pri[0].tau, pri[0].nu0,
               pri[0].s0);
        brier_print(cut, br);
        fflush(stdout);
    }

    /* Speed: 10 000 series of 5 points (M3 series cut to 5, cycled, shifted so each
     * differs), auto, fit only and fit + 6 forecasts (median, mean, 80%, 95%). */
    const size_t reps = 10000;
    double t5[5] = {1, 2, 3, 4, 5};
    ntm_trend_spec au;
    ntm_trend_spec_init(&au);
    au.nonnegative = 1;
    size_t bad = 0;
    double t0 = now();
    for (size_t r = 0; r < reps; r++) {
        const m3 *s = &series[r % n_series];
        double y[5];
        for (size_t i = 0; i < 5; i++)
            y[i] = s->y[s->n - 5 + i] * (1.0 + 1e-3 * (double)(r / n_series));
        ntm_trend_fit *fit;
        if (ntm_trend_fit_new(&fit, &au, t5, y, NULL, 5, NULL) != NTM_OK) {
            bad++;
            continue;
        }
        ntm_trend_fit_free(fit);
    }
    double t1 = now();
    for (size_t r = 0; r < reps; r++) {
        const m3 *s = &series[r % n_series];
        double f[H][5];
        if (trend(&au, s->y + s->n - 5, 5, f) != 0)
            bad++;
    }
    double t2 = now();
    printf("speed: %zu fits of 5 points (auto): %.3f s (%.0f fits/s); with 6 forecasts each "
           "(median, mean, 80%% and 95%%): %.3f s (%.0f fits/s); %zu failed\n",
           reps, t1 - t0, (double)reps / (t1 - t0), t2 - t1, (double)reps / (t2 - t1), bad);
    return 0;
}
