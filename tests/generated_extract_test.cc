// A generated medium extract (scripts/gen-data --preset medium --seed 1) gives exactly the
// exceptions stored when the engine was checked against the reference councils: the
// import and policy-runtime optimisations for national scale changed no result. (The
// iro_allocated lines were added when that rule shipped, every other line unchanged.)
#include <catch2/catch.hpp>

#include <Poco/InflatingStream.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "checks/exception_format.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

std::vector<std::string> Lines(std::istream& in) {
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

TEST_CASE("a generated medium extract gives its stored exceptions", "[generated]") {
  TempDir dir;
  const std::string extract = dir.File("medium");
  const std::string cmd = "python3 '" + RepoPath("scripts/gen-data") + "' --preset medium --seed 1 '" + extract +
                          "' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  ImportOptions options;
  options.db_path = dir.File("store.db");
  options.extract_dir = extract;
  ImportReport report;
  Status s = ImportExtract(options, &report);
  INFO(s.message());
  REQUIRE(s.ok());
  auto run = RunShipped(dir, "2024-03-01");
  REQUIRE(run.ok());
  REQUIRE_FALSE(run->any_failed());
  std::ostringstream out;
  WriteJsonl(out, run->org, run->exceptions);
  std::istringstream got_stream(out.str());
  const auto got = Lines(got_stream);

  std::ifstream compressed(std::string(OVERSIGHT_TEST_DATA) + "/generated/medium-seed1.expected-2024-03-01.jsonl.gz",
                           std::ios::binary);
  REQUIRE(compressed);
  Poco::InflatingInputStream inflated(compressed, Poco::InflatingStreamBuf::STREAM_GZIP);
  const auto expected = Lines(inflated);
  REQUIRE(expected.size() > 10000);
  CHECK(got.size() == expected.size());
  CHECK(got == expected);
}
