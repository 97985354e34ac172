/* text.c: glyph outlines with FreeType, emitted as libplot paths (see text.h). */
#include "render/text.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <utf8proc.h>

enum seg_op { SEG_MOVE, SEG_LINE, SEG_CONIC, SEG_CUBIC, SEG_CLOSE };

/* One outline segment in font units (y up, origin on the baseline). */
typedef struct seg {
    enum seg_op op;
    double p[6];
} seg;

typedef struct glyph {
    int loaded;
    double advance; /* font units */
    double ymin, ymax;
    seg *segs;
    size_t n, cap;
} glyph;

struct ntm_font {
    FT_Library lib;
    FT_Face face;
    double upem;
    glyph *cache; /* one slot per glyph index, filled on first use */
    size_t n_cache;
};

/* A laid-out line: glyph i at pen position x[i] (font units). */
typedef struct layout {
    unsigned *gid;
    double *x;
    size_t n;
    double width;
    size_t missing;
} layout;

static void layout_release(layout *l)
{
    free(l->gid);
    free(l->x);
    memset(l, 0, sizeof *l);
}

ntm_status ntm_font_new(ntm_font **out, const char *path, ntm_error *err)
{
    *out = NULL;
    if (!path)
        return ntm_error_set(err, NTM_EUSAGE, "no font path given");
    FILE *probe = fopen(path, "rb");
    if (!probe)
        return ntm_error_set(err, NTM_ENOTFOUND, "cannot open font '%s': %s", path,
                             ntm_strerror(errno));
    fclose(probe);
    ntm_font *f = calloc(1, sizeof *f);
    if (!f)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory loading font '%s'", path);
    if (FT_Init_FreeType(&f->lib) != 0) {
        free(f);
        return ntm_error_set(err, NTM_ERENDER, "cannot start FreeType");
    }
    if (FT_New_Face(f->lib, path, 0, &f->face) != 0) {
        FT_Done_FreeType(f->lib);
        free(f);
        return ntm_error_set(err, NTM_ERENDER, "'%s' is not a font FreeType can read", path);
    }
    if (!FT_IS_SCALABLE(f->face) || f->face->units_per_EM == 0 || f->face->num_glyphs <= 0) {
        ntm_font_free(f);
        return ntm_error_set(err, NTM_ERENDER, "font '%s' has no outlines", path);
    }
    f->upem = f->face->units_per_EM;
    f->n_cache = (size_t)f->face->num_glyphs;
    f->cache = calloc(f->n_cache, sizeof *f->cache);
    if (!f->cache) {
        ntm_font_free(f);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory loading font '%s'", path);
    }
    *out = f;
    return NTM_OK;
}

void ntm_font_free(ntm_font *font)
{
    if (!font)
        return;
    if (font->cache)
        for (size_t i = 0; i < font->n_cache; i++)
            free(font->cache[i].segs);
    free(font->cache);
    if (font->face)
        FT_Done_Face(font->face);
    if (font->lib)
        FT_Done_FreeType(font->lib);
    free(font);
}

/* ---- loading one glyph's outline into the cache ------------------------------------ */

static int seg_push(glyph *g, enum seg_op op, const FT_Vector *a, const FT_Vector *b,
                    const FT_Vector *c)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 32;
        seg *s = realloc(g->segs, cap * sizeof *s);
        if (!s)
            return -1;
        g->segs = s;
        g->cap = cap;
    }
    seg *s = &g->segs[g->n++];
    s->op = op;
    memset(s->p, 0, sizeof s->p);
    const FT_Vector *v[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        if (v[i]) {
            s->p[2 * i] = (double)v[i]->x;
            s->p[2 * i + 1] = (double)v[i]->y;
        }
    return 0;
}

/* FreeType's decomposer reports one contour after another, each starting with a move;
 * we close the previous contour whenever a new one starts and once at the end. */
static int on_move(const FT_Vector *to, void *user)
{
    glyph *g = user;
    if (g->n > 0 && seg_push(g, SEG_CLOSE, NULL, NULL, NULL) != 0)
        return -1;
    return seg_push(g, SEG_MOVE, to, NULL, NULL);
}
static int on_line(const FT_Vector *to, void *user)
{
    return seg_push(user, SEG_LINE, to, NULL, NULL);
}
static int on_conic(const FT_Vector *c, const FT_Vector *to, void *user)
{
    return seg_push(user, SEG_CONIC, c, to, NULL);
}
static int on_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *user)
{
    return seg_push(user, SEG_CUBIC, c1, c2, to);
}

