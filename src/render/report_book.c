/* report_book.c: the meeting pack's tables.xlsx (render/workbook.h) and summary.txt, the
 * sentences a planner pastes into a Word report. Shares are written as fractions with the
 * 0.0% format and money in đồng with #,##0, so Excel can compute with them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/report_data.h"
#include "render/workbook.h"

#define ROW_MAX 24

static const char *T(const ntm_report *r, const char *msgid)
{
    return ntm_tr(r->cli, msgid);
}

/* Writes a row, keeping the first error. */
static void put(ntm_workbook *wb, const ntm_wb_cell *c, size_t n, ntm_status *rc, ntm_error *err)
{
    if (*rc == NTM_OK)
        *rc = ntm_workbook_row(wb, c, n, err);
}

static void sheet(ntm_workbook *wb, const char *name, const ntm_wb_column *cols, size_t n,
                  ntm_status *rc, ntm_error *err)
{
    if (*rc == NTM_OK)
        *rc = ntm_workbook_sheet(wb, name, cols, n, err);
}

static const char *level_word(const ntm_report *r, ntm_run_level l)
{
    return l == NTM_RUN_INDICATOR   ? T(r, "indicator")
           : l == NTM_RUN_CRITERION ? T(r, "criterion")
                                    : T(r, "unit (standard)");
}

/* The name of the indicator or criterion of IT in S's catalogs. */
static const char *item_name(const ntm_report *r, const ntm_report_scn *s, const ntm_run_item *it)
{
    for (size_t u = 0; u < s->ev.n_units; u++) {
        const ntm_eval_unit *eu = &s->ev.units[u];
        if (strcmp(eu->unit.name, it->unit) != 0)
            continue;
        if (it->level == NTM_RUN_INDICATOR) {
            const ntm_indicator *ind = ntm_catalog_indicator(&eu->cat, it->code);
            return ind ? ntm_report_name(r->cli, ind->name_vi, ind->name_en) : "";
        }
        if (it->level == NTM_RUN_CRITERION) {
            const ntm_criterion *c = ntm_catalog_criterion(&eu->cat, it->code);
            return c ? ntm_report_name(r->cli, c->name_vi, c->name_en) : "";
        }
    }
    return T(r, "every criterion");
}

