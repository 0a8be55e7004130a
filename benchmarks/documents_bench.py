"""Benchmark 4, documents: warm render time of every document type of the
four processes (HTML from demo cases through the real templates), the ratio
to rendering the same HTML with bare WeasyPrint, and documents per second
with two worker processes."""

from __future__ import annotations

import multiprocessing
import time

from django.conf import settings

from engine.demo.cases import demo_cases_create
from engine.demo.load import demo_load
from engine.documents.models import Document
from engine.documents.specs import document_specs
from engine.documents.templating import document_html
from engine.models import Case, ProcessDefinition
from engine.runtime.versions import versions_load

from .harness import median

TWO_PAGE_LIMIT_S = 0.35


def document_sources() -> list[tuple[str, str]]:
    """(name, HTML) per document type, from the most advanced demo case of
    its process (an unsaved Document carries the context)."""
    versions_load(directory=settings.WORKFLOWS_DIR)
    processes, _ = demo_load()
    demo_cases_create(processes)
    sources = []
    for definition in ProcessDefinition.objects.filter(published_version__isnull=False).order_by("key"):
        version = definition.published_version
        case = Case.objects.filter(version=version).order_by("-updated_at").first()
        if case is None:
            continue
        for key, spec in document_specs(version).items():
            document = Document(case=case, key=key, title=spec.title, version=version, data=dict(case.data))
            document.number = str(case.data.get(spec.number_field, "")) if spec.number_field else ""
            sources.append((f"{definition.key}/{key}", document_html(document, spec.template)))
    return sources


class Bare:
    """Plain WeasyPrint with the same fonts and styles: one FontConfiguration,
    the @font-face stylesheet and the shared document stylesheet, each parsed
    once (as anyone using WeasyPrint well would), no PDF/A, no URL
    restrictions."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from engine.documents.rendering import document_css, font_face_css
        from engine.documents.rendering_paths import FONTS_DIR

        self.font_config = FontConfiguration()
        self.stylesheets = [
            CSS(string=font_face_css(), font_config=self.font_config),
            CSS(string=document_css(), font_config=self.font_config),
        ]
        self.base_url = FONTS_DIR.as_uri() + "/"

    def document(self, html):
        from weasyprint import HTML

        return HTML(string=html, base_url=self.base_url).render(
            stylesheets=self.stylesheets, font_config=self.font_config
        )

    def render(self, html) -> bytes:
        return self.document(html).write_pdf()


def _interleaved_medians(variants: dict, html: str, samples: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of a warm call of each variant. The
    variants take turns within every sample, in a rotating order, so that a
    change of load on the shared machine hits them alike (measured one after
    the other, the ratio swung from 0.7 to 1.9). CPU time (this process only)
    is the steadier figure."""
    names = list(variants)
    for name in names:
        variants[name](html)  # warm
    wall = {name: [] for name in names}
    cpu = {name: [] for name in names}
    for sample in range(samples):
        shift = sample % len(names)
        for name in names[shift:] + names[:shift]:
            started, started_cpu = time.perf_counter(), time.process_time()
            variants[name](html)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    return {name: (median(wall[name]), median(cpu[name])) for name in names}


def _render_one(html):
    from engine.documents.rendering import render_pdf

    return len(render_pdf(html))


def throughput(htmls: list[str], workers: int = 2, rounds: int = 3) -> float:
    """Documents per second with `workers` processes rendering the set
    `rounds` times (after one warm-up render per worker)."""
    jobs = htmls * rounds
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(_render_one, htmls[:workers])
        started = time.perf_counter()
        pool.map(_render_one, jobs, chunksize=1)
        return len(jobs) / (time.perf_counter() - started)


def bench_documents(report, *, samples: int):
    from engine.documents.rendering import render_pdf

    bare = Bare()
    results = {}
    sources = document_sources()
    for name, html in sources:
        pages = len(bare.document(html).pages)
        timed = _interleaved_medians(
            {
                "ours": render_pdf,
                "bare": bare.render,
                "no_pdfa": lambda h: render_pdf(h, pdf_variant=None),
            },
            html,
            samples,
        )
        (ours, ours_cpu), (plain, plain_cpu), (no_pdfa, _) = timed["ours"], timed["bare"], timed["no_pdfa"]
        results[name] = {
            "pages": pages,
            "render_s": round(ours, 3),
            "render_cpu_s": round(ours_cpu, 3),
            "bare_weasyprint_s": round(plain, 3),
            "bare_weasyprint_cpu_s": round(plain_cpu, 3),
            "ratio": round(ours / plain, 3),
            "cpu_ratio": round(ours_cpu / plain_cpu, 3),
            "render_without_pdfa_s": round(no_pdfa, 3),
            "ratio_without_pdfa": round(no_pdfa / plain, 3),
            "pdf_bytes": len(render_pdf(html)),
        }
        report.line(
            f"  {name:45s} {pages} p  {ours:.3f} s (CPU {ours_cpu:.3f})  bare {plain:.3f} s"
            f" (CPU {plain_cpu:.3f})  ratio {ours / plain:.2f} (CPU {ours_cpu / plain_cpu:.2f})"
            f"  no PDF/A {no_pdfa:.3f} s  {results[name]['pdf_bytes'] // 1024} KB"
        )
    if not results:
        raise SystemExit("no document types found: are the processes under WORKFLOWS_DIR?")
    htmls = [html for _, html in sources]
    per_second = throughput(htmls)
    report.line(f"  two workers: {per_second:.2f} documents/s")
    report.set(documents=results, documents_per_s_two_workers=round(per_second, 2), samples=samples)
    two_page = [r["render_s"] for r in results.values() if r["pages"] == 2]
    if two_page:
        report.set(two_page_render_cpu_s=max(r["render_cpu_s"] for r in results.values() if r["pages"] == 2))
        report.check("two_page_render_s", max(two_page), TWO_PAGE_LIMIT_S)
    # Over all types: total time ours / total time bare (single types are noisy).
    ratio = sum(r["render_s"] for r in results.values()) / sum(
        r["bare_weasyprint_s"] for r in results.values()
    )
    cpu_ratio = sum(r["render_cpu_s"] for r in results.values()) / sum(
        r["bare_weasyprint_cpu_s"] for r in results.values()
    )
    report.line(f"  all types: ours / bare WeasyPrint {ratio:.3f} (CPU {cpu_ratio:.3f})")
    report.set(ratio_to_bare_weasyprint=round(ratio, 3), cpu_ratio_to_bare_weasyprint=round(cpu_ratio, 3))
    report.check("ratio_to_bare_weasyprint", ratio, 1.1)
