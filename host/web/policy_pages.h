// The HR pages that publish policy (policy/publishing/publishing.h): the list of
// versions, a version with what it changes and the forms to approve, turn down or
// restore it, and proposing a draft from what-if. Markup only: the routes decide who
// may do what (publishing_routes.cc, policy_routes.cc).
#pragma once

#include <string>
#include <vector>

#include "policy/publishing/version_diff.h"
#include "policy/publishing/version_store.h"
#include "state/state_store.h"
#include "web/pages.h"
#include "web/users.h"

namespace oversight {

struct VersionsView {
  std::vector<PolicyVersionRecord> versions;  // newest first
  PolicyVersionRecord in_force;
  bool repository_differs = false;  // the repository's files are not the version in force's
  std::vector<RunRecord> runs;      // past runs and the policy (hash) each used
};
// /policies: every version, who proposed and approved it, when and why; the runs below.
std::string VersionsPage(const User& user, const std::string& csrf, const VersionsView& v);

struct VersionView {
  PolicyVersionRecord version;
  int64_t in_force = 0;          // the number of the version in force
  std::vector<FileDiff> diffs;   // what it changes from version.based_on
  std::string error;             // why the last action was refused, if it was
  std::vector<std::string> problems;  // what `policy check` found, if that was why
};
// /policies/N: the version and its diff; Approve and Reject for a proposal (never shown to
// its author, who may withdraw it), Restore for a version that was in force before.
std::string VersionPage(const User& user, const std::string& csrf, const VersionView& v);

// The "Propose this draft" form under a what-if result: the draft previewed, carried as
// it was run, and a reason.
std::string ProposeDraftForm(const std::string& csrf, const WhatIfForm& form, const std::string& reason = "");
// The same form again, with why the proposal was not made.
std::string ProposeDraftPage(const User& user, const std::string& csrf, const WhatIfForm& form,
                             const std::string& reason, const std::string& error,
                             const std::vector<std::string>& problems);

}  // namespace oversight
