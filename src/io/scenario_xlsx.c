/* scenario_xlsx.c: a scenario in the sheet "Kịch bản" (see scenario_xlsx.h), through
 * io/ini_sheet.h. */
#include "io/scenario_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "io/ini_sheet.h"
#include "io/scenario_ini.h"
#include "io/xlsx.h"

static const char *const SHEET_KEYS[] = {"kich ban", "scenario", NULL};

int ntm_scenario_is_workbook(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0) || ntm_xlsx_is_workbook(path);
}

static const char *missing_sheet(void)
{
    return _("the workbook has no sheet 'Kịch bản' (or 'Scenario'); write one with "
             "ntmplan scenario export");
}

ntm_status ntm_scenario_xlsx_ini(const char *path, char **text, size_t *len, ntm_diag_list *diags)
{
    char name[600];
    return ntm_ini_sheet_text(path, SHEET_KEYS, missing_sheet(), text, len, name, sizeof name,
                              diags);
}

typedef struct reading {
    const char *defaults;
    ntm_scenario *out;
} reading;

static ntm_status read_ini(const char *ini_path, void *user, ntm_diag_list *diags)
{
    reading *r = user;
    return ntm_scenario_read(ini_path, r->defaults, r->out, diags);
}

ntm_status ntm_scenario_read_xlsx(const char *path, const char *defaults_path, ntm_scenario *out,
                                  ntm_diag_list *diags)
{
    memset(out, 0, sizeof *out);
    reading r = {defaults_path, out};
    char tmp[64], name[600];
    ntm_status rc = ntm_ini_sheet_read(path, SHEET_KEYS, missing_sheet(), read_ini, &r, tmp,
                                       sizeof tmp, name, sizeof name, diags);
    if (rc != NTM_OK)
        return rc;
    char *p = strdup(path); /* the workbook itself: a stored run reads it again from there */
    if (!p) {
        ntm_scenario_release(out);
        return NTM_ENOMEM;
    }
    free(out->path);
    out->path = p;
    for (size_t i = 0; i < out->n_iv; i++) { /* "every parameter from FILE" */
        char *o = out->iv[i].origin ? ntm_ini_sheet_replace(out->iv[i].origin, tmp, name) : NULL;
        if (o) {
            free(out->iv[i].origin);
            out->iv[i].origin = o;
        }
    }
    return NTM_OK;
}

ntm_status ntm_scenario_export_xlsx(const char *ini_path, const char *xlsx_path, ntm_lang lang,
                                    ntm_error *err)
{
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(xlsx_path, &opt);
    if (!wb)
        return ntm_error_set(err, NTM_EIO, _("cannot write '%s'"), xlsx_path);
    /* A fixed time: the same file gives the same workbook. */
    lxw_doc_properties props = {.title = "ntmplan", .author = "ntmplan", .created = 1};
    workbook_set_properties(wb, &props);
    ntm_status rc =
        ntm_ini_sheet_add(wb, lang == NTM_LANG_EN ? "Scenario" : "Kịch bản", ini_path, lang, err);
    lxw_error e = workbook_close(wb);
    if (rc == NTM_OK && e != LXW_NO_ERROR)
        rc = ntm_error_set(err, NTM_EIO, _("cannot write '%s': %s"), xlsx_path, lxw_strerror(e));
    return rc;
}
