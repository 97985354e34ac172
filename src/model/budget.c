/* budget.c: budget rules on a scenario (see budget.h for the rules and the timing
 * convention). Pure logic: the caller supplies what it knows through hooks. */
#include "model/budget.h"
#include "core/i18n.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names of a funding key's parts (index = enum value), translated where printed. */
static const char *const src_names[] = {N_("central"), N_("province"),  N_("district"),
                                        N_("commune"), N_("community"), N_("other")};
static const char *const cap_names[] = {N_("investment"), N_("recurrent")};
static const char *const prog_names[] = {N_("NTM"), N_("poverty reduction"), N_("ethnic minority"),
                                         N_("other (integrated)")};

typedef struct checker {
    const ntm_scenario *sc;
    ntm_lang lang;
    ntm_diag_list *diags;
    size_t errors0;
    int oom;
} checker;

/* FMT is already in the reader's language (ntm_i18n). */
__attribute__((format(printf, 6, 7))) static void add(checker *c, ntm_severity sev, long line,
                                                      const char *field, const char *code,
                                                      const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ntm_diag_add(c->diags, sev, c->sc->path, line, 0, field, code, "%s", msg) != 0)
        c->oom = 1;
}

static ntm_status done(const checker *c)
{
    if (c->oom)
        return NTM_ENOMEM;
    return c->diags->n_errors > c->errors0 ? NTM_EINPUT : NTM_OK;
}

static checker make(const ntm_scenario *sc, ntm_lang lang, ntm_diag_list *diags)
{
    checker c = {.sc = sc, .lang = lang, .diags = diags, .errors0 = diags->n_errors};
    return c;
}

char *ntm_fund_key_text(char *buf, size_t size, const ntm_fund_key *key, ntm_lang lang)
{
    unsigned s = key->source, k = key->capital, p = key->programme;
    snprintf(buf, size, "%s / %s / %s", s < NTM_SRC_COUNT ? ntm_i18n(lang, src_names[s]) : "?",
             k < NTM_CAP_COUNT ? ntm_i18n(lang, cap_names[k]) : "?",
             p < NTM_PROG_COUNT ? ntm_i18n(lang, prog_names[p]) : "?");
    return buf;
}

/* The key as written in files: "province.investment.ntm". */
static char *key_id(char *buf, size_t size, const ntm_fund_key *k)
{
    snprintf(buf, size, "%s.%s.%s", ntm_fund_source_name(k->source), ntm_capital_name(k->capital),
             ntm_programme_name(k->programme));
    return buf;
}

static char *money(char *buf, size_t size, double v, ntm_lang lang)
{
    return ntm_fmt_money(buf, size, v, lang);
}

int ntm_budget_capital_for(ntm_iv_type type)
{
    switch (type) {
    case NTM_IV_PROJECT: return NTM_CAP_INVESTMENT;
    case NTM_IV_PROGRAM:
    case NTM_IV_RECURRING: return NTM_CAP_RECURRENT;
    case NTM_IV_EFFORT:
    default: return -1;
    }
}

double ntm_budget_envelope(const ntm_scenario *sc, int year, const ntm_fund_key *key)
{
    double s = 0;
    for (size_t i = 0; i < sc->n_envelopes; i++)
        if (sc->envelopes[i].year == year && ntm_fund_key_equal(&sc->envelopes[i].key, key))
            s += sc->envelopes[i].amount;
    return s;
}

double ntm_budget_allocated(const ntm_scenario *sc, int year, const ntm_fund_key *key)
{
    double s = 0;
    for (size_t i = 0; i < sc->n_iv; i++)
        for (size_t j = 0; j < sc->iv[i].n_alloc; j++) {
            const ntm_allocation *a = &sc->iv[i].alloc[j];
            if (a->year == year && ntm_fund_key_equal(&a->key, key))
                s += a->amount;
        }
    return s;
}

static long envelope_line(const ntm_scenario *sc, int year, const ntm_fund_key *key)
{
    for (size_t i = 0; i < sc->n_envelopes; i++)
        if (sc->envelopes[i].year == year && ntm_fund_key_equal(&sc->envelopes[i].key, key))
            return sc->envelopes[i].line;
    return 0;
}

/* ---- envelopes -------------------------------------------------------------------------- */

typedef struct alloc_ref {
    const ntm_allocation *a;
    const ntm_intervention *iv;
} alloc_ref;

