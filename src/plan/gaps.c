/* gaps.c: the least extra money that closes each gap and each unmet criterion with the
 * confidence asked (see gaps.h for the method), split by funding key, with its Monte
 * Carlo error. */
#include "plan/gaps.h"
#include "plan/subsim.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/number.h"
#include "io/text.h"
#include "model/budget.h"

/* The search never tries more than this multiple of its first guess. */
#define MAX_OVER_GUESS 1000.0
/* A first guess when no closed form applies: 1 tỷ đồng. */
#define DEFAULT_GUESS 1e9

static const double fixed_conf[NTM_GAPS_NCONF] = {0.5, NAN, 0.95};

int ntm_gaps_fig_repeated(const ntm_gapcost_result *fig, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (fig[j].conf == fig[k].conf)
            return 1;
    return 0;
}

/* ---- a simulator holding only some indicators --------------------------------------- */

typedef struct probe {
    ntm_sim *sim;
    ntm_sim_input in;
    ntm_subsim sub; /* the indicators costed and what acts on them */
    size_t n_ind;
    ntm_sim_iv *iv;
    size_t *iv_of; /* index into ev->iv */
    size_t n_iv;
    double *base; /* n_iv x ny: the scenario's money */
    double *dir;  /* n_iv x ny: extra money per đồng searched */
    double *buf;  /* ny */
    size_t ny, year;
    uint8_t *ind_met, *crit_met, *unit_met;
    size_t evals;
} probe;

static void probe_release(probe *p)
{
    ntm_sim_free(p->sim);
    ntm_subsim_release(&p->sub);
    free(p->base);
    free(p->dir);
    free(p->buf);
    free(p->ind_met);
    free(p->crit_met);
    free(p->unit_met);
    memset(p, 0, sizeof *p);
}

/* A simulator for the N_MEMBERS indicators MEMBERS of EV and every intervention acting on
 * them, whose P is about the end of YEAR. */
static ntm_status probe_init(probe *p, const ntm_eval *ev, const size_t *members, size_t n_members,
                             int year, ntm_error *err)
{
    memset(p, 0, sizeof *p);
    p->ny = ev->n_years;
    p->year = (size_t)(year - ev->sc.start_year);
    size_t unit = n_members ? ev->ind[members[0]].unit : 0;
    ntm_status rc = ntm_subsim_input(&p->sub, ev, unit, members, n_members, 0, err);
    if (rc != NTM_OK)
        return rc;
    p->iv = p->sub.iv;
    p->iv_of = p->sub.iv_of;
    p->n_iv = p->sub.n_iv;
    p->n_ind = n_members;
    p->base = calloc((p->n_iv ? p->n_iv : 1) * p->ny, sizeof *p->base);
    p->dir = calloc((p->n_iv ? p->n_iv : 1) * p->ny, sizeof *p->dir);
    p->buf = calloc(p->ny, sizeof *p->buf);
    size_t nd = (size_t)ev->input.draws;
    p->ind_met = calloc(nd * (n_members ? n_members : 1) * p->ny, 1);
    p->crit_met = calloc(1, 1);
    p->unit_met = calloc(nd * p->ny, 1);
    if (!p->base || !p->dir || !p->buf || !p->ind_met || !p->crit_met || !p->unit_met)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    /* the scenario's money, copied: the search adds to it along dir */
    for (size_t k = 0; k < p->n_iv; k++) {
        memcpy(&p->base[k * p->ny], ev->iv[p->iv_of[k]].spend, p->ny * sizeof(double));
        p->iv[k].spend = &p->base[k * p->ny];
    }
    p->in = p->sub.in;
    return ntm_sim_new(&p->sim, &p->in, err);
}

/* P(every member met at the end of the probe's year) with the scenario's money plus
 * MONEY along dir. */
