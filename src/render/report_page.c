/* report_page.c: the meeting pack's index.html (render/report_html.h): where we stand,
 * where we are heading, can we make the deadline, what closing the gaps costs, the
 * roadmap and who does what, the scenarios compared, and how the numbers were made. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/report_data.h"
#include "core/diag.h"
#include "engine/baseline.h"
#include "model/budget.h"
#include "render/report_html.h"

#define CELL 512

typedef struct page {
    const ntm_report *r;
    const ntm_cli *cli;
    ntm_html h;
} page;

static const char *T(const page *pg, const char *msgid)
{
    return ntm_tr(pg->cli, msgid);
}

static void figure(page *pg, const ntm_report_chart *c, const char *alt, const char *caption)
{
    char src[128], b[600];
    if (c->ok) {
        snprintf(src, sizeof src, "charts/%s.svg", c->name);
        ntm_html_figure(&pg->h, src, alt, caption);
    } else if (c->why[0]) {
        snprintf(b, sizeof b, "%s: %s", T(pg, "The chart could not be drawn"), c->why);
        ntm_html_p(&pg->h, b, "note");
    }
}

/* ---- 1. where we stand ---------------------------------------------------------------- */

/* EU's criteria met now but at risk by the year asked (plan/results.h's rule). */
static size_t count_at_risk(const ntm_report_scn *s, const ntm_eval_unit *eu)
{
    size_t n = 0;
    for (size_t k = 0; k < eu->sc.n_crit; k++) {
        const ntm_run_item *it =
            ntm_report_item(s, NTM_RUN_CRITERION, eu->unit.name, eu->sc.crit[k].crit->code);
        n += ntm_results_at_risk(eu->sc.crit[k].state, ntm_report_p_year(s, it));
    }
    return n;
}

/* One unit of section_status. */
static void status_unit(page *pg, size_t u)
{
    const ntm_report *r = pg->r;
    const ntm_cli *cli = pg->cli;
    const ntm_report_scn *s = &r->scn[0];
    char a[CELL], b[CELL], c[CELL], d[CELL], e[CELL], f[CELL], g[CELL];
    const ntm_eval_unit *eu = &s->ev.units[u];
    const ntm_scorecard *sc = &eu->sc;
    if (s->ev.n_units > 1)
        ntm_html_h3(&pg->h, eu->unit.name);
    snprintf(a, sizeof a, "%zu/%zu", sc->crit_met, sc->n_crit);
    snprintf(b, sizeof b, "%zu", sc->crit_unmet);
    snprintf(c, sizeof c, "%zu", sc->crit_unknown);
    size_t n_risk = count_at_risk(s, eu);
    snprintf(d, sizeof d, "%zu", n_risk);
    snprintf(e, sizeof e, T(pg, "met but at risk by 31/12/%d"), r->year);
    ntm_html_keyfig kf[] = {{a, T(pg, "criteria met"), "good"},
                            {b, T(pg, "criteria not met"), sc->crit_unmet ? "bad" : NULL},
                            {c, T(pg, "criteria unknown"), sc->crit_unknown ? "warn" : NULL},
                            {d, e, n_risk ? "warn" : NULL}};
    ntm_html_keyfigs(&pg->h, kf, 4);
    snprintf(a, sizeof a, "%s: %s — %s. %s: %s%s.", T(pg, "Criteria set"), eu->cat.id,
             ntm_report_name(cli, eu->cat.name_vi, eu->cat.name_en), T(pg, "Thresholds of class"),
             sc->class_key ? sc->class_key : "—",
             sc->hardest_rule ? T(pg, " (extremely disadvantaged commune: hardest region)") : "");
    ntm_html_p(&pg->h, a, NULL);
    figure(pg, &r->scorecard[u < NTM_REPORT_MAX_UNIT_CHARTS ? u : 0], T(pg, "Scorecard"), NULL);

    const char *hd[] = {T(pg, "No."), T(pg, "Criterion"), T(pg, "Status"), T(pg, "Basis"), g};
    snprintf(g, sizeof g, T(pg, "P(met by 31/12/%d)"), r->year);
    ntm_html_table_begin(&pg->h, T(pg, "The criteria"), hd, 5, "lllll");
    for (size_t k = 0; k < sc->n_crit; k++) {
        const ntm_criterion_result *cr = &sc->crit[k];
        const ntm_run_item *it =
            ntm_report_item(s, NTM_RUN_CRITERION, eu->unit.name, cr->crit->code);
        double p = ntm_report_p_year(s, it);
        const char *state = ntm_report_state(cli, cr->state);
        const char *cls = cr->state == NTM_STATE_MET     ? "good"
                          : cr->state == NTM_STATE_UNMET ? "bad"
                                                         : "warn";
        if (cr->state == NTM_STATE_MET && p < NTM_REPORT_AT_RISK_BELOW) {
            state = T(pg, "met but at risk");
            cls = "warn";
        }
        if (cr->by_assessment && cr->assessment)
            snprintf(b, sizeof b, "%s %s", T(pg, "assessed"),
                     ntm_report_date(cr->assessment->date, f, sizeof f));
        else
            snprintf(b, sizeof b, "%zu/%zu %s", cr->n_met, cr->n_ind, T(pg, "indicators met"));
        const char *row[] = {cr->crit->code,
                             ntm_report_name(cli, cr->crit->name_vi, cr->crit->name_en), state, b,
                             isfinite(p) ? ntm_report_pct(cli, p, c, sizeof c) : NULL};
        const char *cl[] = {NULL, NULL, cls, "muted", NULL};
        ntm_html_row(&pg->h, row, cl);
    }
    ntm_html_table_end(&pg->h);

    const char *hi[] = {T(pg, "Code"),           T(pg, "Indicator"),
                        T(pg, "Value reported"), T(pg, "Recomputed from counts"),
                        T(pg, "Threshold"),      T(pg, "Gap"),
                        T(pg, "Date, source")};
    ntm_html_table_begin(&pg->h, T(pg, "Indicators not met or unknown"), hi, 7, "llrrlrl");
    for (size_t k = 0; k < sc->n_ind; k++) {
        const ntm_indicator_result *ir = &sc->ind[k];
        if (ir->state == NTM_STATE_MET)
            continue;
        const ntm_assumption *as = ntm_report_assumption(&s->ev, ir);
        const char *val = ntm_report_value(cli, ir->ind, ir->reported, a, sizeof a);
        if (!isfinite(ir->reported) && as && isfinite(as->value)) {
            ntm_report_value(cli, ir->ind, as->value, f, sizeof f);
            snprintf(a, sizeof a, "%s (%s)", f, T(pg, "assumed"));
            val = a;
        } else if (!isfinite(ir->reported) && ir->n_obs && ir->obs[0]->status != NTM_ASSESS_NONE) {
            snprintf(a, sizeof a, "%s: %s", T(pg, "assessed"),
                     ir->obs[0]->status == NTM_ASSESS_MET ? T(pg, "met") : T(pg, "not met"));
            val = a;
        }
        const char *rec = isfinite(ir->recomputed) && (ir->differs || !isfinite(ir->reported))
                              ? ntm_report_value(cli, ir->ind, ir->recomputed, b, sizeof b)
                              : "";
        const char *gap = "";
        if (isfinite(ir->gap)) {
            ntm_report_value(cli, ir->ind, fabs(ir->gap), f, sizeof f);
            if (isfinite(ir->gap_count)) {
                char x[64];
                snprintf(c, sizeof c, "%s (%s %s)", f,
                         ntm_fmt_number(x, sizeof x, ceil(fabs(ir->gap_count)), 0, cli->lang),
                         ir->ind->denom_unit ? ir->ind->denom_unit : "");
            } else {
                snprintf(c, sizeof c, "%s", f);
            }
            gap = c;
        }
        const char *date_src = "";
        if (ir->n_obs) {
            snprintf(e, sizeof e, "%s; %s", ntm_report_date(ir->obs[0]->date, f, sizeof f),
                     ir->obs[0]->source ? ir->obs[0]->source : "");
            date_src = e;
        }
        const char *row[] = {
            ir->ind->code, ntm_report_name(cli, ir->ind->name_vi, ir->ind->name_en), val,
            rec,           ntm_report_threshold(cli, &s->ev, ir, d, sizeof d),       gap,
            date_src};
        const char *cl[] = {NULL, NULL,   ir->state == NTM_STATE_UNMET ? "bad" : "warn", NULL, NULL,
                            NULL, "muted"};
        ntm_html_row(&pg->h, row, cl);
    }
    ntm_html_table_end(&pg->h);
    if (n_risk == 0) {
        snprintf(a, sizeof a,
                 T(pg, "No met criterion is at notable risk by 31/12/%d (P(still met) ≥ 95%%)."),
                 r->year);
        ntm_html_p(&pg->h, a, "note");
    }
}

