// Admins' pages: the users who can sign in, adding and removing them. Not sign-in itself
// (dashboard.cc) nor how passwords are kept (users.h).
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPResponse.h>

#include "state/audit_trail.h"
#include "state/state_store.h"
#include "web/pages.h"
#include "web/routes.h"
#include "web/tables.h"
#include "web/users.h"

namespace oversight {

using Poco::Net::HTTPResponse;

Reply UserRoute(DashboardContext& ctx, const Request& r) {
  if (r.session.user->role != "admin") return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "Users are for admins", r.api);
  UserStore users(&r.state);
  const std::string& method = r.method;
  if (r.path == "/users.csv" || r.path == "/api/users") {
    if (method != "GET") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", r.api);
    const DataTable t = UsersTable(users.List());
    return r.api ? JsonReply(TableJson(t, FormatDate(ctx.ShownDay()))) : CsvReply(TableCsv(t));
  }
  if (r.path != "/users" && r.path != "/users/remove") return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", r.api);
  std::string message;
  int status = HTTPResponse::HTTP_OK;
  if (method == "POST") {
    Poco::Net::HTMLForm form(r.http, r.http.stream());
    if (!SameToken(form.get("csrf_token", ""), r.session.csrf)) {
      return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
    }
    const std::string username = form.get("username", "");
    Status s;
    if (r.path == "/users/remove") {
      // Not yourself: the last admin could otherwise lock everyone out.
      s = username == r.session.user->username ? Status::Error("you cannot remove yourself") : users.Remove(username);
      message = s.ok() ? "User " + username + " removed." : "Not removed: " + s.message() + ".";
    } else {
      s = users.Add({username, form.get("role", ""), form.get("worker_id", "")}, form.get("password", ""));
      message = s.ok() ? "User " + username + " added." : "Not added: " + s.message() + ".";
    }
    if (!s.ok()) {
      status = HTTPResponse::HTTP_BAD_REQUEST;
    } else {
      const bool removed = r.path == "/users/remove";
      const std::string detail = "user " + username + (removed ? "" : " (" + form.get("role", "") + ")");
      const Status recorded = RecordAudit(r.state.db(), {r.session.user->username,
                                                        removed ? audit::kUserRemoved : audit::kUserAdded, detail});
      if (!recorded.ok()) message += " It is not in the audit trail: " + recorded.message() + ".";
    }
  } else if (method != "GET" || r.path != "/users") {
    return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  }
  Reply reply = HtmlReply(UsersPage(*r.session.user, r.session.csrf, users.List(), message));
  reply.status = status;
  return reply;
}

}  // namespace oversight
