// Session tokens from libsodium's randomness; a sliding-window limiter.
#include "web/sessions.h"

#include <sodium.h>

#include <algorithm>

namespace oversight {

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

bool SameToken(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Session SessionTable::Create(std::optional<User> user) {
  Session s{RandomToken(), RandomToken(), std::move(user), std::chrono::steady_clock::now() + lifetime_};
  std::lock_guard<std::mutex> lock(mu_);
  sessions_[s.token] = s;
  return s;
}

std::optional<Session> SessionTable::Find(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() >= it->second.expires) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void SessionTable::Remove(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(token);
}

bool AttemptLimiter::Allowed(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& times = failures_[key];
  const auto cutoff = std::chrono::steady_clock::now() - window_;
  times.erase(std::remove_if(times.begin(), times.end(), [&](auto t) { return t < cutoff; }), times.end());
  return static_cast<int>(times.size()) < limit_;
}

void AttemptLimiter::Failed(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_[key].push_back(std::chrono::steady_clock::now());
}

}  // namespace oversight
