/*
 * The radix tree (radix_tree.h). A node covers 64 << shift indices; a leaf
 * node (shift 0) holds the items, an interior node its children. The tree
 * grows a new top node when an index beyond its reach is inserted, and a
 * node that becomes empty is freed at once. Per tag, every node keeps a
 * bitmap of its slots that hold (a subtree with) a tagged item: a bit is
 * set exactly when the child below it has a bit set.
 *
 * The caller serialises all calls on a tree (see the header); nothing
 * here sleeps.
 */
#include "kernel/lib/radix_tree.h"
#include "kernel/lib/string.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "mm/slab.h"

struct radix_tree_node {
	u8 shift;			/* index bits below this node (0: leaf) */
	u8 offset;			/* slot in the parent */
	u16 count;			/* slots in use */
	struct radix_tree_node *parent;	/* NULL for the top node */
	unsigned long tags[RADIX_TREE_MAX_TAGS];	/* bit per slot */
	void *slots[RADIX_TREE_MAP_SIZE];
};

#define SLOT_MASK	(RADIX_TREE_MAP_SIZE - 1)
#define BITS_PER_LONG	64

static unsigned long node_maxindex(const struct radix_tree_node *node)
{
	unsigned bits = node->shift + RADIX_TREE_MAP_SHIFT;

	return bits >= BITS_PER_LONG ? ~0UL : (1UL << bits) - 1;
}

static unsigned slot_of(const struct radix_tree_node *node, unsigned long index)
{
	return (index >> node->shift) & SLOT_MASK;
}

static struct radix_tree_node *node_alloc(unsigned shift, struct radix_tree_node *parent,
					  unsigned offset)
{
	struct radix_tree_node *node = kzalloc(sizeof(*node), GFP_ATOMIC | __GFP_NOWARN);

	if (node) {
		node->shift = (u8)shift;
		node->parent = parent;
		node->offset = (u8)offset;
	}
	return node;
}

/* Free node and every ancestor that it leaves empty. */
static void prune_empty(struct radix_tree_root *root, struct radix_tree_node *node)
{
	while (node && node->count == 0) {
		struct radix_tree_node *parent = node->parent;

		if (parent) {
			parent->slots[node->offset] = NULL;
			parent->count--;
			for (unsigned t = 0; t < RADIX_TREE_MAX_TAGS; t++)
				parent->tags[t] &= ~(1UL << node->offset);
		} else {
			root->rnode = NULL;
		}
		kfree(node);
		node = parent;
	}
}

/* Add top nodes until index is within reach. */
static int extend(struct radix_tree_root *root, unsigned long index)
{
	struct radix_tree_node *top = root->rnode;

	while (index > node_maxindex(top)) {
		struct radix_tree_node *up = node_alloc(top->shift + RADIX_TREE_MAP_SHIFT, NULL, 0);

		if (!up)
			return -ENOMEM;
		up->slots[0] = top;
		up->count = 1;
		for (unsigned t = 0; t < RADIX_TREE_MAX_TAGS; t++)
			if (top->tags[t])
				up->tags[t] = 1;
		top->parent = up;
		top->offset = 0;
		root->rnode = top = up;
	}
	return 0;
}

static int make_root(struct radix_tree_root *root, unsigned long index)
{
	unsigned shift = 0;

	while (shift + RADIX_TREE_MAP_SHIFT < BITS_PER_LONG &&
	       (index >> (shift + RADIX_TREE_MAP_SHIFT)))
		shift += RADIX_TREE_MAP_SHIFT;
	root->rnode = node_alloc(shift, NULL, 0);
	return root->rnode ? 0 : -ENOMEM;
}

int radix_tree_insert(struct radix_tree_root *root, unsigned long index, void *item)
{
	struct radix_tree_node *node;
	unsigned off;
	int err;

	if (!item)
		return -EINVAL;
	err = root->rnode ? extend(root, index) : make_root(root, index);
	if (err)
		return err;
	node = root->rnode;
	while (node->shift) {
		struct radix_tree_node *child;

		off = slot_of(node, index);
		child = node->slots[off];
		if (!child) {
			child = node_alloc(node->shift - RADIX_TREE_MAP_SHIFT, node, off);
			if (!child) {
				prune_empty(root, node);
				return -ENOMEM;
			}
			node->slots[off] = child;
			node->count++;
		}
		node = child;
	}
	off = slot_of(node, index);
	if (node->slots[off])
		return -EEXIST;
	node->slots[off] = item;
	node->count++;
	return 0;
}

/* The leaf node that would hold index, or NULL. */
static struct radix_tree_node *find_leaf(const struct radix_tree_root *root, unsigned long index)
{
	struct radix_tree_node *node = root->rnode;

