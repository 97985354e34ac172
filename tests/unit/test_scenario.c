/* test_scenario.c: scenario files (io/scenario_ini), funding-key names (model/scenario)
 * and the budget rules (model/budget). The example scenarios of the Cẩm Thành plan of 07/2023 are
 * read from scenarios/cam-thanh/ with models/defaults.ini; each bad file in tests/data/scenario/
 * provokes one error kind at a known line and key. Expected amounts are the figures
 * written in the files (the Cẩm Thành plan of 07/2023: schools 7 tỷ, pool 500 triệu), the
 * [assumptions] figures those the files state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io/number.h"
#include "io/scenario_ini.h"
#include "model/budget.h"
#include "model/scenario.h"

#define DATA "tests/data/scenario/"
#define EX "scenarios/cam-thanh/"
#define DEFAULTS "models/defaults.ini"

/* Money in đồng compared exactly: every amount here is a whole number of đồng. */
#define TY 1e9
#define TRIEU 1e6

static const ntm_diag *find(const ntm_diag_list *dl, const char *code)
{
    for (size_t i = 0; i < dl->n; i++)
        if (strcmp(dl->items[i].code, code) == 0)
            return &dl->items[i];
    return NULL;
}

static void print_diags(const ntm_diag_list *dl)
{
    for (size_t i = 0; i < dl->n; i++) {
        char b[2048];
        ntm_diag_format(&dl->items[i], b, sizeof b);
        print_message("  %s [%s]\n", b, dl->items[i].code);
    }
}

static const ntm_intervention *iv_named(const ntm_scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->n_iv; i++)
        if (strcmp(sc->iv[i].name, name) == 0)
            return &sc->iv[i];
    fail_msg("no intervention '%s'", name);
    return NULL;
}

static const ntm_assumption *assumed(const ntm_scenario *sc, const char *ind)
{
    for (size_t i = 0; i < sc->n_assume; i++)
        if (strcmp(sc->assume[i].indicator, ind) == 0)
            return &sc->assume[i];
    fail_msg("no assumption for '%s'", ind);
    return NULL;
}

/* The [assumptions] all three Cẩm Thành files carry (scenarios/cam-thanh/plan.ini):
 * 15.1 value 75% and >= 85; 17.7 value 0 and >= 100; 12.2 >= 25 only. */
static void check_cam_thanh_assumptions(const ntm_scenario *sc)
{
    assert_int_equal(sc->n_assume, 3);
    const ntm_assumption *a = assumed(sc, "15.1");
    assert_null(a->unit); /* the scenario's only unit */
    assert_true(a->value == 75);
    assert_true(a->lower == 85);
    assert_true(isnan(a->upper));
    assert_non_null(strstr(a->source, "assumption"));
    assert_non_null(strstr(a->source, "QĐ 1980"));
    assert_non_null(strstr(a->source, "93,35%")); /* says why the national figure is not used */
    a = assumed(sc, "17.7");
    assert_true(a->value == 0);
    assert_true(a->lower == 100);
    assert_true(isnan(a->upper));
    assert_non_null(strstr(a->source, "assumption"));
    a = assumed(sc, "12.2");
    assert_true(isnan(a->value)); /* the data has 25,27 (claimed) and 11,58 (on file) */
    assert_true(a->lower == 25);
    assert_true(a->lower <= 25.27); /* at most the villages' "đã đạt 25,27%" */
    assert_non_null(strstr(a->source, "assumption"));
    assert_true(sc->assume[0].line > 0);
}

