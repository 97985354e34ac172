/* status.c: `ntmplan status`: where a unit stands against its criteria set (the
 * scorecard of engine/scorecard.h), as a table, CSV or JSON Lines. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "engine/scorecard.h"
#include "io/number.h"
#include "io/text.h"
#include "store/store.h"

static void usage(const ntm_cli *cli)
{
    printf(
        "%s\n",
        ntm_tr(
            cli,
            "Usage: ntmplan status [--unit NAME] [--year YEAR] [--lang vi|en] [--format "
            "table|csv|json]\n\n"
            "The scorecard: criteria and indicators met / unmet / unknown, and for every unmet or\n"
            "unknown indicator its value as reported (and recomputed from numerator/denominator),\n"
            "threshold, gap (in its own unit and in households/people), date and source.\n"
            "  --unit NAME  unit name; marks and case do not matter (\"cam thanh\")\n"
            "  --year YEAR  use only data dated up to 31/12 of that year"));
}

static const char *state_text(const ntm_cli *cli, ntm_state s)
{
    switch (s) {
    case NTM_STATE_MET: return ntm_tr(cli, "met");
    case NTM_STATE_UNMET: return ntm_tr(cli, "unmet");
    case NTM_STATE_UNKNOWN: break;
    }
    return ntm_tr(cli, "unknown");
}

static const char *basis_name(ntm_basis b)
{
    static const char *names[] = {"none", "value", "assessment", "parts", "criterion"};
    return names[b];
}

static const char *name_of(const ntm_cli *cli, const char *vi, const char *en)
{
    return ntm_name_in(cli->lang, vi, en);
}

/* "2023-07-31" -> "31/07/2023". */
static const char *show_date(const char *iso, char *buf, size_t size)
{
    int y, m, d;
    if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
        snprintf(buf, size, "%02d/%02d/%04d", d, m, y);
    else
        snprintf(buf, size, "%s", iso ? iso : "");
    return buf;
}

/* V with as few decimals as it needs (6,5 not 6,50), and a percent sign for rates. */
static const char *bound_text(const ntm_cli *cli, double v, int pct, char *buf, size_t size)
{
    int dec = v == round(v) ? 0 : v * 10 == round(v * 10) ? 1 : 2;
    return pct ? ntm_fmt_percent(buf, size, v, dec, cli->lang)
               : ntm_fmt_number(buf, size, v, dec, cli->lang);
}

/* Threshold wording: Vietnamese output shows the catalog's wording ("≤ 6,5%"); English
 * builds it from the bounds in English numbers, or falls back to the wording. */
static const char *threshold_text(const ntm_cli *cli, const ntm_indicator *ind,
                                  const ntm_threshold *t, char *buf, size_t size)
{
    if (!t)
        return ntm_tr(cli, "threshold not confirmed");
    if (t->text && *t->text &&
        (cli->lang == NTM_LANG_VI || (!isfinite(t->lower) && !isfinite(t->upper))))
        return t->text;
    int pct = ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM;
    char a[48], b[48];
    if (isfinite(t->lower) && isfinite(t->upper))
        snprintf(buf, size, "%s – %s", bound_text(cli, t->lower, pct, a, sizeof a),
                 bound_text(cli, t->upper, pct, b, sizeof b));
    else if (isfinite(t->lower))
        snprintf(buf, size, "≥ %s", bound_text(cli, t->lower, pct, a, sizeof a));
    else if (isfinite(t->upper))
        snprintf(buf, size, "≤ %s", bound_text(cli, t->upper, pct, a, sizeof a));
    else
        return ntm_tr(cli, "threshold not confirmed");
    return buf;
}

/* A value in its indicator's unit: "12,21%" or "1.784". */
static const char *show_value(const ntm_cli *cli, const ntm_indicator *ind, double v, char *buf,
                              size_t size)
{
    if (!isfinite(v))
        return NTM_FMT_NONE;
    if (ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM)
        return ntm_fmt_percent(buf, size, v, 2, cli->lang);
    if (ind->kind == NTM_KIND_AMOUNT)
        return ntm_fmt_number(buf, size, v, 0, cli->lang);
    return ntm_fmt_number(buf, size, v, v == floor(v) ? 0 : 2, cli->lang);
}

