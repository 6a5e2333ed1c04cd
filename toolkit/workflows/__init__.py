"""One module per command: each workflow composes the layers below it (read, segment, code, store,
write). The CLI and the notebooks call these functions."""

from toolkit.exchange.outputs import segment_rows, write_codings, write_segments
from toolkit.workflows.code import code
from toolkit.workflows.evaluate import evaluate, suggest
from toolkit.workflows.ingest import IngestOutcome, collect_segments, ingest
from toolkit.workflows.topics import topics
from toolkit.workflows.train import train

__all__ = ["IngestOutcome", "code", "collect_segments", "evaluate", "ingest", "segment_rows", "suggest",
           "topics", "train", "write_codings", "write_segments"]
