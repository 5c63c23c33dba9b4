// DashboardContext: what every dashboard request shares: the options, the sessions, the
// sign-in limits and forms, and the cached data of the day. One per server; the routes read it.
#pragma once

#include <memory>
#include <mutex>

#include "common/date.h"
#include "web/access.h"
#include "web/dashboard.h"
#include "web/oidc_client.h"
#include "web/oidc_logins.h"
#include "web/sessions.h"
#include "web/sign_in_form.h"
#include "web/team_view.h"

namespace oversight {

class DashboardContext {
 public:
  explicit DashboardContext(const DashboardOptions& o)
      : options(o), sessions(std::chrono::minutes(o.session_minutes)), by_user(5, std::chrono::seconds(60)),
        by_address(5, std::chrono::seconds(60)), sign_in_forms(std::chrono::minutes(30)), source(o.run),
        oidc(o.oidc ? std::make_unique<OidcClient>(*o.oidc) : nullptr) {}
  // The day the dashboard shows: dashboard.as_of, or today.
  Day ShownDay() const { return options.as_of.value_or(Today()); }
  // The tree rule at sign-in: a manager only while their worker is employed on the day shown.
  bool MaySignInNow(const User& user) {
    if (user.role != "manager") return true;
    auto data = source.Get(ShownDay());
    return data.ok() && MaySignIn((*data)->run.org, user, ShownDay());
  }
  bool LocalPasswords() const { return !options.oidc || options.oidc->local_passwords; }

  DashboardOptions options;
  SessionTable sessions;
  AttemptLimiter by_user, by_address;
  SignInForms sign_in_forms;  // signed-out visitors' forms: no session, no memory
  DashboardSource source;
  std::mutex log_mu;
  std::unique_ptr<OidcClient> oidc;  // single sign-on, when set up
  OidcLogins oidc_logins;            // its sign-ins under way
};

}  // namespace oversight
