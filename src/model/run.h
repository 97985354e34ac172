/* run.h: a scenario evaluated (DESIGN.md, "Run"): its settings and results as plain rows,
 * so any chart can be redrawn and any two runs compared without simulating again.
 * The time of a run comes from the run (SOURCE_DATE_EPOCH or --today when given), never
 * from the clock at render time. */
#ifndef NTM_RUN_H
#define NTM_RUN_H

#include <stddef.h>
#include <stdint.h>

#define NTM_RUN_NQ 9 /* quantiles 2,5 5 10 25 50 75 90 95 97,5 (DESIGN.md, "Interchange") */

typedef enum ntm_run_level { NTM_RUN_INDICATOR, NTM_RUN_CRITERION, NTM_RUN_UNIT } ntm_run_level;

typedef struct ntm_run_meta {
    long id;        /* store id, 0 before it is stored */
    char *scenario; /* scenario name */
    char *path;     /* scenario file */
    char *digest;   /* of the scenario file's bytes */
    uint64_t seed;
    long draws;
    int threads;
    int start_year, horizon, deadline;
    char *version; /* program version */
    char *created; /* ISO 8601 UTC time of the run */
} ntm_run_meta;

/* One (level, unit, code): its target-year and deadline figures. */
typedef struct ntm_run_item {
    ntm_run_level level;
    char *unit;
    char *code; /* indicator or criterion code; NULL for a unit */
    int target_year;
    double p_target, p_target_se, p_deadline, p_deadline_se;
    int skipped; /* no draws were needed (constant state) */
    int met_now; /* met at the start */
    /* per year, n_years entries each (start_year .. horizon) */
    size_t n_years;
    double *p_met, *p_met_se;
    double *first_met; /* n_years + 1: share first met at the end of each year; last: never */
    double *quant;     /* n_years * NTM_RUN_NQ, or NULL */
    double *mean_met;  /* units: E[criteria met] per year, or NULL */
} ntm_run_item;

typedef struct ntm_run {
    ntm_run_meta meta;
    ntm_run_item *items;
    size_t n_items;
} ntm_run;

void ntm_run_release(ntm_run *run); /* frees what RUN owns; NULL is fine */

/* The item of (LEVEL, UNIT, CODE) in RUN (CODE NULL for a unit), or NULL. */
const ntm_run_item *ntm_run_find(const ntm_run *run, ntm_run_level level, const char *unit,
                                 const char *code);

/* The Q-quantile of IT's first year met (START is the run's first year): a year, or 0 for
 * "not by the horizon". */
int ntm_run_first_year(const ntm_run_item *it, int start, double q);

/* "indicator", "criterion", "unit" and back (0 ok, -1 unknown). */
const char *ntm_run_level_name(ntm_run_level level);
int ntm_run_level_from_name(const char *s, ntm_run_level *out);

#endif
