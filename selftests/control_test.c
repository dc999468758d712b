// SPDX-License-Identifier: GPL-2.0
/*
 * The control plane: the generic netlink family "hvx" (hvx_genl.h,
 * docs/control.md), through libhvx's hvx_control client and through raw
 * netlink messages built here by hand.
 *
 *  - the family resolves with its version and "events" group;
 *  - the VM list shows exactly the VMs this process created, with their
 *    owner, vCPUs and memory, and drops them once closed;
 *  - the counters move exactly with the guest's exits;
 *  - pause stops a busy guest, resume lets it go on, a paused HVX_RUN
 *    waits in the kernel until a signal comes;
 *  - NMIs from outside reach the guest's NMI handler;
 *  - events arrive in order with the right ids;
 *  - malformed requests get their errno and change nothing;
 *  - another user may neither change a VM nor, without access to
 *    /dev/hvx, read the list;
 *  - a VM destroyed from outside gives HVX_EXIT_DESTROYED for good and
 *    goes away once its VMM closes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "hvx_control.h"
#include "hvx_harness.h"

#define COUNTER_GPA		0x20000UL
#define COUNTER_GPA_TEXT	"0x20000"
#define IDT_GPA			0x30000UL
#define NMI_MAGIC		0x4e4d49	/* "NMI" */
#define UNPRIV_UID		1000		/* hvxuser in the testbed */
#define VMX_EXIT_HLT		12
#define VMX_EXIT_IO		30

/* ------------------------------------------------------------------ */
/* Guests */

/* N OUTs to port 0x80 (N in RCX), then HLT. */
HVXT_GUEST_CODE(outs_guest,
	".code64\n"
	"1:	out %al, $0x80\n"
	"	loop 1b\n"
	"	hlt\n"
	GUEST_DONE
);

/* Counts in guest memory as fast as it can, never exiting by itself. */
HVXT_GUEST_CODE(busy_guest,
	".code64\n"
	"	mov $" COUNTER_GPA_TEXT ", %rbx\n"
	"1:	incq (%rbx)\n"
	"	jmp 1b\n"
);

/* Spins; its NMI handler reports NMI_MAGIC and returns. */
HVXT_GUEST_CODE(nmi_guest,
	".code64\n"
	"1:	pause\n"
	"	jmp 1b\n"
	"nmi_guest_handler:\n"
	"	mov $" HVXT_XSTR(NMI_MAGIC) ", %eax\n"
	GUEST_REPORT
	"	iretq\n"
);
HVXT_GUEST_LABEL(nmi_guest_handler);

/* No IDT: #UD becomes #GP, then #DF, then a triple fault. */
HVXT_GUEST_CODE(tf_guest,
	".code64\n"
	"	ud2\n"
);

/* ------------------------------------------------------------------ */
/* Helpers */

static struct hvx_ctl *ctl_open(void)
{
	struct hvx_ctl *ctl;

	HVXT_OK(hvx_ctl_open(&ctl));
	return ctl;
}

static struct hvx_ctl *events_open(void)
{
	struct hvx_ctl *ctl;

	HVXT_OK(hvx_ctl_open_events(&ctl));
	return ctl;
}

/* The ids of the VMs this process owns, in order; returns how many. */
static int my_vms(struct hvx_ctl *ctl, uint32_t *ids, int max)
{
	struct hvx_vm_info *vms;
	int i, n, mine = 0;

	n = HVXT_OK(hvx_ctl_vm_list(ctl, &vms));
	for (i = 0; i < n; i++)
		if (vms[i].owner_pid == (uint32_t)getpid() && mine < max)
			ids[mine++] = vms[i].id;
	free(vms);
	return mine;
}

/* The one VM of this process that is not in @known[@n]. */
static uint32_t new_vm_id(struct hvx_ctl *ctl, const uint32_t *known, int n)
{
	uint32_t ids[64], found = 0;
	int i, j, nr = my_vms(ctl, ids, 64), nr_new = 0;

	for (i = 0; i < nr; i++) {
		for (j = 0; j < n && known[j] != ids[i]; j++)
			;
		if (j == n) {
			found = ids[i];
			nr_new++;
		}
	}
	HVXT_CHECK(nr_new == 1, "expected one new VM of pid %d, found %d",
		   getpid(), nr_new);
	return found;
}

/* The id of the only VM this process owns. */
static uint32_t only_vm_id(struct hvx_ctl *ctl)
{
	return new_vm_id(ctl, NULL, 0);
}

static struct hvx_vm_info vm_info(struct hvx_ctl *ctl, uint32_t id)
{
	struct hvx_vm_info info;

	HVXT_OK(hvx_ctl_vm_get(ctl, id, &info));
	return info;
}

static struct hvx_vm_stats *vm_stats(struct hvx_ctl *ctl, uint32_t id)
{
	struct hvx_vm_stats *s;

	HVXT_OK(hvx_ctl_vm_stats(ctl, id, &s));
	return s;
}

static const struct hvx_vcpu_stats *vcpu_stats(const struct hvx_vm_stats *s,
					       uint32_t id)
{
	unsigned int i;

	for (i = 0; i < s->nr_vcpus; i++)
		if (s->vcpus[i].id == id)
			return &s->vcpus[i];
	HVXT_FAIL("no vCPU %u in the statistics of VM %u", id, s->vm_id);
}

static const struct hvx_exit_stats *exit_stats(const struct hvx_vcpu_stats *v,
					       uint32_t reason)
{
	unsigned int i;

	for (i = 0; i < v->nr_exits; i++)
		if (v->exits[i].reason == reason)
			return &v->exits[i];
	return NULL;
}

