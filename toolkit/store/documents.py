"""Documents and their segments into an open write transaction of the project store.

`Store.add_documents` wraps this in its own transaction; `ingest --replace` calls it inside the
replacement's transaction (`store.replace`), so that replacing some documents and adding others in
one command lands whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone

from toolkit.errors import DuplicateDocument
from toolkit.types import Document, Segment

__all__ = ["insert_documents"]


def insert_documents(store, items: Sequence[tuple[Document, Sequence[Segment]]], run_id: str) -> None:
    """Insert new documents with their segments under `run_id`; the caller holds the transaction.
    A document already stored unchanged is left as it is; one whose id holds other text, or whose
    text is stored under another id, raises `DuplicateDocument` (the caller's transaction rolls back)."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for doc, segments in items:
        state = store.has_document(doc)
        if state == "same":
            continue
        if state == "conflict":
            raise DuplicateDocument(f"a different document with id {doc.id!r} is already in "
                                    "the project", path=doc.source,
                                    hint="rename the file or use another project")
        if state and state.startswith("copy:"):
            raise DuplicateDocument(f"the same text is already in the project as {state[5:]!r}",
                                    path=doc.source, hint="remove the copy")
        store.db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                         (doc.id, doc.source, doc.format, doc.encoding, doc.sha256, doc.text,
                          json.dumps(doc.meta, sort_keys=True, ensure_ascii=False), run_id, now))
        store.db.executemany(
            'INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?,?)',
            [(s.id, s.doc_id, n, s.start, s.end, s.speaker, s.role, int(s.is_interviewer),
              s.kind, s.text) for n, s in enumerate(segments, 1)])
