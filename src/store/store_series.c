/* store_series.c: sibling series (store_series.h). A read-only connection of its own, so
 * the caller's store stays as it is; every value is bound, never pasted into SQL. */
#include "store/store_series.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

#define MAX_CODES 32

static char *dup_col(sqlite3_stmt *s, int i)
{
    const unsigned char *v = sqlite3_column_text(s, i);
    return v ? strdup((const char *)v) : NULL;
}

static double real_col(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

ntm_status ntm_store_sibling_observations(const char *db_path, const char *set_id,
                                          const char *const *codes, size_t n_codes,
                                          const char *exclude, ntm_observation **obs, size_t *n,
                                          ntm_error *err)
{
    *obs = NULL;
    *n = 0;
    if (n_codes == 0 || n_codes > MAX_CODES || !set_id)
        return NTM_OK;
    char sql[512 + 2 * MAX_CODES];
    size_t len = (size_t)snprintf(sql, sizeof sql,
                                  "SELECT u.name, o.indicator, o.t, o.value, o.numerator,"
                                  " o.denominator FROM observation o JOIN unit u ON u.id ="
                                  " o.unit_id WHERE u.set_id = ?1 AND u.name <> ?2 AND"
                                  " o.indicator IN (");
    for (size_t i = 0; i < n_codes; i++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, "%s?", i ? "," : "");
    snprintf(sql + len, sizeof sql - len, ") ORDER BY u.name, o.t, o.id");
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        ntm_status rc = ntm_error_set(err, NTM_EDB, "%s: %s", db_path,
                                      db ? sqlite3_errmsg(db) : _("out of memory"));
        sqlite3_close(db);
        return rc;
    }
    sqlite3_bind_text(s, 1, set_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, exclude ? exclude : "", -1, SQLITE_TRANSIENT);
    for (size_t i = 0; i < n_codes; i++)
        sqlite3_bind_text(s, (int)i + 3, codes[i], -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    ntm_status rc = NTM_OK;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 64;
            ntm_observation *no = realloc(*obs, nc * sizeof *no);
            if (!no) {
                rc = ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
                break;
            }
            *obs = no;
            cap = nc;
        }
        ntm_observation *o = &(*obs)[(*n)++];
        memset(o, 0, sizeof *o);
        o->unit = dup_col(s, 0);
        o->indicator = dup_col(s, 1);
        o->t = real_col(s, 2);
        o->value = real_col(s, 3);
        o->numerator = real_col(s, 4);
        o->denominator = real_col(s, 5);
        if (!o->unit || !o->indicator) {
            rc = ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            break;
        }
    }
    if (rc == NTM_OK && step != SQLITE_DONE)
        rc = ntm_error_set(err, NTM_EDB, "%s: %s", db_path, sqlite3_errmsg(db));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return rc;
}
