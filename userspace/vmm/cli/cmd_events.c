// SPDX-License-Identifier: GPL-2.0
/*
 * hvx events: follow the "events" multicast group of the control family
 * and print one line per event (or one JSON object per line).
 */
#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <linux/hvx.h>
#include "cmd.h"
#include "ctl.h"
#include "json.h"
#include "util.h"

static void events_usage(const struct command *cmd, FILE *f)
{
	(void)cmd;
	fprintf(f,
		"usage: hvx events [--json] [--count N] [--timeout SECONDS] [--vm VM]\n"
		"\n"
		"Follow what happens to the VMs on the host, one line per event:\n"
		"the time it was received, the event, the VM id, the vCPU id and\n"
		"the event's data. Events:\n"
		"  vm-created           a VM was created\n"
		"  vm-paused            hvx pause (or another toolstack) paused it\n"
		"  vm-resumed           ... resumed it\n"
		"  vm-destroyed         destroyed from outside, or its VMM closed it\n"
		"  vcpu-shutdown        a vCPU triple faulted\n"
		"  vcpu-fail-entry      a vCPU could not enter the guest; data: the\n"
		"                       VMX exit reason\n"
		"  vcpu-internal-error  hvx.ko could not handle an exit; data: the\n"
		"                       suberror\n"
		"\n"
		"options:\n"
		"  --json               one JSON object per line (JSON Lines)\n"
		"  -c, --count N        stop after N events\n"
		"  --timeout SECONDS    give up after SECONDS (exit status 1 if\n"
		"                       --count events did not all come)\n"
		"  --vm VM              only the events of VM\n"
		"  -h, --help           this text\n"
		"\n"
		"exit status: 0 (after --count events, or at --timeout without\n"
		"--count), 1 on errors or a --timeout before --count events, 2 for\n"
		"bad usage.\n");
}

static const char *data_str(const struct hvx_event_msg *ev, char *buf,
			    size_t len)
{
	if (!ev->has_data || ev->event == HVX_EVENT_VCPU_SHUTDOWN) {
		/* A shutdown's data is always 0: nothing to say. */
		snprintf(buf, len, "-");
	} else if (ev->event == HVX_EVENT_VCPU_FAIL_ENTRY) {
		snprintf(buf, len, "exit reason %llu",
			 (unsigned long long)ev->data);
	} else if (ev->event == HVX_EVENT_VCPU_INTERNAL_ERROR) {
		const char *what = ev->data == HVX_INTERNAL_UNHANDLED_EXIT ?
			" (unhandled exit)" :
			ev->data == HVX_INTERNAL_DELIVERY_EV ?
			" (exit while delivering an event)" :
			ev->data == HVX_INTERNAL_EMULATION ?
			" (emulation)" : "";

		snprintf(buf, len, "suberror %llu%s",
			 (unsigned long long)ev->data, what);
	} else {
		snprintf(buf, len, "%llu", (unsigned long long)ev->data);
	}
	return buf;
}