static uint64_t exit_count(const struct hvx_vcpu_stats *v, uint32_t reason)
{
	const struct hvx_exit_stats *e = exit_stats(v, reason);

	return e ? e->count : 0;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Wait up to @ms for the next event of VM @vm_id; false on timeout. */
static bool next_event(struct hvx_ctl *ev, uint32_t vm_id,
		       struct hvx_event_msg *msg, int ms)
{
	uint64_t deadline = hvxt_now_ms() + ms;

	for (;;) {
		int64_t left = (int64_t)(deadline - hvxt_now_ms());
		int r;

		if (left < 0)
			left = 0;
		r = hvx_ctl_event_read(ev, msg, (int)left);
		HVXT_CHECK(r >= 0, "reading events: %s", strerror(-r));
		if (r == 0)
			return false;
		if (msg->vm_id == vm_id)
			return true;
	}
}

static void expect_event(struct hvx_ctl *ev, uint32_t vm_id, uint32_t event,
			 const char *file, int line)
{
	struct hvx_event_msg m;

	if (!next_event(ev, vm_id, &m, 30000))
		hvxt_fail_at(file, line, "no %s event for VM %u",
			     hvx_event_name(event), vm_id);
	if (m.event != event)
		hvxt_fail_at(file, line, "VM %u: expected %s, got %s (%u)",
			     vm_id, hvx_event_name(event),
			     hvx_event_name(m.event) ?: "?", m.event);
}
#define EXPECT_VM_EVENT(ev, id, event) \
	expect_event(ev, id, event, __FILE__, __LINE__)

/* No event of @vm_id for @ms milliseconds. */
static void expect_no_event(struct hvx_ctl *ev, uint32_t vm_id, int ms,
			    const char *file, int line)
{
	struct hvx_event_msg m;

	if (next_event(ev, vm_id, &m, ms))
		hvxt_fail_at(file, line, "unexpected %s event for VM %u",
			     hvx_event_name(m.event) ?: "?", vm_id);
}
#define EXPECT_NO_VM_EVENT(ev, id, ms) \
	expect_no_event(ev, id, ms, __FILE__, __LINE__)

/* ------------------------------------------------------------------ */
/* A vCPU running in a thread of its own */

struct runner {
	struct hvxt_vcpu *vcpu;
	pthread_t thread;
	volatile bool stop;
	volatile bool in_run;		/* inside HVX_RUN */
	volatile bool done;
	volatile int nr_eintr;
	volatile uint32_t eintr_exit;	/* exit reason of the last EINTR */
	volatile int nr_destroyed;	/* HVX_EXIT_DESTROYED exits seen */
	volatile int bad_ret;		/* an unexpected HVX_RUN answer */
	volatile uint32_t bad_exit;
};

/*
 * Runs the vCPU until told to stop: EINTR (a signal) is fine, and
 * HVX_EXIT_DESTROYED is run again (three times) to see that it stays.
 * Anything else stops the thread and is recorded.
 */
static void *runner_main(void *arg)
{
	struct runner *r = arg;
	struct hvx_run *run = r->vcpu->run;
	int ret;

	for (;;) {
		r->in_run = true;
		ret = hvx_run(r->vcpu->fd);
		r->in_run = false;
		if (ret == -EINTR) {
			/* Read now: the next HVX_RUN clears it. */
			r->eintr_exit = run->exit_reason;
			r->nr_eintr++;
			if (r->stop)
				break;
			continue;
		}
		if (ret == 0 && run->exit_reason == HVX_EXIT_DESTROYED) {
			if (++r->nr_destroyed == 3 || r->stop)
				break;
			continue;
		}
		r->bad_ret = ret ? ret : 1;
		r->bad_exit = run->exit_reason;
		break;
	}
	r->done = true;
	return NULL;
}

static void runner_start(struct runner *r, struct hvxt_vcpu *vcpu)
{
	memset(r, 0, sizeof(*r));
	r->vcpu = vcpu;
	hvxt_catch_signal(SIGUSR1);
	HVXT_CHECK(!pthread_create(&r->thread, NULL, runner_main, r),
		   "pthread_create failed");
}

/* Stop the thread: immediate_exit, then signals until it is out. */
static void runner_stop(struct runner *r)
{
	uint64_t deadline = hvxt_now_ms() + 30000;

	r->stop = true;
	r->vcpu->run->immediate_exit = 1;
	while (!r->done) {
		HVXT_CHECK(hvxt_now_ms() < deadline,
			   "the vCPU thread does not stop");
		pthread_kill(r->thread, SIGUSR1);
		sleep_ms(10);
	}
	pthread_join(r->thread, NULL);
	r->vcpu->run->immediate_exit = 0;
}

static void runner_check(struct runner *r)
{
	HVXT_CHECK(!r->bad_ret, "HVX_RUN answered %d, exit reason %u",
		   r->bad_ret, r->bad_exit);
}

/* The busy guest's counter. */
static volatile uint64_t *counter(struct hvxt_vm *vm)
{
	return hvxt_gpa_ptr(vm, COUNTER_GPA, 8);
}

/* Wait up to 60 s for the counter to pass @than. */
static bool counter_moves(struct runner *r, volatile uint64_t *c,
			  uint64_t than)
{
	uint64_t deadline = hvxt_now_ms() + 60000;

	while (*c <= than) {
		runner_check(r);
		if (hvxt_now_ms() > deadline)
			return false;
		sleep_ms(20);
	}
	return true;
}

/* Wait until the counter stands still (two equal reads 200 ms apart). */
static bool counter_settles(volatile uint64_t *c)
{
	uint64_t deadline = hvxt_now_ms() + 30000, last = *c;

	while (hvxt_now_ms() < deadline) {
		sleep_ms(200);
		if (*c == last)
			return true;
		last = *c;
	}
	return false;
}

/* A long-mode VM whose vCPU 0 runs busy_guest, in a thread. */
static struct hvxt_vcpu *busy_vm(void)
{
	return hvxt_vm_with_code(HVX_MODE_LONG, busy_guest_start,
				 busy_guest_end, busy_guest_start);
}

/* ------------------------------------------------------------------ */
/* Raw generic netlink, for requests hvx_control would never send */

struct raw_attr {
	uint16_t type;			/* with NLA_F_* flags if wanted */
	uint16_t len;
	const void *data;
};

static uint32_t raw_seq;

/*
 * Send one request of the hvx family (@flags on top of REQUEST|ACK) with
 * @attrs and @junk bytes after them, and return the kernel's answer: 0
 * for an ack or a complete dump, else -errno. *@nr_replies (if given)
 * counts the reply messages.
 */
static int raw_request(uint16_t family, uint8_t cmd, uint16_t flags,
		       const struct raw_attr *attrs, int n, const void *junk,
		       size_t junk_len, int *nr_replies)
{
	static uint8_t buf[65536] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct timeval tv = { .tv_sec = 30 };
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	int fd, i, replies = 0, ret = -ETIMEDOUT;
	ssize_t len;

	memset(buf, 0, 4096);
	g->cmd = cmd;
	g->version = HVX_GENL_VERSION;
	for (i = 0; i < n; i++) {
		struct nlattr *a = (struct nlattr *)(buf + off);

		a->nla_type = attrs[i].type;
		a->nla_len = NLA_HDRLEN + attrs[i].len;
		memcpy(buf + off + NLA_HDRLEN, attrs[i].data, attrs[i].len);
		off += NLA_ALIGN(a->nla_len);
	}
	memcpy(buf + off, junk, junk_len);
	off += junk_len;
	nlh->nlmsg_len = off;
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++raw_seq;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	HVXT_CHECK(fd >= 0, "netlink socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	HVXT_CHECK(send(fd, buf, off, 0) == (ssize_t)off, "netlink send: %s",
		   strerror(errno));
	for (;;) {
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0)
			break;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				ret = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
				goto out;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				memcpy(&ret, NLMSG_DATA(nlh), sizeof(ret));
				goto out;
			}
			replies++;
		}
	}
