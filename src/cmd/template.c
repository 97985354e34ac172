/* template.c: `ntmplan template [--set ID] [--unit U] --out FILE.xlsx`: a workbook to
 * enter data in, which `ntmplan import FILE.xlsx` reads back.
 *
 * Sheets: a short guide; units and observations with the import's headers (Vietnamese,
 * English with --lang en) and Excel data validation (lists of levels, regions or groups,
 * criteria sets, criterion and indicator codes of the set, units and assessment words
 * from a hidden lists sheet; whole numbers >= 0 for counts, dates from 2000 to 2100); the
 * criteria set as a reference sheet (codes, names, kinds, thresholds). Code columns are
 * text cells, so Excel keeps "11.1" as typed. With --unit, the unit, its parents and its
 * observations in the database are filled in. The file's properties carry a fixed time:
 * the same database gives the same workbook. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "cmd/cmd.h"
#include "io/catalog_xlsx.h"
#include "io/ini_sheet.h"
#include "model/catalog.h"

/* Rows (after the header) that data validation covers. */
#define TEMPLATE_ROWS 5000
/* Dates a planner enters: from 1/1/2000 to 31/12/2100. */
#define DATE_FIRST                                                                                 \
    {                                                                                              \
        2000, 1, 1, 0, 0, 0                                                                        \
    }
#define DATE_LAST                                                                                  \
    {                                                                                              \
        2100, 12, 31, 0, 0, 0                                                                      \
    }

static void usage(const ntm_cli *cli)
{
    printf("%s\n",
           ntm_tr(cli, "Usage: ntmplan template [--set ID] [--unit U] --out FILE.xlsx\n\n"
                       "Writes a workbook to enter units and observations in, with lists of the "
                       "criteria set's\n"
                       "codes and checks on numbers and dates; `ntmplan import FILE.xlsx` reads "
                       "it back.\n"
                       "  --set ID     the criteria set whose codes the lists hold (default: the "
                       "unit's)\n"
                       "  --unit U     fill in the unit, its parents and its observations\n"
                       "  --out FILE   the workbook to write"));
}

/* What a column holds, for its format and validation. */
typedef enum col_kind {
    COL_TEXT,
    COL_CODE, /* text format: "11.1" stays text */
    COL_COUNT,
    COL_NUMBER,
    COL_DATE,
} col_kind;

/* A column: its header in each language, its kind, and the lists-sheet column (A ...)
 * its values come from, or 0. */
typedef struct tcol {
    const char *en, *vi;
    col_kind kind;
    char list;
    double width;
} tcol;

/* The headers are the import's own column names (io/records.c). */
static const tcol UNIT_COLS[] = {
    {"name", "tên", COL_TEXT, 0, 22},          {"level", "cấp", COL_TEXT, 'A', 11},
    {"parent", "trực thuộc", COL_TEXT, 0, 18}, {"class", "vùng", COL_CODE, 'B', 9},
    {"flags", "đặc điểm", COL_TEXT, 0, 10},    {"set", "bộ tiêu chí", COL_TEXT, 'C', 18},
    {"households", "số hộ", COL_COUNT, 0, 10}, {"population", "dân số", COL_COUNT, 0, 10},
    {"note", "ghi chú", COL_TEXT, 0, 40},
};
static const tcol OBS_COLS[] = {
    {"unit", "đơn vị", COL_TEXT, 'G', 18},       {"criterion", "tiêu chí", COL_CODE, 'D', 9},
    {"indicator", "chỉ tiêu", COL_CODE, 'E', 9}, {"date", "ngày", COL_DATE, 0, 12},
    {"value", "giá trị", COL_NUMBER, 0, 10},     {"numerator", "tử số", COL_COUNT, 0, 9},
    {"denominator", "mẫu số", COL_COUNT, 0, 9},  {"status", "đánh giá", COL_TEXT, 'F', 10},
    {"source", "nguồn", COL_TEXT, 0, 40},        {"note", "ghi chú", COL_TEXT, 0, 40},
};
#define N_UNIT_COLS (sizeof UNIT_COLS / sizeof UNIT_COLS[0])
#define N_OBS_COLS (sizeof OBS_COLS / sizeof OBS_COLS[0])

