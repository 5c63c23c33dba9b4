// Reading ssd_involvements.csv into allocation rows. Values are judged only on the
// involvements kept; every error is on the involvement's own line.
#include "ssd/involvements.h"

#include <algorithm>
#include <map>

#include "extract/table_reader.h"
#include "extract/values.h"
#include "ssd/sql_server_values.h"
#include "ssd/ssd_files.h"

namespace oversight {

namespace {

using namespace ssd_col;

struct Counts {
  std::map<std::string, int64_t> other_roles;  // role code as written -> involvements
  int64_t team_only = 0, kept = 0, duplicates = 0;
};

class InvolvementReader {
 public:
  InvolvementReader(const SsdReadContext& c, const InvolvementSources& s, std::vector<AllocationRow>* out)
      : c_(c), s_(s), out_(out), spec_(SsdFileSpec(kSsdInvolvements)),
        t_(c.dir, spec_, SsdErrorOrder(kSsdInvolvements), c.errors) {}

  void Run() {
    while (t_.Next()) {
      Involvement();
      c_.progress->Update(spec_.file, t_.bytes_read(), t_.file_size());
    }
    for (const auto& n : t_.notices()) c_.notices->push_back(n);
    Notices();
  }

 private:
  void Error(int column, const std::string& reason) {
    c_.errors->Add(SsdErrorOrder(kSsdInvolvements), spec_.file, t_.line(), spec_.columns[column].name,
                   reason);
    ok_ = false;
  }
  // A value that must be an id; `required`: it may not be empty.
  void CheckId(int column, bool required) {
    std::string_view v = t_.value(column);
    if (v.empty()) {
      if (required) Error(column, "required value is empty");
      return;
    }
    if (auto reason = CheckValue({"", true, true, ValueType::kId, {}}, v)) Error(column, *reason);
  }
  std::optional<Day> Date(int column, bool required) {
    std::string_view v = t_.value(column);
    if (v.empty()) {
      if (required) Error(column, "required value is empty");
      return std::nullopt;
    }
    if (auto reason = CheckValue({"", true, true, ValueType::kSqlServerDate, {}}, v)) Error(column, *reason);
    return ParseSqlServerDate(v);
  }

  void Involvement();
  void Keep(const std::string& role);
  void Add(AllocationRow row);
  void Notices();

  const SsdReadContext& c_;
  const InvolvementSources& s_;
  std::vector<AllocationRow>* out_;
  const FileSpec& spec_;
  TableReader t_;
  bool ok_ = true;
  Counts counts_;
  std::unordered_set<std::string> keys_;  // case, worker, role, start of each row kept
};

void InvolvementReader::Involvement() {
  if (!t_.usable()) return;
  const std::string code(t_.value(kInvoRole));
  std::optional<std::string> role = s_.roles->Find(code);
  if (!role) {
    ++counts_.other_roles[code.empty() ? "(empty)" : code];
    return;
  }
  std::string_view professional = t_.value(kInvoProfessional);
  if (professional.empty() || professional == "-1") {
    ++counts_.team_only;
    return;
  }
  Keep(*role);
}

void InvolvementReader::Keep(const std::string& role) {
  ok_ = t_.row_ok();
  CheckId(kInvoId, true);
  CheckId(kInvoProfessional, true);
  CheckId(kInvoPerson, true);
  std::optional<Day> start = Date(kInvoStart, true);
  std::optional<Day> end = Date(kInvoEnd, false);
  if (end && IsOpenEnd(*end)) end.reset();
  const std::string worker(t_.value(kInvoProfessional)), person(t_.value(kInvoPerson));
  if (s_.professionals && ok_ && !s_.professionals->count(worker)) {
    Error(kInvoProfessional, "no professional in ssd_professionals.csv has prof_professional_id '" + worker + "'");
  }
  if (start && end && *end < *start) {
    Error(kInvoEnd, "invo_involvement_end_date " + FormatDate(*end) +
                        " is before invo_involvement_start_date " + FormatDate(*start));
  }
  if (!ok_ || !start) return;
  ++counts_.kept;
  if (role == "iro") {
    Add({person, "CIC", worker, role, *start, end});
    return;
  }
  for (const InvolvementPiece& p : s_.histories->CutInvolvement(person, *start, end)) {
    Add({person, p.case_type, worker, role, p.start, p.end});
  }
}

void InvolvementReader::Add(AllocationRow row) {
  std::string key = row.case_id + '\x1f' + row.worker_id + '\x1f' + row.role + '\x1f' + std::to_string(row.start);
  if (!keys_.insert(std::move(key)).second) {
    ++counts_.duplicates;
    return;
  }
  out_->push_back(std::move(row));
}

void InvolvementReader::Notices() {
  const std::string& file = spec_.file;
  if (!counts_.other_roles.empty()) {
    std::vector<std::pair<std::string, int64_t>> roles(counts_.other_roles.begin(), counts_.other_roles.end());
    std::stable_sort(roles.begin(), roles.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    int64_t total = 0;
    std::string list;
    for (const auto& [code, n] : roles) {
      total += n;
      list += (list.empty() ? "" : ", ") + code + " " + std::to_string(n);
    }
    c_.notices->push_back(file + ": " + std::to_string(total) +
                          " involvements skipped: their invo_professional_role_id is not in the "
                          "involvement-role table (" + s_.roles_file + "): " + list);
  }
  if (counts_.team_only > 0) {
    c_.notices->push_back(file + ": " + std::to_string(counts_.team_only) +
                          " key-worker or IRO involvements skipped: invo_professional_id is empty "
                          "or -1 (a team-only involvement)");
  }
  if (counts_.duplicates > 0) {
    c_.notices->push_back(file + ": " + std::to_string(counts_.duplicates) +
                          " allocations dropped: the same child, worker, role and start date as an "
                          "earlier one, which is kept");
  }
}

}  // namespace

void ReadInvolvements(const SsdReadContext& c, const InvolvementSources& s,
                      std::vector<AllocationRow>* allocations) {
  InvolvementReader reader(c, s, allocations);
  reader.Run();
}

}  // namespace oversight
