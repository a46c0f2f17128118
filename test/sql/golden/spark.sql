-- fairprobe aggregation query (spark): the sufficient statistics of a fairness audit
-- of `crm`.`scored-leads` in one pass. One row per combination of
--   g0  = `gender` as trimmed text (NULL = missing)
--   g1  = bin index of `age` at edges 25, 35, 45, 55 (5 bins: 0 = <25 ... 4 = >=55; NULL = missing)
--   g2  = `we"ird``name` as trimmed text (NULL = missing)
--   y   = `converted` as text (NULL = unlabeled)
--   p   = the decision: 1 when `score` >= 0.35, else 0
--   bin = score histogram bin: 1000 equal bins over [0, 1] of `score`
--   chk = row check: 0 ok, 1 score missing, 2 NaN, 3 outside [0, 1], 4 infinite, 5 weight missing/negative/NaN
-- with n = rows, w = sum of weight (`sample weight`), w2 = sum of weight^2,
-- s = sum of weight*score and s2 = sum of weight*score^2 (over rows with chk = 0).
-- Marginals and intersections are rolled up from this cross by fairprobe; only these aggregates
-- leave the database. Save the result as CSV (with a header), Parquet or JSON, keeping the column
-- names, and audit it (several results, e.g. one per partition or day, are merged):
--   fairprobe audit --stats RESULT.csv --query THIS_QUERY.sql
-- The next line holds these settings for that import; keep it.
-- fairprobe-spec: {"schema":"fairprobe.query/1","roles":{"score":"score","label":"converted","weight":"sample weight","groups":[{"column":"gender"},{"column":"age","edges":[25,35,45,55]},{"column":"we\"ird`name"}]},"decision":{"kind":"threshold","threshold":0.35},"scoreScale":"probability","histogram":{"lo":0,"hi":1,"bins":1000},"dialect":"spark","table":"crm.scored-leads"}
SELECT g0, g1, g2, y, p, bin, chk,
  count(*) AS n,
  sum(w) AS w,
  sum(w * w) AS w2,
  sum(CASE WHEN chk = 0 THEN w * s END) AS s,
  sum(CASE WHEN chk = 0 THEN w * s * s END) AS s2
FROM (SELECT
  NULLIF(trim(CAST(`gender` AS STRING)), '') AS g0,
  CASE WHEN `age` IS NULL OR isnan(`age`) THEN NULL WHEN `age` < 25 THEN 0 WHEN `age` < 35 THEN 1 WHEN `age` < 45 THEN 2 WHEN `age` < 55 THEN 3 ELSE 4 END AS g1,
  NULLIF(trim(CAST(`we"ird``name` AS STRING)), '') AS g2,
  NULLIF(trim(CAST(`converted` AS STRING)), '') AS y,
  CASE WHEN CAST(`score` AS DOUBLE) IS NULL THEN 1 WHEN isnan(CAST(`score` AS DOUBLE)) THEN 2 WHEN abs(CAST(`score` AS DOUBLE)) = CAST('Infinity' AS DOUBLE) THEN 4 WHEN CAST(`score` AS DOUBLE) < 0 OR CAST(`score` AS DOUBLE) > 1 THEN 3 WHEN CAST(`sample weight` AS DOUBLE) IS NULL OR isnan(CAST(`sample weight` AS DOUBLE)) OR abs(CAST(`sample weight` AS DOUBLE)) = CAST('Infinity' AS DOUBLE) OR CAST(`sample weight` AS DOUBLE) < 0 THEN 5 ELSE 0 END AS chk,
  CASE WHEN CAST(`score` AS DOUBLE) >= CAST(0.35 AS DOUBLE) THEN 1 ELSE 0 END AS p,
  CASE WHEN CAST(`score` AS DOUBLE) >= CAST(0 AS DOUBLE) AND CAST(`score` AS DOUBLE) < CAST(0.9995 AS DOUBLE) THEN CAST(floor((CAST(`score` AS DOUBLE) - CAST(0 AS DOUBLE)) * CAST(1000 AS DOUBLE)) AS INT) WHEN NOT (isnan(CAST(`score` AS DOUBLE)) OR abs(CAST(`score` AS DOUBLE)) = CAST('Infinity' AS DOUBLE)) THEN CAST(least(greatest(floor((CAST(`score` AS DOUBLE) - CAST(0 AS DOUBLE)) * CAST(1000 AS DOUBLE)), CAST(0 AS DOUBLE)), CAST(999 AS DOUBLE)) AS INT) END AS bin,
  CAST(`sample weight` AS DOUBLE) AS w,
  CAST(`score` AS DOUBLE) AS s
FROM `crm`.`scored-leads`) AS fp_rows
GROUP BY g0, g1, g2, y, p, bin, chk
ORDER BY g0, g1, g2, y, p, bin, chk
