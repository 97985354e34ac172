/* canvas.c: libplot SVG in memory, then SVG / PNG / PDF files (see canvas.h). */
#include "render/canvas.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

struct ntm_canvas {
    double w, h;
    char *svg; /* open_memstream buffer */
    size_t svg_len;
    FILE *svg_stream;
    char *log; /* libplot's error stream, kept for error messages */
    size_t log_len;
    FILE *log_stream;
    plPlotterParams *params;
    plPlotter *pl;
    int open, finished;
    ntm_font *font[2];
    char *title;
};

/* A growable byte buffer for cairo's stream writers. */
typedef struct membuf {
    unsigned char *p;
    size_t n, cap;
    int failed;
} membuf;

static cairo_status_t membuf_write(void *closure, const unsigned char *data, unsigned int len)
{
    membuf *b = closure;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->n + len)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

ntm_status ntm_canvas_format_of(const char *path, ntm_image_format *fmt, ntm_error *err)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (dot && (!slash || dot > slash)) {
        if (strcasecmp(dot, ".svg") == 0) {
            *fmt = NTM_IMAGE_SVG;
            return NTM_OK;
        }
        if (strcasecmp(dot, ".png") == 0) {
            *fmt = NTM_IMAGE_PNG;
            return NTM_OK;
        }
        if (strcasecmp(dot, ".pdf") == 0) {
            *fmt = NTM_IMAGE_PDF;
            return NTM_OK;
        }
    }
    return ntm_error_set(err, NTM_EUSAGE, "'%s': chart files end in .svg, .png or .pdf",
                         path ? path : "(null)");
}

/* The last line libplot wrote to its error stream, for messages. */
static const char *pl_log(ntm_canvas *c)
{
    if (!c->log_stream)
        return "";
    fflush(c->log_stream);
    if (!c->log || c->log_len == 0)
        return "no message from libplot";
    return c->log;
}

ntm_status ntm_canvas_new(ntm_canvas **out, double width, double height, ntm_error *err)
{
    *out = NULL;
    if (!(width >= 100 && width <= 20000 && height >= 100 && height <= 20000))
        return ntm_error_set(err, NTM_EUSAGE, "canvas size %g x %g outside [100, 20000]", width,
                             height);
    ntm_canvas *c = calloc(1, sizeof *c);
    if (!c)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory for a canvas");
    c->w = width;
    c->h = height;
    ntm_status rc = ntm_font_new(&c->font[NTM_FACE_REGULAR], NTM_FONT_REGULAR, err);
    if (rc == NTM_OK)
        rc = ntm_font_new(&c->font[NTM_FACE_BOLD], NTM_FONT_BOLD, err);
    if (rc != NTM_OK) {
        ntm_canvas_free(c);
        return rc;
    }
    c->svg_stream = open_memstream(&c->svg, &c->svg_len);
    c->log_stream = open_memstream(&c->log, &c->log_len);
    c->params = pl_newplparams();
    if (!c->svg_stream || !c->log_stream || !c->params) {
        ntm_canvas_free(c);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory for a canvas");
    }
    /* The page size only sets the SVG's width/height attributes (inches); every
     * output is scaled from page units, so 1 in = 100 units is an arbitrary choice. */
    char page[96];
    snprintf(page, sizeof page, "c,xsize=%.2fin,ysize=%.2fin", width / 100, height / 100);
    if (pl_setplparam(c->params, "PAGESIZE", page) < 0 ||
        pl_setplparam(c->params, "BG_COLOR", "white") < 0) {
        ntm_canvas_free(c);
        return ntm_error_set(err, NTM_ERENDER, "libplot refused the page settings");
    }
    c->pl = pl_newpl_r("svg", NULL, c->svg_stream, c->log_stream, c->params);
    if (!c->pl) {
        rc = ntm_error_set(err, NTM_ERENDER, "cannot create a libplot SVG plotter: %s", pl_log(c));
        ntm_canvas_free(c);
        return rc;
    }
    if (pl_openpl_r(c->pl) < 0) {
        rc = ntm_error_set(err, NTM_ERENDER, "cannot open the libplot plotter: %s", pl_log(c));
        ntm_canvas_free(c);
        return rc;
    }
    c->open = 1;
    if (pl_fspace_r(c->pl, 0, 0, width, height) < 0 || pl_erase_r(c->pl) < 0 ||
        pl_joinmod_r(c->pl, "round") < 0 || pl_capmod_r(c->pl, "butt") < 0) {
        rc = ntm_error_set(err, NTM_ERENDER, "cannot set up the libplot page: %s", pl_log(c));
        ntm_canvas_free(c);
        return rc;
    }
    *out = c;
    return NTM_OK;
}

