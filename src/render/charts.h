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
    const char *title;    /* e.g. "Tỷ lệ nghèo đa chiều — xã Cẩm Thành" */
    const char *subtitle; /* may be NULL; P(met) is appended to it */
    const char *source;   /* bottom line: data, scenario, seed; may be NULL */
    const char *y_label;  /* may be NULL */
    const double *hist_t, *hist_y; /* observed points (decimal years) */
    size_t n_hist;
    const double *t; /* projection times, strictly increasing */
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
                                            const char *source, ntm_lang lang,
                                            const char *out_path, ntm_error *err);

/* ---- scorecard: the criteria of one commune --------------------------------------- */

typedef enum ntm_crit_state {
    NTM_CRIT_MET = 0,  /* đạt */
    NTM_CRIT_AT_RISK,  /* đạt nhưng có nguy cơ (may slip) */
    NTM_CRIT_UNMET,    /* chưa đạt */
    NTM_CRIT_UNKNOWN   /* chưa rõ */
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

#endif
