package dev.etl.pipelines.stream;

import static dev.etl.pipelines.common.OptionChecks.duration;

import dev.etl.pipelines.bank.BankOptionChecks;
import dev.etl.pipelines.bank.BankParseOptions;
import dev.etl.pipelines.common.OptionChecks;
import java.util.List;
import org.joda.time.Duration;

/**
 * Every option of {@code ./etl bank-stream}, checked before its graph is built (see {@link
 * OptionChecks}); the durations come back parsed.
 */
final class StreamOptionChecks {
  static final List<String> START_FROM = List.of("earliest", "latest", "committed");

  private StreamOptionChecks() {}

  /** The parsed durations of the options. */
  record Durations(
      Duration maxOutOfOrderness,
      Duration stopAfterIdle,
      Duration dedupHorizon,
      Duration customerHorizon,
      Duration outputInterval,
      Duration countersInterval,
      Duration locationStatsRefresh) {}

  static Durations check(BankStreamOptions o) {
    BankOptionChecks.fraudRules(o);
    BankParseOptions.latestTransactionDate(o); // a bad date fails before the job starts
    OptionChecks.oneOf("startFrom", o.getStartFrom(), START_FROM);
    return new Durations(
        duration("maxOutOfOrderness", o.getMaxOutOfOrderness()),
        o.getStopAfterIdle() == null ? null : duration("stopAfterIdle", o.getStopAfterIdle()),
        duration("dedupHorizon", o.getDedupHorizon()),
        duration("customerHistoryHorizon", o.getCustomerHistoryHorizon()),
        duration("outputInterval", o.getOutputInterval()),
        duration("countersInterval", o.getCountersInterval()),
        duration("locationStatsRefresh", o.getLocationStatsRefresh()));
  }
}
