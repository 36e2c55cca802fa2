"""Shared helpers of Lockstep's gdb commands (tools/gdb/lockstep.py).

Everything here reads the kernel through gdb: types come from the DWARF of
build/kernel.elf, memory from the stopped QEMU guest. Nothing calls kernel
functions (gdb cannot, safely, in a stopped kernel) and nothing writes.

Errors: a command's body raises LkError (or gdb.GdbError) with a message
for the user; LkCommand turns every other failure (unreadable memory, a
missing symbol, a bug here) into one clear line instead of a traceback.
"""
import os
import re
import subprocess

import gdb

MAX_LIST = 100000       # list walks stop here: a loop in a corrupt list
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOP_FOLDERS = ("kernel", "mm", "fs", "drivers", "user", "labs")


class LkError(gdb.GdbError):
    """A failure the user can act on; printed without a traceback."""


class NotReady(LkError):
    """No kernel to read yet: not connected, running, or paging still off."""


# ---- types and symbols ---------------------------------------------------

_types = {}


def _forget_types(*_):
    _types.clear()


for _ev in ("new_objfile", "clear_objfiles"):
    if hasattr(gdb.events, _ev):
        getattr(gdb.events, _ev).connect(_forget_types)


def lookup_type(name):
    """gdb.Type for a C type name ("struct inode"), cached per symbol file."""
    t = _types.get(name)
    if t is None:
        try:
            t = gdb.lookup_type(name)
        except gdb.error:
            raise LkError("no type '%s' in the symbols: load the kernel with "
                          "`file build/kernel.elf` (does this kernel have it?)" % name)
        _types[name] = t
    return t


def has_type(name):
    try:
        lookup_type(name)
        return True
    except gdb.GdbError:
        return False


def has_field(type_name, field):
    try:
        t = lookup_type(type_name).strip_typedefs()
    except gdb.GdbError:
        return False
    return any(f.name == field for f in t.fields())


def offset_of(type_name, member):
    """Byte offset of member (dotted for nested: "i_data.nrpages")."""
    t = lookup_type(type_name).strip_typedefs()
    off = 0
    for part in member.split("."):
        for f in t.fields():
            if f.name == part:
                off += f.bitpos // 8
                t = f.type.strip_typedefs()
                break
        else:
            raise LkError("%s has no member '%s' (the helpers and the kernel "
                          "disagree: update tools/gdb)" % (type_name, member))
    return off


def enum_names(type_name):
    """{value: name} of an enum type."""
    t = lookup_type(type_name).strip_typedefs()
    return {int(f.enumval): f.name for f in t.fields()}


def static_var(name, file_suffix=None):
    """A global or file-static variable as a gdb.Value. file_suffix picks
    the file when several files have a static of that name."""
    syms = []
    try:
        syms = list(gdb.lookup_static_symbols(name))
    except (AttributeError, gdb.error):
        s = gdb.lookup_static_symbol(name)
        syms = [s] if s else []
    if file_suffix:
        syms = [s for s in syms if s.symtab and s.symtab.filename.endswith(file_suffix)]
    if not syms:
        g = gdb.lookup_global_symbol(name)
        if g is not None:
            syms = [g]
    if not syms:
        raise LkError("no variable '%s'%s in the kernel symbols: load "
                      "build/kernel.elf, or this kernel is older/newer than the helpers"
                      % (name, " in " + file_suffix if file_suffix else ""))
    return syms[0].value()


# ---- reading memory -------------------------------------------------------

def require_target():
    """Refuse to read 'kernel memory' from the ELF file when no kernel runs."""
    inf = gdb.selected_inferior()
    if inf.pid == 0 or gdb.selected_thread() is None:
        raise NotReady("not connected to a running kernel: start `make qemu-gdb`, "
                      "then `target remote localhost:1234` (or `make gdb`)")
    if gdb.selected_thread().is_running():
        raise NotReady("the kernel is running: interrupt it first (Ctrl-C)")
    probe = gdb.lookup_global_symbol("cpu_data")
    if probe is not None:
        try:
            read_bytes(addr_of(probe.value().address), 1)
        except gdb.MemoryError:
            raise NotReady("kernel memory is not mapped yet: gdb stopped before the kernel "
                          "turned paging on (at reset, or in the boot code). Set a breakpoint "
                          "in the kernel (`break kmain`, `break vfs_rename`) and `continue`")


def ptr(addr, type_name):
    """A pointer of type `type_name *` to addr (an int or gdb.Value)."""
    return gdb.Value(int(addr) & 0xffffffffffffffff).cast(lookup_type(type_name).pointer())