static int by_line(const void *x, const void *y)
{
    long a = ((const alloc_ref *)x)->a->line, b = ((const alloc_ref *)y)->a->line;
    return (a > b) - (a < b);
}

/* Reports YEAR / KEY over its envelope: the line is the allocation (in file order) that
 * took the total past what was available. */
static void report_over(checker *c, int year, const ntm_fund_key *key, double env, double carried,
                        double total)
{
    const ntm_scenario *sc = c->sc;
    size_t n = 0;
    for (size_t i = 0; i < sc->n_iv; i++)
        for (size_t j = 0; j < sc->iv[i].n_alloc; j++)
            n +=
                sc->iv[i].alloc[j].year == year && ntm_fund_key_equal(&sc->iv[i].alloc[j].key, key);
    alloc_ref *refs = calloc(n ? n : 1, sizeof *refs);
    if (!refs) {
        c->oom = 1;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < sc->n_iv; i++)
        for (size_t j = 0; j < sc->iv[i].n_alloc; j++)
            if (sc->iv[i].alloc[j].year == year && ntm_fund_key_equal(&sc->iv[i].alloc[j].key, key))
                refs[k++] = (alloc_ref){&sc->iv[i].alloc[j], &sc->iv[i]};
    qsort(refs, n, sizeof *refs, by_line);
    double avail = env + carried, cum = 0;
    long line = n ? refs[n - 1].a->line : 0;
    for (size_t i = 0; i < n; i++) {
        cum += refs[i].a->amount;
        if (cum > avail + NTM_BUDGET_TOL_DONG) {
            line = refs[i].a->line;
            break;
        }
    }
    /* who takes the money: "«Trường học» 3,5 tỷ đồng (dòng 30), «Bể bơi» ..." */
    ntm_lang lang = c->lang;
    char who[512] = "";
    size_t w = 0;
    for (size_t i = 0; i < n && w < sizeof who; i++) {
        char m[64];
        if (i)
            w += (size_t)snprintf(who + w, sizeof who - w, ", ");
        if (w < sizeof who)
            w += (size_t)snprintf(who + w, sizeof who - w, ntm_i18n(lang, "'%s' %s (line %ld)"),
                                  refs[i].iv->name, money(m, sizeof m, refs[i].a->amount, lang),
                                  refs[i].a->line);
    }
    free(refs);

    char kt[160], id[96], field[128], tot[64], over[64], env_m[64], car_m[64];
    ntm_fund_key_text(kt, sizeof kt, key, lang);
    snprintf(field, sizeof field, "alloc.%d.%s", year, key_id(id, sizeof id, key));
    money(tot, sizeof tot, total, lang);
    money(over, sizeof over, total - avail, lang);
    if (env <= 0 && carried <= 0) {
        add(c, NTM_ERROR, line, field, "no-envelope",
            ntm_i18n(lang, "%d, %s: %s allocated but there is no envelope for this key in %d "
                           "(add a line to [envelope]); allocations: %s"),
            year, kt, tot, year, who);
        return;
    }
    money(env_m, sizeof env_m, env, lang);
    money(car_m, sizeof car_m, carried, lang);
    long eline = envelope_line(c->sc, year, key);
    char el[48] = "";
    if (eline > 0)
        snprintf(el, sizeof el, ntm_i18n(lang, " (line %ld)"), eline);
    char carry[160] = "";
    if (carried > 0)
        snprintf(carry, sizeof carry, ntm_i18n(lang, " plus %s carried over from %d"), car_m,
                 year - 1);
    add(c, NTM_ERROR, line, field, "over-envelope",
        ntm_i18n(lang, "%d, %s: %s allocated, %s over the envelope of %s%s%s; allocations: %s"),
        year, kt, tot, over, env_m, el, carry, who);
}

