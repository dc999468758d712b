// SPDX-License-Identifier: GPL-2.0
/*
 * The AML builder (userspace/vmm/aml.c): PkgLength at every size
 * boundary, integer and name encodings, packages, buffers, methods,
 * resource descriptors byte for byte, and errors that are reported,
 * never silent.
 */
#include <errno.h>
#include <string.h>
#include "aml.h"
#include "kselftest_harness.h"

#define CAP	4096

struct out {
	uint8_t buf[CAP];
	struct aml a;
};

static void start(struct out *o)
{
	memset(o->buf, 0xcc, sizeof(o->buf));
	aml_init(&o->a, o->buf, sizeof(o->buf));
}

/* Whether the code built so far is exactly @want. */
static int is(struct out *o, const uint8_t *want, size_t len)
{
	long n = aml_finish(&o->a);

	return n == (long)len && !memcmp(o->buf, want, len);
}

#define IS(o, ...) ({							\
	static const uint8_t _want[] = { __VA_ARGS__ };		\
	is(o, _want, sizeof(_want));					\
})

/* PkgLength for a body of @body bytes is @len bytes: @b0 @b1 @b2 @b3. */
static int pkglength_is(size_t body, int len, uint8_t b0, uint8_t b1,
			uint8_t b2, uint8_t b3)
{
	uint8_t out[4] = { 0 }, want[4] = { b0, b1, b2, b3 };

	return aml_pkglength(out, body) == len && !memcmp(out, want, len);
}

TEST(pkglength_boundaries)
{
	uint8_t out[4];

	/* One byte: values up to 63, the value counting itself. */
	ASSERT_TRUE(pkglength_is(0, 1, 0x01, 0, 0, 0));
	ASSERT_TRUE(pkglength_is(62, 1, 0x3f, 0, 0, 0));
	/* 63 bytes of body need two: the value is 65 (64 cannot occur). */
	ASSERT_TRUE(pkglength_is(63, 2, 0x41, 0x04, 0, 0));
	ASSERT_TRUE(pkglength_is(64, 2, 0x42, 0x04, 0, 0));
	/* Two bytes: up to 4095. */
	ASSERT_TRUE(pkglength_is(4093, 2, 0x4f, 0xff, 0, 0));
	ASSERT_TRUE(pkglength_is(4094, 3, 0x81, 0x00, 0x01, 0));
	ASSERT_TRUE(pkglength_is(4095, 3, 0x82, 0x00, 0x01, 0));
	/* Three bytes: up to 2^20 - 1. */
	ASSERT_TRUE(pkglength_is(0xfffff - 3, 3, 0x8f, 0xff, 0xff, 0));
	ASSERT_TRUE(pkglength_is(0xfffff - 2, 4, 0xc1, 0x00, 0x00, 0x01));
	/* Four bytes: up to 2^28 - 1, and no further. */
	ASSERT_TRUE(pkglength_is(0xfffffff - 4, 4, 0xcf, 0xff, 0xff, 0xff));
	ASSERT_EQ(-ERANGE, aml_pkglength(out, 0xfffffff - 3));
	ASSERT_EQ(-ERANGE, aml_pkglength(out, (size_t)-1));
}

/* A Scope's PkgLength inserted in front of bodies around the limits. */
TEST(pkglength_in_scope)
{
	static uint8_t filler[5000];
	struct out o;

	memset(filler, 0xa5, sizeof(filler));
	/* Body: "FOO_" and 58 bytes = 62: one byte of PkgLength. */
	start(&o);
	aml_scope_begin(&o.a, "FOO");
	aml_bytes(&o.a, filler, 58);
	aml_end(&o.a);
	ASSERT_EQ(1 + 1 + 62, aml_finish(&o.a));
	ASSERT_EQ(0x10, o.buf[0]);
	ASSERT_EQ(0x3f, o.buf[1]);
	ASSERT_EQ(0, memcmp(o.buf + 2, "FOO_", 4));
	ASSERT_EQ(0xa5, o.buf[63]);
	ASSERT_EQ(0xcc, o.buf[64]);

	/* 63: two bytes, value 65. */
	start(&o);
	aml_scope_begin(&o.a, "FOO");
	aml_bytes(&o.a, filler, 59);
	aml_end(&o.a);
	ASSERT_EQ(1 + 2 + 63, aml_finish(&o.a));
	ASSERT_EQ(0x41, o.buf[1]);
	ASSERT_EQ(0x04, o.buf[2]);
	ASSERT_EQ(0, memcmp(o.buf + 3, "FOO_", 4));

	/* 4094 bytes of body need 1 + 3 + 4094 bytes, over CAP. */
	start(&o);
	aml_scope_begin(&o.a, "FOO");
	aml_bytes(&o.a, filler, 4090);
	aml_end(&o.a);
	ASSERT_EQ(-ENOSPC, aml_finish(&o.a));
}

