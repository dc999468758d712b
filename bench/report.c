// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-bench report: read the '@bench' lines both sides printed (from the
 * testbed's console log, say), check that both took the same exits for
 * the same work, and print the table, hvx against KVM; optionally write
 * it all as JSON.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"
#include "json.h"

#define MAX_KEYS	64
#define MAX_INFO	128

/*
 * KVM2: KVM again with vmentry_l1d_flush=never, on some rows, to show
 * what the L1D flush on VM entry costs it (bench/guest-run).
 */
enum side { HVX, KVM, KVM2, NR_SIDES };
static const char *const side_names[NR_SIDES] = { "hvx", "kvm", "kvm-nol1d" };

struct stat {
	bool have;
	double med, min, max, q1, q3;
	int reps;
	char unit[24];
};

struct exitp {
	bool have;
	unsigned long long work, total, async, insn, io, mmio, hlt, ept, user,
			   guest_ns;
	char detail[1024];
};

struct entry {
	char key[32];
	struct stat st[NR_SIDES];
	struct exitp ex[NR_SIDES];
};

static struct entry entries[MAX_KEYS];
static int nr_entries;
static char *infos[MAX_INFO];
static int nr_infos;
static double tsc_per_ns[NR_SIDES];

struct row {
	const char *key;
	const char *label;
};

static const struct row rows[] = {
	{ "calib_loop", "guest DEC/JNZ loop iteration (calibration)" },
	{ "null_ioctl", "GET_REGS ioctl (system call, vCPU load/put)" },
	{ "run_immediate", "RUN ioctl with immediate_exit (no entry)" },
	{ "cpuid", "CPUID exit, handled in the kernel" },
	{ "rdmsr_apic_base", "RDMSR IA32_APIC_BASE exit, in the kernel" },
	{ "rdmsr_misc_enable", "RDMSR IA32_MISC_ENABLE exit, in the kernel" },
	{ "pio", "port I/O exit to the VMM and back" },
	{ "mmio", "MMIO write exit to the VMM and back" },
	{ "ept_4k", "EPT fault-in per 4 KiB, 4 KiB host pages" },
	{ "ept_4k_resident", "  same, memory already touched by the host" },
	{ "ept_2m", "EPT fault-in per 4 KiB, 2 MiB host pages" },
	{ "lifecycle", "VM lifecycle (256 MiB slot, run to HLT)" },
	{ "lc_create_vm", "  create VM" },
	{ "lc_slot", "  mmap + 256 MiB slot" },
	{ "lc_vcpu", "  create vCPU, map run page" },
	{ "lc_setup", "  set sregs and regs, copy code" },
	{ "lc_run", "  first run, to HLT" },
	{ "lc_destroy", "  destroy: munmap, close" },
	{ "linux_boot", "Linux boot to user space, hvx run (PVH), ms" },
	{ "mem_sum4", "kernel KiB per idle VM (4 meminfo fields)" },
	{ "mem_slab", "  Slab" },
	{ "mem_pagetables", "  PageTables" },
	{ "mem_secpagetables", "  SecPageTables" },
	{ "mem_vmalloc", "  VmallocUsed" },
	{ "mem_kernelstack", "  KernelStack (not in the 4)" },
	{ "mem_kernel", "  all kernel memory (free pages-Anon-Cached)" },
};

#define NR_ROWS	(sizeof(rows) / sizeof(rows[0]))

static struct entry *entry_of(const char *key)
{
	int i;

	for (i = 0; i < nr_entries; i++)
		if (!strcmp(entries[i].key, key))
			return &entries[i];
	if (nr_entries == MAX_KEYS)
		return NULL;
	snprintf(entries[nr_entries].key, sizeof(entries[0].key), "%s", key);
	return &entries[nr_entries++];
}

/* The value of @name=... among the words of @s, as text. */
static bool field(const char *s, const char *name, char *out, size_t size)
{
	size_t len = strlen(name);
	const char *p = s;

	while ((p = strstr(p, name))) {
		if ((p == s || p[-1] == ' ') && p[len] == '=') {
			size_t n;

			p += len + 1;
			n = strcspn(p, " ");
			if (n >= size)
				n = size - 1;
			memcpy(out, p, n);
			out[n] = '\0';
			return true;
		}
		p += len;
	}
	return false;
}

