"""Which `dualgate` binary the hardening scripts run: the one named, else a built one, else a new build."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def find_binary(given, build_configuration="debug"):
    """`given` when set; else `.build/release/dualgate` or `.build/debug/dualgate`, whichever exists
    (release first); else builds one in `build_configuration` and returns it."""
    if given:
        return given
    for configuration in ("release", "debug"):
        candidate = ROOT / ".build" / configuration / "dualgate"
        if candidate.exists():
            return str(candidate)
    command = ["swift", "build", "-c", build_configuration, "--product", "dualgate"]
    print(f"building dualgate ({' '.join(command)})…", file=sys.stderr)
    subprocess.run(command, cwd=ROOT, check=True)
    return str(ROOT / ".build" / build_configuration / "dualgate")
