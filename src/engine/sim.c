/* sim.c: the Monte Carlo simulator (model and conventions in sim.h). */
#include "engine/sim.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "engine/rng.h"

/* Relative slack when comparing cumulated money with a cost: C/m summed m times need not
 * give C exactly in floating point, and "funded with exactly the cost" must count. */
#define MONEY_REL_TOL 1e-12
#define NEVER INT_MAX /* a completion year index that never comes */
/* Draws simulated together, unit by unit: one unit's parameters, fits and counters stay
 * in the first-level cache while it runs this many draws (the shared factors of the
 * chunk take 17 bytes per draw and year). */
#define CHUNK 256
#define CACHE_LINE 64 /* per-thread workspaces start on their own cache line */

const double ntm_sim_quantile_levels[NTM_SIM_NQ] = {0.025, 0.05, 0.10, 0.25, 0.50,
                                                    0.75,  0.90, 0.95, 0.975};

typedef struct s_iv {
    ntm_iv_type type;
    size_t ind;
    double c_med, c_sigma, eff, decay, N;
    int lag;
    double cost, cont, over_sigma, delay_prob;
    int dur, m, k;
    double vdone;
    double done0, total, rate, rate_sd;
    double first_share; /* EFFORT: the share of the start year left after its `from` date */
    double *spend;      /* ny */
    double *room;       /* ny: PROJECT: unallocated money of its keys, for a shortfall */
    uint64_t k_cost, k_delay, k_effort;
} s_iv;

typedef struct s_ind {
    ntm_sim_indicator in;
    uint64_t k_trend, k_risk;
    int cmp;         /* a usable threshold for its direction */
    int constant;    /* needs no draws */
    int risk_only;   /* no trend, shock or intervention: only its risk moves it */
    int met0;        /* risk_only: met while it has not slipped */
    uint64_t risk_k; /* u < risk exactly when the 52 bits of u are < risk_k (risk_below) */
    double lo, hi;   /* clamp bounds of the value */
    double g;        /* +1: up is good (MIN), -1: down is good (MAX) */
    size_t *ivs;     /* its interventions, in input order */
    size_t n_ivs;
    int shock;  /* gets the shared economy shock */
    size_t loc; /* its position among its unit's indicators */
    int target_idx;
    long q_slot;        /* -1: no quantiles kept */
    uint8_t *const_met; /* ny, for constant ones */
} s_ind;

typedef struct s_crit {
    size_t unit;
    size_t *ind; /* its indicators */
    size_t *loc; /* their positions among the unit's indicators */
    size_t n;
    size_t pos; /* its position among its unit's criteria */
    int met;
    double risk;
    uint64_t k_risk;
    int target_idx;
} s_crit;

typedef struct s_unit {
    size_t *crit; /* its criteria, in input order */
    size_t n;
    size_t *ind; /* its indicators, in input order */
    size_t n_ind;
    /* Every indicator constant, and no criterion can slip: each draw gives the same
     * outcome, simulated once at construction and counted for every draw. */
    int constant;
    uint8_t *cst;   /* constant: its criteria's met (n * ny), then its own (ny) */
    int *cst_count; /* constant: criteria met per year (ny) */
} s_unit;

/* Per-thread integer counters: summing them is exact, so the fold order is irrelevant. */
typedef struct acc {
    uint64_t *ind_cnt, *ind_first, *crit_cnt, *crit_first, *unit_cnt, *unit_first;
    uint64_t *unit_sum, *unit_sumsq;
} acc;

/* Per-thread workspace: one unit in one draw, and the shared factors of the chunk of
 * draws in hand. Aligned to a cache line (and a multiple of it), so no two threads
 * write to the same line. */
typedef struct ws {
    _Alignas(CACHE_LINE) double *val; /* max_uind * ny: the unit's indicators */
    uint8_t *met;                     /* max_uind * ny */
    uint8_t *cmet;                    /* max_ucrit * ny: the unit's criteria */
    uint8_t umet[NTM_SIM_MAX_YEARS];
    int ucount[NTM_SIM_MAX_YEARS];
    double *carry; /* max_ivs */
    double *cost;  /* max_ivs: a program's unit cost in this draw */
    double *tmp;   /* max(ny, max components) scratch */
    int *ev;       /* max_ivs: completion year index of projects and efforts */
    double *price; /* chunk * ny: shared factors of draw k of the chunk at [k * ny + y] */
    uint8_t *late;
    double *econ;
    gsl_rng *r;  /* &rng, or from ntm_rng_new */
    gsl_rng rng; /* the thread's stream cursor, its state in rng_state: */
    _Alignas(16) unsigned char rng_state[32]; /* kept in the thread's own cache lines */
    acc a;
} ws;

struct ntm_sim {
    uint64_t seed;
    int start, horizon, deadline;
    size_t ny;
    long draws, done;
    int threads;
    size_t block;
    double price_sigma, delay_prob, econ_sigma;
    uint64_t k_price, k_delay, k_econ;
    double times[NTM_SIM_MAX_YEARS];
    char **unit_names;
    size_t n_units, n_ind, n_crit, n_iv, max_ivs, max_tmp;
    size_t max_uind, max_ucrit; /* most indicators and criteria of one unit */
    size_t chunk;               /* min(block, CHUNK) */
    s_ind *ind;
    s_crit *crit;
    s_unit *unit;
    s_iv *iv;
    char **strings; /* copied codes and names, freed at the end */
    size_t n_strings;
    long n_qslots;
    float *qbuf;    /* n_qslots * ny * draws */
    float *sortbuf; /* 2 * draws: radix sort and its scratch */
    ws *w;          /* threads */
    ntm_sim_summary res;
};

/* ---- small helpers ------------------------------------------------------------------ */

double ntm_sim_year_end(int year)
{
    return ntm_year_end(year);
}

static double or0(double x)
{
    return isnan(x) ? 0.0 : x;
}

