"""Generic rules engine: finite-domain problems, compiled decision diagrams, SAT fallback.

Where things live:

* :mod:`configurator.problem`: ``Variable``, ``Table``, ``Clause``, ``Problem`` (+ fingerprint)
* :mod:`configurator.engine`: ``Engine`` (valid choices, count, complete, bounds, check,
  explain, repairs), ``popularity_costs``
* :mod:`configurator.compile` / :mod:`configurator.mdd`: CUDD-built, numpy-queried MDD
* :mod:`configurator.sat`: SAT fallback (python-sat)
* :mod:`configurator.explain`: QuickXplain, correction sets, rule labels
* :mod:`configurator.importers`, :mod:`configurator.loader`: XCSP / DIMACS / UVL, ``load_problem``
* :mod:`configurator.recommend`: ``Recommender``, learned from sales, ranks a variable's valid
  values; :mod:`configurator.recommend_eval` replays held-out sales to measure it
* :mod:`configurator.cli` + :mod:`configurator.commands`: ``python -m configurator ...``

The package imports neither streamlit nor sqlmodel; ``dd`` (CUDD) loads only when a
problem is compiled.
"""
