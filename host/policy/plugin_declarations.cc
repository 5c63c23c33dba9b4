// Reading what a plugin declares, raw and checked.
#include "policy/plugin_declarations.h"

#include <cmath>

namespace oversight {

namespace {

// A table of strings to strings in the plugin's environment, read raw.
void ReadStringMap(lua_State* L, int env, const char* name, std::map<std::string, std::string>* out) {
  lua_pushstring(L, name);
  lua_rawget(L, env);
  if (lua_istable(L, -1)) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING) {
        (*out)[lua_tostring(L, -2)] = lua_tostring(L, -1);
      }
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

// Field `name` of the table on top of the stack, as text ("" when absent).
std::string RawText(lua_State* L, const char* name) {
  lua_pushstring(L, name);
  lua_rawget(L, -2);
  std::string out = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
  lua_pop(L, 1);
  return out;
}

template <size_t N>
std::string Listed(const char* const (&list)[N]) {
  std::string out;
  for (const char* item : list) out += (out.empty() ? "\"" : ", \"") + std::string(item) + "\"";
  return out;
}

// One entry of `codes`, on top of the stack.
Status ReadCode(lua_State* L, const std::string& code, CodeDeclaration* d) {
  const std::string where = "codes." + code;
  if (!lua_istable(L, -1)) return Status::Error(where + " must be a table { label = ..., kind = ..., severity = ... }");
  d->label = RawText(L, "label");
  d->kind = RawText(L, "kind");
  d->severity = RawText(L, "severity");
  d->counts = RawText(L, "counts");
  if (d->label.empty()) return Status::Error(where + ".label must be the words an email uses, such as \"overdue\"");
  if (!OneOf(kCodeKinds, d->kind)) return Status::Error(where + ".kind must be one of " + Listed(kCodeKinds));
  if (!OneOf(kSeverities, d->severity)) return Status::Error(where + ".severity must be one of " + Listed(kSeverities));
  if (!d->counts.empty() && !OneOf(kCodeCounts, d->counts)) {
    return Status::Error(where + ".counts must be one of " + Listed(kCodeCounts) + ", or left out");
  }
  return Status::Ok();
}

Status ReadCodes(lua_State* L, int env, PluginOutcome* out) {
  lua_pushliteral(L, "codes");
  lua_rawget(L, env);
  Status status;
  if (!lua_isnil(L, -1) && !lua_istable(L, -1)) status = Status::Error("codes must be a table by code");
  if (lua_istable(L, -1)) {
    lua_pushnil(L);
    while (status.ok() && lua_next(L, -2)) {
      if (lua_type(L, -2) != LUA_TSTRING) {
        status = Status::Error("codes: every key must be a code, such as overdue = { ... }");
      } else {
        const std::string code = lua_tostring(L, -2);
        status = ReadCode(L, code, &out->codes[code]);
      }
      lua_pop(L, 1);
    }
    if (!status.ok()) lua_pop(L, 1);  // the key lua_next left
  }
  lua_pop(L, 1);
  return status;
}

Status ReadFigures(lua_State* L, int env, PluginOutcome* out) {
  lua_pushliteral(L, "figures");
  lua_rawget(L, env);
  Status status;
  if (lua_istable(L, -1)) {
    for (const char* name : kFigures) {
      lua_pushstring(L, name);
      lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TNUMBER && std::isfinite(lua_tonumber(L, -1)) && lua_tonumber(L, -1) > 0) {
        out->figures[name] = lua_tonumber(L, -1);
      } else if (!lua_isnil(L, -1)) {
        status = Status::Error(std::string("figures.") + name + " must be a number above 0");
      }
      lua_pop(L, 1);
    }
    lua_pushnil(L);
    while (status.ok() && lua_next(L, -2)) {
      if (lua_type(L, -2) != LUA_TSTRING || !OneOf(kFigures, lua_tostring(L, -2))) {
        status = Status::Error("figures: the host knows only " + Listed(kFigures));
      }
      lua_pop(L, 1);
    }
    if (!status.ok()) lua_pop(L, 1);
  } else if (!lua_isnil(L, -1)) {
    status = Status::Error("figures must be a table");
  }
  lua_pop(L, 1);
  return status;
}

}  // namespace

Status ReadDeclarations(lua_State* L, int env, PluginOutcome* out) {
  lua_pushliteral(L, "title");
  lua_rawget(L, env);
  if (lua_type(L, -1) == LUA_TSTRING) out->title = lua_tostring(L, -1);
  lua_pop(L, 1);
  ReadStringMap(L, env, "rules", &out->rules);
  ReadStringMap(L, env, "escalation", &out->escalation);
  if (Status s = ReadCodes(L, env, out); !s.ok()) return s;
  return ReadFigures(L, env, out);
}

}  // namespace oversight
