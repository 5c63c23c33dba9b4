// Dashboard addresses, built with Poco::URI.
#include "weekly/dashboard_links.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace oversight {

Result<DashboardLinks> DashboardLinks::From(const std::string& dashboard_url) {
  DashboardLinks links;
  if (dashboard_url.empty()) return links;
  try {
    Poco::URI uri(dashboard_url);
    if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty() ||
        !uri.getRawQuery().empty() || !uri.getFragment().empty()) {
      return Status::Error("dashboard.url must be an http or https address without a query or fragment: " +
                           dashboard_url);
    }
    std::string base = uri.toString();
    while (!base.empty() && base.back() == '/') base.pop_back();
    links.base_ = base;
  } catch (const Poco::Exception& e) {
    return Status::Error("dashboard.url is not an address: " + dashboard_url + " (" + e.displayText() + ")");
  }
  return links;
}

std::string DashboardLinks::Home() const { return base_.empty() ? "" : base_ + "/"; }

std::string DashboardLinks::Page(const std::string& kind, const std::string& id) const {
  if (base_.empty() || id.empty()) return "";
  std::string segment;
  Poco::URI::encode(id, "/?#[]@!$&'()*+,;=:%", segment);  // everything but unreserved characters
  return base_ + "/" + kind + "/" + segment;
}

}  // namespace oversight
