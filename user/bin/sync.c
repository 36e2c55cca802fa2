/* sync — write every filesystem's dirty data and metadata out (sync(2)). */
#include <unistd.h>

int main(void)
{
	sync();
	return 0;
}
