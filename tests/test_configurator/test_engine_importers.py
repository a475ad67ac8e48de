"""Importers: XCSP (supports/conflicts, joker value, XML safety), DIMACS names, UVL groups."""

from __future__ import annotations

import pytest
from engine_oracle import solutions

from configurator.engine import Engine
from configurator.errors import ImportFormatError, ModelError
from configurator.importers.uvl import parse_uvl
from configurator.loader import load_problem

XCSP = """<instance>
<presentation format="XCSP 2.1" type="CSP"/>
<domains nbDomains="2">
<domain name="D0" nbValues="3">-1 0 1</domain>
<domain name="D1" nbValues="3">0..2</domain>
</domains>
<variables nbVariables="3">
<variable name="a" domain="D0"/><variable name="b" domain="D1"/><variable name="c" domain="D1"/>
</variables>
<relations nbRelations="2">
<relation name="R1" arity="2" nbTuples="3" semantics="supports">-1 0|0 1|1 2</relation>
<relation name="R2" arity="2" nbTuples="1" semantics="conflicts">1 1</relation>
</relations>
<constraints nbConstraints="2">
<constraint name="ab" arity="2" scope="a b" reference="R1"/>
<constraint name="bc" arity="2" scope="b c" reference="R2"/>
</constraints>
</instance>"""


def test_xcsp_supports_conflicts_and_joker_value(tmp_path):
    path = tmp_path / "m.xml"
    path.write_text(XCSP)
    problem = load_problem(path)
    assert problem.variables[0].values == ("-1", "0", "1")
    assert [c.rule for c in problem.constraints] == ["ab", "bc"]
    sols = solutions(problem)
    assert len(sols) == 3 * 3 - 1  # 3 (a,b) pairs x 3 values of c, minus b=1,c=1
    assert Engine(problem).count() == len(sols)


def test_xcsp_refuses_entity_declarations(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><instance/>')
    with pytest.raises(ImportFormatError, match="DOCTYPE"):
        load_problem(path)


def test_dimacs_names_from_both_comment_styles(tmp_path):
    path = tmp_path / "m.dimacs"
    path.write_text("c 1 Root\nc i 2 Child\np cnf 3 2\n1 0\n-2 1 0\n")
    problem = load_problem(path)
    assert [v.name for v in problem.variables] == ["Root", "Child", "x3"]
    assert Engine(problem).count() == 4


def test_unknown_extension_and_catalog_yaml(tmp_path):
    from modules.errors import CatalogError
    from tests.factories import SMALL_CATALOG

    with pytest.raises(ModelError, match="unknown model format"):
        load_problem(tmp_path / "m.txt")
    with pytest.raises(CatalogError, match="cannot read file"):
        load_problem(tmp_path / "missing.yaml")
    (tmp_path / "mug.yaml").write_text(SMALL_CATALOG)
    assert "size" in [v.name for v in load_problem(tmp_path / "mug.yaml").variables]


UVL = """namespace Shoe
features
    Shoe {abstract}
        mandatory
            Sole
            "Upper material"
                alternative
                    Leather
                    Knit
                    Vegan
        optional
            Laces
            Extras
                or
                    Monogram
                    Reflective
            Charms
                [1..2]
                    Star
                    Moon
                    Sun
constraints
    Knit => !Monogram
    Vegan <=> (Laces | !Reflective)
    Charms & Sun => Laces
"""


def test_uvl_groups_cardinality_and_constraints_match_hand_count():
    model = parse_uvl(UVL)
    problem = model.problem
    assert any("namespace" in n for n in model.notes)
    idx = {v.name: i for i, v in enumerate(problem.variables)}
    count = 0
    for s in solutions(problem):
        on = {n for n, i in idx.items() if s[i]}
        assert {"Shoe", "Sole", "Upper material"} <= on
        assert len(on & {"Leather", "Knit", "Vegan"}) == 1
        assert ("Extras" in on) == bool(on & {"Monogram", "Reflective"})
        assert ("Charms" in on) == (1 <= len(on & {"Star", "Moon", "Sun"}) <= 2)
        assert not ({"Knit", "Monogram"} <= on)
        assert ("Vegan" in on) == ("Laces" in on or "Reflective" not in on)
        assert not ({"Charms", "Sun"} <= on) or "Laces" in on
        count += 1
    # independent count: upper x laces x extras x charms, filtered by the three constraints
    expected = 0
    for upper in ("Leather", "Knit", "Vegan"):
        for laces in (0, 1):
            for extras in ((), ("Monogram",), ("Reflective",), ("Monogram", "Reflective")):
                for charms in ((), ("Star",), ("Moon",), ("Sun",), ("Star", "Moon"), ("Star", "Sun"), ("Moon", "Sun")):
                    if upper == "Knit" and "Monogram" in extras:
                        continue
                    if (upper == "Vegan") != (laces == 1 or "Reflective" not in extras):
                        continue
                    if "Sun" in charms and not laces:
                        continue
                    expected += 1
    assert count == expected
    assert Engine(problem).count() == expected
