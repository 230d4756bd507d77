package dev.etl.pipelines.catalog;

import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.s3.S3Setup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code ./etl catalog --job=bank|music --location=DIR_OR_S3_PREFIX --output=DIR
 * [--database=NAME]}: writes the Athena DDL, Glue TableInputs and Trino DDL of every table the job
 * publishes, generated from the writers' Avro schemas, after checking that the location holds that
 * job's output.
 */
public final class CatalogCommand {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: ./etl catalog --job=bank|music --location=DIR_OR_S3_PREFIX --output=DIR [--database=NAME]",
          "                     [--raw=DIR_OR_S3_PREFIX]",
          "",
          "  --job=NAME        bank or music",
          "  --location=PATH   the job's --output: a local folder or s3://bucket/prefix (with the jobs' S3",
          "                    options, e.g. --endpoint, --awsRegion, for an S3-compatible store)",
          "  --output=DIR      where to write athena/, glue/ and trino/ (one file per table)",
          "  --database=NAME   default db_banks (bank) or db_songs (music); letters, digits, underscores",
          "  --raw=PATH        also catalog the raw zone, one folder per table under PATH: kg_data_bank/",
          "                    (bank: the transactions CSVs), music_info/ and user_listening/ (music:",
          "                    Music_Info.csv and User_Listening_History.csv); CSV with a header line,",
          "                    every column text",
          "",
          "Writes athena/<db>.<table>.sql (CREATE EXTERNAL TABLE, Parquet, JSON or CSV SerDe, date",
          "partition projection for transactions and for the music snapshot tables), glue/<db>.<table>.json",
          "(aws glue create-table --table-input),",
          "glue/<db>.database.json (aws glue create-database --database-input), trino/<db>.<table>.sql",
          "(Trino's Hive connector), plus athena/<db>.database.sql and trino/<db>.schema.sql.",
          "A local --location is written as file:///… (Athena/Glue/Hive files) and local:///… (Trino's",
          "local file system with local.location=/).");

  private static final Set<String> OWN_OPTIONS =
      Set.of("job", "location", "output", "database", "raw");

  private CatalogCommand() {}

  public static int run(List<String> args) throws IOException {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return 0;
    }
    List<String> beamArgs = new ArrayList<>();
    for (String arg : args) {
      String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : "";
      if (!OWN_OPTIONS.contains(name)) {
        beamArgs.add(arg); // S3 options (--endpoint, --awsRegion, ...); Beam rejects anything else
      }
    }
    String jobName = RunnerProfiles.valueOf(args, "job");
    String output = RunnerProfiles.valueOf(args, "output");
    if (jobName == null || output == null) {
      throw new UserError(
          "catalog needs --job=bank|music, --location=DIR_OR_S3_PREFIX and --output=DIR (see ./etl catalog --help)");
    }
    Job job = Job.named(jobName);
    String database = RunnerProfiles.valueOf(args, "database");
    database = database == null ? job.defaultDatabase() : database;
    if (!database.matches("[a-z][a-z0-9_]*")) {
      throw new UserError(
          "--database="
              + database
              + " is not a name Athena accepts: use lower-case letters, digits and underscores"
              + " (no hyphens), e.g. "
              + job.defaultDatabase());
    }
    JobOutput location = JobOutput.at(job, RunnerProfiles.valueOf(args, "location"));
    PipelineOptions options;
    try {
      options =
          PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).as(S3Options.class);
    } catch (IllegalArgumentException e) {
      throw new UserError(
          "catalog does not take "
              + beamArgs
              + ": "
              + e.getMessage()
              + " (see ./etl catalog --help)");
    }
    String rawOption = RunnerProfiles.valueOf(args, "raw");
    JobOutput raw = rawOption == null ? null : rawZone(job, rawOption);
    List<String> locations = new ArrayList<>(List.of(location.location()));
    if (raw != null) {
      locations.add(raw.location());
    }
    S3Setup.preflight(S3Setup.configure(options), locations);
    location.check();
    if (raw != null) {
      for (RawZone.RawTable table : RawZone.of(job)) {
        RawZone.check(raw, table);
      }
    }
    List<Path> written = write(job, database, location, Path.of(output));
    if (raw != null) {
      written.addAll(writeRaw(job, database, raw, Path.of(output)));
    }
    System.out.println(
        "catalog: "
            + written.size()
            + " files for "
            + database
            + " ("
            + job.tables().size()
            + " tables at "
            + location.location()
            + (raw == null
                ? ""
                : ", " + RawZone.of(job).size() + " raw tables at " + raw.location())
            + ") under "
            + Path.of(output).toAbsolutePath().normalize()
            + ":");
    written.forEach(file -> System.out.println("  " + file));
    return 0;
  }

  /** Writes every file of the job's catalog; returns them. */
  static List<Path> write(Job job, String database, JobOutput location, Path output)
      throws IOException {
    Path athena = Files.createDirectories(output.resolve("athena"));
    Path glue = Files.createDirectories(output.resolve("glue"));
    Path trino = Files.createDirectories(output.resolve("trino"));
    List<Path> written = new ArrayList<>();
    written.add(
        write(
            athena.resolve(database + ".database.sql"),
            CatalogFiles.athenaDatabaseDdl(job, database)));
    written.add(
        write(
            glue.resolve(database + ".database.json"),
            CatalogFiles.glueDatabaseInput(job, database)));
    written.add(
        write(trino.resolve(database + ".schema.sql"), CatalogFiles.trinoSchemaDdl(job, database)));
    for (PublishedTable table : job.tables()) {
      LocalDate first = table.partitioned() ? location.firstPartitionDate(table) : null;
      CatalogFiles files = new CatalogFiles(job, database, table, location, first);
      String base = database + "." + table.name();
      written.add(write(athena.resolve(base + ".sql"), files.athenaDdl()));
      written.add(write(glue.resolve(base + ".json"), files.glueTableInput()));
      written.add(write(trino.resolve(base + ".sql"), files.trinoDdl()));
    }
    return written;
  }

  private static JobOutput rawZone(Job job, String raw) {
    if (raw.isBlank()) {
      throw new UserError("--raw must name a folder or an s3:// prefix, got ''");
    }
    return JobOutput.at(job, raw);
  }

  /** The raw zone's tables of the job, in the job's database. */
  static List<Path> writeRaw(Job job, String database, JobOutput raw, Path output)
      throws IOException {
    List<Path> written = new ArrayList<>();
    for (RawZone.RawTable rawTable : RawZone.of(job)) {
      CatalogFiles files = new CatalogFiles(job, database, rawTable.asTable(), raw, null);
      String base = database + "." + rawTable.name();
      written.add(write(output.resolve("athena/" + base + ".sql"), files.athenaDdl()));
      written.add(write(output.resolve("glue/" + base + ".json"), files.glueTableInput()));
      written.add(write(output.resolve("trino/" + base + ".sql"), files.trinoDdl()));
    }
    return written;
  }

  private static Path write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
