/* recognition.h: a unit's recognition as meeting a criteria set, as dated records.
 *
 * A record says that UNIT was recognised as meeting SET on DATE by DECISION, and perhaps
 * that the recognition was revoked on REVOKED. The state on a day: the latest recognition
 * dated on or before it, unless revoked on or before it. Recognition is never inherited
 * through a merger: a unit formed on day M counts only recognitions of itself dated on or
 * after M (MARD CV 267/BNN-VPĐP, 9/1/2024: merged communes are assessed as a whole; after
 * 1/7/2025 every criterion is recomputed on the merged unit). */
#ifndef NTM_RECOGNITION_H
#define NTM_RECOGNITION_H

#include <stddef.h>

typedef struct ntm_recognition {
    char *unit;
    char *set_id;     /* the criteria set, or NULL: the unit's own */
    char date[11];    /* ISO day of the recognition */
    char *decision;   /* "QĐ 4872/QĐ-UBND" */
    char revoked[11]; /* ISO day it was revoked, "" if never */
    char *note;
    char *file;
    long line;
} ntm_recognition;

void ntm_recognition_release(ntm_recognition *r);

typedef enum ntm_recog_state {
    NTM_RECOG_NONE,    /* never recognised (under this set) */
    NTM_RECOG_YES,     /* recognised, in force */
    NTM_RECOG_REVOKED, /* recognised, then revoked */
    NTM_RECOG_MERGED   /* formed by a merger and not recognised since */
} ntm_recog_state;

typedef struct ntm_recog_status {
    ntm_recog_state state;
    const ntm_recognition *record; /* the record that decides (YES, REVOKED), else NULL */
    char merged_on[11];            /* MERGED: the day the unit was formed */
} ntm_recog_status;

/* The state on day TODAY (ISO) under set SET_ID (NULL: any) of a unit whose records are
 * R[0..N-1] (other units' records are ignored: pass any), formed by a merger on MERGED_ON
 * (ISO, or NULL / "" when it was not). */
ntm_recog_status ntm_recognition_state(const ntm_recognition *r, size_t n, const char *unit,
                                       const char *set_id, const char *today,
                                       const char *merged_on);

#endif
