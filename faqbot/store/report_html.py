"""The staff report as one self-contained HTML page (no script, no outside files): answers by type per
week as stacked bars, the most asked unanswered questions as bars, then the tables. Every patient's
text is escaped."""
from __future__ import annotations

from html import escape

from .report import plural, shown_passage

COLOURS = {"answer": "#2e7d32", "clarify": "#f9a825", "no_answer": "#c62828", "urgent": "#6a1b9a"}
LABELS = {"answer": "answered", "clarify": "offered choices", "no_answer": "not answered", "urgent": "urgent help"}
STYLE = ("body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
         "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd}"
         "code{font-size:.85em;background:#f3f3f3;padding:.1rem .3rem}.legend span{margin-right:1rem}"
         ".swatch{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:middle}")


def render_html(report: dict) -> str:
    """The whole page."""
    title = f"faqbot report: {report['since']} to {report['until']}"
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>",
             f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>",
             _weekly_chart(report["weekly"]), _unanswered(report), _worst_rated(report["worst_rated"]),
             _comments(report["comments"]), "</body></html>"]
    return "\n".join(parts) + "\n"


def _weekly_chart(weeks: list[dict]) -> str:
    """Stacked bars, one a week, by answer type."""
    if not weeks:
        return "<h2>Answers by type per week</h2><p>No answers in this period.</p>"
    tallest = max(sum(w["counts"].values()) for w in weeks) or 1
    width, height, bar = 60 * len(weeks) + 40, 220, 36
    shapes = []
    for i, week in enumerate(weeks):
        x, y = 30 + 60 * i, 190
        for kind, colour in COLOURS.items():
            size = week["counts"].get(kind, 0) * 170 / tallest
            if size:
                y -= size
                shapes.append(f"<rect x='{x}' y='{y:.1f}' width='{bar}' height='{size:.1f}' fill='{colour}'>"
                              f"<title>{escape(week['week'])}: {week['counts'][kind]} {LABELS[kind]}</title></rect>")
        shapes.append(f"<text x='{x + bar / 2}' y='208' font-size='10' text-anchor='middle'>{escape(week['week'][5:])}</text>")
    legend = "".join(f"<span><i class='swatch' style='background:{c}'></i>{LABELS[k]}</span>" for k, c in COLOURS.items())
    summary = "; ".join(f"week of {w['week']}: " + ", ".join(f"{n} {LABELS.get(k, k)}" for k, n in w["counts"].items())
                        for w in weeks)
    return (f"<h2>Answers by type per week</h2><svg role='img' aria-label='{escape(summary)}' width='{width}' "
            f"height='{height}' viewBox='0 0 {width} {height}'>{''.join(shapes)}</svg><p class='legend'>{legend}</p>")


def _unanswered(report: dict) -> str:
    """Horizontal bars of the most asked unanswered questions, with the passage to teach."""
    groups = report["unanswered"]
    head = "<h2>Most asked questions the guide did not answer</h2>"
    if not groups:
        return head + "<p>None in this period.</p>"
    most = max(g["count"] for g in groups)
    rows = []
    for g in groups:
        teach = ""
        if g.get("suggested"):
            teach = (f"<br>closest: {escape(g['suggested']['section'])}; if it answers: "
                     f"<code>faqbot teach {escape(repr(g['question']))} {escape(g['suggested']['id'])}</code>")
        similar = f" (+{plural(len(g['variants']), 'similar question')})" if g["variants"] else ""
        rows.append(f"<tr><td><svg width='120' height='14' aria-hidden='true'><rect width='{120 * g['count'] / most:.0f}' "
                    f"height='14' fill='#c62828'></rect></svg></td><td>{g['count']}</td>"
                    f"<td>{escape(g['question'])}{escape(similar)}{teach}</td></tr>")
    note = (f"<p>Not counted: {plural(report['not_questions'], 'greeting')} or other messages with nothing to "
            "look up.</p>" if report.get("not_questions") else "")
    return head + "<table><tr><th></th><th>times</th><th>question</th></tr>" + "".join(rows) + "</table>" + note


def _worst_rated(rows: list[dict]) -> str:
    head = "<h2>Answers with the worst helpful rate</h2>"
    if not rows:
        return head + "<p>No feedback in this period.</p>"
    body = "".join(f"<tr><td>{r['rate']:.0%}</td><td>{r['helpful']} of {plural(r['votes'], 'vote')}</td>"
                   f"<td>{escape(shown_passage(r))}</td></tr>" for r in rows)
    return head + "<table><tr><th>helpful</th><th>votes</th><th>section</th></tr>" + body + "</table>"


def _comments(rows: list[dict]) -> str:
    head = "<h2>Comments on unhelpful answers</h2>"
    if not rows:
        return head + "<p>None in this period.</p>"
    body = "".join(f"<tr><td>{escape(c['at'])}</td><td>{escape(shown_passage(c))}</td><td>{escape(c['comment'])}</td></tr>"
                   for c in rows)
    return head + "<table><tr><th>when</th><th>section</th><th>comment</th></tr>" + body + "</table>"
