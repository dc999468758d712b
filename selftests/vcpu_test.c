// SPDX-License-Identifier: GPL-2.0
/*
 * VM and vCPU objects: vCPU ids and counts (EINVAL, EEXIST, ENOSPC),
 * fds used from another process (EIO), vCPU fds outliving their VM fd,
 * and every object freed once the last fd goes (the module's use count
 * comes back).
 */
#include <sys/wait.h>
#include "hvx_harness.h"

HVXT_GUEST_CODE(id_guest,
	".code64\n"
	"	mov %rdi, %rax\n"
	GUEST_REPORT
	GUEST_DONE
);

/* The vCPU reports its RDI, which we set to a token. */
static void check_vcpu_runs(struct __test_metadata *_metadata,
			    struct hvxt_vcpu *vcpu, uint64_t token)
{
	hvxt_set_rip(vcpu, HVXT_CODE_GPA);
	HVXT_SET_REG(vcpu, rdi, token);
	vcpu->nr_reports = 0;
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(1, vcpu->nr_reports);
	EXPECT_EQ(token, vcpu->reports[0]);
}

static struct hvxt_vm *id_vm(void)
{
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);

	hvxt_load(vm, HVXT_CODE_GPA, id_guest_start, id_guest_end);
	return vm;
}

TEST(vcpu_id_out_of_range)
{
	struct hvxt_vm *vm = id_vm();
	long max_id = hvx_check_extension(vm->sys_fd, HVX_CAP_MAX_VCPU_ID);
	struct hvxt_vcpu *last;

	ASSERT_GT(max_id, 0);
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(vm->fd, HVX_CREATE_VCPU, max_id));
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(vm->fd, HVX_CREATE_VCPU,
						max_id + 1));
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(vm->fd, HVX_CREATE_VCPU,
						0x100000000UL));
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(vm->fd, HVX_CREATE_VCPU, ~0UL));
	/* The highest id is fine, and the failures left no vCPU behind. */
	last = hvxt_vcpu_add(vm, max_id - 1, HVXT_CODE_GPA);
	check_vcpu_runs(_metadata, last, 0x1d);
	EXPECT_EQ(1, vm->nr_vcpus);
}

TEST(vcpu_id_duplicate)
{
	struct hvxt_vm *vm = id_vm();
	struct hvxt_vcpu *a = hvxt_vcpu_add(vm, 3, HVXT_CODE_GPA);
	int fd;

	ASSERT_ERRNO(EEXIST, hvx_create_vcpu(vm->fd, 3));
	ASSERT_ERRNO(EEXIST, hvx_create_vcpu(vm->fd, 3));
	check_vcpu_runs(_metadata, a, 0x33);
	/* Once the first is closed its id is free again. */
	hvxt_vcpu_destroy(a);
	fd = hvx_create_vcpu(vm->fd, 3);
	ASSERT_LE(0, fd);
	close(fd);
}

TEST(too_many_vcpus)
{
	struct hvxt_vm *vm = id_vm();
	long nr = hvx_check_extension(vm->sys_fd, HVX_CAP_NR_VCPUS);
	struct hvxt_vcpu *v[HVXT_MAX_VCPUS];
	long i;

	ASSERT_GT(nr, 0);
	ASSERT_LE(nr, HVXT_MAX_VCPUS);
	for (i = 0; i < nr; i++)
		v[i] = hvxt_vcpu_add(vm, i * 2, HVXT_CODE_GPA);
	ASSERT_ERRNO(ENOSPC, hvx_create_vcpu(vm->fd, 1));
	ASSERT_ERRNO(ENOSPC, hvx_create_vcpu(vm->fd, 99));
	/* A duplicate id is still a duplicate when full. */
	ASSERT_ERRNO(EEXIST, hvx_create_vcpu(vm->fd, 0));
	/* Every one of them works. */
	for (i = 0; i < nr; i++)
		check_vcpu_runs(_metadata, v[i], 0x100 + i);
	/* One closed, one more fits, and no more. */
	hvxt_vcpu_destroy(v[5]);
	v[5] = hvxt_vcpu_add(vm, 201, HVXT_CODE_GPA);
	ASSERT_ERRNO(ENOSPC, hvx_create_vcpu(vm->fd, 202));
	check_vcpu_runs(_metadata, v[5], 0x201);
}

/* ------------------------------------------------------------------ */
/* Another process */

