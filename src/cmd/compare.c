/* compare.c: `ntmplan compare A B ...`: scenarios (files) or stored runs (ids) side by
 * side. Scenario files are simulated on the same draws: the first one's seed and draw
 * count for all (common random numbers, DESIGN.md "Random streams"), so differences are
 * the plans', not the dice's. Shows the total money by year and funding key, the expected
 * criteria met by year, P(standard by the deadline), P(met by its target year) per
 * criterion, and which scenario wins where. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "plan/evaluate.h"
#include "io/number.h"
#include "io/text.h"
#include "model/budget.h"

/* Differences of P below this are ties (common draws make smaller ones real, but not
 * worth a planner's attention). */
#define TIE_P 0.005
#define MAX_SCEN 16
#define MAX_KEYS 64

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan compare A B ... [--draws N] [--threads N] [--format table|csv|json]\n\n"
            "Compares scenarios (.ini files) or stored runs (ids) on the same draws (the first\n"
            "scenario's seed and draw count): total money by year and funding key, expected\n"
            "criteria met by year, P(standard by the deadline), P per criterion, and which\n"
            "scenario wins where."));
}

typedef struct scen {
    const char *arg;
    ntm_eval ev;
    ntm_run run;
    ntm_sim *sim;
    int stored;
} scen;

static double money_year(const ntm_scenario *sc, int year, const ntm_fund_key *key)
{
    double t = 0;
    for (size_t i = 0; i < sc->n_iv; i++)
        for (size_t a = 0; a < sc->iv[i].n_alloc; a++) {
            const ntm_allocation *al = &sc->iv[i].alloc[a];
            if ((!year || al->year == year) && (!key || ntm_fund_key_equal(&al->key, key)))
                t += al->amount;
        }
    return t;
}

static const char *pct(const ntm_cli *cli, double p, char *b, size_t n)
{
    return ntm_fmt_percent(b, n, 100 * p, 0, cli->lang);
}

/* What the printing parts share. */
typedef struct cmpx {
    const ntm_cli *cli;
    scen *s;
    size_t n, ny;
    int y0, json, csv;
} cmpx;

/* Reads, prepares and (unless stored) simulates the N scenarios or runs of ARGS on the
 * first one's seed and draws (*SEED, *ND). */
static ntm_status load_all(ntm_cli *cli, ntm_store *st, char **args, size_t n, int threads,
                           long draws, scen *s, uint64_t *seed_out, long *nd_out, ntm_error *err)
{
    ntm_status rc = NTM_OK;
    uint64_t seed = 0;
    long nd = draws;
    for (size_t k = 0; k < n && rc == NTM_OK; k++) {
        s[k].arg = args[k];
        long id;
        const char *why;
        const char *path = s[k].arg;
        if (access(path, F_OK) != 0 &&
            ntm_parse_long(path, NTM_NUM_EN, 0, 1000000000L, &id, &why) == NTM_OK) {
            s[k].stored = 1;
            if ((rc = ntm_store_get_run(st, id, &s[k].run, err)) != NTM_OK)
                break;
            path = s[k].run.meta.path;
        }
        rc = ntm_eval_prepare(cli, st, path, threads, nd, &s[k].ev, err);
        ntm_eval_print_diags_except(&s[k].ev, "no-money");
        if (rc != NTM_OK)
            break;
        if (k == 0) {
            seed = s[k].stored ? s[k].run.meta.seed : s[k].ev.input.seed;
            nd = s[k].stored ? s[k].run.meta.draws : s[k].ev.input.draws;
        }
        if (s[k].stored) {
            if (s[k].run.meta.seed != seed || s[k].run.meta.draws != nd)
                fprintf(stderr, "%s: %s\n", cli->prog,
                        ntm_tr(cli, "warning: a stored run has another seed or draw count than the "
                                    "first: not the same draws"));
            continue;
        }
        s[k].ev.input.seed = seed;
        s[k].ev.input.draws = nd;
        rc = ntm_eval_simulate(cli, &s[k].ev, &s[k].sim, err);
        if (rc == NTM_OK)
            rc = ntm_eval_to_run(&s[k].ev, s[k].sim, ntm_sim_results(s[k].sim), "", &s[k].run, err);
    }
    for (size_t k = 1; k < n && rc == NTM_OK; k++)
        if (s[k].run.meta.start_year != s[0].run.meta.start_year ||
            s[k].run.meta.horizon != s[0].run.meta.horizon || s[k].ev.n_units != s[0].ev.n_units)
            rc = ntm_error_set(
                err, NTM_EINPUT,
                ntm_tr(cli, "%s: other start year, horizon or units than %s: cannot compare"),
                s[k].arg, s[0].arg);
    *seed_out = seed;
    *nd_out = nd;
    return rc;
}

