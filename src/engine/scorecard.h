/* scorecard.h: where a unit stands against its criteria set (DESIGN.md, "Status rule").
 *
 * An indicator is met or unmet by its value against its threshold; without a confirmed
 * threshold (or without a value), by its assessed status; with neither it is unknown.
 * Where several observations share the latest date (a claim and its evidence), the least
 * favourable decides and all are kept. An impossible value (a rate outside 0-100%, a
 * negative count) is kept for display but never decides. Parts: a `sum` is valued by its reported
 * figure and, where the parts have numerators and denominators, recomputed from them; a set of
 * sub-conditions (combine_all) is met when all are met. A criterion is unmet when one of
 * its indicators is unmet or its latest criterion-level assessment is unmet; met when all
 * its listed indicators are met (at least one) or its latest criterion-level assessment
 * is met; otherwise unknown: never met by an empty or unknown set. Pure logic: no I/O. */
#ifndef NTM_SCORECARD_H
#define NTM_SCORECARD_H

#include <stddef.h>

#include "core/error.h"
#include "model/catalog.h"
#include "model/unit.h"

typedef enum ntm_state { NTM_STATE_UNKNOWN = 0, NTM_STATE_MET, NTM_STATE_UNMET } ntm_state;

typedef enum ntm_basis {
    NTM_BASIS_NONE,       /* no data at all */
    NTM_BASIS_VALUE,      /* value against a confirmed threshold */
    NTM_BASIS_ASSESSMENT, /* the indicator's assessed status (no threshold or no value) */
    NTM_BASIS_PARTS,      /* its sub-conditions */
    NTM_BASIS_CRITERION   /* the criterion-level assessment */
} ntm_basis;

#define NTM_SCORECARD_MAX_OBS 4 /* observations kept per indicator at its latest date */

typedef struct ntm_indicator_result {
    const ntm_indicator *ind;
    ntm_state state;
    ntm_basis basis;
    const ntm_threshold *threshold;      /* with at least one bound, else NULL */
    const ntm_threshold *threshold_text; /* any threshold entry (may hold text only) */
    double reported;                     /* value as reported (NaN if none) */
    double recomputed;       /* from numerators and denominators (NaN if not possible) */
    int differs;             /* reported and recomputed differ at two decimals */
    int assessment_conflict; /* the value rule and the assessed status disagree */
    int invalid_value;       /* a reported value is impossible for its kind (not used) */
    double gap;              /* distance to the threshold in the indicator's unit (NaN) */
    double gap_count;        /* the same in households or people (NaN when unknown) */
    double t;                /* decimal year of the deciding observation (NaN) */
    const ntm_observation *obs[NTM_SCORECARD_MAX_OBS]; /* latest-date observations */
    size_t n_obs;
    const ntm_observation *parts_obs[NTM_SCORECARD_MAX_OBS]; /* parts' observations */
    size_t n_parts_obs;
} ntm_indicator_result;

typedef struct ntm_criterion_result {
    const ntm_criterion *crit;
    ntm_state state;
    int by_assessment;                 /* decided by the criterion-level assessment */
    const ntm_observation *assessment; /* latest criterion-level observation or NULL */
    size_t n_ind, n_met, n_unmet, n_unknown;
} ntm_criterion_result;

typedef struct ntm_scorecard {
    const ntm_catalog *cat;
    const ntm_unit *unit;
    const char *class_key;      /* the class whose thresholds apply */
    int hardest_rule;           /* 1 when the unit's flags made it use hardest_class */
    ntm_criterion_result *crit; /* in catalog order */
    size_t n_crit;
    ntm_indicator_result *ind; /* top-level indicators in catalog order */
    size_t n_ind;
    size_t crit_met, crit_unmet, crit_unknown;
    size_t ind_met, ind_unmet, ind_unknown;
} ntm_scorecard;

/* Computes the scorecard of UNIT under CAT from its observations OBS dated before
 * AS_OF (a decimal year; +Inf for all). SC borrows CAT, UNIT and OBS: keep them alive.
 * Release with ntm_scorecard_release. */
ntm_status ntm_scorecard_compute(ntm_scorecard *sc, const ntm_catalog *cat, const ntm_unit *unit,
                                 const ntm_observation *obs, size_t n_obs, double as_of,
                                 ntm_error *err);
void ntm_scorecard_release(ntm_scorecard *sc);

const char *ntm_state_name(ntm_state s); /* "met", "unmet", "unknown" */

#endif
