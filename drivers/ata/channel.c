/*
 * One ATA channel: commands to its two drives, one at a time.
 *
 * ata_submit() gives the channel a command. Each drive has one command
 * slot (dev->cmd); the channel runs one command (ch->active) and the other
 * drive's, if any, waits in its slot until the channel is free. A command
 * runs in up to three phases, each one ATA command: FLUSH CACHE before the
 * data (REQ_PREFLUSH), the data command, FLUSH CACHE after (REQ_FUA).
 *
 * The interrupt handler moves PIO data (one sector per interrupt: READ and
 * WRITE SECTORS transfer one DRQ block at a time), finishes a phase, issues
 * the next one or completes the command, then starts the waiting drive's.
 * A timer watches the running command: no interrupt within ata_timeout_ms
 * (of jiffies, and as many seconds of the host's clock: see
 * ata_overdue_in_host_time_locked) fails it with -EIO and soft-resets the
 * channel.
 *
 * Locks: ch->lock (IRQs off) around every register access and every field
 * marked "lock" in internal.h. ->done callbacks run after it is dropped.
 */
#include "drivers/ata/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/time/clock.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/completion.h"
#include "kernel/cpu/interrupts.h"

bool ata_use_pio;			/* atomic: read at each command's start */
bool ata_force_lba48;			/* atomic: likewise */
unsigned ata_drop_irqs;			/* atomic */
unsigned ata_timeout_ms = ATA_DEFAULT_TIMEOUT_MS;	/* atomic */

/* Commands that finished under the lock, to complete after dropping it:
 * at most the running one and the waiting one. */
struct ata_done_list {
	unsigned n;
	struct {
		void (*fn)(void *private, int status);
		void *private;
		int status;
	} e[2];
};

static inline void ata_insl(u16 port, void *buf, unsigned long n)
{
	__asm__ volatile("rep insl" : "+D"(buf), "+c"(n) : "d"(port) : "memory");
}

static inline void ata_outsl(u16 port, const void *buf, unsigned long n)
{
	__asm__ volatile("rep outsl" : "+S"(buf), "+c"(n) : "d"(port) : "memory");
}

static inline u8 ata_inb(const struct ata_channel *ch, unsigned reg)
{
	return inb(ch->cmd_base + reg);
}

static inline void ata_outb(const struct ata_channel *ch, unsigned reg, u8 v)
{
	outb(ch->cmd_base + reg, v);
}

static const char *ata_op_name(const struct ata_cmd *cmd)
{
	switch (cmd->command) {
	case ATA_CMD_READ:		return "READ DMA";
	case ATA_CMD_READ_EXT:		return "READ DMA EXT";
	case ATA_CMD_WRITE:		return "WRITE DMA";
	case ATA_CMD_WRITE_EXT:		return "WRITE DMA EXT";
	case ATA_CMD_PIO_READ:		return "READ SECTORS";
	case ATA_CMD_PIO_READ_EXT:	return "READ SECTORS EXT";
	case ATA_CMD_PIO_WRITE:		return "WRITE SECTORS";
	case ATA_CMD_PIO_WRITE_EXT:	return "WRITE SECTORS EXT";
	case ATA_CMD_FLUSH:		return "FLUSH CACHE";
	case ATA_CMD_FLUSH_EXT:		return "FLUSH CACHE EXT";
	default:			return "command";
	}
}

/* ---- registers (ch->lock held) ---- */

/* Point the device register at unit; the 400 ns settle time (four
 * alternate-status reads) only when the drive changes. */
static void ata_select_locked(struct ata_channel *ch, unsigned unit, u8 bits)
{
	ata_outb(ch, ATA_REG_DEVICE, ATA_DEVICE_OBS | (unit ? ATA_DEV1 : 0) | bits);
	if (ch->selected != (int)unit) {
		for (int i = 0; i < 4; i++)
			ata_altstatus(ch);
		ch->selected = (int)unit;
	}
}

/* Load the task file and write the command register. count 0 means 256
 * (LBA28) or 65536 (LBA48), as the registers say. */
