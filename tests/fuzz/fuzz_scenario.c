/* fuzz_scenario.c: the scenario reader, with the shipped defaults. Invariants: a
 * refusal has an error diagnostic; a scenario read has its units and years. */
#include "fuzz_common.h"
#include "io/scenario_ini.h"
#include "model/scenario.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

int FUZZ_ENTRY(const uint8_t *data, size_t size);
int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".ini");
    if (!path)
        return 0;
    const char *defaults = getenv("NTM_FUZZ_DEFAULTS"); /* models/defaults.ini, or none */
    ntm_diag_list d;
    ntm_diag_list_init(&d);
    ntm_scenario sc;
    ntm_status rc = ntm_scenario_read(path, defaults, &sc, &d);
    fuzz_check_diags(&d);
    if (rc == NTM_OK) {
        FUZZ_CHECK(d.n_errors == 0 && sc.n_units > 0);
        FUZZ_CHECK(sc.start_year <= sc.deadline && sc.deadline <= sc.horizon);
        ntm_scenario_release(&sc);
    } else if (rc == NTM_EINPUT) {
        FUZZ_CHECK(d.n_errors > 0);
    }
    ntm_diag_list_release(&d);
    return 0;
}
