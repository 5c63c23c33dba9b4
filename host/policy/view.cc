// The `ov` functions. Lua errors are raised with lua_error/luaL_error, which unwind
// with longjmp: no C++ object with a destructor may be alive at that point, so every
// function below raises only after its C++ temporaries are gone.
#include "policy/view.h"

#include <cmath>
#include <cstring>

namespace oversight {

namespace {

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

// Day numbers plugins may use: years 1 to 9999.
constexpr lua_Integer kMinDay = -719162, kMaxDay = 2932896;

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
    if (lua_rawgeti(L, -1, i) != LUA_TSTRING) luaL_error(L, "kinds: each kind is a name in quotes");
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

void SetDay(lua_State* L, const char* field, std::optional<Day> d) {
  if (d) {
    lua_pushinteger(L, *d);
    lua_setfield(L, -2, field);
  }
}

void PushWorker(lua_State* L, ViewContext* ctx, const Worker& w) {
  const Organisation& org = *ctx->org;
  lua_createtable(L, 0, 12);
  lua_pushstring(L, w.id.c_str());
  lua_setfield(L, -2, "id");
  lua_pushstring(L, w.role.c_str());
  lua_setfield(L, -2, "role");
  lua_pushstring(L, org.team(w.team).id.c_str());
  lua_setfield(L, -2, "team_id");
  lua_pushstring(L, org.team(w.team).service.c_str());
  lua_setfield(L, -2, "service");
  lua_pushnumber(L, w.fte);
  lua_setfield(L, -2, "fte");
  SetDay(L, "start_date", w.start);
  SetDay(L, "end_date", w.end);
  SetDay(L, "asye_start", w.asye_start);
  if (w.line_manager) {
    lua_pushstring(L, org.worker(w.line_manager).id.c_str());
    lua_setfield(L, -2, "line_manager_id");
  }
  lua_pushboolean(L, org.Employed(w.key, ctx->as_of));
  lua_setfield(L, -2, "employed");
  lua_pushboolean(L, org.Absent(w.key, ctx->as_of));
  lua_setfield(L, -2, "absent");
}

// ov.workers{roles = {...}, employed = true}: a list of worker tables.
int Workers(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  if (lua_isnoneornil(L, 1)) lua_newtable(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "roles");
  int roles = lua_istable(L, -1) ? lua_gettop(L) : 0;
  lua_getfield(L, 1, "employed");
  bool only_employed = lua_toboolean(L, -1);
  lua_newtable(L);
  lua_Integer n = 0;
  for (const Worker& w : ctx->org->workers()) {
    if (only_employed && !ctx->org->Employed(w.key, ctx->as_of)) continue;
    if (roles) {
      bool match = false;
      for (lua_Integer i = 1, len = luaL_len(L, roles); i <= len && !match; ++i) {
        lua_rawgeti(L, roles, i);
        const char* r = lua_tostring(L, -1);
        match = r && w.role == r;
        lua_pop(L, 1);
      }
      if (!match) continue;
    }
    PushWorker(L, ctx, w);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

// ov.worker(id): one worker table.
int WorkerById(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  PushWorker(L, ctx, ctx->org->worker(WorkerArg(L, ctx, 1, "ov.worker")));
  return 1;
}

struct AllocationCursor {
  sqlite3_stmt* stmt;   // null once the rows are done
  sqlite3_stmt* owned;  // the cursor's own statement, finalized by __gc
  bool with_latest;
  ViewContext* ctx;
};

int AllocationCursorGc(lua_State* L) {
  auto* cur = static_cast<AllocationCursor*>(lua_touserdata(L, 1));
  if (cur->owned) sqlite3_finalize(cur->owned);
  cur->owned = nullptr;
  return 0;
}

int AllocationNext(lua_State* L) {
  auto* cur = static_cast<AllocationCursor*>(lua_touserdata(L, lua_upvalueindex(1)));
  if (!cur->stmt) return 0;
  int rc = sqlite3_step(cur->stmt);
  if (rc != SQLITE_ROW) {
    cur->stmt = nullptr;
    if (rc != SQLITE_DONE) luaL_error(L, "ov.allocations: the store failed");
    return 0;
  }
  sqlite3_stmt* s = cur->stmt;
  lua_createtable(L, 0, 8);
  lua_pushstring(L, reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  lua_setfield(L, -2, "case_id");
  lua_pushstring(L, reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
  lua_setfield(L, -2, "case_type");
  lua_pushstring(L, reinterpret_cast<const char*>(sqlite3_column_text(s, 2)));
  lua_setfield(L, -2, "worker_id");
  lua_pushstring(L, reinterpret_cast<const char*>(sqlite3_column_text(s, 3)));
  lua_setfield(L, -2, "role");
  lua_pushinteger(L, sqlite3_column_int64(s, 4));
  lua_setfield(L, -2, "start_date");
  if (sqlite3_column_type(s, 5) != SQLITE_NULL) {
    lua_pushinteger(L, sqlite3_column_int64(s, 5));
    lua_setfield(L, -2, "end_date");
  }
  if (cur->with_latest && sqlite3_column_type(s, 6) != SQLITE_NULL) {
    lua_pushinteger(L, sqlite3_column_int64(s, 6));
    lua_setfield(L, -2, "last_supervised");
  }
  const Organisation& org = *cur->ctx->org;
  const Worker& holder = org.worker(sqlite3_column_int64(s, 7));
  lua_pushboolean(L, org.Employed(holder.key, cur->ctx->as_of));
  lua_setfield(L, -2, "holder_employed");
  lua_pushstring(L, org.team(holder.team).id.c_str());
  lua_setfield(L, -2, "team_id");
  lua_pushstring(L, org.team(holder.team).service.c_str());
  lua_setfield(L, -2, "service");
  return 1;
}

// ov.allocations{role = "key_worker", worker = id, latest_supervision = {kinds...}}:
// an iterator over the allocations active on the as-of day, each with its holder's
// team_id, service and whether the holder is employed that day. With latest_supervision,
// each row has `last_supervised`: the latest supervision of those kinds about the same
// case with the same worker, dated from the allocation's start to the as-of day.
int Allocations(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "role");  // stays on the stack while `role` is in use
  const char* role = luaL_optstring(L, -1, nullptr);
  lua_getfield(L, 1, "worker");
  WorkerKey worker = lua_isnil(L, -1) ? 0 : WorkerArg(L, ctx, -1, "ov.allocations");
  const char* kinds[8];
  int nkinds = 0;
  lua_getfield(L, 1, "latest_supervision");
  const bool with_latest = !lua_isnil(L, -1);
  if (with_latest) {
    luaL_checktype(L, -1, LUA_TTABLE);
    nkinds = KindsField(L, lua_gettop(L), kinds, 8);
  }
  if (!ctx->db) return luaL_error(L, "ov.allocations: the store cannot answer");
  // The cursor exists (with its finalizer) before its statement does, so that nothing
  // leaks if Lua raises; each cursor has a statement of its own.
  auto* cur = static_cast<AllocationCursor*>(lua_newuserdatauv(L, sizeof(AllocationCursor), 0));
  cur->stmt = nullptr;
  cur->owned = nullptr;
  cur->with_latest = with_latest;
  cur->ctx = ctx;
  if (luaL_newmetatable(L, "oversight.allocation_cursor")) {
    lua_pushcfunction(L, AllocationCursorGc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  bool prepared;
  {
    // Only the filters given appear in the SQL, so that SQLite can use an index for them.
    // (The string is gone before any Lua error can be raised.)
    std::string sql = "SELECT a.case_id, a.case_type, w.worker_id, a.role, a.start_day, a.end_day, ";
    if (with_latest) {
      std::string marks;
      for (int i = 0; i < nkinds; ++i) marks += (i ? ",?" : "?") + std::to_string(4 + i);
      sql += "(SELECT max(s.day) FROM supervisions s WHERE s.case_id = a.case_id AND s.worker = a.worker "
             "AND s.kind IN (" + marks + ") AND s.day BETWEEN a.start_day AND ?1)";
    } else {
      sql += "NULL";
    }
    sql += ", a.worker FROM allocations a JOIN workers w ON w.wid = a.worker "
           "WHERE a.start_day <= ?1 AND (a.end_day IS NULL OR ?1 <= a.end_day)";
    if (role) sql += " AND a.role = ?2";
    if (worker) sql += " AND a.worker = ?3";
    prepared = sqlite3_prepare_v2(ctx->db->handle(), sql.c_str(), -1, &cur->owned, nullptr) == SQLITE_OK;
  }
  if (!prepared) return luaL_error(L, "ov.allocations: the store cannot answer");
  sqlite3_stmt* s = cur->owned;
  cur->stmt = s;
  sqlite3_bind_int64(s, 1, ctx->as_of);
  if (role) sqlite3_bind_text(s, 2, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 3, worker);
  for (int i = 0; i < nkinds; ++i) sqlite3_bind_text(s, 4 + i, kinds[i], -1, SQLITE_TRANSIENT);
  lua_pushcclosure(L, AllocationNext, 1);
  return 1;
}

// Shared by latest_supervision and count_supervisions: {worker=, kinds=, from=, to=}.
int SupervisionQuery(lua_State* L, const char* sql_template, const char* what) {
  ViewContext* ctx = Ctx(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "worker");
  WorkerKey w = WorkerArg(L, ctx, -1, what);
  lua_pop(L, 1);
  const char* kinds[8];
  int n = KindsField(L, 1, kinds, 8);
  lua_Integer from = DayField(L, "from", ctx->org->worker(w).start);
  lua_Integer to = DayField(L, "to", ctx->as_of);
  Statement* stmt = Prepared(ctx, sql_template, n);
  if (!stmt) return luaL_error(L, "%s: the store cannot answer", what);
  sqlite3_stmt* s = stmt->handle();
  sqlite3_reset(s);
  sqlite3_bind_int64(s, 1, w);
  sqlite3_bind_int64(s, 2, from);
  sqlite3_bind_int64(s, 3, to);
  for (int i = 0; i < n; ++i) sqlite3_bind_text(s, 4 + i, kinds[i], -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
    lua_pushinteger(L, sqlite3_column_int64(s, 0));
  } else {
    lua_pushnil(L);
  }
  sqlite3_reset(s);
  return 1;
}

// ov.latest_supervision{worker=, kinds=, from=, to=}: a day number or nil.
int LatestSupervision(lua_State* L) {
  return SupervisionQuery(L, "SELECT max(day) FROM supervisions WHERE worker = ?1 "
                          "AND day BETWEEN ?2 AND ?3 AND kind IN (?)", "ov.latest_supervision");
}

// ov.count_supervisions{worker=, kinds=, from=, to=}: how many sessions.
int CountSupervisions(lua_State* L) {
  return SupervisionQuery(L, "SELECT count(*) FROM supervisions WHERE worker = ?1 "
                          "AND day BETWEEN ?2 AND ?3 AND kind IN (?)", "ov.count_supervisions");
}

struct SupervisionCursor {
  sqlite3_stmt* stmt;  // owned
  ViewContext* ctx;
};

int SupervisionCursorGc(lua_State* L) {
  auto* cur = static_cast<SupervisionCursor*>(lua_touserdata(L, 1));
  sqlite3_finalize(cur->stmt);
  cur->stmt = nullptr;
  return 0;
}

int SupervisionNext(lua_State* L) {
  auto* cur = static_cast<SupervisionCursor*>(lua_touserdata(L, lua_upvalueindex(1)));
  if (!cur->stmt) return 0;
  sqlite3_stmt* s = cur->stmt;
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW) {
    sqlite3_finalize(s);
    cur->stmt = nullptr;
    if (rc != SQLITE_DONE) luaL_error(L, "ov.supervisions: the store failed");
    return 0;
  }
  const Organisation& org = *cur->ctx->org;
  lua_createtable(L, 0, 6);
  lua_pushstring(L, org.worker(sqlite3_column_int64(s, 0)).id.c_str());
  lua_setfield(L, -2, "worker_id");
  lua_pushstring(L, org.worker(sqlite3_column_int64(s, 1)).id.c_str());
  lua_setfield(L, -2, "supervisor_id");
  lua_pushinteger(L, sqlite3_column_int64(s, 2));
  lua_setfield(L, -2, "date");
  lua_pushstring(L, reinterpret_cast<const char*>(sqlite3_column_text(s, 3)));
  lua_setfield(L, -2, "kind");
  if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
    lua_pushstring(L, reinterpret_cast<const char*>(sqlite3_column_text(s, 4)));
    lua_setfield(L, -2, "case_id");
  }
  if (sqlite3_column_type(s, 5) != SQLITE_NULL) {
    lua_pushinteger(L, sqlite3_column_int64(s, 5));
    lua_setfield(L, -2, "recorded_date");
  }
  return 1;
}

// ov.supervisions{from=, to=}: an iterator over every supervision dated from..to
// (default: the as-of day), with worker_id, supervisor_id, date, kind, case_id and
// recorded_date. It scans every supervision of the extract (there is no index by day):
// meant for rules that are off by default or run on small extracts.
int Supervisions(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer from = DayField(L, "from", ctx->as_of);
  lua_Integer to = DayField(L, "to", ctx->as_of);
  if (!ctx->db) return luaL_error(L, "ov.supervisions: the store cannot answer");
  auto* cur = static_cast<SupervisionCursor*>(lua_newuserdatauv(L, sizeof(SupervisionCursor), 0));
  cur->stmt = nullptr;
  cur->ctx = ctx;
  if (luaL_newmetatable(L, "oversight.supervision_cursor")) {
    lua_pushcfunction(L, SupervisionCursorGc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  if (sqlite3_prepare_v2(ctx->db->handle(),
                         "SELECT worker, supervisor, day, kind, case_id, recorded_day FROM supervisions "
                         "WHERE day BETWEEN ?1 AND ?2 ORDER BY day, rowid",
                         -1, &cur->stmt, nullptr) != SQLITE_OK) {
    return luaL_error(L, "ov.supervisions: the store cannot answer");
  }
  sqlite3_bind_int64(cur->stmt, 1, from);
  sqlite3_bind_int64(cur->stmt, 2, to);
  lua_pushcclosure(L, SupervisionNext, 1);
  return 1;
}

// ov.weekday(day): ISO weekday, 1 Monday .. 7 Sunday.
int Weekday(lua_State* L) {
  lua_pushinteger(L, IsoWeekday(static_cast<Day>(CheckDay(L, luaL_checkinteger(L, 1), "ov.weekday"))));
  return 1;
}

// ov.absent(worker, day): true when an absence of the worker is active on that day.
int Absent(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  WorkerKey w = WorkerArg(L, ctx, 1, "ov.absent");
  lua_pushboolean(L, ctx->org->Absent(w, static_cast<Day>(CheckDay(L, luaL_optinteger(L, 2, ctx->as_of), "ov.absent"))));
  return 1;
}

// ov.absent_days(worker, from, to): distinct absent days from..to, both included.
int AbsentDays(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  WorkerKey w = WorkerArg(L, ctx, 1, "ov.absent_days");
  Day from = static_cast<Day>(CheckDay(L, luaL_checkinteger(L, 2), "ov.absent_days"));
  Day to = static_cast<Day>(CheckDay(L, luaL_checkinteger(L, 3), "ov.absent_days"));
  lua_pushinteger(L, ctx->org->AbsentDays(w, from, to));
  return 1;
}

// ov.absence_spells(worker): {{first=, last=}, ...}, absences merged where they touch.
int AbsenceSpells(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  WorkerKey w = WorkerArg(L, ctx, 1, "ov.absence_spells");
  const auto& spells = ctx->org->Spells(w);
  lua_createtable(L, static_cast<int>(spells.size()), 0);
  for (size_t i = 0; i < spells.size(); ++i) {
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, spells[i].first);
    lua_setfield(L, -2, "first");
    lua_pushinteger(L, spells[i].last);
    lua_setfield(L, -2, "last");
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  return 1;
}

// ov.distinct_cases{worker=, role=}: distinct case ids over the worker's allocations
// in that role active on the as-of day.
int DistinctCases(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "worker");
  WorkerKey w = WorkerArg(L, ctx, -1, "ov.distinct_cases");
  lua_getfield(L, 1, "role");
  const char* role = luaL_checkstring(L, -1);
  Statement* stmt = Prepared(ctx,
      "SELECT count(DISTINCT case_id) FROM allocations WHERE worker = ?1 AND role = ?2 "
      "AND start_day <= ?3 AND (end_day IS NULL OR ?3 <= end_day)", 0);
  if (!stmt) return luaL_error(L, "ov.distinct_cases: the store cannot answer");
  sqlite3_stmt* s = stmt->handle();
  sqlite3_bind_int64(s, 1, w);
  sqlite3_bind_text(s, 2, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 3, ctx->as_of);
  lua_Integer n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_reset(s);
  lua_pushinteger(L, n);
  return 1;
}

// ov.hours_logged{worker=, from=, to=}: development time logged in the window.
int HoursLogged(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "worker");
  WorkerKey w = WorkerArg(L, ctx, -1, "ov.hours_logged");
  lua_Integer from = DayField(L, "from", ctx->org->worker(w).start);
  lua_Integer to = DayField(L, "to", ctx->as_of);
  Statement* stmt = Prepared(ctx,
      "SELECT total(hours) FROM development_time WHERE worker = ?1 AND day BETWEEN ?2 AND ?3", 0);
  if (!stmt) return luaL_error(L, "ov.hours_logged: the store cannot answer");
  sqlite3_stmt* s = stmt->handle();
  sqlite3_bind_int64(s, 1, w);
  sqlite3_bind_int64(s, 2, from);
  sqlite3_bind_int64(s, 3, to);
  double hours = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_double(s, 0) : 0.0;
  sqlite3_reset(s);
  lua_pushnumber(L, hours);
  return 1;
}

// ov.date(day) -> "YYYY-MM-DD"; ov.day("YYYY-MM-DD") -> day number.
int DateString(lua_State* L) {
  char buf[16];
  int y, m, d;
  CivilFromDay(static_cast<Day>(CheckDay(L, luaL_checkinteger(L, 1), "ov.date")), &y, &m, &d);
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  lua_pushstring(L, buf);
  return 1;
}

int DayNumber(lua_State* L) {
  size_t len = 0;
  const char* s = luaL_checklstring(L, 1, &len);
  std::optional<Day> d = ParseDate(std::string_view(s, len));
  if (!d) return luaL_error(L, "ov.day: '%s' is not a date YYYY-MM-DD", s);
  lua_pushinteger(L, *d);
  return 1;
}

// ov.round2(x): x rounded to 2 decimal places as printf("%.2f") does, for comparisons.
int Round2(lua_State* L) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", luaL_checknumber(L, 1));
  lua_pushnumber(L, std::strtod(buf, nullptr));
  return 1;
}

const char* OptString(lua_State* L, const char* field) {
  lua_getfield(L, 1, field);
  const char* v = lua_isnil(L, -1) ? nullptr : lua_tostring(L, -1);
  if (!v && !lua_isnil(L, -1)) luaL_error(L, "ov.report: %s must be a string", field);
  return v;  // the value stays on the stack until Report returns
}

bool OptNumber(lua_State* L, const char* field, double* out) {
  lua_getfield(L, 1, field);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return false;
  }
  if (lua_type(L, -1) != LUA_TNUMBER) luaL_error(L, "ov.report: %s must be a number", field);
  *out = lua_tonumber(L, -1);
  lua_pop(L, 1);
  if (!std::isfinite(*out) || std::fabs(*out) > 1e15) luaL_error(L, "ov.report: %s is out of range", field);
  return true;
}

// A whole number field within [lo, hi]: days and day counts.
bool OptInteger(lua_State* L, const char* field, lua_Integer lo, lua_Integer hi, lua_Integer* out) {
  lua_getfield(L, 1, field);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return false;
  }
  int is_integer = 0;
  *out = lua_tointegerx(L, -1, &is_integer);
  lua_pop(L, 1);
  if (!is_integer) luaL_error(L, "ov.report: %s must be a whole number", field);
  if (*out < lo || *out > hi) luaL_error(L, "ov.report: %s is out of range", field);
  return true;
}

// More than any real policy reports on one day, even nationally.
constexpr size_t kMaxReports = 5'000'000;

// ov.report{code=, severity=, worker=, case_id=, due_date=, days_overdue=, value=,
// limit=, message=}: the one way a plugin says something is wrong.
int Report(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "worker");
  WorkerKey w = WorkerArg(L, ctx, -1, "ov.report: worker");
  const char* code = OptString(L, "code");
  const char* severity = OptString(L, "severity");
  const char* case_id = OptString(L, "case_id");
  const char* message = OptString(L, "message");
  if (!code || !*code) return luaL_error(L, "ov.report: code is required");
  if (!severity || (std::strcmp(severity, "breach") != 0 && std::strcmp(severity, "warning") != 0)) {
    return luaL_error(L, "ov.report: severity must be \"breach\" or \"warning\"");
  }
  lua_Integer due = 0, overdue = 0;
  double value = 0, limit = 0;
  bool has_due = OptInteger(L, "due_date", kMinDay, kMaxDay, &due);
  bool has_overdue = OptInteger(L, "days_overdue", -(kMaxDay - kMinDay), kMaxDay - kMinDay, &overdue);
  bool has_value = OptNumber(L, "value", &value);
  bool has_limit = OptNumber(L, "limit", &limit);
  if (ctx->reported.size() >= kMaxReports) return luaL_error(L, "ov.report: too many exceptions from one plugin");
  PolicyException e;
  e.policy = ctx->policy;
  e.code = code;
  e.severity = severity;
  e.worker = w;
  if (case_id) e.case_id = case_id;
  if (has_due) e.due_date = static_cast<Day>(due);
  if (has_overdue) e.days_overdue = static_cast<int64_t>(overdue);
  if (has_value) e.value = value;
  if (has_limit) e.limit = limit;
  if (message) e.message = message;
  ctx->reported.push_back(std::move(e));
  return 0;
}

}  // namespace

void PushView(lua_State* L, ViewContext* ctx) {
  static const luaL_Reg kFunctions[] = {
      {"workers", Workers}, {"worker", WorkerById}, {"allocations", Allocations},
      {"latest_supervision", LatestSupervision}, {"count_supervisions", CountSupervisions},
      {"absent", Absent}, {"absent_days", AbsentDays}, {"absence_spells", AbsenceSpells},
      {"distinct_cases", DistinctCases}, {"supervisions", Supervisions}, {"weekday", Weekday}, {"hours_logged", HoursLogged}, {"date", DateString},
      {"day", DayNumber}, {"round2", Round2}, {"report", Report}, {nullptr, nullptr}};
  lua_newtable(L);
  lua_pushlightuserdata(L, ctx);
  luaL_setfuncs(L, kFunctions, 1);
  lua_pushinteger(L, ctx->as_of);
  lua_setfield(L, -2, "as_of");
}

}  // namespace oversight
