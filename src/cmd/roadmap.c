/* roadmap.c: `ntmplan roadmap SCENARIO.ini | --run ID` (lộ trình): per unmet criterion,
 * the money per year and funding key the scenario puts into it, the expected year met with
 * its 80% range, P(met by its target year and by the deadline), the order in which to act
 * (by the year work must start: the target year less the longest lag or construction
 * time of its interventions, then the least likely first), and the "Việc cần làm" rows
 * (việc / ai / hạn). With --gaps, the extra money at the confidence (ntmplan gaps) is
 * shown beside the scenario's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "plan/evaluate.h"
#include "plan/gaps.h"
#include "io/number.h"
#include "model/budget.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(cli,
               "Usage: ntmplan roadmap [SCENARIO.ini | ID | --run ID] [--gaps] [--confidence P]\n"
               "                       [--draws N] [--threads N] [--format table|csv|json]\n\n"
               "The roadmap (lộ trình): for every unmet criterion, the money per year and funding "
               "key,\n"
               "the expected year met (80% range), P(met by its target year and by the deadline), "
               "the\n"
               "order in which to act (the year work must start: the target year less the lag or\n"
               "construction time) and the \"Việc cần làm\" rows (task / who / due). --gaps: adds "
               "the\n"
               "extra money needed (as the gaps command) at confidence P."));
}

/* One row of the roadmap. */
typedef struct row {
    size_t crit; /* index into ev->crit */
    const ntm_run_item *it;
    int act_by; /* the year work must start */
    const ntm_gap_criterion *gap;
} row;

static int in_crit(const ntm_eval *ev, size_t c, size_t ind)
{
    for (size_t j = 0; j < ev->crit[c].n_indicators; j++)
        if (ev->crit[c].indicators[j] == ind)
            return 1;
    return 0;
}

static int row_cmp(const row *a, const row *b)
{
    if (a->act_by != b->act_by)
        return a->act_by < b->act_by ? -1 : 1;
    if (a->it && b->it && a->it->p_target != b->it->p_target)
        return a->it->p_target < b->it->p_target ? -1 : 1;
    return 0;
}

/* "2025 (2024–sau 2026)" */
static const char *year_range(const ntm_cli *cli, const ntm_run *run, const ntm_run_item *it,
                              char *b, size_t n)
{
    int s = run->meta.start_year, hz = run->meta.horizon;
    int q[3] = {ntm_run_first_year(it, s, 0.1), ntm_run_first_year(it, s, 0.5),
                ntm_run_first_year(it, s, 0.9)};
    char t[3][32];
    for (int k = 0; k < 3; k++) {
        if (q[k])
            snprintf(t[k], sizeof t[k], "%d", q[k]);
        else
            snprintf(t[k], sizeof t[k], ntm_tr(cli, "after %d"), hz);
    }
    if (q[0])
        snprintf(b, n, "%s (%s–%s)", t[1], t[0], t[2]);
    else
        snprintf(b, n, "%s", t[1]);
    return b;
}

static const char *name_of(const ntm_cli *cli, const char *vi, const char *en)
{
    return ntm_name_in(cli->lang, vi, en);
}

/* The scenario's money for criterion C: per year (n_years) and per key. */
static double crit_money(const ntm_eval *ev, size_t c, double *year, ntm_fund_key *keys,
                         double *key_money, size_t *n_keys, size_t max_keys)
{
    double total = 0;
    memset(year, 0, ev->n_years * sizeof *year);
    *n_keys = 0;
    for (size_t k = 0; k < ev->n_iv; k++) {
        if (!in_crit(ev, c, ev->iv[k].indicator))
            continue;
        const ntm_intervention *iv = ev->iv[k].iv;
        for (size_t a = 0; a < iv->n_alloc; a++) {
            const ntm_allocation *al = &iv->alloc[a];
            int y = al->year - ev->sc.start_year;
            if (y < 0 || (size_t)y >= ev->n_years)
                continue;
            year[y] += al->amount;
            total += al->amount;
            size_t j = 0;
            while (j < *n_keys && !ntm_fund_key_equal(&keys[j], &al->key))
                j++;
            if (j == *n_keys && j < max_keys) {
                keys[j] = al->key;
                key_money[j] = 0;
                (*n_keys)++;
            }
            if (j < *n_keys)
                key_money[j] += al->amount;
        }
    }
    return total;
}