void ntm_canvas_free(ntm_canvas *c)
{
    if (!c)
        return;
    if (c->pl) {
        if (c->open)
            pl_closepl_r(c->pl);
        pl_deletepl_r(c->pl);
    }
    if (c->params)
        pl_deleteplparams(c->params);
    if (c->svg_stream)
        fclose(c->svg_stream);
    if (c->log_stream)
        fclose(c->log_stream);
    free(c->svg);
    free(c->log);
    ntm_font_free(c->font[0]);
    ntm_font_free(c->font[1]);
    free(c->title);
    free(c);
}

plPlotter *ntm_canvas_plotter(const ntm_canvas *c)
{
    return c->pl;
}
ntm_font *ntm_canvas_font(const ntm_canvas *c, ntm_face face)
{
    return c->font[face == NTM_FACE_BOLD ? 1 : 0];
}
double ntm_canvas_width(const ntm_canvas *c)
{
    return c->w;
}
double ntm_canvas_height(const ntm_canvas *c)
{
    return c->h;
}

ntm_status ntm_canvas_set_title(ntm_canvas *c, const char *title, ntm_error *err)
{
    free(c->title);
    c->title = NULL;
    if (!title)
        return NTM_OK;
    size_t n = strlen(title);
    c->title = malloc(n + 1);
    if (!c->title)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory for a title");
    memcpy(c->title, title, n + 1);
    return NTM_OK;
}

ntm_status ntm_canvas_finish(ntm_canvas *c, ntm_error *err)
{
    if (c->finished)
        return NTM_OK;
    int bad = pl_closepl_r(c->pl) < 0;
    c->open = 0;
    if (bad)
        return ntm_error_set(err, NTM_ERENDER, "libplot could not finish the SVG: %s", pl_log(c));
    if (fflush(c->svg_stream) != 0 || !c->svg || c->svg_len == 0)
        return ntm_error_set(err, NTM_ENOMEM, "the SVG could not be kept in memory");
    c->finished = 1;
    return NTM_OK;
}

const char *ntm_canvas_svg(const ntm_canvas *c, size_t *len)
{
    if (!c->finished) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = c->svg_len;
    return c->svg;
}

static ntm_status write_file(const char *path, const void *data, size_t len, ntm_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return ntm_error_set(err, NTM_EIO, "cannot write '%s': %s", path, ntm_strerror(errno));
    int bad = fwrite(data, 1, len, f) != len;
    int saved = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (bad)
        return ntm_error_set(err, NTM_EIO, "cannot write '%s': %s", path, ntm_strerror(saved));
    return NTM_OK;
}

/* Draws the SVG onto CR scaled to fill W x H (device units of CR's surface). */
static ntm_status draw_svg(ntm_canvas *c, cairo_t *cr, double w, double h, ntm_error *err)
{
    GError *ge = NULL;
    RsvgHandle *hd = rsvg_handle_new_from_data((const guint8 *)c->svg, c->svg_len, &ge);
    if (!hd) {
        ntm_status rc = ntm_error_set(err, NTM_ERENDER, "librsvg cannot read the SVG: %s",
                                      ge ? ge->message : "no reason given");
        if (ge)
            g_error_free(ge);
        return rc;
    }
    RsvgRectangle vp = {0, 0, w, h};
    ntm_status rc = NTM_OK;
    if (!rsvg_handle_render_document(hd, cr, &vp, &ge)) {
        rc = ntm_error_set(err, NTM_ERENDER, "librsvg cannot draw the SVG: %s",
                           ge ? ge->message : "no reason given");
        if (ge)
            g_error_free(ge);
    } else if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        rc = ntm_error_set(err, NTM_ERENDER, "cairo: %s", cairo_status_to_string(cairo_status(cr)));
    }
    g_object_unref(hd);
    return rc;
}

