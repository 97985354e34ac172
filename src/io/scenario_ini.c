/* scenario_ini.c: budget scenarios from INI files (see scenario_ini.h and
 * scenarios/README.md).
 *
 * Each file (the scenario and the defaults) is read by io/ini_scan.c into a `doc`, a list
 * of (section, key, value, line) records: a line scan (which gives every key its line
 * and reports bad UTF-8, bad syntax and duplicate keys), then inih. What is the
 * scenario's own is here: section names too long for inih and sections given twice
 * (section_hook), continuation lines after a long key or that read like a key
 * (continuation_hook); then the scenario is built from the records, section by section,
 * taking missing parameters from the defaults doc. Any error empties the result (all or
 * nothing). */
#include "io/scenario_ini.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/date.h"
#include "io/ini_scan.h"
#include "io/number.h"
#include "io/text.h"

/* A scenario is a hand-written text file: anything bigger is not one. */
#define SCEN_MAX_BYTES (4L * 1024 * 1024)
/* Years a scenario may name: the programme's periods, with room either side. */
#define YEAR_MIN 2000
#define YEAR_MAX 2100
#define MAX_SPAN_YEARS 50
#define DRAWS_MAX 10000000L
/* Shares (profile, funding keys) must sum to 1 within this. */
#define SHARE_SUM_TOL 1e-6
#define PROFILE_MAX 50
#define FUND_WORDS_MAX 16

/* ---- documents: records with their lines ---------------------------------------------- */

typedef ntm_ini_doc doc; /* a file's records (io/ini_scan.h) */
typedef ntm_ini_rec rec; /* one key's value with its line */

#define ERR(d, line, key, code, ...) ntm_ini_diag(d, NTM_ERROR, line, key, code, __VA_ARGS__)
#define WARN(d, line, key, code, ...) ntm_ini_diag(d, NTM_WARNING, line, key, code, __VA_ARGS__)

/* Judges the section header [TEXT] at LINE (the scan's hook): a name inih would cut, or
 * one given before. Returns whether its keys are to be skipped. */
static int section_hook(doc *d, void *user, const char *text, long line)
{
    (void)user;
    if (strlen(text) >= NTM_INI_MAX_NAME) {
        ERR(d, line, NULL, "name-too-long",
            _("section name [%s] is longer than %d bytes (the INI reader would cut "
              "it): use a shorter name and put the full text in 'task'"),
            text, NTM_INI_MAX_NAME - 1);
        return 1;
    }
    const ntm_ini_section *o = ntm_ini_find_section(d, text);
    if (o) {
        ERR(d, line, NULL, "duplicate", _("section [%s] given twice (first at line %ld)"), text,
            o->line);
        return 1;
    }
    return 0;
}

/* An indented line that reads like "word = ..." (inih takes it as more text for the
 * previous key; the writer probably meant a new key). */
static int looks_like_key(const char *s)
{
    size_t n = 0;
    while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '.'))
        n++;
    const char *q = s + n;
    while (*q == ' ' || *q == '\t')
        q++;
    return n > 0 && *q == '=';
}

/* The indented line TEXT at LINE continues KEY (the scan's hook). inih repeats the key
 * cut to NTM_INI_MAX_NAME - 1 bytes for such a line, so after a longer key it is lost. */
static void continuation_hook(doc *d, void *user, const char *key, const char *text, long line)
{
    (void)user;
    if (strlen(key) >= NTM_INI_MAX_NAME)
        ERR(d, line, key, "syntax",
            _("a value cannot continue on the next line after a key longer than %d "
              "bytes: put it on one line"),
            NTM_INI_MAX_NAME - 1);
    else if (looks_like_key(text))
        ntm_ini_warn_continuation(d, line, key);
}

/* KEY repeats in [SECTION] (the scan's hook). */
static void duplicate_key_hook(doc *d, void *user, const char *section, const char *key, long line,
                               long first)
{
    (void)user;
    ERR(d, line, key, "duplicate", _("[%s] key '%s' given twice (first at line %ld)"), section, key,
        first);
}

static const ntm_ini_rules scenario_rules = {
    .too_large = N_("file larger than %ld bytes: not a scenario file"),
    .max_bytes = SCEN_MAX_BYTES,
    .first_section = "[scenario]",
    .utf8_byte = 0,
    .warn_not_nfc = 0,
    .nfc_keys = 1,
    .keep_skipped = 0,
    .refusal_after_long_line = 1,
    .prev_key_size = NTM_INI_MAX_LINE,
    .section = section_hook,
    .continuation = continuation_hook,
    .duplicate_key = duplicate_key_hook,
};

/* Loads PATH into D (set up with ntm_ini_doc_init). Returns NTM_OK (the doc may still
 * hold errors in diags), NTM_EIO or NTM_ENOMEM. */
static ntm_status doc_load(doc *d)
{
    return ntm_ini_doc_load(d, &scenario_rules, NULL);
}

/* ---- small parsers ----------------------------------------------------------------------- */

static int is_word_sep(char c)
{
    return ntm_ini_is_blank(c) || c == '.' || c == '/';
}

/* Splits TEXT into at most MAX words at blanks, '.' and '/' (in BUF). */
static size_t split_words(char *buf, char **words, size_t max)
{
    size_t n = 0;
    char *s = buf;
    while (*s) {
        while (*s && is_word_sep(*s))
            s++;
        if (!*s)
            break;
        if (n == max)
            return max + 1;
        words[n++] = s;
        while (*s && !is_word_sep(*s))
            s++;
        if (*s)
            *s++ = '\0';
    }
    return n;
}

typedef int (*name_fn)(const char *s, int *out);

static int src_fn(const char *s, int *out)
{
    ntm_fund_source v;
    if (ntm_fund_source_from_name(s, &v))
        return -1;
    *out = (int)v;
    return 0;
}

static int cap_fn(const char *s, int *out)
{
    ntm_capital v;
    if (ntm_capital_from_name(s, &v))
        return -1;
    *out = (int)v;
    return 0;
}

static int prog_fn(const char *s, int *out)
{
    ntm_programme v;
    if (ntm_programme_from_name(s, &v))
        return -1;
    *out = (int)v;
    return 0;
}

/* Longest run of words from *I that FN knows (multi-word Vietnamese names:
 * "nông thôn mới"); advances *I. 0 or -1. */
static int match_words(char **words, size_t n, size_t *i, name_fn fn, int *out)
{
    for (size_t len = n - *i; len >= 1; len--) {
        char joined[512];
        size_t w = 0;
        joined[0] = '\0';
        for (size_t k = 0; k < len && w < sizeof joined; k++)
            w += (size_t)snprintf(joined + w, sizeof joined - w, "%s%s", k ? " " : "",
                                  words[*i + k]);
        if (w < sizeof joined && fn(joined, out) == 0) {
            *i += len;
            return 0;
        }
    }
    return -1;
}

static int fund_key_words(char **words, size_t n, ntm_fund_key *out, char *why, size_t wsz)
{
    size_t i = 0;
    int v;
    if (i >= n || match_words(words, n, &i, src_fn, &v)) {
        snprintf(why, wsz,
                 _("'%s' is not a source (central/trung ương, province/tỉnh, district/huyện, "
                   "commune/xã, community/cộng đồng, other/khác)"),
                 i < n ? words[i] : "");
        return -1;
    }
    out->source = (ntm_fund_source)v;
    if (i >= n || match_words(words, n, &i, cap_fn, &v)) {
        snprintf(why, wsz, _("'%s' is not a capital type (investment/đầu tư, recurrent/sự nghiệp)"),
                 i < n ? words[i] : "");
        return -1;
    }
    out->capital = (ntm_capital)v;
    if (i >= n || match_words(words, n, &i, prog_fn, &v)) {
        snprintf(why, wsz,
                 _("'%s' is not a programme (ntm/nông thôn mới, poverty/giảm nghèo, "
                   "ethnic/dtts, other/lồng ghép)"),
                 i < n ? words[i] : "");
        return -1;
    }
    out->programme = (ntm_programme)v;
    if (i < n) {
        snprintf(why, wsz, _("unexpected '%s' after the programme"), words[i]);
        return -1;
    }
    return 0;
}