static void ata_issue_tf_locked(struct ata_channel *ch, struct ata_cmd *cmd, u64 lba,
				u32 count, u8 feature)
{
	unsigned unit = cmd->dev->unit;

	if (cmd->ext) {
		ata_select_locked(ch, unit, ATA_LBA);
		ata_outb(ch, ATA_REG_FEATURE, 0);
		ata_outb(ch, ATA_REG_NSECT, (u8)(count >> 8));
		ata_outb(ch, ATA_REG_LBAL, (u8)(lba >> 24));
		ata_outb(ch, ATA_REG_LBAM, (u8)(lba >> 32));
		ata_outb(ch, ATA_REG_LBAH, (u8)(lba >> 40));
	} else {
		ata_select_locked(ch, unit, ATA_LBA | ((lba >> 24) & 0xf));
	}
	ata_outb(ch, ATA_REG_FEATURE, feature);
	ata_outb(ch, ATA_REG_NSECT, (u8)count);
	ata_outb(ch, ATA_REG_LBAL, (u8)lba);
	ata_outb(ch, ATA_REG_LBAM, (u8)(lba >> 8));
	ata_outb(ch, ATA_REG_LBAH, (u8)(lba >> 16));
	ata_outb(ch, ATA_REG_CMD, cmd->command);
}

/* The LBA registers after a command (READ NATIVE MAX's answer). */
static u64 ata_read_lba_locked(struct ata_channel *ch, bool ext)
{
	u64 low = ata_inb(ch, ATA_REG_LBAL) | ata_inb(ch, ATA_REG_LBAM) << 8 |
		  ata_inb(ch, ATA_REG_LBAH) << 16;
	u64 high;

	if (!ext)
		return low | (u64)(ata_inb(ch, ATA_REG_DEVICE) & 0xf) << 24;
	outb(ch->ctl_base + ATA_REG_CTL, ATA_HOB);
	high = ata_inb(ch, ATA_REG_LBAL) | ata_inb(ch, ATA_REG_LBAM) << 8 |
	       ata_inb(ch, ATA_REG_LBAH) << 16;
	outb(ch->ctl_base + ATA_REG_CTL, 0);
	return high << 24 | low;
}

/*
 * Soft reset of both drives (SRST), then wait up to max_ms for each to
 * drop BSY. ch->lock held; busy-waits (at probe, or after a timeout).
 * 0, or -ETIMEDOUT if a drive stays busy.
 */
static int ata_reset_locked(struct ata_channel *ch, unsigned max_ms)
{
	int ret = 0;

	lockdep_assert_held(&ch->lock);
	outb(ch->ctl_base + ATA_REG_CTL, ATA_SRST | ATA_NIEN);
	udelay(5);
	outb(ch->ctl_base + ATA_REG_CTL, 0);
	ch->selected = -1;
	ch->nr_resets++;
	for (unsigned unit = 0; unit < 2; unit++) {
		unsigned long us = max_ms * 1000ul;

		ata_select_locked(ch, unit, 0);
		while ((ata_altstatus(ch) & ATA_BUSY) && us) {
			udelay(10);
			us = us > 10 ? us - 10 : 0;
		}
		if (ata_altstatus(ch) & ATA_BUSY)
			ret = -ETIMEDOUT;
	}
	ata_inb(ch, ATA_REG_STATUS);	/* drop a pending INTRQ */
	return ret;
}

int ata_soft_reset(struct ata_channel *ch, unsigned max_ms)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&ch->lock, flags);
	ret = ata_reset_locked(ch, max_ms);
	spin_unlock_irqrestore(&ch->lock, flags);
	return ret;
}

/* ---- PIO ---- */

/* Move the next sector between the data register and cmd's memory. */
static void ata_pio_sector_locked(struct ata_channel *ch, struct ata_cmd *cmd, bool out)
{
	struct ata_sg *sg = &cmd->sg[cmd->sg_idx];
	void *p = phys_to_virt(sg->addr + cmd->sg_off);

	if (out)
		ata_outsl(ch->cmd_base + ATA_REG_DATA, p, SECTOR_SIZE / 4);
	else
		ata_insl(ch->cmd_base + ATA_REG_DATA, p, SECTOR_SIZE / 4);
	cmd->sg_off += SECTOR_SIZE;
	if (cmd->sg_off >= sg->len) {
		cmd->sg_idx++;
		cmd->sg_off = 0;
	}
	cmd->left--;
}

/* PIO out: the drive asks for the first sector without an interrupt. Wait
 * briefly for DRQ; if it does not come, the interrupt (an error) or the
 * timeout will end the command. */
