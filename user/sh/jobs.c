/*
 * Background jobs: pipelines started with &, or stopped with ^Z. Each job
 * is a process group; the table remembers its processes until every one
 * has been collected with waitpid(). Foreground jobs never enter the
 * table: exec.c waits for them directly, by pid.
 *
 * Finished background jobs are collected before each prompt (jobs_reap):
 * until then they are zombies, as in any shell.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

#define MAX_JOBS 32
#define MAX_PROCS 64

struct job {
	pid_t pgid;
	pid_t pids[MAX_PROCS];	/* 0 once collected */
	int n;
	int left;		/* processes not yet collected */
	int status;		/* wait status of the last process */
	bool stopped;
	char *text;		/* the command, for messages */
};

static struct job *jobs[MAX_JOBS];	/* job %N is jobs[N - 1] */

void job_add(pid_t pgid, pid_t *pids, int n, const char *text, bool stopped)
{
	struct job *j;
	int id = 0;

	while (id < MAX_JOBS && jobs[id])
		id++;
	j = id < MAX_JOBS ? calloc(1, sizeof(*j)) : NULL;
	if (!j || n > MAX_PROCS) {
		sh_error("too many jobs");
		free(j);
		return;
	}
	j->pgid = pgid;
	memcpy(j->pids, pids, n * sizeof(*pids));
	j->n = j->left = n;
	j->stopped = stopped;
	j->text = strdup(text ? text : "");
	jobs[id] = j;
	if (stopped)
		fprintf(stderr, "\n[%d]+  Stopped    %s\n", id + 1, j->text);
	else if (interactive)
		fprintf(stderr, "[%d] %d\n", id + 1, (int)pids[n - 1]);
}

static void job_free(int id)
{
	free(jobs[id]->text);
	free(jobs[id]);
	jobs[id] = NULL;
}

/* Record what waitpid() said about pid; false if it is not ours. */
static bool job_note(pid_t pid, int wstatus)
{
	for (int id = 0; id < MAX_JOBS; id++) {
		struct job *j = jobs[id];

		for (int i = 0; j && i < j->n; i++) {
			if (j->pids[i] != pid)
				continue;
			if (WIFSTOPPED(wstatus)) {
				j->stopped = true;
				return true;
			}
			j->pids[i] = 0;
			j->left--;
			if (i == j->n - 1)
				j->status = wstatus;
			return true;
		}
	}
	return false;
}

static void report_done(int id)
{
	struct job *j = jobs[id];
	int st = j->status;

	if (WIFSIGNALED(st))
		fprintf(stderr, "[%d]  %s    %s\n", id + 1, strsignal(WTERMSIG(st)), j->text);
	else if (WEXITSTATUS(st))
		fprintf(stderr, "[%d]  Exit %d    %s\n", id + 1, WEXITSTATUS(st), j->text);
	else
		fprintf(stderr, "[%d]  Done    %s\n", id + 1, j->text);
}

void jobs_reap(void)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED)) > 0)
		job_note(pid, st);
	for (int id = 0; id < MAX_JOBS; id++) {
		if (jobs[id] && !jobs[id]->left) {
			if (interactive)
				report_done(id);
			job_free(id);
		}
	}
}

/* Wait until every process of job id is collected; its status code. */
static int job_wait(int id)
{
	struct job *j = jobs[id];
	int code;

	for (int i = 0; i < j->n; i++) {
		int st;

		if (!j->pids[i])
			continue;
		while (waitpid(j->pids[i], &st, 0) < 0 && errno == EINTR)
			;
		job_note(j->pids[i], st);
	}
	code = status_to_code(j->status);
	job_free(id);
	return code;
}

/* `wait`: every job (status 0), or the one holding pid (its status). */
int jobs_wait(pid_t pid)
{
	int st;

	for (int id = 0; id < MAX_JOBS; id++) {
		struct job *j = jobs[id];

		for (int i = 0; j && i < j->n; i++)
			if (!pid || j->pids[i] == pid) {
				int code = job_wait(id);

				if (pid)
					return code;
				break;
			}
	}
	if (!pid)
		return 0;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			sh_error("wait: pid %d is not a child of this shell", (int)pid);
			return 127;
		}
	}
	return status_to_code(st);
}

void jobs_list(void)
{
	jobs_reap();
	for (int id = 0; id < MAX_JOBS; id++)
		if (jobs[id])
			printf("[%d]  %s    %s\n", id + 1,
			       jobs[id]->stopped ? "Stopped" : "Running", jobs[id]->text);
	fflush(stdout);
}

/* The job named by spec ("%2", "2"), or the newest one; -1 if none. */
static int job_find(const char *spec)
{
	int id;

	if (!spec) {
		for (id = MAX_JOBS - 1; id >= 0 && !jobs[id]; id--)
			;
		return id;
	}
	id = atoi(spec[0] == '%' ? spec + 1 : spec) - 1;
	return id >= 0 && id < MAX_JOBS && jobs[id] ? id : -1;
}

/* `fg` and `bg`: send SIGCONT to the job; fg also gives it the terminal
 * and waits for it as for any foreground job. */
int jobs_continue(const char *spec, bool foreground)
{
	int id = job_find(spec), n = 0, st;
	pid_t pids[MAX_PROCS], pgid;
	char text[256];

	if (id < 0) {
		sh_error("%s: no such job", spec ? spec : "current");
		return 1;
	}
	pgid = jobs[id]->pgid;
	snprintf(text, sizeof(text), "%s", jobs[id]->text);
	if (!foreground) {
		jobs[id]->stopped = false;
		printf("[%d] %s &\n", id + 1, text);
		fflush(stdout);
		kill(-pgid, SIGCONT);
		return 0;
	}
	for (int i = 0; i < jobs[id]->n; i++)
		if (jobs[id]->pids[i])
			pids[n++] = jobs[id]->pids[i];
	job_free(id);
	printf("%s\n", text);
	fflush(stdout);
	if (job_control)
		tcsetpgrp(tty_fd, pgid);
	kill(-pgid, SIGCONT);
	st = wait_for_pgid(pgid, pids, n, text);
	if (job_control)
		tcsetpgrp(tty_fd, shell_pgid);
	report_signal(st);
	return status_to_code(st);
}