int ntm_fund_key_parse(const char *text, ntm_fund_key *out, char *why, size_t why_size)
{
    char buf[512];
    char *words[FUND_WORDS_MAX];
    if (strlen(text) >= sizeof buf) {
        snprintf(why, why_size, _("funding key too long"));
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", text);
    size_t n = split_words(buf, words, FUND_WORDS_MAX);
    if (n == 0 || n > FUND_WORDS_MAX) {
        snprintf(why, why_size, _("expected SOURCE CAPITAL PROGRAMME"));
        return -1;
    }
    return fund_key_words(words, n, out, why, why_size);
}

/* "YEAR SOURCE CAPITAL PROGRAMME" (envelope keys; allocation keys after "alloc."). */
static int year_key_parse(const char *text, int *year, ntm_fund_key *key, char *why, size_t wsz)
{
    char buf[512];
    char *words[FUND_WORDS_MAX];
    if (strlen(text) >= sizeof buf) {
        snprintf(why, wsz, _("key too long"));
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", text);
    size_t n = split_words(buf, words, FUND_WORDS_MAX);
    if (n == 0 || n > FUND_WORDS_MAX) {
        snprintf(why, wsz, _("expected YEAR SOURCE CAPITAL PROGRAMME"));
        return -1;
    }
    long y;
    const char *r;
    if (ntm_parse_long(words[0], NTM_NUM_EN, YEAR_MIN, YEAR_MAX, &y, &r) != NTM_OK) {
        snprintf(why, wsz, _("'%s' is not a year (%d-%d) in YEAR SOURCE CAPITAL PROGRAMME"),
                 words[0], YEAR_MIN, YEAR_MAX);
        return -1;
    }
    *year = (int)y;
    return fund_key_words(words + 1, n - 1, key, why, wsz);
}

/* ---- building the scenario ----------------------------------------------------------------- */

typedef enum fkind {
    F_MONEY,    /* đồng, with tỷ / triệu */
    F_FRACTION, /* a number in [lo, hi]; "10%" is 0,10 */
    F_NUMBER,   /* a plain number in [lo, hi] ("100%" is 100: indicator values) */
    F_INT       /* a whole number in [lo, hi] */
} fkind;

enum { T_PROGRAM = 1, T_RECURRING = 2, T_PROJECT = 4, T_EFFORT = 8 };

typedef struct field {
    const char *key;
    unsigned types;
    fkind kind;
    size_t offset; /* in ntm_intervention: a double, or an int for F_INT */
    int required;  /* must come from the scenario or the defaults */
    double lo, hi;
    int lo_open; /* lo itself refused */
} field;

#define OFF(m) offsetof(ntm_intervention, m)
static const field iv_fields[] = {
    {"unit_cost", T_PROGRAM | T_RECURRING, F_MONEY, OFF(unit_cost), 1, 0, 1e15, 1},
    {"unit_cost_sigma", T_PROGRAM | T_RECURRING, F_NUMBER, OFF(unit_cost_sigma), 1, 0, 3, 0},
    {"efficacy", T_PROGRAM | T_RECURRING, F_FRACTION, OFF(efficacy), 1, 0, 1, 1},
    {"lag", T_PROGRAM | T_RECURRING, F_NUMBER, OFF(lag), 1, 0, 20, 0},
    {"decay", T_PROGRAM | T_RECURRING, F_FRACTION, OFF(decay), 1, 0, 0.999999, 0},
    {"population", T_PROGRAM | T_RECURRING, F_NUMBER, OFF(population), 0, 0, 1e9, 1},
    {"cost", T_PROJECT, F_MONEY, OFF(cost), 1, 0, 1e15, 1},
    {"contingency", T_PROJECT, F_FRACTION, OFF(contingency), 1, 0, 5, 0},
    {"overrun_sigma", T_PROJECT, F_NUMBER, OFF(overrun_sigma), 1, 0, 3, 0},
    {"duration", T_PROJECT, F_NUMBER, OFF(duration), 1, 0, 20, 0},
    {"delay_prob", T_PROJECT, F_FRACTION, OFF(delay_prob), 1, 0, 1, 0},
    {"components", T_PROJECT, F_INT, OFF(components), 1, 1, 1000, 0},
    {"k_required", T_PROJECT, F_INT, OFF(k_required), 1, 1, 1000, 0},
    {"value_when_done", T_PROJECT, F_NUMBER, OFF(value_when_done), 0, -1e15, 1e15, 0},
    {"done", T_EFFORT, F_NUMBER, OFF(done), 1, 0, 1e12, 0},
    {"total", T_EFFORT, F_NUMBER, OFF(total), 1, 0, 1e12, 1},
    {"rate", T_EFFORT, F_NUMBER, OFF(rate), 1, 0, 1e12, 0},
    {"rate_sd", T_EFFORT, F_NUMBER, OFF(rate_sd), 1, 0, 1e12, 0},
};
#undef OFF
#define N_IV_FIELDS (sizeof iv_fields / sizeof iv_fields[0])

/* Scenario-level numbers that may come from the defaults file's [scenario] section. */
typedef struct sfield {
    const char *key;
    fkind kind;
    double lo, hi;
} sfield;
static const sfield sc_fields[] = {
    {"draws", F_INT, 1, (double)DRAWS_MAX},
    {"seed", F_INT, 0, 9007199254740992.0}, /* 2^53: exact in a double and in JSON */
    {"carry_over", F_INT, 0, 1},
    {"price_sigma", F_NUMBER, 0, 3},
    {"delay_prob", F_FRACTION, 0, 1},
    {"economy_sigma", F_NUMBER, 0, 50},
};
#define N_SC_FIELDS (sizeof sc_fields / sizeof sc_fields[0])

static const char *const type_section[] = {"program", "recurring", "project", "effort"};

/* A name's match key and where it is, sorted to find names in O(log n). */
typedef struct name_key {
    char *key;
    size_t idx;
} name_key;

typedef struct builder {
    doc *d;    /* the scenario */
    doc *defs; /* the defaults (NULL: none) */
    ntm_scenario *sc;
    int oom;
    size_t *order;       /* the scenario's record indices sorted by section, then file order */
    name_key *unit_keys; /* the scenario's units by match key */
    size_t n_unit_keys;
    size_t cap_iv;        /* capacity of sc->iv */
    char (*def_kind)[64]; /* each defaults record's section split once */
    char (*def_name)[200];
} builder;

static int oom(builder *b)
{
    return b->oom || b->d->oom || (b->defs && b->defs->oom);
}

static char *bdup(builder *b, const char *s)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        b->oom = 1;
    return c;
}

/* ---- indexes: each built once, so reading is O(n log n) in sections, records and units */

static const doc *order_doc;

static int cmp_order(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int c = strcmp(order_doc->rec[a].section, order_doc->rec[b].section);
    return c ? c : a < b ? -1 : a > b;
}

/* b->order: the scenario's records by section, in file order within one. */
static void index_records(builder *b)
{
    const doc *d = b->d;
    b->order = malloc((d->n_rec ? d->n_rec : 1) * sizeof *b->order);
    if (!b->order) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < d->n_rec; i++)
        b->order[i] = i;
    order_doc = d; /* qsort has no user pointer; the reader runs on one thread */
    qsort(b->order, d->n_rec, sizeof *b->order, cmp_order);
    order_doc = NULL;
}

/* [*lo, *hi): the positions in b->order of the records of section RAW. */
static void section_range(const builder *b, const char *raw, size_t *lo, size_t *hi)
{
    const doc *d = b->d;
    size_t l = 0, h = b->order ? d->n_rec : 0;
    while (l < h) {
        size_t m = l + (h - l) / 2;
        if (strcmp(d->rec[b->order[m]].section, raw) < 0)
            l = m + 1;
        else
            h = m;
    }
    size_t e = l;
    while (b->order && e < d->n_rec && strcmp(d->rec[b->order[e]].section, raw) == 0)
        e++;
    *lo = l;
    *hi = e;
}

/* The defaults' sections split into kind and name once (default_find looks up every
 * parameter of every intervention). */
static void index_defaults(builder *b)
{
    if (!b->defs)
        return;
    size_t n = b->defs->n_rec ? b->defs->n_rec : 1;
    b->def_kind = calloc(n, sizeof *b->def_kind);
    b->def_name = calloc(n, sizeof *b->def_name);
    if (!b->def_kind || !b->def_name) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < b->defs->n_rec; i++)
        ntm_ini_section_split(b->defs->rec[i].section, b->def_kind[i], sizeof b->def_kind[i],
                              b->def_name[i], sizeof b->def_name[i]);
}

static int cmp_name_key(const void *pa, const void *pb)
{
    const name_key *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Keys of the N names NAMES(i), sorted; NULL when out of memory. */
static name_key *sorted_keys(builder *b, size_t n, const char *(*name)(const builder *, size_t))
{
    name_key *k = calloc(n ? n : 1, sizeof *k);
    if (!k) {
        b->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const char *nm = name(b, i);
        k[i].key = ntm_text_key(nm);
        if (!k[i].key && !(k[i].key = strdup(nm))) /* invalid UTF-8: compared as written */
            b->oom = 1;
        k[i].idx = i;
    }
    if (b->oom) {
        for (size_t i = 0; i < n; i++)
            free(k[i].key);
        free(k);
        return NULL;
    }
    qsort(k, n, sizeof *k, cmp_name_key);
    return k;
}

static void free_keys(name_key *k, size_t n)
{
    for (size_t i = 0; k && i < n; i++)
        free(k[i].key);
    free(k);
}

/* The first position in K (N sorted keys) with key KEY, or N. */
static size_t find_key(const name_key *k, size_t n, const char *key)
{
    size_t l = 0, h = n;
    while (l < h) {
        size_t m = l + (h - l) / 2;
        if (strcmp(k[m].key, key) < 0)
            l = m + 1;
        else
            h = m;
    }
    return l < n && strcmp(k[l].key, key) == 0 ? l : n;
}

/* Parses a yes/no word: yes no có không true false 1 0 on off. 0 or -1. */
static int parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"yes", "co", "true", "1", "on"};
    static const char *const no[] = {"no", "khong", "false", "0", "off"};
    char *k = ntm_text_key(s);
    if (!k)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < 5 && rc; i++) {
        if (strcmp(k, yes[i]) == 0) {
            *out = 1;
            rc = 0;
        } else if (strcmp(k, no[i]) == 0) {
            *out = 0;
            rc = 0;
        }
    }
    free(k);
    return rc;
}

