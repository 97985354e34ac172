/* chart_roadmap.c: the roadmap (lộ trình), a Gantt of criteria x years (see charts.h).
 *
 * Columns, left to right: the criterion, one column per year, an arrow zone for "not by
 * the horizon", the row's total money, the owner. Each row has two lanes: funded bars
 * (labelled "3,5 tỷ") in the upper lane, the expected year met (median diamond with its
 * 10%-90% whisker) in the lower lane; the target year is a vermillion tick across the
 * row and the deadline a dashed line across all rows. Every cue has a shape as well as
 * a colour, so the chart reads in grey print. */
#include "render/charts.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A year field: 0 or NaN means "none" (target, deadline). */
static int has_year(double y)
{
    return isfinite(y) && y != 0;
}

/* A quantile of the year met for ordering: 0 ("not by the horizon") is after all. */
static double qyear(double y)
{
    return y == 0 ? INFINITY : y;
}

/* Years outside this range are typing errors, not plans. */
#define YEAR_MIN 1900.0
#define YEAR_MAX 2200.0

#define C_BAR_TINT 0.5 /* funded bars: Okabe-Ito blue, lightened so dark labels read */
#define C_STRIPE ((ntm_rgb){0xF2, 0xF2, 0xF2})
#define C_TARGET NTM_RGB_VERMILLION
#define C_MET NTM_RGB_TEXT
#define ARROW_ZONE 40.0 /* page units right of the last column for the "later" arrow */
#define NAME_COL_MAX 440.0
#define OWNER_COL_MAX 250.0
#define ROW_H_MAX 70.0
#define ROW_H_PAGE 52.0 /* row height used to size a tall page */

static ntm_status check_year(const char *ti, const char *field, size_t i, double y, int zero_ok,
                             ntm_error *err)
{
    if (isnan(y) && zero_ok == 2)
        return NTM_OK;
    if (y == 0 && zero_ok)
        return NTM_OK;
    if (!(y >= YEAR_MIN && y <= YEAR_MAX)) {
        if (i == (size_t)-1)
            return ntm_error_set(err, NTM_EINPUT, "roadmap '%s': %s = %g is not a year", ti, field,
                                 y);
        return ntm_error_set(err, NTM_EINPUT, "roadmap '%s': rows[%zu].%s = %g is not a year%s", ti,
                             i, field, y, zero_ok == 1 ? " (0 = not by the horizon)" : "");
    }
    return NTM_OK;
}

static ntm_status roadmap_check(const ntm_chart_roadmap *c, ntm_error *err)
{
    const char *ti = c->title ? c->title : "";
    if (c->n == 0 || c->n > NTM_ROADMAP_MAX || !c->rows)
        return ntm_error_set(err, NTM_EINPUT, "roadmap '%s': needs 1 to %d rows, got %zu", ti,
                             NTM_ROADMAP_MAX, c->rows ? c->n : 0);
    ntm_status rc = check_year(ti, "first_year", (size_t)-1, c->first_year, 0, err);
    if (rc == NTM_OK)
        rc = check_year(ti, "last_year", (size_t)-1, c->last_year, 0, err);
    if (rc == NTM_OK && c->last_year < c->first_year)
        return ntm_error_set(err, NTM_EINPUT, "roadmap '%s': last_year %d is before first_year %d",
                             ti, c->last_year, c->first_year);
    if (rc == NTM_OK && c->last_year - c->first_year + 1 > NTM_ROADMAP_MAX_YEARS)
        return ntm_error_set(err, NTM_EINPUT,
                             "roadmap '%s': the years run from %d to %d, more than %d columns", ti,
                             c->first_year, c->last_year, NTM_ROADMAP_MAX_YEARS);
    if (rc == NTM_OK && !isnan(c->deadline))
        rc = check_year(ti, "deadline", (size_t)-1, c->deadline, 1, err);
    if (rc != NTM_OK)
        return rc;
    size_t ny = (size_t)(c->last_year - c->first_year + 1);
    for (size_t i = 0; i < c->n; i++) {
        const ntm_roadmap_row *r = &c->rows[i];
        rc = check_year(ti, "target_year", i, r->target_year, 2, err);
        if (rc == NTM_OK)
            rc = check_year(ti, "met_q10", i, r->met_q10, 1, err);
        if (rc == NTM_OK)
            rc = check_year(ti, "met_q50", i, r->met_q50, 1, err);
        if (rc == NTM_OK)
            rc = check_year(ti, "met_q90", i, r->met_q90, 1, err);
        if (rc != NTM_OK)
            return rc;
        if (qyear(r->met_q50) < qyear(r->met_q10))
            return ntm_error_set(err, NTM_EINPUT,
                                 "roadmap '%s': rows[%zu].met_q50 = %g is before met_q10 = %g", ti,
                                 i, r->met_q50, r->met_q10);
        if (qyear(r->met_q90) < qyear(r->met_q50))
            return ntm_error_set(err, NTM_EINPUT,
                                 "roadmap '%s': rows[%zu].met_q90 = %g is before met_q50 = %g", ti,
                                 i, r->met_q90, r->met_q50);
        for (size_t j = 0; r->money && j < ny; j++)
            if (!isfinite(r->money[j]) || r->money[j] < 0)
                return ntm_error_set(
                    err, NTM_EINPUT,
                    "roadmap '%s': rows[%zu].money[%zu] (year %zu) = %g is not an amount >= 0", ti,
                    i, j, (size_t)c->first_year + j, r->money[j]);
    }
    return NTM_OK;
}

