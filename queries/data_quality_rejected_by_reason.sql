-- Rejected input lines (dead letters) per job and reason.
SELECT 'bank' AS job, reason, count(*) AS lines FROM db_banks.rejected GROUP BY reason
UNION ALL
SELECT 'music' AS job, reason, count(*) AS lines FROM db_songs.rejected GROUP BY reason
ORDER BY job, lines DESC, reason
