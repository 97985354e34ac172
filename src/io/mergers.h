/* mergers.h: the merger files `ntmplan import` reads (model/lineage.h).
 *
 * One row per former unit: unit (the new one), date (the day it was formed), former unit,
 * source (the decision), note; Vietnamese headers "đơn vị mới, ngày, đơn vị cũ, nguồn,
 * ghi chú" (marks and case free, as in io/records.h). Rows with the same new unit and
 * date make one merger; their order gives the parts' order. Refused, with file:line and
 * the field: a missing unit, date or former unit; a date io/date.h cannot read; a former
 * unit that is the new unit or is given twice for one merger; a former unit merged into
 * two different units. */
#ifndef NTM_MERGERS_H
#define NTM_MERGERS_H

#include <stddef.h>

#include "core/error.h"
#include "model/lineage.h"

/* Reads PATH into *OUT[0..*N-1] (free each with ntm_merger_release, then the array). */
ntm_status ntm_mergers_read(const char *path, ntm_merger **out, size_t *n, ntm_error *err);

/* 1 when HEADER (the file's first row, as read by io/csv.h) is a merger file's. */
struct ntm_csv_row;
int ntm_mergers_header(const struct ntm_csv_row *header);

#endif
