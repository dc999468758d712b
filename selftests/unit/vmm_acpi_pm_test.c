// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI PM1a registers (userspace/vmm/devices/acpi_pm_dev.c) through the bus
 * ops they register, with the VM functions they call stubbed here: the
 * ports claimed, SCI_EN stuck at 1, PM1_EN read/write, PM1_STS write-1-
 * to-clear, every access size, and ACPICA's S5 sequence powering off
 * while other sleep types do not.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "acpi.h"
#include "pc.h"
#include "util.h"
#include "kselftest_harness.h"

/* The stubs' record. */
static struct {
	struct bus_range ranges[4];
	int nr_ranges;
	int fail_register;	/* bus_register() returns this... */
	int fail_after;		/* ...once this many ranges are in */
	int messages;
} rec;

int bus_register(struct bus *bus, uint64_t base, uint64_t len,
		 const char *name, const struct bus_ops *ops, void *opaque)
{
	(void)bus;
	if (rec.fail_register && rec.nr_ranges == rec.fail_after)
		return rec.fail_register;
	rec.ranges[rec.nr_ranges++] = (struct bus_range){
		.base = base, .len = len, .name = name, .ops = ops,
		.opaque = opaque,
	};
	return 0;
}

void bus_unregister(struct bus *bus, uint64_t base)
{
	int i;

	(void)bus;
	for (i = 0; i < rec.nr_ranges; i++)
		if (rec.ranges[i].base == base)
			rec.ranges[i] = rec.ranges[--rec.nr_ranges];
}

int vm_add_cleanup(struct vm *vm, void (*fn)(void *opaque), void *opaque)
{
	if (vm->nr_cleanups == VM_MAX_CLEANUPS)
		return -ENOSPC;
	vm->cleanups[vm->nr_cleanups++] = (struct vm_cleanup){ fn, opaque };
	return 0;
}

void vm_request_stop(struct vm *vm, enum vm_stop why, int status)
{
	if (vm->stop == VM_RUNNING) {
		vm->stop = why;
		vm->stop_status = status;
	}
}

void error(const char *fmt, ...)
{
	(void)fmt;
	rec.messages++;
}

/* The device as the PC creates it. */
static int acpi_pm_create(struct vm *vm)
{
	return device_create(vm, &acpi_pm_device, 0, NULL, NULL);
}

FIXTURE(pm) {
	struct vm vm;
	struct bus_range evt, cnt, tmr;
};

FIXTURE_SETUP(pm)
{
	memset(&rec, 0, sizeof(rec));
	memset(&self->vm, 0, sizeof(self->vm));
	ASSERT_EQ(0, acpi_pm_create(&self->vm));
	ASSERT_EQ(3, rec.nr_ranges);
	self->evt = rec.ranges[0];
	self->cnt = rec.ranges[1];
	self->tmr = rec.ranges[2];
}

FIXTURE_TEARDOWN(pm)
{
	int i;

	for (i = self->vm.nr_cleanups - 1; i >= 0; i--)
		self->vm.cleanups[i].fn(self->vm.cleanups[i].opaque);
}

static uint64_t rd(struct bus_range *r, uint64_t off, unsigned int size)
{
	return r->ops->read(r->opaque, off, size);
}

static void wr(struct bus_range *r, uint64_t off, unsigned int size,
	       uint64_t v)
{
	r->ops->write(r->opaque, off, size, v);
}

TEST_F(pm, ports)
{
	ASSERT_EQ(ACPI_PM1A_EVT_PORT, self->evt.base);
	ASSERT_EQ(4, self->evt.len);
	ASSERT_EQ(ACPI_PM1A_CNT_PORT, self->cnt.base);
	ASSERT_EQ(2, self->cnt.len);
	ASSERT_EQ(0x600, ACPI_PM1A_EVT_PORT);
	ASSERT_EQ(0x604, ACPI_PM1A_CNT_PORT);
	ASSERT_EQ(ACPI_PM_TMR_PORT, self->tmr.base);
	ASSERT_EQ(4, self->tmr.len);
	ASSERT_EQ(1, self->vm.nr_cleanups);
}

