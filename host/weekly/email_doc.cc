// The two renderings of an EmailDoc: plain text and HTML.
#include "weekly/email_doc.h"

#include <sstream>

#include "common/text_columns.h"
#include "weekly/email_parts.h"

namespace oversight {

namespace {

const char* kRed = "#d4351c";
const char* kOrange = "#f47738";
const char* kGrey = "#505a5f";

std::string SpanText(const Span& s) { return s.href.empty() ? s.text : s.text + " <" + s.href + ">"; }

std::string SpansText(const Spans& spans) {
  std::string out;
  for (const Span& s : spans) out += SpanText(s);
  return out;
}

std::string SpanHtml(const Span& s) {
  std::string t = HtmlEscape(s.text);
  if (s.keep) {
    std::string kept;
    for (char c : t) kept += c == ' ' ? std::string("&nbsp;") : std::string(1, c);
    t = kept;
  }
  if (s.strong) t = "<strong>" + t + "</strong>";
  if (!s.href.empty()) t = "<a href=\"" + HtmlEscape(s.href) + "\" style=\"color:#1d70b8\">" + t + "</a>";
  return t;
}

std::string SpansHtml(const Spans& spans) {
  std::string out;
  for (const Span& s : spans) out += SpanHtml(s);
  return out;
}

std::string ItemText(const ItemBlock& i) {
  std::string t = "- " + i.mark;
  if (!i.lead.empty()) t += ", " + SpansText(i.lead);
  t += ": " + SpansText(i.body);
  if (!i.foot.empty()) t += ". " + SpansText(i.foot);
  if (!i.status.empty()) t += " [" + i.status + "]";
  return t + "\n";
}

// Two parts: the severity in words (and "new"), how late; then what the plugin said, with
// the label and for how long small and grey after it. Three or four lines on a phone.
std::string ItemHtml(const ItemBlock& i) {
  std::ostringstream h;
  h << "<tr><td style=\"padding:6px 8px 6px 10px;border-bottom:1px solid #b1b4b6;border-left:"
    << (i.alert ? "6px solid " : "3px dashed ") << (i.alert ? kRed : kOrange) << ";vertical-align:top\">"
    << "<strong style=\"color:" << (i.alert ? kRed : "#0b0c0c") << "\">" << HtmlEscape(i.mark) << "</strong>";
  if (!i.status.empty() && i.status_stands_out) {
    h << " <strong style=\"background:#0b0c0c;color:#ffffff;padding:0 4px\">" << HtmlEscape(i.status) << "</strong>";
  }
  if (!i.lead.empty()) h << " &middot; " << SpansHtml(i.lead);
  h << "<br>" << SpansHtml(i.body);
  const bool quiet_status = !i.status.empty() && !i.status_stands_out;
  if (!i.foot.empty() || quiet_status) {
    h << " <span style=\"font-size:14px;color:" << kGrey << "\">&middot; " << SpansHtml(i.foot);
    if (quiet_status) {
      h << (i.foot.empty() ? "" : " &middot; ") << "<span style=\"white-space:nowrap\">" << HtmlEscape(i.status)
        << "</span>";
    }
    h << "</span>";
  }
  h << "</td></tr>\n";
  return h.str();
}

std::string ParagraphStyle(Tone tone) {
  switch (tone) {
    case Tone::kNote: return "margin:0 0 12px;padding:8px;border-left:5px solid #1d70b8";
    case Tone::kWarning: return std::string("margin:0 0 12px;padding:8px;border-left:5px solid ") + kRed;
    case Tone::kQuiet: return std::string("margin:0 0 8px;font-size:14px;color:") + kGrey;
    case Tone::kPlain: break;
  }
  return "margin:0 0 12px";
}

}  // namespace

Span DateSpan(const std::string& iso) { return {LongDate(iso), "", false, true}; }

void EmailDoc::Paragraph(Spans s, Tone tone) {
  Add(Kind::kParagraph, std::move(s));
  blocks_.back().tone = tone;
}

void EmailDoc::Item(ItemBlock item) {
  Add(Kind::kItem, {});
  blocks_.back().item = std::move(item);
}

void EmailDoc::List(std::vector<Spans> entries) {
  Add(Kind::kList, {});
  for (Spans& e : entries) blocks_.back().rows.push_back({std::move(e)});
}

void EmailDoc::Table(std::vector<std::string> columns, std::vector<std::vector<Spans>> rows) {
  Add(Kind::kTable, {});
  blocks_.back().columns = std::move(columns);
  blocks_.back().rows = std::move(rows);
}

std::string EmailDoc::Text() const {
  std::ostringstream t;
  for (size_t n = 0; n < blocks_.size(); ++n) {
    const Block& b = blocks_[n];
    const bool follows_item = n > 0 && blocks_[n - 1].kind == Kind::kItem && b.kind == Kind::kItem;
    if (n > 0 && !follows_item) t << "\n";
    switch (b.kind) {
      case Kind::kTitle:
      case Kind::kParagraph: t << SpansText(b.spans) << "\n"; break;
      case Kind::kHeading: {
        const std::string line = SpansText(b.spans);
        t << line << "\n" << std::string(DisplayWidth(line), '-') << "\n";
        break;
      }
      case Kind::kItem: t << ItemText(b.item); break;
      case Kind::kList:
        for (const auto& row : b.rows) t << "- " << SpansText(row[0]) << "\n";
        break;
      case Kind::kTable:
        for (const auto& row : b.rows) {
          t << "- " << (row.empty() ? "" : SpansText(row[0])) << ".";
          for (size_t c = 1; c < row.size() && c < b.columns.size(); ++c) {
            t << (c == 1 ? " " : "; ") << b.columns[c] << ": " << SpansText(row[c]);
          }
          t << "\n";
        }
        break;
    }
  }
  return t.str();
}

std::string EmailDoc::Html(const std::string& title) const {
  std::ostringstream h;
  h << HtmlHead(title) << "<div style=\"max-width:720px\">\n";
  for (size_t n = 0; n < blocks_.size(); ++n) {
    const Block& b = blocks_[n];
    switch (b.kind) {
      case Kind::kTitle: h << "<h1 style=\"font-size:22px;margin:0 0 8px\">" << SpansHtml(b.spans) << "</h1>\n"; break;
      case Kind::kHeading:
        h << "<h2 style=\"font-size:19px;margin:20px 0 6px\">" << SpansHtml(b.spans) << "</h2>\n";
        break;
      case Kind::kParagraph:
        h << "<p style=\"" << ParagraphStyle(b.tone) << "\">" << SpansHtml(b.spans) << "</p>\n";
        break;
      case Kind::kItem:
        if (n == 0 || blocks_[n - 1].kind != Kind::kItem) {
          h << "<table role=\"presentation\" style=\"border-collapse:collapse;width:100%\">\n";
        }
        h << ItemHtml(b.item);
        if (n + 1 == blocks_.size() || blocks_[n + 1].kind != Kind::kItem) h << "</table>\n";
        break;
      case Kind::kList:
        h << "<ul style=\"margin:0 0 12px;padding-left:20px\">\n";
        for (const auto& row : b.rows) h << "<li style=\"margin:0 0 4px\">" << SpansHtml(row[0]) << "</li>\n";
        h << "</ul>\n";
        break;
      case Kind::kTable:
        h << "<table style=\"border-collapse:collapse;width:100%;font-size:14px\"><thead><tr>";
        for (const auto& c : b.columns) h << "<th scope=\"col\" style=\"" << kEmailCell << "\">" << HtmlEscape(c) << "</th>";
        h << "</tr></thead><tbody>\n";
        for (const auto& row : b.rows) {
          h << "<tr>";
          for (size_t c = 0; c < row.size(); ++c) {
            const char* tag = c == 0 ? "th scope=\"row\"" : "td";
            h << "<" << tag << " style=\"" << kEmailCell << (c == 0 ? ";font-weight:normal" : "") << "\">"
              << SpansHtml(row[c]) << "</" << (c == 0 ? "th" : "td") << ">";
          }
          h << "</tr>\n";
        }
        h << "</tbody></table>\n";
        break;
    }
  }
  h << "</div>\n</body></html>\n";
  return h.str();
}

}  // namespace oversight
