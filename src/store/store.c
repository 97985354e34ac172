/* store.c: SQLite store (see store.h). Every statement is prepared; text is bound,
 * never pasted into SQL. NaN numbers are stored as NULL and read back as NaN. */
#include "store/store.h"
#include "store/store_db.h"

#include "core/i18n.h"
#include "model/run.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>

/* Statements used once per imported row, prepared once per connection. */
enum {
    Q_UNIT_ID,
    Q_SET_EXISTS,
    Q_UNIT_GET,
    Q_UNIT_PUT,
    Q_OBS_GET,
    Q_OBS_PUT,
    Q_UNIT_BEFORE,
    Q_UNIT_NEW,
    Q_OBS_BEFORE,
    Q_OBS_NEW,
    Q_COUNT
};

struct ntm_store {
    sqlite3 *db;
    char *path;
    int readonly;     /* opened read-only: the folder or file cannot be written */
    char ro_why[256]; /* SQLite's reason, for the error when a write is tried */
    sqlite3_stmt *q[Q_COUNT];
    long batch;        /* the import being recorded for undo (0: none) */
    int in_tx;         /* between ntm_store_begin and commit / rollback */
    int lost_tx;       /* SQLite rolled the transaction back by itself (I/O error, full disk) */
    double busy_since; /* when the current wait for a lock began */
    int busy_said;     /* the wait has been announced */
};

/* Migrations: entry i brings a database from version i to i + 1. Never edit an entry
 * once released; append a new one (and raise nothing else: the version is the count). */
