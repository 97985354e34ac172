/* recognitions.h: the recognition files `ntmplan import` reads (model/recognition.h).
 *
 * Columns unit, set, recognised, decision, revoked, note (Vietnamese "đơn vị, bộ tiêu chí,
 * ngày công nhận, quyết định, ngày thu hồi, ghi chú"; marks and case free); unit and
 * recognised are required. Refused with file:line and the field: a missing unit or date,
 * a date io/date.h cannot read, a revocation dated before its recognition. */
#ifndef NTM_RECOGNITIONS_H
#define NTM_RECOGNITIONS_H

#include <stddef.h>

#include "core/error.h"
#include "model/recognition.h"

struct ntm_csv_row;

/* 1 when HEADER (a file's first row) is a recognition file's. */
int ntm_recognitions_header(const struct ntm_csv_row *header);

/* Reads PATH into *OUT[0..*N-1] (release each, then free the array). */
ntm_status ntm_recognitions_read(const char *path, ntm_recognition **out, size_t *n,
                                 ntm_error *err);

#endif