static void sheet_status(const ntm_report *r, ntm_workbook *wb, ntm_status *rc, ntm_error *err)
{
    const ntm_report_scn *s = &r->scn[0];
    char h[128], a[256], b[64];
    snprintf(h, sizeof h, T(r, "P(met by 31/12/%d)"), r->year);
    const ntm_wb_column cols[] = {
        {T(r, "Unit"), NTM_WB_TEXT},          {T(r, "No."), NTM_WB_TEXT},
        {T(r, "Criterion"), NTM_WB_TEXT},     {T(r, "Status"), NTM_WB_TEXT},
        {T(r, "Indicators met"), NTM_WB_INT}, {T(r, "Number of indicators"), NTM_WB_INT},
        {T(r, "Basis"), NTM_WB_TEXT},         {h, NTM_WB_PERCENT}};
    sheet(wb, T(r, "Status"), cols, 8, rc, err);
    for (size_t u = 0; u < s->ev.n_units; u++) {
        const ntm_eval_unit *eu = &s->ev.units[u];
        for (size_t k = 0; k < eu->sc.n_crit; k++) {
            const ntm_criterion_result *cr = &eu->sc.crit[k];
            const ntm_run_item *it =
                ntm_report_item(s, NTM_RUN_CRITERION, eu->unit.name, cr->crit->code);
            double p = ntm_report_p_year(s, it);
            const char *state = ntm_report_state(r->cli, cr->state);
            if (cr->state == NTM_STATE_MET && p < NTM_REPORT_AT_RISK_BELOW)
                state = T(r, "met but at risk");
            if (cr->by_assessment && cr->assessment)
                snprintf(a, sizeof a, "%s %s", T(r, "assessed"),
                         ntm_report_date(cr->assessment->date, b, sizeof b));
            else
                snprintf(a, sizeof a, "%s", T(r, "by indicators"));
            ntm_wb_cell c[] = {
                ntm_wb_text(eu->unit.name),
                ntm_wb_text(cr->crit->code),
                ntm_wb_text(ntm_report_name(r->cli, cr->crit->name_vi, cr->crit->name_en)),
                ntm_wb_text(state),
                ntm_wb_num((double)cr->n_met),
                ntm_wb_num((double)cr->n_ind),
                ntm_wb_text(a),
                ntm_wb_num(p)};
            put(wb, c, 8, rc, err);
        }
    }
    /* The indicators, with values as reported and recomputed (rates as fractions). */
    const ntm_wb_column ci[] = {{T(r, "Unit"), NTM_WB_TEXT},
                                {T(r, "Code"), NTM_WB_TEXT},
                                {T(r, "Indicator"), NTM_WB_TEXT},
                                {T(r, "Status"), NTM_WB_TEXT},
                                {T(r, "Value reported"), NTM_WB_DEC2},
                                {T(r, "Recomputed"), NTM_WB_DEC2},
                                {T(r, "Unit of measure"), NTM_WB_TEXT},
                                {T(r, "Threshold"), NTM_WB_TEXT},
                                {T(r, "Date"), NTM_WB_TEXT},
                                {T(r, "Source"), NTM_WB_TEXT}};
    sheet(wb, T(r, "Indicators"), ci, 10, rc, err);
    for (size_t u = 0; u < s->ev.n_units; u++) {
        const ntm_eval_unit *eu = &s->ev.units[u];
        for (size_t k = 0; k < eu->sc.n_ind; k++) {
            const ntm_indicator_result *ir = &eu->sc.ind[k];
            const ntm_observation *o = ir->n_obs ? ir->obs[0] : NULL;
            ntm_wb_cell c[] = {
                ntm_wb_text(eu->unit.name),
                ntm_wb_text(ir->ind->code),
                ntm_wb_text(ntm_report_name(r->cli, ir->ind->name_vi, ir->ind->name_en)),
                ntm_wb_text(ntm_report_state(r->cli, ir->state)),
                ntm_wb_num(ir->reported),
                ntm_wb_num(ir->recomputed),
                ntm_wb_text(ir->ind->unit),
                ntm_wb_text(ntm_report_threshold(r->cli, &s->ev, ir, a, sizeof a)),
                ntm_wb_text(o ? ntm_report_date(o->date, b, sizeof b) : ""),
                ntm_wb_text(o ? o->source : "")};
            put(wb, c, 10, rc, err);
        }
    }
}

static void sheet_reach(const ntm_report *r, ntm_workbook *wb, ntm_status *rc, ntm_error *err)
{
    const ntm_report_scn *s = &r->scn[0];
    char h[128], h2[128];
    snprintf(h, sizeof h, T(r, "P(met by 31/12/%d)"), r->year);
    snprintf(h2, sizeof h2, T(r, "Standard error (31/12/%d)"), r->year);
    const ntm_wb_column cols[] = {{T(r, "Level"), NTM_WB_TEXT},
                                  {T(r, "Unit"), NTM_WB_TEXT},
                                  {T(r, "Code"), NTM_WB_TEXT},
                                  {T(r, "Name"), NTM_WB_TEXT},
                                  {T(r, "Met now"), NTM_WB_TEXT},
                                  {T(r, "Target year"), NTM_WB_YEAR},
                                  {T(r, "P(met by the target year)"), NTM_WB_PERCENT},
                                  {h, NTM_WB_PERCENT},
                                  {h2, NTM_WB_PERCENT},
                                  {T(r, "P(met by the deadline)"), NTM_WB_PERCENT},
                                  {T(r, "Expected year met (median)"), NTM_WB_TEXT},
                                  {T(r, "Year met, early (10%)"), NTM_WB_TEXT},
                                  {T(r, "Year met, late (90%)"), NTM_WB_TEXT},
                                  {T(r, "P(not met by the horizon)"), NTM_WB_PERCENT}};
    sheet(wb, T(r, "Reachability"), cols, 14, rc, err);
    int start = s->run.meta.start_year;
    for (size_t i = 0; i < s->run.n_items; i++) {
        const ntm_run_item *it = &s->run.items[i];
        char q[3][48];
        static const double qs[3] = {0.5, 0.1, 0.9};
        for (int k = 0; k < 3; k++) {
            int y = ntm_report_first_year_q(it, start, qs[k]);
            if (y)
                snprintf(q[k], sizeof q[k], "%d", y);
            else
                snprintf(q[k], sizeof q[k], T(r, "after %d"), s->run.meta.horizon);
        }
        ntm_wb_cell c[] = {ntm_wb_text(level_word(r, it->level)),
                           ntm_wb_text(it->unit),
                           ntm_wb_text(it->code ? it->code : ""),
                           ntm_wb_text(item_name(r, s, it)),
                           ntm_wb_text(it->met_now ? T(r, "yes") : T(r, "no")),
                           ntm_wb_num(it->target_year),
                           ntm_wb_num(it->p_target),
                           ntm_wb_num(ntm_report_p_year(s, it)),
                           ntm_wb_num(s->has_year ? it->p_met_se[s->yi] : NAN),
                           ntm_wb_num(it->p_deadline),
                           ntm_wb_text(q[0]),
                           ntm_wb_text(q[1]),
                           ntm_wb_text(q[2]),
                           ntm_wb_num(it->first_met[it->n_years])};
        put(wb, c, 14, rc, err);
    }
}

