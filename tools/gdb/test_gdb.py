#!/usr/bin/env python3
"""Batch tests of the gdb helpers (tools/gdb/lockstep.py) against a booted kernel.

Run on the host (make check does, through tools/check):

    tools/gdb/test_gdb.py [--kernel build/kernel.elf] [--out build/check/gdb]

For each scenario it copies the kernel (so a rebuild meanwhile cannot mix
two kernels), makes an ISO with the scenario's command line, boots it with
`tools/run-qemu --gdb --gdb-port PORT` headless, and runs
`gdb -batch -nx -x tools/gdb/test_gdb.py`: this same file, which under gdb
drives the kernel to a breakpoint, runs the lk-* commands and checks their
output against what gdb itself reads. Every check prints one line,
"GDBTEST PASS name" or "GDBTEST FAIL name: why"; the host adds a FAIL for
any expected test that did not report (gdb died, the kernel finished
early) and exits 1 if anything failed. gdb's whole output is kept in
OUT/SCENARIO.gdb.log, the serial console in OUT/SCENARIO.log.

Scenarios (--scenario picks some):
  rename     ktest=vfs_rename_rules: stop in vfs_rename for the cross-directory
             rename of /t-vfs4/a to /t-vfs4/d/sub/moved; every helper, and
             each one's refusal of bad input
  inversion  ktest=lockdep_abba_inversion: stop in print_circular_bug, as
             docs/gdb.md does
  contention ktest=vfs_rename_race_on_all_cpus: stop when a task goes to sleep
             on a mutex; lk-ps and lk-locks must say on which, held by whom
  docs       the examples of docs/*.md marked as runnable (tools/gdb/doccheck.py)
"""
import os
import re
import sys

try:
    import gdb
except ImportError:
    gdb = None

SCENARIOS = {
    "rename": "ktest=vfs_rename_rules",
    "inversion": "ktest=lockdep_abba_inversion",
    "contention": "ktest=vfs_rename_race_on_all_cpus",
    "shell": "",            # a normal boot: init, /etc/rc, the login shell
}

# Lines typed at the shell's prompt during a scenario (run-qemu --input).
SCENARIO_INPUT = {"shell": "stat /etc"}

# The tests each scenario must report, in order (the host checks them all came).
EXPECTED = {
    "rename": ["load", "not-connected", "connect", "before-paging", "break-vfs_rename",
               "lk-locks", "lk-locks-inodes", "lk-locks-task", "lk-locks-cpus", "lk-ps",
               "lk-dentry", "lk-dentry-deep", "lk-dcache", "lk-inode", "lk-mounts",
               "lk-dentry-mounts", "lk-sb", "lk-vma", "lk-rules", "lk-lockclass", "lk-lockclass-rename-sem",
               "lk-break-lock-release", "lk-rules-after", "lk-break-lock-acquire",
               "lk-break-lock-list", "bad-input", "help"],
    "inversion": ["inversion-" + n for n in ("load", "not-connected", "connect", "break",
                                              "lk-locks", "lk-lockclass", "recorded")],
    "contention": ["contention-" + n for n in ("load", "not-connected", "connect", "break",
                                                "lk-ps", "lk-locks")],
    "shell": ["shell-" + n for n in ("load", "not-connected", "connect", "break", "lk-ps",
                                      "lk-dentry-stat")],
}


# ===================================================================== gdb side

class Checker:
    def __init__(self, prefix=""):
        self.failed = 0
        self.prefix = prefix

    def result(self, name, ok, why=""):
        name = self.prefix + name
        if ok:
            print("GDBTEST PASS %s" % name, flush=True)
        else:
            self.failed += 1
            why = " | ".join(l for l in str(why).splitlines() if l.strip())[:1500]
            print("GDBTEST FAIL %s: %s" % (name, why), flush=True)
        return ok

    def check(self, name, fn):
        """Run fn() -> None or a failure reason; an exception is a failure."""
        try:
            why = fn()
        except Exception as e:  # the test must report, whatever happens
            why = "%s: %s" % (type(e).__name__, e)
        return self.result(name, not why, why)


def run(cmd):
    """(output, None) or ("", error message)."""
    try:
        return gdb.execute(cmd, to_string=True), None
    except gdb.error as e:
        return "", str(e)


