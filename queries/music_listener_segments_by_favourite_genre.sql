-- Listeners and their plays per listener segment and favourite genre ('(none)' when no track of theirs has a genre), in the latest snapshot.
SELECT segment, coalesce(favourite_genre, '(none)') AS favourite_genre_name,
       count(*) AS listeners, sum(total_plays) AS plays
FROM db_songs.user_segments
WHERE snapshot_date = (SELECT max(snapshot_date) FROM db_songs.user_segments)
GROUP BY segment, coalesce(favourite_genre, '(none)')
ORDER BY segment, listeners DESC, favourite_genre_name
