/* project.c: `ntmplan project`: for every indicator of a unit with history or a prior,
 * the trend model, the projection with 80% and 95% ranges, P(met) at each year-end, and
 * the year its threshold is expected to be met (median and 80% range, or "not by YEAR");
 * for indicators met now, P(still met). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "engine/baseline.h"
#include "engine/projection.h"
#include "engine/scorecard.h"
#include "engine/trend.h"
#include "io/number.h"
#include "io/text.h"
#include "store/store.h"
#include "store/store_series.h"

#define PROJECT_DRAWS 4000 /* paths for the first-year-met distribution: MC se <= 0,8 points */

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan project [--unit NAME] [--to YEAR] [--seed N] [--format "
            "table|csv|json]\n\n"
            "Projects every indicator with data or a prior: the trend model, the median with 80%\n"
            "and 95% ranges, P(met) at each year-end, the year the threshold is expected to be "
            "met\n"
            "(median and 80% range); for indicators met now, P(still met). Default horizon 2030."));
}

static const char *pct_or_num(const ntm_cli *cli, const ntm_indicator *ind, double v, char *b,
                              size_t size)
{
    if (ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM)
        return ntm_fmt_percent(b, size, v, 1, cli->lang);
    return ntm_fmt_number(b, size, v, fabs(v) >= 100 ? 0 : 2, cli->lang);
}

static void json_num(double v)
{
    char b[40];
    fputs(ntm_fmt_plain(b, sizeof b, v, 1), stdout);
}

/* The last calendar year of IND's data when `project` fits a trend to it (2 points or
 * more, or a prior), else 0. */
static int projected_from(const ntm_catalog *cat, const ntm_indicator *ind,
                          const ntm_observation *obs, size_t n_obs)
{
    if (ind->kind == NTM_KIND_BINARY)
        return 0;
    ntm_series s;
    ntm_baseline_series(cat, ind, obs, n_obs, INFINITY, &s);
    if (s.n == 0 || (s.n < 2 && !ntm_baseline_has_prior(ind)))
        return 0;
    double last_t = s.t[0];
    for (size_t i = 1; i < s.n; i++)
        if (s.t[i] > last_t)
            last_t = s.t[i];
    return (int)floor(last_t);
}

/* Refuses a horizon outside what every projected indicator can reach: from the year of
 * its last data to NTM_PROJECTION_MAX_YEARS year-ends later (the engine's bound). Checked
 * before anything is printed. */
static ntm_status check_horizon(const ntm_cli *cli, const ntm_catalog *cat, const ntm_scorecard *sc,
                                const ntm_observation *obs, size_t n_obs, long to_year,
                                ntm_error *err)
{
    for (size_t i = 0; i < sc->n_ind; i++) {
        const ntm_indicator *ind = sc->ind[i].ind;
        int from = projected_from(cat, ind, obs, n_obs);
        if (!from)
            continue;
        if (to_year < from)
            return ntm_error_set(err, NTM_EINPUT,
                                 ntm_tr(cli, "--to %ld: before the last data of indicator %s "
                                             "(%d), where the projection starts"),
                                 to_year, ind->code, from);
        if (to_year - from + 1 > NTM_PROJECTION_MAX_YEARS)
            return ntm_error_set(err, NTM_EINPUT,
                                 ntm_tr(cli, "--to %ld: a projection covers at most %d years "
                                             "from the last data (indicator %s: %d), so --to "
                                             "%d at the latest"),
                                 to_year, NTM_PROJECTION_MAX_YEARS, ind->code, from,
                                 from + NTM_PROJECTION_MAX_YEARS - 1);
    }
    return NTM_OK;
}

/* Why the engine could not project IND, on stderr in the user's language. Returns -1. */
static int projection_failed(const ntm_cli *cli, const ntm_indicator *ind, const char *what,
                             const ntm_error *err)
{
    fprintf(stderr, "%s %s: %s %s: %s (%s)\n", cli->prog, cli->command ? cli->command : "",
            ntm_tr(cli, "indicator"), ind->code, what,
            err->status == NTM_ENOMEM ? ntm_tr(cli, "out of memory") : err->msg);
    return -1;
}