def must(cmd):
    text, err = run(cmd)
    if err is not None:
        raise AssertionError("`%s` failed: %s" % (cmd, err))
    print("(gdb) %s\n%s" % (cmd, text), end="" if text.endswith("\n") else "\n", flush=True)
    return text


def val(expr):
    return int(gdb.parse_and_eval(expr)) & 0xffffffffffffffff


def frame_name():
    try:
        return gdb.selected_frame().name() or "?"
    except gdb.error:
        return "?"


def setup(c, port, kernel):
    """Load the helpers, check they refuse to work unconnected, connect."""
    for cmd in ("set pagination off", "set confirm off", "set width 0",
                "set tcp connect-timeout 30"):
        run(cmd)
    here = os.path.dirname(os.path.abspath(os.environ["LK_GDB_HELPERS"]))
    if here not in sys.path:
        sys.path.insert(0, here)

    def load():
        must("file " + kernel)
        must("source " + os.environ["LK_GDB_HELPERS"])
        if "lk-ps" not in run("help lk-ps")[0]:
            return "help lk-ps does not describe the command"
    if not c.check("load", load):
        return False

    def not_connected():
        _, err = run("lk-ps")
        if err is None or "not connected" not in err:
            return "lk-ps without a target: expected 'not connected', got %r" % err
    c.check("not-connected", not_connected)

    def connect():
        must("target remote localhost:%d" % port)
    return c.check("connect", connect)


def cont(expect):
    """Continue until gdb stops in function `expect`; the stop's text."""
    text = must("continue")
    if frame_name() != expect:
        raise AssertionError("stopped in %s, not %s:\n%s" % (frame_name(), expect, text))
    return text


BAD_INPUT = [
    ("lk-locks 999999", "no task"),
    ("lk-locks a b", "at most one"),
    ("lk-locks \"unterminated", ""),
    ("lk-ps extra", "no arguments"),
    ("lk-dentry", "usage"),
    ("lk-dentry relative/path", "not absolute"),
    ("lk-dentry /t-vfs4/no-such-name", "not in the dcache"),
    ("lk-dcache 0x10", "cannot read"),
    ("lk-dcache --depth x", "needs a number"),
    ("lk-inode", "usage"),
    ("lk-inode 0", "NULL"),
    ("lk-inode 0x10", "cannot read"),
    ("lk-inode no_such_symbol_anywhere", "cannot evaluate"),
    ("lk-lockclass no-such-class", "no lock class"),
    ("lk-lockclass a b", "one class"),
    ("lk-rules no.such_op", "no operation"),
    ("lk-rules a b", "one operation"),
    ("lk-mounts extra", "no arguments"),
    ("lk-sb extra", "no arguments"),
    ("lk-break-lock x bogus", "unknown event"),
    ("lk-break-lock a b c", "usage"),
    ("p $lk_blocked(5)", "KIND is a string"),
]


def bad_input():
    """Each command fails with one line naming itself, never a traceback."""
    problems = []
    for cmd, want in BAD_INPUT:
        text, err = run(cmd)
        name = cmd[2:].split("(")[0] if cmd.startswith("p $") else cmd.split()[0]
        if err is None:
            problems.append("`%s` did not fail (printed %r)" % (cmd, text[:200]))
        elif "Python" in err or "Traceback" in err or not err.startswith(name + ":"):
            problems.append("`%s` failed badly: %r" % (cmd, err))
        elif want and want not in err:
            problems.append("`%s`: expected %r in %r" % (cmd, want, err))
    return "; ".join(problems)


