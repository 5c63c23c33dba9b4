// Sign-ins under way with the OpenID provider, held in the server's memory until the
// browser comes back: for each state, the nonce, the PKCE verifier and the browser it was
// given to (a random value in that browser's cookie). A state is taken once (a replay
// finds nothing) and lives a few minutes. The table is bounded: each client address may
// have only so many under way (another one drops that address's oldest), and all
// together only so many (another one drops the oldest of all), so that no number of
// requests can exhaust the server's memory.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace oversight {

struct PendingLogin {
  std::string state, nonce, verifier, browser, address;
  std::chrono::steady_clock::time_point expires;
};

class OidcLogins {
 public:
  OidcLogins(std::chrono::seconds lifetime = std::chrono::minutes(10), size_t per_address = 32,
             size_t capacity = 4096)
      : lifetime_(lifetime), per_address_(per_address), capacity_(capacity) {}
  // A new sign-in for `browser` (its cookie's value) from `address`: fresh state, nonce and verifier.
  PendingLogin Begin(const std::string& browser, const std::string& address);
  // The sign-in of `state`, removed, when it has not expired and was begun by `browser`;
  // nothing otherwise (a replayed, unknown, expired or other browser's state).
  std::optional<PendingLogin> Take(const std::string& state, const std::string& browser);
  size_t size();

 private:
  void DropOldest(const std::string* address);  // with mu_ held; all addresses when null
  std::chrono::seconds lifetime_;
  size_t per_address_, capacity_;
  std::mutex mu_;
  std::map<std::string, PendingLogin> by_state_;
};

}  // namespace oversight
