"""Signed certificates per second in one process, and its resident memory as renders accumulate.

Run: .venv/bin/python bench/documents_bench.py [--renders 200] [--unsealed]   (documented figure: --renders 1000)

Each certificate is rendered and sealed (core.seal: PAdES with the demo seal, made in a temporary folder for the
run; no time-stamp), as exams.documents.certificate_render does; --unsealed measures the rendering alone. The
seal's share is reported apart (sealing is timed inside the loop on the rendered bytes).

Renders the one-page certificate (templates/pdf/certificate.html through core.pdf.render_pdf, the renderer
the Celery task uses, with the context exams.documents.certificate_context builds, QR code included) --renders
times in this process, alternating Cyrillic and Latin. The objects are built in memory (no database needed), so
the figure is the rendering alone. The first render (fonts configured once, templates compiled) is timed apart.
Reports renders per second, p50 / p95 per render, and VmRSS after the first render and at checkpoints; the
growth between checkpoints is what tells whether memory is bounded (CELERY_WORKER_MAX_MEMORY_PER_CHILD).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ms, percentile, setup_django, table  # noqa: E402


def rss_mib() -> float:
    """Resident set size now (VmRSS), in MiB; falls back to the peak (ru_maxrss) off Linux."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_certificate(n: int, script: str):
    """An unsaved certificate with everything its template shows (learner, session, commission, program, issuer)."""
    from exams.models import Certificate, Commission, ExamResult, ExamSession, Learner
    from programs.models import Program
    from providers.models import Municipality, Organization

    municipality = Municipality(name="Врњачка Бања", name_sr="Врњачка Бања", name_sr_latn="Vrnjačka Banja")
    issuer = Organization(kind="jpoa", name="Угоститељско-туристичка школа Врњачка Бања",
                          name_sr="Угоститељско-туристичка школа Врњачка Бања", address="Жичка 3",
                          address_sr="Жичка 3", mb="07123458", pib="100987654", municipality=municipality)
    program = Program(name="Кувар — преквалификација", name_sr="Кувар — преквалификација",
                      document_name_sr="Јавна исправа о стеченим компетенцијама", organization=issuer)
    commission = Commission(name="Комисија за стручни испит", exam="professional", organization=issuer)
    session = ExamSession(commission=commission, held_on=dt.date(2027, 6, 12), state="held")
    learner = Learner(first_name="Љубица", last_name="Ђорђевић-Шарац", birth_year=1984, script=script,
                      jmbg="1503984715007")
    result = ExamResult(session=session, learner=learner, grade="passed")
    return Certificate(result=result, issuer=issuer, program=program, serial=f"07123458-2027-{n:05d}",
                       code=f"ZBENCH{n % 10000:04d}", script=script, issued_on=dt.date(2027, 6, 15))


def run(*, renders: int = 200, checkpoints: int = 4, quiet: bool = True, log=None, sealed: bool = True) -> dict:
    """quiet: WeasyPrint's INFO "progress" lines (7 per render, on by the root logger's INFO level) are silenced,
    as docs/performance.md recommends for settings.LOGGING; quiet=False measures them too."""
    setup_django()
    import logging

    if quiet:
        for name in ("weasyprint", "weasyprint.progress", "fontTools"):
            logging.getLogger(name).setLevel(logging.WARNING)
    import tempfile
    from unittest import mock

    from django.conf import settings
    from django.test.utils import override_settings

    import exams.documents
    from core import seal

    # The JPOA decision is a database read (the bench measures rendering without one), and the bench seals with a
    # throwaway demo seal: both only for the bench's own run, restored after it (the bench runs inside the tests).
    fake_decision = mock.patch.object(exams.documents, "jpoa_decision",
                                      lambda *args: {"number": "R-2027-00001", "date": dt.date(2027, 1, 15)})
    bench_seal = override_settings(SEAL_DIR=Path(tempfile.mkdtemp(prefix="noks-bench-seal-")), SEAL_PKCS12_PATH="",
                                   SEAL_PKCS11_MODULE="", SEAL_TSA_URL="")
    with fake_decision, bench_seal:
        seal.reset()
        try:
            seal.make_demo_seal(settings.SEAL_DIR)
            seal.current_seal()
            return _measure(renders=renders, checkpoints=checkpoints, log=log, sealed=sealed)
        finally:
            seal.reset()


