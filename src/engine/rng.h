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

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* SplitMix64's finaliser (see above): a bijection on 64-bit words. */
uint64_t ntm_rng_mix64(uint64_t z);

/* FNV-1a 64 of the N bytes at P, continuing from H (start with NTM_RNG_FNV_OFFSET). */
#define NTM_RNG_FNV_OFFSET 0xcbf29ce484222325ULL
uint64_t ntm_rng_fnv1a(uint64_t h, const void *p, size_t n);

/* The stream key K for (SEED, PURPOSE, KEY, KEY2) as documented above. PURPOSE and KEY
 * may be "" but not NULL; KEY2 may be NULL (absent, which differs from ""). Typical keys:
 * purpose "trend" with key unit name and key2 indicator code; purpose "cost" with the
 * intervention name; purpose "shared" with the factor name. */
uint64_t ntm_rng_key(uint64_t seed, const char *purpose, const char *key, const char *key2);

/* The sub-stream seed S_d of draw D in stream KEY. */
uint64_t ntm_rng_substream(uint64_t key, uint64_t draw);

/* The I-th uniform (0 < u < 1) of draw D of stream KEY, computed directly. */
double ntm_rng_uniform_at(uint64_t key, uint64_t draw, uint64_t i);

/* The I-th 64-bit output of sub-stream SUB (= ntm_rng_substream(key, draw)). */
uint64_t ntm_rng_bits(uint64_t sub, uint64_t i);

/* The I-th uniform of sub-stream SUB, as ntm_rng_uniform_at. */
double ntm_rng_uniform(uint64_t sub, uint64_t i);

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

/* Number of outputs R (of type ntm_rng_splitmix) has given since it was last positioned:
 * used to check that a draw consumes a fixed number of variates. */
uint64_t ntm_rng_consumed(const gsl_rng *r);

#endif
