package dev.etl.generator;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.etl.generator.BankDataGenerator.Config;
import dev.etl.generator.BankDataGenerator.Stats;
import dev.etl.transforms.bank.BankCsv;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.core.DedupByKey;
import dev.etl.transforms.core.Rejection;
import dev.etl.transforms.core.RowMapper;
import dev.etl.transforms.csv.ParseCsv;
import dev.etl.transforms.fraud.Suspicion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.BeforeClass;
import org.junit.Test;

public class BankDataGeneratorTest {
  private static final int ROWS = 20_000;
  private static final Config CONFIG = new Config(ROWS, 42, 0.002);
  private static final Pattern TIME = Pattern.compile("0|[1-9][0-9]{0,5}");
  private static final Pattern DAY_MONTH_YY = Pattern.compile("[1-9][0-9]?/[1-9][0-9]?/[0-9]{2}");
  private static final Pattern CUSTOMER_ID = Pattern.compile("C[1-9][0-9]{6}");
  private static final Pattern MONEY =
      Pattern.compile("0|0\\.(0[1-9]|[1-9][0-9])|[1-9][0-9]*(\\.[0-9]{2})?");

  private static byte[] bytes;
  private static Stats stats;
  private static Analysis analysis;

  @BeforeClass
  public static void generate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    stats = BankDataGenerator.write(out, CONFIG);
    bytes = out.toByteArray();
    analysis = Analysis.of(new String(bytes, StandardCharsets.UTF_8));
  }

  private static byte[] generate(Config config) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BankDataGenerator.write(out, config);
    return out.toByteArray();
  }

  @Test
  public void plantsEveryFraudReasonOfTheJob() {
    assertEquals(
        new HashSet<>(Suspicion.REASONS), new HashSet<>(BankDataGenerator.SUSPICIOUS_PATTERNS));
    assertEquals(Suspicion.REASONS.size(), BankDataGenerator.SUSPICIOUS_PATTERNS.size());
  }

  @Test
  public void defaultsAreTheRealFileSize() {
    Config d = Config.defaults();
    assertEquals(1_048_567L, d.rows());
    assertEquals(42L, d.seed());
    assertEquals(0.002, d.defectRate(), 0);
    assertEquals(0.0002, d.suspiciousRate(), 0);
  }

  @Test
  public void writesHeaderAndOneLinePerRow() {
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(text.startsWith(BankDataGenerator.HEADER + "\n"));
    assertEquals(
        "TransactionID,CustomerID,CustomerDOB,CustGender,CustLocation,CustAccountBalance,"
            + "TransactionDate,TransactionTime,TransactionAmount (INR)",
        BankDataGenerator.HEADER);
    assertTrue(text.endsWith("\n"));
    assertFalse(text.contains("\r"));
    assertEquals(ROWS + 1, text.split("\n", -1).length - 1);
    assertEquals(ROWS, stats.dataLines());
    assertEquals(ROWS, analysis.lines.size());
    assertEquals(BankDataGenerator.DEFECT_KINDS, List.copyOf(stats.defectsPlanted().keySet()));
  }

  @Test
  public void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    assertArrayEquals(bytes, generate(CONFIG));
    assertFalse(Arrays.equals(bytes, generate(new Config(ROWS, 43, 0.002))));
  }

  @Test
  public void plantedDefectsAreWhatThePipelineWillFind() {
    // ~40 of each expected (20,000 * 0.002), binomial sd ~6.3
    for (String kind : BankDataGenerator.DEFECT_KINDS) {
      long planted = stats.defectsPlanted().get(kind);
      assertTrue(kind + " planted " + planted, planted >= 15 && planted <= 70);
    }
    // every defect line fails (or dedups) for exactly its own reason, and nothing else fails
    assertEquals(stats.defectsPlanted(), analysis.found);
    long defects = stats.defectsPlanted().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(ROWS - defects, analysis.clean.size());
  }

  @Test
  public void transactionIdsAreSequential() {
    // duplicates reuse an earlier id; every other line takes the next one
    long next = 1;
    Set<String> seen = new HashSet<>();
    for (String[] f : analysis.lines) {
      if (seen.add(f[0])) {
        assertEquals("T" + next, f[0]);
        next++;
      }
    }
    long duplicates =
        stats.defectsPlanted().get(BankDataGenerator.EXACT_DUPLICATE)
            + stats.defectsPlanted().get(DedupByKey.CONFLICTING_DUPLICATE);
    assertEquals(ROWS - duplicates, next - 1);
  }

  @Test
  public void fieldsHaveTheSourceFormats() {
    LocalDate first = LocalDate.of(2016, 8, 1);
    LocalDate last = LocalDate.of(2016, 10, 21);
    int quoted = 0;
    for (String[] f : analysis.clean) {
      assertTrue(f[1], CUSTOMER_ID.matcher(f[1]).matches());
      assertTrue(
          f[2], f[2].isEmpty() || f[2].equals("1/1/1800") || DAY_MONTH_YY.matcher(f[2]).matches());
      assertTrue(f[3], f[3].isEmpty() || f[3].equals("M") || f[3].equals("F"));
      assertTrue(f[4], f[4].isEmpty() || f[4].equals(f[4].toUpperCase()));
      assertTrue(f[5], f[5].isEmpty() || MONEY.matcher(f[5]).matches());
      assertTrue(f[6], DAY_MONTH_YY.matcher(f[6]).matches() && f[6].endsWith("/16"));
      assertTrue(f[7], TIME.matcher(f[7]).matches()); // no leading zeros
      assertTrue(f[8], MONEY.matcher(f[8]).matches());
      if (f[4].contains(",")) {
        quoted++;
      }
    }
    for (BankTransaction t : analysis.transactions) {
      assertFalse(t.transactionDate().isBefore(first));
      assertFalse(t.transactionDate().isAfter(last));
      if (t.customerDob() != null) {
        assertTrue(t.customerDob().getYear() >= 1930 && t.customerDob().getYear() <= 2005);
      }
    }
    assertTrue("a location with a comma, quoted", quoted > 0);
    assertTrue(
        new String(bytes, StandardCharsets.UTF_8).contains(",\"NAVI MUMBAI, MAHARASHTRA\","));
  }

  @Test
  public void distributionsLookLikeTheRealFile() {
    int n = analysis.clean.size();
    long placeholder = analysis.clean.stream().filter(f -> f[2].equals("1/1/1800")).count();
    assertBetween("1/1/1800 share", placeholder / (double) n, 0.04, 0.07);
    long blankDob = analysis.clean.stream().filter(f -> f[2].isEmpty()).count();
    assertBetween("blank DOB share", blankDob / (double) n, 0.0005, 0.008);
    long male = analysis.clean.stream().filter(f -> f[3].equals("M")).count();
    assertBetween("male share", male / (double) n, 0.68, 0.78);
    long dob80s90s =
        analysis.transactions.stream()
            .filter(t -> t.customerDob() != null)
            .filter(t -> t.customerDob().getYear() >= 1980 && t.customerDob().getYear() < 2000)
            .count();
    long withDob = analysis.transactions.stream().filter(t -> t.customerDob() != null).count();
    assertBetween("born in the 1980s-1990s", dob80s90s / (double) withDob, 0.6, 0.9);

    Map<String, Integer> byLocation = new TreeMap<>();
    analysis.clean.forEach(f -> byLocation.merge(f[4], 1, Integer::sum));
    assertTrue(byLocation.size() >= 30);
    int mumbai = byLocation.get("MUMBAI");
    assertTrue(mumbai > byLocation.get("PUNE") * 2);
    assertTrue(mumbai > byLocation.get("JAMSHEDPUR") * 10);

    double[] amounts =
        analysis.transactions.stream().mapToDouble(BankTransaction::amountInr).sorted().toArray();
    assertBetween("median amount", amounts[amounts.length / 2], 300, 700);
    double[] balances =
        analysis.transactions.stream()
            .filter(t -> t.accountBalance() != null)
            .mapToDouble(BankTransaction::accountBalance)
            .sorted()
            .toArray();
    assertBetween("median balance", balances[balances.length / 2], 10_000, 25_000);
    assertTrue(balances[balances.length - 1] <= 115_035_495.10);
    assertTrue(amounts[amounts.length - 1] <= 1_560_034.99);
  }

  @Test
  public void customersHaveAboutOnePointTwoTransactionsAndKeepTheirProfile() {
    Map<String, String> profile = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (String[] f : analysis.clean) {
      count.merge(f[1], 1, Integer::sum);
      String dobAndGender = f[2] + "|" + f[3];
      String before = profile.putIfAbsent(f[1], dobAndGender);
      if (before != null) {
        assertEquals("customer " + f[1], before, dobAndGender);
      }
    }
    double ratio = analysis.clean.size() / (double) count.size();
    assertBetween("transactions per customer", ratio, 1.1, 1.3);
    assertTrue(count.values().stream().allMatch(c -> c <= 5));
    assertTrue(count.values().stream().anyMatch(c -> c >= 3));
  }

  @Test
  public void defectRateZeroPlantsNothing() throws IOException {
    Config clean = new Config(5_000, 7, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stats s = BankDataGenerator.write(out, clean);
    assertEquals(5_000, s.dataLines());
    assertTrue(s.defectsPlanted().values().stream().allMatch(v -> v == 0));
    Analysis a = Analysis.of(out.toString(StandardCharsets.UTF_8));
    assertEquals(5_000, a.transactions.size());
    assertTrue(a.found.values().stream().allMatch(v -> v == 0));
  }

  @Test
  public void suspiciousRateZeroIsTheFileWithoutPlanting() throws IOException {
    assertArrayEquals(bytes, generate(new Config(ROWS, 42, 0.002, 0)));
    assertEquals(List.of(), stats.suspiciousPlanted());
  }

  @Test
  public void plantedSuspiciousTransactionsAreCleanRowsOfEveryPattern() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stats s = BankDataGenerator.write(out, new Config(ROWS, 42, 0.002, 0.001));
    Analysis a = Analysis.of(out.toString(StandardCharsets.UTF_8));
    assertEquals(ROWS, a.lines.size());
    // the defects are unchanged by planting: every defect line is still found as itself
    assertEquals(s.defectsPlanted(), a.found);
    Map<String, BankTransaction> clean = new HashMap<>();
    a.transactions.forEach(t -> clean.put(t.transactionId(), t));
    // ~20 patterns each expected (20,000 normal rows x 0.001); burst and customer patterns add rows
    Map<String, Long> byReason = s.suspiciousByReason();
    assertEquals(BankDataGenerator.SUSPICIOUS_PATTERNS, List.copyOf(byReason.keySet()));
    for (String reason : BankDataGenerator.SUSPICIOUS_PATTERNS) {
      assertTrue(
          reason + " " + byReason.get(reason),
          byReason.get(reason) >= 8 && byReason.get(reason) <= 120);
    }
    for (BankDataGenerator.Planted p : s.suspiciousPlanted()) {
      BankTransaction t = clean.get(p.transactionId());
      assertNotNull("planted " + p + " is a clean transaction", t);
      switch (p.reason()) {
        case "amount_exceeds_balance" ->
            assertTrue(p.toString(), t.amountInr() > t.accountBalance());
        case "implausible_age" -> {
          int age = java.time.Period.between(t.customerDob(), t.transactionDate()).getYears();
          assertTrue(p + " age " + age, age < 10 || age > 100);
        }
        case "location_outlier" ->
            assertTrue(p.toString(), t.location().equals("MUMBAI") && t.amountInr() >= 600_000);
        case "burst", "customer_outlier" -> {}
        default -> fail("unknown reason " + p.reason());
      }
    }
    // a burst is 3-5 transactions of one customer on one day within 8 minutes
    Map<String, List<BankTransaction>> bursts = new TreeMap<>();
    s.suspiciousPlanted().stream()
        .filter(p -> p.reason().equals("burst"))
        .forEach(
            p ->
                bursts
                    .computeIfAbsent(
                        clean.get(p.transactionId()).customerId(), c -> new java.util.ArrayList<>())
                    .add(clean.get(p.transactionId())));
    for (List<BankTransaction> burst : bursts.values()) {
      assertTrue(burst.size() >= 3 && burst.size() <= 5);
      assertEquals(1, burst.stream().map(BankTransaction::transactionDate).distinct().count());
      int first =
          burst.stream().mapToInt(t -> t.transactionTime().toSecondOfDay()).min().getAsInt();
      int last = burst.stream().mapToInt(t -> t.transactionTime().toSecondOfDay()).max().getAsInt();
      assertTrue(last - first <= 8 * 60);
    }
  }

  @Test
  public void tinyAndEmptyFiles() throws IOException {
    assertEquals(
        BankDataGenerator.HEADER + "\n",
        new String(generate(new Config(0, 1, 0.1)), StandardCharsets.UTF_8));
    // a duplicate cannot come first: there is nothing to duplicate yet
    for (long seed = 0; seed < 50; seed++) {
      Analysis a =
          Analysis.of(new String(generate(new Config(3, seed, 1.0 / 7)), StandardCharsets.UTF_8));
      assertEquals(3, a.lines.size());
      assertEquals("T1", a.lines.get(0)[0]);
    }
  }

  @Test
  public void rejectsBadSuspiciousRates() {
    for (double rate : new double[] {-0.001, 0.011, Double.NaN}) {
      try {
        new Config(10, 1, 0.002, rate);
        fail("accepted suspiciousRate " + rate);
      } catch (IllegalArgumentException expected) {
        assertNotNull(expected.getMessage());
      }
    }
  }

  @Test
  public void rejectsBadConfigs() {
    for (double rate : new double[] {-0.1, 0.2, Double.NaN}) {
      try {
        new Config(10, 1, rate);
        fail("accepted defectRate " + rate);
      } catch (IllegalArgumentException expected) {
        assertNotNull(expected.getMessage());
      }
    }
  }

  private static void assertBetween(String what, double value, double low, double high) {
    assertTrue(
        what + " = " + value + " not in [" + low + ", " + high + "]",
        value >= low && value <= high);
  }

  /**
   * The file read as the pipeline reads it: Commons CSV (RFC 4180), the column count, {@link
   * BankCsv#mapper()}, then dedup by TransactionID (first occurrence wins; equal records are
   * duplicates, different ones conflicts).
   */
  private static final class Analysis {
    final List<String[]> lines = new java.util.ArrayList<>();
    final List<String[]> clean = new java.util.ArrayList<>();
    final List<BankTransaction> transactions = new java.util.ArrayList<>();
    final Map<String, Long> found = new java.util.LinkedHashMap<>();

    static Analysis of(String text) throws IOException {
      Analysis a = new Analysis();
      BankDataGenerator.DEFECT_KINDS.forEach(k -> a.found.put(k, 0L));
      RowMapper<BankTransaction> mapper = BankCsv.mapper();
      Map<String, BankTransaction> firstById = new HashMap<>();
      Map<String, String[]> fieldsById = new HashMap<>();
      try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
        boolean header = true;
        for (CSVRecord record : parser) {
          String[] f = record.values();
          if (header) {
            assertEquals(BankCsv.HEADER, List.of(f));
            header = false;
            continue;
          }
          a.lines.add(f);
          if (f.length != BankCsv.HEADER.size()) {
            a.count(ParseCsv.WRONG_COLUMN_COUNT);
            continue;
          }
          BankTransaction t;
          try {
            t = mapper.map(f);
          } catch (Rejection r) {
            a.count(r.reason());
            continue;
          }
          BankTransaction first = firstById.putIfAbsent(t.transactionId(), t);
          String[] firstFields = fieldsById.putIfAbsent(t.transactionId(), f);
          if (first == null) {
            a.clean.add(f);
            a.transactions.add(t);
          } else if (first.equals(t)) {
            assertArrayEquals("an exact duplicate repeats the line verbatim", firstFields, f);
            a.count(BankDataGenerator.EXACT_DUPLICATE);
          } else {
            a.count(DedupByKey.CONFLICTING_DUPLICATE);
          }
        }
      }
      return a;
    }

    void count(String reason) {
      if (!found.containsKey(reason)) {
        fail("unexpected rejection: " + reason);
      }
      found.merge(reason, 1L, Long::sum);
    }
  }
}
