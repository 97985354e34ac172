/* fit.c: `ntmplan fit`: fit a trend to one or many series in a CSV file and forecast.
 *
 *   ntmplan fit [--model auto|aicc|linear|loglinear|logistic|damped|constant|drift|logdrift|
 *                        rw|logrw]
 *               [--ceiling L|auto] [--prior flat|FILE] [--horizon H]
 *               [--threshold V --direction min|max] [--format table|csv|json] FILE.csv
 *
 * auto is the pooled damped drift (engine/pooled.h): each series' prior is learned from
 * the other series of the file (its siblings; with a `group` column, those of the same
 * group), its own fold left out, phi and the range growth tuned on the siblings' past.
 * With fewer than NTM_POOLED_MIN_SIBLINGS siblings: the prior file's numbers, else a
 * flat-prior drift with the default range growth; the output says which.
 * --threshold V --direction min|max adds P(met) at each forecast time: P(y >= V) for min
 * ("at least"), P(y <= V) for max ("at most"), as `project` computes it.
 *
 * Input columns (header names matched after case folding and removing marks):
 *   t            (also "year", "nam", "time")        the time, a (decimal) year
 *   y            (also "value", "gia tri")           the value; may be empty when
 *                                                     numerator and denominator are given
 *   series       (optional; also "chuoi", "id")      rows with the same series are one series
 *   group        (optional; also "nhom")             series of the same group are siblings
 *   numerator    (optional; also "tu so")
 *   denominator  (optional; also "mau so")           makes y a rate in percent: kept in
 *                                                     [0, 100], binomial floor (trend.h)
 * Numbers are read with one style for the whole file, chosen by ntm_number_vote over all
 * its numbers (so "12.345" in a file of English decimals stays 12.345). Values are kept
 * >= 0 in forecasts when every value in the file is >= 0.
 *
 * The prior FILE (a tiny INI; '#' or ';' start a comment; an optional [prior] line):
 *   model    = linear        the model whose z scale the numbers are on (default: --model)
 *   slope    = -0.21         prior mean of the yearly slope b on that scale
 *   slope_sd = 0.05         prior SD of b (at sigma = sigma0)
 *   sigma    = 0.1           prior guess sigma0 of the residual SD on that scale
 *   nu       = 4             its weight in pseudo-observations (Inv-chi^2(nu, sigma^2))
 *   ceiling  = 100           logistic ceiling, when --ceiling is not given
 *   source   = "..."         where the numbers come from (required with any number)
 * Numbers accept both decimal styles (12,5 and 12.5).
 *
 * Output, per series (--format json: JSON Lines, one object per series):
 *   {"series", "n", "model" (asked for), "best" (the component with the largest weight),
 *    (parameter names per model: trend.h; drift, logdrift: "level" (the last z), "drift")
 *    "weights": {model: w}, "params", "se" (of the best component; null where undefined,
 *    with the reason in "notes"), "rss", "sigma", "aicc" (null when n < k + 2),
 *    "forecast": [{"t", "median", "mean", "lo80", "hi80", "lo95", "hi95"}, ...]}
 * at t_last + 1 .. t_last + H. --format csv: one row per series and forecast time.
 * A series that cannot be fitted is reported on stderr (file, series, lines) and
 * skipped; the exit code is then 1. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cmd/cmd.h"
#include "core/numfmt.h"
#include "engine/pooled_tune.h"
#include "engine/trend.h"
#include "io/csv.h"
#include "io/number.h"

#define DEFAULT_HORIZON 5
#define MAX_HORIZON 100

static void usage(const ntm_cli *cli)
{
    /* xgettext:no-c-format */
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan fit [--model auto|aicc|linear|loglinear|logistic|damped|constant|\n"
            "                            drift|logdrift|rw|logrw]\n"
            "                   [--ceiling L|auto] [--prior flat|FILE] [--horizon H]\n"
            "                   [--threshold V --direction min|max]\n"
            "                   [--format table|csv|json] FILE.csv\n\n"
            "Fits a trend to each data series (columns t, y; optional series, group, numerator,\n"
            "denominator) and forecasts the next H years with 80% and 95% intervals.\n"
            "  --model     the model (default auto: a damped drift whose prior is learned from\n"
            "              the other series of the file, or of the same group; aicc: a mixture\n"
            "              by Akaike weights; drift: a random walk with drift, rw: without)\n"
            "  --ceiling   the logistic's ceiling L, or auto to estimate it\n"
            "  --prior     a prior file (slope, slope_sd, sigma, nu, source); default flat\n"
            "  --horizon   years to forecast (default 5)\n"
            "  --threshold, --direction  adds P(met) at each time: min, at least V; max, at\n"
            "              most V"));
}