static const char *count_unit(const ntm_cli *cli, const ntm_indicator *ind)
{
    if (!ind->denom_unit)
        return ntm_tr(cli, "units");
    if (cli->lang == NTM_LANG_EN) {
        if (strcmp(ind->denom_unit, "hộ") == 0)
            return "households";
        if (strcmp(ind->denom_unit, "người") == 0)
            return "people";
    }
    return ind->denom_unit;
}

/* Pads S with spaces to WIDTH display columns. */
/* A unit level in the reader's language. */
static const char *level_text(const ntm_cli *cli, const char *level)
{
    static const char *const map[][2] = {
        {"province", "tỉnh"}, {"district", "huyện"}, {"commune", "xã"}, {"village", "thôn"}};
    for (size_t i = 0; level && cli->lang == NTM_LANG_VI && i < 4; i++)
        if (strcmp(level, map[i][0]) == 0)
            return map[i][1];
    return level ? level : "";
}

/* The indicators unmet or unknown, each with its value, threshold, gap and reports. */
static void print_indicators(const ntm_cli *cli, const ntm_scorecard *sc)
{
    char a[64], b[64], c[64], d[64];
    int header = 0;
    for (size_t i = 0; i < sc->n_ind; i++) {
        const ntm_indicator_result *r = &sc->ind[i];
        if (r->state == NTM_STATE_MET)
            continue;
        if (!header) {
            printf("\n%s\n", ntm_tr(cli, "Indicators unmet or unknown:"));
            header = 1;
        }
        const ntm_indicator *ind = r->ind;
        printf("\n  %-6s ", ind->code);
        char head[2048];
        snprintf(head, sizeof head, "%s — %s", name_of(cli, ind->name_vi, ind->name_en),
                 state_text(cli, r->state));
        ntm_cli_put_wrapped(head, 9, 9, 96);
        printf("\n");
        printf("         %s: %s", ntm_tr(cli, "Value"),
               show_value(cli, ind, r->reported, a, sizeof a));
        if (isfinite(r->reported))
            printf(" (%s)", ntm_tr(cli, "as reported"));
        if (isfinite(r->recomputed) && (r->differs || !isfinite(r->reported)))
            printf("; %s: %s", ntm_tr(cli, "recomputed from counts"),
                   show_value(cli, ind, r->recomputed, b, sizeof b));
        printf("\n");
        for (size_t k = 0; k < r->n_parts_obs; k++) {
            const ntm_observation *po = r->parts_obs[k];
            if (isfinite(po->numerator) && isfinite(po->denominator))
                printf("         %s %s: %s/%s = %s\n", ntm_tr(cli, "part"), po->indicator,
                       ntm_fmt_number(a, sizeof a, po->numerator, 0, cli->lang),
                       ntm_fmt_number(b, sizeof b, po->denominator, 0, cli->lang),
                       ntm_fmt_percent(c, sizeof c, 100 * po->numerator / po->denominator, 2,
                                       cli->lang));
        }
        char tb[96];
        printf("         %s: %s", ntm_tr(cli, "Threshold"),
               threshold_text(cli, ind, r->threshold ? r->threshold : r->threshold_text, tb,
                              sizeof tb));
        if (!r->threshold) {
            if (r->basis == NTM_BASIS_ASSESSMENT)
                printf(" — %s", ntm_tr(cli, "the assessment is used"));
            else if (r->basis == NTM_BASIS_CRITERION)
                printf(" — %s", ntm_tr(cli, "the criterion's assessment is used"));
        }
        printf("\n");
        if (isfinite(r->gap)) {
            int pct = ind->kind == NTM_KIND_RATE || ind->kind == NTM_KIND_SUM;
            printf("         %s: %s%s", ntm_tr(cli, "Gap"),
                   ntm_fmt_number(a, sizeof a, r->gap, 2, cli->lang),
                   pct ? ntm_tr(cli, " percentage points") : "");
            if (isfinite(r->gap_count))
                printf(" (%s %s %s)", ntm_tr(cli, "about"),
                       ntm_fmt_number(d, sizeof d, r->gap_count, 0, cli->lang),
                       count_unit(cli, ind));
            printf("\n");
        }
        if (r->invalid_value)
            printf("         %s\n", ntm_tr(cli, "Note: the reported value is impossible for this "
                                                "indicator and is not used"));
        if (r->assessment_conflict)
            printf("         %s\n",
                   ntm_tr(cli, "Note: the assessment disagrees with value against threshold"));
        for (size_t k = 0; k < r->n_obs; k++) {
            const ntm_observation *o = r->obs[k];
            printf("         %s %s", ntm_tr(cli, "Date"), show_date(o->date, a, sizeof a));
            if (r->n_obs > 1 && isfinite(o->value))
                printf(", %s %s", ntm_tr(cli, "value"),
                       show_value(cli, ind, o->value, b, sizeof b));
            if (r->n_obs > 1 && isfinite(o->numerator) && isfinite(o->denominator))
                printf(", %s/%s", ntm_fmt_number(b, sizeof b, o->numerator, 0, cli->lang),
                       ntm_fmt_number(c, sizeof c, o->denominator, 0, cli->lang));
            if (o->status != NTM_ASSESS_NONE)
                printf(", %s: %s", ntm_tr(cli, "assessed"),
                       o->status == NTM_ASSESS_MET ? ntm_tr(cli, "met") : ntm_tr(cli, "unmet"));
            if (o->source && *o->source)
                printf("; %s: %s", ntm_tr(cli, "source"), o->source);
            printf("\n");
            if (o->note) {
                char note[2048];
                snprintf(note, sizeof note, "%s: %s", ntm_tr(cli, "Note"), o->note);
                printf("         ");
                ntm_cli_put_wrapped(note, 9, 11, 96);
                printf("\n");
            }
        }
        if (r->n_obs == 0 && r->basis != NTM_BASIS_CRITERION)
            printf("         %s\n", ntm_tr(cli, "No data"));
    }
}

