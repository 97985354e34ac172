/* sim.h: the Monte Carlo simulator (DESIGN.md, "The numeric model": Predictive draws,
 * Interventions, Random streams, Reachability). Pure numerics on plain structs: no I/O.
 *
 * The caller (the CLI) prepares a baseline per (unit, indicator) and the interventions
 * with their yearly spending; the simulator then runs draws in steps the caller drives:
 *
 *     ntm_sim *sim;
 *     if (ntm_sim_new(&sim, &input, &err) != NTM_OK) ...
 *     while (!ntm_sim_done(sim)) { ntm_sim_step(sim, 1000); show progress }
 *     const ntm_sim_summary *res = ntm_sim_results(sim);
 *     ntm_sim_free(sim);
 *
 * Time. Years run from start_year to horizon; "year y" is its year-end 31/12/y, at the
 * decimal time y + (days(y) - 0.5) / days(y) (io/date.h's convention), where trend paths
 * are drawn. An intervention's money for year y is spent during y.
 *
 * One draw, for each indicator (in this order, each year):
 *  1. baseline: a joint predictive path of the fit (ntm_trend_draw on the stream
 *     (seed, "trend", unit, code)); without a fit the value (or binary state) stays;
 *  2. shared economy shock (indicators with `economy`): the cumulative sum of yearly
 *     N(0, economy_sigma^2) shocks in percentage points, added in the bad direction's
 *     sign convention of a poverty rate (+ raises the rate);
 *  3. programs on the rate (DESIGN.md): money s of year t acts at the end of year
 *     t + ceil(lag): R = N * (share still in the condition) at that time after the
 *     baseline and earlier effects, reached = R (1 - exp(-s e / (c R))), the value moves
 *     100 reached / N points in the good direction; each program's accumulated effect
 *     shrinks by the factor (1 - decay) every following year. c = median * exp(sigma z),
 *     z ~ N(0,1) once per draw (stream (seed, "cost", name)).
 *     Recurring programs: persons = min(R, e s / c) for the year s is spent (+ lag), no
 *     carry-over (coverage lasts while funded);
 *  4. projects: cost per component C (1 + contingency) / m * overrun_j * price, overrun_j
 *     lognormal (median 1, sigma overrun_sigma; stream (seed, "cost", name), one per
 *     component) and price the draw's shared construction price factor (its first
 *     year's, whatever the spending, so more money never changes a draw's price);
 *     money arrives in the year spent, or the next one when the shared
 *     disbursement delay strikes that year; components are funded in order from the
 *     cumulated money (a shortfall waits for the next years' allocations); component j
 *     is complete at the end of year F_j + ceil(duration) + delay_j, F_j the year it is
 *     fully funded and delay_j = 1 with probability delay_prob (stream (seed, "delay",
 *     name)); when k_required components are complete the indicator is met (or, when
 *     value_when_done is a number, takes that value);
 *  5. effort: done grows each year by max(0, rate + rate_sd z_y) (stream (seed,
 *     "effort", name)); met from the year done >= total (the caller puts in total what the
 *     threshold needs);
 *  6. met: by the value against the threshold when there is a value and a threshold,
 *     otherwise the binary state; indicators without a fit carry a maintenance risk: a
 *     met one slips (and stays unmet) with probability `risk` each year (stream
 *     (seed, "risk", unit, code)) until a project or effort completes again. Fitted
 *     indicators slip through their own predictive spread (risk is not applied).
 * A criterion is met when all its indicators are (or, with no indicators, by its assessed
 * state with its own risk); a unit meets the standard when all its criteria are met
 * (never by an empty set). Shared factors are drawn per year per draw from the streams
 * (seed, "shared", "price" | "delay" | "economy"), so outcomes are joint.
 *
 * Every stream's draw d is its own counter-based sub-stream (engine/rng.h) and each
 * variate has a fixed index in it (year y: index y; component j: index j; a trend path:
 * ntm_trend_draw_variates(n_years) from index 0), whatever branch is taken, so a variate
 * never shifts when another is skipped: common random numbers hold across
 * scenarios and spending levels, and results are byte-identical at any thread count
 * (threads only fill integer counters and per-draw slots; fractions and quantiles are
 * computed afterwards in a fixed order). Memory: counters per entity and year, plus
 * draws x years x 4 bytes for each indicator whose quantiles are asked for. */
