// SPDX-License-Identifier: GPL-2.0
/*
 * ioeventfds: a guest write to a registered port or MMIO address (of the
 * registered length, and with datamatch of the registered value) signals
 * the eventfd and does not exit to the VMM; the guest runs on to a later
 * HLT and the eventfd's count says how many writes it took. Other writes
 * exit as usual. Deassigning works, and every bad registration is
 * refused with its errno.
 */
#include <fcntl.h>
#include <unistd.h>
#include "hvx_harness.h"
#include "hvx_devices.h"

#define MMIO_GPA	0x60000000
#define PIO_PORT	0x700
#define MATCH_PORT	0x702

HVXT_GUEST_CODE(ioe,
	".code64\n"
	/* three byte writes to PIO_PORT, then a word write */
	"ioe_pio:\n"
	"	mov $" HVXT_XSTR(PIO_PORT) ", %edx\n"
	"	mov $0x11, %eax\n"
	"	out %al, (%dx)\n"
	"	out %al, (%dx)\n"
	"	out %al, (%dx)\n"
	"	hlt\n"
	"	out %ax, (%dx)\n"
	"	hlt\n"
	GUEST_DONE

	/* datamatch: 0x55 and 0x66 are registered, 0x56 is not */
	"ioe_match:\n"
	"	mov $" HVXT_XSTR(MATCH_PORT) ", %edx\n"
	"	mov $0x55, %eax\n"
	"	out %ax, (%dx)\n"
	"	mov $0x56, %eax\n"
	"	out %ax, (%dx)\n"
	"	mov $0x55, %eax\n"
	"	out %ax, (%dx)\n"
	"	mov $0x66, %eax\n"
	"	out %ax, (%dx)\n"
	"	hlt\n"
	GUEST_DONE

	/* MMIO: +0x40 (4 bytes) and +0x48 (8 bytes, datamatch 10) */
	"ioe_mmio:\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) ", %edi\n"
	"	movl $7, 0x40(%rdi)\n"
	"	movl $8, 0x40(%rdi)\n"
	"	movw $9, 0x40(%rdi)\n"
	"	movq $10, 0x48(%rdi)\n"
	"	movq $11, 0x48(%rdi)\n"
	"	mov 0x40(%rdi), %eax\n"
	"	mov %rax, %rbx\n"
	"	hlt\n"
	GUEST_DONE

	/* a string OUT of one byte to PIO_PORT */
	"ioe_outs:\n"
	"	mov $" HVXT_XSTR(PIO_PORT) ", %edx\n"
	"	mov $0x20000, %esi\n"
	"	outsb\n"
	"	hlt\n"
	GUEST_DONE

	/* REP OUTSW of 6 words from 0x20000 to MATCH_PORT */
	"ioe_rep_outs:\n"
	"	mov $" HVXT_XSTR(MATCH_PORT) ", %edx\n"
	"	mov $0x20000, %esi\n"
	"	mov $6, %ecx\n"
	"	rep outsw\n"
	"	hlt\n"
	GUEST_DONE
);
HVXT_GUEST_LABEL(ioe_pio);
HVXT_GUEST_LABEL(ioe_match);
HVXT_GUEST_LABEL(ioe_mmio);
HVXT_GUEST_LABEL(ioe_outs);
HVXT_GUEST_LABEL(ioe_rep_outs);

#define IOE(label)	HVXT_CODE_ADDR(ioe_start, label)

static long ioeventfd(struct hvxt_vm *vm, uint64_t addr, uint32_t len,
		      int fd, uint32_t flags, uint64_t datamatch)
{
	struct hvx_ioeventfd a = {
		.datamatch = datamatch, .addr = addr, .len = len, .fd = fd,
		.flags = flags,
	};

	return hvxt_raw_ioctl(vm->fd, HVX_IOEVENTFD, &a);
}

