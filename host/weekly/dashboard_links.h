// DashboardLinks: the addresses of the dashboard's pages that the weekly emails link to,
// from the setting dashboard.url (empty: no links). Each id is percent-encoded as one
// path segment, so no id can change which page a link opens.
#pragma once

#include <string>

#include "common/status.h"

namespace oversight {

class DashboardLinks {
 public:
  // An http or https address, or empty for no links; anything else is an error.
  static Result<DashboardLinks> From(const std::string& dashboard_url);
  DashboardLinks() = default;

  bool enabled() const { return !base_.empty(); }
  // "" when links are off.
  std::string Home() const;
  std::string TeamPage(const std::string& team_id) const { return Page("teams", team_id); }
  std::string WorkerPage(const std::string& worker_id) const { return Page("workers", worker_id); }

 private:
  std::string Page(const std::string& kind, const std::string& id) const;
  std::string base_;  // scheme://authority/path, without a trailing slash
};

}  // namespace oversight
