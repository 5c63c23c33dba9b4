// The OpenID provider's signing keys: its JWKS document (RFC 7517) read into RSA public
// keys by key id, for Poco::JWT to check ID tokens with. Only RSA keys meant for signing.
#pragma once

#include <Poco/Crypto/RSAKey.h>
#include <Poco/SharedPtr.h>

#include <map>
#include <string>

#include "common/status.h"

namespace oversight {

using SigningKeys = std::map<std::string, Poco::SharedPtr<Poco::Crypto::RSAKey>>;  // by kid

// The RSA signing keys of a JWKS document; an error when it is not one.
Result<SigningKeys> ReadJwks(const std::string& json);

// base64url (RFC 4648 section 5), with or without padding; an error for anything else.
Result<std::string> Base64UrlDecode(const std::string& text);
std::string Base64UrlEncode(const std::string& bytes);

}  // namespace oversight
