/* follow_records.c: dossier, registration and money files (see follow_records.h). */
#include "io/follow_records.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/sheet.h"
#include "io/tasks.h"
#include "io/text.h"

static const char *const K_UNIT[] = {"unit", "don vi", "ten don vi", "thon", "xa", NULL};
static const char *const K_CRIT[] = {"criterion", "tieu chi", NULL};
static const char *const K_SRC[] = {"source", "nguon", "can cu", NULL};
static const char *const K_NOTE[] = {"note", "ghi chu", NULL};
static const char *const K_DATE[] = {"date", "ngay", "ngay ban hanh", NULL};

/* ---- dossiers ------------------------------------------------------------------------- */

static const char *const K_KIND[] = {"kind", "loai", "loai ho so", "loai tai lieu", NULL};
static const char *const K_DOC[] = {"document",     "name",     "ten ho so", "ho so",
                                    "ten tai lieu", "tai lieu", NULL};
static const char *const K_PRESENT[] = {"present",    "co/thieu",   "co thieu",
                                        "hien trang", "tinh trang", NULL};
static const char *const K_KEEPER[] = {
    "keeper", "nguoi giu", "nguoi luu giu", "noi luu", "luu giu", "nguoi quan ly", NULL};
enum { D_UNIT, D_CRIT, D_KIND, D_DOC, D_PRESENT, D_DATE, D_KEEPER, D_SRC, D_NOTE, D_N };
static const ntm_sheet_col DOC_COLS[D_N] = {
    {"unit", K_UNIT, 1},     {"criterion", K_CRIT, 1},  {"kind", K_KIND, 0},
    {"document", K_DOC, 1},  {"present", K_PRESENT, 1}, {"date", K_DATE, 0},
    {"keeper", K_KEEPER, 0}, {"source", K_SRC, 0},      {"note", K_NOTE, 0},
};

/* ---- registrations -------------------------------------------------------------------- */

static const char *const K_YEAR[] = {"year", "nam", "nam dang ky", NULL};
static const char *const K_CRITS[] = {"criteria",
                                      "registered criteria",
                                      "criteria registered",
                                      "tieu chi dang ky",
                                      "dang ky",
                                      "tieu chi",
                                      NULL};
enum { R_UNIT, R_YEAR, R_CRITS, R_SRC, R_NOTE, R_N };
static const ntm_sheet_col REG_COLS[R_N] = {
    {"unit", K_UNIT, 1},  {"year", K_YEAR, 1}, {"criteria", K_CRITS, 1},
    {"source", K_SRC, 0}, {"note", K_NOTE, 0},
};

/* ---- money ----------------------------------------------------------------------------- */

static const char *const K_TRANCHE[] = {"tranche", "tranche year",     "nam von",
                                        "von nam", "nam ke hoach von", NULL};
static const char *const K_FSRC[] = {"fund source",   "funding source", "nguon von",
                                     "cap ngan sach", "ngan sach",      NULL};
static const char *const K_CAP[] = {"capital", "capital type", "loai von", "tinh chat von", NULL};
static const char *const K_PROG[] = {"programme", "program", "chuong trinh", NULL};
static const char *const K_MDATE[] = {"date", "ngay", "ngay giai ngan", "ngay quyet dinh", NULL};
static const char *const K_ALLOC[] = {
    "allocated", "allocation", "ke hoach von", "von giao", "so von giao", "du toan", NULL};
static const char *const K_DISB[] = {"disbursed",    "disbursement", "giai ngan",
                                     "so giai ngan", "da giai ngan", NULL};
static const char *const K_REF[] = {"reference",     "ref",     "so chung tu", "chung tu",
                                    "so quyet dinh", "so hieu", NULL};
static const char *const K_MTASK[] = {"task", "nhiem vu", "cong trinh", "noi dung", NULL};
enum {
    M_UNIT,
    M_TRANCHE,
    M_FSRC,
    M_CAP,
    M_PROG,
    M_DATE,
    M_ALLOC,
    M_DISB,
    M_REF,
    M_TASK,
    M_SRC,
    M_NOTE,
    M_N
};
static const ntm_sheet_col MONEY_COLS[M_N] = {
    {"unit", K_UNIT, 1},       {"tranche", K_TRANCHE, 1}, {"fund source", K_FSRC, 1},
    {"capital", K_CAP, 1},     {"programme", K_PROG, 1},  {"date", K_MDATE, 0},
    {"allocated", K_ALLOC, 0}, {"disbursed", K_DISB, 0},  {"reference", K_REF, 0},
    {"task", K_MTASK, 0},      {"source", K_SRC, 0},      {"note", K_NOTE, 0},
};

