/* chart_trajectory.c: the trajectory fan chart and its small multiples (see charts.h).
 *
 * Layout, top to bottom: title, subtitle (+ P(met)), a strip for the marker labels,
 * the plot (95% band, 80% band, threshold, markers, median, history), x tick labels,
 * the legend, the source line. Every label is measured before it is placed, so labels
 * never overlap and never leave the page. */
#include "render/charts.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct box {
    double x0, y0, x1, y1;
} box;

/* Sizes for one panel (page units). */
typedef struct style {
    double title, label, tick, line, marker;
    int compact;
} style;

static const style FULL = {0, NTM_CHART_LABEL_SIZE, NTM_CHART_TICK_SIZE, 4.0, 7.0, 0};

/* Colours and second cues of the series. */
#define C_BAND NTM_RGB_BLUE
#define BAND95_TINT 0.82
#define BAND80_TINT 0.58
#define C_HIST NTM_RGB_BLACK
#define C_THRESHOLD NTM_RGB_VERMILLION
#define C_MARKER NTM_RGB_AXIS
/* Half width of the interval bar drawn for a single projection time, in ems. */
#define SINGLE_BAND_EMS 0.9
/* Padding around the data: x as a share of the tick span, y of the value range. */
#define XPAD_SHARE 0.05
#define YPAD_SHARE 0.06

static int has_year(double y)
{
    return isfinite(y) && y != 0;
}

static ntm_status check_array(const ntm_chart_traj *c, const char *name, const double *a, size_t n,
                              ntm_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(a[i]))
            return ntm_error_set(err, NTM_EINPUT, "trajectory '%s': %s[%zu] is not a finite number",
                                 c->title ? c->title : "", name, i);
    return NTM_OK;
}

/* Refuses anything that would draw a wrong or non-finite picture. */
static ntm_status traj_check(const ntm_chart_traj *c, ntm_error *err)
{
    const char *ti = c->title ? c->title : "";
    if (c->n_hist > 0 && (!c->hist_t || !c->hist_y))
        return ntm_error_set(err, NTM_EINPUT, "trajectory '%s': history arrays missing", ti);
    if (c->n > 0 && (!c->t || !c->q50))
        return ntm_error_set(err, NTM_EINPUT, "trajectory '%s': projection needs t and q50", ti);
    if ((c->q025 == NULL) != (c->q975 == NULL) || (c->q10 == NULL) != (c->q90 == NULL))
        return ntm_error_set(
            err, NTM_EINPUT,
            "trajectory '%s': a band needs both its quantiles (q025/q975, q10/q90)", ti);
    ntm_status rc = NTM_OK;
    if (c->n_hist > 0) {
        rc = check_array(c, "hist_t", c->hist_t, c->n_hist, err);
        if (rc == NTM_OK)
            rc = check_array(c, "hist_y", c->hist_y, c->n_hist, err);
    }
    const char *names[5] = {"q025", "q10", "q50", "q90", "q975"};
    const double *q[5] = {c->q025, c->q10, c->q50, c->q90, c->q975};
    if (c->n > 0) {
        if (rc == NTM_OK)
            rc = check_array(c, "t", c->t, c->n, err);
        for (int k = 0; k < 5 && rc == NTM_OK; k++)
            if (q[k])
                rc = check_array(c, names[k], q[k], c->n, err);
    }
    if (rc != NTM_OK)
        return rc;
    for (size_t i = 1; i < c->n; i++)
        if (!(c->t[i] > c->t[i - 1]))
            return ntm_error_set(err, NTM_EINPUT,
                                 "trajectory '%s': t[%zu] = %g does not follow t[%zu] = %g", ti, i,
                                 c->t[i], i - 1, c->t[i - 1]);
    for (size_t i = 0; i < c->n; i++) {
        double prev = -INFINITY;
        const char *prev_name = "";
        for (int k = 0; k < 5; k++) {
            if (!q[k])
                continue;
            if (q[k][i] < prev)
                return ntm_error_set(err, NTM_EINPUT,
                                     "trajectory '%s': %s[%zu] = %g is below %s[%zu] = %g", ti,
                                     names[k], i, q[k][i], prev_name, i, prev);
            prev = q[k][i];
            prev_name = names[k];
        }
    }
    if (isinf(c->threshold))
        return ntm_error_set(err, NTM_EINPUT, "trajectory '%s': threshold is infinite", ti);
    if (isinf(c->target_year) || isinf(c->deadline))
        return ntm_error_set(err, NTM_EINPUT, "trajectory '%s': a marker year is infinite", ti);
    double p[2] = {c->p_target, c->p_deadline};
    for (int k = 0; k < 2; k++)
        if (!isnan(p[k]) && !(p[k] >= 0 && p[k] <= 1))
            return ntm_error_set(err, NTM_EINPUT, "trajectory '%s': %s = %g is not a probability",
                                 ti, k ? "p_deadline" : "p_target", p[k]);
    return NTM_OK;
}

