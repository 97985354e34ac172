/* report_data.c: the scenarios of a meeting pack, evaluated once, and the look-ups and
 * wordings its parts share (see report_data.h). */
#include "plan/report_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

ntm_status ntm_report_data_load(ntm_report *r, ntm_cli *cli, ntm_store *st, char **paths, size_t n,
                                int threads, long draws, long year, ntm_error *err)
{
    r->cli = cli;
    r->scn = calloc(n ? n : 1, sizeof *r->scn);
    if (!r->scn)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    ntm_eval_run_time(cli, r->created, sizeof r->created);
    for (size_t i = 0; i < n; i++) {
        ntm_report_scn *s = &r->scn[i];
        r->n_scn++;
        ntm_status rc = ntm_eval_prepare(cli, st, paths[i], threads, draws, &s->ev, err);
        ntm_eval_print_diags(&s->ev);
        if (rc == NTM_OK)
            rc = ntm_eval_simulate(cli, &s->ev, &s->sim, err);
        if (rc == NTM_OK)
            rc = ntm_eval_to_run(&s->ev, s->sim, ntm_sim_results(s->sim), r->created, &s->run, err);
        if (rc != NTM_OK)
            return rc;
    }
    const ntm_run_meta *m = &r->scn[0].run.meta;
    r->year = year ? (int)year : m->deadline;
    if (r->year < m->start_year || r->year > m->horizon)
        return ntm_error_set(err, NTM_EUSAGE,
                             ntm_tr(cli, "--year %d is outside the scenario's years (%d–%d)"),
                             r->year, m->start_year, m->horizon);
    /* Gap costs of the main scenario: a failure is reported in the pack, not fatal. */
    ntm_error ge = {0};
    if (ntm_gaps_compute(&r->scn[0].ev, NTM_REPORT_GAP_CONF, 0, &r->gaps, &ge) == NTM_OK) {
        r->have_gaps = 1;
    } else {
        ntm_gaps_release(&r->gaps);
        memset(&r->gaps, 0, sizeof r->gaps);
        snprintf(r->gaps_why, sizeof r->gaps_why, "%s", ge.msg);
        fprintf(stderr, "%s: %s: %s\n", cli->prog, ntm_tr(cli, "cannot cost the gaps"), ge.msg);
    }
    for (size_t i = 0; i < n; i++) {
        ntm_report_scn *s = &r->scn[i];
        s->has_year = r->year >= s->run.meta.start_year && r->year <= s->run.meta.horizon;
        s->yi = s->has_year ? (size_t)(r->year - s->run.meta.start_year) : 0;
    }
    return NTM_OK;
}

void ntm_report_data_release(ntm_report *r)
{
    for (size_t i = 0; i < r->n_scn; i++) {
        ntm_sim_free(r->scn[i].sim);
        ntm_eval_release(&r->scn[i].ev);
        ntm_run_release(&r->scn[i].run);
    }
    if (r->have_gaps)
        ntm_gaps_release(&r->gaps);
    r->have_gaps = 0;
    free(r->scn);
    r->scn = NULL;
    r->n_scn = 0;
}

/* ---- look-ups ---------------------------------------------------------------------- */

const ntm_run_item *ntm_report_item(const ntm_report_scn *s, ntm_run_level level, const char *unit,
                                    const char *code)
{
    return ntm_run_find(&s->run, level, unit, code);
}

int ntm_report_first_year_q(const ntm_run_item *it, int start, double q)
{
    return ntm_run_first_year(it, start, q);
}

double ntm_report_p_year(const ntm_report_scn *s, const ntm_run_item *it)
{
    return it && s->has_year && s->yi < it->n_years ? it->p_met[s->yi] : NAN;
}

