// Filtering, sorting and rendering the exceptions a user may see.
#include "web/exception_list.h"

#include <Poco/URI.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "checks/exception_format.h"
#include "weekly/email_parts.h"

namespace oversight {

namespace {

std::string CaseType(const DashboardData& d, const PolicyException& e) {
  if (!e.case_id) return "";
  auto it = d.case_types.find(*e.case_id);
  return it == d.case_types.end() ? "" : it->second;
}

std::string Encode(const std::string& s) {
  std::string out;
  Poco::URI::encode(s, "&=?#+%/;", out);
  return out;
}

}  // namespace

bool ExceptionFilter::Matches(const DashboardData& d, const PolicyException& e) const {
  const Organisation& org = d.run.org;
  const Worker& w = org.worker(e.worker);
  const Team& t = org.team(w.team);
  return (service.empty() || t.service == service) && (team_id.empty() || t.id == team_id) &&
         (case_type.empty() || CaseType(d, e) == case_type) && (policy.empty() || e.policy == policy) &&
         (severity.empty() || e.severity == severity) && (worker_id.empty() || w.id == worker_id);
}

std::string ExceptionFilter::Query() const {
  std::string q;
  for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"service", &service}, {"team", &team_id},
                                   {"case_type", &case_type}, {"policy", &policy}, {"severity", &severity},
                                   {"worker", &worker_id}}) {
    if (!value->empty()) q += (q.empty() ? "?" : "&") + std::string(key) + "=" + Encode(*value);
  }
  return q;
}

ExceptionFilter FilterFromQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  ExceptionFilter f;
  for (const auto& [k, v] : query) {
    if (k == "service") f.service = v;
    else if (k == "team") f.team_id = v;
    else if (k == "case_type") f.case_type = v;
    else if (k == "policy") f.policy = v;
    else if (k == "severity") f.severity = v;
    else if (k == "worker") f.worker_id = v;
  }
  return f;
}

std::vector<PolicyException> SelectExceptions(const DashboardData& d, const std::vector<const Team*>& teams,
                                              const ExceptionFilter& filter) {
  std::set<int64_t> visible;
  for (const Team* t : teams) visible.insert(t->key);
  std::vector<PolicyException> out;
  for (const PolicyException& e : d.run.exceptions) {
    if (visible.count(d.run.org.worker(e.worker).team) && filter.Matches(d, e)) out.push_back(e);
  }
  // The most days late first; those with no days late after, each in the run's order.
  std::stable_sort(out.begin(), out.end(), [](const PolicyException& a, const PolicyException& b) {
    return a.days_overdue.value_or(INT64_MIN) > b.days_overdue.value_or(INT64_MIN);
  });
  return out;
}

std::string PolicyTitle(const CheckRun& run, const std::string& policy) {
  for (const PluginOutcome& p : run.plugins) {
    if (p.name == policy && !p.title.empty()) return p.title;
  }
  return policy;
}

std::string CodeLabel(const CheckRun& run, const PolicyException& e) {
  const CodeDeclaration* d = run.Declared(e);
  return d && !d->label.empty() ? d->label : e.code;
}

DataTable ExceptionsTable(const DashboardData& d, const std::vector<PolicyException>& list) {
  const Organisation& org = d.run.org;
  DataTable t;
  t.id = "exceptions";
  t.caption = "Exceptions, the most days late first";
  t.AddColumn("Policy", "policy");
  t.AddColumn("Issue", "code");
  t.AddColumn("Severity", "severity");
  t.AddColumn("Worker", "worker_id");
  t.AddColumn("Case", "case_id");
  t.AddColumn("Days late", "days_overdue");
  t.AddColumn("What", "message");
  for (const PolicyException& e : list) {
    const Worker& w = org.worker(e.worker);
    t.rows.push_back({Cell::Text(PolicyTitle(d.run, e.policy)), Cell::Text(CodeLabel(d.run, e)), Cell::Text(e.severity),
                      Cell::Link(w.id, WorkerPath(w.id)), e.case_id ? Cell::Text(*e.case_id) : Cell::None(),
                      e.days_overdue ? Cell::Count(*e.days_overdue) : Cell::None(), Cell::Text(e.message)});
  }
  return t;
}

