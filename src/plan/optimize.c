/* optimize.c: the optimisation method (see optimize.h). */
#include "plan/optimize.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/optimize.h"
#include "model/budget.h"

#define N_LEVELS 5
static const double LEVELS[N_LEVELS] = {0.125, 0.25, 0.5, 0.75, 1.0};
#define N_LEVELS_THIN 2
static const double LEVELS_THIN[N_LEVELS_THIN] = {0.5, 1.0};
/* Projects: funding with a margin for overruns (engine: cost x overrun x price, overrun
 * lognormal sigma 0,15 and price sigma 0,10 by default: 1,25 covers about 90% of draws). */
#define PROJECT_MARGIN 1.25
/* Combinations per criterion beyond which each intervention gets the thin grid. */
#define MAX_COMBOS 400
/* `standard`: log P with P floored here, so a criterion no money can meet does not make
 * every plan -infinity (it then adds the same constant to all). */
#define LOG_FLOOR 1e-3
/* Among plans of equal value the cheaper is preferred: each đồng costs this much value
 * (1e-15 per đồng: 10 tỷ cost 1e-5, below the 1e-3 resolution of 1000 draws). */
#define COST_TIE_BREAK 1e-15
/* Points tried per commune frontier (caps 0, 1/n, ..., 1 of its largest plan). */
#define FRONTIER_STEPS 10

const char *const ntm_objective_names[3] = {"standard", "criteria", "communes"};

/* ---- budget rows -------------------------------------------------------------------- */

static long key_row(const ntm_opt *o, const ntm_fund_key *key)
{
    for (size_t k = 0; k < o->n_keys; k++)
        if (ntm_fund_key_equal(&o->keys[k], key))
            return (long)k;
    return -1;
}

static int is_optimised(const ntm_eval *ev, size_t k, int any_marked)
{
    const ntm_intervention *iv = ev->iv[k].iv;
    if (iv->type == NTM_IV_EFFORT)
        return 0;
    return any_marked ? iv->optimize : iv->n_keys > 0 || iv->n_alloc > 0;
}

static ntm_status make_rows(ntm_opt *o, int any_marked, ntm_error *err)
{
    const ntm_scenario *sc = &o->ev->sc;
    o->keys = calloc(sc->n_envelopes ? sc->n_envelopes : 1, sizeof *o->keys);
    if (!o->keys)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t e = 0; e < sc->n_envelopes; e++)
        if (key_row(o, &sc->envelopes[e].key) < 0)
            o->keys[o->n_keys++] = sc->envelopes[e].key;
    o->rows = o->n_keys * o->ny;
    o->cap = calloc(o->rows ? o->rows : 1, sizeof *o->cap);
    if (!o->cap)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t e = 0; e < sc->n_envelopes; e++) {
        int y = sc->envelopes[e].year - sc->start_year;
        if (y >= 0 && (size_t)y < o->ny)
            o->cap[(size_t)key_row(o, &sc->envelopes[e].key) * o->ny + (size_t)y] +=
                sc->envelopes[e].amount;
    }
    /* What is kept as written comes off first. */
    for (size_t k = 0; k < o->ev->n_iv; k++) {
        if (is_optimised(o->ev, k, any_marked))
            continue;
        const ntm_intervention *iv = o->ev->iv[k].iv;
        for (size_t a = 0; a < iv->n_alloc; a++) {
            long r = key_row(o, &iv->alloc[a].key);
            int y = iv->alloc[a].year - sc->start_year;
            if (r >= 0 && y >= 0 && (size_t)y < o->ny) {
                double *c = &o->cap[(size_t)r * o->ny + (size_t)y];
                *c = fmax(0, *c - iv->alloc[a].amount);
            }
        }
    }
    return NTM_OK;
}

/* ---- options per intervention ---------------------------------------------------------- */

/* Adds an option spending SPEND (ny) in the declared key shares; returns 0, or -1 when a key
 * has no envelope row (the option is dropped). */
static int add_option(const ntm_opt *o, ntm_opt_iv *v, const double *spend)
{
    const ntm_intervention *iv = o->ev->iv[v->k].iv;
    double *s = &v->spend[v->n * o->ny], *c = &v->cost[v->n * o->rows];
    memset(c, 0, o->rows * sizeof *c);
    for (size_t y = 0; y < o->ny; y++) {
        s[y] = spend[y];
        if (spend[y] <= 0)
            continue;
        for (size_t j = 0; j < iv->n_keys; j++) {
            if (iv->key_share[j] <= 0)
                continue;
            long r = key_row(o, &iv->keys[j]);
            if (r < 0)
                return -1;
            c[(size_t)r * o->ny + y] += spend[y] * iv->key_share[j];
        }
    }
    v->n++;
    return 0;
}

