/* history.c: a merged unit's inherited history (history.h). */
#include "plan/history.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "model/lineage.h"

void ntm_history_note_release(ntm_history_note *note)
{
    ntm_store_free_mergers(note->mergers, note->n_mergers);
    free(note->gaps);
    memset(note, 0, sizeof *note);
}

/* 1 when the unit's own observations have indicator CODE in YEAR. */
static int own_has(const ntm_observation *obs, size_t n, const char *code, int year)
{
    for (size_t i = 0; i < n; i++)
        if (obs[i].indicator && strcmp(obs[i].indicator, code) == 0 && obs[i].date &&
            atoi(obs[i].date) == year)
            return 1;
    return 0;
}

/* "A + B" of M's parts into BUF. */
static void parts_text(const ntm_merger *m, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < m->n_parts && len < size; p++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", p ? " + " : "", m->parts[p]);
}

/* Appends the combined point P of indicator IND to *OBS as an observation. */
static ntm_status add_point(const ntm_indicator *ind, const ntm_combined_point *p, const char *unit,
                            const char *source, ntm_observation **obs, size_t *n, size_t *cap,
                            ntm_error *err)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        ntm_observation *o = realloc(*obs, nc * sizeof *o);
        if (!o)
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        *obs = o;
        *cap = nc;
    }
    ntm_observation *o = &(*obs)[*n];
    memset(o, 0, sizeof *o);
    o->unit = strdup(unit);
    o->criterion = strdup(ind->criterion);
    o->indicator = strdup(ind->code);
    o->date = strdup(p->date);
    o->source = strdup(source);
    o->t = p->t;
    o->value = p->value;
    o->numerator = p->numerator;
    o->denominator = p->denominator;
    o->status = NTM_ASSESS_NONE;
    (*n)++;
    if (!o->unit || !o->criterion || !o->indicator || !o->date || !o->source)
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    return NTM_OK;
}

static ntm_status add_gap(ntm_history_note *note, const char *code, const ntm_combined_point *p,
                          ntm_error *err)
{
    ntm_history_gap *g = realloc(note->gaps, (note->n_gaps + 1) * sizeof *g);
    if (!g)
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    note->gaps = g;
    g = &g[note->n_gaps++];
    snprintf(g->code, sizeof g->code, "%s", code);
    g->year = p->year;
    g->reason = ntm_combine_reason(p->why);
    snprintf(g->missing_part, sizeof g->missing_part, "%s", p->missing_part ? p->missing_part : "");
    return NTM_OK;
}

/* Combines every indicator of CAT for merger M from the parts' observations PO. */
static ntm_status combine_merger(const ntm_merger *m, const ntm_catalog *cat,
                                 const ntm_observation *po, size_t npo, const char *unit,
                                 ntm_observation **obs, size_t *n, size_t *cap,
                                 ntm_history_note *note, ntm_error *err)
{
    char source[512];
    parts_text(m, source, sizeof source);
    size_t own = *n;
    ntm_status rc = NTM_OK;
    for (size_t i = 0; rc == NTM_OK && i < cat->n_indicators; i++) {
        const ntm_indicator *ind = &cat->indicators[i];
        ntm_combined_point *pts;
        long np = ntm_lineage_combine(m, ind->criterion, ind->code, ind->kind, po, npo, &pts);
        if (np < 0)
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        for (long k = 0; rc == NTM_OK && k < np; k++) {
            if (own_has(*obs, own, ind->code, pts[k].year))
                continue;
            if (pts[k].why != NTM_COMBINE_OK)
                rc = add_gap(note, ind->code, &pts[k], err);
            else if ((rc = add_point(ind, &pts[k], unit, source, obs, n, cap, err)) == NTM_OK)
                note->n_combined++;
        }
        free(pts);
    }
    for (size_t c = 0; rc == NTM_OK && c < cat->n_criteria; c++) { /* assessments as a whole */
        ntm_combined_point *pts;
        long np =
            ntm_lineage_combine(m, cat->criteria[c].code, NULL, NTM_KIND_BINARY, po, npo, &pts);
        if (np < 0)
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        if (np > 0) /* once, for the latest year */
            rc = add_gap(note, cat->criteria[c].code, &pts[np - 1], err);
        free(pts);
    }
    return rc;
}

/* Reads the observations of every part of M into *PO. */
static ntm_status parts_observations(ntm_store *st, const ntm_merger *m, ntm_observation **po,
                                     size_t *npo, ntm_error *err)
{
    *po = NULL;
    *npo = 0;
    for (size_t p = 0; p < m->n_parts; p++) {
        ntm_observation *o;
        size_t no;
        ntm_status rc = ntm_store_get_observations(st, m->parts[p], &o, &no, err);
        if (rc != NTM_OK)
            return rc;
        ntm_observation *all = realloc(*po, (*npo + no + 1) * sizeof *all);
        if (!all) {
            ntm_store_free_observations(o, no);
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        }
        memcpy(all + *npo, o, no * sizeof *o); /* the strings move with the structs */
        free(o);
        *po = all;
        *npo += no;
    }
    return NTM_OK;
}

/* The store's order (ntm_store_get_observations): criterion, indicator, time, id. */
static int by_code_time(const void *a, const void *b)
{
    const ntm_observation *x = a, *y = b;
    int c = strcmp(x->criterion, y->criterion);
    if (!c)
        c = strcmp(x->indicator ? x->indicator : "", y->indicator ? y->indicator : "");
    if (!c)
        c = (x->t > y->t) - (x->t < y->t);
    if (!c)
        c = (x->id > y->id) - (x->id < y->id);
    return c;
}

ntm_status ntm_history_add_mergers(ntm_store *st, const char *unit, const ntm_catalog *cat,
                                   ntm_observation **obs, size_t *n, ntm_history_note *note,
                                   ntm_error *err)
{
    memset(note, 0, sizeof *note);
    ntm_status rc = ntm_store_get_mergers(st, unit, &note->mergers, &note->n_mergers, err);
    size_t cap = *n;
    for (size_t i = 0; rc == NTM_OK && i < note->n_mergers; i++) {
        ntm_observation *po;
        size_t npo;
        rc = parts_observations(st, &note->mergers[i], &po, &npo, err);
        if (rc == NTM_OK)
            rc = combine_merger(&note->mergers[i], cat, po, npo, unit, obs, n, &cap, note, err);
        ntm_store_free_observations(po, npo);
    }
    if (rc == NTM_OK && note->n_combined)
        qsort(*obs, *n, sizeof **obs, by_code_time);
    return rc;
}
