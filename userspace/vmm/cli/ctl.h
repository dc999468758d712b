/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the control commands (ps, stats, top, events, pause, resume,
 * nmi, destroy) share: their exit statuses, connecting to the "hvx"
 * generic netlink family, turning its errors into messages, reading VM
 * ids and TSC frequencies, and showing a VM.
 */
#ifndef HVX_CTL_H
#define HVX_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hvx_control.h"
#include "json.h"

/* Exit statuses of the control commands (docs/control.md). */
#define CTL_EXIT_OK	0
#define CTL_EXIT_ERROR	1	/* the request failed: no module, no VM, EPERM */
#define CTL_EXIT_USAGE	2	/* bad options or arguments */

/*
 * Connect for requests (or for events); on failure say why, e.g. that
 * the module is not loaded, and return -errno.
 */
int ctl_connect(struct hvx_ctl **ctl);
int ctl_connect_events(struct hvx_ctl **ctl);

/*
 * Say why a request failed: @what is the command ("pause", "stats"...),
 * @vm_id the VM it was about (< 0: none). "hvx: no VM 7", a permission
 * message that fits reading or changing, or the errno and the kernel's
 * own message.
 */
void ctl_report(struct hvx_ctl *ctl, const char *what, long vm_id, int err);

/* A VM id argument; prints a usage error and returns -EINVAL if bad. */
int ctl_parse_vm_id(const char *cmd, const char *arg, uint32_t *id);

/* --tsc-mhz: a frequency in MHz, or 0 for cycles only. 0 or -EINVAL. */
int ctl_parse_mhz(const char *cmd, const char *arg, double *mhz);

/* "running", "paused", "destroyed", or "?". */
const char *ctl_state_name(uint32_t state);

/* A VM as a JSON object (hvx ps --json and hvx stats --json). */
void ctl_json_vm(struct json *w, const char *key,
		 const struct hvx_vm_info *v);

/* The name of @uid from /etc/passwd, else the number. */
const char *ctl_user_name(uint32_t uid, char *buf, size_t len);

#endif /* HVX_CTL_H */
