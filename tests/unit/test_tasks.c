/* test_tasks.c: the follow-up readers (io/tasks.h, io/follow_records.h) on the small files
 * of tests/data/follow (see its README), and their tables (store/store_follow.h): what is
 * read is stored and read back, a repeated import changes nothing, a new figure updates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "io/follow_records.h"
#include "io/tasks.h"
#include "store/store_follow.h"

static void data_path(char *buf, size_t size, const char *name)
{
    const char *me = __FILE__;
    const char *slash = strrchr(me, '/');
    size_t dir = slash ? (size_t)(slash - me) + 1 : 0;
    snprintf(buf, size, "%.*s../data/follow/%s", (int)dir, me, name);
}

static void read_tasks(ntm_task_file *f)
{
    char path[4096];
    data_path(path, sizeof path, "tasks_en.csv");
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_error err = {0};
    if (ntm_tasks_read(path, NTM_NUM_AUTO, f, &d, &err) != NTM_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(d.n, 0);
    ntm_diag_list_release(&d);
}

/* 1,8 km left; progress 3/7 = 42,857%, so "doing"; resources 1,5 tỷ; due 30/10/2022 means
 * its last minute (23:59), 10:00 30/10/2022 is kept to the minute. */
static void task_fields(void **state)
{
    (void)state;
    ntm_task_file f;
    read_tasks(&f);
    assert_int_equal(f.n, 3);
    assert_int_equal(f.numstyle, NTM_NUM_EN);
    const ntm_task *t = &f.tasks[0];
    assert_string_equal(t->criterion, "2");
    assert_string_equal(t->indicator, "2.3");
    assert_float_equal(t->volume, 1.8, 1e-12);
    assert_string_equal(t->volume_unit, "km");
    assert_float_equal(t->progress, 100.0 * 3 / 7, 1e-12);
    assert_float_equal(t->done, 3, 0);
    assert_float_equal(t->total, 7, 0);
    assert_int_equal(t->state, NTM_TASK_DOING);
    assert_float_equal(t->money, 1.5e9, 0);
    ntm_moment m;
    ntm_moment_parse("23:59 30/10/2022", NTM_MOMENT_START, &m, NULL);
    assert_int_equal(t->due.minutes, m.minutes);
    assert_int_equal(t->due.has_time, 0);
    ntm_moment_parse("10:00 30/10/2022", NTM_MOMENT_START, &m, NULL);
    assert_int_equal(f.tasks[1].due.minutes, m.minutes);
    assert_int_equal(f.tasks[1].due.has_time, 1);
    assert_null(f.tasks[1].indicator);
    assert_int_equal(f.tasks[1].state, NTM_TASK_DONE);
    char buf[40];
    assert_string_equal(ntm_when_text(&f.tasks[1].due, 0, buf, sizeof buf), "10h00 30/10/2022");
    ntm_task_file_release(&f);
}

static void states_and_kinds(void **state)
{
    (void)state;
    ntm_task_state s;
    assert_int_equal(ntm_task_state_parse("Đang làm", &s), 0);
    assert_int_equal(s, NTM_TASK_DOING);
    assert_int_equal(ntm_task_state_parse("tam dung", &s), 0);
    assert_int_equal(s, NTM_TASK_PAUSED);
    assert_int_equal(ntm_task_state_parse("chờ", &s), -1);
    assert_int_equal(ntm_present_parse("Thiếu"), 0);
    assert_int_equal(ntm_present_parse("có"), 1);
    assert_int_equal(ntm_present_parse("?"), -1);
    ntm_doc_kind k;
    assert_int_equal(ntm_doc_kind_parse("Biểu mẫu", &k), 0);
    assert_int_equal(k, NTM_DOC_FORM);
    assert_int_equal(ntm_doc_kind_parse("quyết định", &k), 0);
    assert_int_equal(k, NTM_DOC_DECISION);
    assert_int_equal(ntm_doc_kind_parse("tờ trình", &k), -1);
}

/* The database: a unit, the tasks and the money stored, read back in order; the same rows
 * again change nothing; a new progress figure is an update. */