static void print_money_year(const cmpx *x)
{
    const ntm_cli *cli = x->cli;
    const scen *s = x->s;
    size_t n = x->n, ny = x->ny;
    int y0 = x->y0, json = x->json, csv = x->csv;
    char a[200], b[64];
    /* money by year */
    for (size_t y = 0; y <= ny; y++) {
        int year = y < ny ? y0 + (int)y : 0;
        if (!json && !csv) {
            snprintf(a, sizeof a, "  %s", year ? "" : ntm_tr(cli, "Total"));
            if (year)
                snprintf(a, sizeof a, "  %d", year);
            ntm_cli_put_cell(a, 46);
        }
        for (size_t k = 0; k < n; k++) {
            double v = money_year(&s[k].ev.sc, year, NULL);
            if (csv)
                printf("money,,,%d,,%zu,%s\n", year, k + 1, ntm_fmt_plain(b, sizeof b, v, 0));
            else if (json)
                printf("{\"measure\":\"money\",\"year\":%d,\"scenario\":%zu,\"value\":%s}\n", year,
                       k + 1, ntm_fmt_plain(b, sizeof b, v, 1));
            else
                ntm_cli_put_cell(ntm_fmt_money(a, sizeof a, v, cli->lang), 18);
        }
        if (!json && !csv)
            printf("\n");
    }
}

static void print_money_key(const cmpx *x)
{
    const ntm_cli *cli = x->cli;
    const scen *s = x->s;
    size_t n = x->n;
    int json = x->json, csv = x->csv;
    char a[200], b[64];
    /* money by key: the union of the keys */
    ntm_fund_key keys[MAX_KEYS];
    size_t nk = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < s[k].ev.sc.n_iv; i++)
            for (size_t al = 0; al < s[k].ev.sc.iv[i].n_alloc; al++) {
                const ntm_fund_key *key = &s[k].ev.sc.iv[i].alloc[al].key;
                size_t j = 0;
                while (j < nk && !ntm_fund_key_equal(&keys[j], key))
                    j++;
                if (j == nk && nk < MAX_KEYS)
                    keys[nk++] = *key;
            }
    if (!json && !csv && nk)
        printf("%s\n", ntm_tr(cli, "Money by key"));
    for (size_t j = 0; j < nk; j++) {
        char kt[200];
        ntm_fund_key_text(kt, sizeof kt, &keys[j], cli->lang);
        if (!json && !csv) {
            snprintf(a, sizeof a, "  %s", kt);
            ntm_cli_put_cell(a, 46);
        }
        for (size_t k = 0; k < n; k++) {
            double v = money_year(&s[k].ev.sc, 0, &keys[j]);
            if (csv) {
                printf("money_by_key,,,,%s.%s.%s,%zu,%s\n", ntm_fund_source_name(keys[j].source),
                       ntm_capital_name(keys[j].capital), ntm_programme_name(keys[j].programme),
                       k + 1, ntm_fmt_plain(b, sizeof b, v, 0));
            } else if (json) {
                printf("{\"measure\":\"money_by_key\",\"key\":\"%s.%s.%s\",\"scenario\":%zu,"
                       "\"value\":%s}\n",
                       ntm_fund_source_name(keys[j].source), ntm_capital_name(keys[j].capital),
                       ntm_programme_name(keys[j].programme), k + 1,
                       ntm_fmt_plain(b, sizeof b, v, 1));
            } else
                ntm_cli_put_cell(ntm_fmt_money(a, sizeof a, v, cli->lang), 18);
        }
        if (!json && !csv)
            printf("\n");
    }
}

