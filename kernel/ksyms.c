/*
 * Symbol lookup over the table that tools/gen-ksyms generates at link time
 * (section .ksyms). Lock-free and allocation-free, so panic() can use it.
 */
#include "kernel/ksyms.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

struct ksym {
	unsigned long addr;
	unsigned long name_off;
};

extern const unsigned long ksym_count;
extern const struct ksym ksym_table[];
extern const char ksym_names[];
extern char _text[], _etext[];

const char *ksym_lookup(unsigned long addr, unsigned long *offset, unsigned long *size)
{
	unsigned long lo = 0, hi = ksym_count;

	if (addr < (unsigned long)_text || addr >= (unsigned long)_etext || !ksym_count)
		return NULL;
	while (hi - lo > 1) {	/* last symbol with address <= addr */
		unsigned long mid = (lo + hi) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksym_table[lo].addr > addr)
		return NULL;
	if (offset)
		*offset = addr - ksym_table[lo].addr;
	if (size)
		*size = (lo + 1 < ksym_count ? ksym_table[lo + 1].addr : (unsigned long)_etext)
			- ksym_table[lo].addr;
	return &ksym_names[ksym_table[lo].name_off];
}

void ksym_format(unsigned long addr, char *buf, size_t len)
{
	unsigned long off, size;
	const char *name = ksym_lookup(addr, &off, &size);

	if (name)
		snprintf(buf, len, "%s+0x%lx/0x%lx", name, off, size);
	else
		snprintf(buf, len, "0x%lx", addr);
}

unsigned long ksym_address(const char *name)
{
	for (unsigned long i = 0; i < ksym_count; i++)
		if (!strcmp(&ksym_names[ksym_table[i].name_off], name))
			return ksym_table[i].addr;
	return 0;
}
