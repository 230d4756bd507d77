package dev.etl.transforms.bank;

import java.time.LocalDate;

/**
 * One customer: the latest known attributes (each from the latest transaction that has a value for
 * it; "latest" orders by date, time, then transaction id), the activity range and totals, and the
 * age in whole years at the last transaction (null when the birth date is unknown).
 */
public record CustomerProfile(
    String customerId,
    LocalDate customerDob,
    String gender,
    String location,
    Double accountBalance,
    LocalDate firstTransactionDate,
    LocalDate lastTransactionDate,
    long transactionCount,
    double totalAmountInr,
    Integer ageAtLastTransaction) implements java.io.Serializable {}
