/* store.h: the SQLite store, the only module that speaks SQL (prepared statements only).
 *
 * One database file holds criteria sets, units, observations (and later runs). The schema
 * is versioned with PRAGMA user_version; `ntmplan init` creates a database or migrates an
 * older one step by step inside one transaction (see the migrations table in store.c).
 * Foreign keys are on. The journal is WAL, except on network file systems (NFS, SMB/CIFS),
 * where WAL cannot work: there the rollback journal is used (and the caller is told). */
#ifndef NTM_STORE_H
#define NTM_STORE_H

#include <stddef.h>

#include "core/error.h"
#include "model/catalog.h"
#include "model/run.h"
#include "model/lineage.h"
#include "model/recognition.h"
#include "model/unit.h"

typedef struct ntm_store ntm_store;

typedef enum ntm_journal {
    NTM_JOURNAL_AUTO, /* WAL, or rollback on a network file system */
    NTM_JOURNAL_WAL,
    NTM_JOURNAL_ROLLBACK /* "DELETE" journal mode: safe on network shares */
} ntm_journal;

/* The schema version this program writes. */
int ntm_store_schema_version(void);

/* Creates PATH (or opens it and migrates it to the current schema). *journal_used says
 * which journal is in force afterwards; *on_network is 1 when PATH is on a network file
 * system. Both may be NULL. Refused, and left untouched: a directory (NTM_EIO), another
 * program's SQLite file (user_version 0 but tables in it), a newer schema (NTM_EDB). */
ntm_status ntm_store_init(ntm_store **out, const char *path, ntm_journal journal,
                          ntm_journal *journal_used, int *on_network, ntm_error *err);

/* Opens an existing database at the current schema. A missing file, an older schema
 * ("run ntmplan init to migrate") or a newer one, another program's file, a directory
 * are errors; so is a lock held past the wait bound (ntm_store_set_wait). A file the user
 * may not write, or in a folder where SQLite cannot create its -shm/-journal files, is
 * opened read-only (as immutable when even that needs a file it cannot create): reads
 * work, ntm_store_begin then fails with the reason. */
ntm_status ntm_store_open(ntm_store **out, const char *path, ntm_error *err);

void ntm_store_close(ntm_store *st); /* NULL is fine */

/* Writers wait for one another: at most SECONDS (default: $NTMPLAN_WAIT, else 60),
 * saying on stderr once that they wait. ntm_store_wait gives the bound in force. */
void ntm_store_set_wait(double seconds);
double ntm_store_wait(void);

/* 1 when the last failure on ST was another program holding the database. */
int ntm_store_was_busy(ntm_store *st);

/* The file's schema version (0 for an empty database). */
int ntm_store_file_version(ntm_store *st);

/* One transaction around a group of writes: begin, then commit or rollback. */
ntm_status ntm_store_begin(ntm_store *st, ntm_error *err);
ntm_status ntm_store_commit(ntm_store *st, ntm_error *err);
void ntm_store_rollback(ntm_store *st);

/* ---- criteria sets ---------------------------------------------------------------- */

/* Stores CAT, replacing a stored set with the same id. DIGEST identifies the file's
 * content (any string, e.g. a hash); when the stored set has the same digest nothing is
 * written and *changed is 0, else 1 (CHANGED may be NULL). */
ntm_status ntm_store_put_catalog(ntm_store *st, const ntm_catalog *cat, const char *digest,
                                 int *changed, ntm_error *err);

/* Loads set ID into *cat (caller releases). NTM_ENOTFOUND when absent. */
ntm_status ntm_store_get_catalog(ntm_store *st, const char *id, ntm_catalog *cat, ntm_error *err);

/* Ids of the stored sets, in id order: *ids is an array of *n strings (free with
 * ntm_store_free_strings). */
ntm_status ntm_store_list_sets(ntm_store *st, char ***ids, size_t *n, ntm_error *err);
void ntm_store_free_strings(char **v, size_t n);

/* ---- units ----------------------------------------------------------------------- */

/* Inserts or updates U by name. KEY is its match key (case and marks folded).
 * *changed: 1 inserted, 2 updated, 0 identical to the stored row. */
ntm_status ntm_store_put_unit(ntm_store *st, const ntm_unit *u, const char *key, int *changed,
                              ntm_error *err);

