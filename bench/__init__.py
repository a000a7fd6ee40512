"""smtbench's measuring side: chain files, messages, the pyperf harness, the model, reports, CI gates."""
