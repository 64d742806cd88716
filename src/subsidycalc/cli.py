"""The ``subsidycalc`` command line.

::

    subsidycalc demo                    # the bundled examples: a table, then every explanation
    subsidycalc assess apps.json        # your applications (one object or a list); --json
    subsidycalc allocate apps.json --budget 500万   # quotas, exclusion, budgets
    subsidycalc rules doumen-2023       # every direction's parameters with their clauses
    subsidycalc check cases/            # policy case files: exit 1 on any mismatch
    subsidycalc schema                  # JSON Schema of the input, the outputs and case files
    subsidycalc template doumen-2023/direction_1 --xlsx a.xlsx   # a fill-in workbook (or JSON)
    subsidycalc assess a.xlsx --xlsx out.xlsx   # a workbook in, the results as a workbook
    subsidycalc lint RULES.yaml         # a YAML rule file: every problem with its place
    subsidycalc --policy RULES.yaml rules xiangzhou-2026   # any command, with a rule file loaded

Exit codes: 0 done, 1 a case did not hold (``check``) or a rule file has problems (``lint``), 2 bad input (one line per problem, no
traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from ._version import __version__
from .allocation import (
    Allocation,
    AllocationPolicy,
    Budget,
    BudgetMode,
    TieBreak,
    allocate,
    allocate_assessed,
)
from .docs import rules_markdown, rules_text
from .exclusion import ExclusionMode
from .inputs import (
    MAX_BYTES,
    FieldError,
    InputError,
    errors_from,
    example_applications,
    example_ledger,
    parse_json,
    read_applications,
    read_input,
)
from .ledger import Ledger
from .messages import LANGUAGES, Language
from .models import Application, application_json_schema
from .money import ZERO, Money
from .periods import BEIJING
from .registry import assess, document, programmes
from .result import Assessment, assessment_json_schema
from .rulefile import lint, load_policy
from .scenarios import compare
from .screener import example_profiles, profiles_from, screen
from .stages import LifeStage
from .text import render_table
from .versions import Version, diff, load_version, version

__all__ = ["main", "render_table"]


def _table(results: Sequence[Assessment]) -> str:
    header = ("申请编号", "方向", "结论", "计入投资额", "奖补基数", "奖补金额", "未满足条件")
    rows = [
        (
            r.application_id,
            r.direction,
            "符合" if r.eligible else "不符合",
            r.eligible_spend.format(),
            r.award_base.format(),
            r.award.format(),
            ",".join(sorted({str(f.code) for f in r.failures})) or "-",
        )
        for r in results
    ]
    total = sum((r.award for r in results), start=ZERO)
    lines = [render_table(header, rows)]
    if results:
        eligible = sum(1 for r in results if r.eligible)
        lines.append(f"合计：{len(results)} 项申请，{eligible} 项符合条件，奖补合计 {total.format()}")
    return "\n".join(lines)


def _print_results(
    results: Sequence[Assessment], *, as_json: bool, explain: bool, out: TextIO, lang: Language = "zh"
) -> None:
    if as_json:
        json.dump([r.to_dict() for r in results], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    out.write(_table(results) + "\n")
    if explain:
        for result in results:
            out.write("\n" + result.explain(lang) + "\n")


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    apps = example_applications()
    ledger = example_ledger()
    results = [assess(a, ledger) for a in apps]
    allocation = allocate(apps, ledger=ledger)
    if args.json:
        json.dump(
            {"assessments": [r.to_dict() for r in results], "allocation": allocation.to_dict()},
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return 0
    names = "、".join(document(p).short for p in dict.fromkeys(a.programme for a in apps))
    out.write(f"subsidycalc {__version__} — {names} 示例申请 {len(apps)} 项（虚构数据）\n\n")
    out.write("一、逐项评估\n\n")
    _print_results(results, as_json=False, explain=False, out=out)
    out.write("\n二、名额、互斥与分配（严格模式，按评审得分排序）\n\n")
    out.write(allocation.table() + "\n\n" + allocation.explain() + "\n")
    if not args.brief:
        out.write("\n三、评估说明\n")
        for result in results:
            out.write("\n" + result.explain() + "\n")
    return 0


def _read(file: str, max_bytes: int, encoding: str | None = None) -> tuple[Application, ...]:
    from .spreadsheets import is_csv, is_workbook, read_csv, read_workbook

    if is_workbook(file):
        return read_workbook(file, max_bytes=max_bytes)
    if is_csv(file):
        return read_csv(file, encoding=encoding, max_bytes=max_bytes)
    return read_applications(file, max_bytes=max_bytes)


def _cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from .spreadsheets import template_application, template_workbook

    try:
        if args.xlsx:
            template_workbook(args.direction, args.xlsx)
            out.write(f"{args.xlsx}: 申请单位 / 发票 / 合同 / 事实 of {args.direction}\n")
            return 0
        found = template_application(args.direction)
    except (ValueError, LookupError) as exc:
        raise InputError([FieldError("DOCUMENT/DIRECTION", str(exc).strip("'\""), args.direction)]) from None
    json.dump(found, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def _ledger_of(args: argparse.Namespace) -> Ledger | None:
    """``--ledger FILE``, ``--empty-ledger`` (there are no earlier awards), or neither: ``None``,
    which rules that read history report as not final (``LEDGER_REQUIRED``)."""
    if args.ledger and args.empty_ledger:
        raise InputError([FieldError("--empty-ledger", "given with --ledger: expected one of the two", args.ledger)])
    if args.empty_ledger:
        return Ledger.empty()
    return _read_ledger(args.ledger, args.max_bytes) if args.ledger else None


def _read_ledger(path: str, max_bytes: int) -> Ledger:
    data = parse_json(read_input(path, max_bytes=max_bytes), path)
    try:
        return Ledger.model_validate(data)
    except ValidationError as exc:
        raise InputError(errors_from(exc), path) from None


def _byte_count(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 15 or int(text) == 0:
        raise argparse.ArgumentTypeError(f"invalid byte count {text[:20]!r}: expected a positive whole number")
    return int(text)


def _budget(text: str) -> Budget:
    scope, _, amount = text.rpartition("=")
    try:
        return Budget(amount=Money.parse(amount), scope=scope or "all")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"invalid budget {text!r}: expected an amount such as '500万' or 'direction_1=120万' ({exc})"
        ) from None


def _cmd_allocate(args: argparse.Namespace, out: TextIO) -> int:
    policy = AllocationPolicy(
        exclusion_mode=ExclusionMode(args.exclusion),
        tie_break=TieBreak(args.tie_break),
        budgets=tuple(args.budget),
        budget_mode=BudgetMode(args.mode),
        partial_last=args.partial,
        on_duplicate_invoice=args.on_duplicate_invoice,
        certification_ties=args.certification_ties,
        year=args.year,
    )
    ledger = _ledger_of(args)
    apps = _read(args.file, args.max_bytes, args.encoding)
    if args.xlsx:
        from .spreadsheets import write_results

        results = [assess(a, ledger) for a in apps]
        allocation = allocate_assessed(apps, results, policy=policy, ledger=ledger)
        write_results(args.xlsx, results, allocation)
    else:
        allocation = allocate(apps, policy=policy, ledger=ledger)
    if args.json:
        out.write(allocation.to_json() + "\n")
    else:
        out.write(allocation.table() + "\n\n" + allocation.explain() + "\n")
    return 0


def _cmd_assess(args: argparse.Namespace, out: TextIO) -> int:
    apps = _read(args.file, args.max_bytes, args.encoding)
    ledger = _ledger_of(args)
    stage = LifeStage(args.stage) if args.stage else None
    results = [assess(a, ledger, stage) for a in apps]
    if args.xlsx:
        from .spreadsheets import write_results

        write_results(args.xlsx, results, lang=args.lang)
    _print_results(results, as_json=args.json, explain=args.explain, out=out, lang=args.lang)
    return 0


def _version_of(spec: str, max_bytes: int) -> Version:
    """``programme``, ``programme@version`` or a version file (``*.version.yaml``)."""
    if spec.endswith((".yaml", ".yml")) or Path(spec).is_file():
        return load_version(spec, max_bytes=max_bytes)
    try:
        return version(spec)
    except LookupError as exc:
        raise InputError([FieldError("version", str(exc).removeprefix("'").removesuffix("'"), spec)]) from None


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    a, b = _version_of(args.a, args.max_bytes), _version_of(args.b, args.max_bytes)
    changes = diff(a, b)
    comparison = None
    if args.applications:
        apps = _read(args.applications, args.max_bytes)
        comparison = compare(a, b, apps, ledger=_ledger_of(args))
    if args.json:
        found: dict[str, object] = {"diff": changes.to_dict()}
        if comparison is not None:
            found["comparison"] = comparison.to_dict()
        json.dump(found, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    out.write(changes.text() + "\n")
    if comparison is not None:
        out.write(
            f"\n同一批申请 {len(comparison.applicants)} 项：{a.name} 合计 {comparison.baseline_total.format()}，"
            f"{b.name} 合计 {comparison.reform_total.format()}，差额 {comparison.total_delta.format()}\n"
        )
        rows = [
            (d.application_id, d.direction, d.baseline.format(), d.reform.format(), d.delta.format(),
             f"{d.baseline_outcome.label}→{d.reform_outcome.label}")
            for d in comparison.changed()
        ]
        if rows:
            out.write(render_table(("申请编号", "方向", a.name, b.name, "差额", "结果"), rows) + "\n")
    return 0


def _cmd_screen(args: argparse.Namespace, out: TextIO) -> int:
    if args.file:
        data = parse_json(read_input(args.file, max_bytes=args.max_bytes), args.file)
        try:
            profiles = profiles_from(data)
        except ValidationError as exc:
            raise InputError(errors_from(exc), args.file) from None
    else:
        profiles = example_profiles()
    as_of = date.fromisoformat(args.as_of) if args.as_of else datetime.now(BEIJING).date()
    ledger = _ledger_of(args)
    found = [screen(p, as_of=as_of, ledger=ledger, only=args.programme or None) for p in profiles]
    if args.json:
        json.dump([s.to_dict() for s in found], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write("\n\n".join(s.text(everything=args.all) for s in found) + "\n")
    return 0


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:  # pragma: no cover - runs until stopped
    import os

    from .service import serve

    token = None
    if args.token_env:
        token = os.environ.get(args.token_env)
        if not token:
            raise InputError([FieldError("--token-env", "names no variable set to a token: expected one", args.token_env)])
    out.write(f"subsidycalc {__version__} serving on http://{args.host}:{args.port} (OpenAPI: /docs, /openapi.json)\n")
    out.flush()
    serve(host=args.host, port=args.port, token=token, max_body=args.max_body)
    return 0


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from .report import round_report

    if args.file:
        apps, ledger = _read(args.file, args.max_bytes), _ledger_of(args)
    else:  # the demo round: the bundled examples and their ledger
        apps, ledger = example_applications(), _ledger_of(args) or example_ledger()
    results = [assess(a, ledger) for a in apps]
    allocation = allocate_assessed(apps, results, ledger=ledger)
    page = round_report(allocation, {a.id: r for a, r in zip(apps, results, strict=True)}, title=args.title)
    Path(args.html).write_text(page, encoding="utf-8")
    out.write(f"{args.html}: {len(allocation.decisions)} 项申请，获支持 {len(allocation.funded())} 项，合计 {allocation.total.format()}\n")
    return 0


def _cmd_rules(args: argparse.Namespace, out: TextIO) -> int:
    for programme in args.programme or programmes():
        out.write((rules_markdown(programme) if args.markdown else rules_text(programme)) + "\n")
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from pydantic import TypeAdapter

    from .cases import case_file_schema

    if args.programme is not None:
        if args.which != "application":
            raise InputError([FieldError("--programme", "applies to the application schema only", args.which)])
        one = application_json_schema(args.programme)
        defs = one.pop("$defs")
        chosen_one = {"$defs": {**defs, "Application": one}, "anyOf": [
            {"$ref": "#/$defs/Application"}, {"type": "array", "items": {"$ref": "#/$defs/Application"}}
        ]}
        json.dump(chosen_one, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    schemas = {
        "application": TypeAdapter(Application | list[Application]).json_schema(),
        "assessment": assessment_json_schema(),
        "allocation": Allocation.json_schema(),
        "cases": case_file_schema(),
    }
    chosen = schemas if args.which == "all" else schemas[args.which]
    json.dump(chosen, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def _case_paths(names: Sequence[str]) -> list[Path]:
    from .cases import CASE_SUFFIXES

    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.name.endswith(CASE_SUFFIXES))
        else:
            found.append(path)
    return found


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from .cases import run_case_file

    paths = _case_paths(args.files)
    if not paths:
        raise InputError([FieldError("(files)", "no case files found", ", ".join(args.files))])
    results = []
    malformed = 0
    for path in paths:  # a malformed file is reported, and the others still run
        try:
            results += run_case_file(path, max_bytes=args.max_bytes)
        except InputError as exc:
            malformed += 1
            for line in exc.lines():
                print(f"subsidycalc: error: {line}", file=sys.stderr)
    for result in results:
        if args.quiet and result.passed:
            continue
        out.write(result.report() + "\n")
        if args.explain and not result.passed:
            for assessment in result.assessments:
                out.write("\n".join("    " + line for line in assessment.explain().splitlines()) + "\n")
    failed = sum(not r.passed for r in results)
    out.write(
        f"\n{len(results)} 个案例 cases: {len(results) - failed} 通过 passed, {failed} 未通过 failed"
        f"（{len(paths)} 个文件 files"
        + (f"，{malformed} 个无法读取 malformed" if malformed else "")
        + "）\n"
    )
    return 2 if malformed else 1 if failed else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="subsidycalc",
        description="Chinese manufacturing-digitalisation subsidy policies as explained code.",
    )
    parser.add_argument("--version", action="version", version=f"subsidycalc {__version__}")
    parser.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="RULES.yaml",
        help="load a policy from a YAML rule file first (repeatable; before the command)",
    )
    parser.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=MAX_BYTES,
        metavar="N",
        help=f"refuse input files larger than N bytes (default {MAX_BYTES:,}: 50 MiB)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="assess the bundled example applications")
    demo.add_argument("--json", action="store_true", help="machine-readable output")
    demo.add_argument("--brief", action="store_true", help="the table only, no explanations")
    demo.set_defaults(run=_cmd_demo)

    assess_cmd = sub.add_parser("assess", help="assess applications from a JSON file ('-' = stdin) or an .xlsx workbook")
    assess_cmd.add_argument("file")
    assess_cmd.add_argument("--json", action="store_true", help="machine-readable output")
    assess_cmd.add_argument(
        "--no-explain", dest="explain", action="store_false", help="the table only"
    )
    assess_cmd.add_argument(
        "--lang", choices=LANGUAGES, default="zh", help="the language of the explanations (zh, en)"
    )
    assess_cmd.add_argument("--ledger", help="JSON ledger of earlier awards (history-dependent rules)")
    assess_cmd.add_argument("--empty-ledger", action="store_true", help="there are no earlier awards (instead of --ledger)")
    assess_cmd.add_argument(
        "--stage", choices=[s.value for s in LifeStage],
        help="check what the text requires up to this stage of the application (入库 listing, 认定 certification …); "
        "later checks are reported PENDING",
    )
    assess_cmd.add_argument("--xlsx", metavar="OUT", help="also write the results as an Excel workbook (extra 'excel')")
    assess_cmd.add_argument("--encoding", help="the encoding of a .csv input (default: UTF-8 with or without a BOM, else GB18030/GBK)")
    assess_cmd.set_defaults(run=_cmd_assess)

    template = sub.add_parser(
        "template", help="a fill-in application for one direction: JSON, or an Excel workbook with --xlsx"
    )
    template.add_argument("direction", metavar="DOCUMENT/DIRECTION", help="e.g. doumen-2023/direction_1")
    template.add_argument("--xlsx", metavar="FILE", help="write the workbook (申请单位, 发票, 合同, 事实) to FILE")
    template.set_defaults(run=_cmd_template)

    diff_cmd = sub.add_parser(
        "diff", help="what changed between two versions of a policy (programme, programme@version or a version file)"
    )
    diff_cmd.add_argument("a", metavar="A", help="e.g. zhongshan-2025@1")
    diff_cmd.add_argument("b", metavar="B", help="e.g. zhongshan-2025-final.version.yaml")
    diff_cmd.add_argument("--applications", help="also allocate these applications (JSON) under both and compare")
    diff_cmd.add_argument("--json", action="store_true", help="machine-readable output")
    diff_cmd.add_argument("--ledger", help="JSON ledger of earlier awards (history-dependent rules)")
    diff_cmd.add_argument("--empty-ledger", action="store_true", help="there are no earlier awards (instead of --ledger)")
    diff_cmd.set_defaults(run=_cmd_diff)

    screen_cmd = sub.add_parser(
        "screen", help="what an enterprise can apply for: every direction of every document, with the gaps"
    )
    screen_cmd.add_argument("file", nargs="?", help="JSON profile(s) of enterprises (default: the bundled examples)")
    screen_cmd.add_argument("--as-of", help="the screening day, YYYY-MM-DD (default: today, Beijing time)")
    screen_cmd.add_argument("--programme", action="append", choices=list(programmes()), help="only these documents")
    screen_cmd.add_argument("--all", action="store_true", help="also list the directions it is not eligible for")
    screen_cmd.add_argument("--json", action="store_true", help="machine-readable output")
    screen_cmd.add_argument("--ledger", help="JSON ledger of the enterprise's earlier awards")
    screen_cmd.add_argument("--empty-ledger", action="store_true", help="there are no earlier awards (instead of --ledger)")
    screen_cmd.set_defaults(run=_cmd_screen)

    report_cmd = sub.add_parser("report", help="a round as one self-contained HTML page (default: the demo round)")
    report_cmd.add_argument("file", nargs="?", help="JSON applications of the round (default: the bundled examples)")
    report_cmd.add_argument("--html", required=True, help="the HTML file to write")
    report_cmd.add_argument("--title", default="评审轮次报告 Round report")
    report_cmd.add_argument("--ledger", help="JSON ledger of earlier awards")
    report_cmd.add_argument("--empty-ledger", action="store_true", help="there are no earlier awards (instead of --ledger)")
    report_cmd.set_defaults(run=_cmd_report)

    serve_cmd = sub.add_parser("serve", help="the HTTP service (extra 'service'): assess, allocate, screen as JSON")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--token-env", help="require 'Authorization: Bearer <token>', the token in this environment variable")
    serve_cmd.add_argument("--max-body", type=int, default=10 * 1024 * 1024, help="the largest request body in bytes")
    serve_cmd.set_defaults(run=_cmd_serve)

    alloc = sub.add_parser(
        "allocate", help="quotas by rank, mutual exclusion and budgets over applications"
    )
    alloc.add_argument("file", help="JSON file of applications ('-' = stdin) or an .xlsx workbook")
    alloc.add_argument(
        "--budget",
        action="append",
        type=_budget,
        default=[],
        metavar="[SCOPE=]AMOUNT",
        help="budget envelope, e.g. 500万 (overall), topic_19=300万, direction_1=120万; repeatable",
    )
    alloc.add_argument("--mode", choices=[m.value for m in BudgetMode], default=BudgetMode.RANK_FILL.value)
    alloc.add_argument("--partial", action="store_true", help="rank-fill: part-fund the first that does not fit")
    alloc.add_argument(
        "--exclusion", choices=[m.value for m in ExclusionMode], default=ExclusionMode.STRICT.value
    )
    alloc.add_argument(
        "--tie-break", choices=[t.value for t in TieBreak], default=TieBreak.UNRESOLVED.value
    )
    alloc.add_argument(
        "--on-duplicate-invoice", choices=["exclude", "report"], default="exclude",
        help="an invoice or contract an earlier award counted: leave it out (default) or report it",
    )
    alloc.add_argument(
        "--certification-ties", choices=["all_first", "one_place"], default="all_first",
        help="赛马 pilots certified the same earliest day: all funded (default) or one place contested",
    )
    alloc.add_argument("--year", type=int, help="申报年度 of the round, for applications that name none")
    alloc.add_argument("--json", action="store_true", help="machine-readable output")
    alloc.add_argument("--ledger", help="JSON ledger of earlier awards (history-dependent rules)")
    alloc.add_argument("--empty-ledger", action="store_true", help="there are no earlier awards (instead of --ledger)")
    alloc.add_argument("--xlsx", metavar="OUT", help="also write the results as an Excel workbook (extra 'excel')")
    alloc.add_argument("--encoding", help="the encoding of a .csv input (default: UTF-8 with or without a BOM, else GB18030/GBK)")
    alloc.set_defaults(run=_cmd_allocate)

    rules = sub.add_parser("rules", help="the rule table of every direction, with clauses")
    rules.add_argument("programme", nargs="*", choices=[*programmes(), []], metavar="PROGRAMME")
    rules.add_argument("--markdown", action="store_true", help="Markdown (as in docs/)")
    rules.set_defaults(run=_cmd_rules)

    check = sub.add_parser(
        "check", help="run policy case files (*.cases.yaml / *.cases.json); exit 1 on any mismatch"
    )
    check.add_argument("files", nargs="+", help="case files, or folders to search for them")
    check.add_argument("--quiet", "-q", action="store_true", help="report failed cases only")
    check.add_argument("--explain", action="store_true", help="the full explanation of a failed case")
    check.set_defaults(run=_cmd_check)

    schema = sub.add_parser("schema", help="JSON Schema of the input and output models and case files")
    schema.add_argument(
        "which", nargs="?", default="all", choices=["all", "application", "assessment", "allocation", "cases"]
    )
    schema.add_argument(
        "--programme", choices=programmes(), help="the application schema of one programme: its directions and facts"
    )
    schema.set_defaults(run=_cmd_schema)

    lint_cmd = sub.add_parser(
        "lint", help="check YAML rule files: quotes against the text, facts, categories, citations"
    )
    lint_cmd.add_argument("files", nargs="+", metavar="RULES.yaml")
    lint_cmd.set_defaults(run=_cmd_lint)
    return parser


def _cmd_lint(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    for name in args.files:
        problems = lint(name)
        failed += bool(problems)
        if not problems:
            out.write(f"{name}: ok\n")
        for problem in problems:
            out.write(f"{name}: {problem}\n")
    return 1 if failed else 0


def _load_policies(argv: Sequence[str] | None) -> None:
    """Load the ``--policy`` rule files before the parser is built (``rules`` lists their ids)."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--policy", action="append", default=[])
    known, _ = early.parse_known_args(argv)
    for path in known.policy:
        load_policy(path)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 bad input)."""
    stream = out if out is not None else sys.stdout
    try:
        _load_policies(argv)
    except InputError as exc:
        for line in exc.lines():
            print(f"subsidycalc: error: {line}", file=sys.stderr)
        return 2
    except (ValueError, TypeError) as exc:  # a rule file the catalogue refuses
        print(f"subsidycalc: error: {exc}", file=sys.stderr)
        return 2
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args, stream)
    except InputError as exc:
        for line in exc.lines():
            print(f"subsidycalc: error: {line}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a well-formed file whose content the rules refuse
        print(f"subsidycalc: error: {exc}", file=sys.stderr)
        return 2
    return code


def main_entry() -> None:
    """Console-script entry point."""
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader went away (``subsidycalc schema | head``): not an error
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main_entry()