#ifndef NTM_SIM_H
#define NTM_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "engine/trend.h"
#include "model/catalog.h"
#include "model/scenario.h"

#define NTM_SIM_NQ 9          /* quantile levels reported per year */
#define NTM_SIM_MAX_YEARS 100 /* start..horizon */
#define NTM_SIM_MAX_THREADS 256
#define NTM_SIM_DEFAULT_BLOCK 256 /* draws a thread takes at a time */

/* 0.025 0.05 0.10 0.25 0.50 0.75 0.90 0.95 0.975 (DESIGN.md, "Interchange"). */
extern const double ntm_sim_quantile_levels[NTM_SIM_NQ];

/* The baseline of one (unit, indicator). Numbers absent are NaN. */
typedef struct ntm_sim_indicator {
    size_t unit;      /* index into ntm_sim_input.unit_names */
    const char *code; /* indicator code; with the unit name it keys the streams */
    ntm_kind kind;
    ntm_direction direction;  /* MIN: met when value >= lower; MAX: value <= upper */
    double lower, upper;      /* threshold bounds (NaN: none) */
    double value;             /* current value (NaN: none, e.g. binary) */
    int met;                  /* currently met: 1, else 0 (unknown counts as not met) */
    double risk;              /* yearly slip probability when met, no fit only (NaN = 0) */
    double population;        /* N households or persons the rate is over (NaN: unknown) */
    const ntm_trend_fit *fit; /* baseline trend, NULL: stays; owned by the caller and
                                 kept alive until ntm_sim_free */
    int target_year;          /* the gap's target year, 0: the deadline */
    int economy;              /* a poverty-type rate: gets the shared economy shock */
    int quantiles;            /* keep its values to report quantiles per year */
} ntm_sim_indicator;

/* A criterion of one unit: met when all its indicators are met. */
typedef struct ntm_sim_criterion {
    size_t unit; /* index into unit_names; its indicators must share it */
    const char *code;
    const size_t *indicators; /* indices into ntm_sim_input.ind */
    size_t n_indicators;      /* 0: met by assessment only, then: */
    int met;                  /*   the assessed state */
    double risk;              /*   its yearly slip probability (NaN = 0) */
} ntm_sim_criterion;

/* An intervention acting on one indicator. Parameters are read from IV (its name keys
 * its streams; NaN optional numbers count as 0, components 0 as 1); SPEND gives the
 * money put in each year start_year..horizon (n_years values, đồng; NULL: none).
 * Effort ignores SPEND. Everything is copied by ntm_sim_new. */
typedef struct ntm_sim_iv {
    const ntm_intervention *iv;
    size_t indicator; /* index into ntm_sim_input.ind */
    const double *spend;
    /* PROJECT: money of its funding keys that nothing else is given, each year (n_years
     * values; NULL: none). When its own money covers its cost but not the overrun or
     * contingency, the shortfall is paid from this from the year its own money is in,
     * and it is finished late instead of never (DESIGN.md, "project"). */
    const double *room;
    /* EFFORT: the decimal year its `done` was observed; progress in the start year counts
     * from then (0, NaN or a date before the start year: the whole start year). */
    double from;
} ntm_sim_iv;

typedef struct ntm_sim_input {
    uint64_t seed;
    const char *variant; /* NULL, or a word prefixed to every purpose ("recheck":
                            a fresh set of streams for the same scenario) */
    int start_year, horizon, deadline;
    long draws;
    int threads;               /* 1 .. NTM_SIM_MAX_THREADS */
    size_t block;              /* draws per work item, 0: NTM_SIM_DEFAULT_BLOCK */
    ntm_shared_factors shared; /* zeros (or NaN) for none */
    const char *const *unit_names;
    size_t n_units;
    const ntm_sim_indicator *ind;
    size_t n_ind;
    const ntm_sim_criterion *crit;
    size_t n_crit;
    const ntm_sim_iv *iv;
    size_t n_iv;
} ntm_sim_input;

typedef struct ntm_sim ntm_sim; /* opaque */

