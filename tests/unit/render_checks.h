/* render_checks.h: checks the render tests share on files the charts write: SVG a
 * complete document librsvg accepts with every label an outline, PNG 8-bit RGB(A) and
 * antialiased, PDF without a creation date, and byte-identical re-renders. Test code only:
 * included by tests/unit/test_render.c and test_charts2.c. */
#ifndef NTM_TEST_RENDER_CHECKS_H
#define NTM_TEST_RENDER_CHECKS_H

static inline unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    unsigned char *p = malloc(cap);
    assert_non_null(p);
    size_t k;
    while ((k = fread(p + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            p = realloc(p, cap);
            assert_non_null(p);
        }
    }
    fclose(f);
    *len = n;
    return p;
}

static inline int contains(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(p + i, s, k) == 0)
            return 1;
    return 0;
}

/* The SVG is a complete document librsvg accepts, with labels as paths only. */
static inline void check_svg(const char *path)
{
    size_t n;
    unsigned char *p = read_all(path, &n);
    assert_true(n > 1000);
    assert_memory_equal(p, "<?xml", 5);
    assert_true(contains(p, n, "</svg>"));
    assert_false(contains(p, n, "<script"));
    assert_false(contains(p, n, "<text")); /* every label is an outline */
    assert_true(contains(p, n, "fill-rule=\"nonzero\""));
    GError *ge = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data(p, n, &ge);
    if (!h)
        fail_msg("librsvg rejects %s: %s", path, ge ? ge->message : "?");
    g_object_unref(h);
    free(p);
}

/* 8-bit RGB(A), >= 1600 px wide, antialiased: many intermediate greys. */
static inline void check_png(const char *path)
{
    size_t n;
    unsigned char *p = read_all(path, &n);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    assert_memory_equal(p, sig, 8);
    assert_memory_equal(p + 12, "IHDR", 4);
    unsigned w = (unsigned)p[16] << 24 | (unsigned)p[17] << 16 | (unsigned)p[18] << 8 | p[19];
    assert_true(w >= NTM_CANVAS_MIN_PNG_WIDTH);
    assert_int_equal(p[24], 8);            /* bit depth */
    assert_true(p[25] == 2 || p[25] == 6); /* colour type RGB or RGBA */
    free(p);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    int W = cairo_image_surface_get_width(s), H = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    /* Text is #222222 on white: a 1-bit rasteriser gives only those two greys along
     * glyph edges; an antialiased one gives the levels in between. */
    int seen[256] = {0}, levels = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            const unsigned char *px = d + (size_t)y * (size_t)stride + 4 * (size_t)x;
            if (px[0] == px[1] && px[1] == px[2] && px[0] > 0x22 && px[0] < 0xFF && !seen[px[0]]) {
                seen[px[0]] = 1;
                levels++;
            }
        }
    cairo_surface_destroy(s);
    if (levels < 32)
        fail_msg("%s: only %d intermediate grey levels: not antialiased", path, levels);
}

static inline void check_pdf(const char *path)
{
    size_t n;
    unsigned char *p = read_all(path, &n);
    assert_memory_equal(p, "%PDF-", 5);
    assert_true(contains(p + n - 8, 8, "%%EOF"));
    assert_false(contains(p, n, "/CreationDate"));
    free(p);
}

static inline void check_same(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *pa = read_all(a, &na), *pb = read_all(b, &nb);
    if (na != nb || memcmp(pa, pb, na) != 0)
        fail_msg("%s and %s differ: output is not deterministic", a, b);
    free(pa);
    free(pb);
}

/* The charts' temporary folder: RENDER_TMP_TEMPLATE (a mkdtemp template the including
 * test defines), made before the tests and emptied and removed after them. */
static char g_dir[64];

static inline int render_tmp_setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "%s", RENDER_TMP_TEMPLATE);
    return mkdtemp(g_dir) ? 0 : -1;
}

static inline int render_tmp_teardown(void **state)
{
    (void)state;
    DIR *d = opendir(g_dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char p[512];
            snprintf(p, sizeof p, "%s/%s", g_dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(g_dir);
    return 0;
}

/* GNU libplot 4.4 leaks per-plotter parameter copies and its colour-name cache in
 * pl_deletepl_r (see tests/lsan.supp). These sanitizer hooks apply the same narrow
 * suppressions to the render tests, with the slow unwinder that makes the frames above
 * libplot's _pl_xmalloc visible, so `make unit T=...` needs no options. */
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}
const char *__lsan_default_suppressions(void)
{
    return "leak:_pl_g_copy_params_to_plotter\n"
           "leak:_create_color_name_cache\n"
           "leak:_string_to_color\n";
}

#endif
