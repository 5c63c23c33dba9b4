// LuaSandbox: one lua_State for one plugin, with an allow-listed environment (no io,
// os, debug, package/require, load, string.dump), an instruction budget that pcall
// cannot swallow, and a memory cap. It contains a plugin; it does not run one (see
// plugin_run.h, which also puts each plugin in its own process against C code that
// never returns to the VM).
#pragma once

#include <lua.hpp>

#include <cstdint>
#include <string>

#include "common/status.h"
#include "policy/lua_heap.h"

namespace oversight {

struct Budget {
  int64_t instructions = 2'000'000'000;
  size_t memory_bytes = 512u << 20;  // the Lua heap and what the plugin reports, together
  double seconds = 120;              // wall clock, enforced by the process runner
  // CPU time of the plugin's process (RLIMIT_CPU): stops C code the instruction hook
  // cannot reach (a pathological pattern, a loop in a finalizer or a message handler).
  double cpu_seconds = 15;
};

class LuaSandbox {
 public:
  explicit LuaSandbox(const Budget& budget);
  ~LuaSandbox();
  LuaSandbox(const LuaSandbox&) = delete;
  LuaSandbox& operator=(const LuaSandbox&) = delete;

  lua_State* state() const { return L_; }
  bool ok() const { return L_ != nullptr; }

  // Pushes a fresh environment table built from the allow-list.
  void PushEnvironment();
  // Loads a Lua source file (text only, never bytecode) as a function whose _ENV is
  // the table at the top of the stack (popped). Pushes the function.
  Status LoadFile(const std::string& path, const std::string& display_name);
  // Calls the function below `nargs` arguments in protected mode, with the budget.
  Status Call(int nargs, int nresults);

  // Counts `bytes` the host keeps for the script (what it reports) against the memory
  // budget. False, with the violation set, when that would exceed the budget.
  bool Charge(lua_State* L, size_t bytes);
  static LuaSandbox* From(lua_State* L);

  // Why the sandbox stopped the script, if it did ("instruction budget exceeded").
  const std::string& violation() const { return violation_; }

 private:
  static void* Allocate(void* ud, void* ptr, size_t osize, size_t nsize);
  static void CountHook(lua_State* L, lua_Debug* ar);
  static int ProtectedCall(lua_State* L);
  static int ProtectedCallWithHandler(lua_State* L);
  static std::string Where(lua_State* L);
  void Violate(lua_State* L, const std::string& what);

  LuaHeap heap_;  // before L_: the state is closed while its heap still exists
  lua_State* L_ = nullptr;
  Budget budget_;
  size_t charged_bytes_ = 0;  // what the plugin reported (Charge); the heap counts itself
  int64_t instructions_ = 0;
  std::string violation_;
};

}  // namespace oversight
