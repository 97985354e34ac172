/* xlsx.c: the cells of an .xlsx workbook (see xlsx.h). libzip opens the container,
 * libxml2's xmlTextReader streams each part straight out of the ZIP (a part is never
 * held whole in memory); the sheet logic is here. */
#include "io/xlsx.h"

#include <libxml/xmlreader.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/i18n.h"
#include "io/text.h"

/* Parts smaller than this are not checked for their compression ratio: repeated markup
 * compresses well and a part this small is harmless (the cell limit still applies). */
#define RATIO_MIN_BYTES ((zip_uint64_t)16 * 1024 * 1024)
/* Bytes of a CFB file searched for the names of an encrypted package's streams. */
#define CFB_SCAN_BYTES ((size_t)16 * 1024 * 1024)

static const unsigned char CFB_SIG[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* A growing string with a cap. */
typedef struct sbuf {
    char *s;
    size_t n, cap;
    int over; /* text past NTM_XLSX_MAX_CELL was dropped */
} sbuf;

static int sbuf_add(sbuf *b, const char *s)
{
    size_t len = strlen(s);
    if (b->n + len > NTM_XLSX_MAX_CELL) {
        b->over = 1;
        return 0;
    }
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + len + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, len + 1);
    b->n += len;
    return 0;
}

static const char *sbuf_str(const sbuf *b)
{
    return b->s ? b->s : "";
}

/* The state of one read. */
typedef struct xr {
    const char *path;
    zip_t *zip;
    ntm_xlsx *out;
    ntm_error *err;
    char **sst; /* shared strings */
    size_t n_sst, cap_sst;
    unsigned char *xf_date; /* per cell style: 1 when its number format is a date */
    size_t n_xf;
    zip_uint64_t total; /* bytes read from all parts */
    size_t n_cells;
    const char *part;  /* the part being read, for messages */
    char xml_msg[256]; /* libxml2's first complaint about it */
} xr;

/* ---- parts: a ZIP entry streamed into the XML reader, its size counted ------------------- */

typedef struct part {
    xr *x;
    zip_file_t *zf;
    zip_uint64_t read, comp, size; /* bytes read; compressed and uncompressed sizes the
                                      ZIP declares (0: not known) */
    int over;                      /* the part expanded past the limit */
} part;

static int part_read(void *ctx, char *buf, int len)
{
    part *p = ctx;
    zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0)
        return -1;
    p->read += (zip_uint64_t)n;
    p->x->total += (zip_uint64_t)n;
    /* Counted again while reading: a ZIP may declare sizes it does not keep. */
    if (p->read > NTM_XLSX_MAX_PART || p->x->total > NTM_XLSX_MAX_TOTAL ||
        (p->size && p->read > p->size) ||
        (p->read > RATIO_MIN_BYTES && p->comp && p->read / p->comp > NTM_XLSX_MAX_RATIO)) {
        p->over = 1;
        return -1;
    }
    return (int)n;
}

static int part_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static void xml_error(void *arg, const char *msg, xmlParserSeverities sev,
                      xmlTextReaderLocatorPtr loc)
{
    xr *x = arg;
    (void)loc;
    if (sev != XML_PARSER_SEVERITY_ERROR && sev != XML_PARSER_SEVERITY_VALIDITY_ERROR)
        return;
    if (!x->xml_msg[0]) {
        snprintf(x->xml_msg, sizeof x->xml_msg, "%s", msg);
        x->xml_msg[strcspn(x->xml_msg, "\n")] = '\0';
    }
}

static ntm_status fail(xr *x, ntm_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static ntm_status fail(xr *x, ntm_status st, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ntm_error_set(x->err, st, "%s: %s", x->path, msg);
}

/* Checks the sizes NAME's ZIP entry declares against the limits. */
static ntm_status check_sizes(xr *x, zip_int64_t idx, const char *name)
{
    zip_stat_t sb;
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &sb) != 0)
        return fail(x, NTM_EINPUT, _("%s cannot be read in the ZIP container"), name);
    if ((sb.valid & ZIP_STAT_SIZE) && sb.size > NTM_XLSX_MAX_PART)
        return fail(x, NTM_EINPUT,
                    _("%s would expand to %llu MiB, more than the %zu MiB a part may have; "
                      "the file is refused"),
                    name, (unsigned long long)(sb.size >> 20), NTM_XLSX_MAX_PART >> 20);
    if ((sb.valid & ZIP_STAT_SIZE) && (sb.valid & ZIP_STAT_COMP_SIZE) &&
        sb.size > RATIO_MIN_BYTES &&
        (sb.comp_size == 0 || sb.size / sb.comp_size > NTM_XLSX_MAX_RATIO))
        return fail(x, NTM_EINPUT,
                    _("%s expands %llu times (%llu bytes to %llu MiB): a zip bomb, not a "
                      "workbook; the file is refused"),
                    name, (unsigned long long)(sb.comp_size ? sb.size / sb.comp_size : 0),
                    (unsigned long long)sb.comp_size, (unsigned long long)(sb.size >> 20));
    if ((sb.valid & ZIP_STAT_SIZE) && x->total + sb.size > NTM_XLSX_MAX_TOTAL)
        return fail(x, NTM_EINPUT, _("the workbook's parts expand to more than %zu MiB"),
                    NTM_XLSX_MAX_TOTAL >> 20);
    return NTM_OK;
}