/* Reads PATH; expects an error CODE at LINE with FIELD (NULL: no field). */
static void expect_error(const char *path, const char *defaults, const char *code, long line,
                         const char *field)
{
    ntm_diag_list dl;
    ntm_diag_list_init(&dl);
    ntm_scenario sc;
    ntm_status rc = ntm_scenario_read(path, defaults, &sc, &dl);
    const ntm_diag *d = find(&dl, code);
    if (rc != NTM_EINPUT || !d) {
        print_diags(&dl);
        fail_msg("%s: expected %s", path, code);
    }
    assert_int_equal(d->severity, NTM_ERROR);
    assert_int_equal(d->line, line);
    if (field)
        assert_string_equal(d->field, field);
    else
        assert_null(d->field);
    assert_non_null(strstr(d->file, path + strlen(path) - 6)); /* the file is named */
    /* all or nothing: nothing is left in the scenario */
    assert_null(sc.name);
    assert_int_equal(sc.n_iv, 0);
    assert_int_equal(sc.n_envelopes, 0);
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

static void read_ok(const char *path, ntm_scenario *sc, ntm_diag_list *dl)
{
    ntm_diag_list_init(dl);
    ntm_status rc = ntm_scenario_read(path, DEFAULTS, sc, dl);
    if (rc != NTM_OK) {
        print_diags(dl);
        fail_msg("%s refused", path);
    }
    assert_int_equal(dl->n_errors, 0);
}

/* ---- names -------------------------------------------------------------------------- */

static void names(void **state)
{
    (void)state;
    ntm_fund_source s;
    ntm_capital c;
    ntm_programme p;
    ntm_iv_type t;
    assert_int_equal(ntm_fund_source_from_name("Tỉnh", &s), 0);
    assert_int_equal(s, NTM_SRC_PROVINCE);
    assert_int_equal(ntm_fund_source_from_name("TRUNG ƯƠNG", &s), 0);
    assert_int_equal(s, NTM_SRC_CENTRAL);
    assert_int_equal(ntm_fund_source_from_name("xa", &s), 0);
    assert_int_equal(s, NTM_SRC_COMMUNE);
    assert_int_equal(ntm_fund_source_from_name("cộng đồng", &s), 0);
    assert_int_equal(s, NTM_SRC_COMMUNITY);
    assert_int_equal(ntm_fund_source_from_name("village", &s), -1);
    assert_int_equal(ntm_capital_from_name("đầu tư", &c), 0);
    assert_int_equal(c, NTM_CAP_INVESTMENT);
    assert_int_equal(ntm_capital_from_name("Sự nghiệp", &c), 0);
    assert_int_equal(c, NTM_CAP_RECURRENT);
    assert_int_equal(ntm_capital_from_name("capital", &c), -1);
    assert_int_equal(ntm_programme_from_name("nông thôn mới", &p), 0);
    assert_int_equal(p, NTM_PROG_NTM);
    assert_int_equal(ntm_programme_from_name("giảm nghèo", &p), 0);
    assert_int_equal(p, NTM_PROG_POVERTY);
    assert_int_equal(ntm_programme_from_name("DTTS-MN", &p), 0);
    assert_int_equal(p, NTM_PROG_ETHNIC);
    assert_int_equal(ntm_programme_from_name("dtts", &p), 0);
    assert_int_equal(p, NTM_PROG_ETHNIC);
    assert_int_equal(ntm_iv_type_from_name("Project", &t), 0);
    assert_int_equal(t, NTM_IV_PROJECT);
    assert_int_equal(ntm_iv_type_from_name("plan", &t), -1);
    assert_int_equal(ntm_fund_source_from_name(NULL, &s), -1);
    assert_string_equal(ntm_fund_source_name(NTM_SRC_DISTRICT), "district");
    assert_string_equal(ntm_capital_name(NTM_CAP_RECURRENT), "recurrent");
    assert_string_equal(ntm_programme_name(NTM_PROG_OTHER), "other");
    assert_string_equal(ntm_iv_type_name(NTM_IV_EFFORT), "effort");

    ntm_fund_key k, k2 = {NTM_SRC_PROVINCE, NTM_CAP_INVESTMENT, NTM_PROG_NTM};
    char why[256];
    assert_int_equal(ntm_fund_key_parse("tỉnh.đầu tư.nông thôn mới", &k, why, sizeof why), 0);
    assert_true(ntm_fund_key_equal(&k, &k2));
    assert_int_equal(ntm_fund_key_parse("province investment ntm", &k, why, sizeof why), 0);
    assert_true(ntm_fund_key_equal(&k, &k2));
    assert_int_equal(ntm_fund_key_parse("xã sự nghiệp giảm nghèo bền vững", &k, why, sizeof why),
                     0);
    assert_int_equal(k.source, NTM_SRC_COMMUNE);
    assert_int_equal(k.capital, NTM_CAP_RECURRENT);
    assert_int_equal(k.programme, NTM_PROG_POVERTY);
    /* The reason is in the process's message language (core/i18n.h _()): read in English. */
    ntm_cli_i18n_language(NTM_LANG_EN);
    int bad = ntm_fund_key_parse("province ntm", &k, why, sizeof why);
    ntm_cli_i18n_language(NTM_LANG_VI);
    assert_int_equal(bad, -1);
    assert_non_null(strstr(why, "capital"));
    assert_int_equal(ntm_fund_key_parse("province investment ntm extra", &k, why, sizeof why), -1);

    char buf[128];
    assert_string_equal(ntm_fund_key_text(buf, sizeof buf, &k2, NTM_LANG_VI),
                        "tỉnh / đầu tư phát triển / nông thôn mới");
    assert_string_equal(ntm_fund_key_text(buf, sizeof buf, &k2, NTM_LANG_EN),
                        "province / investment / NTM");
    ntm_scenario_release(NULL);
}

/* "7 tỷ" = 7·10^9 đồng, "500 triệu" = 5·10^8, "3,5 tỷ" = 3,5·10^9, "1.263.600 đ". */
static void money(void **state)
{
    (void)state;
    double v;
    const char *why;
    assert_int_equal(ntm_money_parse("7 tỷ", NTM_NUM_AUTO, &v, &why), NTM_OK);
    assert_true(v == 7 * TY);
    assert_int_equal(ntm_money_parse("500 triệu", NTM_NUM_AUTO, &v, &why), NTM_OK);
    assert_true(v == 500 * TRIEU);
    assert_int_equal(ntm_money_parse("3,5 tỷ", NTM_NUM_AUTO, &v, &why), NTM_OK);
    assert_true(v == 3.5 * TY);
    assert_int_equal(ntm_money_parse("1.263.600 đ", NTM_NUM_AUTO, &v, &why), NTM_OK);
    assert_true(v == 1263600);
}

/* ---- the example scenarios ---------------------------------------------------------- */

static void example_baseline(void **state)
{
    (void)state;
    ntm_scenario sc;
    ntm_diag_list dl;
    read_ok(EX "baseline.ini", &sc, &dl);
    assert_int_equal(sc.n_units, 1);
    assert_string_equal(sc.units[0], "Cẩm Thành");
    assert_int_equal(sc.start_year, 2023);
    assert_int_equal(sc.horizon, 2026);
    assert_int_equal(sc.deadline, 2024);
    assert_int_equal(sc.draws, 2000);
    assert_int_equal(sc.n_iv, 12); /* the plan's interventions, unfunded */
    for (size_t i = 0; i < sc.n_iv; i++)
        assert_int_equal(sc.iv[i].n_alloc, 0);
    assert_int_equal(sc.n_envelopes, 0);
    assert_int_equal(sc.n_targets, 8);
    check_cam_thanh_assumptions(&sc);
    /* shared factors from models/defaults.ini */
    assert_true(sc.shared.price_sigma == 0.10);
    assert_true(sc.shared.delay_prob == 0.20);
    assert_int_equal(ntm_budget_check(&sc, NULL, NTM_LANG_VI, &dl), NTM_OK);
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

static int target_of(const ntm_scenario *sc, const char *ind)
{
    return ntm_budget_target_year(sc, NULL, sc->units[0], ind);
}

static void example_plan(void **state)
{
    (void)state;
    ntm_scenario sc;
    ntm_diag_list dl;
    read_ok(EX "plan.ini", &sc, &dl);
    assert_int_equal(sc.seed, 3);
    assert_int_equal(sc.carry_over, 0);
    /* target years as the Cẩm Thành plan of 07/2023 sets them; 5 falls back to the deadline */
    assert_int_equal(target_of(&sc, "11.1"), 2023);
    assert_int_equal(target_of(&sc, "19.2"), 2023);
    assert_int_equal(target_of(&sc, "6.2"), 2024);
    assert_int_equal(target_of(&sc, "17.1"), 2024);
    assert_int_equal(target_of(&sc, "5"), 2024);

    /* the school project: 7 tỷ, paid 3,5 + 3,5 tỷ from provincial NTM investment money */
    const ntm_intervention *s = iv_named(&sc, "Trường học");
    assert_int_equal(s->type, NTM_IV_PROJECT);
    assert_string_equal(s->unit, "Cẩm Thành");
    assert_string_equal(s->indicator, "5");
    assert_true(s->cost == 7 * TY);
    assert_true(s->contingency == 0);
    assert_true(s->duration == 1); /* from defaults.ini */
    assert_non_null(strstr(s->origin, "duration = 1"));
    assert_non_null(strstr(s->origin, "assumption"));
    assert_int_equal(s->components, 3);
    assert_int_equal(s->n_profile, 2);
    assert_true(s->profile[0] == 0.5 && s->profile[1] == 0.5);
    assert_int_equal(s->n_alloc, 2);
    ntm_fund_key pin = {NTM_SRC_PROVINCE, NTM_CAP_INVESTMENT, NTM_PROG_NTM};
    assert_true(ntm_fund_key_equal(&s->alloc[1].key, &pin));
    assert_int_equal(s->alloc[1].year, 2024);
    assert_true(s->alloc[1].amount == 3.5 * TY);
    assert_string_equal(s->owner, "UBND xã");
    assert_string_equal(s->due, "31/12/2024");

    const ntm_intervention *pool = iv_named(&sc, "Bể bơi");
    assert_true(pool->cost == 500 * TRIEU);
    assert_string_equal(iv_named(&sc, "Nhà máy nước")->owner, "UBND huyện");
    assert_string_equal(iv_named(&sc, "An ninh trật tự")->owner, "Công an xã");
    assert_string_equal(iv_named(&sc, "Tuyên truyền BHYT")->owner, "Trạm y tế xã");

    /* the premium support takes 1.263.600 đ per person-year from defaults.ini
     * ([recurring 15.1]; 4,5% × 2.340.000 × 12), and says so */
    const ntm_intervention *b = iv_named(&sc, "Hỗ trợ mua BHYT");
    assert_int_equal(b->type, NTM_IV_RECURRING);
    assert_true(b->unit_cost == 1263600);
    assert_non_null(strstr(b->origin, "ND 73/2024"));
    assert_true(b->population == 7000);

    /* the working figures of [assumptions]; 17.7's treatment contract is recurring, so
     * 100 triệu for one commune-year (population 1) can reach the working 100% */
    check_cam_thanh_assumptions(&sc);
    const ntm_intervention *w = iv_named(&sc, "Xử lý bao gói BVTV");
    assert_int_equal(w->type, NTM_IV_RECURRING);
    assert_true(w->unit_cost == 100 * TRIEU);
    assert_true(w->population == 1);

    /* the certificate drive: 417 of 910, no money */
    const ntm_intervention *e = iv_named(&sc, "Thu bằng cấp");
    assert_int_equal(e->type, NTM_IV_EFFORT);
    assert_true(e->done == 417 && e->total == 910);
    assert_int_equal(e->n_alloc, 0);
    assert_string_equal(e->owner, "Ban phát triển thôn");

    /* envelopes: 14 lines; 2024 provincial investment 3,5 tỷ */
    assert_int_equal(sc.n_envelopes, 14);
    assert_true(ntm_budget_envelope(&sc, 2024, &pin) == 3.5 * TY);
    assert_true(ntm_budget_allocated(&sc, 2024, &pin) == 3.5 * TY);
    ntm_fund_key crn = {NTM_SRC_COMMUNE, NTM_CAP_RECURRENT, NTM_PROG_NTM};
    /* 300 triệu premium support + 50 triệu outreach */
    assert_true(ntm_budget_allocated(&sc, 2023, &crn) == 350 * TRIEU);

    /* the plan keeps every budget rule (warnings only: late money) */
    assert_int_equal(ntm_budget_check(&sc, NULL, NTM_LANG_VI, &dl), NTM_OK);
    const ntm_diag *late = find(&dl, "too-late");
    assert_non_null(late);
    assert_int_equal(late->severity, NTM_WARNING);
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

static void example_tight(void **state)
{
    (void)state;
    ntm_scenario sc, plan;
    ntm_diag_list dl, dl2;
    read_ok(EX "tight.ini", &sc, &dl);
    read_ok(EX "plan.ini", &plan, &dl2);
    assert_int_equal(sc.n_envelopes, plan.n_envelopes);
    for (size_t i = 0; i < sc.n_envelopes; i++)
        assert_true(sc.envelopes[i].amount * 2 == plan.envelopes[i].amount);
    assert_int_equal(sc.n_iv, plan.n_iv);
    for (size_t i = 0; i < sc.n_iv; i++) {
        assert_int_equal(sc.iv[i].n_alloc, plan.iv[i].n_alloc);
        for (size_t j = 0; j < sc.iv[i].n_alloc; j++)
            assert_true(sc.iv[i].alloc[j].amount * 2 == plan.iv[i].alloc[j].amount);
    }
    /* the same assumptions, line for line */
    check_cam_thanh_assumptions(&sc);
    assert_int_equal(sc.n_assume, plan.n_assume);
    for (size_t i = 0; i < sc.n_assume; i++) {
        assert_string_equal(sc.assume[i].indicator, plan.assume[i].indicator);
        assert_string_equal(sc.assume[i].source, plan.assume[i].source);
        assert_memory_equal(&sc.assume[i].value, &plan.assume[i].value, sizeof(double));
        assert_memory_equal(&sc.assume[i].lower, &plan.assume[i].lower, sizeof(double));
        assert_memory_equal(&sc.assume[i].upper, &plan.assume[i].upper, sizeof(double));
    }
    /* the schools get 1,75 + 1,75 tỷ of 7 tỷ: warned as underfunded, not refused */
    assert_int_equal(ntm_budget_check(&sc, NULL, NTM_LANG_VI, &dl), NTM_OK);
    const ntm_diag *u = find(&dl, "underfunded");
    assert_non_null(u);
    assert_non_null(strstr(u->msg, "3,5 tỷ đồng"));
    assert_non_null(strstr(u->msg, "7,0 tỷ đồng"));
    ntm_scenario_release(&sc);
    ntm_scenario_release(&plan);
    ntm_diag_list_release(&dl);
    ntm_diag_list_release(&dl2);
}

/* ---- bad files ------------------------------------------------------------------------- */

static void bad_files(void **state)
{
    (void)state;
    expect_error(DATA "bad-money.ini", DEFAULTS, "bad-money", 15, "2024 province investment ntm");
    expect_error(DATA "bad-key.ini", DEFAULTS, "bad-key", 15, "2024 tỉnh đầu tư nhà nước");
    expect_error(DATA "unknown-key.ini", DEFAULTS, "unknown-key", 13, "horizont");
    expect_error(DATA "unknown-section.ini", DEFAULTS, "unknown-section", 14, NULL);
    expect_error(DATA "duplicate.ini", DEFAULTS, "duplicate", 16, "11.1");
    expect_error(DATA "missing-key.ini", DEFAULTS, "missing-key", 14, "cost");
    expect_error(DATA "not-for-type.ini", DEFAULTS, "not-for-type", 17, "cost");
    expect_error(DATA "effort-money.ini", DEFAULTS, "not-for-type", 21,
                 "alloc.2023.commune.recurrent.ntm");
    expect_error(DATA "bad-profile.ini", DEFAULTS, "bad-profile", 24, "profile");
    expect_error(DATA "bad-share.ini", DEFAULTS, "bad-share", 25, "fund");
    expect_error(DATA "bad-year.ini", DEFAULTS, "bad-year", 6, "deadline");
    expect_error(DATA "bad-unit.ini", DEFAULTS, "bad-unit", 16, "unit");
    expect_error(DATA "alloc-and-optimize.ini", DEFAULTS, "alloc-and-optimize", 26, "optimize");
    expect_error(DATA "syntax.ini", DEFAULTS, "syntax", 15, NULL);
    expect_error(DATA "name-too-long.ini", DEFAULTS, "name-too-long", 14, NULL);
    expect_error(DATA "out-of-range.ini", DEFAULTS, "out-of-range", 22, "delay_prob");
    expect_error(DATA "out-of-range.ini", DEFAULTS, "unknown-key", 20, "efficacy_x");
}

/* [assumptions]: every accepted form of assume-forms.ini, read by hand:
 * 15.1: "93,35%" = 93,35, "≥ 85%" = lower 85, source continued on its next line;
 * 11.1: "12.5" = 12,5, "<= 6,5" = upper 6,5; 17.1: "15..20" = [15, 20];
 * 15.4: "=> 50" = lower 50, its unit written twice in two spellings (one indicator);
 * 19.1: "≤ 6,5%" = upper 6,5. Then two units (assume-units.ini) and each error. */
static void assumptions(void **state)
{
    (void)state;
    ntm_scenario sc;
    ntm_diag_list dl;
    read_ok(DATA "assume-forms.ini", &sc, &dl);
    assert_int_equal(sc.n_assume, 5);
    const ntm_assumption *a = &sc.assume[0];
    assert_string_equal(a->indicator, "15.1");
    assert_null(a->unit);
    assert_int_equal(a->line, 16);
    assert_true(a->value == 93.35);
    assert_true(a->lower == 85 && isnan(a->upper));
    assert_string_equal(a->source, "assumption: test, continued on a second line");
    a = &sc.assume[1];
    assert_string_equal(a->indicator, "11.1");
    assert_true(a->value == 12.5);
    assert_true(isnan(a->lower) && a->upper == 6.5);
    a = &sc.assume[2];
    assert_string_equal(a->indicator, "17.1");
    assert_true(isnan(a->value));
    assert_true(a->lower == 15 && a->upper == 20);
    a = &sc.assume[3];
    assert_string_equal(a->indicator, "15.4");
    assert_string_equal(a->unit, "Cẩm Thành");
    assert_int_equal(a->line, 25);
    assert_true(a->lower == 50 && isnan(a->upper));
    assert_string_equal(a->source, "assumption: the unit in another spelling");
    a = &sc.assume[4];
    assert_string_equal(a->indicator, "19.1");
    assert_true(isnan(a->lower) && a->upper == 6.5);
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);

    read_ok(DATA "assume-units.ini", &sc, &dl);
    assert_int_equal(sc.n_assume, 2);
    assert_string_equal(sc.assume[0].unit, "Cẩm Long");
    assert_true(sc.assume[0].value == 70);
    assert_string_equal(sc.assume[1].unit, "Cẩm Thành");
    assert_true(sc.assume[1].value == 75);
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);

    /* errors, each on its own small file: [assumptions] is line 14 */
    expect_error(DATA "assume-bad-key.ini", DEFAULTS, "bad-key", 15, "15.1.valu");
    expect_error(DATA "assume-bad-code.ini", DEFAULTS, "bad-key", 15, "15,1.value");
    expect_error(DATA "assume-bad-number.ini", DEFAULTS, "bad-number", 15, "15.1.value");
    expect_error(DATA "assume-bad-threshold-number.ini", DEFAULTS, "bad-number", 15,
                 "15.1.threshold");
    expect_error(DATA "assume-no-sign.ini", DEFAULTS, "bad-threshold", 16, "15.1.threshold");
    expect_error(DATA "assume-strict.ini", DEFAULTS, "bad-threshold", 15, "15.1.threshold");
    expect_error(DATA "assume-lower-above-upper.ini", DEFAULTS, "lower-above-upper", 15,
                 "17.1.threshold");
    expect_error(DATA "assume-missing-source.ini", DEFAULTS, "missing-source", 15, "17.7.source");
    expect_error(DATA "assume-empty-source.ini", DEFAULTS, "missing-source", 16, "17.7.source");
    expect_error(DATA "assume-only-source.ini", DEFAULTS, "missing-key", 15, "17.7.value");
    expect_error(DATA "assume-duplicate.ini", DEFAULTS, "duplicate", 17, "Cẩm Thành / 15.1.value");
    expect_error(DATA "assume-bad-unit.ini", DEFAULTS, "bad-unit", 15, "Cẩm Long / 15.1.value");
    expect_error(DATA "assume-no-unit.ini", DEFAULTS, "bad-key", 17, "15.1.threshold");

    /* the messages say what to write */
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_scenario_read(DATA "assume-no-sign.ini", DEFAULTS, &sc, &dl), NTM_EINPUT);
    assert_non_null(strstr(dl.items[0].msg, "'>= 85'"));
    assert_non_null(strstr(dl.items[0].msg, "[assumptions]"));
    ntm_diag_list_release(&dl);
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_scenario_read(DATA "assume-missing-source.ini", DEFAULTS, &sc, &dl),
                     NTM_EINPUT);
    assert_int_equal(dl.n_errors, 1); /* 15.1 has its source */
    assert_non_null(strstr(dl.items[0].msg, "17.7.source = assumption"));
    ntm_diag_list_release(&dl);
}

