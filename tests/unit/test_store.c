/* test_store.c: the SQLite store (store/store.h) on real database files in a fresh
 * temporary directory per test (mkdtemp under /tmp). What the store wrote is checked
 * both through its own API and, where the API cannot see it (schema version, journal
 * mode, foreign keys, tables), with sqlite3 directly on the same file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"

/* ---- temporary directory and raw SQLite helpers ------------------------------------- */

typedef struct tmp {
    char dir[64];
    char db[128];
    ntm_store *st;
} tmp;

static int setup(void **state)
{
    tmp *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    snprintf(t->dir, sizeof t->dir, "/tmp/ntm-store-XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    snprintf(t->db, sizeof t->db, "%s/t.db", t->dir);
    *state = t;
    return 0;
}

static void remove_in(const tmp *t, const char *name)
{
    char p[192];
    snprintf(p, sizeof p, "%s/%s", t->dir, name);
    unlink(p);
}

static int teardown(void **state)
{
    tmp *t = *state;
    ntm_store_close(t->st);
    static const char *const files[] = {"t.db",         "t.db-wal", "t.db-shm",
                                        "t.db-journal", "other.db", "text.db"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        remove_in(t, files[i]);
    if (rmdir(t->dir) != 0)
        fprintf(stderr, "test_store: could not remove %s\n", t->dir);
    free(t);
    return 0;
}

/* Runs SQL on PATH with a connection of our own. */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        char copy[512];
        snprintf(copy, sizeof copy, "%s", msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(db);
        fail_msg("raw SQL '%s' failed: %s", sql, copy);
    }
    sqlite3_close(db);
}

/* The first column of the first row of SQL on PATH, as text into BUF. */
static const char *raw_text(const char *path, const char *sql, char *buf, size_t size)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    buf[0] = '\0';
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return buf;
}

static long raw_long(const char *path, const char *sql)
{
    char buf[64];
    raw_text(path, sql, buf, sizeof buf);
    return strtol(buf, NULL, 10);
}

static void init_ok(tmp *t)
{
    ntm_error err = {0};
    if (ntm_store_init(&t->st, t->db, NTM_JOURNAL_AUTO, NULL, NULL, &err) != NTM_OK)
        fail_msg("init failed: %s", err.msg);
}

static void assert_contains(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' lacks '%s'", msg, part);
}

/* ---- a small catalog built by hand ---------------------------------------------------- */

#define S(x) ((char *)(x))

/* Two criteria (17 has no indicators), a sum 11.1 with parts 11.1a and 11.1b,
 * thresholds with NaN bounds and without source, a prior with numbers and NaNs. */
typedef struct cat_fix {
    ntm_catalog cat;
    ntm_class cls[2];
    ntm_criterion crit[2];
    ntm_indicator ind[3];
    ntm_threshold thr[3][2];
} cat_fix;

static void cat_fix_init(cat_fix *f)
{
    memset(f, 0, sizeof *f);
    ntm_catalog *c = &f->cat;
    c->id = S("test-2021");
    c->version = S("1.0");
    c->name_vi = S("Bộ tiêu chí xã nông thôn mới (thử)");
    c->name_en = S("Test set");
    c->level = S("commune");
    c->effective = S("2022-03-08");
    c->source = S("QĐ 318/QĐ-TTg");
    c->scheme = NTM_SCHEME_REGION7;
    c->indicators_declared = 57;
    c->hardest_class = S("MNPB");
    c->path = S("models/criteria/test.ini");
    f->cls[0] = (ntm_class){S("BTB"), S("Bắc Trung Bộ"), S("North Central Coast")};
    f->cls[1] = (ntm_class){S("MNPB"), S("Miền núi phía Bắc"), NULL};
    c->classes = f->cls;
    c->n_classes = 2;
    f->crit[0] =
        (ntm_criterion){S("11"), S("Nghèo đa chiều"), S("Multidimensional poverty"), S("III"), 10};
    f->crit[1] = (ntm_criterion){S("17"), S("Môi trường"), NULL, NULL, 40};
    c->criteria = f->crit;
    c->n_criteria = 2;

    ntm_indicator *s = &f->ind[0];
    s->code = S("11.1");
    s->criterion = S("11");
    s->name_vi = S("Tỷ lệ nghèo đa chiều");
    s->name_en = S("Multidimensional poverty rate");
    s->kind = NTM_KIND_SUM;
    s->unit = S("%");
    s->denom_unit = S("hộ");
    s->direction = NTM_DIR_MAX;
    s->model = S("loglinear");
    s->prior = (ntm_prior){-0.21, 0.1, 0.05, 4, NAN, S("regional series 10,04 → 8,03 → 6,24%")};
    s->risk = 0.05;
    s->risk_source = S("assumption");
    s->note = S("O'Brien said \"12,21%\"");
    s->line = 12;
    f->thr[0][0] = (ntm_threshold){S("BTB"), NAN, 6.5, S("≤ 6,5%"), S("QĐ 318/QĐ-TTg")};
    f->thr[0][1] = (ntm_threshold){S("MNPB"), NAN, 13, NULL, NULL};
    s->thresholds = f->thr[0];
    s->n_thresholds = 2;

    static const char *const codes[] = {"11.1a", "11.1b"};
    for (int i = 1; i <= 2; i++) {
        ntm_indicator *p = &f->ind[i];
        p->code = S(codes[i - 1]);
        p->criterion = S("11");
        p->part_of = S("11.1");
        p->kind = NTM_KIND_RATE;
        p->direction = NTM_DIR_MAX;
        p->combine_all = i == 2; /* any value: it must come back as written */
        p->prior = (ntm_prior){NAN, NAN, NAN, NAN, NAN, NULL};
        p->risk = NAN;
        p->line = 20 + i;
    }
    f->thr[1][0] = (ntm_threshold){S("*"), NAN, NAN, S("theo hướng dẫn của tỉnh"), NULL};
    f->ind[1].thresholds = f->thr[1];
    f->ind[1].n_thresholds = 1;
    f->thr[2][0] = (ntm_threshold){S("*"), 0, NAN, NULL, S("assumption")};
    f->ind[2].thresholds = f->thr[2];
    f->ind[2].n_thresholds = 1;
    c->indicators = f->ind;
    c->n_indicators = 3;
}

/* Text equal, NULL equal only to NULL. */
static void str_eq(const char *what, const char *a, const char *b)
{
    if (!a && !b)
        return;
    if (!a || !b || strcmp(a, b) != 0)
        fail_msg("%s: '%s' != '%s'", what, a ? a : "(NULL)", b ? b : "(NULL)");
}

/* Numbers exactly equal, NaN equal only to NaN (NaN is stored as NULL). */
static void num_eq(const char *what, double a, double b)
{
    if (isnan(a) && isnan(b))
        return;
    if (!(a == b))
        fail_msg("%s: %.17g != %.17g", what, a, b);
}

