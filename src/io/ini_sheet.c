/* ini_sheet.c: INI lines as sheet rows, and back (see ini_sheet.h). */
#include "io/ini_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "io/text.h"
#include "io/xlsx.h"

/* Larger INI files are refused (the readers' own limit is 4 MiB). */
#define MAX_INI_BYTES (4L * 1024 * 1024)

/* ---- the sheet to INI text -------------------------------------------------------------- */

/* A growing text. */
typedef struct growbuf {
    char *s;
    size_t n, cap;
    int oom;
} growbuf;

static void add(growbuf *t, const char *s, size_t len)
{
    if (t->oom)
        return;
    if (t->n + len + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->n + len + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (!p) {
            t->oom = 1;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->n, s, len);
    t->n += len;
    t->s[t->n] = '\0';
}

/* Adds S with its line breaks as blanks (a cell typed with Alt+Enter is one line). */
static void add_flat(growbuf *t, const char *s)
{
    for (const char *p = s; *p; p++)
        add(t, *p == '\n' || *p == '\r' ? " " : p, 1);
}

static int is_sheet(const char *name, const char *const *keys)
{
    char *k = ntm_text_key(name);
    int found = 0;
    for (size_t i = 0; k && keys[i]; i++)
        found |= strcmp(k, keys[i]) == 0;
    free(k);
    return found;
}

/* The INI line of sheet row ROW from its cells A, B, C (any may be ""). */
static void add_line(growbuf *t, const char *a, const char *b, const char *c)
{
    if (*a) {
        add_flat(t, a);
        if (*a != '[') {
            add(t, " = ", 3);
            add_flat(t, b);
        }
    } else if (*b) {
        add(t, "  ", 2); /* indented: more of the value above */
        add_flat(t, b);
    }
    if (*c) {
        add(t, *a || *b ? " ; " : "; ", *a || *b ? 3 : 2);
        add_flat(t, c);
    }
    add(t, "\n", 1);
}

/* The sheet's rows as INI text, line N for row N (row 1, the header, a comment). Cells
 * with errors or formulas without a saved value are reported to DIAGS under NAME. */
static void sheet_to_ini(const ntm_xlsx_sheet *sh, const char *name, growbuf *t, ntm_diag_list *d)
{
    add(t, "; ntmplan: the header row of the sheet\n", 39);
    size_t i = 0;
    while (i < sh->n_cells && sh->cells[i].row == 1)
        i++;
    for (long row = 2; i < sh->n_cells; row++) {
        const char *abc[3] = {"", "", ""};
        for (; i < sh->n_cells && sh->cells[i].row == row; i++) {
            const ntm_xlsx_cell *c = &sh->cells[i];
            if (c->col > 3)
                continue;
            if (c->type == NTM_XLSX_ERROR) {
                char ref[16];
                ntm_xlsx_cell_ref(c->row, c->col, ref, sizeof ref);
                ntm_diag_add(d, NTM_ERROR, name, c->row, c->col, NULL, "cell-error",
                             _("cell %s holds %s, not a value; correct it in the workbook (a "
                               "formula needs its saved value: open and save the file in Excel "
                               "or LibreOffice Calc)"),
                             ref, c->text);
                continue;
            }
            abc[c->col - 1] = c->text;
        }
        add_line(t, abc[0], abc[1], abc[2]);
    }
}

/* Writes TEXT to a new temporary file; its path into PATH. Returns 0 or -1. */
static int write_temp(const growbuf *t, char *path, size_t size)
{
    snprintf(path, size, "/tmp/ntmplan-scenario-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < t->n) {
        ssize_t w = write(fd, t->s + done, t->n - done);
        if (w <= 0) {
            close(fd);
            unlink(path);
            return -1;
        }
        done += (size_t)w;
    }
    return close(fd);
}

char *ntm_ini_sheet_replace(const char *s, const char *tmp, const char *name)
{
    growbuf t = {0};
    size_t nt = strlen(tmp), hits = 0;
    for (const char *p = s; *p;) {
        const char *q = strstr(p, tmp);
        if (!q) {
            add(&t, p, strlen(p));
            break;
        }
        add(&t, p, (size_t)(q - p));
        add(&t, name, strlen(name));
        p = q + nt;
        hits++;
    }
    if (!hits || t.oom) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

/* Names NAME instead of TMP in the diagnostics from FIRST on. */
static void rename_diags(ntm_diag_list *d, size_t first, const char *tmp, const char *name)
{
    for (size_t i = first; i < d->n; i++)
        if (d->items[i].file && strcmp(d->items[i].file, tmp) == 0) {
            char *s = strdup(name);
            if (s) {
                free(d->items[i].file);
                d->items[i].file = s;
            }
        }
}

/* The scenario sheet of PATH as INI text into *T; NAME gets "PATH:SHEET". Problems go to
 * DIAGS. Returns NTM_OK, or the error (T freed). */
static ntm_status sheet_text(const char *path, const char *const *keys, const char *missing,
                             growbuf *t, char *name, size_t size, ntm_diag_list *diags)
{
    memset(t, 0, sizeof *t);
    snprintf(name, size, "%s", path);
    ntm_xlsx x;
    ntm_error err = {0};
    if (ntm_xlsx_read(path, &x, &err) != NTM_OK) {
        ntm_diag_add(diags, NTM_ERROR, NULL, 0, 0, NULL, "io", "%s", err.msg);
        return err.status;
    }
    const ntm_xlsx_sheet *sh = NULL;
    for (size_t i = 0; i < x.n_sheets && !sh; i++)
        if (is_sheet(x.sheets[i].name, keys))
            sh = &x.sheets[i];
    if (!sh) {
        ntm_diag_add(diags, NTM_ERROR, path, 0, 0, NULL, "missing-section", "%s", missing);
        ntm_xlsx_release(&x);
        return NTM_EINPUT;
    }
    snprintf(name, size, "%s:%s", path, sh->name);
    size_t errors = diags->n_errors;
    sheet_to_ini(sh, name, t, diags);
    ntm_xlsx_release(&x);
    ntm_status rc = t->oom ? NTM_ENOMEM : diags->n_errors > errors ? NTM_EINPUT : NTM_OK;
    if (rc != NTM_OK) {
        free(t->s);
        memset(t, 0, sizeof *t);
    }
    return rc;
}

/* ---- an INI file to the sheet ----------------------------------------------------------- */

/* Splits S (trimmed) at its comment: a ';' after a blank, as the INI reader takes an
 * inline comment (io/ini_scan.c). *COMMENT points after the ';' (trimmed), or at "". S
 * is cut. */
static void split_comment(char *s, const char **comment)
{
    *comment = "";
    char *text = s;
    for (char *p = text; *p; p++)
        if (*p == ';' && p > text && (p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            const char *c = p + 1;
            while (*c == ' ' || *c == '\t')
                c++;
            *comment = c;
            break;
        }
    size_t n = strlen(text);
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        text[--n] = '\0';
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Writes INI line LINE (cut in place) into sheet row ROW, as the INI reader splits it
 * (io/ini_scan.c): an indented line after a key continues its value; a section header
 * ends the key; a key ends at the first '=' or ':'. *IN_KEY says a key came before. */
static void write_line(lxw_worksheet *ws, lxw_row_t row, char *line, int *in_key, lxw_format *txt,
                       lxw_format *note)
{
    int indented = line[0] == ' ' || line[0] == '\t';
    char *s = trim(line);
    const char *comment = "";
    if (!*s)
        return;
    if (*s == ';' || *s == '#') {
        worksheet_write_string(ws, row, 2, trim(s + 1), note);
        return;
    }
    split_comment(s, &comment);
    char *eq = strpbrk(s, "=:");
    if (indented && *in_key) {
        worksheet_write_string(ws, row, 1, s, txt);
    } else if (*s == '[' || !eq) {
        worksheet_write_string(ws, row, 0, s, txt);
        *in_key = 0;
    } else {
        *in_key = 1;
        *eq = '\0';
        worksheet_write_string(ws, row, 0, trim(s), txt);
        char *v = trim(eq + 1);
        if (*v)
            worksheet_write_string(ws, row, 1, v, txt);
    }
    if (*comment)
        worksheet_write_string(ws, row, 2, comment, note);
}

static char *read_ini(const char *path, ntm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ntm_error_set(err, NTM_EIO, _("%s: cannot open the file"), path), NULL;
    char *buf = malloc((size_t)MAX_INI_BYTES + 1);
    size_t n = buf ? fread(buf, 1, (size_t)MAX_INI_BYTES + 1, f) : 0;
    fclose(f);
    if (!buf)
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory")), NULL;
    if (n > (size_t)MAX_INI_BYTES || !ntm_text_valid_utf8(buf, n) || memchr(buf, '\0', n)) {
        free(buf);
        ntm_error_set(err, NTM_EINPUT, _("%s: not a scenario file (too large, or not UTF-8 text)"),
                      path);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

ntm_status ntm_ini_sheet_add(lxw_workbook *wb, const char *sheet, const char *ini_path,
                             ntm_lang lang, ntm_error *err)
{
    char *buf = read_ini(ini_path, err);
    if (!buf)
        return err ? err->status : NTM_EINPUT;
    int en = lang == NTM_LANG_EN;
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
    lxw_format *head = workbook_add_format(wb), *txt = workbook_add_format(wb);
    lxw_format *note = workbook_add_format(wb);
    if (!ws || !head || !txt || !note) {
        free(buf);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    format_set_bold(head);
    format_set_bg_color(head, 0xDCE6F1);
    format_set_num_format(txt, "@"); /* typed values stay text: "2023", "0,6" */
    format_set_font_color(note, 0x595959);
    worksheet_set_column(ws, 0, 0, 36, txt);
    worksheet_set_column(ws, 1, 1, 40, txt);
    worksheet_set_column(ws, 2, 2, 80, note);
    worksheet_write_string(ws, 0, 0, en ? "section / key" : "mục / khóa", head);
    worksheet_write_string(ws, 0, 1, en ? "value" : "giá trị", head);
    worksheet_write_string(ws, 0, 2, en ? "note" : "ghi chú", head);
    worksheet_freeze_panes(ws, 1, 0);
    char *p = buf;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    lxw_row_t row = 1;
    int in_key = 0;
    while (*p) {
        char *end = strchr(p, '\n');
        if (end)
            *end = '\0';
        write_line(ws, row++, p, &in_key, txt, note);
        p = end ? end + 1 : p + strlen(p);
    }
    free(buf);
    return NTM_OK;
}

ntm_status ntm_ini_sheet_text(const char *path, const char *const *keys, const char *missing,
                              char **text, size_t *len, char *name, size_t size,
                              ntm_diag_list *diags)
{
    growbuf t;
    *text = NULL;
    *len = 0;
    ntm_status rc = sheet_text(path, keys, missing, &t, name, size, diags);
    if (rc == NTM_OK) {
        *text = t.s ? t.s : strdup("");
        *len = t.n;
        if (!*text)
            rc = NTM_ENOMEM;
    }
    return rc;
}

ntm_status ntm_ini_sheet_read(const char *path, const char *const *keys, const char *missing,
                              ntm_ini_sheet_reader fn, void *user, char *tmp, size_t tmp_size,
                              char *name, size_t name_size, ntm_diag_list *diags)
{
    growbuf t;
    size_t first = diags->n;
    ntm_status rc = sheet_text(path, keys, missing, &t, name, name_size, diags);
    if (rc != NTM_OK)
        return rc;
    if (write_temp(&t, tmp, tmp_size) != 0) {
        ntm_diag_add(diags, NTM_ERROR, path, 0, 0, NULL, "io", "%s",
                     _("cannot write a temporary file"));
        rc = NTM_EIO;
    }
    free(t.s);
    if (rc != NTM_OK)
        return rc;
    rc = fn(tmp, user, diags);
    unlink(tmp);
    rename_diags(diags, first, tmp, name);
    return rc;
}