static int key_in(const char *s, const char *const *words)
{
    char *k = ntm_text_key(s);
    int hit = 0;
    for (size_t i = 0; k && words[i]; i++)
        hit |= strcmp(k, words[i]) == 0;
    free(k);
    return hit;
}

int ntm_present_parse(const char *s)
{
    static const char *const yes[] = {"co", "du", "da co", "yes", "present", "x", NULL};
    static const char *const no[] = {"thieu", "chua co", "khong", "khong co",
                                     "no",    "missing", NULL};
    if (!s || !*s)
        return -1;
    return key_in(s, yes) ? 1 : key_in(s, no) ? 0 : -1;
}

int ntm_doc_kind_parse(const char *s, ntm_doc_kind *out)
{
    static const char *const forms[] = {"bieu mau", "mau", "form", NULL};
    static const char *const plans[] = {"ke hoach", "plan", NULL};
    static const char *const reports[] = {"bao cao", "report", NULL};
    static const char *const decisions[] = {"quyet dinh", "decision", NULL};
    static const char *const evidence[] = {"minh chung", "evidence", NULL};
    static const char *const other[] = {"khac", "other", NULL};
    const char *const *lists[] = {forms, plans, reports, decisions, evidence, other};
    *out = NTM_DOC_OTHER;
    if (!s || !*s)
        return 0;
    for (int i = 0; i < 6; i++)
        if (key_in(s, lists[i])) {
            *out = (ntm_doc_kind)i;
            return 0;
        }
    return -1;
}

ntm_follow_kind ntm_follow_probe(const char *path)
{
    int found[M_N]; /* money first: its files may have a task column too */
    if (ntm_sheet_probe(path, MONEY_COLS, M_N, found, NULL) == NTM_OK && found[M_UNIT] &&
        (found[M_ALLOC] || found[M_DISB]))
        return NTM_FOLLOW_MONEY;
    if (ntm_sheet_probe(path, DOC_COLS, D_N, found, NULL) == NTM_OK && found[D_UNIT] &&
        found[D_DOC] && found[D_PRESENT])
        return NTM_FOLLOW_DOSSIERS;
    static const char *const regs_only[] = {"registered criteria",
                                            "criteria registered",
                                            "tieu chi dang ky",
                                            "dang ky",
                                            "criteria",
                                            NULL};
    static const ntm_sheet_col probe[] = {{"criteria", regs_only, 0}, {"year", K_YEAR, 0}};
    int f2[2];
    if (ntm_sheet_probe(path, probe, 2, f2, NULL) == NTM_OK && f2[0] && f2[1])
        return NTM_FOLLOW_REGISTRATIONS;
    return ntm_tasks_probe(path) ? NTM_FOLLOW_TASKS : NTM_FOLLOW_NONE;
}

static int read_doc(const ntm_sheet *s, size_t i, ntm_dossier_item *o, ntm_diag_list *d)
{
    memset(o, 0, sizeof *o);
    const char *unit = ntm_sheet_cell(s, i, D_UNIT), *crit = ntm_sheet_cell(s, i, D_CRIT);
    const char *name = ntm_sheet_cell(s, i, D_DOC), *present = ntm_sheet_cell(s, i, D_PRESENT);
    const char *kind = ntm_sheet_cell(s, i, D_KIND), *date = ntm_sheet_cell(s, i, D_DATE);
    const char *why = NULL;
    int bad = 0;
    if (!*unit)
        ntm_sheet_error(s, d, i, D_UNIT, "missing", _("a dossier item needs a unit")), bad = 1;
    if (!*crit)
        ntm_sheet_error(s, d, i, D_CRIT, "missing", _("a dossier item needs its criterion")),
            bad = 1;
    if (!*name)
        ntm_sheet_error(s, d, i, D_DOC, "missing", _("the document has no name")), bad = 1;
    if ((o->present = ntm_present_parse(present)) < 0)
        ntm_sheet_error(s, d, i, D_PRESENT, "bad-present",
                        _("'%s': write có (present) or thiếu (missing)"), present),
            bad = 1;
    if (ntm_doc_kind_parse(kind, &o->kind) != 0)
        ntm_sheet_error(s, d, i, D_KIND, "bad-kind",
                        _("'%s' is not a kind of document (biểu mẫu, kế hoạch, báo cáo, quyết "
                          "định, minh chứng, khác)"),
                        kind),
            bad = 1;
    if (ntm_when_parse(date, NTM_MOMENT_START, &o->date, &why) != NTM_OK)
        ntm_sheet_error(s, d, i, D_DATE, "bad-date", "'%s': %s", date, why), bad = 1;
    if (bad)
        return -1;
    o->unit = strdup(unit);
    o->criterion = strdup(crit);
    o->name = strdup(name);
    o->keeper = ntm_sheet_dup(ntm_sheet_cell(s, i, D_KEEPER));
    o->source = ntm_sheet_dup(ntm_sheet_cell(s, i, D_SRC));
    o->note = ntm_sheet_dup(ntm_sheet_cell(s, i, D_NOTE));
    o->file = strdup(s->file);
    o->line = s->line[i];
    return 0;
}

