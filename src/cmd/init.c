/* init.c: `ntmplan init`: create the database (or migrate it) and load the criteria
 * sets shipped in models/criteria/ plus any given with --catalog. */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/diag.h"
#include "io/catalog_ini.h"
#include "store/store.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan init [--db FILE] [--journal wal|rollback] [--catalog FILE.ini]...\n\n"
            "Creates the database (or migrates an older one to the current schema) and loads the\n"
            "criteria sets in models/criteria/ and any province catalogs given with --catalog.\n"
            "  --journal rollback  for a file on a network share (NFS, Windows shared folder):\n"
            "                      SQLite's WAL mode does not work there."));
}

/* FNV-1a 64 of the file's bytes: a cheap content digest so unchanged catalogs are not
 * rewritten. */
static int file_digest(const char *path, char out[17])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    uint64_t h = 1469598103934665603ULL;
    int c;
    while ((c = fgetc(f)) != EOF) {
        h ^= (uint64_t)(unsigned char)c;
        h *= 1099511628211ULL;
    }
    fclose(f);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads one catalog file into the store; prints its problems. Returns 0 or -1. */
static int load_catalog(const ntm_cli *cli, ntm_store *st, const char *path, int *loaded)
{
    ntm_catalog cat;
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_status rc = ntm_catalog_read(path, &cat, &d);
    for (size_t i = 0; i < d.n; i++) {
        char line[1400];
        ntm_diag_format(&d.items[i], line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    ntm_diag_list_release(&d);
    if (rc != NTM_OK) {
        fprintf(stderr, "%s: %s '%s'\n", cli->prog, ntm_tr(cli, "catalog has errors, not loaded:"),
                path);
        return -1;
    }
    char digest[17];
    ntm_error err = {0};
    int changed = 0;
    if (file_digest(path, digest) != 0 ||
        ntm_store_put_catalog(st, &cat, digest, &changed, &err) != NTM_OK) {
        ntm_catalog_release(&cat);
        if (!err.msg[0])
            ntm_error_set(&err, NTM_EIO, ntm_tr(cli, "cannot read '%s'"), path);
        ntm_cli_fail(cli, &err);
        return -1;
    }
    printf("  %-18s %-8s %2zu %s, %3zu %s  %s\n", cat.id, ntm_scheme_name(cat.scheme),
           cat.n_criteria, ntm_tr(cli, "criteria"), cat.n_indicators, ntm_tr(cli, "indicators"),
           changed ? ntm_tr(cli, "(loaded)") : ntm_tr(cli, "(unchanged)"));
    *loaded += changed;
    ntm_catalog_release(&cat);
    return 0;
}

int cmd_init(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"journal", required_argument, NULL, 'j'},
                                         {"catalog", required_argument, NULL, 'c'},
                                         {NULL, 0, NULL, 0}};
    ntm_journal journal = NTM_JOURNAL_AUTO;
    const char *extra[32];
    size_t n_extra = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j') {
            if (strcmp(optarg, "wal") == 0)
                journal = NTM_JOURNAL_WAL;
            else if (strcmp(optarg, "rollback") == 0 || strcmp(optarg, "delete") == 0)
                journal = NTM_JOURNAL_ROLLBACK;
            else
                return ntm_cli_usage(cli, ntm_tr(cli, "--journal takes wal or rollback, not '%s'"),
                                     optarg);
        } else if (c == 'c') {
            if (n_extra == sizeof extra / sizeof extra[0])
                return ntm_cli_usage(cli, "%s", ntm_tr(cli, "too many --catalog files"));
            extra[n_extra++] = optarg;
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind < argc)
        return ntm_cli_usage(cli, ntm_tr(cli, "unexpected argument '%s'"), argv[optind]);

    ntm_error err = {0};
    ntm_store *st;
    ntm_journal used;
    int net;
    if (ntm_store_init(&st, cli->db_path, journal, &used, &net, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    printf(ntm_tr(cli, "Database %s: schema version %d, %s journal\n"), cli->db_path,
           ntm_store_schema_version(), used == NTM_JOURNAL_WAL ? "WAL" : ntm_tr(cli, "rollback"));
    if (net && used == NTM_JOURNAL_WAL)
        fprintf(stderr, "%s: %s\n", cli->prog,
                ntm_tr(cli, "warning: the file is on a network share, where WAL does not work; use "
                            "--journal rollback"));
    else if (net)
        fprintf(stderr, "%s: %s\n", cli->prog,
                ntm_tr(cli, "the file is on a network share: using the rollback journal, not WAL"));

    /* Shipped catalogs, in file-name order, then the user's. */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/criteria", ntm_cli_models_dir(cli));
    char *files[256];
    size_t n_files = 0;
    DIR *dp = opendir(dir);
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp)) != NULL && n_files < 256) {
            size_t len = strlen(e->d_name);
            if (len > 4 && strcmp(e->d_name + len - 4, ".ini") == 0) {
                char path[4600];
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                files[n_files++] = strdup(path);
            }
        }
        closedir(dp);
    } else {
        fprintf(stderr, "%s: %s '%s'\n", cli->prog, ntm_tr(cli, "warning: no criteria folder at"),
                dir);
    }
    qsort(files, n_files, sizeof files[0], cmp_str);
    int failed = 0, loaded = 0;
    if (ntm_store_begin(st, &err) != NTM_OK) {
        for (size_t i = 0; i < n_files; i++)
            free(files[i]);
        ntm_store_close(st);
        return ntm_cli_fail(cli, &err);
    }
    printf("%s\n", ntm_tr(cli, "Criteria sets:"));
    for (size_t i = 0; i < n_files; i++) {
        failed |= load_catalog(cli, st, files[i], &loaded) != 0;
        free(files[i]);
    }
    for (size_t i = 0; i < n_extra; i++)
        failed |= load_catalog(cli, st, extra[i], &loaded) != 0;
    if (failed) {
        ntm_store_rollback(st);
        ntm_store_close(st);
        return NTM_EXIT_FAIL;
    }
    if (ntm_store_commit(st, &err) != NTM_OK) {
        ntm_store_close(st);
        return ntm_cli_fail(cli, &err);
    }
    ntm_store_close(st);
    return NTM_EXIT_OK;
}
