/* test_plan_evaluate.c: a scenario made ready to simulate (plan/evaluate.h), from a
 * criteria set, a commune and its observations stored in a temporary database and a
 * scenario file written here. Known values, worked out in the comments: each project's
 * share of its keys' unallocated money (its room), an effort's start date, and an
 * observation dated after today left out with a warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/calendar.h"
#include "io/catalog_ini.h"
#include "plan/evaluate.h"

#define S(x) ((char *)(x))

static const char CATALOG[] = "[set]\nid = t\nversion = 1\nname_vi = Bộ thử\nlevel = commune\n"
                              "scheme = region7\neffective = 2022-03-08\nsource = test\n\n"
                              "[class BTB]\nname_vi = Bắc Trung Bộ\n\n"
                              "[criterion 6]\nname_vi = Văn hóa\n\n"
                              "[criterion 12]\nname_vi = Lao động\n\n"
                              "[indicator 6.2]\ncriterion = 6\nname_vi = Bể bơi\nkind = binary\n"
                              "direction = yes\n\n"
                              "[indicator 6.3]\ncriterion = 6\nname_vi = Nhà văn hóa\n"
                              "kind = binary\ndirection = yes\n\n"
                              "[indicator 12.2]\ncriterion = 12\nname_vi = Hồ sơ\n"
                              "kind = binary\ndirection = yes\n";

/* Two projects on the district's investment money: 500 + 300 triệu allocated in 2024 out
 * of a 900 triệu envelope (100 triệu left), 400 triệu in 2025 with nothing allocated:
 * each project's room is half of it, 50 triệu in 2024 and 200 triệu in 2025. An effort on
 * 12.2 (no money, no room). */
static const char SCENARIO[] =
    "[scenario]\nname = thử\nunits = Xã Thử\nstart_year = 2023\nhorizon = 2025\n"
    "deadline = 2025\ndraws = 50\nseed = 1\ncarry_over = no\n\n"
    "[envelope]\n2024 district investment ntm = 900 triệu\n"
    "2025 district investment ntm = 400 triệu\n\n"
    "[intervention Bể bơi]\ntype = project\nindicator = 6.2\ncost = 500 triệu\n"
    "contingency = 0,1\nduration = 0\nfund.district.investment.ntm = 1\n"
    "alloc.2024.district.investment.ntm = 500 triệu\n\n"
    "[intervention Nhà văn hóa]\ntype = project\nindicator = 6.3\ncost = 300 triệu\n"
    "contingency = 0\nduration = 0\nfund.district.investment.ntm = 1\n"
    "alloc.2024.district.investment.ntm = 300 triệu\n\n"
    "[intervention Hồ sơ]\ntype = effort\nindicator = 12.2\ndone = 417\ntotal = 910\n"
    "rate = 300\nrate_sd = 0\n";