static const char *const LEVELS[] = {"province", "district", "commune", "village"};

typedef struct tpl {
    const ntm_cli *cli;
    lxw_workbook *wb;
    lxw_format *head, *code, *date, *count, *num, *wrap, *title;
    const char *lists;      /* the lists sheet's name */
    size_t n_list[7];       /* values in lists A ... G */
    const ntm_catalog *cat; /* NULL: no set */
} tpl;

static const char *hdr(const tpl *t, const tcol *c)
{
    return t->cli->lang == NTM_LANG_EN ? c->en : c->vi;
}

static lxw_format *col_format(const tpl *t, col_kind k)
{
    return k == COL_CODE     ? t->code
           : k == COL_COUNT  ? t->count
           : k == COL_NUMBER ? t->num
           : k == COL_DATE   ? t->date
                             : t->wrap;
}

/* ---- the lists sheet -------------------------------------------------------------------- */

/* Writes VALUE at the end of list LIST (with WS NULL, only counts it). */
static void list_write(tpl *t, lxw_worksheet *ws, char list, const char *value)
{
    size_t *n = &t->n_list[list - 'A'];
    if (ws)
        worksheet_write_string(ws, (lxw_row_t)(1 + *n), (lxw_col_t)(list - 'A'), value, t->code);
    (*n)++;
}

/* The lists validations refer to; with WRITE 0 only their lengths are counted (the data
 * sheets' validations need them, and the lists sheet is added last so that it is the
 * last tab). */
static void write_lists(tpl *t, int write, char **sets, size_t n_sets, const ntm_unit *units,
                        size_t n_units)
{
    memset(t->n_list, 0, sizeof t->n_list);
    lxw_worksheet *ws = write ? workbook_add_worksheet(t->wb, t->lists) : NULL;
    /* Plural headers: the import must not take this sheet for data. */
    static const char *const heads[] = {"levels",     "classes",     "sets", "criteria",
                                        "indicators", "assessments", "units"};
    for (int c = 0; ws && c < 7; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], t->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 14, NULL);
    }
    for (size_t i = 0; i < sizeof LEVELS / sizeof LEVELS[0]; i++)
        list_write(t, ws, 'A', LEVELS[i]);
    for (size_t i = 0; t->cat && i < t->cat->n_classes; i++)
        list_write(t, ws, 'B', t->cat->classes[i].key);
    for (size_t i = 0; i < n_sets; i++)
        list_write(t, ws, 'C', sets[i]);
    for (size_t i = 0; t->cat && i < t->cat->n_criteria; i++)
        list_write(t, ws, 'D', t->cat->criteria[i].code);
    for (size_t i = 0; t->cat && i < t->cat->n_indicators; i++)
        list_write(t, ws, 'E', t->cat->indicators[i].code);
    int en = t->cli->lang == NTM_LANG_EN;
    list_write(t, ws, 'F', en ? "met" : "đạt");
    list_write(t, ws, 'F', en ? "unmet" : "chưa đạt");
    for (size_t i = 0; i < n_units; i++)
        list_write(t, ws, 'G', units[i].name);
    if (ws)
        worksheet_hide(ws);
}

/* ---- validation ------------------------------------------------------------------------- */

static void validate(tpl *t, lxw_worksheet *ws, lxw_col_t col, const tcol *c)
{
    lxw_data_validation dv = {0};
    char formula[200];
    dv.ignore_blank = LXW_VALIDATION_ON;
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv.input_title = (char *)hdr(t, c);
    if (c->list) {
        size_t n = t->n_list[c->list - 'A'];
        if (n == 0)
            return;
        snprintf(formula, sizeof formula, "='%s'!$%c$2:$%c$%zu", t->lists, c->list, c->list, n + 1);
        dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        dv.value_formula = formula;
        /* Units and classes may be new: a warning lets a planner type one not listed. */
        if (c->list == 'G' || c->list == 'B')
            dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        dv.error_message = (char *)ntm_tr(t->cli, "Choose a value from the list.");
    } else if (c->kind == COL_COUNT) {
        dv.validate = LXW_VALIDATION_TYPE_INTEGER;
        dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        dv.value_number = 0;
        dv.error_message = (char *)ntm_tr(t->cli, "A whole number, 0 or more (households or "
                                                  "people).");
    } else if (c->kind == COL_NUMBER) {
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = -1e15;
        dv.maximum_number = 1e15;
        dv.error_message = (char *)ntm_tr(t->cli, "A number (a percentage as 12.21 for 12.21%).");
    } else if (c->kind == COL_DATE) {
        dv.validate = LXW_VALIDATION_TYPE_DATE;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_datetime = (lxw_datetime)DATE_FIRST;
        dv.maximum_datetime = (lxw_datetime)DATE_LAST;
        dv.error_message =
            (char *)ntm_tr(t->cli, "A date from 2000 to 2100, typed as dd/mm/yyyy (31/07/2023).");
    } else {
        return;
    }
    dv.show_input = LXW_VALIDATION_ON;
    dv.show_error = LXW_VALIDATION_ON;
    dv.input_message = dv.error_message;
    worksheet_data_validation_range(ws, 1, col, TEMPLATE_ROWS, col, &dv);
}