/* "Khả năng đạt: 62% vào năm 2024 (mục tiêu); 80% trước hạn 2025" */
static void p_text(const ntm_chart_traj *c, char *buf, size_t size, int compact)
{
    char a[32], b[32];
    buf[0] = '\0';
    int ht = !isnan(c->p_target), hd = !isnan(c->p_deadline);
    if (!ht && !hd)
        return;
    ntm_fmt_percent(a, sizeof a, 100 * c->p_target, 0, c->lang);
    ntm_fmt_percent(b, sizeof b, 100 * c->p_deadline, 0, c->lang);
    double ty = floor(c->target_year), dy = floor(c->deadline);
    size_t o = 0;
    o += (size_t)snprintf(buf + o, size - o, "%s",
                          compact ? ntm_i18n(c->lang, "Chance met: ")
                                  : ntm_i18n(c->lang, "Chance of meeting the threshold: "));
    if (ht && o < size) {
        if (has_year(c->target_year))
            o += (size_t)snprintf(buf + o, size - o, ntm_i18n(c->lang, "%s by %.0f (target)"), a,
                                  ty);
        else
            o += (size_t)snprintf(buf + o, size - o, ntm_i18n(c->lang, "%s by the target year"), a);
    }
    if (hd && o < size) {
        if (ht && o < size)
            o += (size_t)snprintf(buf + o, size - o, "; ");
        if (has_year(c->deadline) && o < size)
            snprintf(buf + o, size - o, ntm_i18n(c->lang, "%s by the %.0f deadline"), b, dy);
        else if (o < size)
            snprintf(buf + o, size - o, ntm_i18n(c->lang, "%s by the deadline"), b);
    }
}

static void range_add(double *lo, double *hi, const double *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        if (v[i] < *lo)
            *lo = v[i];
        if (v[i] > *hi)
            *hi = v[i];
    }
}

/* One vertical marker: its x and label. */
typedef struct vmark {
    double x, w;
    char text[96];
    ntm_dash dash;
    int right; /* label to the left of the line (right-aligned) */
    int row;
    double lx0, lx1; /* label extent */
} vmark;

static ntm_status band(ntm_canvas *cv, const ntm_plotarea *pa, const double *t, const double *lo,
                       const double *hi, size_t n, ntm_rgb fill, double half_width, ntm_error *err)
{
    if (!lo || n == 0)
        return NTM_OK;
    if (n == 1) { /* one time: an interval bar of fixed page width */
        double x = ntm_plotarea_x(pa, t[0]);
        return ntm_chart_rect(cv, x - half_width, ntm_plotarea_y(pa, lo[0]), x + half_width,
                              ntm_plotarea_y(pa, hi[0]), 1, fill, fill, 0, err);
    }
    double *x = malloc(2 * n * sizeof *x), *y = malloc(2 * n * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory drawing a band");
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = ntm_plotarea_x(pa, t[i]);
        y[i] = ntm_plotarea_y(pa, hi[i]);
        x[2 * n - 1 - i] = x[i];
        y[2 * n - 1 - i] = ntm_plotarea_y(pa, lo[i]);
    }
    ntm_status rc = ntm_chart_polygon(cv, x, y, 2 * n, fill, err);
    free(x);
    free(y);
    return rc;
}

