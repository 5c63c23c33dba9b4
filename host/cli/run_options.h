// The options every command that runs the policies shares: --db, --as-of, --plugins,
// --config, and -D sandbox.* budgets. Turns them into PolicyRunOptions.
#pragma once

#include "cli/args.h"
#include "policy/plugin_run.h"

namespace oversight {

Result<PolicyRunOptions> RunOptionsFrom(const Args& args);

}  // namespace oversight
