/* gapcost.c: least money for a confidence, by bracketing and bisection (see gapcost.h). */
#include "engine/gapcost.h"

#include <math.h>
#include <stdlib.h>

/* Evaluated points (money, P), kept sorted by money. */
typedef struct cache {
    double *s, *p;
    size_t n, cap;
    size_t evals;
    ntm_gapcost_fn fn;
    void *user;
} cache;

static ntm_status eval_at(cache *c, double s, double *p, ntm_error *err)
{
    size_t at = 0;
    while (at < c->n && c->s[at] < s)
        at++;
    if (at < c->n && c->s[at] == s) {
        *p = c->p[at];
        return NTM_OK;
    }
    if (c->evals >= NTM_GAPCOST_MAX_EVALS)
        return ntm_error_set(err, NTM_ENUMERIC,
                             "gap cost: no answer after %d evaluations of P(met)",
                             NTM_GAPCOST_MAX_EVALS);
    double v = NAN;
    ntm_status rc = c->fn(c->user, s, &v, err);
    if (rc != NTM_OK)
        return rc;
    c->evals++;
    if (!(v >= 0 && v <= 1))
        return ntm_error_set(err, NTM_ENUMERIC, "gap cost: P(met) %g at %g đồng is not in [0, 1]",
                             v, s);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        double *ns = realloc(c->s, cap * sizeof *ns);
        if (!ns)
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        c->s = ns;
        double *np = realloc(c->p, cap * sizeof *np);
        if (!np)
            return ntm_error_set(err, NTM_ENOMEM, "out of memory");
        c->p = np;
        c->cap = cap;
    }
    for (size_t k = c->n; k > at; k--) {
        c->s[k] = c->s[k - 1];
        c->p[k] = c->p[k - 1];
    }
    c->s[at] = s;
    c->p[at] = v;
    c->n++;
    *p = v;
    return NTM_OK;
}

/* The least money with P >= Q: *FOUND 0 when even max_money falls short. The answer is
 * always an evaluated amount (the upper end of the final bracket), so P there is >= Q. */
static ntm_status least(cache *c, const ntm_gapcost_opts *o, double q, int *found, double *money,
                        double *p_at, ntm_error *err)
{
    double rel = o->rel_tol > 0 ? o->rel_tol : NTM_GAPCOST_REL_TOL;
    double abs_tol = o->abs_tol > 0 ? o->abs_tol : NTM_GAPCOST_ABS_TOL;
    double p;
    ntm_status rc = eval_at(c, 0, &p, err);
    if (rc != NTM_OK)
        return rc;
    for (;;) {
        /* hi: the least cached amount with P >= q; lo: the largest below it with P < q */
        size_t h = c->n;
        for (size_t k = 0; k < c->n && h == c->n; k++)
            if (c->p[k] >= q)
                h = k;
        if (h == 0) {
            *found = 1;
            *money = 0;
            *p_at = c->p[0];
            return NTM_OK;
        }
        if (h == c->n) {
            double top = c->s[c->n - 1];
            if (top >= o->max_money) {
                *found = 0;
                *money = o->max_money;
                *p_at = c->p[c->n - 1];
                return NTM_OK;
            }
            double next = top > 0 ? top * NTM_GAPCOST_GROWTH : o->scale;
            if (next > o->max_money)
                next = o->max_money;
            if ((rc = eval_at(c, next, &p, err)) != NTM_OK)
                return rc;
            continue;
        }
        size_t l = h - 1;
        while (l > 0 && c->p[l] >= q)
            l--;
        double lo = c->s[l], hi = c->s[h];
        if (hi - lo <= fmax(rel * hi, abs_tol)) {
            *found = 1;
            *money = hi;
            *p_at = c->p[h];
            return NTM_OK;
        }
        /* geometric steps while the bracket spans orders of magnitude, then halves */
        double mid = lo <= 0 ? hi / 8 : hi > 4 * lo ? sqrt(lo * hi) : 0.5 * (lo + hi);
        if (!(mid > lo && mid < hi)) { /* the bracket is as narrow as doubles allow */
            *found = 1;
            *money = hi;
            *p_at = c->p[h];
            return NTM_OK;
        }
        if ((rc = eval_at(c, mid, &p, err)) != NTM_OK)
            return rc;
    }
}

