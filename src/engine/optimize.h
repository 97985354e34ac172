/* optimize.h: budget allocation as a multiple-choice knapsack (DESIGN.md, "Optimisation").
 * Pure numerics: no I/O. The caller (the CLI) makes the options and values them on common
 * draws; this module picks one option per group within the envelopes, with GLPK, and
 * enumerates every plan for tests.
 *
 * A problem: G groups (criteria, or communes), group g has n_options[g] options (option 0
 * is usually "no money"); option o of group g has a value (expected criteria met, log
 * P(criterion), P(standard)) and a cost on every budget row (funding key k, year y).
 * Options are numbered across groups: group g's options are first[g] .. first[g] +
 * n_options[g] - 1 with first[g] = n_options[0] + ... + n_options[g - 1].
 *
 * Envelopes. Without carry-over, the money of key k in year y is at most cap[k][y].
 * With carry-over (one year, DESIGN.md "Money"), what is left of year y-1's own envelope
 * may be spent in y and no later: with u_y the part of year y's spending paid from its own
 * envelope and v_y the part paid from y-1's leftover,
 *     u_y + v_y = spend_y,  0 <= u_y <= cap_y,  0 <= v_y <= cap_{y-1} - u_{y-1}.
 * (Spending the leftover first, as budget.h does, is feasible whenever any split is.)
 *
 * The program:  maximise sum_g sum_o value[g,o] x[g,o]
 *               sum_o x[g,o] = 1 for every group, x binary,
 *               the envelope rows above on sum_{g,o} cost[g,o,k,y] x[g,o],
 *               and, when total_cap is finite, sum of all costs <= total_cap. */
#ifndef NTM_OPTIMIZE_H
#define NTM_OPTIMIZE_H

#include <stddef.h>

#include "core/error.h"

/* Money within this many đồng of an envelope fits (as NTM_BUDGET_TOL_DONG). */
#define NTM_OPT_TOL_DONG 1.0
/* Exhaustive enumeration refuses problems with more plans than this. */
#define NTM_OPT_MAX_ENUM 10000000.0

typedef struct ntm_opt_budget {
    size_t n_keys, n_years;
    const double *cap; /* n_keys × n_years: the envelope of key k in year y, cap[k * n_years + y] */
    int carry_over;    /* 1: one year of carry-over (see above) */
} ntm_opt_budget;

typedef struct ntm_opt_problem {
    size_t n_groups;
    const size_t *n_options; /* per group, each >= 1 */
    const double *value;     /* per option (numbered across groups), finite */
    const double *cost; /* per option: n_keys × n_years, >= 0, cost[o * rows + k * n_years + y] */
    ntm_opt_budget budget;
    double total_cap; /* a cap on all money together, INFINITY: none */
} ntm_opt_problem;

/* 1 when SPEND (n_keys × n_years, as cap) fits the envelopes of B (with its carry-over
 * rule and NTM_OPT_TOL_DONG), else 0. */
int ntm_opt_fits(const ntm_opt_budget *b, const double *spend);

/* Solves P with GLPK (branch and cut; GLPK's terminal output is turned off). CHOICE
 * (n_groups, caller-owned) receives the option index chosen in each group (0-based within
 * the group), *OBJECTIVE the objective. Returns NTM_OK, NTM_EINPUT for a malformed problem
 * (a group without options, a negative or non-finite cost or value), NTM_ENOTFOUND when no
 * plan fits (e.g. option 0 of some group already costs more than the envelope), NTM_ENOMEM,
 * or NTM_ENUMERIC when GLPK fails (its code in the message). */
ntm_status ntm_opt_solve(const ntm_opt_problem *p, size_t *choice, double *objective,
                         ntm_error *err);

/* The score of one whole plan (CHOICE: an option per group): the caller's full joint
 * simulation. Returns the score; a NaN score stops the enumeration. */
typedef double (*ntm_opt_score_fn)(void *user, const size_t *choice);

/* Enumerates every plan of P that fits the envelopes (and total_cap), scores each with
 * SCORE and keeps the best (the first of equal scores, in lexicographic order of CHOICE).
 * BEST (n_groups, caller-owned) receives it and *BEST_SCORE its score; *N_PLANS (may be
 * NULL) the number of plans scored. Returns NTM_OK, NTM_EINPUT (malformed problem, more
 * than NTM_OPT_MAX_ENUM plans, a NaN score), NTM_ENOTFOUND (no plan fits) or NTM_ENOMEM. */
ntm_status ntm_opt_enumerate(const ntm_opt_problem *p, ntm_opt_score_fn score, void *user,
                             size_t *best, double *best_score, size_t *n_plans, ntm_error *err);

#endif