static double fnum(const char *s, const char *name)
{
	char buf[64];

	return field(s, name, buf, sizeof(buf)) ? atof(buf) : NAN;
}

static unsigned long long fu(const char *s, const char *name)
{
	char buf[64];

	return field(s, name, buf, sizeof(buf)) ? strtoull(buf, NULL, 10) : 0;
}

static void parse_line(char *line)
{
	char side_name[16], key[32], kind[16];
	char *p = strstr(line, BENCH_TAG);
	struct entry *e;
	int side, n;

	if (!p)
		return;
	p += strlen(BENCH_TAG);
	line[strcspn(line, "\r\n")] = '\0';
	if (sscanf(p, " %15s %31s %15s %n", side_name, key, kind, &n) != 3)
		return;
	for (side = 0; side < NR_SIDES; side++)
		if (!strcmp(side_name, side_names[side]))
			break;
	if (!strcmp(kind, "info")) {
		if (nr_infos < MAX_INFO &&
		    asprintf(&infos[nr_infos], "%s %s: %s", side_name, key,
			     p + n) > 0)
			nr_infos++;
		if (side < NR_SIDES && !strcmp(key, "settings") &&
		    !isnan(fnum(p + n, "tsc_per_ns")))
			tsc_per_ns[side] = fnum(p + n, "tsc_per_ns");
		return;
	}
	if (side == NR_SIDES)
		return;
	e = entry_of(key);
	if (!e)
		return;
	p += n;
	if (!strcmp(kind, "result")) {
		struct stat *s = &e->st[side];

		s->have = true;
		s->med = fnum(p, "med");
		s->min = fnum(p, "min");
		s->max = fnum(p, "max");
		s->q1 = fnum(p, "q1");
		s->q3 = fnum(p, "q3");
		s->reps = (int)fu(p, "reps");
		if (!field(p, "unit", s->unit, sizeof(s->unit)))
			strcpy(s->unit, "?");
	} else if (!strcmp(kind, "exits")) {
		struct exitp *x = &e->ex[side];

		x->have = true;
		x->work = fu(p, "work");
		x->total = fu(p, "total");
		x->async = fu(p, "async");
		x->insn = fu(p, "insn");
		x->io = fu(p, "io");
		x->mmio = fu(p, "mmio");
		x->hlt = fu(p, "hlt");
		x->ept = fu(p, "ept");
		x->user = fu(p, "user");
		x->guest_ns = fu(p, "guest_ns");
		p = strstr(p, " detail");
		snprintf(x->detail, sizeof(x->detail), "%s", p ? p + 1 : "");
	}
}

