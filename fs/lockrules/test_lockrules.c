/*
 * Tests for the lock-rule checker. Run them with the command line
 * `ktest=lockrules`.
 *
 * Every test counts into test_stats, never into the report of real VFS
 * calls: lockrule_check_stats() is lockrule_check() with the counters
 * passed in. The states come from real locks (init_rwsem, spin_lock_init,
 * ...) through the lr_*_state() helpers, as a VFS wrapper gets them, except
 * in the table-overflow test, which needs states no lock can be in.
 *
 * Each test initialises locks of its own, so each gets lockdep classes of
 * its own and no test's lock order can upset another's. A test that breaks
 * a rule on purpose does it between lockdep_expect_begin() and
 * lockdep_expect_end(), and calls lockdep_expect_end() before asserting.
 */
#include "kernel/ktest/ktest.h"
#include "fs/lockrules/lockrules.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/rwsem.h"
#include "kernel/sync/seqlock.h"
#include "kernel/sync/rcu.h"
#include "kernel/sched/preempt.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/percpu.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

/* Without lockdep's answers the checker checks nothing; nothing to test. */
#define REQUIRE_LOCKRULES() do { if (!lockrule_enabled()) return; } while (0)

#define NR_SEED_OPS	138		/* the rows of the seed's tables */

static struct lockrule_stats test_stats;	/* ktest thread, or the workers of one test */
static char report[8192];			/* ktest thread */

/* Starts a test with empty counters. */
static void fresh_stats(void)
{
	lockrule_stats_reset(&test_stats);
}

/* Whether test_stats' report has exactly this line. */
static bool report_has(const char *line)
{
	char want[200];

	lockrule_format_stats(&test_stats, report, sizeof(report));
	snprintf(want, sizeof(want), "%s\n", line);
	return strstr(report, want) != NULL;
}

/* One call of op with the states in obs; returns the reports it printed,
 * and the problems the checker found through *problems. */
static unsigned check_expecting(enum lr_op op, struct lr_observed *obs, unsigned *problems)
{
	lockdep_expect_begin();
	*problems = lockrule_check_stats(&test_stats, op, obs);
	return lockdep_expect_end();
}

KTEST(lockrules_rows_cover_the_seed)
{
	KT_ASSERT_EQ(lockrule_ops_total(), NR_SEED_OPS);
	KT_ASSERT_EQ(LR_OP_dentry_d_revalidate, 0);
	KT_ASSERT(!strcmp(lockrule_op_name(LR_OP_inode_lookup), "inode.lookup"), "lookup name");
	KT_ASSERT(!strcmp(lockrule_op_name(LR_OP_vm_access), "vm.access"), "last row");
	KT_ASSERT(!strcmp(lockrule_op_name(LR_OP_address_space_swap_rw), "address_space.swap_rw"),
		  "address_space row");
	KT_ASSERT(!strcmp(lr_lock_name(LR_s_vfs_rename_sem), "s_vfs_rename_sem"), "lock name");
	KT_ASSERT(!strcmp(lr_state_name(LRS_exclusive), "exclusive"), "state name");
	KT_ASSERT(lockrule_op_note(LR_OP_inode_rename)[0] != '\0', "rename has a note");
	KT_ASSERT_EQ(lockrule_row_locks(LR_OP_inode_rename),
		     (1u << LR_i_rwsem) | (1u << LR_i_rwsem_victim) | (1u << LR_s_vfs_rename_sem));
	KT_ASSERT_EQ(lockrule_row_allows(LR_OP_inode_rename, LR_i_rwsem_victim),
		     LRS_BIT(LRS_none) | LRS_BIT(LRS_exclusive));
	KT_ASSERT_EQ(lockrule_row_allows(LR_OP_super_statfs, LR_s_umount),
		     LRS_BIT(LRS_none) | LRS_BIT(LRS_read));
	KT_ASSERT_EQ(lockrule_row_allows(LR_OP_dentry_d_compare, LR_in_atomic),
		     LRS_BIT(LRS_none) | LRS_BIT(LRS_held));
	KT_ASSERT_EQ(lockrule_row_allows(LR_OP_dentry_d_revalidate, LR_in_atomic), LRS_BIT(LRS_none));
	KT_ASSERT_EQ(lockrule_row_allows(LR_OP_buffer_head_b_end_io, LR_in_atomic), LRS_BIT(LRS_held));
	KT_ASSERT_EQ(lockrule_row_locks(LR_OP_file_llseek), 0);
}

