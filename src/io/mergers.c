/* mergers.c: reading merger files (mergers.h). */
#include "io/mergers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/csv.h"
#include "io/date.h"

static const char *const K_NEW[] = {"unit", "new unit", "don vi moi", "xa moi", NULL};
static const char *const K_DATE[] = {"date", "ngay", "ngay hieu luc", NULL};
static const char *const K_PART[] = {"former unit", "don vi cu", "xa cu", "part", NULL};
static const char *const K_SOURCE[] = {"source", "nguon", "can cu", NULL};

typedef struct cols {
    int unit, date, part, source;
} cols;

static cols find_cols(const ntm_csv_row *h)
{
    cols c = {ntm_csv_find_column(h, K_NEW), ntm_csv_find_column(h, K_DATE),
              ntm_csv_find_column(h, K_PART), ntm_csv_find_column(h, K_SOURCE)};
    return c;
}

int ntm_mergers_header(const ntm_csv_row *header)
{
    cols c = find_cols(header);
    return c.unit >= 0 && c.date >= 0 && c.part >= 0;
}

static const char *field(const ntm_csv_row *r, int c)
{
    return c >= 0 && (size_t)c < r->n ? r->field[c] : "";
}

/* The merger of (UNIT, ISO) in LIST, added when new. NULL out of memory. */
static ntm_merger *merger_for(ntm_merger **list, size_t *n, const char *unit, const ntm_date *d,
                              const char *source, const char *file, long line)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i].unit, unit) == 0 && strcmp((*list)[i].date, d->iso) == 0)
            return &(*list)[i];
    ntm_merger *l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l)
        return NULL;
    *list = l;
    ntm_merger *m = &l[(*n)++];
    memset(m, 0, sizeof *m);
    snprintf(m->date, sizeof m->date, "%s", d->iso);
    m->t = d->t;
    m->line = line;
    m->unit = strdup(unit);
    m->source = source[0] ? strdup(source) : NULL;
    m->file = strdup(file);
    return m->unit && m->file ? m : NULL;
}

/* The merger other than SELF that already takes PART, or NULL. */
static const ntm_merger *taken_by(const ntm_merger *list, size_t n, const ntm_merger *self,
                                  const char *part)
{
    for (size_t i = 0; i < n; i++)
        for (size_t p = 0; p < list[i].n_parts; p++)
            if (strcmp(list[i].parts[p], part) == 0 && &list[i] != self)
                return &list[i];
    return NULL;
}

/* Adds one row R; returns NTM_OK or the error. */
static ntm_status add_row(const ntm_csv_row *r, cols c, const char *file, ntm_merger **list,
                          size_t *n, ntm_error *err)
{
    const char *unit = field(r, c.unit), *date = field(r, c.date), *part = field(r, c.part);
    const char *missing = !unit[0]   ? N_("new unit")
                          : !date[0] ? N_("merger date")
                          : !part[0] ? N_("former unit")
                                     : NULL;
    if (missing)
        return ntm_error_set(err, NTM_EINPUT, _("%s:%ld: field '%s' is empty"), file, r->line,
                             _(missing));
    ntm_date d;
    const char *why;
    if (ntm_date_parse(date, &d, &why) != NTM_OK)
        return ntm_error_set(err, NTM_EINPUT, _("%s:%ld: field 'date': '%s' is not a date: %s"),
                             file, r->line, date, _(why));
    if (strcmp(unit, part) == 0)
        return ntm_error_set(err, NTM_EINPUT,
                             _("%s:%ld: field 'former unit': '%s' cannot be merged into itself"),
                             file, r->line, part);
    ntm_merger *m = merger_for(list, n, unit, &d, field(r, c.source), file, r->line);
    if (!m)
        return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    const ntm_merger *other = taken_by(*list, *n, m, part);
    for (size_t p = 0; p < m->n_parts; p++)
        if (strcmp(m->parts[p], part) == 0)
            other = m;
    if (other)
        return ntm_error_set(err, NTM_EINPUT,
                             _("%s:%ld: field 'former unit': '%s' is already merged into '%s' "
                               "(line %ld)"),
                             file, r->line, part, other->unit, other->line);
    char **parts = realloc(m->parts, (m->n_parts + 1) * sizeof *parts);
    if (!parts)
        return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    m->parts = parts;
    if (!(m->parts[m->n_parts] = strdup(part)))
        return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    m->n_parts++;
    return NTM_OK;
}

typedef struct reading {
    const char *path;
    cols c;
    ntm_merger *list;
    size_t n;
} reading;

static ntm_status on_header(const ntm_csv_row *h, void *ctx, ntm_error *err)
{
    reading *rd = ctx;
    if (!ntm_mergers_header(h))
        return ntm_error_set(err, NTM_EINPUT,
                             _("%s:%ld: a merger file needs the columns unit, date and former "
                               "unit (đơn vị mới, ngày, đơn vị cũ)"),
                             rd->path, h->line);
    rd->c = find_cols(h);
    return NTM_OK;
}

static ntm_status on_row(const ntm_csv_row *r, void *ctx, ntm_error *err)
{
    reading *rd = ctx;
    return add_row(r, rd->c, rd->path, &rd->list, &rd->n, err);
}

ntm_status ntm_mergers_read(const char *path, ntm_merger **out, size_t *n, ntm_error *err)
{
    reading rd = {.path = path};
    ntm_status rc = ntm_csv_read_table(path, on_header, on_row, &rd, err);
    if (rc != NTM_OK) {
        for (size_t i = 0; i < rd.n; i++)
            ntm_merger_release(&rd.list[i]);
        free(rd.list);
        rd.list = NULL;
        rd.n = 0;
    }
    *out = rd.list;
    *n = rd.n;
    return rc;
}
