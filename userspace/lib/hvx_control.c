// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_control: the client side of the "hvx" generic netlink family.
 *
 * Requests go through libnl with callbacks of our own, so that the
 * errno in the kernel's NLMSG_ERROR reaches the caller unchanged (libnl
 * would fold it into its own, coarser codes) together with the extended
 * ack message. Events are read straight from the socket.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include "hvx_control.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define EVENT_BUF_SIZE	16384

struct hvx_ctl {
	struct nl_sock *sk;
	struct hvx_ctl_family family;
	char errmsg[256];
	/* Events parsed from the socket and not yet handed out. */
	struct hvx_event_msg *pending;
	size_t nr_pending, first_pending, pending_cap;
	uint8_t *buf;				/* event datagrams */
};

/* A libnl error code from a send or receive, as an errno. */
static int nle_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case NLE_NOMEM:		return -ENOMEM;
	case NLE_AGAIN:		return -EAGAIN;
	case NLE_INTR:		return -EINTR;
	case NLE_PERM:		return -EPERM;
	case NLE_NOACCESS:	return -EACCES;
	case NLE_BAD_SOCK:	return -EBADF;
	case NLE_OBJ_NOTFOUND:	return -ENOENT;
	case NLE_INVAL:		return -EINVAL;
	case NLE_RANGE:		return -ERANGE;
	case NLE_OPNOTSUPP:	return -EOPNOTSUPP;
	case NLE_BUSY:		return -EBUSY;
	case NLE_NODEV:		return -ENODEV;
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_TRUNC:
	case NLE_MSG_TOOSHORT:
	case NLE_MSGTYPE_NOSUPPORT:
	case NLE_PARSE_ERR:
	case NLE_MSG_OVERFLOW:	return -EPROTO;
	default:		return -EIO;
	}
}

/* ------------------------------------------------------------------ */
/* Attributes */

static int attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (nla_len(a) < (int)sizeof(uint32_t))
		return -EPROTO;
	*v = nla_get_u32((struct nlattr *)a);
	return 0;
}

static int attr_u64(const struct nlattr *a, uint64_t *v)
{
	if (nla_len(a) < (int)sizeof(uint64_t))
		return -EPROTO;
	memcpy(v, nla_data(a), sizeof(*v));
	return 0;
}

static int attr_u16(const struct nlattr *a, uint16_t *v)
{
	if (nla_len(a) < (int)sizeof(uint16_t))
		return -EPROTO;
	*v = nla_get_u16((struct nlattr *)a);
	return 0;
}

/* A string attribute into @dst (always terminated, possibly cut). */
static void attr_str(const struct nlattr *a, char *dst, size_t size)
{
	size_t n = nla_len(a);

	if (n >= size)
		n = size - 1;
	memcpy(dst, nla_data(a), n);
	dst[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* Requests */

struct request {
	struct hvx_ctl *ctl;
	/* Called on each reply message; a negative return is the error. */
	int (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	int err;
	bool done;
	unsigned int nr_replies;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;
	int r;

	rq->nr_replies++;
	if (rq->parse && !rq->err) {
		r = rq->parse(nlmsg_hdr(msg), rq->arg);
		if (r < 0)
			rq->err = r;
	}
	return NL_OK;
}

/* The extended ack message after an nlmsgerr, if the kernel sent one. */
static void save_ext_ack(struct hvx_ctl *ctl, const struct nlmsgerr *e)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)e -
						    NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*e));

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	if (off >= nlh->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		attr_str(tb[NLMSGERR_ATTR_MSG], ctl->errmsg,
			 sizeof(ctl->errmsg));
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct request *rq = arg;

	(void)who;
	rq->done = true;
	if (e->error) {
		rq->err = e->error < 0 ? e->error : -e->error;
		save_ext_ack(rq->ctl, e);
	}
	return NL_STOP;
}

/* End of a dump: NLMSG_DONE, which may carry an error of its own. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct request *rq = arg;
	int err;

	rq->done = true;
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0 && !rq->err)
			rq->err = err;
	}
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;

	(void)msg;
	rq->done = true;
	return NL_STOP;
}

/*
 * Send @msg (freed here) and read replies until the ack, the end of the
 * dump or an error. Returns 0 or -errno.
 */
