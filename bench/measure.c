// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-bench run: the benchmarks, on one backend. The guest code is below,
 * in assembly, and is the same bytes on hvx and on KVM; so is the host
 * loop around it. Times are host TSC cycles read around the ioctls.
 *
 * Per-exit costs are differences: a run of N operations minus a run of
 * none (same entry, same final exit), over N. The guest's own loop
 * (DEC/JNZ, a couple of cycles, see "calib_loop") stays in.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "accel.h"
#include "bench.h"
#include "counts.h"

/* ------------------------------------------------------------------ */
/* Guest code: 32-bit flat protected mode, no paging.                 */
/*                                                                    */
/* In: ESI = how many operations, EDI = an address, EBX = an MSR.     */
/* Each program ends with OUT to DONE_PORT (and a HLT after it).       */

#define DONE_PORT	0xf4
#define BENCH_PORT	0x80

#define GUEST_PROGRAM(name, setup, body)				\
	".globl " #name "\n"						\
	".globl " #name "_end\n"					\
	#name ":\n"							\
	setup								\
	"	test %esi, %esi\n"					\
	"	jz 2f\n"						\
	"1:\n"								\
	body								\
	"	dec %esi\n"						\
	"	jnz 1b\n"						\
	"2:	out %al, $0xf4\n"					\
	"	hlt\n"							\
	"	jmp 2b\n"						\
	#name "_end:\n"

__asm__(
	".pushsection .rodata.guest, \"a\"\n"
	".code32\n"
	/* calibration: the loop alone */
	GUEST_PROGRAM(guest_loop, "", "")
	/* CPUID leaf 0, handled in the kernel */
	GUEST_PROGRAM(guest_cpuid, "",
		      "	xor %eax, %eax\n"
		      "	cpuid\n")
	/* RDMSR of the MSR in EBX, handled in the kernel */
	GUEST_PROGRAM(guest_rdmsr, "	mov %ebx, %ecx\n",
		      "	rdmsr\n")
	/* OUT to a port nobody in the kernel claims: to the VMM */
	GUEST_PROGRAM(guest_pio, "",
		      "	out %al, $0x80\n")
	/* a 32-bit store to EDI, where no slot is: MMIO to the VMM */
	GUEST_PROGRAM(guest_mmio, "",
		      "	mov %eax, (%edi)\n")
	/* a store to each 4 KiB page from EDI on */
	GUEST_PROGRAM(guest_touch, "",
		      "	mov %eax, (%edi)\n"
		      "	add $4096, %edi\n")
	/* HLT at once: the VM lifecycle's first exit */
	".globl guest_hlt\n"
	".globl guest_hlt_end\n"
	"guest_hlt:\n"
	"	hlt\n"
	"	out %al, $0xf4\n"
	"	jmp guest_hlt\n"
	"guest_hlt_end:\n"
	".code64\n"
	".popsection\n");

extern const unsigned char guest_loop[], guest_loop_end[];
extern const unsigned char guest_cpuid[], guest_cpuid_end[];
extern const unsigned char guest_rdmsr[], guest_rdmsr_end[];
extern const unsigned char guest_pio[], guest_pio_end[];
extern const unsigned char guest_mmio[], guest_mmio_end[];
extern const unsigned char guest_touch[], guest_touch_end[];
extern const unsigned char guest_hlt[], guest_hlt_end[];

struct program {
	const unsigned char *start, *end;
};

#define PROGRAM(n)	((struct program){ n, n##_end })

/* Guest-physical layout (libhvx's, as hvx run uses it) */
#define CODE_GPA	0x1000ULL
#define TABLES_GPA	0x8000ULL
#define STACK_TOP	0x10000ULL
#define LOW_SIZE	(2ULL << 20)		/* slot 0 */
#define TEST_GPA	(1ULL << 30)		/* slot 1: fresh memory */
#define MMIO_GPA	0xd0000000ULL		/* no slot there */
#define MSR_IA32_APIC_BASE	0x1b
#define MSR_IA32_MISC_ENABLE	0x1a0

