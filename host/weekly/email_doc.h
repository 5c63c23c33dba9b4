// EmailDoc: what a weekly email says, as blocks (title, headings, paragraphs, items,
// lists, tables), written once by a composer and rendered from the same blocks to plain
// text and to HTML (one-column, inline styles only: it reads on a phone and in Outlook).
// The renderers escape every value; a link's address is written as given (build it with
// DashboardLinks, which percent-encodes).
#pragma once

#include <string>
#include <vector>

namespace oversight {

// A run of words inside a block.
struct Span {
  std::string text;
  std::string href;     // a link when not empty
  bool strong = false;
  bool keep = false;    // never broken across lines (a date): non-breaking spaces in HTML
};
using Spans = std::vector<Span>;

inline Span Words(std::string text) { return {std::move(text), "", false, false}; }
inline Span Strong(std::string text) { return {std::move(text), "", true, false}; }
inline Span LinkTo(std::string text, std::string href) { return {std::move(text), std::move(href), false, false}; }
// Words never broken across lines (a date already in words).
inline Span Kept(std::string text) { return {std::move(text), "", false, true}; }
// "26 Feb 2024" for a YYYY-MM-DD date, kept on one line.
Span DateSpan(const std::string& iso);

enum class Tone { kPlain, kNote, kWarning, kQuiet };

// One exception: its severity word first, then what it is.
struct ItemBlock {
  std::string mark;     // "OVERDUE", "DUE SOON": not colour alone
  bool alert = false;   // the more serious kind (a thicker, red rule in HTML)
  Spans lead;           // e.g. "32 days late"
  Spans body;           // what the plugin said
  Spans foot;           // the label
  std::string status;   // "new", "open 2 weeks"
  bool status_stands_out = false;  // shown in bold (this week's new items)
};

class EmailDoc {
 public:
  void Title(Spans s) { Add(Kind::kTitle, std::move(s)); }
  void Heading(Spans s) { Add(Kind::kHeading, std::move(s)); }
  void Paragraph(Spans s, Tone tone = Tone::kPlain);
  void Item(ItemBlock item);
  void List(std::vector<Spans> entries);
  // A table: one figure per cell, the first column names the row.
  void Table(std::vector<std::string> columns, std::vector<std::vector<Spans>> rows);

  std::string Text() const;
  std::string Html(const std::string& title) const;

 private:
  enum class Kind { kTitle, kHeading, kParagraph, kItem, kList, kTable };
  struct Block {
    Kind kind;
    Tone tone = Tone::kPlain;
    Spans spans;
    ItemBlock item;
    std::vector<std::string> columns;
    std::vector<std::vector<Spans>> rows;  // list entries are rows of one cell
  };
  void Add(Kind kind, Spans s) { blocks_.push_back({kind, Tone::kPlain, std::move(s), {}, {}, {}}); }
  std::vector<Block> blocks_;
};

}  // namespace oversight