def _measure(*, renders: int, checkpoints: int, log, sealed: bool) -> dict:
    from django.utils import translation

    from core import seal
    from core.pdf import render_pdf, render_unsealed
    from exams.documents import LANGUAGE, certificate_context

    rss_start = rss_mib()
    t0 = time.perf_counter()
    with translation.override("sr"):
        first = render_pdf("pdf/certificate.html", certificate_context(sample_certificate(0, "cyrl")), lang="sr",
                           seal_code="ZBENCH0000" if sealed else None)
    first_seconds = time.perf_counter() - t0
    rss_first = rss_mib()
    marks = {max(1, renders * (i + 1) // checkpoints) for i in range(checkpoints)}
    rows = [["after the first render", 1, ms(first_seconds), rss_first]]
    times, seal_times, sizes = [], [], [len(first)]
    started = time.perf_counter()
    for n in range(1, renders + 1):
        script = "latn" if n % 2 else "cyrl"
        certificate = sample_certificate(n, script)
        t = time.perf_counter()
        pdf = render_unsealed("pdf/certificate.html", certificate_context(certificate), lang=LANGUAGE[script])
        rendered = time.perf_counter()
        if sealed:
            pdf = seal.seal_pdf(pdf, code=certificate.code)
        seal_times.append(time.perf_counter() - rendered)
        times.append(time.perf_counter() - t)
        sizes.append(len(pdf))
        if n in marks:
            rows.append([f"after {n} more", n, ms(percentile(times, 0.5)), rss_mib()])
            if log:
                log(f"  {n} renders")
    wall = time.perf_counter() - started
    return {"renders": renders, "per_second": renders / wall, "p50": ms(percentile(times, .5)),
            "p95": ms(percentile(times, .95)), "first_ms": ms(first_seconds), "rss_start": rss_start,
            "rss_first": rss_first, "rss_end": rows[-1][3], "rows": rows, "pdf_kib": sum(sizes) / len(sizes) / 1024,
            "pdf_magic_ok": first.startswith(b"%PDF"), "sealed": sealed, "seal_p50": ms(percentile(seal_times, .5)),
            "first_authentic": seal.check_pdf(first).authentic if sealed else None}


def report(result: dict) -> str:
    out = [table(["checkpoint", "renders", "p50 ms", "VmRSS MiB"], result["rows"],
                 title=f"documents: one-page certificate, {'sealed' if result['sealed'] else 'unsealed'}, "
                       f"{result['renders']} renders in one process "
                       f"(RSS before any render {result['rss_start']:.0f} MiB)")]
    out.append(f"{result['per_second']:.1f} certificates/s; p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms "
               f"per render; first render {result['first_ms']:.0f} ms; mean PDF {result['pdf_kib']:.0f} KiB; "
               f"RSS growth after the first render {result['rss_end'] - result['rss_first']:+.1f} MiB"
               + (f"; seal p50 {result['seal_p50']:.1f} ms, the first PDF verifies: {result['first_authentic']}"
                  if result["sealed"] else ""))
    return "\n".join(out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--weasyprint-logging", action="store_true", help="keep WeasyPrint's INFO progress lines")
    parser.add_argument("--unsealed", action="store_true", help="render without the seal (the figure before it)")
    args = parser.parse_args(argv)
    print(report(run(renders=args.renders, quiet=not args.weasyprint_logging, sealed=not args.unsealed)))


if __name__ == "__main__":
    main()