static void section_status(page *pg)
{
    const ntm_report_scn *s = &pg->r->scn[0];
    ntm_html_section(&pg->h, "status", T(pg, "1. Where we stand"));
    for (size_t u = 0; u < s->ev.n_units; u++)
        status_unit(pg, u);
}

/* ---- 2. where we are heading ------------------------------------------------------------ */

static void section_trajectories(page *pg)
{
    const ntm_report *r = pg->r;
    const ntm_cli *cli = pg->cli;
    const ntm_report_scn *s = &r->scn[0];
    char a[CELL], b[CELL], c[CELL], d[CELL], e[CELL], f[CELL], g[CELL], hdr[2][CELL];
    ntm_html_section(&pg->h, "trajectories", T(pg, "2. Where we are heading"));
    ntm_html_p(
        &pg->h,
        T(pg,
          "Each unmet indicator under the scenario (data so far, the median and 80% and 95% ranges "
          "of the draws) against its threshold, target year and the recognition deadline."),
        NULL);
    for (size_t u = 0; u < s->ev.n_units; u++) {
        const ntm_eval_unit *eu = &s->ev.units[u];
        if (s->ev.n_units > 1)
            ntm_html_h3(&pg->h, eu->unit.name);
        if (u < NTM_REPORT_MAX_UNIT_CHARTS)
            figure(pg, &r->traj[u], T(pg, "Trajectories of the unmet indicators"), NULL);
        snprintf(hdr[0], sizeof hdr[0], T(pg, "Median at the end of %d"), r->year);
        snprintf(hdr[1], sizeof hdr[1], T(pg, "80%% range at the end of %d"), r->year);
        const char *hd[] = {T(pg, "Code"), T(pg, "Indicator"), T(pg, "Now"), hdr[0],
                            hdr[1],        T(pg, "Threshold")};
        ntm_html_table_begin(&pg->h, T(pg, "Forecasts"), hd, 6, "llrrrl");
        int any = 0;
        for (size_t k = 0; k < eu->sc.n_ind; k++) {
            const ntm_indicator_result *ir = &eu->sc.ind[k];
            const ntm_sim_indicator *si = ntm_report_sim_ind(&s->ev, ir, NULL);
            const ntm_run_item *it =
                ntm_report_item(s, NTM_RUN_INDICATOR, eu->unit.name, ir->ind->code);
            if (ir->state != NTM_STATE_UNMET || !si || !it || !it->quant || !s->has_year)
                continue;
            const double *q = &it->quant[s->yi * NTM_RUN_NQ];
            ntm_report_value(cli, ir->ind, q[2], e, sizeof e);
            ntm_report_value(cli, ir->ind, q[6], f, sizeof f);
            snprintf(c, sizeof c, "%s – %s", e, f);
            const char *row[] = {ir->ind->code,
                                 ntm_report_name(cli, ir->ind->name_vi, ir->ind->name_en),
                                 ntm_report_value(cli, ir->ind, si->value, a, sizeof a),
                                 ntm_report_value(cli, ir->ind, q[4], b, sizeof b),
                                 c,
                                 ntm_report_threshold(cli, &s->ev, ir, g, sizeof g)};
            ntm_html_row(&pg->h, row, NULL);
            any = 1;
        }
        ntm_html_table_end(&pg->h);
        if (!any)
            ntm_html_p(&pg->h, T(pg, "No unmet indicator has data to project."), "note");
        (void)d;
    }
}

