/* csv.c: the CSV reader (rules in csv.h). The file is decoded to UTF-8 once at open;
 * ntm_csv_next then walks the decoded text record by record, building each record's
 * fields in a reusable arena. */
#include "io/csv.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "core/i18n.h"
#include "io/text.h"

/* TCVN3 detection thresholds (see csv.h): hits = TCVN3 letter bytes from 0xA1-0xBF
 * standing next to a letter; the file is TCVN3 when hits >= MIN_HITS, with at least
 * MIN_DISTINCT byte values, and hits >= MIN_SHARE_PCT % of all bytes >= 0x80. */
#define TCVN3_MIN_HITS 3
#define TCVN3_MIN_DISTINCT 2
#define TCVN3_MIN_SHARE_PCT 25

/* Read the file in pieces of this size when its size is not known in advance. */
#define READ_CHUNK ((size_t)64 * 1024)

struct ntm_csv {
    char *name;
    const char *encoding;
    char sep;
    char *text; /* decoded UTF-8, NUL-terminated */
    size_t len;
    size_t pos; /* next byte to parse */
    long line;  /* physical line of text[pos] */
    int failed; /* sticky error, kept in saved */
    ntm_error saved;
    /* the current record */
    ntm_csv_row row;
    char **fields;
    size_t *offs; /* field starts in arena while the record is built */
    size_t fields_cap;
    char *arena;
    size_t arena_len, arena_cap;
};

/* ---- errors ------------------------------------------------------------------------ */

static ntm_status fail_at(ntm_error *err, ntm_status st, const char *name, long line,
                          const char *msg)
{
    if (line > 0)
        return ntm_error_set(err, st, "%s:%ld: %s", name, line, msg);
    return ntm_error_set(err, st, "%s: %s", name, msg);
}

/* Line (1-based) of byte OFF in the text P: counts CRLF, LF and lone CR as line ends. */
static long line_of(const unsigned char *p, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++) {
        if (p[i] == '\n')
            line++;
        else if (p[i] == '\r' && !(i + 1 < off && p[i + 1] == '\n'))
            line++;
    }
    return line;
}

/* ---- encoding detection ------------------------------------------------------------ */

static int is_ascii_letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A TCVN3 letter byte that is a symbol in Windows-1258: Ă Â Ê Ô Ơ Ư Đ ă â ê ô ơ ư đ
 * (0xA1-0xAE), à ả ã á ạ (0xB5-0xB9), ằ ẳ ẵ ắ (0xBB-0xBE). Table: TCVN 5712:1993 VN3,
 * the same bytes as glibc's TCVN5712-1 in this range. */
static int is_tcvn3_symbol_letter(unsigned char c)
{
    return (c >= 0xA1 && c <= 0xAE) || (c >= 0xB5 && c <= 0xB9) || (c >= 0xBB && c <= 0xBE);
}

static int looks_tcvn3(const unsigned char *p, size_t n)
{
    size_t high = 0, hits = 0, distinct = 0;
    unsigned char seen[256] = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c < 0x80)
            continue;
        high++;
        if (!is_tcvn3_symbol_letter(c))
            continue;
        int prev = i > 0 && (is_ascii_letter(p[i - 1]) || p[i - 1] >= 0x80);
        int next = i + 1 < n && (is_ascii_letter(p[i + 1]) || p[i + 1] >= 0x80);
        if (!prev && !next)
            continue;
        hits++;
        if (!seen[c]) {
            seen[c] = 1;
            distinct++;
        }
    }
    return hits >= TCVN3_MIN_HITS && distinct >= TCVN3_MIN_DISTINCT &&
           hits * 100 >= TCVN3_MIN_SHARE_PCT * high;
}

/* Scans the N bytes at P as UTF-8: returns how many valid multi-byte sequences they hold
 * and sets *first_bad to the offset of the first byte that is not valid UTF-8 (N if
 * none). */
