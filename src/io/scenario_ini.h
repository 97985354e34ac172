/* scenario_ini.h: reads a budget scenario (a planning case) from its INI file into the
 * plain structs of model/scenario.h. The format is documented key by key, with an
 * example, in scenarios/README.md; the defaults file in models/defaults.ini itself.
 *
 * The file is scanned line by line first so that every problem names file, section,
 * key and line (inih 55 does not pass line numbers to its handler), then parsed with
 * inih. Numbers use the strict parser of io/number.h in NTM_NUM_AUTO style (0,6 and 0.6
 * both work); money takes tỷ / triệu ("7 tỷ", "500 triệu đồng"). Funding keys take the
 * English or Vietnamese words of model/scenario.h ("province investment ntm",
 * "tỉnh đầu tư nông thôn mới").
 *
 * Parameters an intervention does not give are taken from the defaults file, first from
 * a section [TYPE INDICATOR] ("[recurring 15.1]"), then from [TYPE]; each default carries
 * its source, and the intervention's `origin` text lists what was defaulted and why.
 *
 * [assumptions] holds the planner's working figures for indicators the data or the
 * confirmed criteria set leaves without a current value or a threshold:
 * `CODE.value = 80%`, `CODE.threshold = >= 85` (a sign is required: >=, <=, ≥, ≤, or a
 * range LOW..HIGH), `CODE.source = assumption: ...` (required), with `UNIT / ` in front
 * when the scenario has several units. They are read into ntm_scenario.assume; values
 * are in the indicator's unit (80% is 80). The reader does not know the criteria set:
 * whether the code exists, and whether a figure suits its kind and direction, is for the
 * caller that joins the scenario to the data. */
#ifndef NTM_SCENARIO_INI_H
#define NTM_SCENARIO_INI_H

#include "core/diag.h"
#include "core/error.h"
#include "model/scenario.h"

/* Reads the scenario at PATH into *OUT (overwritten; it need not be initialised), taking
 * missing parameters from DEFAULTS_PATH (NULL: no defaults, every required parameter must
 * be in the scenario). All or nothing: when any error is found *OUT is left empty
 * (zeroed), otherwise the caller owns it and frees it with ntm_scenario_release.
 * Every problem is appended to DIAGS with the file (scenario or defaults), the line, the
 * key as field, the section in the message, and a short stable code:
 *   io, invalid-utf8, syntax, line-too-long, name-too-long, unknown-section,
 *   unknown-key, not-for-type, duplicate, missing-key, missing-section, bad-number,
 *   bad-money, bad-value, bad-year, bad-key, bad-profile, bad-share, bad-unit,
 *   bad-date, out-of-range, alloc-and-optimize, default-no-source,
 *   bad-threshold, lower-above-upper, missing-source ([assumptions]),
 *   no-money (warning), continuation (warning).
 * Budget rules (envelopes, capital types, timing) are not checked here: see
 * model/budget.h. Returns NTM_OK (warnings allowed), NTM_EIO when a file cannot be read,
 * NTM_ENOMEM, or NTM_EINPUT. */
ntm_status ntm_scenario_read(const char *path, const char *defaults_path, ntm_scenario *out,
                             ntm_diag_list *diags);

/* Parses a funding key written as SOURCE CAPITAL PROGRAMME, the words separated by
 * blanks, '.' or '/', each in English or Vietnamese ("province investment ntm",
 * "tỉnh.đầu tư.nông thôn mới"). Returns 0, or -1 with a short reason in WHY, in the
 * process's message language (core/i18n.h _()). */
int ntm_fund_key_parse(const char *text, ntm_fund_key *out, char *why, size_t why_size);

#endif
