"""What a run found: typed results (summary.json), baselines, the regression gates and their statistics."""
