# Lockstep's gdb setup. gdb does not load a project's .gdbinit by itself
# (auto-load safe-path); start it with `gdb -x .gdbinit` or `make gdb`,
# after `make qemu-gdb` has started QEMU waiting on port 1234.
set pagination off
set confirm off
set print pretty on
set disassembly-flavor att
file build/kernel.elf
target remote localhost:1234
python
import os
helpers = os.path.join(os.getcwd(), "tools", "gdb", "lockstep.py")
if os.path.exists(helpers):
    gdb.execute("source " + helpers)
end