/* The gap costs as `ntmplan gaps --format csv` gives them, one row per (criterion or
 * indicator, confidence), money in đồng; or one line saying they are not available. */
static void sheet_gaps(const ntm_report *r, ntm_workbook *wb, ntm_status *rc, ntm_error *err)
{
    const ntm_eval *ev = &r->scn[0].ev;
    const ntm_gaps *gs = &r->gaps;
    const ntm_wb_column cols[] = {{T(r, "Level"), NTM_WB_TEXT},
                                  {T(r, "Unit"), NTM_WB_TEXT},
                                  {T(r, "Crit."), NTM_WB_TEXT},
                                  {T(r, "Indicator code"), NTM_WB_TEXT},
                                  {T(r, "Name"), NTM_WB_TEXT},
                                  {T(r, "Target year"), NTM_WB_YEAR},
                                  {T(r, "Class"), NTM_WB_TEXT},
                                  {T(r, "Intervention costed"), NTM_WB_TEXT},
                                  {T(r, "P(met) now"), NTM_WB_PERCENT},
                                  {T(r, "Confidence"), NTM_WB_PERCENT},
                                  {T(r, "An amount suffices"), NTM_WB_TEXT},
                                  {T(r, "Extra money (đồng)"), NTM_WB_MONEY},
                                  {T(r, "Monte Carlo error (đồng)"), NTM_WB_MONEY},
                                  {T(r, "P(met) at that amount"), NTM_WB_PERCENT},
                                  {T(r, "Why none suffices"), NTM_WB_TEXT}};
    sheet(wb, T(r, "Gap costs"), cols, 15, rc, err);
    if (!r->have_gaps) {
        char msg[1200];
        snprintf(msg, sizeof msg, "%s %s", T(r, "Gap costs are not available."), r->gaps_why);
        ntm_wb_cell c[] = {ntm_wb_text(msg)};
        put(wb, c, 1, rc, err);
        return;
    }
    for (size_t ci = 0; ci < gs->n_crit; ci++) {
        const ntm_gap_criterion *cr = &gs->crit[ci];
        for (size_t k = 0; k <= cr->n_gaps; k++) {
            const ntm_gap *g = k ? &gs->gap[cr->gaps[k - 1]] : NULL;
            const ntm_gapcost_result *fig = g ? g->fig : cr->fig;
            const char *cls = !g                               ? ""
                              : g->cls == NTM_GAP_CLASS_MONEY  ? T(r, "money")
                              : g->cls == NTM_GAP_CLASS_EFFORT ? T(r, "effort (not money)")
                                                               : T(r, "nothing acts");
            for (size_t q = 0; q < NTM_GAPS_NCONF; q++) {
                const ntm_gapcost_result *f = &fig[q];
                char why[1024] = "";
                if (!f->found)
                    ntm_gaps_why_text(r->cli, ev, gs, g,
                                      g ? (g->why ? g->why : NTM_GAP_WHY_CEILING)
                                        : (cr->why ? cr->why : NTM_GAP_WHY_CEILING),
                                      g ? g->p_max : cr->p_max, why, sizeof why);
                ntm_wb_cell c[] = {
                    ntm_wb_text(g ? T(r, "indicator") : T(r, "criterion")),
                    ntm_wb_text(cr->unit),
                    ntm_wb_text(cr->code),
                    ntm_wb_text(g ? g->code : ""),
                    ntm_wb_text(g ? ntm_report_name(r->cli, g->name_vi, g->name_en)
                                  : ntm_report_name(r->cli, cr->name_vi, cr->name_en)),
                    ntm_wb_num(g ? g->target_year : cr->target_year),
                    ntm_wb_text(cls),
                    ntm_wb_text(g && g->cls == NTM_GAP_CLASS_MONEY ? ev->iv[g->iv].iv->name : ""),
                    ntm_wb_num(g ? g->p_now : cr->p_now),
                    ntm_wb_num(f->conf),
                    ntm_wb_text(f->found ? T(r, "yes") : T(r, "no")),
                    f->found ? ntm_wb_num(f->money) : ntm_wb_text(""),
                    f->found ? ntm_wb_num(f->money_se) : ntm_wb_text(""),
                    ntm_wb_num(f->p),
                    ntm_wb_text(why)};
                put(wb, c, 15, rc, err);
            }
        }
    }
}

