"""Application layer: the review web app (the CLI moves here with the issue-18 layout)."""