/* ---- 3. can we make the deadline ------------------------------------------------------- */

/* One unit of section_reach. */
/* The unit's criteria not met: P by the target year and the year asked, the year met. */
static void reach_criteria(page *pg, const ntm_eval_unit *eu, const char *hy)
{
    const ntm_cli *cli = pg->cli;
    const ntm_report_scn *s = &pg->r->scn[0];
    char b[CELL], c[CELL], d[CELL], e[CELL];
    const char *hc[] = {T(pg, "No."),
                        T(pg, "Criterion"),
                        T(pg, "Target year"),
                        T(pg, "P(met by the target year)"),
                        hy,
                        T(pg, "Expected year met (80% range)")};
    ntm_html_table_begin(&pg->h, T(pg, "Each criterion not met"), hc, 6, "llrrrl");
    for (size_t k = 0; k < eu->sc.n_crit; k++) {
        const ntm_criterion_result *cr = &eu->sc.crit[k];
        const ntm_run_item *it =
            ntm_report_item(s, NTM_RUN_CRITERION, eu->unit.name, cr->crit->code);
        if (cr->state != NTM_STATE_UNMET || !it)
            continue;
        snprintf(b, sizeof b, "%d", it->target_year);
        double py = ntm_report_p_year(s, it);
        const char *row[] = {cr->crit->code,
                             ntm_report_name(cli, cr->crit->name_vi, cr->crit->name_en),
                             b,
                             ntm_report_pct(cli, it->p_target, c, sizeof c),
                             ntm_report_pct(cli, py, d, sizeof d),
                             ntm_report_expected_year(cli, &s->run, it, e, sizeof e)};
        const char *cl[] = {NULL,
                            NULL,
                            NULL,
                            it->p_target < 0.5   ? "bad"
                            : it->p_target < 0.8 ? "warn"
                                                 : "good",
                            py < 0.5   ? "bad"
                            : py < 0.8 ? "warn"
                                       : "good",
                            NULL};
        ntm_html_row(&pg->h, row, cl);
    }
    ntm_html_table_end(&pg->h);
}

