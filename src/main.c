/* main.c: ntmplan's entry point: common options, then the subcommand table. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd/cmd.h"
#include "core/version.h"

typedef struct command {
    const char *name;
    ntm_cmd_fn fn;
    const char *summary_en; /* msgid: translated when printed */
} command;

/* In the order a planner meets them. */
static const command commands[] = {
    {"init", cmd_init, N_("create the database and load the criteria sets")},
    {"catalog", cmd_catalog, N_("check, list and show criteria sets")},
    {"units", cmd_units,
     N_("find units in the official list of communes (codes, names, provinces)")},
    {"template", cmd_template, N_("a workbook (.xlsx) to enter units and observations in")},
    {"import", cmd_import, N_("import units and indicator observations from CSV or .xlsx")},
    {"status", cmd_status, N_("the scorecard: criteria and indicators met / unmet")},
    {"project", cmd_project, N_("project each indicator and the year its threshold is met")},
    {"run", cmd_run, N_("simulate a budget scenario and store the run")},
    {"check", cmd_check, N_("can the targets be met, and how likely is it")},
    {"gaps", cmd_gaps, N_("what closing each gap costs")},
    {"roadmap", cmd_roadmap, N_("the roadmap: money by year and key, order, tasks")},
    {"compare", cmd_compare, N_("compare scenarios on the same draws")},
    {"scenario", cmd_scenario, N_("write a scenario file as a workbook (.xlsx)")},
    {"optimize", cmd_optimize, N_("allocate the budget optimally (GLPK) and write a new scenario")},
    {"progress", cmd_progress, N_("the period report: tasks, dossiers, money disbursed")},
    {"plot", cmd_plot, N_("draw charts (SVG, PNG, PDF) for the steering committee")},
    {"report", cmd_report, N_("the steering committee pack: HTML, charts, Excel, summary")},
    {"fit", cmd_fit, N_("fit a trend to a data series")},
};

static void print_help(const ntm_cli *cli)
{
    printf("%s %s\n\n", cli->prog, NTM_VERSION);
    printf("%s\n", ntm_tr(cli, "Usage: ntmplan [--db FILE] [--lang vi|en] <command> [options]"));
    printf("\n%s\n", ntm_tr(cli, "Commands:"));
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-10s %s\n", commands[i].name, ntm_tr(cli, commands[i].summary_en));
    printf("\n%s\n",
           ntm_tr(cli,
                  "Common options: --db FILE (default ./ntmplan.db or $NTMPLAN_DB), --lang vi|en,\n"
                  "  --format table|csv|json, --models DIR, --today YYYY-MM-DD, --help"));
}

int main(int argc, char **argv)
{
    /* GSL reports through return codes (checked everywhere), never by aborting. */
    gsl_set_error_handler_off();
    opterr = 0; /* option errors are reported by ntm_cli_bad_option, in the user's language */
    int have_vi = ntm_cli_i18n_setup(ntm_cli_localedir()) == 0;
    ntm_cli cli = {.prog = "ntmplan", .lang = NTM_LANG_VI, .format = NTM_FORMAT_TABLE};
    const char *env_db = getenv("NTMPLAN_DB");
    cli.db_path = env_db && *env_db ? env_db : "ntmplan.db";
    const char *env_models = getenv("NTMPLAN_MODELS");
    if (env_models && *env_models)
        cli.models_dir = env_models;

    /* Common options may also come before the subcommand; each takes a value. */
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i += 2) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int opt = strcmp(a, "--db") == 0       ? NTM_OPT_DB
                  : strcmp(a, "--lang") == 0   ? NTM_OPT_LANG
                  : strcmp(a, "--format") == 0 ? NTM_OPT_FORMAT
                  : strcmp(a, "--models") == 0 ? NTM_OPT_MODELS
                  : strcmp(a, "--today") == 0  ? NTM_OPT_TODAY
                                               : 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(&cli);
            return ntm_cli_finish(&cli, NTM_EXIT_OK);
        }
        if (strcmp(a, "--version") == 0) {
            printf("ntmplan %s\n", NTM_VERSION);
            return ntm_cli_finish(&cli, NTM_EXIT_OK);
        }
        if (!opt)
            return ntm_cli_usage(&cli, ntm_tr(&cli, "unknown option '%s'"), a);
        if (!val)
            return ntm_cli_usage(&cli, ntm_tr(&cli, "option '%s' needs a value"), a);
        int rc = ntm_cli_common(&cli, opt, val);
        if (rc)
            return rc;
    }
    if (!have_vi && cli.lang == NTM_LANG_VI)
        fprintf(stderr, "ntmplan: Vietnamese messages not found (po/vi.po not compiled; "
                        "run make, or set NTMPLAN_LOCALEDIR); using English\n");
    if (i >= argc) {
        print_help(&cli);
        return ntm_cli_finish(&cli, NTM_EXIT_USAGE);
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(argv[i], commands[k].name) == 0) {
            cli.command = commands[k].name;
            return ntm_cli_finish(&cli, commands[k].fn(argc - i, argv + i, &cli));
        }
    cli.command = argv[i];
    return ntm_cli_usage(&cli, "%s '%s'", ntm_tr(&cli, "no such command"), argv[i]);
}