static void ata_pio_out_first_locked(struct ata_channel *ch, struct ata_cmd *cmd)
{
	for (int spins = 0; spins < 100000; spins++) {
		u8 st = ata_altstatus(ch);

		if (st & ATA_BUSY)
			continue;
		if ((st & (ATA_DRQ | ATA_ERR | ATA_DF)) == ATA_DRQ)
			ata_pio_sector_locked(ch, cmd, true);
		return;
	}
}

/* ---- phases ---- */

static bool ata_needs_ext(const struct ata_cmd *cmd)
{
	return cmd->lba + cmd->nsect > ATA_LBA28_LIMIT || cmd->nsect > ATA_MAX_SECTORS_LBA28 ||
	       (cmd->flags & ATA_CMDF_LBA48) ||
	       (READ_ONCE(ata_force_lba48) && cmd->dev->lba48);
}

static u8 ata_rw_opcode(bool write, bool dma, bool ext)
{
	if (dma)
		return write ? (ext ? ATA_CMD_WRITE_EXT : ATA_CMD_WRITE)
			     : (ext ? ATA_CMD_READ_EXT : ATA_CMD_READ);
	return write ? (ext ? ATA_CMD_PIO_WRITE_EXT : ATA_CMD_PIO_WRITE)
		     : (ext ? ATA_CMD_PIO_READ_EXT : ATA_CMD_PIO_READ);
}

/* The data phase of a READ or WRITE: DMA unless PIO is asked for or the
 * PRD table cannot describe the buffers. */
static void ata_issue_rw_locked(struct ata_channel *ch, struct ata_cmd *cmd)
{
	bool write = cmd->op == ATA_OP_WRITE;

	cmd->ext = ata_needs_ext(cmd);
	cmd->dma = ch->bm_base && cmd->dev->dma && !READ_ONCE(ata_use_pio) &&
		   !(cmd->flags & ATA_CMDF_PIO) && ata_dma_prepare(ch, cmd) == 0;
	cmd->command = ata_rw_opcode(write, cmd->dma, cmd->ext);
	cmd->left = cmd->dma ? 0 : cmd->nsect;
	cmd->sg_idx = cmd->sg_off = 0;
	ata_issue_tf_locked(ch, cmd, cmd->lba, cmd->nsect, 0);
	if (cmd->dma)
		ata_dma_start(ch, !write);
	else if (write)
		ata_pio_out_first_locked(ch, cmd);
}

static void ata_issue_flush_locked(struct ata_channel *ch, struct ata_cmd *cmd)
{
	cmd->ext = cmd->dev->flush_ext;
	cmd->dma = false;
	cmd->left = 0;
	cmd->command = cmd->ext ? ATA_CMD_FLUSH_EXT : ATA_CMD_FLUSH;
	ata_issue_tf_locked(ch, cmd, 0, 0, 0);
}

static void ata_issue_taskfile_locked(struct ata_channel *ch, struct ata_cmd *cmd)
{
	cmd->ext = cmd->flags & ATA_CMDF_LBA48;
	cmd->dma = false;
	cmd->left = (cmd->flags & ATA_CMDF_DATA_IN) ? cmd->nsect : 0;
	cmd->sg_idx = cmd->sg_off = 0;
	cmd->command = cmd->tf_command;
	ata_issue_tf_locked(ch, cmd, cmd->lba, cmd->nsect, cmd->tf_feature);
}

/* Queue the watchdog for ch->deadline. Queued already for that time or
 * earlier: nothing to do (it re-queues itself when it fires early).
 * Queued for later (the timeout was shortened): take it back first; if it
 * is firing right now, its callback re-queues it. */
static void ata_queue_timer_locked(struct ata_channel *ch)
{
	lockdep_assert_held(&ch->lock);
	if (ch->timer_armed) {
		if (!time_after(ch->timer.expires, ch->deadline) || !del_timer(&ch->timer))
			return;
	}
	ch->timer_armed = true;
	ch->timer.expires = ch->deadline;
	add_timer(&ch->timer);
}

/* Start the watchdog for the command just issued. */
static void ata_arm_timer_locked(struct ata_channel *ch)
{
	ch->deadline = jiffies + msecs_to_jiffies(READ_ONCE(ata_timeout_ms));
	ch->overdue = 0;
	ata_queue_timer_locked(ch);
}

