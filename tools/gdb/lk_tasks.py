"""lk-ps and lk-locks: tasks, what they wait for, and the locks they hold.

Reads the task list (kernel/sched/kthread.c), each task's blocked_kind /
blocked_on (set by the sleeping primitives), and lockdep's held-lock stack
(task_struct.held_locks, kernel/sync/lockdep.h) with each entry's class.
"""
import gdb
from lk_util import (LkCommand, LkError, out, addr_of, ptr, char_array, cstring,
                     task_name, all_tasks, cpu_currents, current_cpu, thread_cpus,
                     find_task, lock_class_name, map_name, rwsem_state, mutex_state,
                     symbolize, data_symbol, enum_names, has_type, container_of, offset_of,
                     TASK_STATES, split_args, lookup_type)


def blocked_text(t):
    """'-' or 'mutex 0x... (&sb->s_vfs_rename_sem, held by ktest/2)'."""
    kind_p = t["blocked_kind"]
    if addr_of(kind_p) == 0:
        return "-"
    kind = cstring(kind_p, 64)
    on = addr_of(t["blocked_on"])
    if on == 0:
        return kind
    text = "%s 0x%x" % (kind, on)
    try:
        if kind == "mutex":
            m = ptr(on, "struct mutex").dereference()
            return "%s (%s, %s)" % (text, map_name(m["dep_map"]), mutex_state(m))
        if kind.startswith("rwsem"):
            s = ptr(on, "struct rw_semaphore").dereference()
            return "%s (%s, %s)" % (text, map_name(s["dep_map"]), rwsem_state(s)[0])
        if kind == "waitqueue":
            wq = ptr(on, "struct wait_queue_head").dereference()
            return "%s (%s)" % (text, map_name(wq["lock"]["dep_map"]))
        if kind.startswith("folio") and has_type("struct folio"):
            f = ptr(on, "struct folio").dereference()
            m = addr_of(f["mapping"])
            host = ptr(m, "struct address_space").dereference()["host"] if m else None
            return "%s (index %d of inode %s)" % (
                text, int(f["index"]), "0x%x" % addr_of(host) if host is not None else "none")
        if kind.startswith("buffer") and has_type("struct buffer_head"):
            bh = ptr(on, "struct buffer_head").dereference()
            return "%s (block %d)" % (text, int(bh["b_blocknr"]))
        if kind == "completion" and has_type("struct completion"):
            c = ptr(on, "struct completion").dereference()
            return "%s (%s)" % (text, map_name(c["wait"]["lock"]["dep_map"]))
    except gdb.MemoryError:
        return text + " (unreadable)"
    sym = data_symbol(on)
    return "%s (%s)" % (text, sym) if sym else text


class LkPs(LkCommand):
    """List the kernel's tasks: lk-ps

Columns: PID, COMM, S (R running or runnable, S interruptible sleep,
D uninterruptible sleep, Z a zombie process its parent has not reaped,
X dead), CPU (its run queue; * = running there
right now), the task_struct address, and what it is blocked on: the kind
(mutex, rwsem (write), waitqueue, completion, timer, rcu grace period,
folio_lock / folio_wait_locked / folio_writeback with the folio's index
and inode, buffer_lock / buffer_wait with the block number) and
the object's address, with the lock's class name and holder for a mutex or
an rw_semaphore. Use the address with lk-locks, or `p *(struct task_struct *)ADDR`."""

    NAME = "lk-ps"

    def run(self, arg):
        if arg.strip():
            raise LkError("takes no arguments")
        currents = {addr_of(t): cpu for cpu, t in cpu_currents().items()}
        out("  PID COMM             S CPU  TASK               BLOCKED ON")
        for t in all_tasks():
            state = int(t["state"])
            running = addr_of(t) in currents
            cpu = int(t["cpu"])
            letter = TASK_STATES.get(state, "?")
            if int(t["exit_state"]) == 16:	# EXIT_ZOMBIE (kernel/user/process.h)
                letter = "Z"
            out("%5d %-16s %s %3d%s %-18s %s" % (
                int(t["pid"]), char_array(t["comm"]), letter,
                cpu, "*" if running else " ", "0x%x" % addr_of(t), blocked_text(t)))


