"""medcity's benchmarks: start-up against its floors, and scale on synthetic datasets.

    python benchmarks/run.py                  # both
    python benchmarks/run.py startup --runs 20
    python benchmarks/run.py scale --factors 10 100 1000

Run it with the interpreter of the virtual environment medcity is installed in: the floors
from ../shared/bench run with that same interpreter, alternating with medcity run by run.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FLOORS = HERE.parent.parent / "shared" / "bench"
# The targets of issue 4: start-up within 10% of the floor; the 1000x dataset in 2 s, 400 MB.
STARTUP_RATIO = 1.10
SCALE_SECONDS = 2.0
SCALE_MB = 400


def medcity_command() -> list[str]:
    script = Path(sys.executable).parent / "medcity"
    if script.exists():
        return [str(script)]
    found = shutil.which("medcity")
    if found is None:
        sys.exit("medcity is not installed in this environment: pip install . first")
    return [found]


def timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time of one whole process and its peak resident memory in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {err.strip()}")
    return elapsed, usage.ru_maxrss


def startup(floors: Path, runs: int) -> list[dict[str, object]]:
    py = sys.executable
    med = medcity_command()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDCITY_", "_"))}
    complete_env = {"COMP_WORDS": "medcity region g", "COMP_CWORD": "2"}
    floor_complete = {"_FLOOR_COMPLETE": "complete_bash", "COMP_WORDS": "floor show g"}
    cases = [
        (
            "region gwangju",
            [*med, "region", "gwangju"],
            {},
            [py, "floor_table.py", "show", "gwangju"],
            {},
        ),
        (
            "region gwangju --format json",
            [*med, "region", "gwangju", "--format", "json"],
            {},
            [py, "floor_json.py", "show", "gwangju"],
            {},
        ),
        ("--help", [*med, "--help"], {}, [py, "floor_cli.py", "--help"], {}),
        ("--version", [*med, "--version"], {}, [py, "floor_cli.py", "--version"], {}),
        (
            "complete region g",
            med,
            {"_MEDCITY_COMPLETE": "complete_bash", **complete_env},
            [py, "floor_cli.py"],
            {**floor_complete, "COMP_CWORD": "2"},
        ),
    ]
    results: list[dict[str, object]] = []
    os.chdir(floors)
    for name, ours, our_env, floor, floor_env in cases:
        env_ours = {**base_env, **our_env}
        env_floor = {**base_env, **floor_env}
        timed(ours, env_ours)  # warm-up: bytecode caches, file cache
        timed(floor, env_floor)
        mine: list[float] = []
        theirs: list[float] = []
        for _ in range(runs):
            mine.append(timed(ours, env_ours)[0])
            theirs.append(timed(floor, env_floor)[0])
        m, f = statistics.median(mine), statistics.median(theirs)
        results.append(
            {"command": name, "medcity_ms": m * 1e3, "floor_ms": f * 1e3, "ratio": m / f}
        )
    return results


def make_dataset(path: Path, factor: int) -> dict[str, int]:
    """Write a synthetic dataset in a child process and return its record counts.

    Not in this process: building a 90 MB dataset would swell it, and Linux hands a parent's
    peak resident memory down to the children it starts, so every ru_maxrss would read high.
    """
    made = subprocess.run(
        [sys.executable, str(HERE / "synth.py"), str(path), str(factor)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts: dict[str, int] = json.loads(made.stdout)
    return counts


def scale(factors: Sequence[int]) -> list[dict[str, object]]:
    med = medcity_command()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDCITY_")}
    env["MEDCITY_MAX_SIZE"] = str(4 * 1024**3)
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, *factors):
            path = Path(tmp) / f"x{factor}.json"
            counts = make_dataset(path, factor)
            size_mb = path.stat().st_size / 1e6
            for label, args in (
                ("projects --budget", ["projects", "--budget"]),
                ("region gwangju", ["region", "gwangju"]),
            ):
                argv = [*med, "--data", str(path), *args]
                timed(argv, env)
                samples = [timed(argv, env) for _ in range(3)]
                seconds = statistics.median(s[0] for s in samples)
                peak = max(s[1] for s in samples)
                results.append(
                    {
                        "factor": factor,
                        "file_mb": round(size_mb, 1),
                        "figures": counts["figures"],
                        "command": label,
                        "seconds": seconds,
                        "peak_mb": peak * 1024 / 1e6,  # ru_maxrss is KiB; MB are 10^6 bytes
                    }
                )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", choices=["startup", "scale", "all"], default="all")
    parser.add_argument("--floors", type=Path, default=DEFAULT_FLOORS)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--factors", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("--runs must be at least 10")
    report: dict[str, object] = {
        "machine": f"{platform.machine()} {platform.system()} {platform.release()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
    }
    if args.which in ("startup", "all"):
        if not args.floors.is_dir():
            sys.exit(f"floor programs not found at {args.floors} (use --floors)")
        report["startup"] = startup(args.floors.resolve(), args.runs)
    if args.which in ("scale", "all"):
        report["scale"] = scale(args.factors)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['machine']}; {report['date']}")
    for row in report.get("startup", []):  # type: ignore[attr-defined]
        verdict = "ok" if row["ratio"] <= STARTUP_RATIO else f"over {STARTUP_RATIO}"
        print(
            f"startup  {row['command']:<30} medcity {row['medcity_ms']:7.1f} ms  "
            f"floor {row['floor_ms']:7.1f} ms  ratio {row['ratio']:.3f}  {verdict}"
        )
    for row in report.get("scale", []):  # type: ignore[attr-defined]
        verdict = ""
        if row["factor"] == 1000:
            fits = row["seconds"] <= SCALE_SECONDS and row["peak_mb"] <= SCALE_MB
            verdict = "ok" if fits else f"over {SCALE_SECONDS} s or {SCALE_MB} MB"
        print(
            f"scale    x{row['factor']:<5} {row['figures']:>7} figures {row['file_mb']:>7} MB  "
            f"{row['command']:<18} {row['seconds']:6.2f} s  peak {row['peak_mb']:6.1f} MB  "
            f"{verdict}"
        )
    print(f"peak memory of this runner: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} KiB")


if __name__ == "__main__":
    main()