static void print_table(const ntm_cli *cli, const ntm_scorecard *sc, const char *year_label)
{
    const ntm_catalog *cat = sc->cat;
    const ntm_unit *u = sc->unit;
    char a[64];
    printf("%s", u->name);
    if (u->parent)
        printf(" (%s, %s %s)", level_text(cli, u->level), ntm_tr(cli, "part of"), u->parent);
    printf("\n%s: %s — %s\n", ntm_tr(cli, "Criteria set"), cat->id,
           name_of(cli, cat->name_vi, cat->name_en));
    if (sc->class_key)
        printf("%s: %s%s\n", ntm_tr(cli, "Thresholds of class"), sc->class_key,
               sc->hardest_rule ? ntm_tr(cli, " (extremely disadvantaged commune: hardest region)")
                                : "");
    if (year_label)
        printf("%s %s\n", ntm_tr(cli, "Data up to the end of"), year_label);
    printf("\n%s: %zu/%zu %s, %zu %s, %zu %s\n", ntm_tr(cli, "Criteria"), sc->crit_met, sc->n_crit,
           ntm_tr(cli, "met"), sc->crit_unmet, ntm_tr(cli, "unmet"), sc->crit_unknown,
           ntm_tr(cli, "unknown"));
    printf("%s: %zu/%zu %s, %zu %s, %zu %s", ntm_tr(cli, "Listed indicators"), sc->ind_met,
           sc->n_ind, ntm_tr(cli, "met"), sc->ind_unmet, ntm_tr(cli, "unmet"), sc->ind_unknown,
           ntm_tr(cli, "unknown"));
    if (cat->indicators_declared > 0 && (size_t)cat->indicators_declared != sc->n_ind)
        printf(ntm_tr(cli, " (the set has %ld indicators; the catalog lists %zu)"),
               cat->indicators_declared, sc->n_ind);
    printf("\n\n");

    printf("  %-4s ", ntm_tr(cli, "No."));
    ntm_cli_put_cell(ntm_tr(cli, "Criterion"), 50);
    printf("%s\n", ntm_tr(cli, "Status"));
    for (size_t i = 0; i < sc->n_crit; i++) {
        const ntm_criterion_result *cr = &sc->crit[i];
        printf("  %-4s ", cr->crit->code);
        ntm_cli_put_cell(name_of(cli, cr->crit->name_vi, cr->crit->name_en), 50);
        printf("%s", state_text(cli, cr->state));
        if (cr->by_assessment && cr->assessment)
            printf(" (%s %s)", ntm_tr(cli, "assessed"),
                   show_date(cr->assessment->date, a, sizeof a));
        else if (cr->n_ind)
            printf(" (%zu/%zu %s)", cr->n_met, cr->n_ind, ntm_tr(cli, "indicators met"));
        printf("\n");
    }

    print_indicators(cli, sc);
}

