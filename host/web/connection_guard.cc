// The watch over connections waiting for a request head (deadlines, a limit per client
// address), and the wrappers that tell it when a connection opens, when its head has
// come, when its answer has gone and when it closes.
#include "web/connection_guard.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerConnectionFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <sys/socket.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace oversight {

using Clock = std::chrono::steady_clock;

// Connections by id; those waiting for a head have a deadline. A connection cut off has
// its socket shut down, so that the worker's read returns at once and the worker is free.
class ConnectionWatch {
 public:
  explicit ConnectionWatch(const ConnectionLimits& limits) : limits_(limits), thread_([this] { Loop(); }) {}
  ~ConnectionWatch() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  uint64_t Opened(int fd, const std::string& address) {
    std::lock_guard<std::mutex> lock(mu_);
    const uint64_t id = next_id_++;
    Entry& e = entries_[id];
    e.fd = fd;
    e.address = address;
    Wait(e);
    return id;
  }
  void HeadReceived(uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(id);
    if (it != entries_.end()) it->second.waiting = false;
  }
  void Answered(uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(id);
    if (it != entries_.end() && !it->second.cut) Wait(it->second);
  }
  // Stopping: no connection waits for another request.
  void CutOffWaiting() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, e] : entries_) {
      if (e.waiting) CutOff(e);
    }
  }
  void Closed(uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.erase(id);
  }

 private:
  struct Entry {
    int fd = -1;
    std::string address;
    bool waiting = false, cut = false;
    Clock::time_point since, deadline;
  };

  // With mu_ held: `e` waits for a head from now. Beyond the limit for its address, the
  // address's connection that has waited longest is cut off; beyond the limit for all
  // addresses, the one of all that has waited longest.
  void Wait(Entry& e) {
    e.waiting = true;
    e.since = Clock::now();
    e.deadline = e.since + limits_.head_deadline;
    size_t here = 0, all = 0;
    Entry *oldest_here = nullptr, *oldest = nullptr;
    for (auto& [id, other] : entries_) {
      if (!other.waiting) continue;
      ++all;
      if (!oldest || other.since < oldest->since) oldest = &other;
      if (other.address != e.address) continue;
      ++here;
      if (!oldest_here || other.since < oldest_here->since) oldest_here = &other;
    }
    if (here > limits_.waiting_per_address) {
      CutOff(*oldest_here);
    } else if (all > limits_.waiting_total) {
      CutOff(*oldest);
    }
  }

  void CutOff(Entry& e) {  // with mu_ held, so the socket is still open
    e.waiting = false;
    e.cut = true;
    ::shutdown(e.fd, SHUT_RDWR);
  }

  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      cv_.wait_for(lock, std::chrono::milliseconds(100));
      const auto now = Clock::now();
      for (auto& [id, e] : entries_) {
        if (e.waiting && now >= e.deadline) CutOff(e);
      }
    }
  }

  const ConnectionLimits limits_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  uint64_t next_id_ = 1;
  std::map<uint64_t, Entry> entries_;
  std::thread thread_;
};

namespace {

// The connection the current worker thread serves: the handler factory is called on it.
thread_local uint64_t t_connection = 0;

class GuardedConnection : public Poco::Net::TCPServerConnection {
 public:
  GuardedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::TCPServerConnection* http,
                    std::shared_ptr<ConnectionWatch> watch)
      : TCPServerConnection(socket), http_(http), watch_(std::move(watch)) {}

  void run() override {
    std::string address;
    try {
      address = socket().peerAddress().host().toString();
    } catch (const Poco::Exception&) {
      return;  // gone already
    }
    t_connection = watch_->Opened(socket().impl()->sockfd(), address);
    try {
      http_->run();
    } catch (...) {  // a network error ends the connection, nothing more
    }
    watch_->Closed(t_connection);
    t_connection = 0;
  }

 private:
  std::unique_ptr<Poco::Net::TCPServerConnection> http_;
  std::shared_ptr<ConnectionWatch> watch_;
};

class GuardedConnections : public Poco::Net::TCPServerConnectionFactory {
 public:
  GuardedConnections(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                     std::shared_ptr<ConnectionWatch> watch)
      : http_(params, handlers), watch_(std::move(watch)) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new GuardedConnection(socket, http_.createConnection(socket), watch_);
  }

 private:
  Poco::Net::HTTPServerConnectionFactory http_;
  std::shared_ptr<ConnectionWatch> watch_;
};

// Its connection waits for the next head once the answer has gone (or failed).
class GuardedHandler : public Poco::Net::HTTPRequestHandler {
 public:
  GuardedHandler(Poco::Net::HTTPRequestHandler* inner, std::shared_ptr<ConnectionWatch> watch)
      : inner_(inner), watch_(std::move(watch)) {}
  ~GuardedHandler() override { watch_->Answered(t_connection); }
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
    inner_->handleRequest(req, res);
  }

 private:
  std::unique_ptr<Poco::Net::HTTPRequestHandler> inner_;
  std::shared_ptr<ConnectionWatch> watch_;
};

// Called once a request's head has been read.
class GuardedHandlers : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  GuardedHandlers(Poco::Net::HTTPRequestHandlerFactory* inner, std::shared_ptr<ConnectionWatch> watch)
      : inner_(inner), watch_(std::move(watch)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& req) override {
    watch_->HeadReceived(t_connection);
    Poco::Net::HTTPRequestHandler* handler = inner_->createRequestHandler(req);
    if (!handler) {
      watch_->Answered(t_connection);
      return nullptr;
    }
    return new GuardedHandler(handler, watch_);
  }

 private:
  std::unique_ptr<Poco::Net::HTTPRequestHandlerFactory> inner_;
  std::shared_ptr<ConnectionWatch> watch_;
};

}  // namespace

GuardedHttpServer::GuardedHttpServer(Poco::Net::HTTPRequestHandlerFactory* handlers,
                                     const Poco::Net::ServerSocket& socket, const ConnectionLimits& limits)
    : watch_(std::make_shared<ConnectionWatch>(limits)), pool_(2, limits.threads) {
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  const Poco::Timespan timeout(std::chrono::duration_cast<std::chrono::microseconds>(limits.read_timeout).count());
  params->setTimeout(timeout);
  params->setKeepAliveTimeout(timeout);
  params->setMaxThreads(limits.threads);
  params->setMaxQueued(limits.threads);
  Poco::Net::HTTPRequestHandlerFactory::Ptr guarded = new GuardedHandlers(handlers, watch_);
  server_ = std::make_unique<Poco::Net::TCPServer>(new GuardedConnections(params, guarded, watch_), pool_, socket,
                                                   params);
}

GuardedHttpServer::~GuardedHttpServer() {
  stop();
  pool_.joinAll();
  server_.reset();
}

void GuardedHttpServer::start() { server_->start(); }
void GuardedHttpServer::stop() {
  server_->stop();
  watch_->CutOffWaiting();
}

}  // namespace oversight
