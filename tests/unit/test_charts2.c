/* test_charts2.c: the roadmap, compare, gaps and heatmap charts and the helpers they
 * added to chart.h.
 *
 * Known values are worked by hand in the comments (viridis stops from viridisLite,
 * WCAG luminance, money rounding). Every chart is rendered to SVG, PNG and PDF twice
 * and the two files must be byte-identical; SVGs must hold no <text and no <script
 * (one name in each chart is "<script>alert(1)</script>"). Outputs go to a fresh
 * directory under /tmp, removed at the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cairo.h>
#include <dirent.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "render/chart.h"
#include "render/charts.h"

/* Temporary folder for the charts this test writes (render_checks.h). */
#define RENDER_TMP_TEMPLATE "/tmp/ntm_test_charts2_XXXXXX"
#include "render_checks.h"

static const char SCRIPT[] = "<script>alert(1)</script>";
static const char LONG_NAME[] =
    "Tỷ lệ lao động có việc làm qua đào tạo có bằng cấp, chứng chỉ áp dụng đạt cho "
    "cả nam và nữ trên địa bàn các thôn đặc biệt khó khăn vùng đồng bào dân tộc "
    "thiểu số và miền núi";

/* ---- helpers (as in test_render.c) ------------------------------------------------- */

static const char *out(const char *name)
{
    static char path[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", g_dir, name);
    return path[k];
}

typedef ntm_status (*render_fn)(const void *chart, const char *path, ntm_error *err);

static void all_formats(const char *name, render_fn f, const void *chart)
{
    const char *ext[3] = {"svg", "png", "pdf"};
    for (int e = 0; e < 3; e++) {
        char a[128], b[128];
        snprintf(a, sizeof a, "%s.%s", name, ext[e]);
        snprintf(b, sizeof b, "%s-2.%s", name, ext[e]);
        char pa[256], pb[256];
        snprintf(pa, sizeof pa, "%s", out(a));
        snprintf(pb, sizeof pb, "%s", out(b));
        ntm_error err = {0};
        if (f(chart, pa, &err) != NTM_OK || f(chart, pb, &err) != NTM_OK)
            fail_msg("%s: %s", pa, err.msg);
        if (e == 0)
            check_svg(pa);
        else if (e == 1)
            check_png(pa);
        else
            check_pdf(pa);
        check_same(pa, pb);
    }
}

static ntm_status r_road(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_roadmap_render(c, p, e);
}
static ntm_status r_cmp(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_compare_render(c, p, e);
}
static ntm_status r_gaps(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_gaps_render(c, p, e);
}
static ntm_status r_heat(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_heatmap_render(c, p, e);
}

/* Renders to SVG and expects NTM_EINPUT with NEEDLE in the message. */
static void expect_einput(render_fn f, const void *chart, const char *needle)
{
    ntm_error err = {0};
    ntm_status rc = f(chart, out("bad.svg"), &err);
    if (rc != NTM_EINPUT)
        fail_msg("expected NTM_EINPUT naming '%s', got %d: %s", needle, (int)rc, err.msg);
    if (!strstr(err.msg, needle))
        fail_msg("message '%s' does not name '%s'", err.msg, needle);
}

static void render_ok(render_fn f, const void *chart, const char *name)
{
    ntm_error err = {0};
    if (f(chart, out(name), &err) != NTM_OK)
        fail_msg("%s: %s", name, err.msg);
}

/* ---- shared helpers in chart.h -------------------------------------------------------- */

static void money_short(void **state)
{
    (void)state;
    char b[64];
    /* Same thresholds as ntm_fmt_money: 3,5e9 -> 3,5 tỷ; 5e8 -> 500 triệu; 2,5e6 keeps
     * one decimal below 10 triệu; 999.000 rounds up to 1,0 triệu; 960e6 to 1,0 tỷ.
     * (950e6 itself gives "0,9 tỷ", as ntm_fmt_money does: 0,95 is 0,9499... in binary.) */
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 3.5e9, NTM_LANG_VI), "3,5 tỷ");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 5e8, NTM_LANG_VI), "500 triệu");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 2.5e6, NTM_LANG_VI), "2,5 triệu");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 999000, NTM_LANG_VI), "1,0 triệu");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 960e6, NTM_LANG_VI), "1,0 tỷ");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 12345e9, NTM_LANG_VI),
                        "12.345,0 tỷ");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 0, NTM_LANG_VI), "0");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 25000, NTM_LANG_VI), "25.000 đồng");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 3.5e9, NTM_LANG_EN), "3.5 bn");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, 5e8, NTM_LANG_EN), "500 m");
    assert_string_equal(ntm_chart_fmt_money_short(b, sizeof b, NAN, NTM_LANG_VI), NTM_FMT_NONE);
}

