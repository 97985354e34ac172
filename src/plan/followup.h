/* followup.h: following tasks through the year, relative to a given "now" (the CLI's
 * --today, never the wall clock) and a data cut-off (only updates reported by then count).
 *
 * Rules for one task, from its latest update known at the cut-off:
 *   done        its state is "xong" (or progress 100%): on time when the first update saying
 *               so is dated no later than the due moment, else done late;
 *   overdue     not done and the due moment is before now (a due date without an hour is the
 *               end of that day: 23:59; compared to the minute);
 *   behind      not done, not overdue, with a start, a due and a reported progress below the
 *               straight line from 0% at the start to 100% at the due moment, evaluated now;
 *   due soon    not done, due within the window from now;
 *   on time     otherwise ("đúng hạn"); a task without a due moment is "no due date".
 *
 * P(done by due) when a task has two or more updates with progress (times t_i in days,
 * progress p_i in percent): progress is a random walk with drift, dp = mu dt + sigma dW.
 * mu_k = (p_last - p_first) / (t_last - t_first) is the task's own drift; sigma^2 is pooled
 * over all tasks with residual degrees of freedom: sum_k sum_i (dp_i - mu_k dt_i)^2 / dt_i over
 * sum_k (m_k - 2), m_k the task's updates. With T = due - t_last days, progress at the due
 * moment is normal with mean p_last + mu_k T and variance sigma^2 (T + T^2 / (t_last - t_first))
 * (the second term: the drift's own uncertainty), and P = P(progress >= 100). A done task has
 * P = 1, an overdue one 0. With fewer than two updates, or no pooled degree of freedom, P is
 * not computed and the straight-line rule alone judges the task (method STRAIGHT). */
#ifndef NTM_FOLLOWUP_H
#define NTM_FOLLOWUP_H

#include <stddef.h>

#include "core/error.h"
#include "model/task.h"

/* Default "due soon" window, days. */
#define NTM_FOLLOW_SOON_DAYS 14
/* A task is behind when its progress is below the straight line by more than this, in
 * percentage points (0: any shortfall). */
#define NTM_FOLLOW_BEHIND_MARGIN 0.0

typedef enum ntm_task_flag {
    NTM_FLAG_ON_TIME,
    NTM_FLAG_SOON,
    NTM_FLAG_BEHIND,
    NTM_FLAG_OVERDUE,
    NTM_FLAG_DONE,
    NTM_FLAG_DONE_LATE,
    NTM_FLAG_NO_DUE
} ntm_task_flag;

typedef enum ntm_pdone_method {
    NTM_PDONE_NONE,    /* done, overdue or no due moment: P is 1 or 0 or meaningless */
    NTM_PDONE_DRIFT,   /* from the drift of its updates, sigma pooled */
    NTM_PDONE_STRAIGHT /* too few updates: the straight-line rule only */
} ntm_pdone_method;

typedef struct ntm_followup_opts {
    long now;    /* minutes since 1970: the moment the rules are applied at */
    long cutoff; /* only updates dated no later than this count */
    long soon;   /* the "due soon" window, minutes */
} ntm_followup_opts;

/* One task as judged (pointers into the caller's update array). */
typedef struct ntm_task_view {
    const ntm_task *first, *last; /* first and latest update known at the cut-off */
    size_t n_updates, n_progress; /* updates known; of them, with a progress figure */
    ntm_task_flag flag;
    double expected; /* straight-line progress due now (percent), NaN when not judged */
    long done_at;    /* minutes of the first update saying done; -1 when not done */
    double drift;    /* percent per day, NaN with fewer than 2 progress updates */
    double p_done;   /* P(done by due), NaN when not computed */
    ntm_pdone_method method;
} ntm_task_view;

/* Groups UPDATES (n, ordered by unit, criterion, indicator, task, updated as the store returns
 * them) into tasks and judges each at O. *views is a new array of *n_views (free()); tasks
 * with no update by the cut-off are left out. *sigma2 (may be NULL) gets the pooled variance
 * per day (NaN when no task has a residual degree of freedom). */
ntm_status ntm_followup_tasks(const ntm_task *updates, size_t n, const ntm_followup_opts *o,
                              ntm_task_view **views, size_t *n_views, double *sigma2,
                              ntm_error *err);

/* 1 when the task's latest update says it is done. */
int ntm_followup_is_done(const ntm_task *t);

/* The straight-line progress (percent, in [0, 100]) at NOW for a task from START to DUE
 * (minutes); NaN when DUE <= START. */
double ntm_followup_expected(long start, long due, long now);

/* P(progress >= 100 at the due moment) under the drift model above: last progress P_LAST,
 * drift MU per day, SIGMA2 per day, T days to the due moment, SPAN days between the first and
 * the last update. */
double ntm_followup_p_done(double p_last, double mu, double sigma2, double t, double span);

#endif
