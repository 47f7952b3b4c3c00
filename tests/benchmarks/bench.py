"""make bench: apidiff's time and peak memory per contract pair, next to the cost of parsing it.

Why: "is apidiff fast?" only has an answer relative to something. The floor here is what any
tool must pay to read the same two files with the same parser apidiff uses (libyaml, json,
graphql-core), so the ratios say how much of a run is apidiff's own work, and the synthetic
1x/4x/16x series say how that work grows with size. Every measurement is a fresh process so
peak memory is that run's alone. See tests/benchmarks/README.md for how to read the output.

Run: ``.venv/bin/python tests/benchmarks/bench.py [--runs N] [--only SUBSTR] [--no-corpus]
[--corpus DIR] [--out DIR] [--scales 1,4,16]`` (``make bench BENCH_ARGS=...``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import synthetic  # this script's own folder is first on sys.path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SYNTHETIC_DIR = HERE / ".synthetic"
DEFAULT_SCALES = (1, 4, 16)
LARGE_BYTES = 2_000_000  # pairs with a file this big get --large-runs runs (each takes seconds)
TODAY = "2026-01-15"  # fixed --today: sunset-date rules must not make findings drift by date
SCHEMA_VERSION = 1
APIDIFF_OPTIONS = ("diff", "--no-config", "--format", "json", "--fail-on", "none", "--today", TODAY)
FORMATS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".graphql": "graphql",
    ".gql": "graphql",
}
MIB = 1024.0

# The launcher is a tiny interpreter (-I -S) that spawns the measured command and reports its
# rusage. Why not Popen from here: Linux carries the spawning process's peak RSS into the
# child's ru_maxrss across fork/vfork+exec, so a parent that once held a big document would
# inflate every later child's number. The launcher's own peak (~8 MiB) is below any child's.
LAUNCHER = r"""
import json, os, sys, time
argv, out, err = json.loads(sys.argv[1])
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
actions = [(os.POSIX_SPAWN_OPEN, 1, out, flags, 0o644), (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o644)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps({"wall_s": wall, "exit": os.waitstatus_to_exitcode(status),
                  "maxrss_kib": usage.ru_maxrss, "cpu_s": usage.ru_utime + usage.ru_stime}))
"""

# The parse floor: import the parser apidiff uses, read both files, parse both. With "-" as
# the paths it stops after the import (the import baseline for the "parsed documents" memory).
FLOOR = r"""
import gc, json, sys, time
fmt, old, new, gc_mode = sys.argv[1:5]
if fmt == "yaml":
    import yaml
    def parse(text):
        return yaml.load(text, Loader=yaml.CSafeLoader)
elif fmt == "json":
    parse = json.loads
else:
    from graphql import parse
if fmt == "protobuf":  # the floor: protoc compiling both sides (what any tool must do; no
    # source info, which apidiff does without: positions come from the text)
    import glob, os, tempfile
    from grpc_tools import _protoc_compiler
    import grpc_tools
    if old == "-":
        raise SystemExit(0)
    wkt = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, side in enumerate((old, new)):
            files = sorted(os.path.relpath(p, side) for p in
                           glob.glob(os.path.join(side, "**", "*.proto"), recursive=True))
            args = ["protoc", f"-I{side}", f"-I{wkt}", f"--descriptor_set_out={tmp}/{i}.pb",
                    "--include_imports", *files]
            if _protoc_compiler.run_main([a.encode() for a in args]):
                raise SystemExit(1)
    print(json.dumps({"parse_s": time.perf_counter() - start}))
    raise SystemExit(0)
if old == "-":
    raise SystemExit(0)
texts = []
for path in (old, new):
    with open(path, encoding="utf-8") as fh:
        texts.append(fh.read())
if gc_mode == "off":
    gc.disable()
start = time.perf_counter()
docs = [parse(text) for text in texts]
print(json.dumps({"parse_s": time.perf_counter() - start}))
"""

# What graphql-core alone needs to answer the same question: build both schemas, then its own
# breaking and dangerous change finders (gc left on: this is what a graphql-core user gets).
GRAPHQL_CORE = r"""
import json, sys, time
from graphql import build_schema
from graphql.utilities import find_breaking_changes, find_dangerous_changes
texts = []
for path in sys.argv[1:3]:
    with open(path, encoding="utf-8") as fh:
        texts.append(fh.read())
start = time.perf_counter()
old, new = build_schema(texts[0]), build_schema(texts[1])
built = time.perf_counter()
breaking, dangerous = find_breaking_changes(old, new), find_dangerous_changes(old, new)
done = time.perf_counter()
print(json.dumps({"build_s": built - start, "find_s": done - built, "total_s": done - start,
                  "breaking": len(breaking), "dangerous": len(dangerous)}))
