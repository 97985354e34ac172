/* fuzz_common.h: what the harnesses share. Each harness defines FUZZ_ENTRY (libFuzzer's
 * LLVMFuzzerTestOneInput by default; replay.c gives each its own name) and reads its input
 * from a file, as ntmplan does. Invariant failures abort, which both libFuzzer and the
 * replay report. */
#ifndef NTM_FUZZ_COMMON_H
#define NTM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"

/* Writes DATA to a private temporary file (the same one each call of a process) and
 * returns its path, or NULL. */
static inline const char *fuzz_file(const uint8_t *data, size_t size, const char *ext)
{
    static char path[128];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/ntm-fuzz-%ld%s", (long)getpid(), ext);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    return fclose(f) == 0 ? path : NULL;
}

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Every diagnostic has a message; every error, a line or a file. */
static inline void fuzz_check_diags(const ntm_diag_list *d)
{
    for (size_t i = 0; i < d->n; i++)
        FUZZ_CHECK(d->items[i].msg && d->items[i].msg[0]);
}

#endif
