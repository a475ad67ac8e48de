"""Hypothesis strategies of what a hostile (or careless) client types, and a database snapshot
to prove that a refusal wrote nothing."""

from __future__ import annotations

from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

# Characters no text column should keep: NUL and other controls, lone surrogates (unencodable),
# and the bidirectional overrides that make staff read text backwards.
BAD_CHARACTERS = st.one_of(
    st.characters(categories=["Cc"]).filter(lambda ch: ch not in "\t\n\r"),
    st.characters(categories=["Cs"]),
    st.sampled_from("\u202e\u202d\u2066\u2067\u2068\u2069\u200f"),
)
PLAIN = st.text(st.characters(categories=["L", "N", "P", "Zs", "S"], exclude_characters="\x85"), max_size=12)
BLANK = st.text(st.sampled_from(" \t\n\r\u00a0\u2003\u3000"), max_size=6)


def with_bad_character() -> st.SearchStrategy[str]:
    """Ordinary text with a bad character somewhere inside."""
    return st.builds(lambda a, bad, b: a + bad + b, PLAIN, BAD_CHARACTERS, PLAIN)


def too_long(limit: int) -> st.SearchStrategy[str]:
    """Text of more than `limit` characters once stripped (up to a few megabytes' worth)."""
    return st.builds(
        lambda seed, extra: ((seed.strip() or "x") * (limit + extra))[: limit + extra],
        PLAIN,
        st.one_of(st.integers(1, 50), st.sampled_from([limit, 5_000, 200_000])),
    )


def hostile(limit: int, *, required: bool = True) -> st.SearchStrategy[str]:
    """Text a field of at most `limit` characters must refuse (blank only when it is required)."""
    options = [with_bad_character(), too_long(limit)]
    if required:
        options.append(BLANK)
    return st.one_of(*options)


def anything(limit: int) -> st.SearchStrategy[str]:
    """Any text at all around a field's limit: refused or stored, never a crash."""
    return st.one_of(st.text(max_size=limit + 5), hostile(limit), PLAIN, st.text(st.characters(), max_size=40))


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the store."""
    with engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }
