// The dashboard's access log: one line per request, whatever the request holds.
#include <catch2/catch.hpp>

#include "web/access_log.h"

using namespace oversight;

TEST_CASE("an access line is one line, its fields escaped and the target as sent", "[web]") {
  CHECK(AccessLine("2024-03-01T10:00:00Z", "tm1", "127.0.0.1", "GET", "/teams/T01/caseload.csv?case=C1", 200) ==
        "access 2024-03-01T10:00:00Z tm1 127.0.0.1 GET /teams/T01/caseload.csv 200\n");
  // Percent-encoding stays as sent: %0a is three characters, not a line end.
  CHECK(AccessLine("t", "", "::1", "GET", "/x%0aaccess%20forged", 404) == "access t - ::1 GET /x%0aaccess%20forged 404\n");
  CHECK(AccessLine("t", "", "a", "GET", "/%zz", 400) == "access t - a GET /%zz 400\n");
  CHECK(LogField("a\nb c\r\x1b[31m\\") == "a\\x0Ab\\x20c\\x0D\\x1B[31m\\x5C");
  CHECK(LogField("caf\xC3\xA9") == "caf\\xC3\\xA9");
  CHECK(LogField("") == "-");
  CHECK(RawPath("/a?b?c") == "/a");
}
