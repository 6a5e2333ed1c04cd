"""Data in and out of a project: REFI-QDA (QDPX) read and write, standoff codings, and the JSONL/CSV
files of segments and codings."""
