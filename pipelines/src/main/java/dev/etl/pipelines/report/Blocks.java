package dev.etl.pipelines.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report section holds; each block is rendered both into the HTML page and into the JSON
 * file.
 */
final class Blocks {
  private Blocks() {}

  sealed interface Block permits Figures, Table, Chart {
    String id();
  }

  /** A section of the page: one data set's view (data quality, a topic). */
  record Section(String id, String title, String intro, List<Block> blocks) {}

  /** Key figures: a short list of labelled numbers. */
  record Figures(String id, List<Figure> items) implements Block {}

  /** One number; {@code key} names it in the JSON file and in the page's data-figure attribute. */
  record Figure(String key, String label, Object value) {}

  /** A table of query rows; {@code columns} maps a row key to its column heading. */
  record Table(
      String id,
      String title,
      String caption,
      Map<String, String> columns,
      List<Map<String, Object>> rows)
      implements Block {}

  /** A chart: its inline SVG, and its data as plotted. */
  record Chart(
      String id,
      String title,
      String caption,
      String xAxis,
      String yAxis,
      String svg,
      List<Map<String, Object>> data)
      implements Block {}

  /** A table row from alternating keys and values, in that order. */
  static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }

  /** A table's columns from alternating row keys and headings, in that order. */
  static Map<String, String> columns(String... keysAndHeadings) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < keysAndHeadings.length; i += 2) {
      columns.put(keysAndHeadings[i], keysAndHeadings[i + 1]);
    }
    return columns;
  }
}