ntm_status ntm_gapcost_solve(ntm_gapcost_fn fn, void *user, const ntm_gapcost_opts *o,
                             const double *conf, size_t n_conf, ntm_gapcost_result *out,
                             double *p_max, size_t *n_evals, ntm_error *err)
{
    if (!fn || !o || (n_conf && (!conf || !out)))
        return ntm_error_set(err, NTM_EINPUT, "gap cost: missing function, options or arrays");
    if (o->draws < 1)
        return ntm_error_set(err, NTM_EINPUT, "gap cost: draws must be >= 1 (got %ld)", o->draws);
    if (!(o->scale > 0 && isfinite(o->scale)) || !(o->max_money >= o->scale) ||
        !isfinite(o->max_money))
        return ntm_error_set(err, NTM_EINPUT,
                             "gap cost: need 0 < scale <= max_money (got %g and %g)", o->scale,
                             o->max_money);
    if (!(o->rel_tol >= 0) || !(o->abs_tol >= 0))
        return ntm_error_set(err, NTM_EINPUT, "gap cost: tolerances must be >= 0");
    for (size_t k = 0; k < n_conf; k++)
        if (!(conf[k] > 0 && conf[k] < 1))
            return ntm_error_set(err, NTM_EINPUT, "gap cost: confidence %g is not in (0, 1)",
                                 conf[k]);
    cache c = {.fn = fn, .user = user};
    ntm_status rc = NTM_OK;
    double n = (double)o->draws;
    for (size_t k = 0; k < n_conf && rc == NTM_OK; k++) {
        ntm_gapcost_result *r = &out[k];
        r->conf = conf[k];
        r->money_se = 0;
        r->se_one_sided = 0;
        rc = least(&c, o, conf[k], &r->found, &r->money, &r->p, err);
        if (rc != NTM_OK || !r->found)
            continue;
        /* The binomial s.e. at the asked confidence, floored at 1/(2n) so it does not
         * vanish near 0 or 1 (with n draws a probability is known to 1/n at best). */
        double se = fmax(sqrt(conf[k] * (1 - conf[k]) / n), 0.5 / n);
        int f_lo = 0, f_hi = 0;
        double m_lo = 0, m_hi = 0, p_unused;
        rc = least(&c, o, conf[k] - se, &f_lo, &m_lo, &p_unused, err);
        if (rc == NTM_OK && conf[k] + se < 1)
            rc = least(&c, o, conf[k] + se, &f_hi, &m_hi, &p_unused, err);
        if (rc != NTM_OK)
            continue;
        if (f_hi)
            r->money_se = 0.5 * (m_hi - m_lo);
        else {
            r->money_se = r->money - m_lo;
            r->se_one_sided = 1;
        }
    }
    if (rc == NTM_OK) {
        if (p_max)
            *p_max = c.n ? c.p[c.n - 1] : NAN;
        if (n_evals)
            *n_evals = c.evals;
    }
    free(c.s);
    free(c.p);
    return rc;
}

ntm_status ntm_gapcost_program_money(double c, double e, double R, double reached, double *money,
                                     ntm_error *err)
{
    if (!(c > 0 && isfinite(c)) || !(e > 0 && e <= 1) || !(R > 0 && isfinite(R)))
        return ntm_error_set(err, NTM_EINPUT,
                             "program money: need unit cost > 0, efficacy in (0, 1] and R > 0");
    if (!(reached > 0)) {
        *money = 0;
        return NTM_OK;
    }
    if (reached >= R)
        return ntm_error_set(err, NTM_ENUMERIC,
                             "program money: reaching %g of %g units takes more than any amount",
                             reached, R);
    *money = -(c * R / e) * log1p(-reached / R);
    return NTM_OK;
}

double ntm_gapcost_program_reach(double c, double e, double R, double s)
{
    if (!(c > 0) || !(e > 0) || !(R > 0) || !(s >= 0))
        return NAN;
    return -R * expm1(-s * e / (c * R));
}