out:
	close(fd);
	if (nr_replies)
		*nr_replies = replies;
	return ret;
}

/* A request carrying only HVX_A_VM_ID = @id. */
static int raw_vm_request(uint16_t family, uint8_t cmd, uint32_t id)
{
	struct raw_attr a = { HVX_A_VM_ID, sizeof(id), &id };

	return raw_request(family, cmd, 0, &a, 1, NULL, 0, NULL);
}

/* ------------------------------------------------------------------ */
/* The family */

TEST(family_resolves)
{
	struct hvx_ctl *ctl = ctl_open();
	const struct hvx_ctl_family *f = hvx_ctl_family(ctl);
	struct hvx_ctl *ev;

	EXPECT_NE(0, f->id);
	EXPECT_GE(f->id, GENL_MIN_ID);
	EXPECT_EQ(HVX_GENL_VERSION, f->version);
	EXPECT_EQ(1, f->version);
	EXPECT_NE(0, f->events_group);
	/* Subscribing to "events" works too. */
	ev = events_open();
	EXPECT_EQ(f->id, hvx_ctl_family(ev)->id);
	hvx_ctl_close(ev);
	hvx_ctl_close(ctl);
}

/* ------------------------------------------------------------------ */
/* The list */

static void read_comm(char *buf, size_t len)
{
	int fd = open("/proc/self/comm", O_RDONLY);
	ssize_t n;

	HVXT_CHECK(fd >= 0, "open /proc/self/comm: %s", strerror(errno));
	n = read(fd, buf, len - 1);
	close(fd);
	HVXT_CHECK(n > 0, "read /proc/self/comm");
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

TEST(list_shows_exactly_our_vms)
{
	struct hvx_ctl *ctl = ctl_open();
	struct hvxt_vm *a, *b;
	struct hvx_vm_info ia, ib, again;
	uint32_t ids[8], id_a, id_b;
	char comm[32];
	void *extra;

	read_comm(comm, sizeof(comm));
	ASSERT_EQ(0, my_vms(ctl, ids, 8));

	/* A: one vCPU, 2 MiB. B: three vCPUs, 2 MiB + 1 MiB in slot 1. */
	a = hvxt_vm_create(HVX_MODE_LONG);
	hvxt_vcpu_add(a, 0, HVXT_CODE_GPA);
	id_a = only_vm_id(ctl);
	b = hvxt_vm_create(HVX_MODE_LONG);
	hvxt_vcpu_add(b, 0, HVXT_CODE_GPA);
	hvxt_vcpu_add(b, 1, HVXT_CODE_GPA);
	hvxt_vcpu_add(b, 2, HVXT_CODE_GPA);
	extra = hvxt_alloc(0x100000);
	hvxt_set_memory(b, 1, 0, 0x400000, 0x100000, extra);
	id_b = new_vm_id(ctl, &id_a, 1);
	EXPECT_NE(id_a, id_b);
	ASSERT_EQ(2, my_vms(ctl, ids, 8));

	ia = vm_info(ctl, id_a);
	EXPECT_EQ(id_a, ia.id);
	EXPECT_EQ((uint32_t)getpid(), ia.owner_pid);
	EXPECT_EQ(geteuid(), ia.owner_uid);
	EXPECT_STREQ(comm, ia.owner_comm);
	EXPECT_EQ(1, ia.nr_vcpus);
	EXPECT_EQ(HVXT_MEM_SIZE, ia.memory);
	EXPECT_EQ(HVX_VM_STATE_RUNNING, ia.state);

	ib = vm_info(ctl, id_b);
	EXPECT_EQ((uint32_t)getpid(), ib.owner_pid);
	EXPECT_STREQ(comm, ib.owner_comm);
	EXPECT_EQ(3, ib.nr_vcpus);
	EXPECT_EQ(HVXT_MEM_SIZE + 0x100000, ib.memory);
	EXPECT_EQ(HVX_VM_STATE_RUNNING, ib.state);

	/* The dump says the same as the single gets. */
	{
		struct hvx_vm_info *vms;
		int i, n = HVXT_OK(hvx_ctl_vm_list(ctl, &vms)), seen = 0;

		for (i = 0; i < n; i++) {
			const struct hvx_vm_info *v = &vms[i];
			const struct hvx_vm_info *want = v->id == id_a ? &ia :
				v->id == id_b ? &ib : NULL;

			if (!want)
				continue;
			seen++;
			EXPECT_EQ(want->owner_pid, v->owner_pid);
			EXPECT_EQ(want->owner_uid, v->owner_uid);
			EXPECT_STREQ(want->owner_comm, v->owner_comm);
			EXPECT_EQ(want->nr_vcpus, v->nr_vcpus);
			EXPECT_EQ(want->memory, v->memory);
			EXPECT_EQ(want->state, v->state);
		}
		free(vms);
		EXPECT_EQ(2, seen);
	}

	/* Uptime goes on. */
	sleep_ms(50);
	again = vm_info(ctl, id_a);
	EXPECT_GT(again.uptime_ns, ia.uptime_ns);

	/* Memory slots changing show: slot 1 deleted. */
	hvxt_set_memory(b, 1, 0, 0x400000, 0, extra);
	EXPECT_EQ(HVXT_MEM_SIZE, vm_info(ctl, id_b).memory);

	/* Closed: gone from the list and from VM_GET. */
	hvxt_vm_destroy(b);
	ASSERT_EQ(1, my_vms(ctl, ids, 8));
	EXPECT_EQ(id_a, ids[0]);
	ASSERT_ERRNO(ENXIO, hvx_ctl_vm_get(ctl, id_b, &again));
	ASSERT_ERRNO(ENXIO, hvx_ctl_vm_stats(ctl, id_b, &(struct hvx_vm_stats *){ NULL }));
	hvxt_vm_destroy(a);
	ASSERT_EQ(0, my_vms(ctl, ids, 8));
	ASSERT_ERRNO(ENXIO, hvx_ctl_vm_get(ctl, id_a, &again));
	hvx_ctl_close(ctl);
}

/* ------------------------------------------------------------------ */
/* Statistics */

/* The invariants of one vCPU's statistics. */
static void check_vcpu_consistent(struct __test_metadata *_metadata,
				  const struct hvx_vcpu_stats *v)
{
	uint64_t sum = 0;
	unsigned int i;
	int b;

	for (i = 0; i < v->nr_exits; i++) {
		const struct hvx_exit_stats *e = &v->exits[i];
		uint64_t hist = 0;

		EXPECT_NE(0, e->count);
		EXPECT_NE(0, e->name[0]);
		EXPECT_TRUE(e->has_latency);
		for (b = 0; b < HVX_LATENCY_BUCKETS; b++)
			hist += e->latency[b];
		EXPECT_EQ(e->count, hist);
		if (i)
			EXPECT_LT(v->exits[i - 1].reason, e->reason);
		sum += e->count;
	}
	EXPECT_EQ(v->counters.exits, sum);
	EXPECT_LE(v->counters.halts, v->counters.exits);
	EXPECT_LE(v->counters.user_exits, v->counters.exits);
}

/* Totals are the sums of the vCPUs. */
static void check_totals(struct __test_metadata *_metadata,
			 const struct hvx_vm_stats *s)
{
	struct hvx_counters sum = { 0 };
	unsigned int i;

	for (i = 0; i < s->nr_vcpus; i++) {
		const struct hvx_counters *c = &s->vcpus[i].counters;

		check_vcpu_consistent(_metadata, &s->vcpus[i]);
		sum.guest_ns += c->guest_ns;
		sum.exits += c->exits;
		sum.ept_faults += c->ept_faults;
		sum.irqs += c->irqs;
		sum.nmis += c->nmis;
		sum.halts += c->halts;
		sum.user_exits += c->user_exits;
	}
	EXPECT_EQ(sum.exits, s->totals.exits);
	EXPECT_EQ(sum.guest_ns, s->totals.guest_ns);
	EXPECT_EQ(sum.ept_faults, s->totals.ept_faults);
	EXPECT_EQ(sum.irqs, s->totals.irqs);
	EXPECT_EQ(sum.nmis, s->totals.nmis);
	EXPECT_EQ(sum.halts, s->totals.halts);
	EXPECT_EQ(sum.user_exits, s->totals.user_exits);
}

TEST(counters_follow_exits)
{
	const unsigned int n = 25;
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   outs_guest_start,
						   outs_guest_end,
						   outs_guest_start);
	struct hvx_ctl *ctl = ctl_open();
	uint32_t id = only_vm_id(ctl);
	struct hvx_vm_stats *before, *after;
	const struct hvx_vcpu_stats *v0, *v1;
	const struct hvx_exit_stats *io, *hlt;
	unsigned int outs = 0;

	HVXT_SET_REG(vcpu, rcx, n);
	before = vm_stats(ctl, id);
	ASSERT_EQ(id, before->vm_id);
	ASSERT_EQ(1, before->nr_vcpus);
	v0 = vcpu_stats(before, 0);
	check_totals(_metadata, before);

	for (;;) {
		struct hvx_run *run = hvxt_run(vcpu);

		if (run->exit_reason == HVX_EXIT_HLT)
			break;
		HVXT_ASSERT_IO(vcpu, 0x80, 1, HVX_EXIT_IO_OUT);
		outs++;
	}
	ASSERT_EQ(n, outs);

	after = vm_stats(ctl, id);
	ASSERT_EQ(1, after->nr_vcpus);
	v1 = vcpu_stats(after, 0);
	check_totals(_metadata, after);

	EXPECT_EQ(n, exit_count(v1, VMX_EXIT_IO) - exit_count(v0, VMX_EXIT_IO));
	EXPECT_EQ(1, exit_count(v1, VMX_EXIT_HLT) - exit_count(v0, VMX_EXIT_HLT));
	EXPECT_EQ(n + 1, v1->counters.user_exits - v0->counters.user_exits);
	EXPECT_EQ(1, v1->counters.halts - v0->counters.halts);
	EXPECT_GE(v1->counters.exits - v0->counters.exits, n + 1);
	EXPECT_EQ(0, v1->counters.nmis);
	EXPECT_EQ(0, v1->counters.irqs);
	EXPECT_GT(v1->counters.guest_ns, v0->counters.guest_ns);

	io = exit_stats(v1, VMX_EXIT_IO);
	hlt = exit_stats(v1, VMX_EXIT_HLT);
	ASSERT_NE(NULL, io);
	ASSERT_NE(NULL, hlt);
	EXPECT_STREQ("IO_INSTRUCTION", io->name);
	EXPECT_STREQ("HLT", hlt->name);
	/* No exit is handled in 2^31 cycles; all take some. */
	EXPECT_EQ(0, io->latency[HVX_LATENCY_BUCKETS - 1]);

	/* Reading changes nothing. */
	hvx_vm_stats_free(before);
	before = vm_stats(ctl, id);
	EXPECT_EQ(after->totals.exits, before->totals.exits);
	EXPECT_EQ(after->totals.user_exits, before->totals.user_exits);
	hvx_vm_stats_free(before);
	hvx_vm_stats_free(after);
	hvx_ctl_close(ctl);
}

