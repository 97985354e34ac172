/* chart.c: chart primitives on libplot (see chart.h). */
#include "render/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Okabe & Ito (2008), Color Universal Design, the 8-colour set. */
const ntm_rgb NTM_RGB_BLACK = {0, 0, 0};
const ntm_rgb NTM_RGB_ORANGE = {0xE6, 0x9F, 0x00};
const ntm_rgb NTM_RGB_SKY = {0x56, 0xB4, 0xE9};
const ntm_rgb NTM_RGB_GREEN = {0x00, 0x9E, 0x73};
const ntm_rgb NTM_RGB_YELLOW = {0xF0, 0xE4, 0x42};
const ntm_rgb NTM_RGB_BLUE = {0x00, 0x72, 0xB2};
const ntm_rgb NTM_RGB_VERMILLION = {0xD5, 0x5E, 0x00};
const ntm_rgb NTM_RGB_PURPLE = {0xCC, 0x79, 0xA7};
const ntm_rgb NTM_RGB_WHITE = {0xFF, 0xFF, 0xFF};
/* Greys: body text, secondary text, grid, axis. */
const ntm_rgb NTM_RGB_TEXT = {0x22, 0x22, 0x22};
const ntm_rgb NTM_RGB_MUTED = {0x59, 0x59, 0x59};
const ntm_rgb NTM_RGB_GRID = {0xDD, 0xDD, 0xDD};
const ntm_rgb NTM_RGB_AXIS = {0x44, 0x44, 0x44};

ntm_rgb ntm_chart_palette(size_t i)
{
    static const ntm_rgb *order[] = {&NTM_RGB_BLUE,       &NTM_RGB_ORANGE, &NTM_RGB_GREEN,
                                     &NTM_RGB_VERMILLION, &NTM_RGB_SKY,    &NTM_RGB_PURPLE,
                                     &NTM_RGB_YELLOW};
    return *order[i % (sizeof order / sizeof order[0])];
}

ntm_rgb ntm_chart_tint(ntm_rgb c, double t)
{
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    ntm_rgb o;
    o.r = (unsigned char)lround(c.r + (255 - c.r) * t);
    o.g = (unsigned char)lround(c.g + (255 - c.g) * t);
    o.b = (unsigned char)lround(c.b + (255 - c.b) * t);
    return o;
}

/* ---- primitives -------------------------------------------------------------------- */

#define PL_OK(call) ((call) >= 0)

static int set_pen(plPlotter *pl, ntm_rgb c, double width, ntm_dash dash)
{
    int ok = PL_OK(pl_pencolor_r(pl, c.r * 257, c.g * 257, c.b * 257)) &&
             PL_OK(pl_flinewidth_r(pl, width)) && PL_OK(pl_pentype_r(pl, 1));
    if (!ok)
        return 0;
    double w = width > 0 ? width : 1;
    double d[4];
    int n = 0;
    switch (dash) {
    case NTM_DASH_SOLID: return PL_OK(pl_linemod_r(pl, "solid"));
    case NTM_DASH_DASHED: d[0] = 5 * w, d[1] = 3.5 * w, n = 2; break;
    case NTM_DASH_DOTTED: d[0] = 1.2 * w, d[1] = 2 * w, n = 2; break;
    case NTM_DASH_DASHDOT:
        d[0] = 6 * w, d[1] = 2.5 * w, d[2] = 1.2 * w, d[3] = 2.5 * w, n = 4;
        break;
    case NTM_DASH_LONG: d[0] = 10 * w, d[1] = 4 * w, n = 2; break;
    }
    return PL_OK(pl_flinedash_r(pl, n, d, 0));
}

static ntm_status pl_fail(ntm_error *err, const char *what)
{
    return ntm_error_set(err, NTM_ERENDER, "libplot failed drawing %s", what);
}

ntm_status ntm_chart_line(ntm_canvas *cv, double x0, double y0, double x1, double y1, ntm_rgb c,
                          double width, ntm_dash dash, ntm_error *err)
{
    double x[2] = {x0, x1}, y[2] = {y0, y1};
    return ntm_chart_polyline(cv, x, y, 2, c, width, dash, err);
}

