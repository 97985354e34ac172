/* recognitions.c: reading recognition files (recognitions.h). */
#include "io/recognitions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/csv.h"
#include "io/date.h"

static const char *const K_UNIT[] = {"unit", "don vi", "ten don vi", "xa", NULL};
static const char *const K_SET[] = {"set", "criteria set", "bo tieu chi", NULL};
static const char *const K_DATE[] = {"recognised", "recognized", "ngay cong nhan", NULL};
static const char *const K_DECISION[] = {"decision", "quyet dinh", "so quyet dinh", NULL};
static const char *const K_REVOKED[] = {"revoked", "ngay thu hoi", "thu hoi", NULL};
static const char *const K_NOTE[] = {"note", "ghi chu", NULL};

typedef struct cols {
    int unit, set, date, decision, revoked, note;
} cols;

static cols find_cols(const ntm_csv_row *h)
{
    cols c = {ntm_csv_find_column(h, K_UNIT),    ntm_csv_find_column(h, K_SET),
              ntm_csv_find_column(h, K_DATE),    ntm_csv_find_column(h, K_DECISION),
              ntm_csv_find_column(h, K_REVOKED), ntm_csv_find_column(h, K_NOTE)};
    return c;
}

int ntm_recognitions_header(const ntm_csv_row *header)
{
    cols c = find_cols(header);
    return c.unit >= 0 && c.date >= 0;
}

static const char *field(const ntm_csv_row *r, int c)
{
    return c >= 0 && (size_t)c < r->n ? r->field[c] : "";
}

static char *dup_or_null(const char *s)
{
    return s[0] ? strdup(s) : NULL;
}

/* Reads the date in column C of R into ISO (or "" when empty and OPTIONAL). */
static ntm_status read_day(const ntm_csv_row *r, int c, const char *what, int optional,
                           const char *file, char iso[11], ntm_error *err)
{
    const char *s = field(r, c), *why;
    ntm_date d;
    iso[0] = '\0';
    if (!s[0] && optional)
        return NTM_OK;
    if (!s[0])
        return ntm_error_set(err, NTM_EINPUT, _("%s:%ld: field '%s' is empty"), file, r->line,
                             _(what));
    if (ntm_date_parse(s, &d, &why) != NTM_OK)
        return ntm_error_set(err, NTM_EINPUT, _("%s:%ld: field '%s': '%s' is not a date: %s"), file,
                             r->line, _(what), s, _(why));
    memcpy(iso, d.iso, 11);
    return NTM_OK;
}

static ntm_status add_row(const ntm_csv_row *r, cols c, const char *file, ntm_recognition **list,
                          size_t *n, ntm_error *err)
{
    if (!field(r, c.unit)[0])
        return ntm_error_set(err, NTM_EINPUT, _("%s:%ld: field '%s' is empty"), file, r->line,
                             _("unit"));
    ntm_recognition x = {0};
    ntm_status rc = read_day(r, c.date, N_("recognised"), 0, file, x.date, err);
    if (rc == NTM_OK)
        rc = read_day(r, c.revoked, N_("revoked"), 1, file, x.revoked, err);
    if (rc == NTM_OK && x.revoked[0] && strcmp(x.revoked, x.date) < 0)
        rc = ntm_error_set(err, NTM_EINPUT,
                           _("%s:%ld: field '%s': revoked on %s, before the recognition of %s"),
                           file, r->line, _("revoked"), field(r, c.revoked), field(r, c.date));
    if (rc != NTM_OK)
        return rc;
    ntm_recognition *l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l)
        return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    *list = l;
    x.unit = strdup(field(r, c.unit));
    x.set_id = dup_or_null(field(r, c.set));
    x.decision = dup_or_null(field(r, c.decision));
    x.note = dup_or_null(field(r, c.note));
    x.file = strdup(file);
    x.line = r->line;
    l[(*n)++] = x;
    if (!x.unit || !x.file)
        return ntm_error_set(err, NTM_ENOMEM, _("out of memory"));
    return NTM_OK;
}

typedef struct reading {
    const char *path;
    cols c;
    ntm_recognition *list;
    size_t n;
} reading;

static ntm_status on_header(const ntm_csv_row *h, void *ctx, ntm_error *err)
{
    reading *rd = ctx;
    if (!ntm_recognitions_header(h))
        return ntm_error_set(err, NTM_EINPUT,
                             _("%s:%ld: a recognition file needs the columns unit and recognised "
                               "(đơn vị, ngày công nhận)"),
                             rd->path, h->line);
    rd->c = find_cols(h);
    return NTM_OK;
}

static ntm_status on_row(const ntm_csv_row *r, void *ctx, ntm_error *err)
{
    reading *rd = ctx;
    return add_row(r, rd->c, rd->path, &rd->list, &rd->n, err);
}

ntm_status ntm_recognitions_read(const char *path, ntm_recognition **out, size_t *n, ntm_error *err)
{
    reading rd = {.path = path};
    ntm_status rc = ntm_csv_read_table(path, on_header, on_row, &rd, err);
    if (rc != NTM_OK) {
        for (size_t i = 0; i < rd.n; i++)
            ntm_recognition_release(&rd.list[i]);
        free(rd.list);
        rd.list = NULL;
        rd.n = 0;
    }
    *out = rd.list;
    *n = rd.n;
    return rc;
}
