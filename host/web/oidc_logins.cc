// The bounded table of sign-ins under way.
#include "web/oidc_logins.h"

#include <algorithm>

#include "web/sessions.h"

namespace oversight {

void OidcLogins::DropOldest(const std::string* address) {
  auto oldest = by_state_.end();
  for (auto it = by_state_.begin(); it != by_state_.end(); ++it) {
    if (address && it->second.address != *address) continue;
    if (oldest == by_state_.end() || it->second.expires < oldest->second.expires) oldest = it;
  }
  if (oldest != by_state_.end()) by_state_.erase(oldest);
}

PendingLogin OidcLogins::Begin(const std::string& browser, const std::string& address) {
  PendingLogin p{RandomToken(), RandomToken(), RandomToken(), browser, address,
                 std::chrono::steady_clock::now() + lifetime_};
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  for (auto it = by_state_.begin(); it != by_state_.end();) {
    it = it->second.expires <= now ? by_state_.erase(it) : std::next(it);
  }
  const auto from_address = std::count_if(by_state_.begin(), by_state_.end(),
                                          [&](const auto& e) { return e.second.address == address; });
  if (static_cast<size_t>(from_address) >= per_address_) DropOldest(&address);
  if (by_state_.size() >= capacity_) DropOldest(nullptr);
  by_state_[p.state] = p;
  return p;
}

std::optional<PendingLogin> OidcLogins::Take(const std::string& state, const std::string& browser) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_state_.find(state);
  if (it == by_state_.end()) return std::nullopt;
  PendingLogin p = it->second;
  if (!SameToken(p.browser, browser)) return std::nullopt;  // another browser's: left for its own
  by_state_.erase(it);
  if (std::chrono::steady_clock::now() >= p.expires) return std::nullopt;
  return p;
}

size_t OidcLogins::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return by_state_.size();
}

}  // namespace oversight