/* A data sheet: its header, column formats and validation. */
static lxw_worksheet *data_sheet(tpl *t, const char *name, const tcol *cols, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(t->wb, name);
    for (size_t i = 0; i < n; i++) {
        worksheet_write_string(ws, 0, (lxw_col_t)i, hdr(t, &cols[i]), t->head);
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width,
                             col_format(t, cols[i].kind));
        validate(t, ws, (lxw_col_t)i, &cols[i]);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

/* ---- pre-filled rows -------------------------------------------------------------------- */

static void put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (s && *s)
        worksheet_write_string(ws, r, c, s, f);
}

static void put_number(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (isfinite(v))
        worksheet_write_number(ws, r, c, v, f);
}

static void write_unit_rows(tpl *t, lxw_worksheet *ws, const ntm_unit *const *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ntm_unit *u = rows[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        put_text(ws, r, 0, u->name, t->wrap);
        put_text(ws, r, 1, u->level, t->wrap);
        put_text(ws, r, 2, u->parent, t->wrap);
        put_text(ws, r, 3, u->class_key, t->code);
        put_text(ws, r, 4, u->flags, t->wrap);
        put_text(ws, r, 5, u->set_id, t->wrap);
        put_number(ws, r, 6, u->households, t->count);
        put_number(ws, r, 7, u->population, t->count);
        put_text(ws, r, 8, u->note, t->wrap);
    }
}

