// The weekly emails' building blocks (issue 14): dashboard links percent-encode each id
// as one path segment and refuse what is not an http(s) address; an EmailDoc renders the
// same words to text and HTML, escaping every value and keeping dates on one line.
#include <catch2/catch.hpp>

#include "weekly/dashboard_links.h"
#include "weekly/email_doc.h"
#include "weekly/email_parts.h"

using namespace oversight;

TEST_CASE("dashboard links: one encoded path segment per id, http(s) only, empty means none", "[weekly]") {
  auto off = DashboardLinks::From("");
  REQUIRE(off.ok());
  CHECK_FALSE(off->enabled());
  CHECK(off->TeamPage("T1").empty());
  CHECK(off->WorkerPage("W1").empty());

  auto on = DashboardLinks::From("https://oversight.council.example/base/");
  REQUIRE(on.ok());
  CHECK(on->TeamPage("T01") == "https://oversight.council.example/base/teams/T01");
  CHECK(on->WorkerPage("W 1/../x?y#z&ä") ==
        "https://oversight.council.example/base/workers/W%201%2F..%2Fx%3Fy%23z%26%C3%A4");
  CHECK(on->WorkerPage("\"><script>") == "https://oversight.council.example/base/workers/%22%3E%3Cscript%3E");
  CHECK(on->Home() == "https://oversight.council.example/base/");

  for (const char* bad : {"javascript:alert(1)", "oversight.council.example", "ftp://x.example/",
                          "https://x.example/?q=1", "https://x.example/#top", "https:///nohost"}) {
    INFO(bad);
    CHECK_FALSE(DashboardLinks::From(bad).ok());
  }
}

TEST_CASE("an email document: the same words in text and HTML, escaped, dates unbroken", "[weekly]") {
  EmailDoc doc;
  doc.Title({Words("Week of "), DateSpan("2024-02-26")});
  doc.Paragraph({LinkTo("A <b>&\"team\"", "https://x.example/teams/%22"), Words(": "), Strong("2 overdue")});
  doc.Paragraph(MessageSpans("Case C1 (CP) last supervised 2024-01-01; due 2024-01-29 (ref 12024-01-011)"));
  doc.Item({"OVERDUE", true, {Words("3 days late")}, {Words("Case C1 <x>")}, {Words("Case supervision: overdue")},
            "new", true});
  doc.Item({"DUE SOON", false, {Words("due "), DateSpan("2024-03-02")}, {Words("Case C2")}, {}, "open 2 weeks",
            false});
  doc.Table({"Team", "Overdue"}, {{{Words("Team One (T1)")}, {Words("2")}}});

  const std::string text = doc.Text();
  CHECK(text.find("Week of 26 Feb 2024\n") == 0);
  CHECK(text.find("A <b>&\"team\" <https://x.example/teams/%22>: 2 overdue\n") != std::string::npos);
  CHECK(text.find("last supervised 1 Jan 2024; due 29 Jan 2024 (ref 12024-01-011)") != std::string::npos);
  CHECK(text.find("- OVERDUE, 3 days late: Case C1 <x>. Case supervision: overdue [new]\n"
                  "- DUE SOON, due 2 Mar 2024: Case C2 [open 2 weeks]\n") != std::string::npos);
  CHECK(text.find("- Team One (T1). Overdue: 2\n") != std::string::npos);

  const std::string html = doc.Html("A <title>");
  CHECK(html.find("<title>A &lt;title&gt;</title>") != std::string::npos);
  CHECK(html.find("Week of 26&nbsp;Feb&nbsp;2024</h1>") != std::string::npos);
  CHECK(html.find("<a href=\"https://x.example/teams/%22\" style=\"color:#1d70b8\">A &lt;b&gt;&amp;&quot;team&quot;</a>") !=
        std::string::npos);
  CHECK(html.find("last supervised 1&nbsp;Jan&nbsp;2024; due 29&nbsp;Jan&nbsp;2024") != std::string::npos);
  CHECK(html.find("Case C1 &lt;x&gt;") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  // Overdue and due soon differ in words, not only in colour.
  CHECK(html.find(">OVERDUE</strong>") != std::string::npos);
  CHECK(html.find(">DUE SOON</strong>") != std::string::npos);
  CHECK(html.find("due 2&nbsp;Mar&nbsp;2024") != std::string::npos);
}