static void reach_unit(page *pg, size_t u)
{
    const ntm_report *r = pg->r;
    const ntm_cli *cli = pg->cli;
    const ntm_report_scn *s = &r->scn[0];
    const ntm_run_meta *m = &s->run.meta;
    char a[CELL], b[CELL], c[CELL], d[CELL], e[CELL], f[CELL], g[CELL], hy[CELL];
    const ntm_eval_unit *eu = &s->ev.units[u];
    if (s->ev.n_units > 1)
        ntm_html_h3(&pg->h, eu->unit.name);
    const ntm_run_item *ui = ntm_report_item(s, NTM_RUN_UNIT, eu->unit.name, NULL);
    if (ui) {
        double p = ntm_report_p_year(s, ui);
        snprintf(b, sizeof b, T(pg, "P(standard met: every criterion) by 31/12/%d, ±%s points"),
                 r->year, ntm_fmt_number(f, sizeof f, 100 * ui->p_met_se[s->yi], 1, cli->lang));
        snprintf(d, sizeof d, T(pg, "by the recognition deadline 31/12/%d"), m->deadline);
        snprintf(e, sizeof e, "%s/%zu",
                 ui->mean_met ? ntm_fmt_number(g, sizeof g, ui->mean_met[s->yi], 1, cli->lang)
                              : NTM_FMT_NONE,
                 eu->sc.n_crit);
        snprintf(hy, sizeof hy, T(pg, "criteria expected to be met at the end of %d"), r->year);
        ntm_html_keyfig kf[3] = {{ntm_report_pct(cli, p, a, sizeof a), b,
                                  p < 0.5   ? "bad"
                                  : p < 0.8 ? "warn"
                                            : "good"},
                                 {ntm_report_pct(cli, ui->p_deadline, c, sizeof c), d, NULL},
                                 {e, hy, NULL}};
        /* When the year asked is the deadline the second figure would repeat the first. */
        if (m->deadline == r->year)
            kf[1] = kf[2];
        ntm_html_keyfigs(&pg->h, kf, m->deadline != r->year ? 3 : 2);
    }
    const ntm_criterion_result *hold[NTM_REPORT_HOLD_BACK_MAX];
    double hold_p[NTM_REPORT_HOLD_BACK_MAX];
    size_t n_hold = ntm_report_hold_back(s, eu, hold, hold_p);
    if (n_hold) {
        size_t o = (size_t)snprintf(a, sizeof a, "%s: ", T(pg, "Criteria holding it back most"));
        for (size_t k = 0; k < n_hold && o < sizeof a; k++)
            o += (size_t)snprintf(
                a + o, sizeof a - o, "%s%s %s (%s)", k ? "; " : "", hold[k]->crit->code,
                ntm_report_name(cli, hold[k]->crit->name_vi, hold[k]->crit->name_en),
                ntm_report_pct(cli, hold_p[k], f, sizeof f));
        ntm_html_p(&pg->h, a, "warn");
    }
    snprintf(hy, sizeof hy, T(pg, "P(met by 31/12/%d)"), r->year);
    const char *hd[] = {T(pg, "Code"),
                        T(pg, "Indicator"),
                        T(pg, "Target year"),
                        T(pg, "P(met by the target year)"),
                        hy,
                        T(pg, "Expected year met (80% range)"),
                        T(pg, "Scenario puts in")};
    ntm_html_table_begin(&pg->h, T(pg, "Each indicator not met"), hd, 7, "llrrrll");
    size_t n_assumed = 0;
    for (size_t k = 0; k < eu->sc.n_ind; k++) {
        const ntm_indicator_result *ir = &eu->sc.ind[k];
        const ntm_run_item *it =
            ntm_report_item(s, NTM_RUN_INDICATOR, eu->unit.name, ir->ind->code);
        if (ir->state != NTM_STATE_UNMET || !it)
            continue;
        const ntm_assumption *as = ntm_report_assumption(&s->ev, ir);
        n_assumed += as != NULL;
        snprintf(a, sizeof a, "%s%s", ir->ind->code, as ? " *" : "");
        snprintf(b, sizeof b, "%d", it->target_year);
        int n_iv, effort;
        double money = ntm_report_money_for(&s->ev, eu->unit.name, ir->ind->code, &n_iv, &effort);
        const char *mon = money > 0 ? ntm_fmt_money(g, sizeof g, money, cli->lang)
                          : effort  ? T(pg, "effort (not money)")
                                    : T(pg, "nothing");
        double py = ntm_report_p_year(s, it);
        const char *row[] = {a,
                             ntm_report_name(cli, ir->ind->name_vi, ir->ind->name_en),
                             b,
                             ntm_report_pct(cli, it->p_target, c, sizeof c),
                             ntm_report_pct(cli, py, d, sizeof d),
                             ntm_report_expected_year(cli, &s->run, it, e, sizeof e),
                             mon};
        const char *cl[] = {NULL,
                            NULL,
                            NULL,
                            it->p_target < 0.5   ? "bad"
                            : it->p_target < 0.8 ? "warn"
                                                 : "good",
                            py < 0.5   ? "bad"
                            : py < 0.8 ? "warn"
                                       : "good",
                            NULL,
                            NULL};
        ntm_html_row(&pg->h, row, cl);
    }
    ntm_html_table_end(&pg->h);
    if (n_assumed)
        ntm_html_p(&pg->h,
                   T(pg, "* uses the scenario's assumptions, not confirmed data or thresholds "
                         "(see section 7)."),
                   "note");
    reach_criteria(pg, eu, hy);
}

static void section_reach(page *pg)
{
    const ntm_report_scn *s = &pg->r->scn[0];
    ntm_html_section(&pg->h, "reach", T(pg, "3. Can we make the deadline?"));
    for (size_t u = 0; u < s->ev.n_units; u++)
        reach_unit(pg, u);
}

/* ---- 4. what closing the gaps costs ------------------------------------------------------ */

/* "2,1 tỷ đồng (±40 triệu đồng)", "0 (đã đủ)", or "không đủ". */
static const char *gap_money(const page *pg, const ntm_gapcost_result *f, char *b, size_t n)
{
    char m[64], e[64];
    if (!f->found)
        snprintf(b, n, "%s", T(pg, "none suffices"));
    else if (f->money <= 0)
        snprintf(b, n, "%s", T(pg, "0 (enough now)"));
    else
        snprintf(b, n, "%s (±%s)", ntm_fmt_money(m, sizeof m, f->money, pg->cli->lang),
                 ntm_fmt_money(e, sizeof e, f->money_se, pg->cli->lang));
    return b;
}

