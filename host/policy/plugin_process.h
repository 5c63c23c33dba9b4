// A plugin's own process, started fresh (posix_spawn of the oversight executable) rather
// than forked, for hosts with threads (serve): a fork taken while another thread holds a
// lock (malloc, SQLite) could leave the child waiting on it for ever. The fresh process
// loads the organisation from the snapshot itself and writes its outcome on stdout in
// outcome_wire.h's format. How the host waits for it and enforces budgets is plugin_run's.
#pragma once

#include <string>
#include <vector>

#include "policy/plugin_run.h"

namespace oversight {

// The name of the hidden subcommand: `oversight plugin-process ARGS...`.
inline constexpr const char* kPluginProcessCommand = "plugin-process";

// The arguments (after the executable) that run `plugin_path` with `options`.
std::vector<std::string> PluginProcessArgs(const PolicyRunOptions& options, const std::string& plugin_path);

// The subcommand itself: argv as PluginProcessArgs made them (without the command name).
// Writes the outcome to stdout; returns the exit code (0 even when the plugin failed:
// the failure is in the outcome).
int RunPluginProcess(int argc, char** argv);

}  // namespace oversight
