/* test_render.c: text outlines, canvas formats, the chart layer and the chart kinds.
 *
 * Known values are worked by hand in the comments: Heckbert's nice ticks, DejaVu Sans
 * kerning (A-V is -131 font units in its 'kern' table, units per em 2048). Outputs are
 * written to a fresh directory under /tmp and removed at the end. */
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
#include <utf8proc.h>

#include "cli.h"
#include "render/canvas.h"
#include "render/chart.h"
#include "render/charts.h"
#include "render/text.h"

/* Temporary folder for the charts this test writes (render_checks.h). */
#define RENDER_TMP_TEMPLATE "/tmp/ntm_test_render_XXXXXX"
#include "render_checks.h"

/* The Vietnamese test string of the brief. */
static const char VI_TEST[] = "Tỷ lệ nghèo đa chiều ả ế ợ ữ Đ";

/* ---- helpers ---------------------------------------------------------------------- */

static const char *out(const char *name)
{
    static char path[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", g_dir, name);
    return path[k];
}

/* Records every outline callback as numbers, to compare two outlines exactly. */
typedef struct rec {
    double *v;
    size_t n, cap;
} rec;

static int rec_push(rec *r, double op, const double *p, int k)
{
    if (r->n + 7 > r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        if (!r->v)
            return 1;
    }
    r->v[r->n++] = op;
    for (int i = 0; i < k; i++)
        r->v[r->n++] = p[i];
    return 0;
}
static int r_move(void *c, double x, double y)
{
    double p[2] = {x, y};
    return rec_push(c, 1, p, 2);
}
static int r_line(void *c, double x, double y)
{
    double p[2] = {x, y};
    return rec_push(c, 2, p, 2);
}
static int r_conic(void *c, double a, double b, double x, double y)
{
    double p[4] = {a, b, x, y};
    return rec_push(c, 3, p, 4);
}
static int r_cubic(void *c, double a, double b, double d, double e, double x, double y)
{
    double p[6] = {a, b, d, e, x, y};
    return rec_push(c, 4, p, 6);
}
static int r_close(void *c)
{
    return rec_push(c, 5, NULL, 0);
}
static const ntm_path_sink REC_SINK = {r_move, r_line, r_conic, r_cubic, r_close};

static int fail_move(void *c, double x, double y)
{
    (void)c, (void)x, (void)y;
    return 1;
}

static ntm_font *open_font(const char *path)
{
    ntm_font *f = NULL;
    ntm_error err = {0};
    if (ntm_font_new(&f, path, &err) != NTM_OK)
        fail_msg("%s", err.msg);
    return f;
}

/* ---- text ------------------------------------------------------------------------- */

static void no_missing_glyphs(void **state)
{
    (void)state;
    const char *fonts[2] = {NTM_FONT_REGULAR, NTM_FONT_BOLD};
    /* Also every symbol the charts draw: ✓ ✗ ≤ ≥ … — · */
    const char *strings[2] = {VI_TEST, "✓ ✗ ≤ ≥ … — · ! ?"};
    for (int k = 0; k < 2; k++) {
        ntm_font *f = open_font(fonts[k]);
        for (int s = 0; s < 2; s++) {
            unsigned g[128];
            size_t n = 0;
            assert_int_equal(ntm_text_glyphs(f, strings[s], g, 128, &n, NULL), NTM_OK);
            assert_true(n > 0);
            for (size_t i = 0; i < n; i++)
                if (g[i] == 0)
                    fail_msg("glyph %zu of '%s' is missing in %s", i, strings[s], fonts[k]);
            ntm_text_metrics m;
            assert_int_equal(ntm_text_measure(f, strings[s], 20, &m, NULL), NTM_OK);
            assert_int_equal(m.n_missing, 0);
        }
        /* The detector works: DejaVu Sans has no CJK ideographs. */
        ntm_text_metrics m;
        assert_int_equal(ntm_text_measure(f, "a中b", 20, &m, NULL), NTM_OK);
        assert_int_equal(m.n_glyphs, 3);
        assert_int_equal(m.n_missing, 1);
        ntm_font_free(f);
    }
}

static void outline_of(ntm_font *f, const char *s, rec *r)
{
    ntm_error err = {0};
    if (ntm_text_outline(f, s, 10, 20, 36, 0, NTM_ALIGN_LEFT, &REC_SINK, r, &err) != NTM_OK)
        fail_msg("%s", err.msg);
}

static void nfc_nfd_identical(void **state)
{
    (void)state;
    ntm_font *f = open_font(NTM_FONT_REGULAR);
    /* "Việt" typed precomposed (U+1EC7) and decomposed (e + U+0323 + U+0302). */
    const char *nfc = "Vi\xE1\xBB\x87t", *nfd = "Vie\xCC\xA3\xCC\x82t";
    rec a = {0}, b = {0};
    outline_of(f, nfc, &a);
    outline_of(f, nfd, &b);
    assert_true(a.n > 0);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.v, b.v, a.n * sizeof *a.v);
    /* The whole test string, decomposed by utf8proc. */
    unsigned char *dec = utf8proc_NFD((const unsigned char *)VI_TEST);
    assert_non_null(dec);
    assert_true(strcmp((const char *)dec, VI_TEST) != 0); /* really different bytes */
    rec c = {0}, d = {0};
    outline_of(f, VI_TEST, &c);
    outline_of(f, (const char *)dec, &d);
    assert_int_equal(c.n, d.n);
    assert_memory_equal(c.v, d.v, c.n * sizeof *c.v);
    /* Cached outlines are reused: a second walk is identical. */
    rec e = {0};
    outline_of(f, VI_TEST, &e);
    assert_memory_equal(c.v, e.v, c.n * sizeof *c.v);
    free(dec);
    free(a.v), free(b.v), free(c.v), free(d.v), free(e.v);
    ntm_font_free(f);
}

