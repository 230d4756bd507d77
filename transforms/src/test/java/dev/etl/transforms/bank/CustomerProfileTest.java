package dev.etl.transforms.bank;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The profile of one customer's transactions; {@code GroupByCustomerTest} covers it inside the
 * pipeline.
 */
public class CustomerProfileTest {
  private static final LocalDate AUG_2 = LocalDate.of(2016, 8, 2);
  private static final LocalDate AUG_3 = LocalDate.of(2016, 8, 3);
  private static final LocalDate AUG_5 = LocalDate.of(2016, 8, 5);

  private static BankTransaction tx(
      String id,
      String customer,
      LocalDate dob,
      String gender,
      String location,
      Double balance,
      LocalDate date,
      String time,
      double amount) {
    return new BankTransaction(
        id, customer, dob, gender, location, balance, date, LocalTime.parse(time), amount);
  }

  private static BankTransaction plain(
      String id, String customer, LocalDate date, String time, double amount) {
    return tx(id, customer, null, null, null, null, date, time, amount);
  }

  private static final List<BankTransaction> HISTORY =
      List.of(
          tx("T1", "C1", LocalDate.of(1970, 5, 6), "F", "AGRA", 1.5, AUG_2, "01:00:00", 2.0),
          tx("T2", "C1", null, "M", null, -4.0, AUG_5, "02:00:00", 4.0),
          tx("T3", "C1", null, null, "DELHI", null, AUG_3, "03:00:00", 8.0),
          tx("T4", "C1", null, null, null, null, AUG_5, "01:00:00", 16.0));

  private static final CustomerProfile HISTORY_PROFILE =
      new CustomerProfile(
          "C1", LocalDate.of(1970, 5, 6), "M", "DELHI", -4.0, AUG_2, AUG_5, 4, 30.0, 46);

  @Test
  public void sameProfileWhateverTheOrder() {
    // the grouping hands a customer's transactions over in any order: all 24 orders of HISTORY
    for (List<BankTransaction> order : permutations(HISTORY)) {
      assertEquals(order.toString(), HISTORY_PROFILE, CustomerProfile.of(order));
    }
  }

  @Test
  public void totalDoesNotDependOnTheOrderOfAdditions() {
    // as doubles, 0.1 + 0.2 + 0.3 = 0.6000000000000001 but 0.3 + 0.2 + 0.1 = 0.6: runners add in
    // different orders
    List<BankTransaction> forward = new ArrayList<>();
    List<BankTransaction> backward = new ArrayList<>();
    double[] amounts = {0.1, 0.2, 0.3};
    for (int i = 0; i < amounts.length; i++) {
      forward.add(plain("T" + i, "C1", AUG_2, "10:00:00", amounts[i]));
      backward.add(plain("T" + i, "C1", AUG_2, "10:00:00", amounts[amounts.length - 1 - i]));
    }
    assertEquals(0.6, CustomerProfile.of(forward).totalAmountInr(), 0.0);
    assertEquals(0.6, CustomerProfile.of(backward).totalAmountInr(), 0.0);
  }

  @Test
  public void attributesFromOneTransactionOrNeverKnown() {
    // every attribute from one transaction
    assertEquals(
        new CustomerProfile(
            "C5", LocalDate.of(1990, 8, 10), "F", "GOA", 7.25, AUG_2, AUG_5, 2, 4.0, 25),
        CustomerProfile.of(
            List.of(
                tx("T5", "C5", LocalDate.of(1990, 8, 10), "F", "GOA", 7.25, AUG_5, "10:00:00", 3.0),
                plain("T6", "C5", AUG_2, "10:00:00", 1.0))));
    // some attributes never known
    assertEquals(
        new CustomerProfile("C7", null, "M", "GOA", null, AUG_2, AUG_5, 2, 4.0, null),
        CustomerProfile.of(
            List.of(
                tx("T7", "C7", null, null, "GOA", null, AUG_5, "10:00:00", 3.0),
                tx("T8", "C7", null, "M", null, null, AUG_2, "10:00:00", 1.0))));
  }

  @Test
  public void noTransactionsIsNoProfile() {
    assertThrows(IllegalArgumentException.class, () -> CustomerProfile.of(List.of()));
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> all = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T head = rest.remove(i);
      for (List<T> tail : permutations(rest)) {
        List<T> order = new ArrayList<>();
        order.add(head);
        order.addAll(tail);
        all.add(order);
      }
    }
    return all;
  }
}
