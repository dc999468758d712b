// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI tables (acpi.h), laid out from ACPI 6.5 chapter 5.
 *
 * In the area given:
 *   RSDP   36 bytes, revision 2 (ACPI 2.0+): RSDT and XSDT addresses
 *   FACS   64 bytes, 64-byte aligned, version 2
 *   FADT  276 bytes, revision 6.5
 *   RSDT   one 32-bit entry: the FADT
 *   XSDT   one 64-bit entry: the FADT
 *   DSDT   the rest, revision 2 (64-bit integers)
 *
 * FADT pointers: DSDT and X_DSDT both hold the DSDT; the FACS is only in
 * X_FIRMWARE_CTRL, since the specification requires FIRMWARE_CTRL to be
 * zero when X_FIRMWARE_CTRL is not. The PM1a blocks are in both the
 * 32-bit fields and the X_ GASes, with matching addresses and widths.
 *
 * Interrupts of the virtio-mmio devices: Linux's PIC mode hands a _CRS
 * interrupt through as ISA IRQ = GSI, with either the small IRQ
 * descriptor or the extended one. We use the extended Interrupt()
 * descriptor: Linux takes its trigger and polarity as they are (the
 * small one is subject to its legacy-ISA override logic, idle without
 * an IO-APIC but pointless). The line is level-triggered, active-high:
 * our virtio-mmio device holds it high while InterruptStatus is not
 * zero. Linux then marks the IRQ level in the PIC's ELCR (ports
 * 0x4d0-0x4d1) and a status bit raised while the driver acknowledges
 * another still interrupts; with a PIC that only latches edges, the
 * same tables behave as edge-triggered, and such a bit can be missed.
 *
 * Each device needs its own IRQ: Linux records the descriptor's trigger
 * on the IRQ and then refuses a second virtio_mmio request_irq() on it
 * (its flags carry no trigger, which no longer matches). IRQs the PC
 * wires itself are refused too: 0 PIT, 1 keyboard, 2 cascade, 4 COM1,
 * 8 RTC, 9 SCI, 12 PS/2 mouse, 13 FPU (whose ELCR bit, like those of
 * 0, 1, 2 and 8, cannot say level).
 */
#include <errno.h>
#include <string.h>
#include "acpi.h"
#include "aml.h"

#define RSDP_LEN	36
#define RSDP_V1_LEN	20
#define HDR_LEN		36
#define FACS_LEN	64
#define FADT_LEN	276
#define RSDT_LEN	(HDR_LEN + 4)
#define XSDT_LEN	(HDR_LEN + 8)

#define OEM_ID		"HVX   "
#define OEM_TABLE_ID	"HVXVM   "
#define OEM_REVISION	1
#define CREATOR_ID	"HVX "
#define CREATOR_REVISION 1

/* FADT offsets (5.2.9). */
#define FADT_FIRMWARE_CTRL	36
#define FADT_DSDT		40
#define FADT_SCI_INT		46
#define FADT_PM1A_EVT_BLK	56
#define FADT_PM1A_CNT_BLK	64
#define FADT_PM_TMR_BLK		76
#define FADT_PM1_EVT_LEN	88
#define FADT_PM1_CNT_LEN	89
#define FADT_PM_TMR_LEN		91
#define FADT_P_LVL2_LAT		96
#define FADT_P_LVL3_LAT		98
#define FADT_IAPC_BOOT_ARCH	109
#define FADT_FLAGS		112
#define FADT_MINOR_VERSION	131
#define FADT_X_FIRMWARE_CTRL	132
#define FADT_X_DSDT		140
#define FADT_X_PM1A_EVT_BLK	148
#define FADT_X_PM1A_CNT_BLK	172
#define FADT_X_PM_TMR_BLK	208

/* IAPC_BOOT_ARCH: ISA devices, an 8042, no VGA to probe, no MSI. */
#define BOOT_ARCH_LEGACY_DEVICES	(1U << 0)
#define BOOT_ARCH_8042			(1U << 1)
#define BOOT_ARCH_VGA_NOT_PRESENT	(1U << 2)
#define BOOT_ARCH_MSI_NOT_SUPPORTED	(1U << 3)

/*
 * Flags: WBINVD works, C1 on every CPU, no fixed power or sleep button,
 * no RTC wake status in PM1; HW_REDUCED_ACPI (bit 20) stays clear.
 */
#define FADT_F_WBINVD		(1U << 0)
#define FADT_F_PROC_C1		(1U << 2)
#define FADT_F_PWR_BUTTON	(1U << 4)
#define FADT_F_SLP_BUTTON	(1U << 5)
#define FADT_F_FIX_RTC		(1U << 6)

/* Latencies above these maxima say C2 and C3 are not supported. */
#define NO_C2_LATENCY	101
#define NO_C3_LATENCY	1001

