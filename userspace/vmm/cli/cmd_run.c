// SPDX-License-Identifier: GPL-2.0
/*
 * hvx run: build a VM with one vCPU, then either boot a Linux kernel on
 * a PC with a console and disks (pc.c, linux.c), or load a flat
 * binary in the mode asked for with two test ports; run until the guest
 * powers off, resets, halts for good, dies or a signal comes.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "cmd.h"
#include "evloop.h"
#include "irqchip.h"
#include "linux.h"
#include "pc.h"
#include "raw.h"
#include "util.h"
#include "vcpu.h"
#include "vcpu_report.h"
#include "vm.h"

#define DEFAULT_MEM	(64ULL << 20)
#define DEFAULT_LINUX_MEM (256ULL << 20)
#define MIN_MEM		BOOT_AREA_END	/* room for the boot area */
#define MIN_LINUX_MEM	(2ULL << 20)	/* more than the low megabyte */
#define MAX_MEM		(4ULL << 30)	/* what the page tables map */
#define PAGE_SIZE	4096ULL
#define REAL_MODE_MAX_ENTRY 0xffffULL	/* CS is 0: IP must reach it */
/* Always on a Linux guest's command line, before --cmdline's words. */
#define LINUX_BASE_CMDLINE "console=ttyS0 reboot=k panic=-1 pci=off"

struct run_options {
	const char *raw;
	enum hvx_guest_mode mode;
	const char *mode_name;
	uint64_t load_addr;
	uint64_t entry;
	bool have_entry;
	bool have_raw_options;
	const char *kernel;
	const char *initrd;
	const char *cmdline;
	const char *disks[PC_MAX_DISKS];
	int nr_disks;
	uint64_t mem;
	bool have_mem;
	bool dump_vmcs;
	bool verbose;
	const struct accel_ops *accel;
	unsigned int nr_cpus;
};

