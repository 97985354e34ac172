/* scenario.c: names of funding keys and intervention types, and freeing a scenario
 * (see scenario.h). Names match after folding (io/text.h: case, marks, đ -> d), with
 * '-', '_' and '.' read as blanks, so "Tỉnh", "tinh" and "TỈNH" are the same word and
 * "dtts-mn" is "dtts mn". */
#include "model/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/text.h"

/* Canonical names first (index = enum value), then aliases with the value they mean. */
typedef struct alias {
    const char *name;
    int value;
} alias;

static const char *const source_names[NTM_SRC_COUNT] = {"central", "province",  "district",
                                                        "commune", "community", "other"};
static const char *const capital_names[NTM_CAP_COUNT] = {"investment", "recurrent"};
static const char *const programme_names[NTM_PROG_COUNT] = {"ntm", "poverty", "ethnic", "other"};
static const char *const iv_type_names[] = {"program", "recurring", "project", "effort"};

static const alias source_alias[] = {
    {"central", NTM_SRC_CENTRAL},     {"trung ương", NTM_SRC_CENTRAL},
    {"tw", NTM_SRC_CENTRAL},          {"province", NTM_SRC_PROVINCE},
    {"provincial", NTM_SRC_PROVINCE}, {"tỉnh", NTM_SRC_PROVINCE},
    {"district", NTM_SRC_DISTRICT},   {"huyện", NTM_SRC_DISTRICT},
    {"commune", NTM_SRC_COMMUNE},     {"xã", NTM_SRC_COMMUNE},
    {"community", NTM_SRC_COMMUNITY}, {"cộng đồng", NTM_SRC_COMMUNITY},
    {"nhân dân", NTM_SRC_COMMUNITY},  {"other", NTM_SRC_OTHER},
    {"khác", NTM_SRC_OTHER},
};
static const alias capital_alias[] = {
    {"investment", NTM_CAP_INVESTMENT},        {"đầu tư", NTM_CAP_INVESTMENT},
    {"đầu tư phát triển", NTM_CAP_INVESTMENT}, {"đtpt", NTM_CAP_INVESTMENT},
    {"recurrent", NTM_CAP_RECURRENT},          {"sự nghiệp", NTM_CAP_RECURRENT},
    {"kinh phí sự nghiệp", NTM_CAP_RECURRENT},
};
static const alias programme_alias[] = {
    {"ntm", NTM_PROG_NTM},
    {"nông thôn mới", NTM_PROG_NTM},
    {"poverty", NTM_PROG_POVERTY},
    {"giảm nghèo", NTM_PROG_POVERTY},
    {"giảm nghèo bền vững", NTM_PROG_POVERTY},
    {"gnbv", NTM_PROG_POVERTY},
    {"ethnic", NTM_PROG_ETHNIC},
    {"dtts", NTM_PROG_ETHNIC},
    {"dtts-mn", NTM_PROG_ETHNIC},
    {"dân tộc thiểu số", NTM_PROG_ETHNIC},
    {"other", NTM_PROG_OTHER},
    {"khác", NTM_PROG_OTHER},
    {"lồng ghép", NTM_PROG_OTHER},
};
static const alias iv_type_alias[] = {
    {"program", NTM_IV_PROGRAM},
    {"programme", NTM_IV_PROGRAM},
    {"chương trình", NTM_IV_PROGRAM},
    {"recurring", NTM_IV_RECURRING},
    {"hỗ trợ thường xuyên", NTM_IV_RECURRING},
    {"thường xuyên", NTM_IV_RECURRING},
    {"project", NTM_IV_PROJECT},
    {"công trình", NTM_IV_PROJECT},
    {"dự án", NTM_IV_PROJECT},
    {"effort", NTM_IV_EFFORT},
    {"không kinh phí", NTM_IV_EFFORT},
};

/* The match key of S (io/text.h) with '-', '_', '.' as blanks; NULL when S is not
 * valid UTF-8 or memory ran out. Caller frees. */