static const char *const migrations[] = {
    /* 0 -> 1: criteria sets, units, observations. */
    "CREATE TABLE criteria_set ("
    "  id TEXT PRIMARY KEY, version TEXT, name_vi TEXT, name_en TEXT, level TEXT,"
    "  effective TEXT, source TEXT, scheme TEXT NOT NULL, indicators_declared INTEGER,"
    "  hardest_class TEXT, path TEXT, digest TEXT);"
    "CREATE TABLE set_class ("
    "  set_id TEXT NOT NULL REFERENCES criteria_set(id) ON DELETE CASCADE,"
    "  key TEXT NOT NULL, name_vi TEXT, name_en TEXT, ord INTEGER NOT NULL,"
    "  PRIMARY KEY (set_id, key));"
    "CREATE TABLE criterion ("
    "  set_id TEXT NOT NULL REFERENCES criteria_set(id) ON DELETE CASCADE,"
    "  code TEXT NOT NULL, name_vi TEXT, name_en TEXT, grp TEXT, ord INTEGER NOT NULL,"
    "  line INTEGER, PRIMARY KEY (set_id, code));"
    "CREATE TABLE indicator ("
    "  set_id TEXT NOT NULL, code TEXT NOT NULL, criterion TEXT NOT NULL, part_of TEXT,"
    "  name_vi TEXT, name_en TEXT, kind TEXT NOT NULL, unit TEXT, denom_unit TEXT,"
    "  direction TEXT NOT NULL, combine_all INTEGER NOT NULL DEFAULT 0, model TEXT,"
    "  prior_slope REAL, prior_slope_sd REAL, prior_sigma REAL, prior_nu REAL,"
    "  prior_ceiling REAL, prior_source TEXT, risk REAL, risk_source TEXT, note TEXT,"
    "  ord INTEGER NOT NULL, line INTEGER,"
    "  PRIMARY KEY (set_id, code),"
    "  FOREIGN KEY (set_id, criterion) REFERENCES criterion(set_id, code) ON DELETE CASCADE);"
    "CREATE TABLE threshold ("
    "  set_id TEXT NOT NULL, indicator TEXT NOT NULL, class_key TEXT NOT NULL,"
    "  lower REAL, upper REAL, text TEXT, source TEXT, ord INTEGER NOT NULL,"
    "  PRIMARY KEY (set_id, indicator, class_key),"
    "  FOREIGN KEY (set_id, indicator) REFERENCES indicator(set_id, code) ON DELETE CASCADE);"
    "CREATE TABLE unit ("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, name_key TEXT NOT NULL,"
    "  level TEXT NOT NULL, parent_id INTEGER REFERENCES unit(id), class_key TEXT,"
    "  flags TEXT, set_id TEXT REFERENCES criteria_set(id), households REAL,"
    "  population REAL, note TEXT);"
    "CREATE INDEX unit_by_key ON unit(name_key);"
    "CREATE TABLE observation ("
    "  id INTEGER PRIMARY KEY,"
    "  unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
    "  criterion TEXT NOT NULL, indicator TEXT NOT NULL DEFAULT '',"
    "  date TEXT NOT NULL, t REAL NOT NULL, value REAL, numerator REAL, denominator REAL,"
    "  status TEXT NOT NULL DEFAULT '' CHECK (status IN ('', 'met', 'unmet')),"
    "  source TEXT NOT NULL DEFAULT '', note TEXT, file TEXT, line INTEGER,"
    "  UNIQUE (unit_id, criterion, indicator, date, source));",
    /* 1 -> 2: runs (a scenario evaluated) and their results. */
    "CREATE TABLE run ("
    "  id INTEGER PRIMARY KEY, scenario TEXT NOT NULL, path TEXT, digest TEXT,"
    "  seed TEXT NOT NULL, draws INTEGER NOT NULL, threads INTEGER NOT NULL,"
    "  start_year INTEGER NOT NULL, horizon INTEGER NOT NULL, deadline INTEGER NOT NULL,"
    "  version TEXT NOT NULL, created TEXT NOT NULL);"
    "CREATE TABLE run_item ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    "  level TEXT NOT NULL CHECK (level IN ('indicator', 'criterion', 'unit')),"
    "  unit TEXT NOT NULL, code TEXT, target_year INTEGER, p_target REAL, p_target_se REAL,"
    "  p_deadline REAL, p_deadline_se REAL, skipped INTEGER NOT NULL DEFAULT 0,"
    "  met_now INTEGER NOT NULL DEFAULT 0, never REAL, PRIMARY KEY (run_id, idx));"
    "CREATE TABLE run_year ("
    "  run_id INTEGER NOT NULL, idx INTEGER NOT NULL, year INTEGER NOT NULL,"
    "  p_met REAL, p_met_se REAL, first_met REAL, mean_met REAL,"
    "  q025 REAL, q05 REAL, q10 REAL, q25 REAL, q50 REAL, q75 REAL, q90 REAL, q95 REAL,"
    "  q975 REAL, PRIMARY KEY (run_id, idx, year),"
    "  FOREIGN KEY (run_id, idx) REFERENCES run_item(run_id, idx) ON DELETE CASCADE);",
    /* 2 -> 3: mergers: a unit formed on a date from former units (model/lineage.h). */
    "CREATE TABLE merger ("
    "  id INTEGER PRIMARY KEY,"
    "  unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
    "  date TEXT NOT NULL, t REAL NOT NULL, source TEXT, file TEXT, line INTEGER,"
    "  UNIQUE (unit_id, date));"
    "CREATE TABLE merger_part ("
    "  merger_id INTEGER NOT NULL REFERENCES merger(id) ON DELETE CASCADE,"
    "  part_id INTEGER NOT NULL REFERENCES unit(id), ord INTEGER NOT NULL,"
    "  PRIMARY KEY (merger_id, part_id));"
    "CREATE INDEX merger_part_by_part ON merger_part(part_id);",
    /* 3 -> 4: following the plan: task updates, dossiers, registrations, money planned and
     * disbursed (store/store_follow.c). Moments are minutes since 1970 with a has-time flag;
     * `digest` is the row's content, to tell an unchanged re-import from an update. */
    "CREATE TABLE task_update ("
    "  unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
    "  criterion TEXT NOT NULL, indicator TEXT NOT NULL DEFAULT '', name TEXT NOT NULL,"
    "  updated INTEGER NOT NULL, updated_time INTEGER NOT NULL DEFAULT 0,"
    "  volume REAL, volume_unit TEXT, owner TEXT, director TEXT, money REAL, resources TEXT,"
    "  start INTEGER, start_time INTEGER, due INTEGER, due_time INTEGER,"
    "  progress REAL, done REAL, total REAL, state TEXT NOT NULL DEFAULT '',"
    "  difficulties TEXT, solutions TEXT, source TEXT, note TEXT, file TEXT, line INTEGER,"
    "  digest TEXT NOT NULL,"
    "  PRIMARY KEY (unit_id, criterion, indicator, name, updated));"
    "CREATE TABLE dossier_item ("
    "  unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
    "  criterion TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
    "  present INTEGER NOT NULL, date INTEGER, date_time INTEGER, keeper TEXT, source TEXT,"
    "  note TEXT, file TEXT, line INTEGER, digest TEXT NOT NULL,"
    "  PRIMARY KEY (unit_id, criterion, name));"
    "CREATE TABLE registration ("
    "  unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
    "  year INTEGER NOT NULL, criterion TEXT NOT NULL, source TEXT, note TEXT, file TEXT,"
    "  line INTEGER, digest TEXT NOT NULL, PRIMARY KEY (unit_id, year, criterion));"
    "CREATE TABLE money ("
    "  unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('allocation', 'disbursement')),"
    "  tranche INTEGER NOT NULL, source TEXT NOT NULL, capital TEXT NOT NULL,"
    "  programme TEXT NOT NULL, date INTEGER NOT NULL DEFAULT 0,"
    "  date_known INTEGER NOT NULL DEFAULT 0, date_time INTEGER NOT NULL DEFAULT 0,"
    "  ref TEXT NOT NULL DEFAULT '', amount REAL NOT NULL, task TEXT, doc_source TEXT,"
    "  note TEXT, file TEXT, line INTEGER, digest TEXT NOT NULL,"
    "  PRIMARY KEY (unit_id, kind, tranche, source, capital, programme, date_known, date, ref));",
    /* 4 -> 5: recognition as dated records per unit and criteria set (model/recognition.h). */
    "CREATE TABLE recognition ("
    "  unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
    "  set_id TEXT NOT NULL DEFAULT '', recognised TEXT NOT NULL, decision TEXT,"
    "  revoked TEXT NOT NULL DEFAULT '', note TEXT, file TEXT, line INTEGER,"
    "  PRIMARY KEY (unit_id, set_id, recognised));",
    /* 5 -> 6: each import and the rows as they were before it, so it can be undone. */
    "CREATE TABLE import_batch ("
    "  id INTEGER PRIMARY KEY, file TEXT NOT NULL, kind TEXT NOT NULL,"
    "  undone INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE import_unit_before ("
    "  batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,"
    "  unit_id INTEGER NOT NULL, existed INTEGER NOT NULL, name_key TEXT, level TEXT,"
    "  parent_id INTEGER, class_key TEXT, flags TEXT, set_id TEXT, households REAL,"
    "  population REAL, note TEXT, PRIMARY KEY (batch_id, unit_id));"
    "CREATE TABLE import_obs_before ("
    "  batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,"
    "  obs_id INTEGER NOT NULL, existed INTEGER NOT NULL, t REAL, value REAL,"
    "  numerator REAL, denominator REAL, status TEXT, note TEXT, file TEXT, line INTEGER,"
    "  PRIMARY KEY (batch_id, obs_id));",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

sqlite3 *ntm_store_sqlite(ntm_store *st)
{
    return st->db;
}

const char *ntm_store_path(const ntm_store *st)
{
    return st->path;
}

int ntm_store_schema_version(void)
{
    return N_MIGRATIONS;
}

/* How long a writer waits for another one to finish (seconds): ntm_store_set_wait,
 * else $NTMPLAN_WAIT, else DEFAULT_WAIT. */
#define DEFAULT_WAIT 60.0
static double wait_seconds = -1;

void ntm_store_set_wait(double seconds)
{
    wait_seconds = seconds;
}

double ntm_store_wait(void)
{
    if (wait_seconds >= 0)
        return wait_seconds;
    const char *e = getenv("NTMPLAN_WAIT");
    char *end;
    double v = e && *e ? strtod(e, &end) : -1;
    return e && *e && !*end && v >= 0 && v <= 86400 ? v : DEFAULT_WAIT;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SQLite's busy handler: waits while another program writes, says so once, and gives
 * up after ntm_store_wait() seconds. */
static int busy_wait(void *arg, int count)
{
    ntm_store *st = arg;
    double limit = ntm_store_wait();
    if (count == 0) {
        st->busy_since = now_seconds();
        st->busy_said = 0;
    }
    double waited = now_seconds() - st->busy_since;
    if (waited >= limit)
        return 0;
    if (!st->busy_said && limit > 0) {
        st->busy_said = 1;
        fprintf(stderr,
                _("ntmplan: '%s' is being written by another program; waiting for it (at most "
                  "%.0f s; change with NTMPLAN_WAIT=SECONDS)"),
                st->path, limit);
        fputc('\n', stderr);
    }
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    return 1;
}

/* SQLite's English for the failures a user meets, in the user's language. */
static const char *sqlite_reason(ntm_store *st)
{
    int sys = sqlite3_system_errno(st->db);
    if (sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
        return _("the disk is full (or the file reached its size limit)");
    if (st->lost_tx)
        return _("SQLite cancelled the transaction after an earlier error; nothing was written");
    switch (sqlite3_errcode(st->db) & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return _("the database is in use by another program that is writing to it and did not "
                 "finish in time; try again when it has finished, or wait longer with "
                 "NTMPLAN_WAIT=SECONDS");
    case SQLITE_FULL: return _("the disk is full (or the file reached its size limit)");
    case SQLITE_READONLY: return _("the database can only be read");
    case SQLITE_IOERR: return _("the disk could not be read or written (input/output error)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return _("the database file is damaged");
    case SQLITE_CANTOPEN: return _("the database file cannot be opened");
    case SQLITE_NOMEM: return _("out of memory");
    default: return sqlite3_errmsg(st->db);
    }
}

static ntm_status db_fail(ntm_store *st, ntm_error *err, const char *what)
{
    return ntm_error_set(err, NTM_EDB, "%s: %s: %s", st->path, what, sqlite_reason(st));
}

int ntm_store_was_busy(ntm_store *st)
{
    int code = sqlite3_errcode(st->db) & 0xFF;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

static ntm_status exec(ntm_store *st, const char *sql, ntm_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_free(msg);
        return db_fail(st, err, _("SQL failed"));
    }
    return NTM_OK;
}

/* Reads the schema version into *v: the first read of a newly opened file, where a
 * lock, a read-only folder or a file that is not SQLite shows. Returns the SQLite code. */
static int read_version(ntm_store *st, int *v)
{
    sqlite3_stmt *s = NULL;
    *v = -1;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *v = sqlite3_column_int(s, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

static int user_version(ntm_store *st)
{
    int v;
    read_version(st, &v);
    return v;
}

int ntm_store_file_version(ntm_store *st)
{
    return user_version(st);
}

/* 1 when the file holds tables, indexes or views (of another program, when its
 * user_version is 0), 0 when empty, -1 when it cannot be read. */
static int has_objects(ntm_store *st)
{
    sqlite3_stmt *s = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0) > 0;
    sqlite3_finalize(s);
    return n;
}

/* Network file systems where SQLite's WAL shared memory cannot work. */
static int on_network_fs(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    struct statfs fs;
    if (statfs(dir[0] ? dir : "/", &fs) != 0)
        return 0;
    switch ((unsigned long)fs.f_type) {
    case 0x6969UL:     /* NFS */
    case 0x517BUL:     /* SMB */
    case 0xFF534D42UL: /* CIFS */
    case 0xFE534D42UL: /* SMB2 */
    case 0x65735546UL: /* FUSE (sshfs and similar) */ return 1;
    default: return 0;
    }
}

/* PATH as an SQLite "file:" URI with immutable=1 (sqlite.org/uri.html): '%', '?', '#'
 * and bytes outside printable ASCII percent-encoded. NULL when out of memory. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + 32);
    if (!u)
        return NULL;
    size_t k = (size_t)snprintf(u, 16, path[0] == '/' ? "file://" : "file:");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if (*c == '%' || *c == '?' || *c == '#' || *c <= 0x20 || *c >= 0x7F)
            k += (size_t)snprintf(u + k, 4, "%%%02X", (unsigned)*c);
        else
            u[k++] = (char)*c;
    }
    snprintf(u + k, 16, "?immutable=1");
    return u;
}

/* A primary result code that a read-only connection may get past. */
static int readonly_trouble(int rc)
{
    return (rc & 0xFF) == SQLITE_CANTOPEN || (rc & 0xFF) == SQLITE_READONLY;
}

/* Opens st->db on PATH with FLAGS (MODE 0 read-write as FLAGS say, 1 read-only, 2
 * read-only and immutable) and reads the schema version into *v. Returns the SQLite
 * code of the open or of that first read; st->db is set (maybe NULL) either way. */
static int try_open(ntm_store *st, const char *path, int flags, int mode, int *v)
{
    *v = -1;
    char *uri = NULL;
    if (mode == 2 && !(uri = immutable_uri(path)))
        return SQLITE_NOMEM;
    if (mode > 0)
        flags = SQLITE_OPEN_READONLY | (mode == 2 ? SQLITE_OPEN_URI : 0);
    int rc = sqlite3_open_v2(uri ? uri : path, &st->db, flags, NULL);
    free(uri);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_busy_handler(st->db, busy_wait, st);
    sqlite3_extended_result_codes(st->db, 1);
    if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
        return sqlite3_extended_errcode(st->db);
    return read_version(st, v);
}

/* Opens PATH (CREATE: create it if missing). READ_ONLY_OK: when the folder or the file
 * cannot be written (SQLITE_CANTOPEN / SQLITE_READONLY, e.g. a WAL file's -shm cannot be
 * created), open it read-only instead, and as immutable when even that needs a file it
 * cannot create; writes then fail in ntm_store_begin with the reason. */
static ntm_status open_db(ntm_store **out, const char *path, int create, int read_only_ok,
                          ntm_error *err)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return ntm_error_set(err, NTM_EIO,
                             _("'%s' is a directory, not a database file (give the path of "
                               "a file, e.g. %s/ntmplan.db)"),
                             path, path);
    ntm_store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int v;
    int rc = try_open(st, path, flags, 0, &v);
    if (rc != SQLITE_OK && st->db && read_only_ok && readonly_trouble(rc)) {
        /* Keep the first reason: it says why writing is impossible. */
        snprintf(st->ro_why, sizeof st->ro_why, "%s", sqlite3_errmsg(st->db));
        for (int mode = 1; mode <= 2 && rc != SQLITE_OK && readonly_trouble(rc); mode++) {
            sqlite3_close(st->db);
            st->db = NULL;
            rc = try_open(st, path, flags, mode, &v);
        }
        st->readonly = 1;
    }
    if (rc != SQLITE_OK) {
        const char *why = st->db ? sqlite_reason(st) : sqlite3_errstr(rc);
        ntm_status status;
        if (!st->db || (rc & 0xFF) == SQLITE_NOMEM)
            status = ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        else if ((rc & 0xFF) == SQLITE_NOTADB)
            status = ntm_error_set(err, NTM_EDB, _("'%s' is not an SQLite database"), path);
        else if (!create && (rc & 0xFF) == SQLITE_CANTOPEN && stat(path, &sb) != 0)
            status = ntm_error_set(err, NTM_ENOTFOUND,
                                   _("cannot open database '%s': %s (create it with: ntmplan "
                                     "init)"),
                                   path, why);
        else
            status = ntm_error_set(err, NTM_EDB,
                                   _("cannot open database '%s': %s (SQLite "
                                     "error %d)"),
                                   path, why, rc);
        ntm_store_close(st);
        return status;
    }
    /* SQLite opens a file it may not write read-only without a word: say so on writes. */
    if (!st->readonly && sqlite3_db_readonly(st->db, "main") == 1) {
        st->readonly = 1;
        snprintf(st->ro_why, sizeof st->ro_why, "%s", _("the file is not writable"));
    }
    *out = st;
    return NTM_OK;
}

ntm_status ntm_store_init(ntm_store **out, const char *path, ntm_journal journal,
                          ntm_journal *journal_used, int *on_network, ntm_error *err)
{
    *out = NULL;
    ntm_store *st;
    ntm_status rc = open_db(&st, path, 1, 0, err);
    if (rc != NTM_OK)
        return rc;
    /* Refusals first, before the journal mode changes anything in the file. */
    int v = user_version(st);
    if (v == 0 && has_objects(st) != 0)
        rc = ntm_error_set(err, NTM_EDB,
                           _("'%s' is another program's database (it has tables but no "
                             "ntmplan schema): ntmplan does not write into it; choose a new "
                             "file"),
                           path);
    else if (v > N_MIGRATIONS)
        rc = ntm_error_set(err, NTM_EDB,
                           _("'%s' has schema version %d, newer than this program's %d: "
                             "use a newer ntmplan"),
                           path, v, N_MIGRATIONS);
    if (rc != NTM_OK) {
        ntm_store_close(st);
        return rc;
    }
    int net = on_network_fs(path);
    if (on_network)
        *on_network = net;
    ntm_journal j =
        journal == NTM_JOURNAL_AUTO ? (net ? NTM_JOURNAL_ROLLBACK : NTM_JOURNAL_WAL) : journal;
    rc = exec(st,
              j == NTM_JOURNAL_WAL ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE",
              err);
    if (journal_used)
        *journal_used = j;
    if (rc == NTM_OK && v < N_MIGRATIONS) {
        rc = exec(st, "BEGIN IMMEDIATE", err);
        for (int i = v; rc == NTM_OK && i < N_MIGRATIONS; i++)
            rc = exec(st, migrations[i], err);
        if (rc == NTM_OK) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", N_MIGRATIONS);
            rc = exec(st, sql, err);
        }
        if (rc == NTM_OK)
            rc = exec(st, "COMMIT", err);
        else
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    if (rc != NTM_OK) {
        ntm_store_close(st);
        return rc;
    }
    *out = st;
    return NTM_OK;
}

ntm_status ntm_store_open(ntm_store **out, const char *path, ntm_error *err)
{
    *out = NULL;
    ntm_store *st;
    ntm_status rc = open_db(&st, path, 0, 1, err);
    if (rc != NTM_OK)
        return rc;
    int v = user_version(st);
    if (v != N_MIGRATIONS) {
        if (v == 0 && has_objects(st) != 0)
            rc = ntm_error_set(err, NTM_EDB,
                               _("'%s' is another program's database (it has tables but no "
                                 "ntmplan schema); give ntmplan a file of its own"),
                               path);
        else if (v == 0)
            rc = ntm_error_set(err, NTM_ENOTFOUND,
                               _("'%s' is not an ntmplan database yet (create it with: "
                                 "ntmplan init)"),
                               path);
        else if (v < N_MIGRATIONS)
            rc = ntm_error_set(err, NTM_EDB,
                               _("'%s' has schema version %d; this program needs %d "
                                 "(migrate it with: ntmplan --db %s init)"),
                               path, v, N_MIGRATIONS, path);
        else
            rc = ntm_error_set(err, NTM_EDB,
                               _("'%s' has schema version %d, newer than this program's %d"), path,
                               v, N_MIGRATIONS);
        ntm_store_close(st);
        return rc;
    }
    *out = st;
    return NTM_OK;
}

void ntm_store_close(ntm_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(st->q[i]);
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

ntm_status ntm_store_begin(ntm_store *st, ntm_error *err)
{
    if (st->readonly)
        return ntm_error_set(err, NTM_EDB,
                             _("cannot write to '%s': it can only be read (%s); ask for write "
                               "permission on the file and its folder, or copy it somewhere "
                               "writable"),
                             st->path, st->ro_why);
    ntm_status rc = exec(st, "BEGIN IMMEDIATE", err);
    st->in_tx = rc == NTM_OK;
    st->lost_tx = 0;
    return rc;
}

/* A write inside a transaction that SQLite has already rolled back (after an I/O error
 * or a full disk) would be committed on its own: refused. */
static ntm_status check_tx(ntm_store *st, ntm_error *err)
{
    if (st->in_tx && sqlite3_get_autocommit(st->db)) {
        st->lost_tx = 1;
        return ntm_error_set(err, NTM_EDB, "%s: %s", st->path, sqlite_reason(st));
    }
    return NTM_OK;
}

ntm_status ntm_store_commit(ntm_store *st, ntm_error *err)
{
    ntm_status rc = check_tx(st, err);
    if (rc == NTM_OK)
        rc = exec(st, "COMMIT", err);
    st->in_tx = 0;
    return rc;
}

void ntm_store_rollback(ntm_store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_tx = 0;
}

/* ---- statement helpers ---------------------------------------------------------------- */

static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

static int bind_real(sqlite3_stmt *s, int i, double v)
{
    return isfinite(v) ? sqlite3_bind_double(s, i, v) : sqlite3_bind_null(s, i);
}

static char *col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

static double col_real(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static ntm_status prepare(ntm_store *st, sqlite3_stmt **s, const char *sql, ntm_error *err)
{
    *s = NULL;
    if (check_tx(st, err))
        return NTM_EDB;
    if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
        return db_fail(st, err, _("prepare"));
    return NTM_OK;
}

/* Steps a statement that returns no rows and finalizes it. */
static ntm_status run(ntm_store *st, sqlite3_stmt *s, ntm_error *err)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_fail(st, err, _("write"));
    return NTM_OK;
}

/* Steps S to its next row: 1 for a row, 0 when there are no more, -1 when SQLite failed
 * (a busy, corrupt or unreadable file: ERR says why), never taken as "no more rows". */
static int next_row(ntm_store *st, sqlite3_stmt *s, ntm_error *err)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    db_fail(st, err, _("read"));
    return -1;
}

/* The cached statement WHICH (prepared from SQL the first time), reset and unbound. */
static ntm_status cached(ntm_store *st, int which, const char *sql, sqlite3_stmt **s,
                         ntm_error *err)
{
    ntm_status rc = check_tx(st, err);
    if (rc)
        return rc;
    if (!st->q[which]) {
        if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->q[which], NULL) !=
            SQLITE_OK)
            return db_fail(st, err, _("prepare"));
    } else {
        sqlite3_reset(st->q[which]);
        sqlite3_clear_bindings(st->q[which]);
    }
    *s = st->q[which];
    return NTM_OK;
}

/* Steps a cached statement that returns no rows and resets it. */
static ntm_status run_cached(ntm_store *st, sqlite3_stmt *s, ntm_error *err)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) {
        ntm_status r = db_fail(st, err, _("write"));
        sqlite3_reset(s);
        return r;
    }
    sqlite3_reset(s);
    return NTM_OK;
}

