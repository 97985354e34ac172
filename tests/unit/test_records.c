/* test_records.c: units and observations read from CSV (io/records.h) on the files in
 * tests/data/records/ (README there lists what each holds), the assessment words, and
 * the import warnings of model/validate.h on observations built by hand: validation is
 * the second half of an import, so it is tested here next to the reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "io/records.h"
#include "model/validate.h"

#define VAL_TOL 1e-9
/* A decimal year of 31/12: year + 364,5/365 (io/date.h). */
#define END(y) ((y) + 364.5 / 365)

/* ---- helpers --------------------------------------------------------------------- */

/* tests/data/records/NAME, found from this file's own path. */
static void data_path(char *buf, size_t size, const char *name)
{
    const char *me = __FILE__;
    const char *slash = strrchr(me, '/');
    size_t dir = slash ? (size_t)(slash - me) + 1 : 0;
    snprintf(buf, size, "%.*s../data/records/%s", (int)dir, me, name);
}

typedef struct reading {
    char path[4096];
    ntm_records r;
    ntm_diag_list d;
    ntm_error err;
    ntm_status rc;
} reading;

static void read_file(reading *x, const char *name, ntm_records_kind kind, ntm_numstyle style)
{
    memset(x, 0, sizeof *x);
    data_path(x->path, sizeof x->path, name);
    ntm_diag_list_init(&x->d);
    x->rc = ntm_records_read(x->path, kind, style, &x->r, &x->d, &x->err);
}

static void reading_release(reading *x)
{
    ntm_records_release(&x->r);
    ntm_diag_list_release(&x->d);
}

static void read_ok(reading *x, const char *name, ntm_records_kind kind)
{
    read_file(x, name, kind, NTM_NUM_AUTO);
    if (x->rc != NTM_OK) {
        char buf[1024] = "";
        if (x->d.n)
            ntm_diag_format(&x->d.items[0], buf, sizeof buf);
        fail_msg("%s refused: %s %s", name, x->err.msg, buf);
    }
    assert_int_equal(x->d.n_errors, 0);
}

/* Reads NAME expecting exactly one error diagnostic with CODE at LINE:COLUMN on FIELD
 * (NULL: none), and nothing returned. */
