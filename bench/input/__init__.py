"""What a run reads: the chain file, its messages, and the converters that put them on the wire."""
