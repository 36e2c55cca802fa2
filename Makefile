# Lockstep — one non-recursive Makefile. Each folder lists its sources in a
# Rules.mk fragment; everything is built under $(BUILD)/.
#
#   make            build $(BUILD)/kernel.elf, $(BUILD)/lockstep.iso and the
#                   root disk $(BUILD)/disk.img (ext2)
#   make qemu       boot from the root disk (root=$(ROOTDEV); ROOTDEV= boots from
#                   the initramfs alone), the serial console on stdio
#   make qemu-gdb   the same, stopped until gdb attaches (see .gdbinit)
#   make check      the whole test suite; ends with "N passed, N failed"
#   make stress     the ext2 configurations at stress size (200 power cuts)
#   make bench      Lockstep against Linux in the same QEMU (docs/bench.md)
#   make doctor     say what toolchain is here and what to fix

BUILD      ?= build
TOOLPREFIX ?=
CPUS       ?= 2
MEM        ?= 256M
ACCEL      ?= tcg
USERLAND   ?= lockstep
CMDLINE    ?=
ROOTDEV    ?= /dev/vda
SEED       ?=

ifeq ($(origin CC),default)
CC := $(TOOLPREFIX)gcc
endif
LD      := $(TOOLPREFIX)ld
NM      := $(TOOLPREFIX)nm
OBJCOPY := $(TOOLPREFIX)objcopy

# Flags the kernel is built with, whatever the compiler.
KCFLAGS := -std=gnu11 -ffreestanding -fno-builtin -nostdlib -mno-red-zone \
	-mcmodel=kernel -fno-pic -fno-pie -mno-sse -mno-sse2 -mno-mmx -mno-80387 \
	-fno-omit-frame-pointer -fno-stack-protector -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -fno-common -g -O2 \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wmissing-prototypes -Wstrict-prototypes -I. -MMD -MP
ifneq ($(filter clang%,$(notdir $(CC))),)
KCFLAGS += -Wno-gnu-variable-sized-type-not-at-end -Wno-unused-command-line-argument
endif
KASFLAGS := $(filter-out -std=gnu11,$(KCFLAGS)) -D__ASSEMBLY__
KLDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

kernel-y :=
include kernel/Rules.mk
include mm/Rules.mk
include drivers/Rules.mk
include fs/Rules.mk
include fs/ext2/Rules.mk

user-y :=
include user/Rules.mk

KOBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter %.c,$(kernel-y))) \
         $(patsubst %.S,$(BUILD)/obj/%.o,$(filter %.S,$(kernel-y)))
LDSCRIPT := kernel/boot/linker.ld

.PHONY: all kernel iso qemu qemu-gdb gdb check stress bench doctor clean deps
all: $(BUILD)/lockstep.iso $(BUILD)/kernel.bin $(BUILD)/disk.img

kernel: $(BUILD)/kernel.elf

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KASFLAGS) -c $< -o $@

# Two-pass link: the first pass has an empty symbol table; its `nm` output
# becomes the table the second pass links in. The table sits in its own
# segment after .bss, so no other address moves between the passes.
$(BUILD)/kernel.pass1.elf: $(KOBJS) $(LDSCRIPT) $(BUILD)/obj/ksyms-empty.o
	$(LD) $(KLDFLAGS) -T $(LDSCRIPT) -o $@ $(KOBJS) $(BUILD)/obj/ksyms-empty.o

$(BUILD)/obj/ksyms-empty.o: tools/gen-ksyms
	@mkdir -p $(dir $@)
	printf '' | tools/gen-ksyms > $(BUILD)/obj/ksyms-empty.S
	$(CC) $(KASFLAGS) -c $(BUILD)/obj/ksyms-empty.S -o $@

$(BUILD)/obj/ksyms.o: $(BUILD)/kernel.pass1.elf tools/gen-ksyms
	$(NM) -n $< | tools/gen-ksyms > $(BUILD)/obj/ksyms.S
	$(CC) $(KASFLAGS) -c $(BUILD)/obj/ksyms.S -o $@

$(BUILD)/kernel.elf: $(BUILD)/obj/ksyms.o
	$(LD) $(KLDFLAGS) -T $(LDSCRIPT) -o $@ $(KOBJS) $(BUILD)/obj/ksyms.o
	@$(NM) -n $(BUILD)/kernel.pass1.elf | grep -v -e ' ksym' -e ' _kernel_end' > $(BUILD)/obj/pass1.sym
	@$(NM) -n $@ | grep -v -e ' ksym' -e ' _kernel_end' > $(BUILD)/obj/pass2.sym
	@cmp -s $(BUILD)/obj/pass1.sym $(BUILD)/obj/pass2.sym || \
		{ echo "symbol addresses moved between link passes"; exit 1; }

