// The `ov` functions that answer one question each (the iterators are in
// view_cursors.cc). Lua errors are raised with lua_error/luaL_error, which unwind with
// longjmp: no C++ object with a destructor may be alive at that point, so every function
// below raises only after its C++ temporaries are gone.
#include "policy/view.h"

#include <cmath>
#include <cstring>

#include "checks/caseload.h"
#include "common/utf8.h"
#include "extract/contract.h"
#include "policy/sandbox.h"
#include "policy/view_args.h"
#include "policy/view_cursors.h"
#include "policy/view_rows.h"

namespace oversight {

using namespace view;

namespace {

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
  SetRowKind(L, kWorkerRow);
}

// ov.workers{roles = {...}, employed = true}: a list of worker tables.
int Workers(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  if (lua_isnoneornil(L, 1)) lua_newtable(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "roles");
  int roles = lua_istable(L, -1) ? lua_gettop(L) : 0;
  static const std::vector<std::string>& kRoles = AllowedValues(kWorkers, "role");
  for (lua_Integer i = 1, len = roles ? luaL_len(L, roles) : 0; i <= len; ++i) {
    lua_rawgeti(L, roles, i);
    FilterValue(L, -1, "ov.workers: roles", "a role", kRoles);
    lua_pop(L, 1);
  }
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
    SetRowKind(L, kAbsenceSpellRow);
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
  static const std::vector<std::string>& kAllocationRoles = AllowedValues(kAllocations, "role");
  const char* role = FilterValue(L, -1, "ov.distinct_cases: role", "an allocation role", kAllocationRoles);
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
  const size_t n = FormatDateTo(static_cast<Day>(CheckDay(L, luaL_checkinteger(L, 1), "ov.date")), buf);
  lua_pushlstring(L, buf, n);
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
  lua_pushnumber(L, oversight::Round2(luaL_checknumber(L, 1)));
  return 1;
}

// The longest text a plugin may hand over in one field of one report: ids are at most
// 64 bytes (data-contract.md); a message is a sentence or two.
constexpr size_t kMaxIdBytes = 64;
constexpr size_t kMaxMessageBytes = 1000;

// A text field of ov.report: nil, or a string of well-formed UTF-8 of at most `max_bytes`.
const char* OptString(lua_State* L, const char* field, size_t max_bytes) {
  lua_getfield(L, 1, field);
  if (lua_isnil(L, -1)) return nullptr;
  if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER) {
    luaL_error(L, "ov.report: %s must be a string", field);
  }
  size_t len = 0;
  const char* v = lua_tolstring(L, -1, &len);
  if (len > max_bytes) luaL_error(L, "ov.report: %s is longer than %d bytes", field, static_cast<int>(max_bytes));
  if (!ValidUtf8(std::string_view(v, len))) luaL_error(L, "ov.report: %s is not valid UTF-8 text", field);
  return v;  // the value stays on the stack until Report returns
}

