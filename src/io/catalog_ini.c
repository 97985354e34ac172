/* catalog_ini.c: criteria catalogs from INI files (see catalog_ini.h and models/README.md).
 *
 * Three passes:
 *  1. scan: the file is split into lines exactly as inih splits it, to learn the line of
 *     every section and key (inih 55 does not pass line numbers to the handler), and to
 *     report bad UTF-8, bad syntax, duplicate sections and duplicate keys with their line;
 *  2. inih: ini_parse_string calls on_key for every key (and every continuation line);
 *     the n-th call for (section, key) is the n-th scanned line with that pair, which
 *     gives each value its line; values are normalised to NFC and stored as records;
 *  3. build: the records, section by section ([set] first: its scheme decides which
 *     class keys exist), become the structs of model/catalog.h, then cross-references
 *     (criterion, part_of, parts, sums) are checked. */
#include "io/catalog_ini.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "io/number.h"

/* A catalog is a hand-written text file: anything bigger is not one. */
#define CATALOG_MAX_BYTES (8L * 1024 * 1024)
/* Longest line we let inih read (its default, 200 bytes, is too short for Vietnamese
 * wording: an indicator name of 60 characters can take 200 bytes). */
#define CATALOG_MAX_LINE 16384
/* inih keeps section and key names in 50-byte buffers (MAX_SECTION, MAX_NAME in ini.c). */
#define INIH_MAX_NAME 50
/* Percent bounds of a rate threshold. */
#define RATE_MIN 0.0
#define RATE_MAX 100.0

/* ---- the parser's working state ------------------------------------------------------ */

typedef struct event {  /* one key line (or continuation line) seen by the scan */
    char *section, *key; /* section as inih reports it (raw text between the brackets) */
    long line;
    int cont;            /* continuation of the previous key's value */
    int skip;            /* inside a duplicate or unknown section, or a duplicate key */
} event;

typedef enum sec_type { SEC_SET, SEC_CLASS, SEC_CRITERION, SEC_INDICATOR, SEC_OTHER } sec_type;

typedef struct section {
    char *raw;   /* as inih reports it */
    sec_type type;
    char *code;  /* class key, criterion or indicator code; NULL for [set] */
    long line;
    int skip;
} ini_section;

typedef struct record {  /* one key's value after inih, continuation lines joined */
    char *section, *key, *value;
    long line;
    int skip;
} record;

typedef struct parser {
    const char *path;
    ntm_diag_list *diags;
    ntm_catalog *cat;
    int oom;
    event *ev;
    size_t n_ev, cap_ev, cursor;
    ini_section *sec;
    size_t n_sec, cap_sec;
    record *rec;
    size_t n_rec, cap_rec;
    int scheme_known;           /* the [set] scheme was read correctly */
    int long_line;              /* a line was too long: inih's line count is off after it */
    const record *declared_rec; /* indicators_declared, for the count check */
    const record *hardest_rec;
} parser;

/* Per indicator, what the cross-checks need after the first read. */
typedef struct ind_extra {
    const record *parts, *part_of, *criterion, *kind, *direction;
    int dir_missing;
    int kind_bad; /* kind missing or unknown: checks that depend on it are skipped */
    long section_line;
} ind_extra;

static void diag(parser *p, ntm_severity sev, long line, const char *key, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void diag(parser *p, ntm_severity sev, long line, const char *key, const char *code,
                 const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ntm_diag_add(p->diags, sev, p->path, line, 0, key, code, "%s", msg) != 0)
        p->oom = 1;
}

#define ERR(p, line, key, code, ...) diag(p, NTM_ERROR, line, key, code, __VA_ARGS__)
#define WARN(p, line, key, code, ...) diag(p, NTM_WARNING, line, key, code, __VA_ARGS__)

static char *xstrdup(parser *p, const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        p->oom = 1;
    return d;
}

/* Grows *ARR (of *CAP elements of SIZE bytes) to hold N + 1; 0 or -1. */
static int grow(parser *p, void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? 2 * *cap : 16;
    void *a = realloc(*arr, c * size);
    if (!a) {
        p->oom = 1;
        return -1;
    }
    *arr = a;
    *cap = c;
    return 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static char *rstrip(char *s)
{
    char *e = s + strlen(s);
    while (e > s && is_blank(e[-1]))
        *--e = '\0';
    return s;
}

static char *lskip(char *s)
{
    while (*s && is_blank(*s))
        s++;
    return s;
}

/* inih's find_chars_or_comment: the first char of CHARS, or a ';' that follows a blank
 * (an inline comment), or the end. */
static char *find_chars_or_comment(char *s, const char *chars)
{
    int was_space = 0;
    while (*s && (!chars || !strchr(chars, *s)) && !(was_space && *s == ';')) {
        was_space = is_blank(*s);
        s++;
    }
    return s;
}

static int is_code_char(unsigned char c)
{
    return isalnum(c) || c == '.' || c == '-' || c == '_';
}

static int valid_code(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!is_code_char((unsigned char)*s))
            return 0;
    return 1;
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* Byte offset of the first invalid UTF-8 sequence in S[0..N), or -1. */
static long utf8_bad_offset(const char *s, size_t n)
{
    utf8proc_ssize_t i = 0;
    while ((size_t)i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - (size_t)i), &cp);
        if (k <= 0)
            return (long)i;
        i += k;
    }
    return -1;
}

/* NFC copy of S (valid UTF-8), or a plain copy when S is ASCII or not valid UTF-8. */
static char *nfc_dup(parser *p, const char *s)
{
    if (is_ascii(s) || utf8_bad_offset(s, strlen(s)) >= 0)
        return xstrdup(p, s);
    char *n = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
    if (!n)
        p->oom = 1;
    return n;
}

static const char *sec_type_name(sec_type t)
{
    static const char *names[] = {"set", "class", "criterion", "indicator", "?"};
    return names[t];
}

/* ---- pass 1: the line scan ------------------------------------------------------------- */

static ini_section *find_section_raw(parser *p, const char *raw)
{
    for (size_t i = 0; i < p->n_sec; i++)
        if (!p->sec[i].skip && strcmp(p->sec[i].raw, raw) == 0)
            return &p->sec[i];
    return NULL;
}