static void run_usage(const struct command *cmd, FILE *f)
{
	char linux_mem[32];

	(void)cmd;
	/* size_str() has one buffer: keep the first answer. */
	snprintf(linux_mem, sizeof(linux_mem), "%s",
		 size_str(DEFAULT_LINUX_MEM));
	fprintf(f,
"usage: hvx run --kernel FILE [--initrd FILE] [--cmdline TEXT]\n"
"               [--disk FILE[,ro]]... [--mem SIZE] [--cpus 1]\n"
"               [--accel hvx|kvm] [--dump-vmcs] [--verbose]\n"
"       hvx run --raw FILE [--mode real|protected|long] [--load-addr ADDR]\n"
"               [--entry ADDR] [--mem SIZE] [--accel hvx|kvm]\n"
"               [--dump-vmcs] [--verbose]\n"
"\n"
"Boot a Linux kernel, or run a flat binary, on one vCPU, until the guest\n"
"powers off, resets, halts for good, dies, or hvx gets SIGINT or SIGTERM.\n"
"\n"
"Linux guests:\n"
"  --kernel FILE      a bzImage (64-bit boot protocol) or an uncompressed\n"
"                     vmlinux with a PVH entry point\n"
"  --initrd FILE      an initramfs for it\n"
"  --cmdline TEXT     kernel parameters, after \"%s\"\n"
"  --disk FILE[,ro]   a virtio-mmio disk backed by FILE, read-only with\n"
"                     ,ro; up to %d, /dev/vda first\n"
"  --cpus N           vCPUs: 1 (hvx run has no SMP yet)\n"
"  the console is COM1 on stdin/stdout; on a terminal, Ctrl-A x quits\n"
"  and Ctrl-A h lists the other keys\n"
"\n"
"Flat binaries:\n"
"  --raw FILE         the flat binary to run\n"
"  --mode MODE        real (default): 16-bit, CS=DS=ES=SS=0\n"
"                     protected: flat 32-bit, no paging\n"
"                     long: 64-bit, first 4 GiB identity-mapped\n"
"  --load-addr ADDR   where the file goes (default 0x%llx)\n"
"  --entry ADDR       where the vCPU starts (default: the load address;\n"
"                     at most 0x%llx in real mode)\n"
"  guest memory 0x8000-0xffff is hvx's boot area (GDT and page tables at\n"
"  0x%llx, stack pointer at 0x%llx); the image must not overlap it\n"
"\n"
"Both:\n"
"  --mem SIZE         guest RAM from address 0: 65536, 64K, 512M, 1G...\n"
"                     a multiple of 4K; Linux: default %s, at most 3.25G;\n"
"                     flat binaries: default %s, 64K to 4G\n"
"  --accel ACCEL      the hypervisor: hvx (default, /dev/hvx) or kvm\n"
"                     (/dev/kvm: the same guest, devices and statuses)\n"
"  --dump-vmcs        if VM entry fails, hvx.ko dumps the VMCS to dmesg\n"
"                     (hvx only)\n"
"  -v, --verbose      log the layout, unhandled port I/O and MMIO, and\n"
"                     how the run ended\n"
"  -h, --help         this text\n"
"\n"
"ports: 0x%02x  debug console (flat binaries): OUT writes a byte to stdout\n"
"       0x%02x  debug exit: OUT ends the run, hvx exits with the value\n"
"       other ports, and addresses with no device, read as all ones;\n"
"       writes to them are ignored\n"
"\n"
"exit status:\n"
"  0        the guest powered off, halted for good (HLT with interrupts\n"
"           off, or any HLT of a flat binary), or wrote 0 to port 0xf4\n"
"  1-%-5d  the value the guest wrote to the debug-exit port\n"
"  %d      the guest reset (reboot, or a Linux panic)\n"
"  %d      hvx failed: bad usage, bad file, /dev/hvx unusable...\n"
"  %d      the guest triple faulted\n"
"  %d      VM entry failed\n"
"  %d      internal error: hvx.ko could not handle a VM exit\n"
"  130/143  stopped by SIGINT/SIGTERM, or 130 for Ctrl-A x\n",
		LINUX_BASE_CMDLINE, PC_MAX_DISKS, DEFAULT_LOAD_ADDR,
		REAL_MODE_MAX_ENTRY, BOOT_TABLES_GPA, BOOT_STACK_TOP,
		linux_mem, size_str(DEFAULT_MEM),
		DEBUGCON_PORT, DEBUG_EXIT_PORT, STATUS_GUEST_MAX,
		STATUS_REBOOT, STATUS_VMM_ERROR, STATUS_TRIPLE_FAULT,
		STATUS_ENTRY_FAILED, STATUS_INTERNAL_ERROR);
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
	return 0;
}

