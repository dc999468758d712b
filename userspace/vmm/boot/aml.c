// SPDX-License-Identifier: GPL-2.0
/*
 * The AML builder (aml.h). Encodings from the ACPI 6.5 specification:
 * names and data objects from 20.2, resource descriptors from 6.4.
 */
#include <errno.h>
#include <string.h>
#include "aml.h"

/* Opcodes and prefixes (20.3). */
#define AML_ZERO		0x00
#define AML_ONE			0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_STRING_PREFIX	0x0d
#define AML_QWORD_PREFIX	0x0e
#define AML_SCOPE_OP		0x10
#define AML_BUFFER_OP		0x11
#define AML_PACKAGE_OP		0x12
#define AML_METHOD_OP		0x14
#define AML_DUAL_NAME_PREFIX	0x2e
#define AML_MULTI_NAME_PREFIX	0x2f
#define AML_EXT_OP_PREFIX	0x5b
#define AML_DEVICE_OP		0x82	/* after AML_EXT_OP_PREFIX */
#define AML_ROOT_CHAR		0x5c
#define AML_PARENT_PREFIX	0x5e
#define AML_RETURN_OP		0xa4
#define AML_NULL_NAME		0x00

/* Resource descriptor tags (6.4.2, 6.4.3). */
#define RT_IRQ			0x20	/* | length 2 or 3 */
#define RT_IO			0x47
#define RT_END			0x79
#define RT_MEMORY32_FIXED	0x86
#define RT_EXT_INTERRUPT	0x89

#define PKGLENGTH_MAX		0x0fffffffUL
#define NAME_MAX_SEGS		255

static void fail(struct aml *a, int err)
{
	if (!a->err)
		a->err = err;
}

/* Whether @n more bytes fit; records -ENOSPC if not. */
static bool room(struct aml *a, size_t n)
{
	if (a->err)
		return false;
	if (n > a->cap - a->len) {
		fail(a, -ENOSPC);
		return false;
	}
	return true;
}

void aml_init(struct aml *a, void *buf, size_t cap)
{
	memset(a, 0, sizeof(*a));
	a->buf = buf;
	a->cap = buf ? cap : 0;
}

long aml_finish(struct aml *a)
{
	if (!a->err && a->depth)
		fail(a, -EINVAL);
	return a->err ? a->err : (long)a->len;
}

void aml_bytes(struct aml *a, const void *data, size_t len)
{
	if (!room(a, len))
		return;
	memcpy(a->buf + a->len, data, len);
	a->len += len;
}

static void put8(struct aml *a, uint8_t v)
{
	aml_bytes(a, &v, 1);
}

/* Insert @len bytes at offset @at, moving what follows up. */
static void insert(struct aml *a, size_t at, const uint8_t *data, size_t len)
{
	if (!room(a, len))
		return;
	memmove(a->buf + at + len, a->buf + at, a->len - at);
	memcpy(a->buf + at, data, len);
	a->len += len;
}

static struct aml_frame *top(struct aml *a)
{
	return a->depth ? &a->frames[a->depth - 1] : NULL;
}

/* A data object was completed: one more element if inside a Package. */
static void element(struct aml *a)
{
	struct aml_frame *f = top(a);

	if (!a->err && f && f->kind == AML_FRAME_PACKAGE)
		f->count++;
}

static void push(struct aml *a, enum aml_frame_kind kind)
{
	struct aml_frame *f;

	if (a->err)
		return;
	if (a->depth == AML_MAX_DEPTH) {
		fail(a, -EINVAL);
		return;
	}
	f = &a->frames[a->depth++];
	f->kind = kind;
	f->start = a->len;
	f->count = 0;
}

int aml_pkglength(uint8_t out[4], size_t body)
{
	size_t total;
	int n, i;

	if (body < 0x3f) {
		out[0] = body + 1;
		return 1;
	}
	/* ByteData[0] keeps 4 bits of the value, each further byte 8 more. */
	for (n = 2; n <= 4 && body <= PKGLENGTH_MAX - n; n++) {
		total = body + n;
		if (total >> (4 + 8 * (n - 1)))
			continue;
		out[0] = (n - 1) << 6 | (total & 0x0f);
		for (i = 1; i < n; i++)
			out[i] = total >> (4 + 8 * (i - 1));
		return n;
	}
	return -ERANGE;
}

/* The smallest encoding of an integer constant: 1 to 9 bytes. */
static size_t int_encode(uint8_t out[9], uint64_t v)
{
	size_t n, i;

	if (v <= 1) {
		out[0] = v ? AML_ONE : AML_ZERO;
		return 1;
	}
	if (v <= 0xff) {
		out[0] = AML_BYTE_PREFIX;
		n = 1;
	} else if (v <= 0xffff) {
		out[0] = AML_WORD_PREFIX;
		n = 2;
	} else if (v <= 0xffffffff) {
		out[0] = AML_DWORD_PREFIX;
		n = 4;
	} else {
		out[0] = AML_QWORD_PREFIX;
		n = 8;
	}
	for (i = 0; i < n; i++)
		out[1 + i] = v >> (8 * i);
	return 1 + n;
}