/* Registers the section header RAW at LINE; returns whether its keys are to be skipped. */
static int scan_section(parser *p, const char *raw, long line)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", raw);
    char *s = rstrip(lskip(buf));
    char *sp = s;
    while (*sp && !is_blank(*sp))
        sp++;
    char *code = lskip(sp);
    *sp = '\0';
    sec_type type = strcmp(s, "set") == 0         ? SEC_SET
                    : strcmp(s, "class") == 0     ? SEC_CLASS
                    : strcmp(s, "criterion") == 0 ? SEC_CRITERION
                    : strcmp(s, "indicator") == 0 ? SEC_INDICATOR
                                                  : SEC_OTHER;
    int skip = 0;
    if (type == SEC_OTHER) {
        ERR(p, line, NULL, "unknown-section",
            "unknown section [%s] (expected [set], [class KEY], [criterion CODE] or "
            "[indicator CODE])", raw);
        skip = 1;
    } else if (type == SEC_SET && *code) {
        ERR(p, line, NULL, "bad-code", "section [set] takes no code, found '%s'", code);
        skip = 1;
    } else if (type != SEC_SET && !valid_code(code)) {
        if (*code)
            ERR(p, line, NULL, "bad-code",
                "code '%s' of [%s] may only hold letters, digits, '.', '-' and '_'", code,
                sec_type_name(type));
        else
            ERR(p, line, NULL, "bad-code", "section [%s] needs a code, e.g. [%s %s]",
                sec_type_name(type), sec_type_name(type),
                type == SEC_CLASS ? "BTB" : type == SEC_CRITERION ? "11" : "11.1");
        skip = 1;
    }
    if (!skip) {
        for (size_t i = 0; i < p->n_sec; i++) {
            const ini_section *o = &p->sec[i];
            if (o->skip || o->type != type)
                continue;
            if (type == SEC_SET || strcmp(o->code, code) == 0) {
                if (type == SEC_SET)
                    ERR(p, line, NULL, "duplicate", "second [set] section (first at line %ld)",
                        o->line);
                else
                    ERR(p, line, NULL, "duplicate",
                        "duplicate code: [%s %s] already at line %ld", sec_type_name(type), code,
                        o->line);
                skip = 1;
                break;
            }
        }
    }
    /* inih merges sections with the same raw name; a skipped one must not be looked up. */
    if (!skip && find_section_raw(p, raw))
        skip = 1;
    if (grow(p, (void **)&p->sec, &p->cap_sec, p->n_sec, sizeof *p->sec))
        return 1;
    ini_section *n = &p->sec[p->n_sec++];
    n->raw = xstrdup(p, raw);
    n->type = type;
    n->code = type == SEC_SET || type == SEC_OTHER ? NULL : xstrdup(p, code);
    n->line = line;
    n->skip = skip;
    return skip;
}

static void add_event(parser *p, const char *section, const char *key, long line, int cont,
                      int skip)
{
    if (grow(p, (void **)&p->ev, &p->cap_ev, p->n_ev, sizeof *p->ev))
        return;
    event *e = &p->ev[p->n_ev++];
    e->section = xstrdup(p, section);
    e->key = xstrdup(p, key);
    e->line = line;
    e->cont = cont;
    e->skip = skip;
}

/* Line of the first non-continuation, non-skipped key KEY in SECTION, or 0. */
static long first_key_line(const parser *p, const char *section, const char *key)
{
    for (size_t i = 0; i < p->n_ev; i++) {
        const event *e = &p->ev[i];
        if (!e->cont && !e->skip && strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0)
            return e->line;
    }
    return 0;
}

/* Whether an indented line S reads like "known_key = ...": then the writer probably
 * meant a new key, but inih takes it as more text for the previous one. */
static int looks_like_key(const char *s)
{
    static const char *const keys[] = {
        "id", "version", "name_vi", "name_en", "level", "scheme", "effective", "source",
        "indicators_declared", "hardest_class", "note", "group", "criterion", "part_of",
        "parts", "kind", "combine", "unit", "denominator_unit", "direction", "model", "risk"};
    static const char *const prefixes[] = {"threshold.", "prior.", "risk."};
    size_t n = 0;
    while (s[n] && (is_code_char((unsigned char)s[n]) || s[n] == '*'))
        n++;
    const char *q = s + n;
    while (*q == ' ' || *q == '\t')
        q++;
    if (n == 0 || (*q != '=' && *q != ':'))
        return 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strlen(keys[i]) == n && strncmp(s, keys[i], n) == 0)
            return 1;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* Splits BUF (LEN bytes, a private copy) into lines the way inih 55 does. */