	if (!node || index > node_maxindex(node))
		return NULL;
	while (node && node->shift)
		node = node->slots[slot_of(node, index)];
	return node;
}

void *radix_tree_lookup(const struct radix_tree_root *root, unsigned long index)
{
	struct radix_tree_node *leaf = find_leaf(root, index);

	return leaf ? leaf->slots[index & SLOT_MASK] : NULL;
}

void *radix_tree_replace(struct radix_tree_root *root, unsigned long index, void *item)
{
	struct radix_tree_node *leaf = find_leaf(root, index);
	unsigned off = index & SLOT_MASK;
	void *old;

	if (!item || !leaf || !leaf->slots[off])
		return NULL;
	old = leaf->slots[off];
	leaf->slots[off] = item;
	return old;
}

/* Clear a tag bit in node and upwards as long as nodes become untagged. */
static void tag_clear_up(struct radix_tree_node *node, unsigned off, unsigned tag)
{
	while (node) {
		node->tags[tag] &= ~(1UL << off);
		if (node->tags[tag])
			return;
		off = node->offset;
		node = node->parent;
	}
}

void *radix_tree_delete(struct radix_tree_root *root, unsigned long index)
{
	struct radix_tree_node *leaf = find_leaf(root, index);
	unsigned off = index & SLOT_MASK;
	void *item;

	if (!leaf || !leaf->slots[off])
		return NULL;
	item = leaf->slots[off];
	for (unsigned t = 0; t < RADIX_TREE_MAX_TAGS; t++)
		if (leaf->tags[t] & (1UL << off))
			tag_clear_up(leaf, off, t);
	leaf->slots[off] = NULL;
	leaf->count--;
	prune_empty(root, leaf);
	return item;
}

void radix_tree_tag_set(struct radix_tree_root *root, unsigned long index, unsigned tag)
{
	struct radix_tree_node *node = find_leaf(root, index);
	unsigned off = index & SLOT_MASK;

	if (!node || !node->slots[off])
		return;
	while (node && !(node->tags[tag] & (1UL << off))) {
		node->tags[tag] |= 1UL << off;
		off = node->offset;
		node = node->parent;
	}
}

void radix_tree_tag_clear(struct radix_tree_root *root, unsigned long index, unsigned tag)
{
	struct radix_tree_node *leaf = find_leaf(root, index);
	unsigned off = index & SLOT_MASK;

	if (leaf && (leaf->tags[tag] & (1UL << off)))
		tag_clear_up(leaf, off, tag);
}

bool radix_tree_tag_get(const struct radix_tree_root *root, unsigned long index, unsigned tag)
{
	struct radix_tree_node *leaf = find_leaf(root, index);

	return leaf && (leaf->tags[tag] & (1UL << (index & SLOT_MASK)));
}

bool radix_tree_tagged(const struct radix_tree_root *root, unsigned tag)
{
	return root->rnode && root->rnode->tags[tag];
}

static bool slot_matches(const struct radix_tree_node *node, unsigned i, unsigned tag)
{
	if (tag == RADIX_TREE_ANY_TAG)
		return node->slots[i] != NULL;
	return node->tags[tag] & (1UL << i);
}

/* The first matching item at >= start below node, whose first index is base. */
static void *next_below(const struct radix_tree_node *node, unsigned long base,
			unsigned long start, unsigned tag, unsigned long *found)
{
	unsigned first = start > base ? slot_of(node, start) : 0;

	for (unsigned i = first; i < RADIX_TREE_MAP_SIZE; i++) {
		unsigned long child_base = base + ((unsigned long)i << node->shift);
		void *r;

		if (!slot_matches(node, i, tag))
			continue;
		if (!node->shift) {
			*found = child_base;
			return node->slots[i];
		}
		r = next_below(node->slots[i], child_base, MAX(start, child_base), tag, found);
		if (r)
			return r;
	}
	return NULL;
}

void *radix_tree_next(const struct radix_tree_root *root, unsigned long *index, unsigned tag)
{
	const struct radix_tree_node *top = root->rnode;

	if (!top || *index > node_maxindex(top))
		return NULL;
	return next_below(top, 0, *index, tag, index);
}

static void destroy_below(struct radix_tree_node *node)
{
	if (node->shift)
		for (unsigned i = 0; i < RADIX_TREE_MAP_SIZE; i++)
			if (node->slots[i])
				destroy_below(node->slots[i]);
	kfree(node);
}

void radix_tree_destroy(struct radix_tree_root *root)
{
	if (root->rnode)
		destroy_below(root->rnode);
	root->rnode = NULL;
}