def scenario_rename(c):
    def before_paging():
        _, err = run("lk-ps")
        if err is None or "not mapped yet" not in err:
            return "lk-ps at reset: expected 'not mapped yet', got %r" % err
        text, err = run("lk-break-lock &type->i_rwsem/2 contend")
        if err is not None or "stops at lock_contended" not in text:
            return "lk-break-lock at reset: %r" % (err or text)
        must("delete")
    c.check("before-paging", before_paging)

    # The cross-directory rename: the only renames whose parents differ are
    # /t-vfs4/a -> /t-vfs4/d/sub/moved and then b onto it.
    def stop_in_rename():
        must("break vfs_rename if old_dir != new_dir")
        cont("vfs_rename")
        newpath = gdb.selected_frame().older().read_var("newpath").string()
        if newpath != "/t-vfs4/d/sub/moved":
            return "first cross-directory rename is to %r" % newpath
    if not c.check("break-vfs_rename", stop_in_rename):
        return
    old_dir, new_dir = val("old_dir"), val("new_dir")
    old_ino, new_ino = val("old_dir->i_ino"), val("new_dir->i_ino")
    old_parent = val("old->d_parent")
    sem_map = val("&old_dir->i_sb->s_vfs_rename_sem.dep_map")
    state = {}

    def lk_locks():
        text = must("lk-locks")
        state["locks"] = text
        if not re.search(r"\(&sb->s_vfs_rename_sem\)\{mutex\}, at: lock_rename\+", text):
            return "no s_vfs_rename_sem {mutex} taken in lock_rename"
        rw = re.findall(r"\(&type->i_rwsem/\d\)\{rwsem-write\}, at: lock_rename\+", text)
        if len(rw) != 2:
            return "expected both parents' &type->i_rwsem/N {rwsem-write}, found %d" % len(rw)
        if not re.search(r"3 locks held by ktest/\d+", text):
            return "no '3 locks held by ktest/N' line"
    c.check("lk-locks", lk_locks)

    def lk_locks_inodes():
        text = state.get("locks", "")
        inodes = set(int(a, 16) for a in re.findall(r"lock in inode (0x[0-9a-f]+) ino \d+", text))
        if inodes != {old_dir, new_dir}:
            return "locked inodes %s, but the parents are %s" % (
                sorted(hex(i) for i in inodes), [hex(old_dir), hex(new_dir)])
        if not re.search(r"lock in super_block 0x[0-9a-f]+ \(tmpfs\)", text):
            return "s_vfs_rename_sem not attributed to the tmpfs super_block"
    c.check("lk-locks-inodes", lk_locks_inodes)

    def lk_locks_task():
        text = must("lk-locks ktest")
        if text.count("rwsem-write") != 2 or "s_vfs_rename_sem" not in text:
            return "lk-locks ktest does not show the same three locks"
        text = must("lk-locks swapper/0")
        if "no locks held by swapper/0" not in text:
            return "swapper/0 should hold nothing: %r" % text[:200]
    c.check("lk-locks-task", lk_locks_task)

    def lk_locks_cpus():
        text = state.get("locks", "")
        if not re.search(r"CPU \d+: ktest/\d+ \(gdb thread \d+, gdb is stopped here\)", text):
            return "no 'CPU n: ktest/N (gdb thread m, gdb is stopped here)' line"
        # The other CPU runs its idle task, or whatever it was doing when
        # gdb stopped it (the RCU grace-period thread, say).
        others = [l for l in re.findall(r"CPU \d+: (\S+)", text) if not l.startswith("ktest/")]
        if not others:
            return "the other CPU is not listed"
    c.check("lk-locks-cpus", lk_locks_cpus)

    def lk_ps():
        text = must("lk-ps")
        me = val("((struct percpu *)$gs_base)->current_task")
        m = re.search(r"^\s+(\d+) ktest\s+R\s+\d+\* (0x[0-9a-f]+) -$", text, re.M)
        if not m:
            return "no running 'ktest' line (pid, R, CPU*, task, not blocked)"
        if int(m.group(2), 16) != me:
            return "ktest's task is %s but gdb's current task is %#x" % (m.group(2), me)
        if not re.search(r"^\s+0 swapper/0\s+[RSD]", text, re.M):
            return "no swapper/0 line"
    c.check("lk-ps", lk_ps)

    def lk_dentry():
        text = must("lk-dentry /t-vfs4")
        last = text.strip().splitlines()[-1]
        m = re.match(r"/t-vfs4\s+dentry (0x[0-9a-f]+) d_count=\d+ d_flags=0x[0-9a-f]+ \(.*HASHED.*\) "
                     r"inode (0x[0-9a-f]+) i_ino=(\d+) dir$", last)
        if not m:
            return "unexpected line %r" % last
        if (int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))) != (old_parent, old_dir, old_ino):
            return "dentry/inode/i_ino %s, gdb says %#x %#x %d" % (m.groups(), old_parent, old_dir, old_ino)
        if not text.startswith("/ "):
            return "the walk does not start at /"
    c.check("lk-dentry", lk_dentry)

    def lk_dentry_deep():
        text = must("lk-dentry /t-vfs4/./d/../d/sub")
        last = text.strip().splitlines()[-1]
        m = re.search(r"inode (0x[0-9a-f]+) i_ino=(\d+) dir$", last)
        if not m or (int(m.group(1), 16), int(m.group(2))) != (new_dir, new_ino):
            return "last line %r, but new_dir is %#x ino %d" % (last, new_dir, new_ino)
    c.check("lk-dentry-deep", lk_dentry_deep)

    def lk_dcache():
        text = must("lk-dcache --depth 1")
        if not re.search(r"^/ ", text) or not re.search(r"^  t-vfs4 ", text, re.M):
            return "the root's listing does not start at / or lacks t-vfs4"
        text = must("lk-dcache old->d_parent")
        for pat in (r"^t-vfs4 ", r"^  a ", r"^  d ", r"^    sub ", r"^      moved .*negative"):
            if not re.search(pat, text, re.M):
                return "no line matching %r under /t-vfs4" % pat
        text = must("lk-dcache old->d_parent --max 2")
        if "more dentries not shown" not in text:
            return "--max 2 does not say what it left out"
    c.check("lk-dcache", lk_dcache)

    def lk_inode():
        text = must("lk-inode old_dir")
        if not text.startswith("inode 0x%x i_ino=%d on tmpfs" % (old_dir, old_ino)):
            return "first line %r" % text.splitlines()[0]
        if not re.search(r"i_rwsem  0x[0-9a-f]+: write-locked by ktest/\d+ \(count -1\)", text):
            return "i_rwsem not shown write-locked by ktest"
        if "i_mode   040" not in text or not re.search(r"i_lock   0x[0-9a-f]+: free", text):
            return "mode or i_lock line wrong"
        if '"t-vfs4"' not in text:
            return "the alias dentry t-vfs4 is not listed"
    c.check("lk-inode", lk_inode)

    def lk_mounts():
        text = must("lk-mounts")
        if not re.search(r"^0x[0-9a-f]+\s+rootfs\s+/\s+tmpfs\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+\d+ rw \(root\)$",
                         text, re.M):
            return "no root tmpfs line"
    c.check("lk-mounts", lk_mounts)

    def lk_dentry_mounts():
        """Walking onto a mountpoint goes on in the mounted tree."""
        mounts = re.findall(r"^0x[0-9a-f]+\s+\S+\s+(/\S+)\s+\S+\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)",
                            must("lk-mounts"), re.M)
        for where, root in mounts:
            if where == "/":
                continue
            text = must("lk-dentry " + where)
            if not re.search(r"^%s\s+dentry .* \[mountpoint\]$" % re.escape(where), text, re.M):
                return "lk-dentry %s does not mark the mountpoint" % where
            m = re.search(r"^\s+\(mounted root\)\s+dentry (0x[0-9a-f]+) ", text, re.M)
            if not m or int(m.group(1), 16) != int(root, 16):
                return "lk-dentry %s does not end at the mount's root %s" % (where, root)
    c.check("lk-dentry-mounts", lk_dentry_mounts)

    def lk_sb():
        text = must("lk-sb")
        if not re.search(r"^super_block 0x[0-9a-f]+ tmpfs ", text, re.M):
            return "no tmpfs superblock"
        if not re.search(r"s_umount\s+(free|read-locked|write-locked)", text):
            return "no s_umount state"
        if not re.search(r"s_vfs_rename_sem\s+held by ktest/\d+", text):
            return "s_vfs_rename_sem not shown held by ktest"
        if "unfrozen" not in text:
            return "no freeze state"
    c.check("lk-sb", lk_sb)

    def lk_vma():
        _, err = run("lk-vma")
        try:
            gdb.lookup_type("struct mm_struct")
            return None     # a kernel with address spaces: lk-vma has its own tests then
        except gdb.error:
            pass
        if err is None or "not available" not in err:
            return "expected 'not available' without mm_struct, got %r" % err
    c.check("lk-vma", lk_vma)

    def lk_rules():
        text = must("lk-rules inode.rename")
        if not text.startswith("inode.rename: may block"):
            return "first line %r" % text.splitlines()[0]
        if not re.search(r"rule: i_rwsem=exclusive .*s_vfs_rename_sem=none\|held in_atomic=none", text):
            return "rule line wrong"
        if not re.search(r"LOCKRULE inode\.rename i_rwsem=exclusive \S+ s_vfs_rename_sem=none "
                         r"in_atomic=none calls=\d+\s+ok", text):
            return "the same-directory exchange earlier is not among the observed states"
        if must("lk-rules rename") != text:
            return "'lk-rules rename' differs from 'lk-rules inode.rename'"
        if "operations," not in must("lk-rules"):
            return "lk-rules without an argument does not list the operations"
    c.check("lk-rules", lk_rules)

    def lk_lockclass():
        text = must("lk-lockclass &type->i_rwsem")
        if not text.startswith("class &type->i_rwsem (lock_classes["):
            return "first line %r" % text.splitlines()[0]
        after = text.split("taken before")[0]
        if not re.search(r"^    &type->i_rwsem/1$", after, re.M):
            return "&type->i_rwsem/1 is not among the classes taken before it"
        if "subclasses (each a class of its own): &type->i_rwsem/1" not in text:
            return "subclasses not listed"
    c.check("lk-lockclass", lk_lockclass)

    def lk_lockclass_sem():
        text = must('lk-lockclass "&sb->s_vfs_rename_sem"')
        before = text.split("taken before")[1]
        for sub in ("/1", "/2"):
            if not re.search(r"^    &type->i_rwsem%s$" % sub, before, re.M):
                return "&type->i_rwsem%s not taken under s_vfs_rename_sem" % sub
        if "mutex, first initialised at fs/vfs/super.c:" not in text:
            return "kind or init site wrong"
    c.check("lk-lockclass-rename-sem", lk_lockclass_sem)

    def break_release():
        text = must("lk-break-lock &sb->s_vfs_rename_sem release")
        state["bp"] = int(re.search(r"lk-break-lock (\d+):", text).group(1))
        must("delete 1")
        stop = cont("lock_release")
        if not re.search(r"ktest/\d+ on CPU \d+ releases &sb->s_vfs_rename_sem, lock map 0x%x"
                         % sem_map, stop):
            return "stop message wrong: %r" % stop[-400:]
        if "unlock_rename" not in must("bt 4"):
            return "lock_release not called from unlock_rename"
        must("delete %d" % state["bp"])
    c.check("lk-break-lock-release", break_release)

    def rules_after():
        text = must("lk-rules inode.rename")
        if not re.search(r"s_vfs_rename_sem=held in_atomic=none calls=1\s+ok", text):
            return "the cross-directory rename (s_vfs_rename_sem=held) is not counted"
    c.check("lk-rules-after", rules_after)

    def break_acquire():
        must("lk-break-lock &type->i_rwsem/1")
        stop = cont("lock_acquire")
        if not re.search(r"ktest/\d+ on CPU \d+ acquires &type->i_rwsem/1 \(write\), lock map "
                         r"0x[0-9a-f]+, called from lock_rename\+", stop):
            return "stop message wrong: %r" % stop[-400:]
        if val("subclass") != 1:
            return "stopped for subclass %d" % val("subclass")
    c.check("lk-break-lock-acquire", break_acquire)

    def break_list():
        text = must("lk-break-lock")
        if not re.search(r"&type->i_rwsem/1 on acquire \(lock_acquire\), hit 1 times", text):
            return "listing wrong: %r" % text
        text = must("lk-break-lock &inode->i_lock contend")
        if "lock_contended" not in text:
            return "contend breakpoint not on lock_contended"
        must("delete")
    c.check("lk-break-lock-list", break_list)

    c.check("bad-input", bad_input)

    def help_text():
        text = must("lk-help")
        missing = [n for n in ("lk-ps", "lk-locks", "lk-lockclass", "lk-break-lock", "lk-dentry",
                               "lk-dcache", "lk-inode", "lk-mounts", "lk-sb", "lk-vma", "lk-rules")
                   if n not in text or "Undefined" in run("help " + n)[0] + (run("help " + n)[1] or "")]
        if missing:
            return "not listed or without help: %s" % ", ".join(missing)
    c.check("help", help_text)


