/* scenario.h: a planning case as plain data (DESIGN.md, "Money", "Scenario",
 * "Interventions"). Read from INI by io/scenario_ini; simulated by engine/sim.
 * Absent numbers are NaN, absent texts NULL. Money is in đồng; years are calendar years
 * and "by year Y" means by 31/12/Y. Every parameter that is not in the scenario file
 * comes from models/defaults (with its source or "assumption"), recorded in `origin`. */
#ifndef NTM_SCENARIO_H
#define NTM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

/* A funding key (DESIGN.md, "Money"): who pays, what kind of capital, which programme. */
typedef enum ntm_fund_source {
    NTM_SRC_CENTRAL,
    NTM_SRC_PROVINCE,
    NTM_SRC_DISTRICT,
    NTM_SRC_COMMUNE,
    NTM_SRC_COMMUNITY,
    NTM_SRC_OTHER,
    NTM_SRC_COUNT
} ntm_fund_source;
typedef enum ntm_capital {
    NTM_CAP_INVESTMENT, /* đầu tư phát triển: schools, pools, water plants */
    NTM_CAP_RECURRENT,  /* sự nghiệp: training, outreach, subsidies */
    NTM_CAP_COUNT
} ntm_capital;
typedef enum ntm_programme {
    NTM_PROG_NTM,     /* nông thôn mới */
    NTM_PROG_POVERTY, /* giảm nghèo bền vững */
    NTM_PROG_ETHNIC,  /* DTTS-MN (ethnic minority and mountain areas) */
    NTM_PROG_OTHER,   /* lồng ghép: other integrated sources */
    NTM_PROG_COUNT
} ntm_programme;

typedef struct ntm_fund_key {
    ntm_fund_source source;
    ntm_capital capital;
    ntm_programme programme;
} ntm_fund_key;

/* Money available under one key in one year. */
typedef struct ntm_envelope {
    int year;
    ntm_fund_key key;
    double amount; /* đồng */
    long line;     /* where it was written, for messages */
} ntm_envelope;

/* Money put into an intervention in one year from one key. */
typedef struct ntm_allocation {
    int year;
    ntm_fund_key key;
    double amount;
    long line;
} ntm_allocation;

typedef enum ntm_iv_type {
    NTM_IV_PROGRAM,   /* money on a rate: reached = R(1 - exp(-s e / (c R))) */
    NTM_IV_RECURRING, /* a cost per person-year; coverage lasts while funded */
    NTM_IV_PROJECT,   /* a work: cost × (1 + contingency) × overrun; built `duration`
                         years after fully funded */
    NTM_IV_EFFORT     /* no money: progress per year with spread (dossiers, certificates) */
} ntm_iv_type;

typedef struct ntm_intervention {
    char *name; /* [intervention NAME] */
    ntm_iv_type type;
    char *unit;      /* unit name */
    char *indicator; /* indicator code it acts on */
    /* program and recurring */
    double unit_cost;       /* c: median đồng per unit reached (program) or per
                               person-year (recurring) */
    double unit_cost_sigma; /* lognormal sigma of c (0 = fixed) */
    double efficacy;        /* e in (0, 1] */
    double lag;             /* years from spending to effect (0 = end of that year) */
    double decay;           /* yearly share of the effect lost (falling back) */
    double population;      /* N: households or people the rate is over (NaN: from data) */
    /* project */
    double cost;                /* C, đồng */
    double contingency;         /* fraction added to C */
    double overrun_sigma;       /* lognormal sigma of the overrun factor (median 1) */
    double duration;            /* years from full funding to completion */
    double delay_prob;          /* probability of a one-year delay (slow disbursement) */
    int components, k_required; /* k-of-m works; 1 and 1 for a single work */
    double value_when_done;     /* indicator value once complete (NaN: the threshold is met) */
    /* effort */
    double done, total;   /* progress so far and what is needed (417 of 910) */
    double rate, rate_sd; /* progress per year and its spread */
    /* money */
    double *profile; /* yearly spending shares, summing to 1 */
    size_t n_profile;
    ntm_fund_key *keys; /* keys it may draw on */
    double *key_share;  /* declared share of each key (sums to 1) */
    size_t n_keys;
    ntm_allocation *alloc; /* allocations per year and key */
    size_t n_alloc;
    int optimize; /* allocation left to `ntmplan optimize` */
    /* who does it (Việc cần làm) */
    char *owner, *task, *due;
    char *origin; /* which parameters came from defaults, with their sources */
    long line;
} ntm_intervention;

