/* sim_bench.c: throughput of the Monte Carlo simulator on a generated province.
 *
 * A province of C communes (default 600) x 57 indicators (19 criteria of 3), simulated
 * for D draws (default 10 000) from 2024 to the third year (2026). Per commune:
 * 12 rates with a fitted trend (6 linear, 6 loglinear; the poverty rate gets the shared
 * economy shock and a program, the insurance rate a recurring program), 45 binary
 * indicators of which 36 are met with a 2% yearly maintenance risk (--risk-permille) and 9
 * unmet (6 with a project, 3 with an effort). Shared price, delay and economy factors are on.
 * Quantiles are kept for the poverty rate of every commune.
 *
 * Reports indicator-draw-years per second single-threaded and on all cores (and checks
 * the two runs agree byte for byte, quantiles included), the time the random numbers
 * alone take (the same counts of uniforms and normal inversions as the run consumes,
 * and the trend draws' own share), which indicators needed no draws, and peak memory.
 * The machine may be shared: --repeat N keeps the fastest of N runs of each.
 *
 * Usage: sim_bench [--communes N] [--draws N] [--threads N] [--repeat N] [--risk-permille N]
 * (--risk-permille 0: the 36 met binaries cannot slip, need no draws and are skipped). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "engine/rng.h"
#include "engine/sim.h"
#include "engine/trend.h"
#include "io/number.h"

#define PER_UNIT 57
#define N_RATES 12
#define N_CRIT 19
#define START 2024
#define HORIZON 2026
#define NY (HORIZON - START + 1)
#define N_PROJ 6
#define N_EFFORT 3

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void print_machine(int argc, char **argv)
{
    char model[256] = "unknown";
    FILE *fp = fopen("/proc/cpuinfo", "r");
    if (fp) {
        char line[512];
        while (fgets(line, sizeof line, fp))
            if (strncmp(line, "model name", 10) == 0) {
                const char *c = strchr(line, ':');
                if (c) {
                    c += c[1] == ' ' ? 2 : 1;
                    size_t n = strcspn(c, "\n");
                    if (n >= sizeof model)
                        n = sizeof model - 1;
                    memcpy(model, c, n);
                    model[n] = '\0';
                }
                break;
            }
        fclose(fp);
    }
    printf("machine: %ld cores (nproc), %s\ncommand:", sysconf(_SC_NPROCESSORS_ONLN), model);
    for (int i = 0; i < argc; i++)
        printf(" %s", argv[i]);
    printf("\n");
}

static long arg_long(int argc, char **argv, const char *name, long min, long dflt)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0) {
            long v;
            const char *why;
            if (ntm_parse_long(argv[i + 1], NTM_NUM_EN, min, 100000000, &v, &why) != NTM_OK) {
                fprintf(stderr, "sim_bench: %s '%s': %s\n", name, argv[i + 1], why);
                exit(2);
            }
            return v;
        }
    return dflt;
}

/* The generated province: everything the input points into. */
typedef struct province {
    size_t nc;
    char **names;
    char codes[PER_UNIT][8];
    char crit_codes[N_CRIT][8];
    ntm_sim_indicator *ind;
    ntm_sim_criterion *crit;
    size_t *lists;
    ntm_trend_fit **fits;
    ntm_intervention *ivp;
    char **iv_names;
    ntm_sim_iv *iv;
    size_t n_iv;
    double spend[NY];
    double spend_project[NY];
} province;