static double clampd(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* z ~ N(0, 1) from one uniform by inversion (a fixed count per variate); bit for bit
 * gsl_cdf_ugaussian_Pinv (rng.h). */
static double normal_at(uint64_t sub, uint64_t i)
{
    return ntm_rng_normal_inv(ntm_rng_uniform(sub, i));
}

static char *dup_str(ntm_sim *s, const char *t)
{
    size_t n = strlen(t) + 1;
    char *c = malloc(n);
    if (!c)
        return NULL;
    memcpy(c, t, n);
    s->strings[s->n_strings++] = c;
    return c;
}

static uint64_t key_of(const ntm_sim_input *in, const char *purpose, const char *k1, const char *k2)
{
    char buf[128];
    if (in->variant) {
        snprintf(buf, sizeof buf, "%s/%s", in->variant, purpose);
        purpose = buf;
    }
    return ntm_rng_key(in->seed, purpose, k1, k2);
}

/* The uniform u = (k + 0.5) 2^-52 of 52 bits k (rng.h) is below R exactly when
 * k + 0.5 < T = R 2^52 (a power of two: exact), that is k < ceil(T - 0.5) (T - 0.5 is
 * exact too: T < 2^52 has a spacing of at most 0.5). The integer test skips the
 * conversion to a double in the inner loop; it decides as u < R would. */
static uint64_t risk_below(double r)
{
    if (!(r > 0))
        return 0;
    if (r >= 1)
        return 1ULL << 52;
    return (uint64_t)ceil(r * 4503599627370496.0 - 0.5);
}

static int is_rate_kind(ntm_kind k)
{
    return k == NTM_KIND_RATE || k == NTM_KIND_SUM;
}

/* ---- construction ------------------------------------------------------------------- */

static ntm_status check_input(const ntm_sim_input *in, ntm_error *err)
{
    if (in->start_year > in->horizon)
        return ntm_error_set(err, NTM_EINPUT, "horizon %d is before the start year %d", in->horizon,
                             in->start_year);
    if (in->horizon - in->start_year + 1 > NTM_SIM_MAX_YEARS)
        return ntm_error_set(err, NTM_EINPUT, "%d years from %d to %d: at most %d",
                             in->horizon - in->start_year + 1, in->start_year, in->horizon,
                             NTM_SIM_MAX_YEARS);
    if (in->deadline < in->start_year || in->deadline > in->horizon)
        return ntm_error_set(err, NTM_EINPUT, "deadline %d is outside %d..%d", in->deadline,
                             in->start_year, in->horizon);
    if (in->draws < 1)
        return ntm_error_set(err, NTM_EINPUT, "draws must be at least 1 (got %ld)", in->draws);
    if (in->threads < 1 || in->threads > NTM_SIM_MAX_THREADS)
        return ntm_error_set(err, NTM_EINPUT, "threads must be 1..%d (got %d)", NTM_SIM_MAX_THREADS,
                             in->threads);
    const ntm_shared_factors *sh = &in->shared;
    if (or0(sh->price_sigma) < 0 || !isfinite(or0(sh->price_sigma)))
        return ntm_error_set(err, NTM_EINPUT, "shared price_sigma must be >= 0");
    if (or0(sh->economy_sigma) < 0 || !isfinite(or0(sh->economy_sigma)))
        return ntm_error_set(err, NTM_EINPUT, "shared economy_sigma must be >= 0");
    if (!(or0(sh->delay_prob) >= 0 && or0(sh->delay_prob) <= 1))
        return ntm_error_set(err, NTM_EINPUT, "shared delay_prob must be in [0, 1]");
    if (in->n_units && !in->unit_names)
        return ntm_error_set(err, NTM_EINPUT, "unit names missing");
    for (size_t u = 0; u < in->n_units; u++)
        if (!in->unit_names[u])
            return ntm_error_set(err, NTM_EINPUT, "unit %zu has no name", u);
    if ((in->n_ind && !in->ind) || (in->n_crit && !in->crit) || (in->n_iv && !in->iv))
        return ntm_error_set(err, NTM_EINPUT, "an input array is missing");
    return NTM_OK;
}

static ntm_status check_ind(const ntm_sim_input *in, size_t i, ntm_error *err)
{
    const ntm_sim_indicator *x = &in->ind[i];
    if (!x->code)
        return ntm_error_set(err, NTM_EINPUT, "indicator %zu has no code", i);
    if (x->unit >= in->n_units)
        return ntm_error_set(err, NTM_EINPUT, "indicator %s: unit index %zu out of range", x->code,
                             x->unit);
    const char *u = in->unit_names[x->unit];
    double risk = or0(x->risk);
    if (!(risk >= 0 && risk <= 1))
        return ntm_error_set(err, NTM_EINPUT, "%s, indicator %s: risk must be in [0, 1]", u,
                             x->code);
    if (!isnan(x->population) && !(x->population > 0 && isfinite(x->population)))
        return ntm_error_set(err, NTM_EINPUT, "%s, indicator %s: population must be > 0", u,
                             x->code);
    if (x->target_year && (x->target_year < in->start_year || x->target_year > in->horizon))
        return ntm_error_set(err, NTM_EINPUT, "%s, indicator %s: target year %d is outside %d..%d",
                             u, x->code, x->target_year, in->start_year, in->horizon);
    if (isinf(x->value) || isinf(x->lower) || isinf(x->upper))
        return ntm_error_set(err, NTM_EINPUT, "%s, indicator %s: infinite value or threshold", u,
                             x->code);
    int cmp = (x->direction == NTM_DIR_MIN && !isnan(x->lower)) ||
              (x->direction == NTM_DIR_MAX && !isnan(x->upper));
    if (x->fit && !cmp)
        return ntm_error_set(err, NTM_EINPUT,
                             "%s, indicator %s: a trend needs a threshold for its direction", u,
                             x->code);
    return NTM_OK;
}

static ntm_status check_iv(const ntm_sim_input *in, size_t k, ntm_error *err)
{
    const ntm_sim_iv *v = &in->iv[k];
    if (!v->iv || !v->iv->name)
        return ntm_error_set(err, NTM_EINPUT, "intervention %zu has no name", k);
    const ntm_intervention *p = v->iv;
    const char *nm = p->name;
    if (v->indicator >= in->n_ind)
        return ntm_error_set(err, NTM_EINPUT, "intervention %s: indicator index out of range", nm);
    const ntm_sim_indicator *x = &in->ind[v->indicator];
    size_t ny = (size_t)(in->horizon - in->start_year + 1);
    if (v->spend)
        for (size_t y = 0; y < ny; y++)
            if (!(v->spend[y] >= 0 && isfinite(v->spend[y])))
                return ntm_error_set(err, NTM_EINPUT,
                                     "intervention %s: money for %d must be a number >= 0", nm,
                                     in->start_year + (int)y);
    if (v->room)
        for (size_t y = 0; y < ny; y++)
            if (!(v->room[y] >= 0 && isfinite(v->room[y])))
                return ntm_error_set(err, NTM_EINPUT,
                                     "intervention %s: room for %d must be a number >= 0", nm,
                                     in->start_year + (int)y);
    double lag = or0(p->lag), decay = or0(p->decay);
    switch (p->type) {
    case NTM_IV_PROGRAM:
    case NTM_IV_RECURRING: {
        if (!is_rate_kind(x->kind) || x->direction == NTM_DIR_YES)
            return ntm_error_set(err, NTM_EINPUT,
                                 "intervention %s: a program acts on a rate, and %s is not one", nm,
                                 x->code);
        if (!(p->unit_cost > 0 && isfinite(p->unit_cost)))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: unit_cost must be > 0", nm);
        double cs = or0(p->unit_cost_sigma);
        if (!(cs >= 0 && isfinite(cs)))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: unit_cost_sigma must be >= 0",
                                 nm);
        if (!(p->efficacy > 0 && p->efficacy <= 1))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: efficacy must be in (0, 1]",
                                 nm);
        if (!(lag >= 0 && lag <= NTM_SIM_MAX_YEARS))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: lag must be >= 0", nm);
        if (!(decay >= 0 && decay <= 1))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: decay must be in [0, 1]", nm);
        double N = !isnan(p->population) ? p->population : x->population;
        if (!(N > 0 && isfinite(N)))
            return ntm_error_set(err, NTM_EINPUT,
                                 "intervention %s: the population N of %s is unknown", nm, x->code);
        if (isnan(x->value) && !x->fit)
            return ntm_error_set(err, NTM_EINPUT,
                                 "intervention %s: %s has neither a value nor a trend", nm,
                                 x->code);
        break;
    }
    case NTM_IV_PROJECT: {
        double cost = p->cost, cont = or0(p->contingency), os = or0(p->overrun_sigma);
        double dur = or0(p->duration), dp = or0(p->delay_prob);
        if (!(cost >= 0 && isfinite(cost)))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: cost must be >= 0", nm);
        if (!(cont >= 0 && isfinite(cont)))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: contingency must be >= 0", nm);
        if (!(os >= 0 && isfinite(os)))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: overrun_sigma must be >= 0",
                                 nm);
        if (!(dur >= 0 && dur <= NTM_SIM_MAX_YEARS))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: duration must be >= 0", nm);
        if (!(dp >= 0 && dp <= 1))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: delay_prob must be in [0, 1]",
                                 nm);
        int m = p->components ? p->components : 1, kk = p->k_required ? p->k_required : m;
        if (m < 1 || m > 1000 || kk < 1 || kk > m)
            return ntm_error_set(err, NTM_EINPUT,
                                 "intervention %s: k_required %d of %d components is impossible",
                                 nm, kk, m);
        if (isinf(p->value_when_done))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: value_when_done is infinite",
                                 nm);
        if (!isnan(p->value_when_done) && x->kind == NTM_KIND_BINARY)
            return ntm_error_set(err, NTM_EINPUT,
                                 "intervention %s: %s is binary and takes no value_when_done", nm,
                                 x->code);
        break;
    }
    case NTM_IV_EFFORT:
        if (!(p->total > 0 && isfinite(p->total)))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: total must be > 0", nm);
        if (!(or0(p->done) >= 0 && isfinite(or0(p->done))))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: done must be >= 0", nm);
        if (!(or0(p->rate) >= 0 && isfinite(or0(p->rate))))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: rate must be >= 0", nm);
        if (!(or0(p->rate_sd) >= 0 && isfinite(or0(p->rate_sd))))
            return ntm_error_set(err, NTM_EINPUT, "intervention %s: rate_sd must be >= 0", nm);
        break;
    default: return ntm_error_set(err, NTM_EINPUT, "intervention %s: unknown type", nm);
    }
    return NTM_OK;
}

static void ws_release(ws *w)
{
    free(w->val);
    free(w->met);
    free(w->cmet);
    free(w->carry);
    free(w->cost);
    free(w->tmp);
    free(w->ev);
    free(w->price);
    free(w->late);
    free(w->econ);
    if (w->r != &w->rng)
        ntm_rng_free(w->r);
    free(w->a.ind_cnt);
    free(w->a.ind_first);
    free(w->a.crit_cnt);
    free(w->a.crit_first);
    free(w->a.unit_cnt);
    free(w->a.unit_first);
    free(w->a.unit_sum);
    free(w->a.unit_sumsq);
}

