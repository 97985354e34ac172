/* error.h: status codes and the error record every module fills in.
 * The core never prints or exits: it returns an ntm_status and leaves the message
 * in the ntm_error the caller passed (NULL is allowed: the message is dropped). */
#ifndef NTM_ERROR_H
#define NTM_ERROR_H

#include <stddef.h>

typedef enum ntm_status {
    NTM_OK = 0,
    NTM_EINPUT,    /* the user's input is wrong: file, line and field in the message */
    NTM_EUSAGE,    /* a command was called wrongly (exit code 2) */
    NTM_ENOTFOUND, /* a named thing (unit, indicator, file, run) does not exist */
    NTM_EIO,       /* a file could not be read or written */
    NTM_EDB,       /* SQLite failed */
    NTM_ENUMERIC,  /* a numeric routine failed (no convergence, singular system) */
    NTM_ENOMEM,    /* out of memory */
    NTM_ERENDER    /* drawing failed */
} ntm_status;

typedef struct ntm_error {
    ntm_status status;
    char msg[1024];
} ntm_error;

/* Records STATUS and a printf-style message in ERR (if not NULL); returns STATUS
 * so callers can write `return ntm_error_set(err, NTM_EINPUT, "...")`. */
ntm_status ntm_error_set(ntm_error *err, ntm_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in ERR with a printf-style context ("file.csv: ").
 * Returns err->status. */
ntm_status ntm_error_prefix(ntm_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears ERR to NTM_OK with an empty message. */
void ntm_error_clear(ntm_error *err);

/* A short English name for STATUS ("bad input", "not found" ...). */
const char *ntm_status_name(ntm_status status);

/* The system error E (an errno value) in the process's message language, the same on
 * every machine (use instead of strerror). */
const char *ntm_strerror(int e);

#endif
