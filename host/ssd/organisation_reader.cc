// Reading and joining the SSD's departments and professionals with the supplement.
#include "ssd/organisation_reader.h"

#include <unordered_map>

#include "extract/table_reader.h"
#include "ssd/ssd_files.h"

namespace oversight {

namespace {

struct Line {  // a record of one file: its line and values in SsdFileSpec column order
  int64_t line;
  std::vector<std::string> values;
};

struct Table {
  std::vector<Line> lines;
  bool usable = false;  // the file was read whole: keys and references into it can be judged
};

Table Read(const SsdReadContext& c, int file) {
  const FileSpec& spec = SsdFileSpec(file);
  TableReader t(c.dir, spec, SsdErrorOrder(file), c.errors);
  Table table;
  while (t.Next()) {
    Line l{t.line(), {}};
    for (size_t i = 0; i < spec.columns.size(); ++i) l.values.emplace_back(t.value(static_cast<int>(i)));
    table.lines.push_back(std::move(l));
    c.progress->Update(spec.file, t.bytes_read(), t.file_size());
  }
  table.usable = t.usable() && t.malformed_records() == 0;
  for (const auto& n : t.notices()) c.notices->push_back(n);
  return table;
}

Where At(int file, int64_t line, int column) {
  const FileSpec& spec = SsdFileSpec(file);
  return {SsdErrorOrder(file), spec.file.c_str(), line, spec.columns[column].name.c_str()};
}

std::optional<Day> DateOrNone(const std::string& v) { return v.empty() ? std::nullopt : ParseDate(v); }

// Teams: one per department, its manager from team_managers.csv (exactly one row).
void MakeTeams(const Table& departments, const Table& managers, ImportErrors* errors,
               std::vector<TeamRow>* teams) {
  using namespace ssd_col;
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < departments.lines.size(); ++i) {
    by_id.emplace(departments.lines[i].values[kDeptId], i);
  }
  std::vector<std::vector<const Line*>> manager_rows(departments.lines.size());
  for (const Line& m : managers.lines) {
    const std::string& team = m.values[kTmTeam];
    auto it = by_id.find(team);
    if (it != by_id.end()) {
      manager_rows[it->second].push_back(&m);
    } else if (!team.empty() && departments.usable) {
      At(kTeamManagers, m.line, kTmTeam).Report(errors,
          "no department in ssd_department.csv has dept_team_id '" + team + "'");
    }
  }
  for (size_t i = 0; i < departments.lines.size(); ++i) {
    const Line& d = departments.lines[i];
    const auto& rows = manager_rows[i];
    if (managers.usable && !d.values[kDeptId].empty() && rows.size() != 1 &&
        by_id[d.values[kDeptId]] == i) {
      At(kSsdDepartment, d.line, kDeptId).Report(errors,
          rows.empty() ? "department '" + d.values[kDeptId] + "' has no row in team_managers.csv"
                       : "department '" + d.values[kDeptId] + "' has " + std::to_string(rows.size()) +
                             " rows in team_managers.csv; it must have one");
    }
    const std::string& parent = d.values[kDeptParentName];
    const Where id_at = At(kSsdDepartment, d.line, kDeptId);
    TeamRow t{d.values[kDeptId], d.values[kDeptName], parent.empty() ? d.values[kDeptName] : parent,
              rows.empty() ? "" : rows[0]->values[kTmManager], id_at,
              rows.empty() ? id_at : At(kTeamManagers, rows[0]->line, kTmManager)};
    teams->push_back(std::move(t));
  }
}

// The department a professional's prof_professional_department names: by id, else by name.
const Line* FindDepartment(const Table& departments, const std::string& value) {
  for (const Line& d : departments.lines) {
    if (d.values[ssd_col::kDeptId] == value) return &d;
  }
  for (const Line& d : departments.lines) {
    if (d.values[ssd_col::kDeptName] == value) return &d;
  }
  return nullptr;
}

std::string TitleList(const MappingTable& titles) {
  std::string list;
  for (const auto& k : titles.keys()) list += (list.empty() ? "" : ", ") + k;
  return list;
}

// workforce.csv by worker id: one row per professional, none for anybody else.
std::unordered_map<std::string, const Line*> IndexWorkforce(const Table& workforce,
                                                            const Table& professionals,
                                                            ImportErrors* errors) {
  using namespace ssd_col;
  std::unordered_map<std::string, const Line*> rows, known;
  for (const Line& p : professionals.lines) known.emplace(p.values[kProfId], &p);
  for (const Line& w : workforce.lines) {
    const std::string& id = w.values[kWfWorker];
    if (id.empty()) continue;
    if (!rows.emplace(id, &w).second) {
      At(kWorkforce, w.line, kWfWorker).Report(errors, "a second row for worker '" + id + "'");
    } else if (professionals.usable && !known.count(id)) {
      At(kWorkforce, w.line, kWfWorker).Report(errors,
          "no professional in ssd_professionals.csv has prof_professional_id '" + id + "'");
    }
  }
  return rows;
}

// workforce.role, else the role of the job title in the table.
std::string Role(const Line& p, const Line* w, const MappingTable& job_titles,
                 const std::string& job_titles_file, ImportErrors* errors) {
  using namespace ssd_col;
  std::string role = w ? w->values[kWfRole] : "";
  const std::string& title = p.values[kProfJobTitle];
  if (!role.empty() || title.empty()) return role;
  if (auto mapped = job_titles.Find(title)) return *mapped;
  At(kSsdProfessionals, p.line, kProfJobTitle).Report(errors,
      "job title '" + title + "' is not in the job-title table (" + job_titles_file +
          "), and workforce.csv gives no role; the table holds: " + TitleList(job_titles));
  return role;
}

// One professional with their workforce row `w` (null: none) as a worker.
WorkerRow Worker(const Line& p, const Line* w, const Line* dept, std::string role) {
  using namespace ssd_col;
  auto wv = [&](int column) { return w ? w->values[column] : std::string(); };
  // Without a workforce row there is no line manager or end date to report on.
  const Where none = At(kSsdProfessionals, p.line, kProfId);
  return {p.values[kProfId], p.values[kProfName], wv(kWfEmail), std::move(role),
          dept ? dept->values[kDeptId] : "", wv(kWfLineManager), p.values[kProfFte],
          DateOrNone(wv(kWfStart)), DateOrNone(wv(kWfEnd)), DateOrNone(wv(kWfAsye)),
          At(kSsdProfessionals, p.line, kProfId), At(kSsdProfessionals, p.line, kProfDepartment),
          w ? At(kWorkforce, w->line, kWfLineManager) : none, w ? At(kWorkforce, w->line, kWfEnd) : none};
}

}  // namespace

