// The exceptions a user asks to see: the filter (service, team, case type, policy,
// severity, worker) as a plain GET form, applied only within the teams the user may see,
// sorted by days late; the same list on the page, as CSV and as JSON. Policy and code
// labels come from the plugins' declarations, never from names in here.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "web/data_table.h"
#include "web/team_view.h"

namespace oversight {

// Which exceptions to show (empty: any). A filter only narrows: the teams it may reach
// are always those passed to SelectExceptions.
struct ExceptionFilter {
  std::string service, team_id, case_type, policy, severity, worker_id;
  bool Matches(const DashboardData& d, const PolicyException& e) const;
  // The filter as a query string ("?policy=x&severity=y"), or "" when it filters nothing.
  std::string Query() const;
};

// The filter a request's query asks for, from its name=value pairs.
ExceptionFilter FilterFromQuery(const std::vector<std::pair<std::string, std::string>>& query);

// The exceptions about workers of `teams` that `filter` keeps, the most days late first.
std::vector<PolicyException> SelectExceptions(const DashboardData& d, const std::vector<const Team*>& teams,
                                              const ExceptionFilter& filter);

// For people: the plugin's title for a policy, and the declared label of an exception's code.
std::string PolicyTitle(const CheckRun& run, const std::string& policy);
std::string CodeLabel(const CheckRun& run, const PolicyException& e);

// The list for the page: policy and code labels, worker (linked), case, days late.
DataTable ExceptionsTable(const DashboardData& d, const std::vector<PolicyException>& list);
// The list for downloads: policy, code, severity, worker_id, case_id, ... (cli.md's record).
std::string ExceptionsCsv(const DashboardData& d, const std::vector<PolicyException>& list);
// {"scope": {"team_id"|...}, "as_of": ..., "exceptions": [record, ...]}; `scope` is a JSON object's members.
std::string ExceptionsJson(const DashboardData& d, const std::string& scope, const std::vector<PolicyException>& list);

// The filter form: GET to `action`, with the fields named in `fields` (of "service",
// "team", "case_type", "policy", "severity", "worker"), offering what `teams` hold.
std::string FilterForm(const DashboardData& d, const std::vector<const Team*>& teams, const ExceptionFilter& filter,
                       const std::string& action, const std::vector<std::string>& fields);

}  // namespace oversight

namespace oversight {

// The caption of a filtered list: "Exceptions: Case supervision, breach (most days late first)".
std::string FilterWords(const DashboardData& d, const ExceptionFilter& filter);

}  // namespace oversight