static void colour_scale(void **state)
{
    (void)state;
    /* viridisLite::viridis(9) stops: #440154 at 0, #21908C at 0,5, #FDE725 at 1. */
    ntm_rgb a = ntm_chart_viridis(0), h = ntm_chart_viridis(0.5), z = ntm_chart_viridis(1);
    assert_true(a.r == 0x44 && a.g == 0x01 && a.b == 0x54);
    assert_true(h.r == 0x21 && h.g == 0x90 && h.b == 0x8C);
    assert_true(z.r == 0xFD && z.g == 0xE7 && z.b == 0x25);
    /* Halfway between stops 0 and 1 (t = 1/16): (68+71)/2 = 69,5 -> 70; (1+45)/2 = 23;
     * (84+123)/2 = 103,5 -> 104 (lround rounds halves away from zero). */
    ntm_rgb q = ntm_chart_viridis(1.0 / 16);
    assert_true(q.r == 70 && q.g == 23 && q.b == 104);
    /* Clamped, and NaN gives the 0 end. */
    ntm_rgb lo = ntm_chart_viridis(-1), hi = ntm_chart_viridis(7), na = ntm_chart_viridis(NAN);
    assert_memory_equal(&lo, &a, sizeof a);
    assert_memory_equal(&hi, &z, sizeof z);
    assert_memory_equal(&na, &a, sizeof a);
    /* Lightness rises along the scale: the order survives grey print. */
    double prev = -1;
    for (int i = 0; i <= 64; i++) {
        double l = ntm_chart_luminance(ntm_chart_viridis(i / 64.0));
        assert_true(l > prev);
        prev = l;
    }
    /* WCAG: white 1, black 0; #808080: ((128/255 + 0,055)/1,055)^2,4 = 0,2158605. */
    assert_true(fabs(ntm_chart_luminance(NTM_RGB_WHITE) - 1) < 1e-12);
    assert_true(fabs(ntm_chart_luminance(NTM_RGB_BLACK)) < 1e-12);
    ntm_rgb g = {128, 128, 128};
    assert_true(fabs(ntm_chart_luminance(g) - 0.2158605) < 1e-6);
}

/* ---- roadmap ------------------------------------------------------------------------- */

/* Seed 003: schools about 7 tỷ, the swimming pool 500 triệu (the plan's proposals). */
static const double M5[] = {0, 3.5e9, 3.5e9, 0, 0}, M6[] = {0, 5e8, 0, 0, 0},
                    M11[] = {4.2e8, 6.5e8, 6.5e8, 3e8, 0}, M0[] = {0, 0, 0, 0, 0};
static ntm_roadmap_row ROWS[4];

