/* charts.h: the chart kinds, each built from a plain struct (never from SQL) and
 * written to a file whose extension picks the format (.svg, .png, .pdf; canvas.h).
 *
 * Every renderer checks its input first and refuses non-finite numbers, unordered
 * quantiles or times with NTM_EINPUT naming the field and index, so no NaN reaches a
 * chart unannounced. Texts are Vietnamese or English by the struct's `lang`; numbers
 * are written by core/numfmt.h. User text (names, titles) is drawn as glyph outlines,
 * never embedded in the SVG as text. Nothing here prints. */
#ifndef NTM_CHARTS_H
#define NTM_CHARTS_H

#include <stddef.h>

#include "core/error.h"
#include "core/numfmt.h"
#include "render/chart.h"

/* ---- trajectory: history, projection fan, threshold, target year, deadline ---------- */

typedef struct ntm_chart_traj {
    const char *title;             /* e.g. "Tỷ lệ nghèo đa chiều — xã Cẩm Thành" */
    const char *subtitle;          /* may be NULL; P(met) is appended to it */
    const char *source;            /* bottom line: data, scenario, seed; may be NULL */
    const char *y_label;           /* may be NULL */
    const double *hist_t, *hist_y; /* observed points (decimal years) */
    size_t n_hist;
    const double *t;                             /* projection times, strictly increasing */
    const double *q025, *q10, *q50, *q90, *q975; /* predictive quantiles at t; q50 is
                                                   required when n > 0; each band's pair
                                                   (q025/q975, q10/q90) may be NULL */
    size_t n;
    double threshold;       /* NaN: no threshold */
    int threshold_is_upper; /* 1: met when value <= threshold (poverty); 0: when >= */
    double target_year;     /* NaN or 0: no marker */
    double deadline;        /* recognition deadline; NaN or 0: no marker */
    double p_target;        /* P(met by target_year) in [0, 1]; NaN: not shown */
    double p_deadline;      /* P(met by deadline) in [0, 1]; NaN: not shown */
    ntm_axis_fmt y_format;  /* NTM_AXIS_PERCENT for rates (values in percent) */
    ntm_lang lang;
} ntm_chart_traj;

/* Draws one trajectory on a 1600 x 900 page and writes it to OUT_PATH.
 * Returns NTM_OK, NTM_EINPUT (bad numbers, named), NTM_EUSAGE (unknown extension),
 * NTM_EIO or NTM_ERENDER. */
ntm_status ntm_chart_trajectory_render(const ntm_chart_traj *c, const char *out_path,
                                       ntm_error *err);

/* Small multiples: N trajectories (N >= 1, at most NTM_CHART_GRID_MAX) as panels of
 * one page, each panel titled by its chart's title, with one legend for the page.
 * TITLE, SUBTITLE and SOURCE are the page's (SOURCE may be NULL). */
#define NTM_CHART_GRID_MAX 16
ntm_status ntm_chart_trajectory_grid_render(const ntm_chart_traj *charts, size_t n,
                                            const char *title, const char *subtitle,
                                            const char *source, ntm_lang lang, const char *out_path,
                                            ntm_error *err);

/* ---- scorecard: the criteria of one commune --------------------------------------- */

typedef enum ntm_crit_state {
    NTM_CRIT_MET = 0, /* đạt */
    NTM_CRIT_AT_RISK, /* đạt nhưng có nguy cơ (may slip) */
    NTM_CRIT_UNMET,   /* chưa đạt */
    NTM_CRIT_UNKNOWN  /* chưa rõ */
} ntm_crit_state;

typedef struct ntm_scorecard_item {
    const char *number; /* criterion number, "1" ... "19" */
    const char *name;   /* short Vietnamese name, e.g. "Quy hoạch" */
    ntm_crit_state state;
    const char *detail; /* one short line, e.g. "12,21% > 6,5%"; may be NULL */
} ntm_scorecard_item;