static void io_errors(void **state)
{
    (void)state;
    ntm_diag_list dl;
    ntm_diag_list_init(&dl);
    ntm_scenario sc;
    assert_int_equal(ntm_scenario_read(DATA "nonexistent.ini", DEFAULTS, &sc, &dl), NTM_EIO);
    assert_int_equal(ntm_scenario_read(DATA "minimal.ini", DATA "nonexistent.ini", &sc, &dl),
                     NTM_EIO);
    ntm_diag_list_release(&dl);
}

/* Defaults: without a defaults file, minimal.ini lacks every project parameter; with one
 * whose value has no source, that file is blamed at its line. */
static void defaults(void **state)
{
    (void)state;
    ntm_diag_list dl;
    ntm_diag_list_init(&dl);
    ntm_scenario sc;
    assert_int_equal(ntm_scenario_read(DATA "minimal.ini", NULL, &sc, &dl), NTM_EINPUT);
    const ntm_diag *d = find(&dl, "missing-key");
    assert_non_null(d);
    assert_int_equal(d->line, 14); /* the [intervention] header */
    ntm_diag_list_release(&dl);

    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_scenario_read(DATA "minimal.ini", DATA "no-source-defaults.ini", &sc, &dl),
                     NTM_EINPUT);
    d = find(&dl, "default-no-source");
    assert_non_null(d);
    assert_int_equal(d->line, 4);
    assert_string_equal(d->field, "duration");
    assert_non_null(strstr(d->file, "no-source-defaults.ini"));
    ntm_diag_list_release(&dl);

    /* with models/defaults.ini: cost from the file, the rest defaulted and recorded */
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_scenario_read(DATA "minimal.ini", DEFAULTS, &sc, &dl), NTM_OK);
    assert_true(sc.iv[0].cost == 7 * TY);
    assert_true(sc.iv[0].contingency == 0.10);
    assert_non_null(strstr(sc.iv[0].origin, "contingency = 0,10"));
    assert_non_null(find(&dl, "no-money"));
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