static void sheet_roadmap(const ntm_report *r, ntm_workbook *wb, ntm_status *rc, ntm_error *err)
{
    const ntm_report_scn *s = &r->scn[0];
    const ntm_eval *ev = &s->ev;
    size_t ny = ev->n_years > ROW_MAX - 9 ? ROW_MAX - 9 : ev->n_years, nc = 9 + ny;
    ntm_wb_column cols[ROW_MAX];
    char yh[ROW_MAX][16];
    const ntm_wb_column head[] = {{T(r, "Task"), NTM_WB_TEXT},
                                  {T(r, "Who"), NTM_WB_TEXT},
                                  {T(r, "Due"), NTM_WB_TEXT},
                                  {T(r, "Status"), NTM_WB_TEXT},
                                  {T(r, "Unit"), NTM_WB_TEXT},
                                  {T(r, "Indicator"), NTM_WB_TEXT},
                                  {T(r, "Name in the scenario"), NTM_WB_TEXT},
                                  {T(r, "Type"), NTM_WB_TEXT}};
    memcpy(cols, head, sizeof head);
    for (size_t y = 0; y < ny; y++) {
        snprintf(yh[y], sizeof yh[y], "%d", s->run.meta.start_year + (int)y);
        cols[8 + y] = (ntm_wb_column){yh[y], NTM_WB_MONEY};
    }
    cols[8 + ny] = (ntm_wb_column){T(r, "Total (đồng)"), NTM_WB_MONEY};
    sheet(wb, T(r, "Roadmap - to do"), cols, nc, rc, err);
    for (size_t i = 0; i < ev->n_iv; i++) {
        const ntm_sim_iv *si = &ev->iv[i];
        const ntm_sim_indicator *ind = &ev->ind[si->indicator];
        const char *unit = ev->unit_names[ind->unit];
        const ntm_run_item *it = ntm_report_item(s, NTM_RUN_INDICATOR, unit, ind->code);
        char st[256];
        double pd;
        ntm_report_task_status(r->cli, &s->run, ind->met,
                               ntm_results_indicator_state(&ev->units[ind->unit], ind->code), it,
                               si->iv->due, &pd, st, sizeof st);
        ntm_wb_cell c[ROW_MAX];
        c[0] = ntm_wb_text(si->iv->task ? si->iv->task : si->iv->name);
        c[1] = ntm_wb_text(si->iv->owner ? si->iv->owner : "");
        c[2] = ntm_wb_text(si->iv->due ? si->iv->due : "");
        c[3] = ntm_wb_text(st);
        c[4] = ntm_wb_text(unit);
        c[5] = ntm_wb_text(ind->code);
        c[6] = ntm_wb_text(si->iv->name);
        c[7] = ntm_wb_text(ntm_iv_type_name(si->iv->type));
        double tot = 0;
        for (size_t y = 0; y < ny; y++) {
            c[8 + y] = ntm_wb_num(si->spend[y]);
            tot += si->spend[y];
        }
        c[8 + ny] = ntm_wb_num(tot);
        put(wb, c, nc, rc, err);
    }
}