/* Parses VALUE as KIND within [LO, HI] into *OUT; on failure writes a reason. */
static int parse_value(const char *value, fkind kind, double lo, double hi, int lo_open,
                       double *out, char *why, size_t wsz)
{
    const char *r = NULL;
    double v;
    switch (kind) {
    case F_MONEY:
        if (ntm_money_parse(value, NTM_NUM_AUTO, &v, &r) != NTM_OK) {
            snprintf(why, wsz, _("'%s' is not an amount of money (%s; e.g. 7 tỷ, 500 triệu)"),
                     value, r ? r : "?");
            return -1;
        }
        break;
    case F_INT: {
        long l;
        if (ntm_parse_long(value, NTM_NUM_AUTO, (long)lo, (long)hi, &l, &r) != NTM_OK) {
            snprintf(why, wsz, _("'%s' is not a whole number from %.0f to %.0f (%s)"), value, lo,
                     hi, r ? r : "?");
            return -1;
        }
        *out = (double)l;
        return 0;
    }
    case F_FRACTION:
    case F_NUMBER: {
        ntm_number num;
        if (ntm_number_parse(value, NTM_NUM_AUTO, &num, &r) != NTM_OK) {
            snprintf(why, wsz, _("'%s' is not a number (%s)"), value, r ? r : "?");
            return -1;
        }
        v = num.value;
        if (num.percent && kind == F_FRACTION)
            v /= 100.0;
        break;
    }
    default: snprintf(why, wsz, _("internal: unknown kind")); return -1;
    }
    if (!isfinite(v) || v < lo || v > hi || (lo_open && v == lo)) {
        char a[64], c[64];
        snprintf(a, sizeof a, "%g", lo);
        snprintf(c, sizeof c, "%g", hi);
        if (lo_open)
            snprintf(why, wsz, _("%s is out of range: it must be above %s and at most %s"), value,
                     a, c);
        else
            snprintf(why, wsz, _("%s is out of range: it must be at least %s and at most %s"),
                     value, a, c);
        return -2;
    }
    *out = v;
    return 0;
}

static const char *parse_code(int rc, fkind kind)
{
    if (rc == -2)
        return "out-of-range";
    return kind == F_MONEY ? "bad-money" : "bad-number";
}

/* Looks up KEY in the defaults: [TYPE INDICATOR] first, then [TYPE]. */
static rec *default_find(builder *b, const char *type, const char *indicator, const char *key)
{
    if (!b->defs)
        return NULL;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0 && !indicator)
            continue;
        for (size_t i = 0; i < b->defs->n_rec; i++) {
            rec *r = &b->defs->rec[i];
            const char *kind = b->def_kind[i], *name = b->def_name[i];
            if (strcmp(kind, type) != 0 || strcmp(r->key, key) != 0)
                continue;
            if (pass == 0 ? strcmp(name, indicator) == 0 : name[0] == '\0')
                return r;
        }
    }
    return NULL;
}

static const char *default_source(builder *b, const rec *r)
{
    char k[128];
    snprintf(k, sizeof k, "%s.source", r->key);
    for (size_t i = 0; i < b->defs->n_rec; i++)
        if (strcmp(b->defs->rec[i].section, r->section) == 0 && strcmp(b->defs->rec[i].key, k) == 0)
            return b->defs->rec[i].value;
    return "?";
}

