/* text.c: Unicode helpers (see text.h). utf8proc does the Unicode tables; this file
 * only adds the Vietnamese match-key rules (đ -> d, blank collapsing). */
#include "io/text.h"

#include <stdlib.h>
#include <string.h>
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