static void catalogs_equal(const ntm_catalog *a, const ntm_catalog *b)
{
    str_eq("id", a->id, b->id);
    str_eq("version", a->version, b->version);
    str_eq("name_vi", a->name_vi, b->name_vi);
    str_eq("name_en", a->name_en, b->name_en);
    str_eq("level", a->level, b->level);
    str_eq("effective", a->effective, b->effective);
    str_eq("source", a->source, b->source);
    assert_int_equal(a->scheme, b->scheme);
    assert_int_equal(a->indicators_declared, b->indicators_declared);
    str_eq("hardest_class", a->hardest_class, b->hardest_class);
    str_eq("path", a->path, b->path);
    assert_int_equal(a->n_classes, b->n_classes);
    for (size_t i = 0; i < a->n_classes; i++) {
        str_eq("class key", a->classes[i].key, b->classes[i].key);
        str_eq("class name_vi", a->classes[i].name_vi, b->classes[i].name_vi);
        str_eq("class name_en", a->classes[i].name_en, b->classes[i].name_en);
    }
    assert_int_equal(a->n_criteria, b->n_criteria);
    for (size_t i = 0; i < a->n_criteria; i++) {
        const ntm_criterion *x = &a->criteria[i], *y = &b->criteria[i];
        str_eq("criterion code", x->code, y->code);
        str_eq("criterion name_vi", x->name_vi, y->name_vi);
        str_eq("criterion name_en", x->name_en, y->name_en);
        str_eq("criterion group", x->group, y->group);
        assert_int_equal(x->line, y->line);
    }
    assert_int_equal(a->n_indicators, b->n_indicators);
    for (size_t i = 0; i < a->n_indicators; i++) {
        const ntm_indicator *x = &a->indicators[i], *y = &b->indicators[i];
        str_eq("code", x->code, y->code);
        str_eq("criterion", x->criterion, y->criterion);
        str_eq("part_of", x->part_of, y->part_of);
        str_eq("ind name_vi", x->name_vi, y->name_vi);
        str_eq("ind name_en", x->name_en, y->name_en);
        assert_int_equal(x->kind, y->kind);
        str_eq("unit", x->unit, y->unit);
        str_eq("denom_unit", x->denom_unit, y->denom_unit);
        assert_int_equal(x->direction, y->direction);
        assert_int_equal(x->combine_all, y->combine_all);
        str_eq("model", x->model, y->model);
        num_eq("prior.slope", x->prior.slope, y->prior.slope);
        num_eq("prior.slope_sd", x->prior.slope_sd, y->prior.slope_sd);
        num_eq("prior.sigma", x->prior.sigma, y->prior.sigma);
        num_eq("prior.nu", x->prior.nu, y->prior.nu);
        num_eq("prior.ceiling", x->prior.ceiling, y->prior.ceiling);
        str_eq("prior.source", x->prior.source, y->prior.source);
        num_eq("risk", x->risk, y->risk);
        str_eq("risk_source", x->risk_source, y->risk_source);
        str_eq("note", x->note, y->note);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->n_thresholds, y->n_thresholds);
        for (size_t k = 0; k < x->n_thresholds; k++) {
            const ntm_threshold *p = &x->thresholds[k], *q = &y->thresholds[k];
            str_eq("class_key", p->class_key, q->class_key);
            num_eq("lower", p->lower, q->lower);
            num_eq("upper", p->upper, q->upper);
            str_eq("threshold text", p->text, q->text);
            str_eq("threshold source", p->source, q->source);
        }
    }
}

static void put_catalog_ok(ntm_store *st, const ntm_catalog *cat, const char *digest,
                           int expect_changed)
{
    ntm_error err = {0};
    int changed = -1;
    if (ntm_store_put_catalog(st, cat, digest, &changed, &err) != NTM_OK)
        fail_msg("put_catalog failed: %s", err.msg);
    assert_int_equal(changed, expect_changed);
}

/* ---- units and observations ---------------------------------------------------------- */

static ntm_unit unit_of(const char *name, const char *level, const char *parent)
{
    ntm_unit u;
    memset(&u, 0, sizeof u);
    u.name = S(name);
    u.level = S(level);
    u.parent = S(parent);
    u.households = u.population = NAN;
    return u;
}

static void put_unit_ok(ntm_store *st, const ntm_unit *u, const char *key, int expect_changed)
{
    ntm_error err = {0};
    int changed = -1;
    if (ntm_store_put_unit(st, u, key, &changed, &err) != NTM_OK)
        fail_msg("put_unit '%s' failed: %s", u->name, err.msg);
    assert_int_equal(changed, expect_changed);
}

static ntm_observation obs_of(const char *unit, const char *crit, const char *ind, const char *date,
                              double t, double value)
{
    ntm_observation o;
    memset(&o, 0, sizeof o);
    o.unit = S(unit);
    o.criterion = S(crit);
    o.indicator = S(ind);
    o.date = S(date);
    o.t = t;
    o.value = value;
    o.numerator = o.denominator = NAN;
    return o;
}

static void put_obs_ok(ntm_store *st, const ntm_observation *o, int expect_changed)
{
    ntm_error err = {0};
    int changed = -1;
    if (ntm_store_put_observation(st, o, &changed, &err) != NTM_OK)
        fail_msg("put_observation failed: %s", err.msg);
    assert_int_equal(changed, expect_changed);
}

static void counts(ntm_store *st, long *sets, long *units, long *obs)
{
    ntm_error err = {0};
    assert_int_equal(ntm_store_counts(st, sets, units, obs, &err), NTM_OK);
}

/* A province > commune pair with the commune in set test-2021 (catalog stored first). */
static void seed_units(ntm_store *st)
{
    cat_fix f;
    cat_fix_init(&f);
    put_catalog_ok(st, &f.cat, "d1", 1);
    ntm_unit p = unit_of("Thanh Hóa", "province", NULL);
    put_unit_ok(st, &p, "thanh hoa", 1);
    ntm_unit c = unit_of("Cẩm Thành", "commune", "Thanh Hóa");
    c.set_id = S("test-2021");
    c.class_key = S("BTB");
    c.households = 1807;
    put_unit_ok(st, &c, "cam thanh", 1);
}

/* ---- schema and opening ---------------------------------------------------------------- */

/* init creates the current schema version (PRAGMA user_version), in WAL on a local disk;
 * a second init is a no-op; open then succeeds. */