/* Unit U: expected criteria met by year, then P(met) of the standard and each criterion. */
static void print_unit(const cmpx *x, size_t u)
{
    const ntm_cli *cli = x->cli;
    const scen *s = x->s;
    size_t n = x->n, ny = x->ny;
    int y0 = x->y0, json = x->json, csv = x->csv;
    char a[200], b[64];
    const char *unit = s[0].ev.unit_names[u];
    if (!json && !csv)
        printf("\n%s\n%s\n", unit, ntm_tr(cli, "Expected criteria met at year end"));
    for (size_t y = 0; y < ny; y++) {
        if (!json && !csv) {
            snprintf(a, sizeof a, "  %d", y0 + (int)y);
            ntm_cli_put_cell(a, 46);
        }
        for (size_t k = 0; k < n; k++) {
            const ntm_run_item *it = ntm_run_find(&s[k].run, NTM_RUN_UNIT, unit, NULL);
            double v = it && it->mean_met ? it->mean_met[y] : NAN;
            if (csv) {
                printf("criteria_met,");
                ntm_csv_field(stdout, unit);
                printf(",,%d,,%zu,%s\n", y0 + (int)y, k + 1, ntm_fmt_plain(b, sizeof b, v, 0));
            } else if (json) {
                printf("{\"measure\":\"criteria_met\",\"unit\":");
                ntm_json_string(stdout, unit);
                printf(",\"year\":%d,\"scenario\":%zu,\"value\":%s}\n", y0 + (int)y, k + 1,
                       ntm_fmt_plain(b, sizeof b, v, 1));
            } else
                ntm_cli_put_cell(ntm_fmt_number(a, sizeof a, v, 1, cli->lang), 18);
        }
        if (!json && !csv)
            printf("\n");
    }
    /* the standard by the deadline, then each criterion by its target year */
    size_t wins[MAX_SCEN] = {0};
    const ntm_eval *e0 = &s[0].ev;
    if (!json && !csv)
        printf("%s\n",
               ntm_tr(cli, "P(met) (criteria: by the target year; standard: by the deadline)"));
    for (size_t ci = 0; ci <= e0->n_crit; ci++) {
        const char *ccode = NULL;
        if (ci < e0->n_crit) {
            if (e0->crit[ci].unit != u)
                continue;
            ccode = e0->crit[ci].code;
        }
        double p[MAX_SCEN], best = -1;
        int target = 0;
        for (size_t k = 0; k < n; k++) {
            const ntm_run_item *it =
                ntm_run_find(&s[k].run, ccode ? NTM_RUN_CRITERION : NTM_RUN_UNIT, unit, ccode);
            p[k] = it ? (ccode ? it->p_target : it->p_deadline) : NAN;
            target = it ? (ccode ? it->target_year : s[k].run.meta.deadline) : target;
            best = p[k] > best ? p[k] : best;
        }
        int all_same = 1;
        for (size_t k = 0; k < n; k++)
            all_same &= fabs(p[k] - best) < TIE_P;
        if (!json && !csv) {
            if (ccode)
                snprintf(a, sizeof a, "  %s %s (%d)", ntm_tr(cli, "Crit."), ccode, target);
            else
                snprintf(a, sizeof a, "  %s (%d)", ntm_tr(cli, "Standard"), target);
            ntm_cli_put_cell(a, 46);
        }
        for (size_t k = 0; k < n; k++) {
            int win = !all_same && fabs(p[k] - best) < TIE_P;
            if (win && ccode)
                wins[k]++;
            if (csv) {
                printf("%s,", ccode ? "p_criterion" : "p_standard");
                ntm_csv_field(stdout, unit);
                printf(",%s,%d,,%zu,%s\n", ccode ? ccode : "", target, k + 1,
                       ntm_fmt_plain(b, sizeof b, p[k], 0));
            } else if (json) {
                printf("{\"measure\":\"%s\",\"unit\":", ccode ? "p_criterion" : "p_standard");
                ntm_json_string(stdout, unit);
                printf(",\"code\":");
                ntm_json_string(stdout, ccode);
                printf(",\"year\":%d,\"scenario\":%zu,\"value\":%s,\"best\":%s}\n", target, k + 1,
                       ntm_fmt_plain(b, sizeof b, p[k], 1), win ? "true" : "false");
            } else {
                snprintf(a, sizeof a, "%s%s", pct(cli, p[k], b, sizeof b), win ? " ★" : "");
                ntm_cli_put_cell(a, 18);
            }
        }
        if (!json && !csv)
            printf("\n");
        if (ci == e0->n_crit)
            break;
    }
    if (!json && !csv) {
        printf("%s", ntm_tr(cli, "Criteria where a scenario is best (★):"));
        for (size_t k = 0; k < n; k++)
            printf(" [%zu] %zu", k + 1, wins[k]);
        printf("\n");
    }
}

