/*
 * Shell variables: one list of NAME=value pairs, each marked exported or
 * not. The environment a command receives is built from the exported
 * ones at each exec (vars_environ); the shell's own environment at start
 * becomes exported variables (vars_import). Special parameters ($?, $$,
 * $!, $#, $0, $1...) are not in the list: expand.c reads them from the
 * globals below.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct var {
	char *name;
	char *value;
	bool exported;
	struct var *next;
};

static struct var *vars;

int last_status;
pid_t last_bg_pid;
char **pos_args;
int pos_count;
const char *arg0 = "sh";

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		sh_error("out of memory");
		exit(2);
	}
	return p;
}

static struct var *lookup(const char *name)
{
	for (struct var *v = vars; v; v = v->next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

const char *var_get(const char *name)
{
	struct var *v = lookup(name);

	return v ? v->value : NULL;
}

void var_set(const char *name, const char *value, bool export)
{
	struct var *v = lookup(name);

	if (!v) {
		v = calloc(1, sizeof(*v));
		if (!v) {
			sh_error("out of memory");
			return;
		}
		v->name = xstrdup(name);
		v->next = vars;
		vars = v;
	} else {
		free(v->value);
	}
	v->value = xstrdup(value);
	v->exported |= export;
}

void var_export(const char *name)
{
	struct var *v = lookup(name);

	if (v)
		v->exported = true;
	else
		var_set(name, "", true);
}

void var_unset(const char *name)
{
	for (struct var **pv = &vars; *pv; pv = &(*pv)->next) {
		struct var *v = *pv;

		if (!strcmp(v->name, name)) {
			*pv = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return;
		}
	}
}

/* NAME=... where NAME is a letter or _ followed by letters, digits, _. */
bool is_assignment(const char *word)
{
	const char *s = word;

	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	return *s == '=';
}

void vars_import(char **envp)
{
	for (; *envp; envp++) {
		char *eq = strchr(*envp, '=');
		char name[256];

		if (!eq || eq - *envp >= (long)sizeof(name))
			continue;
		memcpy(name, *envp, eq - *envp);
		name[eq - *envp] = 0;
		var_set(name, eq + 1, true);
	}
}

char **vars_environ(void)
{
	int n = 0, i = 0;
	char **env;

	for (struct var *v = vars; v; v = v->next)
		n += v->exported;
	env = arena_alloc((n + 1) * sizeof(*env));
	for (struct var *v = vars; v; v = v->next) {
		if (!v->exported)
			continue;
		env[i] = arena_alloc(strlen(v->name) + strlen(v->value) + 2);
		sprintf(env[i++], "%s=%s", v->name, v->value);
	}
	return env;
}

/* `export` without arguments: what a child would receive. */
void vars_print_exported(void)
{
	for (struct var *v = vars; v; v = v->next)
		if (v->exported)
			printf("export %s='%s'\n", v->name, v->value);
	fflush(stdout);
}
