/* tasks.h: task files (việc cần làm, lộ trình) read into model/task.h's ntm_task.
 *
 * Columns (English or Vietnamese headers, any case, with or without marks):
 *   unit (đơn vị, thôn, xã)             required: a village or commune in the database
 *   criterion (tiêu chí)                required unless the indicator gives it ("5.1" -> 5)
 *   indicator (chỉ tiêu)                optional: a task may serve a whole criterion or its dossier
 *   task (nhiệm vụ, công việc, việc cần làm)                                    required
 *   remaining volume (khối lượng còn lại): a number and its unit: 1,8 km; 7 phòng; 493 bản sao
 *   owner (người thực hiện, tổ chức cá nhân thực hiện): who does it
 *   director (người chỉ đạo, cá nhân chỉ đạo): who directs it
 *   resources (nguồn lực, kinh phí): "500 triệu đồng (tỉnh, đầu tư)" or any text
 *   start (ngày bắt đầu), due (hạn, thời hạn): a date, optionally with an hour
 *                                      (10h 10/6/2024, 10:00 10/06/2024); a due date without an
 *                                      hour means the end of that day
 *   progress (tiến độ): 60%, 60, or done/total in the volume's unit (3/7)
 *   state (tình trạng, trạng thái): chưa làm / đang làm / xong / tạm dừng (English todo,
 *                                      doing, done, paused); empty: judged from progress
 *   difficulties (khó khăn, vướng mắc), solutions (giải pháp), source (nguồn), note (ghi chú)
 *   updated (ngày cập nhật, ngày báo cáo)  required: the date of this report on the task
 * A task is known by (unit, criterion, indicator, task); each file is one update of the
 * tasks it lists, dated by `updated`, so a task's progress has a history. Numbers are read
 * in one style for the file (io/number.h). Every problem names file:line:column and the
 * field; nothing is returned unless the whole file is good. */
#ifndef NTM_TASKS_H
#define NTM_TASKS_H

#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"
#include "io/number.h"
#include "io/period.h"
#include "model/task.h"

typedef struct ntm_task_file {
    char *file;
    const char *encoding;
    ntm_numstyle numstyle;
    ntm_task *tasks;
    size_t n;
} ntm_task_file;

/* Reads PATH; see ntm_records_read for the return and DIAGS conventions. */
ntm_status ntm_tasks_read(const char *path, ntm_numstyle style, ntm_task_file *out,
                          ntm_diag_list *diags, ntm_error *err);
void ntm_task_file_release(ntm_task_file *f);

/* 1 when the header of PATH has a unit and a task column (a task file), 0 otherwise or when
 * it cannot be read. */
int ntm_tasks_probe(const char *path);

/* chưa làm / đang làm / xong / tạm dừng (and English); "" gives UNSET. -1 when unknown. */
int ntm_task_state_parse(const char *s, ntm_task_state *out);

/* A moment (io/period.h) as a model ntm_when; "" gives known = 0 and NTM_OK. */
ntm_status ntm_when_parse(const char *s, ntm_moment_default def, ntm_when *out, const char **why);

/* W as text (ntm_moment_text); "" when unknown. Returns BUF. */
char *ntm_when_text(const ntm_when *w, int iso, char *buf, size_t size);

/* The calendar date of W. */
void ntm_when_date(const ntm_when *w, ntm_date *out);

#endif
