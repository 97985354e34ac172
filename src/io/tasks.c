/* tasks.c: task files (see tasks.h). */
#include "io/tasks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/sheet.h"
#include "io/text.h"

static const char *const K_UNIT[] = {"unit", "don vi", "ten don vi", "thon", "xa", NULL};
static const char *const K_CRIT[] = {"criterion", "tieu chi", NULL};
static const char *const K_IND[] = {"indicator", "chi tieu", "ma chi tieu", NULL};
static const char *const K_TASK[] = {"task",         "nhiem vu", "cong viec", "noi dung cong viec",
                                     "viec can lam", "viec",     NULL};
static const char *const K_VOL[] = {"remaining volume", "volume", "khoi luong con lai",
                                    "khoi luong", NULL};
static const char *const K_OWNER[] = {"owner",
                                      "who does it",
                                      "nguoi thuc hien",
                                      "thuc hien",
                                      "to chuc ca nhan thuc hien",
                                      "don vi thuc hien",
                                      "phu trach",
                                      NULL};
static const char *const K_DIR[] = {"director",        "who directs it", "nguoi chi dao",
                                    "ca nhan chi dao", "chi dao",        NULL};
static const char *const K_RES[] = {"resources", "nguon luc", "nguon luc thuc hien", "kinh phi",
                                    NULL};
static const char *const K_START[] = {"start", "ngay bat dau", "bat dau", "tu ngay", NULL};
static const char *const K_DUE[] = {"due", "han", "thoi han", "han hoan thanh", "den ngay", NULL};
static const char *const K_PROG[] = {"progress", "tien do", "ket qua thuc hien", NULL};
static const char *const K_STATE[] = {"state", "status", "tinh trang", "trang thai", NULL};
static const char *const K_DIFF[] = {"difficulties", "kho khan", "kho khan vuong mac", "vuong mac",
                                     NULL};
static const char *const K_SOL[] = {"solutions", "giai phap", NULL};
static const char *const K_SRC[] = {"source", "nguon", "can cu", NULL};
static const char *const K_UPD[] = {"updated",  "updated on",   "ngay cap nhat",
                                    "cap nhat", "ngay bao cao", NULL};
static const char *const K_NOTE[] = {"note", "ghi chu", NULL};

enum {
    C_UNIT,
    C_CRIT,
    C_IND,
    C_TASK,
    C_VOL,
    C_OWNER,
    C_DIR,
    C_RES,
    C_START,
    C_DUE,
    C_PROG,
    C_STATE,
    C_DIFF,
    C_SOL,
    C_SRC,
    C_UPD,
    C_NOTE,
    C_N
};

static const ntm_sheet_col COLS[C_N] = {
    {"unit", K_UNIT, 1},
    {"criterion", K_CRIT, 0},
    {"indicator", K_IND, 0},
    {"task", K_TASK, 1},
    {"remaining volume", K_VOL, 0},
    {"owner", K_OWNER, 0},
    {"director", K_DIR, 0},
    {"resources", K_RES, 0},
    {"start", K_START, 0},
    {"due", K_DUE, 0},
    {"progress", K_PROG, 0},
    {"state", K_STATE, 0},
    {"difficulties", K_DIFF, 0},
    {"solutions", K_SOL, 0},
    {"source", K_SRC, 0},
    {"updated", K_UPD, 1},
    {"note", K_NOTE, 0},
};

int ntm_task_state_parse(const char *s, ntm_task_state *out)
{
    static const struct {
        const char *key;
        ntm_task_state st;
    } words[] = {
        {"chua lam", NTM_TASK_NOT_STARTED},
        {"chua thuc hien", NTM_TASK_NOT_STARTED},
        {"chua trien khai", NTM_TASK_NOT_STARTED},
        {"todo", NTM_TASK_NOT_STARTED},
        {"not started", NTM_TASK_NOT_STARTED},
        {"dang lam", NTM_TASK_DOING},
        {"dang thuc hien", NTM_TASK_DOING},
        {"dang trien khai", NTM_TASK_DOING},
        {"doing", NTM_TASK_DOING},
        {"in progress", NTM_TASK_DOING},
        {"xong", NTM_TASK_DONE},
        {"da xong", NTM_TASK_DONE},
        {"hoan thanh", NTM_TASK_DONE},
        {"da hoan thanh", NTM_TASK_DONE},
        {"done", NTM_TASK_DONE},
        {"tam dung", NTM_TASK_PAUSED},
        {"tam ngung", NTM_TASK_PAUSED},
        {"paused", NTM_TASK_PAUSED},
        {"on hold", NTM_TASK_PAUSED},
    };
    *out = NTM_TASK_UNSET;
    if (!s || !*s)
        return 0;
    char *k = ntm_text_key(s);
    int rc = -1;
    for (size_t i = 0; k && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(k, words[i].key) == 0) {
            *out = words[i].st;
            rc = 0;
        }
    free(k);
    return rc;
}

