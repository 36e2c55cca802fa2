/*
 * FIFOs (mknod S_IFIFO, then open by name): opening for reading waits for
 * a writer and for writing waits for a reader; O_NONBLOCK opens for
 * reading at once and fails for writing with ENXIO while there is no
 * reader; O_RDWR never waits; data flows between two processes, and the
 * reader sees end of file when the writer closes.
 */
#include <sys/wait.h>
#include "fs_util.h"

static void open_rules(void)
{
	int r, w, rw;

	CHECK_ERR(open("f", O_WRONLY | O_NONBLOCK), ENXIO);
	r = open("f", O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0, "O_RDONLY|O_NONBLOCK opens without a writer");
	w = open("f", O_WRONLY | O_NONBLOCK);
	CHECK(w >= 0, "O_WRONLY|O_NONBLOCK opens with a reader there");
	CHECK(write(w, "hi", 2) == 2, "write");
	close(w);
	{
		char buf[4];

		CHECK(read(r, buf, sizeof(buf)) == 2, "read what was written");
		CHECK(read(r, buf, sizeof(buf)) == 0, "then EOF");
	}
	close(r);
	rw = open("f", O_RDWR);
	CHECK(rw >= 0, "O_RDWR does not wait");
	close(rw);
}

/* The parent opens for reading (waiting for the writer), the child for
 * writing (waiting for the reader): both opens must return. */
static void rendezvous(void)
{
	char buf[64];
	int fd, status;
	ssize_t n, got = 0;
	pid_t pid = fork();

	if (pid == 0) {
		int w = open("f", O_WRONLY);

		if (w < 0)
			_exit(1);
		for (int i = 0; i < 10; i++)
			if (write(w, "0123456789", 10) != 10)
				_exit(2);
		_exit(0);
	}
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open for reading");
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		got += n;
	CHECK(got == 100, "read %zd bytes", got);
	if (fd >= 0)
		close(fd);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, "writer status %#x", status);
}

int main(void)
{
	const char *dir = test_begin("fifo");

	CHECK_OK(chdir(dir));
	CHECK_OK(mknod("f", S_IFIFO | 0600, 0));
	open_rules();
	rendezvous();
	CHECK_OK(chdir("/"));
	return test_end();
}
