/* report_gaps.c: the gaps chart's rows from the gap costs (see report_gaps.h). */
#include "render/report_gaps.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/budget.h"

/* The legend slot of KEY: its place among GS's keys, the last slot for keys past it. */
static size_t slot_of(const ntm_gaps *gs, size_t nk, const ntm_fund_key *key)
{
    size_t k = 0;
    while (k < gs->n_keys && !ntm_fund_key_equal(&gs->keys[k], key))
        k++;
    return k < nk ? k : nk - 1;
}

/* 1 when every gap of criterion C is closed by work, not money. */
static int all_effort(const ntm_gaps *gs, const ntm_gap_criterion *c)
{
    for (size_t j = 0; j < c->n_gaps; j++)
        if (gs->gap[c->gaps[j]].cls != NTM_GAP_CLASS_EFFORT)
            return 0;
    return c->n_gaps > 0;
}

ntm_status ntm_report_gap_rows_build(const ntm_gaps *gs, ntm_lang lang, ntm_report_gap_rows *g)
{
    memset(g, 0, sizeof *g);
    if (gs->n_crit == 0)
        return NTM_EINPUT;
    size_t nk = gs->n_keys ? (gs->n_keys <= NTM_GAPS_MAX_KEYS ? gs->n_keys : NTM_GAPS_MAX_KEYS) : 1;
    size_t n = gs->n_crit < NTM_GAPS_MAX ? gs->n_crit : NTM_GAPS_MAX;
    g->rows = calloc(n, sizeof *g->rows);
    g->by = calloc(n * nk, sizeof *g->by);
    g->keyname = calloc(nk, sizeof *g->keyname);
    g->keys = calloc(nk, sizeof *g->keys);
    g->label = calloc(n, sizeof *g->label);
    g->code = calloc(n, sizeof *g->code);
    if (!g->rows || !g->by || !g->keyname || !g->keys || !g->label || !g->code)
        return NTM_ENOMEM;
    g->n = n;
    g->n_keys = nk;
    for (size_t k = 0; k < nk; k++) {
        if (gs->n_keys > NTM_GAPS_MAX_KEYS && k == nk - 1)
            snprintf(g->keyname[k], sizeof g->keyname[k], "%s", ntm_i18n(lang, "other keys"));
        else if (gs->n_keys)
            ntm_fund_key_text(g->keyname[k], sizeof g->keyname[k], &gs->keys[k], lang);
        else
            snprintf(g->keyname[k], sizeof g->keyname[k], "%s", ntm_i18n(lang, "money"));
        g->keys[k] = g->keyname[k];
    }
    for (size_t i = 0; i < n; i++) {
        const ntm_gap_criterion *c = &gs->crit[i];
        const ntm_gapcost_result *f = &c->fig[NTM_GAPS_MAIN];
        ntm_gap_row *row = &g->rows[i];
        snprintf(g->code[i], sizeof g->code[i], "%s %s", ntm_i18n(lang, "Crit."), c->code);
        snprintf(g->label[i], sizeof g->label[i], "%s", ntm_name_in(lang, c->name_vi, c->name_en));
        row->code = g->code[i];
        row->name = g->label[i];
        row->by_key = &g->by[i * nk];
        if (!f->found) {
            row->kind = NTM_GAP_UNREACHABLE;
        } else if (!(f->money > 0) && all_effort(gs, c)) {
            row->kind = NTM_GAP_EFFORT;
        } else {
            row->kind = NTM_GAP_COST;
            row->mc_err =
                isfinite(f->money_se) && f->money_se > 0 ? f->money_se : 0; /* the text's ± */
            double placed = 0;
            for (size_t j = 0; j < c->n_keys; j++) {
                g->by[i * nk + slot_of(gs, nk, &c->keys[j])] += c->key_money[j];
                placed += c->key_money[j];
            }
            if (placed <= 0 && f->money > 0)
                g->by[i * nk] = f->money; /* no key declared: one bar */
        }
    }
    return NTM_OK;
}

void ntm_report_gap_rows_release(ntm_report_gap_rows *g)
{
    free(g->rows);
    free(g->by);
    free(g->keyname);
    free(g->keys);
    free(g->label);
    free(g->code);
    memset(g, 0, sizeof *g);
}
