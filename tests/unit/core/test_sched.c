/*
 * test_sched.c - unit tests for core/sched (run slots): without
 * sched_init nothing blocks; with one slot a second handler waits until the
 * first leaves or blocks, and a blocked one waits for a slot to come back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>
#include "core/sched.h"

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_without_init_nothing_blocks(void **state)
{
    (void)state;
    sched_enter();
    sched_enter();   /* a thread holds at most one slot */
    sched_block_begin();
    sched_block_end();
    sched_leave();
    sched_leave();
}

static atomic_int inside;   /* the second thread holds its slot */
static atomic_int go_leave; /* the second thread may leave */

static void *second(void *arg)
{
    (void)arg;
    sched_enter();
    atomic_store(&inside, 1);
    while (!atomic_load(&go_leave))
        pause_ms(1);
    sched_leave();
    atomic_store(&inside, 2);
    return NULL;
}

static void test_one_slot_is_shared_around_waits(void **state)
{
    (void)state;
    pthread_t th;
    sched_init(1);
    atomic_store(&inside, 0);
    atomic_store(&go_leave, 0);
    sched_enter();
    assert_int_equal(pthread_create(&th, NULL, second, NULL), 0);
    pause_ms(50);
    assert_int_equal(atomic_load(&inside), 0);   /* the only slot is taken */
    sched_block_begin();                          /* this thread waits: slot given back */
    sched_block_begin();                          /* nested: nothing more */
    for (int i = 0; i < 1000 && atomic_load(&inside) == 0; i++)
        pause_ms(1);
    assert_int_equal(atomic_load(&inside), 1);
    sched_block_end();                            /* still inside the outer wait */
    atomic_store(&go_leave, 1);
    sched_block_end();                            /* takes the slot back once it is free */
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_int_equal(atomic_load(&inside), 2);
    sched_leave();
    sched_free();
}

static atomic_int order[2], served;

static void *queued(void *arg)
{
    int me = (int)(intptr_t)arg;
    sched_enter();
    order[atomic_fetch_add(&served, 1)] = me;
    sched_leave();
    return NULL;
}

/* Freed slots go to the waiters in the order they came. */
static void test_slots_are_fifo(void **state)
{
    (void)state;
    pthread_t a, b;
    sched_init(1);
    atomic_store(&served, 0);
    sched_enter();
    assert_int_equal(pthread_create(&a, NULL, queued, (void *)(intptr_t)1), 0);
    pause_ms(50);   /* a waits first */
    assert_int_equal(pthread_create(&b, NULL, queued, (void *)(intptr_t)2), 0);
    pause_ms(50);
    assert_int_equal(atomic_load(&served), 0);
    sched_leave();
    assert_int_equal(pthread_join(a, NULL), 0);
    assert_int_equal(pthread_join(b, NULL), 0);
    assert_int_equal(atomic_load(&order[0]), 1);
    assert_int_equal(atomic_load(&order[1]), 2);
    sched_free();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_without_init_nothing_blocks),
        cmocka_unit_test(test_one_slot_is_shared_around_waits),
        cmocka_unit_test(test_slots_are_fifo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
