/* task.h: following the plan through the year, as plain data: tasks and their progress
 * updates, the dossier a criterion needs, the criteria a unit registers for a year, and
 * money planned and disbursed per tranche. Read by io/tasks.h and io/follow_records.h,
 * stored by store/store_follow.h, judged by plan/followup.h. Absent numbers are NaN,
 * absent texts NULL, absent moments have known == 0. */
#ifndef NTM_TASK_H
#define NTM_TASK_H

#include <stddef.h>

#include "model/scenario.h"

/* A moment to the minute (io/period.h writes and reads them). */
typedef struct ntm_when {
    long minutes; /* since 01/01/1970 00:00 */
    int has_time; /* 1 when an hour was given; else the day's start or end (23:59) */
    int known;    /* 0: not given */
} ntm_when;

typedef enum ntm_task_state {
    NTM_TASK_UNSET = 0,   /* not said: judged from progress */
    NTM_TASK_NOT_STARTED, /* chưa làm */
    NTM_TASK_DOING,       /* đang làm */
    NTM_TASK_DONE,        /* xong */
    NTM_TASK_PAUSED       /* tạm dừng */
} ntm_task_state;

/* One report on a task: the task's identity (unit, criterion, indicator, name) and what
 * was known of it on `updated`. Each import of a task file adds an update, so a task has a
 * history ordered by `updated`. */
typedef struct ntm_task {
    char *unit;      /* unit name (village or commune) */
    char *criterion; /* criterion code, always set */
    char *indicator; /* NULL: the task serves the whole criterion or its dossier */
    char *name;      /* the task as written */
    double volume;   /* remaining volume (1,8 km; 7 phòng; 493 bản sao) */
    char *volume_unit;
    char *owner;    /* who does it */
    char *director; /* who directs it */
    double money;   /* đồng, from the resources text when it starts with an amount */
    char *resources;
    ntm_when start, due, updated;
    double progress;    /* percent, NaN when not reported */
    double done, total; /* progress as done/total in the volume's unit, NaN when not so */
    ntm_task_state state;
    char *difficulties, *solutions, *source, *note;
    char *file; /* where it was read from */
    long line;
} ntm_task;

void ntm_task_release(ntm_task *t);

/* "todo", "doing", "done", "paused", "" (stored names). */
const char *ntm_task_state_name(ntm_task_state s);
/* Reads a stored name back; unknown text gives NTM_TASK_UNSET. */
ntm_task_state ntm_task_state_from_name(const char *s);

typedef enum ntm_doc_kind {
    NTM_DOC_FORM,     /* biểu mẫu */
    NTM_DOC_PLAN,     /* kế hoạch */
    NTM_DOC_REPORT,   /* báo cáo */
    NTM_DOC_DECISION, /* quyết định */
    NTM_DOC_EVIDENCE, /* minh chứng */
    NTM_DOC_OTHER
} ntm_doc_kind;

const char *ntm_doc_kind_name(ntm_doc_kind k); /* "form", "plan", ... */
ntm_doc_kind ntm_doc_kind_from_name(const char *s);

/* One document of a criterion's dossier (hồ sơ tiêu chí). */
typedef struct ntm_dossier_item {
    char *unit, *criterion;
    ntm_doc_kind kind;
    char *name;
    int present; /* 1 có, 0 thiếu */
    ntm_when date;
    char *keeper, *source, *note;
    char *file;
    long line;
} ntm_dossier_item;

void ntm_dossier_item_release(ntm_dossier_item *d);

/* A criterion a unit registers to reach (or keep) in a year (đăng ký). */
typedef struct ntm_registration {
    char *unit;
    int year;
    char *criterion;
    char *source, *note;
    char *file;
    long line;
} ntm_registration;

void ntm_registration_release(ntm_registration *r);

/* Money: an allocation (kế hoạch vốn) of tranche year `tranche` on a funding key, or a
 * disbursement (giải ngân) from it on a date. A tranche may be disbursed in later years
 * (carry-over of any age). */
typedef enum ntm_money_kind { NTM_MONEY_ALLOCATION, NTM_MONEY_DISBURSEMENT } ntm_money_kind;

typedef struct ntm_money {
    char *unit;
    ntm_money_kind kind;
    int tranche; /* the year the money was allocated for */
    ntm_fund_key key;
    ntm_when date; /* disbursement date (required); allocation decision date (optional) */
    double amount; /* đồng */
    char *ref;     /* voucher or decision number: tells two same-day rows apart */
    char *task, *source, *note;
    char *file;
    long line;
} ntm_money;

void ntm_money_release(ntm_money *m);

#endif
