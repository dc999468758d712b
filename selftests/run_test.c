// SPDX-License-Identifier: GPL-2.0
/*
 * HVX_RUN itself: interrupted by signals and resumed, immediate_exit,
 * one runner per vCPU (EBUSY), many vCPUs of many VMs in threads, a VM
 * fd closed under a running vCPU, the host staying responsive while a
 * guest spins, and HVX_RUN's own bad inputs.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include "hvx_harness.h"

/*
 * Per-vCPU area at RDI: [0] progress counter the guest bumps, [8] a flag
 * the host sets to let the guest finish. The guest reports its count.
 */
#define AREA_GPA	HVXT_DATA_GPA
#define AREA(id)	(AREA_GPA + (id) * 64)

HVXT_GUEST_CODE(spin,
	".code64\n"
	"	xor %ecx, %ecx\n"
	"spin_loop:\n"
	"	inc %rcx\n"
	"	mov %rcx, (%rdi)\n"
	"	cmpq $0, 8(%rdi)\n"
	"	je spin_loop\n"
	"spin_out:\n"
	"	mov %rcx, %rax\n"
	GUEST_REPORT
	GUEST_DONE
);
HVXT_GUEST_LABEL(spin_loop);
HVXT_GUEST_LABEL(spin_out);

struct area {
	volatile uint64_t progress;
	volatile uint64_t flag;
};

static struct area *area_of(struct hvxt_vcpu *vcpu)
{
	return hvxt_gpa_ptr(vcpu->vm, AREA(vcpu->id), sizeof(struct area));
}

static struct hvxt_vcpu *spin_vcpu(struct hvxt_vm *vm, unsigned int id)
{
	struct hvxt_vcpu *vcpu = hvxt_vcpu_add(vm, id, HVXT_CODE_GPA);

	HVXT_SET_REG(vcpu, rdi, AREA(id));
	return vcpu;
}

static struct hvxt_vcpu *spin_vm(void)
{
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);

	hvxt_load(vm, HVXT_CODE_GPA, spin_start, spin_end);
	return spin_vcpu(vm, 0);
}

static bool rip_in_spin_loop(struct hvxt_vcpu *vcpu)
{
	uint64_t rip = hvxt_get_rip(vcpu);

	return rip >= HVXT_CODE_ADDR(spin_start, spin_loop) &&
	       rip <= HVXT_CODE_ADDR(spin_start, spin_out);
}

/* Wait until the guest has made progress (it is really running). */
static bool wait_progress(struct area *a, uint64_t beyond, unsigned int ms)
{
	uint64_t end = hvxt_now_ms() + ms;

	while (a->progress <= beyond) {
		if (hvxt_now_ms() > end)
			return false;
		usleep(1000);
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Signals */

struct kicker {
	pthread_t target;
	struct area *area;
	int sig;
	bool timed_out;
};

static void *kick_when_running(void *arg)
{
	struct kicker *k = arg;

	k->timed_out = !wait_progress(k->area, 0, 60000);
	pthread_kill(k->target, k->sig);
	return NULL;
}

TEST(signal_interrupts_run)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	struct area *a = area_of(vcpu);
	struct kicker k = { .target = pthread_self(), .area = a,
			    .sig = SIGUSR1 };
	uint64_t seen;
	pthread_t t;

	hvxt_catch_signal(SIGUSR1);
	ASSERT_EQ(0, pthread_create(&t, NULL, kick_when_running, &k));
	ASSERT_ERRNO(EINTR, hvxt_run_raw(vcpu));
	pthread_join(t, NULL);
	ASSERT_FALSE(k.timed_out);
	EXPECT_EQ(HVX_EXIT_INTR, vcpu->run->exit_reason);
	EXPECT_TRUE(rip_in_spin_loop(vcpu));
	seen = a->progress;
	EXPECT_GT(seen, 0);

	/* Resume: the loop goes on from where it was, then finishes. */
	ASSERT_TRUE(wait_progress(a, 0, 0));
	a->flag = 1;
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(1, vcpu->nr_reports);
	EXPECT_GE(vcpu->reports[0], seen);
	EXPECT_EQ(vcpu->reports[0], a->progress);
}

TEST(timer_signal_interrupts_run)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	struct area *a = area_of(vcpu);
	struct itimerval it = { .it_value = { .tv_usec = 200000 } };
	int i;

	/* Interrupted three times, resumed each time. */
	hvxt_catch_signal(SIGALRM);
	for (i = 0; i < 3; i++) {
		uint64_t before = a->progress;

		ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
		ASSERT_ERRNO(EINTR, hvxt_run_raw(vcpu));
		EXPECT_EQ(HVX_EXIT_INTR, vcpu->run->exit_reason);
		EXPECT_TRUE(rip_in_spin_loop(vcpu));
		EXPECT_GT(a->progress, before);
	}
	a->flag = 1;
	HVXT_RUN_UNTIL_DONE(vcpu);
	EXPECT_EQ(a->progress, vcpu->reports[0]);
}