static void sheet_compare(const ntm_report *r, ntm_workbook *wb, ntm_status *rc, ntm_error *err)
{
    char h[128], h2[128];
    snprintf(h, sizeof h, T(r, "P(standard) by 31/12/%d"), r->year);
    snprintf(h2, sizeof h2, T(r, "Criteria expected met at the end of %d"), r->year);
    const ntm_wb_column cols[] = {{T(r, "Scenario"), NTM_WB_TEXT},
                                  {T(r, "File"), NTM_WB_TEXT},
                                  {T(r, "Unit"), NTM_WB_TEXT},
                                  {T(r, "Money in all (đồng)"), NTM_WB_MONEY},
                                  {h, NTM_WB_PERCENT},
                                  {T(r, "P(standard) by the deadline"), NTM_WB_PERCENT},
                                  {T(r, "Deadline"), NTM_WB_YEAR},
                                  {h2, NTM_WB_DEC1},
                                  {T(r, "Number of criteria"), NTM_WB_INT},
                                  {T(r, "Draws"), NTM_WB_INT},
                                  {T(r, "Seed"), NTM_WB_TEXT}};
    sheet(wb, T(r, "Scenarios"), cols, 11, rc, err);
    for (size_t i = 0; i < r->n_scn; i++) {
        const ntm_report_scn *s = &r->scn[i];
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)s->run.meta.seed);
        for (size_t u = 0; u < s->ev.n_units; u++) {
            const ntm_eval_unit *eu = &s->ev.units[u];
            const ntm_run_item *ui = ntm_report_item(s, NTM_RUN_UNIT, eu->unit.name, NULL);
            if (!ui)
                continue;
            ntm_wb_cell c[] = {ntm_wb_text(s->run.meta.scenario),
                               ntm_wb_text(s->run.meta.path),
                               ntm_wb_text(eu->unit.name),
                               ntm_wb_num(ntm_report_money_total(&s->ev)),
                               ntm_wb_num(ntm_report_p_year(s, ui)),
                               ntm_wb_num(ui->p_deadline),
                               ntm_wb_num(s->run.meta.deadline),
                               ntm_wb_num(ui->mean_met && s->has_year ? ui->mean_met[s->yi] : NAN),
                               ntm_wb_num((double)eu->sc.n_crit),
                               ntm_wb_num((double)s->run.meta.draws),
                               ntm_wb_text(seed)};
            put(wb, c, 11, rc, err);
        }
    }
}

static void sheet_method(const ntm_report *r, ntm_workbook *wb, ntm_status *rc, ntm_error *err)
{
    const ntm_wb_column cols[] = {
        {T(r, "Scenario"), NTM_WB_TEXT},      {T(r, "Indicator"), NTM_WB_TEXT},
        {T(r, "Unit"), NTM_WB_TEXT},          {T(r, "Assumed value"), NTM_WB_DEC2},
        {T(r, "Lower bound"), NTM_WB_DEC2},   {T(r, "Upper bound"), NTM_WB_DEC2},
        {T(r, "Source, reason"), NTM_WB_TEXT}};
    sheet(wb, T(r, "Assumptions"), cols, 7, rc, err);
    for (size_t i = 0; i < r->n_scn; i++) {
        const ntm_scenario *sc = &r->scn[i].ev.sc;
        for (size_t k = 0; k < sc->n_assume; k++) {
            const ntm_assumption *a = &sc->assume[k];
            ntm_wb_cell c[] = {ntm_wb_text(r->scn[i].run.meta.scenario),
                               ntm_wb_text(a->indicator),
                               ntm_wb_text(a->unit ? a->unit : ""),
                               isfinite(a->value) ? ntm_wb_num(a->value) : ntm_wb_text(""),
                               isfinite(a->lower) ? ntm_wb_num(a->lower) : ntm_wb_text(""),
                               isfinite(a->upper) ? ntm_wb_num(a->upper) : ntm_wb_text(""),
                               ntm_wb_text(a->source)};
            put(wb, c, 7, rc, err);
        }
    }
    const ntm_wb_column mc[] = {{T(r, "Item"), NTM_WB_TEXT}, {T(r, "Value"), NTM_WB_TEXT}};
    sheet(wb, T(r, "Method"), mc, 2, rc, err);
    for (size_t i = 0; i < r->n_scn; i++) {
        const ntm_run_meta *m = &r->scn[i].run.meta;
        char seed[32], draws[32], years[64];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed);
        snprintf(draws, sizeof draws, "%ld", m->draws);
        snprintf(years, sizeof years, "%d–%d; %s 31/12/%d", m->start_year, m->horizon,
                 T(r, "deadline"), m->deadline);
        const char *kv[][2] = {{T(r, "Scenario"), m->scenario},
                               {T(r, "Scenario file"), m->path},
                               {T(r, "File digest"), m->digest},
                               {T(r, "Years"), years},
                               {T(r, "Draws"), draws},
                               {T(r, "Seed"), seed},
                               {T(r, "Program version"), m->version},
                               {T(r, "Run time (UTC)"), m->created}};
        for (size_t k = 0; k < sizeof kv / sizeof kv[0]; k++) {
            ntm_wb_cell c[] = {ntm_wb_text(kv[k][0]), ntm_wb_text(kv[k][1])};
            put(wb, c, 2, rc, err);
        }
    }
}