TEST(pio_write_signals_without_exit)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ioe_start,
						   ioe_end, ioe_pio);
	struct hvxt_vm *vm = vcpu->vm;
	int efd = hvxt_eventfd();
	uint8_t *data;
	unsigned int i;

	ASSERT_EQ(256, hvx_check_extension(vm->sys_fd, HVX_CAP_IOEVENTFD));
	ASSERT_EQ(0, ioeventfd(vm, PIO_PORT, 1, efd, HVX_IOEVENTFD_PIO, 0));

	/* Three OUTs and not one exit: the run ends at the HLT. */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(3, hvxt_eventfd_take(efd));
	/* A 2-byte write is not the registered 1-byte one: it exits. */
	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, PIO_PORT, 2, HVX_EXIT_IO_OUT);
	EXPECT_EQ(0x11, data[0]);
	EXPECT_EQ(0, data[1]);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(0, hvxt_eventfd_take(efd));
	HVXT_RUN_UNTIL_DONE(vcpu);

	/* Deassigned: every OUT exits again. */
	ASSERT_EQ(0, ioeventfd(vm, PIO_PORT, 1, efd,
			       HVX_IOEVENTFD_PIO | HVX_IOEVENTFD_DEASSIGN, 0));
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, PIO_PORT, 1, efd,
				      HVX_IOEVENTFD_PIO |
				      HVX_IOEVENTFD_DEASSIGN, 0));
	hvxt_set_rip(vcpu, IOE(ioe_pio));
	for (i = 0; i < 3; i++) {
		hvxt_run(vcpu);
		data = HVXT_ASSERT_IO(vcpu, PIO_PORT, 1, HVX_EXIT_IO_OUT);
		EXPECT_EQ(0x11, data[0]);
	}
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(0, hvxt_eventfd_take(efd));
}

TEST(pio_datamatch)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ioe_start,
						   ioe_end, ioe_match);
	struct hvxt_vm *vm = vcpu->vm;
	int efd55 = hvxt_eventfd(), efd66 = hvxt_eventfd();
	uint16_t v;

	ASSERT_EQ(0, ioeventfd(vm, MATCH_PORT, 2, efd55,
			       HVX_IOEVENTFD_PIO | HVX_IOEVENTFD_DATAMATCH,
			       0x55));
	/* Same port and length, another value: allowed */
	ASSERT_EQ(0, ioeventfd(vm, MATCH_PORT, 2, efd66,
			       HVX_IOEVENTFD_PIO | HVX_IOEVENTFD_DATAMATCH,
			       0x66));
	hvxt_run(vcpu);
	memcpy(&v, HVXT_ASSERT_IO(vcpu, MATCH_PORT, 2, HVX_EXIT_IO_OUT), 2);
	EXPECT_EQ(0x56, v);
	EXPECT_EQ(1, hvxt_eventfd_take(efd55));
	EXPECT_EQ(0, hvxt_eventfd_take(efd66));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(1, hvxt_eventfd_take(efd55));
	EXPECT_EQ(1, hvxt_eventfd_take(efd66));
	HVXT_RUN_UNTIL_DONE(vcpu);

	/* Deassign needs the same datamatch. */
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, MATCH_PORT, 2, efd55,
				      HVX_IOEVENTFD_PIO |
				      HVX_IOEVENTFD_DATAMATCH |
				      HVX_IOEVENTFD_DEASSIGN, 0x66));
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, MATCH_PORT, 2, efd55,
				      HVX_IOEVENTFD_PIO |
				      HVX_IOEVENTFD_DEASSIGN, 0));
	ASSERT_EQ(0, ioeventfd(vm, MATCH_PORT, 2, efd55,
			       HVX_IOEVENTFD_PIO | HVX_IOEVENTFD_DATAMATCH |
			       HVX_IOEVENTFD_DEASSIGN, 0x55));
	/* Now 0x55 exits, 0x66 still signals. */
	hvxt_set_rip(vcpu, IOE(ioe_match));
	hvxt_run(vcpu);
	memcpy(&v, HVXT_ASSERT_IO(vcpu, MATCH_PORT, 2, HVX_EXIT_IO_OUT), 2);
	EXPECT_EQ(0x55, v);
	hvxt_run(vcpu);
	memcpy(&v, HVXT_ASSERT_IO(vcpu, MATCH_PORT, 2, HVX_EXIT_IO_OUT), 2);
	EXPECT_EQ(0x56, v);
	hvxt_run(vcpu);
	memcpy(&v, HVXT_ASSERT_IO(vcpu, MATCH_PORT, 2, HVX_EXIT_IO_OUT), 2);
	EXPECT_EQ(0x55, v);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(0, hvxt_eventfd_take(efd55));
	EXPECT_EQ(1, hvxt_eventfd_take(efd66));
}

