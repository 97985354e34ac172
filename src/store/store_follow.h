/* store_follow.h: the follow-up tables (schema version 3, migrations in store.c): task
 * updates, dossier items, registrations, money allocated and disbursed. Prepared statements
 * only. Each put keys its row as the readers do (io/tasks.h, io/follow_records.h) and says
 * in *changed: 1 inserted, 2 updated, 0 identical to the stored row. The unit must exist
 * (NTM_ENOTFOUND otherwise). Arrays returned are the caller's: free with the matching
 * ntm_store_free_* function. */
#ifndef NTM_STORE_FOLLOW_H
#define NTM_STORE_FOLLOW_H

#include <stddef.h>

#include "core/error.h"
#include "model/task.h"
#include "store/store.h"

ntm_status ntm_store_put_task(ntm_store *st, const ntm_task *t, int *changed, ntm_error *err);
ntm_status ntm_store_put_dossier_item(ntm_store *st, const ntm_dossier_item *d, int *changed,
                                      ntm_error *err);
ntm_status ntm_store_put_registration(ntm_store *st, const ntm_registration *r, int *changed,
                                      ntm_error *err);
ntm_status ntm_store_put_money(ntm_store *st, const ntm_money *m, int *changed, ntm_error *err);

/* Every update of every task of UNIT, ordered by criterion, indicator, task, updated. */
ntm_status ntm_store_get_tasks(ntm_store *st, const char *unit, ntm_task **tasks, size_t *n,
                               ntm_error *err);
void ntm_store_free_tasks(ntm_task *tasks, size_t n);

/* UNIT's dossier items, ordered by criterion and document name. */
ntm_status ntm_store_get_dossier(ntm_store *st, const char *unit, ntm_dossier_item **items,
                                 size_t *n, ntm_error *err);
void ntm_store_free_dossier(ntm_dossier_item *items, size_t n);

/* UNIT's registrations, ordered by year and criterion. */
ntm_status ntm_store_get_registrations(ntm_store *st, const char *unit, ntm_registration **regs,
                                       size_t *n, ntm_error *err);
void ntm_store_free_registrations(ntm_registration *regs, size_t n);

/* UNIT's money rows, ordered by tranche, key, kind, date. */
ntm_status ntm_store_get_money(ntm_store *st, const char *unit, ntm_money **rows, size_t *n,
                               ntm_error *err);
void ntm_store_free_money(ntm_money *rows, size_t n);

/* Row counts of the four tables (any pointer may be NULL), for tests that a refused import
 * changed nothing. */
ntm_status ntm_store_follow_counts(ntm_store *st, long *tasks, long *dossier, long *regs,
                                   long *money, ntm_error *err);

#endif