/* 24 bits at 3.579545 MHz: 10 ms later it has moved at least 35795. */
TEST_F(pm, pm_timer_counts)
{
	struct timespec ten_ms = { .tv_nsec = 10 * 1000 * 1000 };
	uint32_t a, b;

	a = rd(&self->tmr, 0, 4);
	nanosleep(&ten_ms, NULL);
	b = rd(&self->tmr, 0, 4);
	ASSERT_EQ(0, a >> 24);
	ASSERT_EQ(0, b >> 24);
	ASSERT_LE(35795, (b - a) & 0xffffff);
	ASSERT_EQ(0, rd(&self->tmr, 3, 1));	/* the count has 24 bits */
}

TEST_F(pm, sci_en_always_set)
{
	ASSERT_EQ(ACPI_PM1_CNT_SCI_EN, rd(&self->cnt, 0, 2));
	ASSERT_EQ(0x01, rd(&self->cnt, 0, 1));
	ASSERT_EQ(0x00, rd(&self->cnt, 1, 1));
	wr(&self->cnt, 0, 2, 0);
	ASSERT_EQ(ACPI_PM1_CNT_SCI_EN, rd(&self->cnt, 0, 2));
	/* GBL_RLS reads 0; BM_RLD is kept. */
	wr(&self->cnt, 0, 2, ACPI_PM1_CNT_GBL_RLS | ACPI_PM1_CNT_BM_RLD);
	ASSERT_EQ(ACPI_PM1_CNT_SCI_EN | ACPI_PM1_CNT_BM_RLD,
		  rd(&self->cnt, 0, 2));
	/* Past the 2-byte block: ones. */
	ASSERT_EQ(0xffff0003, rd(&self->cnt, 0, 4));
	ASSERT_EQ(VM_RUNNING, self->vm.stop);
}

/* What ACPICA does for S5: SLP_TYP first, then SLP_TYP | SLP_EN. */
TEST_F(pm, s5_powers_off)
{
	uint16_t typ = ACPI_S5_SLP_TYP << ACPI_PM1_CNT_SLP_TYP_SHIFT;
	uint16_t v = rd(&self->cnt, 0, 2);

	ASSERT_EQ(5 << 10, typ);
	v &= ~(ACPI_PM1_CNT_SLP_TYP | ACPI_PM1_CNT_SLP_EN);
	wr(&self->cnt, 0, 2, v | typ);
	ASSERT_EQ(VM_RUNNING, self->vm.stop);
	ASSERT_EQ(ACPI_PM1_CNT_SCI_EN | typ, rd(&self->cnt, 0, 2));
	wr(&self->cnt, 0, 2, v | typ | ACPI_PM1_CNT_SLP_EN);
	ASSERT_EQ(VM_STOP_POWEROFF, self->vm.stop);
	ASSERT_EQ(0, self->vm.stop_status);
	/* SLP_EN is write-only. */
	ASSERT_EQ(0, rd(&self->cnt, 0, 2) & ACPI_PM1_CNT_SLP_EN);
	ASSERT_EQ(0, rec.messages);	/* quiet unless verbose */
}

TEST_F(pm, s5_by_byte_and_dword)
{
	/* The high byte alone: SLP_TYP 5 and SLP_EN are bits 10-13. */
	wr(&self->cnt, 1, 1, (5 << 2) | (1 << 5));
	ASSERT_EQ(VM_STOP_POWEROFF, self->vm.stop);

	self->vm.stop = VM_RUNNING;
	wr(&self->cnt, 0, 4, 0xffff0000 | (5 << 10) | (1 << 13));
	ASSERT_EQ(VM_STOP_POWEROFF, self->vm.stop);

	/* A low-byte write keeps the SLP_TYP held; no SLP_EN in it. */
	self->vm.stop = VM_RUNNING;
	wr(&self->cnt, 0, 1, 0xff);
	ASSERT_EQ(VM_RUNNING, self->vm.stop);
	ASSERT_EQ((5 << 10) | 3, rd(&self->cnt, 0, 2));
}

