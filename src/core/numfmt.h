/* numfmt.h: numbers, percentages and money written the way the reader expects.
 * Vietnamese: decimal comma, thousands dot (12,21%; 1.784; 7,0 tỷ đồng).
 * English: decimal point, thousands comma (12.21%; 1,784; 7.0 billion VND).
 * Formatting never depends on the C locale (LC_NUMERIC is never changed).
 * NaN and infinities are written as "—" so they never pass as numbers. The money words
 * come from the gettext catalog (core/i18n.h), which the CLI binds at start. */
#ifndef NTM_NUMFMT_H
#define NTM_NUMFMT_H

#include <stddef.h>

typedef enum ntm_lang { NTM_LANG_VI = 0, NTM_LANG_EN = 1 } ntm_lang;

/* The text written for a missing or non-finite number. */
#define NTM_FMT_NONE "—"

/* V with DECIMALS digits after the separator and grouped thousands. Returns BUF. */
char *ntm_fmt_number(char *buf, size_t size, double v, int decimals, ntm_lang lang);

/* V (already in percent: 12.21 for 12,21%) with DECIMALS digits and a '%' sign. */
char *ntm_fmt_percent(char *buf, size_t size, double v, int decimals, ntm_lang lang);

/* An amount in đồng in the unit a planner would say: tỷ (10^9) with one decimal,
 * triệu (10^6) with no decimals below 10^9 (one decimal below 10 triệu), plain đồng
 * below 10^6. "7,0 tỷ đồng", "500 triệu đồng"; English "7.0 billion VND". */
char *ntm_fmt_money(char *buf, size_t size, double dong, ntm_lang lang);

/* Plain decimal with a point and no grouping, shortest form that round-trips
 * (%.17g trimmed): for CSV and JSON output. NaN/Inf give "null" when JSON is set,
 * "" otherwise. */
char *ntm_fmt_plain(char *buf, size_t size, double v, int json);

#endif