def addr_of(value):
    """An int address from a pointer, an lvalue or an int."""
    if isinstance(value, int):
        return value & 0xffffffffffffffff
    t = value.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_PTR:
        return int(value) & 0xffffffffffffffff
    if value.address is not None and t.code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION,
                                                gdb.TYPE_CODE_ARRAY):
        return int(value.address) & 0xffffffffffffffff
    return int(value) & 0xffffffffffffffff


def container_of(p, type_name, member):
    """The struct `type_name` that holds member at address p."""
    return ptr(addr_of(p) - offset_of(type_name, member), type_name)


def list_for_each_entry(head, type_name, member, limit=MAX_LIST):
    """Yield a `type_name *` for each node of the list at head (a struct
    list_head lvalue or pointer), linked through `member`."""
    head_addr = addr_of(head)
    lh = lookup_type("struct list_head").pointer()
    node = ptr(head_addr, "struct list_head").dereference()["next"]
    off = offset_of(type_name, member)
    n = 0
    while addr_of(node) != head_addr:
        if addr_of(node) == 0:
            raise LkError("list at 0x%x is corrupt: NULL next pointer" % head_addr)
        n += 1
        if n > limit:
            raise LkError("list at 0x%x has more than %d entries: a loop?" % (head_addr, limit))
        yield ptr(addr_of(node) - off, type_name)
        node = node.cast(lh).dereference()["next"]


def list_count(head, limit=MAX_LIST):
    head_addr = addr_of(head)
    node = ptr(head_addr, "struct list_head").dereference()["next"]
    n = 0
    while addr_of(node) not in (head_addr, 0) and n < limit:
        n += 1
        node = node.dereference()["next"]
    return n


def read_bytes(addr, n):
    return bytes(gdb.selected_inferior().read_memory(addr, n))


def cstring(p, maxlen=256):
    """The NUL-terminated string at p (char * value or address); '' for NULL,
    '<bad 0x..>' when unreadable."""
    addr = addr_of(p)
    if addr == 0:
        return ""
    out = b""
    try:
        while len(out) < maxlen:
            chunk = read_bytes(addr + len(out), 64)
            nul = chunk.find(b"\0")
            if nul >= 0:
                out += chunk[:nul]
                break
            out += chunk
    except gdb.MemoryError:
        if not out:
            return "<bad 0x%x>" % addr
    return out[:maxlen].decode("utf-8", "replace")


def char_array(v):
    """A char[N] field as a Python string (up to the first NUL)."""
    n = v.type.strip_typedefs().sizeof
    return read_bytes(addr_of(v), n).split(b"\0")[0].decode("utf-8", "replace")


def parse_address(arg, what):
    """An address from a command argument: 0x..., a number, or any gdb
    expression (`old_dir`, `$rdi`, `&sb->s_umount`)."""
    arg = arg.strip()
    if not arg:
        raise LkError("give %s: an address or an expression" % what)
    try:
        v = gdb.parse_and_eval(arg)
    except gdb.error as e:
        raise LkError("cannot evaluate '%s' as %s: %s" % (arg, what, e))
    try:
        a = addr_of(v)
    except gdb.error as e:
        raise LkError("'%s' is not an address (%s)" % (arg, e))
    if a == 0:
        raise LkError("'%s' is NULL" % arg)
    return a


def check_readable(addr, n, what):
    try:
        read_bytes(addr, n)
    except gdb.MemoryError:
        raise LkError("cannot read %s at 0x%x: not mapped in the guest" % (what, addr))


# ---- symbols for code addresses --------------------------------------------

def _outer_block(pc):
    try:
        b = gdb.block_for_pc(pc)
    except RuntimeError:
        return None
    outer = None
    while b is not None and not b.is_global and not b.is_static:
        if b.function is not None:
            outer = b
        b = b.superblock
    return outer


def symbolize(pc, return_address=True):
    """'func+0xoff/0xsize [file:line]' for a code address, like the kernel's
    %pS. A return address (acquire_ip) is looked up at pc-1 for the line."""
    pc = int(pc) & 0xffffffffffffffff
    if pc == 0:
        return "0x0"
    name = None
    b = _outer_block(pc)
    if b is not None:
        name = "%s+0x%x/0x%x" % (b.function.name, pc - b.start, b.end - b.start)
    else:
        try:
            s = gdb.execute("info symbol 0x%x" % pc, to_string=True).strip()
            if not s.startswith("No symbol"):
                sym = s.split(" in section")[0]
                parts = sym.split(" + ")
                name = parts[0] + ("+0x%x" % int(parts[1]) if len(parts) > 1 else "")
        except gdb.error:
            pass
    if name is None:
        return "0x%x" % pc
    at_start = b is not None and pc == b.start
    line = source_line(pc - 1 if return_address and not at_start else pc)
    return name + (" [%s]" % line if line else "")


