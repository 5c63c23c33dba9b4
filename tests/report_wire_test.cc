// What a plugin reports reaches the JSON lines exactly: its text through the pipe from the
// plugin process (control characters made spaces, UTF-8 kept), its numbers and days as
// sent, and JSON's escapes where JSON needs them.
#include <catch2/catch.hpp>

#include <sstream>

#include "checks/exception_format.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

TEST_CASE("a report's text and numbers cross the process boundary and print as JSON", "[wire]") {
  BesideOutcome got = RunBeside(R"LUA(
    function check()
      ov.report{ code = "odd", severity = "warning", worker = "S1", case_id = "C\"1\\",
                 due_date = ov.day("2024-02-29"), days_overdue = -3, value = 2.5, limit = 1e-3,
                 message = "caf\u{e9} \"quoted\"\ttab\nline \\ end" }
    end)LUA");
  REQUIRE(got.hostile_state == "ran");
  REQUIRE(got.hostile.size() == 1);
  const PolicyException& e = got.hostile[0];
  CHECK(e.code == "odd");
  CHECK(e.severity == "warning");
  CHECK(e.case_id == std::optional<std::string>("C\"1\\"));
  CHECK(e.due_date == ParseDate("2024-02-29"));
  CHECK(e.days_overdue == std::optional<int64_t>(-3));
  CHECK(e.value == std::optional<double>(2.5));
  CHECK(e.limit == std::optional<double>(1e-3));
  CHECK(e.message == "caf\xc3\xa9 \"quoted\" tab line \\ end");

  CHECK(JsonString(e.message) == "\"caf\xc3\xa9 \\\"quoted\\\" tab line \\\\ end\"");
  CHECK(JsonString("a\tb\nc\rd\x01" "e") == "\"a\\tb\\nc\\rd\\u0001e\"");
  CHECK(JsonString("") == "\"\"");
}
