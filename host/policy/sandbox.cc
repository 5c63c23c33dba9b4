// The allow-list environment, the counting hook and the capped allocator.
#include "policy/sandbox.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>

namespace oversight {

namespace {
constexpr int kHookEvery = 1000;  // instructions between budget checks

// What a plugin may use, library by library. Anything not named is absent.
const char* const kBaseFunctions[] = {"assert", "error", "ipairs", "next", "pairs", "select",
                                      "tonumber", "tostring", "type", "rawequal", "rawget",
                                      "rawlen", "rawset", "setmetatable", "getmetatable", nullptr};
const char* const kStringFunctions[] = {"byte", "char", "find", "format", "gmatch", "gsub",
                                        "len", "lower", "match", "rep", "reverse", "sub",
                                        "upper", "pack", "packsize", "unpack", nullptr};
const char* const kTableFunctions[] = {"concat", "insert", "move", "pack", "remove", "sort",
                                       "unpack", nullptr};
const char* const kMathFunctions[] = {"abs", "ceil", "floor", "fmod", "huge", "max", "maxinteger",
                                      "min", "mininteger", "modf", "pi", "sqrt", "tointeger",
                                      "type", "ult", "exp", "log", nullptr};
const char* const kUtf8Functions[] = {"char", "charpattern", "codes", "codepoint", "len",
                                      "offset", nullptr};
const char* const kCoroutineFunctions[] = {"create", "isyieldable", "resume", "running",
                                           "status", "wrap", "yield", "close", nullptr};

// Copies the named fields of the table at `src` into a new table, left on the stack.
void CopyFields(lua_State* L, int src, const char* const* names) {
  lua_newtable(L);
  for (const char* const* n = names; *n; ++n) {
    lua_getfield(L, src, *n);
    lua_setfield(L, -2, *n);
  }
}
}  // namespace

// "file:line: " of the innermost Lua function running in L (past any C function
// it called, such as string.rep), or nothing.
std::string LuaSandbox::Where(lua_State* L) {
  lua_Debug ar;
  for (int level = 0; L && level < 4 && lua_getstack(L, level, &ar); ++level) {
    if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
      return std::string(ar.short_src) + ":" + std::to_string(ar.currentline) + ": ";
    }
  }
  return "";
}

LuaSandbox* LuaSandbox::From(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return static_cast<LuaSandbox*>(ud);
}

// The budget covers the heap's footprint (what it holds from the system, free blocks
// included) and what the host keeps of the plugin's reports.
void* LuaSandbox::Allocate(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* self = static_cast<LuaSandbox*>(ud);
  if (ptr == nullptr) osize = 0;  // osize is a type tag then, not a size
  const size_t budget = self->budget_.memory_bytes;
  const size_t limit = budget - std::min(self->charged_bytes_, budget);
  bool over_limit = false;
  void* p = self->heap_.Resize(ptr, osize, nsize, limit, &over_limit);
  if (!p && over_limit && self->violation_.empty()) {
    // Memory errors carry no position: take it now, from the running function. (Lua is
    // C: nothing may be thrown through it.)
    try {
      self->violation_ = Where(self->L_) + "memory budget exceeded";
    } catch (const std::bad_alloc&) {
    }
  }
  return p;
}

bool LuaSandbox::Charge(lua_State* L, size_t bytes) {
  if (heap_.footprint() + charged_bytes_ + bytes > budget_.memory_bytes) {
    Violate(L, "memory budget exceeded (by what the plugin reported)");
    return false;
  }
  charged_bytes_ += bytes;
  return true;
}

void LuaSandbox::Violate(lua_State* L, const std::string& what) {
  if (violation_.empty()) violation_ = Where(L) + what;
  // From now on the hook fires on every instruction, so a pcall that caught this
  // error gets no further than its next instruction.
  lua_sethook(L, CountHook, LUA_MASKCOUNT, 1);
}

void LuaSandbox::CountHook(lua_State* L, lua_Debug*) {
  LuaSandbox* self = From(L);
  self->instructions_ += kHookEvery;
  if (self->instructions_ > self->budget_.instructions) {
    self->Violate(L, "instruction budget exceeded");
  }
  if (!self->violation_.empty()) {
    lua_pushstring(L, self->violation_.c_str());
    lua_error(L);
  }
}

// pcall and xpcall that rethrow once the sandbox has stopped the script.
int LuaSandbox::ProtectedCall(lua_State* L) {
  luaL_checkany(L, 1);
  int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  if (!From(L)->violation_.empty()) return lua_error(L);
  lua_pushboolean(L, status == LUA_OK);
  lua_insert(L, 1);
  return lua_gettop(L);
}