static void json_num(double v)
{
    char b[40];
    fputs(ntm_fmt_plain(b, sizeof b, v, 1), stdout);
}

static void print_json(const ntm_cli *cli, const ntm_scorecard *sc, int year)
{
    (void)cli;
    const ntm_unit *u = sc->unit;
    printf("{\"type\":\"summary\",\"unit\":");
    ntm_json_string(stdout, u->name);
    printf(",\"set\":");
    ntm_json_string(stdout, sc->cat->id);
    printf(",\"class\":");
    ntm_json_string(stdout, sc->class_key);
    if (year)
        printf(",\"year\":%d", year);
    else
        printf(",\"year\":null");
    printf(",\"criteria\":{\"total\":%zu,\"met\":%zu,\"unmet\":%zu,\"unknown\":%zu}", sc->n_crit,
           sc->crit_met, sc->crit_unmet, sc->crit_unknown);
    printf(",\"indicators\":{\"listed\":%zu,\"declared\":%ld,\"met\":%zu,\"unmet\":%zu,\"unknown\":"
           "%zu}}\n",
           sc->n_ind, sc->cat->indicators_declared, sc->ind_met, sc->ind_unmet, sc->ind_unknown);
    for (size_t i = 0; i < sc->n_crit; i++) {
        const ntm_criterion_result *cr = &sc->crit[i];
        printf("{\"type\":\"criterion\",\"code\":");
        ntm_json_string(stdout, cr->crit->code);
        printf(",\"name_vi\":");
        ntm_json_string(stdout, cr->crit->name_vi);
        printf(",\"name_en\":");
        ntm_json_string(stdout, cr->crit->name_en);
        printf(",\"state\":\"%s\",\"by_assessment\":%s,\"indicators\":%zu,\"met\":%zu,\"unmet\":%"
               "zu,\"unknown\":%zu}\n",
               ntm_state_name(cr->state), cr->by_assessment ? "true" : "false", cr->n_ind,
               cr->n_met, cr->n_unmet, cr->n_unknown);
    }
    for (size_t i = 0; i < sc->n_ind; i++) {
        const ntm_indicator_result *r = &sc->ind[i];
        const ntm_threshold *t = r->threshold;
        printf("{\"type\":\"indicator\",\"code\":");
        ntm_json_string(stdout, r->ind->code);
        printf(",\"criterion\":");
        ntm_json_string(stdout, r->ind->criterion);
        printf(",\"name_vi\":");
        ntm_json_string(stdout, r->ind->name_vi);
        printf(",\"name_en\":");
        ntm_json_string(stdout, r->ind->name_en);
        printf(",\"kind\":\"%s\",\"state\":\"%s\",\"basis\":\"%s\",\"reported\":",
               ntm_kind_name(r->ind->kind), ntm_state_name(r->state), basis_name(r->basis));
        json_num(r->reported);
        printf(",\"recomputed\":");
        json_num(r->recomputed);
        printf(",\"threshold\":");
        if (t) {
            printf("{\"lower\":");
            json_num(t->lower);
            printf(",\"upper\":");
            json_num(t->upper);
            printf(",\"text\":");
            ntm_json_string(stdout, t->text);
            printf(",\"source\":");
            ntm_json_string(stdout, t->source);
            printf("}");
        } else {
            printf("null");
        }
        printf(",\"gap\":");
        json_num(r->gap);
        printf(",\"gap_count\":");
        json_num(r->gap_count);
        printf(",\"gap_count_unit\":");
        ntm_json_string(stdout, isfinite(r->gap_count) ? r->ind->denom_unit : NULL);
        printf(",\"observations\":[");
        for (size_t k = 0; k < r->n_obs; k++) {
            const ntm_observation *o = r->obs[k];
            printf("%s{\"date\":", k ? "," : "");
            ntm_json_string(stdout, o->date);
            printf(",\"value\":");
            json_num(o->value);
            printf(",\"numerator\":");
            json_num(o->numerator);
            printf(",\"denominator\":");
            json_num(o->denominator);
            printf(",\"status\":");
            ntm_json_string(stdout,
                            o->status == NTM_ASSESS_NONE ? NULL : ntm_assess_name(o->status));
            printf(",\"source\":");
            ntm_json_string(stdout, o->source);
            printf(",\"note\":");
            ntm_json_string(stdout, o->note);
            printf("}");
        }
        printf("],\"parts\":[");
        for (size_t k = 0; k < r->n_parts_obs; k++) {
            const ntm_observation *o = r->parts_obs[k];
            printf("%s{\"code\":", k ? "," : "");
            ntm_json_string(stdout, o->indicator);
            printf(",\"value\":");
            json_num(o->value);
            printf(",\"numerator\":");
            json_num(o->numerator);
            printf(",\"denominator\":");
            json_num(o->denominator);
            printf("}");
        }
        printf("]}\n");
    }
}

