/* report_gaps.h: the gaps chart's rows, built from the gap costs (plan/gaps.h) so that the
 * chart says what `ntmplan gaps` and the pack say: one bar per unmet criterion at the
 * confidence asked, stacked by funding key in the legend's order and colours, its error
 * bar the text's ± (one Monte Carlo standard error), the bars summing to the text's total. */
#ifndef NTM_REPORT_GAPS_H
#define NTM_REPORT_GAPS_H

#include <stddef.h>

#include "core/i18n.h"
#include "plan/gaps.h"
#include "render/charts.h"

typedef struct ntm_report_gap_rows {
    ntm_gap_row *rows; /* n rows */
    size_t n;
    double *by;           /* n × n_keys amounts the rows point into */
    const char **keys;    /* n_keys legend names */
    size_t n_keys;        /* 1 ... NTM_GAPS_MAX_KEYS; the last is "other keys" when
                             there are more keys than colours */
    char (*keyname)[128]; /* their storage */
    char (*label)[160];   /* the rows' names */
    char (*code)[24];     /* the rows' codes ("TC 6") */
} ntm_report_gap_rows;

/* Builds the rows of GS in LANG. Returns NTM_OK, NTM_EINPUT when GS has no unmet
 * criterion, or NTM_ENOMEM. Release with ntm_report_gap_rows_release whatever it returns. */
ntm_status ntm_report_gap_rows_build(const ntm_gaps *gs, ntm_lang lang, ntm_report_gap_rows *out);
void ntm_report_gap_rows_release(ntm_report_gap_rows *g);

#endif
