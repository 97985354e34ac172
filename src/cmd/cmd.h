/* cmd.h: the subcommands, one file each in src/cmd/ (see the table in main.c). */
#ifndef NTM_CMD_H
#define NTM_CMD_H

#include "cli.h"
#include "plan/history.h"
#include "store/store.h"

int cmd_init(int argc, char **argv, ntm_cli *cli);
int cmd_catalog(int argc, char **argv, ntm_cli *cli);
int cmd_import(int argc, char **argv, ntm_cli *cli);
int cmd_status(int argc, char **argv, ntm_cli *cli);
int cmd_fit(int argc, char **argv, ntm_cli *cli);
int cmd_project(int argc, char **argv, ntm_cli *cli);
int cmd_plot(int argc, char **argv, ntm_cli *cli);
int cmd_run(int argc, char **argv, ntm_cli *cli);
int cmd_check(int argc, char **argv, ntm_cli *cli);
int cmd_report(int argc, char **argv, ntm_cli *cli);
int cmd_gaps(int argc, char **argv, ntm_cli *cli);
int cmd_roadmap(int argc, char **argv, ntm_cli *cli);
int cmd_compare(int argc, char **argv, ntm_cli *cli);
int cmd_optimize(int argc, char **argv, ntm_cli *cli);
int cmd_units(int argc, char **argv, ntm_cli *cli);
int cmd_progress(int argc, char **argv, ntm_cli *cli);
int cmd_template(int argc, char **argv, ntm_cli *cli);
int cmd_scenario(int argc, char **argv, ntm_cli *cli);

/* The unit named by QUERY (its match key: marks and case folded), else the only unit with
 * a criteria set. *units (free with ntm_store_free_units) holds the candidates and *pick
 * the chosen one. A missing, ambiguous or absent unit is an error with the candidates. */
int ntm_cli_pick_unit(const ntm_cli *cli, ntm_store *st, const char *query, ntm_unit **units,
                      size_t *n, size_t *pick, ntm_error *err);

/* One unit with its criteria set and observations, loaded for a command. */
typedef struct ntm_unit_data {
    ntm_unit *units; /* the candidates; units[pick] is the one */
    size_t n_units, pick;
    ntm_catalog cat;
    ntm_observation *obs; /* its own, then those combined from former units (by time) */
    size_t n_obs;         /* those dated up to today (plan/asof.h): the ones every command uses */
    size_t n_obs_all;     /* with those dated later, kept after them */
    ntm_history_note history; /* the mergers that formed it, and what did not combine */
    ntm_recognition *recog;   /* its recognition records (model/recognition.h) */
    size_t n_recog;
} ntm_unit_data;

/* Picks the unit QUERY names (see ntm_cli_pick_unit) and loads its catalog and
 * observations into *UD, leaving out (with a warning) those dated after today (release with
 * ntm_unit_data_release, whatever it returns). */
int ntm_unit_data_load(const ntm_cli *cli, ntm_store *st, const char *query, ntm_unit_data *ud,
                       ntm_error *err);
void ntm_unit_data_release(ntm_unit_data *ud);

/* --threads ('j') and --draws ('n') for the commands that simulate. Returns 0, or the
 * usage exit code after printing why. */
int ntm_cli_sim_option(ntm_cli *cli, int opt, const char *arg, int *threads, long *draws);

#endif