static ntm_status make_options(const ntm_opt *o, ntm_opt_iv *v, int thin, ntm_error *err)
{
    const ntm_intervention *iv = o->ev->iv[v->k].iv;
    size_t ny = o->ny, max_opt = 2 + 2 * N_LEVELS + 4 * ny + 2;
    free(v->spend);
    free(v->cost);
    v->n = 0;
    v->written = SIZE_MAX;
    v->spend = calloc(max_opt * ny, sizeof *v->spend);
    v->cost = calloc(max_opt * (o->rows ? o->rows : 1), sizeof *v->cost);
    double *avail = calloc(ny, sizeof *avail), *s = calloc(ny, sizeof *s);
    if (!v->spend || !v->cost || !avail || !s) {
        free(avail);
        free(s);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    /* What its keys' envelopes allow each year, in its declared shares. */
    for (size_t y = 0; y < ny; y++) {
        double a = iv->n_keys ? INFINITY : 0;
        for (size_t j = 0; j < iv->n_keys; j++) {
            if (iv->key_share[j] <= 0)
                continue;
            long r = key_row(o, &iv->keys[j]);
            a = fmin(a, r < 0 ? 0 : o->cap[(size_t)r * ny + y] / iv->key_share[j]);
        }
        avail[y] = isfinite(a) ? a : 0;
    }
    static const double one = 1;
    const double *prof = iv->n_profile ? iv->profile : &one;
    size_t np = iv->n_profile ? iv->n_profile : 1;
    add_option(o, v, s); /* no money */
    const double *lv = thin ? LEVELS_THIN : LEVELS;
    size_t nl = thin ? N_LEVELS_THIN : N_LEVELS;
    if (iv->type == NTM_IV_PROGRAM) {
        double tmax = INFINITY;
        for (size_t j = 0; j < np && j < ny; j++)
            if (prof[j] > 0)
                tmax = fmin(tmax, avail[j] / prof[j]);
        for (size_t l = 0; l < nl && isfinite(tmax) && tmax > 0; l++) {
            memset(s, 0, ny * sizeof *s);
            for (size_t j = 0; j < np && j < ny; j++)
                s[j] = lv[l] * tmax * prof[j];
            add_option(o, v, s);
        }
    } else if (iv->type == NTM_IV_RECURRING) {
        for (size_t l = 0; l < nl; l++) {
            int any = 0;
            for (size_t y = 0; y < ny; y++)
                any |= (s[y] = lv[l] * avail[y]) > 0;
            if (any)
                add_option(o, v, s);
        }
    } else if (iv->type == NTM_IV_PROJECT) {
        double need = iv->cost * (1 + (isfinite(iv->contingency) ? iv->contingency : 0));
        int m = iv->components > 0 ? iv->components : 1;
        int kq = iv->k_required > 0 ? iv->k_required : m;
        double fracs[2] = {1, (double)kq / m};
        size_t nf = kq < m ? 2 : 1;
        double margins[2] = {1, PROJECT_MARGIN};
        int dur = (int)ceil(isfinite(iv->duration) ? iv->duration : 0);
        for (size_t st = 0; st < ny; st++) {
            if (st > 0 && st + np - 1 + (size_t)dur > o->dl)
                break;
            for (size_t f = 0; f < nf; f++)
                for (size_t g = 0; g < 2; g++) {
                    memset(s, 0, ny * sizeof *s);
                    int ok = 1;
                    for (size_t j = 0; j < np; j++) {
                        if (st + j >= ny) {
                            ok = 0;
                            break;
                        }
                        s[st + j] = need * fracs[f] * margins[g] * prof[j];
                        ok &= s[st + j] <= avail[st + j] + NTM_OPT_TOL_DONG;
                    }
                    if (ok)
                        add_option(o, v, s);
                }
        }
    }
    /* The allocation as written, on its own keys. */
    if (iv->n_alloc > 0) {
        double *sp = &v->spend[v->n * ny], *c = &v->cost[v->n * o->rows];
        memset(c, 0, o->rows * sizeof *c);
        memset(sp, 0, ny * sizeof *sp);
        int ok = 1;
        for (size_t a = 0; a < iv->n_alloc; a++) {
            long r = key_row(o, &iv->alloc[a].key);
            int y = iv->alloc[a].year - o->ev->sc.start_year;
            if (r < 0 || y < 0 || (size_t)y >= ny) {
                ok = 0;
                continue;
            }
            sp[y] += iv->alloc[a].amount;
            c[(size_t)r * ny + (size_t)y] += iv->alloc[a].amount;
        }
        if (ok)
            v->written = v->n++;
    }
    free(avail);
    free(s);
    return NTM_OK;
}

/* ---- one commune's simulator ---------------------------------------------------------- */

static ntm_status unit_sim_new(const ntm_opt *o, size_t u, ntm_opt_unitsim *us, ntm_error *err)
{
    const ntm_eval *ev = o->ev;
    memset(us, 0, sizeof *us);
    size_t n_ind = 0, n_crit = 0;
    us->ind0 = ev->n_ind;
    us->crit0 = ev->n_crit;
    for (size_t i = 0; i < ev->n_ind; i++)
        if (ev->ind[i].unit == u && !n_ind++)
            us->ind0 = i;
    for (size_t c = 0; c < ev->n_crit; c++)
        if (ev->crit[c].unit == u && !n_crit++)
            us->crit0 = c;
    size_t nb = (size_t)o->draws * o->ny;
    size_t *idx = calloc(n_ind ? n_ind : 1, sizeof *idx);
    us->blk.crit_met = malloc(nb * (n_crit ? n_crit : 1));
    us->blk.ind_met = malloc(nb * (n_ind ? n_ind : 1));
    us->blk.unit_met = malloc(nb);
    if (!idx || !us->blk.crit_met || !us->blk.ind_met || !us->blk.unit_met) {
        free(idx);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    /* A unit's indicators and criteria are contiguous (evaluate.c builds them unit by unit). */
    for (size_t i = 0; i < n_ind; i++)
        idx[i] = us->ind0 + i;
    ntm_status rc = ntm_subsim_input(&us->sub, ev, u, idx, n_ind, 1, err);
    free(idx);
    if (rc != NTM_OK)
        return rc;
    for (size_t j = 0; j < us->sub.n_iv; j++)
        for (size_t v = 0; v < o->n_ivo; v++)
            if (o->ivo[v].k == us->sub.iv_of[j]) {
                o->ivo[v].sub = j;
                us->sub.iv[j].spend = NULL; /* allocated money starts at none */
            }
    us->n_crit = us->sub.n_crit;
    return ntm_sim_new(&us->sim, &us->sub.in, err);
}

static void unit_sim_release(ntm_opt_unitsim *us)
{
    ntm_sim_free(us->sim);
    ntm_subsim_release(&us->sub);
    free(us->blk.crit_met);
    free(us->blk.ind_met);
    free(us->blk.unit_met);
}

static ntm_status unit_eval(const ntm_opt *o, ntm_opt_unitsim *us, ntm_error *err)
{
    return ntm_sim_eval_block(us->sim, 0, (size_t)o->draws, &us->blk, err);
}

/* Share of draws with criterion C (the unit's own index) met at the deadline's year-end. */
static double unit_p_crit(const ntm_opt *o, const ntm_opt_unitsim *us, size_t c)
{
    long met = 0;
    for (long d = 0; d < o->draws; d++)
        met += us->blk.crit_met[((size_t)d * us->n_crit + c) * o->ny + o->dl];
    return (double)met / (double)o->draws;
}

static double unit_p_standard(const ntm_opt *o, const ntm_opt_unitsim *us)
{
    long met = 0;
    for (long d = 0; d < o->draws; d++)
        met += us->blk.unit_met[(size_t)d * o->ny + o->dl];
    return (double)met / (double)o->draws;
}

/* Option index of intervention J (within group G) in combination C. */
static size_t combo_option(const ntm_opt *o, const ntm_opt_group *g, size_t c, size_t j)
{
    for (size_t i = 0; i < j; i++)
        c /= o->ivo[g->ivs[i]].n;
    return c % o->ivo[g->ivs[j]].n;
}

/* Puts combination C of group G (SIZE_MAX: no money) into its unit's simulator. */
static ntm_status set_combo(const ntm_opt *o, const ntm_opt_group *g, size_t c, ntm_error *err)
{
    ntm_opt_unitsim *us = &o->us[g->unit];
    for (size_t j = 0; j < g->n_ivs; j++) {
        const ntm_opt_iv *v = &o->ivo[g->ivs[j]];
        size_t pick = c == SIZE_MAX ? 0 : combo_option(o, g, c, j);
        ntm_status rc = ntm_sim_set_spend(us->sim, v->sub, &v->spend[pick * o->ny], err);
        if (rc != NTM_OK)
            return rc;
    }
    return NTM_OK;
}

/* ---- groups and their values ----------------------------------------------------------- */

static ntm_status make_groups(ntm_opt *o, ntm_error *err)
{
    const ntm_eval *ev = o->ev;
    o->grp = calloc(ev->n_crit ? ev->n_crit : 1, sizeof *o->grp);
    if (!o->grp)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t c = 0; c < ev->n_crit; c++) {
        ntm_opt_group *g = &o->grp[o->n_grp];
        g->ivs = calloc(o->n_ivo ? o->n_ivo : 1, sizeof *g->ivs);
        if (!g->ivs)
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        g->unit = ev->crit[c].unit;
        g->crit = c;
        for (size_t v = 0; v < o->n_ivo; v++) {
            size_t ind = ev->iv[o->ivo[v].k].indicator;
            for (size_t m = 0; m < ev->crit[c].n_indicators; m++)
                if (ev->crit[c].indicators[m] == ind)
                    g->ivs[g->n_ivs++] = v;
        }
        if (g->n_ivs == 0) {
            free(g->ivs);
            g->ivs = NULL;
            continue;
        }
        for (int thin = 0; thin < 2; thin++) {
            double combos = 1;
            for (size_t j = 0; j < g->n_ivs; j++) {
                ntm_status rc = make_options(o, &o->ivo[g->ivs[j]], thin, err);
                if (rc != NTM_OK)
                    return rc;
                combos *= (double)o->ivo[g->ivs[j]].n;
            }
            g->n_combos = (size_t)combos;
            if (combos <= MAX_COMBOS)
                break;
            if (thin)
                return ntm_error_set(err, NTM_EINPUT,
                                     "%s: criterion %s of %s has %.0f combinations of its "
                                     "interventions' options (at most %d): mark fewer "
                                     "interventions `optimize = yes`",
                                     ev->sc.path, ev->crit[c].code, ev->unit_names[g->unit], combos,
                                     MAX_COMBOS);
        }
        o->n_grp++;
    }
    return NTM_OK;
}

static ntm_status value_groups(ntm_opt *o, ntm_error *err)
{
    for (size_t gi = 0; gi < o->n_grp; gi++) {
        ntm_opt_group *g = &o->grp[gi];
        ntm_opt_unitsim *us = &o->us[g->unit];
        g->p = calloc(g->n_combos, sizeof *g->p);
        g->cost = calloc(g->n_combos * (o->rows ? o->rows : 1), sizeof *g->cost);
        if (!g->p || !g->cost)
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        for (size_t c = 0; c < g->n_combos; c++) {
            ntm_status rc;
            if ((rc = set_combo(o, g, c, err)) != NTM_OK || (rc = unit_eval(o, us, err)) != NTM_OK)
                return rc;
            g->p[c] = unit_p_crit(o, us, g->crit - us->crit0);
            for (size_t j = 0; j < g->n_ivs; j++) {
                const ntm_opt_iv *v = &o->ivo[g->ivs[j]];
                const double *vc = &v->cost[combo_option(o, g, c, j) * o->rows];
                for (size_t r = 0; r < o->rows; r++)
                    g->cost[c * o->rows + r] += vc[r];
            }
        }
        ntm_status rc = set_combo(o, g, SIZE_MAX, err);
        if (rc != NTM_OK)
            return rc;
    }
    return NTM_OK;
}

static double total_of(const ntm_opt *o, const double *cost)
{
    double t = 0;
    for (size_t r = 0; r < o->rows; r++)
        t += cost[r];
    return t;
}

static double group_value(const ntm_opt *o, const ntm_opt_group *g, size_t c)
{
    double v = o->obj == NTM_OBJ_CRITERIA ? g->p[c] : log(fmax(g->p[c], LOG_FLOOR));
    return v - COST_TIE_BREAK * total_of(o, &g->cost[c * o->rows]);
}

/* Solves the criteria program over the groups listed in GS (N of them) with TOTAL_CAP;
 * PICK (N) receives the combinations. */
static ntm_status solve_groups(const ntm_opt *o, const size_t *gs, size_t n, double total_cap,
                               size_t *pick, ntm_error *err)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += o->grp[gs[i]].n_combos;
    size_t *nopt = calloc(n ? n : 1, sizeof *nopt);
    double *val = calloc(total ? total : 1, sizeof *val);
    double *cost = calloc((total ? total : 1) * (o->rows ? o->rows : 1), sizeof *cost);
    ntm_status rc = NTM_OK;
    if (!nopt || !val || !cost) {
        rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
    } else {
        size_t at = 0;
        for (size_t i = 0; i < n; i++) {
            const ntm_opt_group *g = &o->grp[gs[i]];
            nopt[i] = g->n_combos;
            for (size_t c = 0; c < g->n_combos; c++, at++) {
                val[at] = group_value(o, g, c);
                memcpy(&cost[at * o->rows], &g->cost[c * o->rows], o->rows * sizeof *cost);
            }
        }
        ntm_opt_problem p = {.n_groups = n,
                             .n_options = nopt,
                             .value = val,
                             .cost = cost,
                             .budget = {o->n_keys, o->ny, o->cap, o->ev->sc.carry_over},
                             .total_cap = total_cap};
        double objv;
        rc = ntm_opt_solve(&p, pick, &objv, err);
    }
    free(nopt);
    free(val);
    free(cost);
    return rc;
}

