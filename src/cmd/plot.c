/* plot.c: `ntmplan plot KIND --out FILE`: the committee's charts (render/charts.h),
 * built here from the store's data and the engine's results. The format follows the
 * output file's extension: .svg, .png (antialiased, for slides) or .pdf. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "plan/report_data.h"
#include "core/version.h"
#include "engine/baseline.h"
#include "engine/projection.h"
#include "engine/scorecard.h"
#include "io/number.h"
#include "render/charts.h"
#include "store/store.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan plot KIND [options] --out FILE.svg|png|pdf\n\n"
            "Chart kinds:\n"
            "  trajectory --unit NAME --indicator CODE [--target YEAR] [--deadline YEAR] [--to "
            "YEAR]\n"
            "             history, median projection, 80% and 95% bands, threshold, target year\n"
            "             and recognition deadline, P(met)\n"
            "  trajectory --unit NAME --all [--deadline YEAR]\n"
            "             every unmet indicator of the unit on one page\n"
            "  scorecard  --unit NAME   the criteria: met / at risk / unmet / unknown\n"
            "  roadmap SCENARIO.ini     roadmap: money by year, expected year met, target, "
            "deadline\n"
            "  gaps SCENARIO.ini        extra money to close each gap (80% confidence)\n"
            "  compare A.ini B.ini ...  P(standard) by year for each scenario\n"
            "  heatmap SCENARIO.ini     units x criteria: P(met by the deadline)\n"
            "  (the kinds with scenarios also take --draws N, --threads N)\n\n"
            "The format follows the file extension: .svg, .png (antialiased, for slides) or "
            ".pdf."));
}

typedef struct plot_opts {
    const char *unit, *indicator, *out;
    long target, deadline, to, draws;
    int all, threads;
} plot_opts;

/* Everything one trajectory needs, with storage for the arrays the chart borrows. */
typedef struct traj_data {
    ntm_chart_traj c;
    double t[NTM_PROJECTION_MAX_YEARS], q[5][NTM_PROJECTION_MAX_YEARS];
    char title[512], subtitle[512], source[768];
    ntm_series s;
    ntm_trend_fit *fit;
} traj_data;

static const char *ind_name(const ntm_cli *cli, const ntm_indicator *ind)
{
    const char *n = ntm_name_in(cli->lang, ind->name_vi, ind->name_en);
    return *n ? n : ind->code;
}

