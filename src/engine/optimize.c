/* optimize.c: the multiple-choice knapsack over valued options, with GLPK (see optimize.h). */
#include "engine/optimize.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* GLPK works in units of this many đồng: amounts of 10^6 to 10^11 đồng become 1 to 10^5,
 * which keeps its relative tolerances (1e-7) well below one đồng... of the scaled unit. */
#define MONEY_SCALE 1e-6
/* No time limit on GLPK's branch and cut: a wall-clock limit would make the plan depend on
 * the machine's speed and load (the same scenario and seed must give the same plan). The
 * multiple-choice knapsacks here solve in well under a second (make bench). */

static ntm_status check_problem(const ntm_opt_problem *p, size_t *n_opt, ntm_error *err)
{
    if (!p || (p->n_groups && (!p->n_options || !p->value || !p->cost)) ||
        (p->budget.n_keys > 0 && p->budget.n_years > 0 && !p->budget.cap))
        return ntm_error_set(err, NTM_EINPUT, "optimize: incomplete problem (a NULL array)");
    size_t rows = p->budget.n_keys * p->budget.n_years;
    size_t n = 0;
    for (size_t g = 0; g < p->n_groups; g++) {
        if (p->n_options[g] == 0)
            return ntm_error_set(err, NTM_EINPUT, "optimize: group %zu has no options", g);
        n += p->n_options[g];
    }
    for (size_t o = 0; o < n; o++) {
        if (!isfinite(p->value[o]))
            return ntm_error_set(err, NTM_EINPUT, "optimize: option %zu has no finite value", o);
        for (size_t r = 0; r < rows; r++)
            if (!isfinite(p->cost[o * rows + r]) || p->cost[o * rows + r] < 0)
                return ntm_error_set(err, NTM_EINPUT,
                                     "optimize: option %zu has a negative or non-finite cost", o);
    }
    for (size_t r = 0; r < rows; r++)
        if (!isfinite(p->budget.cap[r]) || p->budget.cap[r] < 0)
            return ntm_error_set(err, NTM_EINPUT,
                                 "optimize: envelope %zu is negative or not finite", r);
    if (isnan(p->total_cap) || p->total_cap < 0)
        return ntm_error_set(err, NTM_EINPUT, "optimize: the total cap is negative or NaN");
    *n_opt = n;
    return NTM_OK;
}

int ntm_opt_fits(const ntm_opt_budget *b, const double *spend)
{
    for (size_t k = 0; k < b->n_keys; k++) {
        double left = 0; /* what is left of last year's own envelope (carry-over only) */
        for (size_t y = 0; y < b->n_years; y++) {
            double cap = b->cap[k * b->n_years + y];
            double s = spend[k * b->n_years + y];
            double from_carry = b->carry_over ? fmin(s, left) : 0;
            double own = s - from_carry;
            if (own > cap + NTM_OPT_TOL_DONG)
                return 0;
            left = b->carry_over ? fmax(0, cap - own) : 0;
        }
    }
    return 1;
}

/* Adds one row with LEN (1-based) entries; returns its index. */
static int add_row(glp_prob *lp, int type, double lo, double hi, int len, const int *ind,
                   const double *val)
{
    int i = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, i, type, lo, hi);
    glp_set_mat_row(lp, i, len, ind, val);
    return i;
}

