"""worth: Dutch text mining for qualitative research in the social domain.

The public API, for notebooks and scripts (the `worth` command calls the same functions)::

    import toolkit as worth
    worth.ingest(["interviews/"], "project.sqlite")
    result = worth.code(["project.sqlite"])             # shipped default model
    worth.write_tables(...), worth.load_codebook(...), worth.open_store(...)

Names are imported on first use, so `import toolkit` stays fast. The sub-packages follow the data
flow (io, nlp, store -> coding -> exchange -> analysis -> workflows -> app); see docs/architecture.md.
"""

from importlib import import_module

__version__ = "0.1.0"

_PUBLIC = {
    "ingest": "toolkit.workflows.ingest", "collect_segments": "toolkit.workflows.ingest",
    "train": "toolkit.workflows.train", "code": "toolkit.workflows.code",
    "evaluate": "toolkit.workflows.evaluate", "suggest": "toolkit.workflows.evaluate",
    "topics": "toolkit.workflows.topics",
    "segment_rows": "toolkit.exchange.outputs", "write_segments": "toolkit.exchange.outputs",
    "write_codings": "toolkit.exchange.outputs",
    "export_qdpx": "toolkit.exchange.qdpx_write", "import_qdpx": "toolkit.exchange.qdpx_read",
    "code_segments": "toolkit.coding.scoring", "load_codebook": "toolkit.coding.codebook_io",
    "load_model": "toolkit.coding.model", "read_inputs": "toolkit.io.readers",
    "segment_document": "toolkit.io.segment", "open_store": "toolkit.store",
    "write_tables": "toolkit.analysis.tables", "write_report": "toolkit.analysis.report",
    "segment_agreement": "toolkit.analysis.agreement",
}
__all__ = ["__version__", *sorted(_PUBLIC)]


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
