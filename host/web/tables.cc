// Building the dashboard's tables from the day's data.
#include "web/tables.h"

#include <map>
#include <set>

#include "weekly/email_parts.h"

namespace oversight {

namespace {
struct Balance {
  double weighted = 0, capacity = 0;
  long long exceptions = 0;
  std::set<std::string> children;  // the case ids the employed hold as key worker
};

// Per team key, in one pass over the day's loads and exceptions: weighted caseload of the
// employed, capacity of those at work, and exceptions.
std::vector<Balance> BalanceByTeam(const DashboardData& d) {
  std::vector<Balance> by(d.run.org.teams().size() + 1);
  for (const auto& l : d.loads) {
    if (!l.employed) continue;
    Balance& b = by[static_cast<size_t>(d.run.org.worker(l.worker).team)];
    b.weighted += l.weighted;
    if (!l.absent) b.capacity += l.cap;
    for (const HeldCase& c : l.cases) b.children.insert(c.case_id);
  }
  for (const auto& e : d.run.exceptions) ++by[static_cast<size_t>(d.run.org.worker(e.worker).team)].exceptions;
  return by;
}

Cell UseOf(const Balance& b) {
  if (b.capacity <= 0) return Cell::None();
  return Cell::Share(100 * b.weighted / b.capacity);
}
}  // namespace

DataTable TeamsTable(const DashboardData& d, const std::vector<const Team*>& teams) {
  DataTable t;
  t.id = "teams";
  t.caption = "Teams you can see";
  t.AddColumn("Team", "team_name");
  t.AddColumn("Team id", "team_id");
  t.AddColumn("Service", "service");
  t.AddColumn("Weighted caseload", "weighted_caseload");
  t.AddColumn("Capacity", "capacity");
  t.AddColumn("Use of capacity", "use_of_capacity_percent");
  t.AddColumn("Children", "children");
  t.AddColumn("Exceptions", "exceptions");
  const std::vector<Balance> by_team = BalanceByTeam(d);
  for (const Team* team : teams) {
    const Balance& b = by_team[static_cast<size_t>(team->key)];
    t.rows.push_back({Cell::Link(team->name, TeamPath(team->id)), Cell::Text(team->id), Cell::Text(team->service),
                      Cell::Number(b.weighted), Cell::Number(b.capacity), UseOf(b),
                      Cell::Count(static_cast<long long>(b.children.size())), Cell::Count(b.exceptions)});
  }
  return t;
}

DataTable ServicesTable(const DashboardData& d, const std::vector<const Team*>& teams) {
  std::map<std::string, Balance> services;
  const std::vector<Balance> by_team = BalanceByTeam(d);
  for (const Team* team : teams) {
    const Balance& b = by_team[static_cast<size_t>(team->key)];
    services[team->service].weighted += b.weighted;
    services[team->service].capacity += b.capacity;
    services[team->service].children.insert(b.children.begin(), b.children.end());
  }
  DataTable t;
  t.id = "services";
  t.caption = "By service";
  t.AddColumn("Service", "service");
  t.AddColumn("Weighted caseload", "weighted_caseload");
  t.AddColumn("Capacity", "capacity");
  t.AddColumn("Use of capacity", "use_of_capacity_percent");
  t.AddColumn("Children", "children");
  for (const auto& [service, b] : services) {
    t.rows.push_back({Cell::Text(service), Cell::Number(b.weighted), Cell::Number(b.capacity), UseOf(b),
                      Cell::Count(static_cast<long long>(b.children.size()))});
  }
  return t;
}

DataTable IroTable(const DashboardData& d, const std::vector<const Team*>& teams) {
  const Organisation& org = d.run.org;
  std::set<int64_t> visible;
  for (const Team* team : teams) visible.insert(team->key);
  std::set<WorkerKey> over;  // as the plugins judged it: codes that count "worker over limit"
  for (const auto& e : d.run.exceptions) {
    if (d.run.Counts(e, kWorkerOverLimit)) over.insert(e.worker);
  }
  DataTable t;
  t.id = "iros";
  t.caption = "IROs and the children they review";
  t.AddColumn("IRO", "worker_id");
  t.AddColumn("Name", "name");
  t.AddColumn("Team", "team_id");
  t.AddColumn("FTE", "fte");
  t.AddColumn("Children", "children");
  t.AddColumn("Range from", "range_from");
  t.AddColumn("Limit", "limit");
  t.AddColumn("State", "state");
  for (const Worker& w : org.workers()) {
    if (w.role != "iro" || !org.Employed(w.key, d.day) || !visible.count(w.team)) continue;
    auto it = d.iro_caseloads.find(w.key);
    const long long children = it == d.iro_caseloads.end() ? 0 : static_cast<long long>(it->second.size());
    // The range as the plugins marked it for this IRO.
    auto marked = [](const std::map<WorkerKey, double>& m, WorkerKey k) {
      auto it = m.find(k);
      return it == m.end() ? std::optional<double>() : std::optional<double>(it->second);
    };
    const std::optional<double> from = marked(d.run.floor, w.key), limit = marked(d.run.limit, w.key);
    const char* state = over.count(w.key)             ? "Over the limit"
                        : from && children < *from     ? "Below the range"
                                                       : "Within the range";
    t.rows.push_back({Cell::Text(w.id), Cell::Text(w.name), Cell::Text(org.team(w.team).id), Cell::Number(w.fte),
                      Cell::Count(children), from ? Cell::Number(*from) : Cell::Text(""),
                      limit ? Cell::Number(*limit) : Cell::Text(""), Cell::Text(state)});
  }
  return t;
}

DataTable TrendsTable(const std::vector<RecordedTeamMeasures>& rows) {
  DataTable t;
  t.id = "trends";
  t.caption = "Cases supervised in time and workers with well-being supervision in time, by week";
  t.AddColumn("Week of", "week");
  t.AddColumn("Team", "team_id");
  t.AddColumn("Open cases", "open_cases");
  t.AddColumn("Cases in time", "cases_in_time");
  t.AddColumn("Cases in time (%)", "cases_in_time_percent");
  t.AddColumn("Workers due well-being supervision", "wellbeing_workers");
  t.AddColumn("Well-being in time", "wellbeing_in_time");
  t.AddColumn("Well-being in time (%)", "wellbeing_in_time_percent");
  t.AddColumn("Workers over cap", "over_cap_workers");
  for (const auto& r : rows) {
    t.rows.push_back({Cell::Date(r.week), Cell::Text(r.team_id), Cell::Count(r.open_cases), Cell::Count(r.cases_in_time),
                      Cell::Percent(r.cases_in_time, r.open_cases), Cell::Count(r.wellbeing_workers),
                      Cell::Count(r.wellbeing_in_time), Cell::Percent(r.wellbeing_in_time, r.wellbeing_workers),
                      Cell::Count(r.over_cap_workers)});
  }
  return t;
}

DataTable RunsTable(const std::vector<RunRecord>& runs) {
  DataTable t;
  t.id = "runs";
  t.caption = "Recent runs";
  t.AddColumn("Run", "run_id");
  t.AddColumn("Kind", "kind");
  t.AddColumn("As of", "as_of");
  t.AddColumn("Started (UTC)", "started_at");
  t.AddColumn("Policy version", "policy_version");
  t.AddColumn("Exceptions", "exceptions");
  t.AddColumn("Policies that failed", "failed_plugins");
  for (const auto& r : runs) {
    t.rows.push_back({Cell::Count(r.run_id), Cell::Text(r.kind), Cell::Text(r.as_of), Cell::Text(r.started_at),
                      r.policy_version.empty() ? Cell::None() : Cell::Text(r.policy_version), Cell::Count(r.exceptions),
                      r.failed_plugins.empty() ? Cell::None() : Cell::Text(r.failed_plugins)});
  }
  return t;
}

DataTable UsersTable(const std::vector<User>& users) {
  DataTable t;
  t.id = "users";
  t.caption = "Who can sign in";
  t.AddColumn("Username", "username");
  t.AddColumn("Role", "role");
  t.AddColumn("Worker", "worker_id");
  for (const auto& u : users) {
    t.rows.push_back({Cell::Text(u.username), Cell::Text(u.role), u.worker_id.empty() ? Cell::None() : Cell::Text(u.worker_id)});
  }
  return t;
}

DataTable MovesTable(const Organisation& org, const RebalancePlan& plan) {
  DataTable t;
  t.id = "moves";
  t.caption = "Proposed moves";
  t.AddColumn("Case", "case_id");
  t.AddColumn("Type", "case_type");
  t.AddColumn("Weight", "weight");
  t.AddColumn("From", "from_worker_id");
  t.AddColumn("To", "to_worker_id");
  for (const Move& m : plan.moves) {
    t.rows.push_back({Cell::Text(m.case_id), Cell::Text(m.case_type), Cell::Number(m.weight),
                      Cell::Text(org.worker(m.from).id), Cell::Text(org.worker(m.to).id)});
  }
  return t;
}

}  // namespace oversight
