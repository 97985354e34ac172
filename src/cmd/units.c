/* units.c: `ntmplan units [NAME] [--province P] [--code C]`: finds units in the official
 * commune-level list shipped in MODELS_DIR/units/ (io/unitlist.h). */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "io/text.h"
#include "io/unitlist.h"

static void usage(const ntm_cli *cli)
{
    printf("%s\n",
           ntm_tr(cli,
                  "Usage: ntmplan units [NAME] [--province P] [--code CODE] [--list FILE]\n\n"
                  "Finds communes, wards and special zones in the official list of commune-level\n"
                  "units (MODELS_DIR/units/, the newest dated file): by name without marks or\n"
                  "case (\"thanh hoa\" finds \"Thanh Hóa\" and \"Thanh Hoá\"), whole names first,\n"
                  "then names that contain it; by province (code or name); by code. Without\n"
                  "NAME, --province or --code, lists every unit.\n"
                  "Options: --format table|csv|json, --models DIR, --lang vi|en, --help\n"
                  "Exit status: 0 units found; 1 none found or the list cannot be read; 2 usage "
                  "error."));
}

/* "30/4/2026" (Vietnamese) or "2026-04-30" (English) for the list's ISO date. */
static void list_date(const ntm_cli *cli, const char *iso, char *buf, size_t size)
{
    if (cli->lang == NTM_LANG_EN)
        snprintf(buf, size, "%s", iso);
    else
        snprintf(buf, size, "%d/%d/%.4s", atoi(iso + 8), atoi(iso + 5), iso);
}

static void put_padded(const char *s, int width)
{
    fputs(s, stdout);
    for (int w = ntm_text_width(s); w < width; w++)
        putchar(' ');
}

static void print_table(const ntm_cli *cli, const ntm_unitlist *l, const size_t *idx, long n)
{
    const char *h[4] = {ntm_tr(cli, "Code"), ntm_tr(cli, "Name"), ntm_tr(cli, "Type"),
                        ntm_tr(cli, "Province")};
    int w[3] = {ntm_text_width(h[0]), ntm_text_width(h[1]), ntm_text_width(h[2])};
    for (long i = 0; i < n; i++) {
        const ntm_official_unit *u = &l->u[idx[i]];
        const char *f[3] = {u->code, u->name, u->type};
        for (int c = 0; c < 3; c++)
            if (ntm_text_width(f[c]) > w[c])
                w[c] = ntm_text_width(f[c]);
    }
    for (int c = 0; c < 3; c++) {
        put_padded(h[c], w[c] + 2);
    }
    printf("%s\n", h[3]);
    for (long i = 0; i < n; i++) {
        const ntm_official_unit *u = &l->u[idx[i]];
        put_padded(u->code, w[0] + 2);
        put_padded(u->name, w[1] + 2);
        put_padded(u->type, w[2] + 2);
        printf("%s (%s)\n", u->province, u->province_code);
    }
    char d[16];
    list_date(cli, l->date, d, sizeof d);
    printf(ntm_tr(cli, "Units found: %ld (official list of commune-level units of %s)\n"), n, d);
}

static void print_machine(const ntm_cli *cli, const ntm_unitlist *l, const size_t *idx, long n)
{
    if (cli->format == NTM_FORMAT_CSV)
        printf("code,name,type,province_code,province,list_date\n");
    for (long i = 0; i < n; i++) {
        const ntm_official_unit *u = &l->u[idx[i]];
        const char *f[6] = {u->code, u->name, u->type, u->province_code, u->province, l->date};
        static const char *const key[6] = {"code",          "name",     "type",
                                           "province_code", "province", "list_date"};
        for (int c = 0; c < 6; c++) {
            if (cli->format == NTM_FORMAT_CSV) {
                if (c)
                    putchar(',');
                ntm_csv_field(stdout, f[c]);
            } else {
                printf(c ? ",\"%s\":" : "{\"%s\":", key[c]);
                ntm_json_string(stdout, f[c]);
            }
        }
        printf(cli->format == NTM_FORMAT_CSV ? "\n" : "}\n");
    }
}

/* Reads the list (--list FILE, else the newest in MODELS_DIR/units/) and runs Q. */
static int find_units(ntm_cli *cli, const char *file, const ntm_unitlist_query *q)
{
    char path[4096];
    if (!file) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/units", ntm_cli_models_dir(cli));
        if (ntm_unitlist_newest(dir, path, sizeof path) != 0) {
            fprintf(stderr, ntm_tr(cli, "ntmplan units: no unit list in %s\n"), dir);
            return NTM_EXIT_FAIL;
        }
        file = path;
    }
    ntm_unitlist l;
    ntm_error err = {0};
    if (ntm_unitlist_read(file, &l, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    size_t *idx;
    long n = ntm_unitlist_find(&l, q, &idx);
    int rc = NTM_EXIT_OK;
    if (n < 0) {
        ntm_error_set(&err, NTM_ENOMEM, "%s", ntm_tr(cli, "out of memory"));
        rc = ntm_cli_fail(cli, &err);
    } else if (n == 0) {
        fprintf(stderr, "%s\n", ntm_tr(cli, "ntmplan units: no unit matches"));
        rc = NTM_EXIT_FAIL;
    } else if (cli->format == NTM_FORMAT_TABLE) {
        print_table(cli, &l, idx, n);
    } else {
        print_machine(cli, &l, idx, n);
    }
    free(idx);
    ntm_unitlist_release(&l);
    return ntm_cli_finish(cli, rc);
}

int cmd_units(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"province", required_argument, NULL, 'p'},
                                         {"code", required_argument, NULL, 'c'},
                                         {"list", required_argument, NULL, 'l'},
                                         {NULL, 0, NULL, 0}};
    ntm_unitlist_query q = {0};
    const char *file = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'p')
            q.province = optarg;
        else if (opt == 'c')
            q.code = optarg;
        else if (opt == 'l')
            file = optarg;
        else {
            int rc = ntm_cli_other_option(cli, opt, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (argc - optind > 1)
        return ntm_cli_usage(cli, "%s",
                             ntm_tr(cli, "give at most one NAME (quote a name with spaces)"));
    q.name = optind < argc ? argv[optind] : NULL;
    return find_units(cli, file, &q);
}