static size_t scan_utf8(const unsigned char *p, size_t n, size_t *first_bad)
{
    size_t multi = 0;
    *first_bad = n;
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t c;
        size_t rest = n - i;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, rest > 4 ? 4 : (utf8proc_ssize_t)rest, &c);
        if (k > 1) {
            multi++;
            i += (size_t)k;
            continue;
        }
        if (*first_bad == n)
            *first_bad = i;
        i++;
    }
    return multi;
}

/* Column (1-based, in characters) of byte OFF in its line of the UTF-8 text P. */
static long column_of(const unsigned char *p, size_t off)
{
    size_t start = off;
    while (start > 0 && p[start - 1] != '\n' && p[start - 1] != '\r')
        start--;
    long col = 1;
    for (size_t i = start; i < off; i++)
        if ((p[i] & 0xC0) != 0x80) /* count lead bytes, not continuation bytes */
            col++;
    return col;
}

/* Converts N bytes at IN from encoding FROM to a new NUL-terminated UTF-8 buffer. */
static ntm_status convert(const char *name, const char *from, const char *in, size_t n, char **out,
                          size_t *out_len, ntm_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return ntm_error_set(err, NTM_EIO, _("%s: iconv cannot convert from %s: %s"), name, from,
                             ntm_strerror(errno));
    /* At most 3 UTF-8 bytes per input byte for the single-byte code page, 3 per 2
     * bytes for UTF-16; start there and grow on E2BIG anyway. */
    size_t cap = n * 3 + 16;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return ntm_error_set(err, NTM_ENOMEM, _("%s: out of memory"), name);
    }
    char *src = (char *)in; /* iconv's prototype is not const-correct */
    size_t left = n, used = 0;
    ntm_status st = NTM_OK;
    while (left > 0) {
        char *dst = buf + used;
        size_t room = cap - used - 1; /* keep one byte for the NUL */
        size_t r = iconv(cd, &src, &left, &dst, &room);
        used = (size_t)(dst - buf);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                st = ntm_error_set(err, NTM_ENOMEM, _("%s: out of memory"), name);
                break;
            }
            buf = bigger;
            cap *= 2;
            continue;
        }
        /* The line is counted in what was decoded so far. */
        long line = line_of((const unsigned char *)buf, used);
        char msg[256];
        if (errno == EILSEQ && strcmp(from, "WINDOWS-1258") == 0)
            snprintf(msg, sizeof msg,
                     _("byte 0x%02X is neither UTF-8 nor Windows-1258 text; save the file "
                       "as \"CSV UTF-8 (Comma delimited)\""),
                     (unsigned)(unsigned char)*src);
        else if (errno == EILSEQ)
            snprintf(msg, sizeof msg, _("invalid %s data (an unpaired surrogate?)"), from);
        else
            snprintf(msg, sizeof msg, _("the file ends inside a %s character (truncated?)"), from);
        st = fail_at(err, NTM_EINPUT, name, line, msg);
        break;
    }
    /* Flush: glibc's Windows-1258 decoder holds back the last letter to compose it
     * with a following tone mark, and emits it only here. */
    while (st == NTM_OK) {
        char *dst = buf + used;
        size_t room = cap - used - 1;
        size_t r = iconv(cd, NULL, NULL, &dst, &room);
        used = (size_t)(dst - buf);
        if (r != (size_t)-1)
            break;
        if (errno != E2BIG) {
            st = fail_at(err, NTM_EINPUT, name, 0, _("cannot finish decoding the file"));
            break;
        }
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            st = ntm_error_set(err, NTM_ENOMEM, _("%s: out of memory"), name);
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    iconv_close(cd);
    if (st != NTM_OK) {
        free(buf);
        return st;
    }
    buf[used] = '\0';
    *out = buf;
    *out_len = used;
    return NTM_OK;
}

static ntm_status copy_text(const char *name, const char *in, size_t n, char **out, size_t *out_len,
                            ntm_error *err)
{
    char *buf = malloc(n + 1);
    if (!buf)
        return ntm_error_set(err, NTM_ENOMEM, _("%s: out of memory"), name);
    if (n > 0)
        memcpy(buf, in, n);
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return NTM_OK;
}

