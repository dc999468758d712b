// SPDX-License-Identifier: GPL-2.0
/*
 * guest_init: /init of the nested Linux guest that linux_guest.sh boots
 * with hvx run. It proves the guest reached user space with working
 * interrupts, timers and disks:
 *
 *   1. mount /dev, /proc, /sys; open the console
 *   2. load the virtio modules from /modules (Debian builds them as
 *      modules), in dependency order
 *   3. wait for /dev/vda, read the marker "HVX-MARKER <token>" from its
 *      first sector, print it, and write "HVX-REPLY <token>" to its
 *      second sector
 *   4. if /dev/vdb exists, check that it is read-only (the VMM gave it
 *      with ,ro: Linux marks it so and refuses writes) and that its first
 *      sector reads back as the host wrote it
 *   5. power off through ACPI
 *
 * Lines for the test start with "hvx-guest: ". A failure prints
 * "hvx-guest: FAIL ..." and reboots, which hvx run reports as a reset.
 *
 * With hvx_bench_exit=1 on the kernel command line (the kernel hands
 * such words to init as environment), it does nothing but end the VM
 * through the debug-exit port: make bench times a boot to user space.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SECTOR		512
#define MARKER		"HVX-MARKER "
#define REPLY		"HVX-REPLY "
#define DISK_WAIT_MS	20000
#define DEBUG_EXIT_PORT	0xf4

static const char *const modules[] = {
	"virtio_ring", "virtio", "virtio_mmio", "virtio_blk",
};

static void say(const char *fmt, ...)
{
	va_list ap;

	printf("hvx-guest: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void __attribute__((noreturn)) fail(const char *fmt, ...)
{
	va_list ap;

	printf("hvx-guest: FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno: %s)\n", strerror(errno));
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

static void setup(void)
{
	int fd;

	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
}

static void load_modules(void)
{
	char path[64];
	size_t i;
	int fd;

	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		snprintf(path, sizeof(path), "/modules/%s.ko", modules[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fail("open %s", path);
		if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST)
			fail("loading %s", path);
		close(fd);
	}
}

static int wait_for(const char *dev)
{
	struct timespec t = { .tv_nsec = 10 * 1000 * 1000 };
	int waited;

	for (waited = 0; waited < DISK_WAIT_MS; waited += 10) {
		if (!access(dev, F_OK))
			return 0;
		nanosleep(&t, NULL);
	}
	return -1;
}

static void read_sector(int fd, off_t sector, char *buf, const char *dev)
{
	if (pread(fd, buf, SECTOR, sector * SECTOR) != SECTOR)
		fail("reading sector %lld of %s", (long long)sector, dev);
}

/* The marker's token: up to the newline, printable. */
static const char *token_of(char *sector, const char *dev)
{
	char *nl;

	if (strncmp(sector, MARKER, strlen(MARKER)))
		fail("%s: no marker in its first sector", dev);
	nl = memchr(sector, '\n', SECTOR);
	if (!nl)
		fail("%s: the marker has no end", dev);
	*nl = 0;
	return sector + strlen(MARKER);
}

static void check_vda(void)
{
	char buf[SECTOR], reply[SECTOR] = { 0 };
	const char *token;
	int fd;

	if (wait_for("/dev/vda"))
		fail("no /dev/vda after %d ms", DISK_WAIT_MS);
	fd = open("/dev/vda", O_RDWR);
	if (fd < 0)
		fail("open /dev/vda");
	read_sector(fd, 0, buf, "/dev/vda");
	token = token_of(buf, "/dev/vda");
	say("marker %s", token);
	snprintf(reply, sizeof(reply), REPLY "%s\n", token);
	if (pwrite(fd, reply, SECTOR, SECTOR) != SECTOR)
		fail("writing the reply to /dev/vda");
	if (fsync(fd))
		fail("fsync /dev/vda");
	close(fd);
	say("reply written");
}

/* Linux opens a read-only disk for writing, but marks it and refuses writes. */
static void check_vdb(void)
{
	char buf[SECTOR] = "hvx-guest was here";
	char ro[4] = "";
	int fd;

	if (access("/dev/vdb", F_OK))
		return;
	fd = open("/sys/block/vdb/ro", O_RDONLY);
	if (fd < 0 || read(fd, ro, sizeof(ro) - 1) < 1 || ro[0] != '1')
		fail("/dev/vdb is not marked read-only");
	close(fd);
	fd = open("/dev/vdb", O_RDWR | O_SYNC);
	if (fd >= 0) {
		if (pwrite(fd, buf, SECTOR, 0) >= 0)
			fail("writing /dev/vdb worked: not read-only");
		if (errno != EPERM)
			fail("writing /dev/vdb failed, but not with EPERM");
		close(fd);
	}
	fd = open("/dev/vdb", O_RDONLY);
	if (fd < 0)
		fail("open /dev/vdb");
	read_sector(fd, 0, buf, "/dev/vdb");
	say("vdb read-only, marker %s", token_of(buf, "/dev/vdb"));
	close(fd);
}

int main(void)
{
	if (getenv("hvx_bench_exit") && !ioperm(DEBUG_EXIT_PORT, 1, 1))
		outb(0, DEBUG_EXIT_PORT);
	setup();
	say("user space reached");
	load_modules();
	check_vda();
	check_vdb();
	say("powering off");
	sync();
	reboot(RB_POWER_OFF);
	fail("power-off returned");
}
