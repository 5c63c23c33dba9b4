// Strict data for plugins: a field a row does not have, or a filter value that cannot
// occur in the extract, stops the plugin with an error at its file:line that says what
// was meant, instead of reading nil and silently reporting nothing.
#include <catch2/catch.hpp>

#include <lua.hpp>

#include <set>

#include "policy/view_rows.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

// Runs `chunk` (named plugin.lua) with a global `row` of the given kind holding
// `fields` (name = 1 each); the error message, or "ok" and the chunk's result.
std::string ReadRow(view::RowKindIndex kind, const std::vector<const char*>& fields, const std::string& chunk) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  lua_newtable(L);
  for (const char* f : fields) {
    lua_pushinteger(L, 1);
    lua_setfield(L, -2, f);
  }
  view::SetRowKind(L, kind);
  lua_setglobal(L, "row");
  std::string out;
  if (luaL_loadbuffer(L, chunk.data(), chunk.size(), "=plugin.lua") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
    out = lua_tostring(L, -1);
  } else {
    out = std::string("ok ") + (lua_isnil(L, -1) ? "nil" : luaL_tolstring(L, -1, nullptr));
  }
  lua_close(L);
  return out;
}

}  // namespace

TEST_CASE("a misspelt row field is an error at the plugin's line with a suggestion", "[strict]") {
  CHECK(ReadRow(view::kAllocationRow, {"case_id", "case_type"}, "local x = row.case_id\nreturn row.casetype") ==
        "plugin.lua:2: no field casetype in an allocation row; did you mean case_type?");
  CHECK(ReadRow(view::kWorkerRow, {"id", "role"}, "return row.rolle") ==
        "plugin.lua:1: no field rolle in a worker row; did you mean role?");
  CHECK(ReadRow(view::kSupervisionRow, {"kind"}, "\n\nreturn row.Kind") ==
        "plugin.lua:3: no field Kind in a supervision row; did you mean kind?");
  CHECK(ReadRow(view::kAbsenceSpellRow, {"first", "last"}, "return row.start_date") ==
        "plugin.lua:1: no field start_date in an absence spell row; its fields are first, last (docs/plugin-api.md)");
}

TEST_CASE("an optional field a row does not have reads as nil", "[strict]") {
  CHECK(ReadRow(view::kWorkerRow, {"id"}, "return tostring(row.end_date) .. tostring(row.asye_start) .. "
                                         "tostring(row.line_manager_id)") == "ok nilnilnil");
  CHECK(ReadRow(view::kAllocationRow, {"case_id"}, "return tostring(row.end_date) .. tostring(row.last_supervised)") ==
        "ok nilnil");
  CHECK(ReadRow(view::kSupervisionRow, {"kind"}, "return tostring(row.case_id) .. tostring(row.recorded_date)") ==
        "ok nilnil");
  // A plugin may still keep its own notes on a row, and cannot swap the row's metatable.
  CHECK(ReadRow(view::kWorkerRow, {"id"}, "row.note = 5\nreturn row.note") == "ok 5");
  CHECK(ReadRow(view::kWorkerRow, {"id"}, "return getmetatable(row)") == "ok worker");
}

TEST_CASE("rows from the ov functions are strict, in a real plugin run", "[strict]") {
  BesideOutcome fine = RunBeside(
      "function check()\n"
      "  for a in ov.allocations{ role = 'key_worker' } do\n"
      "    assert(a.end_date == nil and a.last_supervised == nil and a.case_type)\n"
      "  end\n"
      "  for _, w in ipairs(ov.workers{ roles = { 'social_worker' } }) do\n"
      "    assert(w.end_date == nil and w.asye_start == nil and w.line_manager_id == 'M1')\n"
      "  end\n"
      "  assert(ov.worker('H1').line_manager_id == nil)\n"
      "end\n");
  CHECK(fine.hostile_state == "ran");
  CHECK(fine.reason == "");

  BesideOutcome typo = RunBeside(
      "function check()\n"
      "  for a in ov.allocations{ role = 'key_worker' } do\n"
      "    if a.casetype == 'CP' then ov.report{ code = 'x', severity = 'warning', worker = a.worker_id } end\n"
      "  end\n"
      "end\n");
  CHECK(typo.hostile_state == "failed");
  CHECK_THAT(typo.reason, Catch::Contains("hostile.lua:3: no field casetype in an allocation row; did you mean case_type?"));

  BesideOutcome worker = RunBeside("function check()\n  return ov.worker('S1').rolle\nend\n");
  CHECK_THAT(worker.reason, Catch::Contains("hostile.lua:2: no field rolle in a worker row; did you mean role?"));
  // The good plugin beside it is unaffected.
  CHECK(typo.good == worker.good);
  CHECK_FALSE(typo.good.empty());
}