#define PAGE_4K		4096ULL
#define PAGE_2M		(2ULL << 20)

/* ------------------------------------------------------------------ */

static struct accel accel;			/* hvx or KVM */
static const struct count_source *source;	/* and its exit counts */
static const char *label;	/* the name results go under: the accel's */
static double scale = 1.0;

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static unsigned int scaled(unsigned int n)
{
	double v = n * scale;

	return v < 1 ? 1 : (unsigned int)v;
}

static void info(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void info(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("%s %s %s info ", BENCH_TAG, label, key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void fail(const char *key, const char *what, int err)
{
	fprintf(stderr, "bench: %s: %s: %s: %s\n", accel_name(&accel), key, what,
		strerror(err < 0 ? -err : err));
	printf("%s %s %s info FAILED %s: %s\n", BENCH_TAG, label, key, what,
	       strerror(err < 0 ? -err : err));
	fflush(stdout);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank quantile of sorted @v. */
static double quantile(const double *v, int n, double q)
{
	int i = (int)(q * (n - 1) + 0.5);

	return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

static void result(const char *key, double *v, int n, const char *unit)
{
	qsort(v, n, sizeof(*v), cmp_double);
	printf("%s %s %s result med=%.1f min=%.1f max=%.1f q1=%.1f q3=%.1f reps=%d unit=%s\n",
	       BENCH_TAG, label, key, quantile(v, n, 0.5), v[0], v[n - 1],
	       quantile(v, n, 0.25), quantile(v, n, 0.75), n, unit);
	fflush(stdout);
}

/*
 * The exit profile of some work: the common counts, then hvx's exit
 * reasons (with the handling-time histogram of each) or KVM's non-zero
 * counters. @work is what the guest was asked to do, for the reader.
 */
static void exits(const char *key, unsigned long work,
		  const struct exit_counts *d)
{
	int i, j;
	char sep = '=';

	printf("%s %s %s exits work=%lu total=%llu async=%llu insn=%llu io=%llu mmio=%llu hlt=%llu ept=%llu user=%llu guest_ns=%llu",
	       BENCH_TAG, label, key, work,
	       (unsigned long long)d->total, (unsigned long long)d->async,
	       (unsigned long long)d->insn, (unsigned long long)d->io,
	       (unsigned long long)d->mmio, (unsigned long long)d->hlt,
	       (unsigned long long)d->ept_fault, (unsigned long long)d->user,
	       (unsigned long long)d->guest_ns);
	printf(" detail");
	if (d->has_reasons) {
		for (i = 0; i < BENCH_NR_REASONS; i++) {
			const char *name = hvx_vmx_exit_name(i);

			if (!d->reasons[i])
				continue;
			if (name)
				printf("%c%s:%llu", sep, name,
				       (unsigned long long)d->reasons[i]);
			else
				printf("%creason%d:%llu", sep, i,
				       (unsigned long long)d->reasons[i]);
			sep = ',';
		}
		/* handling time: lat<reason>=<bucket>x<count>/... */
		for (i = 0; i < BENCH_NR_REASONS; i++) {
			char s = '=';

			if (!d->reasons[i])
				continue;
			printf(" lat%d", i);
			for (j = 0; j < 32; j++) {
				if (!d->latency[i][j])
					continue;
				printf("%c%dx%llu", s, j,
				       (unsigned long long)d->latency[i][j]);
				s = '/';
			}
		}
	} else {
		for (i = 0; i < d->nr_named; i++) {
			if (!d->named[i].value)
				continue;
			printf("%c%s:%llu", sep, d->named[i].name,
			       (unsigned long long)d->named[i].value);
			sep = ',';
		}
	}
	if (sep == '=')
		printf("=none");
	printf("\n");
	fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* A guest: a VM, one vCPU, slot 0 with the code, in protected mode.  */

struct guest {
	struct accel_vm vm;
	struct accel_vcpu vcpu;
	struct vm_counter counter;
	bool have_vm, have_vcpu;
	uint8_t *low;
	size_t low_size;
	const struct program *prog;
};

static void *map_memory(size_t size, int advice)
{
	/* 2 MiB-aligned, so a huge page can back it when asked. */
	size_t len = size + PAGE_2M;
	uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)p + PAGE_2M - 1) & ~(PAGE_2M - 1);
	if (a > (uintptr_t)p)
		munmap(p, a - (uintptr_t)p);
	if ((uintptr_t)p + len > a + size)
		munmap((void *)(a + size), (uintptr_t)p + len - (a + size));
	if (advice >= 0)
		madvise((void *)a, size, advice);
	return (void *)a;
}

static void load_program(struct guest *g, const struct program *prog)
{
	memcpy(g->low + CODE_GPA, prog->start, prog->end - prog->start);
	g->prog = prog;
}

/* The VM and vCPU, and their release; says why on failure. */
static int guest_create_vm(struct guest *g)
{
	int r = accel_vm_create(&accel, &g->vm);

	if (r) {
		fprintf(stderr, "bench: %s\n", accel.error);
		return r;
	}
	g->have_vm = true;
	return 0;
}

static int guest_create_vcpu(struct guest *g)
{
	int r = accel_vcpu_create(&g->vm, &g->vcpu, 0);

	if (r) {
		fprintf(stderr, "bench: %s\n", accel.error);
		return r;
	}
	g->have_vcpu = true;
	vm_counter_init(&g->counter, source, &g->vcpu);
	return 0;
}

static int guest_setup(struct guest *g)
{
	return accel_vcpu_setup_mode(&g->vcpu, HVX_MODE_PROTECTED, CODE_GPA,
				     STACK_TOP, g->low + TABLES_GPA,
				     TABLES_GPA);
}

static void guest_destroy(struct guest *g)
{
	if (g->have_vcpu) {
		vm_counter_release(&g->counter);
		accel_vcpu_destroy(&g->vcpu);
	}
	if (g->have_vm)
		accel_vm_destroy(&g->vm);
	if (g->low)
		munmap(g->low, g->low_size);
	memset(g, 0, sizeof(*g));
}

/* A VM with @low_size bytes of RAM at 0 and @prog at CODE_GPA. */
static int guest_create(struct guest *g, size_t low_size,
			const struct program *prog)
{
	int r;

	memset(g, 0, sizeof(*g));
	g->low = map_memory(low_size, MADV_NOHUGEPAGE);
	if (!g->low)
		return -ENOMEM;
	g->low_size = low_size;
	r = guest_create_vm(g);
	if (!r)
		r = accel_vm_set_memory(&g->vm, 0, 0, low_size, g->low);
	if (!r)
		r = guest_create_vcpu(g);
	if (!r) {
		load_program(g, prog);
		r = guest_setup(g);
	}
	if (r)
		guest_destroy(g);
	return r;
}

static int guest_start(struct guest *g, uint32_t n, uint32_t edi,
		       uint32_t ebx)
{
	struct hvx_regs regs = {
		.rip = CODE_GPA, .rsp = STACK_TOP, .rflags = 2,
		.rsi = n, .rdi = edi, .rbx = ebx,
	};

	return accel_vcpu_set_regs(&g->vcpu, &regs);
}

/* One trip into the guest: 0 with the run page filled, or -errno. */
static int guest_run(struct guest *g)
{
	int r = accel_vcpu_run(&g->vcpu);

	if (!r)
		g->counter.user_exits++;
	return r;
}

static void print_bad_exit(const struct hvx_run *run)
{
	fprintf(stderr, "bench: %s: unexpected exit %s (%u) port 0x%x addr 0x%llx\n",
		accel_name(&accel), hvx_exit_name(run->exit_reason),
		run->exit_reason,
		run->exit_reason == HVX_EXIT_IO ? run->io.port : 0,
		run->exit_reason == HVX_EXIT_MMIO ?
		(unsigned long long)run->mmio.phys_addr : 0ULL);
}

/* Is this exit the benchmark's own, to be answered and gone on from? */
static bool bench_exit(struct hvx_run *run)
{
	if (run->exit_reason == HVX_EXIT_IO)
		return run->io.port == BENCH_PORT;
	if (run->exit_reason != HVX_EXIT_MMIO)
		return false;
	/* Nothing there: reads see all ones. */
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
	return true;
}

/* Run until the guest writes to DONE_PORT; the exits on the way are ours. */
static int run_to_done(struct guest *g)
{
	struct hvx_run *run = g->vcpu.run;
	int r;

	for (;;) {
		r = guest_run(g);
		if (r == -EINTR)
			continue;
		if (r)
			return r;
		if (run->exit_reason == HVX_EXIT_IO &&
		    run->io.port == DONE_PORT)
			return 0;
		if (bench_exit(run))
			continue;
		print_bad_exit(run);
		return -EPROTO;
	}
}

/* Cycles of one run of @n operations. */
static int timed_run(struct guest *g, uint32_t n, uint32_t edi, uint32_t ebx,
		     uint64_t *cycles)
{
	uint64_t t0;
	int r = guest_start(g, n, edi, ebx);

	if (r)
		return r;
	t0 = tsc();
	r = run_to_done(g);
	*cycles = tsc() - t0;
	return r;
}

static int read_counts(struct guest *g, struct exit_counts *c)
{
	int r = vm_counter_read(&g->counter, c);

	if (r)
		fprintf(stderr, "bench: %s: reading exit counts: %s\n",
			accel_name(&accel), strerror(-r));
	return r;
}

/* ------------------------------------------------------------------ */
/* Exit round trips: (T(n) - T(0)) / n, median over repetitions.      */

static void bench_loop_op(const char *key, const struct program *prog,
			  unsigned int n, int reps, uint32_t edi, uint32_t ebx)
{
	struct exit_counts before, after, d;
	struct hvx_regs regs;
	struct guest g;
	double *v;
	int i, r;

	v = calloc(reps, sizeof(*v));
	r = guest_create(&g, LOW_SIZE, prog);
	if (r) {
		fail(key, "creating the VM", r);
		free(v);
		return;
	}
	/* Warm up: code and stack pages mapped, caches of both sides filled. */
	for (i = 0; i < 2 && !r; i++) {
		uint64_t c;

		r = timed_run(&g, n / 10 + 1, edi, ebx, &c);
	}
	for (i = 0; i < reps && !r; i++) {
		uint64_t t0 = 0, tn = 0;

		r = timed_run(&g, 0, edi, ebx, &t0);
		if (!r)
			r = timed_run(&g, n, edi, ebx, &tn);
		v[i] = ((double)tn - (double)t0) / n;
	}
	if (r) {
		fail(key, "running the guest", r);
		goto out;
	}
	result(key, v, reps, "cycles");
	/* The same work once more, counted. */
	if (!read_counts(&g, &before) && !guest_start(&g, n, edi, ebx) &&
	    !run_to_done(&g) && !read_counts(&g, &after)) {
		exit_counts_delta(&after, &before, &d);
		exits(key, n, &d);
	}
	if (prog->start == guest_rdmsr && !accel_vcpu_get_regs(&g.vcpu, &regs))
		info(key, "value=0x%llx",
		     (unsigned long long)((regs.rdx << 32) | (uint32_t)regs.rax));
out:
	guest_destroy(&g);
	free(v);
}

/* RUN with immediate_exit set: into the ioctl and out, no guest. */
static int run_immediate(struct guest *g)
{
	int r;

	accel_vcpu_kick(&g->vcpu);
	r = accel_vcpu_run(&g->vcpu);
	accel_vcpu_clear_kick(&g->vcpu);
	return r == -EINTR ? 0 : r < 0 ? r : -EPROTO;
}

/*
 * System calls into the vCPU that do no guest work: GET_REGS, or RUN
 * with immediate_exit set (@immediate).
 */
static void bench_null_ioctl(const char *key, bool immediate, unsigned int n,
			     int reps)
{
	struct hvx_regs regs;
	struct guest g;
	double *v = calloc(reps, sizeof(*v));
	int i, r;
	unsigned int j;

	r = guest_create(&g, LOW_SIZE, &PROGRAM(guest_loop));
	if (r) {
		fail(key, "creating the VM", r);
		free(v);
		return;
	}
	for (i = 0; i < reps && !r; i++) {
		uint64_t t0 = tsc();

		for (j = 0; j < n && !r; j++)
			r = immediate ? run_immediate(&g) :
					accel_vcpu_get_regs(&g.vcpu, &regs);
		v[i] = (double)(tsc() - t0) / n;
	}
	if (r)
		fail(key, immediate ? "RUN with immediate_exit" : "GET_REGS", r);
	else
		result(key, v, reps, "cycles");
	guest_destroy(&g);
	free(v);
}

/* ------------------------------------------------------------------ */
/* First touch of fresh memory through EPT.                           */

/* AnonHugePages of the mapping holding @addr, in KiB; -1 if unknown. */
static long anon_huge_kb(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[256];
	bool in = false;
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end;

		if (sscanf(line, "%lx-%lx ", &start, &end) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = (uintptr_t)addr >= start && (uintptr_t)addr < end;
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

/*
 * @huge: 2 MiB host pages (THP) where the kernel gives them. @resident:
 * the host touches the memory first, so only the EPT side is measured.
 */
static void bench_ept(const char *key, size_t size, bool huge, bool resident,
		      int reps)
{
	unsigned int pages = size / PAGE_4K;
	double *v = calloc(reps, sizeof(*v));
	long thp_kb = -1;
	int i, r = 0;

	for (i = 0; i < reps && !r; i++) {
		struct exit_counts before, after, d;
		uint64_t first = 0, again = 0;
		struct guest g;
		uint8_t *mem;

		mem = map_memory(size, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
		if (!mem) {
			r = -ENOMEM;
			break;
		}
		if (resident) {
			size_t off;

			for (off = 0; off < size; off += PAGE_4K)
				mem[off] = 1;
		}
		r = guest_create(&g, LOW_SIZE, &PROGRAM(guest_touch));
		if (!r)
			r = accel_vm_set_memory(&g.vm, 1, TEST_GPA, size,
						mem);
		/* The code and stack pages first, so only @mem faults below. */
		if (!r)
			r = timed_run(&g, 0, TEST_GPA, 0, &first);
		if (!r && i == 0)
			r = read_counts(&g, &before);
		if (!r)
			r = timed_run(&g, pages, TEST_GPA, 0, &first);
		if (!r && i == 0 && !read_counts(&g, &after)) {
			exit_counts_delta(&after, &before, &d);
			exits(key, huge ? pages / 512 : pages, &d);
			thp_kb = anon_huge_kb(mem);
		}
		if (!r)
			r = timed_run(&g, pages, TEST_GPA, 0, &again);
		v[i] = ((double)first - (double)again) / pages;
		guest_destroy(&g);
		munmap(mem, size);
	}
	if (r) {
		fail(key, "running the guest", r);
	} else {
		result(key, v, reps, "cycles/4KiB");
		info(key, "touched=%zuKiB thp_kb=%ld thp_used=%s", size >> 10,
		     thp_kb, thp_kb > 0 ? "yes" : "no");
	}
	free(v);
}

/* ------------------------------------------------------------------ */
/* VM lifecycle: create, 256 MiB slot, vCPU, run to HLT, destroy.     */

enum { LC_CREATE, LC_SLOT, LC_VCPU, LC_SETUP, LC_RUN, LC_DESTROY, LC_TOTAL,
       LC_N };

static const char *const lc_keys[LC_N] = {
	"lc_create_vm", "lc_slot", "lc_vcpu", "lc_setup", "lc_run",
	"lc_destroy", "lifecycle",
};

static void bench_lifecycle(int reps)
{
	const size_t size = 256ULL << 20;
	const struct program hlt = PROGRAM(guest_hlt);
	double *v[LC_N];
	int i, k, r = 0;

	for (k = 0; k < LC_N; k++)
		v[k] = calloc(reps + 1, sizeof(double));
	/* One round more than counted: the first one warms caches up. */
	for (i = 0; i <= reps && !r; i++) {
		uint64_t t[LC_N + 1] = { 0 };
		struct exit_counts c;
		struct guest g;

		memset(&g, 0, sizeof(g));
		t[0] = tsc();
		r = guest_create_vm(&g);
		if (r)
			break;
		t[1] = tsc();
		g.low = map_memory(size, MADV_NOHUGEPAGE);
		g.low_size = size;
		r = g.low ? accel_vm_set_memory(&g.vm, 0, 0, size, g.low) :
			    -ENOMEM;
		t[2] = tsc();
		if (!r)
			r = guest_create_vcpu(&g);
		t[3] = tsc();
		if (!r) {
			load_program(&g, &hlt);
			r = guest_setup(&g);
		}
		t[4] = tsc();
		do {
			r = r ? r : guest_run(&g);
		} while (r == -EINTR);
		t[5] = tsc();
		if (!r && g.vcpu.run->exit_reason != HVX_EXIT_HLT) {
			print_bad_exit(g.vcpu.run);
			r = -EPROTO;
		}
		/* Not timed: reading the counts of the last round. */
		if (!r && i == reps && !read_counts(&g, &c))
			exits("lifecycle", 1, &c);
		t[6] = tsc();
		guest_destroy(&g);
		t[7] = tsc();
		if (r || i == 0)
			continue;
		for (k = 0; k < LC_DESTROY; k++)
			v[k][i - 1] = (double)(t[k + 1] - t[k]);
		v[LC_DESTROY][i - 1] = (double)(t[7] - t[6]);
		v[LC_TOTAL][i - 1] = (double)(t[5] - t[0] + t[7] - t[6]);
	}
	if (r)
		fail("lifecycle", "VM lifecycle", r);
	else
		for (k = 0; k < LC_N; k++)
			result(lc_keys[k], v[k], reps, "cycles");
	for (k = 0; k < LC_N; k++)
		free(v[k]);
}

/* ------------------------------------------------------------------ */
/* Kernel memory per idle VM, from /proc/meminfo.                     */

enum { MI_MEMFREE, MI_ANON, MI_CACHED, MI_SLAB, MI_PAGETABLES,
       MI_SECPAGETABLES, MI_VMALLOC, MI_KSTACK, MI_N };

static const char *const mi_names[MI_N] = {
	"MemFree", "AnonPages", "Cached", "Slab", "PageTables",
	"SecPageTables", "VmallocUsed", "KernelStack",
};

static int meminfo(long kb[MI_N])
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	int i;

	if (!f)
		return -errno;
	for (i = 0; i < MI_N; i++)
		kb[i] = -1;
	while (fgets(line, sizeof(line), f)) {
		for (i = 0; i < MI_N; i++) {
			size_t len = strlen(mi_names[i]);
			long val;

			if (!strncmp(line, mi_names[i], len) &&
			    line[len] == ':' &&
			    sscanf(line + len + 1, "%ld", &val) == 1)
				kb[i] = val;
		}
	}
	fclose(f);
	return 0;
}

/*
 * Free pages, counting those waiting on the per-CPU lists: MemFree
 * leaves them out, and they come and go by the hundred.
 */
static long free_kb(void)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	char line[256];
	long pages = 0, n;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " pages free %ld", &n) == 1 ||
		    sscanf(line, " count: %ld", &n) == 1)
			pages += n;
	}
	fclose(f);
	return pages * 4;
}

static void bench_memory(int nvms)
{
	const size_t size = 256ULL << 20, touched = 64ULL << 20;
	struct guest *g = calloc(nvms + 1, sizeof(*g));
	long before[MI_N], after[MI_N], freed[MI_N], free0, free1;
	double d[MI_N], sum4, kernel;
	int i, r;

	/* An anchor VM keeps the hypervisor's one-time state (VMXON) out. */
	r = guest_create(&g[nvms], LOW_SIZE, &PROGRAM(guest_loop));
	if (!r)
		r = guest_start(&g[nvms], 1, 0, 0);
	if (!r)
		r = run_to_done(&g[nvms]);
	if (r) {
		fail("mem", "anchor VM", r);
		goto out;
	}
	sync();
	meminfo(before);
	free0 = free_kb();
	for (i = 0; i < nvms && !r; i++) {
		r = guest_create(&g[i], size, &PROGRAM(guest_touch));
		if (!r)
			r = guest_start(&g[i], touched / PAGE_4K, 2ULL << 20,
					0);
		if (!r)
			r = run_to_done(&g[i]);
	}
	meminfo(after);
	free1 = free_kb();
	if (r) {
		fail("mem", "creating the VMs", r);
		goto out;
	}
	for (i = 0; i < MI_N; i++)
		d[i] = (double)(after[i] - before[i]) / nvms;
	sum4 = d[MI_SLAB] + d[MI_PAGETABLES] + d[MI_SECPAGETABLES] +
	       d[MI_VMALLOC];
	/* What left the free pages that is neither guest RAM nor page cache. */
	kernel = (double)(free0 - free1) / nvms - d[MI_ANON] - d[MI_CACHED];
	{
		static const char *const keys[] = {
			[MI_SLAB] = "mem_slab",
			[MI_PAGETABLES] = "mem_pagetables",
			[MI_SECPAGETABLES] = "mem_secpagetables",
			[MI_VMALLOC] = "mem_vmalloc",
			[MI_KSTACK] = "mem_kernelstack",
		};

		for (i = 0; i < MI_N; i++) {
			if (!keys[i])
				continue;
			if (before[i] < 0) {
				info(keys[i], "%s not in /proc/meminfo",
				     mi_names[i]);
				continue;
			}
			result(keys[i], &d[i], 1, "KiB/VM");
		}
	}
	result("mem_sum4", &sum4, 1, "KiB/VM");
	result("mem_kernel", &kernel, 1, "KiB/VM");
	info("mem_sum4", "vms=%d slot=256MiB touched=64MiB anon_per_vm=%.0fKiB",
	     nvms, d[MI_ANON]);
out:
	for (i = 0; i < nvms; i++)
		guest_destroy(&g[i]);
	if (!r) {
		meminfo(freed);
		info("mem_sum4", "after_close_delta_kib slab=%ld pagetables=%ld secpagetables=%ld vmalloc=%ld",
		     freed[MI_SLAB] - before[MI_SLAB],
		     freed[MI_PAGETABLES] - before[MI_PAGETABLES],
		     freed[MI_SECPAGETABLES] - before[MI_SECPAGETABLES],
		     freed[MI_VMALLOC] - before[MI_VMALLOC]);
	}
	guest_destroy(&g[nvms]);
	free(g);
}

/* ------------------------------------------------------------------ */

/* TSC cycles per nanosecond, against CLOCK_MONOTONIC over ~20 ms. */
static double tsc_per_ns(void)
{
	struct timespec a, b, req = { 0, 20 * 1000 * 1000 };
	uint64_t t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &a);
	t0 = tsc();
	nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	t1 = tsc();
	return (double)(t1 - t0) /
	       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec));
}

