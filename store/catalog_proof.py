"""Every catalog version is proven before it is stored: `require_proof` runs the catalog proof
(`pricing.proof`: compile, count, model checks, cheapest and dearest quotes) in a separate process
with time and memory limits, and raises CatalogError with the located problems if it fails.

A proof depends only on the catalog's content, so passed fingerprints are remembered for the
life of the process: importing, publishing and `store init` prove each content once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from modules.catalog import Catalog
from modules.errors import CatalogError
from pricing.proof_report import ProofLimits, ProofReport
from pricing.proof_runner import run_proof

_PROVEN: set[str] = set()
_LOCK = threading.Lock()


def is_proven(catalog: Catalog) -> bool:
    with _LOCK:
        return catalog.fingerprint() in _PROVEN


def require_proof(
    *,
    catalog: Catalog,
    source_yaml: str,
    csv_files: Mapping[str, str] | None = None,
    file: str | None = None,
    limits: ProofLimits | None = None,
) -> ProofReport | None:
    """Prove `catalog` (already loaded from `source_yaml`) or raise CatalogError; None if it was
    proven before in this process. Call it outside database transactions: it can take seconds."""
    if is_proven(catalog):
        return None
    report = run_proof(file=file or f"{catalog.code}.yaml", text=source_yaml, csv_files=csv_files, limits=limits)
    if not report.ok:
        raise CatalogError(report.problems)
    with _LOCK:
        _PROVEN.add(catalog.fingerprint())
    return report
