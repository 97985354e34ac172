/* chart_gaps.c: what closing each gap costs, as horizontal bars (see charts.h).
 *
 * Rows, top to bottom: the gaps money can close, largest first (ties keep the input
 * order), each bar stacked by funding key with a white seam between keys, the Monte
 * Carlo error bar on the total and the total written after it; then the gaps no money
 * closes before the deadline, then the gaps closed by work rather than money, each a
 * labelled row with a symbol and no bar. Key colours alternate dark and light
 * Okabe-Ito colours so neighbouring keys differ in grey print too. */
#include "render/charts.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW_H_MAX 62.0
#define ROW_H_PAGE 46.0
#define NAME_COL_MAX 470.0
#define BAR_SHARE 0.62 /* bar thickness as a share of the row */
#define ERR_W 2.5

/* Dark, light, dark, light ... (luminance 0.15, 0.44, 0.26, 0.40, 0.21, 0.77). */
static ntm_rgb key_color(size_t k)
{
    const ntm_rgb *order[NTM_GAPS_MAX_KEYS] = {&NTM_RGB_BLUE, &NTM_RGB_ORANGE,     &NTM_RGB_GREEN,
                                               &NTM_RGB_SKY,  &NTM_RGB_VERMILLION, &NTM_RGB_YELLOW};
    return *order[k % NTM_GAPS_MAX_KEYS];
}

static const ntm_rgb C_UNREACHABLE = {0xA3, 0x3F, 0x00}; /* vermillion darkened for text */

static double row_total(const ntm_chart_gaps *c, const ntm_gap_row *r)
{
    double t = 0;
    for (size_t k = 0; k < c->n_keys; k++)
        t += r->by_key[k];
    return t;
}

static ntm_status gaps_check(const ntm_chart_gaps *c, ntm_error *err)
{
    const char *ti = c->title ? c->title : "";
    if (c->n == 0 || c->n > NTM_GAPS_MAX || !c->rows)
        return ntm_error_set(err, NTM_EINPUT, "gaps '%s': needs 1 to %d gaps, got %zu", ti,
                             NTM_GAPS_MAX, c->rows ? c->n : 0);
    if (c->n_keys == 0 || c->n_keys > NTM_GAPS_MAX_KEYS || !c->keys)
        return ntm_error_set(err, NTM_EINPUT, "gaps '%s': needs 1 to %d funding keys, got %zu", ti,
                             NTM_GAPS_MAX_KEYS, c->keys ? c->n_keys : 0);
    if (!isnan(c->confidence) && !(c->confidence > 0 && c->confidence < 1))
        return ntm_error_set(err, NTM_EINPUT, "gaps '%s': confidence = %g is not in (0, 1)", ti,
                             c->confidence);
    for (size_t i = 0; i < c->n; i++) {
        const ntm_gap_row *r = &c->rows[i];
        if (r->kind != NTM_GAP_COST && r->kind != NTM_GAP_UNREACHABLE && r->kind != NTM_GAP_EFFORT)
            return ntm_error_set(err, NTM_EINPUT, "gaps '%s': rows[%zu].kind %d is not a gap kind",
                                 ti, i, (int)r->kind);
        if (r->kind != NTM_GAP_COST)
            continue;
        if (!r->by_key)
            return ntm_error_set(err, NTM_EINPUT, "gaps '%s': rows[%zu].by_key is missing", ti, i);
        for (size_t k = 0; k < c->n_keys; k++)
            if (!isfinite(r->by_key[k]) || r->by_key[k] < 0)
                return ntm_error_set(err, NTM_EINPUT,
                                     "gaps '%s': rows[%zu].by_key[%zu] = %g is not an amount >= 0",
                                     ti, i, k, r->by_key[k]);
        if (!isfinite(r->mc_err) || r->mc_err < 0)
            return ntm_error_set(err, NTM_EINPUT,
                                 "gaps '%s': rows[%zu].mc_err = %g is not an amount >= 0", ti, i,
                                 r->mc_err);
    }
    return NTM_OK;
}

