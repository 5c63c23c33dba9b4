// The dashboard's routes for a signed-in user, by concern. Each authorises its own
// requests on the server (role and line-management tree) before it reads anything; the
// caller (dashboard.cc) has already checked the session and that the user still exists.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <string>

#include "state/state_store.h"
#include "web/dashboard_context.h"
#include "web/reply.h"

namespace oversight {

// What one request asks for, with where it came from.
struct Request {
  Poco::Net::HTTPServerRequest& http;
  const Session& session;   // signed in: session.user is set
  StateStore& state;        // runs, trends and users, opened once for the request
  std::string path;         // decoded
  std::string method;       // HEAD reads as GET
  bool api = false;         // under /api/: errors as JSON
};

// /users, /users/remove, /users.csv, /api/users: admins only.
Reply UserRoute(DashboardContext& ctx, const Request& r);
// /policies, /policies.csv, /api/policies, /policies/..., /whatif: HR and admins.
Reply PolicyRoute(DashboardContext& ctx, const Request& r);
// /audit and /audit.csv: admins only (web/audit_routes.cc).
Reply AuditRoute(DashboardContext& ctx, const Request& r);
// Records a sign-in, or a refused one (under the name tried only when it is a user's).
Status AuditSignIn(DashboardContext& ctx, const std::string& username, bool signed_in, const std::string& detail);
// A successful CSV or JSON download by `who` is recorded before it is given; one that
// cannot be recorded is refused (503). Any other reply passes unchanged.
Reply AuditedDownload(DashboardContext& ctx, const Poco::Net::HTTPServerRequest& req, const std::string& who,
                      Reply reply);
// /policies (the versions), /policies/N and its approve, reject and restore forms, for
// HR and admins (PolicyRoute has checked the role).
Reply PublishingRoute(DashboardContext& ctx, const Request& r);
// Points the dashboard at the version in force when options.follows_version_in_force.
void FollowVersionInForce(DashboardContext& ctx, StateStore& state);
// Everything a manager may also see, limited to the teams under them: /, /iro, /trends,
// /teams/{id}[...], their CSV downloads and /api/ JSON.
Reply ViewRoute(DashboardContext& ctx, const Request& r);

}  // namespace oversight