static char *fold(const char *s)
{
    char *k = ntm_text_key(s);
    if (!k)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; k[i]; i++) {
        char c = k[i];
        if (c == '-' || c == '_' || c == '.')
            c = ' ';
        if (c == ' ' && (o == 0 || k[o - 1] == ' '))
            continue;
        k[o++] = c;
    }
    while (o > 0 && k[o - 1] == ' ')
        o--;
    k[o] = '\0';
    return k;
}

static int lookup(const char *s, const alias *tab, size_t n, int *out)
{
    if (!s)
        return -1;
    char *k = fold(s);
    if (!k)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < n && rc != 0; i++) {
        char *a = fold(tab[i].name);
        if (a && strcmp(a, k) == 0) {
            *out = tab[i].value;
            rc = 0;
        }
        free(a);
    }
    free(k);
    return rc;
}

const char *ntm_fund_source_name(ntm_fund_source s)
{
    return (unsigned)s < NTM_SRC_COUNT ? source_names[s] : "?";
}

const char *ntm_capital_name(ntm_capital c)
{
    return (unsigned)c < NTM_CAP_COUNT ? capital_names[c] : "?";
}

const char *ntm_programme_name(ntm_programme p)
{
    return (unsigned)p < NTM_PROG_COUNT ? programme_names[p] : "?";
}

const char *ntm_iv_type_name(ntm_iv_type t)
{
    return (unsigned)t < sizeof iv_type_names / sizeof iv_type_names[0] ? iv_type_names[t] : "?";
}

#define LOOKUP(s, tab, T, out)                                                                     \
    do {                                                                                           \
        int v_;                                                                                    \
        if (lookup(s, tab, sizeof tab / sizeof tab[0], &v_) != 0)                                  \
            return -1;                                                                             \
        *(out) = (T)v_;                                                                            \
        return 0;                                                                                  \
    } while (0)

int ntm_fund_source_from_name(const char *s, ntm_fund_source *out)
{
    LOOKUP(s, source_alias, ntm_fund_source, out);
}

int ntm_capital_from_name(const char *s, ntm_capital *out)
{
    LOOKUP(s, capital_alias, ntm_capital, out);
}

int ntm_programme_from_name(const char *s, ntm_programme *out)
{
    LOOKUP(s, programme_alias, ntm_programme, out);
}

int ntm_iv_type_from_name(const char *s, ntm_iv_type *out)
{
    LOOKUP(s, iv_type_alias, ntm_iv_type, out);
}

int ntm_fund_key_equal(const ntm_fund_key *a, const ntm_fund_key *b)
{
    return a->source == b->source && a->capital == b->capital && a->programme == b->programme;
}

static void iv_release(ntm_intervention *iv)
{
    free(iv->name);
    free(iv->unit);
    free(iv->indicator);
    free(iv->profile);
    free(iv->keys);
    free(iv->key_share);
    free(iv->alloc);
    free(iv->owner);
    free(iv->task);
    free(iv->due);
    free(iv->origin);
}

void ntm_scenario_release(ntm_scenario *sc)
{
    if (!sc)
        return;
    free(sc->name);
    free(sc->path);
    for (size_t i = 0; i < sc->n_units; i++)
        free(sc->units[i]);
    free(sc->units);
    for (size_t i = 0; i < sc->n_targets; i++) {
        free(sc->targets[i].unit);
        free(sc->targets[i].indicator);
    }
    free(sc->targets);
    free(sc->envelopes);
    for (size_t i = 0; i < sc->n_iv; i++)
        iv_release(&sc->iv[i]);
    free(sc->iv);
    for (size_t i = 0; i < sc->n_assume; i++) {
        free(sc->assume[i].unit);
        free(sc->assume[i].indicator);
        free(sc->assume[i].source);
    }
    free(sc->assume);
    memset(sc, 0, sizeof *sc);
}

int ntm_iv_lead_years(const ntm_intervention *iv)
{
    double x = iv->type == NTM_IV_PROJECT ? iv->duration : iv->type == NTM_IV_EFFORT ? 0 : iv->lag;
    return isfinite(x) && x > 0 ? (int)ceil(x) : 0;
}
