/* ini_scan.h: the INI reading shared by the criteria catalog reader (io/catalog_ini.c) and
 * the budget scenario reader (io/scenario_ini.c), on top of Debian's inih 55.
 *
 * inih 55 has limits that a reader of hand-written Vietnamese files must work around:
 *  - its handler gets no line numbers: the file is first scanned line by line exactly as
 *    inih splits it, which gives every section, key and continuation line its line;
 *  - its settings are process-wide variables (a 200-byte line limit by default, comment
 *    prefixes, multi-line values ...): ntm_ini_doc_load saves them, sets its own and
 *    restores them, in one place;
 *  - it cuts section names, and the key name it repeats for continuation lines, at
 *    NTM_INI_MAX_NAME - 1 bytes without a word;
 *  - an indented line is more text for the previous key's value.
 * A load reads the file, reports bad UTF-8, text not in NFC, bad syntax, lines too long,
 * keys outside sections and duplicate keys with their line (core/diag.h), runs inih, and
 * leaves the records (section, key, value, line), continuation lines joined, values in NFC.
 * What sections and keys mean stays with each reader: it says what differs through
 * ntm_ini_rules (its hooks judge section headers, indented lines and duplicate keys).
 *
 * Not thread-safe: inih's settings are global variables of libinih, so two loads running
 * at once in two threads (or any other user of inih in the process at the same time)
 * would overwrite each other's settings. The CLI reads its INI files from one thread. */
#ifndef NTM_INI_SCAN_H
#define NTM_INI_SCAN_H

#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"

/* Longest line inih may read, counting its "\r\n\0" (inih's default, 200 bytes, is too
 * short for Vietnamese: a name of 60 characters can take 200 bytes). */
#define NTM_INI_MAX_LINE 16384
/* inih keeps section names and the previous key name in buffers of this many bytes
 * (MAX_SECTION, MAX_NAME in ini.c). */
#define NTM_INI_MAX_NAME 50

/* One key's value, continuation lines joined with one space. */
typedef struct ntm_ini_rec {
    char *section; /* as inih reports it: the raw text between the brackets */
    char *key;     /* in NFC with ntm_ini_rules.nfc_keys, else as written */
    char *value;   /* in NFC (unless the line was not valid UTF-8) */
    long line;     /* of the key; 0 when inih reported a key the scan did not see */
    int skip;      /* in a skipped section or a duplicate key (kept with keep_skipped) */
} ntm_ini_rec;

/* A section whose keys are read (its header hook accepted it). */
typedef struct ntm_ini_section {
    char *raw; /* as inih reports it */
    long line;
} ntm_ini_section;

struct ntm_ini_line; /* private to ini_scan.c: one key or continuation line of the scan */

/* A file's records. Initialise with ntm_ini_doc_init, fill with ntm_ini_doc_load, free
 * with ntm_ini_doc_release. The readers may read every field and set oom. */
typedef struct ntm_ini_doc {
    const char *path;     /* named in every diagnostic; not owned */
    ntm_diag_list *diags; /* where problems go; not owned */
    int oom;              /* memory ran out (in the load or in the reader's own work) */
    int long_line;        /* a line was too long: inih's line count is off after it */
    ntm_ini_section *sec; /* accepted sections, in file order */
    size_t n_sec, cap_sec;
    ntm_ini_rec *rec; /* records, in file order */
    size_t n_rec, cap_rec;
    struct ntm_ini_line *lines; /* the scan's map of (section, key) to line */
    size_t n_lines, cap_lines, cursor;
    struct ntm_ini_index *index; /* private to ini_scan.c: sections and keys by hash */
} ntm_ini_doc;

/* What differs between the readers. The hooks report through ntm_ini_diag; USER is the
 * pointer given to ntm_ini_doc_load. */