"""


@dataclass(frozen=True)
class Pair:
    """One old/new contract pair; ``id`` is stable across runs and is the results' key."""

    id: str
    kind: str  # corpus | synthetic
    fmt: str  # yaml | json | graphql
    order: tuple[Any, ...]  # sort key: deterministic row order
    old: Path | None = None  # corpus pairs: known up front
    new: Path | None = None
    synthetic: synthetic.SyntheticPair | None = None
    ref_root: Path | None = None  # a multi-file pair whose $refs reach beside its documents


@dataclass
class Run:
    """One measured process: wall time, exit status, peak RSS, CPU time, and its stdout file."""

    wall_s: float
    exit: int
    rss_mib: float
    cpu_s: float
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text(encoding="utf-8", errors="replace")

    def error_tail(self, lines: int = 6) -> str:
        text = self.stderr.read_text(encoding="utf-8", errors="replace").strip()
        return "\n".join(text.splitlines()[-lines:])


def launch(argv: list[str], workdir: Path, tag: str, cwd: Path = REPO) -> Run:
    """Run ``argv`` through the launcher (from the repository root, or ``cwd``) and return its
    measurements."""
    out, err = workdir / f"{tag}.out", workdir / f"{tag}.err"
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER, json.dumps([argv, str(out), str(err)])],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    got = json.loads(done.stdout)
    return Run(got["wall_s"], got["exit"], got["maxrss_kib"] / MIB, got["cpu_s"], out, err)


def stats(values: Iterable[float], digits: int = 4) -> dict[str, Any]:
    """Median, min, max and every value, rounded so files diff cleanly between runs."""
    vals = list(values)
    if not vals:
        return {}
    return {
        "median": round(statistics.median(vals), digits),
        "min": round(min(vals), digits),
        "max": round(max(vals), digits),
        "all": [round(v, digits) for v in vals],
    }


def ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den <= 0:
        return None
    return round(num / den, 3)


def med(section: dict[str, Any] | None, key: str) -> float | None:
    """``section[key]["median"]`` or None when that measurement is missing."""
    if not section or not section.get(key):
        return None
    return section[key]["median"]


# --------------------------------------------------------------------------------------------
# Pairs


def corpus_pairs(root: Path) -> list[Pair]:
    """``<root>/<source>/<pair>/old.<ext>`` + ``new.<ext>`` (Protobuf: ``old/`` and ``new/``
    import roots; a multi-file AsyncAPI or OpenAPI pair: ``old/`` and ``new/`` with one
    ``asyncapi.*``/``openapi.*`` each, run with ``--ref-root`` the pair's folder), in name
    order."""
    pairs = []
    for folder in sorted(p for p in root.glob("*/*") if p.is_dir()):
        if (folder / "old").is_dir() and (folder / "new").is_dir():
            source, name = folder.parent.name, folder.name
            documents = _main_documents(folder)
            if documents is not None:  # a multi-file AsyncAPI/OpenAPI pair, not .proto trees
                old, new = documents
                pairs.append(
                    Pair(
                        id=f"corpus/{source}/{name}",
                        kind="corpus",
                        fmt=FORMATS[old.suffix],
                        order=(0, source, name),
                        old=old,
                        new=new,
                        ref_root=folder,
                    )
                )
                continue
            pairs.append(
                Pair(
                    id=f"corpus/{source}/{name}",
                    kind="corpus",
                    fmt="protobuf",
                    order=(0, source, name),
                    old=folder / "old",
                    new=folder / "new",
                )
            )
            continue
        olds = sorted(p for p in folder.glob("old.*") if p.suffix in FORMATS)
        news = sorted(p for p in folder.glob("new.*") if p.suffix in FORMATS)
        if len(olds) != 1 or len(news) != 1:
            print(f"note: {folder} has no single old.*/new.* pair; skipped", file=sys.stderr)
            continue
        source, name = folder.parent.name, folder.name
        pairs.append(
            Pair(
                id=f"corpus/{source}/{name}",
                kind="corpus",
                fmt=FORMATS[olds[0].suffix],
                order=(0, source, name),
                old=olds[0],
                new=news[0],
            )
        )
    return pairs


def _main_documents(folder: Path) -> tuple[Path, Path] | None:
    """For ``old/`` and ``new/`` folders without ``.proto`` files: each side's one
    ``asyncapi.*`` or ``openapi.*`` document (its $refs reach the rest), else None."""
    found = []
    for side in ("old", "new"):
        if any((folder / side).rglob("*.proto")):
            return None
        names = sorted(
            p
            for p in (folder / side).rglob("*")
            if p.suffix in FORMATS and p.stem in ("asyncapi", "openapi")
        )
        if len(names) != 1:
            return None
        found.append(names[0])
    return found[0], found[1]


def synthetic_pairs(scales: tuple[int, ...]) -> list[Pair]:
    """OpenAPI YAML and GraphQL SDL at every scale, plus OpenAPI JSON at the largest."""
    wanted = [("openapi-yaml", s) for s in scales] + [("openapi-json", max(scales))]
    wanted += [("graphql", s) for s in scales]
    series_order = {"openapi-yaml": 0, "openapi-json": 1, "graphql": 2}
    pairs = []
    for series, scale in wanted:
        spec = synthetic.SyntheticPair(series, scale)
        pairs.append(
            Pair(
                id=f"synthetic/{series}/{scale}x",
                kind="synthetic",
                fmt=FORMATS["." + spec.ext],
                order=(1, series_order[series], scale),
                synthetic=spec,
            )
        )
    return pairs


