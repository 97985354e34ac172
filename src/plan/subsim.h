/* subsim.h: one simulator over a subset of a prepared scenario: some indicators of one
 * unit, the interventions acting on them and, when asked, the unit's criteria. Gap
 * costing simulates only the indicators it costs, the optimiser one commune at a time.
 * The random streams are keyed by names (engine/rng.h), not positions, so a subset draws
 * exactly what the whole scenario draws for the same items. */
#ifndef NTM_PLAN_SUBSIM_H
#define NTM_PLAN_SUBSIM_H

#include <stddef.h>

#include "plan/evaluate.h"

typedef struct ntm_subsim {
    ntm_sim_input in;        /* EV's input restricted to the subset */
    ntm_sim_indicator *ind;  /* n_ind, their unit index 0 */
    ntm_sim_criterion *crit; /* n_crit, with members rebased */
    size_t *members;
    ntm_sim_iv *iv; /* the interventions acting on the indicators, in EV's order */
    size_t *iv_of;  /* each one's index into ev->iv */
    size_t n_ind, n_crit, n_iv;
} ntm_subsim;

/* Fills S with the N indicators IND of EV (indices into ev->ind, all of unit UNIT), every
 * intervention acting on them and, with WITH_CRITERIA, every criterion of UNIT (each of
 * whose indicators must be among IND). The input's units are UNIT alone; no quantiles are
 * kept. Release with ntm_subsim_release whatever it returns. */
ntm_status ntm_subsim_input(ntm_subsim *s, const ntm_eval *ev, size_t unit, const size_t *ind,
                            size_t n, int with_criteria, ntm_error *err);
void ntm_subsim_release(ntm_subsim *s);

#endif