KTEST(lockrules_conforming_call_is_counted)
{
	static struct rw_semaphore dir_rwsem;
	struct lr_observed obs = { 0 };
	unsigned problems, reports;

	REQUIRE_LOCKRULES();
	fresh_stats();
	init_rwsem(&dir_rwsem);
	down_write(&dir_rwsem);
	lr_set(&obs, LR_i_rwsem, lr_rwsem_state(&dir_rwsem));
	reports = check_expecting(LR_OP_inode_create, &obs, &problems);
	lockrule_check_stats(&test_stats, LR_OP_inode_create, &obs);
	up_write(&dir_rwsem);
	KT_ASSERT_EQ(reports, 0);
	KT_ASSERT_EQ(problems, 0);
	KT_ASSERT_EQ(lockrule_stats_violations(&test_stats), 0);
	KT_ASSERT(report_has("LOCKRULE inode.create i_rwsem=exclusive in_atomic=none calls=2"),
		  "missing line in:\n%s", report);
	KT_ASSERT(report_has("LOCKRULE-END ops=1"), "bad end line in:\n%s", report);
	KT_ASSERT_EQ(lockrule_stats_ops_observed(&test_stats), 1);
}

KTEST(lockrules_wrong_state_reported_once)
{
	static struct rw_semaphore dir_rwsem;
	struct lr_observed obs = { 0 };
	unsigned problems, first, second;

	REQUIRE_LOCKRULES();
	fresh_stats();
	init_rwsem(&dir_rwsem);
	down_read(&dir_rwsem);
	lr_set(&obs, LR_i_rwsem, lr_rwsem_state(&dir_rwsem));
	first = check_expecting(LR_OP_inode_create, &obs, &problems);
	second = check_expecting(LR_OP_inode_create, &obs, &problems);
	up_read(&dir_rwsem);
	KT_ASSERT_EQ(first, 1);
	KT_ASSERT_EQ(second, 0);		/* the same combination: already told */
	KT_ASSERT_EQ(problems, 1);
	KT_ASSERT_EQ(lockrule_stats_violations(&test_stats), 2);
	KT_ASSERT(report_has("LOCKRULE inode.create i_rwsem=shared in_atomic=none calls=2"),
		  "missing line in:\n%s", report);
}

KTEST(lockrules_tests_leave_the_real_report_alone)
{
	static struct rw_semaphore dir_rwsem;
	static char real[8192];
	struct lr_observed obs = { 0 };
	unsigned long before = lockrule_violations();
	unsigned problems, reports;

	REQUIRE_LOCKRULES();
	fresh_stats();
	init_rwsem(&dir_rwsem);
	down_read(&dir_rwsem);
	lr_set(&obs, LR_i_rwsem, lr_rwsem_state(&dir_rwsem));
	reports = check_expecting(LR_OP_inode_mkdir, &obs, &problems);
	up_read(&dir_rwsem);
	KT_ASSERT_EQ(reports, 1);
	KT_ASSERT_EQ(lockrule_violations(), before);
	lockrule_format_report(real, sizeof(real));
	KT_ASSERT(!strstr(real, "LOCKRULE inode.mkdir i_rwsem=shared"), "test call in the real report");
	KT_ASSERT(strstr(real, "LOCKRULE-END ops="), "no end line in the real report");
}

KTEST(lockrules_drop_inode_needs_i_lock)
{
	static spinlock_t i_lock;
	struct lr_observed obs = { 0 };
	unsigned problems, reports;

	REQUIRE_LOCKRULES();
	fresh_stats();
	spin_lock_init(&i_lock);
	lr_set(&obs, LR_i_lock, lr_spin_state(&i_lock));
	reports = check_expecting(LR_OP_super_drop_inode, &obs, &problems);
	KT_ASSERT_EQ(reports, 1);
	KT_ASSERT_EQ(problems, 1);
	KT_ASSERT_EQ(lockrule_stats_violations(&test_stats), 1);
	KT_ASSERT(report_has("LOCKRULE super.drop_inode i_lock=none in_atomic=none calls=1"),
		  "missing line in:\n%s", report);
}