/* ---- budget rules ---------------------------------------------------------------------- */

/* over-envelope.ini: 2024 provincial investment envelope 4 tỷ (line 16); allocations
 * 3,5 tỷ (schools, line 30) + 1 tỷ (pool, line 43, written in Vietnamese words) = 4,5 tỷ,
 * 500 triệu over; the pool's line is the one that goes over. */
static void over_envelope(void **state)
{
    (void)state;
    ntm_scenario sc;
    ntm_diag_list dl;
    read_ok(DATA "over-envelope.ini", &sc, &dl);
    assert_int_equal(ntm_budget_check(&sc, NULL, NTM_LANG_VI, &dl), NTM_EINPUT);
    const ntm_diag *d = find(&dl, "over-envelope");
    assert_non_null(d);
    assert_int_equal(d->line, 43);
    assert_string_equal(d->field, "alloc.2024.province.investment.ntm");
    assert_non_null(strstr(d->msg, "năm 2024"));
    assert_non_null(strstr(d->msg, "4,5 tỷ đồng"));
    assert_non_null(strstr(d->msg, "hạn mức 4,0 tỷ đồng (dòng 16)"));
    assert_non_null(strstr(d->msg, "vượt 500 triệu đồng"));
    ntm_diag_list_release(&dl);

    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_budget_check_envelopes(&sc, NTM_LANG_EN, &dl), NTM_EINPUT);
    assert_non_null(strstr(dl.items[0].msg, "2024, province / investment / NTM: 4.5 billion VND "
                                            "allocated, 500 million VND over the envelope of "
                                            "4.0 billion VND (line 16)"));
    ntm_diag_list_release(&dl);

    /* no envelope at all for the key */
    sc.n_envelopes = 1; /* keep only 2023 */
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_budget_check_envelopes(&sc, NTM_LANG_VI, &dl), NTM_EINPUT);
    assert_non_null(find(&dl, "no-envelope"));
    sc.n_envelopes = 2;
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

