"""The ext2 configurations of tools/check (imported by it; `h` is tools/check
itself: boot, record, say, judge_health, disk_args, ...).

  ext2-1cpu, ext2-4cpu   interop both ways and concurrency. In the guest:
        utest ext2_read (the host-made images vdd and vde, read-only, every
        entry checked exactly) and ext2_read of vdf (the same tree with
        2 KiB blocks, made here), then ext2_workload on vdd (1 KiB blocks),
        vdf (2 KiB) and vde (4 KiB), ext2_conc (8 processes of 150
        rounds in shared directories and files) on vde, unmount, lockstat,
        poweroff. On the
        host afterwards: e2fsck -fn of the three images must be clean, and
        the tree each workload left must equal the tree the same
        ext2_workload binary makes on the host in a temporary directory
        (tools/ext2tree).
  ext2-crash   the power-cut loop: ext2_crash appends records with
        write+fsync/fdatasync and prints "FSYNCED n checksum bytes" after
        each; QEMU is killed with SIGKILL at a seeded random moment; the
        host runs e2fsck -fy (0 or 1), then e2fsck -fn (must be 0), then
        checks with debugfs that every log written so far on the image
        holds the bytes its last FSYNCED line promised. Iterations
        alternate between a 1 KiB- and a 4 KiB-block image, each reused (a
        repaired image is mounted again) and made afresh every 10 uses.
  ext2-root-virtio, ext2-root-ide   a copy of build/disk.img as the root
        (root=/dev/vda on virtio, root=/dev/hda on IDE): /proc/mounts must
        show it, the file tests (fs_*, but fs_names) run on it, a file is
        written; after sync and poweroff (no unmount) the host finds the
        file and e2fsck -fn is clean.
  ext2-root-fallback   root=/dev/vdz (no such disk): the initramfs is the
        root and the shell comes up.
--stress (make stress): 200 crash iterations (EXT2_CRASH_ITERATIONS=N: N),
ext2_conc with 12 processes of 400 rounds (steps may take 600 s), and the
workload and root configurations three times each.
"""
import os
import random
import re
import shutil
import signal
import subprocess
import time
import zlib

os.environ["PATH"] += ":/usr/sbin:/sbin"

h = None                # tools/check, set by configs()
STRESS = False
CRASH_ITERATIONS = int(os.environ.get("EXT2_CRASH_ITERATIONS", "20"))
CRASH_STRESS_ITERATIONS = int(os.environ.get("EXT2_CRASH_ITERATIONS", "200"))
CRASH_MAX_DELAY = 1.5   # seconds after CREATED before the power cut
CRASH_FRESH_EVERY = 10  # uses of an image before a new one


def rel(path):
    return os.path.relpath(path, h.ROOT)


