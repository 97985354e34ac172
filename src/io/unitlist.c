/* unitlist.c: reading and searching the official commune-level unit list. */
#include "io/unitlist.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/collate.h"
#include "core/i18n.h"
#include "io/csv.h"
#include "io/text.h"

static const char *const COLUMNS[] = {"unit_code", "unit_name", "unit_type", "province_code",
                                      "province_name"};
#define N_COLUMNS 5
static const char PREFIX[] = "vn-commune-units-";

/* "YYYY-MM-DD" in a file name PREFIX...csv; 0 when NAME is such a file. */
static int name_date(const char *name, char date[11])
{
    const char *p = strstr(name, PREFIX);
    if (!p)
        return -1;
    p += sizeof PREFIX - 1;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? p[i] != '-' : !isdigit((unsigned char)p[i]))
            return -1;
    if (strcmp(p + 10, ".csv") != 0)
        return -1;
    memcpy(date, p, 10);
    date[10] = '\0';
    return 0;
}

int ntm_unitlist_newest(const char *dir, char *buf, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char best[11] = "", date[11];
    struct dirent *e;
    while ((e = readdir(d)))
        if (name_date(e->d_name, date) == 0 && strcmp(date, best) > 0)
            memcpy(best, date, sizeof best);
    closedir(d);
    if (!best[0])
        return -1;
    snprintf(buf, size, "%s/%s%s.csv", dir, PREFIX, best);
    return 0;
}

static int all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Checks the header row: the five columns in order. */
static ntm_status check_header(const ntm_csv_row *h, const char *file, ntm_error *err)
{
    for (int c = 0; c < N_COLUMNS; c++)
        if ((size_t)c >= h->n || strcmp(h->field[c], COLUMNS[c]) != 0)
            return ntm_error_set(err, NTM_EINPUT, _("%s:%ld: column %d must be '%s'"), file,
                                 h->line, c + 1, COLUMNS[c]);
    return NTM_OK;
}

/* Adds the row R to L, checking its fields. */
static ntm_status add_row(ntm_unitlist *l, const ntm_csv_row *r, size_t *cap, ntm_error *err)
{
    for (int c = 0; c < N_COLUMNS; c++)
        if ((size_t)c >= r->n || !r->field[c][0])
            return ntm_error_set(err, NTM_EINPUT, _("%s:%ld: field '%s' is empty"), l->file,
                                 r->line, COLUMNS[c]);
    if (!all_digits(r->field[0], 5) || !all_digits(r->field[3], 2))
        return ntm_error_set(
            err, NTM_EINPUT,
            _("%s:%ld: field '%s': a unit code has 5 digits and a province code 2 ('%s', '%s')"),
            l->file, r->line, all_digits(r->field[0], 5) ? COLUMNS[3] : COLUMNS[0], r->field[0],
            r->field[3]);
    if (l->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 4096;
        ntm_official_unit *u = realloc(l->u, nc * sizeof *u);
        if (!u)
            return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
        l->u = u;
        *cap = nc;
    }
    ntm_official_unit *u = &l->u[l->n];
    memset(u, 0, sizeof *u);
    l->n++;
    char **dst[] = {&u->code, &u->name, &u->type, &u->province_code, &u->province};
    for (int c = 0; c < N_COLUMNS; c++)
        if (!(*dst[c] = strdup(r->field[c])))
            return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    u->key = ntm_text_key(u->name);
    u->province_key = ntm_text_key(u->province);
    if (!u->key || !u->province_key)
        return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    return NTM_OK;
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const ntm_official_unit *)a)->code, ((const ntm_official_unit *)b)->code);
}

/* Codes are the list's key: a repeated one is an error (found by sorting a copy). */
static ntm_status check_codes(const ntm_unitlist *l, ntm_error *err)
{
    ntm_official_unit *s = malloc((l->n ? l->n : 1) * sizeof *s);
    if (!s)
        return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    memcpy(s, l->u, l->n * sizeof *s);
    qsort(s, l->n, sizeof *s, by_code);
    ntm_status rc = NTM_OK;
    for (size_t i = 1; i < l->n && rc == NTM_OK; i++)
        if (strcmp(s[i].code, s[i - 1].code) == 0)
            rc = ntm_error_set(err, NTM_EINPUT, _("%s: unit code %s is given twice"), l->file,
                               s[i].code);
    free(s);
    return rc;
}

