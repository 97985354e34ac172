/* asof.c: observations up to the date the data are read as of (see asof.h). */
#include "plan/asof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/i18n.h"
#include "io/date.h"

double ntm_asof_today(const char *today)
{
    ntm_date d;
    if (today && ntm_date_parse(today, &d, NULL) == NTM_OK)
        return d.t;
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        now = (time_t)strtoll(sde, NULL, 10);
    struct tm tm;
    gmtime_r(&now, &tm);
    return ntm_decimal_year(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

size_t ntm_asof_keep(ntm_observation *obs, size_t n, double as_of)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        kept += !(obs[i].t > as_of);
    if (kept == n)
        return n;
    ntm_observation *tmp = malloc(n * sizeof *tmp);
    if (!tmp) { /* keep the order as it is; the later ones are moved one by one */
        for (size_t i = 0, k = 0; i < n; i++)
            if (!(obs[i].t > as_of)) {
                ntm_observation o = obs[i];
                memmove(&obs[k + 1], &obs[k], (i - k) * sizeof *obs);
                obs[k++] = o;
            }
        return kept;
    }
    size_t a = 0, b = kept;
    for (size_t i = 0; i < n; i++)
        tmp[obs[i].t > as_of ? b++ : a++] = obs[i];
    memcpy(obs, tmp, n * sizeof *obs);
    free(tmp);
    return kept;
}

int ntm_plan_future_text(ntm_lang lang, const char *today, const char *unit,
                         const ntm_observation *fut, size_t n, char *buf, size_t size)
{
    buf[0] = '\0';
    if (n == 0)
        return 0;
    double t = ntm_asof_today(today);
    int y = (int)t, doy = (int)((t - y) * (ntm_leap_year(y) ? 366.0 : 365.0) + 0.5), m = 1;
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    while (m < 12 && doy > days[m - 1] + (m == 2 && ntm_leap_year(y))) {
        doy -= days[m - 1] + (m == 2 && ntm_leap_year(y));
        m++;
    }
    ntm_date fd;
    char when[16] = "?";
    if (fut[0].date && ntm_date_parse(fut[0].date, &fd, NULL) == NTM_OK)
        snprintf(when, sizeof when, "%02d/%02d/%d", fd.day, fd.month, fd.year);
    char what[64];
    if (fut[0].indicator)
        snprintf(what, sizeof what, "%s", fut[0].indicator);
    else
        snprintf(what, sizeof what, "%s %s", fut[0].criterion ? fut[0].criterion : "?",
                 ntm_i18n(lang, "(criterion)"));
    snprintf(buf, size,
             ntm_i18n(lang, "%s: %zu observation(s) dated after today (%02d/%02d/%d) left out: "
                            "they decide no status and start no trend (the first: %s, dated %s); "
                            "correct the date and import again"),
             unit, n, doy, m, y, what, when);
    return 1;
}
