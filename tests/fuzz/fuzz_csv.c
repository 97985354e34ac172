/* fuzz_csv.c: the CSV reader and the records built from it (units or observations).
 * Invariants: a file read without error holds finite numbers or none (NaN); a refusal
 * has a reason (an error diagnostic or a message). */
#include <math.h>

#include "fuzz_common.h"
#include "io/records.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

int FUZZ_ENTRY(const uint8_t *data, size_t size);
int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".csv");
    if (!path)
        return 0;
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_records r;
    ntm_error err = {0};
    ntm_status rc = ntm_records_read(path, NTM_RECORDS_AUTO, NTM_NUM_AUTO, &r, &d, &err);
    fuzz_check_diags(&d);
    if (rc == NTM_OK) {
        FUZZ_CHECK(d.n_errors == 0);
        for (size_t i = 0; i < r.n_obs; i++) {
            const ntm_observation *o = &r.obs[i];
            FUZZ_CHECK(o->unit && o->criterion && o->date);
            FUZZ_CHECK(!isinf(o->value) && !isinf(o->numerator) && !isinf(o->denominator));
        }
        for (size_t i = 0; i < r.n_units; i++)
            FUZZ_CHECK(r.units[i].name && r.units[i].level);
        ntm_records_release(&r);
    } else {
        FUZZ_CHECK(d.n_errors > 0 || err.msg[0]);
    }
    ntm_diag_list_release(&d);
    return 0;
}