static void *finish_later(void *arg)
{
	struct area *a = arg;

	wait_progress(a, 1000, 60000);
	a->flag = 1;
	return NULL;
}

/* A pending but blocked signal does not interrupt HVX_RUN. */
TEST(blocked_signal_does_not_interrupt)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	struct area *a = area_of(vcpu);
	sigset_t set, pending;
	pthread_t t;

	hvxt_catch_signal(SIGUSR2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	ASSERT_EQ(0, pthread_sigmask(SIG_BLOCK, &set, NULL));
	ASSERT_EQ(0, raise(SIGUSR2));
	ASSERT_EQ(0, pthread_create(&t, NULL, finish_later, a));
	HVXT_RUN_UNTIL_DONE(vcpu);
	pthread_join(t, NULL);
	EXPECT_GT(vcpu->reports[0], 1000);
	ASSERT_EQ(0, sigpending(&pending));
	EXPECT_TRUE(sigismember(&pending, SIGUSR2));
}

/* ------------------------------------------------------------------ */
/* immediate_exit */

TEST(immediate_exit)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	struct area *a = area_of(vcpu);

	HVXT_REQUIRE_CAP(vcpu->vm->sys_fd, HVX_CAP_IMMEDIATE_EXIT);
	vcpu->run->immediate_exit = 1;
	ASSERT_ERRNO(EINTR, hvxt_run_raw(vcpu));
	EXPECT_EQ(HVX_EXIT_INTR, vcpu->run->exit_reason);
	/* The guest never ran. */
	EXPECT_EQ(0, a->progress);
	EXPECT_EQ(HVXT_CODE_GPA, hvxt_get_rip(vcpu));
	/* And again: it stays set until the VMM clears it. */
	ASSERT_ERRNO(EINTR, hvxt_run_raw(vcpu));
	EXPECT_EQ(0, a->progress);

	vcpu->run->immediate_exit = 0;
	a->flag = 1;
	HVXT_RUN_UNTIL_DONE(vcpu);
	EXPECT_EQ(1, vcpu->reports[0]);
}

HVXT_GUEST_CODE(in_guest,
	".code64\n"
	"	mov $0x11223344, %eax\n"
	"	in $0x70, %al\n"
	GUEST_REPORT
	GUEST_DONE
);

/* The data of a pending IN is taken even when HVX_RUN exits at once. */
TEST(immediate_exit_completes_pending_in)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   in_guest_start,
						   in_guest_end,
						   in_guest_start);
	uint8_t *data;

	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, 0x70, 1, HVX_EXIT_IO_IN);
	*data = 0x99;
	vcpu->run->immediate_exit = 1;
	ASSERT_ERRNO(EINTR, hvxt_run_raw(vcpu));
	EXPECT_EQ(HVX_EXIT_INTR, vcpu->run->exit_reason);
	vcpu->run->immediate_exit = 0;
	/* Changing the data now must not matter: it was taken. */
	*data = 0x42;
	EXPECT_EQ(0x11223399, HVXT_RUN_UNTIL_REPORT(vcpu));
}

/* ------------------------------------------------------------------ */
/* One runner per vCPU */

struct runner {
	struct hvxt_vcpu *vcpu;
	int ret;
	volatile bool finished;
};

static void *run_thread(void *arg)
{
	struct runner *r = arg;

	r->ret = hvxt_run_raw(r->vcpu);
	r->finished = true;
	return NULL;
}

static void *run_until_done_thread(void *arg)
{
	struct runner *r = arg;

	HVXT_RUN_UNTIL_DONE(r->vcpu);
	r->finished = true;
	return NULL;
}

TEST(concurrent_run_ebusy)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	struct area *a = area_of(vcpu);
	struct runner r = { .vcpu = vcpu };
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	ASSERT_TRUE(wait_progress(a, 0, 60000));
	/* The other thread is in HVX_RUN, in the guest. */
	ASSERT_ERRNO(EBUSY, hvxt_run_raw(vcpu));
	ASSERT_ERRNO(EBUSY, hvxt_run_raw(vcpu));
	ASSERT_FALSE(r.finished);
	a->flag = 1;
	pthread_join(t, NULL);
	ASSERT_EQ(0, r.ret);
	/* The first runner's exit is the guest's report, intact. */
	HVXT_ASSERT_IO(vcpu, HVXT_PORT_REPORT, 4, HVX_EXIT_IO_OUT);
	/* Now the vCPU is free again. */
	HVXT_RUN_UNTIL_DONE(vcpu);
}

