"""The docstring examples of the engine modules run as tests."""

from __future__ import annotations

import doctest

import pytest

import configurator.engine
import configurator.filtering
import configurator.problem


@pytest.mark.parametrize("module", [configurator.problem, configurator.engine, configurator.filtering])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
