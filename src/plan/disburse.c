/* disburse.c: tranches, rates and the year-end projection (see disburse.h). */
#include "plan/disburse.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/period.h"

#define MINUTES_PER_DAY 1440L
/* Amounts within this many đồng are equal (sums of user amounts). */
#define TOL_DONG 1.0
/* The 80% range: the 90% quantile of Student's t. */
#define RANGE_Q 0.9

static long year_start(int y)
{
    return ntm_days_from_civil(y, 1, 1) * MINUTES_PER_DAY;
}

static int days_in(int y, int m)
{
    return (int)(ntm_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
                 ntm_days_from_civil(y, m, 1));
}

/* CUTOFF moved to year Y: the same day and month (29/2 becomes 28/2) and time of day. */
static long same_moment_in(long cutoff, int y)
{
    long days = cutoff / MINUTES_PER_DAY, rest = cutoff % MINUTES_PER_DAY;
    int cy, cm, cd;
    ntm_civil_from_days(days, &cy, &cm, &cd);
    if (cd > days_in(y, cm))
        cd = days_in(y, cm);
    return ntm_days_from_civil(y, cm, cd) * MINUTES_PER_DAY + rest;
}

size_t ntm_disburse_pattern(const ntm_money *rows, size_t n, int year, long cutoff, int *years,
                            double *s, size_t nmax)
{
    size_t k = 0;
    int lo = year;
    for (size_t i = 0; i < n; i++)
        if (rows[i].kind == NTM_MONEY_DISBURSEMENT && rows[i].tranche < lo)
            lo = rows[i].tranche;
    for (int y = lo; y < year && k < nmax; y++) {
        long from = year_start(y), end = year_start(y + 1) - 1, same = same_moment_in(cutoff, y);
        double num = 0, den = 0;
        for (size_t i = 0; i < n; i++) {
            const ntm_money *m = &rows[i];
            if (m->kind != NTM_MONEY_DISBURSEMENT || m->tranche != y || !m->date.known ||
                m->date.minutes < from || m->date.minutes > end)
                continue;
            den += m->amount;
            if (m->date.minutes <= same)
                num += m->amount;
        }
        if (den > 0) {
            years[k] = y;
            s[k++] = num / den;
        }
    }
    return k;
}

static double cap1(double v)
{
    return v > 1 ? 1 : v;
}

void ntm_disburse_project(double rate, const double *s, size_t k, double elapsed, double *proj,
                          double *lo, double *hi, ntm_proj_method *method)
{
    if (k == 0) {
        *method = NTM_PROJ_STRAIGHT;
        *proj = *lo = *hi = elapsed > 0 ? cap1(rate / elapsed) : NAN;
        return;
    }
    double mean = 0;
    for (size_t i = 0; i < k; i++)
        mean += s[i] / (double)k;
    if (!(mean > 0)) { /* earlier years spent nothing by this date: no ratio to scale by */
        *method = NTM_PROJ_STRAIGHT;
        *proj = *lo = *hi = elapsed > 0 ? cap1(rate / elapsed) : NAN;
        return;
    }
    *proj = cap1(rate / mean);
    if (k == 1) {
        *method = NTM_PROJ_ONE_YEAR;
        *lo = *hi = *proj;
        return;
    }
    *method = NTM_PROJ_PATTERN;
    double ss = 0;
    for (size_t i = 0; i < k; i++)
        ss += (s[i] - mean) * (s[i] - mean);
    double sd = sqrt(ss / (double)(k - 1));
    double half = gsl_cdf_tdist_Pinv(RANGE_Q, (double)(k - 1)) * sd * sqrt(1.0 + 1.0 / (double)k);
    double s_lo = mean - half, s_hi = mean + half;
    if (s_hi > 1)
        s_hi = 1;
    if (s_lo < rate) /* a share below the rate so far would project more than 100% */
        s_lo = rate;
    *lo = s_hi > 0 ? cap1(rate / s_hi) : *proj;
    *hi = s_lo > 0 ? cap1(rate / s_lo) : 1;
}

/* Index of the group of (TRANCHE, KEY) in V[0..n), or -1. */
static long find_group(const ntm_tranche_view *v, size_t n, int tranche, const ntm_fund_key *key)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].tranche == tranche && ntm_fund_key_equal(&v[i].key, key))
            return (long)i;
    return -1;
}

