// The dashboard's request handler: sign-in and sign-out, the session check on every
// request (and that its user still exists with the same credential), static assets,
// dispatch to the routes by concern (routes.h), the headers every answer carries, one
// answer per request (a connection that sent a body is closed after it), and the access log.
#include "web/dashboard.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "common/date.h"
#include "state/state_store.h"
#include "web/access.h"
#include "web/access_log.h"
#include "web/dashboard_context.h"
#include "web/data_refresh.h"
#include "web/layout.h"
#include "web/oidc_routes.h"
#include "web/pages.h"
#include "web/reply.h"
#include "web/routes.h"
#include "web/users.h"

namespace oversight {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

const char* kCookie = "oversight_session";

std::string ClientAddress(DashboardContext& ctx, const HTTPServerRequest& req);

void Log(DashboardContext& ctx, const HTTPServerRequest& req, const std::string& who, int status) {
  // Who, what, when: the path as sent (it names teams, never children), one line each;
  // single sign-on's callback without its query (an authorization code and a state).
  std::string target = req.getURI();
  if (target.rfind("/sign-in/oidc/callback?", 0) == 0) target = "/sign-in/oidc/callback";
  const std::string line = AccessLine(UtcTimestampNow(), who, ClientAddress(ctx, req), req.getMethod(), target, status);
  std::lock_guard<std::mutex> lock(ctx.log_mu);
  std::cerr << line;
}

// HEAD is GET without the body (Poco leaves the body out of the answer).
std::string Method(const HTTPServerRequest& req) {
  return req.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD ? Poco::Net::HTTPRequest::HTTP_GET : req.getMethod();
}

// The session cookie's value: a signed-in session's token, or a visitor's sign-in cookie.
std::string SessionCookie(const HTTPServerRequest& req) {
  Poco::Net::NameValueCollection cookies;
  req.getCookies(cookies);
  return cookies.get(kCookie, "");
}

std::optional<Session> CurrentSession(DashboardContext& ctx, const HTTPServerRequest& req) {
  const std::string token = SessionCookie(req);
  if (token.empty()) return std::nullopt;
  return ctx.sessions.Find(token);
}

// Whether the connection may carry another request after this one: only when this one
// had no body, so that an answer given without reading a body cannot leave that body
// to be read as the next request.
bool MayKeepAlive(const HTTPServerRequest& req) {
  const std::string method = Method(req);
  if (method != Poco::Net::HTTPRequest::HTTP_GET) return false;
  if (req.getChunkedTransferEncoding()) return false;
  return !req.hasContentLength() || req.getContentLength64() == 0;
}

// The client's address: the peer, or, when the peer is the configured reverse proxy, the
// last address it put in X-Forwarded-For.
std::string ClientAddress(DashboardContext& ctx, const HTTPServerRequest& req) {
  const std::string peer = req.clientAddress().host().toString();
  if (ctx.options.trusted_proxy.empty() || peer != ctx.options.trusted_proxy || !req.has("X-Forwarded-For")) {
    return peer;
  }
  std::string forwarded = req.get("X-Forwarded-For");
  size_t comma = forwarded.rfind(',');
  std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
  last.erase(0, last.find_first_not_of(' '));
  return last.empty() ? peer : last;
}

Reply SignIn(DashboardContext& ctx, HTTPServerRequest& req, const std::optional<Session>& session,
             std::string* who) {
  Reply r;
  const std::string method = Method(req);
  const std::string sso = ctx.oidc ? ctx.oidc->settings().button : "";
  if (method == "GET" && !ctx.LocalPasswords()) {
    r.body = SignInPage("", "", sso, false);
    return r;
  }
  if (method == "GET") {
    // Signed in: the session's token. Signed out: a signed token for a cookie, kept nowhere
    // (the visitor's cookie kept while it has long to go: other tabs' forms stay good).
    if (session) {
      r.body = SignInPage(session->csrf, "", sso);
    } else if (auto again = ctx.sign_in_forms.Reissue(SessionCookie(req))) {
      r.body = SignInPage(*again, "", sso);
    } else {
      const SignInForms::Issued issued = ctx.sign_in_forms.Issue();
      r.set_cookie = issued.cookie;
      r.body = SignInPage(issued.csrf, "", sso);
    }
    return r;
  }
  if (method != "POST") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  if (!ctx.LocalPasswords()) {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "Passwords are turned off: sign in with your council account.", false);
  }
  Poco::Net::HTMLForm form(req, req.stream());
  const std::string csrf = form.get("csrf_token", "");
  if (session ? !SameToken(csrf, session->csrf) : !ctx.sign_in_forms.Valid(SessionCookie(req), csrf)) {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired: go back and sign in again.", false);
  }
  const std::string username = form.get("username", ""), password = form.get("password", "");
  const std::string address = ClientAddress(ctx, req);
  // Each attempt is counted before the (slow) password check, so parallel guesses count too.
  const bool user_ok = ctx.by_user.Attempt("user:" + username);
  const bool address_ok = ctx.by_address.Attempt("ip:" + address);
  if (!user_ok || !address_ok) {
    AuditSignIn(ctx, username, false, "from " + address + ": too many attempts");
    r.status = HTTPResponse::HTTP_TOO_MANY_REQUESTS;
    r.body = SignInPage(csrf, "Too many attempts: wait a minute, then try again.", sso);
    return r;
  }
  auto state = StateStore::Open(ctx.options.run.snapshot_path);
  std::optional<User> user;
  if (state.ok()) {
    UserStore users(&*state);
    user = users.Verify(username, password);
  }
  if (user && !ctx.MaySignInNow(*user)) user.reset();
  if (!user) {
    AuditSignIn(ctx, username, false, "from " + address);
    r.status = HTTPResponse::HTTP_UNAUTHORIZED;
    r.body = SignInPage(csrf, "The username or password is not right.", sso);
    return r;
  }
  if (!AuditSignIn(ctx, user->username, true, "from " + address).ok()) {  // no sign-in that is not recorded
    return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "The sign-in could not be recorded: try again.", false);
  }
  ctx.by_user.Succeeded("user:" + username);
  ctx.by_address.Succeeded("ip:" + address);
  if (session) ctx.sessions.Remove(session->token);  // a new token on sign-in: no fixation
  Session signed_in = ctx.sessions.Create(user);
  *who = user->username;
  r.set_cookie = signed_in.token;
  r.status = HTTPResponse::HTTP_SEE_OTHER;
  r.location = "/";
  return r;
}