static int make_province(province *pv, size_t nc, double risk)
{
    memset(pv, 0, sizeof *pv);
    pv->nc = nc;
    size_t ni = nc * PER_UNIT, nivmax = nc * (2 + N_PROJ + N_EFFORT);
    pv->names = calloc(nc, sizeof(char *));
    pv->ind = calloc(ni, sizeof *pv->ind);
    pv->crit = calloc(nc * N_CRIT, sizeof *pv->crit);
    pv->lists = calloc(ni, sizeof(size_t));
    pv->fits = calloc(nc * N_RATES, sizeof(ntm_trend_fit *));
    pv->ivp = calloc(nivmax, sizeof *pv->ivp);
    pv->iv_names = calloc(nivmax, sizeof(char *));
    pv->iv = calloc(nivmax, sizeof *pv->iv);
    if (!pv->names || !pv->ind || !pv->crit || !pv->lists || !pv->fits || !pv->ivp ||
        !pv->iv_names || !pv->iv)
        return -1;
    for (int k = 0; k < PER_UNIT; k++)
        snprintf(pv->codes[k], sizeof pv->codes[k], "%d.%d", k / 3 + 1, k % 3 + 1);
    for (int c = 0; c < N_CRIT; c++)
        snprintf(pv->crit_codes[c], sizeof pv->crit_codes[c], "%d", c + 1);
    for (int y = 0; y < NY; y++) {
        pv->spend[y] = 4e8;
        pv->spend_project[y] = y == 0 ? 6e8 : 3e8;
    }
    double t[5];
    for (int k = 0; k < 5; k++)
        t[k] = ntm_sim_year_end(2019 + k);
    uint64_t gk = ntm_rng_key(7, "bench", "series", NULL);
    for (size_t u = 0; u < nc; u++) {
        char buf[32];
        snprintf(buf, sizeof buf, "Xã %zu", u + 1);
        pv->names[u] = strdup(buf);
        if (!pv->names[u])
            return -1;
        uint64_t sub = ntm_rng_substream(gk, u);
        for (int k = 0; k < PER_UNIT; k++) {
            ntm_sim_indicator *x = &pv->ind[u * PER_UNIT + k];
            x->unit = u;
            x->code = pv->codes[k];
            x->lower = x->upper = x->value = x->risk = x->population = NAN;
            if (k < N_RATES) {
                /* k = 0: poverty (falling, MAX 6,5); others rising coverage rates (MIN) */
                double y[5];
                int poverty = k == 0;
                double level = poverty ? 8 + 6 * ntm_rng_uniform(sub, (uint64_t)k)
                                       : 70 + 20 * ntm_rng_uniform(sub, (uint64_t)k);
                double slope = poverty ? -0.9 : 1.5;
                for (int j = 0; j < 5; j++)
                    y[j] = level + slope * (j - 4) +
                           0.6 * gsl_cdf_ugaussian_Pinv(
                                     ntm_rng_uniform(sub, 100 + 5 * (uint64_t)k + (uint64_t)j));
                ntm_trend_spec sp;
                ntm_trend_spec_init(&sp);
                sp.model = k % 2 ? NTM_MODEL_LINEAR : NTM_MODEL_LOGLINEAR;
                sp.is_rate = 1;
                ntm_error err;
                if (ntm_trend_fit_new(&pv->fits[u * N_RATES + k], &sp, t, y, NULL, 5, &err) !=
                    NTM_OK) {
                    fprintf(stderr, "sim_bench: fit: %s\n", err.msg);
                    return -1;
                }
                x->fit = pv->fits[u * N_RATES + k];
                x->kind = NTM_KIND_RATE;
                x->direction = poverty ? NTM_DIR_MAX : NTM_DIR_MIN;
                if (poverty)
                    x->upper = 6.5;
                else
                    x->lower = 85;
                x->value = y[4];
                x->met = poverty ? y[4] <= 6.5 : y[4] >= 85;
                x->population = poverty ? 1800 : 6000;
                x->economy = poverty;
                x->quantiles = poverty;
            } else {
                x->kind = NTM_KIND_BINARY;
                x->direction = NTM_DIR_YES;
                x->met = k < N_RATES + 36;
                x->risk = x->met ? risk : NAN;
            }
        }
        for (int c = 0; c < N_CRIT; c++) {
            ntm_sim_criterion *cr = &pv->crit[u * N_CRIT + c];
            size_t *l = pv->lists + u * PER_UNIT + (size_t)c * 3;
            for (int j = 0; j < 3; j++)
                l[j] = u * PER_UNIT + (size_t)c * 3 + (size_t)j;
            *cr = (ntm_sim_criterion){u, pv->crit_codes[c], l, 3, 0, NAN};
        }
        /* interventions: poverty program, insurance premium support, projects, efforts */
        for (int j = 0; j < 2 + N_PROJ + N_EFFORT; j++) {
            size_t k = pv->n_iv++;
            ntm_intervention *p = &pv->ivp[k];
            memset(p, 0, sizeof *p);
            p->unit_cost = p->unit_cost_sigma = p->efficacy = p->lag = p->decay = NAN;
            p->population = p->cost = p->contingency = p->overrun_sigma = NAN;
            p->duration = p->delay_prob = p->value_when_done = NAN;
            p->done = p->total = p->rate = p->rate_sd = NAN;
            snprintf(buf, sizeof buf, "iv %zu-%d", u + 1, j);
            pv->iv_names[k] = strdup(buf);
            if (!pv->iv_names[k])
                return -1;
            p->name = pv->iv_names[k];
            size_t target;
            const double *spend = pv->spend;
            if (j == 0) {
                p->type = NTM_IV_PROGRAM;
                p->unit_cost = 20e6;
                p->unit_cost_sigma = 0.3;
                p->efficacy = 0.6;
                p->decay = 0.1;
                target = 0;
            } else if (j == 1) {
                p->type = NTM_IV_RECURRING;
                p->unit_cost = 1263600;
                p->efficacy = 0.9;
                target = 1;
            } else if (j < 2 + N_PROJ) {
                p->type = NTM_IV_PROJECT;
                p->cost = 7e8;
                p->contingency = 0.1;
                p->overrun_sigma = 0.2;
                p->duration = 1;
                p->delay_prob = 0.15;
                target = (size_t)(N_RATES + 36 + (j - 2));
                spend = pv->spend_project;
            } else {
                p->type = NTM_IV_EFFORT;
                p->done = 417;
                p->total = 910;
                p->rate = 250;
                p->rate_sd = 80;
                target = (size_t)(N_RATES + 36 + N_PROJ + (j - 2 - N_PROJ));
                spend = NULL;
            }
            pv->iv[k] = (ntm_sim_iv){p, u * PER_UNIT + target, spend, NULL, NAN};
        }
    }
    return 0;
}