/* The bounds depend on the guest kind, known once all options are in. */
static int check_mem(const struct run_options *o)
{
	uint64_t min = o->kernel ? MIN_LINUX_MEM : MIN_MEM;
	uint64_t max = o->kernel ? LINUX_MAX_RAM : MAX_MEM;
	char limit[32];

	if (o->mem >= min && o->mem <= max)
		return 0;
	snprintf(limit, sizeof(limit), "%s", size_str(o->mem < min ? min : max));
	error("run: --mem %s: too %s, %s %s%s", size_str(o->mem),
	      o->mem < min ? "small" : "large",
	      o->mem < min ? "hvx needs at least" : "at most", limit,
	      o->kernel && o->mem > max ? " for a Linux guest (RAM ends where the devices begin)" : "");
	return -EINVAL;
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

static int parse_cpus(const char *s, unsigned int *nr_cpus)
{
	uint64_t n;

	if (parse_u64(s, &n) || !n) {
		error("run: --cpus %s: not a number of vCPUs", s);
		return -EINVAL;
	}
	if (n > 1) {
		error("run: --cpus %s: hvx run has one vCPU per VM for now (no SMP yet)",
		      s);
		return -EOPNOTSUPP;
	}
	*nr_cpus = n;
	return 0;
}

static int add_disk(struct run_options *o, const char *spec)
{
	if (o->nr_disks == PC_MAX_DISKS) {
		error("run: --disk %s: at most %d disks", spec, PC_MAX_DISKS);
		return -E2BIG;
	}
	o->disks[o->nr_disks++] = spec;
	return 0;
}

/* Does the combination make sense? Then fill in the defaults. */
static int check_options(struct run_options *o)
{
	if (!o->raw && !o->kernel) {
		error("run: no guest: give --kernel FILE or --raw FILE (see 'hvx run --help')");
		return -EINVAL;
	}
	if (o->raw && o->kernel) {
		error("run: --raw and --kernel: one guest at a time");
		return -EINVAL;
	}
	if (o->raw && (o->initrd || o->cmdline || o->nr_disks)) {
		error("run: --initrd, --cmdline and --disk are for Linux guests (--kernel), not --raw");
		return -EINVAL;
	}
	if (o->kernel && o->have_raw_options) {
		error("run: --mode, --load-addr and --entry are for --raw, not --kernel");
		return -EINVAL;
	}
	if (o->dump_vmcs && o->accel != accel_find("hvx")) {
		error("run: --dump-vmcs works with --accel hvx only");
		return -EINVAL;
	}
	if (!o->have_mem)
		o->mem = o->kernel ? DEFAULT_LINUX_MEM : DEFAULT_MEM;
	if (check_mem(o))
		return -EINVAL;
	if (o->kernel)
		return 0;
	if (!o->have_entry)
		o->entry = o->load_addr;
	if (o->entry >= o->mem) {
		error("run: entry point 0x%llx is outside guest RAM (%s)",
		      (unsigned long long)o->entry, size_str(o->mem));
		return -EINVAL;
	}
	if (o->mode == HVX_MODE_REAL && o->entry > REAL_MODE_MAX_ENTRY) {
		error("run: entry point 0x%llx: in real mode CS is 0, so the entry must be at most 0x%llx",
		      (unsigned long long)o->entry, REAL_MODE_MAX_ENTRY);
		return -EINVAL;
	}
	return 0;
}

/* One option; 0 or -errno (the message is out). */
static int parse_option(void *ctx, int c, const char *arg)
{
	struct run_options *o = ctx;

	switch (c) {
	case 'r':
		o->raw = arg;
		return 0;
	case 'k':
		o->kernel = arg;
		return 0;
	case 'i':
		o->initrd = arg;
		return 0;
	case 'c':
		o->cmdline = arg;
		return 0;
	case 'd':
		return add_disk(o, arg);
	case 'C':
		return parse_cpus(arg, &o->nr_cpus);
	case 'M':
		o->have_raw_options = true;
		if (hvx_mode_from_name(arg, &o->mode)) {
			error("run: --mode %s: not a mode (real, protected or long)",
			      arg);
			return -EINVAL;
		}
		o->mode_name = arg;
		return 0;
	case 'l':
		o->have_raw_options = true;
		return parse_addr("--load-addr", arg, &o->load_addr);
	case 'e':
		o->have_raw_options = o->have_entry = true;
		return parse_addr("--entry", arg, &o->entry);
	case 'm':
		o->have_mem = true;
		return parse_mem(arg, &o->mem);
	case 'D':
		o->dump_vmcs = true;
		return 0;
	case 'a':
		o->accel = accel_find(arg);
		if (o->accel)
			return 0;
		error("run: --accel %s: not an accelerator (hvx or kvm)", arg);
		return -EINVAL;
	case 'v':
		o->verbose = true;
		return 0;
	}
	return -EINVAL;
}

/* Returns CMD_GO, or the status to exit with (help, errors). */
static int parse_options(int argc, char **argv, struct run_options *o)
{
	static const struct option options[] = {
		{ "raw", required_argument, NULL, 'r' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "disk", required_argument, NULL, 'd' },
		{ "cpus", required_argument, NULL, 'C' },
		{ "mode", required_argument, NULL, 'M' },
		{ "load-addr", required_argument, NULL, 'l' },
		{ "entry", required_argument, NULL, 'e' },
		{ "mem", required_argument, NULL, 'm' },
		{ "dump-vmcs", no_argument, NULL, 'D' },
		{ "accel", required_argument, NULL, 'a' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cmd_syntax syntax = {
		.options = options, .shortopts = "v", .option = parse_option,
	};
	int status;

	*o = (struct run_options) {
		.mode = HVX_MODE_REAL, .mode_name = "real",
		.load_addr = DEFAULT_LOAD_ADDR, .accel = accel_find("hvx"),
		.nr_cpus = 1,
	};
	status = cmd_parse(&run_command, &syntax, argc, argv, o);
	if (status == CMD_GO && check_options(o))
		return STATUS_VMM_ERROR;
	return status;
}

/* The vCPU's registers and mode, per the layout in raw.h. */
static int setup_raw_vcpu(struct vm *vm, const struct run_options *o)
{
	/* Real mode: SS:SP = 0:0, so the first push lands just below 64K. */
	uint64_t stack = o->mode == HVX_MODE_REAL ? 0 : BOOT_STACK_TOP;
	int r;

	if (o->mode != HVX_MODE_LONG && !accel_unrestricted(&vm->accel)) {
		error("run: %s mode needs unrestricted guest support, which this CPU or %s lacks",
		      o->mode_name, accel_kernel(&vm->accel));
		return -EOPNOTSUPP;
	}
	r = accel_vcpu_setup_mode(&vm->vcpus[0].accel, o->mode, o->entry,
				  stack, vm->ram + BOOT_TABLES_GPA,
				  BOOT_TABLES_GPA);
	if (r < 0)
		error("run: setting up %s mode: %s", o->mode_name, strerror(-r));
	return r;
}

static uint64_t guest_rip(struct vcpu *vcpu)
{
	struct hvx_regs regs;

	return accel_vcpu_get_regs(&vcpu->accel, &regs) ? 0 : regs.rip;
}

/* A vCPU ended the run on its own: say why, and how hvx exits. */
static int finish_vcpu(struct vcpu *vcpu)
{
	switch (vcpu->end) {
	case RUN_STOPPED:
		break;
	case RUN_HALTED:
		if (vcpu->vm->verbose)
			error("guest halted%s at rip 0x%llx",
			      irqchip_present(vcpu->vm) ?
			      " with interrupts off" : "",
			      (unsigned long long)guest_rip(vcpu));
		return STATUS_OK;
	case RUN_SHUTDOWN:
		vcpu_report_shutdown(vcpu);
		vcpu_report_state(vcpu);
		return STATUS_TRIPLE_FAULT;
	case RUN_FAIL_ENTRY:
		vcpu_report_fail_entry(vcpu);
		vcpu_report_state(vcpu);
		return STATUS_ENTRY_FAILED;
	case RUN_INTERNAL_ERROR:
		vcpu_report_internal_error(vcpu);
		vcpu_report_state(vcpu);
		return STATUS_INTERNAL_ERROR;
	case RUN_UNEXPECTED:
		vcpu_report_unexpected_exit(vcpu, vcpu->end_value);
		vcpu_report_state(vcpu);
		return STATUS_VMM_ERROR;
	case RUN_ERROR:
		error("running vCPU %u on %s: %s", vcpu->id,
		      accel_kernel(&vcpu->vm->accel), strerror(vcpu->end_value));
		return STATUS_VMM_ERROR;
	}
	return STATUS_VMM_ERROR;
}

/* Report how the run ended and turn it into hvx's exit status. */
static int finish(struct vm *vm, enum vm_stop why)
{
	struct vcpu *boot = &vm->vcpus[0];

	switch (why) {
	case VM_STOP_EXIT_PORT:
		if (vm->verbose)
			error("guest wrote %d to the debug-exit port",
			      vm->stop_status);
		return vm->stop_status;
	case VM_STOP_POWEROFF:
		if (vm->verbose)
			error("guest powered off");
		return STATUS_OK;
	case VM_STOP_RESET:
		error("guest reset (rebooted) at rip 0x%llx",
		      (unsigned long long)guest_rip(boot));
		return STATUS_REBOOT;
	case VM_STOP_QUIT:
		error("quit from the console (Ctrl-A x)");
		return STATUS_SIGNAL_BASE + SIGINT;
	case VM_STOP_SIGNAL:
		error("stopped by %s at rip 0x%llx",
		      vm->stop_status == SIGINT ? "SIGINT" : "SIGTERM",
		      (unsigned long long)guest_rip(boot));
		return STATUS_SIGNAL_BASE + vm->stop_status;
	case VM_STOP_VCPU:
		return finish_vcpu(&vm->vcpus[vm->stop_status]);
	case VM_RUNNING:
		break;
	}
	return STATUS_VMM_ERROR;
}

/* The flat binary, checked before the VM exists, then loaded into it. */
static int prepare_raw(struct vm *vm, const struct run_options *o,
		       struct raw_image *img)
{
	int r = raw_image_load(img, vm->ram, o->load_addr);

	if (!r)
		r = setup_raw_vcpu(vm, o);
	if (!r)
		r = pc_init_test_ports(vm);
	if (!r && o->verbose)
		error("%s: %llu bytes at 0x%llx, entry 0x%llx, %s mode, %s of RAM",
		      o->raw, (unsigned long long)img->size,
		      (unsigned long long)o->load_addr,
		      (unsigned long long)o->entry, o->mode_name,
		      size_str(o->mem));
	return r;
}

static int prepare_linux(struct vm *vm, const struct run_options *o,
			 const struct linux_files *files)
{
	char cmdline[LINUX_CMDLINE_MAX];
	uint64_t rsdp;
	int n, r;

	n = snprintf(cmdline, sizeof(cmdline), "%s%s%s", LINUX_BASE_CMDLINE,
		     o->cmdline ? " " : "", o->cmdline ? o->cmdline : "");
	if (n >= (int)sizeof(cmdline)) {
		error("run: --cmdline: too long, at most %zu characters",
		      sizeof(cmdline) - sizeof(LINUX_BASE_CMDLINE) - 1);
		return -E2BIG;
	}
	r = pc_init(vm, o->disks, o->nr_disks, &rsdp);
	if (!r)
		r = linux_load(vm, files, cmdline, rsdp);
	if (r)
		return r;
	r = evloop_start(vm);
	if (r)
		error("run: cannot start the event loop: %s", strerror(-r));
	return r;
}

/* Everything that must be right before a VM is made: files, mostly. */
static int open_guest(const struct run_options *o, struct raw_image *img,
		      struct linux_files *files)
{
	if (o->kernel)
		return linux_files_read(files, o->kernel, o->initrd);
	if (raw_image_open(img, o->raw))
		return -EINVAL;
	if (raw_image_check(img, o->mem, o->load_addr)) {
		raw_image_close(img);
		return -EINVAL;
	}
	return 0;
}

static void close_guest(const struct run_options *o, struct raw_image *img,
			struct linux_files *files)
{
	if (o->kernel)
		linux_files_free(files);
	else
		raw_image_close(img);
}

static int run_run(const struct command *cmd, int argc, char **argv)
{
	struct linux_files files;
	struct run_options o;
	struct raw_image img;
	unsigned int i;
	struct vm vm;
	int status, r;

	(void)cmd;
	status = parse_options(argc, argv, &o);
	if (status != CMD_GO)
		return status;
	if (open_guest(&o, &img, &files))
		return STATUS_VMM_ERROR;
	if (vm_create(&vm, o.accel, o.mem, o.nr_cpus, o.verbose)) {
		close_guest(&o, &img, &files);
		return STATUS_VMM_ERROR;
	}
	r = o.kernel ? prepare_linux(&vm, &o, &files) :
		       prepare_raw(&vm, &o, &img);
	close_guest(&o, &img, &files);
	if (r) {
		vm_destroy(&vm);
		return STATUS_VMM_ERROR;
	}
	for (i = 0; o.dump_vmcs && i < vm.nr_vcpus; i++)
		vm.vcpus[i].accel.run->flags_in |= HVX_RUN_FLAG_DUMP_VMCS;

	status = finish(&vm, vm_run(&vm));
	vm_destroy(&vm);
	return status;
}

const struct command run_command = {
	.name = "run",
	.summary = "run a guest on one vCPU",
	.run = run_run,
	.usage = run_usage,
	.usage_status = STATUS_VMM_ERROR,
};
