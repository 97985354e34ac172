/* render_demo.c: writes sample charts (the Cẩm Thành plan of 07/2023, Cẩm Thành) to look at by eye.
 * Build: make build/rel/libntm.a && cc -std=c17 -Isrc tests/render/render_demo.c \
 *          build/rel/libntm.a $(LIBS) -o build/render_demo
 * Run:   build/render_demo OUTDIR   (writes trajectory.*, grid.*, scorecard.*, roadmap.*,
 *        compare*.*, gaps.*, heatmap.*, edge cases) */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/charts.h"

static int report(ntm_status rc, const ntm_error *err, const char *what)
{
    if (rc != NTM_OK) {
        fprintf(stderr, "render_demo: %s: %s\n", what, err->msg);
        return 1;
    }
    return 0;
}

/* Seed 003's unmet criteria as a roadmap. The money follows the plan's proposals
 * (schools about 7 tỷ, the swimming pool 500 triệu); the years met, owners and the
 * other amounts are illustrative. */
static const double M5[] = {0, 3.5e9, 3.5e9, 0, 0}, M6[] = {0, 5e8, 0, 0, 0},
                    M11[] = {4.2e8, 6.5e8, 6.5e8, 3e8, 0}, M12[] = {1.2e8, 2e8, 0, 0, 0},
                    M13[] = {0, 8e8, 1.2e9, 0, 0}, M15[] = {0, 0, 0, 0, 0},
                    M17[] = {0, 6e9, 9.5e9, 0, 0}, M19[] = {0, 0, 0, 0, 0};

static int demo_roadmap(const char *dir)
{
    static const ntm_roadmap_row rows[] = {
        {"5", "Trường học", "Hiệu trưởng các trường; Văn phòng NTM xã", 2024, 2024, 2025, 2026, M5},
        {"6", "Cơ sở vật chất văn hóa", "Công chức Văn hóa – Xã hội", 2024, 2024, 2024, 2025, M6},
        {"11", "Nghèo đa chiều", "Công chức LĐ-TB&XH", 2023, 2025, 2026, 0, M11},
        {"12", "Lao động", "Công chức LĐ-TB&XH", 2023, 2023, 2024, 2024, M12},
        {"13", "Tổ chức sản xuất và phát triển kinh tế nông thôn",
         "HTX nông nghiệp; Công chức Nông nghiệp", 2024, 2024, 2025, 2027, M13},
        {"15", "Y tế", "Trạm Y tế xã", 2023, 2023, 2024, 2025, M15},
        {"17", "Môi trường và an toàn thực phẩm", "Công chức Địa chính – Môi trường; UBND huyện",
         2024, 2026, 0, 0, M17},
        {"19", "Quốc phòng và An ninh", "Công an xã", 2023, 2023, 2023, 2024, M19},
    };
    ntm_chart_roadmap c = {.title = "Lộ trình đạt chuẩn các tiêu chí còn thiếu — xã Cẩm Thành",
                           .subtitle = "Kịch bản cơ sở; năm đạt là dự báo (trung vị, khoảng 80%)",
                           .source = "Nguồn: kế hoạch xã Cẩm Thành 7/2023 (kinh phí đề xuất); năm "
                                     "đạt và phụ trách minh họa; "
                                     "4.000 lượt mô phỏng, seed 20230701",
                           .rows = rows,
                           .n = sizeof rows / sizeof rows[0],
                           .first_year = 2023,
                           .last_year = 2027,
                           .deadline = 2025,
                           .lang = NTM_LANG_VI};
    const char *ext[] = {"svg", "png", "pdf"};
    char path[512];
    ntm_error err = {0};
    int bad = 0;
    for (int e = 0; e < 3; e++) {
        snprintf(path, sizeof path, "%s/roadmap.%s", dir, ext[e]);
        bad |= report(ntm_chart_roadmap_render(&c, path, &err), &err, path);
    }
    ntm_chart_roadmap en = c;
    en.lang = NTM_LANG_EN;
    en.title = "Roadmap for the criteria not yet met — Cẩm Thành commune";
    en.subtitle = NULL;
    snprintf(path, sizeof path, "%s/roadmap_en.png", dir);
    bad |= report(ntm_chart_roadmap_render(&en, path, &err), &err, path);
    /* One row, no money, long name and owner. */
    static const ntm_roadmap_row one = {
        "12.2",
        "Tỷ lệ lao động có việc làm qua đào tạo có bằng cấp, chứng chỉ (áp dụng đạt cho cả nam và "
        "nữ)",
        "Ban Chỉ đạo xã phối hợp Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện",
        2023,
        0,
        0,
        0,
        NULL};
    ntm_chart_roadmap e1 = c;
    e1.rows = &one, e1.n = 1;
    snprintf(path, sizeof path, "%s/roadmap_one.png", dir);
    bad |= report(ntm_chart_roadmap_render(&e1, path, &err), &err, path);
    /* Nineteen rows over 2024-2030. */
    static ntm_roadmap_row many[19];
    static double money19[19][7];
    for (int i = 0; i < 19; i++) {
        for (int j = 0; j < 7; j++)
            money19[i][j] = (i * 7 + j) % 5 == 0 ? (double)((i + 1) * (j + 2)) * 1.37e8 : 0;
        many[i] = rows[i % 8];
        many[i].money = money19[i];
        many[i].target_year = 2025 + i % 4;
        many[i].met_q10 = 2024 + i % 3, many[i].met_q50 = 2026 + i % 3,
        many[i].met_q90 = i % 5 ? 2029 : 0;
    }
    ntm_chart_roadmap e2 = c;
    e2.rows = many, e2.n = 19, e2.first_year = 2024, e2.last_year = 2030, e2.deadline = 2030;
    e2.title = "Lộ trình 19 tiêu chí 2024–2030 (thử nghiệm bố cục)";
    snprintf(path, sizeof path, "%s/roadmap_19.png", dir);
    bad |= report(ntm_chart_roadmap_render(&e2, path, &err), &err, path);
    return bad;
}

