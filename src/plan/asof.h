/* asof.h: the date the data are read as of. Observations dated after it (a typo such as
 * 07/2027 for 07/2023) never decide a status, start a trend or date an effort's progress:
 * the commands leave them out and say so. "Today" is --today, else SOURCE_DATE_EPOCH,
 * else the clock (the run's date: a run stamps itself with the same rule). */
#ifndef NTM_PLAN_ASOF_H
#define NTM_PLAN_ASOF_H

#include <stddef.h>

#include "core/i18n.h"
#include "model/unit.h"

/* The decimal year (core/calendar.h) of TODAY ("2023-11-14", any form io/date.h reads;
 * NULL or unreadable: SOURCE_DATE_EPOCH, else the clock). */
double ntm_asof_today(const char *today);

/* Moves the observations of OBS (N of them) dated after AS_OF to the end, keeping the
 * order of both groups, and returns how many are kept (the first ones). */
size_t ntm_asof_keep(ntm_observation *obs, size_t n, double as_of);

/* The warning for the N observations FUT of UNIT left out as dated after TODAY (as for
 * ntm_asof_today), naming the first; into BUF. Returns 0 (BUF empty) when N is 0. */
int ntm_plan_future_text(ntm_lang lang, const char *today, const char *unit,
                         const ntm_observation *fut, size_t n, char *buf, size_t size);

#endif