ntm_status ntm_budget_check_envelopes(const ntm_scenario *sc, ntm_lang lang, ntm_diag_list *diags)
{
    checker c = make(sc, lang, diags);
    /* every key that has an envelope or an allocation */
    size_t cap = sc->n_envelopes;
    for (size_t i = 0; i < sc->n_iv; i++)
        cap += sc->iv[i].n_alloc;
    ntm_fund_key *keys = malloc((cap ? cap : 1) * sizeof *keys);
    if (!keys)
        return NTM_ENOMEM;
    size_t nk = 0;
#define ADD_KEY(k)                                                                                 \
    do {                                                                                           \
        size_t m_ = 0;                                                                             \
        while (m_ < nk && !ntm_fund_key_equal(&keys[m_], (k)))                                     \
            m_++;                                                                                  \
        if (m_ == nk)                                                                              \
            keys[nk++] = *(k);                                                                     \
    } while (0)
    for (size_t i = 0; i < sc->n_envelopes; i++)
        ADD_KEY(&sc->envelopes[i].key);
    for (size_t i = 0; i < sc->n_iv; i++)
        for (size_t j = 0; j < sc->iv[i].n_alloc; j++)
            ADD_KEY(&sc->iv[i].alloc[j].key);
#undef ADD_KEY
    /* Years: every year named, in order (the scenario's range when it has one). */
    int y0 = sc->start_year, y1 = sc->horizon;
    for (size_t i = 0; i < sc->n_envelopes; i++) {
        int y = sc->envelopes[i].year;
        if (y0 == 0 || y < y0)
            y0 = y;
        if (y > y1)
            y1 = y;
    }
    for (size_t i = 0; i < sc->n_iv; i++)
        for (size_t j = 0; j < sc->iv[i].n_alloc; j++) {
            int y = sc->iv[i].alloc[j].year;
            if (y0 == 0 || y < y0)
                y0 = y;
            if (y > y1)
                y1 = y;
        }
    for (size_t m = 0; m < nk && !c.oom; m++) {
        /* One year of carry-over: what is left of year y-1's own envelope may be spent in
         * year y, and is spent before year y's own money (it expires first). */
        double carried = 0;
        for (int y = y0; y <= y1 && y0 > 0; y++) {
            double env = ntm_budget_envelope(sc, y, &keys[m]);
            double alloc = ntm_budget_allocated(sc, y, &keys[m]);
            if (alloc > env + carried + NTM_BUDGET_TOL_DONG)
                report_over(&c, y, &keys[m], env, carried, alloc);
            double from_carried = fmin(alloc, carried);
            double own = fmin(alloc - from_carried, env);
            carried = sc->carry_over ? fmax(0.0, env - own) : 0.0;
        }
    }
    free(keys);
    return done(&c);
}

/* ---- capital types ------------------------------------------------------------------------ */

static void report_capital(checker *c, const ntm_intervention *iv, const ntm_fund_key *k, long line,
                           const char *field)
{
    ntm_lang lang = c->lang;
    char kt[160];
    ntm_fund_key_text(kt, sizeof kt, k, lang);
    /* One message per intervention type, as the Vietnamese names the type in words
     * before its keyword ("chương trình (program)"); only a project needs investment
     * money, and an effort needs no money at all. */
    const char *fmt;
    switch (iv->type) {
    case NTM_IV_PROGRAM:
        fmt = ntm_i18n(lang, "[intervention %s]: a program is recurrent spending (training, "
                             "outreach, support) and needs recurrent (sự nghiệp) money, not "
                             "investment (đầu tư) money (%s)");
        break;
    case NTM_IV_RECURRING:
        fmt = ntm_i18n(lang, "[intervention %s]: a recurring is recurrent spending (training, "
                             "outreach, support) and needs recurrent (sự nghiệp) money, not "
                             "investment (đầu tư) money (%s)");
        break;
    case NTM_IV_PROJECT:
    case NTM_IV_EFFORT:
    default:
        fmt = ntm_i18n(lang, "[intervention %s]: a project is a work and needs investment "
                             "(đầu tư) money, not recurrent (sự nghiệp) money (%s)");
        break;
    }
    add(c, NTM_ERROR, line, field, "wrong-capital", fmt, iv->name, kt);
}