/* The prior from the units of the same criteria set with this indicator (the unit itself
 * left out) into *OUT; NULL when there are too few of them (the catalog's prior is used). */
static const ntm_pooled_prior *sibling_prior(const ntm_cli *cli, const ntm_catalog *cat,
                                             const ntm_indicator *ind, const ntm_observation *obs,
                                             size_t n_obs, const ntm_series *s,
                                             ntm_pooled_prior *out)
{
    const char *codes[32];
    size_t nc = 0;
    codes[nc++] = ind->code;
    for (size_t i = 0; i < cat->n_indicators && nc < 32; i++)
        if (cat->indicators[i].part_of && strcmp(cat->indicators[i].part_of, ind->code) == 0)
            codes[nc++] = cat->indicators[i].code;
    ntm_observation *sib = NULL;
    size_t n_sib = 0;
    ntm_error err = {0};
    int ok = n_obs > 0 &&
             ntm_store_sibling_observations(cli->db_path, cat->id, codes, nc, obs[0].unit, &sib,
                                            &n_sib, &err) == NTM_OK &&
             ntm_baseline_sibling_prior(cat, ind, sib, n_sib, INFINITY, s, out, &err) == NTM_OK;
    ntm_store_free_observations(sib, n_sib);
    return ok && out->origin == NTM_PRIOR_SIBLINGS ? out : NULL;
}

/* Projects one indicator and prints it. Returns 1 when printed, 0 when skipped, -1 when
 * the engine failed (said on stderr, nothing printed). */