double ntm_report_money_for(const ntm_eval *ev, const char *unit, const char *code, int *n_iv,
                            int *effort)
{
    double sum = 0;
    *n_iv = 0;
    *effort = 0;
    for (size_t i = 0; i < ev->n_iv; i++) {
        const ntm_sim_iv *si = &ev->iv[i];
        const ntm_sim_indicator *ind = &ev->ind[si->indicator];
        if (strcmp(ind->code, code) != 0 || strcmp(ev->unit_names[ind->unit], unit) != 0)
            continue;
        (*n_iv)++;
        if (si->iv->type == NTM_IV_EFFORT)
            *effort = 1;
        for (size_t y = 0; y < ev->n_years; y++)
            sum += si->spend[y];
    }
    return sum;
}

double ntm_report_money_total(const ntm_eval *ev)
{
    double sum = 0;
    for (size_t i = 0; i < ev->n_iv; i++)
        for (size_t y = 0; y < ev->n_years; y++)
            sum += ev->iv[i].spend[y];
    return sum;
}

const ntm_assumption *ntm_report_assumption(const ntm_eval *ev, const ntm_indicator_result *ir)
{
    for (size_t i = 0; i < ev->n_ind; i++)
        if (ev->ind_res[i] == ir)
            return ev->assumed[i];
    return NULL;
}

const ntm_sim_indicator *ntm_report_sim_ind(const ntm_eval *ev, const ntm_indicator_result *ir,
                                            size_t *index)
{
    for (size_t i = 0; i < ev->n_ind; i++)
        if (ev->ind_res[i] == ir) {
            if (index)
                *index = i;
            return &ev->ind[i];
        }
    return NULL;
}

/* ---- wordings ---------------------------------------------------------------------- */

const char *ntm_report_name(const ntm_cli *cli, const char *vi, const char *en)
{
    return ntm_name_in(cli->lang, vi, en);
}

const char *ntm_report_pct(const ntm_cli *cli, double p, char *b, size_t n)
{
    return ntm_fmt_percent(b, n, 100 * p, 0, cli->lang);
}

const char *ntm_report_expected_year(const ntm_cli *cli, const ntm_run *run, const ntm_run_item *it,
                                     char *b, size_t n)
{
    int start = run->meta.start_year, hz = run->meta.horizon;
    if (it->met_now && it->first_met[0] > 0.999) {
        snprintf(b, n, "%s", ntm_tr(cli, "met now"));
        return b;
    }
    int q[3] = {ntm_report_first_year_q(it, start, 0.1), ntm_report_first_year_q(it, start, 0.5),
                ntm_report_first_year_q(it, start, 0.9)};
    char s[3][32];
    for (int k = 0; k < 3; k++)
        if (q[k])
            snprintf(s[k], sizeof s[k], "%d", q[k]);
        else
            snprintf(s[k], sizeof s[k], ntm_tr(cli, "after %d"), hz);
    if (!q[0])
        snprintf(b, n, "%s", s[1]);
    else
        snprintf(b, n, "%s (%s–%s)", s[1], s[0], s[2]);
    return b;
}

const char *ntm_report_value(const ntm_cli *cli, const ntm_indicator *ind, double v, char *b,
                             size_t n)
{
    if (!isfinite(v))
        return NTM_FMT_NONE;
    if (ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM)
        return ntm_fmt_percent(b, n, v, 2, cli->lang);
    if (ind->kind == NTM_KIND_AMOUNT)
        return ntm_fmt_number(b, n, v, 0, cli->lang);
    return ntm_fmt_number(b, n, v, v == floor(v) ? 0 : 2, cli->lang);
}

/* "≥ 85%", "≤ 6,5%", "20 – 30" from bounds, in IND's unit. */
static const char *bounds_text(const ntm_cli *cli, const ntm_indicator *ind, double lo, double hi,
                               char *b, size_t n)
{
    char x[48], y[48];
    int pct = ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM;
#define FMT(buf, v)                                                                                \
    (pct ? ntm_fmt_percent(buf, sizeof buf, v, v == floor(v) ? 0 : 2, cli->lang)                   \
         : ntm_fmt_number(buf, sizeof buf, v, v == floor(v) ? 0 : 2, cli->lang))
    if (isfinite(lo) && isfinite(hi))
        snprintf(b, n, "%s – %s", FMT(x, lo), FMT(y, hi));
    else if (isfinite(lo))
        snprintf(b, n, "≥ %s", FMT(x, lo));
    else if (isfinite(hi))
        snprintf(b, n, "≤ %s", FMT(x, hi));
    else
        return NULL;
#undef FMT
    return b;
}

