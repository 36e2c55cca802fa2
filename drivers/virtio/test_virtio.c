/*
 * ktests of the virtio transport and rings through virtio-blk's raw
 * command path (no block layer): data round trips on vda (sectors below
 * 16 MiB are these tests'), many chains in flight, flush, a request past
 * the end, MSI-X delivery, and a device that stops answering.
 */
#include "drivers/block/virtio_blk.h"
#include "kernel/cmdline.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/sched/sched.h"
#include "kernel/time.h"
#include "mm/page_alloc.h"

#define VDA_TEST_SECTOR	4096	/* 2 MiB into vda: this file's area */

static void fill_pattern(u8 *p, size_t bytes, sector_t sector, unsigned seed)
{
	for (size_t i = 0; i < bytes; i++)
		p[i] = (u8)((sector + i / SECTOR_SIZE) * 31 + i * 7 + seed);
}

static bool check_pattern(const u8 *p, size_t bytes, sector_t sector, unsigned seed)
{
	for (size_t i = 0; i < bytes; i++)
		if (p[i] != (u8)((sector + i / SECTOR_SIZE) * 31 + i * 7 + seed))
			return false;
	return true;
}

static int raw_io(struct virtio_blk *vblk, u32 type, sector_t sector, void *buf, size_t bytes)
{
	struct virtio_buf b = { virt_to_phys(buf), (u32)bytes };
	struct virtblk_raw cmd = { .type = type, .sector = sector, .bufs = &b,
				   .nbufs = bytes ? 1 : 0 };

	return virtblk_raw_sync(vblk, &cmd);
}

KTEST(virtio_blk_probed)
{
	struct virtio_blk *vda = virtblk_get(0), *vdb = virtblk_get(1);

	KT_ASSERT(vda && vdb, "vda and vdb were not probed");
	KT_ASSERT_EQ(vda->capacity, 32 * 2048);	/* tools/mkdisks: 32 MiB */
	KT_ASSERT_EQ(vdb->capacity, 16 * 2048);
	KT_ASSERT(virtio_has_feature(&vda->vdev, VIRTIO_F_VERSION_1), "no VERSION_1");
	KT_ASSERT(vda->can_flush, "QEMU's writeback cache offers FLUSH, not negotiated");
	KT_ASSERT(!vda->read_only, "vda is read-only");
	KT_ASSERT(vda->seg_max >= 1, "seg_max %u", vda->seg_max);
	KT_ASSERT(virtio_get_status(&vda->vdev) & VIRTIO_STATUS_DRIVER_OK, "no DRIVER_OK");
}

/* Write two pages given as two buffers, read them back as one. */
KTEST(virtio_blk_raw_roundtrip)
{
	struct virtio_blk *vblk = virtblk_get(0);
	u8 *w = __get_free_pages(GFP_KERNEL, 1), *r = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	struct virtio_buf wb[2], rb[1];
	struct virtblk_raw cmd = { 0 };
	unsigned long merges = vblk ? vblk->nr_buf_merges : 0;
	int err;

	KT_ASSERT(vblk && w && r, "no vda or no memory");
	fill_pattern(w, 2 * PAGE_SIZE, VDA_TEST_SECTOR, 5);
	wb[0] = (struct virtio_buf){ virt_to_phys(w), PAGE_SIZE };
	wb[1] = (struct virtio_buf){ virt_to_phys(w) + PAGE_SIZE, PAGE_SIZE };
	cmd = (struct virtblk_raw){ .type = VIRTIO_BLK_T_OUT, .sector = VDA_TEST_SECTOR,
				    .bufs = wb, .nbufs = 2 };
	err = virtblk_raw_sync(vblk, &cmd);
	KT_ASSERT(err == 0, "write: %d", err);
	KT_ASSERT_EQ(cmd.dev_status, VIRTIO_BLK_S_OK);
	rb[0] = (struct virtio_buf){ virt_to_phys(r), 2 * PAGE_SIZE };
	cmd = (struct virtblk_raw){ .type = VIRTIO_BLK_T_IN, .sector = VDA_TEST_SECTOR,
				    .bufs = rb, .nbufs = 1 };
	err = virtblk_raw_sync(vblk, &cmd);
	KT_ASSERT(err == 0, "read: %d", err);
	KT_ASSERT(check_pattern(r, 2 * PAGE_SIZE, VDA_TEST_SECTOR, 5), "read back differs");
	/* The two written pages are one physical run: sent as one buffer. */
	KT_ASSERT(vblk->nr_buf_merges > merges, "contiguous buffers were not merged");
	free_pages_addr(w, 1);
	free_pages_addr(r, 1);
}