ntm_status ntm_when_parse(const char *s, ntm_moment_default def, ntm_when *out, const char **why)
{
    memset(out, 0, sizeof *out);
    if (!s || !*s)
        return NTM_OK;
    ntm_moment m;
    ntm_status rc = ntm_moment_parse(s, def, &m, why);
    if (rc != NTM_OK)
        return rc;
    out->minutes = m.minutes;
    out->has_time = m.has_time;
    out->known = 1;
    return NTM_OK;
}

void ntm_when_date(const ntm_when *w, ntm_date *out)
{
    long days = w->minutes >= 0 ? w->minutes / 1440 : -((-w->minutes + 1439) / 1440);
    int y, mo, d;
    ntm_civil_from_days(days, &y, &mo, &d);
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, d);
    ntm_date_parse(iso, out, NULL);
}

char *ntm_when_text(const ntm_when *w, int iso, char *buf, size_t size)
{
    if (!w->known) {
        snprintf(buf, size, "%s", "");
        return buf;
    }
    ntm_date d;
    ntm_when_date(w, &d);
    long rest = w->minutes - ntm_days_from_civil(d.year, d.month, d.day) * 1440L;
    ntm_moment m;
    ntm_moment_at(&d, (int)(rest / 60), (int)(rest % 60), &m);
    m.has_time = w->has_time;
    return ntm_moment_text(&m, iso, buf, size);
}

/* "1,8 km" -> 1.8 and "km"; the number alone is fine. Returns 0, or -1 with *why. */
static int parse_volume(const char *s, ntm_numstyle style, double *v, char **unit, const char **why)
{
    size_t n = 0;
    while (s[n] && strchr("0123456789.,+-", s[n]))
        n++;
    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ','))
        n--;
    char num[64];
    if (n == 0 || n >= sizeof num) {
        *why = _("write a number and its unit (1,8 km; 7 phòng; 493 bản sao)");
        return -1;
    }
    memcpy(num, s, n);
    num[n] = '\0';
    if (ntm_parse_double(num, style, v, why) != NTM_OK)
        return -1;
    const char *rest = s + n;
    while (*rest == ' ')
        rest++;
    *unit = ntm_sheet_dup(rest);
    return 0;
}

/* "60%", "60", "3/7" or "3/7 phòng". Returns 0, or -1 with *why. */
static int parse_progress(const char *s, ntm_numstyle style, ntm_task *t, const char **why)
{
    const char *slash = strchr(s, '/');
    if (!slash)
        return ntm_parse_double(s, style, &t->progress, why) == NTM_OK ? 0 : -1;
    char a[64], b[64];
    size_t na = (size_t)(slash - s);
    const char *q = slash + 1;
    while (*q == ' ')
        q++;
    size_t nb = 0;
    while (q[nb] && strchr("0123456789.,", q[nb]))
        nb++;
    if (na == 0 || na >= sizeof a || nb == 0 || nb >= sizeof b) {
        *why = _("write progress as 60%, 60 or done/total (3/7)");
        return -1;
    }
    memcpy(a, s, na);
    a[na] = '\0';
    memcpy(b, q, nb);
    b[nb] = '\0';
    if (ntm_parse_double(a, style, &t->done, why) != NTM_OK ||
        ntm_parse_double(b, style, &t->total, why) != NTM_OK)
        return -1;
    if (!(t->total > 0)) {
        *why = _("the total of done/total must be positive");
        return -1;
    }
    t->progress = 100.0 * t->done / t->total;
    return 0;
}

/* The amount at the start of a resources text ("500 triệu đồng (tỉnh)"), else NaN. */
static double resources_money(const char *s, ntm_numstyle style)
{
    char buf[128];
    size_t n = strcspn(s, "(;:");
    if (n >= sizeof buf)
        return NAN;
    memcpy(buf, s, n);
    buf[n] = '\0';
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    double v;
    const char *why;
    return ntm_money_parse(buf, style, &v, &why) == NTM_OK ? v : NAN;
}

/* Reads the moment in column COL of row I; errors go to D. Returns 0 or -1. */
static int when_cell(const ntm_sheet *s, size_t i, size_t col, ntm_moment_default def,
                     ntm_when *out, ntm_diag_list *d)
{
    const char *text = ntm_sheet_cell(s, i, col), *why = NULL;
    if (ntm_when_parse(text, def, out, &why) == NTM_OK)
        return 0;
    ntm_sheet_error(s, d, i, col, "bad-date", "'%s': %s", text, why);
    return -1;
}

