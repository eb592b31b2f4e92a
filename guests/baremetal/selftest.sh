#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Checks the bare-metal guest kit on its own, without the hypervisor: runs the guests
# directly on QEMU virt and looks at what they print.
#
#   guests/baremetal/selftest.sh [BUILD_DIR]        (default: ./build)
#
# Covered: only RELATIVE relocations in the ELF; self-relocation at several load bases
# (2 MiB and merely 4 KiB aligned); the device tree reader on our cell-like DTBs and on
# QEMU's own (no cell name -> "unnamed"); console via stdout-path, an alias and a bus
# 'ranges' translation; PSCI CPU_ON of every other listed CPU; GICv3 + virtual timer
# interrupts through the kit's IRQ vector; SYSTEM_OFF ending QEMU; the test guests
# (faulter: a real external abort from QEMU caught by the kit's synchronous exception
# hook, and the fallback probe address; psci_probe; resetter: SYSTEM_RESET, which ends
# QEMU under -no-reboot; attacker: its whole plan runs through, declared = made, and
# without a hypervisor most attempts print ESCAPED; victim: heartbeat, constant
# checksum, no stray interrupts). QEMU's own PSCI answers differ from the hypervisor's.
#
# How: start.S begins with a Linux arm64 Image header, so QEMU's -kernel loads the raw
# binary at RAM base + text_offset (0 means +2 MiB) and enters it at EL1 with x0 = the
# DTB, exactly the boot ABI the runtime provides. Patching text_offset moves the load
# base. Without virtualization QEMU's PSCI is reached with HVC, hence method = "hvc"
# in selftest/*.dts (the runtime's cells use SMC).
#
# Exit status: 0 all passed, 1 a check failed, 77 a tool is missing (skip).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
guests="hello ticks faulter psci_probe resetter attacker victim"
guest_dir=$build/guests/baremetal
timeout_s=${SELFTEST_TIMEOUT:-60}

for tool in qemu-system-aarch64 aarch64-linux-gnu-objcopy aarch64-linux-gnu-readelf dtc python3 timeout; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool not found"
		exit 77
	fi
done
for guest in $guests; do
	if [ ! -f "$guest_dir/$guest.elf" ]; then
		echo "FAIL: $guest_dir/$guest.elf not found (build first: meson compile -C $build)"
		exit 1
	fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# --- The ELFs as the generator will read them ----------------------------------------
for guest in $guests; do
	elf=$guest_dir/$guest.elf
	ok=1
	hdr=$(aarch64-linux-gnu-readelf -h "$elf")
	if ! echo "$hdr" | grep -q 'Type:.*DYN'; then
		fail "$guest.elf is not position independent (ET_DYN)"
		ok=0
	fi
	if ! echo "$hdr" | grep -q 'Entry point address:[[:space:]]*0x0$'; then
		fail "$guest.elf: entry point is not image offset 0"
		ok=0
	fi
	loads=$(aarch64-linux-gnu-readelf -lW "$elf" | grep -c '^[[:space:]]*LOAD' || true)
	if [ "$loads" -lt 1 ] || [ "$loads" -gt 2 ]; then
		fail "$guest.elf: expected 1 or 2 PT_LOAD segments, found $loads"
		ok=0
	fi
	other=$(aarch64-linux-gnu-readelf -rW "$elf" | grep '^[0-9a-f]\{16\}' |
		grep -v R_AARCH64_RELATIV || true)
	if [ -n "$other" ]; then
		fail "$guest.elf: relocations other than R_AARCH64_RELATIVE:"
		echo "$other"
		ok=0
	fi
	[ $ok = 0 ] || echo "PASS $guest.elf: ET_DYN, entry 0, $loads PT_LOAD, only RELATIVE relocations"
	aarch64-linux-gnu-objcopy -O binary "$elf" "$work/$guest.bin"
done