typedef struct fixture {
    char dir[64], db[96], scn[96], cat[96];
    ntm_cli cli;
    ntm_store *st;
} fixture;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void put_obs(ntm_store *st, const char *crit, const char *ind, const char *date, double t,
                    ntm_assess status)
{
    ntm_observation o;
    memset(&o, 0, sizeof o);
    o.unit = S("Xã Thử");
    o.criterion = S(crit);
    o.indicator = S(ind);
    o.date = S(date);
    o.t = t;
    o.value = o.numerator = o.denominator = NAN;
    o.status = status;
    o.source = S("test");
    ntm_error err = {0};
    int changed;
    if (ntm_store_put_observation(st, &o, &changed, &err) != NTM_OK)
        fail_msg("observation: %s", err.msg);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ntm-eval-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
    snprintf(f->scn, sizeof f->scn, "%s/s.ini", f->dir);
    snprintf(f->cat, sizeof f->cat, "%s/c.ini", f->dir);
    write_file(f->cat, CATALOG);
    write_file(f->scn, SCENARIO);
    f->cli.prog = "ntmplan";
    f->cli.lang = NTM_LANG_EN;
    f->cli.today = "2023-11-14";
    f->cli.models_dir = getenv("NTMPLAN_MODELS") ? getenv("NTMPLAN_MODELS") : "models";
    ntm_error err = {0};
    if (ntm_store_init(&f->st, f->db, NTM_JOURNAL_ROLLBACK, NULL, NULL, &err) != NTM_OK)
        fail_msg("init: %s", err.msg);
    ntm_catalog cat;
    ntm_diag_list d = {0};
    assert_int_equal(ntm_catalog_read(f->cat, &cat, &d), NTM_OK);
    ntm_diag_list_release(&d);
    int changed;
    assert_int_equal(ntm_store_put_catalog(f->st, &cat, "0", &changed, &err), NTM_OK);
    ntm_catalog_release(&cat);
    ntm_unit u;
    memset(&u, 0, sizeof u);
    u.name = S("Xã Thử");
    u.level = S("commune");
    u.class_key = S("BTB");
    u.set_id = S("t");
    u.households = u.population = NAN;
    assert_int_equal(ntm_store_put_unit(f->st, &u, "xa thu", &changed, &err), NTM_OK);
    put_obs(f->st, "6", "6.2", "2023-07-31", ntm_decimal_year(2023, 7, 31), NTM_ASSESS_UNMET);
    put_obs(f->st, "6", "6.2", "2027-07-31", ntm_decimal_year(2027, 7, 31), NTM_ASSESS_MET);
    put_obs(f->st, "6", "6.3", "2023-07-31", ntm_decimal_year(2023, 7, 31), NTM_ASSESS_UNMET);
    put_obs(f->st, "12", "12.2", "2023-07-31", ntm_decimal_year(2023, 7, 31), NTM_ASSESS_UNMET);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ntm_store_close(f->st);
    char path[128];
    const char *names[] = {"t.db", "t.db-wal", "t.db-shm", "t.db-journal", "s.ini", "c.ini"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, names[i]);
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static const ntm_sim_iv *iv_named(const ntm_eval *ev, const char *name)
{
    for (size_t k = 0; k < ev->n_iv; k++)
        if (strcmp(ev->iv[k].iv->name, name) == 0)
            return &ev->iv[k];
    fail_msg("no intervention %s", name);
    return NULL;
}

static void prepare_known_values(void **state)
{
    fixture *f = *state;
    ntm_eval ev;
    ntm_error err = {0};
    ntm_status rc = ntm_eval_prepare(&f->cli, f->st, f->scn, 1, 0, &ev, &err);
    for (size_t i = 0; rc != NTM_OK && i < ev.diags.n; i++)
        print_message("%s\n", ev.diags.items[i].msg);
    if (rc != NTM_OK)
        fail_msg("prepare: %s", err.msg);
    assert_int_equal(ev.n_units, 1);
    assert_int_equal(ev.n_years, 3);
    /* the 2027 report is left out: 6.2 stays unmet, and a warning says so */
    assert_int_equal(ev.units[0].n_obs, 3);
    assert_int_equal(ev.units[0].n_obs_all, 4);
    int warned = 0;
    for (size_t i = 0; i < ev.diags.n; i++)
        warned += ev.diags.items[i].code && strcmp(ev.diags.items[i].code, "future") == 0;
    assert_int_equal(warned, 1);
    for (size_t k = 0; k < ev.units[0].sc.n_ind; k++)
        assert_int_equal(ev.units[0].sc.ind[k].state, NTM_STATE_UNMET);
    const ntm_sim_iv *pool = iv_named(&ev, "Bể bơi"), *hall = iv_named(&ev, "Nhà văn hóa");
    const double want[3] = {0, 50e6, 200e6};
    for (int y = 0; y < 3; y++) {
        assert_non_null(pool->room);
        if (fabs(pool->room[y] - want[y]) > 1 || fabs(hall->room[y] - want[y]) > 1)
            fail_msg("room %d: %.0f, %.0f; want %.0f", 2023 + y, pool->room[y], hall->room[y],
                     want[y]);
    }
    assert_true(pool->spend[1] == 500e6 && pool->spend[0] == 0);
    /* the effort counts from its observation, 31/07/2023 */
    const ntm_sim_iv *eff = iv_named(&ev, "Hồ sơ");
    assert_null(eff->room);
    assert_true(fabs(eff->from - ntm_decimal_year(2023, 7, 31)) < 1e-12);
    ntm_eval_release(&ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(prepare_known_values, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
