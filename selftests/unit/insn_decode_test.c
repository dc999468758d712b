// SPDX-License-Identifier: GPL-2.0
/*
 * The MMIO instruction decoder (kmod/x86/insn_decode.c) against the
 * reference table of encodings (insn_decode_cases.c), and the decoding
 * of instructions built around it.
 */
#include <stdio.h>
#include <string.h>
#include "insn_decode_cases.h"
#include "kselftest_harness.h"

static void hex(const u8 *b, unsigned int n, char *out)
{
	unsigned int i;

	out[0] = 0;
	for (i = 0; i < n && i < 16; i++)
		sprintf(out + 3 * i, "%02x ", b[i]);
}

static void print_insn(const char *what, const struct hvx_insn *in)
{
	printf("#   %s: kind %u len %u size %u reg %u/%u ext %u seg %u",
	       what, in->kind, in->len, in->size, in->reg, in->reg_size,
	       in->ext, in->seg);
	printf(" addr %u high %d imm %d %#llx rep %d\n", in->addr_size,
	       in->high_byte, in->has_imm, (unsigned long long)in->imm,
	       in->rep);
	fflush(stdout);
}

/* Decode @c's bytes, @n of them, and say whether the result is @c's. */
static bool check_case(const struct insn_case *c, unsigned int n)
{
	struct hvx_insn got;
	char buf[64];
	int st = hvx_insn_decode(c->bytes, n, c->mode, &got);

	if (st == c->status && (st != HVX_INSN_OK || insn_same(&got, &c->want)))
		return true;
	hex(c->bytes, n, buf);
	printf("# %s (mode %d, %s): status %d, want %d\n", c->text, c->mode,
	       buf, st, c->status);
	if (st == HVX_INSN_OK)
		print_insn("got ", &got);
	if (c->status == HVX_INSN_OK)
		print_insn("want", &c->want);
	fflush(stdout);
	return false;
}

TEST(reference_table)
{
	unsigned int i, ok = 0, refused = 0, bad = 0;

	for (i = 0; i < nr_insn_cases; i++) {
		if (!check_case(&insn_cases[i], insn_cases[i].n))
			bad++;
		else if (insn_cases[i].status == HVX_INSN_OK)
			ok++;
		else
			refused++;
	}
	printf("# %u encodings decoded, %u refused as expected\n", ok,
	       refused);
	fflush(stdout);
	ASSERT_EQ(0, bad);
	ASSERT_GE(ok + refused, 80);
}

/* Every proper prefix of a good encoding is truncated, none is decoded. */
TEST(prefixes_are_truncated)
{
	struct hvx_insn got;
	unsigned int i, k;

	for (i = 0; i < nr_insn_cases; i++) {
		const struct insn_case *c = &insn_cases[i];

		if (c->status != HVX_INSN_OK)
			continue;
		for (k = 0; k < c->want.len; k++) {
			int st = hvx_insn_decode(c->bytes, k, c->mode, &got);

			if (st != HVX_INSN_TRUNCATED) {
				printf("# %s: %u bytes give %d\n", c->text, k,
				       st);
				fflush(stdout);
			}
			ASSERT_EQ(HVX_INSN_TRUNCATED, st);
			ASSERT_EQ(0, got.len);
		}
	}
}

/* Bytes after the instruction change nothing: the length is exact. */
TEST(trailing_bytes_ignored)
{
	static const u8 fill[] = { 0x00, 0x90, 0xff, 0x66, 0xf0, 0x0f };
	unsigned int i, f;

	for (i = 0; i < nr_insn_cases; i++) {
		struct insn_case c = insn_cases[i];

		if (c.status != HVX_INSN_OK)
			continue;
		for (f = 0; f < ARRAY_SIZE(fill); f++) {
			memset(c.bytes + c.n, fill[f], sizeof(c.bytes) - c.n);
			ASSERT_TRUE(check_case(&c, sizeof(c.bytes)));
		}
	}
}

/* A refused instruction leaves nothing behind that looks decoded. */
TEST(refusal_zeroes_result)
{
	struct hvx_insn got;

	memset(&got, 0xa5, sizeof(got));
	ASSERT_EQ(HVX_INSN_LOCK, hvx_insn_decode((const u8 *)"\xf0\x89\x07",
						 3, M64, &got));
	ASSERT_EQ(0, got.kind);
	ASSERT_EQ(0, got.len);
	ASSERT_EQ(HVX_INSN_UNSUPPORTED,
		  hvx_insn_decode((const u8 *)"\x8b\x07", 2, 7, &got));
}

