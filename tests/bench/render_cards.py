"""The visual check (a development check, not a CI test): three cards, a list page and /help,
rendered from the payloads the real bot sent to the Discord stand-in into one HTML page styled
like Discord's dark theme, then screenshotted with headless Chromium (Debian's `chromium`).

    python tests/bench/render_cards.py --out /tmp/cards.png [--html /tmp/cards.html]

The HTML mimics Discord's look closely enough to judge a layout (embed colour bar, fields three
to a row when inline, buttons and menus under the message); it is not Discord's renderer.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.discord_double import DiscordDouble  # noqa: E402
from tests.discord_double.testing import pointed_at  # noqa: E402
from tests.e2e.bot_harness import build_catalog, running_bot  # noqa: E402

# (caption, channel, user, command, options): what a fan would try first
ASKED = [
    ("/rec request: sad spuffy", "library", "willow", "rec", {"request": "sad spuffy"}),
    ("/story title: Forty-Two Messages (an age-restricted channel)", "after-dark", "willow",
     "story", {"title": "Forty-Two Messages"}),
    ("/rec request: something funny in supernatural", "library", "buffy", "rec",
     {"request": "something funny in supernatural"}),
    ("/mood mood: romance", "library", "buffy", "mood", {"mood": "romance"}),
    ("/help (a member without Manage Server)", "library", "willow", "help", {}),
]

CSS = """
body { background:#313338; color:#dbdee1; font-family:"gg sans","Noto Sans","DejaVu Sans",
  Helvetica,Arial,sans-serif; font-size:15px; margin:0; padding:18px; }
