/* catalog_ini.c: criteria catalogs from INI files (see catalog_ini.h and models/README.md).
 *
 * The file is read by io/ini_scan.c: a line scan (which gives every key its line and
 * reports bad UTF-8, text not in NFC, bad syntax and duplicate keys), then inih, leaving
 * records (section, key, value, line). What is the catalog's own is here:
 *  - the section headers ([set], [class KEY], [criterion CODE], [indicator CODE]): their
 *    kinds, codes and duplicates, judged as the scan meets them (section_hook);
 *  - which indented lines read like a new key (continuation_hook);
 *  - the build: the records, section by section ([set] first: its scheme decides which
 *    class keys exist), become the structs of model/catalog.h, then cross-references
 *    (criterion, part_of, parts, sums) are checked. */
#include "io/catalog_ini.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/ini_scan.h"
#include "io/number.h"

/* A catalog is a hand-written text file: anything bigger is not one. */
#define CATALOG_MAX_BYTES (8L * 1024 * 1024)
/* Bytes kept of a key's name for its continuation lines (longer keys are cut). */
#define CONT_KEY_SIZE 256
/* Percent bounds of a rate threshold. */
#define RATE_MIN 0.0
#define RATE_MAX 100.0

/* ---- the parser's working state ------------------------------------------------------ */

typedef enum sec_type { SEC_SET, SEC_CLASS, SEC_CRITERION, SEC_INDICATOR, SEC_OTHER } sec_type;

typedef struct section {
    char *raw; /* as inih reports it */
    sec_type type;
    char *code; /* class key, criterion or indicator code; NULL for [set] */
    long line;
    int skip;
} ini_section;

typedef ntm_ini_rec record; /* one key's value with its line (io/ini_scan.h) */