/* The id of the unit named NAME into *id (0 when there is none). */
static ntm_status unit_id_of(ntm_store *st, const char *name, long *id, ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = cached(st, Q_UNIT_ID, "SELECT id FROM unit WHERE name = ?", &s, err);
    if (rc)
        return rc;
    bind_text(s, 1, name);
    int r = sqlite3_step(s);
    *id = r == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return db_fail(st, err, _("read"));
    return NTM_OK;
}

/* ---- criteria sets -------------------------------------------------------------------- */

static ntm_status put_indicator(ntm_store *st, const char *set, const ntm_indicator *ind, int ord,
                                ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = prepare(
        st, &s,
        "INSERT INTO indicator (set_id, code, criterion, part_of, name_vi, name_en, kind, unit,"
        " denom_unit, direction, combine_all, model, prior_slope, prior_slope_sd, prior_sigma,"
        " prior_nu, prior_ceiling, prior_source, risk, risk_source, note, ord, line)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        err);
    if (rc)
        return rc;
    bind_text(s, 1, set);
    bind_text(s, 2, ind->code);
    bind_text(s, 3, ind->criterion);
    bind_text(s, 4, ind->part_of);
    bind_text(s, 5, ind->name_vi);
    bind_text(s, 6, ind->name_en);
    bind_text(s, 7, ntm_kind_name(ind->kind));
    bind_text(s, 8, ind->unit);
    bind_text(s, 9, ind->denom_unit);
    bind_text(s, 10, ntm_direction_name(ind->direction));
    sqlite3_bind_int(s, 11, ind->combine_all);
    bind_text(s, 12, ind->model);
    bind_real(s, 13, ind->prior.slope);
    bind_real(s, 14, ind->prior.slope_sd);
    bind_real(s, 15, ind->prior.sigma);
    bind_real(s, 16, ind->prior.nu);
    bind_real(s, 17, ind->prior.ceiling);
    bind_text(s, 18, ind->prior.source);
    bind_real(s, 19, ind->risk);
    bind_text(s, 20, ind->risk_source);
    bind_text(s, 21, ind->note);
    sqlite3_bind_int(s, 22, ord);
    sqlite3_bind_int64(s, 23, ind->line);
    if ((rc = run(st, s, err)))
        return rc;
    for (size_t k = 0; k < ind->n_thresholds; k++) {
        const ntm_threshold *t = &ind->thresholds[k];
        if ((rc = prepare(st, &s,
                          "INSERT INTO threshold (set_id, indicator, class_key, lower, upper,"
                          " text, source, ord) VALUES (?,?,?,?,?,?,?,?)",
                          err)))
            return rc;
        bind_text(s, 1, set);
        bind_text(s, 2, ind->code);
        bind_text(s, 3, t->class_key);
        bind_real(s, 4, t->lower);
        bind_real(s, 5, t->upper);
        bind_text(s, 6, t->text);
        bind_text(s, 7, t->source);
        sqlite3_bind_int(s, 8, (int)k);
        if ((rc = run(st, s, err)))
            return rc;
    }
    return NTM_OK;
}

ntm_status ntm_store_put_catalog(ntm_store *st, const ntm_catalog *cat, const char *digest,
                                 int *changed, ntm_error *err)
{
    if (changed)
        *changed = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s, "SELECT digest FROM criteria_set WHERE id = ?", err);
    if (rc)
        return rc;
    bind_text(s, 1, cat->id);
    int same = 0, row = next_row(st, s, err);
    if (row == 1) {
        const unsigned char *d = sqlite3_column_text(s, 0);
        same = d && digest && strcmp((const char *)d, digest) == 0;
    }
    sqlite3_finalize(s);
    if (row < 0)
        return NTM_EDB;
    if (same)
        return NTM_OK;

    if ((rc = prepare(st, &s,
                      "INSERT INTO criteria_set (id, version, name_vi, name_en, level, effective,"
                      " source, scheme, indicators_declared, hardest_class, path, digest)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                      " version=excluded.version, name_vi=excluded.name_vi,"
                      " name_en=excluded.name_en, level=excluded.level,"
                      " effective=excluded.effective, source=excluded.source,"
                      " scheme=excluded.scheme, indicators_declared=excluded.indicators_declared,"
                      " hardest_class=excluded.hardest_class, path=excluded.path,"
                      " digest=excluded.digest",
                      err)))
        return rc;
    bind_text(s, 1, cat->id);
    bind_text(s, 2, cat->version);
    bind_text(s, 3, cat->name_vi);
    bind_text(s, 4, cat->name_en);
    bind_text(s, 5, cat->level);
    bind_text(s, 6, cat->effective);
    bind_text(s, 7, cat->source);
    bind_text(s, 8, ntm_scheme_name(cat->scheme));
    sqlite3_bind_int64(s, 9, cat->indicators_declared);
    bind_text(s, 10, cat->hardest_class);
    bind_text(s, 11, cat->path);
    bind_text(s, 12, digest);
    if ((rc = run(st, s, err)))
        return rc;
    /* Children are replaced whole (thresholds and indicators cascade from criteria). */
    static const char *const wipe[] = {
        "DELETE FROM threshold WHERE set_id = ?", "DELETE FROM indicator WHERE set_id = ?",
        "DELETE FROM criterion WHERE set_id = ?", "DELETE FROM set_class WHERE set_id = ?"};
    for (size_t i = 0; i < sizeof wipe / sizeof wipe[0]; i++) {
        if ((rc = prepare(st, &s, wipe[i], err)))
            return rc;
        bind_text(s, 1, cat->id);
        if ((rc = run(st, s, err)))
            return rc;
    }
    for (size_t i = 0; i < cat->n_classes; i++) {
        if ((rc = prepare(st, &s,
                          "INSERT INTO set_class (set_id, key, name_vi, name_en, ord)"
                          " VALUES (?,?,?,?,?)",
                          err)))
            return rc;
        bind_text(s, 1, cat->id);
        bind_text(s, 2, cat->classes[i].key);
        bind_text(s, 3, cat->classes[i].name_vi);
        bind_text(s, 4, cat->classes[i].name_en);
        sqlite3_bind_int(s, 5, (int)i);
        if ((rc = run(st, s, err)))
            return rc;
    }
    for (size_t i = 0; i < cat->n_criteria; i++) {
        const ntm_criterion *c = &cat->criteria[i];
        if ((rc = prepare(st, &s,
                          "INSERT INTO criterion (set_id, code, name_vi, name_en, grp, ord, line)"
                          " VALUES (?,?,?,?,?,?,?)",
                          err)))
            return rc;
        bind_text(s, 1, cat->id);
        bind_text(s, 2, c->code);
        bind_text(s, 3, c->name_vi);
        bind_text(s, 4, c->name_en);
        bind_text(s, 5, c->group);
        sqlite3_bind_int(s, 6, (int)i);
        sqlite3_bind_int64(s, 7, c->line);
        if ((rc = run(st, s, err)))
            return rc;
    }
    for (size_t i = 0; i < cat->n_indicators; i++)
        if ((rc = put_indicator(st, cat->id, &cat->indicators[i], (int)i, err)))
            return rc;
    if (changed)
        *changed = 1;
    return NTM_OK;
}