_lines = {}


def _relative(path):
    """A source path from the top of the tree ("fs/vfs/namei.c"), wherever
    the kernel was built."""
    path = os.path.normpath(path)
    if path.startswith(ROOT + os.sep):
        return os.path.relpath(path, ROOT)
    if os.path.isabs(path):
        m = re.match(r".*?/((?:%s)/.*)$" % "|".join(TOP_FOLDERS), path)
        if m:
            return m.group(1)
    return path


def source_line(pc):
    """'fs/vfs/namei.c:491' for a code address: the line in the outermost
    function, also when pc is inside an inlined helper (gdb's own lookup
    would name the helper's line, e.g. inode_lock_nested() in fs.h).
    Uses addr2line -i; falls back to gdb's line table."""
    sal = gdb.find_pc_line(pc)
    if sal.symtab is None or not sal.line:
        return ""
    fallback = "%s:%d" % (_relative(sal.symtab.filename), sal.line)
    elf = sal.symtab.objfile.filename
    key = (elf, pc)
    if key not in _lines:
        _lines[key] = fallback
        try:
            r = subprocess.run(["addr2line", "-i", "-e", elf, "0x%x" % pc],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               universal_newlines=True, timeout=10)
            frames = [l.strip() for l in r.stdout.splitlines() if l.strip()]
            if r.returncode == 0 and frames and not frames[-1].startswith("??"):
                where = frames[-1].split(" (discriminator")[0]
                f, _, ln = where.rpartition(":")
                _lines[key] = "%s:%s" % (_relative(f), ln)
        except (OSError, subprocess.SubprocessError):
            pass
    return _lines[key]


def data_symbol(addr):
    """'rename_lock' / 'boot_percpu+8' for a static object, else ''."""
    try:
        s = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
    except gdb.error:
        return ""
    if s.startswith("No symbol"):
        return ""
    sym = s.split(" in section")[0]
    parts = sym.split(" + ")
    return parts[0] + ("+%s" % parts[1] if len(parts) > 1 else "")


# ---- tasks and CPUs ----------------------------------------------------------

TASK_STATES = {0: "R", 1: "S", 2: "D", 16: "X"}


def task_name(t):
    """'comm/pid' of a struct task_struct *."""
    if addr_of(t) == 0:
        return "(none)"
    try:
        return "%s/%d" % (char_array(t["comm"]), int(t["pid"]))
    except gdb.MemoryError:
        return "<bad task 0x%x>" % addr_of(t)


def all_tasks():
    """Every task on the kernel's task list (kernel/sched/kthread.c)."""
    head = static_var("task_list", "kernel/sched/kthread.c")
    return list(list_for_each_entry(head, "struct task_struct", "tasks"))


def cpu_percpu():
    """[(cpu, struct percpu *)] for every CPU that has its per-CPU data."""
    cpus = static_var("cpu_data")
    n = cpus.type.strip_typedefs().range()[1] + 1
    out = []
    for i in range(n):
        p = cpus[i]
        if addr_of(p):
            out.append((i, p))
    return out


def cpu_currents():
    """{cpu: struct task_struct *} running on each CPU."""
    return {i: p["current_task"] for i, p in cpu_percpu()}


def current_cpu():
    """The CPU gdb is stopped on (its GS base is that CPU's per-CPU area), or None."""
    try:
        gs = int(gdb.parse_and_eval("$gs_base")) & 0xffffffffffffffff
    except gdb.error:
        return None
    for i, p in cpu_percpu():
        if addr_of(p) == gs:
            return i
    return None


def thread_cpus():
    """{cpu: gdb thread number}, found by reading each thread's GS base.
    Restores the selected thread and frame."""
    out = {}
    try:
        orig = gdb.selected_thread()
        frame = gdb.selected_frame()
    except gdb.error:
        return out
    percpu = {addr_of(p): i for i, p in cpu_percpu()}
    try:
        for th in gdb.selected_inferior().threads():
            th.switch()
            try:
                gs = int(gdb.parse_and_eval("$gs_base")) & 0xffffffffffffffff
            except gdb.error:
                continue
            if gs in percpu:
                out[percpu[gs]] = th.num
    finally:
        orig.switch()
        try:
            frame.select()
        except gdb.error:
            pass
    return out


