/* gapcost.h: the least money for a given confidence (DESIGN.md, "Gap cost"). Pure
 * numerics: no I/O, no simulator. The caller supplies P(money), the probability that a
 * gap (or a criterion) is met when MONEY đồng are added along a fixed spending direction,
 * estimated on common random numbers, so it is monotone in the money; this module finds
 * the least amount with P >= each confidence asked, by bracketing and bisection on that
 * function, and the Monte Carlo error of each amount.
 *
 * Monte Carlo error. P is a share of n draws, with standard error
 * se(q) = sqrt(q (1 - q) / n). The amount found for confidence q moves by about
 * se(q) / P'(money) when the draws are redrawn; rather than differentiate a step function,
 * the error is taken as half the distance between the amounts for q - se(q) and
 * q + se(q) (the inverse of a one-standard-error band on P). A deterministic response
 * (P jumps from 0 to 1) gives an error within the bisection tolerance.
 *
 * Closed-form inverse (DESIGN.md, "Interventions"): money s on a program reaches
 * reached = R (1 - exp(-s e / (c R))) units, so the money that reaches a given number is
 * s = -(c R / e) ln(1 - reached / R); tests check the bisection against it. */
#ifndef NTM_GAPCOST_H
#define NTM_GAPCOST_H

#include <stddef.h>

#include "core/error.h"

/* Bisection stops when the bracket is narrower than this share of the amount ... */
#define NTM_GAPCOST_REL_TOL 1e-3
/* ... or than this many đồng (a thousand đồng: below any figure a planner writes). */
#define NTM_GAPCOST_ABS_TOL 1e3
/* Each step of the search upward multiplies the amount by this. */
#define NTM_GAPCOST_GROWTH 4.0
/* At most this many evaluations of P per call of ntm_gapcost_solve. */
#define NTM_GAPCOST_MAX_EVALS 600

/* P(met) when MONEY (>= 0) đồng are added. Writes it (in [0, 1]) to *P and returns NTM_OK,
 * or another status with ERR set (the search stops and returns it). */
typedef ntm_status (*ntm_gapcost_fn)(void *user, double money, double *p, ntm_error *err);

typedef struct ntm_gapcost_opts {
    long draws;       /* n, the draws behind each P (>= 1) */
    double scale;     /* the first amount tried above 0 (> 0): a guess of the answer's size */
    double max_money; /* no amount above this is tried (>= scale) */
    double rel_tol;   /* 0: NTM_GAPCOST_REL_TOL */
    double abs_tol;   /* 0: NTM_GAPCOST_ABS_TOL */
} ntm_gapcost_opts;

/* The least money for one confidence. */
typedef struct ntm_gapcost_result {
    double conf;      /* the confidence asked, in (0, 1) */
    int found;        /* 1: MONEY is the amount; 0: no amount up to max_money suffices */
    double money;     /* least amount found with P >= conf (0: nothing extra is needed);
                         found == 0: max_money */
    double money_se;  /* its Monte Carlo error (see above); 0 when found == 0 */
    int se_one_sided; /* 1 when q + se(q) could not be reached: the error is
                         money - amount(q - se(q)) */
    double p;         /* P at MONEY */
} ntm_gapcost_result;

/* Finds the least money with P >= CONF[k] for each of the N_CONF confidences (each in
 * (0, 1)) into OUT[k], evaluating FN (with USER) at most NTM_GAPCOST_MAX_EVALS times;
 * evaluations are shared between the confidences. *P_MAX (may be NULL) receives P at the
 * largest amount tried, *N_EVALS (may be NULL) the number of evaluations. Returns NTM_OK,
 * NTM_EINPUT for bad options or confidences, NTM_ENUMERIC when the evaluations run out or
 * FN returns a P outside [0, 1], NTM_ENOMEM, or FN's own failure. */
ntm_status ntm_gapcost_solve(ntm_gapcost_fn fn, void *user, const ntm_gapcost_opts *opts,
                             const double *conf, size_t n_conf, ntm_gapcost_result *out,
                             double *p_max, size_t *n_evals, ntm_error *err);

/* The money a program needs to reach REACHED of R units at unit cost C and efficacy E:
 * s = -(C R / E) ln(1 - REACHED / R) (DESIGN.md, "Interventions"). *MONEY is 0 for
 * REACHED <= 0. Returns NTM_OK, NTM_EINPUT for C, E or R not > 0 (or E > 1), or
 * NTM_ENUMERIC when REACHED >= R (no finite amount reaches every unit). */
ntm_status ntm_gapcost_program_money(double c, double e, double R, double reached, double *money,
                                     ntm_error *err);

/* The forward response: R (1 - exp(-S E / (C R))), for S >= 0 and C, E, R > 0; NaN
 * otherwise. */
double ntm_gapcost_program_reach(double c, double e, double R, double s);

#endif
