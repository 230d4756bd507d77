package dev.etl.pipelines.stream;

import dev.etl.pipelines.common.LocalServerArgs;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./etl local-kafka --dir=DIR [--port=9092]}: a local Kafka broker for bank-stream and
 * replay, until stopped.
 */
public final class LocalKafkaCommand {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: ./etl local-kafka --dir=DIR [--port=9092]",
          "",
          "Starts a single-node Apache Kafka 4 broker (KRaft) on 127.0.0.1:PORT with its data under DIR",
          "(formatted on first start, kept across restarts; --port=0 picks a free port). Runs until stopped",
          "(Ctrl-C). Time-based retention is off: replayed records carry their 2016 event times.");

  private LocalKafkaCommand() {}

  public static int run(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return 0;
    }
    LocalServerArgs parsed = LocalServerArgs.parse("local-kafka", args, 9092, 0, USAGE);
    Path root = parsed.dir();
    try (LocalKafka broker = LocalKafka.start(root, parsed.port(), null)) {
      System.out.println(
          "local-kafka: Kafka broker with its data in "
              + root
              + " listening at "
              + broker.bootstrapServers()
              + ". Stop with Ctrl-C.");
      System.out.println("Pass it to ./etl replay bank and ./etl bank-stream as:");
      System.out.println("  --bootstrapServers=" + broker.bootstrapServers());
      System.out.flush();
      int code = broker.waitFor();
      System.err.println("local-kafka: the broker stopped (exit code " + code + ")");
      return code == 0 || code == 143 ? 0 : 1;
    }
  }
}