/* ---- communes: frontiers, then a knapsack over them ------------------------------------- */

static ntm_status unit_frontier(ntm_opt *o, size_t u, ntm_opt_frontier *f, ntm_error *err)
{
    size_t *gs = calloc(o->n_grp ? o->n_grp : 1, sizeof *gs), n = 0;
    if (!gs)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    double bmax = 0;
    for (size_t gi = 0; gi < o->n_grp; gi++)
        if (o->grp[gi].unit == u) {
            gs[n++] = gi;
            double best = 0;
            for (size_t c = 0; c < o->grp[gi].n_combos; c++) {
                double t = 0;
                for (size_t r = 0; r < o->rows; r++)
                    t += o->grp[gi].cost[c * o->rows + r];
                best = fmax(best, t);
            }
            bmax += best;
        }
    size_t steps = n ? FRONTIER_STEPS + 1 : 1;
    f->choice = calloc(steps * (n ? n : 1), sizeof *f->choice);
    f->p = calloc(steps, sizeof *f->p);
    f->cost = calloc(steps * (o->rows ? o->rows : 1), sizeof *f->cost);
    size_t *pick = calloc(n ? n : 1, sizeof *pick);
    ntm_status rc = NTM_OK;
    if (!f->choice || !f->p || !f->cost || !pick)
        rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t s = 0; s < steps && rc == NTM_OK; s++) {
        if (n &&
            (rc = solve_groups(o, gs, n, bmax * (double)s / FRONTIER_STEPS, pick, err)) != NTM_OK)
            break;
        int seen = 0;
        for (size_t q = 0; q < f->n && !seen; q++)
            seen = memcmp(&f->choice[q * n], pick, n * sizeof *pick) == 0;
        if (seen)
            continue;
        for (size_t i = 0; i < n && rc == NTM_OK; i++)
            rc = set_combo(o, &o->grp[gs[i]], pick[i], err);
        if (rc != NTM_OK || (rc = unit_eval(o, &o->us[u], err)) != NTM_OK)
            break;
        double p = unit_p_standard(o, &o->us[u]);
        double *c = &f->cost[f->n * o->rows];
        for (size_t i = 0; i < n; i++)
            for (size_t r = 0; r < o->rows; r++)
                c[r] += o->grp[gs[i]].cost[pick[i] * o->rows + r];
        memcpy(&f->choice[f->n * n], pick, n * sizeof *pick);
        f->p[f->n++] = p;
    }
    for (size_t i = 0; i < n && rc == NTM_OK; i++)
        rc = set_combo(o, &o->grp[gs[i]], SIZE_MAX, err);
    free(gs);
    free(pick);
    return rc;
}

