/* The kernel monitor: a command prompt on the console until user space exists. */
#ifndef KERNEL_MONITOR_MONITOR_H
#define KERNEL_MONITOR_MONITOR_H

void monitor_start(void);

#endif
