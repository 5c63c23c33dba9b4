// Shared email pieces.
#include "weekly/email_parts.h"

#include "common/date.h"

namespace oversight {

std::string LongDate(const std::string& iso) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto d = ParseDate(iso);
  if (!d) return iso;
  int year, month, day;
  CivilFromDay(*d, &year, &month, &day);
  return std::to_string(day) + " " + kMonths[month - 1] + " " + std::to_string(year);
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string HtmlHead(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
         HtmlEscape(title) +
         "</title></head>\n<body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;"
         "font-size:16px;line-height:1.4;color:#0b0c0c;background:#ffffff\">\n";
}

void AppendFooter(const std::string& what, const std::string& policy_version, std::string* text, std::string* html) {
  *text += "\n-- \n" + what + ". Policy version " + policy_version + ".\nChildren are shown by case id only.\n";
  *html += "<p style=\"margin:24px 0 0;font-size:14px;color:#505a5f\">" + HtmlEscape(what) + ". Policy version " +
           HtmlEscape(policy_version) + ". Children are shown by case id only.</p>\n</body></html>\n";
}

MailContent MakeMail(const std::string& from, const std::string& to, const std::string& to_name,
                     const std::string& subject, std::string text, std::string html) {
  MailContent c;
  c.from = from;
  c.to = to;
  c.to_name = to_name;
  c.subject = subject;
  c.text = std::move(text);
  c.html = std::move(html);
  return c;
}

}  // namespace oversight