static ntm_status series(ntm_canvas *cv, const ntm_plotarea *pa, const double *t, const double *v,
                         size_t n, ntm_rgb c, double width, ntm_error *err)
{
    if (n < 2)
        return NTM_OK;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory drawing a line");
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = ntm_plotarea_x(pa, t[i]);
        y[i] = ntm_plotarea_y(pa, v[i]);
    }
    ntm_status rc = ntm_chart_polyline(cv, x, y, n, c, width, NTM_DASH_SOLID, err);
    free(x);
    free(y);
    return rc;
}

/* Draws chart C into box B. */
static ntm_status draw_traj(ntm_canvas *cv, const ntm_chart_traj *c, box b, const style *st,
                            ntm_error *err)
{
    ntm_status rc = NTM_OK;
    char buf[1024];
    double size;
    size_t nl;
    double top = b.y1;
    ntm_lang lang = c->lang;
    if (st->compact) {
        rc = ntm_chart_fit_text(cv, NTM_FACE_BOLD, c->title ? c->title : "", st->title,
                                st->title * 0.75, b.x1 - b.x0, 2, buf, sizeof buf, &size, &nl, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text_lines(cv, NTM_FACE_BOLD, buf, b.x0, top, size, NTM_ALIGN_LEFT,
                                      NTM_RGB_TEXT, &top, err);
        p_text(c, buf, sizeof buf, 1);
        if (rc == NTM_OK && buf[0]) {
            rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, buf, st->tick, st->tick * 0.75,
                                    b.x1 - b.x0, 1, buf + 512, sizeof buf - 512, &size, &nl, err);
            if (rc == NTM_OK)
                rc = ntm_chart_text_lines(cv, NTM_FACE_REGULAR, buf + 512, b.x0, top - 2, size,
                                          NTM_ALIGN_LEFT, NTM_RGB_MUTED, &top, err);
        }
        top -= st->tick * 0.4;
        if (rc != NTM_OK)
            return rc;
    }
    if (c->n == 0 && c->n_hist == 0) {
        return ntm_chart_text(cv, NTM_FACE_REGULAR, ntm_i18n(lang, "No data"), (b.x0 + b.x1) / 2,
                              (b.y0 + top) / 2, st->label, 0, NTM_ALIGN_CENTER, NTM_RGB_MUTED, err);
    }

    /* ---- ranges and ticks ---- */
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    range_add(&xlo, &xhi, c->hist_t, c->n_hist);
    range_add(&xlo, &xhi, c->t, c->n);
    if (has_year(c->target_year))
        range_add(&xlo, &xhi, &c->target_year, 1);
    if (has_year(c->deadline))
        range_add(&xlo, &xhi, &c->deadline, 1);
    range_add(&ylo, &yhi, c->hist_y, c->n_hist);
    const double *q[5] = {c->q025, c->q10, c->q50, c->q90, c->q975};
    for (int k = 0; k < 5; k++)
        range_add(&ylo, &yhi, q[k], c->n);
    if (isfinite(c->threshold))
        range_add(&ylo, &yhi, &c->threshold, 1);
    /* Start at zero when the data are not far from it: honest proportions. */
    if (ylo >= 0 && ylo <= 0.4 * yhi) {
        ylo = 0;
    } else {
        /* Keep points and the threshold off the axis line. */
        double pad = (yhi - ylo) * YPAD_SHARE;
        ylo -= pad > 0 ? pad : 1;
    }
    yhi += (yhi - ylo) * YPAD_SHARE;
    /* Whole calendar years: every year label sits over a complete year. */
    xlo = floor(xlo);
    xhi = ceil(xhi);
    if (xhi - xlo < 1)
        xhi = xlo + 1;
    double plot_w_guess = (b.x1 - b.x0) * 0.85, plot_h_guess = (top - b.y0) * 0.7;
    size_t xtarget = (size_t)fmax(2, fmin(12, plot_w_guess / (st->tick * 5)));
    size_t ytarget = (size_t)fmax(3, fmin(8, plot_h_guess / (st->tick * 3.2)));
    ntm_ticks xt, yt;
    rc = ntm_chart_nice_ticks(xlo, xhi, xtarget, 1, &xt, err);
    if (rc == NTM_OK)
        rc = ntm_chart_nice_ticks(ylo, yhi, ytarget, 0, &yt, err);
    if (rc != NTM_OK)
        return ntm_error_prefix(err, "trajectory '%s': ", c->title ? c->title : "");
    if (c->y_format == NTM_AXIS_PERCENT && yt.hi > 100 && yhi <= 100) {
        /* A rate axis stops at 100%. */
        yt.n -= (size_t)llround((yt.hi - 100) / yt.step);
        yt.hi = ntm_ticks_value(&yt, yt.n - 1);
    }

    /* ---- horizontal layout ---- */
    double left = b.x0;
    int has_ylabel = c->y_label && *c->y_label;
    if (has_ylabel)
        left += st->label * 1.4;
    left += ntm_chart_ytick_width(cv, &yt, c->y_format, st->tick, lang, err) + st->tick * 0.6;
    double right = b.x1 - st->tick * 0.6;
    double xpad = (xt.hi - xt.lo) * XPAD_SHARE;
    ntm_plotarea pa = {left, 0, right, 0, xt.lo - xpad, xt.hi + xpad, yt.lo, yt.hi};

    /* ---- marker labels: one row, or two when they would touch ---- */
    vmark mk[2];
    size_t nmk = 0;
    int same = has_year(c->target_year) && has_year(c->deadline) &&
               floor(c->target_year) == floor(c->deadline);
    if (same) {
        snprintf(mk[0].text, sizeof mk[0].text,
                 st->compact ? ntm_i18n(lang, "Target = deadline %.0f")
                             : ntm_i18n(lang, "Target = recognition deadline %.0f"),
                 floor(c->deadline));
        mk[0].x = c->deadline;
        mk[0].dash = NTM_DASH_DASHED;
        nmk = 1;
    } else {
        if (has_year(c->target_year)) {
            snprintf(mk[nmk].text, sizeof mk[nmk].text, ntm_i18n(lang, "Target %.0f"),
                     floor(c->target_year));
            mk[nmk].x = c->target_year;
            mk[nmk].dash = NTM_DASH_DASHDOT;
            nmk++;
        }
        if (has_year(c->deadline)) {
            snprintf(mk[nmk].text, sizeof mk[nmk].text,
                     st->compact ? ntm_i18n(lang, "Deadline %.0f")
                                 : ntm_i18n(lang, "Recognition deadline %.0f"),
                     floor(c->deadline));
            mk[nmk].x = c->deadline;
            mk[nmk].dash = NTM_DASH_DASHED;
            nmk++;
        }
    }
    int rows = 0;
    for (size_t i = 0; i < nmk; i++) {
        double px = ntm_plotarea_x(&pa, mk[i].x);
        mk[i].w = ntm_chart_text_width(cv, NTM_FACE_REGULAR, mk[i].text, st->tick, err);
        double gap = st->tick * 0.3;
        mk[i].right = px + gap + mk[i].w > b.x1;
        mk[i].lx0 = mk[i].right ? px - gap - mk[i].w : px + gap;
        mk[i].lx1 = mk[i].right ? px - gap : px + gap + mk[i].w;
        mk[i].row = 0;
        if (i == 1 && mk[1].lx0 < mk[0].lx1 + st->tick && mk[0].lx0 < mk[1].lx1 + st->tick)
            mk[1].row = 1;
        if (mk[i].row + 1 > rows)
            rows = mk[i].row + 1;
    }
    double row_h = st->tick * 1.3;
    pa.y1 = top - rows * row_h - (rows ? st->tick * 0.3 : 0) - st->tick * 0.4;
    pa.y0 = b.y0 + st->tick * 1.8;
    if (pa.y1 - pa.y0 < st->tick * 3)
        return ntm_error_set(err, NTM_ERENDER, "trajectory '%s': no room left for the plot",
                             c->title ? c->title : "");

    /* ---- draw: grid and axes, bands, threshold, markers, median, history ---- */
    rc = ntm_chart_axes(cv, &pa, &xt, NTM_AXIS_YEAR_SPAN, &yt, c->y_format, st->tick, lang, err);
    if (rc == NTM_OK)
        rc = band(cv, &pa, c->t, c->q025, c->q975, c->n, ntm_chart_tint(C_BAND, BAND95_TINT),
                  st->tick * SINGLE_BAND_EMS * 0.55, err);
    if (rc == NTM_OK)
        rc = band(cv, &pa, c->t, c->q10, c->q90, c->n, ntm_chart_tint(C_BAND, BAND80_TINT),
                  st->tick * SINGLE_BAND_EMS, err);
    for (size_t i = 0; i < nmk && rc == NTM_OK; i++) {
        double px = ntm_plotarea_x(&pa, mk[i].x);
        double label_top = top - mk[i].row * row_h;
        rc = ntm_chart_line(cv, px, pa.y0, px, label_top - row_h * 0.15, C_MARKER, st->line * 0.55,
                            mk[i].dash, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, mk[i].text,
                                mk[i].right ? mk[i].lx1 : mk[i].lx0, label_top - st->tick * 0.95,
                                st->tick, 0, mk[i].right ? NTM_ALIGN_RIGHT : NTM_ALIGN_LEFT,
                                NTM_RGB_TEXT, err);
    }
    if (rc == NTM_OK && isfinite(c->threshold)) {
        double ty = ntm_plotarea_y(&pa, c->threshold);
        rc = ntm_chart_line(cv, pa.x0, ty, pa.x1, ty, C_THRESHOLD, st->line * 0.75, NTM_DASH_DASHED,
                            err);
        /* The threshold as written: the fewest decimals that show it exactly (6,5%). */
        char v[48];
        for (int d = 0; d <= 3; d++) {
            ntm_chart_fmt_tick(v, sizeof v, c->threshold, d, c->y_format, lang);
            if (fabs(round(c->threshold * pow(10, d)) - c->threshold * pow(10, d)) < 1e-6)
                break;
        }
        snprintf(buf, sizeof buf, "%s %s %s", ntm_i18n(lang, "Threshold"),
                 c->threshold_is_upper ? "≤" : "≥", v);
        double w = ntm_chart_text_width(cv, NTM_FACE_BOLD, buf, st->tick, err);
        double pad = st->tick * 0.25;
        double lx1 = pa.x1 - pad, lx0 = lx1 - w;
        /* Above the line unless that leaves the plot. */
        double base = ty + pad * 1.6 + st->tick * 0.2;
        if (base + st->tick > pa.y1)
            base = ty - pad * 1.6 - st->tick * 0.95;
        if (rc == NTM_OK)
            rc = ntm_chart_rect(cv, lx0 - pad, base - st->tick * 0.3, lx1 + pad,
                                base + st->tick * 0.95, 1, NTM_RGB_WHITE, NTM_RGB_WHITE, 0, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_BOLD, buf, lx1, base, st->tick, 0, NTM_ALIGN_RIGHT,
                                C_THRESHOLD, err);
    }
    if (rc == NTM_OK)
        rc = series(cv, &pa, c->t, c->q50, c->n, C_BAND, st->line, err);
    if (rc == NTM_OK && c->n == 1)
        rc = ntm_chart_marker(cv, ntm_plotarea_x(&pa, c->t[0]), ntm_plotarea_y(&pa, c->q50[0]),
                              st->marker, NTM_MARK_DIAMOND, C_BAND, err);
    if (rc == NTM_OK)
        rc = series(cv, &pa, c->hist_t, c->hist_y, c->n_hist, C_HIST, st->line * 0.45, err);
    for (size_t i = 0; i < c->n_hist && rc == NTM_OK; i++)
        rc = ntm_chart_marker(cv, ntm_plotarea_x(&pa, c->hist_t[i]),
                              ntm_plotarea_y(&pa, c->hist_y[i]), st->marker, NTM_MARK_CIRCLE,
                              C_HIST, err);
    if (rc == NTM_OK && has_ylabel) {
        rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, c->y_label, st->label, st->label * 0.7,
                                pa.y1 - pa.y0, 1, buf, sizeof buf, &size, &nl, err);
        ntm_text_metrics m;
        if (rc == NTM_OK)
            rc = ntm_text_measure(ntm_canvas_font(cv, NTM_FACE_REGULAR), buf, size, &m, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, buf, b.x0 + m.ascent, (pa.y0 + pa.y1) / 2,
                                size, 90, NTM_ALIGN_CENTER, NTM_RGB_MUTED, err);
    }
    return rc;
}

