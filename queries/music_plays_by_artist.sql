-- Plays, listeners and tracks per artist, most played first.
SELECT artist, sum(playcount) AS plays, count(DISTINCT user_id) AS listeners, count(DISTINCT track_id) AS tracks
FROM db_songs.listens
WHERE artist IS NOT NULL
GROUP BY artist
ORDER BY plays DESC, artist
