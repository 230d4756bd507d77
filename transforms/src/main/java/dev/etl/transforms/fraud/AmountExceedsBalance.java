package dev.etl.transforms.fraud;

import static dev.etl.transforms.fraud.Rules.hit;
import static dev.etl.transforms.fraud.Rules.money;

import dev.etl.transforms.bank.BankTransaction;
import java.util.List;

/**
 * {@code amount_exceeds_balance}: the amount is greater than the account balance on the same row
 * (the source's {@code CustAccountBalance}, the balance at the time). A blank balance is no hit.
 */
public final class AmountExceedsBalance implements TransactionRule {
  @Override
  public void check(BankTransaction t, List<Suspicion> hits) {
    Double balance = t.accountBalance();
    if (balance != null && t.amountInr() > balance) {
      hits.add(
          hit(
              t,
              Suspicion.AMOUNT_EXCEEDS_BALANCE,
              t.amountInr(),
              balance,
              "amount " + money(t.amountInr()) + " > account balance " + money(balance)));
    }
  }
}
