/* catalog.c: `ntmplan catalog check|list|show`: check a criteria catalog file, list the
 * shipped sets, show a set or one indicator (format: models/README.md). */
#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/i18n.h"
#include "core/diag.h"
#include "io/catalog_ini.h"
#include "io/catalog_template.h"
#include <unistd.h>
#include "io/catalog_xlsx.h"
#include "io/xlsx.h"

/* Thresholds and priors are short decimals: show at most this many digits. */
#define MAX_DECIMALS 6

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(cli,
               "Usage:\n"
               "  ntmplan catalog check FILE.ini...     check catalog files: every problem with "
               "line and key\n"
               "  ntmplan catalog list                  the criteria sets in MODELS_DIR/criteria/ "
               "and those\n"
               "                                        loaded with init --catalog\n"
               "  ntmplan catalog show SET [CODE]       show a set (criteria, indicators, "
               "thresholds by\n"
               "                                        class, priors and sources) or one "
               "indicator\n"
               "  ntmplan catalog template [SET [ID]] [--out FILE]\n"
               "                                        a province's starting file from SET "
               "(default\n"
               "                                        qd51-2026): its criteria and groups, a "
               "block to\n"
               "                                        fill for each indicator, no thresholds\n\n"
               "SET is a set's id (e.g. thanh-hoa-2022) or the path of an .ini file.\n"
               "Options: --format table|csv|json (list, show), --models DIR, --db FILE, --lang "
               "vi|en, --help\n"
               "Exit status: 0 no errors; 1 a file has errors or was not found; 2 usage error.\n"
               "How to write a catalog: models/README.md."));
}

/* ---- small printing helpers ------------------------------------------------------------ */

/* V with the fewest decimals (at most MAX_DECIMALS) that show it exactly. */
static char *fmt_num(char *buf, size_t size, double v, ntm_lang lang)
{
    int d = 0;
    double scale = 1;
    while (d < MAX_DECIMALS && fabs(v * scale - round(v * scale)) > 1e-9 * scale) {
        d++;
        scale *= 10;
    }
    return ntm_fmt_number(buf, size, v, d, lang);
}

static const char *name_of(const ntm_cli *cli, const char *vi, const char *en)
{
    return ntm_name_in(cli->lang, vi, en);
}

static const char *kind_label(const ntm_cli *cli, ntm_kind k)
{
    static const char *const en[] = {N_("rate"), N_("sum of rates"), N_("count"), N_("amount"),
                                     N_("met / not met")};
    return ntm_tr(cli, en[k]);
}

static const char *dir_label(const ntm_cli *cli, ntm_direction d)
{
    static const char *const en[] = {N_("at least (≥)"), N_("at most (≤)"), N_("met")};
    return ntm_tr(cli, en[d]);
}

/* The bounds of T as a reader writes them: "≥ 80%", "≤ 6,5%", "2 – 3 trường"; "" if none. */
static void fmt_bounds(const ntm_cli *cli, const ntm_indicator *ind, const ntm_threshold *t,
                       char *buf, size_t size)
{
    char a[64], b[64];
    int pct = ind->unit && strcmp(ind->unit, "%") == 0;
    const char *unit = pct ? "%" : "";
    const char *sp = !pct && ind->unit ? " " : "";
    const char *word = !pct && ind->unit ? ind->unit : "";
    int lo = isfinite(t->lower), hi = isfinite(t->upper);
    if (lo)
        fmt_num(a, sizeof a, t->lower, cli->lang);
    if (hi)
        fmt_num(b, sizeof b, t->upper, cli->lang);
    if (lo && hi)
        snprintf(buf, size, "%s%s – %s%s%s%s", a, unit, b, unit, sp, word);
    else if (lo)
        snprintf(buf, size, "≥ %s%s%s%s", a, unit, sp, word);
    else if (hi)
        snprintf(buf, size, "≤ %s%s%s%s", b, unit, sp, word);
    else
        buf[0] = '\0';
}

static size_t top_level_count(const ntm_catalog *cat)
{
    size_t n = 0;
    for (size_t i = 0; i < cat->n_indicators; i++)
        n += cat->indicators[i].part_of == NULL;
    return n;
}