TEST(mode_of)
{
	ASSERT_EQ(M16, hvx_insn_mode_of(false, false, false, false, false));
	ASSERT_EQ(M16, hvx_insn_mode_of(false, false, false, false, true));
	ASSERT_EQ(M16, hvx_insn_mode_of(true, true, false, false, true));
	ASSERT_EQ(M16, hvx_insn_mode_of(true, false, false, false, false));
	ASSERT_EQ(M32, hvx_insn_mode_of(true, false, false, false, true));
	ASSERT_EQ(M64, hvx_insn_mode_of(true, false, true, true, false));
	/* Compatibility mode follows CS.D. */
	ASSERT_EQ(M32, hvx_insn_mode_of(true, false, true, false, true));
	ASSERT_EQ(M16, hvx_insn_mode_of(true, false, true, false, false));
}

static struct hvx_insn decoded(const char *bytes, enum hvx_insn_mode mode)
{
	struct hvx_insn in;

	if (hvx_insn_decode((const u8 *)bytes, strlen(bytes), mode, &in))
		memset(&in, 0, sizeof(in));
	return in;
}

#define OLD	0x1122334455667788ULL

TEST(load_result)
{
	struct hvx_insn in;

	in = decoded("\x8b\x07", M64);		/* mov (%rdi),%eax */
	ASSERT_EQ(0xdeadbeefULL, hvx_insn_load_result(&in, OLD, 0xdeadbeef));
	in = decoded("\x48\x8b\x07", M64);	/* mov (%rdi),%rax */
	ASSERT_EQ(0xfedcba9876543210ULL,
		  hvx_insn_load_result(&in, OLD, 0xfedcba9876543210ULL));
	in = decoded("\x66\x8b\x07", M64);	/* mov (%rdi),%ax */
	ASSERT_EQ(0x112233445566beefULL,
		  hvx_insn_load_result(&in, OLD, 0xdeadbeef));
	in = decoded("\x8a\x07", M64);		/* mov (%rdi),%al */
	ASSERT_EQ(0x11223344556677efULL,
		  hvx_insn_load_result(&in, OLD, 0xdeadbeef));
	in = decoded("\x8a\x27", M64);		/* mov (%rdi),%ah */
	ASSERT_EQ(0x112233445566ef88ULL,
		  hvx_insn_load_result(&in, OLD, 0xdeadbeef));
	in = decoded("\x0f\xb6\x07", M64);	/* movzbl */
	ASSERT_EQ(0xf0ULL, hvx_insn_load_result(&in, OLD, 0x12f0));
	in = decoded("\x0f\xbe\x07", M64);	/* movsbl */
	ASSERT_EQ(0xfffffff0ULL, hvx_insn_load_result(&in, OLD, 0x12f0));
	ASSERT_EQ(0x70ULL, hvx_insn_load_result(&in, OLD, 0x1270));
	in = decoded("\x48\x0f\xbe\x07", M64);	/* movsbq */
	ASSERT_EQ(~0xfULL, hvx_insn_load_result(&in, OLD, 0xf0));
	in = decoded("\x66\x0f\xbe\x07", M64);	/* movsbw */
	ASSERT_EQ(0x112233445566fff0ULL, hvx_insn_load_result(&in, OLD, 0xf0));
	in = decoded("\x48\x0f\xb7\x07", M64);	/* movzwq */
	ASSERT_EQ(0x8000ULL, hvx_insn_load_result(&in, OLD, 0x8000));
	in = decoded("\x0f\xbf\x07", M64);	/* movswl */
	ASSERT_EQ(0xffff8000ULL, hvx_insn_load_result(&in, OLD, 0x8000));
	in = decoded("\x48\x63\x07", M64);	/* movslq */
	ASSERT_EQ(0xffffffff80000000ULL,
		  hvx_insn_load_result(&in, OLD, 0x80000000));
	ASSERT_EQ(0x7fffffffULL, hvx_insn_load_result(&in, OLD, 0x7fffffff));
	in = decoded("\x63\x07", M64);		/* movsxd r32: a plain mov */
	ASSERT_EQ(0x80000000ULL, hvx_insn_load_result(&in, OLD, 0x80000000));
	in = decoded("\x48\xad", M64);		/* lods %ds:(%rsi),%rax */
	ASSERT_EQ(0x0123456789abcdefULL,
		  hvx_insn_load_result(&in, OLD, 0x0123456789abcdefULL));
	in = decoded("\xac", M64);		/* lods %ds:(%rsi),%al */
	ASSERT_EQ(0x1122334455667799ULL, hvx_insn_load_result(&in, OLD, 0x99));
	in = decoded("\x8b\x07", M16);		/* mov (%bx),%ax */
	ASSERT_EQ(0x1122334455661234ULL,
		  hvx_insn_load_result(&in, OLD, 0xabcd1234));
	in = decoded("\x89\x07", M64);		/* a store: unchanged */
	ASSERT_EQ(OLD, hvx_insn_load_result(&in, OLD, 0));
}

