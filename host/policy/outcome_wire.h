// The wire between a plugin process and the host: a PluginOutcome as unit-separated
// lines (title, rules, escalation, exceptions, marks, and a last line that says it is
// complete). Only the format; starting processes and budgets are plugin_run.h's.
#pragma once

#include <string>

#include "policy/plugin_run.h"

namespace oversight {

std::string EncodeOutcome(const PluginOutcome& o);
// Fills *o (whose name is set) from what a process wrote. Without the closing line the
// outcome is a failure ("ended without a result"); worker keys outside `org` are dropped.
void DecodeOutcome(const std::string& data, const Organisation& org, PluginOutcome* o);

}  // namespace oversight
