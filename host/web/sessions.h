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
  std::optional<User> user;  // nothing: a visitor (the dashboard keeps none: web/sign_in_form.h)
  std::chrono::steady_clock::time_point expires;
  bool by_group = false;  // signed in by single sign-on with a role from a group: no account to check again
};

// At most `capacity` sessions: when full, the expired ones go, then if need be the one
// nearest its end, so that no number of sign-ins can exhaust the server's memory.
class SessionTable {
 public:
  explicit SessionTable(std::chrono::seconds lifetime, size_t capacity = 10000)
      : lifetime_(lifetime), capacity_(capacity) {}
  Session Create(std::optional<User> user, bool by_group = false);
  std::optional<Session> Find(const std::string& token);
  void Remove(const std::string& token);
  size_t size();

 private:
  void PurgeExpired();  // with mu_ held
  void MakeRoom();      // with mu_ held
  std::chrono::seconds lifetime_;
  size_t capacity_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;
  size_t creates_since_purge_ = 0;
};

// At most `limit` failed attempts per key in any `window`; further attempts are refused
// until the oldest leaves the window. An attempt counts as failed until Succeeded().
class AttemptLimiter {
 public:
  AttemptLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  // Counts an attempt; false (and not counted) when the key has used up its attempts.
  bool Attempt(const std::string& key);
  // The last attempt of `key` succeeded: it does not count against it.
  void Succeeded(const std::string& key);

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
