/* chart.h: chart primitives on a canvas: palette, strokes and fills, labels, nice ticks,
 * plot areas with axes, the title/subtitle/source frame and legends.
 *
 * All coordinates are page units (y up). Colours come from the Okabe-Ito palette
 * (Okabe & Ito 2008, "Color Universal Design"), which colour-blind readers can tell
 * apart; every series also gets a second cue (dash pattern, marker or symbol) so the
 * chart survives grey printing. Functions return NTM_OK or NTM_ERENDER with the
 * failing libplot call named. No function prints. */
#ifndef NTM_CHART_H
#define NTM_CHART_H

#include <stddef.h>

#include "core/error.h"
#include "core/numfmt.h"
#include "render/canvas.h"
#include "render/text.h"

typedef struct ntm_rgb {
    unsigned char r, g, b;
} ntm_rgb;

/* Okabe-Ito colours plus the greys the charts use. */
extern const ntm_rgb NTM_RGB_BLACK, NTM_RGB_ORANGE, NTM_RGB_SKY, NTM_RGB_GREEN, NTM_RGB_YELLOW,
    NTM_RGB_BLUE, NTM_RGB_VERMILLION, NTM_RGB_PURPLE, NTM_RGB_WHITE, NTM_RGB_TEXT, NTM_RGB_MUTED,
    NTM_RGB_GRID, NTM_RGB_AXIS;

/* Series colour I (cycles through the 7 non-black Okabe-Ito colours, yellow last since
 * it is weakest on white). */
ntm_rgb ntm_chart_palette(size_t i);

/* C mixed with white: T = 0 gives C, T = 1 gives white (light band fills). */
ntm_rgb ntm_chart_tint(ntm_rgb c, double t);

typedef enum ntm_dash {
    NTM_DASH_SOLID = 0,
    NTM_DASH_DASHED,
    NTM_DASH_DOTTED,
    NTM_DASH_DASHDOT,
    NTM_DASH_LONG
} ntm_dash;

/* Typographic sizes (page units) for a 1600-unit-wide page read on a slide. */
#define NTM_CHART_MARGIN 40.0
#define NTM_CHART_TITLE_SIZE 40.0
#define NTM_CHART_SUBTITLE_SIZE 25.0
#define NTM_CHART_LABEL_SIZE 22.0
#define NTM_CHART_TICK_SIZE 21.0
#define NTM_CHART_SOURCE_SIZE 17.0
#define NTM_CHART_LINE_GAP 1.25 /* line height as a multiple of the em size */

/* ---- primitives -------------------------------------------------------------------- */

ntm_status ntm_chart_line(ntm_canvas *cv, double x0, double y0, double x1, double y1, ntm_rgb c,
                          double width, ntm_dash dash, ntm_error *err);
/* An open polyline through N points (N >= 2; fewer draws nothing). */
ntm_status ntm_chart_polyline(ntm_canvas *cv, const double *x, const double *y, size_t n, ntm_rgb c,
                              double width, ntm_dash dash, ntm_error *err);
/* A filled closed polygon with no outline. */
ntm_status ntm_chart_polygon(ntm_canvas *cv, const double *x, const double *y, size_t n,
                             ntm_rgb fill, ntm_error *err);
/* A rectangle filled with FILL (if HAS_FILL) and outlined with STROKE of WIDTH (if > 0). */
ntm_status ntm_chart_rect(ntm_canvas *cv, double x0, double y0, double x1, double y1, int has_fill,
                          ntm_rgb fill, ntm_rgb stroke, double width, ntm_error *err);
/* Diagonal hatching of a rectangle (a grey-print cue for a filled area). */
ntm_status ntm_chart_hatch(ntm_canvas *cv, double x0, double y0, double x1, double y1,
                           double spacing, ntm_rgb c, double width, ntm_error *err);

typedef enum ntm_marker { NTM_MARK_CIRCLE = 0, NTM_MARK_SQUARE, NTM_MARK_DIAMOND } ntm_marker;
/* A filled marker of radius R with a white rim (readable over bands). */
ntm_status ntm_chart_marker(ntm_canvas *cv, double x, double y, double r, ntm_marker m, ntm_rgb c,
                            ntm_error *err);