static int cmp_view(const void *pa, const void *pb)
{
    const ntm_tranche_view *a = pa, *b = pb;
    if (a->tranche != b->tranche)
        return a->tranche < b->tranche ? -1 : 1;
    int ka = (a->key.source * NTM_CAP_COUNT + a->key.capital) * NTM_PROG_COUNT + a->key.programme;
    int kb = (b->key.source * NTM_CAP_COUNT + b->key.capital) * NTM_PROG_COUNT + b->key.programme;
    return (ka > kb) - (ka < kb);
}

/* Sums the rows of each tranche up to YEAR into V; returns the number of groups. */
static size_t gather(const ntm_money *rows, size_t n, int year, long from, long to, long cutoff,
                     ntm_tranche_view *v, double *before)
{
    size_t nv = 0;
    long ys = year_start(year);
    for (size_t i = 0; i < n; i++) {
        const ntm_money *m = &rows[i];
        if (m->tranche > year)
            continue;
        long g = find_group(v, nv, m->tranche, &m->key);
        if (g < 0) {
            g = (long)nv++;
            memset(&v[g], 0, sizeof v[g]);
            v[g].tranche = m->tranche;
            v[g].key = m->key;
            before[g] = 0;
        }
        if (m->kind == NTM_MONEY_ALLOCATION) {
            v[g].allocated += m->amount;
            continue;
        }
        if (!m->date.known || m->date.minutes > cutoff)
            continue;
        v[g].disbursed += m->amount;
        if (m->date.minutes < ys)
            before[g] += m->amount;
        else
            v[g].disbursed_year += m->amount;
        if (m->date.minutes >= from && m->date.minutes <= to)
            v[g].disbursed_period += m->amount;
    }
    return nv;
}

ntm_status ntm_disburse_view(const ntm_money *rows, size_t n, int year, long from, long to,
                             long cutoff, ntm_tranche_view **out, size_t *n_out, ntm_error *err)
{
    *out = NULL;
    *n_out = 0;
    ntm_tranche_view *v = calloc(n ? n : 1, sizeof *v);
    double *before = calloc(n ? n : 1, sizeof *before);
    if (!v || !before) {
        free(v);
        free(before);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    size_t nv = gather(rows, n, year, from, to, cutoff, v, before);
    int years[64];
    double s[64];
    size_t k = ntm_disburse_pattern(rows, n, year, cutoff, years, s, 64);
    long ys = year_start(year);
    double elapsed = (double)(cutoff - ys + 1) / (double)(year_start(year + 1) - ys);
    if (elapsed > 1)
        elapsed = 1;
    size_t w = 0;
    for (size_t i = 0; i < nv; i++) {
        ntm_tranche_view t = v[i];
        int open = t.tranche == year || t.allocated - before[i] > TOL_DONG || t.disbursed_year > 0;
        if (!open)
            continue;
        t.rate = t.allocated > 0 ? t.disbursed / t.allocated : NAN;
        if (!(t.allocated > 0)) {
            t.proj = t.proj_lo = t.proj_hi = NAN;
            t.method = NTM_PROJ_STRAIGHT;
        } else if (t.tranche == year) {
            ntm_disburse_project(t.rate, s, k, elapsed, &t.proj, &t.proj_lo, &t.proj_hi, &t.method);
        } else { /* carry-over: a straight line on this year's disbursements */
            t.method = NTM_PROJ_STRAIGHT;
            t.proj = t.proj_lo = t.proj_hi =
                cap1((before[i] + (elapsed > 0 ? t.disbursed_year / elapsed : 0)) / t.allocated);
        }
        t.at_risk = t.allocated > 0 ? t.allocated * (1 - t.proj) : NAN;
        t.at_risk_lo = t.allocated > 0 ? t.allocated * (1 - t.proj_hi) : NAN;
        t.at_risk_hi = t.allocated > 0 ? t.allocated * (1 - t.proj_lo) : NAN;
        v[w++] = t;
    }
    free(before);
    qsort(v, w, sizeof *v, cmp_view);
    *out = v;
    *n_out = w;
    return NTM_OK;
}