TEST(pkglength_three_bytes_in_scope)
{
	static uint8_t buf[8192], filler[4090];
	struct aml a;

	memset(filler, 0x5a, sizeof(filler));
	aml_init(&a, buf, sizeof(buf));
	aml_scope_begin(&a, "FOO");
	aml_bytes(&a, filler, sizeof(filler));	/* body 4094 */
	aml_end(&a);
	ASSERT_EQ(1 + 3 + 4094, aml_finish(&a));
	ASSERT_EQ(0x81, buf[1]);
	ASSERT_EQ(0x00, buf[2]);
	ASSERT_EQ(0x01, buf[3]);
	ASSERT_EQ(0, memcmp(buf + 4, "FOO_", 4));
	ASSERT_EQ(0x5a, buf[4 + 4 + 4089]);
}

TEST(integers)
{
	struct out o;

	start(&o);
	aml_integer(&o.a, 0);
	ASSERT_TRUE(IS(&o, 0x00));
	start(&o);
	aml_integer(&o.a, 1);
	ASSERT_TRUE(IS(&o, 0x01));
	start(&o);
	aml_integer(&o.a, 2);
	ASSERT_TRUE(IS(&o, 0x0a, 0x02));
	start(&o);
	aml_integer(&o.a, 0xff);
	ASSERT_TRUE(IS(&o, 0x0a, 0xff));
	start(&o);
	aml_integer(&o.a, 0x100);
	ASSERT_TRUE(IS(&o, 0x0b, 0x00, 0x01));
	start(&o);
	aml_integer(&o.a, 0xffff);
	ASSERT_TRUE(IS(&o, 0x0b, 0xff, 0xff));
	start(&o);
	aml_integer(&o.a, 0x10000);
	ASSERT_TRUE(IS(&o, 0x0c, 0x00, 0x00, 0x01, 0x00));
	start(&o);
	aml_integer(&o.a, 0xffffffff);
	ASSERT_TRUE(IS(&o, 0x0c, 0xff, 0xff, 0xff, 0xff));
	start(&o);
	aml_integer(&o.a, 0x100000000ULL);
	ASSERT_TRUE(IS(&o, 0x0e, 0, 0, 0, 0, 1, 0, 0, 0));
	start(&o);
	aml_integer(&o.a, 0x0123456789abcdefULL);
	ASSERT_TRUE(IS(&o, 0x0e, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23,
		       0x01));
	start(&o);
	aml_integer(&o.a, UINT64_MAX);
	ASSERT_TRUE(IS(&o, 0x0e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		       0xff));
}

TEST(strings_and_eisaid)
{
	struct out o;

	start(&o);
	aml_string(&o.a, "LNRO0005");
	ASSERT_TRUE(IS(&o, 0x0d, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0));
	start(&o);
	aml_string(&o.a, "");
	ASSERT_TRUE(IS(&o, 0x0d, 0));
	start(&o);
	aml_string(&o.a, "caf\xc3\xa9");
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));

	/* PNP0501: 0x0105D041, as a DWord. */
	start(&o);
	aml_eisaid(&o.a, "PNP0501");
	ASSERT_TRUE(IS(&o, 0x0c, 0x41, 0xd0, 0x05, 0x01));
	start(&o);
	aml_eisaid(&o.a, "PNP0A03");
	ASSERT_TRUE(IS(&o, 0x0c, 0x41, 0xd0, 0x0a, 0x03));
	start(&o);
	aml_eisaid(&o.a, "ZZZ0000");	/* 26, 26, 26 */
	ASSERT_TRUE(IS(&o, 0x0c, 0x6b, 0x5a, 0x00, 0x00));
	start(&o);
	aml_eisaid(&o.a, "PNP050");
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));
	start(&o);
	aml_eisaid(&o.a, "pnp0501");
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));
	start(&o);
	aml_eisaid(&o.a, "PNP05G1");
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));
}