/*
 * The active command is past its deadline in jiffies: has it also waited
 * the timeout out in host time? The CMOS clock follows the host's clock in
 * QEMU, while under -icount with sleep=off the guest's clocks leap ahead
 * whenever it idles waiting for the host, so jiffies alone would fail a
 * slow host write after a few real milliseconds. The first overdue run
 * notes the CMOS clock; later ones, 1 s of jiffies apart, compare with it.
 * Lock held; rtc is the CMOS clock read before taking it.
 */
static bool ata_overdue_in_host_time_locked(struct ata_channel *ch, u64 rtc)
{
	unsigned secs = DIV_ROUND_UP(READ_ONCE(ata_timeout_ms), 1000);

	lockdep_assert_held(&ch->lock);
	if (ch->overdue++ == 0)
		ch->overdue_rtc = rtc;
	return rtc - ch->overdue_rtc >= secs || ch->overdue > ATA_OVERDUE_MAX;
}

/* Issue cmd's current phase; it becomes the running command. */
static void ata_issue_phase_locked(struct ata_channel *ch, struct ata_cmd *cmd)
{
	lockdep_assert_held(&ch->lock);
	cmd->status = cmd->error = 0;
	if (cmd->phase != ATA_PHASE_DATA || cmd->op == ATA_OP_FLUSH)
		ata_issue_flush_locked(ch, cmd);
	else if (cmd->op == ATA_OP_TASKFILE)
		ata_issue_taskfile_locked(ch, cmd);
	else
		ata_issue_rw_locked(ch, cmd);
	ch->active = cmd;
	cmd->dev->nr_cmds++;
	cmd->dev->last_command = cmd->command;
	ata_arm_timer_locked(ch);
}

/* The phase after the current one, or ATA_PHASE_END. */
static u8 ata_next_phase(const struct ata_cmd *cmd)
{
	if (cmd->phase == ATA_PHASE_PREFLUSH)
		return ATA_PHASE_DATA;
	if (cmd->phase == ATA_PHASE_DATA && (cmd->flags & ATA_CMDF_FUA))
		return ATA_PHASE_POSTFLUSH;
	return ATA_PHASE_END;
}

/* Start a waiting command, the other drive's first (so that one busy
 * drive cannot starve its neighbour). */
static void ata_kick_locked(struct ata_channel *ch, unsigned prefer)
{
	lockdep_assert_held(&ch->lock);
	for (unsigned i = 0; i < 2 && !ch->active; i++) {
		struct ata_device *dev = &ch->dev[(prefer + i) & 1];

		if (dev->cmd)
			ata_issue_phase_locked(ch, dev->cmd);
	}
}

static void ata_log_error(const struct ata_cmd *cmd, int status)
{
	const struct ata_device *dev = cmd->dev;

	if (cmd->op == ATA_OP_TASKFILE)		/* the caller says what it means */
		return;
	if (cmd->op == ATA_OP_FLUSH || cmd->phase != ATA_PHASE_DATA)
		pr_err("%s: I/O error (%d): %s: status %#x error %#x\n", dev->name, status,
		       ata_op_name(cmd), cmd->status, cmd->error);
	else
		pr_err("%s: I/O error (%d): %s sector %lu count %u: status %#x error %#x\n",
		       dev->name, status, ata_op_name(cmd), (unsigned long)cmd->lba, cmd->nsect,
		       cmd->status, cmd->error);
}

/*
 * The running phase of cmd ended with status (0 or -EIO): issue the next
 * phase, or finish cmd (onto dl) and start the waiting command.
 */
static void ata_phase_done_locked(struct ata_channel *ch, struct ata_cmd *cmd, int status,
				  struct ata_done_list *dl)
{
	struct ata_device *dev = cmd->dev;

	lockdep_assert_held(&ch->lock);
	ch->active = NULL;
	if (!status) {
		cmd->phase = ata_next_phase(cmd);
		if (cmd->phase != ATA_PHASE_END) {
			ata_issue_phase_locked(ch, cmd);
			return;
		}
	} else {
		ata_log_error(cmd, status);
	}
	/* Once out of its slot, cmd may be reused: take what ->done needs. */
	dl->e[dl->n].fn = cmd->done;
	dl->e[dl->n].private = cmd->private;
	dl->e[dl->n].status = status;
	dl->n++;
	dev->cmd = NULL;
	ata_kick_locked(ch, dev->unit ^ 1);
}

