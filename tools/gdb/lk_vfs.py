"""lk-dentry, lk-dcache, lk-inode, lk-mounts, lk-sb, lk-vma: the VFS objects
of fs/vfs/fs.h and fs/vfs/mount.h, read from the stopped kernel.

The dcache is walked the way a path walk would go, but through the tree
lists only (d_subdirs of a parent, linked by each child's d_child), never
the hash: a name that is not in the tree is not in the dcache. Mounts come
from all_mounts (fs/vfs/namespace.c), superblocks from super_blocks
(fs/vfs/super.c).

The flag names below are copies of the #defines in fs/vfs/fs.h (macros are
not in the DWARF); keep them in step.
"""
import gdb
from lk_util import (LkCommand, LkError, out, addr_of, ptr, cstring, char_array,
                     static_var, list_for_each_entry, list_count, parse_address,
                     check_readable, flags_text, rwsem_state, mutex_state, spin_state,
                     task_name, split_args, has_type, has_field, lookup_type, find_task,
                     require_target)

D_FLAGS = {1 << 0: "MOUNTED", 1 << 1: "LRU_LIST", 1 << 2: "DISCONNECTED",
           1 << 3: "DENTRY_KILLED", 1 << 4: "OP_HASH", 1 << 5: "OP_COMPARE",
           1 << 6: "OP_REVALIDATE", 1 << 7: "OP_DELETE", 1 << 8: "OP_PRUNE",
           1 << 9: "REFERENCED", 1 << 10: "HASHED", 1 << 11: "GENOCIDE"}
DCACHE_MOUNTED = 1 << 0
DCACHE_DENTRY_KILLED = 1 << 3
I_STATE = {1 << 0: "I_NEW", 1 << 1: "I_WILL_FREE", 1 << 2: "I_FREEING",
           1 << 3: "I_CLEAR", 1 << 4: "I_DIRTY"}
S_IFMT = 0o170000
S_TYPES = {0o140000: "socket", 0o120000: "symlink", 0o100000: "regular file",
           0o060000: "block device", 0o040000: "dir", 0o020000: "char device",
           0o010000: "fifo"}
SB_FLAGS = {1: "RDONLY", 1 << 30: "ACTIVE"}
FROZEN = {0: "unfrozen", 1: "SB_FREEZE_WRITE (new writes wait)",
          2: "SB_FREEZE_COMPLETE (frozen)"}
MNT_FLAGS = {1: "RDONLY"}
MAX_DEPTH = 64           # path components / mount nesting we follow


def dname(d):
    """A dentry's name ('/' for a root)."""
    q = d["d_name"]
    n = int(q["len"])
    if addr_of(d["d_parent"]) == addr_of(d.address):
        return "/"
    if n <= 0 or n > 255:
        return "<bad name length %d>" % n
    return cstring(q["name"], n)


def inode_type(i):
    return S_TYPES.get(int(i["i_mode"]) & S_IFMT, "?")


def dentry_line(d, label):
    """One line for a dentry: name, refcount, flags, inode."""
    flags = int(d["d_flags"])
    ino = d["d_inode"]
    if addr_of(ino):
        i = ino.dereference()
        it = "inode 0x%x i_ino=%d %s" % (addr_of(ino), int(i["i_ino"]), inode_type(i))
    else:
        it = "negative (no inode)"
    return "%-16s dentry 0x%x d_count=%d d_flags=%s %s" % (
        label, addr_of(d.address), int(d["d_count"]), flags_text(flags, D_FLAGS), it)


def children(d):
    """The live children of a dentry, sorted by name."""
    kids = [c.dereference() for c in list_for_each_entry(d["d_subdirs"], "struct dentry", "d_child")]
    kids = [c for c in kids if not int(c["d_flags"]) & DCACHE_DENTRY_KILLED]
    return sorted(kids, key=dname)


def mounts():
    return [m.dereference() for m in list_for_each_entry(
        static_var("all_mounts", "fs/vfs/namespace.c"), "struct vfsmount", "mnt_list")]


