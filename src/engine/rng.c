/* rng.c: keyed counter-based streams (see rng.h for the documented hash). */
#include "engine/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rng_zig.inc" /* the ziggurat's layer table */

#define GOLDEN 0x9e3779b97f4a7c15ULL /* 2^64 / golden ratio: SplitMix64's increment */
#define FNV_PRIME 0x100000001b3ULL
#define TWO_M52 (1.0 / 4503599627370496.0) /* 2^-52 */

/* the external definitions of the inline functions in rng.h */
extern inline uint64_t ntm_rng_mix64(uint64_t z);
extern inline uint64_t ntm_rng_substream(uint64_t key, uint64_t draw);
extern inline uint64_t ntm_rng_bits(uint64_t sub, uint64_t i);
extern inline double ntm_rng_uniform(uint64_t sub, uint64_t i);

uint64_t ntm_rng_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= FNV_PRIME;
    }
    return h;
}

uint64_t ntm_rng_key(uint64_t seed, const char *purpose, const char *key, const char *key2)
{
    static const unsigned char nul = 0x00, sep = 0x1f;
    uint64_t h = ntm_rng_fnv1a(NTM_RNG_FNV_OFFSET, purpose, strlen(purpose));
    h = ntm_rng_fnv1a(h, &nul, 1);
    h = ntm_rng_fnv1a(h, key, strlen(key));
    if (key2) {
        h = ntm_rng_fnv1a(h, &sep, 1);
        h = ntm_rng_fnv1a(h, key2, strlen(key2));
    }
    return ntm_rng_mix64(h ^ ntm_rng_mix64(seed + GOLDEN));
}

/* u from a 64-bit output, as ntm_rng_uniform (rng.h) */
static double to_unit(uint64_t x)
{
    return ((double)(x >> 12) + 0.5) * TWO_M52;
}

double ntm_rng_uniform_at(uint64_t key, uint64_t draw, uint64_t i)
{
    return ntm_rng_uniform(ntm_rng_substream(key, draw), i);
}

/* ---- the GSL type ----------------------------------------------------------------------- */

typedef struct splitmix_state {
    uint64_t sub; /* S_d */
    uint64_t i;   /* outputs given since positioning */
} splitmix_state;

static void sm_set(void *vstate, unsigned long s)
{
    splitmix_state *st = vstate;
    st->sub = ntm_rng_substream((uint64_t)s, 0);
    st->i = 0;
}

static unsigned long sm_get(void *vstate)
{
    splitmix_state *st = vstate;
    return (unsigned long)(ntm_rng_bits(st->sub, st->i++) >> 32);
}

static double sm_get_double(void *vstate)
{
    splitmix_state *st = vstate;
    return to_unit(ntm_rng_bits(st->sub, st->i++));
}

static const gsl_rng_type splitmix_type = {
    "ntm-splitmix64", 0xffffffffUL, 0, sizeof(splitmix_state), sm_set, sm_get, sm_get_double};

const gsl_rng_type *ntm_rng_splitmix = &splitmix_type;

gsl_rng *ntm_rng_new(void)
{
    /* gsl_rng_alloc calls the GSL error handler on failure; the caller turns it off. */
    return gsl_rng_alloc(ntm_rng_splitmix);
}

void ntm_rng_free(gsl_rng *r)
{
    if (r)
        gsl_rng_free(r);
}

void ntm_rng_at(gsl_rng *r, uint64_t key, uint64_t draw)
{
    splitmix_state *st = r->state;
    st->sub = ntm_rng_substream(key, draw);
    st->i = 0;
}

uint64_t ntm_rng_consumed(const gsl_rng *r)
{
    const splitmix_state *st = r->state;
    return st->i;
}

void ntm_rng_fill(gsl_rng *r, double *u, size_t n)
{
    if (r->type != ntm_rng_splitmix) {
        for (size_t k = 0; k < n; k++)
            u[k] = gsl_rng_uniform_pos(r);
        return;
    }
    /* sm_get_double never returns 0, so gsl_rng_uniform_pos takes one output a call */
    splitmix_state *st = r->state;
    uint64_t sub = st->sub, i = st->i;
    for (size_t k = 0; k < n; k++)
        u[k] = to_unit(ntm_rng_bits(sub, i + k));
    st->i = i + n;
}

/* the external definition of the inline normal quantile in rng.h */
extern inline double ntm_rng_normal_inv(double p);

/* ---- the ziggurat normal (rng.h) ------------------------------------------------------- */

extern inline double ntm_rng_normal(uint64_t sub, uint64_t i);

#define ZIG_SALT 0x2545f4914f6cdd1dULL
#define ZIG_R 3.65415288536100879635 /* x_1: where the base layer's tail starts */

/* A sample of the normal's tail beyond ZIG_R (Marsaglia 1964): x = -ln(u1) / r,
 * y = -ln(u2), accepted when 2y > x^2; returns r + x. Reads words *K, *K + 1, ... */
static double zig_tail(uint64_t w, uint64_t *k)
{
    for (;;) {
        double x = -log(to_unit(ntm_rng_mix64(w + (*k)++ * GOLDEN))) / ZIG_R;
        double y = -log(to_unit(ntm_rng_mix64(w + (*k)++ * GOLDEN)));
        if (y + y > x * x)
            return ZIG_R + x;
    }
}

/* The rejection part: the point of word B was outside its layer's rectangle. Layer 0
 * holds the tail; in the others the point is kept when under the density. */
double ntm_rng_normal_slow(uint64_t sub, uint64_t i, uint64_t b)
{
    uint64_t w = ntm_rng_mix64(ntm_rng_mix64(sub ^ ZIG_SALT) + (i + 1) * GOLDEN), k = 1;
    for (;;) {
        unsigned layer = (unsigned)(b & 0xff);
        double sign = (b & 0x100) ? -1.0 : 1.0;
        double x = to_unit(b) * ntm_rng_zig_x[layer];
        if (x < ntm_rng_zig_x[layer + 1])
            return sign * x;
        if (layer == 0)
            return sign * zig_tail(w, &k);
        double f0 = ntm_rng_zig_f[layer], f1 = ntm_rng_zig_f[layer + 1];
        double y = f0 + to_unit(ntm_rng_mix64(w + k++ * GOLDEN)) * (f1 - f0);
        if (y < exp(-0.5 * x * x))
            return sign * x;
        b = ntm_rng_mix64(w + k++ * GOLDEN);
    }
}