def lock_mode(kind, read, kind_names):
    """The mode as lockdep's reports print it (lock_mode_name())."""
    k = kind_names.get(kind, "")
    return {"LD_SPIN": "spin", "LD_MUTEX": "mutex",
            "LD_RWSEM": "rwsem-read" if read else "rwsem-write",
            "LD_SEQLOCK": "seqlock", "LD_RCU": "rcu"}.get(k, "other")


# Where a lock of a class lives: the struct holding it, found from the
# class name's last word, so a held lock can say "on inode 0x... ino 7".
OWNERS = [
    ("i_rwsem", "struct inode", "i_rwsem.dep_map"),
    ("i_lock", "struct inode", "i_lock.dep_map"),
    ("invalidate_lock", "struct inode", "i_data.invalidate_lock.dep_map"),
    ("s_vfs_rename_sem", "struct super_block", "s_vfs_rename_sem.dep_map"),
    ("s_umount", "struct super_block", "s_umount.dep_map"),
    ("s_umount_key", "struct super_block", "s_umount.dep_map"),
    ("d_lock", "struct dentry", "d_lock.dep_map"),
]


LOCK_TYPES = {"LD_SPIN": "spinlock_t", "LD_MUTEX": "struct mutex",
              "LD_RWSEM": "struct rw_semaphore", "LD_SEQLOCK": "seqcount_t"}


def static_lock(inst, kind_name):
    """'static lock rename_lock' when the lock holding the map is a global."""
    t = LOCK_TYPES.get(kind_name)
    addr = inst
    if t is not None and has_type(t):
        try:
            addr = inst - offset_of(t, "dep_map")
        except LkError:
            pass
    sym = data_symbol(addr) or data_symbol(inst)
    return "static lock " + sym if sym else ""


def owner_object(name, inst, kind_name):
    """'inode 0x... ino 7' for a lock inside a known struct, else the symbol."""
    base = name.split("/")[0].split("->")[-1].split(".")[-1]
    for word, type_name, member in OWNERS:
        if base != word or not has_type(type_name):
            continue
        try:
            o = container_of(inst, type_name, member).dereference()
            if type_name == "struct inode":
                return "inode 0x%x ino %d" % (addr_of(o.address), int(o["i_ino"]))
            if type_name == "struct super_block":
                return "super_block 0x%x (%s)" % (addr_of(o.address),
                                                   cstring(o["s_type"]["name"], 32))
            if type_name == "struct dentry":
                return 'dentry 0x%x "%s"' % (addr_of(o.address), cstring(o["d_name"]["name"], 64))
        except (gdb.error, LkError):
            return ""
    return static_lock(inst, kind_name)


def held_lock_lines(t):
    """The lines of one task's held-lock stack, as lockdep's reports print it."""
    depth = int(t["lockdep_depth"])
    hl = t["held_locks"]
    maxd = hl.type.strip_typedefs().range()[1] + 1
    kinds = enum_names("enum lock_kind")
    lines = []
    if depth < 0 or depth > maxd:
        return ["  (lockdep_depth %d is out of range: the stack is being changed)" % depth]
    for i in range(depth):
        try:
            lines.append(held_lock_line(i, hl[i], kinds))
        except gdb.MemoryError as e:
            lines.append(" #%d: (unreadable: %s)" % (i, e))
    return lines


def held_lock_line(i, h, kinds):
    """One entry: ' #N: MAP (CLASS){MODE}, at: SITE', and the lock's owner."""
    inst = addr_of(h["instance"])
    cls = h["class"]
    if addr_of(cls):
        name = lock_class_name(cls)
        kind = int(cls["kind"])
    else:
        m = ptr(inst, "struct lockdep_map").dereference()
        name = cstring(m["name"])
        kind = int(m["kind"])
    read = int(h["read"])
    mode = lock_mode(kind, read, kinds)
    extra = []
    if int(h["trylock"]):
        extra.append("trylock")
    if int(h["hardirqs_off"]):
        extra.append("irqs off")
    if int(h["contended_at"]):
        extra.append("contended")
    where = owner_object(name, inst, kinds.get(kind, ""))
    line = " #%d: 0x%x (%s){%s}, at: %s" % (i, inst, name, mode, symbolize(h["acquire_ip"]))
    if extra:
        line += " (%s)" % ", ".join(extra)
    if where:
        line += "\n       lock in %s" % where
    return line


