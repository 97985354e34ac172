/* gaps.c: `ntmplan gaps [SCENARIO.ini] [--by YEAR] [--confidence P]`: the least extra
 * money that closes each gap and each unmet criterion with the confidence asked (see
 * gaps.h for the method), split by funding key, with its Monte Carlo error. */
#include "plan/gaps.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "io/number.h"
#include "io/text.h"
#include "model/budget.h"

static const char *pct(const ntm_cli *cli, double p, char *b, size_t n)
{
    return ntm_fmt_percent(b, n, 100 * p, 0, cli->lang);
}

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan gaps SCENARIO.ini [--by YEAR] [--confidence P] [--draws N]\n"
            "                    [--threads N] [--format table|csv|json]\n\n"
            "What closing each gap costs: for every unmet indicator, the least extra money (spent\n"
            "on its intervention's profile) with P(met by its target year) >= P (default 80%;\n"
            "also at 50% and 95%), split by funding key, with its Monte Carlo error; for every\n"
            "unmet criterion, the least total with P(all its indicators met) >= P. Effort gaps\n"
            "are marked \"không do kinh phí\" (not money); gaps no money can close say why (lag,\n"
            "construction time, late disbursement). --by YEAR: costs to be met by 31/12/YEAR\n"
            "instead of each gap's own target year."));
}

static const char *name_of(const ntm_cli *cli, const char *vi, const char *en)
{
    return ntm_name_in(cli->lang, vi, en);
}

/* "2,1 tỷ đồng (±40 triệu đồng)" */
static const char *money_se(const ntm_cli *cli, const ntm_gapcost_result *f, char *b, size_t n)
{
    char m[48], e[48];
    if (!f->found) {
        snprintf(b, n, "%s", ntm_tr(cli, "none suffices"));
        return b;
    }
    if (f->money <= 0) {
        snprintf(b, n, "%s", ntm_tr(cli, "0 (enough now)"));
        return b;
    }
    snprintf(b, n, "%s (±%s%s)", ntm_fmt_money(m, sizeof m, f->money, cli->lang),
             ntm_fmt_money(e, sizeof e, f->money_se, cli->lang),
             f->se_one_sided ? ntm_tr(cli, ", one-sided") : "");
    return b;
}

static const char *type_text(const ntm_cli *cli, ntm_iv_type t)
{
    return t == NTM_IV_PROGRAM     ? ntm_tr(cli, "program")
           : t == NTM_IV_RECURRING ? ntm_tr(cli, "recurring support")
           : t == NTM_IV_PROJECT   ? ntm_tr(cli, "project")
                                   : ntm_tr(cli, "effort");
}

static const char *class_text(const ntm_cli *cli, ntm_gap_class c)
{
    return c == NTM_GAP_CLASS_EFFORT ? ntm_tr(cli, "effort, not money")
           : c == NTM_GAP_CLASS_NONE ? ntm_tr(cli, "nothing acts on it")
                                     : ntm_tr(cli, "money");
}

static void print_keys(const ntm_cli *cli, const ntm_fund_key *keys, const double *money, size_t n,
                       int indent)
{
    for (size_t k = 0; k < n; k++) {
        if (!(money[k] > 0))
            continue;
        char kt[200], m[48];
        printf("%*s%s: %s\n", indent, "", ntm_fund_key_text(kt, sizeof kt, &keys[k], cli->lang),
               ntm_fmt_money(m, sizeof m, money[k], cli->lang));
    }
}