/* Opens part NAME for reading. *READER is NULL (and NTM_OK returned) when the part is
 * absent and not REQUIRED. */
static ntm_status open_part(xr *x, const char *name, int required, part *p,
                            xmlTextReaderPtr *reader)
{
    *reader = NULL;
    memset(p, 0, sizeof *p);
    p->x = x;
    zip_int64_t idx = zip_name_locate(x->zip, name, 0);
    if (idx < 0)
        return required
                   ? fail(x, NTM_EINPUT, _("%s is missing: this is not an Excel workbook"), name)
                   : NTM_OK;
    ntm_status rc = check_sizes(x, idx, name);
    if (rc != NTM_OK)
        return rc;
    zip_stat_t sb;
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &sb) == 0) {
        p->comp = (sb.valid & ZIP_STAT_COMP_SIZE) ? sb.comp_size : 0;
        p->size = (sb.valid & ZIP_STAT_SIZE) ? sb.size : 0;
    }
    p->zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!p->zf) {
        if (zip_error_code_zip(zip_get_error(x->zip)) == ZIP_ER_NOPASSWD)
            return fail(x, NTM_EINPUT, "%s",
                        _("the file is password-protected: remove the password and save it "
                          "again"));
        return fail(x, NTM_EINPUT, _("%s cannot be read: %s"), name, zip_strerror(x->zip));
    }
    x->part = name;
    x->xml_msg[0] = '\0';
    /* No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD, no
     * XML_PARSE_HUGE (libxml2's own size limits stay on), no network. */
    *reader = xmlReaderForIO(part_read, part_close, p, name, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!*reader) {
        zip_fclose(p->zf);
        return fail(x, NTM_ENOMEM, "%s", _("out of memory"));
    }
    xmlTextReaderSetErrorHandler(*reader, xml_error, x);
    return NTM_OK;
}

static void close_part(part *p, xmlTextReaderPtr reader)
{
    if (reader)
        xmlFreeTextReader(reader);
    if (p->zf)
        zip_fclose(p->zf);
    p->zf = NULL;
}

/* The error for a read that stopped (xmlTextReaderRead returned -1). */
static ntm_status part_failed(xr *x, const part *p, xmlTextReaderPtr r)
{
    if (p->over)
        return fail(x, NTM_EINPUT,
                    _("%s expands to more than its ZIP entry declares, or past the limits "
                      "(%zu MiB, %d times its size): a zip bomb, not a workbook; the file is "
                      "refused"),
                    x->part, NTM_XLSX_MAX_PART >> 20, NTM_XLSX_MAX_RATIO);
    if (strstr(x->xml_msg, "huge text") || strstr(x->xml_msg, "too long"))
        return fail(x, NTM_EINPUT,
                    _("%s:%d: a text of more than 10 MB, more than a cell may hold (Excel's "
                      "own limit is 32.767 characters); the file is refused"),
                    x->part, xmlTextReaderGetParserLineNumber(r));
    if (strstr(x->xml_msg, "ntit")) /* entity loops, amplification: a DTD's doing */
        return fail(x, NTM_EINPUT,
                    _("%s:%d: the XML declares entities (a document type declaration), which "
                      "workbooks never have; the file is refused"),
                    x->part, xmlTextReaderGetParserLineNumber(r));
    return fail(x, NTM_EINPUT, _("%s:%d: the XML cannot be read: %s"), x->part,
                xmlTextReaderGetParserLineNumber(r), x->xml_msg[0] ? x->xml_msg : "?");
}

/* Next node; a document type declaration (never in a workbook; the way to entity
 * expansion attacks) ends the read. Returns 1, 0 at the end, -1 with ERR set. */
static int next_node(xr *x, const part *p, xmlTextReaderPtr r)
{
    int rc = xmlTextReaderRead(r);
    if (rc < 0) {
        part_failed(x, p, r);
        return -1;
    }
    if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) {
        fail(x, NTM_EINPUT,
             _("%s has a document type declaration (DTD), which workbooks never have; the "
               "file is refused"),
             x->part);
        return -1;
    }
    return rc;
}

