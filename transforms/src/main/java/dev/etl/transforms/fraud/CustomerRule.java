package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import java.io.Serializable;
import java.util.List;

/** A rule that looks at all transactions of one customer together. */
public interface CustomerRule extends Serializable {
  /**
   * {@code transactions}: every clean transaction of one customer, in chronological order (date,
   * time, transaction id). Adds one {@link Suspicion} per transaction that breaks the rule.
   */
  void check(List<BankTransaction> transactions, List<Suspicion> hits);
}
