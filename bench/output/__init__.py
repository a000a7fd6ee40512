"""What a run shows: console tables, the report, plots, number formats and atomic writes."""
