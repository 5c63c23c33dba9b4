// Shared email pieces.
#include "weekly/email_parts.h"

#include <cctype>

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

Spans MessageSpans(const std::string& message) {
  Spans out;
  std::string plain;
  size_t i = 0;
  while (i < message.size()) {
    const std::string candidate = message.substr(i, 10);
    const bool boundary = i == 0 || !std::isdigit(static_cast<unsigned char>(message[i - 1]));
    const bool ends = i + 10 >= message.size() || !std::isdigit(static_cast<unsigned char>(message[i + 10]));
    if (candidate.size() == 10 && boundary && ends && ParseDate(candidate)) {
      if (!plain.empty()) out.push_back(Words(std::move(plain)));
      plain.clear();
      out.push_back(DateSpan(candidate));
      i += 10;
    } else {
      plain += message[i++];
    }
  }
  if (!plain.empty()) out.push_back(Words(std::move(plain)));
  return out;
}

Spans ItemSpans(const RecordedException& e) {
  if (e.case_id.empty() || e.message.find(e.case_id) != std::string::npos) return MessageSpans(e.message);
  Spans s{Words("Case " + e.case_id + ": ")};
  for (Span& m : MessageSpans(e.message)) s.push_back(std::move(m));
  return s;
}

Spans TimeSpans(const std::string& in_words) {
  const size_t at = in_words.find(" at ");
  if (at == std::string::npos) return {Words(in_words)};
  return {Kept(in_words.substr(0, at)), Words(in_words.substr(at))};
}

void AppendFooter(const std::string& what, const std::string& imported_at, const std::string& as_of,
                  const PolicyInForce& policy, EmailDoc* doc) {
  Spans based{Words("Based on the case records extract imported ")};
  for (Span& s : TimeSpans(imported_at)) based.push_back(std::move(s));
  for (Span s : {Words(", checked as of "), DateSpan(as_of), Words(".")}) based.push_back(std::move(s));
  doc->Paragraph(std::move(based), Tone::kQuiet);
  Spans in_force{Words(what + ".")};
  if (!policy.since.empty()) {
    in_force.push_back(Words(" Policy in force since "));
    in_force.push_back(DateSpan(policy.since));
    in_force.push_back(Words(policy.approved_by.empty() ? "." : ", approved by " + policy.approved_by + "."));
  }
  in_force.push_back(Words(" Children are shown by case id only."));
  doc->Paragraph(std::move(in_force), Tone::kQuiet);
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
