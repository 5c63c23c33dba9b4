// ConfinePluginProcess: what a plugin's process does to itself before it runs a plugin,
// against what the Lua hook cannot reach: a CPU-time limit (C code such as a pathological
// pattern, or a loop in a finalizer) and a watchdog that ends the process once its host
// is gone. Not the sandbox (sandbox.h) and not how the host waits (plugin_run.h).
#pragma once

#include <sys/types.h>

#include "policy/sandbox.h"

namespace oversight {

// Limits this process to `budget.cpu_seconds` of CPU time (then SIGXCPU, then SIGKILL;
// no core file) and starts a thread that ends the process within a second of `host`
// no longer being its parent.
void ConfinePluginProcess(const Budget& budget, pid_t host);

// Whether a plugin process that ended by `signal` after `cpu_seconds` of CPU time was
// stopped by its CPU budget.
bool StoppedByCpuBudget(int signal, double cpu_seconds, const Budget& budget);

}  // namespace oversight
