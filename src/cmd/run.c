/* run.c: `ntmplan run SCENARIO.ini`: simulate a scenario and store the run (settings,
 * seed, program version, the run's time, results); prints its id. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "plan/evaluate.h"
#include "io/number.h"
#include "store/store.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(cli,
               "Usage: ntmplan run SCENARIO.ini [--threads N] [--draws N]\n\n"
               "Simulates the scenario (Monte Carlo) and stores the run: settings, seed, program\n"
               "version, the run's time and results. Prints the run id for check --run, plot and\n"
               "report. The same scenario and seed give the same results at any thread count."));
}

/* Reads --threads and --draws (shared with check). Returns 0 or a usage exit code. */
int ntm_cli_sim_option(ntm_cli *cli, int opt, const char *arg, int *threads, long *draws)
{
    const char *why;
    long v;
    if (opt == 'j') {
        if (ntm_parse_long(arg, NTM_NUM_EN, 1, 256, &v, &why) != NTM_OK)
            return ntm_cli_usage(cli, "--threads '%s': %s (1-256)", arg, why);
        *threads = (int)v;
    } else {
        if (ntm_parse_long(arg, NTM_NUM_EN, 1, 10000000L, &v, &why) != NTM_OK)
            return ntm_cli_usage(cli, "--draws '%s': %s (1-10000000)", arg, why);
        *draws = v;
    }
    return 0;
}

/* The stored run as JSON Lines (one record per unit after a header) or CSV. */
static void print_machine(const ntm_cli *cli, const ntm_run *run, const ntm_sim_summary *res,
                          const ntm_eval *ev)
{
    char a[40], b[40];
    if (cli->format == NTM_FORMAT_JSON) {
        printf("{\"record\":\"run\",\"run\":%ld,\"scenario\":", run->meta.id);
        ntm_json_string(stdout, run->meta.scenario);
        printf(",\"seed\":%llu,\"draws\":%ld,\"created\":", (unsigned long long)run->meta.seed,
               run->meta.draws);
        ntm_json_string(stdout, run->meta.created);
        printf(",\"deadline\":%d}\n", res->deadline);
        for (size_t u = 0; u < res->n_units; u++) {
            printf("{\"record\":\"unit\",\"unit\":");
            ntm_json_string(stdout, ev->unit_names[u]);
            printf(",\"p_standard_deadline\":%s,\"se\":%s}\n",
                   ntm_fmt_plain(a, sizeof a, res->unit[u].p_deadline, 1),
                   ntm_fmt_plain(b, sizeof b, res->unit[u].p_deadline_se, 1));
        }
        return;
    }
    printf("run,scenario,seed,draws,created,deadline,unit,p_standard_deadline,se\n");
    for (size_t u = 0; u < res->n_units; u++) {
        printf("%ld,", run->meta.id);
        ntm_csv_field(stdout, run->meta.scenario);
        printf(",%llu,%ld,%s,%d,", (unsigned long long)run->meta.seed, run->meta.draws,
               run->meta.created, res->deadline);
        ntm_csv_field(stdout, ev->unit_names[u]);
        printf(",%s,%s\n", ntm_fmt_plain(a, sizeof a, res->unit[u].p_deadline, 0),
               ntm_fmt_plain(b, sizeof b, res->unit[u].p_deadline_se, 0));
    }
}

/* Writing RUN failed while another program held the database: the results are not
 * thrown away but stored in a database file of their own beside it, and the user is told
 * where. */
