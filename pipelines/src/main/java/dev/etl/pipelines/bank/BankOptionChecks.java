package dev.etl.pipelines.bank;

import static dev.etl.pipelines.common.OptionChecks.between;
import static dev.etl.pipelines.common.OptionChecks.positive;

import dev.etl.pipelines.common.OptionChecks;

/** Every option of the bank job, checked before its graph is built (see {@link OptionChecks}). */
public final class BankOptionChecks {
  static final int MAX_AGE = 150;

  private BankOptionChecks() {}

  public static void bank(BankOptions o) {
    OptionChecks.batchJob(o);
    OptionChecks.notBlank("input", o.getInput());
    fraudRules(o);
    BankParseOptions.latestTransactionDate(o);
  }

  /** The rule thresholds, shared by the batch and the streaming bank job. */
  public static void fraudRules(FraudRuleOptions o) {
    positive("customerOutlierFactor", o.getCustomerOutlierFactor());
    between("customerOutlierMinHistory", o.getCustomerOutlierMinHistory(), 1, Integer.MAX_VALUE);
    positive("locationOutlierZ", o.getLocationOutlierZ());
    between(
        "locationOutlierMinTransactions",
        o.getLocationOutlierMinTransactions(),
        2,
        Integer.MAX_VALUE);
    between("burstCount", o.getBurstCount(), 2, Integer.MAX_VALUE);
    between("burstWindowMinutes", o.getBurstWindowMinutes(), 0, 24 * 60);
    between("minPlausibleAge", o.getMinPlausibleAge(), 0, MAX_AGE);
    between("maxPlausibleAge", o.getMaxPlausibleAge(), o.getMinPlausibleAge(), MAX_AGE);
  }
}