/* Splits a list of criterion codes ("5, 6; 11" or "5 6 11") into registrations. */
static int read_regs(const ntm_sheet *s, size_t i, ntm_follow_file *f, size_t *cap,
                     ntm_diag_list *d)
{
    const char *unit = ntm_sheet_cell(s, i, R_UNIT), *year = ntm_sheet_cell(s, i, R_YEAR);
    const char *list = ntm_sheet_cell(s, i, R_CRITS), *why = NULL;
    long y;
    int bad = 0;
    if (!*unit)
        ntm_sheet_error(s, d, i, R_UNIT, "missing", _("a registration needs a unit")), bad = 1;
    if (ntm_parse_long(year, NTM_NUM_VI, 1900, 2200, &y, &why) != NTM_OK)
        ntm_sheet_error(s, d, i, R_YEAR, "bad-year", "'%s': %s", year, why), bad = 1;
    if (!*list)
        ntm_sheet_error(s, d, i, R_CRITS, "missing", _("no criterion is registered")), bad = 1;
    if (bad)
        return -1;
    char *copy = strdup(list);
    for (char *save = NULL, *tok = strtok_r(copy, ",; ", &save); tok;
         tok = strtok_r(NULL, ",; ", &save)) {
        if (f->n == *cap) {
            size_t nc = *cap ? 2 * *cap : 32;
            ntm_registration *r = realloc(f->regs, nc * sizeof *r);
            if (!r)
                break;
            f->regs = r;
            *cap = nc;
        }
        ntm_registration *r = &f->regs[f->n++];
        memset(r, 0, sizeof *r);
        r->unit = strdup(unit);
        r->year = (int)y;
        r->criterion = strdup(tok);
        r->source = ntm_sheet_dup(ntm_sheet_cell(s, i, R_SRC));
        r->note = ntm_sheet_dup(ntm_sheet_cell(s, i, R_NOTE));
        r->file = strdup(s->file);
        r->line = s->line[i];
    }
    free(copy);
    return 0;
}

/* The funding key of row I from its three columns. */
static int money_key(const ntm_sheet *s, size_t i, ntm_fund_key *k, ntm_diag_list *d)
{
    const char *src = ntm_sheet_cell(s, i, M_FSRC), *cap = ntm_sheet_cell(s, i, M_CAP);
    const char *prog = ntm_sheet_cell(s, i, M_PROG);
    char *ks = ntm_text_key(src), *kc = ntm_text_key(cap), *kp = ntm_text_key(prog);
    int bad = 0;
    if (!ks || ntm_fund_source_from_name(ks, &k->source) != 0)
        ntm_sheet_error(s, d, i, M_FSRC, "bad-key",
                        _("'%s' is not a fund source (trung ương, tỉnh, huyện, xã, cộng đồng, "
                          "khác)"),
                        src),
            bad = 1;
    if (!kc || ntm_capital_from_name(kc, &k->capital) != 0)
        ntm_sheet_error(s, d, i, M_CAP, "bad-key",
                        _("'%s' is not a capital type (đầu tư, sự nghiệp)"), cap),
            bad = 1;
    if (!kp || ntm_programme_from_name(kp, &k->programme) != 0)
        ntm_sheet_error(s, d, i, M_PROG, "bad-key",
                        _("'%s' is not a programme (nông thôn mới, giảm nghèo, dtts, khác)"), prog),
            bad = 1;
    free(ks);
    free(kc);
    free(kp);
    return bad ? -1 : 0;
}

