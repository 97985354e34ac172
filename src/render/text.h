/* text.h: text as glyph outlines, so Vietnamese renders the same in SVG, PNG and PDF.
 *
 * libplot's own fonts are ISO-8859-1 and have no Vietnamese glyphs, so every label is
 * drawn as filled outlines taken from a TrueType font with FreeType (DejaVu Sans by
 * default). Text is normalised to NFC first (utf8proc), so a label typed with combining
 * marks (NFD) and one typed precomposed (NFC) give identical outlines; pairs are kerned
 * with the font's 'kern' table (FT_Get_Kerning). Outlines are cached per (font, glyph).
 *
 * Coordinates are the caller's page units with y pointing up (libplot's convention);
 * SIZE is the em size in the same units. No function here prints. */
#ifndef NTM_RENDER_TEXT_H
#define NTM_RENDER_TEXT_H

#include <stddef.h>
#include <stdio.h>
#include <plot.h>

#include "core/error.h"

typedef struct ntm_font ntm_font; /* opaque: a FreeType face and its outline cache */

/* DejaVu Sans from Debian's fonts-dejavu-core. */
#define NTM_FONT_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define NTM_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

/* Opens the TrueType font at PATH. On success *out owns a new font; free it with
 * ntm_font_free. Returns NTM_OK, NTM_ENOTFOUND (no such file) or NTM_ERENDER. */
ntm_status ntm_font_new(ntm_font **out, const char *path, ntm_error *err);
void ntm_font_free(ntm_font *font); /* NULL is fine */

/* How a string measures at em size SIZE (all in page units, ascent/descent >= 0). */
typedef struct ntm_text_metrics {
    double width;      /* advance width including kerning */
    double ascent;     /* the font's ascender: the same for every string (line layout) */
    double descent;    /* the font's descender, as a positive distance below the baseline */
    double ink_top;    /* highest outline point above the baseline (stacked marks: Ế) */
    double ink_bottom; /* lowest outline point, as a positive distance below the baseline */
    size_t n_glyphs;   /* glyphs laid out */
    size_t n_missing;  /* characters the font has no glyph for (drawn as glyph 0) */
} ntm_text_metrics;

/* Measures UTF8 (one line; '\n' is not special) at em size SIZE into *m.
 * Returns NTM_OK, NTM_EINPUT (not valid UTF-8) or NTM_ENOMEM/NTM_ERENDER. */
ntm_status ntm_text_measure(ntm_font *font, const char *utf8, double size, ntm_text_metrics *m,
                            ntm_error *err);

/* The glyph indices UTF8 lays out to after NFC normalisation: up to CAP of them are
 * written to GLYPHS (may be NULL when CAP is 0) and the total count to *n. A glyph
 * index 0 is a missing glyph. */
ntm_status ntm_text_glyphs(ntm_font *font, const char *utf8, unsigned *glyphs, size_t cap,
                           size_t *n, ntm_error *err);

/* Where the anchor point (x, y) sits on the text's baseline. */
typedef enum ntm_align { NTM_ALIGN_LEFT = 0, NTM_ALIGN_CENTER, NTM_ALIGN_RIGHT } ntm_align;

/* A receiver of outline segments in page units. Each callback returns 0 on success;
 * any other value stops the walk and is reported as NTM_ERENDER. `close` ends one
 * contour. Conic = quadratic Bézier (TrueType), cubic for CFF fonts. */
typedef struct ntm_path_sink {
    int (*move)(void *ctx, double x, double y);
    int (*line)(void *ctx, double x, double y);
    int (*conic)(void *ctx, double cx, double cy, double x, double y);
    int (*cubic)(void *ctx, double c1x, double c1y, double c2x, double c2y, double x, double y);
    int (*close)(void *ctx);
} ntm_path_sink;

/* Walks the outlines of UTF8 set at em size SIZE with its baseline anchor at (X, Y),
 * aligned by ALIGN and rotated ANGLE_DEG counter-clockwise about the anchor, through
 * SINK. Used by ntm_text_draw, and by tests that compare outlines. */
ntm_status ntm_text_outline(ntm_font *font, const char *utf8, double x, double y, double size,
                            double angle_deg, ntm_align align, const ntm_path_sink *sink, void *ctx,
                            ntm_error *err);

/* Draws UTF8 on PL as one compound path filled with the nonzero-winding rule, in the
 * plotter's current fill colour and with no outline stroke. Restores PL's fill type,
 * pen type and fill mode afterwards. An empty string draws nothing. */
ntm_status ntm_text_draw(plPlotter *pl, ntm_font *font, const char *utf8, double x, double y,
                         double size, double angle_deg, ntm_align align, ntm_error *err);

/* Breaks UTF8 at spaces into at most MAX_LINES lines no wider than MAX_WIDTH at em size
 * SIZE, writing the lines separated by '\n' into OUT (OUT_SIZE bytes). A word wider
 * than MAX_WIDTH gets a line of its own (the caller shrinks the size if it must fit).
 * Text that does not fit in MAX_LINES ends with "…". Sets *n_lines and *widest (the
 * widest line's width). Returns NTM_OK, NTM_EINPUT or NTM_ENOMEM. */
ntm_status ntm_text_wrap(ntm_font *font, const char *utf8, double size, double max_width,
                         size_t max_lines, char *out, size_t out_size, size_t *n_lines,
                         double *widest, ntm_error *err);

#endif