/* The legend for the series present in any of the N charts. */
static size_t legend_items(const ntm_chart_traj *cs, size_t n, ntm_lang lang, double line,
                           ntm_legend_item *it)
{
    /* The target year and deadline markers are labelled where they are drawn, so
     * they need no legend entry. */
    int hist = 0, med = 0, b80 = 0, b95 = 0, thr = 0;
    for (size_t i = 0; i < n; i++) {
        hist |= cs[i].n_hist > 0;
        med |= cs[i].n > 0;
        b80 |= cs[i].n > 0 && cs[i].q10 != NULL;
        b95 |= cs[i].n > 0 && cs[i].q025 != NULL;
        thr |= isfinite(cs[i].threshold);
    }
    size_t k = 0;
    ntm_legend_item z = {0};
    if (hist) {
        it[k] = z;
        it[k].label = ntm_i18n(lang, "Observed");
        it[k].swatch = NTM_SWATCH_MARKER;
        it[k].color = C_HIST;
        it[k++].marker = NTM_MARK_CIRCLE;
    }
    if (med) {
        it[k] = z;
        it[k].label = ntm_i18n(lang, "Projection (median)");
        it[k].color = C_BAND;
        it[k++].width = line;
    }
    if (b80) {
        it[k] = z;
        it[k].label = ntm_i18n(lang, "80% band");
        it[k].swatch = NTM_SWATCH_BAND;
        it[k++].color = ntm_chart_tint(C_BAND, BAND80_TINT);
    }
    if (b95) {
        it[k] = z;
        /* xgettext:no-c-format */
        it[k].label = ntm_i18n(lang, "95% interval");
        it[k].swatch = NTM_SWATCH_BAND;
        it[k++].color = ntm_chart_tint(C_BAND, BAND95_TINT);
    }
    if (thr) {
        it[k] = z;
        it[k].label = ntm_i18n(lang, "Threshold to meet");
        it[k].color = C_THRESHOLD;
        it[k].dash = NTM_DASH_DASHED;
        it[k++].width = line * 0.75;
    }
    return k;
}

