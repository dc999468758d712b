// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI tables (userspace/vmm/acpi.c) built into a fake guest RAM as
 * hvx run builds them, in the BIOS area: the RSDP that a legacy scan
 * finds, both checksums, RSDT and XSDT, the FADT's fields (full ACPI,
 * PM1a ports, SCI, no PM timer, DSDT pointers), the FACS, the DSDT's
 * \_S5 and devices byte for byte, the refusals, and, where iasl is
 * installed, that ACPICA's disassembler reads the DSDT and the FADT.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "acpi.h"
#include "kselftest_harness.h"

#define RAM_SIZE	(1U << 20)
#define AREA		0xe0000ULL
#define AREA_SIZE	0x20000ULL

static uint64_t get(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static uint8_t sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return s;
}

static const uint8_t *memfind(const uint8_t *hay, size_t len,
			      const void *needle, size_t nlen)
{
	size_t i;

	for (i = 0; i + nlen <= len; i++)
		if (!memcmp(hay + i, needle, nlen))
			return hay + i;
	return NULL;
}

static const struct acpi_virtio_dev two_disks[] = {
	{ .base = 0xd0000000, .size = 0x200, .irq = 5 },
	{ .base = 0xd0001000, .size = 0x200, .irq = 6 },
};

FIXTURE(acpi) {
	uint8_t *ram;
	uint64_t rsdp, rsdt, xsdt, fadt, facs, dsdt;
};

FIXTURE_SETUP(acpi)
{
	int64_t r;

	self->ram = malloc(RAM_SIZE);
	ASSERT_NE(NULL, self->ram);
	memset(self->ram, 0x5a, RAM_SIZE);
	r = acpi_build(self->ram, RAM_SIZE, AREA, AREA_SIZE, two_disks, 2);
	ASSERT_EQ(AREA, r);
	self->rsdp = r;
	self->rsdt = get(self->ram + r + 16, 4);
	self->xsdt = get(self->ram + r + 24, 8);
	self->fadt = get(self->ram + self->xsdt + 36, 8);
	self->facs = get(self->ram + self->fadt + 132, 8);
	self->dsdt = get(self->ram + self->fadt + 140, 8);
}

FIXTURE_TEARDOWN(acpi)
{
	free(self->ram);
}

/* What Linux does without a pointer: scan 0xe0000-0xfffff by 16 bytes. */
TEST_F(acpi, legacy_scan_finds_rsdp)
{
	uint64_t a, found = 0;

	for (a = 0xe0000; a < 0x100000; a += 16) {
		const uint8_t *p = self->ram + a;

		if (!memcmp(p, "RSD PTR ", 8) && !sum(p, 20) &&
		    (p[15] < 2 || !sum(p, get(p + 20, 4)))) {
			found = a;
			break;
		}
	}
	ASSERT_EQ(self->rsdp, found);
}

TEST_F(acpi, rsdp)
{
	const uint8_t *p = self->ram + self->rsdp;

	ASSERT_EQ(0, memcmp(p, "RSD PTR ", 8));
	ASSERT_EQ(0, sum(p, 20));
	ASSERT_EQ(0, sum(p, 36));
	ASSERT_EQ(0, memcmp(p + 9, "HVX   ", 6));
	ASSERT_EQ(2, p[15]);
	ASSERT_EQ(36, get(p + 20, 4));
	ASSERT_NE(0, self->rsdt);
	ASSERT_NE(0, self->xsdt);
	ASSERT_EQ(0, get(p + 33, 3));
	/* Everything inside the area given. */
	ASSERT_TRUE(self->rsdt >= AREA && self->rsdt < AREA + AREA_SIZE);
	ASSERT_TRUE(self->xsdt >= AREA && self->xsdt < AREA + AREA_SIZE);
}

static void check_header(struct __test_metadata *_metadata,
			 const uint8_t *t, const char *sig,
			 uint32_t len, uint8_t rev)
{
	ASSERT_EQ(0, memcmp(t, sig, 4));
	ASSERT_EQ(len, get(t + 4, 4));
	ASSERT_EQ(rev, t[8]);
	ASSERT_EQ(0, sum(t, len));
	ASSERT_EQ(0, memcmp(t + 10, "HVX   ", 6));
	ASSERT_EQ(0, memcmp(t + 16, "HVXVM   ", 8));
}

TEST_F(acpi, rsdt_and_xsdt)
{
	const uint8_t *r = self->ram + self->rsdt;
	const uint8_t *x = self->ram + self->xsdt;

	check_header(_metadata, r, "RSDT", 40, 1);
	check_header(_metadata, x, "XSDT", 44, 1);
	ASSERT_EQ(self->fadt, get(r + 36, 4));
	ASSERT_EQ(self->fadt, get(x + 36, 8));
}