static ntm_chart_roadmap roadmap(void)
{
    const ntm_roadmap_row r[4] = {
        {"5", "Trường học", "Hiệu trưởng các trường", 2024, 2024, 2025, 2026, M5},
        {"6", SCRIPT, "Công chức Văn hóa – Xã hội", 2024, 2024, 2024, 2025, M6},
        {"11", "Nghèo đa chiều", "Công chức LĐ-TB&XH", 2023, 2025, 2026, 0, M11},
        {"15", "Y tế", NULL, 2023, 0, 0, 0, M0},
    };
    memcpy(ROWS, r, sizeof r);
    ntm_chart_roadmap c = {"Lộ trình đạt chuẩn — xã Cẩm Thành",
                           "Kịch bản cơ sở",
                           "Nguồn: kế hoạch xã 7/2023",
                           ROWS,
                           4,
                           2023,
                           2027,
                           2025,
                           NTM_LANG_VI};
    return c;
}

static void roadmap_formats(void **state)
{
    (void)state;
    ntm_chart_roadmap c = roadmap();
    all_formats("road", r_road, &c);
    c.lang = NTM_LANG_EN;
    all_formats("road_en", r_road, &c);
}

static void roadmap_edges(void **state)
{
    (void)state;
    ntm_chart_roadmap c = roadmap();
    /* One row, no money at all, a long name and owner, nothing met by the horizon. */
    ntm_roadmap_row one = {"12.2", LONG_NAME, LONG_NAME, 2023, 0, 0, 0, NULL};
    c.rows = &one, c.n = 1;
    render_ok(r_road, &c, "road_one.png");
    /* One year only; no deadline, no target, no texts. */
    c = roadmap();
    c.first_year = c.last_year = 2024;
    ntm_roadmap_row y1 = {NULL, "Điện", NULL, NAN, 2024, 2024, 2024, M6 + 1};
    c.rows = &y1, c.n = 1, c.deadline = NAN, c.title = c.subtitle = c.source = NULL;
    render_ok(r_road, &c, "road_year.svg");
    /* The most rows, years widened by targets and quantiles outside the money's years. */
    static ntm_roadmap_row many[NTM_ROADMAP_MAX];
    for (size_t i = 0; i < NTM_ROADMAP_MAX; i++) {
        many[i] = roadmap().rows[i % 4];
        many[i].name = LONG_NAME;
    }
    many[0].target_year = 2021, many[1].met_q90 = 2031;
    c = roadmap();
    c.rows = many, c.n = NTM_ROADMAP_MAX;
    render_ok(r_road, &c, "road_max.png");
    /* Decimal years, huge amounts. */
    static const double big[] = {9.99e12, 0, 0, 0, 1};
    ntm_roadmap_row d = {"1", "Quy hoạch", "x", 2024.5, 2023.2, 2024.7, 2026.9, big};
    c = roadmap();
    c.rows = &d, c.n = 1;
    render_ok(r_road, &c, "road_dec.png");
}

static void roadmap_errors(void **state)
{
    (void)state;
    ntm_chart_roadmap c = roadmap();
    c.n = 0;
    expect_einput(r_road, &c, "needs 1 to");
    c = roadmap();
    c.rows = NULL;
    expect_einput(r_road, &c, "needs 1 to");
    c = roadmap();
    c.n = NTM_ROADMAP_MAX + 1;
    expect_einput(r_road, &c, "needs 1 to");
    c = roadmap();
    c.last_year = 2022;
    expect_einput(r_road, &c, "last_year 2022 is before first_year 2023");
    c = roadmap();
    c.first_year = 0;
    expect_einput(r_road, &c, "first_year");
    c = roadmap();
    c.deadline = INFINITY;
    expect_einput(r_road, &c, "deadline");
    c = roadmap();
    ROWS[2].met_q50 = NAN;
    expect_einput(r_road, &c, "rows[2].met_q50");
    c = roadmap();
    ROWS[0].met_q50 = 2023; /* before q10 = 2024 */
    expect_einput(r_road, &c, "rows[0].met_q50 = 2023 is before met_q10 = 2024");
    c = roadmap();
    ROWS[1].met_q90 = 0, ROWS[1].met_q50 = 0;
    ROWS[1].met_q10 = 0;
    render_ok(r_road, &c, "road_zero_ok.svg"); /* all 0: "not by the horizon" is fine */
    c = roadmap();
    ROWS[2].met_q50 = 0, ROWS[2].met_q90 = 2027; /* median later than q90 */
    expect_einput(r_road, &c, "rows[2].met_q90 = 2027 is before met_q50 = 0");
    c = roadmap();
    ROWS[3].target_year = 20255;
    expect_einput(r_road, &c, "rows[3].target_year");
    c = roadmap();
    static const double neg[] = {0, 0, -1, 0, 0};
    ROWS[1].money = neg;
    expect_einput(r_road, &c, "rows[1].money[2] (year 2025)");
    c = roadmap();
    static const double nan_m[] = {0, NAN, 0, 0, 0};
    ROWS[0].money = nan_m;
    expect_einput(r_road, &c, "rows[0].money[1]");
    c = roadmap();
    c.first_year = 2000, c.last_year = 2040;
    expect_einput(r_road, &c, "more than 30 columns");
    c = roadmap();
    ROWS[0].name = "bad \xFF name";
    expect_einput(r_road, &c, "UTF-8");
    c = roadmap();
    ntm_error err = {0};
    assert_int_equal(ntm_chart_roadmap_render(&c, out("x.gif"), &err), NTM_EUSAGE);
    assert_int_equal(ntm_chart_roadmap_render(&c, "/nonexistent-dir/r.png", &err), NTM_EIO);
}

