// RunChecks: one run of the policy set for a day: load the organisation, run every
// plugin, route each exception to its recipient. The result is what `check`, `weekly`
// and `measures` all start from.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "checks/exception.h"
#include "common/status.h"
#include "policy/plugin_run.h"
#include "store/organisation.h"
#include "store/sqlite.h"

namespace oversight {

struct CheckRun {
  Organisation org;
  // The snapshot the organisation was read from, held open: the host's later queries for
  // this run (measures, caseloads) read the same extract even when an import renames a
  // new one into place meanwhile. (Plugin processes check the snapshot id instead.)
  std::shared_ptr<Database> snapshot;
  std::vector<PluginOutcome> plugins;       // exceptions moved out into `exceptions`
  std::vector<PolicyException> exceptions;  // routed and sorted for output
  // What the plugins marked (ov.mark, worker_mark.h) and the figures they stated.
  std::set<WorkerKey> asye;                 // in ASYE scope
  std::set<WorkerKey> wellbeing_scope;      // counted in the well-being supervision figure
  std::map<WorkerKey, double> limit, floor;  // the most children a worker should hold, and the range's floor
  std::map<WorkerKey, std::string> asye_marked_by;  // the plugin that put each ASYE worker in scope
  std::map<std::string, double> figures;    // declarations.h's kFigures
  bool any_failed() const;
  // The declaration of an exception's code, or null when its plugin declares none.
  const CodeDeclaration* Declared(const PolicyException& e) const;
  // Whether `e`'s code does `counts` to the figures (declarations.h).
  bool Counts(const PolicyException& e, const char* counts) const;
  // Whether a figure that codes doing `counts` feed may be incomplete: a plugin failed
  // that declared such a code, or that failed before declaring anything.
  bool FigureUnknown(const char* counts) const;
};

Result<CheckRun> RunChecks(const PolicyRunOptions& options);

}  // namespace oversight
