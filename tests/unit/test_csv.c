/* test_csv.c: the CSV reader on real files in every encoding Excel writes
 * (tests/data/encodings/, README there says how each was made) and on hand-made
 * byte strings for line ends, separators, quoting and every error path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "io/csv.h"

/* ---- helpers --------------------------------------------------------------------- */

/* tests/data/encodings/NAME, found from this file's own path so any working directory
 * that can see the source tree works. */
static void data_path(char *buf, size_t size, const char *name)
{
    const char *me = __FILE__;
    const char *slash = strrchr(me, '/');
    size_t dir = slash ? (size_t)(slash - me) + 1 : 0;
    snprintf(buf, size, "%.*s../data/encodings/%s", (int)dir, me, name);
}

static ntm_csv *open_mem_ok(const char *data, size_t len)
{
    ntm_csv *csv = NULL;
    ntm_error err = {0};
    ntm_status st = ntm_csv_open_mem(&csv, "t.csv", data, len, &err);
    if (st != NTM_OK)
        fail_msg("open refused: %s", err.msg);
    assert_non_null(csv);
    return csv;
}

/* Opens DATA expecting failure with status ST and a message starting with PREFIX. */
static void open_mem_fails(const char *data, size_t len, ntm_status st, const char *prefix,
                           const char *contains)
{
    ntm_csv *csv = (ntm_csv *)1;
    ntm_error err = {0};
    assert_int_equal(ntm_csv_open_mem(&csv, "t.csv", data, len, &err), st);
    assert_null(csv);
    assert_int_equal(err.status, st);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
        fail_msg("message '%s' does not start with '%s'", err.msg, prefix);
    if (contains && !strstr(err.msg, contains))
        fail_msg("message '%s' lacks '%s'", err.msg, contains);
}

/* Reads the next row and checks its line and fields (NULL-terminated list). */
static void expect_row(ntm_csv *csv, long line, ...)
{
    const ntm_csv_row *row = NULL;
    ntm_error err = {0};
    int rc = ntm_csv_next(csv, &row, &err);
    if (rc != 1)
        fail_msg("expected a row at line %ld, got %d: %s", line, rc, err.msg);
    assert_int_equal(row->line, line);
    va_list ap;
    va_start(ap, line);
    size_t i = 0;
    for (const char *want; (want = va_arg(ap, const char *)) != NULL; i++) {
        if (i >= row->n)
            fail_msg("line %ld: only %zu fields", line, row->n);
        if (strcmp(row->field[i], want) != 0)
            fail_msg("line %ld field %zu: got '%s', want '%s'", line, i, row->field[i], want);
    }
    va_end(ap);
    assert_int_equal(row->n, i);
}

static void expect_end(ntm_csv *csv)
{
    const ntm_csv_row *row = (const ntm_csv_row *)1;
    ntm_error err = {0};
    assert_int_equal(ntm_csv_next(csv, &row, &err), 0);
    assert_null(row);
}

/* Reads the next row expecting an error whose message starts with PREFIX. */
static void expect_error(ntm_csv *csv, const char *prefix, const char *contains)
{
    const ntm_csv_row *row = NULL;
    ntm_error err = {0};
    assert_int_equal(ntm_csv_next(csv, &row, &err), -1);
    assert_int_equal(err.status, NTM_EINPUT);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
        fail_msg("message '%s' does not start with '%s'", err.msg, prefix);
    if (contains && !strstr(err.msg, contains))
        fail_msg("message '%s' lacks '%s'", err.msg, contains);
}

#define MEM(s) (s), (sizeof(s) - 1)

/* ---- the same table in five encodings ----------------------------------------------- */

/* The table as typed (NFC UTF-8); every file in tests/data/encodings/table_* holds it. */
static const char *const TABLE[4][4] = {
    {"don_vi", "chi_tieu", "gia_tri", "ghi_chu"},
    {"Cẩm Thành", "11.1", "12,21", "Tỷ lệ hộ nghèo đa chiều"},
    {"Đông Hưng", "17.2", "1.784", "Nước sạch; ước tính"},
    {"Ấp Mỹ Phước", "10.1", "98,5", "Ưu tiên"},
};