static int ws_init(ntm_sim *s, ws *w)
{
    size_t ny = s->ny, n1 = ny + 1;
    size_t ni = s->n_ind ? s->n_ind : 1, nc = s->n_crit ? s->n_crit : 1;
    size_t nu = s->n_units ? s->n_units : 1, mi = s->max_ivs ? s->max_ivs : 1;
    size_t ui = s->max_uind ? s->max_uind : 1, uc = s->max_ucrit ? s->max_ucrit : 1;
    w->val = malloc(ui * ny * sizeof *w->val);
    w->met = malloc(ui * ny);
    w->cmet = malloc(uc * ny);
    w->carry = malloc(mi * sizeof *w->carry);
    w->cost = malloc(mi * sizeof *w->cost);
    w->tmp = malloc(s->max_tmp * sizeof *w->tmp);
    w->ev = malloc(mi * sizeof *w->ev);
    w->price = malloc(s->chunk * ny * sizeof *w->price);
    w->late = malloc(s->chunk * ny);
    w->econ = malloc(s->chunk * ny * sizeof *w->econ);
    /* the stream cursor lives in this (cache-line aligned) workspace: the GSL struct is
     * public, and gsl_rng_alloc would put its few bytes of state wherever malloc likes,
     * possibly on a line another thread writes */
    if (ntm_rng_splitmix->size <= sizeof w->rng_state) {
        w->rng.type = ntm_rng_splitmix;
        w->rng.state = w->rng_state;
        gsl_rng_set(&w->rng, 0);
        w->r = &w->rng;
    } else {
        w->r = ntm_rng_new();
    }
    w->a.ind_cnt = calloc(ni * ny, sizeof(uint64_t));
    w->a.ind_first = calloc(ni * n1, sizeof(uint64_t));
    w->a.crit_cnt = calloc(nc * ny, sizeof(uint64_t));
    w->a.crit_first = calloc(nc * n1, sizeof(uint64_t));
    w->a.unit_cnt = calloc(nu * ny, sizeof(uint64_t));
    w->a.unit_first = calloc(nu * n1, sizeof(uint64_t));
    w->a.unit_sum = calloc(nu * ny, sizeof(uint64_t));
    w->a.unit_sumsq = calloc(nu * ny, sizeof(uint64_t));
    return w->val && w->met && w->cmet && w->carry && w->cost && w->tmp && w->ev && w->price &&
           w->late && w->econ && w->r && w->a.ind_cnt && w->a.ind_first && w->a.crit_cnt &&
           w->a.crit_first && w->a.unit_cnt && w->a.unit_first && w->a.unit_sum && w->a.unit_sumsq;
}

static void acc_clear(ntm_sim *s, acc *a)
{
    size_t ny = s->ny, n1 = ny + 1;
    size_t ni = s->n_ind ? s->n_ind : 1, nc = s->n_crit ? s->n_crit : 1;
    size_t nu = s->n_units ? s->n_units : 1;
    memset(a->ind_cnt, 0, ni * ny * sizeof(uint64_t));
    memset(a->ind_first, 0, ni * n1 * sizeof(uint64_t));
    memset(a->crit_cnt, 0, nc * ny * sizeof(uint64_t));
    memset(a->crit_first, 0, nc * n1 * sizeof(uint64_t));
    memset(a->unit_cnt, 0, nu * ny * sizeof(uint64_t));
    memset(a->unit_first, 0, nu * n1 * sizeof(uint64_t));
    memset(a->unit_sum, 0, nu * ny * sizeof(uint64_t));
    memset(a->unit_sumsq, 0, nu * ny * sizeof(uint64_t));
}

static void stats_release(ntm_sim_stats *st)
{
    free(st->p_met);
    free(st->p_met_se);
    free(st->first_met);
    free(st->quant);
    free(st->quant_se);
    free(st->mean_met);
    free(st->mean_met_se);
}

static int stats_init(ntm_sim_stats *st, size_t ny, int quant, int mean)
{
    memset(st, 0, sizeof *st);
    st->p_met = calloc(ny, sizeof(double));
    st->p_met_se = calloc(ny, sizeof(double));
    st->first_met = calloc(ny + 1, sizeof(double));
    if (quant) {
        st->quant = calloc(ny * NTM_SIM_NQ, sizeof(double));
        st->quant_se = calloc(ny * NTM_SIM_NQ, sizeof(double));
    }
    if (mean) {
        st->mean_met = calloc(ny, sizeof(double));
        st->mean_met_se = calloc(ny, sizeof(double));
    }
    return st->p_met && st->p_met_se && st->first_met && (!quant || (st->quant && st->quant_se)) &&
           (!mean || (st->mean_met && st->mean_met_se));
}

void ntm_sim_free(ntm_sim *s)
{
    if (!s)
        return;
    if (s->w)
        for (int t = 0; t < s->threads; t++)
            ws_release(&s->w[t]);
    free(s->w);
    if (s->ind)
        for (size_t i = 0; i < s->n_ind; i++) {
            free(s->ind[i].ivs);
            free(s->ind[i].const_met);
        }
    free(s->ind);
    if (s->crit)
        for (size_t c = 0; c < s->n_crit; c++) {
            free(s->crit[c].ind);
            free(s->crit[c].loc);
        }
    free(s->crit);
    if (s->unit)
        for (size_t u = 0; u < s->n_units; u++) {
            free(s->unit[u].crit);
            free(s->unit[u].ind);
            free(s->unit[u].cst);
            free(s->unit[u].cst_count);
        }
    free(s->unit);
    if (s->iv)
        for (size_t k = 0; k < s->n_iv; k++)
            free(s->iv[k].spend), free(s->iv[k].room);
    free(s->iv);
    for (size_t i = 0; i < s->n_strings; i++)
        free(s->strings[i]);
    free(s->strings);
    free(s->unit_names);
    free(s->qbuf);
    free(s->sortbuf);
    if (s->res.ind)
        for (size_t i = 0; i < s->n_ind; i++)
            stats_release(&s->res.ind[i]);
    if (s->res.crit)
        for (size_t c = 0; c < s->n_crit; c++)
            stats_release(&s->res.crit[c]);
    if (s->res.unit)
        for (size_t u = 0; u < s->n_units; u++)
            stats_release(&s->res.unit[u]);
    free(s->res.ind);
    free(s->res.crit);
    free(s->res.unit);
    free(s);
}

static int compare_met(const s_ind *x, double v)
{
    return ntm_threshold_meets(v, x->in.lower, x->in.upper);
}

static ntm_status constant_units(ntm_sim *s, ntm_error *err);

/* build: the interventions' parameters (NPER counts them per indicator, NINERT the
 * efforts that never progress). Frees NPER on failure. */
static ntm_status build_ivs(ntm_sim *s, const ntm_sim_input *in, size_t *nper, size_t *ninert,
                            ntm_error *err)
{
    size_t ny = s->ny;
    s->max_tmp = ny;
    for (size_t k = 0; k < in->n_iv; k++) {
        const ntm_intervention *p = in->iv[k].iv;
        s_iv *v = &s->iv[k];
        v->type = p->type;
        v->ind = in->iv[k].indicator;
        nper[v->ind]++;
        v->c_med = p->unit_cost;
        v->c_sigma = or0(p->unit_cost_sigma);
        v->eff = p->efficacy;
        v->decay = or0(p->decay);
        v->lag = (int)ceil(or0(p->lag));
        const ntm_sim_indicator *x = &in->ind[v->ind];
        v->N = !isnan(p->population) ? p->population : x->population;
        v->cost = p->cost;
        v->cont = or0(p->contingency);
        v->over_sigma = or0(p->overrun_sigma);
        v->delay_prob = or0(p->delay_prob);
        v->dur = (int)ceil(or0(p->duration));
        v->m = p->components ? p->components : 1;
        v->k = p->k_required ? p->k_required : v->m;
        if ((size_t)v->m > s->max_tmp)
            s->max_tmp = (size_t)v->m;
        v->vdone = p->value_when_done;
        v->done0 = or0(p->done);
        v->total = p->total;
        v->rate = or0(p->rate);
        v->rate_sd = or0(p->rate_sd);
        /* progress counts from the date its `done` was observed, not 1 January */
        double from = in->iv[k].from;
        v->first_share = isfinite(from) && from > in->start_year
                             ? fmax(0.0, fmin(1.0, in->start_year + 1.0 - from))
                             : 1.0;
        if (v->type == NTM_IV_EFFORT && v->done0 < v->total && v->rate <= 0 && v->rate_sd <= 0)
            ninert[v->ind]++;
        v->spend = calloc(ny, sizeof(double));
        if (!v->spend) {
            free(nper);
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        }
        if (in->iv[k].spend && p->type != NTM_IV_EFFORT)
            memcpy(v->spend, in->iv[k].spend, ny * sizeof(double));
        if (in->iv[k].room && p->type == NTM_IV_PROJECT) {
            v->room = malloc(ny * sizeof(double));
            if (!v->room) {
                free(nper);
                return ntm_error_set(err, NTM_ENOMEM, "out of memory");
            }
            memcpy(v->room, in->iv[k].room, ny * sizeof(double));
        }
        v->k_cost = key_of(in, "cost", p->name, NULL);
        v->k_delay = key_of(in, "delay", p->name, NULL);
        v->k_effort = key_of(in, "effort", p->name, NULL);
    }

    return NTM_OK;
}

