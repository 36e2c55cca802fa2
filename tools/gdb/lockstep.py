"""Lockstep's gdb helpers. The repo's .gdbinit sources this file; by hand:

    (gdb) source tools/gdb/lockstep.py

It defines the lk-* commands (`lk-help` lists them; `help lk-locks` and so
on explain each). They read the stopped kernel through gdb's Python API and
the DWARF types of build/kernel.elf, so they follow the kernel's structs as
they change; a field they need that is gone makes them fail with a message
naming it. docs/gdb.md is the walkthrough.

Modules (all in this folder):
  lk_util.py     types, memory, list walking, symbols, the command base class
  lk_tasks.py    lk-ps, lk-locks
  lk_lockdep.py  lk-lockclass, lk-break-lock
  lk_vfs.py      lk-dentry, lk-dcache, lk-inode, lk-mounts, lk-sb, lk-vma
  lk_rules.py    lk-rules
Sourcing it again reloads them all (after editing one).
"""
import importlib
import os
import sys

import gdb



def _find_here():
    """This folder. __file__ names it when gdb sources this file directly;
    sourced from inside another Python script it names that script."""
    tries = []
    try:
        tries.append(os.path.dirname(os.path.abspath(__file__)))
    except NameError:
        pass
    tries += [p for p in sys.path if p]
    d = os.getcwd()
    while True:
        tries.append(os.path.join(d, "tools", "gdb"))
        if os.path.dirname(d) == d:
            break
        d = os.path.dirname(d)
    for t in tries:
        if os.path.exists(os.path.join(t, "lk_util.py")):
            return t
    raise gdb.GdbError("lockstep.py: cannot find tools/gdb/lk_util.py; run gdb from the "
                       "Lockstep tree, or add tools/gdb to Python's sys.path")


_HERE = _find_here()
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

_MODULES = ["lk_util", "lk_tasks", "lk_lockdep", "lk_vfs", "lk_rules"]
for _name in _MODULES:
    if _name in sys.modules:
        importlib.reload(sys.modules[_name])
    else:
        importlib.import_module(_name)

COMMANDS = [
    ("lk-ps", "tasks: pid, state, CPU, what each is blocked on"),
    ("lk-locks [TASK]", "held locks of every task (or one) and who runs on each CPU"),
    ("lk-lockclass [NAME]", "a lock class and its dependencies in lockdep's graph"),
    ("lk-break-lock CLASS [EVENT]", "stop when a lock of CLASS is acquired/released/contended"),
    ("lk-dentry PATH", "the dentries along a path, with refcounts, flags and inodes"),
    ("lk-dcache [ADDR]", "the dcache tree under a dentry (default /)"),
    ("lk-inode ADDR", "an inode: i_ino, mode, counts, i_rwsem and i_lock state, mapping"),
    ("lk-mounts", "the mounts: device, mountpoint, type"),
    ("lk-sb", "the superblocks with their s_umount and freeze state"),
    ("lk-vma PID", "a process's memory map (user regions, brk)"),
    ("lk-rules [OP]", "an operation's lock rule and the states seen at its calls"),
]

FUNCTIONS = [
    ("$lk_current()", "the task on the CPU gdb stopped on"),
    ("$lk_blocked([KIND])", "1 if that task is about to sleep (on a KIND: \"mutex\", ...)"),
]


class LkHelp(gdb.Command):
    """List Lockstep's gdb commands: lk-help

`help lk-NAME` explains one. docs/gdb.md walks through them."""

    def __init__(self):
        super().__init__("lk-help", gdb.COMMAND_SUPPORT, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        gdb.write("Lockstep gdb commands (help CMD for details):\n")
        for usage, what in COMMANDS:
            gdb.write("  %-28s %s\n" % (usage, what))
        gdb.write("Functions for expressions and conditions (help function NAME):\n")
        for usage, what in FUNCTIONS:
            gdb.write("  %-28s %s\n" % (usage, what))


def _register():
    sys.modules["lk_tasks"].register()
    sys.modules["lk_lockdep"].register()
    sys.modules["lk_vfs"].register()
    sys.modules["lk_rules"].register()
    LkHelp()


_register()
gdb.write("lockstep: gdb helpers loaded (lk-help lists them)\n")