/* Each vCPU counts its own exits; the VM adds them up. */
TEST(counters_per_vcpu)
{
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);
	struct hvxt_vcpu *c0, *c1;
	struct hvx_ctl *ctl = ctl_open();
	struct hvx_vm_stats *s;
	uint32_t id;
	int i;

	hvxt_load(vm, HVXT_CODE_GPA, outs_guest_start, outs_guest_end);
	c0 = hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);
	c1 = hvxt_vcpu_add(vm, 1, HVXT_CODE_GPA);
	id = only_vm_id(ctl);
	HVXT_SET_REG(c0, rcx, 3);
	HVXT_SET_REG(c1, rcx, 7);
	for (i = 0; i < 3; i++) {
		hvxt_run(c0);
		HVXT_ASSERT_IO(c0, 0x80, 1, HVX_EXIT_IO_OUT);
	}
	for (i = 0; i < 7; i++) {
		hvxt_run(c1);
		HVXT_ASSERT_IO(c1, 0x80, 1, HVX_EXIT_IO_OUT);
	}
	hvxt_run(c0);
	HVXT_ASSERT_EXIT(c0, HVX_EXIT_HLT);
	hvxt_run(c1);
	HVXT_ASSERT_EXIT(c1, HVX_EXIT_HLT);

	s = vm_stats(ctl, id);
	ASSERT_EQ(2, s->nr_vcpus);
	check_totals(_metadata, s);
	EXPECT_EQ(3, exit_count(vcpu_stats(s, 0), VMX_EXIT_IO));
	EXPECT_EQ(7, exit_count(vcpu_stats(s, 1), VMX_EXIT_IO));
	EXPECT_EQ(4, vcpu_stats(s, 0)->counters.user_exits);
	EXPECT_EQ(8, vcpu_stats(s, 1)->counters.user_exits);
	EXPECT_EQ(12, s->totals.user_exits);
	EXPECT_EQ(2, s->totals.halts);
	hvx_vm_stats_free(s);
	hvx_ctl_close(ctl);
}

/* ------------------------------------------------------------------ */
/* Pause and resume */

