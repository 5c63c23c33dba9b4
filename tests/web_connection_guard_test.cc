// The dashboard's server against slow clients, with a handler that only says hello: clients
// that trickle a request head are cut off at the head's deadline however often they send,
// and one address's many waiting connections do not keep anyone else from an answer.
#include <catch2/catch.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "web/connection_guard.h"

using namespace oversight;
using Clock = std::chrono::steady_clock;

namespace {

class Hello : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& res) override {
    res.setContentLength(5);
    res.send() << "hello";
  }
};

class Hellos : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Hello; }
};

// A connection from `from` (a loopback address) that has sent the start of a request
// head and no end to it.
Poco::Net::StreamSocket Trickler(uint16_t port, const std::string& from = "127.0.0.1") {
  Poco::Net::StreamSocket s(Poco::Net::SocketAddress::IPv4);
  s.impl()->bind(Poco::Net::SocketAddress(from, 0));
  s.connect(Poco::Net::SocketAddress("127.0.0.1", port));
  s.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n", 25);
  return s;
}

// Whether the server has closed `s` within `wait` (reading nothing from it).
bool ClosedWithin(Poco::Net::StreamSocket& s, std::chrono::milliseconds wait) {
  s.setReceiveTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(wait).count()));
  char c;
  try {
    return s.receiveBytes(&c, 1) == 0;
  } catch (const Poco::TimeoutException&) {
    return false;
  } catch (const Poco::Exception&) {
    return true;  // reset
  }
}

// Milliseconds to the answer of a plain GET, or -1 when it does not come within 5 s.
long long HelloMillis(uint16_t port) {
  const auto start = Clock::now();
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, "/", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    std::string body;
    std::istream& in = session.receiveResponse(res);
    std::getline(in, body);
    if (res.getStatus() != 200 || body != "hello") return -1;
  } catch (const Poco::Exception&) {
    return -1;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace

TEST_CASE("a client trickling its request head is cut off at the head's deadline", "[web][slow]") {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  ConnectionLimits limits;
  limits.head_deadline = std::chrono::milliseconds(1000);
  limits.read_timeout = std::chrono::milliseconds(5000);
  GuardedHttpServer server(new Hellos, socket, limits);
  server.start();
  Poco::Net::StreamSocket slow = Trickler(socket.address().port());
  // A header line every 200 ms: never one read's timeout, yet the head has a deadline.
  bool closed = false;
  const auto start = Clock::now();
  while (!closed && Clock::now() - start < std::chrono::seconds(4)) {
    try {
      slow.sendBytes("X-Slow: 1\r\n", 11);
    } catch (const Poco::Exception&) {
      closed = true;
      break;
    }
    closed = ClosedWithin(slow, std::chrono::milliseconds(200));
  }
  CHECK(closed);
  CHECK(Clock::now() - start < std::chrono::seconds(3));
  CHECK(HelloMillis(socket.address().port()) >= 0);
  server.stop();
}

TEST_CASE("many connections waiting for a head from one address do not starve other requests", "[web][slow]") {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  ConnectionLimits limits;
  limits.head_deadline = std::chrono::seconds(30);  // longer than the test: only the limit per address helps
  limits.read_timeout = std::chrono::seconds(30);
  limits.waiting_per_address = 4;
  limits.threads = 8;
  GuardedHttpServer server(new Hellos, socket, limits);
  server.start();
  const uint16_t port = socket.address().port();
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 50; ++i) slow.push_back(Trickler(port));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 0; i < 3; ++i) {
    const long long ms = HelloMillis(port);
    CHECK(ms >= 0);
    CHECK(ms < 2000);
  }
  // Those still waiting are the newest; the rest were closed.
  int open = 0;
  for (auto& s : slow) open += ClosedWithin(s, std::chrono::milliseconds(20)) ? 0 : 1;
  CHECK(open <= 4);
  server.stop();
}

TEST_CASE("connections waiting for a head from many addresses do not starve other requests", "[web][slow]") {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  ConnectionLimits limits;
  limits.head_deadline = std::chrono::seconds(30);  // longer than the test: only the limits help
  limits.read_timeout = std::chrono::seconds(30);
  limits.waiting_per_address = 4;
  limits.waiting_total = 6;
  limits.threads = 8;
  GuardedHttpServer server(new Hellos, socket, limits);
  server.start();
  const uint16_t port = socket.address().port();
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 200; ++i) slow.push_back(Trickler(port, "127.0.1." + std::to_string(1 + i % 100)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 0; i < 3; ++i) {
    const long long ms = HelloMillis(port);
    CHECK(ms >= 0);
    CHECK(ms < 2000);
  }
  server.stop();
}