/* district-2027.ini: district money after 2025 warns (the envelope on line 14, the
 * allocation on line 28), the 2025 one does not (lines 13 and 26); nothing is refused. */
static void district_after_2025(void **state)
{
    (void)state;
    ntm_scenario sc;
    ntm_diag_list dl;
    read_ok(DATA "district-2027.ini", &sc, &dl);
    assert_int_equal(ntm_budget_check_sources(&sc, NTM_LANG_VI, &dl), NTM_OK);
    assert_int_equal(dl.n, 2);
    assert_int_equal(dl.n_errors, 0);
    assert_string_equal(dl.items[0].code, "district-source-ended");
    assert_int_equal(dl.items[0].line, 14);
    assert_int_equal(dl.items[1].line, 28);
    assert_string_equal(dl.items[1].field, "alloc.2027.district.investment.ntm");
    assert_non_null(strstr(dl.items[1].msg, "năm 2027"));
    assert_non_null(strstr(dl.items[1].msg, "1/7/2025"));
    ntm_diag_list_release(&dl);
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_budget_check_sources(&sc, NTM_LANG_EN, &dl), NTM_OK);
    assert_non_null(strstr(dl.items[0].msg, "year 2027: money from a district (huyện) source"));
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

/* carry-over.ini: 2023 envelope 4 tỷ, 3,5 spent, 0,5 left; 2024 envelope 3 tỷ, 3,5 spent.
 * With one year of carry-over 3 + 0,5 = 3,5 suffices; without it 2024 is 500 triệu over. */
