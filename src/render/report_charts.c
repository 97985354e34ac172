/* report_charts.c: the meeting pack's charts (render/charts.h), built from the main
 * scenario's run and written as charts/NAME.svg (for the page and print) and
 * charts/NAME.png (for slides). A chart that cannot be drawn is noted with its reason;
 * the page then says so instead of showing it. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plan/report_data.h"
#include "core/version.h"
#include "engine/baseline.h"
#include "model/budget.h"
#include "render/charts.h"
#include "render/report_gaps.h"

/* Below this largest P(standard), the comparison shows expected criteria met instead. */
#define COMPARE_P_FLAT 0.02

/* Quantile indices in the run's 2,5 5 10 25 50 75 90 95 97,5 (model/run.h). */
enum { Q025 = 0, Q10 = 2, Q50 = 4, Q90 = 6, Q975 = 8 };

typedef ntm_status (*render_fn)(const void *chart, const char *path, ntm_error *err);

/* Writes CHART as NAME.svg and NAME.png in the charts folder and records the outcome. */
static void draw(const ntm_report *r, ntm_report_chart *rc, const char *name, render_fn fn,
                 const void *chart)
{
    static const char *const ext[] = {"svg", "png"};
    snprintf(rc->name, sizeof rc->name, "%s", name);
    rc->ok = 1;
    size_t n_out = r->plot_out ? 1 : 2; /* `plot` writes one file, the pack two */
    for (size_t i = 0; i < n_out && rc->ok; i++) {
        char path[4200];
        ntm_error e = {0};
        if (r->plot_out)
            snprintf(path, sizeof path, "%s", r->plot_out);
        else
            snprintf(path, sizeof path, "%s/charts/%s.%s", r->out_dir, name, ext[i]);
        if (fn(chart, path, &e) != NTM_OK) {
            rc->ok = 0;
            snprintf(rc->why, sizeof rc->why, "%s", e.msg);
            ntm_chart_utf8_trim(rc->why);
            fprintf(stderr, "%s: %s %s: %s\n", r->cli->prog, ntm_tr(r->cli, "cannot draw chart"),
                    name, e.msg);
        }
    }
}

static ntm_status render_scorecard(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_scorecard_render(c, p, e);
}
static ntm_status render_roadmap(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_roadmap_render(c, p, e);
}
static ntm_status render_gaps(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_gaps_render(c, p, e);
}
static ntm_status render_compare(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_compare_render(c, p, e);
}
static ntm_status render_heatmap(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_heatmap_render(c, p, e);
}

typedef struct grid_args {
    const ntm_chart_traj *charts;
    size_t n;
    const char *title, *subtitle, *source;
    ntm_lang lang;
} grid_args;

static ntm_status render_grid(const void *c, const char *p, ntm_error *e)
{
    const grid_args *g = c;
    return ntm_chart_trajectory_grid_render(g->charts, g->n, g->title, g->subtitle, g->source,
                                            g->lang, p, e);
}

static const char *source_line(const ntm_report *r, char *b, size_t n)
{
    const ntm_run_meta *m = &r->scn[0].run.meta;
    snprintf(b, n, ntm_tr(r->cli, "Scenario \"%s\": %ld draws, seed %llu; ntmplan %s"), m->scenario,
             m->draws, (unsigned long long)m->seed, m->version);
    ntm_chart_utf8_trim(b);
    return b;
}

