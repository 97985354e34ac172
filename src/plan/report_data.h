/* report_data.h: what `ntmplan report` gathers once and its parts (charts, page, workbook,
 * summary) read: every scenario evaluated and simulated, the year asked, the run time, and
 * the look-ups and wordings `check` uses too, shared here so the page,
 * the workbook and the summary say the same thing. CLI glue: reads the store through
 * plan/evaluate.h; the numbers come from the engine's run records. */
#ifndef NTM_REPORT_DATA_H
#define NTM_REPORT_DATA_H

#include <stddef.h>

#include "cli.h"
#include "plan/evaluate.h"
#include "plan/gaps.h"
#include "plan/results.h"
#include "model/run.h"

/* The at-risk and hold-back rules are plan/results.h's, as in `check`. */
#define NTM_REPORT_AT_RISK_BELOW NTM_AT_RISK_BELOW
#define NTM_REPORT_HOLD_BACK_MAX NTM_HOLD_BACK_MAX

/* The confidence gap costs are given at (DESIGN.md, "Gap cost": default 0,8). */
#define NTM_REPORT_GAP_CONF 0.8

/* Units whose scorecard and trajectories are drawn (the rest are in the tables). */
#define NTM_REPORT_MAX_UNIT_CHARTS 8

/* One scenario: evaluated, simulated, and its run record. */
typedef struct ntm_report_scn {
    ntm_eval ev;
    ntm_sim *sim;
    ntm_run run;
    int has_year; /* the asked year is within this scenario's years */
    size_t yi;    /* its index */
} ntm_report_scn;

/* A chart written beside the page: NAME.svg and NAME.png in charts/, or why not. */
typedef struct ntm_report_chart {
    int ok;
    char name[64];
    char why[300];
} ntm_report_chart;

typedef struct ntm_report {
    ntm_cli *cli;
    const char *out_dir;
    int year;
    char created[40];    /* the run's time, ISO 8601 UTC */
    ntm_report_scn *scn; /* scn[0] is the main scenario */
    size_t n_scn;
    /* charts */
    ntm_report_chart scorecard[NTM_REPORT_MAX_UNIT_CHARTS], traj[NTM_REPORT_MAX_UNIT_CHARTS];
    ntm_report_chart roadmap, compare, gaps_chart, heatmap;
    const char *plot_out; /* `plot`: write the one chart asked for to this path instead */
    /* the main scenario's gap costs (plan/gaps.h), or why there are none */
    ntm_gaps gaps;
    int have_gaps;
    char gaps_why[1024];
} ntm_report;

/* Reads, evaluates and simulates every scenario in PATHS (N of them) with THREADS and
 * DRAWS (0: the scenario's), stamps them with the run time and sets the year (YEAR, or the
 * main scenario's deadline). R starts zeroed (the caller may set out_dir first).
 * Diagnostics go to stderr. Release with ntm_report_data_release whatever it returns. */
ntm_status ntm_report_data_load(ntm_report *r, ntm_cli *cli, ntm_store *st, char **paths, size_t n,
                                int threads, long draws, long year, ntm_error *err);
void ntm_report_data_release(ntm_report *r);

/* ---- look-ups ---------------------------------------------------------------------- */

/* The run item of (LEVEL, UNIT, CODE) in S (CODE NULL for a unit), or NULL. */
const ntm_run_item *ntm_report_item(const ntm_report_scn *s, ntm_run_level level, const char *unit,
                                    const char *code);

/* Quantile Q of the first year met: a year, 0 for "not by the horizon". */
int ntm_report_first_year_q(const ntm_run_item *it, int start, double q);

/* P(met at the end of the asked year) of IT in S, NaN when the year is outside S. */
double ntm_report_p_year(const ntm_report_scn *s, const ntm_run_item *it);

/* Money S puts into UNIT's indicator CODE over all years; *n_iv interventions act on
 * it, *effort is 1 when one of them is effort (work, not money). */
double ntm_report_money_for(const ntm_eval *ev, const char *unit, const char *code, int *n_iv,
                            int *effort);

