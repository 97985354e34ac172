/* check.c: `ntmplan check --year Y [SCENARIO.ini | --run ID]`: can the targets be met?
 * For each unit: P(standard) by 31/12/Y and at the deadline, the criteria most likely to
 * hold it back, every unmet indicator and criterion with P(met by its target year and by
 * 31/12/Y), the expected year met with its 80% range and what the scenario puts into it;
 * met criteria that may slip ("đạt nhưng có nguy cơ"); the "Việc cần làm" table. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "plan/evaluate.h"
#include "plan/report_data.h"
#include "plan/results.h"
#include "io/number.h"
#include "io/text.h"
#include "model/budget.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan check --year YEAR [SCENARIO.ini | --run ID] [--threads N]\n"
            "                     [--format table|csv|json]\n\n"
            "With the scenario's money, can the targets be met, and how likely is it: P(standard)\n"
            "by 31/12/YEAR and at the deadline, the criteria most likely to hold it back, every\n"
            "unmet indicator and criterion (P(met) by its target year and by 31/12/YEAR, the\n"
            "expected year met with its 80% range, the money the scenario puts into it), met\n"
            "criteria at risk of slipping, and the \"Việc cần làm\" table (task / who / due /\n"
            "status). Without --run the scenario is simulated now (not stored); --run ID uses a\n"
            "stored run (0: the latest)."));
}

typedef struct report {
    const ntm_cli *cli;
    const ntm_eval *ev;
    const ntm_run *run;
    int year;  /* the --year asked */
    size_t yi; /* its index in the run's years */
} report;

static const char *pct(const report *r, double p, char *b, size_t n)
{
    return ntm_fmt_percent(b, n, 100 * p, 0, r->cli->lang);
}

/* A name cut to WIDTH display columns with "…". */
static const char *short_name(const char *s, int width, char *b, size_t n)
{
    if (ntm_text_width(s) <= width) {
        snprintf(b, n, "%s", s);
        return b;
    }
    size_t o = 0;
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 8 < n;) {
        size_t len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        char ch[8];
        memcpy(ch, p, len);
        ch[len] = '\0';
        int cw = ntm_text_width(ch);
        if (w + cw > width - 1)
            break;
        memcpy(b + o, p, len);
        o += len;
        w += cw;
        p += len;
    }
    snprintf(b + o, n - o, "…");
    return b;
}

static const char *name_of(const ntm_cli *cli, const char *vi, const char *en)
{
    return ntm_name_in(cli->lang, vi, en);
}

/* Indicators with neither a value against a threshold nor an assessment: no P is given
 * for them (status calls them "chưa rõ"); the standard cannot be met while they are. */
static void unknown_indicators(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    int header = 0;
    char d[160];
    for (size_t k = 0; k < eu->sc.n_ind; k++) {
        const ntm_indicator_result *ir = &eu->sc.ind[k];
        if (ir->state != NTM_STATE_UNKNOWN)
            continue;
        if (!header) {
            printf("\n  %s\n", ntm_tr(cli, "Indicators unknown (no data: no probability is given; "
                                           "the standard is not met while they are unknown)"));
            header = 1;
        }
        printf("  ");
        ntm_cli_put_cell(ir->ind->code, 7);
        printf("%s\n",
               short_name(name_of(cli, ir->ind->name_vi, ir->ind->name_en), 80, d, sizeof d));
    }
}

static void unknown_criteria(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    int header = 0;
    char d[160];
    for (size_t k = 0; k < eu->sc.n_crit; k++) {
        const ntm_criterion_result *cr = &eu->sc.crit[k];
        if (cr->state != NTM_STATE_UNKNOWN)
            continue;
        if (!header) {
            printf("\n  %s\n", ntm_tr(cli, "Criteria unknown (no data)"));
            header = 1;
        }
        printf("  ");
        ntm_cli_put_cell(cr->crit->code, 5);
        printf("%s\n",
               short_name(name_of(cli, cr->crit->name_vi, cr->crit->name_en), 80, d, sizeof d));
    }
}

