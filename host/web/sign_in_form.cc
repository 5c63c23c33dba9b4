// Signed double-submit tokens with libsodium's crypto_auth (HMAC-SHA-512-256).
#include "web/sign_in_form.h"

#include <sodium.h>

#include <cstdlib>

#include "web/sessions.h"

namespace oversight {

namespace {
int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

SignInForms::SignInForms(std::chrono::seconds lifetime) : lifetime_(lifetime) {
  static_assert(sizeof key_ == crypto_auth_KEYBYTES, "an HMAC key");
  if (sodium_init() < 0) std::abort();  // no randomness: nothing safe can be done
  crypto_auth_keygen(key_);
}

SignInForms::~SignInForms() { sodium_memzero(key_, sizeof key_); }

std::string SignInForms::Token(const std::string& cookie) const {
  unsigned char mac[crypto_auth_BYTES];
  const std::string message = "sign-in form|" + cookie;
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key_);
  char hex[2 * crypto_auth_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

SignInForms::Issued SignInForms::Issue() const {
  const std::string cookie = RandomToken() + "." + std::to_string(UnixNow() + lifetime_.count());
  return {cookie, Token(cookie)};
}

std::optional<int64_t> SignInForms::Remaining(const std::string& cookie) const {
  const size_t dot = cookie.find('.');
  if (dot != 64 || cookie.size() > dot + 19 || cookie.size() == dot + 1) return std::nullopt;  // 18 digits at most
  int64_t expires = 0;
  for (size_t i = dot + 1; i < cookie.size(); ++i) {
    if (cookie[i] < '0' || cookie[i] > '9') return std::nullopt;
    expires = expires * 10 + (cookie[i] - '0');
  }
  const int64_t left = expires - UnixNow();
  if (left < 0 || left > lifetime_.count()) return std::nullopt;
  return left;
}

std::optional<std::string> SignInForms::Reissue(const std::string& cookie) const {
  const auto left = Remaining(cookie);
  if (!left || *left < lifetime_.count() / 2) return std::nullopt;
  return Token(cookie);
}

bool SignInForms::Valid(const std::string& cookie, const std::string& csrf) const {
  return Remaining(cookie) && SameToken(csrf, Token(cookie));
}

}  // namespace oversight
