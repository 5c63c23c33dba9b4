// Publishing policy with a second pair of eyes. HR proposes a draft (settings, plugins,
// or both) with a reason; it is stored only once `policy check` finds nothing wrong. A
// second person, an HR user or an admin who is not its author, approves it; only then is
// it the version in force that check, weekly, serve and the dashboard run. A restore is
// a proposal of an older version's files, approved the same way. The repository's
// plugins and settings are version 1, recorded the first time a store needs a version.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policy/plugin_run.h"
#include "policy/publishing/version_store.h"
#include "state/state_store.h"

namespace oversight {

// Who acts: a user of the dashboard (web/users.h), by name and role.
struct Publisher {
  std::string username, role;
  bool MayPublish() const { return role == "hr" || role == "admin"; }
};

// What came of a proposal, an approval, a rejection or a restore.
struct PublishOutcome {
  enum class Kind { kDone, kForbidden, kNotFound, kConflict, kInvalid, kFailed };
  Kind kind = Kind::kDone;
  std::string message;                // what happened, or why not, in a sentence
  int64_t number = 0;                 // the version proposed, approved or turned down
  std::vector<std::string> problems;  // kInvalid: what `policy check` finds in the draft
  bool ok() const { return kind == Kind::kDone; }
  static PublishOutcome Failed(std::string why) {
    PublishOutcome o;
    o.kind = Kind::kFailed;
    o.message = std::move(why);
    return o;
  }
};

// The author name version 1 carries.
inline constexpr const char* kRepositoryAuthor = "the repository";

// The version in force; when the store has none yet, records `repository`'s files (the
// shipped or configured plugins, settings and calendar) as version 1 first.
Result<PolicyVersionRecord> VersionInForce(StateStore& state, const PolicyRunOptions& repository);

// `repository` with its plugins, settings and calendar replaced by the version in force's,
// written out beside the store (FILE.state.policy/vN, one folder per version).
Result<PolicyRunOptions> RunInForce(StateStore& state, const PolicyRunOptions& repository);

// Whether the repository's files are other than the version in force's.
Result<bool> RepositoryDiffers(StateStore& state, const PolicyRunOptions& repository);

// Proposes the files `draft` names (draft.plugins_dir, settings_path, calendar_path),
// after `policy check` on them; `restores`: the version it copies, if any.
PublishOutcome Propose(StateStore& state, const PolicyRunOptions& repository, const PolicyRunOptions& draft,
                       const Publisher& author, const std::string& reason, int64_t restores = 0);
// Proposes a copy of version `number`'s files, to be approved like any proposal.
PublishOutcome Restore(StateStore& state, const PolicyRunOptions& repository, int64_t number,
                       const Publisher& author, const std::string& reason);
// Puts a proposal in force: `who` must be HR or an admin and not its author, and it must
// have been proposed against the version in force now.
PublishOutcome Approve(StateStore& state, const PolicyRunOptions& repository, int64_t number, const Publisher& who);
// Turns a proposal down with a reason: "withdrawn" by its author, "rejected" by another.
PublishOutcome Reject(StateStore& state, int64_t number, const Publisher& who, const std::string& note);

}  // namespace oversight