typedef struct parser {
    ntm_ini_doc ini; /* the file's records, its path, diagnostics and out-of-memory flag */
    ntm_catalog *cat;
    ini_section *sec; /* every section header the scan met, skipped ones too */
    size_t n_sec, cap_sec;
    int scheme_known;           /* the [set] scheme was read correctly */
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

#define ERR(p, line, key, code, ...)                                                               \
    ntm_ini_diag(&(p)->ini, NTM_ERROR, line, key, code, __VA_ARGS__)
#define WARN(p, line, key, code, ...)                                                              \
    ntm_ini_diag(&(p)->ini, NTM_WARNING, line, key, code, __VA_ARGS__)

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

static const char *sec_type_name(sec_type t)
{
    static const char *names[] = {"set", "class", "criterion", "indicator", "?"};
    return names[t];
}

/* ---- what the scan asks of the catalog ---------------------------------------------------- */

/* Judges the section header [TEXT] at LINE (the scan's hook): its kind and code, and
 * whether it repeats one before. Returns whether its keys are to be skipped. */
static int section_hook(ntm_ini_doc *d, void *user, const char *text, long line)
{
    parser *p = user;
    (void)d;
    if (strlen(text) >= NTM_INI_MAX_NAME) {
        ERR(p, line, NULL, "syntax", _("section name longer than %d bytes"), NTM_INI_MAX_NAME - 1);
        return 1;
    }
    char kind[256], code[256];
    ntm_ini_section_split(text, kind, sizeof kind, code, sizeof code);
    sec_type type = strcmp(kind, "set") == 0         ? SEC_SET
                    : strcmp(kind, "class") == 0     ? SEC_CLASS
                    : strcmp(kind, "criterion") == 0 ? SEC_CRITERION
                    : strcmp(kind, "indicator") == 0 ? SEC_INDICATOR
                                                     : SEC_OTHER;
    int skip = 0;
    if (type == SEC_OTHER) {
        ERR(p, line, NULL, "unknown-section",
            _("unknown section [%s] (expected [set], [class KEY], [criterion CODE] or "
              "[indicator CODE])"),
            text);
        skip = 1;
    } else if (type == SEC_SET && *code) {
        ERR(p, line, NULL, "bad-code", _("section [set] takes no code, found '%s'"), code);
        skip = 1;
    } else if (type != SEC_SET && !valid_code(code)) {
        if (*code)
            ERR(p, line, NULL, "bad-code",
                _("code '%s' of [%s] may only hold letters, digits, '.', '-' and '_'"), code,
                sec_type_name(type));
        else
            ERR(p, line, NULL, "bad-code", _("section [%s] needs a code, e.g. [%s %s]"),
                sec_type_name(type), sec_type_name(type),
                type == SEC_CLASS       ? "BTB"
                : type == SEC_CRITERION ? "11"
                                        : "11.1");
        skip = 1;
    }
    if (!skip) {
        for (size_t i = 0; i < p->n_sec; i++) {
            const ini_section *o = &p->sec[i];
            if (o->skip || o->type != type)
                continue;
            if (type == SEC_SET || strcmp(o->code, code) == 0) {
                if (type == SEC_SET)
                    ERR(p, line, NULL, "duplicate", _("second [set] section (first at line %ld)"),
                        o->line);
                else
                    ERR(p, line, NULL, "duplicate",
                        _("duplicate code: [%s %s] already at line %ld"), sec_type_name(type), code,
                        o->line);
                skip = 1;
                break;
            }
        }
    }
    /* inih merges sections with the same raw name; a skipped one must not be looked up. */
    if (!skip && ntm_ini_find_section(&p->ini, text))
        skip = 1;
    if (ntm_ini_grow(&p->ini, (void **)&p->sec, &p->cap_sec, p->n_sec, sizeof *p->sec))
        return 1;
    ini_section *n = &p->sec[p->n_sec++];
    n->raw = ntm_ini_strdup(&p->ini, text);
    n->type = type;
    n->code = type == SEC_SET || type == SEC_OTHER ? NULL : ntm_ini_strdup(&p->ini, code);
    n->line = line;
    n->skip = skip;
    return skip;
}

/* Whether an indented line S reads like "known_key = ...": then the writer probably
 * meant a new key, but inih takes it as more text for the previous one. */
static int looks_like_key(const char *s)
{
    static const char *const keys[] = {"id",
                                       "version",
                                       "name_vi",
                                       "name_en",
                                       "level",
                                       "scheme",
                                       "effective",
                                       "source",
                                       "indicators_declared",
                                       "hardest_class",
                                       "note",
                                       "group",
                                       "criterion",
                                       "part_of",
                                       "parts",
                                       "kind",
                                       "combine",
                                       "unit",
                                       "denominator_unit",
                                       "direction",
                                       "model",
                                       "concept",
                                       "risk"};
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

/* The indented line TEXT at LINE continues KEY (the scan's hook): warned when it reads
 * like one of the catalog's keys. */
static void continuation_hook(ntm_ini_doc *d, void *user, const char *key, const char *text,
                              long line)
{
    (void)user;
    if (*text && looks_like_key(text))
        ntm_ini_warn_continuation(d, line, key);
}

/* KEY repeats in [SECTION] (the scan's hook). */
static void duplicate_key_hook(ntm_ini_doc *d, void *user, const char *section, const char *key,
                               long line, long first)
{
    (void)user;
    ntm_ini_diag(d, NTM_ERROR, line, key, "duplicate",
                 _("key given twice in [%s] (first at line %ld)"), section, first);
}

static const ntm_ini_rules catalog_rules = {
    .too_large = N_("file larger than %ld bytes: not a catalog"),
    .max_bytes = CATALOG_MAX_BYTES,
    .first_section = "[set]",
    .utf8_byte = 1,
    .warn_not_nfc = 1,
    .nfc_keys = 0,
    .keep_skipped = 1,
    .refusal_after_long_line = 0,
    .prev_key_size = CONT_KEY_SIZE,
    .section = section_hook,
    .continuation = continuation_hook,
    .duplicate_key = duplicate_key_hook,
};

/* ---- pass 3: building the catalog -------------------------------------------------------- */

static const char *const region7_keys[] = {"TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"};
static const char *const group3_keys[] = {"1", "2", "3"};

size_t ntm_catalog_scheme_classes(ntm_scheme scheme, const char *const **keys)
{
    switch (scheme) {
    case NTM_SCHEME_REGION7:
        *keys = region7_keys;
        return sizeof region7_keys / sizeof region7_keys[0];
    case NTM_SCHEME_GROUP3: *keys = group3_keys; return sizeof group3_keys / sizeof group3_keys[0];
    case NTM_SCHEME_NONE:
    default: *keys = NULL; return 0;
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
        ERR(p, r->line, r->key, "bad-number", _("'%s' is not a number (%s)"), r->value,
            why ? why : "?");
        return -1;
    }
    if (!isfinite(num.value)) {
        ERR(p, r->line, r->key, "bad-number", _("'%s' is not a finite number"), r->value);
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

/* Records of section S, in file order, skipping those of duplicate keys. No arithmetic
 * on the array when it is NULL (a file with no keys at all, such as "[set]" alone). */
#define FOR_RECORDS(p, s, r)                                                                       \
    for (const record *r = (p)->ini.rec, *r##_end = r ? r + (p)->ini.n_rec : r; r != r##_end; r++) \
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
                    _("id '%s' may only hold letters, digits, '.', '-' and '_'"), v);
            cat->id = ntm_ini_strdup(&p->ini, v);
        } else if (strcmp(k, "version") == 0) {
            cat->version = ntm_ini_strdup(&p->ini, v);
        } else if (strcmp(k, "name_vi") == 0) {
            cat->name_vi = ntm_ini_strdup(&p->ini, v);
        } else if (strcmp(k, "name_en") == 0) {
            cat->name_en = ntm_ini_strdup(&p->ini, v);
        } else if (strcmp(k, "level") == 0) {
            if (!in_list(v, levels, sizeof levels / sizeof levels[0]))
                ERR(p, r->line, k, "bad-value",
                    _("unknown level '%s' (commune, commune-advanced, commune-model or village)"),
                    v);
            cat->level = ntm_ini_strdup(&p->ini, v);
        } else if (strcmp(k, "scheme") == 0) {
            if (ntm_scheme_from_name(v, &cat->scheme) != 0)
                ERR(p, r->line, k, "bad-value", _("unknown scheme '%s' (region7, group3 or none)"),
                    v);
            else
                p->scheme_known = 1;
        } else if (strcmp(k, "effective") == 0) {
            char iso[16];
            if (parse_date(v, iso, sizeof iso) != 0)
                ERR(p, r->line, k, "bad-value",
                    _("'%s' is not a date (write 2022-08-10 or 10/8/2022)"), v);
            else
                cat->effective = ntm_ini_strdup(&p->ini, iso);
        } else if (strcmp(k, "source") == 0) {
            cat->source = ntm_ini_strdup(&p->ini, v);
        } else if (strcmp(k, "indicators_declared") == 0) {
            const char *why = NULL;
            p->declared_rec = r;
            if (ntm_parse_long(v, NTM_NUM_AUTO, 0, 100000, &cat->indicators_declared, &why) !=
                NTM_OK)
                ERR(p, r->line, k, "bad-number", _("'%s' is not a whole number (%s)"), v,
                    why ? why : "?");
        } else if (strcmp(k, "hardest_class") == 0) {
            p->hardest_rec = r;
            cat->hardest_class = ntm_ini_strdup(&p->ini, v);
        } else if (strcmp(k, "note") == 0) {
            /* for readers of the file only */
        } else {
            ERR(p, r->line, k, "unknown-key", _("unknown key in [set]"));
        }
    }
    static const char *const required[] = {"id",     "version",   "name_vi", "level",
                                           "scheme", "effective", "source"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        int present = 0;
        FOR_RECORDS(p, s, r)
        present |= strcmp(r->key, required[i]) == 0;
        if (!present)
            ERR(p, s->line, required[i], "missing-key", _("[set] needs '%s'"), required[i]);
    }
}

static void read_class(parser *p, const ini_section *s)
{
    ntm_catalog *cat = p->cat;
    if (p->scheme_known && cat->scheme == NTM_SCHEME_NONE) {
        ERR(p, s->line, NULL, "unknown-class",
            _("[class %s]: scheme 'none' has no classes (use threshold.* only)"), s->code);
        return;
    }
    if (p->scheme_known && !scheme_has_class(p, s->code)) {
        char list[128];
        class_list(p, list, sizeof list);
        ERR(p, s->line, NULL, "unknown-class", _("[class %s]: scheme %s has only %s"), s->code,
            ntm_scheme_name(cat->scheme), list);
        return;
    }
    void *a = realloc(cat->classes, (cat->n_classes + 1) * sizeof *cat->classes);
    if (!a) {
        p->ini.oom = 1;
        return;
    }
    cat->classes = a;
    ntm_class *c = &cat->classes[cat->n_classes++];
    memset(c, 0, sizeof *c);
    c->key = ntm_ini_strdup(&p->ini, s->code);
    FOR_RECORDS(p, s, r)
    {
        if (strcmp(r->key, "name_vi") == 0)
            c->name_vi = ntm_ini_strdup(&p->ini, r->value);
        else if (strcmp(r->key, "name_en") == 0)
            c->name_en = ntm_ini_strdup(&p->ini, r->value);
        else if (strcmp(r->key, "note") != 0)
            ERR(p, r->line, r->key, "unknown-key", _("unknown key in [class %s]"), s->code);
    }
    if (!c->name_vi)
        ERR(p, s->line, "name_vi", "missing-key", _("[class %s] needs 'name_vi'"), s->code);
}

static void read_criterion(parser *p, const ini_section *s)
{
    ntm_catalog *cat = p->cat;
    void *a = realloc(cat->criteria, (cat->n_criteria + 1) * sizeof *cat->criteria);
    if (!a) {
        p->ini.oom = 1;
        return;
    }
    cat->criteria = a;
    ntm_criterion *c = &cat->criteria[cat->n_criteria++];
    memset(c, 0, sizeof *c);
    c->code = ntm_ini_strdup(&p->ini, s->code);
    c->line = s->line;
    FOR_RECORDS(p, s, r)
    {
        if (strcmp(r->key, "name_vi") == 0)
            c->name_vi = ntm_ini_strdup(&p->ini, r->value);
        else if (strcmp(r->key, "name_en") == 0)
            c->name_en = ntm_ini_strdup(&p->ini, r->value);
        else if (strcmp(r->key, "group") == 0)
            c->group = ntm_ini_strdup(&p->ini, r->value);
        else if (strcmp(r->key, "note") != 0)
            ERR(p, r->line, r->key, "unknown-key", _("unknown key in [criterion %s]"), s->code);
    }
    if (!c->name_vi)
        ERR(p, s->line, "name_vi", "missing-key", _("[criterion %s] needs 'name_vi'"), s->code);
}

/* The keys of [indicator] other than the threshold.* family. */
enum ikey {
    IK_CRITERION,
    IK_PART_OF,
    IK_PARTS,
    IK_NAME_VI,
    IK_NAME_EN,
    IK_KIND,
    IK_COMBINE,
    IK_UNIT,
    IK_DIRECTION,
    IK_MODEL,
    IK_SLOPE,
    IK_SLOPE_SD,
    IK_SIGMA,
    IK_NU,
    IK_CEILING,
    IK_PSOURCE,
    IK_RISK,
    IK_RSOURCE,
    IK_NOTE,
    IK_TSOURCE,
    IK_DENOM_UNIT,
    IK_CONCEPT,
    IK_COUNT
};
static const char *const ikey_names[IK_COUNT] = {"criterion",
                                                 "part_of",
                                                 "parts",
                                                 "name_vi",
                                                 "name_en",
                                                 "kind",
                                                 "combine",
                                                 "unit",
                                                 "direction",
                                                 "model",
                                                 "prior.slope",
                                                 "prior.slope_sd",
                                                 "prior.sigma",
                                                 "prior.nu",
                                                 "prior.ceiling",
                                                 "prior.source",
                                                 "risk",
                                                 "risk.source",
                                                 "note",
                                                 "threshold.source",
                                                 "denominator_unit",
                                                 "concept"};

typedef struct tslot {
    char key[NTM_INI_MAX_NAME];
    const record *value, *text, *source;
} tslot;

/* Reads "≥ 80", "<= 6,5%", "15..20", a bare number (by DIRECTION) or, for a binary
 * indicator, "đạt"; fills T's bounds. Returns 0, or -1 after reporting. */
static int parse_threshold_value(parser *p, const record *r, ntm_kind kind, ntm_direction dir,
                                 ntm_threshold *t)
{
    const char *s = r->value;
    if (kind == NTM_KIND_BINARY) {
        static const char *const yes[] = {"đạt", "Đạt", "ĐẠT", "dat", "Dat",
                                          "DAT", "yes", "Yes", "met"};
        if (in_list(s, yes, sizeof yes / sizeof yes[0]))
            return 0;
        ERR(p, r->line, r->key, "bad-value",
            _("the threshold of a binary indicator is 'đạt'; put its wording in %s.text"), r->key);
        return -1;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    char *q = ntm_ini_lskip(buf);
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
            _("strict bounds are not used in criteria: write <= or >= (≤, ≥)"));
        return -1;
    }
    double lo = NAN, hi = NAN;
    const char *why = NULL;
    char *dots = (lower || upper) ? NULL : strstr(q, "..");
    if (dots) {
        *dots = '\0';
        if (ntm_parse_double(q, NTM_NUM_AUTO, &lo, &why) != NTM_OK ||
            ntm_parse_double(dots + 2, NTM_NUM_AUTO, &hi, &why) != NTM_OK) {
            ERR(p, r->line, r->key, "bad-number", _("range '%s' is not two numbers LOW..HIGH (%s)"),
                s, why ? why : "?");
            return -1;
        }
    } else {
        double v;
        if (ntm_parse_double(q, NTM_NUM_AUTO, &v, &why) != NTM_OK) {
            ERR(p, r->line, r->key, "bad-number",
                _("'%s' is not a threshold (write '>= 80', '<= 6,5', '15..20' or a number: %s)"), s,
                why ? why : "?");
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
                _("a lower bound (>=) for an indicator with direction = max"));
            return -1;
        }
        if (upper && dir == NTM_DIR_MIN) {
            ERR(p, r->line, r->key, "direction-mismatch",
                _("an upper bound (<=) for an indicator with direction = min"));
            return -1;
        }
    }
    if (!isfinite(lo) && !isfinite(hi) && (isinf(lo) || isinf(hi))) {
        ERR(p, r->line, r->key, "bad-number", _("threshold is not finite"));
        return -1;
    }
    if (isfinite(lo) && isfinite(hi) && lo > hi) {
        ERR(p, r->line, r->key, "lower-above-upper", _("lower bound %g is above upper bound %g"),
            lo, hi);
        return -1;
    }
    double mn = 0, mx = INFINITY;
    if (kind == NTM_KIND_RATE || kind == NTM_KIND_SUM)
        mn = RATE_MIN, mx = RATE_MAX;
    if ((isfinite(lo) && (lo < mn || lo > mx)) || (isfinite(hi) && (hi < mn || hi > mx))) {
        if (mx == RATE_MAX)
            ERR(p, r->line, r->key, "out-of-range",
                _("a rate threshold must lie in [0, 100] (%%)"));
        else
            ERR(p, r->line, r->key, "out-of-range", _("a threshold cannot be negative"));
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
                    _("scheme 'none' has no classes: use threshold.*"));
            else
                ERR(p, any->line, any->key, "unknown-class",
                    _("class '%s' is not in scheme %s (%s, or * for all)"), sl->key,
                    ntm_scheme_name(p->cat->scheme), list);
            continue;
        }
        if (!sl->value && !sl->text) {
            WARN(p, any->line, any->key, "unused", _("a source with no threshold is ignored"));
            continue;
        }
        ntm_threshold t = {.lower = NAN, .upper = NAN};
        if (sl->value && parse_threshold_value(p, sl->value, ind->kind, ind->direction, &t))
            continue;
        const record *src = sl->source ? sl->source : default_source;
        if (!src) {
            ERR(p, any->line, any->key, "threshold-no-source",
                _("threshold for '%s' has no source (add threshold.%s.source or "
                  "threshold.source; leave the threshold out if it is not confirmed)"),
                sl->key, sl->key);
            continue;
        }
        void *a = realloc(ind->thresholds, (ind->n_thresholds + 1) * sizeof *ind->thresholds);
        if (!a) {
            p->ini.oom = 1;
            return;
        }
        ind->thresholds = a;
        ntm_threshold *d = &ind->thresholds[ind->n_thresholds++];
        *d = t;
        d->class_key = ntm_ini_strdup(&p->ini, sl->key);
        d->text = sl->text                       ? ntm_ini_strdup(&p->ini, sl->text->value)
                  : ind->kind == NTM_KIND_BINARY ? ntm_ini_strdup(&p->ini, "Đạt")
                                                 : NULL;
        d->source = ntm_ini_strdup(&p->ini, src->value);
    }
}

