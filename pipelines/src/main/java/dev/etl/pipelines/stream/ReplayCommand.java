package dev.etl.pipelines.stream;

import dev.etl.pipelines.common.CommandArgs;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import dev.etl.transforms.bank.BankCsv;
import dev.etl.transforms.csv.CsvFormats;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Instant;

/**
 * {@code ./etl replay bank --input=PATH --bootstrapServers=… [--topic=transactions] [--speed=N|max]
 * [--rate=N]}: sends the CSV lines (header excluded) in event-time order, keyed by customer id,
 * with the event time as the record timestamp. A line without a readable date and time keeps its
 * place after the line before it (it becomes a dead letter downstream, but must still be sent).
 */
public final class ReplayCommand {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: ./etl replay bank --input=PATH --bootstrapServers=HOST:PORT [--topic=transactions] [--speed=N|max] [--rate=N]",
          "              [--partitions=2]",
          "",
          "Sends the lines of a bank CSV (header excluded) to TOPIC in event-time order (transaction date + time),",
          "keyed by customer id, with the event time as the record timestamp. --speed=N replays N times faster",
          "than real time; max (the default) as fast as the broker takes them; --rate=N sends N lines per second",
          "instead. A missing topic is created with --partitions partitions.");

  private static final List<String> OPTIONS =
      List.of("input", "bootstrapServers", "topic", "speed", "rate", "partitions");

  private ReplayCommand() {}

  /** One line to send: its event time (or the previous line's), key and text. */
  record Line(long eventTimeMs, String key, String text) {}

  public static int run(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return 0;
    }
    if (args.isEmpty() || !args.get(0).equals("bank")) {
      throw new UserError("replay knows one data set: ./etl replay bank ...\n\n" + USAGE);
    }
    List<String> options = args.subList(1, args.size());
    CommandArgs.requireKnown("replay", options, OPTIONS, "\n\n" + USAGE);
    String input = RunnerProfiles.valueOf(options, "input");
    if (input == null) {
      throw new UserError("replay needs --input=PATH (a bank_transactions.csv)");
    }
    String topic = valueOr(options, "topic", "transactions");
    double speed = parseSpeed(valueOr(options, "speed", "max"));
    String rateText = RunnerProfiles.valueOf(options, "rate");
    double rate = rateText == null ? 0 : positive(rateText, "--rate");
    int partitions = (int) positive(valueOr(options, "partitions", "2"), "--partitions");

    List<Line> lines = read(Path.of(input));
    try (KafkaTopics kafka =
        KafkaTopics.connect(RunnerProfiles.valueOf(options, "bootstrapServers"))) {
      kafka.ensure(List.of(topic), partitions);
    }
    long start = System.nanoTime();
    send(RunnerProfiles.valueOf(options, "bootstrapServers"), topic, lines, speed, rate);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "replay: sent %,d lines to topic %s in %.1f s (%,.0f lines/s)%n",
        lines.size(),
        topic,
        seconds,
        lines.size() / seconds);
    return 0;
  }

  static List<Line> read(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new UserError(file + " is empty: expected the bank header");
      }
      CsvFormats.checkHeader(file.toString(), header, BankCsv.HEADER);
      long previous = 0;
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        Instant eventTime = BankCsv.eventTime(text);
        long time = eventTime == null ? previous : eventTime.getMillis();
        previous = time;
        lines.add(new Line(time, customerId(text), text));
      }
    } catch (NoSuchFileException e) {
      throw new UserError("no input file at " + file);
    }
    lines.sort(Comparator.comparingLong(Line::eventTimeMs)); // stable: ties keep file order
    return lines;
  }

  private static String customerId(String text) {
    try {
      String[] fields = CsvFormats.split(text);
      return fields.length > 1 && !fields[1].isBlank() ? fields[1].trim() : null;
    } catch (CsvFormats.MalformedLineException e) {
      return null;
    }
  }

  static void send(
      String bootstrapServers, String topic, List<Line> lines, double speed, double rate)
      throws InterruptedException {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      long startNanos = System.nanoTime();
      long firstEventMs = lines.isEmpty() ? 0 : lines.get(0).eventTimeMs();
      java.util.concurrent.atomic.AtomicReference<Exception> failure =
          new java.util.concurrent.atomic.AtomicReference<>();
      for (int i = 0; i < lines.size(); i++) {
        Line line = lines.get(i);
        long dueNanos;
        if (rate > 0) {
          dueNanos = (long) (i / rate * 1e9);
        } else if (speed > 0) {
          dueNanos = (long) ((line.eventTimeMs() - firstEventMs) / speed * 1e6);
        } else {
          dueNanos = 0;
        }
        long wait = dueNanos - (System.nanoTime() - startNanos);
        if (wait > 1_000_000) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        producer.send(
            new ProducerRecord<>(topic, null, line.eventTimeMs(), line.key(), line.text()),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
        if (failure.get() != null) {
          break;
        }
      }
      producer.flush();
      if (failure.get() != null) {
        throw new UserError(
            "the Kafka broker at "
                + bootstrapServers
                + " did not take the records: "
                + failure.get().getMessage());
      }
    }
  }

  private static String valueOr(List<String> args, String option, String fallback) {
    String value = RunnerProfiles.valueOf(args, option);
    return value == null ? fallback : value;
  }

  /** "max" (0: no pacing) or a positive factor. */
  static double parseSpeed(String text) {
    return text.equals("max") ? 0 : positive(text, "--speed");
  }

  private static double positive(String text, String option) {
    try {
      double value = Double.parseDouble(text);
      if (value > 0 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new UserError(
        option
            + " must be a positive number"
            + (option.equals("--speed") ? " or max" : "")
            + ", got "
            + text);
  }
}