static int is_elem(xmlTextReaderPtr r, const char *local)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0;
}

/* The value of attribute LOCAL (any namespace) of the current element, or NULL. The
 * string is libxml2's: valid until the next read. */
static const char *attr(xmlTextReaderPtr r, const char *local)
{
    const char *val = NULL;
    if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
        do {
            if (strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0)
                val = (const char *)xmlTextReaderConstValue(r);
        } while (!val && xmlTextReaderMoveToNextAttribute(r) == 1);
        xmlTextReaderMoveToElement(r);
    }
    return val;
}

static char *attr_dup(xmlTextReaderPtr r, const char *local)
{
    const char *v = attr(r, local);
    return v ? strdup(v) : NULL;
}

/* Reads the text inside the current element up to its end into B. With ONLY_T, only
 * text inside <t> elements counts, and never inside <rPh> (phonetic runs). Returns 0,
 * or -1 with ERR set. */
static int element_text(xr *x, const part *p, xmlTextReaderPtr r, int only_t, sbuf *b)
{
    if (xmlTextReaderIsEmptyElement(r))
        return 0;
    int depth = xmlTextReaderDepth(r);
    int t_depth = -1, rph_depth = -1;
    for (;;) {
        int rc = next_node(x, p, r);
        if (rc <= 0)
            return rc < 0 ? -1 : 0;
        int type = xmlTextReaderNodeType(r), d = xmlTextReaderDepth(r);
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (d == depth)
                return 0;
            if (d == t_depth)
                t_depth = -1;
            if (d == rph_depth)
                rph_depth = -1;
        } else if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(r)) {
            const char *name = (const char *)xmlTextReaderConstLocalName(r);
            if (strcmp(name, "t") == 0 && t_depth < 0)
                t_depth = d;
            else if (strcmp(name, "rPh") == 0 && rph_depth < 0)
                rph_depth = d;
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            if ((only_t && t_depth < 0) || rph_depth >= 0)
                continue;
            if (sbuf_add(b, (const char *)xmlTextReaderConstValue(r)) != 0) {
                fail(x, NTM_ENOMEM, "%s", _("out of memory"));
                return -1;
            }
        }
    }
}

/* ---- dates and formats ------------------------------------------------------------------ */

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm, proleptic Gregorian). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int ntm_xlsx_serial_date(double serial, int date1904, int *year, int *month, int *day)
{
    if (!isfinite(serial))
        return -1;
    double whole = floor(serial);
    /* 2958465 is 9999-12-31 in the 1900 system, 2957003 in the 1904 one. */
    if (whole < (date1904 ? 0 : 1) || whole > (date1904 ? 2957003 : 2958465))
        return -1;
    long s = (long)whole;
    if (date1904) { /* 1904-01-01 is 24107 days before 1970-01-01 (66 years, 17 leap) */
        civil_from_days(s - 24107, year, month, day);
        return 0;
    }
    if (s == 60) { /* the 29 February 1900 Excel believes in */
        *year = 1900;
        *month = 2;
        *day = 29;
        return 0;
    }
    /* 1899-12-31 is day -25568; after the fictitious day every serial is one too many. */
    civil_from_days(s - 25568 - (s > 60), year, month, day);
    return 0;
}

int ntm_xlsx_format_is_date(long id, const char *code)
{
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))
        return 1;
    if (!code)
        return 0;
    int quoted = 0;
    for (const char *c = code; *c; c++) {
        if (quoted) {
            quoted = *c != '"';
        } else if (*c == '"') {
            quoted = 1;
        } else if (*c == '\\' || *c == '_' || *c == '*') {
            if (c[1])
                c++; /* an escaped character, a space as wide as one, a fill */
        } else if (*c == '[') {
            const char *end = strchr(c, ']');
            if (!end)
                return 0;
            c = end; /* a colour, a condition or a locale */
        } else if (strchr("dmyhsDMYHS", *c)) {
            return 1;
        }
    }
    return 0;
}

