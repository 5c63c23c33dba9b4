// The refresh thread: DashboardSource::Get is cheap when its data is current (a stat of
// the snapshot) and recomputes when the snapshot or the day changed.
#include "web/data_refresh.h"

#include "web/dashboard_context.h"

namespace oversight {

DataRefresh::DataRefresh(DashboardContext* ctx, std::chrono::seconds every)
    : ctx_(ctx), every_(every), thread_([this] { Run(); }) {}

DataRefresh::~DataRefresh() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DataRefresh::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    try {
      (void)ctx_->source.Get(ctx_->ShownDay());  // a failure is the next request's to report
    } catch (const std::exception&) {
      // the same: a request that needs the data reports why it cannot have it
    }
    lock.lock();
    wake_.wait_for(lock, every_, [this] { return stop_; });
  }
}

}  // namespace oversight
