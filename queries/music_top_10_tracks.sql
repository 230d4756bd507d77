-- The 10 most played tracks overall (plays summed over all users), with name and artist from the catalog.
SELECT l.track_id, t.name, t.artist, sum(l.playcount) AS plays, count(*) AS listeners
FROM db_songs.listens l
JOIN db_songs.tracks t ON t.track_id = l.track_id
GROUP BY l.track_id, t.name, t.artist
ORDER BY plays DESC, l.track_id
LIMIT 10