void ntm_xlsx_cell_ref(long row, long col, char *buf, size_t size)
{
    char letters[8];
    int n = 0;
    for (long c = col; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    char rev[8];
    for (int i = 0; i < n; i++)
        rev[i] = letters[n - 1 - i];
    rev[n] = '\0';
    snprintf(buf, size, "%s%ld", rev, row);
}

/* Parses a reference "C7" into ROW and COL. Returns 0, or -1 when it is not one. */
static int parse_ref(const char *s, long *row, long *col)
{
    long c = 0, r = 0;
    const char *p = s;
    for (; *p >= 'A' && *p <= 'Z' && c <= 16384; p++)
        c = c * 26 + (*p - 'A' + 1);
    if (p == s || c > 16384)
        return -1;
    const char *digits = p;
    for (; *p >= '0' && *p <= '9' && r <= NTM_XLSX_MAX_ROWS; p++)
        r = r * 10 + (*p - '0');
    if (p == digits || *p || r < 1)
        return -1;
    *row = r;
    *col = c;
    return 0;
}

/* ---- workbook-wide parts ---------------------------------------------------------------- */

static ntm_status read_shared_strings(xr *x, const char *name)
{
    part p;
    xmlTextReaderPtr r;
    ntm_status rc = open_part(x, name, 0, &p, &r);
    if (rc != NTM_OK || !r)
        return rc;
    int got;
    while ((got = next_node(x, &p, r)) == 1) {
        if (!is_elem(r, "si"))
            continue;
        sbuf b = {0};
        if (element_text(x, &p, r, 1, &b) != 0) {
            free(b.s);
            got = -1;
            break;
        }
        if (b.over) {
            free(b.s);
            rc = fail(x, NTM_EINPUT,
                      _("%s: shared text %zu is longer than %d KiB (Excel's own limit is 32.767 "
                        "characters); the file is refused"),
                      name, x->n_sst + 1, NTM_XLSX_MAX_CELL / 1024);
            got = -1;
            break;
        }
        if (x->n_sst == x->cap_sst) {
            size_t cap = x->cap_sst ? 2 * x->cap_sst : 256;
            char **s = (size_t)NTM_XLSX_MAX_CELLS < cap ? NULL : realloc(x->sst, cap * sizeof *s);
            if (!s) {
                free(b.s);
                rc = fail(x, NTM_EINPUT, _("%s holds more than %ld texts"), name,
                          NTM_XLSX_MAX_CELLS);
                got = -1;
                break;
            }
            x->sst = s;
            x->cap_sst = cap;
        }
        x->sst[x->n_sst++] = b.s ? b.s : strdup("");
    }
    close_part(&p, r);
    return got < 0 ? (x->err ? x->err->status : NTM_EINPUT) : NTM_OK;
}

/* A custom number format read from styles.xml. */
typedef struct numfmt {
    long id;
    char *code;
} numfmt;

static int xf_is_date(long id, const numfmt *fmts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fmts[i].id == id)
            return ntm_xlsx_format_is_date(id, fmts[i].code);
    return ntm_xlsx_format_is_date(id, NULL);
}