std::string ExceptionsCsv(const DashboardData& d, const std::vector<PolicyException>& list) {
  const Organisation& org = d.run.org;
  std::string out = "policy,code,severity,worker_id,case_id,recipient_id,due_date,days_overdue,message\r\n";
  for (const PolicyException& e : list) {
    out += CsvField(e.policy) + "," + CsvField(e.code) + "," + CsvField(e.severity) + "," + CsvField(org.worker(e.worker).id) +
           "," + CsvField(e.case_id.value_or("")) + "," + CsvField(e.recipient ? org.worker(*e.recipient).id : "") + "," +
           (e.due_date ? FormatDate(*e.due_date) : "") + "," + (e.days_overdue ? std::to_string(*e.days_overdue) : "") +
           "," + CsvField(e.message) + "\r\n";
  }
  return out;
}

std::string ExceptionsJson(const DashboardData& d, const std::string& scope, const std::vector<PolicyException>& list) {
  std::ostringstream lines;
  WriteJsonl(lines, d.run.org, list);
  std::string out = "{" + scope + (scope.empty() ? "" : ",") + "\"as_of\":\"" + FormatDate(d.day) + "\",\"exceptions\":[";
  std::istringstream in(lines.str());
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    out += (first ? "" : ",") + line;
    first = false;
  }
  return out + "]}\n";
}

std::string FilterForm(const DashboardData& d, const std::vector<const Team*>& teams, const ExceptionFilter& filter,
                       const std::string& action, const std::vector<std::string>& fields) {
  std::set<int64_t> visible;
  std::set<std::string> services;
  std::vector<std::pair<std::string, std::string>> team_options;
  for (const Team* t : teams) {
    visible.insert(t->key);
    services.insert(t->service);
    team_options.push_back({t->id, t->name + " (" + t->id + ")"});
  }
  std::map<std::string, std::string> policies, workers;  // value -> words
  std::set<std::string> severities;
  for (const PolicyException& e : d.run.exceptions) {
    const Worker& w = d.run.org.worker(e.worker);
    if (!visible.count(w.team)) continue;
    policies[e.policy] = PolicyTitle(d.run, e.policy);
    severities.insert(e.severity);
    workers[w.id] = w.id + " " + w.name;
  }
  std::ostringstream b;
  auto select = [&](const char* name, const char* label, const char* all,
                    const std::vector<std::pair<std::string, std::string>>& options, const std::string& chosen) {
    b << "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"" << name << "\">" << label
      << "</label><select class=\"govuk-select\" id=\"" << name << "\" name=\"" << name << "\"><option value=\"\">"
      << all << "</option>";
    for (const auto& [value, words] : options) {
      b << "<option value=\"" << HtmlEscape(value) << "\"" << (value == chosen ? " selected" : "") << ">"
        << HtmlEscape(words) << "</option>";
    }
    b << "</select></div>";
  };
  auto pairs = [](const auto& values) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& v : values) out.push_back({v, v});
    return out;
  };
  std::vector<std::string> types;
  for (const auto& [type, weight] : d.settings.weights) types.push_back(type);
  b << "<form method=\"get\" action=\"" << HtmlEscape(action) << "\" class=\"app-filters\">";
  for (const std::string& f : fields) {
    if (f == "service") select("service", "Service", "Every service", pairs(services), filter.service);
    if (f == "team") select("team", "Team", "Every team", team_options, filter.team_id);
    if (f == "case_type") select("case_type", "Case type", "Every case type", pairs(types), filter.case_type);
    if (f == "policy") select("policy", "Policy", "All policies", {policies.begin(), policies.end()}, filter.policy);
    if (f == "severity") select("severity", "Severity", "Breaches and warnings", pairs(severities), filter.severity);
    if (f == "worker") select("worker", "Worker", "Every worker", {workers.begin(), workers.end()}, filter.worker_id);
  }
  b << "<button class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Filter</button></form>";
  return b.str();
}

}  // namespace oversight

namespace oversight {

std::string FilterWords(const DashboardData& d, const ExceptionFilter& filter) {
  std::string said;
  for (const std::string& v : {filter.service, filter.team_id, filter.case_type,
                               filter.policy.empty() ? filter.policy : PolicyTitle(d.run, filter.policy), filter.severity,
                               filter.worker_id}) {
    if (!v.empty()) said += (said.empty() ? "" : ", ") + v;
  }
  return (said.empty() ? std::string("All exceptions") : "Exceptions: " + said) + " (the most days late first)";
}

}  // namespace oversight
