/*
 * Close-on-exec: a descriptor opened with O_CLOEXEC (or marked with
 * FD_CLOEXEC or FIOCLEX) is gone in the program exec starts; one without
 * it (or unmarked with FIONCLEX) is still open there, at the same offset.
 * The test runs itself again: "fs_cloexec child KEPT GONE1 GONE2".
 */
#include "fs_util.h"
#include <sys/ioctl.h>
#include <sys/wait.h>

static int child(int kept, int gone1, int gone2)
{
	test_name = "fs_cloexec";
	CHECK(fcntl(kept, F_GETFD) == 0, "inherited descriptor %d", kept);
	CHECK(lseek(kept, 0, SEEK_CUR) == 3, "inherited offset");
	CHECK_ERR(fcntl(gone1, F_GETFD), EBADF);
	CHECK_ERR(fcntl(gone2, F_GETFD), EBADF);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const char *self[] = { "/proc/self/exe", "/bin/utest-fs_cloexec" };
	char path[300], a[16], b[16], c[16];
	int kept, gone1, gone2, gone3, status;
	pid_t pid;

	if (argc == 5 && !strcmp(argv[1], "child"))
		return child(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
	const char *dir = test_begin("fs_cloexec");
	snprintf(path, sizeof(path), "%s/f", dir);
	kept = open(path, O_CREAT | O_RDWR, 0644);
	gone1 = open(path, O_RDONLY | O_CLOEXEC);
	gone2 = open(path, O_RDONLY);
	gone3 = open(path, O_RDONLY);
	CHECK(kept >= 0 && gone1 >= 0 && gone2 >= 0 && gone3 >= 0, "open");
	CHECK(fcntl(gone1, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	CHECK(fcntl(gone2, F_SETFD, FD_CLOEXEC) == 0, "F_SETFD");
	CHECK(ioctl(gone3, FIOCLEX) == 0 && fcntl(gone3, F_GETFD) == FD_CLOEXEC, "FIOCLEX");
	CHECK(ioctl(gone3, FIONCLEX) == 0 && fcntl(gone3, F_GETFD) == 0, "FIONCLEX");
	CHECK(fcntl(kept, F_GETFL) >= 0 && !(fcntl(kept, F_GETFL) & O_CLOEXEC),
	      "O_CLOEXEC is not a status flag");
	CHECK(write(kept, "abc", 3) == 3, "write");
	snprintf(a, sizeof(a), "%d", kept);
	snprintf(b, sizeof(b), "%d", gone1);
	snprintf(c, sizeof(c), "%d", gone2);
	pid = fork();
	if (pid == 0) {
		for (unsigned i = 0; i < 2; i++)
			execl(self[i], "fs_cloexec", "child", a, b, c, (char *)NULL);
		_exit(99);
	}
	CHECK(pid > 0, "fork");
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK(fcntl(gone1, F_GETFD) == FD_CLOEXEC, "the parent keeps its descriptors");
	return test_end();
}