static int starts_with(const unsigned char *p, size_t n, const char *magic, size_t m)
{
    return n >= m && memcmp(p, magic, m) == 0;
}

/* Detects the encoding of the raw bytes and decodes them into csv->text. */
static ntm_status decode(ntm_csv *csv, const char *data, size_t len, ntm_error *err)
{
    const unsigned char *p = (const unsigned char *)data;
    const char *name = csv->name;
    if (len > NTM_CSV_MAX_BYTES) {
        char msg[256];
        snprintf(msg, sizeof msg, _("file too large (%zu bytes; the limit is %zu MiB)"), len,
                 NTM_CSV_MAX_BYTES / (1024 * 1024));
        return fail_at(err, NTM_EINPUT, name, 0, msg);
    }
    if (starts_with(p, len, "PK\x03\x04", 4) ||
        starts_with(p, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return fail_at(err, NTM_EINPUT, name, 0,
                       _("this is an Excel workbook, not a CSV file: save it as \"CSV "
                         "UTF-8 (Comma delimited)\""));
    if (starts_with(p, len, "\xFF\xFE\x00\x00", 4) || starts_with(p, len, "\x00\x00\xFE\xFF", 4))
        return fail_at(err, NTM_EINPUT, name, 0,
                       _("UTF-32 is not supported: save the file as \"CSV UTF-8 (Comma "
                         "delimited)\""));

    ntm_status st;
    if (starts_with(p, len, "\xFF\xFE", 2)) {
        csv->encoding = "UTF-16LE";
        st = convert(name, "UTF-16LE", data + 2, len - 2, &csv->text, &csv->len, err);
    } else if (starts_with(p, len, "\xFE\xFF", 2)) {
        csv->encoding = "UTF-16BE";
        st = convert(name, "UTF-16BE", data + 2, len - 2, &csv->text, &csv->len, err);
    } else if (starts_with(p, len, "\xEF\xBB\xBF", 3)) {
        csv->encoding = "UTF-8 (BOM)";
        st = copy_text(name, data + 3, len - 3, &csv->text, &csv->len, err);
    } else {
        const void *nul = memchr(data, '\0', len);
        if (nul)
            return fail_at(err, NTM_EINPUT, name, line_of(p, (size_t)((const char *)nul - data)),
                           _("NUL byte: this is not a text file (or it is UTF-16 without a "
                             "byte-order mark); save it as \"CSV UTF-8 (Comma delimited)\""));
        size_t bad = len;
        if (ntm_text_valid_utf8(data, len)) {
            csv->encoding = "UTF-8";
            st = copy_text(name, data, len, &csv->text, &csv->len, err);
        } else if (scan_utf8(p, len, &bad) > 0 && bad < len) {
            /* UTF-8 letters elsewhere: the file is UTF-8 with a stray byte (a Windows
             * dash pasted in), and decoding it all as Windows-1258 would garble them. */
            char msg[512];
            snprintf(msg, sizeof msg,
                     _("invalid UTF-8: byte 0x%02X at column %ld is not part of a UTF-8 "
                       "character, though the rest of the file is UTF-8 (a character pasted "
                       "from another program?); retype that character, or save the file "
                       "again as \"CSV UTF-8 (Comma delimited)\""),
                     (unsigned)p[bad], column_of(p, bad));
            return fail_at(err, NTM_EINPUT, name, line_of(p, bad), msg);
        } else if (looks_tcvn3(p, len)) {
            return fail_at(err, NTM_EINPUT, name, 0,
                           _("the file looks like TCVN3 (ABC), which is not supported: open "
                             "it in Excel and save it as \"CSV UTF-8 (Comma delimited)\""));
        } else {
            csv->encoding = "Windows-1258";
            st = convert(name, "WINDOWS-1258", data, len, &csv->text, &csv->len, err);
        }
    }
    if (st != NTM_OK)
        return st;

    /* Checks on the decoded text, whatever it came from. */
    const unsigned char *t = (const unsigned char *)csv->text;
    const void *nul = memchr(csv->text, '\0', csv->len);
    if (nul)
        return fail_at(err, NTM_EINPUT, name, line_of(t, (size_t)((const char *)nul - csv->text)),
                       _("NUL character in the text"));
    if (!ntm_text_valid_utf8(csv->text, csv->len)) {
        size_t i = 0; /* find the first bad byte for the line number */
        while (i < csv->len) {
            utf8proc_int32_t c;
            size_t rest = csv->len - i;
            utf8proc_ssize_t k = utf8proc_iterate(t + i, rest > 4 ? 4 : (utf8proc_ssize_t)rest, &c);
            if (k <= 0)
                break;
            i += (size_t)k;
        }
        return fail_at(err, NTM_EINPUT, name, line_of(t, i),
                       _("invalid UTF-8 (the file starts with a UTF-8 byte-order mark); save "
                         "it again as \"CSV UTF-8 (Comma delimited)\""));
    }
    return NTM_OK;
}

/* ---- separator ---------------------------------------------------------------------- */

static int is_line_end(char c)
{
    return c == '\n' || c == '\r';
}

/* Skips past the line end at text[*pos], counting the line. */
static void eat_line_end(const ntm_csv *csv, size_t *pos, long *line)
{
    if (csv->text[*pos] == '\r' && *pos + 1 < csv->len && csv->text[*pos + 1] == '\n')
        (*pos)++;
    (*pos)++;
    (*line)++;
}

/* Handles a leading "sep=X" line, else counts separators in the first non-blank record. */
static void detect_separator(ntm_csv *csv)
{
    const char *t = csv->text;
    size_t n = csv->len;
    if (n >= 5 && memcmp(t, "sep=", 4) == 0 && (t[4] == ',' || t[4] == ';' || t[4] == '\t') &&
        (n == 5 || is_line_end(t[5]))) {
        csv->sep = t[4];
        csv->pos = 5;
        if (n > 5)
            eat_line_end(csv, &csv->pos, &csv->line);
        return;
    }
    size_t count[3] = {0, 0, 0}; /* tab, ';', ',' */
    int in_quotes = 0, content = 0, comment = 0, line_start = 1;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        /* A line starting with '#' before the first record is a comment (NIST and R
         * write one): its punctuation says nothing about the separator. */
        if (line_start && !content && c == '#')
            comment = 1;
        line_start = is_line_end(c);
        if (comment) {
            if (is_line_end(c))
                comment = 0;
            continue;
        }
        if (c == '"') {
            in_quotes = !in_quotes;
            content = 1;
        } else if (in_quotes) {
            continue;
        } else if (is_line_end(c)) {
            if (content)
                break;
        } else if (c == '\t') {
            count[0]++;
            content = 1;
        } else if (c == ';') {
            count[1]++;
            content = 1;
        } else if (c == ',') {
            count[2]++;
            content = 1;
        } else if (c != ' ') {
            content = 1;
        }
    }
    /* Ties: tab, then ';', then ',' (strict > keeps the earlier one). */
    static const char seps[3] = {'\t', ';', ','};
    size_t best = 0;
    for (size_t k = 1; k < 3; k++)
        if (count[k] > count[best])
            best = k;
    csv->sep = count[best] > 0 ? seps[best] : ',';
}

/* ---- open / free -------------------------------------------------------------------- */

ntm_status ntm_csv_open_mem(ntm_csv **out, const char *name, const char *data, size_t len,
                            ntm_error *err)
{
    *out = NULL;
    if (!name)
        name = "(memory)";
    ntm_csv *csv = calloc(1, sizeof *csv);
    if (!csv)
        return ntm_error_set(err, NTM_ENOMEM, _("%s: out of memory"), name);
    csv->name = strdup(name);
    if (!csv->name) {
        free(csv);
        return ntm_error_set(err, NTM_ENOMEM, _("%s: out of memory"), name);
    }
    csv->line = 1;
    ntm_status st = decode(csv, data ? data : "", data ? len : 0, err);
    if (st != NTM_OK) {
        ntm_csv_free(csv);
        return st;
    }
    detect_separator(csv);
    *out = csv;
    return NTM_OK;
}

/* Reads PATH whole into a new buffer; refuses more than NTM_CSV_MAX_BYTES. */
static ntm_status read_all(const char *path, char **data, size_t *len, ntm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ntm_error_set(err, NTM_EIO, _("%s: cannot open: %s"), path, ntm_strerror(errno));
    struct stat sb;
    size_t cap = READ_CHUNK;
    if (fstat(fileno(f), &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            fclose(f);
            return ntm_error_set(err, NTM_EIO, _("%s: cannot read: is a directory"), path);
        }
        if (S_ISREG(sb.st_mode)) {
            if ((unsigned long long)sb.st_size > NTM_CSV_MAX_BYTES) {
                fclose(f);
                return ntm_error_set(
                    err, NTM_EINPUT, _("%s: file too large (%lld bytes; the limit is %zu MiB)"),
                    path, (long long)sb.st_size, NTM_CSV_MAX_BYTES / (1024 * 1024));
            }
            cap = (size_t)sb.st_size + 1; /* +1 so end of file is seen without growing */
        }
    }
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return ntm_error_set(err, NTM_ENOMEM, _("%s: out of memory"), path);
    }
    size_t used = 0;
    for (;;) {
        if (used == cap) {
            if (cap > NTM_CSV_MAX_BYTES) {
                free(buf);
                fclose(f);
                return ntm_error_set(err, NTM_EINPUT,
                                     _("%s: file too large (the limit is %zu MiB)"), path,
                                     NTM_CSV_MAX_BYTES / (1024 * 1024));
            }
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                fclose(f);
                return ntm_error_set(err, NTM_ENOMEM, _("%s: out of memory"), path);
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + used, 1, cap - used, f);
        used += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        return ntm_error_set(err, NTM_EIO, _("%s: cannot read: %s"), path, ntm_strerror(e));
    }
    fclose(f);
    *data = buf;
    *len = used;
    return NTM_OK;
}