/* ---- compare ------------------------------------------------------------------------- */

static const double YEARS[] = {2024, 2025, 2026, 2027};
static const double P0[] = {0.02, 0.18, 0.41, 0.58}, P1[] = {0, 0.31, 0.62, 1};
/* Monte Carlo errors: 2 sqrt(p (1 - p) / 4000), e.g. p = 0,18: 2 sqrt(0,18 * 0,82 / 4000)
 * = 0,01215. */
static const double L0[] = {0.0156, 0.1678, 0.3944, 0.5644},
                    H0[] = {0.0244, 0.1922, 0.4256, 0.5956};
static ntm_compare_series SER[3];

static ntm_chart_compare compare(void)
{
    ntm_compare_series s[3] = {
        {"Cơ sở", P0, L0, H0}, {"Tăng vốn tỉnh 20%", P1, NULL, NULL}, {SCRIPT, P0, NULL, NULL}};
    memcpy(SER, s, sizeof s);
    ntm_chart_compare c = {"Khả năng đạt chuẩn theo năm",
                           "Ba kịch bản",
                           "Nguồn: mô phỏng 4.000 lượt",
                           NTM_COMPARE_P_STANDARD,
                           YEARS,
                           4,
                           SER,
                           3,
                           0,
                           2025,
                           NTM_LANG_VI};
    return c;
}

static void compare_formats(void **state)
{
    (void)state;
    ntm_chart_compare c = compare();
    all_formats("cmp", r_cmp, &c);
    static const double k0[] = {11, 13.4, 15.1, 19}, k1[] = {11.4, 14.6, 16.9, 18};
    ntm_compare_series ks[2] = {{"Cơ sở", k0, NULL, NULL}, {"Tăng vốn", k1, k1, k1}};
    c.mode = NTM_COMPARE_CRITERIA_MET, c.series = ks, c.n = 2, c.n_criteria = 19,
    c.lang = NTM_LANG_EN;
    all_formats("cmp_crit", r_cmp, &c);
}