/* Checks progress and state together, and fills the state a report leaves empty. */
static int check_progress(const ntm_sheet *s, size_t i, ntm_task *t, ntm_diag_list *d)
{
    if (isfinite(t->progress) && (t->progress < 0 || t->progress > 100)) {
        ntm_sheet_error(s, d, i, C_PROG, "range", _("progress must be between 0%% and 100%%"));
        return -1;
    }
    if (isfinite(t->done) && (t->done < 0 || t->done > t->total)) {
        ntm_sheet_error(s, d, i, C_PROG, "range",
                        _("done (%g) must be between 0 and the total (%g)"), t->done, t->total);
        return -1;
    }
    if (t->state == NTM_TASK_UNSET && isfinite(t->progress))
        t->state = t->progress >= 100 ? NTM_TASK_DONE
                   : t->progress > 0  ? NTM_TASK_DOING
                                      : NTM_TASK_NOT_STARTED;
    if (t->state == NTM_TASK_DONE && isfinite(t->progress) && t->progress < 100)
        ntm_sheet_warning(s, d, i, C_STATE, "state-progress",
                          _("the state says done but progress is %g%%; taken as done"),
                          t->progress);
    if (t->state == NTM_TASK_NOT_STARTED && isfinite(t->progress) && t->progress > 0)
        ntm_sheet_warning(s, d, i, C_STATE, "state-progress",
                          _("the state says not started but progress is %g%%"), t->progress);
    return 0;
}

static int read_task(const ntm_sheet *s, size_t i, ntm_numstyle style, ntm_task *t,
                     ntm_diag_list *d)
{
    memset(t, 0, sizeof *t);
    t->volume = t->money = t->progress = t->done = t->total = NAN;
    const char *unit = ntm_sheet_cell(s, i, C_UNIT), *crit = ntm_sheet_cell(s, i, C_CRIT);
    const char *ind = ntm_sheet_cell(s, i, C_IND), *name = ntm_sheet_cell(s, i, C_TASK);
    const char *why = NULL;
    int bad = 0;
    if (!*unit)
        ntm_sheet_error(s, d, i, C_UNIT, "missing", _("a task needs a unit")), bad = 1;
    if (!*crit && !*ind)
        ntm_sheet_error(s, d, i, C_CRIT, "missing",
                        _("give the criterion (5) or the indicator (5.1) the task serves")),
            bad = 1;
    if (!*name)
        ntm_sheet_error(s, d, i, C_TASK, "missing", _("the task is empty")), bad = 1;
    if (!*ntm_sheet_cell(s, i, C_UPD))
        ntm_sheet_error(s, d, i, C_UPD, "missing",
                        _("give the date of this report on the task (ngày cập nhật)")),
            bad = 1;
    bad |= when_cell(s, i, C_START, NTM_MOMENT_START, &t->start, d);
    bad |= when_cell(s, i, C_DUE, NTM_MOMENT_END, &t->due, d);
    bad |= when_cell(s, i, C_UPD, NTM_MOMENT_START, &t->updated, d);
    const char *vol = ntm_sheet_cell(s, i, C_VOL);
    if (*vol && parse_volume(vol, style, &t->volume, &t->volume_unit, &why) != 0)
        ntm_sheet_error(s, d, i, C_VOL, "bad-number", "'%s': %s", vol, why), bad = 1;
    else if (isfinite(t->volume) && t->volume < 0)
        ntm_sheet_error(s, d, i, C_VOL, "range", _("a remaining volume cannot be negative")),
            bad = 1;
    const char *prog = ntm_sheet_cell(s, i, C_PROG);
    if (*prog && parse_progress(prog, style, t, &why) != 0)
        ntm_sheet_error(s, d, i, C_PROG, "bad-number", "'%s': %s", prog, why), bad = 1;
    const char *state = ntm_sheet_cell(s, i, C_STATE);
    if (ntm_task_state_parse(state, &t->state) != 0)
        ntm_sheet_error(s, d, i, C_STATE, "bad-state",
                        _("'%s' is not a state (chưa làm, đang làm, xong, tạm dừng)"), state),
            bad = 1;
    if (!bad && t->start.known && t->due.known && t->start.minutes > t->due.minutes)
        ntm_sheet_error(s, d, i, C_DUE, "range", _("the due date is before the start")), bad = 1;
    if (bad || check_progress(s, i, t, d) != 0)
        return -1;
    t->unit = strdup(unit);
    t->criterion = *crit ? strdup(crit) : strndup(ind, strcspn(ind, "."));
    t->indicator = ntm_sheet_dup(ind);
    t->name = strdup(name);
    t->owner = ntm_sheet_dup(ntm_sheet_cell(s, i, C_OWNER));
    t->director = ntm_sheet_dup(ntm_sheet_cell(s, i, C_DIR));
    t->resources = ntm_sheet_dup(ntm_sheet_cell(s, i, C_RES));
    if (t->resources)
        t->money = resources_money(t->resources, style);
    t->difficulties = ntm_sheet_dup(ntm_sheet_cell(s, i, C_DIFF));
    t->solutions = ntm_sheet_dup(ntm_sheet_cell(s, i, C_SOL));
    t->source = ntm_sheet_dup(ntm_sheet_cell(s, i, C_SRC));
    t->note = ntm_sheet_dup(ntm_sheet_cell(s, i, C_NOTE));
    t->file = strdup(s->file);
    t->line = s->line[i];
    return 0;
}

