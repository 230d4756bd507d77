package dev.etl.pipelines.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The report as one self-contained HTML page (jsoup builds and escapes it): inline CSS and inline
 * SVG charts, no script, font or image from anywhere else, so it opens offline from a file or an S3
 * object.
 */
final class Page {
  private static final String CSS =
      String.join(
          "\n",
          "body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;margin:0 auto;max-width:960px;padding:24px;color:#222;line-height:1.45}",
          "h1{font-size:26px;margin-bottom:4px}h2{font-size:21px;border-bottom:2px solid #1f77b4;padding-bottom:4px;margin-top:40px}",
          "h3{font-size:16px;margin:22px 0 6px}p.meta{color:#666;margin-top:0}",
          "nav ul{columns:2;padding-left:18px}",
          "figure{margin:18px 0 26px;padding:8px;border:1px solid #e3e3e3;border-radius:6px}",
          "figure svg{width:100%;height:auto;display:block}",
          "figcaption{font-size:14px;color:#444;margin-top:6px}",
          "dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:8px;margin:12px 0}",
          "dl.figures div{background:#f5f8fb;border-radius:6px;padding:8px 10px}",
          "dl.figures dt{font-size:12px;color:#555}dl.figures dd{margin:0;font-size:19px;font-weight:600}",
          "table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0 18px}",
          "th,td{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top}",
          "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
          "td code{font-size:12px;word-break:break-all}caption{text-align:left;font-size:14px;color:#444;padding-bottom:4px}",
          "details{margin:8px 0 18px}summary{cursor:pointer;font-weight:600}");

  private Page() {}

  static Document render(String title, String subtitle, List<Blocks.Section> sections) {
    Document doc = Document.createShell("");
    doc.outputSettings().prettyPrint(false);
    doc.head().appendElement("meta").attr("charset", "utf-8");
    doc.head()
        .appendElement("meta")
        .attr("name", "viewport")
        .attr("content", "width=device-width, initial-scale=1");
    doc.title(title);
    doc.head().appendElement("style").appendChild(new DataNode(CSS));
    Element body = doc.body();
    body.appendElement("h1").text(title);
    body.appendElement("p").addClass("meta").text(subtitle);
    Element toc = body.appendElement("nav").appendElement("ul");
    for (Blocks.Section section : sections) {
      toc.appendElement("li")
          .appendElement("a")
          .attr("href", "#" + section.id())
          .text(section.title());
      Element s = body.appendElement("section").id(section.id());
      s.appendElement("h2").text(section.title());
      if (section.intro() != null) {
        s.appendElement("p").text(section.intro());
      }
      section.blocks().forEach(block -> append(s, block));
    }
    return doc;
  }

  private static void append(Element parent, Blocks.Block block) {
    if (block instanceof Blocks.Figures figures) {
      Element list = parent.appendElement("dl").addClass("figures").id(figures.id());
      for (Blocks.Figure figure : figures.items()) {
        Element item = list.appendElement("div");
        item.appendElement("dt").text(figure.label());
        item.appendElement("dd").attr("data-figure", figure.key()).text(format(figure.value()));
      }
    } else if (block instanceof Blocks.Table table) {
      Element holder = parent;
      if (table.rows().size() > 12) { // long tables (column profiles) fold away
        holder = parent.appendElement("details");
        holder.appendElement("summary").text(table.title() + " (" + table.rows().size() + " rows)");
      } else {
        parent.appendElement("h3").text(table.title());
      }
      Element t = holder.appendElement("table").id(table.id());
      t.appendElement("caption").text(table.caption());
      Element head = t.appendElement("thead").appendElement("tr");
      table.columns().values().forEach(heading -> head.appendElement("th").text(heading));
      Element rows = t.appendElement("tbody");
      for (Map<String, Object> row : table.rows()) {
        Element tr = rows.appendElement("tr");
        for (String key : table.columns().keySet()) {
          Object value = row.get(key);
          Element td = tr.appendElement("td").attr("data-key", key);
          if (value instanceof Number) {
            td.addClass("num").text(format(value));
          } else if (key.equals("example") || key.equals("min") || key.equals("max")) {
            td.appendElement("code").text(value == null ? "" : String.valueOf(value));
          } else {
            td.text(value == null ? "(null)" : String.valueOf(value));
          }
        }
      }
    } else if (block instanceof Blocks.Chart chart) {
      Element figure =
          parent.appendElement("figure").id(chart.id()).attr("data-chart", chart.title());
      figure.append(chart.svg());
      figure.appendElement("figcaption").text(chart.caption());
    }
  }

  /** Integers with thousands separators; shares (doubles) with one decimal as they come. */
  static String format(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof java.math.BigInteger) {
      return String.format(Locale.US, "%,d", ((Number) value).longValue());
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? String.format(Locale.US, "%,d", (long) d)
          : String.format(Locale.US, "%,.2f", d);
    }
    return value == null ? "(null)" : String.valueOf(value);
  }
}