static int transact(struct hvx_ctl *ctl, struct nl_msg *msg,
		    int (*parse)(struct nlmsghdr *, void *), void *arg)
{
	struct request rq = { .ctl = ctl, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int r;

	ctl->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &rq);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &rq);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &rq);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &rq);

	r = nl_send_auto(ctl->sk, msg);
	nlmsg_free(msg);
	if (r < 0) {
		nl_cb_put(cb);
		return nle_errno(r);
	}
	while (!rq.done) {
		r = nl_recvmsgs(ctl->sk, cb);
		if (r < 0 && !rq.done) {
			nl_cb_put(cb);
			return nle_errno(r);
		}
	}
	nl_cb_put(cb);
	return rq.err;
}

/* A request of the hvx family with @cmd, @flags (NLM_F_DUMP or 0). */
static struct nl_msg *new_request(struct hvx_ctl *ctl, uint8_t cmd,
				  int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctl->family.id, 0,
			 flags, cmd, HVX_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* A do request carrying HVX_A_VM_ID (and HVX_A_VCPU_ID if >= 0). */
static int vm_request(struct hvx_ctl *ctl, uint8_t cmd, uint32_t vm_id,
		      long vcpu_id, int (*parse)(struct nlmsghdr *, void *),
		      void *arg)
{
	struct nl_msg *msg = new_request(ctl, cmd, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, HVX_A_VM_ID, vm_id) < 0 ||
	    (vcpu_id >= 0 &&
	     nla_put_u32(msg, HVX_A_VCPU_ID, (uint32_t)vcpu_id) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return transact(ctl, msg, parse, arg);
}

/* ------------------------------------------------------------------ */
/* Opening: resolve the family through the controller */

static int parse_family(struct nlmsghdr *nlh, void *arg)
{
	struct hvx_ctl_family *fam = arg;
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *grp;
	int rem, r;

	r = genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL);
	if (r < 0 || !tb[CTRL_ATTR_FAMILY_ID])
		return -EPROTO;
	r = attr_u16(tb[CTRL_ATTR_FAMILY_ID], &fam->id);
	if (r)
		return r;
	if (tb[CTRL_ATTR_VERSION] &&
	    attr_u32(tb[CTRL_ATTR_VERSION], &fam->version))
		return -EPROTO;
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	nla_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
		struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
		char name[GENL_NAMSIZ];

		if (nla_parse_nested(gtb, CTRL_ATTR_MCAST_GRP_MAX, grp, NULL) ||
		    !gtb[CTRL_ATTR_MCAST_GRP_NAME] ||
		    !gtb[CTRL_ATTR_MCAST_GRP_ID])
			continue;
		attr_str(gtb[CTRL_ATTR_MCAST_GRP_NAME], name, sizeof(name));
		if (!strcmp(name, HVX_GENL_MCGRP_EVENTS) &&
		    attr_u32(gtb[CTRL_ATTR_MCAST_GRP_ID], &fam->events_group))
			return -EPROTO;
	}
	return 0;
}

static int resolve_family(struct hvx_ctl *ctl)
{
	struct nl_msg *msg = nlmsg_alloc();
	int r;

	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0, 0,
			 CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, HVX_GENL_NAME) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	memset(&ctl->family, 0, sizeof(ctl->family));
	r = transact(ctl, msg, parse_family, &ctl->family);
	if (!r && !ctl->family.id)
		r = -EPROTO;
	return r;
}