/* Grows *arr (of element size SIZE) to hold at least N + 1 elements. */
static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, c * size);
    if (!p)
        return -1;
    memset((char *)p + *cap * size, 0, (c - *cap) * size);
    *arr = p;
    *cap = c;
    return 0;
}

static ntm_status load_thresholds(ntm_store *st, const char *set, ntm_indicator *ind,
                                  ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT class_key, lower, upper, text, source FROM threshold"
                            " WHERE set_id = ? AND indicator = ? ORDER BY ord",
                            err);
    if (rc)
        return rc;
    bind_text(s, 1, set);
    bind_text(s, 2, ind->code);
    size_t cap = 0;
    int row;
    while ((row = next_row(st, s, err)) == 1) {
        if (grow((void **)&ind->thresholds, &cap, ind->n_thresholds, sizeof *ind->thresholds)) {
            sqlite3_finalize(s);
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        }
        ntm_threshold *t = &ind->thresholds[ind->n_thresholds++];
        t->class_key = col_text(s, 0);
        t->lower = col_real(s, 1);
        t->upper = col_real(s, 2);
        t->text = col_text(s, 3);
        t->source = col_text(s, 4);
    }
    sqlite3_finalize(s);
    return row < 0 ? NTM_EDB : NTM_OK;
}

ntm_status ntm_store_get_catalog(ntm_store *st, const char *id, ntm_catalog *cat, ntm_error *err)
{
    memset(cat, 0, sizeof *cat);
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT id, version, name_vi, name_en, level, effective, source,"
                            " scheme, indicators_declared, hardest_class, path"
                            " FROM criteria_set WHERE id = ?",
                            err);
    if (rc)
        return rc;
    bind_text(s, 1, id);
    int row = next_row(st, s, err);
    if (row != 1) {
        sqlite3_finalize(s);
        if (row < 0)
            return NTM_EDB;
        return ntm_error_set(err, NTM_ENOTFOUND, _("criteria set '%s' is not in the database"), id);
    }
    cat->id = col_text(s, 0);
    cat->version = col_text(s, 1);
    cat->name_vi = col_text(s, 2);
    cat->name_en = col_text(s, 3);
    cat->level = col_text(s, 4);
    cat->effective = col_text(s, 5);
    cat->source = col_text(s, 6);
    char *scheme = col_text(s, 7);
    if (ntm_scheme_from_name(scheme, &cat->scheme) != 0)
        cat->scheme = NTM_SCHEME_NONE;
    free(scheme);
    cat->indicators_declared = sqlite3_column_int64(s, 8);
    cat->hardest_class = col_text(s, 9);
    cat->path = col_text(s, 10);
    sqlite3_finalize(s);

    size_t cap = 0;
    if ((rc = prepare(st, &s,
                      "SELECT key, name_vi, name_en FROM set_class WHERE set_id = ? ORDER BY ord",
                      err)))
        goto fail;
    bind_text(s, 1, id);
    while ((row = next_row(st, s, err)) == 1) {
        if (grow((void **)&cat->classes, &cap, cat->n_classes, sizeof *cat->classes))
            goto oom;
        ntm_class *c = &cat->classes[cat->n_classes++];
        c->key = col_text(s, 0);
        c->name_vi = col_text(s, 1);
        c->name_en = col_text(s, 2);
    }
    sqlite3_finalize(s);
    if (row < 0)
        goto db_error;

    cap = 0;
    if ((rc = prepare(st, &s,
                      "SELECT code, name_vi, name_en, grp, line FROM criterion"
                      " WHERE set_id = ? ORDER BY ord",
                      err)))
        goto fail;
    bind_text(s, 1, id);
    while ((row = next_row(st, s, err)) == 1) {
        if (grow((void **)&cat->criteria, &cap, cat->n_criteria, sizeof *cat->criteria))
            goto oom;
        ntm_criterion *c = &cat->criteria[cat->n_criteria++];
        c->code = col_text(s, 0);
        c->name_vi = col_text(s, 1);
        c->name_en = col_text(s, 2);
        c->group = col_text(s, 3);
        c->line = sqlite3_column_int64(s, 4);
    }
    sqlite3_finalize(s);
    if (row < 0)
        goto db_error;

    cap = 0;
    if ((rc = prepare(st, &s,
                      "SELECT code, criterion, part_of, name_vi, name_en, kind, unit, denom_unit,"
                      " direction, combine_all, model, prior_slope, prior_slope_sd, prior_sigma,"
                      " prior_nu, prior_ceiling, prior_source, risk, risk_source, note, line"
                      " FROM indicator WHERE set_id = ? ORDER BY ord",
                      err)))
        goto fail;
    bind_text(s, 1, id);
    while ((row = next_row(st, s, err)) == 1) {
        if (grow((void **)&cat->indicators, &cap, cat->n_indicators, sizeof *cat->indicators))
            goto oom;
        ntm_indicator *ind = &cat->indicators[cat->n_indicators++];
        ind->code = col_text(s, 0);
        ind->criterion = col_text(s, 1);
        ind->part_of = col_text(s, 2);
        ind->name_vi = col_text(s, 3);
        ind->name_en = col_text(s, 4);
        char *kind = col_text(s, 5), *dir = col_text(s, 8);
        if (ntm_kind_from_name(kind, &ind->kind) != 0)
            ind->kind = NTM_KIND_BINARY;
        if (ntm_direction_from_name(dir, &ind->direction) != 0)
            ind->direction = NTM_DIR_YES;
        free(kind);
        free(dir);
        ind->unit = col_text(s, 6);
        ind->denom_unit = col_text(s, 7);
        ind->combine_all = sqlite3_column_int(s, 9);
        ind->model = col_text(s, 10);
        ind->prior.slope = col_real(s, 11);
        ind->prior.slope_sd = col_real(s, 12);
        ind->prior.sigma = col_real(s, 13);
        ind->prior.nu = col_real(s, 14);
        ind->prior.ceiling = col_real(s, 15);
        ind->prior.source = col_text(s, 16);
        ind->risk = col_real(s, 17);
        ind->risk_source = col_text(s, 18);
        ind->note = col_text(s, 19);
        ind->line = sqlite3_column_int64(s, 20);
    }
    sqlite3_finalize(s);
    if (row < 0)
        goto db_error;
    for (size_t i = 0; i < cat->n_indicators; i++)
        if ((rc = load_thresholds(st, id, &cat->indicators[i], err)))
            goto fail;
    return NTM_OK;
