// The pieces every weekly email is built from: the HTML head and body style, the footer
// with the policy version, dates in words, escaping, and the finished MailContent.
#pragma once

#include <string>

#include "mail/message.h"

namespace oversight {

// Table cells: padded, ruled, left-aligned (Outlook honours inline styles only).
inline constexpr const char* kEmailCell =
    "padding:6px 8px;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top";

// "26 Feb 2024" for a YYYY-MM-DD date.
std::string LongDate(const std::string& iso);
std::string HtmlEscape(const std::string& s);
// <!DOCTYPE html> ... <body ...>: a page that reads on a phone and in Outlook.
std::string HtmlHead(const std::string& title);
// The closing lines of both parts: what this is, the policy version, case ids only.
void AppendFooter(const std::string& what, const std::string& policy_version, std::string* text, std::string* html);
MailContent MakeMail(const std::string& from, const std::string& to, const std::string& to_name,
                     const std::string& subject, std::string text, std::string html);

}  // namespace oversight