ntm_status ntm_budget_check_capital(const ntm_scenario *sc, ntm_lang lang, ntm_diag_list *diags)
{
    checker c = make(sc, lang, diags);
    for (size_t i = 0; i < sc->n_iv && !c.oom; i++) {
        const ntm_intervention *iv = &sc->iv[i];
        int need = ntm_budget_capital_for(iv->type);
        char id[96], field[128];
        for (size_t j = 0; j < iv->n_keys && need >= 0; j++)
            if ((int)iv->keys[j].capital != need) {
                snprintf(field, sizeof field, "fund.%s", key_id(id, sizeof id, &iv->keys[j]));
                report_capital(&c, iv, &iv->keys[j], iv->line, field);
            }
        for (size_t j = 0; j < iv->n_alloc; j++) {
            const ntm_allocation *a = &iv->alloc[j];
            snprintf(field, sizeof field, "alloc.%d.%s", a->year, key_id(id, sizeof id, &a->key));
            if (need >= 0 && (int)a->key.capital != need) {
                report_capital(&c, iv, &a->key, a->line, field);
                continue;
            }
            int allowed = iv->n_keys == 0;
            for (size_t m = 0; m < iv->n_keys; m++)
                allowed |= ntm_fund_key_equal(&iv->keys[m], &a->key);
            if (!allowed) {
                char kt[160];
                ntm_fund_key_text(kt, sizeof kt, &a->key, lang);
                add(&c, NTM_ERROR, a->line, field, "key-not-allowed",
                    ntm_i18n(lang, "[intervention %s]: %d allocation from %s, a key not among "
                                   "the intervention's fund.* keys"),
                    iv->name, a->year, kt);
            }
        }
    }
    return done(&c);
}

/* ---- names, met indicators, timing ---------------------------------------------------- */

ntm_status ntm_budget_check_names(const ntm_scenario *sc, const ntm_budget_hooks *hooks,
                                  ntm_lang lang, ntm_diag_list *diags)
{
    checker c = make(sc, lang, diags);
    if (!hooks)
        return NTM_OK;
    if (hooks->unit_known)
        for (size_t i = 0; i < sc->n_units; i++)
            if (!hooks->unit_known(hooks->user, sc->units[i]))
                add(&c, NTM_ERROR, 0, "units", "unknown-unit",
                    ntm_i18n(lang, "[scenario] unit '%s' is not in the data (import it with "
                                   "'ntmplan import' or fix the name)"),
                    sc->units[i]);
    if (hooks->indicator_known) {
        for (size_t i = 0; i < sc->n_iv; i++) {
            const ntm_intervention *iv = &sc->iv[i];
            if (iv->unit && iv->indicator &&
                !hooks->indicator_known(hooks->user, iv->unit, iv->indicator))
                add(&c, NTM_ERROR, iv->line, "indicator", "unknown-indicator",
                    ntm_i18n(lang,
                             "[intervention %s]: indicator %s is not in the criteria set of %s"),
                    iv->name, iv->indicator, iv->unit);
        }
        for (size_t i = 0; i < sc->n_targets; i++) {
            const ntm_target *t = &sc->targets[i];
            if (!hooks->indicator_known(hooks->user, t->unit, t->indicator))
                add(&c, NTM_ERROR, t->line, t->indicator, "unknown-indicator",
                    ntm_i18n(lang, "[targets] indicator %s is not in the criteria set of %s"),
                    t->indicator, t->unit);
        }
    }
    return done(&c);
}

static double iv_money(const ntm_intervention *iv)
{
    double s = 0;
    for (size_t j = 0; j < iv->n_alloc; j++)
        s += iv->alloc[j].amount;
    return s;
}

ntm_status ntm_budget_check_met(const ntm_scenario *sc, const ntm_budget_hooks *hooks,
                                ntm_lang lang, ntm_diag_list *diags)
{
    checker c = make(sc, lang, diags);
    if (!hooks || !hooks->indicator_met)
        return NTM_OK;
    for (size_t i = 0; i < sc->n_iv && !c.oom; i++) {
        const ntm_intervention *iv = &sc->iv[i];
        double m = iv_money(iv);
        if (iv->type == NTM_IV_EFFORT || !iv->unit || !iv->indicator || (m <= 0 && !iv->optimize))
            continue;
        if (hooks->indicator_met(hooks->user, iv->unit, iv->indicator) != 1)
            continue;
        char mt[64];
        if (iv->optimize)
            snprintf(mt, sizeof mt, "%s", ntm_i18n(lang, "money (optimize)"));
        else
            money(mt, sizeof mt, m, lang);
        add(&c, NTM_WARNING, iv->n_alloc ? iv->alloc[0].line : iv->line, "indicator", "already-met",
            ntm_i18n(lang, "[intervention %s]: indicator %s of %s is already met but still "
                           "gets %s; unless it is to keep it met, move the money to an unmet "
                           "indicator"),
            iv->name, iv->indicator, iv->unit, mt);
    }
    return done(&c);
}

