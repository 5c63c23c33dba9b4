// The pages, downloads and JSON every role may use, each limited to the teams in the
// user's part of the line-management tree: caseload balance, teams, the planner,
// exceptions, workers, compliance trends and IRO capacity. HR's and admins' own pages
// are elsewhere.
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include "state/state_store.h"
#include "web/access.h"
#include "web/access_log.h"
#include "web/pages.h"
#include "web/routes.h"
#include "checks/exception_format.h"
#include "web/exception_list.h"
#include "web/tables.h"
#include "web/worker_view.h"

namespace oversight {

using Poco::Net::HTTPResponse;

namespace {

// A table as the download (CSV) or the API (JSON) asked for.
Reply TableReply(const DataTable& t, bool api, Day day) {
  return api ? JsonReply(TableJson(t, FormatDate(day))) : CsvReply(TableCsv(t));
}

// The trend rows of the teams the user may see.
Result<std::vector<RecordedTeamMeasures>> VisibleTrend(DashboardContext& ctx, const Request& r, const Organisation& org) {
  auto rows = r.state.MeasuresTrend(FormatDate(WeekStart(ctx.ShownDay())), 12);
  if (!rows.ok()) return rows.status();
  std::vector<RecordedTeamMeasures> mine;
  for (const auto& row : *rows) {
    const int64_t key = org.FindTeam(row.team_id);
    if (key && MaySeeTeam(org, *r.session.user, org.team(key))) mine.push_back(row);
  }
  return mine;
}

std::string QueryValue(const Poco::URI& uri, const std::string& name, const std::string& otherwise) {
  for (const auto& [k, v] : uri.getQueryParameters()) {
    if (k == name) return v;
  }
  return otherwise;
}

// The path's segments as sent, not decoded. From an absolute target (http://host/path)
// the path only.
std::vector<std::string> UndecodedSegments(const std::string& target) {
  std::string path = RawPath(target);
  if (path.rfind("/", 0) != 0) {
    const size_t authority = path.find("://");
    const size_t slash = authority == std::string::npos ? std::string::npos : path.find('/', authority + 3);
    path = slash == std::string::npos ? "/" : path.substr(slash);
  }
  std::vector<std::string> parts;
  for (size_t at = 1; at <= path.size();) {
    size_t end = path.find('/', at);
    if (end == std::string::npos) end = path.size();
    if (end > at) parts.push_back(path.substr(at, end - at));
    at = end + 1;
  }
  return parts;
}

std::string Decoded(const std::string& raw) {
  std::string part;
  Poco::URI::decode(raw, part);
  return part;
}

// The path's segments, each decoded after splitting on the slashes as sent, so that an
// encoded slash (%2F) stays within its segment (a team id may hold one).
std::vector<std::string> RawSegments(const std::string& target) {
  std::vector<std::string> parts;
  for (const std::string& raw : UndecodedSegments(target)) {
    std::string part = Decoded(raw);
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// /workers/{id}, /workers/{id}.csv, /api/workers/{id}: one worker, when the user may see
// their team. The ".csv" is read before decoding: a dot in an id is sent encoded.
Reply WorkerRoute(const Request& r, const DashboardData& d) {
  const std::vector<std::string> parts = UndecodedSegments(r.http.getURI());
  const size_t at = r.api ? 1 : 0;
  if (parts.size() != at + 2) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", r.api);
  std::string id = parts[at + 1];
  const bool csv = !r.api && id.size() > 4 && id.compare(id.size() - 4, 4, ".csv") == 0;
  if (csv) id.resize(id.size() - 4);
  const Organisation& org = d.run.org;
  const WorkerKey key = org.FindWorker(Decoded(id));
  if (!key) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "No such worker", r.api);
  const Worker& worker = org.worker(key);
  const User& user = *r.session.user;
  if (!MaySeeWorker(org, user, worker)) return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "You cannot see this worker", r.api);
  if (csv) return CsvReply(TableCsv(WorkerCasesTable(d, worker)));
  auto supervisions = SupervisionDates(d, key);
  if (!supervisions.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no data yet", r.api);
  const WorkerView view{&worker, std::move(supervisions.value()), MaySeeAbsences(org, user, worker)};
  if (r.api) return JsonReply(WorkerJson(d, view));
  return HtmlReply(WorkerPage(user, r.session.csrf, d, view));
}

// /teams/{id}..., /api/teams/{id}/...: one team, when the user may see it.
Reply TeamRoute(const Request& r, const DashboardData& d, const Poco::URI& uri) {
  const std::vector<std::string> parts = RawSegments(r.http.getURI());
  const size_t at = r.api ? 1 : 0;
  if (parts.size() < at + 2 || parts[at] != "teams") return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", r.api);
  const Organisation& org = d.run.org;
  const int64_t key = org.FindTeam(parts[at + 1]);
  if (!key) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "No such team", r.api);
  const Team& team = org.team(key);
  const User& user = *r.session.user;
  if (!MaySeeTeam(org, user, team)) return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "You cannot see this team", r.api);
  if (parts.size() > at + 3) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", r.api);
  const std::string rest = parts.size() == at + 3 ? parts[at + 2] : "";
  const ExceptionFilter filter = FilterFromQuery(uri.getQueryParameters());
  if (!r.api) {
    if (rest.empty()) return HtmlReply(TeamPage(user, r.session.csrf, d, team, filter));
    if (rest == "plan") return HtmlReply(PlanPage(user, r.session.csrf, d, team, QueryValue(uri, "case_type", "CIN")));
    if (rest == "exceptions.csv") return CsvReply(ExceptionsCsv(d, SelectExceptions(d, {&team}, filter)));
    if (rest == "caseload.csv") return CsvReply(CaseloadCsv(d, team));
  } else {
    if (rest == "caseload") return JsonReply(CaseloadJson(d, team));
    if (rest == "exceptions") {
      return JsonReply(ExceptionsJson(d, "\"team_id\":" + JsonString(team.id), SelectExceptions(d, {&team}, filter)));
    }
  }
  if (rest == (r.api ? "moves" : "moves.csv")) {
    std::vector<WorkerLoad> loads;
    for (const auto& l : d.loads) {
      if (org.worker(l.worker).team == team.key) loads.push_back(l);
    }
    return TableReply(MovesTable(org, PlanRebalance(org, loads, d.settings)), r.api, d.day);
  }
  return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", r.api);
}

}  // namespace

