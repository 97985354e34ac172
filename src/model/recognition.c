/* recognition.c: the recognition state of a unit on a day (recognition.h). */
#include "model/recognition.h"

#include <stdlib.h>
#include <string.h>

void ntm_recognition_release(ntm_recognition *r)
{
    if (!r)
        return;
    free(r->unit);
    free(r->set_id);
    free(r->decision);
    free(r->note);
    free(r->file);
    memset(r, 0, sizeof *r);
}

ntm_recog_status ntm_recognition_state(const ntm_recognition *r, size_t n, const char *unit,
                                       const char *set_id, const char *today, const char *merged_on)
{
    ntm_recog_status st = {NTM_RECOG_NONE, NULL, ""};
    int merged = merged_on && merged_on[0] && (!today || strcmp(merged_on, today) <= 0);
    const ntm_recognition *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const ntm_recognition *x = &r[i];
        if (strcmp(x->unit, unit) != 0 || (set_id && x->set_id && strcmp(x->set_id, set_id)))
            continue;
        if (today && strcmp(x->date, today) > 0) /* not yet */
            continue;
        if (merged && strcmp(x->date, merged_on) < 0) /* before the unit existed as it is */
            continue;
        if (!best || strcmp(x->date, best->date) > 0)
            best = x;
    }
    if (best) {
        int revoked = best->revoked[0] && (!today || strcmp(best->revoked, today) <= 0);
        st.state = revoked ? NTM_RECOG_REVOKED : NTM_RECOG_YES;
        st.record = best;
    } else if (merged) {
        st.state = NTM_RECOG_MERGED;
        memcpy(st.merged_on, merged_on, sizeof st.merged_on);
    }
    return st;
}
