"""The booted hypervisor lists exactly the generated cells and every CPU comes online."""

import argparse
import sys

from banner import banner_until, boot, check_banner, load_layout, report, require_qemu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--qemu-args", required=True)
    parser.add_argument("--layout", required=True)
    args = parser.parse_args()
    require_qemu()
    layout = load_layout(args.layout)
    result = boot(args.image, args.qemu_args, until=banner_until(layout))
    return report(check_banner(result, layout), result)


if __name__ == "__main__":
    sys.exit(main())
