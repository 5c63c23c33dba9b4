// ReadDeclarations: a plugin's `title`, `rules`, `escalation`, `codes` and `figures`,
// read raw from its environment once its top level has run (no metamethod runs), and
// checked against declarations.h's vocabulary. Not what they mean to the figures.
#pragma once

#include <lua.hpp>

#include "common/status.h"
#include "policy/plugin_run.h"

namespace oversight {

// Fills out->title, rules, escalation, codes and figures from the environment at `env`.
// An error names the declaration that is wrong ("codes.overdue.kind must be ...").
Status ReadDeclarations(lua_State* L, int env, PluginOutcome* out);

}  // namespace oversight
