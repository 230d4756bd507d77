package dev.etl.generator;

import static dev.etl.generator.GeneratorSupport.pick;

import dev.etl.generator.GeneratorSupport.Weighted;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The words of the track catalog, from {@code music-vocabulary.txt}: genres (name, weight, sound,
 * tags), tag lists, track names and artist names with commas, quotes, accents and some CJK.
 */
final class TrackWords {
  private static final Vocabulary WORDS = Vocabulary.load("music-vocabulary.txt");

  /** Per genre: name, weight, sound, tags (see the resource). */
  private static final List<String[]> GENRE_TABLE = WORDS.table("genres", 9);

  static final Weighted GENRES =
      Weighted.of(
          GENRE_TABLE.stream().map(g -> g[0]).toList(),
          GENRE_TABLE.stream().mapToInt(g -> Integer.parseInt(g[1])).toArray());

  /**
   * Per genre: danceability, energy, acousticness median, speechiness median, P(instrumental),
   * valence.
   */
  private static final double[][] GENRE_SOUND =
      GENRE_TABLE.stream()
          .map(g -> Arrays.stream(g, 2, 8).mapToDouble(Double::parseDouble).toArray())
          .toArray(double[][]::new);

  private static final String[][] GENRE_TAGS =
      GENRE_TABLE.stream().map(g -> g[8].split(" ")).toArray(String[][]::new);
  private static final String[] GENERIC_TAGS = WORDS.words("generic tags");

  /** Tags per tagged track, 1..8. */
  private static final Weighted TAG_COUNTS =
      Weighted.of(List.of(), new int[] {9, 10, 12, 12, 11, 10, 9, 27});

  private static final String[] NOUNS = WORDS.words("nouns");
  private static final String[] ADJECTIVES = WORDS.words("adjectives");
  private static final String[] VERBS = WORDS.words("verbs");
  private static final String[] OBJECTS = WORDS.words("objects");
  private static final String[] STYLES = WORDS.words("styles");
  private static final String[] INTERJECTIONS = WORDS.words("interjections");
  private static final String[] FIRST_NAMES = WORDS.words("first names");
  private static final String[] LAST_NAMES = WORDS.words("last names");
  private static final String[] PLURALS = WORDS.words("plurals");
  private static final String[] NICKNAMES = WORDS.words("nicknames");
  private static final String[] TITLES = WORDS.words("titles");
  private static final String[] PREFIXES = WORDS.words("prefixes");
  private static final String[] DISAMBIGUATIONS = WORDS.words("disambiguations");
  private static final String[] ACCENTED_WORDS = WORDS.words("accented words");
  private static final String[] CJK_TITLES = WORDS.words("cjk titles");
  private static final String[] ACCENTED_ARTISTS = WORDS.words("accented artists");
  private static final String[] ACCENTED_FIRST_NAMES = WORDS.words("accented first names");
  private static final String[] ACCENTED_LAST_NAMES = WORDS.words("accented last names");
  private static final String[] CJK_ARTISTS = WORDS.words("cjk artists");
  private static final String[] JAPANESE_FAMILY_NAMES = WORDS.words("japanese family names");
  private static final String[] JAPANESE_GIVEN_NAMES = WORDS.words("japanese given names");
  private static final String[] KOREAN_FAMILY_NAMES = WORDS.words("korean family names");
  private static final String[] KOREAN_GIVEN_NAMES = WORDS.words("korean given names");

  private TrackWords() {}

  /** The genre's typical sound: see {@link #GENRE_SOUND}. */
  static double[] sound(int genre) {
    return GENRE_SOUND[genre];
  }

  /**
   * An artist name not in {@code used}, added to it: after 20 taken draws a namesake gets a
   * disambiguation ({@code (US)}, {@code (band)}, ...).
   */
  static String uniqueArtistName(Set<String> used, SplittableRandom r) {
    String name = artistName(r);
    for (int attempt = 0; !used.add(name); attempt++) {
      name = attempt < 20 ? artistName(r) : name + " " + pick(DISAMBIGUATIONS, r);
    }
    return name;
  }