/* The column range: the money's years widened to every year drawn. */
static ntm_status year_span(const ntm_chart_roadmap *c, int *y0, int *y1, ntm_error *err)
{
    double lo = c->first_year, hi = c->last_year;
    for (size_t i = 0; i < c->n; i++) {
        const ntm_roadmap_row *r = &c->rows[i];
        double v[4] = {r->target_year, r->met_q10, r->met_q50, r->met_q90};
        for (int k = 0; k < 4; k++)
            if (has_year(v[k])) {
                lo = fmin(lo, floor(v[k]));
                hi = fmax(hi, floor(v[k]));
            }
    }
    if (has_year(c->deadline)) {
        lo = fmin(lo, floor(c->deadline));
        hi = fmax(hi, floor(c->deadline));
    }
    if (hi - lo + 1 > NTM_ROADMAP_MAX_YEARS)
        return ntm_error_set(err, NTM_EINPUT,
                             "roadmap '%s': the years run from %.0f to %.0f, more than %d columns",
                             c->title ? c->title : "", lo, hi, NTM_ROADMAP_MAX_YEARS);
    *y0 = (int)lo;
    *y1 = (int)hi;
    return NTM_OK;
}

/* A filled arrowhead pointing right with its tip at (X, Y). */
static ntm_status arrow_right(ntm_canvas *cv, double x, double y, double s, ntm_rgb col,
                              ntm_error *err)
{
    double px[3] = {x - s, x, x - s}, py[3] = {y + s * 0.6, y, y - s * 0.6};
    return ntm_chart_polygon(cv, px, py, 3, col, err);
}

typedef struct layout {
    double name_x0, name_w;
    double gx0, gx1; /* the year columns */
    double total_x1, owner_x0, owner_w;
    int y0, y1; /* first and last column's year */
    double cw;  /* column width */
} layout;

/* Page x of year value V (year Y's column spans [Y - 0.5, Y + 0.5]). */
static double year_x(const layout *L, double v)
{
    return L->gx0 + (v - (L->y0 - 0.5)) * L->cw;
}

