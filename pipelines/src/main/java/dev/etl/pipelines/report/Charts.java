package dev.etl.pipelines.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts: JFreeChart plots of query rows, rendered to inline SVG by JFreeSVG. Every
 * chart has a title, axis labels with units and numbers with thousands separators.
 */
final class Charts {
  static final int WIDTH = 880;
  static final int HEIGHT = 400;
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
  private static final Font TITLE = new Font("SansSerif", Font.BOLD, 16);
  private static final Font LABEL = new Font("SansSerif", Font.PLAIN, 13);
  private static final Font TICK = new Font("SansSerif", Font.PLAIN, 12);
  private static final Paint[] SERIES = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };

  static {
    // rotated labels (the value axis) as SVG text, not glyph outlines: readable, searchable,
    // smaller
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private Charts() {}

  static NumberFormat integers() {
    NumberFormat format = NumberFormat.getIntegerInstance(Locale.US);
    format.setGroupingUsed(true);
    return format;
  }

  /** What every chart has: its id, title, caption and axis labels. */
  record Spec(String id, String title, String caption, String xAxis, String yAxis) {}

  /** One bar per row; {@code label} writes the text at the end of each bar (null: the value). */
  static Blocks.Chart bar(
      Spec spec,
      List<Map<String, Object>> rows,
      String categoryKey,
      String valueKey,
      boolean horizontal,
      Function<Map<String, Object>, String> label) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<String> labels = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      data.addValue(number(row.get(valueKey)), spec.yAxis(), String.valueOf(row.get(categoryKey)));
      labels.add(label == null ? integers().format(number(row.get(valueKey))) : label.apply(row));
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            spec.title(),
            spec.xAxis(),
            spec.yAxis(),
            data,
            horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL,
            false,
            false,
            false);
    CategoryPlot plot = styleCategory(chart, HEIGHT);
    if (horizontal) {
      plot.getDomainAxis()
          .setMaximumCategoryLabelWidthRatio(
              0.45f); // long names (tracks) get up to 45 % of the width
    }
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator() {
          @Override
          public String generateLabel(CategoryDataset dataset, int row, int column) {
            return labels.get(column);
          }
        });
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(TICK);
    renderer.setDefaultPositiveItemLabelPosition(
        horizontal
            ? new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT)
            : new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
    plot.getRangeAxis().setUpperMargin(horizontal ? 0.25 : 0.12); // room for the labels
    return render(spec, chart, rows);
  }

  /** Bars of several series side by side per category (e.g. two ways to compute the same ages). */
  static Blocks.Chart groupedBar(
      Spec spec,
      List<Map<String, Object>> rows,
      String categoryKey,
      Map<String, String> seriesKeys) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map<String, Object> row : rows) {
      seriesKeys.forEach(
          (key, name) ->
              data.addValue(number(row.get(key)), name, String.valueOf(row.get(categoryKey))));
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            spec.title(),
            spec.xAxis(),
            spec.yAxis(),
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    CategoryPlot plot = styleCategory(chart, HEIGHT);
    ((BarRenderer) plot.getRenderer()).setItemMargin(0.02);
    return render(spec, chart, rows);
  }

  /**
   * Daily values as lines, one per series ({@code seriesKey} null: a single series named by the
   * value axis).
   */
  static Blocks.Chart daily(
      Spec spec,
      List<Map<String, Object>> rows,
      String dateKey,
      String valueKey,
      String seriesKey,
      boolean logY) {
    Map<String, TimeSeries> series = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      String name = seriesKey == null ? spec.yAxis() : String.valueOf(row.get(seriesKey));
      LocalDate day = LocalDate.parse(String.valueOf(row.get(dateKey)));
      series
          .computeIfAbsent(name, TimeSeries::new)
          .addOrUpdate(
              new Day(day.getDayOfMonth(), day.getMonthValue(), day.getYear()),
              number(row.get(valueKey)));
    }
    TimeSeriesCollection data = new TimeSeriesCollection(UTC);
    series.values().forEach(data::addSeries);
    JFreeChart chart =
        ChartFactory.createTimeSeriesChart(
            spec.title(), spec.xAxis(), spec.yAxis(), data, seriesKey != null, false, false);
    XYPlot plot = styleXY(chart);
    DateAxis dates = (DateAxis) plot.getDomainAxis();
    dates.setTimeZone(UTC);
    SimpleDateFormat format = new SimpleDateFormat("d MMM yyyy", Locale.US);
    format.setTimeZone(UTC);
    dates.setDateFormatOverride(format);
    if (logY) {
      LogAxis log = decades(new LogAxis(spec.yAxis()));
      log.setSmallestValue(0.8);
      log.setTickLabelFont(TICK);
      log.setLabelFont(LABEL);
      plot.setRangeAxis(log);
    } else {
      // from zero: a flat series must look flat, not like ±2 % noise blown up to the full height
      ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
    }
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
      // sparse daily counts (log scale) as points: a line would bridge days without hits
      renderer.setSeriesShapesVisible(i, logY);
      renderer.setSeriesLinesVisible(i, !logY);
    }
    return render(spec, chart, rows);
  }

  /** A histogram over bins {@code [lo, hi)} on a log-scale x axis (and a log y axis when asked). */
  static Blocks.Chart logHistogram(Spec spec, List<Map<String, Object>> rows, boolean logY) {
    XYIntervalSeries bins = new XYIntervalSeries(spec.yAxis());
    for (Map<String, Object> row : rows) {
      double lo = number(row.get("bin_low"));
      double hi = number(row.get("bin_high"));
      double count = number(row.get("count"));
      bins.add(Math.sqrt(lo * hi), lo, hi, count, logY ? 0.5 : 0, count);
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    data.addSeries(bins);
    LogAxis x = decades(new LogAxis(spec.xAxis()));
    x.setSmallestValue(0.01);
    ValueAxis y;
    if (logY) {
      LogAxis logAxis = decades(new LogAxis(spec.yAxis()));
      logAxis.setSmallestValue(0.5);
      y = logAxis;
    } else {
      NumberAxis linear = new NumberAxis(spec.yAxis());
      linear.setNumberFormatOverride(integers());
      y = linear;
    }
    XYBarRenderer renderer = new XYBarRenderer();
    renderer.setUseYInterval(true);
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(true);
    renderer.setSeriesOutlinePaint(0, Color.WHITE);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    JFreeChart chart = new JFreeChart(spec.title(), TITLE, plot, false);
    styleXY(chart);
    return render(spec, chart, rows);
  }

  /** A line through (x, y) points. */
  static Blocks.Chart line(Spec spec, List<Map<String, Object>> rows, String xKey, String yKey) {
    XYSeries points = new XYSeries(spec.yAxis());
    rows.forEach(row -> points.add(number(row.get(xKey)), number(row.get(yKey))));
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            spec.title(),
            spec.xAxis(),
            spec.yAxis(),
            new XYSeriesCollection(points),
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    XYPlot plot = styleXY(chart);
    ((NumberAxis) plot.getDomainAxis())
        .setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.US));
    plot.getRenderer().setSeriesStroke(0, new BasicStroke(2.5f));
    return render(spec, chart, rows);
  }

  /** Ticks at powers of ten only (1, 10, 100, 1,000 ...), with thousands separators. */
  private static LogAxis decades(LogAxis axis) {
    axis.setStandardTickUnits(
        NumberAxis.createIntegerTickUnits(Locale.US)); // steps of whole exponents
    axis.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.US));
    axis.setMinorTickMarksVisible(true);
    return axis;
  }

  private static CategoryPlot styleCategory(JFreeChart chart, int height) {
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setOutlineVisible(false);
    CategoryAxis categories = plot.getDomainAxis();
    categories.setTickLabelFont(TICK);
    categories.setLabelFont(LABEL);
    categories.setMaximumCategoryLabelLines(2);
    NumberAxis values = (NumberAxis) plot.getRangeAxis();
    values.setNumberFormatOverride(integers());
    values.setTickLabelFont(TICK);
    values.setLabelFont(LABEL);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setMaximumBarWidth(0.08);
    for (int i = 0; i < SERIES.length; i++) {
      renderer.setSeriesPaint(i, SERIES[i]);
    }
    return plot;
  }

  private static XYPlot styleXY(JFreeChart chart) {
    style(chart);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setOutlineVisible(false);
    for (ValueAxis axis : new ValueAxis[] {plot.getDomainAxis(), plot.getRangeAxis()}) {
      axis.setTickLabelFont(TICK);
      axis.setLabelFont(LABEL);
      if (axis.getClass() == NumberAxis.class) { // not the log or date axes, which format their own
        ((NumberAxis) axis).setNumberFormatOverride(integers());
      }
    }
    plot.getRenderer().setSeriesPaint(0, SERIES[0]);
    return plot;
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setTitle(new TextTitle(chart.getTitle().getText(), TITLE));
    chart.setAntiAlias(true);
    // room on the right for the last tick label of a horizontal value axis ("1,200,000" was cut
    // off)
    chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 28));
    if (chart.getLegend() != null) {
      chart.getLegend().setItemFont(TICK);
      chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
  }

  private static Blocks.Chart render(Spec spec, JFreeChart chart, List<Map<String, Object>> rows) {
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
    // several SVGs share one page: their clip path ids must differ
    g2.setDefsKeyPrefix(spec.id() + "-");
    chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
    String svg =
        g2.getSVGElement(spec.id() + "-svg", true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    return new Blocks.Chart(
        spec.id(), spec.title(), spec.caption(), spec.xAxis(), spec.yAxis(), svg, rows);
  }

  static double number(Object value) {
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
