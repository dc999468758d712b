// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI PM1a registers (ACPI 6.5, 4.8.3): hvx has no fixed events, so no
 * status bit ever sets and the SCI never fires; the registers only need
 * to behave.
 *
 * Event block, 4 ports: PM1_STS at +0 (write 1 to clear), PM1_EN at +2
 * (read/write: ACPICA checks that an enable bit it sets, such as the
 * global lock's, reads back). Control block, 2 ports: PM1_CNT, whose
 * SCI_EN always reads 1 (ACPI mode is fixed, there is no SMI command
 * port), SLP_TYP and BM_RLD read back, GBL_RLS and SLP_EN read 0.
 * Writing SLP_EN with SLP_TYP = ACPI_S5_SLP_TYP ends the VM as powered
 * off; other sleep states are not supported and such writes are ignored.
 * PM timer, 4 ports: the host's monotonic clock at 3.579545 MHz, 24 bits
 * (its overflow status and interrupt are not emulated: Linux only reads
 * the count).
 *
 * Any access of 1, 2 or 4 bytes works: each byte goes to the register
 * holding it, and bytes past the block read as ones and are dropped.
 */
#include <time.h>
#include "acpi.h"
#include "pc.h"
#include "util.h"

#define PM1_STS_BITS	(ACPI_PM1_STS_TMR | ACPI_PM1_STS_BM | \
			 ACPI_PM1_STS_GBL | ACPI_PM1_STS_PWRBTN | \
			 ACPI_PM1_STS_SLPBTN | ACPI_PM1_STS_RTC | \
			 ACPI_PM1_STS_PCIEXP_WAKE | ACPI_PM1_STS_WAK)
#define PM1_EN_BITS	(ACPI_PM1_EN_TMR | ACPI_PM1_EN_GBL | \
			 ACPI_PM1_EN_PWRBTN | ACPI_PM1_EN_SLPBTN | \
			 ACPI_PM1_EN_RTC | ACPI_PM1_EN_PCIEXP_WAKE_DIS)
/* What PM1_CNT keeps of a write. */
#define PM1_CNT_BITS	(ACPI_PM1_CNT_BM_RLD | ACPI_PM1_CNT_SLP_TYP)

struct acpi_pm {
	struct vm *vm;
	uint16_t sts;
	uint16_t en;
	uint16_t cnt;
};

/* Bytes [@offset, @offset + @size) of the @len-byte block @block. */
static uint64_t read_bytes(uint32_t block, unsigned int len, uint64_t offset,
			   unsigned int size)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++) {
		uint64_t b = offset + i < len ?
			     (block >> (8 * (offset + i))) & 0xff : 0xff;

		v |= b << (8 * i);
	}
	return v;
}

/* @block with bytes [@offset, @offset + @size) replaced from @value. */
static uint32_t merge_bytes(uint32_t block, unsigned int len,
			    uint64_t offset, unsigned int size,
			    uint64_t value, uint32_t *written)
{
	unsigned int i;

	*written = 0;
	for (i = 0; i < size; i++) {
		uint64_t at = offset + i;

		if (at >= len)
			break;
		block &= ~(0xffU << (8 * at));
		block |= ((value >> (8 * i)) & 0xff) << (8 * at);
		*written |= 0xffU << (8 * at);
	}
	return block;
}

static uint64_t pm_evt_read(void *opaque, uint64_t offset, unsigned int size)
{
	struct acpi_pm *pm = opaque;

	return read_bytes(pm->sts | (uint32_t)pm->en << 16, ACPI_PM1_EVT_LEN,
			  offset, size);
}

static void pm_evt_write(void *opaque, uint64_t offset, unsigned int size,
			 uint64_t value)
{
	struct acpi_pm *pm = opaque;
	uint32_t v, written;

	v = merge_bytes(0, ACPI_PM1_EVT_LEN, offset, size, value, &written);
	/* PM1_STS: ones clear, zeros keep. */
	pm->sts &= ~(v & written & PM1_STS_BITS);
	/* PM1_EN: the bytes written replace those held. */
	if (written >> 16) {
		uint16_t mask = written >> 16;

		pm->en = (pm->en & ~mask) | ((v >> 16) & mask & PM1_EN_BITS);
	}
}

static uint64_t pm_cnt_read(void *opaque, uint64_t offset, unsigned int size)
{
	struct acpi_pm *pm = opaque;

	return read_bytes(pm->cnt | ACPI_PM1_CNT_SCI_EN, ACPI_PM1_CNT_LEN,
			  offset, size);
}

static void pm_cnt_write(void *opaque, uint64_t offset, unsigned int size,
			 uint64_t value)
{
	struct acpi_pm *pm = opaque;
	uint32_t v, written;
	unsigned int typ;

	v = merge_bytes(pm->cnt, ACPI_PM1_CNT_LEN, offset, size, value,
			&written);
	pm->cnt = v & PM1_CNT_BITS;
	if (!(v & written & ACPI_PM1_CNT_SLP_EN))
		return;
	typ = (v & ACPI_PM1_CNT_SLP_TYP) >> ACPI_PM1_CNT_SLP_TYP_SHIFT;
	if (typ == ACPI_S5_SLP_TYP) {
		if (pm->vm->verbose)
			error("acpi: the guest entered S5: powering off");
		vm_request_stop(pm->vm, VM_STOP_POWEROFF, 0);
	} else if (pm->vm->verbose) {
		error("acpi: ignoring sleep type %u: only S5 (%u) is supported",
		      typ, ACPI_S5_SLP_TYP);
	}
}

/* The PM timer: a free-running 24-bit count at 3.579545 MHz. */
static uint64_t pm_tmr_read(void *opaque, uint64_t offset, unsigned int size)
{
	struct timespec ts;
	unsigned __int128 ticks;

	(void)opaque;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ticks = ((unsigned __int128)ts.tv_sec * 1000000000ULL + ts.tv_nsec) *
		ACPI_PM_TMR_HZ / 1000000000ULL;
	return read_bytes((uint32_t)ticks & 0xffffff, ACPI_PM_TMR_LEN, offset,
			  size);
}

static const struct bus_ops pm_tmr_ops = {
	.read = pm_tmr_read,
};

static const struct bus_ops pm_evt_ops = {
	.read = pm_evt_read,
	.write = pm_evt_write,
};

static const struct bus_ops pm_cnt_ops = {
	.read = pm_cnt_read,
	.write = pm_cnt_write,
};

static int acpi_pm_init(void *dev, const struct device_ctx *ctx)
{
	struct acpi_pm *pm = dev;

	pm->vm = ctx->vm;
	return 0;
}

static const struct device_range acpi_pm_ranges[] = {
	{ ACPI_PM1A_EVT_PORT, ACPI_PM1_EVT_LEN, "acpi-pm1a-evt", &pm_evt_ops },
	{ ACPI_PM1A_CNT_PORT, ACPI_PM1_CNT_LEN, "acpi-pm1a-cnt", &pm_cnt_ops },
	{ ACPI_PM_TMR_PORT, ACPI_PM_TMR_LEN, "acpi-pm-tmr", &pm_tmr_ops },
};

const struct device_desc acpi_pm_device = {
	.name = "acpi-pm",
	.size = sizeof(struct acpi_pm),
	.init = acpi_pm_init,
	DEVICE_RANGES(acpi_pm_ranges),
};
