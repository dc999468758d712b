// SPDX-License-Identifier: GPL-2.0
/*
 * The control plane: the generic netlink family "hvx" (uapi/linux/
 * hvx_genl.h). It lists every VM on the host with its owner and state,
 * reports per-vCPU statistics, pauses, resumes, destroys VMs and injects
 * NMIs from outside their VMM, and multicasts lifecycle events.
 *
 * Reading needs the right to open /dev/hvx; changing a VM needs
 * CAP_SYS_ADMIN in the initial user namespace or to be its owner.
 */
#include <linux/cred.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <asm/tsc.h>
#include "hvx.h"

static struct genl_family hvx_genl_family;

enum { HVX_MCGRP_EVENTS_IDX };

static const struct genl_multicast_group hvx_mcgrps[] = {
	[HVX_MCGRP_EVENTS_IDX] = { .name = HVX_GENL_MCGRP_EVENTS },
};

static const struct nla_policy hvx_policy[HVX_A_MAX + 1] = {
	[HVX_A_VM_ID] = { .type = NLA_U32 },
	[HVX_A_VCPU_ID] = { .type = NLA_U32 },
};

/* May the caller open /dev/hvx? That is who may look. */
static int check_read(void)
{
	struct path path;
	int err;

	if (capable(CAP_SYS_ADMIN))
		return 0;
	err = kern_path("/dev/hvx", LOOKUP_FOLLOW, &path);
	if (err)
		return -EPERM;
	err = path_permission(&path, MAY_READ | MAY_WRITE);
	path_put(&path);
	return err ? -EPERM : 0;
}

static int check_modify(struct sk_buff *skb, const struct hvx_vm *vm)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	return uid_eq(current_euid(), vm->owner_uid) ? 0 : -EPERM;
}

