-- Each user's top tracks (rank 1 = most played by that user), with the track's name and artist.
SELECT u.user_id, u.rank, u.track_id, t.name, t.artist, u.plays
FROM db_songs.user_top_tracks u
JOIN db_songs.tracks t ON t.track_id = u.track_id
ORDER BY u.user_id, u.rank
