/* scenario_xlsx.h: a budget scenario in a workbook: the sheet "Kịch bản" ("Scenario").
 *
 * The sheet holds the INI file of io/scenario_ini.h line for line, under a header row:
 * column A a section header ("[envelope]", "[intervention Trường học]") or a key
 * ("start_year", "2023 province investment ntm"), column B its value ("2023", "3,5 tỷ"),
 * column C a note (the INI's comment). A row with only B continues the value above (an
 * indented INI line); a row with only C is a comment; an empty row is an empty line.
 * Sheet row N is INI line N - 1 of the exported file, so the keys, the values and every
 * rule are the INI format's (scenarios/README.md), and messages name
 * FILE.xlsx:Kịch bản:ROW. Reading converts the sheet back into INI text (a temporary
 * file) and reads it with ntm_scenario_read; writing splits an INI file's lines
 * (io/ini_sheet.h does both). */
#ifndef NTM_SCENARIO_XLSX_H
#define NTM_SCENARIO_XLSX_H

#include "core/diag.h"
#include "core/error.h"
#include "core/numfmt.h"
#include "model/scenario.h"

/* 1 when PATH names a workbook (.xlsx, or a ZIP or OLE2 signature). */
int ntm_scenario_is_workbook(const char *path);

/* Reads the scenario sheet of workbook PATH as ntm_scenario_read reads an INI file
 * (same contract): its messages name "PATH:SHEET" and the row; *OUT's path is PATH (the
 * file a stored run reads again; messages made from it later name PATH and the row). */
ntm_status ntm_scenario_read_xlsx(const char *path, const char *defaults_path, ntm_scenario *out,
                                  ntm_diag_list *diags);

/* The INI text the scenario sheet of PATH stands for (line N for sheet row N) into
 * *TEXT (malloc'd, *LEN bytes): for code that works on a scenario file's lines. */
ntm_status ntm_scenario_xlsx_ini(const char *path, char **text, size_t *len, ntm_diag_list *diags);

/* Writes the scenario file INI_PATH as the sheet of a new workbook XLSX_PATH, its header
 * and sheet name in LANG. Returns NTM_OK, NTM_EIO (ERR set) when a file cannot be read or
 * written, NTM_EINPUT for a file too large or not UTF-8. */
ntm_status ntm_scenario_export_xlsx(const char *ini_path, const char *xlsx_path, ntm_lang lang,
                                    ntm_error *err);

#endif