def find_task(arg):
    """A task by pid, comm, comm/pid or task address."""
    arg = arg.strip()
    tasks = all_tasks()
    if arg.startswith("0x") or arg.startswith("$") or arg.startswith("("):
        a = parse_address(arg, "a task")
        for t in tasks:
            if addr_of(t) == a:
                return t
        raise LkError("0x%x is not on the task list (lk-ps lists the tasks)" % a)
    if arg.lstrip("-").isdigit():
        found = [t for t in tasks if int(t["pid"]) == int(arg)]
        if len(found) > 1:
            raise LkError("%d tasks have pid %s (the idle tasks share pid 0): name one "
                          "by comm (swapper/1) or task address" % (len(found), arg))
    else:
        found = [t for t in tasks if char_array(t["comm"]) == arg or task_name(t) == arg]
    if not found:
        raise LkError("no task '%s' (lk-ps lists the tasks)" % arg)
    if len(found) > 1:
        raise LkError("%d tasks are called '%s': give the pid or the task address"
                      % (len(found), arg))
    return found[0]


# ---- locks -------------------------------------------------------------------

def lock_class_name(cls):
    return char_array(cls["name"])


def map_name(m):
    """The name lockdep knows a lockdep_map by: its class's, or the map's own."""
    try:
        c = m["class_cache"][0]
        if addr_of(c):
            return lock_class_name(c)
    except gdb.error:
        pass
    return cstring(m["name"])


def owner_text(task):
    return task_name(task) if addr_of(task) else "nobody"


def rwsem_state(s):
    """'free' / 'write-locked by comm/pid' / 'read-locked by N readers', and waiters."""
    count = int(s["count"])
    waiters = list_count(s["wait_list"])
    if count == 0:
        st = "free"
    elif count < 0:
        st = "write-locked by %s" % owner_text(s["owner"])
    else:
        st = "read-locked by %d reader%s" % (count, "s" if count != 1 else "")
    if waiters:
        st += ", %d waiting" % waiters
    return st, count


def mutex_state(m):
    o = m["owner"]
    waiters = list_count(m["wait_list"])
    st = "held by %s" % task_name(o) if addr_of(o) else "free"
    if waiters:
        st += ", %d waiting" % waiters
    return st


def spin_state(s):
    cpu = int(s["owner_cpu"])
    return "free" if cpu < 0 else "held on CPU %d" % cpu


def flags_text(value, names):
    """'0x600 (HASHED|REFERENCED)' from {bit: name}."""
    parts = [n for bit, n in sorted(names.items()) if value & bit]
    rest = value & ~sum(names)
    if rest:
        parts.append("0x%x" % rest)
    return "0x%x (%s)" % (value, "|".join(parts) if parts else "none")


# ---- commands ------------------------------------------------------------------

def split_args(arg):
    try:
        return gdb.string_to_argv(arg)
    except gdb.error as e:
        raise LkError("cannot parse the arguments: %s" % e)


class LkCommand(gdb.Command):
    """Base of the lk-* commands: subclasses define NAME and run(arg).
    Every failure becomes one line starting with the command's name."""

    NAME = None
    CLASS = gdb.COMMAND_DATA
    COMPLETE = gdb.COMPLETE_NONE
    NEEDS_TARGET = True

    def __init__(self):
        super().__init__(self.NAME, self.CLASS, self.COMPLETE)

    def invoke(self, arg, from_tty):
        try:
            if self.NEEDS_TARGET:
                require_target()
            self.run(arg)
        except gdb.GdbError as e:
            msg = str(e)
            raise gdb.GdbError(msg if msg.startswith(self.NAME) else "%s: %s" % (self.NAME, msg))
        except gdb.MemoryError as e:
            raise gdb.GdbError("%s: cannot read kernel memory (%s): a wrong address, or a "
                               "structure that is being changed or was freed" % (self.NAME, e))
        except gdb.error as e:
            raise gdb.GdbError("%s: %s" % (self.NAME, e))
        except KeyboardInterrupt:
            raise gdb.GdbError("%s: interrupted" % self.NAME)
        except Exception as e:  # a bug in the helper: still one line
            raise gdb.GdbError("%s: internal error in tools/gdb (%s: %s)"
                               % (self.NAME, type(e).__name__, e))

    def run(self, arg):
        raise NotImplementedError


def out(text=""):
    gdb.write(text + "\n")