static int project_one(const ntm_cli *cli, const ntm_catalog *cat, const ntm_indicator_result *ir,
                       const ntm_observation *obs, size_t n_obs, int to_year, uint64_t seed,
                       int *csv_header)
{
    const ntm_indicator *ind = ir->ind;
    if (ind->kind == NTM_KIND_BINARY)
        return 0;
    ntm_series s;
    ntm_baseline_series(cat, ind, obs, n_obs, INFINITY, &s);
    if (s.n == 0)
        return 0;
    ntm_pooled_prior sib_prior;
    const ntm_pooled_prior *sibs = sibling_prior(cli, cat, ind, obs, n_obs, &s, &sib_prior);
    int prior = ntm_baseline_has_prior(ind) || sibs;
    ntm_error err = {0};
    ntm_trend_fit *fit = NULL;
    char a[64], b[64], c[64];
    const ntm_threshold *thr = ir->threshold;
    double last_t = s.t[0];
    for (size_t i = 1; i < s.n; i++)
        if (s.t[i] > last_t)
            last_t = s.t[i];
    int first_year = (int)floor(last_t);
    if (s.n < 2 && !prior) {
        if (cli->format == NTM_FORMAT_TABLE)
            printf(
                "\n%s  %s — %s\n", ind->code,
                cli->lang == NTM_LANG_EN && ind->name_en ? ind->name_en : ind->name_vi,
                ntm_tr(cli,
                       "too little data to project (1 point; needs 2 or a prior in the catalog)"));
        else if (cli->format == NTM_FORMAT_JSON) {
            printf("{\"code\":");
            ntm_json_string(stdout, ind->code);
            printf(",\"projection\":null,\"reason\":\"one point and no prior\"}\n");
        }
        return 1;
    }
    if (ntm_baseline_fit_with(ind, &s, sibs, &fit, &err) != NTM_OK)
        return projection_failed(cli, ind, ntm_tr(cli, "no projection"), &err);
    ntm_projection pr;
    ntm_projection_spec ps = {.fit = fit,
                              .lower = thr ? thr->lower : NAN,
                              .upper = thr ? thr->upper : NAN,
                              .first_year = first_year,
                              .last_year = to_year,
                              .draws = PROJECT_DRAWS,
                              .seed = seed};
    int with_thr = thr != NULL;
    ntm_status rc;
    if (with_thr) {
        rc = ntm_projection_compute(&ps, &pr, &err);
    } else { /* forecasts only, within the engine's bound (check_horizon) */
        memset(&pr, 0, sizeof pr);
        pr.n_years = to_year - first_year + 1;
        rc = NTM_OK;
        if (pr.n_years < 1 || pr.n_years > NTM_PROJECTION_MAX_YEARS)
            rc = ntm_error_set(&err, NTM_EINPUT, "projection years %d..%d out of range", first_year,
                               to_year);
        for (int i = 0; i < pr.n_years && rc == NTM_OK; i++) {
            pr.year[i] = first_year + i;
            rc = ntm_trend_forecast_at(fit, ntm_year_end(pr.year[i]), &pr.forecast[i]);
        }
    }
    if (rc != NTM_OK) {
        ntm_trend_fit_free(fit);
        return projection_failed(cli, ind, ntm_tr(cli, "no projection"), &err);
    }
    size_t nc = ntm_trend_n_components(fit);
    ntm_trend_component comp[NTM_TREND_MAX_COMPONENTS];
    for (size_t k = 0; k < nc && k < NTM_TREND_MAX_COMPONENTS; k++)
        ntm_trend_component_get(fit, k, &comp[k]);
    int met_now = ir->state == NTM_STATE_MET;

    if (cli->format == NTM_FORMAT_TABLE) {
        printf("\n%s  %s — %s\n", ind->code,
               cli->lang == NTM_LANG_EN && ind->name_en ? ind->name_en : ind->name_vi,
               met_now                        ? ntm_tr(cli, "met now")
               : ir->state == NTM_STATE_UNMET ? ntm_tr(cli, "unmet")
                                              : ntm_tr(cli, "unknown"));
        printf("    %s:", ntm_tr(cli, "Model"));
        for (size_t k = 0; k < nc && k < NTM_TREND_MAX_COMPONENTS; k++)
            printf("%s %s (%s %s)", k ? "," : "", ntm_model_name(comp[k].model),
                   ntm_tr(cli, "weight"),
                   ntm_fmt_number(a, sizeof a, comp[k].weight, 2, cli->lang));
        printf("; %zu %s (%d", s.n, ntm_tr(cli, "data points"), (int)floor(s.t[0]));
        if (s.n > 1)
            printf("–%d", first_year);
        printf(")\n");
        const ntm_pooled_prior *pp = ntm_trend_pooled_prior(fit); /* the prior used */
        if (pp && pp->origin == NTM_PRIOR_SIBLINGS)
            printf("    %s: %s (%zu)\n", ntm_tr(cli, "Prior"),
                   ntm_tr(cli, "learned from the other units with this indicator"), pp->n_siblings);
        else if (pp && pp->origin == NTM_PRIOR_FLAT)
            printf("    %s: %s\n", ntm_tr(cli, "Prior"),
                   ntm_tr(cli, "none (a drift with a flat prior and the default range growth)"));
        else
            printf("    %s: %s\n", ntm_tr(cli, "Prior"),
                   prior ? (ind->prior.source ? ind->prior.source : "?")
                         : ntm_tr(cli, "none (the unit's data only)"));
        if (pp && (ntm_trend_omega(fit) < 0.5 || s.n <= 2))
            printf(
                "    %s (omega %s)\n",
                ntm_tr(cli, "not enough data to forecast: the trend mostly follows similar units"),
                ntm_fmt_number(a, sizeof a, ntm_trend_omega(fit), 2, cli->lang));
        if (thr)
            printf("    %s: %s\n", ntm_tr(cli, "Threshold"), thr->text ? thr->text : "");
        const char *head[] = {ntm_tr(cli, "Year"), ntm_tr(cli, "Median"), ntm_tr(cli, "80% range"),
                              ntm_tr(cli, "95% range")};
        const int width[] = {7, 10, 18, 18};
        printf("    ");
        for (int k = 0; k < 4; k++) {
            printf("%s", head[k]);
            for (int w = ntm_text_width(head[k]); w < width[k]; w++)
                putchar(' ');
        }
        printf("%s\n",
               with_thr ? (met_now ? ntm_tr(cli, "P(still met)") : ntm_tr(cli, "P(met)")) : "");
        for (int i = 0; i < pr.n_years; i++) {
            const ntm_trend_forecast *f = &pr.forecast[i];
            char r80[64], r95[64];
            snprintf(r80, sizeof r80, "%s – %s", pct_or_num(cli, ind, f->lo80, a, sizeof a),
                     pct_or_num(cli, ind, f->hi80, b, sizeof b));
            snprintf(r95, sizeof r95, "%s – %s", pct_or_num(cli, ind, f->lo95, a, sizeof a),
                     pct_or_num(cli, ind, f->hi95, b, sizeof b));
            printf("    %-7d%-10s", pr.year[i], pct_or_num(cli, ind, f->median, c, sizeof c));
            printf("%s", r80);
            for (int w = ntm_text_width(r80); w < 18; w++)
                putchar(' ');
            printf("%s", r95);
            for (int w = ntm_text_width(r95); w < 18; w++)
                putchar(' ');
            if (with_thr)
                printf("%s", ntm_fmt_percent(a, sizeof a, 100 * pr.p_met[i], 0, cli->lang));
            printf("\n");
        }
        if (with_thr && !met_now) {
            printf("    %s: ", ntm_tr(cli, "Expected year met"));
            if (pr.first_q50)
                printf("%d", pr.first_q50);
            else
                printf(ntm_tr(cli, "not by the end of %d"), to_year);
            /* xgettext:no-c-format */
            printf(" (%s: %s", ntm_tr(cli, "80% interval"),
                   pr.first_q10 ? "" : ntm_tr(cli, "after "));
            if (pr.first_q10)
                printf("%d", pr.first_q10);
            else
                printf("%d", to_year);
            printf(" – ");
            if (pr.first_q90)
                printf("%d)", pr.first_q90);
            else
                printf(ntm_tr(cli, "after %d)"), to_year);
            printf("; P(%s %d) = %s\n", ntm_tr(cli, "not met by"), to_year,
                   ntm_fmt_percent(a, sizeof a, 100 * pr.p_never, 0, cli->lang));
        } else if (!with_thr) {
            printf("    %s\n", ntm_tr(cli, "No confirmed threshold: no probability of meeting it"));
        }
    } else if (cli->format == NTM_FORMAT_JSON) {
        printf("{\"code\":");
        ntm_json_string(stdout, ind->code);
        printf(",\"state\":\"%s\",\"n\":%zu,\"components\":[", ntm_state_name(ir->state), s.n);
        for (size_t k = 0; k < nc && k < NTM_TREND_MAX_COMPONENTS; k++) {
            printf("%s{\"model\":\"%s\",\"weight\":", k ? "," : "", ntm_model_name(comp[k].model));
            json_num(comp[k].weight);
            printf("}");
        }
        printf("],\"prior_source\":");
        const ntm_pooled_prior *jp = ntm_trend_pooled_prior(fit);
        ntm_json_string(
            stdout, prior && !(jp && jp->origin == NTM_PRIOR_SIBLINGS) ? ind->prior.source : NULL);
        if (jp) { /* which prior the pooled trend used, its sibling count and omega */
            printf(",\"prior_origin\":\"%s\",\"siblings\":%zu,\"omega\":",
                   jp->origin == NTM_PRIOR_SIBLINGS  ? "siblings"
                   : jp->origin == NTM_PRIOR_CATALOG ? "catalog"
                                                     : "flat",
                   jp->n_siblings);
            json_num(ntm_trend_omega(fit));
        }
        printf(",\"threshold\":");
        if (thr) {
            printf("{\"lower\":");
            json_num(thr->lower);
            printf(",\"upper\":");
            json_num(thr->upper);
            printf("}");
        } else {
            printf("null");
        }
        printf(",\"years\":[");
        for (int i = 0; i < pr.n_years; i++) {
            const ntm_trend_forecast *f = &pr.forecast[i];
            printf("%s{\"year\":%d,\"median\":", i ? "," : "", pr.year[i]);
            json_num(f->median);
            printf(",\"lo80\":");
            json_num(f->lo80);
            printf(",\"hi80\":");
            json_num(f->hi80);
            printf(",\"lo95\":");
            json_num(f->lo95);
            printf(",\"hi95\":");
            json_num(f->hi95);
            printf(",\"p_met\":");
            json_num(with_thr ? pr.p_met[i] : NAN);
            printf("}");
        }
        printf("],\"first_met\":");
        if (with_thr && !met_now)
            printf("{\"q10\":%d,\"q50\":%d,\"q90\":%d,\"p_not_by_horizon\":", pr.first_q10,
                   pr.first_q50, pr.first_q90);
        if (with_thr && !met_now) {
            json_num(pr.p_never);
            printf("}");
        } else {
            printf("null");
        }
        printf("}\n");
    } else {
        if (!*csv_header) {
            printf("code,state,year,median,lo80,hi80,lo95,hi95,p_met,models\n");
            *csv_header = 1;
        }
        for (int i = 0; i < pr.n_years; i++) {
            const ntm_trend_forecast *f = &pr.forecast[i];
            printf("%s,%s,%d,", ind->code, ntm_state_name(ir->state), pr.year[i]);
            double v[] = {f->median, f->lo80, f->hi80,
                          f->lo95,   f->hi95, with_thr ? pr.p_met[i] : NAN};
            for (int k = 0; k < 6; k++)
                printf("%s,", ntm_fmt_plain(a, sizeof a, v[k], 0));
            for (size_t k = 0; k < nc && k < NTM_TREND_MAX_COMPONENTS; k++)
                printf("%s%s:%s", k ? ";" : "", ntm_model_name(comp[k].model),
                       ntm_fmt_plain(a, sizeof a, comp[k].weight, 0));
            printf("\n");
        }
    }
    ntm_trend_fit_free(fit);
    return 1;
}