static void print_csv(const ntm_cli *cli, const ntm_scorecard *sc)
{
    char b[40];
    printf("level,code,criterion,name,state,basis,reported,recomputed,lower,upper,threshold_text,"
           "gap,gap_count,gap_count_unit,date,source\n");
    for (size_t i = 0; i < sc->n_crit; i++) {
        const ntm_criterion_result *cr = &sc->crit[i];
        printf("criterion,");
        ntm_csv_field(stdout, cr->crit->code);
        printf(",");
        ntm_csv_field(stdout, cr->crit->code);
        printf(",");
        ntm_csv_field(stdout, name_of(cli, cr->crit->name_vi, cr->crit->name_en));
        /* nine empty fields, reported to gap_count_unit, then date and source */
        printf(",%s,%s,,,,,,,,,", ntm_state_name(cr->state),
               cr->by_assessment ? "assessment" : "indicators");
        if (cr->assessment)
            ntm_csv_field(stdout, cr->assessment->date);
        printf(",");
        if (cr->assessment)
            ntm_csv_field(stdout, cr->assessment->source);
        printf("\n");
    }
    for (size_t i = 0; i < sc->n_ind; i++) {
        const ntm_indicator_result *r = &sc->ind[i];
        const ntm_threshold *t = r->threshold;
        printf("indicator,");
        ntm_csv_field(stdout, r->ind->code);
        printf(",");
        ntm_csv_field(stdout, r->ind->criterion);
        printf(",");
        ntm_csv_field(stdout, name_of(cli, r->ind->name_vi, r->ind->name_en));
        printf(",%s,%s,", ntm_state_name(r->state), basis_name(r->basis));
        printf("%s,", ntm_fmt_plain(b, sizeof b, r->reported, 0));
        printf("%s,", ntm_fmt_plain(b, sizeof b, r->recomputed, 0));
        printf("%s,", t ? ntm_fmt_plain(b, sizeof b, t->lower, 0) : "");
        printf("%s,", t ? ntm_fmt_plain(b, sizeof b, t->upper, 0) : "");
        if (t)
            ntm_csv_field(stdout, t->text);
        printf(",%s,", ntm_fmt_plain(b, sizeof b, r->gap, 0));
        printf("%s,", ntm_fmt_plain(b, sizeof b, r->gap_count, 0));
        if (isfinite(r->gap_count))
            ntm_csv_field(stdout, r->ind->denom_unit);
        printf(",");
        if (r->n_obs)
            ntm_csv_field(stdout, r->obs[0]->date);
        printf(",");
        if (r->n_obs)
            ntm_csv_field(stdout, r->obs[0]->source);
        printf("\n");
    }
}

/* The mergers that formed the unit, what its history takes from the former units and
 * what could not be combined (plan/history.h). */
static void print_history(const ntm_cli *cli, const ntm_history_note *h)
{
    char d[16];
    for (size_t i = 0; i < h->n_mergers; i++) {
        const ntm_merger *m = &h->mergers[i];
        printf(ntm_tr(cli, "\nFormed on %s from: "), show_date(m->date, d, sizeof d));
        for (size_t p = 0; p < m->n_parts; p++)
            printf("%s%s", p ? " + " : "", m->parts[p]);
        if (m->source)
            printf(" (%s)", m->source);
        printf("\n");
    }
    if (!h->n_mergers)
        return;
    printf(ntm_tr(cli, "Figures before that date are the former units' combined (%zu figures): "
                       "rates through their numerators and denominators.\n"),
           h->n_combined);
    for (size_t g = 0; g < h->n_gaps; g++) {
        const ntm_history_gap *x = &h->gaps[g];
        printf(ntm_tr(cli, "  %s, %d: not combined: %s"), x->code, x->year, _(x->reason));
        if (x->missing_part[0])
            printf(" (%s)", x->missing_part);
        printf("\n");
    }
}

