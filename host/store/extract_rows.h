// The rows of an extract that the import holds in memory before it writes them: teams,
// workers and (for layouts other than the native one) allocations, each value with the
// place it came from, so that an error names the file, line and column the council wrote.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "extract/import_errors.h"

namespace oversight {

// A value's source: a file (its name and where its errors are listed), a line, a column.
struct Where {
  int order = 0;
  const char* file = "";
  int64_t line = 0;
  const char* column = "";
  void Report(ImportErrors* errors, std::string reason) const {
    errors->Add(order, file, line, column, std::move(reason));
  }
};

struct TeamRow {
  std::string team_id, name, service, manager_id;
  Where id_at, manager_at;
};

struct WorkerRow {
  std::string worker_id, name, email, role, team_id, line_manager_id, fte;
  std::optional<Day> start, end, asye;
  Where id_at, team_at, line_manager_at, end_at;
};

// An allocation already checked against every rule (made by another layout's reader).
struct AllocationRow {
  std::string case_id, case_type, worker_id, role;
  Day start;
  std::optional<Day> end;
};

// What another layout's reader hands the import in place of teams.csv, workers.csv and
// allocations.csv. `*_usable`: the source files could be read well enough that
// references into them can be judged.
struct OrganisationRows {
  std::vector<TeamRow> teams;
  std::vector<WorkerRow> workers;
  std::vector<AllocationRow> allocations;
  bool teams_usable = false, workers_usable = false;
};

}  // namespace oversight
