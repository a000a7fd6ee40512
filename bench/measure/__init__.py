"""Measuring a chain: the workload, its timed cells, the pyperf harness and instruction counting."""
