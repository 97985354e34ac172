/* chart_compare.c: scenarios side by side, by year (see charts.h).
 *
 * One line per scenario through its yearly values; each scenario has its own Okabe-Ito
 * colour, dash pattern and marker shape, so the lines part in grey print. The Monte
 * Carlo error of each point is a whisker; when whiskers exist the scenarios are dodged
 * a little sideways so they do not hide each other. The last year's values are written
 * at the right with the scenario's name, pushed apart so they never overlap. */
#include "render/charts.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has_year(double y)
{
    return isfinite(y) && y != 0;
}

#define YEAR_MIN 1900.0
#define YEAR_MAX 2200.0
#define LINE_W 4.0
#define MARKER_R 7.5
#define DODGE_SHARE 0.22    /* total sideways spread of the scenarios, share of a year step */
#define END_LABEL_MAX 330.0 /* widest right-hand label (page units) */

static ntm_dash series_dash(size_t i)
{
    static const ntm_dash d[5] = {NTM_DASH_SOLID, NTM_DASH_DASHED, NTM_DASH_DOTTED,
                                  NTM_DASH_DASHDOT, NTM_DASH_LONG};
    return d[i % 5];
}

static ntm_marker series_marker(size_t i)
{
    static const ntm_marker m[3] = {NTM_MARK_CIRCLE, NTM_MARK_SQUARE, NTM_MARK_DIAMOND};
    return m[i % 3];
}

/* Text in a series colour: Okabe-Ito orange and yellow are too light on white, so
 * every colour is darkened until its luminance gives at least 4.5:1 contrast (WCAG). */
static ntm_rgb text_color(ntm_rgb c)
{
    for (int k = 0; k < 20 && (1.05) / (ntm_chart_luminance(c) + 0.05) < 4.5; k++) {
        c.r = (unsigned char)lround(c.r * 0.9);
        c.g = (unsigned char)lround(c.g * 0.9);
        c.b = (unsigned char)lround(c.b * 0.9);
    }
    return c;
}

static ntm_status compare_check(const ntm_chart_compare *c, ntm_error *err)
{
    const char *ti = c->title ? c->title : "";
    if (c->n == 0 || c->n > NTM_COMPARE_MAX || !c->series)
        return ntm_error_set(err, NTM_EINPUT, "compare '%s': needs 1 to %d scenarios, got %zu", ti,
                             NTM_COMPARE_MAX, c->series ? c->n : 0);
    if (c->n_years == 0 || !c->years)
        return ntm_error_set(err, NTM_EINPUT,
                             "compare '%s': needs at least one year (years, n_years)", ti);
    if (c->mode != NTM_COMPARE_P_STANDARD && c->mode != NTM_COMPARE_CRITERIA_MET)
        return ntm_error_set(err, NTM_EINPUT, "compare '%s': mode %d is not a comparison mode", ti,
                             (int)c->mode);
    for (size_t j = 0; j < c->n_years; j++) {
        if (!(c->years[j] >= YEAR_MIN && c->years[j] <= YEAR_MAX))
            return ntm_error_set(err, NTM_EINPUT, "compare '%s': years[%zu] = %g is not a year", ti,
                                 j, c->years[j]);
        if (j > 0 && !(c->years[j] > c->years[j - 1]))
            return ntm_error_set(err, NTM_EINPUT,
                                 "compare '%s': years[%zu] = %g does not follow years[%zu] = %g",
                                 ti, j, c->years[j], j - 1, c->years[j - 1]);
    }
    if (!isfinite(c->n_criteria) || c->n_criteria < 0)
        return ntm_error_set(err, NTM_EINPUT, "compare '%s': n_criteria = %g is not a count", ti,
                             c->n_criteria);
    if (isinf(c->deadline) ||
        (has_year(c->deadline) && !(c->deadline >= YEAR_MIN && c->deadline <= YEAR_MAX)))
        return ntm_error_set(err, NTM_EINPUT, "compare '%s': deadline = %g is not a year", ti,
                             c->deadline);
    int p = c->mode == NTM_COMPARE_P_STANDARD;
    double top = p ? 1 : c->n_criteria > 0 ? c->n_criteria : INFINITY;
    for (size_t i = 0; i < c->n; i++) {
        const ntm_compare_series *s = &c->series[i];
        if (!s->value)
            return ntm_error_set(err, NTM_EINPUT, "compare '%s': series[%zu].value is missing", ti,
                                 i);
        if ((s->lo == NULL) != (s->hi == NULL))
            return ntm_error_set(err, NTM_EINPUT,
                                 "compare '%s': series[%zu] needs both lo and hi, or neither", ti,
                                 i);
        const char *names[3] = {"value", "lo", "hi"};
        const double *a[3] = {s->value, s->lo, s->hi};
        for (int k = 0; k < 3; k++)
            for (size_t j = 0; a[k] && j < c->n_years; j++)
                if (!(a[k][j] >= 0 && a[k][j] <= top))
                    return ntm_error_set(err, NTM_EINPUT,
                                         "compare '%s': series[%zu].%s[%zu] = %g is not %s", ti, i,
                                         names[k], j, a[k][j],
                                         p                   ? "a probability in [0, 1]"
                                         : c->n_criteria > 0 ? "a count in [0, n_criteria]"
                                                             : "a finite count >= 0");
        for (size_t j = 0; s->lo && j < c->n_years; j++)
            if (!(s->lo[j] <= s->value[j] && s->value[j] <= s->hi[j]))
                return ntm_error_set(
                    err, NTM_EINPUT,
                    "compare '%s': series[%zu] at years[%zu]: value %g is outside [lo %g, hi %g]",
                    ti, i, j, s->value[j], s->lo[j], s->hi[j]);
    }
    return NTM_OK;
}