/* build: the indicators (what each needs drawn) and their interventions. Frees NPER. */
static ntm_status build_indicators(ntm_sim *s, const ntm_sim_input *in, size_t *nper,
                                   size_t *ninert, ntm_error *err)
{
    size_t ny = s->ny;
    /* indicators */
    s->n_qslots = 0;
    for (size_t i = 0; i < in->n_ind; i++) {
        s_ind *x = &s->ind[i];
        x->in = in->ind[i];
        if (!(x->in.code = dup_str(s, in->ind[i].code))) {
            free(nper);
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        }
        x->in.risk = or0(x->in.risk);
        x->in.met = x->in.met ? 1 : 0;
        const char *u = s->unit_names[x->in.unit];
        x->k_trend = key_of(in, "trend", u, x->in.code);
        x->k_risk = key_of(in, "risk", u, x->in.code);
        x->cmp = (x->in.direction == NTM_DIR_MIN && !isnan(x->in.lower)) ||
                 (x->in.direction == NTM_DIR_MAX && !isnan(x->in.upper));
        x->g = x->in.direction == NTM_DIR_MAX ? -1.0 : 1.0;
        if (is_rate_kind(x->in.kind)) {
            x->lo = 0;
            x->hi = 100;
        } else if (x->in.kind == NTM_KIND_COUNT || x->in.kind == NTM_KIND_AMOUNT) {
            x->lo = 0;
            x->hi = INFINITY;
        } else {
            x->lo = -INFINITY;
            x->hi = INFINITY;
        }
        x->target_idx = (x->in.target_year ? x->in.target_year : in->deadline) - in->start_year;
        x->ivs = malloc((nper[i] ? nper[i] : 1) * sizeof(size_t));
        if (!x->ivs) {
            free(nper);
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        }
        if (nper[i] > s->max_ivs)
            s->max_ivs = nper[i];
        int has_value = x->in.fit || !isnan(x->in.value);
        x->shock = x->in.economy && or0(in->shared.economy_sigma) > 0 && has_value;
        /* Needs no draws: nothing random moves it (no trend, no shock, no intervention
         * but efforts that cannot progress) and it cannot slip (no risk, or not met). */
        x->constant =
            !x->in.fit && nper[i] == ninert[i] && !(x->in.risk > 0 && x->in.met) && !x->shock;
        x->q_slot = (x->in.quantiles && has_value && !x->constant) ? s->n_qslots++ : -1;
        if (x->constant) {
            x->const_met = malloc(ny);
            if (!x->const_met) {
                free(nper);
                return ntm_error_set(err, NTM_ENOMEM, "out of memory");
            }
            int m = (x->cmp && !isnan(x->in.value)) ? compare_met(x, x->in.value) : x->in.met;
            memset(x->const_met, m, ny);
        }
        x->risk_only = !x->constant && !x->in.fit && nper[i] == 0 && !x->shock;
        x->met0 = (x->cmp && !isnan(x->in.value)) ? compare_met(x, x->in.value) : x->in.met;
        x->risk_k = risk_below(x->in.risk);
    }
    for (size_t k = 0; k < in->n_iv; k++) {
        s_ind *x = &s->ind[s->iv[k].ind];
        x->ivs[x->n_ivs++] = k;
    }
    free(nper);

    return NTM_OK;
}

/* build: each unit's indicators and criteria. */
static ntm_status build_units(ntm_sim *s, const ntm_sim_input *in, ntm_error *err)
{
    /* each unit's indicators, for the unit-by-unit pass */
    for (size_t i = 0; i < in->n_ind; i++)
        s->unit[s->ind[i].in.unit].n_ind++;
    for (size_t u = 0; u < in->n_units; u++) {
        s_unit *un = &s->unit[u];
        if (un->n_ind > s->max_uind)
            s->max_uind = un->n_ind;
        un->ind = malloc((un->n_ind ? un->n_ind : 1) * sizeof(size_t));
        if (!un->ind)
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        un->n_ind = 0;
    }
    for (size_t i = 0; i < in->n_ind; i++) {
        s_unit *un = &s->unit[s->ind[i].in.unit];
        s->ind[i].loc = un->n_ind;
        un->ind[un->n_ind++] = i;
    }

    /* criteria and units */
    size_t *cper = calloc(in->n_units + 1, sizeof(size_t));
    if (!cper)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t c = 0; c < in->n_crit; c++) {
        const ntm_sim_criterion *ci = &in->crit[c];
        s_crit *cr = &s->crit[c];
        cr->unit = ci->unit;
        cr->n = ci->n_indicators;
        cr->met = ci->met ? 1 : 0;
        cr->risk = or0(ci->risk);
        cr->k_risk = key_of(in, "risk-criterion", s->unit_names[ci->unit], ci->code);
        cr->ind = malloc((cr->n ? cr->n : 1) * sizeof(size_t));
        cr->loc = malloc((cr->n ? cr->n : 1) * sizeof(size_t));
        if (!cr->ind || !cr->loc) {
            free(cper);
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        }
        /* its target: the latest of its indicators' (the deadline when it has none) */
        int target = cr->n ? in->start_year : in->deadline;
        for (size_t j = 0; j < cr->n; j++) {
            cr->ind[j] = ci->indicators[j];
            cr->loc[j] = s->ind[cr->ind[j]].loc;
            int ty = in->ind[cr->ind[j]].target_year;
            ty = ty ? ty : in->deadline;
            if (ty > target)
                target = ty;
        }
        cr->target_idx = target - in->start_year;
        cper[ci->unit]++;
    }
    for (size_t u = 0; u < in->n_units; u++) {
        s->unit[u].crit = malloc((cper[u] ? cper[u] : 1) * sizeof(size_t));
        if (!s->unit[u].crit) {
            free(cper);
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        }
    }
    free(cper);
    for (size_t c = 0; c < in->n_crit; c++) {
        s_unit *un = &s->unit[s->crit[c].unit];
        s->crit[c].pos = un->n;
        un->crit[un->n++] = c;
        if (un->n > s->max_ucrit)
            s->max_ucrit = un->n;
    }

    return NTM_OK;
}

/* build: quantile storage, results and the threads' workspaces. */
static ntm_status build_results(ntm_sim *s, const ntm_sim_input *in, ntm_error *err)
{
    size_t ny = s->ny;
    /* quantile storage, results and workspaces */
    if (s->n_qslots) {
        size_t nq = (size_t)s->n_qslots * ny * (size_t)s->draws;
        s->qbuf = malloc(nq * sizeof(float));
        s->sortbuf = malloc(2 * (size_t)s->draws * sizeof(float));
        if (!s->qbuf || !s->sortbuf)
            return ntm_error_set(err, NTM_ENOMEM,
                                 "out of memory keeping %ld quantile series of %ld draws",
                                 s->n_qslots, s->draws);
    }
    s->res.ind = calloc(s->n_ind + 1, sizeof(ntm_sim_stats));
    s->res.crit = calloc(s->n_crit + 1, sizeof(ntm_sim_stats));
    s->res.unit = calloc(s->n_units + 1, sizeof(ntm_sim_stats));
    if (!s->res.ind || !s->res.crit || !s->res.unit)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n_ind; i++) {
        const s_ind *x = &s->ind[i];
        int q = x->in.quantiles && (x->in.fit || !isnan(x->in.value));
        if (!stats_init(&s->res.ind[i], ny, q, 0))
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        s->res.ind[i].target_year = in->start_year + x->target_idx;
        s->res.ind[i].skipped = x->constant;
    }
    for (size_t c = 0; c < s->n_crit; c++) {
        if (!stats_init(&s->res.crit[c], ny, 0, 0))
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        s->res.crit[c].target_year = in->start_year + s->crit[c].target_idx;
    }
    for (size_t u = 0; u < s->n_units; u++) {
        if (!stats_init(&s->res.unit[u], ny, 0, 1))
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        s->res.unit[u].target_year = in->deadline;
    }
    s->chunk = s->block < CHUNK ? s->block : CHUNK;
    /* sizeof(ws) is a multiple of its alignment, the cache line */
    s->w = aligned_alloc(CACHE_LINE, (size_t)s->threads * sizeof(ws));
    if (!s->w)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    memset(s->w, 0, (size_t)s->threads * sizeof(ws));
    for (int t = 0; t < s->threads; t++)
        if (!ws_init(s, &s->w[t]))
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    return constant_units(s, err);
}

