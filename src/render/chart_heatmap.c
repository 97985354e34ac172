/* chart_heatmap.c: units x criteria coloured by P(met by the deadline) (see charts.h).
 *
 * Cells use viridis, whose lightness rises steadily from 0 to 1, so the order of the
 * colours survives grey print and colour-blind reading; the percentage is written in
 * every cell large enough to hold it, in white or dark text by the cell's luminance.
 * Cells not assessed (NaN) are light grey, hatched and marked "?", and named in the
 * key. Units keep the order given (the caller sorts). */
#include "render/charts.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_COL_MAX 340.0
#define CELL_W_MAX 200.0
#define HEADER_MAX 320.0          /* rotated criterion labels: the tallest header */
#define HORIZONTAL_MIN_CELL 130.0 /* cells at least this wide get horizontal labels */
#define KEY_H 78.0                /* the colour bar block under the grid */
#define CBAR_W 520.0
#define CBAR_STEPS 100
#define LIGHT_TEXT_BELOW 0.30 /* cell luminance under which the value is written in white */
static const ntm_rgb C_NA = {0xE4, 0xE4, 0xE4};

static ntm_status heatmap_check(const ntm_chart_heatmap *c, ntm_error *err)
{
    const char *ti = c->title ? c->title : "";
    if (c->n_units == 0 || c->n_units > NTM_HEATMAP_MAX_UNITS || !c->units)
        return ntm_error_set(err, NTM_EINPUT, "heatmap '%s': needs 1 to %d units, got %zu", ti,
                             NTM_HEATMAP_MAX_UNITS, c->units ? c->n_units : 0);
    if (c->n_criteria == 0 || c->n_criteria > NTM_HEATMAP_MAX_CRITERIA || !c->criteria)
        return ntm_error_set(err, NTM_EINPUT, "heatmap '%s': needs 1 to %d criteria, got %zu", ti,
                             NTM_HEATMAP_MAX_CRITERIA, c->criteria ? c->n_criteria : 0);
    if (!c->p)
        return ntm_error_set(err, NTM_EINPUT, "heatmap '%s': the probabilities p are missing", ti);
    for (size_t u = 0; u < c->n_units; u++)
        for (size_t k = 0; k < c->n_criteria; k++) {
            double v = c->p[u * c->n_criteria + k];
            if (!isnan(v) && !(v >= 0 && v <= 1))
                return ntm_error_set(err, NTM_EINPUT,
                                     "heatmap '%s': p[%zu] (unit %zu '%s', criterion %zu '%s') = "
                                     "%g is not a probability",
                                     ti, u * c->n_criteria + k, u, c->units[u] ? c->units[u] : "",
                                     k, c->criteria[k] ? c->criteria[k] : "", v);
        }
    return NTM_OK;
}

/* "62", "<1", ">99": a percentage that never claims 0 or 100 falsely. */
static void cell_text(char *buf, size_t size, double p, ntm_lang lang)
{
    double v = round(p * 100);
    if (p > 0 && v == 0)
        snprintf(buf, size, "<1");
    else if (p < 1 && v == 100)
        snprintf(buf, size, ">99");
    else
        ntm_fmt_number(buf, size, v, 0, lang);
}