# The same kernel as a flat image for QEMU's -kernel loader (multiboot
# version 1 header with load addresses: see kernel/boot/boot.S).
$(BUILD)/kernel.bin: $(BUILD)/kernel.elf
	$(OBJCOPY) -O binary $< $@

# User programs: static musl executables, never committed. A program is
# one file listed in user-y, or a folder listed in user-dir-y whose .c
# files link together. Where it lands in the initramfs follows its folder:
#   user/sbin/NAME.c   -> /sbin/NAME
#   user/tests/NAME.c  -> /bin/utest-NAME  (the tests /bin/utest runs)
#   user/bin/NAME.c    -> /bin/NAME  (and any other user/.../NAME.c)
#   user/NAME/ (user-dir-y) -> /bin/NAME
USER_CC     ?= musl-gcc
USER_CFLAGS := -static -O2 -Wall -Wextra -Werror -Wno-unused-parameter
USER_BINS   := $(patsubst user/%.c,$(BUILD)/user/%,$(user-y)) \
               $(patsubst user/%,$(BUILD)/user/%,$(user-dir-y))

# $(call user-dest,SOURCE): the path of SOURCE's program in the root.
user-name = $(basename $(notdir $(1)))
user-dest = $(if $(filter user/sbin/%,$(1)),sbin/$(call user-name,$(1)),$\
            $(if $(filter user/tests/%,$(1)),bin/utest-$(call user-name,$(1)),$\
            bin/$(call user-name,$(1))))

$(BUILD)/user/%: user/%.c
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -o $@ $<

# The tests share user/tests/utest.h, the benchmarks user/bench/bench.h;
# lockstat reads the kernel's rule table.
$(patsubst user/%.c,$(BUILD)/user/%,$(filter user/tests/%,$(user-y))): user/tests/utest.h user/tests/blk_pattern.h
$(patsubst user/%.c,$(BUILD)/user/%,$(filter user/bench/%,$(user-y))): user/bench/bench.h
$(BUILD)/user/bin/lockstat: fs/lockrules/rules.def