static void init_creates_schema(void **state)
{
    tmp *t = *state;
    ntm_error err = {0};
    ntm_journal used = NTM_JOURNAL_AUTO;
    int net = -1;
    assert_int_equal(ntm_store_init(&t->st, t->db, NTM_JOURNAL_AUTO, &used, &net, &err), NTM_OK);
    assert_true(ntm_store_schema_version() >= 1);
    assert_int_equal(ntm_store_file_version(t->st), ntm_store_schema_version());
    assert_int_equal(used, NTM_JOURNAL_WAL);
    assert_int_equal(net, 0); /* /tmp is local */
    ntm_store_close(t->st);
    t->st = NULL;
    assert_int_equal(raw_long(t->db, "PRAGMA user_version"), ntm_store_schema_version());
    char buf[64];
    assert_string_equal(raw_text(t->db, "PRAGMA journal_mode", buf, sizeof buf), "wal");
    static const char *const tables[] = {"criteria_set", "set_class", "criterion",  "indicator",
                                         "threshold",    "unit",      "observation"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE name = '%s'",
                 tables[i]);
        if (raw_long(t->db, sql) != 1)
            fail_msg("table %s missing", tables[i]);
    }
    init_ok(t); /* again: nothing to migrate */
    ntm_store_close(t->st);
    t->st = NULL;
    assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_OK);
    assert_int_equal(ntm_store_file_version(t->st), ntm_store_schema_version());
}

/* A rollback journal asked for is used (for network shares). */
static void init_rollback_journal(void **state)
{
    tmp *t = *state;
    ntm_error err = {0};
    ntm_journal used = NTM_JOURNAL_AUTO;
    assert_int_equal(ntm_store_init(&t->st, t->db, NTM_JOURNAL_ROLLBACK, &used, NULL, &err),
                     NTM_OK);
    assert_int_equal(used, NTM_JOURNAL_ROLLBACK);
    char buf[64];
    assert_string_equal(raw_text(t->db, "PRAGMA journal_mode", buf, sizeof buf), "delete");
}

/* open on a missing file fails with NTM_ENOTFOUND, says how to create it, and does not
 * create the file. */
static void open_missing_file(void **state)
{
    tmp *t = *state;
    ntm_error err = {0};
    assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_ENOTFOUND);
    assert_null(t->st);
    assert_int_equal(err.status, NTM_ENOTFOUND);
    assert_contains(err.msg, t->db);
    assert_contains(err.msg, "ntmplan init");
    assert_int_equal(access(t->db, F_OK), -1);
}

/* An SQLite file that is not ours (user_version 0, other tables) is refused by open and
 * by init, which must not write its tables into it; a file that is not SQLite at all is
 * refused by both. */
static void open_foreign_files(void **state)
{
    tmp *t = *state;
    char other[192], text[192];
    snprintf(other, sizeof other, "%s/other.db", t->dir);
    raw_exec(other, "CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (1);");
    ntm_error err = {0};
    assert_int_equal(ntm_store_open(&t->st, other, &err), NTM_EDB);
    assert_null(t->st);
    assert_contains(err.msg, "is another program's database");
    /* init refuses it too, and leaves it as it was: no tables added, journal unchanged. */
    assert_int_equal(ntm_store_init(&t->st, other, NTM_JOURNAL_AUTO, NULL, NULL, &err), NTM_EDB);
    assert_null(t->st);
    assert_contains(err.msg, "is another program's database");
    assert_int_equal(raw_long(other, "SELECT count(*) FROM sqlite_master"), 1);
    assert_int_equal(raw_long(other, "SELECT count(*) FROM foo"), 1);
    assert_int_equal(raw_long(other, "PRAGMA user_version"), 0);
    char mode[32];
    assert_string_equal(raw_text(other, "PRAGMA journal_mode", mode, sizeof mode), "delete");

    snprintf(text, sizeof text, "%s/text.db", t->dir);
    FILE *fp = fopen(text, "w");
    assert_non_null(fp);
    for (int i = 0; i < 64; i++)
        fputs("đơn vị;chỉ tiêu;giá trị — this is a CSV, not a database\n", fp);
    fclose(fp);
    assert_int_equal(ntm_store_open(&t->st, text, &err), NTM_EDB);
    assert_null(t->st);
    assert_contains(err.msg, "not an SQLite database");
    assert_int_equal(ntm_store_init(&t->st, text, NTM_JOURNAL_AUTO, NULL, NULL, &err), NTM_EDB);
    assert_null(t->st);
}

/* A schema older or newer than the program's: open refuses with the way out (init to
 * migrate; a newer program); init refuses a newer file and leaves it alone. */
static void schema_version_mismatch(void **state)
{
    tmp *t = *state;
    ntm_error err = {0};
    int v = ntm_store_schema_version();
    init_ok(t);
    ntm_store_close(t->st);
    t->st = NULL;

    raw_exec(t->db, "PRAGMA user_version = 99");
    assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_EDB);
    assert_null(t->st);
    assert_contains(err.msg, "schema version 99");
    assert_contains(err.msg, "newer");
    assert_int_equal(ntm_store_init(&t->st, t->db, NTM_JOURNAL_AUTO, NULL, NULL, &err), NTM_EDB);
    assert_null(t->st);
    assert_contains(err.msg, "use a newer ntmplan");
    assert_int_equal(raw_long(t->db, "PRAGMA user_version"), 99);

    /* An empty SQLite file (version 0, no tables) is one for init to fill. */
    char empty[192];
    snprintf(empty, sizeof empty, "%s/other.db", t->dir);
    raw_exec(empty, "PRAGMA user_version = 0");
    assert_int_equal(ntm_store_open(&t->st, empty, &err), NTM_ENOTFOUND);
    assert_contains(err.msg, "not an ntmplan database yet");
    assert_contains(err.msg, "ntmplan init");

    if (v >= 2) { /* an older released schema: the migration message */
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v - 1);
        raw_exec(t->db, sql);
        assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_EDB);
        assert_contains(err.msg, "migrate it with: ntmplan --db");
    }
}

/* init migrates an older file step by step and keeps its data. A version-1 file is made
 * from a current one by dropping what migration 1 -> 2 added (the run tables) and setting
 * user_version = 1; init must bring it back to the current version. */
static void init_migrates_older(void **state)
{
    tmp *t = *state;
    ntm_error err = {0};
    int v = ntm_store_schema_version();
    assert_true(v >= 2);
    init_ok(t);
    seed_units(t->st);
    ntm_store_close(t->st);
    t->st = NULL;
    raw_exec(t->db, "DROP TABLE merger_part; DROP TABLE merger;"
                    " DROP TABLE import_obs_before; DROP TABLE import_unit_before;"
                    " DROP TABLE import_batch;"
                    " DROP TABLE run_year; DROP TABLE run_item; DROP TABLE run;"
                    " DROP TABLE task_update; DROP TABLE dossier_item; DROP TABLE registration;"
                    " DROP TABLE money; DROP TABLE recognition; PRAGMA user_version = 1;");
    assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_EDB); /* must migrate first */
    init_ok(t);
    assert_int_equal(ntm_store_file_version(t->st), v);
    long units = 0;
    counts(t->st, NULL, &units, NULL);
    assert_int_equal(units, 2);
    assert_int_equal(raw_long(t->db, "SELECT count(*) FROM sqlite_master WHERE name = 'run'"), 1);
}

