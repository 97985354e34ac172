/* history.h: a unit's observations as the planning commands read them, with the history
 * it inherits from the units merged into it (model/lineage.h). */
#ifndef NTM_PLAN_HISTORY_H
#define NTM_PLAN_HISTORY_H

#include <stddef.h>

#include "core/error.h"
#include "model/catalog.h"
#include "model/unit.h"
#include "store/store.h"

/* One indicator-year of a merged history that could not be combined, and why. */
typedef struct ntm_history_gap {
    char code[32]; /* indicator code, or criterion code for a criterion assessment */
    int year;
    const char *reason; /* English msgid (ntm_combine_reason); translate with _() */
    char missing_part[128];
} ntm_history_gap;

typedef struct ntm_history_note {
    ntm_merger *mergers; /* those that formed the unit (ntm_store_get_mergers) */
    size_t n_mergers;
    size_t n_combined; /* observations added from former units */
    ntm_history_gap *gaps;
    size_t n_gaps;
} ntm_history_note;

/* Appends to *OBS[0..*N-1] (the unit UNIT's own observations, as read by
 * ntm_store_get_observations, reallocated here) the combined observations of every
 * indicator of CAT before each merger that formed UNIT. A combined observation is
 * dated as lineage.h says, has no assessment, and its source names the former units
 * ("Cẩm Thành + Cẩm Bình"); the unit's own observations of the same indicator and year
 * win; the result is in the store's order again. Former units that were themselves
 * formed by a merger contribute their own observations only. NOTE (release with
 * ntm_history_note_release) says what was merged and what could not be. A unit formed by no merger
 * is left as it is. */
ntm_status ntm_history_add_mergers(ntm_store *st, const char *unit, const ntm_catalog *cat,
                                   ntm_observation **obs, size_t *n, ntm_history_note *note,
                                   ntm_error *err);
void ntm_history_note_release(ntm_history_note *note);

#endif