ntm_status ntm_chart_heatmap_render(const ntm_chart_heatmap *c, const char *out_path,
                                    ntm_error *err)
{
    ntm_image_format fmt;
    ntm_status rc = ntm_canvas_format_of(out_path, &fmt, err);
    if (rc == NTM_OK)
        rc = heatmap_check(c, err);
    if (rc != NTM_OK)
        return rc;
    ntm_lang lang = c->lang;
    size_t nu = c->n_units, nk = c->n_criteria;
    double W = 1600, m = NTM_CHART_MARGIN;
    double rh_page = nu <= 12 ? 50 : nu <= 25 ? 38 : 31;

    /* ---- measure first (the page height depends on the header) ---- */
    ntm_font *font;
    rc = ntm_font_new(&font, NTM_FONT_REGULAR, err);
    if (rc != NTM_OK)
        return rc;
    double us = 19, uw = 0, header = 0;
    ntm_text_metrics tm;
    for (size_t u = 0; u < nu && rc == NTM_OK; u++) {
        rc = ntm_text_measure(font, c->units[u] ? c->units[u] : "", us, &tm, err);
        uw = fmax(uw, tm.width);
    }
    uw = fmin(UNIT_COL_MAX, fmax(80, uw));
    double gx0 = m + uw + 14;
    double cw = fmin(CELL_W_MAX, (W - m - gx0) / (double)nk);
    int horizontal = cw >= HORIZONTAL_MIN_CELL;
    double hs = fmin(18, cw * 0.42);
    for (size_t k = 0; k < nk && rc == NTM_OK; k++) {
        rc = ntm_text_measure(font, c->criteria[k] ? c->criteria[k] : "", hs, &tm, err);
        header = fmax(header, tm.width);
    }
    ntm_font_free(font);
    if (rc != NTM_OK)
        return rc;
    /* One size for every rotated label (a column with a smaller label reads as less
     * important): the size at which the longest fits, down to 80%; longer ones end in "…". */
    if (!horizontal && header > HEADER_MAX - 12) {
        double f = fmax(0.8, (HEADER_MAX - 12) / header);
        hs *= f;
        header *= f;
    }
    header = horizontal ? hs * NTM_CHART_LINE_GAP * 3 + 10 : fmin(HEADER_MAX, header + 12);
    /* Title, subtitle and source take about 240 units. */
    double H = 240 + KEY_H + header + rh_page * (double)nu;
    ntm_canvas *cv;
    rc = ntm_canvas_new(&cv, W, H, err);
    if (rc != NTM_OK)
        return rc;
    int any_na = 0;
    for (size_t i = 0; i < nu * nk; i++)
        any_na |= isnan(c->p[i]) != 0;

    char sub[1024];
    const char *what = ntm_i18n(lang, "Numbers in cells: chance of meeting by the deadline (%)");
    snprintf(sub, sizeof sub, "%s%s%s", c->subtitle ? c->subtitle : "",
             c->subtitle && *c->subtitle ? " · " : "", what);
    ntm_chart_utf8_trim(sub);
    double top, bottom;
    rc = ntm_chart_page(cv, c->title, sub, c->source, NULL, 0, &top, &bottom, err);

    /* ---- header: criterion labels ---- */
    double gy1 = top - 12 - header; /* top of the grid */
    double key_top = bottom + KEY_H;
    double rh = fmin(rh_page * 1.2, (gy1 - key_top - 16) / (double)nu);
    if (rc == NTM_OK && rh < 18)
        rc = ntm_error_set(err, NTM_ERENDER, "heatmap '%s': no room left for the rows",
                           c->title ? c->title : "");
    char lines[1024];
    double size;
    size_t nl;
    for (size_t k = 0; k < nk && rc == NTM_OK; k++) {
        const char *t = c->criteria[k] ? c->criteria[k] : "";
        double cx = gx0 + cw * ((double)k + 0.5);
        if (horizontal) {
            rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, t, hs, hs * 0.8, cw - 8, 3, lines,
                                    sizeof lines, &size, &nl, err);
            /* Bottom-aligned over the column. */
            double block = (double)(nl - 1) * size * NTM_CHART_LINE_GAP;
            if (rc == NTM_OK)
                rc = ntm_chart_text_lines(cv, NTM_FACE_REGULAR, lines, cx, gy1 + 8 + block + size,
                                          size, NTM_ALIGN_CENTER, NTM_RGB_TEXT, NULL, err);
        } else {
            rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, t, hs, hs, header - 12, 1, lines,
                                    sizeof lines, &size, &nl, err);
            /* Rotated 90°: the glyphs' up is the page's left, so the baseline sits right
             * of the column centre by about half the x-height. */
            if (rc == NTM_OK)
                rc = ntm_chart_text(cv, NTM_FACE_REGULAR, lines, cx + size * 0.36, gy1 + 8, size,
                                    90, NTM_ALIGN_LEFT, NTM_RGB_TEXT, err);
        }
    }

    /* ---- rows ---- */
    double vs = fmin(20, fmin(rh * 0.5, cw * 0.34));
    char v[32];
    for (size_t u = 0; u < nu && rc == NTM_OK; u++) {
        double y1 = gy1 - rh * (double)u, y0 = y1 - rh, mid = (y0 + y1) / 2;
        rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, c->units[u] ? c->units[u] : "",
                                fmin(us, rh * 0.6), fmin(us, rh * 0.6) * 0.8, uw, 1, lines,
                                sizeof lines, &size, &nl, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text_block(cv, NTM_FACE_REGULAR, lines, 1, gx0 - 10, mid, size,
                                      NTM_ALIGN_RIGHT, NTM_RGB_TEXT, err);
        for (size_t k = 0; k < nk && rc == NTM_OK; k++) {
            double p = c->p[u * nk + k];
            double x0 = gx0 + cw * (double)k, x1 = x0 + cw;
            int na = isnan(p) != 0;
            ntm_rgb fill = na ? C_NA : ntm_chart_viridis(p);
            rc = ntm_chart_rect(cv, x0, y0, x1, y1, 1, fill, NTM_RGB_WHITE, 1.5, err);
            if (rc == NTM_OK && na)
                rc =
                    ntm_chart_hatch(cv, x0 + 1, y0 + 1, x1 - 1, y1 - 1, 9, NTM_RGB_WHITE, 1.5, err);
            if (rc != NTM_OK || vs < 10)
                continue;
            if (na)
                snprintf(v, sizeof v, "?");
            else
                cell_text(v, sizeof v, p, lang);
            double w = ntm_chart_text_width(cv, NTM_FACE_REGULAR, v, vs, err);
            if (w > cw - 6)
                continue;
            ntm_rgb tc =
                ntm_chart_luminance(fill) < LIGHT_TEXT_BELOW ? NTM_RGB_WHITE : NTM_RGB_TEXT;
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, v, (x0 + x1) / 2, mid - vs * 0.36, vs, 0,
                                NTM_ALIGN_CENTER, tc, err);
        }
    }

    /* ---- key: the colour bar 0-100%, and the grey "not assessed" cell ---- */
    double tk = NTM_CHART_TICK_SIZE;
    double kx = m, ky1 = key_top - 8, ky0 = ky1 - 24;
    const char *kt = ntm_i18n(lang, "Chance of meeting by the deadline");
    if (rc == NTM_OK)
        rc = ntm_chart_text(cv, NTM_FACE_REGULAR, kt, kx, ky0 + 4, tk, 0, NTM_ALIGN_LEFT,
                            NTM_RGB_TEXT, err);
    double bx0 = kx + ntm_chart_text_width(cv, NTM_FACE_REGULAR, kt, tk, err) + 20,
           bx1 = bx0 + CBAR_W;
    for (int s = 0; s < CBAR_STEPS && rc == NTM_OK; s++) {
        double a = bx0 + CBAR_W * s / CBAR_STEPS, b = bx0 + CBAR_W * (s + 1) / CBAR_STEPS;
        ntm_rgb col = ntm_chart_viridis((s + 0.5) / CBAR_STEPS);
        /* Each step overlaps the next by a hair so no white seam shows when rasterised. */
        rc = ntm_chart_rect(cv, a, ky0, s + 1 < CBAR_STEPS ? b + 0.6 : b, ky1, 1, col, col, 0, err);
    }
    for (int t = 0; t <= 5 && rc == NTM_OK; t++) {
        double x = bx0 + CBAR_W * t / 5.0;
        char pct[32];
        ntm_fmt_percent(pct, sizeof pct, 20.0 * t, 0, lang);
        rc = ntm_chart_line(cv, x, ky0 - 6, x, ky0, NTM_RGB_AXIS, 1.5, NTM_DASH_SOLID, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, pct, x, ky0 - 6 - tk, tk * 0.9, 0,
                                NTM_ALIGN_CENTER, NTM_RGB_MUTED, err);
    }
    if (rc == NTM_OK && any_na) {
        double nx = bx1 + 40, s = ky1 - ky0;
        rc = ntm_chart_rect(cv, nx, ky0, nx + s * 1.6, ky1, 1, C_NA, C_NA, 0, err);
        if (rc == NTM_OK)
            rc = ntm_chart_hatch(cv, nx, ky0, nx + s * 1.6, ky1, 9, NTM_RGB_WHITE, 1.5, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, ntm_i18n(lang, "? Unknown (not assessed)"),
                                nx + s * 1.6 + 12, ky0 + 4, tk, 0, NTM_ALIGN_LEFT, NTM_RGB_TEXT,
                                err);
    }
    if (rc == NTM_OK)
        rc = ntm_canvas_set_title(cv, c->title, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_save(cv, out_path, err);
    ntm_canvas_free(cv);
    return rc;
}