typedef struct ntm_chart_scorecard {
    const char *title;
    const char *subtitle; /* may be NULL; the counts per state are appended */
    const char *source;   /* may be NULL */
    const ntm_scorecard_item *items;
    size_t n; /* 1 ... NTM_SCORECARD_MAX */
    ntm_lang lang;
} ntm_chart_scorecard;

#define NTM_SCORECARD_MAX 60

/* Draws the criteria as a grid of tiles (colour + symbol + word for the state, number
 * and name) with a legend, and writes it to OUT_PATH. Returns as the trajectory. */
ntm_status ntm_chart_scorecard_render(const ntm_chart_scorecard *c, const char *out_path,
                                      ntm_error *err);

/* The word for a state in LANG ("Đạt", "Có nguy cơ", "Chưa đạt", "Chưa rõ"). */
const char *ntm_crit_state_name(ntm_crit_state s, ntm_lang lang);

/* ---- roadmap (lộ trình): a Gantt of criteria x years -------------------------------- *
 * Years are columns; "by year Y" means by the end of Y, so an expected year Y sits in
 * the middle of Y's column and the target year and the deadline are drawn at the end of
 * their year's column. A year value 0 in the met_q* fields means "not by the horizon":
 * it counts as later than any year and is drawn as an arrow past the last column (NaN
 * there is refused). The columns cover first_year..last_year, widened to take in every target
 * year, expected year and the deadline (at most NTM_ROADMAP_MAX_YEARS columns). */

typedef struct ntm_roadmap_row {
    const char *code;   /* criterion or indicator code, "11" or "17.1"; may be NULL */
    const char *name;   /* short name, "Nghèo đa chiều" */
    const char *owner;  /* who is responsible, "Công chức LĐ-TB&XH"; may be NULL */
    double target_year; /* 0 or NaN: none */
    double met_q10, met_q50, met_q90; /* expected year met: 10%, 50%, 90% quantiles;
                                         0 = not by the horizon (q10 <= q50 <= q90) */
    const double *money; /* money funded per year, đồng, >= 0, last_year - first_year + 1
                            values from first_year; NULL = none */
} ntm_roadmap_row;

typedef struct ntm_chart_roadmap {
    const char *title;
    const char *subtitle; /* may be NULL; the total money is appended */
    const char *source;   /* may be NULL */
    const ntm_roadmap_row *rows;
    size_t n;                  /* 1 ... NTM_ROADMAP_MAX */
    int first_year, last_year; /* the money's years, first <= last */
    double deadline;           /* recognition deadline year; 0 or NaN: none */
    ntm_lang lang;
} ntm_chart_roadmap;

#define NTM_ROADMAP_MAX 60
#define NTM_ROADMAP_MAX_YEARS 30

/* Draws the roadmap (one row per criterion: name, funded bars labelled "3,5 tỷ", the
 * expected year met with its 80% range, the target year, the deadline line, the row's
 * total and owner) and writes it to OUT_PATH. Returns NTM_OK, NTM_EINPUT (bad input,
 * naming the field and row), NTM_EUSAGE (unknown extension), NTM_EIO or NTM_ERENDER. */
ntm_status ntm_chart_roadmap_render(const ntm_chart_roadmap *c, const char *out_path,
                                    ntm_error *err);

/* ---- compare: scenarios side by side --------------------------------------------------- */

typedef enum ntm_compare_mode {
    NTM_COMPARE_P_STANDARD = 0, /* P(the whole standard is met) by year, values in [0, 1] */
    NTM_COMPARE_CRITERIA_MET    /* expected number of criteria met by year */
} ntm_compare_mode;

typedef struct ntm_compare_series {
    const char *name;      /* the scenario, "Cơ sở", "Tăng vốn tỉnh 20%" */
    const double *value;   /* n_years values (P in [0, 1], or a count) */
    const double *lo, *hi; /* Monte Carlo error interval around value, both or neither
                              (e.g. value -/+ 2 standard errors); lo <= value <= hi */
} ntm_compare_series;