ntm_status ntm_unitlist_read(const char *path, ntm_unitlist *out, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    if (name_date(path, out->date) != 0)
        return ntm_error_set(err, NTM_EINPUT,
                             _("%s: a unit list is named vn-commune-units-YYYY-MM-DD.csv, "
                               "after the day it holds for"),
                             path);
    ntm_csv *csv;
    ntm_status rc = ntm_csv_open(&csv, path, err);
    if (rc != NTM_OK)
        return rc;
    if (!(out->file = strdup(path))) {
        ntm_csv_free(csv);
        return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    }
    const ntm_csv_row *row;
    size_t cap = 0;
    int k = ntm_csv_next(csv, &row, err);
    if (k == 0)
        rc = ntm_error_set(err, NTM_EINPUT, _("%s: the file is empty"), path);
    else if (k < 0)
        rc = NTM_EINPUT;
    else
        rc = check_header(row, path, err);
    while (rc == NTM_OK && (k = ntm_csv_next(csv, &row, err)) > 0)
        rc = add_row(out, row, &cap, err);
    if (rc == NTM_OK && k < 0)
        rc = NTM_EINPUT;
    if (rc == NTM_OK)
        rc = check_codes(out, err);
    ntm_csv_free(csv);
    if (rc != NTM_OK)
        ntm_unitlist_release(out);
    return rc;
}

void ntm_unitlist_release(ntm_unitlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        ntm_official_unit *u = &l->u[i];
        free(u->code), free(u->name), free(u->type), free(u->province_code);
        free(u->province), free(u->key), free(u->province_key);
    }
    free(l->u);
    free(l->file);
    memset(l, 0, sizeof *l);
}

/* 2 when unit U matches Q by its whole name (or Q has no name), 1 when its name contains
 * Q's, 0 when it does not match. */
static int match(const ntm_official_unit *u, const ntm_unitlist_query *q, const char *name_key,
                 const char *prov_key)
{
    if (q->code && q->code[0] && strcmp(u->code, q->code) != 0)
        return 0;
    if (prov_key && strcmp(u->province_code, q->province) != 0 &&
        strcmp(u->province_key, prov_key) != 0)
        return 0;
    if (!name_key)
        return 2;
    if (strcmp(u->key, name_key) == 0)
        return 2;
    return strstr(u->key, name_key) ? 1 : 0;
}

/* Vietnamese order by province, then name (the list itself is in code order). */
static const ntm_unitlist *sort_list;
static int by_place(const void *a, const void *b)
{
    const ntm_official_unit *x = &sort_list->u[*(const size_t *)a];
    const ntm_official_unit *y = &sort_list->u[*(const size_t *)b];
    int c = ntm_collate_vi(x->province, y->province);
    return c ? c : ntm_collate_vi(x->name, y->name);
}

long ntm_unitlist_find(const ntm_unitlist *l, const ntm_unitlist_query *q, size_t **idx)
{
    *idx = NULL;
    char *nk = q->name && q->name[0] ? ntm_text_key(q->name) : NULL;
    char *pk = q->province && q->province[0] ? ntm_text_key(q->province) : NULL;
    size_t *out = malloc((l->n ? l->n : 1) * sizeof *out);
    if ((q->name && q->name[0] && !nk) || (q->province && q->province[0] && !pk) || !out) {
        free(nk), free(pk), free(out);
        return -1;
    }
    size_t n = 0;
    sort_list = l;
    for (int want = 2; want >= 1; want--) { /* whole-name matches first */
        size_t n0 = n;
        for (size_t i = 0; i < l->n; i++)
            if (match(&l->u[i], q, nk, pk) == want)
                out[n++] = i;
        qsort(out + n0, n - n0, sizeof *out, by_place);
    }
    free(nk), free(pk);
    if (!n) {
        free(out);
        return 0;
    }
    *idx = out;
    return (long)n;
}