static int cmp_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_task_key(const void *pa, const void *pb)
{
    const ntm_task *a = *(const ntm_task *const *)pa, *b = *(const ntm_task *const *)pb;
    int c = strcmp(a->unit, b->unit);
    if (!c)
        c = strcmp(a->criterion, b->criterion);
    if (!c)
        c = cmp_text(a->indicator, b->indicator);
    if (!c)
        c = strcmp(a->name, b->name);
    if (!c)
        c = (a->updated.minutes > b->updated.minutes) - (a->updated.minutes < b->updated.minutes);
    if (!c)
        c = (a->line > b->line) - (a->line < b->line);
    return c;
}

/* Two rows for the same task and report date would overwrite each other in the store. */
static void check_repeats(ntm_task_file *f, ntm_diag_list *d)
{
    if (f->n < 2)
        return;
    const ntm_task **v = malloc(f->n * sizeof *v);
    if (!v)
        return;
    for (size_t i = 0; i < f->n; i++)
        v[i] = &f->tasks[i];
    qsort(v, f->n, sizeof *v, cmp_task_key);
    for (size_t i = 1; i < f->n; i++) {
        const ntm_task *a = v[i - 1], *b = v[i];
        if (strcmp(a->unit, b->unit) == 0 && strcmp(a->criterion, b->criterion) == 0 &&
            cmp_text(a->indicator, b->indicator) == 0 && strcmp(a->name, b->name) == 0 &&
            a->updated.minutes == b->updated.minutes)
            ntm_diag_add(d, NTM_ERROR, f->file, b->line, 0, "task", "duplicate",
                         _("this row and line %ld report on the same task for the same date; "
                           "keep one"),
                         a->line);
    }
    free(v);
}

ntm_status ntm_tasks_read(const char *path, ntm_numstyle style, ntm_task_file *out,
                          ntm_diag_list *diags, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    ntm_sheet s;
    ntm_status rc = ntm_sheet_read(path, COLS, C_N, &s, diags, err);
    if (rc != NTM_OK)
        return rc;
    out->file = strdup(path);
    out->encoding = s.encoding;
    if (diags->n_errors == 0 && style == NTM_NUM_AUTO) {
        size_t numeric[] = {C_VOL, C_PROG, C_RES};
        style = ntm_sheet_style(&s, numeric, 3, diags);
    }
    out->numstyle = style;
    out->tasks = calloc(s.n_rows ? s.n_rows : 1, sizeof *out->tasks);
    if (!out->tasks) {
        ntm_sheet_release(&s);
        ntm_task_file_release(out);
        return ntm_error_set(err, NTM_ENOMEM, "%s", _("out of memory"));
    }
    int header_ok = diags->n_errors == 0;
    for (size_t i = 0; header_ok && i < s.n_rows; i++) /* every row, so all errors show */
        if (read_task(&s, i, style, &out->tasks[out->n], diags) == 0)
            out->n++;
        else
            ntm_task_release(&out->tasks[out->n]);
    ntm_sheet_release(&s);
    if (diags->n_errors == 0)
        check_repeats(out, diags);
    if (diags->n_errors > 0) {
        ntm_task_file_release(out);
        return ntm_error_set(err, NTM_EINPUT, _("%s: %zu error(s); nothing was imported"), path,
                             diags->n_errors);
    }
    return NTM_OK;
}

void ntm_task_file_release(ntm_task_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        ntm_task_release(&f->tasks[i]);
    free(f->tasks);
    free(f->file);
    memset(f, 0, sizeof *f);
}

int ntm_tasks_probe(const char *path)
{
    int found[C_N];
    if (ntm_sheet_probe(path, COLS, C_N, found, NULL) != NTM_OK)
        return 0;
    return found[C_UNIT] && found[C_TASK];
}
