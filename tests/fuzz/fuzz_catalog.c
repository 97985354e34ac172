/* fuzz_catalog.c: the criteria-set reader. Invariant: a refusal has an error diagnostic;
 * a set read has an id. */
#include "fuzz_common.h"
#include "io/catalog_ini.h"
#include "model/catalog.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

int FUZZ_ENTRY(const uint8_t *data, size_t size);
int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".ini");
    if (!path)
        return 0;
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_catalog cat;
    ntm_status rc = ntm_catalog_read(path, &cat, &d);
    fuzz_check_diags(&d);
    if (rc == NTM_OK)
        FUZZ_CHECK(d.n_errors == 0 && cat.id);
    else if (rc == NTM_EINPUT)
        FUZZ_CHECK(d.n_errors > 0);
    ntm_catalog_release(&cat); /* whatever the reader returned (catalog_ini.h) */
    ntm_diag_list_release(&d);
    return 0;
}
