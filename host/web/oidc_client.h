// The OpenID provider as the dashboard uses it: its endpoints from discovery
// ({issuer}/.well-known/openid-configuration, kept once read), its signing keys (the
// JWKS, fetched again when a token names a key id it does not know, but at most once in
// `refetch_after`), the token endpoint (a code and its PKCE verifier for an ID token,
// the client authenticated with its secret) and the ID token's checks.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "common/status.h"
#include "web/oidc_keys.h"
#include "web/oidc_settings.h"

namespace oversight {

class OidcClient {
 public:
  explicit OidcClient(OidcSettings settings, std::chrono::seconds refetch_after = std::chrono::seconds(60))
      : settings_(std::move(settings)), refetch_after_(refetch_after) {}
  const OidcSettings& settings() const { return settings_; }

  // Where to send the browser: the authorization endpoint with the request's parameters.
  Result<std::string> AuthorizationUrl(const std::string& state, const std::string& nonce,
                                       const std::string& code_challenge);
  // The ID token the token endpoint gives for `code` and its PKCE `verifier`.
  Result<std::string> Exchange(const std::string& code, const std::string& verifier);
  // The ID token's claims when it passes every check (web/oidc_id_token.h).
  Result<Poco::JSON::Object::Ptr> Verify(const std::string& id_token, const std::string& nonce);

 private:
  struct Endpoints {
    std::string authorization, token, jwks;
    bool basic_auth = true;  // client_secret_basic, or else client_secret_post
  };
  Result<Endpoints> Discover();     // kept once found
  Result<Endpoints> DiscoverNow();  // with mu_ held
  Poco::SharedPtr<Poco::Crypto::RSAKey> Key(const std::string& kid);

  OidcSettings settings_;
  std::chrono::seconds refetch_after_;
  std::mutex mu_;  // guards what follows; held while fetching, so one fetch at a time
  std::optional<Endpoints> endpoints_;
  // The last discovery that failed: requests meanwhile are answered at once, not each
  // with another wait on a provider that is down.
  std::optional<std::pair<std::chrono::steady_clock::time_point, Status>> discovery_failed_;
  SigningKeys keys_;
  std::optional<std::chrono::steady_clock::time_point> keys_fetched_;
};

// S256: base64url(SHA-256(verifier)).
std::string CodeChallenge(const std::string& verifier);

}  // namespace oversight
