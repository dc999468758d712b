/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx-bench: the measuring side (measure.c, run in the testbed guest on
 * one hypervisor at a time) and the reporting side (report.c, which reads
 * what both sides printed and compares them).
 *
 * The two talk through lines of text, so the guest's console log is
 * enough to rebuild a report:
 *
 *   @bench v1 BACKEND KEY result med=.. min=.. max=.. q1=.. q3=.. reps=N unit=U
 *   @bench v1 BACKEND KEY exits work=N total=.. async=.. insn=.. io=.. mmio=..
 *                               hlt=.. ept=.. user=.. [detail=a:1,b:2]
 *   @bench v1 BACKEND KEY info TEXT...
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#define BENCH_TAG	"@bench v1"

int measure_main(int argc, char **argv);
int report_main(int argc, char **argv);

#endif /* BENCH_BENCH_H */
