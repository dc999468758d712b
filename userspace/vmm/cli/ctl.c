// SPDX-License-Identifier: GPL-2.0
/*
 * Shared plumbing of the control commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"
#include "util.h"

static int connect_report(int r)
{
	if (r == -ENOENT)
		error("the hvx module is not loaded (no generic netlink family \"%s\")",
		      HVX_GENL_NAME);
	else if (r == -EPROTO)
		error("the generic netlink family \"%s\" answered in a way this hvx does not understand",
		      HVX_GENL_NAME);
	else
		error("cannot reach the generic netlink family \"%s\": %s",
		      HVX_GENL_NAME, strerror(-r));
	return r;
}

int ctl_connect(struct hvx_ctl **ctl)
{
	int r = hvx_ctl_open(ctl);

	return r ? connect_report(r) : 0;
}

int ctl_connect_events(struct hvx_ctl **ctl)
{
	int r = hvx_ctl_open_events(ctl);

	if (r == -ENOENT) {
		/* The family may be there without its group. */
		struct hvx_ctl *probe;

		if (!hvx_ctl_open(&probe)) {
			hvx_ctl_close(probe);
			error("the hvx module has no \"%s\" multicast group",
			      HVX_GENL_MCGRP_EVENTS);
			return r;
		}
	}
	return r ? connect_report(r) : 0;
}

/* Commands that change a VM, as opposed to reading. */
static bool is_change(const char *what)
{
	static const char *const changes[] = {
		"pause", "resume", "nmi", "destroy",
	};
	size_t i;

	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++)
		if (!strcmp(what, changes[i]))
			return true;
	return false;
}

void ctl_report(struct hvx_ctl *ctl, const char *what, long vm_id, int err)
{
	const char *kmsg = ctl ? hvx_ctl_error_message(ctl) : NULL;
	char subject[64];

	if (vm_id >= 0)
		snprintf(subject, sizeof(subject), "%s VM %ld", what, vm_id);
	else
		snprintf(subject, sizeof(subject), "%s", what);

	switch (-err) {
	case ENXIO:
		if (vm_id >= 0) {
			error("no VM %ld", vm_id);
			return;
		}
		break;
	case EPERM:
	case EACCES:
		if (is_change(what))
			error("%s: permission denied (only root or the user who created the VM may change it)",
			      subject);
		else
			error("%s: permission denied (reading the VMs needs access to %s: run as root, or get read-write access to it)",
			      subject, "/dev/hvx");
		return;
	case EOPNOTSUPP:
		error("%s: this hvx module does not support it", subject);
		return;
	case ENOENT:
		error("%s: the hvx module is gone (no generic netlink family \"%s\")",
		      subject, HVX_GENL_NAME);
		return;
	case EINVAL:
		/* The one EINVAL a well-formed change gets: a destroyed VM. */
		if (ctl && vm_id >= 0 && is_change(what)) {
			struct hvx_vm_info info;

			if (!hvx_ctl_vm_get(ctl, (uint32_t)vm_id, &info) &&
			    info.state == HVX_VM_STATE_DESTROYED) {
				error("%s: the VM is destroyed and takes no more changes (it goes away when its VMM closes it)",
				      subject);
				return;
			}
		}
		break;
	}
	if (kmsg)
		error("%s: %s (%s)", subject, strerror(-err), kmsg);
	else
		error("%s: %s", subject, strerror(-err));
}

int ctl_parse_vm_id(const char *cmd, const char *arg, uint32_t *id)
{
	uint64_t v;

	if (parse_u64(arg, &v) || v > UINT32_MAX) {
		error("%s: '%s' is not a VM id (see 'hvx ps' for the ids)",
		      cmd, arg);
		return -EINVAL;
	}
	*id = (uint32_t)v;
	return 0;
}

int ctl_parse_mhz(const char *cmd, const char *arg, double *mhz)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= 0 && v <= 1e6)) {
		error("%s: --tsc-mhz wants a frequency in MHz, not '%s'", cmd,
		      arg);
		return -EINVAL;
	}
	*mhz = v;
	return 0;
}

const char *ctl_user_name(uint32_t uid, char *buf, size_t len)
{
	FILE *f = fopen("/etc/passwd", "r");
	char line[512];

	snprintf(buf, len, "%u", uid);
	if (!f)
		return buf;
	/* name:password:uid:... */
	while (fgets(line, sizeof(line), f)) {
		char *name = line, *p = strchr(line, ':');
		char *end;

		if (!p)
			continue;
		*p = '\0';
		p = strchr(p + 1, ':');
		if (!p)
			continue;
		if (strtoul(p + 1, &end, 10) == uid && *end == ':' &&
		    end != p + 1) {
			snprintf(buf, len, "%s", name);
			break;
		}
	}
	fclose(f);
	return buf;
}

const char *ctl_state_name(uint32_t state)
{
	const char *s = hvx_vm_state_name(state);

	return s ? s : "?";
}

void ctl_json_vm(struct json *w, const char *key,
		 const struct hvx_vm_info *v)
{
	char user[32];

	json_object(w, key);
	json_uint(w, "id", v->id);
	json_uint(w, "owner_pid", v->owner_pid);
	json_string(w, "owner_comm", v->owner_comm);
	json_uint(w, "owner_uid", v->owner_uid);
	json_string(w, "owner_user",
		     ctl_user_name(v->owner_uid, user, sizeof(user)));
	json_uint(w, "nr_vcpus", v->nr_vcpus);
	json_uint(w, "memory", v->memory);
	json_string(w, "state", ctl_state_name(v->state));
	json_uint(w, "uptime_ns", v->uptime_ns);
	json_end_object(w);
}