oom:
    sqlite3_finalize(s);
    rc = ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    goto fail;
db_error:
    rc = NTM_EDB;
fail:
    ntm_catalog_release(cat);
    return rc;
}

ntm_status ntm_store_list_sets(ntm_store *st, char ***ids, size_t *n, ntm_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s, "SELECT id FROM criteria_set ORDER BY id", err);
    if (rc)
        return rc;
    size_t cap = 0;
    int row;
    while ((row = next_row(st, s, err)) == 1) {
        if (grow((void **)ids, &cap, *n, sizeof **ids)) {
            sqlite3_finalize(s);
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        }
        (*ids)[(*n)++] = col_text(s, 0);
    }
    sqlite3_finalize(s);
    return row < 0 ? NTM_EDB : NTM_OK;
}

void ntm_store_free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* ---- units ------------------------------------------------------------------------------ */

static int same_text(const unsigned char *a, const char *b)
{
    if (!a || !b)
        return !a && (!b || !*b);
    return strcmp((const char *)a, b) == 0;
}

static int same_real(sqlite3_stmt *s, int i, double v)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return !isfinite(v);
    return isfinite(v) && sqlite3_column_double(s, i) == v;
}

/* Records, for undo, the unit row ID as it is before the current import changes it
 * (EXISTED 1) or that the import adds it (EXISTED 0). The first record of a row wins. */
static ntm_status note_unit_before(ntm_store *st, long id, int existed, ntm_error *err)
{
    if (!st->batch)
        return NTM_OK;
    sqlite3_stmt *s;
    ntm_status rc =
        existed ? cached(st, Q_UNIT_BEFORE,
                         "INSERT OR IGNORE INTO import_unit_before (batch_id, unit_id, existed,"
                         " name_key, level, parent_id, class_key, flags, set_id, households,"
                         " population, note) SELECT ?1, id, 1, name_key, level, parent_id,"
                         " class_key, flags, set_id, households, population, note FROM unit"
                         " WHERE id = ?2",
                         &s, err)
                : cached(st, Q_UNIT_NEW,
                         "INSERT OR IGNORE INTO import_unit_before (batch_id, unit_id, existed)"
                         " VALUES (?1, ?2, 0)",
                         &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, st->batch);
    sqlite3_bind_int64(s, 2, id);
    return run_cached(st, s, err);
}

/* The values a unit is written with: U's, or the stored ones where U keeps them. */
typedef struct unit_row {
    long id, parent;
    char *klass, *flags, *set_id, *note;
    double households, population;
} unit_row;

static void unit_row_release(unit_row *r)
{
    free(r->klass);
    free(r->flags);
    free(r->set_id);
    free(r->note);
}

static char *keep_or(unsigned keep, unsigned bit, sqlite3_stmt *s, int col, const char *mine)
{
    if (keep & bit)
        return col_text(s, col);
    return mine && *mine ? strdup(mine) : NULL;
}

/* Reads the stored row of U into *r (r->id 0 when absent) merged with U; *same is 1 when
 * writing would change nothing. */
static ntm_status unit_merge(ntm_store *st, const ntm_unit *u, long parent, unit_row *r, int *same,
                             ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = cached(st, Q_UNIT_GET,
                           "SELECT id, level, parent_id, class_key, flags, set_id, households,"
                           " population, note FROM unit WHERE name = ?",
                           &s, err);
    if (rc)
        return rc;
    bind_text(s, 1, u->name);
    int step = sqlite3_step(s);
    unsigned keep = step == SQLITE_ROW ? u->keep : 0;
    r->id = step == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    r->parent = keep & NTM_KEEP_PARENT ? (long)sqlite3_column_int64(s, 2) : parent;
    r->klass = keep_or(keep, NTM_KEEP_CLASS, s, 3, u->class_key);
    r->flags = keep_or(keep, NTM_KEEP_FLAGS, s, 4, u->flags);
    r->set_id = keep_or(keep, NTM_KEEP_SET, s, 5, u->set_id);
    r->households = keep & NTM_KEEP_HOUSEHOLDS ? col_real(s, 6) : u->households;
    r->population = keep & NTM_KEEP_POPULATION ? col_real(s, 7) : u->population;
    r->note = keep_or(keep, NTM_KEEP_NOTE, s, 8, u->note);
    *same = r->id && same_text(sqlite3_column_text(s, 1), u->level) &&
            sqlite3_column_int64(s, 2) == r->parent &&
            same_text(sqlite3_column_text(s, 3), r->klass) &&
            same_text(sqlite3_column_text(s, 4), r->flags) &&
            same_text(sqlite3_column_text(s, 5), r->set_id) && same_real(s, 6, r->households) &&
            same_real(s, 7, r->population) && same_text(sqlite3_column_text(s, 8), r->note);
    sqlite3_reset(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_fail(st, err, _("read"));
    return NTM_OK;
}

ntm_status ntm_store_put_unit(ntm_store *st, const ntm_unit *u, const char *key, int *changed,
                              ntm_error *err)
{
    *changed = 0;
    sqlite3_stmt *s;
    long parent = 0;
    ntm_status rc;
    if (u->parent && *u->parent) {
        if ((rc = unit_id_of(st, u->parent, &parent, err)))
            return rc;
        if (!parent)
            return ntm_error_set(err, NTM_ENOTFOUND, _("parent unit '%s' is not known"), u->parent);
    }
    if (u->set_id && *u->set_id) {
        if ((rc = cached(st, Q_SET_EXISTS, "SELECT 1 FROM criteria_set WHERE id = ?", &s, err)))
            return rc;
        bind_text(s, 1, u->set_id);
        int found = next_row(st, s, err);
        sqlite3_reset(s);
        if (found < 0)
            return NTM_EDB;
        if (!found)
            return ntm_error_set(err, NTM_ENOTFOUND,
                                 _("criteria set '%s' is not in the database (see: ntmplan "
                                   "catalog list)"),
                                 u->set_id);
    }
    unit_row r = {0};
    int same = 0;
    if ((rc = unit_merge(st, u, parent, &r, &same, err)) || same) {
        unit_row_release(&r);
        return rc;
    }
    if (r.id && (rc = note_unit_before(st, r.id, 1, err))) {
        unit_row_release(&r);
        return rc;
    }
    if ((rc = cached(st, Q_UNIT_PUT,
                     "INSERT INTO unit (name, name_key, level, parent_id, class_key, flags,"
                     " set_id, households, population, note) VALUES (?,?,?,?,?,?,?,?,?,?)"
                     " ON CONFLICT(name) DO UPDATE SET name_key=excluded.name_key,"
                     " level=excluded.level, parent_id=excluded.parent_id,"
                     " class_key=excluded.class_key, flags=excluded.flags,"
                     " set_id=excluded.set_id, households=excluded.households,"
                     " population=excluded.population, note=excluded.note",
                     &s, err))) {
        unit_row_release(&r);
        return rc;
    }
    bind_text(s, 1, u->name);
    bind_text(s, 2, key);
    bind_text(s, 3, u->level);
    if (r.parent)
        sqlite3_bind_int64(s, 4, r.parent);
    else
        sqlite3_bind_null(s, 4);
    bind_text(s, 5, r.klass);
    bind_text(s, 6, r.flags);
    bind_text(s, 7, r.set_id);
    bind_real(s, 8, r.households);
    bind_real(s, 9, r.population);
    bind_text(s, 10, r.note);
    rc = run_cached(st, s, err);
    unit_row_release(&r);
    if (rc)
        return rc;
    if (!r.id && (rc = note_unit_before(st, (long)sqlite3_last_insert_rowid(st->db), 0, err)))
        return rc;
    *changed = r.id ? 2 : 1;
    return NTM_OK;
}

ntm_status ntm_store_unit_cycle(ntm_store *st, const char *name, int *cycle, ntm_error *err)
{
    *cycle = 0;
    sqlite3_stmt *s;
    /* Up the parent chain from NAME; the depth bound stops at a cycle not through NAME. */
    ntm_status rc = prepare(st, &s,
                            "WITH RECURSIVE up(id, depth) AS ("
                            " SELECT parent_id, 1 FROM unit WHERE name = ?1"
                            " UNION ALL SELECT u.parent_id, up.depth + 1 FROM unit u"
                            " JOIN up ON u.id = up.id WHERE up.depth < 64)"
                            " SELECT 1 FROM up WHERE id = (SELECT id FROM unit WHERE name = ?1)"
                            " LIMIT 1",
                            err);
    if (rc)
        return rc;
    bind_text(s, 1, name);
    int r = sqlite3_step(s);
    *cycle = r == SQLITE_ROW;
    sqlite3_finalize(s);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return db_fail(st, err, _("read"));
    return NTM_OK;
}

ntm_status ntm_store_find_units(ntm_store *st, const char *key, ntm_unit **units, size_t *n,
                                ntm_error *err)
{
    *units = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT u.id, u.name, u.level, p.name, u.class_key, u.flags, u.set_id,"
                            " u.households, u.population, u.note FROM unit u"
                            " LEFT JOIN unit p ON p.id = u.parent_id"
                            " WHERE u.name_key = ?1 ORDER BY u.name",
                            err);
    /* Two statements, so that the one with a key uses the index unit_by_key. */
    if (rc == NTM_OK && !key) {
        sqlite3_finalize(s);
        rc = prepare(st, &s,
                     "SELECT u.id, u.name, u.level, p.name, u.class_key, u.flags, u.set_id,"
                     " u.households, u.population, u.note FROM unit u"
                     " LEFT JOIN unit p ON p.id = u.parent_id ORDER BY u.name",
                     err);
    }
    if (rc)
        return rc;
    bind_text(s, 1, key);
    size_t cap = 0;
    int row;
    while ((row = next_row(st, s, err)) == 1) {
        if (grow((void **)units, &cap, *n, sizeof **units)) {
            sqlite3_finalize(s);
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        }
        ntm_unit *u = &(*units)[(*n)++];
        u->id = (long)sqlite3_column_int64(s, 0);
        u->name = col_text(s, 1);
        u->level = col_text(s, 2);
        u->parent = col_text(s, 3);
        u->class_key = col_text(s, 4);
        u->flags = col_text(s, 5);
        u->set_id = col_text(s, 6);
        u->households = col_real(s, 7);
        u->population = col_real(s, 8);
        u->note = col_text(s, 9);
    }
    sqlite3_finalize(s);
    return row < 0 ? NTM_EDB : NTM_OK;
}