static void check_table_file(const char *file, const char *encoding, char sep)
{
    char path[1024];
    data_path(path, sizeof path, file);
    ntm_csv *csv = NULL;
    ntm_error err = {0};
    if (ntm_csv_open(&csv, path, &err) != NTM_OK)
        fail_msg("%s: %s", file, err.msg);
    assert_string_equal(ntm_csv_encoding(csv), encoding);
    assert_int_equal(ntm_csv_separator(csv), sep);
    assert_string_equal(ntm_csv_name(csv), path);
    for (long r = 0; r < 4; r++)
        expect_row(csv, r + 1, TABLE[r][0], TABLE[r][1], TABLE[r][2], TABLE[r][3], NULL);
    expect_end(csv);
    expect_end(csv); /* the end stays the end */
    ntm_csv_free(csv);
}

/* UTF-8, UTF-8 with BOM (CRLF), UTF-16LE/BE "Unicode Text" (tab, CRLF) and Windows-1258
 * (iconv decomposes ẩ into â + U+0309, so NFC must put it back) give identical rows,
 * byte for byte the typed NFC text. */
static void same_table_every_encoding(void **state)
{
    (void)state;
    check_table_file("table_utf8.csv", "UTF-8", ';');
    check_table_file("table_utf8_bom.csv", "UTF-8 (BOM)", ';');
    check_table_file("table_utf16le.txt", "UTF-16LE", '\t');
    check_table_file("table_utf16be.txt", "UTF-16BE", '\t');
    check_table_file("table_cp1258.csv", "Windows-1258", ';');
}

/* A TCVN3 file (the same kind of table mapped through the TCVN3 table) is refused with
 * how to re-save it (English here: this test binary runs without the message catalog;
 * the Vietnamese is checked in tcvn3_refused_in_vietnamese). */
static void tcvn3_refused(void **state)
{
    (void)state;
    char path[1024], prefix[1100];
    data_path(path, sizeof path, "table_tcvn3.csv");
    snprintf(prefix, sizeof prefix, "%s: ", path);
    ntm_csv *csv = (ntm_csv *)1;
    ntm_error err = {0};
    assert_int_equal(ntm_csv_open(&csv, path, &err), NTM_EINPUT);
    assert_null(csv);
    assert_true(strncmp(err.msg, prefix, strlen(prefix)) == 0);
    assert_non_null(strstr(err.msg, "looks like TCVN3 (ABC)"));
    assert_non_null(strstr(err.msg, "save it as \"CSV UTF-8 (Comma delimited)\""));

    /* "Tên đơn vị" in TCVN3 is T ª n, ® ¬ n, v Þ: three letters from 0xA1-0xBE
     * (ª=ê, ®=đ, ¬=ơ) next to letters, three distinct, 3 of 4 high bytes: refused. */
    open_mem_fails(MEM("T\xAAn \xAE\xACn v\xDE;x\r\n"), NTM_EINPUT, "t.csv: ", "TCVN3");
}

/* Windows-1258 text with symbols is not mistaken for TCVN3: "µg/l" (µ = 0xB5, à in
 * TCVN3) three times, but one distinct value; and "°C", "©" stand apart from letters. */
static void cp1258_symbols_not_tcvn3(void **state)
{
    (void)state;
    ntm_csv *csv = open_mem_ok(MEM("Asen;0,01 \xB5g/l;\xB5g;\xB5g\n"
                                   "Nhi\xEA\xF2t \xF0\xF4\xF2;30 \xB0"
                                   "C;\xA9 2024\n"));
    assert_string_equal(ntm_csv_encoding(csv), "Windows-1258");
    expect_row(csv, 1, "Asen", "0,01 µg/l", "µg", "µg", NULL);
    expect_row(csv, 2, "Nhiệt độ", "30 °C", "© 2024", NULL);
    expect_end(csv);
    ntm_csv_free(csv);
}

/* UTF-8 text with one stray byte (a Windows-1252/1258 en dash 0x96 pasted in) is refused
 * as invalid UTF-8 at that byte, not decoded as Windows-1258 (which would garble every
 * Vietnamese letter) nor tested for TCVN3. Line 2: "Cẩm Thành;ghi chú đã có " is 24
 * characters, so the byte is at column 25. */
