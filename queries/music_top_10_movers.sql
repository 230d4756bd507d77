-- Top-10 movers between the last two snapshots: each track in either top 10 whose rank changed, with its rank in each (NULL: not in that top 10, i.e. new or dropped out) and the places it gained (negative: lost). No rows until there are two snapshots.
WITH snapshots AS (
  SELECT snapshot_date, row_number() OVER (ORDER BY snapshot_date DESC) AS age
  FROM (SELECT DISTINCT snapshot_date FROM db_songs.top_tracks) s
),
latest AS (
  SELECT t.track_id, t.name, t.artist, t.rank, t.plays
  FROM db_songs.top_tracks t JOIN snapshots s ON s.snapshot_date = t.snapshot_date
  WHERE s.age = 1 AND t.rank <= 10
),
previous AS (
  SELECT t.track_id, t.name, t.artist, t.rank, t.plays
  FROM db_songs.top_tracks t JOIN snapshots s ON s.snapshot_date = t.snapshot_date
  WHERE s.age = 2 AND t.rank <= 10
)
SELECT coalesce(l.track_id, p.track_id) AS track_id,
       coalesce(l.name, p.name) AS name,
       coalesce(l.artist, p.artist) AS artist,
       p.rank AS previous_rank,
       l.rank AS rank,
       p.rank - l.rank AS places_gained,
       p.plays AS previous_plays,
       l.plays AS plays,
       (SELECT snapshot_date FROM snapshots WHERE age = 2) AS previous_snapshot_date,
       (SELECT snapshot_date FROM snapshots WHERE age = 1) AS snapshot_date
FROM latest l FULL OUTER JOIN previous p ON p.track_id = l.track_id
WHERE EXISTS (SELECT 1 FROM snapshots WHERE age = 2) AND l.rank IS DISTINCT FROM p.rank
ORDER BY coalesce(l.rank, 11), coalesce(p.rank, 11), 1