/* One line of text (see ntm_text_draw) in colour C with FACE. */
ntm_status ntm_chart_text(ntm_canvas *cv, ntm_face face, const char *utf8, double x, double y,
                          double size, double angle_deg, ntm_align align, ntm_rgb c,
                          ntm_error *err);

/* Lines separated by '\n', the first line's top (ascender) at TOP, each line
 * NTM_CHART_LINE_GAP * SIZE below the previous. Sets *bottom (may be NULL) to the
 * lowest descender. */
ntm_status ntm_chart_text_lines(ntm_canvas *cv, ntm_face face, const char *lines, double x,
                                double top, double size, ntm_align align, ntm_rgb c, double *bottom,
                                ntm_error *err);

/* Width of UTF8 at SIZE with FACE (0 on error, with *err set). */
double ntm_chart_text_width(ntm_canvas *cv, ntm_face face, const char *utf8, double size,
                            ntm_error *err);

/* Fits UTF8 into a box MAX_WIDTH wide and at most MAX_LINES lines: tries SIZE, then
 * shrinks in 5% steps down to MIN_SIZE; wraps at spaces; past MIN_SIZE the last line
 * ends in "…". Writes the lines ('\n'-separated) to OUT and the chosen size to *size_out
 * and line count to *n_lines. */
ntm_status ntm_chart_fit_text(ntm_canvas *cv, ntm_face face, const char *utf8, double size,
                              double min_size, double max_width, size_t max_lines, char *out,
                              size_t out_size, double *size_out, size_t *n_lines, ntm_error *err);

/* Cuts S back to whole UTF-8 characters after snprintf may have cut one in two. */
void ntm_chart_utf8_trim(char *s);

/* ---- ticks ------------------------------------------------------------------------- */

#define NTM_TICKS_MAX 64

typedef struct ntm_ticks {
    double lo, hi; /* the axis range: the outermost ticks */
    double step;
    size_t n;     /* ticks lo, lo + step, ..., hi */
    int decimals; /* digits a label needs to show the step exactly */
} ntm_ticks;

/* Heckbert's "nice numbers" loose labelling (Graphics Gems, 1990): a step of 1, 2 or 5
 * times a power of ten giving about TARGET ticks (TARGET >= 2) covering [LO, HI]; the
 * step is at least MIN_STEP when that is > 0 (years: 1). A zero-width range is widened.
 * Returns NTM_OK or NTM_EINPUT for non-finite or reversed input. */
ntm_status ntm_chart_nice_ticks(double lo, double hi, size_t target, double min_step,
                                ntm_ticks *out, ntm_error *err);

/* Tick value I (lo + i * step, with the rounding noise of the product removed). */
double ntm_ticks_value(const ntm_ticks *t, size_t i);

/* ---- plot area and axes -------------------------------------------------------------- */

typedef enum ntm_axis_fmt {
    NTM_AXIS_NUMBER = 0, /* 1.784; 12,5 */
    NTM_AXIS_PERCENT,    /* 12,5% (values already in percent) */
    NTM_AXIS_YEAR,       /* 2025: no grouping */
    NTM_AXIS_YEAR_SPAN   /* x axis of decimal time: ticks at 1 January, each year's label
                            centred over its year (a year-end value sits at its right end) */
} ntm_axis_fmt;

/* A rectangle on the page (x0 < x1, y0 < y1) showing data [xmin, xmax] x [ymin, ymax]. */
typedef struct ntm_plotarea {
    double x0, y0, x1, y1;
    double xmin, xmax, ymin, ymax;
} ntm_plotarea;

double ntm_plotarea_x(const ntm_plotarea *pa, double v);
double ntm_plotarea_y(const ntm_plotarea *pa, double v);

/* A tick label: V written the axis's way with DECIMALS digits, in LANG. */
char *ntm_chart_fmt_tick(char *buf, size_t size, double v, int decimals, ntm_axis_fmt fmt,
                         ntm_lang lang);

/* Draws horizontal grid lines at the y ticks, the x axis line with ticks and labels
 * below, and y tick labels at the left of the plot area. */
ntm_status ntm_chart_axes(ntm_canvas *cv, const ntm_plotarea *pa, const ntm_ticks *xt,
                          ntm_axis_fmt xfmt, const ntm_ticks *yt, ntm_axis_fmt yfmt,
                          double tick_size, ntm_lang lang, ntm_error *err);

