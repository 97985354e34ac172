/* catalog_template.h: a province's starting criteria-set file, written from a national
 * set (models/README.md, "Deriving a province set").
 *
 * The file keeps the national set's structure: its scheme and groups ([class] sections
 * with their definitions), its criteria, the number of indicators it declares; it gets a
 * new id and placeholders for the province's decision. Under each criterion comes a
 * commented-out [indicator] block with every key a province fills (wording, kind,
 * direction, a threshold per group, the threshold's source) and guidance in Vietnamese.
 * No threshold is invented: the file passes `ntmplan catalog check` as written (a set
 * with criteria and no indicators) and after each indicator block is filled in. */
#ifndef NTM_CATALOG_TEMPLATE_H
#define NTM_CATALOG_TEMPLATE_H

#include <stdio.h>

#include "model/catalog.h"

/* Writes the template for the set FROM with the new id ID to OUT. Returns 0, or -1 when
 * a write fails. */
int ntm_catalog_write_template(FILE *out, const ntm_catalog *from, const char *id);

#endif
