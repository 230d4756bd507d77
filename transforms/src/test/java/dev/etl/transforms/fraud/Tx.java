package dev.etl.transforms.fraud;

import dev.etl.transforms.bank.BankTransaction;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/** Tiny transactions for the rule tests. */
final class Tx {
  static final LocalDate AUG_2 = LocalDate.of(2016, 8, 2);
  static final LocalDate AUG_3 = LocalDate.of(2016, 8, 3);

  private Tx() {}

  static BankTransaction tx(
      String id, String customer, LocalDate date, String time, double amount) {
    return new BankTransaction(
        id, customer, null, "F", "PUNE", null, date, LocalTime.parse(time), amount);
  }

  static BankTransaction withBalance(String id, double amount, Double balance) {
    return new BankTransaction(
        id, "C" + id, null, "F", "PUNE", balance, AUG_2, LocalTime.NOON, amount);
  }

  static BankTransaction withDob(String id, LocalDate dob, LocalDate date) {
    return new BankTransaction(id, "C" + id, dob, "F", "PUNE", 1000.0, date, LocalTime.NOON, 10);
  }

  static BankTransaction at(String id, String location, double amount) {
    return new BankTransaction(
        id, "C" + id, null, "F", location, null, AUG_2, LocalTime.NOON, amount);
  }

  /** "transaction_id reason" of each hit, sorted. */
  static Set<String> keys(Iterable<Suspicion> hits) {
    Set<String> keys = new TreeSet<>();
    StreamSupport.stream(hits.spliterator(), false)
        .forEach(h -> keys.add(h.transactionId() + " " + h.reason()));
    return keys;
  }

  static Set<String> keys(String reason, String... ids) {
    Set<String> keys = new TreeSet<>();
    for (String id : ids) {
      keys.add(id + " " + reason);
    }
    return keys;
  }

  static Suspicion find(Iterable<Suspicion> hits, String id) {
    for (Suspicion h : hits) {
      if (h.transactionId().equals(id)) {
        return h;
      }
    }
    throw new AssertionError("no hit for " + id + " in " + hits);
  }

  static List<BankTransaction> list(BankTransaction... t) {
    return List.of(t);
  }
}