#define MAX_KEYS 64

static void print_table(const ntm_cli *cli, const ntm_eval *ev, const ntm_run *run, const row *rows,
                        size_t n, const ntm_gaps *gs)
{
    char a[200], b[200];
    printf(
        ntm_tr(cli,
               "Roadmap — scenario \"%s\" (%ld draws, seed %llu); recognition deadline 31/12/%d\n"),
        run->meta.scenario, run->meta.draws, (unsigned long long)run->meta.seed,
        run->meta.deadline);
    if (gs)
        printf(
            ntm_tr(cli,
                   "Extra: the least money for P(whole criterion met) >= %s (the gaps command).\n"),
            ntm_fmt_percent(a, sizeof a, 100 * gs->conf, 0, cli->lang));
    double year[NTM_SIM_MAX_YEARS], km[MAX_KEYS];
    ntm_fund_key keys[MAX_KEYS];
    for (size_t r = 0; r < n; r++) {
        const ntm_sim_criterion *sc = &ev->crit[rows[r].crit];
        const ntm_criterion_result *cr = ev->crit_res[rows[r].crit];
        const ntm_run_item *it = rows[r].it;
        printf("\n%zu. %s %s — %s", r + 1, ntm_tr(cli, "Crit."), sc->code,
               name_of(cli, cr->crit->name_vi, cr->crit->name_en));
        if (ev->n_units > 1)
            printf(" (%s)", ev->unit_names[sc->unit]);
        printf("\n");
        printf(ntm_tr(cli, "   Start by: %d; target %d; expected year met %s\n"), rows[r].act_by,
               it->target_year, year_range(cli, run, it, a, sizeof a));
        printf(ntm_tr(cli, "   P(met by the target year) %s, by the deadline %s\n"),
               ntm_fmt_percent(a, sizeof a, 100 * it->p_target, 0, cli->lang),
               ntm_fmt_percent(b, sizeof b, 100 * it->p_deadline, 0, cli->lang));
        size_t nk;
        double total = crit_money(ev, rows[r].crit, year, keys, km, &nk, MAX_KEYS);
        printf(ntm_tr(cli, "   The scenario's money: %s"),
               ntm_fmt_money(a, sizeof a, total, cli->lang));
        int first = 1;
        for (size_t y = 0; y < ev->n_years; y++)
            if (year[y] > 0) {
                printf("%s%d: %s", first ? " (" : ", ", ev->sc.start_year + (int)y,
                       ntm_fmt_money(a, sizeof a, year[y], cli->lang));
                first = 0;
            }
        printf("%s\n", first ? "" : ")");
        for (size_t k = 0; k < nk; k++)
            printf("     %s: %s\n", ntm_fund_key_text(a, sizeof a, &keys[k], cli->lang),
                   ntm_fmt_money(b, sizeof b, km[k], cli->lang));
        const ntm_gap_criterion *g = rows[r].gap;
        if (g) {
            const ntm_gapcost_result *f = &g->fig[NTM_GAPS_MAIN];
            if (!f->found)
                printf("   %s\n",
                       ntm_tr(cli, "Extra: money cannot close it (see the gaps command)"));
            else if (f->money <= 0)
                printf("   %s\n", ntm_tr(cli, "Extra: none"));
            else {
                printf(ntm_tr(cli, "   Extra: %s"),
                       ntm_fmt_money(a, sizeof a, f->money, cli->lang));
                first = 1;
                for (size_t y = 0; y < ev->n_years; y++)
                    if (g->year_money[y] > 0) {
                        printf("%s%d: %s", first ? " (" : ", ", ev->sc.start_year + (int)y,
                               ntm_fmt_money(a, sizeof a, g->year_money[y], cli->lang));
                        first = 0;
                    }
                printf("%s\n", first ? "" : ")");
                for (size_t k = 0; k < g->n_keys; k++)
                    printf("     %s: %s\n", ntm_fund_key_text(a, sizeof a, &g->keys[k], cli->lang),
                           ntm_fmt_money(b, sizeof b, g->key_money[k], cli->lang));
            }
        }
        printf("   %s\n", ntm_tr(cli, "Việc cần làm (task / who / due):"));
        for (size_t k = 0; k < ev->n_iv; k++) {
            if (!in_crit(ev, rows[r].crit, ev->iv[k].indicator))
                continue;
            const ntm_intervention *iv = ev->iv[k].iv;
            char line[1200];
            snprintf(line, sizeof line, "- %s (%s) / %s / %s", iv->task ? iv->task : iv->name,
                     ev->ind[ev->iv[k].indicator].code, iv->owner ? iv->owner : "—",
                     iv->due ? iv->due : "—");
            printf("     ");
            ntm_cli_put_wrapped(line, 5, 7, 96);
            printf("\n");
        }
    }
}

