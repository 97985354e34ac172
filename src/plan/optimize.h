/* optimize.h: the optimisation method behind `ntmplan optimize`: allocate the envelopes to the
 * interventions (DESIGN.md, "Optimisation").
 *
 * 1. The interventions to allocate: those with `optimize = yes`, else (none marked) every
 *    intervention that takes money; the others keep their allocations, which come off the
 *    envelopes first.
 * 2. Options per intervention: no money, fractions 1/8 .. 1 of what its keys' envelopes
 *    allow on its profile (programs), on every year (recurring support), full funding with
 *    and without a 25% margin for overruns, from each start year that can still finish by
 *    the deadline (projects), and its allocation as written.
 * 3. Options per criterion: the combinations of its interventions' options, valued jointly
 *    on common draws: P(criterion met by 31/12 of the deadline) from ntm_sim_eval_block on
 *    one commune's simulator (streams are keyed by names, so it draws what the whole
 *    scenario draws).
 * 4. The program (engine/optimize.h, GLPK): `criteria` maximises expected criteria met;
 *    `standard` sum log max(P, floor); `communes` builds each commune's frontier of
 *    money -> P(standard) (the `standard` program under a growing cap on its total, each
 *    point valued jointly) and then a knapsack over the frontiers maximising the expected
 *    number of communes meeting the standard.
 * 5. The plan and the scenario as written are scored by the full joint simulation on the
 *    same draws; the better is kept (so the result is never worse than the file). It is
 *    written as a new scenario file, run and stored like `ntmplan run`, and re-checked on
 *    fresh streams (variant "recheck"). */
#ifndef NTM_PLAN_OPTIMIZE_H
#define NTM_PLAN_OPTIMIZE_H

#include <stddef.h>

#include "cli.h"
#include "plan/evaluate.h"
#include "plan/plan_write.h"
#include "plan/subsim.h"
#include "store/store.h"

/* A recognised commune is at risk when P(still meeting the standard by the deadline)
 * without the plan's money is below this. */
#define NTM_OPT_AT_RISK_P 0.8
/* A commune is worth pushing when the plan brings P(standard) to at least this. */
#define NTM_OPT_PUSH_P 0.5

typedef enum ntm_objective { NTM_OBJ_STANDARD, NTM_OBJ_CRITERIA, NTM_OBJ_COMMUNES } ntm_objective;
/* "standard", "criteria", "communes" (the --objective words). */
extern const char *const ntm_objective_names[3];

typedef struct ntm_opt_iv {
    size_t k;       /* index into ev->iv */
    size_t unit;    /* its unit */
    size_t sub;     /* its index in the unit's simulator */
    size_t n;       /* options */
    size_t written; /* the option that is the file's allocation, SIZE_MAX: none */
    double *spend;  /* n × ny */
    double *cost;   /* n × rows */
} ntm_opt_iv;

typedef struct ntm_opt_group {
    size_t unit, crit; /* crit: index into ev->crit */
    size_t *ivs;       /* indices into o->ivo */
    size_t n_ivs, n_combos;
    double *p;    /* P(criterion met by the deadline) per combination */
    double *cost; /* n_combos × rows */
} ntm_opt_group;

typedef struct ntm_opt_unitsim {
    ntm_sim *sim;
    ntm_subsim sub; /* one commune's indicators, criteria and interventions */
    size_t ind0, crit0, n_crit;
    ntm_sim_block blk;
} ntm_opt_unitsim;

typedef struct ntm_opt_frontier {
    size_t n;
    size_t *choice; /* n × (groups of the unit): combination per group */
    double *p;      /* P(standard) per point */
    double *cost;   /* n × rows */
} ntm_opt_frontier;

typedef struct ntm_opt {
    const ntm_cli *cli;
    ntm_eval *ev;
    ntm_objective obj;
    size_t ny, rows, dl;
    long draws;
    ntm_fund_key *keys;
    size_t n_keys;
    double *cap; /* rows: envelope less the allocations kept */
    ntm_opt_iv *ivo;
    size_t n_ivo;
    ntm_opt_group *grp;
    size_t n_grp;
    ntm_opt_unitsim *us;
    size_t *pick;     /* chosen combination per group */
    double *p_before; /* per unit: P(standard) without the allocated money */
    double *p_plan;   /* per unit: with the plan */
    double *unit_cost;
    int kept_written; /* 1: the file's own allocation scored better and was kept */
} ntm_opt;

typedef struct ntm_opt_score {
    double units, units_se; /* expected communes meeting the standard by the deadline */
    double crit, crit_se;   /* expected criteria met by the deadline (all communes) */
} ntm_opt_score;

/* Everything after the scenario O->ev is prepared (O->cli, O->ev and O->obj set): the
 * options, the program, the plan scored against the file's own allocation on the same
 * draws (the better is kept), the new scenario file OUT_PATH written, run and stored like
 * `ntmplan run` (its id into *RUN_ID) and re-checked on fresh streams. *AL (free) gets the
 * plan's allocations. Release O with ntm_optimize_release whatever it returns. */
ntm_status ntm_optimize_run(ntm_opt *o, ntm_store *st, const char *out_path, int threads,
                            long draws, long *run_id, ntm_opt_score *plan_sc,
                            ntm_opt_score *written_sc, ntm_opt_score *recheck_sc,
                            ntm_plan_alloc **al, size_t *na, ntm_error *err);
void ntm_optimize_release(ntm_opt *o);

/* The year unit U was recognised, from a flag "ntm-YYYY" (units.csv), else 0. */
int ntm_optimize_recognised_year(const ntm_unit *u);

#endif
