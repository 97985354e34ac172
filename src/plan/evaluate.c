/* evaluate.c: a scenario made ready to simulate (see evaluate.h). */
#include "plan/evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/version.h"
#include "engine/baseline.h"
#include "io/date.h"
#include "io/scenario_ini.h"
#include "io/scenario_xlsx.h"
#include "io/text.h"
#include "plan/asof.h"
#include "model/budget.h"

/* Draws per progress step: small enough to show progress each second on a province. */
#define PROGRESS_STEP 256

void ntm_eval_run_time(const ntm_cli *cli, char *buf, size_t size)
{
    ntm_date d;
    if (cli->today && ntm_date_parse(cli->today, &d, NULL) == NTM_OK) {
        snprintf(buf, size, "%sT00:00:00Z", d.iso);
        return;
    }
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        now = (time_t)strtoll(sde, NULL, 10);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ntm_eval_print_diags(const ntm_eval *ev)
{
    for (size_t i = 0; i < ev->diags.n; i++) {
        char line[1400];
        ntm_diag_format(&ev->diags.items[i], line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
}

void ntm_eval_print_diags_except(const ntm_eval *ev, const char *code)
{
    for (size_t i = 0; i < ev->diags.n; i++) {
        const ntm_diag *d = &ev->diags.items[i];
        if (d->severity == NTM_WARNING && d->code && code && strcmp(d->code, code) == 0)
            continue;
        char line[1400];
        ntm_diag_format(d, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
}

/* ---- budget hooks: what the scenario is checked against ------------------------------ */

static const ntm_eval_unit *find_unit(const ntm_eval *ev, const char *name)
{
    for (size_t i = 0; i < ev->n_units; i++)
        if (strcmp(ev->units[i].unit.name, name) == 0)
            return &ev->units[i];
    return NULL;
}

static const ntm_indicator_result *find_result(const ntm_eval_unit *u, const char *code)
{
    for (size_t k = 0; u && k < u->sc.n_ind; k++)
        if (strcmp(u->sc.ind[k].ind->code, code) == 0)
            return &u->sc.ind[k];
    return NULL;
}

static int hook_unit_known(void *user, const char *unit)
{
    return find_unit(user, unit) != NULL;
}

static int hook_indicator_known(void *user, const char *unit, const char *indicator)
{
    const ntm_eval_unit *u = find_unit(user, unit);
    return u && ntm_catalog_indicator(&u->cat, indicator) != NULL;
}

static int hook_indicator_met(void *user, const char *unit, const char *indicator)
{
    const ntm_indicator_result *r = find_result(find_unit(user, unit), indicator);
    if (!r || r->state == NTM_STATE_UNKNOWN)
        return -1;
    return r->state == NTM_STATE_MET;
}

/* ---- preparation ------------------------------------------------------------------------ */

/* The population a rate is over: the deciding observation's denominator, the largest of
 * a sum's parts' denominators, else the unit's households or population. */
static double population_of(const ntm_unit *u, const ntm_indicator_result *r)
{
    if (r->n_obs && isfinite(r->obs[0]->denominator))
        return r->obs[0]->denominator;
    double best = NAN;
    for (size_t k = 0; k < r->n_parts_obs; k++)
        if (isfinite(r->parts_obs[k]->denominator) && !(r->parts_obs[k]->denominator <= best))
            best = r->parts_obs[k]->denominator;
    if (isfinite(best))
        return best;
    return ntm_unit_count(u, r->ind->denom_unit);
}

/* The value the simulation starts from: of the latest reports, the least favourable
 * (the villages' claim of 25,27% or the 11,58% the certificates on file support: the
 * latter), else the recomputed figure. */
static double start_value(const ntm_indicator_result *r)
{
    double v = NAN;
    for (size_t i = 0; i < r->n_obs; i++) {
        double x = r->obs[i]->value;
        int is_rate = r->ind->kind == NTM_KIND_RATE || r->ind->kind == NTM_KIND_SUM;
        if (!isfinite(x) || x < 0 || (is_rate && x > 100)) /* impossible: not used */
            continue;
        if (!isfinite(v) || (r->ind->direction == NTM_DIR_MAX ? x > v : x < v))
            v = x;
    }
    if (!isfinite(v) && !r->invalid_value)
        v = isfinite(r->reported) ? r->reported : r->recomputed;
    return v;
}

/* Gives the scenario's unit I the stored NAME everywhere the scenario names it: the file
 * may write "cam thanh" for "Cẩm Thành", as on the command line. */
static ntm_status rename_unit(ntm_scenario *sc, size_t i, const char *name, ntm_error *err)
{
    const char *old = sc->units[i];
    if (strcmp(old, name) == 0)
        return NTM_OK;
    for (size_t k = 0; k < sc->n_iv + sc->n_targets + sc->n_assume; k++) {
        char **u = k < sc->n_iv                   ? &sc->iv[k].unit
                   : k < sc->n_iv + sc->n_targets ? &sc->targets[k - sc->n_iv].unit
                                                  : &sc->assume[k - sc->n_iv - sc->n_targets].unit;
        if (*u && strcmp(*u, old) == 0) {
            char *c = strdup(name);
            if (!c)
                return ntm_error_set(err, NTM_ENOMEM, "out of memory");
            free(*u);
            *u = c;
        }
    }
    char *c = strdup(name);
    if (!c)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    free(sc->units[i]);
    sc->units[i] = c;
    return NTM_OK;
}

/* Leaves out EU's observations dated after today, with a warning among EV's diagnostics. */
static ntm_status keep_until_today(ntm_eval *ev, const ntm_cli *cli, ntm_eval_unit *eu)
{
    eu->n_obs_all = eu->n_obs;
    eu->n_obs = ntm_asof_keep(eu->obs, eu->n_obs_all, ntm_asof_today(cli->today));
    char msg[600];
    if (ntm_plan_future_text(cli->lang, cli->today, eu->unit.name,
                             eu->obs ? eu->obs + eu->n_obs : NULL, eu->n_obs_all - eu->n_obs, msg,
                             sizeof msg))
        ntm_diag_add(&ev->diags, NTM_WARNING, NULL, 0, 0, NULL, "future", "%s", msg);
    return NTM_OK;
}

static ntm_status load_units(const ntm_cli *cli, ntm_store *st, ntm_eval *ev, ntm_error *err)
{
    ev->units = calloc(ev->sc.n_units ? ev->sc.n_units : 1, sizeof *ev->units);
    ev->unit_names = calloc(ev->sc.n_units ? ev->sc.n_units : 1, sizeof *ev->unit_names);
    if (!ev->units || !ev->unit_names)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t i = 0; i < ev->sc.n_units; i++) {
        const char *name = ev->sc.units[i];
        char *key = ntm_text_key(name);
        ntm_unit *found = NULL;
        size_t n = 0;
        ntm_status rc = ntm_store_find_units(st, key ? key : name, &found, &n, err);
        free(key);
        if (rc != NTM_OK)
            return rc;
        size_t pick = n;
        for (size_t k = 0; k < n; k++)
            if (strcmp(found[k].name, name) == 0 || n == 1)
                pick = k;
        if (pick == n) {
            ntm_store_free_units(found, n);
            return ntm_error_set(err, NTM_ENOTFOUND,
                                 "%s: unit '%s' is not in %s (import its units file first)",
                                 ev->sc.path, name, "the database");
        }
        if (!found[pick].set_id) {
            ntm_error_set(err, NTM_EINPUT, "%s: unit '%s' has no criteria set", ev->sc.path,
                          found[pick].name);
            ntm_store_free_units(found, n);
            return NTM_EINPUT;
        }
        if ((rc = rename_unit(&ev->sc, i, found[pick].name, err)) != NTM_OK) {
            ntm_store_free_units(found, n);
            return rc;
        }
        ntm_eval_unit *eu = &ev->units[ev->n_units];
        eu->unit = found[pick];
        memset(&found[pick], 0, sizeof found[pick]);
        ntm_store_free_units(found, n);
        ev->n_units++;
        ev->unit_names[i] = eu->unit.name;
        if ((rc = ntm_store_get_catalog(st, eu->unit.set_id, &eu->cat, err)) != NTM_OK ||
            (rc = ntm_store_get_observations(st, eu->unit.name, &eu->obs, &eu->n_obs, err)) !=
                NTM_OK ||
            (rc = keep_until_today(ev, cli, eu)) != NTM_OK ||
            (rc = ntm_scorecard_compute(&eu->sc, &eu->cat, &eu->unit, eu->obs, eu->n_obs, INFINITY,
                                        err)) != NTM_OK)
            return rc;
    }
    return NTM_OK;
}

/* The scenario's working figures (its [assumptions]) fill what the data and the confirmed
 * criteria set leave empty: a current value, a threshold. Data and confirmed thresholds
 * always win. *USED is set to the assumption when one was applied. */
static void apply_assumption(ntm_eval *ev, const ntm_eval_unit *eu, const ntm_indicator_result *r,
                             ntm_sim_indicator *si, const ntm_assumption **used)
{
    for (size_t i = 0; i < ev->sc.n_assume; i++) {
        const ntm_assumption *a = &ev->sc.assume[i];
        if (strcmp(a->indicator, r->ind->code) != 0 ||
            (a->unit ? strcmp(a->unit, eu->unit.name) != 0 : ev->n_units != 1))
            continue;
        int applied = 0;
        if (!isfinite(si->value) && isfinite(a->value)) {
            si->value = a->value;
            applied = 1;
        }
        if (!r->threshold && (isfinite(a->lower) || isfinite(a->upper))) {
            int wrong = (r->ind->direction == NTM_DIR_MIN && !isfinite(a->lower)) ||
                        (r->ind->direction == NTM_DIR_MAX && !isfinite(a->upper));
            if (wrong)
                ntm_diag_add(&ev->diags, NTM_ERROR, ev->sc.path, a->line, 0, "threshold",
                             "assumption-direction",
                             "[assumptions] %s: indicator %s is met when it is %s, but the "
                             "assumed threshold bounds it from the other side",
                             r->ind->code, r->ind->code,
                             r->ind->direction == NTM_DIR_MIN ? "at least the threshold"
                                                              : "at most the threshold");
            else {
                si->lower = a->lower;
                si->upper = a->upper;
                applied = 1;
            }
        }
        if (applied)
            *used = a;
        return;
    }
}

/* Assumptions naming an indicator or unit the scenario does not have are errors. */
static void check_assumptions(ntm_eval *ev)
{
    for (size_t i = 0; i < ev->sc.n_assume; i++) {
        const ntm_assumption *a = &ev->sc.assume[i];
        int found = 0;
        for (size_t u = 0; u < ev->n_units && !found; u++)
            if (!a->unit || strcmp(a->unit, ev->units[u].unit.name) == 0)
                found = ntm_catalog_indicator(&ev->units[u].cat, a->indicator) != NULL;
        if (!found)
            ntm_diag_add(&ev->diags, NTM_ERROR, ev->sc.path, a->line, 0, "indicator",
                         "unknown-indicator",
                         "[assumptions] indicator %s is not in the criteria set of %s",
                         a->indicator, a->unit ? a->unit : "the scenario's unit");
    }
}

static ntm_status build_indicators(ntm_eval *ev, ntm_error *err)
{
    size_t total = 0, total_crit = 0;
    for (size_t u = 0; u < ev->n_units; u++) {
        total += ev->units[u].sc.n_ind;
        total_crit += ev->units[u].sc.n_crit;
    }
    ev->ind = calloc(total ? total : 1, sizeof *ev->ind);
    ev->ind_res = calloc(total ? total : 1, sizeof *ev->ind_res);
    ev->fits = calloc(total ? total : 1, sizeof *ev->fits);
    ev->assumed = calloc(total ? total : 1, sizeof *ev->assumed);
    ev->crit = calloc(total_crit ? total_crit : 1, sizeof *ev->crit);
    ev->crit_res = calloc(total_crit ? total_crit : 1, sizeof *ev->crit_res);
    ev->crit_members = calloc(total ? total : 1, sizeof *ev->crit_members);
    if (!ev->ind || !ev->ind_res || !ev->fits || !ev->assumed || !ev->crit || !ev->crit_res ||
        !ev->crit_members)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    size_t members = 0;
    for (size_t u = 0; u < ev->n_units; u++) {
        const ntm_eval_unit *eu = &ev->units[u];
        size_t first = ev->n_ind;
        for (size_t k = 0; k < eu->sc.n_ind; k++) {
            const ntm_indicator_result *r = &eu->sc.ind[k];
            const ntm_indicator *ind = r->ind;
            ntm_sim_indicator *si = &ev->ind[ev->n_ind];
            si->unit = u;
            si->code = ind->code;
            si->kind = ind->kind;
            si->direction = ind->direction;
            si->lower = r->threshold ? r->threshold->lower : NAN;
            si->upper = r->threshold ? r->threshold->upper : NAN;
            si->value = start_value(r);
            si->met = r->state == NTM_STATE_MET;
            si->risk = ind->risk;
            si->population = population_of(&eu->unit, r);
            si->target_year = ntm_budget_target_year(&ev->sc, NULL, eu->unit.name, ind->code);
            /* Poverty-type rates move with the economy (the shared shock). */
            si->economy = strcmp(ind->criterion, "11") == 0;
            if (ind->kind != NTM_KIND_BINARY) {
                ntm_series s;
                ntm_error e = {0};
                ntm_baseline_series(&eu->cat, ind, eu->obs, eu->n_obs, INFINITY, &s);
                if (s.n > 0 && ntm_baseline_fit(ind, &s, &ev->fits[ev->n_ind], &e) != NTM_OK)
                    ev->fits[ev->n_ind] = NULL; /* too little data: the state stays */
            }
            si->fit = ev->fits[ev->n_ind];
            si->quantiles = si->fit != NULL;
            apply_assumption(ev, eu, r, si, &ev->assumed[ev->n_ind]);
            ev->ind_res[ev->n_ind] = r;
            ev->n_ind++;
        }
        for (size_t c = 0; c < eu->sc.n_crit; c++) {
            const ntm_criterion_result *cr = &eu->sc.crit[c];
            ntm_sim_criterion *sc = &ev->crit[ev->n_crit];
            sc->unit = u;
            sc->code = cr->crit->code;
            sc->indicators = &ev->crit_members[members];
            for (size_t k = first; k < ev->n_ind; k++)
                if (strcmp(ev->ind_res[k]->ind->criterion, cr->crit->code) == 0)
                    ev->crit_members[members + sc->n_indicators++] = k;
            members += sc->n_indicators;
            sc->met = cr->state == NTM_STATE_MET;
            sc->risk = NAN;
            ev->crit_res[ev->n_crit] = cr;
            ev->n_crit++;
        }
    }
    return NTM_OK;
}

/* The money under KEY in year Y that the scenario gives no intervention (>= 0). */
static double key_room(const ntm_scenario *sc, int y, const ntm_fund_key *key)
{
    double m = 0;
    for (size_t e = 0; e < sc->n_envelopes; e++)
        if (sc->envelopes[e].year == y && ntm_fund_key_equal(&sc->envelopes[e].key, key))
            m += sc->envelopes[e].amount;
    for (size_t i = 0; i < sc->n_iv; i++)
        for (size_t a = 0; a < sc->iv[i].n_alloc; a++)
            if (sc->iv[i].alloc[a].year == y && ntm_fund_key_equal(&sc->iv[i].alloc[a].key, key))
                m -= sc->iv[i].alloc[a].amount;
    return m > 0 ? m : 0;
}

/* Each project's share of its keys' unallocated money per year (ntm_sim_iv.room): a key's
 * room is split evenly between the projects that may draw on it. None when the
 * optimiser is to allocate the envelopes (their room is its to give). */
static void build_room(ntm_eval *ev)
{
    const ntm_scenario *sc = &ev->sc;
    for (size_t i = 0; i < sc->n_iv; i++)
        if (sc->iv[i].optimize)
            return;
    for (size_t k = 0; k < ev->n_iv; k++) {
        const ntm_intervention *iv = ev->iv[k].iv;
        if (iv->type != NTM_IV_PROJECT)
            continue;
        double *room = &ev->room[k * ev->n_years];
        for (size_t j = 0; j < iv->n_keys; j++) {
            size_t sharing = 0;
            for (size_t i = 0; i < sc->n_iv; i++)
                for (size_t q = 0; q < sc->iv[i].n_keys; q++)
                    sharing += sc->iv[i].type == NTM_IV_PROJECT &&
                               ntm_fund_key_equal(&sc->iv[i].keys[q], &iv->keys[j]);
            for (size_t y = 0; y < ev->n_years; y++)
                room[y] += key_room(sc, sc->start_year + (int)y, &iv->keys[j]) /
                           (double)(sharing ? sharing : 1);
        }
        ev->iv[k].room = room;
    }
}

static ntm_status build_interventions(ntm_eval *ev, ntm_error *err)
{
    const ntm_scenario *sc = &ev->sc;
    ev->n_years = (size_t)(sc->horizon - sc->start_year + 1);
    ev->iv = calloc(sc->n_iv ? sc->n_iv : 1, sizeof *ev->iv);
    ev->spend = calloc((sc->n_iv ? sc->n_iv : 1) * ev->n_years, sizeof *ev->spend);
    ev->room = calloc((sc->n_iv ? sc->n_iv : 1) * ev->n_years, sizeof *ev->room);
    if (!ev->iv || !ev->spend || !ev->room)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t i = 0; i < sc->n_iv; i++) {
        const ntm_intervention *iv = &sc->iv[i];
        const char *unit = iv->unit ? iv->unit : (ev->n_units == 1 ? ev->units[0].unit.name : NULL);
        size_t k = ev->n_ind;
        for (size_t j = 0; unit && j < ev->n_ind; j++)
            if (strcmp(ev->ind[j].code, iv->indicator) == 0 &&
                strcmp(ev->units[ev->ind[j].unit].unit.name, unit) == 0)
                k = j;
        if (k == ev->n_ind) {
            ntm_diag_add(&ev->diags, NTM_ERROR, sc->path, iv->line, 0, "indicator", "unknown",
                         "[intervention %s]: no indicator %s in unit %s", iv->name,
                         iv->indicator ? iv->indicator : "?", unit ? unit : "?");
            continue;
        }
        double *spend = &ev->spend[i * ev->n_years];
        for (size_t a = 0; a < iv->n_alloc; a++) {
            int y = iv->alloc[a].year - sc->start_year;
            if (y >= 0 && (size_t)y < ev->n_years)
                spend[y] += iv->alloc[a].amount;
        }
        ev->iv[ev->n_iv].iv = iv;
        ev->iv[ev->n_iv].indicator = k;
        ev->iv[ev->n_iv].spend = spend;
        ev->iv[ev->n_iv].from = ev->ind_res[k] ? ev->ind_res[k]->t : NAN;
        ev->n_iv++;
    }
    build_room(ev);
    return NTM_OK;
}

static int file_digest(const char *path, char out[17])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    unsigned long long h = 1469598103934665603ULL; /* FNV-1a 64 */
    int c;
    while ((c = fgetc(f)) != EOF) {
        h ^= (unsigned long long)(unsigned char)c;
        h *= 1099511628211ULL;
    }
    fclose(f);
    snprintf(out, 17, "%016llx", h);
    return 0;
}

/* The memory a run is allowed (bytes): $NTMPLAN_MAX_MEMORY in MB, else three quarters
 * of the machine's memory. */
static double memory_limit(void)
{
    const char *e = getenv("NTMPLAN_MAX_MEMORY");
    char *end;
    double mb = e && *e ? strtod(e, &end) : -1;
    if (e && *e && !*end && mb > 0)
        return mb * 1024 * 1024;
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? 0.75 * (double)pages * (double)size : 8e9;
}

/* Refuses at once a run whose memory is beyond memory_limit(), with the estimate: the
 * simulator keeps 4 bytes per draw, year and indicator for the quantiles (engine/sim.h),
 * plus 8 per draw to sort them. Counted before any trend is fitted. */
static ntm_status check_memory(const ntm_cli *cli, const ntm_eval *ev, long draws, ntm_error *err)
{
    const ntm_scenario *sc = &ev->sc;
    double n_ind = 0;
    for (size_t u = 0; u < ev->n_units; u++)
        n_ind += (double)ev->units[u].cat.n_indicators;
    double years = sc->horizon >= sc->start_year ? sc->horizon - sc->start_year + 1 : 1;
    double need = (double)draws * (years * n_ind * 4 + 8);
    double limit = memory_limit();
    if (need <= limit)
        return NTM_OK;
    char a[64], b[64];
    ntm_fmt_number(a, sizeof a, need / 1e9, 1, cli->lang);
    ntm_fmt_number(b, sizeof b, limit / 1e9, 1, cli->lang);
    return ntm_error_set(err, NTM_EINPUT,
                         ntm_tr(cli, "%s: the run would need about %s GB of memory (%ld draws x "
                                     "%.0f years x %.0f indicators x 4 bytes) and the limit is "
                                     "%s GB (three quarters of this machine's memory, or "
                                     "NTMPLAN_MAX_MEMORY in MB); use fewer draws (--draws) or "
                                     "fewer units"),
                         sc->path, a, draws, years, n_ind, b);
}

ntm_status ntm_eval_prepare(const ntm_cli *cli, ntm_store *st, const char *scenario_path,
                            int threads, long draws, ntm_eval *ev, ntm_error *err)
{
    memset(ev, 0, sizeof *ev);
    ntm_diag_list_init(&ev->diags);
    char defaults[4200];
    snprintf(defaults, sizeof defaults, "%s/defaults.ini", ntm_cli_models_dir((ntm_cli *)cli));
    ntm_status rc = ntm_scenario_is_workbook(scenario_path)
                        ? ntm_scenario_read_xlsx(scenario_path, defaults, &ev->sc, &ev->diags)
                        : ntm_scenario_read(scenario_path, defaults, &ev->sc, &ev->diags);
    if (rc != NTM_OK)
        return ntm_error_set(err, rc, ntm_tr(cli, "%s: the scenario has errors; nothing was run"),
                             scenario_path);
    if (file_digest(scenario_path, ev->digest) != 0)
        snprintf(ev->digest, sizeof ev->digest, "unknown");
    if ((rc = load_units(cli, st, ev, err)) != NTM_OK ||
        (rc = check_memory(cli, ev, draws > 0 ? draws : ev->sc.draws, err)) != NTM_OK)
        return rc;
    check_assumptions(ev);
    if ((rc = build_indicators(ev, err)) != NTM_OK || (rc = build_interventions(ev, err)) != NTM_OK)
        return rc;
    ntm_budget_hooks hooks = {.user = ev,
                              .unit_known = hook_unit_known,
                              .indicator_known = hook_indicator_known,
                              .indicator_met = hook_indicator_met,
                              .target_year = NULL};
    ntm_budget_check(&ev->sc, &hooks, cli->lang, &ev->diags);
    if (ev->diags.n_errors > 0)
        return ntm_error_set(err, NTM_EINPUT,
                             ntm_tr(cli, "%s: the scenario has errors; nothing was run"),
                             scenario_path);
    ntm_sim_input *in = &ev->input;
    in->seed = ev->sc.seed;
    in->start_year = ev->sc.start_year;
    in->horizon = ev->sc.horizon;
    in->deadline = ev->sc.deadline;
    in->draws = draws > 0 ? draws : ev->sc.draws;
    in->threads = threads > 0 ? threads : 1;
    in->shared = ev->sc.shared;
    in->unit_names = ev->unit_names;
    in->n_units = ev->n_units;
    in->ind = ev->ind;
    in->n_ind = ev->n_ind;
    in->crit = ev->crit;
    in->n_crit = ev->n_crit;
    in->iv = ev->iv;
    in->n_iv = ev->n_iv;
    return NTM_OK;
}

void ntm_eval_release(ntm_eval *ev)
{
    if (!ev)
        return;
    for (size_t i = 0; i < ev->n_ind; i++)
        ntm_trend_fit_free(ev->fits[i]);
    for (size_t u = 0; u < ev->n_units; u++) {
        ntm_eval_unit *eu = &ev->units[u];
        ntm_scorecard_release(&eu->sc);
        ntm_store_free_observations(eu->obs, eu->n_obs_all);
        ntm_catalog_release(&eu->cat);
        ntm_unit_release(&eu->unit);
    }
    free(ev->units);
    free(ev->unit_names);
    free(ev->ind);
    free(ev->ind_res);
    free(ev->fits);
    free(ev->assumed);
    free(ev->crit);
    free(ev->crit_res);
    free(ev->crit_members);
    free(ev->iv);
    free(ev->spend);
    free(ev->room);
    ntm_scenario_release(&ev->sc);
    ntm_diag_list_release(&ev->diags);
    memset(ev, 0, sizeof *ev);
}

ntm_status ntm_eval_simulate(const ntm_cli *cli, ntm_eval *ev, ntm_sim **sim, ntm_error *err)
{
    ntm_status rc = ntm_sim_new(sim, &ev->input, err);
    if (rc != NTM_OK)
        return rc;
    int tty = isatty(STDERR_FILENO);
    time_t t0 = time(NULL);
    int shown = 0;
    while (!ntm_sim_done(*sim)) {
        if (ntm_sim_step(*sim, PROGRESS_STEP) <= 0)
            break;
        if (tty && time(NULL) - t0 >= 1) {
            fprintf(stderr, "\r%s %ld/%ld", ntm_tr(cli, "simulating"), ntm_sim_draws_done(*sim),
                    ev->input.draws);
            shown = 1;
        }
    }
    if (shown)
        fprintf(stderr, "\r%*s\r", 40, "");
    return NTM_OK;
}

/* Copies N doubles (NULL stays NULL). */
static double *copy(const double *v, size_t n)
{
    if (!v)
        return NULL;
    double *c = malloc(n * sizeof *c);
    if (c)
        memcpy(c, v, n * sizeof *c);
    return c;
}

static int fill_item(ntm_run_item *it, ntm_run_level level, const char *unit, const char *code,
                     const ntm_sim_stats *s, size_t ny, int met_now)
{
    it->level = level;
    it->unit = strdup(unit);
    it->code = code ? strdup(code) : NULL;
    it->target_year = s->target_year;
    it->p_target = s->p_target;
    it->p_target_se = s->p_target_se;
    it->p_deadline = s->p_deadline;
    it->p_deadline_se = s->p_deadline_se;
    it->skipped = s->skipped;
    it->met_now = met_now;
    it->n_years = ny;
    it->p_met = copy(s->p_met, ny);
    it->p_met_se = copy(s->p_met_se, ny);
    it->first_met = copy(s->first_met, ny + 1);
    it->quant = copy(s->quant, ny * NTM_RUN_NQ);
    it->mean_met = copy(s->mean_met, ny);
    return it->unit && it->p_met && it->p_met_se && it->first_met ? 0 : -1;
}

ntm_status ntm_eval_to_run(const ntm_eval *ev, const ntm_sim *sim, const ntm_sim_summary *res,
                           const char *created, ntm_run *run, ntm_error *err)
{
    (void)sim;
    memset(run, 0, sizeof *run);
    ntm_run_meta *m = &run->meta;
    m->scenario = strdup(ev->sc.name ? ev->sc.name : "");
    m->path = strdup(ev->sc.path ? ev->sc.path : "");
    m->digest = strdup(ev->digest);
    m->seed = ev->input.seed;
    m->draws = res->draws;
    m->threads = ev->input.threads;
    m->start_year = res->start_year;
    m->horizon = res->horizon;
    m->deadline = res->deadline;
    m->version = strdup(NTM_VERSION);
    m->created = strdup(created);
    size_t n = res->n_ind + res->n_crit + res->n_units;
    run->items = calloc(n ? n : 1, sizeof *run->items);
    if (!m->scenario || !m->path || !m->digest || !m->version || !m->created || !run->items) {
        ntm_run_release(run);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    size_t ny = res->n_years;
    int bad = 0;
    for (size_t i = 0; i < res->n_ind; i++)
        bad |= fill_item(&run->items[run->n_items++], NTM_RUN_INDICATOR,
                         ev->unit_names[ev->ind[i].unit], ev->ind[i].code, &res->ind[i], ny,
                         ev->ind[i].met);
    for (size_t i = 0; i < res->n_crit; i++)
        bad |= fill_item(&run->items[run->n_items++], NTM_RUN_CRITERION,
                         ev->unit_names[ev->crit[i].unit], ev->crit[i].code, &res->crit[i], ny,
                         ev->crit[i].met);
    for (size_t i = 0; i < res->n_units; i++) {
        const ntm_eval_unit *eu = &ev->units[i];
        int all = eu->sc.crit_met == eu->sc.n_crit && eu->sc.n_crit > 0;
        bad |= fill_item(&run->items[run->n_items++], NTM_RUN_UNIT, ev->unit_names[i], NULL,
                         &res->unit[i], ny, all);
    }
    if (bad) {
        ntm_run_release(run);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    return NTM_OK;
}