static void kerning_and_metrics(void **state)
{
    (void)state;
    ntm_font *f = open_font(NTM_FONT_REGULAR);
    ntm_text_metrics av, a, v;
    /* At size 2048 one font unit is one page unit: width(AV) = adv(A) + adv(V) - 131. */
    assert_int_equal(ntm_text_measure(f, "AV", 2048, &av, NULL), NTM_OK);
    assert_int_equal(ntm_text_measure(f, "A", 2048, &a, NULL), NTM_OK);
    assert_int_equal(ntm_text_measure(f, "V", 2048, &v, NULL), NTM_OK);
    assert_true(fabs(av.width - (a.width + v.width - 131)) < 1e-9);
    /* hhea ascender 1901, descender -483 (DejaVu Sans 2.37). */
    assert_true(fabs(a.ascent - 1901) < 1e-9);
    assert_true(fabs(a.descent - 483) < 1e-9);
    /* A stacked mark (Ế: circumflex + acute) reaches above a plain E. */
    ntm_text_metrics e, e2;
    assert_int_equal(ntm_text_measure(f, "E", 100, &e, NULL), NTM_OK);
    assert_int_equal(ntm_text_measure(f, "Ế", 100, &e2, NULL), NTM_OK);
    assert_true(e2.ink_top > e.ink_top + 10);
    assert_true(fabs(e2.width - e.width) < 1e-9);
    /* Empty text measures zero width. */
    assert_int_equal(ntm_text_measure(f, "", 100, &e, NULL), NTM_OK);
    assert_true(e.width == 0 && e.n_glyphs == 0);
    ntm_font_free(f);
}

static void text_errors(void **state)
{
    (void)state;
    ntm_error err = {0};
    ntm_font *f = NULL;
    assert_int_equal(ntm_font_new(&f, "/nonexistent/font.ttf", &err), NTM_ENOTFOUND);
    assert_null(f);
    assert_non_null(strstr(err.msg, "/nonexistent/font.ttf"));
    assert_int_equal(ntm_font_new(&f, NULL, &err), NTM_EUSAGE);
    /* A file that is not a font. */
    const char *junk = out("junk.ttf");
    FILE *j = fopen(junk, "wb");
    assert_non_null(j);
    fputs("not a font at all", j);
    fclose(j);
    assert_int_equal(ntm_font_new(&f, junk, &err), NTM_ERENDER);
    assert_null(f);
    ntm_font_free(NULL);

    f = open_font(NTM_FONT_REGULAR);
    ntm_text_metrics m;
    assert_int_equal(ntm_text_measure(f, "bad \xFF byte", 10, &m, &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "UTF-8"));
    rec r = {0};
    assert_int_equal(ntm_text_outline(f, "\xC3", 0, 0, 10, 0, NTM_ALIGN_LEFT, &REC_SINK, &r, &err),
                     NTM_EINPUT);
    ntm_path_sink bad = REC_SINK;
    bad.move = fail_move;
    assert_int_equal(ntm_text_outline(f, "x", 0, 0, 10, 0, NTM_ALIGN_LEFT, &bad, &r, &err),
                     NTM_ERENDER);
    free(r.v);
    ntm_font_free(f);
}

