package dev.etl.generator;

import static dev.etl.generator.BankRows.BALANCE_MAX_CENTS;
import static dev.etl.generator.BankRows.BALANCE_MEDIAN;
import static dev.etl.generator.BankRows.BALANCE_SIGMA;
import static dev.etl.generator.BankRows.LOCATIONS;
import static dev.etl.generator.BankRows.logNormalCents;
import static dev.etl.generator.BankRows.monthLength;
import static dev.etl.generator.GeneratorSupport.gaussian;
import static dev.etl.generator.GeneratorSupport.mix64;
import static dev.etl.generator.GeneratorSupport.streamSeed;

import dev.etl.generator.GeneratorSupport.Owners;
import java.util.SplittableRandom;

/**
 * Customers: how many rows each one gets (shuffled over the file) and a profile derived from the
 * customer number alone, so profiles need no storage.
 */
final class BankCustomers {
  /** Transactions per customer 1..5: mean ~1.18 (1,048,567 rows / ~884k customers). */
  private static final double[] TX_PER_CUSTOMER_CUMULATIVE = {0.865, 0.969, 0.991, 0.997, 1.0};

  private static final int ID_SPACE = 9_000_000; // C1000000 .. C9999999

  private final long profileSeed;
  private final int[] slots;
  private final int count;
  private final long multiplier;
  private final long offset;

  BankCustomers(long seed, int rows) {
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, BankDataGenerator.SALT_SLOTS));
    Owners owners =
        Owners.draw(
            rows,
            rng,
            r -> {
              double u = r.nextDouble();
              int n = 1;
              while (u >= TX_PER_CUSTOMER_CUMULATIVE[n - 1]) {
                n++;
              }
              return n;
            });
    slots = owners.ofSlot();
    count = owners.count();
    // an odd multiplier not divisible by 3 or 5 is coprime with 9,000,000 = 2^6 * 3^2 * 5^6:
    // customer number -> 7-digit id is then a bijection
    long m;
    do {
      m = 1 + 2 * rng.nextLong(ID_SPACE / 2);
    } while (m % 3 == 0 || m % 5 == 0);
    multiplier = m;
    offset = rng.nextLong(ID_SPACE);
    profileSeed = streamSeed(seed, BankDataGenerator.SALT_CUSTOMERS);
  }

  int ofSlot(int slot) {
    return slots[slot];
  }

  int count() {
    return count;
  }

  String id(int customer) {
    if (count > ID_SPACE) { // more customers than 7 digits allow: plain wider numbers
      return "C" + (10_000_000L + customer);
    }
    return "C" + (1_000_000 + (customer * multiplier + offset) % ID_SPACE);
  }

  Profile profile(int customer) {
    SplittableRandom r = new SplittableRandom(mix64(profileSeed + customer));
    double d = r.nextDouble();
    String dob = d < 0.055 ? BankDataGenerator.DOB_PLACEHOLDER : d < 0.058 ? "" : birthDate(r);
    double g = r.nextDouble();
    String gender = g < 0.001 ? "" : g < 0.001 + 0.999 * 0.73 ? "M" : "F";
    String location = r.nextDouble() < 0.0001 ? "" : LOCATIONS.pick(r);
    long balanceCents =
        r.nextDouble() < 0.002
            ? 0
            : logNormalCents(r, BALANCE_MEDIAN, BALANCE_SIGMA, BALANCE_MAX_CENTS);
    boolean balanceDecimals = r.nextDouble() < 0.75;
    return new Profile(id(customer), dob, gender, location, balanceCents, balanceDecimals);
  }

  /** d/m/yy, 1930-2005, mostly 1980s-1990s. */
  private static String birthDate(SplittableRandom r) {
    int year;
    if (r.nextDouble() < 0.8) {
      year = (int) Math.round(1989 + 6 * gaussian(r));
      year = Math.max(1930, Math.min(2005, year));
    } else {
      year = 1930 + r.nextInt(76);
    }
    int month0 = r.nextInt(12);
    int day = 1 + r.nextInt(monthLength(month0, year));
    int yy = year % 100;
    return day + "/" + (month0 + 1) + "/" + (yy < 10 ? "0" : "") + yy;
  }

  record Profile(
      String id,
      String dob,
      String gender,
      String location,
      long balanceCents,
      boolean balanceDecimals) {}
}
