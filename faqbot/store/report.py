"""The staff report: what patients asked that the guide does not answer, and which answers
they found unhelpful. Pure: it reads a Store and returns a dict, or text in one of three formats.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import shlex
import re
import time
from datetime import datetime, timezone
from typing import Iterable

from ..errors import FAQBotError
from ..language.text import analyze, normalize

FORMATS = ("table", "csv", "json", "html")
UNITS = {"h": 3600, "d": 86_400, "w": 7 * 86_400}
SIMILAR_WORDS = 0.5  # Jaccard overlap of content stems that makes two questions one group
SIMILAR_TEXT = 0.85  # difflib ratio that does too (misspellings the analyzer keeps apart)
_TAG = re.compile(r"\[(?:email|url|phone|date|address|number|age|name)\]")


def parse_since(text: str, now: float | None = None) -> float:
    """The start of the period, in epoch seconds, for "30d", "12h", "2w", "all" or "2026-01-31"."""
    now = time.time() if now is None else now
    value = str(text).strip().lower()
    found = re.fullmatch(r"(\d{1,6})\s*([hdw])", value)
    if found:
        return now - int(found.group(1)) * UNITS[found.group(2)]
    if value == "all":
        return 0.0
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        raise FAQBotError(f"--since {text!r} is not a period; use a number of hours, days or weeks "
                          "(12h, 30d, 2w), a date (2026-01-31) or all") from None


def group_questions(rows: Iterable[tuple[str, int]]) -> list[dict]:
    """Near-duplicate questions as one group each: {"question", "count", "variants"}, most asked first.

    A question joins a group when its content stems (the project's analyzer, tags like [name]
    left out) overlap a member's by Jaccard >= 0.5, or its normalized text is 85% like one.
    """
    groups: list[dict] = []
    by_stem: dict[str, list[int]] = {}
    for question, count in sorted(rows, key=lambda r: (-r[1], r[0])):
        flat = " ".join(normalize(_TAG.sub(" ", question)).split())
        stems = frozenset(analyze(flat)) or frozenset({flat})
        found = _similar_group(groups, by_stem, stems, flat)
        if found is None:
            found = len(groups)
            groups.append({"question": question, "count": 0, "variants": [], "_members": []})
        group = groups[found]
        group["_members"].append((stems, flat))
        for term in stems:
            by_stem.setdefault(term, []).append(found)
        group["count"] += count
        if question != group["question"]:
            group["variants"].append(question)
    groups.sort(key=lambda g: (-g["count"], g["question"]))
    return [{k: v for k, v in g.items() if not k.startswith("_")} for g in groups]


def _similar_group(groups: list[dict], by_stem: dict[str, list[int]], stems: frozenset, flat: str) -> int | None:
    """The first (most asked) group with a member close enough to this question, if any."""
    for i in sorted({i for term in stems for i in by_stem.get(term, ())}):
        for other_stems, other_flat in groups[i]["_members"]:
            overlap = len(stems & other_stems) / len(stems | other_stems)
            if overlap >= SIMILAR_WORDS or difflib.SequenceMatcher(None, flat, other_flat).ratio() >= SIMILAR_TEXT:
                return i
    return None


def is_question(text: str) -> bool:
    """False for what names nothing to look up ("hi", "thanks!", "ok"): not an unanswered question."""
    return bool(analyze(" ".join(normalize(_TAG.sub(" ", text)).split())))


def build_report(store, since: float, now: float | None = None, top: int = 20, suggest=None,
                 sections: dict[str, str] | None = None) -> dict:
    """Everything the staff report shows, as one JSON-ready dict. ``suggest`` (question -> passage
    or None, e.g. ``FAQBot.suggest``) adds to each unanswered question the passage to teach it;
    ``sections`` (passage id -> heading) names rated passages by their heading."""
    now = time.time() if now is None else now
    sections = sections or {}
    feedback = store.feedback_by_passage(since)
    rated = [{"passage_id": f["passage_id"] or f"({f['type'].replace('_', ' ')})", "type": f["type"],
              "section": sections.get(f["passage_id"] or "", ""),
              "votes": f["votes"], "helpful": f["helpful"], "rate": round(f["helpful"] / f["votes"], 3)}
             for f in feedback if f["votes"]]
    asked = store.unanswered(since)
    rated.sort(key=lambda r: (r["rate"], -r["votes"], r["passage_id"]))
    votes, helpful = sum(f["votes"] for f in feedback), sum(f["helpful"] for f in feedback)
    return {
        "since": _iso(since), "until": _iso(now),
        "answers_by_type": store.type_counts(since),
        "feedback": {"votes": votes, "helpful": helpful, "rate": round(helpful / votes, 3) if votes else None},
        "weekly": _weekly(store.weekly_type_counts(since)),
        "unanswered": _with_suggestions(group_questions([r for r in asked if is_question(r[0])])[:top], suggest),
        "not_questions": sum(n for q, n in asked if not is_question(q)),
        "worst_rated": rated[:top],
        "comments": [{**c, "at": _iso(c["at"]), "section": sections.get(c["passage_id"] or "", "")}
                     for c in store.comments(since, limit=5 * top) if not c["helpful"]][:top],
    }


def _weekly(rows: list[tuple[int, str, int]]) -> list[dict]:
    """[{"week": "2026-11-30", "counts": {type: n}}] from (week number, type, n) rows, oldest first."""
    weeks: dict[int, dict[str, int]] = {}
    for week, kind, count in rows:
        weeks.setdefault(week, {})[kind] = count
    return [{"week": datetime.fromtimestamp(w * 604800, tz=timezone.utc).strftime("%Y-%m-%d"), "counts": c}
            for w, c in sorted(weeks.items())]


def _with_suggestions(groups: list[dict], suggest) -> list[dict]:
    for group in groups:
        passage = suggest(group["question"]) if suggest else None
        group["suggested"] = None if passage is None else {"id": passage.id, "section": passage.section}
    return groups


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def render(report: dict, fmt: str = "table") -> str:
    """The report as "table" (for people), "csv" (for spreadsheets), "json" or "html" (a page with charts)."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "table":
        return _table(report)
    if fmt == "html":
        from .report_html import render_html

        return render_html(report)
    raise FAQBotError(f"report format {fmt!r} is not one of {', '.join(FORMATS)}")


