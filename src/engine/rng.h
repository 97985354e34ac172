/* rng.h: keyed, counter-based random streams (DESIGN.md, "Random streams").
 *
 * Every random quantity in a simulation comes from a stream named by
 * (seed, purpose, stable text key) and, inside it, from a per-draw sub-stream, so any
 * draw of any stream can be produced on its own: results do not depend on the order in
 * which draws are made, nor on the thread that makes them, nor on row ids.
 *
 * The hash, documented so that results can be reproduced outside this program:
 *   h    = FNV-1a 64 (offset 0xcbf29ce484222325, prime 0x100000001b3) over the bytes of
 *          PURPOSE, a 0x00 byte, KEY, and, when KEY2 is given, a 0x1f byte and KEY2;
 *   K    = mix(h ^ mix(seed + G))            the stream key
 *   S_d  = mix(K ^ mix(d * G + C))           the sub-stream of draw d (C = 0xd1b54a32d192ed03)
 *   x_i  = mix(S_d + (i + 1) * G)            the i-th 64-bit output of draw d (i = 0, 1, ...)
 *   u_i  = ((x_i >> 12) + 0.5) * 2^-52       a uniform in (0, 1), never 0 or 1
 * where G = 0x9e3779b97f4a7c15 and mix is SplitMix64's finaliser (Steele, Lea & Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014):
 *   z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
 *   z ^ (z >> 31).
 * Within a sub-stream the outputs are the SplitMix64 sequence seeded with S_d.
 *
 * The same generator is offered as a gsl_rng_type (ntm_rng_splitmix) so that code taking
 * a gsl_rng (ntm_trend_draw) draws from a keyed sub-stream: position it with ntm_rng_at. */
#ifndef NTM_RNG_H
#define NTM_RNG_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* SplitMix64's finaliser (see above): a bijection on 64-bit words. */
inline uint64_t ntm_rng_mix64(uint64_t z);

/* FNV-1a 64 of the N bytes at P, continuing from H (start with NTM_RNG_FNV_OFFSET). */
#define NTM_RNG_FNV_OFFSET 0xcbf29ce484222325ULL
uint64_t ntm_rng_fnv1a(uint64_t h, const void *p, size_t n);

/* The stream key K for (SEED, PURPOSE, KEY, KEY2) as documented above. PURPOSE and KEY
 * may be "" but not NULL; KEY2 may be NULL (absent, which differs from ""). Typical keys:
 * purpose "trend" with key unit name and key2 indicator code; purpose "cost" with the
 * intervention name; purpose "shared" with the factor name. */
uint64_t ntm_rng_key(uint64_t seed, const char *purpose, const char *key, const char *key2);

/* The sub-stream seed S_d of draw D in stream KEY. */
inline uint64_t ntm_rng_substream(uint64_t key, uint64_t draw);

/* The I-th uniform (0 < u < 1) of draw D of stream KEY, computed directly. */
double ntm_rng_uniform_at(uint64_t key, uint64_t draw, uint64_t i);

/* The I-th 64-bit output of sub-stream SUB (= ntm_rng_substream(key, draw)). */
inline uint64_t ntm_rng_bits(uint64_t sub, uint64_t i);

/* The I-th uniform of sub-stream SUB, as ntm_rng_uniform_at. */
inline double ntm_rng_uniform(uint64_t sub, uint64_t i);

/* The generator as a GSL type: get() returns the top 32 bits of the next output (min 0,
 * max 2^32 - 1); get_double() returns u_i as above, so gsl_rng_uniform and
 * gsl_rng_uniform_pos both consume exactly one output per call. gsl_rng_set(r, s)
 * positions r at draw 0 of stream s. */
extern const gsl_rng_type *ntm_rng_splitmix;

/* A new gsl_rng of type ntm_rng_splitmix positioned at draw 0 of stream 0. Free it
 * with ntm_rng_free. Returns NULL when out of memory. */
