/* plan_write.h: writing an optimised plan as a new scenario file (scenarios/README.md
 * format) that the planner can edit and rerun. Used by plan/optimize.c. */
#ifndef NTM_PLAN_WRITE_H
#define NTM_PLAN_WRITE_H

#include <stddef.h>

#include "core/error.h"
#include "model/scenario.h"

/* One allocation of the plan: intervention IV (index into the scenario's iv), YEAR, KEY. */
typedef struct ntm_plan_alloc {
    size_t iv;
    int year;
    ntm_fund_key key;
    double amount; /* đồng; written rounded down to whole đồng, so no envelope is exceeded */
} ntm_plan_alloc;

/* Copies the scenario file SC->path to OUT_PATH with HEADER (comment lines, each starting
 * with "; ", ending in '\n') first, the [scenario] name replaced by NEW_NAME, and in the
 * section of every intervention with REPLACED[i] set its alloc.* and optimize lines
 * replaced by the plan's ALLOCS for it (after the section's last key line). Comments and
 * everything else are kept as written. Returns NTM_OK, NTM_EIO (file:reason in ERR) or
 * NTM_ENOMEM. */
ntm_status ntm_plan_write_scenario(const ntm_scenario *sc, const char *out_path, const char *header,
                                   const char *new_name, const int *replaced,
                                   const ntm_plan_alloc *allocs, size_t n_allocs, ntm_error *err);

/* Writes AMOUNT đồng, rounded down to whole đồng, as the scenario files write it:
 * "437.500.000 đ" (dots group thousands). Returns BUF. */
char *ntm_plan_money(char *buf, size_t size, double amount);

#endif
