"""worth: Dutch text mining for qualitative research in the social domain.

Public entry points live in submodules: `toolkit.ingest`, `toolkit.segment`, `toolkit.nlp`,
`toolkit.store`, `toolkit.api` (workflows) and `toolkit.cli` (the `worth` command).
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