static void scan(parser *p, char *buf, size_t len)
{
    char section_raw[256] = "";
    int section_skip = 1; /* keys before any section are reported, then skipped */
    int in_section = 0;
    char prev_key[256] = "";
    long lineno = 0;
    char *next = buf;
    char *end_buf = buf + len;
    while (next < end_buf && !p->oom) {
        char *line = next;
        char *nl = memchr(line, '\n', (size_t)(end_buf - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(end_buf - line);
        next = nl ? nl + 1 : end_buf;
        line[n] = '\0';
        lineno++;

        if (memchr(line, '\0', n)) {
            ERR(p, lineno, NULL, "invalid-utf8", "NUL byte in the line: is this a text file?");
            break; /* inih stops at the NUL too */
        }
        long bad = utf8_bad_offset(line, n);
        if (bad >= 0)
            ERR(p, lineno, NULL, "invalid-utf8",
                "invalid UTF-8 at byte %ld of the line (save the file as UTF-8)", bad + 1);
        else if (!is_ascii(line)) {
            char *nf = (char *)utf8proc_NFC((const utf8proc_uint8_t *)line);
            if (!nf)
                p->oom = 1;
            else if (strcmp(nf, line) != 0)
                WARN(p, lineno, NULL, "not-nfc",
                     "text is not in Unicode NFC (combining accents); it is read normalised");
            free(nf);
        }
        if (n + 3 > CATALOG_MAX_LINE) {
            ERR(p, lineno, NULL, "line-too-long", "line longer than %d bytes",
                CATALOG_MAX_LINE - 3);
            p->long_line = 1;
            continue;
        }

        char *start = line;
        if (lineno == 1 && (unsigned char)start[0] == 0xEF && (unsigned char)start[1] == 0xBB &&
            (unsigned char)start[2] == 0xBF)
            start += 3;
        start = lskip(rstrip(start));
        if (*start == ';' || *start == '#')
            continue;
        if (*prev_key && *start && start > line) {
            char *e = find_chars_or_comment(start, NULL);
            *e = '\0';
            rstrip(start);
            if (*start) {
                if (looks_like_key(start))
                    WARN(p, lineno, prev_key, "continuation",
                         "indented line is read as more text for '%s'; if it is a new key, "
                         "remove the indentation", prev_key);
            }
            add_event(p, section_raw, prev_key, lineno, 1, section_skip);
            continue;
        }
        if (*start == '[') {
            char *e = find_chars_or_comment(start + 1, "]");
            if (*e != ']') {
                ERR(p, lineno, NULL, "syntax", "section header without closing ']'");
                continue;
            }
            *e = '\0';
            if (strlen(start + 1) >= INIH_MAX_NAME) {
                ERR(p, lineno, NULL, "syntax", "section name longer than %d bytes",
                    INIH_MAX_NAME - 1);
                section_skip = 1;
                in_section = 1;
                snprintf(section_raw, sizeof section_raw, "%s", start + 1);
                *prev_key = '\0';
                continue;
            }
            snprintf(section_raw, sizeof section_raw, "%s", start + 1);
            section_skip = scan_section(p, section_raw, lineno);
            in_section = 1;
            *prev_key = '\0';
            continue;
        }
        if (!*start)
            continue;
        char *e = find_chars_or_comment(start, "=:");
        if (*e != '=' && *e != ':') {
            ERR(p, lineno, NULL, "syntax", "expected 'key = value' or '[section]'");
            continue;
        }
        *e = '\0';
        char *key = rstrip(start);
        snprintf(prev_key, sizeof prev_key, "%s", key);
        int skip = section_skip;
        if (!in_section) {
            /* Keys before the first section belong to no object. */
            ERR(p, lineno, key, "syntax", "key outside any section (start with [set])");
        } else if (!skip) {
            long first = first_key_line(p, section_raw, key);
            if (first) {
                ERR(p, lineno, key, "duplicate", "key given twice in [%s] (first at line %ld)",
                    section_raw, first);
                skip = 1;
            }
        }
        add_event(p, section_raw, key, lineno, 0, skip);
    }
}

/* ---- pass 2: inih ---------------------------------------------------------------------- */

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    parser *p = user;
    const event *e = NULL;
    for (size_t j = p->cursor; j < p->n_ev; j++)
        if (strcmp(p->ev[j].section, section) == 0 && strcmp(p->ev[j].key, name) == 0) {
            e = &p->ev[j];
            p->cursor = j + 1;
            break;
        }
    if (e && e->cont) {
        if (p->n_rec > 0 && *value) {
            record *r = &p->rec[p->n_rec - 1];
            size_t a = strlen(r->value), b = strlen(value);
            char *v = realloc(r->value, a + b + 2);
            if (!v) {
                p->oom = 1;
                return 1;
            }
            if (a > 0)
                v[a++] = ' ';
            memcpy(v + a, value, b + 1);
            r->value = v;
        }
        return 1;
    }
    if (grow(p, (void **)&p->rec, &p->cap_rec, p->n_rec, sizeof *p->rec))
        return 1;
    record *r = &p->rec[p->n_rec++];
    r->section = xstrdup(p, section);
    r->key = xstrdup(p, name);
    r->value = xstrdup(p, value);
    r->line = e ? e->line : 0;
    r->skip = e ? e->skip : 1;
    return 1;
}

/* Runs inih on BUF with settings fit for hand-written catalogs, restoring inih's
 * process-wide settings afterwards (the scenario reader uses inih too). */
static int run_inih(parser *p, const char *buf)
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
    ini_max_line = CATALOG_MAX_LINE;
    ini_initial_alloc = 512;
    ini_allow_multiline = true;
    ini_allow_inline_comments = true;
    ini_allow_bom = true;
    ini_allow_no_value = false;
    ini_stop_on_first_error = false;
    ini_inline_comment_prefixes = inline_prefixes;
    ini_start_comment_prefixes = start_prefixes;

    int rc = ini_parse_string(buf, on_key, p);

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

    for (size_t i = 0; i < p->n_rec && !p->oom; i++) {
        char *v = nfc_dup(p, p->rec[i].value);
        if (v) {
            free(p->rec[i].value);
            p->rec[i].value = v;
        }
    }
    if (rc == -2)
        p->oom = 1;
    return rc;
}

/* ---- pass 3: building the catalog -------------------------------------------------------- */

static const char *const region7_keys[] = {"TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"};
static const char *const group3_keys[] = {"1", "2", "3"};

size_t ntm_catalog_scheme_classes(ntm_scheme scheme, const char *const **keys)
{
    switch (scheme) {
    case NTM_SCHEME_REGION7:
        *keys = region7_keys;
        return sizeof region7_keys / sizeof region7_keys[0];
    case NTM_SCHEME_GROUP3:
        *keys = group3_keys;
        return sizeof group3_keys / sizeof group3_keys[0];
    case NTM_SCHEME_NONE:
    default:
        *keys = NULL;
        return 0;
    }
}

static const char *const levels[] = {"commune", "commune-advanced", "commune-model", "village"};
static const char *const models[] = {"linear", "loglinear", "logistic", "damped", "constant"};

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* Whether KEY is a class of the set's scheme (any key when the scheme was bad). */
static int scheme_has_class(const parser *p, const char *key)
{
    if (!p->scheme_known) {
        for (size_t i = 0; i < p->cat->n_classes; i++)
            if (strcmp(p->cat->classes[i].key, key) == 0)
                return 1;
        return 1;
    }
    const char *const *keys;
    size_t n = ntm_catalog_scheme_classes(p->cat->scheme, &keys);
    return in_list(key, keys, n);
}

static void class_list(const parser *p, char *buf, size_t size)
{
    const char *const *keys;
    size_t n = ntm_catalog_scheme_classes(p->cat->scheme, &keys);
    size_t w = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && w < size; i++)
        w += (size_t)snprintf(buf + w, size - w, "%s%s", i ? ", " : "", keys[i]);
}

