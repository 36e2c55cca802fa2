"""lk-lockclass and lk-break-lock: lockdep's classes and order graph, and
breakpoints on one class's lock operations.

Reads lockdep's own tables (kernel/sync/internal.h): lock_classes[] (the
first nr_classes entries are in use) and, per class, the edges of the
order graph: class->after (this -> X, linked by next_after) and
class->before (X -> this, linked by next_before).
"""
import difflib
import gdb
from lk_util import (LkCommand, LkError, out, addr_of, ptr, cstring,
                     static_var, lock_class_name, enum_names, symbolize, task_name,
                     current_cpu, cpu_currents, split_args, require_target, NotReady)

MAX_EDGES = 5000
USAGE_NAMES = {"USAGE_IN_HARDIRQ": "IN-HARDIRQ", "USAGE_HARDIRQ_ON": "HARDIRQ-ON",
               "USAGE_HARDIRQ_OFF": "HARDIRQ-OFF"}
KIND_NAMES = {"LD_SPIN": "spinlock", "LD_MUTEX": "mutex", "LD_RWSEM": "rw_semaphore",
              "LD_SEQLOCK": "seqlock", "LD_RCU": "rcu", "LD_OTHER": "other"}


def classes():
    """The classes in use: [struct lock_class *]."""
    n = int(static_var("nr_classes", "kernel/sync/lockdep.c"))
    table = static_var("lock_classes")
    cap = table.type.strip_typedefs().range()[1] + 1
    if n < 0 or n > cap:
        raise LkError("nr_classes is %d, outside 0..%d: lockdep's table is corrupt" % (n, cap))
    return [table[i].address for i in range(n)]


def find_classes(name):
    """Classes called name (several filesystems' i_rwsem share a name)."""
    all_c = classes()
    found = [c for c in all_c if lock_class_name(c) == name]
    if found:
        return found, all_c
    names = sorted(set(lock_class_name(c) for c in all_c))
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    close += [n for n in names if name in n and n not in close][:5]
    hint = "; similar: %s" % ", ".join(close) if close else ""
    raise LkError("no lock class '%s' among %d classes%s (lk-lockclass with no "
                  "argument lists them; a class exists once one of its locks was taken)"
                  % (name, len(all_c), hint))


def edges(cls, direction):
    """Edges of cls: 'after' (cls -> X) or 'before' (X -> cls)."""
    link = "next_after" if direction == "after" else "next_before"
    e = cls[direction]
    n = 0
    while addr_of(e):
        yield e
        n += 1
        if n > MAX_EDGES:
            raise LkError("more than %d edges: a loop in the graph lists?" % MAX_EDGES)
        e = e[link]


def usage_text(cls):
    names = enum_names("enum lock_usage_bit")
    mask = int(cls["usage_mask"])
    parts = []
    for bit, name in sorted(names.items()):
        if name.startswith("NR_") or not mask & (1 << bit):
            continue
        parts.append("%s (first at %s)" % (USAGE_NAMES.get(name, name),
                                           symbolize(cls["usage_ip"][bit])))
    return ", ".join(parts) if parts else "none yet"