/* The scorecard of EU: met criteria that may slip by the year are "at risk". */
static void chart_scorecard(ntm_report *r, const ntm_eval_unit *eu, size_t u)
{
    const ntm_cli *cli = r->cli;
    const ntm_report_scn *s = &r->scn[0];
    size_t n = eu->sc.n_crit < NTM_SCORECARD_MAX ? eu->sc.n_crit : NTM_SCORECARD_MAX;
    ntm_scorecard_item *items = calloc(n ? n : 1, sizeof *items);
    char(*detail)[160] = calloc(n ? n : 1, sizeof *detail);
    char name[64], title[512], src[512];
    snprintf(name, sizeof name, "scorecard-%zu", u + 1);
    if (!items || !detail || n == 0) {
        snprintf(r->scorecard[u].name, sizeof r->scorecard[u].name, "%s", name);
        snprintf(r->scorecard[u].why, sizeof r->scorecard[u].why, "%s",
                 n ? "out of memory" : ntm_tr(cli, "no criteria"));
        free(items);
        free(detail);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const ntm_criterion_result *cr = &eu->sc.crit[i];
        items[i].number = cr->crit->code;
        items[i].name = ntm_report_name(cli, cr->crit->name_vi, cr->crit->name_en);
        items[i].state = cr->state == NTM_STATE_MET     ? NTM_CRIT_MET
                         : cr->state == NTM_STATE_UNMET ? NTM_CRIT_UNMET
                                                        : NTM_CRIT_UNKNOWN;
        const ntm_run_item *it =
            ntm_report_item(s, NTM_RUN_CRITERION, eu->unit.name, cr->crit->code);
        double p = ntm_report_p_year(s, it);
        if (cr->state == NTM_STATE_MET && p < NTM_REPORT_AT_RISK_BELOW) {
            char a[32];
            items[i].state = NTM_CRIT_AT_RISK;
            snprintf(detail[i], sizeof detail[i], "P(%s %d) = %s", ntm_tr(cli, "still met"),
                     r->year, ntm_report_pct(cli, p, a, sizeof a));
            items[i].detail = detail[i];
        } else if (cr->state == NTM_STATE_UNMET && isfinite(p)) {
            char a[32];
            snprintf(detail[i], sizeof detail[i], "P(%s %d) = %s", ntm_tr(cli, "met by"), r->year,
                     ntm_report_pct(cli, p, a, sizeof a));
            items[i].detail = detail[i];
        }
    }
    snprintf(title, sizeof title, "%s — %s", eu->unit.name,
             ntm_tr(cli, "standing against the criteria"));
    ntm_chart_utf8_trim(title);
    ntm_chart_scorecard c = {.title = title,
                             .subtitle = ntm_report_name(cli, eu->cat.name_vi, eu->cat.name_en),
                             .source = source_line(r, src, sizeof src),
                             .items = items,
                             .n = n,
                             .lang = cli->lang};
    draw(r, &r->scorecard[u], name, render_scorecard, &c);
    free(items);
    free(detail);
}

/* One trajectory from the run: history, the simulated fan with the scenario's money. */
typedef struct traj_buf {
    double t[NTM_SIM_MAX_YEARS], q[5][NTM_SIM_MAX_YEARS];
    char title[256];
    ntm_series s;
} traj_buf;