static void write_obs_rows(tpl *t, lxw_worksheet *ws, const ntm_observation *obs, size_t n)
{
    int en = t->cli->lang == NTM_LANG_EN;
    for (size_t i = 0; i < n; i++) {
        const ntm_observation *o = &obs[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        put_text(ws, r, 0, o->unit, t->wrap);
        put_text(ws, r, 1, o->criterion, t->code);
        put_text(ws, r, 2, o->indicator, t->code);
        int y, m, d;
        if (o->date && sscanf(o->date, "%4d-%2d-%2d", &y, &m, &d) == 3) {
            lxw_datetime dt = {y, m, d, 0, 0, 0};
            worksheet_write_datetime(ws, r, 3, &dt, t->date);
        } else {
            put_text(ws, r, 3, o->date, t->code);
        }
        put_number(ws, r, 4, o->value, t->num);
        put_number(ws, r, 5, o->numerator, t->count);
        put_number(ws, r, 6, o->denominator, t->count);
        if (o->status != NTM_ASSESS_NONE)
            put_text(ws, r, 7,
                     o->status == NTM_ASSESS_MET ? (en ? "met" : "đạt")
                                                 : (en ? "unmet" : "chưa đạt"),
                     t->wrap);
        put_text(ws, r, 8, o->source, t->wrap);
        put_text(ws, r, 9, o->note, t->wrap);
    }
}

/* ---- the criteria set and the guide ----------------------------------------------------- */

static const tcol SET_COLS[] = {
    {"criterion", "mã tiêu chí", COL_CODE, 0, 9},
    {"criterion name", "tên tiêu chí", COL_TEXT, 0, 28},
    {"group", "nhóm", COL_CODE, 0, 7},
    {"indicator", "mã chỉ tiêu", COL_CODE, 0, 9},
    {"indicator name", "tên chỉ tiêu", COL_TEXT, 0, 50},
    {"kind", "loại", COL_TEXT, 0, 8},
    {"measure", "đơn vị tính", COL_TEXT, 0, 10},
    {"threshold", "ngưỡng", COL_TEXT, 0, 24},
};
#define N_SET_COLS (sizeof SET_COLS / sizeof SET_COLS[0])

static void write_set_sheet(tpl *t, const char *name, const char *class_key)
{
    const ntm_catalog *cat = t->cat;
    int en = t->cli->lang == NTM_LANG_EN;
    lxw_worksheet *ws = workbook_add_worksheet(t->wb, name);
    char title[600];
    snprintf(title, sizeof title, "%s (%s)%s%s", en && cat->name_en ? cat->name_en : cat->name_vi,
             cat->id, cat->source ? ": " : "", cat->source ? cat->source : "");
    worksheet_write_string(ws, 0, 0, title, t->title);
    for (size_t i = 0; i < N_SET_COLS; i++) {
        worksheet_write_string(ws, 2, (lxw_col_t)i, hdr(t, &SET_COLS[i]), t->head);
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, SET_COLS[i].width,
                             col_format(t, SET_COLS[i].kind));
    }
    lxw_row_t r = 3;
    for (size_t c = 0; c < cat->n_criteria; c++) {
        const ntm_criterion *cr = &cat->criteria[c];
        worksheet_write_string(ws, r, 0, cr->code, t->code);
        put_text(ws, r, 1, en && cr->name_en ? cr->name_en : cr->name_vi, t->wrap);
        put_text(ws, r, 2, cr->group, t->code);
        r++;
        for (size_t i = 0; i < cat->n_indicators; i++) {
            const ntm_indicator *ind = &cat->indicators[i];
            if (strcmp(ind->criterion, cr->code) != 0)
                continue;
            worksheet_write_string(ws, r, 0, cr->code, t->code);
            worksheet_write_string(ws, r, 3, ind->code, t->code);
            put_text(ws, r, 4, en && ind->name_en ? ind->name_en : ind->name_vi, t->wrap);
            put_text(ws, r, 5, ntm_kind_name(ind->kind), t->wrap);
            put_text(ws, r, 6, ind->unit, t->wrap);
            const ntm_threshold *th = ntm_indicator_threshold(ind, class_key ? class_key : "*");
            put_text(ws, r, 7, th ? th->text : NULL, t->wrap);
            r++;
        }
    }
    worksheet_freeze_panes(ws, 3, 0);
}

static void write_guide(tpl *t, const char *name, const char *units, const char *obs,
                        const char *set_sheet, const char *file_sheet)
{
    lxw_worksheet *ws = workbook_add_worksheet(t->wb, name);
    worksheet_set_column(ws, 0, 0, 110, t->wrap);
    const ntm_cli *cli = t->cli;
    char line[8][600];
    int n = 0;
    snprintf(line[n++], sizeof line[0], "%s", ntm_tr(cli, "How to fill in this workbook"));
    snprintf(line[n++], sizeof line[0],
             ntm_tr(cli, "Sheet '%s': one row per administrative unit (province, district, "
                         "commune). Keep the sheet names and the header rows as they are."),
             units);
    snprintf(line[n++], sizeof line[0],
             ntm_tr(cli, "Sheet '%s': one row per figure or assessment of an indicator; for an "
                         "assessment of a whole criterion, leave the indicator empty."),
             obs);
    snprintf(line[n++], sizeof line[0], "%s",
             ntm_tr(cli, "Type numbers as numbers and percentages as their value (12,21 for "
                         "12,21%); counts of households or people are whole numbers. Type dates "
                         "as dates (31/07/2023)."));
    if (set_sheet)
        snprintf(line[n++], sizeof line[0],
                 ntm_tr(cli, "The lists offer the codes of criteria set %s; sheet '%s' shows its "
                             "criteria, indicators and thresholds and is not imported."),
                 t->cat->id, set_sheet);
    if (file_sheet)
        snprintf(line[n++], sizeof line[0],
                 ntm_tr(cli, "Sheet '%s' is the criteria set's file, one row per line: a "
                             "province can edit it into its own set and check it with ntmplan "
                             "catalog check FILE.xlsx."),
                 file_sheet);
    snprintf(line[n++], sizeof line[0], "%s",
             ntm_tr(cli, "Then: ntmplan import FILE.xlsx reads every sheet at once, all or "
                         "nothing; errors name the sheet, the row and the cell."));
    for (int i = 0; i < n; i++)
        worksheet_write_string(ws, (lxw_row_t)(i == 0 ? 0 : i + 1), 0, line[i],
                               i == 0 ? t->title : t->wrap);
}

