/*
 * The modern virtio-pci transport (virtio 1.x, "Virtio Over PCI Bus"):
 * vendor-specific PCI capabilities point into memory BARs at the common
 * configuration (features, status, queue setup), the notification area,
 * the ISR byte and the device's own configuration. Legacy (0.9) devices
 * that only offer the I/O-port interface are refused.
 *
 * Interrupts: MSI-X entry 0 signals a configuration change, entry 1 + i
 * queue i. Without MSI-X (or with `virtio_intx` on the command line) the
 * shared INTx line is used and the ISR byte (cleared by reading) says why.
 *
 * Locks: none of its own. Setup runs once, at probe, in process context;
 * the interrupt handlers only read const state and call the callbacks.
 */
#include "drivers/virtio/virtio.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "mm/paging.h"

/* Vendor capability: struct virtio_pci_cap. */
#define VIRTIO_PCI_CAP_CFG_TYPE		3
#define VIRTIO_PCI_CAP_BAR		4
#define VIRTIO_PCI_CAP_OFFSET		8
#define VIRTIO_PCI_CAP_LENGTH		12
#define VIRTIO_PCI_NOTIFY_MULTIPLIER	16	/* notify capability only */

#define VIRTIO_PCI_CAP_COMMON_CFG	1
#define VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define VIRTIO_PCI_CAP_ISR_CFG		3
#define VIRTIO_PCI_CAP_DEVICE_CFG	4

/* struct virtio_pci_common_cfg. */
#define COMMON_DFSELECT		0x00	/* le32 device_feature_select */
#define COMMON_DF		0x04	/* le32 device_feature */
#define COMMON_GFSELECT		0x08	/* le32 driver_feature_select */
#define COMMON_GF		0x0c	/* le32 driver_feature */
#define COMMON_MSIX		0x10	/* le16 msix_config */
#define COMMON_NUMQ		0x12	/* le16 num_queues */
#define COMMON_STATUS		0x14	/* u8 device_status */
#define COMMON_CFGGENERATION	0x15	/* u8 config_generation */
#define COMMON_Q_SELECT		0x16	/* le16 queue_select */
#define COMMON_Q_SIZE		0x18	/* le16 queue_size */
#define COMMON_Q_MSIX		0x1a	/* le16 queue_msix_vector */
#define COMMON_Q_ENABLE		0x1c	/* le16 queue_enable */
#define COMMON_Q_NOFF		0x1e	/* le16 queue_notify_off */
#define COMMON_Q_DESCLO		0x20	/* le64 queue_desc */
#define COMMON_Q_DESCHI		0x24
#define COMMON_Q_AVAILLO	0x28	/* le64 queue_driver */
#define COMMON_Q_AVAILHI	0x2c
#define COMMON_Q_USEDLO		0x30	/* le64 queue_device */
#define COMMON_Q_USEDHI		0x34
#define COMMON_CFG_LEN		0x38

#define VIRTIO_MSI_NO_VECTOR	0xffff
#define VIRTIO_ISR_QUEUE	0x1
#define VIRTIO_ISR_CONFIG	0x2

static unsigned virtio_index;		/* probe order (boot, one thread) */

static u8 c_read8(struct virtio_device *v, unsigned off) { return *(volatile u8 *)(v->common + off); }
static u16 c_read16(struct virtio_device *v, unsigned off) { return *(volatile u16 *)(v->common + off); }
static u32 c_read32(struct virtio_device *v, unsigned off) { return *(volatile u32 *)(v->common + off); }
static void c_write8(struct virtio_device *v, unsigned off, u8 x) { *(volatile u8 *)(v->common + off) = x; }
static void c_write16(struct virtio_device *v, unsigned off, u16 x) { *(volatile u16 *)(v->common + off) = x; }
static void c_write32(struct virtio_device *v, unsigned off, u32 x) { *(volatile u32 *)(v->common + off) = x; }

static void c_write64(struct virtio_device *v, unsigned off, u64 x)
{
	c_write32(v, off, (u32)x);
	c_write32(v, off + 4, (u32)(x >> 32));
}

u8 virtio_get_status(struct virtio_device *vdev)
{
	return c_read8(vdev, COMMON_STATUS);
}

void virtio_add_status(struct virtio_device *vdev, u8 bits)
{
	c_write8(vdev, COMMON_STATUS, c_read8(vdev, COMMON_STATUS) | bits);
}

void virtio_reset_device(struct virtio_device *vdev)
{
	c_write8(vdev, COMMON_STATUS, 0);
	/* The reset is done when the device reads back 0. */
	for (unsigned us = 0; c_read8(vdev, COMMON_STATUS) && us < 1000000; us += 10)
		udelay(10);
}

