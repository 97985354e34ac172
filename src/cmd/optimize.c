/* optimize.c: `ntmplan optimize SCENARIO.ini [--objective standard|criteria|communes]`:
 * allocates the envelopes to the interventions (the method: plan/optimize.h), prints the
 * plan and writes it as a new scenario file. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "io/number.h"
#include "io/text.h"
#include "model/budget.h"
#include "plan/optimize.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan optimize SCENARIO.ini [--objective standard|criteria|communes]\n"
            "       [--out FILE.ini] [--draws N] [--threads N]\n\n"
            "Allocates the envelopes (by year, source, capital type, programme) to the\n"
            "interventions with `optimize = yes` (none: every intervention that takes money).\n"
            "Objectives:\n"
            "  standard  (default, one commune) maximise the sum of log P(criterion met);\n"
            "  criteria  maximise the expected number of criteria met;\n"
            "  communes  (default, several communes) maximise the expected communes meeting the\n"
            "            standard.\n"
            "Solves a mixed-integer program with GLPK, re-checks the plan on fresh random "
            "streams,\n"
            "writes it as a new scenario (default NAME-optimized.ini in the current folder, NAME\n"
            "the scenario file's name; to edit and rerun) and stores its run."));
}

/* ---- output -----------------------------------------------------------------------------------
 */

static void fmt_p(const ntm_cli *cli, char *buf, size_t size, double p)
{
    ntm_fmt_percent(buf, size, 100 * p, 0, cli->lang);
}

static const char *unit_status(const ntm_cli *cli, const ntm_opt *o, size_t u, int *at_risk)
{
    int ry = ntm_optimize_recognised_year(&o->ev->units[u].unit);
    *at_risk = ry && ry < 2022 && o->p_before[u] < NTM_OPT_AT_RISK_P;
    if (ry && ry < 2022)
        return *at_risk ? (o->p_plan[u] >= NTM_OPT_AT_RISK_P
                               ? ntm_tr(cli, "recognised, at risk: the plan keeps it")
                               : ntm_tr(cli, "recognised, at risk of losing it"))
                        : ntm_tr(cli, "recognised, keeps it");
    if (o->unit_cost[u] > 0 && o->p_plan[u] >= NTM_OPT_PUSH_P)
        return ntm_tr(cli, "push to the standard");
    if (o->unit_cost[u] > 0 && o->p_plan[u] > o->p_before[u])
        return ntm_tr(cli, "push, unlikely this year");
    if (o->p_before[u] >= NTM_OPT_PUSH_P)
        return ntm_tr(cli, "reaches it on its own");
    return ntm_tr(cli, "not this year");
}

