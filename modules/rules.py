"""Rules of a catalog, as a tagged union on `kind`.

Rules say which combinations are valid; the engine in `configurator/` enforces them completely.
To add a rule kind: add a model here, add it to `Rule`, check its references in
`modules/checks.py` and compile it in `configurator/`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from modules.base import Frozen
from modules.fields import Code, Condition, Description, ExprText, ModuleCode

MAX_ROWS = 100_000
WILDCARD = "*"


class RuleBase(Frozen):
    code: Code
    message: Description = Field(default="", description="what the buyer is told when this rule bites")


class Requires(RuleBase):
    """When `if` holds, `then` must hold too."""

    kind: Literal["requires"]
    if_: Condition = Field(alias="if")
    then: Condition


class Excludes(RuleBase):
    """The `conditions` never all hold together."""

    kind: Literal["excludes"]
    conditions: tuple[Condition, ...] = Field(min_length=2)


class Table(RuleBase):
    """A compatibility table over single-choice modules: rows (or a CSV file) list the
    combinations that are allowed (`mode: allowed`) or forbidden (`mode: forbidden`).
    `*` matches any option; `none` stands for "no option" in an optional module."""

    kind: Literal["table"]
    modules: tuple[ModuleCode, ...] = Field(min_length=2, max_length=12)
    mode: Literal["allowed", "forbidden"] = "allowed"
    rows: tuple[tuple[Code | Literal["*"], ...], ...] | None = Field(default=None, max_length=MAX_ROWS)
    csv: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}\.csv$")

    @model_validator(mode="after")
    def _one_source(self) -> Table:
        # The loader refuses a file that gives both; after loading, a CSV table carries its rows.
        if self.rows is None and self.csv is None:
            raise ValueError("a table needs rows or a csv file")
        return self


class Constraint(RuleBase):
    """An expression that must hold, e.g. `cpu.watts + gpu.watts + 100 <= psu.watts`;
    only when `when` holds, if given."""

    kind: Literal["constraint"]
    expr: ExprText
    when: Condition | None = None


Rule = Annotated[Requires | Excludes | Table | Constraint, Field(discriminator="kind")]