static ntm_status glyph_get(ntm_font *f, unsigned gid, const glyph **out, ntm_error *err)
{
    if (gid >= f->n_cache)
        gid = 0;
    glyph *g = &f->cache[gid];
    if (!g->loaded) {
        /* Unscaled font units: outlines are independent of size, so one cache entry
         * serves every size and rotation. */
        if (FT_Load_Glyph(f->face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0)
            return ntm_error_set(err, NTM_ERENDER, "FreeType cannot load glyph %u", gid);
        FT_GlyphSlot slot = f->face->glyph;
        g->advance = (double)slot->metrics.horiAdvance;
        g->ymin = g->ymax = 0;
        if (slot->format == FT_GLYPH_FORMAT_OUTLINE && slot->outline.n_points > 0) {
            FT_Outline_Funcs fn = {on_move, on_line, on_conic, on_cubic, 0, 0};
            if (FT_Outline_Decompose(&slot->outline, &fn, g) != 0 ||
                seg_push(g, SEG_CLOSE, NULL, NULL, NULL) != 0) {
                free(g->segs);
                g->segs = NULL;
                g->n = g->cap = 0;
                return ntm_error_set(err, NTM_ENOMEM, "cannot decompose glyph %u", gid);
            }
            FT_BBox box;
            FT_Outline_Get_CBox(&slot->outline, &box);
            g->ymin = (double)box.yMin;
            g->ymax = (double)box.yMax;
        }
        g->loaded = 1;
    }
    *out = g;
    return NTM_OK;
}

/* ---- layout: NFC, cmap, advances, kerning ------------------------------------------- */

static ntm_status do_layout(ntm_font *f, const char *utf8, layout *l, ntm_error *err)
{
    memset(l, 0, sizeof *l);
    if (!utf8)
        utf8 = "";
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)utf8);
    if (!nfc)
        return ntm_error_set(err, NTM_EINPUT, "label is not valid UTF-8: '%.60s'", utf8);
    size_t len = strlen((const char *)nfc);
    /* At most one glyph per byte. */
    l->gid = malloc((len + 1) * sizeof *l->gid);
    l->x = malloc((len + 1) * sizeof *l->x);
    if (!l->gid || !l->x) {
        free(nfc);
        layout_release(l);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory laying out a label");
    }
    int kern = FT_HAS_KERNING(f->face) != 0;
    double pen = 0;
    unsigned prev = 0;
    const utf8proc_uint8_t *p = nfc;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0) { /* cannot happen after a successful NFC, but stay safe */
            free(nfc);
            layout_release(l);
            return ntm_error_set(err, NTM_EINPUT, "label is not valid UTF-8");
        }
        p += k;
        left -= k;
        if (cp == '\n' || cp == '\r' || cp == '\t')
            cp = ' ';
        unsigned gid = FT_Get_Char_Index(f->face, (FT_ULong)cp);
        if (gid == 0)
            l->missing++;
        const glyph *g = NULL;
        ntm_status rc = glyph_get(f, gid, &g, err);
        if (rc != NTM_OK) {
            free(nfc);
            layout_release(l);
            return rc;
        }
        if (kern && prev != 0 && gid != 0) {
            FT_Vector d;
            if (FT_Get_Kerning(f->face, prev, gid, FT_KERNING_UNSCALED, &d) == 0)
                pen += (double)d.x;
        }
        l->gid[l->n] = gid;
        l->x[l->n] = pen;
        l->n++;
        pen += g->advance;
        prev = gid;
    }
    l->width = pen;
    free(nfc);
    return NTM_OK;
}

ntm_status ntm_text_measure(ntm_font *font, const char *utf8, double size, ntm_text_metrics *m,
                            ntm_error *err)
{
    memset(m, 0, sizeof *m);
    layout l;
    ntm_status rc = do_layout(font, utf8, &l, err);
    if (rc != NTM_OK)
        return rc;
    double s = size / font->upem;
    double top = 0, bottom = 0;
    for (size_t i = 0; i < l.n; i++) {
        const glyph *g = &font->cache[l.gid[i] < font->n_cache ? l.gid[i] : 0];
        if (g->ymax > top)
            top = g->ymax;
        if (g->ymin < bottom)
            bottom = g->ymin;
    }
    m->width = l.width * s;
    m->ascent = (double)font->face->ascender * s;
    m->descent = -(double)font->face->descender * s;
    m->ink_top = top * s;
    m->ink_bottom = -bottom * s;
    m->n_glyphs = l.n;
    m->n_missing = l.missing;
    layout_release(&l);
    return NTM_OK;
}