static void carry_over(void **state)
{
    (void)state;
    ntm_scenario sc;
    ntm_diag_list dl;
    read_ok(DATA "carry-over.ini", &sc, &dl);
    assert_int_equal(sc.carry_over, 1);
    assert_int_equal(ntm_budget_check_envelopes(&sc, NTM_LANG_VI, &dl), NTM_OK);
    sc.carry_over = 0;
    assert_int_equal(ntm_budget_check_envelopes(&sc, NTM_LANG_VI, &dl), NTM_EINPUT);
    const ntm_diag *d = find(&dl, "over-envelope");
    assert_non_null(d);
    assert_int_equal(d->line, 30);
    assert_non_null(strstr(d->msg, "vượt 500 triệu đồng"));
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

/* training-investment.ini: a training program with fund.province.investment.ntm (line 26)
 * and a 2024 allocation from it (line 27): refused twice, saying sự nghiệp is needed. */
static void wrong_capital(void **state)
{
    (void)state;
    ntm_scenario sc;
    ntm_diag_list dl;
    read_ok(DATA "training-investment.ini", &sc, &dl);
    assert_int_equal(ntm_budget_check(&sc, NULL, NTM_LANG_VI, &dl), NTM_EINPUT);
    size_t n = 0;
    for (size_t i = 0; i < dl.n; i++)
        if (strcmp(dl.items[i].code, "wrong-capital") == 0) {
            n++;
            assert_non_null(strstr(dl.items[i].msg, "sự nghiệp"));
            assert_non_null(strstr(dl.items[i].msg, "đầu tư phát triển"));
        }
    assert_int_equal(n, 2);
    const ntm_diag *d = &dl.items[dl.n - 1];
    for (size_t i = 0; i < dl.n; i++)
        if (strcmp(dl.items[i].code, "wrong-capital") == 0 && dl.items[i].line != sc.iv[0].line)
            d = &dl.items[i];
    assert_int_equal(d->line, 27);
    assert_string_equal(d->field, "alloc.2024.province.investment.ntm");
    ntm_diag_list_release(&dl);
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_budget_check_capital(&sc, NTM_LANG_EN, &dl), NTM_EINPUT);
    assert_non_null(strstr(dl.items[0].msg, "needs recurrent (sự nghiệp) money"));

    /* a project paid from recurrent money is refused the other way round */
    sc.iv[0].type = NTM_IV_PROJECT;
    sc.iv[0].keys[0].capital = NTM_CAP_RECURRENT;
    sc.iv[0].alloc[0].key.capital = NTM_CAP_RECURRENT;
    ntm_diag_list_release(&dl);
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_budget_check_capital(&sc, NTM_LANG_VI, &dl), NTM_EINPUT);
    assert_non_null(strstr(dl.items[0].msg, "phải dùng vốn đầu tư phát triển"));
    /* an allocation on a key the fund.* list omits */
    sc.iv[0].alloc[0].key.capital = NTM_CAP_INVESTMENT;
    sc.iv[0].keys[0].capital = NTM_CAP_INVESTMENT;
    sc.iv[0].keys[0].source = NTM_SRC_DISTRICT;
    ntm_diag_list_release(&dl);
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_budget_check_capital(&sc, NTM_LANG_VI, &dl), NTM_EINPUT);
    assert_non_null(find(&dl, "key-not-allowed"));
    assert_int_equal(find(&dl, "key-not-allowed")->line, 27);
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