/* ---- the prior file ------------------------------------------------------------------ */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Reads PATH into *PR (source malloc'd into *SRC_OWNED) and *MODEL (AUTO if absent). */
static ntm_status read_prior(const char *path, ntm_prior *pr, char **src_owned, ntm_model *model,
                             ntm_error *err)
{
    *pr = (ntm_prior){NAN, NAN, NAN, NAN, NAN, NULL};
    *src_owned = NULL;
    *model = NTM_MODEL_AUTO;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return ntm_error_set(err, NTM_EIO, "cannot open '%s'", path);
    char line[1024];
    long ln = 0;
    int any = 0;
    ntm_status st = NTM_OK;
    while (fgets(line, sizeof line, fp)) {
        ln++;
        char *s = trim(line);
        if (!*s || *s == '#' || *s == ';' || strcmp(s, "[prior]") == 0)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            st = ntm_error_set(err, NTM_EINPUT, "%s:%ld: expected 'key = value'", path, ln);
            break;
        }
        *eq = '\0';
        char *key = trim(s), *val = trim(eq + 1);
        size_t vl = strlen(val);
        if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
            val[vl - 1] = '\0';
            val++;
        }
        if (strcmp(key, "source") == 0) {
            free(*src_owned);
            *src_owned = strdup(val);
            if (!*src_owned) {
                st = ntm_error_set(err, NTM_ENOMEM, "out of memory");
                break;
            }
            continue;
        }
        if (strcmp(key, "model") == 0) {
            if (ntm_model_from_name(val, model) != 0 || *model == NTM_MODEL_AUTO) {
                st = ntm_error_set(err, NTM_EINPUT, "%s:%ld: model: unknown model '%s'", path, ln,
                                   val);
                break;
            }
            continue;
        }
        double *dst = strcmp(key, "slope") == 0      ? &pr->slope
                      : strcmp(key, "slope_sd") == 0 ? &pr->slope_sd
                      : strcmp(key, "sigma") == 0    ? &pr->sigma
                      : strcmp(key, "nu") == 0       ? &pr->nu
                      : strcmp(key, "ceiling") == 0  ? &pr->ceiling
                                                     : NULL;
        if (!dst) {
            st = ntm_error_set(err, NTM_EINPUT, "%s:%ld: unknown key '%s'", path, ln, key);
            break;
        }
        const char *why = NULL;
        if (ntm_parse_double(val, NTM_NUM_AUTO, dst, &why) != NTM_OK) {
            st = ntm_error_set(err, NTM_EINPUT, "%s:%ld: %s: '%s' %s", path, ln, key, val, why);
            break;
        }
        if (dst != &pr->slope && !(*dst > 0)) {
            st = ntm_error_set(err, NTM_EINPUT, "%s:%ld: %s must be positive", path, ln, key);
            break;
        }
        any = 1;
    }
    fclose(fp);
    if (st == NTM_OK && any && !*src_owned)
        st = ntm_error_set(err, NTM_EINPUT, "%s: the prior needs a 'source' line", path);
    if (st == NTM_OK && isfinite(pr->slope) != isfinite(pr->slope_sd))
        st = ntm_error_set(err, NTM_EINPUT, "%s: give slope and slope_sd together", path);
    if (st == NTM_OK && isfinite(pr->sigma) != isfinite(pr->nu))
        st = ntm_error_set(err, NTM_EINPUT, "%s: give sigma and nu together", path);
    if (st != NTM_OK) {
        free(*src_owned);
        *src_owned = NULL;
    }
    pr->source = *src_owned;
    return st;
}

/* ---- the data file --------------------------------------------------------------------- */

enum { COL_T, COL_Y, COL_SERIES, COL_NUM, COL_DEN, COL_GROUP, NCOL };
static const char *const col_name[NCOL] = {"t", "y", "series", "numerator", "denominator", "group"};

typedef struct row {
    char *f[NCOL]; /* owned copies; NULL when the column is absent or the field empty */
    long line;
    size_t series; /* index of its series */
} row;

typedef struct table {
    row *rows;
    size_t n, cap;
    int col[NCOL];
    char **names; /* series names in order of first appearance */
    size_t n_series;
    int x_is_regressor; /* the t column is named x: ties allowed */
} table;

static void table_release(table *tb)
{
    for (size_t i = 0; i < tb->n; i++)
        for (int c = 0; c < NCOL; c++)
            free(tb->rows[i].f[c]);
    free(tb->rows);
    free(tb->names);
}