/* Reads a number from R; on failure reports it and returns -1. PERCENT gets the flag. */
static int read_number(parser *p, const record *r, double *out, int *percent)
{
    ntm_number num;
    const char *why = NULL;
    if (ntm_number_parse(r->value, NTM_NUM_AUTO, &num, &why) != NTM_OK) {
        ERR(p, r->line, r->key, "bad-number", "'%s' is not a number (%s)", r->value,
            why ? why : "?");
        return -1;
    }
    if (!isfinite(num.value)) {
        ERR(p, r->line, r->key, "bad-number", "'%s' is not a finite number", r->value);
        return -1;
    }
    *out = num.value;
    if (percent)
        *percent = num.percent;
    return 0;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Reads up to MAXD digits at *S into *V; returns the digit count. */
static int read_digits(const char **s, int maxd, long *v)
{
    int d = 0;
    *v = 0;
    while (d < maxd && isdigit((unsigned char)**s)) {
        *v = *v * 10 + (**s - '0');
        (*s)++;
        d++;
    }
    return d;
}

/* "2022-08-10" or "10/8/2022" into ISO form in OUT; 0 or -1. */
static int parse_date(const char *s, char *out, size_t size)
{
    long y, m, d;
    const char *q = s;
    if (read_digits(&q, 4, &y) == 4 && *q == '-') {
        q++;
        if (read_digits(&q, 2, &m) != 2 || *q++ != '-' || read_digits(&q, 2, &d) != 2 || *q)
            return -1;
    } else {
        q = s;
        int nd = read_digits(&q, 2, &d);
        if (nd < 1 || *q++ != '/')
            return -1;
        int nm = read_digits(&q, 2, &m);
        if (nm < 1 || *q++ != '/' || read_digits(&q, 4, &y) != 4 || *q)
            return -1;
    }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
        return -1;
    if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
        return -1;
    snprintf(out, size, "%04ld-%02ld-%02ld", y, m, d);
    return 0;
}

/* Records of section S, in file order, skipping those of duplicate keys. */
#define FOR_RECORDS(p, s, r)                                                                  \
    for (const record *r = (p)->rec; r < (p)->rec + (p)->n_rec; r++)                          \
        if (!r->skip && strcmp(r->section, (s)->raw) == 0 && r->value[0])

static void read_set(parser *p, const ini_section *s)
{
    ntm_catalog *cat = p->cat;
    FOR_RECORDS(p, s, r)
    {
        const char *k = r->key, *v = r->value;
        if (strcmp(k, "id") == 0) {
            if (!valid_code(v))
                ERR(p, r->line, k, "bad-value",
                    "id '%s' may only hold letters, digits, '.', '-' and '_'", v);
            cat->id = xstrdup(p, v);
        } else if (strcmp(k, "version") == 0) {
            cat->version = xstrdup(p, v);
        } else if (strcmp(k, "name_vi") == 0) {
            cat->name_vi = xstrdup(p, v);
        } else if (strcmp(k, "name_en") == 0) {
            cat->name_en = xstrdup(p, v);
        } else if (strcmp(k, "level") == 0) {
            if (!in_list(v, levels, sizeof levels / sizeof levels[0]))
                ERR(p, r->line, k, "bad-value",
                    "unknown level '%s' (commune, commune-advanced, commune-model or village)",
                    v);
            cat->level = xstrdup(p, v);
        } else if (strcmp(k, "scheme") == 0) {
            if (ntm_scheme_from_name(v, &cat->scheme) != 0)
                ERR(p, r->line, k, "bad-value",
                    "unknown scheme '%s' (region7, group3 or none)", v);
            else
                p->scheme_known = 1;
        } else if (strcmp(k, "effective") == 0) {
            char iso[16];
            if (parse_date(v, iso, sizeof iso) != 0)
                ERR(p, r->line, k, "bad-value",
                    "'%s' is not a date (write 2022-08-10 or 10/8/2022)", v);
            else
                cat->effective = xstrdup(p, iso);
        } else if (strcmp(k, "source") == 0) {
            cat->source = xstrdup(p, v);
        } else if (strcmp(k, "indicators_declared") == 0) {
            const char *why = NULL;
            p->declared_rec = r;
            if (ntm_parse_long(v, NTM_NUM_AUTO, 0, 100000, &cat->indicators_declared, &why) !=
                NTM_OK)
                ERR(p, r->line, k, "bad-number", "'%s' is not a whole number (%s)", v,
                    why ? why : "?");
        } else if (strcmp(k, "hardest_class") == 0) {
            p->hardest_rec = r;
            cat->hardest_class = xstrdup(p, v);
        } else if (strcmp(k, "note") == 0) {
            /* for readers of the file only */
        } else {
            ERR(p, r->line, k, "unknown-key", "unknown key in [set]");
        }
    }
    static const char *const required[] = {"id", "version", "name_vi", "level", "scheme",
                                           "effective", "source"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        int present = 0;
        FOR_RECORDS(p, s, r)
        present |= strcmp(r->key, required[i]) == 0;
        if (!present)
            ERR(p, s->line, required[i], "missing-key", "[set] needs '%s'", required[i]);
    }
}

static void read_class(parser *p, const ini_section *s)
{
    ntm_catalog *cat = p->cat;
    if (p->scheme_known && cat->scheme == NTM_SCHEME_NONE) {
        ERR(p, s->line, NULL, "unknown-class",
            "[class %s]: scheme 'none' has no classes (use threshold.* only)", s->code);
        return;
    }
    if (p->scheme_known && !scheme_has_class(p, s->code)) {
        char list[128];
        class_list(p, list, sizeof list);
        ERR(p, s->line, NULL, "unknown-class", "[class %s]: scheme %s has only %s", s->code,
            ntm_scheme_name(cat->scheme), list);
        return;
    }
    void *a = realloc(cat->classes, (cat->n_classes + 1) * sizeof *cat->classes);
    if (!a) {
        p->oom = 1;
        return;
    }
    cat->classes = a;
    ntm_class *c = &cat->classes[cat->n_classes++];
    memset(c, 0, sizeof *c);
    c->key = xstrdup(p, s->code);
    FOR_RECORDS(p, s, r)
    {
        if (strcmp(r->key, "name_vi") == 0)
            c->name_vi = xstrdup(p, r->value);
        else if (strcmp(r->key, "name_en") == 0)
            c->name_en = xstrdup(p, r->value);
        else if (strcmp(r->key, "note") != 0)
            ERR(p, r->line, r->key, "unknown-key", "unknown key in [class %s]", s->code);
    }
    if (!c->name_vi)
        ERR(p, s->line, "name_vi", "missing-key", "[class %s] needs 'name_vi'", s->code);
}

static void read_criterion(parser *p, const ini_section *s)
{
    ntm_catalog *cat = p->cat;
    void *a = realloc(cat->criteria, (cat->n_criteria + 1) * sizeof *cat->criteria);
    if (!a) {
        p->oom = 1;
        return;
    }
    cat->criteria = a;
    ntm_criterion *c = &cat->criteria[cat->n_criteria++];
    memset(c, 0, sizeof *c);
    c->code = xstrdup(p, s->code);
    c->line = s->line;
    FOR_RECORDS(p, s, r)
    {
        if (strcmp(r->key, "name_vi") == 0)
            c->name_vi = xstrdup(p, r->value);
        else if (strcmp(r->key, "name_en") == 0)
            c->name_en = xstrdup(p, r->value);
        else if (strcmp(r->key, "group") == 0)
            c->group = xstrdup(p, r->value);
        else if (strcmp(r->key, "note") != 0)
            ERR(p, r->line, r->key, "unknown-key", "unknown key in [criterion %s]", s->code);
    }
    if (!c->name_vi)
        ERR(p, s->line, "name_vi", "missing-key", "[criterion %s] needs 'name_vi'", s->code);
}

/* The keys of [indicator] other than the threshold.* family. */
enum ikey {
    IK_CRITERION, IK_PART_OF, IK_PARTS, IK_NAME_VI, IK_NAME_EN, IK_KIND, IK_COMBINE, IK_UNIT,
    IK_DIRECTION, IK_MODEL, IK_SLOPE, IK_SLOPE_SD, IK_SIGMA, IK_NU, IK_CEILING, IK_PSOURCE,
    IK_RISK, IK_RSOURCE, IK_NOTE, IK_TSOURCE, IK_DENOM_UNIT, IK_COUNT
};
static const char *const ikey_names[IK_COUNT] = {
    "criterion", "part_of",  "parts",       "name_vi",        "name_en",
    "kind",      "combine",  "unit",        "direction",      "model",
    "prior.slope", "prior.slope_sd", "prior.sigma", "prior.nu", "prior.ceiling",
    "prior.source", "risk",  "risk.source", "note",           "threshold.source",
    "denominator_unit"};

typedef struct tslot {
    char key[INIH_MAX_NAME];
    const record *value, *text, *source;
} tslot;

/* Reads "≥ 80", "<= 6,5%", "15..20", a bare number (by DIRECTION) or, for a binary
 * indicator, "đạt"; fills T's bounds. Returns 0, or -1 after reporting. */
static int parse_threshold_value(parser *p, const record *r, ntm_kind kind, ntm_direction dir,
                                 ntm_threshold *t)
{
    const char *s = r->value;
    if (kind == NTM_KIND_BINARY) {
        static const char *const yes[] = {"đạt", "Đạt", "ĐẠT", "dat", "Dat", "DAT", "yes",
                                          "Yes", "met"};
        if (in_list(s, yes, sizeof yes / sizeof yes[0]))
            return 0;
        ERR(p, r->line, r->key, "bad-value",
            "the threshold of a binary indicator is 'đạt'; put its wording in %s.text",
            r->key);
        return -1;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    char *q = lskip(buf);
    int lower = 0, upper = 0;
    if (strncmp(q, ">=", 2) == 0 || strncmp(q, "=>", 2) == 0)
        lower = 1, q += 2;
    else if (strncmp(q, "\xE2\x89\xA5", 3) == 0) /* ≥ */
        lower = 1, q += 3;
    else if (strncmp(q, "<=", 2) == 0 || strncmp(q, "=<", 2) == 0)
        upper = 1, q += 2;
    else if (strncmp(q, "\xE2\x89\xA4", 3) == 0) /* ≤ */
        upper = 1, q += 3;
    else if (*q == '<' || *q == '>') {
        ERR(p, r->line, r->key, "bad-value",
            "strict bounds are not used in criteria: write <= or >= (≤, ≥)");
        return -1;
    }
    double lo = NAN, hi = NAN;
    const char *why = NULL;
    char *dots = (lower || upper) ? NULL : strstr(q, "..");
    if (dots) {
        *dots = '\0';
        if (ntm_parse_double(q, NTM_NUM_AUTO, &lo, &why) != NTM_OK ||
            ntm_parse_double(dots + 2, NTM_NUM_AUTO, &hi, &why) != NTM_OK) {
            ERR(p, r->line, r->key, "bad-number", "range '%s' is not two numbers LOW..HIGH (%s)",
                s, why ? why : "?");
            return -1;
        }
    } else {
        double v;
        if (ntm_parse_double(q, NTM_NUM_AUTO, &v, &why) != NTM_OK) {
            ERR(p, r->line, r->key, "bad-number",
                "'%s' is not a threshold (write '>= 80', '<= 6,5', '15..20' or a number: %s)",
                s, why ? why : "?");
            return -1;
        }
        if (!lower && !upper) {
            lower = dir == NTM_DIR_MIN;
            upper = dir == NTM_DIR_MAX;
        }
        if (lower)
            lo = v;
        else
            hi = v;
        if (lower && dir == NTM_DIR_MAX) {
            ERR(p, r->line, r->key, "direction-mismatch",
                "a lower bound (>=) for an indicator with direction = max");
            return -1;
        }
        if (upper && dir == NTM_DIR_MIN) {
            ERR(p, r->line, r->key, "direction-mismatch",
                "an upper bound (<=) for an indicator with direction = min");
            return -1;
        }
    }
    if (!isfinite(lo) && !isfinite(hi) && (isinf(lo) || isinf(hi))) {
        ERR(p, r->line, r->key, "bad-number", "threshold is not finite");
        return -1;
    }
    if (isfinite(lo) && isfinite(hi) && lo > hi) {
        ERR(p, r->line, r->key, "lower-above-upper", "lower bound %g is above upper bound %g",
            lo, hi);
        return -1;
    }
    double mn = 0, mx = INFINITY;
    if (kind == NTM_KIND_RATE || kind == NTM_KIND_SUM)
        mn = RATE_MIN, mx = RATE_MAX;
    if ((isfinite(lo) && (lo < mn || lo > mx)) || (isfinite(hi) && (hi < mn || hi > mx))) {
        if (mx == RATE_MAX)
            ERR(p, r->line, r->key, "out-of-range", "a rate threshold must lie in [0, 100] (%%)");
        else
            ERR(p, r->line, r->key, "out-of-range", "a threshold cannot be negative");
        return -1;
    }
    t->lower = lo;
    t->upper = hi;
    return 0;
}

static void read_thresholds(parser *p, ntm_indicator *ind, tslot *ts, size_t n_ts,
                            const record *default_source)
{
    for (size_t i = 0; i < n_ts; i++) {
        tslot *sl = &ts[i];
        const record *any = sl->value ? sl->value : sl->text ? sl->text : sl->source;
        if (strcmp(sl->key, "*") != 0 && !scheme_has_class(p, sl->key)) {
            char list[128];
            class_list(p, list, sizeof list);
            if (p->cat->scheme == NTM_SCHEME_NONE)
                ERR(p, any->line, any->key, "unknown-class",
                    "scheme 'none' has no classes: use threshold.*");
            else
                ERR(p, any->line, any->key, "unknown-class",
                    "class '%s' is not in scheme %s (%s, or * for all)", sl->key,
                    ntm_scheme_name(p->cat->scheme), list);
            continue;
        }
        if (!sl->value && !sl->text) {
            WARN(p, any->line, any->key, "unused", "a source with no threshold is ignored");
            continue;
        }
        ntm_threshold t = {.lower = NAN, .upper = NAN};
        if (sl->value && parse_threshold_value(p, sl->value, ind->kind, ind->direction, &t))
            continue;
        const record *src = sl->source ? sl->source : default_source;
        if (!src) {
            ERR(p, any->line, any->key, "threshold-no-source",
                "threshold for '%s' has no source (add threshold.%s.source or "
                "threshold.source; leave the threshold out if it is not confirmed)",
                sl->key, sl->key);
            continue;
        }
        void *a = realloc(ind->thresholds, (ind->n_thresholds + 1) * sizeof *ind->thresholds);
        if (!a) {
            p->oom = 1;
            return;
        }
        ind->thresholds = a;
        ntm_threshold *d = &ind->thresholds[ind->n_thresholds++];
        *d = t;
        d->class_key = xstrdup(p, sl->key);
        d->text = sl->text ? xstrdup(p, sl->text->value)
                  : ind->kind == NTM_KIND_BINARY ? xstrdup(p, "Đạt")
                                                 : NULL;
        d->source = xstrdup(p, src->value);
    }
}

static tslot *tslot_get(parser *p, tslot **ts, size_t *n, size_t *cap, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*ts)[i].key, key) == 0)
            return &(*ts)[i];
    if (grow(p, (void **)ts, cap, *n, sizeof **ts))
        return NULL;
    tslot *s = &(*ts)[(*n)++];
    memset(s, 0, sizeof *s);
    snprintf(s->key, sizeof s->key, "%s", key);
    return s;
}

