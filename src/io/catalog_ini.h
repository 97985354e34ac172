/* catalog_ini.h: reads a criteria catalog (bộ tiêu chí) from its INI file into the plain
 * structs of model/catalog.h. The format is documented key by key in models/README.md.
 *
 * The file is parsed with inih; before that it is scanned line by line so that every
 * problem names file:line and the key (inih does not pass line numbers). All problems
 * are collected: one bad key does not hide the next. Text is checked to be valid UTF-8
 * and normalised to NFC (with a warning where it was not). Numbers are read with the
 * strict parser of io/number.h in NTM_NUM_AUTO style (12,5 and 12.5 both work). */
#ifndef NTM_CATALOG_INI_H
#define NTM_CATALOG_INI_H

#include "core/diag.h"
#include "core/error.h"
#include "model/catalog.h"

/* Reads the catalog at PATH into *CAT, which is overwritten (it need not be initialised;
 * the caller releases it with ntm_catalog_release whatever this returns). Every problem
 * is appended to DIAGS with file, line and key, and a short stable code for tests:
 *   io, invalid-utf8, not-nfc (warning), syntax, line-too-long, unknown-section,
 *   unknown-key, duplicate, missing-key, missing-section, bad-number, bad-value,
 *   bad-code, unknown-class, lower-above-upper, out-of-range, direction-mismatch,
 *   threshold-no-source, missing-criterion, missing-parent, part-of-part, parts-mismatch,
 *   sum-parts, sum-part-not-rate, prior-no-source, risk-range, risk-no-source,
 *   declared-count, unused (warning), continuation (warning), missing-class (warning).
 * Returns NTM_OK when DIAGS got no errors (warnings allowed), NTM_EIO when PATH cannot
 * be read (also recorded in DIAGS with code "io"), NTM_ENOMEM when memory ran out,
 * else NTM_EINPUT. */
ntm_status ntm_catalog_read(const char *path, ntm_catalog *cat, ntm_diag_list *diags);

/* The class keys a scheme defines, in their canonical order ("TDMNPB" ... "DBSCL" for
 * region7; "1", "2", "3" for group3; none for NTM_SCHEME_NONE). Returns the count and
 * sets *KEYS to a static array. */
size_t ntm_catalog_scheme_classes(ntm_scheme scheme, const char *const **keys);

#endif
