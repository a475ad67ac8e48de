"""Import a catalog file (and its CSV tables) as a draft: checked by size and content, all or nothing."""

import streamlit as st

from modules.errors import CatalogError
from modules.loader import MAX_CSV_BYTES, MAX_FILE_BYTES
from store.db import transaction
from store.drafts import import_catalog
from store.errors import ErrorCode, StoreError
from ui.format import counted
from ui.resources import database
from ui.safe import md_escape
from ui.staff import MERCHANDISING, guard

user = guard(MERCHANDISING)
st.title("Import a catalog")
st.caption(
    "The file is parsed and checked by the catalog loader before anything is stored; the file type is not trusted."
)
main = st.file_uploader("Catalog file (YAML)", type=["yaml", "yml"], key="import:yaml")
tables = st.file_uploader("Compatibility tables (CSV)", type=["csv"], accept_multiple_files=True, key="import:csv")
replace = st.checkbox("Replace the product's current draft if there is one", key="import:replace")


def text_of(upload: object, limit: int) -> str | None:
    raw = upload.getvalue()  # type: ignore[attr-defined]
    name = md_escape(str(upload.name))  # type: ignore[attr-defined]
    if len(raw) > limit:
        st.error(f"{name} is {len(raw):,} bytes; at most {limit:,}")
        return None
    if b"\x00" in raw:
        st.error(f"{name} is not a text file")
        return None
    try:
        return str(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        st.error(f"{name} is not UTF-8 text")
        return None


if main is not None and st.button("Check and import", key="import:go", type="primary"):
    source = text_of(main, MAX_FILE_BYTES)
    csv_files = {t.name: text_of(t, MAX_CSV_BYTES) for t in tables or []}
    if source is not None and all(v is not None for v in csv_files.values()):
        try:
            with transaction(database()) as s:
                draft = import_catalog(
                    session=s,
                    source_yaml=source,
                    csv_files={k: v for k, v in csv_files.items() if v is not None},
                    actor_id=user.id,
                    replace_version=None,
                    file_name=str(main.name),
                )
        except CatalogError as exc:
            st.error(f"Nothing was imported: {counted(len(exc.problems), 'problem')}.")
            for problem in exc.problems:
                st.code(str(problem), language=None)
        except StoreError as exc:
            if exc.code is ErrorCode.STALE_DRAFT and replace:
                with transaction(database()) as s:
                    draft = import_catalog(
                        session=s,
                        source_yaml=source,
                        csv_files={k: v for k, v in csv_files.items() if v is not None},
                        actor_id=user.id,
                        replace_version=exc.data["current_version"],
                        file_name=str(main.name),
                    )
                st.success(f"Imported as the draft of {md_escape(draft.product_code)} (version {draft.version}).")
            else:
                st.error(md_escape(exc.message))
        else:
            st.success(f"Imported as the draft of {md_escape(draft.product_code)} (version {draft.version}).")