TEST(mmio_write_signals_without_exit)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ioe_start,
						   ioe_end, ioe_mmio);
	struct hvxt_vm *vm = vcpu->vm;
	struct hvx_run *run = vcpu->run;
	int efd = hvxt_eventfd(), efd8 = hvxt_eventfd();
	uint64_t d;
	struct hvx_regs r;

	ASSERT_EQ(0, ioeventfd(vm, MMIO_GPA + 0x40, 4, efd, 0, 0));
	ASSERT_EQ(0, ioeventfd(vm, MMIO_GPA + 0x48, 8, efd8,
			       HVX_IOEVENTFD_DATAMATCH, 10));

	/* movl $7 and $8: signalled; movw $9: 2 bytes, an exit */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_MMIO);
	d = 0;
	memcpy(&d, run->mmio.data, 8);
	EXPECT_EQ(MMIO_GPA + 0x40, run->mmio.phys_addr);
	EXPECT_EQ(2, run->mmio.len);
	EXPECT_EQ(1, run->mmio.is_write);
	EXPECT_EQ(9, d);
	EXPECT_EQ(2, hvxt_eventfd_take(efd));
	/* movq $10: matches; movq $11: an exit */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_MMIO);
	memcpy(&d, run->mmio.data, 8);
	EXPECT_EQ(MMIO_GPA + 0x48, run->mmio.phys_addr);
	EXPECT_EQ(8, run->mmio.len);
	EXPECT_EQ(1, run->mmio.is_write);
	EXPECT_EQ(11, d);
	EXPECT_EQ(1, hvxt_eventfd_take(efd8));
	/* A read of a registered address is an ordinary MMIO read. */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_MMIO);
	EXPECT_EQ(MMIO_GPA + 0x40, run->mmio.phys_addr);
	EXPECT_EQ(4, run->mmio.len);
	EXPECT_EQ(0, run->mmio.is_write);
	memcpy(run->mmio.data, "\x78\x56\x34\x12", 4);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x12345678, r.rbx);
	EXPECT_EQ(0, hvxt_eventfd_take(efd));
	EXPECT_EQ(0, hvxt_eventfd_take(efd8));

	/* Deassigned, then every write exits. */
	ASSERT_EQ(0, ioeventfd(vm, MMIO_GPA + 0x40, 4, efd,
			       HVX_IOEVENTFD_DEASSIGN, 0));
	hvxt_set_rip(vcpu, IOE(ioe_mmio));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_MMIO);
	memcpy(&d, run->mmio.data, 8);
	EXPECT_EQ(7, d);
	EXPECT_EQ(4, run->mmio.len);
}

/* The registration holds its own reference to the eventfd. */
TEST(eventfd_closed_after_assign)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ioe_start,
						   ioe_end, ioe_pio);
	int efd = hvxt_eventfd();

	ASSERT_EQ(0, ioeventfd(vcpu->vm, PIO_PORT, 1, efd,
			       HVX_IOEVENTFD_PIO, 0));
	ASSERT_EQ(0, close(efd));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_vm_destroy(vcpu->vm);
}

