// SPDX-License-Identifier: GPL-2.0
/*
 * Reading hvx's exit statistics over generic netlink, by hand: one
 * request, its answers, their attributes. docs/control.md describes the
 * family; this file only knows VM_GET (dump) and VM_STATS (do).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/hvx_genl.h>
#include "hvx_genl.h"

#define BUF_SIZE	(64 * 1024)

static int sock = -1;
static uint16_t family_id;
static uint32_t seq;

/* The type without NLA_F_NESTED and NLA_F_NET_BYTEORDER. */
static int nla_type_of(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static void *nla_data_of(struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

static int nla_len_of(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static uint32_t nla_u32(struct nlattr *a)
{
	uint32_t v = 0;

	memcpy(&v, nla_data_of(a), nla_len_of(a) < 4 ? nla_len_of(a) : 4);
	return v;
}

static uint64_t nla_u64(struct nlattr *a)
{
	uint64_t v = 0;

	memcpy(&v, nla_data_of(a), nla_len_of(a) < 8 ? nla_len_of(a) : 8);
	return v;
}

/* Walk the attributes in [@p, @p + @len), calling @fn on each. */
#define for_each_attr(a, p, len)					\
	for (a = (struct nlattr *)(p);					\
	     (char *)a + NLA_HDRLEN <= (char *)(p) + (len) &&		\
	     a->nla_len >= NLA_HDRLEN &&				\
	     (char *)a + a->nla_len <= (char *)(p) + (len);		\
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))

static char *put_attr(char *p, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr *a = (struct nlattr *)p;

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(p + NLA_HDRLEN, data, len);
	return p + NLA_ALIGN(a->nla_len);
}

/* Build and send a request; returns its sequence number or -errno. */
static int send_request(uint16_t type, uint16_t flags, uint8_t cmd,
			uint16_t attr, const void *data, uint16_t len)
{
	char buf[256];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	char *p;

	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	g = (struct genlmsghdr *)NLMSG_DATA(nlh);
	g->cmd = cmd;
	g->version = 1;
	p = (char *)g + GENL_HDRLEN;
	if (attr)
		p = put_attr(p, attr, data, len);
	nlh->nlmsg_len = p - buf;
	if (sendto(sock, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -errno;
	return (int)nlh->nlmsg_seq;
}

/*
 * Receive the answers to request @want, handing each generic netlink
 * message's attributes to @fn, until the last (or NLMSG_DONE for dumps).
 */
static int receive(uint32_t want, bool dump,
		   int (*fn)(struct nlattr *attrs, int len, void *arg),
		   void *arg)
{
	char *buf = malloc(BUF_SIZE);
	int r = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = recv(sock, buf, BUF_SIZE, 0);
		struct nlmsghdr *nlh;
		bool done = !dump;

		if (n < 0) {
			r = -errno;
			break;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != want)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				r = e->error;
				done = true;
				break;
			}
			r = fn((struct nlattr *)((char *)NLMSG_DATA(nlh) +
						 GENL_HDRLEN),
			       nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
			       arg);
			if (r < 0) {
				done = true;
				break;
			}
		}
		if (done)
			break;
	}
	free(buf);
	return r;
}

static int family_cb(struct nlattr *attrs, int len, void *arg)
{
	struct nlattr *a;

	(void)arg;
	for_each_attr(a, attrs, len)
		if (nla_type_of(a) == CTRL_ATTR_FAMILY_ID)
			family_id = (uint16_t)nla_u32(a);
	return 0;
}

int hvx_genl_open(void)
{
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	int r;

	if (sock >= 0)
		return 0;
	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock < 0)
		return -errno;
	if (bind(sock, (struct sockaddr *)&me, sizeof(me)) < 0) {
		r = -errno;
		goto fail;
	}
	r = send_request(GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY,
			 CTRL_ATTR_FAMILY_NAME, HVX_GENL_NAME,
			 sizeof(HVX_GENL_NAME));
	if (r < 0)
		goto fail;
	r = receive(r, false, family_cb, NULL);
	if (r < 0)
		goto fail;
	if (!family_id) {
		r = -ENOENT;
		goto fail;
	}
	return 0;
fail:
	close(sock);
	sock = -1;
	return r;
}

