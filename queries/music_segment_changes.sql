-- Listeners whose segment changed between the last two snapshots (listeners in both), with their total plays in each. No rows until there are two snapshots.
WITH snapshots AS (
  SELECT snapshot_date, row_number() OVER (ORDER BY snapshot_date DESC) AS age
  FROM (SELECT DISTINCT snapshot_date FROM db_songs.user_segments) s
),
latest AS (
  SELECT u.user_id, u.segment, u.total_plays, u.snapshot_date
  FROM db_songs.user_segments u JOIN snapshots s ON s.snapshot_date = u.snapshot_date
  WHERE s.age = 1
),
previous AS (
  SELECT u.user_id, u.segment, u.total_plays, u.snapshot_date
  FROM db_songs.user_segments u JOIN snapshots s ON s.snapshot_date = u.snapshot_date
  WHERE s.age = 2
)
SELECT l.user_id,
       p.segment AS previous_segment,
       l.segment AS segment,
       p.total_plays AS previous_total_plays,
       l.total_plays AS total_plays,
       p.snapshot_date AS previous_snapshot_date,
       l.snapshot_date AS snapshot_date
FROM latest l JOIN previous p ON p.user_id = l.user_id
WHERE l.segment <> p.segment
ORDER BY l.user_id