class LkLockclass(LkCommand):
    """A lock class and its place in lockdep's order graph: lk-lockclass [NAME]

NAME is the class name as lk-locks and lockdep's reports print it, e.g.
"&type->i_rwsem", "&type->i_rwsem/1" (subclass 1), "&sb->s_vfs_rename_sem",
"rename_lock". Quote a name with spaces. Prints the class's kind, init site,
statistics and interrupt usage, then its dependencies:
  taken after:  classes that were held when this one was taken (edges X -> NAME)
  taken before: classes taken while this one was held (edges NAME -> X)
each with the two acquire sites recorded when lockdep first saw the pair.
Inversions lockdep reported are listed separately. Without NAME: every class,
with its number of edges each way."""

    NAME = "lk-lockclass"

    def run(self, arg):
        args = split_args(arg)
        if len(args) > 1:
            raise LkError("takes one class name; quote it if it has spaces")
        if not args:
            self.list_all()
            return
        found, all_c = find_classes(args[0])
        for c in found:
            self.show(c)
        if "/" not in args[0]:
            subs = sorted(set(lock_class_name(c) for c in all_c
                              if lock_class_name(c).startswith(args[0] + "/")))
            if subs:
                out("subclasses (each a class of its own): %s" % ", ".join(subs))

    def list_all(self):
        kinds = enum_names("enum lock_kind")
        cs = classes()
        out("%d lock classes (taken after / taken before = edges in / out):" % len(cs))
        for c in cs:
            out("  %-40s %-12s after %-3d before %-3d acquired %d" % (
                lock_class_name(c), KIND_NAMES.get(kinds.get(int(c["kind"])), "?"),
                int(c["nr_before"]), int(c["nr_after"]), int(c["acquisitions"])))

    def show(self, c):
        kinds = enum_names("enum lock_kind")
        out("class %s (lock_classes[%d] at 0x%x, key 0x%x, subclass %d)" % (
            lock_class_name(c), self.index(c), addr_of(c), addr_of(c["key"]),
            int(c["subclass"])))
        out("  %s, first initialised at %s:%d" % (
            KIND_NAMES.get(kinds.get(int(c["kind"])), "?"), cstring(c["file"]), int(c["line"])))
        n, r, k = int(c["acquisitions"]), int(c["read_acquisitions"]), int(c["contentions"])
        out("  acquired %d time%s (%d for read), contended %d time%s" % (
            n, "" if n == 1 else "s", r, k, "" if k == 1 else "s"))
        out("  irq usage: %s" % usage_text(c))
        self.edge_list(c, "before", "taken after (held when %s was taken)" % lock_class_name(c))
        self.edge_list(c, "after", "taken before (taken while %s was held)" % lock_class_name(c))
        inv = [(e, "in") for e in edges(c, "before") if bool(e["inversion"])]
        inv += [(e, "out") for e in edges(c, "after") if bool(e["inversion"])]
        if inv:
            out("  reported inversions (kept so each is reported once, never followed):")
            for e, _ in inv:
                out("    %s -> %s" % (lock_class_name(e["from"]), lock_class_name(e["to"])))
                out("        %s held, taken at %s" % (lock_class_name(e["from"]), symbolize(e["from_ip"])))
                out("        %s taken at %s" % (lock_class_name(e["to"]), symbolize(e["to_ip"])))

    def index(self, c):
        base = addr_of(static_var("lock_classes").address)
        return (addr_of(c) - base) // c.dereference().type.sizeof

    def edge_list(self, c, direction, title):
        es = [e for e in edges(c, direction) if not bool(e["inversion"])]
        out("  %s: %d" % (title, len(es)))
        for e in reversed(es):          # oldest first
            other = e["from"] if direction == "before" else e["to"]
            out("    %s" % lock_class_name(other))
            out("        %s held, taken at %s" % (lock_class_name(e["from"]), symbolize(e["from_ip"])))
            out("        %s taken at %s" % (lock_class_name(e["to"]), symbolize(e["to_ip"])))


# ---- lk-break-lock ------------------------------------------------------

EVENTS = {"acquire": "lock_acquire", "release": "lock_release", "contend": "lock_contended"}
# Argument registers of the hooks at entry (System V ABI), if DWARF cannot say.
ARG_REGS = {"map": "$rdi", "subclass": "$rsi", "read": "$rcx",
            "acquire_ip": "$r8", "other_ip": "$rsi"}


def arg(frame, name, reg):
    try:
        return frame.read_var(name)
    except (ValueError, gdb.error):
        return gdb.parse_and_eval(reg)


def held_entry(task, map_addr):
    """The current task's held_lock for map, or None."""
    depth = int(task["lockdep_depth"])
    hl = task["held_locks"]
    for i in range(min(depth, hl.type.strip_typedefs().range()[1] + 1) - 1, -1, -1):
        if addr_of(hl[i]["instance"]) == map_addr:
            return hl[i]
    return None


def current_task():
    cpu = current_cpu()
    if cpu is None:
        return None
    t = cpu_currents().get(cpu)
    return t if t is not None and addr_of(t) else None


def class_names_of(m, subclass, held):
    """The names the map is known by at this call: its class's, or map->name
    with /subclass."""
    names = set()
    base = cstring(m["name"])
    names.add(base + ("/%d" % subclass if subclass else ""))
    cache = m["class_cache"]
    n = cache.type.strip_typedefs().range()[1] + 1
    if 0 <= subclass < n and addr_of(cache[subclass]):
        names.add(lock_class_name(cache[subclass]))
    if held is not None and addr_of(held["class"]):
        names.add(lock_class_name(held["class"]))
    return base, names


def matches(want, base, names):
    """CLASS/N matches that subclass only; CLASS without /N every subclass."""
    if want in names:
        return True
    if "/" not in want:
        return want == base or any(n.split("/")[0] == want for n in names)
    return False


