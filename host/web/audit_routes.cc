// The dashboard's part of the audit trail: the admins' page /audit and its download
// /audit.csv, and the events the dashboard records: sign-ins (and refusals) and every
// CSV or JSON download. A download that cannot be recorded is not given.
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <climits>

#include "state/audit_trail.h"
#include "web/audit_page.h"
#include "web/routes.h"
#include "web/users.h"

namespace oversight {

using Poco::Net::HTTPResponse;

namespace {

const int kShown = 1000;  // on the page; the download has every event

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

Reply AuditRoute(DashboardContext&, const Request& r) {
  if (r.session.user->role != "admin") return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The audit trail is for admins", r.api);
  if (r.method != "GET") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", r.api);
  const bool csv = r.path == "/audit.csv";
  auto events = ReadAudit(r.state.db(), csv ? INT_MAX : kShown + 1);
  if (!events.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "The audit trail cannot be read", r.api);
  if (csv) return CsvReply(TableCsv(AuditTable(*events)));
  const bool more = events->size() > static_cast<size_t>(kShown);
  if (more) events->resize(kShown);
  return HtmlReply(AuditPage(*r.session.user, r.session.csrf, *events, more));
}

Status AuditSignIn(DashboardContext& ctx, const std::string& username, bool signed_in, const std::string& detail) {
  auto state = StateStore::Open(ctx.options.run.snapshot_path);
  if (!state.ok()) return state.status();
  // A refused name is recorded only when it is a user's: what was typed may be a password.
  const bool known = signed_in || UserStore(&*state).Find(username).has_value();
  return RecordAudit(state->db(), {known ? username : "(no such user)",
                                   signed_in ? audit::kSignIn : audit::kSignInRefused, detail});
}

Reply AuditedDownload(DashboardContext& ctx, const Poco::Net::HTTPServerRequest& req, const std::string& who,
                      Reply reply) {
  const bool csv = StartsWith(reply.type, "text/csv"), json = StartsWith(reply.type, "application/json");
  if (reply.status != HTTPResponse::HTTP_OK || req.getMethod() != "GET" || who.empty() || !(csv || json)) return reply;
  std::string path;
  try {
    path = Poco::URI(req.getURI()).getPath();  // never the query: a filter could name anything
  } catch (const Poco::SyntaxException&) {
    return ErrorReply(HTTPResponse::HTTP_BAD_REQUEST, "The address is not valid", json);
  }
  auto state = StateStore::Open(ctx.options.run.snapshot_path);
  Status s = state.ok() ? RecordAudit(state->db(), {who, csv ? audit::kExportCsv : audit::kExportJson, path})
                        : state.status();
  if (!s.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "The download could not be recorded", json);
  return reply;
}

}  // namespace oversight
