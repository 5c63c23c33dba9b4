// Per-team and IRO-service figures.
#include "checks/measures.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <set>

#include "checks/exception_format.h"
#include "common/text_columns.h"

namespace oversight {

namespace {
std::optional<double> Percent(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}
std::string Num(std::optional<double> v) { return v ? FormatNumber2(*v) : "null"; }
}  // namespace

std::optional<double> TeamMeasures::case_supervision_pct() const { return Percent(cases_in_time, open_cases); }
std::optional<double> TeamMeasures::wellbeing_pct() const { return Percent(wellbeing_in_time, wellbeing_workers); }

Result<Measures> ComputeMeasures(const CheckRun& run, const CaseloadSettings& s, Day d) {
  const Organisation& org = run.org;
  Database* db = run.snapshot.get();
  Measures m;
  m.as_of = d;
  std::map<int64_t, TeamMeasures> by_team;
  for (const Team& t : org.teams()) by_team[t.key].team_id = t.id;

  // Cases: every active key-worker row counts, and is in time unless a plugin reports it
  // with a code that counts as "case not in time" (one exception per row at most).
  auto rows = db->Prepare(
      "SELECT worker FROM allocations WHERE role = 'key_worker' AND start_day <= ?1 "
      "AND (end_day IS NULL OR ?1 <= end_day)");
  if (!rows.ok()) return rows.status();
  rows->Bind(1, static_cast<int64_t>(d));
  Status st;
  while (rows->Step(&st)) {
    TeamMeasures& t = by_team[org.worker(rows->Int(0)).team];
    ++t.open_cases;
    ++t.cases_in_time;
  }
  if (!st.ok()) return st;
  // Well-being: the workers a plugin marks as in scope, in time unless reported with a
  // code that counts as "worker not in time".
  for (WorkerKey w : run.wellbeing_scope) {
    TeamMeasures& t = by_team[org.worker(w).team];
    ++t.wellbeing_workers;
    ++t.wellbeing_in_time;
  }
  std::set<WorkerKey> late_workers;
  for (const PolicyException& e : run.exceptions) {
    TeamMeasures& t = by_team[org.worker(e.worker).team];
    if (run.Counts(e, kCaseNotInTime)) --t.cases_in_time;
    if (run.Counts(e, kWorkerNotInTime) && run.wellbeing_scope.count(e.worker) && late_workers.insert(e.worker).second) {
      --t.wellbeing_in_time;
    }
  }

  auto loads = WorkerLoads(org, db, s, d, run.asye);
  if (!loads.ok()) return loads.status();
  for (const WorkerLoad& l : *loads) {
    if (!l.employed) continue;
    TeamMeasures& t = by_team[org.worker(l.worker).team];
    t.weighted_caseload += l.weighted;
    if (!l.absent) t.capacity += l.cap;
    if (Round2(l.weighted) > Round2(l.cap)) ++t.over_cap_workers;
  }
  std::map<std::string, TeamMeasures> by_service;
  for (auto& [key, t] : by_team) {
    m.teams.push_back(t);
    TeamMeasures& s = by_service[org.team(key).service];
    s.team_id = org.team(key).service;
    s.open_cases += t.open_cases;
    s.cases_in_time += t.cases_in_time;
    s.wellbeing_workers += t.wellbeing_workers;
    s.wellbeing_in_time += t.wellbeing_in_time;
    s.weighted_caseload += t.weighted_caseload;
    s.capacity += t.capacity;
    s.over_cap_workers += t.over_cap_workers;
  }
  for (auto& [name, t] : by_service) m.services.push_back(t);
  std::sort(m.teams.begin(), m.teams.end(),
            [](const TeamMeasures& a, const TeamMeasures& b) { return a.team_id < b.team_id; });

  // The IRO service.
  auto caseloads = LoadIroCaseloads(org, db, d);
  if (!caseloads.ok()) return caseloads.status();
  IroCaseloads& per_iro = *caseloads;
  std::set<std::string> all_cases;
  for (const auto& [w, cases] : per_iro) all_cases.insert(cases.begin(), cases.end());
  for (const Worker& w : org.workers()) {
    if (w.role != "iro" || !org.Employed(w.key, d)) continue;
    ++m.iro.iros;
    m.iro.fte += w.fte;
    m.iro.highest = std::max<int64_t>(m.iro.highest, static_cast<int64_t>(per_iro[w.key].size()));
  }
  m.iro.cases = static_cast<int64_t>(all_cases.size());
  // Per FTE, as the plugin that states the IRO range says (no such plugin: no figure).
  auto per_fte = [&](const char* figure) {
    auto f = run.figures.find(figure);
    return f == run.figures.end() ? 0.0 : static_cast<double>(m.iro.cases) / f->second;
  };
  m.iro.fte_needed_at_max = per_fte(kIroMaxPerFte);
  m.iro.fte_needed_at_min = per_fte(kIroMinPerFte);
  if (m.iro.fte > 0) m.iro.average_per_fte = static_cast<double>(m.iro.cases) / m.iro.fte;
  return m;
}

namespace {
void WriteFigures(std::ostream& out, const char* key, const std::vector<TeamMeasures>& rows) {
  out << "\"" << key << "\":[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const TeamMeasures& t = rows[i];
    out << (i ? ",\n  " : "\n  ") << "{\"" << (std::string(key) == "teams" ? "team_id" : "service") << "\":"
        << JsonString(t.team_id)
        << ",\"open_cases\":" << t.open_cases << ",\"cases_in_time\":" << t.cases_in_time
        << ",\"case_supervision_pct\":" << Num(t.case_supervision_pct())
        << ",\"wellbeing_workers\":" << t.wellbeing_workers
        << ",\"wellbeing_in_time\":" << t.wellbeing_in_time
        << ",\"wellbeing_pct\":" << Num(t.wellbeing_pct())
        << ",\"weighted_caseload\":" << FormatNumber2(t.weighted_caseload)
        << ",\"capacity\":" << FormatNumber2(t.capacity)
        << ",\"over_cap_workers\":" << t.over_cap_workers << "}";
  }
  out << "]";
}
}  // namespace

