/* report_html.c: the meeting pack's HTML writer (see report_html.h). */
#include "render/report_html.h"

#include <string.h>

/* The style sheet. Fonts: the reader's own (DejaVu Sans, Noto Sans, Arial all carry
 * Vietnamese); nothing is fetched. Sizes in pt and mm so print and screen agree. */
static const char STYLE[] =
    "@page{size:A4 portrait;margin:15mm 14mm 16mm 14mm}\n"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{font-family:\"DejaVu Sans\",\"Noto Sans\",Arial,\"Liberation Sans\",sans-serif;"
    "font-size:10.5pt;line-height:1.4;color:#1a1a1a;margin:0 auto;max-width:182mm;"
    "padding:8mm 0}\n"
    "header.cover{border-bottom:3px solid #0072B2;margin-bottom:6mm;padding-bottom:3mm}\n"
    "header.cover h1{font-size:20pt;margin:0 0 2mm 0;color:#0b3d66}\n"
    "header.cover p{margin:1mm 0}\n"
    ".meta{color:#555;font-size:9pt}\n"
    "section{margin-top:8mm}\n"
    "section+section{break-before:page;page-break-before:always}\n"
    "h2{font-size:15pt;color:#0b3d66;border-bottom:1px solid #9cb8d0;padding-bottom:1mm;"
    "margin:0 0 3mm 0;break-after:avoid}\n"
    "h3{font-size:11.5pt;margin:5mm 0 2mm 0;color:#0b3d66;break-after:avoid}\n"
    "p{margin:1.5mm 0}\n"
    "p.lead{font-size:12pt}\n"
    "p.note{font-size:8.5pt;color:#555}\n"
    "p.warn{background:#fff4e0;border-left:4px solid #E69F00;padding:2mm 3mm}\n"
    ".keyfigs{display:flex;flex-wrap:wrap;gap:3mm;margin:3mm 0 4mm 0}\n"
    ".keyfig{flex:1 1 28mm;border:1px solid #c9d6e3;border-radius:2mm;padding:2mm 3mm;"
    "break-inside:avoid}\n"
    ".keyfig .v{font-size:19pt;font-weight:bold;color:#0b3d66}\n"
    ".keyfig.good .v{color:#00734d}.keyfig.bad .v{color:#b33c00}.keyfig.warn .v{color:#a86e00}\n"
    ".keyfig .l{font-size:8.5pt;color:#444}\n"
    "table{border-collapse:collapse;width:100%;margin:2mm 0 4mm 0;font-size:9pt}\n"
    "caption{text-align:left;font-weight:bold;padding:1mm 0;caption-side:top}\n"
    "thead{display:table-header-group}\n"
    "th{background:#dce6f1;text-align:left;vertical-align:bottom;padding:1mm 1.5mm;"
    "border-bottom:1px solid #7f9db9}\n"
    "td{padding:0.8mm 1.5mm;border-bottom:1px solid #e3e8ee;vertical-align:top;"
    "overflow-wrap:break-word}\n"
    "td:nth-child(2){min-width:32mm}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    ".r{text-align:right}.c{text-align:center}td.r{min-width:19mm}\n"
    "td.good{color:#00734d;font-weight:bold}td.bad{color:#b33c00;font-weight:bold}\n"
    "td.warn{color:#a86e00;font-weight:bold}td.muted{color:#777}\n"
    "figure{margin:3mm 0;break-inside:avoid;page-break-inside:avoid}\n"
    "figure img{width:100%;height:auto;border:1px solid #e3e8ee}\n"
    "figcaption{font-size:8.5pt;color:#555}\n"
    "ul{margin:1mm 0 3mm 0;padding-left:6mm}li{margin:0.6mm 0}\n"
    "@media print{body{max-width:none;padding:0}section{margin-top:0}}\n";

/* Decodes one UTF-8 character at S: its length (1-4), or 0 when invalid (overlong,
 * surrogate, above U+10FFFF or cut short). */
static size_t utf8_len(const unsigned char *s, unsigned long *cp)
{
    unsigned c = s[0];
    size_t n;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

void ntm_html_escape(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long cp;
        size_t n = utf8_len(p, &cp);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", out); /* U+FFFD for a byte that is not UTF-8 */
            p++;
            continue;
        }
        switch (cp) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            /* C0 and C1 controls and DEL have no place in a page (tab and newline do). */
            if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0))
                break;
            fwrite(p, 1, n, out);
        }
        p += n;
    }
}

static void close_section(ntm_html *h)
{
    if (h->n_cols)
        ntm_html_table_end(h);
    if (h->in_section)
        fputs("</section>\n", h->out);
    h->in_section = 0;
}

void ntm_html_begin(ntm_html *h, FILE *out, ntm_lang lang, const char *title, const char *subtitle,
                    const char *meta)
{
    memset(h, 0, sizeof *h);
    h->out = out;
    h->lang = lang;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            lang == NTM_LANG_EN ? "en" : "vi");
    /* Belt and braces: even if markup slipped through, no script runs and nothing is
     * fetched from outside the pack's folder. */
    fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "img-src 'self' file: data:; style-src 'unsafe-inline'\">\n",
          out);
    fputs("<meta name=\"generator\" content=\"ntmplan\">\n", out);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
    ntm_html_escape(out, title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header class=\"cover\">\n<h1>",
            STYLE);
    ntm_html_escape(out, title);
    fputs("</h1>\n", out);
    if (subtitle) {
        fputs("<p class=\"lead\">", out);
        ntm_html_escape(out, subtitle);
        fputs("</p>\n", out);
    }
    if (meta) {
        fputs("<p class=\"meta\">", out);
        ntm_html_escape(out, meta);
        fputs("</p>\n", out);
    }
    fputs("</header>\n", out);
}