  /** 1 to 8 distinct tags, mostly the genre's own, some of the decade, generic or another genre. */
  static String tags(int genre, int year, SplittableRandom r) {
    int count = 1 + TAG_COUNTS.pickIndex(r);
    String[] own = GENRE_TAGS[genre];
    String[] chosen = new String[count];
    int n = 0;
    chosen[n++] = r.nextDouble() < 0.9 ? own[0] : own[r.nextInt(own.length)];
    for (int attempt = 0; n < count && attempt < 4 * count; attempt++) {
      double u = r.nextDouble();
      String tag;
      if (u < 0.6) {
        tag = own[r.nextInt(own.length)];
      } else if (u < 0.75) {
        tag = decade(year);
      } else if (u < 0.9) {
        tag = GENERIC_TAGS[r.nextInt(GENERIC_TAGS.length)];
      } else {
        String[] other = GENRE_TAGS[GENRES.pickIndex(r)];
        tag = other[r.nextInt(other.length)];
      }
      boolean seen = false;
      for (int i = 0; i < n; i++) {
        seen |= chosen[i].equals(tag);
      }
      if (!seen) {
        chosen[n++] = tag;
      }
    }
    return String.join(", ", Arrays.copyOf(chosen, n));
  }

  private static String decade(int year) {
    int d = year / 10 % 10;
    return d + "0s";
  }

  static String trackName(SplittableRandom r) {
    double u = r.nextDouble();
    String name;
    if (u < 0.007) {
      name = pick(CJK_TITLES, r);
    } else if (u < 0.042) {
      name = accentedTitle(r);
    } else if (u < 0.072) {
      name = titleWithComma(r);
    } else if (u < 0.085) {
      name = titleWithQuotes(r);
    } else {
      name = plainTitle(r);
    }
    return name + version(r);
  }

  private static String accentedTitle(SplittableRandom r) {
    double v = r.nextDouble();
    return v < 0.55
        ? pick(ACCENTED_WORDS, r)
        : v < 0.8
            ? pick(ADJECTIVES, r) + " " + pick(ACCENTED_WORDS, r)
            : pick(ACCENTED_WORDS, r) + " " + pick(NOUNS, r);
  }

  private static String titleWithComma(SplittableRandom r) {
    double v = r.nextDouble();
    return v < 0.4
        ? pick(INTERJECTIONS, r) + ", " + pick(VERBS, r) + " " + pick(OBJECTS, r)
        : v < 0.6
            ? pick(INTERJECTIONS, r) + ", I " + pick(VERBS, r) + " You"
            : v < 0.8
                ? pick(NOUNS, r) + ", " + pick(NOUNS, r) + " and " + pick(NOUNS, r)
                : pick(ADJECTIVES, r) + ", " + pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
  }

  /** Quotes in a name are doubled in the file. */
  private static String titleWithQuotes(SplittableRandom r) {
    double v = r.nextDouble();
    return v < 0.35
        ? "Say \"" + pick(INTERJECTIONS, r) + "\""
        : v < 0.55
            ? "The \"" + pick(ADJECTIVES, r) + "\" " + pick(NOUNS, r)
            : v < 0.75
                ? "Theme from \"" + pick(ADJECTIVES, r) + " " + pick(NOUNS, r) + "\""
                : v < 0.9
                    ? "\"" + pick(NOUNS, r) + "\""
                    : "\"" + pick(INTERJECTIONS, r) + ",\" She Said";
  }

  private static String plainTitle(SplittableRandom r) {
    double v = r.nextDouble();
    if (v < 0.3) {
      double w = r.nextDouble();
      return w < 0.5 ? pick(NOUNS, r) : w < 0.8 ? pick(ADJECTIVES, r) : pick(VERBS, r);
    } else if (v < 0.52) {
      return pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
    } else if (v < 0.6) {
      return r.nextBoolean()
          ? "The " + pick(NOUNS, r)
          : "The " + pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
    } else if (v < 0.68) {
      return pick(VERBS, r) + " " + pick(OBJECTS, r);
    } else if (v < 0.74) {
      return pick(NOUNS, r)
          + " of "
          + (r.nextBoolean() ? pick(ADJECTIVES, r) + " " : "")
          + pick(NOUNS, r);
    } else if (v < 0.8) {
      double w = r.nextDouble();
      return w < 0.5
          ? "I " + pick(VERBS, r) + " You"
          : w < 0.75 ? "I Can't " + pick(VERBS, r) : "Don't " + pick(VERBS, r) + " Me";
    } else if (v < 0.85) {
      return pick(NOUNS, r) + " " + pick(NOUNS, r);
    } else if (v < 0.9) {
      return r.nextBoolean() ? "Song for " + pick(FIRST_NAMES, r) : pick(FIRST_NAMES, r);
    } else if (v < 0.95) {
      return "My " + pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
    }
    return pick(ADJECTIVES, r) + " " + pick(NOUNS, r) + " " + pick(STYLES, r);
  }

