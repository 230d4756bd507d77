-- The 20 most used tags (the tags array unnested): tracks carrying each.
SELECT tag, count(*) AS tracks
FROM db_songs.tracks
CROSS JOIN UNNEST(tags) AS x(tag)
GROUP BY tag
ORDER BY tracks DESC, tag
LIMIT 20
