/*
 * fork shares memory copy-on-write: after fork, parent and child each see
 * their own private memory (data, heap, stack, private mmap), whoever
 * writes first; MAP_SHARED|MAP_ANONYMOUS memory stays shared both ways,
 * even for pages neither had touched before the fork. Prints one UTEST
 * line per check; exits 0 when all passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE		4096
#define BIG_PAGES	256		/* 1 MiB */

static int failures;
static int data_word = 1;		/* .data */

static void check(int ok, const char *name, const char *why)
{
	if (ok) {
		printf("UTEST PASS %s\n", name);
	} else {
		printf("UTEST FAIL %s: %s\n", name, why);
		failures++;
	}
}

/* Run child() in a child process; its exit status, or -1. */
static int in_child(int (*child)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(child(arg));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The child sees the parent's values, then writes its own. */
static int child_sees_then_writes(void *arg)
{
	int *heap = arg, heap_ok = heap[0] == 7 && heap[PAGE] == 8, data_ok = data_word == 1;

	data_word = 2;
	heap[0] = heap[PAGE] = 99;
	return data_ok && heap_ok && data_word == 2 && heap[0] == 99 ? 0 : 1;
}

static void test_child_writes_are_private(void)
{
	int *heap = malloc(2 * PAGE * sizeof(int));

	heap[0] = 7;
	heap[PAGE] = 8;
	data_word = 1;
	check(in_child(child_sees_then_writes, heap) == 0, "cow_child_sees_parent_memory",
	      "the child did not see the parent's values");
	check(data_word == 1 && heap[0] == 7 && heap[PAGE] == 8, "cow_child_writes_stay_in_child",
	      "the parent saw the child's writes");
	free(heap);
}

/* The parent writes right after fork, likely before the child runs. */
static void test_parent_writes_are_private(void)
{
	volatile char *buf = mmap(NULL, BIG_PAGES * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int status, bad = 0;
	pid_t pid;

	for (int i = 0; i < BIG_PAGES; i++)
		buf[i * PAGE] = (char)i;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < BIG_PAGES; i++)
			bad += buf[i * PAGE] != (char)i;
		_exit(bad ? 1 : 0);
	}
	for (int i = 0; i < BIG_PAGES; i++)
		buf[i * PAGE] = (char)(i + 1);
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "cow_parent_writes_stay_in_parent",
	      "the child saw the parent's writes made after fork");
	for (int i = 0; i < BIG_PAGES; i++)
		bad += buf[i * PAGE] != (char)(i + 1);
	check(!bad, "cow_parent_keeps_its_writes", "the parent lost its own writes");
	munmap((void *)buf, BIG_PAGES * PAGE);
}

static int child_writes_shared(void *arg)
{
	volatile int *shared = arg;

	if (shared[0] != 5)
		return 1;
	shared[0] = 42;
	shared[3 * PAGE / sizeof(int)] = 43;	/* a page nobody touched yet */
	return 0;
}

static void test_shared_anonymous(void)
{
	volatile int *shared = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (shared == MAP_FAILED) {
		check(0, "cow_shared_anonymous_is_shared", "mmap MAP_SHARED|MAP_ANONYMOUS failed");
		return;
	}
	shared[0] = 5;
	check(in_child(child_writes_shared, (void *)shared) == 0 && shared[0] == 42 &&
	      shared[3 * PAGE / sizeof(int)] == 43, "cow_shared_anonymous_is_shared",
	      "the parent did not see the child's writes to shared memory");
	munmap((void *)shared, 4 * PAGE);
}

static int grandchild(void *arg)
{
	char *p = arg;

	p[0] = 'g';
	return 0;
}

static int child_forks_again(void *arg)
{
	char *p = arg;

	if (p[0] != 'p')
		return 1;
	p[0] = 'c';
	if (in_child(grandchild, p) != 0)
		return 2;
	return p[0] == 'c' ? 0 : 3;
}

static void test_fork_chain(void)
{
	char stack_buf[3 * PAGE];

	stack_buf[0] = 'p';
	check(in_child(child_forks_again, stack_buf) == 0 && stack_buf[0] == 'p',
	      "cow_three_generations", "a write leaked between parent, child and grandchild");
}

/* Many short-lived children that write a little: the parent's pages go
 * back to being its own (no copy needed) once they exit. */
static int child_touch(void *arg)
{
	((volatile char *)arg)[0]++;
	return 0;
}

static void test_many_forks(void)
{
	char *buf = malloc(16 * PAGE);
	int bad = 0;

	memset(buf, 1, 16 * PAGE);
	for (int i = 0; i < 32; i++) {
		bad += in_child(child_touch, buf + (i % 16) * PAGE) != 0;
		buf[(i % 16) * PAGE] += 2;
	}
	for (int i = 0; i < 16; i++)
		bad += buf[i * PAGE] != 1 + 2 * 2;
	check(!bad, "cow_many_forks", "values wrong after 32 forks");
	free(buf);
}

int main(void)
{
	test_child_writes_are_private();
	test_parent_writes_are_private();
	test_shared_anonymous();
	test_fork_chain();
	test_many_forks();
	return failures ? 1 : 0;
}