static ntm_status probe_p(void *user, double money, double *out, ntm_error *err)
{
    probe *p = user;
    ntm_status rc;
    for (size_t k = 0; k < p->n_iv; k++) {
        for (size_t y = 0; y < p->ny; y++)
            p->buf[y] = p->base[k * p->ny + y] + money * p->dir[k * p->ny + y];
        if ((rc = ntm_sim_set_spend(p->sim, k, p->buf, err)) != NTM_OK)
            return rc;
    }
    long nd = p->in.draws;
    ntm_sim_block blk = {.ind_met = p->ind_met, .crit_met = p->crit_met, .unit_met = p->unit_met};
    if ((rc = ntm_sim_eval_block(p->sim, 0, (size_t)nd, &blk, err)) != NTM_OK)
        return rc;
    long met = 0;
    for (long d = 0; d < nd; d++) {
        int all = 1;
        for (size_t i = 0; i < p->n_ind && all; i++)
            all = p->ind_met[((size_t)d * p->n_ind + i) * p->ny + p->year];
        met += all;
    }
    p->evals++;
    *out = (double)met / (double)nd;
    return NTM_OK;
}

/* ---- one gap ---------------------------------------------------------------------------- */

/* The direction of intervention IV's extra money for a target year: its profile cut at
 * the last useful year and rescaled (recurring: all in that year). Returns 0 when no
 * year is left, else 1. */
static int direction(const ntm_eval *ev, const ntm_intervention *iv, int target, double *dir,
                     int *last_year)
{
    size_t ny = ev->n_years;
    int start = ev->sc.start_year;
    int last = target - ntm_iv_lead_years(iv);
    *last_year = last;
    memset(dir, 0, ny * sizeof *dir);
    if (last < start)
        return 0;
    if (iv->type == NTM_IV_RECURRING) {
        dir[last - start] = 1;
        return 1;
    }
    double sum = 0;
    size_t np = iv->n_profile ? iv->n_profile : 1;
    for (size_t j = 0; j < np && start + (int)j <= last && j < ny; j++) {
        dir[j] = iv->n_profile ? iv->profile[j] : 1;
        sum += dir[j];
    }
    if (!(sum > 0))
        return 0;
    for (size_t j = 0; j < ny; j++)
        dir[j] /= sum;
    return 1;
}

/* A first guess of the money (the closed forms at the median unit cost). */
static double guess(const ntm_sim_indicator *x, const ntm_intervention *iv)
{
    if (iv->type == NTM_IV_PROJECT) {
        double c = iv->cost * (1 + (isfinite(iv->contingency) ? iv->contingency : 0));
        return c > 0 ? c : DEFAULT_GUESS;
    }
    double N = isfinite(iv->population) ? iv->population : x->population;
    double bound = x->direction == NTM_DIR_MAX ? x->upper : x->lower;
    if (!(N > 0) || !isfinite(x->value) || !isfinite(bound))
        return DEFAULT_GUESS;
    double share = x->direction == NTM_DIR_MAX ? x->value / 100 : (100 - x->value) / 100;
    double R = share * N, need = fabs(x->value - bound) / 100 * N;
    double s = NAN;
    if (iv->type == NTM_IV_RECURRING)
        s = iv->unit_cost * need / iv->efficacy;
    else if (ntm_gapcost_program_money(iv->unit_cost, iv->efficacy, R, need, &s, NULL) != NTM_OK)
        s = iv->unit_cost * N / iv->efficacy;
    return s > 0 && isfinite(s) ? s : DEFAULT_GUESS;
}

static void set_conf(double conf, double *c)
{
    for (size_t k = 0; k < NTM_GAPS_NCONF; k++)
        c[k] = k == NTM_GAPS_MAIN ? conf : fixed_conf[k];
}

static void figures_none(ntm_gapcost_result *fig, const double *conf, double p)
{
    for (size_t k = 0; k < NTM_GAPS_NCONF; k++) {
        memset(&fig[k], 0, sizeof fig[k]);
        fig[k].conf = conf[k];
        fig[k].found = p >= conf[k];
        fig[k].p = p;
    }
}

