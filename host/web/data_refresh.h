// DataRefresh: works out the dashboard's data of the day in the background, when the
// server starts and again soon after a new extract is imported, so that the first person
// to open a page does not wait for the checks to run (seconds, at national scale). It
// only warms DashboardSource's cache; requests still read it through DashboardSource.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace oversight {

class DashboardContext;

class DataRefresh {
 public:
  // Looks every `every` whether the data of the day shown is still current.
  DataRefresh(DashboardContext* ctx, std::chrono::seconds every);
  ~DataRefresh();  // stops and joins the thread
  DataRefresh(const DataRefresh&) = delete;
  DataRefresh& operator=(const DataRefresh&) = delete;

 private:
  void Run();

  DashboardContext* ctx_;
  std::chrono::seconds every_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace oversight