static void read_indicator(parser *p, const ini_section *s, ind_extra *x)
{
    ntm_catalog *cat = p->cat;
    const record *k[IK_COUNT] = {0};
    tslot *ts = NULL;
    size_t n_ts = 0, cap_ts = 0;
    FOR_RECORDS(p, s, r)
    {
        size_t i = 0;
        while (i < IK_COUNT && strcmp(r->key, ikey_names[i]) != 0)
            i++;
        if (i < IK_COUNT) {
            k[i] = r;
            continue;
        }
        if (strncmp(r->key, "threshold.", 10) == 0) {
            char cls[INIH_MAX_NAME];
            snprintf(cls, sizeof cls, "%s", r->key + 10);
            char *dot = strchr(cls, '.');
            const char *sub = "";
            if (dot) {
                *dot = '\0';
                sub = dot + 1;
            }
            if (*cls && (strcmp(cls, "*") == 0 || valid_code(cls)) &&
                (!*sub || strcmp(sub, "text") == 0 || strcmp(sub, "source") == 0)) {
                tslot *sl = tslot_get(p, &ts, &n_ts, &cap_ts, cls);
                if (!sl)
                    break;
                if (!*sub)
                    sl->value = r;
                else if (strcmp(sub, "text") == 0)
                    sl->text = r;
                else
                    sl->source = r;
                continue;
            }
        }
        ERR(p, r->line, r->key, "unknown-key", "unknown key in [indicator %s]", s->code);
    }

    void *a = realloc(cat->indicators, (cat->n_indicators + 1) * sizeof *cat->indicators);
    if (!a) {
        p->oom = 1;
        free(ts);
        return;
    }
    cat->indicators = a;
    ntm_indicator *ind = &cat->indicators[cat->n_indicators++];
    memset(ind, 0, sizeof *ind);
    memset(x, 0, sizeof *x);
    ind->code = xstrdup(p, s->code);
    ind->line = s->line;
    ind->prior = (ntm_prior){NAN, NAN, NAN, NAN, NAN, NULL};
    ind->risk = NAN;
    x->section_line = s->line;
    x->parts = k[IK_PARTS];
    x->part_of = k[IK_PART_OF];
    x->criterion = k[IK_CRITERION];
    x->kind = k[IK_KIND];
    x->direction = k[IK_DIRECTION];

    if (k[IK_NAME_VI])
        ind->name_vi = xstrdup(p, k[IK_NAME_VI]->value);
    else
        ERR(p, s->line, "name_vi", "missing-key", "[indicator %s] needs 'name_vi'", s->code);
    if (k[IK_NAME_EN])
        ind->name_en = xstrdup(p, k[IK_NAME_EN]->value);
    if (k[IK_CRITERION])
        ind->criterion = xstrdup(p, k[IK_CRITERION]->value);
    if (k[IK_PART_OF])
        ind->part_of = xstrdup(p, k[IK_PART_OF]->value);

    ind->kind = NTM_KIND_RATE;
    x->kind_bad = 1;
    if (!k[IK_KIND])
        ERR(p, s->line, "kind", "missing-key",
            "[indicator %s] needs 'kind' (rate, sum, count, amount or binary)", s->code);
    else if (ntm_kind_from_name(k[IK_KIND]->value, &ind->kind) != 0)
        ERR(p, k[IK_KIND]->line, "kind", "bad-value",
            "unknown kind '%s' (rate, sum, count, amount or binary)", k[IK_KIND]->value);
    else
        x->kind_bad = 0;

    int binary = ind->kind == NTM_KIND_BINARY;
    ind->direction = binary ? NTM_DIR_YES : NTM_DIR_MIN;
    if (k[IK_DIRECTION]) {
        const record *r = k[IK_DIRECTION];
        ntm_direction d;
        if (ntm_direction_from_name(r->value, &d) != 0)
            ERR(p, r->line, r->key, "bad-value",
                "unknown direction '%s' (min = at least, max = at most, yes = đạt)", r->value);
        else if (binary && d != NTM_DIR_YES)
            ERR(p, r->line, r->key, "bad-value", "a binary indicator has direction = yes");
        else if (!binary && d == NTM_DIR_YES)
            ERR(p, r->line, r->key, "bad-value",
                "direction = yes is for kind = binary; use min or max");
        else
            ind->direction = d;
    } else if (!binary) {
        x->dir_missing = 1; /* a part may take its sum's; checked with the cross-references */
    }

    if (k[IK_UNIT])
        ind->unit = xstrdup(p, k[IK_UNIT]->value);
    else if (ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM)
        ind->unit = xstrdup(p, "%");
    if (k[IK_DENOM_UNIT])
        ind->denom_unit = xstrdup(p, k[IK_DENOM_UNIT]->value);

    if (k[IK_COMBINE]) {
        if (strcmp(k[IK_COMBINE]->value, "all") == 0)
            ind->combine_all = 1;
        else
            ERR(p, k[IK_COMBINE]->line, "combine", "bad-value",
                "combine takes 'all' (every part must be met), not '%s'", k[IK_COMBINE]->value);
    }

    if (k[IK_MODEL]) {
        const record *r = k[IK_MODEL];
        if (!in_list(r->value, models, sizeof models / sizeof models[0]))
            ERR(p, r->line, r->key, "bad-value",
                "unknown model '%s' (linear, loglinear, logistic, damped or constant)", r->value);
        else if (binary)
            ERR(p, r->line, r->key, "bad-value", "a binary indicator has no trend model");
        else
            ind->model = xstrdup(p, r->value);
    }

    /* Prior: every number needs prior.source (DESIGN.md: "always with its source"). */
    static const enum ikey pk[] = {IK_SLOPE, IK_SLOPE_SD, IK_SIGMA, IK_NU, IK_CEILING};
    double *pv[] = {&ind->prior.slope, &ind->prior.slope_sd, &ind->prior.sigma, &ind->prior.nu,
                    &ind->prior.ceiling};
    const record *first_prior = NULL;
    for (size_t i = 0; i < sizeof pk / sizeof pk[0]; i++) {
        const record *r = k[pk[i]];
        if (!r)
            continue;
        if (!first_prior || r->line < first_prior->line)
            first_prior = r;
        double v;
        if (read_number(p, r, &v, NULL))
            continue;
        int bad = (pk[i] == IK_SLOPE_SD || pk[i] == IK_SIGMA || pk[i] == IK_CEILING) ? !(v > 0)
                  : pk[i] == IK_NU                                               ? v < 0
                                                                                 : 0;
        if (bad) {
            ERR(p, r->line, r->key, "out-of-range", "%s must be %s", r->key,
                pk[i] == IK_NU ? ">= 0" : "> 0");
            continue;
        }
        *pv[i] = v;
    }
    if (first_prior && !k[IK_PSOURCE])
        ERR(p, first_prior->line, first_prior->key, "prior-no-source",
            "prior numbers need prior.source (a series and its source, or 'assumption')");
    if (k[IK_PSOURCE])
        ind->prior.source = xstrdup(p, k[IK_PSOURCE]->value);
    if (first_prior && binary)
        ERR(p, first_prior->line, first_prior->key, "bad-value",
            "a binary indicator has no trend prior");

    if (k[IK_RISK]) {
        const record *r = k[IK_RISK];
        double v;
        int pct = 0;
        if (read_number(p, r, &v, &pct) == 0) {
            if (pct)
                v /= 100.0; /* "5%" is 0.05 */
            if (v < 0 || v > 1)
                ERR(p, r->line, r->key, "risk-range",
                    "risk is a yearly probability in [0, 1] (or 0%%..100%%), not '%s'", r->value);
            else
                ind->risk = v;
        }
        if (!k[IK_RSOURCE])
            ERR(p, r->line, r->key, "risk-no-source",
                "risk needs risk.source (where it was read, or 'assumption')");
    }
    if (k[IK_RSOURCE])
        ind->risk_source = xstrdup(p, k[IK_RSOURCE]->value);
    if (k[IK_NOTE])
        ind->note = xstrdup(p, k[IK_NOTE]->value);

    read_thresholds(p, ind, ts, n_ts, k[IK_TSOURCE]);
    free(ts);
}

