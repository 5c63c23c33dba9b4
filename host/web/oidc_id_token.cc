// ID token checks: the header's alg and kid, Poco::JWT::Signer for the signature, then
// the claims one by one.
#include "web/oidc_id_token.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JWT/JWTException.h>
#include <Poco/JWT/Signer.h>

#include "web/sessions.h"

namespace oversight {

namespace {

Result<Poco::JSON::Object::Ptr> Header(const std::string& jwt) {
  const size_t dot = jwt.find('.');
  if (dot == std::string::npos || jwt.size() > 64 * 1024) return Status::Error("not a JWT");
  auto text = Base64UrlDecode(jwt.substr(0, dot));
  if (!text.ok()) return Status::Error("not a JWT");
  try {
    return Poco::JSON::Parser().parse(*text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return Status::Error("not a JWT");
  }
}

std::optional<int64_t> Seconds(const Poco::JSON::Object::Ptr& claims, const std::string& name) {
  if (!claims->has(name)) return std::nullopt;
  const Poco::Dynamic::Var v = claims->get(name);
  if (!v.isNumeric()) return std::nullopt;
  return v.convert<Poco::Int64>();
}

std::string Text(const Poco::JSON::Object::Ptr& o, const std::string& name) {
  return o->has(name) && o->get(name).isString() ? o->getValue<std::string>(name) : "";
}

// aud is the client id, or a list holding it (then azp, if there, must be the client).
bool ForClient(const Poco::JSON::Object::Ptr& claims, const std::string& client_id) {
  if (Text(claims, "aud") == client_id) return true;
  auto list = claims->getArray("aud");
  if (!list) return false;
  bool found = false;
  for (size_t i = 0; i < list->size(); ++i) {
    found = found || (list->get(static_cast<unsigned>(i)).isString() && list->getElement<std::string>(static_cast<unsigned>(i)) == client_id);
  }
  const std::string azp = Text(claims, "azp");
  return found && (list->size() == 1 || azp == client_id);
}

Status CheckClaims(const Poco::JSON::Object::Ptr& claims, const IdTokenExpectations& expect) {
  if (Text(claims, "iss") != expect.issuer) return Status::Error("the token is from another issuer");
  if (!ForClient(claims, expect.client_id)) return Status::Error("the token is for another client (aud)");
  const auto exp = Seconds(claims, "exp"), iat = Seconds(claims, "iat");
  if (!exp || *exp + expect.skew.count() < expect.now) return Status::Error("the token has expired");
  if (!iat || *iat - expect.skew.count() > expect.now) return Status::Error("the token is issued in the future");
  if (expect.nonce.empty() || !SameToken(Text(claims, "nonce"), expect.nonce)) {
    return Status::Error("the token's nonce is not this sign-in's");
  }
  return Status::Ok();
}

}  // namespace

Result<Poco::JSON::Object::Ptr> CheckIdToken(const std::string& jwt, const KeyLookup& key,
                                             const IdTokenExpectations& expect) {
  auto header = Header(jwt);
  if (!header.ok()) return header.status();
  if (Text(*header, "alg") != "RS256") return Status::Error("the token is not signed with RS256");
  auto rsa = key(Text(*header, "kid"));
  if (!rsa) return Status::Error("the token is signed with a key the provider does not publish");
  Poco::JSON::Object::Ptr claims;
  try {
    Poco::JWT::Signer signer(rsa);
    signer.setAlgorithms({Poco::JWT::Signer::ALGO_RS256});
    Poco::JWT::Token token;
    if (!signer.tryVerify(jwt, token)) return Status::Error("the token's signature is not the provider's");
    claims = new Poco::JSON::Object(token.payload());
  } catch (const Poco::Exception& e) {
    return Status::Error("the token cannot be read: " + e.displayText());
  }
  if (Status s = CheckClaims(claims, expect); !s.ok()) return s;
  return claims;
}

}  // namespace oversight