void aml_integer(struct aml *a, uint64_t value)
{
	uint8_t b[9];

	aml_bytes(a, b, int_encode(b, value));
	element(a);
}

void aml_string(struct aml *a, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] > 0x7f) {
			fail(a, -EINVAL);
			return;
		}
	}
	if (!room(a, n + 2))
		return;
	put8(a, AML_STRING_PREFIX);
	aml_bytes(a, s, n);
	put8(a, 0);
	element(a);
}

static bool lead_name_char(char c)
{
	return c == '_' || (c >= 'A' && c <= 'Z');
}

static bool name_char(char c)
{
	return lead_name_char(c) || (c >= '0' && c <= '9');
}

/* A NameString (20.2.2) from its text form. */
static void name_string(struct aml *a, const char *path)
{
	uint8_t prefix[64], segs[NAME_MAX_SEGS * 4];
	size_t nprefix = 0, nsegs = 0, i, n;
	const char *p = path;

	if (*p == '\\') {
		prefix[nprefix++] = AML_ROOT_CHAR;
		p++;
	} else {
		while (*p == '^') {
			if (nprefix == sizeof(prefix)) {
				fail(a, -EINVAL);
				return;
			}
			prefix[nprefix++] = AML_PARENT_PREFIX;
			p++;
		}
	}
	if (!*p) {
		/* "\" alone or "^": the prefix and a NullName. */
		if (!nprefix) {
			fail(a, -EINVAL);
			return;
		}
		aml_bytes(a, prefix, nprefix);
		put8(a, AML_NULL_NAME);
		return;
	}
	for (;;) {
		n = strcspn(p, ".");
		if (n < 1 || n > 4 || nsegs == NAME_MAX_SEGS ||
		    !lead_name_char(p[0])) {
			fail(a, -EINVAL);
			return;
		}
		for (i = 0; i < 4; i++) {
			if (i < n && !name_char(p[i])) {
				fail(a, -EINVAL);
				return;
			}
			segs[nsegs * 4 + i] = i < n ? p[i] : '_';
		}
		nsegs++;
		p += n;
		if (!*p)
			break;
		p++;		/* the '.', which must be followed by a segment */
	}
	if (!room(a, nprefix + 2 + nsegs * 4))
		return;
	aml_bytes(a, prefix, nprefix);
	if (nsegs == 2) {
		put8(a, AML_DUAL_NAME_PREFIX);
	} else if (nsegs > 2) {
		put8(a, AML_MULTI_NAME_PREFIX);
		put8(a, nsegs);
	}
	aml_bytes(a, segs, nsegs * 4);
}

void aml_name_ref(struct aml *a, const char *path)
{
	name_string(a, path);
	element(a);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * "PNP0501": three letters of 5 bits each (A is 1), then four hex
 * digits, packed big-endian into 32 bits; the DWord's first byte is the
 * first of those.
 */
void aml_eisaid(struct aml *a, const char *id)
{
	uint8_t b[5] = { AML_DWORD_PREFIX };
	unsigned int c[3];
	int h[4], i;

	if (strlen(id) != 7) {
		fail(a, -EINVAL);
		return;
	}
	for (i = 0; i < 3; i++) {
		if (id[i] < 'A' || id[i] > 'Z') {
			fail(a, -EINVAL);
			return;
		}
		c[i] = id[i] - 'A' + 1;
	}
	for (i = 0; i < 4; i++) {
		h[i] = hex_digit(id[3 + i]);
		if (h[i] < 0) {
			fail(a, -EINVAL);
			return;
		}
	}
	b[1] = c[0] << 2 | c[1] >> 3;
	b[2] = (c[1] & 7) << 5 | c[2];
	b[3] = h[0] << 4 | h[1];
	b[4] = h[2] << 4 | h[3];
	aml_bytes(a, b, sizeof(b));
	element(a);
}

void aml_name(struct aml *a, const char *path)
{
	put8(a, AML_NAME_OP);
	name_string(a, path);
}

void aml_return(struct aml *a)
{
	put8(a, AML_RETURN_OP);
}

void aml_scope_begin(struct aml *a, const char *path)
{
	put8(a, AML_SCOPE_OP);
	push(a, AML_FRAME_SCOPE);
	name_string(a, path);
}

void aml_device_begin(struct aml *a, const char *path)
{
	put8(a, AML_EXT_OP_PREFIX);
	put8(a, AML_DEVICE_OP);
	push(a, AML_FRAME_SCOPE);
	name_string(a, path);
}

void aml_method_begin(struct aml *a, const char *path, unsigned int nargs,
		      bool serialized)
{
	if (nargs > 7) {
		fail(a, -EINVAL);
		return;
	}
	put8(a, AML_METHOD_OP);
	push(a, AML_FRAME_SCOPE);
	name_string(a, path);
	/* ArgCount in bits 0-2, SerializeFlag in bit 3, SyncLevel 0. */
	put8(a, nargs | (serialized ? 1U << 3 : 0));
}

void aml_package_begin(struct aml *a)
{
	put8(a, AML_PACKAGE_OP);
	push(a, AML_FRAME_PACKAGE);
	put8(a, 0);		/* NumElements, set by aml_end() */
}

void aml_buffer_begin(struct aml *a)
{
	put8(a, AML_BUFFER_OP);
	push(a, AML_FRAME_BUFFER);
}

void aml_end(struct aml *a)
{
	struct aml_frame f;
	uint8_t b[9];
	int n;

	if (a->err)
		return;
	if (!a->depth) {
		fail(a, -EINVAL);
		return;
	}
	f = a->frames[--a->depth];
	if (f.kind == AML_FRAME_PACKAGE) {
		if (f.count > 0xff) {
			fail(a, -ERANGE);
			return;
		}
		a->buf[f.start] = f.count;
	} else if (f.kind == AML_FRAME_BUFFER) {
		/* BufferSize, a TermArg: the byte count as an integer. */
		insert(a, f.start, b, int_encode(b, a->len - f.start));
	}
	n = aml_pkglength(b, a->len - f.start);
	if (n < 0) {
		fail(a, n);
		return;
	}
	insert(a, f.start, b, n);
	if (f.kind != AML_FRAME_SCOPE)
		element(a);
}

/* Resource descriptors go only inside a Buffer. */
static bool in_buffer(struct aml *a)
{
	struct aml_frame *f = top(a);

	if (a->err)
		return false;
	if (!f || f->kind != AML_FRAME_BUFFER) {
		fail(a, -EINVAL);
		return false;
	}
	return true;
}

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = v >> (8 * i);
}