static void compare_edges(void **state)
{
    (void)state;
    ntm_chart_compare c = compare();
    /* One year, P = 0 and 1, zero-width errors. */
    static const double y[] = {2025}, z[] = {0}, o[] = {1};
    ntm_compare_series s[2] = {{"Không vốn", z, z, z}, {LONG_NAME, o, o, o}};
    c.years = y, c.n_years = 1, c.series = s, c.n = 2;
    render_ok(r_cmp, &c, "cmp_one.png");
    /* The most scenarios, all equal (labels stack), no deadline, no texts. */
    ntm_compare_series m[NTM_COMPARE_MAX];
    for (int i = 0; i < NTM_COMPARE_MAX; i++)
        m[i] = (ntm_compare_series){"Kịch bản", P0, L0, H0};
    c = compare();
    c.series = m, c.n = NTM_COMPARE_MAX, c.deadline = 0, c.title = c.subtitle = c.source = NULL;
    render_ok(r_cmp, &c, "cmp_max.png");
    /* Criteria mode without a set size: the axis follows the data; a deadline after
     * the last year widens the axis. */
    static const double k[] = {0, 0, 0, 0};
    ntm_compare_series ks = {"Cơ sở", k, NULL, NULL};
    c = compare();
    c.mode = NTM_COMPARE_CRITERIA_MET, c.series = &ks, c.n = 1, c.deadline = 2030;
    render_ok(r_cmp, &c, "cmp_zero.svg");
}

static void compare_errors(void **state)
{
    (void)state;
    ntm_chart_compare c = compare();
    c.n = 0;
    expect_einput(r_cmp, &c, "needs 1 to 7 scenarios");
    c = compare();
    c.n = NTM_COMPARE_MAX + 1;
    expect_einput(r_cmp, &c, "needs 1 to 7 scenarios");
    c = compare();
    c.n_years = 0;
    expect_einput(r_cmp, &c, "at least one year");
    c = compare();
    c.mode = (ntm_compare_mode)5;
    expect_einput(r_cmp, &c, "mode 5");
    c = compare();
    static const double back[] = {2024, 2026, 2025, 2027};
    c.years = back;
    expect_einput(r_cmp, &c, "years[2] = 2025 does not follow years[1] = 2026");
    c = compare();
    static const double nany[] = {2024, NAN, 2026, 2027};
    c.years = nany;
    expect_einput(r_cmp, &c, "years[1]");
    c = compare();
    static const double over[] = {0.1, 0.2, 1.2, 0.3};
    SER[1].value = over;
    expect_einput(r_cmp, &c, "series[1].value[2] = 1.2 is not a probability");
    c = compare();
    SER[0].hi = NULL;
    expect_einput(r_cmp, &c, "series[0] needs both lo and hi");
    c = compare();
    SER[0].lo = H0; /* lo above the value */
    expect_einput(r_cmp, &c, "series[0] at years[0]");
    c = compare();
    SER[2].value = NULL;
    expect_einput(r_cmp, &c, "series[2].value is missing");
    c = compare();
    static const double k[] = {1, 2, 20, 3};
    SER[0].value = k, SER[0].lo = SER[0].hi = NULL;
    c.mode = NTM_COMPARE_CRITERIA_MET, c.n_criteria = 19;
    expect_einput(r_cmp, &c, "series[0].value[2] = 20 is not a count in [0, n_criteria]");
    c = compare();
    c.n_criteria = -1;
    expect_einput(r_cmp, &c, "n_criteria");
    c = compare();
    c.deadline = 99999;
    expect_einput(r_cmp, &c, "deadline");
    c = compare();
    ntm_error err = {0};
    assert_int_equal(ntm_chart_compare_render(&c, out("x.bmp"), &err), NTM_EUSAGE);
}

/* ---- gaps ---------------------------------------------------------------------------- */

static const char *KEYS[6] = {"Ngân sách trung ương", "Ngân sách tỉnh", "Ngân sách huyện",
                              "Ngân sách xã",         "Lồng ghép",      SCRIPT};
static const double G5[] = {3e9, 2.5e9, 1e9, 0.3e9, 0, 0.2e9},
                    G6[] = {0, 0.2e9, 0.1e9, 0.15e9, 0, 0.05e9}, G0[] = {0, 0, 0, 0, 0, 0};
static ntm_gap_row GROWS[5];

