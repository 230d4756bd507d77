package dev.etl.transforms.music;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * One user's merged listening history: the distinct tracks (sorted by id) with their plays, and how
 * many of the user's lines were exact duplicates or merged into an earlier line of the same pair.
 * Arrays rather than a list of pair objects: ~1M of these hold ~10M pairs, and a runner that keeps
 * them in memory pays per object.
 */
public final class UserListens {
  private final String userId;
  private final String[] trackIds;
  private final long[] plays;
  private final int duplicateLines;
  private final int mergedLines;

  public UserListens(
      String userId, String[] trackIds, long[] plays, int duplicateLines, int mergedLines) {
    if (trackIds.length != plays.length) {
      throw new IllegalArgumentException("one play count per track expected");
    }
    this.userId = userId;
    this.trackIds = trackIds;
    this.plays = plays;
    this.duplicateLines = duplicateLines;
    this.mergedLines = mergedLines;
  }

  public String userId() {
    return userId;
  }

  public int trackCount() {
    return trackIds.length;
  }

  public String trackId(int i) {
    return trackIds[i];
  }

  public long plays(int i) {
    return plays[i];
  }

  public long totalPlays() {
    long total = 0;
    for (long p : plays) {
      total = Math.addExact(total, p); // a wrapped-around total would be a silently wrong row
    }
    return total;
  }

  /** Lines that repeated an earlier line of this user exactly (removed). */
  public int duplicateLines() {
    return duplicateLines;
  }

  /** Lines whose play count was added to an earlier line of the same (user, track) pair. */
  public int mergedLines() {
    return mergedLines;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserListens u
        && userId.equals(u.userId)
        && Arrays.equals(trackIds, u.trackIds)
        && Arrays.equals(plays, u.plays)
        && duplicateLines == u.duplicateLines
        && mergedLines == u.mergedLines;
  }

  @Override
  public int hashCode() {
    return userId.hashCode() * 31 + Arrays.hashCode(plays);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(userId).append('{');
    for (int i = 0; i < trackIds.length; i++) {
      s.append(i == 0 ? "" : ", ").append(trackIds[i]).append('=').append(plays[i]);
    }
    return s.append("} duplicates=")
        .append(duplicateLines)
        .append(" merged=")
        .append(mergedLines)
        .toString();
  }

  public static final class UserListensCoder extends BlockCoder<UserListens> {
    private static final UserListensCoder INSTANCE = new UserListensCoder();

    public static UserListensCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(UserListens u, Encoder out) throws IOException {
      out.writeString(u.userId);
      out.writeInt(u.trackIds.length);
      for (int i = 0; i < u.trackIds.length; i++) {
        out.writeString(u.trackIds[i]);
        out.writeLong(u.plays[i]);
      }
      out.writeInt(u.duplicateLines);
      out.writeInt(u.mergedLines);
    }

    @Override
    protected UserListens read(Decoder in) throws IOException {
      String user = in.readString();
      int n = in.readInt();
      String[] tracks = new String[n];
      long[] plays = new long[n];
      for (int i = 0; i < n; i++) {
        tracks[i] = in.readString();
        plays[i] = in.readLong();
      }
      return new UserListens(user, tracks, plays, in.readInt(), in.readInt());
    }
  }
}