def root_mount():
    m = static_var("root_mnt", "fs/vfs/namespace.c")
    if addr_of(m) == 0:
        raise LkError("no root mount yet (root_mnt is NULL): the VFS is not up; "
                      "continue until after mnt_init()")
    return m.dereference()


def mounted_on(mnt, d):
    """The mount stacked on (mnt, d), top of the stack, or None."""
    top = None
    for m in mounts():
        if addr_of(m["mnt_parent"]) == addr_of(mnt.address) and \
           addr_of(m["mnt_mountpoint"]) == addr_of(d.address) and \
           addr_of(m.address) != addr_of(mnt.address):
            top = m
    return top


def follow_down(mnt, d):
    for _ in range(MAX_DEPTH):
        if not int(d["d_flags"]) & DCACHE_MOUNTED:
            break
        m = mounted_on(mnt, d)
        if m is None:
            break
        mnt, d = m, m["mnt_root"].dereference()
    return mnt, d


def mount_path(mnt):
    """The full path a mount is mounted on ('/' for the root)."""
    parts = []
    d = mnt["mnt_root"].dereference()
    for _ in range(MAX_DEPTH * 4):
        if addr_of(d.address) == addr_of(mnt["mnt_root"]):
            parent = mnt["mnt_parent"]
            if addr_of(parent) == addr_of(mnt.address) or addr_of(parent) == 0:
                break
            d = mnt["mnt_mountpoint"].dereference()
            mnt = parent.dereference()
            continue
        if addr_of(d["d_parent"]) == addr_of(d.address):
            parts.append("<disconnected>")
            break
        parts.append(dname(d))
        d = d["d_parent"].dereference()
    return "/" + "/".join(reversed(parts))


def find_child(d, name):
    for c in children(d):
        if dname(c) == name:
            return c
    return None


class LkDentry(LkCommand):
    """Walk the dcache along a path: lk-dentry PATH

Starts at the root mount's root dentry and, for each component of the
absolute PATH, looks for the child of that name in the parent's d_subdirs
list (following mounts at mountpoints, and ".." up). Prints one line per
dentry on the way: its address, d_count (references), d_flags decoded,
and the inode it points to with its i_ino. A component that is not in the
dcache is reported: the kernel never looked it up, or evicted it.
Use the addresses with lk-inode, lk-dcache or `p *(struct dentry *)ADDR`."""

    NAME = "lk-dentry"

    def run(self, arg):
        args = split_args(arg)
        if len(args) != 1:
            raise LkError("usage: lk-dentry /ABSOLUTE/PATH")
        path = args[0]
        if not path.startswith("/"):
            raise LkError("'%s' is not absolute: paths start at / (the root mount)" % path)
        mnt = root_mount()
        d = mnt["mnt_root"].dereference()
        mnt, d = follow_down(mnt, d)
        stack = [(mnt, d)]
        out(dentry_line(d, "/"))
        walked = ""
        comps = [c for c in path.split("/") if c and c != "."]
        for i, comp in enumerate(comps):
            if not addr_of(d["d_inode"]):
                raise LkError("%s is negative: it has no children" % (walked or "/"))
            if comp == "..":
                if len(stack) > 1:
                    stack.pop()
                mnt, d = stack[-1]
                walked = "/".join(walked.split("/")[:-1])
                out(dentry_line(d, walked or "/"))
                continue
            c = find_child(d, comp)
            walked += "/" + comp
            if c is None:
                here = [dname(k) for k in children(d)]
                raise LkError("'%s' is not in the dcache under %s (dentry 0x%x): never looked "
                              "up, or evicted. Its cached children: %s" % (
                                  comp, walked.rsplit("/", 1)[0] or "/", addr_of(d.address),
                                  ", ".join(here[:20]) + (" ..." if len(here) > 20 else "")
                                  if here else "none"))
            mnt, d = follow_down(mnt, c)
            if addr_of(d.address) != addr_of(c.address):
                out(dentry_line(c, walked) + " [mountpoint]")
                out(dentry_line(d, "  (mounted root)"))
            else:
                out(dentry_line(d, walked))
            stack.append((mnt, d))


