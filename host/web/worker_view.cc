// One worker's figures for their page, CSV and JSON.
#include "web/worker_view.h"

#include <algorithm>
#include <map>

#include "checks/exception_format.h"
#include "web/exception_list.h"
#include "weekly/email_parts.h"

namespace oversight {

Result<std::vector<std::pair<std::string, std::string>>> SupervisionDates(const DashboardData& d, WorkerKey worker) {
  std::lock_guard<std::mutex> lock(*d.snapshot_mu);
  auto q = d.run.snapshot->Prepare("SELECT day, kind FROM supervisions WHERE worker = ?1 AND day <= ?2 "
                                   "ORDER BY day DESC, kind");
  if (!q.ok()) return q.status();
  q->Bind(1, static_cast<int64_t>(worker));
  q->Bind(2, static_cast<int64_t>(d.day));
  std::vector<std::pair<std::string, std::string>> out;
  Status st;
  while (q->Step(&st)) out.push_back({FormatDate(static_cast<Day>(q->Int(0))), q->Text(1)});
  if (!st.ok()) return st;
  return out;
}

DataTable WorkerCasesTable(const DashboardData& d, const Worker& w) {
  DataTable t;
  t.id = "worker-cases";
  t.caption = "Cases";
  t.AddColumn("Case", "case_id");
  t.AddColumn("Type", "case_type");
  t.AddColumn("Weight", "weight");
  t.AddColumn("Role", "role");
  for (const WorkerLoad& l : d.loads) {
    if (l.worker != w.key) continue;
    for (const HeldCase& c : l.cases) {
      t.rows.push_back({Cell::Text(c.case_id), Cell::Text(c.case_type), Cell::Number(c.weight), Cell::Text("Key worker")});
    }
  }
  auto iro = d.iro_caseloads.find(w.key);
  if (iro != d.iro_caseloads.end()) {
    for (const std::string& c : iro->second) {
      auto type = d.case_types.find(c);
      t.rows.push_back({Cell::Text(c), type == d.case_types.end() ? Cell::None() : Cell::Text(type->second), Cell::None(),
                        Cell::Text("IRO")});
    }
  }
  return t;
}

DataTable SupervisionTable(const DashboardData& d, const WorkerView& view) {
  std::map<std::string, std::vector<std::string>> by_kind;  // newest first
  for (const auto& [date, kind] : view.supervisions) by_kind[kind].push_back(date);
  const std::string year_ago = FormatDate(d.day - 365);
  DataTable t;
  t.id = "supervision";
  t.caption = "Supervision by kind (dates only)";
  t.AddColumn("Kind", "kind");
  t.AddColumn("Latest", "latest");
  t.AddColumn("In the last year", "sessions_last_year");
  t.AddColumn("Dates in the last year", "dates_last_year");
  for (const auto& [kind, dates] : by_kind) {
    std::string recent;
    long long n = 0;
    for (const std::string& date : dates) {
      if (date < year_ago) break;
      recent += (recent.empty() ? "" : ", ") + LongDate(date);
      ++n;
    }
    t.rows.push_back({Cell::Text(kind), Cell::Date(dates.front()), Cell::Count(n), recent.empty() ? Cell::None() : Cell::Text(recent)});
  }
  return t;
}

DataTable AbsencesTable(const DashboardData& d, const Worker& w) {
  DataTable t;
  t.id = "absences";
  t.caption = "Absences (dates only)";
  t.AddColumn("From", "from");
  t.AddColumn("To", "to");
  t.AddColumn("Days", "days");
  for (const Spell& s : d.run.org.Spells(w.key)) {
    if (s.last < d.day - 365) continue;
    t.rows.push_back({Cell::Date(FormatDate(s.first)), Cell::Date(FormatDate(s.last)),
                      Cell::Count(static_cast<long long>(s.last - s.first + 1))});
  }
  return t;
}

std::vector<PolicyException> WorkerExceptions(const DashboardData& d, const Worker& w) {
  const Team* team = &d.run.org.team(w.team);
  ExceptionFilter only;
  only.worker_id = w.id;
  return SelectExceptions(d, {team}, only);
}

std::string WorkerJson(const DashboardData& d, const WorkerView& view) {
  const Worker& w = *view.worker;
  auto rows = [&](const DataTable& t) {  // a table's rows, as TableJson writes them
    const std::string json = TableJson(t, "");
    const size_t at = json.find("\"rows\":");
    return json.substr(at + 7, json.rfind('}') - at - 7);
  };
  std::string scope = "\"worker_id\":" + JsonString(w.id) + ",\"name\":" + JsonString(w.name) +
                      ",\"team_id\":" + JsonString(d.run.org.team(w.team).id) + ",\"role\":" + JsonString(w.role) +
                      ",\"cases\":" + rows(WorkerCasesTable(d, w)) + ",\"supervisions\":[";
  for (size_t i = 0; i < view.supervisions.size(); ++i) {
    scope += (i ? "," : "") + std::string("{\"date\":\"") + view.supervisions[i].first +
             "\",\"kind\":" + JsonString(view.supervisions[i].second) + "}";
  }
  scope += "]";
  if (view.show_absences) scope += ",\"absences\":" + rows(AbsencesTable(d, w));
  return ExceptionsJson(d, scope, WorkerExceptions(d, w));
}

}  // namespace oversight
