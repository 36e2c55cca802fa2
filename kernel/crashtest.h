/* crash=KIND on the command line: crash on purpose after boot (for tests). */
#ifndef KERNEL_CRASHTEST_H
#define KERNEL_CRASHTEST_H

void crashtest_start(void);

#endif