def e2fsck(img, *flags):
    r = subprocess.run(["e2fsck"] + list(flags) + [img], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout.decode(errors="replace")


def fsck_clean(img):
    """e2fsck -fn: (clean?, why not). Clean means status 0 and no question
    answered "no": e2fsck -n exits 0 when only the superblock's free
    counts are wrong, and they must be exact after a clean unmount or sync."""
    code, out = e2fsck(img, "-fn")
    lines = out.splitlines()
    asked = []
    for i, l in enumerate(lines):
        if l.endswith("? no"):
            q = re.sub(r"\s*\S+\? no$", "", l).strip()
            asked.append(q or (lines[i - 1].strip() if i else ""))
    if code == 0 and not re.search(r"\? no$", out, re.M):
        return True, ""
    return False, "e2fsck -fn %s: status %d%s\n%s" % (
        rel(img), code, "; it would fix: " + "; ".join(asked[:5]) if asked else "", h.tail(out, 30))


def fixes(out):
    """The kinds of problem e2fsck -fy fixed, numbers left out."""
    lines = out.splitlines()
    kinds = set()
    for i, l in enumerate(lines):
        if l.endswith("? yes"):
            q = re.sub(r"\s*\S+\? yes$", "", l).strip() or (lines[i - 1].strip() if i else "")
            q = re.sub(r"\(.*?\)|#\d+|\d+", "", q)
            kinds.add(re.sub(r"\s+", " ", q).strip().rstrip(".:- "))
    return kinds


def debugfs_cmd(img, cmd):
    r = subprocess.run(["debugfs", "-R", cmd, img], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    return r.stdout, r.stderr.decode(errors="replace")


def tool(name):
    """tools/NAME (a Python script) as a module."""
    import importlib.machinery
    import importlib.util
    path = os.path.join(h.ROOT, "tools", name)
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_loader(name, loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def image_2k(disks):
    """vdf: the images' tree once more, with 2 KiB blocks (32 MiB), made the
    way tools/mkdisks makes vdd and vde. Returns run-qemu arguments."""
    mk = tool("mkdisks")
    path = os.path.join(disks, "vdf.img")
    mk.ext2_image(path, 32 << 20, 2048, os.path.join(disks, "ext2-tree"))
    return ["--extra", "-drive file=%s,format=raw,if=none,id=vd5,cache=writeback" % path,
            "--extra", "-device virtio-blk-pci,drive=vd5,disable-legacy=on"]


def judge_utest_lines(name, text):
    for m in re.finditer(r"^UTEST (PASS|FAIL) ([^\s:]+):? ?(.*?)\r?$", text, re.M):
        h.record("%s:utest:%s" % (name, m.group(2)), m.group(1) == "PASS",
                 m.group(3) or "(no reason given)")


def judge_end(name, rc, text):
    h.judge_health(name, text, os.path.join(h.OUT, name + ".log"))
    h.record("%s:lockstat-no-violations" % name,
             re.search(r"operations seen \(\d+%\); violations: 0\r?$", text, re.M) is not None,
             "no \"violations: 0\" line from lockstat")
    gave_up = re.search(r"^run-qemu: (.*)$", text, re.M)
    ok = rc == h.EXIT_SUCCESS and "reboot: Power down" in text
    h.record("%s:poweroff" % name, ok, "the session did not end with a power off (QEMU status "
             "%d): %s\nlast 40 lines:\n%s" % (rc, gave_up.group(1) if gave_up else
                                              h.why_incomplete(rc, name), h.tail(text)))


def session(name, lines):
    script = os.path.join(h.OUT, name + ".input")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    return ["--input-file", script, "--prompt", h.USER_PROMPT,
            "--step-timeout", "600" if STRESS else "240", "--quit-after-input"]


def summary(name, before, start, what):
    p = sum(1 for r in h.results[before:] if r[1])
    h.say("== %s (%s): %d passed, %d failed (%.0f s)"
          % (name, what, p, len(h.results) - before - p, time.time() - start))


# --- interop and concurrency ---------------------------------------------------

def host_workload(name):
    """The tree ext2_workload makes on the host: the expected result."""
    top = os.path.join(h.OUT, name + "-host")
    shutil.rmtree(top, ignore_errors=True)
    os.makedirs(top)
    prog = os.path.join(h.ROOT, "build", "user", "tests", "ext2_workload")
    r = subprocess.run([prog, os.path.join(top, "wl")], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    out = r.stdout.decode(errors="replace")
    h.record("%s:workload-on-host" % name, r.returncode == 0 and "UTEST PASS" in out,
             "ext2_workload fails on the host itself (status %d):\n%s"
             % (r.returncode, h.tail(out, 20)))
    return os.path.join(top, "wl")


def run_interop(cfg):
    name, cpus = cfg["name"], cfg["cpus"]
    workers, rounds = (12, 400) if STRESS else (8, 150)
    start = time.time()
    before = len(h.results)
    expected = host_workload(name)
    lines = ["utest ext2_read",
             "mkdir /mnt-d /mnt-e /mnt-f",
             "mount -t ext2 -o ro /dev/vdf /mnt-f && utest-ext2_read /mnt-f 2048",
             "umount /mnt-f",
             "mount -t ext2 /dev/vdd /mnt-d && utest-ext2_workload /mnt-d/wl",
             "umount /mnt-d",
             "mount -t ext2 /dev/vdf /mnt-f && utest-ext2_workload /mnt-f/wl",
             "umount /mnt-f",
             "mount -t ext2 /dev/vde /mnt-e && utest-ext2_workload /mnt-e/wl && "
             "utest-ext2_conc /mnt-e/conc %d %d" % (workers, rounds),
             "umount /mnt-e",
             "cat /proc/mounts",
             "lockstat",
             "poweroff"]
    disks = os.path.join(h.OUT, name + "-disks")
    args = h.disk_args(name)
    got = h.boot(name, h.GCC_KERNEL, "", cpus, run_args=session(name, lines) + args + image_2k(disks))
    if not got:
        return
    rc, text, log = got
    judge_utest_lines(name, text)
    h.record("%s:read-all-images" % name,
             all(re.search(r"^UTEST PASS ext2_read-%s\r?$" % bs, text, re.M)
                 for bs in ("1k", "2k", "4k")),
             "ext2_read did not pass on all three images")
    for what in ("workload", "conc"):
        h.record("%s:%s-done" % (name, what),
                 re.search(r"^UTEST PASS ext2_%s\r?$" % what, text, re.M) is not None,
                 "no \"UTEST PASS ext2_%s\" line" % what)
    judge_end(name, rc, text)
    tree = tool("ext2tree")
    for img in ("vdd", "vdf", "vde"):
        path = os.path.join(disks, img + ".img")
        clean, why = fsck_clean(path)
        h.record("%s:%s-e2fsck-clean" % (name, img), clean, why)
        try:
            diffs = tree.compare_trees(path, "/wl", expected)
        except Exception as e:      # debugfs could not read the image
            diffs = ["cannot read the image: %s: %s" % (type(e).__name__, e)]
        h.record("%s:%s-workload-tree" % (name, img), not diffs,
                 "the workload's tree in %s:/wl differs from the host's %s (%d differences):\n%s"
                 % (rel(path), rel(expected), len(diffs), "\n".join(diffs[:25])))
    summary(name, before, start, "%d CPU%s, host images read, workload and %d x %d concurrent "
            "rounds, host checks" % (cpus, "s" if cpus > 1 else "", workers, rounds))


# --- power cuts ----------------------------------------------------------------

def checksum(data):
    """What ext2_crash prints: zlib's CRC-32."""
    return zlib.crc32(data)


def crash_image(path, blocksize):
    size = (32 if blocksize == 1024 else 64) << 20
    with open(path, "wb") as f:
        f.truncate(size)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-b", str(blocksize), path],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def crash_boot(name, iso, img, cpus, log_name, delay):
    """Boot, start ext2_crash on the image, SIGKILL QEMU delay seconds after
    CREATED. Returns (serial text, killed by us, why not)."""
    log = os.path.join(h.OUT, name + ".log")
    if os.path.exists(log):
        os.unlink(log)
    lines = ["mkdir /mnt-c", "mount -t ext2 /dev/vda /mnt-c && utest-ext2_crash /mnt-c/" + log_name]
    args = session(name, lines)
    args.remove("--quit-after-input")
    cmd = [os.path.join(h.ROOT, "tools", "run-qemu"), "--iso", iso, "--cpus", str(cpus),
           "--log", log, "--timeout", "%g" % h.TIMEOUT,
           "--extra", "-drive file=%s,format=raw,if=none,id=vd0,cache=writeback" % img,
           "--extra", "-device virtio-blk-pci,drive=vd0,disable-legacy=on"] + args
    # A session of its own: one killpg reaches run-qemu and QEMU together.
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    killed, why = False, ""
    while True:
        if p.poll() is not None:
            why = "QEMU ended by itself (status %d) before the power cut" % p.returncode
            break
        if "CREATED /mnt-c/" in h.read(log):
            time.sleep(delay)
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                killed = True
            else:
                why = "QEMU ended by itself (status %d) before the power cut" % p.returncode
            break
        if time.time() > deadline:
            os.killpg(p.pid, signal.SIGKILL)
            why = "no CREATED line within 120 s"
            break
        time.sleep(0.05)
    p.wait()
    return h.read(log), killed, why


def check_logs(img, logs):
    """logs: {name: (n, checksum, bytes)} of the last FSYNCED line of each
    log on the image. Returns a list of problems."""
    bad = []
    for log_name, (n, want, size) in sorted(logs.items()):
        data, err = debugfs_cmd(img, "cat /" + log_name)
        if len(data) < size:
            err = [l for l in err.splitlines() if l.strip() and not l.startswith("debugfs ")]
            bad.append("%s: %d bytes after the repair, but record %d (%d bytes) was fsynced%s"
                       % (log_name, len(data), n, size, " (%s)" % err[-1] if err else ""))
        elif checksum(data[:size]) != want:
            bad.append("%s: the first %d bytes (records 0..%d, fsynced) differ from what was "
                       "written (CRC-32 %08x, expected %08x)"
                       % (log_name, size, n, checksum(data[:size]), want))
    return bad


def run_crash(cfg):
    name, cpus, seed = cfg["name"], cfg["cpus"], cfg["seed"]
    iterations = CRASH_STRESS_ITERATIONS if STRESS else CRASH_ITERATIONS
    start = time.time()
    before = len(h.results)
    iso = os.path.join(h.OUT, name + ".iso")
    mk = subprocess.run([os.path.join(h.ROOT, "tools", "mkiso"), h.GCC_KERNEL, iso, ""],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if mk.returncode:
        h.record(name + ":iso", False, "tools/mkiso failed:\n" + mk.stdout.decode()[-2000:])
        return
    d = os.path.join(h.OUT, name + "-disks")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    rng = random.Random(seed)
    images = {1024: os.path.join(d, "crash-1k.img"), 4096: os.path.join(d, "crash-4k.img")}
    uses = {1024: 0, 4096: 0}
    logs = {1024: {}, 4096: {}}
    stats = dict(records=0, repaired=0, failed=0)
    repairs = {}        # what e2fsck -fy fixed: {kind: iterations}
    for i in range(iterations):
        bs = 1024 if i % 2 == 0 else 4096
        img = images[bs]
        if uses[bs] % CRASH_FRESH_EVERY == 0:
            crash_image(img, bs)
            logs[bs] = {}
        uses[bs] += 1
        delay = rng.uniform(0.0, CRASH_MAX_DELAY)
        log_name = "log-%d" % i
        boot_name = "%s-%d" % (name, i)
        text, killed, why = crash_boot(boot_name, iso, img, cpus, log_name, delay)
        problems = []
        if not killed:
            problems.append(why)
        if "Kernel panic" in text or "lockdep: UNEXPECTED report" in text or \
                re.search(r"lock rule violation", text):
            problems.append("a panic, lockdep report or lock rule violation in the log")
        fail = re.search(r"^UTEST FAIL ext2_crash: (.*)$", text, re.M)
        if fail:
            problems.append("ext2_crash: " + fail.group(1))
        # Only whole lines: the power cut may have cut the last one short.
        synced = re.findall(r"^FSYNCED (\d+) ([0-9a-f]{8}) (\d+)\r?\n", text, re.M)
        if synced:
            n, checksum, size = synced[-1]
            logs[bs][log_name] = (int(n), int(checksum, 16), int(size))
            stats["records"] += int(n) + 1
        elif killed and "CREATED" in text:
            logs[bs][log_name] = (-1, checksum(b""), 0)     # created and fsynced, still empty
        code, out = e2fsck(img, "-fy")
        if code == 1:
            stats["repaired"] += 1
            for kind in fixes(out):
                repairs[kind] = repairs.get(kind, 0) + 1
        if code not in (0, 1):
            problems.append("e2fsck -fy: status %d\n%s" % (code, h.tail(out, 20)))
        code, out = e2fsck(img, "-fn")
        if code != 0:
            problems.append("e2fsck -fn after -fy: status %d\n%s" % (code, h.tail(out, 20)))
        problems += check_logs(img, logs[bs])
        if problems:
            stats["failed"] += 1
            keep = os.path.join(d, "failed-%d-%s.img" % (i, "1k" if bs == 1024 else "4k"))
            shutil.copyfile(img, keep)
            h.record("%s:iteration-%d" % (name, i), False,
                     "%d KiB blocks, power cut %.2f s after CREATED (seed %d); image kept as "
                     "%s, serial log %s:\n%s" % (bs // 1024, delay, seed, rel(keep),
                                                 rel(os.path.join(h.OUT, boot_name + ".log")),
                                                 "\n".join(problems)))
            crash_image(img, bs)        # start over on a good image
            logs[bs] = {}
            uses[bs] = 1
    h.record("%s:all-iterations" % name, stats["failed"] == 0,
             "%d of %d iterations failed" % (stats["failed"], iterations))
    h.say("   %s: %d power cuts, %d fsynced records checked, e2fsck -fy repaired %d images%s"
          % (name, iterations, stats["records"], stats["repaired"],
             ": " + "; ".join("%s (%d)" % kv for kv in sorted(repairs.items())) if repairs else ""))
    summary(name, before, start, "%d CPU%s, %d power cuts, seed %d"
            % (cpus, "s" if cpus > 1 else "", iterations, seed))


# --- the root filesystem -----------------------------------------------------

# The file tests that run on the ext2 root (in /tmp). Not fs_names: it
# expects RENAME_EXCHANGE, which Linux's ext2 refuses with EINVAL too.
ROOT_UTESTS = ("fs_rw fs_getdents fs_cwd fs_dup fs_append fs_cloexec fs_locks fs_eacces "
               "fs_mount fs_xattr fs_attr fs_efault")
ROOT_FILE = "/root/written-on-ext2"
ROOT_TEXT = "written on the ext2 root"


def run_root(cfg):
    name, cpus, dev = cfg["name"], cfg["cpus"], cfg["dev"]
    start = time.time()
    before = len(h.results)
    src = os.path.join(h.ROOT, "build", "disk.img")
    if not os.path.exists(src):
        h.record(name + ":disk-image", False, "build/disk.img is missing (make builds it)")
        return
    img = os.path.join(h.OUT, name + "-disk.img")
    shutil.copyfile(src, img)
    if dev == "vda":
        drive = ["--extra", "-drive file=%s,format=raw,if=none,id=vd0,cache=writeback" % img,
                 "--extra", "-device virtio-blk-pci,drive=vd0,disable-legacy=on"]
    else:
        drive = ["--extra", "-drive file=%s,format=raw,if=ide,index=0,cache=writeback" % img]
    lines = ["cat /proc/mounts",
             "echo %s > %s" % (ROOT_TEXT, ROOT_FILE),
             "cat %s" % ROOT_FILE,
             "ls -l /root",
             "utest " + ROOT_UTESTS,
             "lockstat",
             "poweroff"]
    got = h.boot(name, h.GCC_KERNEL, "root=/dev/" + dev, cpus,
                 run_args=session(name, lines) + drive)
    if not got:
        return
    rc, text, log = got
    h.record("%s:root-is-ext2" % name,
             re.search(r"^/dev/(%s|root) / ext2 rw" % dev, text, re.M) is not None,
             "/proc/mounts does not show /dev/%s as an ext2 root mounted rw:\n%s"
             % (dev, h.tail(text, 30)))
    h.record("%s:utest-completed" % name,
             re.search(r"^UTEST SUMMARY programs=\d+ passed=\d+ failed=\d+", text, re.M) is not None,
             "no UTEST SUMMARY line")
    judge_utest_lines(name, text)
    judge_end(name, rc, text)
    clean, why = fsck_clean(img)
    h.record("%s:e2fsck-clean" % name, clean, why)
    data, err = debugfs_cmd(img, "cat " + ROOT_FILE)
    h.record("%s:file-in-image" % name, data == (ROOT_TEXT + "\n").encode(),
             "debugfs cat %s gave %r %s" % (ROOT_FILE, data[:100], err.strip()[-200:]))
    summary(name, before, start, "%d CPU%s, root=/dev/%s, a shell session on it, host checks"
            % (cpus, "s" if cpus > 1 else "", dev))


def run_root_fallback(cfg):
    name, cpus = cfg["name"], cfg["cpus"]
    start = time.time()
    before = len(h.results)
    got = h.boot(name, h.GCC_KERNEL, "root=/dev/vdz", cpus,
                 run_args=session(name, ["cat /proc/mounts", "poweroff"]))
    if not got:
        return
    rc, text, log = got
    h.record("%s:initramfs-root" % name,
             re.search(r"^rootfs / tmpfs rw", text, re.M) is not None,
             "/proc/mounts does not show the initramfs (rootfs, tmpfs) as /:\n%s" % h.tail(text, 30))
    said = [l for l in text.splitlines() if "vdz" in l and "command line" not in l]
    h.record("%s:said-why" % name, bool(said),
             "no console line (but the command line's) names the missing root device /dev/vdz")
    h.judge_health(name, text, log)
    h.record("%s:poweroff" % name, rc == h.EXIT_SUCCESS and "reboot: Power down" in text,
             "no clean power off (QEMU status %d)\n%s" % (rc, h.tail(text)))
    summary(name, before, start, "%d CPU%s, root=/dev/vdz" % (cpus, "s" if cpus > 1 else ""))


def configs(check, seed, stress=False):
    """The ext2 configurations, in the order they run."""
    global h, STRESS
    h, STRESS = check, stress
    c = [dict(name="ext2-1cpu", run=run_interop, kernel=h.GCC_KERNEL, cpus=1),
         dict(name="ext2-4cpu", run=run_interop, kernel=h.GCC_KERNEL, cpus=4),
         dict(name="ext2-crash", run=run_crash, kernel=h.GCC_KERNEL, cpus=2, seed=seed),
         dict(name="ext2-root-virtio", run=run_root, kernel=h.GCC_KERNEL, cpus=2, dev="vda"),
         dict(name="ext2-root-ide", run=run_root, kernel=h.GCC_KERNEL, cpus=1, dev="hda"),
         dict(name="ext2-root-fallback", run=run_root_fallback, kernel=h.GCC_KERNEL, cpus=1)]
    if stress:
        again = [dict(cfg, name="%s-%d" % (cfg["name"], i)) for i in (2, 3) for cfg in c
                 if cfg["run"] in (run_interop, run_root)]
        c += again
    return c
