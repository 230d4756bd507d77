package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** Applies rules that need one transaction only ({@link TransactionRule}); no shuffle. */
public final class FlagTransactions
    extends PTransform<PCollection<BankTransaction>, PCollection<Suspicion>> {
  private final List<TransactionRule> rules;

  private FlagTransactions(List<TransactionRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static FlagTransactions of(TransactionRule... rules) {
    return new FlagTransactions(List.of(rules));
  }

  @Override
  public PCollection<Suspicion> expand(PCollection<BankTransaction> transactions) {
    return transactions
        .apply("CheckEachTransaction", ParDo.of(new CheckFn(rules)))
        .setCoder(Suspicion.SuspicionCoder.of());
  }

  static final class CheckFn extends DoFn<BankTransaction, Suspicion> {
    private final List<TransactionRule> rules;

    CheckFn(List<TransactionRule> rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(@Element BankTransaction t, OutputReceiver<Suspicion> out) {
      List<Suspicion> hits = new ArrayList<>(1);
      for (TransactionRule rule : rules) {
        rule.check(t, hits);
      }
      hits.forEach(out::output);
    }
  }
}