def scenario_inversion(c):
    """docs/gdb.md, "Catch a lock-order inversion"."""
    def stop():
        must("break print_circular_bug")
        cont("print_circular_bug")
    if not c.check("break", stop):
        return

    def locks():
        text = must("lk-locks ktest")
        if not re.search(r"1 lock held by ktest/\d+.*\n #0: 0x[0-9a-f]+ \(&ab_b\)\{spin\}, at: "
                         r"(lock_pair|ktest_fn_lockdep_abba_inversion)\+.*\n +lock in static lock ab_b$",
                         text, re.M):
            return "expected &ab_b {spin}, the static lock ab_b, taken by the test"
    c.check("lk-locks", locks)

    def lockclass():
        text = must("lk-lockclass &ab_a")
        before = text.split("taken before")[1]
        if not re.search(r"^    &ab_b$", before, re.M):
            return "&ab_b is not listed as taken while &ab_a was held (the first order)"
    c.check("lk-lockclass", lockclass)

    def recorded():
        # The report's breakpoint is of no more use; with two CPUs, QEMU's
        # gdb stub can report the old stop again on the next continue (a
        # stop of the other vCPU at the same breakpoint, queued), so step
        # past a repeated one up to three times.
        must("delete 1")
        must("break lockdep_expect_end")
        for _ in range(3):
            must("continue")
            if frame_name() != "print_circular_bug":
                break
        if frame_name() != "lockdep_expect_end":
            return "stopped in %s, not lockdep_expect_end" % frame_name()
        text = must("lk-lockclass &ab_a")
        if not re.search(r"reported inversions.*\n    &ab_b -> &ab_a", text):
            return "the reported inversion &ab_b -> &ab_a is not listed"
    c.check("recorded", recorded)