static ntm_chart_gaps gaps(void)
{
    ntm_gap_row r[5] = {{"6", "Cơ sở vật chất văn hóa", NTM_GAP_COST, G6, 0.04e9},
                        {"5", SCRIPT, NTM_GAP_COST, G5, 0.6e9},
                        {"17", "Nước sạch tập trung", NTM_GAP_UNREACHABLE, NULL, 0},
                        {"15", "Y tế", NTM_GAP_EFFORT, NULL, 0},
                        {"1", "Quy hoạch", NTM_GAP_COST, G0, 0}};
    memcpy(GROWS, r, sizeof r);
    ntm_chart_gaps c = {"Kinh phí để khép khoảng cách",
                        "Đến hạn 2025",
                        "Nguồn: kế hoạch xã 7/2023",
                        KEYS,
                        6,
                        GROWS,
                        5,
                        0.8,
                        NTM_LANG_VI};
    return c;
}

static void gaps_formats(void **state)
{
    (void)state;
    ntm_chart_gaps c = gaps();
    all_formats("gaps", r_gaps, &c);
    c.lang = NTM_LANG_EN, c.confidence = NAN;
    all_formats("gaps_en", r_gaps, &c);
}

static void gaps_edges(void **state)
{
    (void)state;
    ntm_chart_gaps c = gaps();
    /* One row, all money zero: the axis still has a range. */
    c.rows = GROWS + 4, c.n = 1;
    render_ok(r_gaps, &c, "gaps_zero.png");
    /* Only rows without bars. */
    c = gaps();
    c.rows = GROWS + 2, c.n = 2;
    render_ok(r_gaps, &c, "gaps_nobar.svg");
    /* The most rows and keys with long names; tiny and huge amounts together. */
    static ntm_gap_row many[NTM_GAPS_MAX];
    static const double tiny[] = {1, 0, 0, 0, 0, 0}, huge[] = {9e12, 9e12, 9e12, 9e12, 9e12, 9e12};
    for (size_t i = 0; i < NTM_GAPS_MAX; i++)
        many[i] = (ntm_gap_row){NULL, LONG_NAME, (ntm_gap_kind)(i % 3), i % 2 ? tiny : huge, 1e9};
    c = gaps();
    c.rows = many, c.n = NTM_GAPS_MAX;
    render_ok(r_gaps, &c, "gaps_max.png");
    /* Costs in triệu: one key. */
    static const double small[] = {1.2e8};
    ntm_gap_row s = {"12", "Lao động", NTM_GAP_COST, small, 1e7};
    c = gaps();
    c.rows = &s, c.n = 1, c.n_keys = 1;
    render_ok(r_gaps, &c, "gaps_trieu.png");
}

static void gaps_order(void **state)
{
    (void)state;
    /* The largest cost is drawn first: with bars 7,0 tỷ (row 1) and 500 triệu (row 0),
     * the row-1 bar's dark blue (first key) must appear above any bar of row 0 in the
     * PNG. Check through the SVG instead: the first filled rectangle in Okabe-Ito blue
     * (#0072b2) belongs to the 7,0 tỷ row, whose bar is wider than the 500 triệu one.
     * Simplest observable: rendering with the rows swapped gives the same picture. */
    ntm_chart_gaps a = gaps(), b = gaps();
    static ntm_gap_row swapped[5];
    memcpy(swapped, GROWS, sizeof swapped);
    ntm_gap_row t = swapped[0];
    swapped[0] = swapped[1];
    swapped[1] = t;
    b.rows = swapped;
    ntm_error err = {0};
    char pa[256], pb[256];
    snprintf(pa, sizeof pa, "%s", out("order_a.svg"));
    snprintf(pb, sizeof pb, "%s", out("order_b.svg"));
    assert_int_equal(ntm_chart_gaps_render(&a, pa, &err), NTM_OK);
    assert_int_equal(ntm_chart_gaps_render(&b, pb, &err), NTM_OK);
    check_same(pa, pb);
    /* Equal totals keep the input order, so swapping two equal rows changes the page. */
    static ntm_gap_row eq[2];
    eq[0] = (ntm_gap_row){"A", "Một", NTM_GAP_COST, G6, 0};
    eq[1] = (ntm_gap_row){"B", "Hai", NTM_GAP_COST, G6, 0};
    a.rows = eq, a.n = 2;
    assert_int_equal(ntm_chart_gaps_render(&a, pa, &err), NTM_OK);
    t = eq[0], eq[0] = eq[1], eq[1] = t;
    assert_int_equal(ntm_chart_gaps_render(&a, pb, &err), NTM_OK);
    size_t na, nb;
    unsigned char *xa = read_all(pa, &na), *xb = read_all(pb, &nb);
    assert_false(na == nb && memcmp(xa, xb, na) == 0);
    free(xa);
    free(xb);
}