ntm_status ntm_chart_polyline(ntm_canvas *cv, const double *x, const double *y, size_t n, ntm_rgb c,
                              double width, ntm_dash dash, ntm_error *err)
{
    if (n < 2)
        return NTM_OK;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return ntm_error_set(err, NTM_ERENDER, "a line point is not finite");
    plPlotter *pl = ntm_canvas_plotter(cv);
    int ok = PL_OK(pl_savestate_r(pl)) && set_pen(pl, c, width, dash) &&
             PL_OK(pl_filltype_r(pl, 0)) && PL_OK(pl_fmove_r(pl, x[0], y[0]));
    for (size_t i = 1; ok && i < n; i++)
        ok = PL_OK(pl_fcont_r(pl, x[i], y[i]));
    ok = ok && PL_OK(pl_endpath_r(pl));
    ok = PL_OK(pl_restorestate_r(pl)) && ok;
    return ok ? NTM_OK : pl_fail(err, "a line");
}

ntm_status ntm_chart_polygon(ntm_canvas *cv, const double *x, const double *y, size_t n,
                             ntm_rgb fill, ntm_error *err)
{
    if (n < 3)
        return NTM_OK;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return ntm_error_set(err, NTM_ERENDER, "a polygon point is not finite");
    plPlotter *pl = ntm_canvas_plotter(cv);
    int ok = PL_OK(pl_savestate_r(pl)) && PL_OK(pl_pentype_r(pl, 0)) &&
             PL_OK(pl_filltype_r(pl, 1)) &&
             PL_OK(pl_fillcolor_r(pl, fill.r * 257, fill.g * 257, fill.b * 257)) &&
             PL_OK(pl_fillmod_r(pl, "winding")) && PL_OK(pl_fmove_r(pl, x[0], y[0]));
    for (size_t i = 1; ok && i < n; i++)
        ok = PL_OK(pl_fcont_r(pl, x[i], y[i]));
    ok = ok && PL_OK(pl_closepath_r(pl)) && PL_OK(pl_endpath_r(pl));
    ok = PL_OK(pl_restorestate_r(pl)) && ok;
    return ok ? NTM_OK : pl_fail(err, "a polygon");
}

ntm_status ntm_chart_rect(ntm_canvas *cv, double x0, double y0, double x1, double y1, int has_fill,
                          ntm_rgb fill, ntm_rgb stroke, double width, ntm_error *err)
{
    plPlotter *pl = ntm_canvas_plotter(cv);
    int ok = PL_OK(pl_savestate_r(pl));
    if (ok && width > 0)
        ok = set_pen(pl, stroke, width, NTM_DASH_SOLID);
    else if (ok)
        ok = PL_OK(pl_pentype_r(pl, 0));
    ok = ok && PL_OK(pl_filltype_r(pl, has_fill ? 1 : 0));
    if (ok && has_fill)
        ok = PL_OK(pl_fillcolor_r(pl, fill.r * 257, fill.g * 257, fill.b * 257));
    ok = ok && PL_OK(pl_fbox_r(pl, x0, y0, x1, y1));
    ok = PL_OK(pl_restorestate_r(pl)) && ok;
    return ok ? NTM_OK : pl_fail(err, "a rectangle");
}

ntm_status ntm_chart_hatch(ntm_canvas *cv, double x0, double y0, double x1, double y1,
                           double spacing, ntm_rgb c, double width, ntm_error *err)
{
    if (spacing <= 0 || x1 <= x0 || y1 <= y0)
        return NTM_OK;
    /* 45° lines x - y = k, clipped to the rectangle by hand (libplot has no clipping
     * paths). */
    double h = y1 - y0;
    for (double k = x0 - h + spacing; k < x1; k += spacing) {
        double ax = k, ay = y0, bx = k + h, by = y1;
        if (ax < x0) {
            ay += x0 - ax;
            ax = x0;
        }
        if (bx > x1) {
            by -= bx - x1;
            bx = x1;
        }
        if (bx <= ax)
            continue;
        ntm_status rc = ntm_chart_line(cv, ax, ay, bx, by, c, width, NTM_DASH_SOLID, err);
        if (rc != NTM_OK)
            return rc;
    }
    return NTM_OK;
}