TEST_F(acpi, fadt)
{
	const uint8_t *f = self->ram + self->fadt;
	static const uint8_t evt_gas[12] = { 1, 32, 0, 2, 0x00, 0x06 };
	static const uint8_t cnt_gas[12] = { 1, 16, 0, 2, 0x04, 0x06 };
	static const uint8_t tmr_gas[12] = { 1, 32, 0, 3, 0x08, 0x06 };
	static const uint8_t zero[12];

	check_header(_metadata, f, "FACP", 276, 6);
	ASSERT_EQ(5, f[131]);				/* minor: 6.5 */
	/* FACS only in X_FIRMWARE_CTRL; DSDT in both. */
	ASSERT_EQ(0, get(f + 36, 4));
	ASSERT_EQ(self->facs, get(f + 132, 8));
	ASSERT_EQ(self->dsdt, get(f + 40, 4));
	ASSERT_EQ(self->dsdt, get(f + 140, 8));
	ASSERT_EQ(0, memcmp(self->ram + self->dsdt, "DSDT", 4));
	ASSERT_EQ(ACPI_SCI_IRQ, get(f + 46, 2));
	ASSERT_EQ(9, get(f + 46, 2));
	ASSERT_EQ(0, get(f + 48, 4));			/* SMI_CMD */
	ASSERT_EQ(0, get(f + 52, 2));		/* ACPI_ENABLE/DISABLE */
	ASSERT_EQ(ACPI_PM1A_EVT_PORT, get(f + 56, 4));
	ASSERT_EQ(0, get(f + 60, 4));			/* PM1b */
	ASSERT_EQ(ACPI_PM1A_CNT_PORT, get(f + 64, 4));
	ASSERT_EQ(0, get(f + 68, 4));
	ASSERT_EQ(0, get(f + 72, 4));			/* PM2 */
	ASSERT_EQ(ACPI_PM_TMR_PORT, get(f + 76, 4));	/* PM timer */
	ASSERT_EQ(0, get(f + 80, 8));			/* GPE0, GPE1 */
	ASSERT_EQ(4, f[88]);
	ASSERT_EQ(2, f[89]);
	ASSERT_EQ(0, f[90]);				/* PM2 length */
	ASSERT_EQ(4, f[91]);				/* PM timer */
	ASSERT_EQ(0, get(f + 92, 2));			/* GPE lengths */
	ASSERT_EQ(101, get(f + 96, 2));			/* no C2 */
	ASSERT_EQ(1001, get(f + 98, 2));		/* no C3 */
	ASSERT_EQ(0, f[108]);				/* CENTURY */
	/* Legacy devices, 8042, no VGA, no MSI; the CMOS RTC is there. */
	ASSERT_EQ(0x000f, get(f + 109, 2));
	/* WBINVD, C1, no fixed buttons, no RTC_STS; not HW_REDUCED. */
	ASSERT_EQ(0x75, get(f + 112, 4));
	ASSERT_EQ(0, get(f + 112, 4) & (1U << 20));
	ASSERT_EQ(0, memcmp(f + 116, zero, 12));	/* no RESET_REG */
	ASSERT_EQ(0, memcmp(f + 148, evt_gas, 12));
	ASSERT_EQ(0, memcmp(f + 160, zero, 12));
	ASSERT_EQ(0, memcmp(f + 172, cnt_gas, 12));
	ASSERT_EQ(0, memcmp(f + 184, zero, 12));
	ASSERT_EQ(0, memcmp(f + 196, zero, 12));
	ASSERT_EQ(0, memcmp(f + 208, tmr_gas, 12));	/* X_PM_TMR_BLK */
	ASSERT_EQ(0, memcmp(f + 220, zero, 12));
	ASSERT_EQ(0, memcmp(f + 232, zero, 12));
	ASSERT_EQ(0, memcmp(f + 244, zero, 12));	/* SLEEP_CONTROL */
	ASSERT_EQ(0, memcmp(f + 256, zero, 12));	/* SLEEP_STATUS */
}

TEST_F(acpi, facs)
{
	const uint8_t *f = self->ram + self->facs;

	ASSERT_EQ(0, self->facs % 64);
	ASSERT_EQ(0, memcmp(f, "FACS", 4));
	ASSERT_EQ(64, get(f + 4, 4));
	ASSERT_EQ(0, get(f + 8, 4));		/* hardware signature */
	ASSERT_EQ(0, get(f + 16, 4));		/* global lock free */
	ASSERT_EQ(2, f[32]);			/* version */
}