ntm_status ntm_opt_solve(const ntm_opt_problem *p, size_t *choice, double *objective,
                         ntm_error *err)
{
    size_t n;
    ntm_status rc = check_problem(p, &n, err);
    if (rc != NTM_OK)
        return rc;
    if (p->n_groups == 0) {
        *objective = 0;
        return NTM_OK;
    }
    const ntm_opt_budget *b = &p->budget;
    size_t ny = b->n_years, rows = b->n_keys * ny;
    if (n > (size_t)(1 << 28))
        return ntm_error_set(err, NTM_EINPUT, "optimize: too many options (%zu)", n);
    /* Columns: x (n binaries), then with carry-over u and v per key and year. */
    size_t n_cols = n + (b->carry_over ? 2 * rows : 0);
    int *ind = malloc((n_cols + 2) * sizeof *ind);
    double *val = malloc((n_cols + 2) * sizeof *val);
    double *spend = calloc(rows ? rows : 1, sizeof *spend);
    if (!ind || !val || !spend) {
        free(ind);
        free(val);
        free(spend);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)n_cols);
    for (size_t o = 0; o < n; o++) {
        glp_set_col_kind(lp, (int)o + 1, GLP_BV);
        glp_set_obj_coef(lp, (int)o + 1, p->value[o]);
    }
    /* One option per group. */
    size_t first = 0;
    for (size_t g = 0; g < p->n_groups; g++) {
        int len = 0;
        for (size_t o = first; o < first + p->n_options[g]; o++) {
            ind[++len] = (int)o + 1;
            val[len] = 1;
        }
        add_row(lp, GLP_FX, 1, 1, len, ind, val);
        first += p->n_options[g];
    }
    /* Envelope rows. */
    for (size_t k = 0; k < b->n_keys; k++)
        for (size_t y = 0; y < ny; y++) {
            size_t r = k * ny + y;
            int len = 0;
            for (size_t o = 0; o < n; o++)
                if (p->cost[o * rows + r] > 0) {
                    ind[++len] = (int)o + 1;
                    val[len] = p->cost[o * rows + r] * MONEY_SCALE;
                }
            double cap = (b->cap[r] + NTM_OPT_TOL_DONG) * MONEY_SCALE;
            if (!b->carry_over) {
                if (len)
                    add_row(lp, GLP_UP, 0, cap, len, ind, val);
                continue;
            }
            int u = (int)(n + 2 * r) + 1, v = u + 1;
            glp_set_col_bnds(lp, u, GLP_DB, 0, cap);
            double prev = y > 0 ? (b->cap[r - 1] + NTM_OPT_TOL_DONG) * MONEY_SCALE : 0;
            if (prev > 0)
                glp_set_col_bnds(lp, v, GLP_DB, 0, prev);
            else
                glp_set_col_bnds(lp, v, GLP_FX, 0, 0);
            ind[++len] = u;
            val[len] = -1;
            ind[++len] = v;
            val[len] = -1;
            add_row(lp, GLP_FX, 0, 0, len, ind, val); /* spend = u + v */
            if (y > 0) {
                int pair[3] = {0, v, u - 2}; /* v_y + u_{y-1} <= cap_{y-1} */
                double one[3] = {0, 1, 1};
                add_row(lp, GLP_UP, 0, prev, 2, pair, one);
            }
        }
    if (isfinite(p->total_cap)) {
        int len = 0;
        for (size_t o = 0; o < n; o++) {
            double t = 0;
            for (size_t r = 0; r < rows; r++)
                t += p->cost[o * rows + r];
            if (t > 0) {
                ind[++len] = (int)o + 1;
                val[len] = t * MONEY_SCALE;
            }
        }
        if (len)
            add_row(lp, GLP_UP, 0, (p->total_cap + NTM_OPT_TOL_DONG) * MONEY_SCALE, len, ind, val);
    }
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    int ret = glp_intopt(lp, &parm);
    int status = ret == 0 || ret == GLP_ETMLIM ? glp_mip_status(lp) : GLP_UNDEF;
    if (ret == GLP_ENOPFS || status == GLP_NOFEAS) {
        rc = ntm_error_set(err, NTM_ENOTFOUND, "optimize: no plan fits the envelopes");
    } else if (ret != 0 && !(ret == GLP_ETMLIM && status == GLP_FEAS)) {
        rc = ntm_error_set(err, NTM_ENUMERIC, "optimize: GLPK glp_intopt failed (code %d)", ret);
    } else if (status != GLP_OPT && status != GLP_FEAS) {
        rc = ntm_error_set(err, NTM_ENUMERIC, "optimize: GLPK found no integer plan (status %d)",
                           status);
    } else {
        first = 0;
        double obj = 0;
        for (size_t g = 0; g < p->n_groups && rc == NTM_OK; g++) {
            size_t pick = p->n_options[g];
            for (size_t o = 0; o < p->n_options[g]; o++)
                if (glp_mip_col_val(lp, (int)(first + o) + 1) > 0.5)
                    pick = o;
            if (pick == p->n_options[g]) {
                rc = ntm_error_set(err, NTM_ENUMERIC, "optimize: GLPK left group %zu empty", g);
                break;
            }
            choice[g] = pick;
            obj += p->value[first + pick];
            for (size_t r = 0; r < rows; r++)
                spend[r] += p->cost[(first + pick) * rows + r];
            first += p->n_options[g];
        }
        /* GLPK's tolerances are relative: check the plan on the exact rule. */
        if (rc == NTM_OK && !ntm_opt_fits(b, spend))
            rc = ntm_error_set(err, NTM_ENUMERIC,
                               "optimize: GLPK's plan exceeds an envelope (rounding)");
        if (rc == NTM_OK)
            *objective = obj;
    }
    glp_delete_prob(lp);
    free(ind);
    free(val);
    free(spend);
    return rc;
}

