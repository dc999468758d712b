// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency: threads opening /dev/hvx, creating VMs and vCPUs, running
 * them and closing everything in every order at once; fds closed under
 * ioctls in flight; memory slots and host mappings changing under a
 * running guest. Nothing may fail that should not, and once all is
 * closed the module's use count is back where it was (so it can be
 * unloaded: module_test.sh, which runs later, does that).
 */
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include "hvx_harness.h"

#define NR_THREADS	4

/* mov $0x42, %al; out %al, $0x80; hlt, in real mode. */
HVXT_GUEST_CODE(tiny,
	".code16\n"
	"	mov $0x42, %al\n"
	"	out %al, $0x80\n"
	"	hlt\n"
);

/* Error counts, reported by the threads. */
struct churn {
	int id;
	int iterations;
	int errors;
	char first_error[160];
};

static void churn_error(struct churn *c, const char *what, int err)
{
	if (!c->errors++)
		snprintf(c->first_error, sizeof(c->first_error),
			 "thread %d: %s: %s", c->id, what,
			 hvxt_errno_name(-err));
}

/* One full life: open, VM, memory, vCPUs, run, close in a given order. */
static void one_life(struct churn *c, int i)
{
	int sys_fd, vm_fd, vcpu_fd[2] = { -1, -1 }, r, k;
	struct hvx_run *run[2] = { NULL, NULL };
	uint8_t *mem;

	sys_fd = hvx_open();
	if (sys_fd < 0)
		return churn_error(c, "open", sys_fd);
	vm_fd = hvx_create_vm(sys_fd);
	if (vm_fd < 0) {
		close(sys_fd);
		return churn_error(c, "HVX_CREATE_VM", vm_fd);
	}
	/* Sometimes the system fd goes first. */
	if (i % 3 == 0)
		close(sys_fd);
	mem = hvx_alloc_guest_memory(0x10000);
	if (!mem) {
		churn_error(c, "mmap", -ENOMEM);
		goto out;
	}
	memcpy(mem + 0x1000, tiny_start, tiny_end - tiny_start);
	r = hvx_set_memory(vm_fd, 0, 0, 0, 0x10000, mem);
	if (r) {
		churn_error(c, "HVX_SET_USER_MEMORY_REGION", r);
		goto out;
	}
	for (k = 0; k < 2; k++) {
		vcpu_fd[k] = hvx_create_vcpu(vm_fd, k);
		if (vcpu_fd[k] < 0) {
			churn_error(c, "HVX_CREATE_VCPU", vcpu_fd[k]);
			goto out;
		}
		run[k] = hvx_map_run(vcpu_fd[k]);
		if (!run[k]) {
			churn_error(c, "mmap run", -errno);
			goto out;
		}
	}
	/* Run one of them, on odd iterations. */
	if (i & 1) {
		r = hvx_setup_mode(vcpu_fd[0], HVX_MODE_REAL, 0x1000, 0x8000,
				   NULL, 0);
		if (!r)
			r = hvx_run(vcpu_fd[0]);
		if (r)
			churn_error(c, "HVX_RUN", r);
		else if (run[0]->exit_reason != HVX_EXIT_IO ||
			 run[0]->io.port != 0x80)
			churn_error(c, "unexpected exit", -EIO);
	}
out:
	/* Close in an order that depends on the iteration. */
	if (i % 2 == 0 && vm_fd >= 0) {
		close(vm_fd);
		vm_fd = -1;
	}
	for (k = 0; k < 2; k++) {
		int j = (i % 4 < 2) ? k : 1 - k;

		if (run[j])
			hvx_unmap_run(run[j]);
		if (vcpu_fd[j] >= 0)
			close(vcpu_fd[j]);
	}
	if (vm_fd >= 0)
		close(vm_fd);
	if (i % 3 != 0)
		close(sys_fd);
	if (mem)
		hvx_free_guest_memory(mem, 0x10000);
}

