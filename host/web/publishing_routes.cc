// HR's publishing routes: the list of policy versions, a version with its diff, and the
// forms that approve, turn down or restore one. Every rule of who may do what is
// publishing.h's, applied here on the server: the author of a proposal gets 403 for
// approving it whatever the page showed. Keeps the dashboard on the version in force.
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPResponse.h>

#include "policy/publishing/publishing.h"
#include "policy/publishing/version_diff.h"
#include "web/pages.h"
#include "web/policy_pages.h"
#include "web/routes.h"
#include "web/tables.h"

namespace oversight {

using Poco::Net::HTTPResponse;

namespace {

int StatusOf(PublishOutcome::Kind kind) {
  switch (kind) {
    case PublishOutcome::Kind::kDone: return HTTPResponse::HTTP_SEE_OTHER;
    case PublishOutcome::Kind::kForbidden: return HTTPResponse::HTTP_FORBIDDEN;
    case PublishOutcome::Kind::kNotFound: return HTTPResponse::HTTP_NOT_FOUND;
    case PublishOutcome::Kind::kConflict: return HTTPResponse::HTTP_CONFLICT;
    case PublishOutcome::Kind::kInvalid: return HTTPResponse::HTTP_BAD_REQUEST;
    case PublishOutcome::Kind::kFailed: break;
  }
  return HTTPResponse::HTTP_INTERNAL_SERVER_ERROR;
}

// "/policies/12/approve" -> 12 and "approve"; 0 when the path names no version.
int64_t VersionIn(const std::string& path, std::string* action) {
  const std::string rest = path.substr(std::string("/policies/").size());
  const std::string digits = rest.substr(0, rest.find('/'));
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  *action = digits.size() < rest.size() ? rest.substr(digits.size() + 1) : "";
  return std::stoll(digits);
}

Reply VersionsList(DashboardContext& ctx, const Request& r) {
  auto runs = r.state.Runs(50);
  if (!runs.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no history yet", r.api);
  if (r.path == "/policies.csv") return CsvReply(TableCsv(RunsTable(*runs)));
  if (r.path == "/api/policies") return JsonReply(TableJson(RunsTable(*runs), FormatDate(ctx.ShownDay())));
  VersionsView v;
  auto in_force = VersionInForce(r.state, ctx.options.repository);
  auto all = VersionStore(&r.state).List();
  if (!in_force.ok() || !all.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no policy versions", false);
  v.in_force = *in_force;
  v.versions = *all;
  auto differs = RepositoryDiffers(r.state, ctx.options.repository);
  v.repository_differs = differs.ok() && *differs;
  v.runs = *runs;
  return HtmlReply(VersionsPage(*r.session.user, r.session.csrf, v));
}

// The version's page, with why the last action was refused when it was (then `status`).
Reply ShowVersion(DashboardContext& ctx, const Request& r, int64_t number, const PublishOutcome* refused) {
  VersionStore versions(&r.state);
  auto in_force = VersionInForce(r.state, ctx.options.repository);
  auto v = versions.Get(number);
  if (!in_force.ok() || !v.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no policy versions", false);
  if (!*v) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "There is no policy version " + std::to_string(number), false);
  VersionView view;
  view.version = **v;
  view.in_force = in_force->number;
  if (view.version.based_on) {
    auto before = versions.Files(view.version.based_on), after = versions.Files(number);
    if (before.ok() && after.ok()) view.diffs = DiffPolicyFiles(*before, *after);
  }
  Reply reply = HtmlReply("");
  if (refused) {
    view.error = refused->message;
    view.problems = refused->problems;
    reply.status = StatusOf(refused->kind);
  }
  reply.body = VersionPage(*r.session.user, r.session.csrf, view);
  return reply;
}

Reply Act(DashboardContext& ctx, const Request& r, int64_t number, const std::string& action) {
  if (action != "approve" && action != "reject" && action != "restore") {
    return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", false);
  }
  if (r.method != "POST") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  Poco::Net::HTMLForm posted(r.http, r.http.stream());
  if (!SameToken(posted.get("csrf_token", ""), r.session.csrf)) {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
  }
  const Publisher who{r.session.user->username, r.session.user->role};
  const std::string reason = posted.get("reason", "");
  PublishOutcome o = action == "approve" ? Approve(r.state, ctx.options.repository, number, who)
                     : action == "reject" ? Reject(r.state, number, who, reason)
                                          : Restore(r.state, ctx.options.repository, number, who, reason);
  if (o.ok()) return Redirect("/policies/" + std::to_string(o.number));
  return ShowVersion(ctx, r, number, &o);
}

}  // namespace

void FollowVersionInForce(DashboardContext& ctx, StateStore& state) {
  if (!ctx.options.follows_version_in_force) return;
  auto run = RunInForce(state, ctx.options.repository);
  if (run.ok()) ctx.SetRun(*run);
}

Reply PublishingRoute(DashboardContext& ctx, const Request& r) {
  if (r.path == "/policies" || r.path == "/policies.csv" || r.path == "/api/policies") {
    if (r.method != "GET") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", r.api);
    return VersionsList(ctx, r);
  }
  std::string action;
  const int64_t number = r.path.rfind("/policies/", 0) == 0 ? VersionIn(r.path, &action) : 0;
  if (number == 0) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", r.api);
  if (!action.empty()) return Act(ctx, r, number, action);
  if (r.method != "GET") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  return ShowVersion(ctx, r, number, nullptr);
}

}  // namespace oversight