void ntm_html_section(ntm_html *h, const char *id, const char *heading)
{
    close_section(h);
    fputs("<section id=\"", h->out);
    for (const char *p = id ? id : ""; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-')
            fputc(*p, h->out);
    fputs("\">\n<h2>", h->out);
    ntm_html_escape(h->out, heading);
    fputs("</h2>\n", h->out);
    h->in_section = 1;
}

void ntm_html_h3(ntm_html *h, const char *text)
{
    if (h->n_cols)
        ntm_html_table_end(h);
    fputs("<h3>", h->out);
    ntm_html_escape(h->out, text);
    fputs("</h3>\n", h->out);
}

/* One of the classes the style sheet knows, or NULL. */
static const char *known_class(const char *cls)
{
    static const char *const known[] = {"note", "warn", "lead", "good", "bad", "muted"};
    for (size_t i = 0; cls && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(cls, known[i]) == 0)
            return known[i];
    return NULL;
}

void ntm_html_p(ntm_html *h, const char *text, const char *cls)
{
    cls = known_class(cls);
    if (cls)
        fprintf(h->out, "<p class=\"%s\">", cls);
    else
        fputs("<p>", h->out);
    ntm_html_escape(h->out, text);
    fputs("</p>\n", h->out);
}

void ntm_html_list(ntm_html *h, const char *const *items, size_t n)
{
    if (!n)
        return;
    fputs("<ul>\n", h->out);
    for (size_t i = 0; i < n; i++) {
        fputs("<li>", h->out);
        ntm_html_escape(h->out, items[i]);
        fputs("</li>\n", h->out);
    }
    fputs("</ul>\n", h->out);
}

void ntm_html_keyfigs(ntm_html *h, const ntm_html_keyfig *k, size_t n)
{
    fputs("<div class=\"keyfigs\">\n", h->out);
    for (size_t i = 0; i < n; i++) {
        const char *cls = known_class(k[i].cls);
        fprintf(h->out, "<div class=\"keyfig%s%s\"><div class=\"v\">", cls ? " " : "",
                cls ? cls : "");
        ntm_html_escape(h->out, k[i].value ? k[i].value : NTM_FMT_NONE);
        fputs("</div><div class=\"l\">", h->out);
        ntm_html_escape(h->out, k[i].label);
        fputs("</div></div>\n", h->out);
    }
    fputs("</div>\n", h->out);
}

static const char *align_class(const ntm_html *h, size_t c)
{
    char a = h->align && c < strlen(h->align) ? h->align[c] : 'l';
    return a == 'r' ? " class=\"r\"" : a == 'c' ? " class=\"c\"" : "";
}

void ntm_html_table_begin(ntm_html *h, const char *caption, const char *const *headers, size_t n,
                          const char *align)
{
    if (h->n_cols)
        ntm_html_table_end(h);
    snprintf(h->align_buf, sizeof h->align_buf, "%s", align ? align : "");
    h->align = h->align_buf;
    h->n_cols = n ? n : 1;
    fputs("<table>\n", h->out);
    if (caption) {
        fputs("<caption>", h->out);
        ntm_html_escape(h->out, caption);
        fputs("</caption>\n", h->out);
    }
    fputs("<thead><tr>", h->out);
    for (size_t c = 0; c < n; c++) {
        fprintf(h->out, "<th%s>", align_class(h, c));
        ntm_html_escape(h->out, headers[c]);
        fputs("</th>", h->out);
    }
    fputs("</tr></thead>\n<tbody>\n", h->out);
}

void ntm_html_row(ntm_html *h, const char *const *cells, const char *const *classes)
{
    if (!h->n_cols)
        return;
    fputs("<tr>", h->out);
    for (size_t c = 0; c < h->n_cols; c++) {
        const char *cls = classes ? known_class(classes[c]) : NULL;
        const char *al = align_class(h, c);
        char a = h->align && c < strlen(h->align) ? h->align[c] : 'l';
        if (cls && (a == 'r' || a == 'c'))
            fprintf(h->out, "<td class=\"%c %s\">", a, cls);
        else if (cls)
            fprintf(h->out, "<td class=\"%s\">", cls);
        else
            fprintf(h->out, "<td%s>", al);
        ntm_html_escape(h->out, cells[c] ? cells[c] : NTM_FMT_NONE);
        fputs("</td>", h->out);
    }
    fputs("</tr>\n", h->out);
}

void ntm_html_table_end(ntm_html *h)
{
    if (!h->n_cols)
        return;
    fputs("</tbody>\n</table>\n", h->out);
    h->n_cols = 0;
    h->align = NULL;
}

void ntm_html_figure(ntm_html *h, const char *src, const char *alt, const char *caption)
{
    if (h->n_cols)
        ntm_html_table_end(h);
    fputs("<figure><img src=\"", h->out);
    ntm_html_escape(h->out, src);
    fputs("\" alt=\"", h->out);
    ntm_html_escape(h->out, alt);
    fputs("\">", h->out);
    if (caption) {
        fputs("<figcaption>", h->out);
        ntm_html_escape(h->out, caption);
        fputs("</figcaption>", h->out);
    }
    fputs("</figure>\n", h->out);
}

void ntm_html_raw(ntm_html *h, const char *markup)
{
    fputs(markup, h->out);
}

ntm_status ntm_html_end(ntm_html *h, ntm_error *err)
{
    close_section(h);
    fputs("</body>\n</html>\n", h->out);
    if (fflush(h->out) != 0 || ferror(h->out))
        return ntm_error_set(err, NTM_EIO, "cannot write the report page");
    return NTM_OK;
}
