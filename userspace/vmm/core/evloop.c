// SPDX-License-Identifier: GPL-2.0
/*
 * The event loop: epoll on the devices' fds, one thread. A pipe wakes it
 * to stop, so vm_destroy() never waits on a device's fd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include "evloop.h"
#include "util.h"

#define EVLOOP_MAX_WATCHES	32

struct evloop_watch {
	int fd;
	evloop_fn fn;
	void *opaque;
};

struct evloop {
	int epfd;
	int stop_pipe[2];
	pthread_t thread;
	bool running;
	struct evloop_watch watches[EVLOOP_MAX_WATCHES];
	int nr_watches;
};

static void evloop_free(struct evloop *ev)
{
	if (ev->epfd >= 0)
		close(ev->epfd);
	if (ev->stop_pipe[0] >= 0)
		close(ev->stop_pipe[0]);
	if (ev->stop_pipe[1] >= 0)
		close(ev->stop_pipe[1]);
	free(ev);
}

static int evloop_get(struct vm *vm, struct evloop **out)
{
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = NULL };
	struct evloop *ev = vm->evloop;

	if (ev) {
		*out = ev;
		return 0;
	}
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->stop_pipe[0] = ev->stop_pipe[1] = -1;
	ev->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (ev->epfd < 0 || pipe2(ev->stop_pipe, O_CLOEXEC) < 0 ||
	    epoll_ctl(ev->epfd, EPOLL_CTL_ADD, ev->stop_pipe[0], &e) < 0) {
		int r = -errno;

		evloop_free(ev);
		return r;
	}
	vm->evloop = *out = ev;
	return 0;
}

int evloop_add(struct vm *vm, int fd, evloop_fn fn, void *opaque)
{
	struct evloop_watch *w;
	struct epoll_event e = { .events = EPOLLIN };
	struct evloop *ev;
	int r = evloop_get(vm, &ev);

	if (r)
		return r;
	if (ev->nr_watches == EVLOOP_MAX_WATCHES)
		return -ENOSPC;
	w = &ev->watches[ev->nr_watches];
	*w = (struct evloop_watch) { .fd = fd, .fn = fn, .opaque = opaque };
	e.data.ptr = w;
	if (epoll_ctl(ev->epfd, EPOLL_CTL_ADD, fd, &e) < 0)
		return -errno;
	ev->nr_watches++;
	return 0;
}

void evloop_remove(struct vm *vm, int fd)
{
	struct evloop *ev = vm->evloop;
	int i;

	for (i = 0; ev && i < ev->nr_watches; i++) {
		struct evloop_watch *w = &ev->watches[i];

		if (w->fd != fd || !w->fn)
			continue;
		epoll_ctl(ev->epfd, EPOLL_CTL_DEL, fd, NULL);
		/* The slot stays: epoll may still hold an event naming it. */
		w->fn = NULL;
		w->fd = -1;
	}
}

static void *evloop_thread(void *arg)
{
	struct vm *vm = arg;
	struct evloop *ev = vm->evloop;
	struct epoll_event events[8];
	int i, n;

	for (;;) {
		n = epoll_wait(ev->epfd, events, 8, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error("event loop: epoll_wait: %s", strerror(errno));
			return NULL;
		}
		pthread_mutex_lock(&vm->lock);
		for (i = 0; i < n; i++) {
			struct evloop_watch *w = events[i].data.ptr;

			if (!w) {
				pthread_mutex_unlock(&vm->lock);
				return NULL;
			}
			if (w->fn)
				w->fn(vm, w->fd, w->opaque);
		}
		pthread_mutex_unlock(&vm->lock);
	}
}

int evloop_start(struct vm *vm)
{
	struct evloop *ev;
	sigset_t all, old;
	int r = evloop_get(vm, &ev);

	if (r)
		return r;
	/* Signals are for the vCPU threads and vm_run(): never this one. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	r = -pthread_create(&ev->thread, NULL, evloop_thread, vm);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!r)
		ev->running = true;
	return r;
}

void evloop_stop(struct vm *vm)
{
	struct evloop *ev = vm->evloop;

	if (!ev)
		return;
	if (ev->running) {
		if (write(ev->stop_pipe[1], "", 1) != 1)
			error("event loop: cannot stop it: %s", strerror(errno));
		pthread_join(ev->thread, NULL);
	}
	evloop_free(ev);
	vm->evloop = NULL;
}
