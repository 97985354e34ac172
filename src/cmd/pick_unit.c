/* pick_unit.c: choosing the unit a command is about (shared by status, project ...). */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "plan/asof.h"
#include "io/text.h"

/* Picks the unit: by --unit (match key), else the only unit that has a criteria set. */
int ntm_cli_pick_unit(const ntm_cli *cli, ntm_store *st, const char *query, ntm_unit **units,
                      size_t *n, size_t *pick, ntm_error *err)
{
    char *key = query ? ntm_text_key(query) : NULL;
    if (query && !key)
        return ntm_error_set(err, NTM_EINPUT, "%s", ntm_tr(cli, "--unit: not valid UTF-8"));
    ntm_status rc = ntm_store_find_units(st, key, units, n, err);
    free(key);
    if (rc != NTM_OK)
        return rc;
    /* The name typed exactly (NFC) wins over names that match only with accents and case
     * folded: "Xã A" and "Xa A" can both be stored, and each must stay selectable. */
    char *nfc = query ? ntm_text_nfc(query) : NULL;
    for (size_t i = 0; nfc && i < *n; i++)
        if (strcmp((*units)[i].name, nfc) == 0) {
            free(nfc);
            if (!(*units)[i].set_id)
                return ntm_error_set(err, NTM_ENOTFOUND,
                                     ntm_tr(cli, "unit '%s' has no criteria set (give it one "
                                                 "in the units file, column 'set')"),
                                     (*units)[i].name);
            *pick = i;
            return NTM_OK;
        }
    free(nfc);
    size_t with_set = 0;
    for (size_t i = 0; i < *n; i++)
        if ((*units)[i].set_id) {
            with_set++;
            *pick = i;
        }
    if (with_set == 1)
        return NTM_OK;
    if (query && *n == 0)
        return ntm_error_set(err, NTM_ENOTFOUND, ntm_tr(cli, "no unit '%s' in %s"), query,
                             cli->db_path);
    if (with_set == 0)
        return ntm_error_set(err, NTM_ENOTFOUND, "%s",
                             ntm_tr(cli, "no unit has a criteria set (import a units file first)"));
    char list[700] = "";
    size_t len = 0;
    for (size_t i = 0; i < *n && len < sizeof list - 60; i++)
        if ((*units)[i].set_id)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'", len ? ", " : "",
                                    (*units)[i].name);
    return ntm_error_set(err, NTM_EUSAGE, ntm_tr(cli, "choose a unit with --unit: %s"), list);
}

int ntm_unit_data_load(const ntm_cli *cli, ntm_store *st, const char *query, ntm_unit_data *ud,
                       ntm_error *err)
{
    memset(ud, 0, sizeof *ud);
    int rc = ntm_cli_pick_unit(cli, st, query, &ud->units, &ud->n_units, &ud->pick, err);
    if (rc == NTM_OK)
        rc = ntm_store_get_catalog(st, ud->units[ud->pick].set_id, &ud->cat, err);
    if (rc == NTM_OK)
        rc = ntm_store_get_observations(st, ud->units[ud->pick].name, &ud->obs, &ud->n_obs, err);
    if (rc == NTM_OK) /* a merged commune's history from its former communes */
        rc = ntm_history_add_mergers(st, ud->units[ud->pick].name, &ud->cat, &ud->obs, &ud->n_obs,
                                     &ud->history, err);
    if (rc == NTM_OK)
        rc =
            ntm_store_get_recognitions(st, ud->units[ud->pick].name, &ud->recog, &ud->n_recog, err);
    ud->n_obs_all = ud->n_obs;
    if (rc == NTM_OK) {
        ud->n_obs = ntm_asof_keep(ud->obs, ud->n_obs_all, ntm_asof_today(cli->today));
        char msg[600];
        if (ntm_plan_future_text(cli->lang, cli->today, ud->units[ud->pick].name,
                                 ud->obs ? ud->obs + ud->n_obs : NULL, ud->n_obs_all - ud->n_obs,
                                 msg, sizeof msg))
            fprintf(stderr, "%s: %s: %s\n", cli->prog, ntm_tr(cli, "warning"), msg);
    }
    return rc;
}

void ntm_unit_data_release(ntm_unit_data *ud)
{
    ntm_store_free_observations(ud->obs, ud->n_obs_all);
    ntm_history_note_release(&ud->history);
    ntm_store_free_recognitions(ud->recog, ud->n_recog);
    ntm_catalog_release(&ud->cat);
    ntm_store_free_units(ud->units, ud->n_units);
    memset(ud, 0, sizeof *ud);
}
