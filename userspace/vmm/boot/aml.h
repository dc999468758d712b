/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small builder of AML, the byte code of ACPI definition blocks (ACPI
 * 6.5, chapter 20), and of the resource templates (6.4) that _CRS
 * returns: enough for a DSDT that names a few devices and \_S5.
 *
 * The builder writes into a buffer the caller provides. Every call
 * appends; the first error (no room, a bad name, a construct left open
 * or closed twice) sticks, later calls do nothing, and aml_finish()
 * reports it: nothing is ever silently truncated.
 *
 * Scope, Device, Method, Package and Buffer are opened with their
 * _begin() call and closed with aml_end(), which inserts the PkgLength
 * (and a Package's element count, a Buffer's size) once the body is
 * known. A resource template is a Buffer holding descriptors; its
 * aml_rt_end() appends the End Tag with its checksum and closes it.
 *
 * Names are given as text: "_HID", "\\_SB", "\\_SB.VR00", "^PCI0.ISA";
 * segments shorter than four characters are padded with '_' as ASL does
 * ("_SB" is "_SB_").
 */
#ifndef HVX_AML_H
#define HVX_AML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AML_MAX_DEPTH	16

/* Interrupt descriptor flags (aml_rt_interrupt()); 0 is level, active-high. */
#define AML_IRQ_EDGE		(1U << 0)
#define AML_IRQ_ACTIVE_LOW	(1U << 1)
#define AML_IRQ_SHARED		(1U << 2)

enum aml_frame_kind {
	AML_FRAME_SCOPE,	/* Scope, Device, Method: a TermList */
	AML_FRAME_PACKAGE,
	AML_FRAME_BUFFER,
};

struct aml_frame {
	enum aml_frame_kind kind;
	size_t start;		/* where the PkgLength goes */
	unsigned int count;	/* a Package's elements so far */
};

struct aml {
	uint8_t *buf;
	size_t cap;
	size_t len;
	int err;		/* the first error, as -errno; 0 if none */
	int depth;
	struct aml_frame frames[AML_MAX_DEPTH];
};

void aml_init(struct aml *a, void *buf, size_t cap);
/*
 * The length of the code built, or the first error: -ENOSPC (the buffer
 * is too small), -EINVAL (a bad name or string, a construct still open
 * or closed once too often), -ERANGE (a package of over 255 elements,
 * a PkgLength over 2^28 - 1).
 */
long aml_finish(struct aml *a);

/* Raw bytes, e.g. inside a Buffer. */
void aml_bytes(struct aml *a, const void *data, size_t len);

/*
 * PkgLength (20.2.4) for a body of @body bytes that follow it: 1 to 4
 * bytes in @out, whose value counts themselves too. Returns how many
 * bytes, or -ERANGE when the total exceeds 2^28 - 1.
 */
int aml_pkglength(uint8_t out[4], size_t body);

/* Data objects; each is one element when inside a Package. */
/* ZeroOp, OneOp or the smallest of BytePrefix..QWordPrefix. */
void aml_integer(struct aml *a, uint64_t value);
/* StringPrefix, ASCII 0x01-0x7f, NullChar. */
void aml_string(struct aml *a, const char *s);
/* A reference to a named object (a NameString). */
void aml_name_ref(struct aml *a, const char *path);
/* A compressed EISA id ("PNP0501") as a DWord, as ASL's EISAID() does. */
void aml_eisaid(struct aml *a, const char *id);

/* Name(path, ...): the next data object emitted is its value. */
void aml_name(struct aml *a, const char *path);
/* Return(...): the next data object emitted is the value. */
void aml_return(struct aml *a);

void aml_scope_begin(struct aml *a, const char *path);
void aml_device_begin(struct aml *a, const char *path);
/* @nargs 0-7; serialized methods are not reentered. */
void aml_method_begin(struct aml *a, const char *path, unsigned int nargs,
		      bool serialized);
void aml_package_begin(struct aml *a);
void aml_buffer_begin(struct aml *a);
/* Close the innermost construct opened above. */
void aml_end(struct aml *a);

/* Resource templates (6.4): a Buffer of descriptors ended by an End Tag. */
void aml_rt_begin(struct aml *a);
void aml_rt_end(struct aml *a);
/* Memory32Fixed(ReadWrite or ReadOnly, @base, @len). */
void aml_rt_memory32_fixed(struct aml *a, bool writable, uint32_t base,
			   uint32_t len);
/* Interrupt(ResourceConsumer, ...) {@irq}: the extended descriptor. */
void aml_rt_interrupt(struct aml *a, uint32_t irq, unsigned int flags);
/*
 * IRQ(...) {@irq}: the small descriptor. With @flags 0 and @no_flags,
 * IRQNoFlags() {@irq}, which means edge, active-high, exclusive.
 */
void aml_rt_irq(struct aml *a, unsigned int irq, unsigned int flags,
		bool no_flags);
/* IO(Decode16, @min, @max, @align, @len). */
void aml_rt_io(struct aml *a, uint16_t min, uint16_t max, uint8_t align,
	       uint8_t len);

#endif /* HVX_AML_H */