static int ctl_open(struct hvx_ctl **out, bool events)
{
	struct hvx_ctl *ctl = calloc(1, sizeof(*ctl));
	int one = 1, fd, r;

	*out = NULL;
	if (!ctl)
		return -ENOMEM;
	ctl->sk = nl_socket_alloc();
	if (!ctl->sk) {
		free(ctl);
		return -ENOMEM;
	}
	r = genl_connect(ctl->sk);
	if (r < 0) {
		r = nle_errno(r);
		goto fail;
	}
	/* Large replies (statistics of many vCPUs) are read whole. */
	nl_socket_enable_msg_peek(ctl->sk);
	fd = nl_socket_get_fd(ctl->sk);
	/* Best effort: the kernel's error messages, without the echo. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	r = resolve_family(ctl);
	if (r)
		goto fail;
	if (events) {
		if (!ctl->family.events_group) {
			r = -ENOENT;
			goto fail;
		}
		ctl->buf = malloc(EVENT_BUF_SIZE);
		if (!ctl->buf) {
			r = -ENOMEM;
			goto fail;
		}
		nl_socket_disable_seq_check(ctl->sk);
		nl_socket_set_buffer_size(ctl->sk, 1 << 20, 0);
		r = nl_socket_add_membership(ctl->sk,
					     ctl->family.events_group);
		if (r < 0) {
			r = nle_errno(r);
			goto fail;
		}
	}
	*out = ctl;
	return 0;
fail:
	hvx_ctl_close(ctl);
	return r;
}

int hvx_ctl_open(struct hvx_ctl **ctl)
{
	return ctl_open(ctl, false);
}

int hvx_ctl_open_events(struct hvx_ctl **ctl)
{
	return ctl_open(ctl, true);
}

void hvx_ctl_close(struct hvx_ctl *ctl)
{
	if (!ctl)
		return;
	nl_socket_free(ctl->sk);
	free(ctl->pending);
	free(ctl->buf);
	free(ctl);
}

const struct hvx_ctl_family *hvx_ctl_family(const struct hvx_ctl *ctl)
{
	return &ctl->family;
}

const char *hvx_ctl_error_message(const struct hvx_ctl *ctl)
{
	return ctl->errmsg[0] ? ctl->errmsg : NULL;
}

int hvx_ctl_fd(const struct hvx_ctl *ctl)
{
	return nl_socket_get_fd(ctl->sk);
}

/* ------------------------------------------------------------------ */
/* VMs */

static int parse_vm_info(struct nlmsghdr *nlh, struct hvx_vm_info *vm)
{
	struct nlattr *tb[HVX_A_MAX + 1];
	int r = 0;

	if (genlmsg_parse(nlh, 0, tb, HVX_A_MAX, NULL) < 0 ||
	    !tb[HVX_A_VM_ID])
		return -EPROTO;
	memset(vm, 0, sizeof(*vm));
	r |= attr_u32(tb[HVX_A_VM_ID], &vm->id);
	if (tb[HVX_A_VM_OWNER_PID])
		r |= attr_u32(tb[HVX_A_VM_OWNER_PID], &vm->owner_pid);
	if (tb[HVX_A_VM_OWNER_UID])
		r |= attr_u32(tb[HVX_A_VM_OWNER_UID], &vm->owner_uid);
	if (tb[HVX_A_VM_NR_VCPUS])
		r |= attr_u32(tb[HVX_A_VM_NR_VCPUS], &vm->nr_vcpus);
	if (tb[HVX_A_VM_STATE])
		r |= attr_u32(tb[HVX_A_VM_STATE], &vm->state);
	if (tb[HVX_A_VM_MEMORY])
		r |= attr_u64(tb[HVX_A_VM_MEMORY], &vm->memory);
	if (tb[HVX_A_VM_UPTIME_NS])
		r |= attr_u64(tb[HVX_A_VM_UPTIME_NS], &vm->uptime_ns);
	if (tb[HVX_A_VM_OWNER_COMM])
		attr_str(tb[HVX_A_VM_OWNER_COMM], vm->owner_comm,
			 sizeof(vm->owner_comm));
	return r ? -EPROTO : 0;
}

struct vm_list {
	struct hvx_vm_info *vms;
	size_t n, cap;
};

static int parse_vm_list(struct nlmsghdr *nlh, void *arg)
{
	struct vm_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct hvx_vm_info *v = realloc(l->vms, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->vms = v;
		l->cap = cap;
	}
	if (parse_vm_info(nlh, &l->vms[l->n]))
		return -EPROTO;
	l->n++;
	return 0;
}

static int cmp_vm(const void *a, const void *b)
{
	const struct hvx_vm_info *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int hvx_ctl_vm_list(struct hvx_ctl *ctl, struct hvx_vm_info **vms)
{
	struct vm_list l = { 0 };
	struct nl_msg *msg;
	int r;

	*vms = NULL;
	msg = new_request(ctl, HVX_CMD_VM_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	r = transact(ctl, msg, parse_vm_list, &l);
	if (r < 0) {
		free(l.vms);
		return r;
	}
	if (l.n > 1)
		qsort(l.vms, l.n, sizeof(*l.vms), cmp_vm);
	*vms = l.vms;
	return (int)l.n;
}

struct vm_one {
	struct hvx_vm_info *info;
	bool seen;
};

static int parse_vm_one(struct nlmsghdr *nlh, void *arg)
{
	struct vm_one *o = arg;
	int r = parse_vm_info(nlh, o->info);

	if (!r)
		o->seen = true;
	return r;
}

int hvx_ctl_vm_get(struct hvx_ctl *ctl, uint32_t vm_id,
		   struct hvx_vm_info *info)
{
	struct vm_one o = { .info = info };
	int r;

	r = vm_request(ctl, HVX_CMD_VM_GET, vm_id, -1, parse_vm_one, &o);
	if (r)
		return r;
	return o.seen ? 0 : -EPROTO;
}

/* ------------------------------------------------------------------ */
/* Statistics */

static uint64_t *counter_field(struct hvx_counters *c, int type)
{
	switch (type) {
	case HVX_A_STAT_GUEST_NS:	return &c->guest_ns;
	case HVX_A_STAT_EXITS:		return &c->exits;
	case HVX_A_STAT_EPT_FAULTS:	return &c->ept_faults;
	case HVX_A_STAT_IRQS:		return &c->irqs;
	case HVX_A_STAT_NMIS:		return &c->nmis;
	case HVX_A_STAT_HALTS:		return &c->halts;
	case HVX_A_STAT_USER_EXITS:	return &c->user_exits;
	default:			return NULL;
	}
}

static int parse_exit(struct nlattr *nest, struct hvx_exit_stats *e)
{
	struct nlattr *tb[HVX_A_MAX + 1];
	int r = 0;

	memset(e, 0, sizeof(*e));
	if (nla_parse_nested(tb, HVX_A_MAX, nest, NULL) < 0 ||
	    !tb[HVX_A_EXIT_REASON])
		return -EPROTO;
	r |= attr_u32(tb[HVX_A_EXIT_REASON], &e->reason);
	if (tb[HVX_A_EXIT_COUNT])
		r |= attr_u64(tb[HVX_A_EXIT_COUNT], &e->count);
	if (tb[HVX_A_EXIT_NAME])
		attr_str(tb[HVX_A_EXIT_NAME], e->name, sizeof(e->name));
	if (tb[HVX_A_EXIT_LATENCY]) {
		if (nla_len(tb[HVX_A_EXIT_LATENCY]) < (int)sizeof(e->latency))
			return -EPROTO;
		memcpy(e->latency, nla_data(tb[HVX_A_EXIT_LATENCY]),
		       sizeof(e->latency));
		e->has_latency = true;
	}
	return r ? -EPROTO : 0;
}

static int cmp_exit(const void *a, const void *b)
{
	const struct hvx_exit_stats *x = a, *y = b;

	return x->reason < y->reason ? -1 : x->reason > y->reason;
}

static int parse_vcpu(struct nlattr *nest, struct hvx_vcpu_stats *v)
{
	struct nlattr *a;
	unsigned int cap = 0;
	bool have_id = false;
	int rem, r;

	memset(v, 0, sizeof(*v));
	nla_for_each_nested(a, nest, rem) {
		int type = nla_type(a);
		uint64_t *field;

		if (type == HVX_A_VCPU_ID) {
			if (attr_u32(a, &v->id))
				return -EPROTO;
			have_id = true;
		} else if ((field = counter_field(&v->counters, type))) {
			if (attr_u64(a, field))
				return -EPROTO;
		} else if (type == HVX_A_EXIT) {
			if (v->nr_exits == cap) {
				struct hvx_exit_stats *e;

				cap = cap ? 2 * cap : 16;
				e = realloc(v->exits, cap * sizeof(*e));
				if (!e)
					return -ENOMEM;
				v->exits = e;
			}
			r = parse_exit(a, &v->exits[v->nr_exits]);
			if (r)
				return r;
			v->nr_exits++;
		}
	}
	if (!have_id)
		return -EPROTO;
	if (v->nr_exits > 1)
		qsort(v->exits, v->nr_exits, sizeof(*v->exits), cmp_exit);
	return 0;
}

struct stats_parse {
	struct hvx_vm_stats *s;
	unsigned int cap;
};

/* One reply message; more than one would add their vCPUs up. */
static int parse_stats(struct nlmsghdr *nlh, void *arg)
{
	struct stats_parse *p = arg;
	struct hvx_vm_stats *s = p->s;
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *a;
	int rem, r;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		int type = nla_type(a);
		uint64_t *field;

		if (type == HVX_A_VM_ID) {
			if (attr_u32(a, &s->vm_id))
				return -EPROTO;
		} else if ((field = counter_field(&s->totals, type))) {
			if (attr_u64(a, field))
				return -EPROTO;
		} else if (type == HVX_A_VCPU) {
			if (s->nr_vcpus == p->cap) {
				struct hvx_vcpu_stats *v;

				p->cap = p->cap ? 2 * p->cap : 8;
				v = realloc(s->vcpus, p->cap * sizeof(*v));
				if (!v)
					return -ENOMEM;
				s->vcpus = v;
			}
			r = parse_vcpu(a, &s->vcpus[s->nr_vcpus]);
			if (r) {
				free(s->vcpus[s->nr_vcpus].exits);
				return r;
			}
			s->nr_vcpus++;
		}
	}
	return 0;
}

static int cmp_vcpu(const void *a, const void *b)
{
	const struct hvx_vcpu_stats *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int hvx_ctl_vm_stats(struct hvx_ctl *ctl, uint32_t vm_id,
		     struct hvx_vm_stats **stats)
{
	struct stats_parse p = { 0 };
	int r;

	*stats = NULL;
	p.s = calloc(1, sizeof(*p.s));
	if (!p.s)
		return -ENOMEM;
	r = vm_request(ctl, HVX_CMD_VM_STATS, vm_id, -1, parse_stats, &p);
	if (r) {
		hvx_vm_stats_free(p.s);
		return r;
	}
	if (p.s->nr_vcpus > 1)
		qsort(p.s->vcpus, p.s->nr_vcpus, sizeof(*p.s->vcpus),
		      cmp_vcpu);
	*stats = p.s;
	return 0;
}

void hvx_vm_stats_free(struct hvx_vm_stats *stats)
{
	unsigned int i;

	if (!stats)
		return;
	for (i = 0; i < stats->nr_vcpus; i++)
		free(stats->vcpus[i].exits);
	free(stats->vcpus);
	free(stats);
}

/* ------------------------------------------------------------------ */
/* Changing a VM */

int hvx_ctl_vm_pause(struct hvx_ctl *ctl, uint32_t vm_id)
{
	return vm_request(ctl, HVX_CMD_VM_PAUSE, vm_id, -1, NULL, NULL);
}

int hvx_ctl_vm_resume(struct hvx_ctl *ctl, uint32_t vm_id)
{
	return vm_request(ctl, HVX_CMD_VM_RESUME, vm_id, -1, NULL, NULL);
}

int hvx_ctl_vm_destroy(struct hvx_ctl *ctl, uint32_t vm_id)
{
	return vm_request(ctl, HVX_CMD_VM_DESTROY, vm_id, -1, NULL, NULL);
}

int hvx_ctl_vm_nmi(struct hvx_ctl *ctl, uint32_t vm_id, long vcpu_id)
{
	if (vcpu_id > UINT32_MAX)
		return -EINVAL;
	return vm_request(ctl, HVX_CMD_VM_NMI, vm_id, vcpu_id, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Events */

static int queue_event(struct hvx_ctl *ctl, const struct hvx_event_msg *ev)
{
	if (ctl->first_pending && ctl->first_pending == ctl->nr_pending)
		ctl->first_pending = ctl->nr_pending = 0;
	if (ctl->nr_pending == ctl->pending_cap) {
		size_t cap = ctl->pending_cap ? 2 * ctl->pending_cap : 16;
		struct hvx_event_msg *p = realloc(ctl->pending,
						  cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		ctl->pending = p;
		ctl->pending_cap = cap;
	}
	ctl->pending[ctl->nr_pending++] = *ev;
	return 0;
}

/* An HVX_CMD_EVENT message into @ev; -EAGAIN for anything else. */
static int parse_event(struct hvx_ctl *ctl, struct nlmsghdr *nlh,
		       struct hvx_event_msg *ev)
{
	struct nlattr *tb[HVX_A_MAX + 1];
	struct genlmsghdr *g;
	int r = 0;

	if (nlh->nlmsg_type != ctl->family.id || !genlmsg_valid_hdr(nlh, 0))
		return -EAGAIN;
	g = nlmsg_data(nlh);
	if (g->cmd != HVX_CMD_EVENT ||
	    genlmsg_parse(nlh, 0, tb, HVX_A_MAX, NULL) < 0 ||
	    !tb[HVX_A_EVENT])
		return -EAGAIN;
	memset(ev, 0, sizeof(*ev));
	r |= attr_u32(tb[HVX_A_EVENT], &ev->event);
	if (tb[HVX_A_VM_ID])
		r |= attr_u32(tb[HVX_A_VM_ID], &ev->vm_id);
	if (tb[HVX_A_VCPU_ID]) {
		r |= attr_u32(tb[HVX_A_VCPU_ID], &ev->vcpu_id);
		ev->has_vcpu = true;
	}
	if (tb[HVX_A_EVENT_DATA]) {
		r |= attr_u64(tb[HVX_A_EVENT_DATA], &ev->data);
		ev->has_data = true;
	}
	return r ? -EAGAIN : 0;
}

/* One datagram from the socket, its events queued. 0 or -errno. */
static int read_datagram(struct hvx_ctl *ctl)
{
	int fd = nl_socket_get_fd(ctl->sk);
	struct nlmsghdr *nlh;
	ssize_t n;
	int len, r;

	n = recv(fd, ctl->buf, EVENT_BUF_SIZE, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	len = (int)n;
	for (nlh = (struct nlmsghdr *)ctl->buf; nlmsg_ok(nlh, len);
	     nlh = nlmsg_next(nlh, &len)) {
		struct hvx_event_msg ev;

		if (parse_event(ctl, nlh, &ev))
			continue;
		r = queue_event(ctl, &ev);
		if (r)
			return r;
	}
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int hvx_ctl_event_read(struct hvx_ctl *ctl, struct hvx_event_msg *ev,
		       int timeout_ms)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(ctl->sk),
			      .events = POLLIN };
	int64_t deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
	int wait = timeout_ms, r;

	if (!ctl->buf)
		return -EINVAL;
	for (;;) {
		if (ctl->first_pending < ctl->nr_pending) {
			*ev = ctl->pending[ctl->first_pending++];
			return 1;
		}
		if (timeout_ms >= 0) {
			int64_t left = deadline - now_ms();

			wait = left > 0 ? (int)left : 0;
		}
		r = poll(&pfd, 1, wait);
		if (r < 0)
			return -errno;
		if (r == 0)
			return 0;
		/* A datagram without events of ours just means: wait on. */
		r = read_datagram(ctl);
		if (r && r != -EAGAIN)
			return r;
	}
}

/* ------------------------------------------------------------------ */
/* Names */

const char *hvx_event_name(uint32_t event)
{
	switch (event) {
	case HVX_EVENT_VM_CREATED:		return "vm-created";
	case HVX_EVENT_VM_PAUSED:		return "vm-paused";
	case HVX_EVENT_VM_RESUMED:		return "vm-resumed";
	case HVX_EVENT_VM_DESTROYED:		return "vm-destroyed";
	case HVX_EVENT_VCPU_SHUTDOWN:		return "vcpu-shutdown";
	case HVX_EVENT_VCPU_FAIL_ENTRY:		return "vcpu-fail-entry";
	case HVX_EVENT_VCPU_INTERNAL_ERROR:	return "vcpu-internal-error";
	default:				return NULL;
	}
}

const char *hvx_vm_state_name(uint32_t state)
{
	switch (state) {
	case HVX_VM_STATE_RUNNING:	return "running";
	case HVX_VM_STATE_PAUSED:	return "paused";
	case HVX_VM_STATE_DESTROYED:	return "destroyed";
	default:			return NULL;
	}
}