static void wrapping(void **state)
{
    (void)state;
    ntm_font *f = open_font(NTM_FONT_REGULAR);
    const char *name = "Tổ chức sản xuất và phát triển kinh tế nông thôn";
    char buf[512];
    size_t n;
    double widest;
    ntm_error err = {0};
    assert_int_equal(ntm_text_wrap(f, name, 20, 200, 8, buf, sizeof buf, &n, &widest, &err),
                     NTM_OK);
    assert_true(n >= 2);
    assert_true(widest <= 200);
    /* Every line fits, and joining the lines with spaces gives the name back. */
    char joined[512] = "";
    size_t o = 0;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        ntm_text_metrics m;
        assert_int_equal(ntm_text_measure(f, line, 20, &m, NULL), NTM_OK);
        assert_true(m.width <= 200);
        o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%s", o ? " " : "", line);
        assert_true(o < sizeof joined);
    }
    assert_string_equal(joined, name);
    /* Two lines only: the second ends in an ellipsis and still fits. */
    assert_int_equal(ntm_text_wrap(f, name, 20, 200, 2, buf, sizeof buf, &n, &widest, &err),
                     NTM_OK);
    assert_int_equal(n, 2);
    assert_non_null(strstr(buf, "…"));
    assert_true(widest <= 200);
    /* A buffer too small is an error, not an overflow. */
    assert_int_equal(ntm_text_wrap(f, name, 20, 200, 8, buf, 8, &n, &widest, &err), NTM_ENOMEM);
    ntm_font_free(f);
}

/* ---- chart layer -------------------------------------------------------------------- */

static void check_ticks(double lo, double hi, size_t target, double min_step, double elo,
                        double ehi, double estep, size_t en, int edec)
{
    ntm_ticks t;
    assert_int_equal(ntm_chart_nice_ticks(lo, hi, target, min_step, &t, NULL), NTM_OK);
    if (fabs(t.lo - elo) > 1e-12 || fabs(t.hi - ehi) > 1e-12 || fabs(t.step - estep) > 1e-12 ||
        t.n != en || t.decimals != edec)
        fail_msg("ticks(%g, %g, %zu): got %g..%g step %g n %zu dec %d", lo, hi, target, t.lo, t.hi,
                 t.step, t.n, t.decimals);
}

/* Heckbert: range = nicenum(hi - lo, floor); d = nicenum(range / (target - 1), round);
 * ticks from floor(lo / d) d to ceil(hi / d) d. */