static void money_list(FILE *out, const ntm_eval *ev, const double *year, int json)
{
    char b[48];
    int first = 1;
    for (size_t y = 0; y < ev->n_years; y++) {
        if (json)
            fprintf(out, "%s%s", y ? "," : "", ntm_fmt_plain(b, sizeof b, year[y], 1));
        else if (year[y] > 0) {
            fprintf(out, "%s%d:%s", first ? "" : ";", ev->sc.start_year + (int)y,
                    ntm_fmt_plain(b, sizeof b, year[y], 0));
            first = 0;
        }
    }
}

static void print_rows(const ntm_cli *cli, const ntm_eval *ev, const ntm_run *run, const row *rows,
                       size_t n)
{
    int json = cli->format == NTM_FORMAT_JSON;
    char b[48];
    if (!json)
        printf(
            "order,unit,criterion,state,start_by,target_year,p_target,p_deadline,met_q10,met_q50,"
            "met_q90,money,money_by_year,money_by_key,extra_money,tasks\n");
    double year[NTM_SIM_MAX_YEARS], km[MAX_KEYS];
    ntm_fund_key keys[MAX_KEYS];
    int s = run->meta.start_year;
    for (size_t r = 0; r < n; r++) {
        const ntm_sim_criterion *sc = &ev->crit[rows[r].crit];
        const ntm_run_item *it = rows[r].it;
        size_t nk;
        double total = crit_money(ev, rows[r].crit, year, keys, km, &nk, MAX_KEYS);
        const ntm_gap_criterion *g = rows[r].gap;
        int gfound = g && g->fig[NTM_GAPS_MAIN].found;
        if (json) {
            printf("{\"order\":%zu,\"unit\":", r + 1);
            ntm_json_string(stdout, ev->unit_names[sc->unit]);
            printf(",\"criterion\":");
            ntm_json_string(stdout, sc->code);
            printf(",\"state\":\"%s\"", ntm_state_name(ev->crit_res[rows[r].crit]->state));
            printf(",\"start_by\":%d,\"target_year\":%d,\"p_target\":%s", rows[r].act_by,
                   it->target_year, ntm_fmt_plain(b, sizeof b, it->p_target, 1));
            printf(",\"p_deadline\":%s", ntm_fmt_plain(b, sizeof b, it->p_deadline, 1));
            printf(",\"met_q10\":%d,\"met_q50\":%d,\"met_q90\":%d", ntm_run_first_year(it, s, 0.1),
                   ntm_run_first_year(it, s, 0.5), ntm_run_first_year(it, s, 0.9));
            printf(",\"first_year\":%d,\"money\":%s,\"money_by_year\":[", ev->sc.start_year,
                   ntm_fmt_plain(b, sizeof b, total, 1));
            money_list(stdout, ev, year, 1);
            printf("],\"money_by_key\":[");
            for (size_t k = 0; k < nk; k++)
                printf("%s{\"source\":\"%s\",\"capital\":\"%s\",\"programme\":\"%s\",\"money\":%s}",
                       k ? "," : "", ntm_fund_source_name(keys[k].source),
                       ntm_capital_name(keys[k].capital), ntm_programme_name(keys[k].programme),
                       ntm_fmt_plain(b, sizeof b, km[k], 1));
            printf("]");
            if (g) {
                printf(",\"extra_money\":%s",
                       gfound ? ntm_fmt_plain(b, sizeof b, g->fig[NTM_GAPS_MAIN].money, 1)
                              : "null");
                if (gfound) {
                    printf(",\"extra_by_year\":[");
                    money_list(stdout, ev, g->year_money, 1);
                    printf("]");
                }
            }
            printf(",\"tasks\":[");
            int first = 1;
            for (size_t k = 0; k < ev->n_iv; k++) {
                if (!in_crit(ev, rows[r].crit, ev->iv[k].indicator))
                    continue;
                const ntm_intervention *iv = ev->iv[k].iv;
                printf("%s{\"task\":", first ? "" : ",");
                ntm_json_string(stdout, iv->task ? iv->task : iv->name);
                printf(",\"indicator\":");
                ntm_json_string(stdout, ev->ind[ev->iv[k].indicator].code);
                printf(",\"owner\":");
                ntm_json_string(stdout, iv->owner);
                printf(",\"due\":");
                ntm_json_string(stdout, iv->due);
                printf("}");
                first = 0;
            }
            printf("]}\n");
            continue;
        }
        printf("%zu,", r + 1);
        ntm_csv_field(stdout, ev->unit_names[sc->unit]);
        printf(",%s,%s,%d,%d,%s", sc->code, ntm_state_name(ev->crit_res[rows[r].crit]->state),
               rows[r].act_by, it->target_year, ntm_fmt_plain(b, sizeof b, it->p_target, 0));
        printf(",%s,%d,%d,%d,", ntm_fmt_plain(b, sizeof b, it->p_deadline, 0),
               ntm_run_first_year(it, s, 0.1), ntm_run_first_year(it, s, 0.5),
               ntm_run_first_year(it, s, 0.9));
        printf("%s,", ntm_fmt_plain(b, sizeof b, total, 0));
        money_list(stdout, ev, year, 0);
        printf(",");
        char kb[2000];
        size_t o = 0;
        kb[0] = '\0';
        for (size_t k = 0; k < nk && o < sizeof kb; k++)
            o += (size_t)snprintf(
                kb + o, sizeof kb - o, "%s%s.%s.%s=%s", k ? ";" : "",
                ntm_fund_source_name(keys[k].source), ntm_capital_name(keys[k].capital),
                ntm_programme_name(keys[k].programme), ntm_fmt_plain(b, sizeof b, km[k], 0));
        ntm_csv_field(stdout, kb);
        printf(",%s,", gfound ? ntm_fmt_plain(b, sizeof b, g->fig[NTM_GAPS_MAIN].money, 0) : "");
        char tb[4000];
        o = 0;
        tb[0] = '\0';
        for (size_t k = 0; k < ev->n_iv && o < sizeof tb; k++) {
            if (!in_crit(ev, rows[r].crit, ev->iv[k].indicator))
                continue;
            const ntm_intervention *iv = ev->iv[k].iv;
            o += (size_t)snprintf(tb + o, sizeof tb - o, "%s%s | %s | %s", o ? "; " : "",
                                  iv->task ? iv->task : iv->name, iv->owner ? iv->owner : "",
                                  iv->due ? iv->due : "");
        }
        ntm_csv_field(stdout, tb);
        printf("\n");
    }
}