static void read_one_error(const char *name, const char *code, long line, long column,
                           const char *field)
{
    reading x;
    read_file(&x, name, NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_int_equal(x.rc, NTM_EINPUT);
    assert_int_equal(x.err.status, NTM_EINPUT);
    assert_non_null(strstr(x.err.msg, "nothing was imported"));
    assert_int_equal(x.d.n_errors, 1);
    assert_int_equal(x.d.n, 1);
    const ntm_diag *g = &x.d.items[0];
    assert_int_equal(g->severity, NTM_ERROR);
    assert_string_equal(g->code, code);
    assert_string_equal(g->file, x.path);
    assert_int_equal(g->line, line);
    assert_int_equal(g->column, column);
    if (field)
        assert_string_equal(g->field, field);
    else
        assert_null(g->field);
    /* Nothing is handed back when the file has an error. */
    assert_int_equal(x.r.n_obs, 0);
    assert_int_equal(x.r.n_units, 0);
    assert_null(x.r.obs);
    assert_null(x.r.units);
    reading_release(&x);
}

static const ntm_observation *find_obs(const ntm_records *r, const char *ind, const char *crit)
{
    for (size_t i = 0; i < r->n_obs; i++) {
        const ntm_observation *o = &r->obs[i];
        if (ind ? (o->indicator && strcmp(o->indicator, ind) == 0)
                : (!o->indicator && strcmp(o->criterion, crit) == 0))
            return o;
    }
    fail_msg("no observation %s / %s", ind ? ind : "-", crit ? crit : "-");
    return NULL;
}

/* ---- good files ------------------------------------------------------------------- */

/* Units with English headers: every column read, empty cells NULL / NaN, quoted comma. */
static void units_english(void **state)
{
    (void)state;
    reading x;
    read_ok(&x, "units.csv", NTM_RECORDS_AUTO);
    assert_int_equal(x.r.kind, NTM_RECORDS_UNITS);
    assert_string_equal(x.r.encoding, "UTF-8");
    assert_int_equal(x.r.n_units, 3);
    const ntm_unit *p = &x.r.units[0], *c = &x.r.units[2];
    assert_string_equal(p->name, "Thanh Hóa");
    assert_string_equal(p->level, "province");
    assert_null(p->parent);
    assert_null(p->class_key);
    assert_null(p->set_id);
    assert_true(isnan(p->households));
    assert_string_equal(c->name, "Cẩm Thành");
    assert_string_equal(c->parent, "Cẩm Thủy");
    assert_string_equal(c->class_key, "BTB");
    assert_string_equal(c->flags, "dbkk");
    assert_string_equal(c->set_id, "qd318-2021");
    assert_float_equal(c->households, 1807, 0);
    assert_float_equal(c->population, 7012, 0);
    assert_string_equal(c->note, "Ví dụ lịch sử, 2021-2025");
    assert_int_equal(x.r.unit_lines[0], 2);
    assert_int_equal(x.r.unit_lines[2], 4);
    reading_release(&x);
}

/* Units with Vietnamese headers, ';' and CRLF: "1.807" is 1807 households. */
static void units_vietnamese(void **state)
{
    (void)state;
    reading x;
    read_ok(&x, "units-vi.csv", NTM_RECORDS_AUTO);
    assert_int_equal(x.r.kind, NTM_RECORDS_UNITS);
    assert_int_equal(x.r.n_units, 2);
    const ntm_unit *c = &x.r.units[1];
    assert_string_equal(c->name, "Cẩm Thành");
    assert_string_equal(c->parent, "Thanh Hóa");
    assert_string_equal(c->class_key, "BTB");
    assert_null(c->flags);
    assert_float_equal(c->households, 1807, 0);
    assert_float_equal(c->population, 7012, 0);
    reading_release(&x);
}

/* Observations with Vietnamese headers and ';': decimal commas, "1.784" thousands, a
 * '%' sign, dates in three forms, a criterion-level row, "Đạt" and "chưa đạt". */
static void observations_vietnamese(void **state)
{
    (void)state;
    reading x;
    read_ok(&x, "obs-vi.csv", NTM_RECORDS_AUTO);
    assert_int_equal(x.r.kind, NTM_RECORDS_OBSERVATIONS);
    assert_int_equal(x.r.numstyle, NTM_NUM_VI);
    assert_int_equal(x.r.n_obs, 5);

    const ntm_observation *o = find_obs(&x.r, "11.1", NULL);
    assert_string_equal(o->unit, "Cẩm Thành");
    assert_string_equal(o->criterion, "11"); /* derived from "11.1" */
    assert_string_equal(o->date, "2022-12-31");
    assert_float_equal(o->t, END(2022), VAL_TOL);
    assert_float_equal(o->value, 12.21, VAL_TOL);
    assert_true(isnan(o->numerator));
    assert_int_equal(o->status, NTM_ASSESS_NONE);
    assert_string_equal(o->source, "Báo cáo 3/2023");
    assert_string_equal(o->note, "Tổng nghèo đa chiều");
    assert_string_equal(o->file, x.path);
    assert_int_equal(o->line, 2);

    o = find_obs(&x.r, "11.1a", NULL);
    assert_string_equal(o->criterion, "11");
    assert_float_equal(o->value, 3.97, VAL_TOL);
    assert_float_equal(o->numerator, 71, 0);
    assert_float_equal(o->denominator, 1784, 0);
    assert_int_equal(o->line, 3);

    o = find_obs(&x.r, NULL, "17"); /* criterion-level */
    assert_null(o->indicator);
    assert_string_equal(o->date, "2023-07-31");
    assert_true(isnan(o->value));
    assert_int_equal(o->status, NTM_ASSESS_UNMET);
    assert_null(o->note);

    o = find_obs(&x.r, "5.1", NULL);
    assert_string_equal(o->criterion, "5");
    assert_int_equal(o->status, NTM_ASSESS_MET);
    assert_null(o->source);
    assert_string_equal(o->note, "có dấu ; trong ghi chú");
    reading_release(&x);
}

/* English headers and ',': decimal points, a quoted "1,784", ISO dates, no criterion
 * column (derived from the code). */
static void observations_english(void **state)
{
    (void)state;
    reading x;
    read_ok(&x, "obs-en.csv", NTM_RECORDS_AUTO);
    assert_int_equal(x.r.kind, NTM_RECORDS_OBSERVATIONS);
    assert_int_equal(x.r.numstyle, NTM_NUM_EN);
    assert_int_equal(x.r.n_obs, 3);
    const ntm_observation *o = find_obs(&x.r, "11.1a", NULL);
    assert_string_equal(o->criterion, "11");
    assert_float_equal(o->value, 3.97, VAL_TOL);
    assert_float_equal(o->denominator, 1784, 0);
    assert_string_equal(o->note, "poor, 2022");
    o = find_obs(&x.r, "15.1", NULL);
    assert_string_equal(o->criterion, "15");
    assert_float_equal(o->value, 95.5, VAL_TOL);
    assert_int_equal(o->status, NTM_ASSESS_MET);
    reading_release(&x);
}

/* A style given by the caller is used, not guessed: "12,21" is no English number. */
static void forced_style(void **state)
{
    (void)state;
    reading x;
    read_file(&x, "obs-vi.csv", NTM_RECORDS_AUTO, NTM_NUM_EN);
    assert_int_equal(x.rc, NTM_EINPUT);
    assert_true(x.d.n_errors >= 1);
    assert_string_equal(x.d.items[0].code, "bad-number");
    assert_int_equal(x.d.items[0].line, 2);
    assert_int_equal(x.d.items[0].column, 5);
    assert_string_equal(x.d.items[0].field, "value");
    reading_release(&x);
}

/* A kind given by the caller is checked against the header. */
static void forced_kind(void **state)
{
    (void)state;
    reading x;
    read_file(&x, "obs-en.csv", NTM_RECORDS_UNITS, NTM_NUM_AUTO);
    assert_int_equal(x.rc, NTM_EINPUT);
    /* no 'name', no 'level'; then the 8 columns of observations (all but 'note') */
    assert_int_equal(x.d.n_errors, 10);
    assert_string_equal(x.d.items[0].code, "missing-column");
    assert_string_equal(x.d.items[0].field, "name");
    assert_int_equal(x.d.items[0].line, 1);
    assert_string_equal(x.d.items[1].field, "level");
    assert_string_equal(x.d.items[2].code, "unknown-column");
    assert_string_equal(x.d.items[2].field, "unit");
    assert_int_equal(x.d.items[2].column, 1);
    assert_non_null(strstr(x.d.items[2].msg, "column of observation files"));
    assert_string_equal(x.d.items[9].field, "source");
    assert_int_equal(x.d.items[9].column, 8);
    reading_release(&x);
}

/* ---- bad files: each names line, column and field ---------------------------------- */

/* "12.5x" on physical line 7 (a blank line 4 is counted), column 4, field value. */
static void bad_number_line7(void **state)
{
    (void)state;
    read_one_error("bad-number.csv", "bad-number", 7, 4, "value");
}

/* 31/02/2023 does not exist. */
static void bad_date(void **state)
{
    (void)state;
    read_one_error("bad-date.csv", "bad-date", 3, 3, "date");
}

/* "ok" is not đạt / chưa đạt. */
static void bad_status(void **state)
{
    (void)state;
    read_one_error("bad-status.csv", "bad-status", 3, 4, "status");
}

/* A row without a unit. */
static void missing_unit(void **state)
{
    (void)state;
    read_one_error("missing-unit.csv", "missing", 3, 1, "unit");
}

/* An unquoted ',' in a note makes 6 fields under a 5-field header: the first extra
 * field (column 6) is named. */
static void extra_fields(void **state)
{
    (void)state;
    read_one_error("extra-fields.csv", "extra-fields", 3, 6, NULL);
}

/* "12,5" (line 3) and "12.5" (line 5) in one file: refused, both lines named. */
static void mixed_number_styles(void **state)
{
    (void)state;
    read_one_error("mixed-styles.csv", "mixed-number-styles", 5, 4, "value");
    reading x;
    read_file(&x, "mixed-styles.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_non_null(strstr(x.d.items[0].msg, "line 3"));
    reading_release(&x);
}

/* A header without a date column. */
static void missing_date_column(void **state)
{
    (void)state;
    read_one_error("missing-date-column.csv", "missing-column", 1, 0, "date");
}

/* An empty file: NTM_EINPUT with "empty" in the message, no diagnostics. The result is
 * released all the same (see the regression test below). */
static void empty_file(void **state)
{
    (void)state;
    reading x;
    read_file(&x, "empty.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_int_equal(x.rc, NTM_EINPUT);
    assert_non_null(strstr(x.err.msg, "the file is empty"));
    assert_non_null(strstr(x.err.msg, "empty.csv"));
    assert_int_equal(x.d.n, 0);
    reading_release(&x);
}

/* A header naming neither kind: NTM_EINPUT, line 1 and the columns expected.
 * Regression: records.c frees the CSV reader and then reads r->line (r points into the freed
 * reader) to build this message: a heap use-after-free that AddressSanitizer aborts on. */
static void unknown_header(void **state)
{
    (void)state;
    reading x;
    read_file(&x, "unknown-header.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_int_equal(x.rc, NTM_EINPUT);
    assert_non_null(strstr(x.err.msg, "unknown-header.csv:1: cannot tell"));
    assert_int_equal(x.d.n, 0);
    reading_release(&x);
}

/* ---- the header: every column known, none twice ----------------------------------- */

/* "indicatr" is one edit from "indicator": refused (it used to be dropped silently and
 * the row stored as a criterion-level assessment), with the name suggested. */
static void unknown_column(void **state)
{
    (void)state;
    read_one_error("unknown-column.csv", "unknown-column", 1, 3, "indicatr");
    reading x;
    read_file(&x, "unknown-column.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_string_equal(x.d.items[0].msg, "unknown column 'indicatr'; did you mean 'indicator'?");
    reading_release(&x);
}

/* Vietnamese headers: "Chỉ tiu" (key "chi tiu") is one edit from "chi tieu"; "Cột lạ"
 * (key "cot la") is more than 2 edits from every name: the columns are listed. */
static void unknown_column_vietnamese(void **state)
{
    (void)state;
    reading x;
    read_file(&x, "unknown-column-vi.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_int_equal(x.rc, NTM_EINPUT);
    assert_int_equal(x.d.n_errors, 2);
    assert_int_equal(x.d.n, 2);
    assert_string_equal(x.d.items[0].code, "unknown-column");
    assert_int_equal(x.d.items[0].line, 1);
    assert_int_equal(x.d.items[0].column, 3);
    assert_string_equal(x.d.items[0].field, "Chỉ tiu");
    assert_non_null(strstr(x.d.items[0].msg, "did you mean 'chi tieu'?"));
    assert_int_equal(x.d.items[1].column, 6);
    assert_string_equal(x.d.items[1].msg,
                        "unknown column 'Cột lạ' (the columns are: unit, criterion, indicator, "
                        "date, value, numerator, denominator, status, source, note)");
    assert_int_equal(x.r.n_obs, 0);
    reading_release(&x);
}

/* "value" and its Vietnamese alias "Giá trị": one column twice, the second named. */
static void duplicate_column(void **state)
{
    (void)state;
    read_one_error("duplicate-column.csv", "duplicate-column", 1, 5, "Giá trị");
    reading x;
    read_file(&x, "duplicate-column.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_non_null(strstr(x.d.items[0].msg, "'value' is given twice (columns 4 and 5)"));
    reading_release(&x);
}

/* Excel's trailing separators leave empty header cells: fine while they stay empty. */
static void trailing_empty_header(void **state)
{
    (void)state;
    reading x;
    read_ok(&x, "trailing-empty-header.csv", NTM_RECORDS_AUTO);
    assert_int_equal(x.d.n, 0);
    assert_int_equal(x.r.n_obs, 2);
    assert_float_equal(x.r.obs[1].value, 6.5, VAL_TOL);
    reading_release(&x);
}

/* A value under an empty header cell would be dropped: refused at its line and column. */
static void unnamed_column(void **state)
{
    (void)state;
    read_one_error("unnamed-column.csv", "unnamed-column", 3, 6, NULL);
}

/* ---- rows that repeat a key --------------------------------------------------------- */

/* Line 4 has line 2's unit, indicator, date and source with another value: which one the
 * store should keep cannot be guessed. Line 3 (another date) and line 5 (another
 * source) are different observations. */
static void repeat_conflict(void **state)
{
    (void)state;
    read_one_error("repeat-conflict.csv", "duplicate-conflict", 4, 0, NULL);
    reading x;
    read_file(&x, "repeat-conflict.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_non_null(strstr(x.d.items[0].msg, "this row and line 2 are for the same unit"));
    reading_release(&x);
}

/* An identical repeat (the note aside) is a warning and is read once: 3 rows, 2
 * observations, the first one kept (note "a"). */
static void repeat_identical(void **state)
{
    (void)state;
    reading x;
    read_ok(&x, "repeat-identical.csv", NTM_RECORDS_AUTO);
    assert_int_equal(x.d.n, 1);
    assert_int_equal(x.d.items[0].severity, NTM_WARNING);
    assert_string_equal(x.d.items[0].code, "duplicate");
    assert_int_equal(x.d.items[0].line, 4);
    assert_string_equal(x.d.items[0].msg, "this row repeats line 2; it is imported once");
    assert_int_equal(x.r.n_obs, 2);
    assert_int_equal(x.r.obs[0].line, 2);
    assert_string_equal(x.r.obs[0].note, "a");
    assert_int_equal(x.r.obs[1].line, 3);
    reading_release(&x);
}

/* Numerators and denominators count households: 149,5 and 1807,25 are refused. */
static void fractional_counts(void **state)
{
    (void)state;
    read_one_error("fractional-numerator.csv", "range", 3, 4, "numerator");
    read_one_error("fractional-denominator.csv", "range", 3, 5, "denominator");
}

/* Three unit names with one match key: read, with one warning for each later name that
 * folds to an earlier one, naming the first (line 3 ~ line 2; line 4 ~ line 2). */
static void units_similar_names(void **state)
{
    (void)state;
    reading x;
    read_ok(&x, "units-similar-names.csv", NTM_RECORDS_AUTO);
    assert_int_equal(x.r.n_units, 3);
    assert_int_equal(x.d.n, 2);
    static const long line[] = {3, 4};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(x.d.items[i].severity, NTM_WARNING);
        assert_string_equal(x.d.items[i].code, "similar-name");
        assert_int_equal(x.d.items[i].line, line[i]);
        assert_int_equal(x.d.items[i].column, 1);
    }
    assert_non_null(strstr(x.d.items[0].msg, "unit 'Xa A' differs from 'Xã A' (line 2)"));
    assert_non_null(strstr(x.d.items[1].msg, "unit 'xã  a' differs from 'Xã A' (line 2)"));
    reading_release(&x);
}

/* The messages checked above are the English msgids; in Vietnamese (the default
 * language) the same errors read from po/vi.po. */
static void errors_in_vietnamese(void **state)
{
    (void)state;
    reading x;
    read_file(&x, "bad-number.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_int_equal(x.rc, NTM_EINPUT);
    assert_non_null(strstr(x.err.msg, "1 lỗi; không nhập gì"));
    assert_int_equal(x.d.n, 1);
    assert_non_null(strstr(x.d.items[0].msg, "'12.5x' không phải là số: "));
    reading_release(&x);
    /* a refusal of the whole file points at its first line */
    read_file(&x, "empty.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_non_null(strstr(x.err.msg, "empty.csv:1: tệp trống"));
    reading_release(&x);
    read_file(&x, "mixed-styles.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_non_null(strstr(x.d.items[0].msg, "dòng 3"));
    reading_release(&x);
}

/* Regression: on the empty-file and unknown-header paths ntm_records_read returns with
 * out->file still allocated (strdup before the header is read), so a caller that does
 * not release a failed result (src/cmd/import.c does not) leaks it. A failed read must
 * own nothing, as on the other error paths. */
static void failed_read_owns_nothing(void **state)
{
    (void)state;
    static const char *const names[] = {"empty.csv", "unknown-header.csv"};
    for (size_t i = 0; i < 2; i++) {
        reading x;
        read_file(&x, names[i], NTM_RECORDS_AUTO, NTM_NUM_AUTO);
        assert_int_equal(x.rc, NTM_EINPUT);
        assert_null(x.r.file);
        ntm_diag_list_release(&x.d);
    }
}

/* A file that does not exist: an I/O error with the message set, not a crash. */
static void missing_file(void **state)
{
    (void)state;
    reading x;
    read_file(&x, "no-such-file.csv", NTM_RECORDS_AUTO, NTM_NUM_AUTO);
    assert_int_equal(x.rc, NTM_EIO);
    assert_true(x.err.msg[0] != '\0');
    assert_null(x.r.file);
    reading_release(&x);
}

/* ---- assessment words ---------------------------------------------------------------- */

static ntm_assess assess(const char *s)
{
    ntm_assess a = (ntm_assess)99;
    if (ntm_assess_parse(s, &a) != 0)
        fail_msg("'%s' refused", s ? s : "(null)");
    return a;
}

/* đạt / chưa đạt in any case, with or without marks, and the English words. */
static void assessment_words(void **state)
{
    (void)state;
    assert_int_equal(assess("đạt"), NTM_ASSESS_MET);
    assert_int_equal(assess("Đạt"), NTM_ASSESS_MET);
    assert_int_equal(assess("ĐẠT"), NTM_ASSESS_MET);
    assert_int_equal(assess("dat"), NTM_ASSESS_MET);
    assert_int_equal(assess(" đạt "), NTM_ASSESS_MET);
    assert_int_equal(assess("met"), NTM_ASSESS_MET);
    assert_int_equal(assess("Yes"), NTM_ASSESS_MET);
    assert_int_equal(assess("chưa đạt"), NTM_ASSESS_UNMET);
    assert_int_equal(assess("Chưa Đạt"), NTM_ASSESS_UNMET);
    assert_int_equal(assess("chua dat"), NTM_ASSESS_UNMET);
    assert_int_equal(assess("không đạt"), NTM_ASSESS_UNMET);
    assert_int_equal(assess("unmet"), NTM_ASSESS_UNMET);
    assert_int_equal(assess("not met"), NTM_ASSESS_UNMET);
    assert_int_equal(assess(""), NTM_ASSESS_NONE);
    assert_int_equal(assess(NULL), NTM_ASSESS_NONE);

    static const char *const bad[] = {"garbage", "ok", "đạt?", "chưa", "đạt đạt", "1", "\xff\xfe"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ntm_assess a = NTM_ASSESS_NONE;
        if (ntm_assess_parse(bad[i], &a) != -1)
            fail_msg("'%s' should be refused", bad[i]);
    }
}

/* ---- import warnings (model/validate.h) --------------------------------------------- */

#define S(x) ((char *)(x))

/* Catalog: criterion 11 with sum 11.1 (households) of parts 11.1a and 11.1b, and
 * rate 15.1 (people); criterion 17 with count 17.2. */
typedef struct vfix {
    ntm_catalog cat;
    ntm_criterion crit[2];
    ntm_indicator ind[5];
    const ntm_catalog *cat_of[4];
    ntm_observation obs[4];
} vfix;

static void vfix_init(vfix *f)
{
    memset(f, 0, sizeof *f);
    f->cat.id = S("qd318-2021");
    f->crit[0].code = S("11");
    f->crit[1].code = S("17");
    f->cat.criteria = f->crit;
    f->cat.n_criteria = 2;
    static const struct {
        const char *code, *crit, *part_of, *denom;
        ntm_kind kind;
    } spec[] = {{"11.1", "11", NULL, "hộ", NTM_KIND_SUM},
                {"11.1a", "11", "11.1", NULL, NTM_KIND_RATE},
                {"11.1b", "11", "11.1", NULL, NTM_KIND_RATE},
                {"15.1", "11", NULL, "người", NTM_KIND_RATE},
                {"17.2", "17", NULL, NULL, NTM_KIND_COUNT}};
    for (size_t i = 0; i < 5; i++) {
        f->ind[i].code = S(spec[i].code);
        f->ind[i].criterion = S(spec[i].crit);
        f->ind[i].part_of = S(spec[i].part_of);
        f->ind[i].denom_unit = S(spec[i].denom);
        f->ind[i].kind = spec[i].kind;
    }
    f->cat.indicators = f->ind;
    f->cat.n_indicators = 5;
    for (size_t i = 0; i < 4; i++) {
        f->cat_of[i] = &f->cat;
        ntm_observation *o = &f->obs[i];
        o->unit = S("Cẩm Thành");
        o->criterion = S("11");
        o->indicator = S("11.1a");
        o->date = S("2022-12-31");
        o->t = END(2022);
        o->value = o->numerator = o->denominator = NAN;
        o->file = S("obs.csv");
        o->line = (long)i + 2;
    }
}

/* Validates the first N observations as of TODAY and returns the diagnostics. */
static void validate(vfix *f, size_t n, double today, ntm_lang lang, ntm_diag_list *d)
{
    ntm_diag_list_init(d);
    ntm_validate_observations(f->obs, n, f->cat_of, today, lang, d);
    assert_int_equal(d->n_errors, 0); /* validation only warns */
}

/* Expects exactly one warning, with CODE, on line LINE, whose message holds TEXT. */
static void one_warning(vfix *f, size_t n, double today, ntm_lang lang, const char *code, long line,
                        const char *text)
{
    ntm_diag_list d;
    validate(f, n, today, lang, &d);
    if (d.n != 1)
        fail_msg("%zu warnings for %s, expected 1 (first: %s)", d.n, code,
                 d.n ? d.items[0].code : "-");
    assert_int_equal(d.items[0].severity, NTM_WARNING);
    assert_string_equal(d.items[0].code, code);
    assert_string_equal(d.items[0].file, "obs.csv");
    assert_int_equal(d.items[0].line, line);
    if (text && !strstr(d.items[0].msg, text))
        fail_msg("message '%s' lacks '%s'", d.items[0].msg, text);
    ntm_diag_list_release(&d);
}

/* Clean figures give no warning: 100·71/1784 = 3,98% reported as 3,98; the two parts
 * with the same denominator; a criterion-level row; today after the data. */
static void validate_clean(void **state)
{
    (void)state;
    vfix f;
    vfix_init(&f);
    f.obs[0].value = 3.98;
    f.obs[0].numerator = 71;
    f.obs[0].denominator = 1784;
    f.obs[1].indicator = S("11.1b");
    f.obs[1].value = 8.35;
    f.obs[1].numerator = 149;
    f.obs[1].denominator = 1784; /* 100·149/1784 = 8,352 */
    f.obs[2].indicator = NULL;
    f.obs[2].criterion = S("17");
    f.obs[2].status = NTM_ASSESS_MET;
    f.obs[3].indicator = S("17.2");
    f.obs[3].criterion = S("17");
    f.obs[3].value = 0;
    ntm_diag_list d;
    validate(&f, 4, 2024.5, NTM_LANG_VI, &d);
    if (d.n)
        fail_msg("unexpected warning %s: %s", d.items[0].code, d.items[0].msg);
    ntm_diag_list_release(&d);
    /* No catalog for the unit: only catalog-free checks run (none fire here). */
    f.cat_of[0] = NULL;
    validate(&f, 1, NAN, NTM_LANG_VI, &d);
    assert_int_equal(d.n, 0);
    ntm_diag_list_release(&d);
}

/* out-of-range: a rate above 100%, and a negative count. */
static void validate_out_of_range(void **state)
{
    (void)state;
    vfix f;
    vfix_init(&f);
    f.obs[0].value = 120;
    one_warning(&f, 1, NAN, NTM_LANG_VI, "out-of-range", 2, "120,00");
    f.obs[0].value = -1;
    f.obs[0].indicator = S("17.2");
    f.obs[0].criterion = S("17");
    one_warning(&f, 1, NAN, NTM_LANG_EN, "out-of-range", 2, ">= 0");
}

/* numerator-gt-denominator: 1.900 poor households out of 1.807. */
static void validate_numerator_gt_denominator(void **state)
{
    (void)state;
    vfix f;
    vfix_init(&f);
    f.obs[0].numerator = 1900;
    f.obs[0].denominator = 1807;
    one_warning(&f, 1, NAN, NTM_LANG_VI, "numerator-gt-denominator", 2, "1.900");
}

/* value-disagrees: the Cẩm Thành plan of 07/2023 writes 71/1.784 = 3,97%, but 100·71/1784 = 3,9798
 * → 3,98; the difference 0,0098 is above half a unit of the second decimal. */
static void validate_value_disagrees(void **state)
{
    (void)state;
    vfix f;
    vfix_init(&f);
    f.obs[0].value = 3.97;
    f.obs[0].numerator = 71;
    f.obs[0].denominator = 1784;
    one_warning(&f, 1, NAN, NTM_LANG_VI, "value-disagrees", 2, "3,98%");
    one_warning(&f, 1, NAN, NTM_LANG_EN, "value-disagrees", 2, "3.98%");
}

/* denominators-differ: the poor and near-poor rates (parts of one sum) counted over
 * 1.784 and 1.807 households in the same year (Kế hoạch UBND xã Cẩm Thành, 07/2023). Reported on
 * the second. */
static void validate_denominators_differ(void **state)
{
    (void)state;
    vfix f;
    vfix_init(&f);
    f.obs[0].numerator = 71;
    f.obs[0].denominator = 1784;
    f.obs[1].indicator = S("11.1b");
    f.obs[1].numerator = 149;
    f.obs[1].denominator = 1807;
    one_warning(&f, 2, NAN, NTM_LANG_VI, "denominators-differ", 3, "1.784");
    /* Different years are not compared. */
    f.obs[1].t = END(2023);
    ntm_diag_list d;
    validate(&f, 2, NAN, NTM_LANG_VI, &d);
    assert_int_equal(d.n, 0);
    ntm_diag_list_release(&d);
    /* Nor different populations (15.1 counts people). */
    f.obs[1].t = END(2022);
    f.obs[1].indicator = S("15.1");
    validate(&f, 2, NAN, NTM_LANG_VI, &d);
    assert_int_equal(d.n, 0);
    ntm_diag_list_release(&d);
}

/* code-unknown: an indicator not in the set, and a criterion not in the set. */
static void validate_code_unknown(void **state)
{
    (void)state;
    vfix f;
    vfix_init(&f);
    f.obs[0].indicator = S("11.9");
    one_warning(&f, 1, NAN, NTM_LANG_VI, "code-unknown", 2, "11.9");
    f.obs[0].indicator = NULL;
    f.obs[0].criterion = S("99");
    f.obs[0].status = NTM_ASSESS_MET;
    one_warning(&f, 1, NAN, NTM_LANG_EN, "code-unknown", 2, "criterion '99'");
}

/* future-date: data dated after today (31/12/2022 seen on 1/7/2022); NaN skips. */
static void validate_future_date(void **state)
{
    (void)state;
    vfix f;
    vfix_init(&f);
    f.obs[0].value = 3.98;
    one_warning(&f, 1, 2022.5, NTM_LANG_VI, "future-date", 2, "2022-12-31");
    ntm_diag_list d;
    validate(&f, 1, NAN, NTM_LANG_VI, &d);
    assert_int_equal(d.n, 0);
    ntm_diag_list_release(&d);
}

/* Reader messages follow the process's message language (core/i18n.h _()): the tests
 * that check English texts run with English selected, then Vietnamese again. */
static int english(void **state)
{
    (void)state;
    ntm_cli_i18n_language(NTM_LANG_EN);
    return 0;
}

static int vietnamese(void **state)
{
    (void)state;
    ntm_cli_i18n_language(NTM_LANG_VI);
    return 0;
}

#define ENGLISH_TEST(f) cmocka_unit_test_setup_teardown(f, english, vietnamese)

int main(void)
{
    /* Vietnamese texts come from the gettext catalog, as in the CLI. */
    ntm_cli_i18n_setup(ntm_cli_localedir());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(units_english),
        cmocka_unit_test(units_vietnamese),
        cmocka_unit_test(observations_vietnamese),
        cmocka_unit_test(observations_english),
        cmocka_unit_test(forced_style),
        ENGLISH_TEST(forced_kind),
        ENGLISH_TEST(bad_number_line7),
        ENGLISH_TEST(bad_date),
        ENGLISH_TEST(bad_status),
        ENGLISH_TEST(missing_unit),
        ENGLISH_TEST(extra_fields),
        ENGLISH_TEST(mixed_number_styles),
        ENGLISH_TEST(missing_date_column),
        ENGLISH_TEST(empty_file),
        ENGLISH_TEST(unknown_header),
        ENGLISH_TEST(unknown_column),
        ENGLISH_TEST(unknown_column_vietnamese),
        ENGLISH_TEST(duplicate_column),
        ENGLISH_TEST(trailing_empty_header),
        ENGLISH_TEST(unnamed_column),
        ENGLISH_TEST(repeat_conflict),
        ENGLISH_TEST(repeat_identical),
        ENGLISH_TEST(fractional_counts),
        ENGLISH_TEST(units_similar_names),
        cmocka_unit_test(errors_in_vietnamese),
        cmocka_unit_test(failed_read_owns_nothing),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(assessment_words),
        cmocka_unit_test(validate_clean),
        cmocka_unit_test(validate_out_of_range),
        cmocka_unit_test(validate_numerator_gt_denominator),
        cmocka_unit_test(validate_value_disagrees),
        cmocka_unit_test(validate_denominators_differ),
        cmocka_unit_test(validate_code_unknown),
        cmocka_unit_test(validate_future_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
