"""``python -m rules``: check a case from JSON, list provisions, regenerate docs/rules/.

Exit status: 0 no finding failed; 1 at least one ``fail``; 2 invalid input (message on stderr naming the JSON
path, nothing on stdout); 3 an internal error (a bug; set RULES_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import i18n
from .engine import evaluate, provisions
from .facts import CaseError, loads_case


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors are invalid input too: exit 2, nothing on stdout
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m rules", description="Check cases against Pravilnik 89/2015 (contract "
                                                         "rules-facts-v1).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="check a case (a JSON file, or - for standard input)")
    check.add_argument("case", help="CASE.json or -")
    check.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT_LANG)
    check.add_argument("--format", choices=("json", "text"), default=None,
                       help="default: json when stdout is not a terminal, else text")
    prov = sub.add_parser("provisions", help="every provision id with auto|manual and its title, one per line")
    prov.add_argument("--regulation", default=None, help="one rule set (default: all)")
    prov.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT_LANG)
    prov.add_argument("--format", choices=("json", "text"), default="text")
    for name, helptext in (("matrix", "regenerate docs/rules/coverage.md"),
                           ("examples", "regenerate docs/rules/examples/ (cases and their reports)"),
                           ("schema", "regenerate docs/rules/facts-v1.schema.json and facts-v1.1.schema.json")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--check", action="store_true", help="do not write; exit 1 when the files are stale")
    return parser


def _read(path: str, stdin) -> str:
    if path == "-":
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
    else:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise CaseError("$", f"cannot read {path}: {exc.strerror or exc}") from None
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CaseError("$", f"not UTF-8 text (byte {exc.start})") from None
    return data


def _check(args, stdin, stdout) -> int:
    case = loads_case(_read(args.case, stdin))
    report = evaluate(case, lang=args.lang)
    fmt = args.format or ("text" if stdout.isatty() else "json")
    stdout.write(report.to_json() if fmt == "json" else report.to_text())
    return report.exit_code


def _provisions(args, stdout) -> int:
    try:
        items = provisions(args.regulation)
    except KeyError as exc:
        raise CaseError("regulation", exc.args[0]) from None
    if args.format == "json":
        data = [{"id": p.id, "kind": p.kind, "rule_set": p.rule_set, "title": p.title(args.lang), "rule": p.rule}
                for p in items]
        stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.writelines(f"{p.id} {p.kind} {p.title(args.lang)}\n" for p in items)
    return 0


def _docs(command: str, check_only: bool, stdout) -> int:
    from . import docs_gen
    stale = docs_gen.regenerate(command, write=not check_only)
    for path in stale:
        stdout.write(f"{'stale' if check_only else 'wrote'} {path}\n")
    return 1 if (check_only and stale) else 0


def main(argv=None, stdin=None, stdout=None, stderr=None) -> int:
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "check":
            return _check(args, stdin, stdout)
        if args.command == "provisions":
            return _provisions(args, stdout)
        return _docs(args.command, args.check, stdout)
    except CaseError as exc:
        stderr.write(f"invalid case: {exc}\n")
        return 2
    except Exception as exc:  # never a traceback for the user; RULES_DEBUG=1 shows it
        if os.environ.get("RULES_DEBUG"):
            raise
        stderr.write(f"internal error (a bug in the rules engine, please report it): {type(exc).__name__}: {exc}\n")
        return 3


def run() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    sys.exit(main())
