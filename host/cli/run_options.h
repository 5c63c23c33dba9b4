// The options every command that runs the policies shares: --db, --as-of, --config
// (config/oversight.properties), --plugins, --policy-settings and -D overrides,
// turned into the configuration and PolicyRunOptions. With a store, the policy run is
// the version in force (policy/publishing/publishing.h); --plugins and --policy-settings
// (or -D plugins.dir / policy.settings) replace its parts for a draft run.
#pragma once

#include "cli/args.h"
#include "common/config.h"
#include "policy/plugin_run.h"

namespace oversight {

struct CommandSetup {
  Config config;
  PolicyRunOptions run;
  // The repository's plugins, settings and calendar (shipped, or as the configuration
  // names them), whatever is in force: version 1 of a new store, and what
  // `policy propose --from-repository` proposes.
  PolicyRunOptions repository;
  bool follows_version_in_force = false;  // run is the version in force, no part replaced
};

// `need_db`: --db FILE must be given, and the run is the version in force (the policy
// commands that check or test files, with or without a store, say false: they run the
// files they are given, or the repository's).
Result<CommandSetup> SetupFrom(const Args& args, bool need_db = true);

}  // namespace oversight
