/* validate.c: import warnings (see validate.h). */
#include "model/validate.h"
#include "core/i18n.h"

#include <math.h>
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

void ntm_validate_observations(const ntm_observation *obs, size_t n,
                               const ntm_catalog *const *cat_of, double today, ntm_lang lang,
                               ntm_diag_list *d)
{
    char a[64], b[64];
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
        /* The same population counted twice with different totals in one year. */
        const char *pop = population_of(cat, ind);
        if (!pop || !isfinite(o->denominator))
            continue;
        for (size_t j = 0; j < i; j++) {
            const ntm_observation *p = &obs[j];
            if (cat_of[j] != cat || !p->indicator || strcmp(p->unit, o->unit) != 0 ||
                !isfinite(p->denominator) || p->denominator == o->denominator ||
                (int)floor(p->t) != (int)floor(o->t) || strcmp(p->indicator, o->indicator) == 0)
                continue;
            const ntm_indicator *pi = ntm_catalog_indicator(cat, p->indicator);
            const char *ppop = pi ? population_of(cat, pi) : NULL;
            if (!ppop || strcmp(ppop, pop) != 0)
                continue;
            ntm_diag_add(
                d, NTM_WARNING, o->file, o->line, 0, "denominator", "denominators-differ",
                ntm_i18n(lang,
                         "%s in %d: indicator %s uses denominator %s (line %ld) but %s uses %s; "
                         "they count the same population"),
                o->unit, (int)floor(o->t), p->indicator,
                ntm_fmt_number(a, sizeof a, p->denominator, 0, lang), p->line, o->indicator,
                ntm_fmt_number(b, sizeof b, o->denominator, 0, lang));
            break;
        }
    }
}
