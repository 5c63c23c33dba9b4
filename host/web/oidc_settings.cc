// Reading the oidc.* settings; the client secret only from its file.
#include "web/oidc_settings.h"

#include <sstream>

namespace oversight {

namespace {
std::string Trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

bool Secure(const std::string& url) { return url.rfind("https://", 0) == 0; }
bool Loopback(const std::string& url) {
  return url.rfind("http://127.0.0.1:", 0) == 0 || url.rfind("http://localhost:", 0) == 0 ||
         url.rfind("http://[::1]:", 0) == 0;
}
}  // namespace

Result<std::map<std::string, std::string>> ParseGroupRoles(const std::string& text) {
  std::map<std::string, std::string> out;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (Trim(item).empty()) continue;
    const size_t colon = item.rfind(':');
    const std::string group = colon == std::string::npos ? "" : Trim(item.substr(0, colon));
    const std::string role = colon == std::string::npos ? "" : Trim(item.substr(colon + 1));
    if (group.empty() || (role != "admin" && role != "hr")) {
      return Status::Error("oidc.group_roles: each item is GROUP:admin or GROUP:hr, not '" + Trim(item) + "'");
    }
    out[group] = role;
  }
  return out;
}

Result<std::optional<OidcSettings>> ReadOidcSettings(const Config& config) {
  const bool passwords = config.GetOr("oidc.local_passwords", "true") != "false";
  auto issuer = config.Get("oidc.issuer");
  if (!issuer) {
    if (!passwords) return Status::Error("oidc.local_passwords = false needs oidc.issuer: nobody could sign in");
    return std::optional<OidcSettings>();
  }
  OidcSettings s;
  s.issuer = *issuer;
  s.local_passwords = passwords;
  if (!Secure(s.issuer) && !Loopback(s.issuer)) return Status::Error("oidc.issuer must be an https:// address");
  s.client_id = config.GetOr("oidc.client_id", "");
  s.redirect_url = config.GetOr("oidc.redirect_url", "");
  if (s.client_id.empty()) return Status::Error("oidc.client_id is not set");
  const std::string callback = "/sign-in/oidc/callback";
  const bool ends_right = s.redirect_url.size() > callback.size() &&
                          s.redirect_url.compare(s.redirect_url.size() - callback.size(), callback.size(), callback) == 0;
  if ((!Secure(s.redirect_url) && !Loopback(s.redirect_url)) || !ends_right) {
    return Status::Error("oidc.redirect_url must be the dashboard's https:// address ending /sign-in/oidc/callback");
  }
  if (config.Get("oidc.client_secret")) {
    return Status::Error("the client secret goes in a file named by oidc.client_secret_file, not in the settings");
  }
  if (!config.Get("oidc.client_secret_file")) return Status::Error("oidc.client_secret_file is not set");
  auto secret = config.Secret("oidc.client_secret");
  if (!secret.ok()) return secret.status();
  if (secret->empty()) return Status::Error("the file named by oidc.client_secret_file is empty");
  s.client_secret = *secret;
  s.scope = config.GetOr("oidc.scope", s.scope);
  s.account_claim = config.GetOr("oidc.account_claim", s.account_claim);
  s.groups_claim = config.GetOr("oidc.groups_claim", s.groups_claim);
  auto roles = ParseGroupRoles(config.GetOr("oidc.group_roles", ""));
  if (!roles.ok()) return roles.status();
  s.group_roles = *roles;
  s.ca_file = config.Get("oidc.ca_file") ? config.GetPath("oidc.ca_file", "") : "";
  s.button = config.GetOr("oidc.button", s.button);
  return std::optional<OidcSettings>(s);
}

}  // namespace oversight