/* ---- the command ------------------------------------------------------------------------ */

static int make_formats(tpl *t)
{
    t->head = workbook_add_format(t->wb);
    t->code = workbook_add_format(t->wb);
    t->date = workbook_add_format(t->wb);
    t->count = workbook_add_format(t->wb);
    t->num = workbook_add_format(t->wb);
    t->wrap = workbook_add_format(t->wb);
    t->title = workbook_add_format(t->wb);
    if (!t->head || !t->code || !t->date || !t->count || !t->num || !t->wrap || !t->title)
        return -1;
    format_set_bold(t->head);
    format_set_bg_color(t->head, 0xDCE6F1);
    format_set_bottom(t->head, LXW_BORDER_THIN);
    format_set_num_format(t->code, "@");
    format_set_num_format(t->date, "dd/mm/yyyy");
    format_set_num_format(t->count, "0");
    format_set_num_format(t->num, "General");
    format_set_bold(t->title);
    format_set_font_size(t->title, 13);
    return 0;
}

/* The unit U and its parents, parents first, into ROWS (at most MAX). */
static size_t unit_chain(const ntm_unit *all, size_t n, const ntm_unit *u, const ntm_unit **rows,
                         size_t max)
{
    size_t k = 0;
    const ntm_unit *cur = u;
    while (cur && k < max) {
        rows[k++] = cur;
        const ntm_unit *up = NULL;
        for (size_t i = 0; cur->parent && i < n && !up; i++)
            if (strcmp(all[i].name, cur->parent) == 0)
                up = &all[i];
        cur = up;
    }
    for (size_t i = 0; i < k / 2; i++) { /* parents first, as import wants them */
        const ntm_unit *s = rows[i];
        rows[i] = rows[k - 1 - i];
        rows[k - 1 - i] = s;
    }
    return k;
}

typedef struct template_args {
    const char *set, *unit, *out;
} template_args;

/* What the workbook is made from. */
typedef struct tdata {
    ntm_unit *all, *picked; /* every unit; the candidates for --unit */
    size_t n_all, n_picked, pick;
    const ntm_unit *u; /* the --unit, or NULL */
    char **sets;
    size_t n_sets;
    const char *set; /* the set whose codes the lists hold, or NULL */
    ntm_catalog cat;
    ntm_observation *obs; /* the unit's */
    size_t n_obs;
    char set_file[4200]; /* the set's INI file among the shipped ones, or "" */
} tdata;

static int load_data(const ntm_cli *cli, ntm_store *st, const template_args *a, tdata *d,
                     ntm_error *err)
{
    memset(d, 0, sizeof *d);
    int rc = ntm_store_find_units(st, NULL, &d->all, &d->n_all, err);
    if (rc == NTM_OK)
        rc = ntm_store_list_sets(st, &d->sets, &d->n_sets, err);
    if (rc == NTM_OK && a->unit)
        rc = ntm_cli_pick_unit(cli, st, a->unit, &d->picked, &d->n_picked, &d->pick, err);
    d->u = rc == NTM_OK && a->unit ? &d->picked[d->pick] : NULL;
    d->set = a->set ? a->set : d->u ? d->u->set_id : NULL;
    if (rc == NTM_OK && d->set)
        rc = ntm_store_get_catalog(st, d->set, &d->cat, err);
    if (rc == NTM_OK && d->set) { /* shipped sets are models/criteria/ID.ini */
        snprintf(d->set_file, sizeof d->set_file, "%s/criteria/%s.ini",
                 ntm_cli_models_dir((ntm_cli *)cli), d->set);
        if (access(d->set_file, R_OK) != 0)
            d->set_file[0] = '\0';
    }
    if (rc == NTM_OK && d->u)
        rc = ntm_store_get_observations(st, d->u->name, &d->obs, &d->n_obs, err);
    return rc;
}