const char *ntm_report_threshold(const ntm_cli *cli, const ntm_eval *ev,
                                 const ntm_indicator_result *ir, char *b, size_t n)
{
    const ntm_threshold *t = ir->threshold;
    /* The bounds in the reader's number format first; the catalog's wording (written in
     * Vietnamese, "≤ 6,5%") where there are none. */
    if (t && bounds_text(cli, ir->ind, t->lower, t->upper, b, n))
        return b;
    if (t && t->text && *t->text) {
        snprintf(b, n, "%s", t->text);
        return b;
    }
    const ntm_assumption *a = ntm_report_assumption(ev, ir);
    char x[96];
    if (a && bounds_text(cli, ir->ind, a->lower, a->upper, x, sizeof x)) {
        snprintf(b, n, "%s (%s)", x, ntm_tr(cli, "assumed"));
        return b;
    }
    if (ir->threshold_text && ir->threshold_text->text && *ir->threshold_text->text) {
        snprintf(b, n, "%s (%s)", ir->threshold_text->text, ntm_tr(cli, "not confirmed"));
        return b;
    }
    return ntm_tr(cli, "not confirmed");
}

const char *ntm_report_state(const ntm_cli *cli, ntm_state s)
{
    switch (s) {
    case NTM_STATE_MET: return ntm_tr(cli, "met");
    case NTM_STATE_UNMET: return ntm_tr(cli, "not met");
    case NTM_STATE_UNKNOWN: break;
    }
    return ntm_tr(cli, "unknown");
}

const char *ntm_report_time(const ntm_cli *cli, const char *iso, char *b, size_t n)
{
    /* The run's own stamp, written by ntm_eval_run_time: YYYY-MM-DDTHH:MM:SSZ. */
    if (!iso || strlen(iso) < 16 || iso[4] != '-' || iso[10] != 'T') {
        snprintf(b, n, "%s", iso ? iso : "");
        return b;
    }
    if (cli->lang == NTM_LANG_EN)
        snprintf(b, n, "%.10s %.5s UTC", iso, iso + 11);
    else
        snprintf(b, n, "%.2s/%.2s/%.4s %.5s UTC", iso + 8, iso + 5, iso, iso + 11);
    return b;
}

const char *ntm_report_date(const char *iso, char *b, size_t n)
{
    if (iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-')
        snprintf(b, n, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    else
        snprintf(b, n, "%s", iso ? iso : "");
    return b;
}

size_t ntm_report_hold_back(const ntm_report_scn *s, const ntm_eval_unit *eu,
                            const ntm_criterion_result **out, double *p)
{
    if (!s->has_year)
        return 0;
    return ntm_results_hold_back(&s->run, s->yi, eu, out, p);
}

const char *ntm_report_task_status(const ntm_cli *cli, const ntm_run *run, int met, ntm_state state,
                                   const ntm_run_item *it, const char *due, double *p, char *b,
                                   size_t n)
{
    *p = NAN;
    if (met) {
        snprintf(b, n, "%s", ntm_tr(cli, "already met"));
    } else if (state == NTM_STATE_UNKNOWN) {
        snprintf(b, n, "%s", ntm_tr(cli, "unknown: no data"));
    } else if (it) {
        int year = 0;
        char pc[32];
        *p = ntm_results_p_by_due(run, it, due, &year);
        snprintf(b, n, "%s, %s %d: %s", ntm_tr(cli, "not met"), ntm_tr(cli, "P(met) by"), year,
                 ntm_report_pct(cli, *p, pc, sizeof pc));
    } else {
        snprintf(b, n, "%s", ntm_tr(cli, "not met"));
    }
    return b;
}