ntm_status ntm_text_glyphs(ntm_font *font, const char *utf8, unsigned *glyphs, size_t cap,
                           size_t *n, ntm_error *err)
{
    layout l;
    ntm_status rc = do_layout(font, utf8, &l, err);
    if (rc != NTM_OK)
        return rc;
    for (size_t i = 0; i < l.n && i < cap; i++)
        glyphs[i] = l.gid[i];
    *n = l.n;
    layout_release(&l);
    return NTM_OK;
}

ntm_status ntm_text_outline(ntm_font *font, const char *utf8, double x, double y, double size,
                            double angle_deg, ntm_align align, const ntm_path_sink *sink, void *ctx,
                            ntm_error *err)
{
    layout l;
    ntm_status rc = do_layout(font, utf8, &l, err);
    if (rc != NTM_OK)
        return rc;
    double s = size / font->upem;
    double a = angle_deg * (M_PI / 180.0);
    double ca = cos(a), sa = sin(a);
    if (angle_deg == 0) { /* exact for the common case */
        ca = 1;
        sa = 0;
    } else if (angle_deg == 90) {
        ca = 0;
        sa = 1;
    }
    double shift = align == NTM_ALIGN_CENTER  ? -l.width / 2
                   : align == NTM_ALIGN_RIGHT ? -l.width
                                              : 0;
    int bad = 0;
    for (size_t i = 0; i < l.n && !bad; i++) {
        const glyph *g = &font->cache[l.gid[i] < font->n_cache ? l.gid[i] : 0];
        double ox = l.x[i] + shift;
        for (size_t j = 0; j < g->n && !bad; j++) {
            const seg *sg = &g->segs[j];
            double q[6];
            for (int k = 0; k < 3; k++) {
                double u = (sg->p[2 * k] + ox) * s, v = sg->p[2 * k + 1] * s;
                q[2 * k] = x + ca * u - sa * v;
                q[2 * k + 1] = y + sa * u + ca * v;
            }
            switch (sg->op) {
            case SEG_MOVE: bad = sink->move(ctx, q[0], q[1]); break;
            case SEG_LINE: bad = sink->line(ctx, q[0], q[1]); break;
            case SEG_CONIC: bad = sink->conic(ctx, q[0], q[1], q[2], q[3]); break;
            case SEG_CUBIC: bad = sink->cubic(ctx, q[0], q[1], q[2], q[3], q[4], q[5]); break;
            case SEG_CLOSE: bad = sink->close(ctx); break;
            }
        }
    }
    layout_release(&l);
    if (bad)
        return ntm_error_set(err, NTM_ERENDER, "drawing a label's outline failed");
    return NTM_OK;
}

/* ---- the libplot sink ------------------------------------------------------------------ */

typedef struct pl_sink {
    plPlotter *pl;
    double cx, cy; /* current point: libplot's Bézier calls restate the start point */
    int in_path;
} pl_sink;

static int sink_move(void *ctx, double x, double y)
{
    pl_sink *s = ctx;
    s->cx = x;
    s->cy = y;
    s->in_path = 1;
    return pl_fmove_r(s->pl, x, y) < 0;
}
static int sink_line(void *ctx, double x, double y)
{
    pl_sink *s = ctx;
    int rc = pl_fcont_r(s->pl, x, y) < 0;
    s->cx = x;
    s->cy = y;
    return rc;
}
static int sink_conic(void *ctx, double cx, double cy, double x, double y)
{
    pl_sink *s = ctx;
    int rc = pl_fbezier2_r(s->pl, s->cx, s->cy, cx, cy, x, y) < 0;
    s->cx = x;
    s->cy = y;
    return rc;
}
static int sink_cubic(void *ctx, double c1x, double c1y, double c2x, double c2y, double x, double y)
{
    pl_sink *s = ctx;
    int rc = pl_fbezier3_r(s->pl, s->cx, s->cy, c1x, c1y, c2x, c2y, x, y) < 0;
    s->cx = x;
    s->cy = y;
    return rc;
}
static int sink_close(void *ctx)
{
    pl_sink *s = ctx;
    /* Close this contour and start the next subpath of the same compound path, so a
     * whole label is one <path> and holes (o, e, Đ) follow the nonzero rule. */
    if (pl_closepath_r(s->pl) < 0)
        return 1;
    return pl_endsubpath_r(s->pl) < 0;
}

