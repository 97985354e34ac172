/* subsim.c: a simulator's input over a subset of a scenario (see subsim.h). */
#include "plan/subsim.h"

#include <stdlib.h>
#include <string.h>

/* The position of EV indicator I among the N of IND, or N. */
static size_t position(const size_t *ind, size_t n, size_t i)
{
    size_t k = 0;
    while (k < n && ind[k] != i)
        k++;
    return k;
}

ntm_status ntm_subsim_input(ntm_subsim *s, const ntm_eval *ev, size_t unit, const size_t *ind,
                            size_t n, int with_criteria, ntm_error *err)
{
    memset(s, 0, sizeof *s);
    size_t n_crit = 0, n_mem = 0;
    for (size_t c = 0; with_criteria && c < ev->n_crit; c++)
        if (ev->crit[c].unit == unit) {
            n_crit++;
            n_mem += ev->crit[c].n_indicators;
        }
    s->ind = calloc(n ? n : 1, sizeof *s->ind);
    s->crit = calloc(n_crit ? n_crit : 1, sizeof *s->crit);
    s->members = calloc(n_mem ? n_mem : 1, sizeof *s->members);
    s->iv = calloc(ev->n_iv ? ev->n_iv : 1, sizeof *s->iv);
    s->iv_of = calloc(ev->n_iv ? ev->n_iv : 1, sizeof *s->iv_of);
    if (!s->ind || !s->crit || !s->members || !s->iv || !s->iv_of)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        s->ind[k] = ev->ind[ind[k]];
        s->ind[k].unit = 0;
        s->ind[k].quantiles = 0;
    }
    s->n_ind = n;
    size_t m = 0;
    for (size_t c = 0; with_criteria && c < ev->n_crit; c++) {
        const ntm_sim_criterion *ec = &ev->crit[c];
        if (ec->unit != unit)
            continue;
        ntm_sim_criterion *sc = &s->crit[s->n_crit++];
        *sc = *ec;
        sc->unit = 0;
        sc->indicators = &s->members[m];
        for (size_t j = 0; j < ec->n_indicators; j++) {
            size_t at = position(ind, n, ec->indicators[j]);
            if (at == n)
                return ntm_error_set(err, NTM_EINPUT, "criterion %s: indicator outside the subset",
                                     ec->code);
            s->members[m++] = at;
        }
    }
    for (size_t k = 0; k < ev->n_iv; k++) {
        size_t at = position(ind, n, ev->iv[k].indicator);
        if (at == n)
            continue;
        s->iv[s->n_iv] = ev->iv[k];
        s->iv[s->n_iv].indicator = at;
        s->iv_of[s->n_iv++] = k;
    }
    s->in = ev->input;
    s->in.unit_names = &ev->unit_names[unit];
    s->in.n_units = 1;
    s->in.ind = s->ind;
    s->in.n_ind = n;
    s->in.crit = s->crit;
    s->in.n_crit = s->n_crit;
    s->in.iv = s->iv;
    s->in.n_iv = s->n_iv;
    return NTM_OK;
}

void ntm_subsim_release(ntm_subsim *s)
{
    free(s->ind);
    free(s->crit);
    free(s->members);
    free(s->iv);
    free(s->iv_of);
    memset(s, 0, sizeof *s);
}