/* Three illustrative scenarios for Cẩm Thành: P(standard) by year with Monte Carlo
 * errors of 2 standard errors at 4.000 draws (2 sqrt(p(1-p)/4000)). */
static int demo_compare(const char *dir)
{
    static const double years[] = {2024, 2025, 2026, 2027, 2028, 2029, 2030};
    static const double p0[] = {0.02, 0.18, 0.41, 0.58, 0.69, 0.75, 0.79},
                        p1[] = {0.03, 0.31, 0.62, 0.80, 0.88, 0.92, 0.94},
                        p2[] = {0.02, 0.22, 0.55, 0.78, 0.90, 0.95, 0.97};
    static double lo[3][7], hi[3][7];
    const double *pv[3] = {p0, p1, p2};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 7; j++) {
            double e = 2 * sqrt(pv[i][j] * (1 - pv[i][j]) / 4000);
            lo[i][j] = fmax(0, pv[i][j] - e), hi[i][j] = fmin(1, pv[i][j] + e);
        }
    ntm_compare_series s[3] = {{"Cơ sở (vốn như kế hoạch)", p0, lo[0], hi[0]},
                               {"Tăng vốn tỉnh 20%", p1, lo[1], hi[1]},
                               {"Ưu tiên nước sạch trước", p2, lo[2], hi[2]}};
    ntm_chart_compare c = {
        .title = "Khả năng xã Cẩm Thành đạt chuẩn nông thôn mới theo năm",
        .subtitle = "Ba kịch bản kinh phí; xác suất đạt cả 19 tiêu chí vào cuối mỗi năm",
        .source =
            "Nguồn: mô phỏng 4.000 lượt mỗi kịch bản, seed 20230701; thanh sai số = 2 sai số chuẩn "
            "Monte Carlo (minh họa)",
        .mode = NTM_COMPARE_P_STANDARD,
        .years = years,
        .n_years = 7,
        .series = s,
        .n = 3,
        .deadline = 2025,
        .lang = NTM_LANG_VI};
    const char *ext[] = {"svg", "png", "pdf"};
    char path[512];
    ntm_error err = {0};
    int bad = 0;
    for (int e = 0; e < 3; e++) {
        snprintf(path, sizeof path, "%s/compare.%s", dir, ext[e]);
        bad |= report(ntm_chart_compare_render(&c, path, &err), &err, path);
    }
    static const double k0[] = {11.2, 13.4, 15.1, 16.3, 17.0, 17.5, 17.8},
                        k1[] = {11.4, 14.6, 16.9, 18.0, 18.5, 18.7, 18.8};
    ntm_compare_series ks[2] = {{"Cơ sở", k0, NULL, NULL}, {"Tăng vốn tỉnh 20%", k1, NULL, NULL}};
    ntm_chart_compare k = c;
    k.mode = NTM_COMPARE_CRITERIA_MET, k.series = ks, k.n = 2, k.n_criteria = 19;
    k.title = "Số tiêu chí dự kiến đạt — xã Cẩm Thành";
    k.subtitle = "Kỳ vọng số tiêu chí đạt vào cuối mỗi năm, hai kịch bản";
    snprintf(path, sizeof path, "%s/compare_criteria.png", dir);
    bad |= report(ntm_chart_compare_render(&k, path, &err), &err, path);
    ntm_chart_compare en = c;
    en.lang = NTM_LANG_EN, en.title = "Chance that Cẩm Thành meets the NTM standard, by year";
    en.subtitle = NULL;
    snprintf(path, sizeof path, "%s/compare_en.png", dir);
    bad |= report(ntm_chart_compare_render(&en, path, &err), &err, path);
    /* One year, P = 0 and P = 1. */
    static const double y1[] = {2025}, z[] = {0}, o[] = {1};
    ntm_compare_series e1[2] = {{"Không có vốn", z, z, z}, {"Đủ vốn", o, o, o}};
    ntm_chart_compare one = c;
    one.years = y1, one.n_years = 1, one.series = e1, one.n = 2;
    snprintf(path, sizeof path, "%s/compare_one.png", dir);
    bad |= report(ntm_chart_compare_render(&one, path, &err), &err, path);
    return bad;
}