/* Fills TD for indicator result IR of unit UNIT. Returns NTM_OK, or an error (no data). */
static ntm_status build_traj(const ntm_cli *cli, const ntm_catalog *cat, const ntm_unit *unit,
                             const ntm_indicator_result *ir, const ntm_observation *obs,
                             size_t n_obs, const plot_opts *o, traj_data *td, ntm_error *err)
{
    const ntm_indicator *ind = ir->ind;
    memset(td, 0, sizeof *td);
    ntm_baseline_series(cat, ind, obs, n_obs, INFINITY, &td->s);
    ntm_status rc = ntm_baseline_fit(ind, &td->s, &td->fit, err);
    if (rc != NTM_OK)
        return rc;
    int first = (int)floor(td->s.t_last);
    int to = (int)o->to;
    if (!to) {
        to = first + 3;
        if (o->deadline > to)
            to = (int)o->deadline;
        if (o->target > to)
            to = (int)o->target;
    }
    if (to < first)
        to = first;
    if (to - first + 1 > NTM_PROJECTION_MAX_YEARS)
        to = first + NTM_PROJECTION_MAX_YEARS - 1;
    static const double qs[5] = {0.025, 0.10, 0.50, 0.90, 0.975};
    size_t n = 0;
    for (int y = first; y <= to; y++, n++) {
        td->t[n] = ntm_year_end(y);
        for (int k = 0; k < 5; k++)
            if ((rc = ntm_trend_quantile(td->fit, td->t[n], qs[k], &td->q[k][n])) != NTM_OK)
                return ntm_error_set(err, rc, "indicator %s: projection failed", ind->code);
    }
    const ntm_threshold *thr = ir->threshold;
    double bound = NAN;
    int upper = 0;
    if (thr && isfinite(thr->upper)) {
        bound = thr->upper;
        upper = 1;
    } else if (thr && isfinite(thr->lower)) {
        bound = thr->lower;
    }
    double p_target = NAN, p_deadline = NAN;
    for (int pass = 0; pass < 2 && isfinite(bound); pass++) {
        long year = pass ? o->deadline : o->target;
        if (!year)
            continue;
        double below;
        if (ntm_trend_prob_below(td->fit, ntm_year_end((int)year), bound, &below) != NTM_OK)
            continue;
        double p = upper ? below : 1 - below;
        if (pass)
            p_deadline = p;
        else
            p_target = p;
    }
    snprintf(td->title, sizeof td->title, "%s %s — %s", ind->code, ind_name(cli, ind), unit->name);
    char a[64];
    if (thr && isfinite(bound))
        snprintf(td->subtitle, sizeof td->subtitle, "%s %s %s; %s %s", ntm_tr(cli, "Threshold"),
                 upper ? "≤" : "≥",
                 ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM
                     ? ntm_fmt_percent(a, sizeof a, bound, 1, cli->lang)
                     : ntm_fmt_number(a, sizeof a, bound, 1, cli->lang),
                 ntm_tr(cli, "trend without the effect of funding;"),
                 ntm_tr(cli, "80% and 95% ranges"));
    else
        snprintf(td->subtitle, sizeof td->subtitle, "%s",
                 ntm_tr(cli, "Threshold not confirmed; 80% and 95% ranges"));
    const char *src = ir->n_obs && ir->obs[0]->source ? ir->obs[0]->source : "";
    snprintf(td->source, sizeof td->source, "%s: %s. %s: ntmplan %s, %s %s", ntm_tr(cli, "Data"),
             src, ntm_tr(cli, "Projection"), NTM_VERSION, ntm_tr(cli, "prior:"),
             ntm_baseline_has_prior(ind) && ind->prior.source ? ntm_tr(cli, "from the catalog")
                                                              : ntm_tr(cli, "none"));
    ntm_chart_traj *c = &td->c;
    c->title = td->title;
    c->subtitle = td->subtitle;
    c->source = td->source;
    c->hist_t = td->s.t;
    c->hist_y = td->s.y;
    c->n_hist = td->s.n;
    c->t = td->t;
    c->q025 = td->q[0];
    c->q10 = td->q[1];
    c->q50 = td->q[2];
    c->q90 = td->q[3];
    c->q975 = td->q[4];
    c->n = n;
    c->threshold = bound;
    c->threshold_is_upper = upper;
    /* Markers at the end of their year (31/12), where the year-end forecasts are drawn;
     * the chart labels them with the year. */
    c->target_year = o->target ? ntm_year_end((int)o->target) : NAN;
    c->deadline = o->deadline ? ntm_year_end((int)o->deadline) : NAN;
    c->p_target = p_target;
    c->p_deadline = p_deadline;
    c->y_format = ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM ? NTM_AXIS_PERCENT
                                                                          : NTM_AXIS_NUMBER;
    c->lang = cli->lang;
    return NTM_OK;
}