static ntm_status cost_gap(const ntm_eval *ev, ntm_gaps *gs, ntm_gap *g, const double *conf,
                           ntm_error *err)
{
    const ntm_sim_indicator *x = &ev->ind[g->ind];
    probe p;
    ntm_status rc = probe_init(&p, ev, &g->ind, 1, g->target_year, err);
    if (rc == NTM_OK)
        rc = probe_p(&p, 0, &g->p_now, err);
    if (rc != NTM_OK) {
        probe_release(&p);
        return rc;
    }
    g->p_now_se = sqrt(g->p_now * (1 - g->p_now) / (double)p.in.draws);
    g->p_max = g->p_now;
    int n_effort = 0;
    for (size_t k = 0; k < p.n_iv; k++) {
        const ntm_intervention *iv = p.iv[k].iv;
        if (iv->type == NTM_IV_EFFORT)
            n_effort++;
        else
            g->n_options++;
    }
    g->cls = g->n_options ? NTM_GAP_CLASS_MONEY
             : n_effort   ? NTM_GAP_CLASS_EFFORT
                          : NTM_GAP_CLASS_NONE;
    figures_none(g->fig, conf, g->p_now);
    if (g->cls != NTM_GAP_CLASS_MONEY) {
        if (!g->fig[NTM_GAPS_MAIN].found)
            g->why = g->cls == NTM_GAP_CLASS_EFFORT ? NTM_GAP_WHY_EFFORT : NTM_GAP_WHY_NO_IV;
        probe_release(&p);
        return NTM_OK;
    }
    /* each money intervention alone; keep the cheapest found at the confidence */
    int have = 0;
    double *dir = calloc(p.ny, sizeof *dir);
    if (!dir) {
        probe_release(&p);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < p.n_iv && rc == NTM_OK; k++) {
        const ntm_intervention *iv = p.iv[k].iv;
        if (iv->type == NTM_IV_EFFORT)
            continue;
        int last;
        ntm_gapcost_result fig[NTM_GAPS_NCONF];
        double p_max = g->p_now;
        ntm_gap_why why = NTM_GAP_WHY_NONE;
        if (!direction(ev, iv, g->target_year, dir, &last)) {
            figures_none(fig, conf, g->p_now);
            why = iv->type == NTM_IV_PROJECT ? NTM_GAP_WHY_DURATION : NTM_GAP_WHY_LAG;
        } else {
            memset(p.dir, 0, p.n_iv * p.ny * sizeof *p.dir);
            memcpy(&p.dir[k * p.ny], dir, p.ny * sizeof *dir);
            double s0 = guess(x, iv);
            ntm_gapcost_opts o = {
                .draws = p.in.draws, .scale = s0, .max_money = s0 * MAX_OVER_GUESS};
            size_t ne = 0;
            rc = ntm_gapcost_solve(probe_p, &p, &o, conf, NTM_GAPS_NCONF, fig, &p_max, &ne, err);
            if (rc != NTM_OK)
                break;
            if (!fig[NTM_GAPS_MAIN].found)
                why = NTM_GAP_WHY_CEILING;
        }
        int better = !have ||
                     (fig[NTM_GAPS_MAIN].found &&
                      (!g->fig[NTM_GAPS_MAIN].found ||
                       fig[NTM_GAPS_MAIN].money < g->fig[NTM_GAPS_MAIN].money)) ||
                     (!fig[NTM_GAPS_MAIN].found && !g->fig[NTM_GAPS_MAIN].found &&
                      why == NTM_GAP_WHY_CEILING && g->why != NTM_GAP_WHY_CEILING);
        if (better) {
            have = 1;
            memcpy(g->fig, fig, sizeof fig);
            g->iv = p.iv_of[k];
            g->last_year = last;
            g->p_max = p_max;
            g->why = why;
            memcpy(g->dir, dir, p.ny * sizeof *dir);
        }
    }
    gs->evals += p.evals;
    free(dir);
    probe_release(&p);
    if (rc != NTM_OK)
        return rc;
    const ntm_intervention *iv = ev->iv[g->iv].iv;
    g->key_money = calloc(iv->n_keys ? iv->n_keys : 1, sizeof *g->key_money);
    if (!g->key_money)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    if (g->fig[NTM_GAPS_MAIN].found)
        for (size_t k = 0; k < iv->n_keys; k++)
            g->key_money[k] = g->fig[NTM_GAPS_MAIN].money * iv->key_share[k];
    return NTM_OK;
}

