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

TEST_CASE("a long id is kept whole: its repeat is found, an id differing only at its end is not one",
          "[import]") {
  // Longer than 64 KiB, the largest value the CSV reader keeps: an index that kept only the
  // first 64 KiB of an id missed its repeat (and found no worker by it).
  const std::string id(70000, 'W');
  std::string other = id;
  other.back() = 'X';
  IdIndex index(16);
  CHECK(index.Insert(id, 1) == IdIndex::kMissing);
  CHECK(index.Insert(other, 2) == IdIndex::kMissing);
  CHECK(index.Insert(id, 3) == 1);
  CHECK(index.Find(id) == 1);
  CHECK(index.Find(other) == 2);
  CHECK(index.Find(id.substr(0, 65535)) == IdIndex::kMissing);
}
