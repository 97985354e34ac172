/* import_follow.h: `ntmplan import` for the follow-up files (tasks, dossiers, registrations,
 * money): read (io/tasks.h, io/follow_records.h), resolved to stored units, written in one
 * transaction, all or nothing. Part of the import command (import.c dispatches here). */
#ifndef NTM_IMPORT_FOLLOW_H
#define NTM_IMPORT_FOLLOW_H

#include "cli.h"
#include "io/follow_records.h"
#include "io/number.h"
#include "store/store.h"

/* The kind --as names ("tasks", "dossiers", "registrations", "disbursements"), or NONE. */
ntm_follow_kind ntm_import_follow_kind(const char *as);

/* Imports PATH as KIND (NONE: recognised from its header; the caller checked it is one of
 * the follow-up kinds). Prints diagnostics and the summary; returns the exit code. */
int ntm_import_follow(const ntm_cli *cli, ntm_store *st, const char *path, ntm_follow_kind kind,
                      ntm_numstyle style);

#endif