class LkDcache(LkCommand):
    """The dcache tree under a dentry: lk-dcache [ADDR] [--depth N] [--max N]

ADDR is a struct dentry address or expression (default: the root dentry).
One line per cached dentry, indented by depth, children sorted by name,
with d_count, flags and inode. Stops after --depth levels (default 6) and
--max lines (default 200). Mounts are not entered: a mountpoint is marked,
and lk-dcache on the mount's root (lk-mounts) shows that tree."""

    NAME = "lk-dcache"

    def run(self, arg):
        args = split_args(arg)
        depth, limit, where = 6, 200, None
        while args:
            a = args.pop(0)
            if a in ("--depth", "--max"):
                if not args or not args[0].isdigit():
                    raise LkError("%s needs a number" % a)
                n = int(args.pop(0))
                if a == "--depth":
                    depth = n
                else:
                    limit = n
            elif where is None:
                where = a
            else:
                raise LkError("usage: lk-dcache [ADDR] [--depth N] [--max N]")
        if where is None:
            d = root_mount()["mnt_root"].dereference()
        else:
            a = parse_address(where, "a dentry")
            check_readable(a, lookup_type("struct dentry").sizeof, "a dentry")
            d = ptr(a, "struct dentry").dereference()
        self.shown = 0
        self.limit = limit
        self.more = 0
        self.walk(d, 0, depth)
        if self.more:
            out("... at least %d more dentries not shown (--max %d)" % (self.more, limit))

    def walk(self, d, level, depth):
        if self.shown >= self.limit:
            self.more += 1
            return
        label = "  " * level + dname(d)
        flags = int(d["d_flags"])
        out(dentry_line(d, label) + (" [mountpoint]" if flags & DCACHE_MOUNTED else ""))
        self.shown += 1
        kids = children(d)
        if level + 1 > depth:
            if kids:
                out("  " * (level + 1) + "... %d children below --depth %d" % (len(kids), depth))
            return
        for c in kids:
            self.walk(c, level + 1, depth)


class LkInode(LkCommand):
    """An inode and its locks: lk-inode ADDR

ADDR: a struct inode address or expression (`old_dir`, `d->d_inode`,
0xffff...). Prints i_ino, the mode, i_count, i_nlink, i_size, i_state, the
superblock, the i_rwsem (free, write-locked by which task, or how many
readers; waiters), the i_lock (free or the CPU holding it), the mapping's
invalidate_lock and cached folios (index, flags: locked, uptodate, dirty,
writeback, error; references and mappings), and the dentries that point
to it."""

    NAME = "lk-inode"

    def run(self, arg):
        args = split_args(arg)
        if len(args) != 1:
            raise LkError("usage: lk-inode ADDR (an address or an expression)")
        a = parse_address(args[0], "an inode")
        check_readable(a, lookup_type("struct inode").sizeof, "an inode")
        i = ptr(a, "struct inode").dereference()
        sb = i["i_sb"]
        if addr_of(sb) == 0:
            raise LkError("0x%x does not look like an inode: i_sb is NULL" % a)
        try:
            fstype = cstring(sb["s_type"]["name"], 32)
        except gdb.MemoryError:
            raise LkError("0x%x does not look like an inode: its i_sb 0x%x is unreadable"
                          % (a, addr_of(sb)))
        mode = int(i["i_mode"])
        out("inode 0x%x i_ino=%d on %s (super_block 0x%x)" % (a, int(i["i_ino"]), fstype, addr_of(sb)))
        out("  i_mode   0%o (%s)" % (mode, inode_type(i)))
        out("  i_count  %d   i_nlink %d   i_size %d   i_blocks %d" % (
            int(i["i_count"]), int(i["i_nlink"]), int(i["i_size"]), int(i["i_blocks"])))
        out("  i_state  %s" % flags_text(int(i["i_state"]), I_STATE))
        st, count = rwsem_state(i["i_rwsem"])
        out("  i_rwsem  0x%x: %s (count %d)" % (addr_of(i["i_rwsem"].address), st, count))
        out("  i_lock   0x%x: %s (owner_cpu %d)" % (addr_of(i["i_lock"].address),
                                                   spin_state(i["i_lock"]), int(i["i_lock"]["owner_cpu"])))
        self.mapping(i)
        aliases = [d.dereference() for d in list_for_each_entry(i["i_dentry"], "struct dentry", "d_alias")]
        out("  dentries (i_dentry): %s" % (", ".join(
            '0x%x "%s"' % (addr_of(d.address), dname(d)) for d in aliases[:10]) or "none"))

    def mapping(self, i):
        m = i["i_mapping"]
        if addr_of(m) == 0:
            out("  i_mapping NULL")
            return
        m = m.dereference()
        line = "  i_mapping 0x%x: nrpages %d" % (addr_of(m.address), int(m["nrpages"]))
        if has_field("struct address_space", "invalidate_lock"):
            line += ", invalidate_lock %s" % rwsem_state(m["invalidate_lock"])[0]
        out(line)
        if not has_field("struct address_space", "i_pages"):
            out("  cached folios: none to list (this kernel has no page cache yet)")
            return
        folios = list(radix_tree_items(m["i_pages"], MAX_FOLIOS + 1))
        out("  cached folios (i_pages, lock %s): %s" % (
            spin_state(m["i_pages_lock"]), len(folios) if len(folios) <= MAX_FOLIOS
            else "more than %d, the first %d:" % (MAX_FOLIOS, MAX_FOLIOS)))
        for index, item in folios[:MAX_FOLIOS]:
            f = ptr(item, "struct folio").dereference()
            out("    index %-6d folio 0x%x  %-34s ref %d map %d" % (
                index, item, folio_flags_text(int(f["flags"])),
                int(f["_refcount"]), int(f["_mapcount"])))


