/* validate.h: checks on imported observations that warn without refusing the import
 * (a planner must see the problem, and the figure is still what was reported). */
#ifndef NTM_VALIDATE_H
#define NTM_VALIDATE_H

#include <stddef.h>

#include "core/diag.h"
#include "core/numfmt.h"
#include "model/catalog.h"
#include "model/unit.h"

/* Checks OBS[i] against CAT_OF[i] (the catalog of its unit; NULL when the unit has no
 * set) and appends warnings to D, in LANG:
 *   code-unknown         indicator or criterion code not in the unit's catalog;
 *   out-of-range         a value outside its kind's range (rate < 0 or > 100, count < 0);
 *   numerator-gt-denominator;
 *   value-disagrees      the reported value differs from 100 × numerator / denominator
 *                        at two decimals (both shown);
 *   denominators-differ  the same population (same denominator unit, or parts of one
 *                        sum) counted with different denominators in the same year;
 *   future-date          dated after TODAY (a decimal year; NaN skips the check). */
void ntm_validate_observations(const ntm_observation *obs, size_t n,
                               const ntm_catalog *const *cat_of, double today, ntm_lang lang,
                               ntm_diag_list *d);

#endif
