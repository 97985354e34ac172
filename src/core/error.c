/* error.c: the error record (see error.h). */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <locale.h>
#include <string.h>

#include "core/i18n.h"

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

const char *ntm_strerror(int e)
{
    /* Ours, not glibc's catalog: its Vietnamese exists only where libc-l10n is installed,
     * so the same failure would read differently from machine to machine. */
    switch (e) {
    case ENOENT: return _("No such file or directory");
    case EACCES: return _("Permission denied");
    case EPERM: return _("Operation not permitted");
    case EISDIR: return _("Is a directory");
    case ENOTDIR: return _("Not a directory");
    case ENOSPC: return _("No space left on device");
    case EDQUOT: return _("Disk quota exceeded");
    case EROFS: return _("Read-only file system");
    case EFBIG: return _("File too large");
    case EEXIST: return _("File exists");
    case ENOMEM: return _("Cannot allocate memory");
    case EIO: return _("Input/output error");
    case ENAMETOOLONG: return _("File name too long");
    case ELOOP: return _("Too many levels of symbolic links");
    case EMFILE: return _("Too many open files");
    case EBUSY: return _("Device or resource busy");
    }
    static _Thread_local char buf[160]; /* the rest in English, whatever the locale */
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!c)
        return _("unknown system error");
    snprintf(buf, sizeof buf, "%s", strerror_l(e, c));
    freelocale(c);
    return buf;
}
