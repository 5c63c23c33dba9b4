// WhatIf: the current policy set and a draft run on the same store and day, and the
// difference a person would ask about before publishing the draft: exceptions added,
// removed and changed, and the counts per team and per policy on each side.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "checks/check_run.h"

namespace oversight {

struct WhatIf {
  CheckRun current, draft;
  std::vector<const PolicyException*> added, removed;  // by (policy, code, worker, case)
  std::vector<std::pair<const PolicyException*, const PolicyException*>> changed;  // same key, other figures
  std::map<std::string, std::pair<int, int>> by_team, by_policy;  // counts: current, draft
};

Result<WhatIf> RunWhatIf(const PolicyRunOptions& current, const PolicyRunOptions& draft);

void WriteWhatIfTable(std::ostream& out, const WhatIf& w);
void WriteWhatIfJson(std::ostream& out, const WhatIf& w);

}  // namespace oversight
