/* test_recognition.c: a unit's recognition on a day from dated records: the latest one in
 * force, revocations, records not yet dated, other sets, and a merged unit that inherits
 * nothing from before its merger. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "model/recognition.h"

static ntm_recognition rec(const char *unit, const char *set, const char *date, const char *revoked)
{
    ntm_recognition r = {0};
    r.unit = (char *)unit;
    r.set_id = (char *)set;
    snprintf(r.date, sizeof r.date, "%s", date);
    snprintf(r.revoked, sizeof r.revoked, "%s", revoked);
    return r;
}

static void states(void **state)
{
    (void)state;
    ntm_recognition r[] = {
        rec("Tân Thành", "qd1980", "2019-12-20", ""),
        rec("Tân Thành", "qd318", "2023-11-30", "2025-03-01"),
        rec("Hòa Lạc", NULL, "2024-12-15", ""),
        rec("Cẩm Thành", NULL, "2021-12-02", ""),
    };
    size_t n = sizeof r / sizeof r[0];
    ntm_recog_status s = ntm_recognition_state(r, n, "Tân Thành", "qd318", "2024-06-30", NULL);
    assert_int_equal(s.state, NTM_RECOG_YES);
    assert_string_equal(s.record->date, "2023-11-30");
    s = ntm_recognition_state(r, n, "Tân Thành", "qd318", "2025-03-01", NULL);
    assert_int_equal(s.state, NTM_RECOG_REVOKED); /* revoked on that day */
    s = ntm_recognition_state(r, n, "Tân Thành", "qd318", "2023-01-01", NULL);
    assert_int_equal(s.state, NTM_RECOG_NONE); /* the 2019 record is another set's */
    s = ntm_recognition_state(r, n, "Tân Thành", "qd1980", "2023-01-01", NULL);
    assert_int_equal(s.state, NTM_RECOG_YES);
    s = ntm_recognition_state(r, n, "Hòa Lạc", "qd318", "2024-12-14", NULL);
    assert_int_equal(s.state, NTM_RECOG_NONE); /* not yet on the day before */
    s = ntm_recognition_state(r, n, "Hòa Lạc", "qd318", "2024-12-15", NULL);
    assert_int_equal(s.state, NTM_RECOG_YES); /* a record without a set counts for any */
    /* merged on 1/7/2025: the 2021 recognition was of the former commune's time */
    s = ntm_recognition_state(r, n, "Cẩm Thành", NULL, "2026-12-04", "2025-07-01");
    assert_int_equal(s.state, NTM_RECOG_MERGED);
    assert_string_equal(s.merged_on, "2025-07-01");
    assert_null(s.record);
    /* ... until the merged unit itself is recognised */
    ntm_recognition after[] = {r[3], rec("Cẩm Thành", NULL, "2026-10-01", "")};
    s = ntm_recognition_state(after, 2, "Cẩm Thành", NULL, "2026-12-04", "2025-07-01");
    assert_int_equal(s.state, NTM_RECOG_YES);
    assert_string_equal(s.record->date, "2026-10-01");
    /* before the merger day the merger does not yet count */
    s = ntm_recognition_state(r, n, "Cẩm Thành", NULL, "2024-01-01", "2025-07-01");
    assert_int_equal(s.state, NTM_RECOG_YES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(states)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