KTEST(lockrules_drop_inode_under_i_lock)
{
	static spinlock_t i_lock;
	struct lr_observed obs = { 0 };
	unsigned problems, reports;

	REQUIRE_LOCKRULES();
	fresh_stats();
	spin_lock_init(&i_lock);
	spin_lock(&i_lock);
	lr_set(&obs, LR_i_lock, lr_spin_state(&i_lock));
	reports = check_expecting(LR_OP_super_drop_inode, &obs, &problems);
	spin_unlock(&i_lock);
	KT_ASSERT_EQ(reports, 0);
	KT_ASSERT_EQ(problems, 0);
	KT_ASSERT(report_has("LOCKRULE super.drop_inode i_lock=held in_atomic=held calls=1"),
		  "missing line in:\n%s", report);
}

KTEST(lockrules_rename_with_and_without_rename_sem)
{
	static struct mutex rename_sem;
	static struct rw_semaphore old_dir, new_dir, victim;
	struct lr_observed cross = { 0 }, same = { 0 };
	unsigned problems1, problems2, reports;

	REQUIRE_LOCKRULES();
	fresh_stats();
	mutex_init(&rename_sem);
	init_rwsem(&old_dir);
	init_rwsem(&new_dir);
	init_rwsem(&victim);

	/* Across directories, onto an existing name: everything held. */
	mutex_lock(&rename_sem);
	down_write(&old_dir);
	down_write(&new_dir);
	down_write(&victim);
	lr_set(&cross, LR_i_rwsem, lr_rwsem_state(&old_dir));
	lr_set(&cross, LR_i_rwsem_victim, lr_rwsem_state(&victim));
	lr_set(&cross, LR_s_vfs_rename_sem, lr_mutex_state(&rename_sem));
	reports = check_expecting(LR_OP_inode_rename, &cross, &problems1);
	up_write(&victim);
	up_write(&new_dir);
	up_write(&old_dir);
	mutex_unlock(&rename_sem);

	/* Within one directory, to a free name: no victim, no rename_sem. */
	down_write(&old_dir);
	lr_set(&same, LR_i_rwsem, lr_rwsem_state(&old_dir));
	lr_set(&same, LR_i_rwsem_victim, lr_rwsem_state(&victim));
	lr_set(&same, LR_s_vfs_rename_sem, lr_mutex_state(&rename_sem));
	reports += check_expecting(LR_OP_inode_rename, &same, &problems2);
	up_write(&old_dir);

	KT_ASSERT_EQ(reports, 0);
	KT_ASSERT_EQ(problems1 + problems2, 0);
	KT_ASSERT(report_has("LOCKRULE inode.rename i_rwsem=exclusive i_rwsem_victim=exclusive "
			     "s_vfs_rename_sem=held in_atomic=none calls=1"),
		  "cross-directory line missing in:\n%s", report);
	KT_ASSERT(report_has("LOCKRULE inode.rename i_rwsem=exclusive i_rwsem_victim=none "
			     "s_vfs_rename_sem=none in_atomic=none calls=1"),
		  "same-directory line missing in:\n%s", report);
	KT_ASSERT(report_has("LOCKRULE-END ops=1"), "bad end line in:\n%s", report);
}

KTEST(lockrules_missing_lock_is_a_call_site_bug)
{
	static struct rw_semaphore dir_rwsem;
	struct lr_observed obs = { 0 };
	unsigned problems, first, second;

	REQUIRE_LOCKRULES();
	fresh_stats();
	init_rwsem(&dir_rwsem);
	down_write(&dir_rwsem);
	lr_set(&obs, LR_i_rwsem, lr_rwsem_state(&dir_rwsem));	/* victim, rename_sem left out */
	first = check_expecting(LR_OP_inode_rename, &obs, &problems);
	second = check_expecting(LR_OP_inode_rename, &obs, &problems);
	up_write(&dir_rwsem);
	KT_ASSERT_EQ(first, 1);
	KT_ASSERT_EQ(second, 0);		/* once per operation */
	KT_ASSERT_EQ(problems, 1);
	KT_ASSERT_EQ(lockrule_stats_violations(&test_stats), 2);
	KT_ASSERT_EQ(lockrule_stats_ops_observed(&test_stats), 0);	/* not counted */
}