int ntm_budget_target_year(const ntm_scenario *sc, const ntm_budget_hooks *hooks, const char *unit,
                           const char *indicator)
{
    if (hooks && hooks->target_year && unit && indicator) {
        int y = hooks->target_year(hooks->user, unit, indicator);
        if (y > 0)
            return y;
    }
    for (size_t i = 0; i < sc->n_targets && unit && indicator; i++)
        if (strcmp(sc->targets[i].unit, unit) == 0 &&
            strcmp(sc->targets[i].indicator, indicator) == 0)
            return sc->targets[i].year;
    return sc->deadline;
}

static int by_year(const void *x, const void *y)
{
    const ntm_allocation *a = *(const ntm_allocation *const *)x;
    const ntm_allocation *b = *(const ntm_allocation *const *)y;
    if (a->year != b->year)
        return (a->year > b->year) - (a->year < b->year);
    return (a->line > b->line) - (a->line < b->line);
}

static void timing_project(checker *c, const ntm_intervention *iv, int target)
{
    if (iv->n_alloc == 0 || !isfinite(iv->cost))
        return;
    const ntm_allocation **s = malloc(iv->n_alloc * sizeof *s);
    if (!s) {
        c->oom = 1;
        return;
    }
    for (size_t j = 0; j < iv->n_alloc; j++)
        s[j] = &iv->alloc[j];
    qsort(s, iv->n_alloc, sizeof *s, by_year);
    double cont = isfinite(iv->contingency) ? iv->contingency : 0.0;
    double dur = isfinite(iv->duration) ? iv->duration : 0.0;
    /* the expected cost: the estimate and its contingency (the overrun has median 1;
     * when it comes, the keys' later room pays it: engine/sim.h) */
    double expected = iv->cost * (1.0 + cont), cum = 0;
    const ntm_allocation *full = NULL;
    for (size_t j = 0; j < iv->n_alloc && !full; j++) {
        cum += s[j]->amount;
        if (cum >= iv->cost - NTM_BUDGET_TOL_DONG)
            full = s[j];
    }
    double all = 0;
    for (size_t j = 0; j < iv->n_alloc; j++)
        all += s[j]->amount;
    ntm_lang lang = c->lang;
    if (full && all < expected - NTM_BUDGET_TOL_DONG) {
        char got[64], cost[64], ct[64];
        snprintf(ct, sizeof ct, ntm_i18n(lang, " (with %g%% contingency)"), cont * 100);
        add(c, NTM_WARNING, s[iv->n_alloc - 1]->line, "cost", "money-short",
            ntm_i18n(lang, "[intervention %s]: %s allocated in all does not cover its expected "
                           "cost %s%s: the rest is paid from later unallocated money of its "
                           "funding keys when there is room, and the work finishes late"),
            iv->name, money(got, sizeof got, all, lang), money(cost, sizeof cost, expected, lang),
            ct);
    }
    if (!full) {
        /* short of the estimate itself: no later money is assumed to make it up */
        char got[64], cost[64], ct[1] = "";
        double need = iv->cost;
        add(c, NTM_WARNING, s[iv->n_alloc - 1]->line, "cost", "underfunded",
            ntm_i18n(lang, "[intervention %s]: %s allocated in all, short of the cost %s%s: "
                           "the work is never completed"),
            iv->name, money(got, sizeof got, cum, lang), money(cost, sizeof cost, need, lang), ct);
    } else if (full->year + dur > target) {
        char id[96], field[128];
        snprintf(field, sizeof field, "alloc.%d.%s", full->year, key_id(id, sizeof id, &full->key));
        double doneyr = full->year + dur;
        add(c, NTM_WARNING, full->line, field, "too-late",
            ntm_i18n(lang, "[intervention %s]: fully funded in %d, %g year(s) to build, so "
                           "done at the end of %g, after the target year %d of indicator %s"),
            iv->name, full->year, dur, ceil(doneyr), target, iv->indicator ? iv->indicator : "?");
    }
    free(s);
}

