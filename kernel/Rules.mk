# Kernel core: boot, CPU setup, interrupts, SMP, time, scheduler, locks, tests.
kernel-y += kernel/boot/boot.S
kernel-y += kernel/boot/multiboot2.c
kernel-y += kernel/boot/multiboot1.c
kernel-y += kernel/main.c
kernel-y += kernel/cmdline.c
kernel-y += kernel/printk.c
kernel-y += kernel/panic.c
kernel-y += kernel/ksyms.c
kernel-y += kernel/lib/string.c
kernel-y += kernel/lib/vsprintf.c
kernel-y += kernel/cpu/entry.S
kernel-y += kernel/cpu/idt.c
kernel-y += kernel/cpu/traps.c
kernel-y += kernel/cpu/gdt.c
kernel-y += kernel/cpu/percpu.c
kernel-y += kernel/cpu/acpi.c
kernel-y += kernel/cpu/apic.c
kernel-y += kernel/cpu/ioapic.c
kernel-y += kernel/cpu/smp.c
kernel-y += kernel/cpu/trampoline.S
kernel-y += kernel/time/tsc.c
kernel-y += kernel/time/timer.c
kernel-y += kernel/time/rtc.c
kernel-y += kernel/time/cputime.c
kernel-y += kernel/time/test_timer.c
kernel-y += kernel/monitor/monitor.c
kernel-y += kernel/ktest/ktest.c
kernel-y += kernel/test_core.c
kernel-y += kernel/crashtest.c

include kernel/sched/Rules.mk
include kernel/user/Rules.mk
include kernel/sync/Rules.mk
kernel-y += kernel/cpu/smap.c
kernel-y += kernel/cpu/test_smap.c
kernel-y += kernel/cpu/vectors.c
kernel-y += kernel/lib/radix_tree.c
kernel-y += kernel/lib/iov_iter.c
