// --db, --as-of, --config, --plugins, --policy-settings and the sandbox budgets.
#include "cli/run_options.h"

#include <cstdlib>

#include <sys/stat.h>

#include "cli/locations.h"
#include "policy/publishing/publishing.h"

namespace oversight {

namespace {

// With a store that exists, the run takes the version in force's files, save those that
// the command line names (a draft run): the configured ones are then only the repository.
Status FollowVersionInForce(const Args& args, bool need_db, CommandSetup* setup) {
  struct stat st;
  const std::string& snapshot = setup->run.snapshot_path;
  if (!need_db || snapshot.empty() || stat(snapshot.c_str(), &st) != 0) return Status::Ok();
  if (args.overrides().count("plugins.dir") || args.overrides().count("policy.settings")) return Status::Ok();
  auto state = StateStore::Open(snapshot);
  if (!state.ok()) return state.status();
  auto run = RunInForce(*state, setup->repository);
  if (!run.ok()) return run.status().WithContext("the policy version in force");
  setup->run = *run;
  setup->follows_version_in_force = !args.Has("plugins") && !args.Has("policy-settings");
  return Status::Ok();
}

}  // namespace

Result<CommandSetup> SetupFrom(const Args& args, bool need_db) {
  const bool explicit_config = args.Has("config");
  auto config = Config::Load(args.GetOr("config", ShippedConfigFile()), args.overrides(), !explicit_config);
  if (!config.ok()) return config.status();
  CommandSetup setup{std::move(config.value()), {}, {}};
  PolicyRunOptions& o = setup.run;
  auto db = args.Get("db");
  if (!db && need_db) return Status::Error("--db FILE is required");
  o.snapshot_path = db.value_or("");
  o.as_of = Today();
  if (auto d = args.Get("as-of")) {
    auto day = ParseDate(*d);
    if (!day) return Status::Error("--as-of '" + *d + "' is not a date YYYY-MM-DD");
    o.as_of = *day;
  }
  o.plugins_dir = setup.config.GetPath("plugins.dir", ShippedPluginsDir());
  o.settings_path = setup.config.GetPath("policy.settings", ShippedSettingsFile());
  o.calendar_path = setup.config.GetPath("policy.calendar", ShippedCalendarFile());
  auto number = [&](const char* key, double* out) -> Status {
    auto v = setup.config.Get(key);
    if (!v) return Status::Ok();
    char* end = nullptr;
    double n = std::strtod(v->c_str(), &end);
    if (!end || *end || !(n > 0)) return Status::Error(std::string(key) + " must be a positive number");
    *out = n;
    return Status::Ok();
  };
  double instructions = static_cast<double>(o.budget.instructions);
  double memory_mb = static_cast<double>(o.budget.memory_bytes >> 20);
  for (auto [key, out] : {std::pair{"sandbox.seconds", &o.budget.seconds},
                          std::pair{"sandbox.cpu_seconds", &o.budget.cpu_seconds},
                          std::pair{"sandbox.instructions", &instructions},
                          std::pair{"sandbox.memory_mb", &memory_mb}}) {
    if (Status s = number(key, out); !s.ok()) return s;
  }
  o.budget.instructions = static_cast<int64_t>(instructions);
  o.budget.memory_bytes = static_cast<size_t>(memory_mb * 1024 * 1024);
  setup.repository = o;
  if (Status s = FollowVersionInForce(args, need_db, &setup); !s.ok()) return s;
  if (auto p = args.Get("plugins")) o.plugins_dir = *p;
  if (auto p = args.Get("policy-settings")) o.settings_path = *p;
  return setup;
}

}  // namespace oversight