void ntm_store_free_units(ntm_unit *units, size_t n)
{
    for (size_t i = 0; units && i < n; i++)
        ntm_unit_release(&units[i]);
    free(units);
}

/* ---- observations ----------------------------------------------------------------------- */

static const char *status_text(ntm_assess a)
{
    return a == NTM_ASSESS_MET ? "met" : a == NTM_ASSESS_UNMET ? "unmet" : "";
}

/* As note_unit_before, for observation ID. */
static ntm_status note_obs_before(ntm_store *st, long id, int existed, ntm_error *err)
{
    if (!st->batch)
        return NTM_OK;
    sqlite3_stmt *s;
    ntm_status rc =
        existed ? cached(st, Q_OBS_BEFORE,
                         "INSERT OR IGNORE INTO import_obs_before (batch_id, obs_id, existed, t,"
                         " value, numerator, denominator, status, note, file, line)"
                         " SELECT ?1, id, 1, t, value, numerator, denominator, status, note,"
                         " file, line FROM observation WHERE id = ?2",
                         &s, err)
                : cached(st, Q_OBS_NEW,
                         "INSERT OR IGNORE INTO import_obs_before (batch_id, obs_id, existed)"
                         " VALUES (?1, ?2, 0)",
                         &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, st->batch);
    sqlite3_bind_int64(s, 2, id);
    return run_cached(st, s, err);
}

/* Looks up O's stored row: *id (0 when absent), *same (writing changes nothing) and,
 * when O keeps the stored note, a copy of it in *note. */
static ntm_status obs_lookup(ntm_store *st, const ntm_observation *o, long unit_id, long *id,
                             int *same, char **note, ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = cached(st, Q_OBS_GET,
                           "SELECT id, t, value, numerator, denominator, status, note"
                           " FROM observation WHERE unit_id = ? AND criterion = ?"
                           " AND indicator = ? AND date = ? AND source = ?",
                           &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, unit_id);
    bind_text(s, 2, o->criterion);
    bind_text(s, 3, o->indicator ? o->indicator : "");
    bind_text(s, 4, o->date);
    bind_text(s, 5, o->source ? o->source : "");
    int step = sqlite3_step(s);
    *id = step == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    *note = *id && (o->keep & NTM_KEEP_NOTE) ? col_text(s, 6)
            : o->note && *o->note            ? strdup(o->note)
                                             : NULL;
    *same = *id && same_real(s, 1, o->t) && same_real(s, 2, o->value) &&
            same_real(s, 3, o->numerator) && same_real(s, 4, o->denominator) &&
            same_text(sqlite3_column_text(s, 5), status_text(o->status)) &&
            same_text(sqlite3_column_text(s, 6), *note);
    sqlite3_reset(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_fail(st, err, _("read"));
    return NTM_OK;
}

ntm_status ntm_store_put_observation(ntm_store *st, const ntm_observation *o, int *changed,
                                     ntm_error *err)
{
    *changed = 0;
    long unit_id, id;
    ntm_status rc = unit_id_of(st, o->unit, &unit_id, err);
    if (rc)
        return rc;
    if (!unit_id)
        return ntm_error_set(err, NTM_ENOTFOUND, _("unit '%s' is not known (import units first)"),
                             o->unit);
    int same;
    char *note = NULL;
    if ((rc = obs_lookup(st, o, unit_id, &id, &same, &note, err)) || same ||
        (id && (rc = note_obs_before(st, id, 1, err)))) {
        free(note);
        return rc;
    }
    sqlite3_stmt *s;
    if ((rc = cached(st, Q_OBS_PUT,
                     "INSERT INTO observation (unit_id, criterion, indicator, date, t, value,"
                     " numerator, denominator, status, source, note, file, line)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
                     " ON CONFLICT(unit_id, criterion, indicator, date, source) DO UPDATE SET"
                     " t=excluded.t, value=excluded.value, numerator=excluded.numerator,"
                     " denominator=excluded.denominator, status=excluded.status,"
                     " note=excluded.note, file=excluded.file, line=excluded.line",
                     &s, err))) {
        free(note);
        return rc;
    }
    sqlite3_bind_int64(s, 1, unit_id);
    bind_text(s, 2, o->criterion);
    bind_text(s, 3, o->indicator ? o->indicator : "");
    bind_text(s, 4, o->date);
    bind_real(s, 5, o->t);
    bind_real(s, 6, o->value);
    bind_real(s, 7, o->numerator);
    bind_real(s, 8, o->denominator);
    bind_text(s, 9, status_text(o->status));
    bind_text(s, 10, o->source ? o->source : "");
    bind_text(s, 11, note);
    bind_text(s, 12, o->file);
    sqlite3_bind_int64(s, 13, o->line);
    rc = run_cached(st, s, err);
    free(note);
    if (rc)
        return rc;
    if (!id && (rc = note_obs_before(st, (long)sqlite3_last_insert_rowid(st->db), 0, err)))
        return rc;
    *changed = id ? 2 : 1;
    return NTM_OK;
}

/* ---- imports and their undo -------------------------------------------------------------- */

ntm_status ntm_store_import_begin(ntm_store *st, const char *file, const char *kind, ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s, "INSERT INTO import_batch (file, kind) VALUES (?, ?)", err);
    if (rc)
        return rc;
    bind_text(s, 1, file);
    bind_text(s, 2, kind);
    if ((rc = run(st, s, err)))
        return rc;
    st->batch = (long)sqlite3_last_insert_rowid(st->db);
    return NTM_OK;
}

ntm_status ntm_store_import_end(ntm_store *st, ntm_error *err)
{
    long id = st->batch;
    st->batch = 0;
    if (!id)
        return NTM_OK;
    /* An import that changed nothing leaves nothing to undo, and no trace. */
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "DELETE FROM import_batch WHERE id = ?1"
                            " AND NOT EXISTS (SELECT 1 FROM import_unit_before WHERE batch_id = ?1)"
                            " AND NOT EXISTS (SELECT 1 FROM import_obs_before WHERE batch_id = ?1)",
                            err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    return run(st, s, err);
}

/* Runs the statements SQL (each with ?1 the batch) in order. */
static ntm_status run_batch_sql(ntm_store *st, long id, const char *const *sql, size_t n,
                                ntm_error *err)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *s;
        ntm_status rc = prepare(st, &s, sql[i], err);
        if (rc)
            return rc;
        sqlite3_bind_int64(s, 1, id);
        if ((rc = run(st, s, err)))
            return rc;
    }
    return NTM_OK;
}

ntm_status ntm_store_import_undo(ntm_store *st, char **file, long *units, long *observations,
                                 ntm_error *err)
{
    *file = NULL;
    *units = *observations = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT id, file, (SELECT count(*) FROM import_unit_before"
                            " WHERE batch_id = b.id), (SELECT count(*) FROM import_obs_before"
                            " WHERE batch_id = b.id) FROM import_batch b WHERE undone = 0"
                            " ORDER BY id DESC LIMIT 1",
                            err);
    if (rc)
        return rc;
    int step = sqlite3_step(s);
    long id = step == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    if (id) {
        *file = col_text(s, 1);
        *units = (long)sqlite3_column_int64(s, 2);
        *observations = (long)sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_fail(st, err, _("read"));
    if (!id)
        return ntm_error_set(err, NTM_ENOTFOUND, _("%s: no import to undo"), st->path);
    /* Rows the import changed get their old values back, then rows it added go
     * (newest first: a unit added after its parent goes before it). */
    static const char *const sql[] = {
        "UPDATE observation SET t = b.t, value = b.value, numerator = b.numerator,"
        " denominator = b.denominator, status = b.status, note = b.note, file = b.file,"
        " line = b.line FROM import_obs_before b"
        " WHERE b.batch_id = ?1 AND b.existed = 1 AND observation.id = b.obs_id",
        "DELETE FROM observation WHERE id IN"
        " (SELECT obs_id FROM import_obs_before WHERE batch_id = ?1 AND existed = 0)",
        "UPDATE unit SET name_key = b.name_key, level = b.level, parent_id = b.parent_id,"
        " class_key = b.class_key, flags = b.flags, set_id = b.set_id,"
        " households = b.households, population = b.population, note = b.note"
        " FROM import_unit_before b"
        " WHERE b.batch_id = ?1 AND b.existed = 1 AND unit.id = b.unit_id",
        "DELETE FROM unit WHERE id IN"
        " (SELECT unit_id FROM import_unit_before WHERE batch_id = ?1 AND existed = 0)",
        "UPDATE import_batch SET undone = 1 WHERE id = ?1"};
    if ((rc = run_batch_sql(st, id, sql, sizeof sql / sizeof sql[0], err))) {
        free(*file);
        *file = NULL;
    }
    return rc;
}

ntm_status ntm_store_get_observations(ntm_store *st, const char *unit, ntm_observation **obs,
                                      size_t *n, ntm_error *err)
{
    *obs = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT o.id, u.name, o.criterion, o.indicator, o.date, o.t, o.value,"
                            " o.numerator, o.denominator, o.status, o.source, o.note, o.file,"
                            " o.line FROM observation o JOIN unit u ON u.id = o.unit_id"
                            " WHERE u.name = ? ORDER BY o.criterion, o.indicator, o.t, o.id",
                            err);
    if (rc)
        return rc;
    bind_text(s, 1, unit);
    size_t cap = 0;
    int row;
    while ((row = next_row(st, s, err)) == 1) {
        if (grow((void **)obs, &cap, *n, sizeof **obs)) {
            sqlite3_finalize(s);
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        }
        ntm_observation *o = &(*obs)[(*n)++];
        o->id = (long)sqlite3_column_int64(s, 0);
        o->unit = col_text(s, 1);
        o->criterion = col_text(s, 2);
        char *ind = col_text(s, 3);
        if (ind && !*ind) {
            free(ind);
            ind = NULL;
        }
        o->indicator = ind;
        o->date = col_text(s, 4);
        o->t = col_real(s, 5);
        o->value = col_real(s, 6);
        o->numerator = col_real(s, 7);
        o->denominator = col_real(s, 8);
        const unsigned char *stt = sqlite3_column_text(s, 9);
        o->status = stt && strcmp((const char *)stt, "met") == 0     ? NTM_ASSESS_MET
                    : stt && strcmp((const char *)stt, "unmet") == 0 ? NTM_ASSESS_UNMET
                                                                     : NTM_ASSESS_NONE;
        o->source = col_text(s, 10);
        o->note = col_text(s, 11);
        o->file = col_text(s, 12);
        o->line = (long)sqlite3_column_int64(s, 13);
    }
    sqlite3_finalize(s);
    return row < 0 ? NTM_EDB : NTM_OK;
}

