// Dashboard: the HTTP side of `oversight serve` (Poco HTTPServer): sign-in with CSRF
// tokens and rate limiting, sessions in HttpOnly SameSite cookies, every request
// authorised on the server (pages, JSON API and CSV alike) and logged without case
// details. Routes and status codes follow cli.md, "The dashboard".
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <memory>
#include <optional>
#include <string>

#include "policy/plugin_run.h"
#include "web/oidc_settings.h"
#include "web/sessions.h"
#include "web/team_view.h"

namespace oversight {

struct DashboardOptions {
  PolicyRunOptions run;
  // With follows_version_in_force, each request runs the version in force (a new one
  // from the moment it is approved); `repository` is version 1 for a store with none.
  bool follows_version_in_force = false;
  PolicyRunOptions repository;
  std::string static_dir;           // govuk-frontend's dist folder (CSS, fonts, images)
  std::optional<Day> as_of;         // the day shown; today when not set
  bool secure_cookies = false;      // Secure flag and HSTS: served over HTTPS, here or by a proxy
  std::string trusted_proxy;        // the reverse proxy's address, whose X-Forwarded-For is believed
  int session_minutes = 480;
  std::optional<OidcSettings> oidc;  // single sign-on (oidc.*), when oidc.issuer is set
  ComplianceTargets targets;        // dashboard.target_good and dashboard.target_poor
};

class DashboardContext;

// The request handler factory; owns sessions, limits and the data cache.
Poco::Net::HTTPRequestHandlerFactory* NewDashboard(const DashboardOptions& options);

}  // namespace oversight
