/* report_html.h: the meeting pack's HTML page (DESIGN.md, "What users see"): a writer of
 * sections, paragraphs, key figures, tables and figures with the pack's style sheet.
 *
 * The page is offline and safe: no script, no external asset (the style sheet is inline,
 * fonts are the reader's own, images are files beside the page), a Content-Security-Policy
 * that forbids scripts anyway, and every text given is escaped (& < > " '), so a unit named
 * "<script>alert(1)</script>" shows as text. Invalid UTF-8 bytes become U+FFFD and control
 * characters (but tab and newline) are dropped. Only ntm_html_raw writes markup as given:
 * use it for the caller's own constant markup, never for user text.
 *
 * Printing: A4 portrait with 15 mm margins (CSS @page), each section on a new page
 * (break-before: page), table headers repeated on every page, rows and figures never cut.
 * Rendering only: no SQL, no numbers computed here. Writes go to a FILE the caller owns;
 * a failed write is reported by ntm_html_end. */
#ifndef NTM_REPORT_HTML_H
#define NTM_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"
#include "core/numfmt.h"

/* A writer: caller-owned, filled by ntm_html_begin. */
typedef struct ntm_html {
    FILE *out;
    ntm_lang lang;
    int in_section;
    size_t n_cols;     /* columns of the open table, 0 when none */
    const char *align; /* the open table's column alignment letters */
    char align_buf[64];
} ntm_html;

/* Writes S escaped for HTML text and attribute values to OUT. NULL writes nothing. */
void ntm_html_escape(FILE *out, const char *s);

/* Starts the page: doctype, <html lang>, head (charset, CSP, TITLE, style sheet) and a
 * cover block with TITLE, SUBTITLE and the line META (both may be NULL). */
void ntm_html_begin(ntm_html *h, FILE *out, ntm_lang lang, const char *title, const char *subtitle,
                    const char *meta);

/* Opens a section (closing the one before) with heading HEADING and element id ID
 * (letters, digits and '-' only; others are dropped). Sections after the first start a
 * new printed page. */
void ntm_html_section(ntm_html *h, const char *id, const char *heading);

/* A sub-heading inside a section. */
void ntm_html_h3(ntm_html *h, const char *text);

/* A paragraph of TEXT; CLS (may be NULL) is one of "note" (small, muted), "warn"
 * (highlighted) or "lead" (larger). */
void ntm_html_p(ntm_html *h, const char *text, const char *cls);

/* A bulleted list of N items. */
void ntm_html_list(ntm_html *h, const char *const *items, size_t n);

/* A row of key figures: VALUE in large type over its LABEL. */
typedef struct ntm_html_keyfig {
    const char *value, *label;
    const char *cls; /* NULL, "good", "bad" or "warn": the figure's colour */
} ntm_html_keyfig;
void ntm_html_keyfigs(ntm_html *h, const ntm_html_keyfig *k, size_t n);

/* A table with N columns (N >= 1): CAPTION (may be NULL), HEADERS[N] and ALIGN, one
 * letter per column ('l' left, 'r' right, 'c' centre; NULL or short: left). */
void ntm_html_table_begin(ntm_html *h, const char *caption, const char *const *headers, size_t n,
                          const char *align);
/* A row of the open table: CELLS[n] (NULL cell: NTM_FMT_NONE); CLASSES (NULL, or
 * per-cell NULL / "good" / "bad" / "warn" / "muted") colour cells. */
void ntm_html_row(ntm_html *h, const char *const *cells, const char *const *classes);
void ntm_html_table_end(ntm_html *h);

/* A figure: the image file SRC (a path relative to the page) with ALT text and CAPTION
 * (may be NULL). */
void ntm_html_figure(ntm_html *h, const char *src, const char *alt, const char *caption);

/* Writes MARKUP as given (the caller's own constant markup only). */
void ntm_html_raw(ntm_html *h, const char *markup);

/* Closes the open section and the page. Returns NTM_OK, or NTM_EIO when a write failed
 * (the stream's error flag is set). The caller closes the FILE. */
ntm_status ntm_html_end(ntm_html *h, ntm_error *err);

#endif