static void chart_trajectories(ntm_report *r, const ntm_eval_unit *eu, size_t u)
{
    const ntm_cli *cli = r->cli;
    const ntm_report_scn *s = &r->scn[0];
    const ntm_eval *ev = &s->ev;
    traj_buf *tb = calloc(NTM_CHART_GRID_MAX, sizeof *tb);
    ntm_chart_traj charts[NTM_CHART_GRID_MAX];
    char name[64];
    snprintf(name, sizeof name, "trajectories-%zu", u + 1);
    snprintf(r->traj[u].name, sizeof r->traj[u].name, "%s", name);
    if (!tb) {
        snprintf(r->traj[u].why, sizeof r->traj[u].why, "out of memory");
        return;
    }
    size_t n = 0;
    static const int qi[5] = {Q025, Q10, Q50, Q90, Q975};
    for (size_t k = 0; k < eu->sc.n_ind && n < NTM_CHART_GRID_MAX; k++) {
        const ntm_indicator_result *ir = &eu->sc.ind[k];
        if (ir->state == NTM_STATE_MET || ir->ind->kind == NTM_KIND_BINARY)
            continue;
        const ntm_sim_indicator *si = ntm_report_sim_ind(ev, ir, NULL);
        const ntm_run_item *it =
            ntm_report_item(s, NTM_RUN_INDICATOR, eu->unit.name, ir->ind->code);
        if (!si || !it || !it->quant)
            continue;
        traj_buf *b = &tb[n];
        ntm_chart_traj *c = &charts[n];
        memset(c, 0, sizeof *c);
        ntm_baseline_series(&eu->cat, ir->ind, eu->obs, eu->n_obs, INFINITY, &b->s);
        size_t ny = it->n_years < NTM_SIM_MAX_YEARS ? it->n_years : NTM_SIM_MAX_YEARS;
        for (size_t y = 0; y < ny; y++) {
            b->t[y] = ntm_sim_year_end(s->run.meta.start_year + (int)y);
            for (int j = 0; j < 5; j++)
                b->q[j][y] = it->quant[y * NTM_RUN_NQ + (size_t)qi[j]];
        }
        snprintf(b->title, sizeof b->title, "%s %s", ir->ind->code,
                 ntm_report_name(cli, ir->ind->name_vi, ir->ind->name_en));
        ntm_chart_utf8_trim(b->title);
        int upper = si->direction == NTM_DIR_MAX;
        c->title = b->title;
        c->hist_t = b->s.t;
        c->hist_y = b->s.y;
        c->n_hist = b->s.n;
        c->t = b->t;
        c->q025 = b->q[0];
        c->q10 = b->q[1];
        c->q50 = b->q[2];
        c->q90 = b->q[3];
        c->q975 = b->q[4];
        c->n = ny;
        c->threshold = upper ? si->upper : si->lower;
        c->threshold_is_upper = upper;
        c->target_year = it->target_year;
        c->deadline = s->run.meta.deadline;
        c->p_target = it->p_target;
        c->p_deadline = it->p_deadline;
        c->y_format = ir->ind->kind == NTM_KIND_RATE || ir->ind->kind == NTM_KIND_SUM
                          ? NTM_AXIS_PERCENT
                          : NTM_AXIS_NUMBER;
        c->lang = cli->lang;
        n++;
    }
    if (n == 0) {
        snprintf(r->traj[u].why, sizeof r->traj[u].why, "%s",
                 ntm_tr(cli, "no unmet indicator has data to project"));
    } else {
        char title[512], src[512];
        snprintf(title, sizeof title, "%s — %s", eu->unit.name,
                 ntm_tr(cli, "indicators not yet met"));
        ntm_chart_utf8_trim(title);
        grid_args g = {charts,
                       n,
                       title,
                       ntm_tr(cli, "With the scenario's money; median, 80% and 95% ranges"),
                       source_line(r, src, sizeof src),
                       cli->lang};
        draw(r, &r->traj[u], name, render_grid, &g);
    }
    free(tb);
}

/* The roadmap: one row per unmet criterion of the main scenario's units, its money per
 * year (the interventions on its indicators), the expected year met and the owners. */
static void chart_roadmap(ntm_report *r)
{
    const ntm_cli *cli = r->cli;
    const ntm_report_scn *s = &r->scn[0];
    const ntm_eval *ev = &s->ev;
    size_t ny = ev->n_years;
    ntm_roadmap_row *rows = calloc(NTM_ROADMAP_MAX, sizeof *rows);
    double *money = calloc(NTM_ROADMAP_MAX * (ny ? ny : 1), sizeof *money);
    char(*owner)[160] = calloc(NTM_ROADMAP_MAX, sizeof *owner);
    char(*label)[160] = calloc(NTM_ROADMAP_MAX, sizeof *label);
    snprintf(r->roadmap.name, sizeof r->roadmap.name, "roadmap");
    size_t n = 0;
    for (size_t u = 0; rows && money && owner && label && u < ev->n_units; u++) {
        const ntm_eval_unit *eu = &ev->units[u];
        for (size_t c = 0; c < eu->sc.n_crit && n < NTM_ROADMAP_MAX; c++) {
            const ntm_criterion_result *cr = &eu->sc.crit[c];
            const ntm_run_item *it =
                ntm_report_item(s, NTM_RUN_CRITERION, eu->unit.name, cr->crit->code);
            if (cr->state == NTM_STATE_MET || !it)
                continue;
            ntm_roadmap_row *row = &rows[n];
            double *m = &money[n * ny];
            size_t olen = 0;
            for (size_t i = 0; i < ev->n_iv; i++) {
                const ntm_sim_iv *si = &ev->iv[i];
                const ntm_sim_indicator *ind = &ev->ind[si->indicator];
                if (ind->unit != u ||
                    strcmp(ev->ind_res[si->indicator]->ind->criterion, cr->crit->code) != 0)
                    continue;
                for (size_t y = 0; y < ny; y++)
                    m[y] += si->spend[y];
                const char *o = si->iv->owner;
                if (o && !strstr(owner[n], o) && olen + strlen(o) + 3 < sizeof owner[n])
                    olen += (size_t)snprintf(owner[n] + olen, sizeof owner[n] - olen, "%s%s",
                                             olen ? ", " : "", o);
            }
            if (ev->n_units > 1)
                snprintf(label[n], sizeof label[n], "%s: %s", eu->unit.name,
                         ntm_report_name(cli, cr->crit->name_vi, cr->crit->name_en));
            else
                snprintf(label[n], sizeof label[n], "%s",
                         ntm_report_name(cli, cr->crit->name_vi, cr->crit->name_en));
            ntm_chart_utf8_trim(label[n]);
            int start = s->run.meta.start_year;
            row->code = cr->crit->code;
            row->name = label[n];
            row->owner = olen ? owner[n] : NULL;
            row->target_year = it->target_year;
            row->met_q10 = ntm_report_first_year_q(it, start, 0.1);
            row->met_q50 = ntm_report_first_year_q(it, start, 0.5);
            row->met_q90 = ntm_report_first_year_q(it, start, 0.9);
            row->money = m;
            n++;
        }
    }
    if (!rows || !money || !owner || !label) {
        snprintf(r->roadmap.why, sizeof r->roadmap.why, "out of memory");
    } else if (n == 0) {
        snprintf(r->roadmap.why, sizeof r->roadmap.why, "%s",
                 ntm_tr(cli, "every criterion is met"));
    } else {
        char src[512];
        ntm_chart_roadmap c = {.title =
                                   ntm_tr(cli, "Roadmap: money by year and the expected year met"),
                               .subtitle = s->run.meta.scenario,
                               .source = source_line(r, src, sizeof src),
                               .rows = rows,
                               .n = n,
                               .first_year = s->run.meta.start_year,
                               .last_year = s->run.meta.horizon,
                               .deadline = s->run.meta.deadline,
                               .lang = cli->lang};
        draw(r, &r->roadmap, "roadmap", render_roadmap, &c);
    }
    free(rows);
    free(money);
    free(owner);
    free(label);
}