static void print_table(const ntm_cli *cli, const ntm_opt *o, const ntm_plan_alloc *al, size_t na,
                        const ntm_opt_score *plan, const ntm_opt_score *written,
                        const ntm_opt_score *recheck, const char *out_path, long run_id)
{
    const ntm_eval *ev = o->ev;
    char a[64], b[64], c[64], d[64];
    printf(ntm_tr(cli, "Budget optimisation: \"%s\", objective %s, %ld draws, seed %llu\n"),
           ev->sc.name, ntm_objective_names[o->obj], o->draws, (unsigned long long)ev->sc.seed);
    printf(ntm_tr(cli, "%zu interventions allocated, %zu criterion groups\n\n"), o->n_ivo,
           o->n_grp);
    if (ev->n_units > 1) {
        printf("%s\n", ntm_tr(cli, "By commune (standard met by 31/12 of the deadline):"));
        printf("  ");
        ntm_cli_put_cell(ntm_tr(cli, "Commune"), 16);
        ntm_cli_put_cell(ntm_tr(cli, "before"), 7);
        ntm_cli_put_cell(ntm_tr(cli, "plan"), 10);
        ntm_cli_put_cell(ntm_tr(cli, "money"), 17);
        printf("%s\n", ntm_tr(cli, "assessment"));
        for (size_t u = 0; u < ev->n_units; u++) {
            int risk;
            const char *st = unit_status(cli, o, u, &risk);
            fmt_p(cli, a, sizeof a, o->p_before[u]);
            fmt_p(cli, b, sizeof b, o->p_plan[u]);
            ntm_fmt_money(c, sizeof c, o->unit_cost[u], cli->lang);
            printf("  ");
            ntm_cli_put_cell(ev->unit_names[u], 16);
            printf("%5s  %8s  ", a, b);
            ntm_cli_put_cell(c, 17);
            printf("%s\n", st);
        }
        printf("\n");
    }
    printf("%s\n", ntm_tr(cli, "Allocations:"));
    for (size_t i = 0; i < na; i++) {
        char key[160];
        ntm_fund_key_text(key, sizeof key, &al[i].key, cli->lang);
        ntm_fmt_money(a, sizeof a, al[i].amount, cli->lang);
        const ntm_intervention *iv = &ev->sc.iv[al[i].iv];
        printf("  ");
        ntm_cli_put_cell(iv->name, 26);
        printf("%d  ", al[i].year);
        ntm_cli_put_cell(key, 42);
        printf("%s\n", a);
    }
    if (na == 0)
        printf("  %s\n", ntm_tr(cli, "(no money allocated)"));
    printf("\n");
    ntm_fmt_number(a, sizeof a, plan->units, 2, cli->lang);
    ntm_fmt_number(b, sizeof b, 2 * plan->units_se, 2, cli->lang);
    ntm_fmt_number(c, sizeof c, recheck->units, 2, cli->lang);
    ntm_fmt_number(d, sizeof d, 2 * recheck->units_se, 2, cli->lang);
    printf(ntm_tr(cli, "Expected communes meeting the standard by 31/12/%d: %s (±%s); re-check on "
                       "fresh streams: %s (±%s)\n"),
           ev->sc.deadline, a, b, c, d);
    ntm_fmt_number(a, sizeof a, plan->crit, 2, cli->lang);
    ntm_fmt_number(b, sizeof b, 2 * plan->crit_se, 2, cli->lang);
    ntm_fmt_number(c, sizeof c, recheck->crit, 2, cli->lang);
    ntm_fmt_number(d, sizeof d, 2 * recheck->crit_se, 2, cli->lang);
    printf(ntm_tr(cli, "Expected criteria met: %s (±%s); re-check: %s (±%s)\n"), a, b, c, d);
    ntm_fmt_number(a, sizeof a, written->units, 2, cli->lang);
    ntm_fmt_number(b, sizeof b, written->crit, 2, cli->lang);
    printf(ntm_tr(cli, "The file's own allocation, same draws: %s communes, %s criteria%s\n"), a, b,
           o->kept_written ? ntm_tr(cli, " (as good or better: kept)") : "");
    printf(ntm_tr(cli, "New scenario written: %s (run %ld)\n"), out_path, run_id);
}

static void print_csv(const ntm_cli *cli, const ntm_opt *o, const ntm_plan_alloc *al, size_t na,
                      const ntm_opt_score *plan, const ntm_opt_score *recheck)
{
    (void)cli;
    const ntm_eval *ev = o->ev;
    printf("record,unit,intervention,year,key,amount,p_before,p_plan,money,at_risk\n");
    for (size_t i = 0; i < na; i++) {
        const ntm_intervention *iv = &ev->sc.iv[al[i].iv];
        char key[160];
        ntm_fund_key_text(key, sizeof key, &al[i].key, NTM_LANG_EN);
        printf("allocation,");
        ntm_csv_field(stdout, iv->unit ? iv->unit : ev->unit_names[0]);
        printf(",");
        ntm_csv_field(stdout, iv->name);
        printf(",%d,", al[i].year);
        ntm_csv_field(stdout, key);
        printf(",%.0f,,,,\n", floor(al[i].amount + 1e-6));
    }
    for (size_t u = 0; u < ev->n_units; u++) {
        int risk;
        unit_status(cli, o, u, &risk);
        printf("unit,");
        ntm_csv_field(stdout, ev->unit_names[u]);
        printf(",,,,,%.4f,%.4f,%.0f,%d\n", o->p_before[u], o->p_plan[u], o->unit_cost[u], risk);
    }
    printf("total,,,,,,,%.4f,,\n", plan->units);
    printf("recheck,,,,,,,%.4f,,\n", recheck->units);
}

