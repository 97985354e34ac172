/* lineage.h: communes formed by merging others, and the history they inherit.
 *
 * A merger says that unit UNIT was formed on DATE from the former units PARTS. The new
 * unit's series before DATE is the combination of its parts' series, built here as pure
 * logic on model/unit.h observations:
 *   - a year combines when every part has an observation of the indicator in that year
 *     before DATE; each part's last such observation is used and the point is dated at
 *     the latest of their dates;
 *   - rates (and sums of rates) combine through their counts: 100 Σ numerators /
 *     Σ denominators, never an average of rates; a part without both counts leaves the
 *     year missing (NTM_COMBINE_NO_COUNTS);
 *   - counts and amounts are summed; an amount given with a denominator (income per
 *     person) is weighted by it instead: Σ value × denominator / Σ denominator;
 *   - binary indicators and criterion-level assessments do not combine (a commune's
 *     "đạt" says nothing about the merged one): the year is missing with its reason.
 * Recognition is never inherited: the new unit is unrecognised until a recognition of the
 * new unit itself is recorded. */
#ifndef NTM_LINEAGE_H
#define NTM_LINEAGE_H

#include <stddef.h>

#include "core/error.h"
#include "model/catalog.h"
#include "model/unit.h"

typedef struct ntm_merger {
    char *unit;    /* the new unit */
    char date[11]; /* ISO day it was formed: "2025-07-01" */
    double t;      /* its decimal year (io/date.h) */
    char **parts;  /* the former units */
    size_t n_parts;
    char *source; /* the decision, e.g. "NQ 1686/NQ-UBTVQH15" */
    char *file;   /* where it was read, and its first line */
    long line;
} ntm_merger;

void ntm_merger_release(ntm_merger *m);

typedef enum ntm_combine_why {
    NTM_COMBINE_OK = 0,
    NTM_COMBINE_PART_MISSING, /* a former unit has no observation that year */
    NTM_COMBINE_NO_COUNTS,    /* a rate without numerator and denominator */
    NTM_COMBINE_BINARY,       /* đạt / chưa đạt does not combine */
    NTM_COMBINE_CRITERION     /* criterion-level assessments do not carry over */
} ntm_combine_why;

/* One year of the combined series. VALUE, NUMERATOR, DENOMINATOR are NaN unless WHY is
 * NTM_COMBINE_OK; MISSING_PART names the first part without data (NULL otherwise). */
typedef struct ntm_combined_point {
    int year;
    char date[11];
    double t;
    double value, numerator, denominator;
    ntm_combine_why why;
    const char *missing_part; /* points into the merger's parts */
} ntm_combined_point;

/* The combined series of indicator INDICATOR (NULL: the criterion-level assessment of
 * CRITERION) of kind KIND for merger M, from OBS[0..N-1] (any units; those of M's parts
 * are used). One point per year in which at least one part has an observation before
 * M's date, in year order, into *OUT (malloc'd, free it; NULL when none). Returns the
 * number of points, or -1 out of memory. */
long ntm_lineage_combine(const ntm_merger *m, const char *criterion, const char *indicator,
                         ntm_kind kind, const ntm_observation *obs, size_t n,
                         ntm_combined_point **out);

/* A short English reason for WHY (translate with _()), "" for NTM_COMBINE_OK. */
const char *ntm_combine_reason(ntm_combine_why why);

#endif