// /static/NAME is NAME in the static folder; /assets/... (fonts and images that the
// GOV.UK stylesheet names) is its assets folder.
Reply Static(DashboardContext& ctx, const std::string& path) {
  if (path == kAppStylesheetPath) {
    Reply css;
    css.body = AppStylesheet();
    css.type = "text/css";
    return css;
  }
  // Only names under the static folder: no way out of it.
  const std::string name = path.rfind("/assets/", 0) == 0 ? path.substr(1) : path.substr(std::string("/static/").size());
  if (name.empty() || name.find("..") != std::string::npos || name[0] == '/') {
    return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", false);
  }
  const std::string file = ctx.options.static_dir + "/" + name;
  struct stat st;
  if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", false);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", false);
  std::stringstream bytes;
  bytes << in.rdbuf();
  Reply r;
  r.body = bytes.str();
  auto ends = [&](const char* ext) { return name.size() > std::strlen(ext) && name.rfind(ext) == name.size() - std::strlen(ext); };
  r.type = ends(".css") ? "text/css" : ends(".woff2") ? "font/woff2" : ends(".woff") ? "font/woff" : ends(".png") ? "image/png"
           : ends(".svg") ? "image/svg+xml" : ends(".ico") ? "image/x-icon" : "application/octet-stream";
  return r;
}