static void print_text(const struct hvx_event_msg *ev,
		       const struct timeval *tv)
{
	const char *name = hvx_event_name(ev->event);
	char when[32], vcpu[16], data[64], unknown[24];
	struct tm tm;

	localtime_r(&tv->tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	if (!name) {
		snprintf(unknown, sizeof(unknown), "event-%u", ev->event);
		name = unknown;
	}
	if (ev->has_vcpu)
		snprintf(vcpu, sizeof(vcpu), "%u", ev->vcpu_id);
	else
		snprintf(vcpu, sizeof(vcpu), "-");
	printf("%s.%03ld  %-20s %5u %5s  %s\n", when,
	       (long)tv->tv_usec / 1000, name, ev->vm_id, vcpu,
	       data_str(ev, data, sizeof(data)));
}

static void print_json(const struct hvx_event_msg *ev,
		       const struct timeval *tv)
{
	const char *name = hvx_event_name(ev->event);
	char when[40], iso[32];
	struct json w;
	struct tm tm;

	gmtime_r(&tv->tv_sec, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when, sizeof(when), "%s.%06ldZ", iso, (long)tv->tv_usec);
	json_init(&w, stdout, false);
	json_object(&w, NULL);
	json_string(&w, "time", when);
	json_uint(&w, "event_id", ev->event);
	if (name)
		json_string(&w, "event", name);
	else
		json_null(&w, "event");
	json_uint(&w, "vm_id", ev->vm_id);
	if (ev->has_vcpu)
		json_uint(&w, "vcpu_id", ev->vcpu_id);
	else
		json_null(&w, "vcpu_id");
	if (ev->has_data)
		json_uint(&w, "data", ev->data);
	else
		json_null(&w, "data");
	json_end_object(&w);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct events_args {
	bool json;
	uint64_t count;			/* 0: no end */
	uint64_t timeout_s;		/* 0: none */
	long vm_filter;			/* < 0: every VM */
};

static int events_option(void *ctx, int c, const char *arg)
{
	struct events_args *a = ctx;
	uint32_t id;

	switch (c) {
	case 'j':
		a->json = true;
		return 0;
	case 'c':
		if (parse_u64(arg, &a->count) || !a->count) {
			error("events: --count wants a positive number, not '%s'",
			      arg);
			return -EINVAL;
		}
		return 0;
	case 't':
		if (parse_u64(arg, &a->timeout_s) || !a->timeout_s ||
		    a->timeout_s > 86400 * 365) {
			error("events: --timeout wants a positive number of seconds, not '%s'",
			      arg);
			return -EINVAL;
		}
		return 0;
	default:
		if (ctl_parse_vm_id("events", arg, &id))
			return -EINVAL;
		a->vm_filter = id;
		return 0;
	}
}

/* Print events as they come: 0, or -errno (with its message). */
static int follow(struct hvx_ctl *ctl, const struct events_args *a,
		  uint64_t *seen)
{
	uint64_t deadline = a->timeout_s ? now_ms() + a->timeout_s * 1000 : 0;
	int r;

	while (!a->count || *seen < a->count) {
		struct hvx_event_msg ev;
		struct timeval tv;
		int wait = -1;

		if (deadline) {
			uint64_t now = now_ms();

			if (now >= deadline)
				break;
			wait = (int)(deadline - now);
		}
		r = hvx_ctl_event_read(ctl, &ev, wait);
		if (r == 0)
			continue;
		if (r == -ENOBUFS) {
			error("events: some events were lost (the kernel's queue for us overflowed)");
			continue;
		}
		if (r < 0) {
			error("events: %s", strerror(-r));
			return r;
		}
		if (a->vm_filter >= 0 && ev.vm_id != (uint32_t)a->vm_filter)
			continue;
		gettimeofday(&tv, NULL);
		if (a->json)
			print_json(&ev, &tv);
		else
			print_text(&ev, &tv);
		fflush(stdout);
		(*seen)++;
	}
	return 0;
}

static int run_events(const struct command *cmd, int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "vm", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cmd_syntax syntax = {
		.options = options, .shortopts = "c:", .option = events_option,
	};
	struct events_args a = { .vm_filter = -1 };
	struct hvx_ctl *ctl;
	uint64_t seen = 0;
	int r;

	r = cmd_parse(cmd, &syntax, argc, argv, &a);
	if (r != CMD_GO)
		return r;
	if (ctl_connect_events(&ctl))
		return CTL_EXIT_ERROR;
	if (!a.json) {
		printf("%-23s  %-20s %5s %5s  %s\n", "TIME", "EVENT", "VM",
		       "VCPU", "DATA");
		fflush(stdout);
	}
	r = follow(ctl, &a, &seen);
	hvx_ctl_close(ctl);
	if (r)
		return CTL_EXIT_ERROR;
	if (a.count && seen < a.count) {
		error("events: timed out after %llu s with %llu of %llu events",
		      (unsigned long long)a.timeout_s, (unsigned long long)seen,
		      (unsigned long long)a.count);
		return CTL_EXIT_ERROR;
	}
	return CTL_EXIT_OK;
}

const struct command events_command = {
	.name = "events",
	.summary = "follow VM events",
	.run = run_events,
	.usage = events_usage,
	.usage_status = CTL_EXIT_USAGE,
};
