// VersionStore: the policy versions in the state store (FILE.state): each version's
// files, who proposed it and why, who approved or turned it down and when, its state,
// and the version it restores, if any. Storage only: the rules of who may do what are
// in publishing.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "policy/publishing/policy_files.h"
#include "state/state_store.h"

namespace oversight {

// The states a version passes through.
inline constexpr const char* kProposed = "proposed";
inline constexpr const char* kInForce = "in force";
inline constexpr const char* kSuperseded = "superseded";
inline constexpr const char* kRejected = "rejected";    // turned down by another HR user or an admin
inline constexpr const char* kWithdrawn = "withdrawn";  // taken back by its author

struct PolicyVersionRecord {
  int64_t number = 0;
  std::string state;
  std::string author, reason, proposed_at;        // proposed_at: UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string reviewer, reviewed_at, review_note;  // who approved or turned it down, when, why
  int64_t based_on = 0;  // the version in force when it was proposed (0: none, version 1)
  int64_t restores = 0;  // the version whose files it copies (0: none)
  bool approved() const { return state == kInForce || state == kSuperseded; }
};

class VersionStore {
 public:
  explicit VersionStore(StateStore* state);

  // Adds a version with its files; its number. With `only_first`, only into a store that
  // has no version yet (0 when it has one: another process was first).
  Result<int64_t> Add(const PolicyVersionRecord& record, const PolicyFiles& files, bool only_first = false);
  Result<std::optional<PolicyVersionRecord>> Get(int64_t number);
  // Every version, newest first.
  Result<std::vector<PolicyVersionRecord>> List();
  // The version in force (the latest approved), if the store has one yet.
  Result<std::optional<PolicyVersionRecord>> InForce();
  Result<PolicyFiles> Files(int64_t number);
  // Sets a version's state and its review (who, when, why).
  Status Review(int64_t number, const std::string& state, const std::string& reviewer, const std::string& note);
  // Puts the proposed version `number` in force in place of `replaces`, the version in
  // force (superseded now), in one transaction; an error when either has changed meanwhile.
  Status PutInForce(int64_t number, int64_t replaces, const std::string& reviewer);

  Database& db() { return state_->db(); }

 private:
  StateStore* state_;
};

}  // namespace oversight