/* FNV-1a, for grouping rows into series. */
static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* Assigns each row its series, keeping the order of first appearance. */
static ntm_status group_series(table *tb, ntm_error *err)
{
    size_t cap = 16;
    while (cap < 2 * tb->n + 2)
        cap *= 2;
    size_t *slot = malloc(cap * sizeof *slot); /* series index + 1, 0 empty */
    tb->names = malloc((tb->n + 1) * sizeof *tb->names);
    if (!slot || !tb->names) {
        free(slot);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    memset(slot, 0, cap * sizeof *slot);
    for (size_t i = 0; i < tb->n; i++) {
        const char *key = tb->rows[i].f[COL_SERIES] ? tb->rows[i].f[COL_SERIES] : "";
        size_t h = (size_t)(hash_str(key) & (cap - 1));
        while (slot[h] && strcmp(tb->names[slot[h] - 1], key) != 0)
            h = (h + 1) & (cap - 1);
        if (!slot[h]) {
            tb->names[tb->n_series] = (char *)key;
            slot[h] = ++tb->n_series;
        }
        tb->rows[i].series = slot[h] - 1;
    }
    free(slot);
    return NTM_OK;
}

static ntm_status read_table(const char *path, table *tb, ntm_error *err)
{
    static const char *const keys[NCOL][6] = {
        {"t", "year", "nam", "time", "x", NULL}, {"y", "value", "gia tri", NULL},
        {"series", "chuoi", "id", NULL},         {"numerator", "tu so", NULL},
        {"denominator", "mau so", NULL},         {"group", "nhom", NULL},
    };
    memset(tb, 0, sizeof *tb);
    ntm_csv *csv;
    ntm_status st = ntm_csv_open(&csv, path, err);
    if (st != NTM_OK)
        return st;
    const ntm_csv_row *r;
    int got, header = 0;
    while ((got = ntm_csv_next(csv, &r, err)) == 1) {
        if (r->field[0][0] == '#') /* a comment line (NIST files have one) */
            continue;
        if (!header) {
            for (int c = 0; c < NCOL; c++)
                tb->col[c] = ntm_csv_find_column(r, keys[c]);
            if (tb->col[COL_T] < 0 ||
                (tb->col[COL_Y] < 0 && (tb->col[COL_NUM] < 0 || tb->col[COL_DEN] < 0))) {
                st = ntm_error_set(err, NTM_EINPUT,
                                   "%s:%ld: the header needs columns 't' and 'y' (or "
                                   "'numerator' and 'denominator')",
                                   path, r->line);
                goto done;
            }
            header = 1;
            /* A column named x is a regressor, not time: repeated values are fine
             * (NIST Norris); a repeated t or year is an input error. */
            {
                const char *const xk[] = {"x", NULL};
                tb->x_is_regressor = ntm_csv_find_column(r, xk) == tb->col[COL_T];
            }
            continue;
        }
        if (tb->n == tb->cap) {
            size_t nc = tb->cap ? 2 * tb->cap : 256;
            row *nr = realloc(tb->rows, nc * sizeof *nr);
            if (!nr) {
                st = ntm_error_set(err, NTM_ENOMEM, "out of memory");
                goto done;
            }
            tb->rows = nr;
            tb->cap = nc;
        }
        row *w = &tb->rows[tb->n++];
        memset(w, 0, sizeof *w);
        w->line = r->line;
        for (int c = 0; c < NCOL; c++) {
            int k = tb->col[c];
            if (k >= 0 && (size_t)k < r->n && r->field[k][0]) {
                w->f[c] = strdup(r->field[k]);
                if (!w->f[c]) {
                    st = ntm_error_set(err, NTM_ENOMEM, "out of memory");
                    goto done;
                }
            }
        }
    }
    if (got < 0)
        st = err ? err->status : NTM_EINPUT;
    else if (!header)
        st = ntm_error_set(err, NTM_EINPUT, "%s: the file is empty (no header)", path);
    else if (tb->n == 0)
        st = ntm_error_set(err, NTM_EINPUT, "%s: no data rows", path);
done:
    ntm_csv_free(csv);
    return st;
}

/* ---- output ---------------------------------------------------------------------------- */

static void put_num(FILE *out, double v)
{
    char b[64];
    fputs(ntm_fmt_plain(b, sizeof b, v, 1), out);
}

static const char *comp_name(const ntm_trend_component *c)
{
    return c->ceiling_estimated ? "logistic_ceiling" : ntm_model_name(c->model);
}

static const char *origin_name(ntm_prior_origin o)
{
    return o == NTM_PRIOR_SIBLINGS ? "siblings" : o == NTM_PRIOR_CATALOG ? "catalog" : "flat";
}

/* The pooled model's prior and omega, as JSON members. */
static void json_prior(const ntm_trend_fit *f)
{
    const ntm_pooled_prior *p = ntm_trend_pooled_prior(f);
    if (!p)
        return;
    printf(",\"prior\":{\"origin\":\"%s\",\"siblings\":%zu,\"scale\":\"%s\"",
           origin_name(p->origin), p->n_siblings, ntm_scale_name(p->scale));
    if (p->origin != NTM_PRIOR_FLAT) {
        double v[4] = {p->mu * p->zunit, p->tau * p->zunit, p->nu0, p->s0 * p->zunit};
        static const char *const nm[4] = {"mu", "tau", "nu0", "s0"};
        for (int i = 0; i < 4; i++) {
            printf(",\"%s\":", nm[i]);
            put_num(stdout, v[i]);
        }
    }
    double v[3] = {p->phi, p->c, p->lambda};
    static const char *const nm[3] = {"phi", "c", "lambda"};
    for (int i = 0; i < 3; i++) {
        printf(",\"%s\":", nm[i]);
        put_num(stdout, v[i]);
    }
    fputs("},\"omega\":", stdout);
    put_num(stdout, ntm_trend_omega(f));
}

/* Too little of the unit's own data to speak for itself (TREND.md): omega < 0.5 or n <= 2. */
static int mostly_siblings(const ntm_trend_fit *f)
{
    const ntm_pooled_prior *p = ntm_trend_pooled_prior(f);
    return p && (ntm_trend_omega(f) < 0.5 || ntm_trend_n(f) <= 2);
}

static void print_json(const char *series, int has_series, const ntm_trend_fit *f,
                       const ntm_trend_forecast *fc, const double *pmet, size_t h)
{
    size_t nc = ntm_trend_n_components(f), best = 0;
    ntm_trend_component c[NTM_TREND_MAX_COMPONENTS], *b;
    for (size_t i = 0; i < nc && i < NTM_TREND_MAX_COMPONENTS; i++) {
        ntm_trend_component_get(f, i, &c[i]);
        if (c[i].weight > c[best].weight)
            best = i;
    }
    b = &c[best];
    fputs("{\"series\":", stdout);
    if (has_series)
        ntm_json_string(stdout, series);
    else
        fputs("null", stdout);
    printf(",\"n\":%zu,\"model\":\"%s\",\"best\":\"%s\",\"weights\":{", ntm_trend_n(f),
           ntm_model_name(ntm_trend_model(f)), comp_name(b));
    for (size_t i = 0; i < nc; i++) {
        printf("%s\"%s\":", i ? "," : "", comp_name(&c[i]));
        put_num(stdout, c[i].weight);
    }
    fputs("},\"params\":{", stdout);
    for (size_t i = 0; i < b->n_params; i++) {
        printf("%s\"%s\":", i ? "," : "", b->param[i].name);
        put_num(stdout, b->param[i].value);
    }
    fputs("},\"se\":{", stdout);
    for (size_t i = 0; i < b->n_params; i++) {
        printf("%s\"%s\":", i ? "," : "", b->param[i].name);
        put_num(stdout, b->param[i].se);
    }
    fputs("}", stdout);
    int notes = 0;
    for (size_t i = 0; i < b->n_params; i++)
        if (b->param[i].why) {
            printf("%s\"%s\":", notes++ ? "," : ",\"notes\":{", b->param[i].name);
            ntm_json_string(stdout, b->param[i].why);
        }
    if (notes)
        fputs("}", stdout);
    fputs(",\"rss\":", stdout);
    put_num(stdout, b->rss);
    fputs(",\"sigma\":", stdout);
    put_num(stdout, b->sigma);
    fputs(",\"aicc\":", stdout);
    put_num(stdout, b->aicc);
    json_prior(f);
    fputs(",\"forecast\":[", stdout);
    for (size_t k = 0; k < h; k++) {
        const ntm_trend_forecast *x = &fc[k];
        double v[7] = {x->t, x->median, x->mean, x->lo80, x->hi80, x->lo95, x->hi95};
        static const char *const nm[7] = {"t", "median", "mean", "lo80", "hi80", "lo95", "hi95"};
        fputs(k ? ",{" : "{", stdout);
        for (int j = 0; j < 7; j++) {
            printf("%s\"%s\":", j ? "," : "", nm[j]);
            put_num(stdout, v[j]);
        }
        if (pmet) {
            fputs(",\"p_met\":", stdout);
            put_num(stdout, pmet[k]);
        }
        fputs("}", stdout);
    }
    fputs("]}\n", stdout);
}

static void print_csv(const char *series, const ntm_trend_fit *f, const ntm_trend_forecast *fc,
                      const double *pmet, size_t h)
{
    for (size_t k = 0; k < h; k++) {
        const ntm_trend_forecast *x = &fc[k];
        double v[7] = {x->t, x->median, x->mean, x->lo80, x->hi80, x->lo95, x->hi95};
        ntm_csv_field(stdout, series);
        printf(",%s,%zu", ntm_model_name(ntm_trend_model(f)), ntm_trend_n(f));
        for (int j = 0; j < 7; j++) {
            char b[64];
            printf(",%s", ntm_fmt_plain(b, sizeof b, v[j], 0));
        }
        if (pmet) {
            char b[64];
            printf(",%s", ntm_fmt_plain(b, sizeof b, pmet[k], 0));
        }
        putchar('\n');
    }
}

/* The pooled model's prior: where it comes from, theta, phi, c, lambda, omega. */
static void table_prior(const ntm_cli *cli, const ntm_trend_fit *f, const char *prior_src)
{
    const ntm_pooled_prior *p = ntm_trend_pooled_prior(f);
    char b[6][64];
    if (!p)
        return;
    if (p->origin == NTM_PRIOR_SIBLINGS)
        printf("  %s: %s (%zu)\n", ntm_tr(cli, "Prior"),
               ntm_tr(cli, "learned from the other series of the file (siblings)"), p->n_siblings);
    else if (p->origin == NTM_PRIOR_CATALOG)
        printf("  %s: %s\n", ntm_tr(cli, "Prior"), prior_src ? prior_src : "");
    else
        printf("  %s: %s\n", ntm_tr(cli, "Prior"),
               ntm_tr(cli, "none (a drift with a flat prior and the default range growth)"));
    if (p->origin != NTM_PRIOR_FLAT)
        printf("    mu %s  tau %s  nu0 %s  s0 %s (%s)\n",
               ntm_fmt_number(b[0], 64, p->mu * p->zunit, 4, cli->lang),
               ntm_fmt_number(b[1], 64, p->tau * p->zunit, 4, cli->lang),
               ntm_fmt_number(b[2], 64, p->nu0, 3, cli->lang),
               ntm_fmt_number(b[3], 64, p->s0 * p->zunit, 4, cli->lang), ntm_scale_name(p->scale));
    printf("    phi %s  c %s  lambda %s  omega %s\n",
           ntm_fmt_number(b[0], 64, p->phi, 2, cli->lang),
           ntm_fmt_number(b[1], 64, p->c, 2, cli->lang),
           ntm_fmt_number(b[2], 64, p->lambda, 2, cli->lang),
           ntm_fmt_number(b[3], 64, ntm_trend_omega(f), 3, cli->lang));
    if (mostly_siblings(f))
        printf("  %s\n",
               ntm_tr(cli, "not enough data to forecast: the trend mostly follows similar units"));
}

static void print_table(const ntm_cli *cli, const char *series, int has_series,
                        const ntm_trend_fit *f, const ntm_trend_forecast *fc, const double *pmet,
                        size_t h, const char *prior_src)
{
    char b1[64], b2[64];
    if (has_series)
        printf("%s %s\n", ntm_tr(cli, "Series"), series);
    printf("%s: %s, n = %zu\n", ntm_tr(cli, "Model"), ntm_model_name(ntm_trend_model(f)),
           ntm_trend_n(f));
    table_prior(cli, f, prior_src);
    for (size_t i = 0; i < ntm_trend_n_components(f); i++) {
        ntm_trend_component c;
        ntm_trend_component_get(f, i, &c);
        printf("  %-16s %s %s", comp_name(&c), ntm_tr(cli, "weight"),
               ntm_fmt_number(b1, sizeof b1, c.weight, 3, cli->lang));
        printf("  sigma %s  AICc %s\n", ntm_fmt_number(b1, sizeof b1, c.sigma, 4, cli->lang),
               ntm_fmt_number(b2, sizeof b2, c.aicc, 2, cli->lang));
        for (size_t j = 0; j < c.n_params; j++) {
            printf("    %-10s %14s  (%s %s)", c.param[j].name,
                   ntm_fmt_number(b1, sizeof b1, c.param[j].value, 6, cli->lang),
                   ntm_tr(cli, "s.e."), ntm_fmt_number(b2, sizeof b2, c.param[j].se, 6, cli->lang));
            if (c.param[j].why)
                printf("  %s", c.param[j].why);
            putchar('\n');
        }
    }
    printf("  %8s %12s %12s %12s %12s %12s %12s", "t", ntm_tr(cli, "median"), ntm_tr(cli, "mean"),
           "80% -", "80% +", "95% -", "95% +");
    if (pmet)
        printf(" %12s", ntm_tr(cli, "P(met)"));
    putchar('\n');
    for (size_t k = 0; k < h; k++) {
        const ntm_trend_forecast *x = &fc[k];
        double v[6] = {x->median, x->mean, x->lo80, x->hi80, x->lo95, x->hi95};
        printf("  %8s", ntm_fmt_plain(b1, sizeof b1, x->t, 0)); /* a year: no grouping */
        for (int j = 0; j < 6; j++)
            printf(" %12s", ntm_fmt_number(b2, sizeof b2, v[j], 3, cli->lang));
        if (pmet)
            printf(" %12s", ntm_fmt_number(b2, sizeof b2, pmet[k], 3, cli->lang));
        putchar('\n');
    }
    putchar('\n');
}

/* ---- siblings ---------------------------------------------------------------------------- */

typedef struct tz {
    double t, z;
} tz;

static int cmp_tz(const void *a, const void *b)
{
    double x = ((const tz *)a)->t, w = ((const tz *)b)->t;
    return (x > w) - (x < w);
}

static const char *series_group(const table *tb, const size_t *order, const size_t *start, size_t s)
{
    const char *g = tb->rows[order[start[s]]].f[COL_GROUP];
    return g ? g : "";
}

/* Each series' prior from its siblings (the other series of its group) into PRI. The
 * pooled model's scale is the file's (SPEC and all of Y). */
static ntm_status sibling_priors(const table *tb, const size_t *order, const size_t *start,
                                 const double *t, const double *y, const double *d,
                                 const ntm_trend_spec *spec, ntm_pooled_prior *pri, ntm_error *err)
{
    double L;
    ntm_scale sc = ntm_trend_scale(spec, y, tb->n, &L);
    ntm_pooled_prior base;
    ntm_pooled_prior_flat(&base, sc, L);
    for (size_t s = 0; s < tb->n_series; s++)
        pri[s] = base;
    tz *pts = malloc(tb->n * sizeof *pts);
    double *tt = malloc(2 * tb->n * sizeof *tt);
    size_t *nn = malloc(tb->n_series * sizeof *nn), *idx = malloc(tb->n_series * sizeof *idx);
    const double **tp = malloc(2 * tb->n_series * sizeof *tp);
    ntm_pooled_prior *out = malloc(tb->n_series * sizeof *out);
    ntm_status st = NTM_OK;
    if (!pts || !tt || !nn || !idx || !tp || !out)
        st = ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t g = 0; g < tb->n_series && st == NTM_OK; g++) {
        const char *grp = series_group(tb, order, start, g);
        size_t k = 0, first = g, off = 0;
        for (size_t s = 0; s < g && first == g; s++)
            if (strcmp(series_group(tb, order, start, s), grp) == 0)
                first = s;
        if (first != g)
            continue; /* this group was done with its first series */
        for (size_t s = g; s < tb->n_series; s++) {
            if (strcmp(series_group(tb, order, start, s), grp) != 0)
                continue;
            size_t n = start[s + 1] - start[s];
            for (size_t j = 0; j < n; j++) {
                size_t i = order[start[s] + j];
                pts[j] = (tz){t[i], ntm_trend_z(sc, L, y[i], d[i])};
            }
            qsort(pts, n, sizeof *pts, cmp_tz);
            for (size_t j = 0; j < n; j++) {
                tt[off + j] = pts[j].t;
                tt[tb->n + off + j] = pts[j].z;
            }
            tp[k] = tt + off;
            tp[tb->n_series + k] = tt + tb->n + off;
            nn[k] = n;
            idx[k++] = s;
            off += n;
        }
        ntm_pooled_panel pn = {k, nn, tp, tp + tb->n_series};
        st = ntm_pooled_priors(&pn, &base, 1, out, err);
        for (size_t j = 0; j < k && st == NTM_OK; j++)
            pri[idx[j]] = out[j];
    }
    free(pts);
    free(tt);
    free(nn);
    free(idx);
    free(tp);
    free(out);
    return st;
}

