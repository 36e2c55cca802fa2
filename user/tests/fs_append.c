/*
 * O_APPEND: every write lands at the end of the file, wherever the offset
 * was put, also through a second descriptor that wrote meanwhile; pwrite
 * on Linux also appends. F_SETFL turns it on and off; pread still reads
 * anywhere.
 */
#include "fs_util.h"

int main(void)
{
	const char *dir = test_begin("fs_append");
	char path[300], buf[64];
	struct stat st;
	int fd, other;

	snprintf(path, sizeof(path), "%s/log", dir);
	fd = open(path, O_CREAT | O_WRONLY | O_APPEND, 0644);
	other = open(path, O_RDWR);
	CHECK(fd >= 0 && other >= 0, "open");
	CHECK(fcntl(fd, F_GETFL) & O_APPEND, "F_GETFL shows O_APPEND");
	CHECK(put(fd, "one ") == 4, "write 1");
	CHECK(put(other, "ONE ") == 4, "the other descriptor overwrites at 0");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek to 0");
	CHECK(put(fd, "two ") == 4, "write 2 goes to the end");
	CHECK(lseek(fd, 0, SEEK_CUR) == 8, "offset is the end after the write");
	CHECK(put(other, "xx") == 2, "other writes at its offset (4)");
	CHECK(put(fd, "three") == 5, "write 3");
	CHECK(pread(other, buf, sizeof(buf), 0) == 13 && !memcmp(buf, "ONE xxo three", 13),
	      "contents '%.13s'", buf);

	/* Off with F_SETFL: writes go to the offset again. */
	CHECK(fcntl(fd, F_SETFL, 0) == 0 && !(fcntl(fd, F_GETFL) & O_APPEND), "F_SETFL 0");
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && put(fd, "Z") == 1, "write at 0");
	CHECK(pread(other, buf, 1, 0) == 1 && buf[0] == 'Z', "wrote at the offset");
	CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0, "F_SETFL O_APPEND");
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && put(fd, "!") == 1, "append again");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 14, "size %ld", (long)st.st_size);
	CHECK(pread(other, buf, 1, 13) == 1 && buf[0] == '!', "appended at the end");
	close(fd);
	close(other);
	return test_end();
}
