// WorkerMark: a fact about a worker that a policy plugin states with ov.mark{} and the
// host's figures use, so that the rule behind it is written once, in the plugin. Today
// the one mark is "asye": in ASYE scope on the day (measures, the planner and the
// dashboard then hold the worker to the ASYE share of a caseload).
#pragma once

#include <string>

#include "store/organisation.h"

namespace oversight {

struct WorkerMark {
  WorkerKey worker = 0;
  std::string as;  // one of kWorkerMarks
};

inline constexpr const char* kWorkerMarks[] = {"asye"};

}  // namespace oversight
