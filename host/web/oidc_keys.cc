// JWKS to RSA keys: the modulus and exponent through OpenSSL's EVP_PKEY_fromdata.
#include "web/oidc_keys.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/EVPPKey.h>
#include <Poco/JSON/Parser.h>

#include <cctype>
#include <iterator>
#include <memory>
#include <sstream>

namespace oversight {

Result<std::string> Base64UrlDecode(const std::string& text) {
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '=') {
      return Status::Error("not base64url");
    }
  }
  std::string padded = text;
  while (padded.size() % 4 != 0) padded += '=';
  try {
    std::istringstream in(padded);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING);
    return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    return Status::Error("not base64url");
  }
}

std::string Base64UrlEncode(const std::string& bytes) {
  std::ostringstream out;
  {
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
  }
  return out.str();
}

namespace {

struct Free {
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

BIGNUM* Number(const std::string& bytes) {
  return BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr);
}

// The public key of modulus n and exponent e (big-endian bytes); nothing when OpenSSL refuses it.
Poco::SharedPtr<Poco::Crypto::RSAKey> RsaKey(const std::string& n, const std::string& e) {
  Owned<BIGNUM> bn_n(Number(n)), bn_e(Number(e));
  Owned<OSSL_PARAM_BLD> build(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !build || !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    return nullptr;
  }
  Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(build.get()));
  Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* made = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &made, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return nullptr;
  }
  Owned<EVP_PKEY> pkey(made);
  return new Poco::Crypto::RSAKey(Poco::Crypto::EVPPKey(pkey.get()));
}

std::string Text(const Poco::JSON::Object::Ptr& o, const std::string& name) {
  return o->has(name) && o->get(name).isString() ? o->getValue<std::string>(name) : "";
}

}  // namespace

Result<SigningKeys> ReadJwks(const std::string& json) {
  SigningKeys keys;
  try {
    auto doc = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    auto list = doc->getArray("keys");
    if (!list) return Status::Error("the JWKS has no keys");
    for (size_t i = 0; i < list->size(); ++i) {
      auto key = list->getObject(static_cast<unsigned>(i));
      if (!key || Text(key, "kty") != "RSA") continue;
      if (!Text(key, "use").empty() && Text(key, "use") != "sig") continue;
      auto n = Base64UrlDecode(Text(key, "n")), e = Base64UrlDecode(Text(key, "e"));
      if (!n.ok() || !e.ok() || n->empty() || e->empty()) continue;
      if (auto rsa = RsaKey(*n, *e)) keys[Text(key, "kid")] = rsa;
    }
  } catch (const Poco::Exception& e) {
    return Status::Error("the JWKS is not JSON: " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Error("the JWKS is not JSON");
  }
  return keys;
}

}  // namespace oversight
