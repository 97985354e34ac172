/* ini_scan.c: INI files read through inih 55, with lines (see ini_scan.h).
 *
 * Two passes over one file:
 *  1. scan: the file is split into lines exactly as inih splits it; every key line and
 *     continuation line becomes a `line` entry (section, key, line, continuation, skip),
 *     and bad UTF-8, bad syntax and duplicate keys are reported with their line;
 *  2. inih: ini_parse_string calls on_key for every key and every continuation line; the
 *     n-th call for (section, key) is the n-th scanned entry with that pair, which gives
 *     each value its line. Values (and keys, if asked) are then normalised to NFC. */
#include "io/ini_scan.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/i18n.h"
#include "io/text.h"

/* First size of the read buffer; it doubles up to the reader's max_bytes. */
#define READ_CHUNK 4096
/* inih's first heap line buffer; it grows by realloc up to NTM_INI_MAX_LINE. */
#define INIH_INITIAL_ALLOC 512

/* One key line, or continuation line, seen by the scan. */
struct ntm_ini_line {
    char *section, *key; /* section as inih reports it (raw text between the brackets) */
    long line;
    int cont; /* continuation of the previous key's value */
    int skip; /* in a skipped section, or a duplicate key */
};

/* Sections and first keys by hash, so that finding a repeat is O(1) and a file of
 * 10.000 sections is read in linear time. Slots hold an index + 1 (0: empty) into
 * d->sec or d->lines. */
struct ntm_ini_index {
    size_t *sec, cap_sec, n_sec;
    size_t *key, cap_key, n_key;
};

static size_t hash_text(const char *a, const char *b)
{
    size_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    h = (h ^ 0x1F) * 1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)(b ? b : ""); *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static size_t sec_hash(const ntm_ini_doc *d, size_t i)
{
    return hash_text(d->sec[i].raw ? d->sec[i].raw : "", NULL);
}

static size_t key_hash(const ntm_ini_doc *d, size_t i)
{
    return hash_text(d->lines[i].section ? d->lines[i].section : "",
                     d->lines[i].key ? d->lines[i].key : "");
}

/* Puts index I into the table *SLOTS (capacity *CAP, *N used), growing it. 0 or -1. */
static int slots_put(ntm_ini_doc *d, size_t **slots, size_t *cap, size_t *n, size_t i,
                     size_t (*hash)(const ntm_ini_doc *, size_t))
{
    if (2 * (*n + 1) > *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        size_t *ns = calloc(nc, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t k = 0; k < *cap; k++)
            if ((*slots)[k]) {
                size_t h = hash(d, (*slots)[k] - 1) & (nc - 1);
                while (ns[h])
                    h = (h + 1) & (nc - 1);
                ns[h] = (*slots)[k];
            }
        free(*slots);
        *slots = ns;
        *cap = nc;
    }
    size_t h = hash(d, i) & (*cap - 1);
    while ((*slots)[h])
        h = (h + 1) & (*cap - 1);
    (*slots)[h] = i + 1;
    (*n)++;
    return 0;
}

static struct ntm_ini_index *doc_index(ntm_ini_doc *d)
{
    if (!d->index && !(d->index = calloc(1, sizeof *d->index)))
        d->oom = 1;
    return d->index;
}

static void index_release(ntm_ini_doc *d)
{
    if (!d->index)
        return;
    free(d->index->sec);
    free(d->index->key);
    free(d->index);
    d->index = NULL;
}

/* What a load works with: the doc, the reader's rules and its hook pointer. */
typedef struct loader {
    ntm_ini_doc *d;
    const ntm_ini_rules *rules;
    void *user;
} loader;

#define ERR(d, line, key, code, ...) ntm_ini_diag(d, NTM_ERROR, line, key, code, __VA_ARGS__)
#define WARN(d, line, key, code, ...) ntm_ini_diag(d, NTM_WARNING, line, key, code, __VA_ARGS__)

/* ---- small helpers, public ------------------------------------------------------------- */

void ntm_ini_doc_init(ntm_ini_doc *d, const char *path, ntm_diag_list *diags)
{
    memset(d, 0, sizeof *d);
    d->path = path;
    d->diags = diags;
}

