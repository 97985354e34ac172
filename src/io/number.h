/* number.h: the one strict number parser, for every number a user types or a file holds.
 *
 * Styles. Vietnamese writes 12,21 and 1.784 (decimal comma, thousands dot); English
 * writes 12.21 and 1,784. A string is read in one style:
 *   NTM_NUM_VI  ',' is the decimal separator, '.' groups thousands;
 *   NTM_NUM_EN  '.' is the decimal separator, ',' groups thousands;
 *   NTM_NUM_AUTO a string that only one style can read is read in that style
 *               ("12.5", "0.784", "1,234.5" English; "12,5", "1.234,5" Vietnamese);
 *               an ambiguous one ("1.784", "1,784") is read the Vietnamese way
 *               (1784 and 1,784); a number with an exponent ("9.000E0") is English.
 *               Files are better read with one style for the whole
 *               file: see ntm_number_vote.
 * Grouping must be in threes ("1.78.4" is refused). A leading '+' or '-' (or U+2212),
 * surrounding blanks (also no-break spaces) and a trailing '%' are allowed; exponents
 * ("1.5E-3") only where '.' is the decimal separator. Empty text is an error. */
#ifndef NTM_NUMBER_H
#define NTM_NUMBER_H

#include "core/error.h"

typedef enum ntm_numstyle { NTM_NUM_AUTO = 0, NTM_NUM_VI, NTM_NUM_EN } ntm_numstyle;

typedef struct ntm_number {
    double value;
    int percent; /* 1 when the text ended in '%' */
} ntm_number;

/* Parses S in STYLE. On failure returns NTM_EINPUT and sets *WHY to a short English
 * reason ("not a number", "thousands separator out of place" ...), a static string. */
ntm_status ntm_number_parse(const char *s, ntm_numstyle style, ntm_number *out, const char **why);

/* Convenience: value only, same rules. */
ntm_status ntm_parse_double(const char *s, ntm_numstyle style, double *out, const char **why);

/* Reads a whole number (no fraction) in [MIN, MAX]. */
ntm_status ntm_parse_long(const char *s, ntm_numstyle style, long min, long max, long *out,
                          const char **why);

/* Which style S alone implies: NTM_NUM_VI, NTM_NUM_EN, or NTM_NUM_AUTO when it could be
 * either (or is not a number). Used to choose one style for a whole file. */
ntm_numstyle ntm_number_vote(const char *s);

/* Money in đồng: a number optionally followed by a unit word: "tỷ"/"ty"/"billion"
 * (10^9), "triệu"/"trieu"/"million"/"tr" (10^6), "nghìn"/"ngàn"/"nghin"/"ngan"/
 * "thousand" (10^3), optionally then "đồng"/"đ"/"dong"/"VND". "7 tỷ", "500 triệu đồng",
 * "1,5 tỷ", "7.000.000.000 đ". Negative amounts are refused. */
ntm_status ntm_money_parse(const char *s, ntm_numstyle style, double *dong, const char **why);

#endif
