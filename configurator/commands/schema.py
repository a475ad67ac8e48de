"""`schema`: print the JSON Schema of the catalog format (generated from the models)."""

from __future__ import annotations

import argparse
import json

from modules.catalog import Catalog

NAME = "schema"
HELP = "print the JSON Schema of catalog files"


def catalog_schema() -> dict[str, object]:
    schema = Catalog.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Product catalog (format 1)"
    return schema


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def run(args: argparse.Namespace) -> int:
    del args
    print(json.dumps(catalog_schema(), indent=2, sort_keys=True))
    return 0