/* Foreign keys are declared and enforced on the store's connection: an indicator whose
 * criterion is not in the set is refused by SQLite itself. */
static void foreign_keys_on(void **state)
{
    tmp *t = *state;
    init_ok(t);
    assert_true(raw_long(t->db, "SELECT count(*) FROM pragma_foreign_key_list('observation')"
                                " WHERE \"table\" = 'unit'") == 1);
    assert_true(raw_long(t->db, "SELECT count(*) FROM pragma_foreign_key_list('indicator')") >= 1);
    cat_fix f;
    cat_fix_init(&f);
    f.ind[0].criterion = S("99"); /* no such criterion */
    ntm_error err = {0};
    int changed = -1;
    assert_int_equal(ntm_store_begin(t->st, &err), NTM_OK);
    assert_int_equal(ntm_store_put_catalog(t->st, &f.cat, "d", &changed, &err), NTM_EDB);
    assert_contains(err.msg, "FOREIGN KEY");
    ntm_store_rollback(t->st);
    long sets = -1;
    counts(t->st, &sets, NULL, NULL);
    assert_int_equal(sets, 0);
}

/* ---- criteria sets ---------------------------------------------------------------------- */

/* put/get round trip: every field comes back, NaN as NaN (stored NULL), NULL as NULL. */
static void catalog_round_trip(void **state)
{
    tmp *t = *state;
    init_ok(t);
    cat_fix f;
    cat_fix_init(&f);
    put_catalog_ok(t->st, &f.cat, "sha-1", 1);
    ntm_catalog got;
    ntm_error err = {0};
    assert_int_equal(ntm_store_get_catalog(t->st, "test-2021", &got, &err), NTM_OK);
    catalogs_equal(&f.cat, &got);
    ntm_catalog_release(&got);
    /* NaN really is NULL in the file. */
    assert_int_equal(raw_long(t->db, "SELECT count(*) FROM threshold WHERE lower IS NULL"), 3);
    assert_int_equal(raw_long(t->db, "SELECT count(*) FROM indicator WHERE prior_ceiling IS NULL"),
                     3);

    char **ids = NULL;
    size_t n = 0;
    put_catalog_ok(t->st, &(ntm_catalog){.id = S("a-first"), .scheme = NTM_SCHEME_NONE}, "x", 1);
    assert_int_equal(ntm_store_list_sets(t->st, &ids, &n, &err), NTM_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], "a-first");
    assert_string_equal(ids[1], "test-2021");
    ntm_store_free_strings(ids, n);

    assert_int_equal(ntm_store_get_catalog(t->st, "no-such-set", &got, &err), NTM_ENOTFOUND);
    assert_contains(err.msg, "no-such-set");
    ntm_catalog_release(&got); /* zeroed on failure: releasing is harmless */
}

/* The same digest again writes nothing (changed 0); a new digest replaces the set and
 * all its children (no stale indicator or threshold survives); no digest always writes. */
static void catalog_digest(void **state)
{
    tmp *t = *state;
    init_ok(t);
    cat_fix f;
    cat_fix_init(&f);
    put_catalog_ok(t->st, &f.cat, "sha-1", 1);
    put_catalog_ok(t->st, &f.cat, "sha-1", 0);
    ntm_unit u = unit_of("Cẩm Thành", "commune", NULL); /* a unit in the set: replacing */
    u.set_id = S("test-2021");                          /* the set must not trip its key */
    put_unit_ok(t->st, &u, "cam thanh", 1);
    f.cat.n_indicators = 1;    /* drop the parts */
    f.thr[0][0].upper = 6.0;   /* tighten BTB */
    f.ind[0].n_thresholds = 1; /* drop MNPB */
    f.cat.version = S("2.0");
    put_catalog_ok(t->st, &f.cat, "sha-2", 1);
    ntm_catalog got;
    ntm_error err = {0};
    assert_int_equal(ntm_store_get_catalog(t->st, "test-2021", &got, &err), NTM_OK);
    catalogs_equal(&f.cat, &got);
    ntm_catalog_release(&got);
    assert_int_equal(raw_long(t->db, "SELECT count(*) FROM threshold"), 1);
    assert_int_equal(raw_long(t->db, "SELECT count(*) FROM indicator"), 1);
    put_catalog_ok(t->st, &f.cat, NULL, 1);
    put_catalog_ok(t->st, &f.cat, NULL, 1);
    long sets = 0, units = 0;
    counts(t->st, &sets, &units, NULL);
    assert_int_equal(sets, 1);
    assert_int_equal(units, 1);
}

/* ---- units ------------------------------------------------------------------------------ */

/* put_unit: insert (1), identical (0), update (2); find_units by match key. */
/* A unit written with keep bits leaves those stored fields alone (a re-import without
 * the column); a loop through stored parents is found; an import recorded with
 * import_begin is undone exactly: the changed unit gets its old values back, the added
 * one goes, and the next undo finds nothing. */
static void unit_keep_cycle_undo(void **state)
{
    tmp *t = *state;
    init_ok(t);
    seed_units(t->st);
    ntm_error err = {0};
    assert_int_equal(ntm_store_begin(t->st, &err), NTM_OK);
    assert_int_equal(ntm_store_import_begin(t->st, "u.csv", "units", &err), NTM_OK);
    ntm_unit c = unit_of("Cẩm Thành", "commune", NULL);
    c.keep = NTM_KEEP_PARENT | NTM_KEEP_CLASS | NTM_KEEP_SET | NTM_KEEP_HOUSEHOLDS | NTM_KEEP_NOTE |
             NTM_KEEP_FLAGS | NTM_KEEP_POPULATION;
    put_unit_ok(t->st, &c, "cam thanh", 0); /* nothing said: nothing changes */
    c.keep &= ~NTM_KEEP_HOUSEHOLDS;
    c.households = 1900;
    put_unit_ok(t->st, &c, "cam thanh", 2);
    ntm_unit x = unit_of("Xã Mới", "commune", "Cẩm Thành");
    put_unit_ok(t->st, &x, "xa moi", 1);
    int cycle = -1;
    assert_int_equal(ntm_store_unit_cycle(t->st, "Xã Mới", &cycle, &err), NTM_OK);
    assert_int_equal(cycle, 0);
    ntm_unit p = unit_of("Thanh Hóa", "province", "Xã Mới"); /* Thanh Hóa > Cẩm Thành > Xã Mới */
    put_unit_ok(t->st, &p, "thanh hoa", 2);
    assert_int_equal(ntm_store_unit_cycle(t->st, "Thanh Hóa", &cycle, &err), NTM_OK);
    assert_int_equal(cycle, 1);
    ntm_store_rollback(t->st);

    assert_int_equal(ntm_store_begin(t->st, &err), NTM_OK);
    assert_int_equal(ntm_store_import_begin(t->st, "u.csv", "units", &err), NTM_OK);
    put_unit_ok(t->st, &c, "cam thanh", 2);
    put_unit_ok(t->st, &x, "xa moi", 1);
    assert_int_equal(ntm_store_import_end(t->st, &err), NTM_OK);
    assert_int_equal(ntm_store_commit(t->st, &err), NTM_OK);
    ntm_unit *u = NULL;
    size_t n = 0;
    assert_int_equal(ntm_store_find_units(t->st, "cam thanh", &u, &n, &err), NTM_OK);
    assert_int_equal(n, 1);
    assert_string_equal(u[0].class_key, "BTB"); /* kept */
    assert_string_equal(u[0].set_id, "test-2021");
    assert_string_equal(u[0].parent, "Thanh Hóa");
    assert_true(u[0].households == 1900);
    ntm_store_free_units(u, n);

    char *file = NULL;
    long units = 0, obs = 0;
    assert_int_equal(ntm_store_begin(t->st, &err), NTM_OK);
    assert_int_equal(ntm_store_import_undo(t->st, &file, &units, &obs, &err), NTM_OK);
    assert_int_equal(ntm_store_commit(t->st, &err), NTM_OK);
    assert_string_equal(file, "u.csv");
    assert_int_equal(units, 2);
    assert_int_equal(obs, 0);
    free(file);
    assert_int_equal(ntm_store_find_units(t->st, "cam thanh", &u, &n, &err), NTM_OK);
    assert_true(u[0].households == 1807);
    ntm_store_free_units(u, n);
    long n_units = 0;
    counts(t->st, NULL, &n_units, NULL);
    assert_int_equal(n_units, 2);
    assert_int_equal(ntm_store_begin(t->st, &err), NTM_OK);
    assert_int_equal(ntm_store_import_undo(t->st, &file, &units, &obs, &err), NTM_ENOTFOUND);
    ntm_store_rollback(t->st);
}

