package dev.etl.pipelines.stream;

import dev.etl.pipelines.common.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Pre-flight checks against the broker, so that a wrong address or topic is one clear message (exit
 * 2) within seconds.
 */
final class KafkaTopics implements AutoCloseable {
  private static final int TIMEOUT_S = 15;

  private final String bootstrapServers;
  private final Admin admin;

  private KafkaTopics(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                TIMEOUT_S * 1000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                1_000));
  }

  static KafkaTopics connect(String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new UserError("--bootstrapServers=HOST:PORT is required (./etl local-kafka prints it)");
    }
    return new KafkaTopics(bootstrapServers);
  }

  /** The broker's topics; a broker that does not answer is a user error. */
  Set<String> topics() {
    try {
      return new TreeSet<>(admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS));
    } catch (TimeoutException | ExecutionException e) {
      throw new UserError(
          "no Kafka broker answered at --bootstrapServers="
              + bootstrapServers
              + " within "
              + TIMEOUT_S
              + " s. Check the host and "
              + "port (./etl local-kafka prints the address to use), that the broker is running and that this machine can reach "
              + "it; nothing was read or written.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while contacting the Kafka broker at " + bootstrapServers);
    }
  }

  /** Fails with the list of existing topics unless {@code topic} exists. */
  void requireTopic(String topic, String option) {
    Set<String> topics = topics();
    if (!topics.contains(topic)) {
      topics.removeIf(t -> t.startsWith("__"));
      throw new UserError(
          "the topic '"
              + topic
              + "' ("
              + option
              + ") does not exist on the Kafka broker at "
              + bootstrapServers
              + ". Topics there: "
              + (topics.isEmpty() ? "none" : String.join(", ", topics))
              + ". Replay data into it first (./etl replay bank "
              + "--topic="
              + topic
              + " ...) or name an existing topic; nothing was read or written.");
    }
  }

  /**
   * Creates the topics that do not exist yet, with {@code partitions} partitions and the broker's
   * replication factor.
   */
  void ensure(List<String> names, int partitions) {
    Set<String> existing = topics();
    List<NewTopic> missing = new ArrayList<>();
    for (String name : new TreeSet<>(names)) {
      if (!existing.contains(name)) {
        missing.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try {
      admin.createTopics(missing).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new UserError(
            "could not create the Kafka topics "
                + missing
                + " at "
                + bootstrapServers
                + ": "
                + e.getCause().getMessage());
      }
    } catch (TimeoutException e) {
      throw new UserError(
          "the Kafka broker at "
              + bootstrapServers
              + " did not create the topics "
              + missing
              + " within "
              + TIMEOUT_S
              + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while creating Kafka topics");
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
