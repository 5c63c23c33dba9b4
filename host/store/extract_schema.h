// The SQLite schema of an extract snapshot: the contract's rows with ids of workers
// and teams turned into integer keys and dates into day numbers. supervision_id is
// checked on import (unique) but not kept: nothing asks for it. One snapshot file is
// written whole by an import and never changed afterwards.
#pragma once

namespace oversight {

inline constexpr int kExtractSchemaVersion = 2;

inline constexpr const char* kExtractTables = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE teams(tid INTEGER PRIMARY KEY, team_id TEXT NOT NULL, name TEXT NOT NULL,
  service TEXT NOT NULL, manager INTEGER NOT NULL);
CREATE TABLE workers(wid INTEGER PRIMARY KEY, worker_id TEXT NOT NULL, name TEXT NOT NULL,
  email TEXT NOT NULL, role TEXT NOT NULL, team INTEGER NOT NULL, line_manager INTEGER,
  fte REAL NOT NULL, start_day INTEGER NOT NULL, end_day INTEGER, asye_start INTEGER);
CREATE TABLE allocations(case_id TEXT NOT NULL, case_type TEXT NOT NULL, worker INTEGER NOT NULL,
  role TEXT NOT NULL, start_day INTEGER NOT NULL, end_day INTEGER);
CREATE TABLE supervisions(worker INTEGER NOT NULL,
  supervisor INTEGER NOT NULL, day INTEGER NOT NULL, kind TEXT NOT NULL, case_id TEXT,
  recorded_day INTEGER);
CREATE TABLE absences(worker INTEGER NOT NULL, start_day INTEGER NOT NULL,
  end_day INTEGER NOT NULL, kind TEXT NOT NULL);
CREATE TABLE cover(manager INTEGER NOT NULL, cover INTEGER NOT NULL, start_day INTEGER NOT NULL,
  end_day INTEGER NOT NULL);
CREATE TABLE development_time(worker INTEGER NOT NULL, day INTEGER NOT NULL, hours REAL NOT NULL);
)SQL";

// Built after the bulk load, for the questions the policy view asks. One index over
// supervisions serves both the per-allocation question (worker, kinds, case, days) and
// the per-worker one (worker, kinds, days): a worker has few sessions of one kind.
// allocations_by_case_type serves ov.allocations{case_type = ...} (iro_allocated: -20%
// at medium); it starts with case_type so that a question by role alone, which matches
// most rows, still scans the table rather than going through an index for each row.
inline constexpr const char* kExtractIndexes = R"SQL(
CREATE INDEX supervisions_by_worker ON supervisions(worker, kind, case_id, day);
CREATE INDEX allocations_by_worker ON allocations(worker, role);
CREATE INDEX allocations_by_case_type ON allocations(case_type, role);
CREATE INDEX development_time_by_worker ON development_time(worker, day);
)SQL";

}  // namespace oversight