/* ---- capabilities ---- */

struct cap_info {
	unsigned pos;			/* 0: not found */
	u8 bar;
	u32 offset, length;
};

/* Record the first usable capability of each type (the spec lets a device
 * offer several, best first). Only memory BARs are usable here. */
static void read_caps(struct pci_dev *pci, struct cap_info caps[5])
{
	unsigned pos = pci_find_capability(pci, PCI_CAP_ID_VNDR);

	for (; pos; pos = pci_find_next_capability(pci, pos, PCI_CAP_ID_VNDR)) {
		u8 type = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_CFG_TYPE);
		u8 bar = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_BAR);
		struct cap_info c = {
			.pos = pos, .bar = bar,
			.offset = pci_read_config32(pci, pos + VIRTIO_PCI_CAP_OFFSET),
			.length = pci_read_config32(pci, pos + VIRTIO_PCI_CAP_LENGTH),
		};

		if (type < VIRTIO_PCI_CAP_COMMON_CFG || type > VIRTIO_PCI_CAP_DEVICE_CFG ||
		    caps[type].pos || bar >= PCI_NUM_BARS)
			continue;
		if (!pci->bar[bar].size || pci->bar[bar].is_io ||
		    (u64)c.offset + c.length > pci->bar[bar].size)
			continue;
		caps[type] = c;
	}
}

static volatile u8 *map_cap(struct pci_dev *pci, const struct cap_info *c)
{
	return ioremap(pci->bar[c->bar].addr + c->offset, c->length);
}

static int map_caps(struct virtio_device *vdev, const struct cap_info caps[5])
{
	struct pci_dev *pci = vdev->pci;

	if (caps[VIRTIO_PCI_CAP_COMMON_CFG].length < COMMON_CFG_LEN ||
	    !caps[VIRTIO_PCI_CAP_ISR_CFG].length)
		return -ENODEV;
	vdev->common = map_cap(pci, &caps[VIRTIO_PCI_CAP_COMMON_CFG]);
	vdev->isr = map_cap(pci, &caps[VIRTIO_PCI_CAP_ISR_CFG]);
	vdev->notify_base = map_cap(pci, &caps[VIRTIO_PCI_CAP_NOTIFY_CFG]);
	if (caps[VIRTIO_PCI_CAP_DEVICE_CFG].pos) {
		vdev->device_cfg = map_cap(pci, &caps[VIRTIO_PCI_CAP_DEVICE_CFG]);
		vdev->device_cfg_len = caps[VIRTIO_PCI_CAP_DEVICE_CFG].length;
	}
	vdev->notify_off_multiplier = pci_read_config32(pci,
		caps[VIRTIO_PCI_CAP_NOTIFY_CFG].pos + VIRTIO_PCI_NOTIFY_MULTIPLIER);
	if (!vdev->common || !vdev->isr || !vdev->notify_base)
		return -ENOMEM;
	return 0;
}

int virtio_pci_init(struct virtio_device *vdev, struct pci_dev *pci)
{
	struct cap_info caps[5] = { 0 };
	int err;

	vdev->pci = pci;
	snprintf(vdev->name, sizeof(vdev->name), "virtio%u", virtio_index++);
	read_caps(pci, caps);
	if (!caps[VIRTIO_PCI_CAP_COMMON_CFG].pos || !caps[VIRTIO_PCI_CAP_NOTIFY_CFG].pos ||
	    !caps[VIRTIO_PCI_CAP_ISR_CFG].pos) {
		pr_warn("%s: %04x:%04x has no virtio 1.x capabilities (legacy-only device): not supported\n",
			vdev->name, pci->vendor, pci->device);
		return -ENODEV;
	}
	pci_enable_device(pci);
	pci_set_master(pci);
	err = map_caps(vdev, caps);
	if (err) {
		pr_err("%s: cannot map the virtio capabilities (error %d)\n", vdev->name, err);
		return err;
	}
	virtio_reset_device(vdev);
	if (virtio_get_status(vdev)) {
		pr_err("%s: the device does not finish its reset\n", vdev->name);
		return -ENODEV;
	}
	virtio_add_status(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_STATUS_DRIVER);
	return 0;
}

/* ---- features ---- */

static u64 device_features(struct virtio_device *vdev)
{
	u64 f;

	c_write32(vdev, COMMON_DFSELECT, 0);
	f = c_read32(vdev, COMMON_DF);
	c_write32(vdev, COMMON_DFSELECT, 1);
	return f | (u64)c_read32(vdev, COMMON_DF) << 32;
}

