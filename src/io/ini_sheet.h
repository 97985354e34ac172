/* ini_sheet.h: an INI file (a scenario, a criteria set) as the rows of a workbook sheet,
 * and back, for the readers of io/scenario_ini.h and io/catalog_ini.h.
 *
 * Under a header row, sheet row N holds INI line N - 1: column A a section header
 * ("[envelope]") or a key, column B its value, column C a note (the line's comment). A row
 * with only B continues the value above (an indented line); a row with only C is a
 * comment; an empty row is an empty line. Reading turns the rows back into INI text with
 * line N for row N (row 1, the header, becomes a comment), so a reader's messages name
 * the sheet's rows; line breaks typed in a cell become blanks. Values and keys are the INI
 * format's own: the rules stay with each reader. */
#ifndef NTM_INI_SHEET_H
#define NTM_INI_SHEET_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "core/diag.h"
#include "core/error.h"
#include "core/numfmt.h"

/* Reads an INI file at INI_PATH into the diagnostics DIAGS; USER is the caller's. */
typedef ntm_status (*ntm_ini_sheet_reader)(const char *ini_path, void *user, ntm_diag_list *diags);

/* The first sheet of workbook PATH whose name's match key (io/text.h) is one of KEYS,
 * as INI text into *TEXT (malloc'd, *LEN bytes); NAME gets "PATH:SHEET". No such sheet:
 * the error MISSING (a translated message) in DIAGS. Cells holding errors or formulas
 * without a saved value are errors naming the cell. */
ntm_status ntm_ini_sheet_text(const char *path, const char *const *keys, const char *missing,
                              char **text, size_t *len, char *name, size_t size,
                              ntm_diag_list *diags);

/* The same sheet written to a temporary INI file (its path into TMP, removed after) and
 * read there by FN; the diagnostics FN adds name NAME ("PATH:SHEET") instead of TMP. A
 * caller whose results keep the path (a catalog's, an intervention's origin) replaces
 * TMP with ntm_ini_sheet_replace. Returns what FN returns, or the sheet's error. */
ntm_status ntm_ini_sheet_read(const char *path, const char *const *keys, const char *missing,
                              ntm_ini_sheet_reader fn, void *user, char *tmp, size_t tmp_size,
                              char *name, size_t name_size, ntm_diag_list *diags);

/* S with every FROM replaced by TO (a new string), or NULL when S has none. */
char *ntm_ini_sheet_replace(const char *s, const char *from, const char *to);

/* Adds the sheet SHEET to WB with the lines of INI_PATH (read whole: at most 4 MiB of
 * UTF-8), its header in LANG. Returns NTM_OK, NTM_EIO, NTM_EINPUT or NTM_ENOMEM (ERR
 * set). */
ntm_status ntm_ini_sheet_add(lxw_workbook *wb, const char *sheet, const char *ini_path,
                             ntm_lang lang, ntm_error *err);

#endif