ntm_status ntm_chart_marker(ntm_canvas *cv, double x, double y, double r, ntm_marker m, ntm_rgb c,
                            ntm_error *err)
{
    plPlotter *pl = ntm_canvas_plotter(cv);
    int ok = PL_OK(pl_savestate_r(pl)) && set_pen(pl, NTM_RGB_WHITE, r * 0.35, NTM_DASH_SOLID) &&
             PL_OK(pl_filltype_r(pl, 1)) &&
             PL_OK(pl_fillcolor_r(pl, c.r * 257, c.g * 257, c.b * 257));
    if (ok) {
        switch (m) {
        case NTM_MARK_CIRCLE: ok = PL_OK(pl_fcircle_r(pl, x, y, r)); break;
        case NTM_MARK_SQUARE:
            ok = PL_OK(pl_fbox_r(pl, x - r * 0.9, y - r * 0.9, x + r * 0.9, y + r * 0.9));
            break;
        case NTM_MARK_DIAMOND:
            ok = PL_OK(pl_fmove_r(pl, x, y + r * 1.2)) && PL_OK(pl_fcont_r(pl, x + r * 1.2, y)) &&
                 PL_OK(pl_fcont_r(pl, x, y - r * 1.2)) && PL_OK(pl_fcont_r(pl, x - r * 1.2, y)) &&
                 PL_OK(pl_closepath_r(pl)) && PL_OK(pl_endpath_r(pl));
            break;
        }
    }
    ok = PL_OK(pl_restorestate_r(pl)) && ok;
    return ok ? NTM_OK : pl_fail(err, "a marker");
}

ntm_status ntm_chart_text(ntm_canvas *cv, ntm_face face, const char *utf8, double x, double y,
                          double size, double angle_deg, ntm_align align, ntm_rgb c, ntm_error *err)
{
    plPlotter *pl = ntm_canvas_plotter(cv);
    if (!PL_OK(pl_fillcolor_r(pl, c.r * 257, c.g * 257, c.b * 257)))
        return pl_fail(err, "a label colour");
    return ntm_text_draw(pl, ntm_canvas_font(cv, face), utf8, x, y, size, angle_deg, align, err);
}

ntm_status ntm_chart_text_lines(ntm_canvas *cv, ntm_face face, const char *lines, double x,
                                double top, double size, ntm_align align, ntm_rgb c, double *bottom,
                                ntm_error *err)
{
    ntm_text_metrics m;
    ntm_status rc = ntm_text_measure(ntm_canvas_font(cv, face), "", size, &m, err);
    if (rc != NTM_OK)
        return rc;
    double base = top - m.ascent;
    const char *p = lines ? lines : "";
    char buf[1024];
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len >= sizeof buf)
            len = sizeof buf - 1;
        memcpy(buf, p, len);
        buf[len] = '\0';
        rc = ntm_chart_text(cv, face, buf, x, base, size, 0, align, c, err);
        if (rc != NTM_OK)
            return rc;
        if (!nl)
            break;
        p = nl + 1;
        base -= size * NTM_CHART_LINE_GAP;
    }
    if (bottom)
        *bottom = base - m.descent;
    return NTM_OK;
}

double ntm_chart_text_width(ntm_canvas *cv, ntm_face face, const char *utf8, double size,
                            ntm_error *err)
{
    ntm_text_metrics m;
    if (ntm_text_measure(ntm_canvas_font(cv, face), utf8, size, &m, err) != NTM_OK)
        return 0;
    return m.width;
}

/* Shrink step when probing sizes. */
#define FIT_SHRINK 0.95

