// The two single sign-on routes; OidcFinish is where a sign-in succeeds or fails.
#include "web/oidc_routes.h"

#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include <iostream>
#include <map>
#include <mutex>

#include "common/date.h"
#include "web/oidc_client.h"
#include "web/pages.h"
#include "web/routes.h"
#include "web/users.h"

namespace oversight {

using Poco::Net::HTTPResponse;

namespace {

const char* kBrowserCookie = "oversight_oidc";

std::string BrowserCookie(const Poco::Net::HTTPServerRequest& req) {
  Poco::Net::NameValueCollection cookies;
  req.getCookies(cookies);
  const std::string value = cookies.get(kBrowserCookie, "");
  return value.size() == 64 && value.find_first_not_of("0123456789abcdef") == std::string::npos ? value : "";
}

// The browser's binding cookie: Lax, so that the provider's redirect back (a cross-site
// navigation) carries it; only for the sign-in paths; gone after ten minutes.
Poco::Net::HTTPCookie BindingCookie(const DashboardContext& ctx, const std::string& value, int max_age) {
  Poco::Net::HTTPCookie c(kBrowserCookie, value);
  c.setPath("/sign-in/oidc");
  c.setHttpOnly(true);
  c.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
  c.setSecure(ctx.options.secure_cookies);
  c.setMaxAge(max_age);
  return c;
}

std::map<std::string, std::string> Query(const Poco::Net::HTTPServerRequest& req) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : Poco::URI(req.getURI()).getQueryParameters()) out.emplace(k, v);
  return out;
}

void Note(DashboardContext& ctx, const std::string& what) {
  std::lock_guard<std::mutex> lock(ctx.log_mu);
  std::cerr << UtcTimestampNow() << " single sign-on: " << what << "\n";
}

Reply Start(DashboardContext& ctx, const Poco::Net::HTTPServerRequest& req, const std::string& address) {
  std::string browser = BrowserCookie(req);
  if (browser.empty()) browser = RandomToken();
  const PendingLogin login = ctx.oidc_logins.Begin(browser, address);
  auto url = ctx.oidc->AuthorizationUrl(login.state, login.nonce, CodeChallenge(login.verifier));
  if (!url.ok()) {
    Note(ctx, "the provider cannot be reached: " + url.status().message());
    return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                      "The council's sign-in service cannot be reached just now: try again in a few minutes.", false);
  }
  Reply r = Redirect(*url);
  r.cookies.push_back(BindingCookie(ctx, browser, 600));
  return r;
}

// Where every single sign-on ends: signed in (a new session, then on to the dashboard),
// or refused with a page that says why in words a user can act on.
// A refusal goes to the log and to the audit trail (as "(no such user)" unless the
// account claim names a user).
void Refused(DashboardContext& ctx, const std::string& account, const std::string& address, const std::string& why) {
  Note(ctx, "refused: " + why);
  AuditSignIn(ctx, account, false, "single sign-on from " + address + ": " + why);
}

Reply OidcFinish(DashboardContext& ctx, const Poco::Net::HTTPServerRequest& req, const std::string& address,
                 const std::optional<Session>& session, std::string* who) {
  const auto query = Query(req);
  auto param = [&](const char* name) { auto it = query.find(name); return it == query.end() ? std::string() : it->second; };
  auto login = ctx.oidc_logins.Take(param("state"), BrowserCookie(req));
  if (!login) {
    Refused(ctx, "", address, "a state that is unknown, used already, expired or another browser's");
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN,
                      "This sign-in has expired or was used already: go to the sign-in page and start again.", false);
  }
  if (!param("error").empty() || param("code").empty()) {
    Refused(ctx, "", address, "the provider did not sign the user in");
    return ErrorReply(HTTPResponse::HTTP_UNAUTHORIZED, "The council's sign-in service did not sign you in.", false);
  }
  auto id_token = ctx.oidc->Exchange(param("code"), login->verifier);
  auto claims = id_token.ok() ? ctx.oidc->Verify(*id_token, login->nonce)
                              : Result<Poco::JSON::Object::Ptr>(id_token.status());
  if (!claims.ok()) {
    Refused(ctx, "", address, claims.status().message());
    return ErrorReply(HTTPResponse::HTTP_UNAUTHORIZED,
                      "Your sign-in could not be verified: go to the sign-in page and start again.", false);
  }
  std::string account;
  auto signed_in = OidcSession(ctx, *claims, &account);
  if (!signed_in) {
    Refused(ctx, account, address, "no Oversight account for the " + ctx.oidc->settings().account_claim + " claim");
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN,
                      "You have signed in with your council account, but it has no Oversight account (or may not "
                      "sign in): ask an Oversight admin to add you with the username " +
                          (account.empty() ? "(your " + ctx.oidc->settings().account_claim + ")" : account) + ".",
                      false);
  }
  if (!AuditSignIn(ctx, signed_in->user->username, true, "single sign-on from " + address).ok()) {
    ctx.sessions.Remove(signed_in->token);  // no sign-in that is not recorded
    return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "The sign-in could not be recorded: try again.", false);
  }
  if (session) ctx.sessions.Remove(session->token);  // a new token on sign-in: no fixation
  *who = signed_in->user->username;
  Reply r = HtmlReply(SignedInPage());
  r.set_cookie = signed_in->token;
  r.headers.emplace_back("Refresh", "0; url=/");  // a same-site step: the Strict session cookie goes with it
  r.cookies.push_back(BindingCookie(ctx, "", 0));
  return r;
}

// The highest role the groups claim gives, if any.
std::string GroupRole(const OidcSettings& s, const Poco::JSON::Object::Ptr& claims) {
  auto groups = claims->getArray(s.groups_claim);
  std::string role;
  for (size_t i = 0; groups && i < groups->size(); ++i) {
    auto it = s.group_roles.find(groups->get(static_cast<unsigned>(i)).toString());
    if (it != s.group_roles.end() && (role.empty() || it->second == "admin")) role = it->second;
  }
  return role;
}

}  // namespace

std::optional<Session> OidcSession(DashboardContext& ctx, const Poco::JSON::Object::Ptr& claims, std::string* account) {
  const OidcSettings& s = ctx.oidc->settings();
  *account = claims->has(s.account_claim) && claims->get(s.account_claim).isString()
                 ? claims->getValue<std::string>(s.account_claim) : "";
  if (account->empty()) return std::nullopt;
  auto state = StateStore::Open(ctx.options.run.snapshot_path);
  if (!state.ok()) return std::nullopt;
  if (auto user = UserStore(&*state).Find(*account)) {
    if (!ctx.MaySignInNow(*user)) return std::nullopt;
    return ctx.sessions.Create(*user);
  }
  const std::string role = GroupRole(s, claims);
  if (role.empty()) return std::nullopt;
  return ctx.sessions.Create(User{*account, role}, true);
}

Reply OidcRoute(DashboardContext& ctx, Poco::Net::HTTPServerRequest& req, const std::string& path,
                const std::string& address, const std::optional<Session>& session, std::string* who) {
  if (!ctx.oidc) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", false);
  if (req.getMethod() != "GET") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  return path == "/sign-in/oidc" ? Start(ctx, req, address) : OidcFinish(ctx, req, address, session, who);
}

}  // namespace oversight
