/*
 * The hashed wait queues of wait_bit.h: WAIT_BIT_QUEUES queues, chosen by
 * the address of the word waited on.
 */
#include "kernel/sched/wait_bit.h"
#include "kernel/sched/wait.h"
#include "kernel/sched/sched.h"

#define WAIT_BIT_BITS	7
#define WAIT_BIT_QUEUES	(1 << WAIT_BIT_BITS)

static struct wait_queue_head bit_wait_table[WAIT_BIT_QUEUES];	/* const after init */

void wait_bit_init(void)
{
	static struct lock_class_key key;

	for (unsigned i = 0; i < WAIT_BIT_QUEUES; i++)
		__init_waitqueue_head(&bit_wait_table[i], "bit_wait_table", &key);
}

static struct wait_queue_head *bit_waitqueue(const unsigned long *word)
{
	unsigned long h = ((unsigned long)word >> 3) * 0x9E3779B97F4A7C15UL;

	return &bit_wait_table[h >> (64 - WAIT_BIT_BITS)];
}

static bool test_bit_acquire(const unsigned long *word, int bit)
{
	return __atomic_load_n(word, __ATOMIC_ACQUIRE) & (1UL << bit);
}

static bool test_and_set_bit_lock(unsigned long *word, int bit)
{
	return __atomic_fetch_or(word, 1UL << bit, __ATOMIC_ACQ_REL) & (1UL << bit);
}

static void bit_wait(unsigned long *word, int bit, bool take, const char *kind)
{
	struct wait_queue_head *wq = bit_waitqueue(word);
	DEFINE_WAIT(w);

	might_sleep();
	for (;;) {
		prepare_to_wait(wq, &w, TASK_UNINTERRUPTIBLE);
		if (take ? !test_and_set_bit_lock(word, bit) : !test_bit_acquire(word, bit))
			break;
		current->blocked_kind = kind;
		current->blocked_on = word;
		schedule();
	}
	current->blocked_kind = NULL;
	finish_wait(wq, &w);
}

void wait_on_bit(unsigned long *word, int bit, const char *kind)
{
	if (test_bit_acquire(word, bit))
		bit_wait(word, bit, false, kind);
}

void wait_on_bit_lock(unsigned long *word, int bit, const char *kind)
{
	if (test_and_set_bit_lock(word, bit))
		bit_wait(word, bit, true, kind);
}

void wake_up_bit(unsigned long *word, int bit)
{
	wake_up_all(bit_waitqueue(word));
}
