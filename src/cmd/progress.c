/* progress.c: `ntmplan progress --period P`: the period report a steering committee asks
 * for (plan/period_report.h): what was planned, what was done, what is late and whose, the
 * dossier items missing, who has not reported, the next period's tasks. Table, CSV or JSON
 * Lines. "Now" is --today (else the end of the period, said so); --at cuts the data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "io/period.h"
#include "io/scenario_ini.h"
#include "io/tasks.h"
#include "io/text.h"
#include "model/budget.h"
#include "plan/period_report.h"
#include "store/store_follow.h"

#define MINUTES_PER_DAY 1440L

static void usage(const ntm_cli *cli)
{
    printf("%s\n",
           ntm_tr(cli,
                  "Usage: ntmplan progress --period PERIOD [--unit NAME | SCENARIO.ini] [--today "
                  "DATE]\n"
                  "                        [--at DATE] [--deadline MOMENT] [--soon DAYS]\n\n"
                  "The period report: tasks due in the period, registered criteria and the year's "
                  "money;\n"
                  "tasks finished, indicators that moved, money disbursed (rate, projection at "
                  "31/12,\n"
                  "money at risk); overdue and behind tasks by owner; missing dossier items; who "
                  "has not\n"
                  "reported by the deadline; the next period's tasks.\n"
                  "  --period P     2024, Q2/2024, quý II/2024, 6T/2024, 9T/2024, 07/2024, "
                  "W23/2024\n"
                  "  --today D      now, to the minute (10h 10/6/2024); default: the end of the "
                  "period\n"
                  "  --at D         use only data reported by D (default: now)\n"
                  "  --deadline M   the report deadline (default: the end of the period)\n"
                  "  --soon DAYS    the \"due soon\" window (default 14)"));
}

typedef struct opts {
    const char *period, *unit, *at, *deadline, *scenario;
    long soon_days;
} opts;

/* Parses the command line into O. Returns -1 to go on, else the exit code. */
static int parse(int argc, char **argv, ntm_cli *cli, opts *o)
{
    static const struct option lo[] = {NTM_CLI_COMMON_OPTIONS,
                                       {"period", required_argument, NULL, 'p'},
                                       {"unit", required_argument, NULL, 'u'},
                                       {"at", required_argument, NULL, 'a'},
                                       {"deadline", required_argument, NULL, 'd'},
                                       {"soon", required_argument, NULL, 's'},
                                       {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->soon_days = 14;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        const char *why;
        if (c == 'p')
            o->period = optarg;
        else if (c == 'u')
            o->unit = optarg;
        else if (c == 'a')
            o->at = optarg;
        else if (c == 'd')
            o->deadline = optarg;
        else if (c == 's') {
            if (ntm_parse_long(optarg, NTM_NUM_AUTO, 0, 366, &o->soon_days, &why) != NTM_OK)
                return ntm_cli_usage(cli, ntm_tr(cli, "--soon takes a number of days, not '%s'"),
                                     optarg);
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind < argc)
        o->scenario = argv[optind++];
    if (optind < argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give at most one scenario file"));
    if (!o->period)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give the period with --period (9T/2023)"));
    if (o->unit && o->scenario)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give --unit or a scenario file, not both"));
    return -1;
}

/* ---- words ---------------------------------------------------------------------------- */

static const char *flag_text(const ntm_cli *cli, const ntm_task_view *v, long now, char *buf,
                             size_t size)
{
    switch (v->flag) {
    case NTM_FLAG_SOON: {
        long left = v->last->due.minutes - now; /* minutes, >= 0 */
        if (left >= MINUTES_PER_DAY)
            snprintf(buf, size, ntm_tr(cli, "on time, due in %ld day(s)"),
                     (left + MINUTES_PER_DAY - 1) / MINUTES_PER_DAY);
        else if (left >= 60)
            snprintf(buf, size, ntm_tr(cli, "on time, due in %ld hour(s)"), (left + 59) / 60);
        else
            snprintf(buf, size, ntm_tr(cli, "on time, due in %ld minute(s)"), left);
        return buf;
    }
    case NTM_FLAG_ON_TIME: return ntm_tr(cli, "on time");
    case NTM_FLAG_BEHIND: return ntm_tr(cli, "behind");
    case NTM_FLAG_OVERDUE: return ntm_tr(cli, "overdue");
    case NTM_FLAG_DONE: return ntm_tr(cli, "done");
    case NTM_FLAG_DONE_LATE: return ntm_tr(cli, "done late");
    case NTM_FLAG_NO_DUE: break;
    }
    return ntm_tr(cli, "no due date");
}

static const char *flag_code(ntm_task_flag f)
{
    static const char *const names[] = {"on-time", "due-soon",  "behind", "overdue",
                                        "done",    "done-late", "no-due"};
    return names[f];
}

static const char *state_text(const ntm_cli *cli, ntm_task_state s)
{
    switch (s) {
    case NTM_TASK_NOT_STARTED: return ntm_tr(cli, "not started");
    case NTM_TASK_DOING: return ntm_tr(cli, "in progress");
    case NTM_TASK_DONE: return ntm_tr(cli, "finished");
    case NTM_TASK_PAUSED: return ntm_tr(cli, "paused");
    case NTM_TASK_UNSET: break;
    }
    return "—";
}

static const char *doc_kind_text(const ntm_cli *cli, ntm_doc_kind k)
{
    switch (k) {
    case NTM_DOC_FORM: return ntm_tr(cli, "form");
    case NTM_DOC_PLAN: return ntm_tr(cli, "plan");
    case NTM_DOC_REPORT: return ntm_tr(cli, "report");
    case NTM_DOC_DECISION: return ntm_tr(cli, "decision");
    case NTM_DOC_EVIDENCE: return ntm_tr(cli, "evidence");
    case NTM_DOC_OTHER: break;
    }
    return ntm_tr(cli, "other document");
}

static const char *method_text(const ntm_cli *cli, ntm_proj_method m)
{
    switch (m) {
    case NTM_PROJ_PATTERN: return ntm_tr(cli, "earlier years' pattern");
    case NTM_PROJ_ONE_YEAR: return ntm_tr(cli, "one earlier year, no range");
    case NTM_PROJ_STRAIGHT: break;
    }
    return ntm_tr(cli, "straight line");
}

static const char *method_code(ntm_proj_method m)
{
    return m == NTM_PROJ_PATTERN ? "pattern" : m == NTM_PROJ_ONE_YEAR ? "one-year" : "straight";
}

static const char *show_when(const ntm_when *w, char *buf, size_t size)
{
    if (!w->known)
        return "—";
    return ntm_when_text(w, 0, buf, size);
}

/* HAS_TIME 2: the hour is shown unless the moment is a day's start or end. */
static const char *show_moment(long minutes, int has_time, char *buf, size_t size)
{
    long rest = minutes % MINUTES_PER_DAY;
    if (has_time == 2)
        has_time = rest != 0 && rest != MINUTES_PER_DAY - 1;
    ntm_when w = {minutes, has_time, 1};
    return ntm_when_text(&w, 0, buf, size);
}

static const char *pct(const ntm_cli *cli, double v, char *buf, size_t size)
{
    return ntm_fmt_percent(buf, size, v, 1, cli->lang);
}

static const char *tranche_text(const ntm_cli *cli, const ntm_tranche_view *t, int year, char *buf,
                                size_t size)
{
    char key[160];
    ntm_fund_key_text(key, sizeof key, &t->key, cli->lang);
    if (t->tranche < year)
        snprintf(buf, size, ntm_tr(cli, "%d tranche (carried over), %s"), t->tranche, key);
    else
        snprintf(buf, size, ntm_tr(cli, "%d tranche, %s"), t->tranche, key);
    return buf;
}

/* ---- table ---------------------------------------------------------------------------- */

static const char *code_of(const ntm_pr_item *it)
{
    return it->indicator ? it->indicator : it->criterion ? it->criterion : "";
}

/* One task on one line: code, task, owner, due, progress, state, flag, P(done by due). */
static void task_line(const ntm_cli *cli, const ntm_period_report *r, const ntm_pr_item *it,
                      int show_owner)
{
    const ntm_task_view *v = it->task;
    const ntm_task *t = v->last;
    char due[40], b1[32], b2[32], fl[80];
    printf("    %-6s %s", code_of(it), t->name);
    if (show_owner)
        printf(" — %s", t->owner ? t->owner : ntm_tr(cli, "no owner"));
    printf(ntm_tr(cli, "; due %s"), show_when(&t->due, due, sizeof due));
    if (isfinite(t->progress)) {
        printf("; %s", pct(cli, t->progress, b1, sizeof b1));
        if (v->flag == NTM_FLAG_BEHIND && isfinite(v->expected))
            printf(ntm_tr(cli, " (needs %s)"), pct(cli, v->expected, b2, sizeof b2));
    }
    printf("; %s; %s", state_text(cli, t->state), flag_text(cli, v, r->now, fl, sizeof fl));
    if (v->method == NTM_PDONE_DRIFT)
        printf(ntm_tr(cli, "; P(done by due) %s"), pct(cli, 100 * v->p_done, b1, sizeof b1));
    else if (v->method == NTM_PDONE_STRAIGHT)
        printf("; %s", ntm_tr(cli, "straight-line rule (fewer than 2 updates)"));
    printf("\n");
}

static size_t count_section(const ntm_period_report *r, ntm_pr_section s)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_items; i++)
        n += r->items[i].section == s;
    return n;
}

static void task_section(const ntm_cli *cli, const ntm_period_report *r, ntm_pr_section s,
                         const char *title)
{
    printf("  %s (%zu)\n", title, count_section(r, s));
    for (size_t i = 0; i < r->n_items; i++)
        if (r->items[i].section == s)
            task_line(cli, r, &r->items[i], 1);
}

static void print_summary(const ntm_cli *cli, const ntm_period_report *r, const char *now_note)
{
    char a[40], b[40], c[40], d[40], e[40];
    printf(ntm_tr(cli, "Period report %s (%s to %s): %s\n"), r->period.label,
           show_moment(ntm_days_from_civil(r->period.first.year, r->period.first.month,
                                           r->period.first.day) *
                           MINUTES_PER_DAY,
                       0, a, sizeof a),
           show_moment(
               ntm_days_from_civil(r->period.last.year, r->period.last.month, r->period.last.day) *
                   MINUTES_PER_DAY,
               0, b, sizeof b),
           r->unit);
    printf(ntm_tr(cli, "Judged at %s (%s); data reported by %s; report deadline %s\n"),
           show_moment(r->now, 2, a, sizeof a), now_note, show_moment(r->cutoff, 2, b, sizeof b),
           show_moment(r->deadline, 2, c, sizeof c));
    printf(ntm_tr(cli, "Summary: %zu task(s) due in the period, %zu done on time, %zu done late; "
                       "%zu overdue, %zu behind; %zu dossier item(s) missing; %zu owner(s) not "
                       "reported\n"),
           r->n_planned, r->n_done, r->n_done_late, r->n_overdue, r->n_behind, r->n_missing,
           r->n_silent);
    if (r->n_tranches)
        printf(ntm_tr(cli, "Money: %s allocated, %s disbursed (%s), of it %s in the period; %s at "
                           "risk of return at 31/12\n"),
               ntm_fmt_money(a, sizeof a, r->allocated, cli->lang),
               ntm_fmt_money(b, sizeof b, r->disbursed, cli->lang),
               pct(cli, r->allocated > 0 ? 100 * r->disbursed / r->allocated : NAN, c, sizeof c),
               ntm_fmt_money(d, sizeof d, r->disbursed_period, cli->lang),
               ntm_fmt_money(e, sizeof e, r->at_risk, cli->lang));
}

static void money_section(const ntm_cli *cli, const ntm_period_report *r)
{
    printf("  %s (%zu)\n", ntm_tr(cli, "Money by tranche and funding key"), r->n_tranches);
    for (size_t i = 0; i < r->n_items; i++) {
        const ntm_pr_item *it = &r->items[i];
        if (it->section != NTM_PR_MONEY)
            continue;
        const ntm_tranche_view *t = it->money;
        char name[240], a[40], b[40], c[40], d[32], e[32], f[32], g[32], h[40], k[40], l[40];
        printf("    %s\n", tranche_text(cli, t, r->period.year, name, sizeof name));
        printf(ntm_tr(cli, "      allocated %s; disbursed %s in the period, %s in all (%s)\n"),
               ntm_fmt_money(a, sizeof a, t->allocated, cli->lang),
               ntm_fmt_money(b, sizeof b, t->disbursed_period, cli->lang),
               ntm_fmt_money(c, sizeof c, t->disbursed, cli->lang),
               pct(cli, 100 * t->rate, d, sizeof d));
        if (!isfinite(t->proj))
            continue;
        if (t->proj_lo < t->proj_hi)
            printf(ntm_tr(cli, "      at 31/12: %s (80%%: %s to %s, %s); at risk %s (%s to %s)\n"),
                   pct(cli, 100 * t->proj, e, sizeof e), pct(cli, 100 * t->proj_lo, f, sizeof f),
                   pct(cli, 100 * t->proj_hi, g, sizeof g), method_text(cli, t->method),
                   ntm_fmt_money(h, sizeof h, t->at_risk, cli->lang),
                   ntm_fmt_money(k, sizeof k, t->at_risk_lo, cli->lang),
                   ntm_fmt_money(l, sizeof l, t->at_risk_hi, cli->lang));
        else
            printf(ntm_tr(cli, "      at 31/12: %s (%s); at risk %s\n"),
                   pct(cli, 100 * t->proj, e, sizeof e), method_text(cli, t->method),
                   ntm_fmt_money(h, sizeof h, t->at_risk, cli->lang));
    }
}

/* The tranches of each funding key summed (the year's own and those carried over). */
static void money_by_key(const ntm_cli *cli, const ntm_period_report *r)
{
    printf("  %s\n", ntm_tr(cli, "By funding key, all tranches"));
    for (size_t i = 0; i < r->n_tranches; i++) {
        const ntm_tranche_view *t = &r->tranches[i];
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = ntm_fund_key_equal(&r->tranches[j].key, &t->key);
        if (seen)
            continue;
        double alloc = 0, paid = 0, period = 0;
        for (size_t j = i; j < r->n_tranches; j++)
            if (ntm_fund_key_equal(&r->tranches[j].key, &t->key)) {
                alloc += r->tranches[j].allocated;
                paid += r->tranches[j].disbursed;
                period += r->tranches[j].disbursed_period;
            }
        char key[160], a[40], b[40], c[40], d[32];
        ntm_fund_key_text(key, sizeof key, &t->key, cli->lang);
        printf(ntm_tr(cli, "    %s: allocated %s; disbursed %s in the period, %s in all (%s)\n"),
               key, ntm_fmt_money(a, sizeof a, alloc, cli->lang),
               ntm_fmt_money(b, sizeof b, period, cli->lang),
               ntm_fmt_money(c, sizeof c, paid, cli->lang),
               pct(cli, alloc > 0 ? 100 * paid / alloc : NAN, d, sizeof d));
    }
}

static const char *assess_text(const ntm_cli *cli, ntm_assess a)
{
    return a == NTM_ASSESS_MET     ? ntm_tr(cli, "met")
           : a == NTM_ASSESS_UNMET ? ntm_tr(cli, "unmet")
                                   : "—";
}

static void moved_section(const ntm_cli *cli, const ntm_period_report *r)
{
    printf("  %s (%zu)\n", ntm_tr(cli, "Indicators that moved"), count_section(r, NTM_PR_MOVED));
    for (size_t i = 0; i < r->n_items; i++) {
        const ntm_pr_item *it = &r->items[i];
        if (it->section != NTM_PR_MOVED)
            continue;
        char a[32], b[32], c[32];
        printf("    %-6s %s: ", code_of(it), it->text ? it->text : "");
        int percent = it->unit_of_value && strcmp(it->unit_of_value, "%") == 0;
        if (isfinite(it->from) && isfinite(it->to))
            printf("%s → %s (%s%s%s)", ntm_fmt_number(a, sizeof a, it->from, 2, cli->lang),
                   ntm_fmt_number(b, sizeof b, it->to, 2, cli->lang), it->to >= it->from ? "+" : "",
                   ntm_fmt_number(c, sizeof c, it->to - it->from, 2, cli->lang),
                   percent ? ntm_tr(cli, " points") : "");
        if (it->status_to != NTM_ASSESS_NONE && it->status_to != it->status_from)
            printf("%s%s → %s", isfinite(it->from) && isfinite(it->to) ? "; " : "",
                   assess_text(cli, it->status_from), assess_text(cli, it->status_to));
        printf("\n");
    }
}

static void dossier_section(const ntm_cli *cli, const ntm_period_report *r)
{
    printf("%s (%zu)\n", ntm_tr(cli, "4. Dossier items missing, by criterion"), r->n_missing);
    const char *last = NULL;
    for (size_t i = 0; i < r->n_items; i++) {
        const ntm_pr_item *it = &r->items[i];
        if (it->section != NTM_PR_DOSSIER)
            continue;
        if (!last || strcmp(last, it->criterion) != 0) {
            printf(ntm_tr(cli, "  criterion %s%s\n"), it->criterion,
                   it->criterion_met ? ntm_tr(cli, ": met but dossier incomplete") : "");
            last = it->criterion;
        }
        printf("    - %s: %s", doc_kind_text(cli, it->doc->kind), it->text);
        if (it->owner)
            printf(ntm_tr(cli, " (kept by %s)"), it->owner);
        printf("\n");
    }
}

static void silent_section(const ntm_cli *cli, const ntm_period_report *r)
{
    char d[40];
    printf(ntm_tr(cli, "5. Not reported by the deadline %s (%zu)\n"),
           show_moment(r->deadline, 2, d, sizeof d), r->n_silent);
    for (size_t i = 0; i < r->n_items; i++)
        if (r->items[i].section == NTM_PR_SILENT)
            printf("    - %s\n", r->items[i].owner);
}

static void print_table(const ntm_cli *cli, const ntm_period_report *r, const char *now_note)
{
    print_summary(cli, r, now_note);
    printf("\n%s\n", ntm_tr(cli, "1. Planned for the period"));
    task_section(cli, r, NTM_PR_PLANNED, ntm_tr(cli, "Tasks due in the period"));
    printf(ntm_tr(cli, "  Criteria registered for %d (%zu):"), r->period.year,
           count_section(r, NTM_PR_REGISTERED));
    for (size_t i = 0; i < r->n_items; i++)
        if (r->items[i].section == NTM_PR_REGISTERED)
            printf(" %s", r->items[i].criterion);
    printf("\n\n%s\n", ntm_tr(cli, "2. Done"));
    task_section(cli, r, NTM_PR_DONE, ntm_tr(cli, "Tasks finished in the period"));
    moved_section(cli, r);
    money_section(cli, r);
    if (r->n_tranches)
        money_by_key(cli, r);
    printf("\n%s (%zu)\n", ntm_tr(cli, "3. Overdue or behind, by owner"),
           r->n_overdue + r->n_behind);
    const char *owner = NULL;
    for (size_t i = 0; i < r->n_items; i++) {
        const ntm_pr_item *it = &r->items[i];
        if (it->section != NTM_PR_LATE)
            continue;
        const char *o = it->owner ? it->owner : ntm_tr(cli, "no owner");
        if (!owner || strcmp(owner, o) != 0)
            printf("  %s\n", o);
        owner = o;
        task_line(cli, r, it, 0);
    }
    printf("\n");
    dossier_section(cli, r);
    printf("\n");
    silent_section(cli, r);
    printf(ntm_tr(cli, "\n6. Next period (%s)\n"), r->next.label);
    task_section(cli, r, NTM_PR_NEXT, ntm_tr(cli, "Tasks due"));
}

/* ---- CSV and JSON Lines: one record per item ------------------------------------------ */

enum {
    F_SECTION,
    F_CRIT,
    F_IND,
    F_ITEM,
    F_OWNER,
    F_DIRECTOR,
    F_DUE,
    F_PROGRESS,
    F_EXPECTED,
    F_STATE,
    F_FLAG,
    F_PDONE,
    F_METHOD,
    F_FROM,
    F_TO,
    F_SFROM,
    F_STO,
    F_TRANCHE,
    F_KEY,
    F_ALLOC,
    F_DPERIOD,
    F_DISB,
    F_RATE,
    F_PROJ,
    F_PROJ_LO,
    F_PROJ_HI,
    F_RISK,
    F_MET,
    F_KIND,
    F_N
};
static const char *const FIELD_NAMES[F_N] = {"section",       "criterion",     "indicator",
                                             "item",          "owner",         "director",
                                             "due",           "progress",      "expected",
                                             "state",         "flag",          "p_done",
                                             "method",        "value_from",    "value_to",
                                             "status_from",   "status_to",     "tranche",
                                             "key",           "allocated",     "disbursed_period",
                                             "disbursed",     "rate",          "projection",
                                             "projection_lo", "projection_hi", "at_risk",
                                             "criterion_met", "kind"};
static const int FIELD_NUMERIC[F_N] = {
    [F_PROGRESS] = 1, [F_EXPECTED] = 1, [F_PDONE] = 1,   [F_FROM] = 1, [F_TO] = 1,
    [F_TRANCHE] = 1,  [F_ALLOC] = 1,    [F_DPERIOD] = 1, [F_DISB] = 1, [F_RATE] = 1,
    [F_PROJ] = 1,     [F_PROJ_LO] = 1,  [F_PROJ_HI] = 1, [F_RISK] = 1};

typedef struct record {
    const char *v[F_N];
    char num[F_N][40];
    char due[40], key[160];
} record;

static void set_num(record *rc, int f, double v)
{
    if (isfinite(v)) {
        ntm_fmt_plain(rc->num[f], sizeof rc->num[f], v, 0);
        rc->v[f] = rc->num[f];
    }
}

static void fill_task(record *rc, const ntm_task_view *v)
{
    const ntm_task *t = v->last;
    rc->v[F_ITEM] = t->name;
    rc->v[F_OWNER] = t->owner;
    rc->v[F_DIRECTOR] = t->director;
    if (t->due.known)
        rc->v[F_DUE] = ntm_when_text(&t->due, 1, rc->due, sizeof rc->due);
    set_num(rc, F_PROGRESS, t->progress);
    set_num(rc, F_EXPECTED, v->expected);
    rc->v[F_STATE] = ntm_task_state_name(t->state);
    rc->v[F_FLAG] = flag_code(v->flag);
    set_num(rc, F_PDONE, v->p_done);
    rc->v[F_METHOD] = v->method == NTM_PDONE_DRIFT      ? "drift"
                      : v->method == NTM_PDONE_STRAIGHT ? "straight-line"
                                                        : NULL;
}

static void fill_money(record *rc, const ntm_tranche_view *t)
{
    set_num(rc, F_TRANCHE, t->tranche);
    snprintf(rc->key, sizeof rc->key, "%s %s %s", ntm_fund_source_name(t->key.source),
             ntm_capital_name(t->key.capital), ntm_programme_name(t->key.programme));
    rc->v[F_KEY] = rc->key;
    set_num(rc, F_ALLOC, t->allocated);
    set_num(rc, F_DPERIOD, t->disbursed_period);
    set_num(rc, F_DISB, t->disbursed);
    set_num(rc, F_RATE, t->rate);
    set_num(rc, F_PROJ, t->proj);
    set_num(rc, F_PROJ_LO, t->proj_lo);
    set_num(rc, F_PROJ_HI, t->proj_hi);
    set_num(rc, F_RISK, t->at_risk);
    rc->v[F_METHOD] = method_code(t->method);
}

static void fill(record *rc, const ntm_pr_item *it)
{
    static const char *const sections[] = {"planned", "registered", "done",   "moved", "money",
                                           "late",    "dossier",    "silent", "next"};
    memset(rc, 0, sizeof *rc);
    rc->v[F_SECTION] = sections[it->section];
    rc->v[F_CRIT] = it->criterion;
    rc->v[F_IND] = it->indicator;
    rc->v[F_ITEM] = it->text;
    rc->v[F_OWNER] = it->owner;
    if (it->task && it->section != NTM_PR_SILENT)
        fill_task(rc, it->task);
    if (it->money)
        fill_money(rc, it->money);
    if (it->section == NTM_PR_MOVED) {
        set_num(rc, F_FROM, it->from);
        set_num(rc, F_TO, it->to);
        rc->v[F_SFROM] = it->status_from ? ntm_assess_name(it->status_from) : NULL;
        rc->v[F_STO] = it->status_to ? ntm_assess_name(it->status_to) : NULL;
    }
    if (it->doc) {
        rc->v[F_MET] = it->criterion_met ? "yes" : "no";
        rc->v[F_KIND] = ntm_doc_kind_name(it->doc->kind);
    }
}

static void print_records(const ntm_cli *cli, const ntm_period_report *r)
{
    int csv = cli->format == NTM_FORMAT_CSV;
    for (size_t i = 0; csv && i < F_N; i++)
        printf("%s%s", i ? "," : "unit,period,", FIELD_NAMES[i]);
    if (csv)
        printf("\n");
    for (size_t i = 0; i < r->n_items; i++) {
        record rc;
        fill(&rc, &r->items[i]);
        if (csv) {
            ntm_csv_field(stdout, r->unit);
            printf(",%s", r->period.label);
            for (int f = 0; f < F_N; f++) {
                putchar(',');
                ntm_csv_field(stdout, rc.v[f]);
            }
            printf("\n");
            continue;
        }
        printf("{\"unit\":");
        ntm_json_string(stdout, r->unit);
        printf(",\"period\":\"%s\"", r->period.label);
        for (int f = 0; f < F_N; f++) {
            if (!rc.v[f])
                continue;
            printf(",\"%s\":", FIELD_NAMES[f]);
            if (FIELD_NUMERIC[f])
                fputs(rc.v[f], stdout);
            else
                ntm_json_string(stdout, rc.v[f]);
        }
        printf("}\n");
    }
}

/* ---- the command ---------------------------------------------------------------------- */

/* The moments of the report: now, the data cut-off, the deadline. */
typedef struct moments {
    long now, cutoff, deadline;
    const char *now_note;
} moments;

static int parse_moments(const ntm_cli *cli, const opts *o, const ntm_period *p, moments *m)
{
    ntm_moment x;
    const char *why;
    long pend = ntm_days_from_civil(p->last.year, p->last.month, p->last.day) * MINUTES_PER_DAY +
                MINUTES_PER_DAY - 1;
    m->now = pend;
    m->now_note = ntm_tr(cli, "the end of the period: no --today");
    if (cli->today_at) {
        if (ntm_moment_parse(cli->today_at, NTM_MOMENT_START, &x, &why) != NTM_OK)
            return ntm_cli_usage(cli, ntm_tr(cli, "--today '%s': %s"), cli->today_at, why);
        m->now = x.minutes;
        m->now_note = "--today";
    }
    m->cutoff = m->now;
    if (o->at) {
        if (ntm_moment_parse(o->at, NTM_MOMENT_END, &x, &why) != NTM_OK)
            return ntm_cli_usage(cli, ntm_tr(cli, "--at '%s': %s"), o->at, why);
        m->cutoff = x.minutes;
    }
    m->deadline = pend;
    if (o->deadline) {
        if (ntm_moment_parse(o->deadline, NTM_MOMENT_END, &x, &why) != NTM_OK)
            return ntm_cli_usage(cli, ntm_tr(cli, "--deadline '%s': %s"), o->deadline, why);
        m->deadline = x.minutes;
    }
    return -1;
}

/* The scenario's interventions with a task (owner, task, due) for UNIT, as tasks without a
 * report, unless a stored task has the same name. Appended to *T (n, cap). */
static int scenario_tasks(const ntm_scenario *sc, const char *unit, ntm_task **t, size_t *n)
{
    for (size_t i = 0; sc && i < sc->n_iv; i++) {
        const ntm_intervention *iv = &sc->iv[i];
        if (!iv->task || (iv->unit && strcmp(iv->unit, unit) != 0))
            continue;
        int known = 0;
        for (size_t k = 0; k < *n && !known; k++)
            known = strcmp((*t)[k].name, iv->task) == 0;
        if (known)
            continue;
        ntm_task *p = realloc(*t, (*n + 1) * sizeof *p);
        if (!p)
            return -1;
        *t = p;
        ntm_task *x = &p[(*n)++];
        memset(x, 0, sizeof *x);
        x->volume = x->money = x->progress = x->done = x->total = NAN;
        x->unit = strdup(unit);
        x->indicator = iv->indicator ? strdup(iv->indicator) : NULL;
        x->criterion = strndup(iv->indicator ? iv->indicator : "",
                               strcspn(iv->indicator ? iv->indicator : "", "."));
        x->name = strdup(iv->task);
        x->owner = iv->owner ? strdup(iv->owner) : NULL;
        x->source = sc->path ? strdup(sc->path) : NULL;
        const char *why;
        ntm_when_parse(iv->due, NTM_MOMENT_END, &x->due, &why);
    }
    return 0;
}

/* Loads UNIT's data, builds its report and prints it. */
static int report_unit(const ntm_cli *cli, ntm_store *st, const char *unit, const opts *o,
                       const ntm_period *p, const moments *m, const ntm_scenario *sc)
{
    ntm_error err = {0};
    ntm_unit_data ud;
    ntm_pr_input in = {0};
    ntm_task *tasks = NULL;
    ntm_dossier_item *docs = NULL;
    ntm_registration *regs = NULL;
    ntm_money *money = NULL;
    size_t nt = 0, nd = 0, nr = 0, nm = 0;
    int rc = ntm_unit_data_load(cli, st, unit, &ud, &err);
    const char *name = rc == NTM_OK ? ud.units[ud.pick].name : NULL;
    if (rc == NTM_OK)
        rc = ntm_store_get_tasks(st, name, &tasks, &nt, &err);
    if (rc == NTM_OK)
        rc = ntm_store_get_dossier(st, name, &docs, &nd, &err);
    if (rc == NTM_OK)
        rc = ntm_store_get_registrations(st, name, &regs, &nr, &err);
    if (rc == NTM_OK)
        rc = ntm_store_get_money(st, name, &money, &nm, &err);
    if (rc == NTM_OK && scenario_tasks(sc, name, &tasks, &nt) != 0)
        rc = ntm_error_set(&err, NTM_ENOMEM, "%s", ntm_tr(cli, "out of memory"));
    ntm_period_report r = {0};
    if (rc == NTM_OK) {
        in = (ntm_pr_input){name,        p,
                            m->now,      m->cutoff,
                            m->deadline, o->soon_days * MINUTES_PER_DAY,
                            tasks,       nt,
                            docs,        nd,
                            regs,        nr,
                            money,       nm,
                            &ud.cat,     &ud.units[ud.pick],
                            ud.obs,      ud.n_obs};
        rc = ntm_period_report_build(&r, &in, &err);
    }
    if (rc == NTM_OK) {
        if (cli->format == NTM_FORMAT_TABLE)
            print_table(cli, &r, m->now_note);
        else
            print_records(cli, &r);
    }
    ntm_period_report_release(&r);
    ntm_store_free_tasks(tasks, nt);
    ntm_store_free_dossier(docs, nd);
    ntm_store_free_registrations(regs, nr);
    ntm_store_free_money(money, nm);
    ntm_unit_data_release(&ud);
    return rc == NTM_OK ? NTM_EXIT_OK : ntm_cli_fail(cli, &err);
}

int cmd_progress(int argc, char **argv, ntm_cli *cli)
{
    opts o;
    int rc = parse(argc, argv, cli, &o);
    if (rc >= 0)
        return rc;
    ntm_period p;
    const char *why;
    if (ntm_period_parse(o.period, &p, &why) != NTM_OK)
        return ntm_cli_usage(cli, ntm_tr(cli, "--period '%s': %s"), o.period, why);
    moments m;
    if ((rc = parse_moments(cli, &o, &p, &m)) >= 0)
        return rc;
    ntm_scenario sc = {0};
    if (o.scenario) {
        char defaults[4200];
        snprintf(defaults, sizeof defaults, "%s/defaults.ini", ntm_cli_models_dir(cli));
        ntm_diag_list d;
        ntm_diag_list_init(&d);
        ntm_status s = ntm_scenario_read(o.scenario, defaults, &sc, &d);
        for (size_t i = 0; i < d.n; i++) {
            char line[1400];
            ntm_diag_format(&d.items[i], line, sizeof line);
            fprintf(stderr, "%s\n", line);
        }
        ntm_diag_list_release(&d);
        if (s != NTM_OK) {
            ntm_scenario_release(&sc);
            ntm_error e;
            ntm_error_set(&e, s, ntm_tr(cli, "%s: the scenario cannot be read"), o.scenario);
            return ntm_cli_fail(cli, &e);
        }
    }
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK) {
        ntm_scenario_release(&sc);
        return ntm_cli_fail(cli, &err);
    }
    rc = NTM_EXIT_OK;
    if (o.scenario)
        for (size_t i = 0; i < sc.n_units && rc == NTM_EXIT_OK; i++) {
            if (i && cli->format == NTM_FORMAT_TABLE)
                printf("\n");
            rc = report_unit(cli, st, sc.units[i], &o, &p, &m, &sc);
        }
    else
        rc = report_unit(cli, st, o.unit, &o, &p, &m, NULL);
    ntm_store_close(st);
    ntm_scenario_release(&sc);
    return rc;
}
