/* chart_scorecard.c: the criteria of one commune as a grid of tiles (see charts.h).
 *
 * Each state has three cues, so the card reads in grey print and for colour-blind
 * readers: an Okabe-Ito colour, a symbol (✓ ! ✗ ?) and the state written out; unmet
 * tiles are also hatched. Names are fitted to their tile by shrinking, then wrapping,
 * then ending in "…", all measured. */
#include "render/charts.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *ntm_crit_state_name(ntm_crit_state s, ntm_lang lang)
{
    switch (s) {
    case NTM_CRIT_MET: return ntm_i18n(lang, "Met");
    case NTM_CRIT_AT_RISK: return ntm_i18n(lang, "Met, at risk");
    case NTM_CRIT_UNMET: return ntm_i18n(lang, "Not met");
    case NTM_CRIT_UNKNOWN: break;
    }
    return ntm_i18n(lang, "Unknown");
}

static const char *state_symbol(ntm_crit_state s)
{
    switch (s) {
    case NTM_CRIT_MET: return "\xE2\x9C\x93"; /* ✓ U+2713 */
    case NTM_CRIT_AT_RISK: return "!";
    case NTM_CRIT_UNMET: return "\xE2\x9C\x97"; /* ✗ U+2717 */
    case NTM_CRIT_UNKNOWN: break;
    }
    return "?";
}

static const ntm_rgb GREY_UNKNOWN = {0x8C, 0x8C, 0x8C};

static ntm_rgb state_color(ntm_crit_state s)
{
    switch (s) {
    case NTM_CRIT_MET: return NTM_RGB_GREEN;
    case NTM_CRIT_AT_RISK: return NTM_RGB_ORANGE;
    case NTM_CRIT_UNMET: return NTM_RGB_VERMILLION;
    case NTM_CRIT_UNKNOWN: break;
    }
    return GREY_UNKNOWN;
}

/* A darker shade for text in the state's colour (contrast on a light tile). */
static ntm_rgb darken(ntm_rgb c, double k)
{
    ntm_rgb o = {(unsigned char)lround(c.r * k), (unsigned char)lround(c.g * k),
                 (unsigned char)lround(c.b * k)};
    return o;
}

#define TILE_TINT 0.88
#define CELL_GAP 14.0
#define CELL_PAD 12.0

static ntm_status draw_cell(ntm_canvas *cv, const ntm_scorecard_item *it, double x0, double y0,
                            double x1, double y1, ntm_lang lang, ntm_error *err)
{
    ntm_rgb col = state_color(it->state);
    double h = y1 - y0, w = x1 - x0;
    ntm_status rc =
        ntm_chart_rect(cv, x0, y0, x1, y1, 1, ntm_chart_tint(col, TILE_TINT), col, 0, err);
    if (rc == NTM_OK && it->state == NTM_CRIT_UNMET)
        rc = ntm_chart_hatch(cv, x0, y0, x1, y1, 16, ntm_chart_tint(col, 0.7), 2.0, err);
    if (rc == NTM_OK)
        rc = ntm_chart_rect(cv, x0, y0, x1, y1, 0, col, col, 3, err);
    if (rc != NTM_OK)
        return rc;
    /* The symbol tile, top left. */
    double s = fmin(h * 0.42, 58);
    double tx = x0 + CELL_PAD, ty = y1 - CELL_PAD - s;
    rc = ntm_chart_symbol_tile(cv, tx, ty, s, col, state_symbol(it->state), err);
    if (rc != NTM_OK)
        return rc;
    /* Text column right of the tile: "11. Nghèo đa chiều", the state, the detail. */
    double cx = tx + s + CELL_PAD, cw = x1 - CELL_PAD - cx;
    double name_size = fmin(24, h * 0.16), min_size = name_size * 0.7;
    char label[768], lines[1024];
    snprintf(label, sizeof label, "%s%s%s", it->number ? it->number : "",
             it->number && *it->number ? ". " : "", it->name ? it->name : "");
    ntm_chart_utf8_trim(label);
    double size;
    size_t nl;
    double small = fmin(19, h * 0.13);
    int has_detail = it->detail && *it->detail;
    /* Lines available for the name: what is left after state (+ detail) lines. */
    double avail = h - 2 * CELL_PAD - small * NTM_CHART_LINE_GAP * (has_detail ? 2.2 : 1.2);
    size_t max_lines = (size_t)fmax(1, floor(avail / (name_size * NTM_CHART_LINE_GAP)));
    if (max_lines > 3)
        max_lines = 3;
    rc = ntm_chart_fit_text(cv, NTM_FACE_BOLD, label, name_size, min_size, cw, max_lines, lines,
                            sizeof lines, &size, &nl, err);
    double y = y1 - CELL_PAD;
    if (rc == NTM_OK)
        rc = ntm_chart_text_lines(cv, NTM_FACE_BOLD, lines, cx, y, size, NTM_ALIGN_LEFT,
                                  NTM_RGB_TEXT, &y, err);
    y -= 4;
    if (rc == NTM_OK)
        rc = ntm_chart_fit_text(cv, NTM_FACE_BOLD, ntm_crit_state_name(it->state, lang), small,
                                small * 0.7, cw, 1, lines, sizeof lines, &size, &nl, err);
    if (rc == NTM_OK)
        rc = ntm_chart_text_lines(cv, NTM_FACE_BOLD, lines, cx, y, size, NTM_ALIGN_LEFT,
                                  darken(col, 0.62), &y, err);
    if (rc == NTM_OK && has_detail) {
        /* The detail sits on the cell's bottom line, across the whole width. */
        rc = ntm_chart_fit_text(cv, NTM_FACE_REGULAR, it->detail, small, small * 0.7,
                                w - 2 * CELL_PAD, 1, lines, sizeof lines, &size, &nl, err);
        ntm_text_metrics m = {0};
        if (rc == NTM_OK)
            rc = ntm_text_measure(ntm_canvas_font(cv, NTM_FACE_REGULAR), lines, size, &m, err);
        double base = y0 + CELL_PAD * 0.8 + m.descent;
        if (rc == NTM_OK && base + m.ascent < fmin(y, ty) - 2)
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, lines, x0 + CELL_PAD, base, size, 0,
                                NTM_ALIGN_LEFT, NTM_RGB_TEXT, err);
    }
    return rc;
}