void ntm_ini_doc_release(ntm_ini_doc *d)
{
    index_release(d);
    for (size_t i = 0; i < d->n_lines; i++) {
        free(d->lines[i].section);
        free(d->lines[i].key);
    }
    free(d->lines);
    for (size_t i = 0; i < d->n_sec; i++)
        free(d->sec[i].raw);
    free(d->sec);
    for (size_t i = 0; i < d->n_rec; i++) {
        free(d->rec[i].section);
        free(d->rec[i].key);
        free(d->rec[i].value);
    }
    free(d->rec);
    d->lines = NULL;
    d->sec = NULL;
    d->rec = NULL;
    d->n_lines = d->cap_lines = d->n_sec = d->cap_sec = d->n_rec = d->cap_rec = 0;
}

void ntm_ini_diag(ntm_ini_doc *d, ntm_severity sev, long line, const char *key, const char *code,
                  const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ntm_diag_add(d->diags, sev, d->path, line, 0, key, code, "%s", msg) != 0)
        d->oom = 1;
}

void ntm_ini_warn_continuation(ntm_ini_doc *d, long line, const char *key)
{
    WARN(d, line, key, "continuation",
         _("indented line is read as more text for '%s'; if it is a new key, remove the "
           "indentation"),
         key);
}

const ntm_ini_section *ntm_ini_find_section(const ntm_ini_doc *d, const char *raw)
{
    const struct ntm_ini_index *x = d->index;
    if (x && x->n_sec == d->n_sec && x->cap_sec) {
        for (size_t h = hash_text(raw, NULL) & (x->cap_sec - 1); x->sec[h];
             h = (h + 1) & (x->cap_sec - 1))
            if (d->sec[x->sec[h] - 1].raw && strcmp(d->sec[x->sec[h] - 1].raw, raw) == 0)
                return &d->sec[x->sec[h] - 1];
        return NULL;
    }
    for (size_t i = 0; i < d->n_sec; i++)
        if (strcmp(d->sec[i].raw, raw) == 0)
            return &d->sec[i];
    return NULL;
}

void ntm_ini_section_split(const char *raw, char *kind, size_t ksize, char *name, size_t nsize)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", raw);
    char *s = ntm_ini_rstrip(ntm_ini_lskip(buf));
    char *sp = s;
    while (*sp && !ntm_ini_is_blank(*sp))
        sp++;
    char *rest = ntm_ini_lskip(sp);
    *sp = '\0';
    snprintf(kind, ksize, "%s", s);
    snprintf(name, nsize, "%s", rest);
}

char *ntm_ini_strdup(ntm_ini_doc *d, const char *s)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        d->oom = 1;
    return c;
}

int ntm_ini_grow(ntm_ini_doc *d, void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? 2 * *cap : 16;
    void *a = realloc(*arr, c * size);
    if (!a) {
        d->oom = 1;
        return -1;
    }
    *arr = a;
    *cap = c;
    return 0;
}

int ntm_ini_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

char *ntm_ini_rstrip(char *s)
{
    char *e = s + strlen(s);
    while (e > s && ntm_ini_is_blank(e[-1]))
        *--e = '\0';
    return s;
}

char *ntm_ini_lskip(char *s)
{
    while (*s && ntm_ini_is_blank(*s))
        s++;
    return s;
}

/* ---- reading the file --------------------------------------------------------------------- */

/* Reads D->path whole into a NUL-terminated buffer of *LEN bytes (the caller frees it);
 * NULL after reporting (code io), or with D->oom set. */
static char *slurp(ntm_ini_doc *d, const ntm_ini_rules *rules, size_t *len)
{
    FILE *f = fopen(d->path, "rb");
    if (!f) {
        ERR(d, 0, NULL, "io", _("cannot open: %s"), ntm_strerror(errno));
        return NULL;
    }
    size_t cap = READ_CHUNK, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            if (cap >= (size_t)rules->max_bytes) {
                ERR(d, 0, NULL, "io", _(rules->too_large), rules->max_bytes);
                free(buf);
                fclose(f);
                return NULL;
            }
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0)
            break;
    }
    if (!buf) {
        d->oom = 1;
        fclose(f);
        return NULL;
    }
    if (ferror(f)) {
        ERR(d, 0, NULL, "io", _("cannot read: %s"), ntm_strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- pass 1: the line scan ---------------------------------------------------------------- */

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* Byte offset of the first invalid UTF-8 sequence in S[0..N), or -1. NUL is valid. */
static long utf8_bad_offset(const char *s, size_t n)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        size_t rest = n - i;
        /* utf8proc_iterate reads at most 4 bytes; capping what it sees keeps a huge
         * length inside utf8proc_ssize_t. */
        utf8proc_ssize_t k = utf8proc_iterate(u + i, rest > 4 ? 4 : (utf8proc_ssize_t)rest, &cp);
        if (k <= 0)
            return (long)i;
        i += (size_t)k;
    }
    return -1;
}

