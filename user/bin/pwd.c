/* pwd — print the current directory (getcwd(2)). */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char cwd[PATH_MAX];

	if (!getcwd(cwd, sizeof(cwd))) {
		perror("pwd");
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}