Reply ViewRoute(DashboardContext& ctx, const Request& r) {
  if (r.method != "GET") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", r.api);
  auto data = ctx.source.Get(ctx.ShownDay());
  if (!data.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no data yet", r.api);
  const DashboardData& d = **data;
  const Organisation& org = d.run.org;
  const User& user = *r.session.user;
  if (!MaySignIn(org, user, ctx.ShownDay())) {
    ctx.sessions.Remove(r.session.token);
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "your account is no longer active", r.api);
  }
  std::vector<const Team*> teams;  // those the user may see
  for (const Team& t : org.teams()) {
    if (MaySeeTeam(org, user, t)) teams.push_back(&t);
  }
  const std::string& p = r.path;
  const ComplianceTargets& targets = ctx.options.targets;
  if (p == "/") {
    auto rows = VisibleTrend(ctx, r, org);
    return HtmlReply(HomePage(user, r.session.csrf, d, teams, rows.ok() ? *rows : std::vector<RecordedTeamMeasures>{},
                              targets));
  }
  if (p == "/exceptions" || p == "/exceptions.csv" || p == "/api/exceptions") {
    const ExceptionFilter filter = FilterFromQuery(Poco::URI(r.http.getURI()).getQueryParameters());
    if (p == "/exceptions") return HtmlReply(ExceptionsPage(user, r.session.csrf, d, teams, filter));
    const std::vector<PolicyException> list = SelectExceptions(d, teams, filter);
    return r.api ? JsonReply(ExceptionsJson(d, "", list)) : CsvReply(ExceptionsCsv(d, list));
  }
  if (p.rfind("/workers/", 0) == 0 || p.rfind("/api/workers/", 0) == 0) return WorkerRoute(r, d);
  if (p == "/teams.csv" || p == "/api/teams") return TableReply(TeamsTable(d, teams), r.api, d.day);
  if (p == "/services.csv" || p == "/api/services") return TableReply(ServicesTable(d, teams), r.api, d.day);
  if (p == "/iro") return HtmlReply(IroPage(user, r.session.csrf, d, teams));
  if (p == "/iro.csv" || p == "/api/iro") return TableReply(IroTable(d, teams), r.api, d.day);
  if (p == "/trends" || p == "/trends.csv" || p == "/api/trends") {
    auto rows = VisibleTrend(ctx, r, org);
    if (!rows.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no history yet", r.api);
    if (p == "/trends") return HtmlReply(TrendsPage(user, r.session.csrf, *rows, teams, targets));
    return TableReply(TrendsTable(*rows), r.api, d.day);
  }
  return TeamRoute(r, d, Poco::URI(r.http.getURI()));
}

}  // namespace oversight
