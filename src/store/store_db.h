/* store_db.h: the connection behind an ntm_store, for the store's own modules only
 * (store_follow.c); nothing outside src/store/ includes this. */
#ifndef NTM_STORE_DB_H
#define NTM_STORE_DB_H

#include <sqlite3.h>

#include "store/store.h"

sqlite3 *ntm_store_sqlite(ntm_store *st);
const char *ntm_store_path(const ntm_store *st);

#endif