def scenario_contention(c):
    """Racing cross-directory renames: a task sleeps on s_vfs_rename_sem."""
    def stop():
        must('break schedule if $lk_blocked("mutex")')
        cont("schedule")
        if val("$lk_blocked()") != 1 or val('$lk_blocked("mutex")') != 1:
            return "$lk_blocked() does not agree with the condition that stopped here"
    if not c.check("break", stop):
        return
    me = val("$lk_current()")
    m = val("$lk_current()->blocked_on")
    mtx = "((struct mutex *)%#x)" % m
    owner = val(mtx + "->owner")

    def ps():
        text = must("lk-ps")
        line = [l for l in text.splitlines() if ("0x%x " % me) in l + " "]
        if len(line) != 1:
            return "no line for the current task %#x" % me
        # D while it sleeps; R when the holder released the mutex (and woke
        # it) between its last check and this call of schedule().
        want = r"\s+[DR]\s+\d+\* 0x%x mutex 0x%x \(([^,]*), (held by ([^\s,)]+)|free)" % (me, m)
        got = re.search(want, line[0])
        if not got:
            return "line %r does not say: sleeping on mutex %#x" % (line[0], m)
        name = gdb.parse_and_eval(mtx + "->dep_map.name").string()
        if got.group(1) != name:
            return "class %r, gdb reads %r" % (got.group(1), name)
        holder = "%s/%d" % (gdb.parse_and_eval("((struct task_struct *)%#x)->comm" % owner).string(),
                            val("((struct task_struct *)%#x)->pid" % owner)) if owner else None
        if (got.group(3) if got.group(3) else None) != holder:
            return "holder %r, gdb reads %r" % (got.group(2), holder)
    c.check("lk-ps", ps)

    def locks():
        text = must("lk-locks 0x%x" % me)
        dep = val("&%s->dep_map" % mtx)
        if not re.search(r"^ #\d+: 0x%x \(&sb->s_vfs_rename_sem\)\{mutex\}, at: lock_rename\+\S+ "
                         r"\[fs/vfs/namei.c:\d+\] \(contended\)$" % dep, text, re.M):
            return "the mutex it waits for is not on its stack marked (contended)"
    c.check("lk-locks", locks)


