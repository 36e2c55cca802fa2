/*
 * The ATA driver's own structures: a channel (one command block, one IRQ,
 * one bus-master register set, two drives), a drive, and a command as the
 * channel runs it. See drivers/ata/README.md for the picture.
 *
 * Locks: chan->lock (spinlock, IRQs off; taken by the channel's interrupt
 * handler and its timeout timer) protects everything the channel does:
 * which command runs, which waits, the registers, the PRD table. It is
 * never held across a command's ->done callback, so ->done may start the
 * next command (the block layer's ->queue_rq does).
 */
#ifndef DRIVERS_ATA_INTERNAL_H
#define DRIVERS_ATA_INTERNAL_H

#include "drivers/ata/ata.h"
#include "drivers/block/bio.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sched/wait_types.h"
#include "kernel/time/timer.h"
#include "kernel/cpu/x86.h"
#include "mm/page.h"

#define ATA_MAX_SEGS		128	/* data segments of one command */
#define ATA_PRD_ENTRIES		(PAGE_SIZE / sizeof(struct ata_prd))
#define ATA_DEFAULT_TIMEOUT_MS	5000
#define ATA_OVERDUE_MAX		60	/* watchdog runs (1 s apart) before failing a command even if the CMOS clock seems stuck */

struct ata_channel;
struct gendisk;

/* One run of a command's data: physical address (direct-mapped), bytes
 * (a multiple of 512). */
struct ata_sg {
	phys_addr_t addr;
	unsigned len;
};

enum ata_op {
	ATA_OP_READ,		/* nsect sectors from lba into sg */
	ATA_OP_WRITE,		/* nsect sectors from sg to lba */
	ATA_OP_FLUSH,		/* FLUSH CACHE (EXT) */
	ATA_OP_TASKFILE,	/* tf_command with the given registers */
};

/* cmd->flags */
#define ATA_CMDF_PREFLUSH	0x01	/* flush the write cache first */
#define ATA_CMDF_FUA		0x02	/* flush the write cache after */
#define ATA_CMDF_LBA48		0x04	/* the EXT command and registers */
#define ATA_CMDF_PIO		0x08	/* no DMA for this one */
#define ATA_CMDF_DATA_IN	0x10	/* TASKFILE: reads nsect sectors by PIO */

/*
 * A command. The submitter fills the first group and hands it to
 * ata_submit(); from then until ->done the channel owns it.
 */
struct ata_cmd {
	enum ata_op op;
	struct ata_device *dev;
	u64 lba;			/* first sector; TASKFILE: the LBA registers */
	u32 nsect;			/* sectors (1..65536); TASKFILE: the count */
	unsigned flags;			/* ATA_CMDF_* */
	struct ata_sg *sg;		/* the data, nsect sectors in all */
	unsigned nsg;
	u8 tf_command, tf_feature;	/* TASKFILE */
	/* Called once with 0 or -EIO, from the interrupt handler, the
	 * timeout timer or ata_submit's caller, without chan->lock. The
	 * command may be reused by then: what ->done needs is in private. */
	void (*done)(void *private, int status);
	void *private;

	/* Results, written before ->done: the registers at the end. */
	u8 status, error;
	u64 result_lba;			/* TASKFILE: the LBA registers (HOB too if LBA48) */

	/* chan->lock: progress while it runs. */
	u8 phase;			/* ATA_PHASE_* */
	u8 command;			/* the opcode issued for this phase */
	bool dma;			/* this phase moves data by bus-master DMA */
	bool ext;			/* this phase uses the 48-bit registers */
	u32 left;			/* PIO: sectors still to move */
	unsigned sg_idx, sg_off;	/* PIO: where the next sector goes */
};

enum {
	ATA_PHASE_PREFLUSH,
	ATA_PHASE_DATA,
	ATA_PHASE_POSTFLUSH,
	ATA_PHASE_END,
};

enum ata_class {
	ATA_DEV_NONE,
	ATA_DEV_ATA,
	ATA_DEV_ATAPI,
};

