package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import java.io.Serializable;
import java.util.List;

/** A rule that looks at one transaction alone. */
public interface TransactionRule extends Serializable {
  /** Adds a {@link Suspicion} to {@code hits} when the transaction breaks the rule. */
  void check(BankTransaction t, List<Suspicion> hits);
}
