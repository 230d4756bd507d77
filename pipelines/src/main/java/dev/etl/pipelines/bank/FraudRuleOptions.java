package dev.etl.pipelines.bank;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The fraud rules' thresholds, shared by {@code ./etl bank} and {@code ./etl bank-stream}. */
public interface FraudRuleOptions extends PipelineOptions {
  @Description(
      "customer_outlier: flag an amount above this many times the median of the customer's other transactions.")
  @Default.Double(10)
  double getCustomerOutlierFactor();

  void setCustomerOutlierFactor(double value);

  @Description("customer_outlier: other transactions a customer needs before the rule applies.")
  @Default.Integer(3)
  int getCustomerOutlierMinHistory();

  void setCustomerOutlierMinHistory(int value);

  @Description(
      "location_outlier: flag when the robust z-score of ln(1 + amount) within the location is above this.")
  @Default.Double(3.5)
  double getLocationOutlierZ();

  void setLocationOutlierZ(double value);

  @Description("location_outlier: transactions a location needs before its amounts are scored.")
  @Default.Integer(30)
  int getLocationOutlierMinTransactions();

  void setLocationOutlierMinTransactions(int value);

  @Description(
      "burst: flag this many or more transactions of one customer within --burstWindowMinutes on one day.")
  @Default.Integer(3)
  int getBurstCount();

  void setBurstCount(int value);

  @Description("burst: the window in minutes (first to last transaction, inclusive).")
  @Default.Integer(10)
  int getBurstWindowMinutes();

  void setBurstWindowMinutes(int value);

  @Description(
      "implausible_age: flag a customer younger than this (whole years) at the transaction.")
  @Default.Integer(10)
  int getMinPlausibleAge();

  void setMinPlausibleAge(int value);

  @Description("implausible_age: flag a customer older than this (whole years) at the transaction.")
  @Default.Integer(100)
  int getMaxPlausibleAge();

  void setMaxPlausibleAge(int value);
}