/* P(the standard) by year for each scenario (of the main scenario's first unit), with
 * whiskers of two Monte Carlo standard errors. */
static void chart_compare(ntm_report *r)
{
    const ntm_cli *cli = r->cli;
    snprintf(r->compare.name, sizeof r->compare.name, "compare");
    const ntm_report_scn *s0 = &r->scn[0];
    const char *unit = s0->ev.n_units ? s0->ev.units[0].unit.name : NULL;
    int y0 = s0->run.meta.start_year, y1 = s0->run.meta.horizon;
    size_t ny = (size_t)(y1 - y0 + 1), n = 0;
    double *years = calloc(ny, sizeof *years);
    double *v = calloc(NTM_COMPARE_MAX * ny * 3, sizeof *v);
    ntm_compare_series ser[NTM_COMPARE_MAX];
    for (size_t y = 0; years && y < ny; y++)
        years[y] = y0 + (int)y;
    /* When no scenario gives the standard a real chance, P(standard) is a flat line at 0:
     * show the expected number of criteria met instead, which still tells them apart. */
    double p_max = 0;
    for (size_t i = 0; unit && i < r->n_scn; i++) {
        const ntm_run_item *it = ntm_report_item(&r->scn[i], NTM_RUN_UNIT, unit, NULL);
        for (size_t y = 0; it && y < it->n_years; y++)
            p_max = fmax(p_max, it->p_met[y]);
    }
    int by_criteria = p_max < COMPARE_P_FLAT;
    size_t n_crit = s0->ev.n_units ? s0->ev.units[0].sc.n_crit : 0;
    for (size_t i = 0; unit && years && v && i < r->n_scn && n < NTM_COMPARE_MAX; i++) {
        const ntm_report_scn *s = &r->scn[i];
        const ntm_run_item *it = ntm_report_item(s, NTM_RUN_UNIT, unit, NULL);
        if (!it || s->run.meta.start_year > y0 || s->run.meta.horizon < y1 ||
            (by_criteria && !it->mean_met))
            continue;
        double *val = &v[n * ny * 3], *lo = val + ny, *hi = lo + ny;
        for (size_t y = 0; y < ny; y++) {
            size_t k = (size_t)(y0 - s->run.meta.start_year) + y;
            if (by_criteria) { /* no per-year error is stored for this mean: no whiskers */
                val[y] = lo[y] = hi[y] = it->mean_met[k];
                continue;
            }
            val[y] = it->p_met[k];
            lo[y] = fmax(0, val[y] - 2 * it->p_met_se[k]);
            hi[y] = fmin(1, val[y] + 2 * it->p_met_se[k]);
        }
        ser[n].name = s->run.meta.scenario;
        ser[n].value = val;
        ser[n].lo = lo;
        ser[n].hi = hi;
        n++;
    }
    if (!years || !v)
        snprintf(r->compare.why, sizeof r->compare.why, "out of memory");
    else if (n == 0)
        snprintf(r->compare.why, sizeof r->compare.why, "%s",
                 ntm_tr(cli, "no scenario over the same years to compare"));
    else {
        char title[512], src[512];
        snprintf(title, sizeof title, "%s — %s", unit,
                 by_criteria ? ntm_tr(cli, "expected criteria met by year, per scenario")
                             : ntm_tr(cli, "P(standard met) by year, per scenario"));
        ntm_chart_utf8_trim(title);
        ntm_chart_compare c = {
            .title = title,
            .subtitle =
                by_criteria
                    ? ntm_tr(cli,
                             "No scenario gives the standard a real chance; criteria met compared")
                    : ntm_tr(cli, "Whiskers: ±2 Monte Carlo standard errors"),
            .source = source_line(r, src, sizeof src),
            .mode = by_criteria ? NTM_COMPARE_CRITERIA_MET : NTM_COMPARE_P_STANDARD,
            .n_criteria = by_criteria ? (double)n_crit : 0,
            .years = years,
            .n_years = ny,
            .series = ser,
            .n = n,
            .deadline = s0->run.meta.deadline,
            .lang = cli->lang};
        draw(r, &r->compare, "compare", render_compare, &c);
    }
    free(years);
    free(v);
}