ntm_status ntm_chart_fit_text(ntm_canvas *cv, ntm_face face, const char *utf8, double size,
                              double min_size, double max_width, size_t max_lines, char *out,
                              size_t out_size, double *size_out, size_t *n_lines, ntm_error *err)
{
    ntm_font *f = ntm_canvas_font(cv, face);
    if (min_size > size)
        min_size = size;
    double s = size, widest;
    for (;;) {
        /* One line more than allowed is enough to tell "does not fit", and keeps the
         * probe's output short whatever the length of the text. */
        ntm_status rc = ntm_text_wrap(f, utf8, s, max_width, max_lines + 1, out, out_size, n_lines,
                                      &widest, err);
        if (rc != NTM_OK)
            return rc;
        if (*n_lines <= max_lines && widest <= max_width) {
            *size_out = s;
            return NTM_OK;
        }
        if (s <= min_size)
            break;
        s *= FIT_SHRINK;
        if (s < min_size)
            s = min_size;
    }
    *size_out = min_size;
    return ntm_text_wrap(f, utf8, min_size, max_width, max_lines, out, out_size, n_lines, &widest,
                         err);
}

void ntm_chart_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    /* Back up over continuation bytes to the last lead byte. */
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = '\0';
}

/* ---- ticks ------------------------------------------------------------------------- */

/* Heckbert's nicenum: a 1, 2 or 5 times 10^k near X (ROUND) or at least X. */
static double nicenum(double x, int round_it)
{
    double e = floor(log10(x));
    double p = pow(10, e);
    double f = x / p, nf;
    if (round_it)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * p;
}

/* Relative slack when snapping range ends to the step grid, so 0.30000000000000004
 * counts as 0.3 and does not add an extra tick. */
#define TICK_SNAP 1e-9