static void unit_head(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    const ntm_run_meta *m = &r->run->meta;
    const char *unit = eu->unit.name;
    char a[64], b[64], c[64];
    const ntm_run_item *ui = ntm_run_find(r->run, NTM_RUN_UNIT, unit, NULL);
    printf("\n%s\n", unit);
    if (ui) {
        printf("  %s 31/12/%d: %s", ntm_tr(cli, "P(standard met: every criterion) by"), r->year,
               pct(r, ui->p_met[r->yi], a, sizeof a));
        printf(" (±%s)", ntm_fmt_number(b, sizeof b, 100 * ui->p_met_se[r->yi], 1, cli->lang));
        if (m->deadline != r->year)
            printf("; %s 31/12/%d: %s", ntm_tr(cli, "by the deadline"), m->deadline,
                   pct(r, ui->p_deadline, c, sizeof c));
        printf("\n");
        if (ui->mean_met)
            printf("  %s %d: %s/%zu\n", ntm_tr(cli, "Expected criteria met at the end of"), r->year,
                   ntm_fmt_number(a, sizeof a, ui->mean_met[r->yi], 1, cli->lang), eu->sc.n_crit);
    }
}

static void unit_hold_back(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    char a[64];
    /* The criteria holding the standard back: the lowest P by the year. */
    const ntm_criterion_result *hold[NTM_HOLD_BACK_MAX];
    double hold_p[NTM_HOLD_BACK_MAX];
    size_t n_hold = ntm_results_hold_back(r->run, r->yi, eu, hold, hold_p);
    if (n_hold) {
        printf("  %s:", ntm_tr(cli, "Criteria holding it back most"));
        for (size_t k = 0; k < n_hold; k++)
            printf("%s %s %s (%s)", k ? ";" : "", hold[k]->crit->code,
                   name_of(cli, hold[k]->crit->name_vi, hold[k]->crit->name_en),
                   hold[k]->state == NTM_STATE_UNKNOWN ? ntm_tr(cli, "unknown: no data")
                                                       : pct(r, hold_p[k], a, sizeof a));
        printf("\n");
    }
}

static void unit_indicators(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    const char *unit = eu->unit.name;
    char a[64], b[64], d[160];
    /* Unmet indicators. */
    size_t n_assumed = 0;
    printf("\n  %s\n", ntm_tr(cli, "Indicators not met"));
    printf("  ");
    ntm_cli_put_cell(ntm_tr(cli, "Code"), 7);
    ntm_cli_put_cell(ntm_tr(cli, "Indicator"), 34);
    ntm_cli_put_cell(ntm_tr(cli, "Target"), 9);
    snprintf(d, sizeof d, "P(%s)", ntm_tr(cli, "by target"));
    ntm_cli_put_cell(d, 17);
    snprintf(d, sizeof d, "P(%s %d)", ntm_tr(cli, "by"), r->year);
    ntm_cli_put_cell(d, 13);
    ntm_cli_put_cell(ntm_tr(cli, "Expected year"), 30);
    printf("%s\n", ntm_tr(cli, "Scenario puts in"));
    for (size_t k = 0; k < eu->sc.n_ind; k++) {
        const ntm_indicator_result *ir = &eu->sc.ind[k];
        if (ir->state != NTM_STATE_UNMET)
            continue;
        const ntm_run_item *it = ntm_run_find(r->run, NTM_RUN_INDICATOR, unit, ir->ind->code);
        if (!it)
            continue;
        const ntm_assumption *as = ntm_report_assumption(r->ev, ir);
        char code[32];
        snprintf(code, sizeof code, "%s%s", ir->ind->code, as ? " *" : "");
        n_assumed += as != NULL;
        printf("  ");
        ntm_cli_put_cell(code, 7);
        ntm_cli_put_cell(
            short_name(name_of(cli, ir->ind->name_vi, ir->ind->name_en), 32, d, sizeof d), 34);
        snprintf(a, sizeof a, "%d", it->target_year);
        ntm_cli_put_cell(a, 9);
        ntm_cli_put_cell(pct(r, it->p_target, a, sizeof a), 17);
        ntm_cli_put_cell(pct(r, it->p_met[r->yi], a, sizeof a), 13);
        ntm_cli_put_cell(ntm_report_expected_year(r->cli, r->run, it, b, sizeof b), 30);
        int n_iv, effort;
        double money = ntm_report_money_for(r->ev, unit, ir->ind->code, &n_iv, &effort);
        if (money > 0)
            printf("%s", ntm_fmt_money(a, sizeof a, money, cli->lang));
        else if (effort)
            printf("%s", ntm_tr(cli, "effort (not money)"));
        else
            printf("%s", ntm_tr(cli, "nothing"));
        printf("\n");
    }

    if (n_assumed) {
        printf("  * %s\n",
               ntm_tr(cli, "uses the scenario's assumptions, not confirmed data or thresholds:"));
        for (size_t k = 0; k < eu->sc.n_ind; k++) {
            const ntm_assumption *as = ntm_report_assumption(r->ev, &eu->sc.ind[k]);
            if (!as || eu->sc.ind[k].state == NTM_STATE_MET)
                continue;
            char line[4096];
            size_t o = (size_t)snprintf(line, sizeof line, "%s:", as->indicator);
            if (isfinite(as->value) && o < sizeof line)
                o += (size_t)snprintf(line + o, sizeof line - o, " %s %s;", ntm_tr(cli, "value"),
                                      ntm_fmt_number(a, sizeof a, as->value, 2, cli->lang));
            if (isfinite(as->lower) && o < sizeof line)
                o += (size_t)snprintf(line + o, sizeof line - o, " %s ≥ %s;",
                                      ntm_tr(cli, "threshold"),
                                      ntm_fmt_number(a, sizeof a, as->lower, 2, cli->lang));
            if (isfinite(as->upper) && o < sizeof line)
                o += (size_t)snprintf(line + o, sizeof line - o, " %s ≤ %s;",
                                      ntm_tr(cli, "threshold"),
                                      ntm_fmt_number(a, sizeof a, as->upper, 2, cli->lang));
            if (o < sizeof line)
                snprintf(line + o, sizeof line - o, " %s", as->source ? as->source : "");
            printf("    ");
            ntm_cli_put_wrapped(line, 4, 6, 96);
            printf("\n");
        }
    }
}

