package dev.etl.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a generator draws from (names, locations, genres, ...), read from a UTF-8 resource next
 * to this class: {@code [list name]} starts a list, then one value per line, with tab-separated
 * columns for tables; values are trimmed, blank lines and lines starting with {@code #} skipped.
 * The order of the values is part of the output: the same seed picks by index.
 */
final class Vocabulary {
  private final String resource;
  private final Map<String, List<String>> lists;

  private Vocabulary(String resource, Map<String, List<String>> lists) {
    this.resource = resource;
    this.lists = lists;
  }

  static Vocabulary load(String resource) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    try (InputStream in = Vocabulary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> current = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String value = line.strip();
        if (value.isEmpty() || value.startsWith("#")) {
          continue;
        }
        if (value.startsWith("[") && value.endsWith("]")) {
          current = new ArrayList<>();
          lists.put(value.substring(1, value.length() - 1), current);
        } else if (current == null) {
          throw new IllegalStateException(resource + ": a value before the first [list]: " + value);
        } else {
          current.add(value);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Vocabulary(resource, lists);
  }

  String[] words(String list) {
    return values(list).toArray(String[]::new);
  }

  /** A list of {@code value TAB weight} lines. */
  GeneratorSupport.Weighted weighted(String list) {
    List<String[]> rows = table(list, 2);
    int[] weights = rows.stream().mapToInt(r -> Integer.parseInt(r[1])).toArray();
    return GeneratorSupport.Weighted.of(rows.stream().map(r -> r[0]).toList(), weights);
  }

  /** A list of tab-separated rows of {@code columns} columns each, trimmed. */
  List<String[]> table(String list, int columns) {
    List<String[]> rows = new ArrayList<>();
    for (String line : values(list)) {
      String[] row = line.split("\t+");
      if (row.length != columns) {
        throw new IllegalStateException(
            resource + " [" + list + "]: " + columns + " tab-separated columns expected: " + line);
      }
      for (int i = 0; i < row.length; i++) {
        row[i] = row[i].strip();
      }
      rows.add(row);
    }
    return rows;
  }

  private List<String> values(String list) {
    List<String> values = lists.get(list);
    if (values == null || values.isEmpty()) {
      throw new IllegalStateException(resource + ": no list [" + list + "]");
    }
    return values;
  }
}
