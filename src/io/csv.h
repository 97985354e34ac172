/* csv.h: reading the CSV files planners save from Excel (DESIGN.md, "Interchange").
 *
 * The whole file is read, its encoding detected and decoded to UTF-8, then records are
 * handed out one at a time. Rules, in the order they are applied:
 *
 * Encoding. A byte-order mark decides: EF BB BF "UTF-8 (BOM)", FF FE "UTF-16LE",
 *   FE FF "UTF-16BE" (Excel "Unicode Text"). Without one, the bytes are "UTF-8" if they
 *   are valid UTF-8; if they are not but hold at least one valid multi-byte UTF-8
 *   sequence, they are UTF-8 with a stray byte (a pasted Windows dash) and refused as
 *   invalid UTF-8 at that byte's line and column; with no multi-byte UTF-8 at all they
 *   are tested for TCVN3 (ABC) and refused if they look like it, else decoded as
 *   "Windows-1258" (Excel "CSV (Comma delimited)" on a Vietnamese Windows). Refused outright: files
 * over NTM_CSV_MAX_BYTES, NUL bytes (a binary or a BOM-less UTF-16 file), Excel workbooks
 * (.xlsx/.xls), UTF-32, bytes invalid in the detected encoding. TCVN3 test. TCVN3 puts common
 * Vietnamese letters at bytes that are symbols in Windows-1258 (0xB8 á, 0xB5 à, 0xAE đ, 0xAA ê,
 * 0xAB ô, 0xAD ư ... are ¸ µ ® ª « SHY). Such bytes next to letters are implausible in
 * Windows-1258, so the file is taken as TCVN3 when at least 3 bytes from 0xA1-0xAE, 0xB5-0xB9,
 * 0xBB-0xBE stand next to a letter, they take at least 2 distinct values, and they make up at least
 * 25% of the bytes >= 0x80. (A TCVN3 file with fewer than 3 such letters is not caught.) Lines.
 * CRLF, LF and a lone CR each end a line; line numbers count all of them. Separator. An optional
 * first line "sep=X" (X one of , ; TAB), as Excel writes it, sets it and is skipped. Otherwise the
 * first non-blank record is scanned outside quotes (lines starting with '#' before it are skipped
 * for this count) and the most frequent of ',' ';' TAB wins; ties go to TAB, then ';', then ',' (a
 * ';' file has decimal commas); a record with none of them means ','. Quoting (RFC 4180). A field
 * whose first non-blank character is '"' is quoted: it may hold separators, line ends (returned as
 * "\n") and doubled quotes ("" -> "); only blanks may follow the closing quote. A quote inside an
 * unquoted field is an ordinary character (as Excel reads it). An unterminated quote is an error
 * naming the line where it opened. Fields. Trimmed of ASCII white space and U+00A0 at both ends,
 * then NFC-normalised. Records whose fields are all empty (blank lines, Excel's ";;;" rows) are
 * skipped.
 *
 * Messages are in English (the TCVN3 refusal also in Vietnamese) and start "NAME:LINE: "
 * where a line is known, "NAME: " otherwise. */
#ifndef NTM_CSV_H
#define NTM_CSV_H

#include <stddef.h>

#include "core/error.h"

/* Largest file accepted: 256 MiB (a commune table is kilobytes; this guards memory). */
#define NTM_CSV_MAX_BYTES ((size_t)256 * 1024 * 1024)

typedef struct ntm_csv ntm_csv; /* opaque reader over a whole decoded file */

typedef struct ntm_csv_row {
    size_t n;     /* number of fields (>= 1) */
    char **field; /* n NFC UTF-8 strings, unquoted, trimmed; owned by the reader */
    long line;    /* physical line (1-based) where the record starts */
} ntm_csv_row;

/* Reads PATH whole, detects encoding and separator, decodes to UTF-8. Returns NTM_OK
 * and a new reader in *out (free with ntm_csv_free); NTM_EIO if the file cannot be
 * read; NTM_EINPUT for a file that is too large, badly encoded, TCVN3 or binary;
 * NTM_ENOMEM. On failure *out is NULL and ERR holds the message. */
ntm_status ntm_csv_open(ntm_csv **out, const char *path, ntm_error *err);

/* Same from the LEN bytes at DATA (copied; DATA need not stay alive). NAME is used in
 * messages and returned by ntm_csv_name. */
ntm_status ntm_csv_open_mem(ntm_csv **out, const char *name, const char *data, size_t len,
                            ntm_error *err);

void ntm_csv_free(ntm_csv *csv); /* NULL is fine */

/* Reads the next non-blank record. Returns 1 and points *row at it (the row and its
 * strings stay valid until the next call or ntm_csv_free); 0 at the end of the file;
 * -1 on error with ERR set (NTM_EINPUT: unterminated quote, text after a closing
 * quote; NTM_ENOMEM). After an error every later call returns -1 with the same error. */
int ntm_csv_next(ntm_csv *csv, const ntm_csv_row **row, ntm_error *err);

/* "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE" or "Windows-1258" (static string). */
const char *ntm_csv_encoding(const ntm_csv *csv);

/* The separator: ',', ';' or '\t'. */
char ntm_csv_separator(const ntm_csv *csv);

/* The path or name given to open (owned by the reader). */
const char *ntm_csv_name(const ntm_csv *csv);

/* Index of the first field of HEADER whose ntm_text_key equals the ntm_text_key of one
 * of the NULL-terminated KEYS, e.g. {"unit", "don vi", "ten don vi", NULL}; keys are
 * tried in order, so an earlier key wins over a later one. -1 if none matches (or out
 * of memory). */
int ntm_csv_find_column(const ntm_csv_row *header, const char *const *keys);

/* A table file read record by record: the first record goes to HEADER, every later one to
 * ROW (each returns NTM_OK, or an error status with ERR set, which stops the reading); an
 * empty file is the error "PATH: the file is empty". CTX is passed back unchanged. */
typedef ntm_status (*ntm_csv_record_fn)(const ntm_csv_row *row, void *ctx, ntm_error *err);
ntm_status ntm_csv_read_table(const char *path, ntm_csv_record_fn header, ntm_csv_record_fn row,
                              void *ctx, ntm_error *err);

/* 1 when the first record of PATH satisfies IS (a header test); 0 otherwise, or when the
 * file cannot be read (its reader then says why). */
int ntm_csv_header_is(const char *path, int (*is)(const ntm_csv_row *header));

#endif
