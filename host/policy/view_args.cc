// The argument readers of the `ov` functions. Lua errors unwind with longjmp: each
// function raises only once its C++ temporaries are gone.
#include "policy/view_args.h"

#include <string>

#include "extract/contract.h"
#include "policy/view_rows.h"

namespace oversight::view {

ViewContext* Ctx(lua_State* L) { return static_cast<ViewContext*>(lua_touserdata(L, lua_upvalueindex(1))); }

// The worker named by the string at idx, or a Lua error.
WorkerKey WorkerArg(lua_State* L, ViewContext* ctx, int idx, const char* what) {
  size_t len = 0;
  const char* s = lua_tolstring(L, idx, &len);
  if (s) {
    WorkerKey w = ctx->org->FindWorker(std::string(s, len));
    if (w) return w;
    luaL_error(L, "%s: no worker '%s'", what, s);
  }
  luaL_error(L, "%s: a worker id (string) is needed", what);
  return 0;
}


lua_Integer CheckDay(lua_State* L, lua_Integer d, const char* what) {
  if (d < kMinDay || d > kMaxDay) luaL_error(L, "%s: %I is not a day between the years 1 and 9999", what, d);
  return d;
}

// Field `name` of the argument table (index 1) as a day number, or `fallback`.
lua_Integer DayField(lua_State* L, const char* name, lua_Integer fallback) {
  lua_getfield(L, 1, name);
  lua_Integer v = lua_isnil(L, -1) ? fallback : CheckDay(L, luaL_checkinteger(L, -1), name);
  lua_pop(L, 1);
  return v;
}

// Reads the list at field "kinds" of the table at `t` into `kinds`. The list stays on the
// stack (so its strings stay alive) until the caller returns; only strings are accepted,
// read raw, so no conversion or metamethod makes a string that could be collected.
int KindsField(lua_State* L, int t, const char** kinds, int max) {
  lua_pushliteral(L, "kinds");
  lua_rawget(L, t);
  luaL_checktype(L, -1, LUA_TTABLE);
  int n = static_cast<int>(lua_rawlen(L, -1));
  if (n < 1 || n > max) luaL_error(L, "kinds: give 1 to %d supervision kinds", max);
  for (int i = 1; i <= n; ++i) {
    static const std::vector<std::string>& kKinds = AllowedValues(kSupervisions, "kind");
    lua_rawgeti(L, -1, i);
    FilterValue(L, -1, "kinds", "a supervision kind", kKinds);
    kinds[i - 1] = lua_tostring(L, -1);
    lua_pop(L, 1);  // the string stays reachable from the kinds list, which stays on the stack
  }
  return n;
}

// A cached statement for `sql_template` with "(?)" widened to n parameters numbered
// from 4: "(?4,?5,...)"; ?1..?3 are the template's own.
Statement* Prepared(ViewContext* ctx, const char* sql_template, int n) {
  std::string key = std::string(sql_template) + "#" + std::to_string(n);
  if (!ctx->db) return nullptr;  // checking settings: no store open
  auto it = ctx->statements.find(key);
  if (it != ctx->statements.end()) return &it->second;
  std::string marks;
  for (int i = 0; i < n; ++i) marks += (i ? ",?" : "?") + std::to_string(4 + i);
  std::string sql = sql_template;
  if (size_t at = sql.find("(?)"); at != std::string::npos) sql.replace(at, 3, "(" + marks + ")");
  auto stmt = ctx->db->Prepare(sql);
  if (!stmt.ok()) return nullptr;
  return &ctx->statements.emplace(key, std::move(stmt.value())).first->second;
}

}  // namespace oversight::view
