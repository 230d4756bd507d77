package dev.etl.pipelines.stream;

import java.util.Collection;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The job's Kafka consumer, with {@code --startFrom} kept exact although the consumer has a group:
 * a consumer with a group id starts where the group committed, so {@code earliest} and {@code
 * latest} seek to the start or the end of each partition as it is assigned. KafkaIO seeks again to
 * a checkpoint's offsets after that, so a resumed job still goes on from its checkpoint; {@code
 * committed} leaves the group's position as it is (KafkaIO's {@code withStartReadTime} fails on an
 * empty partition, so it is no substitute).
 */
final class StartingConsumer {
  private StartingConsumer() {}

  static SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> factory(
      String startFrom) {
    return config ->
        new KafkaConsumer<byte[], byte[]>(config) {
          @Override
          public void assign(Collection<TopicPartition> partitions) {
            super.assign(partitions);
            if (startFrom.equals("earliest")) {
              seekToBeginning(partitions);
            } else if (startFrom.equals("latest")) {
              seekToEnd(partitions);
            }
          }
        };
  }
}