static ntm_status draw_row(ntm_canvas *cv, const ntm_chart_roadmap *c, const ntm_roadmap_row *r,
                           const layout *L, double ytop, double rh, ntm_error *err)
{
    ntm_lang lang = c->lang;
    double mid = ytop - rh / 2;
    ntm_status rc = NTM_OK;
    /* ---- the criterion ---- */
    char label[768], lines[1024];
    snprintf(label, sizeof label, "%s%s%s", r->code ? r->code : "", r->code && *r->code ? ". " : "",
             r->name ? r->name : "");
    ntm_chart_utf8_trim(label);
    double size;
    size_t nl;
    rc = ntm_chart_fit_cell(cv, label, NTM_CHART_LABEL_SIZE, rh, L->name_w, lines, sizeof lines,
                            &size, &nl, err);
    if (rc == NTM_OK)
        rc = ntm_chart_text_block(cv, NTM_FACE_REGULAR, lines, nl, L->name_x0, mid, size,
                                  NTM_ALIGN_LEFT, NTM_RGB_TEXT, err);
    /* ---- funded bars in the upper lane ---- */
    double bar_lo = mid + rh * 0.02, bar_hi = mid + rh * 0.42;
    double total = 0;
    size_t ny = (size_t)(c->last_year - c->first_year + 1);
    char money[64];
    for (size_t j = 0; r->money && j < ny && rc == NTM_OK; j++) {
        double v = r->money[j];
        total += v;
        if (v <= 0)
            continue;
        double yr = c->first_year + (double)j;
        double x0 = year_x(L, yr - 0.5) + 3, x1 = year_x(L, yr + 0.5) - 3;
        ntm_rgb fill = ntm_chart_tint(NTM_RGB_BLUE, C_BAR_TINT);
        rc = ntm_chart_rect(cv, x0, bar_lo, x1, bar_hi, 1, fill, NTM_RGB_BLUE, 1.5, err);
        /* The amount; without its unit when the column is narrow, dropped when even
         * the number does not fit (the row total still counts it). */
        double ls = fmin(17, (bar_hi - bar_lo) * 0.78), ls_min = 11;
        ntm_chart_fmt_money_short(money, sizeof money, v, lang);
        int placed = 0;
        for (int pass = 0; pass < 2 && !placed && rc == NTM_OK; pass++) {
            if (pass == 1) {
                char *sp = strchr(money, ' ');
                if (!sp)
                    break;
                *sp = '\0';
            }
            for (double s = ls; s >= ls_min - 1e-9 && rc == NTM_OK; s *= 0.92) {
                double w = ntm_chart_text_width(cv, NTM_FACE_REGULAR, money, s, err);
                if (w <= x1 - x0 - 6) {
                    rc = ntm_chart_text(cv, NTM_FACE_REGULAR, money, (x0 + x1) / 2,
                                        (bar_lo + bar_hi) / 2 - s * 0.36, s, 0, NTM_ALIGN_CENTER,
                                        NTM_RGB_TEXT, err);
                    placed = 1;
                    break;
                }
            }
        }
    }
    if (rc != NTM_OK)
        return rc;
    /* ---- expected year met in the lower lane ---- */
    double ym = mid - rh * 0.22, cap = rh * 0.1;
    double end = L->gx1 + ARROW_ZONE * 0.75; /* the tip of a "later" arrow */
    double lw = 2.5;
    if (r->met_q10 == 0) {
        /* Not met by the horizon even in the best 10%: say so in words. */
        char t[128];
        snprintf(t, sizeof t, ntm_i18n(lang, "Not met by %d"), L->y1);
        double s = fmin(16, rh * 0.34);
        rc = ntm_chart_text(cv, NTM_FACE_REGULAR, t, L->gx1 - 6, ym - s * 0.36, s, 0,
                            NTM_ALIGN_RIGHT, NTM_RGB_MUTED, err);
        if (rc == NTM_OK)
            rc = ntm_chart_line(cv, L->gx1 - 2, ym, end - 8, ym, C_MET, lw, NTM_DASH_SOLID, err);
        if (rc == NTM_OK)
            rc = arrow_right(cv, end, ym, 11, C_MET, err);
    } else {
        double xa = year_x(L, r->met_q10);
        double xb = r->met_q90 == 0 ? end - 8 : year_x(L, r->met_q90);
        rc = ntm_chart_line(cv, xa, ym, xb, ym, C_MET, lw, NTM_DASH_SOLID, err);
        if (rc == NTM_OK)
            rc = ntm_chart_line(cv, xa, ym - cap, xa, ym + cap, C_MET, lw, NTM_DASH_SOLID, err);
        if (rc == NTM_OK && r->met_q90 != 0)
            rc = ntm_chart_line(cv, xb, ym - cap, xb, ym + cap, C_MET, lw, NTM_DASH_SOLID, err);
        else if (rc == NTM_OK)
            rc = arrow_right(cv, end, ym, 11, C_MET, err);
        if (rc == NTM_OK && r->met_q50 != 0)
            rc = ntm_chart_marker(cv, year_x(L, r->met_q50), ym, fmin(9, rh * 0.17),
                                  NTM_MARK_DIAMOND, C_MET, err);
        else if (rc == NTM_OK) /* median later than the horizon: past the last column */
            rc = ntm_chart_marker(cv, L->gx1 + ARROW_ZONE * 0.3, ym, fmin(9, rh * 0.17),
                                  NTM_MARK_DIAMOND, C_MET, err);
    }
    /* ---- target year: a tick across the row at the end of its year ---- */
    if (rc == NTM_OK && has_year(r->target_year)) {
        double xt = year_x(L, floor(r->target_year) + 0.5);
        rc = ntm_chart_line(cv, xt, mid - rh * 0.44, xt, mid + rh * 0.44, C_TARGET, 5,
                            NTM_DASH_SOLID, err);
    }
    /* ---- total and owner ---- */
    double ts = fmin(NTM_CHART_TICK_SIZE, rh * 0.45);
    if (rc == NTM_OK) {
        ntm_chart_fmt_money_short(money, sizeof money, total, lang);
        rc = ntm_chart_text(cv, NTM_FACE_BOLD, money, L->total_x1, mid - ts * 0.36, ts, 0,
                            NTM_ALIGN_RIGHT, NTM_RGB_TEXT, err);
    }
    if (rc == NTM_OK && r->owner && *r->owner && L->owner_w > 0) {
        rc = ntm_chart_fit_cell(cv, r->owner, 19, rh, L->owner_w, lines, sizeof lines, &size, &nl,
                                err);
        if (rc == NTM_OK)
            rc = ntm_chart_text_block(cv, NTM_FACE_REGULAR, lines, nl, L->owner_x0, mid, size,
                                      NTM_ALIGN_LEFT, NTM_RGB_MUTED, err);
    }
    return rc;
}