ntm_status ntm_opt_enumerate(const ntm_opt_problem *p, ntm_opt_score_fn score, void *user,
                             size_t *best, double *best_score, size_t *n_plans, ntm_error *err)
{
    size_t n;
    ntm_status rc = check_problem(p, &n, err);
    if (rc != NTM_OK)
        return rc;
    if (!score)
        return ntm_error_set(err, NTM_EINPUT, "optimize: no score function");
    double plans = 1;
    for (size_t g = 0; g < p->n_groups; g++)
        plans *= (double)p->n_options[g];
    if (plans > NTM_OPT_MAX_ENUM)
        return ntm_error_set(err, NTM_EINPUT, "optimize: %.0f plans are too many to enumerate",
                             plans);
    size_t G = p->n_groups, rows = p->budget.n_keys * p->budget.n_years;
    size_t *cur = calloc(G ? G : 1, sizeof *cur);
    size_t *first = calloc(G ? G : 1, sizeof *first);
    double *spend = calloc(rows ? rows : 1, sizeof *spend);
    if (!cur || !first || !spend) {
        free(cur);
        free(first);
        free(spend);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    for (size_t g = 1; g < G; g++)
        first[g] = first[g - 1] + p->n_options[g - 1];
    size_t scored = 0;
    int found = 0;
    for (;;) {
        memset(spend, 0, (rows ? rows : 1) * sizeof *spend);
        double total = 0;
        for (size_t g = 0; g < G; g++)
            for (size_t r = 0; r < rows; r++) {
                spend[r] += p->cost[(first[g] + cur[g]) * rows + r];
                total += p->cost[(first[g] + cur[g]) * rows + r];
            }
        if (ntm_opt_fits(&p->budget, spend) && !(total > p->total_cap + NTM_OPT_TOL_DONG)) {
            double s = score(user, cur);
            scored++;
            if (isnan(s)) {
                rc = ntm_error_set(err, NTM_EINPUT, "optimize: a plan scored NaN");
                break;
            }
            if (!found || s > *best_score) {
                found = 1;
                *best_score = s;
                memcpy(best, cur, G * sizeof *cur);
            }
        }
        size_t g = G; /* next plan: an odometer over the groups, last group fastest */
        while (g > 0) {
            g--;
            if (++cur[g] < p->n_options[g])
                break;
            cur[g] = 0;
            if (g == 0) {
                g = G + 1;
                break;
            }
        }
        if (G == 0 || g == G + 1)
            break;
    }
    if (rc == NTM_OK && !found)
        rc = ntm_error_set(err, NTM_ENOTFOUND, "optimize: no plan fits the envelopes");
    if (n_plans)
        *n_plans = scored;
    free(cur);
    free(first);
    free(spend);
    return rc;
}