static void *churn_thread(void *arg)
{
	struct churn *c = arg;
	int i;

	for (i = 0; i < c->iterations; i++)
		one_life(c, i + c->id);
	return NULL;
}

TEST(open_create_close_threads)
{
	long refs = hvxt_module_refcnt();
	struct churn c[NR_THREADS];
	pthread_t t[NR_THREADS];
	uint64_t t0 = hvxt_now_ms();
	int i;

	for (i = 0; i < NR_THREADS; i++) {
		c[i] = (struct churn) { .id = i, .iterations = 250 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, churn_thread, &c[i]));
	}
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	hvxt_log("%d lives in %llu ms", NR_THREADS * c[0].iterations,
		 (unsigned long long)(hvxt_now_ms() - t0));
	for (i = 0; i < NR_THREADS; i++) {
		if (c[i].errors)
			hvxt_log("%d errors, first: %s", c[i].errors,
				 c[i].first_error);
		EXPECT_EQ(0, c[i].errors);
	}
	if (refs >= 0)
		EXPECT_EQ(refs, hvxt_module_refcnt());
}
HVXT_TIMEOUT(open_create_close_threads, 600)

/* ------------------------------------------------------------------ */
/* Fds closed under ioctls in flight */

struct creator {
	int vm_fd;
	volatile bool stop;
	int created, ebadf, other;
	int fds[256];
	int nr_fds;
};

static void *create_vcpus(void *arg)
{
	struct creator *cr = arg;
	unsigned int id = 0;

	while (!cr->stop) {
		int fd = hvx_create_vcpu(cr->vm_fd, id++ % 200);

		if (fd >= 0) {
			cr->created++;
			if (cr->nr_fds < 256)
				cr->fds[cr->nr_fds++] = fd;
			else
				close(fd);
			/* Keep the count below the limit. */
			if (cr->nr_fds % 8 == 0) {
				while (cr->nr_fds > 0)
					close(cr->fds[--cr->nr_fds]);
			}
		} else if (fd == -EBADF) {
			cr->ebadf++;
			break;
		} else if (fd != -EEXIST && fd != -ENOSPC) {
			cr->other++;
		}
	}
	return NULL;
}

TEST(close_vm_fd_during_vcpu_creation)
{
	long refs = hvxt_module_refcnt();
	int round;

	for (round = 0; round < 20; round++) {
		int sys_fd = hvxt_open_sys();
		struct creator cr = { .vm_fd = hvx_create_vm(sys_fd) };
		pthread_t t;

		ASSERT_LE(0, cr.vm_fd);
		ASSERT_EQ(0, pthread_create(&t, NULL, create_vcpus, &cr));
		usleep(1000 * (round % 5));
		close(cr.vm_fd);
		cr.stop = true;
		pthread_join(t, NULL);
		EXPECT_EQ(0, cr.other);
		while (cr.nr_fds > 0)
			close(cr.fds[--cr.nr_fds]);
		close(sys_fd);
	}
	if (refs >= 0)
		EXPECT_EQ(refs, hvxt_module_refcnt());
}
HVXT_TIMEOUT(close_vm_fd_during_vcpu_creation, 300)

struct closer {
	int fd;
	pthread_barrier_t *go;
};

static void *close_at_barrier(void *arg)
{
	struct closer *c = arg;

	pthread_barrier_wait(c->go);
	close(c->fd);
	return NULL;
}

