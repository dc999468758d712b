// SPDX-License-Identifier: GPL-2.0
/*
 * hvx run: build a VM with one vCPU, load a flat binary, put the vCPU in
 * the mode asked for, attach the port devices and run until the guest
 * halts, asks to exit, dies or a signal comes.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <string.h>
#include "accel.h"
#include "cmd.h"
#include "devices.h"
#include "loader.h"
#include "report.h"
#include "util.h"
#include "vcpu.h"
#include "vm.h"

#define DEFAULT_MEM	(64ULL << 20)
#define MIN_MEM		BOOT_AREA_END	/* room for the boot area */
#define MAX_MEM		(4ULL << 30)	/* what the page tables map */
#define PAGE_SIZE	4096ULL
#define REAL_MODE_MAX_ENTRY 0xffffULL	/* CS is 0: IP must reach it */

struct run_options {
	const char *raw;
	enum hvx_guest_mode mode;
	const char *mode_name;
	uint64_t load_addr;
	uint64_t entry;
	bool have_entry;
	uint64_t mem;
	bool dump_vmcs;
	bool verbose;
	const struct accel_ops *accel;
};

void cmd_run_usage(FILE *f)
{
	fprintf(f,
"usage: hvx run --raw FILE [--mode real|protected|long] [--load-addr ADDR]\n"
"               [--entry ADDR] [--mem SIZE] [--accel hvx|kvm] [--dump-vmcs]\n"
"               [--verbose]\n"
"\n"
"Run a flat binary on one vCPU. The file is copied to guest-physical\n"
"ADDR, the vCPU starts at the entry point in the mode asked for, and the\n"
"run ends when the guest halts, writes to the debug-exit port, triple\n"
"faults, or hvx gets SIGINT or SIGTERM.\n"
"\n"
"options:\n"
"  --raw FILE         the flat binary to run (required)\n"
"  --mode MODE        real (default): 16-bit, CS=DS=ES=SS=0\n"
"                     protected: flat 32-bit, no paging\n"
"                     long: 64-bit, first 4 GiB identity-mapped\n"
"  --load-addr ADDR   where the file goes (default 0x%llx)\n"
"  --entry ADDR       where the vCPU starts (default: the load address;\n"
"                     at most 0x%llx in real mode)\n"
"  --mem SIZE         guest RAM from address 0: 65536, 64K, 512M, 1G...\n"
"                     (default %s; a multiple of 4K, 64K to 4G)\n"
"  --accel ACCEL      the hypervisor: hvx (default, /dev/hvx) or kvm\n"
"                     (/dev/kvm: the same guest, devices and statuses)\n"
"  --dump-vmcs        if VM entry fails, hvx.ko dumps the VMCS to dmesg\n"
"                     (hvx only)\n"
"  -v, --verbose      log the layout, unhandled port I/O and MMIO, and\n"
"                     how the run ended\n"
"  -h, --help         this text\n"
"\n"
"guest memory: 0x8000-0xffff is hvx's boot area (GDT and page tables at\n"
"0x%llx, stack pointer starting at 0x%llx); the image must not overlap it.\n"
"\n"
"ports: 0x%02x  debug console: OUT writes a byte to stdout, IN gives 0xe9\n"
"       0x%02x  debug exit: OUT ends the run, hvx exits with the value\n"
"       other ports, and addresses outside RAM, read as all ones;\n"
"       writes to them are ignored\n"
"\n"
"exit status:\n"
"  0        the guest halted (HLT), or wrote 0 to the debug-exit port\n"
"  1-%-5d  the value the guest wrote to the debug-exit port\n"
"  %d      hvx failed: bad usage, bad file, /dev/hvx unusable...\n"
"  %d      the guest triple faulted\n"
"  %d      VM entry failed\n"
"  %d      internal error: hvx.ko could not handle a VM exit\n"
"  130/143  stopped by SIGINT/SIGTERM\n",
		DEFAULT_LOAD_ADDR, REAL_MODE_MAX_ENTRY, size_str(DEFAULT_MEM),
		BOOT_TABLES_GPA, BOOT_STACK_TOP, DEBUGCON_PORT,
		DEBUG_EXIT_PORT, STATUS_GUEST_MAX, STATUS_VMM_ERROR,
		STATUS_TRIPLE_FAULT, STATUS_ENTRY_FAILED,
		STATUS_INTERNAL_ERROR);
}