/* A value as its label: "62%" or "14,2". */
static void fmt_value(char *buf, size_t size, const ntm_chart_compare *c, double v)
{
    if (c->mode == NTM_COMPARE_P_STANDARD)
        ntm_fmt_percent(buf, size, 100 * v, 0, c->lang);
    else
        ntm_fmt_number(buf, size, v, 1, c->lang);
}

typedef struct end_label {
    double y;   /* wanted baseline centre */
    double pos; /* placed */
    size_t i;
} end_label;

static int by_y(const void *a, const void *b)
{
    const end_label *x = a, *y = b;
    if (x->y != y->y)
        return x->y < y->y ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i; /* a total order: qsort is then deterministic */
}

ntm_status ntm_chart_compare_render(const ntm_chart_compare *c, const char *out_path,
                                    ntm_error *err)
{
    ntm_image_format fmt;
    ntm_status rc = ntm_canvas_format_of(out_path, &fmt, err);
    if (rc == NTM_OK)
        rc = compare_check(c, err);
    if (rc != NTM_OK)
        return rc;
    ntm_lang lang = c->lang;
    int pmode = c->mode == NTM_COMPARE_P_STANDARD;
    double scale = pmode ? 100 : 1; /* probabilities are drawn in percent */
    double W = 1600, H = 900, m = NTM_CHART_MARGIN;
    ntm_canvas *cv;
    rc = ntm_canvas_new(&cv, W, H, err);
    if (rc != NTM_OK)
        return rc;

    /* ---- legend: one entry per scenario, and the whisker ---- */
    int any_err = 0;
    for (size_t i = 0; i < c->n; i++)
        any_err |= c->series[i].lo != NULL;
    ntm_legend_item it[NTM_COMPARE_MAX + 1];
    ntm_legend_item z = {0};
    size_t ni = 0;
    for (size_t i = 0; i < c->n; i++) {
        it[ni] = z;
        it[ni].label = c->series[i].name ? c->series[i].name : "";
        it[ni].color = ntm_chart_palette(i);
        it[ni].dash = series_dash(i);
        it[ni++].width = LINE_W;
    }
    if (any_err) {
        it[ni] = z;
        it[ni].label = ntm_i18n(lang, "Monte Carlo error");
        it[ni].swatch = NTM_SWATCH_SYMBOL;
        it[ni].symbol = "±";
        it[ni++].color = NTM_RGB_MUTED;
    }
    double top, bottom;
    rc = ntm_chart_page(cv, c->title, c->subtitle, c->source, it, ni, &top, &bottom, err);

    /* ---- ranges and ticks ---- */
    double xlo = c->years[0], xhi = c->years[c->n_years - 1];
    if (has_year(c->deadline)) {
        xlo = fmin(xlo, c->deadline);
        xhi = fmax(xhi, c->deadline);
    }
    if (xhi - xlo < 1) {
        xlo -= 0.5;
        xhi += 0.5;
    }
    double yhi = pmode ? 100 : c->n_criteria;
    for (size_t i = 0; i < c->n && !pmode; i++)
        for (size_t j = 0; j < c->n_years; j++)
            yhi = fmax(yhi, c->series[i].hi ? c->series[i].hi[j] : c->series[i].value[j]);
    if (yhi <= 0)
        yhi = 1;
    ntm_ticks xt, yt;
    double tk = NTM_CHART_TICK_SIZE;
    if (rc == NTM_OK)
        rc = ntm_chart_nice_ticks(xlo, xhi, 10, 1, &xt, err);
    if (rc == NTM_OK)
        rc = ntm_chart_nice_ticks(0, yhi, pmode ? 6 : 7, pmode ? 0 : 1, &yt, err);
    if (rc == NTM_OK && pmode) {
        yt.lo = 0, yt.hi = 100, yt.step = 20, yt.n = 6, yt.decimals = 0; /* 0, 20, ..., 100% */
    }
    ntm_axis_fmt yfmt = pmode ? NTM_AXIS_PERCENT : NTM_AXIS_NUMBER;

    /* ---- right-hand labels: "62% Cơ sở" ---- */
    char lab[NTM_COMPARE_MAX][512];
    double lab_size[NTM_COMPARE_MAX];
    double lab_w = 0;
    for (size_t i = 0; i < c->n && rc == NTM_OK; i++) {
        char v[64], full[512];
        fmt_value(v, sizeof v, c, c->series[i].value[c->n_years - 1]);
        snprintf(full, sizeof full, "%s %s", v, c->series[i].name ? c->series[i].name : "");
        ntm_chart_utf8_trim(full);
        size_t nl;
        rc = ntm_chart_fit_text(cv, NTM_FACE_BOLD, full, tk, tk * 0.8, END_LABEL_MAX, 1, lab[i],
                                sizeof lab[i], &lab_size[i], &nl, err);
        if (rc == NTM_OK)
            lab_w = fmax(lab_w, ntm_chart_text_width(cv, NTM_FACE_BOLD, lab[i], lab_size[i], err));
    }

    /* ---- plot area ---- */
    double left = m + ntm_chart_ytick_width(cv, &yt, yfmt, tk, lang, err) + tk * 0.6;
    const char *ylab = pmode ? ntm_i18n(lang, "Chance of meeting the standard")
                             : ntm_i18n(lang, "Criteria met (expected)");
    left += tk * 1.6; /* the rotated axis title */
    double xpad = (xt.hi - xt.lo) * 0.04;
    ntm_plotarea pa = {left,
                       bottom + tk * 2.2,
                       W - m - lab_w - 24,
                       top - tk * 2.2,
                       xt.lo - xpad,
                       xt.hi + xpad,
                       yt.lo,
                       yt.hi};
    if (rc == NTM_OK && (pa.x1 - pa.x0 < 300 || pa.y1 - pa.y0 < 150))
        rc = ntm_error_set(err, NTM_ERENDER, "compare '%s': no room left for the plot",
                           c->title ? c->title : "");
    if (rc == NTM_OK)
        rc = ntm_chart_axes(cv, &pa, &xt, NTM_AXIS_YEAR, &yt, yfmt, tk, lang, err);
    if (rc == NTM_OK) {
        ntm_text_metrics tm;
        rc = ntm_text_measure(ntm_canvas_font(cv, NTM_FACE_REGULAR), ylab, tk, &tm, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, ylab, m + tm.ascent, (pa.y0 + pa.y1) / 2, tk,
                                90, NTM_ALIGN_CENTER, NTM_RGB_MUTED, err);
    }
    /* The whole criteria set, as a line to reach. */
    if (rc == NTM_OK && !pmode && c->n_criteria > 0) {
        double y = ntm_plotarea_y(&pa, c->n_criteria);
        rc = ntm_chart_line(cv, pa.x0, y, pa.x1, y, NTM_RGB_VERMILLION, 3, NTM_DASH_DASHED, err);
        char t[128], n[32];
        ntm_fmt_number(n, sizeof n, c->n_criteria, 0, lang);
        snprintf(t, sizeof t, ntm_i18n(lang, "All %s criteria"), n);
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_BOLD, t, pa.x0 + 8, y + 8, tk, 0, NTM_ALIGN_LEFT,
                                text_color(NTM_RGB_VERMILLION), err);
    }
    if (rc == NTM_OK && has_year(c->deadline)) {
        double x = ntm_plotarea_x(&pa, c->deadline);
        char t[128];
        snprintf(t, sizeof t, ntm_i18n(lang, "Recognition deadline %.0f"), floor(c->deadline));
        rc = ntm_chart_line(cv, x, pa.y0, x, pa.y1 + tk * 1.6, NTM_RGB_AXIS, 2.2, NTM_DASH_DASHED,
                            err);
        double w = ntm_chart_text_width(cv, NTM_FACE_REGULAR, t, tk, err);
        int right = x + 8 + w > W - m;
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, t, right ? x - 8 : x + 8, pa.y1 + tk * 0.6,
                                tk, 0, right ? NTM_ALIGN_RIGHT : NTM_ALIGN_LEFT, NTM_RGB_TEXT, err);
    }

    /* ---- series: whiskers, lines, markers ---- */
    double step = 1;
    for (size_t j = 1; j < c->n_years; j++)
        step = fmin(step, c->years[j] - c->years[j - 1]);
    double dodge = any_err && c->n > 1 ? step * DODGE_SHARE / (double)(c->n - 1) : 0;
    double *px = malloc(c->n_years * sizeof *px), *py = malloc(c->n_years * sizeof *py);
    if (rc == NTM_OK && (!px || !py))
        rc = ntm_error_set(err, NTM_ENOMEM, "out of memory drawing a comparison");
    for (size_t i = 0; i < c->n && rc == NTM_OK; i++) {
        const ntm_compare_series *s = &c->series[i];
        double off = ((double)i - (double)(c->n - 1) / 2) * dodge;
        ntm_rgb col = ntm_chart_palette(i);
        for (size_t j = 0; j < c->n_years; j++) {
            px[j] = ntm_plotarea_x(&pa, c->years[j] + off);
            py[j] = ntm_plotarea_y(&pa, s->value[j] * scale);
        }
        for (size_t j = 0; s->lo && j < c->n_years && rc == NTM_OK; j++) {
            double a = ntm_plotarea_y(&pa, s->lo[j] * scale),
                   b = ntm_plotarea_y(&pa, s->hi[j] * scale);
            rc = ntm_chart_line(cv, px[j], a, px[j], b, text_color(col), 2.2, NTM_DASH_SOLID, err);
            if (rc == NTM_OK)
                rc = ntm_chart_line(cv, px[j] - 6, a, px[j] + 6, a, text_color(col), 2.2,
                                    NTM_DASH_SOLID, err);
            if (rc == NTM_OK)
                rc = ntm_chart_line(cv, px[j] - 6, b, px[j] + 6, b, text_color(col), 2.2,
                                    NTM_DASH_SOLID, err);
        }
        if (rc == NTM_OK)
            rc = ntm_chart_polyline(cv, px, py, c->n_years, col, LINE_W, series_dash(i), err);
        for (size_t j = 0; j < c->n_years && rc == NTM_OK; j++)
            rc = ntm_chart_marker(cv, px[j], py[j], MARKER_R, series_marker(i), col, err);
    }
    free(px);
    free(py);

    /* ---- right-hand labels, pushed apart to one line height ---- */
    end_label el[NTM_COMPARE_MAX];
    for (size_t i = 0; i < c->n; i++) {
        el[i].y = ntm_plotarea_y(&pa, c->series[i].value[c->n_years - 1] * scale);
        el[i].i = i;
    }
    qsort(el, c->n, sizeof el[0], by_y);
    double gap = tk * 1.2;
    for (size_t k = 0; k < c->n; k++) {
        el[k].pos = el[k].y;
        if (k > 0 && el[k].pos < el[k - 1].pos + gap)
            el[k].pos = el[k - 1].pos + gap;
    }
    /* Too high: shift the stack down, keeping the gaps. */
    double over = c->n ? el[c->n - 1].pos - (pa.y1 + tk * 0.5) : 0;
    for (size_t k = c->n; over > 0 && k-- > 0;) {
        double lim = k + 1 < c->n ? el[k + 1].pos - gap : pa.y1 + tk * 0.5;
        if (el[k].pos > lim)
            el[k].pos = lim;
    }
    double lx = pa.x1 + 14;
    for (size_t k = 0; k < c->n && rc == NTM_OK; k++) {
        size_t i = el[k].i;
        double s = lab_size[i];
        rc = ntm_chart_text(cv, NTM_FACE_BOLD, lab[i], lx, el[k].pos - s * 0.36, s, 0,
                            NTM_ALIGN_LEFT, text_color(ntm_chart_palette(i)), err);
    }
    if (rc == NTM_OK)
        rc = ntm_canvas_set_title(cv, c->title, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_save(cv, out_path, err);
    ntm_canvas_free(cv);
    return rc;
}