def scenario_shell(c):
    """User space: the login shell reads the console at its prompt while
    init, its parent, waits for it in wait4."""
    def stop():
        must('break n_tty_read if $_streq($lk_current()->comm, "sh")')
        cont("n_tty_read")
    if not c.check("break", stop):
        return
    sh = val("$lk_current()")

    def ps():
        text = must("lk-ps")
        m = re.search(r"^\s+(\d+) sh\s+R\s+\d+\* (0x[0-9a-f]+) ", text, re.M)
        if not m:
            return "no running 'sh' line (the shell reading its prompt)"
        if int(m.group(2), 16) != sh:
            return "the shell's task is %s but gdb's current task is %#x" % (m.group(2), sh)
        # Init is asleep in wait4 on its wait_chldexit queue, or (it forked
        # the shell a moment ago, on the other CPU) on its way there.
        if not re.search(r"^\s+1 init\s+(S\s+\d+  0x[0-9a-f]+ waitqueue |R\s)", text, re.M):
            return "no 'init' line with pid 1 (asleep in wait4, or running)"
        parent = val("((struct task_struct *)%#x)->parent->pid" % sh)
        if parent != 1:
            return "the shell (pid %s) has parent pid %d, not init" % (m.group(1), parent)
    c.check("lk-ps", ps)

    def dentry_vs_stat():
        # The host typed "stat /etc" at the prompt: let it run to its exit,
        # then the inode number it printed must be the one lk-dentry shows.
        import time
        must("delete")
        must('break do_exit if $_streq($lk_current()->comm, "stat")')
        cont("do_exit")
        printed = None
        for _ in range(50):
            with open(os.environ["LK_GDB_LOG"], errors="replace") as f:
                printed = re.search(r"Inode: (\d+)", f.read())
            if printed:
                break
            time.sleep(0.2)
        if not printed:
            return "stat /etc printed no 'Inode: N' on the console"
        text = must("lk-dentry /etc")
        got = re.search(r"^/etc\s+dentry 0x[0-9a-f]+ .* i_ino=(\d+)", text, re.M)
        if not got:
            return "lk-dentry /etc printed no i_ino for /etc"
        if got.group(1) != printed.group(1):
            return "lk-dentry says i_ino=%s, stat(1) said Inode: %s" % (got.group(1),
                                                                        printed.group(1))
    c.check("lk-dentry-stat", dentry_vs_stat)


