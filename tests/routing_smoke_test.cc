// A first end-to-end check that the support code works: a small council, one overdue case.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

TEST_CASE("a case never supervised is overdue an interval after allocation") {
  TempDir dir;
  Extract x = SmallCouncil();
  x["allocations.csv"] += "C1,CP,S1,key_worker,2024-01-01,\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
  auto run = RunShipped(dir, "2024-03-01");
  REQUIRE(run.ok());
  // CP: 28 days from 2024-01-01 is 2024-01-29; 2024-03-01 is 32 days later.
  CHECK(Summaries(*run, "case_supervision") ==
        std::vector<std::string>{"case_supervision overdue S1 C1 M1 2024-01-29 32 - -"});
}
