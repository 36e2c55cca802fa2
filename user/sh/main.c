/*
 * sh: the entry point and the read-run loop.
 *
 *   sh                 commands from stdin; interactive on a terminal
 *   sh -i              interactive even if stdin does not look like one
 *   sh FILE [ARGS]     run a script ($0 = FILE, $1... = ARGS)
 *   sh -c TEXT [NAME [ARGS]]   run TEXT ($0 = NAME)
 *
 * A login shell (argv[0] starts with '-', as init starts it, or -l) first
 * runs /etc/profile. The prompt is $PS1, or "lockstep# " for root and
 * "lockstep$ " for anyone else.
 *
 * Commands are read a line at a time and run before the next is read, so
 * `exit` in a script stops it there. A line that ends inside quotes, after
 * a backslash or after | && || continues on the next one (prompt "> ").
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

extern char **environ;

struct reader {
	int fd;
	char buf[1024];
	int pos, len;
};

static volatile sig_atomic_t got_sigint;

/* Interactive shells catch ^C at the prompt to start a fresh line (a
 * handler, not SIG_IGN, so that read() is interrupted; exec resets it). */
static void on_sigint(int sig)
{
	got_sigint = 1;
}

static void catch_sigint(void)
{
	struct sigaction sa = { .sa_handler = on_sigint };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);	/* no SA_RESTART: read() returns EINTR */
}

enum read_result { LINE, END_OF_INPUT, INTERRUPTED };

/* Append one line (with its '\n') to line. A terminal without a line
 * discipline may end lines with '\r': that ends a line too. */
static enum read_result read_line(struct reader *r, struct strbuf *line)
{
	for (;;) {
		if (r->pos == r->len) {
			r->len = read(r->fd, r->buf, sizeof(r->buf));
			r->pos = 0;
			if (r->len < 0 && errno == EINTR && got_sigint) {
				r->len = 0;
				return INTERRUPTED;
			}
			if (r->len < 0 && errno == EINTR)
				continue;
			if (r->len <= 0) {
				r->len = 0;
				if (!line->len)
					return END_OF_INPUT;
				sb_addc(line, '\n');
				return LINE;
			}
		}
		char c = r->buf[r->pos++];

		if (c == '\r')
			c = '\n';
		sb_addc(line, c);
		if (c == '\n')
			return LINE;
	}
}

static void prompt(bool continuation)
{
	const char *p = var_get(continuation ? "PS2" : "PS1");

	if (!p)
		p = continuation ? "> " : geteuid() == 0 ? "lockstep# " : "lockstep$ ";
	write(2, p, strlen(p));
}

/* Lex and parse text; PARSE_MORE if it needs another line. */
static struct and_or *parse_text(const char *text, enum parse_result *res)
{
	struct token *toks;

	if (lex(text, &toks) < 0) {
		*res = PARSE_MORE;
		return NULL;
	}
	return parse(toks, res);
}

int run_string(const char *src)
{
	enum parse_result res;
	struct and_or *list = parse_text(src, &res);

	if (res == PARSE_OK)
		return run_list(list);
	if (res == PARSE_MORE)
		sh_error("unexpected end of input");
	if (res != PARSE_EMPTY)
		last_status = 2;
	return last_status;
}

void sh_exit(int status)
{
	fflush(stdout);
	exit(status);
}

/* Read, parse and run commands until the end of the input. */
static void command_loop(struct reader *r)
{
	for (;;) {
		struct strbuf text = { 0 };
		enum parse_result res = PARSE_MORE;
		enum read_result got = LINE;
		struct and_or *list = NULL;

		jobs_reap();
		got_sigint = 0;
		if (interactive)
			prompt(false);
		while (res == PARSE_MORE) {
			got = read_line(r, &text);
			if (got != LINE)
				break;
			list = parse_text(sb_str(&text), &res);
			if (res == PARSE_MORE && interactive)
				prompt(true);
		}
		if (got == INTERRUPTED) {
			write(2, "\n", 1);
			last_status = 130;
		} else if (got == END_OF_INPUT) {
			if (text.len) {
				sh_error("unexpected end of input");
				last_status = 2;
			}
			if (interactive)
				write(2, "exit\n", 5);
			arena_reset();
			return;
		} else if (res == PARSE_OK) {
			run_list(list);
		} else if (res == PARSE_ERROR) {
			last_status = 2;
		}
		arena_reset();
	}
}

static void usage(void)
{
	sh_error("usage: sh [-i] [-l] [-c COMMAND [NAME [ARG...]] | FILE [ARG...]]");
	exit(2);
}

int main(int argc, char **argv)
{
	struct reader r = { .fd = 0 };
	bool force_interactive = false, login = argv[0] && argv[0][0] == '-';
	const char *command = NULL, *script = NULL;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-c") && i + 1 < argc) {
			command = argv[++i];
		} else if (!strcmp(argv[i], "-i")) {
			force_interactive = true;
		} else if (!strcmp(argv[i], "-l")) {
			login = true;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			usage();
		}
	}
	vars_import(environ);
	if (command && i < argc)
		arg0 = argv[i++];		/* sh -c TEXT NAME ARGS */
	else if (!command && i < argc)
		script = arg0 = argv[i++];	/* sh FILE ARGS */
	pos_args = argv + i;
	pos_count = argc - i;

	if (command)
		return run_string(command);
	if (script) {
		r.fd = open(script, O_RDONLY | O_CLOEXEC);
		if (r.fd < 0) {
			sh_error("%s: %s", script, strerror(errno));
			return 127;
		}
	}
	interactive = force_interactive || (r.fd == 0 && isatty(0) && isatty(2));
	exec_init();
	if (interactive)
		catch_sigint();
	if (login && access("/etc/profile", R_OK) == 0) {
		run_string(". /etc/profile");
		arena_reset();
	}
	command_loop(&r);
	sh_exit(last_status);
}