static ntm_status read_styles(xr *x, const char *name)
{
    part p;
    xmlTextReaderPtr r;
    ntm_status rc = open_part(x, name, 0, &p, &r);
    if (rc != NTM_OK || !r)
        return rc;
    numfmt fmts[512];
    size_t n_fmts = 0, cap_xf = 0;
    int in_cellxfs = 0, got;
    while ((got = next_node(x, &p, r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        const char *local = (const char *)xmlTextReaderConstLocalName(r);
        if (type == XML_READER_TYPE_END_ELEMENT && strcmp(local, "cellXfs") == 0)
            in_cellxfs = 0;
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (strcmp(local, "numFmt") == 0 && n_fmts < sizeof fmts / sizeof fmts[0]) {
            const char *id = attr(r, "numFmtId");
            fmts[n_fmts].id = id ? strtol(id, NULL, 10) : -1;
            fmts[n_fmts].code = attr_dup(r, "formatCode");
            n_fmts++;
        } else if (strcmp(local, "cellXfs") == 0) {
            in_cellxfs = !xmlTextReaderIsEmptyElement(r);
        } else if (in_cellxfs && strcmp(local, "xf") == 0) {
            if (x->n_xf == cap_xf) {
                cap_xf = cap_xf ? 2 * cap_xf : 64;
                unsigned char *d = cap_xf > 1000000 ? NULL : realloc(x->xf_date, cap_xf);
                if (!d) {
                    rc = fail(x, NTM_EINPUT, _("%s holds too many cell styles"), name);
                    got = -1;
                    break;
                }
                x->xf_date = d;
            }
            const char *id = attr(r, "numFmtId");
            x->xf_date[x->n_xf++] =
                (unsigned char)xf_is_date(id ? strtol(id, NULL, 10) : 0, fmts, n_fmts);
        }
    }
    for (size_t i = 0; i < n_fmts; i++)
        free(fmts[i].code);
    close_part(&p, r);
    return got < 0 ? (x->err ? x->err->status : NTM_EINPUT) : NTM_OK;
}

/* A sheet listed in workbook.xml, and the relationship that locates it. */
typedef struct sheet_ref {
    char *name, *rid, *target;
} sheet_ref;

/* Resolves a relationship TARGET against the folder "xl/" into a ZIP entry name. */
static char *resolve_target(const char *target)
{
    if (target[0] == '/')
        return strdup(target + 1);
    size_t n = strlen(target) + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "xl/%s", target);
    return s;
}

static ntm_status read_workbook(xr *x, sheet_ref **refs, size_t *n_refs)
{
    part p;
    xmlTextReaderPtr r;
    ntm_status rc = open_part(x, "xl/workbook.xml", 1, &p, &r);
    if (rc != NTM_OK)
        return rc;
    size_t cap = 0;
    int got;
    while ((got = next_node(x, &p, r)) == 1) {
        if (is_elem(r, "workbookPr")) {
            const char *v = attr(r, "date1904");
            x->out->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        } else if (is_elem(r, "sheet")) {
            if (*n_refs == cap) {
                cap = cap ? 2 * cap : 8;
                sheet_ref *s = cap > 4096 ? NULL : realloc(*refs, cap * sizeof *s);
                if (!s) {
                    rc = fail(x, NTM_EINPUT, "%s", _("the workbook has too many sheets"));
                    got = -1;
                    break;
                }
                *refs = s;
            }
            sheet_ref *s = &(*refs)[(*n_refs)++];
            s->name = attr_dup(r, "name");
            s->rid = attr_dup(r, "id");
            s->target = NULL;
        }
    }
    close_part(&p, r);
    return got < 0 ? (x->err ? x->err->status : NTM_EINPUT) : NTM_OK;
}

/* Reads xl/_rels/workbook.xml.rels: each sheet's part, and the shared strings' and
 * styles' parts (*SST and *STYLES, defaults when not named). */
static ntm_status read_rels(xr *x, sheet_ref *refs, size_t n_refs, char **sst, char **styles)
{
    part p;
    xmlTextReaderPtr r;
    ntm_status rc = open_part(x, "xl/_rels/workbook.xml.rels", 0, &p, &r);
    if (rc != NTM_OK || !r)
        return rc;
    int got;
    while ((got = next_node(x, &p, r)) == 1) {
        if (!is_elem(r, "Relationship"))
            continue;
        const char *id = attr(r, "Id"), *type = attr(r, "Type"), *target = attr(r, "Target");
        if (!id || !type || !target)
            continue;
        char *tid = strdup(id), *ttype = strdup(type), *path = resolve_target(target);
        size_t tl = ttype ? strlen(ttype) : 0;
        if (ttype && tl >= 14 && strcmp(ttype + tl - 14, "/sharedStrings") == 0 && path) {
            free(*sst);
            *sst = path;
            path = NULL;
        } else if (ttype && tl >= 7 && strcmp(ttype + tl - 7, "/styles") == 0 && path) {
            free(*styles);
            *styles = path;
            path = NULL;
        }
        for (size_t i = 0; i < n_refs && path && tid; i++)
            if (refs[i].rid && !refs[i].target && strcmp(refs[i].rid, tid) == 0) {
                refs[i].target = path;
                path = NULL;
            }
        free(path);
        free(tid);
        free(ttype);
    }
    close_part(&p, r);
    return got < 0 ? (x->err ? x->err->status : NTM_EINPUT) : NTM_OK;
}

/* ---- worksheets ------------------------------------------------------------------------- */

/* The shortest decimal text that reads back as V ("12.21", "1784"). */
static void number_text(double v, char *buf, size_t size)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* A cell's raw parts, as read from <c>. */
typedef struct raw_cell {
    long row, col;
    char type[16];
    long style;
    sbuf v, f, is;
    int has_v, has_f, has_is;
} raw_cell;

static void raw_release(raw_cell *c)
{
    free(c->v.s);
    free(c->f.s);
    free(c->is.s);
}

static int sheet_add(xr *x, ntm_xlsx_sheet *sh, size_t *cap, const ntm_xlsx_cell *c)
{
    if (x->n_cells >= (size_t)NTM_XLSX_MAX_CELLS) {
        fail(x, NTM_EINPUT,
             _("sheet '%s' has more than %ld cells with a value (the limit for a workbook); "
               "split the data into several files"),
             sh->name, NTM_XLSX_MAX_CELLS);
        return -1;
    }
    if (sh->n_cells == *cap) {
        size_t ncap = *cap ? 2 * *cap : 256;
        ntm_xlsx_cell *p = realloc(sh->cells, ncap * sizeof *p);
        if (!p) {
            fail(x, NTM_ENOMEM, "%s", _("out of memory"));
            return -1;
        }
        sh->cells = p;
        *cap = ncap;
    }
    sh->cells[sh->n_cells++] = *c;
    x->n_cells++;
    return 0;
}

/* Turns a raw cell into a typed one. Returns 1 when it has a value, 0 when it is empty,
 * -1 with ERR set. */
static int type_cell(xr *x, const ntm_xlsx_sheet *sh, const raw_cell *rc, ntm_xlsx_cell *out)
{
    char ref[16];
    ntm_xlsx_cell_ref(rc->row, rc->col, ref, sizeof ref);
    if (rc->v.over || rc->is.over || rc->f.over) {
        fail(x, NTM_EINPUT,
             _("sheet '%s', cell %s: holds more than %d KiB of text (Excel's own limit is "
               "32.767 characters); the file is refused"),
             sh->name, ref, NTM_XLSX_MAX_CELL / 1024);
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->row = rc->row;
    out->col = rc->col;
    out->num = NAN;
    out->formula = rc->has_f;
    const char *t = rc->type[0] ? rc->type : "n";
    const char *v = sbuf_str(&rc->v);
    char buf[64];
    const char *text = NULL;
    if (rc->has_f && !rc->has_v && strcmp(t, "inlineStr") != 0) {
        out->type = NTM_XLSX_ERROR;
        text = rc->f.s ? sbuf_str(&rc->f) : "";
        char *s = malloc(strlen(text) + 2);
        if (!s)
            return -1;
        snprintf(s, strlen(text) + 2, "=%s", text);
        out->text = s;
        return 1;
    }
    if (strcmp(t, "s") == 0) {
        char *end;
        long i = strtol(v, &end, 10);
        if (end == v || *end || i < 0 || (size_t)i >= x->n_sst) {
            fail(x, NTM_EINPUT,
                 _("sheet '%s', cell %s: refers to shared text %s, which the "
                   "workbook does not have"),
                 sh->name, ref, v);
            return -1;
        }
        out->type = NTM_XLSX_TEXT;
        text = x->sst[i];
    } else if (strcmp(t, "inlineStr") == 0) {
        out->type = NTM_XLSX_TEXT;
        text = sbuf_str(&rc->is);
    } else if (strcmp(t, "str") == 0) {
        out->type = NTM_XLSX_TEXT;
        text = v;
    } else if (strcmp(t, "b") == 0) {
        out->type = NTM_XLSX_BOOL;
        out->num = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
        text = out->num ? "TRUE" : "FALSE";
    } else if (strcmp(t, "e") == 0) {
        out->type = NTM_XLSX_ERROR;
        text = v;
    } else if (strcmp(t, "d") == 0) { /* an ISO 8601 date (strict OOXML, some writers) */
        out->type = NTM_XLSX_DATE;
        snprintf(buf, sizeof buf, "%.10s", v);
        text = buf;
    } else {
        if (!*v)
            return 0;
        char *end;
        double d = strtod(v, &end);
        if (end == v || *end || !isfinite(d)) {
            fail(x, NTM_EINPUT, _("sheet '%s', cell %s: '%s' is not a number"), sh->name, ref, v);
            return -1;
        }
        out->num = d;
        int y, m, dd;
        if (rc->style >= 0 && (size_t)rc->style < x->n_xf && x->xf_date[rc->style] &&
            ntm_xlsx_serial_date(d, x->out->date1904, &y, &m, &dd) == 0) {
            out->type = NTM_XLSX_DATE;
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
        } else {
            out->type = NTM_XLSX_NUMBER;
            number_text(d, buf, sizeof buf);
        }
        text = buf;
    }
    char *norm = ntm_text_nfc(text);
    out->text = norm ? norm : strdup(text);
    if (!out->text) {
        fail(x, NTM_ENOMEM, "%s", _("out of memory"));
        return -1;
    }
    if (!*out->text && out->type != NTM_XLSX_ERROR) {
        free(out->text);
        out->text = NULL;
        return 0;
    }
    return 1;
}

/* Reads the children of the current <c> element into RC. Returns 0 or -1. */
static int read_cell_parts(xr *x, const part *p, xmlTextReaderPtr r, raw_cell *rc)
{
    if (xmlTextReaderIsEmptyElement(r))
        return 0;
    int depth = xmlTextReaderDepth(r);
    for (;;) {
        int got = next_node(x, p, r);
        if (got <= 0)
            return got < 0 ? -1 : 0;
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)
            return 0;
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        int bad = 0;
        if (strcmp(name, "v") == 0) {
            rc->has_v = 1;
            bad = element_text(x, p, r, 0, &rc->v);
        } else if (strcmp(name, "f") == 0) {
            rc->has_f = 1;
            bad = element_text(x, p, r, 0, &rc->f);
        } else if (strcmp(name, "is") == 0) {
            rc->has_is = 1;
            bad = element_text(x, p, r, 1, &rc->is);
        }
        if (bad)
            return -1;
    }
}

/* Reads the attributes of <c> into RC: its reference (or the one after the previous
 * cell), type and style. Returns 0, or -1 with ERR set. */
static int read_cell_attrs(xr *x, const ntm_xlsx_sheet *sh, xmlTextReaderPtr r, long row,
                           long prev_col, raw_cell *rc)
{
    const char *ref = attr(r, "r");
    rc->row = row;
    rc->col = prev_col + 1;
    if (ref) {
        long rr, cc;
        if (parse_ref(ref, &rr, &cc) != 0) {
            fail(x, NTM_EINPUT,
                 _("sheet '%s': '%s' is not a cell reference (or lies past row "
                   "%ld, the last Excel has)"),
                 sh->name, ref, NTM_XLSX_MAX_ROWS);
            return -1;
        }
        rc->row = rr;
        rc->col = cc;
    }
    const char *t = attr(r, "t");
    snprintf(rc->type, sizeof rc->type, "%s", t ? t : "");
    const char *s = attr(r, "s");
    rc->style = s ? strtol(s, NULL, 10) : 0;
    return 0;
}

static int cmp_cell(const void *pa, const void *pb)
{
    const ntm_xlsx_cell *a = pa, *b = pb;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

/* Puts SH's cells in row, then column order (writers keep it; the format does not
 * require it). */
static void sort_cells(ntm_xlsx_sheet *sh)
{
    for (size_t i = 1; i < sh->n_cells; i++)
        if (cmp_cell(&sh->cells[i - 1], &sh->cells[i]) > 0) {
            qsort(sh->cells, sh->n_cells, sizeof *sh->cells, cmp_cell);
            return;
        }
}

static ntm_status read_sheet(xr *x, const char *partname, ntm_xlsx_sheet *sh)
{
    part p;
    xmlTextReaderPtr r;
    ntm_status st = open_part(x, partname, 1, &p, &r);
    if (st != NTM_OK)
        return st;
    size_t cap = 0;
    long row = 0, prev_col = 0;
    int got;
    while ((got = next_node(x, &p, r)) == 1) {
        if (is_elem(r, "row")) {
            const char *rs = attr(r, "r");
            long rr = rs ? strtol(rs, NULL, 10) : row + 1;
            if (rr < 1 || rr > NTM_XLSX_MAX_ROWS) {
                fail(x, NTM_EINPUT,
                     _("sheet '%s': row %ld lies past row %ld, the last Excel "
                       "has"),
                     sh->name, rr, NTM_XLSX_MAX_ROWS);
                got = -1;
                break;
            }
            row = rr;
            prev_col = 0;
        } else if (is_elem(r, "c")) {
            raw_cell rc = {0};
            ntm_xlsx_cell c;
            int ok = read_cell_attrs(x, sh, r, row ? row : 1, prev_col, &rc) == 0 &&
                     read_cell_parts(x, &p, r, &rc) == 0;
            int has = ok ? type_cell(x, sh, &rc, &c) : -1;
            prev_col = rc.col;
            raw_release(&rc);
            if (has < 0 || (has == 1 && sheet_add(x, sh, &cap, &c) != 0)) {
                if (has == 1)
                    free(c.text);
                got = -1;
                break;
            }
        }
    }
    close_part(&p, r);
    sort_cells(sh);
    return got < 0 ? (x->err ? x->err->status : NTM_EINPUT) : NTM_OK;
}

/* ---- the whole file --------------------------------------------------------------------- */

/* Searches the first bytes of F for NAME written in UTF-16LE (how CFB names streams). */
static int cfb_has_stream(const unsigned char *buf, size_t n, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i + 2 * len <= n; i++) {
        size_t k = 0;
        while (k < len && buf[i + 2 * k] == (unsigned char)name[k] && buf[i + 2 * k + 1] == 0)
            k++;
        if (k == len)
            return 1;
    }
    return 0;
}

/* An OLE2 (CFB) file: an encrypted (password-protected) workbook or an old .xls. */
static ntm_status refuse_cfb(xr *x, FILE *f)
{
    unsigned char *buf = malloc(CFB_SCAN_BYTES);
    size_t n = buf ? fread(buf, 1, CFB_SCAN_BYTES, f) : 0;
    int encrypted = buf && (cfb_has_stream(buf, n, "EncryptedPackage") ||
                            cfb_has_stream(buf, n, "EncryptionInfo"));
    free(buf);
    if (encrypted)
        return fail(x, NTM_EINPUT, "%s",
                    _("the workbook is password-protected (encrypted), so it cannot be read: "
                      "open it in Excel, remove the password (File > Info > Protect Workbook "
                      "> Encrypt with Password, empty) and save it again"));
    return fail(x, NTM_EINPUT, "%s",
                _("this is an Excel 97-2003 workbook (.xls), not an .xlsx: open it in Excel "
                  "or LibreOffice Calc and save it as \"Excel Workbook (*.xlsx)\""));
}

int ntm_xlsx_is_workbook(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char sig[8] = {0};
    size_t n = fread(sig, 1, sizeof sig, f);
    fclose(f);
    return (n == 8 && memcmp(sig, CFB_SIG, 8) == 0) ||
           (n >= 4 && sig[0] == 'P' && sig[1] == 'K' && sig[2] == 3 && sig[3] == 4);
}

/* Opens the ZIP at X->path, refusing what is not one. */
static ntm_status open_zip(xr *x)
{
    FILE *f = fopen(x->path, "rb");
    if (!f)
        return fail(x, NTM_EIO, "%s", _("cannot open the file"));
    unsigned char sig[8] = {0};
    size_t n = fread(sig, 1, sizeof sig, f);
    if (n == 8 && memcmp(sig, CFB_SIG, 8) == 0) {
        ntm_status rc = refuse_cfb(x, f);
        fclose(f);
        return rc;
    }
    fclose(f);
    int zerr = 0;
    x->zip = zip_open(x->path, ZIP_RDONLY, &zerr);
    if (!x->zip)
        return fail(x, NTM_EINPUT, "%s",
                    _("not an Excel workbook (.xlsx): the file is not a ZIP container"));
    if (zip_get_num_entries(x->zip, 0) > 10000)
        return fail(x, NTM_EINPUT, "%s", _("the ZIP container has too many entries"));
    return NTM_OK;
}

static void release_refs(sheet_ref *refs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(refs[i].name);
        free(refs[i].rid);
        free(refs[i].target);
    }
    free(refs);
}