def gdb_main():
    scenario = os.environ.get("LK_GDB_SCENARIO", "rename")
    c = Checker("" if scenario == "rename" else scenario + "-")
    try:
        if setup(c, int(os.environ["LK_GDB_PORT"]), os.environ["LK_GDB_KERNEL"]):
            {"rename": scenario_rename, "inversion": scenario_inversion,
             "contention": scenario_contention, "shell": scenario_shell}[scenario](c)
    finally:
        run("kill")
    print("GDBTEST-END %s failed=%d" % (scenario, c.failed), flush=True)


# ==================================================================== host side

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class Host:
    """Boots kernels under QEMU's gdbstub and runs batch gdb against them."""

    def __init__(self, kernel, out, timeout):
        import shutil
        self.out = out
        self.timeout = timeout
        self.failed = 0
        os.makedirs(out, exist_ok=True)
        # A private copy: a rebuild meanwhile cannot mix two kernels.
        self.kernel = os.path.join(out, "kernel.elf")
        shutil.copyfile(kernel, self.kernel)
        # tools/mkiso takes the initramfs beside the kernel, as for any boot.
        initrd = os.path.join(os.path.dirname(os.path.abspath(kernel)), "initramfs.cpio")
        mine = os.path.join(out, "initramfs.cpio")
        if os.path.exists(initrd):
            shutil.copyfile(initrd, mine)
        elif os.path.exists(mine):
            os.unlink(mine)

    def report(self, name, ok, why=""):
        self.failed += not ok
        print("GDBTEST %s %s%s" % ("PASS" if ok else "FAIL", name, "" if ok else ": " + why),
              flush=True)

    @staticmethod
    def free_port():
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        return port

    def session(self, name, cmdline, gdb_args, env, typed=None):
        """Boot with cmdline, waiting for gdb; run gdb -batch -nx gdb_args
        (the string PORT in them replaced by the port) with env plus
        LK_GDB_PORT/KERNEL/HELPERS/LOG; typed: a line run-qemu types at the
        shell's prompt once the kernel runs. Returns gdb's output, or None after
        reporting why nothing ran."""
        import subprocess
        import time
        iso = os.path.join(self.out, name + ".iso")
        log = os.path.join(self.out, name + ".log")
        mk = subprocess.run([os.path.join(ROOT, "tools", "mkiso"), self.kernel, iso, cmdline],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        if mk.returncode:
            self.report(name + "-iso", False, "tools/mkiso failed: " + mk.stdout[-500:])
            return None
        for _ in range(3):
            port = self.free_port()
            typing = ["--input", typed, "--prompt", "lockstep# "] if typed else []
            qemu = subprocess.Popen([os.path.join(ROOT, "tools", "run-qemu"), "--iso", iso,
                                     "--cpus", "2", "--log", log, "--gdb", "--gdb-port", str(port),
                                     "--timeout", "%g" % (self.timeout + 30)] + typing,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT)
            time.sleep(0.3)
            if qemu.poll() is None:
                break
            why = qemu.stdout.read().decode(errors="replace")   # e.g. the port was taken
        else:
            self.report(name + "-qemu", False, "QEMU did not start: " + why[-500:])
            return None
        env = dict(os.environ, LK_GDB_PORT=str(port), LK_GDB_KERNEL=self.kernel, LK_GDB_LOG=log,
                   LK_GDB_HELPERS=os.path.join(HERE, "lockstep.py"), **env)
        args = [a.replace("PORT", str(port)) for a in gdb_args]
        try:
            g = subprocess.run(["gdb", "-batch", "-nx"] + args, cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=self.timeout)
            text = g.stdout.decode(errors="replace")
        except subprocess.TimeoutExpired as e:
            text = (e.stdout or b"").decode(errors="replace")
            text += "\n(gdb killed after %g s)\n" % self.timeout
        finally:
            if qemu.poll() is None:
                qemu.terminate()        # run-qemu kills QEMU on SIGTERM
                try:
                    qemu.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    qemu.kill()
                    qemu.wait()
        with open(os.path.join(self.out, name + ".gdb.log"), "w") as f:
            f.write(text)
        os.unlink(iso)                  # 11 MB each; the logs say what happened
        return text

    def collect(self, name, text, expected):
        """Report the GDBTEST lines of a session, and any expected test missing."""
        seen = set()
        for m in re.finditer(r"^GDBTEST (PASS|FAIL) ([^\s:]+):? ?(.*)$", text or "", re.M):
            seen.add(m.group(2))
            self.report(m.group(2), m.group(1) == "PASS", m.group(3))
        for test in expected:
            if test not in seen:
                self.report(test, False, "did not run: gdb stopped early (see %s and the serial log %s)"
                            % (os.path.relpath(os.path.join(self.out, name + ".gdb.log"), ROOT),
                               os.path.relpath(os.path.join(self.out, name + ".log"), ROOT)))


def host_main():
    import argparse
    import shutil
    import time

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "kernel.elf"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "check", "gdb"))
    ap.add_argument("--timeout", type=float, default=120, help="seconds per boot")
    ap.add_argument("--scenario", choices=sorted(SCENARIOS) + ["docs"], action="append",
                    help="run only this scenario (repeatable; docs: the doc examples)")
    a = ap.parse_args()
    for tool in ("gdb", "qemu-system-x86_64", "grub-mkrescue"):
        if shutil.which(tool) is None:
            print("GDBTEST FAIL setup: %s not found; run tools/install-deps" % tool)
            return 1
    if not os.path.exists(a.kernel):
        print("GDBTEST FAIL setup: %s does not exist; run make" % a.kernel)
        return 1
    host = Host(a.kernel, a.out, a.timeout)
    for scenario in a.scenario or list(SCENARIOS) + ["docs"]:
        start = time.time()
        if scenario == "docs":
            sys.path.insert(0, HERE)
            import doccheck
            doccheck.run_all(host, ROOT)
            label = "the docs' examples"
        else:
            text = host.session(scenario, SCENARIOS[scenario], ["-x", os.path.abspath(__file__)],
                                {"LK_GDB_SCENARIO": scenario}, SCENARIO_INPUT.get(scenario))
            host.collect(scenario, text, EXPECTED[scenario])
            label = SCENARIOS[scenario]
        print("== gdb %s (%s): %.1f s" % (scenario, label, time.time() - start), flush=True)
    return 1 if host.failed else 0


if __name__ == "__main__":
    if gdb is not None:
        gdb_main()
    else:
        sys.exit(host_main())
