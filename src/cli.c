/* cli.c: shared CLI plumbing (see cli.h). */
#include "cli.h"

#include "io/date.h"
#include "io/period.h"
#include "io/text.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ntm_cli_common(ntm_cli *cli, int opt, const char *arg)
{
    switch (opt) {
    case NTM_OPT_DB: cli->db_path = arg; return 0;
    case NTM_OPT_LANG:
        if (strcmp(arg, "vi") == 0)
            cli->lang = NTM_LANG_VI;
        else if (strcmp(arg, "en") == 0)
            cli->lang = NTM_LANG_EN;
        else
            return ntm_cli_usage(cli, ntm_tr(cli, "--lang takes vi or en, not '%s'"), arg);
        ntm_cli_i18n_language(cli->lang);
        return 0;
    case NTM_OPT_FORMAT:
        if (strcmp(arg, "table") == 0)
            cli->format = NTM_FORMAT_TABLE;
        else if (strcmp(arg, "csv") == 0)
            cli->format = NTM_FORMAT_CSV;
        else if (strcmp(arg, "json") == 0)
            cli->format = NTM_FORMAT_JSON;
        else
            return ntm_cli_usage(cli, ntm_tr(cli, "--format takes table, csv or json, not '%s'"),
                                 arg);
        return 0;
    case NTM_OPT_MODELS: cli->models_dir = arg; return 0;
    case NTM_OPT_TODAY: {
        /* Refused here: a date that cannot be read must not fall back to the clock. */
        const char *why = NULL;
        ntm_moment m;
        if (ntm_moment_parse(arg, NTM_MOMENT_START, &m, &why) != NTM_OK)
            return ntm_cli_usage(cli, ntm_tr(cli, "--today '%s': %s"), arg, _(why));
        snprintf(cli->today_buf, sizeof cli->today_buf, "%s", m.date.iso);
        cli->today = cli->today_buf; /* the day, for the commands that read dates */
        cli->today_at = arg;         /* with its hour, for deadlines with an hour */
        return 0;
    }
    case NTM_OPT_HELP: return 1;
    default: return ntm_cli_usage(cli, "%s", ntm_tr(cli, "unknown option"));
    }
}

int ntm_cli_bad_option(const ntm_cli *cli, char **argv)
{
    extern int optind, optopt;
    const char *opt = optind > 0 ? argv[optind - 1] : "?";
    if (optopt && strncmp(opt, "--", 2) != 0)
        return ntm_cli_usage(cli, ntm_tr(cli, "invalid option '-%c'"), optopt);
    return ntm_cli_usage(cli, ntm_tr(cli, "invalid option or missing value: '%s'"), opt);
}

int ntm_cli_fail(const ntm_cli *cli, const ntm_error *err)
{
    fprintf(stderr, "%s: %s\n", cli->prog, err && err->msg[0] ? err->msg : ntm_tr(cli, "failed"));
    if (err && err->status == NTM_EUSAGE)
        return NTM_EXIT_USAGE;
    return NTM_EXIT_FAIL;
}

int ntm_cli_usage(const ntm_cli *cli, const char *fmt, ...)
{
    if (cli->command)
        fprintf(stderr, "%s %s: ", cli->prog, cli->command);
    else
        fprintf(stderr, "%s: ", cli->prog);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s\n", ntm_tr(cli, "See: ntmplan <command> --help"));
    return NTM_EXIT_USAGE;
}

int ntm_cli_finish(const ntm_cli *cli, int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: %s: %s\n", cli->prog, ntm_tr(cli, "cannot write output"),
                ntm_strerror(errno));
        return NTM_EXIT_FAIL;
    }
    return code;
}