/* Appends "; TEXT" to the growing string *S. */
static void append(builder *b, char **s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(builder *b, char **s, const char *fmt, ...)
{
    char piece[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    size_t a = *s ? strlen(*s) : 0, n = strlen(piece);
    char *t = realloc(*s, a + n + 3);
    if (!t) {
        b->oom = 1;
        return;
    }
    if (a) {
        memcpy(t + a, "; ", 2);
        a += 2;
    }
    memcpy(t + a, piece, n + 1);
    *s = t;
}

/* Checks the defaults file: known sections and keys, values that parse, a source for
 * every value. */
static void check_defaults(builder *b)
{
    doc *d = b->defs;
    for (size_t s = 0; s < d->n_sec; s++) {
        char kind[64], name[200];
        ntm_ini_section_split(d->sec[s].raw, kind, sizeof kind, name, sizeof name);
        int t = -1;
        for (int k = 0; k < 4; k++)
            if (strcmp(kind, type_section[k]) == 0)
                t = k;
        int is_sc = strcmp(kind, "scenario") == 0 && !name[0];
        if (t < 0 && !is_sc) {
            ERR(d, d->sec[s].line, NULL, "unknown-section",
                _("unknown section [%s] (expected [scenario], [program], [recurring], "
                  "[project], [effort], or one of these with an indicator code: "
                  "[recurring 15.1])"),
                d->sec[s].raw);
            continue;
        }
        for (size_t i = 0; i < d->n_rec; i++) {
            rec *r = &d->rec[i];
            if (strcmp(r->section, d->sec[s].raw) != 0)
                continue;
            size_t kl = strlen(r->key);
            if (kl > 7 && strcmp(r->key + kl - 7, ".source") == 0)
                continue;
            char why[512];
            double v;
            int rc = 0, known = 0;
            fkind fk = F_NUMBER;
            if (strcmp(r->key, "profile") == 0 && !is_sc && t != 3) {
                known = 1;
            } else if (is_sc) {
                for (size_t f = 0; f < N_SC_FIELDS; f++)
                    if (strcmp(r->key, sc_fields[f].key) == 0) {
                        known = 1;
                        fk = sc_fields[f].kind;
                        if (strcmp(r->key, "carry_over") == 0) {
                            int bv;
                            if (parse_bool(r->value, &bv)) {
                                snprintf(why, sizeof why, _("'%s' is not yes or no"), r->value);
                                rc = -1;
                            }
                        } else {
                            rc = parse_value(r->value, fk, sc_fields[f].lo, sc_fields[f].hi, 0, &v,
                                             why, sizeof why);
                        }
                    }
            } else {
                for (size_t f = 0; f < N_IV_FIELDS; f++)
                    if (strcmp(r->key, iv_fields[f].key) == 0 && (iv_fields[f].types & (1u << t))) {
                        known = 1;
                        fk = iv_fields[f].kind;
                        rc = parse_value(r->value, fk, iv_fields[f].lo, iv_fields[f].hi,
                                         iv_fields[f].lo_open, &v, why, sizeof why);
                    }
            }
            if (!known) {
                if (is_sc)
                    ERR(d, r->line, r->key, "unknown-key",
                        _("[%s] '%s' is not a parameter of a scenario"), r->section, r->key);
                else
                    ERR(d, r->line, r->key, "unknown-key", _("[%s] '%s' is not a parameter of %s"),
                        r->section, r->key, type_section[t]);
                continue;
            }
            if (rc) {
                ERR(d, r->line, r->key, parse_code(rc, fk), "[%s] %s: %s", r->section, r->key, why);
                continue;
            }
            char sk[128];
            snprintf(sk, sizeof sk, "%s.source", r->key);
            int has = 0;
            for (size_t j = 0; j < d->n_rec; j++)
                has |= strcmp(d->rec[j].section, r->section) == 0 &&
                       strcmp(d->rec[j].key, sk) == 0 && d->rec[j].value[0];
            if (!has)
                ERR(d, r->line, r->key, "default-no-source",
                    _("[%s] %s has no '%s' (give the source, or write \"assumption\" and why)"),
                    r->section, r->key, sk);
        }
    }
}

/* Takes a scenario-level number KEY from REC or the defaults; 0 ok, -1 error/missing. */
static int sc_number(builder *b, const rec *r, const char *key, long sec_line, double *out)
{
    const sfield *f = NULL;
    for (size_t i = 0; i < N_SC_FIELDS; i++)
        if (strcmp(sc_fields[i].key, key) == 0)
            f = &sc_fields[i];
    doc *d = b->d;
    const char *val = r ? r->value : NULL;
    long line = r ? r->line : 0;
    if (!r) {
        rec *dr = default_find(b, "scenario", NULL, key);
        if (!dr) {
            if (b->defs)
                ERR(d, sec_line, key, "missing-key", _("[scenario] needs '%s' (no default in %s)"),
                    key, b->defs->path);
            else
                ERR(d, sec_line, key, "missing-key",
                    _("[scenario] needs '%s' (no default in the defaults: none given)"), key);
            return -1;
        }
        val = dr->value;
        line = dr->line;
        d = b->defs;
    }
    if (strcmp(key, "carry_over") == 0) {
        int bv;
        if (parse_bool(val, &bv)) {
            ERR(d, line, key, "bad-value", _("[scenario] carry_over: '%s' is not yes or no"), val);
            return -1;
        }
        *out = bv;
        return 0;
    }
    char why[512];
    int rc = parse_value(val, f->kind, f->lo, f->hi, 0, out, why, sizeof why);
    if (rc) {
        ERR(d, line, key, parse_code(rc, f->kind), _("[scenario] %s: %s"), key, why);
        return -1;
    }
    return 0;
}

static int sc_year(builder *b, const rec *r, int *out)
{
    long y;
    const char *why;
    if (ntm_parse_long(r->value, NTM_NUM_EN, YEAR_MIN, YEAR_MAX, &y, &why) != NTM_OK) {
        ERR(b->d, r->line, r->key, "bad-year", _("[%s] %s: '%s' is not a year from %d to %d"),
            r->section, r->key, r->value, YEAR_MIN, YEAR_MAX);
        return -1;
    }
    *out = (int)y;
    return 0;
}

static const char *scenario_keys =
    "name, units, start_year, horizon, deadline, draws, seed, carry_over, price_sigma, "
    "delay_prob, economy_sigma, note";

static const char *unit_name_at(const builder *b, size_t i)
{
    return b->sc->units[i];
}

/* Indexes the scenario's units by match key; a unit listed twice (in any spelling: "Cẩm
 * Thành, cam thanh") is an error at LINE and its repeat dropped. */
static void index_units(builder *b, long line)
{
    ntm_scenario *sc = b->sc;
    name_key *k = sorted_keys(b, sc->n_units, unit_name_at);
    if (!k)
        return;
    char *drop = calloc(sc->n_units ? sc->n_units : 1, 1);
    if (!drop) {
        free_keys(k, sc->n_units);
        b->oom = 1;
        return;
    }
    for (size_t i = 1; i < sc->n_units; i++)
        if (strcmp(k[i].key, k[i - 1].key) == 0)
            drop[k[i].idx] = 1;
    size_t w = 0;
    for (size_t i = 0; i < sc->n_units; i++) {
        if (drop[i]) {
            ERR(b->d, line, "units", "duplicate", _("[scenario] units: '%s' listed twice"),
                sc->units[i]);
            free(sc->units[i]);
            continue;
        }
        sc->units[w++] = sc->units[i];
    }
    free(drop);
    free_keys(k, sc->n_units);
    sc->n_units = w;
    b->unit_keys = sorted_keys(b, w, unit_name_at);
    b->n_unit_keys = b->unit_keys ? w : 0;
}

static void build_scenario_section(builder *b, const char *raw, long sec_line)
{
    ntm_scenario *sc = b->sc;
    doc *d = b->d;
    const rec *by[16] = {0};
    static const char *const keys[] = {"name",        "units",      "start_year",    "horizon",
                                       "deadline",    "draws",      "seed",          "carry_over",
                                       "price_sigma", "delay_prob", "economy_sigma", "note"};
    const size_t nk = sizeof keys / sizeof keys[0];
    size_t lo, hi;
    section_range(b, raw, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        rec *r = &d->rec[b->order[i]];
        size_t k = 0;
        while (k < nk && strcmp(keys[k], r->key) != 0)
            k++;
        if (k == nk) {
            ERR(d, r->line, r->key, "unknown-key", _("[scenario] unknown key '%s' (keys: %s)"),
                r->key, scenario_keys);
            continue;
        }
        by[k] = r;
    }
    if (by[0] && by[0]->value[0])
        sc->name = bdup(b, by[0]->value);
    else
        ERR(d, by[0] ? by[0]->line : sec_line, "name", "missing-key",
            _("[scenario] needs a 'name'"));
    /* units: a comma-separated list of unit names */
    if (!by[1] || !by[1]->value[0]) {
        ERR(d, by[1] ? by[1]->line : sec_line, "units", "missing-key",
            _("[scenario] needs 'units' (unit names separated by commas: units = Cẩm Thành)"));
    } else {
        char *list = bdup(b, by[1]->value);
        size_t cap = 0;
        for (char *s = list, *next; s && *s; s = next) {
            char *comma = strchr(s, ',');
            next = comma ? comma + 1 : s + strlen(s);
            if (comma)
                *comma = '\0';
            char *u = ntm_ini_rstrip(ntm_ini_lskip(s));
            if (!*u) {
                ERR(d, by[1]->line, "units", "bad-unit", _("[scenario] units: empty unit name"));
                continue;
            }
            if (sc->n_units == cap) {
                cap = cap ? 2 * cap : 8;
                char **a = realloc(sc->units, cap * sizeof *a);
                if (!a) {
                    b->oom = 1;
                    break;
                }
                sc->units = a;
            }
            sc->units[sc->n_units++] = bdup(b, u);
        }
        free(list);
        index_units(b, by[1]->line);
    }
    int ok_years = 1;
    int *yp[3] = {&sc->start_year, &sc->horizon, &sc->deadline};
    for (int k = 0; k < 3; k++) {
        if (!by[2 + k]) {
            ERR(d, sec_line, keys[2 + k], "missing-key", _("[scenario] needs '%s'"), keys[2 + k]);
            ok_years = 0;
        } else if (sc_year(b, by[2 + k], yp[k])) {
            ok_years = 0;
        }
    }
    if (ok_years) {
        if (sc->horizon < sc->start_year || sc->horizon - sc->start_year > MAX_SPAN_YEARS)
            ERR(d, by[3]->line, "horizon", "bad-year",
                _("[scenario] horizon %d must be from start_year %d to %d"), sc->horizon,
                sc->start_year, sc->start_year + MAX_SPAN_YEARS);
        else if (sc->deadline < sc->start_year || sc->deadline > sc->horizon)
            ERR(d, by[4]->line, "deadline", "bad-year",
                _("[scenario] deadline %d must be from start_year %d to horizon %d"), sc->deadline,
                sc->start_year, sc->horizon);
    } else {
        sc->start_year = sc->horizon = sc->deadline = 0;
    }
    double v;
    if (!sc_number(b, by[5], "draws", sec_line, &v))
        sc->draws = (long)v;
    if (!sc_number(b, by[6], "seed", sec_line, &v))
        sc->seed = (uint64_t)v;
    if (!sc_number(b, by[7], "carry_over", sec_line, &v))
        sc->carry_over = (int)v;
    if (!sc_number(b, by[8], "price_sigma", sec_line, &v))
        sc->shared.price_sigma = v;
    if (!sc_number(b, by[9], "delay_prob", sec_line, &v))
        sc->shared.delay_prob = v;
    if (!sc_number(b, by[10], "economy_sigma", sec_line, &v))
        sc->shared.economy_sigma = v;
}

/* Whether Y lies in the scenario's years (when those are known). */
static int year_in_range(const builder *b, int y)
{
    const ntm_scenario *sc = b->sc;
    return sc->start_year == 0 || (y >= sc->start_year && y <= sc->horizon);
}

/* The scenario's own spelling of unit U, or NULL when it is not one of its units. */
static const char *scenario_unit(const builder *b, const char *u)
{
    char *key = ntm_text_key(u);
    size_t n = b->n_unit_keys;
    size_t k = find_key(b->unit_keys, n, key ? key : u);
    free(key);
    return k < n ? b->sc->units[b->unit_keys[k].idx] : NULL;
}

static int valid_code(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-' && *s != '_')
            return 0;
    return 1;
}

static void build_targets(builder *b, const char *raw)
{
    ntm_scenario *sc = b->sc;
    doc *d = b->d;
    size_t lo, hi;
    section_range(b, raw, &lo, &hi);
    for (size_t i = lo; i < hi && !oom(b); i++) {
        rec *r = &d->rec[b->order[i]];
        char buf[512];
        snprintf(buf, sizeof buf, "%s", r->key);
        char *slash = strrchr(buf, '/');
        char *ind = slash ? slash + 1 : buf;
        const char *unit = NULL;
        ind = ntm_ini_rstrip(ntm_ini_lskip(ind));
        if (slash) {
            *slash = '\0';
            char *u = ntm_ini_rstrip(ntm_ini_lskip(buf));
            unit = scenario_unit(b, u);
            if (!unit) {
                ERR(d, r->line, r->key, "bad-unit",
                    _("[targets] '%s' is not one of the scenario's units"), u);
                continue;
            }
        } else if (sc->n_units == 1) {
            unit = sc->units[0];
        } else {
            ERR(d, r->line, r->key, "bad-key",
                _("[targets] with several units write 'UNIT / INDICATOR = YEAR'"));
            continue;
        }
        if (!valid_code(ind)) {
            ERR(d, r->line, r->key, "bad-key",
                _("[targets] '%s' is not an indicator code (write 'INDICATOR = YEAR' or "
                  "'UNIT / INDICATOR = YEAR', e.g. 11.1 = 2023)"),
                ind);
            continue;
        }
        int y;
        if (sc_year(b, r, &y))
            continue;
        if (!year_in_range(b, y)) {
            ERR(d, r->line, r->key, "bad-year",
                _("[targets] %s: year %d is outside the scenario's years %d-%d"), r->key, y,
                sc->start_year, sc->horizon);
            continue;
        }
        int dup = 0;
        for (size_t j = 0; j < sc->n_targets && !dup; j++)
            if (strcmp(sc->targets[j].unit, unit) == 0 &&
                strcmp(sc->targets[j].indicator, ind) == 0) {
                ERR(d, r->line, r->key, "duplicate",
                    _("[targets] %s / %s already has a target year (line %ld)"), unit, ind,
                    sc->targets[j].line);
                dup = 1;
            }
        if (dup)
            continue;
        ntm_target *t = realloc(sc->targets, (sc->n_targets + 1) * sizeof *t);
        if (!t) {
            b->oom = 1;
            return;
        }
        sc->targets = t;
        ntm_target *n = &sc->targets[sc->n_targets++];
        n->unit = bdup(b, unit);
        n->indicator = bdup(b, ind);
        n->year = y;
        n->line = r->line;
    }
}

static void build_envelopes(builder *b, const char *raw)
{
    ntm_scenario *sc = b->sc;
    doc *d = b->d;
    size_t lo, hi;
    section_range(b, raw, &lo, &hi);
    for (size_t i = lo; i < hi && !oom(b); i++) {
        rec *r = &d->rec[b->order[i]];
        char why[512];
        ntm_envelope e = {.line = r->line};
        if (year_key_parse(r->key, &e.year, &e.key, why, sizeof why)) {
            ERR(d, r->line, r->key, "bad-key",
                _("[envelope] '%s': %s (e.g. 2024 province "
                  "investment ntm = 7 tỷ)"),
                r->key, why);
            continue;
        }
        int rc = parse_value(r->value, F_MONEY, 0, 1e15, 0, &e.amount, why, sizeof why);
        if (rc) {
            ERR(d, r->line, r->key, parse_code(rc, F_MONEY), _("[envelope] %s: %s"), r->key, why);
            continue;
        }
        if (!year_in_range(b, e.year)) {
            ERR(d, r->line, r->key, "bad-year",
                _("[envelope] %s: year %d is outside the scenario's years %d-%d"), r->key, e.year,
                sc->start_year, sc->horizon);
            continue;
        }
        int dup = 0;
        for (size_t j = 0; j < sc->n_envelopes && !dup; j++)
            if (sc->envelopes[j].year == e.year &&
                ntm_fund_key_equal(&sc->envelopes[j].key, &e.key)) {
                ERR(d, r->line, r->key, "duplicate",
                    _("[envelope] %d %s %s %s is already given at line %ld"), e.year,
                    ntm_fund_source_name(e.key.source), ntm_capital_name(e.key.capital),
                    ntm_programme_name(e.key.programme), sc->envelopes[j].line);
                dup = 1;
            }
        if (dup)
            continue;
        ntm_envelope *a = realloc(sc->envelopes, (sc->n_envelopes + 1) * sizeof *a);
        if (!a) {
            b->oom = 1;
            return;
        }
        sc->envelopes = a;
        sc->envelopes[sc->n_envelopes++] = e;
    }
}

/* ---- [assumptions] ------------------------------------------------------------------------ */

/* The fields an indicator takes in [assumptions]: CODE.value, CODE.threshold, CODE.source. */
enum { A_VALUE, A_THRESHOLD, A_SOURCE, A_NFIELDS };
static const char *const assume_fields[A_NFIELDS] = {"value", "threshold", "source"};

/* Reads a threshold with its sign, as the criteria catalogs write it: ">= 85", "≥ 85%",
 * "<= 6,5", "≤ 6,5%", or a range "15..20". A bare number is refused here: a planner's
 * working threshold must say which way it goes. Returns 0 with the bounds (NaN where
 * none), or -1 with a stable code and a reason. */
static int parse_signed_threshold(const char *value, double *lower, double *upper,
                                  const char **code, char *why, size_t wsz)
{
    char buf[256];
    *code = "bad-threshold";
    if (strlen(value) >= sizeof buf) {
        snprintf(why, wsz, _("threshold too long"));
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", value);
    char *q = ntm_ini_lskip(buf);
    int lo_sign = 0, hi_sign = 0;
    if (strncmp(q, ">=", 2) == 0 || strncmp(q, "=>", 2) == 0)
        lo_sign = 1, q += 2;
    else if (strncmp(q, "\xE2\x89\xA5", 3) == 0) /* ≥ */
        lo_sign = 1, q += 3;
    else if (strncmp(q, "<=", 2) == 0 || strncmp(q, "=<", 2) == 0)
        hi_sign = 1, q += 2;
    else if (strncmp(q, "\xE2\x89\xA4", 3) == 0) /* ≤ */
        hi_sign = 1, q += 3;
    else if (*q == '<' || *q == '>') {
        snprintf(why, wsz,
                 _("'%s': strict bounds are not used in criteria: write <= or >= "
                   "(≤, ≥)"),
                 value);
        return -1;
    }
    const char *r = NULL;
    double lo = NAN, hi = NAN;
    char *dots = (lo_sign || hi_sign) ? NULL : strstr(q, "..");
    if (dots) {
        *dots = '\0';
        if (ntm_parse_double(q, NTM_NUM_AUTO, &lo, &r) != NTM_OK ||
            ntm_parse_double(dots + 2, NTM_NUM_AUTO, &hi, &r) != NTM_OK) {
            *code = "bad-number";
            snprintf(why, wsz, _("range '%s' is not two numbers LOW..HIGH (%s)"), value,
                     r ? r : "?");
            return -1;
        }
    } else {
        double v;
        if (ntm_parse_double(q, NTM_NUM_AUTO, &v, &r) != NTM_OK) {
            *code = "bad-number";
            snprintf(why, wsz,
                     _("'%s' is not a threshold (write '>= 85', '<= 6,5' or '15..20': "
                       "%s)"),
                     value, r ? r : "?");
            return -1;
        }
        if (!lo_sign && !hi_sign) {
            snprintf(why, wsz,
                     _("'%s' has no sign: write '>= %s' (at least) or '<= %s' (at "
                       "most)"),
                     value, q, q);
            return -1;
        }
        if (lo_sign)
            lo = v;
        else
            hi = v;
    }
    if (isinf(lo) || isinf(hi)) {
        *code = "bad-number";
        snprintf(why, wsz, _("'%s': the threshold is not finite"), value);
        return -1;
    }
    if (isfinite(lo) && isfinite(hi) && lo > hi) {
        *code = "lower-above-upper";
        snprintf(why, wsz, _("'%s': the lower bound %g is above the upper bound %g"), value, lo,
                 hi);
        return -1;
    }
    *lower = lo;
    *upper = hi;
    return 0;
}

/* [assumptions]: `CODE.FIELD = ...` with one unit, `UNIT / CODE.FIELD = ...` with several
 * (as in [targets]). The keys of one (unit, indicator) make one ntm_assumption; each needs
 * a source and a value or a threshold. */
static void build_assumptions(builder *b, const char *raw)
{
    ntm_scenario *sc = b->sc;
    doc *d = b->d;
    size_t first = sc->n_assume;
    /* The line of each field of each assumption, to name the first of a pair given twice
     * (the scan only catches the same key text twice). */
    long(*lines)[A_NFIELDS] = NULL;
    size_t cap = 0;
    size_t lo, hi;
    section_range(b, raw, &lo, &hi);
    for (size_t i = lo; i < hi && !oom(b); i++) {
        rec *r = &d->rec[b->order[i]];
        char buf[512];
        snprintf(buf, sizeof buf, "%s", r->key);
        char *slash = strrchr(buf, '/');
        char *ind = ntm_ini_rstrip(ntm_ini_lskip(slash ? slash + 1 : buf));
        const char *unit = NULL; /* as stored: NULL = the only unit */
        const char *eff = NULL;  /* the unit meant, for comparisons */
        if (slash) {
            *slash = '\0';
            char *u = ntm_ini_rstrip(ntm_ini_lskip(buf));
            unit = eff = scenario_unit(b, u);
            if (!unit) {
                ERR(d, r->line, r->key, "bad-unit",
                    _("[%s] '%s' is not one of the scenario's units"), raw, u);
                continue;
            }
        } else if (sc->n_units > 1) {
            ERR(d, r->line, r->key, "bad-key",
                _("[%s] with several units write 'UNIT / INDICATOR.value = ...'"), raw);
            continue;
        } else {
            eff = sc->n_units ? sc->units[0] : "";
        }
        char *dot = strrchr(ind, '.');
        int f = -1;
        if (dot) {
            *dot = '\0';
            for (int k = 0; k < A_NFIELDS; k++)
                if (strcmp(ntm_ini_rstrip(ntm_ini_lskip(dot + 1)), assume_fields[k]) == 0)
                    f = k;
            ntm_ini_rstrip(ind);
        }
        if (f < 0 || !valid_code(ind)) {
            ERR(d, r->line, r->key, "bad-key",
                _("[%s] '%s' is not INDICATOR.value, INDICATOR.threshold or INDICATOR.source "
                  "(e.g. 15.1.value = 80%%, 15.1.threshold = >= 85)"),
                raw, r->key);
            continue;
        }
        /* find or add this (unit, indicator) */
        size_t a = first;
        while (a < sc->n_assume) {
            const ntm_assumption *x = &sc->assume[a];
            const char *xu = x->unit ? x->unit : (sc->n_units ? sc->units[0] : "");
            if (strcmp(xu, eff) == 0 && strcmp(x->indicator, ind) == 0)
                break;
            a++;
        }
        if (a == sc->n_assume) {
            ntm_assumption *na = realloc(sc->assume, (sc->n_assume + 1) * sizeof *na);
            if (!na) {
                b->oom = 1;
                break;
            }
            sc->assume = na;
            if (ntm_ini_grow(b->d, (void **)&lines, &cap, a - first, sizeof *lines))
                break;
            ntm_assumption *x = &sc->assume[sc->n_assume++];
            x->unit = bdup(b, unit);
            x->indicator = bdup(b, ind);
            x->value = x->lower = x->upper = NAN;
            x->source = NULL;
            x->line = r->line;
            for (int k = 0; k < A_NFIELDS; k++)
                lines[a - first][k] = 0;
        }
        ntm_assumption *x = &sc->assume[a];
        long *seen = &lines[a - first][f];
        if (*seen) {
            if (*eff)
                ERR(d, r->line, r->key, "duplicate",
                    _("[%s] the %s of %s / %s is already given at line %ld"), raw, assume_fields[f],
                    eff, ind, *seen);
            else
                ERR(d, r->line, r->key, "duplicate",
                    _("[%s] the %s of %s is already given at line %ld"), raw, assume_fields[f], ind,
                    *seen);
            continue;
        }
        *seen = r->line;
        char why[512];
        if (f == A_VALUE) {
            double v;
            const char *w = NULL;
            int parsed = ntm_parse_double(r->value, NTM_NUM_AUTO, &v, &w) == NTM_OK;
            if (!parsed && w)
                ERR(d, r->line, r->key, "bad-number",
                    _("[%s] %s: '%s' is not a number (%s; e.g. 80%% or 12,5)"), raw, r->key,
                    r->value, w);
            else if (!parsed || !isfinite(v))
                ERR(d, r->line, r->key, "bad-number",
                    _("[%s] %s: '%s' is not a number (not finite; e.g. 80%% or 12,5)"), raw, r->key,
                    r->value);
            else
                x->value = v;
        } else if (f == A_THRESHOLD) {
            const char *code;
            if (parse_signed_threshold(r->value, &x->lower, &x->upper, &code, why, sizeof why))
                ERR(d, r->line, r->key, code, "[%s] %s: %s", raw, r->key, why);
        } else if (r->value[0]) {
            x->source = bdup(b, r->value);
        }
    }
    /* every indicator: a source, and something assumed */
    for (size_t a = first; a < sc->n_assume && !oom(b); a++) {
        const ntm_assumption *x = &sc->assume[a];
        const long *ln = lines[a - first];
        char key[300];
        if (!x->source) {
            snprintf(key, sizeof key, "%s.source", x->indicator);
            ERR(d, ln[A_SOURCE] ? ln[A_SOURCE] : x->line, key, "missing-source",
                _("[%s] %s has no source: write '%s = assumption: ...' saying where the "
                  "figures come from and why they are used"),
                raw, x->indicator, key);
        }
        if (!ln[A_VALUE] && !ln[A_THRESHOLD]) {
            snprintf(key, sizeof key, "%s.value", x->indicator);
            ERR(d, x->line, key, "missing-key",
                _("[%s] %s has a source but neither a value nor a threshold"), raw, x->indicator);
        }
    }
    free(lines);
}

/* Profile: yearly shares separated by blanks ("0,6 0,4" or "60% 40%"), summing to 1. */
static int parse_profile(const char *value, double **out, size_t *n, char *why, size_t wsz)
{
    char buf[1024];
    if (strlen(value) >= sizeof buf) {
        snprintf(why, wsz, _("too long"));
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", value);
    double sh[PROFILE_MAX];
    size_t k = 0;
    double sum = 0;
    char *save = NULL;
    for (char *s = strtok_r(buf, " \t", &save); s; s = strtok_r(NULL, " \t", &save)) {
        if (k == PROFILE_MAX) {
            snprintf(why, wsz, _("more than %d yearly shares"), PROFILE_MAX);
            return -1;
        }
        char w[256];
        if (parse_value(s, F_FRACTION, 0, 1, 0, &sh[k], w, sizeof w)) {
            snprintf(why, wsz,
                     _("share %zu: %s (write the yearly shares separated by blanks: "
                       "0,6 0,4)"),
                     k + 1, w);
            return -1;
        }
        sum += sh[k++];
    }
    if (k == 0) {
        snprintf(why, wsz, _("no shares given (e.g. profile = 0,6 0,4)"));
        return -1;
    }
    if (fabs(sum - 1.0) > SHARE_SUM_TOL) {
        snprintf(why, wsz, _("the yearly shares sum to %.6g, not 1"), sum);
        return -1;
    }
    double *p = malloc(k * sizeof *p);
    if (!p) {
        snprintf(why, wsz, _("out of memory"));
        return -3;
    }
    memcpy(p, sh, k * sizeof *p);
    *out = p;
    *n = k;
    return 0;
}

/* The parameter keys of intervention type T, for messages (an effort's are said in the
 * message to take no money). */
static const char *type_keys(unsigned t)
{
    switch (t) {
    case T_PROGRAM:
    case T_RECURRING:
        return "unit_cost, unit_cost_sigma, efficacy, lag, decay, population, profile, "
               "fund.*, alloc.*, optimize";
    case T_PROJECT:
        return "cost, contingency, overrun_sigma, duration, delay_prob, components, "
               "k_required, value_when_done, profile, fund.*, alloc.*, optimize";
    default: return "done, total, rate, rate_sd";
    }
}

static void build_intervention(builder *b, const char *raw, const char *name, long sec_line)
{
    ntm_scenario *sc = b->sc;
    doc *d = b->d;
    if (sc->n_iv == b->cap_iv) {
        size_t cap = b->cap_iv ? 2 * b->cap_iv : 16;
        ntm_intervention *a = realloc(sc->iv, cap * sizeof *a);
        if (!a) {
            b->oom = 1;
            return;
        }
        sc->iv = a;
        b->cap_iv = cap;
    }
    ntm_intervention *iv = &sc->iv[sc->n_iv++];
    memset(iv, 0, sizeof *iv);
    iv->name = bdup(b, name);
    iv->line = sec_line;
    for (size_t f = 0; f < N_IV_FIELDS; f++)
        if (iv_fields[f].kind != F_INT)
            *(double *)((char *)iv + iv_fields[f].offset) = NAN;
    iv->components = iv->k_required = 1;

    /* type first: it decides which keys exist */
    const rec *type_r = NULL, *unit_r = NULL, *ind_r = NULL;
    size_t lo, hi;
    section_range(b, raw, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        rec *r = &d->rec[b->order[i]];
        if (strcmp(r->key, "type") == 0)
            type_r = r;
        else if (strcmp(r->key, "unit") == 0)
            unit_r = r;
        else if (strcmp(r->key, "indicator") == 0)
            ind_r = r;
    }
    if (!type_r) {
        ERR(d, sec_line, "type", "missing-key",
            _("[%s] needs 'type' (program, recurring, project or effort)"), raw);
        return;
    }
    if (ntm_iv_type_from_name(type_r->value, &iv->type)) {
        ERR(d, type_r->line, "type", "bad-value",
            _("[%s] type '%s' is not program, recurring, project or effort"), raw, type_r->value);
        return;
    }
    unsigned tbit = 1u << iv->type;
    const char *tname = ntm_iv_type_name(iv->type);

    if (unit_r) {
        const char *u = scenario_unit(b, unit_r->value);
        if (!u)
            ERR(d, unit_r->line, "unit", "bad-unit",
                _("[%s] unit '%s' is not one of the scenario's units"), raw, unit_r->value);
        else
            iv->unit = bdup(b, u);
    } else if (sc->n_units == 1) {
        iv->unit = bdup(b, sc->units[0]);
    } else if (sc->n_units > 1) {
        ERR(d, sec_line, "unit", "missing-key",
            _("[%s] needs 'unit' (the scenario has several units)"), raw);
    }
    if (!ind_r)
        ERR(d, sec_line, "indicator", "missing-key", _("[%s] needs 'indicator' (e.g. 11.1)"), raw);
    else if (!valid_code(ind_r->value))
        ERR(d, ind_r->line, "indicator", "bad-value", _("[%s] indicator '%s' is not a code"), raw,
            ind_r->value);
    else
        iv->indicator = bdup(b, ind_r->value);

    int have[N_IV_FIELDS] = {0};
    int have_profile = 0, have_fund = 0, have_optimize_line = 0;
    double share_sum = 0;
    long first_fund_line = 0;
    for (size_t i = lo; i < hi && !oom(b); i++) {
        rec *r = &d->rec[b->order[i]];
        if (r == type_r || r == unit_r || r == ind_r)
            continue;
        char why[512];
        if (strcmp(r->key, "owner") == 0 || strcmp(r->key, "task") == 0) {
            char **dst = r->key[0] == 'o' ? &iv->owner : &iv->task;
            *dst = bdup(b, r->value);
            continue;
        }
        if (strcmp(r->key, "due") == 0) {
            ntm_date dt;
            const char *w;
            if (ntm_date_parse(r->value, &dt, &w) != NTM_OK)
                ERR(d, r->line, "due", "bad-date",
                    _("[%s] due '%s' is not a date (31/12/2024, 12/2024 or 2024): %s"), raw,
                    r->value, w);
            else
                iv->due = bdup(b, r->value);
            continue;
        }
        if (strcmp(r->key, "note") == 0)
            continue;
        int money_key = strcmp(r->key, "profile") == 0 || strcmp(r->key, "optimize") == 0 ||
                        strncmp(r->key, "fund.", 5) == 0 || strncmp(r->key, "alloc.", 6) == 0;
        if (money_key && iv->type == NTM_IV_EFFORT) {
            ERR(d, r->line, r->key, "not-for-type",
                _("[%s] '%s': an effort takes no money (no profile, fund, alloc or optimize); "
                  "use type = program, recurring or project"),
                raw, r->key);
            continue;
        }
        if (strcmp(r->key, "profile") == 0) {
            int rc = parse_profile(r->value, &iv->profile, &iv->n_profile, why, sizeof why);
            if (rc == -3)
                b->oom = 1;
            else if (rc)
                ERR(d, r->line, "profile", "bad-profile", _("[%s] profile: %s"), raw, why);
            have_profile = 1;
            continue;
        }
        if (strcmp(r->key, "optimize") == 0) {
            int v;
            if (parse_bool(r->value, &v))
                ERR(d, r->line, "optimize", "bad-value", _("[%s] optimize: '%s' is not yes or no"),
                    raw, r->value);
            else {
                iv->optimize = v;
                have_optimize_line = v ? (int)r->line : 0;
            }
            continue;
        }
        if (strncmp(r->key, "fund.", 5) == 0) {
            ntm_fund_key k;
            if (ntm_fund_key_parse(r->key + 5, &k, why, sizeof why)) {
                ERR(d, r->line, r->key, "bad-key",
                    _("[%s] '%s': %s (write fund.SOURCE.CAPITAL.PROGRAMME = SHARE, e.g. "
                      "fund.province.investment.ntm = 1)"),
                    raw, r->key, why);
                continue;
            }
            double share;
            int rc = parse_value(r->value, F_FRACTION, 0, 1, 1, &share, why, sizeof why);
            if (rc) {
                ERR(d, r->line, r->key, rc == -2 ? "out-of-range" : "bad-share",
                    _("[%s] %s: the share %s"), raw, r->key, why);
                continue;
            }
            int dup = 0;
            for (size_t j = 0; j < iv->n_keys; j++)
                dup |= ntm_fund_key_equal(&iv->keys[j], &k);
            if (dup) {
                ERR(d, r->line, r->key, "duplicate", _("[%s] %s: this funding key is given twice"),
                    raw, r->key);
                continue;
            }
            ntm_fund_key *nk = realloc(iv->keys, (iv->n_keys + 1) * sizeof *nk);
            double *ns = nk ? realloc(iv->key_share, (iv->n_keys + 1) * sizeof *ns) : NULL;
            if (nk)
                iv->keys = nk;
            if (!ns) {
                b->oom = 1;
                return;
            }
            iv->key_share = ns;
            iv->keys[iv->n_keys] = k;
            iv->key_share[iv->n_keys++] = share;
            share_sum += share;
            have_fund = 1;
            if (!first_fund_line)
                first_fund_line = r->line;
            continue;
        }
        if (strncmp(r->key, "alloc.", 6) == 0) {
            ntm_allocation al = {.line = r->line};
            if (year_key_parse(r->key + 6, &al.year, &al.key, why, sizeof why)) {
                ERR(d, r->line, r->key, "bad-key",
                    _("[%s] '%s': %s (write alloc.YEAR.SOURCE.CAPITAL.PROGRAMME = AMOUNT, e.g. "
                      "alloc.2024.province.investment.ntm = 3,5 tỷ)"),
                    raw, r->key, why);
                continue;
            }
            int rc = parse_value(r->value, F_MONEY, 0, 1e15, 0, &al.amount, why, sizeof why);
            if (rc) {
                ERR(d, r->line, r->key, parse_code(rc, F_MONEY), "[%s] %s: %s", raw, r->key, why);
                continue;
            }
            if (!year_in_range(b, al.year)) {
                ERR(d, r->line, r->key, "bad-year",
                    _("[%s] %s: year %d is outside the scenario's years %d-%d"), raw, r->key,
                    al.year, sc->start_year, sc->horizon);
                continue;
            }
            int dup = 0;
            for (size_t j = 0; j < iv->n_alloc && !dup; j++)
                if (iv->alloc[j].year == al.year &&
                    ntm_fund_key_equal(&iv->alloc[j].key, &al.key)) {
                    ERR(d, r->line, r->key, "duplicate",
                        _("[%s] %s: the same year and funding key as line %ld"), raw, r->key,
                        iv->alloc[j].line);
                    dup = 1;
                }
            if (dup)
                continue;
            ntm_allocation *na = realloc(iv->alloc, (iv->n_alloc + 1) * sizeof *na);
            if (!na) {
                b->oom = 1;
                return;
            }
            iv->alloc = na;
            iv->alloc[iv->n_alloc++] = al;
            continue;
        }
        size_t f = 0;
        while (f < N_IV_FIELDS && strcmp(iv_fields[f].key, r->key) != 0)
            f++;
        if (f == N_IV_FIELDS) {
            if (tbit == T_EFFORT)
                ERR(d, r->line, r->key, "unknown-key",
                    _("[%s] unknown key '%s' (a %s takes type, unit, indicator, %s (no money), "
                      "owner, task, due, note)"),
                    raw, r->key, tname, type_keys(tbit));
            else
                ERR(d, r->line, r->key, "unknown-key",
                    _("[%s] unknown key '%s' (a %s takes type, unit, indicator, %s, owner, "
                      "task, due, note)"),
                    raw, r->key, tname, type_keys(tbit));
            continue;
        }
        if (!(iv_fields[f].types & tbit)) {
            if (tbit == T_EFFORT)
                ERR(d, r->line, r->key, "not-for-type",
                    _("[%s] '%s' is not a parameter of a %s (it takes %s (no money))"), raw, r->key,
                    tname, type_keys(tbit));
            else
                ERR(d, r->line, r->key, "not-for-type",
                    _("[%s] '%s' is not a parameter of a %s (it takes %s)"), raw, r->key, tname,
                    type_keys(tbit));
            continue;
        }
        double v;
        int rc = parse_value(r->value, iv_fields[f].kind, iv_fields[f].lo, iv_fields[f].hi,
                             iv_fields[f].lo_open, &v, why, sizeof why);
        if (rc) {
            ERR(d, r->line, r->key, parse_code(rc, iv_fields[f].kind), "[%s] %s: %s", raw, r->key,
                why);
            have[f] = 1; /* reported: no default on top */
            continue;
        }
        if (iv_fields[f].kind == F_INT)
            *(int *)((char *)iv + iv_fields[f].offset) = (int)v;
        else
            *(double *)((char *)iv + iv_fields[f].offset) = v;
        have[f] = 1;
    }
    if (oom(b))
        return;

    /* Defaults for what the file does not give. */
    const char *tsec = type_section[iv->type];
    char *origin = NULL;
    for (size_t f = 0; f < N_IV_FIELDS; f++) {
        if (have[f] || !(iv_fields[f].types & tbit))
            continue;
        rec *dr = default_find(b, tsec, iv->indicator, iv_fields[f].key);
        if (!dr) {
            if (iv_fields[f].required && b->defs)
                ERR(d, sec_line, iv_fields[f].key, "missing-key",
                    _("[%s] a %s needs '%s' (not in the file, no default in %s)"), raw, tname,
                    iv_fields[f].key, b->defs->path);
            else if (iv_fields[f].required)
                ERR(d, sec_line, iv_fields[f].key, "missing-key",
                    _("[%s] a %s needs '%s' (not in the file, no default in the defaults: none "
                      "given)"),
                    raw, tname, iv_fields[f].key);
            continue;
        }
        double v;
        char why[512];
        if (parse_value(dr->value, iv_fields[f].kind, iv_fields[f].lo, iv_fields[f].hi,
                        iv_fields[f].lo_open, &v, why, sizeof why))
            continue; /* reported by check_defaults */
        if (iv_fields[f].kind == F_INT)
            *(int *)((char *)iv + iv_fields[f].offset) = (int)v;
        else
            *(double *)((char *)iv + iv_fields[f].offset) = v;
        append(b, &origin, "%s = %s (%s:%ld [%s]: %s)", iv_fields[f].key, dr->value, b->defs->path,
               dr->line, dr->section, default_source(b, dr));
    }
    if (iv->type == NTM_IV_PROJECT && iv->k_required > iv->components)
        ERR(d, sec_line, "k_required", "out-of-range",
            _("[%s] k_required %d is more than components %d"), raw, iv->k_required,
            iv->components);
    if (iv->type == NTM_IV_EFFORT && isfinite(iv->done) && isfinite(iv->total) &&
        iv->done > iv->total)
        ERR(d, sec_line, "done", "out-of-range", _("[%s] done %g is more than total %g"), raw,
            iv->done, iv->total);

    if (iv->type != NTM_IV_EFFORT) {
        if (!have_profile) {
            rec *dr = default_find(b, tsec, iv->indicator, "profile");
            char why[512];
            if (dr && parse_profile(dr->value, &iv->profile, &iv->n_profile, why, sizeof why) == 0)
                append(b, &origin, "profile = %s (%s:%ld [%s]: %s)", dr->value, b->defs->path,
                       dr->line, dr->section, default_source(b, dr));
            else if (dr)
                ERR(b->defs, dr->line, "profile", "bad-profile", _("[%s] profile: %s"), dr->section,
                    why);
            else
                ERR(d, sec_line, "profile", "missing-key",
                    _("[%s] needs 'profile' (yearly spending shares, e.g. 0,6 0,4; no default)"),
                    raw);
        }
        if (have_fund && fabs(share_sum - 1.0) > SHARE_SUM_TOL)
            ERR(d, first_fund_line, "fund", "bad-share",
                _("[%s] the shares of the fund.* keys sum to %.6g, not 1"), raw, share_sum);
        if (iv->optimize && iv->n_alloc > 0)
            ERR(d, have_optimize_line, "optimize", "alloc-and-optimize",
                _("[%s] optimize = yes leaves the allocation to 'ntmplan optimize': remove the "
                  "alloc.* keys (line %ld) or the optimize key"),
                raw, iv->alloc[0].line);
        if (iv->optimize && !have_fund)
            ERR(d, have_optimize_line, "optimize", "missing-key",
                _("[%s] optimize = yes needs the fund.* keys it may draw on"), raw);
        if (!have_fund && iv->n_alloc > 0) {
            /* Keys from the allocations, in the shares of their totals. */
            double total = 0;
            for (size_t j = 0; j < iv->n_alloc; j++) {
                const ntm_fund_key *k = &iv->alloc[j].key;
                size_t m = 0;
                while (m < iv->n_keys && !ntm_fund_key_equal(&iv->keys[m], k))
                    m++;
                if (m == iv->n_keys) {
                    ntm_fund_key *nk = realloc(iv->keys, (m + 1) * sizeof *nk);
                    double *ns = nk ? realloc(iv->key_share, (m + 1) * sizeof *ns) : NULL;
                    if (nk)
                        iv->keys = nk;
                    if (!ns) {
                        b->oom = 1;
                        free(origin);
                        return;
                    }
                    iv->key_share = ns;
                    iv->keys[m] = *k;
                    iv->key_share[m] = 0;
                    iv->n_keys++;
                }
                iv->key_share[m] += iv->alloc[j].amount;
                total += iv->alloc[j].amount;
            }
            for (size_t m = 0; m < iv->n_keys; m++)
                iv->key_share[m] = total > 0 ? iv->key_share[m] / total : 1.0 / (double)iv->n_keys;
            append(b, &origin, "funding keys and shares from the alloc.* lines");
        }
        if (!iv->optimize && iv->n_alloc == 0)
            WARN(d, sec_line, NULL, "no-money",
                 _("[%s] has no alloc.* lines and no optimize = yes: it spends nothing"), raw);
    }
    if (!origin)
        append(b, &origin, "every parameter from %s", d->path);
    iv->origin = origin;
}

/* The name of section I when it is an [intervention NAME], else "". */
static const char *iv_name_at(const builder *b, size_t i)
{
    static _Thread_local char name[200];
    char kind[64];
    ntm_ini_section_split(b->d->sec[i].raw, kind, sizeof kind, name, sizeof name);
    return strcmp(kind, "intervention") == 0 ? name : "";
}

/* For each section, the line of an earlier [intervention] with the same name (in any
 * spelling), or 0. Caller frees; NULL when out of memory. */
static long *repeated_interventions(builder *b)
{
    size_t n = b->d->n_sec;
    name_key *k = sorted_keys(b, n, iv_name_at);
    long *first = calloc(n ? n : 1, sizeof *first);
    if (!k || !first) {
        free_keys(k, n);
        free(first);
        b->oom = 1;
        return NULL;
    }
    for (size_t i = 1, g = 0; i < n; i++) {
        if (strcmp(k[i].key, k[g].key) != 0) {
            g = i;
            continue;
        }
        if (k[i].key[0]) /* sections of other kinds have the empty name */
            first[k[i].idx] = b->d->sec[k[g].idx].line;
    }
    free_keys(k, n);
    return first;
}

static void build(builder *b)
{
    doc *d = b->d;
    int have_scenario = 0;
    long *first_line = repeated_interventions(b);
    /* [scenario] first: its units and years decide what else is valid. */
    for (size_t s = 0; s < d->n_sec; s++) {
        char kind[64], name[200];
        ntm_ini_section_split(d->sec[s].raw, kind, sizeof kind, name, sizeof name);
        if (strcmp(kind, "scenario") == 0 && !name[0]) {
            if (have_scenario) {
                ERR(d, d->sec[s].line, NULL, "duplicate", _("second [scenario] section"));
                continue;
            }
            have_scenario = 1;
            build_scenario_section(b, d->sec[s].raw, d->sec[s].line);
        }
    }
    if (!have_scenario)
        ERR(d, 0, NULL, "missing-section",
            _("no [scenario] section (name, units, start_year, horizon, deadline ...)"));
    for (size_t s = 0; s < d->n_sec && !oom(b); s++) {
        char kind[64], name[200];
        const char *raw = d->sec[s].raw;
        ntm_ini_section_split(raw, kind, sizeof kind, name, sizeof name);
        if (strcmp(kind, "scenario") == 0 && !name[0])
            continue;
        if (strcmp(kind, "targets") == 0 && !name[0]) {
            build_targets(b, raw);
        } else if (strcmp(kind, "envelope") == 0 && !name[0]) {
            build_envelopes(b, raw);
        } else if (strcmp(kind, "assumptions") == 0 && !name[0]) {
            build_assumptions(b, raw);
        } else if (strcmp(kind, "intervention") == 0 && name[0]) {
            if (first_line && first_line[s])
                ERR(d, d->sec[s].line, NULL, "duplicate",
                    _("[intervention %s]: the same name as the section at line %ld"), name,
                    first_line[s]);
            else
                build_intervention(b, raw, name, d->sec[s].line);
        } else {
            ERR(d, d->sec[s].line, NULL, "unknown-section",
                _("unknown section [%s] (expected [scenario], [targets], [envelope], "
                  "[assumptions] or [intervention NAME])"),
                raw);
        }
    }
    free(first_line);
}

ntm_status ntm_scenario_read(const char *path, const char *defaults_path, ntm_scenario *out,
                             ntm_diag_list *diags)
{
    memset(out, 0, sizeof *out);
    size_t errors_before = diags->n_errors;
    doc sd, dd;
    ntm_ini_doc_init(&sd, path, diags);
    ntm_ini_doc_init(&dd, defaults_path, diags);
    builder b = {.d = &sd, .defs = defaults_path ? &dd : NULL, .sc = out};
    ntm_status rc = NTM_OK;
    if (defaults_path) {
        rc = doc_load(&dd);
        if (rc == NTM_OK)
            index_defaults(&b);
        if (rc == NTM_OK && !oom(&b) && dd.diags->n_errors == errors_before)
            check_defaults(&b);
    }
    if (rc == NTM_OK)
        rc = doc_load(&sd);
    /* A file the scan refused (bad syntax, bad UTF-8, a key twice) is not built: its
     * errors are reported at once, however large the file. */
    if (rc == NTM_OK && !oom(&b) && diags->n_errors == errors_before) {
        out->path = bdup(&b, path);
        index_records(&b);
        if (!oom(&b))
            build(&b);
    }
    free(b.order);
    free(b.def_kind);
    free(b.def_name);
    free_keys(b.unit_keys, b.n_unit_keys);
    if (rc == NTM_OK && oom(&b))
        rc = NTM_ENOMEM;
    ntm_ini_doc_release(&sd);
    ntm_ini_doc_release(&dd);
    if (rc == NTM_OK && diags->n_errors > errors_before)
        rc = NTM_EINPUT;
    if (rc != NTM_OK)
        ntm_scenario_release(out);
    return rc;
}