/* The totals: money at the confidence by year and key, what money cannot close, effort. */
static void table_totals(const ntm_cli *cli, const ntm_gaps *gs)
{
    char a[200], b[200], cp[16], line[1200];
    ntm_fmt_percent(cp, sizeof cp, 100 * gs->conf, 0, cli->lang);
    printf("\n%s\n", ntm_tr(cli, "Totals"));
    printf(ntm_tr(cli,
                  "  %zu/%zu unmet criteria can be closed with money at %s confidence: %s (±%s)\n"),
           gs->n_closable, gs->n_crit, cp, ntm_fmt_money(a, sizeof a, gs->total, cli->lang),
           ntm_fmt_money(b, sizeof b, gs->total_se, cli->lang));
    if (gs->total > 0) {
        size_t o = 0;
        line[0] = '\0';
        for (size_t y = 0; y < gs->n_years && o < sizeof line; y++)
            if (gs->year_total[y] > 0)
                o += (size_t)snprintf(line + o, sizeof line - o, "%s%d: %s", o ? ", " : "",
                                      gs->start_year + (int)y,
                                      ntm_fmt_money(a, sizeof a, gs->year_total[y], cli->lang));
        printf(ntm_tr(cli, "  by year: %s\n"), line);
        printf("  %s\n", ntm_tr(cli, "by key:"));
        print_keys(cli, gs->keys, gs->key_total, gs->n_keys, 4);
    }
    int first = 1;
    for (size_t ci = 0; ci < gs->n_crit; ci++)
        if (!gs->crit[ci].fig[NTM_GAPS_MAIN].found) {
            printf("%s %s", first ? ntm_tr(cli, "  Cannot be closed with money:") : ",",
                   gs->crit[ci].code);
            first = 0;
        }
    if (!first)
        printf("\n");
    first = 1;
    for (size_t i = 0; i < gs->n_gap; i++)
        if (gs->gap[i].cls == NTM_GAP_CLASS_EFFORT) {
            printf("%s %s", first ? ntm_tr(cli, "  Effort, not money:") : ",", gs->gap[i].code);
            first = 0;
        }
    if (!first)
        printf("\n");
    printf("  %s\n", ntm_tr(cli, "Totals and errors add criterion by criterion (errors taken as "
                                 "independent). Criteria from cheapest to dearest."));
}

static void table(const ntm_cli *cli, const ntm_eval *ev, const ntm_gaps *gs)
{
    char a[200], b[200], c[200], line[1200];
    char cp[16];
    ntm_fmt_percent(cp, sizeof cp, 100 * gs->conf, 0, cli->lang);
    printf(ntm_tr(cli, "What closing the gaps costs — scenario \"%s\" (%ld draws, seed %llu)\n"),
           ev->sc.name, gs->draws, (unsigned long long)ev->sc.seed);
    if (gs->by)
        printf(ntm_tr(cli, "Met by 31/12/%d; confidence %s; money on top of the scenario's.\n"),
               gs->by, cp);
    else
        printf(
            ntm_tr(
                cli,
                "Met by each gap's target year; confidence %s; money on top of the scenario's.\n"),
            cp);
    for (size_t ci = 0; ci < gs->n_crit; ci++) {
        const ntm_gap_criterion *cr = &gs->crit[ci];
        const ntm_gapcost_result *f = &cr->fig[NTM_GAPS_MAIN];
        printf("\n%s %s — %s", ntm_tr(cli, "Crit."), cr->code,
               name_of(cli, cr->name_vi, cr->name_en));
        if (ev->n_units > 1)
            printf(" (%s)", cr->unit);
        printf("\n  ");
        if (f->found)
            printf(ntm_tr(cli, "Whole criterion: %s for P(met by %d) >= %s (now %s)\n"),
                   money_se(cli, f, a, sizeof a), cr->target_year, cp,
                   pct(cli, cr->p_now, b, sizeof b));
        else {
            const ntm_gap *wg = cr->why == NTM_GAP_WHY_MEMBER ? &gs->gap[cr->why_gap] : NULL;
            printf(ntm_tr(cli, "Whole criterion: no amount gives %s by %d (now %s): "), cp,
                   cr->target_year, pct(cli, cr->p_now, b, sizeof b));
            if (wg)
                printf(ntm_tr(cli, "held back by %s\n"), wg->code);
            else
                printf("%s\n",
                       ntm_gaps_why_text(cli, ev, gs, NULL, cr->why, cr->p_max, c, sizeof c));
        }
        if (f->found && f->money > 0 && cr->n_keys > 1)
            print_keys(cli, cr->keys, cr->key_money, cr->n_keys, 4);
        for (size_t j = 0; j < cr->n_gaps; j++) {
            const ntm_gap *g = &gs->gap[cr->gaps[j]];
            printf("  %-6s ", g->code);
            ntm_cli_put_wrapped(name_of(cli, g->name_vi, g->name_en), 9, 9, 96);
            printf("\n");
            printf(ntm_tr(cli, "         target %d; P(met) now %s (±%s); %s"), g->target_year,
                   pct(cli, g->p_now, a, sizeof a),
                   ntm_fmt_number(b, sizeof b, 100 * g->p_now_se, 1, cli->lang),
                   class_text(cli, g->cls));
            if (g->cls == NTM_GAP_CLASS_MONEY) {
                const ntm_intervention *iv = ev->iv[g->iv].iv;
                printf(": %s (%s)", iv->name, type_text(cli, iv->type));
                if (g->n_options > 1)
                    printf(ntm_tr(cli, ", the cheapest of %zu"), g->n_options);
            }
            printf("\n");
            if (g->cls == NTM_GAP_CLASS_MONEY && g->why == NTM_GAP_WHY_NONE) {
                for (size_t k = 0; k < NTM_GAPS_NCONF; k++) {
                    if (ntm_gaps_fig_repeated(g->fig, k))
                        continue;
                    char pc[16];
                    ntm_fmt_percent(pc, sizeof pc, 100 * g->fig[k].conf, 0, cli->lang);
                    printf("%s%s: %s", k ? "; " : "         ", pc,
                           money_se(cli, &g->fig[k], a, sizeof a));
                }
                printf("\n");
                const ntm_intervention *iv = ev->iv[g->iv].iv;
                if (g->fig[NTM_GAPS_MAIN].money > 0) {
                    size_t o = 0;
                    line[0] = '\0';
                    for (size_t y = 0; y < gs->n_years && o < sizeof line; y++)
                        if (g->dir[y] > 0)
                            o += (size_t)snprintf(
                                line + o, sizeof line - o, "%s%d: %s", o ? ", " : "",
                                gs->start_year + (int)y,
                                ntm_fmt_money(a, sizeof a, g->fig[NTM_GAPS_MAIN].money * g->dir[y],
                                              cli->lang));
                    printf(ntm_tr(cli, "         spent (%s): %s\n"), cp, line);
                    print_keys(cli, iv->keys, g->key_money, iv->n_keys, 9);
                    if (!iv->n_keys)
                        printf("         %s\n", ntm_tr(cli, "no funding key declared (fund.*)"));
                }
            } else if (g->why != NTM_GAP_WHY_NONE) {
                printf("         ");
                ntm_cli_put_wrapped(
                    ntm_gaps_why_text(cli, ev, gs, g, g->why, g->p_max, line, sizeof line), 9, 9,
                    96);
                printf("\n");
            }
        }
    }
    table_totals(cli, gs);
}