static void unit_why(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    const char *unit = eu->unit.name;
    /* Why the unlikely ones are unlikely. */
    int why_header = 0;
    for (size_t k = 0; k < eu->sc.n_ind; k++) {
        const ntm_indicator_result *ir = &eu->sc.ind[k];
        if (ir->state != NTM_STATE_UNMET)
            continue;
        const ntm_run_item *it = ntm_run_find(r->run, NTM_RUN_INDICATOR, unit, ir->ind->code);
        if (!it || !(it->p_target < NTM_UNLIKELY_BELOW))
            continue;
        if (!why_header) {
            printf("\n  %s\n",
                   ntm_tr(cli, "Why these are unlikely by their target year (P below 10%):"));
            why_header = 1;
        }
        int n_iv, effort;
        double money = ntm_report_money_for(r->ev, unit, ir->ind->code, &n_iv, &effort);
        int ty = it->target_year - r->run->meta.start_year;
        printf("    %-6s ", ir->ind->code);
        char line[600];
        if (it->quant && ty >= 0 && (size_t)ty < it->n_years) {
            const double *q = &it->quant[(size_t)ty * NTM_RUN_NQ];
            int is_pct = ir->ind->kind == NTM_KIND_RATE || ir->ind->kind == NTM_KIND_SUM;
            char md[32], lo[32], hi[32], th[32];
            double bound = ir->threshold ? (isfinite(ir->threshold->upper) ? ir->threshold->upper
                                                                           : ir->threshold->lower)
                                         : NAN;
            const ntm_assumption *as = ntm_report_assumption(r->ev, ir);
            if (!isfinite(bound) && as)
                bound = isfinite(as->upper) ? as->upper : as->lower;
            snprintf(line, sizeof line,
                     ntm_tr(cli, "forecast for the end of %d: median %s (80%% range %s – %s) "
                                 "against the threshold %s %s%s"),
                     it->target_year,
                     is_pct ? ntm_fmt_percent(md, sizeof md, q[4], 1, cli->lang)
                            : ntm_fmt_number(md, sizeof md, q[4], 1, cli->lang),
                     is_pct ? ntm_fmt_percent(lo, sizeof lo, q[2], 1, cli->lang)
                            : ntm_fmt_number(lo, sizeof lo, q[2], 1, cli->lang),
                     is_pct ? ntm_fmt_percent(hi, sizeof hi, q[6], 1, cli->lang)
                            : ntm_fmt_number(hi, sizeof hi, q[6], 1, cli->lang),
                     ir->ind->direction == NTM_DIR_MAX ? "≤" : "≥",
                     is_pct ? ntm_fmt_percent(th, sizeof th, bound, 1, cli->lang)
                            : ntm_fmt_number(th, sizeof th, bound, 1, cli->lang),
                     money > 0 || effort
                         ? ntm_tr(cli, "; what is planned is too little or too late")
                     : n_iv ? ntm_tr(cli, "; the scenario puts no money into what acts on it")
                            : ntm_tr(cli, "; nothing in the scenario acts on it"));
        } else if (!n_iv) {
            snprintf(line, sizeof line, "%s",
                     ntm_tr(cli, "nothing in the scenario acts on it, and there is too little data "
                                 "for a trend"));
        } else if (money > 0) {
            snprintf(line, sizeof line, "%s",
                     ntm_tr(cli, "the money comes late or the work is finished after the target "
                                 "year (see the timing warnings), or it is not enough"));
        } else if (effort) {
            snprintf(line, sizeof line, "%s",
                     ntm_tr(cli, "the expected pace of the work is too slow"));
        } else {
            snprintf(line, sizeof line, "%s",
                     ntm_tr(cli, "the scenario puts no money into what acts on it"));
        }
        ntm_cli_put_wrapped(line, 11, 11, 96);
        printf("\n");
    }
}