/* The unit's recognition under its set on --today (model/recognition.h), when it has
 * records or was formed by a merger. */
static void print_recognition(const ntm_cli *cli, const ntm_unit_data *ud)
{
    const ntm_history_note *h = &ud->history;
    const char *merged = h->n_mergers ? h->mergers[h->n_mergers - 1].date : NULL;
    if (!ud->n_recog && !merged)
        return;
    ntm_recog_status rs = ntm_recognition_state(ud->recog, ud->n_recog, ud->units[ud->pick].name,
                                                ud->cat.id, cli->today, merged);
    char d[16], e[16];
    const ntm_recognition *r = rs.record;
    printf("\n");
    switch (rs.state) {
    case NTM_RECOG_YES:
        printf(ntm_tr(cli, "Recognition: recognised on %s (%s)\n"), show_date(r->date, d, sizeof d),
               r->decision ? r->decision : "—");
        break;
    case NTM_RECOG_REVOKED:
        printf(ntm_tr(cli, "Recognition: recognised on %s (%s), revoked on %s\n"),
               show_date(r->date, d, sizeof d), r->decision ? r->decision : "—",
               show_date(r->revoked, e, sizeof e));
        break;
    case NTM_RECOG_MERGED:
        printf(ntm_tr(cli, "Recognition: not recognised (merged on %s; recognition is not "
                           "inherited)\n"),
               show_date(rs.merged_on, d, sizeof d));
        break;
    case NTM_RECOG_NONE:
        printf("%s\n", ntm_tr(cli, "Recognition: not recognised under this set"));
        break;
    }
}

int cmd_status(int argc, char **argv, ntm_cli *cli)
{
    static const struct option opts[] = {NTM_CLI_COMMON_OPTIONS,
                                         {"unit", required_argument, NULL, 'u'},
                                         {"year", required_argument, NULL, 'y'},
                                         {NULL, 0, NULL, 0}};
    const char *unit_q = NULL;
    long year = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'u') {
            unit_q = optarg;
        } else if (c == 'y') {
            const char *why;
            if (ntm_parse_long(optarg, NTM_NUM_EN, 1900, 2200, &year, &why) != NTM_OK)
                return ntm_cli_usage(cli, "--year '%s': %s", optarg, why);
        } else {
            int rc = ntm_cli_other_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    if (optind < argc)
        return ntm_cli_usage(cli, ntm_tr(cli, "unexpected argument '%s'"), argv[optind]);

    ntm_error err = {0};
    ntm_store *st;
    if (ntm_store_open(&st, cli->db_path, &err) != NTM_OK)
        return ntm_cli_fail(cli, &err);
    ntm_unit_data ud;
    int code = NTM_EXIT_OK;
    if (ntm_unit_data_load(cli, st, unit_q, &ud, &err) != NTM_OK) {
        code = ntm_cli_fail(cli, &err);
    } else {
        ntm_scorecard sc;
        double as_of = year ? (double)(year + 1) : INFINITY;
        if (ntm_scorecard_compute(&sc, &ud.cat, &ud.units[ud.pick], ud.obs, ud.n_obs, as_of,
                                  &err) != NTM_OK) {
            code = ntm_cli_fail(cli, &err);
        } else {
            char yl[16];
            snprintf(yl, sizeof yl, "%ld", year);
            if (cli->format == NTM_FORMAT_JSON)
                print_json(cli, &sc, (int)year);
            else if (cli->format == NTM_FORMAT_CSV)
                print_csv(cli, &sc);
            else {
                print_table(cli, &sc, year ? yl : NULL);
                print_recognition(cli, &ud);
                print_history(cli, &ud.history);
            }
            ntm_scorecard_release(&sc);
        }
    }
    ntm_unit_data_release(&ud);
    ntm_store_close(st);
    return code;
}