static int parse_mem(const char *s, uint64_t *mem)
{
	int r = parse_size(s, mem);

	if (r) {
		error("run: --mem %s: %s", s,
		      r == -ERANGE ? "too large" :
		      "not a size (e.g. 65536, 64K, 512M, 1G)");
		return r;
	}
	if (*mem % PAGE_SIZE) {
		error("run: --mem %s: not a multiple of 4 KiB", s);
		return -EINVAL;
	}
	if (*mem < MIN_MEM) {
		error("run: --mem %s: too small, hvx needs at least %s", s,
		      size_str(MIN_MEM));
		return -EINVAL;
	}
	if (*mem > MAX_MEM) {
		error("run: --mem %s: too large, at most %s", s,
		      size_str(MAX_MEM));
		return -EINVAL;
	}
	return 0;
}

static int parse_addr(const char *opt, const char *s, uint64_t *addr)
{
	int r = parse_u64(s, addr);

	if (r)
		error("run: %s %s: %s", opt, s,
		      r == -ERANGE ? "too large" :
		      "not an address (e.g. 0x1000 or 4096)");
	return r;
}

/* Returns STATUS_OK, or the status to exit with (help, errors). */
static int parse_options(int argc, char **argv, struct run_options *o,
			 bool *done)
{
	static const struct option options[] = {
		{ "raw", required_argument, NULL, 'r' },
		{ "mode", required_argument, NULL, 'M' },
		{ "load-addr", required_argument, NULL, 'l' },
		{ "entry", required_argument, NULL, 'e' },
		{ "mem", required_argument, NULL, 'm' },
		{ "dump-vmcs", no_argument, NULL, 'D' },
		{ "accel", required_argument, NULL, 'a' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct run_options) {
		.mode = HVX_MODE_REAL, .mode_name = "real",
		.load_addr = DEFAULT_LOAD_ADDR, .mem = DEFAULT_MEM,
		.accel = &accel_hvx,
	};
	*done = false;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vh", options, NULL)) != -1) {
		switch (c) {
		case 'r':
			o->raw = optarg;
			break;
		case 'M':
			if (hvx_mode_from_name(optarg, &o->mode)) {
				error("run: --mode %s: not a mode (real, protected or long)",
				      optarg);
				return STATUS_VMM_ERROR;
			}
			o->mode_name = optarg;
			break;
		case 'l':
			if (parse_addr("--load-addr", optarg, &o->load_addr))
				return STATUS_VMM_ERROR;
			break;
		case 'e':
			if (parse_addr("--entry", optarg, &o->entry))
				return STATUS_VMM_ERROR;
			o->have_entry = true;
			break;
		case 'm':
			if (parse_mem(optarg, &o->mem))
				return STATUS_VMM_ERROR;
			break;
		case 'D':
			o->dump_vmcs = true;
			break;
		case 'a':
			o->accel = accel_find(optarg);
			if (!o->accel) {
				error("run: --accel %s: not an accelerator (hvx or kvm)",
				      optarg);
				return STATUS_VMM_ERROR;
			}
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			cmd_run_usage(stdout);
			*done = true;
			return STATUS_OK;
		default:
			return cmd_bad_option("run", c, optopt, argv, optind);
		}
	}
	if (optind < argc) {
		error("run: unexpected argument '%s' (see 'hvx run --help')",
		      argv[optind]);
		return STATUS_VMM_ERROR;
	}
	if (!o->raw) {
		error("run: no guest: give --raw FILE (see 'hvx run --help')");
		return STATUS_VMM_ERROR;
	}
	if (o->dump_vmcs && o->accel != &accel_hvx) {
		error("run: --dump-vmcs works with --accel hvx only");
		return STATUS_VMM_ERROR;
	}
	if (!o->have_entry)
		o->entry = o->load_addr;
	if (o->entry >= o->mem) {
		error("run: entry point 0x%llx is outside guest RAM (%s)",
		      (unsigned long long)o->entry, size_str(o->mem));
		return STATUS_VMM_ERROR;
	}
	if (o->mode == HVX_MODE_REAL && o->entry > REAL_MODE_MAX_ENTRY) {
		error("run: entry point 0x%llx: in real mode CS is 0, so the entry must be at most 0x%llx",
		      (unsigned long long)o->entry, REAL_MODE_MAX_ENTRY);
		return STATUS_VMM_ERROR;
	}
	return STATUS_OK;
}

