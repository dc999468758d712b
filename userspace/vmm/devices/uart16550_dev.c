// SPDX-License-Identifier: GPL-2.0
/*
 * 16550A UARTs (uart16550.c) on the port bus, the first one wired to the
 * host's terminal.
 *
 * Output: each byte the guest transmits is written to fd 1 at once.
 *
 * Input: stdin, through a private epoll instance the event loop watches.
 * stdin is in it only while the receiver has room (uart_rx_room()), so a
 * full FIFO leaves the bytes in the pipe or terminal, unread and unlost,
 * and costs no wakeups until the guest drains it. A stdin that epoll
 * refuses (a regular file, /dev/null) is read when room appears instead.
 * End of input stops the reading, not the VM.
 *
 * On a terminal, stdin is in raw mode while hvx runs (restored at exit,
 * in the cleanup, and on fatal signals), and Ctrl-A is an escape:
 * Ctrl-A x quits, Ctrl-A Ctrl-A sends a Ctrl-A, Ctrl-A h prints help.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <termios.h>
#include <unistd.h>
#include "evloop.h"
#include "irqchip.h"
#include "pc.h"
#include "uart16550.h"
#include "util.h"

#define CTRL_A		0x01

struct serial {
	struct vm *vm;
	struct uart uart;
	unsigned int irq;
	bool irq_level;		/* what the IRQ line was last driven to */
	bool console;		/* this port reads stdin */
	bool pollable;		/* stdin goes through epfd */
	bool watching;		/* stdin is in epfd now */
	bool eof;		/* no more input */
	bool tty;		/* stdin is a terminal: raw, with escapes */
	bool escape;		/* Ctrl-A seen */
	bool out_failed;	/* stdout write error reported */
	int epfd;
};

static bool console_taken;

/* The terminal's settings before raw mode, for every way out. */
static struct termios saved_termios;
static volatile sig_atomic_t termios_saved;

static void restore_terminal(void)
{
	if (termios_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

static void fatal_signal(int sig)
{
	/* SA_RESETHAND: the default action follows once this returns. */
	restore_terminal();
	raise(sig);
}

static void catch_fatal_signals(void)
{
	static const int sigs[] = {
		SIGHUP, SIGQUIT, SIGPIPE, SIGABRT, SIGSEGV, SIGBUS, SIGFPE,
		SIGILL,
	};
	struct sigaction sa, old;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	/* Only where nobody else handles (or ignores) the signal. */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!sigaction(sigs[i], NULL, &old) &&
		    old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
}

static void raw_terminal(void)
{
	static bool atexit_done;
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &saved_termios))
		return;
	t = saved_termios;
	/* Every key to the guest; output processing stays as it was. */
	t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
		       ICRNL | IXON);
	t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	termios_saved = 1;
	if (!atexit_done && !atexit(restore_terminal))
		atexit_done = true;
	catch_fatal_signals();
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t))
		error("serial: cannot put the terminal in raw mode: %s",
		      strerror(errno));
}

static void serial_tx(void *opaque, uint8_t byte)
{
	struct serial *s = opaque;
	struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };
	ssize_t n;

	for (;;) {
		n = write(STDOUT_FILENO, &byte, 1);
		if (n == 1)
			return;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			poll(&p, 1, -1);
			continue;
		}
		break;
	}
	if (!s->out_failed)
		error("serial: writing to stdout: %s; output dropped",
		      n < 0 ? strerror(errno) : "short write");
	s->out_failed = true;
}

static void console_byte(struct serial *s, uint8_t byte)
{
	if (s->escape) {
		s->escape = false;
		switch (byte) {
		case 'x':
		case 'X':
			vm_request_stop(s->vm, VM_STOP_QUIT, 0);
			return;
		case 'h':
		case 'H':
			error("console: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A, Ctrl-A h shows this");
			return;
		case CTRL_A:
			break;
		default:
			return;
		}
	} else if (s->tty && byte == CTRL_A) {
		s->escape = true;
		return;
	}
	uart_rx(&s->uart, byte);
}

/* Move what stdin has into the receiver, as much as it takes. */
static void read_input(struct serial *s)
{
	uint8_t buf[UART_FIFO_SIZE];
	unsigned int room = uart_rx_room(&s->uart);
	ssize_t n, i;

	if (!room || s->eof)
		return;
	n = read(STDIN_FILENO, buf, room);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		if (n < 0)
			error("serial: reading stdin: %s; input closed",
			      strerror(errno));
		s->eof = true;
		return;
	}
	for (i = 0; i < n; i++)
		console_byte(s, buf[i]);
}