static ntm_status save_png(ntm_canvas *c, const char *path, ntm_error *err)
{
    double scale = NTM_CANVAS_PNG_SCALE;
    if (c->w * scale < NTM_CANVAS_MIN_PNG_WIDTH)
        scale = NTM_CANVAS_MIN_PNG_WIDTH / c->w;
    int pw = (int)ceil(c->w * scale), ph = (int)ceil(c->h * scale);
    /* RGB24: cairo writes an 8-bit RGB PNG (no alpha: the page is opaque white). */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        ntm_status rc = ntm_error_set(err, NTM_ERENDER, "cairo cannot make a %d x %d image: %s", pw,
                                      ph, cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return rc;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    ntm_status rc = draw_svg(c, cr, pw, ph, err);
    cairo_destroy(cr);
    membuf b = {0};
    if (rc == NTM_OK) {
        cairo_surface_flush(s);
        cairo_status_t st = cairo_surface_write_to_png_stream(s, membuf_write, &b);
        if (st != CAIRO_STATUS_SUCCESS)
            rc = ntm_error_set(err, NTM_ERENDER, "cairo cannot encode the PNG: %s",
                               cairo_status_to_string(st));
    }
    cairo_surface_destroy(s);
    if (rc == NTM_OK)
        rc = write_file(path, b.p, b.n, err);
    free(b.p);
    return rc;
}

/* Overwrites "/CreationDate (...)" with spaces of the same length: cairo 1.16 writes
 * the wall clock there, and a PDF that differs on every run cannot be compared. */
static void blank_creation_date(membuf *b)
{
    static const char key[] = "/CreationDate (";
    size_t k = sizeof key - 1;
    for (size_t i = b->n; i-- > 0;) {
        if (i + k > b->n || memcmp(b->p + i, key, k) != 0)
            continue;
        size_t j = i + k;
        while (j < b->n && j < i + k + 64 && b->p[j] != ')')
            j++;
        if (j < b->n && b->p[j] == ')')
            memset(b->p + i, ' ', j + 1 - i);
        return;
    }
}

static ntm_status save_pdf(ntm_canvas *c, const char *path, ntm_error *err)
{
    membuf b = {0};
    double pw = c->w * NTM_CANVAS_PDF_SCALE, ph = c->h * NTM_CANVAS_PDF_SCALE;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(membuf_write, &b, pw, ph);
    ntm_status rc = NTM_OK;
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        rc = ntm_error_set(err, NTM_ERENDER, "cairo cannot make a PDF: %s",
                           cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        free(b.p);
        return rc;
    }
    if (c->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, c->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "ntmplan");
    cairo_t *cr = cairo_create(s);
    rc = draw_svg(c, cr, pw, ph, err);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (rc == NTM_OK && (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || b.failed))
        rc = ntm_error_set(err, NTM_ERENDER, "cairo cannot write the PDF: %s",
                           cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
    if (rc == NTM_OK) {
        blank_creation_date(&b);
        rc = write_file(path, b.p, b.n, err);
    }
    free(b.p);
    return rc;
}

ntm_status ntm_canvas_save(ntm_canvas *c, const char *path, ntm_error *err)
{
    ntm_image_format fmt;
    ntm_status rc = ntm_canvas_format_of(path, &fmt, err);
    if (rc == NTM_OK)
        rc = ntm_canvas_finish(c, err);
    if (rc != NTM_OK)
        return rc;
    switch (fmt) {
    case NTM_IMAGE_SVG: return write_file(path, c->svg, c->svg_len, err);
    case NTM_IMAGE_PNG: return save_png(c, path, err);
    case NTM_IMAGE_PDF: return save_pdf(c, path, err);
    }
    return ntm_error_set(err, NTM_EUSAGE, "'%s': unknown chart format", path);
}
