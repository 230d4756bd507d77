package dev.etl.pipelines.bank;

import dev.etl.pipelines.common.EtlOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of the bank job: {@code ./etl bank --input=PATH --output=DIR}. */
public interface BankOptions extends EtlOptions, FraudRuleOptions, BankParseOptions {
  @Description(
      "Input bank_transactions.csv: a file, a glob (data/bank_*.csv) or a comma-separated list of them, local or "
          + "s3://bucket/key. "
          + "Every file must start with the bank header.")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description(
      "Read only the --input files that the output's record (_STATE/inputs.json) does not list yet, deduplicate them "
          + "against what is published, add their transactions as new files and recompute customers, segments and "
          + "suspicious transactions from what is published plus the new rows. Without a record: a full run. Nothing "
          + "new: exits 0 at once. A recorded file that changed: exit 2. See docs/incremental.md.")
  @Default.Boolean(false)
  boolean getIncremental();

  void setIncremental(boolean value);
}
