/* text.h: Unicode helpers for user text (DESIGN.md, "Interchange": text input is NFC;
 * names match after case folding, removing marks and đ -> d). Built on utf8proc.
 * Pure functions: no I/O, no global state. Strings returned are malloc'd; free() them. */
#ifndef NTM_TEXT_H
#define NTM_TEXT_H

#include <stddef.h>

/* Returns a new NFC-normalised copy of the NUL-terminated S (caller frees), or NULL if
 * S is not valid UTF-8 (or memory ran out). */
char *ntm_text_nfc(const char *s);

/* Returns a new "match key" for S (caller frees): NFC, case-folded, combining marks
 * removed, đ/Đ -> d, every run of white space (ASCII blanks, U+00A0 and the other
 * Unicode spaces) collapsed to one ASCII space, leading and trailing space removed.
 * "  Cẩm  Thành " -> "cam thanh". NULL if S is not valid UTF-8 (or out of memory). */
char *ntm_text_key(const char *s);

/* 1 if the LEN bytes at S are valid UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF; NUL bytes are valid), else 0. */
int ntm_text_valid_utf8(const char *s, size_t len);

/* Display width in terminal columns of the UTF-8 string S: combining marks and control
 * characters 0, East Asian wide characters 2, others 1. An invalid byte counts as one
 * column (a terminal shows it as one replacement character). For aligning tables. */
int ntm_text_width(const char *s);

/* What a name holds that can make it lie about itself, worst first. */
typedef enum ntm_name_trouble {
    NTM_NAME_OK = 0,
    NTM_NAME_INVISIBLE,  /* a zero-width or other invisible format character (warn) */
    NTM_NAME_CONFUSABLE, /* letters of several scripts that look alike (warn) */
    NTM_NAME_BIDI,       /* a bidirectional mark, embedding, override or isolate (refuse) */
    NTM_NAME_CONTROL     /* a control character: C0, DEL, C1 (ESC, BEL, newline) (refuse) */
} ntm_name_trouble;

/* Checks the name S (valid UTF-8): the worst trouble found, and in *cp the code point
 * that shows it (may be NULL). Invisible: Unicode format characters (Cf) other than the
 * bidirectional ones, and the default-ignorable U+115F, U+1160, U+3164, U+FFA0, U+180B-F.
 * Confusable: ICU's spoof checker (uspoof, moderately restrictive) finds scripts mixed as
 * no name mixes them, or that look alike
 * ("Cẩm Thаnh" with a Cyrillic а). */
ntm_name_trouble ntm_text_name_check(const char *s, long *cp);

/* A key under which names that look the same on a screen are equal: S without
 * invisible characters and white space, mapped by ICU's confusable skeleton (UTS #39),
 * so "Cẩm\u200bThành", "CẩmThành" and "Cẩm Thành" share one. Caller frees; NULL on
 * invalid UTF-8 or when ICU fails. */
char *ntm_text_lookalike(const char *s);

#endif