/* Watch stdin exactly while there is room for it. */
static void want_input(struct serial *s)
{
	struct epoll_event ev = { .events = EPOLLIN };
	bool want;

	if (!s->console)
		return;
	want = !s->eof && uart_rx_room(&s->uart) > 0;
	if (!s->pollable) {
		if (want)
			read_input(s);
		return;
	}
	if (s->eof && s->watching) {
		epoll_ctl(s->epfd, EPOLL_CTL_DEL, STDIN_FILENO, NULL);
		s->watching = false;
	}
	if (want == s->watching)
		return;
	/* Removed, not just masked: EPOLLHUP would come regardless. */
	if (epoll_ctl(s->epfd, want ? EPOLL_CTL_ADD : EPOLL_CTL_DEL,
		      STDIN_FILENO, &ev) < 0) {
		error("serial: watching stdin: %s; input closed",
		      strerror(errno));
		s->eof = true;
		return;
	}
	s->watching = want;
}

/* After anything that may have changed the interrupt or the receiver. */
static void serial_update(struct serial *s)
{
	bool level;

	/* First: bytes read on demand may raise the interrupt. */
	want_input(s);
	level = uart_irq(&s->uart);
	if (level != s->irq_level) {
		s->irq_level = level;
		irq_set_level(s->vm, s->irq, level);
	}
}

static void serial_input(struct vm *vm, int fd, void *opaque)
{
	struct serial *s = opaque;
	struct epoll_event ev;

	(void)vm;
	/* Level-triggered: this only collects the event. */
	epoll_wait(fd, &ev, 1, 0);
	read_input(s);
	serial_update(s);
}

static uint64_t serial_read(void *opaque, uint64_t offset, unsigned int size)
{
	struct serial *s = opaque;
	uint8_t val;

	(void)size;
	val = uart_read(&s->uart, offset);
	serial_update(s);
	return val;
}

static void serial_write(void *opaque, uint64_t offset, unsigned int size,
			 uint64_t val)
{
	struct serial *s = opaque;

	(void)size;
	uart_write(&s->uart, offset, val);
	serial_update(s);
}

static const struct bus_ops serial_ops = {
	.read = serial_read,
	.write = serial_write,
};

static void serial_release(void *dev)
{
	struct serial *s = dev;

	if (s->tty)
		restore_terminal();
	if (s->console)
		console_taken = false;
	if (s->epfd < 0)
		return;
	evloop_remove(s->vm, s->epfd);
	close(s->epfd);
}

/* Make @s the console: stdin through epfd if epoll takes it. */
static int console_init(struct vm *vm, struct serial *s)
{
	struct epoll_event ev = { .events = EPOLLIN };

	s->console = true;
	/* No stdin at all: nothing to read (and fd 0 may become epfd). */
	if (fcntl(STDIN_FILENO, F_GETFD) < 0) {
		s->eof = true;
		return 0;
	}
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0)
		return -errno;
	if (!epoll_ctl(s->epfd, EPOLL_CTL_ADD, STDIN_FILENO, &ev)) {
		epoll_ctl(s->epfd, EPOLL_CTL_DEL, STDIN_FILENO, NULL);
		s->pollable = true;
	}
	if (isatty(STDIN_FILENO)) {
		s->tty = true;
		raw_terminal();
	}
	return s->pollable ? evloop_add(vm, s->epfd, serial_input, s) : 0;
}

/* @arg: the ISA line, an unsigned int. */
static int serial_init(void *dev, const struct device_ctx *ctx)
{
	struct serial *s = dev;
	int r;

	s->vm = ctx->vm;
	s->irq = *(const unsigned int *)ctx->arg;
	s->epfd = -1;
	uart_init(&s->uart, serial_tx, s);
	if (console_taken)
		return 0;
	console_taken = true;
	r = console_init(ctx->vm, s);
	if (r)
		error("serial: the console on stdin: %s", strerror(-r));
	return r;
}

static const struct device_range serial_ranges[] = {
	{ 0, 8, "serial", &serial_ops },
};

const struct device_desc uart16550_device = {
	.name = "uart16550",
	.size = sizeof(struct serial),
	.init = serial_init,
	.release = serial_release,
	DEVICE_RANGES(serial_ranges),
};
