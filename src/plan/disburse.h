/* disburse.h: money planned and disbursed (kế hoạch vốn / giải ngân), per tranche.
 *
 * A tranche is the money allocated for one year on one funding key; it may be disbursed in
 * that year or later (carry-over of any age). For a year Y and a cut-off moment C in it:
 *   rate       disbursed by C / allocated, per tranche (and summed per key and overall);
 *   projection of the rate at 31/12/Y for Y's own tranches: the rate so far divided by the
 *              share s that earlier tranches y < Y of the same unit had disbursed, within their
 *              own year, by the same day and month, of what they disbursed by 31/12/y (their
 *              monthly pattern, all keys together). With k >= 2 earlier years the 80% range
 *              comes from s's predictive interval mean(s) +- t(0.9, k-1) sd(s) sqrt(1 + 1/k)
 *              (s kept in [rate, 1], so no projection exceeds 100%); with one earlier year the
 *              projection has no range; without history it is a straight line: the rate
 *              divided by the share of the year gone by C (method STRAIGHT). Carry-over
 *              tranches are projected by a straight line on what they disbursed in Y so far.
 *   at risk    allocated x (1 - projected rate): money that may go back unspent at 31/12/Y
 *              (its range from the projection's range). */
#ifndef NTM_DISBURSE_H
#define NTM_DISBURSE_H

#include <stddef.h>

#include "core/error.h"
#include "model/task.h"

typedef enum ntm_proj_method {
    NTM_PROJ_PATTERN,  /* earlier years' pattern, with a range (k >= 2) */
    NTM_PROJ_ONE_YEAR, /* one earlier year: no range */
    NTM_PROJ_STRAIGHT  /* no history: a straight line */
} ntm_proj_method;

typedef struct ntm_tranche_view {
    int tranche;
    ntm_fund_key key;
    double allocated;
    double disbursed;        /* by the cut-off, in any year */
    double disbursed_year;   /* in year Y up to the cut-off */
    double disbursed_period; /* within the period [from, to], up to the cut-off */
    double rate;             /* disbursed / allocated (NaN without allocation) */
    double proj, proj_lo, proj_hi;
    ntm_proj_method method;
    double at_risk, at_risk_lo, at_risk_hi;
} ntm_tranche_view;

/* The share of its year-end disbursement that each earlier tranche had reached by the day and
 * month of CUTOFF: s[i] for years[i] (at most NMAX). Returns the count. */
size_t ntm_disburse_pattern(const ntm_money *rows, size_t n, int year, long cutoff, int *years,
                            double *s, size_t nmax);

/* The projected rate at 31/12 from RATE and the pattern S[0..k), or the straight line with the
 * elapsed share of the year ELAPSED when k == 0. */
void ntm_disburse_project(double rate, const double *s, size_t k, double elapsed, double *proj,
                          double *lo, double *hi, ntm_proj_method *method);

/* The tranches open in YEAR (allocated for YEAR or earlier, not fully disbursed before YEAR,
 * or disbursed in it), judged at CUTOFF, with period [FROM, TO] (minutes). *out is a new array
 * of *n_out (free()). Ordered by tranche, then key. */
ntm_status ntm_disburse_view(const ntm_money *rows, size_t n, int year, long from, long to,
                             long cutoff, ntm_tranche_view **out, size_t *n_out, ntm_error *err);

#endif
