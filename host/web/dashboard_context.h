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
        oidc(o.oidc ? std::make_unique<OidcClient>(*o.oidc) : nullptr), run_(o.run) {}
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

  // The policy the dashboard runs: options.run at first, then the version in force as
  // approvals change it (FollowVersionInForce, routes.h).
  PolicyRunOptions Run() {
    std::lock_guard<std::mutex> lock(run_mu_);
    return run_;
  }
  // A request that finds the same version in force changes nothing (and does not wait
  // for the data being worked out); a new one waits for it, once.
  void SetRun(const PolicyRunOptions& run) {
    std::lock_guard<std::mutex> lock(run_mu_);
    if (run.plugins_dir == run_.plugins_dir && run.settings_path == run_.settings_path &&
        run.calendar_path == run_.calendar_path) {
      return;
    }
    run_ = run;
    source.Follow(run);
  }

 private:
  std::mutex run_mu_;
  PolicyRunOptions run_;
};

}  // namespace oversight