ntm_status ntm_report_workbook(const ntm_report *r, ntm_error *err)
{
    char path[4200], title[1024];
    snprintf(path, sizeof path, "%s/tables.xlsx", r->out_dir);
    const ntm_report_scn *s = &r->scn[0];
    size_t o = (size_t)snprintf(title, sizeof title, "%s", T(r, "Steering committee tables"));
    for (size_t u = 0; u < s->ev.n_units && o < sizeof title; u++)
        o += (size_t)snprintf(title + o, sizeof title - o, "%s%s", u ? ", " : " — ",
                              s->ev.units[u].unit.name);
    time_t created;
    if (ntm_workbook_parse_time(r->created, &created) != 0)
        return ntm_error_set(err, NTM_EINPUT, "run time '%s' is not ISO 8601 UTC", r->created);
    ntm_workbook *wb;
    ntm_status rc = ntm_workbook_new(&wb, path, title, s->run.meta.scenario, created, err);
    if (rc != NTM_OK)
        return rc;
    sheet_status(r, wb, &rc, err);
    sheet_reach(r, wb, &rc, err);
    sheet_gaps(r, wb, &rc, err);
    sheet_roadmap(r, wb, &rc, err);
    sheet_compare(r, wb, &rc, err);
    sheet_method(r, wb, &rc, err);
    if (rc != NTM_OK) {
        ntm_workbook_free(wb);
        return rc;
    }
    return ntm_workbook_close(wb, err);
}

/* ---- summary.txt ------------------------------------------------------------------------ */

