"""Analysis of coded projects: agreement statistics, tables and co-occurrence, topic summaries,
and the HTML report."""
