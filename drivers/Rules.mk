# Device drivers.
kernel-y += drivers/serial/uart16550.c
kernel-y += drivers/console/vga.c
kernel-y += drivers/console/console.c