static ntm_status save_run_aside(const ntm_cli *cli, ntm_run *run, ntm_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s.run-%llu.db", cli->db_path, (unsigned long long)run->meta.seed);
    ntm_store *alt = NULL;
    ntm_error e = {0};
    ntm_status rc = ntm_store_init(&alt, path, NTM_JOURNAL_AUTO, NULL, NULL, &e);
    if (rc == NTM_OK && (rc = ntm_store_begin(alt, &e)) == NTM_OK) {
        rc = ntm_store_put_run(alt, run, &e);
        rc = rc == NTM_OK ? ntm_store_commit(alt, &e) : rc;
        if (rc != NTM_OK)
            ntm_store_rollback(alt);
    }
    ntm_store_close(alt);
    if (rc != NTM_OK) /* the first error (the busy database) is the one to report */
        return err->status ? err->status : rc;
    fprintf(stderr,
            ntm_tr(cli, "ntmplan: the results were not lost: run %ld is saved in %s (see it "
                        "with: ntmplan --db %s check --run %ld)"),
            run->meta.id, path, path, run->meta.id);
    fputc('\n', stderr);
    return err->status;
}

/* Stores RUN in one transaction; while another program holds the database, tries again
 * (each try waits as ntm_store_set_wait says), then saves it aside. */
static ntm_status save_run(const ntm_cli *cli, ntm_store *st, ntm_run *run, ntm_error *err)
{
    enum { TRIES = 3 };
    for (int t = 1;; t++) {
        ntm_status rc = ntm_store_begin(st, err);
        if (rc == NTM_OK && (rc = ntm_store_put_run(st, run, err)) == NTM_OK)
            rc = ntm_store_commit(st, err);
        if (rc == NTM_OK)
            return NTM_OK;
        int busy = ntm_store_was_busy(st);
        ntm_store_rollback(st);
        if (!busy)
            return rc;
        if (t == TRIES)
            return save_run_aside(cli, run, err);
        fprintf(stderr,
                ntm_tr(cli, "ntmplan: the database is still in use; trying again to store the "
                            "run (%d of %d)"),
                t + 1, TRIES);
        fputc('\n', stderr);
        *err = (ntm_error){0};
    }
}

int cmd_run(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"threads", required_argument, NULL, 'j'},
                                         {"draws", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    int threads = 1;
    long draws = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j' || c == 'n') {
            int rc = ntm_cli_sim_option(cli, c, optarg, &threads, &draws);
            if (rc)
                return rc;
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind + 1 != argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give one scenario file"));
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_eval ev;
    ntm_sim *sim = NULL;
    ntm_run run = {0};
    int code = NTM_EXIT_OK;
    ntm_status rc = ntm_eval_prepare(cli, st, argv[optind], threads, draws, &ev, &err);
    ntm_eval_print_diags(&ev);
    if (rc == NTM_OK)
        rc = ntm_eval_simulate(cli, &ev, &sim, &err);
    if (rc == NTM_OK) {
        char created[40];
        ntm_eval_run_time(cli, created, sizeof created);
        rc = ntm_eval_to_run(&ev, sim, ntm_sim_results(sim), created, &run, &err);
    }
    if (rc == NTM_OK)
        rc = save_run(cli, st, &run, &err);
    if (rc != NTM_OK) {
        code = ntm_cli_fail(cli, &err);
    } else if (cli->format != NTM_FORMAT_TABLE) {
        print_machine(cli, &run, ntm_sim_results(sim), &ev);
    } else {
        const ntm_sim_summary *res = ntm_sim_results(sim);
        printf(ntm_tr(cli, "Run %ld: scenario \"%s\", %ld draws, seed %llu, %s\n"), run.meta.id,
               run.meta.scenario, run.meta.draws, (unsigned long long)run.meta.seed,
               run.meta.created);
        for (size_t u = 0; u < res->n_units; u++) {
            char p[32], se[32];
            printf(ntm_tr(cli, "  %s: P(standard met by 31/12/%d): %s (Monte Carlo error ±%s)\n"),
                   ev.unit_names[u], res->deadline,
                   ntm_fmt_percent(p, sizeof p, 100 * res->unit[u].p_deadline, 0, cli->lang),
                   ntm_fmt_number(se, sizeof se, 100 * res->unit[u].p_deadline_se, 1, cli->lang));
        }
    }
    ntm_run_release(&run);
    ntm_sim_free(sim);
    ntm_eval_release(&ev);
    ntm_store_close(st);
    return code;
}