TEST(pause_stops_a_busy_guest)
{
	struct hvxt_vcpu *vcpu = busy_vm();
	volatile uint64_t *c = counter(vcpu->vm);
	struct hvx_ctl *ctl = ctl_open();
	uint32_t id = only_vm_id(ctl);
	struct runner r;
	uint64_t c1;

	runner_start(&r, vcpu);
	ASSERT_TRUE(counter_moves(&r, c, 0));

	ASSERT_EQ(0, hvx_ctl_vm_pause(ctl, id));
	EXPECT_EQ(HVX_VM_STATE_PAUSED, vm_info(ctl, id).state);
	ASSERT_TRUE(counter_settles(c));
	c1 = *c;
	sleep_ms(1000);
	EXPECT_EQ(c1, *c);
	/* The vCPU thread waits inside HVX_RUN, not in the guest. */
	EXPECT_TRUE(r.in_run);
	EXPECT_FALSE(r.done);
	EXPECT_EQ(0, r.nr_eintr);
	/* Pausing again changes nothing. */
	EXPECT_EQ(0, hvx_ctl_vm_pause(ctl, id));
	EXPECT_EQ(c1, *c);

	ASSERT_EQ(0, hvx_ctl_vm_resume(ctl, id));
	EXPECT_EQ(HVX_VM_STATE_RUNNING, vm_info(ctl, id).state);
	EXPECT_TRUE(counter_moves(&r, c, c1));
	/* Resuming a running VM is fine too. */
	EXPECT_EQ(0, hvx_ctl_vm_resume(ctl, id));

	runner_stop(&r);
	runner_check(&r);
	hvx_ctl_close(ctl);
}

/* A paused VM's HVX_RUN waits in the kernel; a signal gets it out. */
TEST(paused_run_waits_until_signal)
{
	struct hvxt_vcpu *vcpu = busy_vm();
	volatile uint64_t *c = counter(vcpu->vm);
	struct hvx_ctl *ctl = ctl_open();
	uint32_t id = only_vm_id(ctl);
	struct runner r;

	ASSERT_EQ(0, hvx_ctl_vm_pause(ctl, id));
	runner_start(&r, vcpu);
	sleep_ms(1000);
	EXPECT_EQ(0, *c);
	EXPECT_TRUE(r.in_run);
	EXPECT_FALSE(r.done);

	/* A signal: HVX_RUN returns EINTR, the guest did not run. */
	pthread_kill(r.thread, SIGUSR1);
	{
		uint64_t deadline = hvxt_now_ms() + 30000;

		while (!r.nr_eintr && hvxt_now_ms() < deadline)
			sleep_ms(10);
	}
	EXPECT_EQ(1, r.nr_eintr);
	EXPECT_EQ(HVX_EXIT_INTR, r.eintr_exit);
	EXPECT_EQ(0, *c);
	runner_check(&r);

	/* The thread ran again and waits again, until resumed. */
	ASSERT_EQ(0, hvx_ctl_vm_resume(ctl, id));
	EXPECT_TRUE(counter_moves(&r, c, 0));
	runner_stop(&r);
	runner_check(&r);
	hvx_ctl_close(ctl);
}

/* ------------------------------------------------------------------ */
/* NMIs */

static struct hvxt_vcpu *nmi_vcpu(struct hvxt_vm *vm, unsigned int id)
{
	struct hvxt_vcpu *vcpu = hvxt_vcpu_add(vm, id, HVXT_CODE_GPA);
	struct hvx_sregs s;

	hvxt_get_sregs(vcpu, &s);
	s.idt.base = IDT_GPA;
	s.idt.limit = 16 * 16 - 1;
	hvxt_set_sregs(vcpu, &s);
	return vcpu;
}

TEST(nmi_reaches_the_guest)
{
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);
	struct hvx_ctl *ctl = ctl_open();
	struct hvxt_vcpu *c0, *c1;
	struct hvx_vm_stats *s;
	uint32_t id;

	hvxt_load(vm, HVXT_CODE_GPA, nmi_guest_start, nmi_guest_end);
	hvxt_idt_gate64(hvxt_gpa_ptr(vm, IDT_GPA, 4096), 2,
			HVXT_CODE_ADDR(nmi_guest_start, nmi_guest_handler),
			HVX_SEL_CODE64, 0);
	c0 = nmi_vcpu(vm, 0);
	c1 = nmi_vcpu(vm, 1);
	id = only_vm_id(ctl);

	/* Default vCPU: 0. The request waits for the next entry. */
	ASSERT_EQ(0, hvx_ctl_vm_nmi(ctl, id, -1));
	EXPECT_EQ(NMI_MAGIC, HVXT_RUN_UNTIL_REPORT(c0));
	/* A second one, while the handler has not returned yet. */
	ASSERT_EQ(0, hvx_ctl_vm_nmi(ctl, id, 0));
	EXPECT_EQ(NMI_MAGIC, HVXT_RUN_UNTIL_REPORT(c0));

	/* --vcpu 1 */
	ASSERT_EQ(0, hvx_ctl_vm_nmi(ctl, id, 1));
	EXPECT_EQ(NMI_MAGIC, HVXT_RUN_UNTIL_REPORT(c1));

	s = vm_stats(ctl, id);
	EXPECT_EQ(2, vcpu_stats(s, 0)->counters.nmis);
	EXPECT_EQ(1, vcpu_stats(s, 1)->counters.nmis);
	EXPECT_EQ(3, s->totals.nmis);
	hvx_vm_stats_free(s);

	/* A vCPU that does not exist. */
	EXPECT_EQ(-ENXIO, hvx_ctl_vm_nmi(ctl, id, 5));
	hvx_ctl_close(ctl);
}

/* ------------------------------------------------------------------ */
/* Events */

TEST(events_in_order)
{
	struct hvx_ctl *ev = events_open();
	struct hvx_ctl *ctl = ctl_open();
	struct hvx_event_msg m;
	struct hvxt_vm *vm, *vm2;
	uint32_t id, id2;

	vm = hvxt_vm_create(HVX_MODE_LONG);
	hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);
	id = only_vm_id(ctl);

	ASSERT_TRUE(next_event(ev, id, &m, 30000));
	EXPECT_EQ(HVX_EVENT_VM_CREATED, m.event);
	EXPECT_FALSE(m.has_vcpu);

	ASSERT_EQ(0, hvx_ctl_vm_pause(ctl, id));
	EXPECT_VM_EVENT(ev, id, HVX_EVENT_VM_PAUSED);
	ASSERT_EQ(0, hvx_ctl_vm_resume(ctl, id));
	EXPECT_VM_EVENT(ev, id, HVX_EVENT_VM_RESUMED);
	/* No change, no event. */
	ASSERT_EQ(0, hvx_ctl_vm_resume(ctl, id));
	ASSERT_EQ(0, hvx_ctl_vm_destroy(ctl, id));
	EXPECT_VM_EVENT(ev, id, HVX_EVENT_VM_DESTROYED);
	/* Closing a VM destroyed from outside says nothing more. */
	hvxt_vm_destroy(vm);
	EXPECT_NO_VM_EVENT(ev, id, 500);

	/* A VM its VMM closes: created, then destroyed. */
	vm2 = hvxt_vm_create(HVX_MODE_LONG);
	id2 = only_vm_id(ctl);
	EXPECT_VM_EVENT(ev, id2, HVX_EVENT_VM_CREATED);
	hvxt_vm_destroy(vm2);
	EXPECT_VM_EVENT(ev, id2, HVX_EVENT_VM_DESTROYED);
	EXPECT_NO_VM_EVENT(ev, id2, 500);
	hvx_ctl_close(ctl);
	hvx_ctl_close(ev);
}

