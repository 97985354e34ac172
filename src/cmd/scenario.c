/* scenario.c: `ntmplan scenario export SCENARIO.ini --out FILE.xlsx`: a scenario file as
 * the sheet "Kịch bản" of a workbook (io/scenario_xlsx.h), which every command that takes
 * a scenario file also takes. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "io/scenario_xlsx.h"

static void usage(const ntm_cli *cli)
{
    printf("%s\n",
           ntm_tr(cli, "Usage: ntmplan scenario export SCENARIO.ini --out FILE.xlsx\n\n"
                       "Writes the scenario as the sheet 'Kịch bản' of a workbook, one row per "
                       "line of the file:\n"
                       "a section or a key in column A, its value in B, a note in C. check, run, "
                       "gaps, roadmap,\n"
                       "compare, optimize and report take the workbook as they take the file."));
}

int cmd_scenario(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {
        NTM_CLI_COMMON_OPTIONS, {"out", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'o') {
            out = optarg;
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind >= argc || strcmp(argv[optind], "export") != 0)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "the subcommand is: export"));
    if (optind + 2 != argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "export takes one scenario file"));
    if (!out)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give the workbook to write with --out"));
    ntm_error err = {0};
    if (ntm_scenario_export_xlsx(argv[optind + 1], out, cli->lang, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    printf(ntm_tr(cli, "wrote %s\n"), out);
    return NTM_EXIT_OK;
}