TEST(store_data)
{
	struct hvx_insn in;

	in = decoded("\x89\x07", M64);		/* mov %eax,(%rdi) */
	ASSERT_EQ(0x55667788ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x48\x89\x07", M64);	/* mov %rax,(%rdi) */
	ASSERT_EQ(OLD, hvx_insn_store_data(&in, OLD));
	in = decoded("\x66\x89\x07", M64);	/* mov %ax,(%rdi) */
	ASSERT_EQ(0x7788ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x88\x07", M64);		/* mov %al,(%rdi) */
	ASSERT_EQ(0x88ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x88\x27", M64);		/* mov %ah,(%rdi) */
	ASSERT_EQ(0x77ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x40\x88\x27", M64);	/* mov %spl,(%rdi) */
	ASSERT_EQ(RSP, in.reg);
	ASSERT_EQ(0x88ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x48\xc7\x07\xfe\xff\xff\xff", M64); /* movq $-2 */
	ASSERT_EQ(~1ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\xc6\x07\x80", M64);	/* movb $0x80 */
	ASSERT_EQ(0x80ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\xf3\x48\xab", M64);	/* rep stos %rax */
	ASSERT_EQ(OLD, hvx_insn_store_data(&in, OLD));
	in = decoded("\xaa", M64);		/* stos %al */
	ASSERT_EQ(0x88ULL, hvx_insn_store_data(&in, OLD));
}

TEST(string_index_registers)
{
	struct hvx_insn in;

	in = decoded("\xf3\xa4", M64);		/* 64-bit addresses */
	ASSERT_EQ(~0ULL, hvx_insn_addr_mask(&in));
	ASSERT_EQ(0x100000000ULL, hvx_insn_index_add(&in, 0xffffffffULL, 1));
	ASSERT_EQ(0xfffULL, hvx_insn_index_add(&in, 0x1000, -1ULL));
	in = decoded("\x67\xf3\xa4", M64);	/* ESI, EDI, ECX */
	ASSERT_EQ(0xffffffffULL, hvx_insn_addr_mask(&in));
	ASSERT_EQ(0ULL, hvx_insn_index_add(&in, 0x12ffffffffULL, 1));
	ASSERT_EQ(0x11ULL, hvx_insn_index_add(&in, 0xab00000010ULL, 1));
	in = decoded("\xf3\xa5", M16);		/* SI, DI, CX */
	ASSERT_EQ(0xffffULL, hvx_insn_addr_mask(&in));
	ASSERT_EQ(0x12340000ULL, hvx_insn_index_add(&in, 0x1234fffeULL, 2));
	ASSERT_EQ(0xabcdfffeULL, hvx_insn_index_add(&in, 0xabcd0000ULL, -2ULL));
}

TEST(status_text)
{
	int a, b;

	for (a = HVX_INSN_OK; a <= HVX_INSN_UNSUPPORTED; a++)
		for (b = HVX_INSN_OK; b < a; b++)
			ASSERT_STRNE(hvx_insn_status_text(a),
				     hvx_insn_status_text(b));
	ASSERT_STREQ("LOCK prefix", hvx_insn_status_text(HVX_INSN_LOCK));
	ASSERT_STREQ("unknown status", hvx_insn_status_text(-1));
}

TEST_HARNESS_MAIN