MAX_FOLIOS = 32
FOLIO_FLAGS = ("PG_locked", "PG_uptodate", "PG_dirty", "PG_writeback", "PG_error")


def folio_flags_text(flags):
    """The page-cache bits of a folio's flags: "locked|uptodate|dirty"."""
    names = []
    for name in FOLIO_FLAGS:
        try:
            bit = int(gdb.parse_and_eval(name))
        except gdb.error:
            continue
        if flags & (1 << bit):
            names.append(name[3:])
    return "|".join(names) or "-"


def radix_tree_items(root, limit):
    """(index, item address) of a radix tree's entries, in index order
    (kernel/lib/radix_tree.c: 64 slots a node, items in the shift-0 nodes)."""
    found = []

    def walk(node, base):
        n = node.dereference()
        shift = int(n["shift"])
        for slot in range(64):
            if len(found) >= limit:
                return
            child = addr_of(n["slots"][slot])
            if not child:
                continue
            index = base + (slot << shift)
            if shift == 0:
                found.append((index, child))
            else:
                walk(ptr(child, "struct radix_tree_node"), index)

    top = root["rnode"]
    if addr_of(top):
        walk(top, 0)
    return found


class LkMounts(LkCommand):
    """The mounts: lk-mounts

One line per mount on all_mounts, in mount order: the vfsmount address,
the device name, the full path it is mounted on, the filesystem type, the
superblock, the mount's root dentry, mnt_count and flags."""

    NAME = "lk-mounts"

    def run(self, arg):
        if arg.strip():
            raise LkError("takes no arguments")
        ms = mounts()
        root = static_var("root_mnt", "fs/vfs/namespace.c")
        out("%-18s %-12s %-24s %-8s %-18s %-18s %5s %s" % (
            "MOUNT", "DEVNAME", "MOUNTPOINT", "TYPE", "SUPER_BLOCK", "ROOT DENTRY", "COUNT", "FLAGS"))
        for m in ms:
            sb = m["mnt_sb"]
            out("%-18s %-12s %-24s %-8s %-18s %-18s %5d %s%s" % (
                "0x%x" % addr_of(m.address), char_array(m["mnt_devname"]), mount_path(m),
                cstring(sb["s_type"]["name"], 32), "0x%x" % addr_of(sb),
                "0x%x" % addr_of(m["mnt_root"]), int(m["mnt_count"]),
                "ro" if int(m["mnt_flags"]) & 1 else "rw",
                " (root)" if addr_of(m.address) == addr_of(root) else ""))
        if not ms:
            out("no mounts yet")