class LockBreakpoint(gdb.Breakpoint):
    """A breakpoint on a lockdep hook that stops for one class only."""

    def __init__(self, class_name, event):
        super().__init__(EVENTS[event], type=gdb.BP_BREAKPOINT)
        self.lk_class = class_name
        self.lk_event = event
        self.lk_warned = False

    def stop(self):
        try:
            return self.check()
        except Exception as e:  # never leave a traceback inside a stop
            if not self.lk_warned:
                gdb.write("lk-break-lock %d: cannot read the lock here (%s); not stopping\n"
                          % (self.number, e))
                self.lk_warned = True
            return False

    def check(self):
        frame = gdb.selected_frame()
        m_addr = addr_of(arg(frame, "map", ARG_REGS["map"]))
        if m_addr == 0:
            return False
        m = ptr(m_addr, "struct lockdep_map").dereference()
        task = current_task()
        subclass = 0
        held = None
        if self.lk_event == "acquire":
            subclass = int(arg(frame, "subclass", ARG_REGS["subclass"])) & 0xffffffff
        elif task is not None:
            held = held_entry(task, m_addr)
            if held is not None:
                subclass = int(held["subclass"])
        base, names = class_names_of(m, subclass, held)
        if not matches(self.lk_class, base, names):
            return False
        self.report(frame, m_addr, task, base, subclass)
        return True

    def report(self, frame, m_addr, task, base, subclass):
        name = base + ("/%d" % subclass if subclass else "")
        cpu = current_cpu()
        who = task_name(task) if task is not None else "(no task yet)"
        if self.lk_event == "acquire":
            read = int(arg(frame, "read", ARG_REGS["read"])) & 0xffffffff
            ip = arg(frame, "ip", ARG_REGS["acquire_ip"])
            mode = ["write", "read", "read (recursive)"][read] if 0 <= read <= 2 else str(read)
            what = "acquires %s (%s)" % (name, mode)
        else:
            ip = arg(frame, "ip", ARG_REGS["other_ip"])
            what = {"release": "releases", "contend": "waits for (contended)"}[self.lk_event] \
                + " " + name
        gdb.write("lk-break-lock %d: %s on CPU %s %s, lock map 0x%x, called from %s\n"
                  % (self.number, who, "?" if cpu is None else cpu, what, m_addr, symbolize(ip)))


class LkBreakLock(LkCommand):
    """Stop when a lock of one class is taken, released or waited for:
lk-break-lock CLASS [acquire|release|contend]

CLASS is a lock class name as lk-locks prints it ("&type->i_rwsem",
"&sb->s_vfs_rename_sem"); quote names with spaces. Without /N it matches
every subclass of the class, with /N ("&type->i_rwsem/1") only that one.
The event (default acquire) picks the lockdep hook the breakpoint sits on:
lock_acquire (before the lock is taken), lock_release, lock_contended (the
lock was busy and the caller is about to wait). It stops on any CPU, prints
who took which lock from where, and leaves you in the hook: `finish` runs
to the end of it, `bt` shows the caller. It is an ordinary gdb breakpoint:
`info breakpoints` lists it, `delete N` removes it. With no arguments:
lists the lk-break-lock breakpoints."""

    NAME = "lk-break-lock"
    CLASS = gdb.COMMAND_BREAKPOINTS
    NEEDS_TARGET = False

    def run(self, arg):
        args = split_args(arg)
        if not args:
            bps = [b for b in gdb.breakpoints() if isinstance(b, LockBreakpoint) and b.is_valid()]
            if not bps:
                out("no lk-break-lock breakpoints")
            for b in bps:
                out("%d: %s on %s (%s), hit %d times" % (b.number, b.lk_class, b.lk_event,
                                                         b.location, b.hit_count))
            return
        if len(args) > 2:
            raise LkError("usage: lk-break-lock CLASS [acquire|release|contend] "
                          "(quote a class name with spaces)")
        event = args[1] if len(args) == 2 else "acquire"
        if event not in EVENTS:
            raise LkError("unknown event '%s': acquire, release or contend" % event)
        if gdb.lookup_global_symbol(EVENTS[event]) is None:
            raise LkError("no function %s in the symbols: load build/kernel.elf" % EVENTS[event])
        self.check_class(args[0])
        b = LockBreakpoint(args[0], event)
        out("lk-break-lock %d: stops at %s when the class is %s (any CPU)"
            % (b.number, EVENTS[event], args[0]))

    def check_class(self, name):
        """Warn (do not refuse) when no such class exists yet: a class is
        created the first time one of its locks is taken."""
        try:
            require_target()
            find_classes(name)
        except NotReady:
            return
        except LkError as e:
            if "no lock class" in str(e):
                if "/" not in name and any(lock_class_name(c).split("/")[0] == name
                                           for c in classes()):
                    return
                out("warning: %s; the breakpoint waits for it anyway" % str(e))
                return
            raise


def register():
    LkLockclass()
    LkBreakLock()
