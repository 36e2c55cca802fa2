/*
 * virtio 1.x over PCI ("modern" virtio-pci) and split virtqueues: what a
 * virtio device driver (drivers/block/virtio_blk.c) builds on.
 *
 * A driver's probe: virtio_pci_init() (find the capabilities, reset,
 * ACKNOWLEDGE | DRIVER), virtio_negotiate() (features, FEATURES_OK),
 * reads its configuration (virtio_cread*), virtio_find_vqs() (rings and
 * interrupts: MSI-X, else INTx), then virtio_device_ready() (DRIVER_OK).
 *
 * Virtqueues have no lock of their own: the driver serialises every call
 * on one queue (add, kick_prepare, get_buf) with its own IRQ-safe lock.
 * Queue callbacks run in hardirq context.
 */
#ifndef DRIVERS_VIRTIO_VIRTIO_H
#define DRIVERS_VIRTIO_VIRTIO_H

#include "drivers/pci/pci.h"
#include "kernel/types.h"

#define VIRTIO_PCI_VENDOR	0x1af4
#define VIRTIO_PCI_MODERN_BASE	0x1040	/* device ID = this + virtio device type */
#define VIRTIO_ID_BLOCK		2

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64
#define VIRTIO_STATUS_FAILED		128

/* Device-independent feature bits. */
#define VIRTIO_F_RING_INDIRECT_DESC	28
#define VIRTIO_F_RING_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

#define VIRTIO_MAX_VQS		4
#define VIRTQ_MAX_SIZE		256	/* we never use more descriptors */

/* Split virtqueue layout (virtio 1.x, 2.6). Little-endian = native here. */
struct vring_desc {
	u64 addr;			/* bus (= physical) address */
	u32 len;
	u16 flags;
	u16 next;
};
#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2	/* device writes (else reads) */

struct vring_avail {
	u16 flags;
	u16 idx;
	u16 ring[];			/* then u16 used_event */
};
#define VRING_AVAIL_F_NO_INTERRUPT 1

struct vring_used_elem {
	u32 id;				/* head of the finished chain */
	u32 len;			/* bytes the device wrote */
};
struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];	/* then u16 avail_event */
};
#define VRING_USED_F_NO_NOTIFY	1

/* One buffer of a request: physically contiguous bytes. */
struct virtio_buf {
	phys_addr_t addr;
	u32 len;
};

struct virtio_device;

struct virtqueue {
	struct virtio_device *vdev;	/* const */
	unsigned index;			/* const */
	unsigned num;			/* const: ring size, a power of two */
	/* The rings (DMA-able pages); the device writes used. */
	struct vring_desc *desc;	/* const pointer */
	struct vring_avail *avail;	/* const pointer */
	volatile struct vring_used *used;	/* const pointer */
	volatile u16 *notify;		/* const: the queue's notify register */
	void (*callback)(struct virtqueue *vq);	/* const: hardirq */
	void *priv;			/* const: the driver's */
	/* The driver's lock for everything below. */
	u16 free_head;			/* first free descriptor */
	unsigned num_free;		/* free descriptors */
	u16 avail_idx;			/* our copy of avail->idx */
	u16 last_used_idx;		/* next used entry to read */
	u16 kicked_avail_idx;		/* avail_idx at the last notify */
	void **token;			/* per head descriptor: the caller's */
	unsigned long nr_kicks;		/* notifies written */
	unsigned long nr_suppressed;	/* notifies skipped: VRING_USED_F_NO_NOTIFY */
	unsigned long irq_count;	/* atomic: interrupts for this queue */
	unsigned msix_entry;		/* const: MSI-X entry, or ~0u (INTx) */
	phys_addr_t ring_phys;		/* const */
	unsigned ring_order;		/* const */
};