static long find_indicator(const ntm_catalog *cat, const char *code)
{
    for (size_t i = 0; i < cat->n_indicators; i++)
        if (strcmp(cat->indicators[i].code, code) == 0)
            return (long)i;
    return -1;
}

/* Cross-references: parts lists, part_of, criteria, sums, the declared count. */
static void check_links(parser *p, ind_extra *x)
{
    ntm_catalog *cat = p->cat;
    size_t n = cat->n_indicators;

    /* parts = A B: the listed sections become parts of this indicator. */
    for (size_t i = 0; i < n; i++) {
        const record *r = x[i].parts;
        if (!r)
            continue;
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", r->value);
        for (char *tok = strtok(buf, " ,;\t"); tok; tok = strtok(NULL, " ,;\t")) {
            long j = find_indicator(cat, tok);
            if (j < 0) {
                ERR(p, r->line, "parts", "parts-mismatch", "part '%s' has no [indicator %s]",
                    tok, tok);
                continue;
            }
            ntm_indicator *c = &cat->indicators[j];
            if (!c->part_of)
                c->part_of = xstrdup(p, cat->indicators[i].code);
            else if (strcmp(c->part_of, cat->indicators[i].code) != 0)
                ERR(p, r->line, "parts", "parts-mismatch",
                    "part '%s' says part_of = %s, not %s", tok, c->part_of,
                    cat->indicators[i].code);
        }
    }

    for (size_t i = 0; i < n; i++) {
        ntm_indicator *ind = &cat->indicators[i];
        if (ind->part_of) {
            long line = x[i].part_of ? x[i].part_of->line : x[i].section_line;
            long j = find_indicator(cat, ind->part_of);
            if (j < 0) {
                ERR(p, line, "part_of", "missing-parent", "part_of names no indicator: '%s'",
                    ind->part_of);
                continue;
            }
            if ((size_t)j == i || cat->indicators[j].part_of) {
                ERR(p, line, "part_of", "part-of-part",
                    "'%s' is itself a part; parts cannot have parts", ind->part_of);
                continue;
            }
            if (x[j].parts && x[i].part_of) {
                /* the parent lists its parts: this one must be among them */
                char buf[1024];
                snprintf(buf, sizeof buf, " %s ", x[j].parts->value);
                for (char *c = buf; *c; c++)
                    if (*c == ',' || *c == ';' || *c == '\t')
                        *c = ' ';
                char needle[128];
                snprintf(needle, sizeof needle, " %s ", ind->code);
                if (!strstr(buf, needle))
                    ERR(p, line, "part_of", "parts-mismatch",
                        "[indicator %s] lists parts = %s without %s", ind->part_of,
                        x[j].parts->value, ind->code);
            }
            const ntm_indicator *par = &cat->indicators[j];
            if (!ind->criterion)
                ind->criterion = xstrdup(p, par->criterion);
            else if (par->criterion && strcmp(ind->criterion, par->criterion) != 0)
                ERR(p, x[i].criterion->line, "criterion", "bad-value",
                    "a part belongs to its indicator's criterion (%s), not %s", par->criterion,
                    ind->criterion);
            if (x[i].dir_missing) {
                if (par->kind == NTM_KIND_SUM || x[j].kind_bad) {
                    ind->direction = par->direction;
                    x[i].dir_missing = 0;
                }
            }
        } else if (!ind->criterion) {
            ERR(p, x[i].section_line, "criterion", "missing-key",
                "[indicator %s] needs 'criterion'", ind->code);
        } else if (!ntm_catalog_criterion(cat, ind->criterion)) {
            ERR(p, x[i].criterion->line, "criterion", "missing-criterion",
                "no [criterion %s] in this file", ind->criterion);
        }
        if (x[i].dir_missing)
            ERR(p, x[i].section_line, "direction", "missing-key",
                "[indicator %s] needs 'direction' (min = at least, max = at most)", ind->code);
    }

    /* What having parts means. */
    size_t top = 0;
    for (size_t i = 0; i < n; i++) {
        ntm_indicator *ind = &cat->indicators[i];
        if (ind->part_of)
            continue;
        top++;
        size_t n_parts = 0;
        for (size_t j = 0; j < n; j++) {
            const ntm_indicator *c = &cat->indicators[j];
            if (!c->part_of || strcmp(c->part_of, ind->code) != 0)
                continue;
            n_parts++;
            if (ind->kind == NTM_KIND_SUM && c->kind != NTM_KIND_RATE && !x[j].kind_bad)
                ERR(p, x[j].kind ? x[j].kind->line : x[j].section_line, "kind",
                    "sum-part-not-rate", "'%s' is a part of the sum %s and must be kind = rate",
                    c->code, ind->code);
        }
        long line = x[i].kind ? x[i].kind->line : x[i].section_line;
        if (x[i].kind_bad)
            continue;
        if (ind->kind == NTM_KIND_SUM && ind->combine_all)
            ERR(p, line, "combine", "bad-value", "a sum adds its parts; combine = all is for "
                                                 "sub-conditions");
        else if (ind->kind == NTM_KIND_SUM && n_parts < 2)
            ERR(p, line, "kind", "sum-parts",
                "a sum needs at least two parts (sections with part_of = %s)", ind->code);
        else if (ind->combine_all && n_parts == 0)
            ERR(p, line, "combine", "sum-parts",
                "combine = all needs parts (sections with part_of = %s)", ind->code);
        else if (n_parts > 0 && ind->kind != NTM_KIND_SUM && !ind->combine_all)
            ERR(p, line, "kind", "sum-parts",
                "%s has parts: make it kind = sum (parts add up) or set combine = all", ind->code);
    }
    if (cat->indicators_declared > 0 && (long)top > cat->indicators_declared)
        ERR(p, p->declared_rec ? p->declared_rec->line : 0, "indicators_declared",
            "declared-count", "%zu indicators listed but the set declares only %ld", top,
            cat->indicators_declared);

    if (cat->hardest_class && p->hardest_rec && p->scheme_known &&
        !scheme_has_class(p, cat->hardest_class)) {
        char list[128];
        class_list(p, list, sizeof list);
        if (cat->scheme == NTM_SCHEME_NONE)
            ERR(p, p->hardest_rec->line, "hardest_class", "unknown-class",
                "scheme 'none' has no classes");
        else
            ERR(p, p->hardest_rec->line, "hardest_class", "unknown-class",
                "class '%s' is not in scheme %s (%s)", cat->hardest_class,
                ntm_scheme_name(cat->scheme), list);
    }
    if (p->scheme_known) {
        const char *const *keys;
        size_t nk = ntm_catalog_scheme_classes(cat->scheme, &keys);
        char missing[128] = "";
        size_t w = 0;
        for (size_t i = 0; i < nk && w < sizeof missing; i++) {
            size_t j = 0;
            while (j < cat->n_classes && strcmp(cat->classes[j].key, keys[i]) != 0)
                j++;
            if (j == cat->n_classes)
                w += (size_t)snprintf(missing + w, sizeof missing - w, "%s%s", w ? ", " : "",
                                      keys[i]);
        }
        if (w)
            WARN(p, 0, NULL, "missing-class",
                 "classes of scheme %s without a [class] section (no names to show): %s",
                 ntm_scheme_name(cat->scheme), missing);
    }
}