TEST_F(pm, other_sleep_types_ignored)
{
	unsigned int typ;

	for (typ = 0; typ < 8; typ++) {
		if (typ == ACPI_S5_SLP_TYP)
			continue;
		wr(&self->cnt, 0, 2, typ << 10 | ACPI_PM1_CNT_SLP_EN);
		ASSERT_EQ(VM_RUNNING, self->vm.stop);
	}
	ASSERT_EQ(0, rec.messages);
	self->vm.verbose = true;
	wr(&self->cnt, 0, 2, 3 << 10 | ACPI_PM1_CNT_SLP_EN);
	ASSERT_EQ(VM_RUNNING, self->vm.stop);
	ASSERT_EQ(1, rec.messages);
}

TEST_F(pm, pm1_en_reads_back)
{
	ASSERT_EQ(0, rd(&self->evt, 2, 2));
	/* ACPICA's global lock probe: GBL_EN must stick. */
	wr(&self->evt, 2, 2, ACPI_PM1_EN_GBL);
	ASSERT_EQ(ACPI_PM1_EN_GBL, rd(&self->evt, 2, 2));
	/* Reserved bits read 0. */
	wr(&self->evt, 2, 2, 0xffff);
	ASSERT_EQ(0x4721, rd(&self->evt, 2, 2));
	ASSERT_EQ(0x21, rd(&self->evt, 2, 1));
	ASSERT_EQ(0x47, rd(&self->evt, 3, 1));
	/* One byte leaves the other. */
	wr(&self->evt, 3, 1, 0);
	ASSERT_EQ(0x0021, rd(&self->evt, 2, 2));
	/* A dword at 0 is PM1_STS | PM1_EN << 16. */
	ASSERT_EQ(0x00210000, rd(&self->evt, 0, 4));
	wr(&self->evt, 0, 4, 0x02000000);
	ASSERT_EQ(ACPI_PM1_EN_SLPBTN, rd(&self->evt, 2, 2));
	/* Past the block: ones. */
	ASSERT_EQ(0xffff0200, rd(&self->evt, 2, 4));
}

TEST_F(pm, pm1_sts_write_one_to_clear)
{
	/* Nothing ever sets a status bit; writing ones clears, EN kept. */
	wr(&self->evt, 2, 2, ACPI_PM1_EN_PWRBTN);
	ASSERT_EQ(0, rd(&self->evt, 0, 2));
	wr(&self->evt, 0, 2, 0xffff);
	ASSERT_EQ(0, rd(&self->evt, 0, 2));
	ASSERT_EQ(ACPI_PM1_EN_PWRBTN, rd(&self->evt, 2, 2));
	wr(&self->evt, 0, 1, 0xff);
	ASSERT_EQ(ACPI_PM1_EN_PWRBTN << 16, rd(&self->evt, 0, 4));
	ASSERT_EQ(VM_RUNNING, self->vm.stop);
}

TEST(init_failure)
{
	struct vm vm;

	memset(&rec, 0, sizeof(rec));
	memset(&vm, 0, sizeof(vm));
	/* The second range is taken: the first is given back. */
	rec.fail_register = -EEXIST;
	rec.fail_after = 1;
	ASSERT_EQ(-EEXIST, acpi_pm_create(&vm));
	ASSERT_EQ(1, rec.messages);
	/* Nothing left behind: no range, no state to free later. */
	ASSERT_EQ(0, rec.nr_ranges);
	ASSERT_EQ(0, vm.nr_cleanups);

	memset(&rec, 0, sizeof(rec));
	vm.nr_cleanups = VM_MAX_CLEANUPS;
	ASSERT_EQ(-ENOSPC, acpi_pm_create(&vm));
	ASSERT_EQ(0, rec.nr_ranges);
}

TEST_HARNESS_MAIN
