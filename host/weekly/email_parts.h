// The pieces every weekly email is built from: the HTML head and body style, the footer
// with the policy in force, dates in words, escaping, and the finished MailContent.
#pragma once

#include <string>

#include "mail/message.h"
#include "weekly/email_doc.h"
#include "weekly/weekly_report.h"

namespace oversight {

// Table cells: padded, ruled, left-aligned (Outlook honours inline styles only).
inline constexpr const char* kEmailCell =
    "padding:6px 8px;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top";

// "26 Feb 2024" for a YYYY-MM-DD date.
std::string LongDate(const std::string& iso);
std::string HtmlEscape(const std::string& s);
// <!DOCTYPE html> ... <body ...>: a page that reads on a phone and in Outlook.
std::string HtmlHead(const std::string& title);
// A plugin's message for an email: each YYYY-MM-DD date in it in words ("1 Mar 2024"),
// kept on one line, so that every date in an email has one style.
Spans MessageSpans(const std::string& message);
// What an item is, in the plugin's words, naming its case once: "Case C1: ..." unless the
// words name it already.
Spans ItemSpans(const RecordedException& e);
// A time in words ("2 Dec 2026 at 06:28 UTC"), its date kept on one line.
Spans TimeSpans(const std::string& in_words);
// The closing lines: what the data is, the policy in force (never a bare hash), case ids only.
void AppendFooter(const std::string& what, const std::string& imported_at, const std::string& as_of,
                  const PolicyInForce& policy, EmailDoc* doc);
MailContent MakeMail(const std::string& from, const std::string& to, const std::string& to_name,
                     const std::string& subject, std::string text, std::string html);

}  // namespace oversight