ntm_status ntm_budget_check_timing(const ntm_scenario *sc, const ntm_budget_hooks *hooks,
                                   ntm_lang lang, ntm_diag_list *diags)
{
    checker c = make(sc, lang, diags);
    for (size_t i = 0; i < sc->n_iv && !c.oom; i++) {
        const ntm_intervention *iv = &sc->iv[i];
        int target = ntm_budget_target_year(sc, hooks, iv->unit, iv->indicator);
        if (target <= 0)
            continue;
        if (iv->type == NTM_IV_PROJECT) {
            timing_project(&c, iv, target);
            continue;
        }
        if (iv->type == NTM_IV_EFFORT)
            continue;
        double lag = isfinite(iv->lag) ? iv->lag : 0.0;
        /* Recurring support keeps coverage while it is paid: money after the target year
         * maintains it. Only the first paid year matters. */
        int first = 0;
        for (size_t j = 0; j < iv->n_alloc; j++)
            if (iv->alloc[j].amount > 0 && (first == 0 || iv->alloc[j].year < first))
                first = iv->alloc[j].year;
        for (size_t j = 0; j < iv->n_alloc; j++) {
            const ntm_allocation *a = &iv->alloc[j];
            if (a->amount <= 0 || a->year + lag <= target)
                continue;
            if (iv->type == NTM_IV_RECURRING && a->year != first)
                continue;
            char id[96], field[128], mt[64];
            snprintf(field, sizeof field, "alloc.%d.%s", a->year, key_id(id, sizeof id, &a->key));
            add(&c, NTM_WARNING, a->line, field, "too-late",
                ntm_i18n(lang, "[intervention %s]: %s spent in %d acts at the end of %g (lag %g "
                               "years), after the target year %d of indicator %s"),
                iv->name, money(mt, sizeof mt, a->amount, lang), a->year, ceil(a->year + lag), lag,
                target, iv->indicator ? iv->indicator : "?");
        }
    }
    return done(&c);
}

/* ---- funding sources that no longer exist --------------------------------------------------- */

static void report_district(checker *c, int year, long line, const char *field)
{
    add(c, NTM_WARNING, line, field, "district-source-ended",
        ntm_i18n(c->lang, "year %d: money from a district (huyện) source, but districts ended on "
                          "1/7/2025; from 2026 the sources are central, province, commune, other "
                          "programmes (lồng ghép), policy credit, enterprises and the community "
                          "(NQ 257/2025/QH15)"),
        year);
}

ntm_status ntm_budget_check_sources(const ntm_scenario *sc, ntm_lang lang, ntm_diag_list *diags)
{
    checker c = make(sc, lang, diags);
    char field[96];
    for (size_t i = 0; i < sc->n_envelopes && !c.oom; i++) {
        const ntm_envelope *e = &sc->envelopes[i];
        if (e->key.source == NTM_SRC_DISTRICT && e->year > NTM_BUDGET_LAST_DISTRICT_YEAR)
            report_district(&c, e->year, e->line,
                            key_id(field, sizeof field, &e->key)); /* the envelope's key */
    }
    for (size_t i = 0; i < sc->n_iv && !c.oom; i++)
        for (size_t j = 0; j < sc->iv[i].n_alloc; j++) {
            const ntm_allocation *a = &sc->iv[i].alloc[j];
            if (a->key.source != NTM_SRC_DISTRICT || a->year <= NTM_BUDGET_LAST_DISTRICT_YEAR)
                continue;
            char k[64];
            snprintf(field, sizeof field, "alloc.%d.%s", a->year, key_id(k, sizeof k, &a->key));
            report_district(&c, a->year, a->line, field);
        }
    return done(&c);
}

ntm_status ntm_budget_check(const ntm_scenario *sc, const ntm_budget_hooks *hooks, ntm_lang lang,
                            ntm_diag_list *diags)
{
    size_t errors0 = diags->n_errors;
    ntm_status r[6] = {
        ntm_budget_check_sources(sc, lang, diags),
        ntm_budget_check_names(sc, hooks, lang, diags),
        ntm_budget_check_capital(sc, lang, diags),
        ntm_budget_check_envelopes(sc, lang, diags),
        ntm_budget_check_met(sc, hooks, lang, diags),
        ntm_budget_check_timing(sc, hooks, lang, diags),
    };
    for (int i = 0; i < 6; i++)
        if (r[i] == NTM_ENOMEM)
            return NTM_ENOMEM;
    return diags->n_errors > errors0 ? NTM_EINPUT : NTM_OK;
}
