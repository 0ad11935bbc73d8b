"""Workers and overhead: a full build of N documents with 1 and with 2 workers, and the cost
per document against WeasyPrint's own render of the same HTML (layout + PDF, in-process).

    python benchmarks/bench_workers.py [N]      # default 27 documents (24 synthetic + 3 real)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from bench_build import make_content  # noqa: E402

from officedocs.build import build  # noqa: E402
from officedocs.content import load_site  # noqa: E402


def weasyprint_alone(content: Path) -> float:
    """Seconds WeasyPrint takes for every document's final HTML, one process, no checks."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from officedocs.paths import LAYOUTS
    from officedocs.pdf import fetcher_for, lay_out_verified
    from officedocs.views import VIEWS

    site = load_site(content)
    docs = [("sop", d) for d in site.sops.values()] + [
        ("laporan", d) for d in site.laporan.values()
    ]
    htmls = [
        lay_out_verified(VIEWS[k](site, d), site.kantor.logo, content.resolve()).html
        for k, d in docs
    ]
    fonts = FontConfiguration()
    fetcher = fetcher_for(content.resolve())
    css = CSS(filename=str(LAYOUTS / "style.css"), font_config=fonts, url_fetcher=fetcher)
    start = time.process_time()
    for html in htmls:
        HTML(string=html, base_url=str(content.resolve()), url_fetcher=fetcher).write_pdf(
            stylesheets=[css], font_config=fonts, pdf_variant="pdf/a-3u"
        )
    return time.process_time() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 27
    with tempfile.TemporaryDirectory() as tmp:
        content = make_content(Path(tmp), n - 3)
        walls = {}
        for jobs in (1, 2):
            start = time.perf_counter()
            result = build(content, Path(tmp) / f"out{jobs}", jobs=jobs)
            walls[jobs] = time.perf_counter() - start
            print(f"{jobs} worker(s): {walls[jobs]:.2f} s wall, {result.rendered} PDFs")
        print(f"2 workers vs 1: {walls[1] / walls[2]:.2f}x")
        alone = weasyprint_alone(content)
        print(
            f"WeasyPrint alone: {alone:.2f} s CPU for {n} documents; the build with 1 worker: "
            f"{walls[1]:.2f} s wall ({walls[1] / alone:.2f}x)"
        )


if __name__ == "__main__":
    main()
