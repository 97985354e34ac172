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

#include "engine/trend.h"
#include "io/number.h"

#define MAXS 1000
#define MAXN 64
#define H 6

typedef struct m3 {
    char id[16];
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

/* The population prior for series I on the log scale, from the OTHER series' training
 * data only (never a holdout): per series j, b_j = the mean and v_j = the variance of its
 * yearly log differences; slope = mean of b_j, slope_sd = SD of b_j, sigma^2 = mean of v_j,
 * nu = POP_NU. The M3 analogue of a catalog prior taken from regional series. */
#define POP_NU 2.0 /* the weight of the sigma guess in observations, as in the catalog */

typedef struct pop {
    double sb, sbb, sv; /* sums over series of b_j, b_j^2, v_j */
    double b[MAXS], v[MAXS];
    size_t k;
} pop;

static void pop_init(pop *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < n_series; i++) {
        const m3 *s = &series[i];
        double m = 0, v = 0;
        size_t nd = s->n - 1;
        for (size_t t = 1; t < s->n; t++)
            m += log(s->y[t] / s->y[t - 1]);
        m /= (double)nd;
        for (size_t t = 1; t < s->n; t++) {
            double d = log(s->y[t] / s->y[t - 1]) - m;
            v += d * d;
        }
        v /= (double)(nd - 1);
        p->b[i] = m;
        p->v[i] = v;
        p->sb += m;
        p->sbb += m * m;
        p->sv += v;
        p->k++;
    }
}

static ntm_prior pop_prior(const pop *p, size_t i)
{
    double k = (double)p->k - 1, sb = p->sb - p->b[i], sbb = p->sbb - p->b[i] * p->b[i];
    double mean = sb / k, var = (sbb - k * mean * mean) / (k - 1);
    return (ntm_prior){.slope = mean,
                       .slope_sd = sqrt(var),
                       .sigma = sqrt((p->sv - p->v[i]) / k),
                       .nu = POP_NU,
                       .ceiling = NAN,
                       .source = "M3 yearly, other series' training data"};
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define N_METHODS 5

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fprintf(stderr, "usage: m3_eval DIR (with train.csv and test.csv)\n");
        return 2;
    }
    if (read_file(argv[1], "train.csv", 0) || read_file(argv[1], "test.csv", 1))
        return 1;
    static pop pp;
    pop_init(&pp);
    /* auto (no prior), auto with the population prior, drift and logdrift alone, naive */
    static const char *const nm[N_METHODS] = {"auto", "auto+pop", "drift", "logdrift", "naive"};
    static const ntm_model mdl[N_METHODS] = {NTM_MODEL_AUTO, NTM_MODEL_AUTO, NTM_MODEL_DRIFT,
                                             NTM_MODEL_LOGDRIFT, NTM_MODEL_AUTO};
    static const size_t cuts[] = {3, 5, 8, 0};
    printf("M3 yearly, %zu series, h = 1..%d; auto+pop: auto with a prior (prior_model "
           "logdrift, nu = %g) from the other series' training data\n",
           n_series, H, POP_NU);
    printf("%-6s %-9s %8s %7s %7s %7s\n", "cut", "method", "sMAPE", "in80", "in95", "failed");
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        score sc[N_METHODS] = {{0}};
        for (size_t i = 0; i < n_series; i++) {
            const m3 *s = &series[i];
            size_t n = cuts[c] && cuts[c] < s->n ? cuts[c] : s->n;
            const double *y = s->y + (s->n - n);
            ntm_prior pr = pop_prior(&pp, i);
            for (size_t k = 0; k < N_METHODS; k++) {
                double f[H][5];
                if (k == N_METHODS - 1) {
                    naive(y, n, f);
                    add(&sc[k], s->test, f);
                    continue;
                }
                ntm_trend_spec sp;
                ntm_trend_spec_init(&sp);
                sp.model = mdl[k];
                sp.nonnegative = 1;
                if (k == 1) {
                    sp.prior = &pr;
                    sp.prior_model = NTM_MODEL_LOGDRIFT;
                }
                if (trend(&sp, y, n, f) != 0) {
                    sc[k].failed++;
                    naive(y, n, f); /* scored as naive so the table covers every series */
                }
                add(&sc[k], s->test, f);
            }
        }
        char cut[16];
        snprintf(cut, sizeof cut, cuts[c] ? "last%zu" : "all", cuts[c]);
        for (size_t k = 0; k < N_METHODS; k++)
            printf("%-6s %-9s %8.2f %7.3f %7.3f %7zu\n", cut, nm[k],
                   sc[k].smape / (double)sc[k].count, sc[k].in80 / (H * (double)sc[k].count),
                   sc[k].in95 / (H * (double)sc[k].count), sc[k].failed);
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
