// The dashboard's HTTP server, guarded against slow clients. Poco's server gives each
// connection a worker thread while it reads the request head, so clients that trickle a
// head (or hold a connection idle) could occupy every worker and starve everyone else.
// Here each connection waiting for a head has a deadline for the whole head, not only for
// each read, and each client address may have only so many connections waiting for a
// head: another one closes that address's oldest. So may all addresses together, fewer
// than the workers: another one closes the oldest of all. A worker is therefore held by a
// slow client for a bounded time, and slow clients never hold every worker.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <memory>

namespace oversight {

struct ConnectionLimits {
  std::chrono::milliseconds head_deadline{10000};  // a whole request head, from connecting or the last answer
  std::chrono::milliseconds read_timeout{5000};    // any one read or write (Poco's timeout)
  size_t waiting_per_address = 16;                 // connections waiting for a head, per client address
  size_t waiting_total = 48;                       // and from all addresses: fewer than the threads
  int threads = 96;                                // workers; as many connections again may queue
};

class ConnectionWatch;

class GuardedHttpServer {
 public:
  // Serves `handlers` (owned from here on) on `socket`.
  GuardedHttpServer(Poco::Net::HTTPRequestHandlerFactory* handlers, const Poco::Net::ServerSocket& socket,
                    const ConnectionLimits& limits = {});
  ~GuardedHttpServer();
  GuardedHttpServer(const GuardedHttpServer&) = delete;
  GuardedHttpServer& operator=(const GuardedHttpServer&) = delete;

  void start();
  void stop();

 private:
  std::shared_ptr<ConnectionWatch> watch_;
  Poco::ThreadPool pool_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace oversight