void ntm_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void ntm_csv_field(FILE *out, const char *s)
{
    if (!s)
        return;
    /* A field a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a
     * leading apostrophe, as OWASP advises for CSV; numbers we write ("-0.5") are plain. */
    int formula = (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') &&
                  !(s[0] == '-' && (s[1] == '\0' || (s[1] >= '0' && s[1] <= '9') || s[1] == '.'));
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

/* Install paths, compiled in by the Makefile (make install PREFIX=...). */
#ifndef NTM_LOCALEDIR
#define NTM_LOCALEDIR "/usr/share/locale"
#endif
#ifndef NTM_MODELSDIR
#define NTM_MODELSDIR "/usr/share/ntmplan/models"
#endif

/* Writes to BUF the first of the program's folder + UPS[i] in which PROBE exists (a file
 * name, or "" for the folder itself), and returns BUF; NULL when none does. */
static const char *find_beside_exe(char *buf, size_t size, const char *const *ups, size_t n,
                                   const char *probe)
{
    char exe[2048];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return NULL;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s%s", exe, ups[i], probe);
        struct stat st;
        if (stat(path, &st) == 0 && (*probe || S_ISDIR(st.st_mode))) {
            snprintf(buf, size, "%s%s", exe, ups[i]);
            return buf;
        }
    }
    return NULL;
}

const char *ntm_cli_models_dir(ntm_cli *cli)
{
    if (cli->models_dir)
        return cli->models_dir;
    /* ./ntmplan and build/san/ntmplan in the checkout, then an installed bin/ (even when
     * moved with its share/), then the compiled-in install path. */
    const char *const ups[] = {"/models", "/../../models", "/../share/ntmplan/models"};
    if (find_beside_exe(cli->models_buf, sizeof cli->models_buf, ups, 3, ""))
        return cli->models_dir = cli->models_buf;
    struct stat st;
    if (stat(NTM_MODELSDIR, &st) == 0 && S_ISDIR(st.st_mode))
        return cli->models_dir = NTM_MODELSDIR;
    return cli->models_dir = "models";
}

int ntm_cli_other_option(ntm_cli *cli, int opt, const char *arg, char **argv,
                         void (*usage)(const ntm_cli *cli))
{
    if (opt == '?')
        return ntm_cli_bad_option(cli, argv);
    int rc = ntm_cli_common(cli, opt, arg);
    if (rc == 1) {
        usage(cli);
        return NTM_EXIT_OK;
    }
    return rc ? rc : -1;
}

/* Prints S wrapped to WIDTH display columns, continuation lines indented by INDENT. */
void ntm_cli_put_wrapped(const char *s, int first_col, int indent, int width)
{
    int col = first_col;
    const char *p = s;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        char word[512];
        snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1), p);
        int w = ntm_text_width(word);
        if (col > indent && col + 1 + w > width) {
            printf("\n%*s", indent, "");
            col = indent;
        } else if (col > first_col || (col > indent && p != s)) {
            fputc(' ', stdout);
            col++;
        }
        fputs(word, stdout);
        col += w;
        p += len;
        while (*p == ' ')
            p++;
    }
}

const char *ntm_cli_localedir(void)
{
    static char dir[4096];
    const char *env = getenv("NTMPLAN_LOCALEDIR");
    if (env && *env)
        return env;
    /* ./ntmplan, build/san/ntmplan and build/san/tests/test_x all find build/locale; an
     * installed bin/ finds ../share/locale. */
    const char *const ups[] = {"/build/locale", "/../../build/locale", "/../../locale",
                               "/../share/locale"};
    const char *found =
        find_beside_exe(dir, sizeof dir, ups, 4, "/vi/LC_MESSAGES/" NTM_I18N_DOMAIN ".mo");
    return found ? found : NTM_LOCALEDIR;
}

int ntm_cli_i18n_setup(const char *localedir)
{
    /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is built into glibc, so the
     * Vietnamese catalog is used whatever locales the machine has installed. Only
     * LC_MESSAGES changes: numbers are formatted by our own code. */
    if (!setlocale(LC_MESSAGES, "C.UTF-8"))
        setlocale(LC_MESSAGES, "");
    ntm_cli_i18n_language(NTM_LANG_VI);
    bindtextdomain(NTM_I18N_DOMAIN, localedir);
    bind_textdomain_codeset(NTM_I18N_DOMAIN, "UTF-8");
    /* A known message tells whether the catalog was found. */
    const char *probe = "Commands:";
    return dgettext(NTM_I18N_DOMAIN, probe) != probe ? 0 : -1;
}

void ntm_cli_i18n_language(ntm_lang lang)
{
    /* gettext reads LANGUAGE at each look-up: "en" has no catalog, so msgids (English)
     * come back as written. */
    setenv("LANGUAGE", lang == NTM_LANG_EN ? "en" : "vi", 1);
    /* glibc keeps each translation it has looked up; setting the text domain again (to the
     * same one) is its documented way to say the environment changed, so the next look-ups
     * follow the new LANGUAGE. */
    textdomain(textdomain(NULL));
}

void ntm_cli_put_cell(const char *s, int width)
{
    s = s ? s : "";
    fputs(s, stdout);
    for (int w = (int)ntm_text_width(s); w < width; w++)
        putchar(' ');
}