int cmd_compare(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"threads", required_argument, NULL, 'j'},
                                         {"draws", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    int threads = 1, c;
    long draws = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j' || c == 'n') {
            int rc = ntm_cli_sim_option(cli, c, optarg, &threads, &draws);
            if (rc)
                return rc;
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    size_t n = (size_t)(argc - optind);
    if (n < 2 || n > MAX_SCEN)
        return ntm_cli_usage(cli, ntm_tr(cli, "give 2 to %d scenarios or runs"), MAX_SCEN);
    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    scen *s = calloc(n, sizeof *s);
    ntm_status rc = s ? NTM_OK : ntm_error_set(&err, NTM_ENOMEM, "out of memory");
    uint64_t seed = 0;
    long nd = draws;
    if (rc == NTM_OK)
        rc = load_all(cli, st, argv + optind, n, threads, draws, s, &seed, &nd, &err);
    int code = NTM_EXIT_OK;
    if (rc != NTM_OK) {
        code = ntm_cli_fail(cli, &err);
        goto done;
    }
    const ntm_run_meta *m0 = &s[0].run.meta;
    int y0 = m0->start_year;
    size_t ny = (size_t)(m0->horizon - y0 + 1);
    int json = cli->format == NTM_FORMAT_JSON, csv = cli->format == NTM_FORMAT_CSV;
    if (csv)
        printf("measure,unit,code,year,key,scenario,value\n");
    if (!json && !csv) {
        printf(ntm_tr(cli, "Comparing %zu scenarios on the same %ld draws (seed %llu)\n"), n, nd,
               (unsigned long long)seed);
        for (size_t k = 0; k < n; k++)
            printf("  [%zu] %s (%s)\n", k + 1, s[k].run.meta.scenario, s[k].arg);
        printf("\n%-46s", ntm_tr(cli, "Money by year"));
        for (size_t k = 0; k < n; k++)
            printf("[%zu]%-15s", k + 1, "");
        printf("\n");
    }
    cmpx x = {.cli = cli, .s = s, .n = n, .ny = ny, .y0 = y0, .json = json, .csv = csv};
    print_money_year(&x);
    print_money_key(&x);
    for (size_t u = 0; u < s[0].ev.n_units; u++)
        print_unit(&x, u);
done:
    for (size_t k = 0; s && k < n; k++) {
        ntm_sim_free(s[k].sim);
        ntm_eval_release(&s[k].ev);
        ntm_run_release(&s[k].run);
    }
    free(s);
    ntm_store_close(st);
    return code;
}