/* The gap costs at NTM_REPORT_GAP_CONF: one bar per unmet criterion, as `ntmplan gaps`
 * and the page give them (render/report_gaps.h). */
static void chart_gaps(ntm_report *r)
{
    const ntm_cli *cli = r->cli;
    const ntm_gaps *gs = &r->gaps;
    snprintf(r->gaps_chart.name, sizeof r->gaps_chart.name, "gaps");
    if (!r->have_gaps || gs->n_crit == 0) {
        snprintf(r->gaps_chart.why, sizeof r->gaps_chart.why, "%s",
                 r->have_gaps ? ntm_tr(cli, "no gaps") : r->gaps_why);
        return;
    }
    ntm_report_gap_rows g;
    if (ntm_report_gap_rows_build(gs, cli->lang, &g) != NTM_OK) {
        snprintf(r->gaps_chart.why, sizeof r->gaps_chart.why, "out of memory");
    } else {
        for (size_t k = 0; k < g.n_keys; k++)
            ntm_chart_utf8_trim(g.keyname[k]);
        for (size_t i = 0; i < g.n; i++)
            ntm_chart_utf8_trim(g.label[i]);
        char sub[256], src[512];
        snprintf(sub, sizeof sub, "%s", r->scn[0].run.meta.scenario);
        ntm_chart_utf8_trim(sub);
        ntm_chart_gaps c = {.title = ntm_tr(cli, "Extra money to close each gap"),
                            .subtitle = sub,
                            .source = source_line(r, src, sizeof src),
                            .keys = g.keys,
                            .n_keys = g.n_keys,
                            .rows = g.rows,
                            .n = g.n,
                            .confidence = gs->conf,
                            .lang = cli->lang};
        draw(r, &r->gaps_chart, "gaps", render_gaps, &c);
    }
    ntm_report_gap_rows_release(&g);
}

