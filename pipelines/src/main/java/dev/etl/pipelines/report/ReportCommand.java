package dev.etl.pipelines.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.etl.pipelines.common.CommandArgs;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./etl report --bank=DIR --music=DIR --output=FILE.html}: an EDA and data-quality report on
 * the jobs' published output, as one self-contained HTML page plus {@code FILE.json} with every
 * figure, table and chart's data that the page shows.
 */
public final class ReportCommand {
  static final String USAGE =
      "Usage: ./etl report [--bank=DIR] [--music=DIR] --output=FILE.html\n\n"
          + "Reads the published output of ./etl bank and/or ./etl music (Parquet, dead letters, _SUMMARY.json) with DuckDB\n"
          + "and writes one self-contained HTML page (charts inline, opens offline) plus FILE.json with every figure shown.\n"
          + "  --bank=DIR     the --output folder of a bank run\n"
          + "  --music=DIR    the --output folder of a music run (at least one of the two)\n"
          + "  --output=FILE  the page to write, ending in .html; FILE.json is written next to it";
  private static final Set<String> OPTIONS = Set.of("bank", "music", "output");

  private ReportCommand() {}

  public static int run(List<String> args) throws IOException {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return 0;
    }
    CommandArgs.requireKnown("report", args, OPTIONS, " (see ./etl report --help)");
    String bank = RunnerProfiles.valueOf(args, "bank");
    String music = RunnerProfiles.valueOf(args, "music");
    String output = RunnerProfiles.valueOf(args, "output");
    if (output == null || !output.endsWith(".html") || bank == null && music == null) {
      throw new UserError(
          "report needs --output=FILE.html and at least one of --bank=DIR and --music=DIR (see ./etl report --help)");
    }
    Path html = Path.of(output).toAbsolutePath();
    Path json =
        html.resolveSibling(html.getFileName().toString().replaceFirst("\\.html$", ".json"));
    Report report =
        build(
            bank == null ? null : PublishedOutput.open("bank", bank),
            music == null ? null : PublishedOutput.open("music", music));
    Files.createDirectories(html.getParent());
    Files.writeString(html, report.html(), StandardCharsets.UTF_8);
    Files.writeString(json, report.json(), StandardCharsets.UTF_8);
    System.out.println(
        "report: "
            + html
            + " ("
            + report.sections().size()
            + " sections, "
            + report.charts()
            + " charts)");
    System.out.println("figures: " + json);
    return 0;
  }

  /** The page and its figures. */
  record Report(
      String title, String subtitle, List<Blocks.Section> sections, Map<String, Object> summaries) {
    String html() {
      return Page.render(title, subtitle, sections).outerHtml();
    }

    long charts() {
      return sections.stream()
          .flatMap(s -> s.blocks().stream())
          .filter(b -> b instanceof Blocks.Chart)
          .count();
    }

    /**
     * figures {key: value}, charts {id: title, caption, axes, data}, tables {id: ...}, the
     * summaries read, the sections.
     */
    String json() throws IOException {
      Map<String, Object> figures = new LinkedHashMap<>();
      Map<String, Object> charts = new LinkedHashMap<>();
      Map<String, Object> tables = new LinkedHashMap<>();
      List<Map<String, Object>> toc = new ArrayList<>();
      for (Blocks.Section section : sections) {
        List<String> ids = new ArrayList<>();
        for (Blocks.Block block : section.blocks()) {
          ids.add(block.id());
          if (block instanceof Blocks.Figures f) {
            f.items().forEach(item -> figures.put(item.key(), item.value()));
          } else if (block instanceof Blocks.Chart c) {
            charts.put(
                c.id(),
                Blocks.row(
                    "title",
                    c.title(),
                    "caption",
                    c.caption(),
                    "x_axis",
                    c.xAxis(),
                    "y_axis",
                    c.yAxis(),
                    "data",
                    c.data()));
          } else if (block instanceof Blocks.Table t) {
            tables.put(
                t.id(),
                Blocks.row(
                    "title",
                    t.title(),
                    "caption",
                    t.caption(),
                    "columns",
                    t.columns(),
                    "rows",
                    t.rows()));
          }
        }
        toc.add(Blocks.row("id", section.id(), "title", section.title(), "blocks", ids));
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("title", title);
      root.put("generated", subtitle);
      root.put("sections", toc);
      root.put("figures", figures);
      root.put("charts", charts);
      root.put("tables", tables);
      root.put("summaries", summaries);
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + "\n";
    }
  }

  static Report build(PublishedOutput bank, PublishedOutput music) {
    List<Blocks.Section> sections = new ArrayList<>();
    Map<String, Object> summaries = new LinkedHashMap<>();
    List<String> folders = new ArrayList<>();
    for (PublishedOutput output : new PublishedOutput[] {bank, music}) {
      if (output != null) {
        folders.add(output.dir().toString());
      }
    }
    try (Db db = new Db(folders)) {
      if (bank != null) {
        sections.addAll(BankReport.sections(db, bank));
        summaries.put("bank", bank.summary());
      }
      if (music != null) {
        sections.addAll(MusicReport.sections(db, music));
        summaries.put("music", music.summary());
      }
    } catch (SQLException e) {
      throw new UserError(
          "the report could not read the job output: "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
    String title = "Data report: " + String.join(" and ", summaries.keySet());
    String subtitle =
        "Generated "
            + Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z")
            + " by ./etl report from the published output of "
            + String.join(" and ", summaries.keySet().stream().map(job -> "./etl " + job).toList())
            + ".";
    return new Report(title, subtitle, sections, summaries);
  }
}