TEST_F(acpi, dsdt)
{
	const uint8_t *d = self->ram + self->dsdt;
	uint32_t len = get(d + 4, 4);
	static const uint8_t s5[] = {
		0x08, 0x5c, '_', 'S', '5', '_',
		0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,
	};
	static const uint8_t vr01[] = {
		0x5b, 0x82, 0x3a, 'V', 'R', '0', '1',
		0x08, '_', 'H', 'I', 'D',
		0x0d, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0x00,
		0x08, '_', 'U', 'I', 'D', 0x01,
		0x08, '_', 'C', 'R', 'S',
		0x11, 0x1a, 0x0a, 0x17,
		0x86, 0x09, 0x00, 0x01, 0x00, 0x10, 0x00, 0xd0,
		0x00, 0x02, 0x00, 0x00,
		0x89, 0x06, 0x00, 0x01, 0x01, 0x06, 0x00, 0x00, 0x00,
		0x79, 0x7e,
	};
	static const uint8_t com1[] = {
		0x5b, 0x82, 0x2b, 'C', 'O', 'M', '1',
		0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x05, 0x01,
		0x08, '_', 'U', 'I', 'D', 0x01,
		0x08, '_', 'C', 'R', 'S',
		0x11, 0x10, 0x0a, 0x0d,
		0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,
		0x22, 0x10, 0x00, 0x79, 0x0e,
	};
	const uint8_t *p;

	check_header(_metadata, d, "DSDT", len, 2);
	ASSERT_TRUE(self->dsdt + len <= AREA + AREA_SIZE);
	/* \_S5 first, then Scope (\_SB) holding the rest. */
	ASSERT_EQ(0, memcmp(d + 36, s5, sizeof(s5)));
	p = d + 36 + sizeof(s5);
	ASSERT_EQ(0x10, p[0]);
	ASSERT_EQ(0, memcmp(p + 3, "\\_SB_", 5));
	/* Its two-byte PkgLength reaches the end of the table. */
	ASSERT_EQ(0x40, p[1] & 0xc0);
	ASSERT_EQ(d + len - (p + 1), (p[1] & 0x0f) | p[2] << 4);
	ASSERT_EQ(0, memcmp(p + 8, com1, sizeof(com1)));
	ASSERT_NE(NULL, memfind(d, len, "VR00", 4));
	ASSERT_NE(NULL, memfind(d, len, vr01, sizeof(vr01)));
	ASSERT_EQ(d + len, memfind(d, len, vr01, sizeof(vr01)) + sizeof(vr01));
}

TEST_F(acpi, area_outside_is_untouched)
{
	ASSERT_EQ(0x5a, self->ram[AREA - 1]);
	ASSERT_EQ(0x5a, self->ram[0]);
	/* The area itself is cleared past the tables. */
	ASSERT_EQ(0, self->ram[AREA + AREA_SIZE - 1]);
}

TEST(unaligned_area_and_no_devices)
{
	uint8_t *ram = calloc(1, RAM_SIZE);
	int64_t r;

	ASSERT_NE(NULL, ram);
	r = acpi_build(ram, RAM_SIZE, 0xe0004, 0x1000, NULL, 0);
	ASSERT_EQ(0xe0010, r);
	ASSERT_EQ(0, memcmp(ram + r, "RSD PTR ", 8));
	free(ram);
}

