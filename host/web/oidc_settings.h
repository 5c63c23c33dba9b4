// Single sign-on settings (config/oversight.properties, oidc.*): the OpenID provider (the
// issuer), this service's registration with it (client id, a client secret read from a
// file, the redirect URL), which claim names an account, which groups give which role,
// and whether local passwords still work. The secret is never logged or shown.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/config.h"
#include "common/status.h"

namespace oversight {

struct OidcSettings {
  std::string issuer;          // e.g. https://login.microsoftonline.com/{tenant}/v2.0
  std::string client_id;
  std::string client_secret;   // from oidc.client_secret_file only
  std::string redirect_url;    // https://dashboard.example/sign-in/oidc/callback
  std::string scope = "openid profile email";
  std::string account_claim = "email";  // its value is the username in the user list
  std::string groups_claim = "groups";
  std::map<std::string, std::string> group_roles;  // group id -> admin or hr
  bool local_passwords = true;
  std::string ca_file;         // PEM certificates to trust; empty: the system's store
  std::string button = "Sign in with your council account";
};

// Nothing when oidc.issuer is not set (local passwords only). An error names the setting
// that is missing or wrong: `serve` then does not start.
Result<std::optional<OidcSettings>> ReadOidcSettings(const Config& config);

// "g1:admin, g2:hr" as a map; an error for a role other than admin or hr (a manager needs
// a worker in the line-management tree, which only the user list gives).
Result<std::map<std::string, std::string>> ParseGroupRoles(const std::string& text);

}  // namespace oversight
