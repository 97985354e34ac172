/* diag.c: diagnostics list (see diag.h). */
#include "core/diag.h"

#include "core/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void ntm_diag_list_init(ntm_diag_list *list)
{
    memset(list, 0, sizeof *list);
}

void ntm_diag_list_release(ntm_diag_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++) {
        free(list->items[i].file);
        free(list->items[i].field);
        free(list->items[i].code);
        free(list->items[i].msg);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

int ntm_diag_add(ntm_diag_list *list, ntm_severity severity, const char *file, long line,
                 long column, const char *field, const char *code, const char *fmt, ...)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? 2 * list->cap : 16;
        ntm_diag *items = realloc(list->items, cap * sizeof *items);
        if (!items)
            return -1;
        list->items = items;
        list->cap = cap;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ntm_diag *d = &list->items[list->n];
    d->severity = severity;
    d->file = dup_or_null(file);
    d->line = line;
    d->column = column;
    d->field = dup_or_null(field);
    d->code = dup_or_null(code);
    d->msg = strdup(msg);
    if (!d->msg)
        return -1;
    list->n++;
    if (severity == NTM_ERROR)
        list->n_errors++;
    return 0;
}

void ntm_diag_format(const ntm_diag *d, char *buf, size_t size)
{
    char where[600] = "";
    size_t w = 0;
    if (d->file)
        w += (size_t)snprintf(where + w, sizeof where - w, "%s:", d->file);
    if (d->line > 0 && w < sizeof where)
        w += (size_t)snprintf(where + w, sizeof where - w, "%ld:", d->line);
    if (d->column > 0 && w < sizeof where)
        w += (size_t)snprintf(where + w, sizeof where - w, "%ld:", d->column);
    if (w > 0 && w < sizeof where)
        snprintf(where + w, sizeof where - w, " ");
    /* In the message language, as compilers do ("lỗi", "cảnh báo"): the place stays in
     * file:line:column form whatever the language. */
    const char *sev = d->severity == NTM_ERROR ? _("error") : _("warning");
    if (d->field)
        snprintf(buf, size, _("%s%s: field '%s': %s"), where, sev, d->field, d->msg);
    else
        snprintf(buf, size, "%s%s: %s", where, sev, d->msg);
}
