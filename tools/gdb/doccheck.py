"""Runs the examples of docs/*.md that are marked as runnable, so the docs
cannot drift from the code. tools/gdb/test_gdb.py calls it (make check).

A fenced block is checked when an HTML comment right before it says how:

  <!-- doccheck sh -->
      A shell block, run by bash in the repository root. It passes when its
      last command succeeds and no command was missing. Write it so it ends
      by checking its result (a grep of the log it made, say).

  <!-- doccheck gdb session=NAME cmdline="ktest=..." -->
  <!-- doccheck gdb session=NAME -->
      A gdb session, as a student types it after `make qemu-gdb` and
      `make gdb`: lines starting with "(gdb) " are commands, the lines after
      one are its sample output. Blocks with the same session name form one
      session, in document order; its first block gives the kernel command
      line. The check boots that kernel under QEMU's gdbstub, runs the repo's
      .gdbinit (with its own port), then every command. A session passes when
      every command runs without error, every "hit Breakpoint N, FUNC" of a
      sample stops in FUNC, and every sample line of an lk-* command appears
      in the real output once addresses and numbers are blanked out ("..." in
      a sample skips lines, "text ..." matches a line starting with text,
      and output=varies in the mark turns the comparison off for a block whose
      output changes from run to run; gdb's own "Breakpoint N at" lines are not
      compared). A sample that is one line "lk-NAME: message"
      says the command fails with that message.

Each sh block and each session is one test: doc-FILE-LINE or doc-FILE-NAME.
"""
import json
import os
import re
import shlex
import subprocess

try:
    import gdb
except ImportError:
    gdb = None

MARK = re.compile(r"^<!--\s*doccheck\s+(sh|gdb)\b(.*?)-->\s*$")
FENCE = re.compile(r"^```")


def parse(path):
    """[(kind, options, first line number, [lines])] of the marked blocks."""
    with open(path) as f:
        lines = f.read().splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i].strip())
        i += 1
        if not m:
            continue
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i >= len(lines) or not FENCE.match(lines[i]):
            raise ValueError("%s:%d: a doccheck mark must be followed by a ``` block" % (path, i))
        start = i + 2
        body = []
        i += 1
        while i < len(lines) and not FENCE.match(lines[i]):
            body.append(lines[i])
            i += 1
        i += 1
        opts = dict(o.split("=", 1) for o in shlex.split(m.group(2)) if "=" in o)
        blocks.append((m.group(1), opts, start, body))
    return blocks


def sessions(path, blocks):
    """{name: {"cmdline": str, "steps": [{cmd, sample, where}]}} in order."""
    out = {}
    for kind, opts, start, body in blocks:
        if kind != "gdb":
            continue
        name = opts.get("session")
        if not name:
            raise ValueError("%s:%d: a gdb block needs session=NAME" % (path, start))
        s = out.setdefault(name, {"cmdline": None, "steps": []})
        if "cmdline" in opts:
            s["cmdline"] = opts["cmdline"]
        for n, line in enumerate(body):
            if line.startswith("(gdb) "):
                s["steps"].append({"cmd": line[len("(gdb) "):].strip(), "sample": [],
                                   "varies": opts.get("output") == "varies",
                                   "where": "%s:%d" % (os.path.basename(path), start + n)})
            elif s["steps"]:
                s["steps"][-1]["sample"].append(line)
    for name, s in out.items():
        if s["cmdline"] is None:
            raise ValueError("%s: session %s has no cmdline=" % (path, name))
    return out


def run_sh(host, root, path, start, body):
    name = "doc-%s-%d" % (os.path.basename(path), start)
    script = "\n".join(body) + "\n"
    try:
        r = subprocess.run(["bash", "-c", script], cwd=root, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=host.timeout)
    except subprocess.TimeoutExpired:
        host.report(name, False, "did not finish in %g s" % host.timeout)
        return
    missing = re.findall(r"^.*(?:command not found|No such file or directory).*$", r.stdout, re.M)
    ok = r.returncode == 0 and not missing
    why = "exit status %d; %s" % (r.returncode, " | ".join(
        (missing or r.stdout.splitlines())[-6:]))
    host.report(name, ok, why)