/* A gap's own target year (the Cẩm Thành plan of 07/2023 sets 2023 for some gaps, 2024 for others).
 */
typedef struct ntm_target {
    char *unit;
    char *indicator;
    int year;
    long line;
} ntm_target;

/* Shared factors: one draw per year per scenario, common to every unit and
 * intervention, so outcomes are joint (DESIGN.md, "Random streams"). */
typedef struct ntm_shared_factors {
    double price_sigma;   /* lognormal sigma of the province-wide construction price factor */
    double delay_prob;    /* probability that a year's disbursement is late (all projects) */
    double economy_sigma; /* sd of a yearly shock to poverty-type rates, percentage points */
} ntm_shared_factors;

/* A planner's working figure for one indicator of one unit, from the scenario's
 * [assumptions] section: a current value and/or a threshold where the data or the
 * confirmed criteria set has none. It is an assumption, not a fact: every output that
 * uses one must say so and show `source`. Values and bounds are in the indicator's own
 * unit (a rate in percent: 80 for 80%). */
typedef struct ntm_assumption {
    char *unit;          /* NULL: the scenario's only unit */
    char *indicator;     /* indicator code ("15.1") */
    double value;        /* NaN: not assumed */
    double lower, upper; /* threshold bounds, NaN: not assumed (one or both given) */
    char *source;        /* why these figures: required */
    long line;           /* the indicator's first line in the file */
} ntm_assumption;

typedef struct ntm_scenario {
    char *name;
    char *path;   /* the file read */
    char **units; /* unit names the scenario covers */
    size_t n_units;
    int start_year; /* first year money can be spent */
    int horizon;    /* last year simulated */
    int deadline;   /* recognition deadline: by 31/12 of this year */
    long draws;
    uint64_t seed;
    int carry_over; /* one year of carry-over of unspent envelope money */
    ntm_shared_factors shared;
    ntm_target *targets;
    size_t n_targets;
    ntm_envelope *envelopes;
    size_t n_envelopes;
    ntm_intervention *iv;
    size_t n_iv;
    ntm_assumption *assume; /* [assumptions], in the order first written */
    size_t n_assume;
} ntm_scenario;

void ntm_scenario_release(ntm_scenario *sc); /* frees what SC owns; NULL is fine */

/* Names used in files and messages: "central", "province", "district", "commune",
 * "community", "other"; "investment", "recurrent"; "ntm", "poverty", "ethnic", "other";
 * "program", "recurring", "project", "effort". The *_from_name functions also accept
 * the Vietnamese words (trung ương, tỉnh, huyện, xã, cộng đồng, khác; đầu tư, sự nghiệp;
 * nông thôn mới, giảm nghèo, dtts) and return 0, or -1 when unknown. */
const char *ntm_fund_source_name(ntm_fund_source s);
const char *ntm_capital_name(ntm_capital c);
const char *ntm_programme_name(ntm_programme p);
const char *ntm_iv_type_name(ntm_iv_type t);
int ntm_fund_source_from_name(const char *s, ntm_fund_source *out);
int ntm_capital_from_name(const char *s, ntm_capital *out);
int ntm_programme_from_name(const char *s, ntm_programme *out);
int ntm_iv_type_from_name(const char *s, ntm_iv_type *out);

/* 1 when the two keys are the same. */
int ntm_fund_key_equal(const ntm_fund_key *a, const ntm_fund_key *b);

/* Whole years from money to effect, the one rule every command uses: a project's
 * `duration` (it is ready that long after full funding), a program's or recurring
 * support's `lag`, rounded up; 0 for an effort (work, not money, with no lag) and for an
 * unset or negative figure. Money spent in year Y acts at the end of Y + this. */
int ntm_iv_lead_years(const ntm_intervention *iv);

#endif
