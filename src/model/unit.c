/* unit.c: unit and observation lifetime (see unit.h). */
#include "model/unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ntm_unit_release(ntm_unit *u)
{
    if (!u)
        return;
    free(u->name);
    free(u->level);
    free(u->parent);
    free(u->class_key);
    free(u->flags);
    free(u->set_id);
    free(u->note);
    memset(u, 0, sizeof *u);
}

void ntm_observation_release(ntm_observation *o)
{
    if (!o)
        return;
    free(o->unit);
    free(o->criterion);
    free(o->indicator);
    free(o->date);
    free(o->source);
    free(o->note);
    free(o->file);
    memset(o, 0, sizeof *o);
}

const char *ntm_assess_name(ntm_assess a)
{
    switch (a) {
    case NTM_ASSESS_MET: return "met";
    case NTM_ASSESS_UNMET: return "unmet";
    case NTM_ASSESS_NONE: break;
    }
    return "";
}

double ntm_unit_count(const ntm_unit *u, const char *denom_unit)
{
    if (!denom_unit)
        return NAN;
    if (strcmp(denom_unit, "hộ") == 0)
        return u->households;
    if (strcmp(denom_unit, "người") == 0)
        return u->population;
    return NAN;
}
