package dev.etl.generator;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

public class VocabularyTest {
  private static final Vocabulary WORDS = Vocabulary.load("test-vocabulary.txt");

  @Test
  public void listsKeepTheirOrderSkipCommentsAndBlankLinesAndTrimValues() {
    assertArrayEquals(new String[] {"Corazón", "Naïve Heart", "夜に駆ける", "DJ"}, WORDS.words("words"));
  }

  @Test
  public void tablesSplitOnTabs() {
    List<String[]> rows = WORDS.table("table", 3);
    assertEquals(2, rows.size());
    assertArrayEquals(new String[] {"Rock", "400", "rock indie"}, rows.get(0));
    assertArrayEquals(new String[] {"New Age", "7", "new_age"}, rows.get(1));
  }

  @Test
  public void weightedListsPickInProportionToTheirWeights() {
    GeneratorSupport.Weighted w = WORDS.weighted("weighted");
    assertEquals(List.of("MUMBAI", "NAVI MUMBAI, MAHARASHTRA"), w.values());
    SplittableRandom r = new SplittableRandom(1);
    int mumbai = 0;
    for (int i = 0; i < 10_000; i++) {
      mumbai += w.pick(r).equals("MUMBAI") ? 1 : 0;
    }
    assertTrue(
        "MUMBAI drawn " + mumbai + " of 10,000 times at weight 3 of 4",
        mumbai > 7_200 && mumbai < 7_800);
  }

  @Test
  public void aMissingListOrAWrongRowIsAClearError() {
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> WORDS.words("nouns"));
    assertEquals("test-vocabulary.txt: no list [nouns]", missing.getMessage());
    IllegalStateException columns =
        assertThrows(IllegalStateException.class, () -> WORDS.table("table", 4));
    assertTrue(
        columns.getMessage(),
        columns.getMessage().contains("4 tab-separated columns expected: Rock"));
    assertThrows(IllegalStateException.class, () -> Vocabulary.load("no-such-vocabulary.txt"));
  }
}
