"""What buyers said about a product, as shoppers see it: the ratings of many products in one query
(the shop lists them all) and a product's reviews a page at a time, newest first, with the shop's
reply. Only the name a review was published under is shown: never its buyer's e-mail or order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from store.db import atomic
from store.tables import MerchantReply, Review, ReviewPublic

PER_PAGE = 5
MOST_PER_PAGE = 100
_TENTH = Decimal("0.1")


def _mean(total: int, count: int) -> Decimal:
    """An average of whole stars to one decimal, halves up, computed exactly (no float averages).

    >>> _mean(14, 3), _mean(9, 2), _mean(5, 1)
    (Decimal('4.7'), Decimal('4.5'), Decimal('5.0'))
    """
    return (Decimal(total) / Decimal(count)).quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Ratings:
    """A product's reviews counted, and the average stars of each aspect (one decimal)."""

    count: int
    overall: Decimal
    product_quality: Decimal
    delivery_speed: Decimal
    service: Decimal


def ratings(*, session: Session, product_codes: Sequence[str]) -> dict[str, Ratings]:
    """product code -> its `Ratings`, for the products that have reviews (the others are left
    out), in one grouped query whatever the number of products."""
    codes = sorted(set(product_codes))
    if not codes:
        return {}
    rows = session.execute(
        columns(
            col(Review.product_code),
            func.count(col(Review.id)),
            func.sum(col(Review.overall)),
            func.sum(col(Review.product_quality)),
            func.sum(col(Review.delivery_speed)),
            func.sum(col(Review.service)),
        )
        .where(col(Review.product_code).in_(codes))
        .group_by(col(Review.product_code))
    ).all()
    return {
        code: Ratings(count, _mean(overall, count), _mean(quality, count), _mean(speed, count), _mean(service, count))
        for code, count, overall, quality, speed, service in rows
    }


@dataclass(frozen=True, slots=True)
class ReviewPage:
    """Some of a product's reviews (newest first) and how many it has in all."""

    reviews: list[ReviewPublic]
    total: int
    offset: int

    @property
    def more(self) -> bool:
        """Whether older reviews follow this page."""
        return self.offset + len(self.reviews) < self.total


def product_reviews(*, session: Session, product_code: str, offset: int = 0, limit: int = PER_PAGE) -> ReviewPage:
    """`limit` (at most `MOST_PER_PAGE`) of the product's reviews after the newest `offset`, each
    with the shop's reply, and the total."""
    offset, limit = max(0, offset), min(max(1, limit), MOST_PER_PAGE)
    with atomic(session):
        total = session.exec(select(func.count(col(Review.id))).where(Review.product_code == product_code)).one()
        rows = session.exec(
            select(Review, MerchantReply.text)
            .join(MerchantReply, col(MerchantReply.review_id) == col(Review.id), isouter=True)
            .where(Review.product_code == product_code)
            .order_by(col(Review.created_at).desc(), col(Review.id).desc())
            .offset(offset)
            .limit(limit)
        ).all()
        reviews = [ReviewPublic.model_validate(review, update={"reply": reply}) for review, reply in rows]
        return ReviewPage(reviews, int(total), offset)


__all__ = ["MOST_PER_PAGE", "PER_PAGE", "Ratings", "ReviewPage", "product_reviews", "ratings"]
