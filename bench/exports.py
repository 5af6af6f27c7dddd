"""Time to build each export, beside the rerun time of the page that offers it.

    python bench/exports.py [--runs 5]

Exports are built only when a button is clicked; this shows what a click costs compared with an ordinary
rerun of the page (both medians, measured in this run on this machine).
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

from data.disclosure import disclosure_of  # noqa: E402
from data.filters import Choices, Filters  # noqa: E402
from data.loading import load_dataset  # noqa: E402
from data.profile import answers_of, facts, peer_groups, recommendations  # noqa: E402
from data.survey import question_result  # noqa: E402
from exports.deck_pdf import build_deck_pdf  # noqa: E402
from exports.deck_pptx import build_deck_pptx  # noqa: E402
from exports.images import chart_png, chart_svg  # noqa: E402
from exports.report import ReportSection, build_report  # noqa: E402
from exports.steckbrief import QuestionComparison, SteckbriefInput, build_pdf  # noqa: E402
from exports.tables import to_excel_csv, to_xlsx  # noqa: E402
from views.charts import question_chart, to_spec  # noqa: E402
from views.deck import build_deck  # noqa: E402
from views.questions import result_table  # noqa: E402


def once_ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def page_rerun_ms(page: str, runs: int) -> float:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.switch_page(page)
    at.run()
    return median_ms(at.run, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ds = load_dataset(REPO / "data")
    wd = disclosure_of(ds)
    q = ds.questions.iloc[0]
    result = question_result(wd, q["id"], None)
    chart = to_spec(question_chart(result, q["text"], "n = 34", False))
    table = result_table(result)
    kw = dict(title=q["text"], subtitle_lines=["n = 34 antwortende Kommunen · Beispieldaten"],
              footer="Quelle: Kurzbefragung 2023 (Beispieldaten)")

    specs = [(r.text, to_spec(question_chart(question_result(wd, r.id, None), r.text, "n", r.type == "multi")))
             for r in ds.questions.itertuples(index=False)]

    def report():
        # as the survey page's report does: one chart image per question
        sections = [ReportSection(t, summary="", chart_png=chart_png(c.spec, title=t, subtitle_lines=["n"],
                                                                     footer="Quelle", scale=2.0), table=table)
                    for t, c in specs]
        return build_report(title="Kurzbefragung", filters_text="Keine Filter", sections=sections, data_state="",
                            source="Quelle", sample_data=True, created=dt.date.today())

    def steckbrief():
        f = facts("15083040", ds.units, ds.municipalities)
        answers = answers_of(f.unit_key, ds.responses)
        comps = tuple(QuestionComparison(r.text, answers.get(r.id, ()), tuple(r.options),
                                         tuple(peer_groups(wd, f.unit_key, r.id, ds.units)))
                      for r in ds.questions.head(3).itertuples(index=False))
        recs = tuple(recommendations(f.unit_key, f.size_class, answers, ds.questions, ds.catalogue))
        return build_pdf(SteckbriefInput(f, comps, recs, (), True, "Quelle", True, dt.date.today()))

    choices = Choices.from_data(ds.units, ds.municipalities, ds.districts)
    largest = max(ds.sequences, key=lambda seq: len(seq.slides))
    deck = build_deck(ds, largest, Filters(), choices)
    deck_name = f"{len(deck.slides)} Folien"
    # The first deck of a server process also starts vl-convert's JavaScript engine: measured once, first.
    first_pdf = once_ms(lambda: build_deck_pdf(deck))

    rows = [
        (f"Foliensatz als PDF, erster ({deck_name})", first_pdf),
        (f"Foliensatz als PDF ({deck_name})", median_ms(lambda: build_deck_pdf(deck), args.runs)),
        (f"Foliensatz als PowerPoint ({deck_name})", median_ms(lambda: build_deck_pptx(deck), args.runs)),
        (f"Foliensatz: Folien berechnen ({deck_name})",
         median_ms(lambda: build_deck(ds, largest, Filters(), choices), args.runs)),
        ("Foliensätze: Seite neu laden", page_rerun_ms("app_pages/folien.py", args.runs)),
        ("Umfrage: Seite neu laden", page_rerun_ms("app_pages/umfrage.py", args.runs)),
        ("Grafik als PNG (3-fach)", median_ms(lambda: chart_png(chart.spec, **kw), args.runs)),
        ("Grafik als SVG", median_ms(lambda: chart_svg(chart.spec, **kw), args.runs)),
        ("Tabelle als CSV", median_ms(lambda: to_excel_csv(table), args.runs)),
        ("Tabelle als .xlsx", median_ms(lambda: to_xlsx(table, title="t", source="s"), args.runs)),
        ("Bericht als PDF (13 Fragen)", median_ms(report, args.runs)),
        ("Kommunenprofil: Seite neu laden", page_rerun_ms("app_pages/kommune.py", args.runs)),
        ("Steckbrief als PDF", median_ms(steckbrief, args.runs)),
    ]
    for name, ms in rows:
        print(f"{name:<44}{ms:>10.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