/* ---- one criterion ------------------------------------------------------------------------ */

static ntm_status add_key(ntm_gap_criterion *c, const ntm_fund_key *key, double money)
{
    for (size_t k = 0; k < c->n_keys; k++)
        if (ntm_fund_key_equal(&c->keys[k], key)) {
            c->key_money[k] += money;
            return NTM_OK;
        }
    ntm_fund_key *nk = realloc(c->keys, (c->n_keys + 1) * sizeof *nk);
    if (!nk)
        return NTM_ENOMEM;
    c->keys = nk;
    double *nm = realloc(c->key_money, (c->n_keys + 1) * sizeof *nm);
    if (!nm)
        return NTM_ENOMEM;
    c->key_money = nm;
    c->keys[c->n_keys] = *key;
    c->key_money[c->n_keys++] = money;
    return NTM_OK;
}

static ntm_status cost_criterion(const ntm_eval *ev, ntm_gaps *gs, ntm_gap_criterion *c,
                                 const double *conf, ntm_error *err)
{
    const ntm_sim_criterion *sc = &ev->crit[c->crit];
    probe p;
    ntm_status rc = probe_init(&p, ev, sc->indicators, sc->n_indicators, c->target_year, err);
    if (rc == NTM_OK)
        rc = probe_p(&p, 0, &c->p_now, err);
    if (rc != NTM_OK) {
        probe_release(&p);
        return rc;
    }
    c->p_max = c->p_now;
    figures_none(c->fig, conf, c->p_now);
    /* the direction: each gap's own spending, weighted by its amount at the confidence */
    double W = 0;
    for (size_t j = 0; j < c->n_gaps; j++) {
        const ntm_gap *g = &gs->gap[c->gaps[j]];
        const ntm_gapcost_result *f = &g->fig[NTM_GAPS_MAIN];
        if (!f->found) {
            if (!c->fig[NTM_GAPS_MAIN].found && c->why == NTM_GAP_WHY_NONE) {
                c->why = NTM_GAP_WHY_MEMBER;
                c->why_gap = c->gaps[j];
            }
            continue;
        }
        if (g->cls != NTM_GAP_CLASS_MONEY)
            continue;
        double w = f->money > 0                       ? f->money
                   : g->fig[NTM_GAPS_NCONF - 1].found ? g->fig[NTM_GAPS_NCONF - 1].money
                                                      : 0;
        for (size_t k = 0; k < p.n_iv; k++)
            if (p.iv_of[k] == g->iv)
                for (size_t y = 0; y < p.ny; y++)
                    p.dir[k * p.ny + y] += w * g->dir[y];
        W += w;
    }
    if (c->why == NTM_GAP_WHY_NONE && !c->fig[NTM_GAPS_MAIN].found && W > 0) {
        for (size_t i = 0; i < p.n_iv * p.ny; i++)
            p.dir[i] /= W;
        ntm_gapcost_opts o = {.draws = p.in.draws, .scale = W, .max_money = W * MAX_OVER_GUESS};
        rc = ntm_gapcost_solve(probe_p, &p, &o, conf, NTM_GAPS_NCONF, c->fig, &c->p_max, NULL, err);
        if (rc == NTM_OK && !c->fig[NTM_GAPS_MAIN].found)
            c->why = NTM_GAP_WHY_CEILING;
    } else if (c->why == NTM_GAP_WHY_NONE && !c->fig[NTM_GAPS_MAIN].found) {
        c->why = NTM_GAP_WHY_CEILING;
    }
    gs->evals += p.evals;
    c->year_money = calloc(p.ny, sizeof *c->year_money);
    if (rc == NTM_OK && !c->year_money)
        rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
    const ntm_gapcost_result *f = &c->fig[NTM_GAPS_MAIN];
    if (rc == NTM_OK && f->found && f->money > 0) {
        for (size_t k = 0; k < p.n_iv && rc == NTM_OK; k++) {
            const ntm_intervention *iv = p.iv[k].iv;
            double share = 0;
            for (size_t y = 0; y < p.ny; y++) {
                c->year_money[y] += f->money * p.dir[k * p.ny + y];
                share += p.dir[k * p.ny + y];
            }
            for (size_t j = 0; j < iv->n_keys && rc == NTM_OK && share > 0; j++)
                if (add_key(c, &iv->keys[j], f->money * share * iv->key_share[j]) != NTM_OK)
                    rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
        }
    }
    probe_release(&p);
    return rc;
}

