// Poco's HTTP(S)ClientSession with a deadline and a size bound on the answer.
#include "web/oidc_fetch.h"

#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <cctype>
#include <memory>
#include <mutex>

namespace oversight {

namespace {

bool LoopbackHost(const std::string& host) { return host == "127.0.0.1" || host == "localhost" || host == "::1"; }

Poco::Net::Context::Ptr ClientContext(const std::string& ca_file) {
  static std::once_flag ssl_once;
  std::call_once(ssl_once, [] {
    Poco::Net::initializeSSL();
    Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject = new Poco::Net::RejectCertificateHandler(false);
    Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, nullptr);
  });
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file,
                                Poco::Net::Context::VERIFY_RELAXED, 9, ca_file.empty());
}

std::unique_ptr<Poco::Net::HTTPClientSession> Session(const Poco::URI& uri, const std::string& ca_file) {
  if (uri.getScheme() == "https") {
    return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), ClientContext(ca_file));
  }
  if (uri.getScheme() == "http" && LoopbackHost(uri.getHost())) {
    return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  }
  return nullptr;
}

// The body, read byte by byte off the buffered stream so that the deadline is checked
// however slowly it comes.
Result<std::string> ReadBounded(std::istream& in, const FetchOptions& o,
                                std::chrono::steady_clock::time_point deadline) {
  std::string body;
  std::streambuf* buf = in.rdbuf();
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    if (body.size() >= o.max_bytes) return Status::Error("the answer is larger than " + std::to_string(o.max_bytes) + " bytes");
    if (std::chrono::steady_clock::now() > deadline) return Status::Error("the answer took too long");
    body.push_back(static_cast<char>(c));
  }
  return body;
}

}  // namespace

std::string FormEncode(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Result<std::string> Fetch(const std::string& url, const FetchOptions& o) {
  const auto deadline = std::chrono::steady_clock::now() + o.deadline;
  try {
    const Poco::URI uri(url);
    auto session = Session(uri, o.ca_file);
    if (!session) return Status::Error(url + ": only https:// (or http:// on loopback) is allowed");
    session->setTimeout(Poco::Timespan(static_cast<long>(o.timeout.count()), 0));
    const std::string method = o.form.empty() ? Poco::Net::HTTPRequest::HTTP_GET : Poco::Net::HTTPRequest::HTTP_POST;
    Poco::Net::HTTPRequest request(method, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Accept", "application/json");
    if (!o.authorization.empty()) request.set("Authorization", o.authorization);
    if (!o.form.empty()) {
      request.setContentType("application/x-www-form-urlencoded");
      request.setContentLength(static_cast<std::streamsize>(o.form.size()));
    }
    std::ostream& out = session->sendRequest(request);
    out << o.form;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    auto body = ReadBounded(in, o, deadline);
    if (!body.ok()) return Status::Error(url + ": " + body.status().message());
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
      return Status::Error(url + " answered " + std::to_string(response.getStatus()));
    }
    return body;
  } catch (const Poco::Exception& e) {
    return Status::Error(url + ": " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Error(url + ": " + e.what());
  }
}

}  // namespace oversight