ntm_status ntm_chart_nice_ticks(double lo, double hi, size_t target, double min_step,
                                ntm_ticks *out, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    if (!isfinite(lo) || !isfinite(hi) || hi < lo)
        return ntm_error_set(err, NTM_EINPUT, "axis range [%g, %g] is not a finite range", lo, hi);
    if (target < 2)
        target = 2;
    if (hi == lo) {
        double pad = lo == 0 ? 1 : fabs(lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    double range = nicenum(hi - lo, 0);
    double d = nicenum(range / (double)(target - 1), 1);
    if (min_step > 0 && d < min_step)
        d = min_step;
    double a = floor(lo / d + TICK_SNAP), b = ceil(hi / d - TICK_SNAP);
    size_t n = (size_t)llround(b - a) + 1;
    while (n > NTM_TICKS_MAX) { /* only reachable with a tiny min_step and huge range */
        d *= 2;
        a = floor(lo / d + TICK_SNAP);
        b = ceil(hi / d - TICK_SNAP);
        n = (size_t)llround(b - a) + 1;
    }
    out->step = d;
    out->lo = a * d;
    out->hi = b * d;
    out->n = n;
    int dec = (int)-floor(log10(d) + TICK_SNAP);
    out->decimals = dec > 0 ? dec : 0;
    return NTM_OK;
}

double ntm_ticks_value(const ntm_ticks *t, size_t i)
{
    double v = t->lo + (double)i * t->step;
    double q = pow(10, t->decimals + 3);
    return round(v * q) / q;
}

/* ---- plot area and axes -------------------------------------------------------------- */

double ntm_plotarea_x(const ntm_plotarea *pa, double v)
{
    return pa->x0 + (v - pa->xmin) / (pa->xmax - pa->xmin) * (pa->x1 - pa->x0);
}

double ntm_plotarea_y(const ntm_plotarea *pa, double v)
{
    return pa->y0 + (v - pa->ymin) / (pa->ymax - pa->ymin) * (pa->y1 - pa->y0);
}

char *ntm_chart_fmt_tick(char *buf, size_t size, double v, int decimals, ntm_axis_fmt fmt,
                         ntm_lang lang)
{
    switch (fmt) {
    case NTM_AXIS_PERCENT: return ntm_fmt_percent(buf, size, v, decimals, lang);
    case NTM_AXIS_YEAR:
    case NTM_AXIS_YEAR_SPAN:
        if (!isfinite(v))
            snprintf(buf, size, "%s", NTM_FMT_NONE);
        else
            snprintf(buf, size, "%.0f", v);
        return buf;
    case NTM_AXIS_NUMBER: break;
    }
    return ntm_fmt_number(buf, size, v, decimals, lang);
}

double ntm_chart_ytick_width(ntm_canvas *cv, const ntm_ticks *yt, ntm_axis_fmt yfmt, double size,
                             ntm_lang lang, ntm_error *err)
{
    double w = 0;
    char buf[64];
    for (size_t i = 0; i < yt->n; i++) {
        ntm_chart_fmt_tick(buf, sizeof buf, ntm_ticks_value(yt, i), yt->decimals, yfmt, lang);
        double tw = ntm_chart_text_width(cv, NTM_FACE_REGULAR, buf, size, err);
        if (tw > w)
            w = tw;
    }
    return w;
}

ntm_status ntm_chart_axes(ntm_canvas *cv, const ntm_plotarea *pa, const ntm_ticks *xt,
                          ntm_axis_fmt xfmt, const ntm_ticks *yt, ntm_axis_fmt yfmt,
                          double tick_size, ntm_lang lang, ntm_error *err)
{
    ntm_status rc = NTM_OK;
    char buf[64];
    double gw = tick_size * 0.07; /* grid line width scales with the text */
    for (size_t i = 0; i < yt->n && rc == NTM_OK; i++) {
        double v = ntm_ticks_value(yt, i);
        double y = ntm_plotarea_y(pa, v);
        if (y < pa->y0 - 0.5 || y > pa->y1 + 0.5)
            continue;
        if (i > 0 || v != pa->ymin)
            rc = ntm_chart_line(cv, pa->x0, y, pa->x1, y, NTM_RGB_GRID, gw, NTM_DASH_SOLID, err);
        if (rc == NTM_OK) {
            ntm_chart_fmt_tick(buf, sizeof buf, v, yt->decimals, yfmt, lang);
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, buf, pa->x0 - tick_size * 0.5,
                                y - tick_size * 0.35, tick_size, 0, NTM_ALIGN_RIGHT, NTM_RGB_MUTED,
                                err);
        }
    }
    if (rc != NTM_OK)
        return rc;
    rc = ntm_chart_line(cv, pa->x0, pa->y0, pa->x1, pa->y0, NTM_RGB_AXIS, gw * 1.6, NTM_DASH_SOLID,
                        err);
    /* Label every k-th x tick so labels never touch. */
    double widest = 0;
    for (size_t i = 0; i < xt->n && rc == NTM_OK; i++) {
        ntm_chart_fmt_tick(buf, sizeof buf, ntm_ticks_value(xt, i), xt->decimals, xfmt, lang);
        double w = ntm_chart_text_width(cv, NTM_FACE_REGULAR, buf, tick_size, err);
        if (w > widest)
            widest = w;
    }
    double spacing =
        xt->n > 1 ? fabs(ntm_plotarea_x(pa, xt->lo + xt->step) - ntm_plotarea_x(pa, xt->lo)) : 1e9;
    size_t every = 1;
    while (every < xt->n && spacing * (double)every < widest + tick_size * 0.8)
        every++;
    for (size_t i = 0; i < xt->n && rc == NTM_OK; i++) {
        double v = ntm_ticks_value(xt, i);
        double x = ntm_plotarea_x(pa, v);
        if (x < pa->x0 - 0.5 || x > pa->x1 + 0.5)
            continue;
        rc = ntm_chart_line(cv, x, pa->y0, x, pa->y0 - tick_size * 0.35, NTM_RGB_AXIS, gw * 1.6,
                            NTM_DASH_SOLID, err);
        if (rc == NTM_OK && i % every == 0) {
            double lx = x;
            if (xfmt == NTM_AXIS_YEAR_SPAN) {
                /* The label names the year that starts here, centred over it; whole years
                 * only, and not past the last tick. */
                lx = ntm_plotarea_x(pa, v + 0.5 * xt->step);
                if (xt->step != 1 || i + 1 == xt->n || lx > pa->x1)
                    continue;
            }
            ntm_chart_fmt_tick(buf, sizeof buf, v, xt->decimals, xfmt, lang);
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, buf, lx, pa->y0 - tick_size * 1.35, tick_size,
                                0, NTM_ALIGN_CENTER, NTM_RGB_MUTED, err);
        }
    }
    return rc;
}

/* ---- page frame ------------------------------------------------------------------------ */