static void nice_ticks(void **state)
{
    (void)state;
    /* 10 -> range 10, 10/4 = 2,5 rounds to 2: 0, 2, ..., 10. */
    check_ticks(0, 10, 5, 0, 0, 10, 2, 6, 0);
    /* 12,4 -> range 20, 20/4 = 5: 0, 5, 10, 15. */
    check_ticks(0.3, 12.7, 5, 0, 0, 15, 5, 4, 0);
    /* 0,87 -> range 1, 0,25 rounds to 0,2: 0; 0,2; ...; 1 (one decimal). */
    check_ticks(0, 0.87, 5, 0, 0, 1, 0.2, 6, 1);
    /* -3..3 -> range 10, 2,5 -> 2: -4 ... 4. */
    check_ticks(-3, 3, 5, 0, -4, 4, 2, 5, 0);
    /* Years 2021..2027, 6 ticks: range 10, 2 -> 2020 ... 2028. */
    check_ticks(2021, 2027, 6, 1, 2020, 2028, 2, 5, 0);
    /* A one-year span would get step 0,2; years never step below 1. */
    check_ticks(2023, 2024, 5, 1, 2023, 2024, 1, 2, 0);
    /* A single value is widened by 10%: 4,5..5,5 -> step 0,2, 4,4 ... 5,6. */
    check_ticks(5, 5, 5, 0, 4.4, 5.6, 0.2, 7, 1);
    /* 0..100 percent: range 100, 25 -> 20. */
    check_ticks(0, 100, 5, 0, 0, 100, 20, 6, 0);
    /* 1.784 households: range 2000, 500: 0 ... 2000. */
    check_ticks(0, 1784, 5, 0, 0, 2000, 500, 5, 0);
    ntm_ticks t;
    assert_int_equal(ntm_chart_nice_ticks(0, 1, 5, 0, &t, NULL), NTM_OK);
    assert_true(ntm_ticks_value(&t, 3) == 0.6); /* not 0.6000000000000001 */
    ntm_error err = {0};
    assert_int_equal(ntm_chart_nice_ticks(NAN, 1, 5, 0, &t, &err), NTM_EINPUT);
    assert_int_equal(ntm_chart_nice_ticks(0, INFINITY, 5, 0, &t, &err), NTM_EINPUT);
    assert_int_equal(ntm_chart_nice_ticks(2, 1, 5, 0, &t, &err), NTM_EINPUT);
}

static void tick_labels(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(ntm_chart_fmt_tick(b, sizeof b, 12.5, 1, NTM_AXIS_PERCENT, NTM_LANG_VI),
                        "12,5%");
    assert_string_equal(ntm_chart_fmt_tick(b, sizeof b, 12.5, 1, NTM_AXIS_PERCENT, NTM_LANG_EN),
                        "12.5%");
    assert_string_equal(ntm_chart_fmt_tick(b, sizeof b, 1784, 0, NTM_AXIS_NUMBER, NTM_LANG_VI),
                        "1.784");
    assert_string_equal(ntm_chart_fmt_tick(b, sizeof b, 2025, 0, NTM_AXIS_YEAR, NTM_LANG_VI),
                        "2025");
    assert_string_equal(ntm_chart_fmt_tick(b, sizeof b, NAN, 0, NTM_AXIS_YEAR, NTM_LANG_VI),
                        NTM_FMT_NONE);
    ntm_rgb w = ntm_chart_tint(NTM_RGB_BLUE, 1), same = ntm_chart_tint(NTM_RGB_BLUE, 0);
    assert_true(w.r == 255 && w.g == 255 && w.b == 255);
    assert_true(same.r == 0x00 && same.g == 0x72 && same.b == 0xB2);
    ntm_rgb p0 = ntm_chart_palette(0), p7 = ntm_chart_palette(7);
    assert_memory_equal(&p0, &p7, sizeof p0);
}

/* ---- canvas and formats --------------------------------------------------------------- */