/* Hooks for the name, met and target checks: the unit "Cẩm Thành" exists; indicators 5,
 * 6.2, 11.1 ... exist; 6.2 is met; 11.1's target year is 2023. */
static int unit_known(void *u, const char *unit)
{
    (void)u;
    return strcmp(unit, "Cẩm Thành") == 0;
}

static int indicator_known(void *u, const char *unit, const char *ind)
{
    (void)u;
    (void)unit;
    return strcmp(ind, "99.9") != 0;
}

static int indicator_met(void *u, const char *unit, const char *ind)
{
    (void)u;
    (void)unit;
    return strcmp(ind, "6.2") == 0;
}

static int target_year(void *u, const char *unit, const char *ind)
{
    (void)u;
    (void)unit;
    return strcmp(ind, "6.2") == 0 ? 2023 : 0;
}

static void hooks_checks(void **state)
{
    (void)state;
    ntm_scenario sc;
    ntm_diag_list dl;
    read_ok(EX "plan.ini", &sc, &dl);
    ntm_budget_hooks h = {NULL, unit_known, indicator_known, indicator_met, target_year};

    /* the pool (6.2) is "already met" here: a warning on its first allocation line */
    assert_int_equal(ntm_budget_check_met(&sc, &h, NTM_LANG_VI, &dl), NTM_OK);
    const ntm_diag *d = find(&dl, "already-met");
    assert_non_null(d);
    assert_int_equal(d->severity, NTM_WARNING);
    assert_int_equal(d->line, iv_named(&sc, "Bể bơi")->alloc[0].line);
    assert_non_null(strstr(d->msg, "500 triệu đồng"));

    /* the hook's target year 2023 for 6.2 makes the pool (funded 2024) late */
    assert_int_equal(ntm_budget_target_year(&sc, &h, "Cẩm Thành", "6.2"), 2023);
    ntm_diag_list_release(&dl);
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_budget_check_timing(&sc, &h, NTM_LANG_EN, &dl), NTM_OK);
    int pool_late = 0;
    for (size_t i = 0; i < dl.n; i++)
        pool_late |= strcmp(dl.items[i].code, "too-late") == 0 &&
                     strstr(dl.items[i].msg, "Bể bơi") && strstr(dl.items[i].msg, "2023");
    assert_true(pool_late);

    /* unknown names are errors */
    free(sc.iv[0].indicator);
    sc.iv[0].indicator = strdup("99.9");
    free(sc.units[0]);
    sc.units[0] = strdup("Cẩm Long");
    ntm_diag_list_release(&dl);
    ntm_diag_list_init(&dl);
    assert_int_equal(ntm_budget_check_names(&sc, &h, NTM_LANG_VI, &dl), NTM_EINPUT);
    assert_non_null(find(&dl, "unknown-unit"));
    d = find(&dl, "unknown-indicator");
    assert_non_null(d);
    assert_int_equal(d->line, sc.iv[0].line);
    assert_non_null(strstr(d->msg, "99.9"));
    ntm_scenario_release(&sc);
    ntm_diag_list_release(&dl);
}

int main(void)
{
    /* Vietnamese texts come from the gettext catalog, as in the CLI. */
    ntm_cli_i18n_setup(ntm_cli_localedir());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(money),
        cmocka_unit_test(example_baseline),
        cmocka_unit_test(example_plan),
        cmocka_unit_test(example_tight),
        cmocka_unit_test(bad_files),
        cmocka_unit_test(assumptions),
        cmocka_unit_test(io_errors),
        cmocka_unit_test(defaults),
        cmocka_unit_test(over_envelope),
        cmocka_unit_test(carry_over),
        cmocka_unit_test(district_after_2025),
        cmocka_unit_test(wrong_capital),
        cmocka_unit_test(hooks_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
