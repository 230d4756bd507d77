package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The streaming form of {@link GroupByCustomer} for {@link Burst} and {@link CustomerOutlier}:
 * keyed state per customer instead of one grouping of all transactions.
 *
 * <ul>
 *   <li>State: the customer's most recent transactions (at most {@code historySize}, chronological)
 *       and which of them already raised a burst alert. An event-time timer clears it once the
 *       watermark is {@code horizon} past the customer's latest transaction, so the state of an
 *       endless stream stays bounded by (active customers × historySize).
 *   <li>{@code burst}: evaluated with the batch rule's own {@link Burst#bursts} on the kept
 *       transactions each time one arrives; the transaction that completes a burst alerts at once,
 *       together with the burst's members not yet alerted, and the detail names the burst's
 *       transactions. A transaction arriving out of order still joins its burst while its partners
 *       are kept.
 *   <li>{@code customer_outlier}: against the median of the customer's transactions kept and
 *       earlier in event time (batch compares with all the others, later ones included).
 * </ul>
 */
public final class FlagByCustomerStream
    extends PTransform<PCollection<BankTransaction>, PCollection<Suspicion>> {
  public static final int DEFAULT_HISTORY_SIZE = 100;
  public static final Duration DEFAULT_HORIZON = Duration.standardDays(30);

  private final Burst burst;
  private final CustomerOutlier outlier;
  private final int historySize;
  private final Duration horizon;

  private FlagByCustomerStream(
      Burst burst, CustomerOutlier outlier, int historySize, Duration horizon) {
    if (historySize < 1 || !horizon.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "history size must be >= 1 and the horizon positive, got "
              + historySize
              + ", "
              + horizon);
    }
    this.burst = burst;
    this.outlier = outlier;
    this.historySize = historySize;
    this.horizon = horizon;
  }

  public static FlagByCustomerStream of(Burst burst, CustomerOutlier outlier) {
    return new FlagByCustomerStream(burst, outlier, DEFAULT_HISTORY_SIZE, DEFAULT_HORIZON);
  }

  /**
   * Keep at most {@code historySize} transactions per customer, for at most {@code horizon} of
   * event time after the latest.
   */
  public FlagByCustomerStream withHistory(int historySize, Duration horizon) {
    return new FlagByCustomerStream(burst, outlier, historySize, horizon);
  }

  @Override
  public PCollection<Suspicion> expand(PCollection<BankTransaction> transactions) {
    return transactions
        .apply(
            "KeyByCustomer",
            WithKeys.of(BankTransaction::customerId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), BankTransaction.TransactionCoder.of()))
        .apply("CheckAgainstRecent", ParDo.of(new CheckFn(burst, outlier, historySize, horizon)))
        .setCoder(Suspicion.SuspicionCoder.of());
  }

  static final class CheckFn extends DoFn<KV<String, BankTransaction>, Suspicion> {
    private final Burst burst;
    private final CustomerOutlier outlier;
    private final int historySize;
    private final Duration horizon;

    @StateId("recent")
    private final StateSpec<ValueState<List<BankTransaction>>> recentSpec =
        StateSpecs.value(ListCoder.of(BankTransaction.TransactionCoder.of()));

    @StateId("alerted")
    private final StateSpec<ValueState<Set<String>>> alertedSpec =
        StateSpecs.value(SetCoder.of(StringUtf8Coder.of()));

    @TimerId("expire")
    private final TimerSpec expireSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    CheckFn(Burst burst, CustomerOutlier outlier, int historySize, Duration horizon) {
      this.burst = burst;
      this.outlier = outlier;
      this.historySize = historySize;
      this.horizon = horizon;
    }

    @ProcessElement
    public void process(
        @Element KV<String, BankTransaction> element,
        @StateId("recent") ValueState<List<BankTransaction>> recentState,
        @StateId("alerted") ValueState<Set<String>> alertedState,
        @TimerId("expire") Timer expire,
        OutputReceiver<Suspicion> out) {
      BankTransaction t = element.getValue();
      List<BankTransaction> recent = new ArrayList<>(orEmpty(recentState.read()));
      Set<String> alerted = new HashSet<>(orEmpty(alertedState.read()));
      int position = 0;
      while (position < recent.size()
          && BankTransaction.CHRONOLOGICAL.compare(recent.get(position), t) < 0) {
        position++;
      }
      List<Suspicion> hits = new ArrayList<>(1);
      outlier.checkAgainstEarlier(t, recent.subList(0, position), hits);
      recent.add(position, t);
      for (int[] run : burst.bursts(recent)) {
        if (run[0] > position || run[1] < position) {
          continue; // a burst without the newcomer alerted when it formed
        }
        List<BankTransaction> members = recent.subList(run[0], run[1] + 1);
        String named =
            members.stream()
                .map(BankTransaction::transactionId)
                .collect(Collectors.joining(", ", ": ", ""));
        for (BankTransaction member : members) {
          if (alerted.add(member.transactionId())) {
            hits.add(burst.hitOf(member, members.size(), named));
          }
        }
      }
      while (recent.size() > historySize) {
        alerted.remove(recent.remove(0).transactionId());
      }
      recentState.write(recent);
      alertedState.write(alerted);
      expire.set(recent.get(recent.size() - 1).eventTime().plus(horizon));
      hits.forEach(out::output);
    }

    @OnTimer("expire")
    public void onExpire(
        @StateId("recent") ValueState<List<BankTransaction>> recentState,
        @StateId("alerted") ValueState<Set<String>> alertedState) {
      recentState.clear();
      alertedState.clear();
    }

    private static <T> java.util.Collection<T> orEmpty(java.util.Collection<T> c) {
      return c == null ? List.of() : c;
    }
  }
}
