// The plugin's view of the data: the `ov` table handed to every plugin. It is narrow
// and read-only: questions about one as-of day (workers, active allocations with
// their latest supervision, absences, counts) answered by the host, set-based in
// SQLite where the rows are many, and two ways out: ov.report{...} for what is wrong, and
// ov.mark{...} for a fact about a worker that the host's figures need from the policy
// (who is in ASYE scope), so that the rule is written once, in the plugin.
#pragma once

#include <lua.hpp>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "checks/exception.h"
#include "policy/declarations.h"
#include "policy/worker_mark.h"
#include "store/organisation.h"
#include "store/sqlite.h"

namespace oversight {

struct ViewContext {
  const Organisation* org = nullptr;
  Database* db = nullptr;  // the snapshot, read-only
  Day as_of = 0;
  std::string policy;      // the plugin's name, stamped on what it reports
  // The codes the plugin declares (read once its top level has run): ov.report holds it
  // to them. Null or empty: it declares none, and may report any code.
  const std::map<std::string, CodeDeclaration>* codes = nullptr;
  std::vector<PolicyException> reported;
  std::vector<WorkerMark> marked;
  std::unordered_map<std::string, Statement> statements;  // prepared once per shape
};

// Pushes the `ov` table for `ctx`, which must outlive every call into the plugin.
void PushView(lua_State* L, ViewContext* ctx);

}  // namespace oversight