static int read_money(const ntm_sheet *s, size_t i, ntm_numstyle style, ntm_money *m,
                      ntm_diag_list *d)
{
    memset(m, 0, sizeof *m);
    const char *unit = ntm_sheet_cell(s, i, M_UNIT), *tr = ntm_sheet_cell(s, i, M_TRANCHE);
    const char *al = ntm_sheet_cell(s, i, M_ALLOC), *di = ntm_sheet_cell(s, i, M_DISB);
    const char *date = ntm_sheet_cell(s, i, M_DATE), *why = NULL;
    long y = 0;
    int bad = 0;
    if (!*unit)
        ntm_sheet_error(s, d, i, M_UNIT, "missing", _("a money row needs a unit")), bad = 1;
    if (ntm_parse_long(tr, NTM_NUM_VI, 1900, 2200, &y, &why) != NTM_OK)
        ntm_sheet_error(s, d, i, M_TRANCHE, "bad-year", "'%s': %s", tr, why), bad = 1;
    bad |= money_key(s, i, &m->key, d);
    if (!!*al == !!*di) {
        ntm_sheet_error(s, d, i, *al ? M_DISB : M_ALLOC, "amount",
                        _("a row is either an allocation (kế hoạch vốn) or a disbursement "
                          "(giải ngân): give exactly one amount"));
        return -1;
    }
    m->kind = *al ? NTM_MONEY_ALLOCATION : NTM_MONEY_DISBURSEMENT;
    size_t col = *al ? M_ALLOC : M_DISB;
    if (ntm_money_parse(*al ? al : di, style, &m->amount, &why) != NTM_OK)
        ntm_sheet_error(s, d, i, col, "bad-number", _("'%s' is not an amount: %s"), *al ? al : di,
                        why),
            bad = 1;
    if (ntm_when_parse(date, NTM_MOMENT_START, &m->date, &why) != NTM_OK)
        ntm_sheet_error(s, d, i, M_DATE, "bad-date", "'%s': %s", date, why), bad = 1;
    else if (m->kind == NTM_MONEY_DISBURSEMENT && !m->date.known)
        ntm_sheet_error(s, d, i, M_DATE, "missing", _("a disbursement needs its date")), bad = 1;
    if (!bad && m->kind == NTM_MONEY_DISBURSEMENT) {
        ntm_date dd;
        ntm_when_date(&m->date, &dd);
        if (dd.year < y)
            ntm_sheet_error(s, d, i, M_DATE, "before-tranche",
                            _("a disbursement of %s from the %ld tranche is dated %02d/%02d/%04d, "
                              "before that year"),
                            *al ? al : di, y, dd.day, dd.month, dd.year),
                bad = 1;
    }
    if (bad)
        return -1;
    m->unit = strdup(unit);
    m->tranche = (int)y;
    m->ref = ntm_sheet_dup(ntm_sheet_cell(s, i, M_REF));
    m->task = ntm_sheet_dup(ntm_sheet_cell(s, i, M_TASK));
    m->source = ntm_sheet_dup(ntm_sheet_cell(s, i, M_SRC));
    m->note = ntm_sheet_dup(ntm_sheet_cell(s, i, M_NOTE));
    m->file = strdup(s->file);
    m->line = s->line[i];
    return 0;
}

/* Rows that would overwrite each other in the store: an error naming both lines. The
 * files are small (a commune's dossier, a year's vouchers): a quadratic scan is enough. */
static int same_doc(const ntm_dossier_item *a, const ntm_dossier_item *b)
{
    return strcmp(a->unit, b->unit) == 0 && strcmp(a->criterion, b->criterion) == 0 &&
           strcmp(a->name, b->name) == 0;
}

static int same_money(const ntm_money *a, const ntm_money *b)
{
    return strcmp(a->unit, b->unit) == 0 && a->tranche == b->tranche &&
           ntm_fund_key_equal(&a->key, &b->key) && a->kind == b->kind &&
           a->date.known == b->date.known && a->date.minutes == b->date.minutes &&
           strcmp(a->ref ? a->ref : "", b->ref ? b->ref : "") == 0;
}

