/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event loop: one thread waiting on file descriptors (the console's
 * input, timerfds, eventfds the guest signals through HVX_IOEVENTFD) and
 * calling their devices, with vm->lock held.
 */
#ifndef HVX_EVLOOP_H
#define HVX_EVLOOP_H

#include "vm.h"

/* Called when @fd is readable, with vm->lock held. */
typedef void (*evloop_fn)(struct vm *vm, int fd, void *opaque);

/*
 * Watch @fd (before or after evloop_start()). The device owns the fd and
 * closes it in its cleanup, after the loop has stopped. Returns 0 or
 * -errno.
 */
int evloop_add(struct vm *vm, int fd, evloop_fn fn, void *opaque);

/* Stop watching @fd, before its owner closes it. */
void evloop_remove(struct vm *vm, int fd);

/* Start the thread. Returns 0 or -errno; vm_destroy() stops it. */
int evloop_start(struct vm *vm);
void evloop_stop(struct vm *vm);

#endif /* HVX_EVLOOP_H */