KTEST(lockrules_rcu_walk_is_atomic)
{
	static struct rw_semaphore inode_rwsem;
	static spinlock_t other_lock;
	struct lr_observed ref = { 0 }, rcu = { 0 }, fake = { 0 }, spin = { 0 };
	unsigned p_ref, p_rcu, p_fake, p_spin, r_ok, r_fake, r_spin;

	REQUIRE_LOCKRULES();
	fresh_stats();
	init_rwsem(&inode_rwsem);
	spin_lock_init(&other_lock);

	lr_set(&ref, LR_i_rwsem, lr_rwsem_state(&inode_rwsem));
	lr_set(&ref, LR_rcu_walk, LRS_none);
	r_ok = check_expecting(LR_OP_inode_permission, &ref, &p_ref);

	rcu_read_lock();
	lr_set(&rcu, LR_i_rwsem, lr_rwsem_state(&inode_rwsem));
	lr_set(&rcu, LR_rcu_walk, LRS_held);
	r_ok += check_expecting(LR_OP_inode_permission, &rcu, &p_rcu);
	rcu_read_unlock();

	/* Claims RCU-walk outside rcu_read_lock(): not atomic, so wrong. */
	lr_set(&fake, LR_i_rwsem, lr_rwsem_state(&inode_rwsem));
	lr_set(&fake, LR_rcu_walk, LRS_held);
	r_fake = check_expecting(LR_OP_inode_permission, &fake, &p_fake);

	/* d_revalidate may sleep in ref-walk, so not under a spinlock. */
	spin_lock(&other_lock);
	lr_set(&spin, LR_rename_lock, LRS_none);
	lr_set(&spin, LR_d_lock, LRS_none);
	lr_set(&spin, LR_rcu_walk, LRS_none);
	r_spin = check_expecting(LR_OP_dentry_d_revalidate, &spin, &p_spin);
	spin_unlock(&other_lock);

	KT_ASSERT_EQ(r_ok, 0);
	KT_ASSERT_EQ(p_ref + p_rcu, 0);
	KT_ASSERT_EQ(r_fake, 1);
	KT_ASSERT_EQ(p_fake, 1);
	KT_ASSERT_EQ(r_spin, 1);
	KT_ASSERT_EQ(p_spin, 1);
	KT_ASSERT(report_has("LOCKRULE inode.permission i_rwsem=none in_atomic=held rcu_walk=held calls=1"),
		  "RCU-walk line missing in:\n%s", report);
	KT_ASSERT(report_has("LOCKRULE inode.permission i_rwsem=none in_atomic=none rcu_walk=none calls=1"),
		  "ref-walk line missing in:\n%s", report);
}

KTEST(lockrules_d_compare_in_rename_lock_section)
{
	static seqlock_t rename_seq;
	struct lr_observed in = { 0 }, out = { 0 }, writer = { 0 };
	unsigned p_in, p_out, p_writer, r_in, r_out, r_writer;

	REQUIRE_LOCKRULES();
	fresh_stats();
	seqlock_init(&rename_seq);

	(void)read_seqbegin(&rename_seq);
	lr_set(&in, LR_rename_lock, lr_seqcount_state(&rename_seq.seqcount, true));
	lr_set(&in, LR_d_lock, LRS_none);
	lr_set(&in, LR_rcu_walk, LRS_none);
	r_in = check_expecting(LR_OP_dentry_d_compare, &in, &p_in);

	lr_set(&out, LR_rename_lock, lr_seqcount_state(&rename_seq.seqcount, false));
	lr_set(&out, LR_d_lock, LRS_none);
	lr_set(&out, LR_rcu_walk, LRS_none);
	r_out = check_expecting(LR_OP_dentry_d_compare, &out, &p_out);

	write_seqlock(&rename_seq);
	lr_set(&writer, LR_rename_lock, lr_seqcount_state(&rename_seq.seqcount, false));
	lr_set(&writer, LR_d_lock, LRS_none);
	lr_set(&writer, LR_rcu_walk, LRS_none);
	r_writer = check_expecting(LR_OP_dentry_d_compare, &writer, &p_writer);
	write_sequnlock(&rename_seq);

	KT_ASSERT_EQ(r_in, 0);
	KT_ASSERT_EQ(p_in, 0);
	KT_ASSERT_EQ(r_out, 1);
	KT_ASSERT_EQ(r_writer, 1);
	KT_ASSERT(report_has("LOCKRULE dentry.d_compare rename_lock=read d_lock=none in_atomic=none "
			     "rcu_walk=none calls=1"), "read-section line missing in:\n%s", report);
	KT_ASSERT(report_has("LOCKRULE dentry.d_compare rename_lock=write d_lock=none in_atomic=held "
			     "rcu_walk=none calls=1"), "writer line missing in:\n%s", report);
}

