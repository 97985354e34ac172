/* results.c: a run's figures read the same way by every output (see results.h). */
#include "plan/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/date.h"
#include "plan/report_data.h"

int ntm_results_at_risk(ntm_state state, double p)
{
    return state == NTM_STATE_MET && p < NTM_AT_RISK_BELOW;
}

size_t ntm_results_hold_back(const ntm_run *run, size_t yi, const ntm_eval_unit *eu,
                             const ntm_criterion_result **out, double *p)
{
    size_t n = 0;
    for (size_t c = 0; c < eu->sc.n_crit; c++) {
        const ntm_criterion_result *cr = &eu->sc.crit[c];
        const ntm_run_item *it =
            ntm_run_find(run, NTM_RUN_CRITERION, eu->unit.name, cr->crit->code);
        double pc = it && yi < it->n_years ? it->p_met[yi] : NAN;
        if (!isfinite(pc) || pc >= 0.999)
            continue;
        /* insertion into the sorted list of the lowest, ties kept in catalog order */
        size_t k = n < NTM_HOLD_BACK_MAX ? n++ : NTM_HOLD_BACK_MAX;
        if (k == NTM_HOLD_BACK_MAX) {
            if (pc >= p[k - 1])
                continue;
            k--;
        }
        while (k > 0 && p[k - 1] > pc) {
            out[k] = out[k - 1];
            p[k] = p[k - 1];
            k--;
        }
        out[k] = cr;
        p[k] = pc;
    }
    return n;
}

double ntm_results_p_by_due(const ntm_run *run, const ntm_run_item *it, const char *due, int *year)
{
    ntm_date d;
    int start = run->meta.start_year;
    if (due && ntm_date_parse(due, &d, NULL) == NTM_OK && d.year >= start &&
        (size_t)(d.year - start) < it->n_years) {
        *year = d.year;
        return it->p_met[d.year - start];
    }
    *year = it->target_year;
    return it->p_target;
}

ntm_state ntm_results_indicator_state(const ntm_eval_unit *eu, const char *code)
{
    for (size_t k = 0; k < eu->sc.n_ind; k++)
        if (strcmp(eu->sc.ind[k].ind->code, code) == 0)
            return eu->sc.ind[k].state;
    return NTM_STATE_UNKNOWN;
}

ntm_state ntm_results_state(const ntm_eval *ev, ntm_run_level level, const char *unit,
                            const char *code)
{
    for (size_t u = 0; u < ev->n_units; u++) {
        const ntm_eval_unit *eu = &ev->units[u];
        if (strcmp(eu->unit.name, unit) != 0)
            continue;
        if (level == NTM_RUN_UNIT)
            return eu->sc.crit_unmet                           ? NTM_STATE_UNMET
                   : eu->sc.crit_unknown || eu->sc.n_crit == 0 ? NTM_STATE_UNKNOWN
                                                               : NTM_STATE_MET;
        if (level == NTM_RUN_INDICATOR)
            return ntm_results_indicator_state(eu, code);
        for (size_t c = 0; c < eu->sc.n_crit; c++)
            if (strcmp(eu->sc.crit[c].crit->code, code) == 0)
                return eu->sc.crit[c].state;
    }
    return NTM_STATE_UNKNOWN;
}

/* EU's indicator result for CODE, or NULL. */
static const ntm_indicator_result *find_ir(const ntm_eval *ev, const char *unit, const char *code)
{
    for (size_t u = 0; u < ev->n_units; u++)
        if (strcmp(ev->units[u].unit.name, unit) == 0)
            for (size_t k = 0; k < ev->units[u].sc.n_ind; k++)
                if (strcmp(ev->units[u].sc.ind[k].ind->code, code) == 0)
                    return &ev->units[u].sc.ind[k];
    return NULL;
}

static const ntm_eval_unit *find_unit(const ntm_eval *ev, const char *unit)
{
    for (size_t u = 0; u < ev->n_units; u++)
        if (strcmp(ev->units[u].unit.name, unit) == 0)
            return &ev->units[u];
    return NULL;
}

static void fill_row(const ntm_eval *ev, const ntm_run *run, size_t yi, const ntm_run_item *it,
                     ntm_result_row *row)
{
    int start = run->meta.start_year;
    row->it = it;
    row->level = it->level;
    row->unit = it->unit;
    row->code = it->code;
    row->state = ntm_results_state(ev, it->level, it->unit, it->code);
    row->target_year = it->target_year;
    row->p_target = it->p_target;
    row->p_year = yi < it->n_years ? it->p_met[yi] : NAN;
    row->p_year_se = yi < it->n_years && it->p_met_se ? it->p_met_se[yi] : NAN;
    row->p_deadline = it->p_deadline;
    if (it->first_met) {
        row->met_q10 = ntm_run_first_year(it, start, 0.1);
        row->met_q50 = ntm_run_first_year(it, start, 0.5);
        row->met_q90 = ntm_run_first_year(it, start, 0.9);
    }
    row->p_not_by_horizon = it->first_met ? it->first_met[it->n_years] : NAN;
    row->money = NAN;
    row->mean_met = it->mean_met && yi < it->n_years ? it->mean_met[yi] : NAN;
    if (it->level == NTM_RUN_INDICATOR) {
        row->money = ntm_report_money_for(ev, it->unit, it->code, &row->n_iv, &row->effort);
        const ntm_indicator_result *ir = find_ir(ev, it->unit, it->code);
        row->assumed = ir ? ntm_report_assumption(ev, ir) : NULL;
    } else if (it->level == NTM_RUN_CRITERION) {
        row->at_risk = ntm_results_at_risk(row->state, row->p_year);
        const ntm_eval_unit *eu = find_unit(ev, it->unit);
        const ntm_criterion_result *hold[NTM_HOLD_BACK_MAX];
        double hp[NTM_HOLD_BACK_MAX];
        size_t nh = eu ? ntm_results_hold_back(run, yi, eu, hold, hp) : 0;
        for (size_t k = 0; k < nh; k++)
            if (strcmp(hold[k]->crit->code, it->code) == 0)
                row->hold_back = (int)k + 1;
    }
}

ntm_status ntm_results_build(const ntm_eval *ev, const ntm_run *run, int year, ntm_results *out,
                             ntm_error *err)
{
    memset(out, 0, sizeof *out);
    if (year < run->meta.start_year || year > run->meta.horizon)
        return ntm_error_set(err, NTM_EINPUT, "year %d is outside the run's years %d-%d", year,
                             run->meta.start_year, run->meta.horizon);
    out->year = year;
    out->yi = (size_t)(year - run->meta.start_year);
    out->rows = calloc(run->n_items ? run->n_items : 1, sizeof *out->rows);
    if (!out->rows)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t i = 0; i < run->n_items; i++)
        fill_row(ev, run, out->yi, &run->items[i], &out->rows[out->n++]);
    return NTM_OK;
}

void ntm_results_release(ntm_results *r)
{
    free(r->rows);
    memset(r, 0, sizeof *r);
}