struct virtio_device {
	struct pci_dev *pci;		/* const */
	char name[16];			/* const: "virtio0" ... for the log */
	/* Mapped capability windows (const after virtio_pci_init). */
	volatile u8 *common;		/* struct virtio_pci_common_cfg */
	volatile u8 *isr;
	volatile u8 *device_cfg;
	u32 device_cfg_len;
	volatile u8 *notify_base;
	u32 notify_off_multiplier;
	u64 features;			/* const after virtio_negotiate */
	bool msix;			/* const after virtio_find_vqs */
	unsigned nr_vqs;		/* const after virtio_find_vqs */
	struct virtqueue *vqs[VIRTIO_MAX_VQS];	/* const after virtio_find_vqs */
	void (*config_changed)(struct virtio_device *vdev);	/* hardirq */
	unsigned long config_irq_count;	/* atomic */
	unsigned long intx_count;	/* atomic: INTx interrupts that were ours */
	void *priv;			/* the driver's */
};

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned bit)
{
	return vdev->features & (1ULL << bit);
}

/* ---- transport (virtio_pci.c); process context, may sleep ---- */

/* Find and map the capabilities, reset the device, set ACKNOWLEDGE and
 * DRIVER. -ENODEV for a device without the modern interface (logged). */
int virtio_pci_init(struct virtio_device *vdev, struct pci_dev *pci);
/* Offer wanted & the device's features (VIRTIO_F_VERSION_1 always), set
 * FEATURES_OK and check the device kept it. 0 or -ENODEV (status FAILED). */
int virtio_negotiate(struct virtio_device *vdev, u64 wanted);
/* Set up queues 0..n-1 with their callbacks, interrupts through MSI-X
 * (entry 0: configuration, entry 1+i: queue i) or, failing that, the
 * shared INTx line and the ISR register. 0 or -errno. */
int virtio_find_vqs(struct virtio_device *vdev, unsigned n,
		    void (*const callbacks[])(struct virtqueue *), void *priv);
void virtio_device_ready(struct virtio_device *vdev);	/* DRIVER_OK */
/* Reset (status 0): the device forgets its queues and stops DMA. */
void virtio_reset_device(struct virtio_device *vdev);
void virtio_add_status(struct virtio_device *vdev, u8 bits);
u8 virtio_get_status(struct virtio_device *vdev);

/* Device configuration space, read consistently (generation counter). */
u8 virtio_cread8(struct virtio_device *vdev, unsigned off);
u16 virtio_cread16(struct virtio_device *vdev, unsigned off);
u32 virtio_cread32(struct virtio_device *vdev, unsigned off);
u64 virtio_cread64(struct virtio_device *vdev, unsigned off);

/* ---- virtqueues (virtio_ring.c) ---- */

/* Allocate and initialise a ring of num entries (a power of two). */
struct virtqueue *vring_create(struct virtio_device *vdev, unsigned index, unsigned num,
			       void (*callback)(struct virtqueue *), void *priv);
void vring_destroy(struct virtqueue *vq);

/*
 * Expose a chain of nout device-readable then nin device-writable buffers,
 * tagged with token (returned by virtqueue_get_buf). Returns the head
 * descriptor (>= 0), or -ENOSPC when the ring lacks free descriptors.
 * Caller holds its queue lock; never sleeps.
 */
int virtqueue_add_bufs(struct virtqueue *vq, const struct virtio_buf *bufs,
		       unsigned nout, unsigned nin, void *token);
/* After adds: whether the device wants a notification (queue lock held). */
bool virtqueue_kick_prepare(struct virtqueue *vq);
/* Write the notify register; may be called without the queue lock. */
void virtqueue_notify(struct virtqueue *vq);
/* The token of the next finished chain and the bytes the device wrote
 * (*len), or NULL. Frees its descriptors. Queue lock held. */
void *virtqueue_get_buf(struct virtqueue *vq, u32 *len);
/* Whether finished chains are waiting (queue lock not needed). */
bool virtqueue_more_used(const struct virtqueue *vq);

/* The interrupt path for one queue: counts it and runs its callback. */
void vring_interrupt(struct virtqueue *vq);

#endif