KTEST(lockrules_b_end_io_is_atomic)
{
	struct lr_observed irq = { 0 }, task = { 0 };
	unsigned p_irq, p_task, r_irq, r_task;
	unsigned long flags;

	REQUIRE_LOCKRULES();
	fresh_stats();
	local_irq_save(flags);
	r_irq = check_expecting(LR_OP_buffer_head_b_end_io, &irq, &p_irq);
	local_irq_restore(flags);
	r_task = check_expecting(LR_OP_buffer_head_b_end_io, &task, &p_task);
	KT_ASSERT_EQ(r_irq, 0);
	KT_ASSERT_EQ(p_irq, 0);
	KT_ASSERT_EQ(r_task, 1);
	KT_ASSERT(report_has("LOCKRULE buffer_head.b_end_io in_atomic=held calls=1"),
		  "missing line in:\n%s", report);
}

KTEST(lockrules_vm_ops_under_mmap_lock)
{
	static struct rw_semaphore mmap_lock;
	static spinlock_t ptl;
	struct lr_observed fault = { 0 }, map = { 0 }, nomap = { 0 };
	unsigned p_fault, p_map, p_nomap, r_ok, r_nomap;

	REQUIRE_LOCKRULES();
	fresh_stats();
	init_rwsem(&mmap_lock);
	spin_lock_init(&ptl);
	down_read(&mmap_lock);
	lr_set(&fault, LR_mmap_lock, lr_rwsem_rw_state(&mmap_lock));
	r_ok = check_expecting(LR_OP_vm_fault, &fault, &p_fault);
	spin_lock(&ptl);
	lr_set(&map, LR_mmap_lock, lr_rwsem_rw_state(&mmap_lock));
	r_ok += check_expecting(LR_OP_vm_map_pages, &map, &p_map);
	spin_unlock(&ptl);
	lr_set(&nomap, LR_mmap_lock, lr_rwsem_rw_state(&mmap_lock));
	r_nomap = check_expecting(LR_OP_vm_map_pages, &nomap, &p_nomap);	/* no ptl */
	up_read(&mmap_lock);
	KT_ASSERT_EQ(r_ok, 0);
	KT_ASSERT_EQ(p_fault + p_map, 0);
	KT_ASSERT_EQ(r_nomap, 1);
	KT_ASSERT(report_has("LOCKRULE vm.fault mmap_lock=read in_atomic=none calls=1"),
		  "fault line missing in:\n%s", report);
	KT_ASSERT(report_has("LOCKRULE vm.map_pages mmap_lock=read in_atomic=held calls=1"),
		  "map_pages line missing in:\n%s", report);
}

/*
 * inode.permission names i_rwsem (6 possible states) and rcu_walk (2): 12
 * combinations, more than LR_MAX_COMBOS (8). The first 8 are kept, in call
 * order; the rest count as overflow and, when wrong, are reported at every
 * call since they cannot be remembered. States are set by hand: no lock can
 * be "read" or "write" as an i_rwsem.
 */
