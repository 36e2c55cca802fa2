/*
 * Just enough ACPI to find the CPUs and the I/O APIC: locate the RSDP (from
 * the copy GRUB puts in the boot information, else by scanning the BIOS area), walk the RSDT or XSDT to the
 * MADT ("APIC" table) and read its entries. Every table's checksum is
 * verified; a bad table is ignored with a message.
 */
#include "kernel/cpu/apic.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/paging.h"

struct rsdp {
	char signature[8];
	u8 checksum;
	char oem_id[6];
	u8 revision;
	u32 rsdt_address;
	u32 length;		/* revision >= 2 */
	u64 xsdt_address;
	u8 ext_checksum;
	u8 reserved[3];
} __packed;

struct sdt_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

struct madt_header {
	struct sdt_header h;
	u32 lapic_address;
	u32 flags;
} __packed;

struct madt_entry {
	u8 type;
	u8 length;
} __packed;

struct madt_info madt;

static bool checksum_ok(const void *p, size_t len)
{
	u8 sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += ((const u8 *)p)[i];
	return sum == 0;
}

/* ACPI tables usually sit in RAM the direct map covers; otherwise map them. */
static void *acpi_map(phys_addr_t pa, size_t len)
{
	if (pa + len <= ALIGN_UP(max_pfn << PAGE_SHIFT, 2UL << 20))
		return phys_to_virt(pa);
	return ioremap(pa, len);
}

static const struct rsdp *find_rsdp(const void *grub_copy)
{
	if (grub_copy)
		return grub_copy;
	for (phys_addr_t pa = 0xe0000; pa < 0x100000; pa += 16) {
		struct rsdp *r = phys_to_virt(pa);
		if (!memcmp(r->signature, "RSD PTR ", 8) && checksum_ok(r, 20))
			return r;
	}
	return NULL;
}

static struct sdt_header *map_table(phys_addr_t pa)
{
	struct sdt_header *h = acpi_map(pa, sizeof(*h));

	h = acpi_map(pa, h->length);
	if (!checksum_ok(h, h->length)) {
		pr_warn("acpi: table %.4s at %#lx has a bad checksum; ignored\n", h->signature, pa);
		return NULL;
	}
	return h;
}

static struct sdt_header *find_table(const struct rsdp *rsdp, const char *sig)
{
	bool x = rsdp->revision >= 2 && rsdp->xsdt_address;
	struct sdt_header *root = map_table(x ? rsdp->xsdt_address : rsdp->rsdt_address);
	size_t entry = x ? 8 : 4;

	if (!root)
		return NULL;
	size_t n = (root->length - sizeof(*root)) / entry;
	for (size_t i = 0; i < n; i++) {
		u8 *p = (u8 *)(root + 1) + i * entry;
		phys_addr_t pa = x ? *(u64 *)p : *(u32 *)p;
		struct sdt_header *h = acpi_map(pa, sizeof(*h));
		if (!memcmp(h->signature, sig, 4))
			return map_table(pa);
	}
	return NULL;
}

static void parse_madt(struct madt_header *m)
{
	u8 *p = (u8 *)(m + 1), *end = (u8 *)m + m->h.length;

	madt.lapic_phys = m->lapic_address;
	for (; p + sizeof(struct madt_entry) <= end; p += ((struct madt_entry *)p)->length) {
		struct madt_entry *e = (void *)p;
		if (e->length < 2)
			break;
		switch (e->type) {
		case 0: {	/* processor local APIC: uid, apic id, flags */
			u32 flags = *(u32 *)(p + 4);
			if ((flags & 1) && madt.nr_cpus < ARRAY_SIZE(madt.cpu_apic_ids))
				madt.cpu_apic_ids[madt.nr_cpus++] = p[3];
			break;
		}
		case 1:		/* I/O APIC: id, reserved, address, GSI base */
			if (!madt.ioapic_phys) {
				madt.ioapic_phys = *(u32 *)(p + 4);
				madt.ioapic_gsi_base = *(u32 *)(p + 8);
			}
			break;
		case 2: {	/* interrupt source override: bus, source, GSI, flags */
			u8 src = p[3];
			if (src < 16) {
				madt.isa_gsi[src] = *(u32 *)(p + 4);
				madt.isa_flags[src] = *(u16 *)(p + 8);
			}
			break;
		}
		case 5:		/* 64-bit LAPIC address override */
			madt.lapic_phys = *(u64 *)(p + 4);
			break;
		}
	}
}

int acpi_init(const void *rsdp_copy)
{
	const struct rsdp *rsdp;
	struct madt_header *m;

	for (unsigned i = 0; i < 16; i++)
		madt.isa_gsi[i] = i;
	rsdp = find_rsdp(rsdp_copy);
	if (!rsdp) {
		pr_err("acpi: no RSDP found\n");
		return -ENODEV;
	}
	m = (struct madt_header *)find_table(rsdp, "APIC");
	if (!m) {
		pr_err("acpi: no MADT\n");
		return -ENODEV;
	}
	parse_madt(m);
	pr_info("acpi: MADT lists %u CPUs, LAPIC at %#lx, I/O APIC at %#lx\n",
		madt.nr_cpus, madt.lapic_phys, madt.ioapic_phys);
	return 0;
}
