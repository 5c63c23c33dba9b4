// The reference councils (tests/data/reference, copied from shared/reference): each
// imported and checked on its as-of day must give exactly its expected exceptions, and
// each bad extract must be rejected on the expected file and line, leaving the store as it was.
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <fstream>
#include <set>
#include <sstream>

#include "checks/exception_format.h"
#include "checks/measures.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

const std::string kRef = std::string(OVERSIGHT_TEST_DATA) + "/reference";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A record as comparable text: the keys refcheck compares, numbers to 2 places.
std::string Normalise(const Poco::JSON::Object::Ptr& o) {
  std::string out;
  for (const char* key : {"policy", "code", "severity", "worker_id", "case_id", "recipient_id",
                          "due_date", "days_overdue", "value", "limit"}) {
    Poco::Dynamic::Var v = o->get(key);
    out += std::string(key) + "=";
    if (v.isEmpty()) {
      out += "null";
    } else if (v.isString()) {
      out += v.toString();
    } else {
      out += FormatNumber2(v.convert<double>());
    }
    out += " ";
  }
  return out;
}

std::multiset<std::string> ParseJsonl(const std::string& text) {
  std::multiset<std::string> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Poco::JSON::Parser parser;
    rows.insert(Normalise(parser.parse(line).extract<Poco::JSON::Object::Ptr>()));
  }
  return rows;
}

std::multiset<std::string> CheckAsJsonl(const TempDir& dir, const std::string& as_of) {
  auto run = RunShipped(dir, as_of);
  REQUIRE(run.ok());
  REQUIRE_FALSE(run->any_failed());
  std::ostringstream out;
  WriteJsonl(out, run->org, run->exceptions);
  return ParseJsonl(out.str());
}

Status ImportFolder(const TempDir& dir, const std::string& folder, ImportReport* report) {
  ImportOptions options;
  options.db_path = dir.File("store.db");
  options.extract_dir = folder;
  return ImportExtract(options, report);
}

}  // namespace

TEST_CASE("reference councils give exactly their expected exceptions", "[reference]") {
  for (const auto& [council, as_of] : kReferenceCouncils) {
    SECTION(council) {
      TempDir dir;
      ImportReport report;
      Status s = ImportFolder(dir, kRef + "/" + council, &report);
      INFO(s.message());
      REQUIRE(s.ok());
      auto expected = ParseJsonl(ReadAll(kRef + "/" + council + ".expected-" + as_of + ".jsonl"));
      REQUIRE(expected.size() > 0);
      CHECK(CheckAsJsonl(dir, as_of) == expected);
    }
  }
}

TEST_CASE("bad reference extracts are rejected where expected and change nothing", "[reference]") {
  const std::string bad = kRef + "/bad";
  const std::string as_of = ReadAll(bad + "/AS_OF").substr(0, 10);
  for (const char* name : {"bad_date_feb30", "end_before_start", "missing_required_column",
                           "unknown_team", "unterminated_quote"}) {
    SECTION(name) {
      TempDir dir;
      ImportReport good;
      REQUIRE(ImportFolder(dir, bad + "/BASE", &good).ok());
      const std::string before_bytes = ReadAll(dir.File("store.db"));
      const auto before = CheckAsJsonl(dir, as_of);

      std::istringstream expect(ReadAll(bad + "/" + name + ".expect"));
      std::string file;
      int line = 0;
      expect >> file >> line;
      ImportReport report;
      CHECK_FALSE(ImportFolder(dir, bad + "/" + name, &report).ok());
      REQUIRE_FALSE(report.errors.empty());
      std::ostringstream printed;
      report.errors.Print(printed);
      CHECK_THAT(printed.str(), Catch::Contains(line ? file + ":" + std::to_string(line) : file));
      CHECK(ReadAll(dir.File("store.db")) == before_bytes);
      CHECK(CheckAsJsonl(dir, as_of) == before);
    }
  }
}

namespace {

// Compares two JSON values as refcheck does: numbers to 2 places, objects by expected keys.
void CompareJson(const Poco::Dynamic::Var& expected, const Poco::Dynamic::Var& got, const std::string& path) {
  INFO(path);
  if (expected.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto e = expected.extract<Poco::JSON::Object::Ptr>();
    REQUIRE(got.type() == typeid(Poco::JSON::Object::Ptr));
    auto g = got.extract<Poco::JSON::Object::Ptr>();
    for (const auto& key : e->getNames()) {
      REQUIRE(g->has(key));
      CompareJson(e->get(key), g->get(key), path + "." + key);
    }
  } else if (expected.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto e = expected.extract<Poco::JSON::Array::Ptr>();
    REQUIRE(got.type() == typeid(Poco::JSON::Array::Ptr));
    auto g = got.extract<Poco::JSON::Array::Ptr>();
    REQUIRE(e->size() == g->size());
    for (size_t i = 0; i < e->size(); ++i) CompareJson(e->get(i), g->get(i), path + "." + std::to_string(i));
  } else if (expected.isEmpty() || got.isEmpty()) {
    CHECK(expected.isEmpty() == got.isEmpty());
  } else if (expected.isString()) {
    CHECK(expected.toString() == got.toString());
  } else {
    CHECK(FormatNumber2(expected.convert<double>()) == FormatNumber2(got.convert<double>()));
  }
}

}  // namespace

TEST_CASE("reference councils give exactly their expected measures", "[reference][measures]") {
  for (const auto& [council, as_of] : kReferenceCouncils) {
    SECTION(council) {
      TempDir dir;
      ImportReport report;
      REQUIRE(ImportFolder(dir, kRef + "/" + council, &report).ok());
      auto run = RunShipped(dir, as_of);
      REQUIRE(run.ok());
      auto settings = LoadCaseloadSettings(RepoPath("config/policy.lua"));
      REQUIRE(settings.ok());
      auto m = ComputeMeasures(*run, *settings, *ParseDate(as_of));
      REQUIRE(m.ok());
      std::ostringstream out;
      WriteMeasuresJson(out, *m);
      Poco::JSON::Parser parser;
      auto got = parser.parse(out.str());
      Poco::JSON::Parser expected_parser;
      auto expected = expected_parser.parse(ReadAll(kRef + "/" + council + ".measures-" + as_of + ".json"));
      CompareJson(expected, got, council);
    }
  }
}
