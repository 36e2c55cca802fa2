# User programs, built with musl's static toolchain and installed in the
# initramfs as /bin/NAME (the file's base name).
user-y += user/hello.c
user-y += user/tests/fault.c
user-y += user/tests/efault.c
user-y += user/tests/fpu.c
user-y += user/tests/brk.c
user-y += user/tests/enosys.c
