/*
 * sh — Lockstep's small shell. What each file does:
 *
 *   main.c      options, reading lines (terminal, script or -c), the loop
 *   lex.c       a line → tokens: words (quotes kept) and operators
 *   parse.c     tokens → a tree: list of and-or lists of pipelines
 *   expand.c    one word → fields: $VAR, $?, ~, quotes, splitting, globs
 *   vars.c      shell variables and the environment of commands
 *   exec.c      running pipelines: fork, process groups, the terminal,
 *               redirections, PATH search, waiting
 *   jobs.c      background jobs: the table, reaping, `wait`, `jobs`
 *   builtins.c  cd, exit, export, unset, pwd, wait, jobs, exec, true, ...
 *   util.c      the per-line arena, growable strings, error messages
 *
 * A line goes lex → parse → (for each pipeline) expand → exec. Everything a
 * line allocates comes from an arena that is emptied before the next line.
 */
#ifndef SH_H
#define SH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* ---- util.c ---- */

void *arena_alloc(size_t n);		/* zeroed, freed by arena_reset() */
char *arena_strndup(const char *s, size_t n);
char *arena_strdup(const char *s);
void arena_reset(void);

struct strbuf {				/* a growable string in the arena */
	char *s;
	size_t len, cap;
};
void sb_addc(struct strbuf *b, char c);
void sb_adds(struct strbuf *b, const char *s);
char *sb_str(struct strbuf *b);		/* NUL-terminated, never NULL */

void sh_error(const char *fmt, ...);	/* "sh: ..." on stderr */

/* ---- lex.c ---- */

enum token_kind {
	T_WORD,		/* text: quotes and backslashes still in it */
	T_IO_NUMBER,	/* digits right before < or >: "2" in 2>file */
	T_PIPE,		/* | */
	T_AND_IF,	/* && */
	T_OR_IF,	/* || */
	T_AMP,		/* & */
	T_SEMI,		/* ; */
	T_NEWLINE,
	T_LESS,		/* < */
	T_GREAT,	/* > */
	T_DGREAT,	/* >> */
	T_LESSAND,	/* <& */
	T_GREATAND,	/* >& */
	T_END,
};

struct token {
	enum token_kind kind;
	char *text;		/* T_WORD and T_IO_NUMBER */
};

/* Split src into tokens (ending with T_END). Returns the count, or -1 if
 * the text ends inside quotes or after a backslash (more is needed). */
int lex(const char *src, struct token **out);

/* ---- parse.c ---- */

enum redir_kind { R_IN, R_OUT, R_APPEND, R_DUP_IN, R_DUP_OUT };

struct redir {
	int fd;			/* the descriptor redirected: 0 for <, 1 for > */
	enum redir_kind kind;
	char *word;		/* file name, or the target fd for R_DUP_* */
	struct redir *next;
};

struct command {		/* one simple command: a=1 b=2 prog args <in >out */
	char **assigns;		/* NAME=value words, NULL-terminated */
	char **words;		/* program and arguments, NULL-terminated */
	struct redir *redirs;
	struct command *next;	/* the next command of the pipeline */
};

struct pipeline {
	struct command *cmds;
	bool bang;		/* ! pipeline: invert the status */
	char *text;		/* the source text, for job messages */
};

enum connector { C_NONE, C_AND, C_OR };

struct and_or {			/* p1 && p2 || p3 ... ending with ; & or newline */
	struct pipeline **pipes;
	enum connector *ops;	/* ops[i] joins pipes[i] to pipes[i + 1] */
	int n;
	bool background;
	struct and_or *next;
};

enum parse_result {
	PARSE_OK,
	PARSE_EMPTY,	/* no command at all: a blank line or a comment */
	PARSE_MORE,	/* ends after | && or ||: the caller reads another line */
	PARSE_ERROR,	/* a syntax error, already reported */
};

/* Tokens → a list of and-or lists; NULL unless *res is PARSE_OK. */
struct and_or *parse(struct token *toks, enum parse_result *res);

/* ---- expand.c ---- */

/* One word → fields (NULL-terminated, in the arena); *n their count.
 * Variables, $?, $$, $!, $#, $1.., "$@", ~, quote removal, field splitting
 * of unquoted expansions, and pathname expansion (globbing). */
char **expand_word(const char *word, int *n);
/* The same for every word of a NULL-terminated list. */
char **expand_words(char **words, int *n);
/* A word without splitting or globbing: assignments, redirection targets. */
char *expand_string(const char *word);

/* ---- vars.c ---- */

void vars_import(char **envp);
const char *var_get(const char *name);
void var_set(const char *name, const char *value, bool export);
void var_export(const char *name);
void var_unset(const char *name);
bool is_assignment(const char *word);	/* NAME=... */
char **vars_environ(void);		/* exported variables, in the arena */
void vars_print_exported(void);

extern int last_status;			/* $? */
extern pid_t last_bg_pid;		/* $! */
extern char **pos_args;			/* $1..: NULL-terminated */
extern int pos_count;			/* $# */
extern const char *arg0;		/* $0 */

/* ---- exec.c ---- */

extern bool interactive;		/* reading commands from a terminal */
extern bool job_control;		/* ... and it gives us process groups */
extern int tty_fd;			/* the terminal, when job_control */
extern pid_t shell_pgid;
extern bool interrupted;		/* ^C ended a foreground job */

void exec_init(void);
int run_list(struct and_or *list);	/* returns the last status */
int wait_for_pgid(pid_t pgid, pid_t *pids, int n, const char *text);
int status_to_code(int wstatus);	/* wait status → $? */
void report_signal(int wstatus);	/* "Killed", "Segmentation fault", ... */
void exec_command_or_die(char **argv, char **envp);

/* ---- jobs.c ---- */

void job_add(pid_t pgid, pid_t *pids, int n, const char *text, bool stopped);
void jobs_reap(void);			/* collect and report finished jobs */
int jobs_wait(pid_t pid);		/* `wait [pid]` */
void jobs_list(void);			/* `jobs` */
int jobs_continue(const char *spec, bool foreground);	/* `fg`, `bg` */

/* ---- builtins.c ---- */

typedef int builtin_fn(int argc, char **argv);
builtin_fn *find_builtin(const char *name);	/* NULL: not a builtin */

/* ---- main.c ---- */

int run_string(const char *src);	/* lex, parse and run a whole text */
void sh_exit(int status);		/* leave the shell */

#endif
