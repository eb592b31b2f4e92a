"""The booted hypervisor lists exactly the generated cells, every CPU comes online, QEMU exits by itself."""

import argparse
import sys

from banner import boot, check_banner, load_layout, report, require_qemu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--qemu-args", required=True)
    parser.add_argument("--layout", required=True)
    args = parser.parse_args()
    require_qemu()
    result = boot(args.image, args.qemu_args)
    return report(check_banner(result, load_layout(args.layout)), result)


if __name__ == "__main__":
    sys.exit(main())