  /** Mostly nothing: a remix, live or acoustic version, or a featured artist or two. */
  private static String version(SplittableRandom r) {
    double s = r.nextDouble();
    if (s < 0.03) {
      return " (Remix)";
    } else if (s < 0.05) {
      return " - Live";
    } else if (s < 0.065) {
      return " (Acoustic)";
    } else if (s < 0.075) {
      return " (feat. " + pick(FIRST_NAMES, r) + " " + pick(LAST_NAMES, r) + ")";
    } else if (s < 0.078) {
      return " (feat. "
          + pick(FIRST_NAMES, r)
          + ", "
          + pick(FIRST_NAMES, r)
          + " & "
          + pick(LAST_NAMES, r)
          + ")";
    }
    return "";
  }

  private static String artistName(SplittableRandom r) {
    double u = r.nextDouble();
    if (u < 0.28) {
      return pick(FIRST_NAMES, r) + " " + pick(LAST_NAMES, r);
    } else if (u < 0.36) {
      return "The " + pick(PLURALS, r);
    } else if (u < 0.51) {
      return "The " + pick(ADJECTIVES, r) + " " + pick(PLURALS, r);
    } else if (u < 0.63) {
      return pick(ADJECTIVES, r) + " " + pick(PLURALS, r);
    } else if (u < 0.71) {
      return pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
    } else if (u < 0.76) {
      return pick(NOUNS, r) + " " + pick(NOUNS, r);
    } else if (u < 0.81) {
      return pick(NOUNS, r) + pick(NOUNS, r).toLowerCase(Locale.ROOT);
    } else if (u < 0.85) {
      return pick(PREFIXES, r)
          + " "
          + (r.nextBoolean() ? pick(FIRST_NAMES, r) : pick(LAST_NAMES, r));
    } else if (u < 0.88) {
      return pick(FIRST_NAMES, r) + " " + pick(LAST_NAMES, r) + " & The " + pick(PLURALS, r);
    } else if (u < 0.935) { // accents
      double v = r.nextDouble();
      return v < 0.2
          ? pick(ACCENTED_ARTISTS, r)
          : v < 0.6
              ? pick(ACCENTED_FIRST_NAMES, r) + " " + pick(LAST_NAMES, r)
              : (r.nextBoolean() ? pick(FIRST_NAMES, r) : pick(ACCENTED_FIRST_NAMES, r))
                  + " "
                  + pick(ACCENTED_LAST_NAMES, r);
    } else if (u < 0.945) { // CJK
      double v = r.nextDouble();
      return v < 0.25
          ? pick(CJK_ARTISTS, r)
          : v < 0.75
              ? pick(JAPANESE_FAMILY_NAMES, r) + pick(JAPANESE_GIVEN_NAMES, r)
              : pick(KOREAN_FAMILY_NAMES, r) + pick(KOREAN_GIVEN_NAMES, r);
    } else if (u < 0.975) { // with a comma
      double v = r.nextDouble();
      return v < 0.3
          ? pick(NOUNS, r) + ", " + pick(NOUNS, r) + " & " + pick(NOUNS, r)
          : v < 0.6
              ? pick(LAST_NAMES, r) + ", " + pick(LAST_NAMES, r) + " & " + pick(LAST_NAMES, r)
              : v < 0.8
                  ? pick(FIRST_NAMES, r) + ", The " + pick(TITLES, r)
                  : pick(LAST_NAMES, r) + ", " + pick(FIRST_NAMES, r);
    } else if (u < 0.985) { // with quotes
      return r.nextBoolean()
          ? pick(FIRST_NAMES, r) + " \"" + pick(NICKNAMES, r) + "\" " + pick(LAST_NAMES, r)
          : "\"" + pick(ADJECTIVES, r) + " " + pick(FIRST_NAMES, r) + "\" " + pick(LAST_NAMES, r);
    } else {
      return pick(PLURALS, r);
    }
  }
}
