/*
 * wc [-l] [-w] [-c] [FILE...] — count lines, words and bytes of each FILE
 * (or standard input), with a total line when there are several. Without
 * options all three are printed, in that order.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
	unsigned long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;

static int count(int fd, struct counts *c)
{
	char buf[4096];
	int in_word = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (isspace((unsigned char)buf[i])) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

static void print(const struct counts *c, const char *name)
{
	if (show_lines)
		printf("%7lu ", c->lines);
	if (show_words)
		printf("%7lu ", c->words);
	if (show_bytes)
		printf("%7lu ", c->bytes);
	printf("%s\n", name);
}

int main(int argc, char **argv)
{
	struct counts total = { 0 };
	int i = 1, status = 0, files;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (char *o = argv[i] + 1; *o; o++) {
			if (*o == 'l') {
				show_lines = 1;
			} else if (*o == 'w') {
				show_words = 1;
			} else if (*o == 'c') {
				show_bytes = 1;
			} else {
				fprintf(stderr, "usage: wc [-l] [-w] [-c] [FILE...]\n");
				return 2;
			}
		}
	}
	if (!show_lines && !show_words && !show_bytes)
		show_lines = show_words = show_bytes = 1;
	files = argc - i;
	if (!files) {
		struct counts c = { 0 };

		if (count(0, &c) < 0) {
			fprintf(stderr, "wc: %s\n", strerror(errno));
			return 1;
		}
		print(&c, "");
		return 0;
	}
	for (; i < argc; i++) {
		struct counts c = { 0 };
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0 || count(fd, &c) < 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		} else {
			print(&c, argv[i]);
			total.lines += c.lines;
			total.words += c.words;
			total.bytes += c.bytes;
		}
		if (fd >= 0)
			close(fd);
	}
	if (files > 1)
		print(&total, "total");
	return status;
}