static void gaps_errors(void **state)
{
    (void)state;
    ntm_chart_gaps c = gaps();
    c.n = 0;
    expect_einput(r_gaps, &c, "needs 1 to 60 gaps");
    c = gaps();
    c.n_keys = 0;
    expect_einput(r_gaps, &c, "needs 1 to 6 funding keys");
    c = gaps();
    c.n_keys = 7;
    expect_einput(r_gaps, &c, "needs 1 to 6 funding keys");
    c = gaps();
    c.confidence = 1;
    expect_einput(r_gaps, &c, "confidence = 1");
    c = gaps();
    GROWS[3].kind = (ntm_gap_kind)9;
    expect_einput(r_gaps, &c, "rows[3].kind 9");
    c = gaps();
    GROWS[1].by_key = NULL;
    expect_einput(r_gaps, &c, "rows[1].by_key is missing");
    c = gaps();
    static const double neg[] = {0, 0, 0, -5, 0, 0};
    GROWS[0].by_key = neg;
    expect_einput(r_gaps, &c, "rows[0].by_key[3] = -5");
    c = gaps();
    GROWS[4].mc_err = NAN;
    expect_einput(r_gaps, &c, "rows[4].mc_err");
    c = gaps();
    GROWS[2].by_key = NULL, GROWS[2].mc_err = NAN; /* ignored for rows with no bar */
    render_ok(r_gaps, &c, "gaps_ignored.svg");
}

/* ---- heatmap ------------------------------------------------------------------------- */

static const char *CRIT[19] = {"1. Quy hoạch",
                               "2. Giao thông",
                               "3. Thủy lợi và phòng, chống thiên tai",
                               "4. Điện",
                               "5. Trường học",
                               "6. Cơ sở vật chất văn hóa",
                               "7. Hạ tầng thương mại nông thôn",
                               "8. Thông tin và Truyền thông",
                               "9. Nhà ở dân cư",
                               "10. Thu nhập",
                               "11. Nghèo đa chiều",
                               "12. Lao động",
                               "13. Tổ chức sản xuất và phát triển kinh tế nông thôn",
                               "14. Giáo dục và Đào tạo",
                               "15. Y tế",
                               "16. Văn hóa",
                               "17. Môi trường và an toàn thực phẩm",
                               "18. Hệ thống chính trị và tiếp cận pháp luật",
                               "19. Quốc phòng và An ninh"};
static const char *UNITS[40];
static char UNIT_NAMES[40][96];
static double PH[40 * 19];

static ntm_chart_heatmap heatmap(void)
{
    for (int u = 0; u < 40; u++) {
        snprintf(UNIT_NAMES[u], sizeof UNIT_NAMES[u], "Xã số %d, huyện Cẩm Thủy", u + 1);
        UNITS[u] = UNIT_NAMES[u];
        for (int k = 0; k < 19; k++)
            PH[u * 19 + k] = fmod((u * 7 + k * 13) * 0.618034, 1.0);
    }
    UNITS[3] = SCRIPT;
    UNITS[5] = LONG_NAME;
    PH[0] = 0, PH[1] = 1, PH[2] = NAN, PH[3] = 0.004, PH[4] = 0.996;
    ntm_chart_heatmap c = {"Khả năng đạt từng tiêu chí trước hạn 2025",
                           "Kịch bản cơ sở",
                           "Nguồn: mô phỏng",
                           UNITS,
                           40,
                           CRIT,
                           19,
                           PH,
                           NTM_LANG_VI};
    return c;
}

