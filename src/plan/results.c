/* results.c: a run's figures read the same way by every output (see results.h). */
#include "plan/results.h"

#include <math.h>
#include <string.h>

#include "io/date.h"

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