TEST(triple_fault_event)
{
	struct hvx_ctl *ev = events_open();
	struct hvx_ctl *ctl = ctl_open();
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);
	struct hvxt_vcpu *vcpu;
	struct hvx_event_msg m;
	uint32_t id;

	hvxt_load(vm, HVXT_CODE_GPA, tf_guest_start, tf_guest_end);
	hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);
	vcpu = hvxt_vcpu_add(vm, 1, HVXT_CODE_GPA);
	id = only_vm_id(ctl);
	EXPECT_VM_EVENT(ev, id, HVX_EVENT_VM_CREATED);

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_SHUTDOWN);
	ASSERT_TRUE(next_event(ev, id, &m, 30000));
	EXPECT_EQ(HVX_EVENT_VCPU_SHUTDOWN, m.event);
	EXPECT_TRUE(m.has_vcpu);
	EXPECT_EQ(1, m.vcpu_id);
	EXPECT_NO_VM_EVENT(ev, id, 300);
	hvx_ctl_close(ctl);
	hvx_ctl_close(ev);
}

/* ------------------------------------------------------------------ */
/* Malformed and misdirected requests */

/* A VM that must come through every bad request as it was. */
static void check_unchanged(struct __test_metadata *_metadata,
			    struct hvx_ctl *ctl, struct hvx_ctl *ev,
			    struct hvxt_vcpu *vcpu, uint32_t id)
{
	struct hvx_vm_info info = vm_info(ctl, id);

	EXPECT_EQ(HVX_VM_STATE_RUNNING, info.state);
	EXPECT_EQ(1, info.nr_vcpus);
	EXPECT_NO_VM_EVENT(ev, id, 200);
	/* It still runs: RCX OUTs, then HLT. */
	HVXT_SET_REG(vcpu, rip, HVXT_CODE_GPA);
	HVXT_SET_REG(vcpu, rcx, 1);
	hvxt_run(vcpu);
	HVXT_ASSERT_IO(vcpu, 0x80, 1, HVX_EXIT_IO_OUT);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
}

TEST(malformed_requests_change_nothing)
{
	struct hvx_ctl *ev = events_open();
	struct hvx_ctl *ctl = ctl_open();
	uint16_t fam = hvx_ctl_family(ctl)->id;
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   outs_guest_start,
						   outs_guest_end,
						   outs_guest_start);
	uint32_t id = only_vm_id(ctl);
	static const uint8_t cmds[] = {
		HVX_CMD_VM_GET, HVX_CMD_VM_STATS, HVX_CMD_VM_PAUSE,
		HVX_CMD_VM_RESUME, HVX_CMD_VM_NMI, HVX_CMD_VM_DESTROY,
	};
	uint64_t id64 = id;
	uint16_t id16 = (uint16_t)id;
	uint8_t big[64] = { 0 };
	uint64_t mem = 1;
	uint32_t junk = 0xffffffff;
	unsigned int i;

	memcpy(big, &id, sizeof(id));
	EXPECT_VM_EVENT(ev, id, HVX_EVENT_VM_CREATED);

	for (i = 0; i < sizeof(cmds); i++) {
		uint8_t cmd = cmds[i];
		struct raw_attr wide = { HVX_A_VM_ID, 8, &id64 };
		struct raw_attr narrow = { HVX_A_VM_ID, 2, &id16 };
		struct raw_attr huge = { HVX_A_VM_ID, sizeof(big), big };
		struct raw_attr nested = { HVX_A_VM_ID | NLA_F_NESTED, 4, &id };
		struct raw_attr good = { HVX_A_VM_ID, 4, &id };
		struct raw_attr unknown[] = {
			good, { HVX_A_MAX + 5, 4, &id },
		};
		struct raw_attr unsupported[] = {
			good, { HVX_A_VM_MEMORY, 8, &mem },
		};
		int r;

		TH_LOG("command %u", cmd);
		/* Missing HVX_A_VM_ID. */
		EXPECT_EQ(-EINVAL, raw_request(fam, cmd, 0, NULL, 0, NULL, 0,
					       NULL));
		/* Too long, too short, far too long, wrongly nested. */
		EXPECT_EQ(-EINVAL, raw_request(fam, cmd, 0, &wide, 1, NULL, 0,
					       NULL));
		r = raw_request(fam, cmd, 0, &narrow, 1, NULL, 0, NULL);
		EXPECT_TRUE(r == -EINVAL || r == -ERANGE);
		EXPECT_EQ(-EINVAL, raw_request(fam, cmd, 0, &huge, 1, NULL, 0,
					       NULL));
		EXPECT_EQ(-EINVAL, raw_request(fam, cmd, 0, &nested, 1, NULL,
					       0, NULL));
		/* An attribute the family does not know, or does not take. */
		EXPECT_EQ(-EINVAL, raw_request(fam, cmd, 0, unknown, 2, NULL,
					       0, NULL));
		EXPECT_EQ(-EINVAL, raw_request(fam, cmd, 0, unsupported, 2,
					       NULL, 0, NULL));
		/* Bytes after the attributes that are no attribute. */
		EXPECT_EQ(-EINVAL, raw_request(fam, cmd, 0, &good, 1, &junk, 2,
					       NULL));
		/* VMs that do not exist. */
		EXPECT_EQ(-ENXIO, raw_vm_request(fam, cmd, 0));
		EXPECT_EQ(-ENXIO, raw_vm_request(fam, cmd, id + 1000));
		EXPECT_EQ(-ENXIO, raw_vm_request(fam, cmd, 0xffffffff));
	}

	/* Commands that are not there. */
	EXPECT_EQ(-EOPNOTSUPP, raw_vm_request(fam, HVX_CMD_UNSPEC, id));
	EXPECT_EQ(-EOPNOTSUPP, raw_vm_request(fam, HVX_CMD_EVENT, id));
	EXPECT_EQ(-EOPNOTSUPP, raw_vm_request(fam, __HVX_CMD_MAX, id));
	EXPECT_EQ(-EOPNOTSUPP, raw_vm_request(fam, 0xfe, id));
	/* Only VM_GET dumps. */
	for (i = 1; i < sizeof(cmds); i++)
		EXPECT_EQ(-EOPNOTSUPP, raw_request(fam, cmds[i], NLM_F_DUMP,
						   NULL, 0, NULL, 0, NULL));
	/* The library's view of the same errors. */
	EXPECT_EQ(-ENXIO, hvx_ctl_vm_pause(ctl, id + 1000));
	EXPECT_EQ(-ENXIO, hvx_ctl_vm_nmi(ctl, id, 9));

	check_unchanged(_metadata, ctl, ev, vcpu, id);

	/* And a well-formed raw request still works. */
	{
		struct raw_attr good = { HVX_A_VM_ID, 4, &id };
		int replies = -1;

		EXPECT_EQ(0, raw_request(fam, HVX_CMD_VM_GET, 0, &good, 1,
					 NULL, 0, &replies));
		EXPECT_EQ(1, replies);
		EXPECT_EQ(0, raw_request(fam, HVX_CMD_VM_GET, NLM_F_DUMP, NULL,
					 0, NULL, 0, &replies));
		EXPECT_GE(replies, 1);
	}
	hvx_ctl_close(ctl);
	hvx_ctl_close(ev);
}