static void utf8_with_stray_byte(void **state)
{
    (void)state;
    open_mem_fails(MEM("Đơn vị;Ghi chú\nCẩm Thành;ghi chú đã có \x96 tạm\n"), NTM_EINPUT,
                   "t.csv:2: ", "invalid UTF-8: byte 0x96 at column 25");
    open_mem_fails(MEM("Đơn vị;Ghi chú\nCẩm Thành;ghi chú đã có \x96 tạm\n"), NTM_EINPUT,
                   "t.csv:2: ", "\"CSV UTF-8 (Comma delimited)\"");
    /* The stray byte before the first UTF-8 letter: line 1, column 2 (after "a"). */
    open_mem_fails(MEM("a\x96"
                       "b;c\r\nCẩm;x\r\n"),
                   NTM_EINPUT, "t.csv:1: ", "byte 0x96 at column 2");
    /* A truncated UTF-8 sequence (the first byte of "ẩ", E1 BA A9, alone) on line 3. */
    open_mem_fails(MEM("x\ny\nC\xE1m;Thành\n"), NTM_EINPUT, "t.csv:3: ", "byte 0xE1 at column 2");
    /* Without any UTF-8 multi-byte sequence the same dash is Windows-1258 text: U+2013. */
    ntm_csv *csv = open_mem_ok(MEM("a;b \x96 c\n"));
    assert_string_equal(ntm_csv_encoding(csv), "Windows-1258");
    expect_row(csv, 1, "a", "b \xE2\x80\x93 c", NULL);
    expect_end(csv);
    ntm_csv_free(csv);
}

/* ---- lines, separators, quoting -------------------------------------------------------- */

static void line_ends(void **state)
{
    (void)state;
    /* CRLF, lone CR, LF, then a last line without an end. */
    ntm_csv *csv = open_mem_ok(MEM("a,b\r\nc,d\re,f\ng,h"));
    expect_row(csv, 1, "a", "b", NULL);
    expect_row(csv, 2, "c", "d", NULL);
    expect_row(csv, 3, "e", "f", NULL);
    expect_row(csv, 4, "g", "h", NULL);
    expect_end(csv);
    ntm_csv_free(csv);

    /* "\r\r\n" is two line ends (a lone CR, then CRLF). */
    csv = open_mem_ok(MEM("a\r\r\nb\n"));
    expect_row(csv, 1, "a", NULL);
    expect_row(csv, 3, "b", NULL);
    expect_end(csv);
    ntm_csv_free(csv);
}

static char sep_of(const char *data)
{
    ntm_csv *csv = open_mem_ok(data, strlen(data));
    char sep = ntm_csv_separator(csv);
    ntm_csv_free(csv);
    return sep;
}

static void separator_rule(void **state)
{
    (void)state;
    assert_int_equal(sep_of("a;b;c\n1,5;2,5;3\n"), ';'); /* only the first record counts */
    assert_int_equal(sep_of("a,b;c,d\n"), ',');          /* most frequent: 2 ',' vs 1 ';' */
    assert_int_equal(sep_of("a\tb\tc\n"), '\t');
    assert_int_equal(sep_of("a,b;c\n"), ';');     /* tie ',' ';' -> ';' */
    assert_int_equal(sep_of("a,b\tc\n"), '\t');   /* tie ',' tab -> tab */
    assert_int_equal(sep_of("a;b\tc\n"), '\t');   /* tie ';' tab -> tab */
    assert_int_equal(sep_of("only\n1;2\n"), ','); /* none in the first record */
    assert_int_equal(sep_of(""), ',');
    assert_int_equal(sep_of("\"a;b;c\",x\n"), ',');    /* inside quotes: not counted */
    assert_int_equal(sep_of("\"x\ny;z;w\",a\n"), ','); /* a quoted line end: same record */
    assert_int_equal(sep_of("\n  \r\na;b\n"), ';');    /* blank lines before it */

    /* Excel's "sep=" line sets it and is not a row. */
    ntm_csv *csv = open_mem_ok(MEM("sep=;\r\na,b;c\r\n"));
    assert_int_equal(ntm_csv_separator(csv), ';');
    expect_row(csv, 2, "a,b", "c", NULL);
    expect_end(csv);
    ntm_csv_free(csv);
    csv = open_mem_ok(MEM("sep=\t"));
    assert_int_equal(ntm_csv_separator(csv), '\t');
    expect_end(csv);
    ntm_csv_free(csv);
    assert_int_equal(sep_of("sep=|\na|b\n"), ','); /* not one of ours: plain data */
}

