/* store_series.h: the sibling units' series of an indicator, for the trend's prior. */
#ifndef NTM_STORE_SERIES_H
#define NTM_STORE_SERIES_H

#include <stddef.h>

#include "core/error.h"
#include "model/unit.h"

/* The observations of the indicators CODES (N_CODES of them: an indicator and its parts)
 * of every unit of criteria set SET_ID but EXCLUDE (the unit itself), from the database
 * at DB_PATH (opened read-only, apart from any open store), ordered by unit then time.
 * Only unit, indicator, t, value, numerator and denominator are filled. Free with
 * ntm_store_free_observations (store.h). */
ntm_status ntm_store_sibling_observations(const char *db_path, const char *set_id,
                                          const char *const *codes, size_t n_codes,
                                          const char *exclude, ntm_observation **obs, size_t *n,
                                          ntm_error *err);

#endif