static void unit_insert_identical_update(void **state)
{
    tmp *t = *state;
    init_ok(t);
    seed_units(t->st);
    ntm_unit c = unit_of("Cẩm Thành", "commune", "Thanh Hóa");
    c.set_id = S("test-2021");
    c.class_key = S("BTB");
    c.households = 1807;
    put_unit_ok(t->st, &c, "cam thanh", 0);
    c.flags = S(""); /* empty text is the same as none */
    c.note = S("");
    put_unit_ok(t->st, &c, "cam thanh", 0);
    c.population = 7012;
    put_unit_ok(t->st, &c, "cam thanh", 2);
    c.flags = S("dbkk");
    put_unit_ok(t->st, &c, "cam thanh", 2);
    put_unit_ok(t->st, &c, "cam thanh", 0);

    ntm_unit *u = NULL;
    size_t n = 0;
    ntm_error err = {0};
    assert_int_equal(ntm_store_find_units(t->st, "cam thanh", &u, &n, &err), NTM_OK);
    assert_int_equal(n, 1);
    assert_true(u[0].id > 0);
    assert_string_equal(u[0].name, "Cẩm Thành");
    assert_string_equal(u[0].level, "commune");
    assert_string_equal(u[0].parent, "Thanh Hóa");
    assert_string_equal(u[0].class_key, "BTB");
    assert_string_equal(u[0].flags, "dbkk");
    assert_string_equal(u[0].set_id, "test-2021");
    assert_float_equal(u[0].households, 1807, 0);
    assert_float_equal(u[0].population, 7012, 0);
    assert_null(u[0].note);
    ntm_store_free_units(u, n);

    assert_int_equal(ntm_store_find_units(t->st, NULL, &u, &n, &err), NTM_OK);
    assert_int_equal(n, 2);
    assert_string_equal(u[0].name, "Cẩm Thành"); /* by name */
    assert_string_equal(u[1].name, "Thanh Hóa");
    assert_null(u[1].parent);
    assert_true(isnan(u[1].households));
    ntm_store_free_units(u, n);

    assert_int_equal(ntm_store_find_units(t->st, "cam thuy", &u, &n, &err), NTM_OK);
    assert_int_equal(n, 0);
    ntm_store_free_units(u, n);
    long units = 0;
    counts(t->st, NULL, &units, NULL);
    assert_int_equal(units, 2);
}

/* A unit whose parent or criteria set is not stored is refused, and nothing is written. */
static void unit_unknown_parent_or_set(void **state)
{
    tmp *t = *state;
    init_ok(t);
    seed_units(t->st);
    ntm_error err = {0};
    int changed = -1;
    ntm_unit u = unit_of("Cẩm Tú", "commune", "Cẩm Thủy");
    assert_int_equal(ntm_store_put_unit(t->st, &u, "cam tu", &changed, &err), NTM_ENOTFOUND);
    assert_int_equal(changed, 0);
    assert_contains(err.msg, "parent unit 'Cẩm Thủy'");
    u.parent = S("Thanh Hóa");
    u.set_id = S("qd-none");
    assert_int_equal(ntm_store_put_unit(t->st, &u, "cam tu", &changed, &err), NTM_ENOTFOUND);
    assert_contains(err.msg, "criteria set 'qd-none'");
    long units = 0;
    counts(t->st, NULL, &units, NULL);
    assert_int_equal(units, 2);
}

/* ---- observations ----------------------------------------------------------------------- */

/* put_observation: insert (1), identical (0), update (2), a different source is another
 * row; unknown unit refused; read back in order with NaN and NULL kept. */
