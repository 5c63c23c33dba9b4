-- case_supervision_overdue.sql: the baseline for the benchmark: the case_supervision `overdue`
-- list of policies.md section 1, as a skilled council analyst would write it in the sqlite3
-- shell over plain tables made by `.import --csv` (TEXT columns, '' for empty values), with
-- the as-of date in a one-row table params(as_of TEXT). ISO dates compare as text.
-- Output: case_id, worker_id, due_date, days_overdue. Only the `overdue` code for holders
-- employed on the as-of date: no due_soon, holder_not_employed, routing or other policies.
-- Speed: the open allocations (a few hundred thousand) go into a keyed temp table and
-- supervisions is scanned once against it. Indexing supervisions(worker_id, case_id, date)
-- with a correlated subquery, or grouping all of supervisions, was no faster on the national
-- preset (~10 s each). Everything it builds is temporary and counts in its run time.

-- key-worker allocations active on as_of whose worker is employed then, with the interval
CREATE TEMP TABLE live(worker_id TEXT, case_id TEXT, start_date TEXT, days INT,
                       PRIMARY KEY (worker_id, case_id, start_date)) WITHOUT ROWID;
INSERT INTO live
  SELECT a.worker_id, a.case_id, a.start_date,
         CASE a.case_type WHEN 'CP' THEN 28 WHEN 'CIN' THEN 42 WHEN 'CIC' THEN 42
                          WHEN 'CL' THEN 56 WHEN 'CWD' THEN 84 END
  FROM allocations a JOIN workers w ON w.worker_id = a.worker_id
  WHERE a.role = 'key_worker'
    AND a.start_date <= (SELECT as_of FROM params)
    AND (a.end_date = '' OR a.end_date >= (SELECT as_of FROM params))
    AND w.start_date <= (SELECT as_of FROM params)
    AND (w.end_date = '' OR w.end_date >= (SELECT as_of FROM params));

-- latest case/group supervision of each of them, same worker and case, start_date..as_of
CREATE TEMP TABLE last(worker_id TEXT, case_id TEXT, start_date TEXT, d TEXT,
                       PRIMARY KEY (worker_id, case_id, start_date)) WITHOUT ROWID;
INSERT INTO last
  SELECT l.worker_id, l.case_id, l.start_date, max(s.date)
  FROM supervisions s CROSS JOIN live l  -- CROSS JOIN: scan supervisions, look up live
  WHERE l.worker_id = s.worker_id AND l.case_id = s.case_id AND s.date >= l.start_date
    AND s.kind IN ('case', 'group') AND s.date <= (SELECT as_of FROM params)
  GROUP BY l.worker_id, l.case_id, l.start_date;

-- base = that date, else the allocation's start; overdue when as_of > base + interval
SELECT case_id, worker_id, date(base, '+' || days || ' days') AS due_date,
       CAST(julianday(as_of) - julianday(base) AS INTEGER) - days AS days_overdue
FROM (SELECT l.*, coalesce(x.d, l.start_date) AS base, (SELECT as_of FROM params) AS as_of
      FROM live l LEFT JOIN last x USING (worker_id, case_id, start_date))
WHERE julianday(as_of) - julianday(base) > days
ORDER BY worker_id, case_id;