static void quoting(void **state)
{
    (void)state;
    ntm_csv *csv = open_mem_ok(MEM("\"x, y\",\"he said \"\"hi\"\"\",plain,\"\"\n"
                                   "5\" screen,  \"a,b\"  ,c\n"
                                   "\"multi\r\nline\rfield\",z\n"
                                   "after,it\n"));
    expect_row(csv, 1, "x, y", "he said \"hi\"", "plain", "", NULL);
    expect_row(csv, 2, "5\" screen", "a,b", "c", NULL);  /* blanks around quotes */
    expect_row(csv, 3, "multi\nline\nfield", "z", NULL); /* starts on line 3, spans 3-5 */
    expect_row(csv, 6, "after", "it", NULL);             /* counting went on right */
    expect_end(csv);
    ntm_csv_free(csv);

    /* A quoted field holding the separator of a ';' file, and a tab inside quotes in a
     * tab file. */
    csv = open_mem_ok(MEM("a\tb\n\"x\ty\"\tz\n"));
    expect_row(csv, 1, "a", "b", NULL);
    expect_row(csv, 2, "x\ty", "z", NULL);
    ntm_csv_free(csv);
}

static void unterminated_quote(void **state)
{
    (void)state;
    ntm_csv *csv = open_mem_ok(MEM("a,b\nc,\"open\nmore\nlines\n"));
    expect_row(csv, 1, "a", "b", NULL);
    expect_error(csv, "t.csv:2: ", "unterminated quote: field 2");
    expect_error(csv, "t.csv:2: ", "unterminated quote"); /* sticky */
    const ntm_csv_row *row = NULL;
    assert_int_equal(ntm_csv_next(csv, &row, NULL), -1); /* NULL err is fine */
    ntm_csv_free(csv);

    csv = open_mem_ok(MEM("x,y\n\n\"a\"b,c\n"));
    expect_row(csv, 1, "x", "y", NULL);
    expect_error(csv, "t.csv:3: ", "field 1: text after the closing quote");
    ntm_csv_free(csv);
}

static void blank_and_empty_rows(void **state)
{
    (void)state;
    ntm_csv *csv = open_mem_ok(MEM("\n\n a , b \n\n,,\r\n \t\r\nc,\n,d\n\n"));
    expect_row(csv, 3, "a", "b", NULL);
    expect_row(csv, 7, "c", "", NULL);
    expect_row(csv, 8, "", "d", NULL);
    expect_end(csv);
    ntm_csv_free(csv);

    csv = open_mem_ok(NULL, 0); /* empty input: no rows */
    assert_string_equal(ntm_csv_encoding(csv), "UTF-8");
    assert_string_equal(ntm_csv_name(csv), "t.csv");
    expect_end(csv);
    ntm_csv_free(csv);
}

/* Trimmed of ASCII blanks and U+00A0; NFD input comes back NFC (U+1EA9, U+00E0). */
static void fields_trimmed_nfc(void **state)
{
    (void)state;
    ntm_csv *csv = open_mem_ok(MEM("\xC2\xA0 Ca\xCC\x82\xCC\x89m Tha\xCC\x80nh\xC2\xA0\t;"
                                   "\" \xC2\xA0x\xC2\xA0y \";\xC2\xA0\n"));
    expect_row(csv, 1, "C\xE1\xBA\xA9m Th\xC3\xA0nh", "x\xC2\xA0y", "", NULL);
    expect_end(csv);
    ntm_csv_free(csv);
}

/* ---- refusals --------------------------------------------------------------------------- */