static void print_json(const ntm_cli *cli, const ntm_opt *o, const ntm_plan_alloc *al, size_t na,
                       const ntm_opt_score *plan, const ntm_opt_score *written,
                       const ntm_opt_score *recheck, const char *out_path, long run_id)
{
    const ntm_eval *ev = o->ev;
    for (size_t i = 0; i < na; i++) {
        const ntm_intervention *iv = &ev->sc.iv[al[i].iv];
        char key[160];
        ntm_fund_key_text(key, sizeof key, &al[i].key, NTM_LANG_EN);
        printf("{\"record\":\"allocation\",\"unit\":");
        ntm_json_string(stdout, iv->unit ? iv->unit : ev->unit_names[0]);
        printf(",\"intervention\":");
        ntm_json_string(stdout, iv->name);
        printf(",\"year\":%d,\"key\":", al[i].year);
        ntm_json_string(stdout, key);
        printf(",\"amount\":%.0f}\n", floor(al[i].amount + 1e-6));
    }
    for (size_t u = 0; u < ev->n_units; u++) {
        int risk;
        const char *st = unit_status(cli, o, u, &risk);
        printf("{\"record\":\"unit\",\"unit\":");
        ntm_json_string(stdout, ev->unit_names[u]);
        printf(",\"p_before\":%.4f,\"p_plan\":%.4f,\"money\":%.0f,\"at_risk\":%s,\"assessment\":",
               o->p_before[u], o->p_plan[u], o->unit_cost[u], risk ? "true" : "false");
        ntm_json_string(stdout, st);
        printf("}\n");
    }
    printf(
        "{\"record\":\"summary\",\"objective\":\"%s\",\"draws\":%ld,\"deadline\":%d,"
        "\"units_met\":%.4f,\"units_met_se\":%.4f,\"criteria_met\":%.4f,\"criteria_met_se\":%.4f,"
        "\"recheck_units_met\":%.4f,\"recheck_units_met_se\":%.4f,\"recheck_criteria_met\":%.4f,"
        "\"written_units_met\":%.4f,\"written_criteria_met\":%.4f,\"kept_written\":%s,"
        "\"scenario\":",
        ntm_objective_names[o->obj], o->draws, ev->sc.deadline, plan->units, plan->units_se,
        plan->crit, plan->crit_se, recheck->units, recheck->units_se, recheck->crit, written->units,
        written->crit, o->kept_written ? "true" : "false");
    ntm_json_string(stdout, out_path);
    printf(",\"run\":%ld}\n", run_id);
}

int cmd_optimize(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"threads", required_argument, NULL, 'j'},
                                         {"draws", required_argument, NULL, 'n'},
                                         {"objective", required_argument, NULL, 'o'},
                                         {"out", required_argument, NULL, 'w'},
                                         {NULL, 0, NULL, 0}};
    int threads = 1, obj = -1;
    long draws = 0;
    const char *out_arg = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j' || c == 'n') {
            int rc = ntm_cli_sim_option(cli, c, optarg, &threads, &draws);
            if (rc)
                return rc;
        } else if (c == 'o') {
            for (int i = 0; i < 3; i++)
                if (strcmp(optarg, ntm_objective_names[i]) == 0)
                    obj = i;
            if (obj < 0)
                return ntm_cli_usage(cli, "--objective '%s': %s", optarg,
                                     ntm_tr(cli, "use standard, criteria or communes"));
        } else if (c == 'w') {
            out_arg = optarg;
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind + 1 != argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give one scenario file"));
    const char *path = argv[optind];
    char out_path[4200];
    if (out_arg) {
        snprintf(out_path, sizeof out_path, "%s", out_arg);
    } else { /* in the current folder: never beside the scenario (scenarios/ is source) */
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        size_t n = strlen(base);
        if (n > 4 && strcmp(base + n - 4, ".ini") == 0)
            n -= 4;
        snprintf(out_path, sizeof out_path, "%.*s-optimized.ini", (int)n, base);
    }
    if (strcmp(out_path, path) == 0)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "--out must not be the scenario file"));
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_eval ev;
    ntm_status rc = ntm_eval_prepare(cli, st, path, threads, draws, &ev, &err);
    ntm_eval_print_diags(&ev);
    ntm_opt o = {.cli = cli, .ev = &ev};
    o.obj = obj >= 0 ? (ntm_objective)obj : ev.n_units > 1 ? NTM_OBJ_COMMUNES : NTM_OBJ_STANDARD;
    ntm_opt_score plan = {0}, written = {0}, recheck = {0};
    ntm_plan_alloc *al = NULL;
    size_t na = 0;
    long run_id = 0;
    if (rc == NTM_OK)
        rc = ntm_optimize_run(&o, st, out_path, threads, draws, &run_id, &plan, &written, &recheck,
                              &al, &na, &err);
    int code = NTM_EXIT_OK;
    if (rc != NTM_OK)
        code = ntm_cli_fail(cli, &err);
    else if (cli->format == NTM_FORMAT_CSV)
        print_csv(cli, &o, al, na, &plan, &recheck);
    else if (cli->format == NTM_FORMAT_JSON)
        print_json(cli, &o, al, na, &plan, &written, &recheck, out_path, run_id);
    else
        print_table(cli, &o, al, na, &plan, &written, &recheck, out_path, run_id);
    free(al);
    if (ev.n_units || o.us)
        ntm_optimize_release(&o);
    ntm_eval_release(&ev);
    ntm_store_close(st);
    return code;
}