def cpu_lines():
    """'CPU n: comm/pid (gdb thread m)' for each CPU."""
    here = current_cpu()
    threads = thread_cpus()
    lines = []
    for cpu, cur in sorted(cpu_currents().items()):
        th = threads.get(cpu)
        note = []
        if th is not None:
            note.append("gdb thread %d" % th)
        if cpu == here:
            note.append("gdb is stopped here")
        lines.append("CPU %d: %s%s" % (cpu, task_name(cur),
                                       " (%s)" % ", ".join(note) if note else ""))
    return lines


class LkLocks(LkCommand):
    """Held locks, from lockdep's records: lk-locks [PID|COMM|TASK-ADDRESS]

Without an argument: every task that holds a lock, then which task runs on
each CPU. With one: that task's stack, also when it holds nothing. One line
per lock, oldest first, in lockdep's report format:
  #N: MAP (CLASS[/SUBCLASS]){MODE}, at: FUNCTION+OFF/SIZE [file:line]
MAP is the address of the lock's lockdep_map (its dep_map). MODE is spin, mutex, rwsem-read, rwsem-write, seqlock (a write section) or
rcu; "at" is where the lock function was called (the acquire site). A lock
inside an inode, a superblock or a dentry names that object too.
Idle tasks share pid 0: name them swapper/N."""

    NAME = "lk-locks"

    def run(self, arg):
        args = split_args(arg)
        if len(args) > 1:
            raise LkError("takes at most one task (pid, comm or address)")
        if args:
            t = find_task(args[0])
            self.show(t, always=True)
            return
        idle = []
        for t in all_tasks():
            if not self.show(t, always=False):
                idle.append(task_name(t))
        if idle:
            out("no locks held by: %s" % ", ".join(idle))
        out("")
        for line in cpu_lines():
            out(line)

    def show(self, t, always):
        depth = int(t["lockdep_depth"])
        if depth == 0 and not always:
            return False
        running = [c for c, cur in cpu_currents().items() if addr_of(cur) == addr_of(t)]
        where = "running on CPU %d" % running[0] if running else "not running"
        if depth == 0:
            out("no locks held by %s (task 0x%x, %s)." % (task_name(t), addr_of(t), where))
            return False
        out("%d lock%s held by %s (task 0x%x, %s):" % (
            depth, "s" if depth != 1 else "", task_name(t), addr_of(t), where))
        for line in held_lock_lines(t):
            out(line)
        return True


def current_task_ptr():
    """The task on the CPU gdb stopped on, as a struct task_struct * (NULL
    before that CPU has one), read through the CPU's GS base."""
    task_p = lookup_type("struct task_struct").pointer()
    gs = int(gdb.parse_and_eval("$gs_base")) & 0xffffffffffffffff
    if gs == 0:
        return gdb.Value(0).cast(task_p)
    # The cast gives the complete type: struct percpu only declares it.
    return ptr(gs, "struct percpu").dereference()["current_task"].cast(task_p)


class LkCurrent(gdb.Function):
    """The task running on the CPU gdb stopped on: $lk_current()

A struct task_struct *, NULL before that CPU has a task:
  p $lk_current()->comm
(In a condition, gdb cannot follow -> from a function's result on the
right of && or ||; $lk_blocked() is made for conditions.)"""

    def __init__(self):
        super().__init__("lk_current")

    def invoke(self):
        try:
            return current_task_ptr()
        except gdb.error as e:
            raise gdb.GdbError("$lk_current: cannot read the current task (%s)" % e)


class LkBlocked(gdb.Function):
    """Whether the current task is marked as blocking: $lk_blocked([KIND])

1 when the task running on the CPU gdb stopped on has its blocked_kind
set (it is about to sleep, or sleeps) and, with KIND, the kind starts
with KIND ("mutex", "rwsem", "waitqueue", "completion"); else 0. Made for
breakpoint conditions:
  break schedule if $lk_blocked("mutex")"""

    def __init__(self):
        super().__init__("lk_blocked")

    def invoke(self, kind=None):
        try:
            want = kind.string() if kind is not None else None
        except gdb.error:
            raise gdb.GdbError('$lk_blocked: KIND is a string, e.g. $lk_blocked("mutex")')
        try:
            t = current_task_ptr()
            if addr_of(t) == 0 or addr_of(t["blocked_kind"]) == 0:
                return 0
            return int(want is None or cstring(t["blocked_kind"], 64).startswith(want))
        except gdb.error as e:
            raise gdb.GdbError("$lk_blocked: cannot read the current task (%s)" % e)


def register():
    LkPs()
    LkLocks()
    LkCurrent()
    LkBlocked()
