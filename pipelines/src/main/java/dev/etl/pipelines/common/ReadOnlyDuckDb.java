package dev.etl.pipelines.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-memory DuckDB that {@code query} and {@code report} read job outputs with: it can open
 * files only under the folders it was given (DuckDB's {@code allowed_directories} with {@code
 * enable_external_access = false}: no other file, no network, no extension install or load, {@code
 * ATTACH} of nothing outside), and its configuration is locked so no SQL can undo that. {@link
 * #requireOneQuery} refuses, before anything runs, SQL that is not exactly one SELECT: writing
 * statements ({@code COPY ... TO} a file inside an allowed folder) would still pass the folder
 * rule.
 */
public final class ReadOnlyDuckDb {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FIRST_WORD =
      Pattern.compile("\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/)*([A-Za-z_]+)", Pattern.DOTALL);

  private ReadOnlyDuckDb() {}

  /**
   * A connection that reads files under {@code folders} (absolute local paths) and nothing else.
   */
  public static Connection open(List<String> folders) throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = db.createStatement()) {
      StringBuilder list = new StringBuilder();
      for (String folder : folders) {
        list.append(list.length() == 0 ? "" : ", ").append(literal(folder));
      }
      // the order matters: allowed_directories can only be set while external access is on
      st.execute("SET allowed_directories = [" + list + "]");
      st.execute("SET enable_external_access = false");
      st.execute("SET autoinstall_known_extensions = false");
      st.execute("SET autoload_known_extensions = false");
      st.execute("SET lock_configuration = true");
    } catch (SQLException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /**
   * A {@link UserError} unless {@code sql} is exactly one SELECT statement (WITH, VALUES, FROM ...
   * included). DuckDB's own parser decides: {@code json_serialize_sql} serialises SELECT statements
   * only and executes nothing, so no keyword list of ours can fall behind DuckDB's grammar.
   */
  public static void requireOneQuery(Connection db, String sql) throws SQLException {
    JsonNode parsed;
    try (PreparedStatement st =
        db.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
      st.setString(1, sql);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        parsed = JSON.readTree(rs.getString(1));
      }
    } catch (IOException e) {
      throw new IllegalStateException("DuckDB's json_serialize_sql gave no JSON", e);
    }
    if (parsed.path("error").asBoolean(false)) {
      String type = parsed.path("error_type").asText("");
      if (type.equals("parser")) {
        throw new UserError(
            "the query failed: Parser Error: " + parsed.path("error_message").asText());
      }
      throw new UserError(
          "query runs only a read-only SELECT (WITH, VALUES and FROM ... included), not "
              + firstWord(sql)
              + "; nothing was run");
    }
    int statements = parsed.path("statements").size();
    if (statements != 1) {
      throw new UserError(
          statements == 0
              ? "the SQL holds no statement: give one SELECT"
              : "query runs one SELECT at a time, and this SQL holds "
                  + statements
                  + " statements; nothing was run");
    }
  }

  /** For the message only (the parser decides): the statement's first keyword, upper case. */
  static String firstWord(String sql) {
    Matcher m = FIRST_WORD.matcher(sql);
    return m.find() ? m.group(1).toUpperCase(java.util.Locale.ROOT) : "non-SELECT";
  }

  /** A SQL string literal (paths may hold quotes). */
  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
