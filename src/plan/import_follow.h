/* import_follow.h: the follow-up files (tasks, dossiers, registrations, money) into the
 * database: read (io/tasks.h, io/follow_records.h), resolved to stored units, checked
 * against their criteria sets and tranches, written in one transaction, all or nothing.
 * `ntmplan import` prints what this returns. */
#ifndef NTM_PLAN_IMPORT_FOLLOW_H
#define NTM_PLAN_IMPORT_FOLLOW_H

#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"
#include "core/numfmt.h"
#include "io/follow_records.h"
#include "io/number.h"
#include "store/store.h"

/* The kind --as names ("tasks", "dossiers", "registrations", "disbursements"), or NONE. */
ntm_follow_kind ntm_import_follow_kind(const char *as);

/* What one file brought: its kind, rows, counts[0] unchanged, [1] new, [2] updated. */
typedef struct ntm_follow_import {
    ntm_follow_kind kind;
    size_t n;
    int counts[3];
    char encoding[32];
    ntm_numstyle numstyle;
} ntm_follow_import;

/* Imports PATH as KIND (NONE: recognised from its header). Problems go to D, in LANG where
 * the message carries amounts. Returns NTM_OK when the rows are committed, NTM_EINPUT when
 * D has errors (nothing written), or the status of a file or store failure (ERR set). */
ntm_status ntm_import_follow(ntm_store *st, const char *path, ntm_follow_kind kind,
                             ntm_numstyle style, ntm_lang lang, ntm_follow_import *out,
                             ntm_diag_list *d, ntm_error *err);

#endif
