/* trend_nls.c: logistic with estimated ceiling by nonlinear least squares (trend_nls.h). */
#include "engine/trend_nls.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

/* Starting ceilings as multiples of max y: the data may sit anywhere on the curve,
 * from just past its midpoint (ceiling well above) to near saturation. */
static const double start_mult[] = {1.05, 1.25, 1.6, 2.5, 5.0};

typedef struct nls_data {
    const double *t, *y;
    size_t n;
} nls_data;

/* s = 1 / (1 + exp(-x)) without overflow. */
static double sigmoid(double x)
{
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}

double ntm_trend_nls_eval(double L, double k, double t_mid, double t, double grad[3])
{
    double s = sigmoid(k * (t - t_mid));
    if (grad) {
        double ds = s * (1.0 - s); /* d s / d x */
        grad[0] = s;
        grad[1] = L * ds * (t - t_mid);
        grad[2] = -L * ds * k;
    }
    return L * s;
}

static int nls_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    const nls_data *d = params;
    double L = gsl_vector_get(x, 0), k = gsl_vector_get(x, 1), tm = gsl_vector_get(x, 2);
    for (size_t i = 0; i < d->n; i++)
        gsl_vector_set(f, i, ntm_trend_nls_eval(L, k, tm, d->t[i], NULL) - d->y[i]);
    return GSL_SUCCESS;
}

static int nls_df(const gsl_vector *x, void *params, gsl_matrix *J)
{
    const nls_data *d = params;
    double L = gsl_vector_get(x, 0), k = gsl_vector_get(x, 1), tm = gsl_vector_get(x, 2);
    double g[3];
    for (size_t i = 0; i < d->n; i++) {
        ntm_trend_nls_eval(L, k, tm, d->t[i], g);
        for (size_t j = 0; j < 3; j++)
            gsl_matrix_set(J, i, j, g[j]);
    }
    return GSL_SUCCESS;
}

/* Least squares line of logit(y / L0) on t gives k0 and t_mid0 = -a / k0. Values
 * outside (0, L0) are pulled inside by a small margin. Returns 0, or -1 when flat. */
static int start_values(const nls_data *d, double L0, double x0[3])
{
    double st = 0, sz = 0, stt = 0, stz = 0, n = (double)d->n;
    for (size_t i = 0; i < d->n; i++) {
        double p = d->y[i] / L0;
        if (p < 0.01)
            p = 0.01;
        if (p > 0.99)
            p = 0.99;
        double z = log(p / (1.0 - p)), tt = d->t[i];
        st += tt;
        sz += z;
        stt += tt * tt;
        stz += tt * z;
    }
    double sxx = stt - st * st / n, sxz = stz - st * sz / n;
    if (!(sxx > 0))
        return -1;
    double k = sxz / sxx, a = (sz - k * st) / n;
    if (!(fabs(k) > 0) || !isfinite(k))
        return -1;
    x0[0] = L0;
    x0[1] = k;
    x0[2] = -a / k;
    return isfinite(x0[2]) ? 0 : -1;
}

ntm_status ntm_trend_nls_logistic(const double *t, const double *y, size_t n, ntm_trend_nls *out,
                                  ntm_error *err)
{
    memset(out, 0, sizeof *out);
    if (n < 4)
        return ntm_error_set(err, NTM_EINPUT,
                             "logistic with estimated ceiling needs at least 4 points, got %zu", n);
    double ymax = y[0];
    for (size_t i = 1; i < n; i++)
        if (y[i] > ymax)
            ymax = y[i];
    if (!(ymax > 0))
        return ntm_error_set(err, NTM_EINPUT,
                             "logistic with estimated ceiling needs some positive values");

    nls_data d = {t, y, n};
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, n, 3);
    gsl_matrix *cov = gsl_matrix_alloc(3, 3);
    if (!w || !cov) {
        if (w)
            gsl_multifit_nlinear_free(w);
        gsl_matrix_free(cov);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory in the logistic fit");
    }
    gsl_multifit_nlinear_fdf fdf = {
        .f = nls_f, .df = nls_df, .fvv = NULL, .n = n, .p = 3, .params = &d};
    double best_rss = INFINITY;
    int found = 0;
    for (size_t s = 0; s < sizeof start_mult / sizeof start_mult[0]; s++) {
        double x0[3];
        if (start_values(&d, start_mult[s] * ymax, x0) != 0)
            continue;
        gsl_vector_view xv = gsl_vector_view_array(x0, 3);
        if (gsl_multifit_nlinear_init(&xv.vector, &fdf, w) != GSL_SUCCESS)
            continue;
        int info = 0;
        int rc = gsl_multifit_nlinear_driver(NTM_NLS_MAXITER, NTM_NLS_XTOL, NTM_NLS_GTOL,
                                             NTM_NLS_FTOL, NULL, NULL, &info, w);
        if (rc != GSL_SUCCESS)
            continue;
        const gsl_vector *x = gsl_multifit_nlinear_position(w);
        const gsl_vector *f = gsl_multifit_nlinear_residual(w);
        double rss = 0;
        if (gsl_blas_ddot(f, f, &rss) != GSL_SUCCESS)
            continue;
        double L = gsl_vector_get(x, 0), k = gsl_vector_get(x, 1), tm = gsl_vector_get(x, 2);
        if (!isfinite(rss) || !(L > 0) || !isfinite(L) || !(fabs(k) > 0) || !isfinite(k) ||
            !isfinite(tm))
            continue;
        gsl_matrix *J = gsl_multifit_nlinear_jac(w);
        if (gsl_multifit_nlinear_covar(J, 0.0, cov) != GSL_SUCCESS)
            continue;
        out->starts_converged++;
        if (rss < best_rss) {
            best_rss = rss;
            found = 1;
            out->L = L;
            out->k = k;
            out->t_mid = tm;
            out->rss = rss;
            out->iterations = (int)gsl_multifit_nlinear_niter(w);
            for (size_t i = 0; i < 3; i++)
                for (size_t j = 0; j < 3; j++)
                    out->cov[i][j] = gsl_matrix_get(cov, i, j);
        }
    }
    gsl_multifit_nlinear_free(w);
    gsl_matrix_free(cov);
    if (!found)
        return ntm_error_set(err, NTM_ENUMERIC,
                             "logistic with estimated ceiling did not converge from any of %zu "
                             "starting points",
                             sizeof start_mult / sizeof start_mult[0]);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            if (!isfinite(out->cov[i][j]))
                return ntm_error_set(err, NTM_ENUMERIC,
                                     "logistic with estimated ceiling: singular covariance");
    return NTM_OK;
}