/* The drawing order: costs largest first (stable), then unreachable, then effort. */
static void order_rows(const ntm_chart_gaps *c, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->rows[i].kind == NTM_GAP_COST)
            idx[n++] = i;
    /* Insertion sort: stable, and n <= NTM_GAPS_MAX. */
    for (size_t a = 1; a < n; a++) {
        size_t v = idx[a];
        double tv = row_total(c, &c->rows[v]);
        size_t b = a;
        while (b > 0 && row_total(c, &c->rows[idx[b - 1]]) < tv) {
            idx[b] = idx[b - 1];
            b--;
        }
        idx[b] = v;
    }
    for (int kind = NTM_GAP_UNREACHABLE; kind <= NTM_GAP_EFFORT; kind++)
        for (size_t i = 0; i < c->n; i++)
            if ((int)c->rows[i].kind == kind)
                idx[n++] = i;
}

/* The label "3,5 tỷ ± 0,4 tỷ" of a cost row. */
static void total_label(char *buf, size_t size, double total, double e, ntm_lang lang)
{
    char a[64], b[64];
    ntm_chart_fmt_money_short(a, sizeof a, total, lang);
    if (e > 0) {
        ntm_chart_fmt_money_short(b, sizeof b, e, lang);
        snprintf(buf, size, "%s ± %s", a, b);
    } else {
        snprintf(buf, size, "%s", a);
    }
}