/* Without ch->lock: call the finished commands' ->done, wake ata_exec. */
static void ata_run_done(struct ata_channel *ch, struct ata_done_list *dl)
{
	for (unsigned i = 0; i < dl->n; i++)
		dl->e[i].fn(dl->e[i].private, dl->e[i].status);
	if (dl->n && waitqueue_active(&ch->slot_wait))
		wake_up_all(&ch->slot_wait);
}

/* ---- interrupts ---- */

/* A PIO phase's interrupt: 1 while sectors remain, 0 done, -EIO. */
static int ata_pio_intr_locked(struct ata_channel *ch, struct ata_cmd *cmd)
{
	bool out = cmd->op == ATA_OP_WRITE;
	u8 st = ata_inb(ch, ATA_REG_STATUS);

	cmd->status = st;
	if (st & (ATA_ERR | ATA_DF))
		return -EIO;
	if (!cmd->left)
		return 0;
	if (!(st & ATA_DRQ))
		return -EIO;
	ata_pio_sector_locked(ch, cmd, out);
	return out || cmd->left ? 1 : 0;
}

/* A DMA phase's interrupt: stop the engine, then the drive's verdict. */
static int ata_dma_intr_locked(struct ata_channel *ch, struct ata_cmd *cmd)
{
	u8 bm = ata_dma_stop(ch);
	u8 st = ata_inb(ch, ATA_REG_STATUS);

	cmd->status = st;
	return (st & (ATA_ERR | ATA_DF | ATA_DRQ)) || (bm & ATA_DMA_ERR) ? -EIO : 0;
}

