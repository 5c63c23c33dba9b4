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

// Visitors' sessions (a CSRF token for the sign-in form) are short; a signed-in session
// lasts its lifetime. Expired ones are swept every thousand creations, and when full.
Session SessionTable::Create(std::optional<User> user, bool by_group) {
  const auto lifetime = user ? lifetime_ : std::min<std::chrono::seconds>(lifetime_, std::chrono::minutes(30));
  Session s{RandomToken(), RandomToken(), std::move(user), std::chrono::steady_clock::now() + lifetime, by_group};
  std::lock_guard<std::mutex> lock(mu_);
  if (++creates_since_purge_ >= 1000) PurgeExpired();
  MakeRoom();
  sessions_[s.token] = s;
  return s;
}

void SessionTable::MakeRoom() {
  if (sessions_.size() < capacity_) return;
  PurgeExpired();
  while (!sessions_.empty() && sessions_.size() >= capacity_) {
    auto soonest = std::min_element(sessions_.begin(), sessions_.end(),
                                    [](const auto& a, const auto& b) { return a.second.expires < b.second.expires; });
    sessions_.erase(soonest);
  }
}

size_t SessionTable::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

void SessionTable::PurgeExpired() {
  creates_since_purge_ = 0;
  const auto now = std::chrono::steady_clock::now();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires <= now ? sessions_.erase(it) : std::next(it);
  }
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

bool AttemptLimiter::Attempt(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  // Sweep old attempts of every key now and then, so the table does not grow for ever.
  if (failures_.size() > 10000) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      it = (it->second.empty() || it->second.back() < now - window_) ? failures_.erase(it) : std::next(it);
    }
  }
  auto& times = failures_[key];
  times.erase(std::remove_if(times.begin(), times.end(), [&](auto t) { return t < now - window_; }), times.end());
  if (static_cast<int>(times.size()) >= limit_) return false;
  times.push_back(now);
  return true;
}

void AttemptLimiter::Succeeded(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return;
  if (!it->second.empty()) it->second.pop_back();
  if (it->second.empty()) failures_.erase(it);
}

}  // namespace oversight
