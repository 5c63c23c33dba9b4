// UniqueIds (host/extract/unique_ids.h): a repeated id is found wherever it comes, with
// the value (the line) of its first appearance, whether the ids so far were in order or not.
#include <catch2/catch.hpp>

#include <string>

#include "extract/unique_ids.h"

using namespace oversight;

namespace {
std::string Id(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "S%08d", n);
  return buf;
}
}  // namespace

TEST_CASE("ids in order are all new; a repeat of one is found with its first line", "[import]") {
  UniqueIds ids(16);
  for (int n = 1; n <= 5000; ++n) REQUIRE(ids.Insert(Id(n), n + 1) == IdIndex::kMissing);
  CHECK(ids.Insert(Id(5000), 9999) == 5001);  // the very last again: not after it
  CHECK(ids.Insert(Id(17), 9999) == 18);      // an early one, now that the order is broken
  CHECK(ids.Insert(Id(6000), 7000) == IdIndex::kMissing);
  CHECK(ids.Insert(Id(20), 9999) == 21);
  CHECK(ids.Insert(Id(6000), 9999) == 7000);  // one first seen after the order broke
}

TEST_CASE("ids out of order from the start are checked all the same", "[import]") {
  UniqueIds ids(16);
  CHECK(ids.Insert("b", 2) == IdIndex::kMissing);
  CHECK(ids.Insert("a", 3) == IdIndex::kMissing);
  CHECK(ids.Insert("c", 4) == IdIndex::kMissing);
  CHECK(ids.Insert("b", 5) == 2);
  CHECK(ids.Insert("a", 6) == 3);
  CHECK(ids.Insert("ab", 7) == IdIndex::kMissing);  // a prefix is another id
}