class LkSb(LkCommand):
    """The superblocks: lk-sb

One block per superblock on super_blocks: type, id, device, flags, the
s_umount rw_semaphore (free, write-locked by which task, or readers), the
s_vfs_rename_sem mutex, the freeze state, s_active/s_count, the root
dentry, and how many inodes it has."""

    NAME = "lk-sb"

    def run(self, arg):
        if arg.strip():
            raise LkError("takes no arguments")
        sbs = [s.dereference() for s in list_for_each_entry(
            static_var("super_blocks", "fs/vfs/super.c"), "struct super_block", "s_list")]
        for sb in sbs:
            dev = int(sb["s_dev"])
            out("super_block 0x%x %s (s_id %s) dev %d:%d flags %s" % (
                addr_of(sb.address), cstring(sb["s_type"]["name"], 32), char_array(sb["s_id"]),
                dev >> 20, dev & 0xfffff, flags_text(int(sb["s_flags"]), SB_FLAGS)))
            out("  s_umount          %s (count %d)" % rwsem_state(sb["s_umount"]))
            out("  s_vfs_rename_sem  %s" % mutex_state(sb["s_vfs_rename_sem"]))
            frozen = int(sb["s_writers"]["frozen"])
            writers = int(sb["s_writers"]["writers"])
            out("  frozen            %s, %d write%s in progress" % (
                FROZEN.get(frozen, str(frozen)), writers, "" if writers == 1 else "s"))
            out("  s_active %d  s_count %d  s_root 0x%x  inodes %d  blocksize %d" % (
                int(sb["s_active"]), int(sb["s_count"]), addr_of(sb["s_root"]),
                list_count(sb["s_inodes"]), int(sb["s_blocksize"])))
        if not sbs:
            out("no superblocks yet")


class LkVma(LkCommand):
    """A process's memory map: lk-vma PID

Lists the user regions of a task's mm_struct (mm->regions, a list of
struct vm_region; or, on a kernel with VMAs, mm->mmap). Kernel threads have
no mm. On a kernel without struct mm_struct it says so."""

    NAME = "lk-vma"
    NEEDS_TARGET = False

    def run(self, arg):
        if not has_type("struct mm_struct"):
            raise LkError("not available: this kernel has no user address spaces yet "
                          "(no struct mm_struct in its symbols)")
        regions = has_field("struct mm_struct", "regions") and has_type("struct vm_region")
        vmas = has_field("struct mm_struct", "mmap") and has_field("struct vm_area_struct", "vm_next")
        if not has_field("struct task_struct", "mm") or not (regions or vmas):
            raise LkError("not available: this kernel's mm_struct does not have a layout "
                          "lk-vma knows (task->mm with mm->regions or mm->mmap); "
                          "update tools/gdb/lk_vfs.py")
        require_target()
        args = split_args(arg)
        if len(args) != 1:
            raise LkError("usage: lk-vma PID")
        t = find_task(args[0])
        mm = t["mm"]
        if addr_of(mm) == 0:
            out("%s is a kernel thread: no mm" % task_name(t))
            return
        if regions:
            for r in list_for_each_entry(mm["regions"], "struct vm_region", "vr_list"):
                r = r.dereference()
                prot = int(r["vr_prot"])
                out("0x%016x-0x%016x r%s%s" % (int(r["vr_start"]), int(r["vr_end"]),
                                               "w" if prot & 2 else "-",
                                               "-" if prot & (1 << 63) else "x"))
            out("brk 0x%x-0x%x" % (int(mm["start_brk"]), int(mm["brk"])))
            return
        v = mm["mmap"]
        n = 0
        while addr_of(v) and n < 10000:
            out("0x%016x-0x%016x flags 0x%x" % (int(v["vm_start"]), int(v["vm_end"]),
                                               int(v["vm_flags"])))
            v = v["vm_next"]
            n += 1


def register():
    LkDentry()
    LkDcache()
    LkInode()
    LkMounts()
    LkSb()
    LkVma()
