/* render_demo.c: writes sample charts (seed 003, Cẩm Thành) to look at by eye.
 * Build: make build/rel/libntm.a && cc -std=c17 -Isrc tests/render/render_demo.c \
 *          build/rel/libntm.a $(LIBS) -o build/render_demo
 * Run:   build/render_demo OUTDIR   (writes trajectory.*, grid.*, scorecard.*, edge cases) */
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
    ntm_chart_traj c = {
        .title = "Tỷ lệ nghèo đa chiều — xã Cẩm Thành (Tiêu chí 11)",
        .subtitle = "Hộ nghèo 71/1.784 + cận nghèo 149/1.807 = 12,21% (6/2023)",
        .source = "Nguồn: báo cáo xã Cẩm Thành 7/2023; kịch bản \"co-so\", 4.000 lượt mô phỏng, seed 20230701",
        .y_label = "Tỷ lệ hộ nghèo đa chiều (%)",
        .hist_t = ht, .hist_y = hy, .n_hist = 3,
        .t = t, .q025 = q025, .q10 = q10, .q50 = q50, .q90 = q90, .q975 = q975, .n = 5,
        .threshold = 6.5, .threshold_is_upper = 1, .target_year = 2023, .deadline = 2025,
        .p_target = 0.04, .p_deadline = 0.62, .y_format = NTM_AXIS_PERCENT, .lang = NTM_LANG_VI};
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
    static const double pt[] = {2023, 2024, 2025}, p025[] = {90.4, 88.6, 87.9}, p10[] = {90.4, 89.9, 90.0},
                        p50[] = {90.4, 91.6, 92.8}, p90[] = {90.4, 93.2, 95.4}, p975[] = {90.4, 94.1, 96.9};
    static const double one_t[] = {2023}, one_y[] = {25.27};
    static const double lt[] = {2024}, l50[] = {45.0}, l10[] = {41}, l90[] = {49};
    ntm_chart_traj g[4];
    g[0] = c;
    g[0].title = "11. Tỷ lệ nghèo đa chiều";
    g[1] = c;
    g[1].title = "15.1. Tỷ lệ người dân tham gia bảo hiểm y tế";
    g[1].y_label = NULL;
    g[1].hist_t = bt, g[1].hist_y = by, g[1].n_hist = 3;
    g[1].t = pt, g[1].q025 = p025, g[1].q10 = p10, g[1].q50 = p50, g[1].q90 = p90, g[1].q975 = p975, g[1].n = 3;
    g[1].threshold = 95, g[1].threshold_is_upper = 0, g[1].p_target = 0.0, g[1].p_deadline = 0.21;
    g[2] = c;
    g[2].y_label = NULL;
    g[2].title = "12.2. Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ (áp dụng đạt cho cả nam và nữ)";
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
                                                       c.source, NTM_LANG_VI, path, &err), &err, path);
    }

    static const char *names[19] = {"Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện",
        "Trường học", "Cơ sở vật chất văn hóa", "Cơ sở hạ tầng thương mại nông thôn",
        "Thông tin và Truyền thông", "Nhà ở dân cư", "Thu nhập", "Nghèo đa chiều", "Lao động",
        "Tổ chức sản xuất và phát triển kinh tế nông thôn", "Giáo dục và Đào tạo", "Y tế", "Văn hóa",
        "Môi trường và an toàn thực phẩm", "Hệ thống chính trị và tiếp cận pháp luật", "Quốc phòng và An ninh"};
    static const char *nums[19] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13",
                                   "14", "15", "16", "17", "18", "19"};
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
                              "Nguồn: kế hoạch xã Cẩm Thành 7/2023 (minh họa)", it, 19, NTM_LANG_VI};
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
    one.title = "Tỷ lệ hộ gia đình sử dụng nước sạch đáp ứng quy chuẩn theo quy định, trong đó tỷ lệ "
                "hộ sử dụng nước sạch từ công trình cấp nước tập trung — xã Cẩm Thành, huyện Cẩm Thủy, "
                "tỉnh Thanh Hóa (Tiêu chí 17.1)";
    snprintf(path, sizeof path, "%s/edge_one_long.png", dir);
    bad |= report(ntm_chart_trajectory_render(&one, path, &err), &err, path);
    ntm_scorecard_item longname = {"12", "Tỷ lệ lao động có việc làm qua đào tạo có bằng cấp, chứng chỉ "
        "áp dụng đạt cho cả nam và nữ trên địa bàn các thôn đặc biệt khó khăn vùng đồng bào dân tộc "
        "thiểu số và miền núi", NTM_CRIT_AT_RISK, "một dòng chi tiết rất dài không thể vừa với ô nên "
        "phải thu nhỏ hoặc cắt bớt cho vừa"};
    ntm_chart_scorecard sc3 = {"Một tiêu chí có tên rất dài", NULL, NULL, &longname, 1, NTM_LANG_VI};
    snprintf(path, sizeof path, "%s/edge_card_long.png", dir);
    bad |= report(ntm_chart_scorecard_render(&sc3, path, &err), &err, path);
    return bad;
}