void aml_rt_begin(struct aml *a)
{
	aml_buffer_begin(a);
}

void aml_rt_end(struct aml *a)
{
	uint8_t sum = RT_END;
	size_t i;

	if (!in_buffer(a))
		return;
	/*
	 * The End Tag's checksum makes all the descriptor bytes, the tag
	 * and itself sum to zero (6.4.2.9; zero would mean "valid" too).
	 */
	for (i = top(a)->start; i < a->len; i++)
		sum += a->buf[i];
	put8(a, RT_END);
	put8(a, -sum);
	aml_end(a);
}

void aml_rt_memory32_fixed(struct aml *a, bool writable, uint32_t base,
			   uint32_t len)
{
	uint8_t d[12] = { RT_MEMORY32_FIXED, 9, 0 };

	if (!in_buffer(a))
		return;
	d[3] = writable ? 1 : 0;
	put_le(&d[4], base, 4);
	put_le(&d[8], len, 4);
	aml_bytes(a, d, sizeof(d));
}

void aml_rt_interrupt(struct aml *a, uint32_t irq, unsigned int flags)
{
	uint8_t d[9] = { RT_EXT_INTERRUPT, 6, 0 };

	if (!in_buffer(a))
		return;
	/* Bit 0 consumer, 1 edge (_HE), 2 active-low (_LL), 3 shared. */
	d[3] = 1;
	if (flags & AML_IRQ_EDGE)
		d[3] |= 1U << 1;
	if (flags & AML_IRQ_ACTIVE_LOW)
		d[3] |= 1U << 2;
	if (flags & AML_IRQ_SHARED)
		d[3] |= 1U << 3;
	d[4] = 1;		/* one interrupt number follows */
	put_le(&d[5], irq, 4);
	aml_bytes(a, d, sizeof(d));
}

void aml_rt_irq(struct aml *a, unsigned int irq, unsigned int flags,
		bool no_flags)
{
	uint8_t d[4];

	if (!in_buffer(a))
		return;
	if (irq > 15 || (no_flags && flags)) {
		fail(a, -EINVAL);
		return;
	}
	put_le(&d[1], 1U << irq, 2);
	if (no_flags) {
		d[0] = RT_IRQ | 2;
		aml_bytes(a, d, 3);
		return;
	}
	/* Bit 0 edge (_HE), 3 active-low (_LL), 4 shared (_SHR). */
	d[0] = RT_IRQ | 3;
	d[3] = 0;
	if (flags & AML_IRQ_EDGE)
		d[3] |= 1U << 0;
	if (flags & AML_IRQ_ACTIVE_LOW)
		d[3] |= 1U << 3;
	if (flags & AML_IRQ_SHARED)
		d[3] |= 1U << 4;
	aml_bytes(a, d, 4);
}

void aml_rt_io(struct aml *a, uint16_t min, uint16_t max, uint8_t align,
	       uint8_t len)
{
	uint8_t d[8] = { RT_IO, 1 };	/* bit 0: decodes 16 address bits */

	if (!in_buffer(a))
		return;
	put_le(&d[2], min, 2);
	put_le(&d[4], max, 2);
	d[6] = align;
	d[7] = len;
	aml_bytes(a, d, sizeof(d));
}