ntm_status ntm_csv_open(ntm_csv **out, const char *path, ntm_error *err)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    ntm_status st = read_all(path, &data, &len, err);
    if (st != NTM_OK)
        return st;
    st = ntm_csv_open_mem(out, path, data, len, err);
    free(data);
    return st;
}

void ntm_csv_free(ntm_csv *csv)
{
    if (!csv)
        return;
    free(csv->name);
    free(csv->text);
    free(csv->fields);
    free(csv->offs);
    free(csv->arena);
    free(csv);
}

const char *ntm_csv_encoding(const ntm_csv *csv)
{
    return csv->encoding;
}

char ntm_csv_separator(const ntm_csv *csv)
{
    return csv->sep;
}

const char *ntm_csv_name(const ntm_csv *csv)
{
    return csv->name;
}

/* ---- records ------------------------------------------------------------------------- */

static int arena_reserve(ntm_csv *csv, size_t extra)
{
    if (csv->arena_cap - csv->arena_len > extra)
        return 0;
    size_t cap = csv->arena_cap ? csv->arena_cap : 256;
    while (cap - csv->arena_len <= extra)
        cap *= 2;
    char *bigger = realloc(csv->arena, cap);
    if (!bigger)
        return -1;
    csv->arena = bigger;
    csv->arena_cap = cap;
    return 0;
}