/* The widest y tick label of YT at SIZE (to size the left margin). */
double ntm_chart_ytick_width(ntm_canvas *cv, const ntm_ticks *yt, ntm_axis_fmt yfmt, double size,
                             ntm_lang lang, ntm_error *err);

/* ---- page frame ------------------------------------------------------------------------ */

/* Draws TITLE (bold, up to 2 lines), SUBTITLE (up to 2 lines) at the top and SOURCE
 * (up to 2 lines, muted) at the bottom of the page, all wrapped to the page width; any
 * may be NULL. Sets *top and *bottom to the free band left between them. */
ntm_status ntm_chart_frame(ntm_canvas *cv, const char *title, const char *subtitle,
                           const char *source, double *top, double *bottom, ntm_error *err);

/* ---- legend ---------------------------------------------------------------------------- */

typedef enum ntm_swatch {
    NTM_SWATCH_LINE = 0, /* a stroke with a dash pattern */
    NTM_SWATCH_BAND,     /* a filled box */
    NTM_SWATCH_MARKER,   /* a marker */
    NTM_SWATCH_SYMBOL    /* a coloured tile with a white symbol glyph */
} ntm_swatch;

typedef struct ntm_legend_item {
    const char *label;
    ntm_swatch swatch;
    ntm_rgb color;
    ntm_dash dash;
    double width;       /* stroke width for LINE */
    ntm_marker marker;  /* for MARKER */
    const char *symbol; /* for SYMBOL (UTF-8, e.g. "✓") */
} ntm_legend_item;

/* Lays out N items left to right from (X, TOP), wrapping at X + MAX_WIDTH. With DRAW
 * zero it only measures. Sets *height to the height used. */
ntm_status ntm_chart_legend(ntm_canvas *cv, const ntm_legend_item *items, size_t n, double x,
                            double top, double max_width, double size, int draw, double *height,
                            ntm_error *err);

/* Draws a status tile: a square of side S at (X, Y) (bottom left) in C with SYMBOL
 * centred in white. */
ntm_status ntm_chart_symbol_tile(ntm_canvas *cv, double x, double y, double s, ntm_rgb c,
                                 const char *symbol, ntm_error *err);

/* ---- shared by the chart kinds (added with roadmap, compare, gaps, heatmap) ---------- */

/* An amount in đồng, short enough for a bar label: "3,5 tỷ", "500 triệu", "0"
 * (English "3.5 bn", "500 m"). Same units and rounding as ntm_fmt_money without the
 * currency word (the axis or legend says "đồng"). Non-finite gives NTM_FMT_NONE.
 * Returns BUF. */
char *ntm_chart_fmt_money_short(char *buf, size_t size, double dong, ntm_lang lang);

/* The sequential scale for probabilities: viridis (van der Walt & Smith 2015,
 * matplotlib's default), which keeps its order in grey and for colour-blind readers.
 * T in [0, 1] (clamped); 0 is dark purple, 1 bright yellow. */
ntm_rgb ntm_chart_viridis(double t);

/* Relative luminance of C in [0, 1] (WCAG 2.x, sRGB), to pick white or dark text. */
double ntm_chart_luminance(ntm_rgb c);

/* NL lines ('\n'-separated) centred vertically on MID: the band from the baseline
 * to the x-height is centred, so digits and lower case sit in the middle of a row. */
ntm_status ntm_chart_text_block(ntm_canvas *cv, ntm_face face, const char *lines, size_t nl,
                                double x, double mid, double size, ntm_align align, ntm_rgb col,
                                ntm_error *err);

/* Fits TEXT (regular face) into a table cell WIDTH wide in a row RH high: one line at
 * BIG (at most RH / 2); else two lines if that keeps 85% of BIG; else one line at 85%;
 * else two smaller lines, the last ending in "…" if it must. Writes the lines to OUT
 * and the size and line count to *size and *nl. */
ntm_status ntm_chart_fit_cell(ntm_canvas *cv, const char *text, double big, double rh, double width,
                              char *out, size_t out_size, double *size, size_t *nl, ntm_error *err);

/* ntm_chart_frame, then the N legend ITEMS (may be 0) in one block above the source
 * line. Sets *top and *bottom to the free band left for the body. */
ntm_status ntm_chart_page(ntm_canvas *cv, const char *title, const char *subtitle,
                          const char *source, const ntm_legend_item *items, size_t n, double *top,
                          double *bottom, ntm_error *err);

#endif