/* Units × criteria coloured by P(met by the deadline), for a district or province. */
static void chart_heatmap(ntm_report *r)
{
    const ntm_cli *cli = r->cli;
    const ntm_report_scn *s = &r->scn[0];
    const ntm_eval *ev = &s->ev;
    snprintf(r->heatmap.name, sizeof r->heatmap.name, "heatmap");
    size_t nu = ev->n_units < NTM_HEATMAP_MAX_UNITS ? ev->n_units : NTM_HEATMAP_MAX_UNITS;
    if (nu == 0) {
        snprintf(r->heatmap.why, sizeof r->heatmap.why, "%s", ntm_tr(cli, "no units"));
        return;
    }
    /* The criteria of the first unit's set, in order (units of one scenario share it). */
    const ntm_eval_unit *u0 = &ev->units[0];
    size_t nc = u0->sc.n_crit < NTM_HEATMAP_MAX_CRITERIA ? u0->sc.n_crit : NTM_HEATMAP_MAX_CRITERIA;
    const char **units = calloc(nu, sizeof *units);
    const char **crits = calloc(nc ? nc : 1, sizeof *crits);
    char(*clabel)[160] = calloc(nc ? nc : 1, sizeof *clabel);
    double *p = calloc(nu * (nc ? nc : 1), sizeof *p);
    if (!units || !crits || !clabel || !p || nc == 0) {
        snprintf(r->heatmap.why, sizeof r->heatmap.why, "%s",
                 nc ? "out of memory" : ntm_tr(cli, "no criteria"));
    } else {
        for (size_t k = 0; k < nc; k++) {
            const ntm_criterion *cr = u0->sc.crit[k].crit;
            snprintf(clabel[k], sizeof clabel[k], "%s. %s", cr->code,
                     ntm_report_name(cli, cr->name_vi, cr->name_en));
            ntm_chart_utf8_trim(clabel[k]);
            crits[k] = clabel[k];
        }
        for (size_t u = 0; u < nu; u++) {
            units[u] = ev->units[u].unit.name;
            for (size_t k = 0; k < nc; k++) {
                const ntm_run_item *it =
                    ntm_report_item(s, NTM_RUN_CRITERION, units[u], u0->sc.crit[k].crit->code);
                p[u * nc + k] = it ? it->p_deadline : NAN;
            }
        }
        char title[256], sub[512], src[512];
        snprintf(title, sizeof title, ntm_tr(cli, "P(each criterion met) by 31/12/%d"),
                 s->run.meta.deadline);
        snprintf(sub, sizeof sub, "%s", s->run.meta.scenario);
        ntm_chart_utf8_trim(sub);
        ntm_chart_heatmap c = {.title = title,
                               .subtitle = sub,
                               .source = source_line(r, src, sizeof src),
                               .units = units,
                               .n_units = nu,
                               .criteria = crits,
                               .n_criteria = nc,
                               .p = p,
                               .lang = cli->lang};
        draw(r, &r->heatmap, "heatmap", render_heatmap, &c);
    }
    free(units);
    free(crits);
    free(clabel);
    free(p);
}

ntm_status ntm_report_chart_one(ntm_report *r, const char *kind, const char *out, ntm_error *err)
{
    r->plot_out = out;
    ntm_report_chart *rc;
    if (strcmp(kind, "roadmap") == 0) {
        chart_roadmap(r);
        rc = &r->roadmap;
    } else if (strcmp(kind, "gaps") == 0) {
        chart_gaps(r);
        rc = &r->gaps_chart;
    } else if (strcmp(kind, "compare") == 0) {
        chart_compare(r);
        rc = &r->compare;
    } else if (strcmp(kind, "heatmap") == 0) {
        chart_heatmap(r);
        rc = &r->heatmap;
    } else {
        return ntm_error_set(err, NTM_EUSAGE, "no chart kind '%s'", kind);
    }
    r->plot_out = NULL;
    if (!rc->ok)
        return ntm_error_set(err, NTM_EINPUT, "%s", rc->why[0] ? rc->why : "cannot draw");
    return NTM_OK;
}

static ntm_status make_dir(const char *path, ntm_error *err)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return ntm_error_set(err, NTM_EIO, "cannot create folder '%s': %s", path,
                             ntm_strerror(errno));
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return ntm_error_set(err, NTM_EIO, "'%s' is not a folder", path);
    return NTM_OK;
}

ntm_status ntm_report_charts(ntm_report *r, ntm_error *err)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/charts", r->out_dir);
    ntm_status rc = make_dir(dir, err);
    if (rc != NTM_OK)
        return rc;
    const ntm_eval *ev = &r->scn[0].ev;
    for (size_t u = 0; u < ev->n_units && u < NTM_REPORT_MAX_UNIT_CHARTS; u++) {
        chart_scorecard(r, &ev->units[u], u);
        chart_trajectories(r, &ev->units[u], u);
    }
    chart_gaps(r);
    chart_roadmap(r);
    chart_compare(r);
    return NTM_OK;
}
