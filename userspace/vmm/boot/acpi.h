/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ACPI tables hvx run gives a Linux guest (ACPI 6.5): an RSDP that
 * the legacy scan of the BIOS area finds, an RSDT and an XSDT listing one
 * FADT, the FACS, and a DSDT describing the virtio-mmio devices
 * ("LNRO0005", which Linux's virtio_mmio driver binds to), COM1, and the
 * \_S5 sleep type that powers off.
 *
 * The FADT is a full (not hardware-reduced) one: Linux on x86 keeps the
 * i8259 PIC and the PIT only then. There is no MADT: with no local APIC
 * and no IO-APIC, Linux takes ACPI without a MADT as "UP PIC mode" and
 * routes every interrupt through the PIC, GSI n being ISA IRQ n. There
 * is no GPE block, no SMI command port (ACPI is always enabled) and no
 * reset register. The fixed registers are the PM1a event and control
 * blocks and the PM timer of acpi_pm_dev.c; the timer is Linux's
 * reference for calibrating the TSC, which PIT polling cannot be in a
 * nested guest where every port read is slow.
 */
#ifndef HVX_ACPI_H
#define HVX_ACPI_H

#include <stddef.h>
#include <stdint.h>

/* The fixed hardware: PM1a event block (status, enable) and control. */
#define ACPI_PM1A_EVT_PORT	0x600
#define ACPI_PM1_EVT_LEN	4
#define ACPI_PM1A_CNT_PORT	0x604
#define ACPI_PM1_CNT_LEN	2
#define ACPI_PM_TMR_PORT	0x608
#define ACPI_PM_TMR_LEN		4
#define ACPI_PM_TMR_HZ		3579545ULL	/* 24-bit counter */
#define ACPI_SCI_IRQ		9	/* never raised: no fixed events */
/* PM1_CNT.SLP_TYP for S5, as \_S5 gives it: SLP_EN with it powers off. */
#define ACPI_S5_SLP_TYP		5

/* PM1 register bits (ACPI 6.5, 4.8.3.1 and 4.8.3.2). */
#define ACPI_PM1_STS_TMR	(1U << 0)
#define ACPI_PM1_STS_BM		(1U << 4)
#define ACPI_PM1_STS_GBL	(1U << 5)
#define ACPI_PM1_STS_PWRBTN	(1U << 8)
#define ACPI_PM1_STS_SLPBTN	(1U << 9)
#define ACPI_PM1_STS_RTC	(1U << 10)
#define ACPI_PM1_STS_PCIEXP_WAKE (1U << 14)
#define ACPI_PM1_STS_WAK	(1U << 15)
#define ACPI_PM1_EN_TMR		(1U << 0)
#define ACPI_PM1_EN_GBL		(1U << 5)
#define ACPI_PM1_EN_PWRBTN	(1U << 8)
#define ACPI_PM1_EN_SLPBTN	(1U << 9)
#define ACPI_PM1_EN_RTC		(1U << 10)
#define ACPI_PM1_EN_PCIEXP_WAKE_DIS (1U << 14)
#define ACPI_PM1_CNT_SCI_EN	(1U << 0)
#define ACPI_PM1_CNT_BM_RLD	(1U << 1)
#define ACPI_PM1_CNT_GBL_RLS	(1U << 2)
#define ACPI_PM1_CNT_SLP_TYP_SHIFT 10
#define ACPI_PM1_CNT_SLP_TYP	(7U << ACPI_PM1_CNT_SLP_TYP_SHIFT)
#define ACPI_PM1_CNT_SLP_EN	(1U << 13)

/* At most this many virtio-mmio devices in the DSDT. */
#define ACPI_MAX_VIRTIO_DEVS	32

struct acpi_virtio_dev {
	uint64_t base;		/* guest-physical, below 4 GiB */
	uint32_t size;
	unsigned int irq;	/* ISA IRQ, one per device (see acpi.c) */
};

/*
 * Build the tables in guest RAM [@gpa, @gpa + @size), which must lie in
 * [0, @ram_size) and below 4 GiB; the whole area is cleared first. The
 * RSDP comes first, 16-byte aligned, so that a scan of 0xe0000-0xfffff
 * finds it when the area is there. Returns the RSDP's guest-physical
 * address, or -EINVAL (bad area or device), -ENOSPC (area too small).
 */
int64_t acpi_build(uint8_t *ram, uint64_t ram_size, uint64_t gpa,
		   uint64_t size, const struct acpi_virtio_dev *devs,
		   int nr_devs);

/*
 * The DSDT alone, into @buf: its length, or -EINVAL, -ENOSPC. For
 * acpi_build() and the tests.
 */
long acpi_build_dsdt(uint8_t *buf, size_t cap,
		     const struct acpi_virtio_dev *devs, int nr_devs);

#endif /* HVX_ACPI_H */