static void bad_bytes(void **state)
{
    (void)state;
    open_mem_fails(MEM("a,b\nc\0d\n"), NTM_EINPUT, "t.csv:2: ", "NUL byte");
    /* UTF-16LE with U+0000 on its second line. */
    open_mem_fails(MEM("\xFF\xFE"
                       "a\0\n\0\0\0"),
                   NTM_EINPUT, "t.csv:2: ", "NUL character");
    /* A UTF-8 BOM, then an invalid byte on line 2. */
    open_mem_fails(MEM("\xEF\xBB\xBF"
                       "a\nb\xFF\n"),
                   NTM_EINPUT, "t.csv:2: ", "invalid UTF-8");
    /* UTF-16LE: "a\n" then an unpaired high surrogate D800 on line 2. */
    open_mem_fails(MEM("\xFF\xFE"
                       "a\0\n\0\x00\xD8"
                       "b\0"),
                   NTM_EINPUT, "t.csv:2: ", "invalid UTF-16LE");
    /* UTF-16BE with an odd number of bytes. */
    open_mem_fails(MEM("\xFE\xFF\0a\0"), NTM_EINPUT, "t.csv:1: ", "ends inside");
    /* 0x81 is undefined in Windows-1258 (and invalid UTF-8). */
    open_mem_fails(MEM("x\r\nC\xE2\xD2m\r\nb\x81\r\n"), NTM_EINPUT,
                   "t.csv:3: ", "byte 0x81 is neither UTF-8 nor Windows-1258");
    open_mem_fails(MEM("PK\x03\x04rest"), NTM_EINPUT, "t.csv: ", "Excel workbook");
    open_mem_fails(MEM("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), NTM_EINPUT,
                   "t.csv: ", "Excel workbook");
    open_mem_fails(MEM("\xFF\xFE\0\0a\0\0\0"), NTM_EINPUT, "t.csv: ", "UTF-32");
}

static void too_large(void **state)
{
    (void)state;
    /* The size is checked before a byte is read, so a short buffer with a large LEN
     * is enough and nothing past it is touched. */
    static const char one[1] = {'a'};
    open_mem_fails(one, NTM_CSV_MAX_BYTES + 1, NTM_EINPUT, "t.csv: ", "file too large");

    /* A sparse file of 256 MiB + 1 byte: refused by its size. */
    char path[] = "/tmp/ntm_csv_bigXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)NTM_CSV_MAX_BYTES + 1), 0);
    close(fd);
    ntm_csv *csv = NULL;
    ntm_error err = {0};
    assert_int_equal(ntm_csv_open(&csv, path, &err), NTM_EINPUT);
    assert_null(csv);
    assert_non_null(strstr(err.msg, "file too large (268435457 bytes"));
    unlink(path);
}

static void unreadable(void **state)
{
    (void)state;
    ntm_csv *csv = NULL;
    ntm_error err = {0};
    assert_int_equal(ntm_csv_open(&csv, "/nonexistent/x.csv", &err), NTM_EIO);
    assert_null(csv);
    assert_string_equal(err.msg, "/nonexistent/x.csv: cannot open: No such file or directory");
    assert_int_equal(ntm_csv_open(&csv, "/tmp", &err), NTM_EIO);
    assert_string_equal(err.msg, "/tmp: cannot read: is a directory");
    ntm_csv_free(NULL);
}

/* ---- header lookup ------------------------------------------------------------------------ */

static void find_column(void **state)
{
    (void)state;
    ntm_csv *csv = open_mem_ok(MEM("STT;  Tên ĐƠN VỊ ;Chỉ tiêu;Đơn vị\n"));
    const ntm_csv_row *h = NULL;
    assert_int_equal(ntm_csv_next(csv, &h, NULL), 1);
    const char *const unit[] = {"unit", "ten don vi", "don vi", NULL};
    const char *const unit2[] = {"don vi", "ten don vi", NULL};
    const char *const ind[] = {"Chỉ Tiêu", NULL}; /* keys are keyed too */
    const char *const none[] = {"gia tri", NULL};
    const char *const empty[] = {NULL};
    assert_int_equal(ntm_csv_find_column(h, unit), 1);  /* "ten don vi" before "don vi" */
    assert_int_equal(ntm_csv_find_column(h, unit2), 3); /* key order decides */
    assert_int_equal(ntm_csv_find_column(h, ind), 2);
    assert_int_equal(ntm_csv_find_column(h, none), -1);
    assert_int_equal(ntm_csv_find_column(h, empty), -1);
    assert_int_equal(ntm_csv_find_column(NULL, unit), -1);
    assert_int_equal(ntm_csv_find_column(h, NULL), -1);
    ntm_csv_free(csv);
}

/* ---- hostile input ------------------------------------------------------------------------ */

/* xorshift64*: a fixed, printed seed so a failure can be replayed. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/* Valid UTF-8 pieces that matter to the parser: quotes, separators, line ends, blanks,
 * U+00A0, precomposed and decomposed letters, Đ. */
static const char *const PIECES[] = {
    "\"",        "\"\"",     ",",        ";",    "\t",      "\r",          "\n",
    "\r\n",      " ",        "a",        "Z",    "0",       "\xC2\xA0",    "\xE1\xBA\xA9",
    "a\xCC\x80", "\xCC\x82", "\xC4\x90", "sep=", "sep=;\n", "\xEF\xBB\xBF"};

/* Random inputs through open and next: any outcome is fine except a crash, a sanitizer
 * report or a broken contract. Even rounds join valid UTF-8 pieces (so most inputs
 * reach the record parser); odd rounds are raw bytes biased towards quotes, separators,
 * line ends, BOM, TCVN3 and UTF-8 lead bytes (so most hit the encoding refusals). */
static void fuzz(void **state)
{
    (void)state;
    static const unsigned char interesting[] = {
        '"',  ',',  ';',  '\t', '\r', '\n', ' ',  'a',  'Z',  '0',  0x00, 0xEF, 0xBB, 0xBF, 0xFF,
        0xFE, 0xC2, 0xA0, 0xCC, 0x80, 0xE1, 0xBA, 0xA9, 0xB8, 0xB5, 0xAE, 0xA7, 0xD2, 0x81};
    const uint64_t seed = 20250701;
    uint64_t s = seed;
    print_message("fuzz seed %llu\n", (unsigned long long)seed);
    unsigned char buf[600];
    size_t opened = 0, rows = 0;
    for (int iter = 0; iter < 30000; iter++) {
        size_t len = 0;
        if (iter % 2 == 0) {
            size_t pieces = (size_t)(rng_next(&s) % 120);
            for (size_t k = 0; k < pieces; k++) {
                const char *piece = PIECES[rng_next(&s) % (sizeof PIECES / sizeof *PIECES)];
                size_t m = strlen(piece);
                if (len + m > sizeof buf)
                    break;
                memcpy(buf + len, piece, m);
                len += m;
            }
        } else {
            len = (size_t)(rng_next(&s) % sizeof buf);
            for (size_t i = 0; i < len; i++) {
                uint64_t r = rng_next(&s);
                buf[i] =
                    (r & 3) ? interesting[(r >> 8) % sizeof interesting] : (unsigned char)(r >> 16);
            }
            if (len >= 2 && (iter % 7) == 0) { /* often start with a UTF-16 BOM */
                buf[0] = (iter % 4 == 1) ? 0xFF : 0xFE;
                buf[1] = (iter % 4 == 1) ? 0xFE : 0xFF;
            }
        }
        ntm_csv *csv = NULL;
        ntm_error err = {0};
        ntm_status st = ntm_csv_open_mem(&csv, "fuzz", (const char *)buf, len, &err);
        if (st != NTM_OK) {
            assert_int_equal(st, NTM_EINPUT);
            assert_null(csv);
            assert_true(strncmp(err.msg, "fuzz:", 5) == 0);
            continue;
        }
        opened++;
        const ntm_csv_row *row;
        int rc;
        long last = 0;
        while ((rc = ntm_csv_next(csv, &row, &err)) == 1) {
            rows++;
            assert_true(row->n >= 1);
            assert_true(row->line > last);
            last = row->line;
            for (size_t i = 0; i < row->n; i++)
                assert_non_null(row->field[i]);
        }
        assert_true(rc == 0 || (rc == -1 && err.status == NTM_EINPUT));
        ntm_csv_free(csv);
    }
    print_message("fuzz: %zu of 30000 inputs opened, %zu rows read\n", opened, rows);
    assert_true(opened > 10000); /* the parser itself was exercised */
}

/* With the Vietnamese catalog bound, as the CLI does, the refusal is in Vietnamese only.
 * Runs last and selects English again: the other tests check English messages. */
static void tcvn3_refused_in_vietnamese(void **state)
{
    (void)state;
    if (ntm_cli_i18n_setup(ntm_cli_localedir()) != 0)
        fail_msg("no Vietnamese catalog in %s (run make)", ntm_cli_localedir());
    char path[1024];
    data_path(path, sizeof path, "table_tcvn3.csv");
    ntm_csv *csv = (ntm_csv *)1;
    ntm_error err = {0};
    assert_int_equal(ntm_csv_open(&csv, path, &err), NTM_EINPUT);
    ntm_cli_i18n_language(NTM_LANG_EN);
    assert_null(csv);
    assert_non_null(strstr(err.msg, "tệp có vẻ dùng bảng mã TCVN3 (ABC)"));
    assert_non_null(strstr(err.msg, "lưu lại dạng \"CSV UTF-8 (Comma delimited)\""));
    assert_null(strstr(err.msg, "save it as"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_table_every_encoding),
        cmocka_unit_test(tcvn3_refused),
        cmocka_unit_test(cp1258_symbols_not_tcvn3),
        cmocka_unit_test(utf8_with_stray_byte),
        cmocka_unit_test(line_ends),
        cmocka_unit_test(separator_rule),
        cmocka_unit_test(quoting),
        cmocka_unit_test(unterminated_quote),
        cmocka_unit_test(blank_and_empty_rows),
        cmocka_unit_test(fields_trimmed_nfc),
        cmocka_unit_test(bad_bytes),
        cmocka_unit_test(too_large),
        cmocka_unit_test(unreadable),
        cmocka_unit_test(find_column),
        cmocka_unit_test(fuzz),
        cmocka_unit_test(tcvn3_refused_in_vietnamese),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