static void observation_insert_identical_update(void **state)
{
    tmp *t = *state;
    init_ok(t);
    seed_units(t->st);
    double t22 = 2022 + 364.5 / 365;
    ntm_observation o = obs_of("Cẩm Thành", "11", "11.1a", "2022-12-31", t22, 3.97);
    o.numerator = 71;
    o.denominator = 1784;
    o.source = S("Báo cáo 3/2023");
    o.file = S("obs.csv");
    o.line = 3;
    put_obs_ok(t->st, &o, 1);
    put_obs_ok(t->st, &o, 0);
    o.line = 9; /* where it was read is not part of the figure */
    put_obs_ok(t->st, &o, 0);
    o.value = 3.98;
    put_obs_ok(t->st, &o, 2);
    o.status = NTM_ASSESS_UNMET;
    put_obs_ok(t->st, &o, 2);
    o.source = S("Kiểm tra của huyện");
    put_obs_ok(t->st, &o, 1);

    ntm_observation c = obs_of("Cẩm Thành", "17", NULL, "2023-07-31", 2023.58, NAN);
    c.status = NTM_ASSESS_MET;
    put_obs_ok(t->st, &c, 1);
    put_obs_ok(t->st, &c, 0);
    ntm_observation s = obs_of("Cẩm Thành", "11", "11.1", "2021-12-31", 2021.99, 10.04);
    put_obs_ok(t->st, &s, 1);

    ntm_error err = {0};
    int changed = -1;
    ntm_observation bad = obs_of("Cẩm Tú", "11", "11.1", "2022-12-31", t22, 8);
    assert_int_equal(ntm_store_put_observation(t->st, &bad, &changed, &err), NTM_ENOTFOUND);
    assert_int_equal(changed, 0);
    assert_contains(err.msg, "unit 'Cẩm Tú'");

    ntm_observation *got = NULL;
    size_t n = 0;
    assert_int_equal(ntm_store_get_observations(t->st, "Cẩm Thành", &got, &n, &err), NTM_OK);
    assert_int_equal(n, 4);
    /* Order: criterion, indicator, t: 11/11.1, 11/11.1a (two sources), 17/-. */
    assert_string_equal(got[0].indicator, "11.1");
    assert_float_equal(got[0].value, 10.04, 0);
    assert_true(isnan(got[0].numerator));
    assert_string_equal(got[1].indicator, "11.1a");
    assert_string_equal(got[1].unit, "Cẩm Thành");
    assert_string_equal(got[1].criterion, "11");
    assert_string_equal(got[1].date, "2022-12-31");
    assert_float_equal(got[1].t, t22, 0);
    assert_float_equal(got[1].value, 3.98, 0);
    assert_float_equal(got[1].numerator, 71, 0);
    assert_float_equal(got[1].denominator, 1784, 0);
    assert_int_equal(got[1].status, NTM_ASSESS_UNMET);
    assert_string_equal(got[1].source, "Báo cáo 3/2023");
    assert_string_equal(got[1].file, "obs.csv");
    assert_int_equal(got[1].line, 9); /* an update records where the new figure came from */
    assert_string_equal(got[2].source, "Kiểm tra của huyện");
    assert_null(got[3].indicator); /* criterion-level */
    assert_string_equal(got[3].criterion, "17");
    assert_true(isnan(got[3].value));
    assert_int_equal(got[3].status, NTM_ASSESS_MET);
    /* No source is stored as '' (part of the key) and read back empty. */
    assert_true(got[3].source == NULL || got[3].source[0] == '\0');
    assert_null(got[3].note);
    ntm_store_free_observations(got, n);

    assert_int_equal(ntm_store_get_observations(t->st, "Cẩm Tú", &got, &n, &err), NTM_OK);
    assert_int_equal(n, 0);
    ntm_store_free_observations(got, n);
    long obs = 0;
    counts(t->st, NULL, NULL, &obs);
    assert_int_equal(obs, 4);
}

/* ---- transactions ------------------------------------------------------------------------ */

/* A rollback after puts leaves every count as it was; a commit keeps them across a
 * close and reopen; a second begin inside a transaction is an error. */
static void rollback_and_commit(void **state)
{
    tmp *t = *state;
    init_ok(t);
    seed_units(t->st);
    long s0, u0, o0, s1, u1, o1;
    counts(t->st, &s0, &u0, &o0);
    assert_int_equal(s0, 1);
    assert_int_equal(u0, 2);
    assert_int_equal(o0, 0);

    ntm_error err = {0};
    assert_int_equal(ntm_store_begin(t->st, &err), NTM_OK);
    assert_int_equal(ntm_store_begin(t->st, &err), NTM_EDB); /* no nesting */
    ntm_unit v = unit_of("Thôn 1", "village", "Cẩm Thành");
    put_unit_ok(t->st, &v, "thon 1", 1);
    ntm_observation o = obs_of("Thôn 1", "11", "11.1", "2023", 2023.9986, 5);
    put_obs_ok(t->st, &o, 1);
    cat_fix f;
    cat_fix_init(&f);
    f.cat.id = S("second-set");
    put_catalog_ok(t->st, &f.cat, "d", 1);
    counts(t->st, &s1, &u1, &o1);
    assert_int_equal(u1, 3); /* visible inside the transaction */
    ntm_store_rollback(t->st);
    counts(t->st, &s1, &u1, &o1);
    assert_int_equal(s1, s0);
    assert_int_equal(u1, u0);
    assert_int_equal(o1, o0);
    ntm_store_rollback(t->st); /* outside a transaction: nothing to do */

    assert_int_equal(ntm_store_begin(t->st, &err), NTM_OK);
    put_unit_ok(t->st, &v, "thon 1", 1);
    put_obs_ok(t->st, &o, 1);
    assert_int_equal(ntm_store_commit(t->st, &err), NTM_OK);
    assert_int_equal(ntm_store_commit(t->st, &err), NTM_EDB); /* nothing to commit */
    ntm_store_close(t->st);
    t->st = NULL;
    assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_OK);
    counts(t->st, &s1, &u1, &o1);
    assert_int_equal(u1, 3);
    assert_int_equal(o1, 1);
}

/* ---- hostile text ------------------------------------------------------------------------ */

/* Quotes, SQL, Vietnamese and 10 KB strings are data: they round-trip unchanged and the
 * schema is untouched. */
static void hostile_text(void **state)
{
    tmp *t = *state;
    init_ok(t);
    static const char tables_sql[] = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
    long tables = raw_long(t->db, tables_sql);
    enum { BIG = 10 * 1024 };
    char *big = malloc(BIG + 1);
    assert_non_null(big);
    static const char piece[] = "Tiêu chí ' \" ; -- ";
    size_t np = strlen(piece), k = 0;
    while (k + np <= BIG) {
        memcpy(big + k, piece, np);
        k += np;
    }
    memset(big + k, 'x', BIG - k);
    big[BIG] = '\0';

    static const char *const names[] = {"O'Brien \"the quoted\"", "'; DROP TABLE unit; --",
                                        "Xã Cẩm Thành — Thanh Hóa", "Robert'); DELETE FROM unit;"};
    for (size_t i = 0; i < 4; i++) {
        ntm_unit u = unit_of(names[i], "commune", NULL);
        u.note = big;
        u.flags = S("'%s%n'");
        put_unit_ok(t->st, &u, names[i], 1);
        put_unit_ok(t->st, &u, names[i], 0);
    }
    ntm_unit long_name = unit_of(big, "commune", NULL);
    put_unit_ok(t->st, &long_name, big, 1);

    ntm_unit *u = NULL;
    size_t n = 0;
    ntm_error err = {0};
    assert_int_equal(ntm_store_find_units(t->st, NULL, &u, &n, &err), NTM_OK);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < 4; i++) {
        ntm_unit *one = NULL;
        size_t m = 0;
        assert_int_equal(ntm_store_find_units(t->st, names[i], &one, &m, &err), NTM_OK);
        assert_int_equal(m, 1);
        assert_string_equal(one[0].name, names[i]);
        assert_string_equal(one[0].note, big);
        assert_string_equal(one[0].flags, "'%s%n'");
        ntm_store_free_units(one, m);
    }
    ntm_store_free_units(u, n);
    assert_int_equal(ntm_store_find_units(t->st, big, &u, &n, &err), NTM_OK);
    assert_int_equal(n, 1);
    assert_string_equal(u[0].name, big);
    ntm_store_free_units(u, n);

    ntm_observation o = obs_of(names[1], "11", "11.1'--", "2023-12-31", 2023.99, 1);
    o.note = big;
    o.source = S("nguồn \"báo cáo\"; DROP TABLE observation");
    put_obs_ok(t->st, &o, 1);
    put_obs_ok(t->st, &o, 0);
    ntm_observation *got = NULL;
    assert_int_equal(ntm_store_get_observations(t->st, names[1], &got, &n, &err), NTM_OK);
    assert_int_equal(n, 1);
    assert_string_equal(got[0].indicator, "11.1'--");
    assert_string_equal(got[0].note, big);
    assert_string_equal(got[0].source, o.source);
    ntm_store_free_observations(got, n);

    cat_fix f;
    cat_fix_init(&f);
    f.cat.id = S("x'); DROP TABLE criteria_set; --");
    f.cat.name_vi = big;
    f.ind[0].note = big;
    put_catalog_ok(t->st, &f.cat, big, 1);
    put_catalog_ok(t->st, &f.cat, big, 0);
    ntm_catalog cat;
    assert_int_equal(ntm_store_get_catalog(t->st, f.cat.id, &cat, &err), NTM_OK);
    catalogs_equal(&f.cat, &cat);
    ntm_catalog_release(&cat);

    assert_int_equal(raw_long(t->db, tables_sql), tables);
    assert_int_equal(raw_long(t->db, "SELECT count(*) FROM unit"), 5);
    free(big);
}

