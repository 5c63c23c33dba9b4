// What one policy version changes from another, file by file, as unified diffs
// ("--- config/policy.lua" / "+++ config/policy.lua", "@@ -3,7 +3,7 @@", three lines
// of context) that HR can read on the command line and on the dashboard.
#pragma once

#include <string>
#include <vector>

#include "policy/publishing/policy_files.h"

namespace oversight {

struct FileDiff {
  std::string label;   // "plugins/case_supervision.lua"
  std::string change;  // "added", "removed" or "changed"
  std::string text;    // the unified diff
};

// A unified diff of two texts, line by line; empty when they are the same.
std::string UnifiedDiff(const std::string& label, const std::string& before, const std::string& after);

// The files that differ between `from` and `to`, in `to`'s order, then those removed.
std::vector<FileDiff> DiffPolicyFiles(const PolicyFiles& from, const PolicyFiles& to);

}  // namespace oversight