static int read_file(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;

	if (!f) {
		fprintf(stderr, "report: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) > 0)
		parse_line(line);
	free(line);
	if (f != stdin)
		fclose(f);
	return 0;
}

static const char *fmt_stat(const struct stat *s, char *buf, size_t size)
{
	if (!s->have || isnan(s->med)) {
		snprintf(buf, size, "-");
	} else if (s->reps > 1) {
		if (s->med >= 100000)
			snprintf(buf, size, "%.0f [%.0f-%.0f]", s->med, s->min,
				 s->max);
		else
			snprintf(buf, size, "%.1f [%.1f-%.1f]", s->med, s->min,
				 s->max);
	} else {
		snprintf(buf, size, "%.1f", s->med);
	}
	return buf;
}

static double ratio(const struct entry *e)
{
	if (!e->st[HVX].have || !e->st[KVM].have || e->st[KVM].med == 0)
		return NAN;
	return e->st[HVX].med / e->st[KVM].med;
}

static bool have_side(enum side s)
{
	int i;

	for (i = 0; i < nr_entries; i++)
		if (entries[i].st[s].have)
			return true;
	return false;
}

static void print_table(FILE *f, const char *title)
{
	bool third = have_side(KVM2);
	char a[64], b[64], c[64];
	size_t i;

	fprintf(f, "\n%s\n\n", title);
	fprintf(f, "| %-46s | %-30s | %-30s | %-7s |", "operation",
		"hvx median [min-max]", "KVM median [min-max]", "hvx/KVM");
	if (third)
		fprintf(f, " %-30s |", "KVM, vmentry_l1d_flush=never");
	fprintf(f, "\n|%s|%s|%s|%s|%s\n", "------------------------------------------------",
		"--------------------------------", "--------------------------------",
		"---------", third ? "--------------------------------|" : "");
	for (i = 0; i < NR_ROWS; i++) {
		struct entry *e = NULL;
		int j;
		char r[16] = "-";

		for (j = 0; j < nr_entries; j++)
			if (!strcmp(entries[j].key, rows[i].key))
				e = &entries[j];
		if (!e || (!e->st[HVX].have && !e->st[KVM].have))
			continue;
		if (!isnan(ratio(e)))
			snprintf(r, sizeof(r), "%.2f", ratio(e));
		fprintf(f, "| %-46s | %-30s | %-30s | %-7s |", rows[i].label,
			fmt_stat(&e->st[HVX], a, sizeof(a)),
			fmt_stat(&e->st[KVM], b, sizeof(b)), r);
		if (third)
			fprintf(f, " %-30s |", fmt_stat(&e->st[KVM2], c, sizeof(c)));
		fprintf(f, "\n");
	}
	fprintf(f, "\nUnits: TSC cycles per operation (median of repeated runs, [min-max]);\n"
		"memory rows: KiB per VM. hvx/KVM > 1: hvx is slower or bigger.\n");
}

static bool close_enough(unsigned long long a, unsigned long long b,
			 unsigned long long slack)
{
	return (a > b ? a - b : b - a) <= slack;
}

/* Same exits for the same work? Returns the number of mismatches. */
static int check_exits(FILE *f)
{
	int i, bad = 0;

	fprintf(f, "\nExits for the same work (insn: in-kernel instruction exits, ept: EPT\n"
		"faults that mapped memory, async: host interrupts and timers, left out):\n");
	for (i = 0; i < nr_entries; i++) {
		struct entry *e = &entries[i];
		struct exitp *h = &e->ex[HVX], *k = &e->ex[KVM];
		bool ok;

		if (!h->have && !k->have)
			continue;
		if (!h->have || !k->have) {
			fprintf(f, "  %-18s only %s reported exits\n", e->key,
				h->have ? "hvx" : "kvm");
			continue;
		}
		ok = close_enough(h->insn, k->insn, 2) && h->io == k->io &&
		     h->mmio == k->mmio && h->hlt == k->hlt &&
		     close_enough(h->ept, k->ept, 2);
		fprintf(f, "  %-18s work %-6llu hvx insn=%llu io=%llu mmio=%llu hlt=%llu ept=%llu (async %llu) | kvm insn=%llu io=%llu mmio=%llu hlt=%llu ept=%llu (async %llu)  %s\n",
			e->key, h->work, h->insn, h->io, h->mmio, h->hlt,
			h->ept, h->async, k->insn, k->io, k->mmio, k->hlt,
			k->ept, k->async, ok ? "same" : "MISMATCH");
		if (!ok) {
			bad++;
			fprintf(f, "\n  !!!!!!!! EXIT MISMATCH in %s: the two sides did not take the same exits;\n"
				"  !!!!!!!! its cycles are not comparable.\n"
				"    hvx %s\n    kvm %s\n\n", e->key, h->detail,
				k->detail);
		}
	}
	if (!bad)
		fprintf(f, "  all benchmarks took the same exits on both sides.\n");
	return bad;
}

static void print_details(FILE *f)
{
	int i, s;

	fprintf(f, "\nExit details (hvx: VMX exit reasons, latNN=bucket x count: handling\n"
		"time of reason NN in [2^bucket, 2^(bucket+1)) cycles; kvm: stats fd counters):\n");
	for (i = 0; i < nr_entries; i++)
		for (s = 0; s < NR_SIDES; s++) {
			struct exitp *x = &entries[i].ex[s];

			if (!x->have)
				continue;
			fprintf(f, "  %-18s %s %s", entries[i].key,
				side_names[s], x->detail);
			/*
			 * hvx.ko computes HVX_A_STAT_GUEST_NS as
			 * cycles * 1000 / tsc_khz: microseconds, not
			 * nanoseconds; so cycles = value * 1000 * cycles/ns.
			 */
			if (s == HVX && x->guest_ns && tsc_per_ns[HVX] > 0 &&
			    x->total)
				fprintf(f, " cycles_in_vmx_enter_per_exit=%.0f",
					x->guest_ns * 1000.0 * tsc_per_ns[HVX] /
					x->total);
			fprintf(f, "\n");
		}
}

/* A number, or null where a side had none. */
static void json_num(struct json *w, const char *key, double v)
{
	json_double(w, key, v, 1);
}

static void json_stat(struct json *w, const char *key, const struct stat *s)
{
	if (!s->have) {
		json_null(w, key);
		return;
	}
	json_object(w, key);
	json_num(w, "median", s->med);
	json_num(w, "min", s->min);
	json_num(w, "max", s->max);
	json_num(w, "q1", s->q1);
	json_num(w, "q3", s->q3);
	json_uint(w, "reps", s->reps);
	json_string(w, "unit", s->unit);
	json_end_object(w);
}

static void json_exits(struct json *w, const char *key, const struct exitp *x)
{
	if (!x->have) {
		json_null(w, key);
		return;
	}
	json_object(w, key);
	json_uint(w, "work", x->work);
	json_uint(w, "total", x->total);
	json_uint(w, "async", x->async);
	json_uint(w, "insn", x->insn);
	json_uint(w, "io", x->io);
	json_uint(w, "mmio", x->mmio);
	json_uint(w, "hlt", x->hlt);
	json_uint(w, "ept", x->ept);
	json_uint(w, "user", x->user);
	json_string(w, "detail", x->detail);
	json_end_object(w);
}

static void json_row(struct json *w, const struct row *row,
		     const struct entry *e)
{
	json_object(w, NULL);
	json_string(w, "key", e->key);
	json_string(w, "label", row->label);
	json_stat(w, "hvx", &e->st[HVX]);
	json_stat(w, "kvm", &e->st[KVM]);
	if (e->st[KVM2].have)
		json_stat(w, "kvm_nol1d", &e->st[KVM2]);
	json_double(w, "ratio", ratio(e), 4);
	json_object(w, "exits");
	json_exits(w, "hvx", &e->ex[HVX]);
	json_exits(w, "kvm", &e->ex[KVM]);
	json_end_object(w);
	json_end_object(w);
}

static void write_json(FILE *f, const char *title, int mismatches)
{
	struct json w;
	size_t r;
	int i;

	json_init(&w, f, true);
	json_object(&w, NULL);
	json_string(&w, "title", title);
	json_uint(&w, "generated", (uint64_t)time(NULL));
	json_uint(&w, "exit_mismatches", mismatches);
	json_array(&w, "rows");
	for (r = 0; r < NR_ROWS; r++) {
		for (i = 0; i < nr_entries; i++)
			if (!strcmp(entries[i].key, rows[r].key))
				json_row(&w, &rows[r], &entries[i]);
	}
	json_end_array(&w);
	json_array(&w, "info");
	for (i = 0; i < nr_infos; i++)
		json_string(&w, NULL, infos[i]);
	json_end_array(&w);
	json_end_object(&w);
}

int report_main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", required_argument, NULL, 'j' },
		{ "title", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *json = NULL, *title = "hvx against KVM";
	int c, i, bad;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'h':
			printf("usage: hvx-bench report [--title TEXT] [--json FILE] LOG...\n");
			return 0;
		default:
			return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "usage: hvx-bench report [--title TEXT] [--json FILE] LOG...\n");
		return 2;
	}
	for (i = optind; i < argc; i++)
		if (read_file(argv[i]))
			return 1;
	if (!nr_entries) {
		fprintf(stderr, "report: no '%s' results found\n", BENCH_TAG);
		return 1;
	}
	print_table(stdout, title);
	printf("\nSettings:\n");
	for (i = 0; i < nr_infos; i++)
		if (strstr(infos[i], "settings:") || !strncmp(infos[i], "env ", 4))
			printf("  %s\n", infos[i]);
	printf("\nNotes:\n");
	for (i = 0; i < nr_infos; i++)
		if (!strstr(infos[i], "settings:") && strncmp(infos[i], "env ", 4))
			printf("  %s\n", infos[i]);
	bad = check_exits(stdout);
	print_details(stdout);
	if (json) {
		FILE *f = fopen(json, "w");

		if (!f) {
			fprintf(stderr, "report: %s: %s\n", json, strerror(errno));
			return 1;
		}
		write_json(f, title, bad);
		fclose(f);
		printf("\nJSON: %s\n", json);
	}
	return 0;
}