/* --db naming a folder: said so, by open and by init. */
static void path_is_directory(void **state)
{
    tmp *t = *state;
    ntm_error err = {0};
    assert_int_equal(ntm_store_open(&t->st, t->dir, &err), NTM_EIO);
    assert_null(t->st);
    assert_contains(err.msg, "is a directory, not a database file");
    assert_int_equal(ntm_store_init(&t->st, t->dir, NTM_JOURNAL_AUTO, NULL, NULL, &err), NTM_EIO);
    assert_null(t->st);
    assert_contains(err.msg, "is a directory");
}

/* A database another connection holds locked (rollback journal, BEGIN EXCLUSIVE): after
 * the store's 5 s busy timeout the message is SQLite's "database is locked" with code 5
 * (SQLITE_BUSY), not "not an SQLite database". */
static void locked_database(void **state)
{
    tmp *t = *state;
    ntm_error err = {0};
    assert_int_equal(ntm_store_init(&t->st, t->db, NTM_JOURNAL_ROLLBACK, NULL, NULL, &err), NTM_OK);
    ntm_store_close(t->st);
    t->st = NULL;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    ntm_store_set_wait(0.3); /* the waiting itself: tests/fault/two_writers.sh */
    ntm_status rc = ntm_store_open(&t->st, t->db, &err);
    ntm_store_set_wait(-1);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(rc, NTM_EDB);
    assert_null(t->st);
    assert_contains(err.msg, "in use by another program");
    assert_contains(err.msg, "(SQLite error 5)");
}

/* The checks of read_only_folder, run as a user who cannot write DIR: 0 when all hold,
 * else the number of the first that failed. */
static int read_only_checks(const char *db)
{
    ntm_error err = {0};
    ntm_store *st = NULL;
    if (ntm_store_open(&st, db, &err) != NTM_OK)
        return 1;
    long sets = -1, units = -1;
    if (ntm_store_counts(st, &sets, &units, NULL, &err) != NTM_OK || units != 2)
        return 2;
    int bad = 0;
    if (ntm_store_begin(st, &err) != NTM_EDB)
        bad = 3;
    else if (!strstr(err.msg, "it can only be read"))
        bad = 4;
    ntm_store_close(st);
    /* init writes: it must fail with SQLite's reason, not "not an SQLite database". */
    if (!bad && ntm_store_init(&st, db, NTM_JOURNAL_AUTO, NULL, NULL, &err) == NTM_OK)
        bad = 5;
    if (!bad && (strstr(err.msg, "not an SQLite database") || !strstr(err.msg, "SQLite error")))
        bad = 6;
    ntm_store_close(st);
    return bad;
}

/* A WAL database in a folder the user cannot write (its -shm cannot be created) and a
 * file the user cannot write: read-only commands still work (the store reopens it
 * read-only), a write is refused saying why. Root writes everywhere, so as root the
 * checks run in a child process with the uid and gid of "nobody" (65534). */
static void read_only_folder(void **state)
{
    tmp *t = *state;
    init_ok(t);
    seed_units(t->st);
    ntm_store_close(t->st);
    t->st = NULL;
    remove_in(t, "t.db-wal"); /* closed cleanly: no -wal or -shm left to read through */
    remove_in(t, "t.db-shm");
    assert_int_equal(chmod(t->db, 0444), 0);
    assert_int_equal(chmod(t->dir, 0555), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(100);
        _exit(read_only_checks(t->db));
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    chmod(t->dir, 0700);
    chmod(t->db, 0644);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- reads that fail -------------------------------------------------------------------- */

/* Replaces TABLE in PATH by a view of its rows whose reading fails while stepping (abs() of
 * the smallest integer is SQLite's "integer overflow" error); restore_table undoes it. */
static void break_table(const char *path, const char *table)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "ALTER TABLE %s RENAME TO %s_ok; CREATE VIEW %s AS SELECT * FROM %s_ok"
             " WHERE abs(-9223372036854775807 - 1) > 0",
             table, table, table, table);
    raw_exec(path, sql);
}

static void restore_table(const char *path, const char *table)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DROP VIEW %s; ALTER TABLE %s_ok RENAME TO %s", table, table, table);
    raw_exec(path, sql);
}

/* A stored run of one item over 2023-2024 (the rows get_run reads back). */
static void put_small_run(ntm_store *st)
{
    double p_met[2] = {0.25, 0.5}, se[2] = {0.01, 0.01}, first[3] = {0.25, 0.25, 0.5};
    ntm_run_item it = {.level = NTM_RUN_INDICATOR,
                       .unit = S("Cẩm Thành"),
                       .code = S("11.1"),
                       .target_year = 2024,
                       .n_years = 2,
                       .p_met = p_met,
                       .p_met_se = se,
                       .first_met = first};
    ntm_run rn = {.meta = {.scenario = S("plan"),
                           .seed = 1,
                           .draws = 10,
                           .threads = 1,
                           .start_year = 2023,
                           .horizon = 2024,
                           .deadline = 2024,
                           .version = S("t"),
                           .created = S("2023-07-31T00:00:00Z")},
                  .items = &it,
                  .n_items = 1};
    ntm_error err = {0};
    if (ntm_store_put_run(st, &rn, &err) != NTM_OK)
        fail_msg("put_run failed: %s", err.msg);
}

/* What each read returns on the database of read_errors_reported: NTM_OK only when it
 * read what was stored (2 sets, the catalog's 2 classes, 2 criteria, 3 indicators, 2
 * units, 1 observation, the run's item and years). */