/* A destroyed VM takes no more changes. */
TEST(destroyed_vm_takes_no_changes)
{
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);
	struct hvx_ctl *ctl = ctl_open();
	uint32_t id;

	hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);
	id = only_vm_id(ctl);
	ASSERT_EQ(0, hvx_ctl_vm_destroy(ctl, id));
	EXPECT_EQ(HVX_VM_STATE_DESTROYED, vm_info(ctl, id).state);
	EXPECT_EQ(-EINVAL, hvx_ctl_vm_pause(ctl, id));
	EXPECT_EQ(-EINVAL, hvx_ctl_vm_resume(ctl, id));
	EXPECT_EQ(-EINVAL, hvx_ctl_vm_destroy(ctl, id));
	EXPECT_EQ(HVX_VM_STATE_DESTROYED, vm_info(ctl, id).state);
	hvx_ctl_close(ctl);
}

/* ------------------------------------------------------------------ */
/* Access control */

/* Become @uid (and gid) for good, in a child. */
static void become(uid_t uid)
{
	if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
		fprintf(stderr, "# setuid(%u): %s\n", uid, strerror(errno));
		_exit(100);
	}
}

/* Run @fn in a child as @uid; its exit status (0: all went well). */
static int as_user(uid_t uid, int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int status;

	HVXT_CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		become(uid);
		_exit(fn(arg));
	}
	HVXT_CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	HVXT_CHECK(WIFEXITED(status), "the child died (status %#x)", status);
	return WEXITSTATUS(status);
}

/* Every step of a child: its number on failure. */
#define CHILD_EXPECT(step, cond) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "# child step %d: %s\n", step, #cond);	\
		return step;						\
	}								\
} while (0)

static int try_changes(void *arg)
{
	uint32_t id = *(uint32_t *)arg;
	struct hvx_vm_info info;
	struct hvx_vm_stats *s;
	struct hvx_ctl *ctl;

	CHILD_EXPECT(1, hvx_ctl_open(&ctl) == 0);
	/* /dev/hvx is open to all here: reading works. */
	CHILD_EXPECT(2, hvx_ctl_vm_get(ctl, id, &info) == 0);
	CHILD_EXPECT(3, info.owner_uid == 0);
	CHILD_EXPECT(4, hvx_ctl_vm_stats(ctl, id, &s) == 0);
	hvx_vm_stats_free(s);
	CHILD_EXPECT(5, hvx_ctl_vm_pause(ctl, id) == -EPERM);
	CHILD_EXPECT(6, hvx_ctl_vm_nmi(ctl, id, -1) == -EPERM);
	CHILD_EXPECT(7, hvx_ctl_vm_destroy(ctl, id) == -EPERM);
	CHILD_EXPECT(8, hvx_ctl_vm_resume(ctl, id) == -EPERM);
	/* An unknown VM is still ENXIO. */
	CHILD_EXPECT(9, hvx_ctl_vm_pause(ctl, id + 1000) == -ENXIO);
	hvx_ctl_close(ctl);
	return 0;
}

static int try_reading(void *arg)
{
	uint32_t id = *(uint32_t *)arg;
	struct hvx_vm_info info, *vms = NULL;
	struct hvx_vm_stats *s = NULL;
	struct hvx_ctl *ctl;

	CHILD_EXPECT(1, hvx_ctl_open(&ctl) == 0);
	CHILD_EXPECT(2, hvx_ctl_vm_list(ctl, &vms) == -EPERM);
	CHILD_EXPECT(3, hvx_ctl_vm_get(ctl, id, &info) == -EPERM);
	CHILD_EXPECT(4, hvx_ctl_vm_stats(ctl, id, &s) == -EPERM);
	CHILD_EXPECT(5, hvx_ctl_vm_pause(ctl, id) == -EPERM);
	hvx_ctl_close(ctl);
	return 0;
}

/* Restores /dev/hvx's mode whatever happens to the test. */
static mode_t saved_mode = (mode_t)-1;

static void restore_dev_mode(void)
{
	if (saved_mode != (mode_t)-1)
		chmod(HVX_DEVICE, saved_mode);
}

static void set_dev_mode(mode_t mode)
{
	struct stat st;

	HVXT_CHECK(!stat(HVX_DEVICE, &st), "stat %s: %s", HVX_DEVICE,
		   strerror(errno));
	if (saved_mode == (mode_t)-1) {
		saved_mode = st.st_mode & 07777;
		atexit(restore_dev_mode);
	}
	HVXT_CHECK(!chmod(HVX_DEVICE, mode), "chmod %s: %s", HVX_DEVICE,
		   strerror(errno));
}

TEST(other_users_cannot_change_a_vm)
{
	struct hvxt_vcpu *vcpu;
	volatile uint64_t *c;
	struct hvx_ctl *ctl, *ev;
	struct runner r;
	uint64_t c1;
	uint32_t id;

	HVXT_REQUIRE(geteuid() == 0, "needs root to switch users");
	vcpu = busy_vm();
	c = counter(vcpu->vm);
	ctl = ctl_open();
	ev = events_open();
	id = only_vm_id(ctl);
	runner_start(&r, vcpu);
	ASSERT_TRUE(counter_moves(&r, c, 0));

	set_dev_mode(0666);
	EXPECT_EQ(0, as_user(UNPRIV_UID, try_changes, &id));
	set_dev_mode(0600);
	EXPECT_EQ(0, as_user(UNPRIV_UID, try_reading, &id));
	restore_dev_mode();

	/* The VM runs on as it was. */
	EXPECT_EQ(HVX_VM_STATE_RUNNING, vm_info(ctl, id).state);
	c1 = *c;
	EXPECT_TRUE(counter_moves(&r, c, c1));
	EXPECT_NO_VM_EVENT(ev, id, 300);
	{
		struct hvx_vm_stats *s = vm_stats(ctl, id);

		EXPECT_EQ(0, s->totals.nmis);
		hvx_vm_stats_free(s);
	}
	runner_stop(&r);
	runner_check(&r);
	EXPECT_EQ(0, r.nr_destroyed);
	hvx_ctl_close(ev);
	hvx_ctl_close(ctl);
}

