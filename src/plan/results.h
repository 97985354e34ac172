/* results.h: what a simulated scenario says, read the same way by every output: check,
 * roadmap, report and plot. One home for the rules that turn a run's figures into words:
 * which criteria hold the standard back, which met ones are at risk, which P a task's due
 * date is read against, and what is "unknown" (no data: no probability is given). */
#ifndef NTM_PLAN_RESULTS_H
#define NTM_PLAN_RESULTS_H

#include <stddef.h>

#include "engine/scorecard.h"
#include "model/run.h"
#include "plan/evaluate.h"

/* A met criterion is "at risk" when P(still met at the end of the year) is below this. */
#define NTM_AT_RISK_BELOW 0.95
/* How many criteria are named as holding the standard back. */
#define NTM_HOLD_BACK_MAX 3
/* Indicators less likely than this by their target year get a line saying why. */
#define NTM_UNLIKELY_BELOW 0.10

/* 1 when a criterion in STATE now with P(met at the end of the year) P is "met but at
 * risk". */
int ntm_results_at_risk(ntm_state state, double p);

/* The criteria of EU holding its standard back at year index YI of RUN: those with
 * P(met) below 0,999 (unknown ones too: they have no data), lowest first (ties in catalog
 * order), at most NTM_HOLD_BACK_MAX, into OUT and P. Returns how many. */
size_t ntm_results_hold_back(const ntm_run *run, size_t yi, const ntm_eval_unit *eu,
                             const ntm_criterion_result **out, double *p);

/* P(met by the end of the year of DUE) for run item IT ("31/12/2024": 2024), the year
 * into *YEAR; when DUE is missing, unreadable or outside the run's years, P(met by its
 * target year) and that year. */
double ntm_results_p_by_due(const ntm_run *run, const ntm_run_item *it, const char *due, int *year);

/* The state now of EU's top-level indicator CODE (unknown when it has none). */
ntm_state ntm_results_indicator_state(const ntm_eval_unit *eu, const char *code);

/* The state now of the item (LEVEL, UNIT, CODE) of EV, from its unit's scorecard: an
 * indicator's or criterion's own; a unit's standard is met when every criterion is,
 * unmet when one is, otherwise unknown. Unknown for an item EV does not have. */
ntm_state ntm_results_state(const ntm_eval *ev, ntm_run_level level, const char *unit,
                            const char *code);

/* ---- the results view: one typed row per unit, criterion and indicator of a run ---- */

typedef struct ntm_result_row {
    ntm_run_level level;
    const char *unit, *code; /* code NULL for a unit */
    ntm_state state;         /* now, from the scorecard (ntm_results_state) */
    int target_year;
    double p_target, p_year, p_year_se, p_deadline; /* p_year: at the end of the year asked */
    int met_q10, met_q50, met_q90; /* the year first met: quantiles (0: not by the horizon) */
    double p_not_by_horizon;
    double money;                  /* INDICATOR: what the scenario puts into it, all years */
    int n_iv, effort;              /* INDICATOR: interventions acting on it; one is effort */
    const ntm_assumption *assumed; /* INDICATOR: the scenario's assumption used, or NULL */
    int at_risk;                   /* CRITERION: met now, P(still met by the year) below 95% */
    int hold_back;                 /* CRITERION: rank 1..NTM_HOLD_BACK_MAX among those holding the
                                      unit's standard back, else 0 */
    double mean_met;               /* UNIT: expected criteria met at the end of the year (NaN) */
    const ntm_run_item *it;
} ntm_result_row;

typedef struct ntm_results {
    ntm_result_row *rows; /* in the run's order */
    size_t n;
    int year;  /* the year asked */
    size_t yi; /* its index in the run's years */
} ntm_results;

/* The view of RUN (simulated from EV) at the end of YEAR (within the run's years). Every
 * output that lists items reads these rows. Release with ntm_results_release. */
ntm_status ntm_results_build(const ntm_eval *ev, const ntm_run *run, int year, ntm_results *out,
                             ntm_error *err);
void ntm_results_release(ntm_results *r);

#endif