static void unit_criteria(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    const char *unit = eu->unit.name;
    char a[64], b[64], d[160];
    /* Unmet criteria. */
    printf("\n  %s\n  ", ntm_tr(cli, "Criteria not met"));
    ntm_cli_put_cell(ntm_tr(cli, "No."), 5);
    ntm_cli_put_cell(ntm_tr(cli, "Criterion"), 36);
    ntm_cli_put_cell(ntm_tr(cli, "Target"), 9);
    snprintf(d, sizeof d, "P(%s)", ntm_tr(cli, "by target"));
    ntm_cli_put_cell(d, 17);
    snprintf(d, sizeof d, "P(%s %d)", ntm_tr(cli, "by"), r->year);
    ntm_cli_put_cell(d, 13);
    printf("%s\n", ntm_tr(cli, "Expected year"));
    for (size_t k = 0; k < eu->sc.n_crit; k++) {
        const ntm_criterion_result *cr = &eu->sc.crit[k];
        if (cr->state != NTM_STATE_UNMET)
            continue;
        const ntm_run_item *it = ntm_run_find(r->run, NTM_RUN_CRITERION, unit, cr->crit->code);
        if (!it)
            continue;
        printf("  ");
        ntm_cli_put_cell(cr->crit->code, 5);
        ntm_cli_put_cell(
            short_name(name_of(cli, cr->crit->name_vi, cr->crit->name_en), 34, d, sizeof d), 36);
        snprintf(a, sizeof a, "%d", it->target_year);
        ntm_cli_put_cell(a, 9);
        ntm_cli_put_cell(pct(r, it->p_target, a, sizeof a), 17);
        ntm_cli_put_cell(pct(r, it->p_met[r->yi], a, sizeof a), 13);
        printf("%s\n", ntm_report_expected_year(r->cli, r->run, it, b, sizeof b));
    }
}

static void unit_at_risk(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    const char *unit = eu->unit.name;
    char a[64];
    /* Met criteria that may slip. */
    int header = 0;
    for (size_t k = 0; k < eu->sc.n_crit; k++) {
        const ntm_criterion_result *cr = &eu->sc.crit[k];
        if (cr->state != NTM_STATE_MET)
            continue;
        const ntm_run_item *it = ntm_run_find(r->run, NTM_RUN_CRITERION, unit, cr->crit->code);
        if (!it || !ntm_results_at_risk(cr->state, it->p_met[r->yi]))
            continue;
        if (!header) {
            printf("\n  %s\n", ntm_tr(cli, "Met but at risk (P(still met) below 95%)"));
            header = 1;
        }
        printf("  %-4s %s: P(%s 31/12/%d) = %s\n", cr->crit->code,
               name_of(cli, cr->crit->name_vi, cr->crit->name_en), ntm_tr(cli, "still met"),
               r->year, pct(r, it->p_met[r->yi], a, sizeof a));
    }
    if (!header)
        printf("\n  %s\n",
               ntm_tr(cli, "No met criterion is at notable risk (P(still met) ≥ 95%)."));
}

