package dev.etl.pipelines.common;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Options every job of this project shares. Extends Beam's S3Options (and so AwsOptions:
 * --awsRegion, --endpoint, --awsCredentialsProvider, ...) so that every input and output may be an
 * {@code s3://bucket/key} path; see dev.etl.pipelines.s3.
 */
public interface EtlOptions extends PipelineOptions, S3Options {
  @Description(
      "Output directory: a local path or s3://bucket/prefix. Its result folders and _SUMMARY.json are replaced on every run; "
          + "nothing becomes visible until the whole run succeeded.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "Files per output folder (per date partition for partitioned tables), from 1 to 10000. Runner-decided "
          + "sharding is not offered: on Beam 2.62's Spark runner it gave two files of one partition "
          + "the same name, and one overwrote the other. Exception: the music job writes its two large "
          + "tables (listens, user_top_tracks) one file per bundle, guarded by its written-rows check.")
  @Default.Integer(1)
  int getNumShards();

  void setNumShards(int value);

  @Description(
      "Key buckets for deduplication and per-key aggregation: records are grouped by a hash bucket of "
          + "their key, then by key in memory. More buckets: more parallelism, smaller groups, more "
          + "per-group overhead (the direct runner's profile sets 4). From 1 to 1048576. Results do not depend on it.")
  @Default.Integer(256)
  int getBuckets();

  void setBuckets(int value);

  @Description(
      "Character encoding of the input files: UTF-8 (default) or another ASCII-compatible charset such as "
          + "ISO-8859-1 or windows-1252. A line with bytes that are not valid in it is rejected as bad_encoding.")
  @Default.String("UTF-8")
  String getEncoding();

  void setEncoding(String value);

  @Description(
      "No progress on the console while the job runs (by default stderr shows what runs, input read, rows written and "
          + "elapsed time: one updating line on a terminal, a line every 10 s otherwise).")
  @Default.Boolean(false)
  boolean getQuiet();

  void setQuiet(boolean value);
}