/* One drive. Const after probe unless a field says otherwise. */
struct ata_device {
	struct ata_channel *chan;
	unsigned unit;			/* 0 master, 1 slave */
	char name[4];			/* "hda" .. "hdd" */
	enum ata_class class;
	u16 id[ATA_ID_WORDS];		/* IDENTIFY (PACKET) DEVICE */
	char model[ATA_ID_PROD_LEN + 1];
	char serial[ATA_ID_SERNO_LEN + 1];
	u64 capacity;			/* sectors; grows only by an HPA unlock
					 * (disk.c): READ_ONCE/WRITE_ONCE */
	u64 native_max;			/* READ NATIVE MAX + 1; 0 unknown */
	bool lba48;
	bool has_flush, flush_ext;
	u16 cyls, heads, sectors;	/* CHS geometry */
	bool dma;			/* supports DMA, and the channel does */
	char xfer_mode[8];		/* "udma5", "mwdma2", "pio" */
	struct ata_cmd *cmd;		/* chan->lock: its command in the channel
					 * (running or waiting), or NULL */
	unsigned long nr_cmds;		/* chan->lock: ATA commands issued */
	u8 last_command;		/* chan->lock: the opcode issued last */

	/* The block layer's request in the channel (one at a time, see
	 * disk.c): owned by whoever owns the request. */
	struct gendisk *disk;
	struct ata_cmd rq_cmd;
	struct ata_sg rq_sg[ATA_MAX_SEGS];
};

struct ata_channel {
	spinlock_t lock;		/* IRQs off; see the top of this file */
	unsigned index;			/* const: 0 primary, 1 secondary */
	u16 cmd_base, ctl_base;		/* const */
	u16 bm_base;			/* const: bus-master registers, 0 if no DMA */
	unsigned irq;			/* const */
	struct ata_device dev[2];
	struct ata_prd *prd;		/* const pointer; contents: lock */
	phys_addr_t prd_phys;		/* const */

	/* lock: */
	struct ata_cmd *active;		/* the command running, or NULL */
	int selected;			/* unit in the device register, -1 unknown */
	bool timer_armed;		/* timer queued (its callback clears it) */
	u64 deadline;			/* jiffies by which active must finish */
	unsigned overdue;		/* watchdog runs since the deadline passed */
	u64 overdue_rtc;		/* the CMOS clock at the first of them */
	unsigned long nr_irqs, nr_spurious, nr_timeouts, nr_resets;
	unsigned long nr_waits;		/* commands that waited for the other drive's */

	struct timer_list timer;	/* the timeout watchdog */
	struct wait_queue_head slot_wait;	/* a drive's command slot freed */
};

/* Module switches (ktests flip them; read at each command's start). */
extern bool ata_use_pio;		/* `ata.pio=1`: no DMA */
extern bool ata_force_lba48;		/* EXT commands even when LBA28 reaches */
extern unsigned ata_drop_irqs;		/* ignore this many interrupts (a test
					 * of the timeout path) */
extern unsigned ata_timeout_ms;		/* per command */

extern struct ata_channel ata_channels[2];

/* channel.c */
void ata_channel_init(struct ata_channel *ch, unsigned index, u16 cmd_base,
		      u16 ctl_base, unsigned irq, u16 bm_base);
int ata_channel_start(struct ata_channel *ch);
int ata_submit(struct ata_cmd *cmd);
int ata_exec(struct ata_cmd *cmd);
int ata_soft_reset(struct ata_channel *ch, unsigned max_ms);

/* dma.c */
int ata_dma_prepare(struct ata_channel *ch, const struct ata_cmd *cmd);
void ata_dma_start(struct ata_channel *ch, bool to_memory);
u8 ata_dma_stop(struct ata_channel *ch);

/* probe.c */
void ata_probe_channel(struct ata_channel *ch);
struct ata_device *ata_find_device(const char *name);
int ata_read_native_max(struct ata_device *dev, bool ext, u64 *sectors);
int ata_set_max(struct ata_device *dev, bool ext, u64 sectors);

/* Synchronous I/O on a kernel buffer (direct-mapped, contiguous): for
 * probing and tests. May sleep. 0 or -EIO. */
int ata_rw_buf(struct ata_device *dev, enum ata_op op, u64 lba, u32 nsect, void *buf,
	       unsigned flags);

/* disk.c */
int ata_add_disk(struct ata_device *dev);

static inline u8 ata_altstatus(const struct ata_channel *ch)
{
	return inb(ch->ctl_base + ATA_REG_ALTSTATUS);
}

#endif
