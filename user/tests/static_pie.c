/*
 * A static-PIE executable (ET_DYN, no interpreter): the kernel loads it at
 * ELF_PIE_BASE and musl's start code applies its own relative relocations.
 * Built with its own rule in the Makefile (rcrt1.o, -static-pie). Checks
 * that it runs above 4 GiB (no ET_EXEC does), that pointers in initialised
 * data were relocated, and that libc (malloc, stdio) works.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "utest.h"

static const char *const words[] = { "relocated", "pointers", "work" };
static int (*const fn)(void) = NULL;

int main(void)
{
	char *buf = malloc(64);

	CHECK("static_pie_loaded_high", (uintptr_t)main > 0x100000000UL,
	      "main at %p: not a position-independent load", (void *)main);
	CHECK("static_pie_relocations", words[2] && !strcmp(words[2], "work") && !fn,
	      "initialised pointers were not relocated");
	CHECK("static_pie_libc", buf && snprintf(buf, 64, "%s %s", words[0], words[1]) == 18,
	      "malloc or snprintf failed");
	free(buf);
	return utest_exit();
}
