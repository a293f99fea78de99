/*
 * sched.h - run slots: how many request handlers use the CPU at once.
 *
 * The HTTP core runs every request that may wait on a worker thread of
 * its own (http.h), because handlers block (a shared sync of the log, the
 * write gate, a batch).  But with dozens of requests busy at once, dozens
 * of runnable threads on a few cores cost throughput and tail latency
 * (context switches, cold caches), where a small pool would queue the work.  So a handler runs
 * only while it holds one of a few run slots, and gives its slot back
 * while it waits for something that is not the CPU.
 *
 * DESIGN
 * - A counting semaphore of `slots` (sched_init), fair: a freed slot goes
 *   straight to the thread that has waited longest, never to one arriving
 *   later, so tail latency is bounded by the queue ahead.  sched_enter()
 *   takes one for the calling thread, sched_leave() gives it back.
 * - sched_block_begin()/sched_block_end() bracket a wait: the slot is
 *   given back before and taken again after.  Every wait that may last
 *   longer than a few microseconds must be bracketed (group sync, the
 *   database write gate, a batch): a thread that waited while holding its
 *   slot could keep the thread it waits for from getting one.  Take the
 *   slot again only when holding no lock other threads with a slot may
 *   wait for.
 * - Thread-local: on a thread without a slot (jobs, command-line tools,
 *   tests, or before sched_init) every call is a no-op.
 *
 * Thread-safety: all functions may be called from any thread; sched_init
 * and sched_free once each, before and after the threads that use them.
 */
#ifndef MC_SCHED_H
#define MC_SCHED_H

/* Allow slots handlers at once (at least 1).  Without it nothing is limited. */
void sched_init(unsigned slots);
void sched_free(void);

/* Take a run slot for this thread (blocks until one is free); then leave it. */
void sched_enter(void);
void sched_leave(void);

/* Around a wait: give the slot back, then take one again.  Nest freely. */
void sched_block_begin(void);
void sched_block_end(void);

#endif
