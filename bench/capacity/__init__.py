"""From a cost per record to cores, latency and lag: the model, its simulator, and the decision."""