static void check_repeats(ntm_follow_file *f, ntm_diag_list *d)
{
    for (size_t i = 0; i < f->n; i++)
        for (size_t j = 0; j < i; j++) {
            if (f->kind == NTM_FOLLOW_DOSSIERS && same_doc(&f->docs[i], &f->docs[j])) {
                ntm_diag_add(d, NTM_ERROR, f->file, f->docs[i].line, 0, "document", "duplicate",
                             _("this document is already listed on line %ld; keep one"),
                             f->docs[j].line);
                break;
            }
            if (f->kind == NTM_FOLLOW_REGISTRATIONS &&
                strcmp(f->regs[i].unit, f->regs[j].unit) == 0 &&
                f->regs[i].year == f->regs[j].year &&
                strcmp(f->regs[i].criterion, f->regs[j].criterion) == 0) {
                ntm_diag_add(d, NTM_WARNING, f->file, f->regs[i].line, 0, "criteria", "duplicate",
                             _("criterion %s is registered twice for %d (line %ld)"),
                             f->regs[i].criterion, f->regs[i].year, f->regs[j].line);
                break;
            }
            if (f->kind == NTM_FOLLOW_MONEY && same_money(&f->money[i], &f->money[j])) {
                ntm_diag_add(d, NTM_ERROR, f->file, f->money[i].line, 0, "reference", "duplicate",
                             _("this row and line %ld are for the same tranche, key and date; "
                               "give each voucher its reference"),
                             f->money[j].line);
                break;
            }
        }
}

static void read_rows(const ntm_sheet *s, ntm_numstyle style, ntm_follow_file *f, ntm_diag_list *d)
{
    size_t cap = 0;
    if (f->kind == NTM_FOLLOW_DOSSIERS)
        f->docs = calloc(s->n_rows ? s->n_rows : 1, sizeof *f->docs);
    else if (f->kind == NTM_FOLLOW_MONEY)
        f->money = calloc(s->n_rows ? s->n_rows : 1, sizeof *f->money);
    for (size_t i = 0; i < s->n_rows; i++) {
        if (f->kind == NTM_FOLLOW_DOSSIERS && f->docs) {
            if (read_doc(s, i, &f->docs[f->n], d) == 0)
                f->n++;
        } else if (f->kind == NTM_FOLLOW_MONEY && f->money) {
            if (read_money(s, i, style, &f->money[f->n], d) == 0)
                f->n++;
            else
                ntm_money_release(&f->money[f->n]);
        } else if (f->kind == NTM_FOLLOW_REGISTRATIONS) {
            read_regs(s, i, f, &cap, d);
        }
    }
}

ntm_status ntm_follow_read(const char *path, ntm_follow_kind kind, ntm_numstyle style,
                           ntm_follow_file *out, ntm_diag_list *diags, ntm_error *err)
{
    memset(out, 0, sizeof *out);
    const ntm_sheet_col *cols = kind == NTM_FOLLOW_DOSSIERS ? DOC_COLS
                                : kind == NTM_FOLLOW_MONEY  ? MONEY_COLS
                                                            : REG_COLS;
    size_t n = kind == NTM_FOLLOW_DOSSIERS ? D_N : kind == NTM_FOLLOW_MONEY ? M_N : R_N;
    ntm_sheet s;
    ntm_status rc = ntm_sheet_read(path, cols, n, &s, diags, err);
    if (rc != NTM_OK)
        return rc;
    out->kind = kind;
    out->file = strdup(path);
    out->encoding = s.encoding;
    if (diags->n_errors == 0 && style == NTM_NUM_AUTO && kind == NTM_FOLLOW_MONEY) {
        size_t numeric[] = {M_ALLOC, M_DISB};
        style = ntm_sheet_style(&s, numeric, 2, diags);
    }
    out->numstyle = style == NTM_NUM_AUTO ? NTM_NUM_VI : style;
    if (diags->n_errors == 0)
        read_rows(&s, out->numstyle, out, diags);
    ntm_sheet_release(&s);
    if (diags->n_errors == 0)
        check_repeats(out, diags);
    if (diags->n_errors > 0) {
        ntm_follow_file_release(out);
        return ntm_error_set(err, NTM_EINPUT, _("%s: %zu error(s); nothing was imported"), path,
                             diags->n_errors);
    }
    return NTM_OK;
}

void ntm_follow_file_release(ntm_follow_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; f->docs && i < f->n; i++)
        ntm_dossier_item_release(&f->docs[i]);
    for (size_t i = 0; f->regs && i < f->n; i++)
        ntm_registration_release(&f->regs[i]);
    for (size_t i = 0; f->money && i < f->n; i++)
        ntm_money_release(&f->money[i]);
    free(f->docs);
    free(f->regs);
    free(f->money);
    free(f->file);
    memset(f, 0, sizeof *f);
}
