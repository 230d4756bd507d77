import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * bench/stream.sh's measuring tool (not part of the product), run as a source file:
 *   create BOOTSTRAP TOPIC PARTITIONS          a topic whose record timestamps are the broker's append times
 *   measure BOOTSTRAP INPUT_TOPIC ALERTS_TOPIC  event-to-alert latency: alert detected_at - append time of its input
 *   buckets BOOTSTRAP INPUT_TOPIC ALERTS_TOPIC SECONDS  the same per SECONDS of append time (p50/p99 over time),
 *                                               and the alerts repeated (same transaction_id and reason)
 */
public class StreamLatency {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("create")) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[1]))) {
        admin.createTopics(List.of(new NewTopic(args[2], Optional.of(Integer.parseInt(args[3])), Optional.empty())
            .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get();
      }
      return;
    }
    if (args[0].equals("buckets")) {
      buckets(args[1], args[2], args[3], Long.parseLong(args[4]) * 1000);
      return;
    }
    String bootstrap = args[1];
    Map<String, Long> appendedAt = new HashMap<>();
    long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
    readAll(bootstrap, args[2], r -> {
      String id = r.value().substring(0, Math.max(0, r.value().indexOf(',')));
      appendedAt.putIfAbsent(id, r.timestamp());
      span[0] = Math.min(span[0], r.timestamp());
      span[1] = Math.max(span[1], r.timestamp());
    });
    ObjectMapper json = new ObjectMapper();
    List<Long> latencies = new ArrayList<>();
    long[] alertSpan = {Long.MAX_VALUE, Long.MIN_VALUE};
    readAll(bootstrap, args[3], r -> {
      try {
        JsonNode a = json.readTree(r.value());
        long detected = Instant.parse(a.get("detected_at").asText()).toEpochMilli();
        alertSpan[0] = Math.min(alertSpan[0], detected);
        alertSpan[1] = Math.max(alertSpan[1], detected);
        Long appended = appendedAt.get(a.get("transaction_id").asText());
        if (appended != null) {
          latencies.add(detected - appended);
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    latencies.sort(null);
    double inSeconds = (span[1] - span[0]) / 1000.0;
    System.out.printf("input: %d records appended over %.1f s (%.0f/s)%n", appendedAt.size(), inSeconds, appendedAt.size() / Math.max(inSeconds, 0.001));
    System.out.printf("alerts: %d, last alert %.1f s after the last input was appended%n", latencies.size(), (alertSpan[1] - span[1]) / 1000.0);
    if (!latencies.isEmpty()) {
      System.out.printf("latency_ms p50=%d p95=%d p99=%d max=%d%n", pct(latencies, 50), pct(latencies, 95), pct(latencies, 99), latencies.get(latencies.size() - 1));
    }
  }

  /** Alerts first (few), then the input keeping only the alerted ids: bounded memory on a long soak. */
  static void buckets(String bootstrap, String input, String alerts, long bucketMs) {
    ObjectMapper json = new ObjectMapper();
    Map<String, List<Long>> detectedById = new HashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    long[] repeats = {0, 0};
    readAll(bootstrap, alerts, r -> {
      try {
        JsonNode a = json.readTree(r.value());
        String id = a.get("transaction_id").asText();
        repeats[1]++;
        if (!seen.add(id + " " + a.get("reason").asText())) {
          repeats[0]++;
        }
        detectedById.computeIfAbsent(id, k -> new ArrayList<>())
            .add(Instant.parse(a.get("detected_at").asText()).toEpochMilli());
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    java.util.TreeMap<Long, List<Long>> byBucket = new java.util.TreeMap<>();
    long[] first = {Long.MAX_VALUE};
    Map<String, Long> appendedAt = new HashMap<>();
    readAll(bootstrap, input, r -> {
      first[0] = Math.min(first[0], r.timestamp());
      String id = r.value().substring(0, Math.max(0, r.value().indexOf(',')));
      if (detectedById.containsKey(id)) {
        appendedAt.putIfAbsent(id, r.timestamp());
      }
    });
    appendedAt.forEach((id, appended) -> {
      for (long detected : detectedById.get(id)) {
        byBucket.computeIfAbsent((appended - first[0]) / bucketMs, k -> new ArrayList<>()).add(detected - appended);
      }
    });
    System.out.printf("alerts: %d, repeated (transaction_id, reason): %d%n", repeats[1], repeats[0]);
    System.out.println("from_s alerts latency_p50_ms latency_p99_ms");
    byBucket.forEach((bucket, latencies) -> {
      latencies.sort(null);
      System.out.printf("%d %d %d %d%n", bucket * bucketMs / 1000, latencies.size(), pct(latencies, 50), pct(latencies, 99));
    });
  }

  static long pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  interface Sink {
    void accept(ConsumerRecord<String, String> r);
  }

  static void readAll(String bootstrap, String topic, Sink sink) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("max.poll.records", 5000);
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(10))) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(500)).forEach(sink::accept);
      }
    }
  }
}