static void stored_and_read_back(void **state)
{
    (void)state;
    char dir[] = "/tmp/ntm-test-tasks-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[256];
    snprintf(db, sizeof db, "%s/t.db", dir);
    ntm_error err = {0};
    ntm_store *st;
    assert_int_equal(ntm_store_init(&st, db, NTM_JOURNAL_ROLLBACK, NULL, NULL, &err), NTM_OK);
    ntm_unit u = {.name = (char *)"Long Tiến",
                  .level = (char *)"village",
                  .households = NAN,
                  .population = NAN};
    int changed;
    assert_int_equal(ntm_store_put_unit(st, &u, "long tien", &changed, &err), NTM_OK);
    ntm_task_file f;
    read_tasks(&f);
    for (size_t i = 0; i < f.n; i++) {
        assert_int_equal(ntm_store_put_task(st, &f.tasks[i], &changed, &err), NTM_OK);
        assert_int_equal(changed, 1);
    }
    assert_int_equal(ntm_store_put_task(st, &f.tasks[0], &changed, &err), NTM_OK);
    assert_int_equal(changed, 0);
    f.tasks[0].progress = 50;
    assert_int_equal(ntm_store_put_task(st, &f.tasks[0], &changed, &err), NTM_OK);
    assert_int_equal(changed, 2);
    ntm_task *t;
    size_t n;
    assert_int_equal(ntm_store_get_tasks(st, "Long Tiến", &t, &n, &err), NTM_OK);
    assert_int_equal(n, 3);
    assert_float_equal(t[0].progress, 50, 0);
    assert_string_equal(t[0].volume_unit, "km");
    assert_int_equal(t[1].state, NTM_TASK_DOING); /* 01/09 before 29/10 */
    assert_int_equal(t[2].state, NTM_TASK_DONE);
    assert_int_equal(t[2].due.has_time, 1);
    ntm_store_free_tasks(t, n);
    ntm_task_file_release(&f);

    char path[4096];
    data_path(path, sizeof path, "money_en.csv");
    ntm_follow_file mf;
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    assert_int_equal(ntm_follow_probe(path), NTM_FOLLOW_MONEY);
    assert_int_equal(ntm_follow_read(path, NTM_FOLLOW_MONEY, NTM_NUM_AUTO, &mf, &d, &err), NTM_OK);
    assert_int_equal(mf.n, 3);
    assert_int_equal(mf.money[0].kind, NTM_MONEY_ALLOCATION);
    assert_float_equal(mf.money[0].amount, 2e8, 0);
    for (size_t i = 0; i < mf.n; i++)
        assert_int_equal(ntm_store_put_money(st, &mf.money[i], &changed, &err), NTM_OK);
    long nt, nm;
    assert_int_equal(ntm_store_follow_counts(st, &nt, NULL, NULL, &nm, &err), NTM_OK);
    assert_int_equal(nt, 3);
    assert_int_equal(nm, 3);
    ntm_money *m;
    assert_int_equal(ntm_store_get_money(st, "Long Tiến", &m, &n, &err), NTM_OK);
    assert_int_equal(n, 3);
    assert_int_equal(m[1].key.source, NTM_SRC_COMMUNE);
    assert_int_equal(m[1].key.capital, NTM_CAP_RECURRENT);
    assert_string_equal(m[1].ref, "V1");
    ntm_store_free_money(m, n);
    ntm_follow_file_release(&mf);
    ntm_diag_list_release(&d);
    ntm_store_close(st);
    unlink(db);
    rmdir(dir);
}

/* A database of schema version 2 (before the follow-up tables) is refused by open and
 * migrated by init, keeping its units. */
static void migrates_from_version_2(void **state)
{
    (void)state;
    char dir[] = "/tmp/ntm-test-tasks-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[256];
    snprintf(db, sizeof db, "%s/t.db", dir);
    ntm_error err = {0};
    ntm_store *st;
    assert_int_equal(ntm_store_init(&st, db, NTM_JOURNAL_ROLLBACK, NULL, NULL, &err), NTM_OK);
    ntm_unit u = {.name = (char *)"Long Tiến",
                  .level = (char *)"village",
                  .households = NAN,
                  .population = NAN};
    int changed;
    assert_int_equal(ntm_store_put_unit(st, &u, "long tien", &changed, &err), NTM_OK);
    ntm_store_close(st);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(raw,
                     "DROP TABLE task_update; DROP TABLE dossier_item;"
                     " DROP TABLE registration; DROP TABLE money;"
                     " DROP TABLE merger_part; DROP TABLE merger; DROP TABLE recognition;"
                     " DROP TABLE import_obs_before; DROP TABLE import_unit_before;"
                     " DROP TABLE import_batch;"
                     " PRAGMA user_version = 2;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(raw);
    assert_int_equal(ntm_store_open(&st, db, &err), NTM_EDB);
    assert_int_equal(ntm_store_init(&st, db, NTM_JOURNAL_ROLLBACK, NULL, NULL, &err), NTM_OK);
    assert_int_equal(ntm_store_file_version(st), ntm_store_schema_version());
    long nt = -1;
    assert_int_equal(ntm_store_follow_counts(st, &nt, NULL, NULL, NULL, &err), NTM_OK);
    assert_int_equal(nt, 0);
    ntm_unit *us;
    size_t n;
    assert_int_equal(ntm_store_find_units(st, NULL, &us, &n, &err), NTM_OK);
    assert_int_equal(n, 1);
    ntm_store_free_units(us, n);
    ntm_store_close(st);
    unlink(db);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(task_fields),
        cmocka_unit_test(states_and_kinds),
        cmocka_unit_test(stored_and_read_back),
        cmocka_unit_test(migrates_from_version_2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