static ntm_status read_all(xr *x)
{
    ntm_status rc = open_zip(x);
    sheet_ref *refs = NULL;
    size_t n_refs = 0;
    char *sst = strdup("xl/sharedStrings.xml"), *styles = strdup("xl/styles.xml");
    if (rc == NTM_OK && (!sst || !styles))
        rc = fail(x, NTM_ENOMEM, "%s", _("out of memory"));
    if (rc == NTM_OK)
        rc = read_workbook(x, &refs, &n_refs);
    if (rc == NTM_OK)
        rc = read_rels(x, refs, n_refs, &sst, &styles);
    if (rc == NTM_OK)
        rc = read_shared_strings(x, sst);
    if (rc == NTM_OK)
        rc = read_styles(x, styles);
    if (rc == NTM_OK && n_refs) {
        x->out->sheets = calloc(n_refs, sizeof *x->out->sheets);
        if (!x->out->sheets)
            rc = fail(x, NTM_ENOMEM, "%s", _("out of memory"));
    }
    for (size_t i = 0; rc == NTM_OK && i < n_refs; i++) {
        ntm_xlsx_sheet *sh = &x->out->sheets[x->out->n_sheets++];
        char *nfc = refs[i].name ? ntm_text_nfc(refs[i].name) : NULL;
        sh->name = nfc ? nfc : strdup("?");
        if (!refs[i].target)
            rc = fail(x, NTM_EINPUT, _("sheet '%s' has no part in the workbook"), sh->name);
        else
            rc = read_sheet(x, refs[i].target, sh);
    }
    release_refs(refs, n_refs);
    free(sst);
    free(styles);
    return rc;
}

ntm_status ntm_xlsx_read(const char *path, ntm_xlsx *out, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    xr x = {.path = path, .out = out, .err = err};
    ntm_status rc = read_all(&x);
    if (x.zip)
        zip_discard(x.zip);
    for (size_t i = 0; i < x.n_sst; i++)
        free(x.sst[i]);
    free(x.sst);
    free(x.xf_date);
    if (rc != NTM_OK)
        ntm_xlsx_release(out);
    return rc;
}

void ntm_xlsx_release(ntm_xlsx *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n_sheets; i++) {
        for (size_t k = 0; k < x->sheets[i].n_cells; k++)
            free(x->sheets[i].cells[k].text);
        free(x->sheets[i].cells);
        free(x->sheets[i].name);
    }
    free(x->sheets);
    memset(x, 0, sizeof *x);
}