#define GAS_SYSTEM_IO	1
#define GAS_ACCESS_DWORD	3
#define GAS_ACCESS_WORD	2

/* ISA IRQs the PC wires itself (see above). */
#define RESERVED_IRQS	((1U << 0) | (1U << 1) | (1U << 2) | (1U << 4) | \
			 (1U << 8) | (1U << ACPI_SCI_IRQ) | (1U << 12) | \
			 (1U << 13))

#define COM1_PORT	0x3f8
#define COM1_IRQ	4

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

static uint8_t checksum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return -sum;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

/* The common header (5.2.6); the checksum is set once the body is in. */
static void table_header(uint8_t *t, const char *sig, uint32_t len,
			 uint8_t revision)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = revision;
	t[9] = 0;
	memcpy(t + 10, OEM_ID, 6);
	memcpy(t + 16, OEM_TABLE_ID, 8);
	put32(t + 24, OEM_REVISION);
	memcpy(t + 28, CREATOR_ID, 4);
	put32(t + 32, CREATOR_REVISION);
}

static void table_checksum(uint8_t *t, uint32_t len)
{
	t[9] = 0;
	t[9] = checksum(t, len);
}

/* A Generic Address Structure (5.2.3.2) in system I/O space. */
static void gas_io(uint8_t *p, uint16_t port, uint8_t bytes, uint8_t access)
{
	p[0] = GAS_SYSTEM_IO;
	p[1] = bytes * 8;
	p[2] = 0;
	p[3] = access;
	put64(p + 4, port);
}

static int check_devs(const struct acpi_virtio_dev *devs, int nr_devs)
{
	unsigned int used = 0;
	int i;

	if (nr_devs < 0 || nr_devs > ACPI_MAX_VIRTIO_DEVS ||
	    (nr_devs && !devs))
		return -EINVAL;
	for (i = 0; i < nr_devs; i++) {
		const struct acpi_virtio_dev *d = &devs[i];

		if (!d->size || d->base > UINT32_MAX ||
		    d->size - 1 > UINT32_MAX - d->base)
			return -EINVAL;
		if (d->irq > 15 || (RESERVED_IRQS | used) & (1U << d->irq))
			return -EINVAL;
		used |= 1U << d->irq;
	}
	return 0;
}

static void dsdt_com1(struct aml *a)
{
	aml_device_begin(a, "COM1");
	aml_name(a, "_HID");
	aml_eisaid(a, "PNP0501");
	aml_name(a, "_UID");
	aml_integer(a, 1);
	aml_name(a, "_CRS");
	aml_rt_begin(a);
	aml_rt_io(a, COM1_PORT, COM1_PORT, 1, 8);
	aml_rt_irq(a, COM1_IRQ, 0, true);
	aml_rt_end(a);
	aml_end(a);
}

static void dsdt_virtio(struct aml *a, const struct acpi_virtio_dev *d,
			int n)
{
	static const char hex[] = "0123456789ABCDEF";
	char name[5] = { 'V', 'R', hex[(n >> 4) & 0xf], hex[n & 0xf] };

	aml_device_begin(a, name);
	aml_name(a, "_HID");
	aml_string(a, "LNRO0005");
	aml_name(a, "_UID");
	aml_integer(a, n);
	aml_name(a, "_CRS");
	aml_rt_begin(a);
	aml_rt_memory32_fixed(a, true, d->base, d->size);
	aml_rt_interrupt(a, d->irq, 0);		/* level, active-high */
	aml_rt_end(a);
	aml_end(a);
}

long acpi_build_dsdt(uint8_t *buf, size_t cap,
		     const struct acpi_virtio_dev *devs, int nr_devs)
{
	struct aml a;
	long len;
	int i, r;

	r = check_devs(devs, nr_devs);
	if (r)
		return r;
	if (cap < HDR_LEN)
		return -ENOSPC;
	aml_init(&a, buf + HDR_LEN, cap - HDR_LEN);

	/* SLP_TYPa, SLP_TYPb, two reserved. */
	aml_name(&a, "\\_S5");
	aml_package_begin(&a);
	aml_integer(&a, ACPI_S5_SLP_TYP);
	aml_integer(&a, ACPI_S5_SLP_TYP);
	aml_integer(&a, 0);
	aml_integer(&a, 0);
	aml_end(&a);

	aml_scope_begin(&a, "\\_SB");
	dsdt_com1(&a);
	for (i = 0; i < nr_devs; i++)
		dsdt_virtio(&a, &devs[i], i);
	aml_end(&a);

	len = aml_finish(&a);
	if (len < 0)
		return len;
	len += HDR_LEN;
	table_header(buf, "DSDT", len, 2);
	table_checksum(buf, len);
	return len;
}

