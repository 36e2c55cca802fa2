/*
 * Waiting for a bit in a word to clear (Linux's wait_on_bit family): the
 * folio lock and writeback bits, the buffer-head lock. The sleepers of all
 * words share a table of hashed wait queues (a word has no queue of its
 * own); whoever clears a bit wakes the queue of its word, and every woken
 * task looks at its own word again.
 *
 * The sleeper queues itself (under the queue's lock) before it tests the
 * bit; the waker clears the bit with a full barrier and then takes the
 * queue's lock to wake. So either the sleeper sees the bit clear or the
 * waker finds it queued: no wakeup is lost. The queues' locks are
 * IRQ-safe leaves: wake_up_bit() works in any context.
 */
#ifndef KERNEL_SCHED_WAIT_BIT_H
#define KERNEL_SCHED_WAIT_BIT_H

#include "kernel/types.h"

/* Sleep (uninterruptibly) until bit of *word is clear. kind names the wait
 * for the task list (lk-ps, the monitor's ps). Process context. */
void wait_on_bit(unsigned long *word, int bit, const char *kind);
/* Sleep until this task is the one that set bit (a bit lock). */
void wait_on_bit_lock(unsigned long *word, int bit, const char *kind);
/* Wake the sleepers of word's queue; call after clearing the bit. Any
 * context. */
void wake_up_bit(unsigned long *word, int bit);

/* Once at boot, before the first wait. */
void wait_bit_init(void);

#endif
