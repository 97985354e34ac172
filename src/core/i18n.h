/* i18n.h: user-facing text in the reader's language, through GNU gettext.
 * Messages are written in English in the source (the msgid); po/vi.po holds their
 * Vietnamese. English output returns the msgid itself; Vietnamese looks it up in the
 * "ntmplan" catalog, which the CLI binds at start (ntm_cli_i18n_setup), whatever the
 * machine's locale. Mark texts that are translated later (tables of names) with N_(). */
#ifndef NTM_I18N_H
#define NTM_I18N_H

#include "core/numfmt.h"

#define NTM_I18N_DOMAIN "ntmplan"
#define N_(msgid) msgid

/* MSGID in the process's message language, for layers that do not carry an ntm_lang
 * (error messages of the parsers and the store). The CLI selects that language with
 * --lang (ntm_cli_i18n_language); without the CLI it is English. */
#define _(msgid) ntm_i18n_current(msgid)

/* MSGID in LANG (a static string owned by the catalog, or MSGID). */
const char *ntm_i18n(ntm_lang lang, const char *msgid) __attribute__((format_arg(2)));

/* The one rule for a name given in both languages: English when LANG is English and an
 * English name is given, else the Vietnamese, else the English, else "". */
const char *ntm_name_in(ntm_lang lang, const char *vi, const char *en);

/* MSGID in the process's message language (see _()). */
const char *ntm_i18n_current(const char *msgid) __attribute__((format_arg(1)));

#endif