static const char *why_name(ntm_gap_why w)
{
    static const char *const names[] = {
        "", "lag", "duration", "ceiling", "effort", "no-intervention", "member"};
    return names[w];
}

static const char *class_name(ntm_gap_class c)
{
    return c == NTM_GAP_CLASS_MONEY ? "money" : c == NTM_GAP_CLASS_EFFORT ? "effort" : "none";
}

static void csv_out(const ntm_cli *cli, const ntm_eval *ev, const ntm_gaps *gs)
{
    (void)cli;
    char b[48];
    printf("level,unit,criterion,code,target_year,class,intervention,p_now,conf,found,money,"
           "money_se,p_at_money,reason,by_key\n");
    for (size_t ci = 0; ci < gs->n_crit; ci++) {
        const ntm_gap_criterion *cr = &gs->crit[ci];
        for (int pass = 0; pass <= (int)cr->n_gaps; pass++) {
            const ntm_gap *g = pass ? &gs->gap[cr->gaps[pass - 1]] : NULL;
            const ntm_gapcost_result *fig = g ? g->fig : cr->fig;
            for (size_t k = 0; k < NTM_GAPS_NCONF; k++) {
                const ntm_gapcost_result *f = &fig[k];
                if (k != NTM_GAPS_MAIN && fig[k].conf == fig[NTM_GAPS_MAIN].conf)
                    continue;
                printf("%s,", g ? "indicator" : "criterion");
                ntm_csv_field(stdout, cr->unit);
                printf(",%s,%s,%d,%s,", cr->code, g ? g->code : "",
                       g ? g->target_year : cr->target_year, g ? class_name(g->cls) : "");
                ntm_csv_field(stdout,
                              g && g->cls == NTM_GAP_CLASS_MONEY ? ev->iv[g->iv].iv->name : "");
                printf(",%s", ntm_fmt_plain(b, sizeof b, g ? g->p_now : cr->p_now, 0));
                printf(",%s,%d", ntm_fmt_plain(b, sizeof b, f->conf, 0), f->found);
                printf(",%s", f->found ? ntm_fmt_plain(b, sizeof b, f->money, 0) : "");
                printf(",%s", f->found ? ntm_fmt_plain(b, sizeof b, f->money_se, 0) : "");
                printf(",%s", ntm_fmt_plain(b, sizeof b, f->p, 0));
                printf(",%s,", f->found ? ""
                                        : why_name(g ? (g->why ? g->why : NTM_GAP_WHY_CEILING)
                                                     : (cr->why ? cr->why : NTM_GAP_WHY_CEILING)));
                if (k == NTM_GAPS_MAIN && f->found) {
                    char kb[4000];
                    size_t o = 0;
                    kb[0] = '\0';
                    const ntm_fund_key *keys = g ? ev->iv[g->iv].iv->keys : cr->keys;
                    const double *km = g ? g->key_money : cr->key_money;
                    size_t nk = g ? (g->cls == NTM_GAP_CLASS_MONEY ? ev->iv[g->iv].iv->n_keys : 0)
                                  : cr->n_keys;
                    for (size_t j = 0; j < nk && o < sizeof kb; j++)
                        o += (size_t)snprintf(kb + o, sizeof kb - o, "%s%s.%s.%s=%s", j ? ";" : "",
                                              ntm_fund_source_name(keys[j].source),
                                              ntm_capital_name(keys[j].capital),
                                              ntm_programme_name(keys[j].programme),
                                              ntm_fmt_plain(b, sizeof b, km[j], 0));
                    ntm_csv_field(stdout, kb);
                }
                printf("\n");
            }
        }
    }
}

