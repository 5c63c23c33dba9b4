// Widths in code points, shortening on a UTF-8 boundary with "…", and wrapping prose: what
// keeps the command line's tables and plans within 80 columns.
#include <catch2/catch.hpp>

#include "checks/worker_label.h"
#include "common/text_columns.h"
#include "common/utf8.h"

using namespace oversight;

TEST_CASE("widths count code points, not bytes", "[text_columns]") {
  CHECK(DisplayWidth("Zoë Brontë") == 10);
  CHECK(DisplayWidth("") == 0);
}

TEST_CASE("shortening keeps whole characters and shows an ellipsis", "[text_columns]") {
  CHECK(Shorten("Zoë", 3) == "Zoë");
  CHECK(Shorten("ëëëëë", 3) == "ëë\u2026");
  CHECK(ValidUtf8(Shorten("ëëëëë", 3)));
  CHECK(DisplayWidth(Shorten("ëëëëë", 3)) == 3);
  CHECK(Shorten("a\nb", 5) == "a b");  // a line break in a name stays on one row
  CHECK(PadRight("ë", 3) == "ë  ");
  CHECK(PadLeft("12345d", 4) == "123\u2026");
}

TEST_CASE("prose wraps at word boundaries under an indent", "[text_columns]") {
  const auto lines = Wrap("  one two three four", 10, "    ");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "  one two");
  CHECK(lines[1] == "    three");
  CHECK(lines[2] == "    four");
}

TEST_CASE("a worker label keeps the id whole and shortens the name", "[text_columns]") {
  Worker w{};
  w.id = "W0012";
  w.name = "Samantha Cholmondeley-Featherstonehaugh";
  CHECK(WorkerLabel(w, 40) == "Samantha Cholmondeley-Featherst\u2026 (W0012)");
  CHECK(WorkerLabel(w, 20) == "Samantha Ch\u2026 (W0012)");
  CHECK(DisplayWidth(WorkerLabel(w, 20)) == 20);
  w.name = "Sam Patel";
  CHECK(WorkerLabel(w, 40) == "Sam Patel (W0012)");
}
