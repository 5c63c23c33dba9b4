// A bounded queue of row batches between the reader and the SQLite writer.
#include "store/row_writer.h"

namespace oversight {

namespace {
constexpr size_t kRowsPerBatch = 8192;
constexpr size_t kBatchesInFlight = 4;
}  // namespace

RowWriter::RowWriter(Statement* insert) : insert_(insert), filling_(std::make_unique<Batch>()) {
  thread_ = std::thread([this] { Run(); });
}

// Without Finish() (an exception on its way out) the rows not yet submitted are
// dropped: stopping the thread must not allocate, let alone throw.
RowWriter::~RowWriter() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void RowWriter::Int(int64_t v) { filling_->cells.push_back({Cell::Type::kInt, v, 0, 0, 0}); }
void RowWriter::Real(double v) { filling_->cells.push_back({Cell::Type::kReal, 0, v, 0, 0}); }
void RowWriter::Null() { filling_->cells.push_back({Cell::Type::kNull, 0, 0, 0, 0}); }

void RowWriter::Text(std::string_view v) {
  filling_->cells.push_back({Cell::Type::kText, 0, 0, static_cast<uint32_t>(filling_->arena.size()),
                             static_cast<uint32_t>(v.size())});
  filling_->arena.append(v);
}

void RowWriter::EndRow() {
  filling_->row_ends.push_back(filling_->cells.size());
  if (filling_->row_ends.size() >= kRowsPerBatch) Submit();
}

void RowWriter::Submit() {
  if (filling_->row_ends.empty()) return;
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return queue_.size() < kBatchesInFlight; });
  queue_.push_back(std::move(filling_));
  if (!spare_.empty()) {
    filling_ = std::move(spare_.front());
    spare_.pop_front();
  } else {
    filling_ = std::make_unique<Batch>();
  }
  changed_.notify_all();
}

void RowWriter::Run() {
  for (;;) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [&] { return !queue_.empty() || done_; });
      if (queue_.empty()) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      changed_.notify_all();
    }
    bool failed;
    {
      std::lock_guard<std::mutex> lock(mu_);
      failed = !status_.ok();
    }
    size_t cell = 0;
    for (size_t end : batch->row_ends) {
      for (int param = 1; cell < end; ++cell, ++param) {
        const Cell& c = batch->cells[cell];
        switch (c.type) {
          case Cell::Type::kInt: insert_->Bind(param, c.i); break;
          case Cell::Type::kReal: insert_->Bind(param, c.d); break;
          case Cell::Type::kText:
            insert_->Bind(param, std::string_view(batch->arena.data() + c.offset, c.length), true);
            break;
          case Cell::Type::kNull: insert_->BindNull(param); break;
        }
      }
      if (!failed) {
        Status s = insert_->Run();
        if (!s.ok()) {
          std::lock_guard<std::mutex> lock(mu_);
          status_ = s;
          failed = true;
        }
      }
    }
    batch->cells.clear();
    batch->row_ends.clear();
    batch->arena.clear();
    std::lock_guard<std::mutex> lock(mu_);
    spare_.push_back(std::move(batch));
  }
}

Status RowWriter::Finish() {
  if (!thread_.joinable()) return status_;
  Submit();
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    changed_.notify_all();
  }
  thread_.join();
  return status_;
}

}  // namespace oversight
