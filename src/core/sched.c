/* sched.c - run slots for request handlers (see sched.h). */
#include <errno.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdlib.h>
#include "sched.h"

static sem_t slots;
static bool ready;
/* This thread's state: it holds a slot; how deep in block regions it is. */
static _Thread_local bool holding;
static _Thread_local unsigned blocked;

void sched_init(unsigned n)
{
    if (sem_init(&slots, 0, n ? n : 1) != 0)
        abort();
    ready = true;
}

void sched_free(void)
{
    if (ready)
        sem_destroy(&slots);
    ready = false;
}

static void take(void)
{
    while (sem_wait(&slots) != 0 && errno == EINTR)
        ;
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
        sem_post(&slots);
    holding = false;
    blocked = 0;
}

void sched_block_begin(void)
{
    if (holding && blocked++ == 0)
        sem_post(&slots);
}

void sched_block_end(void)
{
    if (holding && blocked > 0 && --blocked == 0)
        take();
}