def run_all(host, root):
    """Check every marked block of docs/*.md."""
    docs = os.path.join(root, "docs")
    for fn in sorted(os.listdir(docs)):
        if not fn.endswith(".md"):
            continue
        path = os.path.join(docs, fn)
        try:
            blocks = parse(path)
            sess = sessions(path, blocks)
        except ValueError as e:
            host.report("doc-%s" % fn, False, str(e))
            continue
        for kind, opts, start, body in blocks:
            if kind == "sh":
                run_sh(host, root, path, start, body)
        for name, s in sess.items():
            test = "doc-%s-%s" % (fn, name)
            spec = os.path.join(host.out, test + ".json")
            with open(spec, "w") as f:
                json.dump(dict(s, test=test, root=root), f)
            text = host.session(test, s["cmdline"], ["-x", os.path.abspath(__file__)],
                                {"LK_DOC_SESSION": spec})
            host.collect(test, text, [test])


# ===================================================================== gdb side

# gdb's own words inside an lk- command's output (where it put a breakpoint
# depends on the compiler's inlining): not compared.
GDB_OWN = re.compile(r"^(Hardware assisted )?Breakpoint \d+ at ")


def norm(line):
    """A line with addresses, numbers and spacing blanked out."""
    line = re.sub(r"0x[0-9a-fA-F]+", "0x_", line)
    line = re.sub(r"\d+", "N", line)
    return re.sub(r"\s+", " ", line).strip()


def frame_name():
    try:
        return gdb.selected_frame().name()
    except gdb.error:
        return None


def expected_error(step):
    """The error a sample shows ("lk-vma: not available: ..."), or None."""
    name = step["cmd"].split()[0] if step["cmd"].split() else ""
    lines = [l for l in step["sample"] if l.strip()]
    if name.startswith("lk-") and lines and lines[0].startswith(name + ": "):
        return lines[0]
    return None


def check_step(step, text):
    """None, or why the output does not fit the sample. (gdb prints where
    it stopped outside the captured text: the frame tells.)"""
    cmd = step["cmd"]
    for line in step["sample"]:
        m = re.search(r"hit (?:Hardware assisted )?Breakpoint \d+, (\w+) \(", line)
        if m and frame_name() != m.group(1):
            return "expected a stop in %s, stopped in %s" % (m.group(1), frame_name())
    if not cmd.startswith("lk-") or step.get("varies"):
        return None
    real = set(norm(l) for l in text.splitlines())
    for line in step["sample"]:
        if not line.strip() or line.strip() == "..." or GDB_OWN.match(line):
            continue
        if line.rstrip().endswith("..."):          # "text ...": a line starting so
            prefix = norm(line.rstrip()[:-3])
            if not any(r.startswith(prefix) for r in real):
                return "no output line starts like %r" % line.strip()
        elif norm(line) not in real:
            return "sample line %r is not in the output" % line.strip()
    return None


def gdb_main():
    spec = json.load(open(os.environ["LK_DOC_SESSION"]))
    test = spec["test"]
    port = os.environ["LK_GDB_PORT"]
    kernel = os.environ["LK_GDB_KERNEL"]
    why = None
    try:
        with open(os.path.join(spec["root"], ".gdbinit")) as f:
            init = f.read()
        init = init.replace("localhost:1234", "localhost:" + port)
        init = init.replace("file build/kernel.elf", "file " + kernel)
        mine = os.environ["LK_DOC_SESSION"] + ".gdbinit"
        with open(mine, "w") as f:
            f.write(init)
        gdb.execute("source " + mine, to_string=True)
        if gdb.selected_thread() is None:
            why = ".gdbinit did not connect to QEMU"
        for step in spec["steps"] if why is None else []:
            expect_error = expected_error(step)
            try:
                text = gdb.execute(step["cmd"], to_string=True)
            except gdb.error as e:
                print("(gdb) %s\n%s" % (step["cmd"], e), flush=True)
                if expect_error is None:
                    why = "%s: `%s` failed: %s" % (step["where"], step["cmd"], e)
                elif norm(str(e)) != norm(expect_error):
                    why = "%s: `%s` failed with %r, the doc says %r" % (
                        step["where"], step["cmd"], str(e), expect_error)
                if why:
                    break
                continue
            print("(gdb) %s\n%s" % (step["cmd"], text), flush=True)
            if expect_error is not None:
                why = "%s: `%s` should fail with %r" % (step["where"], step["cmd"], expect_error)
                break
            bad = check_step(step, text)
            if bad:
                why = "%s: `%s`: %s" % (step["where"], step["cmd"], bad)
                break
    except Exception as e:
        why = "%s: %s" % (type(e).__name__, e)
    finally:
        try:
            gdb.execute("kill", to_string=True)
        except gdb.error:
            pass
    print("GDBTEST %s %s%s" % ("FAIL" if why else "PASS", test, ": " + why if why else ""),
          flush=True)


if __name__ == "__main__" and gdb is not None:
    gdb_main()
