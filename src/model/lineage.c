/* lineage.c: the combined history of a merged unit (lineage.h). */
#include "model/lineage.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

void ntm_merger_release(ntm_merger *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_parts; i++)
        free(m->parts[i]);
    free(m->parts);
    free(m->unit);
    free(m->source);
    free(m->file);
    memset(m, 0, sizeof *m);
}

const char *ntm_combine_reason(ntm_combine_why why)
{
    switch (why) {
    case NTM_COMBINE_OK: return "";
    case NTM_COMBINE_PART_MISSING: return N_("a former unit has no figure for that year");
    case NTM_COMBINE_NO_COUNTS:
        return N_("rates combine only through numerators and denominators, and a former unit "
                  "gives none");
    case NTM_COMBINE_BINARY: return N_("a met / unmet assessment does not combine across units");
    case NTM_COMBINE_CRITERION:
        return N_("criterion assessments of former units do not carry over");
    }
    return "";
}

/* The part of M that observation O belongs to, or -1. */
static long part_of(const ntm_merger *m, const ntm_observation *o)
{
    for (size_t p = 0; p < m->n_parts; p++)
        if (o->unit && strcmp(o->unit, m->parts[p]) == 0)
            return (long)p;
    return -1;
}

static int same_code(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int year_of(const ntm_observation *o)
{
    return o->date ? atoi(o->date) : 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Combines one year: LAST[p] is part p's last observation that year (NULL: none). */
static void combine_year(const ntm_merger *m, ntm_kind kind, int criterion_level,
                         const ntm_observation *const *last, ntm_combined_point *pt)
{
    pt->value = pt->numerator = pt->denominator = NAN;
    pt->why = NTM_COMBINE_OK;
    pt->missing_part = NULL;
    pt->date[0] = '\0';
    pt->t = -INFINITY;
    double num = 0, den = 0, sum = 0, wsum = 0, wden = 0;
    int weighted = 0;
    for (size_t p = 0; p < m->n_parts; p++) {
        const ntm_observation *o = last[p];
        if (!o) {
            if (pt->why == NTM_COMBINE_OK) {
                pt->why = NTM_COMBINE_PART_MISSING;
                pt->missing_part = m->parts[p];
            }
            continue;
        }
        if (o->t > pt->t) {
            pt->t = o->t;
            snprintf(pt->date, sizeof pt->date, "%s", o->date);
        }
        num += o->numerator;
        den += o->denominator;
        sum += o->value;
        if (isfinite(o->denominator)) {
            weighted = 1;
            wsum += o->value * o->denominator;
            wden += o->denominator;
        }
        if ((kind == NTM_KIND_RATE || kind == NTM_KIND_SUM) &&
            !(isfinite(o->numerator) && isfinite(o->denominator)) && pt->why == NTM_COMBINE_OK)
            pt->why = NTM_COMBINE_NO_COUNTS;
    }
    if (criterion_level)
        pt->why = NTM_COMBINE_CRITERION;
    else if (kind == NTM_KIND_BINARY)
        pt->why = NTM_COMBINE_BINARY;
    if (pt->why != NTM_COMBINE_OK)
        return;
    if (kind == NTM_KIND_RATE || kind == NTM_KIND_SUM) {
        pt->numerator = num;
        pt->denominator = den;
        pt->value = den > 0 ? 100 * num / den : NAN;
    } else if (kind == NTM_KIND_AMOUNT && weighted && wden > 0) {
        pt->value = wsum / wden; /* per person: weighted by the people it is over */
        pt->denominator = wden;
    } else {
        pt->value = sum;
    }
}

long ntm_lineage_combine(const ntm_merger *m, const char *criterion, const char *indicator,
                         ntm_kind kind, const ntm_observation *obs, size_t n,
                         ntm_combined_point **out)
{
    *out = NULL;
    /* the parts' observations of this code before the merger, with their years */
    size_t *sel = malloc((n ? n : 1) * sizeof *sel);
    int *years = malloc((n ? n : 1) * sizeof *years);
    const ntm_observation **last = calloc(m->n_parts ? m->n_parts : 1, sizeof *last);
    if (!sel || !years || !last) {
        free(sel), free(years), free(last);
        return -1;
    }
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        const ntm_observation *o = &obs[i];
        if (o->t < m->t && part_of(m, o) >= 0 && same_code(o->indicator, indicator) &&
            (!criterion || same_code(o->criterion, criterion))) {
            years[ns] = year_of(o);
            sel[ns++] = i;
        }
    }
    int *ys = malloc((ns ? ns : 1) * sizeof *ys);
    ntm_combined_point *pts = malloc((ns ? ns : 1) * sizeof *pts);
    if (!ys || !pts) {
        free(sel), free(years), free(last), free(ys), free(pts);
        return -1;
    }
    memcpy(ys, years, ns * sizeof *ys);
    qsort(ys, ns, sizeof *ys, cmp_int);
    long np = 0;
    for (size_t k = 0; k < ns; k++) {
        if (k > 0 && ys[k] == ys[k - 1])
            continue;
        memset(last, 0, m->n_parts * sizeof *last);
        for (size_t j = 0; j < ns; j++) { /* each part's last observation of the year */
            const ntm_observation *o = &obs[sel[j]];
            long p = part_of(m, o);
            if (years[j] == ys[k] && (!last[p] || o->t >= last[p]->t))
                last[p] = o;
        }
        pts[np].year = ys[k];
        combine_year(m, kind, indicator == NULL, last, &pts[np]);
        np++;
    }
    free(sel), free(years), free(last), free(ys);
    if (np == 0)
        free(pts);
    else
        *out = pts;
    return np;
}
