-- case_supervision_overdue_indexed.sql: the same overdue list as case_supervision_overdue.sql,
-- as an analyst who runs it every week writes it: over the same plain tables, but with an
-- index on supervisions(case_id, worker_id, date) that was built once beforehand (by
-- scripts/bench-baseline, outside the timing: see supervisions_index.sql), so the latest
-- counting supervision of each open allocation is one correlated lookup in that index.
-- Output: case_id, worker_id, due_date, days_overdue, as the other file.
SELECT case_id, worker_id, date(base, '+' || days || ' days') AS due_date,
       CAST(julianday(as_of) - julianday(base) AS INTEGER) - days AS days_overdue
FROM (SELECT a.case_id, a.worker_id, p.as_of,
             CASE a.case_type WHEN 'CP' THEN 28 WHEN 'CIN' THEN 42 WHEN 'CIC' THEN 42
                              WHEN 'CL' THEN 56 WHEN 'CWD' THEN 84 END AS days,
             coalesce((SELECT max(s.date) FROM supervisions s
                       WHERE s.case_id = a.case_id AND s.worker_id = a.worker_id
                         AND s.date >= a.start_date AND s.date <= p.as_of
                         AND s.kind IN ('case', 'group')), a.start_date) AS base
      FROM allocations a JOIN workers w ON w.worker_id = a.worker_id, params p
      WHERE a.role = 'key_worker'
        AND a.start_date <= p.as_of AND (a.end_date = '' OR a.end_date >= p.as_of)
        AND w.start_date <= p.as_of AND (w.end_date = '' OR w.end_date >= p.as_of))
WHERE julianday(as_of) - julianday(base) > days
ORDER BY worker_id, case_id;
