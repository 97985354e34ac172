/* error.c: the error record (see error.h). */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

ntm_status ntm_error_set(ntm_error *err, ntm_status status, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

ntm_status ntm_error_prefix(ntm_error *err, const char *fmt, ...)
{
    if (!err)
        return NTM_OK;
    char prefix[512], old[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    snprintf(err->msg, sizeof err->msg, "%s%s", prefix, old);
    return err->status;
}

void ntm_error_clear(ntm_error *err)
{
    if (!err)
        return;
    err->status = NTM_OK;
    err->msg[0] = '\0';
}

const char *ntm_status_name(ntm_status status)
{
    switch (status) {
    case NTM_OK: return "ok";
    case NTM_EINPUT: return "bad input";
    case NTM_EUSAGE: return "usage";
    case NTM_ENOTFOUND: return "not found";
    case NTM_EIO: return "i/o error";
    case NTM_EDB: return "database error";
    case NTM_ENUMERIC: return "numeric failure";
    case NTM_ENOMEM: return "out of memory";
    case NTM_ERENDER: return "drawing failed";
    }
    return "unknown";
}