/* The user who created a VM may change it; other users may not. */
struct owned {
	int ready[2];		/* child -> parent: the VM exists */
	int go[2];		/* parent -> child: you may close it */
};

static int own_a_vm(void *arg)
{
	struct owned *o = arg;
	int sys_fd, vm_fd;
	char c = 0;

	sys_fd = hvx_open();
	CHILD_EXPECT(1, sys_fd >= 0);
	vm_fd = hvx_create_vm(sys_fd);
	CHILD_EXPECT(2, vm_fd >= 0);
	CHILD_EXPECT(3, hvx_create_vcpu(vm_fd, 0) >= 0);
	CHILD_EXPECT(4, write(o->ready[1], &c, 1) == 1);
	CHILD_EXPECT(5, read(o->go[0], &c, 1) == 1);
	return 0;
}

static int owner_changes(void *arg)
{
	uint32_t id = *(uint32_t *)arg;
	struct hvx_ctl *ctl;

	CHILD_EXPECT(1, hvx_ctl_open(&ctl) == 0);
	CHILD_EXPECT(2, hvx_ctl_vm_pause(ctl, id) == 0);
	CHILD_EXPECT(3, hvx_ctl_vm_resume(ctl, id) == 0);
	CHILD_EXPECT(4, hvx_ctl_vm_nmi(ctl, id, 0) == 0);
	hvx_ctl_close(ctl);
	return 0;
}

static int stranger_changes(void *arg)
{
	uint32_t id = *(uint32_t *)arg;
	struct hvx_ctl *ctl;

	CHILD_EXPECT(1, hvx_ctl_open(&ctl) == 0);
	CHILD_EXPECT(2, hvx_ctl_vm_pause(ctl, id) == -EPERM);
	CHILD_EXPECT(3, hvx_ctl_vm_destroy(ctl, id) == -EPERM);
	hvx_ctl_close(ctl);
	return 0;
}

TEST(owner_may_change_its_vm)
{
	struct hvx_ctl *ctl;
	struct hvx_vm_info *vms;
	struct owned o;
	uint32_t id = 0;
	pid_t pid;
	int i, n, status;
	char c = 0;

	HVXT_REQUIRE(geteuid() == 0, "needs root to switch users");
	ctl = ctl_open();
	ASSERT_EQ(0, pipe(o.ready));
	ASSERT_EQ(0, pipe(o.go));
	set_dev_mode(0666);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		become(UNPRIV_UID);
		_exit(own_a_vm(&o));
	}
	ASSERT_EQ(1, read(o.ready[0], &c, 1));

	n = HVXT_OK(hvx_ctl_vm_list(ctl, &vms));
	for (i = 0; i < n; i++)
		if (vms[i].owner_pid == (uint32_t)pid) {
			id = vms[i].id;
			EXPECT_EQ(UNPRIV_UID, vms[i].owner_uid);
		}
	free(vms);
	ASSERT_NE(0, id);

	EXPECT_EQ(0, as_user(UNPRIV_UID, owner_changes, &id));
	EXPECT_EQ(0, as_user(UNPRIV_UID + 1, stranger_changes, &id));
	/* Root may change anyone's VM. */
	EXPECT_EQ(0, hvx_ctl_vm_pause(ctl, id));
	EXPECT_EQ(HVX_VM_STATE_PAUSED, vm_info(ctl, id).state);
	EXPECT_EQ(0, hvx_ctl_vm_resume(ctl, id));
	restore_dev_mode();

	ASSERT_EQ(1, write(o.go[1], &c, 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(-ENXIO, hvx_ctl_vm_get(ctl, id, &(struct hvx_vm_info){ 0 }));
	hvx_ctl_close(ctl);
}

/* ------------------------------------------------------------------ */
/* Destroy */

TEST(destroy_from_outside)
{
	long refcnt = hvxt_module_refcnt();
	struct hvx_ctl *ctl = ctl_open();
	struct hvxt_vcpu *vcpu = busy_vm();
	struct hvxt_vm *vm = vcpu->vm;
	volatile uint64_t *c = counter(vm);
	struct hvx_vm_info info;
	struct runner r;
	uint64_t deadline, c1;
	uint32_t id = only_vm_id(ctl);

	runner_start(&r, vcpu);
	ASSERT_TRUE(counter_moves(&r, c, 0));
	ASSERT_EQ(0, hvx_ctl_vm_destroy(ctl, id));

	/* The thread sees HVX_EXIT_DESTROYED, three times in a row. */
	deadline = hvxt_now_ms() + 60000;
	while (!r.done && hvxt_now_ms() < deadline)
		sleep_ms(10);
	ASSERT_TRUE(r.done);
	runner_check(&r);
	EXPECT_EQ(3, r.nr_destroyed);
	c1 = *c;
	sleep_ms(300);
	EXPECT_EQ(c1, *c);

	/* And again from here, after a while. */
	EXPECT_EQ(0, hvx_run(vcpu->fd));
	EXPECT_EQ(HVX_EXIT_DESTROYED, vcpu->run->exit_reason);

	info = vm_info(ctl, id);
	EXPECT_EQ(HVX_VM_STATE_DESTROYED, info.state);
	EXPECT_EQ((uint32_t)getpid(), info.owner_pid);

	/* Closed by its VMM: gone, and the module's references with it. */
	hvxt_vm_destroy(vm);
	EXPECT_EQ(-ENXIO, hvx_ctl_vm_get(ctl, id, &info));
	{
		uint32_t ids[4];

		EXPECT_EQ(0, my_vms(ctl, ids, 4));
	}
	if (refcnt >= 0)
		EXPECT_EQ(refcnt, hvxt_module_refcnt());
	hvx_ctl_close(ctl);
}

/* A VM destroyed before its vCPU ever ran never enters the guest. */
TEST(destroy_before_first_run)
{
	struct hvx_ctl *ctl = ctl_open();
	struct hvxt_vcpu *vcpu = busy_vm();
	uint32_t id = only_vm_id(ctl);

	ASSERT_EQ(0, hvx_ctl_vm_destroy(ctl, id));
	EXPECT_EQ(0, hvx_run(vcpu->fd));
	EXPECT_EQ(HVX_EXIT_DESTROYED, vcpu->run->exit_reason);
	EXPECT_EQ(0, *counter(vcpu->vm));
	hvx_ctl_close(ctl);
}

TEST_HARNESS_MAIN
