// Single sign-on's parts without a provider: sign-ins under way are taken once, only by
// their browser, and bounded per client address and in all; the settings refuse a client
// secret written into them and roles a group cannot give; JWKS keys check Poco::JWT
// signatures, and ID tokens with a wrong claim are refused; a provider that is down is
// not asked again for every sign-in.
#include <catch2/catch.hpp>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JWT/Signer.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "common/config.h"
#include "test_support.h"
#include "web/oidc_client.h"
#include "web/oidc_id_token.h"
#include "web/oidc_keys.h"
#include "web/oidc_logins.h"
#include "web/oidc_settings.h"

using namespace oversight;
using namespace oversight::test;

TEST_CASE("a sign-in under way is taken once, and only by the browser it was given to", "[web][oidc]") {
  OidcLogins logins;
  const PendingLogin p = logins.Begin("browser-a", "127.0.0.1");
  CHECK_FALSE(logins.Take(p.state, "browser-b"));
  auto taken = logins.Take(p.state, "browser-a");
  REQUIRE(taken);
  CHECK(taken->nonce == p.nonce);
  CHECK(taken->verifier == p.verifier);
  CHECK_FALSE(logins.Take(p.state, "browser-a"));  // a replay finds nothing
}

TEST_CASE("sign-ins under way are bounded per client address and in all", "[web][oidc]") {
  OidcLogins logins(std::chrono::minutes(10), 3, 5);
  const PendingLogin first = logins.Begin("b", "10.0.0.1");
  for (int i = 0; i < 10; ++i) logins.Begin("b", "10.0.0.1");
  CHECK(logins.size() == 3);
  CHECK_FALSE(logins.Take(first.state, "b"));  // the address's oldest went
  const PendingLogin other = logins.Begin("c", "10.0.0.2");
  for (int i = 0; i < 10; ++i) logins.Begin("d", "10.0.0." + std::to_string(10 + i));
  CHECK(logins.size() == 5);
  CHECK_FALSE(logins.Take(other.state, "c"));
}

TEST_CASE("an expired sign-in is refused", "[web][oidc]") {
  OidcLogins logins(std::chrono::seconds(0));
  const PendingLogin p = logins.Begin("b", "127.0.0.1");
  CHECK_FALSE(logins.Take(p.state, "b"));
}

namespace {
Config SsoConfig(TempDir& dir, std::map<std::string, std::string> extra) {
  std::ofstream(dir.File("secret")) << "the-secret\n";
  std::map<std::string, std::string> d{{"oidc.issuer", "https://login.example/tenant/v2.0"},
                                       {"oidc.client_id", "app"},
                                       {"oidc.client_secret_file", dir.File("secret")},
                                       {"oidc.redirect_url", "https://oversight.example/sign-in/oidc/callback"}};
  for (auto& [k, v] : extra) d[k] = v;
  return *Config::Load(dir.File("none.properties"), d, true);
}
}  // namespace

TEST_CASE("single sign-on settings: the secret from its file only, roles admin or hr", "[web][oidc]") {
  TempDir dir;
  auto s = ReadOidcSettings(SsoConfig(dir, {}));
  REQUIRE(s.ok());
  REQUIRE(*s);
  CHECK((*s)->client_secret == "the-secret");
  CHECK((*s)->local_passwords);
  CHECK(SsoConfig(dir, {}).Describe().find("the-secret") == std::string::npos);
  CHECK_FALSE(ReadOidcSettings(SsoConfig(dir, {{"oidc.client_secret", "inline"}})).ok());
  CHECK_FALSE(ReadOidcSettings(SsoConfig(dir, {{"oidc.issuer", "http://login.example"}})).ok());
  CHECK_FALSE(ReadOidcSettings(SsoConfig(dir, {{"oidc.redirect_url", "https://oversight.example/"}})).ok());
  CHECK_FALSE(ReadOidcSettings(SsoConfig(dir, {{"oidc.group_roles", "g1:manager"}})).ok());
  auto roles = ParseGroupRoles("g1:admin, g2 : hr");
  REQUIRE(roles.ok());
  CHECK(roles->at("g1") == "admin");
  CHECK(roles->at("g2") == "hr");
  auto off = Config::Load(dir.File("none.properties"), {{"oidc.local_passwords", "false"}}, true);
  CHECK_FALSE(ReadOidcSettings(*off).ok());  // nobody could sign in
}