TEST(close_vm_and_vcpu_at_once)
{
	long refs = hvxt_module_refcnt();
	int sys_fd = hvxt_open_sys();
	pthread_barrier_t go;
	int i;

	for (i = 0; i < 100; i++) {
		int vm_fd = hvx_create_vm(sys_fd);
		int vcpu_fd;
		struct closer a, b;
		pthread_t ta, tb;

		ASSERT_LE(0, vm_fd);
		vcpu_fd = hvx_create_vcpu(vm_fd, 0);
		ASSERT_LE(0, vcpu_fd);
		pthread_barrier_init(&go, NULL, 2);
		a = (struct closer) { .fd = vm_fd, .go = &go };
		b = (struct closer) { .fd = vcpu_fd, .go = &go };
		ASSERT_EQ(0, pthread_create(&ta, NULL, close_at_barrier, &a));
		ASSERT_EQ(0, pthread_create(&tb, NULL, close_at_barrier, &b));
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&go);
	}
	close(sys_fd);
	if (refs >= 0)
		EXPECT_EQ(refs, hvxt_module_refcnt());
}
HVXT_TIMEOUT(close_vm_and_vcpu_at_once, 300)

/* VMs coming and going (VMXON and VMXOFF) beside one that runs. */
struct toggler {
	volatile bool stop;
	int errors;
	int cycles;
};

static void *toggle_vms(void *arg)
{
	struct toggler *tg = arg;

	while (!tg->stop) {
		int sys_fd = hvx_open();
		int vm_fd = sys_fd >= 0 ? hvx_create_vm(sys_fd) : sys_fd;

		if (vm_fd < 0)
			tg->errors++;
		else
			close(vm_fd);
		if (sys_fd >= 0)
			close(sys_fd);
		tg->cycles++;
	}
	return NULL;
}

HVXT_GUEST_CODE(counter,
	".code64\n"
	"1:	incq " HVXT_XSTR(HVXT_DATA_GPA) "\n"
	"	cmpq $20000, " HVXT_XSTR(HVXT_DATA_GPA) "\n"
	"	jb 1b\n"
	"	mov " HVXT_XSTR(HVXT_DATA_GPA) ", %rax\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(vms_come_and_go_beside_a_running_guest)
{
	struct toggler tg = { 0 };
	pthread_t t[2];
	int i, round;

	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, toggle_vms, &tg));
	for (round = 0; round < 10; round++) {
		struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
							   counter_start,
							   counter_end,
							   counter_start);

		HVXT_RUN_UNTIL_DONE(vcpu);
		EXPECT_EQ(20000, vcpu->reports[0]);
		hvxt_vm_destroy(vcpu->vm);
	}
	tg.stop = true;
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	hvxt_log("%d VMs created and closed meanwhile", tg.cycles);
	EXPECT_EQ(0, tg.errors);
}
HVXT_TIMEOUT(vms_come_and_go_beside_a_running_guest, 300)

/* ------------------------------------------------------------------ */
/* Memory changing under a running guest */

#define WINDOW_GPA	0x400000UL
#define WINDOW_PAGES	16

/*
 * Sum the first qword of each page of the window, forever, reporting
 * each sum through memory (no exits), and count rounds.
 */
HVXT_GUEST_CODE(scan,
	".code64\n"
	"1:	xor %eax, %eax\n"
	"	mov $" HVXT_XSTR(WINDOW_GPA) ", %rsi\n"
	"	mov $" HVXT_XSTR(WINDOW_PAGES) ", %ecx\n"
	"2:	add (%rsi), %rax\n"
	"	movq $1, 8(%rsi)\n"
	"	add $4096, %rsi\n"
	"	loop 2b\n"
	"	mov %rax, " HVXT_XSTR(HVXT_DATA_GPA) " + 8\n"
	"	incq " HVXT_XSTR(HVXT_DATA_GPA) "\n"
	"	jmp 1b\n"
);

struct mutator {
	struct hvxt_vm *vm;
	uint8_t *mem;
	volatile bool stop;
	int rounds;
};