/* ---- the command ----------------------------------------------------------------------- */

static ntm_status parse_field(const char *path, const row *r, int c, ntm_numstyle style,
                              double *out, ntm_error *err)
{
    const char *why = NULL;
    if (ntm_parse_double(r->f[c], style, out, &why) != NTM_OK)
        return ntm_error_set(err, NTM_EINPUT, "%s:%ld: column '%s': '%s' %s", path, r->line,
                             col_name[c], r->f[c], why ? why : "is not a number");
    if (!isfinite(*out))
        return ntm_error_set(err, NTM_EINPUT, "%s:%ld: column '%s': '%s' is not finite", path,
                             r->line, col_name[c], r->f[c]);
    return NTM_OK;
}

int cmd_fit(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {
        NTM_CLI_COMMON_OPTIONS,
        {"model", required_argument, NULL, 'm'},
        {"ceiling", required_argument, NULL, 'c'},
        {"prior", required_argument, NULL, 'p'},
        {"horizon", required_argument, NULL, 'H'},
        {"threshold", required_argument, NULL, 'T'},
        {"direction", required_argument, NULL, 'D'},
        {NULL, 0, NULL, 0},
    };
    double threshold = NAN;
    int direction = -1; /* NTM_DIR_MIN or NTM_DIR_MAX */
    ntm_trend_spec spec;
    ntm_trend_spec_init(&spec);
    const char *prior_path = NULL;
    long horizon = DEFAULT_HORIZON;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char *why = NULL;
        if (c == 'm') {
            if (ntm_model_from_name(optarg, &spec.model) != 0)
                return ntm_cli_usage(cli, "--model: %s '%s'", ntm_tr(cli, "no such model"), optarg);
        } else if (c == 'c') {
            if (strcmp(optarg, "auto") == 0)
                spec.estimate_ceiling = 1;
            else if (ntm_parse_double(optarg, NTM_NUM_AUTO, &spec.ceiling, &why) != NTM_OK ||
                     !(spec.ceiling > 0) || !isfinite(spec.ceiling))
                return ntm_cli_usage(cli, "--ceiling '%s': %s", optarg,
                                     why ? why : ntm_tr(cli, "must be a positive number or auto"));
        } else if (c == 'p') {
            prior_path = strcmp(optarg, "flat") == 0 ? NULL : optarg;
        } else if (c == 'H') {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 1, MAX_HORIZON, &horizon, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--horizon '%s': %s (1..%d)", optarg, why, MAX_HORIZON);
        } else if (c == 'T') {
            if (ntm_parse_double(optarg, NTM_NUM_AUTO, &threshold, &why) != NTM_OK ||
                !isfinite(threshold))
                return ntm_cli_usage(cli, "--threshold '%s': %s", optarg,
                                     why ? why : ntm_tr(cli, "is not a number"));
        } else if (c == 'D') {
            if (strcmp(optarg, "min") == 0)
                direction = NTM_DIR_MIN;
            else if (strcmp(optarg, "max") == 0)
                direction = NTM_DIR_MAX;
            else
                return ntm_cli_usage(cli, "--direction '%s': %s", optarg,
                                     ntm_tr(cli, "must be min or max"));
        } else if (c == '?') {
            return ntm_cli_usage(cli, "%s", ntm_tr(cli, "invalid option"));
        } else {
            int rc = ntm_cli_common(cli, c, optarg);
            if (rc == 1) {
                usage(cli);
                return NTM_EXIT_OK;
            }
            if (rc)
                return rc;
        }
    }
    if (optind + 1 != argc)
        return ntm_cli_usage(cli, "%s",
                             optind < argc ? ntm_tr(cli, "one file only")
                                           : ntm_tr(cli, "missing the CSV file"));
    if (isfinite(threshold) != (direction >= 0))
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "--threshold and --direction go together"));
    if (spec.estimate_ceiling && spec.model != NTM_MODEL_AUTO && spec.model != NTM_MODEL_AICC &&
        spec.model != NTM_MODEL_LOGISTIC)
        return ntm_cli_usage(cli, "--ceiling auto %s",
                             ntm_tr(cli, "only goes with the logistic or auto model"));
    const char *path = argv[optind];
    gsl_set_error_handler_off();

    ntm_error err = {0};
    ntm_prior prior;
    char *prior_src = NULL;
    if (prior_path) {
        ntm_model pm;
        if (read_prior(prior_path, &prior, &prior_src, &pm, &err) != NTM_OK)
            return ntm_cli_fail(cli, &err);
        spec.prior = &prior;
        spec.prior_model = pm != NTM_MODEL_AUTO ? pm : spec.model;
    }

    table tb;
    int code = NTM_EXIT_OK;
    double *t = NULL, *y = NULL, *d = NULL;
    size_t *order = NULL, *start = NULL;
    ntm_trend_forecast *fc = NULL;
    ntm_pooled_prior *pri = NULL;
    double *pmet = NULL;
    if (read_table(path, &tb, &err) != NTM_OK || group_series(&tb, &err) != NTM_OK) {
        code = ntm_cli_fail(cli, &err);
        goto out;
    }
    /* One number style for the whole file. */
    size_t vi = 0, en = 0;
    for (size_t i = 0; i < tb.n; i++)
        for (int k = 0; k < NCOL; k++)
            if (k != COL_SERIES && k != COL_GROUP && tb.rows[i].f[k]) {
                ntm_numstyle v = ntm_number_vote(tb.rows[i].f[k]);
                vi += v == NTM_NUM_VI;
                en += v == NTM_NUM_EN;
            }
    ntm_numstyle style = en > vi ? NTM_NUM_EN : vi > en ? NTM_NUM_VI : NTM_NUM_AUTO;

    t = malloc(tb.n * sizeof *t);
    y = malloc(tb.n * sizeof *y);
    d = malloc(tb.n * sizeof *d);
    order = malloc(tb.n * sizeof *order);
    start = calloc(tb.n_series + 1, sizeof *start);
    fc = malloc((size_t)horizon * sizeof *fc);
    pmet = malloc((size_t)horizon * sizeof *pmet);
    pri = malloc(tb.n_series * sizeof *pri);
    if (!t || !y || !d || !order || !start || !fc || !pmet || !pri) {
        ntm_error_set(&err, NTM_ENOMEM, "out of memory");
        code = ntm_cli_fail(cli, &err);
        goto out;
    }
    /* Parse every number first: a bad one stops everything before any output. */
    int all_nonneg = 1, rate = tb.col[COL_DEN] >= 0;
    for (size_t i = 0; i < tb.n; i++) {
        const row *r = &tb.rows[i];
        double num = NAN, den = NAN;
        if (!r->f[COL_T]) {
            ntm_error_set(&err, NTM_EINPUT, "%s:%ld: column 't' is empty", path, r->line);
            code = ntm_cli_fail(cli, &err);
            goto out;
        }
        if (parse_field(path, r, COL_T, style, &t[i], &err) != NTM_OK ||
            (r->f[COL_NUM] && parse_field(path, r, COL_NUM, style, &num, &err) != NTM_OK) ||
            (r->f[COL_DEN] && parse_field(path, r, COL_DEN, style, &den, &err) != NTM_OK) ||
            (r->f[COL_Y] && parse_field(path, r, COL_Y, style, &y[i], &err) != NTM_OK)) {
            code = ntm_cli_fail(cli, &err);
            goto out;
        }
        if (r->f[COL_DEN] && !(den > 0)) {
            ntm_error_set(&err, NTM_EINPUT, "%s:%ld: column 'denominator': '%s' is not positive",
                          path, r->line, r->f[COL_DEN]);
            code = ntm_cli_fail(cli, &err);
            goto out;
        }
        if (!r->f[COL_Y]) {
            if (!r->f[COL_NUM] || !r->f[COL_DEN]) {
                ntm_error_set(&err, NTM_EINPUT,
                              "%s:%ld: column 'y' is empty (and no numerator and denominator)",
                              path, r->line);
                code = ntm_cli_fail(cli, &err);
                goto out;
            }
            y[i] = 100.0 * num / den;
        }
        d[i] = den;
        all_nonneg &= y[i] >= 0;
    }
    spec.is_rate = rate;
    spec.allow_ties = tb.x_is_regressor;
    spec.nonnegative = all_nonneg;

    /* Rows by series (counting sort keeps file order within a series). */
    for (size_t i = 0; i < tb.n; i++)
        start[tb.rows[i].series + 1]++;
    for (size_t s = 0; s < tb.n_series; s++)
        start[s + 1] += start[s];
    {
        size_t *fill = calloc(tb.n_series, sizeof *fill);
        if (!fill) {
            ntm_error_set(&err, NTM_ENOMEM, "out of memory");
            code = ntm_cli_fail(cli, &err);
            goto out;
        }
        for (size_t i = 0; i < tb.n; i++) {
            size_t s = tb.rows[i].series;
            order[start[s] + fill[s]++] = i;
        }
        free(fill);
    }
    int pooled = spec.model == NTM_MODEL_AUTO || spec.model == NTM_MODEL_POOLED;
    if (pooled && sibling_priors(&tb, order, start, t, y, d, &spec, pri, &err) != NTM_OK) {
        code = ntm_cli_fail(cli, &err);
        goto out;
    }
    int has_series = tb.col[COL_SERIES] >= 0;
    if (cli->format == NTM_FORMAT_CSV)
        printf("series,model,n,t,median,mean,lo80,hi80,lo95,hi95%s\n",
               isfinite(threshold) ? ",p_met" : "");
    size_t failed = 0;
    for (size_t s = 0; s < tb.n_series; s++) {
        size_t n = start[s + 1] - start[s];
        double *ts = malloc((3 * n + (size_t)horizon) * sizeof *ts);
        if (!ts) {
            ntm_error_set(&err, NTM_ENOMEM, "out of memory");
            code = ntm_cli_fail(cli, &err);
            goto out;
        }
        double *ys = ts + n, *ds = ts + 2 * n;
        long first = tb.rows[order[start[s]]].line, last = first;
        for (size_t k = 0; k < n; k++) {
            size_t i = order[start[s] + k];
            ts[k] = t[i];
            ys[k] = y[i];
            ds[k] = d[i];
            if (tb.rows[i].line > last)
                last = tb.rows[i].line;
        }
        ntm_trend_fit *f = NULL;
        spec.pooled = pooled && pri[s].origin == NTM_PRIOR_SIBLINGS ? &pri[s] : NULL;
        ntm_status st = ntm_trend_fit_new(&f, &spec, ts, ys, rate ? ds : NULL, n, &err);
        size_t h = (size_t)horizon;
        if (st == NTM_OK) {
            for (size_t k = 0; k < h; k++)
                fc[k].t = ntm_trend_t_last(f) + (double)(k + 1);
            for (size_t k = 0; k < h; k++)
                ts[k] = fc[k].t; /* ts is free again: reuse it for the times */
            st = ntm_trend_forecast_many(f, ts, h, fc);
            for (size_t k = 0; st == NTM_OK && isfinite(threshold) && k < h; k++) {
                double below;
                st = ntm_trend_prob_below(f, fc[k].t, threshold, &below);
                pmet[k] = direction == NTM_DIR_MAX ? below : 1.0 - below;
            }
        }
        free(ts);
        if (st != NTM_OK) {
            if (st == NTM_ENUMERIC && !err.msg[0])
                ntm_error_set(&err, st, "the forecast cannot be computed");
            fprintf(stderr, "%s: %s%s%s%s%s (%s %ld-%ld): %s\n", cli->prog, path,
                    has_series ? ": " : "", has_series ? ntm_tr(cli, "series '") : "",
                    has_series ? tb.names[s] : "", has_series ? "'" : "", ntm_tr(cli, "lines"),
                    first, last, err.msg);
            ntm_error_clear(&err);
            ntm_trend_fit_free(f);
            failed++;
            continue;
        }
        const char *name = has_series ? tb.names[s] : "";
        const double *pm = isfinite(threshold) ? pmet : NULL;
        if (cli->format == NTM_FORMAT_JSON)
            print_json(name, has_series, f, fc, pm, h);
        else if (cli->format == NTM_FORMAT_CSV)
            print_csv(name, f, fc, pm, h);
        else
            print_table(cli, name, has_series, f, fc, pm, h, prior_src);
        ntm_trend_fit_free(f);
    }
    if (failed)
        code = NTM_EXIT_FAIL;
out:
    free(t);
    free(y);
    free(d);
    free(order);
    free(start);
    free(fc);
    free(pmet);
    free(pri);
    table_release(&tb);
    free(prior_src);
    return code;
}