static bool wanted(const char *only, const char *name)
{
	size_t len = strlen(name);
	const char *p = only;

	if (!only)
		return true;
	while ((p = strstr(p, name))) {
		if ((p == only || p[-1] == ',') &&
		    (p[len] == ',' || p[len] == '\0'))
			return true;
		p += len;
	}
	return false;
}

/* The accelerator and its count source; says why on failure. */
static int open_hypervisor(const struct accel_ops *ops)
{
	int r = accel_open(&accel, ops);

	if (r) {
		fprintf(stderr, "bench: %s\n", accel.error);
		return r;
	}
	r = source->open ? source->open() : 0;
	if (r)
		accel_close(&accel);
	return r;
}

static void close_hypervisor(void)
{
	if (source->close)
		source->close();
	accel_close(&accel);
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: hvx-bench run --backend hvx|kvm [--only LIST] [--scale X] [--vms N]\n"
"                     [--label NAME]\n"
"\n"
"Runs the benchmarks on one hypervisor and prints '" BENCH_TAG "' lines\n"
"for 'hvx-bench report'. LIST: comma-separated of calib, ioctl, cpuid,\n"
"rdmsr, pio, mmio, ept4k, ept2m, lifecycle, mem. --scale multiplies the\n"
"iteration counts (default 1); --vms is how many VMs the memory\n"
"benchmark keeps open (default 2); --label names the results (default:\n"
"the backend), e.g. for a second KVM configuration.\n");
}

