/* sched.c - run slots for request handlers (see sched.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include "core/sched.h"

/*
 * A fair counting semaphore with direct hand-off: a freed slot goes to the
 * longest waiter, never to a thread arriving later (no barging), so a
 * request's wait for the CPU is bounded by the ones ahead of it.
 */
struct waiter {
    pthread_cond_t cv;
    bool granted;
    struct waiter *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned free_slots;
static struct waiter *head, **tail = &head;
static _Atomic bool ready;
/* This thread's state: it holds a slot; how deep in block regions it is. */
static _Thread_local bool holding;
static _Thread_local unsigned blocked;

void sched_init(unsigned n)
{
    pthread_mutex_lock(&mu);
    free_slots = n ? n : 1;
    head = NULL;
    tail = &head;
    ready = true;
    pthread_mutex_unlock(&mu);
}

void sched_free(void)
{
    pthread_mutex_lock(&mu);
    ready = false;
    pthread_mutex_unlock(&mu);
}

static void take(void)
{
    struct waiter w = {.granted = false, .next = NULL};
    pthread_mutex_lock(&mu);
    if (free_slots > 0 && !head) {
        free_slots--;
        pthread_mutex_unlock(&mu);
        return;
    }
    if (pthread_cond_init(&w.cv, NULL) != 0)
        abort();
    *tail = &w;
    tail = &w.next;
    while (!w.granted)
        pthread_cond_wait(&w.cv, &mu);
    pthread_mutex_unlock(&mu);
    pthread_cond_destroy(&w.cv);
}

static void give(void)
{
    pthread_mutex_lock(&mu);
    struct waiter *w = head;
    if (w) {
        head = w->next;
        if (!head)
            tail = &head;
        w->granted = true;   /* the slot passes straight to the oldest waiter */
        pthread_cond_signal(&w->cv);
    } else {
        free_slots++;
    }
    pthread_mutex_unlock(&mu);
}

void sched_enter(void)
{
    if (!ready || holding)
        return;
    take();
    holding = true;
    blocked = 0;
}

void sched_leave(void)
{
    if (!holding)
        return;
    if (blocked == 0)
        give();
    holding = false;
    blocked = 0;
}

void sched_block_begin(void)
{
    if (holding && blocked++ == 0)
        give();
}

void sched_block_end(void)
{
    if (holding && blocked > 0 && --blocked == 0)
        take();
}