ntm_status ntm_text_draw(plPlotter *pl, ntm_font *font, const char *utf8, double x, double y,
                         double size, double angle_deg, ntm_align align, ntm_error *err)
{
    if (!utf8 || !*utf8)
        return NTM_OK;
    if (!isfinite(x) || !isfinite(y) || !isfinite(size) || size <= 0)
        return ntm_error_set(err, NTM_ERENDER, "label '%.60s' placed at a non-finite point", utf8);
    if (pl_savestate_r(pl) < 0 || pl_filltype_r(pl, 1) < 0 || pl_pentype_r(pl, 0) < 0 ||
        pl_fillmod_r(pl, "winding") < 0)
        return ntm_error_set(err, NTM_ERENDER, "libplot refused the text fill settings");
    pl_sink s = {pl, 0, 0, 0};
    ntm_path_sink sink = {sink_move, sink_line, sink_conic, sink_cubic, sink_close};
    ntm_status rc = ntm_text_outline(font, utf8, x, y, size, angle_deg, align, &sink, &s, err);
    int bad = 0;
    if (s.in_path)
        bad |= pl_endpath_r(pl) < 0;
    bad |= pl_restorestate_r(pl) < 0;
    if (rc == NTM_OK && bad)
        rc = ntm_error_set(err, NTM_ERENDER, "libplot failed drawing label '%.60s'", utf8);
    return rc;
}

/* ---- wrapping ------------------------------------------------------------------------- */

static double width_of(ntm_font *f, const char *s, size_t len, double size, char *tmp,
                       ntm_status *rc, ntm_error *err)
{
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    ntm_text_metrics m;
    *rc = ntm_text_measure(f, tmp, size, &m, err);
    return m.width;
}

ntm_status ntm_text_wrap(ntm_font *font, const char *utf8, double size, double max_width,
                         size_t max_lines, char *out, size_t out_size, size_t *n_lines,
                         double *widest, ntm_error *err)
{
    *n_lines = 0;
    *widest = 0;
    if (out_size == 0)
        return ntm_error_set(err, NTM_EUSAGE, "no room for wrapped text");
    out[0] = '\0';
    if (max_lines == 0)
        max_lines = 1;
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)(utf8 ? utf8 : ""));
    if (!nfc)
        return ntm_error_set(err, NTM_EINPUT, "label is not valid UTF-8: '%.60s'", utf8);
    const char *t = (const char *)nfc;
    size_t len = strlen(t);
    char *tmp = malloc(len + 8);
    if (!tmp) {
        free(nfc);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory wrapping a label");
    }
    static const char ellipsis[] = "\xE2\x80\xA6"; /* … */
    ntm_status rc = NTM_OK;
    size_t o = 0, pos = 0;
    while (t[pos] == ' ')
        pos++;
    while (t[pos] && rc == NTM_OK) {
        /* Grow the line word by word while it fits. */
        size_t end = pos, best = 0;
        double best_w = 0;
        for (;;) {
            size_t e = end;
            while (t[e] == ' ')
                e++;
            while (t[e] && t[e] != ' ')
                e++;
            double w = width_of(font, t + pos, e - pos, size, tmp, &rc, err);
            if (rc != NTM_OK)
                break;
            if (best == 0 || w <= max_width) {
                best = e;
                best_w = w;
            }
            if (w > max_width || !t[e])
                break;
            end = e;
        }
        if (rc != NTM_OK)
            break;
        size_t line_end = best;
        int last = *n_lines + 1 == max_lines;
        size_t next = line_end;
        while (t[next] == ' ')
            next++;
        if (last && t[next]) {
            /* Out of lines: keep what fits with an ellipsis. */
            for (;;) {
                memcpy(tmp, t + pos, line_end - pos);
                memcpy(tmp + (line_end - pos), ellipsis, sizeof ellipsis);
                ntm_text_metrics m;
                rc = ntm_text_measure(font, tmp, size, &m, err);
                if (rc != NTM_OK)
                    break;
                best_w = m.width;
                size_t b = line_end;
                while (b > pos && t[b - 1] != ' ')
                    b--;
                while (b > pos && t[b - 1] == ' ')
                    b--;
                if (m.width <= max_width || b <= pos)
                    break;
                line_end = b;
            }
        }
        size_t piece = line_end - pos;
        int add_ellipsis = last && t[next];
        size_t need = piece + (add_ellipsis ? 3 : 0) + 2;
        if (o + need > out_size) {
            rc = ntm_error_set(err, NTM_ENOMEM, "wrapped label too long for its buffer");
            break;
        }
        if (o > 0)
            out[o++] = '\n';
        memcpy(out + o, t + pos, piece);
        o += piece;
        if (add_ellipsis) {
            memcpy(out + o, ellipsis, 3);
            o += 3;
        }
        out[o] = '\0';
        (*n_lines)++;
        if (best_w > *widest)
            *widest = best_w;
        if (add_ellipsis)
            break;
        pos = next;
    }
    free(tmp);
    free(nfc);
    return rc;
}