static void json_fig(const ntm_gapcost_result *f, ntm_gap_why why)
{
    char b[48];
    printf("{\"conf\":%s", ntm_fmt_plain(b, sizeof b, f->conf, 1));
    printf(",\"found\":%s", f->found ? "true" : "false");
    printf(",\"money\":%s", f->found ? ntm_fmt_plain(b, sizeof b, f->money, 1) : "null");
    printf(",\"money_se\":%s", f->found ? ntm_fmt_plain(b, sizeof b, f->money_se, 1) : "null");
    printf(",\"se_one_sided\":%s", f->se_one_sided ? "true" : "false");
    printf(",\"p\":%s", ntm_fmt_plain(b, sizeof b, f->p, 1));
    if (!f->found)
        printf(",\"reason\":\"%s\"", why_name(why ? why : NTM_GAP_WHY_CEILING));
    printf("}");
}

static void json_keys(const ntm_fund_key *keys, const double *m, size_t n)
{
    char b[48];
    printf(",\"by_key\":[");
    for (size_t j = 0; j < n; j++)
        printf("%s{\"source\":\"%s\",\"capital\":\"%s\",\"programme\":\"%s\",\"money\":%s}",
               j ? "," : "", ntm_fund_source_name(keys[j].source),
               ntm_capital_name(keys[j].capital), ntm_programme_name(keys[j].programme),
               ntm_fmt_plain(b, sizeof b, m[j], 1));
    printf("]");
}

