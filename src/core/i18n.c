/* i18n.c: gettext look-ups (see i18n.h). */
#include "core/i18n.h"

#include <libintl.h>

const char *ntm_i18n(ntm_lang lang, const char *msgid)
{
    if (lang == NTM_LANG_EN || !msgid || !*msgid)
        return msgid;
    return dgettext(NTM_I18N_DOMAIN, msgid);
}

const char *ntm_i18n_current(const char *msgid)
{
    if (!msgid || !*msgid)
        return msgid;
    return dgettext(NTM_I18N_DOMAIN, msgid);
}

const char *ntm_name_in(ntm_lang lang, const char *vi, const char *en)
{
    if (lang == NTM_LANG_EN && en)
        return en;
    return vi ? vi : en ? en : "";
}
