// ov.allocations and ov.supervisions: iterators over the rows SQLite finds (view_cursors.cc).
#pragma once

#include <lua.hpp>

namespace oversight::view {

int Allocations(lua_State* L);
int Supervisions(lua_State* L);

}  // namespace oversight::view