static int plot_trajectory(const ntm_cli *cli, const ntm_catalog *cat, const ntm_unit *unit,
                           const ntm_scorecard *sc, const ntm_observation *obs, size_t n_obs,
                           const plot_opts *o)
{
    ntm_error err = {0};
    if (!o->all) {
        const ntm_indicator_result *ir = NULL;
        for (size_t i = 0; i < sc->n_ind; i++)
            if (strcmp(sc->ind[i].ind->code, o->indicator) == 0)
                ir = &sc->ind[i];
        if (!ir) {
            ntm_error_set(&err, NTM_ENOTFOUND, ntm_tr(cli, "no indicator '%s' in criteria set %s"),
                          o->indicator, cat->id);
            return ntm_cli_fail(cli, &err);
        }
        traj_data *td = calloc(1, sizeof *td);
        if (!td)
            return ntm_cli_fail(cli, &err);
        int code = NTM_EXIT_OK;
        if (build_traj(cli, cat, unit, ir, obs, n_obs, o, td, &err) != NTM_OK ||
            ntm_chart_trajectory_render(&td->c, o->out, &err) != NTM_OK)
            code = ntm_cli_fail(cli, &err);
        else
            printf("%s\n", o->out);
        ntm_trend_fit_free(td->fit);
        free(td);
        return code;
    }
    /* --all: every indicator that is not met and has enough data for a trend. */
    traj_data *tds = calloc(NTM_CHART_GRID_MAX, sizeof *tds);
    ntm_chart_traj charts[NTM_CHART_GRID_MAX];
    size_t n = 0;
    if (!tds)
        return NTM_EXIT_FAIL;
    for (size_t i = 0; i < sc->n_ind && n < NTM_CHART_GRID_MAX; i++) {
        const ntm_indicator_result *ir = &sc->ind[i];
        if (ir->state == NTM_STATE_MET || ir->ind->kind == NTM_KIND_BINARY)
            continue;
        ntm_error e = {0};
        if (build_traj(cli, cat, unit, ir, obs, n_obs, o, &tds[n], &e) != NTM_OK) {
            ntm_trend_fit_free(tds[n].fit);
            fprintf(stderr, "%s: %s %s: %s\n", cli->prog, ntm_tr(cli, "skipping indicator"),
                    ir->ind->code, e.msg);
            continue;
        }
        /* In a panel the unit is in the page title: keep the indicator only. */
        snprintf(tds[n].title, sizeof tds[n].title, "%s %s", ir->ind->code, ind_name(cli, ir->ind));
        charts[n] = tds[n].c;
        n++;
    }
    int code = NTM_EXIT_OK;
    if (n == 0) {
        ntm_error_set(&err, NTM_EINPUT, "%s",
                      ntm_tr(cli, "no unmet indicator has enough data to draw"));
        code = ntm_cli_fail(cli, &err);
    } else {
        char title[256], sub[256];
        snprintf(title, sizeof title, "%s — %s", unit->name, ntm_tr(cli, "indicators not yet met"));
        snprintf(sub, sizeof sub, "%s",
                 ntm_tr(cli, "Trends without the effect of funding; 80% and 95% ranges"));
        if (ntm_chart_trajectory_grid_render(charts, n, title, sub, tds[0].source, cli->lang,
                                             o->out, &err) != NTM_OK)
            code = ntm_cli_fail(cli, &err);
        else
            printf("%s\n", o->out);
    }
    for (size_t i = 0; i < n; i++)
        ntm_trend_fit_free(tds[i].fit);
    free(tds);
    return code;
}

static int plot_scorecard(const ntm_cli *cli, const ntm_catalog *cat, const ntm_unit *unit,
                          const ntm_scorecard *sc, const plot_opts *o)
{
    ntm_scorecard_item *items = calloc(sc->n_crit ? sc->n_crit : 1, sizeof *items);
    char(*detail)[160] = calloc(sc->n_crit ? sc->n_crit : 1, sizeof *detail);
    ntm_error err = {0};
    if (!items || !detail) {
        free(items);
        free(detail);
        return ntm_cli_fail(cli, &err);
    }
    size_t n = sc->n_crit < NTM_SCORECARD_MAX ? sc->n_crit : NTM_SCORECARD_MAX;
    for (size_t i = 0; i < n; i++) {
        const ntm_criterion_result *cr = &sc->crit[i];
        items[i].number = cr->crit->code;
        items[i].name = ntm_name_in(cli->lang, cr->crit->name_vi, cr->crit->name_en);
        items[i].state = cr->state == NTM_STATE_MET     ? NTM_CRIT_MET
                         : cr->state == NTM_STATE_UNMET ? NTM_CRIT_UNMET
                                                        : NTM_CRIT_UNKNOWN;
        if (cr->state == NTM_STATE_UNMET && cr->n_unmet) {
            /* The unmet indicators' codes: "15.1, 15.4". */
            size_t len = 0;
            for (size_t k = 0; k < sc->n_ind && len < sizeof detail[i] - 16; k++)
                if (sc->ind[k].state == NTM_STATE_UNMET &&
                    strcmp(sc->ind[k].ind->criterion, cr->crit->code) == 0)
                    len +=
                        (size_t)snprintf(detail[i] + len, sizeof detail[i] - len, "%s%s",
                                         len ? ", " : ntm_tr(cli, "unmet: "), sc->ind[k].ind->code);
            items[i].detail = detail[i];
        }
    }
    char title[256], source[256];
    snprintf(title, sizeof title, "%s — %s", unit->name,
             ntm_tr(cli, "standing against the criteria"));
    snprintf(source, sizeof source, "%s: %s. ntmplan %s", ntm_tr(cli, "Criteria set"), cat->id,
             NTM_VERSION);
    ntm_chart_scorecard c = {.title = title,
                             .subtitle = cli->lang == NTM_LANG_EN ? cat->name_en : cat->name_vi,
                             .source = source,
                             .items = items,
                             .n = n,
                             .lang = cli->lang};
    int code = NTM_EXIT_OK;
    if (ntm_chart_scorecard_render(&c, o->out, &err) != NTM_OK)
        code = ntm_cli_fail(cli, &err);
    else
        printf("%s\n", o->out);
    free(items);
    free(detail);
    return code;
}