static ntm_status build(ntm_sim *s, const ntm_sim_input *in, ntm_error *err)
{
    s->strings = calloc(in->n_ind + in->n_crit + in->n_units + 1, sizeof(char *));
    s->unit_names = calloc(in->n_units + 1, sizeof(char *));
    s->ind = calloc(in->n_ind + 1, sizeof(s_ind));
    s->crit = calloc(in->n_crit + 1, sizeof(s_crit));
    s->unit = calloc(in->n_units + 1, sizeof(s_unit));
    s->iv = calloc(in->n_iv + 1, sizeof(s_iv));
    if (!s->strings || !s->unit_names || !s->ind || !s->crit || !s->unit || !s->iv)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    s->n_ind = in->n_ind;
    s->n_crit = in->n_crit;
    s->n_units = in->n_units;
    s->n_iv = in->n_iv;
    for (size_t u = 0; u < in->n_units; u++)
        if (!(s->unit_names[u] = dup_str(s, in->unit_names[u])))
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");

    /* interventions */
    size_t *nper = calloc(2 * (in->n_ind + 1), sizeof(size_t));
    if (!nper)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    size_t *ninert = nper + in->n_ind + 1; /* efforts that never progress: no event ever */
    ntm_status rc = build_ivs(s, in, nper, ninert, err);
    if (rc != NTM_OK)
        return rc;
    if ((rc = build_indicators(s, in, nper, ninert, err)) != NTM_OK)
        return rc;
    if ((rc = build_units(s, in, err)) != NTM_OK)
        return rc;
    return build_results(s, in, err);
}

ntm_status ntm_sim_new(ntm_sim **out, const ntm_sim_input *in, ntm_error *err)
{
    if (!out)
        return ntm_error_set(err, NTM_EINPUT, "no place for the simulator");
    *out = NULL;
    if (!in)
        return ntm_error_set(err, NTM_EINPUT, "no simulation input");
    ntm_status st = check_input(in, err);
    for (size_t i = 0; st == NTM_OK && i < in->n_ind; i++)
        st = check_ind(in, i, err);
    for (size_t c = 0; st == NTM_OK && c < in->n_crit; c++) {
        const ntm_sim_criterion *cr = &in->crit[c];
        if (!cr->code)
            st = ntm_error_set(err, NTM_EINPUT, "criterion %zu has no code", c);
        else if (cr->unit >= in->n_units)
            st = ntm_error_set(err, NTM_EINPUT, "criterion %s: unit index out of range", cr->code);
        else if (cr->n_indicators && !cr->indicators)
            st = ntm_error_set(err, NTM_EINPUT, "criterion %s: indicator list missing", cr->code);
        else if (!(or0(cr->risk) >= 0 && or0(cr->risk) <= 1))
            st = ntm_error_set(err, NTM_EINPUT, "%s, criterion %s: risk must be in [0, 1]",
                               in->unit_names[cr->unit], cr->code);
        for (size_t j = 0; st == NTM_OK && j < cr->n_indicators; j++) {
            size_t i = cr->indicators[j];
            if (i >= in->n_ind)
                st = ntm_error_set(err, NTM_EINPUT,
                                   "criterion %s: indicator index %zu out of range", cr->code, i);
            else if (in->ind[i].unit != cr->unit)
                st = ntm_error_set(err, NTM_EINPUT,
                                   "criterion %s of %s lists indicator %s of another unit",
                                   cr->code, in->unit_names[cr->unit], in->ind[i].code);
        }
    }
    for (size_t k = 0; st == NTM_OK && k < in->n_iv; k++)
        st = check_iv(in, k, err);
    if (st != NTM_OK)
        return st;

    ntm_sim *s = calloc(1, sizeof *s);
    if (!s)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    s->seed = in->seed;
    s->start = in->start_year;
    s->horizon = in->horizon;
    s->deadline = in->deadline;
    s->ny = (size_t)(in->horizon - in->start_year + 1);
    s->draws = in->draws;
    s->threads = in->threads;
    s->block = in->block ? in->block : NTM_SIM_DEFAULT_BLOCK;
    s->price_sigma = or0(in->shared.price_sigma);
    s->delay_prob = or0(in->shared.delay_prob);
    s->econ_sigma = or0(in->shared.economy_sigma);
    s->k_price = key_of(in, "shared", "price", NULL);
    s->k_delay = key_of(in, "shared", "delay", NULL);
    s->k_econ = key_of(in, "shared", "economy", NULL);
    for (size_t y = 0; y < s->ny; y++)
        s->times[y] = ntm_sim_year_end(s->start + (int)y);
    st = build(s, in, err);
    if (st != NTM_OK) {
        ntm_sim_free(s);
        return st;
    }
    s->res.start_year = s->start;
    s->res.horizon = s->horizon;
    s->res.deadline = s->deadline;
    s->res.n_years = s->ny;
    s->res.n_ind = s->n_ind;
    s->res.n_crit = s->n_crit;
    s->res.n_units = s->n_units;
    *out = s;
    return NTM_OK;
}

/* ---- one draw ----------------------------------------------------------------------- */

/* The shared factors of draw D into slot K of the chunk in hand. */
static void shared_factors(const ntm_sim *s, ws *w, uint64_t d, size_t k)
{
    size_t ny = s->ny;
    double *price = w->price + k * ny, *econ = w->econ + k * ny;
    uint8_t *late = w->late + k * ny;
    uint64_t sp = ntm_rng_substream(s->k_price, d), sd = ntm_rng_substream(s->k_delay, d),
             se = ntm_rng_substream(s->k_econ, d);
    double cum = 0;
    for (size_t y = 0; y < ny; y++) {
        price[y] = s->price_sigma > 0 ? exp(s->price_sigma * normal_at(sp, y)) : 1.0;
        late[y] = s->delay_prob > 0 && ntm_rng_uniform(sd, y) < s->delay_prob;
        if (s->econ_sigma > 0)
            cum += s->econ_sigma * normal_at(se, y);
        econ[y] = cum;
    }
}

/* Year index at which a project is complete in this draw, or NEVER. PRICE and LATE are
 * the draw's shared factors. */
static int project_done(const ntm_sim *s, const double *price_y, const uint8_t *late, const s_iv *v,
                        uint64_t d, double *tmp)
{
    size_t ny = s->ny;
    size_t first = 0;
    while (first < ny && !(v->spend[first] > 0))
        first++;
    if (first == ny && v->cost > 0) /* no money at all: nothing is ever funded */
        return NEVER;
    uint64_t sc = ntm_rng_substream(v->k_cost, d), sd = ntm_rng_substream(v->k_delay, d);
    /* The draw's construction price level: the first year's shared factor, whatever the
     * spending. (Taking the factor of the first funded year made a token amount in an
     * earlier year swap the draw's price for an independent one: P(met) could fall as
     * money rose, and gap costing found spurious jumps.) */
    double price = price_y[0];
    double unit = v->cost * (1 + v->cont) / v->m * price;
    /* arrivals: a late year's money comes the year after (lost past the horizon) */
    double arrive[NTM_SIM_MAX_YEARS];
    for (size_t t = 0; t < ny; t++)
        arrive[t] = 0;
    double own = 0;
    size_t last = 0; /* the year its own money is all in */
    for (size_t t = 0; t < ny; t++)
        if (t + late[t] < ny && v->spend[t] > 0) {
            arrive[t + late[t]] += v->spend[t];
            own += v->spend[t];
            last = t + late[t];
        }
    /* Funded at its cost: a shortfall (contingency, overrun, prices) is paid from the
     * keys' unallocated money from that year on, as works are, finishing late. */
    if (v->room && own >= v->cost * (1 - MONEY_REL_TOL))
        for (size_t t = last; t < ny; t++)
            arrive[t] += v->room[t];
    double cum = 0, need = 0;
    int j = 0;
    for (int c = 0; c < v->m; c++)
        tmp[c] = NEVER;
    double over = v->over_sigma > 0 ? exp(v->over_sigma * normal_at(sc, 0)) : 1.0;
    need = unit * over;
    for (size_t y = 0; y < ny && j < v->m; y++) {
        cum += arrive[y];
        while (j < v->m && cum >= need * (1 - MONEY_REL_TOL)) {
            int delay = v->delay_prob > 0 && ntm_rng_uniform(sd, (uint64_t)j) < v->delay_prob;
            tmp[j] = (double)y + v->dur + delay;
            j++;
            if (j < v->m)
                need += unit *
                        (v->over_sigma > 0 ? exp(v->over_sigma * normal_at(sc, (uint64_t)j)) : 1.0);
        }
    }
    /* the k-th earliest completion (delays may reorder components) */
    for (int a = 1; a < v->m; a++) {
        double key = tmp[a];
        int b = a - 1;
        while (b >= 0 && tmp[b] > key) {
            tmp[b + 1] = tmp[b];
            b--;
        }
        tmp[b + 1] = key;
    }
    double k = tmp[v->k - 1];
    return k < (double)ny ? (int)k : NEVER;
}