namespace {
// A JWKS document of `key`'s public half, as a provider publishes it.
std::string Jwks(const Poco::Crypto::RSAKey& key, const std::string& kid) {
  auto bytes = [](const std::vector<unsigned char>& v) { return Base64UrlEncode(std::string(v.begin(), v.end())); };
  return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"n\":\"" + bytes(key.modulus()) +
         "\",\"e\":\"" + bytes(key.encryptionExponent()) + "\"}]}";
}

std::string Sign(Poco::SharedPtr<Poco::Crypto::RSAKey> key, const std::string& kid, int64_t iat, int64_t exp,
                 const std::string& aud, const std::string& nonce) {
  Poco::JWT::Token token;
  token.setAlgorithm("RS256");
  token.header().set("kid", kid);
  token.setIssuer("https://login.example/tenant/v2.0");
  token.setAudience(aud);
  token.payload().set("iat", iat);
  token.payload().set("exp", exp);
  token.payload().set("nonce", nonce);
  token.payload().set("email", std::string("jo@council.example"));
  Poco::JWT::Signer signer(key);
  return signer.sign(token, "RS256");
}
}  // namespace

TEST_CASE("an ID token passes only when signed by a published key and every claim is right", "[web][oidc]") {
  Poco::SharedPtr<Poco::Crypto::RSAKey> provider = new Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE);
  Poco::SharedPtr<Poco::Crypto::RSAKey> forger = new Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE);
  auto keys = ReadJwks(Jwks(*provider, "k1"));
  REQUIRE(keys.ok());
  REQUIRE(keys->count("k1") == 1);
  int lookups = 0;
  KeyLookup lookup = [&](const std::string& kid) -> Poco::SharedPtr<Poco::Crypto::RSAKey> {
    ++lookups;
    auto it = keys->find(kid);
    return it == keys->end() ? nullptr : it->second;
  };
  const int64_t now = 1700000000;
  const IdTokenExpectations expect{"https://login.example/tenant/v2.0", "app", "n0nce", now};
  auto good = CheckIdToken(Sign(provider, "k1", now, now + 300, "app", "n0nce"), lookup, expect);
  REQUIRE(good.ok());
  CHECK((*good)->getValue<std::string>("email") == "jo@council.example");
  CHECK_FALSE(CheckIdToken(Sign(forger, "k1", now, now + 300, "app", "n0nce"), lookup, expect).ok());
  CHECK_FALSE(CheckIdToken(Sign(forger, "k9", now, now + 300, "app", "n0nce"), lookup, expect).ok());
  CHECK_FALSE(CheckIdToken(Sign(provider, "k1", now - 3600, now - 1800, "app", "n0nce"), lookup, expect).ok());
  CHECK_FALSE(CheckIdToken(Sign(provider, "k1", now + 3600, now + 4000, "app", "n0nce"), lookup, expect).ok());
  CHECK_FALSE(CheckIdToken(Sign(provider, "k1", now, now + 300, "other", "n0nce"), lookup, expect).ok());
  CHECK_FALSE(CheckIdToken(Sign(provider, "k1", now, now + 300, "app", "other"), lookup, expect).ok());
  // A little clock skew is forgiven.
  CHECK(CheckIdToken(Sign(provider, "k1", now - 400, now - 60, "app", "n0nce"), lookup, expect).ok());
}

TEST_CASE("the PKCE challenge is S256 of the verifier (RFC 7636 appendix B)", "[web][oidc]") {
  CHECK(CodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

namespace {
// A provider that is down: every request answered 503, and counted.
class DownProvider : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit DownProvider(std::atomic<int>* count) : count_(count) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    struct Down : Poco::Net::HTTPRequestHandler {
      void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& res) override {
        res.setStatus(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
        res.send() << "down";
      }
    };
    ++*count_;
    return new Down;
  }

 private:
  std::atomic<int>* count_;
};
}  // namespace

TEST_CASE("while the provider is down, sign-ins are refused without asking it again each time", "[web][oidc]") {
  std::atomic<int> requests{0};
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  Poco::Net::HTTPServer server(new DownProvider(&requests), socket, new Poco::Net::HTTPServerParams);
  server.start();
  OidcSettings s;
  s.issuer = "http://127.0.0.1:" + std::to_string(socket.address().port());
  OidcClient client(s);
  for (int i = 0; i < 5; ++i) CHECK_FALSE(client.AuthorizationUrl("state", "nonce", "challenge").ok());
  server.stop();
  CHECK(requests == 1);
}
