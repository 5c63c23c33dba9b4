// The import's reading and checking: teams and workers are read into memory (they are
// small and referenced by everything) and checked, then the large files are streamed
// straight into the snapshot. Rows are written only while the extract is still error-free.
// An SSD extract's teams, workers and allocations come from ssd/ instead, as the same rows.
#include "store/extract_loader.h"

#include <algorithm>
#include <unordered_map>

#include "common/date.h"
#include "extract/contract.h"
#include "extract/id_index.h"
#include "extract/import_errors.h"
#include "extract/table_reader.h"
#include "extract/unique_ids.h"
#include "extract/values.h"
#include "ssd/ssd_extract.h"
#include "store/extract_rows.h"
#include "store/import_progress.h"
#include "store/row_writer.h"

namespace oversight {

namespace {

// Where a value of teams.csv or workers.csv is.
Where Native(int file, int64_t line, const char* column) {
  return {file, ExtractFiles()[file].file.c_str(), line, column};
}

std::optional<Day> DateOrNone(std::string_view v) { return v.empty() ? std::nullopt : ParseDate(v); }

void WriteDay(RowWriter& rows, std::optional<Day> d) {
  if (d) {
    rows.Int(*d);
  } else {
    rows.Null();
  }
}

// Column positions in the contract, by file.
namespace col {
enum Teams { kTeamId, kTeamName, kService, kManagerId };
enum Workers { kWorkerId, kName, kEmail, kRole, kTeam, kLineManager, kFte, kStart, kEnd, kAsye };
enum Allocations { kCaseId, kCaseType, kAllocWorker, kAllocRole, kAllocStart, kAllocEnd };
enum Supervisions { kSupId, kSupWorker, kSupervisor, kSupDate, kKind, kSupCase, kRecorded };
enum Absences { kAbsWorker, kAbsStart, kAbsEnd, kAbsKind };
enum Cover { kCoverManager, kCoverId, kCoverStart, kCoverEnd };
enum Development { kDevWorker, kDevDate, kHours };
}  // namespace col

class Loader {
 public:
  Loader(const ImportOptions& options, ImportReport* report)
      : options_(options), report_(report), errors_(&report->errors),
        progress_(options.show_progress) {}

  Status Run(Database* db);

 private:
  void ReadTeams();
  void ReadWorkers();
  void CheckTeamsAndWorkers();
  void CheckCycles();
  Status WriteTeamsAndWorkers(Database* db);
  Status StreamAllocations(Database* db);
  Status ReadOtherLayout();
  Status WriteAllocationRows(Database* db);
  Status StreamSupervisions(Database* db);
  Status StreamSmallFile(Database* db, int file_index);

  // The integer key of a worker id, or 0 when it names nobody.
  int64_t WorkerKey(std::string_view id) const {
    int64_t i = worker_index_.Find(id);
    return i == IdIndex::kMissing ? 0 : i + 1;
  }
  // Reports a reference to a worker that does not exist; true when it exists.
  bool CheckWorkerRef(int file, int64_t line, const char* column, std::string_view id) {
    return CheckWorkerRef(Native(file, line, column), id);
  }
  bool CheckWorkerRef(const Where& at, std::string_view id) {
    if (id.empty() || !workers_usable_ || WorkerKey(id) != 0) return true;
    at.Report(errors_, "no worker with worker_id " + QuotedValue(id));
    return false;
  }
  void CheckOrder(int file, int64_t line, std::optional<Day> start, std::optional<Day> end) {
    if (start && end && *end < *start) {
      errors_->Add(file, line, "end_date", "end_date " + FormatDate(*end) +
                                               " is before start_date " + FormatDate(*start));
    }
  }
  bool writing() const { return errors_->empty(); }
  void Notices(const TableReader& t) {
    for (const auto& n : t.notices()) report_->notices.push_back(n);
  }

