/* unit.h: administrative units and observations of their indicators, as plain data. */
#ifndef NTM_UNIT_H
#define NTM_UNIT_H

#include <stddef.h>

/* A unit (province, district, commune, village). Levels are data, not an enum:
 * province > district > commune > village until 30/6/2025, province > commune > village
 * since 1/7/2025. NaN / NULL where unknown. */
typedef struct ntm_unit {
    long id;         /* store row id, 0 before it is stored */
    char *name;      /* NFC, as written: "Cẩm Thành" */
    char *level;     /* "commune" ... */
    char *parent;    /* parent unit name or NULL */
    char *class_key; /* region or group key ("BTB", "2") */
    char *flags;     /* comma-separated flags, e.g. "dbkk" (xã đặc biệt khó khăn) */
    char *set_id;    /* criteria set id */
    double households, population;
    char *note;
    unsigned keep; /* NTM_KEEP_* of fields an import leaves as stored (no column, empty cell) */
} ntm_unit;

/* Fields of a stored unit that an import without them leaves alone. */
enum {
    NTM_KEEP_PARENT = 1u << 0,
    NTM_KEEP_CLASS = 1u << 1,
    NTM_KEEP_FLAGS = 1u << 2,
    NTM_KEEP_SET = 1u << 3,
    NTM_KEEP_HOUSEHOLDS = 1u << 4,
    NTM_KEEP_POPULATION = 1u << 5,
    NTM_KEEP_NOTE = 1u << 6
};

typedef enum ntm_assess {
    NTM_ASSESS_NONE = 0, /* not assessed */
    NTM_ASSESS_MET,      /* đạt */
    NTM_ASSESS_UNMET     /* chưa đạt */
} ntm_assess;

/* One reported figure or assessment for a unit's indicator, or for a whole criterion
 * (indicator NULL, criterion set). */
typedef struct ntm_observation {
    long id;
    char *unit;      /* unit name */
    char *criterion; /* criterion code, always set ("11") */
    char *indicator; /* indicator code or NULL for a criterion-level assessment */
    char *date;      /* ISO "2023-07-31" or "2023" as written (normalised) */
    double t;        /* decimal year for fitting: a bare year means 31/12 */
    double value;    /* as reported, in the indicator's unit (percent for rates) */
    double numerator, denominator;
    ntm_assess status;
    char *source;
    char *note;
    char *file; /* the file and line it was imported from */
    long line;
    unsigned keep; /* NTM_KEEP_NOTE: an import without a note leaves the stored one */
} ntm_observation;

void ntm_unit_release(ntm_unit *u);

/* The one rule for the count a rate is over when no denominator was reported: the unit's
 * households for a denominator unit "hộ", its population for "người", else NaN. */
double ntm_unit_count(const ntm_unit *u, const char *denom_unit);
void ntm_observation_release(ntm_observation *o);

const char *ntm_assess_name(ntm_assess a); /* "met", "unmet", "" */

#endif
