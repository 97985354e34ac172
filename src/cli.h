/* cli.h: what every subcommand shares: common options, output format, language,
 * error printing and exit codes. Only the CLI prints or exits; the core returns codes.
 *
 * Exit codes: 0 success; 1 failure (bad input, missing file, database error: the
 * message on stderr names file, line and field); 2 usage error. */
#ifndef NTM_CLI_H
#define NTM_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "core/error.h"
#include "core/i18n.h"
#include "core/numfmt.h"

enum { NTM_EXIT_OK = 0, NTM_EXIT_FAIL = 1, NTM_EXIT_USAGE = 2 };

typedef enum ntm_format { NTM_FORMAT_TABLE, NTM_FORMAT_CSV, NTM_FORMAT_JSON } ntm_format;

typedef struct ntm_cli {
    const char *prog;       /* "ntmplan" */
    const char *command;    /* the subcommand being run */
    const char *db_path;    /* --db, else $NTMPLAN_DB, else ./ntmplan.db */
    const char *models_dir; /* --models, else $NTMPLAN_MODELS, else <exe dir>/models */
    ntm_lang lang;          /* --lang vi|en (default vi), whatever the machine's locale */
    ntm_format format;      /* --format table|csv|json */
    const char *today;      /* --today's day as ISO "YYYY-MM-DD" (today_buf), else NULL */
    const char *today_at;   /* --today as written, maybe with an hour ("10h 10/6/2024") */
    char models_buf[4096];
    char today_buf[16];
} ntm_cli;

/* Long options every subcommand accepts; put NTM_CLI_COMMON_OPTIONS first in the
 * command's option array and pass unknown option codes to ntm_cli_common. */
enum {
    NTM_OPT_DB = 1000,
    NTM_OPT_LANG,
    NTM_OPT_FORMAT,
    NTM_OPT_MODELS,
    NTM_OPT_TODAY,
    NTM_OPT_HELP
};
#define NTM_CLI_COMMON_OPTIONS                                                                     \
    {"db", required_argument, NULL, NTM_OPT_DB}, {"lang", required_argument, NULL, NTM_OPT_LANG},  \
        {"format", required_argument, NULL, NTM_OPT_FORMAT},                                       \
        {"models", required_argument, NULL, NTM_OPT_MODELS},                                       \
        {"today", required_argument, NULL, NTM_OPT_TODAY},                                         \
    {                                                                                              \
        "help", no_argument, NULL, NTM_OPT_HELP                                                    \
    }

/* Handles a common option. Returns 0 when handled, 1 when --help was asked for,
 * NTM_EXIT_USAGE (after printing why) for a bad value or an unknown option. */
int ntm_cli_common(ntm_cli *cli, int opt, const char *arg);

/* MSGID (English) in the chosen language, through gettext (core/i18n.h). */
static inline __attribute__((format_arg(2))) const char *ntm_tr(const ntm_cli *cli,
                                                                const char *msgid)
{
    return ntm_i18n(cli->lang, msgid);
}

/* Binds the gettext catalog for Vietnamese from LOCALEDIR (the build's locale folder)
 * and selects it for LC_MESSAGES only (LC_NUMERIC is never changed), whatever the
 * machine's locale. Returns 0 when the Vietnamese catalog is found, -1 if not. */
int ntm_cli_i18n_setup(const char *localedir);

/* Makes LANG the process's message language for _() (core/i18n.h): Vietnamese from the
 * catalog, English as written. Called by --lang and at start. */
void ntm_cli_i18n_language(ntm_lang lang);

/* The folder of the compiled message catalogs: $NTMPLAN_LOCALEDIR, else build/locale
 * beside the executable (a source build), else the system's. */
const char *ntm_cli_localedir(void);

/* Prints "ntmplan: <message>" for ERR on stderr; returns the exit code for it. */
int ntm_cli_fail(const ntm_cli *cli, const ntm_error *err);

/* Prints "ntmplan <command>: <message>" and a hint to use --help; returns 2. */
int ntm_cli_usage(const ntm_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What a command's getopt loop does with an option it does not handle itself: '?' (a bad
 * option: named, exit 2), the common options, and --help (USAGE is printed, exit 0).
 * Returns -1 when parsing goes on, else the exit code to return now. */
int ntm_cli_other_option(ntm_cli *cli, int opt, const char *arg, char **argv,
                         void (*usage)(const ntm_cli *cli));

/* For getopt_long's '?': names the bad option (opterr is off) and returns 2. */
int ntm_cli_bad_option(const ntm_cli *cli, char **argv);

/* Flushes stdout and reports a failed write (a full disk, a closed pipe) as exit 1. */
int ntm_cli_finish(const ntm_cli *cli, int code);

/* The models directory: --models, else $NTMPLAN_MODELS, else "models" beside the
 * executable (the repository root for a source build), else "./models". */
const char *ntm_cli_models_dir(ntm_cli *cli);

/* Prints S to stdout wrapped to WIDTH display columns, starting at column FIRST_COL,
 * continuation lines indented by INDENT. */
void ntm_cli_put_wrapped(const char *s, int first_col, int indent, int width);

/* The one table padder: prints S (NULL: nothing) and pads it with spaces to WIDTH display
 * columns (io/text.h's width: a Vietnamese letter with its marks is one column). */
void ntm_cli_put_cell(const char *s, int width);

/* Writes S as a JSON string (with quotes and escapes) to OUT. */
void ntm_json_string(FILE *out, const char *s);

/* Writes S as one CSV field (quoted when needed) to OUT. */
void ntm_csv_field(FILE *out, const char *s);

/* Every subcommand: int cmd_NAME(int argc, char **argv, ntm_cli *cli). argv[0] is
 * the subcommand's name; the return value is the exit code. */
typedef int (*ntm_cmd_fn)(int argc, char **argv, ntm_cli *cli);

#endif