TEST_CASE("a filter value that cannot occur names the valid values", "[strict]") {
  auto failure = [](const std::string& call) {
    BesideOutcome o = RunBeside("function check()\n  " + call + "\nend\n");
    CHECK(o.hostile_state == "failed");
    return o.reason;
  };
  CHECK_THAT(failure("ov.workers{ roles = { 'IRO' } }"),
             Catch::Contains("hostile.lua:2: ov.workers: roles: \"IRO\" is not a role; use one of social_worker, "
                             "senior_practitioner, family_support_worker, iro, team_manager, service_manager, "
                             "head_of_service (did you mean iro?)"));
  CHECK_THAT(failure("for a in ov.allocations{ role = 'IRO' } do end"),
             Catch::Contains("hostile.lua:2: ov.allocations: role: \"IRO\" is not an allocation role; use one of "
                             "key_worker, iro (did you mean iro?)"));
  CHECK_THAT(failure("for a in ov.allocations{ case_type = 'CDW' } do end"),
             Catch::Contains("ov.allocations: case_type: \"CDW\" is not a case type; use one of CIN, CP, CIC, CL, CWD "
                             "(did you mean CWD?)"));
  CHECK_THAT(failure("ov.latest_supervision{ worker = 'S1', kinds = { 'Case' } }"),
             Catch::Contains("hostile.lua:2: kinds: \"Case\" is not a supervision kind; use one of case, group, "
                             "personal, wellbeing, asye_review (did you mean case?)"));
  CHECK_THAT(failure("for a in ov.allocations{ role = 'key_worker', latest_supervision = { kinds = { 'wellbeeing' } } } do end"),
             Catch::Contains("\"wellbeeing\" is not a supervision kind"));
  CHECK_THAT(failure("ov.distinct_cases{ worker = 'S1', role = 'keyworker' }"),
             Catch::Contains("ov.distinct_cases: role: \"keyworker\" is not an allocation role; use one of key_worker, "
                             "iro (did you mean key_worker?)"));
  CHECK_THAT(failure("ov.workers{ roles = { 7 } }"), Catch::Contains("a role must be a name in quotes"));
}

TEST_CASE("the rows plugins get hold exactly the fields their kind declares", "[strict]") {
  // A council where every optional field has a value somewhere: a leaver-to-be in ASYE,
  // an allocation ending later, a case supervision written up, an absence.
  TempDir dir;
  Extract x = SmallCouncil();
  x["workers.csv"] += "A1,New Worker,a1@council.example,social_worker,T1,M1,1.0,2024-01-01,2030-01-01,2024-01-01\n";
  x["allocations.csv"] += "C1,CP,S1,key_worker,2024-01-01,2030-01-01\n";
  x["supervisions.csv"] += "SUP1,S1,M1,2024-02-01,case,C1,2024-02-02\n";
  x["absences.csv"] = "worker_id,start_date,end_date,kind\nS1,2024-02-05,2024-02-09,sickness\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
  REQUIRE(std::system(("mkdir -p '" + dir.File("plugins") + "'").c_str()) == 0);
  // The plugin reports each field name it finds in each kind of row, as a code "kind:field".
  dir.Write("plugins/fields.lua",
            "local seen = {}\n"
            "local function note(kind, row)\n"
            "  for k in pairs(row) do\n"
            "    local code = kind .. ':' .. k\n"
            "    if not seen[code] then seen[code] = true; ov.report{ code = code, severity = 'warning', worker = 'S1' } end\n"
            "  end\n"
            "end\n"
            "function check()\n"
            "  for _, w in ipairs(ov.workers{}) do note('worker', w) end\n"
            "  note('worker', ov.worker('A1'))\n"
            "  for a in ov.allocations{ latest_supervision = { kinds = { 'case' } } } do note('allocation', a) end\n"
            "  for s in ov.supervisions{ from = ov.day('2024-01-01') } do note('supervision', s) end\n"
            "  for _, sp in ipairs(ov.absence_spells('S1')) do note('absence spell', sp) end\n"
            "end\n");
  PolicyRunOptions o;
  o.snapshot_path = dir.File("store.db");
  o.plugins_dir = dir.File("plugins");
  o.settings_path = RepoPath("config/policy.lua");
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  o.as_of = *ParseDate("2024-03-01");
  auto run = RunChecks(o);
  REQUIRE(run.ok());
  REQUIRE(run->plugins.size() == 1);
  INFO(run->plugins[0].reason);
  REQUIRE(run->plugins[0].state == PluginOutcome::State::kRan);
  std::set<std::string> found, declared;
  for (const auto& e : run->exceptions) found.insert(e.code);
  for (const view::RowKind& kind : view::RowKinds()) {
    for (const view::RowField& f : kind.fields) declared.insert(std::string(kind.name) + ":" + f.name);
  }
  CHECK(found == declared);
}