/* vdb's partitions were filled on the host: a raw read sees the bytes. */
KTEST(virtio_blk_raw_reads_host_data)
{
	struct virtio_blk *vblk = virtblk_get(1);
	u8 *buf = __get_free_pages(GFP_KERNEL, 0);
	int err;

	KT_ASSERT(vblk && buf, "no vdb or no memory");
	err = raw_io(vblk, VIRTIO_BLK_T_IN, 2048, buf, PAGE_SIZE);
	KT_ASSERT(err == 0, "read vdb1: %d", err);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		KT_ASSERT(buf[i] == 0xa1, "vdb1 byte %u is %#x", i, buf[i]);
	err = raw_io(vblk, VIRTIO_BLK_T_IN, 10240, buf, SECTOR_SIZE);
	KT_ASSERT(err == 0, "read vdb2: %d", err);
	KT_ASSERT(buf[0] == 0xb2 && buf[511] == 0xb2, "vdb2 holds %#x", buf[0]);
	err = raw_io(vblk, VIRTIO_BLK_T_IN, 0, buf, SECTOR_SIZE);
	KT_ASSERT(err == 0 && buf[510] == 0x55 && buf[511] == 0xaa, "no MBR signature on vdb");
	free_pages_addr(buf, 0);
}

KTEST(virtio_blk_raw_flush)
{
	struct virtio_blk *vblk = virtblk_get(0);
	int err;

	KT_ASSERT(vblk, "no vda");
	err = raw_io(vblk, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
	KT_ASSERT(err == 0, "flush: %d", err);
}

/* A read past the end: the device answers IOERR, the caller sees -EIO. */
KTEST(virtio_blk_raw_beyond_end)
{
	struct virtio_blk *vblk = virtblk_get(0);
	u8 *buf = __get_free_pages(GFP_KERNEL, 0);
	unsigned long errors;
	int err;

	KT_ASSERT(vblk && buf, "no vda or no memory");
	errors = vblk->nr_errors;
	err = raw_io(vblk, VIRTIO_BLK_T_IN, vblk->capacity, buf, SECTOR_SIZE);
	KT_ASSERT(err == -EIO, "read at the capacity: %d, expected -EIO", err);
	err = raw_io(vblk, VIRTIO_BLK_T_OUT, vblk->capacity - 1, buf, 2 * SECTOR_SIZE);
	KT_ASSERT(err == -EIO, "write across the end: %d, expected -EIO", err);
	KT_ASSERT(vblk->nr_errors == errors + 2, "error count %lu, was %lu",
		  vblk->nr_errors, errors);
	err = raw_io(vblk, VIRTIO_BLK_T_IN, vblk->capacity - 1, buf, SECTOR_SIZE);
	KT_ASSERT(err == 0, "the last sector: %d", err);
	free_pages_addr(buf, 0);
}

#define NR_INFLIGHT 64

struct inflight_arg {
	struct virtio_blk *vblk;
	struct virtblk_raw *cmds;
	unsigned submitted;
	int err;
};

/* On CPU 0, where the device interrupts, with interrupts off: every
 * command is on the ring before any completion can be taken. */
static void submit_all_on_cpu0(void *arg, unsigned i)
{
	struct inflight_arg *a = arg;
	unsigned long flags;

	local_irq_save(flags);
	for (; a->submitted < NR_INFLIGHT && !a->err; a->submitted++)
		a->err = virtblk_raw_submit(a->vblk, &a->cmds[a->submitted]);
	local_irq_restore(flags);
	if (a->err)
		a->submitted--;
}

/* 64 one-page writes on the ring at once, then 64 reads. */
KTEST(virtio_blk_raw_many_in_flight)
{
	struct virtio_blk *vblk = virtblk_get(0);
	u8 *pages = __get_free_pages(GFP_KERNEL, 6);	/* 64 pages */
	struct virtio_buf *bufs = kcalloc(NR_INFLIGHT, sizeof(*bufs), GFP_KERNEL);
	struct virtblk_raw *cmds = kcalloc(NR_INFLIGHT, sizeof(*cmds), GFP_KERNEL);
	struct inflight_arg a = { vblk, cmds, 0, 0 };
	unsigned long flags;
	int failed = 0;

	KT_ASSERT(vblk && pages && bufs && cmds, "no vda or no memory");
	spin_lock_irqsave(&vblk->lock, flags);
	vblk->max_inflight = 0;
	spin_unlock_irqrestore(&vblk->lock, flags);
	for (int pass = 0; pass < 2 && !a.err && !failed; pass++) {
		u32 type = pass ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT;

		if (pass)
			memset(pages, 0, NR_INFLIGHT * PAGE_SIZE);
		else
			fill_pattern(pages, NR_INFLIGHT * PAGE_SIZE, VDA_TEST_SECTOR, 9);
		for (unsigned i = 0; i < NR_INFLIGHT; i++) {
			bufs[i] = (struct virtio_buf){ virt_to_phys(pages + i * PAGE_SIZE), PAGE_SIZE };
			cmds[i] = (struct virtblk_raw){ .type = type, .bufs = &bufs[i], .nbufs = 1,
				.sector = VDA_TEST_SECTOR + i * (PAGE_SIZE / SECTOR_SIZE) };
		}
		a.submitted = 0;
		if (ktest_run_threads(submit_all_on_cpu0, &a, 1))
			a.err = -ENOMEM;
		for (unsigned i = 0; i < a.submitted; i++) {
			wait_for_completion(&cmds[i].done);
			failed += cmds[i].error != 0;
		}
	}
	KT_ASSERT(a.err == 0, "submit %u: %d", a.submitted, a.err);
	KT_ASSERT(failed == 0, "%d commands failed", failed);
	KT_ASSERT(check_pattern(pages, NR_INFLIGHT * PAGE_SIZE, VDA_TEST_SECTOR, 9),
		  "read back differs");
	KT_ASSERT(vblk->max_inflight >= NR_INFLIGHT, "at most %u commands on the ring at once",
		  vblk->max_inflight);
	free_pages_addr(pages, 6);
	kfree(bufs);
	kfree(cmds);
}

/* With `virtio_intx` on the command line: completions come through the
 * shared INTx line and the ISR byte. */
static void intx_used(struct ktest_ctx *__kt, struct virtio_blk *vblk, u8 *buf)
{
	unsigned long before = vblk->vdev.intx_count, qbefore = vblk->vq->irq_count;

	KT_ASSERT(!vblk->vdev.msix, "virtio_intx given, but vda uses MSI-X");
	KT_ASSERT_EQ(vblk->vdev.pci->msix_nvec, 0);
	for (int i = 0; i < 8; i++)
		KT_ASSERT(raw_io(vblk, VIRTIO_BLK_T_IN, VDA_TEST_SECTOR, buf, SECTOR_SIZE) == 0,
			  "read failed");
	KT_ASSERT(vblk->vdev.intx_count >= before + 8, "INTx fired %lu times for 8 reads",
		  vblk->vdev.intx_count - before);
	KT_ASSERT(vblk->vq->irq_count >= qbefore + 8, "queue callback ran %lu times",
		  vblk->vq->irq_count - qbefore);
}

/* Completions arrive on the queue's own MSI-X vector (entry 1), not INTx
 * (unless the command line asks for INTx). */
KTEST(virtio_blk_msix_used)
{
	struct virtio_blk *vblk = virtblk_get(0);
	struct pci_dev *pci = vblk ? vblk->vdev.pci : NULL;
	unsigned long before;
	u8 *buf = __get_free_pages(GFP_KERNEL, 0);

	KT_ASSERT(vblk && buf, "no vda or no memory");
	if (cmdline_get("virtio_intx", NULL, 0)) {
		intx_used(KT_CTX, vblk, buf);
		free_pages_addr(buf, 0);
		return;
	}
	KT_ASSERT(vblk->vdev.msix, "vda runs on INTx");
	KT_ASSERT_EQ(pci->msix_nvec, 2);
	KT_ASSERT(pci->msix_vector[0] != pci->msix_vector[1], "one vector for two entries");
	for (unsigned i = 0; i < 2; i++)
		KT_ASSERT(pci->msix_vector[i] >= FIRST_DYNAMIC_VECTOR &&
			  pci->msix_vector[i] <= LAST_DYNAMIC_VECTOR, "vector %#x", pci->msix_vector[i]);
	before = vblk->vq->irq_count;
	for (int i = 0; i < 8; i++)
		KT_ASSERT(raw_io(vblk, VIRTIO_BLK_T_IN, VDA_TEST_SECTOR, buf, SECTOR_SIZE) == 0,
			  "read failed");
	KT_ASSERT(vblk->vq->irq_count >= before + 8, "queue vector fired %lu times for 8 reads",
		  vblk->vq->irq_count - before);
	KT_ASSERT_EQ(vblk->vdev.intx_count, 0);
	free_pages_addr(buf, 0);
}

/*
 * A device that stops answering: with notifications held back the device
 * never sees the read; the timeout fails it with -EIO. Released, the
 * device answers it late; its slot comes back and I/O works again.
 */
KTEST(virtio_blk_timeout)
{
	struct virtio_blk *vblk = virtblk_get(0);
	u8 *buf = __get_free_pages(GFP_KERNEL, 0);
	u64 start;
	int err;

	KT_ASSERT(vblk && buf, "no vda or no memory");
	virtblk_set_timeout(vblk, 1000);
	virtblk_set_stalled(vblk, true);
	start = jiffies;
	err = raw_io(vblk, VIRTIO_BLK_T_IN, VDA_TEST_SECTOR, buf, SECTOR_SIZE);
	virtblk_set_stalled(vblk, false);
	virtblk_set_timeout(vblk, VIRTBLK_TIMEOUT_MS);
	KT_ASSERT(err == -EIO, "stalled read: %d, expected -EIO", err);
	KT_ASSERT(jiffies - start >= msecs_to_jiffies(1000), "failed after %lu ticks only",
		  (unsigned long)(jiffies - start));
	for (int i = 0; i < 200 && READ_ONCE(vblk->nr_abandoned); i++)
		msleep(10);
	KT_ASSERT_EQ(READ_ONCE(vblk->nr_abandoned), 0);
	err = raw_io(vblk, VIRTIO_BLK_T_IN, VDA_TEST_SECTOR, buf, SECTOR_SIZE);
	KT_ASSERT(err == 0, "read after the stall: %d", err);
	free_pages_addr(buf, 0);
}