/* Seed 003's gaps costed at 80% confidence; the split by key and the errors are
 * illustrative, the two proposals (schools 7 tỷ, pool 500 triệu) from the plan. */
static int demo_gaps(const char *dir)
{
    static const char *keys[] = {
        "Ngân sách trung ương",        "Ngân sách tỉnh",   "Ngân sách huyện", "Ngân sách xã",
        "Lồng ghép chương trình khác", "Nhân dân đóng góp"};
    static const double g5[] = {3.0e9, 2.5e9, 1.0e9, 0.3e9, 0, 0.2e9},
                        g6[] = {0, 0.2e9, 0.1e9, 0.15e9, 0, 0.05e9},
                        g11[] = {0.9e9, 0.6e9, 0.2e9, 0.1e9, 0.2e9, 0},
                        g13[] = {0, 0.8e9, 0.3e9, 0.1e9, 0.6e9, 0.2e9}, g17[] = {0, 0, 0, 0, 0, 0},
                        g12[] = {0, 0.12e9, 0.08e9, 0.02e9, 0, 0};
    static const ntm_gap_row rows[] = {
        {"6", "Cơ sở vật chất văn hóa (bể bơi)", NTM_GAP_COST, g6, 0.04e9},
        {"5", "Trường học: phòng chức năng, phòng máy tính, 07 phòng học", NTM_GAP_COST, g5, 0.6e9},
        {"11", "Nghèo đa chiều", NTM_GAP_COST, g11, 0.35e9},
        {"17", "Môi trường: nhà máy nước sạch tập trung", NTM_GAP_UNREACHABLE, g17, 0},
        {"13", "Tổ chức sản xuất: vùng VietGAP, OCOP 3 sao", NTM_GAP_COST, g13, 0.22e9},
        {"15", "Y tế: bảo hiểm y tế, sổ khám chữa bệnh điện tử", NTM_GAP_EFFORT, NULL, 0},
        {"12", "Lao động: hồ sơ bằng cấp, chứng chỉ", NTM_GAP_COST, g12, 0.03e9},
        {"19", "Quốc phòng và An ninh", NTM_GAP_EFFORT, NULL, 0},
    };
    ntm_chart_gaps c = {.title = "Kinh phí để khép các khoảng cách — xã Cẩm Thành",
                        .subtitle = "Theo nguồn vốn, đến hạn công nhận 2025",
                        .source = "Nguồn: kế hoạch xã 7/2023 (đề xuất 7 tỷ, 500 triệu); phân bổ "
                                  "theo nguồn và sai số minh họa; "
                                  "sai số = 2 sai số chuẩn Monte Carlo, 4.000 lượt",
                        .keys = keys,
                        .n_keys = 6,
                        .rows = rows,
                        .n = sizeof rows / sizeof rows[0],
                        .confidence = 0.8,
                        .lang = NTM_LANG_VI};
    const char *ext[] = {"svg", "png", "pdf"};
    char path[512];
    ntm_error err = {0};
    int bad = 0;
    for (int e = 0; e < 3; e++) {
        snprintf(path, sizeof path, "%s/gaps.%s", dir, ext[e]);
        bad |= report(ntm_chart_gaps_render(&c, path, &err), &err, path);
    }
    ntm_chart_gaps en = c;
    en.lang = NTM_LANG_EN, en.title = "Cost of closing each gap — Cẩm Thành commune",
    en.subtitle = NULL;
    snprintf(path, sizeof path, "%s/gaps_en.png", dir);
    bad |= report(ntm_chart_gaps_render(&en, path, &err), &err, path);
    /* One row in triệu; zero money. */
    static const double small[] = {0.12e9, 0.08e9};
    static const ntm_gap_row r1[] = {{"12", "Lao động", NTM_GAP_COST, small, 0.01e9}};
    ntm_chart_gaps one = c;
    one.keys = keys, one.n_keys = 2, one.rows = r1, one.n = 1, one.confidence = NAN;
    snprintf(path, sizeof path, "%s/gaps_one.png", dir);
    bad |= report(ntm_chart_gaps_render(&one, path, &err), &err, path);
    static const double zero[] = {0, 0};
    static const ntm_gap_row r0[] = {{"1", "Quy hoạch", NTM_GAP_COST, zero, 0},
                                     {"15", "Y tế", NTM_GAP_EFFORT, NULL, 0}};
    one.rows = r0, one.n = 2;
    snprintf(path, sizeof path, "%s/gaps_zero.png", dir);
    bad |= report(ntm_chart_gaps_render(&one, path, &err), &err, path);
    return bad;
}