typedef struct ntm_chart_compare {
    const char *title;
    const char *subtitle; /* may be NULL */
    const char *source;   /* may be NULL */
    ntm_compare_mode mode;
    const double *years; /* n_years strictly increasing years */
    size_t n_years;      /* >= 1 */
    const ntm_compare_series *series;
    size_t n;          /* 1 ... NTM_COMPARE_MAX scenarios */
    double n_criteria; /* CRITERIA_MET: criteria in the set (the axis top, a line); 0 = none */
    double deadline;   /* recognition deadline year; 0 or NaN: none */
    ntm_lang lang;
} ntm_chart_compare;

#define NTM_COMPARE_MAX 7

/* Draws one line per scenario with its error whiskers (colour, dash and marker tell
 * the scenarios apart), the last year's values labelled at the right, and writes it to
 * OUT_PATH. Returns as the roadmap. */
ntm_status ntm_chart_compare_render(const ntm_chart_compare *c, const char *out_path,
                                    ntm_error *err);

/* ---- gaps: what closing each gap costs --------------------------------------------------- */

typedef enum ntm_gap_kind {
    NTM_GAP_COST = 0, /* money closes it: a bar */
    NTM_GAP_UNREACHABLE, /* no money closes it before the deadline: "không đạt được trước hạn" */
    NTM_GAP_EFFORT /* closed by work, not money: "không do kinh phí" */
} ntm_gap_kind;

typedef struct ntm_gap_row {
    const char *code; /* may be NULL */
    const char *name;
    ntm_gap_kind kind;
    const double *by_key; /* COST: n_keys amounts (đồng, >= 0) at the chosen confidence,
                             stacked in key order; ignored for the other kinds */
    double mc_err;        /* COST: half-width of the Monte Carlo error bar on the total
                             (đồng, >= 0, e.g. 2 standard errors); 0 = none */
} ntm_gap_row;

typedef struct ntm_chart_gaps {
    const char *title;
    const char *subtitle;    /* may be NULL; the confidence and total are appended */
    const char *source;      /* may be NULL */
    const char *const *keys; /* n_keys funding key names for the legend */
    size_t n_keys;           /* 1 ... NTM_GAPS_MAX_KEYS */
    const ntm_gap_row *rows;
    size_t n;          /* 1 ... NTM_GAPS_MAX */
    double confidence; /* the confidence the costs are for, in (0, 1); NaN: not shown */
    ntm_lang lang;
} ntm_chart_gaps;

#define NTM_GAPS_MAX 60
#define NTM_GAPS_MAX_KEYS 6

/* Draws the gaps as horizontal bars, largest cost first, stacked by funding key, with
 * the Monte Carlo error bar and the total written at the end; unreachable gaps and
 * effort gaps follow as labelled rows with no bar. Writes to OUT_PATH; returns as the
 * roadmap. */
ntm_status ntm_chart_gaps_render(const ntm_chart_gaps *c, const char *out_path, ntm_error *err);

/* ---- heatmap: units x criteria by P(met by the deadline) ------------------------------- */

typedef struct ntm_chart_heatmap {
    const char *title;
    const char *subtitle;        /* may be NULL */
    const char *source;          /* may be NULL */
    const char *const *units;    /* n_units row labels, drawn in the order given */
    size_t n_units;              /* 1 ... NTM_HEATMAP_MAX_UNITS */
    const char *const *criteria; /* n_criteria column labels ("11. Nghèo đa chiều") */
    size_t n_criteria;           /* 1 ... NTM_HEATMAP_MAX_CRITERIA */
    const double *p; /* n_units x n_criteria, row-major: p[u * n_criteria + k] in [0, 1];
                        NaN = not assessed, drawn hatched grey as "chưa rõ" */
    ntm_lang lang;
} ntm_chart_heatmap;

#define NTM_HEATMAP_MAX_UNITS 60
#define NTM_HEATMAP_MAX_CRITERIA 30

/* Draws the cells on the viridis scale with the percentage written in each cell that
 * can hold it ("<1" and ">99" near the ends), a colour bar 0-100%, and writes it to
 * OUT_PATH. Returns as the roadmap. */
ntm_status ntm_chart_heatmap_render(const ntm_chart_heatmap *c, const char *out_path,
                                    ntm_error *err);

#endif
