/* catalog_xlsx.h: a criteria set in a workbook: the sheet "Tệp bộ tiêu chí" ("Criteria
 * set file") that `ntmplan template` writes, holding the set's INI file row by row
 * (io/ini_sheet.h), read with the rules and messages of io/catalog_ini.h, each naming
 * FILE.xlsx:SHEET:ROW. */
#ifndef NTM_CATALOG_XLSX_H
#define NTM_CATALOG_XLSX_H

#include "core/diag.h"
#include "core/error.h"
#include "model/catalog.h"

/* The sheet's names, in Vietnamese and English. */
#define NTM_CATALOG_SHEET_VI "Tệp bộ tiêu chí"
#define NTM_CATALOG_SHEET_EN "Criteria set file"

/* As ntm_catalog_read, from the sheet of workbook PATH; CAT's path is PATH. */
ntm_status ntm_catalog_read_xlsx(const char *path, ntm_catalog *cat, ntm_diag_list *diags);

#endif
