import java.nio.file.*;
import java.sql.*;
/**
 * Runs SQL with DuckDB (JDBC) and prints the rows of the last statement: the benchmarks check what
 * was written with it, and run their DuckDB baselines with it.
 *   DuckQuery "SELECT ..."                       one query
 *   DuckQuery --file script.sql NAME=VALUE ...   a script, ${NAME} replaced; statements end with ";" at a line end
 */
public class DuckQuery { public static void main(String[] a) throws Exception {
  String sql = a[0];
  if (a[0].equals("--file")) {
    sql = Files.readString(Path.of(a[1]));
    for (int i = 2; i < a.length; i++) { String[] kv = a[i].split("=", 2); sql = sql.replace("${" + kv[0] + "}", kv[1]); }
  }
  java.util.List<String> statements = java.util.Arrays.stream(sql.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\n|$)"))
      .filter(x -> !x.isBlank()).toList();
  try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
    for (String statement : statements.subList(0, statements.size() - 1)) s.execute(statement);
    try (ResultSet r = s.executeQuery(statements.get(statements.size() - 1))) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) { StringBuilder b = new StringBuilder(); for (int i = 1; i <= n; i++) b.append(r.getObject(i)).append(' '); System.out.println(b); }
    } } } }
