/* diag.h: a list of diagnostics (warnings and errors) about user input, each with
 * the place it refers to (file, line, column, field). Parsers append to it; the CLI
 * prints it. Used where one bad row must not hide the next (validation, catalog check). */
#ifndef NTM_DIAG_H
#define NTM_DIAG_H

#include <stddef.h>

typedef enum ntm_severity { NTM_WARNING, NTM_ERROR } ntm_severity;

typedef struct ntm_diag {
    ntm_severity severity;
    char *file;  /* may be NULL */
    long line;   /* 1-based; 0 = whole file */
    long column; /* 1-based field number in a CSV row, 0 = none */
    char *field; /* column or key name, may be NULL */
    char *code;  /* short stable tag for tests and filters ("denominator-mismatch") */
    char *msg;   /* the message, in English (the CLI translates by code) */
} ntm_diag;

typedef struct ntm_diag_list {
    ntm_diag *items;
    size_t n, cap;
    size_t n_errors;
} ntm_diag_list;

void ntm_diag_list_init(ntm_diag_list *list);
void ntm_diag_list_release(ntm_diag_list *list);

/* Appends a diagnostic; strings are copied. Returns 0, or -1 when out of memory. */
int ntm_diag_add(ntm_diag_list *list, ntm_severity severity, const char *file, long line,
                 long column, const char *field, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Formats D as "file:line:col: warning: field 'x': message" into BUF, the words in the
 * message language (core/i18n.h: "lỗi", "cảnh báo", "trường"). */
void ntm_diag_format(const ntm_diag *d, char *buf, size_t size);

#endif