/* GNU style: "file:line: error: key 'x': message". Returns the number of errors. */
static void print_diags(const ntm_diag_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const ntm_diag *g = &d->items[i];
        if (g->file)
            fprintf(stderr, "%s:", g->file);
        if (g->line > 0)
            fprintf(stderr, "%ld:", g->line);
        fprintf(stderr, "%s%s: ", g->file || g->line > 0 ? " " : "",
                g->severity == NTM_ERROR ? _("error") : _("warning"));
        if (g->field)
            fprintf(stderr, _("key '%s': "), g->field);
        fprintf(stderr, "%s\n", g->msg);
    }
}

/* ---- check ------------------------------------------------------------------------------- */

static int do_check(ntm_cli *cli, int n, char **files)
{
    int failed = 0;
    for (int i = 0; i < n; i++) {
        ntm_catalog cat;
        ntm_diag_list d;
        ntm_diag_list_init(&d);
        ntm_status st = ntm_xlsx_is_workbook(files[i]) ? ntm_catalog_read_xlsx(files[i], &cat, &d)
                                                       : ntm_catalog_read(files[i], &cat, &d);
        print_diags(&d);
        size_t warnings = d.n - d.n_errors;
        if (st == NTM_ENOMEM)
            fprintf(stderr, "%s: %s\n", cli->prog, ntm_tr(cli, "out of memory"));
        if (st == NTM_OK)
            fprintf(
                stderr,
                ntm_tr(cli,
                       "%s: 0 errors, %zu warnings (set %s: %zu criteria, %zu/%ld indicators)\n"),
                files[i], warnings, cat.id, cat.n_criteria, top_level_count(&cat),
                cat.indicators_declared);
        else
            fprintf(stderr, ntm_tr(cli, "%s: %zu errors, %zu warnings\n"), files[i], d.n_errors,
                    warnings);
        failed |= st != NTM_OK;
        ntm_catalog_release(&cat);
        ntm_diag_list_release(&d);
    }
    return failed ? NTM_EXIT_FAIL : NTM_EXIT_OK;
}

/* ---- finding the shipped sets ------------------------------------------------------------- */

typedef struct set_files {
    glob_t g;
    int ok;
    char dir[4200];
} set_files;

/* The *.ini files of <models>/criteria, sorted. Returns 0, or -1 after printing why. */
static int find_sets(ntm_cli *cli, set_files *sf)
{
    memset(sf, 0, sizeof *sf);
    snprintf(sf->dir, sizeof sf->dir, "%s/criteria", ntm_cli_models_dir(cli));
    char pattern[4300];
    snprintf(pattern, sizeof pattern, "%s/*.ini", sf->dir);
    int rc = glob(pattern, 0, NULL, &sf->g);
    if (rc == GLOB_NOMATCH) {
        fprintf(stderr, "%s catalog: %s '%s' (--models %s)\n", cli->prog,
                ntm_tr(cli, "no catalog .ini file in"), sf->dir, ntm_tr(cli, "DIR"));
        return -1;
    }
    if (rc != 0) {
        fprintf(stderr, "%s catalog: %s '%s'\n", cli->prog, ntm_tr(cli, "cannot read directory"),
                sf->dir);
        return -1;
    }
    sf->ok = 1;
    return 0;
}