TEST(refusals)
{
	uint8_t *ram = calloc(1, RAM_SIZE);
	struct acpi_virtio_dev d[ACPI_MAX_VIRTIO_DEVS + 1];
	static const unsigned int bad_irqs[] = {
		0, 1, 2, 4, 8, 9, 12, 13, 16, 100,
	};
	unsigned int i;

	ASSERT_NE(NULL, ram);
	/* The area: outside RAM, above 4 GiB, too small. */
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, RAM_SIZE - 0x100,
				      0x1000, NULL, 0));
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, 0, RAM_SIZE + 1,
				      NULL, 0));
	ASSERT_EQ(-EINVAL, acpi_build(NULL, RAM_SIZE, AREA, AREA_SIZE,
				      NULL, 0));
	/* (No access happens before the checks.) */
	ASSERT_EQ(-EINVAL, acpi_build(ram, 1ULL << 33, 0xfffff000, 0x2000,
				      NULL, 0));
	ASSERT_EQ(-ENOSPC, acpi_build(ram, RAM_SIZE, AREA, 0x100, NULL, 0));
	/* Room for the fixed tables but not for the DSDT's devices. */
	ASSERT_EQ(-ENOSPC, acpi_build(ram, RAM_SIZE, AREA, 0x2c0,
				      two_disks, 2));

	/* Devices: IRQs, shared IRQs, ranges, counts. */
	for (i = 0; i < ARRAY_SIZE(bad_irqs); i++) {
		d[0] = (struct acpi_virtio_dev){ 0xd0000000, 0x200,
						 bad_irqs[i] };
		EXPECT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE,
					      d, 1)) {
			TH_LOG("IRQ %u was accepted", bad_irqs[i]);
		}
	}
	d[0] = (struct acpi_virtio_dev){ 0xd0000000, 0x200, 5 };
	d[1] = (struct acpi_virtio_dev){ 0xd0001000, 0x200, 5 };
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, d, 2));
	d[1] = (struct acpi_virtio_dev){ 0xfffffe01, 0x200, 6 };
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, d, 2));
	d[1] = (struct acpi_virtio_dev){ 0x100000000ULL, 0x200, 6 };
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, d, 2));
	d[1] = (struct acpi_virtio_dev){ 0xd0001000, 0, 6 };
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, d, 2));
	/* The last page below 4 GiB is fine. */
	d[1] = (struct acpi_virtio_dev){ 0xfffffe00, 0x200, 6 };
	ASSERT_EQ(AREA, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, d, 2));
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, d, -1));
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, NULL,
				      1));
	ASSERT_EQ(-EINVAL, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, d,
				      ACPI_MAX_VIRTIO_DEVS + 1));
	free(ram);
}

/* Every ISA IRQ a disk may take, one disk each. */
TEST(eight_disks)
{
	static const unsigned int irqs[] = { 3, 5, 6, 7, 10, 11, 14, 15 };
	struct acpi_virtio_dev d[8];
	uint8_t *ram = calloc(1, RAM_SIZE);
	unsigned int i;

	ASSERT_NE(NULL, ram);
	for (i = 0; i < 8; i++)
		d[i] = (struct acpi_virtio_dev){ 0xd0000000 + i * 0x1000,
						 0x200, irqs[i] };
	ASSERT_EQ(AREA, acpi_build(ram, RAM_SIZE, AREA, AREA_SIZE, d, 8));
	free(ram);
}

/* Run @cmd through the shell; its exit status, or -1. */
static int run(const char *cmd)
{
	int st = system(cmd);

	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int file_has(const char *path, const char *s)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, s) != NULL;
	fclose(f);
	return found;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return 0;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* ACPICA's disassembler (Debian's acpica-tools) reads what we built. */
TEST_F(acpi, iasl_disassembles)
{
	char dir[] = "/tmp/hvx-acpi-XXXXXX", path[128], cmd[512];
	const uint8_t *d = self->ram + self->dsdt;

	if (run("command -v iasl >/dev/null 2>&1") != 0)
		SKIP(return, "iasl is not installed (package acpica-tools)");
	ASSERT_NE(NULL, mkdtemp(dir));

	snprintf(path, sizeof(path), "%s/dsdt.aml", dir);
	ASSERT_TRUE(write_file(path, d, get(d + 4, 4)));
	snprintf(path, sizeof(path), "%s/facp.dat", dir);
	ASSERT_TRUE(write_file(path, self->ram + self->fadt, 276));

	snprintf(cmd, sizeof(cmd),
		 "cd %s && iasl -d dsdt.aml >dsdt.log 2>&1 && "
		 "iasl -d facp.dat >facp.log 2>&1", dir);
	EXPECT_EQ(0, run(cmd));
	/* iasl -d exits 0 even on a bad checksum, but says so. */
	snprintf(path, sizeof(path), "%s/dsdt.log", dir);
	EXPECT_FALSE(file_has(path, "Error"));
	EXPECT_FALSE(file_has(path, "Warning"));
	snprintf(path, sizeof(path), "%s/facp.log", dir);
	EXPECT_FALSE(file_has(path, "Error"));
	EXPECT_FALSE(file_has(path, "Warning"));

	snprintf(path, sizeof(path), "%s/dsdt.dsl", dir);
	EXPECT_TRUE(file_has(path, "LNRO0005"));
	EXPECT_TRUE(file_has(path, "_S5_"));
	EXPECT_TRUE(file_has(path, "EisaId (\"PNP0501\")"));
	EXPECT_TRUE(file_has(path, "Interrupt (ResourceConsumer, Level, ActiveHigh, Exclusive"));
	EXPECT_TRUE(file_has(path, "0xD0001000"));
	snprintf(path, sizeof(path), "%s/facp.dsl", dir);
	EXPECT_TRUE(file_has(path, "Hardware Reduced (V5) : 0"));

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run(cmd);
}

TEST_HARNESS_MAIN
