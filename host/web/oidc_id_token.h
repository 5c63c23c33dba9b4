// The checks an ID token must pass before anyone is signed in by it (OpenID Connect Core
// 3.1.3.7): signed RS256 by one of the provider's keys (Poco::JWT), from the issuer, for
// this client, not expired, not issued in the future, and carrying the nonce this browser
// was given. Anything else is refused.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/status.h"
#include "web/oidc_keys.h"

namespace oversight {

struct IdTokenExpectations {
  std::string issuer, client_id, nonce;
  int64_t now = 0;                          // Unix seconds
  std::chrono::seconds skew{120};           // clocks differ this much at most
};

// The key of a key id, fetching the provider's keys again if it is unknown (and allowed to).
using KeyLookup = std::function<Poco::SharedPtr<Poco::Crypto::RSAKey>(const std::string& kid)>;

// The token's claims when it passes every check; otherwise an error saying which failed.
Result<Poco::JSON::Object::Ptr> CheckIdToken(const std::string& jwt, const KeyLookup& key,
                                             const IdTokenExpectations& expect);

}  // namespace oversight