static void free_province(province *pv)
{
    for (size_t u = 0; u < pv->nc; u++)
        free(pv->names ? pv->names[u] : NULL);
    if (pv->fits)
        for (size_t i = 0; i < pv->nc * N_RATES; i++)
            ntm_trend_fit_free(pv->fits[i]);
    for (size_t k = 0; k < pv->n_iv; k++)
        free(pv->iv_names[k]);
    free(pv->names);
    free(pv->ind);
    free(pv->crit);
    free(pv->lists);
    free(pv->fits);
    free(pv->ivp);
    free(pv->iv_names);
    free(pv->iv);
}

/* Runs the province on THREADS (the fastest of REPEAT runs); returns seconds (SUMMARY:
 * of which ntm_sim_results) and copies P(met) of every indicator and the standard, and
 * every quantile, into OUT. *SKIPPED: indicators that needed no draws. */
static double run(const province *pv, long draws, int threads, int repeat, double *out,
                  double *summary, size_t *skipped)
{
    ntm_sim_input in;
    memset(&in, 0, sizeof in);
    in.seed = 20240611;
    in.start_year = START;
    in.horizon = HORIZON;
    in.deadline = HORIZON;
    in.draws = draws;
    in.threads = threads;
    in.shared = (ntm_shared_factors){0.15, 0.1, 0.4};
    in.unit_names = (const char *const *)pv->names;
    in.n_units = pv->nc;
    in.ind = pv->ind;
    in.n_ind = pv->nc * PER_UNIT;
    in.crit = pv->crit;
    in.n_crit = pv->nc * N_CRIT;
    in.iv = pv->iv;
    in.n_iv = pv->n_iv;
    double best = INFINITY;
    for (int rep = 0; rep < repeat; rep++) {
        double t0 = now();
        ntm_sim *sim;
        ntm_error err;
        if (ntm_sim_new(&sim, &in, &err) != NTM_OK) {
            fprintf(stderr, "sim_bench: %s\n", err.msg);
            exit(1);
        }
        while (ntm_sim_step(sim, 1000) > 0)
            ;
        double ts = now();
        const ntm_sim_summary *r = ntm_sim_results(sim);
        double t1 = now();
        if (t1 - t0 < best) {
            best = t1 - t0;
            *summary = t1 - ts;
        }
        double *o = out;
        *skipped = 0;
        for (size_t i = 0; i < r->n_ind; i++) {
            memcpy(o, r->ind[i].p_met, NY * sizeof(double));
            o += NY;
            if (r->ind[i].quant) {
                memcpy(o, r->ind[i].quant, NY * NTM_SIM_NQ * sizeof(double));
                o += NY * NTM_SIM_NQ;
            }
            *skipped += r->ind[i].skipped != 0;
        }
        for (size_t u = 0; u < r->n_units; u++) {
            memcpy(o, r->unit[u].p_met, NY * sizeof(double));
            o += NY;
        }
        ntm_sim_free(sim);
    }
    return best;
}