/* The smallest title size, relative to NTM_CHART_TITLE_SIZE, kept on one line. */
#define TITLE_MIN_ONE_LINE 0.85

ntm_status ntm_chart_frame(ntm_canvas *cv, const char *title, const char *subtitle,
                           const char *source, double *top, double *bottom, ntm_error *err)
{
    double W = ntm_canvas_width(cv), H = ntm_canvas_height(cv), m = NTM_CHART_MARGIN;
    double width = W - 2 * m;
    double y = H - m;
    char buf[2048];
    double size;
    size_t n;
    ntm_status rc = NTM_OK;
    if (title && *title) {
        /* A title a little too long for one line is set a little smaller rather than
         * leaving one word on a second line. */
        double tw = ntm_chart_text_width(cv, NTM_FACE_BOLD, title, NTM_CHART_TITLE_SIZE, err);
        double one_line =
            tw > width ? NTM_CHART_TITLE_SIZE * width / tw * 0.999 : NTM_CHART_TITLE_SIZE;
        if (one_line >= NTM_CHART_TITLE_SIZE * TITLE_MIN_ONE_LINE)
            rc = ntm_chart_fit_text(cv, NTM_FACE_BOLD, title, one_line, one_line, width, 1, buf,
                                    sizeof buf, &size, &n, err);
        else
            rc = ntm_chart_fit_text(cv, NTM_FACE_BOLD, title, NTM_CHART_TITLE_SIZE,
                                    NTM_CHART_TITLE_SIZE * 0.7, width, 2, buf, sizeof buf, &size,
                                    &n, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text_lines(cv, NTM_FACE_BOLD, buf, m, y, size, NTM_ALIGN_LEFT,
                                      NTM_RGB_TEXT, &y, err);
        y -= 6;
    }
    if (rc == NTM_OK && subtitle && *subtitle) {
        rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, subtitle, NTM_CHART_SUBTITLE_SIZE,
                                NTM_CHART_SUBTITLE_SIZE * 0.75, width, 2, buf, sizeof buf, &size,
                                &n, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text_lines(cv, NTM_FACE_REGULAR, buf, m, y, size, NTM_ALIGN_LEFT,
                                      NTM_RGB_MUTED, &y, err);
    }
    double low = m * 0.6;
    if (rc == NTM_OK && source && *source) {
        rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, source, NTM_CHART_SOURCE_SIZE,
                                NTM_CHART_SOURCE_SIZE * 0.8, width, 2, buf, sizeof buf, &size, &n,
                                err);
        if (rc == NTM_OK) {
            ntm_text_metrics tm;
            rc = ntm_text_measure(ntm_canvas_font(cv, NTM_FACE_REGULAR), "", size, &tm, err);
            double block = tm.ascent + tm.descent + (double)(n - 1) * size * NTM_CHART_LINE_GAP;
            double t = low + block;
            if (rc == NTM_OK)
                rc = ntm_chart_text_lines(cv, NTM_FACE_REGULAR, buf, m, t, size, NTM_ALIGN_LEFT,
                                          NTM_RGB_MUTED, NULL, err);
            low = t;
        }
    }
    *top = y;
    *bottom = low;
    return rc;
}

/* ---- legend ---------------------------------------------------------------------------- */

ntm_status ntm_chart_symbol_tile(ntm_canvas *cv, double x, double y, double s, ntm_rgb c,
                                 const char *symbol, ntm_error *err)
{
    ntm_status rc = ntm_chart_rect(cv, x, y, x + s, y + s, 1, c, c, 0, err);
    if (rc != NTM_OK || !symbol)
        return rc;
    ntm_text_metrics m;
    double size = s * 0.72;
    rc = ntm_text_measure(ntm_canvas_font(cv, NTM_FACE_BOLD), symbol, size, &m, err);
    if (rc != NTM_OK)
        return rc;
    /* Centre the ink, not the em box: symbols sit at different heights. */
    double base = y + s / 2 - (m.ink_top - m.ink_bottom) / 2;
    return ntm_chart_text(cv, NTM_FACE_BOLD, symbol, x + s / 2, base, size, 0, NTM_ALIGN_CENTER,
                          NTM_RGB_WHITE, err);
}