TEST(bad_registrations)
{
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);
	const uint32_t pio = HVX_IOEVENTFD_PIO;
	const uint32_t dm = HVX_IOEVENTFD_DATAMATCH;
	const uint32_t de = HVX_IOEVENTFD_DEASSIGN;
	int efd = hvxt_eventfd(), efd2 = hvxt_eventfd();
	struct hvx_ioeventfd a;
	int pipefd[2];
	unsigned int i;

	/* unknown flags, reserved fields */
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x100, 1, efd, pio | (1U << 3), 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x100, 1, efd, pio | (1U << 31), 0));
	for (i = 0; i < 3; i++) {
		memset(&a, 0, sizeof(a));
		a.addr = 0x100;
		a.len = 1;
		a.fd = efd;
		a.flags = pio;
		a.reserved[i] = 1;
		ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vm->fd, HVX_IOEVENTFD, &a));
	}
	/* a datamatch without the flag */
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x100, 1, efd, pio, 5));
	/* lengths */
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x100, 0, efd, pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x100, 3, efd, pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x100, 8, efd, pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x100, 16, efd, pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, MMIO_GPA, 0, efd, 0, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, MMIO_GPA, 5, efd, 0, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, MMIO_GPA, 16, efd, 0, 0));
	/* ports past 0xffff; an MMIO range that wraps */
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0xffff, 2, efd, pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0xfffe, 4, efd, pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x10000, 1, efd, pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, ~0ULL - 3, 8, efd, 0, 0));
	/* the last port is fine; so is an 8-byte MMIO one */
	ASSERT_EQ(0, ioeventfd(vm, 0xfffc, 4, efd, pio, 0));
	ASSERT_EQ(0, ioeventfd(vm, MMIO_GPA + 0x100, 8, efd, 0, 0));

	/* the same registration twice; with another eventfd; overlapping */
	ASSERT_EQ(0, ioeventfd(vm, 0x710, 2, efd, pio, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x710, 2, efd, pio, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x710, 2, efd2, pio, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x711, 1, efd2, pio, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x70f, 2, efd2, pio, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x70e, 4, efd2, pio, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x710, 2, efd2, pio | dm, 1));
	/* adjacent ranges do not overlap; nor do PIO and MMIO */
	ASSERT_EQ(0, ioeventfd(vm, 0x712, 1, efd2, pio, 0));
	ASSERT_EQ(0, ioeventfd(vm, 0x70e, 2, efd2, pio, 0));
	ASSERT_EQ(0, ioeventfd(vm, 0x710, 2, efd2, 0, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, MMIO_GPA + 0x104, 4, efd2, 0, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, MMIO_GPA + 0xfc, 8, efd2, 0, 0));
	ASSERT_EQ(0, ioeventfd(vm, MMIO_GPA + 0x108, 4, efd2, 0, 0));
	/* datamatch: another value may share; the same value may not */
	ASSERT_EQ(0, ioeventfd(vm, 0x720, 4, efd, pio | dm, 1));
	ASSERT_EQ(0, ioeventfd(vm, 0x720, 4, efd2, pio | dm, 2));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x720, 4, efd2, pio | dm, 1));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x720, 4, efd2, pio, 0));
	ASSERT_ERRNO(EEXIST, ioeventfd(vm, 0x720, 2, efd2, pio | dm, 3));

	/* deassigning what is not there */
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, 0x730, 1, efd, pio | de, 0));
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, 0x710, 2, efd2, pio | de, 0));
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, 0x710, 1, efd, pio | de, 0));
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, 0x710, 2, efd, de, 0));
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, 0x720, 4, efd, pio | dm | de, 2));
	ASSERT_EQ(0, ioeventfd(vm, 0x710, 2, efd, pio | de, 0));
	ASSERT_ERRNO(ENXIO, ioeventfd(vm, 0x710, 2, efd, pio | de, 0));
	/* and the place is free again */
	ASSERT_EQ(0, ioeventfd(vm, 0x710, 2, efd2, pio, 0));

	/*
	 * Not an eventfd: a closed fd number is EBADF; an open fd of
	 * another kind is what eventfd_ctx_fdget() says, EINVAL.
	 */
	ASSERT_ERRNO(EBADF, ioeventfd(vm, 0x740, 1, -1, pio, 0));
	ASSERT_ERRNO(EBADF, ioeventfd(vm, 0x740, 1, 1000, pio, 0));
	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x740, 1, pipefd[0], pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x740, 1, vm->fd, pio, 0));
	ASSERT_ERRNO(EINVAL, ioeventfd(vm, 0x710, 2, pipefd[0], pio | de, 0));
	hvxt_vm_destroy(vm);
}