static void section_gaps(page *pg)
{
    const ntm_report *r = pg->r;
    const ntm_cli *cli = pg->cli;
    const ntm_report_scn *s = &r->scn[0];
    const ntm_gaps *gs = &r->gaps;
    char a[CELL], b[CELL], c[CELL], d[CELL], e[CELL], f[CELL], pc[32], hc[3][CELL];
    ntm_html_section(&pg->h, "gaps", T(pg, "4. What closing the gaps costs"));
    if (!r->have_gaps) {
        snprintf(
            a, sizeof a, "%s%s%s",
            T(pg,
              "Gap costs are not available for this scenario; no figure here stands in for them."),
            r->gaps_why[0] ? " " : "", r->gaps_why);
        ntm_html_p(&pg->h, a, "warn");
        return;
    }
    ntm_fmt_percent(pc, sizeof pc, 100 * gs->conf, 0, cli->lang);
    snprintf(a, sizeof a,
             T(pg, "The least extra money (on top of what the scenario already puts in) for P(met "
                   "by the target year) of at least %s, with the 50%% and 95%% levels; the Monte "
                   "Carlo error in brackets. On %ld draws shared by every amount."),
             pc, gs->draws);
    ntm_html_p(&pg->h, a, NULL);
    snprintf(b, sizeof b, "%zu/%zu", gs->n_closable, gs->n_crit);
    snprintf(c, sizeof c, T(pg, "unmet criteria money can close (confidence %s)"), pc);
    snprintf(e, sizeof e, "±%s", ntm_fmt_money(f, sizeof f, gs->total_se, cli->lang));
    snprintf(d, sizeof d, "%s (%s)", T(pg, "extra money in all"), e);
    ntm_html_keyfig kf[] = {{b, c, gs->n_closable < gs->n_crit ? "warn" : "good"},
                            {ntm_fmt_money(a, sizeof a, gs->total, cli->lang), d, NULL}};
    ntm_html_keyfigs(&pg->h, kf, 2);
    figure(pg, &r->gaps_chart, T(pg, "Cost of closing the gaps"), NULL);

    const ntm_eval *ev = &s->ev;
    snprintf(hc[0], sizeof hc[0], T(pg, "Extra for %s"), pc);
    snprintf(hc[1], sizeof hc[1], "%s", T(pg, "At 50%"));
    snprintf(hc[2], sizeof hc[2], "%s", T(pg, "At 95%"));
    const char *hd[] = {T(pg, "Code"),
                        T(pg, "Criterion / indicator"),
                        T(pg, "Target year"),
                        T(pg, "P(met) now"),
                        hc[0],
                        hc[1],
                        hc[2],
                        T(pg, "Note")};
    ntm_html_table_begin(&pg->h, T(pg, "By criterion (cheapest first) and indicator"), hd, 8,
                         "llrrrrrl");
    for (size_t ci = 0; ci < gs->n_crit; ci++) {
        const ntm_gap_criterion *cr = &gs->crit[ci];
        for (size_t k = 0; k <= cr->n_gaps; k++) {
            const ntm_gap *g = k ? &gs->gap[cr->gaps[k - 1]] : NULL;
            const ntm_gapcost_result *fig = g ? g->fig : cr->fig;
            char m0[CELL], m1[CELL], m2[CELL], why[CELL], code[64], name[CELL];
            snprintf(code, sizeof code, "%s%s", g ? "  " : "", g ? g->code : cr->code);
            if (g)
                snprintf(name, sizeof name, "%s", ntm_report_name(cli, g->name_vi, g->name_en));
            else if (cr->unit && ev->n_units > 1)
                snprintf(name, sizeof name, "%s: %s", cr->unit,
                         ntm_report_name(cli, cr->name_vi, cr->name_en));
            else
                snprintf(name, sizeof name, "%s", ntm_report_name(cli, cr->name_vi, cr->name_en));
            snprintf(a, sizeof a, "%d", g ? g->target_year : cr->target_year);
            why[0] = '\0';
            if (g && g->cls == NTM_GAP_CLASS_EFFORT)
                snprintf(why, sizeof why, "%s", T(pg, "effort, not money"));
            else if (g && g->cls == NTM_GAP_CLASS_MONEY && fig[NTM_GAPS_MAIN].found)
                snprintf(why, sizeof why, "%s", ev->iv[g->iv].iv->name);
            if (!fig[NTM_GAPS_MAIN].found) {
                ntm_gaps_why_text(cli, ev, gs, g, g ? g->why : cr->why, g ? g->p_max : cr->p_max, e,
                                  sizeof e);
                size_t o = strlen(why);
                snprintf(why + o, sizeof why - o, "%s%s", o ? "; " : "", e);
            }
            const char *row[] = {code,
                                 name,
                                 a,
                                 ntm_report_pct(cli, g ? g->p_now : cr->p_now, b, sizeof b),
                                 gap_money(pg, &fig[NTM_GAPS_MAIN], m1, sizeof m1),
                                 gap_money(pg, &fig[0], m0, sizeof m0),
                                 gap_money(pg, &fig[2], m2, sizeof m2),
                                 why};
            const char *cl[] = {NULL, NULL, NULL,   NULL, fig[NTM_GAPS_MAIN].found ? NULL : "bad",
                                NULL, NULL, "muted"};
            ntm_html_row(&pg->h, row, cl);
        }
    }
    ntm_html_table_end(&pg->h);

    /* The total by funding key and by year. */
    size_t nl = gs->n_keys + gs->n_years;
    char(*lines)[CELL] = calloc(nl ? nl : 1, sizeof *lines);
    const char **items = calloc(nl ? nl : 1, sizeof *items);
    size_t n = 0;
    for (size_t k = 0; lines && items && k < gs->n_keys; k++) {
        char kt[256];
        snprintf(lines[n], sizeof lines[n], "%s: %s",
                 ntm_fund_key_text(kt, sizeof kt, &gs->keys[k], cli->lang),
                 ntm_fmt_money(f, sizeof f, gs->key_total[k], cli->lang));
        items[n] = lines[n];
        n++;
    }
    for (size_t y = 0; lines && items && gs->year_total && y < gs->n_years; y++) {
        if (!(gs->year_total[y] > 0))
            continue;
        snprintf(lines[n], sizeof lines[n], "%s %d: %s", T(pg, "year"), gs->start_year + (int)y,
                 ntm_fmt_money(f, sizeof f, gs->year_total[y], cli->lang));
        items[n] = lines[n];
        n++;
    }
    if (n) {
        ntm_html_h3(&pg->h, T(pg, "Extra money by funding key and by year"));
        ntm_html_list(&pg->h, items, n);
    }
    free(lines);
    free(items);
    ntm_html_p(&pg->h,
               T(pg,
                 "The total adds the criteria money can close; errors add per criterion (taken as "
                 "independent). Effort gaps need the work of officials and villages, not money."),
               "note");
}

/* ---- 5. the roadmap and who does what ----------------------------------------------------- */

