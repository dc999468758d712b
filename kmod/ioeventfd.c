// SPDX-License-Identifier: GPL-2.0
/*
 * ioeventfds: a guest write to a registered port or guest-physical
 * address (of a given length, optionally with a given value) signals an
 * eventfd from the exit handler, without a return to the VMM. Virtio
 * notifications use them.
 */
#include <linux/eventfd.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "hvx.h"

struct hvx_ioeventfd_entry {
	struct list_head link;
	struct eventfd_ctx *ctx;
	u64 addr;
	u64 datamatch;
	u32 len;
	bool pio;
	bool match;		/* only for writes of datamatch */
};

#define IOEVENTFD_FLAGS (HVX_IOEVENTFD_DATAMATCH | HVX_IOEVENTFD_PIO | \
			 HVX_IOEVENTFD_DEASSIGN)

static bool args_valid(const struct hvx_ioeventfd *a)
{
	bool pio = a->flags & HVX_IOEVENTFD_PIO;

	if ((a->flags & ~IOEVENTFD_FLAGS) || a->reserved[0] ||
	    a->reserved[1] || a->reserved[2])
		return false;
	if (a->len != 1 && a->len != 2 && a->len != 4 && (pio || a->len != 8))
		return false;
	if (!(a->flags & HVX_IOEVENTFD_DATAMATCH) && a->datamatch)
		return false;
	if (a->addr + a->len < a->addr)
		return false;
	return !pio || a->addr + a->len <= 0x10000;
}

/*
 * Two registrations conflict when their ranges overlap, unless both are
 * for the same address and length and match different values.
 */
static bool conflicts(const struct hvx_ioeventfd_entry *e,
		      const struct hvx_ioeventfd *a)
{
	bool match = a->flags & HVX_IOEVENTFD_DATAMATCH;

	if (e->pio != !!(a->flags & HVX_IOEVENTFD_PIO))
		return false;
	if (e->addr + e->len <= a->addr || a->addr + a->len <= e->addr)
		return false;
	return !(e->addr == a->addr && e->len == a->len && e->match &&
		 match && e->datamatch != a->datamatch);
}

static int assign(struct hvx_vm *vm, const struct hvx_ioeventfd *a)
{
	struct hvx_ioeventfd_entry *e, *n;
	struct eventfd_ctx *ctx;
	int count = 0, err = 0;

	ctx = eventfd_ctx_fdget(a->fd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n) {
		eventfd_ctx_put(ctx);
		return -ENOMEM;
	}
	*n = (struct hvx_ioeventfd_entry) {
		.ctx = ctx, .addr = a->addr, .datamatch = a->datamatch,
		.len = a->len, .pio = a->flags & HVX_IOEVENTFD_PIO,
		.match = a->flags & HVX_IOEVENTFD_DATAMATCH,
	};
	spin_lock(&vm->ioeventfd_lock);
	list_for_each_entry(e, &vm->ioeventfds, link) {
		count++;
		if (conflicts(e, a))
			err = -EEXIST;
	}
	if (!err && count >= HVX_MAX_IOEVENTFDS)
		err = -ENOSPC;
	if (!err)
		list_add_tail(&n->link, &vm->ioeventfds);
	spin_unlock(&vm->ioeventfd_lock);
	if (err) {
		eventfd_ctx_put(ctx);
		kfree(n);
	}
	return err;
}

static int deassign(struct hvx_vm *vm, const struct hvx_ioeventfd *a)
{
	struct hvx_ioeventfd_entry *e, *found = NULL;
	struct eventfd_ctx *ctx;

	ctx = eventfd_ctx_fdget(a->fd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	spin_lock(&vm->ioeventfd_lock);
	list_for_each_entry(e, &vm->ioeventfds, link) {
		if (e->ctx == ctx && e->addr == a->addr && e->len == a->len &&
		    e->pio == !!(a->flags & HVX_IOEVENTFD_PIO) &&
		    e->match == !!(a->flags & HVX_IOEVENTFD_DATAMATCH) &&
		    e->datamatch == a->datamatch) {
			found = e;
			list_del(&e->link);
			break;
		}
	}
	spin_unlock(&vm->ioeventfd_lock);
	eventfd_ctx_put(ctx);
	if (!found)
		return -ENXIO;
	eventfd_ctx_put(found->ctx);
	kfree(found);
	return 0;
}

int hvx_ioeventfd_ioctl(struct hvx_vm *vm, struct hvx_ioeventfd __user *u)
{
	struct hvx_ioeventfd a;

	if (copy_from_user(&a, u, sizeof(a)))
		return -EFAULT;
	if (!args_valid(&a))
		return -EINVAL;
	if (a.flags & HVX_IOEVENTFD_DEASSIGN)
		return deassign(vm, &a);
	return assign(vm, &a);
}

/*
 * The registration that takes a @len-byte write of *@value to @addr, or
 * with @value NULL one that takes some value there. Under ioeventfd_lock.
 */
static struct hvx_ioeventfd_entry *find(struct hvx_vm *vm, bool pio,
					u64 addr, u32 len, const u64 *value)
{
	struct hvx_ioeventfd_entry *e;

	list_for_each_entry(e, &vm->ioeventfds, link) {
		if (e->pio == pio && e->addr == addr && e->len == len &&
		    (!e->match || !value || e->datamatch == *value))
			return e;
	}
	return NULL;
}

/* From an exit handler: true when a registration took the write. */
bool hvx_ioeventfd_write(struct hvx_vm *vm, bool pio, u64 addr, u32 len,
			 u64 value)
{
	struct hvx_ioeventfd_entry *e;

	spin_lock(&vm->ioeventfd_lock);
	e = find(vm, pio, addr, len, &value);
	if (e)
		eventfd_signal(e->ctx, 1);
	spin_unlock(&vm->ioeventfd_lock);
	return !!e;
}

/*
 * Whether hvx_ioeventfd_write() would take the write of *@value (of some
 * value, with @value NULL), signalling nothing.
 */
bool hvx_ioeventfd_registered(struct hvx_vm *vm, bool pio, u64 addr, u32 len,
			      const u64 *value)
{
	bool found;

	spin_lock(&vm->ioeventfd_lock);
	found = !!find(vm, pio, addr, len, value);
	spin_unlock(&vm->ioeventfd_lock);
	return found;
}

void hvx_ioeventfd_free_all(struct hvx_vm *vm)
{
	struct hvx_ioeventfd_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, &vm->ioeventfds, link) {
		eventfd_ctx_put(e->ctx);
		kfree(e);
	}
}