gsl_rng *ntm_rng_new(void);
void ntm_rng_free(gsl_rng *r); /* NULL is fine */

/* Positions R (of type ntm_rng_splitmix) at the start of draw DRAW of stream KEY.
 * No allocation: meant for the inner loop. */
void ntm_rng_at(gsl_rng *r, uint64_t key, uint64_t draw);

/* Fills U[0..N-1] with the next N uniforms of R, exactly as N calls of
 * gsl_rng_uniform_pos(R) would (same values, same order, R advanced by N), without a
 * library call per variate when R is of type ntm_rng_splitmix (any other type is
 * served through gsl_rng_uniform_pos). For the inner loop: no allocation. */
void ntm_rng_fill(gsl_rng *r, double *u, size_t n);

/* The standard normal quantile function Phi^-1(P) by Wichura's algorithm AS 241
 * (PPND16, Applied Statistics 37, 1988, 477-484: relative error about 1e-16), with the
 * rational functions evaluated by Horner's rule from the highest coefficient down, in
 * the same operation order as GSL's gsl_cdf_ugaussian_Pinv, so the two agree bit for bit
 * (test_rng checks it; the build forbids fused multiply-adds): replacing one by the other
 * changes no random number. P = 0 gives -inf, P = 1 +inf, NaN gives NaN. Somewhat
 * faster than GSL's, whose call copies its coefficient tables (sim_bench measures both). */
inline double ntm_rng_normal_inv(double p);

/* The I-th standard normal of sub-stream SUB by the ziggurat (Marsaglia & Tsang, "The
 * Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000; 256
 * layers laid out as in Doornik, "An Improved Ziggurat Method to Generate Normal Random
 * Samples", 2005). It is exact (rejection, no approximation) and addressable like the
 * uniforms: it reads output I of SUB (bits 0-7 the layer, bit 8 the sign, bits 12-63
 * the position in the layer), accepted about 98.8 % of the time; a rejection continues
 * in words of its own, W_k = mix(mix(SUB ^ Z) + (I + 1) G) then mix(W + k G), k = 1, 2,
 * ... (Z = 0x2545f4914f6cdd1d), so normal I never touches the outputs of another index.
 * About twice as fast as inversion with its uniform (sim_bench measures both). */
inline double ntm_rng_normal(uint64_t sub, uint64_t i);
double ntm_rng_normal_slow(uint64_t sub, uint64_t i, uint64_t first);
extern const double ntm_rng_zig_x[257], ntm_rng_zig_f[257];

/* Number of outputs R (of type ntm_rng_splitmix) has given since it was last positioned:
 * used to check that a draw consumes a fixed number of variates. */
uint64_t ntm_rng_consumed(const gsl_rng *r);

/* The four functions of the inner loop are defined here as C99 inline definitions, so
 * that callers in other files (sim.c draws about 200 uniforms per unit and draw) compile
 * them in place instead of calling; rng.c holds their one external definition. Same
 * arithmetic as documented above. */
inline uint64_t ntm_rng_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

inline uint64_t ntm_rng_substream(uint64_t key, uint64_t draw)
{
    /* 0x9e37...: SplitMix64's increment G; 0xd1b5...: the draw salt C */
    return ntm_rng_mix64(key ^ ntm_rng_mix64(draw * 0x9e3779b97f4a7c15ULL + 0xd1b54a32d192ed03ULL));
}

inline uint64_t ntm_rng_bits(uint64_t sub, uint64_t i)
{
    return ntm_rng_mix64(sub + (i + 1) * 0x9e3779b97f4a7c15ULL);
}

/* 52 random bits centred in their cell: k + 0.5 < 2^52 is exact in a double, so
 * (k + 0.5) 2^-52 lies strictly inside (0, 1). (With 53 bits, 2^53 - 0.5 would round
 * up to 2^53 and give exactly 1.) */
