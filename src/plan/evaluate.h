/* evaluate.h: a scenario made ready to simulate: the scenario file, the store's units,
 * catalogs and observations, each indicator's baseline (status now, trend fit), the
 * interventions' yearly spending, and the simulator's input built from them. Shared by
 * run, check (and the commands that evaluate plans). CLI glue: it reads the store and
 * files, the engine does the numbers. */
#ifndef NTM_EVALUATE_H
#define NTM_EVALUATE_H

#include <stddef.h>

#include "cli.h"
#include "core/diag.h"
#include "engine/scorecard.h"
#include "engine/sim.h"
#include "model/scenario.h"
#include "store/store.h"

typedef struct ntm_eval_unit {
    ntm_unit unit;
    ntm_catalog cat;
    ntm_observation *obs;
    size_t n_obs, n_obs_all; /* up to today (plan/asof.h); with those dated later */
    ntm_scorecard sc;        /* status at the start */
} ntm_eval_unit;

typedef struct ntm_eval {
    ntm_scenario sc;
    char digest[17];
    ntm_eval_unit *units;
    size_t n_units;
    const char **unit_names;
    /* simulator input, with the storage it points into */
    ntm_sim_indicator *ind;
    const ntm_indicator_result **ind_res; /* the status of each sim indicator */
    const ntm_assumption **assumed;       /* the scenario's assumption used, or NULL */
    ntm_trend_fit **fits;
    size_t n_ind;
    ntm_sim_criterion *crit;
    const ntm_criterion_result **crit_res;
    size_t *crit_members;
    size_t n_crit;
    ntm_sim_iv *iv;
    double *spend; /* n_iv × n_years */
    double *room;  /* n_iv × n_years: a project's share of its keys' unallocated money */
    size_t n_iv, n_years;
    ntm_sim_input input;
    ntm_diag_list diags; /* scenario and budget problems (printed by the caller) */
} ntm_eval;

/* Reads SCENARIO_PATH, loads its units from ST, fits baselines, runs the budget checks
 * and fills EV->input. Problems with the scenario go to EV->diags (file:line); returns
 * NTM_EINPUT when there is an error among them, or another status with ERR set. THREADS
 * and DRAWS (0: the scenario's) override the scenario. Release with ntm_eval_release
 * whatever it returns. */
ntm_status ntm_eval_prepare(const ntm_cli *cli, ntm_store *st, const char *scenario_path,
                            int threads, long draws, ntm_eval *ev, ntm_error *err);
void ntm_eval_release(ntm_eval *ev);

/* Runs the simulation of EV, showing progress on stderr when it takes more than a second
 * and stderr is a terminal. *SIM owns the results (free with ntm_sim_free). */
ntm_status ntm_eval_simulate(const ntm_cli *cli, ntm_eval *ev, ntm_sim **sim, ntm_error *err);

/* The run record of a finished simulation (for ntm_store_put_run). */
ntm_status ntm_eval_to_run(const ntm_eval *ev, const ntm_sim *sim, const ntm_sim_summary *res,
                           const char *created, ntm_run *run, ntm_error *err);

/* The time a run is stamped with: --today, else SOURCE_DATE_EPOCH, else the clock, as
 * ISO 8601 UTC ("2026-11-22T00:00:00Z"). */
void ntm_eval_run_time(const ntm_cli *cli, char *buf, size_t size);

/* Prints the diagnostics of EV to stderr. */
void ntm_eval_print_diags(const ntm_eval *ev);

/* Prints the diagnostics of EV to stderr except the warnings with code CODE (e.g.
 * "no-money": gaps costs interventions listed without money on purpose). */
void ntm_eval_print_diags_except(const ntm_eval *ev, const char *code);

#endif
