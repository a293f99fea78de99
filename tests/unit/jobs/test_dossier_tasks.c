/*
 * test_dossier_tasks.c - when the background task moves staged uploads to
 * disk: in a quiet moment, or under load once the backlog or the wait is
 * too long; never when nothing is staged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "jobs/dossier_tasks.h"

#define NOW 1800000000

static void test_flush_due(void **state)
{
    (void)state;
    struct filestore_staged none = {0, 0, 0};
    struct filestore_staged busy = {100, NOW - 10, NOW};
    struct filestore_staged quiet = {100, NOW - 10, NOW - TASK_FLUSH_QUIET};
    struct filestore_staged backlog = {TASK_FLUSH_BACKLOG, NOW - 10, NOW};
    struct filestore_staged waited = {5, NOW - TASK_FLUSH_MAX_WAIT, NOW};
    assert_false(dossier_task_flush_due(&none, NOW));
    assert_false(dossier_task_flush_due(&busy, NOW));       /* a burst: later */
    assert_true(dossier_task_flush_due(&quiet, NOW));
    assert_true(dossier_task_flush_due(&backlog, NOW));     /* too many waiting */
    assert_true(dossier_task_flush_due(&waited, NOW));      /* waited too long */
    busy.count = TASK_FLUSH_BACKLOG - 1;
    assert_false(dossier_task_flush_due(&busy, NOW));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flush_due),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