/* The vCPU's registers and mode, per the layout in loader.h. */
static int setup_vcpu(struct vm *vm, const struct run_options *o)
{
	/* Real mode: SS:SP = 0:0, so the first push lands just below 64K. */
	uint64_t stack = o->mode == HVX_MODE_REAL ? 0 : BOOT_STACK_TOP;
	int r;

	if (o->mode != HVX_MODE_LONG && !accel_unrestricted(vm)) {
		error("run: %s mode needs unrestricted guest support, which this CPU or hvx.ko lacks",
		      o->mode_name);
		return -EOPNOTSUPP;
	}
	r = accel_setup_mode(vm, o->mode, o->entry, stack,
			     vm->ram + BOOT_TABLES_GPA, BOOT_TABLES_GPA);
	if (r < 0)
		error("run: setting up %s mode: %s", o->mode_name, strerror(-r));
	return r;
}

static int attach_devices(struct vm *vm)
{
	int r = debugcon_init(vm);

	if (!r)
		r = debug_exit_init(vm);
	if (r < 0)
		error("run: attaching the port devices: %s", strerror(-r));
	return r;
}

static uint64_t guest_rip(struct vm *vm)
{
	struct hvx_regs regs;

	return accel_get_regs(vm, &regs) ? 0 : regs.rip;
}

/* Report how the run ended and turn it into hvx's exit status. */
static int finish(struct vm *vm, enum run_end end, int value)
{
	switch (end) {
	case RUN_STOPPED:
		if (vm->verbose)
			error("guest wrote %d to the debug-exit port", value);
		return value;
	case RUN_HALTED:
		if (vm->verbose)
			error("guest halted at rip 0x%llx",
			      (unsigned long long)guest_rip(vm));
		return STATUS_OK;
	case RUN_SHUTDOWN:
		report_shutdown(vm);
		report_vcpu_state(vm);
		return STATUS_TRIPLE_FAULT;
	case RUN_FAIL_ENTRY:
		report_fail_entry(vm);
		report_vcpu_state(vm);
		return STATUS_ENTRY_FAILED;
	case RUN_INTERNAL_ERROR:
		report_internal_error(vm);
		report_vcpu_state(vm);
		return STATUS_INTERNAL_ERROR;
	case RUN_SIGNAL:
		error("stopped by %s at rip 0x%llx",
		      value == SIGINT ? "SIGINT" : "SIGTERM",
		      (unsigned long long)guest_rip(vm));
		return STATUS_SIGNAL_BASE + value;
	case RUN_UNEXPECTED:
		report_unexpected_exit(vm, value);
		report_vcpu_state(vm);
		return STATUS_VMM_ERROR;
	case RUN_ERROR:
		error("HVX_RUN: %s", strerror(value));
		return STATUS_VMM_ERROR;
	}
	return STATUS_VMM_ERROR;
}

int cmd_run(int argc, char **argv)
{
	struct run_options o;
	struct raw_image img;
	struct vm vm;
	enum run_end end;
	int status, value;
	bool done;

	status = parse_options(argc, argv, &o, &done);
	if (status != STATUS_OK || done)
		return status;
	if (raw_image_open(&img, o.raw))
		return STATUS_VMM_ERROR;
	if (raw_image_check(&img, o.mem, o.load_addr)) {
		raw_image_close(&img);
		return STATUS_VMM_ERROR;
	}
	if (accel_vm_create(&vm, o.accel, o.mem, o.verbose)) {
		raw_image_close(&img);
		return STATUS_VMM_ERROR;
	}
	if (raw_image_load(&img, vm.ram, o.load_addr) ||
	    setup_vcpu(&vm, &o) || attach_devices(&vm) ||
	    vcpu_catch_signals(&vm)) {
		raw_image_close(&img);
		vm_destroy(&vm);
		return STATUS_VMM_ERROR;
	}
	if (o.dump_vmcs)
		vm.run->flags_in |= HVX_RUN_FLAG_DUMP_VMCS;
	if (o.verbose)
		error("%s: %llu bytes at 0x%llx, entry 0x%llx, %s mode, %s of RAM",
		      o.raw, (unsigned long long)img.size,
		      (unsigned long long)o.load_addr,
		      (unsigned long long)o.entry, o.mode_name,
		      size_str(o.mem));

	end = vcpu_run(&vm, &value);
	status = finish(&vm, end, value);
	vm_destroy(&vm);
	return status;
}