static void release_data(tdata *d)
{
    ntm_store_free_observations(d->obs, d->n_obs);
    ntm_catalog_release(&d->cat);
    ntm_store_free_strings(d->sets, d->n_sets);
    ntm_store_free_units(d->picked, d->n_picked);
    ntm_store_free_units(d->all, d->n_all);
}

/* The sheets in their tab order: guide, units, observations (active), the set, the lists
 * (hidden). The lists are counted first: the validations refer to their lengths. */
static int write_workbook(const ntm_cli *cli, const char *out, const tdata *d, ntm_error *err)
{
    int en = cli->lang == NTM_LANG_EN;
    tpl t = {.cli = cli, .lists = en ? "Lists" : "Danh mục", .cat = d->set ? &d->cat : NULL};
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE};
    t.wb = workbook_new_opt(out, &opt);
    if (!t.wb || make_formats(&t) != 0) {
        if (t.wb)
            workbook_close(t.wb);
        return ntm_error_set(err, NTM_EIO, ntm_tr(cli, "cannot write '%s'"), out);
    }
    /* A fixed time: the same database gives the same file. */
    lxw_doc_properties props = {.title = "ntmplan", .author = "ntmplan", .created = 1};
    workbook_set_properties(t.wb, &props);
    const char *units_name = en ? "Units" : "Đơn vị", *obs_name = en ? "Observations" : "Quan sát";
    const char *set_name = d->set ? (en ? "Criteria set" : "Bộ tiêu chí") : NULL;
    write_guide(&t, en ? "Guide" : "Hướng dẫn", units_name, obs_name, set_name,
                d->set_file[0] ? (en ? NTM_CATALOG_SHEET_EN : NTM_CATALOG_SHEET_VI) : NULL);
    write_lists(&t, 0, d->sets, d->n_sets, d->all, d->n_all);
    lxw_worksheet *ws = data_sheet(&t, units_name, UNIT_COLS, N_UNIT_COLS);
    const ntm_unit *chain[16];
    if (d->u)
        write_unit_rows(&t, ws, chain, unit_chain(d->all, d->n_all, d->u, chain, 16));
    ws = data_sheet(&t, obs_name, OBS_COLS, N_OBS_COLS);
    write_obs_rows(&t, ws, d->obs, d->n_obs);
    worksheet_activate(ws);
    if (set_name)
        write_set_sheet(&t, set_name, d->u ? d->u->class_key : NULL);
    if (set_name && d->set_file[0]) {
        ntm_status rc = ntm_ini_sheet_add(t.wb, en ? NTM_CATALOG_SHEET_EN : NTM_CATALOG_SHEET_VI,
                                          d->set_file, cli->lang, err);
        if (rc != NTM_OK) {
            workbook_close(t.wb);
            return rc;
        }
    }
    write_lists(&t, 1, d->sets, d->n_sets, d->all, d->n_all);
    lxw_error e = workbook_close(t.wb);
    if (e != LXW_NO_ERROR)
        return ntm_error_set(err, NTM_EIO, ntm_tr(cli, "cannot write '%s': %s"), out,
                             lxw_strerror(e));
    return NTM_OK;
}

int cmd_template(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"set", required_argument, NULL, 's'},
                                         {"unit", required_argument, NULL, 'u'},
                                         {"out", required_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    template_args a = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 's')
            a.set = optarg;
        else if (c == 'u')
            a.unit = optarg;
        else if (c == 'o')
            a.out = optarg;
        else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind < argc)
        return ntm_cli_usage(cli, ntm_tr(cli, "unexpected argument '%s'"), argv[optind]);
    if (!a.out)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give the workbook to write with --out"));
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    tdata d;
    int rc = load_data(cli, st, &a, &d, &err);
    if (rc == NTM_OK)
        rc = write_workbook(cli, a.out, &d, &err);
    release_data(&d);
    ntm_store_close(st);
    if (rc != NTM_OK)
        return ntm_cli_fail(cli, &err);
    printf(ntm_tr(cli, "wrote %s\n"), a.out);
    return NTM_EXIT_OK;
}
