/* pooled_tune.h: a panel of sibling units, each unit's prior learned from the others, and
 * phi, c, lambda tuned on the siblings' own past (pooled.h for the model). */
#ifndef NTM_POOLED_TUNE_H
#define NTM_POOLED_TUNE_H

#include <stddef.h>

#include "core/error.h"
#include "engine/pooled.h"

/* A panel of units on the model's scale: unit i has N[i] points T[i][*], Z[i][*]. */
typedef struct ntm_pooled_panel {
    size_t n_units;
    const size_t *n;
    const double *const *t;
    const double *const *z;
} ntm_pooled_panel;

/* Tunes phi, then (c, lambda), on the panel's own past: the last J = 1..min(6, n - 2)
 * points of every unit held back, theta refitted on the truncated panel, the held-back
 * points forecast. phi by the smallest sMAPE on the y scale (P->scale, P->ceiling), (c,
 * lambda) by the best mean log predictive density. Writes phi, c, lambda of *P. */
ntm_status ntm_pooled_tune(const ntm_pooled_panel *panel, ntm_pooled_prior *p, ntm_error *err);

/* Every unit's prior from the other units of the panel: theta learned with the unit's
 * fold left out (NTM_POOLED_FOLDS folds by index), phi, c, lambda tuned once on the panel
 * (TUNE nonzero; else P's), scale and ceiling from P. OUT has n_units entries. Fewer than
 * NTM_POOLED_MIN_SIBLINGS usable siblings: OUT is a copy of P (its origin says which). */
ntm_status ntm_pooled_priors(const ntm_pooled_panel *panel, const ntm_pooled_prior *p, int tune,
                             ntm_pooled_prior *out, ntm_error *err);

/* One prior from the whole panel (the unit itself not in it): theta learned on every unit
 * (on an evenly spread sample of NTM_POOLED_MAX_PANEL when there are more), phi, c,
 * lambda tuned on their past, origin SIBLINGS and n_siblings (all usable units) set. With
 * fewer than NTM_POOLED_MIN_SIBLINGS usable units, *OUT is a copy of P. */
#define NTM_POOLED_MAX_PANEL 200
ntm_status ntm_pooled_panel_prior(const ntm_pooled_panel *panel, const ntm_pooled_prior *p,
                                  ntm_pooled_prior *out, ntm_error *err);

#endif
