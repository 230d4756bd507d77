package dev.etl.pipelines.catalog;

import dev.etl.pipelines.bank.BankPipeline;
import dev.etl.pipelines.common.PublishedTable;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.music.MusicPipeline;
import java.util.List;

/**
 * A job whose output can be catalogued and queried: its tables and default database. The seed named
 * the databases {@code db-banks} and {@code db-songs}; Athena (and Spark's catalog) accept no
 * hyphen in a database name, hence the underscores.
 */
public enum Job {
  BANK("bank", "db_banks", BankPipeline.TABLES),
  MUSIC("music", "db_songs", MusicPipeline.TABLES);

  private final String jobName;
  private final String defaultDatabase;
  private final List<PublishedTable> tables;

  Job(String jobName, String defaultDatabase, List<PublishedTable> tables) {
    this.jobName = jobName;
    this.defaultDatabase = defaultDatabase;
    this.tables = tables;
  }

  public String jobName() {
    return jobName;
  }

  public String defaultDatabase() {
    return defaultDatabase;
  }

  public List<PublishedTable> tables() {
    return tables;
  }

  public static Job named(String name) {
    for (Job job : values()) {
      if (job.jobName.equals(name)) {
        return job;
      }
    }
    throw new UserError("unknown job '" + name + "' (known: bank, music)");
  }
}
