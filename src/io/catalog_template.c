/* catalog_template.c: writing a province's starting criteria-set file. */
#include "io/catalog_template.h"

#include <string.h>

/* Writes KEY = VALUE, continuation lines of a multi-line VALUE indented as the INI reader
 * expects (values read from a catalog have their line breaks as "\n"). */
static void put_key(FILE *out, const char *key, const char *value)
{
    if (!value)
        return;
    fprintf(out, "%s = ", key);
    for (const char *p = value; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            fputs("  ", out);
    }
    fputc('\n', out);
}

static void put_header(FILE *out, const ntm_catalog *from)
{
    fprintf(out,
            "; Bộ tiêu chí xã nông thôn mới của tỉnh: tệp mẫu để điền, lập từ bộ tiêu chí\n"
            "; \"%s\" bằng lệnh ntmplan catalog template.\n"
            "; Căn cứ của bộ tiêu chí gốc: %s\n"
            ";\n"
            "; Cách điền:\n"
            ";  1. Trong [set]: mã bộ tiêu chí (id) riêng của tỉnh, tên, ngày hiệu lực và số\n"
            ";     quyết định của UBND tỉnh (source), số chỉ tiêu quyết định nêu.\n"
            ";  2. Dưới mỗi tiêu chí, với mỗi chỉ tiêu của quyết định: chép khối [indicator]\n"
            ";     mẫu, bỏ dấu ';' đầu dòng, ghi mã và tên chỉ tiêu, loại, chiều, ngưỡng cho\n"
            ";     từng nhóm xã và nguồn của ngưỡng (quyết định, phụ lục, dòng).\n"
            ";  3. Không ghi ngưỡng nào chưa có trong văn bản: bỏ trống thì chương trình báo\n"
            ";     \"ngưỡng chưa xác nhận\" thay vì đoán.\n"
            ";  4. Kiểm tra: ntmplan catalog check TỆP; nạp: ntmplan init --catalog TỆP.\n"
            "; Định dạng đầy đủ: models/README.md.\n\n",
            from->name_vi ? from->name_vi : from->id, from->source ? from->source : "");
}

static void put_set(FILE *out, const ntm_catalog *from, const char *id)
{
    fputs("[set]\n", out);
    put_key(out, "id", id);
    fputs("version = 1\n", out);
    fputs("; tên theo quyết định của tỉnh, ví dụ \"Bộ tiêu chí xã nông thôn mới tỉnh Lạng Sơn "
          "giai đoạn 2026-2030\"\n",
          out);
    fprintf(out, "name_vi = %s (của tỉnh: sửa theo quyết định)\n",
            from->name_vi ? from->name_vi : from->id);
    if (from->name_en)
        fprintf(out, "name_en = %s (province set)\n", from->name_en);
    put_key(out, "level", from->level);
    put_key(out, "scheme", ntm_scheme_name(from->scheme));
    put_key(out, "hardest_class", from->hardest_class);
    fputs("; ngày quyết định của tỉnh có hiệu lực (YYYY-MM-DD)\n", out);
    put_key(out, "effective", from->effective);
    fputs("; số, ngày của quyết định của UBND tỉnh ban hành bộ tiêu chí\n", out);
    fprintf(out, "source = Quyết định số .../QĐ-UBND của UBND tỉnh (sửa); dựa trên %s\n",
            from->source ? from->source : from->id);
    if (from->indicators_declared > 0)
        fprintf(out, "indicators_declared = %ld\n", from->indicators_declared);
    fputc('\n', out);
}

static void put_classes(FILE *out, const ntm_catalog *from)
{
    if (from->scheme == NTM_SCHEME_GROUP3)
        fputs("; Nhóm xã là dữ liệu của từng xã (cột vùng/nhóm của tệp đơn vị). Nhóm 3: xã khu\n"
              "; vực II và khu vực III vùng đồng bào dân tộc thiểu số và miền núi, phân định theo\n"
              "; NĐ 272/2025/NĐ-CP (khu vực I: dưới 3 tiêu chí khó khăn; II: 3-5; III: từ 6).\n",
              out);
    for (size_t i = 0; i < from->n_classes; i++) {
        fprintf(out, "[class %s]\n", from->classes[i].key);
        put_key(out, "name_vi", from->classes[i].name_vi);
        put_key(out, "name_en", from->classes[i].name_en);
        fputc('\n', out);
    }
}

/* The commented-out indicator block under criterion C, one threshold key per group. */
static void put_indicator_block(FILE *out, const ntm_catalog *from, const ntm_criterion *c)
{
    fprintf(out,
            "; Chỉ tiêu của tiêu chí %s: chép khối sau cho mỗi chỉ tiêu, bỏ dấu ';' đầu dòng.\n"
            "; [indicator %s.1]\n"
            "; criterion = %s\n"
            "; name_vi = (tên chỉ tiêu theo quyết định của tỉnh)\n"
            "; kind = rate       (rate: tỷ lệ %%; count: số lượng; amount: số tiền; binary: "
            "đạt / chưa đạt)\n"
            "; unit = %%\n"
            "; direction = min   (min: đạt khi giá trị >= ngưỡng; max: đạt khi <= ngưỡng)\n",
            c->code, c->code, c->code);
    if (from->n_classes == 0)
        fputs("; threshold.* = >= (ngưỡng)\n", out);
    for (size_t i = 0; i < from->n_classes; i++)
        fprintf(out, "; threshold.%s = >= (ngưỡng cho %s)\n", from->classes[i].key,
                from->classes[i].name_vi ? "nhóm này" : from->classes[i].key);
    fputs("; threshold.source = Quyết định số .../QĐ-UBND, Phụ lục, dòng ...\n\n", out);
}

int ntm_catalog_write_template(FILE *out, const ntm_catalog *from, const char *id)
{
    put_header(out, from);
    put_set(out, from, id);
    put_classes(out, from);
    for (size_t i = 0; i < from->n_criteria; i++) {
        const ntm_criterion *c = &from->criteria[i];
        fprintf(out, "[criterion %s]\n", c->code);
        put_key(out, "name_vi", c->name_vi);
        put_key(out, "name_en", c->name_en);
        put_key(out, "group", c->group);
        fputc('\n', out);
        put_indicator_block(out, from, c);
    }
    return ferror(out) ? -1 : 0;
}
