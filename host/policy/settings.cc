// Running config/policy.lua and reading typed values out of it.
#include "policy/settings.h"

#include <algorithm>

namespace oversight {

namespace {
int Days(lua_State* L) {
  lua_pushinteger(L, luaL_checkinteger(L, 1));
  return 1;
}
int Weeks(lua_State* L) {
  lua_pushinteger(L, 7 * luaL_checkinteger(L, 1));
  return 1;
}
int Hours(lua_State* L) {
  lua_pushnumber(L, luaL_checknumber(L, 1));
  return 1;
}
}  // namespace

Status PushSettings(LuaSandbox* sandbox, const std::string& path, const std::vector<std::string>& more) {
  lua_State* L = sandbox->state();
  // settings: an empty table whose unknown names fall back to the sandbox and the units.
  lua_newtable(L);
  int settings = lua_gettop(L);
  lua_newtable(L);           // its metatable
  sandbox->PushEnvironment();
  lua_pushcfunction(L, Days);
  lua_setfield(L, -2, "days");
  lua_pushcfunction(L, Weeks);
  lua_setfield(L, -2, "weeks");
  lua_pushcfunction(L, Hours);
  lua_setfield(L, -2, "hours");
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, settings);
  std::vector<std::string> files = {path};
  files.insert(files.end(), more.begin(), more.end());
  for (const std::string& file : files) {
    lua_pushvalue(L, settings);
    if (Status s = sandbox->LoadFile(file, file); !s.ok()) {
      lua_settop(L, settings - 1);
      return s.WithContext("policy settings");
    }
    if (Status s = sandbox->Call(0, 0); !s.ok()) {
      lua_settop(L, settings - 1);
      return s.WithContext("policy settings");
    }
  }
  lua_pushnil(L);
  lua_setmetatable(L, settings);  // plugins see only what the file set
  return Status::Ok();
}

bool SettingsReader::Push(const std::string& path) const {
  lua_pushvalue(L_, table_);
  size_t start = 0;
  for (;;) {
    size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!lua_istable(L_, -1)) {
      lua_pop(L_, 1);
      return false;
    }
    lua_pushlstring(L_, part.data(), part.size());
    lua_rawget(L_, -2);
    lua_remove(L_, -2);
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

Result<double> SettingsReader::Number(const std::string& path) const {
  if (!Push(path)) return Status::Error("setting " + path + ": its parent is not a table");
  bool ok = lua_type(L_, -1) == LUA_TNUMBER;
  double v = ok ? lua_tonumber(L_, -1) : 0;
  lua_pop(L_, 1);
  if (!ok) return Status::Error("setting " + path + " must be a number");
  return v;
}

Result<std::vector<std::string>> SettingsReader::Strings(const std::string& path) const {
  if (!Push(path)) return Status::Error("setting " + path + ": its parent is not a table");
  std::vector<std::string> out;
  bool ok = lua_istable(L_, -1);
  for (lua_Integer i = 1; ok; ++i) {
    lua_rawgeti(L_, -1, i);
    if (lua_isnil(L_, -1)) {
      lua_pop(L_, 1);
      break;
    }
    ok = lua_type(L_, -1) == LUA_TSTRING;
    if (ok) out.emplace_back(lua_tostring(L_, -1));
    lua_pop(L_, 1);
  }
  lua_pop(L_, 1);
  if (!ok) return Status::Error("setting " + path + " must be a list of names");
  return out;
}

Result<std::vector<std::string>> SettingsReader::Keys(const std::string& path) const {
  if (!Push(path)) return Status::Error("setting " + path + ": its parent is not a table");
  if (!lua_istable(L_, -1)) {
    lua_pop(L_, 1);
    return Status::Error("setting " + path + " must be a table");
  }
  std::vector<std::string> keys;
  lua_pushnil(L_);
  while (lua_next(L_, -2)) {
    lua_pop(L_, 1);
    if (lua_type(L_, -1) == LUA_TSTRING) keys.emplace_back(lua_tostring(L_, -1));
  }
  lua_pop(L_, 1);
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace oversight
