-- DuckDB baseline for the music job's core work (bench/music.sh times it beside the job):
-- the clean catalog (tags as a list, dedup by track id), the listens (exact duplicate lines
-- removed, repeats of a (user, track) pair summed, joined with the catalog, unknown tracks out)
-- and the top lists, all written as snappy Parquet. ${IN}, ${OUT}, ${TOPN}: set by bench/duckdb.sh.
SET threads = 2;
SET memory_limit = '3GB';
CREATE TEMP TABLE tracks AS
SELECT * EXCLUDE (pos) FROM (
  SELECT row_number() OVER () AS pos, trim(track_id) AS track_id, nullif(name, '') AS name, nullif(artist, '') AS artist,
         nullif(spotify_preview_url, '') AS spotify_preview_url, nullif(spotify_id, '') AS spotify_id,
         list_filter(list_transform(string_split(coalesce(tags, ''), ','), t -> trim(t)), t -> t <> '') AS tags,
         nullif(genre, '') AS genre, try_cast(year AS INTEGER) AS year, try_cast(duration_ms AS INTEGER) AS duration_ms,
         try_cast(danceability AS DOUBLE) AS danceability, try_cast(energy AS DOUBLE) AS energy, try_cast(key AS INTEGER) AS key,
         try_cast(loudness AS DOUBLE) AS loudness, try_cast(mode AS INTEGER) AS mode, try_cast(speechiness AS DOUBLE) AS speechiness,
         try_cast(acousticness AS DOUBLE) AS acousticness, try_cast(instrumentalness AS DOUBLE) AS instrumentalness,
         try_cast(liveness AS DOUBLE) AS liveness, try_cast(valence AS DOUBLE) AS valence, try_cast(tempo AS DOUBLE) AS tempo,
         try_cast(time_signature AS INTEGER) AS time_signature
  FROM read_csv('${IN}/Music_Info.csv', header = true, all_varchar = true, null_padding = true, ignore_errors = true))
WHERE track_id <> ''
QUALIFY row_number() OVER (PARTITION BY track_id ORDER BY pos) = 1;
COPY tracks TO '${OUT}/tracks/part.parquet' (FORMAT parquet, COMPRESSION snappy);
CREATE TEMP TABLE listens AS
SELECT l.track_id, l.user_id, l.playcount, t.name, t.artist, t.genre, t.year, t.duration_ms
FROM (
  SELECT track_id, user_id, sum(playcount) AS playcount FROM (
    SELECT DISTINCT trim(track_id) AS track_id, trim(user_id) AS user_id, try_cast(playcount AS BIGINT) AS playcount
    FROM read_csv('${IN}/User_Listening_History.csv', header = true, all_varchar = true, null_padding = true, ignore_errors = true))
  WHERE track_id <> '' AND user_id <> '' AND playcount >= 1
  GROUP BY ALL) l
JOIN tracks t USING (track_id);
COPY listens TO '${OUT}/listens/part.parquet' (FORMAT parquet, COMPRESSION snappy);
COPY (SELECT row_number() OVER (ORDER BY plays DESC, track_id) AS rank, * FROM (
        SELECT track_id, any_value(name) AS name, any_value(artist) AS artist, sum(playcount) AS plays FROM listens GROUP BY track_id)
      QUALIFY rank <= ${TOPN}) TO '${OUT}/top_tracks/part.parquet' (FORMAT parquet, COMPRESSION snappy);
COPY (SELECT row_number() OVER (ORDER BY plays DESC, artist) AS rank, * FROM (
        SELECT artist, sum(playcount) AS plays FROM listens WHERE artist IS NOT NULL GROUP BY artist)
      QUALIFY rank <= ${TOPN}) TO '${OUT}/top_artists/part.parquet' (FORMAT parquet, COMPRESSION snappy);
COPY (SELECT row_number() OVER (ORDER BY plays DESC, genre) AS rank, * FROM (
        SELECT genre, sum(playcount) AS plays FROM listens WHERE genre IS NOT NULL GROUP BY genre)
      QUALIFY rank <= ${TOPN}) TO '${OUT}/top_genres/part.parquet' (FORMAT parquet, COMPRESSION snappy);
COPY (SELECT user_id, row_number() OVER (PARTITION BY user_id ORDER BY playcount DESC, track_id) AS rank, track_id, playcount AS plays
      FROM listens QUALIFY rank <= ${TOPN}) TO '${OUT}/user_top_tracks/part.parquet' (FORMAT parquet, COMPRESSION snappy);
SELECT count(*) AS listens FROM listens;
