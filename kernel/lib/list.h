/* Doubly linked circular lists, as in Linux. The caller provides locking. */
#ifndef KERNEL_LIB_LIST_H
#define KERNEL_LIB_LIST_H

#include "kernel/compiler.h"

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *l)
{
	l->next = l;
	l->prev = l;
}

static inline void __list_add(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void list_add(struct list_head *n, struct list_head *head)
{
	__list_add(n, head, head->next);
}

static inline void list_add_tail(struct list_head *n, struct list_head *head)
{
	__list_add(n, head->prev, head);
}

static inline void list_del(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	e->next = e->prev = NULL;
}

static inline void list_del_init(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	INIT_LIST_HEAD(e);
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

static inline void list_move_tail(struct list_head *e, struct list_head *head)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	list_add_tail(e, head);
}

/*
 * RCU variants: writers (holding the list's lock) publish with a release
 * store so that readers under rcu_read_lock() see a fully initialised entry;
 * a deleted entry keeps its next pointer, so a reader standing on it can
 * walk on. Free it only after a grace period.
 */
static inline void list_add_rcu(struct list_head *n, struct list_head *head)
{
	n->next = head->next;
	n->prev = head;
	__atomic_store_n(&head->next, n, __ATOMIC_RELEASE);
	n->next->prev = n;
}

static inline void list_add_tail_rcu(struct list_head *n, struct list_head *head)
{
	n->next = head;
	n->prev = head->prev;
	__atomic_store_n(&head->prev->next, n, __ATOMIC_RELEASE);
	head->prev = n;
}

static inline void list_del_rcu(struct list_head *e)
{
	e->next->prev = e->prev;
	__atomic_store_n(&e->prev->next, e->next, __ATOMIC_RELEASE);
	e->prev = NULL;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_entry(pos, head, member)					\
	for (pos = list_entry((head)->next, __typeof__(*pos), member);		\
	     &pos->member != (head);						\
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_rcu(pos, head, member)				\
	for (pos = list_entry(__atomic_load_n(&(head)->next, __ATOMIC_ACQUIRE), __typeof__(*pos), member); \
	     &pos->member != (head);						\
	     pos = list_entry(__atomic_load_n(&pos->member.next, __ATOMIC_ACQUIRE), __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member)				\
	for (pos = list_entry((head)->next, __typeof__(*pos), member),		\
	     n = list_entry(pos->member.next, __typeof__(*pos), member);	\
	     &pos->member != (head);						\
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

#endif
