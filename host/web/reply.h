// Reply: what a dashboard route answers (status, content type, body, a redirect, a new
// session cookie). Routes build one; the request handler (dashboard.cc) sends it with
// the security headers every answer carries.
#pragma once

#include <Poco/Net/HTTPCookie.h>

#include <string>
#include <utility>
#include <vector>

namespace oversight {

struct Reply {
  int status = 200;
  std::string type = "text/html; charset=utf-8";
  std::string body;
  std::string location;    // a redirect's target
  std::string set_cookie;  // a session token to set
  std::vector<Poco::Net::HTTPCookie> cookies;                // other cookies, set as they are
  std::vector<std::pair<std::string, std::string>> headers;  // other headers
};

inline Reply HtmlReply(std::string body) { return Reply{200, "text/html; charset=utf-8", std::move(body), "", "", {}, {}}; }
inline Reply CsvReply(std::string body) { return Reply{200, "text/csv; charset=utf-8", std::move(body), "", "", {}, {}}; }
inline Reply JsonReply(std::string body) { return Reply{200, "application/json", std::move(body), "", "", {}, {}}; }
inline Reply Redirect(const std::string& to) { return Reply{303, "text/html; charset=utf-8", "", to, "", {}, {}}; }
// An error page, or for the API {"error": message}.
Reply ErrorReply(int status, const std::string& message, bool api);

}  // namespace oversight
