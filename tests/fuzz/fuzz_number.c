/* fuzz_number.c: the number and money parsers in every style. Invariants: an accepted
 * number is finite, accepted money is >= 0 (and finite), a refusal gives a reason. */
#include <math.h>

#include "fuzz_common.h"
#include "io/number.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

int FUZZ_ENTRY(const uint8_t *data, size_t size);
int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    char s[512];
    size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
    memcpy(s, data, n);
    s[n] = '\0';
    static const ntm_numstyle styles[] = {NTM_NUM_AUTO, NTM_NUM_VI, NTM_NUM_EN};
    for (size_t k = 0; k < 3; k++) {
        ntm_number v;
        const char *why = NULL;
        if (ntm_number_parse(s, styles[k], &v, &why) == NTM_OK)
            FUZZ_CHECK(isfinite(v.value));
        else
            FUZZ_CHECK(why && *why);
        double dong;
        why = NULL;
        if (ntm_money_parse(s, styles[k], &dong, &why) == NTM_OK)
            FUZZ_CHECK(isfinite(dong) && dong >= 0);
        else
            FUZZ_CHECK(why && *why);
        (void)ntm_number_vote(s);
    }
    return 0;
}