static int put_vm(struct sk_buff *msg, struct hvx_vm *vm)
{
	u64 now = ktime_get_boottime_ns();

	if (nla_put_u32(msg, HVX_A_VM_ID, vm->id) ||
	    nla_put_u32(msg, HVX_A_VM_OWNER_PID, vm->owner_pid) ||
	    nla_put_string(msg, HVX_A_VM_OWNER_COMM, vm->owner_comm) ||
	    nla_put_u32(msg, HVX_A_VM_OWNER_UID,
			from_kuid_munged(&init_user_ns, vm->owner_uid)) ||
	    nla_put_u32(msg, HVX_A_VM_NR_VCPUS, READ_ONCE(vm->nr_vcpus)) ||
	    nla_put_u64_64bit(msg, HVX_A_VM_MEMORY, hvx_vm_memory(vm),
			      HVX_A_PAD) ||
	    nla_put_u32(msg, HVX_A_VM_STATE, READ_ONCE(vm->state)) ||
	    nla_put_u64_64bit(msg, HVX_A_VM_UPTIME_NS, now - vm->created_ns,
			      HVX_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static int vm_get_one(struct sk_buff *msg, u32 portid, u32 seq, int flags,
		      struct hvx_vm *vm)
{
	void *hdr = genlmsg_put(msg, portid, seq, &hvx_genl_family, flags,
				HVX_CMD_VM_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (put_vm(msg, vm)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/* cb->args[0]: the id of the last VM sent. */
static int vm_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hvx_vm *vm;
	int err = check_read();

	if (err)
		return err;
	mutex_lock(&hvx_vm_list_lock);
	list_for_each_entry(vm, &hvx_vm_list, list_link) {
		if (vm->id <= cb->args[0])
			continue;
		if (vm_get_one(skb, NETLINK_CB(cb->skb).portid,
			       cb->nlh->nlmsg_seq, NLM_F_MULTI, vm))
			break;
		cb->args[0] = vm->id;
	}
	mutex_unlock(&hvx_vm_list_lock);
	return skb->len;
}

/* Run @fn on the VM named in the request, under the VM list lock. */
static int with_vm(struct genl_info *info,
		   int (*fn)(struct sk_buff *skb, struct genl_info *info,
			     struct hvx_vm *vm),
		   struct sk_buff *skb)
{
	struct hvx_vm *vm;
	int err;

	if (!info->attrs[HVX_A_VM_ID])
		return -EINVAL;
	mutex_lock(&hvx_vm_list_lock);
	vm = hvx_vm_find(nla_get_u32(info->attrs[HVX_A_VM_ID]));
	err = vm ? fn(skb, info, vm) : -ENXIO;
	mutex_unlock(&hvx_vm_list_lock);
	return err;
}

static int reply_vm(struct sk_buff *skb, struct genl_info *info,
		    struct hvx_vm *vm)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	int err;

	if (!msg)
		return -ENOMEM;
	err = vm_get_one(msg, info->snd_portid, info->snd_seq, 0, vm);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int vm_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = check_read();

	return err ? err : with_vm(info, reply_vm, skb);
}

static int put_exits(struct sk_buff *msg, const struct hvx_vcpu_stats *st)
{
	struct nlattr *nest;
	u32 r;

	for (r = 0; r < HVX_STAT_EXIT_REASONS; r++) {
		u64 count = READ_ONCE(st->exits[r]);

		if (!count)
			continue;
		nest = nla_nest_start(msg, HVX_A_EXIT);
		if (!nest ||
		    nla_put_u32(msg, HVX_A_EXIT_REASON, r) ||
		    nla_put_string(msg, HVX_A_EXIT_NAME, hvx_arch_exit_name(r)) ||
		    nla_put_u64_64bit(msg, HVX_A_EXIT_COUNT, count, HVX_A_PAD) ||
		    nla_put(msg, HVX_A_EXIT_LATENCY, sizeof(st->latency[r]),
			    st->latency[r]))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

/* Totals of one vCPU, or summed over a VM into @sum. */
static void add_stats(struct hvx_vcpu_stats *sum,
		      const struct hvx_vcpu_stats *st)
{
	u32 r;

	for (r = 0; r < HVX_STAT_EXIT_REASONS; r++)
		sum->exits[r] += READ_ONCE(st->exits[r]);
	sum->ept_faults += READ_ONCE(st->ept_faults);
	sum->irqs += READ_ONCE(st->irqs);
	sum->nmis += READ_ONCE(st->nmis);
	sum->halts += READ_ONCE(st->halts);
	sum->user_exits += READ_ONCE(st->user_exits);
}

static u64 guest_ns(const struct hvx_vcpu_stats *st)
{
	/* tsc_khz cycles make a millisecond. */
	return tsc_khz ? mul_u64_u32_div(READ_ONCE(st->guest_cycles), NSEC_PER_MSEC,
					 tsc_khz) : 0;
}

/* @ns: time in the guest, summed per vCPU so that the parts add up. */
static int put_totals(struct sk_buff *msg, const struct hvx_vcpu_stats *st,
		      u64 ns)
{
	u64 exits = 0;
	u32 r;

	for (r = 0; r < HVX_STAT_EXIT_REASONS; r++)
		exits += st->exits[r];
	if (nla_put_u64_64bit(msg, HVX_A_STAT_GUEST_NS, ns, HVX_A_PAD) ||
	    nla_put_u64_64bit(msg, HVX_A_STAT_EXITS, exits, HVX_A_PAD) ||
	    nla_put_u64_64bit(msg, HVX_A_STAT_EPT_FAULTS, st->ept_faults,
			      HVX_A_PAD) ||
	    nla_put_u64_64bit(msg, HVX_A_STAT_IRQS, st->irqs, HVX_A_PAD) ||
	    nla_put_u64_64bit(msg, HVX_A_STAT_NMIS, st->nmis, HVX_A_PAD) ||
	    nla_put_u64_64bit(msg, HVX_A_STAT_HALTS, st->halts, HVX_A_PAD) ||
	    nla_put_u64_64bit(msg, HVX_A_STAT_USER_EXITS, st->user_exits,
			      HVX_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static int put_vcpu(struct sk_buff *msg, struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_stats *sum = kzalloc(sizeof(*sum), GFP_KERNEL);
	struct nlattr *nest;
	int err = -EMSGSIZE;

	if (!sum)
		return -ENOMEM;
	add_stats(sum, vcpu->stats);
	nest = nla_nest_start(msg, HVX_A_VCPU);
	if (nest && !nla_put_u32(msg, HVX_A_VCPU_ID, vcpu->id) &&
	    !put_totals(msg, sum, guest_ns(vcpu->stats)) &&
	    !put_exits(msg, vcpu->stats)) {
		nla_nest_end(msg, nest);
		err = 0;
	}
	kfree(sum);
	return err;
}

/*
 * Room for every exit reason of each vCPU the VM has: reasons can become
 * nonzero while the reply is built, vCPUs cannot appear (vm->lock).
 */
static size_t stats_msg_size(struct hvx_vm *vm)
{
	return NLMSG_GOODSIZE + (size_t)READ_ONCE(vm->nr_vcpus) *
	       (512 + HVX_STAT_EXIT_REASONS *
		nla_total_size(sizeof(vm->vcpus[0]->stats->latency[0]) + 96));
}

static int reply_stats(struct sk_buff *skb, struct genl_info *info,
		       struct hvx_vm *vm)
{
	struct hvx_vcpu_stats *sum;
	struct sk_buff *msg;
	u64 ns = 0;
	void *hdr;
	int i, err = -EMSGSIZE;

	msg = genlmsg_new(stats_msg_size(vm), GFP_KERNEL);
	sum = kzalloc(sizeof(*sum), GFP_KERNEL);
	if (!msg || !sum) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq,
			  &hvx_genl_family, 0, HVX_CMD_VM_STATS);
	if (!hdr)
		goto out;
	mutex_lock(&vm->lock);
	for (i = 0; i < HVX_MAX_VCPUS; i++) {
		if (vm->vcpus[i]) {
			add_stats(sum, vm->vcpus[i]->stats);
			ns += guest_ns(vm->vcpus[i]->stats);
		}
	}
	err = nla_put_u32(msg, HVX_A_VM_ID, vm->id) ? -EMSGSIZE :
	      put_totals(msg, sum, ns);
	for (i = 0; !err && i < HVX_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			err = put_vcpu(msg, vm->vcpus[i]);
	mutex_unlock(&vm->lock);
	if (err)
		goto out;
	genlmsg_end(msg, hdr);
	kfree(sum);
	return genlmsg_reply(msg, info);
out:
	kfree(sum);
	nlmsg_free(msg);
	return err;
}

static int vm_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = check_read();

	return err ? err : with_vm(info, reply_stats, skb);
}

static int do_pause(struct sk_buff *skb, struct genl_info *info,
		    struct hvx_vm *vm)
{
	return check_modify(skb, vm) ?: hvx_vm_set_state(vm, HVX_VM_STATE_PAUSED);
}

static int do_resume(struct sk_buff *skb, struct genl_info *info,
		     struct hvx_vm *vm)
{
	return check_modify(skb, vm) ?: hvx_vm_set_state(vm, HVX_VM_STATE_RUNNING);
}

static int do_destroy(struct sk_buff *skb, struct genl_info *info,
		      struct hvx_vm *vm)
{
	return check_modify(skb, vm) ?:
	       hvx_vm_set_state(vm, HVX_VM_STATE_DESTROYED);
}

static int do_nmi(struct sk_buff *skb, struct genl_info *info,
		  struct hvx_vm *vm)
{
	struct nlattr *a = info->attrs[HVX_A_VCPU_ID];

	return check_modify(skb, vm) ?:
	       hvx_vm_request_nmi(vm, a ? nla_get_u32(a) : 0);
}

/* Who may not even look learns nothing, not even which VM ids exist. */
static int vm_pause_doit(struct sk_buff *skb, struct genl_info *info)
{
	return check_read() ?: with_vm(info, do_pause, skb);
}

static int vm_resume_doit(struct sk_buff *skb, struct genl_info *info)
{
	return check_read() ?: with_vm(info, do_resume, skb);
}

static int vm_destroy_doit(struct sk_buff *skb, struct genl_info *info)
{
	return check_read() ?: with_vm(info, do_destroy, skb);
}

static int vm_nmi_doit(struct sk_buff *skb, struct genl_info *info)
{
	return check_read() ?: with_vm(info, do_nmi, skb);
}

static const struct genl_small_ops hvx_ops[] = {
	{ .cmd = HVX_CMD_VM_GET, .doit = vm_get_doit,
	  .dumpit = vm_get_dumpit },
	{ .cmd = HVX_CMD_VM_STATS, .doit = vm_stats_doit },
	{ .cmd = HVX_CMD_VM_PAUSE, .doit = vm_pause_doit },
	{ .cmd = HVX_CMD_VM_RESUME, .doit = vm_resume_doit },
	{ .cmd = HVX_CMD_VM_NMI, .doit = vm_nmi_doit },
	{ .cmd = HVX_CMD_VM_DESTROY, .doit = vm_destroy_doit },
};

static struct genl_family hvx_genl_family __ro_after_init = {
	.name = HVX_GENL_NAME,
	.version = HVX_GENL_VERSION,
	.maxattr = HVX_A_MAX,
	.policy = hvx_policy,
	.module = THIS_MODULE,
	.small_ops = hvx_ops,
	.n_small_ops = ARRAY_SIZE(hvx_ops),
	.mcgrps = hvx_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hvx_mcgrps),
};

static void notify(u32 event, u32 vm_id, s64 vcpu_id, u64 data)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &hvx_genl_family, 0, HVX_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, HVX_A_EVENT, event) ||
	    nla_put_u32(msg, HVX_A_VM_ID, vm_id) ||
	    (vcpu_id >= 0 && (nla_put_u32(msg, HVX_A_VCPU_ID, vcpu_id) ||
			      nla_put_u64_64bit(msg, HVX_A_EVENT_DATA, data,
						HVX_A_PAD)))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	/* Nobody listening is not an error. */
	genlmsg_multicast(&hvx_genl_family, msg, 0, HVX_MCGRP_EVENTS_IDX,
			  GFP_KERNEL);
}

void hvx_control_vm_event(struct hvx_vm *vm, u32 event)
{
	notify(event, vm->id, -1, 0);
}

void hvx_control_vcpu_event(struct hvx_vcpu *vcpu, u32 event, u64 data)
{
	notify(event, vcpu->vm->id, vcpu->id, data);
}

int hvx_control_init(void)
{
	return genl_register_family(&hvx_genl_family);
}

void hvx_control_exit(void)
{
	genl_unregister_family(&hvx_genl_family);
}