static void canvas_errors(void **state)
{
    (void)state;
    ntm_error err = {0};
    ntm_canvas *cv = NULL;
    ntm_image_format fmt;
    assert_int_equal(ntm_canvas_new(&cv, 10, 900, &err), NTM_EUSAGE);
    assert_null(cv);
    assert_int_equal(ntm_canvas_new(&cv, NAN, 900, &err), NTM_EUSAGE);
    assert_int_equal(ntm_canvas_format_of("a/b.SVG", &fmt, &err), NTM_OK);
    assert_int_equal(fmt, NTM_IMAGE_SVG);
    assert_int_equal(ntm_canvas_format_of("x.Png", &fmt, &err), NTM_OK);
    assert_int_equal(fmt, NTM_IMAGE_PNG);
    assert_int_equal(ntm_canvas_format_of("x.pdf", &fmt, &err), NTM_OK);
    assert_int_equal(fmt, NTM_IMAGE_PDF);
    assert_int_equal(ntm_canvas_format_of("x.jpg", &fmt, &err), NTM_EUSAGE);
    assert_non_null(strstr(err.msg, "x.jpg"));
    assert_int_equal(ntm_canvas_format_of("dir.svg/x", &fmt, &err), NTM_EUSAGE);
    assert_int_equal(ntm_canvas_format_of(NULL, &fmt, &err), NTM_EUSAGE);

    assert_int_equal(ntm_canvas_new(&cv, 400, 300, &err), NTM_OK);
    assert_null(ntm_canvas_svg(cv, NULL));
    /* A label at a non-finite point is refused, not drawn at NaN. */
    assert_int_equal(ntm_chart_text(cv, NTM_FACE_REGULAR, "x", NAN, 0, 10, 0, NTM_ALIGN_LEFT,
                                    NTM_RGB_TEXT, &err),
                     NTM_ERENDER);
    double xs[2] = {0, INFINITY}, ys[2] = {0, 1};
    assert_int_equal(ntm_chart_polyline(cv, xs, ys, 2, NTM_RGB_TEXT, 1, NTM_DASH_SOLID, &err),
                     NTM_ERENDER);
    assert_int_equal(ntm_canvas_save(cv, "/nonexistent-dir/x.svg", &err), NTM_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/x.svg"));
    assert_int_equal(ntm_canvas_save(cv, "/nonexistent-dir/x.png", &err), NTM_EIO);
    assert_int_equal(ntm_canvas_save(cv, "/nonexistent-dir/x.pdf", &err), NTM_EIO);
    assert_int_equal(ntm_canvas_save(cv, out("x.gif"), &err), NTM_EUSAGE);
    size_t len;
    assert_non_null(ntm_canvas_svg(cv, &len)); /* finished by the first save */
    assert_true(len > 100);
    ntm_canvas_free(cv);
    ntm_canvas_free(NULL);
}

/* Seed 003 (Cẩm Thành, 2023): 12,21% multidimensional poverty against ≤ 6,5%. */
static const double HT[] = {2021, 2022, 2023.5}, HY[] = {16.9, 14.6, 12.21};
static const double T[] = {2023.5, 2024, 2025, 2026}, Q025[] = {12.21, 8.1, 4.6, 2.6},
                    Q10[] = {12.21, 9.0, 5.8, 3.7}, Q50[] = {12.21, 10.4, 7.6, 5.6},
                    Q90[] = {12.21, 11.8, 9.6, 7.8}, Q975[] = {12.21, 12.6, 10.8, 9.2};

static ntm_chart_traj poverty(void)
{
    ntm_chart_traj c = {.title = "Tỷ lệ nghèo đa chiều — xã Cẩm Thành",
                        .subtitle = "Hộ nghèo 71/1.784 + cận nghèo 149/1.807",
                        .source = "Nguồn: báo cáo xã 7/2023; kịch bản cơ sở; seed 7",
                        .y_label = "Tỷ lệ (%)",
                        .hist_t = HT,
                        .hist_y = HY,
                        .n_hist = 3,
                        .t = T,
                        .q025 = Q025,
                        .q10 = Q10,
                        .q50 = Q50,
                        .q90 = Q90,
                        .q975 = Q975,
                        .n = 4,
                        .threshold = 6.5,
                        .threshold_is_upper = 1,
                        .target_year = 2023,
                        .deadline = 2025,
                        .p_target = 0.04,
                        .p_deadline = 0.62,
                        .y_format = NTM_AXIS_PERCENT,
                        .lang = NTM_LANG_VI};
    return c;
}

static ntm_scorecard_item ITEMS[19];
static const char *NAMES[19] = {"Quy hoạch",
                                "Giao thông",
                                "Thủy lợi và phòng, chống thiên tai",
                                "Điện",
                                "Trường học",
                                "Cơ sở vật chất văn hóa",
                                "Cơ sở hạ tầng thương mại nông thôn",
                                "Thông tin và Truyền thông",
                                "Nhà ở dân cư",
                                "Thu nhập",
                                "Nghèo đa chiều",
                                "Lao động",
                                "Tổ chức sản xuất và phát triển kinh tế nông thôn",
                                "Giáo dục và Đào tạo",
                                "Y tế",
                                "Văn hóa",
                                "Môi trường và an toàn thực phẩm",
                                "Hệ thống chính trị và tiếp cận pháp luật",
                                "<script>alert(1)</script>"};
static const char *NUMS[19] = {"1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9", "10",
                               "11", "12", "13", "14", "15", "16", "17", "18", "19"};

static ntm_chart_scorecard scorecard(void)
{
    for (int i = 0; i < 19; i++) {
        ITEMS[i].number = NUMS[i];
        ITEMS[i].name = NAMES[i];
        ITEMS[i].state = (ntm_crit_state)(i % 4);
        ITEMS[i].detail = i == 10 ? "12,21% > 6,5%" : NULL;
    }
    ntm_chart_scorecard c = {"Bộ tiêu chí xã nông thôn mới — xã Cẩm Thành",
                             "Rà soát 7/2023",
                             "Nguồn: kế hoạch xã 7/2023",
                             ITEMS,
                             19,
                             NTM_LANG_VI};
    return c;
}

/* Renders with F into NAME.{svg,png,pdf} twice and checks every file. */
typedef ntm_status (*render_fn)(const void *chart, const char *path, ntm_error *err);

static ntm_status r_traj(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_trajectory_render(c, p, e);
}
static ntm_status r_card(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_scorecard_render(c, p, e);
}
static ntm_status r_grid(const void *c, const char *p, ntm_error *e)
{
    return ntm_chart_trajectory_grid_render(c, 4, "Các chỉ tiêu chưa đạt", "Dự báo", "seed 7",
                                            NTM_LANG_VI, p, e);
}

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

static void trajectory_formats(void **state)
{
    (void)state;
    ntm_chart_traj c = poverty();
    all_formats("traj", r_traj, &c);
    c.lang = NTM_LANG_EN;
    all_formats("traj_en", r_traj, &c);
}

static void scorecard_formats(void **state)
{
    (void)state;
    ntm_chart_scorecard c = scorecard();
    all_formats("card", r_card, &c); /* 19 criteria, one named <script>... */
}

static void grid_formats(void **state)
{
    (void)state;
    ntm_chart_traj g[4] = {poverty(), poverty(), poverty(), poverty()};
    g[1].n_hist = 0;
    g[2].n = 0;
    g[3].title = "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ (áp dụng đạt cho cả nam và nữ) "
                 "của các thôn trên địa bàn xã";
    all_formats("grid", r_grid, g);
}

/* Edge cases must render without errors (SVG, and PNG for the rasteriser). */
static void trajectory_edges(void **state)
{
    (void)state;
    ntm_error err = {0};
    ntm_chart_traj c;
    static const double one_t[] = {2023}, one_y[] = {25.27};
    c = poverty(); /* one observed point, nothing projected */
    c.hist_t = one_t, c.hist_y = one_y, c.n_hist = 1, c.n = 0;
    c.p_target = c.p_deadline = NAN;
    assert_int_equal(ntm_chart_trajectory_render(&c, out("one.png"), &err), NTM_OK);
    c = poverty(); /* no history; a single projection time */
    c.n_hist = 0, c.n = 1;
    assert_int_equal(ntm_chart_trajectory_render(&c, out("nohist.svg"), &err), NTM_OK);
    c = poverty(); /* P = 0 and P = 1 */
    c.p_target = 0, c.p_deadline = 1;
    assert_int_equal(ntm_chart_trajectory_render(&c, out("p01.svg"), &err), NTM_OK);
    c = poverty(); /* nothing at all */
    c.n_hist = 0, c.n = 0;
    assert_int_equal(ntm_chart_trajectory_render(&c, out("empty.svg"), &err), NTM_OK);
    c = poverty(); /* no bands, no threshold, no markers, no texts */
    c.q025 = c.q975 = c.q10 = c.q90 = NULL;
    c.threshold = NAN, c.target_year = NAN, c.deadline = 0;
    c.title = c.subtitle = c.source = c.y_label = NULL;
    assert_int_equal(ntm_chart_trajectory_render(&c, out("bare.svg"), &err), NTM_OK);
    c = poverty(); /* target year = deadline; a long title; a constant series */
    static const double flat[] = {5, 5, 5};
    c.hist_y = flat, c.n = 0, c.target_year = 2025;
    c.title =
        "Tỷ lệ hộ gia đình sử dụng nước sạch đáp ứng quy chuẩn theo quy định, trong đó tỷ lệ "
        "hộ sử dụng nước sạch từ công trình cấp nước tập trung — xã Cẩm Thành, huyện Cẩm Thủy, "
        "tỉnh Thanh Hóa (Tiêu chí 17.1)";
    assert_int_equal(ntm_chart_trajectory_render(&c, out("long.png"), &err), NTM_OK);
    /* Count data on a number axis with thousands. */
    static const double cnt[] = {417, 560, 910};
    c = poverty();
    c.hist_y = cnt, c.n = 0, c.y_format = NTM_AXIS_NUMBER, c.threshold = 1784;
    assert_int_equal(ntm_chart_trajectory_render(&c, out("count.svg"), &err), NTM_OK);
}

static void scorecard_edges(void **state)
{
    (void)state;
    ntm_error err = {0};
    ntm_scorecard_item one = {"11", "Nghèo đa chiều", NTM_CRIT_UNMET, "12,21% > 6,5%"};
    ntm_chart_scorecard c = {"Một tiêu chí", NULL, NULL, &one, 1, NTM_LANG_EN};
    assert_int_equal(ntm_chart_scorecard_render(&c, out("card1.png"), &err), NTM_OK);
    ntm_scorecard_item longname = {
        NULL,
        "Tỷ lệ lao động có việc làm qua đào tạo có bằng cấp, chứng chỉ áp dụng đạt cho cả nam và "
        "nữ "
        "trên địa bàn các thôn đặc biệt khó khăn vùng đồng bào dân tộc thiểu số và miền núi",
        NTM_CRIT_AT_RISK,
        "một dòng chi tiết rất dài không thể vừa với ô nên phải thu nhỏ hoặc cắt bớt"};
    c.items = &longname;
    assert_int_equal(ntm_chart_scorecard_render(&c, out("card_long.svg"), &err), NTM_OK);
    ntm_scorecard_item many[NTM_SCORECARD_MAX];
    for (int i = 0; i < NTM_SCORECARD_MAX; i++)
        many[i] = one;
    c.items = many, c.n = NTM_SCORECARD_MAX;
    assert_int_equal(ntm_chart_scorecard_render(&c, out("card_max.svg"), &err), NTM_OK);
    /* Texts far longer than any buffer: cut to whole characters, then "…". */
    static char huge[6000];
    size_t o = 0;
    while (o + 40 < sizeof huge)
        o += (size_t)snprintf(huge + o, sizeof huge - o, "Tỷ lệ nghèo đa chiều ");
    ntm_scorecard_item h = {"1", huge, NTM_CRIT_MET, huge};
    ntm_chart_scorecard hc = {huge, huge, huge, &h, 1, NTM_LANG_VI};
    assert_int_equal(ntm_chart_scorecard_render(&hc, out("card_huge.svg"), &err), NTM_OK);
    ntm_chart_traj t = poverty();
    t.title = t.subtitle = t.source = t.y_label = huge;
    assert_int_equal(ntm_chart_trajectory_render(&t, out("traj_huge.svg"), &err), NTM_OK);
    char cut[8] = "a\xE1\xBA"; /* "ả" cut after two of its three bytes */
    ntm_chart_utf8_trim(cut);
    assert_string_equal(cut, "a");
    char whole[8] = "a\xE1\xBA\xA3";
    ntm_chart_utf8_trim(whole);
    assert_string_equal(whole, "aả");
    assert_string_equal(ntm_crit_state_name(NTM_CRIT_AT_RISK, NTM_LANG_VI), "Đạt, có nguy cơ");
    assert_string_equal(ntm_crit_state_name(NTM_CRIT_UNKNOWN, NTM_LANG_EN), "Unknown");
}

static void expect_input_error(const ntm_chart_traj *c, const char *needle)
{
    ntm_error err = {0};
    assert_int_equal(ntm_chart_trajectory_render(c, out("bad.svg"), &err), NTM_EINPUT);
    if (!strstr(err.msg, needle))
        fail_msg("message '%s' does not name '%s'", err.msg, needle);
}

static void input_errors(void **state)
{
    (void)state;
    ntm_chart_traj c = poverty();
    double q[4];
    memcpy(q, Q50, sizeof q);
    q[1] = NAN;
    c.q50 = q;
    expect_input_error(&c, "q50[1]");
    c = poverty();
    q[1] = 20; /* above q90 */
    c.q50 = q;
    expect_input_error(&c, "q90[1]");
    c = poverty();
    double t[4] = {2023, 2025, 2024, 2026};
    c.t = t;
    expect_input_error(&c, "t[2]");
    c = poverty();
    double h[3] = {1, INFINITY, 2};
    c.hist_y = h;
    expect_input_error(&c, "hist_y[1]");
    c = poverty();
    c.p_deadline = 1.5;
    expect_input_error(&c, "p_deadline");
    c = poverty();
    c.q975 = NULL;
    expect_input_error(&c, "q025/q975");
    c = poverty();
    c.q50 = NULL;
    expect_input_error(&c, "q50");
    c = poverty();
    c.hist_t = NULL;
    expect_input_error(&c, "history");
    c = poverty();
    c.threshold = INFINITY;
    expect_input_error(&c, "threshold");
    c = poverty();
    c.deadline = -INFINITY;
    expect_input_error(&c, "marker");
    c = poverty();
    c.title = "bad \xFF label";
    ntm_error err = {0};
    assert_int_equal(ntm_chart_trajectory_render(&c, out("bad.svg"), &err), NTM_EINPUT);
    c = poverty();
    assert_int_equal(ntm_chart_trajectory_render(&c, out("x.jpeg"), &err), NTM_EUSAGE);
    assert_int_equal(ntm_chart_trajectory_render(&c, "/nonexistent-dir/t.png", &err), NTM_EIO);
    assert_int_equal(
        ntm_chart_trajectory_grid_render(&c, 0, "t", NULL, NULL, NTM_LANG_VI, out("g.svg"), &err),
        NTM_EINPUT);
    assert_int_equal(ntm_chart_trajectory_grid_render(&c, NTM_CHART_GRID_MAX + 1, "t", NULL, NULL,
                                                      NTM_LANG_VI, out("g.svg"), &err),
                     NTM_EINPUT);
    ntm_chart_traj bad[2] = {poverty(), poverty()};
    bad[1].p_target = -0.1;
    assert_int_equal(
        ntm_chart_trajectory_grid_render(bad, 2, "t", NULL, NULL, NTM_LANG_VI, out("g.svg"), &err),
        NTM_EINPUT);
    assert_int_equal(
        ntm_chart_trajectory_grid_render(bad, 1, "t", NULL, NULL, NTM_LANG_VI, out("g.gif"), &err),
        NTM_EUSAGE);

    ntm_chart_scorecard s = scorecard();
    s.n = 0;
    assert_int_equal(ntm_chart_scorecard_render(&s, out("s.svg"), &err), NTM_EINPUT);
    s = scorecard();
    s.n = NTM_SCORECARD_MAX + 1;
    assert_int_equal(ntm_chart_scorecard_render(&s, out("s.svg"), &err), NTM_EINPUT);
    s = scorecard();
    ITEMS[3].state = (ntm_crit_state)7;
    assert_int_equal(ntm_chart_scorecard_render(&s, out("s.svg"), &err), NTM_EINPUT);
    assert_non_null(strstr(err.msg, "criterion 4"));
    s = scorecard();
    assert_int_equal(ntm_chart_scorecard_render(&s, out("s.txt"), &err), NTM_EUSAGE);
}

int main(void)
{
    /* Vietnamese texts come from the gettext catalog, as in the CLI. */
    ntm_cli_i18n_setup(ntm_cli_localedir());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_missing_glyphs),
        cmocka_unit_test(nfc_nfd_identical),
        cmocka_unit_test(kerning_and_metrics),
        cmocka_unit_test(text_errors),
        cmocka_unit_test(wrapping),
        cmocka_unit_test(nice_ticks),
        cmocka_unit_test(tick_labels),
        cmocka_unit_test(canvas_errors),
        cmocka_unit_test(trajectory_formats),
        cmocka_unit_test(scorecard_formats),
        cmocka_unit_test(grid_formats),
        cmocka_unit_test(trajectory_edges),
        cmocka_unit_test(scorecard_edges),
        cmocka_unit_test(input_errors),
    };
    return cmocka_run_group_tests(tests, render_tmp_setup, render_tmp_teardown);
}
