/* run.c: run lifetime and names (see run.h). */
#include "model/run.h"

#include <stdlib.h>
#include <string.h>

void ntm_run_release(ntm_run *run)
{
    if (!run)
        return;
    free(run->meta.scenario);
    free(run->meta.path);
    free(run->meta.digest);
    free(run->meta.version);
    free(run->meta.created);
    for (size_t i = 0; i < run->n_items; i++) {
        ntm_run_item *it = &run->items[i];
        free(it->unit);
        free(it->code);
        free(it->p_met);
        free(it->p_met_se);
        free(it->first_met);
        free(it->quant);
        free(it->mean_met);
    }
    free(run->items);
    memset(run, 0, sizeof *run);
}

static const char *const level_names[] = {"indicator", "criterion", "unit"};

const char *ntm_run_level_name(ntm_run_level level)
{
    return level_names[level];
}

int ntm_run_level_from_name(const char *s, ntm_run_level *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, level_names[i]) == 0) {
            *out = (ntm_run_level)i;
            return 0;
        }
    return -1;
}

const ntm_run_item *ntm_run_find(const ntm_run *run, ntm_run_level level, const char *unit,
                                 const char *code)
{
    for (size_t i = 0; i < run->n_items; i++) {
        const ntm_run_item *it = &run->items[i];
        if (it->level == level && strcmp(it->unit, unit) == 0 &&
            ((!code && !it->code) || (code && it->code && strcmp(code, it->code) == 0)))
            return it;
    }
    return NULL;
}

int ntm_run_first_year(const ntm_run_item *it, int start, double q)
{
    /* 1e-12: shares are sums of 1/n; a cumulative 0,1 may land a hair below 0,1. */
    double cum = 0;
    for (size_t k = 0; k < it->n_years; k++) {
        cum += it->first_met[k];
        if (cum >= q - 1e-12)
            return start + (int)k;
    }
    return 0;
}
