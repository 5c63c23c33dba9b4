// The argument readers the `ov` functions share (view.cc, view_cursors.cc): the view
// context of a call, workers and days from Lua values, supervision kinds, prepared
// statements. Each raises a Lua error on bad input, with no C++ object alive.
#pragma once

#include <lua.hpp>

#include "policy/view.h"

namespace oversight::view {

// Day numbers plugins may use: years 1 to 9999.
inline constexpr lua_Integer kMinDay = -719162, kMaxDay = 2932896;

ViewContext* Ctx(lua_State* L);
// The worker named by the string at idx, or a Lua error.
WorkerKey WorkerArg(lua_State* L, ViewContext* ctx, int idx, const char* what);
lua_Integer CheckDay(lua_State* L, lua_Integer d, const char* what);
// Field `name` of the argument table (index 1) as a day number, or `fallback`.
lua_Integer DayField(lua_State* L, const char* name, lua_Integer fallback);
// The list at field "kinds" of the table at `t`, left on the stack (see view_args.cc).
int KindsField(lua_State* L, int t, const char** kinds, int max);
// A cached statement for `sql_template` with "(?)" widened to n parameters from ?4.
Statement* Prepared(ViewContext* ctx, const char* sql_template, int n);

}  // namespace oversight::view