KTEST(lockrules_combo_table_overflow)
{
	unsigned reports[2];

	REQUIRE_LOCKRULES();
	fresh_stats();
	_Static_assert(LR_MAX_COMBOS == 8, "the counts below assume 8 combinations per op");
	for (unsigned pass = 0; pass < 2; pass++) {
		lockdep_expect_begin();
		for (unsigned rcu = 0; rcu < 2; rcu++) {
			for (unsigned s = 0; s < LRS_NR_STATES; s++) {
				struct lr_observed obs = { 0 };

				lr_set(&obs, LR_i_rwsem, (enum lr_state)s);
				lr_set(&obs, LR_rcu_walk, rcu ? LRS_held : LRS_none);
				lockrule_check_stats(&test_stats, LR_OP_inode_permission, &obs);
			}
		}
		reports[pass] = lockdep_expect_end();
	}
	/*
	 * Wrong: i_rwsem held/read/write (either walk), and in_atomic=none in
	 * RCU-walk. Pass 1 reports every wrong lock of a new or untracked
	 * combination: ref-walk 1+1+1, RCU-walk 1+2+1+1+2+2, 12 in all.
	 * Pass 2 reports only the untracked ones: RCU-walk with shared,
	 * exclusive, read and write, 1+1+2+2.
	 */
	KT_ASSERT_EQ(reports[0], 12);
	KT_ASSERT_EQ(reports[1], 6);
	KT_ASSERT_EQ(lockrule_stats_violations(&test_stats), 18);
	KT_ASSERT(report_has("lockrule: inode.permission: 8 calls in further combinations (table full)"),
		  "overflow line missing in:\n%s", report);
	KT_ASSERT(report_has("LOCKRULE inode.permission i_rwsem=held in_atomic=none rcu_walk=held calls=2"),
		  "last kept combination missing in:\n%s", report);
}

/* ---- concurrent counting ------------------------------------------------ */

#define CONCURRENT_CALLS 1000

/* Half the calls with preemption off, half with it on: two combinations. */
static void count_worker(void *arg, unsigned i)
{
	for (unsigned n = 0; n < CONCURRENT_CALLS; n++) {
		struct lr_observed obs = { 0 };

		lr_set(&obs, LR_rename_lock, LRS_none);
		lr_set(&obs, LR_d_lock, LRS_none);
		lr_set(&obs, LR_rcu_walk, LRS_none);
		if (n & 1) {
			preempt_disable();
			lockrule_check_stats(&test_stats, LR_OP_dentry_d_hash, &obs);
			preempt_enable();
		} else {
			lockrule_check_stats(&test_stats, LR_OP_dentry_d_hash, &obs);
		}
	}
}

KTEST(lockrules_counts_exact_on_all_cpus)
{
	unsigned threads = 2 * nr_cpus_online;
	unsigned long each = (unsigned long)threads * CONCURRENT_CALLS / 2;
	char atomic_line[128], task_line[128];

	REQUIRE_LOCKRULES();
	fresh_stats();
	KT_ASSERT_EQ(ktest_run_threads(count_worker, NULL, threads), 0);
	snprintf(atomic_line, sizeof(atomic_line), "LOCKRULE dentry.d_hash rename_lock=none "
		 "d_lock=none in_atomic=held rcu_walk=none calls=%lu", each);
	snprintf(task_line, sizeof(task_line), "LOCKRULE dentry.d_hash rename_lock=none "
		 "d_lock=none in_atomic=none rcu_walk=none calls=%lu", each);
	KT_ASSERT(report_has(atomic_line), "want \"%s\" in:\n%s", atomic_line, report);
	KT_ASSERT(report_has(task_line), "want \"%s\" in:\n%s", task_line, report);
	KT_ASSERT_EQ(lockrule_stats_violations(&test_stats), 0);
}

KTEST(lockrules_report_truncates_cleanly)
{
	static struct rw_semaphore dir_rwsem;
	struct lr_observed obs = { 0 };
	char small[24];
	size_t n;

	REQUIRE_LOCKRULES();
	fresh_stats();
	init_rwsem(&dir_rwsem);
	down_write(&dir_rwsem);
	lr_set(&obs, LR_i_rwsem, lr_rwsem_state(&dir_rwsem));
	lockrule_check_stats(&test_stats, LR_OP_inode_mknod, &obs);
	up_write(&dir_rwsem);
	n = lockrule_format_stats(&test_stats, small, sizeof(small));
	KT_ASSERT_EQ(n, sizeof(small) - 1);
	KT_ASSERT_EQ(strlen(small), n);
	KT_ASSERT(!strncmp(small, "LOCKRULE inode.mknod", 20), "got \"%s\"", small);
	KT_ASSERT_EQ(lockrule_format_stats(&test_stats, small, 0), 0);
}
