// SmtpSession: delivering finished messages to the council's mail relay with Poco::Net:
// plain, STARTTLS or implicit TLS, AUTH PLAIN or LOGIN. Each Send says whether a failure
// is worth retrying. The password is used, never logged or put in an error.
#pragma once

#include <memory>
#include <string>

#include "common/config.h"
#include "common/status.h"

namespace oversight {

struct SmtpSettings {
  std::string host = "localhost";
  int port = 25;
  std::string tls = "none";  // none, starttls, tls
  std::string user, password, auth = "plain";  // auth: plain or login
  std::string ca_file;
  int timeout_seconds = 30;
  std::string helo = "oversight";
  static Result<SmtpSettings> From(const Config& config);
};

struct SendOutcome {
  // kPermanent: the relay refused this recipient (a 5xx to RCPT or to the message);
  // kTransient: try this message again later; kSessionFailed: the relay refused the
  // session itself (e.g. 530 authentication required at MAIL FROM): try everything later.
  enum class Kind { kSent, kTransient, kPermanent, kSessionFailed } kind;
  std::string detail;  // the server's words, for the operator
};

class SmtpSession {
 public:
  // Connects and authenticates. A failure here is transient for every message.
  static Result<std::unique_ptr<SmtpSession>> Connect(const SmtpSettings& settings);
  virtual ~SmtpSession() = default;
  virtual SendOutcome Send(const std::string& from, const std::string& to, const std::string& message) = 0;
};

}  // namespace oversight
