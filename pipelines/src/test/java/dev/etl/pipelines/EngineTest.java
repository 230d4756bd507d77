package dev.etl.pipelines;

/**
 * JUnit category of the tests that start a real engine (Trino, Spark Hive, Kafka, the runners of
 * the conformance suite): {@code mvn -Pfast verify} skips them, {@code mvn -B verify} runs them.
 */
public interface EngineTest {}