#define LEGEND_SWATCH 1.9 /* swatch width in ems */
#define LEGEND_GAP 0.4    /* swatch to label, ems */
#define LEGEND_SEP 1.1    /* between items, ems */

ntm_status ntm_chart_legend(ntm_canvas *cv, const ntm_legend_item *items, size_t n, double x,
                            double top, double max_width, double size, int draw, double *height,
                            ntm_error *err)
{
    double row_h = size * 1.7;
    double cx = x, row_top = top;
    ntm_status rc = NTM_OK;
    for (size_t i = 0; i < n && rc == NTM_OK; i++) {
        const ntm_legend_item *it = &items[i];
        double sw = it->swatch == NTM_SWATCH_SYMBOL ? size * 1.2 : size * LEGEND_SWATCH;
        double lw = ntm_chart_text_width(cv, NTM_FACE_REGULAR, it->label, size, err);
        double w = sw + size * LEGEND_GAP + lw;
        if (cx > x && cx + w > x + max_width) {
            cx = x;
            row_top -= row_h;
        }
        if (draw) {
            double mid = row_top - row_h / 2;
            switch (it->swatch) {
            case NTM_SWATCH_LINE:
                rc = ntm_chart_line(cv, cx, mid, cx + sw, mid, it->color, it->width, it->dash, err);
                break;
            case NTM_SWATCH_BAND:
                rc = ntm_chart_rect(cv, cx, mid - size * 0.45, cx + sw, mid + size * 0.45, 1,
                                    it->color, it->color, 0, err);
                break;
            case NTM_SWATCH_MARKER:
                rc =
                    ntm_chart_marker(cv, cx + sw / 2, mid, size * 0.33, it->marker, it->color, err);
                break;
            case NTM_SWATCH_SYMBOL:
                rc = ntm_chart_symbol_tile(cv, cx, mid - sw / 2, sw, it->color, it->symbol, err);
                break;
            }
            if (rc == NTM_OK)
                rc = ntm_chart_text(cv, NTM_FACE_REGULAR, it->label, cx + sw + size * LEGEND_GAP,
                                    mid - size * 0.35, size, 0, NTM_ALIGN_LEFT, NTM_RGB_TEXT, err);
        }
        cx += w + size * LEGEND_SEP;
    }
    *height = top - row_top + row_h;
    return rc;
}

/* ---- shared by the chart kinds --------------------------------------------------------- */

char *ntm_chart_fmt_money_short(char *buf, size_t size, double dong, ntm_lang lang)
{
    if (!isfinite(dong)) {
        snprintf(buf, size, "%s", NTM_FMT_NONE);
        return buf;
    }
    char num[96];
    double a = fabs(dong);
    int vi = lang != NTM_LANG_EN;
    /* The thresholds of ntm_fmt_money, so a bar and the table beside it agree. */
    if (a >= 1e9 - 0.5e8) {
        ntm_fmt_number(num, sizeof num, dong / 1e9, 1, lang);
        snprintf(buf, size, "%s %s", num, vi ? "tỷ" : "bn");
    } else if (a >= 1e6 - 0.5e5) {
        ntm_fmt_number(num, sizeof num, dong / 1e6, a < 9.95e6 ? 1 : 0, lang);
        snprintf(buf, size, "%s %s", num, vi ? "triệu" : "m");
    } else if (a == 0) {
        snprintf(buf, size, "0");
    } else {
        ntm_fmt_number(num, sizeof num, dong, 0, lang);
        snprintf(buf, size, "%s %s", num, vi ? "đồng" : "VND");
    }
    return buf;
}