/* Seconds for the random numbers one run of DRAWS consumes, single-threaded (see main). */
static void time_random(const province *pv, size_t nc, long draws, double risk)
{
    /* Counts per draw and commune: 12 trends x (5 + NY) uniforms, of which 2 + NY are
     * inverted to normals (linear and loglinear: slope, level, one noise a year) and one
     * seeds the chi-square; 36 risks x NY uniforms (fewer once an indicator slips: an
     * upper bound; none without risk); the program's unit cost (1 normal); 6 projects x 2 (overrun
     * normal, delay uniform); 3 efforts x NY normals. Shared: 3 x NY per draw (2 NY normals). */
    double per_unit_u =
        N_RATES * (5.0 + NY) + (risk > 0 ? 36.0 * NY : 0) + 1 + N_PROJ * 2.0 + N_EFFORT * NY;
    double per_unit_n = N_RATES * (2.0 + NY) + 1 + N_PROJ + N_EFFORT * NY;
    double n_u = (per_unit_u * (double)nc + 3.0 * NY) * (double)draws;
    double n_norm = (per_unit_n * (double)nc + 2.0 * NY) * (double)draws;
    uint64_t key = ntm_rng_key(1, "bench", "uniforms", NULL);
    double sink = 0, r0 = now();
    for (double i = 0; i < n_u; i += 1)
        sink += ntm_rng_uniform(key, (uint64_t)i);
    double t_u = now() - r0;
    /* inversions on a sample (the uniforms' own time taken off), ours and GSL's */
    long sample = 20000000;
    r0 = now();
    for (long i = 0; i < sample; i++)
        sink += ntm_rng_normal_inv(ntm_rng_uniform(key, (uint64_t)i));
    double t_inv = now() - r0;
    r0 = now();
    for (long i = 0; i < sample; i++)
        sink += gsl_cdf_ugaussian_Pinv(ntm_rng_uniform(key, (uint64_t)i));
    double t_gsl = now() - r0;
    r0 = now();
    for (long i = 0; i < sample; i++)
        sink += ntm_rng_normal(key, (uint64_t)i); /* the ziggurat reads its own words */
    double t_zig = now() - r0;
    r0 = now();
    for (long i = 0; i < sample; i++)
        sink += ntm_rng_uniform(key, (uint64_t)i);
    double t_us = now() - r0;
    double per_inv = (t_inv - t_us) / (double)sample, per_gsl = (t_gsl - t_us) / (double)sample;
    double per_zig = t_zig / (double)sample;
    /* the trend draws as a whole (uniforms, normals, the chi-square's gamma sampler, the
     * back-transform), as the simulation makes them */
    gsl_rng *r = ntm_rng_new();
    if (!r)
        exit(1);
    double times[NY], y[NY];
    for (int k = 0; k < NY; k++)
        times[k] = ntm_sim_year_end(START + k);
    long tdraws = draws < 1000 ? draws : 1000;
    r0 = now();
    for (long d = 0; d < tdraws; d++)
        for (size_t i = 0; i < nc * N_RATES; i++) {
            ntm_rng_at(r, key + i, (uint64_t)d);
            ntm_trend_draw(pv->fits[i], r, times, NY, y);
            sink += y[0];
        }
    double t_trend = (now() - r0) / (double)tdraws * (double)draws;
    ntm_rng_free(r);
    printf("random numbers alone (1 thread): %.3g uniforms %.2f s; %.3g normal inversions "
           "%.2f s (%.1f ns each; GSL's gsl_cdf_ugaussian_Pinv: %.1f ns, %.2f s)\n",
           n_u, t_u, n_norm, per_inv * n_norm, per_inv * 1e9, per_gsl * 1e9, per_gsl * n_norm);
    printf("the same normals by the ziggurat (ntm_rng_normal, bits included): %.1f ns each, "
           "%.2f s; inversion with its uniform: %.1f ns (%.1fx)\n",
           per_zig * 1e9, per_zig * n_norm, (per_inv + t_us / (double)sample) * 1e9,
           (per_inv + t_us / (double)sample) / per_zig);
    printf("trend draws alone (1 thread): %.3g ntm_trend_draw calls %.2f s (%.0f ns each: "
           "their uniforms, normals and chi-square included) (checksum %.6g)\n",
           (double)(nc * N_RATES) * (double)draws, t_trend,
           t_trend / ((double)(nc * N_RATES) * (double)draws) * 1e9, sink);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    size_t nc = (size_t)arg_long(argc, argv, "--communes", 1, 600);
    long draws = arg_long(argc, argv, "--draws", 1, 10000);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = (int)arg_long(argc, argv, "--threads", 1, cores > 0 ? cores : 1);
    int repeat = (int)arg_long(argc, argv, "--repeat", 1, 1);
    /* the met binaries' yearly risk in per mille (default 20: 2%); 0 makes them need no
     * draws, to show what skipping them saves */
    double risk = (double)arg_long(argc, argv, "--risk-permille", 0, 20) / 1000;
    print_machine(argc, argv);

    double t0 = now();
    province pv;
    if (make_province(&pv, nc, risk) != 0) {
        fprintf(stderr, "sim_bench: cannot build the province\n");
        return 1;
    }
    double t_setup = now() - t0;
    size_t n_ind = nc * PER_UNIT;
    double idy = (double)n_ind * (double)draws * NY;
    printf("province: %zu communes x %d indicators = %zu, %ld draws, %d years: %.3g "
           "indicator-draw-years (setup incl. %zu trend fits: %.2f s)\n",
           nc, PER_UNIT, n_ind, draws, NY, idy, nc * N_RATES, t_setup);

    size_t nres = (n_ind + nc * NTM_SIM_NQ + nc) * NY;
    double *a = malloc(nres * sizeof(double)), *b = malloc(nres * sizeof(double));
    if (!a || !b)
        return 1;
    double s1, sn;
    size_t skipped;
    double t1 = run(&pv, draws, 1, repeat, a, &s1, &skipped);
    printf("1 thread:   %8.2f s  %.3g indicator-draw-years/s (summary %.2f s)\n", t1, idy / t1, s1);
    double tn = run(&pv, draws, threads, repeat, b, &sn, &skipped);
    printf("%d threads: %8.2f s  %.3g indicator-draw-years/s (speed-up %.2f; summary %.2f s)\n",
           threads, tn, idy / tn, t1 / tn, sn);
    printf("results identical across thread counts: %s\n",
           memcmp(a, b, nres * sizeof(double)) == 0 ? "yes" : "NO");
    printf("indicators needing no draws (skipped): %zu of %zu\n", skipped, n_ind);
    time_random(&pv, nc, draws, risk);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory: %.1f MB (max resident set size)\n", (double)ru.ru_maxrss / 1024.0);
    free(a);
    free(b);
    free_province(&pv);
    return 0;
}