/* Year index at which an effort reaches its total, or NEVER. */
static int effort_done(const ntm_sim *s, const s_iv *v, uint64_t d)
{
    if (v->done0 >= v->total)
        return 0;
    if (v->rate <= 0 && v->rate_sd <= 0) /* never progresses */
        return NEVER;
    uint64_t se = ntm_rng_substream(v->k_effort, d);
    double done = v->done0;
    for (size_t y = 0; y < s->ny; y++) {
        double step = v->rate + (v->rate_sd > 0 ? v->rate_sd * normal_at(se, y) : 0);
        if (y == 0)
            step *= v->first_share;
        done += step > 0 ? step : 0;
        if (done >= v->total)
            return (int)y;
    }
    return NEVER;
}

/* Indicator I in draw D (slot K of the chunk: its shared factors) into V and MET. */
static void sim_indicator(const ntm_sim *s, ws *w, size_t i, uint64_t d, size_t k, double *v,
                          uint8_t *met)
{
    const s_ind *x = &s->ind[i];
    size_t ny = s->ny;
    if (x->constant) {
        for (size_t y = 0; y < ny; y++)
            v[y] = x->in.value;
        memcpy(met, x->const_met, ny);
        return;
    }
    if (x->risk_only) { /* the general path below, reduced: met (risk > 0) until it slips */
        /* locals: the byte stores to MET may alias anything, so fields would be reloaded */
        const double value = x->in.value;
        const uint64_t risk_k = x->risk_k;
        const int met0 = x->met0;
        uint64_t sr = ntm_rng_substream(x->k_risk, d);
        int prev = x->in.met, slipped = 0;
        for (size_t y = 0; y < ny; y++) {
            v[y] = value;
            if (sr && prev && (ntm_rng_bits(sr, y) >> 12) < risk_k) /* u < risk */
                slipped = 1;
            int m = met0 && !slipped;
            met[y] = (uint8_t)m;
            prev = m;
        }
        return;
    }
    if (x->in.fit) {
        ntm_rng_at(w->r, x->k_trend, d);
        if (ntm_trend_draw(x->in.fit, w->r, s->times, ny, v) != NTM_OK)
            for (size_t y = 0; y < ny; y++)
                v[y] = NAN; /* cannot happen: the times are finite */
    } else {
        for (size_t y = 0; y < ny; y++)
            v[y] = x->in.value;
    }
    if (x->shock) {
        const double *econ = w->econ + k * ny;
        for (size_t y = 0; y < ny; y++)
            v[y] = clampd(v[y] + econ[y], x->lo, x->hi);
    }

    /* per-draw parameters of its interventions */
    for (size_t j = 0; j < x->n_ivs; j++) {
        const s_iv *iv = &s->iv[x->ivs[j]];
        w->carry[j] = 0;
        w->ev[j] = NEVER;
        w->cost[j] = iv->c_med;
        if (iv->type == NTM_IV_PROJECT)
            w->ev[j] = project_done(s, w->price + k * ny, w->late + k * ny, iv, d, w->tmp);
        else if (iv->type == NTM_IV_EFFORT)
            w->ev[j] = effort_done(s, iv, d);
        else if (iv->c_sigma > 0) /* the draw's unit cost: one variate, whatever the year */
            w->cost[j] *= exp(iv->c_sigma * normal_at(ntm_rng_substream(iv->k_cost, d), 0));
    }

    uint64_t sr = x->in.risk > 0 && !x->in.fit ? ntm_rng_substream(x->k_risk, d) : 0;
    int prev = x->in.met, slipped = 0, done_met = 0, status = x->in.met;
    double override = NAN; /* value_when_done in force */
    for (size_t y = 0; y < ny; y++) {
        double val = v[y];
        int event = 0;
        if (x->n_ivs) {
            double eff = 0;
            for (size_t j = 0; j < x->n_ivs; j++) {
                const s_iv *iv = &s->iv[x->ivs[j]];
                if (iv->type == NTM_IV_PROGRAM) {
                    if (y > 0)
                        w->carry[j] *= 1 - iv->decay;
                    eff += w->carry[j];
                }
            }
            val = clampd(val + x->g * eff, x->lo, x->hi);
            for (size_t j = 0; j < x->n_ivs; j++) {
                const s_iv *iv = &s->iv[x->ivs[j]];
                if (iv->type == NTM_IV_PROGRAM || iv->type == NTM_IV_RECURRING) {
                    long t = (long)y - iv->lag;
                    if (t < 0 || !(iv->spend[t] > 0))
                        continue;
                    double c = w->cost[j];
                    double share = x->g > 0 ? (100 - val) / 100 : val / 100;
                    double R = share * iv->N, reached = 0;
                    if (R > 0) {
                        if (iv->type == NTM_IV_PROGRAM)
                            reached = -R * expm1(-iv->spend[t] * iv->eff / (c * R));
                        else
                            reached = fmin(R, iv->eff * iv->spend[t] / c);
                    }
                    double delta = 100 * reached / iv->N;
                    if (iv->type == NTM_IV_PROGRAM)
                        w->carry[j] += delta;
                    val = clampd(val + x->g * delta, x->lo, x->hi);
                } else if (w->ev[j] == (int)y) {
                    event = 1;
                    if (iv->type == NTM_IV_PROJECT && !isnan(iv->vdone))
                        override = isnan(override) ? iv->vdone
                                   : x->g > 0      ? fmax(override, iv->vdone)
                                                   : fmin(override, iv->vdone);
                    else
                        done_met = 1;
                }
            }
            if (!isnan(override))
                val = isnan(val) ? override : x->g > 0 ? fmax(val, override) : fmin(val, override);
        }
        v[y] = val;
        if (event)
            slipped = 0, status = 1;
        int base = done_met || ((x->cmp && !isnan(val)) ? compare_met(x, val) : status);
        if (sr && prev && !event && ntm_rng_uniform(sr, y) < x->in.risk) {
            slipped = 1;
            done_met = 0;
            status = 0;
        }
        int m = base && !slipped;
        met[y] = (uint8_t)m;
        prev = m;
    }
}

/* Unit U in draw D (slot K of the chunk) into W's unit buffers: its indicators' values and
 * met (val, met, by position in the unit), its criteria's met (cmet, by position), its
 * count of criteria met (ucount) and its standard (umet). Units share nothing but the
 * chunk's shared factors, so each can run all the chunk's draws in turn. */
static void unit_draw(const ntm_sim *s, ws *w, size_t u, uint64_t d, size_t k)
{
    size_t ny = s->ny;
    const s_unit *un = &s->unit[u];
    for (size_t j = 0; j < un->n_ind; j++)
        sim_indicator(s, w, un->ind[j], d, k, w->val + j * ny, w->met + j * ny);
    const uint8_t *met = w->met;
    int count[NTM_SIM_MAX_YEARS];
    for (size_t y = 0; y < ny; y++)
        count[y] = 0;
    for (size_t c = 0; c < un->n; c++) {
        const s_crit *cr = &s->crit[un->crit[c]];
        uint8_t *cm = w->cmet + c * ny;
        if (cr->n) {
            /* one store a year (a byte-wise read-modify-write of CM stalled on store
             * forwarding); N and LOC in locals, as byte stores may alias anything */
            const size_t *loc = cr->loc;
            size_t n = cr->n;
            for (size_t y = 0; y < ny; y++) {
                uint8_t all = met[loc[0] * ny + y];
                for (size_t j = 1; j < n; j++)
                    all &= met[loc[j] * ny + y];
                cm[y] = all;
                count[y] += all;
            }
        } else {
            int st = cr->met;
            uint64_t sr = cr->risk > 0 ? ntm_rng_substream(cr->k_risk, d) : 0;
            for (size_t y = 0; y < ny; y++) {
                if (sr && st && ntm_rng_uniform(sr, y) < cr->risk)
                    st = 0;
                cm[y] = (uint8_t)st;
                count[y] += st;
            }
        }
    }
    for (size_t y = 0; y < ny; y++) {
        w->ucount[y] = count[y];
        w->umet[y] = un->n > 0 && (size_t)count[y] == un->n;
    }
}

/* Adds one row of met flags to its counters: CNT (ny) and FIRST (ny + 1: the year first
 * met, the last entry never). */