int LuaSandbox::ProtectedCallWithHandler(lua_State* L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 1);  // f
  lua_copy(L, 2, 1);    // handler to slot 1
  lua_replace(L, 2);    // f to slot 2
  int status = lua_pcall(L, n - 2, LUA_MULTRET, 1);
  if (!From(L)->violation_.empty()) return lua_error(L);
  lua_pushboolean(L, status == LUA_OK);
  lua_replace(L, 1);  // the handler's slot becomes the status
  return lua_gettop(L);
}

LuaSandbox::LuaSandbox(const Budget& budget) : budget_(budget) {
  L_ = lua_newstate(Allocate, this);
  if (!L_) return;
  luaL_requiref(L_, "_G", luaopen_base, 1);
  luaL_requiref(L_, "string", luaopen_string, 1);
  luaL_requiref(L_, "table", luaopen_table, 1);
  luaL_requiref(L_, "math", luaopen_math, 1);
  luaL_requiref(L_, "utf8", luaopen_utf8, 1);
  luaL_requiref(L_, "coroutine", luaopen_coroutine, 1);
  lua_settop(L_, 0);
  // Strings index the allow-listed copy of the string library, not the original.
  lua_getglobal(L_, "string");
  CopyFields(L_, lua_gettop(L_), kStringFunctions);
  lua_setfield(L_, LUA_REGISTRYINDEX, "oversight.string");
  lua_pop(L_, 1);
  lua_pushliteral(L_, "");
  lua_getmetatable(L_, -1);
  lua_getfield(L_, LUA_REGISTRYINDEX, "oversight.string");
  lua_setfield(L_, -2, "__index");
  lua_pushliteral(L_, "the string metatable is not for plugins");
  lua_setfield(L_, -2, "__metatable");
  lua_pop(L_, 2);
  lua_sethook(L_, CountHook, LUA_MASKCOUNT, kHookEvery);
}

LuaSandbox::~LuaSandbox() {
  if (L_) lua_close(L_);
}

void LuaSandbox::PushEnvironment() {
  lua_State* L = L_;
  lua_pushglobaltable(L);
  int g = lua_gettop(L);
  CopyFields(L, g, kBaseFunctions);
  int env = lua_gettop(L);
  lua_pushcfunction(L, ProtectedCall);
  lua_setfield(L, env, "pcall");
  lua_pushcfunction(L, ProtectedCallWithHandler);
  lua_setfield(L, env, "xpcall");
  lua_getfield(L, g, "table");
  lua_getfield(L, -1, "unpack");
  lua_setfield(L, env, "unpack");
  lua_pop(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, "oversight.string");
  lua_setfield(L, env, "string");
  struct { const char* name; const char* const* fields; } libs[] = {
      {"table", kTableFunctions}, {"math", kMathFunctions}, {"utf8", kUtf8Functions},
      {"coroutine", kCoroutineFunctions}};
  for (const auto& lib : libs) {
    lua_getfield(L, g, lib.name);
    CopyFields(L, lua_gettop(L), lib.fields);
    lua_setfield(L, env, lib.name);
    lua_pop(L, 1);
  }
  lua_pushvalue(L, env);
  lua_setfield(L, env, "_G");
  lua_remove(L, g);
}

Status LuaSandbox::LoadFile(const std::string& path, const std::string& display_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    lua_pop(L_, 1);
    return Status::Error(display_name + ": cannot be read");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string source = buffer.str();
  const std::string chunkname = "@" + display_name;
  if (luaL_loadbufferx(L_, source.data(), source.size(), chunkname.c_str(), "t") != LUA_OK) {
    std::string err = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "cannot be loaded";
    lua_pop(L_, 2);  // the error and the environment
    return Status::Error(err);
  }
  lua_insert(L_, -2);                  // function, env
  lua_setupvalue(L_, -2, 1);           // env becomes the chunk's _ENV
  return Status::Ok();
}

Status LuaSandbox::Call(int nargs, int nresults) {
  int rc = lua_pcall(L_, nargs, nresults, 0);
  if (rc == LUA_OK) return Status::Ok();
  std::string err;
  if (lua_type(L_, -1) == LUA_TSTRING) {
    err = lua_tostring(L_, -1);
  } else {
    err = rc == LUA_ERRMEM ? "memory budget exceeded" : "error object is not a string";
  }
  lua_pop(L_, 1);
  if (!violation_.empty() && err != violation_) err = violation_ + " (" + err + ")";
  return Status::Error(err);
}

}  // namespace oversight
