/* follow_records.h: the other follow-up files, read like io/tasks.h (headers in English or
 * Vietnamese; all or nothing; errors with file:line:column and the field).
 *
 * Dossiers (hồ sơ tiêu chí): unit, criterion, kind (loại: biểu mẫu / kế hoạch / báo cáo /
 *   quyết định / minh chứng), document (tên hồ sơ) required, present (có/thiếu: có, đủ, yes,
 *   x / thiếu, chưa có, no) required, date (ngày), keeper (người giữ, nơi lưu), source, note.
 *   Known by (unit, criterion, document).
 * Registrations (đăng ký): unit, year (năm), criteria (tiêu chí đăng ký): one code or a list
 *   "5, 6, 11"; source, note. One registration per (unit, year, criterion).
 * Money (kế hoạch vốn và giải ngân): unit, tranche (năm vốn: the year the money was allocated
 *   for), fund source (nguồn vốn: trung ương, tỉnh, huyện, xã, cộng đồng, khác), capital (loại
 *   vốn: đầu tư / sự nghiệp), programme (chương trình: nông thôn mới, giảm nghèo, dtts, khác),
 *   date (ngày), allocated (kế hoạch vốn) or disbursed (giải ngân): exactly one per row, money
 *   as "3,5 tỷ" or đồng; reference (số chứng từ, số quyết định), task, source, note. A
 *   disbursement needs its date; one dated before its tranche's year is an error. Known by
 *   (unit, tranche, key, kind, date, reference). */
#ifndef NTM_FOLLOW_RECORDS_H
#define NTM_FOLLOW_RECORDS_H

#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"
#include "io/number.h"
#include "model/task.h"

typedef enum ntm_follow_kind {
    NTM_FOLLOW_NONE,
    NTM_FOLLOW_TASKS,
    NTM_FOLLOW_DOSSIERS,
    NTM_FOLLOW_REGISTRATIONS,
    NTM_FOLLOW_MONEY
} ntm_follow_kind;

typedef struct ntm_follow_file {
    ntm_follow_kind kind;
    char *file;
    const char *encoding;
    ntm_numstyle numstyle;
    ntm_dossier_item *docs;
    ntm_registration *regs;
    ntm_money *money;
    size_t n;
} ntm_follow_file;

/* The kind PATH's header names: tasks, dossiers, registrations or money; NONE when it is
 * none of them (units or observations) or cannot be read. */
ntm_follow_kind ntm_follow_probe(const char *path);

/* Reads PATH as KIND (DOSSIERS, REGISTRATIONS or MONEY). */
ntm_status ntm_follow_read(const char *path, ntm_follow_kind kind, ntm_numstyle style,
                           ntm_follow_file *out, ntm_diag_list *diags, ntm_error *err);
void ntm_follow_file_release(ntm_follow_file *f);

/* có/thiếu: 1 present, 0 missing, -1 unknown text. */
int ntm_present_parse(const char *s);

/* biểu mẫu / kế hoạch / báo cáo / quyết định / minh chứng (and English); -1 unknown. */
int ntm_doc_kind_parse(const char *s, ntm_doc_kind *out);

#endif