ntm_status ntm_chart_roadmap_render(const ntm_chart_roadmap *c, const char *out_path,
                                    ntm_error *err)
{
    ntm_image_format fmt;
    ntm_status rc = ntm_canvas_format_of(out_path, &fmt, err);
    if (rc == NTM_OK)
        rc = roadmap_check(c, err);
    layout L;
    memset(&L, 0, sizeof L);
    if (rc == NTM_OK)
        rc = year_span(c, &L.y0, &L.y1, err);
    if (rc != NTM_OK)
        return rc;
    ntm_lang lang = c->lang;
    double W = 1600, m = NTM_CHART_MARGIN;
    /* A few rows get a short page (no empty half slide); many rows a tall one. */
    double H = 350 + (c->n <= 8 ? ROW_H_MAX : ROW_H_PAGE) * (double)c->n;
    ntm_canvas *cv;
    rc = ntm_canvas_new(&cv, W, H, err);
    if (rc != NTM_OK)
        return rc;

    /* ---- subtitle with the grand total, legend ---- */
    size_t ny = (size_t)(c->last_year - c->first_year + 1);
    double grand = 0;
    int any_later = 0, any_target = 0, any_met = 0;
    for (size_t i = 0; i < c->n; i++) {
        for (size_t j = 0; c->rows[i].money && j < ny; j++)
            grand += c->rows[i].money[j];
        any_later |= c->rows[i].met_q10 == 0 || c->rows[i].met_q50 == 0 || c->rows[i].met_q90 == 0;
        any_target |= has_year(c->rows[i].target_year);
        any_met |= c->rows[i].met_q50 != 0;
    }
    char sub[1024], tot[256], money[64];
    ntm_fmt_money(money, sizeof money, grand, lang);
    if (c->first_year == c->last_year)
        snprintf(tot, sizeof tot, ntm_i18n(lang, "Total funding %d: %s"), c->first_year, money);
    else
        snprintf(tot, sizeof tot, ntm_i18n(lang, "Total funding %d–%d: %s"), c->first_year,
                 c->last_year, money);
    snprintf(sub, sizeof sub, "%s%s%s", c->subtitle ? c->subtitle : "",
             c->subtitle && *c->subtitle ? " · " : "", tot);
    ntm_chart_utf8_trim(sub);
    ntm_legend_item it[5];
    size_t ni = 0;
    ntm_legend_item z = {0};
    char later[128];
    it[ni] = z;
    it[ni].label = ntm_i18n(lang, "Funding in the year");
    it[ni].swatch = NTM_SWATCH_BAND;
    it[ni++].color = ntm_chart_tint(NTM_RGB_BLUE, C_BAR_TINT);
    if (any_met) {
        it[ni] = z;
        it[ni].label = ntm_i18n(lang, "Expected year met (median)");
        it[ni].swatch = NTM_SWATCH_MARKER;
        it[ni].marker = NTM_MARK_DIAMOND;
        it[ni++].color = C_MET;
        it[ni] = z;
        it[ni].label = ntm_i18n(lang, "80% range");
        it[ni].color = C_MET;
        it[ni++].width = 2.5;
    }
    if (any_target) {
        it[ni] = z;
        it[ni].label = ntm_i18n(lang, "Target year (year end)");
        it[ni].color = C_TARGET;
        it[ni++].width = 5;
    }
    if (any_later) {
        snprintf(later, sizeof later, ntm_i18n(lang, "After %d"), L.y1);
        it[ni] = z;
        it[ni].label = later;
        it[ni].swatch = NTM_SWATCH_SYMBOL;
        it[ni].symbol = "→";
        it[ni++].color = C_MET;
    }
    double top, bottom;
    rc = ntm_chart_page(cv, c->title, sub, c->source, it, ni, &top, &bottom, err);

    /* ---- columns ---- */
    double lsize = NTM_CHART_LABEL_SIZE, tsize = NTM_CHART_TICK_SIZE;
    double name_w = 0, owner_w = 0, total_w = 0;
    char label[768];
    for (size_t i = 0; i < c->n && rc == NTM_OK; i++) {
        const ntm_roadmap_row *r = &c->rows[i];
        snprintf(label, sizeof label, "%s%s%s", r->code ? r->code : "",
                 r->code && *r->code ? ". " : "", r->name ? r->name : "");
        ntm_chart_utf8_trim(label);
        name_w = fmax(name_w, ntm_chart_text_width(cv, NTM_FACE_REGULAR, label, lsize, err));
        if (r->owner && *r->owner)
            owner_w = fmax(owner_w, ntm_chart_text_width(cv, NTM_FACE_REGULAR, r->owner, 19, err));
        double t = 0;
        for (size_t j = 0; r->money && j < ny; j++)
            t += r->money[j];
        ntm_chart_fmt_money_short(money, sizeof money, t, lang);
        total_w = fmax(total_w, ntm_chart_text_width(cv, NTM_FACE_BOLD, money, tsize, err));
    }
    const char *h_name = ntm_i18n(lang, "Criterion"), *h_total = ntm_i18n(lang, "Total"),
               *h_owner = ntm_i18n(lang, "Owner");
    total_w = fmax(total_w, ntm_chart_text_width(cv, NTM_FACE_BOLD, h_total, tsize, err));
    if (owner_w > 0)
        owner_w = fmax(owner_w, ntm_chart_text_width(cv, NTM_FACE_BOLD, h_owner, tsize, err));
    /* Long names wrap onto two lines, so a long name asks for half its width. */
    L.name_x0 = m;
    L.name_w = fmin(NAME_COL_MAX, fmax(220, name_w > NAME_COL_MAX ? name_w / 2 + 40 : name_w));
    L.owner_w = fmin(OWNER_COL_MAX, owner_w > OWNER_COL_MAX ? owner_w / 2 + 30 : owner_w);
    L.owner_x0 = W - m - L.owner_w;
    L.total_x1 = L.owner_w > 0 ? L.owner_x0 - 24 : W - m;
    L.gx0 = m + L.name_w + 18;
    L.gx1 = L.total_x1 - total_w - 18 - ARROW_ZONE;
    L.cw = (L.gx1 - L.gx0) / (double)(L.y1 - L.y0 + 1);

    /* ---- header: deadline label, year labels, column titles ---- */
    int has_dl = has_year(c->deadline);
    double y = top - 10;
    double dl_x = has_dl ? year_x(&L, floor(c->deadline) + 0.5) : 0;
    char dl[128];
    if (has_dl && rc == NTM_OK) {
        snprintf(dl, sizeof dl, ntm_i18n(lang, "Recognition deadline %.0f"), floor(c->deadline));
        double w = ntm_chart_text_width(cv, NTM_FACE_BOLD, dl, tsize, err);
        int right = dl_x + 8 + w > W - m;
        rc = ntm_chart_text(cv, NTM_FACE_BOLD, dl, right ? dl_x - 8 : dl_x + 8, y - tsize * 0.95,
                            tsize, 0, right ? NTM_ALIGN_RIGHT : NTM_ALIGN_LEFT, NTM_RGB_TEXT, err);
        y -= tsize * 1.5;
    }
    /* Year labels: every k-th when columns are narrow. */
    double yw = ntm_chart_text_width(cv, NTM_FACE_BOLD, "2030", tsize, err);
    int every = 1;
    while (L.cw * every < yw + 10)
        every++;
    double hbase = y - tsize * 0.95;
    for (int yr = L.y0; yr <= L.y1 && rc == NTM_OK; yr++) {
        if ((yr - L.y0) % every != 0)
            continue;
        char ys[16];
        snprintf(ys, sizeof ys, "%d", yr);
        rc = ntm_chart_text(cv, NTM_FACE_BOLD, ys, year_x(&L, yr), hbase, tsize, 0,
                            NTM_ALIGN_CENTER, NTM_RGB_TEXT, err);
    }
    if (rc == NTM_OK)
        rc = ntm_chart_text(cv, NTM_FACE_BOLD, h_name, L.name_x0, hbase, tsize, 0, NTM_ALIGN_LEFT,
                            NTM_RGB_TEXT, err);
    if (rc == NTM_OK)
        rc = ntm_chart_text(cv, NTM_FACE_BOLD, h_total, L.total_x1, hbase, tsize, 0,
                            NTM_ALIGN_RIGHT, NTM_RGB_TEXT, err);
    if (rc == NTM_OK && L.owner_w > 0)
        rc = ntm_chart_text(cv, NTM_FACE_BOLD, h_owner, L.owner_x0, hbase, tsize, 0, NTM_ALIGN_LEFT,
                            NTM_RGB_TEXT, err);
    double rows_top = hbase - tsize * 0.6;
    if (rc == NTM_OK)
        rc = ntm_chart_line(cv, m, rows_top, W - m, rows_top, NTM_RGB_AXIS, 1.5, NTM_DASH_SOLID,
                            err);
    double rows_bottom = bottom + 8;
    double rh = fmin(ROW_H_MAX, (rows_top - rows_bottom) / (double)c->n);
    if (rc == NTM_OK && rh < 24)
        rc = ntm_error_set(err, NTM_ERENDER, "roadmap '%s': no room left for the rows",
                           c->title ? c->title : "");
    rows_bottom = rows_top - rh * (double)c->n;

    /* ---- stripes and column lines first, rows on top, the deadline last ---- */
    for (size_t i = 0; i < c->n && rc == NTM_OK; i++)
        if (i % 2 == 1)
            rc = ntm_chart_rect(cv, m, rows_top - rh * (double)(i + 1), W - m,
                                rows_top - rh * (double)i, 1, C_STRIPE, C_STRIPE, 0, err);
    for (int yr = L.y0; yr <= L.y1 + 1 && rc == NTM_OK; yr++) {
        double x = year_x(&L, yr - 0.5);
        rc =
            ntm_chart_line(cv, x, rows_bottom, x, rows_top, NTM_RGB_GRID, 1.2, NTM_DASH_SOLID, err);
    }
    for (size_t i = 0; i < c->n && rc == NTM_OK; i++)
        rc = draw_row(cv, c, &c->rows[i], &L, rows_top - rh * (double)i, rh, err);
    if (rc == NTM_OK)
        rc = ntm_chart_line(cv, m, rows_bottom, W - m, rows_bottom, NTM_RGB_AXIS, 1.5,
                            NTM_DASH_SOLID, err);
    if (rc == NTM_OK && has_dl)
        rc = ntm_chart_line(cv, dl_x, rows_bottom, dl_x, top - 10, NTM_RGB_TEXT, 2.5,
                            NTM_DASH_DASHED, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_set_title(cv, c->title, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_save(cv, out_path, err);
    ntm_canvas_free(cv);
    return rc;
}
