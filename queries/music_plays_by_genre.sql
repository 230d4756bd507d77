-- Plays, listeners and tracks per genre (tracks without a genre as '(none)'), most played first.
SELECT coalesce(genre, '(none)') AS genre_name, sum(playcount) AS plays,
       count(DISTINCT user_id) AS listeners, count(DISTINCT track_id) AS tracks
FROM db_songs.listens
GROUP BY coalesce(genre, '(none)')
ORDER BY plays DESC, genre_name