/* Validates INPUT and prepares a simulation. On success *OUT owns a new simulator
 * (free with ntm_sim_free) holding copies of everything but the trend fits. Returns
 * NTM_OK, NTM_EINPUT with a message naming the unit, indicator or intervention and the
 * field, or NTM_ENOMEM. On failure *OUT is NULL. */
ntm_status ntm_sim_new(ntm_sim **out, const ntm_sim_input *input, ntm_error *err);
void ntm_sim_free(ntm_sim *sim); /* NULL is fine */

/* Runs up to N_MAX further draws (in order of draw index, on the input's threads).
 * Returns the number of draws made (0 when done). */
long ntm_sim_step(ntm_sim *sim, long n_max);

/* 1 when all draws are made. */
int ntm_sim_done(const ntm_sim *sim);

/* Draws made so far; number of years (horizon - start_year + 1). */
long ntm_sim_draws_done(const ntm_sim *sim);
size_t ntm_sim_n_years(const ntm_sim *sim);

/* Replaces the spending of intervention K (index into input.iv) by SPEND (n_years values,
 * copied; NULL: none) and restarts the run at draw 0, so the next steps evaluate the new
 * spending on the same draws (common random numbers). Returns NTM_OK or NTM_EINPUT
 * (K out of range, a negative or non-finite amount). */
ntm_status ntm_sim_set_spend(ntm_sim *sim, size_t k, const double *spend, ntm_error *err);

/* Summary of one indicator, criterion or unit (for a unit: the standard). Arrays have
 * n_years entries unless said otherwise. Fractions are shares of the draws made. */
typedef struct ntm_sim_stats {
    double *p_met;                    /* P(met) at each year-end */
    double *p_met_se;                 /* its Monte Carlo standard error sqrt(p (1 - p) / n) */
    int target_year;                  /* the gap's target year (criterion: the latest of its
                                         indicators'; unit: the deadline) */
    double p_target, p_target_se;     /* P(met) at the end of target_year */
    double p_deadline, p_deadline_se; /* P(met) at the end of the deadline year */
    double *first_met;                /* n_years + 1: share first met at the end of year start + k;
                                         the last entry: not met by the horizon */
    double *quant;       /* indicators with quantiles: [year * NTM_SIM_NQ + q], else NULL */
    double *quant_se;    /* MC error of each quantile: half the spread of the order
                            statistics at n p +- sqrt(n p (1 - p)); else NULL */
    double *mean_met;    /* units only: E[criteria met] per year, else NULL */
    double *mean_met_se; /* its standard error (sample sd / sqrt n), else NULL */
    int skipped;         /* indicators: no draws were needed (constant state) */
} ntm_sim_stats;

typedef struct ntm_sim_summary {
    long draws; /* draws summarised */
    int start_year, horizon, deadline;
    size_t n_years;
    size_t n_ind, n_crit, n_units;
    ntm_sim_stats *ind, *crit, *unit;
} ntm_sim_summary;

/* Summarises the draws made so far. The results are owned by SIM and stay valid until
 * the next ntm_sim_step, ntm_sim_set_spend or ntm_sim_free. */
const ntm_sim_summary *ntm_sim_results(ntm_sim *sim);

/* Per-draw outcomes of draws D0 .. D0 + N - 1 (for the optimiser: joint outcomes on
 * common draws). Caller-owned arrays, laid out [draw][entity][year]:
 * ind_met[(k * n_ind + i) * n_years + y] for draw D0 + k, and so on. ind_value may be
 * NULL; it receives the simulated value (NaN where there is none). */
typedef struct ntm_sim_block {
    uint8_t *ind_met;  /* n * n_ind * n_years */
    uint8_t *crit_met; /* n * n_crit * n_years */
    uint8_t *unit_met; /* n * n_units * n_years */
    double *ind_value; /* n * n_ind * n_years, or NULL */
} ntm_sim_block;

/* Simulates draws D0 .. D0 + N - 1 (0 <= D0, D0 + N <= input.draws) on the input's
 * threads into OUT without touching the run's summaries. Returns NTM_OK or NTM_EINPUT
 * for a range outside the draws or a NULL array. */
ntm_status ntm_sim_eval_block(ntm_sim *sim, long d0, size_t n, ntm_sim_block *out, ntm_error *err);

/* The decimal time of 31/12/YEAR: YEAR + (days - 0.5) / days. */
double ntm_sim_year_end(int year);

#endif