void ntm_store_free_observations(ntm_observation *obs, size_t n)
{
    for (size_t i = 0; obs && i < n; i++)
        ntm_observation_release(&obs[i]);
    free(obs);
}

ntm_status ntm_store_counts(ntm_store *st, long *sets, long *units, long *observations,
                            ntm_error *err)
{
    static const char *const sql[] = {"SELECT count(*) FROM criteria_set",
                                      "SELECT count(*) FROM unit",
                                      "SELECT count(*) FROM observation"};
    long *out[] = {sets, units, observations};
    for (int i = 0; i < 3; i++) {
        if (!out[i])
            continue;
        sqlite3_stmt *s;
        ntm_status rc = prepare(st, &s, sql[i], err);
        if (rc)
            return rc;
        int row = next_row(st, s, err);
        *out[i] = row == 1 ? (long)sqlite3_column_int64(s, 0) : 0;
        sqlite3_finalize(s);
        if (row < 0)
            return NTM_EDB;
    }
    return NTM_OK;
}

/* ---- runs ------------------------------------------------------------------------------- */

ntm_status ntm_store_put_run(ntm_store *st, ntm_run *rn, ntm_error *err)
{
    const ntm_run_meta *m = &rn->meta;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "INSERT INTO run (scenario, path, digest, seed, draws, threads,"
                            " start_year, horizon, deadline, version, created)"
                            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            err);
    if (rc)
        return rc;
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed);
    bind_text(s, 1, m->scenario);
    bind_text(s, 2, m->path);
    bind_text(s, 3, m->digest);
    bind_text(s, 4, seed);
    sqlite3_bind_int64(s, 5, m->draws);
    sqlite3_bind_int(s, 6, m->threads);
    sqlite3_bind_int(s, 7, m->start_year);
    sqlite3_bind_int(s, 8, m->horizon);
    sqlite3_bind_int(s, 9, m->deadline);
    bind_text(s, 10, m->version);
    bind_text(s, 11, m->created);
    if ((rc = run(st, s, err)))
        return rc;
    long id = (long)sqlite3_last_insert_rowid(st->db);
    for (size_t i = 0; i < rn->n_items; i++) {
        const ntm_run_item *it = &rn->items[i];
        if ((rc = prepare(st, &s,
                          "INSERT INTO run_item (run_id, idx, level, unit, code, target_year,"
                          " p_target, p_target_se, p_deadline, p_deadline_se, skipped, met_now,"
                          " never) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          err)))
            return rc;
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (long long)i);
        bind_text(s, 3, ntm_run_level_name(it->level));
        bind_text(s, 4, it->unit);
        bind_text(s, 5, it->code);
        sqlite3_bind_int(s, 6, it->target_year);
        bind_real(s, 7, it->p_target);
        bind_real(s, 8, it->p_target_se);
        bind_real(s, 9, it->p_deadline);
        bind_real(s, 10, it->p_deadline_se);
        sqlite3_bind_int(s, 11, it->skipped);
        sqlite3_bind_int(s, 12, it->met_now);
        bind_real(s, 13, it->first_met ? it->first_met[it->n_years] : NAN);
        if ((rc = run(st, s, err)))
            return rc;
        for (size_t y = 0; y < it->n_years; y++) {
            if ((rc = prepare(st, &s,
                              "INSERT INTO run_year (run_id, idx, year, p_met, p_met_se,"
                              " first_met, mean_met, q025, q05, q10, q25, q50, q75, q90, q95,"
                              " q975) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                              err)))
                return rc;
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_int64(s, 2, (long long)i);
            sqlite3_bind_int(s, 3, m->start_year + (int)y);
            bind_real(s, 4, it->p_met ? it->p_met[y] : NAN);
            bind_real(s, 5, it->p_met_se ? it->p_met_se[y] : NAN);
            bind_real(s, 6, it->first_met ? it->first_met[y] : NAN);
            bind_real(s, 7, it->mean_met ? it->mean_met[y] : NAN);
            for (int q = 0; q < NTM_RUN_NQ; q++)
                bind_real(s, 8 + q, it->quant ? it->quant[y * NTM_RUN_NQ + q] : NAN);
            if ((rc = run(st, s, err)))
                return rc;
        }
    }
    rn->meta.id = id;
    return NTM_OK;
}

ntm_status ntm_store_get_run(ntm_store *st, long id, ntm_run *out, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    ntm_status rc =
        prepare(st, &s,
                "SELECT id, scenario, path, digest, seed, draws, threads, start_year,"
                " horizon, deadline, version, created FROM run"
                " WHERE id = (CASE WHEN ?1 > 0 THEN ?1 ELSE (SELECT max(id) FROM run) END)",
                err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int row = next_row(st, s, err);
    if (row != 1) {
        sqlite3_finalize(s);
        if (row < 0)
            return NTM_EDB;
        if (id > 0)
            return ntm_error_set(err, NTM_ENOTFOUND, _("no run %ld in %s"), id, st->path);
        return ntm_error_set(err, NTM_ENOTFOUND, _("no run in %s yet (make one with: ntmplan run)"),
                             st->path);
    }
    ntm_run_meta *m = &out->meta;
    m->id = (long)sqlite3_column_int64(s, 0);
    m->scenario = col_text(s, 1);
    m->path = col_text(s, 2);
    m->digest = col_text(s, 3);
    char *seed = col_text(s, 4);
    m->seed = seed ? strtoull(seed, NULL, 10) : 0;
    free(seed);
    m->draws = (long)sqlite3_column_int64(s, 5);
    m->threads = sqlite3_column_int(s, 6);
    m->start_year = sqlite3_column_int(s, 7);
    m->horizon = sqlite3_column_int(s, 8);
    m->deadline = sqlite3_column_int(s, 9);
    m->version = col_text(s, 10);
    m->created = col_text(s, 11);
    sqlite3_finalize(s);
    size_t ny = (size_t)(m->horizon - m->start_year + 1);
    if ((rc = prepare(st, &s,
                      "SELECT level, unit, code, target_year, p_target, p_target_se, p_deadline,"
                      " p_deadline_se, skipped, met_now, never FROM run_item WHERE run_id = ?"
                      " ORDER BY idx",
                      err)))
        goto fail;
    sqlite3_bind_int64(s, 1, m->id);
    size_t cap = 0;
    while ((row = next_row(st, s, err)) == 1) {
        if (grow((void **)&out->items, &cap, out->n_items, sizeof *out->items)) {
            sqlite3_finalize(s);
            rc = ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            goto fail;
        }
        ntm_run_item *it = &out->items[out->n_items++];
        char *lv = col_text(s, 0);
        if (ntm_run_level_from_name(lv, &it->level) != 0)
            it->level = NTM_RUN_INDICATOR;
        free(lv);
        it->unit = col_text(s, 1);
        it->code = col_text(s, 2);
        it->target_year = sqlite3_column_int(s, 3);
        it->p_target = col_real(s, 4);
        it->p_target_se = col_real(s, 5);
        it->p_deadline = col_real(s, 6);
        it->p_deadline_se = col_real(s, 7);
        it->skipped = sqlite3_column_int(s, 8);
        it->met_now = sqlite3_column_int(s, 9);
        it->n_years = ny;
        it->p_met = calloc(ny, sizeof *it->p_met);
        it->p_met_se = calloc(ny, sizeof *it->p_met_se);
        it->first_met = calloc(ny + 1, sizeof *it->first_met);
        if (!it->p_met || !it->p_met_se || !it->first_met) {
            sqlite3_finalize(s);
            rc = ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
            goto fail;
        }
        it->first_met[ny] = col_real(s, 10);
    }
    sqlite3_finalize(s);
    if (row < 0) {
        rc = NTM_EDB;
        goto fail;
    }
    if ((rc = prepare(st, &s,
                      "SELECT idx, year, p_met, p_met_se, first_met, mean_met, q025, q05, q10,"
                      " q25, q50, q75, q90, q95, q975 FROM run_year WHERE run_id = ?"
                      " ORDER BY idx, year",
                      err)))
        goto fail;
    sqlite3_bind_int64(s, 1, m->id);
    while ((row = next_row(st, s, err)) == 1) {
        size_t i = (size_t)sqlite3_column_int64(s, 0);
        int y = sqlite3_column_int(s, 1) - m->start_year;
        if (i >= out->n_items || y < 0 || (size_t)y >= ny)
            continue;
        ntm_run_item *it = &out->items[i];
        it->p_met[y] = col_real(s, 2);
        it->p_met_se[y] = col_real(s, 3);
        it->first_met[y] = col_real(s, 4);
        if (sqlite3_column_type(s, 5) != SQLITE_NULL) {
            if (!it->mean_met && !(it->mean_met = calloc(ny, sizeof *it->mean_met)))
                continue;
            it->mean_met[y] = col_real(s, 5);
        }
        if (sqlite3_column_type(s, 10) != SQLITE_NULL) {
            if (!it->quant && !(it->quant = calloc(ny * NTM_RUN_NQ, sizeof *it->quant)))
                continue;
            for (int q = 0; q < NTM_RUN_NQ; q++)
                it->quant[(size_t)y * NTM_RUN_NQ + q] = col_real(s, 6 + q);
        }
    }
    sqlite3_finalize(s);
    if (row < 0) {
        rc = NTM_EDB;
        goto fail;
    }
    return NTM_OK;
fail:
    ntm_run_release(out);
    return rc;
}

/* ---- mergers (model/lineage.h) --------------------------------------------------------- */

/* The id of the unit named NAME into *ID (0: none). */
static ntm_status unit_id_by_name(ntm_store *st, const char *name, long *id, ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s, "SELECT id FROM unit WHERE name = ?", err);
    if (rc)
        return rc;
    bind_text(s, 1, name);
    int k = sqlite3_step(s);
    *id = k == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (k != SQLITE_ROW && k != SQLITE_DONE)
        return db_fail(st, err, _("reading units"));
    return NTM_OK;
}

/* Runs the prepared statement S to its end; NTM_OK or the database's error. */
static ntm_status step_done(ntm_store *st, sqlite3_stmt *s, ntm_error *err)
{
    int k = sqlite3_step(s);
    sqlite3_finalize(s);
    return k == SQLITE_DONE ? NTM_OK : db_fail(st, err, _("writing mergers"));
}

ntm_status ntm_store_put_merger(ntm_store *st, const ntm_merger *m, ntm_error *err)
{
    long unit_id, part_id;
    ntm_status rc = unit_id_by_name(st, m->unit, &unit_id, err);
    if (rc == NTM_OK && !unit_id)
        rc = ntm_error_set(err, NTM_ENOTFOUND,
                           _("%s:%ld: unit '%s' is not known (import units first)"), m->file,
                           m->line, m->unit);
    sqlite3_stmt *s;
    if (rc == NTM_OK &&
        !(rc = prepare(st, &s, "DELETE FROM merger WHERE unit_id = ? AND date = ?", err))) {
        sqlite3_bind_int64(s, 1, unit_id);
        bind_text(s, 2, m->date);
        rc = step_done(st, s, err);
    }
    if (rc == NTM_OK && !(rc = prepare(st, &s,
                                       "INSERT INTO merger (unit_id, date, t, source, file, line)"
                                       " VALUES (?,?,?,?,?,?)",
                                       err))) {
        sqlite3_bind_int64(s, 1, unit_id);
        bind_text(s, 2, m->date);
        bind_real(s, 3, m->t);
        bind_text(s, 4, m->source);
        bind_text(s, 5, m->file);
        sqlite3_bind_int64(s, 6, m->line);
        rc = step_done(st, s, err);
    }
    long merger_id = rc == NTM_OK ? (long)sqlite3_last_insert_rowid(st->db) : 0;
    for (size_t p = 0; rc == NTM_OK && p < m->n_parts; p++) {
        if ((rc = unit_id_by_name(st, m->parts[p], &part_id, err)))
            break;
        if (!part_id)
            return ntm_error_set(err, NTM_ENOTFOUND,
                                 _("%s:%ld: former unit '%s' is not known (import units first)"),
                                 m->file, m->line, m->parts[p]);
        if ((rc = prepare(st, &s,
                          "INSERT INTO merger_part (merger_id, part_id, ord) VALUES (?,?,?)", err)))
            break;
        sqlite3_bind_int64(s, 1, merger_id);
        sqlite3_bind_int64(s, 2, part_id);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)p);
        rc = step_done(st, s, err);
    }
    return rc;
}

/* Reads the parts of merger ID into M. */
static ntm_status merger_parts(ntm_store *st, long id, ntm_merger *m, ntm_error *err)
{
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT u.name FROM merger_part p JOIN unit u ON u.id = p.part_id"
                            " WHERE p.merger_id = ? ORDER BY p.ord",
                            err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    size_t cap = 0;
    int k;
    while ((k = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow((void **)&m->parts, &cap, m->n_parts, sizeof *m->parts) ||
            !(m->parts[m->n_parts] = col_text(s, 0))) {
            sqlite3_finalize(s);
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        }
        m->n_parts++;
    }
    sqlite3_finalize(s);
    return k == SQLITE_DONE ? NTM_OK : db_fail(st, err, _("reading mergers"));
}

ntm_status ntm_store_get_mergers(ntm_store *st, const char *unit, ntm_merger **out, size_t *n,
                                 ntm_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT m.id, u.name, m.date, m.t, m.source, m.file, m.line"
                            " FROM merger m JOIN unit u ON u.id = m.unit_id"
                            " WHERE u.name = ? ORDER BY m.t",
                            err);
    if (rc)
        return rc;
    bind_text(s, 1, unit);
    size_t cap = 0, icap = 0;
    long *ids = NULL;
    int k;
    while ((k = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow((void **)out, &cap, *n, sizeof **out) ||
            grow((void **)&ids, &icap, *n, sizeof *ids)) {
            sqlite3_finalize(s);
            free(ids);
            ntm_store_free_mergers(*out, *n);
            *out = NULL, *n = 0;
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        }
        ntm_merger *m = &(*out)[*n];
        memset(m, 0, sizeof *m);
        ids[(*n)++] = (long)sqlite3_column_int64(s, 0);
        m->unit = col_text(s, 1);
        snprintf(m->date, sizeof m->date, "%s", (const char *)sqlite3_column_text(s, 2));
        m->t = col_real(s, 3);
        m->source = col_text(s, 4);
        m->file = col_text(s, 5);
        m->line = (long)sqlite3_column_int64(s, 6);
    }
    sqlite3_finalize(s);
    if (k != SQLITE_DONE && k != SQLITE_ROW)
        rc = db_fail(st, err, _("reading mergers"));
    for (size_t i = 0; rc == NTM_OK && i < *n; i++)
        rc = merger_parts(st, ids[i], &(*out)[i], err);
    free(ids);
    if (rc != NTM_OK) {
        ntm_store_free_mergers(*out, *n);
        *out = NULL, *n = 0;
    }
    return rc;
}

void ntm_store_free_mergers(ntm_merger *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++)
        ntm_merger_release(&m[i]);
    free(m);
}