/* One row per criterion not met with its run item, the year to act by (its target year
 * less the longest lead of what acts on it) and its gap costs (GS, may be empty). */
static size_t build_rows(const ntm_eval *ev, const ntm_run *run, const ntm_gaps *gs, row *rows)
{
    size_t n = 0;
    for (size_t k = 0; k < ev->n_crit; k++) {
        if (ev->crit[k].met)
            continue;
        const ntm_run_item *it = ntm_run_find(run, NTM_RUN_CRITERION,
                                              ev->unit_names[ev->crit[k].unit], ev->crit[k].code);
        if (!it)
            continue;
        row *r = &rows[n++];
        r->crit = k;
        r->it = it;
        r->act_by = it->target_year;
        for (size_t v = 0; v < ev->n_iv; v++)
            if (in_crit(ev, k, ev->iv[v].indicator) && !ev->ind[ev->iv[v].indicator].met) {
                int t = it->target_year - ntm_iv_lead_years(ev->iv[v].iv);
                r->act_by = t < r->act_by ? t : r->act_by;
            }
        for (size_t g = 0; g < gs->n_crit; g++)
            if (gs->crit[g].crit == k)
                r->gap = &gs->crit[g];
    }
    return n;
}

int cmd_roadmap(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"run", required_argument, NULL, 'r'},
                                         {"gaps", no_argument, NULL, 'g'},
                                         {"confidence", required_argument, NULL, 'c'},
                                         {"threads", required_argument, NULL, 'j'},
                                         {"draws", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    long run_id = -1, draws = 0;
    int threads = 1, with_gaps = 0, c;
    double conf = 0.8;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char *why;
        if (c == 'r') {
            if (ntm_parse_long(optarg, NTM_NUM_EN, 0, 1000000000L, &run_id, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--run '%s': %s", optarg, why);
        } else if (c == 'g') {
            with_gaps = 1;
        } else if (c == 'c') {
            ntm_number num;
            if (ntm_number_parse(optarg, NTM_NUM_AUTO, &num, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--confidence '%s': %s", optarg, why);
            conf = num.percent ? num.value / 100 : num.value;
            if (!(conf > 0 && conf < 1))
                return ntm_cli_usage(cli, "--confidence '%s': %s", optarg,
                                     ntm_tr(cli, "must be in (0, 1), e.g. 0.8 or 80%"));
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
    long as_run;
    const char *why_unused;
    /* a bare number that is not a file names a stored run */
    if (have_file && run_id < 0 && access(argv[optind], F_OK) != 0 &&
        ntm_parse_long(argv[optind], NTM_NUM_EN, 0, 1000000000L, &as_run, &why_unused) == NTM_OK) {
        run_id = as_run;
        have_file = 0;
        optind++;
    }
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
    ntm_gaps gs;
    memset(&gs, 0, sizeof gs);
    row *rows = NULL;
    size_t n = 0;
    ntm_status rc = NTM_OK;
    const char *scenario = have_file ? argv[optind] : NULL;
    if (!have_file) {
        rc = ntm_store_get_run(st, run_id, &run, &err);
        scenario = run.meta.path;
    }
    if (rc == NTM_OK) {
        rc = ntm_eval_prepare(cli, st, scenario, threads, draws, &ev, &err);
        ntm_eval_print_diags_except(&ev, "no-money");
    }
    if (rc == NTM_OK && have_file) {
        rc = ntm_eval_simulate(cli, &ev, &sim, &err);
        if (rc == NTM_OK)
            rc = ntm_eval_to_run(&ev, sim, ntm_sim_results(sim), "", &run, &err);
    }
    if (rc == NTM_OK && with_gaps)
        rc = ntm_gaps_compute(&ev, conf, 0, &gs, &err);
    if (rc == NTM_OK && !(rows = calloc(ev.n_crit ? ev.n_crit : 1, sizeof *rows)))
        rc = ntm_error_set(&err, NTM_ENOMEM, "out of memory");
    if (rc == NTM_OK)
        n = build_rows(&ev, &run, &gs, rows);
    /* stable insertion sort: the order in which to act */
    for (size_t a = 1; rc == NTM_OK && a < n; a++) {
        row t = rows[a];
        size_t b = a;
        while (b > 0 && row_cmp(&t, &rows[b - 1]) < 0) {
            rows[b] = rows[b - 1];
            b--;
        }
        rows[b] = t;
    }
    int code = NTM_EXIT_OK;
    if (rc != NTM_OK)
        code = ntm_cli_fail(cli, &err);
    else if (cli->format == NTM_FORMAT_TABLE)
        print_table(cli, &ev, &run, rows, n, with_gaps ? &gs : NULL);
    else
        print_rows(cli, &ev, &run, rows, n);
    free(rows);
    ntm_gaps_release(&gs);
    ntm_sim_free(sim);
    ntm_eval_release(&ev);
    ntm_run_release(&run);
    ntm_store_close(st);
    return code;
}
