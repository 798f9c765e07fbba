"""`python -m bench` (`make bench`): measure the app on synthetic data in its own database.

The benchmark is not an installed app: it is a package that only `make bench` runs.

The command (parent) picks the benchmark database beside the configured one (SQLite file in
var/bench, or `<name>_bench` when DATABASE_URL names PostgreSQL), recreates and migrates it,
then runs the measurements in a child process bound to that database, so the user's data is
never touched. It prints progress and a table, and writes var/bench/latest.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench import database  # noqa: E402

DEFAULT_SCALES = "5,100,1000,3321"


class BenchError(SystemExit):
    """A benchmark that cannot run: the message is printed and the exit status is 1."""

    def __init__(self, message: str) -> None:
        print(message, file=sys.stderr)
        super().__init__(1)


class _Output:
    def write(self, text: str) -> None:
        print(text)

    def flush(self) -> None:
        sys.stdout.flush()


def _scales(text: str) -> list[int]:
    try:
        scales = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise BenchError("--scales takes whole numbers separated by commas") from None
    if not scales or scales[0] < 1 or scales[-1] > 5000:
        raise BenchError("--scales must be between 1 and 5000 wards")
    return scales


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Đo hiệu năng trên dữ liệu giả lập (CSDL riêng *_bench), "
        "ghi var/bench/latest.json.",
    )
    parser.add_argument("--scales", default=DEFAULT_SCALES, help="ward counts, e.g. 5,100,1000")
    parser.add_argument("--years", type=int, default=8, help="years of monthly data per ward")
    parser.add_argument(
        "--users",
        type=int,
        default=0,
        help="concurrent officers saving forms, one per ward (default 200, or every ward)",
    )
    parser.add_argument("--output", default="", help="JSON file (default var/bench/latest.json)")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    return parser


class Command:
    """The benchmark run: the parent prepares the database, the child measures."""

    stdout = _Output()

    def handle(self, **options):
        scales = _scales(options["scales"])
        if not 2 <= options["years"] <= 8:
            raise BenchError("--years must be between 2 and 8")
        options["users"] = options["users"] or min(200, scales[-1])
        if not 1 <= options["users"] <= 200 or options["users"] > scales[-1]:
            raise BenchError("--users must be 1-200 and not more than the largest scale")
        if options["inside"]:
            return self._measure(scales, options)
        return self._parent(options)

    # --- parent: prepare the benchmark database, run the child --------------------------------

    def _parent(self, options) -> None:
        url = database.bench_database_url(os.environ.get("DATABASE_URL"))
        shown = url.split("@")[-1]
        self.stdout.write(f"Cơ sở dữ liệu đo: {shown} (tạo mới, không đụng dữ liệu thật)")
        database.recreate(url)
        env = database.child_env(url)
        output = options["output"] or str(database.bench_folder() / "latest.json")
        command = [
            sys.executable,
            "-m",
            "bench",
            "--inside",
            "--scales",
            options["scales"],
            "--years",
            str(options["years"]),
            "--users",
            str(options["users"]),
            "--output",
            output,
        ]
        result = subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BenchError(f"benchmark failed (exit {result.returncode})")

    # --- child: inside the benchmark database ------------------------------------------------

    def _say(self, text: str) -> None:
        elapsed = time.monotonic() - self._started
        self.stdout.write(f"[{elapsed:6.1f}s] {text}")
        self.stdout.flush()

    def _measure(self, scales: list[int], options) -> None:
        from django.db import connection

        from bench.data import wards_grow_to
        from bench.sections import FINAL_SECTIONS, SCALE_SECTIONS, Context
        from criteria.langson import load_criteria

        self._started = time.monotonic()
        database.assert_inside()
        self._say("migrate")
        call_command("migrate", verbosity=0)
        load_criteria()
        env = dict(os.environ)
        today = datetime.date.today()
        form_month = (today.year, today.month)
        rows: list[dict] = []
        for scale in scales:
            self._say(f"tạo dữ liệu: {scale} phường × {options['years']} năm")
            created = wards_grow_to(scale, years=options["years"], skip_month=form_month)
            self._say(f"  +{created} báo cáo tháng")
            ctx = Context(
                wards=scale, env=env, say=self._say, users=options["users"], form_month=form_month
            )
            for section in SCALE_SECTIONS:
                self._say(f"đo {section.__name__} ở {scale} phường")
                rows.extend(section(ctx))
        for section in FINAL_SECTIONS:
            self._say(f"đo {section.__name__} ở {scales[-1]} phường")
            rows.extend(
                section(
                    Context(
                        wards=scales[-1],
                        env=env,
                        say=self._say,
                        users=options["users"],
                        form_month=form_month,
                    )
                )
            )
        report = {
            "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": connection.vendor,
                "name": Path(str(connection.settings_dict["NAME"])).name,
            },
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "scales": scales,
            "years": options["years"],
            "duration_seconds": round(time.monotonic() - self._started, 1),
            "rows": rows,
        }
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        self._table(report)
        self.stdout.write(f"Đã ghi {output}")

    def _table(self, report: dict) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"Cơ sở dữ liệu: {report['database']['vendor']} ({report['database']['name']}), "
            f"{report['machine']['cpus']} CPU, {report['duration_seconds']} s"
        )
        header = (
            f"{'section':<10} {'wards':>6}  {'measure':<32} {'value':>10} {'floor':>10} "
            f"{'ratio':>7} {'target':>7}  ok"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in report["rows"]:
            if row.get("skipped"):
                self.stdout.write(f"{row['section']:<10} {row['wards']:>6}  {row['skipped']}")
                continue
            ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else "—"
            target = f"≤{row['target']:g}×" if row["target"] is not None else "—"
            floor = f"{row['floor']:.4f}" if row["floor"] is not None else "—"
            met = {True: "✓", False: "✗", None: ""}[row["met"]]
            extra = f"  errors={row['errors']}" if "errors" in row else ""
            if "sheet_rows" in row:
                extra += f"  rows={row['sheet_rows']}"
            if "healthz" in row:
                extra += f"  healthz={row['healthz']:.4f}s ({row['ratio_vs_healthz']}×)"
            unit = row["unit"]
            value = f"{row['value']:>9.0f} " if unit == "q" else f"{row['value']:>9.4f}"
            self.stdout.write(
                f"{row['section']:<10} {row['wards']:>6}  {row['measure']:<32} "
                f"{value}{unit:<3} {floor:>10} {ratio:>7} {target:>7}  {met}{extra}"
            )


if __name__ == "__main__":
    Command().handle(**vars(_parser().parse_args()))