void hvx_genl_close(void)
{
	if (sock >= 0)
		close(sock);
	sock = -1;
	family_id = 0;
}

struct find_vm {
	pid_t pid;
	uint32_t id;
	bool found;
};

static int find_vm_cb(struct nlattr *attrs, int len, void *arg)
{
	struct find_vm *f = arg;
	uint32_t id = 0, pid = 0;
	struct nlattr *a;

	for_each_attr(a, attrs, len) {
		if (nla_type_of(a) == HVX_A_VM_ID)
			id = nla_u32(a);
		else if (nla_type_of(a) == HVX_A_VM_OWNER_PID)
			pid = nla_u32(a);
	}
	if (pid == (uint32_t)f->pid && (!f->found || id > f->id)) {
		f->id = id;
		f->found = true;
	}
	return 0;
}

int hvx_genl_find_vm(pid_t pid, uint32_t *vm_id)
{
	struct find_vm f = { .pid = pid };
	int r;

	r = hvx_genl_open();
	if (r)
		return r;
	r = send_request(family_id, NLM_F_DUMP, HVX_CMD_VM_GET, 0, NULL, 0);
	if (r < 0)
		return r;
	r = receive(r, true, find_vm_cb, &f);
	if (r < 0)
		return r;
	if (!f.found)
		return -ENXIO;
	*vm_id = f.id;
	return 0;
}

static void parse_exit(struct nlattr *nest, struct exit_counts *c)
{
	uint64_t count = 0, lat[32] = { 0 };
	bool has_lat = false;
	uint32_t reason = ~0U;
	struct nlattr *a;

	for_each_attr(a, nla_data_of(nest), nla_len_of(nest)) {
		if (nla_type_of(a) == HVX_A_EXIT_REASON) {
			reason = nla_u32(a);
		} else if (nla_type_of(a) == HVX_A_EXIT_COUNT) {
			count = nla_u64(a);
		} else if (nla_type_of(a) == HVX_A_EXIT_LATENCY &&
			   nla_len_of(a) >= (int)sizeof(lat)) {
			memcpy(lat, nla_data_of(a), sizeof(lat));
			has_lat = true;
		}
	}
	if (reason >= BENCH_NR_REASONS)
		reason = BENCH_NR_REASONS - 1;
	c->reasons[reason] += count;
	if (has_lat) {
		int i;

		for (i = 0; i < 32; i++)
			c->latency[reason][i] += lat[i];
	}
}

/* The per-vCPU nests carry the per-reason counts; totals come with them. */
static int stats_cb(struct nlattr *attrs, int len, void *arg)
{
	struct exit_counts *c = arg;
	struct nlattr *a, *v;

	for_each_attr(a, attrs, len) {
		switch (nla_type_of(a)) {
		case HVX_A_STAT_EXITS:
			c->total = nla_u64(a);
			break;
		case HVX_A_STAT_EPT_FAULTS:
			c->ept_fault = nla_u64(a);
			break;
		case HVX_A_STAT_HALTS:
			c->hlt = nla_u64(a);
			break;
		case HVX_A_STAT_USER_EXITS:
			c->user = nla_u64(a);
			break;
		case HVX_A_STAT_GUEST_NS:
			c->guest_ns = nla_u64(a);
			break;
		case HVX_A_VCPU:
			for_each_attr(v, nla_data_of(a), nla_len_of(a))
				if (nla_type_of(v) == HVX_A_EXIT)
					parse_exit(v, c);
			break;
		}
	}
	return 0;
}

int hvx_genl_vm_counts(uint32_t vm_id, struct exit_counts *c)
{
	int r;

	memset(c, 0, sizeof(*c));
	r = hvx_genl_open();
	if (r)
		return r;
	r = send_request(family_id, 0, HVX_CMD_VM_STATS, HVX_A_VM_ID, &vm_id,
			 sizeof(vm_id));
	if (r < 0)
		return r;
	r = receive(r, false, stats_cb, c);
	if (r < 0)
		return r;
	c->has_reasons = true;
	return 0;
}