static void unit_tasks(const report *r, const ntm_eval_unit *eu)
{
    const ntm_cli *cli = r->cli;
    const char *unit = eu->unit.name;
    char a[64], d[160];
    /* Việc cần làm: one row per intervention of this unit. */
    printf("\n  %s\n  ", ntm_tr(cli, "Việc cần làm (to do)"));
    ntm_cli_put_cell(ntm_tr(cli, "Task"), 46);
    ntm_cli_put_cell(ntm_tr(cli, "Who"), 24);
    ntm_cli_put_cell(ntm_tr(cli, "Due"), 12);
    printf("%s\n", ntm_tr(cli, "Status"));
    for (size_t i = 0; i < r->ev->n_iv; i++) {
        const ntm_sim_iv *si = &r->ev->iv[i];
        const ntm_sim_indicator *ind = &r->ev->ind[si->indicator];
        if (strcmp(r->ev->unit_names[ind->unit], unit) != 0)
            continue;
        const ntm_intervention *iv = si->iv;
        const ntm_run_item *it = ntm_run_find(r->run, NTM_RUN_INDICATOR, unit, ind->code);
        char task[200];
        snprintf(task, sizeof task, "%s (%s)", iv->task ? iv->task : iv->name, ind->code);
        printf("  ");
        ntm_cli_put_cell(short_name(task, 44, d, sizeof d), 46);
        ntm_cli_put_cell(short_name(iv->owner ? iv->owner : "—", 22, a, sizeof a), 24);
        ntm_cli_put_cell(iv->due ? iv->due : "—", 12);
        double p_due;
        char st[200];
        printf("%s", ntm_report_task_status(cli, r->run, ind->met,
                                            ntm_results_indicator_state(eu, ind->code), it, iv->due,
                                            &p_due, st, sizeof st));
        printf("\n");
    }
}

static void table_unit(const report *r, const ntm_eval_unit *eu)
{
    unit_head(r, eu);
    unit_hold_back(r, eu);
    unit_indicators(r, eu);
    unknown_indicators(r, eu);
    unit_why(r, eu);
    unit_criteria(r, eu);
    unknown_criteria(r, eu);
    unit_at_risk(r, eu);
    unit_tasks(r, eu);
}

static void json_num(double v)
{
    char b[40];
    fputs(ntm_fmt_plain(b, sizeof b, v, 1), stdout);
}

/* The results view (plan/results.h), one JSON object per row. */
static void json_items(const ntm_results *res)
{
    for (size_t i = 0; i < res->n; i++) {
        const ntm_result_row *w = &res->rows[i];
        printf("{\"level\":\"%s\",\"unit\":", ntm_run_level_name(w->level));
        ntm_json_string(stdout, w->unit);
        printf(",\"code\":");
        ntm_json_string(stdout, w->code);
        printf(",\"state\":\"%s\"", ntm_state_name(w->state));
        printf(",\"met_now\":%s,\"target_year\":%d,\"p_target\":",
               w->it->met_now ? "true" : "false", w->target_year);
        json_num(w->p_target);
        printf(",\"p_year\":");
        json_num(w->p_year);
        printf(",\"p_year_se\":");
        json_num(w->p_year_se);
        printf(",\"p_deadline\":");
        json_num(w->p_deadline);
        printf(",\"first_met\":{\"q10\":%d,\"q50\":%d,\"q90\":%d,\"p_not_by_horizon\":", w->met_q10,
               w->met_q50, w->met_q90);
        json_num(w->p_not_by_horizon);
        printf("}");
        if (w->it->mean_met) {
            printf(",\"expected_criteria_met\":");
            json_num(w->mean_met);
        }
        printf("}\n");
    }
}

/* The results view as CSV. */
static void csv_items(const ntm_results *res)
{
    char b[40];
    printf("level,unit,code,state,met_now,target_year,p_target,p_year,p_year_se,p_deadline,"
           "first_met_q10,first_met_q50,first_met_q90,p_not_by_horizon\n");
    for (size_t i = 0; i < res->n; i++) {
        const ntm_result_row *w = &res->rows[i];
        printf("%s,", ntm_run_level_name(w->level));
        ntm_csv_field(stdout, w->unit);
        printf(",");
        ntm_csv_field(stdout, w->code);
        printf(",%s", ntm_state_name(w->state));
        printf(",%d,%d,", w->it->met_now, w->target_year);
        printf("%s,", ntm_fmt_plain(b, sizeof b, w->p_target, 0));
        printf("%s,", ntm_fmt_plain(b, sizeof b, w->p_year, 0));
        printf("%s,", ntm_fmt_plain(b, sizeof b, w->p_year_se, 0));
        printf("%s,", ntm_fmt_plain(b, sizeof b, w->p_deadline, 0));
        printf("%d,%d,%d,", w->met_q10, w->met_q50, w->met_q90);
        printf("%s\n", ntm_fmt_plain(b, sizeof b, w->p_not_by_horizon, 0));
    }
}