static void json_out(const ntm_eval *ev, const ntm_gaps *gs)
{
    char b[48];
    for (size_t ci = 0; ci < gs->n_crit; ci++) {
        const ntm_gap_criterion *cr = &gs->crit[ci];
        printf("{\"level\":\"criterion\",\"unit\":");
        ntm_json_string(stdout, cr->unit);
        printf(",\"code\":");
        ntm_json_string(stdout, cr->code);
        printf(",\"target_year\":%d,\"p_now\":%s,\"figures\":[", cr->target_year,
               ntm_fmt_plain(b, sizeof b, cr->p_now, 1));
        for (size_t k = 0; k < NTM_GAPS_NCONF; k++) {
            printf(k ? "," : "");
            json_fig(&cr->fig[k], cr->why);
        }
        printf("]");
        json_keys(cr->keys, cr->key_money, cr->n_keys);
        printf(",\"gaps\":[");
        for (size_t j = 0; j < cr->n_gaps; j++) {
            printf(j ? "," : "");
            ntm_json_string(stdout, gs->gap[cr->gaps[j]].code);
        }
        printf("]}\n");
        for (size_t j = 0; j < cr->n_gaps; j++) {
            const ntm_gap *g = &gs->gap[cr->gaps[j]];
            printf("{\"level\":\"indicator\",\"unit\":");
            ntm_json_string(stdout, g->unit);
            printf(",\"criterion\":");
            ntm_json_string(stdout, g->criterion);
            printf(",\"code\":");
            ntm_json_string(stdout, g->code);
            printf(",\"target_year\":%d,\"class\":\"%s\",\"intervention\":", g->target_year,
                   class_name(g->cls));
            ntm_json_string(stdout, g->cls == NTM_GAP_CLASS_MONEY ? ev->iv[g->iv].iv->name : NULL);
            printf(",\"p_now\":%s,\"figures\":[", ntm_fmt_plain(b, sizeof b, g->p_now, 1));
            for (size_t k = 0; k < NTM_GAPS_NCONF; k++) {
                printf(k ? "," : "");
                json_fig(&g->fig[k], g->why);
            }
            printf("]");
            if (g->cls == NTM_GAP_CLASS_MONEY)
                json_keys(ev->iv[g->iv].iv->keys, g->key_money, ev->iv[g->iv].iv->n_keys);
            printf("}\n");
        }
    }
    printf("{\"level\":\"total\",\"conf\":%s", ntm_fmt_plain(b, sizeof b, gs->conf, 1));
    printf(",\"by\":%d,\"draws\":%ld,\"money\":%s", gs->by, gs->draws,
           ntm_fmt_plain(b, sizeof b, gs->total, 1));
    printf(",\"money_se\":%s,\"criteria\":%zu,\"closable\":%zu",
           ntm_fmt_plain(b, sizeof b, gs->total_se, 1), gs->n_crit, gs->n_closable);
    json_keys(gs->keys, gs->key_total, gs->n_keys);
    printf("}\n");
}

int cmd_gaps(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"by", required_argument, NULL, 'b'},
                                         {"confidence", required_argument, NULL, 'c'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"draws", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    long by = 0, draws = 0;
    double conf = 0.8;
    int threads = 1, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char *why;
        if (c == 'b') {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 1900, 2200, &by, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--by '%s': %s", optarg, why);
        } else if (c == 'c') {
            ntm_number num;
            if (ntm_number_parse(optarg, NTM_NUM_AUTO, &num, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--confidence '%s': %s", optarg, why);
            double v = num.percent ? num.value / 100 : num.value;
            if (!(v > 0 && v < 1))
                return ntm_cli_usage(cli, "--confidence '%s': %s", optarg,
                                     ntm_tr(cli, "must be in (0, 1), e.g. 0.8 or 80%"));
            conf = v;
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
    if (optind + 1 != argc)
        return ntm_cli_usage(cli, "%s", ntm_tr(cli, "give one scenario file"));
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_eval ev;
    ntm_gaps gs;
    memset(&gs, 0, sizeof gs);
    ntm_status rc = ntm_eval_prepare(cli, st, argv[optind], threads, draws, &ev, &err);
    ntm_eval_print_diags_except(&ev, "no-money");
    if (rc == NTM_OK && by && (by < ev.sc.start_year || by > ev.sc.horizon))
        rc = ntm_error_set(&err, NTM_EUSAGE,
                           ntm_tr(cli, "--by %ld is outside the scenario's years (%d–%d)"), by,
                           ev.sc.start_year, ev.sc.horizon);
    if (rc == NTM_OK)
        rc = ntm_gaps_compute(&ev, conf, (int)by, &gs, &err);
    int code = NTM_EXIT_OK;
    if (rc != NTM_OK)
        code = ntm_cli_fail(cli, &err);
    else if (cli->format == NTM_FORMAT_JSON)
        json_out(&ev, &gs);
    else if (cli->format == NTM_FORMAT_CSV)
        csv_out(cli, &ev, &gs);
    else
        table(cli, &ev, &gs);
    ntm_gaps_release(&gs);
    ntm_eval_release(&ev);
    ntm_store_close(st);
    return code;
}
