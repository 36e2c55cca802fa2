"""lk-rules: an operation's row of the lock-rule table and the lock states
the checker has seen at its calls so far.

Reads fs/lockrules/lockrules.c's data: lr_rows[] (one struct lr_row per
operation, built from rules.def: name, note, block, allow[] masks per lock)
and lr_global (the counters of real VFS calls: per operation, up to
LR_MAX_COMBOS combinations, each a u64 key of 3 bits per lock, and calls).
The in_atomic rule follows lockrules.c's block_allows()/in_atomic_allows().
"""
import difflib
from lk_util import (LkCommand, LkError, out, cstring, static_var, enum_names, split_args)

FILE = "fs/lockrules/lockrules.c"
STATE_BITS = 3
BLOCK_TEXT = {"LRB_MAY_BLOCK": "may block",
              "LRB_MAY_BLOCK_REF_WALK": "may block in ref-walk, not in RCU-walk",
              "LRB_MAY_BLOCK_IF_UNLOCKED": "may block only when the caller is not atomic",
              "LRB_NO_BLOCK": "must not block",
              "LRB_ATOMIC": "always called in atomic context"}


class Tables:
    """The rule data of the running kernel."""

    def __init__(self):
        self.rows = static_var("lr_rows", FILE)
        self.stats = static_var("lr_global", FILE)
        locks = enum_names("enum lr_lock")
        states = enum_names("enum lr_state")
        self.lock_names = {v: n[len("LR_"):] for v, n in locks.items() if n != "LR_NR_LOCKS"}
        self.state_names = {v: n[len("LRS_"):] for v, n in states.items() if n != "LRS_NR_STATES"}
        self.nlocks = len(self.lock_names)
        self.blocks = enum_names("enum lr_block")
        self.nops = self.rows.type.strip_typedefs().range()[1] + 1
        self.in_atomic = self.index_of("in_atomic")
        self.rcu_walk = self.index_of("rcu_walk")

    def index_of(self, lock):
        for v, n in self.lock_names.items():
            if n == lock:
                return v
        raise LkError("no lock '%s' in enum lr_lock: the helpers and the kernel disagree" % lock)

    def names(self):
        return [cstring(self.rows[i]["name"], 64) for i in range(self.nops)]

    def find(self, op):
        names = self.names()
        if op in names:
            return names.index(op)
        tail = [i for i, n in enumerate(names) if n.split(".", 1)[-1] == op]
        if len(tail) == 1:
            return tail[0]
        if len(tail) > 1:
            raise LkError("'%s' is ambiguous: %s" % (op, ", ".join(names[i] for i in tail)))
        close = difflib.get_close_matches(op, names, n=5, cutoff=0.6)
        raise LkError("no operation '%s' in the rule table (%d rows)%s; `lk-rules` lists them"
                      % (op, len(names), "; did you mean " + ", ".join(close) if close else ""))

    def allow(self, op, lock):
        return int(self.rows[op]["allow"][lock])

    def block(self, op):
        return self.blocks.get(int(self.rows[op]["block"]), "?")

    def block_allows(self, op):
        """lockrules.c's block_allows(): the in_atomic states outside RCU-walk."""
        b = self.block(op)
        if b in ("LRB_MAY_BLOCK", "LRB_MAY_BLOCK_REF_WALK"):
            return 1 << self.state("none")
        if b == "LRB_ATOMIC":
            return 1 << self.state("held")
        return (1 << self.state("none")) | (1 << self.state("held"))

    def state(self, name):
        for v, n in self.state_names.items():
            if n == name:
                return v
        raise LkError("no state '%s' in enum lr_state" % name)

    def named(self, op, lock):
        """lockrules.c's row_names(): the locks a combination records."""
        return self.allow(op, lock) != 0 or lock == self.in_atomic

    def mask_text(self, mask):
        return "|".join(n for v, n in sorted(self.state_names.items()) if mask & (1 << v)) or "-"

    def combos(self, op):
        os = self.stats["op"][op]
        cap = os["combo"].type.strip_typedefs().range()[1] + 1
        nr = min(int(os["nr"]), cap)
        return [(int(os["combo"][i]["key"]), int(os["combo"][i]["calls"])) for i in range(nr)], \
            int(os["overflow"])

    def key_state(self, key, lock):
        return (key >> (lock * STATE_BITS)) & ((1 << STATE_BITS) - 1)

    def allowed_in_combo(self, op, lock, key):
        """The states the row allows for lock in this combination."""
        if lock != self.in_atomic:
            return self.allow(op, lock)
        held = self.state("held")
        if self.allow(op, self.rcu_walk) & (1 << held) and self.key_state(key, self.rcu_walk) == held:
            return 1 << held
        return self.block_allows(op)


class LkRules(LkCommand):
    """A VFS operation's lock rule and what the checker saw: lk-rules [OP]

OP is table.op as in the LOCKRULE report ("inode.rename", "super.sync_fs");
an op name alone ("rename") works when only one table has it. Prints the
row of fs/lockrules/rules.def as the running kernel holds it (whether the
op may sleep, its note, the states each lock may be in), then every
combination of states observed at real calls so far, as LOCKRULE lines
with their call counts, each marked ok or BREAKS THE RULE. Without OP:
every operation with its number of observed calls."""

    NAME = "lk-rules"

    def run(self, arg):
        args = split_args(arg)
        if len(args) > 1:
            raise LkError("takes one operation name, e.g. inode.rename")
        t = Tables()
        if not args:
            self.list_all(t)
            return
        op = t.find(args[0])
        self.show(t, op)

    def list_all(self, t):
        names = t.names()
        called = 0
        for i, n in enumerate(names):
            combos, overflow = t.combos(i)
            calls = sum(c for _, c in combos) + overflow
            called += calls > 0
            out("  %-36s %s" % (n, "%d call%s in %d combination%s" % (
                calls, "" if calls == 1 else "s", len(combos), "" if len(combos) == 1 else "s")
                if calls else "not called yet"))
        out("%d operations, %d called so far" % (len(names), called))

    def show(self, t, op):
        row = t.rows[op]
        name = cstring(row["name"], 64)
        out("%s: %s" % (name, BLOCK_TEXT.get(t.block(op), t.block(op))))
        out("  note: %s" % cstring(row["note"], 512))
        rule = []
        for lock in range(t.nlocks):
            if lock == t.in_atomic:
                rule.append("in_atomic=%s" % t.mask_text(t.block_allows(op)))
            elif t.allow(op, lock):
                rule.append("%s=%s" % (t.lock_names[lock], t.mask_text(t.allow(op, lock))))
        out("  rule: %s" % " ".join(rule))
        combos, overflow = t.combos(op)
        if not combos and not overflow:
            out("  observed: not called yet")
            return
        out("  observed (%d combination%s):" % (len(combos), "s" if len(combos) != 1 else ""))
        for key, calls in combos:
            parts, bad = [], []
            for lock in range(t.nlocks):
                if not t.named(op, lock):
                    continue
                s = t.key_state(key, lock)
                parts.append("%s=%s" % (t.lock_names[lock], t.state_names.get(s, "?")))
                if not t.allowed_in_combo(op, lock, key) & (1 << s):
                    bad.append(t.lock_names[lock])
            out("    LOCKRULE %s %s calls=%d   %s" % (
                name, " ".join(parts), calls,
                "ok" if not bad else "BREAKS THE RULE (%s)" % ", ".join(bad)))
        if overflow:
            out("    %d calls in further combinations (table full)" % overflow)


def register():
    LkRules()
