/* report.c: `ntmplan report SCENARIO.ini [SCENARIO2.ini …] --out DIR`: the meeting pack
 * for the steering committee, in one folder a planner can copy or mail: index.html
 * (offline, prints on A4), charts/ (SVG for the page, PNG for slides), tables.xlsx and
 * summary.txt. Everything is stamped with the run's time (--today or SOURCE_DATE_EPOCH),
 * so the same inputs give the same bytes. The first scenario is the main one; the
 * others are compared with it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "plan/report_data.h"
#include "io/number.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan report SCENARIO.ini [SCENARIO2.ini …] --out DIR [--year YEAR]\n"
            "                      [--draws N] [--threads N] [--lang vi|en]\n\n"
            "The steering committee's pack in one folder: index.html (opens in a browser offline,\n"
            "prints on A4), charts/ (SVG and PNG charts for slides), tables.xlsx (the tables for\n"
            "Excel) and summary.txt (key sentences to paste into a Word report). Sections: where "
            "we\n"
            "stand, where we are heading, can we make the deadline, what closing the gaps costs, "
            "the\n"
            "roadmap and who does what, scenarios compared, how these numbers were made. The "
            "first\n"
            "scenario is the main one; the others are compared with it.\n"
            "  --out DIR    where to write (created when missing)\n"
            "  --year YEAR  the year assessed (default: the main scenario's deadline)\n"
            "  --draws N    simulation draws (default: the scenario's)"));
}

/* mkdir -p PATH. */
static ntm_status make_dirs(const char *path, ntm_error *err)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return ntm_error_set(err, NTM_EUSAGE, "--out: path too long");
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return ntm_error_set(err, NTM_EIO, "cannot create folder '%s': %s", buf,
                                     ntm_strerror(errno));
            *p = c;
            if (!c)
                break;
        }
    }
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return ntm_error_set(err, NTM_EIO, "'%s' is not a folder", path);
    return NTM_OK;
}

int cmd_report(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"out", required_argument, NULL, 'o'},
                                         {"year", required_argument, NULL, 'y'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"draws", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    long year = 0, draws = 0;
    int threads = 1, c;
    const char *out = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char *why;
        if (c == 'y') {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 1900, 2200, &year, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--year '%s': %s", optarg, why);
        } else if (c == 'o') {
            out = optarg;
        } else if (c == 'j' || c == 'n') {
            int rc = ntm_cli_sim_option(cli, c, optarg, &threads, &draws);
            if (rc)
                return rc;
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind >= argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give at least one scenario file"));
    if (!out || !*out)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give --out DIR"));
    if (argc - optind > 7)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "at most 7 scenarios"));

    /* The folder without trailing slashes ("plots/demo/" -> "plots/demo"). */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", out);
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';

    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_report r;
    memset(&r, 0, sizeof r);
    r.out_dir = dir;
    ntm_status rc = ntm_report_data_load(&r, cli, st, argv + optind, (size_t)(argc - optind),
                                         threads, draws, year, &err);
    if (rc == NTM_OK)
        rc = make_dirs(dir, &err);
    if (rc == NTM_OK)
        rc = ntm_report_charts(&r, &err);
    if (rc == NTM_OK)
        rc = ntm_report_page(&r, &err);
    if (rc == NTM_OK)
        rc = ntm_report_workbook(&r, &err);
    if (rc == NTM_OK)
        rc = ntm_report_summary(&r, &err);
    int code = NTM_EXIT_OK;
    if (rc != NTM_OK) {
        code = ntm_cli_fail(cli, &err);
    } else {
        printf("%s %s/\n", ntm_tr(cli, "Meeting pack:"), dir);
        printf("  %s/index.html\n  %s/tables.xlsx\n  %s/summary.txt\n  %s/charts/\n", dir, dir, dir,
               dir);
    }
    ntm_report_data_release(&r);
    ntm_store_close(st);
    return code;
}
