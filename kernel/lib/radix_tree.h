/*
 * A radix tree: a sparse array of pointers indexed by unsigned long, with a
 * few tag bits per entry that can be searched for (Linux's radix tree, the
 * structure under its xarray). The page cache keeps a mapping's folios in
 * one (address_space.i_pages), tagged dirty and writeback.
 *
 * Each node has 64 slots; a tree is as tall as its largest index needs.
 * Interior nodes keep, per tag, a bitmap of which children hold a tagged
 * entry somewhere below, so a tagged search skips untagged subtrees.
 *
 * Locking: none of its own. The user serialises every call on one tree
 * with its own lock (the page cache: the mapping's i_pages lock). Nodes
 * are allocated with GFP_ATOMIC, so calls never sleep and work under a
 * spinlock with IRQs off.
 */
#ifndef KERNEL_LIB_RADIX_TREE_H
#define KERNEL_LIB_RADIX_TREE_H

#include "kernel/types.h"

#define RADIX_TREE_MAP_SHIFT	6
#define RADIX_TREE_MAP_SIZE	(1UL << RADIX_TREE_MAP_SHIFT)
#define RADIX_TREE_MAX_TAGS	2

struct radix_tree_node;

struct radix_tree_root {
	struct radix_tree_node *rnode;	/* the top node, or NULL when empty */
};

#define RADIX_TREE_INIT		{ .rnode = NULL }

static inline void INIT_RADIX_TREE(struct radix_tree_root *root)
{
	root->rnode = NULL;
}

/* Store item at index: 0, -EEXIST if the slot is taken, -EINVAL for a
 * NULL item, or -ENOMEM. */
int radix_tree_insert(struct radix_tree_root *root, unsigned long index, void *item);
/* The item at index, or NULL. */
void *radix_tree_lookup(const struct radix_tree_root *root, unsigned long index);
/* Remove and return the item at index (NULL if none); its tags go too. */
void *radix_tree_delete(struct radix_tree_root *root, unsigned long index);

/* Put item (not NULL) in the place of the entry at index, keeping its
 * tags; returns the old entry, or NULL (and changes nothing) if there is
 * none. Never allocates. */
void *radix_tree_replace(struct radix_tree_root *root, unsigned long index, void *item);

/* Tags of a present entry (tag < RADIX_TREE_MAX_TAGS). Setting or clearing
 * the tag of an index with no entry does nothing. */
void radix_tree_tag_set(struct radix_tree_root *root, unsigned long index, unsigned tag);
void radix_tree_tag_clear(struct radix_tree_root *root, unsigned long index, unsigned tag);
bool radix_tree_tag_get(const struct radix_tree_root *root, unsigned long index, unsigned tag);
/* Whether any entry in the tree has the tag. */
bool radix_tree_tagged(const struct radix_tree_root *root, unsigned tag);

#define RADIX_TREE_ANY_TAG	(~0u)

/*
 * The first entry at an index >= *index (with the tag, unless tag is
 * RADIX_TREE_ANY_TAG): returns it and sets *index to its index, or returns
 * NULL when there is none.
 */
void *radix_tree_next(const struct radix_tree_root *root, unsigned long *index, unsigned tag);

/* Free every node; the items are the caller's (the tree must be empty of
 * anything it still needs). */
void radix_tree_destroy(struct radix_tree_root *root);

#endif
