/* gaps.h: what closing each gap costs (DESIGN.md, "Gap cost"), computed on a prepared
 * scenario (plan/evaluate.h) and kept as plain structs for `ntmplan gaps`, the roadmap,
 * the charts (render/charts.h, ntm_chart_gaps) and the meeting pack.
 *
 * A gap is an indicator not met at the start. For each gap with money interventions, each
 * one is costed alone (the others keep the scenario's money) and the cheapest at the
 * confidence is kept: extra money on top of the scenario's, spread over the intervention's
 * spending profile cut at the last year money can still count (the target year less the
 * program's lag or the work's duration) and rescaled to sum to 1; a recurring support is
 * paid in that last year (coverage lasts while funded). The least extra amount with
 * P(met by its target year) >= p is found at 50%, the confidence asked and 95%, by
 * bisection on common random numbers (engine/gapcost.h), with its Monte Carlo error.
 *
 * For an unmet criterion, the gaps' amounts at the confidence fix a direction, and the
 * least total along it with P(all its indicators met at the end of its target year, the
 * latest of theirs) >= p is found the same way. Each amount is split by funding key in the
 * intervention's declared shares. Each P is evaluated by a simulator holding only the
 * indicators concerned: the streams are keyed by names, not positions, so its draws are
 * those of the whole scenario. */
#ifndef NTM_GAPS_H
#define NTM_GAPS_H

#include <stddef.h>

#include "plan/evaluate.h"
#include "engine/gapcost.h"
#include "model/scenario.h"

/* Figures per gap: fig[0] at 50%, fig[1] at the confidence asked, fig[2] at 95%. */
#define NTM_GAPS_NCONF 3
#define NTM_GAPS_MAIN 1

typedef enum ntm_gap_class {
    NTM_GAP_CLASS_MONEY,  /* money on an intervention acts on it */
    NTM_GAP_CLASS_EFFORT, /* only effort acts on it: "không do kinh phí" */
    NTM_GAP_CLASS_NONE    /* nothing in the scenario acts on it */
} ntm_gap_class;

/* Why no amount suffices (for the confidence asked). */
typedef enum ntm_gap_why {
    NTM_GAP_WHY_NONE = 0, /* an amount was found */
    NTM_GAP_WHY_LAG,      /* program money acts `lag` years after it is spent: the first
                             year money can be spent is too late for the target year */
    NTM_GAP_WHY_DURATION, /* a work is ready `duration` years after full funding: too late */
    NTM_GAP_WHY_CEILING,  /* P(met) levels off below the confidence whatever the money
                             (delays, cost spread, the trend, a saturating program) */
    NTM_GAP_WHY_EFFORT,   /* effort alone: its pace gives P(met) below the confidence */
    NTM_GAP_WHY_NO_IV,    /* nothing in the scenario acts on it */
    NTM_GAP_WHY_MEMBER    /* criteria: one of its gaps cannot be closed (why_gap) */
} ntm_gap_why;

typedef struct ntm_gap {
    size_t ind;              /* index into ev->ind */
    const char *unit, *code; /* point into the ntm_eval */
    const char *criterion;   /* its criterion's code */
    const char *name_vi, *name_en;
    int target_year; /* its target year, or --by */
    ntm_gap_class cls;
    size_t iv;              /* MONEY: index into ev->iv of the intervention costed */
    size_t n_options;       /* money interventions acting on it (the cheapest is kept) */
    int last_year;          /* MONEY: the last year money can still count */
    double p_now, p_now_se; /* P(met by target_year) with the scenario's money */
    double p_max;           /* P at the largest amount tried (p_now otherwise) */
    ntm_gapcost_result fig[NTM_GAPS_NCONF];
    ntm_gap_why why;   /* for fig[NTM_GAPS_MAIN] */
    double *dir;       /* n_years: the share of the money spent each year */
    double *key_money; /* the iv's n_keys amounts at the confidence (found only) */
} ntm_gap;

typedef struct ntm_gap_criterion {
    size_t crit; /* index into ev->crit */
    const char *unit, *code, *name_vi, *name_en;
    int target_year; /* the latest of its indicators' target years, or --by */
    size_t *gaps;    /* indices into ntm_gaps.gap */
    size_t n_gaps;
    double p_now, p_max; /* P(all met by target_year): now, at the largest amount */
    ntm_gapcost_result fig[NTM_GAPS_NCONF];
    ntm_gap_why why;    /* for fig[NTM_GAPS_MAIN] */
    size_t why_gap;     /* MEMBER: the gap (index into ntm_gaps.gap) that blocks */
    double *year_money; /* n_years: the total at the confidence per year (found) */
    ntm_fund_key *keys; /* the keys its money comes from, and the amounts */
    double *key_money;
    size_t n_keys;
} ntm_gap_criterion;

typedef struct ntm_gaps {
    double conf; /* the confidence asked */
    int by;      /* --by year, 0: each gap's own target year */
    long draws;
    int start_year;
    size_t n_years;
    ntm_gap *gap; /* in the criteria's order below */
    size_t n_gap;
    ntm_gap_criterion *crit; /* unmet criteria, cheapest first, not closable last */
    size_t n_crit;
    double total, total_se; /* sum over the closable criteria at the confidence; its
                               error sqrt(sum se^2) */
    size_t n_closable;
    ntm_fund_key *keys; /* the total by key */
    double *key_total;
    size_t n_keys;
    double *year_total; /* n_years */
    size_t evals;       /* evaluations of P made */
} ntm_gaps;

/* Costs every gap and unmet criterion of EV (prepared, not necessarily simulated) at the
 * confidence CONF in (0, 1), with target years BY (0: their own; else start..horizon).
 * On success OUT owns the results (ntm_gaps_release). Returns NTM_OK, NTM_EINPUT (bad
 * CONF or BY), NTM_ENOMEM, or a simulator or search failure with ERR set. */
ntm_status ntm_gaps_compute(const ntm_eval *ev, double conf, int by, ntm_gaps *out, ntm_error *err);
void ntm_gaps_release(ntm_gaps *g); /* NULL is fine */

/* 1 when figure K of FIG repeats the confidence of an earlier one (--confidence 50% or 95%). */
int ntm_gaps_fig_repeated(const ntm_gapcost_result *fig, size_t k);

/* The text of WHY for gap G (NULL: a criterion's own reason) in the CLI's language, with
 * its numbers ("chi sớm nhất năm 2023, thi công 1 năm: xong cuối 2024, sau năm mục tiêu
 * 2023"), into BUF. Returns BUF. */
const char *ntm_gaps_why_text(const ntm_cli *cli, const ntm_eval *ev, const ntm_gaps *gs,
                              const ntm_gap *g, ntm_gap_why why, double p_max, char *buf,
                              size_t size);

#endif
