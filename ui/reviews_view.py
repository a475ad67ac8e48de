"""What buyers said about a product, where shoppers decide: the rating line of a shop card, and the
configure page's reviews box (average stars per aspect, the newest reviews with the shop's reply,
older ones on request). A buyer's words and name are shown as plain text, never as markdown."""

from __future__ import annotations

import streamlit as st

from i18n.words import N_
from store.db import transaction
from store.product_reviews import MOST_PER_PAGE, PER_PAGE, Ratings, product_reviews
from ui.format import date, number, tenths
from ui.language import _, ngettext
from ui.resources import database, product_ratings

REVIEW_ASPECTS = (
    ("overall", N_("Overall")),
    ("product_quality", N_("Product quality")),
    ("delivery_speed", N_("Delivery speed")),
    ("service", N_("Service")),
)


def count_of(n: int) -> str:
    """'1 review', '12 reviews', in the tab's language and grammatical number."""
    return ngettext("{count} review", "{count} reviews", n).format(count=number(n))


def rating_line(found: Ratings | None) -> str | None:
    """A product card's '★ 4.6 · 12 reviews'; None for a product nobody reviewed yet."""
    if found is None or found.count < 1:
        return None
    return f"★ {tenths(found.overall)} · {count_of(found.count)}"


def stars(n: int) -> str:
    """
    >>> stars(4)
    '★★★★☆'
    """
    n = max(0, min(5, n))
    return "★" * n + "☆" * (5 - n)


def _more(key: str) -> None:
    st.session_state[key] = int(st.session_state.get(key, 1)) + 1


def reviews(product_code: str) -> None:
    """The product's reviews box (nothing while it has no review). Its reviews are read only while
    the box is open, and opening it or asking for more reruns the box alone."""
    found = product_ratings((product_code,)).get(product_code)
    if found is not None:
        _box(product_code, found)


@st.fragment
def _box(product_code: str, found: Ratings) -> None:
    box = st.expander(
        _("What buyers say ({count})").format(count=number(found.count)),
        key=f"reviews:{product_code}:box",
        on_change="rerun",
    )
    if not box.open:
        return
    with box:
        for column, (field, label) in zip(st.columns(len(REVIEW_ASPECTS)), REVIEW_ASPECTS, strict=True):
            column.metric(_(label), f"★ {tenths(getattr(found, field))}")
        pages_key = f"reviews:{product_code}:pages"
        wanted = PER_PAGE * int(st.session_state.get(pages_key, 1))
        # Past the most one read returns, the box keeps the latest that many (the older end).
        with transaction(database()) as session:
            page = product_reviews(
                session=session,
                product_code=product_code,
                offset=max(0, wanted - MOST_PER_PAGE),
                limit=min(wanted, MOST_PER_PAGE),
            )
        for review in page.reviews:
            with st.container(border=True):
                published = date(review.created_at.date())
                st.text(f"{stars(review.overall)} {review.overall}/5 · {review.author_name} · {published}")
                if review.text:
                    st.text(review.text)
                if review.reply:
                    st.text(_("Reply from the shop: {reply}").format(reply=review.reply))
        if page.more:
            st.button(_("More reviews"), key=f"reviews:{product_code}:more", on_click=_more, args=(pages_key,))