static void section_roadmap(page *pg)
{
    const ntm_report *r = pg->r;
    const ntm_cli *cli = pg->cli;
    const ntm_report_scn *s = &r->scn[0];
    const ntm_eval *ev = &s->ev;
    char a[CELL], b[CELL];
    ntm_html_section(&pg->h, "roadmap", T(pg, "5. The roadmap and who does what"));
    ntm_html_p(
        &pg->h,
        T(pg, "The roadmap below is the main scenario's plan (money by year, tasks and owners as "
              "in the scenario file). An optimised allocation is not available in this version."),
        NULL);
    figure(pg, &r->roadmap, T(pg, "Roadmap"), NULL);
    const char *hd[] = {T(pg, "Task"), T(pg, "Who"), T(pg, "Due"), T(pg, "Status")};
    ntm_html_table_begin(&pg->h, T(pg, "Việc cần làm (to do)"), hd, 4, "llll");
    for (size_t i = 0; i < ev->n_iv; i++) {
        const ntm_sim_iv *si = &ev->iv[i];
        const ntm_sim_indicator *ind = &ev->ind[si->indicator];
        const ntm_intervention *iv = si->iv;
        const char *unit = ev->unit_names[ind->unit];
        const ntm_run_item *it = ntm_report_item(s, NTM_RUN_INDICATOR, unit, ind->code);
        if (ev->n_units > 1)
            snprintf(a, sizeof a, "%s (%s, %s)", iv->task ? iv->task : iv->name, unit, ind->code);
        else
            snprintf(a, sizeof a, "%s (%s)", iv->task ? iv->task : iv->name, ind->code);
        double pd;
        ntm_report_task_status(cli, &s->run, ind->met,
                               ntm_results_indicator_state(&ev->units[ind->unit], ind->code), it,
                               iv->due, &pd, b, sizeof b);
        const char *cls = ind->met        ? "good"
                          : !isfinite(pd) ? "bad"
                          : pd < 0.5      ? "bad"
                          : pd < 0.8      ? "warn"
                                          : "good";
        const char *row[] = {a, iv->owner ? iv->owner : "—", iv->due ? iv->due : "—", b};
        const char *cl[] = {NULL, NULL, NULL, cls};
        ntm_html_row(&pg->h, row, cl);
    }
    ntm_html_table_end(&pg->h);

    /* Money by year per task. */
    size_t ny = ev->n_years, nc = ny + 3;
    const char **hm = calloc(nc, sizeof *hm);
    const char **row = calloc(nc, sizeof *row);
    char(*cells)[64] = calloc(nc, sizeof *cells);
    char *align = calloc(nc + 1, 1);
    if (!hm || !row || !cells || !align) {
        free(hm), free(row), free(cells), free(align);
        return;
    }
    hm[0] = T(pg, "Task");
    hm[1] = T(pg, "Indicator");
    align[0] = align[1] = 'l';
    for (size_t y = 0; y < ny; y++) {
        snprintf(cells[y], sizeof cells[y], "%d", s->run.meta.start_year + (int)y);
        hm[2 + y] = cells[y];
        align[2 + y] = 'r';
    }
    hm[nc - 1] = T(pg, "Total");
    align[nc - 1] = 'r';
    ntm_html_table_begin(&pg->h, T(pg, "Money by year"), hm, nc, align);
    char(*vals)[64] = calloc(nc, sizeof *vals);
    for (size_t i = 0; vals && i < ev->n_iv; i++) {
        const ntm_sim_iv *si = &ev->iv[i];
        double tot = 0;
        row[0] = si->iv->name;
        row[1] = ev->ind[si->indicator].code;
        for (size_t y = 0; y < ny; y++) {
            tot += si->spend[y];
            row[2 + y] = si->spend[y] > 0 ? ntm_fmt_money(vals[2 + y], sizeof vals[2 + y],
                                                          si->spend[y], cli->lang)
                                          : "";
        }
        row[nc - 1] = tot > 0 ? ntm_fmt_money(vals[nc - 1], sizeof vals[nc - 1], tot, cli->lang)
                      : si->iv->type == NTM_IV_EFFORT ? T(pg, "effort")
                                                      : "";
        ntm_html_row(&pg->h, row, NULL);
    }
    ntm_html_table_end(&pg->h);
    free(vals);
    free(hm);
    free(row);
    free(cells);
    free(align);
}

/* ---- 6. scenarios compared ------------------------------------------------------------- */

static void section_compare(page *pg)
{
    const ntm_report *r = pg->r;
    const ntm_cli *cli = pg->cli;
    char a[CELL], b[CELL], c[CELL], d[CELL], e[CELL], hy[CELL], hm[CELL];
    ntm_html_section(&pg->h, "compare", T(pg, "6. Scenarios compared"));
    if (r->n_scn < 2)
        ntm_html_p(&pg->h,
                   T(pg, "There is one scenario only. Give more scenario files (ntmplan report "
                         "A.ini B.ini …) to compare."),
                   "note");
    figure(pg, &r->compare, T(pg, "Scenarios compared"), NULL);
    snprintf(hy, sizeof hy, T(pg, "P(standard) by 31/12/%d"), r->year);
    snprintf(hm, sizeof hm, T(pg, "Criteria expected met at the end of %d"), r->year);
    const char *hd[] = {
        T(pg, "Scenario"),   T(pg, "Unit"), T(pg, "Money in all"), hy, T(pg, "By the deadline"), hm,
        T(pg, "Draws, seed")};
    ntm_html_table_begin(&pg->h, NULL, hd, 7, "llrrrrr");
    for (size_t i = 0; i < r->n_scn; i++) {
        const ntm_report_scn *s = &r->scn[i];
        for (size_t u = 0; u < s->ev.n_units; u++) {
            const ntm_eval_unit *eu = &s->ev.units[u];
            const ntm_run_item *ui = ntm_report_item(s, NTM_RUN_UNIT, eu->unit.name, NULL);
            if (!ui)
                continue;
            double p = ntm_report_p_year(s, ui);
            snprintf(d, sizeof d, "%s (31/12/%d)", ntm_report_pct(cli, ui->p_deadline, a, sizeof a),
                     s->run.meta.deadline);
            char g[64];
            snprintf(e, sizeof e, "%s/%zu",
                     ui->mean_met && s->has_year
                         ? ntm_fmt_number(g, sizeof g, ui->mean_met[s->yi], 1, cli->lang)
                         : NTM_FMT_NONE,
                     eu->sc.n_crit);
            snprintf(b, sizeof b, "%s, %llu",
                     ntm_fmt_number(g, sizeof g, (double)s->run.meta.draws, 0, cli->lang),
                     (unsigned long long)s->run.meta.seed);
            char money[64];
            const char *row[] = {
                s->run.meta.scenario,
                eu->unit.name,
                ntm_fmt_money(money, sizeof money, ntm_report_money_total(&s->ev), cli->lang),
                ntm_report_pct(cli, p, c, sizeof c),
                d,
                e,
                b};
            ntm_html_row(&pg->h, row, NULL);
        }
    }
    ntm_html_table_end(&pg->h);
    ntm_html_p(
        &pg->h,
        T(pg, "The scenarios share their random streams (the same seed gives the same draws), so "
              "their differences come from money and assumptions, not from simulation luck."),
        "note");
}