TEST(too_many)
{
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);
	int max = hvx_check_extension(vm->sys_fd, HVX_CAP_IOEVENTFD);
	int efd = hvxt_eventfd();
	int i;

	ASSERT_GT(max, 0);
	for (i = 0; i < max; i++)
		ASSERT_EQ(0, ioeventfd(vm, 0x1000 + i, 1, efd,
				       HVX_IOEVENTFD_PIO, 0)) TH_LOG("#%d", i);
	ASSERT_ERRNO(ENOSPC, ioeventfd(vm, 0x1000 + max, 1, efd,
				       HVX_IOEVENTFD_PIO, 0));
	/* one out, one in */
	ASSERT_EQ(0, ioeventfd(vm, 0x1000, 1, efd,
			       HVX_IOEVENTFD_PIO | HVX_IOEVENTFD_DEASSIGN, 0));
	ASSERT_EQ(0, ioeventfd(vm, 0x1000 + max, 1, efd, HVX_IOEVENTFD_PIO,
			       0));
	hvxt_vm_destroy(vm);
}

/*
 * OUTSB writes one byte to the port, like OUT: the registration takes
 * it (docs/abi.md: "when the guest writes len bytes to port addr").
 */
TEST(string_out_to_registered_port)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ioe_start,
						   ioe_end, ioe_outs);
	struct hvx_run *run = vcpu->run;
	int efd = hvxt_eventfd();
	char buf[256];

	ASSERT_EQ(0, ioeventfd(vcpu->vm, PIO_PORT, 1, efd, HVX_IOEVENTFD_PIO,
			       0));
	hvxt_run(vcpu);
	if (run->exit_reason != HVX_EXIT_HLT)
		TH_LOG("got %s", hvxt_describe_exit(run, buf, sizeof(buf)));
	EXPECT_EQ(HVX_EXIT_HLT, run->exit_reason);
	EXPECT_EQ(1, hvxt_eventfd_take(efd));
}

/*
 * REP OUTS with datamatch: each element is one write, signalling when
 * its value matches; the others exit to the VMM, in order, with no
 * element twice and none lost.
 */
TEST(rep_string_out_datamatch)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ioe_start,
						   ioe_end, ioe_rep_outs);
	static const uint16_t words[6] = { 0x55, 0x55, 0x56, 0x57, 0x55, 0x55 };
	struct hvx_run *run = vcpu->run;
	int efd = hvxt_eventfd();
	struct hvx_regs r;
	uint16_t v[2];
	char buf[256];

	memcpy(hvxt_gpa_ptr(vcpu->vm, 0x20000, sizeof(words)), words,
	       sizeof(words));
	ASSERT_EQ(0, ioeventfd(vcpu->vm, MATCH_PORT, 2, efd,
			       HVX_IOEVENTFD_PIO | HVX_IOEVENTFD_DATAMATCH,
			       0x55));
	/* The first two signal; 0x56 and 0x57 exit as one batch. */
	hvxt_run(vcpu);
	if (run->exit_reason != HVX_EXIT_IO)
		TH_LOG("got %s", hvxt_describe_exit(run, buf, sizeof(buf)));
	ASSERT_EQ(HVX_EXIT_IO, run->exit_reason);
	ASSERT_EQ(HVX_EXIT_IO_OUT, run->io.direction);
	ASSERT_EQ(MATCH_PORT, run->io.port);
	ASSERT_EQ(2, run->io.size);
	ASSERT_EQ(2, run->io.count);
	memcpy(v, (uint8_t *)run + run->io.data_offset, sizeof(v));
	EXPECT_EQ(0x56, v[0]);
	EXPECT_EQ(0x57, v[1]);
	EXPECT_EQ(2, hvxt_eventfd_take(efd));
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x20000 + 8, r.rsi);
	EXPECT_EQ(2, r.rcx);
	/* The last two signal, and the guest runs on to its HLT. */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(2, hvxt_eventfd_take(efd));
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x20000 + 12, r.rsi);
	EXPECT_EQ(0, r.rcx);
	HVXT_RUN_UNTIL_DONE(vcpu);
}

TEST_HARNESS_MAIN