/* Title, subtitle, source and legend on the page; sets *body to the rest. */
static ntm_status page_frame(ntm_canvas *cv, const char *title, const char *subtitle,
                             const char *source, const ntm_legend_item *items, size_t n_items,
                             box *body, ntm_error *err)
{
    double top, bottom;
    ntm_status rc = ntm_chart_frame(cv, title, subtitle, source, &top, &bottom, err);
    if (rc != NTM_OK)
        return rc;
    double m = NTM_CHART_MARGIN, W = ntm_canvas_width(cv);
    double lh = 0, ls = NTM_CHART_TICK_SIZE;
    if (n_items > 0) {
        rc = ntm_chart_legend(cv, items, n_items, m, 0, W - 2 * m, ls, 0, &lh, err);
        if (rc == NTM_OK)
            rc = ntm_chart_legend(cv, items, n_items, m, bottom + 10 + lh, W - 2 * m, ls, 1, &lh,
                                  err);
        bottom += lh + 10;
    }
    body->x0 = m;
    body->x1 = W - m;
    body->y0 = bottom + 6;
    body->y1 = top - 14;
    return rc;
}

static ntm_status save(ntm_canvas *cv, const char *title, const char *out_path, ntm_error *err)
{
    ntm_status rc = ntm_canvas_set_title(cv, title, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_save(cv, out_path, err);
    return rc;
}

ntm_status ntm_chart_trajectory_render(const ntm_chart_traj *c, const char *out_path,
                                       ntm_error *err)
{
    ntm_image_format fmt;
    ntm_status rc = ntm_canvas_format_of(out_path, &fmt, err);
    if (rc == NTM_OK)
        rc = traj_check(c, err);
    if (rc != NTM_OK)
        return rc;
    ntm_canvas *cv;
    rc = ntm_canvas_new(&cv, 1600, 900, err);
    if (rc != NTM_OK)
        return rc;
    char sub[1024], pt[512];
    p_text(c, pt, sizeof pt, 0);
    snprintf(sub, sizeof sub, "%s%s%s", c->subtitle ? c->subtitle : "",
             c->subtitle && *c->subtitle && pt[0] ? " · " : "", pt);
    ntm_chart_utf8_trim(sub);
    ntm_legend_item items[8];
    size_t ni = legend_items(c, 1, c->lang, FULL.line, items);
    box body;
    rc = page_frame(cv, c->title, sub, c->source, items, ni, &body, err);
    if (rc == NTM_OK)
        rc = draw_traj(cv, c, body, &FULL, err);
    if (rc == NTM_OK)
        rc = save(cv, c->title, out_path, err);
    ntm_canvas_free(cv);
    return rc;
}

ntm_status ntm_chart_trajectory_grid_render(const ntm_chart_traj *charts, size_t n,
                                            const char *title, const char *subtitle,
                                            const char *source, ntm_lang lang, const char *out_path,
                                            ntm_error *err)
{
    ntm_image_format fmt;
    ntm_status rc = ntm_canvas_format_of(out_path, &fmt, err);
    if (rc != NTM_OK)
        return rc;
    if (n == 0 || n > NTM_CHART_GRID_MAX)
        return ntm_error_set(err, NTM_EINPUT,
                             "a page of trajectories holds 1 to %d charts, not %zu",
                             NTM_CHART_GRID_MAX, n);
    for (size_t i = 0; i < n; i++) {
        rc = traj_check(&charts[i], err);
        if (rc != NTM_OK)
            return rc;
    }
    size_t cols = n == 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4;
    size_t rows = (n + cols - 1) / cols;
    /* 16:9 up to two rows; taller pages beyond (each row needs about 330 units). */
    double H = fmax(900, 260 + 330 * (double)rows);
    ntm_canvas *cv;
    rc = ntm_canvas_new(&cv, 1600, H, err);
    if (rc != NTM_OK)
        return rc;
    style st = {cols >= 3 ? 20 : 23, cols >= 3 ? 16 : 18, cols >= 3 ? 15.5 : 17.5, 3.0, 5.0, 1};
    ntm_legend_item items[8];
    size_t ni = legend_items(charts, n, lang, st.line, items);
    box body;
    rc = page_frame(cv, title, subtitle, source, items, ni, &body, err);
    double gx = 40, gy = 30;
    double pw = (body.x1 - body.x0 - gx * (double)(cols - 1)) / (double)cols;
    double ph = (body.y1 - body.y0 - gy * (double)(rows - 1)) / (double)rows;
    for (size_t i = 0; i < n && rc == NTM_OK; i++) {
        size_t r = i / cols, k = i % cols;
        box b = {body.x0 + (double)k * (pw + gx), 0, 0, body.y1 - (double)r * (ph + gy)};
        b.x1 = b.x0 + pw;
        b.y0 = b.y1 - ph;
        rc = draw_traj(cv, &charts[i], b, &st, err);
    }
    if (rc == NTM_OK)
        rc = save(cv, title, out_path, err);
    ntm_canvas_free(cv);
    return rc;
}
