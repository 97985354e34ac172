/* validate.c: import warnings (see validate.h). */
#include "model/validate.h"
#include "core/i18n.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SAME_AT_TWO_DECIMALS 0.005

/* The population an indicator's denominator counts: its denominator unit, or for a
 * part of a sum, the sum's code (its parts count the same households). */
static const char *population_of(const ntm_catalog *cat, const ntm_indicator *ind)
{
    if (ind->denom_unit)
        return ind->denom_unit;
    if (ind->part_of) {
        const ntm_indicator *p = ntm_catalog_indicator(cat, ind->part_of);
        if (p && p->denom_unit)
            return p->denom_unit;
        return ind->part_of;
    }
    return NULL;
}

/* One row that has a denominator, with what groups it: its catalog, unit, year and the
 * population its denominator counts. */
typedef struct den_ref {
    const ntm_catalog *cat;
    const char *unit, *pop;
    int year;
    size_t idx;
} den_ref;

static int cmp_den(const void *pa, const void *pb)
{
    const den_ref *a = pa, *b = pb;
    if (a->cat != b->cat)
        return (uintptr_t)a->cat < (uintptr_t)b->cat ? -1 : 1;
    int c = strcmp(a->unit, b->unit);
    if (!c)
        c = a->year - b->year;
    if (!c)
        c = strcmp(a->pop, b->pop);
    return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The first row of a group, and the first one after it of another indicator: a later
 * row with another denominator differs from one of the two unless both are of its own
 * indicator or both have its denominator (then it is compared with the first). */
static const den_ref *den_witness(const ntm_observation *obs, const den_ref *first,
                                  const den_ref *second, const ntm_observation *o)
{
    const den_ref *c[2] = {first, second};
    for (int k = 0; k < 2; k++) {
        if (!c[k])
            continue;
        const ntm_observation *p = &obs[c[k]->idx];
        if (p->denominator != o->denominator && strcmp(p->indicator, o->indicator) != 0)
            return c[k];
    }
    return NULL;
}

static int same_group(const den_ref *a, const den_ref *b)
{
    return a->cat == b->cat && strcmp(a->unit, b->unit) == 0 && a->year == b->year &&
           strcmp(a->pop, b->pop) == 0;
}

/* For each row, the earlier row that counts the same population in the same year with
 * another denominator (Cẩm Thành 07/2023: 1.784 and 1.807 households), or (size_t)-1: in
 * *witness (caller frees; NULL when out of memory). Sorted by group, so a file of
 * 200 000 rows takes O(n log n). */
static size_t *denominator_witnesses(const ntm_observation *obs, size_t n,
                                     const ntm_catalog *const *cat_of)
{
    den_ref *v = malloc((n ? n : 1) * sizeof *v);
    size_t *w = malloc((n ? n : 1) * sizeof *w);
    if (!v || !w) {
        free(v);
        free(w);
        return NULL;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = (size_t)-1;
        const ntm_observation *o = &obs[i];
        const ntm_catalog *cat = cat_of[i];
        if (!cat || !o->indicator || !isfinite(o->denominator))
            continue;
        const ntm_indicator *ind = ntm_catalog_indicator(cat, o->indicator);
        const char *pop = ind ? population_of(cat, ind) : NULL;
        if (pop)
            v[m++] = (den_ref){cat, o->unit, pop, (int)floor(o->t), i};
    }
    qsort(v, m, sizeof *v, cmp_den);
    const den_ref *second = NULL;
    for (size_t i = 0, g = 0; i < m; i++) {
        if (!same_group(&v[g], &v[i])) {
            g = i;
            second = NULL;
        }
        if (i == g)
            continue;
        const den_ref *found = den_witness(obs, &v[g], second, &obs[v[i].idx]);
        if (found)
            w[v[i].idx] = found->idx;
        if (!second && strcmp(obs[v[i].idx].indicator, obs[v[g].idx].indicator) != 0)
            second = &v[i];
    }
    free(v);
    return w;
}

void ntm_validate_observations(const ntm_observation *obs, size_t n,
                               const ntm_catalog *const *cat_of, double today, ntm_lang lang,
                               ntm_diag_list *d)
{
    char a[64], b[64];
    size_t *witness = denominator_witnesses(obs, n, cat_of);
    for (size_t i = 0; i < n; i++) {
        const ntm_observation *o = &obs[i];
        const ntm_catalog *cat = cat_of[i];
        if (isfinite(today) && o->t > today)
            ntm_diag_add(d, NTM_WARNING, o->file, o->line, 0, "date", "future-date",
                         ntm_i18n(lang, "date %s is in the future"), o->date);
        if (isfinite(o->numerator) && isfinite(o->denominator) && o->numerator > o->denominator)
            ntm_diag_add(d, NTM_WARNING, o->file, o->line, 0, "numerator",
                         "numerator-gt-denominator",
                         ntm_i18n(lang, "numerator %s exceeds denominator %s"),
                         ntm_fmt_number(a, sizeof a, o->numerator, 0, lang),
                         ntm_fmt_number(b, sizeof b, o->denominator, 0, lang));
        if (!cat)
            continue;
        if (!ntm_catalog_criterion(cat, o->criterion))
            ntm_diag_add(d, NTM_WARNING, o->file, o->line, 0, "criterion", "code-unknown",
                         ntm_i18n(lang, "criterion '%s' is not in criteria set %s"), o->criterion,
                         cat->id);
        if (!o->indicator)
            continue;
        const ntm_indicator *ind = ntm_catalog_indicator(cat, o->indicator);
        if (!ind) {
            ntm_diag_add(d, NTM_WARNING, o->file, o->line, 0, "indicator", "code-unknown",
                         ntm_i18n(lang, "indicator '%s' is not in criteria set %s"), o->indicator,
                         cat->id);
            continue;
        }
        int is_rate = ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM;
        if (isfinite(o->value) &&
            ((is_rate && (o->value < 0 || o->value > 100)) ||
             ((ind->kind == NTM_KIND_COUNT || ind->kind == NTM_KIND_AMOUNT) && o->value < 0)))
            ntm_diag_add(d, NTM_WARNING, o->file, o->line, 0, "value", "out-of-range",
                         ntm_i18n(lang, "value %s is outside the range of indicator %s (%s)"),
                         ntm_fmt_number(a, sizeof a, o->value, 2, lang), ind->code,
                         is_rate ? "0-100%" : ">= 0");
        if (is_rate && isfinite(o->value) && isfinite(o->numerator) && isfinite(o->denominator) &&
            o->denominator > 0) {
            double r = 100.0 * o->numerator / o->denominator;
            if (fabs(r - o->value) >= SAME_AT_TWO_DECIMALS)
                ntm_diag_add(
                    d, NTM_WARNING, o->file, o->line, 0, "value", "value-disagrees",
                    ntm_i18n(lang,
                             "indicator %s: reported %s%% but numerator/denominator give %s%%"),
                    ind->code, ntm_fmt_number(a, sizeof a, o->value, 2, lang),
                    ntm_fmt_number(b, sizeof b, r, 2, lang));
        }
        if (witness && witness[i] != (size_t)-1) {
            const ntm_observation *p = &obs[witness[i]];
            ntm_diag_add(
                d, NTM_WARNING, o->file, o->line, 0, "denominator", "denominators-differ",
                ntm_i18n(lang,
                         "%s in %d: indicator %s uses denominator %s (line %ld) but %s uses %s; "
                         "they count the same population"),
                o->unit, (int)floor(o->t), p->indicator,
                ntm_fmt_number(a, sizeof a, p->denominator, 0, lang), p->line, o->indicator,
                ntm_fmt_number(b, sizeof b, o->denominator, 0, lang));
        }
    }
    free(witness);
}