TEST(names)
{
	struct out o;

	start(&o);
	aml_name_ref(&o.a, "_HID");
	ASSERT_TRUE(IS(&o, '_', 'H', 'I', 'D'));
	start(&o);
	aml_name_ref(&o.a, "\\_SB");
	ASSERT_TRUE(IS(&o, 0x5c, '_', 'S', 'B', '_'));
	start(&o);
	aml_name_ref(&o.a, "\\_SB.VR00");
	ASSERT_TRUE(IS(&o, 0x5c, 0x2e, '_', 'S', 'B', '_', 'V', 'R', '0',
		       '0'));
	start(&o);
	aml_name_ref(&o.a, "A.B2.C_D");
	ASSERT_TRUE(IS(&o, 0x2f, 3, 'A', '_', '_', '_', 'B', '2', '_', '_',
		       'C', '_', 'D', '_'));
	start(&o);
	aml_name_ref(&o.a, "^^FOO");
	ASSERT_TRUE(IS(&o, 0x5e, 0x5e, 'F', 'O', 'O', '_'));
	start(&o);
	aml_name_ref(&o.a, "\\");
	ASSERT_TRUE(IS(&o, 0x5c, 0x00));

	static const char *const bad[] = {
		"", "1ABC", "ABCDE", "A..B", "A.", ".A", "_sb", "A-B",
		"\\\\A", "^\\A",
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		start(&o);
		aml_name_ref(&o.a, bad[i]);
		EXPECT_EQ(-EINVAL, aml_finish(&o.a)) {
			TH_LOG("name \"%s\" was accepted", bad[i]);
		}
	}
}

/* Name (\_S5, Package (4) { 5, 5, Zero, Zero }) */
TEST(s5_package)
{
	struct out o;

	start(&o);
	aml_name(&o.a, "\\_S5");
	aml_package_begin(&o.a);
	aml_integer(&o.a, 5);
	aml_integer(&o.a, 5);
	aml_integer(&o.a, 0);
	aml_integer(&o.a, 0);
	aml_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x08, 0x5c, '_', 'S', '5', '_',
		       0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00));
}

/* Elements are counted per Package, nested ones counting once. */
TEST(nested_packages)
{
	struct out o;

	start(&o);
	aml_package_begin(&o.a);
	aml_integer(&o.a, 1);
	aml_package_begin(&o.a);
	aml_integer(&o.a, 2);
	aml_integer(&o.a, 3);
	aml_end(&o.a);
	aml_string(&o.a, "x");
	aml_name_ref(&o.a, "\\_SB");
	aml_package_begin(&o.a);
	aml_end(&o.a);
	aml_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x12, 0x15, 0x05,
		       0x01,
		       0x12, 0x06, 0x02, 0x0a, 0x02, 0x0a, 0x03,
		       0x0d, 'x', 0x00,
		       0x5c, '_', 'S', 'B', '_',
		       0x12, 0x02, 0x00));
}

TEST(package_too_many_elements)
{
	struct out o;
	int i;

	start(&o);
	aml_package_begin(&o.a);
	for (i = 0; i < 255; i++)
		aml_integer(&o.a, 0);
	aml_end(&o.a);
	ASSERT_EQ(1 + 2 + 1 + 255, aml_finish(&o.a));
	ASSERT_EQ(0xff, o.buf[3]);

	start(&o);
	aml_package_begin(&o.a);
	for (i = 0; i < 256; i++)
		aml_integer(&o.a, 0);
	aml_end(&o.a);
	ASSERT_EQ(-ERANGE, aml_finish(&o.a));
}

