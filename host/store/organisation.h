// Organisation: the people side of an extract snapshot held in memory (teams, workers,
// absence spells, cover) with the day-based questions every policy and the router ask.
// Cases and supervisions stay in SQLite; they are far too many to hold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/date.h"
#include "common/status.h"
#include "store/sqlite.h"

namespace oversight {

using WorkerKey = int64_t;  // workers.wid; 0 means nobody

struct Team {
  int64_t key;
  std::string id, name, service;
  WorkerKey manager;
};

struct Worker {
  WorkerKey key;
  std::string id, name, email, role;
  int64_t team;            // teams.tid
  WorkerKey line_manager;  // 0 for the top of the tree
  double fte;
  Day start;
  std::optional<Day> end, asye_start;
};

// A maximal run of consecutive absent days, both ends inclusive.
struct Spell {
  Day first, last;
};

struct CoverRow {
  WorkerKey manager, cover;
  Day start, end;
};

class Organisation {
 public:
  static Result<Organisation> Load(Database* db);

  const std::vector<Worker>& workers() const { return workers_; }
  const std::vector<Team>& teams() const { return teams_; }
  const Worker& worker(WorkerKey k) const { return workers_[static_cast<size_t>(k - 1)]; }
  const Team& team(int64_t k) const { return teams_[static_cast<size_t>(k - 1)]; }
  WorkerKey FindWorker(const std::string& id) const;
  int64_t FindTeam(const std::string& id) const;  // 0 when there is none

  bool Employed(WorkerKey w, Day d) const;
  bool Absent(WorkerKey w, Day d) const;
  // Distinct absent days x with a <= x <= b.
  int AbsentDays(WorkerKey w, Day a, Day b) const;
  // Absences merged into spells (overlapping and back-to-back ones join), in order.
  const std::vector<Spell>& Spells(WorkerKey w) const;
  const std::vector<CoverRow>& CoverFor(WorkerKey manager) const;

 private:
  std::vector<Team> teams_;
  std::vector<Worker> workers_;
  std::vector<std::vector<Spell>> spells_;     // by worker key - 1
  std::unordered_map<WorkerKey, std::vector<CoverRow>> cover_;
  std::unordered_map<std::string, WorkerKey> by_id_;
  std::unordered_map<std::string, int64_t> team_by_id_;
};

}  // namespace oversight