int virtio_negotiate(struct virtio_device *vdev, u64 wanted)
{
	u64 offered = device_features(vdev);

	if (!(offered & (1ULL << VIRTIO_F_VERSION_1))) {
		pr_warn("%s: the device does not offer VIRTIO_F_VERSION_1: not supported\n",
			vdev->name);
		virtio_add_status(vdev, VIRTIO_STATUS_FAILED);
		return -ENODEV;
	}
	vdev->features = offered & (wanted | 1ULL << VIRTIO_F_VERSION_1);
	c_write32(vdev, COMMON_GFSELECT, 0);
	c_write32(vdev, COMMON_GF, (u32)vdev->features);
	c_write32(vdev, COMMON_GFSELECT, 1);
	c_write32(vdev, COMMON_GF, (u32)(vdev->features >> 32));
	virtio_add_status(vdev, VIRTIO_STATUS_FEATURES_OK);
	if (!(virtio_get_status(vdev) & VIRTIO_STATUS_FEATURES_OK)) {
		pr_warn("%s: the device refused features %#lx\n", vdev->name,
			(unsigned long)vdev->features);
		virtio_add_status(vdev, VIRTIO_STATUS_FAILED);
		return -ENODEV;
	}
	return 0;
}

void virtio_device_ready(struct virtio_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_STATUS_DRIVER_OK);
}

/* ---- device configuration ---- */

/* Read size bytes at off until the generation counter says nothing
 * changed meanwhile. Out-of-range reads give 0. */
static u64 cread(struct virtio_device *vdev, unsigned off, unsigned size)
{
	u8 gen;
	u64 v = 0;

	if (!vdev->device_cfg || off + size > vdev->device_cfg_len)
		return 0;
	do {
		gen = c_read8(vdev, COMMON_CFGGENERATION);
		switch (size) {
		case 1: v = *(volatile u8 *)(vdev->device_cfg + off); break;
		case 2: v = *(volatile u16 *)(vdev->device_cfg + off); break;
		case 4: v = *(volatile u32 *)(vdev->device_cfg + off); break;
		default:
			v = *(volatile u32 *)(vdev->device_cfg + off) |
			    (u64)*(volatile u32 *)(vdev->device_cfg + off + 4) << 32;
		}
	} while (gen != c_read8(vdev, COMMON_CFGGENERATION));
	return v;
}

u8 virtio_cread8(struct virtio_device *vdev, unsigned off) { return cread(vdev, off, 1); }
u16 virtio_cread16(struct virtio_device *vdev, unsigned off) { return cread(vdev, off, 2); }
u32 virtio_cread32(struct virtio_device *vdev, unsigned off) { return cread(vdev, off, 4); }
u64 virtio_cread64(struct virtio_device *vdev, unsigned off) { return cread(vdev, off, 8); }

/* ---- interrupts ---- */

static void config_interrupt(struct virtio_device *vdev)
{
	__atomic_fetch_add(&vdev->config_irq_count, 1, __ATOMIC_RELAXED);
	if (vdev->config_changed)
		vdev->config_changed(vdev);
}

/* MSI-X, hardirq: the vector says which entry fired. */
static void msix_interrupt(struct pt_regs *regs, void *data)
{
	struct virtio_device *vdev = data;
	struct pci_dev *pci = vdev->pci;

	for (unsigned i = 0; i < pci->msix_nvec; i++) {
		if (pci->msix_vector[i] != regs->vector)
			continue;
		if (i == 0)
			config_interrupt(vdev);
		else if (i - 1 < vdev->nr_vqs)
			vring_interrupt(vdev->vqs[i - 1]);
		return;
	}
}

/* INTx, hardirq: reading the ISR byte says whether it was us, and clears
 * it (which lowers the line). */
static bool intx_interrupt(void *data)
{
	struct virtio_device *vdev = data;
	u8 isr = *vdev->isr;

	if (!isr)
		return false;
	__atomic_fetch_add(&vdev->intx_count, 1, __ATOMIC_RELAXED);
	if (isr & VIRTIO_ISR_QUEUE)
		for (unsigned i = 0; i < vdev->nr_vqs; i++)
			vring_interrupt(vdev->vqs[i]);
	if (isr & VIRTIO_ISR_CONFIG)
		config_interrupt(vdev);
	return true;
}

/* ---- queues ---- */

/* Tell the device where queue vq's rings are and which MSI-X entry it
 * signals (VIRTIO_MSI_NO_VECTOR for INTx). Returns false if the device
 * refused the vector. */