TEST(buffer)
{
	struct out o;

	start(&o);
	aml_buffer_begin(&o.a);
	aml_bytes(&o.a, "\x01\x02\x03", 3);
	aml_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x11, 0x06, 0x0a, 0x03, 0x01, 0x02, 0x03));

	/* An empty buffer has size Zero. */
	start(&o);
	aml_buffer_begin(&o.a);
	aml_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x11, 0x02, 0x00));
}

/* Device (VR00) { Method (_STA, 0, Serialized) { Return (0x0F) } } */
TEST(device_and_method)
{
	struct out o;

	start(&o);
	aml_device_begin(&o.a, "VR00");
	aml_method_begin(&o.a, "_STA", 0, true);
	aml_return(&o.a);
	aml_integer(&o.a, 0x0f);
	aml_end(&o.a);
	aml_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x5b, 0x82, 0x0f, 'V', 'R', '0', '0',
		       0x14, 0x09, '_', 'S', 'T', 'A', 0x08,
		       0xa4, 0x0a, 0x0f));

	start(&o);
	aml_method_begin(&o.a, "M", 3, false);
	aml_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x14, 0x06, 'M', '_', '_', '_', 0x03));

	start(&o);
	aml_method_begin(&o.a, "M", 8, false);
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));
}

/*
 * ResourceTemplate () {
 *	Memory32Fixed (ReadWrite, 0xD0000000, 0x200)
 *	Interrupt (ResourceConsumer, Level, ActiveHigh, Exclusive) { 5 }
 * }
 */
TEST(memory32_fixed_and_interrupt)
{
	struct out o;
	uint8_t sum = 0;
	int i;

	start(&o);
	aml_rt_begin(&o.a);
	aml_rt_memory32_fixed(&o.a, true, 0xd0000000, 0x200);
	aml_rt_interrupt(&o.a, 5, 0);
	aml_rt_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x11, 0x1a, 0x0a, 0x17,
		       0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0x00, 0xd0,
		       0x00, 0x02, 0x00, 0x00,
		       0x89, 0x06, 0x00, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00,
		       0x79, 0x8f));
	/* The End Tag's checksum: descriptors, tag and checksum sum to 0. */
	for (i = 4; i < 4 + 0x17; i++)
		sum += o.buf[i];
	ASSERT_EQ(0, sum);
}

TEST(interrupt_flags)
{
	static const struct {
		unsigned int flags;
		uint8_t ext, small;
	} cases[] = {
		{ 0, 0x01, 0x00 },
		{ AML_IRQ_EDGE, 0x03, 0x01 },
		{ AML_IRQ_ACTIVE_LOW, 0x05, 0x08 },
		{ AML_IRQ_SHARED, 0x09, 0x10 },
		{ AML_IRQ_EDGE | AML_IRQ_ACTIVE_LOW | AML_IRQ_SHARED,
		  0x0f, 0x19 },
	};
	struct out o;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		start(&o);
		aml_buffer_begin(&o.a);
		aml_rt_interrupt(&o.a, 0x12345678, cases[i].flags);
		aml_rt_irq(&o.a, 11, cases[i].flags, false);
		aml_end(&o.a);
		ASSERT_EQ(4 + 9 + 4, aml_finish(&o.a));
		ASSERT_EQ(0x89, o.buf[4]);
		ASSERT_EQ(cases[i].ext, o.buf[7]);
		ASSERT_EQ(1, o.buf[8]);
		ASSERT_EQ(0x12345678, o.buf[9] | o.buf[10] << 8 |
			  o.buf[11] << 16 | (uint32_t)o.buf[12] << 24);
		ASSERT_EQ(0x23, o.buf[13]);
		ASSERT_EQ(0x00, o.buf[14]);
		ASSERT_EQ(0x08, o.buf[15]);
		ASSERT_EQ(cases[i].small, o.buf[16]);
	}
}

