/* collate.c: Vietnamese alphabetical order (collate.h). */
#include "core/collate.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Combining marks after decomposition (NFD): the vowel marks make letters of their own,
 * the tone marks make the second level. */
#define BREVE 0x0306
#define CIRCUMFLEX 0x0302
#define HORN 0x031B
static const utf8proc_int32_t TONES[] = {0x0300, 0x0309, 0x0303, 0x0301, 0x0323};

/* Rank of a lower-case letter (with its vowel mark, if any) in the alphabet; 0 if it is
 * not a letter of it. */
static int letter_rank(utf8proc_int32_t c, utf8proc_int32_t mark)
{
    static const char order[] = "a\1\2bcd\3e\4fghijklmno\5\6pqrstu\7vwxyz";
    /* \1 ă \2 â \3 đ \4 ê \5 ô \6 ơ \7 ư, placed after their base letter */
    char want = 0;
    if (c == 0x0111)
        want = '\3';
    else if (c == 'a' && mark == BREVE)
        want = '\1';
    else if (c == 'a' && mark == CIRCUMFLEX)
        want = '\2';
    else if (c == 'e' && mark == CIRCUMFLEX)
        want = '\4';
    else if (c == 'o' && mark == CIRCUMFLEX)
        want = '\5';
    else if (c == 'o' && mark == HORN)
        want = '\6';
    else if (c == 'u' && mark == HORN)
        want = '\7';
    else if (c >= 'a' && c <= 'z')
        want = (char)c;
    const char *p = want ? strchr(order, want) : NULL;
    return p ? (int)(p - order) + 1 : 0;
}

static int tone_rank(utf8proc_int32_t c)
{
    for (int i = 0; i < 5; i++)
        if (TONES[i] == c)
            return i + 1;
    return 0;
}

/* Primary keys are CLASS * class + value: spaces 1, numbers 2, letters 3, the rest 4. */
#define CLASS 1000000000000000L

typedef struct keys {
    long *primary, *tone, *upper;
    size_t n;
} keys;

/* The three key sequences of S (decomposed, each base character one position). */
static int make_keys(const char *s, keys *k)
{
    memset(k, 0, sizeof *k);
    utf8proc_uint8_t *u = NULL; /* S decomposed (NFD), as UTF-8 */
    if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &u,
                     UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPNA) < 0)
        return -1;
    size_t len = strlen((const char *)u), cap = len + 1;
    k->primary = malloc(cap * sizeof *k->primary);
    k->tone = malloc(cap * sizeof *k->tone);
    k->upper = malloc(cap * sizeof *k->upper);
    if (!k->primary || !k->tone || !k->upper) {
        free(u);
        return -1;
    }
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c, m = 0;
        utf8proc_ssize_t step = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &c);
        if (step <= 0)
            break;
        i += (size_t)step;
        if (c >= '0' && c <= '9') { /* a run of digits is one number: Thôn 2 < Thôn 10 */
            long v = c - '0';
            while (i < len && u[i] >= '0' && u[i] <= '9')
                v = v < CLASS / 10 ? v * 10 + (u[i++] - '0') : CLASS - 1;
            k->primary[k->n] = 2 * CLASS + v;
            k->tone[k->n] = k->upper[k->n] = 0;
            k->n++;
            continue;
        }
        utf8proc_int32_t lower = utf8proc_tolower(c);
        long tone = 0;
        /* the marks that follow this base character */
        for (;;) {
            utf8proc_int32_t d;
            utf8proc_ssize_t st = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &d);
            if (st <= 0 || utf8proc_get_property(d)->combining_class == 0)
                break;
            if (d == BREVE || d == CIRCUMFLEX || d == HORN)
                m = d;
            else if (tone_rank(d))
                tone = tone_rank(d);
            i += (size_t)st;
        }
        int r = letter_rank(lower, m);
        long pk = c == ' ' ? 1 * CLASS : r ? 3 * CLASS + r : 4 * CLASS + (long)lower;
        k->primary[k->n] = pk;
        k->tone[k->n] = tone;
        k->upper[k->n] = lower != c;
        k->n++;
    }
    free(u);
    return 0;
}

static void free_keys(keys *k)
{
    free(k->primary), free(k->tone), free(k->upper);
}

static int cmp_seq(const long *a, size_t na, const long *b, size_t nb)
{
    for (size_t i = 0; i < na && i < nb; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return na < nb ? -1 : na > nb ? 1 : 0;
}

int ntm_collate_vi(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b ? 0 : !a ? -1 : 1;
    keys ka, kb;
    int bad = make_keys(a, &ka) != 0;
    bad |= make_keys(b, &kb) != 0;
    if (bad) { /* invalid UTF-8 or out of memory: byte order */
        free_keys(&ka);
        free_keys(&kb);
        return strcmp(a, b);
    }
    int c = cmp_seq(ka.primary, ka.n, kb.primary, kb.n);
    if (!c)
        c = cmp_seq(ka.tone, ka.n, kb.tone, kb.n);
    if (!c)
        c = cmp_seq(ka.upper, ka.n, kb.upper, kb.n);
    free_keys(&ka);
    free_keys(&kb);
    return c ? c : strcmp(a, b);
}

int ntm_collate_vi_qsort(const void *a, const void *b)
{
    return ntm_collate_vi(*(const char *const *)a, *(const char *const *)b);
}
