import java.sql.*;
/** Runs one SQL query with DuckDB (JDBC) and prints the rows: the benchmark checks what was written. */
public class DuckQuery { public static void main(String[] a) throws Exception {
  try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement(); ResultSet r = s.executeQuery(a[0])) {
    int n = r.getMetaData().getColumnCount();
    while (r.next()) { StringBuilder b = new StringBuilder(); for (int i = 1; i <= n; i++) b.append(r.getObject(i)).append(' '); System.out.println(b); }
  } } }
