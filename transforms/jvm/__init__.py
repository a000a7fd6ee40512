"""Kafka's own classes, for the ``jvm`` backend: finding a JDK and Kafka Connect's jars, and what they hold."""
