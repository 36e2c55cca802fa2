/* Command-line lookup over boot_info.cmdline (read-only after boot). */
#include "kernel/cmdline.h"
#include "kernel/boot/multiboot2.h"
#include "kernel/lib/string.h"
#include "kernel/compiler.h"

bool cmdline_get(const char *name, char *value, size_t len)
{
	size_t n = strlen(name);

	for (const char *p = boot_info.cmdline; *p;) {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		if ((size_t)(end - p) >= n && !strncmp(p, name, n) &&
		    (p[n] == '=' || p + n == end)) {
			if (value && len) {
				const char *v = p[n] == '=' ? p + n + 1 : end;
				size_t vl = MIN((size_t)(end - v), len - 1);
				memcpy(value, v, vl);
				value[vl] = 0;
			}
			return true;
		}
		p = end;
	}
	return false;
}

unsigned long cmdline_get_ulong(const char *name, unsigned long def)
{
	char v[32];

	if (!cmdline_get(name, v, sizeof(v)) || !v[0])
		return def;
	return simple_strtoul(v, NULL, 0);
}
