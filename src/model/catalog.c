/* catalog.c: criteria set look-ups and lifetime (see catalog.h). */
#include "model/catalog.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void threshold_release(ntm_threshold *t)
{
    free(t->class_key);
    free(t->text);
    free(t->source);
}

static void indicator_release(ntm_indicator *ind)
{
    free(ind->code);
    free(ind->criterion);
    free(ind->part_of);
    free(ind->name_vi);
    free(ind->name_en);
    free(ind->unit);
    free(ind->denom_unit);
    for (size_t i = 0; i < ind->n_thresholds; i++)
        threshold_release(&ind->thresholds[i]);
    free(ind->thresholds);
    free(ind->model);
    free(ind->concept);
    free(ind->prior.source);
    free(ind->risk_source);
    free(ind->note);
}

void ntm_catalog_release(ntm_catalog *cat)
{
    if (!cat)
        return;
    free(cat->id);
    free(cat->version);
    free(cat->name_vi);
    free(cat->name_en);
    free(cat->level);
    free(cat->effective);
    free(cat->source);
    free(cat->hardest_class);
    for (size_t i = 0; i < cat->n_classes; i++) {
        free(cat->classes[i].key);
        free(cat->classes[i].name_vi);
        free(cat->classes[i].name_en);
    }
    free(cat->classes);
    for (size_t i = 0; i < cat->n_criteria; i++) {
        free(cat->criteria[i].code);
        free(cat->criteria[i].name_vi);
        free(cat->criteria[i].name_en);
        free(cat->criteria[i].group);
    }
    free(cat->criteria);
    for (size_t i = 0; i < cat->n_indicators; i++)
        indicator_release(&cat->indicators[i]);
    free(cat->indicators);
    free(cat->path);
    memset(cat, 0, sizeof *cat);
}

const ntm_indicator *ntm_catalog_indicator(const ntm_catalog *cat, const char *code)
{
    for (size_t i = 0; i < cat->n_indicators; i++)
        if (strcmp(cat->indicators[i].code, code) == 0)
            return &cat->indicators[i];
    return NULL;
}

const ntm_criterion *ntm_catalog_criterion(const ntm_catalog *cat, const char *code)
{
    for (size_t i = 0; i < cat->n_criteria; i++)
        if (strcmp(cat->criteria[i].code, code) == 0)
            return &cat->criteria[i];
    return NULL;
}

const ntm_threshold *ntm_indicator_threshold(const ntm_indicator *ind, const char *class_key)
{
    const ntm_threshold *any = NULL;
    for (size_t i = 0; i < ind->n_thresholds; i++) {
        const ntm_threshold *t = &ind->thresholds[i];
        if (class_key && strcmp(t->class_key, class_key) == 0)
            return t;
        if (strcmp(t->class_key, "*") == 0)
            any = t;
    }
    return any;
}

static const char *kind_names[] = {"rate", "sum", "count", "amount", "binary"};
static const char *dir_names[] = {"min", "max", "yes"};
static const char *scheme_names[] = {"region7", "group3", "none"};

const char *ntm_kind_name(ntm_kind kind)
{
    return kind_names[kind];
}
const char *ntm_direction_name(ntm_direction d)
{
    return dir_names[d];
}
const char *ntm_scheme_name(ntm_scheme s)
{
    return scheme_names[s];
}

static int lookup(const char *s, const char **names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

int ntm_kind_from_name(const char *s, ntm_kind *out)
{
    int i = lookup(s, kind_names, 5);
    if (i < 0)
        return -1;
    *out = (ntm_kind)i;
    return 0;
}

int ntm_direction_from_name(const char *s, ntm_direction *out)
{
    int i = lookup(s, dir_names, 3);
    if (i < 0)
        return -1;
    *out = (ntm_direction)i;
    return 0;
}

int ntm_scheme_from_name(const char *s, ntm_scheme *out)
{
    int i = lookup(s, scheme_names, 3);
    if (i < 0)
        return -1;
    *out = (ntm_scheme)i;
    return 0;
}

int ntm_threshold_meets(double v, double lower, double upper)
{
    return !(v < lower) && !(v > upper) && !isnan(v);
}