Reply Route(DashboardContext& ctx, HTTPServerRequest& req, std::string* who) {
  std::string path;
  try {
    path = Poco::URI(req.getURI()).getPath();
  } catch (const Poco::SyntaxException&) {  // e.g. a % not followed by two hex digits
    return ErrorReply(HTTPResponse::HTTP_BAD_REQUEST, "The address is not valid", false);
  }
  const std::string method = Method(req);
  auto session = CurrentSession(ctx, req);
  if (path.rfind("/static/", 0) == 0 || path.rfind("/assets/", 0) == 0) return Static(ctx, path);
  if (path == "/sign-in") return SignIn(ctx, req, session, who);
  if (path == "/sign-in/oidc" || path == "/sign-in/oidc/callback") {
    return OidcRoute(ctx, req, path, ClientAddress(ctx, req), session, who);
  }

  const bool api = path.rfind("/api/", 0) == 0;
  const bool csv = path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  if (!session || !session->user) {
    if (api || csv) return ErrorReply(HTTPResponse::HTTP_UNAUTHORIZED, "sign in first", api);
    return Redirect("/sign-in");
  }
  const User& user = *session->user;
  *who = user.username;
  if (path == "/sign-out" && method == "POST") {
    Poco::Net::HTMLForm form(req, req.stream());
    if (!SameToken(form.get("csrf_token", ""), session->csrf)) {
      return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
    }
    ctx.sessions.Remove(session->token);
    return Redirect("/sign-in");
  }
  auto state = StateStore::Open(ctx.options.run.snapshot_path);
  if (!state.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no store", api);
  // The account may have been removed, re-created or changed since sign-in (by an admin,
  // or `oversight user remove`, `add` or `passwd`): then the session ends here.
  auto now = session->by_group ? std::optional<User>(user) : UserStore(&*state).Find(user.username);
  if (!now || now->role != user.role || now->worker_id != user.worker_id ||
      !SameToken(now->credential, user.credential)) {
    ctx.sessions.Remove(session->token);
    if (api || csv) return ErrorReply(HTTPResponse::HTTP_UNAUTHORIZED, "sign in again", api);
    return Redirect("/sign-in");
  }
  FollowVersionInForce(ctx, *state);
  const Request request{req, *session, *state, path, method, api};
  const std::string under = api ? path.substr(4) : path;  // /api/users -> /users
  if (under == "/users" || under == "/users.csv" || path == "/users/remove") return UserRoute(ctx, request);
  if (path == "/audit" || path == "/audit.csv") return AuditRoute(ctx, request);
  if (under == "/policies" || under == "/policies.csv" || path == "/whatif" || path.rfind("/policies/", 0) == 0) {
    return PolicyRoute(ctx, request);
  }
  return ViewRoute(ctx, request);
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(DashboardContext* ctx) : ctx_(ctx) {}
  void handleRequest(HTTPServerRequest& req, HTTPServerResponse& res) override {
    std::string who;
    Reply r;
    try {
      r = Route(*ctx_, req, &who);
      r = AuditedDownload(*ctx_, req, who, std::move(r));
    } catch (const std::exception& e) {
      r = ErrorReply(HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "Something went wrong", false);
    }
    res.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(r.status));
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'");
    res.set("Cache-Control", "no-store");
    if (ctx_->options.secure_cookies) res.set("Strict-Transport-Security", "max-age=31536000");
    if (!r.set_cookie.empty()) {
      Poco::Net::HTTPCookie cookie(kCookie, r.set_cookie);
      cookie.setPath("/");
      cookie.setHttpOnly(true);
      cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
      cookie.setSecure(ctx_->options.secure_cookies);
      res.addCookie(cookie);
    }
    for (const auto& cookie : r.cookies) res.addCookie(cookie);
    for (const auto& [name, value] : r.headers) res.set(name, value);
    if (!r.location.empty()) res.set("Location", r.location);
    if (!MayKeepAlive(req)) res.setKeepAlive(false);
    res.setContentType(r.type);
    res.setContentLength(static_cast<std::streamsize>(r.body.size()));
    res.send() << r.body;
    Log(*ctx_, req, who, r.status);
  }

 private:
  DashboardContext* ctx_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(const DashboardOptions& o) : ctx_(o), refresh_(&ctx_, std::chrono::seconds(30)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override { return new Handler(&ctx_); }

 private:
  DashboardContext ctx_;
  DataRefresh refresh_;  // after ctx_: stopped before the context goes
};

}  // namespace

Poco::Net::HTTPRequestHandlerFactory* NewDashboard(const DashboardOptions& options) { return new Factory(options); }

}  // namespace oversight