/* Puts every part right after its parent, keeping file order otherwise. */
static void order_parts(parser *p)
{
    ntm_catalog *cat = p->cat;
    size_t n = cat->n_indicators;
    if (n == 0)
        return;
    ntm_indicator *out = malloc(n * sizeof *out);
    char *taken = calloc(n, 1);
    if (!out || !taken) {
        free(out);
        free(taken);
        p->oom = 1;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (cat->indicators[i].part_of && find_indicator(cat, cat->indicators[i].part_of) >= 0)
            continue;
        out[k++] = cat->indicators[i];
        taken[i] = 1;
        for (size_t j = 0; j < n; j++)
            if (!taken[j] && cat->indicators[j].part_of &&
                strcmp(cat->indicators[j].part_of, cat->indicators[i].code) == 0) {
                out[k++] = cat->indicators[j];
                taken[j] = 1;
            }
    }
    for (size_t i = 0; i < n; i++) /* parts of parts, already reported */
        if (!taken[i])
            out[k++] = cat->indicators[i];
    free(cat->indicators);
    free(taken);
    cat->indicators = out;
}

static void build(parser *p)
{
    const ini_section *set = NULL;
    for (size_t i = 0; i < p->n_sec; i++)
        if (!p->sec[i].skip && p->sec[i].type == SEC_SET)
            set = &p->sec[i];
    if (!set)
        ERR(p, 0, NULL, "missing-section", "no [set] section: a catalog starts with [set]");
    else
        read_set(p, set);
    for (size_t i = 0; i < p->n_sec && !p->oom; i++)
        if (!p->sec[i].skip && p->sec[i].type == SEC_CLASS)
            read_class(p, &p->sec[i]);
    for (size_t i = 0; i < p->n_sec && !p->oom; i++)
        if (!p->sec[i].skip && p->sec[i].type == SEC_CRITERION)
            read_criterion(p, &p->sec[i]);
    size_t n_ind = 0;
    for (size_t i = 0; i < p->n_sec; i++)
        n_ind += !p->sec[i].skip && p->sec[i].type == SEC_INDICATOR;
    ind_extra *x = calloc(n_ind ? n_ind : 1, sizeof *x);
    if (!x) {
        p->oom = 1;
        return;
    }
    for (size_t i = 0; i < p->n_sec && !p->oom; i++)
        if (!p->sec[i].skip && p->sec[i].type == SEC_INDICATOR)
            read_indicator(p, &p->sec[i], &x[p->cat->n_indicators]);
    if (!p->oom)
        check_links(p, x);
    free(x);
    if (!p->oom)
        order_parts(p);
}