/* ---- 7. how these numbers were made ----------------------------------------------------- */

/* The method section's trends, priors and simulation settings. */
static void method_trends(page *pg)
{
    const ntm_report *r = pg->r;
    const ntm_cli *cli = pg->cli;
    char a[4096], b[CELL];
    const ntm_report_scn *s0 = &r->scn[0];
    ntm_html_h3(&pg->h, T(pg, "Trends and priors"));
    const char *ht[] = {T(pg, "Code"), T(pg, "Indicator"), T(pg, "Data points"), T(pg, "Model"),
                        T(pg, "Prior")};
    ntm_html_table_begin(&pg->h, NULL, ht, 5, "llrll");
    for (size_t i = 0; i < s0->ev.n_ind; i++) {
        const ntm_indicator_result *ir = s0->ev.ind_res[i];
        if (ir->state == NTM_STATE_MET || ir->ind->kind == NTM_KIND_BINARY)
            continue;
        const ntm_eval_unit *eu = &s0->ev.units[s0->ev.ind[i].unit];
        ntm_series ser;
        ntm_baseline_series(&eu->cat, ir->ind, eu->obs, eu->n_obs, INFINITY, &ser);
        snprintf(b, sizeof b, "%zu", ser.n);
        const char *model =
            s0->ev.fits[i] ? (ir->ind->model ? ir->ind->model : "auto") : T(pg, "no trend (stays)");
        const char *prior =
            ntm_baseline_has_prior(ir->ind)
                ? (ir->ind->prior.source ? ir->ind->prior.source : T(pg, "from the catalog"))
                : T(pg, "none");
        const char *row[] = {ir->ind->code,
                             ntm_report_name(cli, ir->ind->name_vi, ir->ind->name_en), b, model,
                             prior};
        const char *cl[] = {NULL, NULL, NULL, NULL, "muted"};
        ntm_html_row(&pg->h, row, cl);
    }
    ntm_html_table_end(&pg->h);

    ntm_html_h3(&pg->h, T(pg, "Simulation"));
    const ntm_run_meta *m = &s0->run.meta;
    char t[64], n[64];
    snprintf(
        a, sizeof a,
        T(pg, "%s Monte Carlo draws, seed %llu (the same seed and scenario give the same results, "
              "byte for byte); program ntmplan %s; run at %s. A probability is the share of draws "
              "in which it holds; an 80%% range runs from the 10%% to the 90%% quantile."),
        ntm_fmt_number(n, sizeof n, (double)m->draws, 0, cli->lang), (unsigned long long)m->seed,
        m->version, ntm_report_time(cli, m->created, t, sizeof t));
    ntm_html_p(&pg->h, a, NULL);

    size_t nd = 0;
    for (size_t i = 0; i < r->n_scn; i++)
        nd += r->scn[i].ev.diags.n;
    if (nd) {
        ntm_html_h3(&pg->h, T(pg, "Warnings on reading the scenarios"));
        const char **items = calloc(nd, sizeof *items);
        char(*lines)[1400] = calloc(nd, sizeof *lines);
        size_t k = 0;
        for (size_t i = 0; items && lines && i < r->n_scn; i++)
            for (size_t j = 0; j < r->scn[i].ev.diags.n; j++, k++) {
                ntm_diag_format(&r->scn[i].ev.diags.items[j], lines[k], sizeof lines[k]);
                items[k] = lines[k];
            }
        if (items && lines)
            ntm_html_list(&pg->h, items, k);
        free(items);
        free(lines);
    }
}