inline double ntm_rng_uniform(uint64_t sub, uint64_t i)
{
    return ((double)(ntm_rng_bits(sub, i) >> 12) + 0.5) * (1.0 / 4503599627370496.0);
}

/* AS 241: each rational function, numerator and denominator of degree 7, evaluated by
 * Horner's rule from the coefficient of x^7 down (this operation order fixes the bits).
 * Coefficients from Wichura (1988): A, B for |p - 0.5| <= 0.425 (argument
 * 0.180625 - q^2); C, D for r = sqrt(-log min(p, 1 - p)) <= 5 (argument r - 1.6); E, F
 * beyond (argument r - 5). */
inline double ntm_rng_normal_inv(double p)
{
    static const double A[8] = {3.387132872796366608,  133.14166789178437745, 1971.5909503065514427,
                                13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
                                33430.575583588128105, 2509.0809287301226727};
    static const double B[8] = {1.0,
                                42.313330701600911252,
                                687.1870074920579083,
                                5394.1960214247511077,
                                21213.794301586595867,
                                39307.89580009271061,
                                28729.085735721942674,
                                5226.495278852854561};
    static const double C[8] = {1.42343711074968357734,   4.6303378461565452959,
                                5.7694972214606914055,    3.64784832476320460504,
                                1.27045825245236838258,   0.24178072517745061177,
                                0.0227238449892691845833, 7.7454501427834140764e-4};
    static const double D[8] = {1.0,
                                2.05319162663775882187,
                                1.6763848301838038494,
                                0.68976733498510000455,
                                0.14810397642748007459,
                                0.0151986665636164571966,
                                5.475938084995344946e-4,
                                1.05075007164441684324e-9};
    static const double E[8] = {6.6579046435011037772,     5.4637849111641143699,
                                1.7848265399172913358,     0.29656057182850489123,
                                0.026532189526576123093,   0.0012426609473880784386,
                                2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static const double F[8] = {1.0,
                                0.59983220655588793769,
                                0.13692988092273580531,
                                0.0148753612908506148525,
                                7.868691311456132591e-4,
                                1.8463183175100546818e-5,
                                1.4215117583164458887e-7,
                                2.04426310338993978564e-15};
    double q = p - 0.5, x;
    const double *a = A, *b = B;
    if (fabs(q) <= 0.425) { /* the common case first: p is neither 0 nor 1 here */
        x = 0.180625 - q * q;
    } else {
        if (p == 1.0)
            return INFINITY;
        if (p == 0.0)
            return -INFINITY;
        double r = sqrt(-log(p < 0.5 ? p : 1.0 - p));
        if (r <= 5.0) {
            a = C;
            b = D;
            x = r - 1.6;
        } else {
            a = E;
            b = F;
            x = r - 5.0;
        }
    }
    /* unrolled (a loop cost a third of the instructions) */
    double num = a[7], den = b[7];
    num = x * num + a[6];
    den = x * den + b[6];
    num = x * num + a[5];
    den = x * den + b[5];
    num = x * num + a[4];
    den = x * den + b[4];
    num = x * num + a[3];
    den = x * den + b[3];
    num = x * num + a[2];
    den = x * den + b[2];
    num = x * num + a[1];
    den = x * den + b[1];
    num = x * num + a[0];
    den = x * den + b[0];
    double z = num / den;
    if (a == A)
        return q * z;
    return p < 0.5 ? -z : z;
}

/* The ziggurat's fast path: the point falls inside its layer's rectangle. */
inline double ntm_rng_normal(uint64_t sub, uint64_t i)
{
    uint64_t b = ntm_rng_bits(sub, i);
    unsigned layer = (unsigned)(b & 0xff);
    double x = ((double)(b >> 12) + 0.5) * (1.0 / 4503599627370496.0) * ntm_rng_zig_x[layer];
    if (x < ntm_rng_zig_x[layer + 1])
        return (b & 0x100) ? -x : x;
    return ntm_rng_normal_slow(sub, i, b);
}

#endif