ntm_rgb ntm_chart_viridis(double t)
{
    /* viridis at 0, 1/8, ..., 1: R package viridisLite, viridis(9). */
    static const ntm_rgb stop[9] = {{0x44, 0x01, 0x54}, {0x47, 0x2D, 0x7B}, {0x3B, 0x52, 0x8B},
                                    {0x2C, 0x72, 0x8E}, {0x21, 0x90, 0x8C}, {0x27, 0xAD, 0x81},
                                    {0x5D, 0xC8, 0x63}, {0xAA, 0xDC, 0x32}, {0xFD, 0xE7, 0x25}};
    if (!(t > 0))
        t = 0; /* also NaN: callers draw missing values their own way */
    if (t > 1)
        t = 1;
    double u = t * 8;
    int k = (int)floor(u);
    if (k >= 8)
        return stop[8];
    double f = u - k;
    ntm_rgb a = stop[k], b = stop[k + 1], o;
    o.r = (unsigned char)lround(a.r + (b.r - a.r) * f);
    o.g = (unsigned char)lround(a.g + (b.g - a.g) * f);
    o.b = (unsigned char)lround(a.b + (b.b - a.b) * f);
    return o;
}

static double srgb_linear(unsigned char v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double ntm_chart_luminance(ntm_rgb c)
{
    return 0.2126 * srgb_linear(c.r) + 0.7152 * srgb_linear(c.g) + 0.0722 * srgb_linear(c.b);
}

ntm_status ntm_chart_page(ntm_canvas *cv, const char *title, const char *subtitle,
                          const char *source, const ntm_legend_item *items, size_t n, double *top,
                          double *bottom, ntm_error *err)
{
    double t, b;
    ntm_status rc = ntm_chart_frame(cv, title, subtitle, source, &t, &b, err);
    double m = NTM_CHART_MARGIN, W = ntm_canvas_width(cv), lh = 0;
    if (rc == NTM_OK && n > 0) {
        rc = ntm_chart_legend(cv, items, n, m, 0, W - 2 * m, NTM_CHART_TICK_SIZE, 0, &lh, err);
        if (rc == NTM_OK)
            rc = ntm_chart_legend(cv, items, n, m, b + 10 + lh, W - 2 * m, NTM_CHART_TICK_SIZE, 1,
                                  &lh, err);
        b += lh + 10;
    }
    *top = t;
    *bottom = b;
    return rc;
}

ntm_status ntm_chart_text_block(ntm_canvas *cv, ntm_face face, const char *lines, size_t nl,
                                double x, double mid, double size, ntm_align align, ntm_rgb col,
                                ntm_error *err)
{
    ntm_text_metrics m;
    ntm_status rc = ntm_text_measure(ntm_canvas_font(cv, face), "", size, &m, err);
    if (rc != NTM_OK)
        return rc;
    /* Centre the x-height band of the lines rather than the em box: digits and
     * lower case then sit visually in the middle of the row. */
    double block = (double)(nl - 1) * size * NTM_CHART_LINE_GAP + size * 0.72;
    double top = mid + block / 2 + (m.ascent - size * 0.72);
    return ntm_chart_text_lines(cv, face, lines, x, top, size, align, col, NULL, err);
}

ntm_status ntm_chart_fit_cell(ntm_canvas *cv, const char *text, double big, double rh, double width,
                              char *out, size_t out_size, double *size, size_t *nl, ntm_error *err)
{
    big = fmin(big, rh * 0.5);
    /* Two lines take about 2.35 em (line gap plus ascent and descent of DejaVu). */
    double two = fmin(big, (rh - 6) / 2.35);
    double one_min = big * 0.85;
    /* One line at full size; two lines when they keep nearly the full size; one line
     * a little smaller; two smaller lines, ending in "…" if they must. */
    const double try_size[3] = {big, two >= one_min ? two : one_min,
                                two >= one_min ? one_min : two};
    const size_t try_lines[3] = {1, two >= one_min ? 2 : 1, two >= one_min ? 1 : 2};
    for (int k = 0; k < 3; k++) {
        ntm_status rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, text, try_size[k], try_size[k],
                                           width, try_lines[k], out, out_size, size, nl, err);
        if (rc != NTM_OK)
            return rc;
        if (strstr(out, "…") || *nl > try_lines[k])
            continue;
        /* A single word wider than the cell is put on a line of its own: not a fit. */
        if (*nl == 1 && ntm_chart_text_width(cv, NTM_FACE_REGULAR, out, *size, err) > width)
            continue;
        return NTM_OK;
    }
    return ntm_chart_fit_text(cv, NTM_FACE_REGULAR, text, two, two * 0.8, width, 2, out, out_size,
                              size, nl, err);
}
