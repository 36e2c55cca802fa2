/*
 * Split virtqueues (virtio 1.x, "Split Virtqueues"): a descriptor table,
 * the available ring the driver fills and the used ring the device fills,
 * in physically contiguous pages the device reads and writes directly.
 *
 * Free descriptors form a list threaded through desc[].next. A request is
 * a chain of descriptors; its head's index goes into the available ring
 * and comes back in the used ring.
 *
 * Locks: none here; the driver serialises add/kick_prepare/get_buf on one
 * queue (see drivers/virtio/virtio.h).
 */
#include "drivers/virtio/virtio.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/page_alloc.h"

/* Ordering between our ring writes and the device: x86 keeps stores in
 * order and loads in order, so only the compiler must be stopped, except
 * before reading what the device wrote after publishing ours (store-load). */
#define virtio_wmb()	barrier()
#define virtio_rmb()	barrier()
#define virtio_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)

#define USED_ALIGN	4096

/* Where the used ring starts: after the descriptors and the available
 * ring, on a page of its own (the device writes it, we mostly read). */
static size_t used_offset(unsigned num)
{
	size_t driver_end = sizeof(struct vring_desc) * num +
			    sizeof(struct vring_avail) + sizeof(u16) * (num + 1);

	return ALIGN_UP(driver_end, USED_ALIGN);
}

static size_t ring_bytes(unsigned num)
{
	return used_offset(num) + sizeof(struct vring_used) +
	       sizeof(struct vring_used_elem) * num + sizeof(u16);
}

static unsigned bytes_order(size_t bytes)
{
	unsigned order = 0;

	while (((size_t)PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

struct virtqueue *vring_create(struct virtio_device *vdev, unsigned index, unsigned num,
			       void (*callback)(struct virtqueue *), void *priv)
{
	struct virtqueue *vq;
	size_t bytes = ring_bytes(num);
	u8 *mem;

	if (!num || (num & (num - 1)) || num > VIRTQ_MAX_SIZE)
		return NULL;
	vq = kzalloc(sizeof(*vq), GFP_KERNEL);
	if (!vq)
		return NULL;
	vq->token = kcalloc(num, sizeof(void *), GFP_KERNEL);
	vq->ring_order = bytes_order(bytes);
	mem = __get_free_pages(GFP_KERNEL | __GFP_ZERO, vq->ring_order);
	if (!vq->token || !mem) {
		kfree(vq->token);
		kfree(vq);
		return NULL;
	}
	vq->vdev = vdev;
	vq->index = index;
	vq->num = num;
	vq->callback = callback;
	vq->priv = priv;
	vq->ring_phys = virt_to_phys(mem);
	vq->desc = (struct vring_desc *)mem;
	vq->avail = (struct vring_avail *)(mem + sizeof(struct vring_desc) * num);
	vq->used = (volatile struct vring_used *)(mem + used_offset(num));
	for (unsigned i = 0; i + 1 < num; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->num_free = num;
	vq->msix_entry = ~0u;
	return vq;
}

void vring_destroy(struct virtqueue *vq)
{
	if (!vq)
		return;
	free_pages_addr(vq->desc, vq->ring_order);
	kfree(vq->token);
	kfree(vq);
}

int virtqueue_add_bufs(struct virtqueue *vq, const struct virtio_buf *bufs,
		       unsigned nout, unsigned nin, void *token)
{
	unsigned total = nout + nin;
	u16 head = vq->free_head, i = head, last = head;

	if (!total || total > vq->num_free)
		return -ENOSPC;
	for (unsigned n = 0; n < total; n++) {
		struct vring_desc *d = &vq->desc[i];
		d->addr = bufs[n].addr;
		d->len = bufs[n].len;
		d->flags = (n >= nout ? VRING_DESC_F_WRITE : 0) |
			   (n + 1 < total ? VRING_DESC_F_NEXT : 0);
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free -= total;
	vq->token[head] = token;
	/* The chain is complete before the device can see its head. */
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	virtio_wmb();
	vq->avail_idx++;
	__atomic_store_n(&vq->avail->idx, vq->avail_idx, __ATOMIC_RELEASE);
	return head;
}

bool virtqueue_kick_prepare(struct virtqueue *vq)
{
	bool need;

	if (vq->kicked_avail_idx == vq->avail_idx)
		return false;
	/* avail->idx must be visible before we read the device's flag. */
	virtio_mb();
	need = !(vq->used->flags & VRING_USED_F_NO_NOTIFY);
	vq->kicked_avail_idx = vq->avail_idx;
	if (need)
		vq->nr_kicks++;
	else
		vq->nr_suppressed++;
	return need;
}

void virtqueue_notify(struct virtqueue *vq)
{
	*vq->notify = vq->index;
}

bool virtqueue_more_used(const struct virtqueue *vq)
{
	return READ_ONCE(vq->last_used_idx) != vq->used->idx;
}

/* Return the chain starting at head to the free list. */
static void detach_chain(struct virtqueue *vq, u16 head)
{
	u16 i = head;
	unsigned n = 1;

	while (vq->desc[i].flags & VRING_DESC_F_NEXT) {
		i = vq->desc[i].next;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += n;
}

void *virtqueue_get_buf(struct virtqueue *vq, u32 *len)
{
	while (vq->last_used_idx != vq->used->idx) {
		u16 slot = vq->last_used_idx & (vq->num - 1);
		u32 id;
		void *token;

		virtio_rmb();		/* the entry is read after the index */
		id = vq->used->ring[slot].id;
		if (len)
			*len = vq->used->ring[slot].len;
		vq->last_used_idx++;
		if (id >= vq->num || !vq->token[id]) {
			pr_err("%s: queue %u: the device returned descriptor %u, which it does not hold\n",
			       vq->vdev->name, vq->index, id);
			continue;
		}
		token = vq->token[id];
		vq->token[id] = NULL;
		detach_chain(vq, id);
		return token;
	}
	return NULL;
}

void vring_interrupt(struct virtqueue *vq)
{
	__atomic_fetch_add(&vq->irq_count, 1, __ATOMIC_RELAXED);
	if (vq->callback)
		vq->callback(vq);
}
