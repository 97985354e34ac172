/* period_report.h: what a committee's period report holds (`ntmplan progress`), as data:
 * for one unit and one period (io/period.h), judged at "now" with data known by a cut-off.
 *
 *   planned   tasks due in the period; criteria registered for the period's year; the money
 *             of the year's open tranches (allocations, carry-over of any age included)
 *   done      tasks finished in the period (on time or late); indicators whose latest value
 *             or assessment in the period differs from the latest before it (with the change);
 *             money disbursed in the period per tranche and key, the rate so far, the
 *             projection at 31/12 (plan/disburse.h) and the money at risk
 *   late      tasks overdue or behind now, by owner (plan/followup.h)
 *   dossier   documents missing per criterion; a criterion met by its indicators whose
 *             dossier is incomplete is flagged "met but dossier incomplete"
 *   silent    owners with an open task and no report on any of their tasks from the period's
 *             start to the report deadline (to the minute)
 *   next      tasks not done that fall due in the next period
 * Indicators "moved" compare the latest figure in the period (to the cut-off) with the latest
 * before the period, or, without one, with the first figure in the period.
 * Pure assembly: no SQL, no printing. The report borrows the input's arrays (keep them alive
 * until ntm_period_report_release). */
#ifndef NTM_PERIOD_REPORT_H
#define NTM_PERIOD_REPORT_H

#include <stddef.h>

#include "core/error.h"
#include "engine/scorecard.h"
#include "io/period.h"
#include "model/catalog.h"
#include "model/task.h"
#include "model/unit.h"
#include "plan/disburse.h"
#include "plan/followup.h"

typedef enum ntm_pr_section {
    NTM_PR_PLANNED,
    NTM_PR_REGISTERED,
    NTM_PR_DONE,
    NTM_PR_MOVED,
    NTM_PR_MONEY,
    NTM_PR_LATE,
    NTM_PR_DOSSIER,
    NTM_PR_SILENT,
    NTM_PR_NEXT
} ntm_pr_section;

/* One line of the report. Pointers are into the report's own data. */
typedef struct ntm_pr_item {
    ntm_pr_section section;
    const char *criterion, *indicator; /* NULL when not about one */
    const char *text;                  /* task, document or criterion name */
    const char *owner, *director;
    const ntm_task_view *task;         /* tasks: the judged task */
    const ntm_tranche_view *money;     /* money */
    const ntm_dossier_item *doc;       /* dossier: the missing document */
    int criterion_met;                 /* dossier: the criterion is met by its indicators */
    double from, to;                   /* moved: the value before and in the period */
    ntm_assess status_from, status_to; /* moved: assessments before and in the period */
    const char *unit_of_value;         /* moved: the indicator's unit ("%", "hộ") */
} ntm_pr_item;

typedef struct ntm_period_report {
    char *unit;
    ntm_period period, next;
    long now, cutoff, deadline; /* minutes */
    ntm_task_view *views;
    size_t n_views;
    double sigma2; /* pooled variance of progress per day (NaN: none) */
    ntm_tranche_view *tranches;
    size_t n_tranches;
    ntm_pr_item *items;
    size_t n_items;
    /* counts for the summary */
    size_t n_planned, n_done, n_done_late, n_overdue, n_behind, n_missing, n_silent;
    double allocated, disbursed, disbursed_period, at_risk;
} ntm_period_report;

/* What the report is built from (borrowed). */
typedef struct ntm_pr_input {
    const char *unit;
    const ntm_period *period;
    long now, cutoff, deadline, soon; /* minutes; soon: the "due soon" window */
    const ntm_task *tasks;            /* ordered as the store returns them */
    size_t n_tasks;
    const ntm_dossier_item *docs;
    size_t n_docs;
    const ntm_registration *regs;
    size_t n_regs;
    const ntm_money *money;
    size_t n_money;
    const ntm_catalog *cat; /* may be NULL: no criterion names, no scorecard */
    const ntm_unit *unit_row;
    const ntm_observation *obs;
    size_t n_obs;
} ntm_pr_input;

ntm_status ntm_period_report_build(ntm_period_report *r, const ntm_pr_input *in, ntm_error *err);
void ntm_period_report_release(ntm_period_report *r);

#endif
