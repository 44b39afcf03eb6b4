"""Plain-text rendering of results, shared by `storybot query` and the console."""

from __future__ import annotations

import re
import textwrap

from bot.search.model import Match, SearchResult, StoryCard, Understood


def understood_line(u: Understood) -> str:
    parts = []
    for label, items in (("pairing", u.relationships), ("character", u.characters),
                         ("mood", u.moods), ("fandom", u.fandoms), ("title", u.titles),
                         ("author", u.authors)):
        parts += [f"{label} {value} ({confidence:.2f})" for value, confidence in items]
    if u.free_text:
        parts.append(f"about “{u.free_text}”")
    parts += list(u.exclusions)
    return "understood: " + ("; ".join(parts) if parts else "nothing")


def card_line(card: StoryCard) -> str:
    title = card.title or "(untitled)"
    by = f" by {', '.join(card.authors)}" if card.authors else ""
    chapters = (f", {card.chapters_posted}/{card.chapters_total or '?'} ch"
                if card.chapters_posted else "")
    return (f"{title}{by} — {', '.join(card.fandoms) or 'unknown fandom'} "
            f"[{card.rating}, {card.status}, {card.words:,} words{chapters}]")


def card_block(card: StoryCard, indent: str = "   ") -> list[str]:
    lines = []
    if card.relationships:
        lines.append(f"{indent}pairings: "
                     + ", ".join(r.label for r in card.relationships[:4]))
    if card.moods:
        lines.append(f"{indent}moods: " + ", ".join(f"{m} {s:.2f}" for m, s in card.moods[:3]))
    if card.warnings:
        lines.append(f"{indent}warnings: {', '.join(card.warnings)}")
    if card.url:
        lines.append(f"{indent}{card.url}")
    lines.append(f"{indent}id: {card.id}")
    return lines


def hidden_line(result: SearchResult) -> str | None:
    """ "2 more match but are rated above this ceiling (1 mature, 1 explicit)"."""
    total = sum(n for _rating, n in result.hidden)
    if not total:
        return None
    by = ", ".join(f"{n} {rating}" for rating, n in result.hidden)
    return (f"{total} {'story matches' if total == 1 else 'stories match'} but "
            f"{'is' if total == 1 else 'are'} rated above this ceiling ({by})")


def match_block(rank: int, match: Match, width: int = 96) -> list[str]:
    lines = [f"{rank}. {card_line(match.card)}  (score {match.score:.1f})"]
    if match.reasons:
        lines.append(f"   why: {' · '.join(match.reasons)}")
    if match.unmet:
        lines.append(f"   not: {' · '.join(match.unmet)}")
    if match.excerpt:
        lines += textwrap.wrap(f"“{match.excerpt}”", width=width, initial_indent="   ",
                               subsequent_indent="   ")
    lines += card_block(match.card)
    return lines


# Control characters but newline and tab (C0, DEL, C1): an escape sequence in a request or a
# story file would otherwise recolour, retitle or clear the operator's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def for_terminal(text: str) -> str:
    """Text as a terminal may print it: each control character shown as its escape ("\\x1b")."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def result_text(result: SearchResult) -> str:
    lines = [f"» {result.query}  ({result.elapsed_ms:.1f} ms)", understood_line(result.understood)]
    if result.not_understood:
        lines.append("not understood: " + ", ".join(f"“{w}”" for w in result.not_understood))
    headline = result.headline()
    if headline:
        lines.append(headline)
    for i, match in enumerate(result.matches, 1):
        lines += match_block(i, match)
    if not result.matches:
        lines.append("no results")
    lines += [f"  · {alt}" for alt in result.alternatives]
    hidden = hidden_line(result)
    if hidden:
        lines.append(f"  · {hidden}")
    return "\n".join(lines)


def result_json(result: SearchResult) -> dict:
    """One line of `storybot query --json`: scripts read these keys, so they stay as they are
    (tests/cli/test_search.py holds them)."""
    u = result.understood
    return {
        "query": result.query,
        "elapsed_ms": round(result.elapsed_ms, 3),
        "understood": {
            "relationships": [v for v, _c in u.relationships],
            "characters": [v for v, _c in u.characters],
            "moods": [v for v, _c in u.moods],
            "fandoms": [v for v, _c in u.fandoms],
            "titles": [v for v, _c in u.titles],
            "authors": [v for v, _c in u.authors],
            "free_text": u.free_text,
        },
        "parts": list(result.parts),  # the request's parts, in its own words
        "not_understood": list(result.not_understood),
        "complete": result.complete,  # the first result meets every part
        "hidden": {rating: n for rating, n in result.hidden},  # above the ceiling, by rating
        "results": [{"id": m.card.id, "path": m.card.path, "title": m.card.title,
                     "authors": list(m.card.authors), "score": m.score,
                     "reasons": list(m.reasons), "excerpt": m.excerpt, "url": m.card.url,
                     "met": list(m.met), "unmet": list(m.unmet)}
                    for m in result.matches],
        "alternatives": list(result.alternatives),
    }