/* A province view: 40 communes x 19 criteria with P(met by the deadline). The
 * numbers come from a fixed formula (no randomness): illustrative only. */
static int demo_heatmap(const char *dir)
{
    static const char *crit[19] = {"1. Quy hoạch",
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
                                   "13. Tổ chức sản xuất và phát triển kinh tế",
                                   "14. Giáo dục và Đào tạo",
                                   "15. Y tế",
                                   "16. Văn hóa",
                                   "17. Môi trường và an toàn thực phẩm",
                                   "18. Hệ thống chính trị và tiếp cận pháp luật",
                                   "19. Quốc phòng và An ninh"};
    static const char *base[10] = {"Cẩm Thành", "Cẩm Thạch", "Cẩm Liên",  "Cẩm Bình", "Cẩm Tú",
                                   "Cẩm Quý",   "Cẩm Lương", "Cẩm Giang", "Cẩm Tâm",  "Cẩm Châu"};
    static char names[40][64];
    static const char *units[40];
    static double p[40 * 19];
    for (int u = 0; u < 40; u++) {
        snprintf(names[u], sizeof names[u], "Xã %s%s", base[u % 10],
                 u < 10   ? ""
                 : u < 20 ? " (thôn A)"
                 : u < 30 ? " (thôn Bắc Sơn)"
                          : " (cụm 4)");
        units[u] = names[u];
        for (int k = 0; k < 19; k++) {
            double x = fmod((u * 7 + k * 13) * 0.618034, 1.0);
            p[u * 19 + k] = k == 3 || k == 18 ? 1 : k == 16 && u % 3 == 0 ? 0 : x * x;
        }
    }
    p[5] = NAN, p[19 * 7 + 2] = 0.004, p[19 * 9 + 4] = 0.996;
    ntm_chart_heatmap c = {
        .title = "Khả năng đạt từng tiêu chí trước hạn 2025 — 40 xã (minh họa)",
        .subtitle = "Kịch bản cơ sở",
        .source = "Nguồn: số liệu minh họa sinh theo công thức cố định; 4.000 lượt mô phỏng mỗi xã",
        .units = units,
        .n_units = 40,
        .criteria = crit,
        .n_criteria = 19,
        .p = p,
        .lang = NTM_LANG_VI};
    const char *ext[] = {"svg", "png", "pdf"};
    char path[512];
    ntm_error err = {0};
    int bad = 0;
    for (int e = 0; e < 3; e++) {
        snprintf(path, sizeof path, "%s/heatmap.%s", dir, ext[e]);
        bad |= report(ntm_chart_heatmap_render(&c, path, &err), &err, path);
    }
    ntm_chart_heatmap few = c;
    few.n_units = 8, few.n_criteria = 19, few.title = "Tám xã đầu";
    snprintf(path, sizeof path, "%s/heatmap_8.png", dir);
    bad |= report(ntm_chart_heatmap_render(&few, path, &err), &err, path);
    static const double p1[3] = {0, 0.5, 1};
    static const char *u1[1] = {"Xã Cẩm Thành"};
    ntm_chart_heatmap one = {.title = "Một xã, ba tiêu chí",
                             .units = u1,
                             .n_units = 1,
                             .criteria = crit + 10,
                             .n_criteria = 3,
                             .p = p1,
                             .lang = NTM_LANG_EN};
    snprintf(path, sizeof path, "%s/heatmap_one.png", dir);
    bad |= report(ntm_chart_heatmap_render(&one, path, &err), &err, path);
    return bad;
}