int cmd_check(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"year", required_argument, NULL, 'y'},
                                         {"run", required_argument, NULL, 'r'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"draws", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    long year = 0, run_id = -1, draws = 0;
    int threads = 1, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char *why;
        if (c == 'y') {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 1900, 2200, &year, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--year '%s': %s", optarg, why);
        } else if (c == 'r') {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 0, 1000000000L, &run_id, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--run '%s': %s", optarg, why);
        } else if (c == 'j' || c == 'n') {
            int rc = ntm_cli_sim_option(cli, c, optarg, &threads, &draws);
            if (rc)
                return rc;
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    int have_file = optind < argc;
    if (optind + 1 < argc)
        return ntm_cli_usage(cli, ntm_tr(cli, "unexpected argument '%s'"), argv[optind + 1]);
    if (have_file == (run_id >= 0))
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give a scenario file or --run ID (not both)"));
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_run run = {0};
    ntm_eval ev;
    memset(&ev, 0, sizeof ev);
    ntm_sim *sim = NULL;
    ntm_status rc = NTM_OK;
    const char *scenario = have_file ? argv[optind] : NULL;
    if (!have_file) {
        rc = ntm_store_get_run(st, run_id, &run, &err);
        scenario = run.meta.path;
    }
    if (rc == NTM_OK) {
        rc = ntm_eval_prepare(cli, st, scenario, threads, draws, &ev, &err);
        ntm_eval_print_diags(&ev);
    }
    if (rc == NTM_OK && !have_file && strcmp(ev.digest, run.meta.digest) != 0)
        fprintf(stderr, "%s: %s\n", cli->prog,
                ntm_tr(cli, "warning: the scenario file changed after this run; tasks and money "
                            "are read from the file as it is now"));
    if (rc == NTM_OK && have_file) {
        rc = ntm_eval_simulate(cli, &ev, &sim, &err);
        if (rc == NTM_OK)
            rc = ntm_eval_to_run(&ev, sim, ntm_sim_results(sim), "", &run, &err);
    }
    int code = NTM_EXIT_OK;
    if (rc != NTM_OK) {
        code = ntm_cli_fail(cli, &err);
    } else {
        if (!year)
            year = run.meta.deadline;
        if (year < run.meta.start_year || year > run.meta.horizon) {
            ntm_error_set(&err, NTM_EUSAGE,
                          ntm_tr(cli, "--year %ld is outside the scenario's years (%d–%d)"), year,
                          run.meta.start_year, run.meta.horizon);
            code = ntm_cli_fail(cli, &err);
        } else {
            report r = {.cli = cli,
                        .ev = &ev,
                        .run = &run,
                        .year = (int)year,
                        .yi = (size_t)(year - run.meta.start_year)};
            ntm_results res;
            if (cli->format != NTM_FORMAT_TABLE &&
                ntm_results_build(&ev, &run, (int)year, &res, &err) != NTM_OK) {
                code = ntm_cli_fail(cli, &err);
            } else if (cli->format != NTM_FORMAT_TABLE) {
                if (cli->format == NTM_FORMAT_JSON)
                    json_items(&res);
                else
                    csv_items(&res);
                ntm_results_release(&res);
            } else {
                printf(ntm_tr(cli, "Check to 31/12/%ld — scenario \"%s\" (%ld draws, seed %llu"),
                       year, run.meta.scenario, run.meta.draws, (unsigned long long)run.meta.seed);
                if (run.meta.id)
                    printf(ntm_tr(cli, ", run %ld"), run.meta.id);
                printf(ntm_tr(cli, "); recognition deadline 31/12/%d\n"), run.meta.deadline);
                for (size_t u = 0; u < ev.n_units; u++)
                    table_unit(&r, &ev.units[u]);
            }
        }
    }
    ntm_sim_free(sim);
    ntm_eval_release(&ev);
    ntm_run_release(&run);
    ntm_store_close(st);
    return code;
}
