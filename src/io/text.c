/* text.c: Unicode helpers (see text.h). utf8proc does the Unicode tables; this file
 * only adds the Vietnamese match-key rules (đ -> d, blank collapsing). */
#include "io/text.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdint.h>
#include <unicode/uspoof.h>
#include <utf8proc.h>

char *ntm_text_nfc(const char *s)
{
    if (!s)
        return NULL;
    /* utf8proc_NFC = utf8proc_map(NULLTERM | STABLE | COMPOSE); NULL on invalid UTF-8. */
    return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

/* White space for keys: Unicode Zs (which includes U+00A0 and U+3000), the ASCII
 * controls that move the cursor, NEL and the line/paragraph separators. */
static int is_space_cp(utf8proc_int32_t c)
{
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r')
        return 1;
    if (c == 0x85 || c == 0x2028 || c == 0x2029)
        return 1;
    return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

char *ntm_text_key(const char *s)
{
    if (!s)
        return NULL;
    utf8proc_uint8_t *folded = NULL;
    /* COMPOSE + STRIPMARK decomposes, drops marks (Mn, Mc, Me; the Vietnamese horn
     * and breve included), then recomposes: "ẩ" -> "a", "ư" -> "u". */
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (n < 0)
        return NULL;
    /* The result never grows: đ (2 bytes) becomes 1, blanks only shrink. */
    char *out = malloc((size_t)n + 1);
    if (!out) {
        free(folded);
        return NULL;
    }
    size_t o = 0;
    int pending_space = 0;
    utf8proc_ssize_t i = 0;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(folded + i, n - i, &c);
        if (k <= 0) { /* cannot happen: utf8proc wrote it; stay safe anyway */
            free(folded);
            free(out);
            return NULL;
        }
        if (is_space_cp(c)) {
            pending_space = 1;
        } else {
            if (pending_space && o > 0)
                out[o++] = ' ';
            pending_space = 0;
            if (c == 0x0111 || c == 0x0110) { /* đ, Đ: a letter of its own, not d + mark */
                out[o++] = 'd';
            } else {
                memcpy(out + o, folded + i, (size_t)k);
                o += (size_t)k;
            }
        }
        i += k;
    }
    out[o] = '\0';
    free(folded);
    return out;
}

int ntm_text_valid_utf8(const char *s, size_t len)
{
    if (!s)
        return len == 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) { /* ASCII fast path */
            i++;
            continue;
        }
        utf8proc_int32_t c;
        size_t rest = len - i;
        /* utf8proc_iterate reads at most 4 bytes; cap the length it sees so a huge
         * buffer never overflows utf8proc_ssize_t. */
        utf8proc_ssize_t k = utf8proc_iterate(p + i, rest > 4 ? 4 : (utf8proc_ssize_t)rest, &c);
        if (k <= 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

int ntm_text_width(const char *s)
{
    if (!s)
        return 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        utf8proc_int32_t c;
        size_t rest = len - i;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, rest > 4 ? 4 : (utf8proc_ssize_t)rest, &c);
        if (k <= 0) {
            w += 1;
            i += 1;
            continue;
        }
        w += utf8proc_charwidth(c);
        i += (size_t)k;
    }
    return w;
}

/* Bidirectional formatting characters: marks, embeddings, overrides, isolates. */
static int is_bidi_cp(utf8proc_int32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

static int is_control_cp(utf8proc_int32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

/* Characters a screen shows as nothing: format characters (Cf: zero-width space,
 * joiners, word joiner, BOM, soft hyphen...) and the default-ignorable fillers. */
static int is_invisible_cp(utf8proc_int32_t c)
{
    if (c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || (c >= 0x180B && c <= 0x180F))
        return 1;
    return utf8proc_category(c) == UTF8PROC_CATEGORY_CF;
}

/* ICU's spoof checker, opened once: its checks are thread-safe on one checker. */
static USpoofChecker *spoof;
static pthread_once_t spoof_once = PTHREAD_ONCE_INIT;

static void spoof_open(void)
{
    UErrorCode e = U_ZERO_ERROR;
    USpoofChecker *sc = uspoof_open(&e);
    if (U_FAILURE(e))
        return;
    /* Moderately restrictive: Latin (Vietnamese) with at most one other script, never
     * Latin with Cyrillic or Greek, whose letters look like Latin ones. */
    uspoof_setChecks(
        sc, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_SCRIPT_CONFUSABLE | USPOOF_MIXED_NUMBERS, &e);
    uspoof_setRestrictionLevel(sc, USPOOF_MODERATELY_RESTRICTIVE);
    if (U_FAILURE(e)) {
        uspoof_close(sc);
        return;
    }
    spoof = sc;
}

static USpoofChecker *spoof_checker(void)
{
    pthread_once(&spoof_once, spoof_open);
    return spoof;
}

ntm_name_trouble ntm_text_name_check(const char *s, long *cp)
{
    ntm_name_trouble worst = NTM_NAME_OK;
    long at = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t len = s ? strlen(s) : 0, i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        size_t rest = len - i;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, rest > 4 ? 4 : (utf8proc_ssize_t)rest, &c);
        if (k <= 0)
            break;
        ntm_name_trouble t = is_control_cp(c)     ? NTM_NAME_CONTROL
                             : is_bidi_cp(c)      ? NTM_NAME_BIDI
                             : is_invisible_cp(c) ? NTM_NAME_INVISIBLE
                                                  : NTM_NAME_OK;
        if (t > worst) {
            worst = t;
            at = c;
        }
        i += (size_t)k;
    }
    if (worst == NTM_NAME_OK && len > 0 && len < INT32_MAX) {
        USpoofChecker *sc = spoof_checker();
        UErrorCode e = U_ZERO_ERROR;
        if (sc && uspoof_checkUTF8(sc, s, (int32_t)len, NULL, &e) != 0 && U_SUCCESS(e))
            worst = NTM_NAME_CONFUSABLE;
    }
    if (cp)
        *cp = at;
    return worst;
}

char *ntm_text_lookalike(const char *s)
{
    char *nfc = ntm_text_nfc(s);
    if (!nfc)
        return NULL;
    size_t o = 0, len = strlen(nfc), i = 0;
    while (i < len) { /* drop what a screen does not show as a character */
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)nfc + i,
                                              len - i > 4 ? 4 : (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0)
            break;
        if (!is_space_cp(c) && !is_invisible_cp(c) && !is_bidi_cp(c) && !is_control_cp(c)) {
            memmove(nfc + o, nfc + i, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)k;
    }
    nfc[o] = '\0';
    USpoofChecker *sc = spoof_checker();
    if (!sc || o >= INT32_MAX / 4) {
        free(nfc);
        return NULL;
    }
    UErrorCode e = U_ZERO_ERROR;
    int32_t cap = (int32_t)(o * 4 + 16);
    char *out = malloc((size_t)cap);
    int32_t n = out ? uspoof_getSkeletonUTF8(sc, 0, nfc, (int32_t)o, out, cap, &e) : -1;
    if (out && e == U_BUFFER_OVERFLOW_ERROR && n > 0) {
        free(out);
        cap = n + 1;
        e = U_ZERO_ERROR;
        out = malloc((size_t)cap);
        n = out ? uspoof_getSkeletonUTF8(sc, 0, nfc, (int32_t)o, out, cap, &e) : -1;
    }
    free(nfc);
    if (!out || U_FAILURE(e) || n < 0 || n >= cap) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    return out;
}