/* ResourceTemplate () { IO (Decode16, 0x3F8, 0x3F8, 1, 8) IRQNoFlags () {4} } */
TEST(io_and_irq_noflags)
{
	struct out o;

	start(&o);
	aml_rt_begin(&o.a);
	aml_rt_io(&o.a, 0x3f8, 0x3f8, 1, 8);
	aml_rt_irq(&o.a, 4, 0, true);
	aml_rt_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x11, 0x10, 0x0a, 0x0d,
		       0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,
		       0x22, 0x10, 0x00,
		       0x79, 0x0e));

	start(&o);
	aml_rt_begin(&o.a);
	aml_rt_irq(&o.a, 16, 0, true);
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));

	start(&o);
	aml_rt_begin(&o.a);
	aml_rt_irq(&o.a, 3, AML_IRQ_EDGE, true);
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));

	/* An empty template is an End Tag alone, checksum 0x87. */
	start(&o);
	aml_rt_begin(&o.a);
	aml_rt_end(&o.a);
	ASSERT_TRUE(IS(&o, 0x11, 0x05, 0x0a, 0x02, 0x79, 0x87));
}

TEST(overflow_is_reported)
{
	uint8_t buf[16];
	struct aml a;
	size_t cap;

	/* Each size from 0 to one short: -ENOSPC, nothing past the end. */
	for (cap = 0; cap < 14; cap++) {
		memset(buf, 0xcc, sizeof(buf));
		aml_init(&a, buf, cap);
		aml_scope_begin(&a, "\\_SB");
		aml_device_begin(&a, "DEV");
		aml_end(&a);
		aml_end(&a);
		ASSERT_EQ(-ENOSPC, aml_finish(&a));
		for (size_t i = cap; i < sizeof(buf); i++)
			ASSERT_EQ(0xcc, buf[i]);
	}
	/* 14 bytes: 10 0D \_SB_ 5B 82 05 DEV_. */
	aml_init(&a, buf, 14);
	aml_scope_begin(&a, "\\_SB");
	aml_device_begin(&a, "DEV");
	aml_end(&a);
	aml_end(&a);
	ASSERT_EQ(14, aml_finish(&a));
	ASSERT_EQ(0x0d, buf[1]);
	ASSERT_EQ(0x05, buf[9]);

	/* The error sticks: later calls that would fit do nothing. */
	aml_init(&a, buf, 2);
	aml_integer(&a, 0x1000);
	aml_integer(&a, 1);
	ASSERT_EQ(-ENOSPC, aml_finish(&a));
	ASSERT_EQ(0, a.len);

	aml_init(&a, NULL, 100);
	aml_integer(&a, 0);
	ASSERT_EQ(-ENOSPC, aml_finish(&a));
}

TEST(structure_errors)
{
	struct out o;
	int i;

	/* Left open. */
	start(&o);
	aml_scope_begin(&o.a, "\\_SB");
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));

	/* Closed once too often. */
	start(&o);
	aml_package_begin(&o.a);
	aml_end(&o.a);
	aml_end(&o.a);
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));

	/* Descriptors only inside a Buffer. */
	start(&o);
	aml_rt_memory32_fixed(&o.a, true, 0, 0x1000);
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));
	start(&o);
	aml_package_begin(&o.a);
	aml_rt_io(&o.a, 0x60, 0x60, 1, 1);
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));
	start(&o);
	aml_scope_begin(&o.a, "\\_SB");
	aml_rt_end(&o.a);
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));

	/* Nesting deeper than AML_MAX_DEPTH. */
	start(&o);
	for (i = 0; i <= AML_MAX_DEPTH; i++)
		aml_package_begin(&o.a);
	ASSERT_EQ(-EINVAL, aml_finish(&o.a));
	start(&o);
	for (i = 0; i < AML_MAX_DEPTH; i++)
		aml_package_begin(&o.a);
	for (i = 0; i < AML_MAX_DEPTH; i++)
		aml_end(&o.a);
	ASSERT_EQ(3 * AML_MAX_DEPTH, aml_finish(&o.a));
}

TEST_HARNESS_MAIN
