// WorkerMark: a fact about a worker that a policy plugin states with ov.mark{} and the
// host's figures use, so that the rule behind it is written once, in the plugin.
#pragma once

#include <optional>
#include <string>

#include "store/organisation.h"

namespace oversight {

struct WorkerMark {
  WorkerKey worker = 0;
  std::string as;               // one of kWorkerMarks
  std::optional<double> value;  // for the marks that carry a number
};

// "asye": in ASYE scope on the day (the caseload figures hold the worker to the ASYE
//   share of a cap); "wellbeing_scope": counted in the well-being supervision figure;
// "limit" and "floor" (with a value): the most children the worker should hold, and the
//   bottom of their expected range (the IRO capacity table and planner).
inline constexpr const char* kMarkAsye = "asye";
inline constexpr const char* kMarkWellbeingScope = "wellbeing_scope";
inline constexpr const char* kMarkLimit = "limit";
inline constexpr const char* kMarkFloor = "floor";
inline constexpr const char* kWorkerMarks[] = {kMarkAsye, kMarkWellbeingScope, kMarkLimit, kMarkFloor};
inline constexpr const char* kValuedMarks[] = {kMarkLimit, kMarkFloor};

}  // namespace oversight