static ntm_status read_everything(ntm_store *st, const char *table, ntm_error *err)
{
    ntm_status rc;
    char **ids = NULL;
    size_t n = 0;
    if ((rc = ntm_store_list_sets(st, &ids, &n, err)) != NTM_OK)
        return rc;
    ntm_store_free_strings(ids, n);
    if (n != 2)
        fail_msg("%s: list_sets read %zu sets without an error", table, n);
    ntm_catalog cat;
    if ((rc = ntm_store_get_catalog(st, "test-2021", &cat, err)) != NTM_OK)
        return rc;
    size_t nc = cat.n_classes, ncr = cat.n_criteria, ni = cat.n_indicators;
    size_t nt = ni ? cat.indicators[0].n_thresholds : 0;
    ntm_catalog_release(&cat);
    if (nc != 2 || ncr != 2 || ni != 3 || nt != 2)
        fail_msg("%s: get_catalog read %zu classes, %zu criteria, %zu indicators, %zu thresholds"
                 " without an error",
                 table, nc, ncr, ni, nt);
    ntm_unit *units = NULL;
    if ((rc = ntm_store_find_units(st, NULL, &units, &n, err)) != NTM_OK)
        return rc;
    ntm_store_free_units(units, n);
    if (n != 2)
        fail_msg("%s: find_units read %zu units without an error", table, n);
    ntm_observation *obs = NULL;
    if ((rc = ntm_store_get_observations(st, "Cẩm Thành", &obs, &n, err)) != NTM_OK)
        return rc;
    ntm_store_free_observations(obs, n);
    if (n != 1)
        fail_msg("%s: get_observations read %zu rows without an error", table, n);
    long sets = 0, nu = 0, no = 0;
    if ((rc = ntm_store_counts(st, &sets, &nu, &no, err)) != NTM_OK)
        return rc;
    ntm_run rn;
    if ((rc = ntm_store_get_run(st, 0, &rn, err)) != NTM_OK)
        return rc;
    int run_ok = rn.n_items == 1 && rn.items[0].p_met[1] == 0.5;
    ntm_run_release(&rn);
    if (!run_ok)
        fail_msg("%s: get_run read an incomplete run without an error", table);
    return NTM_OK;
}

/* Every read of the store distinguishes "no more rows" from a failed step: with any one of
 * its tables unreadable, the reads report SQLite's error (NTM_EDB, the file and the
 * reason) instead of coming back with fewer rows, or "not found". */
static void read_errors_reported(void **state)
{
    tmp *t = *state;
    init_ok(t);
    seed_units(t->st);
    put_catalog_ok(t->st, &(ntm_catalog){.id = S("a-first"), .scheme = NTM_SCHEME_NONE}, "x", 1);
    ntm_observation o = obs_of("Cẩm Thành", "11", "11.1", "2022", 2022.99, 14.5);
    put_obs_ok(t->st, &o, 1);
    put_small_run(t->st);
    ntm_store_close(t->st);
    t->st = NULL;
    ntm_error err = {0};
    assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_OK);
    assert_int_equal(read_everything(t->st, "(none)", &err), NTM_OK);
    ntm_store_close(t->st);
    t->st = NULL;
    static const char *const tables[] = {"criteria_set", "set_class", "criterion",   "indicator",
                                         "threshold",    "unit",      "observation", "run",
                                         "run_item",     "run_year"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        break_table(t->db, tables[i]);
        assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_OK);
        ntm_error_clear(&err);
        ntm_status rc = read_everything(t->st, tables[i], &err);
        ntm_store_close(t->st);
        t->st = NULL;
        if (rc != NTM_EDB)
            fail_msg("%s unreadable: status %d (%s), not NTM_EDB", tables[i], (int)rc, err.msg);
        assert_contains(err.msg, t->db);
        assert_contains(err.msg, "integer overflow");
        restore_table(t->db, tables[i]);
    }
}

/* A database file with a damaged page in the middle of the observation table: reading the
 * unit's observations fails with SQLite's "malformed" error; it used to return the rows
 * before the damage as if they were all. */
static void corrupt_page_reported(void **state)
{
    tmp *t = *state;
    init_ok(t);
    seed_units(t->st);
    ntm_error err = {0};
    assert_int_equal(ntm_store_begin(t->st, &err), NTM_OK);
    char note[301];
    memset(note, 'x', 300);
    note[300] = '\0';
    for (int i = 0; i < 200; i++) {
        char date[16];
        snprintf(date, sizeof date, "%d", 1800 + i);
        ntm_observation o = obs_of("Cẩm Thành", "11", "11.1", date, 1800.99 + i, i);
        o.note = note; /* 200 rows of 300 bytes: many pages */
        put_obs_ok(t->st, &o, 1);
    }
    assert_int_equal(ntm_store_commit(t->st, &err), NTM_OK);
    ntm_store_close(t->st); /* checkpoints the WAL into the file */
    t->st = NULL;
    long page = raw_long(t->db, "SELECT pageno FROM dbstat WHERE name = 'observation' AND"
                                " pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 3");
    long size = raw_long(t->db, "PRAGMA page_size");
    assert_true(page > 1 && size >= 512);
    FILE *f = fopen(t->db, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, (page - 1) * size, SEEK_SET), 0);
    for (long k = 0; k < size; k++)
        fputc(0xff, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(ntm_store_open(&t->st, t->db, &err), NTM_OK);
    ntm_observation *obs = NULL;
    size_t n = 0;
    ntm_status rc = ntm_store_get_observations(t->st, "Cẩm Thành", &obs, &n, &err);
    ntm_store_free_observations(obs, n);
    if (rc != NTM_EDB)
        fail_msg("damaged page: status %d with %zu of 200 rows, not NTM_EDB", (int)rc, n);
    assert_true(strstr(err.msg, "malformed") ||
                strstr(err.msg, "damaged")); /* SQLite's, or its translation */
}

/* Freeing NULL is fine everywhere. */
static void free_null(void **state)
{
    (void)state;
    ntm_store_close(NULL);
    ntm_store_free_strings(NULL, 0);
    ntm_store_free_units(NULL, 0);
    ntm_store_free_observations(NULL, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(init_creates_schema),
        T(init_rollback_journal),
        T(open_missing_file),
        T(open_foreign_files),
        T(schema_version_mismatch),
        T(init_migrates_older),
        T(foreign_keys_on),
        T(catalog_round_trip),
        T(catalog_digest),
        T(unit_insert_identical_update),
        T(unit_keep_cycle_undo),
        T(unit_unknown_parent_or_set),
        T(observation_insert_identical_update),
        T(rollback_and_commit),
        T(hostile_text),
        T(path_is_directory),
        T(locked_database),
        T(read_only_folder),
        T(read_errors_reported),
        T(corrupt_page_reported),
        T(free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