TEST(fds_from_another_process)
{
	struct hvxt_vm *vm = id_vm();
	struct hvxt_vcpu *vcpu = hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct hvx_regs r;
		struct hvx_memory_region mr = {
			.slot = 1, .guest_phys_addr = 0x400000,
			.memory_size = 4096,
			.userspace_addr = (uintptr_t)vm->mem,
		};
		int fails = 0;

		/* The VM and vCPU fds belong to the parent's mm. */
		fails += hvx_create_vcpu(vm->fd, 1) != -EIO;
		fails += hvxt_raw_set_region(vm->fd, &mr) != -EIO;
		fails += hvx_run(vcpu->fd) != -EIO;
		fails += hvx_get_regs(vcpu->fd, &r) != -EIO;
		fails += hvx_set_regs(vcpu->fd, &r) != -EIO;
		/* Unknown ioctls too: the check comes first. */
		fails += hvxt_raw_ioctl_arg(vm->fd, _IO(HVXIO, 0x7f), 0) != -EIO;
		/* /dev/hvx is not tied to a process. */
		fails += hvx_api_version(vm->sys_fd) != HVX_API_VERSION;
		_exit(fails);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* Nothing the child tried happened. */
	ASSERT_ERRNO(EEXIST, hvx_create_vcpu(vm->fd, 0));
	EXPECT_EQ(1, vm->nr_vcpus);
	check_vcpu_runs(_metadata, vcpu, 0xc1d);
}

/* A child's own VM works, beside the parent's. */
TEST(child_process_own_vm)
{
	struct hvxt_vm *vm = id_vm();
	struct hvxt_vcpu *vcpu = hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct hvxt_vm *mine = id_vm();
		struct hvxt_vcpu *v = hvxt_vcpu_add(mine, 0, HVXT_CODE_GPA);

		HVXT_SET_REG(v, rdi, 0x77);
		HVXT_RUN_UNTIL_DONE(v);
		_exit(v->reports[0] == 0x77 ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	check_vcpu_runs(_metadata, vcpu, 0x88);
}

/* ------------------------------------------------------------------ */
/* Lifetimes */

TEST(vcpu_outlives_vm_fd)
{
	long refs = hvxt_module_refcnt();
	struct hvxt_vm *vm = id_vm();
	struct hvxt_vcpu *a = hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);
	struct hvxt_vcpu *b = hvxt_vcpu_add(vm, 1, HVXT_CODE_GPA);

	ASSERT_EQ(0, close(vm->fd));
	ASSERT_EQ(0, close(vm->sys_fd));
	vm->fd = vm->sys_fd = -1;
	check_vcpu_runs(_metadata, a, 0xa);
	hvxt_vcpu_destroy(a);
	check_vcpu_runs(_metadata, b, 0xb);
	if (refs >= 0)
		EXPECT_LT(refs, hvxt_module_refcnt());
	hvxt_vcpu_destroy(b);
	if (refs >= 0)
		EXPECT_EQ(refs, hvxt_module_refcnt());
}

TEST(objects_freed_on_close)
{
	long refs = hvxt_module_refcnt();
	int i;

	HVXT_REQUIRE(refs >= 0, "no /sys/module/<hvx>/refcnt to read");
	for (i = 0; i < 3; i++) {
		struct hvxt_vm *vm = id_vm();
		struct hvxt_vcpu *v = hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);

		hvxt_vcpu_add(vm, 1, HVXT_CODE_GPA);
		check_vcpu_runs(_metadata, v, i);
		EXPECT_LT(refs, hvxt_module_refcnt());
		hvxt_vm_destroy(vm);
		EXPECT_EQ(refs, hvxt_module_refcnt());
	}
}

/* Closing one vCPU leaves its sibling working. */
TEST(close_vcpu_leaves_sibling_working)
{
	struct hvxt_vm *vm = id_vm();
	struct hvxt_vcpu *a = hvxt_vcpu_add(vm, 0, HVXT_CODE_GPA);
	struct hvxt_vcpu *b = hvxt_vcpu_add(vm, 1, HVXT_CODE_GPA);
	int i;

	for (i = 0; i < 5; i++)
		check_vcpu_runs(_metadata, a, i);
	hvxt_vcpu_destroy(b);
	for (i = 0; i < 5; i++)
		check_vcpu_runs(_metadata, a, 0x10 + i);
}

TEST_HARNESS_MAIN
