/* gaps_text.c: why a gap cannot be closed, in words (see gaps.h). */
#include <math.h>
#include <stdio.h>

#include "io/number.h"
#include "plan/gaps.h"

static const char *pct(const ntm_cli *cli, double p, char *b, size_t n)
{
    return ntm_fmt_percent(b, n, 100 * p, 0, cli->lang);
}

const char *ntm_gaps_why_text(const ntm_cli *cli, const ntm_eval *ev, const ntm_gaps *gs,
                              const ntm_gap *g, ntm_gap_why why, double p_max, char *buf,
                              size_t size)
{
    char a[40];
    const ntm_intervention *iv = g && g->cls == NTM_GAP_CLASS_MONEY ? ev->iv[g->iv].iv : NULL;
    int ty = g ? g->target_year : 0;
    switch (why) {
    case NTM_GAP_WHY_NONE: snprintf(buf, size, "%s", ""); break;
    case NTM_GAP_WHY_LAG:
        snprintf(buf, size,
                 ntm_tr(cli, "too late: money spent in %d at the earliest acts %d years later (end "
                             "of %d), after the target year %d"),
                 gs->start_year, iv ? ntm_iv_lead_years(iv) : 0,
                 gs->start_year + (iv ? ntm_iv_lead_years(iv) : 0), ty);
        break;
    case NTM_GAP_WHY_DURATION:
        snprintf(buf, size,
                 ntm_tr(cli, "too late: fully funded in %d at the earliest, built in %d years, "
                             "ready at the end of %d, after the target year %d"),
                 gs->start_year, iv ? ntm_iv_lead_years(iv) : 0,
                 gs->start_year + (iv ? ntm_iv_lead_years(iv) : 0), ty);
        break;
    case NTM_GAP_WHY_CEILING:
        snprintf(buf, size,
                 ntm_tr(cli, "no amount suffices: P(met) levels off near %s (late disbursement, "
                             "delays, cost spread or the trend)"),
                 pct(cli, p_max, a, sizeof a));
        break;
    case NTM_GAP_WHY_EFFORT:
        snprintf(
            buf, size,
            ntm_tr(cli, "not a matter of money: at the expected pace of the work, P(met) is %s"),
            pct(cli, p_max, a, sizeof a));
        break;
    case NTM_GAP_WHY_NO_IV:
        snprintf(buf, size,
                 ntm_tr(cli, "nothing in the scenario acts on it (P(met) on its own %s)"),
                 pct(cli, p_max, a, sizeof a));
        break;
    case NTM_GAP_WHY_MEMBER:
        snprintf(buf, size, "%s", ntm_tr(cli, "one of its gaps cannot be closed with money"));
        break;
    }
    return buf;
}

/* ---- the command --------------------------------------------------------------------------- */