def _table(report: dict) -> str:
    counts, feedback = report["answers_by_type"], report["feedback"]
    lines = [f"faqbot report: {report['since']} to {report['until']}", "", "Answers by type"]
    lines += [f"  {kind:<10} {count:>7,}" for kind, count in counts.items()]
    lines.append(f"  {'total':<10} {sum(counts.values()):>7,}")
    rate = "-" if feedback["rate"] is None else f"{feedback['rate']:.0%}"
    lines += ["", f"Feedback: {plural(feedback['votes'], 'vote')}, {feedback['helpful']:,} helpful ({rate})", "",
              "Most frequent unanswered questions (near-duplicates grouped)"]
    for g in report["unanswered"]:
        lines.append(f"  {g['count']:>5}  {_cell(g['question'])}" + (f"  (+{len(g['variants'])} similar)" if g["variants"] else ""))
        if g.get("suggested"):
            lines.append(f"         closest: {g['suggested']['section']}  (if it answers: faqbot teach "
                         f"{shlex.quote(g['question'])} {g['suggested']['id']})")
    lines += [] if report["unanswered"] else ["  (none)"]
    if report.get("not_questions"):
        lines.append(f"  (and {plural(report['not_questions'], 'greeting')} or other messages with nothing to look up)")
    lines += ["", "Answers with the worst helpful rate", "   rate  helpful/votes  section"]
    lines += [f"  {r['rate']:>5.0%}  {r['helpful']:>6}/{r['votes']:<6}  {shown_passage(r)}"
              for r in report["worst_rated"]] or ["  (no feedback)"]
    lines += ["", "Comments on unhelpful answers (newest first)"]
    lines += [f"  {c['at']}  {shown_passage(c)}: {_cell(c['comment'])}"
              for c in report["comments"]] or ["  (none)"]
    return "\n".join(lines) + "\n"


def plural(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def shown_passage(row: dict) -> str:
    """A rated passage as staff know it: its heading (the last part), else its id, else the reply type."""
    if row.get("section"):
        return row["section"].rsplit(" > ", 1)[-1]
    return row.get("passage_id") or f"({row['type'].replace('_', ' ')})"


def _cell(text: str, width: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _csv(report: dict) -> str:
    """One table: section, item, count, helpful, rate (sections: type, feedback, unanswered, worst_rated, comment)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "item", "count", "helpful", "rate"])
    for kind, count in report["answers_by_type"].items():
        writer.writerow(["type", kind, count, "", ""])
    feedback = report["feedback"]
    writer.writerow(["feedback", "all answers", feedback["votes"], feedback["helpful"], _rate(feedback["rate"])])
    for group in report["unanswered"]:
        writer.writerow(["unanswered", _safe(group["question"]), group["count"], "", ""])
    for row in report["worst_rated"]:
        writer.writerow(["worst_rated", row["passage_id"], row["votes"], row["helpful"], _rate(row["rate"])])
    for comment in report["comments"]:
        writer.writerow(["comment", _safe(f"{comment['passage_id'] or comment['type']}: {comment['comment']}"), 1, 0, ""])
    return buffer.getvalue()


def _rate(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.3f}"


def _safe(text: str) -> str:
    """A patient's text as a spreadsheet cell that cannot run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
