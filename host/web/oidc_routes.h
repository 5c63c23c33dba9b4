// Single sign-on routes of the dashboard (when oidc.issuer is set): GET /sign-in/oidc
// sends the browser to the OpenID provider (authorization code flow with PKCE S256, a
// state and a nonce); GET /sign-in/oidc/callback takes the code back, exchanges it, checks
// the ID token and signs in the account its claim names (web/oidc_client.h).
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <optional>
#include <string>

#include "web/dashboard_context.h"
#include "web/reply.h"

namespace oversight {

// The answer for /sign-in/oidc or /sign-in/oidc/callback; `who` is set to whoever signed in.
Reply OidcRoute(DashboardContext& ctx, Poco::Net::HTTPServerRequest& req, const std::string& path,
                const std::string& address, const std::optional<Session>& session, std::string* who);

// Who the ID token's claims sign in: the user of the list whose username is the account
// claim (managers only while the tree rule lets them), or else the role a group gives;
// nothing when there is neither. Sets `account` to the claim's value.
std::optional<Session> OidcSession(DashboardContext& ctx, const Poco::JSON::Object::Ptr& claims,
                                   std::string* account);

}  // namespace oversight
