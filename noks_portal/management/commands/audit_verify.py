"""Check the audit trail's hash chain (core.audit): every row in seq order, streaming.

    manage.py audit_verify [--head SEQ:HASH] [--since SEQ] [--chunk-size N]

Prints `Audit chain intact: N rows. Head: SEQ:HASH` and exits 0, or names the first broken link — row id, seq,
time, and what is wrong (gap, previous hash mismatch, hash mismatch, anchor mismatch) — on stderr and exits 1.
--head checks that the row SEQ still has the hash HASH, e.g. a head printed by an earlier run and kept outside the
database: that catches rows removed from the end and a chain recomputed after a change. --since starts at row SEQ,
taking its previous hash on trust: after a break has been investigated and recorded, it checks what came after.
See docs/operations.md.
"""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError

from core.audit import chain_verify

HEAD = re.compile(r"^(\d{1,19}):([0-9a-f]{64})$")


def head_argument(value: str) -> tuple[int, str]:
    match = HEAD.match(value.strip().lower())
    if not match:
        raise CommandError(f"--head must be SEQ:HASH as printed by audit_verify (a number, a colon and 64 hex "
                           f"digits), not {value!r}.")
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = ("Walk the audit trail's hash chain and report OK with the number of rows and the head, or the first "
            "broken link (exit code 1).")

    def add_arguments(self, parser):
        parser.add_argument("--head", metavar="SEQ:HASH",
                            help="a head printed by an earlier run: row SEQ must still have hash HASH")
        parser.add_argument("--since", type=int, default=1, metavar="SEQ",
                            help="begin at row SEQ, taking its previous hash on trust (after a recorded break)")
        parser.add_argument("--chunk-size", type=int, default=2000, metavar="N",
                            help="rows fetched per round trip (default: %(default)s)")

    def handle(self, *args, **options):
        anchor = head_argument(options["head"]) if options["head"] else None
        since = options["since"]
        if options["chunk_size"] < 1 or since < 1:
            raise CommandError("--chunk-size and --since must be 1 or more.")
        if anchor and anchor[0] < since:
            raise CommandError(f"--head {anchor[0]}:… lies before --since {since}; it could not be checked.")
        report = chain_verify(anchor=anchor, since=since, chunk_size=options["chunk_size"])
        if not report.ok:
            raise CommandError(f"Audit chain BROKEN after {report.rows} intact rows: {report.broken}. "
                               f"See docs/operations.md, “When the audit chain breaks”.", returncode=1)
        start = f" from seq {since}" if since > 1 else ""
        if report.rows == 0:
            self.stdout.write(f"Audit chain intact{start}: the audit trail is empty{' there' if start else ''}.")
        else:
            self.stdout.write(f"Audit chain intact{start}: {report.rows} rows. "
                              f"Head: {report.head_seq}:{report.head_hash}")