/* inih's find_chars_or_comment: the first char of CHARS, or a ';' that follows a blank
 * (an inline comment), or the end. */
static char *find_chars_or_comment(char *s, const char *chars)
{
    int was_space = 0;
    while (*s && (!chars || !strchr(chars, *s)) && !(was_space && *s == ';')) {
        was_space = ntm_ini_is_blank(*s);
        s++;
    }
    return s;
}

static void add_line(ntm_ini_doc *d, const char *section, const char *key, long line, int cont,
                     int skip)
{
    if (ntm_ini_grow(d, (void **)&d->lines, &d->cap_lines, d->n_lines, sizeof *d->lines))
        return;
    struct ntm_ini_line *e = &d->lines[d->n_lines++];
    e->section = ntm_ini_strdup(d, section);
    e->key = ntm_ini_strdup(d, key);
    e->line = line;
    e->cont = cont;
    e->skip = skip;
    struct ntm_ini_index *x = doc_index(d);
    if (x && !cont && !skip && e->section && e->key &&
        slots_put(d, &x->key, &x->cap_key, &x->n_key, d->n_lines - 1, key_hash) != 0)
        d->oom = 1;
}

/* Line of the first key KEY of SECTION that is neither a continuation nor skipped, or 0. */
static long first_key_line(const ntm_ini_doc *d, const char *section, const char *key)
{
    const struct ntm_ini_index *x = d->index;
    if (x && !d->oom) {
        for (size_t h = x->cap_key ? hash_text(section, key) & (x->cap_key - 1) : 0;
             x->cap_key && x->key[h]; h = (h + 1) & (x->cap_key - 1)) {
            const struct ntm_ini_line *e = &d->lines[x->key[h] - 1];
            if (strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0)
                return e->line;
        }
        return 0;
    }
    for (size_t i = 0; i < d->n_lines; i++) {
        const struct ntm_ini_line *e = &d->lines[i];
        if (!e->cont && !e->skip && strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0)
            return e->line;
    }
    return 0;
}

/* Checks that LINE (N bytes, no NUL) is valid UTF-8 and, if asked, in NFC. */
static void check_text(loader *ld, const char *line, size_t n, long lineno)
{
    ntm_ini_doc *d = ld->d;
    long bad = utf8_bad_offset(line, n);
    if (bad >= 0) {
        if (ld->rules->utf8_byte)
            ERR(d, lineno, NULL, "invalid-utf8",
                _("invalid UTF-8 at byte %ld of the line (save the file as UTF-8)"), bad + 1);
        else
            ERR(d, lineno, NULL, "invalid-utf8",
                _("the line is not valid UTF-8 (save the file as UTF-8)"));
    } else if (ld->rules->warn_not_nfc && !is_ascii(line)) {
        char *nf = ntm_text_nfc(line);
        if (!nf)
            d->oom = 1;
        else if (strcmp(nf, line) != 0)
            WARN(d, lineno, NULL, "not-nfc",
                 _("text is not in Unicode NFC (combining accents); it is read normalised"));
        free(nf);
    }
}

/* A section header: asks the reader's hook, and keeps the section if it is accepted.
 * Returns whether its keys are skipped. */
static int scan_section(loader *ld, const char *text, const char *raw, long lineno)
{
    ntm_ini_doc *d = ld->d;
    int skip = ld->rules->section(d, ld->user, text, lineno);
    if (skip || ntm_ini_grow(d, (void **)&d->sec, &d->cap_sec, d->n_sec, sizeof *d->sec))
        return 1;
    ntm_ini_section *s = &d->sec[d->n_sec++];
    s->raw = ntm_ini_strdup(d, raw);
    s->line = lineno;
    struct ntm_ini_index *x = doc_index(d);
    if (x && s->raw && slots_put(d, &x->sec, &x->cap_sec, &x->n_sec, d->n_sec - 1, sec_hash) != 0)
        d->oom = 1;
    return 0;
}

