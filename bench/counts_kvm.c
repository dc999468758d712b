// SPDX-License-Identifier: GPL-2.0
/*
 * KVM's exit counts, from the vCPU's binary statistics
 * (KVM_GET_STATS_FD, Linux 5.14+), and KVM's settings from its module
 * parameters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "counts.h"

#define MAX_STATS	128

struct stat_desc {
	char name[48];
	uint32_t offset;	/* in the data block, bytes */
	uint32_t flags;
};

/* A vCPU's stats fd and where each counter sits in it. */
struct kvm_counter {
	int fd;
	uint32_t data_offset;
	uint32_t data_size;
	int nr_stats;
	struct stat_desc stats[MAX_STATS];
};

static void print_params(FILE *f, const char *module, const char *const *names)
{
	char path[160], buf[64];
	FILE *p;

	for (; *names; names++) {
		snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s",
			 module, *names);
		p = fopen(path, "r");
		if (!p)
			continue;
		if (fgets(buf, sizeof(buf), p)) {
			buf[strcspn(buf, "\n")] = '\0';
			fprintf(f, " %s=%s", *names, buf);
		}
		fclose(p);
	}
}

static void kvm_describe(FILE *f, struct accel *a)
{
	static const char *const kvm[] = {
		"halt_poll_ns", "nx_huge_pages", "tdp_mmu", "mmio_caching",
		"enable_pmu", NULL,
	};
	static const char *const intel[] = {
		"ept", "vpid", "unrestricted_guest", "enable_apicv",
		"preemption_timer", "pml", "flexpriority",
		"vmentry_l1d_flush", "enable_shadow_vmcs", "eptad", NULL,
	};

	(void)a;
	fprintf(f, "kvm:");
	print_params(f, "kvm", kvm);
	print_params(f, "kvm_intel", intel);
	fprintf(f, " irqchip=none (HLT exits to the VMM)\n");
}

/* The descriptors, once: names and where each value sits. */
static int read_layout(struct kvm_counter *k)
{
	struct kvm_stats_header h;
	size_t desc_size;
	char *descs;
	uint32_t i;

	if (pread(k->fd, &h, sizeof(h), 0) != sizeof(h))
		return -EIO;
	desc_size = sizeof(struct kvm_stats_desc) + h.name_size;
	descs = malloc(desc_size * h.num_desc);
	if (!descs)
		return -ENOMEM;
	if (pread(k->fd, descs, desc_size * h.num_desc, h.desc_offset) !=
	    (ssize_t)(desc_size * h.num_desc)) {
		free(descs);
		return -EIO;
	}
	k->data_offset = h.data_offset;
	k->data_size = 0;
	for (i = 0; i < h.num_desc; i++) {
		struct kvm_stats_desc *d =
			(struct kvm_stats_desc *)(descs + i * desc_size);
		uint32_t end = d->offset + d->size * 8;

		if (end > k->data_size)
			k->data_size = end;
		/* Single counters only; histograms are left out. */
		if (d->size != 1 || k->nr_stats == MAX_STATS)
			continue;
		snprintf(k->stats[k->nr_stats].name,
			 sizeof(k->stats[0].name), "%s", d->name);
		k->stats[k->nr_stats].offset = d->offset;
		k->stats[k->nr_stats].flags = d->flags;
		k->nr_stats++;
	}
	free(descs);
	return 0;
}

static int open_stats(struct vm_counter *vc, struct kvm_counter **out)
{
	struct kvm_counter *k = vc->priv;
	int r;

	if (k) {
		*out = k;
		return 0;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	vc->priv = k;
	k->fd = ioctl(vc->vcpu->fd, KVM_GET_STATS_FD, 0);
	if (k->fd < 0)
		return -errno;
	r = read_layout(k);
	if (r)
		return r;
	*out = k;
	return 0;
}

static uint64_t stat_value(const struct exit_counts *c, const char *name)
{
	int i;

	for (i = 0; i < c->nr_named; i++)
		if (!strcmp(c->named[i].name, name))
			return c->named[i].value;
	return 0;
}

/* The cumulative counters; instant values and peaks do not subtract. */
static void take_counters(struct exit_counts *c, const struct kvm_counter *k,
			  const uint64_t *data)
{
	int i;

	for (i = 0; i < k->nr_stats && c->nr_named < BENCH_NR_NAMED; i++) {
		const struct stat_desc *d = &k->stats[i];

		if ((d->flags & KVM_STATS_TYPE_MASK) != KVM_STATS_TYPE_CUMULATIVE)
			continue;
		snprintf(c->named[c->nr_named].name, sizeof(c->named[0].name),
			 "%s", d->name);
		c->named[c->nr_named].value = data[d->offset / 8];
		c->nr_named++;
	}
}

static int kvm_counts_read(struct vm_counter *vc, struct exit_counts *c)
{
	struct kvm_counter *k = NULL;
	uint64_t *data;
	int r;

	r = open_stats(vc, &k);
	if (r)
		return r;
	data = calloc(1, k->data_size);
	if (!data)
		return -ENOMEM;
	if (pread(k->fd, data, k->data_size, k->data_offset) !=
	    (ssize_t)k->data_size) {
		free(data);
		return -EIO;
	}
	take_counters(c, k, data);
	free(data);
	c->total = stat_value(c, "exits");
	c->async = stat_value(c, "irq_exits");
	c->io = stat_value(c, "io_exits");
	c->mmio = stat_value(c, "mmio_exits");
	c->hlt = stat_value(c, "halt_exits");
	c->ept_fault = stat_value(c, "pf_fixed");
	c->user = vc->user_exits;
	exit_counts_insn(c);
	return 0;
}

static void kvm_counts_release(struct vm_counter *vc)
{
	struct kvm_counter *k = vc->priv;

	if (k && k->fd >= 0)
		close(k->fd);
	free(k);
}

const struct count_source count_source_kvm = {
	.name = "kvm",
	.describe = kvm_describe,
	.read = kvm_counts_read,
	.release = kvm_counts_release,
};
