/* scorecard.c: the status rule (see scorecard.h). */
#include "engine/scorecard.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Values closer than this are "the same at two decimals" (reported figures are
 * written with two decimals: 12,21%). */
#define SAME_AT_TWO_DECIMALS 0.005
/* Slack for counts computed from percentages (rounding of 6,5% × 1.807). */
#define COUNT_EPS 1e-9

const char *ntm_state_name(ntm_state s)
{
    return s == NTM_STATE_MET ? "met" : s == NTM_STATE_UNMET ? "unmet" : "unknown";
}

static int is_code(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Worse of two states for the "least favourable decides" rule. */
static ntm_state worse(ntm_state a, ntm_state b)
{
    if (a == NTM_STATE_UNMET || b == NTM_STATE_UNMET)
        return NTM_STATE_UNMET;
    if (a == NTM_STATE_UNKNOWN || b == NTM_STATE_UNKNOWN)
        return NTM_STATE_UNKNOWN;
    return NTM_STATE_MET;
}

/* 1 when value A is less favourable than B for indicator IND's direction. */
static int less_favourable(const ntm_indicator *ind, double a, double b)
{
    if (!isfinite(a) || !isfinite(b))
        return 0;
    return ind->direction == NTM_DIR_MAX ? a > b : ind->direction == NTM_DIR_MIN ? a < b : 0;
}

static int has_bound(const ntm_threshold *t)
{
    return t && (isfinite(t->lower) || isfinite(t->upper));
}

static ntm_state against(const ntm_threshold *t, double v)
{
    return ntm_threshold_meets(v, t->lower, t->upper) ? NTM_STATE_MET : NTM_STATE_UNMET;
}

static ntm_state from_assess(ntm_assess a)
{
    return a == NTM_ASSESS_MET     ? NTM_STATE_MET
           : a == NTM_ASSESS_UNMET ? NTM_STATE_UNMET
                                   : NTM_STATE_UNKNOWN;
}

/* Latest observations (t < AS_OF) of indicator CODE: fills OUT (up to MAX), returns
 * how many share the latest t. */
static size_t latest(const ntm_observation *obs, size_t n, const char *code, double as_of,
                     const ntm_observation **out, size_t max)
{
    double best = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (is_code(obs[i].indicator, code) && obs[i].t < as_of && obs[i].t > best)
            best = obs[i].t;
    size_t k = 0;
    for (size_t i = 0; i < n && k < max; i++)
        if (is_code(obs[i].indicator, code) && obs[i].t == best)
            out[k++] = &obs[i];
    return k;
}

static double ratio_percent(const ntm_observation *o)
{
    if (isfinite(o->numerator) && isfinite(o->denominator) && o->denominator > 0)
        return 100.0 * o->numerator / o->denominator;
    return NAN;
}

/* The gap to the threshold of unmet R, in the indicator's unit and, for rates, in
 * households or people: from a sum's parts' counts (SUM_COUNTS: BASE_MAX households,
 * COUNT_SUM in the condition), else the deciding report's, else the unit's count. */
static void set_gap(const ntm_scorecard *sc, ntm_indicator_result *r, int sum_counts,
                    double base_max, double count_sum)
{
    const ntm_indicator *ind = r->ind;
    double v = isfinite(r->reported) ? r->reported : r->recomputed;
    if (r->state == NTM_STATE_UNMET && r->threshold && isfinite(v)) {
        const ntm_threshold *t = r->threshold;
        if (isfinite(t->upper) && v > t->upper)
            r->gap = v - t->upper;
        else if (isfinite(t->lower) && v < t->lower)
            r->gap = t->lower - v;
        if (ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM) {
            double base = NAN, count = NAN;
            if (sum_counts) {
                base = base_max;
                count = count_sum;
            } else if (r->n_obs && isfinite(r->obs[0]->denominator)) {
                base = r->obs[0]->denominator;
                count = r->obs[0]->numerator;
            }
            if (!isfinite(base))
                base = ntm_unit_count(sc->unit, ind->denom_unit);
            if (isfinite(base) && !isfinite(count))
                count = v * base / 100.0;
            if (isfinite(base) && isfinite(count)) {
                if (isfinite(t->upper) && v > t->upper)
                    r->gap_count = count - floor(t->upper * base / 100.0 + COUNT_EPS);
                else if (isfinite(t->lower))
                    r->gap_count = ceil(t->lower * base / 100.0 - COUNT_EPS) - count;
                if (r->gap_count < 0)
                    r->gap_count = 0;
                r->gap_count = ceil(r->gap_count - COUNT_EPS);
            }
        }
    }
}

/* Moves R's deciding report (index DECIDES) first, keeping the others' order: every
 * reader of obs[0] takes its date, source and counts. */
static void deciding_first(ntm_indicator_result *r, size_t decides)
{
    for (size_t k = decides; k > 0; k--) {
        const ntm_observation *x = r->obs[k];
        r->obs[k] = r->obs[k - 1];
        r->obs[k - 1] = x;
    }
}

/* Evaluates indicator IND (recursively through sub-conditions) into R. */
static void eval_indicator(const ntm_scorecard *sc, const ntm_observation *obs, size_t n_obs,
                           double as_of, const ntm_indicator *ind, ntm_indicator_result *r)
{
    memset(r, 0, sizeof *r);
    r->ind = ind;
    r->reported = r->recomputed = r->gap = r->gap_count = r->t = NAN;
    const ntm_threshold *thr = ntm_indicator_threshold(ind, sc->class_key);
    r->threshold_text = thr;
    r->threshold = has_bound(thr) ? thr : NULL;

    r->n_obs = latest(obs, n_obs, ind->code, as_of, r->obs, NTM_SCORECARD_MAX_OBS);
    if (r->n_obs)
        r->t = r->obs[0]->t;

    /* Parts: recompute a sum from its parts' counts; evaluate sub-conditions. */
    const ntm_catalog *cat = sc->cat;
    double sum = 0, count_sum = 0, base_max = NAN;
    int sum_ok = 1, counts_ok = 1, any_part = 0;
    ntm_state parts_state = NTM_STATE_MET;
    for (size_t i = 0; i < cat->n_indicators; i++) {
        const ntm_indicator *p = &cat->indicators[i];
        if (!is_code(p->part_of, ind->code))
            continue;
        any_part = 1;
        if (ind->combine_all) {
            ntm_indicator_result pr;
            eval_indicator(sc, obs, n_obs, as_of, p, &pr);
            parts_state = worse(parts_state, pr.state);
            continue;
        }
        const ntm_observation *po[NTM_SCORECARD_MAX_OBS];
        size_t k = latest(obs, n_obs, p->code, as_of, po, NTM_SCORECARD_MAX_OBS);
        if (k && r->n_obs && po[0]->t != r->t) { /* parts counted at another date */
            sum_ok = counts_ok = 0;
            continue;
        }
        if (k == 0) {
            sum_ok = counts_ok = 0;
            continue;
        }
        if (r->n_parts_obs < NTM_SCORECARD_MAX_OBS)
            r->parts_obs[r->n_parts_obs++] = po[0];
        double v = ratio_percent(po[0]);
        if (!isfinite(v))
            sum_ok = 0;
        else
            sum += v;
        if (isfinite(po[0]->numerator) && isfinite(po[0]->denominator)) {
            count_sum += po[0]->numerator;
            if (!isfinite(base_max) || po[0]->denominator > base_max)
                base_max = po[0]->denominator;
        } else {
            counts_ok = 0;
        }
    }
    if (ind->kind == NTM_KIND_SUM && any_part && sum_ok)
        r->recomputed = sum;

    /* Each latest observation gives a state; the least favourable decides. */
    ntm_state st = NTM_STATE_UNKNOWN;
    int first = 1;
    size_t decides = 0;
    for (size_t i = 0; i < r->n_obs; i++) {
        const ntm_observation *o = r->obs[i];
        double v = o->value;
        double rc = ratio_percent(o);
        if (ind->kind == NTM_KIND_RATE && isfinite(rc)) {
            if (!isfinite(r->recomputed))
                r->recomputed = rc;
            if (!isfinite(v))
                v = rc;
        }
        if (ind->kind == NTM_KIND_SUM && !isfinite(v))
            v = r->recomputed;
        /* An impossible value (a rate outside 0-100%, a negative count or amount) is shown
         * but never decides: the assessment, if any, does. */
        int is_rate = ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM;
        if (isfinite(v) && (v < 0 || (is_rate && v > 100))) {
            r->invalid_value = 1;
            v = NAN;
        }
        ntm_state s;
        if (r->threshold && isfinite(v)) {
            s = against(r->threshold, v);
            ntm_state a = from_assess(o->status);
            if (a != NTM_STATE_UNKNOWN && a != s)
                r->assessment_conflict = 1;
            r->basis = NTM_BASIS_VALUE;
        } else {
            s = from_assess(o->status);
            if (r->basis == NTM_BASIS_NONE && s != NTM_STATE_UNKNOWN)
                r->basis = NTM_BASIS_ASSESSMENT;
        }
        ntm_state prev = st;
        st = first ? s : worse(st, s);
        /* The value shown is the deciding report's: the first, or a less favourable one
         * (417/910 certificates on file beside the villages' 25,27%: 11,58% decides). */
        if (isfinite(o->value) && (first || st != prev || !isfinite(r->reported) ||
                                   less_favourable(ind, o->value, r->reported))) {
            r->reported = o->value;
            decides = i;
        }
        first = 0;
    }
    deciding_first(r, decides);
    if (r->n_obs == 0 && ind->kind == NTM_KIND_SUM && isfinite(r->recomputed) && r->threshold) {
        st = against(r->threshold, r->recomputed);
        r->basis = NTM_BASIS_VALUE;
    }
    if (ind->combine_all && any_part &&
        (st == NTM_STATE_UNKNOWN || parts_state == NTM_STATE_UNMET)) {
        if (parts_state != NTM_STATE_UNKNOWN || st == NTM_STATE_UNKNOWN) {
            st = parts_state;
            r->basis = NTM_BASIS_PARTS;
        }
    }
    r->state = st;
    if (isfinite(r->reported) && isfinite(r->recomputed))
        r->differs = fabs(r->reported - r->recomputed) >= SAME_AT_TWO_DECIMALS;

    set_gap(sc, r, ind->kind == NTM_KIND_SUM && counts_ok && any_part, base_max, count_sum);
}

static int has_flag(const char *flags, const char *flag)
{
    if (!flags)
        return 0;
    size_t n = strlen(flag);
    for (const char *p = flags; (p = strstr(p, flag)) != NULL; p += n)
        if ((p == flags || p[-1] == ',' || p[-1] == ' ') &&
            (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return 1;
    return 0;
}

ntm_status ntm_scorecard_compute(ntm_scorecard *sc, const ntm_catalog *cat, const ntm_unit *unit,
                                 const ntm_observation *obs, size_t n_obs, double as_of,
                                 ntm_error *err)
{
    memset(sc, 0, sizeof *sc);
    sc->cat = cat;
    sc->unit = unit;
    sc->class_key = unit->class_key;
    if (cat->hardest_class && has_flag(unit->flags, "dbkk")) {
        sc->class_key = cat->hardest_class;
        sc->hardest_rule = 1;
    }
    sc->crit = calloc(cat->n_criteria ? cat->n_criteria : 1, sizeof *sc->crit);
    sc->ind = calloc(cat->n_indicators ? cat->n_indicators : 1, sizeof *sc->ind);
    if (!sc->crit || !sc->ind) {
        ntm_scorecard_release(sc);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < cat->n_indicators; i++) {
        const ntm_indicator *ind = &cat->indicators[i];
        if (ind->part_of)
            continue;
        eval_indicator(sc, obs, n_obs, as_of, ind, &sc->ind[sc->n_ind++]);
    }
    for (size_t c = 0; c < cat->n_criteria; c++) {
        ntm_criterion_result *cr = &sc->crit[sc->n_crit++];
        cr->crit = &cat->criteria[c];
        /* Latest criterion-level assessment. */
        for (size_t i = 0; i < n_obs; i++) {
            const ntm_observation *o = &obs[i];
            if (o->indicator || !is_code(o->criterion, cr->crit->code) || !(o->t < as_of))
                continue;
            if (o->status == NTM_ASSESS_NONE)
                continue;
            if (!cr->assessment || o->t > cr->assessment->t ||
                (o->t == cr->assessment->t && o->status == NTM_ASSESS_UNMET))
                cr->assessment = o;
        }
        size_t n_from_crit = 0;
        for (size_t k = 0; k < sc->n_ind; k++) {
            ntm_indicator_result *ir = &sc->ind[k];
            if (!is_code(ir->ind->criterion, cr->crit->code))
                continue;
            /* An indicator with no data of its own takes its criterion's assessment. */
            if (ir->state == NTM_STATE_UNKNOWN && ir->basis == NTM_BASIS_NONE && cr->assessment &&
                ir->n_obs == 0) {
                ir->state = from_assess(cr->assessment->status);
                ir->basis = NTM_BASIS_CRITERION;
                n_from_crit++;
            }
            cr->n_ind++;
            cr->n_met += ir->state == NTM_STATE_MET;
            cr->n_unmet += ir->state == NTM_STATE_UNMET;
            cr->n_unknown += ir->state == NTM_STATE_UNKNOWN;
        }
        ntm_state a = cr->assessment ? from_assess(cr->assessment->status) : NTM_STATE_UNKNOWN;
        if (cr->n_unmet > 0) {
            cr->state = NTM_STATE_UNMET;
            cr->by_assessment = a == NTM_STATE_UNMET && cr->n_unmet == n_from_crit;
        } else if (a == NTM_STATE_UNMET) {
            cr->state = NTM_STATE_UNMET;
            cr->by_assessment = 1;
        } else if (cr->n_ind > 0 && cr->n_met == cr->n_ind) {
            cr->state = NTM_STATE_MET;
            cr->by_assessment = n_from_crit > 0;
        } else if (a == NTM_STATE_MET) {
            cr->state = NTM_STATE_MET;
            cr->by_assessment = 1;
        } else {
            cr->state = NTM_STATE_UNKNOWN;
        }
        sc->crit_met += cr->state == NTM_STATE_MET;
        sc->crit_unmet += cr->state == NTM_STATE_UNMET;
        sc->crit_unknown += cr->state == NTM_STATE_UNKNOWN;
    }
    for (size_t k = 0; k < sc->n_ind; k++) {
        sc->ind_met += sc->ind[k].state == NTM_STATE_MET;
        sc->ind_unmet += sc->ind[k].state == NTM_STATE_UNMET;
        sc->ind_unknown += sc->ind[k].state == NTM_STATE_UNKNOWN;
    }
    return NTM_OK;
}

void ntm_scorecard_release(ntm_scorecard *sc)
{
    if (!sc)
        return;
    free(sc->crit);
    free(sc->ind);
    memset(sc, 0, sizeof *sc);
}