/* Splits BUF (LEN bytes, a private copy: it is cut up) into lines the way inih 55 does. */
static void scan(loader *ld, char *buf, size_t len)
{
    ntm_ini_doc *d = ld->d;
    char section_raw[256] = "";
    int section_skip = 1; /* keys before any section are reported, then skipped */
    int in_section = 0;
    char prev_key[NTM_INI_MAX_LINE] = ""; /* cut to rules->prev_key_size; inih's to 49 */
    size_t prev_key_size = ld->rules->prev_key_size;
    if (prev_key_size == 0 || prev_key_size > sizeof prev_key)
        prev_key_size = sizeof prev_key;
    long lineno = 0;
    char *next = buf, *end_buf = buf + len;
    while (next < end_buf && !d->oom) {
        char *line = next;
        char *nl = memchr(line, '\n', (size_t)(end_buf - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(end_buf - line);
        next = nl ? nl + 1 : end_buf;
        line[n] = '\0';
        lineno++;

        if (memchr(line, '\0', n)) {
            ERR(d, lineno, NULL, "invalid-utf8", _("NUL byte in the line: is this a text file?"));
            break; /* inih stops at the NUL too */
        }
        check_text(ld, line, n, lineno);
        if (n + 3 > NTM_INI_MAX_LINE) {
            ERR(d, lineno, NULL, "line-too-long", _("line longer than %d bytes"),
                NTM_INI_MAX_LINE - 3);
            d->long_line = 1;
            continue;
        }

        char *start = line;
        if (lineno == 1 && (unsigned char)start[0] == 0xEF && (unsigned char)start[1] == 0xBB &&
            (unsigned char)start[2] == 0xBF)
            start += 3;
        start = ntm_ini_lskip(ntm_ini_rstrip(start));
        if (*start == ';' || *start == '#')
            continue;
        if (*prev_key && *start && start > line) {
            char *e = find_chars_or_comment(start, NULL);
            *e = '\0';
            ntm_ini_rstrip(start);
            ld->rules->continuation(d, ld->user, prev_key, start, lineno);
            add_line(d, section_raw, prev_key, lineno, 1, section_skip);
            continue;
        }
        if (*start == '[') {
            char *e = find_chars_or_comment(start + 1, "]");
            if (*e != ']') {
                ERR(d, lineno, NULL, "syntax", _("section header without closing ']'"));
                continue;
            }
            *e = '\0';
            prev_key[0] = '\0';
            in_section = 1;
            snprintf(section_raw, sizeof section_raw, "%s", start + 1);
            section_skip = scan_section(ld, start + 1, section_raw, lineno);
            continue;
        }
        if (!*start)
            continue;
        char *e = find_chars_or_comment(start, "=:");
        if (*e != '=' && *e != ':') {
            ERR(d, lineno, NULL, "syntax", _("expected 'key = value' or '[section]'"));
            continue;
        }
        *e = '\0';
        char *key = ntm_ini_rstrip(start);
        snprintf(prev_key, prev_key_size, "%s", key);
        int skip = section_skip;
        if (!in_section) {
            /* Keys before the first section belong to nothing. */
            ERR(d, lineno, key, "syntax", _("key outside any section (start with %s)"),
                ld->rules->first_section);
        } else if (!skip) {
            long first = first_key_line(d, section_raw, key);
            if (first) {
                ld->rules->duplicate_key(d, ld->user, section_raw, key, lineno, first);
                skip = 1;
            }
        }
        add_line(d, section_raw, key, lineno, 0, skip);
    }
}

/* ---- pass 2: inih --------------------------------------------------------------------------- */

/* inih's handler: the value of NAME in SECTION, or one more line of it. Always 1 (go on). */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
    loader *ld = user;
    ntm_ini_doc *d = ld->d;
    const struct ntm_ini_line *e = NULL;
    for (size_t j = d->cursor; j < d->n_lines; j++)
        if (strcmp(d->lines[j].section, section) == 0 && strcmp(d->lines[j].key, name) == 0) {
            e = &d->lines[j];
            d->cursor = j + 1;
            break;
        }
    if (!ld->rules->keep_skipped && (!e || e->skip))
        return 1;
    if (e && e->cont) {
        if (d->n_rec > 0 && *value) {
            ntm_ini_rec *r = &d->rec[d->n_rec - 1];
            size_t a = strlen(r->value), b = strlen(value);
            char *v = realloc(r->value, a + b + 2);
            if (!v) {
                d->oom = 1;
                return 1;
            }
            if (a > 0)
                v[a++] = ' ';
            memcpy(v + a, value, b + 1);
            r->value = v;
        }
        return 1;
    }
    if (ntm_ini_grow(d, (void **)&d->rec, &d->cap_rec, d->n_rec, sizeof *d->rec))
        return 1;
    ntm_ini_rec *r = &d->rec[d->n_rec++];
    r->section = ntm_ini_strdup(d, section);
    r->key = ntm_ini_strdup(d, name);
    r->value = ntm_ini_strdup(d, value);
    r->line = e ? e->line : 0;
    r->skip = e ? e->skip : 1;
    return 1;
}

/* Replaces *S by its NFC form when it is valid UTF-8 and not ASCII (DESIGN.md,
 * "Interchange": text is NFC from here on). */
static void nfc_in_place(ntm_ini_doc *d, char **s)
{
    if (is_ascii(*s) || utf8_bad_offset(*s, strlen(*s)) >= 0)
        return;
    char *n = ntm_text_nfc(*s);
    if (!n) {
        d->oom = 1;
        return;
    }
    free(*s);
    *s = n;
}

/* Runs inih on BUF with settings fit for hand-written files. inih's settings are
 * process-wide variables: they are saved, set and restored here, in one place, so that
 * any other user of inih finds them as it left them. This is why a load is not
 * thread-safe. Returns what ini_parse_string returns. */
static int run_inih(loader *ld, const char *buf)
{
    static char inline_prefixes[] = ";";
    static char start_prefixes[] = ";#";
    bool s_stack = ini_use_stack, s_realloc = ini_allow_realloc, s_multi = ini_allow_multiline;
    bool s_inline = ini_allow_inline_comments, s_bom = ini_allow_bom;
    bool s_noval = ini_allow_no_value, s_stop = ini_stop_on_first_error;
    int s_max = ini_max_line, s_init = ini_initial_alloc;
    char *s_ipre = ini_inline_comment_prefixes, *s_spre = ini_start_comment_prefixes;

    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_max_line = NTM_INI_MAX_LINE;
    ini_initial_alloc = INIH_INITIAL_ALLOC;
    ini_allow_multiline = true;
    ini_allow_inline_comments = true;
    ini_allow_bom = true;
    ini_allow_no_value = false;
    ini_stop_on_first_error = false;
    ini_inline_comment_prefixes = inline_prefixes;
    ini_start_comment_prefixes = start_prefixes;

    int rc = ini_parse_string(buf, on_key, ld);

    ini_use_stack = s_stack;
    ini_allow_realloc = s_realloc;
    ini_max_line = s_max;
    ini_initial_alloc = s_init;
    ini_allow_multiline = s_multi;
    ini_allow_inline_comments = s_inline;
    ini_allow_bom = s_bom;
    ini_allow_no_value = s_noval;
    ini_stop_on_first_error = s_stop;
    ini_inline_comment_prefixes = s_ipre;
    ini_start_comment_prefixes = s_spre;

    ntm_ini_doc *d = ld->d;
    for (size_t i = 0; i < d->n_rec && !d->oom; i++) {
        nfc_in_place(d, &d->rec[i].value);
        if (ld->rules->nfc_keys && !d->oom)
            nfc_in_place(d, &d->rec[i].key);
    }
    if (rc == -2)
        d->oom = 1;
    return rc;
}

ntm_status ntm_ini_doc_load(ntm_ini_doc *d, const ntm_ini_rules *rules, void *user)
{
    loader ld = {.d = d, .rules = rules, .user = user};
    size_t errors_before = d->diags->n_errors;
    size_t len = 0;
    char *buf = slurp(d, rules, &len);
    if (!buf)
        return d->oom ? NTM_ENOMEM : NTM_EIO;
    char *work = malloc(len + 1);
    if (!work) {
        free(buf);
        return NTM_ENOMEM;
    }
    memcpy(work, buf, len + 1);
    scan(&ld, work, len);
    free(work);
    if (!d->oom) {
        int rc = run_inih(&ld, buf);
        if (rc > 0 && (rules->refusal_after_long_line || !d->long_line)) {
            /* inih saw an error the scan did not: report it rather than lose it. */
            int seen = 0;
            for (size_t i = errors_before; i < d->diags->n; i++)
                seen |= d->diags->items[i].line == rc && d->diags->items[i].severity == NTM_ERROR;
            if (!seen)
                ERR(d, rc, NULL, "syntax", _("the INI reader refused this line"));
        }
    }
    free(buf);
    return d->oom ? NTM_ENOMEM : NTM_OK;
}
