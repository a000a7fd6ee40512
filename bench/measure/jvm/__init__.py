"""The jvm backend's measurement: Kafka Connect's own classes timed in forked JVMs (SmtHarness.java), JMH's way."""
