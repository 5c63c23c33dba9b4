// Settings keyed by services and teams, against the teams of an extract.
#include "policy/settings_places.h"

#include <algorithm>
#include <set>

#include "policy/settings.h"
#include "policy/view_rows.h"
#include "store/sqlite.h"

namespace oversight {

namespace {

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The string keys of the table at the top of the stack, sorted.
std::set<std::string> Keys(lua_State* L) {
  std::set<std::string> keys;
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) keys.insert(lua_tostring(L, -1));
  }
  return keys;
}

void Warn(const std::string& file, const std::string& path, const std::string& key, const char* what,
          const std::vector<std::string>& known, std::vector<std::string>* out) {
  std::string w = file + ": warning: " + path + "[\"" + key + "\"]: no team of the extract has the " + what +
                  " \"" + key + "\", so this setting does nothing";
  const std::string near = view::Closest(key, known);
  if (!near.empty()) w += " (did you mean \"" + near + "\"?)";
  out->push_back(w);
}

}  // namespace

std::vector<std::string> CheckSettingsPlaces(const PolicyRunOptions& options) {
  auto db = Database::Open(options.snapshot_path, Database::Mode::kReadOnly);
  if (!db.ok()) return {options.snapshot_path + ": " + db.status().message()};
  auto stmt = db->Prepare("SELECT team_id, service FROM teams ORDER BY tid");
  if (!stmt.ok()) return {options.snapshot_path + ": " + stmt.status().message()};
  std::vector<std::string> services, teams;
  while (stmt->Step()) {
    teams.push_back(stmt->Text(0));
    if (std::find(services.begin(), services.end(), stmt->Text(1)) == services.end()) services.push_back(stmt->Text(1));
  }
  LuaSandbox sandbox(options.budget);
  if (Status s = PushSettings(&sandbox, options.settings_path); !s.ok()) return {s.message()};
  lua_State* L = sandbox.state();
  std::vector<std::string> warnings;
  for (const std::string& section : Keys(L)) {
    lua_getfield(L, -1, section.c_str());
    if (lua_istable(L, -1)) {
      for (const std::string& field : Keys(L)) {
        const bool by_service = EndsWith(field, "_by_service"), by_team = EndsWith(field, "_by_team");
        lua_getfield(L, -1, field.c_str());
        if ((by_service || by_team) && lua_istable(L, -1)) {
          const std::vector<std::string>& known = by_service ? services : teams;
          for (const std::string& key : Keys(L)) {
            if (std::find(known.begin(), known.end(), key) != known.end()) continue;
            Warn(options.settings_path, section + "." + field, key, by_service ? "service" : "team id", known,
                 &warnings);
          }
        }
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
  }
  return warnings;
}

}  // namespace oversight
