/* catalog.h: a criteria set (bộ tiêu chí) as plain data (DESIGN.md, "Domain model").
 * A set has criteria; a criterion has indicators; an indicator may have parts
 * (components of a `sum`, or sub-conditions that must `all` hold), which are indicators
 * themselves with part_of set. Numbers that are absent are NaN; texts that are absent
 * are NULL. Every number that matters carries its source, or "assumption". */
#ifndef NTM_CATALOG_H
#define NTM_CATALOG_H

#include <stddef.h>

typedef enum ntm_kind {
    NTM_KIND_RATE,   /* percent with numerator and denominator */
    NTM_KIND_SUM,    /* sum of component rates with their own denominators */
    NTM_KIND_COUNT,  /* a whole number (schools, works, villages) */
    NTM_KIND_AMOUNT, /* money or income (đồng) or another amount */
    NTM_KIND_BINARY  /* đạt / chưa đạt */
} ntm_kind;

typedef enum ntm_direction {
    NTM_DIR_MIN, /* met when value >= lower ("at least") */
    NTM_DIR_MAX, /* met when value <= upper ("at most") */
    NTM_DIR_YES  /* met when the assessment is đạt (binary) */
} ntm_direction;

typedef enum ntm_scheme {
    NTM_SCHEME_REGION7, /* 7 regions, QĐ 318/QĐ-TTg (2021-2025) */
    NTM_SCHEME_GROUP3,  /* 3 commune groups, QĐ 51/2025/QĐ-TTg (2026-2030) */
    NTM_SCHEME_NONE     /* one threshold for every unit (a province's own set) */
} ntm_scheme;

/* The threshold of one indicator for one class key ("BTB", "1", or "*" for all). */
typedef struct ntm_threshold {
    char *class_key;
    double lower; /* NaN when none */
    double upper; /* NaN when none */
    char *text;   /* the wording, e.g. "≤ 6,5%"; may be NULL */
    char *source; /* where it was read; NULL means unconfirmed */
} ntm_threshold;

/* Conjugate prior for the trend on the model's transformed scale (DESIGN.md, "Trend"):
 * slope b ~ N(slope, slope_sd^2), sigma^2 ~ Inv-chi^2(nu, sigma^2). */
typedef struct ntm_prior {
    double slope, slope_sd, sigma, nu, ceiling; /* NaN when not given */
    char *source;                               /* required when any number is given */
} ntm_prior;

typedef struct ntm_indicator {
    char *code;      /* "11.1" */
    char *criterion; /* "11" */
    char *part_of;   /* parent indicator code for parts, else NULL */
    char *name_vi, *name_en;
    ntm_kind kind;
    char *unit;       /* "%", "hộ", "đồng/người/năm" ... may be NULL */
    char *denom_unit; /* what a rate counts: "hộ" (households), "người" (people); NULL */
    ntm_direction direction;
    int combine_all; /* parts are sub-conditions that must all hold */
    ntm_threshold *thresholds;
    size_t n_thresholds;
    char *model;   /* default trend model: linear, loglinear, logistic, damped, constant */
    char *concept; /* what it measures (models/concepts.ini), e.g. "poverty-rate"; NULL */
    ntm_prior prior;
    double risk; /* yearly probability a met indicator slips; NaN if not given */
    char *risk_source;
    char *note;
    long line; /* line of its section in the catalog file, for messages */
} ntm_indicator;

typedef struct ntm_criterion {
    char *code; /* "11" */
    char *name_vi, *name_en;
    char *group; /* group of criteria, e.g. "III" */
    long line;
} ntm_criterion;

typedef struct ntm_class {
    char *key; /* "BTB", "1" */
    char *name_vi, *name_en;
} ntm_class;

typedef struct ntm_catalog {
    char *id; /* "qd318-2021" */
    char *version;
    char *name_vi, *name_en;
    char *level;     /* commune, commune-advanced, commune-model, village */
    char *effective; /* ISO date "2022-03-08" */
    char *source;
    ntm_scheme scheme;
    long indicators_declared; /* the count the issuing document states; 0 if unknown */
    char *hardest_class;      /* class whose thresholds "đặc biệt khó khăn" communes use */
    ntm_class *classes;
    size_t n_classes;
    ntm_criterion *criteria;
    size_t n_criteria;
    ntm_indicator *indicators; /* in file order; parts follow their parent */
    size_t n_indicators;
    char *path; /* the file it was read from, or NULL */
} ntm_catalog;

/* Frees everything CAT owns (not CAT itself) and zeroes it. NULL is fine. */
void ntm_catalog_release(ntm_catalog *cat);

/* Look-ups by code; NULL when absent. */
const ntm_indicator *ntm_catalog_indicator(const ntm_catalog *cat, const char *code);
const ntm_criterion *ntm_catalog_criterion(const ntm_catalog *cat, const char *code);

/* The threshold IND uses for CLASS_KEY: the class's own, else the "*" one, else NULL.
 * A threshold with neither bound is returned too (text only); callers check bounds. */
const ntm_threshold *ntm_indicator_threshold(const ntm_indicator *ind, const char *class_key);

/* The one rule for a value against a threshold, used by the status, the projections and
 * the simulator alike: met when it is at or above LOWER and at or below UPPER, a NaN bound
 * being no bound (a range [80, 90] is unmet at 95, whatever the direction). */
int ntm_threshold_meets(double v, double lower, double upper);

const char *ntm_kind_name(ntm_kind kind);                       /* "rate" ... */
const char *ntm_direction_name(ntm_direction d);                /* "min" ... */
const char *ntm_scheme_name(ntm_scheme s);                      /* "region7" ... */
int ntm_kind_from_name(const char *s, ntm_kind *out);           /* 0 ok, -1 unknown */
int ntm_direction_from_name(const char *s, ntm_direction *out); /* 0 ok, -1 unknown */
int ntm_scheme_from_name(const char *s, ntm_scheme *out);       /* 0 ok, -1 unknown */

#endif
