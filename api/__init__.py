"""The headless JSON API (FastAPI): thin routes over the same services the pages use.

`python -m api` serves it with uvicorn; `/docs` is its OpenAPI documentation. It sits beside `ui`:
the engines and the store never import it.
"""
