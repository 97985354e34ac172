/* catalog_xlsx.c: a criteria set from its sheet (see catalog_xlsx.h). */
#include "io/catalog_xlsx.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/catalog_ini.h"
#include "io/ini_sheet.h"

static const char *const SHEET_KEYS[] = {"tep bo tieu chi", "criteria set file", NULL};

static ntm_status read_ini(const char *ini_path, void *user, ntm_diag_list *diags)
{
    return ntm_catalog_read(ini_path, user, diags);
}

ntm_status ntm_catalog_read_xlsx(const char *path, ntm_catalog *cat, ntm_diag_list *diags)
{
    memset(cat, 0, sizeof *cat);
    char tmp[64], name[600];
    ntm_status rc = ntm_ini_sheet_read(
        path, SHEET_KEYS,
        _("the workbook has no sheet 'Tệp bộ tiêu chí' (or 'Criteria set file'); ntmplan "
          "template --set ID writes one"),
        read_ini, cat, tmp, sizeof tmp, name, sizeof name, diags);
    char *p = strdup(path);
    if (p) {
        free(cat->path);
        cat->path = p;
    }
    return rc;
}