typedef struct ntm_ini_rules {
    /* The message for a file over max_bytes, a printf format taking max_bytes (%ld): an
     * N_() msgid, translated when reported ("file larger than %ld bytes: not a catalog"). */
    const char *too_large;
    long max_bytes;            /* larger files are refused (code io) */
    const char *first_section; /* in "key outside any section (start with FIRST_SECTION)" */
    int utf8_byte;             /* bad UTF-8 names its byte in the line (else only the line) */
    int warn_not_nfc;          /* warn (not-nfc) about lines not in Unicode NFC */
    int nfc_keys;              /* keys are normalised to NFC as well as values */
    /* Records of skipped keys are kept, marked skip, and a continuation line after one
     * joins it; without this they are dropped and such a line joins the last record. */
    int keep_skipped;
    /* inih's refusal of a line it did not accept and the scan did not report is reported
     * even after a too-long line (whose remainder inih reads as further lines). */
    int refusal_after_long_line;
    /* Bytes (with the NUL; 0 or more than NTM_INI_MAX_LINE: NTM_INI_MAX_LINE) kept of a
     * key's name for the lines that continue its value: the continuation hook and the
     * line map see it cut to this. It shows only after keys longer than inih keeps
     * (which of inih's calls a line is matched to): the catalog reader keeps 256. */
    size_t prev_key_size;
    /* The header [TEXT] at LINE (TEXT may be longer than inih keeps): reports what is
     * wrong with it; returns nonzero when its keys are to be skipped. */
    int (*section)(ntm_ini_doc *d, void *user, const char *text, long line);
    /* An indented line TEXT (comment cut, trimmed) at LINE, read as more of KEY's value. */
    void (*continuation)(ntm_ini_doc *d, void *user, const char *key, const char *text, long line);
    /* KEY in [SECTION] at LINE was given before, at line FIRST (its line is skipped). */
    void (*duplicate_key)(ntm_ini_doc *d, void *user, const char *section, const char *key,
                          long line, long first);
} ntm_ini_rules;

/* Sets up an empty doc for PATH whose problems go to DIAGS (both kept, not copied). */
void ntm_ini_doc_init(ntm_ini_doc *d, const char *path, ntm_diag_list *diags);

/* Frees what D holds (the records, sections and scan); D may be loaded or not. */
void ntm_ini_doc_release(ntm_ini_doc *d);

/* Reads D->path whole, scans it by RULES and runs inih on it (see the file comment),
 * calling the hooks of RULES with USER. Not thread-safe (inih's settings are global).
 * Returns NTM_OK when the records are there (D->diags may hold errors about them),
 * NTM_EIO when the file cannot be read or is too large (recorded with code io), or
 * NTM_ENOMEM (D->oom is set unless the working copy could not be made). */
ntm_status ntm_ini_doc_load(ntm_ini_doc *d, const ntm_ini_rules *rules, void *user);

/* Appends a diagnostic about D's file at LINE (0: the whole file) for KEY (may be NULL)
 * with CODE; the message is cut at 1023 bytes. Sets D->oom when memory ran out. */
void ntm_ini_diag(ntm_ini_doc *d, ntm_severity sev, long line, const char *key, const char *code,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Warns (code continuation) that the indented line at LINE is read as more text for KEY,
 * for a continuation hook that finds it reads like a new key. */
void ntm_ini_warn_continuation(ntm_ini_doc *d, long line, const char *key);

/* The accepted section whose raw name is RAW, or NULL (for a header hook: inih merges
 * sections of the same raw name). */
const ntm_ini_section *ntm_ini_find_section(const ntm_ini_doc *d, const char *raw);

/* Splits a section's raw name at its first blank, "intervention Trường học" ->
 * ("intervention", "Trường học"), both trimmed, into KIND and NAME (cut to their sizes). */
void ntm_ini_section_split(const char *raw, char *kind, size_t ksize, char *name, size_t nsize);

/* A copy of S (NULL for NULL) for the caller to free; NULL with D->oom set when memory
 * ran out. */
char *ntm_ini_strdup(ntm_ini_doc *d, const char *s);

/* Grows *ARR, an array of *CAP elements of SIZE bytes, to hold N + 1 (doubling, 16 at
 * first). Returns 0, or -1 with D->oom set (the array is kept). */
int ntm_ini_grow(ntm_ini_doc *d, void **arr, size_t *cap, size_t n, size_t size);

/* Blanks as inih 55 strips them: ' ', '\t', '\r', '\n', '\f', '\v'. */
int ntm_ini_is_blank(char c);

/* Cuts trailing blanks off S in place; returns S. */
char *ntm_ini_rstrip(char *s);

/* The first character of S that is not a blank. */
char *ntm_ini_lskip(char *s);

#endif