/* ---- recognition (model/recognition.h) ------------------------------------------------- */

ntm_status ntm_store_put_recognition(ntm_store *st, const ntm_recognition *r, ntm_error *err)
{
    long unit_id;
    ntm_status rc = unit_id_by_name(st, r->unit, &unit_id, err);
    if (rc == NTM_OK && !unit_id)
        return ntm_error_set(err, NTM_ENOTFOUND,
                             _("%s:%ld: unit '%s' is not known (import units first)"), r->file,
                             r->line, r->unit);
    sqlite3_stmt *s;
    if (rc || (rc = prepare(st, &s,
                            "INSERT INTO recognition (unit_id, set_id, recognised, decision,"
                            " revoked, note, file, line) VALUES (?,?,?,?,?,?,?,?)"
                            " ON CONFLICT(unit_id, set_id, recognised) DO UPDATE SET"
                            " decision = excluded.decision, revoked = excluded.revoked,"
                            " note = excluded.note, file = excluded.file, line = excluded.line",
                            err)))
        return rc;
    sqlite3_bind_int64(s, 1, unit_id);
    bind_text(s, 2, r->set_id ? r->set_id : "");
    bind_text(s, 3, r->date);
    bind_text(s, 4, r->decision);
    bind_text(s, 5, r->revoked);
    bind_text(s, 6, r->note);
    bind_text(s, 7, r->file);
    sqlite3_bind_int64(s, 8, r->line);
    int k = sqlite3_step(s);
    sqlite3_finalize(s);
    return k == SQLITE_DONE ? NTM_OK : db_fail(st, err, _("writing recognitions"));
}

ntm_status ntm_store_get_recognitions(ntm_store *st, const char *unit, ntm_recognition **out,
                                      size_t *n, ntm_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    ntm_status rc = prepare(st, &s,
                            "SELECT u.name, r.set_id, r.recognised, r.decision, r.revoked,"
                            " r.note, r.file, r.line FROM recognition r"
                            " JOIN unit u ON u.id = r.unit_id WHERE u.name = ?"
                            " ORDER BY r.recognised, r.set_id",
                            err);
    if (rc)
        return rc;
    bind_text(s, 1, unit);
    size_t cap = 0;
    int k;
    while ((k = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow((void **)out, &cap, *n, sizeof **out)) {
            sqlite3_finalize(s);
            ntm_store_free_recognitions(*out, *n);
            *out = NULL, *n = 0;
            return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
        }
        ntm_recognition *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->unit = col_text(s, 0);
        char *set = col_text(s, 1);
        if (set && !set[0]) {
            free(set);
            set = NULL;
        }
        r->set_id = set;
        snprintf(r->date, sizeof r->date, "%s", (const char *)sqlite3_column_text(s, 2));
        r->decision = col_text(s, 3);
        const unsigned char *rv = sqlite3_column_text(s, 4);
        snprintf(r->revoked, sizeof r->revoked, "%s", rv ? (const char *)rv : "");
        r->note = col_text(s, 5);
        r->file = col_text(s, 6);
        r->line = (long)sqlite3_column_int64(s, 7);
    }
    sqlite3_finalize(s);
    if (k != SQLITE_DONE) {
        ntm_store_free_recognitions(*out, *n);
        *out = NULL, *n = 0;
        return db_fail(st, err, _("reading recognitions"));
    }
    return NTM_OK;
}

void ntm_store_free_recognitions(ntm_recognition *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        ntm_recognition_release(&r[i]);
    free(r);
}