/* ------------------------------------------------------------------ */
/* Many vCPUs, many VMs, in threads */

/*
 * acc = sum over i = 1..RSI of (i * (RDI + 1)) ^ RDX, reported, and
 * stored at the per-vCPU slot RBX.
 */
HVXT_GUEST_CODE(work,
	".code64\n"
	"	xor %eax, %eax\n"
	"	mov $1, %ecx\n"
	"	lea 1(%rdi), %r8\n"
	"1:	mov %rcx, %r9\n"
	"	imul %r8, %r9\n"
	"	xor %rdx, %r9\n"
	"	add %r9, %rax\n"
	"	inc %rcx\n"
	"	cmp %rsi, %rcx\n"
	"	jbe 1b\n"
	"	mov %rax, (%rbx)\n"
	GUEST_REPORT
	GUEST_DONE
);

static uint64_t work_result(uint64_t id, uint64_t n, uint64_t x)
{
	uint64_t acc = 0, i;

	for (i = 1; i <= n; i++)
		acc += (i * (id + 1)) ^ x;
	return acc;
}

#define NR_VMS		2
#define VCPUS_PER_VM	3
#define WORK_N		20000

TEST(vms_and_vcpus_in_threads)
{
	struct hvxt_vcpu *vcpus[NR_VMS][VCPUS_PER_VM];
	struct runner runners[NR_VMS][VCPUS_PER_VM];
	pthread_t threads[NR_VMS][VCPUS_PER_VM];
	struct hvxt_vm *vms[NR_VMS];
	int v, c;

	for (v = 0; v < NR_VMS; v++) {
		vms[v] = hvxt_vm_create(HVX_MODE_LONG);
		hvxt_load(vms[v], HVXT_CODE_GPA, work_start, work_end);
		for (c = 0; c < VCPUS_PER_VM; c++) {
			struct hvx_regs r;

			/* vCPU ids need not be dense. */
			vcpus[v][c] = hvxt_vcpu_add(vms[v], c * 7, HVXT_CODE_GPA);
			hvxt_get_regs(vcpus[v][c], &r);
			r.rdi = c * 7;
			r.rsi = WORK_N;
			r.rdx = 0x1000 * (v + 1);
			r.rbx = AREA(c);
			hvxt_set_regs(vcpus[v][c], &r);
			runners[v][c] = (struct runner) { .vcpu = vcpus[v][c] };
		}
	}
	for (v = 0; v < NR_VMS; v++)
		for (c = 0; c < VCPUS_PER_VM; c++)
			ASSERT_EQ(0, pthread_create(&threads[v][c], NULL,
						    run_until_done_thread,
						    &runners[v][c]));
	for (v = 0; v < NR_VMS; v++)
		for (c = 0; c < VCPUS_PER_VM; c++)
			pthread_join(threads[v][c], NULL);
	for (v = 0; v < NR_VMS; v++) {
		for (c = 0; c < VCPUS_PER_VM; c++) {
			uint64_t want = work_result(c * 7, WORK_N, 0x1000 * (v + 1));
			uint64_t *slot = hvxt_gpa_ptr(vms[v], AREA(c), 8);

			ASSERT_TRUE(runners[v][c].finished);
			ASSERT_EQ(1, vcpus[v][c]->nr_reports);
			EXPECT_EQ(want, vcpus[v][c]->reports[0])
				TH_LOG("VM %d vCPU %d", v, c);
			EXPECT_EQ(want, *slot);
		}
	}
	for (v = 0; v < NR_VMS; v++)
		hvxt_vm_destroy(vms[v]);
}

/* ------------------------------------------------------------------ */
/* The VM fd closed while a vCPU runs */

TEST(close_vm_fd_while_vcpu_runs)
{
	long refs_before = hvxt_module_refcnt();
	struct hvxt_vcpu *vcpu = spin_vm();
	struct hvxt_vm *vm = vcpu->vm;
	struct area *a = area_of(vcpu);
	struct runner r = { .vcpu = vcpu };
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, run_until_done_thread, &r));
	ASSERT_TRUE(wait_progress(a, 0, 60000));
	ASSERT_EQ(0, close(vm->fd));
	ASSERT_EQ(0, close(vm->sys_fd));
	vm->fd = vm->sys_fd = -1;
	/* The vCPU keeps its VM: guest memory still works. */
	ASSERT_TRUE(wait_progress(a, a->progress, 60000));
	a->flag = 1;
	pthread_join(t, NULL);
	ASSERT_TRUE(r.finished);
	EXPECT_EQ(a->progress, vcpu->reports[0]);

	/* The vCPU can still be driven without its VM fd. */
	hvxt_set_rip(vcpu, HVXT_CODE_ADDR(spin_start, spin_loop));
	HVXT_RUN_UNTIL_DONE(vcpu);

	/* Last fd gone: everything goes, the module's count included. */
	hvxt_vcpu_destroy(vcpu);
	if (refs_before >= 0)
		EXPECT_EQ(refs_before, hvxt_module_refcnt());
}