/* A test asked for this interrupt to be lost (ata_drop_irqs). */
static bool ata_take_dropped_irq(void)
{
	unsigned n = READ_ONCE(ata_drop_irqs);

	while (n)
		if (__atomic_compare_exchange_n(&ata_drop_irqs, &n, n - 1, false,
						__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return true;
	return false;
}

/* The IRQ of one channel (hardirq). */
static void ata_interrupt(struct pt_regs *regs, void *data)
{
	struct ata_channel *ch = data;
	struct ata_done_list dl = { 0 };
	struct ata_cmd *cmd;
	int ret;

	spin_lock(&ch->lock);
	ch->nr_irqs++;
	cmd = ch->active;
	if (!cmd || (ata_altstatus(ch) & ATA_BUSY) || ata_take_dropped_irq()) {
		ch->nr_spurious++;
		ata_inb(ch, ATA_REG_STATUS);	/* acknowledge */
		goto out;
	}
	if (cmd->dma)
		ret = ata_dma_intr_locked(ch, cmd);
	else
		ret = ata_pio_intr_locked(ch, cmd);
	if (ret > 0)
		goto out;
	if (ret)
		cmd->error = ata_inb(ch, ATA_REG_ERR);
	else if (cmd->op == ATA_OP_TASKFILE)
		cmd->result_lba = ata_read_lba_locked(ch, cmd->ext);
	ata_phase_done_locked(ch, cmd, ret, &dl);
out:
	spin_unlock(&ch->lock);
	ata_run_done(ch, &dl);
}

/* The watchdog (hardirq, on the CPU that armed it): fail a command that
 * is past its deadline and reset the channel; re-arm for one that is not. */
static void ata_timeout(struct timer_list *t)
{
	struct ata_channel *ch = container_of(t, struct ata_channel, timer);
	u64 rtc = rtc_read_seconds();		/* takes cmos_lock: before ours */
	struct ata_done_list dl = { 0 };
	struct ata_cmd *cmd;

	spin_lock(&ch->lock);
	ch->timer_armed = false;
	cmd = ch->active;
	if (!cmd)
		goto out;
	if (time_after(ch->deadline, jiffies)) {
		ata_queue_timer_locked(ch);
		goto out;
	}
	if (!ata_overdue_in_host_time_locked(ch, rtc)) {
		ch->deadline = jiffies + msecs_to_jiffies(1000);
		ata_queue_timer_locked(ch);
		goto out;
	}
	ch->nr_timeouts++;
	pr_err("%s: timeout: %s (%#x) sector %lu count %u, resetting ata%u\n", cmd->dev->name,
	       ata_op_name(cmd), cmd->command, (unsigned long)cmd->lba, cmd->nsect, ch->index);
	if (cmd->dma)
		ata_dma_stop(ch);
	cmd->status = ata_altstatus(ch);
	if (ata_reset_locked(ch, 100))
		pr_err("ata%u: a drive stays busy after the reset\n", ch->index);
	ata_phase_done_locked(ch, cmd, -EIO, &dl);
out:
	spin_unlock(&ch->lock);
	ata_run_done(ch, &dl);
}

/* ---- submission ---- */

static int ata_check_cmd(const struct ata_cmd *cmd)
{
	const struct ata_device *dev = cmd->dev;

	if (cmd->op != ATA_OP_READ && cmd->op != ATA_OP_WRITE)
		return 0;
	if (dev->class != ATA_DEV_ATA || !cmd->nsect || cmd->nsect > ATA_MAX_SECTORS_LBA48 ||
	    !cmd->nsg || cmd->nsg > ATA_MAX_SEGS)
		return -EINVAL;
	if (ata_needs_ext(cmd) && !dev->lba48)
		return -EINVAL;
	if (cmd->lba + cmd->nsect > (1ull << 48))
		return -EINVAL;
	return 0;
}

/*
 * Give cmd to its drive's channel. Returns 0 (it runs now or once the
 * other drive's command is done; ->done follows), -EBUSY if the drive
 * already has a command in the channel (->done of that one comes first),
 * or -EINVAL for a command the drive cannot run (->done is not called).
 * Any context; never sleeps.
 */
int ata_submit(struct ata_cmd *cmd)
{
	struct ata_channel *ch = cmd->dev->chan;
	unsigned long flags;
	int ret = ata_check_cmd(cmd);

	if (ret)
		return ret;
	if (cmd->op == ATA_OP_FLUSH || cmd->op == ATA_OP_TASKFILE)
		cmd->flags &= ~(ATA_CMDF_PREFLUSH | ATA_CMDF_FUA);
	spin_lock_irqsave(&ch->lock, flags);
	if (cmd->dev->cmd) {
		ret = -EBUSY;
	} else {
		cmd->dev->cmd = cmd;
		cmd->phase = (cmd->flags & ATA_CMDF_PREFLUSH) ? ATA_PHASE_PREFLUSH : ATA_PHASE_DATA;
		if (!ch->active)
			ata_issue_phase_locked(ch, cmd);
		else
			ch->nr_waits++;
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	return ret;
}

struct ata_exec_wait {
	struct completion done;
	int status;
};

static void ata_exec_done(void *private, int status)
{
	struct ata_exec_wait *w = private;

	w->status = status;
	complete(&w->done);
}

/* Run cmd and sleep until it is done (waiting for the drive's slot
 * first). Process context. 0, -EIO or -EINVAL. */
int ata_exec(struct ata_cmd *cmd)
{
	struct ata_channel *ch = cmd->dev->chan;
	struct ata_exec_wait w;
	int ret;

	might_sleep();
	init_completion(&w.done);
	cmd->done = ata_exec_done;
	cmd->private = &w;
	wait_event(ch->slot_wait, (ret = ata_submit(cmd)) != -EBUSY);
	if (ret)
		return ret;
	wait_for_completion(&w.done);
	return w.status;
}

/* ---- setup ---- */

void ata_channel_init(struct ata_channel *ch, unsigned index, u16 cmd_base, u16 ctl_base,
		      unsigned irq, u16 bm_base)
{
	spin_lock_init(&ch->lock);
	init_waitqueue_head(&ch->slot_wait);
	timer_setup(&ch->timer, ata_timeout, 0);
	ch->index = index;
	ch->cmd_base = cmd_base;
	ch->ctl_base = ctl_base;
	ch->irq = irq;
	ch->bm_base = bm_base;
	ch->selected = -1;
	for (unsigned unit = 0; unit < 2; unit++) {
		struct ata_device *dev = &ch->dev[unit];

		dev->chan = ch;
		dev->unit = unit;
		dev->name[0] = 'h';
		dev->name[1] = 'd';
		dev->name[2] = (char)('a' + 2 * index + unit);
	}
}

/* Attach the channel's IRQ and enable its interrupts. 0 or -EBUSY. */
int ata_channel_start(struct ata_channel *ch)
{
	int ret = request_irq(ch->irq, ata_interrupt, ch, ch->index ? "ata1" : "ata0");

	if (ret)
		return ret;
	outb(ch->ctl_base + ATA_REG_CTL, 0);
	return 0;
}
