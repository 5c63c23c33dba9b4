// The sign-in form's CSRF defence without server-side state: a signed double-submit token.
// A visitor's cookie holds a random nonce and an expiry; the form's token is an HMAC of
// that cookie under a key only this server holds. Showing the form to any number of
// signed-out visitors therefore costs no memory; a token does only for its own cookie and
// only until the expiry.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace oversight {

class SignInForms {
 public:
  struct Issued {
    std::string cookie;  // the visitor's cookie value: nonce.expiry
    std::string csrf;    // the form's hidden token
  };
  // A fresh key per server: a restart ends every form shown before it.
  explicit SignInForms(std::chrono::seconds lifetime);
  ~SignInForms();
  SignInForms(const SignInForms&) = delete;
  SignInForms& operator=(const SignInForms&) = delete;

  Issued Issue() const;
  // The token for a cookie of this form with at least half its lifetime left, so that
  // showing the form again (another tab, a reload) keeps the cookie; nothing otherwise.
  std::optional<std::string> Reissue(const std::string& cookie) const;
  // Whether `csrf` is the token for `cookie` and the cookie has not expired.
  bool Valid(const std::string& cookie, const std::string& csrf) const;

 private:
  // The seconds the cookie has left: nothing when it is not of this form, has expired or
  // claims more than a lifetime.
  std::optional<int64_t> Remaining(const std::string& cookie) const;
  std::string Token(const std::string& cookie) const;
  std::chrono::seconds lifetime_;
  unsigned char key_[32];
};

}  // namespace oversight
