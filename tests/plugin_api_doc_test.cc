// docs/plugin-api.md, the plugin authors' reference, against what plugins really get:
// every function of the `ov` table PushView builds has its own section with an example,
// and every field of every row kind (view_rows.h) is in that kind's section. A function
// or field added without its words fails here.
#include <catch2/catch.hpp>

#include <lua.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "extract/contract.h"
#include "policy/view.h"
#include "policy/view_rows.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

std::string Reference() {
  std::ifstream in(RepoPath("docs/plugin-api.md"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text under the heading `heading` (a whole line), to the next heading of that level or above.
std::string Section(const std::string& doc, const std::string& heading) {
  const size_t at = doc.find("\n" + heading + "\n");
  if (at == std::string::npos) return "";
  const size_t start = at + heading.size() + 2;
  const size_t end = doc.find("\n### ", start);
  const size_t end2 = doc.find("\n## ", start);
  return doc.substr(start, std::min(end, end2) - start);
}

// The names in the `ov` table plugins are given.
std::set<std::string> OvNames() {
  lua_State* L = luaL_newstate();
  ViewContext ctx;
  PushView(L, &ctx);
  std::set<std::string> names;
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pop(L, 1);
    names.insert(lua_tostring(L, -1));
  }
  lua_close(L);
  return names;
}

}  // namespace

TEST_CASE("the reference describes every ov function, each with an example", "[docs]") {
  const std::string doc = Reference();
  REQUIRE_FALSE(doc.empty());
  const std::set<std::string> names = OvNames();
  REQUIRE(names.count("allocations"));
  REQUIRE(names.count("report"));
  for (const std::string& name : names) {
    INFO("ov." << name << " needs a section \"### ov." << name << "\" with a ```lua example in docs/plugin-api.md");
    const std::string section = Section(doc, "### ov." + name);
    CHECK_FALSE(section.empty());
    CHECK(section.find("```lua") != std::string::npos);
    CHECK(section.find("ov." + name) != std::string::npos);
  }
}

TEST_CASE("the reference describes every field of every row, each kind with an example", "[docs]") {
  const std::string doc = Reference();
  for (const view::RowKind& kind : view::RowKinds()) {
    const std::string heading = std::string("### ") + (kind.name[0] == 'a' ? "An " : "A ") + kind.name + " row";
    const std::string section = Section(doc, heading);
    INFO("docs/plugin-api.md needs \"" << heading << "\"");
    REQUIRE_FALSE(section.empty());
    CHECK(section.find("```lua") != std::string::npos);
    for (const view::RowField& f : kind.fields) {
      INFO("the " << kind.name << " field " << f.name << " is not in its table");
      CHECK(section.find(std::string("| `") + f.name + "` |") != std::string::npos);
    }
  }
}

TEST_CASE("the reference lists the values the filters accept, as the data contract has them", "[docs]") {
  const std::string values = Section(Reference(), "## Values the data can hold");
  REQUIRE_FALSE(values.empty());
  for (const auto& [file, column] : {std::pair{kWorkers, "role"}, std::pair{kAllocations, "role"},
                                     std::pair{kAllocations, "case_type"}, std::pair{kSupervisions, "kind"}}) {
    for (const std::string& v : AllowedValues(file, column)) {
      INFO(column << " " << v);
      CHECK(values.find("`" + v + "`") != std::string::npos);
    }
  }
}