static int arena_put(ntm_csv *csv, const char *s, size_t n)
{
    if (arena_reserve(csv, n) != 0)
        return -1;
    memcpy(csv->arena + csv->arena_len, s, n);
    csv->arena_len += n;
    return 0;
}

static int field_begin(ntm_csv *csv)
{
    if (csv->row.n == csv->fields_cap) {
        size_t cap = csv->fields_cap ? csv->fields_cap * 2 : 16;
        size_t *offs = realloc(csv->offs, cap * sizeof *offs);
        if (!offs)
            return -1;
        csv->offs = offs;
        char **fields = realloc(csv->fields, cap * sizeof *fields);
        if (!fields)
            return -1;
        csv->fields = fields;
        csv->fields_cap = cap;
    }
    csv->offs[csv->row.n++] = csv->arena_len;
    return arena_reserve(csv, 1); /* room for the NUL, and the arena exists */
}

static int is_trim_ascii(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Trims the field being built, NFC-normalises it and terminates it with NUL.
 * Returns 0, -1 out of memory, -2 invalid UTF-8 (cannot happen after decode). */
static int field_end(ntm_csv *csv)
{
    size_t start = csv->offs[csv->row.n - 1];
    unsigned char *f = (unsigned char *)csv->arena + start;
    size_t n = csv->arena_len - start, a = 0;
    for (;;) { /* ASCII white space and U+00A0 (C2 A0) at both ends */
        if (a < n && is_trim_ascii(f[a]))
            a++;
        else if (a + 1 < n && f[a] == 0xC2 && f[a + 1] == 0xA0)
            a += 2;
        else
            break;
    }
    for (;;) {
        if (n > a && is_trim_ascii(f[n - 1]))
            n--;
        else if (n >= a + 2 && f[n - 2] == 0xC2 && f[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    n -= a;
    memmove(f, f + a, n);
    csv->arena_len = start + n;
    int ascii = 1;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = f[i] < 0x80;
    if (!ascii) { /* ASCII is already NFC; only the rest goes through utf8proc */
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t m =
            utf8proc_map(f, (utf8proc_ssize_t)n, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m < 0)
            return m == UTF8PROC_ERROR_NOMEM ? -1 : -2;
        csv->arena_len = start;
        int rc = arena_put(csv, (const char *)nfc, (size_t)m);
        free(nfc);
        if (rc != 0)
            return -1;
    }
    return arena_put(csv, "", 1);
}

static int fail_row(ntm_csv *csv, ntm_error *err, ntm_status st, long line, const char *msg)
{
    csv->failed = 1;
    fail_at(&csv->saved, st, csv->name, line, msg);
    if (err)
        *err = csv->saved;
    return -1;
}

static int is_blank_in_field(const ntm_csv *csv, char c)
{
    return c == ' ' || (c == '\t' && csv->sep != '\t');
}

/* Parses one record at csv->pos into csv->row. Returns 0 or -1 (error recorded). */
static int parse_record(ntm_csv *csv, ntm_error *err)
{
    const char *t = csv->text;
    size_t len = csv->len;
    csv->row.n = 0;
    csv->arena_len = 0;
    csv->row.line = csv->line;
    for (;;) { /* one field per turn */
        if (field_begin(csv) != 0)
            return fail_row(csv, err, NTM_ENOMEM, 0, _("out of memory"));
        size_t p = csv->pos;
        while (p < len && is_blank_in_field(csv, t[p]))
            p++;
        if (p < len && t[p] == '"') {
            long open_line = csv->line;
            p++;
            for (;;) {
                if (p >= len) {
                    char msg[256];
                    snprintf(msg, sizeof msg,
                             _("unterminated quote: field %zu opens a quote on this line "
                               "that is never closed"),
                             csv->row.n);
                    return fail_row(csv, err, NTM_EINPUT, open_line, msg);
                }
                char c = t[p];
                if (c == '"') {
                    if (p + 1 < len && t[p + 1] == '"') {
                        if (arena_put(csv, "\"", 1) != 0)
                            return fail_row(csv, err, NTM_ENOMEM, 0, _("out of memory"));
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (is_line_end(c)) { /* a line end inside quotes is kept as "\n" */
                    if (arena_put(csv, "\n", 1) != 0)
                        return fail_row(csv, err, NTM_ENOMEM, 0, _("out of memory"));
                    eat_line_end(csv, &p, &csv->line);
                    continue;
                }
                size_t q = p; /* copy a run of ordinary bytes at once */
                while (q < len && t[q] != '"' && !is_line_end(t[q]))
                    q++;
                if (arena_put(csv, t + p, q - p) != 0)
                    return fail_row(csv, err, NTM_ENOMEM, 0, _("out of memory"));
                p = q;
            }
            while (p < len && is_blank_in_field(csv, t[p]))
                p++;
            if (p < len && t[p] != csv->sep && !is_line_end(t[p])) {
                char msg[256];
                snprintf(msg, sizeof msg, _("field %zu: text after the closing quote"), csv->row.n);
                return fail_row(csv, err, NTM_EINPUT, csv->line, msg);
            }
        } else {
            size_t q = csv->pos;
            while (q < len && t[q] != csv->sep && !is_line_end(t[q]))
                q++;
            if (arena_put(csv, t + csv->pos, q - csv->pos) != 0)
                return fail_row(csv, err, NTM_ENOMEM, 0, _("out of memory"));
            p = q;
        }
        int rc = field_end(csv);
        if (rc == -1)
            return fail_row(csv, err, NTM_ENOMEM, 0, _("out of memory"));
        if (rc != 0)
            return fail_row(csv, err, NTM_EINPUT, csv->line, _("invalid UTF-8 in a field"));
        if (p < len && t[p] == csv->sep) {
            csv->pos = p + 1;
            continue;
        }
        if (p < len) /* a line end */
            eat_line_end(csv, &p, &csv->line);
        csv->pos = p;
        break;
    }
    /* The arena no longer moves: turn offsets into pointers. */
    for (size_t i = 0; i < csv->row.n; i++)
        csv->fields[i] = csv->arena + csv->offs[i];
    csv->row.field = csv->fields;
    return 0;
}

int ntm_csv_next(ntm_csv *csv, const ntm_csv_row **row, ntm_error *err)
{
    *row = NULL;
    if (csv->failed) {
        if (err)
            *err = csv->saved;
        return -1;
    }
    while (csv->pos < csv->len) {
        if (parse_record(csv, err) != 0)
            return -1;
        int empty = 1;
        for (size_t i = 0; i < csv->row.n && empty; i++)
            empty = csv->fields[i][0] == '\0';
        if (!empty) {
            *row = &csv->row;
            return 1;
        }
    }
    return 0;
}

int ntm_csv_find_column(const ntm_csv_row *header, const char *const *keys)
{
    if (!header || !keys)
        return -1;
    size_t n = header->n < (size_t)INT_MAX ? header->n : (size_t)INT_MAX;
    char **hkey = calloc(n ? n : 1, sizeof *hkey);
    if (!hkey)
        return -1;
    for (size_t i = 0; i < n; i++)
        hkey[i] = ntm_text_key(header->field[i]); /* NULL (invalid) matches nothing */
    int found = -1;
    for (size_t k = 0; keys[k] && found < 0; k++) {
        char *want = ntm_text_key(keys[k]);
        if (!want)
            continue;
        for (size_t i = 0; i < n && found < 0; i++)
            if (hkey[i] && strcmp(hkey[i], want) == 0)
                found = (int)i;
        free(want);
    }
    for (size_t i = 0; i < n; i++)
        free(hkey[i]);
    free(hkey);
    return found;
}

ntm_status ntm_csv_read_table(const char *path, ntm_csv_record_fn header, ntm_csv_record_fn row,
                              void *ctx, ntm_error *err)
{
    ntm_csv *csv;
    ntm_status rc = ntm_csv_open(&csv, path, err);
    if (rc != NTM_OK)
        return rc;
    const ntm_csv_row *r;
    int k = ntm_csv_next(csv, &r, err);
    if (k == 0)
        rc = ntm_error_set(err, NTM_EINPUT, _("%s: the file is empty"), path);
    else if (k < 0)
        rc = NTM_EINPUT;
    else
        rc = header(r, ctx, err);
    while (rc == NTM_OK && (k = ntm_csv_next(csv, &r, err)) > 0)
        rc = row(r, ctx, err);
    if (rc == NTM_OK && k < 0)
        rc = NTM_EINPUT;
    ntm_csv_free(csv);
    return rc;
}

int ntm_csv_header_is(const char *path, int (*is)(const ntm_csv_row *header))
{
    ntm_csv *csv;
    ntm_error err = {0};
    if (ntm_csv_open(&csv, path, &err) != NTM_OK)
        return 0;
    const ntm_csv_row *row;
    int yes = ntm_csv_next(csv, &row, &err) > 0 && is(row);
    ntm_csv_free(csv);
    return yes;
}