// A finite number field of the call `what` (ov.report or ov.mark): nil, or a number.
bool OptNumber(lua_State* L, const char* what, const char* field, double* out) {
  lua_getfield(L, 1, field);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return false;
  }
  if (lua_type(L, -1) != LUA_TNUMBER) luaL_error(L, "%s: %s must be a number", what, field);
  *out = lua_tonumber(L, -1);
  lua_pop(L, 1);
  if (std::isnan(*out)) luaL_error(L, "%s: %s is not a number (NaN)", what, field);
  if (std::isinf(*out)) luaL_error(L, "%s: %s must be finite, not infinite", what, field);
  if (std::fabs(*out) > 1e15) luaL_error(L, "%s: %s is out of range", what, field);
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
  const char* code = OptString(L, "code", kMaxIdBytes);
  const char* severity = OptString(L, "severity", kMaxIdBytes);
  const char* case_id = OptString(L, "case_id", kMaxIdBytes);
  const char* message = OptString(L, "message", kMaxMessageBytes);
  if (!code || !*code) return luaL_error(L, "ov.report: code is required");
  // A plugin that declares its codes reports only those, at their declared severity.
  const CodeDeclaration* declared = nullptr;
  if (ctx->codes && !ctx->codes->empty()) {
    auto found = ctx->codes->find(code);
    if (found == ctx->codes->end()) {
      return luaL_error(L, "ov.report: code %s is not one of the codes this plugin declares (codes = {...})", code);
    }
    declared = &found->second;
    if (!severity) severity = declared->severity.c_str();
    if (declared->severity != severity) {
      return luaL_error(L, "ov.report: code %s is declared as a %s, not a %s", code, declared->severity.c_str(), severity);
    }
  }
  if (!severity || (std::strcmp(severity, "breach") != 0 && std::strcmp(severity, "warning") != 0)) {
    return luaL_error(L, "ov.report: severity must be \"breach\" or \"warning\"");
  }
  lua_Integer due = 0, overdue = 0;
  double value = 0, limit = 0;
  bool has_due = OptInteger(L, "due_date", kMinDay, kMaxDay, &due);
  bool has_overdue = OptInteger(L, "days_overdue", -(kMaxDay - kMinDay), kMaxDay - kMinDay, &overdue);
  bool has_value = OptNumber(L, "ov.report", "value", &value);
  bool has_limit = OptNumber(L, "ov.report", "limit", &limit);
  if (ctx->reported.size() >= kMaxReports) return luaL_error(L, "ov.report: too many exceptions from one plugin");
  // What the host keeps counts against the plugin's memory budget, as its Lua heap does.
  const size_t bytes = sizeof(PolicyException) + std::strlen(code) + (case_id ? std::strlen(case_id) : 0) +
                       (message ? std::strlen(message) : 0) + ctx->policy.size();
  if (!LuaSandbox::From(L)->Charge(L, bytes)) return luaL_error(L, "memory budget exceeded");
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

// ov.mark{worker=, as=, value=}: a fact about a worker that the host's figures use
// (worker_mark.h: "asye", "wellbeing_scope", and "limit" and "floor" with a value).
int Mark(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "worker");
  WorkerKey w = WorkerArg(L, ctx, -1, "ov.mark: worker");
  lua_getfield(L, 1, "as");
  const char* as = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : nullptr;
  if (!as || !OneOf(kWorkerMarks, as)) {
    return luaL_error(L, "ov.mark: as must be one of \"asye\", \"wellbeing_scope\", \"limit\", \"floor\"");
  }
  double value = 0;
  const bool has_value = OptNumber(L, "ov.mark", "value", &value);
  if (has_value != OneOf(kValuedMarks, as)) {
    return luaL_error(L, has_value ? "ov.mark: a %s mark has no value" : "ov.mark: a %s mark needs a value", as);
  }
  if (ctx->marked.size() >= kMaxReports) return luaL_error(L, "ov.mark: too many marks from one plugin");
  if (!LuaSandbox::From(L)->Charge(L, sizeof(WorkerMark))) return luaL_error(L, "memory budget exceeded");
  WorkerMark m{w, as, std::nullopt};
  if (has_value) m.value = value;
  ctx->marked.push_back(std::move(m));
  return 0;
}

}  // namespace

void PushView(lua_State* L, ViewContext* ctx) {
  static const luaL_Reg kFunctions[] = {
      {"workers", Workers}, {"worker", WorkerById}, {"allocations", Allocations},
      {"latest_supervision", LatestSupervision}, {"count_supervisions", CountSupervisions},
      {"absent", Absent}, {"absent_days", AbsentDays}, {"absence_spells", AbsenceSpells},
      {"distinct_cases", DistinctCases}, {"supervisions", Supervisions}, {"weekday", Weekday}, {"hours_logged", HoursLogged}, {"date", DateString},
      {"day", DayNumber}, {"round2", Round2}, {"report", Report}, {"mark", Mark},
      {nullptr, nullptr}};
  lua_newtable(L);
  lua_pushlightuserdata(L, ctx);
  luaL_setfuncs(L, kFunctions, 1);
  lua_pushinteger(L, ctx->as_of);
  lua_setfield(L, -2, "as_of");
}

}  // namespace oversight