  const ImportOptions& options_;
  ImportReport* report_;
  ImportErrors* errors_;
  ImportProgress progress_;
  std::vector<TeamRow> teams_;
  std::vector<WorkerRow> workers_;
  std::unordered_map<std::string, int> team_index_;
  std::vector<AllocationRow> allocations_;  // from another layout; native ones are streamed
  IdIndex worker_index_;
  bool teams_usable_ = false, workers_usable_ = false;
};

void Loader::ReadTeams() {
  TableReader t(options_.extract_dir, kTeams, errors_);
  teams_usable_ = t.usable();
  while (t.Next()) {
    TeamRow r{std::string(t.value(col::kTeamId)), std::string(t.value(col::kTeamName)),
              std::string(t.value(col::kService)), std::string(t.value(col::kManagerId)),
              Native(kTeams, t.line(), "team_id"), Native(kTeams, t.line(), "manager_id")};
    teams_.push_back(std::move(r));
  }
  teams_usable_ = t.usable() && t.malformed_records() == 0;
  Notices(t);
}

void Loader::ReadWorkers() {
  TableReader t(options_.extract_dir, kWorkers, errors_);
  workers_usable_ = t.usable();
  while (t.Next()) {
    auto v = [&](int c) { return std::string(t.value(c)); };
    const int64_t line = t.line();
    WorkerRow r{v(col::kWorkerId), v(col::kName), v(col::kEmail), v(col::kRole),
                v(col::kTeam), v(col::kLineManager), v(col::kFte),
                DateOrNone(t.value(col::kStart)), DateOrNone(t.value(col::kEnd)),
                DateOrNone(t.value(col::kAsye)),
                Native(kWorkers, line, "worker_id"), Native(kWorkers, line, "team_id"),
                Native(kWorkers, line, "line_manager_id"), Native(kWorkers, line, "end_date")};
    workers_.push_back(std::move(r));
    progress_.Update("workers.csv", t.bytes_read(), t.file_size());
  }
  workers_usable_ = t.usable() && t.malformed_records() == 0;
  Notices(t);
}

// Keys, references and order for teams and workers, row by row in that order.
void Loader::CheckTeamsAndWorkers() {
  for (size_t i = 0; i < teams_.size(); ++i) {
    const TeamRow& r = teams_[i];
    if (!r.team_id.empty() && !team_index_.emplace(r.team_id, static_cast<int>(i)).second) {
      r.id_at.Report(errors_, "duplicate team_id " + QuotedValue(r.team_id));
    }
  }
  for (size_t i = 0; i < workers_.size(); ++i) {
    const WorkerRow& r = workers_[i];
    if (!r.worker_id.empty() &&
        worker_index_.Insert(r.worker_id, static_cast<int64_t>(i)) != IdIndex::kMissing) {
      r.id_at.Report(errors_, "duplicate worker_id " + QuotedValue(r.worker_id));
    }
  }
  for (const auto& r : teams_) CheckWorkerRef(r.manager_at, r.manager_id);
  for (const auto& r : workers_) {
    if (!r.team_id.empty() && teams_usable_ && !team_index_.count(r.team_id)) {
      r.team_at.Report(errors_, "no team with team_id " + QuotedValue(r.team_id));
    }
    CheckWorkerRef(r.line_manager_at, r.line_manager_id);
    if (r.start && r.end && *r.end < *r.start) {
      r.end_at.Report(errors_, "end_date " + FormatDate(*r.end) + " is before start_date " +
                                   FormatDate(*r.start));
    }
  }
}

// The line-manager relation must be a forest. Each cycle is reported once, on the
// line of its first member in the file.
void Loader::CheckCycles() {
  const size_t n = workers_.size();
  std::vector<int> manager(n, -1);
  for (size_t i = 0; i < n; ++i) {
    if (worker_index_.Find(workers_[i].worker_id) != static_cast<int64_t>(i)) continue;  // a duplicate
    int64_t m = worker_index_.Find(workers_[i].line_manager_id);
    if (m != IdIndex::kMissing) manager[i] = static_cast<int>(m);
  }
  std::vector<int> state(n, 0);  // 0 unseen, 1 on the current path, 2 done
  for (size_t start = 0; start < n; ++start) {
    std::vector<int> path;
    int w = static_cast<int>(start);
    while (w >= 0 && state[w] == 0) {
      state[w] = 1;
      path.push_back(w);
      w = manager[w];
    }
    if (w >= 0 && state[w] == 1) {
      std::vector<int> cycle(std::find(path.begin(), path.end(), w), path.end());
      int first = *std::min_element(cycle.begin(), cycle.end());
      std::string chain;
      size_t at = std::find(cycle.begin(), cycle.end(), first) - cycle.begin();
      constexpr size_t kShown = 20;  // a cycle through thousands is named by its start
      for (size_t k = 0; k <= cycle.size(); ++k) {
        if (k == kShown && cycle.size() > kShown) {
          chain += " -> ... (" + std::to_string(cycle.size()) + " workers in all)";
          break;
        }
        chain += (k ? " -> " : "") + workers_[cycle[(at + k) % cycle.size()]].worker_id;
      }
      workers_[first].line_manager_at.Report(errors_, "line management has a cycle: " + chain);
    }
    for (int p : path) state[p] = 2;
  }
}

Status Loader::WriteTeamsAndWorkers(Database* db) {
  auto teams = db->Prepare("INSERT INTO teams VALUES (?,?,?,?,?)");
  auto workers = db->Prepare("INSERT INTO workers VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!teams.ok()) return teams.status();
  if (!workers.ok()) return workers.status();
  for (size_t i = 0; i < teams_.size(); ++i) {
    const TeamRow& r = teams_[i];
    teams->Bind(1, static_cast<int64_t>(i + 1));
    teams->Bind(2, r.team_id, true);
    teams->Bind(3, r.name, true);
    teams->Bind(4, r.service, true);
    teams->Bind(5, WorkerKey(r.manager_id));
    if (Status s = teams->Run(); !s.ok()) return s;
  }
  for (size_t i = 0; i < workers_.size(); ++i) {
    const WorkerRow& r = workers_[i];
    workers->Bind(1, static_cast<int64_t>(i + 1));
    workers->Bind(2, r.worker_id, true);
    workers->Bind(3, r.name, true);
    workers->Bind(4, r.email, true);
    workers->Bind(5, r.role, true);
    workers->Bind(6, static_cast<int64_t>(team_index_[r.team_id] + 1));
    if (r.line_manager_id.empty()) {
      workers->BindNull(7);
    } else {
      workers->Bind(7, WorkerKey(r.line_manager_id));
    }
    workers->Bind(8, *ParseNumber(r.fte));
    workers->BindOptional(9, r.start);
    workers->BindOptional(10, r.end);
    workers->BindOptional(11, r.asye);
    if (Status s = workers->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status Loader::StreamAllocations(Database* db) {
  TableReader t(options_.extract_dir, kAllocations, errors_);
  auto insert = db->Prepare("INSERT INTO allocations VALUES (?,?,?,?,?,?)");
  if (!insert.ok()) return insert.status();
  RowWriter rows(&*insert);
  UniqueIds keys(static_cast<size_t>(t.file_size() / 40));
  std::string key;
  while (t.Next()) {
    const int64_t line = t.line();
    std::string_view case_id = t.value(col::kCaseId), worker = t.value(col::kAllocWorker),
                     role = t.value(col::kAllocRole), start = t.value(col::kAllocStart);
    if (t.usable() && !case_id.empty() && !worker.empty() && !role.empty() && !start.empty()) {
      key.assign(case_id).append("\x1f").append(worker).append("\x1f").append(role)
          .append("\x1f").append(start);
      if (keys.Insert(key, line) != IdIndex::kMissing) {
        errors_->Add(kAllocations, line, "case_id",
                     "a second allocation of case " + QuotedValue(case_id) + " to " +
                         QuotedValue(worker) + " as " + std::string(role) + " from " +
                         std::string(start));
      }
    }
    CheckWorkerRef(kAllocations, line, "worker_id", worker);
    std::optional<Day> s = DateOrNone(start), e = DateOrNone(t.value(col::kAllocEnd));
    CheckOrder(kAllocations, line, s, e);
    if (writing()) {
      rows.Text(case_id);
      rows.Text(t.value(col::kCaseType));
      rows.Int(WorkerKey(worker));
      rows.Text(role);
      WriteDay(rows, s);
      WriteDay(rows, e);
      rows.EndRow();
      ++report_->rows;
    }
    progress_.Update("allocations.csv", t.bytes_read(), t.file_size());
  }
  Notices(t);
  return rows.Finish();
}

Status Loader::StreamSupervisions(Database* db) {
  TableReader t(options_.extract_dir, kSupervisions, errors_);
  auto insert = db->Prepare("INSERT INTO supervisions VALUES (?,?,?,?,?,?)");
  if (!insert.ok()) return insert.status();
  RowWriter rows(&*insert);
  UniqueIds ids(static_cast<size_t>(t.file_size() / 60));
  while (t.Next()) {
    const int64_t line = t.line();
    std::string_view id = t.value(col::kSupId), kind = t.value(col::kKind),
                     case_id = t.value(col::kSupCase);
    if (t.usable() && !id.empty() && ids.Insert(id, line) != IdIndex::kMissing) {
      errors_->Add(kSupervisions, line, "supervision_id",
                   "duplicate supervision_id " + QuotedValue(id));
    }
    CheckWorkerRef(kSupervisions, line, "worker_id", t.value(col::kSupWorker));
    CheckWorkerRef(kSupervisions, line, "supervisor_id", t.value(col::kSupervisor));
    const bool about_a_case = kind == "case" || kind == "group";
    if (about_a_case && case_id.empty() && t.has_column(col::kSupCase)) {
      errors_->Add(kSupervisions, line, "case_id",
                   "a " + std::string(kind) + " supervision must name the case_id discussed");
    }
    if (writing()) {
      rows.Int(WorkerKey(t.value(col::kSupWorker)));
      rows.Int(WorkerKey(t.value(col::kSupervisor)));
      WriteDay(rows, ParseDate(t.value(col::kSupDate)));
      rows.Text(kind);
      if (about_a_case) {
        rows.Text(case_id);
      } else {
        rows.Null();  // a case_id on other kinds is ignored (data-contract.md)
      }
      WriteDay(rows, DateOrNone(t.value(col::kRecorded)));
      rows.EndRow();
      ++report_->rows;
    }
    progress_.Update("supervisions.csv", t.bytes_read(), t.file_size());
  }
  Notices(t);
  return rows.Finish();
}

// absences, cover and development_time: a worker reference or two, dates, a value.
Status Loader::StreamSmallFile(Database* db, int file) {
  TableReader t(options_.extract_dir, file, errors_);
  const char* sql = file == kAbsences ? "INSERT INTO absences VALUES (?,?,?,?)"
                    : file == kCover  ? "INSERT INTO cover VALUES (?,?,?,?)"
                                      : "INSERT INTO development_time VALUES (?,?,?)";
  auto insert = db->Prepare(sql);
  if (!insert.ok()) return insert.status();
  while (t.Next()) {
    const int64_t line = t.line();
    if (file == kAbsences) {
      CheckWorkerRef(file, line, "worker_id", t.value(col::kAbsWorker));
      auto s = DateOrNone(t.value(col::kAbsStart)), e = DateOrNone(t.value(col::kAbsEnd));
      CheckOrder(file, line, s, e);
      if (!writing()) continue;
      insert->Bind(1, WorkerKey(t.value(col::kAbsWorker)));
      insert->BindOptional(2, s);
      insert->BindOptional(3, e);
      insert->Bind(4, t.value(col::kAbsKind), true);
    } else if (file == kCover) {
      CheckWorkerRef(file, line, "manager_id", t.value(col::kCoverManager));
      CheckWorkerRef(file, line, "cover_id", t.value(col::kCoverId));
      auto s = DateOrNone(t.value(col::kCoverStart)), e = DateOrNone(t.value(col::kCoverEnd));
      CheckOrder(file, line, s, e);
      if (!writing()) continue;
      insert->Bind(1, WorkerKey(t.value(col::kCoverManager)));
      insert->Bind(2, WorkerKey(t.value(col::kCoverId)));
      insert->BindOptional(3, s);
      insert->BindOptional(4, e);
    } else {
      CheckWorkerRef(file, line, "worker_id", t.value(col::kDevWorker));
      if (!writing()) continue;
      insert->Bind(1, WorkerKey(t.value(col::kDevWorker)));
      insert->BindOptional(2, ParseDate(t.value(col::kDevDate)));
      insert->Bind(3, ParseNumber(t.value(col::kHours)).value_or(0.0));
    }
    if (Status st = insert->Run(); !st.ok()) return st;
    ++report_->rows;
  }
  Notices(t);
  return Status::Ok();
}

// An SSD extract's teams, workers and allocations, read and checked by ssd/.
Status Loader::ReadOtherLayout() {
  OrganisationRows rows;
  if (Status s = ReadSsdExtract(options_, report_, &progress_, &rows); !s.ok()) return s;
  teams_ = std::move(rows.teams);
  workers_ = std::move(rows.workers);
  allocations_ = std::move(rows.allocations);
  teams_usable_ = rows.teams_usable;
  workers_usable_ = rows.workers_usable;
  return Status::Ok();
}

Status Loader::WriteAllocationRows(Database* db) {
  auto insert = db->Prepare("INSERT INTO allocations VALUES (?,?,?,?,?,?)");
  if (!insert.ok()) return insert.status();
  RowWriter rows(&*insert);
  for (const AllocationRow& r : allocations_) {
    rows.Text(r.case_id);
    rows.Text(r.case_type);
    rows.Int(WorkerKey(r.worker_id));
    rows.Text(r.role);
    rows.Int(r.start);
    WriteDay(rows, r.end);
    rows.EndRow();
    ++report_->rows;
  }
  return rows.Finish();
}

Status Loader::Run(Database* db) {
  const bool native = options_.layout == ExtractLayout::kNative;
  if (native) {
    ReadTeams();
    ReadWorkers();
  } else if (Status s = ReadOtherLayout(); !s.ok()) {
    return s;
  }
  CheckTeamsAndWorkers();
  CheckCycles();
  if (writing()) {
    if (Status s = WriteTeamsAndWorkers(db); !s.ok()) return s;
  }
  if (Status s = native ? StreamAllocations(db) : (writing() ? WriteAllocationRows(db) : Status::Ok());
      !s.ok()) {
    return s;
  }
  if (Status s = StreamSupervisions(db); !s.ok()) return s;
  for (int f : {kAbsences, kCover, kDevelopmentTime}) {
    if (Status s = StreamSmallFile(db, f); !s.ok()) return s;
  }
  progress_.Done();
  return Status::Ok();
}

}  // namespace

Status LoadExtract(const ImportOptions& options, ImportReport* report, Database* db) {
  Loader loader(options, report);
  return loader.Run(db);
}

}  // namespace oversight
