/* unitlist.h: the official list of commune-level units (models/units/, README there).
 *
 * A CSV file with the header unit_code, unit_name, unit_type, province_code,
 * province_name (in this order), one unit a row, dated by its file name
 * (vn-commune-units-YYYY-MM-DD.csv). Codes are 5 digits and unique, province codes 2
 * digits; every field is required. Errors name file:line and the field. */
#ifndef NTM_UNITLIST_H
#define NTM_UNITLIST_H

#include <stddef.h>

#include "core/error.h"

typedef struct ntm_official_unit {
    char *code, *name, *type, *province_code, *province;
    char *key, *province_key; /* ntm_text_key of name and province: marks and case folded */
} ntm_official_unit;

typedef struct ntm_unitlist {
    char date[11]; /* "YYYY-MM-DD": the day the list holds for, from the file name */
    char *file;
    ntm_official_unit *u;
    size_t n;
} ntm_unitlist;

/* Reads the list at PATH into *OUT (release with ntm_unitlist_release). */
ntm_status ntm_unitlist_read(const char *path, ntm_unitlist *out, ntm_error *err);
void ntm_unitlist_release(ntm_unitlist *l);

/* The newest vn-commune-units-YYYY-MM-DD.csv in DIR, written to BUF (SIZE bytes).
 * Returns 0, or -1 when there is none. */
int ntm_unitlist_newest(const char *dir, char *buf, size_t size);

/* A search: every condition given (non-NULL, non-empty) must hold. NAME matches the
 * unit's name without marks or case (so "Thanh Hoá" and "Thanh Hóa", tone placed on
 * either letter, are the same); units whose whole name matches come first, then those
 * whose name contains it. PROVINCE matches a province's code or its whole name the same
 * way; CODE is a unit's exact code. */
typedef struct ntm_unitlist_query {
    const char *name, *province, *code;
} ntm_unitlist_query;

/* Indexes of the units matching Q, whole-name matches first, each group in Vietnamese
 * alphabetical order of province, then name (core/collate.h), into *IDX
 * (malloc'd, free it; NULL when none). Returns their number, or -1 out of memory. */
long ntm_unitlist_find(const ntm_unitlist *l, const ntm_unitlist_query *q, size_t **idx);

#endif