static bool setup_queue(struct virtio_device *vdev, struct virtqueue *vq, u16 vector)
{
	phys_addr_t base = vq->ring_phys;
	u16 noff;

	c_write16(vdev, COMMON_Q_SELECT, vq->index);
	c_write16(vdev, COMMON_Q_SIZE, vq->num);
	c_write64(vdev, COMMON_Q_DESCLO, base);
	c_write64(vdev, COMMON_Q_AVAILLO, base + ((u8 *)vq->avail - (u8 *)vq->desc));
	c_write64(vdev, COMMON_Q_USEDLO, base + ((volatile u8 *)vq->used - (u8 *)vq->desc));
	c_write16(vdev, COMMON_Q_MSIX, vector);
	if (c_read16(vdev, COMMON_Q_MSIX) != vector)
		return false;
	noff = c_read16(vdev, COMMON_Q_NOFF);
	vq->notify = (volatile u16 *)(vdev->notify_base + noff * vdev->notify_off_multiplier);
	vq->msix_entry = vector == VIRTIO_MSI_NO_VECTOR ? ~0u : vector;
	return true;
}

static void enable_queues(struct virtio_device *vdev)
{
	for (unsigned i = 0; i < vdev->nr_vqs; i++) {
		c_write16(vdev, COMMON_Q_SELECT, i);
		c_write16(vdev, COMMON_Q_ENABLE, 1);
	}
}

/* Program the rings with MSI-X entries (msix) or none (INTx). */
static bool program_queues(struct virtio_device *vdev, bool msix)
{
	c_write16(vdev, COMMON_MSIX, msix ? 0 : VIRTIO_MSI_NO_VECTOR);
	if (msix && c_read16(vdev, COMMON_MSIX) != 0)
		return false;
	for (unsigned i = 0; i < vdev->nr_vqs; i++)
		if (!setup_queue(vdev, vdev->vqs[i], msix ? 1 + i : VIRTIO_MSI_NO_VECTOR))
			return false;
	return true;
}

static int try_msix(struct virtio_device *vdev)
{
	irq_handler_t handlers[VIRTIO_MAX_VQS + 1];
	int err;

	if (cmdline_get("virtio_intx", NULL, 0))
		return -ENODEV;
	for (unsigned i = 0; i <= vdev->nr_vqs; i++)
		handlers[i] = msix_interrupt;
	err = pci_enable_msix(vdev->pci, vdev->nr_vqs + 1, handlers, vdev, vdev->name);
	if (err)
		return err;
	if (!program_queues(vdev, true)) {
		pr_warn("%s: the device refused its MSI-X vectors\n", vdev->name);
		pci_disable_msix(vdev->pci);
		return -EIO;
	}
	return 0;
}

static int create_vqs(struct virtio_device *vdev, unsigned n,
		      void (*const callbacks[])(struct virtqueue *), void *priv)
{
	for (unsigned i = 0; i < n; i++) {
		u16 size;

		c_write16(vdev, COMMON_Q_SELECT, i);
		size = c_read16(vdev, COMMON_Q_SIZE);
		if (!size || (size & (size - 1))) {
			pr_err("%s: queue %u has unusable size %u\n", vdev->name, i, size);
			return -ENODEV;
		}
		vdev->vqs[i] = vring_create(vdev, i, MIN(size, VIRTQ_MAX_SIZE), callbacks[i], priv);
		if (!vdev->vqs[i])
			return -ENOMEM;
		vdev->nr_vqs = i + 1;
	}
	return 0;
}

int virtio_find_vqs(struct virtio_device *vdev, unsigned n,
		    void (*const callbacks[])(struct virtqueue *), void *priv)
{
	int err;

	if (!n || n > VIRTIO_MAX_VQS || n > c_read16(vdev, COMMON_NUMQ))
		return -EINVAL;
	err = create_vqs(vdev, n, callbacks, priv);
	if (err)
		goto out_free;
	vdev->msix = try_msix(vdev) == 0;
	if (!vdev->msix) {
		program_queues(vdev, false);
		err = pci_request_intx(vdev->pci, intx_interrupt, vdev, vdev->name);
		if (err) {
			pr_err("%s: no MSI-X and no INTx line (error %d)\n", vdev->name, err);
			goto out_free;
		}
		pr_info("%s: interrupts on INTx line %u\n", vdev->name, vdev->pci->irq);
	}
	enable_queues(vdev);
	return 0;
out_free:
	for (unsigned i = 0; i < vdev->nr_vqs; i++)
		vring_destroy(vdev->vqs[i]);
	vdev->nr_vqs = 0;
	return err;
}