def synthetic_root() -> Path:
    """``.synthetic/<hash of synthetic.py>``: generated once per generator version, then reused."""
    digest = hashlib.sha256(Path(synthetic.__file__).read_bytes()).hexdigest()[:12]
    root = SYNTHETIC_DIR / digest
    if SYNTHETIC_DIR.is_dir():
        for stale in SYNTHETIC_DIR.iterdir():
            if stale.is_dir() and stale.name != digest:
                shutil.rmtree(stale)
    return root


def files_of(pair: Pair) -> tuple[Path, Path]:
    """The pair's two files, generating synthetic ones on first use."""
    if pair.synthetic is None:
        assert pair.old is not None and pair.new is not None
        return pair.old, pair.new
    return synthetic.write_pair(pair.synthetic, synthetic_root())


# --------------------------------------------------------------------------------------------
# Measuring


def count_findings(report: str) -> dict[str, int]:
    """Changes in apidiff's JSON report, in total and by severity."""
    changes = json.loads(report)["changes"]
    counts = {"total": len(changes), "breaking": 0, "dangerous": 0, "safe": 0}
    for change in changes:
        severity = change.get("severity", "other")
        counts[severity] = counts.get(severity, 0) + 1
    return counts


def size_of(path: Path) -> int:
    """A file's size, or the ``.proto`` files' total under a folder (a Protobuf side)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*.proto") if p.is_file())
    return path.stat().st_size


def buf_binary() -> str | None:
    """``buf`` (the dev extra's buf-bin) beside this interpreter, or on PATH."""
    here = str(Path(sys.executable).parent)
    return shutil.which("buf", path=os.pathsep.join([here, os.environ.get("PATH", "")]))


def buf_sides(old: Path, new: Path, workdir: Path) -> tuple[Path, Path]:
    """A copy of both sides with a buf.yaml (v2, FILE: the category of apidiff's default
    profile) in each, as buf needs one to know a folder is a module."""
    top = workdir / "buf-pair"
    shutil.rmtree(top, ignore_errors=True)
    for side, source in (("old", old), ("new", new)):
        shutil.copytree(source, top / side)
        (top / side / "buf.yaml").write_text("version: v2\nbreaking:\n  use: [FILE]\n")
    return top / "old", top / "new"


def apidiff_argv(old: Path, new: Path, ref_root: Path | None = None) -> list[str]:
    """apidiff as a user runs it; --fail-on none and --no-config keep exit codes and rules fixed."""
    roots = ["--ref-root", str(ref_root)] if ref_root is not None else []
    return [sys.executable, "-m", "apidiff", *APIDIFF_OPTIONS, *roots, str(old), str(new)]


# graphql-inspector (the GraphQL peer), run through its CLI's own loader as its users run it.
# `make bench-peers` installs it into PEERS (git-ignored); without node or that folder the
# GraphQL rows say so and leave its columns empty.
PEERS = Path(__file__).resolve().parent / ".peers"
INSPECTOR = PEERS / "node_modules" / ".bin" / "graphql-inspector"


def inspector_argv(old: Path, new: Path) -> list[str] | None:
    """``graphql-inspector diff OLD NEW``, or None when node or the peer is missing."""
    node = shutil.which("node")
    if node is None or not INSPECTOR.exists():
        return None
    return [str(INSPECTOR), "diff", str(old), str(new)]


def measure_pair(pair: Pair, runs: int, gc_mode: str, workdir: Path) -> dict[str, Any]:
    """``runs`` rounds of apidiff, the parse floor and (GraphQL) graphql-core, interleaved.

    Interleaving spreads background noise over all three instead of landing on one.
    """
    old, new = files_of(pair)
    sizes = (size_of(old), size_of(new))
    result: dict[str, Any] = {
        "kind": pair.kind,
        "format": pair.fmt,
        "scale": pair.synthetic.scale if pair.synthetic else None,
        "old_bytes": sizes[0],
        "new_bytes": sizes[1],
        "runs": runs,
        "findings": None,
        "apidiff": None,
        "floor": None,
        "graphql_core": None,
        "buf": None,
        "inspector": None,
        "errors": [],
    }
    a_runs: list[Run] = []
    f_runs: list[Run] = []
    f_parse: list[float] = []
    g_runs: list[Run] = []
    g_out: list[dict[str, Any]] = []
    floor_argv = [sys.executable, "-c", FLOOR, pair.fmt, str(old), str(new), gc_mode]
    gql_argv = [sys.executable, "-c", GRAPHQL_CORE, str(old), str(new)]
    floor_ok = gql_ok = True
    buf = buf_binary() if pair.fmt == "protobuf" else None
    b_runs: list[Run] = []
    b_out: list[int] = []
    if buf is not None:
        buf_old, buf_new = buf_sides(old, new, workdir)
        buf_argv = [
            buf,
            "breaking",
            str(buf_new),
            "--against",
            str(buf_old),
            "--error-format",
            "json",
        ]
    i_argv = inspector_argv(old, new) if pair.fmt == "graphql" else None
    i_runs: list[Run] = []
    for i in range(runs):
        run = launch(apidiff_argv(old, new, pair.ref_root), workdir, "apidiff")
        if run.exit == 2 and "apidiff: error: " in run.error_tail():
            # An input apidiff refuses on purpose (AsyncAPI 1.x, ...): a note, not a failure.
            result["refused"] = run.error_tail()
            break
        if run.exit not in (0, 1):
            result["errors"].append(f"apidiff exit {run.exit}: {run.error_tail()}")
            break
        a_runs.append(run)
        if i == 0:
            try:
                result["findings"] = count_findings(run.output())
            except (ValueError, KeyError) as exc:
                result["errors"].append(f"apidiff output is not the expected JSON: {exc}")
        if floor_ok:
            run = launch(floor_argv, workdir, "floor")
            if run.exit == 0:
                f_runs.append(run)
                f_parse.append(json.loads(run.output())["parse_s"])
            else:
                floor_ok = False
                result["errors"].append(f"parse floor exit {run.exit}: {run.error_tail()}")
        if buf is not None:
            run = launch(buf_argv, workdir, "buf")
            if run.exit in (0, 100):
                b_runs.append(run)
                b_out.append(sum(1 for line in run.output().splitlines() if line.strip()))
            else:
                buf = None
                result["errors"].append(f"buf exit {run.exit}: {run.error_tail()}")
        if pair.fmt == "graphql" and gql_ok:
            run = launch(gql_argv, workdir, "graphql-core")
            if run.exit == 0:
                g_runs.append(run)
                g_out.append(json.loads(run.output()))
            else:
                gql_ok = False
                result["errors"].append(f"graphql-core exit {run.exit}: {run.error_tail()}")
        if i_argv is not None:
            run = launch(i_argv, workdir, "graphql-inspector")
            if run.exit in (0, 1):  # 1: breaking changes found
                i_runs.append(run)
            else:
                i_argv = None
                result["errors"].append(f"graphql-inspector exit {run.exit}: {run.error_tail()}")
    if i_runs:
        result["inspector"] = {
            "wall_s": stats(r.wall_s for r in i_runs),
            "cpu_s": stats(r.cpu_s for r in i_runs),
            "peak_rss_mib": stats((r.rss_mib for r in i_runs), 1),
        }
    if a_runs:
        result["apidiff"] = {
            "exit_codes": sorted({r.exit for r in a_runs}),
            "wall_s": stats(r.wall_s for r in a_runs),
            "cpu_s": stats(r.cpu_s for r in a_runs),
            "peak_rss_mib": stats((r.rss_mib for r in a_runs), 1),
        }
    if f_runs:
        result["floor"] = {
            "parse_s": stats(f_parse),
            "process_s": stats(r.wall_s for r in f_runs),
            "peak_rss_mib": stats((r.rss_mib for r in f_runs), 1),
        }
    if b_runs:
        result["buf"] = {
            "command": "buf breaking NEW --against OLD --error-format json (v2, use: [FILE])",
            "wall_s": stats(r.wall_s for r in b_runs),
            "cpu_s": stats(r.cpu_s for r in b_runs),
            "peak_rss_mib": stats((r.rss_mib for r in b_runs), 1),
            "findings": b_out[0],
        }
    if g_runs:
        result["graphql_core"] = {
            "total_s": stats(g["total_s"] for g in g_out),
            "build_schema_x2_s": stats(g["build_s"] for g in g_out),
            "find_changes_s": stats(g["find_s"] for g in g_out),
            "process_s": stats(r.wall_s for r in g_runs),
            "peak_rss_mib": stats((r.rss_mib for r in g_runs), 1),
            "breaking": g_out[0]["breaking"],
            "dangerous": g_out[0]["dangerous"],
        }
    return result


def measure_history(repo: Path, path: str, versions: int, runs: int, workdir: Path) -> dict:
    """``apidiff history`` over the ``versions`` most recent versions of ``path`` in ``repo``
    (a clone of the contract's repository): whole process, and per version."""
    commits = subprocess.run(
        ["git", "log", "--format=%H", "-n", str(versions), "--", path],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    argv = [sys.executable, "-m", "apidiff", "history", path, "--since", commits[-1]]
    argv += ["--format", "json", "--no-config", "--today", TODAY]
    env_path = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(REPO) + (os.pathsep + env_path if env_path else "")
    try:
        done = [launch(argv, workdir, "history", cwd=repo) for _ in range(runs)]
    finally:
        if env_path is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = env_path
    result: dict[str, Any] = {"repo": str(repo), "path": path, "since": commits[-1], "errors": []}
    ok = [r for r in done if r.exit == 0]
    if not ok:
        result["errors"].append(f"apidiff history exit {done[0].exit}: {done[0].error_tail()}")
        return result
    steps = json.loads(ok[0].output())["steps"]
    found = len(steps) + 1
    result.update(
        versions=found,
        steps=len(steps),
        failed_steps=sum("error" in s for s in steps),
        runs=len(ok),
        wall_s=stats(r.wall_s for r in ok),
        cpu_s=stats(r.cpu_s for r in ok),
        peak_rss_mib=stats((r.rss_mib for r in ok), 1),
        per_version_s=round(statistics.median(r.wall_s for r in ok) / found, 3),
    )
    return result


def measure_baselines(formats: Iterable[str], runs: int, workdir: Path) -> dict[str, Any]:
    """What an interpreter costs before any parsing: bare, with each parser, and apidiff --help."""

    def measure(argv: list[str], tag: str) -> dict[str, Any]:
        got = [launch(argv, workdir, tag) for _ in range(runs)]
        return {
            "process_s": stats(r.wall_s for r in got),
            "peak_rss_mib": stats((r.rss_mib for r in got), 1),
        }

    base: dict[str, Any] = {"python": measure([sys.executable, "-c", "pass"], "python")}
    base["import"] = {
        fmt: measure([sys.executable, "-c", FLOOR, fmt, "-", "-", "on"], f"import-{fmt}")
        for fmt in sorted(set(formats))
    }
    base["apidiff_help"] = measure([sys.executable, "-m", "apidiff", "--help"], "apidiff-help")
    return base


def add_ratios(results: dict[str, dict[str, Any]], baselines: dict[str, Any]) -> None:
    """Ratios to the floor, to graphql-core, and (synthetic) to the same series at 1x."""
    for pair_id, res in results.items():
        a, f, g = res["apidiff"], res["floor"], res["graphql_core"]
        wall, rss = med(a, "wall_s"), med(a, "peak_rss_mib")
        floor_rss = med(f, "peak_rss_mib")
        import_rss = med(baselines["import"].get(res["format"]), "peak_rss_mib")
        docs = None if floor_rss is None or import_rss is None else floor_rss - import_rss
        series_1x = pair_id.rsplit("/", 1)[0] + "/1x"
        base = results.get(series_1x, {}).get("apidiff")
        base_wall, base_min = med(base, "wall_s"), base["wall_s"]["min"] if base else None
        synth = res["kind"] == "synthetic"
        res["ratios"] = {
            "wall_over_parse": ratio(wall, med(f, "parse_s")),
            "wall_over_floor_process": ratio(wall, med(f, "process_s")),
            "parsed_docs_mib": None if docs is None else round(docs, 1),
            "rss_over_floor": ratio(rss, floor_rss),
            "rss_over_docs": ratio(rss, docs),
            "wall_over_graphql_core": ratio(wall, med(g, "total_s")),
            "wall_over_graphql_core_process": ratio(wall, med(g, "process_s")),
            "wall_over_inspector": ratio(wall, med(res.get("inspector"), "wall_s")),
            "wall_over_1x": ratio(wall, base_wall) if synth else None,
            "wall_min_over_1x_min": ratio(a["wall_s"]["min"], base_min) if synth and a else None,
            "wall_over_buf": ratio(wall, med(res.get("buf"), "wall_s")),
            "peak_rss_mib": rss,
        }


# --------------------------------------------------------------------------------------------
# Targets and output


def targets(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The performance issue's targets, each judged on the worst pair it covers."""

    def worst(
        label: str,
        limit: float,
        key: str,
        picks: Callable[[str, dict[str, Any]], bool],
        strict: bool = False,
    ) -> dict[str, Any]:
        got = [
            (res["ratios"][key], pair_id)
            for pair_id, res in results.items()
            if picks(pair_id, res) and res.get("ratios", {}).get(key) is not None
        ]
        if not got:
            return {"target": label, "limit": limit, "worst": None, "pair": None, "status": "n/a"}
        value, pair_id = max(got)
        met = value < limit if strict else value <= limit
        return {
            "target": label,
            "limit": limit,
            "worst": value,
            "pair": pair_id,
            "status": "met" if met else "missed",
        }

    out = [
        worst(
            "Stripe YAML: apidiff wall <= 1.5x floor process",
            1.5,
            "wall_over_floor_process",
            lambda p, r: p.startswith("corpus/stripe/") and r["format"] == "yaml",
        ),
        worst(
            "GitHub REST JSON year pair: apidiff wall <= 4x floor process",
            4.0,
            "wall_over_floor_process",
            lambda p, r: p.startswith("corpus/github-rest/") and "year" in p,
        ),
        worst(
            "Other large JSON pairs (a file over 2 MB): apidiff wall <= 3x floor process",
            3.0,
            "wall_over_floor_process",
            lambda p, r: (
                r["format"] == "json"
                and not (p.startswith("corpus/github-rest/") and "year" in p)
                and max(r["old_bytes"], r["new_bytes"]) > LARGE_BYTES
            ),
        ),
    ]
    for series in ("openapi-yaml", "graphql"):
        out.append(
            worst(
                f"synthetic {series}: 16x time <= 18x the 1x time",
                18.0,
                "wall_over_1x",
                lambda p, r, s=series: p == f"synthetic/{s}/16x",
            )
        )
    out += [
        worst(
            "Peak RSS <= 3x the floor's peak RSS (pairs with a file over 2 MB)",
            3.0,
            "rss_over_floor",
            lambda p, r: max(r["old_bytes"], r["new_bytes"]) > LARGE_BYTES,
        ),
        worst(
            "GitHub GraphQL: apidiff wall < graphql-core process (build x2 + find)",
            1.0,
            "wall_over_graphql_core_process",
            lambda p, r: p.startswith("corpus/github-graphql/"),
            strict=True,
        ),
        worst(
            "Protobuf aiplatform year: apidiff wall <= 0.5x buf breaking (FILE)",
            0.5,
            "wall_over_buf",
            lambda p, r: p == "corpus/protobuf/2025-08-to-2026-08-aiplatform-year",
        ),
        worst(
            "Protobuf aiplatform year: peak RSS < 500 MiB",
            500.0,
            "peak_rss_mib",
            lambda p, r: p == "corpus/protobuf/2025-08-to-2026-08-aiplatform-year",
            strict=True,
        ),
        worst(
            "GitHub GraphQL: apidiff wall <= 0.5x graphql-inspector's",
            0.5,
            "wall_over_inspector",
            lambda p, r: p.startswith("corpus/github-graphql/"),
        ),
    ]
    return out


def _n(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def markdown_table(results: dict[str, dict[str, Any]]) -> str:
    """One row per pair in the results' order; medians unless the column says min."""
    head = [
        "pair",
        "fmt",
        "old/new MB",
        "findings (B/D/S)",
        "runs",
        "apidiff s",
        "min s",
        "parse s",
        "floor proc s",
        "×parse",
        "×proc",
        "vs 1×",
        "RSS MiB",
        "floor RSS",
        "docs MiB",
        "×floor RSS",
        "×docs",
        "gql-core s",
        "gql proc s",
        "×gql proc",
        "buf s",
        "×buf",
        "inspector s",
        "×inspector",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for pair_id, res in results.items():
        a, f, g, r = res["apidiff"], res["floor"], res["graphql_core"], res.get("ratios", {})
        found = res["findings"]
        findings = (
            f"{found['total']} ({found['breaking']}/{found['dangerous']}/{found['safe']})"
            if found
            else "–"
        )
        cells = [
            f"`{pair_id}`",
            res["format"],
            f"{res['old_bytes'] / 1e6:.2f}/{res['new_bytes'] / 1e6:.2f}",
            findings,
            str(res["runs"]),
            _n(med(a, "wall_s"), ".3f"),
            _n(a["wall_s"]["min"] if a else None, ".3f"),
            _n(med(f, "parse_s"), ".3f"),
            _n(med(f, "process_s"), ".3f"),
            _n(r.get("wall_over_parse"), ".2f"),
            _n(r.get("wall_over_floor_process"), ".2f"),
            _n(r.get("wall_over_1x"), ".2f"),
            _n(med(a, "peak_rss_mib"), ".0f"),
            _n(med(f, "peak_rss_mib"), ".0f"),
            _n(r.get("parsed_docs_mib"), ".0f"),
            _n(r.get("rss_over_floor"), ".2f"),
            _n(r.get("rss_over_docs"), ".2f"),
            _n(med(g, "total_s"), ".3f"),
            _n(med(g, "process_s"), ".3f"),
            _n(r.get("wall_over_graphql_core_process"), ".2f"),
            _n(med(res.get("buf"), "wall_s"), ".3f"),
            _n(r.get("wall_over_buf"), ".2f"),
            _n(med(res.get("inspector"), "wall_s"), ".3f"),
            _n(r.get("wall_over_inspector"), ".2f"),
        ]
        if res["errors"]:
            cells[3] = "**FAILED** " + cells[3]
        elif res.get("refused"):
            cells[3] = "refused (input error) " + cells[3]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| target | worst | on pair | status |", "|---|---|---|---|"]
    for row in rows:
        pair = f"`{row['pair']}`" if row["pair"] else "–"
        lines.append(f"| {row['target']} | {_n(row['worst'], '.2f')} | {pair} | {row['status']} |")
    return "\n".join(lines)


def git_info() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    sha = git("rev-parse", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no")) if sha else None
    return {"sha": sha or None, "short_sha": sha[:7] if sha else "nogit", "dirty": dirty}


def machine_info() -> dict[str, Any]:
    """Enough to tell two result files from different machines apart."""
    cpu_model = mem_total = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total = round(int(line.split()[1]) / MIB / MIB, 1)
                break
    except OSError:
        pass

    def version(dist: str) -> str | None:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return None

    import yaml  # only for its libyaml flag; the parent's memory is not measured

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "mem_total_gib": mem_total,
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "packages": {
            "apidiff": version("apidiff"),
            "pyyaml": version("pyyaml"),
            "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
            "graphql-core": version("graphql-core"),
        },
    }


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def render_markdown(report: dict[str, Any], table: str, goals: str, notes: list[str]) -> str:
    m, s, b = report["machine"], report["settings"], report["baselines"]
    pk = m["packages"]
    dirty = ", working tree dirty" if report["git"]["dirty"] else ""
    imports = ", ".join(
        f"import {fmt} {_n(med(v, 'peak_rss_mib'), '.1f')} MiB / {_n(med(v, 'process_s'), '.3f')} s"
        for fmt, v in b["import"].items()
    )
    runs = f"{s['runs']} per pair"
    if s["large_runs"] < s["runs"]:
        runs += f" ({s['large_runs']} for pairs with a file over {LARGE_BYTES / 1e6:.0f} MB)"
    lines = [
        f"# apidiff benchmark: {report['date']} ({report['git']['short_sha']}{dirty})",
        "",
        f"- Generated {report['generated_at']}; pairs: {s['pairs_measured']}; runs: {runs}; "
        "medians unless a column says min.",
        f"- Machine: {m['platform']}, {m['cpu_count']} CPUs ({m['cpu_model']}), "
        f"{m['mem_total_gib']} GiB RAM, load average at start {m['load_avg_at_start']}.",
        f"- Python {m['python']} ({m['implementation']}); apidiff {pk['apidiff']}, "
        f"PyYAML {pk['pyyaml']} (libyaml: {pk['libyaml']}), graphql-core {pk['graphql-core']}.",
        f"- Parse floor: parser import + read + parse of both files, gc {s['floor_gc']} during "
        "the parse (apidiff also turns gc off while loading).",
        f"- Baselines: `python -c pass` {_n(med(b['python'], 'peak_rss_mib'), '.1f')} MiB / "
        f"{_n(med(b['python'], 'process_s'), '.3f')} s; {imports}; `python -m apidiff --help` "
        f"{_n(med(b['apidiff_help'], 'peak_rss_mib'), '.1f')} MiB / "
        f"{_n(med(b['apidiff_help'], 'process_s'), '.3f')} s.",
        *[f"- Note: {note}" for note in notes],
        "",
        "## Pairs",
        "",
        table,
        "",
        "## Targets",
        "",
        goals,
        "",
        "Columns and ratios are explained in `tests/benchmarks/README.md`.",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per pair (default 5)")
    parser.add_argument(
        "--large-runs",
        type=int,
        default=3,
        help=f"at most this many runs for pairs with a file over {LARGE_BYTES / 1e6:.0f} MB "
        "(default 3)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="SUBSTR",
        help="only pairs whose id contains SUBSTR (repeatable)",
    )
    parser.add_argument("--no-corpus", action="store_true", help="synthetic pairs only")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="real pairs' folder")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="results folder")
    parser.add_argument("--scales", default="1,4,16", help="synthetic sizes (default 1,4,16)")
    parser.add_argument(
        "--floor-gc",
        choices=("off", "on"),
        default="off",
        help="garbage collector during the floor's parse (default off, as apidiff loads)",
    )
    parser.add_argument(
        "--history-repo",
        type=Path,
        default=Path(__file__).resolve().parent / ".history" / "stripe-openapi",
        help="a clone of a contract's repository for the history measurement "
        "(default tests/benchmarks/.history/stripe-openapi; skipped when absent)",
    )
    parser.add_argument("--history-path", default="openapi/spec3.yaml")
    parser.add_argument(
        "--history-versions", type=int, default=50, help="most recent versions (0: skip)"
    )
    parser.add_argument("--history-runs", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        args.scales = tuple(sorted({int(s) for s in args.scales.split(",") if s.strip()}))
    except ValueError:
        parser.error("--scales takes comma-separated integers, e.g. 1,4,16")
    if not args.scales or min(args.scales) < 1 or args.runs < 1 or args.large_runs < 1:
        parser.error("--scales, --runs and --large-runs must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    notes: list[str] = []
    pairs: list[Pair] = []
    if args.no_corpus:
        notes.append("real corpus skipped (--no-corpus).")
    elif args.corpus.is_dir():
        pairs += corpus_pairs(args.corpus)
    else:
        notes.append(f"no corpus at {args.corpus}: real pairs skipped.")
        print(f"note: no corpus at {args.corpus}; measuring synthetic pairs only", file=sys.stderr)
    pairs += synthetic_pairs(args.scales)
    if args.only:
        pairs = [p for p in pairs if any(s in p.id for s in args.only)]
        notes.append("pairs filtered with --only " + " --only ".join(args.only) + ".")
    pairs.sort(key=lambda p: p.order)
    if not pairs:
        print("no pairs to measure", file=sys.stderr)
        return 2
    if args.scales != DEFAULT_SCALES:
        notes.append(f"synthetic scales {args.scales} instead of {DEFAULT_SCALES}.")

    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    if any(p.fmt == "protobuf" for p in pairs) and buf_binary() is None:
        notes.append("no `buf` (pip install buf-bin): Protobuf pairs measured without it.")
    with tempfile.TemporaryDirectory(prefix="apidiff-bench-") as tmp:
        workdir = Path(tmp)
        # buf's module cache, here: nothing is fetched (the pairs have no dependencies).
        os.environ["BUF_CACHE_DIR"] = str(workdir / "buf-cache")
        print(f"baselines ({args.runs} runs) ...", file=sys.stderr)
        baselines = measure_baselines({p.fmt for p in pairs}, args.runs, workdir)
        for n, pair in enumerate(pairs, 1):
            old, new = files_of(pair)
            large = max(size_of(old), size_of(new)) > LARGE_BYTES
            runs = min(args.runs, args.large_runs) if large else args.runs
            print(f"[{n}/{len(pairs)}] {pair.id} ({runs} runs) ...", file=sys.stderr, end="")
            sys.stderr.flush()
            t0 = time.perf_counter()
            res = measure_pair(pair, runs, args.floor_gc, workdir)
            results[pair.id] = res
            status = (
                "FAILED"
                if res["errors"]
                else "refused"
                if res.get("refused")
                else f"{med(res['apidiff'], 'wall_s'):.2f} s"
            )
            print(f" {status} (pair took {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
            for error in res["errors"]:
                notes.append(f"`{pair.id}`: {error}".replace("\n", " / "))
            if res.get("refused"):
                refusal = res["refused"].replace("\n", " / ")
                notes.append(f"`{pair.id}`: refused as an input error (exit 2): {refusal}")
        history = None
        if args.history_versions and args.history_repo.is_dir():
            print(f"history: {args.history_versions} versions of {args.history_path} ...",
                  file=sys.stderr)  # fmt: skip
            history = measure_history(
                args.history_repo, args.history_path, args.history_versions, args.history_runs,
                workdir,
            )  # fmt: skip
            for error in history["errors"]:
                notes.append(f"history: {error}".replace("\n", " / "))
        elif args.history_versions:
            notes.append(
                f"history skipped: no clone at {args.history_repo} (see the README: a clone of "
                "stripe/openapi)."
            )
    if any(p.fmt == "graphql" for p in pairs) and inspector_argv(REPO, REPO) is None:
        notes.append(
            "graphql-inspector not measured: it needs node and `make bench-peers` "
            f"(installs it into {PEERS.relative_to(REPO)})."
        )
    add_ratios(results, baselines)
    goals = targets(results)

    git = git_info()
    now = dt.datetime.now(dt.UTC)
    partial = (
        bool(args.only)
        or args.scales != DEFAULT_SCALES
        or not any(r["kind"] == "corpus" for r in results.values())
    )
    report: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "date": now.strftime("%Y-%m-%d"),
        "generated_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "elapsed_s": round(time.perf_counter() - started, 1),
        "partial": partial,
        "git": git,
        "machine": machine_info(),
        "settings": {
            "runs": args.runs,
            "large_runs": min(args.runs, args.large_runs),
            "large_bytes": LARGE_BYTES,
            "floor_gc": args.floor_gc,
            "today": TODAY,
            "scales": list(args.scales),
            "only": args.only,
            "corpus": None if args.no_corpus else str(args.corpus),
            "pairs_measured": len(results),
            "apidiff_command": apidiff_argv(Path("OLD"), Path("NEW"))[1:],
        },
        "baselines": baselines,
        "targets": goals,
        "notes": notes,
        "history": history,
        "pairs": results,
    }
    table, goals_md = markdown_table(results), targets_table(goals)
    if history and not history["errors"]:
        table += (
            f"\n\n`apidiff history` over the {history['versions']} most recent versions of "
            f"`{history['path']}` ({history['steps']} steps, {history['failed_steps']} failed): "
            f"{med(history, 'wall_s'):.1f} s median of {history['runs']} run(s) "
            f"(min {history['wall_s']['min']:.1f} s), {history['per_version_s']:.2f} s per "
            f"version, peak RSS {med(history, 'peak_rss_mib'):.0f} MiB."
        )
    markdown = render_markdown(report, table, goals_md, notes)
    print(table)
    print()
    print(goals_md)
    for note in notes:
        print(f"note: {note}")

    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"{report['date']}-{git['short_sha']}" + ("-partial" if partial else "")
    as_json = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    outputs = [(f"{stem}.md", markdown), (f"{stem}.json", as_json)]
    if not partial:  # a partial run never replaces the last full one
        outputs += [("latest.md", markdown), ("latest.json", as_json)]
    for name, text in outputs:
        write_atomic(args.out / name, text)
    also = "" if partial else " (and latest.*)"
    print(f"\nwrote {args.out / stem}.md and .json{also}", file=sys.stderr)
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