static void set_files_release(set_files *sf)
{
    if (sf->ok)
        globfree(&sf->g);
    sf->ok = 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The database of --db when it exists (sets loaded with `init --catalog` live there), or
 * NULL without a word: list and show work without one. */
static ntm_store *open_db_if_any(const ntm_cli *cli)
{
    ntm_store *st = NULL;
    ntm_error err = {0};
    if (access(cli->db_path, F_OK) != 0 || ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return NULL;
    return st;
}

/* ---- list ---------------------------------------------------------------------------------- */

static const int list_w[] = {18, 9, 18, 9, 9, 10, 11};

static void list_header(const ntm_cli *cli)
{
    if (cli->format == NTM_FORMAT_TABLE) {
        const char *h[] = {ntm_tr(cli, "SET"),      ntm_tr(cli, "VERSION"),
                           ntm_tr(cli, "LEVEL"),    ntm_tr(cli, "SCHEME"),
                           ntm_tr(cli, "CRITERIA"), ntm_tr(cli, "INDICATORS"),
                           ntm_tr(cli, "EFFECTIVE")};
        for (size_t i = 0; i < 7; i++) {
            ntm_cli_put_cell(h[i], list_w[i]);
            putchar(' ');
        }
        puts(ntm_tr(cli, "FILE"));
    } else if (cli->format == NTM_FORMAT_CSV) {
        puts("id,version,level,scheme,criteria,indicators_listed,indicators_declared,effective,"
             "file");
    }
}

/* One set's row; FILE is where it comes from (a file name, or the database's words). */
static void list_row(const ntm_cli *cli, const ntm_catalog *cat, const char *file)
{
    char crit[32], inds[64];
    snprintf(crit, sizeof crit, "%zu", cat->n_criteria);
    size_t top = top_level_count(cat);
    if (cli->format == NTM_FORMAT_TABLE) {
        if (cat->indicators_declared > 0)
            snprintf(inds, sizeof inds, "%zu/%ld", top, cat->indicators_declared);
        else
            snprintf(inds, sizeof inds, "%zu", top);
        const char *col[] = {cat->id, cat->version, cat->level,    ntm_scheme_name(cat->scheme),
                             crit,    inds,         cat->effective};
        for (size_t k = 0; k < 7; k++) {
            ntm_cli_put_cell(col[k], list_w[k]);
            putchar(' ');
        }
        puts(file);
    } else if (cli->format == NTM_FORMAT_CSV) {
        const char *col[] = {cat->id, cat->version, cat->level, ntm_scheme_name(cat->scheme)};
        for (size_t k = 0; k < 4; k++) {
            ntm_csv_field(stdout, col[k]);
            putchar(',');
        }
        printf("%zu,%zu,%ld,", cat->n_criteria, top, cat->indicators_declared);
        ntm_csv_field(stdout, cat->effective);
        putchar(',');
        ntm_csv_field(stdout, file);
        putchar('\n');
    } else {
        printf("{\"id\":");
        ntm_json_string(stdout, cat->id);
        printf(",\"version\":");
        ntm_json_string(stdout, cat->version);
        printf(",\"level\":");
        ntm_json_string(stdout, cat->level);
        printf(",\"scheme\":");
        ntm_json_string(stdout, ntm_scheme_name(cat->scheme));
        printf(",\"criteria\":%zu,\"indicators_listed\":%zu,\"indicators_declared\":%ld,"
               "\"effective\":",
               cat->n_criteria, top, cat->indicators_declared);
        ntm_json_string(stdout, cat->effective);
        printf(",\"file\":");
        ntm_json_string(stdout, file);
        printf("}\n");
    }
}

/* The sets of the database (loaded with `init --catalog`) whose id is not among the
 * SHIPPED[0..N-1] ids, as rows. */
static void list_stored(const ntm_cli *cli, char **shipped, size_t n)
{
    ntm_store *st = open_db_if_any(cli);
    char **ids = NULL;
    size_t n_ids = 0;
    ntm_error err = {0};
    if (st && ntm_store_list_sets(st, &ids, &n_ids, &err) == NTM_OK)
        for (size_t i = 0; i < n_ids; i++) {
            int seen = 0;
            for (size_t k = 0; k < n && !seen; k++)
                seen = shipped[k] && strcmp(shipped[k], ids[i]) == 0;
            ntm_catalog cat;
            if (!seen && ntm_store_get_catalog(st, ids[i], &cat, &err) == NTM_OK)
                list_row(cli, &cat, cat.path ? base_name(cat.path) : ntm_tr(cli, "(database)"));
            if (!seen)
                ntm_catalog_release(&cat);
        }
    ntm_store_free_strings(ids, n_ids);
    ntm_store_close(st);
}

static int do_list(ntm_cli *cli)
{
    set_files sf;
    if (find_sets(cli, &sf) != 0)
        return NTM_EXIT_FAIL;
    int failed = 0;
    list_header(cli);
    char **shipped = calloc(sf.g.gl_pathc + 1, sizeof *shipped);
    for (size_t i = 0; shipped && i < sf.g.gl_pathc; i++) {
        const char *path = sf.g.gl_pathv[i];
        ntm_catalog cat;
        ntm_diag_list d;
        ntm_diag_list_init(&d);
        if (ntm_catalog_read(path, &cat, &d) != NTM_OK) {
            fprintf(stderr,
                    ntm_tr(cli, "%s catalog: %s: %zu errors (see: ntmplan catalog check %s)\n"),
                    cli->prog, path, d.n_errors, path);
            failed = 1;
        } else {
            list_row(cli, &cat, base_name(path));
            shipped[i] = cat.id ? strdup(cat.id) : NULL;
        }
        ntm_catalog_release(&cat);
        ntm_diag_list_release(&d);
    }
    if (shipped)
        list_stored(cli, shipped, sf.g.gl_pathc);
    for (size_t i = 0; shipped && i < sf.g.gl_pathc; i++)
        free(shipped[i]);
    free(shipped);
    set_files_release(&sf);
    return failed ? NTM_EXIT_FAIL : NTM_EXIT_OK;
}

/* ---- show ---------------------------------------------------------------------------------- */

/* The set ID as stored in the database (loaded with `init --catalog`). 0 when found. */
static int load_stored_set(const ntm_cli *cli, const char *id, ntm_catalog *cat)
{
    ntm_store *st = open_db_if_any(cli);
    ntm_error err = {0};
    int rc = st && ntm_store_get_catalog(st, id, cat, &err) == NTM_OK ? 0 : -1;
    if (rc)
        ntm_catalog_release(cat);
    ntm_store_close(st);
    return rc;
}

/* Reads the set ID (an id in the models directory, a file path, or a set loaded into the
 * database). 0, or an exit code. */
static int load_set(ntm_cli *cli, const char *id, ntm_catalog *cat)
{
    memset(cat, 0, sizeof *cat);
    size_t len = strlen(id);
    if (strchr(id, '/') || (len > 4 && strcmp(id + len - 4, ".ini") == 0)) {
        ntm_diag_list d;
        ntm_diag_list_init(&d);
        ntm_status st = ntm_catalog_read(id, cat, &d);
        if (st != NTM_OK)
            print_diags(&d);
        ntm_diag_list_release(&d);
        return st == NTM_OK ? 0 : NTM_EXIT_FAIL;
    }
    set_files sf;
    if (find_sets(cli, &sf) != 0)
        return NTM_EXIT_FAIL;
    for (size_t i = 0; i < sf.g.gl_pathc; i++) {
        ntm_diag_list d;
        ntm_diag_list_init(&d);
        ntm_status st = ntm_catalog_read(sf.g.gl_pathv[i], cat, &d);
        if (cat->id && strcmp(cat->id, id) == 0) {
            if (st != NTM_OK)
                print_diags(&d);
            ntm_diag_list_release(&d);
            set_files_release(&sf);
            return st == NTM_OK ? 0 : NTM_EXIT_FAIL;
        }
        ntm_diag_list_release(&d);
        ntm_catalog_release(cat);
    }
    set_files_release(&sf);
    if (load_stored_set(cli, id, cat) == 0)
        return 0;
    fprintf(stderr,
            ntm_tr(cli, "%s catalog: no criteria set '%s' among the shipped sets or in the "
                        "database (see: ntmplan catalog list)\n"),
            cli->prog, id);
    return NTM_EXIT_FAIL;
}

static void show_thresholds_table(const ntm_cli *cli, const ntm_catalog *cat,
                                  const ntm_indicator *ind)
{
    const char *pad = "        ";
    if (ind->n_thresholds == 0 && ind->combine_all) {
        printf("%s%s: %s\n", pad, ntm_tr(cli, "threshold"),
               ntm_tr(cli, "met when every part is met"));
        return;
    }
    if (ind->n_thresholds == 0) {
        printf("%s%s: %s\n", pad, ntm_tr(cli, "threshold"), ntm_tr(cli, "threshold not confirmed"));
        return;
    }
    const char *const *keys;
    size_t nk = ntm_catalog_scheme_classes(cat->scheme, &keys);
    const char *star[] = {"*"};
    int only_star = ind->n_thresholds == 1 && strcmp(ind->thresholds[0].class_key, "*") == 0;
    if (nk == 0 || only_star) {
        keys = star;
        nk = 1;
    }
    for (size_t i = 0; i < nk; i++) {
        const ntm_threshold *t =
            ntm_indicator_threshold(ind, strcmp(keys[i], "*") ? keys[i] : NULL);
        const char *label = strcmp(keys[i], "*") == 0 ? ntm_tr(cli, "all units") : keys[i];
        char lab[64];
        snprintf(lab, sizeof lab, "%s:", label);
        printf("%s%s ", pad, ntm_tr(cli, "threshold"));
        ntm_cli_put_cell(lab, 9);
        if (!t) {
            puts(ntm_tr(cli, "threshold not confirmed"));
            continue;
        }
        char b[256];
        fmt_bounds(cli, ind, t, b, sizeof b);
        if (*b && t->text && strcmp(t->text, b) != 0)
            printf("%s  \"%s\"\n", b, t->text);
        else
            printf("%s\n", *b ? b : t->text ? t->text : "");
    }
    /* each distinct source once, in order */
    for (size_t i = 0; i < ind->n_thresholds; i++) {
        const char *src = ind->thresholds[i].source;
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= strcmp(ind->thresholds[j].source, src) == 0;
        if (!seen)
            printf("%s%s: %s\n", pad, ntm_tr(cli, "threshold source"), src);
    }
}

static void show_indicator_table(const ntm_cli *cli, const ntm_catalog *cat,
                                 const ntm_indicator *ind)
{
    char a[64], b[64], c[64], e[64];
    printf("  %s%-6s %s\n", ind->part_of ? "  " : "", ind->code,
           name_of(cli, ind->name_vi, ind->name_en));
    const char *pad = "        ";
    printf("%s%s: %s; %s: %s", pad, ntm_tr(cli, "kind"), kind_label(cli, ind->kind),
           ntm_tr(cli, "direction"), dir_label(cli, ind->direction));
    if (ind->unit)
        printf("; %s: %s", ntm_tr(cli, "unit"), ind->unit);
    putchar('\n');
    size_t n_parts = 0;
    for (size_t i = 0; i < cat->n_indicators; i++)
        if (cat->indicators[i].part_of && strcmp(cat->indicators[i].part_of, ind->code) == 0) {
            printf("%s%s %s", n_parts ? (ind->kind == NTM_KIND_SUM ? " +" : ",") : pad,
                   n_parts                     ? ""
                   : ind->kind == NTM_KIND_SUM ? ntm_tr(cli, "sum of:")
                                               : ntm_tr(cli, "all of:"),
                   cat->indicators[i].code);
            n_parts++;
        }
    if (n_parts)
        putchar('\n');
    if (!(ind->part_of && ind->n_thresholds == 0 &&
          ntm_catalog_indicator(cat, ind->part_of)->kind == NTM_KIND_SUM))
        show_thresholds_table(cli, cat, ind);
    if (ind->model)
        printf("%s%s: %s\n", pad, ntm_tr(cli, "trend model"), ind->model);
    const ntm_prior *p = &ind->prior;
    if (isfinite(p->slope) || isfinite(p->slope_sd) || isfinite(p->sigma) || isfinite(p->nu) ||
        isfinite(p->ceiling)) {
        printf("%s%s: %s %s (%s %s), sigma %s, nu %s", pad, ntm_tr(cli, "prior"),
               ntm_tr(cli, "slope"),
               isfinite(p->slope) ? fmt_num(a, sizeof a, p->slope, cli->lang) : NTM_FMT_NONE,
               ntm_tr(cli, "sd"),
               isfinite(p->slope_sd) ? fmt_num(b, sizeof b, p->slope_sd, cli->lang) : NTM_FMT_NONE,
               isfinite(p->sigma) ? fmt_num(c, sizeof c, p->sigma, cli->lang) : NTM_FMT_NONE,
               isfinite(p->nu) ? fmt_num(e, sizeof e, p->nu, cli->lang) : NTM_FMT_NONE);
        if (isfinite(p->ceiling))
            printf(", %s %s", ntm_tr(cli, "ceiling"), fmt_num(a, sizeof a, p->ceiling, cli->lang));
        putchar('\n');
        printf("%s%s: %s\n", pad, ntm_tr(cli, "prior source"),
               p->source ? p->source : NTM_FMT_NONE);
    }
    if (isfinite(ind->risk))
        printf("%s%s: %s/%s (%s: %s)\n", pad, ntm_tr(cli, "risk of slipping"),
               ntm_fmt_percent(a, sizeof a, ind->risk * 100, 0, cli->lang), ntm_tr(cli, "year"),
               ntm_tr(cli, "source"), ind->risk_source ? ind->risk_source : NTM_FMT_NONE);
    if (ind->note)
        printf("%s%s: %s\n", pad, ntm_tr(cli, "note"), ind->note);
}

static void show_criterion_heading(const ntm_cli *cli, const ntm_criterion *c)
{
    printf("\n%s %s", ntm_tr(cli, "Criterion"), c->code);
    if (c->group)
        printf(" (%s %s)", ntm_tr(cli, "group"), c->group);
    printf(": %s\n", name_of(cli, c->name_vi, c->name_en));
}

static void show_set_header(const ntm_cli *cli, const ntm_catalog *cat)
{
    printf("%s %s, %s %s\n", ntm_tr(cli, "Criteria set"), cat->id, ntm_tr(cli, "version"),
           cat->version);
    printf("  %s: %s\n", ntm_tr(cli, "Name"), name_of(cli, cat->name_vi, cat->name_en));
    printf("  %s: %s\n", ntm_tr(cli, "Level"), cat->level);
    printf("  %s: %s", ntm_tr(cli, "Scheme"), ntm_scheme_name(cat->scheme));
    if (cat->scheme == NTM_SCHEME_NONE)
        printf(" (%s)", ntm_tr(cli, "one threshold for every unit"));
    putchar('\n');
    for (size_t i = 0; i < cat->n_classes; i++)
        printf("    %-7s %s\n", cat->classes[i].key,
               name_of(cli, cat->classes[i].name_vi, cat->classes[i].name_en));
    if (cat->hardest_class)
        printf("  %s: %s\n", ntm_tr(cli, "Especially disadvantaged communes use the thresholds of"),
               cat->hardest_class);
    printf("  %s: %s\n", ntm_tr(cli, "Effective"), cat->effective);
    printf("  %s: %zu; %s: %zu", ntm_tr(cli, "Criteria"), cat->n_criteria,
           ntm_tr(cli, "indicators in the file"), top_level_count(cat));
    if (cat->indicators_declared > 0)
        printf(" / %ld %s", cat->indicators_declared, ntm_tr(cli, "in the decision"));
    putchar('\n');
    printf("  %s: %s\n", ntm_tr(cli, "Source"), cat->source);
}

static void json_num(double v)
{
    char b[64];
    fputs(ntm_fmt_plain(b, sizeof b, v, 1), stdout);
}

static void show_indicator_json(const ntm_catalog *cat, const ntm_indicator *ind)
{
    printf("{\"set\":");
    ntm_json_string(stdout, cat->id);
    printf(",\"criterion\":");
    ntm_json_string(stdout, ind->criterion);
    printf(",\"code\":");
    ntm_json_string(stdout, ind->code);
    printf(",\"part_of\":");
    ntm_json_string(stdout, ind->part_of);
    printf(",\"name_vi\":");
    ntm_json_string(stdout, ind->name_vi);
    printf(",\"name_en\":");
    ntm_json_string(stdout, ind->name_en);
    printf(",\"kind\":\"%s\",\"direction\":\"%s\",\"combine_all\":%s,\"unit\":",
           ntm_kind_name(ind->kind), ntm_direction_name(ind->direction),
           ind->combine_all ? "true" : "false");
    ntm_json_string(stdout, ind->unit);
    printf(",\"thresholds\":[");
    for (size_t i = 0; i < ind->n_thresholds; i++) {
        const ntm_threshold *t = &ind->thresholds[i];
        printf("%s{\"class\":", i ? "," : "");
        ntm_json_string(stdout, t->class_key);
        printf(",\"lower\":");
        json_num(t->lower);
        printf(",\"upper\":");
        json_num(t->upper);
        printf(",\"text\":");
        ntm_json_string(stdout, t->text);
        printf(",\"source\":");
        ntm_json_string(stdout, t->source);
        printf("}");
    }
    printf("],\"model\":");
    ntm_json_string(stdout, ind->model);
    printf(",\"prior\":{\"slope\":");
    json_num(ind->prior.slope);
    printf(",\"slope_sd\":");
    json_num(ind->prior.slope_sd);
    printf(",\"sigma\":");
    json_num(ind->prior.sigma);
    printf(",\"nu\":");
    json_num(ind->prior.nu);
    printf(",\"ceiling\":");
    json_num(ind->prior.ceiling);
    printf(",\"source\":");
    ntm_json_string(stdout, ind->prior.source);
    printf("},\"risk\":");
    json_num(ind->risk);
    printf(",\"risk_source\":");
    ntm_json_string(stdout, ind->risk_source);
    printf(",\"note\":");
    ntm_json_string(stdout, ind->note);
    printf("}\n");
}

static void csv_num(double v)
{
    char b[64];
    fputs(ntm_fmt_plain(b, sizeof b, v, 0), stdout);
}

static void show_indicator_csv(const ntm_cli *cli, const ntm_catalog *cat, const ntm_indicator *ind)
{
    size_t rows = ind->n_thresholds ? ind->n_thresholds : 1;
    for (size_t r = 0; r < rows; r++) {
        const ntm_threshold *t = ind->n_thresholds ? &ind->thresholds[r] : NULL;
        const char *text1[] = {cat->id,
                               ind->criterion,
                               ind->code,
                               ind->part_of,
                               name_of(cli, ind->name_vi, ind->name_en),
                               ntm_kind_name(ind->kind),
                               ntm_direction_name(ind->direction),
                               ind->unit,
                               t ? t->class_key : NULL};
        for (size_t k = 0; k < sizeof text1 / sizeof text1[0]; k++) {
            ntm_csv_field(stdout, text1[k]);
            putchar(',');
        }
        csv_num(t ? t->lower : NAN);
        putchar(',');
        csv_num(t ? t->upper : NAN);
        putchar(',');
        ntm_csv_field(stdout, t ? t->text : NULL);
        putchar(',');
        ntm_csv_field(stdout, t ? t->source : NULL);
        putchar(',');
        ntm_csv_field(stdout, ind->model);
        const double pv[] = {ind->prior.slope, ind->prior.slope_sd, ind->prior.sigma, ind->prior.nu,
                             ind->prior.ceiling};
        for (size_t k = 0; k < 5; k++) {
            putchar(',');
            csv_num(pv[k]);
        }
        putchar(',');
        ntm_csv_field(stdout, ind->prior.source);
        putchar(',');
        csv_num(ind->risk);
        putchar(',');
        ntm_csv_field(stdout, ind->risk_source);
        putchar(',');
        ntm_csv_field(stdout, ind->note);
        putchar('\n');
    }
}

static void show_one(const ntm_cli *cli, const ntm_catalog *cat, const ntm_indicator *ind)
{
    if (cli->format == NTM_FORMAT_JSON)
        show_indicator_json(cat, ind);
    else if (cli->format == NTM_FORMAT_CSV)
        show_indicator_csv(cli, cat, ind);
    else
        show_indicator_table(cli, cat, ind);
}

/* IND and, right after it in the catalog, its parts. */
static void show_with_parts(const ntm_cli *cli, const ntm_catalog *cat, const ntm_indicator *ind)
{
    show_one(cli, cat, ind);
    for (const ntm_indicator *p = ind + 1; p < cat->indicators + cat->n_indicators && p->part_of &&
                                           strcmp(p->part_of, ind->code) == 0;
         p++)
        show_one(cli, cat, p);
}

static void show_criterion(const ntm_cli *cli, const ntm_catalog *cat, const ntm_criterion *c)
{
    if (cli->format == NTM_FORMAT_TABLE)
        show_criterion_heading(cli, c);
    size_t n = 0;
    for (size_t i = 0; i < cat->n_indicators; i++) {
        const ntm_indicator *ind = &cat->indicators[i];
        if (ind->part_of || !ind->criterion || strcmp(ind->criterion, c->code) != 0)
            continue;
        show_with_parts(cli, cat, ind);
        n++;
    }
    if (n == 0 && cli->format == NTM_FORMAT_TABLE)
        printf("  %s\n", ntm_tr(cli, "(no indicators in the file yet)"));
}

static int do_show(ntm_cli *cli, const char *id, const char *code)
{
    ntm_catalog cat;
    int rc = load_set(cli, id, &cat);
    if (rc) {
        ntm_catalog_release(&cat);
        return rc;
    }
    if (cli->format == NTM_FORMAT_CSV)
        puts("set,criterion,code,part_of,name,kind,direction,unit,class,lower,upper,text,source,"
             "model,prior_slope,prior_slope_sd,prior_sigma,prior_nu,prior_ceiling,prior_source,"
             "risk,risk_source,note");
    if (code) {
        const ntm_indicator *ind = ntm_catalog_indicator(&cat, code);
        const ntm_criterion *c = ntm_catalog_criterion(&cat, code);
        if (ind) {
            const ntm_criterion *parent =
                ind->criterion ? ntm_catalog_criterion(&cat, ind->criterion) : NULL;
            if (cli->format == NTM_FORMAT_TABLE && parent)
                show_criterion_heading(cli, parent);
            show_with_parts(cli, &cat, ind);
        } else if (c) {
            show_criterion(cli, &cat, c);
        } else {
            fprintf(stderr, "%s catalog: %s '%s' %s %s\n", cli->prog,
                    ntm_tr(cli, "no indicator or criterion"), code, ntm_tr(cli, "in set"), cat.id);
            rc = NTM_EXIT_FAIL;
        }
    } else {
        if (cli->format == NTM_FORMAT_TABLE)
            show_set_header(cli, &cat);
        for (size_t i = 0; i < cat.n_criteria; i++)
            show_criterion(cli, &cat, &cat.criteria[i]);
    }
    ntm_catalog_release(&cat);
    return rc;
}

/* Writes a province's starting file from the set FROM, with the id NEW_ID (default: FROM's
 * id with "-tinh"), to OUT (NULL: standard output). */
static int do_template(ntm_cli *cli, const char *from, const char *new_id, const char *out)
{
    ntm_catalog cat;
    int rc = load_set(cli, from, &cat);
    if (rc) {
        ntm_catalog_release(&cat);
        return rc;
    }
    char id[256];
    snprintf(id, sizeof id, "%s%s", new_id ? new_id : cat.id, new_id ? "" : "-tinh");
    FILE *f = out ? fopen(out, "w") : stdout;
    if (!f) {
        fprintf(stderr, ntm_tr(cli, "%s catalog: cannot write '%s'\n"), cli->prog, out);
        ntm_catalog_release(&cat);
        return NTM_EXIT_FAIL;
    }
    int bad = ntm_catalog_write_template(f, &cat, id);
    if (out && fclose(f) != 0)
        bad = 1;
    ntm_catalog_release(&cat);
    if (bad) {
        fprintf(stderr, ntm_tr(cli, "%s catalog: cannot write '%s'\n"), cli->prog,
                out ? out : "stdout");
        return NTM_EXIT_FAIL;
    }
    if (out)
        printf(ntm_tr(cli, "%s: template of set '%s' written; fill it in, then: ntmplan catalog "
                           "check %s\n"),
               out, id, out);
    return NTM_EXIT_OK;
}

int cmd_catalog(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {
        NTM_CLI_COMMON_OPTIONS, {"out", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'o') {
            out = optarg;
            continue;
        }
        if (c == 'h') {
            usage(cli);
            return NTM_EXIT_OK;
        }
        if (c == '?')
            return ntm_cli_usage(cli, "%s", ntm_tr(cli, "invalid option"));
        int rc = ntm_cli_common(cli, c, optarg);
        if (rc == 1) {
            usage(cli);
            return NTM_EXIT_OK;
        }
        if (rc)
            return rc;
    }
    int n = argc - optind;
    char **args = argv + optind;
    if (n == 0)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "missing action: check, list or show"));
    if (strcmp(args[0], "check") == 0) {
        if (n < 2)
            return ntm_cli_usage(cli, "%s", ntm_tr(cli, "check needs at least one .ini file"));
        return do_check(cli, n - 1, args + 1);
    }
    if (strcmp(args[0], "list") == 0) {
        if (n > 1)
            return ntm_cli_usage(cli, ntm_tr(cli, "unexpected argument '%s'"), args[1]);
        return do_list(cli);
    }
    if (strcmp(args[0], "show") == 0) {
        if (n < 2 || n > 3)
            return ntm_cli_usage(cli, "%s", ntm_tr(cli, "usage: catalog show SET [CODE]"));
        return do_show(cli, args[1], n == 3 ? args[2] : NULL);
    }
    if (strcmp(args[0], "template") == 0) {
        if (n > 3)
            return ntm_cli_usage(
                cli, "%s", ntm_tr(cli, "usage: catalog template [SET [NEW-ID]] [--out FILE]"));
        return do_template(cli, n > 1 ? args[1] : "qd51-2026", n > 2 ? args[2] : NULL, out);
    }
    return ntm_cli_usage(cli, ntm_tr(cli, "no such action '%s' (check, list, show, template)"),
                         args[0]);
}
