// Poco::Net SMTP sessions. TLS contexts verify the relay's certificate against
// smtp.ca_file, or the system's trust store when it is empty.
#include "mail/smtp.h"

#include "mail/message.h"

#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <mutex>
#include <sstream>

namespace oversight {

Result<SmtpSettings> SmtpSettings::From(const Config& c) {
  SmtpSettings s;
  s.host = c.GetOr("smtp.host", s.host);
  s.tls = c.GetOr("smtp.tls", s.tls);
  if (s.tls != "none" && s.tls != "starttls" && s.tls != "tls") {
    return Status::Error("smtp.tls must be none, starttls or tls, not '" + s.tls + "'");
  }
  auto port = c.GetInt("smtp.port", s.tls == "tls" ? 465 : 25);
  if (!port.ok()) return port.status();
  s.port = *port;
  auto timeout = c.GetInt("smtp.timeout_seconds", s.timeout_seconds);
  if (!timeout.ok()) return timeout.status();
  s.timeout_seconds = *timeout;
  s.user = c.GetOr("smtp.user", "");
  auto password = c.Secret("smtp.password");
  if (!password.ok()) return password.status();
  s.password = *password;
  s.auth = c.GetOr("smtp.auth", s.auth);
  if (s.auth != "plain" && s.auth != "login") return Status::Error("smtp.auth must be plain or login");
  s.ca_file = c.Get("smtp.ca_file") ? c.GetPath("smtp.ca_file", "") : "";
  return s;
}

namespace {

Poco::Net::Context::Ptr ClientContext(const SmtpSettings& s) {
  static std::once_flag ssl_once;
  std::call_once(ssl_once, [] { Poco::Net::initializeSSL(); });
  Poco::Net::Context::Ptr ctx = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", "", s.ca_file, Poco::Net::Context::VERIFY_RELAXED, 9,
      s.ca_file.empty());
  Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject = new Poco::Net::RejectCertificateHandler(false);
  Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, ctx);
  return ctx;
}

bool Positive(int status) { return status >= 200 && status < 400; }

SendOutcome Classify(int status, const std::string& response) {
  SendOutcome o;
  o.kind = status >= 500 ? SendOutcome::Kind::kPermanent : SendOutcome::Kind::kTransient;
  // Closing down, or authentication required or failed: about the session, not the address.
  if (status == 421 || status == 530 || status == 535) o.kind = SendOutcome::Kind::kSessionFailed;
  o.detail = response.empty() ? "status " + std::to_string(status) : response;
  return o;
}

class PocoSmtpSession : public SmtpSession {
 public:
  explicit PocoSmtpSession(std::unique_ptr<Poco::Net::SMTPClientSession> s) : session_(std::move(s)) {}
  ~PocoSmtpSession() override {
    try {
      session_->close();
    } catch (...) {
    }
  }

  SendOutcome Send(const std::string& from, const std::string& to, const std::string& message) override {
    std::string response;
    try {
      int status = session_->sendCommand("MAIL FROM:<" + from + ">", response);
      if (!Positive(status)) return Reset({SendOutcome::Kind::kSessionFailed, "MAIL FROM refused: " + response});
      status = session_->sendCommand("RCPT TO:<" + to + ">", response);
      if (!Positive(status)) return Reset(Classify(status, response));
      status = session_->sendCommand("DATA", response);
      if (status != 354) return Reset(Classify(status, response));
      std::istringstream in(message);
      session_->sendMessage(in);  // dot-stuffs, ends with CRLF.CRLF, checks the reply
      return {SendOutcome::Kind::kSent, ""};
    } catch (const Poco::Net::SMTPException& e) {
      int code = e.code();
      return {code >= 500 && code < 600 ? SendOutcome::Kind::kPermanent : SendOutcome::Kind::kTransient,
              e.displayText()};
    } catch (const Poco::Exception& e) {
      return {SendOutcome::Kind::kTransient, e.displayText()};
    }
  }

 private:
  SendOutcome Reset(SendOutcome o) {
    std::string ignored;
    try {
      session_->sendCommand("RSET", ignored);
    } catch (...) {
    }
    return o;
  }
  std::unique_ptr<Poco::Net::SMTPClientSession> session_;
};

// AUTH LOGIN done here rather than by Poco, which answers only challenges that decode
// to "Username:"/"Password:" and stays silent at others ("User Name", as the SASL LOGIN
// draft has it): the user after the first 334, the password after the second, then 235.
Status LoginWithAuthLogin(Poco::Net::SMTPClientSession* session, const SmtpSettings& s) {
  std::string response;
  int status = session->sendCommand("AUTH LOGIN", response);
  if (status != 334) return Status::Error("AUTH LOGIN refused: " + response);
  status = session->sendCommand(Base64(s.user, 0), response);
  if (status != 334) return Status::Error("AUTH LOGIN refused the user name: " + response);
  status = session->sendCommand(Base64(s.password, 0), response);
  if (status != 235) return Status::Error("authentication failed: " + response);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<SmtpSession>> SmtpSession::Connect(const SmtpSettings& s) {
  const std::string where = "the mail relay " + s.host + ":" + std::to_string(s.port);
  try {
    Poco::Timespan timeout(s.timeout_seconds, 0);
    Poco::Net::SocketAddress address(s.host, static_cast<Poco::UInt16>(s.port));
    std::unique_ptr<Poco::Net::SMTPClientSession> session;
    if (s.tls == "tls") {
      Poco::Net::SecureStreamSocket socket(ClientContext(s));
      socket.setPeerHostName(s.host);
      socket.connect(address, timeout);
      session = std::make_unique<Poco::Net::SMTPClientSession>(socket);
    } else {
      Poco::Net::StreamSocket socket;
      socket.connect(address, timeout);
      if (s.tls == "starttls") {
        session = std::make_unique<Poco::Net::SecureSMTPClientSession>(socket);
      } else {
        session = std::make_unique<Poco::Net::SMTPClientSession>(socket);
      }
    }
    session->setTimeout(timeout);
    session->login(s.helo);
    if (s.tls == "starttls") {
      auto* secure = static_cast<Poco::Net::SecureSMTPClientSession*>(session.get());
      if (!secure->startTLS(ClientContext(s))) return Status::Error(where + " does not offer STARTTLS");
      if (s.user.empty()) session->login(s.helo);  // EHLO again over TLS
    }
    if (!s.user.empty() && s.auth == "plain") {
      session->login(s.helo, Poco::Net::SMTPClientSession::AUTH_PLAIN, s.user, s.password);
    } else if (!s.user.empty()) {
      if (s.tls == "starttls") session->login(s.helo);  // EHLO again over TLS before AUTH
      if (Status st = LoginWithAuthLogin(session.get(), s); !st.ok()) return st.WithContext(where);
    }
    return std::unique_ptr<SmtpSession>(new PocoSmtpSession(std::move(session)));
  } catch (const Poco::Exception& e) {
    // Poco's texts name the server and its reply, never the credentials we sent.
    return Status::Error("cannot deliver through " + where + ": " + e.displayText());
  }
}

}  // namespace oversight
