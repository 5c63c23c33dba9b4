// BatchedWrites: writes to the state store grouped into transactions of up to n writes,
// so that the store is synced once a group rather than once a write. Only for writes
// each of which stands alone and is safe to repeat: a group still open when the batch
// goes (an error on the way) is committed, not thrown away; a process killed mid-group
// loses that group. Not for what must be on disk before the next step (an SMTP send).
#pragma once

#include "state/state_store.h"

namespace oversight {

class BatchedWrites {
 public:
  BatchedWrites(StateStore* state, int per_transaction) : state_(state), per_transaction_(per_transaction) {}
  ~BatchedWrites();  // commits a group still open
  BatchedWrites(const BatchedWrites&) = delete;
  BatchedWrites& operator=(const BatchedWrites&) = delete;

  // Call before each write: opens a group when none is open.
  Status Before();
  // Call after each write: counts it, and commits the group once it has its n writes.
  Status Wrote();
  // Commits the open group, if any.
  Status Commit();

 private:
  StateStore* state_;
  int per_transaction_;
  bool open_ = false;
  int written_ = 0;
};

}  // namespace oversight