/* Fields U keeps (u->keep, NTM_KEEP_*) are left as stored when the unit exists. */

/* *cycle is 1 when following parents up from the unit NAME comes back to it. */
ntm_status ntm_store_unit_cycle(ntm_store *st, const char *name, int *cycle, ntm_error *err);

/* Units whose match key equals KEY (or all units when KEY is NULL), by name.
 * *units is an array of *n units; free with ntm_store_free_units. */
ntm_status ntm_store_find_units(ntm_store *st, const char *key, ntm_unit **units, size_t *n,
                                ntm_error *err);
void ntm_store_free_units(ntm_unit *units, size_t n);

/* ---- observations ---------------------------------------------------------------- */

/* Inserts O (its unit must exist), keyed by (unit, criterion, indicator, date, source);
 * an existing row with that key is updated. *changed: 1 inserted, 2 updated, 0 same. */
ntm_status ntm_store_put_observation(ntm_store *st, const ntm_observation *o, int *changed,
                                     ntm_error *err);

/* O->keep & NTM_KEEP_NOTE leaves a stored row's note as it is. */

/* ---- imports and their undo -------------------------------------------------------- */

/* Inside a transaction: starts recording an import of FILE (KIND "units" or
 * "observations"); each put_unit / put_observation until ntm_store_import_end then saves
 * the row as it was, so that ntm_store_import_undo can put it back. _end forgets an
 * import that changed nothing. */
ntm_status ntm_store_import_begin(ntm_store *st, const char *file, const char *kind,
                                  ntm_error *err);
ntm_status ntm_store_import_end(ntm_store *st, ntm_error *err);

/* Inside a transaction: undoes the latest import not yet undone (rows it changed get
 * their old values back, rows it added are removed: observations of a removed unit
 * with it). *file is its file (caller frees), *units and *observations the rows it
 * touched. NTM_ENOTFOUND when there is nothing to undo. */
ntm_status ntm_store_import_undo(ntm_store *st, char **file, long *units, long *observations,
                                 ntm_error *err);

/* All observations of the unit named UNIT, ordered by criterion, indicator, t. */
ntm_status ntm_store_get_observations(ntm_store *st, const char *unit, ntm_observation **obs,
                                      size_t *n, ntm_error *err);
void ntm_store_free_observations(ntm_observation *obs, size_t n);

/* Stores merger M (model/lineage.h), replacing one of the same unit and date. Its units
 * must be stored (NTM_ENOTFOUND naming M's file and line otherwise). Call inside a
 * transaction. */
ntm_status ntm_store_put_merger(ntm_store *st, const ntm_merger *m, ntm_error *err);

/* The mergers that formed UNIT, oldest first, into *OUT[0..*N-1] (free
 * with ntm_store_free_mergers). */
ntm_status ntm_store_get_mergers(ntm_store *st, const char *unit, ntm_merger **out, size_t *n,
                                 ntm_error *err);
void ntm_store_free_mergers(ntm_merger *m, size_t n);

/* Stores recognition R (model/recognition.h), replacing the record of the same unit, set
 * and day. Its unit must be stored. Call inside a transaction. */
ntm_status ntm_store_put_recognition(ntm_store *st, const ntm_recognition *r, ntm_error *err);

/* UNIT's recognition records, oldest first, into *OUT[0..*N-1] (free with
 * ntm_store_free_recognitions). */
ntm_status ntm_store_get_recognitions(ntm_store *st, const char *unit, ntm_recognition **out,
                                      size_t *n, ntm_error *err);
void ntm_store_free_recognitions(ntm_recognition *r, size_t n);

/* Row counts, for summaries and for tests that a refused import changed nothing. */
ntm_status ntm_store_counts(ntm_store *st, long *sets, long *units, long *observations,
                            ntm_error *err);

/* ---- runs ------------------------------------------------------------------------ */

/* Stores RUN (meta and items) and sets run->meta.id to its new id. Call inside a
 * transaction so a run is stored whole or not at all. */
ntm_status ntm_store_put_run(ntm_store *st, ntm_run *run, ntm_error *err);

/* Loads run ID (0: the latest) into *out (caller releases with ntm_run_release). */
ntm_status ntm_store_get_run(ntm_store *st, long id, ntm_run *out, ntm_error *err);

#endif
