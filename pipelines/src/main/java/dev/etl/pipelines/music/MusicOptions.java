package dev.etl.pipelines.music;

import dev.etl.pipelines.common.EtlOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the music job: {@code ./etl music --input=DIR --output=DIR}. */
public interface MusicOptions extends EtlOptions {
  @Description(
      "Input directory (local or s3://bucket/prefix) holding Music_Info.csv and User_Listening_History.csv. Either this or both "
          + "--tracks and --listens; --tracks/--listens override the file names under --input.")
  String getInput();

  void setInput(String value);

  @Description(
      "Track catalog: a file, a glob or a comma-separated list (default: <input>/Music_Info.csv).")
  String getTracks();

  void setTracks(String value);

  @Description(
      "Listening history: a file, a glob or a comma-separated list (default: <input>/User_Listening_History.csv).")
  String getListens();

  void setListens(String value);

  @Description(
      "Rows in top_tracks, top_artists, top_genres and per user in user_top_tracks, from 1 to 100000.")
  @Default.Integer(10)
  int getTopN();

  void setTopN(int value);

  @Description(
      "The day of this run's snapshot, YYYY-MM-DD (default: today, UTC): top_tracks, top_artists, "
          + "top_genres and user_segments replace only their snapshot_date=<day>/ partition and keep "
          + "every earlier one; tracks, listens and user_top_tracks are the current state.")
  String getSnapshotDate();

  void setSnapshotDate(String value);
}
