// Discovery, the JWKS cache and the token endpoint, over web/oidc_fetch.h.
#include "web/oidc_client.h"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <sodium.h>

#include "mail/message.h"
#include "web/oidc_fetch.h"
#include "web/oidc_id_token.h"

namespace oversight {

namespace {

Result<Poco::JSON::Object::Ptr> JsonObject(const std::string& text, const std::string& what) {
  try {
    auto o = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    if (o) return o;
  } catch (const std::exception&) {
  }
  return Status::Error(what + " is not a JSON object");
}

std::string Text(const Poco::JSON::Object::Ptr& o, const std::string& name) {
  return o->has(name) && o->get(name).isString() ? o->getValue<std::string>(name) : "";
}

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Whether the provider takes the secret in a Basic header (the default, RFC 8414), or only in the form.
bool TakesBasic(const Poco::JSON::Object::Ptr& doc) {
  auto methods = doc->getArray("token_endpoint_auth_methods_supported");
  if (!methods) return true;
  for (size_t i = 0; i < methods->size(); ++i) {
    if (methods->get(static_cast<unsigned>(i)).toString() == "client_secret_basic") return true;
  }
  return false;
}

}  // namespace

std::string CodeChallenge(const std::string& verifier) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size());
  return Base64UrlEncode(std::string(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<OidcClient::Endpoints> OidcClient::Discover() {
  std::lock_guard<std::mutex> lock(mu_);
  if (endpoints_) return *endpoints_;
  const auto now = std::chrono::steady_clock::now();
  if (discovery_failed_ && now - discovery_failed_->first < std::chrono::seconds(30)) return discovery_failed_->second;
  auto found = DiscoverNow();
  if (found.ok()) {
    endpoints_ = *found;
  } else {
    discovery_failed_ = std::make_pair(now, found.status());
  }
  return found;
}

Result<OidcClient::Endpoints> OidcClient::DiscoverNow() {
  std::string base = settings_.issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto text = Fetch(base + "/.well-known/openid-configuration", {"", "", settings_.ca_file});
  if (!text.ok()) return text.status();
  auto doc = JsonObject(*text, "the provider's discovery document");
  if (!doc.ok()) return doc.status();
  if (Text(*doc, "issuer") != settings_.issuer) {
    return Status::Error("the provider calls itself '" + Text(*doc, "issuer") + "', not oidc.issuer");
  }
  Endpoints e{Text(*doc, "authorization_endpoint"), Text(*doc, "token_endpoint"), Text(*doc, "jwks_uri"), TakesBasic(*doc)};
  if (e.authorization.empty() || e.token.empty() || e.jwks.empty()) {
    return Status::Error("the provider's discovery document lacks an endpoint");
  }
  return e;
}

Result<std::string> OidcClient::AuthorizationUrl(const std::string& state, const std::string& nonce,
                                                 const std::string& code_challenge) {
  auto e = Discover();
  if (!e.ok()) return e.status();
  try {
    Poco::URI uri(e->authorization);
    uri.addQueryParameter("response_type", "code");
    uri.addQueryParameter("client_id", settings_.client_id);
    uri.addQueryParameter("redirect_uri", settings_.redirect_url);
    uri.addQueryParameter("scope", settings_.scope);
    uri.addQueryParameter("state", state);
    uri.addQueryParameter("nonce", nonce);
    uri.addQueryParameter("code_challenge", code_challenge);
    uri.addQueryParameter("code_challenge_method", "S256");
    return uri.toString();
  } catch (const Poco::Exception& ex) {
    return Status::Error("the authorization endpoint is not an address: " + ex.displayText());
  }
}

Result<std::string> OidcClient::Exchange(const std::string& code, const std::string& verifier) {
  auto e = Discover();
  if (!e.ok()) return e.status();
  FetchOptions o;
  o.ca_file = settings_.ca_file;
  o.form = "grant_type=authorization_code&code=" + FormEncode(code) + "&redirect_uri=" +
           FormEncode(settings_.redirect_url) + "&code_verifier=" + FormEncode(verifier);
  if (e->basic_auth) {
    const std::string pair = FormEncode(settings_.client_id) + ":" + FormEncode(settings_.client_secret);
    o.authorization = "Basic " + Base64(pair, 0);
  } else {
    o.form += "&client_id=" + FormEncode(settings_.client_id) + "&client_secret=" + FormEncode(settings_.client_secret);
  }
  auto text = Fetch(e->token, o);
  if (!text.ok()) return text.status();
  auto doc = JsonObject(*text, "the token endpoint's answer");
  if (!doc.ok()) return doc.status();
  const std::string id_token = Text(*doc, "id_token");
  if (id_token.empty()) return Status::Error("the token endpoint gave no id_token");
  return id_token;
}

Poco::SharedPtr<Poco::Crypto::RSAKey> OidcClient::Key(const std::string& kid) {
  auto e = Discover();
  if (!e.ok()) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  auto known = [&]() -> Poco::SharedPtr<Poco::Crypto::RSAKey> {
    if (auto it = keys_.find(kid); it != keys_.end()) return it->second;
    if (kid.empty() && keys_.size() == 1) return keys_.begin()->second;  // no kid: the only key
    return nullptr;
  };
  if (auto key = known()) return key;
  const auto now = std::chrono::steady_clock::now();
  if (keys_fetched_ && now - *keys_fetched_ < refetch_after_) return nullptr;
  keys_fetched_ = now;
  auto text = Fetch(e->jwks, {"", "", settings_.ca_file});
  if (!text.ok()) return nullptr;
  auto keys = ReadJwks(*text);
  if (keys.ok()) keys_ = *keys;
  return known();
}

Result<Poco::JSON::Object::Ptr> OidcClient::Verify(const std::string& id_token, const std::string& nonce) {
  IdTokenExpectations expect{settings_.issuer, settings_.client_id, nonce, UnixNow()};
  return CheckIdToken(id_token, [this](const std::string& kid) { return Key(kid); }, expect);
}

}  // namespace oversight
