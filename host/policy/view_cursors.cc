// The `ov` iterators over many rows: ov.allocations and ov.supervisions. Each cursor is
// a userdata owning its own SQLite statement (finalized by __gc), created before the
// statement so that nothing leaks when Lua raises.
//
// A plugin's own finalizers may call an iterator at any moment Lua collects garbage:
// after the cursor's own __gc (finalizers run in reverse order of registration), or
// from inside the iterator while it builds a row. So __gc leaves the cursor empty, and
// a cursor that is being stepped refuses to be stepped again from within.
#include <string>

#include "extract/contract.h"
#include "policy/view_args.h"
#include "policy/view_cursors.h"
#include "policy/view_rows.h"

namespace oversight::view {

// The fields of an allocation row, in the order of the iterator's upvalues 2, 3, ...
enum AllocationKey { kCaseId, kCaseType, kWorkerId, kRole, kStartDate, kEndDate, kLastSupervised,
                     kHolderEmployed, kTeamId, kService, kAllocationKeys };
constexpr const char* kAllocationKeyNames[kAllocationKeys] = {
    "case_id", "case_type", "worker_id", "role", "start_date", "end_date", "last_supervised",
    "holder_employed", "team_id", "service"};

struct AllocationCursor {
  sqlite3_stmt* stmt;   // null once the rows are done, or once collected
  sqlite3_stmt* owned;  // the cursor's own statement, finalized by __gc
  bool with_latest;
  bool stepping;        // a row is being built: a finalizer must not step it again
  ViewContext* ctx;
};

int AllocationCursorGc(lua_State* L) {
  auto* cur = static_cast<AllocationCursor*>(lua_touserdata(L, 1));
  if (cur->owned) sqlite3_finalize(cur->owned);
  cur->owned = nullptr;
  cur->stmt = nullptr;  // a finalizer that runs after this one may still call the iterator
  return 0;
}

int AllocationRow(lua_State* L, AllocationCursor* cur);

// Sets field `k` of the row under the value at the top of the stack to that value. The
// keys are upvalues of the running iterator: no key string is looked up for each row.
void SetField(lua_State* L, AllocationKey k) {
  lua_pushvalue(L, lua_upvalueindex(2 + k));
  lua_insert(L, -2);
  lua_rawset(L, -3);
}

void PushText(lua_State* L, sqlite3_stmt* s, int col) {
  const char* text = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  lua_pushlstring(L, text, static_cast<size_t>(sqlite3_column_bytes(s, col)));
}

int AllocationNext(lua_State* L) {
  auto* cur = static_cast<AllocationCursor*>(lua_touserdata(L, lua_upvalueindex(1)));
  if (!cur->stmt) return 0;
  if (cur->stepping) return luaL_error(L, "ov.allocations: an iterator cannot be used inside itself");
  cur->stepping = true;
  int n = AllocationRow(L, cur);  // raises only through luaL_error below, never mid-row
  cur->stepping = false;
  if (n < 0) return luaL_error(L, "ov.allocations: the store failed");
  return n;
}

// Steps the cursor and pushes its row (1), or nothing at the end (0); -1 on a store error.
// Pushing may run a plugin's finalizers, which may call this iterator: `stepping` refuses
// that, so the statement's current row stays in place until the row is built. (A Lua
// memory error here unwinds past `stepping`; the cursor is then unusable, which is safe.)
int AllocationRow(lua_State* L, AllocationCursor* cur) {
  int rc = sqlite3_step(cur->stmt);
  if (rc != SQLITE_ROW) {
    cur->stmt = nullptr;
    return rc == SQLITE_DONE ? 0 : -1;
  }
  sqlite3_stmt* s = cur->stmt;
  lua_createtable(L, 0, kAllocationKeys);  // presized: a rehash a row otherwise
  PushText(L, s, 0), SetField(L, kCaseId);
  PushText(L, s, 1), SetField(L, kCaseType);
  PushText(L, s, 2), SetField(L, kWorkerId);
  PushText(L, s, 3), SetField(L, kRole);
  lua_pushinteger(L, sqlite3_column_int64(s, 4)), SetField(L, kStartDate);
  if (sqlite3_column_type(s, 5) != SQLITE_NULL) lua_pushinteger(L, sqlite3_column_int64(s, 5)), SetField(L, kEndDate);
  if (cur->with_latest && sqlite3_column_type(s, 6) != SQLITE_NULL) {
    lua_pushinteger(L, sqlite3_column_int64(s, 6)), SetField(L, kLastSupervised);
  }
  const Organisation& org = *cur->ctx->org;
  const Worker& holder = org.worker(sqlite3_column_int64(s, 7));
  const Team& team = org.team(holder.team);
  lua_pushboolean(L, org.Employed(holder.key, cur->ctx->as_of)), SetField(L, kHolderEmployed);
  lua_pushlstring(L, team.id.data(), team.id.size()), SetField(L, kTeamId);
  lua_pushlstring(L, team.service.data(), team.service.size()), SetField(L, kService);
  SetRowKind(L, kAllocationRow);
  return 1;
}

// ov.allocations{role = "key_worker", worker = id, case_type = "CIC", from = day, to = day,
// latest_supervision = {kinds...}}: an iterator over the allocations active on the as-of
// day (or, with from/to, on some day from..to), each with its holder's team_id, service
// and whether the holder is employed on the as-of day. With latest_supervision, each row
// has `last_supervised`: the latest supervision of those kinds about the same case with
// the same worker, dated from the allocation's start to the as-of day.
int Allocations(lua_State* L) {
  ViewContext* ctx = Ctx(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  static const std::vector<std::string>& kAllocationRoles = AllowedValues(kAllocations, "role");
  static const std::vector<std::string>& kCaseTypes = AllowedValues(kAllocations, "case_type");
  lua_getfield(L, 1, "role");  // stays on the stack while `role` is in use
  const char* role = lua_isnil(L, -1) ? nullptr : FilterValue(L, -1, "ov.allocations: role", "an allocation role", kAllocationRoles);
  lua_getfield(L, 1, "worker");
  WorkerKey worker = lua_isnil(L, -1) ? 0 : WorkerArg(L, ctx, -1, "ov.allocations");
  lua_getfield(L, 1, "case_type");  // stays on the stack while `case_type` is in use
  const char* case_type = lua_isnil(L, -1) ? nullptr : FilterValue(L, -1, "ov.allocations: case_type", "a case type", kCaseTypes);
  const lua_Integer from = DayField(L, "from", ctx->as_of);
  const lua_Integer to = DayField(L, "to", ctx->as_of);
  if (from > to) return luaL_error(L, "ov.allocations: from is after to");
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
  cur->stepping = false;
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
           "WHERE a.start_day <= ?13 AND (a.end_day IS NULL OR ?12 <= a.end_day)";
    if (role) sql += " AND a.role = ?2";
    if (worker) sql += " AND a.worker = ?3";
    if (case_type) sql += " AND a.case_type = ?14";
    prepared = sqlite3_prepare_v2(ctx->db->handle(), sql.c_str(), -1, &cur->owned, nullptr) == SQLITE_OK;
  }
  if (!prepared) return luaL_error(L, "ov.allocations: the store cannot answer");
  sqlite3_stmt* s = cur->owned;
  cur->stmt = s;
  sqlite3_bind_int64(s, 1, ctx->as_of);
  if (role) sqlite3_bind_text(s, 2, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 3, worker);
  for (int i = 0; i < nkinds; ++i) sqlite3_bind_text(s, 4 + i, kinds[i], -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 12, from);
  sqlite3_bind_int64(s, 13, to);
  if (case_type) sqlite3_bind_text(s, 14, case_type, -1, SQLITE_TRANSIENT);
  for (const char* name : kAllocationKeyNames) lua_pushstring(L, name);
  lua_pushcclosure(L, AllocationNext, 1 + kAllocationKeys);
  return 1;
}

struct SupervisionCursor {
  sqlite3_stmt* stmt;  // owned; null once done or collected
  bool stepping;       // as AllocationCursor::stepping
  ViewContext* ctx;
};

int SupervisionCursorGc(lua_State* L) {
  auto* cur = static_cast<SupervisionCursor*>(lua_touserdata(L, 1));
  sqlite3_finalize(cur->stmt);
  cur->stmt = nullptr;
  return 0;
}

int SupervisionRow(lua_State* L, SupervisionCursor* cur);

int SupervisionNext(lua_State* L) {
  auto* cur = static_cast<SupervisionCursor*>(lua_touserdata(L, lua_upvalueindex(1)));
  if (!cur->stmt) return 0;
  if (cur->stepping) return luaL_error(L, "ov.supervisions: an iterator cannot be used inside itself");
  cur->stepping = true;
  int n = SupervisionRow(L, cur);
  cur->stepping = false;
  if (n < 0) return luaL_error(L, "ov.supervisions: the store failed");
  return n;
}

// As AllocationRow.
int SupervisionRow(lua_State* L, SupervisionCursor* cur) {
  sqlite3_stmt* s = cur->stmt;
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW) {
    sqlite3_finalize(s);
    cur->stmt = nullptr;
    return rc == SQLITE_DONE ? 0 : -1;
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
  SetRowKind(L, kSupervisionRow);
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
  cur->stepping = false;
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

}  // namespace oversight::view
