package dev.etl.pipelines.report;

import dev.etl.pipelines.common.ReadOnlyDuckDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory DuckDB that reads the published Parquet and dead letters: every figure of the report
 * is a query.
 */
final class Db implements AutoCloseable {
  private final Connection connection;

  /** Reads files under {@code folders} only (see ReadOnlyDuckDb). */
  Db(List<String> folders) throws SQLException {
    connection = ReadOnlyDuckDb.open(folders);
  }

  /**
   * Rows as ordered maps (column label to a JDBC value; DATE as java.sql.Date, BIGINT as Long,
   * ...).
   */
  List<Map<String, Object>> rows(String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = rs.getObject(i);
          row.put(
              meta.getColumnLabel(i),
              value instanceof java.sql.Date d ? d.toLocalDate().toString() : value);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  Map<String, Object> row(String sql) throws SQLException {
    List<Map<String, Object>> rows = rows(sql);
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }

  long count(String sql) throws SQLException {
    Object value = row(sql).values().iterator().next();
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** A query's {@code k, n} rows as a map, in the query's order. */
  Map<String, Long> counts(String sql) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map<String, Object> row : rows(sql)) {
      counts.put(String.valueOf(row.get("k")), ((Number) row.get("n")).longValue());
    }
    return counts;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