static tslot *tslot_get(parser *p, tslot **ts, size_t *n, size_t *cap, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*ts)[i].key, key) == 0)
            return &(*ts)[i];
    if (ntm_ini_grow(&p->ini, (void **)ts, cap, *n, sizeof **ts))
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
            char cls[NTM_INI_MAX_NAME];
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
        ERR(p, r->line, r->key, "unknown-key", _("unknown key in [indicator %s]"), s->code);
    }

    void *a = realloc(cat->indicators, (cat->n_indicators + 1) * sizeof *cat->indicators);
    if (!a) {
        p->ini.oom = 1;
        free(ts);
        return;
    }
    cat->indicators = a;
    ntm_indicator *ind = &cat->indicators[cat->n_indicators++];
    memset(ind, 0, sizeof *ind);
    memset(x, 0, sizeof *x);
    ind->code = ntm_ini_strdup(&p->ini, s->code);
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
        ind->name_vi = ntm_ini_strdup(&p->ini, k[IK_NAME_VI]->value);
    else
        ERR(p, s->line, "name_vi", "missing-key", _("[indicator %s] needs 'name_vi'"), s->code);
    if (k[IK_NAME_EN])
        ind->name_en = ntm_ini_strdup(&p->ini, k[IK_NAME_EN]->value);
    if (k[IK_CRITERION])
        ind->criterion = ntm_ini_strdup(&p->ini, k[IK_CRITERION]->value);
    if (k[IK_PART_OF])
        ind->part_of = ntm_ini_strdup(&p->ini, k[IK_PART_OF]->value);

    ind->kind = NTM_KIND_RATE;
    x->kind_bad = 1;
    if (!k[IK_KIND])
        ERR(p, s->line, "kind", "missing-key",
            _("[indicator %s] needs 'kind' (rate, sum, count, amount or binary)"), s->code);
    else if (ntm_kind_from_name(k[IK_KIND]->value, &ind->kind) != 0)
        ERR(p, k[IK_KIND]->line, "kind", "bad-value",
            _("unknown kind '%s' (rate, sum, count, amount or binary)"), k[IK_KIND]->value);
    else
        x->kind_bad = 0;

    int binary = ind->kind == NTM_KIND_BINARY;
    ind->direction = binary ? NTM_DIR_YES : NTM_DIR_MIN;
    if (k[IK_DIRECTION]) {
        const record *r = k[IK_DIRECTION];
        ntm_direction d;
        if (ntm_direction_from_name(r->value, &d) != 0)
            ERR(p, r->line, r->key, "bad-value",
                _("unknown direction '%s' (min = at least, max = at most, yes = đạt)"), r->value);
        else if (binary && d != NTM_DIR_YES)
            ERR(p, r->line, r->key, "bad-value", _("a binary indicator has direction = yes"));
        else if (!binary && d == NTM_DIR_YES)
            ERR(p, r->line, r->key, "bad-value",
                _("direction = yes is for kind = binary; use min or max"));
        else
            ind->direction = d;
    } else if (!binary) {
        x->dir_missing = 1; /* a part may take its sum's; checked with the cross-references */
    }

    if (k[IK_UNIT])
        ind->unit = ntm_ini_strdup(&p->ini, k[IK_UNIT]->value);
    else if (ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM)
        ind->unit = ntm_ini_strdup(&p->ini, "%");
    if (k[IK_DENOM_UNIT])
        ind->denom_unit = ntm_ini_strdup(&p->ini, k[IK_DENOM_UNIT]->value);
    if (k[IK_CONCEPT]) /* the concept measured (models/concepts.ini): siblings, priors */
    ind->concept = ntm_ini_strdup(&p->ini, k[IK_CONCEPT]->value);

    if (k[IK_COMBINE]) {
        if (strcmp(k[IK_COMBINE]->value, "all") == 0)
            ind->combine_all = 1;
        else
            ERR(p, k[IK_COMBINE]->line, "combine", "bad-value",
                _("combine takes 'all' (every part must be met), not '%s'"), k[IK_COMBINE]->value);
    }

    if (k[IK_MODEL]) {
        const record *r = k[IK_MODEL];
        if (!in_list(r->value, models, sizeof models / sizeof models[0]))
            ERR(p, r->line, r->key, "bad-value",
                _("unknown model '%s' (linear, loglinear, logistic, damped or constant)"),
                r->value);
        else if (binary)
            ERR(p, r->line, r->key, "bad-value", _("a binary indicator has no trend model"));
        else
            ind->model = ntm_ini_strdup(&p->ini, r->value);
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
                  : pk[i] == IK_NU                                                   ? v < 0
                                                                                     : 0;
        if (bad) {
            if (pk[i] == IK_NU)
                ERR(p, r->line, r->key, "out-of-range", _("%s must be >= 0"), r->key);
            else
                ERR(p, r->line, r->key, "out-of-range", _("%s must be > 0"), r->key);
            continue;
        }
        *pv[i] = v;
    }
    if (first_prior && !k[IK_PSOURCE])
        ERR(p, first_prior->line, first_prior->key, "prior-no-source",
            _("prior numbers need prior.source (a series and its source, or 'assumption')"));
    if (k[IK_PSOURCE])
        ind->prior.source = ntm_ini_strdup(&p->ini, k[IK_PSOURCE]->value);
    if (first_prior && binary)
        ERR(p, first_prior->line, first_prior->key, "bad-value",
            _("a binary indicator has no trend prior"));

    if (k[IK_RISK]) {
        const record *r = k[IK_RISK];
        double v;
        int pct = 0;
        if (read_number(p, r, &v, &pct) == 0) {
            if (pct)
                v /= 100.0; /* "5%" is 0.05 */
            if (v < 0 || v > 1)
                ERR(p, r->line, r->key, "risk-range",
                    _("risk is a yearly probability in [0, 1] (or 0%%..100%%), not '%s'"),
                    r->value);
            else
                ind->risk = v;
        }
        if (!k[IK_RSOURCE])
            ERR(p, r->line, r->key, "risk-no-source",
                _("risk needs risk.source (where it was read, or 'assumption')"));
    }
    if (k[IK_RSOURCE])
        ind->risk_source = ntm_ini_strdup(&p->ini, k[IK_RSOURCE]->value);
    if (k[IK_NOTE])
        ind->note = ntm_ini_strdup(&p->ini, k[IK_NOTE]->value);

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
                ERR(p, r->line, "parts", "parts-mismatch", _("part '%s' has no [indicator %s]"),
                    tok, tok);
                continue;
            }
            ntm_indicator *c = &cat->indicators[j];
            if (!c->part_of)
                c->part_of = ntm_ini_strdup(&p->ini, cat->indicators[i].code);
            else if (strcmp(c->part_of, cat->indicators[i].code) != 0)
                ERR(p, r->line, "parts", "parts-mismatch", _("part '%s' says part_of = %s, not %s"),
                    tok, c->part_of, cat->indicators[i].code);
        }
    }

    for (size_t i = 0; i < n; i++) {
        ntm_indicator *ind = &cat->indicators[i];
        if (ind->part_of) {
            long line = x[i].part_of ? x[i].part_of->line : x[i].section_line;
            long j = find_indicator(cat, ind->part_of);
            if (j < 0) {
                ERR(p, line, "part_of", "missing-parent", _("part_of names no indicator: '%s'"),
                    ind->part_of);
                continue;
            }
            if ((size_t)j == i || cat->indicators[j].part_of) {
                ERR(p, line, "part_of", "part-of-part",
                    _("'%s' is itself a part; parts cannot have parts"), ind->part_of);
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
                        _("[indicator %s] lists parts = %s without %s"), ind->part_of,
                        x[j].parts->value, ind->code);
            }
            const ntm_indicator *par = &cat->indicators[j];
            if (!ind->criterion)
                ind->criterion = ntm_ini_strdup(&p->ini, par->criterion);
            else if (par->criterion && strcmp(ind->criterion, par->criterion) != 0)
                ERR(p, x[i].criterion->line, "criterion", "bad-value",
                    _("a part belongs to its indicator's criterion (%s), not %s"), par->criterion,
                    ind->criterion);
            if (x[i].dir_missing) {
                if (par->kind == NTM_KIND_SUM || x[j].kind_bad) {
                    ind->direction = par->direction;
                    x[i].dir_missing = 0;
                }
            }
        } else if (!ind->criterion) {
            ERR(p, x[i].section_line, "criterion", "missing-key",
                _("[indicator %s] needs 'criterion'"), ind->code);
        } else if (!ntm_catalog_criterion(cat, ind->criterion)) {
            ERR(p, x[i].criterion->line, "criterion", "missing-criterion",
                _("no [criterion %s] in this file"), ind->criterion);
        }
        if (x[i].dir_missing)
            ERR(p, x[i].section_line, "direction", "missing-key",
                _("[indicator %s] needs 'direction' (min = at least, max = at most)"), ind->code);
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
                ERR(p, x[j].kind ? x[j].kind->line : x[j].section_line, "kind", "sum-part-not-rate",
                    _("'%s' is a part of the sum %s and must be kind = rate"), c->code, ind->code);
        }
        long line = x[i].kind ? x[i].kind->line : x[i].section_line;
        if (x[i].kind_bad)
            continue;
        if (ind->kind == NTM_KIND_SUM && ind->combine_all)
            ERR(p, line, "combine", "bad-value",
                _("a sum adds its parts; combine = all is for "
                  "sub-conditions"));
        else if (ind->kind == NTM_KIND_SUM && n_parts < 2)
            ERR(p, line, "kind", "sum-parts",
                _("a sum needs at least two parts (sections with part_of = %s)"), ind->code);
        else if (ind->combine_all && n_parts == 0)
            ERR(p, line, "combine", "sum-parts",
                _("combine = all needs parts (sections with part_of = %s)"), ind->code);
        else if (n_parts > 0 && ind->kind != NTM_KIND_SUM && !ind->combine_all)
            ERR(p, line, "kind", "sum-parts",
                _("%s has parts: make it kind = sum (parts add up) or set combine = all"),
                ind->code);
    }
    if (cat->indicators_declared > 0 && (long)top > cat->indicators_declared)
        ERR(p, p->declared_rec ? p->declared_rec->line : 0, "indicators_declared", "declared-count",
            _("%zu indicators listed but the set declares only %ld"), top,
            cat->indicators_declared);

    if (cat->hardest_class && p->hardest_rec && p->scheme_known &&
        !scheme_has_class(p, cat->hardest_class)) {
        char list[128];
        class_list(p, list, sizeof list);
        if (cat->scheme == NTM_SCHEME_NONE)
            ERR(p, p->hardest_rec->line, "hardest_class", "unknown-class",
                _("scheme 'none' has no classes"));
        else
            ERR(p, p->hardest_rec->line, "hardest_class", "unknown-class",
                _("class '%s' is not in scheme %s (%s)"), cat->hardest_class,
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
                 _("classes of scheme %s without a [class] section (no names to show): %s"),
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
        p->ini.oom = 1;
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
        ERR(p, 0, NULL, "missing-section", _("no [set] section: a catalog starts with [set]"));
    else
        read_set(p, set);
    for (size_t i = 0; i < p->n_sec && !p->ini.oom; i++)
        if (!p->sec[i].skip && p->sec[i].type == SEC_CLASS)
            read_class(p, &p->sec[i]);
    for (size_t i = 0; i < p->n_sec && !p->ini.oom; i++)
        if (!p->sec[i].skip && p->sec[i].type == SEC_CRITERION)
            read_criterion(p, &p->sec[i]);
    size_t n_ind = 0;
    for (size_t i = 0; i < p->n_sec; i++)
        n_ind += !p->sec[i].skip && p->sec[i].type == SEC_INDICATOR;
    ind_extra *x = calloc(n_ind ? n_ind : 1, sizeof *x);
    if (!x) {
        p->ini.oom = 1;
        return;
    }
    for (size_t i = 0; i < p->n_sec && !p->ini.oom; i++)
        if (!p->sec[i].skip && p->sec[i].type == SEC_INDICATOR)
            read_indicator(p, &p->sec[i], &x[p->cat->n_indicators]);
    if (!p->ini.oom)
        check_links(p, x);
    free(x);
    if (!p->ini.oom)
        order_parts(p);
}

static void parser_release(parser *p)
{
    ntm_ini_doc_release(&p->ini);
    for (size_t i = 0; i < p->n_sec; i++) {
        free(p->sec[i].raw);
        free(p->sec[i].code);
    }
    free(p->sec);
}

ntm_status ntm_catalog_read(const char *path, ntm_catalog *cat, ntm_diag_list *diags)
{
    memset(cat, 0, sizeof *cat);
    cat->scheme = NTM_SCHEME_NONE;
    parser p = {.cat = cat};
    ntm_ini_doc_init(&p.ini, path, diags);
    size_t errors_before = diags->n_errors;
    ntm_status st = ntm_ini_doc_load(&p.ini, &catalog_rules, &p);
    if (st == NTM_OK) {
        cat->path = ntm_ini_strdup(&p.ini, path);
        build(&p);
    }
    parser_release(&p);
    if (st != NTM_OK)
        return st;
    if (p.ini.oom)
        return NTM_ENOMEM;
    return diags->n_errors > errors_before ? NTM_EINPUT : NTM_OK;
}
