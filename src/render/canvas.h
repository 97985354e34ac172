/* canvas.h: a drawing surface on GNU libplot's SVG plotter, saved as SVG, PNG or PDF.
 *
 * Everything is drawn once, with libplot, into an SVG held in memory (open_memstream).
 * Saving picks the format from the file's extension:
 *   .svg  the SVG as libplot wrote it;
 *   .png  the SVG rasterised by librsvg onto a cairo image surface: antialiased, 8-bit
 *         RGB, at least NTM_CANVAS_MIN_PNG_WIDTH pixels wide;
 *   .pdf  the SVG drawn by librsvg onto a cairo PDF surface (vector). cairo 1.16 stamps
 *         the wall-clock time as /CreationDate; we blank that entry with spaces of the
 *         same length (so the cross-reference offsets stay valid), which makes the PDF
 *         byte-identical for the same drawing.
 * Page units: the caller's, y up, (0, 0) at the bottom left. Labels are drawn as
 * outlines (text.h), so no user text ever enters the SVG as text. */
#ifndef NTM_CANVAS_H
#define NTM_CANVAS_H

#include <stddef.h>
#include <stdio.h> /* plot.h needs FILE */
#include <plot.h>

#include "core/error.h"
#include "render/text.h"

/* PNG width for slides: 1920 px for the usual 1600-unit page. */
#define NTM_CANVAS_PNG_SCALE 1.2
#define NTM_CANVAS_MIN_PNG_WIDTH 1600
/* PDF points per page unit: a 1600 x 900 page is 800 x 450 pt (about A4 landscape wide). */
#define NTM_CANVAS_PDF_SCALE 0.5

typedef struct ntm_canvas ntm_canvas; /* opaque */

typedef enum ntm_face { NTM_FACE_REGULAR = 0, NTM_FACE_BOLD = 1 } ntm_face;

typedef enum ntm_image_format { NTM_IMAGE_SVG, NTM_IMAGE_PNG, NTM_IMAGE_PDF } ntm_image_format;

/* The format named by PATH's extension (.svg .png .pdf, any case) in *fmt.
 * Returns NTM_OK or NTM_EUSAGE naming the path. */
ntm_status ntm_canvas_format_of(const char *path, ntm_image_format *fmt, ntm_error *err);

/* A white WIDTH x HEIGHT page (page units, both in [100, 20000]) with DejaVu Sans
 * regular and bold loaded. On success *out owns the canvas; free with ntm_canvas_free.
 * Returns NTM_OK, NTM_EUSAGE (bad size), NTM_ENOTFOUND (font missing), NTM_ERENDER or
 * NTM_ENOMEM. */
ntm_status ntm_canvas_new(ntm_canvas **out, double width, double height, ntm_error *err);
void ntm_canvas_free(ntm_canvas *c); /* NULL is fine */

/* The libplot plotter to draw on (owned by the canvas), its page size and fonts. */
plPlotter *ntm_canvas_plotter(const ntm_canvas *c);
ntm_font *ntm_canvas_font(const ntm_canvas *c, ntm_face face);
double ntm_canvas_width(const ntm_canvas *c);
double ntm_canvas_height(const ntm_canvas *c);

/* A title for the PDF's document information (copied; UTF-8). */
ntm_status ntm_canvas_set_title(ntm_canvas *c, const char *title, ntm_error *err);

/* Ends drawing: closes the plotter so the SVG is complete. Called by ntm_canvas_save;
 * calling it twice is fine. */
ntm_status ntm_canvas_finish(ntm_canvas *c, ntm_error *err);

/* The finished SVG (NULL before ntm_canvas_finish); owned by the canvas. */
const char *ntm_canvas_svg(const ntm_canvas *c, size_t *len);

/* Finishes the drawing and writes it to PATH in the format its extension names.
 * Returns NTM_OK, NTM_EUSAGE (unknown extension), NTM_EIO (cannot write, with the
 * reason) or NTM_ERENDER (librsvg/cairo failed, with their message). */
ntm_status ntm_canvas_save(ntm_canvas *c, const char *path, ntm_error *err);

#endif
