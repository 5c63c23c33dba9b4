// The row kinds plugins read, with their fields, and the strict reading of rows and
// filter values. Lua errors unwind with longjmp: each message is pushed onto the Lua
// stack inside a block, so no std::string is alive when lua_error runs.
#include "policy/view_rows.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace oversight::view {

const std::vector<RowKind>& RowKinds() {
  static const std::vector<RowKind> kKinds = {
      {"worker", "ov.workers, ov.worker",
       {{"id", "the worker's id (worker_id in the extract)"},
        {"role", "social_worker, senior_practitioner, family_support_worker, iro, team_manager, "
                 "service_manager or head_of_service"},
        {"team_id", "the worker's team"},
        {"service", "the service of the worker's team"},
        {"fte", "full-time equivalent, 1.0 for full time"},
        {"start_date", "the day the worker started"},
        {"end_date", "the day the worker left; nil while employed"},
        {"asye_start", "the day the worker's ASYE began; nil for everyone else"},
        {"line_manager_id", "the worker's line manager; nil when none"},
        {"employed", "true when employed on the as-of day"},
        {"absent", "true when absent on the as-of day"}}},
      {"allocation", "ov.allocations",
       {{"case_id", "the child's case id"},
        {"case_type", "CIN, CP, CIC, CL or CWD"},
        {"worker_id", "the worker the case is allocated to"},
        {"role", "key_worker or iro"},
        {"start_date", "the day the allocation began"},
        {"end_date", "the day it ended; nil while open"},
        {"last_supervised", "with latest_supervision: the latest such supervision of the case; nil when none"},
        {"holder_employed", "true when the worker is employed on the as-of day"},
        {"team_id", "the worker's team"},
        {"service", "the service of the worker's team"}}},
      {"supervision", "ov.supervisions",
       {{"worker_id", "the worker supervised"},
        {"supervisor_id", "who supervised"},
        {"date", "the day of the session"},
        {"kind", "case, group, personal, wellbeing or asye_review"},
        {"case_id", "the case discussed (case and group sessions); nil otherwise"},
        {"recorded_date", "the day it was written up; nil while not written up"}}},
      {"absence spell", "ov.absence_spells",
       {{"first", "the first day of the spell"}, {"last", "the last day of the spell"}}},
  };
  return kKinds;
}

namespace {

// One registry key per kind: the address of its slot.
char kMetatableKeys[4];

// Edits from a to b: insertions, deletions, substitutions and swaps of two neighbours
// (CDW is one edit from CWD), so that a suggestion is the value meant.
size_t Distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Pushes "no field NAME in a KIND row; did you mean X?" (or the list of fields).
void PushNoField(lua_State* L, const RowKind& kind, const char* name) {
  std::vector<std::string> known;
  for (const RowField& f : kind.fields) known.push_back(f.name);
  std::string msg = std::string("no field ") + name + " in " + (kind.name[0] == 'a' ? "an " : "a ") + kind.name + " row";
  std::string near = Closest(name, known);
  if (!near.empty()) {
    msg += "; did you mean " + near + "?";
  } else {
    msg += "; its fields are ";
    for (size_t i = 0; i < known.size(); ++i) msg += (i ? ", " : "") + known[i];
    msg += " (docs/plugin-api.md)";
  }
  lua_pushlstring(L, msg.data(), msg.size());
}

// __index of a row: a name in the kind's list reads nil (an optional field the row does
// not have); any other name is an error at the plugin's line.
int RowIndex(lua_State* L) {
  const RowKind& kind = RowKinds()[static_cast<size_t>(lua_tointeger(L, lua_upvalueindex(1)))];
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  const char* name = lua_tostring(L, 2);
  for (const RowField& f : kind.fields) {
    if (std::strcmp(f.name, name) == 0) return 0;
  }
  luaL_where(L, 1);
  PushNoField(L, kind, name);
  lua_concat(L, 2);
  return lua_error(L);
}

}  // namespace

void SetRowKind(lua_State* L, RowKindIndex kind) {
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kMetatableKeys[kind]) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, kind);
    lua_pushcclosure(L, RowIndex, 1);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, RowKinds()[kind].name);
    lua_setfield(L, -2, "__metatable");  // a plugin can neither read nor replace it
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kMetatableKeys[kind]);
  }
  lua_setmetatable(L, -2);
}

std::string Closest(const std::string& name, const std::vector<std::string>& known) {
  std::string best;
  size_t best_d = 3;
  const std::string lower = Lower(name);
  for (const std::string& k : known) {
    const size_t d = Lower(k) == lower ? 0 : Distance(lower, Lower(k));
    if (d < best_d) best = k, best_d = d;
  }
  return best;
}

const char* FilterValue(lua_State* L, int idx, const char* what, const char* noun,
                        const std::vector<std::string>& allowed) {
  const char* v = lua_type(L, idx) == LUA_TSTRING ? lua_tostring(L, idx) : nullptr;
  if (v && std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return v;
  {
    std::string msg = std::string(what) + ": ";
    msg += v ? std::string("\"") + v + "\" is not " + noun : std::string(noun) + " must be a name in quotes";
    msg += "; use one of ";
    for (size_t i = 0; i < allowed.size(); ++i) msg += (i ? ", " : "") + allowed[i];
    if (v) {
      std::string near = Closest(v, allowed);
      if (!near.empty()) msg += " (did you mean " + near + "?)";
    }
    luaL_where(L, 1);
    lua_pushlstring(L, msg.data(), msg.size());
  }
  lua_concat(L, 2);
  lua_error(L);
  return nullptr;
}

}  // namespace oversight::view
