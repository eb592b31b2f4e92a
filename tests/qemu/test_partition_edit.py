"""Edit a partition in a copy, run `meson compile` only, and see the change in the booted banner.

This is the user's loop: the YAML files are inputs of the build, so no
reconfigure is needed after an edit.
"""

import os
import shutil
import subprocess
import sys
import tempfile

from banner import TOP, banner_until, boot, check_banner, load_layout, report, require_qemu


def run(*command: str) -> None:
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, cwd=TOP, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"command failed with status {result.returncode}")


def main() -> int:
    require_qemu()
    with tempfile.TemporaryDirectory(prefix="cellforge-edit-") as tmp:
        partitions = os.path.join(tmp, "partitions")
        build = os.path.join(tmp, "build")
        shutil.copytree(os.path.join(TOP, "partitions"), partitions)
        run("meson", "setup", build, "--cross-file", os.path.join(TOP, "cross", "aarch64.ini"),
            f"-Dpartitions={partitions}")
        run("meson", "compile", "-C", build)
        layout_path = os.path.join(build, "generator", "layout.json")
        before = load_layout(layout_path)

        # The edit: the last partition grows to 96 MiB and is pinned to the last CPU.
        last = sorted(f for f in os.listdir(partitions) if f.endswith(".yaml"))[-1]
        path = os.path.join(partitions, last)
        with open(path, encoding="utf-8") as f:
            lines = [line for line in f if not line.startswith(("memory:", "cpus:"))]
        taken = {cpu for cell in before["cells"] if cell["file"] != path for cpu in cell["cpus"]}
        free_cpu = [cpu for cpu in before["cpus"] if cpu not in taken][-1]
        lines += ["memory: 96M\n", f"cpus: [{free_cpu}]\n"]
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(lines)

        run("meson", "compile", "-C", build)
        after = load_layout(layout_path)
        edited = next(c for c in after["cells"] if c["file"].endswith(last))
        problems = []
        if edited["ram"]["size"] != 96 << 20 or edited["cpus"] != [free_cpu]:
            problems.append(f"layout.json did not follow the edit: {edited}")
        result = boot(os.path.join(build, "runtime", "cellforge.elf"),
                      os.path.join(build, "generator", "qemu.args"), until=banner_until(after))
        problems += check_banner(result, after)
        if f"ram {edited['ram']['base']:#x}-{edited['ram']['base'] + (96 << 20) - 1:#x}" not in result.output:
            problems.append("the booted banner does not show the edited RAM size")
        return report(problems, result)


if __name__ == "__main__":
    sys.exit(main())
