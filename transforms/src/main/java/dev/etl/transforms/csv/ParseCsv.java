package dev.etl.transforms.csv;

import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.Outcome;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.Rejection;
import dev.etl.transforms.core.RowMapper;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.core.StepResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Parses CSV lines (RFC 4180, via Commons CSV) into typed records with a dataset-specific {@link
 * RowMapper}. Every line that fails goes to the dead letters with its source and a reason: {@code
 * blank_line}, {@code bad_encoding} (bytes not valid in the file's encoding), {@code
 * malformed_csv}, {@code control_character} (NUL or another control character inside a field),
 * {@code wrong_column_count}, or the mapper's own reason (the mappers reject a line equal to the
 * header as {@code repeated_header}, see {@link CsvFormats#rejectRepeatedHeader}). It also counts
 * the lines it read ({@value #LINES_READ} in {@link StepResult#counts()}), per bundle and in the
 * global window at its end: batch only.
 */
public class ParseCsv<T> extends PTransform<PCollection<SourceLine>, StepResult<Parsed<T>>> {
  public static final String BLANK_LINE = "blank_line";
  public static final String MALFORMED_CSV = "malformed_csv";
  public static final String BAD_ENCODING = "bad_encoding";
  public static final String CONTROL_CHARACTER = "control_character";
  public static final String WRONG_COLUMN_COUNT = "wrong_column_count";
  public static final String REPEATED_HEADER = "repeated_header";
  public static final String LINES_READ = "lines_read";

  private final int columns;
  private final RowMapper<T> mapper;
  private final Coder<T> coder;

  private ParseCsv(int columns, RowMapper<T> mapper, Coder<T> coder) {
    this.columns = columns;
    this.mapper = mapper;
    this.coder = coder;
  }

  public static <T> ParseCsv<T> of(int columns, RowMapper<T> mapper, Coder<T> coder) {
    return new ParseCsv<>(columns, mapper, coder);
  }

  @Override
  public StepResult<Parsed<T>> expand(PCollection<SourceLine> lines) {
    TupleTag<Parsed<T>> parsedTag = new TupleTag<>() {};
    TupleTag<DeadLetter> rejectedTag = new TupleTag<>() {};
    TupleTag<KV<String, Long>> countsTag = new TupleTag<>() {};
    PCollectionTuple out =
        lines.apply(
            "ParseLines",
            ParDo.of(new ParseFn<>(columns, mapper, parsedTag, rejectedTag, countsTag))
                .withOutputTags(parsedTag, TupleTagList.of(rejectedTag).and(countsTag)));
    PCollection<Parsed<T>> parsed = out.get(parsedTag).setCoder(Parsed.coder(coder));
    PCollection<DeadLetter> rejected = out.get(rejectedTag).setCoder(DeadLetter.Coder.of());
    PCollection<KV<String, Long>> counts =
        out.get(countsTag).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return new StepResult<>(parsed, rejected, counts);
  }

  /**
   * The same parsing as one element per line, good or rejected, for a large input that goes on
   * through a chain of steps before it is split (see {@link Outcome}). No line count: every line
   * gives exactly one outcome, so the step that splits them counts.
   */
  public static <T> PTransform<PCollection<SourceLine>, PCollection<Outcome<Parsed<T>>>> toOutcomes(
      int columns, RowMapper<T> mapper, Coder<T> coder) {
    return new PTransform<>() {
      @Override
      public PCollection<Outcome<Parsed<T>>> expand(PCollection<SourceLine> lines) {
        return lines
            .apply(
                "ParseLines",
                ParDo.of(
                    new DoFn<SourceLine, Outcome<Parsed<T>>>() {
                      @ProcessElement
                      public void process(
                          @Element SourceLine line, OutputReceiver<Outcome<Parsed<T>>> out) {
                        out.output(parseLine(line, columns, mapper));
                      }
                    }))
            .setCoder(Outcome.coder(Parsed.coder(coder)));
      }
    };
  }

  /** One line to a typed record, or to a dead letter with the reason. */
  public static <T> Outcome<Parsed<T>> parseLine(
      SourceLine line, int columns, RowMapper<T> mapper) {
    if (line.raw().isBlank()) {
      return Outcome.rejected(DeadLetter.of(line, BLANK_LINE, "empty line"));
    }
    if (line.encodingError() != null) {
      return Outcome.rejected(DeadLetter.of(line, BAD_ENCODING, line.encodingError()));
    }
    String[] fields;
    try {
      fields = CsvFormats.split(line.raw());
    } catch (CsvFormats.MalformedLineException e) {
      return Outcome.rejected(DeadLetter.of(line, MALFORMED_CSV, e.getMessage()));
    }
    // the line parsed, so a control character in it is inside a field (delimiters are ',' and '"')
    if (CsvFormats.hasControlCharacter(line.raw())) {
      return Outcome.rejected(
          DeadLetter.of(line, CONTROL_CHARACTER, CsvFormats.describeControlCharacter(fields)));
    }
    if (fields.length != columns) {
      return Outcome.rejected(
          DeadLetter.of(
              line,
              WRONG_COLUMN_COUNT,
              "expected " + columns + " columns, found " + fields.length));
    }
    try {
      return Outcome.good(new Parsed<>(line, mapper.map(fields)));
    } catch (Rejection r) {
      return Outcome.rejected(DeadLetter.of(line, r.reason(), r.detail()));
    }
  }

  static final class ParseFn<T> extends DoFn<SourceLine, Parsed<T>> {
    private final int columns;
    private final RowMapper<T> mapper;
    private final TupleTag<Parsed<T>> parsedTag;
    private final TupleTag<DeadLetter> rejectedTag;
    private final TupleTag<KV<String, Long>> countsTag;
    private transient long linesRead;

    ParseFn(
        int columns,
        RowMapper<T> mapper,
        TupleTag<Parsed<T>> parsedTag,
        TupleTag<DeadLetter> rejectedTag,
        TupleTag<KV<String, Long>> countsTag) {
      this.columns = columns;
      this.mapper = mapper;
      this.parsedTag = parsedTag;
      this.rejectedTag = rejectedTag;
      this.countsTag = countsTag;
    }

    @StartBundle
    public void startBundle() {
      linesRead = 0;
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (linesRead > 0) {
        context.output(
            countsTag,
            KV.of(LINES_READ, linesRead),
            GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
    }

    @ProcessElement
    public void process(@Element SourceLine line, MultiOutputReceiver out) {
      linesRead++;
      Outcome<Parsed<T>> outcome = parseLine(line, columns, mapper);
      if (outcome.isGood()) {
        out.get(parsedTag).output(outcome.value());
      } else {
        out.get(rejectedTag).output(outcome.rejected());
      }
    }
  }
}