/* Move, delete, re-create the slot; discard and remap its pages. */
static void *mutate(void *arg)
{
	struct mutator *m = arg;
	size_t len = WINDOW_PAGES * 4096;

	while (!m->stop) {
		int k = m->rounds++ % 4;

		switch (k) {
		case 0:
			hvx_set_memory(m->vm->fd, 1, 0, WINDOW_GPA + len, len,
				       m->mem);
			break;
		case 1:
			hvx_set_memory(m->vm->fd, 1, 0, WINDOW_GPA, len, m->mem);
			madvise(m->mem, len, MADV_DONTNEED);
			break;
		case 2:
			hvx_set_memory(m->vm->fd, 1, 0, 0, 0, NULL);
			mmap(m->mem, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			break;
		case 3:
			hvx_set_memory(m->vm->fd, 1, 0, WINDOW_GPA, len, m->mem);
			break;
		}
		usleep(500);
	}
	return NULL;
}

TEST(memory_changes_under_running_guest)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, scan_start,
						   scan_end, scan_start);
	struct mutator m = { .vm = vcpu->vm };
	volatile uint64_t *rounds = hvxt_gpa_ptr(vcpu->vm, HVXT_DATA_GPA, 16);
	uint64_t end = hvxt_now_ms() + 5000;
	int unbacked = 0, runs = 0;
	sigset_t alrm;
	pthread_t t;

	m.mem = hvxt_alloc(WINDOW_PAGES * 4096);
	hvxt_set_memory(vcpu->vm, 1, 0, WINDOW_GPA, WINDOW_PAGES * 4096,
			m.mem);
	/* The timer's SIGALRM must come to this thread, not the mutator. */
	hvxt_catch_signal(SIGALRM);
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	ASSERT_EQ(0, pthread_sigmask(SIG_BLOCK, &alrm, NULL));
	ASSERT_EQ(0, pthread_create(&t, NULL, mutate, &m));
	ASSERT_EQ(0, pthread_sigmask(SIG_UNBLOCK, &alrm, NULL));
	/*
	 * The guest runs until a signal (sent by the timer below) or until
	 * it touches the window while the slot is away; then it is resumed.
	 */
	while (hvxt_now_ms() < end) {
		struct itimerval it = { .it_value = { .tv_usec = 100000 } };
		uint64_t gpa;
		int r;

		setitimer(ITIMER_REAL, &it, NULL);
		r = hvxt_run_raw(vcpu);
		runs++;
		if (r == -EINTR) {
			ASSERT_EQ(HVX_EXIT_INTR, vcpu->run->exit_reason);
			continue;
		}
		ASSERT_EQ(0, r) TH_LOG("HVX_RUN: %s", hvxt_errno_name(-r));
		/*
		 * Only ever an access to the window while it is away: an
		 * MMIO exit (a read completes with zeroes) or, before MMIO
		 * decoding, an EPT-violation internal error.
		 */
		if (vcpu->run->exit_reason == HVX_EXIT_MMIO) {
			gpa = vcpu->run->mmio.phys_addr;
			memset(vcpu->run->mmio.data, 0,
			       sizeof(vcpu->run->mmio.data));
		} else {
			ASSERT_EQ(HVX_EXIT_INTERNAL_ERROR,
				  vcpu->run->exit_reason);
			ASSERT_EQ(HVX_INTERNAL_EMULATION,
				  vcpu->run->internal.suberror);
			ASSERT_EQ(48, vcpu->run->internal.data[0]);
			gpa = vcpu->run->internal.data[3];
		}
		ASSERT_LE(WINDOW_GPA, gpa);
		ASSERT_GT(WINDOW_GPA + WINDOW_PAGES * 4096, gpa);
		unbacked++;
	}
	m.stop = true;
	pthread_join(t, NULL);
	hvxt_log("%d runs, %d unbacked exits, %d slot changes, %llu guest rounds",
		 runs, unbacked, m.rounds, (unsigned long long)rounds[0]);
	EXPECT_GT(rounds[0], 0);
	EXPECT_GT(m.rounds, 4);
}
HVXT_TIMEOUT(memory_changes_under_running_guest, 300)

TEST_HARNESS_MAIN
