// Grouped transactions over the state store.
#include "state/batched_writes.h"

namespace oversight {

BatchedWrites::~BatchedWrites() { (void)Commit(); }

Status BatchedWrites::Before() {
  if (open_) return Status::Ok();
  if (Status s = state_->db().Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  open_ = true;
  written_ = 0;
  return Status::Ok();
}

Status BatchedWrites::Wrote() {
  return ++written_ >= per_transaction_ ? Commit() : Status::Ok();
}

Status BatchedWrites::Commit() {
  if (!open_) return Status::Ok();
  Status s = state_->db().Exec("COMMIT");
  if (!s.ok()) {
    (void)state_->db().Exec("ROLLBACK");
  }
  open_ = false;
  return s;
}

}  // namespace oversight
