-- supervisions_index.sql: the index a weekly analyst keeps on the imported tables, for
-- case_supervision_overdue_indexed.sql. Built once, before that query; never timed.
CREATE INDEX supervisions_case_worker_date ON supervisions(case_id, worker_id, date);