define user-dir-rule
$(BUILD)/user/$(notdir $(1)): $(wildcard $(1)/*.c $(1)/*.h)
	@mkdir -p $$(dir $$@)
	$$(USER_CC) $$(USER_CFLAGS) -o $$@ $(wildcard $(1)/*.c)
endef
$(foreach d,$(user-dir-y),$(eval $(call user-dir-rule,$(d))))

# user/tests/static_pie.c becomes a static-PIE (ET_DYN with no interpreter),
# which the musl-gcc wrapper cannot link by itself: compile it with musl's
# headers, then link musl's rcrt1.o and libc.a explicitly.
MUSL_LIB ?= /usr/lib/x86_64-linux-musl
$(BUILD)/user/tests/static_pie: user/tests/static_pie.c user/tests/utest.h
	@mkdir -p $(dir $@)
	$(USER_CC) -fPIE -O2 -Wall -Wextra -Werror -c -o $@.o $<
	gcc -static-pie -nostdlib -nostartfiles -o $@ $(MUSL_LIB)/rcrt1.o $(MUSL_LIB)/crti.o \
		$$(gcc -print-file-name=crtbeginS.o) $@.o -L$(MUSL_LIB) -lc \
		$$(gcc -print-libgcc-file-name) $$(gcc -print-file-name=crtendS.o) $(MUSL_LIB)/crtn.o

# The root's first contents: the initramfs/ folder plus the user programs,
# merged in a staging folder and packed as a cpio archive that GRUB loads
# beside the kernel. Symlinks are not prerequisites (their targets need not
# exist on the host); adding or removing one changes its directory, which is.
$(BUILD)/initramfs.cpio: tools/mkcpio $(shell find initramfs -type f -o -type d) $(USER_BINS) \
		$(BUILD)/userland.stamp
	@mkdir -p $(dir $@)
	rm -rf $(BUILD)/user-root $(BUILD)/initramfs-root
	mkdir -p $(BUILD)/user-root/bin $(BUILD)/user-root/sbin
	@echo "install the user programs in $(BUILD)/user-root/{bin,sbin}"
	@$(foreach s,$(user-y),cp $(BUILD)/user/$(s:user/%.c=%) $(BUILD)/user-root/$(call user-dest,$(s)) &&) \
	 $(foreach d,$(user-dir-y),cp $(BUILD)/user/$(notdir $(d)) $(BUILD)/user-root/bin/ &&) true
	cp -a initramfs $(BUILD)/initramfs-root
	cp -a $(BUILD)/user-root/. $(BUILD)/initramfs-root/
	$(if $(filter busybox,$(USERLAND)),tools/busybox-root $(BUILD)/initramfs-root)
	tools/mkcpio $(BUILD)/initramfs-root $@

# USERLAND=busybox swaps Lockstep's tools and shell for Debian's static
# busybox (tools/busybox-root): rebuild the initramfs when it changes.
$(BUILD)/userland.stamp: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n' '$(USERLAND)' | cmp -s - $@ || printf '%s\n' '$(USERLAND)' > $@

$(BUILD)/lockstep.iso: $(BUILD)/cmdline.stamp $(BUILD)/kernel.elf $(BUILD)/initramfs.cpio tools/mkiso
	LOCKSTEP_INITRD=$(BUILD)/initramfs.cpio tools/mkiso $(BUILD)/kernel.elf $@ "$(CMDLINE)"

# The root disk: ext2 made by mke2fs -d from the tree the initramfs is
# packed from, plus /dev, /proc, /tmp, /root, /home, /mnt (tools/mkrootdisk).
# It is made again when the userland changes: what was written on it is
# then lost. make qemu boots from it with root=$(ROOTDEV) (virtio vda, or IDE
# hda for ROOTDEV=/dev/hda), from an ISO of its own; the kernel falls back to
# the initramfs if it cannot mount it.
$(BUILD)/disk.img: $(BUILD)/initramfs.cpio tools/mkrootdisk
	tools/mkrootdisk $(BUILD)/initramfs-root $@

$(BUILD)/lockstep-root.iso: $(BUILD)/cmdline.stamp $(BUILD)/root.stamp $(BUILD)/kernel.elf \
		$(BUILD)/initramfs.cpio tools/mkiso
	LOCKSTEP_INITRD=$(BUILD)/initramfs.cpio tools/mkiso $(BUILD)/kernel.elf $@ "root=$(ROOTDEV) $(CMDLINE)"

$(BUILD)/root.stamp: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n' '$(ROOTDEV)' | cmp -s - $@ || printf '%s\n' '$(ROOTDEV)' > $@

QEMU_ISO  := $(if $(ROOTDEV),$(BUILD)/lockstep-root.iso,$(BUILD)/lockstep.iso)
comma       := ,
DISK_IDE    := --extra "-drive file=$(BUILD)/disk.img$(comma)format=raw$(comma)if=ide$(comma)index=0$(comma)cache=writeback"
DISK_VIRTIO := --extra "-drive file=$(BUILD)/disk.img$(comma)format=raw$(comma)if=none$(comma)id=vd0$(comma)cache=writeback" \
	--extra "-device virtio-blk-pci$(comma)drive=vd0$(comma)disable-legacy=on"
QEMU_DISK   := $(if $(ROOTDEV),$(if $(filter /dev/hd%,$(ROOTDEV)),$(DISK_IDE),$(DISK_VIRTIO)))

# The ISO bakes in CMDLINE: rebuild it when CMDLINE changes.
$(BUILD)/cmdline.stamp: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n' '$(CMDLINE)' | cmp -s - $@ || printf '%s\n' '$(CMDLINE)' > $@

.PHONY: FORCE
FORCE:

deps:
	@tools/install-deps


qemu: deps all $(QEMU_ISO)
	tools/run-qemu --iso $(QEMU_ISO) $(QEMU_DISK) --cpus $(CPUS) --mem $(MEM) --accel $(ACCEL) --interactive

qemu-gdb: deps all $(QEMU_ISO)
	@echo "QEMU waits for gdb on localhost:1234; in another terminal run: gdb -x .gdbinit"
	tools/run-qemu --iso $(QEMU_ISO) $(QEMU_DISK) --cpus $(CPUS) --mem $(MEM) --accel $(ACCEL) --interactive --gdb

gdb:
	gdb -x .gdbinit

check: deps
	@tools/check $(if $(SEED),--seed $(SEED))

# The ext2 configurations of tools/check at stress size: 200 power cuts,
# a bigger concurrency run, the others three times (tools/ext2check.py).
stress: deps
	@tools/check --stress --only ext2 $(if $(SEED),--seed $(SEED))

# Boot time, then Lockstep against Debian's Linux kernel in the same QEMU
# (the same benchmark programs, user/bench/): docs/bench.md.
# install-deps --bench fetches the Linux kernel into build/linux/.
bench: deps all
	@tools/install-deps --bench
	@tools/bench

doctor:
	@tools/doctor

clean:
	rm -rf $(BUILD) build-*

-include $(KOBJS:.o=.d)