/* ------------------------------------------------------------------ */
/* The host keeps running while a guest spins */

static uint64_t host_work(void)
{
	volatile uint64_t x = 0;
	uint64_t i;

	for (i = 0; i < 3000000; i++)
		x += i * i;
	for (i = 0; i < 200; i++)
		getppid();
	return x;
}

TEST(host_work_while_guest_spins)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	struct area *a = area_of(vcpu);
	struct runner r = { .vcpu = vcpu };
	uint64_t t0, alone, shared, deadline;
	pthread_t t;

	t0 = hvxt_now_ms();
	host_work();
	alone = hvxt_now_ms() - t0;

	hvxt_catch_signal(SIGUSR1);
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	ASSERT_TRUE(wait_progress(a, 0, 60000));
	t0 = hvxt_now_ms();
	host_work();
	shared = hvxt_now_ms() - t0;
	hvxt_log("host work: %llu ms alone, %llu ms beside a spinning guest (%d CPUs)",
		 (unsigned long long)alone, (unsigned long long)shared,
		 hvxt_nr_cpus());
	/* The guest was still spinning all along. */
	EXPECT_FALSE(r.finished);
	/* Generous: a CPU given to the guest for good would never finish. */
	EXPECT_LT(shared, 8 * alone + 10000);

	/* A signal then ends the guest's HVX_RUN. */
	pthread_kill(t, SIGUSR1);
	deadline = hvxt_now_ms() + 30000;
	while (!r.finished && hvxt_now_ms() < deadline)
		usleep(1000);
	ASSERT_TRUE(r.finished);
	pthread_join(t, NULL);
	ASSERT_ERRNO(EINTR, r.ret);
	EXPECT_EQ(HVX_EXIT_INTR, vcpu->run->exit_reason);
}

/* ------------------------------------------------------------------ */
/* Bad inputs to HVX_RUN */

TEST(run_arg_must_be_zero)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	struct area *a = area_of(vcpu);

	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(vcpu->fd, HVX_RUN, 1));
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(vcpu->fd, HVX_RUN, ~0UL));
	EXPECT_EQ(0, a->progress);
	EXPECT_EQ(HVXT_CODE_GPA, hvxt_get_rip(vcpu));
	a->flag = 1;
	HVXT_RUN_UNTIL_DONE(vcpu);
}

TEST(run_unknown_flags)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	struct area *a = area_of(vcpu);

	vcpu->run->flags_in = 1U << 1;
	ASSERT_ERRNO(EINVAL, hvxt_run_raw(vcpu));
	vcpu->run->flags_in = 1U << 31;
	ASSERT_ERRNO(EINVAL, hvxt_run_raw(vcpu));
	vcpu->run->flags_in = HVX_RUN_FLAG_DUMP_VMCS | (1U << 7);
	ASSERT_ERRNO(EINVAL, hvxt_run_raw(vcpu));
	EXPECT_EQ(0, a->progress);
	EXPECT_EQ(HVXT_CODE_GPA, hvxt_get_rip(vcpu));
	/* A known flag is accepted. */
	vcpu->run->flags_in = HVX_RUN_FLAG_DUMP_VMCS;
	a->flag = 1;
	HVXT_RUN_UNTIL_DONE(vcpu);
}

TEST(run_page_mmap)
{
	struct hvxt_vcpu *vcpu = spin_vm();
	void *p;

	/* One page at offset 0 only. */
	p = mmap(NULL, 2 * HVX_RUN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 vcpu->fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	p = mmap(NULL, HVX_RUN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 vcpu->fd, HVX_RUN_SIZE);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	/* A second mapping shares the page with the first. */
	p = mmap(NULL, HVX_RUN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 vcpu->fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	area_of(vcpu)->flag = 1;
	HVXT_RUN_UNTIL_REPORT(vcpu);
	EXPECT_EQ(HVX_EXIT_IO, ((struct hvx_run *)p)->exit_reason);
	EXPECT_EQ(HVXT_PORT_REPORT, ((struct hvx_run *)p)->io.port);
	munmap(p, HVX_RUN_SIZE);
}

TEST_HARNESS_MAIN