.grid { display:grid; grid-template-columns: 1fr 1fr 1fr; gap:22px 26px; align-items:start; }
.caption { color:#949ba4; font-size:12px; margin:0 0 6px 56px; font-family:monospace; }
.msg { display:flex; gap:14px; }
.avatar { width:40px; height:40px; border-radius:50%; background:#5865f2; flex:none;
  display:flex; align-items:center; justify-content:center; color:white; font-weight:700; }
.name { color:#f2f3f5; font-weight:600; }
.bot { background:#5865f2; color:white; font-size:10px; border-radius:3px; padding:1px 4px;
  margin-left:4px; vertical-align:2px; }
.only { color:#949ba4; font-size:12px; margin-left:6px; }
.content { white-space:pre-wrap; margin:2px 0 4px; }
.embed { background:#2b2d31; border-left:4px solid #888; border-radius:4px; padding:8px 16px
  12px 12px; max-width:520px; margin-top:4px; display:grid; }
.author { font-size:13px; font-weight:600; color:#f2f3f5; margin-top:4px; }
.title { font-weight:600; color:#f2f3f5; margin-top:6px; }
.title a, a { color:#00a8fc; text-decoration:none; }
.desc { font-size:14px; margin-top:6px; white-space:pre-wrap; line-height:1.35; }
blockquote { margin:2px 0; padding-left:10px; border-left:4px solid #4e5058; }
.fields { display:grid; grid-template-columns: repeat(3, 1fr); gap:8px 12px; margin-top:8px; }
.field { font-size:14px; grid-column: span 3; }
.field.inline { grid-column: span 1; }
.fname { font-weight:600; color:#f2f3f5; margin-bottom:2px; font-size:13px; }
.fvalue { white-space:pre-wrap; line-height:1.3; }
.footer { font-size:12px; color:#b5bac1; margin-top:8px; }
.row { display:flex; gap:8px; margin-top:8px; flex-wrap:wrap; }
.button { border-radius:3px; padding:3px 14px; font-size:14px; color:white; min-height:28px;
  display:flex; align-items:center; gap:4px; }
.s1 { background:#5865f2; } .s2 { background:#4e5058; } .s3 { background:#248046; }
.s4 { background:#da373c; } .disabled { opacity:.5; }
.select { background:#1e1f22; border:1px solid #1e1f22; border-radius:4px; padding:8px 10px;
  width:400px; color:#949ba4; font-size:14px; display:flex; justify-content:space-between; }
code { background:#1e1f22; padding:0 3px; border-radius:3px; font-size:13px; }
"""


def _keep(match: re.Match[str], kept: dict[str, str]) -> str:
    """An escaped character, set aside so no markdown rule reads it."""
    key = f"\x00{len(kept)}\x00"
    kept[key] = html.escape(match.group(1))
    return key


def markdown(text: str) -> str:
    """Enough of Discord's markdown to judge a layout: escapes, bold, italics, code, links,
    quotes, channel mentions and relative times."""
    out = []
    for line in (text or "").split("\n"):
        quoted = line.startswith("> ") or line == ">"
        body = line[2:] if line.startswith("> ") else ("" if line == ">" else line)
        escaped: dict[str, str] = {}
        body = re.sub(r"\\([^\w\s])", lambda m, kept=escaped: _keep(m, kept), body)
        body = html.escape(body)
        body = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a>', body)
        body = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", body)
        body = re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"<i>\1</i>", body)
        body = re.sub(r"`([^`]+)`", r"<code>\1</code>", body)
        body = re.sub(r"&lt;#(\d+)&gt;", "<a>#channel</a>", body)
        body = re.sub(r"&lt;t:\d+:R&gt;", "<code>2 years ago</code>", body)
        for key, value in escaped.items():
            body = body.replace(key, value)
        out.append(f"<blockquote>{body}</blockquote>" if quoted else body)
    joined = "\n".join(out)
    return joined.replace("</blockquote>\n<blockquote>", "<br>")


def render_embed(embed: dict[str, Any]) -> str:
    colour = f"#{embed.get('color', 0x888888):06x}"
    parts = []
    if embed.get("author"):
        parts.append(f'<div class="author">{html.escape(embed["author"]["name"])}</div>')
    if embed.get("title"):
        title = markdown(embed["title"])
        if embed.get("url"):
            title = f'<a href="{html.escape(embed["url"])}">{title}</a>'
        parts.append(f'<div class="title">{title}</div>')
    if embed.get("description"):
        parts.append(f'<div class="desc">{markdown(embed["description"])}</div>')
    fields = "".join(
        f'<div class="field{" inline" if f.get("inline") else ""}"><div class="fname">'
        f'{markdown(f["name"])}</div><div class="fvalue">{markdown(f["value"])}</div></div>'
        for f in embed.get("fields", []))
    if fields:
        parts.append(f'<div class="fields">{fields}</div>')
    if embed.get("footer"):
        parts.append(f'<div class="footer">{html.escape(embed["footer"]["text"])}</div>')
    return f'<div class="embed" style="border-left-color:{colour}">{"".join(parts)}</div>'


def render_components(rows: list[dict[str, Any]]) -> str:
    out = []
    for row in rows:
        items = []
        for c in row.get("components", []):
            if c["type"] == 2:
                emoji = (c.get("emoji") or {}).get("name", "")
                state = " disabled" if c.get("disabled") else ""
                items.append(f'<div class="button s{c.get("style", 2)}{state}">{emoji} '
                             f'{html.escape(c.get("label", ""))}</div>')
            else:
                chosen = [o["label"] for o in c.get("options", []) if o.get("default")]
                text = chosen[0] if chosen else c.get("placeholder", "")
                items.append(f'<div class="select"><span>{html.escape(text)}</span>'
                             f'<span>⌄</span></div>')
        out.append(f'<div class="row">{"".join(items)}</div>')
    return "".join(out)


def render_message(caption: str, message: Any) -> str:
    only = '<span class="only">Only you can see this</span>' if message.ephemeral else ""
    body = [f'<div class="name">storybot<span class="bot">APP</span>{only}</div>']
    if message.content:
        body.append(f'<div class="content">{markdown(message.content)}</div>')
    body += [render_embed(e) for e in message.embeds]
    body.append(render_components(message.components))
    return (f'<div><div class="caption">{html.escape(caption)}</div><div class="msg">'
            f'<div class="avatar">S</div><div>{"".join(body)}</div></div></div>')


async def capture(folder: Path) -> list[tuple[str, Any]]:
    """Run the real bot against the stand-in and keep what each request showed."""
    catalog = build_catalog(folder)
    double = DiscordDouble()
    await double.start()
    shown = []
    try:
        with pointed_at(double):
            async with running_bot(double, catalog, folder / "state.db"):
                for caption, channel, user, command, options in ASKED:
                    asked = await double.slash(double.guild, channel, user, command, **options)
                    shown.append((caption, await asked.message()))
        problems = double.problems() + [str(v) for v in double.take_violations()]
        if problems:
            raise SystemExit("the stand-in saw problems:\n" + "\n".join(problems))
    finally:
        await double.stop()
    return shown


def page(shown: list[tuple[str, Any]]) -> str:
    cells = "".join(render_message(caption, message) for caption, message in shown)
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS}</style></head>"
            f"<body><div class='grid'>{cells}</div></body></html>")


def screenshot(html_file: Path, out: Path, width: int, height: int) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is missing: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        "--hide-scrollbars", f"--window-size={width},{height}",
                        f"--screenshot={out}", html_file.as_uri()],
                       check=True, capture_output=True, timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="the PNG to write")
    parser.add_argument("--html", type=Path, help="also keep the HTML here")
    parser.add_argument("--width", type=int, default=1800)
    parser.add_argument("--height", type=int, default=1900)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        shown = asyncio.run(capture(Path(folder)))
        html_file = args.html or Path(folder) / "cards.html"
        html_file.write_text(page(shown), encoding="utf-8")
        screenshot(html_file, args.out, args.width, args.height)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