ntm_status ntm_report_summary(const ntm_report *r, ntm_error *err)
{
    char path[4200], a[64], b[64], c[64];
    snprintf(path, sizeof path, "%s/summary.txt", r->out_dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return ntm_error_set(err, NTM_EIO, "cannot write '%s'", path);
    const ntm_cli *cli = r->cli;
    const ntm_report_scn *s0 = &r->scn[0];
    for (size_t u = 0; u < s0->ev.n_units; u++) {
        const ntm_eval_unit *eu = &s0->ev.units[u];
        const ntm_scorecard *sc = &eu->sc;
        fprintf(f, T(r, "Where we stand: %s meets %zu/%zu criteria of the New Rural standard (%s)"),
                eu->unit.name, sc->crit_met, sc->n_crit, eu->cat.id);
        size_t shown = 0, unknown = 0;
        for (size_t k = 0; k < sc->n_crit; k++)
            if (sc->crit[k].state == NTM_STATE_UNMET)
                fprintf(f, "%s%s %s", shown++ ? ", " : T(r, "; not met: "), sc->crit[k].crit->code,
                        ntm_report_name(cli, sc->crit[k].crit->name_vi, sc->crit[k].crit->name_en));
        for (size_t k = 0; k < sc->n_crit; k++)
            if (sc->crit[k].state == NTM_STATE_UNKNOWN)
                fprintf(f, "%s%s %s", unknown++ ? ", " : T(r, "; unknown (no data): "),
                        sc->crit[k].crit->code,
                        ntm_report_name(cli, sc->crit[k].crit->name_vi, sc->crit[k].crit->name_en));
        fprintf(f, ".\n");
        for (size_t k = 0; k < sc->n_ind; k++) {
            const ntm_indicator_result *ir = &sc->ind[k];
            const ntm_run_item *it =
                ntm_report_item(s0, NTM_RUN_INDICATOR, eu->unit.name, ir->ind->code);
            if (ir->state != NTM_STATE_UNMET || !it || !isfinite(ir->reported))
                continue;
            char th[256];
            fprintf(f, T(r, "Indicator %s (%s): %s, threshold %s; P(met by 31/12/%d): %s.\n"),
                    ir->ind->code, ntm_report_name(cli, ir->ind->name_vi, ir->ind->name_en),
                    ntm_report_value(cli, ir->ind, ir->reported, a, sizeof a),
                    ntm_report_threshold(cli, &s0->ev, ir, th, sizeof th), it->target_year,
                    ntm_report_pct(cli, it->p_target, b, sizeof b));
        }
    }
    for (size_t i = 0; i < r->n_scn; i++) {
        const ntm_report_scn *s = &r->scn[i];
        for (size_t u = 0; u < s->ev.n_units; u++) {
            const ntm_eval_unit *eu = &s->ev.units[u];
            const ntm_run_item *ui = ntm_report_item(s, NTM_RUN_UNIT, eu->unit.name, NULL);
            if (!ui || !s->has_year)
                continue;
            fprintf(
                f,
                T(r,
                  "Probability that %s meets the New Rural standard by 31/12/%d: %s (scenario %s)"),
                eu->unit.name, r->year, ntm_report_pct(cli, ntm_report_p_year(s, ui), a, sizeof a),
                s->run.meta.scenario);
            if (s->run.meta.deadline != r->year)
                fprintf(f, T(r, "; by the recognition deadline 31/12/%d: %s"), s->run.meta.deadline,
                        ntm_report_pct(cli, ui->p_deadline, b, sizeof b));
            if (ui->mean_met)
                fprintf(f, T(r, "; criteria expected met at the end of %d: %s/%zu"), r->year,
                        ntm_fmt_number(c, sizeof c, ui->mean_met[s->yi], 1, cli->lang),
                        eu->sc.n_crit);
            fprintf(f, T(r, "; the scenario's money in all %s.\n"),
                    ntm_fmt_money(b, sizeof b, ntm_report_money_total(&s->ev), cli->lang));
            if (i == 0) {
                const ntm_criterion_result *hold[NTM_REPORT_HOLD_BACK_MAX];
                double hp[NTM_REPORT_HOLD_BACK_MAX];
                size_t nh = ntm_report_hold_back(s, eu, hold, hp);
                if (nh) {
                    fprintf(f, "%s: ", T(r, "Criteria holding it back most"));
                    for (size_t k = 0; k < nh; k++)
                        fprintf(
                            f, "%s%s %s (%s)", k ? "; " : "", hold[k]->crit->code,
                            ntm_report_name(cli, hold[k]->crit->name_vi, hold[k]->crit->name_en),
                            ntm_report_pct(cli, hp[k], a, sizeof a));
                    fprintf(f, ".\n");
                }
            }
        }
    }
    if (r->have_gaps) {
        const ntm_gaps *gs = &r->gaps;
        char pc[32];
        ntm_fmt_percent(pc, sizeof pc, 100 * gs->conf, 0, cli->lang);
        fprintf(f,
                T(r, "Gap costs (scenario %s): %zu/%zu unmet criteria money can close with "
                     "confidence %s, for %s more (±%s)"),
                s0->run.meta.scenario, gs->n_closable, gs->n_crit, pc,
                ntm_fmt_money(a, sizeof a, gs->total, cli->lang),
                ntm_fmt_money(b, sizeof b, gs->total_se, cli->lang));
        size_t shown = 0;
        for (size_t k = 0; k < gs->n_crit; k++)
            if (!gs->crit[k].fig[NTM_GAPS_MAIN].found)
                fprintf(f, "%s%s", shown++ ? ", " : T(r, "; money cannot close criteria "),
                        gs->crit[k].code);
        fprintf(f, ".\n");
    } else {
        fprintf(f, "%s %s\n", T(r, "Gap costs: not available."), r->gaps_why);
    }
    const ntm_run_meta *m = &s0->run.meta;
    char t[64];
    fprintf(f,
            T(r, "Method: %s Monte Carlo draws, seed %llu, ntmplan %s, run at %s; the scenario's "
                 "assumptions are in tables.xlsx (sheet Assumptions).\n"),
            ntm_fmt_number(a, sizeof a, (double)m->draws, 0, cli->lang),
            (unsigned long long)m->seed, m->version, ntm_report_time(cli, m->created, t, sizeof t));
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return ntm_error_set(err, NTM_EIO, "cannot write '%s'", path);
    return NTM_OK;
}