static void count_row(size_t ny, const uint8_t *m, uint64_t *cnt, uint64_t *first)
{
    size_t fy = ny;
    for (size_t y = ny; y-- > 0;) { /* backwards: the last hit is the first year, no branch */
        cnt[y] += m[y];
        fy = m[y] ? y : fy;
    }
    first[fy]++;
}

/* Adds the unit pass in W (unit U, draw D) to the thread's counters and the quantile
 * store. Constant indicators are counted at the end (ntm_sim_results), all draws at once. */
static void unit_count(const ntm_sim *s, ws *w, size_t u, uint64_t d)
{
    size_t ny = s->ny, n1 = ny + 1;
    const s_unit *un = &s->unit[u];
    acc *a = &w->a;
    for (size_t j = 0; j < un->n_ind; j++) {
        size_t i = un->ind[j];
        const s_ind *x = &s->ind[i];
        if (x->constant)
            continue;
        count_row(ny, w->met + j * ny, a->ind_cnt + i * ny, a->ind_first + i * n1);
        if (x->q_slot >= 0)
            for (size_t y = 0; y < ny; y++)
                s->qbuf[((size_t)x->q_slot * ny + y) * (size_t)s->draws + d] =
                    (float)w->val[j * ny + y];
    }
    for (size_t c = 0; c < un->n; c++) {
        size_t ci = un->crit[c];
        count_row(ny, w->cmet + c * ny, a->crit_cnt + ci * ny, a->crit_first + ci * n1);
    }
    count_row(ny, w->umet, a->unit_cnt + u * ny, a->unit_first + u * n1);
    for (size_t y = 0; y < ny; y++) {
        uint64_t c = (uint64_t)w->ucount[y];
        a->unit_sum[u * ny + y] += c;
        a->unit_sumsq[u * ny + y] += c * c;
    }
}

/* Copies the unit pass in W (unit U) into draw K of the caller's block. */
static void unit_copy(const ntm_sim *s, const ws *w, size_t u, ntm_sim_block *out, size_t k)
{
    size_t ny = s->ny;
    const s_unit *un = &s->unit[u];
    for (size_t j = 0; j < un->n_ind; j++) {
        size_t at = (k * s->n_ind + un->ind[j]) * ny;
        memcpy(out->ind_met + at, w->met + j * ny, ny);
        if (out->ind_value)
            memcpy(out->ind_value + at, w->val + j * ny, ny * sizeof(double));
    }
    for (size_t c = 0; c < un->n; c++)
        memcpy(out->crit_met + (k * s->n_crit + un->crit[c]) * ny, w->cmet + c * ny, ny);
    memcpy(out->unit_met + (k * s->n_units + u) * ny, w->umet, ny);
}

/* Constant units: their one outcome, computed now on the first workspace. */
static ntm_status constant_units(ntm_sim *s, ntm_error *err)
{
    size_t ny = s->ny;
    for (size_t u = 0; u < s->n_units; u++) {
        s_unit *un = &s->unit[u];
        un->constant = 1;
        for (size_t j = 0; j < un->n_ind; j++)
            if (!s->ind[un->ind[j]].constant)
                un->constant = 0;
        for (size_t c = 0; c < un->n; c++) {
            const s_crit *cr = &s->crit[un->crit[c]];
            if (!cr->n && cr->risk > 0 && cr->met)
                un->constant = 0;
        }
        if (!un->constant)
            continue;
        un->cst = malloc((un->n + 1) * ny);
        un->cst_count = malloc(ny * sizeof(int));
        if (!un->cst || !un->cst_count)
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        ws *w = &s->w[0];
        unit_draw(s, w, u, 0, 0); /* takes no variate: any draw gives this */
        memcpy(un->cst, w->cmet, un->n * ny);
        memcpy(un->cst + un->n * ny, w->umet, ny);
        memcpy(un->cst_count, w->ucount, ny * sizeof(int));
    }
    return NTM_OK;
}

/* ---- threads ------------------------------------------------------------------------ */

/* Work is handed out in blocks of s->block draws from a shared counter, so a thread that
 * finishes early takes the next block. Which thread makes a draw never matters: draws
 * only add to the thread's own integer counters and fill their own slots. */
typedef struct range {
    ntm_sim *s;
    long a, b;          /* draws a .. b - 1 */
    ntm_sim_block *out; /* NULL: accumulate into the run */
    long d0;            /* first draw of OUT */
    atomic_long next;   /* next block to take */
} range;

typedef struct job {
    range *rg;
    int t; /* thread index: its workspace */
} job;

static void run_chunk(const range *rg, ws *w, long c0, long c1)
{
    const ntm_sim *s = rg->s;
    size_t n = (size_t)(c1 - c0);
    for (size_t k = 0; k < n; k++)
        shared_factors(s, w, (uint64_t)(c0 + (long)k), k);
    for (size_t u = 0; u < s->n_units; u++) {
        if (!rg->out && s->unit[u].constant)
            continue; /* counted at the end */
        for (size_t k = 0; k < n; k++) {
            uint64_t d = (uint64_t)(c0 + (long)k);
            unit_draw(s, w, u, d, k);
            if (rg->out)
                unit_copy(s, w, u, rg->out, (size_t)((long)d - rg->d0));
            else
                unit_count(s, w, u, d);
        }
    }
}

static void *job_run(void *arg)
{
    job *j = arg;
    range *rg = j->rg;
    ws *w = &rg->s->w[j->t];
    long B = (long)rg->s->block, C = (long)rg->s->chunk;
    for (;;) {
        long blk = atomic_fetch_add(&rg->next, 1);
        if (blk > (rg->b - rg->a - 1) / B)
            break;
        long a = rg->a + blk * B, b = rg->b - a > B ? a + B : rg->b;
        for (long c0 = a; c0 < b; c0 += C)
            run_chunk(rg, w, c0, b - c0 > C ? c0 + C : b);
    }
    return NULL;
}

static void run_range(ntm_sim *s, long a, long b, ntm_sim_block *out, long d0)
{
    if (b <= a)
        return;
    range rg = {.s = s, .a = a, .b = b, .out = out, .d0 = d0};
    atomic_init(&rg.next, 0);
    job jobs[NTM_SIM_MAX_THREADS];
    pthread_t tid[NTM_SIM_MAX_THREADS];
    int started[NTM_SIM_MAX_THREADS];
    /* no more threads than blocks */
    long nblk = (b - a - 1) / (long)s->block + 1;
    int T = nblk < s->threads ? (int)nblk : s->threads;
    for (int t = 0; t < T; t++) {
        jobs[t] = (job){&rg, t};
        started[t] = 0;
    }
    /* threads beyond the first; one that cannot start leaves its share to the others */
    for (int t = 1; t < T; t++)
        started[t] = pthread_create(&tid[t], NULL, job_run, &jobs[t]) == 0;
    job_run(&jobs[0]);
    for (int t = 1; t < T; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
}

long ntm_sim_step(ntm_sim *s, long n_max)
{
    if (!s || n_max <= 0 || s->done >= s->draws)
        return 0;
    long n = s->draws - s->done < n_max ? s->draws - s->done : n_max;
    run_range(s, s->done, s->done + n, NULL, 0);
    s->done += n;
    return n;
}

int ntm_sim_done(const ntm_sim *s)
{
    return s->done >= s->draws;
}

long ntm_sim_draws_done(const ntm_sim *s)
{
    return s->done;
}

size_t ntm_sim_n_years(const ntm_sim *s)
{
    return s->ny;
}

ntm_status ntm_sim_set_spend(ntm_sim *s, size_t k, const double *spend, ntm_error *err)
{
    if (k >= s->n_iv)
        return ntm_error_set(err, NTM_EINPUT, "intervention index %zu out of range", k);
    if (spend)
        for (size_t y = 0; y < s->ny; y++)
            if (!(spend[y] >= 0 && isfinite(spend[y])))
                return ntm_error_set(err, NTM_EINPUT, "money for %d must be a number >= 0",
                                     s->start + (int)y);
    s_iv *v = &s->iv[k];
    if (spend && v->type != NTM_IV_EFFORT)
        memcpy(v->spend, spend, s->ny * sizeof(double));
    else
        memset(v->spend, 0, s->ny * sizeof(double));
    s->done = 0;
    for (int t = 0; t < s->threads; t++)
        acc_clear(s, &s->w[t].a);
    return NTM_OK;
}

ntm_status ntm_sim_eval_block(ntm_sim *s, long d0, size_t n, ntm_sim_block *out, ntm_error *err)
{
    if (!out || !out->ind_met || !out->crit_met || !out->unit_met)
        return ntm_error_set(err, NTM_EINPUT, "no arrays for the block");
    if (d0 < 0 || n > (size_t)s->draws || d0 > s->draws - (long)n)
        return ntm_error_set(err, NTM_EINPUT, "draws %ld..%ld are outside 0..%ld", d0,
                             d0 + (long)n - 1, s->draws - 1);
    run_range(s, d0, d0 + (long)n, out, d0);
    return NTM_OK;
}

/* ---- summaries ---------------------------------------------------------------------- */

/* An unsigned key that orders floats as their values do: the sign bit flipped for
 * positives, all bits for negatives; -0 takes +0's key (they compare equal). */
static uint32_t float_key(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    if (b == 0x80000000u)
        b = 0;
    return b & 0x80000000u ? ~b : b | 0x80000000u;
}

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)

