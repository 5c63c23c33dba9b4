// Sessions and sign-in attempts of the dashboard, held in the server's memory: random
// session tokens (for an HttpOnly, SameSite cookie) with a CSRF token each and an expiry,
// and a limit on failed sign-ins per username and per client address.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "web/users.h"

namespace oversight {

struct Session {
  std::string token, csrf;
  std::optional<User> user;  // nothing: signed out (a visitor with a CSRF token for the sign-in form)
  std::chrono::steady_clock::time_point expires;
};

class SessionTable {
 public:
  explicit SessionTable(std::chrono::seconds lifetime) : lifetime_(lifetime) {}
  Session Create(std::optional<User> user);
  std::optional<Session> Find(const std::string& token);
  void Remove(const std::string& token);

 private:
  std::chrono::seconds lifetime_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;
};

// At most `limit` failures per key in any `window`; further attempts are refused until
// the oldest failure leaves the window.
class AttemptLimiter {
 public:
  AttemptLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  bool Allowed(const std::string& key);
  void Failed(const std::string& key);

 private:
  int limit_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> failures_;
};

// 32 random bytes as hex.
std::string RandomToken();
// Compares in time independent of where they differ.
bool SameToken(const std::string& a, const std::string& b);

}  // namespace oversight