ntm_status ntm_chart_scorecard_render(const ntm_chart_scorecard *c, const char *out_path,
                                      ntm_error *err)
{
    ntm_image_format fmt;
    ntm_status rc = ntm_canvas_format_of(out_path, &fmt, err);
    if (rc != NTM_OK)
        return rc;
    if (c->n == 0 || c->n > NTM_SCORECARD_MAX || !c->items)
        return ntm_error_set(err, NTM_EINPUT, "scorecard '%s': needs 1 to %d criteria, got %zu",
                             c->title ? c->title : "", NTM_SCORECARD_MAX, c->n);
    size_t count[4] = {0};
    for (size_t i = 0; i < c->n; i++) {
        if ((unsigned)c->items[i].state > NTM_CRIT_UNKNOWN)
            return ntm_error_set(err, NTM_EINPUT,
                                 "scorecard '%s': criterion %zu has an unknown state %d",
                                 c->title ? c->title : "", i + 1, (int)c->items[i].state);
        count[c->items[i].state]++;
    }
    size_t cols = c->n <= 3 ? c->n : c->n <= 8 ? 4 : c->n <= 20 ? 5 : c->n <= 30 ? 6 : 8;
    size_t rows = (c->n + cols - 1) / cols;
    /* A slide (16:9) from three rows on; one or two rows get a shorter page so the
     * legend stays near the tiles. */
    double H = rows <= 2 ? 330 + 190 * (double)rows : fmax(900, 330 + 150 * (double)rows);
    ntm_canvas *cv;
    rc = ntm_canvas_new(&cv, 1600, H, err);
    if (rc != NTM_OK)
        return rc;
    /* Subtitle: the counts, which the committee reads first. */
    char sub[1024], counts[512];
    ntm_lang L = c->lang;
    snprintf(counts, sizeof counts,
             ntm_i18n(L, "Met %zu/%zu criteria (%zu of them at risk) · Not met %zu · Unknown %zu"),
             count[NTM_CRIT_MET] + count[NTM_CRIT_AT_RISK], c->n, count[NTM_CRIT_AT_RISK],
             count[NTM_CRIT_UNMET], count[NTM_CRIT_UNKNOWN]);
    snprintf(sub, sizeof sub, "%s%s%s", c->subtitle ? c->subtitle : "",
             c->subtitle && *c->subtitle ? " · " : "", counts);
    ntm_chart_utf8_trim(sub);
    double top, bottom;
    rc = ntm_chart_frame(cv, c->title, sub, c->source, &top, &bottom, err);
    ntm_legend_item items[4];
    for (int s = 0; s < 4; s++) {
        ntm_legend_item z = {0};
        items[s] = z;
        items[s].label = ntm_crit_state_name((ntm_crit_state)s, L);
        items[s].swatch = NTM_SWATCH_SYMBOL;
        items[s].color = state_color((ntm_crit_state)s);
        items[s].symbol = state_symbol((ntm_crit_state)s);
    }
    double m = NTM_CHART_MARGIN, W = 1600, lh = 0;
    if (rc == NTM_OK)
        rc = ntm_chart_legend(cv, items, 4, m, 0, W - 2 * m, NTM_CHART_TICK_SIZE, 0, &lh, err);
    if (rc == NTM_OK)
        rc = ntm_chart_legend(cv, items, 4, m, bottom + 10 + lh, W - 2 * m, NTM_CHART_TICK_SIZE, 1,
                              &lh, err);
    bottom += lh + 22;
    top -= 16;
    double cw = (W - 2 * m - CELL_GAP * (double)(cols - 1)) / (double)cols;
    double ch = (top - bottom - CELL_GAP * (double)(rows - 1)) / (double)rows;
    if (ch > 190)
        ch = 190; /* a few criteria: keep tiles card-sized, not stretched */
    for (size_t i = 0; i < c->n && rc == NTM_OK; i++) {
        size_t r = i / cols, k = i % cols;
        double x0 = m + (double)k * (cw + CELL_GAP);
        double y1 = top - (double)r * (ch + CELL_GAP);
        rc = draw_cell(cv, &c->items[i], x0, y1 - ch, x0 + cw, y1, L, err);
    }
    if (rc == NTM_OK)
        rc = ntm_canvas_set_title(cv, c->title, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_save(cv, out_path, err);
    ntm_canvas_free(cv);
    return rc;
}