static void heatmap_formats(void **state)
{
    (void)state;
    ntm_chart_heatmap c = heatmap(); /* 40 units x 19 criteria */
    all_formats("heat", r_heat, &c);
    c.lang = NTM_LANG_EN, c.n_units = 3, c.n_criteria = 4;
    all_formats("heat_small", r_heat, &c);
}

static void heatmap_edges(void **state)
{
    (void)state;
    ntm_chart_heatmap c = heatmap();
    c.n_units = 1, c.n_criteria = 1;
    render_ok(r_heat, &c, "heat_one.png");
    static const char *u[NTM_HEATMAP_MAX_UNITS];
    static const char *k[NTM_HEATMAP_MAX_CRITERIA];
    static double p[NTM_HEATMAP_MAX_UNITS * NTM_HEATMAP_MAX_CRITERIA];
    for (int i = 0; i < NTM_HEATMAP_MAX_UNITS; i++)
        u[i] = LONG_NAME;
    for (int i = 0; i < NTM_HEATMAP_MAX_CRITERIA; i++)
        k[i] = LONG_NAME;
    for (int i = 0; i < NTM_HEATMAP_MAX_UNITS * NTM_HEATMAP_MAX_CRITERIA; i++)
        p[i] = i % 3 == 0 ? NAN : i % 3 == 1 ? 0 : 1;
    c = heatmap();
    c.units = u, c.criteria = k, c.p = p, c.n_units = NTM_HEATMAP_MAX_UNITS;
    c.n_criteria = NTM_HEATMAP_MAX_CRITERIA, c.title = c.subtitle = c.source = NULL;
    render_ok(r_heat, &c, "heat_max.png");
}

static void heatmap_errors(void **state)
{
    (void)state;
    ntm_chart_heatmap c = heatmap();
    c.n_units = 0;
    expect_einput(r_heat, &c, "needs 1 to 60 units");
    c = heatmap();
    c.units = NULL;
    expect_einput(r_heat, &c, "needs 1 to 60 units");
    c = heatmap();
    c.n_criteria = 31;
    expect_einput(r_heat, &c, "needs 1 to 30 criteria");
    c = heatmap();
    c.p = NULL;
    expect_einput(r_heat, &c, "probabilities p are missing");
    c = heatmap();
    PH[2 * 19 + 10] = 1.5; /* unit 2, criterion 10 */
    expect_einput(
        r_heat, &c,
        "p[48] (unit 2 'Xã số 3, huyện Cẩm Thủy', criterion 10 '11. Nghèo đa chiều') = 1.5");
    c = heatmap();
    PH[7] = -INFINITY;
    expect_einput(r_heat, &c, "p[7]");
    c = heatmap();
    UNITS[0] = "\xC3";
    expect_einput(r_heat, &c, "UTF-8");
}

int main(void)
{
    /* Vietnamese texts come from the gettext catalog, as in the CLI. */
    ntm_cli_i18n_setup(ntm_cli_localedir());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(money_short),     cmocka_unit_test(colour_scale),
        cmocka_unit_test(roadmap_formats), cmocka_unit_test(roadmap_edges),
        cmocka_unit_test(roadmap_errors),  cmocka_unit_test(compare_formats),
        cmocka_unit_test(compare_edges),   cmocka_unit_test(compare_errors),
        cmocka_unit_test(gaps_formats),    cmocka_unit_test(gaps_edges),
        cmocka_unit_test(gaps_order),      cmocka_unit_test(gaps_errors),
        cmocka_unit_test(heatmap_formats), cmocka_unit_test(heatmap_edges),
        cmocka_unit_test(heatmap_errors),
    };
    return cmocka_run_group_tests(tests, render_tmp_setup, render_tmp_teardown);
}
