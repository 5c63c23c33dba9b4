// The tables that compare: each team's change since last week, the IRO FTE needed against
// the FTE in post, and the children in care with no IRO.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "checks/exception_format.h"
#include "policy/declarations.h"
#include "web/exception_list.h"
#include "web/tables.h"

namespace oversight {

namespace {

std::optional<double> Share(int64_t part, int64_t whole) {
  if (!whole) return std::nullopt;
  return Round1(100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

// "+1.2 points", "-3.4 points", "no change"; the number in CSV and JSON.
Cell Change(std::optional<double> now, std::optional<double> before) {
  if (!now || !before) return Cell::None();
  const double d = Round1(*now - *before);
  Cell c = Cell::Number(d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.1f points", d);
  c.text = d == 0 ? "no change" : buf;
  return c;
}

Cell ShareCell(std::optional<double> p) { return p ? Cell::Share(*p) : Cell::None(); }

}  // namespace

// Red when either share is below the poor target, green when both reach the good one.
static Cell AgainstTargets(std::optional<double> a, std::optional<double> b, const ComplianceTargets& targets) {
  if (!a && !b) return Cell::None();
  if ((a && *a < targets.poor) || (b && *b < targets.poor)) return Cell::Tag("Below " + FormatPercent(targets.poor), "red");
  if ((a || b) && (!a || *a >= targets.good) && (!b || *b >= targets.good)) {
    return Cell::Tag("At or above " + FormatPercent(targets.good), "green");
  }
  return Cell::Text("Between the targets");
}


DataTable ChangesTable(const std::vector<RecordedTeamMeasures>& rows, const std::vector<const Team*>& teams,
                       const ComplianceTargets& targets) {
  std::set<std::string> weeks;
  for (const auto& r : rows) weeks.insert(r.week);
  DataTable t;
  t.id = "changes";
  t.caption = "Change since last week, the team that got most worse first";
  t.AddColumn("Team", "team_id");
  t.AddColumn("Cases supervised in time", "cases_in_time_percent");
  t.AddColumn("Change", "cases_in_time_change");
  t.AddColumn("Well-being supervision in time", "wellbeing_in_time_percent");
  t.AddColumn("Change", "wellbeing_in_time_change");
  t.AddColumn("Against the targets", "against_targets");
  if (weeks.empty()) return t;
  const std::string latest = *weeks.rbegin();
  const std::string before = weeks.size() > 1 ? *std::next(weeks.rbegin()) : "";
  std::map<std::string, const RecordedTeamMeasures*> now, then;
  for (const auto& r : rows) {
    if (r.week == latest) now[r.team_id] = &r;
    if (r.week == before) then[r.team_id] = &r;
  }
  struct Line {
    std::vector<Cell> cells;
    std::optional<double> change;
  };
  std::vector<Line> lines;
  for (const Team* team : teams) {
    auto n = now.find(team->id);
    if (n == now.end()) continue;
    auto p = then.find(team->id);
    const RecordedTeamMeasures* b = p == then.end() ? nullptr : p->second;
    const auto cases = Share(n->second->cases_in_time, n->second->open_cases);
    const auto wellbeing = Share(n->second->wellbeing_in_time, n->second->wellbeing_workers);
    const auto cases_before = b ? Share(b->cases_in_time, b->open_cases) : std::nullopt;
    const auto wellbeing_before = b ? Share(b->wellbeing_in_time, b->wellbeing_workers) : std::nullopt;
    Cell c = Change(cases, cases_before);
    lines.push_back({{Cell::Link(team->name + " (" + team->id + ")", TeamPath(team->id)), ShareCell(cases), c,
                      ShareCell(wellbeing), Change(wellbeing, wellbeing_before), AgainstTargets(cases, wellbeing, targets)},
                     c.number});
    lines.back().cells[0].raw = team->id;
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    return a.change.value_or(1e9) < b.change.value_or(1e9);
  });
  for (auto& l : lines) t.rows.push_back(std::move(l.cells));
  return t;
}

DataTable IroNeedTable(const DashboardData& d, const std::vector<const Team*>& teams) {
  std::set<int64_t> visible;
  for (const Team* team : teams) visible.insert(team->key);
  double fte = 0;
  std::set<std::string> children;
  for (const Worker& w : d.run.org.workers()) {
    if (w.role != "iro" || !d.run.org.Employed(w.key, d.day) || !visible.count(w.team)) continue;
    fte += w.fte;
    auto it = d.iro_caseloads.find(w.key);
    if (it != d.iro_caseloads.end()) children.insert(it->second.begin(), it->second.end());
  }
  DataTable t;
  t.id = "iro-need";
  t.caption = "IRO FTE in post and needed";
  t.AddColumn("Figure", "figure");
  t.AddColumn("Value", "value");
  t.rows.push_back({Cell::Text("Children reviewed"), Cell::Count(static_cast<long long>(children.size()))});
  t.rows.push_back({Cell::Text("FTE in post"), Cell::Number(fte)});
  for (const char* figure : {kIroMinPerFte, kIroMaxPerFte}) {
    auto f = d.run.figures.find(figure);
    if (f == d.run.figures.end() || f->second <= 0) continue;
    t.rows.push_back({Cell::Text("FTE needed at " + FormatNumber2(f->second) + " children per FTE"),
                      Cell::Number(static_cast<double>(children.size()) / f->second)});
  }
  return t;
}

DataTable NoIroTable(const DashboardData& d, const std::vector<const Team*>& teams) {
  std::set<int64_t> visible;
  for (const Team* team : teams) visible.insert(team->key);
  DataTable t;
  t.id = "no-iro";
  t.caption = "Children in care with no IRO";
  t.AddColumn("Case", "case_id");
  t.AddColumn("Key worker's team", "team_id");
  t.AddColumn("Days late", "days_overdue");
  std::vector<const PolicyException*> found;
  for (const PolicyException& e : d.run.exceptions) {
    if (!e.case_id || !d.run.Counts(e, kChildWithoutIro) || !visible.count(d.run.org.worker(e.worker).team)) continue;
    found.push_back(&e);
  }
  std::stable_sort(found.begin(), found.end(), [](const PolicyException* a, const PolicyException* b) {
    return a->days_overdue.value_or(INT64_MIN) > b->days_overdue.value_or(INT64_MIN);
  });
  std::set<std::string> seen;
  for (const PolicyException* e : found) {
    if (!seen.insert(*e->case_id).second) continue;
    const Team& team = d.run.org.team(d.run.org.worker(e->worker).team);
    t.rows.push_back({Cell::Text(*e->case_id), Cell::Link(team.id, TeamPath(team.id)),
                      e->days_overdue ? Cell::Count(*e->days_overdue) : Cell::None()});
  }
  return t;
}

}  // namespace oversight