static void build_facs(uint8_t *t)
{
	memcpy(t, "FACS", 4);
	put32(t + 4, FACS_LEN);
	t[32] = 2;		/* version */
}

static void build_fadt(uint8_t *t, uint64_t facs, uint64_t dsdt)
{
	table_header(t, "FACP", FADT_LEN, 6);
	put32(t + FADT_FIRMWARE_CTRL, 0);
	put32(t + FADT_DSDT, dsdt);
	put16(t + FADT_SCI_INT, ACPI_SCI_IRQ);
	put32(t + FADT_PM1A_EVT_BLK, ACPI_PM1A_EVT_PORT);
	put32(t + FADT_PM1A_CNT_BLK, ACPI_PM1A_CNT_PORT);
	t[FADT_PM1_EVT_LEN] = ACPI_PM1_EVT_LEN;
	t[FADT_PM1_CNT_LEN] = ACPI_PM1_CNT_LEN;
	put32(t + FADT_PM_TMR_BLK, ACPI_PM_TMR_PORT);
	t[FADT_PM_TMR_LEN] = ACPI_PM_TMR_LEN;
	put16(t + FADT_P_LVL2_LAT, NO_C2_LATENCY);
	put16(t + FADT_P_LVL3_LAT, NO_C3_LATENCY);
	put16(t + FADT_IAPC_BOOT_ARCH, BOOT_ARCH_LEGACY_DEVICES |
	      BOOT_ARCH_8042 | BOOT_ARCH_VGA_NOT_PRESENT |
	      BOOT_ARCH_MSI_NOT_SUPPORTED);
	put32(t + FADT_FLAGS, FADT_F_WBINVD | FADT_F_PROC_C1 |
	      FADT_F_PWR_BUTTON | FADT_F_SLP_BUTTON | FADT_F_FIX_RTC);
	t[FADT_MINOR_VERSION] = 5;
	put64(t + FADT_X_FIRMWARE_CTRL, facs);
	put64(t + FADT_X_DSDT, dsdt);
	gas_io(t + FADT_X_PM1A_EVT_BLK, ACPI_PM1A_EVT_PORT, ACPI_PM1_EVT_LEN,
	       GAS_ACCESS_WORD);
	gas_io(t + FADT_X_PM1A_CNT_BLK, ACPI_PM1A_CNT_PORT, ACPI_PM1_CNT_LEN,
	       GAS_ACCESS_WORD);
	gas_io(t + FADT_X_PM_TMR_BLK, ACPI_PM_TMR_PORT, ACPI_PM_TMR_LEN,
	       GAS_ACCESS_DWORD);
	table_checksum(t, FADT_LEN);
}

static void build_rsdp(uint8_t *p, uint64_t rsdt, uint64_t xsdt)
{
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, OEM_ID, 6);
	p[15] = 2;		/* revision: ACPI 2.0 and later */
	put32(p + 16, rsdt);
	put32(p + 20, RSDP_LEN);
	put64(p + 24, xsdt);
	p[8] = checksum(p, RSDP_V1_LEN);
	p[32] = checksum(p, RSDP_LEN);
}

int64_t acpi_build(uint8_t *ram, uint64_t ram_size, uint64_t gpa,
		   uint64_t size, const struct acpi_virtio_dev *devs,
		   int nr_devs)
{
	uint64_t end, rsdp, facs, fadt, rsdt, xsdt, dsdt;
	long len;
	uint8_t *t;
	int r;

	if (!ram || size > ram_size || gpa > ram_size - size ||
	    gpa + size > (1ULL << 32))
		return -EINVAL;
	r = check_devs(devs, nr_devs);
	if (r)
		return r;
	end = gpa + size;
	rsdp = align_up(gpa, 16);
	facs = align_up(rsdp + RSDP_LEN, 64);
	fadt = facs + FACS_LEN;
	rsdt = align_up(fadt + FADT_LEN, 16);
	xsdt = align_up(rsdt + RSDT_LEN, 16);
	dsdt = align_up(xsdt + XSDT_LEN, 16);
	if (dsdt + HDR_LEN > end)
		return -ENOSPC;
	memset(ram + gpa, 0, size);

	len = acpi_build_dsdt(ram + dsdt, end - dsdt, devs, nr_devs);
	if (len < 0)
		return len;
	build_facs(ram + facs);
	build_fadt(ram + fadt, facs, dsdt);

	t = ram + rsdt;
	table_header(t, "RSDT", RSDT_LEN, 1);
	put32(t + HDR_LEN, fadt);
	table_checksum(t, RSDT_LEN);

	t = ram + xsdt;
	table_header(t, "XSDT", XSDT_LEN, 1);
	put64(t + HDR_LEN, fadt);
	table_checksum(t, XSDT_LEN);

	build_rsdp(ram + rsdp, rsdt, xsdt);
	return rsdp;
}