void WriteMeasuresJson(std::ostream& out, const Measures& m) {
  out << "{\"as_of\":\"" << FormatDate(m.as_of) << "\",\n ";
  WriteFigures(out, "teams", m.teams);
  out << ",\n ";
  WriteFigures(out, "services", m.services);
  const IroMeasures& r = m.iro;
  out << ",\n \"iro\":{\"iros\":" << r.iros << ",\"fte\":" << FormatNumber2(r.fte)
      << ",\"cases\":" << r.cases << ",\"fte_needed_at_70\":" << FormatNumber2(r.fte_needed_at_max)
      << ",\"fte_needed_at_50\":" << FormatNumber2(r.fte_needed_at_min)
      << ",\"average_per_fte\":" << Num(r.average_per_fte) << ",\"highest\":" << r.highest << "}}\n";
}

void WriteMeasuresTable(std::ostream& out, const Measures& m) {
  auto pct = [](std::optional<double> v) { return v ? FormatNumber2(*v) + "%" : std::string("-"); };
  out << "Measures as of " << FormatDate(m.as_of) << "\n";
  auto table = [&](const char* title, const std::vector<TeamMeasures>& rows, int width) {
    out << "\n" << std::left << std::setw(width) << title << std::right << std::setw(7) << "cases" << std::setw(10)
        << "in time" << std::setw(10) << "wellbeing" << std::setw(10) << "weighted" << std::setw(10) << "capacity"
        << std::setw(9) << "over cap" << "\n";
    for (const TeamMeasures& t : rows) {
      out << PadRight(t.team_id, static_cast<size_t>(width - 1)) << " " << std::right
          << std::setw(7) << t.open_cases << std::setw(10) << pct(t.case_supervision_pct()) << std::setw(10)
          << pct(t.wellbeing_pct()) << std::setw(10) << FormatNumber2(t.weighted_caseload) << std::setw(10)
          << FormatNumber2(t.capacity) << std::setw(9) << t.over_cap_workers << "\n";
    }
  };
  table("team", m.teams, 8);
  table("service", m.services, 24);
  const IroMeasures& r = m.iro;
  const std::string iro = "IRO service: " + std::to_string(r.iros) + " IROs, " + FormatNumber2(r.fte) + " FTE, " +
                          std::to_string(r.cases) + " children; " +
                          (r.average_per_fte ? FormatNumber2(*r.average_per_fte) : "-") + " per FTE (highest " +
                          std::to_string(r.highest) + "); FTE needed: " + FormatNumber2(r.fte_needed_at_max) +
                          " at the maximum, " + FormatNumber2(r.fte_needed_at_min) + " at the minimum";
  out << "\n";
  for (const std::string& line : Wrap(iro, kTerminalColumns, "  ")) out << line << "\n";
}

}  // namespace oversight