/* ---- all gaps ------------------------------------------------------------------------------ */

void ntm_gaps_release(ntm_gaps *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_gap; i++) {
        free(g->gap[i].dir);
        free(g->gap[i].key_money);
    }
    for (size_t i = 0; i < g->n_crit; i++) {
        free(g->crit[i].gaps);
        free(g->crit[i].year_money);
        free(g->crit[i].keys);
        free(g->crit[i].key_money);
    }
    free(g->gap);
    free(g->crit);
    free(g->keys);
    free(g->key_total);
    free(g->year_total);
    memset(g, 0, sizeof *g);
}

static int crit_order(const ntm_gap_criterion *a, const ntm_gap_criterion *b)
{
    const ntm_gapcost_result *fa = &a->fig[NTM_GAPS_MAIN], *fb = &b->fig[NTM_GAPS_MAIN];
    if (fa->found != fb->found)
        return fa->found ? -1 : 1;
    if (fa->found && fa->money != fb->money)
        return fa->money < fb->money ? -1 : 1;
    return 0; /* stable: the catalog's order */
}

ntm_status ntm_gaps_compute(const ntm_eval *ev, double conf, int by, ntm_gaps *gs, ntm_error *err)
{
    memset(gs, 0, sizeof *gs);
    if (!(conf > 0 && conf < 1))
        return ntm_error_set(err, NTM_EINPUT, "confidence %g is not in (0, 1)", conf);
    if (by && (by < ev->sc.start_year || by > ev->sc.horizon))
        return ntm_error_set(err, NTM_EINPUT, "year %d is outside the scenario's years %d-%d", by,
                             ev->sc.start_year, ev->sc.horizon);
    gs->conf = conf;
    gs->by = by;
    gs->draws = ev->input.draws;
    gs->start_year = ev->sc.start_year;
    gs->n_years = ev->n_years;
    double cf[NTM_GAPS_NCONF];
    set_conf(conf, cf);
    size_t ny = ev->n_years;
    gs->gap = calloc(ev->n_ind ? ev->n_ind : 1, sizeof *gs->gap);
    gs->crit = calloc(ev->n_crit ? ev->n_crit : 1, sizeof *gs->crit);
    gs->year_total = calloc(ny, sizeof *gs->year_total);
    if (!gs->gap || !gs->crit || !gs->year_total)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    ntm_status rc = NTM_OK;
    /* criteria with at least one gap, in the catalog's order; their gaps */
    for (size_t c = 0; c < ev->n_crit && rc == NTM_OK; c++) {
        const ntm_sim_criterion *sc = &ev->crit[c];
        size_t first = gs->n_gap;
        for (size_t m = 0; m < sc->n_indicators && rc == NTM_OK; m++) {
            size_t i = sc->indicators[m];
            const ntm_sim_indicator *x = &ev->ind[i];
            if (x->met)
                continue;
            ntm_gap *g = &gs->gap[gs->n_gap++];
            const ntm_indicator *ci = ev->ind_res[i]->ind;
            g->ind = i;
            g->unit = ev->unit_names[x->unit];
            g->code = x->code;
            g->criterion = sc->code;
            g->name_vi = ci->name_vi;
            g->name_en = ci->name_en;
            g->target_year = by ? by : x->target_year ? x->target_year : ev->sc.deadline;
            g->dir = calloc(ny, sizeof *g->dir);
            if (!g->dir)
                rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
            else
                rc = cost_gap(ev, gs, g, cf, err);
        }
        if (rc != NTM_OK || gs->n_gap == first)
            continue;
        ntm_gap_criterion *cr = &gs->crit[gs->n_crit++];
        cr->crit = c;
        cr->unit = ev->unit_names[sc->unit];
        cr->code = sc->code;
        cr->name_vi = ev->crit_res[c]->crit->name_vi;
        cr->name_en = ev->crit_res[c]->crit->name_en;
        cr->n_gaps = gs->n_gap - first;
        cr->gaps = malloc(cr->n_gaps * sizeof *cr->gaps);
        if (!cr->gaps) {
            rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
            break;
        }
        int ty = 0;
        for (size_t j = 0; j < sc->n_indicators; j++) {
            const ntm_sim_indicator *x = &ev->ind[sc->indicators[j]];
            int t = x->target_year ? x->target_year : ev->sc.deadline;
            ty = t > ty ? t : ty;
        }
        cr->target_year = by ? by : ty;
        for (size_t j = 0; j < cr->n_gaps; j++)
            cr->gaps[j] = first + j;
        rc = cost_criterion(ev, gs, cr, cf, err);
    }
    if (rc != NTM_OK)
        return rc;
    /* cheapest first (insertion sort: stable, few criteria) */
    for (size_t a = 1; a < gs->n_crit; a++) {
        ntm_gap_criterion t = gs->crit[a];
        size_t b = a;
        while (b > 0 && crit_order(&t, &gs->crit[b - 1]) < 0) {
            gs->crit[b] = gs->crit[b - 1];
            b--;
        }
        gs->crit[b] = t;
    }
    /* totals over the closable criteria */
    double var = 0;
    for (size_t c = 0; c < gs->n_crit; c++) {
        const ntm_gap_criterion *cr = &gs->crit[c];
        const ntm_gapcost_result *f = &cr->fig[NTM_GAPS_MAIN];
        if (!f->found)
            continue;
        gs->n_closable++;
        gs->total += f->money;
        var += f->money_se * f->money_se;
        for (size_t y = 0; y < ny; y++)
            gs->year_total[y] += cr->year_money[y];
        for (size_t k = 0; k < cr->n_keys; k++) {
            size_t j = 0;
            while (j < gs->n_keys && !ntm_fund_key_equal(&gs->keys[j], &cr->keys[k]))
                j++;
            if (j == gs->n_keys) {
                ntm_fund_key *nk = realloc(gs->keys, (j + 1) * sizeof *nk);
                if (!nk)
                    return ntm_error_set(err, NTM_ENOMEM, "out of memory");
                gs->keys = nk;
                double *nt = realloc(gs->key_total, (j + 1) * sizeof *nt);
                if (!nt)
                    return ntm_error_set(err, NTM_ENOMEM, "out of memory");
                gs->key_total = nt;
                gs->keys[j] = cr->keys[k];
                gs->key_total[j] = 0;
                gs->n_keys++;
            }
            gs->key_total[j] += cr->key_money[k];
        }
    }
    gs->total_se = sqrt(var);
    return NTM_OK;
}