ntm_status ntm_chart_gaps_render(const ntm_chart_gaps *c, const char *out_path, ntm_error *err)
{
    ntm_image_format fmt;
    ntm_status rc = ntm_canvas_format_of(out_path, &fmt, err);
    if (rc == NTM_OK)
        rc = gaps_check(c, err);
    if (rc != NTM_OK)
        return rc;
    ntm_lang lang = c->lang;
    size_t idx[NTM_GAPS_MAX];
    order_rows(c, idx);
    double W = 1600, m = NTM_CHART_MARGIN, tk = NTM_CHART_TICK_SIZE;
    double H = 380 + (c->n <= 8 ? ROW_H_MAX : ROW_H_PAGE) * (double)c->n;
    ntm_canvas *cv;
    rc = ntm_canvas_new(&cv, W, H, err);
    if (rc != NTM_OK)
        return rc;

    /* ---- subtitle: confidence and total ---- */
    double grand = 0, vmax = 0;
    size_t n_cost = 0, n_unreach = 0, n_effort = 0;
    int any_err = 0;
    for (size_t i = 0; i < c->n; i++) {
        const ntm_gap_row *r = &c->rows[i];
        if (r->kind == NTM_GAP_COST) {
            double t = row_total(c, r);
            grand += t;
            vmax = fmax(vmax, t + r->mc_err);
            any_err |= r->mc_err > 0;
            n_cost++;
        } else if (r->kind == NTM_GAP_UNREACHABLE) {
            n_unreach++;
        } else {
            n_effort++;
        }
    }
    char sub[1024], extra[512], money[64], pc[32];
    size_t o = 0;
    extra[0] = '\0';
    if (!isnan(c->confidence)) {
        ntm_fmt_percent(pc, sizeof pc, 100 * c->confidence, 0, lang);
        o += (size_t)snprintf(extra + o, sizeof extra - o, ntm_i18n(lang, "Confidence %s · "), pc);
    }
    ntm_fmt_money(money, sizeof money, grand, lang);
    if (o < sizeof extra)
        o += (size_t)snprintf(extra + o, sizeof extra - o, ntm_i18n(lang, "Total %s for %zu gaps"),
                              money, n_cost);
    if (n_unreach && o < sizeof extra)
        o += (size_t)snprintf(extra + o, sizeof extra - o,
                              ntm_i18n(lang, "; %zu cannot be met in time"), n_unreach);
    if (n_effort && o < sizeof extra)
        snprintf(extra + o, sizeof extra - o, ntm_i18n(lang, "; %zu not about money"), n_effort);
    snprintf(sub, sizeof sub, "%s%s%s", c->subtitle ? c->subtitle : "",
             c->subtitle && *c->subtitle ? " · " : "", extra);
    ntm_chart_utf8_trim(sub);

    /* ---- legend: keys, then the error bar ---- */
    ntm_legend_item it[NTM_GAPS_MAX_KEYS + 1];
    ntm_legend_item z = {0};
    size_t ni = 0;
    for (size_t k = 0; k < c->n_keys; k++) {
        it[ni] = z;
        it[ni].label = c->keys[k] ? c->keys[k] : "";
        it[ni].swatch = NTM_SWATCH_BAND;
        it[ni++].color = key_color(k);
    }
    if (any_err) {
        it[ni] = z;
        it[ni].label = ntm_i18n(lang, "Monte Carlo error");
        it[ni].swatch = NTM_SWATCH_SYMBOL;
        it[ni].symbol = "±";
        it[ni++].color = NTM_RGB_TEXT;
    }
    double top, bottom;
    rc = ntm_chart_page(cv, c->title, sub, c->source, it, ni, &top, &bottom, err);

    /* ---- money axis: tỷ from about 1 tỷ up, else triệu ---- */
    int in_ty = vmax >= 1e9 - 0.5e8;
    double unit = in_ty ? 1e9 : 1e6;
    ntm_ticks xt;
    if (rc == NTM_OK)
        rc = ntm_chart_nice_ticks(0, vmax > 0 ? vmax / unit : 1, 6, 0, &xt, err);

    /* ---- columns ---- */
    char label[768], lines[1024], tl[160];
    double name_w = 0, total_w = 0;
    for (size_t i = 0; i < c->n && rc == NTM_OK; i++) {
        const ntm_gap_row *r = &c->rows[i];
        snprintf(label, sizeof label, "%s%s%s", r->code ? r->code : "",
                 r->code && *r->code ? ". " : "", r->name ? r->name : "");
        ntm_chart_utf8_trim(label);
        name_w = fmax(name_w,
                      ntm_chart_text_width(cv, NTM_FACE_REGULAR, label, NTM_CHART_LABEL_SIZE, err));
        if (r->kind == NTM_GAP_COST) {
            total_label(tl, sizeof tl, row_total(c, r), r->mc_err, lang);
            total_w = fmax(total_w, ntm_chart_text_width(cv, NTM_FACE_BOLD, tl, tk, err));
        }
    }
    double nx0 = m,
           nw = fmin(NAME_COL_MAX, fmax(200, name_w > NAME_COL_MAX ? name_w / 2 + 40 : name_w));
    double ax0 = nx0 + nw + 24, ax1 = W - m - total_w - 20;
    ntm_plotarea pa = {ax0, 0, ax1, 0, 0, xt.hi, 0, 1};
    double axis_y = bottom + tk * 3.2; /* room for tick labels and the axis title */
    double rows_top = top - 12;
    double rh = fmin(ROW_H_MAX, (rows_top - axis_y) / (double)c->n);
    if (rc == NTM_OK && rh < 22)
        rc = ntm_error_set(err, NTM_ERENDER, "gaps '%s': no room left for the rows",
                           c->title ? c->title : "");
    axis_y = rows_top - rh * (double)c->n;

    /* ---- grid and axis ---- */
    char buf[64];
    for (size_t t = 0; t < xt.n && rc == NTM_OK; t++) {
        double v = ntm_ticks_value(&xt, t);
        double x = ntm_plotarea_x(&pa, v);
        if (t > 0)
            rc = ntm_chart_line(cv, x, axis_y, x, rows_top, NTM_RGB_GRID, 1.5, NTM_DASH_SOLID, err);
        ntm_fmt_number(buf, sizeof buf, v, xt.decimals, lang);
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_REGULAR, buf, x, axis_y - tk * 1.3, tk, 0,
                                NTM_ALIGN_CENTER, NTM_RGB_MUTED, err);
    }
    if (rc == NTM_OK)
        rc = ntm_chart_text(
            cv, NTM_FACE_REGULAR,
            in_ty ? ntm_i18n(lang, "Cost (billion VND)") : ntm_i18n(lang, "Cost (million VND)"),
            (ax0 + ax1) / 2, axis_y - tk * 2.75, tk, 0, NTM_ALIGN_CENTER, NTM_RGB_MUTED, err);

    /* ---- rows ---- */
    for (size_t k = 0; k < c->n && rc == NTM_OK; k++) {
        const ntm_gap_row *r = &c->rows[idx[k]];
        double ytop = rows_top - rh * (double)k, mid = ytop - rh / 2;
        if (k > 0 && r->kind != c->rows[idx[k - 1]].kind)
            rc = ntm_chart_line(cv, m, ytop, W - m, ytop, NTM_RGB_AXIS, 1.2, NTM_DASH_DOTTED, err);
        snprintf(label, sizeof label, "%s%s%s", r->code ? r->code : "",
                 r->code && *r->code ? ". " : "", r->name ? r->name : "");
        ntm_chart_utf8_trim(label);
        double size;
        size_t nl;
        if (rc == NTM_OK)
            rc = ntm_chart_fit_cell(cv, label, NTM_CHART_LABEL_SIZE, rh, nw, lines, sizeof lines,
                                    &size, &nl, err);
        if (rc == NTM_OK)
            rc = ntm_chart_text_block(cv, NTM_FACE_REGULAR, lines, nl, nx0, mid, size,
                                      NTM_ALIGN_LEFT, NTM_RGB_TEXT, err);
        if (rc != NTM_OK)
            break;
        if (r->kind != NTM_GAP_COST) {
            int un = r->kind == NTM_GAP_UNREACHABLE;
            const char *t = un ? ntm_i18n(lang, "Cannot be met before the deadline")
                               : ntm_i18n(lang, "Not a matter of money");
            double s = fmin(rh * 0.62, 30);
            rc =
                ntm_chart_symbol_tile(cv, ax0 + 4, mid - s / 2, s,
                                      un ? NTM_RGB_VERMILLION : NTM_RGB_MUTED, un ? "✗" : "–", err);
            double ts = fmin(tk, rh * 0.45);
            if (rc == NTM_OK)
                rc = ntm_chart_text(cv, NTM_FACE_BOLD, t, ax0 + s + 14, mid - ts * 0.36, ts, 0,
                                    NTM_ALIGN_LEFT, un ? C_UNREACHABLE : NTM_RGB_MUTED, err);
            continue;
        }
        double b0 = mid - rh * BAR_SHARE / 2, b1 = mid + rh * BAR_SHARE / 2;
        double acc = 0;
        for (size_t key = 0; key < c->n_keys && rc == NTM_OK; key++) {
            double v = r->by_key[key];
            if (v <= 0)
                continue;
            double x0 = ntm_plotarea_x(&pa, acc / unit), x1 = ntm_plotarea_x(&pa, (acc + v) / unit);
            acc += v;
            /* A white seam between keys (a grey-print cue); none on a hair-thin segment. */
            rc = ntm_chart_rect(cv, x0, b0, x1, b1, 1, key_color(key), NTM_RGB_WHITE,
                                x1 - x0 > 4 ? 1.5 : 0, err);
        }
        double total = acc;
        double xe = ntm_plotarea_x(&pa, (total + r->mc_err) / unit);
        if (rc == NTM_OK && r->mc_err > 0) {
            double xa = ntm_plotarea_x(&pa, fmax(0, total - r->mc_err) / unit);
            double cap = rh * 0.22;
            /* A white halo under the dark line keeps it visible on a dark bar. */
            rc =
                ntm_chart_line(cv, xa, mid, xe, mid, NTM_RGB_WHITE, ERR_W + 3, NTM_DASH_SOLID, err);
            if (rc == NTM_OK)
                rc = ntm_chart_line(cv, xa, mid, xe, mid, NTM_RGB_TEXT, ERR_W, NTM_DASH_SOLID, err);
            if (rc == NTM_OK)
                rc = ntm_chart_line(cv, xa, mid - cap, xa, mid + cap, NTM_RGB_TEXT, ERR_W,
                                    NTM_DASH_SOLID, err);
            if (rc == NTM_OK)
                rc = ntm_chart_line(cv, xe, mid - cap, xe, mid + cap, NTM_RGB_TEXT, ERR_W,
                                    NTM_DASH_SOLID, err);
        }
        total_label(tl, sizeof tl, total, r->mc_err, lang);
        double ts = fmin(tk, rh * 0.45);
        double lx = fmax(xe, ntm_plotarea_x(&pa, total / unit)) + 10;
        if (rc == NTM_OK)
            rc = ntm_chart_text(cv, NTM_FACE_BOLD, tl, lx, mid - ts * 0.36, ts, 0, NTM_ALIGN_LEFT,
                                NTM_RGB_TEXT, err);
    }
    if (rc == NTM_OK)
        rc = ntm_chart_line(cv, ax0, axis_y, ax0, rows_top, NTM_RGB_AXIS, 2, NTM_DASH_SOLID, err);
    if (rc == NTM_OK)
        rc = ntm_chart_line(cv, ax0, axis_y, ax1, axis_y, NTM_RGB_AXIS, 2, NTM_DASH_SOLID, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_set_title(cv, c->title, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_save(cv, out_path, err);
    ntm_canvas_free(cv);
    return rc;
}
