// The options every command that runs the policies shares: --db, --as-of, --config
// (config/oversight.properties), --plugins, --policy-settings and -D overrides,
// turned into the configuration and PolicyRunOptions.
#pragma once

#include "cli/args.h"
#include "common/config.h"
#include "policy/plugin_run.h"

namespace oversight {

struct CommandSetup {
  Config config;
  PolicyRunOptions run;
};

// `need_db`: --db FILE must be given (the policy commands that read no store say false).
Result<CommandSetup> SetupFrom(const Args& args, bool need_db = true);

}  // namespace oversight