/* The kinds drawn from scenarios: evaluated and simulated as the meeting pack does
 * (plan/report_data.h), then the one chart asked for. */
static int plot_scenarios(ntm_cli *cli, const char *kind, char **paths, size_t n,
                          const plot_opts *o)
{
    if (n == 0)
        return ntm_cli_usage(cli, ntm_tr(cli, "chart %s needs a scenario file"), kind);
    if (n > 1 && strcmp(kind, "compare") != 0)
        return ntm_cli_usage(cli, ntm_tr(cli, "unexpected argument '%s'"), paths[1]);
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_report r;
    memset(&r, 0, sizeof r); /* the release below reads its counts whatever load did */
    int code = NTM_EXIT_OK;
    if (ntm_report_data_load(&r, cli, st, paths, n, o->threads ? o->threads : 1, o->draws, 0,
                             &err) != NTM_OK ||
        ntm_report_chart_one(&r, kind, o->out, &err) != NTM_OK)
        code = ntm_cli_fail(cli, &err);
    else
        printf("%s\n", o->out);
    ntm_report_data_release(&r);
    ntm_store_close(st);
    return code;
}

int cmd_plot(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"unit", required_argument, NULL, 'u'},
                                         {"indicator", required_argument, NULL, 'i'},
                                         {"target", required_argument, NULL, 'T'},
                                         {"deadline", required_argument, NULL, 'd'},
                                         {"to", required_argument, NULL, 't'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"all", no_argument, NULL, 'a'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"draws", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    plot_opts o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char *why;
        long *year = c == 'T' ? &o.target : c == 'd' ? &o.deadline : c == 't' ? &o.to : NULL;
        if (year) {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 1900, 2200, year, &why) != NTM_OK)
                return ntm_cli_usage(cli, "'%s': %s", optarg, why);
        } else if (c == 'u') {
            o.unit = optarg;
        } else if (c == 'i') {
            o.indicator = optarg;
        } else if (c == 'o') {
            o.out = optarg;
        } else if (c == 'a') {
            o.all = 1;
        } else if (c == 'j' || c == 'n') {
            int rc = ntm_cli_sim_option(cli, c, optarg, &o.threads, &o.draws);
            if (rc)
                return rc;
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind >= argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give a chart kind: trajectory or scorecard"));
    const char *kind = argv[optind];
    int is_traj = strcmp(kind, "trajectory") == 0, is_score = strcmp(kind, "scorecard") == 0;
    int is_scn = strcmp(kind, "roadmap") == 0 || strcmp(kind, "gaps") == 0 ||
                 strcmp(kind, "compare") == 0 || strcmp(kind, "heatmap") == 0;
    if (!is_traj && !is_score && !is_scn)
        return ntm_cli_usage(
            cli,
            ntm_tr(cli,
                   "no chart kind '%s' (trajectory, scorecard, roadmap, gaps, compare, heatmap)"),
            kind);
    if (!o.out)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give --out FILE.svg|png|pdf"));
    if (is_scn)
        return plot_scenarios(cli, kind, argv + optind + 1, (size_t)(argc - optind - 1), &o);
    if (optind + 1 < argc)
        return ntm_cli_usage(cli, ntm_tr(cli, "unexpected argument '%s'"), argv[optind + 1]);
    if (is_traj && !o.indicator && !o.all)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give --indicator CODE or --all"));

    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_unit_data ud;
    ntm_scorecard sc = {0};
    int code;
    if (ntm_unit_data_load(cli, st, o.unit, &ud, &err) != NTM_OK ||
        ntm_scorecard_compute(&sc, &ud.cat, &ud.units[ud.pick], ud.obs, ud.n_obs, INFINITY, &err) !=
            NTM_OK)
        code = ntm_cli_fail(cli, &err);
    else if (is_traj)
        code = plot_trajectory(cli, &ud.cat, &ud.units[ud.pick], &sc, ud.obs, ud.n_obs, &o);
    else
        code = plot_scorecard(cli, &ud.cat, &ud.units[ud.pick], &sc, &o);
    ntm_scorecard_release(&sc);
    ntm_unit_data_release(&ud);
    ntm_store_close(st);
    return code;
}
