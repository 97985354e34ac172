/* budget.h: the budget rules a scenario must keep (DESIGN.md, "Money"), as pure logic
 * on model/scenario.h: no files, no store. Each problem is a diagnostic with the
 * scenario file, the line and the key as field; messages carry the numbers and are in
 * Vietnamese by default, English with NTM_LANG_EN.
 *
 * What is an error (the scenario is refused) and what a warning:
 *   error   over-envelope      a year's allocations on a key exceed its envelope (with one
 *                              year of carry-over when the scenario says carry_over = yes)
 *   error   no-envelope        money allocated on a key that has no envelope that year
 *   error   wrong-capital      a project paid from sự nghiệp, or a program / recurring
 *                              support paid from đầu tư phát triển (a fund.* key or an
 *                              alloc.* line)
 *   error   key-not-allowed    an allocation on a key the intervention's fund.* keys omit
 *   error   unknown-unit       a unit the caller does not know
 *   error   unknown-indicator  an indicator the caller does not know for that unit
 *   warning already-met        money for an indicator that is already met: spending to keep
 *                              a met indicator from slipping can be right, so it is asked
 *                              about, not refused
 *   warning too-late           money whose effect comes after the indicator's target year:
 *                              it may still count by the deadline or the horizon, so the
 *                              plan is shown, not refused
 *   warning district-source-ended  money on a district (huyện) key in a year after 2025:
 *                              the district level ended on 1/7/2025 (two-tier local
 *                              government), so a 2026-2030 plan has no district money
 *   warning underfunded        a project whose allocations never reach cost × (1 +
 *                              contingency): it is never built in the simulation
 *
 * Timing (the simulator's convention, DESIGN.md "Interventions"): "by year Y" means by
 * 31/12/Y. Program and recurring money spent in year t acts at the end of year t + lag, so
 * it counts for Y when t + lag <= Y (for recurring support only the first paid year is
 * checked: later payments keep the coverage). A project fully funded in year L (the year its
 * cumulative allocation reaches cost × (1 + contingency)) is complete at the end of year
 * L + duration, so it counts for Y when L + duration <= Y. */
#ifndef NTM_BUDGET_H
#define NTM_BUDGET_H

#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"
#include "core/numfmt.h"
#include "model/scenario.h"

/* The last year a district (huyện) budget exists: districts ended on 1/7/2025. */
#define NTM_BUDGET_LAST_DISTRICT_YEAR 2025

/* Amounts within this many đồng are equal (allocations are sums of user amounts). */
#define NTM_BUDGET_TOL_DONG 1.0

/* What the caller knows about units and indicators. Every hook may be NULL: the check
 * that needs it is skipped. USER is passed back unchanged. */
typedef struct ntm_budget_hooks {
    void *user;
    /* 1 when UNIT exists, else 0. */
    int (*unit_known)(void *user, const char *unit);
    /* 1 when INDICATOR exists in UNIT's criteria set, else 0. */
    int (*indicator_known)(void *user, const char *unit, const char *indicator);
    /* 1 when INDICATOR is already met in UNIT, 0 when not, -1 when unknown. */
    int (*indicator_met)(void *user, const char *unit, const char *indicator);
    /* The target year of UNIT's INDICATOR, or 0 to use the scenario's [targets] and then
     * its deadline. */
    int (*target_year)(void *user, const char *unit, const char *indicator);
} ntm_budget_hooks;

/* Runs every check below. Returns NTM_OK when no error was added (warnings allowed),
 * NTM_EINPUT when one was, NTM_ENOMEM when DIAGS could not grow. HOOKS may be NULL. */
ntm_status ntm_budget_check(const ntm_scenario *sc, const ntm_budget_hooks *hooks, ntm_lang lang,
                            ntm_diag_list *diags);

/* The single checks, each returning like ntm_budget_check. */
ntm_status ntm_budget_check_envelopes(const ntm_scenario *sc, ntm_lang lang, ntm_diag_list *diags);
ntm_status ntm_budget_check_sources(const ntm_scenario *sc, ntm_lang lang, ntm_diag_list *diags);
ntm_status ntm_budget_check_capital(const ntm_scenario *sc, ntm_lang lang, ntm_diag_list *diags);
ntm_status ntm_budget_check_names(const ntm_scenario *sc, const ntm_budget_hooks *hooks,
                                  ntm_lang lang, ntm_diag_list *diags);
ntm_status ntm_budget_check_met(const ntm_scenario *sc, const ntm_budget_hooks *hooks,
                                ntm_lang lang, ntm_diag_list *diags);
ntm_status ntm_budget_check_timing(const ntm_scenario *sc, const ntm_budget_hooks *hooks,
                                   ntm_lang lang, ntm_diag_list *diags);

/* The envelope for KEY in YEAR (0 when none) and the total allocated to it by every
 * intervention that year. */
double ntm_budget_envelope(const ntm_scenario *sc, int year, const ntm_fund_key *key);
double ntm_budget_allocated(const ntm_scenario *sc, int year, const ntm_fund_key *key);

/* The target year of UNIT's INDICATOR: the hook's, else the scenario's [targets], else
 * its deadline. */
int ntm_budget_target_year(const ntm_scenario *sc, const ntm_budget_hooks *hooks, const char *unit,
                           const char *indicator);

/* KEY as a reader says it: "tỉnh / đầu tư phát triển / nông thôn mới", English
 * "province / investment / NTM". Returns BUF. */
char *ntm_fund_key_text(char *buf, size_t size, const ntm_fund_key *key, ntm_lang lang);

/* The capital type an intervention type must be paid from: NTM_CAP_INVESTMENT for a
 * project, NTM_CAP_RECURRENT for a program or recurring support; -1 for an effort
 * (no money). */
int ntm_budget_capital_for(ntm_iv_type type);

#endif
