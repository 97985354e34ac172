/* task.c: lifetimes and names of the follow-up data (see task.h). */
#include "model/task.h"

#include <stdlib.h>
#include <string.h>

void ntm_task_release(ntm_task *t)
{
    if (!t)
        return;
    free(t->unit);
    free(t->criterion);
    free(t->indicator);
    free(t->name);
    free(t->volume_unit);
    free(t->owner);
    free(t->director);
    free(t->resources);
    free(t->difficulties);
    free(t->solutions);
    free(t->source);
    free(t->note);
    free(t->file);
    memset(t, 0, sizeof *t);
}

static const char *const STATE_NAMES[] = {"", "todo", "doing", "done", "paused"};

const char *ntm_task_state_name(ntm_task_state s)
{
    return s >= NTM_TASK_UNSET && s <= NTM_TASK_PAUSED ? STATE_NAMES[s] : "";
}

ntm_task_state ntm_task_state_from_name(const char *s)
{
    for (int i = 1; s && i <= NTM_TASK_PAUSED; i++)
        if (strcmp(s, STATE_NAMES[i]) == 0)
            return (ntm_task_state)i;
    return NTM_TASK_UNSET;
}

static const char *const DOC_NAMES[] = {"form", "plan", "report", "decision", "evidence", "other"};

const char *ntm_doc_kind_name(ntm_doc_kind k)
{
    return k >= NTM_DOC_FORM && k <= NTM_DOC_OTHER ? DOC_NAMES[k] : "other";
}

ntm_doc_kind ntm_doc_kind_from_name(const char *s)
{
    for (int i = 0; s && i < NTM_DOC_OTHER; i++)
        if (strcmp(s, DOC_NAMES[i]) == 0)
            return (ntm_doc_kind)i;
    return NTM_DOC_OTHER;
}

void ntm_dossier_item_release(ntm_dossier_item *d)
{
    if (!d)
        return;
    free(d->unit);
    free(d->criterion);
    free(d->name);
    free(d->keeper);
    free(d->source);
    free(d->note);
    free(d->file);
    memset(d, 0, sizeof *d);
}

void ntm_registration_release(ntm_registration *r)
{
    if (!r)
        return;
    free(r->unit);
    free(r->criterion);
    free(r->source);
    free(r->note);
    free(r->file);
    memset(r, 0, sizeof *r);
}

void ntm_money_release(ntm_money *m)
{
    if (!m)
        return;
    free(m->unit);
    free(m->ref);
    free(m->task);
    free(m->source);
    free(m->note);
    free(m->file);
    memset(m, 0, sizeof *m);
}
