// Routing, authentication and authorisation of dashboard requests.
#include "web/dashboard.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "checks/whatif.h"
#include "common/date.h"
#include "state/state_store.h"
#include "web/access.h"
#include "web/pages.h"
#include "web/users.h"

namespace oversight {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

class DashboardContext {
 public:
  explicit DashboardContext(const DashboardOptions& o)
      : options(o), sessions(std::chrono::minutes(o.session_minutes)), by_user(5, std::chrono::seconds(60)),
        by_address(5, std::chrono::seconds(60)), source(o.run) {}
  DashboardOptions options;
  SessionTable sessions;
  AttemptLimiter by_user, by_address;
  DashboardSource source;
  std::mutex log_mu;
};

namespace {

const char* kCookie = "oversight_session";

struct Reply {
  int status = 200;
  std::string type = "text/html; charset=utf-8";
  std::string body;
  std::string location;
  std::string set_cookie;  // a session token to set
};

std::string ClientAddress(DashboardContext& ctx, const HTTPServerRequest& req);

void Log(DashboardContext& ctx, const HTTPServerRequest& req, const std::string& who, int status) {
  // Who, what, when: the path names teams, never children.
  std::lock_guard<std::mutex> lock(ctx.log_mu);
  std::cerr << "access " << UtcTimestampNow() << " " << (who.empty() ? "-" : who) << " "
            << ClientAddress(ctx, req) << " " << req.getMethod() << " "
            << Poco::URI(req.getURI()).getPath() << " " << status << "\n";
}

std::optional<Session> CurrentSession(DashboardContext& ctx, const HTTPServerRequest& req) {
  Poco::Net::NameValueCollection cookies;
  req.getCookies(cookies);
  if (!cookies.has(kCookie)) return std::nullopt;
  return ctx.sessions.Find(cookies.get(kCookie));
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

Day ShownDay(DashboardContext& ctx) { return ctx.options.as_of.value_or(Today()); }

Reply ErrorReply(int status, const std::string& message, bool api) {
  Reply r;
  r.status = status;
  if (api) {
    r.type = "application/json";
    r.body = "{\"error\":\"" + message + "\"}\n";
  } else {
    r.body = ErrorPage(status, message);
  }
  return r;
}

Reply SignIn(DashboardContext& ctx, HTTPServerRequest& req, const std::optional<Session>& session,
             std::string* who) {
  Reply r;
  if (req.getMethod() == "GET") {
    Session s = session ? *session : ctx.sessions.Create(std::nullopt);
    if (!session) r.set_cookie = s.token;
    r.body = SignInPage(s.csrf, "");
    return r;
  }
  Poco::Net::HTMLForm form(req, req.stream());
  if (!session || !SameToken(form.get("csrf_token", ""), session->csrf)) {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired: go back and sign in again.", false);
  }
  const std::string username = form.get("username", ""), password = form.get("password", "");
  const std::string address = ClientAddress(ctx, req);
  // Each attempt is counted before the (slow) password check, so parallel guesses count too.
  const bool user_ok = ctx.by_user.Attempt("user:" + username);
  const bool address_ok = ctx.by_address.Attempt("ip:" + address);
  if (!user_ok || !address_ok) {
    r.status = HTTPResponse::HTTP_TOO_MANY_REQUESTS;
    r.body = SignInPage(session->csrf, "Too many attempts: wait a minute, then try again.");
    return r;
  }
  auto state = StateStore::Open(ctx.options.run.snapshot_path);
  std::optional<User> user;
  if (state.ok()) {
    UserStore users(&*state);
    user = users.Verify(username, password);
  }
  if (user && user->role == "manager") {  // only then is the extract needed
    auto data = ctx.source.Get(ShownDay(ctx));
    if (!data.ok() || !MaySignIn((*data)->run.org, *user, ShownDay(ctx))) user.reset();
  }
  if (!user) {
    r.status = HTTPResponse::HTTP_UNAUTHORIZED;
    r.body = SignInPage(session->csrf, "The username or password is not right.");
    return r;
  }
  ctx.by_user.Succeeded("user:" + username);
  ctx.by_address.Succeeded("ip:" + address);
  ctx.sessions.Remove(session->token);  // a new token on sign-in: no fixation
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

// /whatif: HR tries a draft of the settings on the data shown (a form post with the CSRF
// token). The draft is written to a private temporary file and run like any settings:
// in the plugins' sandboxed processes; nothing is published.
Reply WhatIfRoute(DashboardContext& ctx, HTTPServerRequest& req, const Session& session) {
  if (session.user->role == "manager") return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "What-if is for HR", false);
  std::string current;
  {
    std::ifstream in(ctx.options.run.settings_path);
    std::stringstream text;
    text << in.rdbuf();
    current = text.str();
  }
  Reply r;
  if (req.getMethod() == "GET") {
    r.body = WhatIfPage(*session.user, session.csrf, current, "");
    return r;
  }
  if (req.getMethod() != "POST") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  Poco::Net::HTMLForm form(req, req.stream());
  if (!SameToken(form.get("csrf_token", ""), session.csrf)) {
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
  }
  const std::string draft = form.get("settings", "");
  char path[] = "/tmp/oversight-whatif-XXXXXX.lua";
  int fd = mkstemps(path, 4);
  if (fd < 0) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "cannot hold the draft", false);
  bool written = write(fd, draft.data(), draft.size()) == static_cast<ssize_t>(draft.size());
  close(fd);
  std::string result;
  if (written) {
    PolicyRunOptions now = ctx.options.run, changed = ctx.options.run;
    now.as_of = changed.as_of = ShownDay(ctx);
    changed.settings_path = path;
    auto w = RunWhatIf(now, changed);
    std::ostringstream out;
    if (w.ok()) {
      WriteWhatIfTable(out, *w);
    } else {
      out << "The draft could not run: " << w.status().message() << "\n";
    }
    result = out.str();
  }
  unlink(path);
  r.body = WhatIfPage(*session.user, session.csrf, draft, written ? result : "The draft could not be held.");
  return r;
}

// /users: admins list users and add one (a form post with the CSRF token).
Reply Users(DashboardContext& ctx, HTTPServerRequest& req, const Session& session) {
  if (session.user->role != "admin") return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "Users are for admins", false);
  auto state = StateStore::Open(ctx.options.run.snapshot_path);
  if (!state.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no store", false);
  UserStore users(&*state);
  std::string message;
  Reply r;
  if (req.getMethod() == "POST") {
    Poco::Net::HTMLForm form(req, req.stream());
    if (!SameToken(form.get("csrf_token", ""), session.csrf)) {
      return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
    }
    Status s = users.Add({form.get("username", ""), form.get("role", ""), form.get("worker_id", "")},
                         form.get("password", ""));
    message = s.ok() ? "User " + form.get("username", "") + " added." : "Not added: " + s.message() + ".";
    if (!s.ok()) r.status = HTTPResponse::HTTP_BAD_REQUEST;
  } else if (req.getMethod() != "GET") {
    return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", false);
  }
  r.body = UsersPage(*session.user, session.csrf, users.List(), message);
  return r;
}

Reply Route(DashboardContext& ctx, HTTPServerRequest& req, std::string* who) {
  Poco::URI uri(req.getURI());
  const std::string path = uri.getPath();
  auto session = CurrentSession(ctx, req);
  if (path.rfind("/static/", 0) == 0 || path.rfind("/assets/", 0) == 0) return Static(ctx, path);
  if (path == "/sign-in") return SignIn(ctx, req, session, who);

  const bool api = path.rfind("/api/", 0) == 0;
  const bool csv = path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  if (!session || !session->user) {
    if (api || csv) return ErrorReply(HTTPResponse::HTTP_UNAUTHORIZED, "sign in first", api);
    Reply r;
    r.status = HTTPResponse::HTTP_SEE_OTHER;
    r.location = "/sign-in";
    return r;
  }
  const User& user = *session->user;
  *who = user.username;
  if (path == "/sign-out" && req.getMethod() == "POST") {
    Poco::Net::HTMLForm form(req, req.stream());
    if (!SameToken(form.get("csrf_token", ""), session->csrf)) {
      return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "The form has expired.", false);
    }
    ctx.sessions.Remove(session->token);
    Reply r;
    r.status = HTTPResponse::HTTP_SEE_OTHER;
    r.location = "/sign-in";
    return r;
  }
  if (path == "/users") return Users(ctx, req, *session);
  if (path == "/whatif") return WhatIfRoute(ctx, req, *session);
  if (req.getMethod() != "GET") return ErrorReply(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "not allowed", api);
  auto data = ctx.source.Get(ShownDay(ctx));
  if (!data.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no data yet", api);
  const Organisation& org = (*data)->run.org;
  if (!MaySignIn(org, user, ShownDay(ctx))) {
    ctx.sessions.Remove(session->token);
    return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "your account is no longer active", api);
  }
  std::vector<const Team*> teams;  // those the user may see
  for (const Team& t : org.teams()) {
    if (MaySeeTeam(org, user, t)) teams.push_back(&t);
  }
  if (path == "/") return Reply{200, "text/html; charset=utf-8", HomePage(user, session->csrf, **data, teams), "", ""};
  if (path == "/iro") return Reply{200, "text/html; charset=utf-8", IroPage(user, session->csrf, **data, teams), "", ""};
  if (path == "/trends" || path == "/policies") {
    if (path == "/policies" && user.role == "manager") {
      return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "Policy versions are for HR and admins", false);
    }
    auto state = StateStore::Open(ctx.options.run.snapshot_path);
    if (!state.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no history yet", false);
    if (path == "/policies") {
      auto runs = state->Runs(50);
      if (!runs.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no history yet", false);
      return Reply{200, "text/html; charset=utf-8", PolicyVersionsPage(user, session->csrf, *runs), "", ""};
    }
    auto rows = state->MeasuresTrend(FormatDate(WeekStart(ShownDay(ctx))), 12);
    if (!rows.ok()) return ErrorReply(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "no history yet", false);
    std::vector<RecordedTeamMeasures> mine;
    for (const auto& r : *rows) {
      const int64_t key = org.FindTeam(r.team_id);
      if (key && MaySeeTeam(org, user, org.team(key))) mine.push_back(r);
    }
    return Reply{200, "text/html; charset=utf-8", TrendsPage(user, session->csrf, mine), "", ""};
  }
  // /teams/{id}, /teams/{id}/plan, /teams/{id}/caseload.csv, /api/teams/{id}/caseload,
  // /api/teams/{id}/exceptions
  std::vector<std::string> parts;
  uri.getPathSegments(parts);
  size_t at = api ? 1 : 0;
  if (parts.size() < at + 2 || parts[at] != "teams") return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", api);
  const int64_t key = org.FindTeam(parts[at + 1]);
  if (!key) return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "No such team", api);
  const Team& team = org.team(key);
  if (!MaySeeTeam(org, user, team)) return ErrorReply(HTTPResponse::HTTP_FORBIDDEN, "You cannot see this team", api);
  const std::string rest = parts.size() > at + 2 ? parts[at + 2] : "";
  std::string policy;
  for (const auto& [k, v] : uri.getQueryParameters()) {
    if (k == "policy") policy = v;
  }
  if (!api && parts.size() == 2) {
    return Reply{200, "text/html; charset=utf-8", TeamPage(user, session->csrf, **data, team, policy), "", ""};
  }
  if (!api && parts.size() == 3 && rest == "plan") {
    std::string case_type = "CIN";
    for (const auto& [k, v] : uri.getQueryParameters()) {
      if (k == "case_type") case_type = v;
    }
    return Reply{200, "text/html; charset=utf-8", PlanPage(user, session->csrf, **data, team, case_type), "", ""};
  }
  if (!api && parts.size() == 3 && rest == "exceptions.csv") {
    return Reply{200, "text/csv; charset=utf-8", ExceptionsCsv(**data, team, policy), "", ""};
  }
  if (!api && parts.size() == 3 && rest == "caseload.csv") {
    return Reply{200, "text/csv; charset=utf-8", CaseloadCsv(**data, team), "", ""};
  }
  if (api && parts.size() == 4 && rest == "caseload") {
    return Reply{200, "application/json", CaseloadJson(**data, team), "", ""};
  }
  if (api && parts.size() == 4 && rest == "exceptions") {
    return Reply{200, "application/json", ExceptionsJson(**data, team, policy), "", ""};
  }
  return ErrorReply(HTTPResponse::HTTP_NOT_FOUND, "Page not found", api);
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(DashboardContext* ctx) : ctx_(ctx) {}
  void handleRequest(HTTPServerRequest& req, HTTPServerResponse& res) override {
    std::string who;
    Reply r;
    try {
      r = Route(*ctx_, req, &who);
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
    if (!r.location.empty()) res.set("Location", r.location);
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
  explicit Factory(const DashboardOptions& o) : ctx_(o) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override { return new Handler(&ctx_); }

 private:
  DashboardContext ctx_;
};

}  // namespace

Poco::Net::HTTPRequestHandlerFactory* NewDashboard(const DashboardOptions& options) { return new Factory(options); }

}  // namespace oversight
