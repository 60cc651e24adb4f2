# SPDX-License-Identifier: MPL-2.0
"""LIX (læsbarhedsindeks) for the tests of citizen-facing text: at most 40 is easy to read."""

import re

WORD = re.compile(r"[A-Za-zÆØÅæøåé]+")
# On a web page each heading, paragraph, list item, table cell, label and button ends a sentence.
PAGE_ENDS = r"</(p|li|h[1-6]|td|th|button|label|option|summary|legend|blockquote|figcaption)>"


def lix(text: str) -> float:
    """Words per sentence plus the share of words over six letters, in per cent; only . ! ?
    end a sentence."""
    words = WORD.findall(text)
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    long_words = [w for w in words if len(w) > 6]
    return len(words) / sentences + 100 * len(long_words) / max(1, len(words))


def page_lix(html: str) -> float:
    """LIX of what a page says in its <main> (scripts and the SVG's axis labels left out)."""
    main = html.split('<main id="indhold">', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|svg)\b.*?</\1>", " ", main, flags=re.S)
    return lix(re.sub(r"<[^>]+>", " ", re.sub(PAGE_ENDS, " . ", main)))