/* The limits of each kind: 60 roadmap rows, 7 equal scenarios, 60 gaps, 60 x 30 cells. */
static int demo_limits(const char *dir)
{
    static const char longname[] =
        "Tỷ lệ lao động có việc làm qua đào tạo có bằng cấp, chứng chỉ áp dụng đạt "
        "cho cả nam và nữ trên địa bàn các thôn đặc biệt khó khăn";
    char path[512];
    ntm_error err = {0};
    int bad = 0;
    static ntm_roadmap_row rr[NTM_ROADMAP_MAX];
    for (int i = 0; i < NTM_ROADMAP_MAX; i++)
        rr[i] = (ntm_roadmap_row){"12.2", longname,     longname,         2024,
                                  2024,   2025 + i % 3, i % 4 ? 2027 : 0, M11};
    ntm_chart_roadmap r = {"60 dòng", NULL, "Nguồn: thử", rr,         NTM_ROADMAP_MAX,
                           2023,      2027, 2025,         NTM_LANG_VI};
    snprintf(path, sizeof path, "%s/limit_roadmap.png", dir);
    bad |= report(ntm_chart_roadmap_render(&r, path, &err), &err, path);
    static const double y[] = {2024, 2025, 2026}, v[] = {0.2, 0.5, 0.9}, lo[] = {0.1, 0.4, 0.85},
                        hi[] = {0.3, 0.6, 0.95};
    ntm_compare_series cs[NTM_COMPARE_MAX];
    for (int i = 0; i < NTM_COMPARE_MAX; i++)
        cs[i] = (ntm_compare_series){i == 3 ? longname : "Kịch bản giống nhau", v, lo, hi};
    ntm_chart_compare c = {"Bảy kịch bản bằng nhau",
                           NULL,
                           NULL,
                           NTM_COMPARE_P_STANDARD,
                           y,
                           3,
                           cs,
                           NTM_COMPARE_MAX,
                           0,
                           2025,
                           NTM_LANG_VI};
    snprintf(path, sizeof path, "%s/limit_compare.png", dir);
    bad |= report(ntm_chart_compare_render(&c, path, &err), &err, path);
    static const char *keys[6] = {longname, "Tỉnh", "Huyện", "Xã", "Lồng ghép", "Dân góp"};
    static const double big[] = {3e9, 2e9, 1e9, 5e8, 2e8, 1e8}, tiny[] = {1e6, 0, 0, 0, 0, 0};
    static ntm_gap_row gr[NTM_GAPS_MAX];
    for (int i = 0; i < NTM_GAPS_MAX; i++)
        gr[i] = (ntm_gap_row){NULL, longname, (ntm_gap_kind)(i % 3), i % 2 ? tiny : big, 4e8};
    ntm_chart_gaps g = {"60 khoảng cách", NULL, NULL, keys, 6, gr, NTM_GAPS_MAX, 0.9, NTM_LANG_VI};
    snprintf(path, sizeof path, "%s/limit_gaps.png", dir);
    bad |= report(ntm_chart_gaps_render(&g, path, &err), &err, path);
    static const char *u[NTM_HEATMAP_MAX_UNITS], *k[NTM_HEATMAP_MAX_CRITERIA];
    static double p[NTM_HEATMAP_MAX_UNITS * NTM_HEATMAP_MAX_CRITERIA];
    for (int i = 0; i < NTM_HEATMAP_MAX_UNITS; i++)
        u[i] = longname;
    for (int i = 0; i < NTM_HEATMAP_MAX_CRITERIA; i++)
        k[i] = longname;
    for (int i = 0; i < NTM_HEATMAP_MAX_UNITS * NTM_HEATMAP_MAX_CRITERIA; i++)
        p[i] = i % 3 == 0 ? NAN : (i % 7) / 6.0;
    ntm_chart_heatmap h = {
        "60 x 30", NULL,       NULL, u, NTM_HEATMAP_MAX_UNITS, k, NTM_HEATMAP_MAX_CRITERIA,
        p,         NTM_LANG_VI};
    snprintf(path, sizeof path, "%s/limit_heatmap.png", dir);
    bad |= report(ntm_chart_heatmap_render(&h, path, &err), &err, path);
    return bad;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp/render_demo";
    char path[512];
    ntm_error err = {0};
    int bad = 0;
    /* Seed 003: 12,21% multidimensional poverty in mid-2023; threshold ≤ 6,5%. The
     * earlier points and the projection are illustrative. */
    static const double ht[] = {2021, 2022, 2023.5}, hy[] = {16.9, 14.6, 12.21};
    static const double t[] = {2023.5, 2024, 2025, 2026, 2027};
    static const double q025[] = {12.21, 8.1, 4.6, 2.6, 1.5}, q10[] = {12.21, 9.0, 5.8, 3.7, 2.4},
                        q50[] = {12.21, 10.4, 7.6, 5.6, 4.1}, q90[] = {12.21, 11.8, 9.6, 7.8, 6.2},
                        q975[] = {12.21, 12.6, 10.8, 9.2, 7.6};
    ntm_chart_traj c = {.title = "Tỷ lệ nghèo đa chiều — xã Cẩm Thành (Tiêu chí 11)",
                        .subtitle = "Hộ nghèo 71/1.784 + cận nghèo 149/1.807 = 12,21% (6/2023)",
                        .source = "Nguồn: báo cáo xã Cẩm Thành 7/2023; kịch bản \"co-so\", 4.000 "
                                  "lượt mô phỏng, seed 20230701",
                        .y_label = "Tỷ lệ hộ nghèo đa chiều (%)",
                        .hist_t = ht,
                        .hist_y = hy,
                        .n_hist = 3,
                        .t = t,
                        .q025 = q025,
                        .q10 = q10,
                        .q50 = q50,
                        .q90 = q90,
                        .q975 = q975,
                        .n = 5,
                        .threshold = 6.5,
                        .threshold_is_upper = 1,
                        .target_year = 2023,
                        .deadline = 2025,
                        .p_target = 0.04,
                        .p_deadline = 0.62,
                        .y_format = NTM_AXIS_PERCENT,
                        .lang = NTM_LANG_VI};
    const char *ext[] = {"svg", "png", "pdf"};
    for (int e = 0; e < 3; e++) {
        snprintf(path, sizeof path, "%s/trajectory.%s", dir, ext[e]);
        bad |= report(ntm_chart_trajectory_render(&c, path, &err), &err, path);
    }
    ntm_chart_traj en = c;
    en.lang = NTM_LANG_EN;
    en.title = "Multidimensional poverty rate — Cẩm Thành commune (criterion 11)";
    en.subtitle = NULL;
    en.y_label = "Poverty rate (%)";
    snprintf(path, sizeof path, "%s/trajectory_en.png", dir);
    bad |= report(ntm_chart_trajectory_render(&en, path, &err), &err, path);

    /* Small multiples: health insurance (≥), trained labour, one point, no history. */
    static const double bt[] = {2021, 2022, 2023}, by[] = {86.2, 88.9, 90.4};
    static const double pt[] = {2023, 2024, 2025}, p025[] = {90.4, 88.6, 87.9},
                        p10[] = {90.4, 89.9, 90.0}, p50[] = {90.4, 91.6, 92.8},
                        p90[] = {90.4, 93.2, 95.4}, p975[] = {90.4, 94.1, 96.9};
    static const double one_t[] = {2023}, one_y[] = {25.27};
    static const double lt[] = {2024}, l50[] = {45.0}, l10[] = {41}, l90[] = {49};
    ntm_chart_traj g[4];
    g[0] = c;
    g[0].title = "11. Tỷ lệ nghèo đa chiều";
    g[1] = c;
    g[1].title = "15.1. Tỷ lệ người dân tham gia bảo hiểm y tế";
    g[1].y_label = NULL;
    g[1].hist_t = bt, g[1].hist_y = by, g[1].n_hist = 3;
    g[1].t = pt, g[1].q025 = p025, g[1].q10 = p10, g[1].q50 = p50, g[1].q90 = p90, g[1].q975 = p975,
    g[1].n = 3;
    g[1].threshold = 95, g[1].threshold_is_upper = 0, g[1].p_target = 0.0, g[1].p_deadline = 0.21;
    g[2] = c;
    g[2].y_label = NULL;
    g[2].title =
        "12.2. Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ (áp dụng đạt cho cả nam và nữ)";
    g[2].hist_t = one_t, g[2].hist_y = one_y, g[2].n_hist = 1, g[2].n = 0;
    g[2].q025 = g[2].q10 = g[2].q50 = g[2].q90 = g[2].q975 = NULL, g[2].t = NULL;
    g[2].threshold = 40, g[2].threshold_is_upper = 0, g[2].p_target = NAN, g[2].p_deadline = NAN;
    g[3] = c;
    g[3].y_label = NULL;
    g[3].title = "12.2 (dự báo, chưa có số liệu lịch sử)";
    g[3].n_hist = 0, g[3].t = lt, g[3].q10 = l10, g[3].q50 = l50, g[3].q90 = l90, g[3].n = 1;
    g[3].q025 = g[3].q975 = NULL, g[3].threshold = 40, g[3].threshold_is_upper = 0;
    g[3].target_year = 2025, g[3].p_target = 1, g[3].p_deadline = 1;
    for (int e = 0; e < 3; e++) {
        snprintf(path, sizeof path, "%s/grid.%s", dir, ext[e]);
        bad |= report(ntm_chart_trajectory_grid_render(g, 4, "Các chỉ tiêu chưa đạt — xã Cẩm Thành",
                                                       "Dự báo đến 2027, khoảng 80% và 95%",
                                                       c.source, NTM_LANG_VI, path, &err),
                      &err, path);
    }

    static const char *names[19] = {"Quy hoạch",
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
                                    "Quốc phòng và An ninh"};
    static const char *nums[19] = {"1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9", "10",
                                   "11", "12", "13", "14", "15", "16", "17", "18", "19"};
    ntm_scorecard_item it[19];
    for (int i = 0; i < 19; i++) {
        it[i].number = nums[i];
        it[i].name = names[i];
        it[i].state = NTM_CRIT_MET;
        it[i].detail = NULL;
    }
    int unmet[] = {5, 6, 11, 12, 13, 15, 17, 19};
    for (int i = 0; i < 8; i++)
        it[unmet[i] - 1].state = NTM_CRIT_UNMET;
    it[9].state = NTM_CRIT_AT_RISK;
    it[9].detail = "Thu nhập 52,1 / ngưỡng 52,0 triệu đồng";
    it[10].detail = "12,21% > 6,5%";
    it[11].detail = "Hồ sơ 417/910 bằng cấp, chứng chỉ";
    it[17].state = NTM_CRIT_UNKNOWN;
    ntm_chart_scorecard sc = {"Bộ tiêu chí xã nông thôn mới — xã Cẩm Thành, huyện Cẩm Thủy",
                              "Theo QĐ 32/2022/QĐ-UBND tỉnh Thanh Hóa, rà soát 7/2023",
                              "Nguồn: kế hoạch xã Cẩm Thành 7/2023 (minh họa)",
                              it,
                              19,
                              NTM_LANG_VI};
    for (int e = 0; e < 3; e++) {
        snprintf(path, sizeof path, "%s/scorecard.%s", dir, ext[e]);
        bad |= report(ntm_chart_scorecard_render(&sc, path, &err), &err, path);
    }
    ntm_scorecard_item few[2] = {{"11", "Nghèo đa chiều", NTM_CRIT_UNMET, "12,21% > 6,5%"},
                                 {"15", "<script>alert(1)</script>", NTM_CRIT_UNKNOWN, NULL}};
    ntm_chart_scorecard sc2 = {"Hai tiêu chí", NULL, NULL, few, 2, NTM_LANG_EN};
    snprintf(path, sizeof path, "%s/scorecard_few.png", dir);
    bad |= report(ntm_chart_scorecard_render(&sc2, path, &err), &err, path);

    /* Edge cases to look at: one point, a very long title, a long criterion name. */
    ntm_chart_traj one = c;
    one.hist_t = one_t, one.hist_y = one_y, one.n_hist = 1, one.n = 0;
    one.threshold = 40, one.threshold_is_upper = 0, one.p_target = one.p_deadline = NAN;
    one.title =
        "Tỷ lệ hộ gia đình sử dụng nước sạch đáp ứng quy chuẩn theo quy định, trong đó tỷ lệ "
        "hộ sử dụng nước sạch từ công trình cấp nước tập trung — xã Cẩm Thành, huyện Cẩm Thủy, "
        "tỉnh Thanh Hóa (Tiêu chí 17.1)";
    snprintf(path, sizeof path, "%s/edge_one_long.png", dir);
    bad |= report(ntm_chart_trajectory_render(&one, path, &err), &err, path);
    ntm_scorecard_item longname = {"12",
                                   "Tỷ lệ lao động có việc làm qua đào tạo có bằng cấp, chứng chỉ "
                                   "áp dụng đạt cho cả nam và nữ trên địa bàn các thôn đặc biệt "
                                   "khó khăn vùng đồng bào dân tộc "
                                   "thiểu số và miền núi",
                                   NTM_CRIT_AT_RISK,
                                   "một dòng chi tiết rất dài không thể vừa với ô nên "
                                   "phải thu nhỏ hoặc cắt bớt cho vừa"};
    ntm_chart_scorecard sc3 = {
        "Một tiêu chí có tên rất dài", NULL, NULL, &longname, 1, NTM_LANG_VI};
    snprintf(path, sizeof path, "%s/edge_card_long.png", dir);
    bad |= report(ntm_chart_scorecard_render(&sc3, path, &err), &err, path);
    bad |= demo_roadmap(dir);
    bad |= demo_compare(dir);
    bad |= demo_gaps(dir);
    bad |= demo_heatmap(dir);
    bad |= demo_limits(dir);
    return bad;
}