void ReadSsdOrganisation(const SsdReadContext& c, const MappingTable& job_titles,
                         const std::string& job_titles_file, OrganisationRows* rows) {
  using namespace ssd_col;
  Table departments = Read(c, kSsdDepartment), professionals = Read(c, kSsdProfessionals),
        workforce = Read(c, kWorkforce), managers = Read(c, kTeamManagers);
  MakeTeams(departments, managers, c.errors, &rows->teams);
  auto supplement = IndexWorkforce(workforce, professionals, c.errors);
  for (const Line& p : professionals.lines) {
    const std::string& id = p.values[kProfId];
    auto found = supplement.find(id);
    const Line* w = found == supplement.end() ? nullptr : found->second;
    if (!w && !id.empty() && workforce.usable) {
      At(kSsdProfessionals, p.line, kProfId).Report(c.errors, "professional '" + id + "' has no row in workforce.csv");
    }
    const std::string& named = p.values[kProfDepartment];
    const Line* dept = FindDepartment(departments, named);
    if (!dept && !named.empty() && departments.usable) {
      At(kSsdProfessionals, p.line, kProfDepartment).Report(c.errors,
          "'" + named + "' is neither a dept_team_id nor a dept_team_name in ssd_department.csv");
    }
    rows->workers.push_back(Worker(p, w, dept, Role(p, w, job_titles, job_titles_file, c.errors)));
  }
  rows->teams_usable = departments.usable;
  rows->workers_usable = professionals.usable;
}

}  // namespace oversight