static void parser_release(parser *p)
{
    for (size_t i = 0; i < p->n_ev; i++) {
        free(p->ev[i].section);
        free(p->ev[i].key);
    }
    free(p->ev);
    for (size_t i = 0; i < p->n_sec; i++) {
        free(p->sec[i].raw);
        free(p->sec[i].code);
    }
    free(p->sec);
    for (size_t i = 0; i < p->n_rec; i++) {
        free(p->rec[i].section);
        free(p->rec[i].key);
        free(p->rec[i].value);
    }
    free(p->rec);
}

/* Reads PATH whole; NULL after reporting. */
static char *slurp(parser *p, size_t *len)
{
    FILE *f = fopen(p->path, "rb");
    if (!f) {
        ERR(p, 0, NULL, "io", "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            if (cap >= (size_t)CATALOG_MAX_BYTES) {
                ERR(p, 0, NULL, "io", "file larger than %ld bytes: not a catalog",
                    CATALOG_MAX_BYTES);
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
        p->oom = 1;
        fclose(f);
        return NULL;
    }
    if (ferror(f)) {
        ERR(p, 0, NULL, "io", "cannot read: %s", strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

ntm_status ntm_catalog_read(const char *path, ntm_catalog *cat, ntm_diag_list *diags)
{
    memset(cat, 0, sizeof *cat);
    cat->scheme = NTM_SCHEME_NONE;
    parser p = {.path = path, .diags = diags, .cat = cat};
    size_t errors_before = diags->n_errors;
    size_t len = 0;
    char *buf = slurp(&p, &len);
    if (!buf)
        return p.oom ? NTM_ENOMEM : NTM_EIO;
    cat->path = xstrdup(&p, path);
    char *work = malloc(len + 1);
    if (!work) {
        free(buf);
        return NTM_ENOMEM;
    }
    memcpy(work, buf, len + 1);
    scan(&p, work, len);
    free(work);
    if (!p.oom) {
        int rc = run_inih(&p, buf);
        if (rc > 0 && !p.long_line) {
            /* inih saw an error the scan did not: report it rather than lose it. */
            int seen = 0;
            for (size_t i = errors_before; i < diags->n; i++)
                seen |= diags->items[i].line == rc && diags->items[i].severity == NTM_ERROR;
            if (!seen)
                ERR(&p, rc, NULL, "syntax", "the INI reader refused this line");
        }
    }
    free(buf);
    if (!p.oom)
        build(&p);
    parser_release(&p);
    if (p.oom)
        return NTM_ENOMEM;
    return diags->n_errors > errors_before ? NTM_EINPUT : NTM_OK;
}
