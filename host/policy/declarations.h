// What a plugin declares for the host to read, and the small vocabulary the host's
// figures understand: each code's label, kind, severity and effect on the figures; the
// worker facts it marks; the service-level figures it states. The host names no plugin
// and no code: measures, planner, dashboard, emails and digests read only these.
// How a plugin is run is plugin_run.h's; what it may read is view.h's.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "store/organisation.h"

namespace oversight {

// One code of a plugin, from its `codes` table:
//   codes = { overdue = { label = "overdue", kind = "late", severity = "breach",
//                         counts = "case not in time" } }
struct CodeDeclaration {
  std::string label;     // what an email or a page calls it ("overdue", "over the limit")
  std::string kind;      // one of kCodeKinds
  std::string severity;  // "breach" or "warning"
  std::string counts;    // what it does to the figures: one of kCodeCounts, or empty
};

// A late item with a due date; a value over a limit; something missing.
inline constexpr const char* kCodeKinds[] = {"late", "over_limit", "missing"};
inline constexpr const char* kSeverities[] = {"breach", "warning"};

// What a code can do to the figures (policies.md, "Measures"):
// - one open key-worker allocation is not supervised in time (cases in time);
// - one worker in well-being scope is not supervised in time (well-being in time);
// - the worker is over their limit (the IRO capacity table);
// - a child in care has no IRO (the IRO capacity page lists the case).
inline constexpr const char* kCaseNotInTime = "case not in time";
inline constexpr const char* kWorkerNotInTime = "worker not in time";
inline constexpr const char* kWorkerOverLimit = "worker over limit";
inline constexpr const char* kChildWithoutIro = "child without IRO";
inline constexpr const char* kCodeCounts[] = {kCaseNotInTime, kWorkerNotInTime, kWorkerOverLimit, kChildWithoutIro};

// Service-level figures a plugin states in its `figures` table:
//   figures = { iro_max_per_fte = 70, iro_min_per_fte = 50 }
inline constexpr const char* kIroMaxPerFte = "iro_max_per_fte";  // children per full-time IRO, at most
inline constexpr const char* kIroMinPerFte = "iro_min_per_fte";  // the range's floor
inline constexpr const char* kFigures[] = {kIroMaxPerFte, kIroMinPerFte};

// Whether `value` is one of `list`.
template <size_t N>
bool OneOf(const char* const (&list)[N], const std::string& value) {
  for (const char* item : list) {
    if (value == item) return true;
  }
  return false;
}

}  // namespace oversight
