/* plan_write.c: the optimised plan as a new scenario file (see plan_write.h). */
#include "plan/plan_write.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/scenario_xlsx.h"

char *ntm_plan_money(char *buf, size_t size, double amount)
{
    double whole = floor(amount + 1e-6); /* never round up: the envelope must still hold */
    if (!(whole >= 0) || whole > 9e15)
        whole = 0;
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", whole);
    size_t n = strlen(digits), o = 0;
    char grouped[48];
    for (size_t i = 0; i < n && o + 2 < sizeof grouped; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[o++] = '.';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    snprintf(buf, size, "%s đ", grouped);
    return buf;
}

/* The line's text after leading blanks. */
static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* 1 when LINE is a key line (not blank, not a comment, not a section, not indented). */
static int is_key_line(const char *line)
{
    if (line[0] == ' ' || line[0] == '\t')
        return 0;
    return line[0] && line[0] != ';' && line[0] != '#' && line[0] != '[' && line[0] != '\r';
}

/* 1 when LINE's key starts with PREFIX (case ignored). */
static int key_starts(const char *line, const char *prefix)
{
    return is_key_line(line) && strncasecmp(line, prefix, strlen(prefix)) == 0;
}

/* 1 when LINE's key is exactly KEY. */
static int key_is(const char *line, const char *key)
{
    size_t n = strlen(key);
    if (!key_starts(line, key))
        return 0;
    const char *r = skip_blanks(line + n);
    return *r == '=' || *r == ':';
}

typedef struct lines {
    char *buf;
    char **line; /* NUL-terminated, without the newline */
    size_t n;
} lines;

static ntm_status read_lines(const char *path, lines *L, ntm_error *err)
{
    memset(L, 0, sizeof *L);
    size_t len = 0;
    char *buf = NULL;
    if (ntm_scenario_is_workbook(path)) { /* its sheet's INI text: line N is row N */
        ntm_diag_list d;
        ntm_diag_list_init(&d);
        ntm_status rc = ntm_scenario_xlsx_ini(path, &buf, &len, &d);
        ntm_diag_list_release(&d);
        if (rc != NTM_OK)
            return ntm_error_set(err, rc, "cannot read '%s'", path);
        goto split;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return ntm_error_set(err, NTM_EIO, "cannot open '%s': %s", path, ntm_strerror(errno));
    size_t cap = 1 << 16;
    buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *nb = realloc(buf, 2 * cap + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    if (bad) {
        free(buf);
        return ntm_error_set(err, NTM_EIO, "cannot read '%s'", path);
    }
    buf[len] = '\0';
split:;
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += buf[i] == '\n';
    L->line = malloc(n * sizeof *L->line);
    if (!L->line) {
        free(buf);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    L->buf = buf;
    char *s = buf;
    for (;;) {
        char *nl = strchr(s, '\n');
        if (!nl) {
            if (*s)
                L->line[L->n++] = s;
            break;
        }
        *nl = '\0';
        if (nl > s && nl[-1] == '\r')
            nl[-1] = '\0';
        L->line[L->n++] = s;
        s = nl + 1;
    }
    return NTM_OK;
}

static void write_allocs(FILE *out, size_t iv, const ntm_plan_alloc *allocs, size_t n)
{
    for (size_t a = 0; a < n; a++) {
        if (allocs[a].iv != iv || floor(allocs[a].amount + 1e-6) < 1)
            continue;
        char money[64];
        fprintf(out, "alloc.%d.%s.%s.%s = %s   ; optimize\n", allocs[a].year,
                ntm_fund_source_name(allocs[a].key.source), ntm_capital_name(allocs[a].key.capital),
                ntm_programme_name(allocs[a].key.programme),
                ntm_plan_money(money, sizeof money, allocs[a].amount));
    }
}

ntm_status ntm_plan_write_scenario(const ntm_scenario *sc, const char *out_path, const char *header,
                                   const char *new_name, const int *replaced,
                                   const ntm_plan_alloc *allocs, size_t n_allocs, ntm_error *err)
{
    lines L;
    ntm_status rc = read_lines(sc->path, &L, err);
    if (rc != NTM_OK)
        return rc;
    /* Per line: the intervention whose section it is in (SIZE_MAX: none), and per section
     * the index of its last key line (where the plan's lines go). */
    size_t *sec_iv = malloc((L.n ? L.n : 1) * sizeof *sec_iv);
    int *in_scenario = calloc(L.n ? L.n : 1, sizeof *in_scenario);
    if (!sec_iv || !in_scenario) {
        free(sec_iv);
        free(in_scenario);
        free(L.line);
        free(L.buf);
        return ntm_error_set(err, NTM_ENOMEM, "out of memory");
    }
    size_t cur = SIZE_MAX;
    int scen = 0;
    for (size_t i = 0; i < L.n; i++) {
        const char *t = skip_blanks(L.line[i]);
        if (*t == '[') {
            cur = SIZE_MAX;
            scen = strncasecmp(t, "[scenario]", 10) == 0;
            for (size_t k = 0; k < sc->n_iv; k++)
                if (sc->iv[k].line == (long)(i + 1) && replaced[k])
                    cur = k;
        }
        sec_iv[i] = cur;
        in_scenario[i] = scen;
    }
    FILE *out = fopen(out_path, "w");
    if (!out) {
        rc = ntm_error_set(err, NTM_EIO, "cannot write '%s': %s", out_path, ntm_strerror(errno));
    } else {
        fputs(header, out);
        for (size_t i = 0; i < L.n; i++) {
            const char *line = L.line[i];
            size_t k = sec_iv[i];
            if (in_scenario[i] && new_name && key_is(line, "name")) {
                fprintf(out, "name = %s\n", new_name);
                continue;
            }
            int drop = k != SIZE_MAX && (key_starts(line, "alloc.") || key_is(line, "optimize"));
            if (!drop)
                fprintf(out, "%s\n", line);
            if (k == SIZE_MAX)
                continue;
            /* After the section's last key line (or its header when it has none). */
            int later = 0;
            for (size_t j = i + 1; j < L.n && sec_iv[j] == k && skip_blanks(L.line[j])[0] != '[';
                 j++)
                if (is_key_line(L.line[j]) || L.line[j][0] == ' ' || L.line[j][0] == '\t') {
                    if (is_key_line(L.line[j]) || skip_blanks(L.line[j])[0] != ';')
                        later = 1;
                }
            const char *t = skip_blanks(line);
            if (!later && *t && *t != ';' && *t != '#')
                write_allocs(out, k, allocs, n_allocs);
        }
        if (fclose(out) != 0)
            rc =
                ntm_error_set(err, NTM_EIO, "cannot write '%s': %s", out_path, ntm_strerror(errno));
    }
    free(sec_iv);
    free(in_scenario);
    free(L.line);
    free(L.buf);
    return rc;
}
