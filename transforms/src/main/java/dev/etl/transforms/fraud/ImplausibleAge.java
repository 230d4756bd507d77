package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Rules.hit;

import dev.etl.transforms.bank.BankTransaction;
import java.time.Period;
import java.util.List;

/**
 * {@code implausible_age}: the customer's age in whole years on the transaction date is below
 * {@code minAge} or above {@code maxAge}. An unknown birth date is no hit.
 */
public final class ImplausibleAge implements TransactionRule {
  public static final int DEFAULT_MIN_AGE = 10;
  public static final int DEFAULT_MAX_AGE = 100;

  private final int minAge;
  private final int maxAge;

  public ImplausibleAge(int minAge, int maxAge) {
    if (minAge > maxAge) {
      throw new IllegalArgumentException(
          "minimum age " + minAge + " is above maximum age " + maxAge);
    }
    this.minAge = minAge;
    this.maxAge = maxAge;
  }

  @Override
  public void check(BankTransaction t, List<Suspicion> hits) {
    if (t.customerDob() == null) {
      return;
    }
    int age = Period.between(t.customerDob(), t.transactionDate()).getYears();
    if (age < minAge) {
      hits.add(
          hit(
              t,
              Suspicion.IMPLAUSIBLE_AGE,
              age,
              minAge,
              "age " + age + " < " + minAge + " (born " + t.customerDob() + ")"));
    } else if (age > maxAge) {
      hits.add(
          hit(
              t,
              Suspicion.IMPLAUSIBLE_AGE,
              age,
              maxAge,
              "age " + age + " > " + maxAge + " (born " + t.customerDob() + ")"));
    }
  }
}