int measure_main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "only", required_argument, NULL, 'o' },
		{ "scale", required_argument, NULL, 's' },
		{ "vms", required_argument, NULL, 'n' },
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct accel_ops *ops = NULL;
	const char *only = NULL;
	int nvms = 2, c, reps;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'b':
			ops = accel_find(optarg);
			source = count_source_find(optarg);
			if (!ops || !source) {
				fprintf(stderr, "bench: --backend %s: hvx or kvm\n",
					optarg);
				return 2;
			}
			break;
		case 'o':
			only = optarg;
			break;
		case 'l':
			label = optarg;
			break;
		case 's':
			scale = atof(optarg);
			if (scale <= 0) {
				fprintf(stderr, "bench: --scale %s: not a positive number\n",
					optarg);
				return 2;
			}
			break;
		case 'n':
			nvms = atoi(optarg);
			if (nvms < 1 || nvms > 64) {
				fprintf(stderr, "bench: --vms %s: 1 to 64\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!ops || optind < argc) {
		usage(stderr);
		return 2;
	}
	if (open_hypervisor(ops))
		return 1;
	if (!label)
		label = accel_name(&accel);
	printf("%s %s settings info ", BENCH_TAG, label);
	source->describe(stdout, &accel);
	info("settings", "tsc_per_ns=%.3f scale=%.2f", tsc_per_ns(), scale);

	reps = 7;
	if (wanted(only, "calib"))
		bench_loop_op("calib_loop", &PROGRAM(guest_loop),
			      scaled(100000), 5, 0, 0);
	if (wanted(only, "ioctl")) {
		bench_null_ioctl("null_ioctl", false, scaled(1000), 5);
		bench_null_ioctl("run_immediate", true, scaled(1000), 5);
	}
	if (wanted(only, "cpuid"))
		bench_loop_op("cpuid", &PROGRAM(guest_cpuid), scaled(2000),
			      reps, 0, 0);
	if (wanted(only, "rdmsr")) {
		bench_loop_op("rdmsr_apic_base", &PROGRAM(guest_rdmsr),
			      scaled(2000), reps, 0, MSR_IA32_APIC_BASE);
		bench_loop_op("rdmsr_misc_enable", &PROGRAM(guest_rdmsr),
			      scaled(2000), reps, 0, MSR_IA32_MISC_ENABLE);
	}
	if (wanted(only, "pio"))
		bench_loop_op("pio", &PROGRAM(guest_pio), scaled(1000), reps,
			      0, 0);
	if (wanted(only, "mmio"))
		bench_loop_op("mmio", &PROGRAM(guest_mmio), scaled(1000),
			      reps, MMIO_GPA, 0);
	if (wanted(only, "ept4k")) {
		bench_ept("ept_4k", scaled(8) * (1ULL << 20), false, false, 5);
		bench_ept("ept_4k_resident", scaled(8) * (1ULL << 20), false,
			  true, 3);
	}
	if (wanted(only, "ept2m"))
		bench_ept("ept_2m", scaled(8) * PAGE_2M, true, false, 3);
	if (wanted(only, "lifecycle"))
		bench_lifecycle(scaled(7));
	if (wanted(only, "mem"))
		bench_memory(nvms);
	close_hypervisor();
	return 0;
}