static ntm_status solve_communes(ntm_opt *o, ntm_error *err)
{
    const ntm_eval *ev = o->ev;
    size_t nu = ev->n_units;
    ntm_opt_frontier *fr = calloc(nu, sizeof *fr);
    size_t *nopt = calloc(nu, sizeof *nopt), *pick = calloc(nu, sizeof *pick);
    ntm_status rc = NTM_OK;
    if (!fr || !nopt || !pick)
        rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
    size_t total = 0;
    for (size_t u = 0; u < nu && rc == NTM_OK; u++) {
        rc = unit_frontier(o, u, &fr[u], err);
        nopt[u] = fr[u].n;
        total += fr[u].n;
    }
    double *val = NULL, *cost = NULL;
    if (rc == NTM_OK) {
        val = calloc(total ? total : 1, sizeof *val);
        cost = calloc((total ? total : 1) * (o->rows ? o->rows : 1), sizeof *cost);
        if (!val || !cost)
            rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    if (rc == NTM_OK) {
        size_t at = 0;
        for (size_t u = 0; u < nu; u++)
            for (size_t q = 0; q < fr[u].n; q++, at++) {
                val[at] = fr[u].p[q] - COST_TIE_BREAK * total_of(o, &fr[u].cost[q * o->rows]);
                memcpy(&cost[at * o->rows], &fr[u].cost[q * o->rows], o->rows * sizeof *cost);
            }
        ntm_opt_problem p = {.n_groups = nu,
                             .n_options = nopt,
                             .value = val,
                             .cost = cost,
                             .budget = {o->n_keys, o->ny, o->cap, ev->sc.carry_over},
                             .total_cap = INFINITY};
        double objv;
        rc = ntm_opt_solve(&p, pick, &objv, err);
    }
    if (rc == NTM_OK)
        for (size_t u = 0; u < nu; u++) {
            size_t i = 0;
            for (size_t gi = 0; gi < o->n_grp; gi++)
                if (o->grp[gi].unit == u) {
                    size_t n_u = 0;
                    for (size_t g2 = 0; g2 < o->n_grp; g2++)
                        n_u += o->grp[g2].unit == u;
                    o->pick[gi] = fr[u].choice[pick[u] * n_u + i++];
                }
        }
    for (size_t u = 0; fr && u < nu; u++) {
        free(fr[u].choice);
        free(fr[u].p);
        free(fr[u].cost);
    }
    free(fr);
    free(nopt);
    free(pick);
    free(val);
    free(cost);
    return rc;
}

/* ---- whole plans on the full simulation ---------------------------------------------------- */

/* Spending of every intervention (ev->n_iv × ny) for the picks in PICK (NULL: the file's). */
static void plan_spend(const ntm_opt *o, const size_t *pick, double *spend)
{
    memcpy(spend, o->ev->spend, o->ev->n_iv * o->ny * sizeof *spend);
    if (!pick)
        return;
    for (size_t v = 0; v < o->n_ivo; v++)
        memset(&spend[o->ivo[v].k * o->ny], 0, o->ny * sizeof *spend);
    for (size_t gi = 0; gi < o->n_grp; gi++) {
        const ntm_opt_group *g = &o->grp[gi];
        for (size_t j = 0; j < g->n_ivs; j++) {
            const ntm_opt_iv *v = &o->ivo[g->ivs[j]];
            memcpy(&spend[v->k * o->ny], &v->spend[combo_option(o, g, pick[gi], j) * o->ny],
                   o->ny * sizeof *spend);
        }
    }
}

static ntm_status score_plan(const ntm_opt *o, ntm_sim *sim, const double *spend, ntm_opt_score *sc,
                             ntm_error *err)
{
    const ntm_eval *ev = o->ev;
    for (size_t k = 0; k < ev->n_iv; k++) {
        ntm_status rc = ntm_sim_set_spend(sim, k, &spend[k * o->ny], err);
        if (rc != NTM_OK)
            return rc;
    }
    size_t nb = (size_t)o->draws * o->ny;
    ntm_sim_block blk = {malloc(nb * (ev->n_ind ? ev->n_ind : 1)),
                         malloc(nb * (ev->n_crit ? ev->n_crit : 1)),
                         malloc(nb * (ev->n_units ? ev->n_units : 1)), NULL};
    ntm_status rc = NTM_OK;
    if (!blk.ind_met || !blk.crit_met || !blk.unit_met)
        rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
    else
        rc = ntm_sim_eval_block(sim, 0, (size_t)o->draws, &blk, err);
    if (rc == NTM_OK) {
        double su = 0, su2 = 0, sc_ = 0, sc2 = 0;
        for (long d = 0; d < o->draws; d++) {
            double nu = 0, nc = 0;
            for (size_t u = 0; u < ev->n_units; u++)
                nu += blk.unit_met[((size_t)d * ev->n_units + u) * o->ny + o->dl];
            for (size_t c = 0; c < ev->n_crit; c++)
                nc += blk.crit_met[((size_t)d * ev->n_crit + c) * o->ny + o->dl];
            su += nu;
            su2 += nu * nu;
            sc_ += nc;
            sc2 += nc * nc;
        }
        double n = (double)o->draws;
        sc->units = su / n;
        sc->crit = sc_ / n;
        sc->units_se = n > 1 ? sqrt(fmax(0, su2 / n - sc->units * sc->units) / (n - 1)) : 0;
        sc->crit_se = n > 1 ? sqrt(fmax(0, sc2 / n - sc->crit * sc->crit) / (n - 1)) : 0;
    }
    free(blk.ind_met);
    free(blk.crit_met);
    free(blk.unit_met);
    return rc;
}

/* 1 when A is at least as good as B for the objective (on the same draws). */
static int at_least(ntm_objective obj, const ntm_opt_score *a, const ntm_opt_score *b)
{
    if (obj == NTM_OBJ_CRITERIA)
        return a->crit > b->crit || (a->crit == b->crit && a->units >= b->units);
    return a->units > b->units || (a->units == b->units && a->crit >= b->crit);
}

/* ---- per-commune figures ---------------------------------------------------------------- */

static ntm_status unit_figures(ntm_opt *o, ntm_error *err)
{
    ntm_status rc = NTM_OK;
    for (size_t u = 0; u < o->ev->n_units && rc == NTM_OK; u++) {
        rc = unit_eval(o, &o->us[u], err); /* no allocated money: every option 0 */
        if (rc != NTM_OK)
            break;
        o->p_before[u] = unit_p_standard(o, &o->us[u]);
        for (size_t gi = 0; gi < o->n_grp && rc == NTM_OK; gi++)
            if (o->grp[gi].unit == u) {
                rc = set_combo(o, &o->grp[gi], o->pick[gi], err);
                for (size_t r = 0; r < o->rows; r++)
                    o->unit_cost[u] += o->grp[gi].cost[o->pick[gi] * o->rows + r];
            }
        if (rc == NTM_OK && (rc = unit_eval(o, &o->us[u], err)) == NTM_OK)
            o->p_plan[u] = unit_p_standard(o, &o->us[u]);
    }
    return rc;
}

/* The year a unit was recognised, from a flag "ntm-YYYY" (units.csv), else 0. */
int ntm_optimize_recognised_year(const ntm_unit *u)
{
    const char *f = u->flags;
    while (f && *f) {
        while (*f == ' ' || *f == ',')
            f++;
        if (strncmp(f, "ntm-", 4) == 0 && f[4] >= '1' && f[4] <= '2') {
            int y = 0, k = 4;
            while (k < 8 && f[k] >= '0' && f[k] <= '9')
                y = 10 * y + (f[k++] - '0');
            if (k == 8)
                return y;
        }
        f = strchr(f, ',');
    }
    return 0;
}

/* ---- the plan as allocations --------------------------------------------------------------- */

static ntm_status plan_allocs(const ntm_opt *o, const size_t *pick, ntm_plan_alloc **out, size_t *n,
                              ntm_error *err)
{
    size_t cap = 0;
    for (size_t v = 0; v < o->n_ivo; v++) {
        const ntm_intervention *iv = o->ev->iv[o->ivo[v].k].iv;
        cap += o->ny * (iv->n_keys + iv->n_alloc) + 1;
    }
    ntm_plan_alloc *a = calloc(cap ? cap : 1, sizeof *a);
    if (!a)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    *n = 0;
    for (size_t gi = 0; gi < o->n_grp; gi++) {
        const ntm_opt_group *g = &o->grp[gi];
        for (size_t j = 0; j < g->n_ivs; j++) {
            const ntm_opt_iv *v = &o->ivo[g->ivs[j]];
            size_t opt_i = pick ? combo_option(o, g, pick[gi], j) : v->written;
            const ntm_intervention *iv = o->ev->iv[v->k].iv;
            /* scenario index of the intervention */
            size_t si = (size_t)(iv - o->ev->sc.iv);
            if (opt_i == SIZE_MAX)
                continue;
            if (opt_i == v->written) {
                for (size_t q = 0; q < iv->n_alloc; q++)
                    a[(*n)++] = (ntm_plan_alloc){si, iv->alloc[q].year, iv->alloc[q].key,
                                                 iv->alloc[q].amount};
                continue;
            }
            for (size_t y = 0; y < o->ny; y++)
                for (size_t q = 0; q < iv->n_keys; q++) {
                    double amt = v->spend[opt_i * o->ny + y] * iv->key_share[q];
                    if (amt >= 1)
                        a[(*n)++] =
                            (ntm_plan_alloc){si, o->ev->sc.start_year + (int)y, iv->keys[q], amt};
                }
        }
    }
    *out = a;
    return NTM_OK;
}

/* ---- the command ---------------------------------------------------------------------------- */

void ntm_optimize_release(ntm_opt *o)
{
    for (size_t v = 0; o->ivo && v < o->n_ivo; v++) {
        free(o->ivo[v].spend);
        free(o->ivo[v].cost);
    }
    for (size_t g = 0; o->grp && g < o->n_grp; g++) {
        free(o->grp[g].ivs);
        free(o->grp[g].p);
        free(o->grp[g].cost);
    }
    /* groups dropped while being built have their ivs freed already */
    for (size_t u = 0; o->us && u < o->ev->n_units; u++)
        unit_sim_release(&o->us[u]);
    free(o->us);
    free(o->grp);
    free(o->ivo);
    free(o->keys);
    free(o->cap);
    free(o->pick);
    free(o->p_before);
    free(o->p_plan);
    free(o->unit_cost);
}

static ntm_status run_sim(ntm_sim *sim)
{
    while (!ntm_sim_done(sim))
        if (ntm_sim_step(sim, 1L << 20) <= 0)
            break;
    return NTM_OK;
}

/* Everything after the scenario is prepared: options, program, scoring, writing, storing. */
/* Writes the plan AL (NA allocations) of O as the scenario file OUT_PATH, runs and stores
 * it like `ntmplan run` (*RUN_ID) and scores it on fresh streams (variant "recheck"). */
static ntm_status write_and_recheck(ntm_opt *o, ntm_store *st, const char *out_path, int threads,
                                    long draws, long *run_id, ntm_opt_score *recheck_sc,
                                    const ntm_plan_alloc *al, size_t na, ntm_error *err)
{
    ntm_eval *ev = o->ev;
    const ntm_cli *cli = o->cli;
    ntm_status rc;
    /* The new scenario file. */
    int *replaced = calloc(ev->sc.n_iv ? ev->sc.n_iv : 1, sizeof *replaced);
    char *name = malloc(strlen(ev->sc.name) + 64);
    char header[2048];
    if (!replaced || !name) {
        free(replaced);
        free(name);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    for (size_t v = 0; v < o->n_ivo; v++)
        replaced[ev->iv[o->ivo[v].k].iv - ev->sc.iv] = 1;
    snprintf(name, strlen(ev->sc.name) + 64, "%s (%s %s)", ev->sc.name, ntm_tr(cli, "optimised"),
             ntm_objective_names[o->obj]);
    char created[40];
    ntm_eval_run_time(cli, created, sizeof created);
    snprintf(
        header, sizeof header,
        "; %s\n; Made by `ntmplan optimize --objective %s` from %s (%ld draws, seed %llu,\n"
        "; %s): the alloc.* lines marked \"; optimize\" are the optimiser's (GLPK mixed-integer\n"
        "; program over options valued on common draws); everything else is the original\n"
        "; file. Edit and rerun: ntmplan run THIS_FILE. Budget rules: scenarios/README.md.\n\n",
        ntm_tr(cli, "Allocation plan made by ntmplan optimize; edit and rerun it."),
        ntm_objective_names[o->obj], ev->sc.path, o->draws, (unsigned long long)ev->sc.seed,
        created);
    rc = ntm_plan_write_scenario(&ev->sc, out_path, header, name, replaced, al, na, err);
    free(replaced);
    free(name);
    if (rc != NTM_OK)
        return rc;
    /* Run the new file as `ntmplan run` does, store it, and re-check on fresh streams. */
    ntm_eval ev2;
    ntm_sim *sim = NULL, *re = NULL;
    ntm_run run = {0};
    rc = ntm_eval_prepare(cli, st, out_path, threads, draws, &ev2, err);
    if (rc != NTM_OK)
        ntm_eval_print_diags(&ev2);
    if (rc == NTM_OK)
        rc = ntm_eval_simulate(cli, &ev2, &sim, err);
    if (rc == NTM_OK)
        rc = ntm_eval_to_run(&ev2, sim, ntm_sim_results(sim), created, &run, err);
    if (rc == NTM_OK && (rc = ntm_store_begin(st, err)) == NTM_OK) {
        rc = ntm_store_put_run(st, &run, err);
        if (rc == NTM_OK)
            rc = ntm_store_commit(st, err);
        else
            ntm_store_rollback(st);
    }
    if (rc == NTM_OK) {
        *run_id = run.meta.id;
        ntm_sim_input in = ev2.input;
        in.variant = "recheck";
        ntm_opt o2 = *o;
        o2.ev = &ev2;
        double *sp2 = calloc((ev2.n_iv ? ev2.n_iv : 1) * o->ny, sizeof *sp2);
        if (!sp2)
            rc = ntm_error_set(err, NTM_ENOMEM, "out of memory");
        if (rc == NTM_OK && (rc = ntm_sim_new(&re, &in, err)) == NTM_OK) {
            memcpy(sp2, ev2.spend, ev2.n_iv * o->ny * sizeof *sp2);
            rc = score_plan(&o2, re, sp2, recheck_sc, err);
        }
        free(sp2);
    }
    ntm_sim_free(re);
    ntm_run_release(&run);
    ntm_sim_free(sim);
    ntm_eval_release(&ev2);
    (void)run_sim;
    return rc;
}

ntm_status ntm_optimize_run(ntm_opt *o, ntm_store *st, const char *out_path, int threads,
                            long draws, long *run_id, ntm_opt_score *plan_sc,
                            ntm_opt_score *written_sc, ntm_opt_score *recheck_sc,
                            ntm_plan_alloc **al, size_t *na, ntm_error *err)
{
    ntm_eval *ev = o->ev;
    o->ny = ev->n_years;
    o->dl = (size_t)(ev->sc.deadline - ev->sc.start_year);
    o->draws = ev->input.draws;
    int any_marked = 0;
    for (size_t k = 0; k < ev->n_iv; k++)
        any_marked |= ev->iv[k].iv->optimize && ev->iv[k].iv->type != NTM_IV_EFFORT;
    ntm_status rc = make_rows(o, any_marked, err);
    if (rc != NTM_OK)
        return rc;
    o->ivo = calloc(ev->n_iv ? ev->n_iv : 1, sizeof *o->ivo);
    o->us = calloc(ev->n_units, sizeof *o->us);
    o->p_before = calloc(ev->n_units, sizeof *o->p_before);
    o->p_plan = calloc(ev->n_units, sizeof *o->p_plan);
    o->unit_cost = calloc(ev->n_units, sizeof *o->unit_cost);
    if (!o->ivo || !o->us || !o->p_before || !o->p_plan || !o->unit_cost)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t k = 0; k < ev->n_iv; k++)
        if (is_optimised(ev, k, any_marked)) {
            ntm_opt_iv *v = &o->ivo[o->n_ivo++];
            v->k = k;
            v->unit = ev->ind[ev->iv[k].indicator].unit;
        }
    if ((rc = make_groups(o, err)) != NTM_OK)
        return rc;
    for (size_t u = 0; u < ev->n_units; u++)
        if ((rc = unit_sim_new(o, u, &o->us[u], err)) != NTM_OK)
            return rc;
    if ((rc = value_groups(o, err)) != NTM_OK)
        return rc;
    o->pick = calloc(o->n_grp ? o->n_grp : 1, sizeof *o->pick);
    if (!o->pick)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    if (o->obj == NTM_OBJ_COMMUNES) {
        rc = solve_communes(o, err);
    } else {
        size_t *gs = calloc(o->n_grp ? o->n_grp : 1, sizeof *gs);
        if (!gs)
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        for (size_t g = 0; g < o->n_grp; g++)
            gs[g] = g;
        rc = solve_groups(o, gs, o->n_grp, INFINITY, o->pick, err);
        free(gs);
    }
    if (rc != NTM_OK)
        return rc;
    /* The plan against the file's own allocation, on the same draws. */
    ntm_sim *full = NULL;
    double *spend = calloc((ev->n_iv ? ev->n_iv : 1) * o->ny, sizeof *spend);
    if (!spend)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    if ((rc = ntm_sim_new(&full, &ev->input, err)) == NTM_OK) {
        plan_spend(o, NULL, spend);
        rc = score_plan(o, full, spend, written_sc, err);
        plan_spend(o, o->pick, spend);
        if (rc == NTM_OK)
            rc = score_plan(o, full, spend, plan_sc, err);
    }
    ntm_sim_free(full);
    free(spend);
    if (rc != NTM_OK)
        return rc;
    int written_complete = 1;
    for (size_t v = 0; v < o->n_ivo; v++)
        written_complete &= o->ivo[v].written != SIZE_MAX || ev->iv[o->ivo[v].k].iv->n_alloc == 0;
    if (written_complete && !at_least(o->obj, plan_sc, written_sc) && o->n_ivo > 0) {
        /* The file's own allocation is better on these draws: keep it. */
        o->kept_written = 1;
        for (size_t gi = 0; gi < o->n_grp; gi++) {
            const ntm_opt_group *g = &o->grp[gi];
            size_t c = 0, mult = 1;
            for (size_t j = 0; j < g->n_ivs; j++) {
                const ntm_opt_iv *v = &o->ivo[g->ivs[j]];
                c += (v->written == SIZE_MAX ? 0 : v->written) * mult;
                mult *= v->n;
            }
            o->pick[gi] = c;
        }
        *plan_sc = *written_sc;
    }
    if ((rc = unit_figures(o, err)) != NTM_OK ||
        (rc = plan_allocs(o, o->pick, al, na, err)) != NTM_OK)
        return rc;
    return write_and_recheck(o, st, out_path, threads, draws, run_id, recheck_sc, *al, *na, err);
}