static void section_method(page *pg)
{
    const ntm_report *r = pg->r;
    const ntm_cli *cli = pg->cli;
    char a[4096], b[CELL], c[CELL], d[CELL];
    ntm_html_section(&pg->h, "method", T(pg, "7. How these numbers were made"));
    const ntm_report_scn *s0 = &r->scn[0];

    ntm_html_h3(&pg->h, T(pg, "Data sources"));
    for (size_t u = 0; u < s0->ev.n_units; u++) {
        const ntm_eval_unit *eu = &s0->ev.units[u];
        snprintf(a, sizeof a, "%s: %s — %s (%s %s; %s)", T(pg, "Criteria set"), eu->cat.id,
                 ntm_report_name(cli, eu->cat.name_vi, eu->cat.name_en), T(pg, "effective"),
                 eu->cat.effective ? ntm_report_date(eu->cat.effective, b, sizeof b) : "—",
                 eu->cat.source ? eu->cat.source : T(pg, "no source given"));
        ntm_html_p(&pg->h, a, NULL);
        /* The distinct sources of the unit's observations, in the order first met. */
        const char **src = calloc(eu->n_obs ? eu->n_obs : 1, sizeof *src);
        size_t *cnt = calloc(eu->n_obs ? eu->n_obs : 1, sizeof *cnt);
        const char **items = calloc(eu->n_obs ? eu->n_obs : 1, sizeof *items);
        char(*lines)[CELL] = calloc(eu->n_obs ? eu->n_obs : 1, sizeof *lines);
        size_t ns = 0;
        for (size_t i = 0; src && cnt && items && lines && i < eu->n_obs; i++) {
            const char *so = eu->obs[i].source ? eu->obs[i].source : T(pg, "(no source)");
            size_t k = 0;
            while (k < ns && strcmp(src[k], so) != 0)
                k++;
            if (k == ns)
                src[ns++] = so;
            cnt[k]++;
        }
        for (size_t k = 0; items && lines && k < ns; k++) {
            snprintf(lines[k], sizeof lines[k], "%s (%zu %s)", src[k], cnt[k],
                     T(pg, "observations"));
            items[k] = lines[k];
        }
        if (items)
            ntm_html_list(&pg->h, items, ns);
        free(src), free(cnt), free(items), free(lines);
    }

    ntm_html_h3(&pg->h, T(pg, "Scenarios and assumptions"));
    for (size_t i = 0; i < r->n_scn; i++) {
        const ntm_report_scn *s = &r->scn[i];
        const ntm_scenario *sc = &s->ev.sc;
        snprintf(a, sizeof a,
                 T(pg, "Scenario \"%s\" (file %s, content digest %s): from %d to %d, recognition "
                       "deadline 31/12/%d; %zu interventions, %zu envelopes."),
                 s->run.meta.scenario, s->run.meta.path, s->run.meta.digest, sc->start_year,
                 sc->horizon, sc->deadline, sc->n_iv, sc->n_envelopes);
        ntm_html_p(&pg->h, a, NULL);
        if (sc->n_assume) {
            const char *hd[] = {T(pg, "Indicator"), T(pg, "Assumed value"),
                                T(pg, "Assumed threshold"), T(pg, "Source, reason")};
            ntm_html_table_begin(
                &pg->h, T(pg, "Assumptions ([assumptions]): not confirmed figures"), hd, 4, "lrrl");
            for (size_t k = 0; k < sc->n_assume; k++) {
                const ntm_assumption *as = &sc->assume[k];
                const ntm_indicator *ind =
                    s->ev.n_units ? ntm_catalog_indicator(&s->ev.units[0].cat, as->indicator)
                                  : NULL;
                if (as->unit)
                    snprintf(b, sizeof b, "%s (%s)", as->indicator, as->unit);
                else
                    snprintf(b, sizeof b, "%s", as->indicator);
                const char *v = "";
                if (isfinite(as->value))
                    v = ind ? ntm_report_value(cli, ind, as->value, c, sizeof c)
                            : ntm_fmt_number(c, sizeof c, as->value, 2, cli->lang);
                d[0] = '\0';
                char x[64], y[64];
                if (isfinite(as->lower) && isfinite(as->upper))
                    snprintf(d, sizeof d, "%s – %s",
                             ntm_fmt_number(x, sizeof x, as->lower, 2, cli->lang),
                             ntm_fmt_number(y, sizeof y, as->upper, 2, cli->lang));
                else if (isfinite(as->lower))
                    snprintf(d, sizeof d, "≥ %s",
                             ntm_fmt_number(x, sizeof x, as->lower, 2, cli->lang));
                else if (isfinite(as->upper))
                    snprintf(d, sizeof d, "≤ %s",
                             ntm_fmt_number(x, sizeof x, as->upper, 2, cli->lang));
                const char *row[] = {b, v, d, as->source};
                const char *cl[] = {NULL, NULL, NULL, "muted"};
                ntm_html_row(&pg->h, row, cl);
            }
            ntm_html_table_end(&pg->h);
        }
    }

    method_trends(pg);
}

ntm_status ntm_report_page(const ntm_report *r, ntm_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/index.html", r->out_dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return ntm_error_set(err, NTM_EIO, "cannot write '%s'", path);
    page pg = {.r = r, .cli = r->cli};
    const ntm_report_scn *s = &r->scn[0];
    char title[1024], sub[1024], meta[1024], t[64];
    size_t o = (size_t)snprintf(title, sizeof title, "%s", T(&pg, "Steering committee pack"));
    for (size_t u = 0; u < s->ev.n_units && o < sizeof title; u++)
        o += (size_t)snprintf(title + o, sizeof title - o, "%s%s", u ? ", " : " — ",
                              s->ev.units[u].unit.name);
    snprintf(sub, sizeof sub,
             T(&pg, "Scenario: %s; assessed to 31/12/%d, recognition deadline 31/12/%d"),
             s->run.meta.scenario, r->year, s->run.meta.deadline);
    snprintf(meta, sizeof meta, T(&pg, "ntmplan %s — run of %s — %ld draws, seed %llu"),
             s->run.meta.version, ntm_report_time(r->cli, r->created, t, sizeof t),
             s->run.meta.draws, (unsigned long long)s->run.meta.seed);
    ntm_html_begin(&pg.h, f, r->cli->lang, title, sub, meta);
    section_status(&pg);
    section_trajectories(&pg);
    section_reach(&pg);
    section_gaps(&pg);
    section_roadmap(&pg);
    section_compare(&pg);
    section_method(&pg);
    ntm_status rc = ntm_html_end(&pg.h, err);
    if (fclose(f) != 0 && rc == NTM_OK)
        rc = ntm_error_set(err, NTM_EIO, "cannot write '%s'", path);
    if (rc != NTM_OK)
        ntm_error_prefix(err, "%s: ", path);
    return rc;
}