int cmd_project(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"unit", required_argument, NULL, 'u'},
                                         {"to", required_argument, NULL, 't'},
                                         {"seed", required_argument, NULL, 's'},
                                         {NULL, 0, NULL, 0}};
    const char *unit_q = NULL;
    long to_year = 2030, seed = 1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char *why;
        if (c == 'u') {
            unit_q = optarg;
        } else if (c == 't') {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 1900, 2200, &to_year, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--to '%s': %s", optarg, why);
        } else if (c == 's') {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 0, 2147483647L, &seed, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--seed '%s': %s", optarg, why);
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
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_unit_data ud;
    int code = NTM_EXIT_OK;
    ntm_scorecard sc = {0};
    if (ntm_unit_data_load(cli, st, unit_q, &ud, &err) != NTM_OK ||
        ntm_scorecard_compute(&sc, &ud.cat, &ud.units[ud.pick], ud.obs, ud.n_obs, INFINITY, &err) !=
            NTM_OK) {
        code = ntm_cli_fail(cli, &err);
    } else if (check_horizon(cli, &ud.cat, &sc, ud.obs, ud.n_obs, to_year, &err) != NTM_OK) {
        code = ntm_cli_fail(cli, &err);
        ntm_scorecard_release(&sc);
    } else {
        if (cli->format == NTM_FORMAT_TABLE)
            printf("%s — %s %ld (%s %ld)\n", ud.units[ud.pick].name,
                   ntm_tr(cli, "projection to the end of"), to_year, ntm_tr(cli, "seed"), seed);
        int printed = 0, csv_header = 0;
        for (size_t i = 0; i < sc.n_ind; i++) {
            int r = project_one(cli, &ud.cat, &sc.ind[i], ud.obs, ud.n_obs, (int)to_year,
                                (uint64_t)seed, &csv_header);
            if (r < 0)
                code = NTM_EXIT_FAIL;
            else
                printed += r;
        }
        if (!printed && cli->format == NTM_FORMAT_TABLE)
            printf("%s\n", ntm_tr(cli, "No indicator has data to project."));
        ntm_scorecard_release(&sc);
    }
    ntm_unit_data_release(&ud);
    ntm_store_close(st);
    return code;
}