/* All the money of the scenario's interventions. */
double ntm_report_money_total(const ntm_eval *ev);

/* The scenario's assumption used for indicator result IR, or NULL. */
const ntm_assumption *ntm_report_assumption(const ntm_eval *ev, const ntm_indicator_result *ir);

/* The simulator's indicator of indicator result IR (its threshold after assumptions). */
const ntm_sim_indicator *ntm_report_sim_ind(const ntm_eval *ev, const ntm_indicator_result *ir,
                                            size_t *index);

/* ---- wordings (into B of N bytes; return B or a constant) --------------------------- */

const char *ntm_report_name(const ntm_cli *cli, const char *vi, const char *en);
const char *ntm_report_pct(const ntm_cli *cli, double p, char *b, size_t n); /* p in [0,1] */
/* "2025 (2024–2026)", "sau 2026", "đang đạt". */
const char *ntm_report_expected_year(const ntm_cli *cli, const ntm_run *run, const ntm_run_item *it,
                                     char *b, size_t n);
/* A value in its indicator's unit: "12,21%", "1.784". */
const char *ntm_report_value(const ntm_cli *cli, const ntm_indicator *ind, double v, char *b,
                             size_t n);
/* The threshold in force for IR in EV: confirmed wording, else the scenario's assumed one
 * with "(giả định)", else "chưa xác nhận". */
const char *ntm_report_threshold(const ntm_cli *cli, const ntm_eval *ev,
                                 const ntm_indicator_result *ir, char *b, size_t n);
const char *ntm_report_state(const ntm_cli *cli, ntm_state s);
/* "2023-11-14T22:13:20Z" -> "14/11/2023 22:13 UTC". */
const char *ntm_report_time(const ntm_cli *cli, const char *iso, char *b, size_t n);
/* "2023-07-31" -> "31/07/2023". */
const char *ntm_report_date(const char *iso, char *b, size_t n);

/* The "Việc cần làm" status of a task acting on indicator IND (MET now, STATE from the
 * scorecard) with run item IT (may be NULL) and due date DUE: "đã đạt", "chưa rõ: chưa có
 * số liệu", or "chưa đạt, xác suất đạt đến 2024: 97%" with P read at the due date's year
 * (plan/results.h); *P gets that P (NaN when none). The one wording of check, the page
 * and the workbook. */
const char *ntm_report_task_status(const ntm_cli *cli, const ntm_run *run, int met, ntm_state state,
                                   const ntm_run_item *it, const char *due, double *p, char *b,
                                   size_t n);

/* The unmet criteria of EU with the lowest P(met by the year), at most
 * NTM_REPORT_HOLD_BACK_MAX, lowest first, into OUT/P; returns how many. */
size_t ntm_report_hold_back(const ntm_report_scn *s, const ntm_eval_unit *eu,
                            const ntm_criterion_result **out, double *p);

/* ---- the parts ----------------------------------------------------------------------- */

/* Draws the charts into OUT_DIR/charts (SVG and PNG); a chart that cannot be drawn is
 * recorded with its reason, not an error. Returns NTM_OK or NTM_EIO (no folder). */
ntm_status ntm_report_charts(ntm_report *r, ntm_error *err);

/* `ntmplan plot KIND`: draws the one chart KIND ("roadmap", "gaps", "compare",
 * "heatmap") of R to OUT (its format from the extension). NTM_EINPUT with the reason
 * when that chart cannot be drawn from R. */
ntm_status ntm_report_chart_one(ntm_report *r, const char *kind, const char *out, ntm_error *err);

/* Writes OUT_DIR/index.html. */
ntm_status ntm_report_page(const ntm_report *r, ntm_error *err);

/* Writes OUT_DIR/tables.xlsx. */
ntm_status ntm_report_workbook(const ntm_report *r, ntm_error *err);

/* Writes OUT_DIR/summary.txt. */
ntm_status ntm_report_summary(const ntm_report *r, ntm_error *err);

#endif