# --- Images at different load bases and the test device trees -----------------------
image_at() { # GUEST TEXT_OFFSET -> a raw image with that text_offset in its header
	python3 - "$work/$1.bin" "$2" "$work/$1-$2.bin" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
assert data[0x38:0x3c] == b"ARM\x64", "no arm64 Image header at the start of the image"
struct.pack_into("<Q", data, 8, int(sys.argv[2], 0))
open(sys.argv[3], "wb").write(data)
PY
	echo "$work/$1-$2.bin"
}
for dts in "$here"/selftest/*.dts; do
	dtc -q -I dts -O dtb -o "$work/$(basename "$dts" .dts).dtb" "$dts"
done

# run_case NAME GUEST SMP DTB|- TEXT_OFFSET EXPECTED_TEXT... ; "!TEXT" must not appear.
# $machine is QEMU's -M value.
machine=virt,gic-version=3
run_case() {
	name=$1 guest=$2 smp=$3 dtb=$4 offset=$5
	shift 5
	log=$work/$name.log
	dtb_args=
	[ "$dtb" = - ] || dtb_args="-dtb $work/$dtb"
	# shellcheck disable=SC2086  # dtb_args is two words or none
	timeout "$timeout_s" qemu-system-aarch64 -M "$machine" -cpu cortex-a57 \
		-smp "$smp" -m 1G -nographic -no-reboot -monitor none -serial stdio \
		-kernel "$(image_at "$guest" "$offset")" $dtb_args </dev/null 2>&1 |
		tr -d '\r' >"$log" || true
	# The pipeline hides QEMU's status; SYSTEM_OFF is seen as the final "done" line and
	# QEMU ending before the timeout.
	ok=1
	for want in "$@"; do
		case $want in
		!*)
			if grep -qF -- "${want#!}" "$log"; then
				echo "  unexpected: ${want#!}"
				ok=0
			fi
			;;
		*)
			if ! grep -qF -- "$want" "$log"; then
				echo "  missing: $want"
				ok=0
			fi
			;;
		esac
	done
	if grep -q 'terminating on signal' "$log"; then
		echo "  QEMU did not exit by itself (no SYSTEM_OFF within ${timeout_s}s)"
		ok=0
	fi
	if grep -qE '^\*\*\*|warning:' "$log"; then
		echo "  the guest reported a problem"
		ok=0
	fi
	if [ $ok = 1 ]; then
		echo "PASS $name"
	else
		fail "$name; console output:"
		sed 's/^/  | /' "$log"
	fi
}

run_case two-cpus hello 2 cell-2cpu.dtb 0 \
	'hello from selftest on cpu mpidr 0x0' \
	'selftest: image 0x40200000-' 'mmu on' \
	'selftest: CPU_ON 0x1: SUCCESS' 'cpu 0x1 of selftest up' \
	'selftest: all 2 CPUs up' 'selftest: done'

run_case base-4k-aligned hello 2 cell-2cpu.dtb 0x5000 \
	'hello from selftest on cpu mpidr 0x0' \
	'selftest: image 0x40005000-' 'mmu on' \
	'cpu 0x1 of selftest up' 'selftest: all 2 CPUs up' 'selftest: done'

run_case qemu-dtb hello 4 - 0x1234000 \
	'hello from unnamed on cpu mpidr 0x0' \
	'unnamed: image 0x41234000-' 'mmu on' \
	'cpu 0x1 of unnamed up' 'cpu 0x2 of unnamed up' 'cpu 0x3 of unnamed up' \
	'unnamed: all 4 CPUs up' 'unnamed: done'

run_case bus-dtb hello 4 cell-bus.dtb 0x3000 \
	'hello from bus-test on cpu mpidr 0x0' \
	'bus-test: image 0x40003000-' \
	'bus-test: CPU_ON 0x2: SUCCESS' 'cpu 0x2 of bus-test up' \
	'bus-test: all 2 CPUs up' 'bus-test: done' \
	'!cpu 0x1 of' '!cpu 0x3 of'

run_case timer-irq ticks 1 cell-2cpu.dtb 0x7000 \
	'selftest: ticking every 100 ms on INTID 27' \
	'selftest: tick 1' 'selftest: tick 5' 'selftest: done' '!tick 6' '!spurious'

# QEMU virt has nothing at 0x0b000000 (cell-2cpu.dts' probe address): a real
# synchronous external abort, as the hypervisor injects it under on_fault: inject.
run_case faulter-abort faulter 1 cell-2cpu.dtb 0x9000 \
	'faulter: start (boot 1)' 'faulter: memory clean' 'faulter: touching 0xb000000' \
	'faulter: abort injected ESR 0x96000010 FAR 0xb000000' 'faulter: survived' \
	'!NOT contained'

# Without the property: the fallback address, virtio-mmio, which answers bare QEMU.
run_case faulter-fallback faulter 1 - 0 \
	'faulter: touching 0xa003e00' 'faulter: read returned 0x74726976 (NOT contained)'

# QEMU's PSCI: CPUs 2..7 do not exist with -smp 2 (the hypervisor says DENIED instead).
run_case psci-probe psci_probe 2 cell-2cpu.dtb 0x4000 \
	'psci_probe: PSCI version 1.' \
	'psci_probe: CPU_ON 0x2 -> INVALID_PARAMETERS (-2)' \
	'psci_probe: AFFINITY_INFO 0x7 -> INVALID_PARAMETERS (-2)' \
	'psci_probe: CPU_ON 0x1 -> SUCCESS (0)' 'psci_probe: cpu 0x1 up' \
	'psci_probe: SMC 0xc2000001 -> NOT_SUPPORTED (-1)' \
	'psci_probe: SMC 0x86000000 -> NOT_SUPPORTED (-1)' \
	'psci_probe: SMCCC_VERSION' 'psci_probe: done' '!CPU_ON 0x0'

run_case resetter resetter 1 cell-2cpu.dtb 0x2000 \
	'resetter: boot 1' 'resetter: calling SYSTEM_RESET' '!reset returned'

# check_log NAME DESCRIPTION AWK_PROGRAM: the program reads the case's log and exits 0
# when the check holds.
check_log() {
	if awk "$3" "$work/$1.log"; then
		echo "PASS $1: $2"
	else
		fail "$1: $2"
	fi
}

# The attacker on bare QEMU: nothing contains it, so the plan must simply run through
# with one verdict line per declared attempt. CPU 1 exists but belongs to "the
# victim" (selftest/attacker.dts); its=off leaves the ITS frame empty, as on the
# board. What bare QEMU "contains" by itself (aborts where nothing is mapped,
# NOT_SUPPORTED for unknown SMCCC calls, a halfword GICD write it ignores, set/way
# operations and its own physical timer, which are the cell's to use) carries no
# hypervisor evidence (fault=, count= matched by qemu/isolation); EL2-only
# instructions are n/a. SYSTEM_RESET ends the run (-no-reboot).
machine=virt,gic-version=3,its=off
run_case attacker-bare attacker 2 attacker.dtb 0x6000 \
	'ATTACKS declared ' 'ATTACKS done ' \
	'ATTACK victim-ram-middle-write ESCAPED wrote 0xa77ac4ed to 0x61000000' \
	'ATTACK own-ram-past-end-read contained 0x80000000 abort ESR 0x96000010' \
	'ATTACK gic-its-write contained 0x8080000 abort ESR 0x96000050' \
	'ATTACK foreign-device-read ESCAPED read 0xa003c00 returned 0x74726976' \
	'ATTACK neighbour-device-read ESCAPED' \
	'ATTACK gicd-isenabler ESCAPED INTID 78 bit before 0 after 1' \
	'ATTACK gicr-icenabler0-0x1 ESCAPED rd 0x80c0000 (frame by TYPER)' \
	'ATTACK sgi-15-self ESCAPED delivered to itself' \
	'ATTACK psci-cpu-on-0x1 ESCAPED -> SUCCESS (0)' \
	'ATTACK smc-sip-0xc2000000 contained -> NOT_SUPPORTED (-1)' \
	'ATTACK tlbi-vmalls12e1 n/a undefined-at-el1-by-architecture' \
	'ATTACK cntp-fire-own contained own PPI 30 taken' 'ATTACK cnthp-ctl-write n/a' \
	'ATTACK dc-cisw contained' 'ATTACK gicd-ldp ESCAPED' \
	'ATTACK gicd-ldr-post ESCAPED 0x8000420 ldr-post completed (emulated, base register changed)' \
	'ATTACK psci-affinity-info-level1-own ESCAPED' \
	'ATTACK sgi-storm-self contained survived: sent' \
	'ATTACK system-reset contained' \
	'!BUG' '!SYSTEM_RESET returned'
# shellcheck disable=SC2016  # an awk program: its $ fields are awk's
check_log attacker-bare "one ATTACK line per declared attempt, the summary last" '
	/^ATTACKS declared / { declared = $3 }
	/^ATTACK / { made++; if ($3 == "contained") ok++; if ($3 == "n/a") na++ }
	/^ATTACKS done / { done = $3; last = NR }
	END { exit !(declared > 0 && made == declared && done == ok "/" (declared - na) && last == NR) }'
machine=virt,gic-version=3

# QEMU's own tree has none of the /chosen targets: those attempts are "skipped".
run_case attacker-no-targets attacker 1 - 0 \
	'ATTACK victim-ram-start-read skipped missing-property' \
	'ATTACK gicd-irouter skipped missing-property' \
	'ATTACK gicr-waker-unknown skipped missing-property' \
	'ATTACK psci-cpu-on-unknown skipped missing-property' \
	'ATTACKS done ' '!BUG'

run_case victim-heartbeat victim 1 victim.dtb 0x8000 \
	'VICTIM start seconds 3 hz 10 intid 27 canaries 3' \
	'VICTIM heartbeat 5 checksum 0x' 'VICTIM heartbeat 25 checksum 0x' \
	'VICTIM done beats ' '!stray 1' '!last stray'
# shellcheck disable=SC2016  # an awk program: its $ fields are awk's
check_log victim-heartbeat "constant checksum, no stray interrupt, about 30 beats in 3 s" '
	/^VICTIM (start|heartbeat|done)/ {
		for (i = 1; i < NF; i++) if ($i == "checksum") sums[$(i + 1)] = 1
	}
	/^VICTIM heartbeat / && $7 != 0 { bad = 1 }
	/^VICTIM done / { beats = $4; if ($8 != 0) bad = 1 }
	END { n = 0; for (s in sums) n++; exit !(n == 1 && !bad && beats >= 28 && beats <= 31) }'

if [ $failures -ne 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all checks passed"