/* Sorts X[0..n-1] ascending by a stable least-significant-digit radix sort on
 * float_key (three passes of 11 bits), using TMP (n floats). Stable with -0 == +0, it
 * gives the array a stable comparison sort would (NaN never occurs: values are clamped
 * and checked before they are stored), in O(n) instead of a qsort's callbacks: the
 * quantiles of 10 000 draws of 600 indicators took most of the summary. */
static void radix_sort(float *x, float *tmp, size_t n)
{
    static const int shift[3] = {0, RADIX_BITS, 2 * RADIX_BITS};
    size_t cnt[RADIX_SIZE];
    float *src = x, *dst = tmp;
    for (int p = 0; p < 3; p++) {
        memset(cnt, 0, sizeof cnt);
        for (size_t i = 0; i < n; i++)
            cnt[(float_key(src[i]) >> shift[p]) & (RADIX_SIZE - 1)]++;
        int trivial = 0; /* every key has the same digit: the pass would copy */
        for (size_t b = 0; b < RADIX_SIZE && !trivial; b++)
            trivial = cnt[b] == n;
        if (trivial)
            continue;
        size_t sum = 0;
        for (size_t b = 0; b < RADIX_SIZE; b++) {
            size_t c = cnt[b];
            cnt[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[(float_key(src[i]) >> shift[p]) & (RADIX_SIZE - 1)]++] = src[i];
        float *t = src;
        src = dst;
        dst = t;
    }
    if (src != x)
        memcpy(x, src, n * sizeof *x);
}

/* Quantile of the sorted X[0..n-1] by linear interpolation between order statistics
 * (Hyndman & Fan type 7: h = (n - 1) p). */
static double sorted_quantile(const float *x, long n, double p)
{
    double h = (double)(n - 1) * clampd(p, 0, 1);
    long lo = (long)floor(h);
    if (lo >= n - 1)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * ((double)x[lo + 1] - (double)x[lo]);
}

static void fill_stats(ntm_sim_stats *st, size_t ny, long n, const uint64_t *cnt,
                       const uint64_t *first, int target_idx, int deadline_idx)
{
    for (size_t y = 0; y < ny; y++) {
        double p = (double)cnt[y] / (double)n;
        st->p_met[y] = p;
        st->p_met_se[y] = sqrt(p * (1 - p) / (double)n);
    }
    for (size_t y = 0; y <= ny; y++)
        st->first_met[y] = (double)first[y] / (double)n;
    st->p_target = st->p_met[target_idx];
    st->p_target_se = st->p_met_se[target_idx];
    st->p_deadline = st->p_met[deadline_idx];
    st->p_deadline_se = st->p_met_se[deadline_idx];
}

/* Adds N draws of the fixed outcome MET (ny flags) to the counters CNT and FIRST. */
static void add_constant(size_t ny, long n, const uint8_t *met, uint64_t *cnt, uint64_t *first)
{
    size_t fy = ny;
    for (size_t y = 0; y < ny; y++) {
        cnt[y] += met[y] ? (uint64_t)n : 0;
        if (met[y] && fy == ny)
            fy = y;
    }
    first[fy] += (uint64_t)n;
}

/* Sums the threads' counters for ROWS entries (thread order fixed; integer sums exact). */
static void fold(const ntm_sim *s, size_t off, size_t rows, uint64_t *dst,
                 uint64_t *(*pick)(const acc *))
{
    memset(dst, 0, rows * sizeof(uint64_t));
    for (int t = 0; t < s->threads; t++) {
        const uint64_t *src = pick(&s->w[t].a) + off;
        for (size_t r = 0; r < rows; r++)
            dst[r] += src[r];
    }
}

static uint64_t *p_ind_cnt(const acc *a)
{
    return a->ind_cnt;
}
static uint64_t *p_ind_first(const acc *a)
{
    return a->ind_first;
}
static uint64_t *p_crit_cnt(const acc *a)
{
    return a->crit_cnt;
}
static uint64_t *p_crit_first(const acc *a)
{
    return a->crit_first;
}
static uint64_t *p_unit_cnt(const acc *a)
{
    return a->unit_cnt;
}
static uint64_t *p_unit_first(const acc *a)
{
    return a->unit_first;
}
static uint64_t *p_unit_sum(const acc *a)
{
    return a->unit_sum;
}
static uint64_t *p_unit_sumsq(const acc *a)
{
    return a->unit_sumsq;
}

const ntm_sim_summary *ntm_sim_results(ntm_sim *s)
{
    size_t ny = s->ny, n1 = ny + 1;
    long n = s->done;
    ntm_sim_summary *r = &s->res;
    r->draws = n;
    if (n == 0)
        return r;
    int dl = s->deadline - s->start;
    uint64_t cnt[NTM_SIM_MAX_YEARS], first[NTM_SIM_MAX_YEARS + 1];
    uint64_t sum[NTM_SIM_MAX_YEARS], sumsq[NTM_SIM_MAX_YEARS];
    for (size_t i = 0; i < s->n_ind; i++) {
        fold(s, i * ny, ny, cnt, p_ind_cnt);
        fold(s, i * n1, n1, first, p_ind_first);
        ntm_sim_stats *st = &r->ind[i];
        const s_ind *x = &s->ind[i];
        if (x->constant) /* never simulated: the same in every draw */
            add_constant(ny, n, x->const_met, cnt, first);
        fill_stats(st, ny, n, cnt, first, x->target_idx, dl);
        if (!st->quant)
            continue;
        if (x->q_slot < 0) { /* constant value */
            for (size_t k = 0; k < ny * NTM_SIM_NQ; k++) {
                st->quant[k] = x->in.value;
                st->quant_se[k] = 0;
            }
            continue;
        }
        for (size_t y = 0; y < ny; y++) {
            memcpy(s->sortbuf, s->qbuf + ((size_t)x->q_slot * ny + y) * (size_t)s->draws,
                   (size_t)n * sizeof(float));
            radix_sort(s->sortbuf, s->sortbuf + s->draws, (size_t)n);
            for (size_t q = 0; q < NTM_SIM_NQ; q++) {
                double p = ntm_sim_quantile_levels[q], dp = sqrt(p * (1 - p) / (double)n);
                st->quant[y * NTM_SIM_NQ + q] = sorted_quantile(s->sortbuf, n, p);
                st->quant_se[y * NTM_SIM_NQ + q] = (sorted_quantile(s->sortbuf, n, p + dp) -
                                                    sorted_quantile(s->sortbuf, n, p - dp)) /
                                                   2;
            }
        }
    }
    for (size_t c = 0; c < s->n_crit; c++) {
        fold(s, c * ny, ny, cnt, p_crit_cnt);
        fold(s, c * n1, n1, first, p_crit_first);
        const s_unit *un = &s->unit[s->crit[c].unit];
        if (un->constant)
            add_constant(ny, n, un->cst + s->crit[c].pos * ny, cnt, first);
        fill_stats(&r->crit[c], ny, n, cnt, first, s->crit[c].target_idx, dl);
    }
    for (size_t u = 0; u < s->n_units; u++) {
        fold(s, u * ny, ny, cnt, p_unit_cnt);
        fold(s, u * n1, n1, first, p_unit_first);
        fold(s, u * ny, ny, sum, p_unit_sum);
        fold(s, u * ny, ny, sumsq, p_unit_sumsq);
        const s_unit *un = &s->unit[u];
        if (un->constant) {
            add_constant(ny, n, un->cst + un->n * ny, cnt, first);
            for (size_t y = 0; y < ny; y++) {
                uint64_t c = (uint64_t)un->cst_count[y];
                sum[y] += (uint64_t)n * c;
                sumsq[y] += (uint64_t)n * c * c;
            }
        }
        ntm_sim_stats *st = &r->unit[u];
        fill_stats(st, ny, n, cnt, first, dl, dl);
        for (size_t y = 0; y < ny; y++) {
            double mean = (double)sum[y] / (double)n;
            double var = n > 1 ? ((double)sumsq[y] - (double)n * mean * mean) / (double)(n - 1) : 0;
            st->mean_met[y] = mean;
            st->mean_met_se[y] = sqrt(var > 0 ? var / (double)n : 0);
        }
    }
    return r;
}
